"""readable_stream_drain_source (a server's fast path) agrees with a default reader."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from webstd import ReadableStream
from webstd.streams.readable import (
    ReadableStreamDefaultReader,
    acquire_readable_stream_default_reader,
    readable_stream_drain_source,
)


class Boom(Exception):
    pass


def _sync_source(log: list[str], fail: bool = False) -> Iterator[bytes]:
    try:
        yield b"a"
        yield b"bc"
        if fail:
            raise Boom("sync")
        yield b""
        yield b"def"
    finally:
        log.append("closed")


async def _async_source(
    log: list[str], fail: bool = False, wait: bool = False
) -> AsyncIterator[bytes]:
    try:
        for chunk in (b"a", b"bc", b"", b"def"):
            if wait:
                await asyncio.sleep(0)
            if fail and chunk == b"":
                raise Boom("async")
            yield chunk
    finally:
        log.append("closed")


SOURCES: dict[str, Callable[[list[str], bool], Any]] = {
    "list": lambda log, fail: [b"a", b"bc", b"", b"def"],
    "sync-generator": _sync_source,
    "async-generator": lambda log, fail: _async_source(log, fail),
    "async-generator-waiting": lambda log, fail: _async_source(log, fail, wait=True),
}


def _reader(stream: ReadableStream, fast: bool) -> ReadableStreamDefaultReader:
    if fast:
        reader = readable_stream_drain_source(stream)
        assert reader is not None
        return reader
    return acquire_readable_stream_default_reader(stream)


async def _read_all(reader: ReadableStreamDefaultReader) -> tuple[list[Any], object]:
    chunks: list[Any] = []
    while True:
        try:
            value, done = await reader.read()
        except Boom as error:
            return chunks, error.args
        if done:
            return chunks, "done"
        chunks.append(value)


@pytest.mark.parametrize("name", SOURCES)
@pytest.mark.parametrize("fail", [False, True], ids=["ok", "raises"])
async def test_fast_and_slow_paths_read_the_same_chunks_and_end_alike(
    name: str, fail: bool
) -> None:
    if name == "list" and fail:
        pytest.skip("a list cannot raise")

    async def attempt(fast: bool) -> Any:
        log: list[str] = []
        stream = ReadableStream.from_(SOURCES[name](log, fail))
        reader = _reader(stream, fast)
        assert stream.locked
        chunks, end = await _read_all(reader)
        closed: object
        try:
            await reader.closed
            closed = "closed"
        except Boom as error:
            closed = error.args
        again = await reader.read() if not fail else None
        return (chunks, end, stream._state, closed, again, log, stream._disturbed)

    outcomes = [await attempt(True), await attempt(False)]
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][2] == ("errored" if fail else "closed")


@pytest.mark.parametrize("name", ["sync-generator", "async-generator"])
async def test_cancel_closes_the_source_on_both_paths(name: str) -> None:
    async def attempt(fast: bool) -> Any:
        log: list[str] = []
        stream = ReadableStream.from_(SOURCES[name](log, False))
        reader = _reader(stream, fast)
        first = await reader.read()
        await reader.cancel("bye")
        return (first, log, stream._state, await reader.read())

    outcomes = [await attempt(True), await attempt(False)]
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1] == ["closed"]


async def test_cancel_while_a_step_waits_ends_the_pending_read_on_both_paths() -> None:
    async def attempt(fast: bool) -> Any:
        gate = asyncio.Event()

        async def source() -> AsyncIterator[bytes]:
            yield b"x"
            await gate.wait()
            yield b"never read"

        stream = ReadableStream.from_(source())
        reader = _reader(stream, fast)
        await reader.read()
        pending = asyncio.ensure_future(_await(reader.read()))
        await asyncio.sleep(0.01)
        assert not pending.done()
        await _cancel_quietly(reader)
        result = await asyncio.wait_for(pending, 1)
        gate.set()
        await asyncio.sleep(0.01)
        return (result, stream._state)

    outcomes = [await attempt(True), await attempt(False)]
    assert outcomes[0] == outcomes[1] == ((None, True), "closed")


async def test_reads_made_while_a_step_waits_are_settled_in_order() -> None:
    async def source() -> AsyncIterator[int]:
        for i in range(5):
            await asyncio.sleep(0)
            yield i

    async def attempt(fast: bool) -> Any:
        stream = ReadableStream.from_(source())
        reader = _reader(stream, fast)
        reads = [reader.read() for _ in range(7)]
        return [await read for read in reads]

    results = [await attempt(True), await attempt(False)]
    assert results[0] == results[1]
    assert [value for value, _ in results[0]] == [0, 1, 2, 3, 4, None, None]


def test_only_a_fresh_from_stream_qualifies() -> None:
    assert readable_stream_drain_source(ReadableStream({"pull": lambda c: c.enqueue(1)})) is None
    locked = ReadableStream.from_([1])
    locked.get_reader()
    assert readable_stream_drain_source(locked) is None
    cancelled = ReadableStream.from_([1])
    cancelled.cancel()
    assert readable_stream_drain_source(cancelled) is None
    fresh = ReadableStream.from_(iter([1]))
    reader = readable_stream_drain_source(fresh)
    assert isinstance(reader, ReadableStreamDefaultReader)
    assert readable_stream_drain_source(fresh) is None  # now locked


async def test_a_from_stream_already_read_from_does_not_qualify() -> None:
    stream = ReadableStream.from_([b"a", b"b"])
    reader = stream.get_reader()
    assert (await reader.read()).value == b"a"
    reader.release_lock()
    assert readable_stream_drain_source(stream) is None


async def _await(awaitable: Any) -> Any:
    return await awaitable


async def _cancel_quietly(reader: ReadableStreamDefaultReader) -> None:
    try:
        await reader.cancel("gone")
    except RuntimeError:  # aclose() of a generator that is running: as in the slow path
        pass
