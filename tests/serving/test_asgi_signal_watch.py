"""to_asgi watches for `http.disconnect` once the handler asks for `request.signal` (or its body ends).

A handler that never looks at its signal costs no watcher while it runs; one that
does sees the client go away, from the event loop or from a plain def's thread,
and reading the signal first never costs the body its bytes.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from asgi_scope import http_scope

from webstd import Request, Response
from webstd.adapters.asgi import to_asgi


class _Client:
    """The server side of one exchange: scripted `receive` messages, recorded `send` messages."""

    def __init__(self, messages: list[dict[str, Any]], gone_after: float | None = None) -> None:
        self.messages = messages
        self.gone_after = gone_after  # then every further receive() is http.disconnect
        self.receives = 0
        self.sent: list[dict[str, Any]] = []

    async def receive(self) -> dict[str, Any]:
        self.receives += 1
        if self.messages:
            return self.messages.pop(0)
        if self.gone_after is None:
            await asyncio.Event().wait()  # the client stays: never answers
        await asyncio.sleep(self.gone_after or 0)
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)


async def test_a_handler_that_never_reads_its_signal_starts_no_watcher() -> None:
    async def handler(request: Request) -> Response:
        await asyncio.sleep(0.01)  # yields to the loop, as a real handler would
        return Response("ok")

    client = _Client([])
    await to_asgi(handler)(http_scope(), client.receive, client.send)
    assert client.receives == 0
    assert client.sent[1]["body"] == b"ok"


async def test_the_signal_aborts_while_an_async_handler_waits_on_it() -> None:
    seen: list[bool] = []

    async def handler(request: Request) -> Response:
        gone = asyncio.Event()
        request.signal.add_event_listener("abort", lambda event: gone.set())
        await asyncio.wait_for(gone.wait(), 5)
        seen.append(request.signal.aborted)
        return Response("late")

    client = _Client([], gone_after=0.05)
    await to_asgi(handler)(http_scope(), client.receive, client.send)
    assert seen == [True]
    assert client.receives >= 1


async def test_the_signal_aborts_while_a_plain_def_handler_waits_in_its_thread() -> None:
    seen: list[str] = []

    def handler(request: Request) -> Response:
        gone = threading.Event()
        signal = request.signal  # made in the worker thread: the watch starts on the loop
        signal.add_event_listener("abort", lambda event: gone.set())
        seen.append("aborted" if gone.wait(5) else "timed out")
        return Response("late")

    client = _Client([], gone_after=0.05)
    await to_asgi(handler)(http_scope(), client.receive, client.send)
    assert seen == ["aborted"]


async def test_reading_the_signal_first_keeps_every_body_byte() -> None:
    chunks = [bytes([65 + n]) * 40_000 for n in range(5)]  # 200 kB: past the unread-body cap
    messages: list[dict[str, Any]] = [
        {"type": "http.request", "body": chunk, "more_body": n < len(chunks) - 1}
        for n, chunk in enumerate(chunks)
    ]
    received: list[bytes] = []

    async def handler(request: Request) -> Response:
        assert not request.signal.aborted
        await asyncio.sleep(0.05)  # a watcher, if one had started, would have read ahead by now
        body = await request.bytes()
        received.append(body)
        return Response(str(len(body)))

    client = _Client(messages)
    length = str(sum(map(len, chunks))).encode()
    await to_asgi(handler)(
        http_scope("POST", [(b"content-length", length)]), client.receive, client.send
    )
    assert received == [b"".join(chunks)]
    assert client.sent[1]["body"] == length


def test_the_signal_read_after_the_exchange_and_its_loop_ended() -> None:
    kept: list[Request] = []

    async def handler(request: Request) -> Response:
        kept.append(request)
        return Response("ok")

    async def serve() -> None:
        client = _Client([])
        await to_asgi(handler)(http_scope(), client.receive, client.send)
        assert client.sent[1]["body"] == b"ok"

    asyncio.run(serve())  # the exchange is over and its loop closed
    seen: list[bool] = []
    reader = threading.Thread(target=lambda: seen.append(kept[0].signal.aborted))
    reader.start()
    reader.join()
    assert seen == [False]
