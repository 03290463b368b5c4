"""Servers read a ReadableStream.from_() body through readable_stream_drain_source; the
slow path (a default reader) must give the same bytes and leave the stream the same way."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from webstd import ReadableStream, Request, Response
from webstd.adapters import _h11_protocol as protocol_module
from webstd.adapters import asgi as asgi_module
from webstd.adapters import h11 as server_module
from webstd.adapters.asgi import to_asgi


class Boom(Exception):
    pass


def _fast_or_slow(monkeypatch: pytest.MonkeyPatch, fast: bool) -> None:
    if not fast:
        for module in (protocol_module, asgi_module):
            monkeypatch.setattr(module, "readable_stream_drain_source", lambda stream: None)
        monkeypatch.setattr(protocol_module, "_FAST_WRITE", False)  # h11 frames every chunk


async def _exchange(port: int, version: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET / HTTP/%s\r\nHost: a\r\nConnection: close\r\n\r\n" % version)
    data = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    return data


async def _serve(handler: Any) -> tuple[server_module.Server, int]:
    server = server_module.Server(handler, access_log=False)
    sock = server_module.bind_socket("127.0.0.1", 0)
    await server.start(sock)
    return server, sock.getsockname()[1]


def _head_lines(raw: bytes) -> list[bytes]:
    # h11 title-cases the framing headers it adds and puts them last; the bytes on the wire
    # may differ only in that (and the Date).
    lines = raw.partition(b"\r\n\r\n")[0].lower().split(b"\r\n")
    return [lines[0], *sorted(line for line in lines[1:] if not line.startswith(b"date:"))]


def _body(raw: bytes) -> bytes:
    _head, _, chunked = raw.partition(b"\r\n\r\n")
    body = b""
    while chunked:
        size, _, rest = chunked.partition(b"\r\n")
        n = int(size, 16)
        if n == 0:
            break
        body += rest[:n]
        chunked = rest[n + 2 :]
    return body


@pytest.mark.parametrize("version", [b"1.1", b"1.0"])
@pytest.mark.parametrize("kind", ["sync", "async", "async-waiting", "async-raises"])
async def test_h11_fast_and_slow_paths_send_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch, kind: str, version: bytes
) -> None:
    async def attempt(fast: bool) -> Any:
        _fast_or_slow(monkeypatch, fast)
        streams: list[ReadableStream] = []

        async def agen() -> AsyncIterator[bytes]:
            for i in range(20):
                if kind == "async-waiting":
                    await asyncio.sleep(0)
                if kind == "async-raises" and i == 3:
                    raise Boom("mid-stream")
                yield b"%d," % i * 1000

        def sgen() -> Iterator[bytes]:
            for i in range(20):
                yield b"%d," % i * 1000

        async def handler(request: Request) -> Response:
            stream = ReadableStream.from_(sgen() if kind == "sync" else agen())
            streams.append(stream)
            return Response(stream)

        server, port = await _serve(handler)
        try:
            raw = await _exchange(port, version)
        finally:
            await server.shutdown()
            monkeypatch.undo()
        body = _body(raw) if version == b"1.1" else raw.partition(b"\r\n\r\n")[2]
        return (_head_lines(raw), body, raw.endswith(b"0\r\n\r\n"), streams[0]._state)

    results = [await attempt(True), await attempt(False)]
    assert results[0] == results[1]
    expected_state = "errored" if kind == "async-raises" else "closed"
    assert results[0][3] == expected_state
    if version == b"1.1":  # an error cuts the chunked body short
        assert results[0][2] == (kind != "async-raises")
    if kind != "async-raises":
        assert results[0][1] == b"".join(b"%d," % i * 1000 for i in range(20))


async def test_h11_client_disconnect_mid_stream_closes_the_source_on_both_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def attempt(fast: bool) -> Any:
        _fast_or_slow(monkeypatch, fast)
        closed = asyncio.Event()
        signals: list[bool] = []
        streams: list[ReadableStream] = []

        async def handler(request: Request) -> Response:
            async def chunks() -> AsyncIterator[bytes]:
                try:
                    while True:
                        yield b"z" * 65536  # never waits: the server's write backpressure does
                finally:
                    signals.append(request.signal.aborted)
                    closed.set()

            stream = ReadableStream.from_(chunks())
            streams.append(stream)
            return Response(stream)

        server, port = await _serve(handler)
        try:
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            sock.setblocking(False)
            received = b""
            while len(received) < 100_000:
                received += await asyncio.get_running_loop().sock_recv(sock, 65536)
            sock.close()
            await asyncio.wait_for(closed.wait(), 5)
        finally:
            await server.shutdown()
            monkeypatch.undo()
        return (received.startswith(b"HTTP/1.1 200"), signals, streams[0]._state)

    outcomes = [await attempt(True), await attempt(False)]
    assert outcomes[0] == outcomes[1] == (True, [True], "closed")


@pytest.mark.parametrize("raises", [False, True])
async def test_asgi_fast_and_slow_paths_send_the_same_messages(
    monkeypatch: pytest.MonkeyPatch, raises: bool
) -> None:
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"example.com")],
        "server": ("example.com", 80),
    }

    async def attempt(fast: bool) -> Any:
        _fast_or_slow(monkeypatch, fast)
        sent: list[dict[str, Any]] = []
        streams: list[ReadableStream] = []

        async def chunks() -> AsyncIterator[bytes]:
            yield b"one"
            await asyncio.sleep(0)
            yield b"two"
            if raises:
                raise Boom("mid-stream")

        async def handler(request: Request) -> Response:
            stream = ReadableStream.from_(chunks())
            streams.append(stream)
            return Response(stream)

        async def receive() -> dict[str, Any]:
            await asyncio.sleep(10)
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        error: object = None
        try:
            await to_asgi(handler)(scope, receive, send)
        except Boom as caught:
            error = caught.args
        finally:
            monkeypatch.undo()
        return (sent, error, streams[0]._state)

    results = [await attempt(True), await attempt(False)]
    assert results[0] == results[1]
    assert results[0][2] == ("errored" if raises else "closed")


async def test_h11_streamed_responses_keep_the_connection_alive_on_both_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def attempt(fast: bool) -> Any:
        _fast_or_slow(monkeypatch, fast)

        async def handler(request: Request) -> Response:
            return Response(ReadableStream.from_([b"hello ", request.url.encode()]))

        server, port = await _serve(handler)
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /one HTTP/1.1\r\nHost: a\r\n\r\n")
            writer.write(b"GET /two HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            raw = await asyncio.wait_for(reader.read(), 5)
            writer.close()
        finally:
            await server.shutdown()
            monkeypatch.undo()
        first, _, second = raw.partition(b"0\r\n\r\nHTTP/1.1")
        return (_head_lines(first), _body(first), _head_lines(b"HTTP/1.1" + second))

    results = [await attempt(True), await attempt(False)]
    assert results[0] == results[1]
    assert results[0][1] == b"hello http://a/one"
    assert b"connection: close" in results[0][2]
