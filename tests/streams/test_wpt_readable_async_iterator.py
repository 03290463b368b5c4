"""WPT streams/readable-streams/async-iterator.any.js, ported.

Python's `async for` does not call `aclose()` on `break`/`return`/`raise` the
way JavaScript's `for await` calls `return()`; the ported loop tests wrap the
iterator in `contextlib.aclosing`, which is the Python spelling of that.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest
from streams_helpers import WPTError, flush_async_events, recording_readable_stream, rejects

from webstd.streams import CountQueuingStrategy, ReadableStream, ReadResult

error1 = WPTError("error1")


def _push_123(c: Any) -> None:
    c.enqueue(1)
    c.enqueue(2)
    c.enqueue(3)
    c.close()


def _error_on_second_pull() -> ReadableStream:
    times_pulled = 0

    def pull(c: Any) -> None:
        nonlocal times_pulled
        if times_pulled == 0:
            c.enqueue(0)
            times_pulled += 1
        else:
            c.error(error1)

    return ReadableStream({"pull": pull})


def test_async_iterator_instances_should_have_the_correct_list_of_properties() -> None:
    it = ReadableStream().values()
    assert callable(it.__anext__)
    assert callable(it.aclose)
    assert it.__aiter__() is it


async def test_async_iterating_a_push_source() -> None:
    assert [chunk async for chunk in ReadableStream({"start": _push_123})] == [1, 2, 3]


async def test_async_iterating_a_pull_source() -> None:
    i = 1

    def pull(c: Any) -> None:
        nonlocal i
        c.enqueue(i)
        if i >= 3:
            c.close()
        i += 1

    assert [chunk async for chunk in ReadableStream({"pull": pull})] == [1, 2, 3]


async def test_async_iterating_a_push_source_with_undefined_values() -> None:
    def start(c: Any) -> None:
        for _ in range(3):
            c.enqueue(None)
        c.close()

    assert [chunk async for chunk in ReadableStream({"start": start})] == [None, None, None]


async def test_async_iterating_a_pull_source_with_undefined_values() -> None:
    i = 1

    def pull(c: Any) -> None:
        nonlocal i
        c.enqueue(None)
        if i >= 3:
            c.close()
        i += 1

    assert [chunk async for chunk in ReadableStream({"pull": pull})] == [None, None, None]


async def test_async_iterating_a_pull_source_manually() -> None:
    i = 1

    def pull(c: Any) -> None:
        nonlocal i
        c.enqueue(i)
        if i >= 3:
            c.close()
        i += 1

    s = recording_readable_stream({"pull": pull}, CountQueuingStrategy(high_water_mark=0))
    it = s.stream.values()
    assert s.events == []
    assert await it.__anext__() == 1
    assert s.events == ["pull"]
    assert await it.__anext__() == 2
    assert s.events == ["pull", "pull"]
    assert await it.__anext__() == 3
    assert s.events == ["pull", "pull", "pull"]
    with pytest.raises(StopAsyncIteration):
        await it.__anext__()
    assert s.events == ["pull", "pull", "pull"]


async def test_async_iterating_an_errored_stream_throws() -> None:
    e = WPTError("e")
    s = ReadableStream({"start": lambda c: c.error(e)})
    with pytest.raises(WPTError) as info:
        async for _ in s:
            raise AssertionError("unreached")
    assert info.value is e


async def test_async_iterating_a_closed_stream_never_executes_the_loop_body_but_works_fine() -> (
    None
):
    async for _ in ReadableStream({"start": lambda c: c.close()}):
        raise AssertionError("unreached")


async def test_async_iterating_an_empty_but_not_closed_errored_stream_never_executes_the_loop_body_and_stalls_the_async_function() -> (
    None
):
    s = ReadableStream()

    async def loop() -> None:
        async for _ in s:
            raise AssertionError("unreached")
        raise AssertionError("unreached")

    task = asyncio.ensure_future(loop())
    await flush_async_events()
    assert not task.done()
    task.cancel()


async def test_async_iterating_a_partially_consumed_stream() -> None:
    s = ReadableStream({"start": _push_123})
    reader = s.get_reader()
    assert await reader.read() == ReadResult(1, False)
    reader.release_lock()
    assert [chunk async for chunk in s] == [2, 3]


@pytest.mark.parametrize("kind", ["throw", "break", "return"])
@pytest.mark.parametrize("prevent_cancel", [False, True])
async def test_cancellation_behavior_when_ing_inside_loop_body(
    kind: str, prevent_cancel: bool
) -> None:
    s = recording_readable_stream({"start": lambda c: c.enqueue(0)})

    async def loop() -> None:
        async with contextlib.aclosing(s.stream.values(prevent_cancel=prevent_cancel)) as it:
            async for _ in it:
                if kind == "throw":
                    raise Exception()
                if kind == "break":
                    break
                return

    with contextlib.suppress(Exception):
        await loop()
    if prevent_cancel:
        assert s.events == ["pull"]
    else:
        assert s.events == ["pull", "cancel", None]


@pytest.mark.parametrize("prevent_cancel", [False, True])
async def test_cancellation_behavior_when_manually_calling_return(prevent_cancel: bool) -> None:
    s = recording_readable_stream({"start": lambda c: c.enqueue(0)})
    await s.stream.values(prevent_cancel=prevent_cancel).aclose()
    assert s.events == ([] if prevent_cancel else ["cancel", None])


async def test_next_rejects_if_the_stream_errors() -> None:
    it = _error_on_second_pull().values()
    assert await it.__anext__() == 0
    await rejects(it.__anext__(), error1)


async def test_return_does_not_rejects_if_the_stream_has_not_errored_yet() -> None:
    assert await _error_on_second_pull().values().aclose() is None


async def test_return_rejects_if_the_stream_has_errored() -> None:
    s = ReadableStream({"pull": lambda c: c.error(error1)})
    it = s.values()
    await flush_async_events()
    await rejects(it.aclose(), error1)


async def test_next_that_succeeds_next_that_reports_an_error_next() -> None:
    it = _error_on_second_pull().values()
    assert await it.__anext__() == 0
    await rejects(it.__anext__(), error1)
    with pytest.raises(StopAsyncIteration):
        await it.__anext__()


async def test_next_that_succeeds_next_that_reports_an_error_next_no_awaiting() -> None:
    it = _error_on_second_pull().values()
    results = await asyncio.gather(
        it.__anext__(), it.__anext__(), it.__anext__(), return_exceptions=True
    )
    assert results[0] == 0
    assert results[1] is error1
    assert isinstance(results[2], StopAsyncIteration)


async def test_next_that_succeeds_next_that_reports_an_error_return() -> None:
    it = _error_on_second_pull().values()
    assert await it.__anext__() == 0
    await rejects(it.__anext__(), error1)
    assert await it.aclose() is None


async def test_next_that_succeeds_next_that_reports_an_error_return_no_awaiting() -> None:
    it = _error_on_second_pull().values()
    results = await asyncio.gather(
        it.__anext__(), it.__anext__(), it.aclose(), return_exceptions=True
    )
    assert results == [0, error1, None]


async def test_next_that_succeeds_return() -> None:
    times_pulled = 0

    def pull(c: Any) -> None:
        nonlocal times_pulled
        c.enqueue(times_pulled)
        times_pulled += 1

    it = ReadableStream({"pull": pull}).values()
    assert await it.__anext__() == 0
    assert await it.aclose() is None
    assert times_pulled == 2


async def test_next_that_succeeds_return_no_awaiting() -> None:
    times_pulled = 0

    def pull(c: Any) -> None:
        nonlocal times_pulled
        c.enqueue(times_pulled)
        times_pulled += 1

    it = ReadableStream({"pull": pull}).values()
    assert await asyncio.gather(it.__anext__(), it.aclose()) == [0, None]
    assert times_pulled == 2


async def test_return_next() -> None:
    it = ReadableStream().values()
    assert await it.aclose() is None
    with pytest.raises(StopAsyncIteration):
        await it.__anext__()


async def test_return_return() -> None:
    it = ReadableStream().values()
    assert await it.aclose() is None
    assert await it.aclose() is None


def test_values_throws_if_there_s_already_a_lock() -> None:
    s = ReadableStream({"start": lambda c: (c.enqueue(0), c.close())})
    s.values()
    with pytest.raises(TypeError):
        s.values()


async def test_acquiring_a_reader_after_exhaustively_async_iterating_a_stream() -> None:
    s = ReadableStream({"start": _push_123})
    assert [chunk async for chunk in s] == [1, 2, 3]
    await s.get_reader().closed


async def test_acquiring_a_reader_after_return_ing_from_a_stream_that_errors() -> None:
    s = _error_on_second_pull()
    it = s.values(prevent_cancel=True)
    assert await it.__anext__() == 0
    await rejects(it.__anext__(), error1)
    assert await it.aclose() is None
    await rejects(s.get_reader().closed, error1)


async def test_acquiring_a_reader_after_partially_async_iterating_a_stream() -> None:
    s = ReadableStream({"start": _push_123})
    chunks = []
    async with contextlib.aclosing(s.values()) as it:
        async for chunk in it:
            chunks.append(chunk)
            if chunk >= 2:
                break
    assert chunks == [1, 2]
    await s.get_reader().closed


async def test_acquiring_a_reader_and_reading_the_remaining_chunks_after_partially_async_iterating_a_stream_with_preventcancel_true() -> (
    None
):
    s = ReadableStream({"start": _push_123})
    chunks = []
    async with contextlib.aclosing(s.values(prevent_cancel=True)) as it:
        async for chunk in it:
            chunks.append(chunk)
            if chunk >= 2:
                break
    assert chunks == [1, 2]
    reader = s.get_reader()
    assert await reader.read() == ReadResult(3, False)
    await reader.closed


@pytest.mark.parametrize("prevent_cancel", [False, True])
def test_return_should_unlock_the_stream_synchronously_when_preventcancel(
    prevent_cancel: bool,
) -> None:
    rs = ReadableStream()
    rs.values(prevent_cancel=prevent_cancel).aclose()
    rs.get_reader()


async def test_close_while_next_is_pending() -> None:
    async def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")
        c.enqueue("c")
        await flush_async_events()
        c.close()

    assert [chunk async for chunk in ReadableStream({"start": start})] == ["a", "b", "c"]


async def test_a_chunk_that_is_awaitable_is_not_awaited() -> None:
    from webstd.streams._promise import resolved

    chunk = resolved(5)
    assert [
        c async for c in ReadableStream({"start": lambda c: (c.enqueue(chunk), c.close())})
    ] == [chunk]
