"""Cancelling a ReadableStream.from_(async generator) while a step of it waits.

Streams §4.9.1 ReadableStreamFromIterable: cancel calls the iterator's return(); a running
Python async generator refuses aclose(), so the waiting step is cancelled instead (the
generator's finally runs at once) and the generator closed once the step has ended.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from webstd.streams.readable import (
    ReadableStream,
    ReadableStreamDefaultReader,
    acquire_readable_stream_default_reader,
    readable_stream_drain_source,
)


def _reader(stream: ReadableStream) -> ReadableStreamDefaultReader:
    return acquire_readable_stream_default_reader(stream)


class _Source:
    """An async generator that waits on an Event between chunks, recording its fate."""

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.finally_ran = False
        self.cancelled = False

    async def chunks(self) -> AsyncIterator[str]:
        try:
            yield "first"
            try:
                await self.event.wait()
            except asyncio.CancelledError:
                self.cancelled = True
                raise
            yield "second"
        finally:
            self.finally_ran = True


async def _cancel_while_waiting(reader: Any, source: _Source) -> None:
    first = await reader.read()
    assert (first.value, first.done) == ("first", False)
    pending = reader.read()
    await asyncio.sleep(0)  # the generator is now waiting on the event
    assert not source.finally_ran
    cancelled = reader.cancel("client gone")
    assert await asyncio.wait_for(_as_coroutine(cancelled), 2) is None
    assert source.finally_ran and source.cancelled  # run by the cancel, not by gc
    result = await asyncio.wait_for(_as_coroutine(pending), 2)
    assert result.done is True and result.value is None
    after = await reader.read()
    assert after.done is True


async def _as_coroutine(awaitable: Any) -> Any:
    return await awaitable


async def test_cancel_with_a_step_in_flight_runs_finally() -> None:
    source = _Source()
    reader = _reader(ReadableStream.from_(source.chunks()))
    await _cancel_while_waiting(reader, source)


async def test_cancel_with_a_step_in_flight_via_drain_source() -> None:
    source = _Source()
    stream = ReadableStream.from_(source.chunks())
    reader = readable_stream_drain_source(stream)
    assert reader is not None
    await _cancel_while_waiting(reader, source)


async def test_stream_cancel_with_a_step_in_flight() -> None:
    source = _Source()
    stream = ReadableStream.from_(source.chunks())
    reader = _reader(stream)
    assert (await reader.read()).value == "first"
    pending = reader.read()
    await asyncio.sleep(0)
    reader.release_lock()
    assert (await asyncio.wait_for(_as_coroutine(stream.cancel()), 2)) is None
    assert source.finally_ran
    assert pending.settled


async def test_generator_that_swallows_the_cancel_is_closed() -> None:
    closed: list[str] = []

    async def stubborn() -> AsyncIterator[str]:
        try:
            yield "first"
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                closed.append("cancelled")
            yield "late"  # aclose() throws GeneratorExit in here
            closed.append("resumed")  # never reached
        finally:
            closed.append("finally")

    reader = _reader(ReadableStream.from_(stubborn()))
    assert (await reader.read()).value == "first"
    pending = reader.read()
    await asyncio.sleep(0)
    assert await asyncio.wait_for(_as_coroutine(reader.cancel()), 2) is None
    assert closed == ["cancelled", "finally"]
    assert (await pending).done is True


async def test_cancel_between_steps_still_closes_the_generator() -> None:
    source = _Source()
    reader = _reader(ReadableStream.from_(source.chunks()))
    assert (await reader.read()).value == "first"
    await reader.cancel()
    assert source.finally_ran and not source.cancelled


# A real server: the client goes away while the handler's generator waits between chunks.


def _waiting_handler(marker: Path, release: asyncio.Event) -> Any:
    from webstd import Request, Response

    async def handler(request: Request) -> Response:
        async def chunks() -> AsyncIterator[bytes]:
            try:
                yield b"first chunk"
                await release.wait()  # never set: only the disconnect ends the wait
                yield b"never sent"
            finally:
                marker.write_text("finally ran")

        return Response(ReadableStream.from_(chunks()), headers={"content-type": "text/plain"})

    return handler


async def _disconnect_after_first_chunk(port: int, marker: Path) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    received = b""
    while b"first chunk" not in received:
        data = await asyncio.wait_for(reader.read(65536), 5)
        assert data, received
        received += data
    assert not marker.exists()
    writer.close()  # the client disconnects while the generator waits
    for _ in range(200):  # promptly: within 2 s, not at garbage collection
        if marker.exists():
            break
        await asyncio.sleep(0.01)
    assert marker.exists() and marker.read_text() == "finally ran"


async def test_h11_server_client_disconnect_runs_the_generator_finally(tmp_path: Path) -> None:
    from webstd.adapters import h11 as server_module

    marker = tmp_path / "marker"
    release = asyncio.Event()
    server = server_module.Server(_waiting_handler(marker, release), access_log=False)
    sock = server_module.bind_socket("127.0.0.1", 0)
    await server.start(sock)
    try:
        await _disconnect_after_first_chunk(sock.getsockname()[1], marker)
    finally:
        server.shutdown_timeout = 1.0
        await server.shutdown()


async def test_uvicorn_client_disconnect_runs_the_generator_finally(tmp_path: Path) -> None:
    uvicorn = pytest.importorskip("uvicorn")
    from webstd.adapters.asgi import to_asgi

    marker = tmp_path / "marker"
    release = asyncio.Event()
    config = uvicorn.Config(
        to_asgi(_waiting_handler(marker, release)),
        http="h11",
        log_level="critical",
        lifespan="off",
        access_log=False,
    )
    server = uvicorn.Server(config)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        for _ in range(500):
            if server.started:
                break
            await asyncio.sleep(0.01)
        assert server.started
        await _disconnect_after_first_chunk(sock.getsockname()[1], marker)
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, 10)
        sock.close()
