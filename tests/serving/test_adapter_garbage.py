"""The adapters leave no reference cycles behind a request: nothing for the garbage collector.

A cycle per request (the request holding its exchange through its body or its
signal hook, and the exchange holding the request) would make every request's
objects wait for a collection instead of going away when it ends.
"""

from __future__ import annotations

import asyncio
import gc
import io
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from asgi_scope import http_scope

from webstd import Request, Response
from webstd.adapters.asgi import to_asgi
from webstd.adapters.wsgi import to_wsgi


async def _hello(request: Request) -> Response:
    return Response("Hello world!")


async def _echo(request: Request) -> Response:
    return Response.json({"length": len(await request.bytes())})


async def _signal(request: Request) -> Response:
    return Response(str(request.signal.aborted))


@pytest.fixture
def no_automatic_gc() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _receiver(body: bytes) -> Any:
    """A server's receive(): the body in one message, then nothing until the client goes."""
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    return receive


@pytest.mark.parametrize(
    ("handler", "method", "body"),
    [(_hello, "GET", b""), (_echo, "POST", b'{"a": 1}'), (_signal, "GET", b"")],
    ids=["get", "post-read", "signal-read"],
)
def test_to_asgi_leaves_no_cycles(
    no_automatic_gc: None, handler: Any, method: str, body: bytes
) -> None:
    app = to_asgi(handler)
    sent: list[dict[str, Any]] = []

    async def requests(count: int) -> None:
        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        for _ in range(count):
            length = [(b"content-length", b"%d" % len(body))] if body else []
            await app(http_scope(method, length), _receiver(body), send)
        for _ in range(3):
            await asyncio.sleep(0)  # let cancelled watchers finish

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(requests(5))  # warm-up: caches and lazy imports
        gc.collect()
        loop.run_until_complete(requests(50))
        assert gc.collect() == 0
    finally:
        loop.close()
    assert sent[-1]["type"] == "http.response.body"


@pytest.mark.parametrize(
    ("handler", "method", "body"),
    [(_hello, "GET", b""), (_echo, "POST", b'{"a": 1}'), (_signal, "GET", b"")],
    ids=["get", "post-read", "signal-read"],
)
def test_to_wsgi_leaves_no_cycles(
    no_automatic_gc: None, handler: Any, method: str, body: bytes
) -> None:
    app = to_wsgi(handler)

    def call() -> bytes:
        environ = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            "PATH_INFO": "/",
            "QUERY_STRING": "",
            "SERVER_NAME": "example.com",
            "SERVER_PORT": "80",
            "HTTP_HOST": "example.com",
            "CONTENT_LENGTH": str(len(body)) if body else "",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
        }
        result = app(environ, lambda status, headers, exc_info=None: None)
        try:
            return b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()

    for _ in range(5):
        call()
    gc.collect()
    answers = {call() for _ in range(50)}
    assert gc.collect() == 0
    assert len(answers) == 1
