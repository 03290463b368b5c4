"""The adapters in process: WSGI validation, mounting in Starlette and Flask, from_asgi/from_wsgi, lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import wsgiref.util
import wsgiref.validate
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
from flask import Flask
from serving_app import handler
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client as WerkzeugClient

from webstd import ReadableStream, Request, Response
from webstd.adapters.asgi import from_asgi, to_asgi
from webstd.adapters.wsgi import from_wsgi, to_wsgi


def _call_wsgi(app: Any, path: str) -> tuple[list[Any], Any]:
    environ: dict[str, Any] = {}
    wsgiref.util.setup_testing_defaults(environ)
    environ["PATH_INFO"], _, environ["QUERY_STRING"] = path.partition("?")
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started[:] = [status, headers]
        return lambda data: None

    return started, app(environ, start_response)


def test_to_wsgi_passes_wsgiref_validate(tmp_path: Path) -> None:
    app = wsgiref.validate.validator(to_wsgi(handler))
    for path, status in [
        ("/", "200 OK"),
        ("/cookies", "200 OK"),
        ("/url?a=%20b", "200 OK"),
        ("/status/204", "204 No Content"),
    ]:
        started, result = _call_wsgi(app, path)
        body = b"".join(result)
        result.close()
        assert started[0] == status
        assert status.startswith("204") or body
    marker = tmp_path / "go"
    started, result = _call_wsgi(app, f"/stream?marker={marker}")
    chunks = iter(result)
    assert next(chunks) == b"a" * 65536  # the first chunk, before the handler made the last
    marker.write_text("go")
    assert next(chunks) == b"last"
    result.close()


def test_to_wsgi_close_cancels_the_stream_and_aborts_the_signal(tmp_path: Path) -> None:
    marker = tmp_path / "m"
    started, result = _call_wsgi(to_wsgi(handler), f"/forever?marker={marker}")
    assert started[0] == "200 OK"
    assert len(next(iter(result))) == 1024
    result.close()  # what a WSGI server does when the client went away
    assert (tmp_path / "m.cancel").exists()
    assert (tmp_path / "m.signal").exists()


def test_to_wsgi_streams_and_close_cancels() -> None:
    client = WerkzeugClient(to_wsgi(handler))
    response = client.get("/", headers={"Host": "example.com"})
    assert response.get_data() == b"Hello world!"
    cookies = client.get("/cookies")
    assert cookies.headers.getlist("Set-Cookie") == ["a=1; Path=/", "b=2; Path=/"]


async def test_mounted_in_starlette() -> None:
    async def home(request: object) -> PlainTextResponse:
        return PlainTextResponse("starlette home")

    app = Starlette(routes=[Route("/", home), Mount("/mounted", app=to_asgi(handler))])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        assert (await client.get("/")).text == "starlette home"
        assert (await client.get("/mounted/")).text == "Hello world!"
        data = (await client.get("/mounted/url?x=%41")).json()
        assert data["url"] == "http://testserver/mounted/url?x=%41"
        cookies = (await client.get("/mounted/cookies")).headers.get_list("set-cookie")
        assert cookies == ["a=1; Path=/", "b=2; Path=/"]
        assert (await client.get("/mounted/error")).status_code == 500


def test_mounted_in_flask() -> None:
    flask_app = Flask(__name__)

    @flask_app.route("/")
    def home() -> str:
        return "flask home"

    flask_app.wsgi_app = DispatcherMiddleware(flask_app.wsgi_app, {"/mounted": to_wsgi(handler)})  # type: ignore[method-assign]
    client = flask_app.test_client()
    assert client.get("/").text == "flask home"
    assert client.get("/mounted/").text == "Hello world!"
    assert client.get("/mounted/url?x=%41").json["url"] == "http://localhost/mounted/url?x=%41"
    assert client.get("/mounted/error").status_code == 500


async def test_lifespan_hooks_run() -> None:
    events: list[str] = []

    @contextlib.asynccontextmanager
    async def lifespan() -> AsyncIterator[None]:
        events.append("startup")
        yield
        events.append("shutdown")

    app = to_asgi(handler, lifespan=lifespan)
    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent: list[str] = []

    async def receive() -> dict[str, str]:
        return next(messages)

    async def send(message: dict[str, str]) -> None:
        sent.append(message["type"])

    await app({"type": "lifespan"}, receive, send)
    assert events == ["startup", "shutdown"]
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


async def test_from_asgi_calls_a_starlette_app() -> None:
    async def echo(request: object) -> PlainTextResponse:
        body = await request.body()  # type: ignore[attr-defined]
        return PlainTextResponse(f"{request.url.path}?{request.url.query} {body!r}")  # type: ignore[attr-defined]

    call = from_asgi(Starlette(routes=[Route("/echo", echo, methods=["POST"])]))
    response = await call(Request("http://example.com/echo?a=%20", method="POST", body="hi"))
    assert response.status == 200
    assert await response.text() == "/echo?a=%20 b'hi'"


async def test_from_wsgi_calls_a_flask_app() -> None:
    flask_app = Flask(__name__)

    @flask_app.route("/hello", methods=["POST"])
    def hello() -> tuple[str, int, dict[str, str]]:
        from flask import request

        return f"hello {request.get_data().decode()} {request.args['q']}", 201, {"X-A": "1"}

    call = from_wsgi(flask_app)
    response = await call(
        Request("http://example.com/hello?q=caf%C3%A9", method="POST", body="you")
    )
    assert response.status == 201
    assert response.headers.get("x-a") == "1"
    assert await response.text() == "hello you café"


async def test_round_trip_through_from_asgi_to_asgi() -> None:
    call = from_asgi(to_asgi(handler))
    response = await call(Request("http://example.com/cookies"))
    assert response.headers.get_set_cookie() == ["a=1; Path=/", "b=2; Path=/"]
    assert await response.text() == "two cookies"


async def test_sync_def_handler_under_asgi() -> None:
    def plain(request: Request) -> Response:
        return Response("from a thread")

    transport = httpx.ASGITransport(app=to_asgi(plain))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.get("/")).text == "from a thread"


class _ASGIClient:
    """An ASGI server's side of one exchange: body messages on demand, then a wait for the end."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = list(chunks)
        self.receive_calls = 0
        self.sent: list[dict[str, Any]] = []
        self.gone = asyncio.Event()

    async def receive(self) -> dict[str, Any]:
        self.receive_calls += 1
        if self.chunks:
            chunk = self.chunks.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(self.chunks)}
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)

    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.sent if m["type"] == "http.response.body")


