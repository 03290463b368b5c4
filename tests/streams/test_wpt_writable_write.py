"""WPT streams/writable-streams/write.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

from streams_helpers import WPTError, delay, flush_async_events, recording_writable_stream, rejects

from webstd.streams import WritableStream, WritableStreamDefaultWriter

error1 = WPTError("error1")
error2 = WPTError("error2")


def _write_array(array: list[Any], writer: Any) -> Any:
    for chunk in array:
        writer.write(chunk)
    return writer.close()


async def test_writablestream_should_complete_asynchronous_writes_before_close_resolves() -> None:
    storage: list[Any] = []

    async def write(chunk: Any, c: Any) -> None:
        await delay(0)
        storage.append(chunk)

    async def close() -> None:
        await delay(0)

    writer = WritableStream({"write": write, "close": close}).get_writer()
    await _write_array([1, 2, 3, 4, 5], writer)
    assert storage == [1, 2, 3, 4, 5]


async def test_writablestream_should_complete_synchronous_writes_before_close_resolves() -> None:
    ws = recording_writable_stream()
    await _write_array([1, 2, 3, 4, 5], ws.stream.get_writer())
    assert ws.events == ["write", 1, "write", 2, "write", 3, "write", 4, "write", 5, "close"]


async def test_fulfillment_value_of_ws_write_call_should_be_undefined_even_if_the_underlying_sink_returns_a_non_undefined_value() -> (
    None
):
    writer = WritableStream({"write": lambda chunk, c: "Hello"}).get_writer()
    assert await writer.write("a") is None


async def test_writablestream_should_transition_to_waiting_until_write_is_acknowledged() -> None:
    futures: list[asyncio.Future[None]] = []
    loop = asyncio.get_running_loop()

    def write(chunk: Any, c: Any) -> Any:
        future = loop.create_future()
        futures.append(future)
        return future

    writer = WritableStream({"write": write}).get_writer()
    assert writer.desired_size == 1
    await writer.ready
    write_promise = writer.write("a")
    assert len(futures) == 1
    assert writer.desired_size == 0
    ready = writer.ready
    await flush_async_events()
    assert not write_promise.settled
    assert not ready.settled
    futures[0].set_result(None)
    assert await write_promise is None
    assert await ready is None
    assert writer.desired_size == 1


async def test_when_write_returns_a_rejected_promise_queued_writes_and_close_should_be_cleared() -> (
    None
):
    futures: list[asyncio.Future[None]] = []
    loop = asyncio.get_running_loop()

    def write(chunk: Any, c: Any) -> Any:
        future = loop.create_future()
        futures.append(future)
        return future

    writer = WritableStream({"write": write}).get_writer()
    await writer.ready
    write1 = writer.write("a")
    assert len(futures) == 1
    assert writer.desired_size == 0
    write2 = writer.write("b")
    assert len(futures) == 1
    assert writer.desired_size == -1
    close = writer.close()
    assert writer.desired_size == -1
    await flush_async_events()
    futures[0].set_exception(error1)
    await rejects(close, error1)
    await rejects(write1, error1)
    await rejects(write2, error1)


async def test_when_sink_s_write_throws_an_error_the_stream_should_become_errored_and_the_promise_should_reject() -> (
    None
):
    def write(chunk: Any, c: Any) -> None:
        raise error1

    writer = WritableStream({"write": write}).get_writer()
    await rejects(writer.write("a"), error1)
    await rejects(writer.close(), TypeError)


async def test_writer_write_ready_and_closed_reject_with_the_error_passed_to_controller_error_made_before_sink_write_rejection() -> (
    None
):
    def write(chunk: Any, c: Any) -> None:
        c.error(error1)
        raise error2

    writer = WritableStream({"write": write}).get_writer()
    await rejects(writer.write("a"), error2)
    await rejects(writer.ready, error1)
    await rejects(writer.closed, error1)


async def test_a_large_queue_of_writes_should_be_processed_completely() -> None:
    number_of_writes = 1000
    write_count = 0
    first: list[asyncio.Future[None]] = []
    loop = asyncio.get_running_loop()

    def write(chunk: Any, c: Any) -> Any:
        nonlocal write_count
        write_count += 1
        if not first:
            first.append(loop.create_future())
            return first[0]
        return None

    writer = WritableStream({"write": write}).get_writer()
    await writer.ready
    for _ in range(1, number_of_writes):
        writer.write("a")
    last = writer.write("a")
    assert write_count == 1
    first[0].set_result(None)
    await last
    assert write_count == number_of_writes


async def test_writablestreamdefaultwriter_should_work_when_manually_constructed() -> None:
    ws = recording_writable_stream()
    w = ws.stream.get_writer()
    w.release_lock()
    writer = WritableStreamDefaultWriter(ws.stream)
    await writer.ready
    writer.write("a")
    assert ws.events == ["write", "a"]


async def test_returning_a_thenable_from_write_should_work() -> None:
    called = []

    class Awaitable:
        def __await__(self) -> Any:
            called.append(True)
            return iter(())

    await WritableStream({"write": lambda chunk, c: Awaitable()}).get_writer().write("a")
    assert called == [True]