_POST_SCOPE: dict[str, Any] = {
    "type": "http",
    "method": "POST",
    "scheme": "http",
    "path": "/",
    "raw_path": b"/",
    "query_string": b"",
    "root_path": "",
    "headers": [(b"host", b"example.com"), (b"transfer-encoding", b"chunked")],
    "server": ("example.com", 80),
}


async def test_to_asgi_reads_nothing_before_the_handler_asks() -> None:
    client = _ASGIClient([b"a", b"b"])
    seen: list[int] = []

    async def lazy(request: Request) -> Response:
        await asyncio.sleep(0.02)
        seen.append(client.receive_calls)
        return Response(await request.text())

    await to_asgi(lazy)(dict(_POST_SCOPE), client.receive, client.send)
    assert seen == [0]
    assert client.body() == b"ab"


async def test_to_asgi_streams_the_request_body_back_after_the_handler_returned() -> None:
    client = _ASGIClient([b"one ", b"two ", b"three"])

    async def echo(request: Request) -> Response:
        assert isinstance(request.body, ReadableStream)  # made on access, over the lazy chunks
        return Response(request.body)

    await to_asgi(echo)(dict(_POST_SCOPE), client.receive, client.send)
    assert client.body() == b"one two three"
    assert not client.gone.is_set()


async def test_to_asgi_disconnect_while_streaming_with_an_unread_body() -> None:
    client = _ASGIClient([b"x" * 1000, b"y" * 100_000])  # past the unread-body allowance
    aborted: list[bool] = []
    cancelled: list[object] = []

    async def never_reads(request: Request) -> Response:
        async def cancel(reason: object) -> None:
            cancelled.append(reason)
            aborted.append(request.signal.aborted)

        async def pull(controller: Any) -> None:
            await asyncio.sleep(0.01)
            controller.enqueue(b".")
            if len(client.sent) > 3:
                client.gone.set()

        return Response(ReadableStream({"pull": pull, "cancel": cancel}))

    await asyncio.wait_for(to_asgi(never_reads)(dict(_POST_SCOPE), client.receive, client.send), 5)
    for _ in range(100):
        if cancelled:
            break
        await asyncio.sleep(0.01)
    assert aborted == [True]
    assert client.receive_calls == 3  # two body messages dropped, then the disconnect
