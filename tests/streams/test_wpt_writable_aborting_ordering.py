"""WPT streams/writable-streams/aborting.any.js, ported: abort vs in-flight write/close ordering."""

from __future__ import annotations

import asyncio
from typing import Any

from streams_helpers import WPTError, flush_async_events, recording_writable_stream, rejects

from webstd.streams import CountQueuingStrategy, WritableStream
from webstd.streams._promise import rejected

error1 = WPTError("error1")
error2 = WPTError("error2")


async def test_returning_a_thenable_from_abort_should_work() -> None:
    called = []

    class Awaitable:
        def __await__(self) -> Any:
            called.append(True)
            return iter(())

    await WritableStream({"abort": lambda reason: Awaitable()}).get_writer().abort()
    assert called == [True]


async def test_closed_should_not_resolve_before_fulfilled_write() -> None:
    async def write(chunk: Any, c: Any) -> None:
        await flush_async_events()

    writer = WritableStream({"write": write}).get_writer()
    await writer.ready
    order: list[str] = []
    write_promise = writer.write("a")
    writer.abort(error1)
    write_promise.then(lambda _: order.append("write"))
    writer.closed.then(None, lambda _: order.append("closed"))
    await write_promise
    await rejects(writer.closed, error1)
    assert order == ["write", "closed"]


async def test_closed_should_not_resolve_before_rejected_write_write_error_should_not_overwrite_abort_error() -> (
    None
):
    writer = WritableStream({"write": lambda chunk, c: rejected(error1)}).get_writer()
    await writer.ready
    write_promise = writer.write("a")
    abort_promise = writer.abort(error2)
    await rejects(write_promise, error1)
    await rejects(writer.closed, error2)
    await abort_promise


async def test_writes_should_be_satisfied_in_order_when_aborting() -> None:
    async def write(chunk: Any, c: Any) -> None:
        await flush_async_events()

    writer = WritableStream({"write": write}, CountQueuingStrategy(high_water_mark=4)).get_writer()
    await writer.ready
    order: list[int] = []
    p1, p2, p3 = writer.write("1"), writer.write("2"), writer.write("3")
    p1.then(lambda _: order.append(1))
    p2.then(None, lambda _: order.append(2))
    p3.then(None, lambda _: order.append(3))
    abort = writer.abort(error1)
    await p1
    await rejects(p2, error1)
    await rejects(p3, error1)
    await abort
    assert order == [1, 2, 3]


async def test_writes_should_be_satisfied_in_order_after_rejected_write_when_aborting() -> None:
    writer = WritableStream(
        {"write": lambda chunk, c: rejected(error1)}, CountQueuingStrategy(high_water_mark=4)
    ).get_writer()
    await writer.ready
    p1, p2, p3 = writer.write("1"), writer.write("2"), writer.write("3")
    abort = writer.abort(error2)
    await rejects(p1, error1)
    await rejects(p2, error2)
    await rejects(p3, error2)
    await abort


async def test_close_should_reject_with_abort_reason_why_abort_is_first_error() -> None:
    writer = WritableStream({"write": lambda chunk, c: rejected(error1)}).get_writer()
    await writer.ready
    write, close, abort = writer.write("a"), writer.close(), writer.abort(error2)
    await rejects(write, error1)
    await rejects(close, error2)
    await abort


async def test_underlying_abort_should_not_be_called_until_underlying_write_completes() -> None:
    gate = asyncio.Event()

    async def write(chunk: Any, c: Any) -> None:
        await gate.wait()

    ws = recording_writable_stream({"write": write})
    writer = ws.stream.get_writer()
    await writer.ready
    writer.write("a")
    abort = writer.abort("b")
    await flush_async_events()
    assert ws.events == ["write", "a"]
    gate.set()
    await abort
    assert ws.events == ["write", "a", "abort", "b"]


async def test_underlying_abort_should_not_be_called_if_underlying_close_has_started() -> None:
    gate = asyncio.Event()

    async def close() -> None:
        await gate.wait()

    ws = recording_writable_stream({"close": close})
    writer = ws.stream.get_writer()
    await writer.ready
    writer.close()
    abort = writer.abort()
    await flush_async_events()
    assert ws.events == ["close"]
    gate.set()
    await abort
    assert ws.events == ["close"]


async def test_if_underlying_close_has_started_and_then_rejects_the_abort_and_close_promises_should_reject_with_the_underlying_close_rejection_reason() -> (
    None
):
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    abort_called = []
    ws = WritableStream({"close": lambda: future, "abort": abort_called.append})
    writer = ws.get_writer()
    await writer.ready
    close, abort = writer.close(), writer.abort()
    await flush_async_events()
    assert abort_called == []
    future.set_exception(error1)
    await rejects(abort, error1)
    await rejects(close, error1)
    assert abort_called == []


async def test_an_abort_that_happens_during_a_write_should_trigger_the_underlying_abort_even_with_a_close_queued() -> (
    None
):
    gate = asyncio.Event()

    async def write(chunk: Any, c: Any) -> None:
        await gate.wait()

    ws = recording_writable_stream({"write": write})
    writer = ws.stream.get_writer()
    await writer.ready
    writer.write("a")
    close = writer.close()
    abort = writer.abort(error1)
    await flush_async_events()
    assert ws.events == ["write", "a"]
    gate.set()
    await abort
    assert ws.events == ["write", "a", "abort", error1]
    await rejects(close, error1)


async def test_if_a_writer_is_created_for_a_stream_with_a_pending_abort_its_ready_should_be_rejected_with_the_abort_error() -> (
    None
):
    never: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    ws = WritableStream({"write": lambda chunk, c: never})
    writer = ws.get_writer()
    await writer.ready
    writer.write("a")
    writer.abort(error1)
    writer.release_lock()
    await rejects(ws.get_writer().ready, error1)
    never.cancel()


async def test_writer_close_promise_should_resolve_before_abort_promise() -> None:
    writer = WritableStream().get_writer()
    await writer.ready
    events: list[str] = []
    close, abort = writer.close(), writer.abort()
    close.then(lambda _: events.append("close"))
    abort.then(lambda _: events.append("abort"))
    await close
    await abort
    await flush_async_events()
    assert events == ["close", "abort"]


async def test_writer_ready_should_reject_on_controller_error_without_waiting_for_underlying_write() -> (
    None
):
    never: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def write(chunk: Any, c: Any) -> Any:
        c.error(error1)
        return never

    writer = WritableStream({"write": write}).get_writer()
    await writer.ready
    writer.write("a")
    await rejects(writer.ready, error1)
    never.cancel()


async def test_writer_abort_while_there_is_an_in_flight_write_and_then_finish_the_write_with_rejection() -> (
    None
):
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    writer = WritableStream({"write": lambda chunk, c: future}).get_writer()
    events: list[str] = []
    writer.closed.then(None, lambda _: events.append("closed"))
    await flush_async_events()
    write_promise = writer.write("a")
    write_promise.then(None, lambda _: events.append("writePromise"))
    abort_promise = writer.abort(error1)
    abort_promise.then(lambda _: events.append("abortPromise"))
    await rejects(writer.write("a"), error1)
    await rejects(writer.ready, error1)
    await flush_async_events()
    assert events == []
    future.set_exception(error2)
    await rejects(write_promise, error2)
    await abort_promise
    await rejects(writer.closed, error1)
    await flush_async_events()
    assert events == ["writePromise", "abortPromise", "closed"]
    await rejects(writer.write("a"), error1)
    await rejects(writer.ready, error1)
    writer.release_lock()
    await rejects(writer.ready, TypeError)
    await rejects(writer.closed, TypeError)


async def test_writer_abort_controller_error_while_there_is_an_in_flight_write_and_then_finish_the_write() -> (
    None
):
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    controllers: list[Any] = []

    def write(chunk: Any, c: Any) -> Any:
        controllers.append(c)
        return future

    writer = WritableStream({"write": write}).get_writer()
    events: list[str] = []
    writer.closed.then(None, lambda _: events.append("closed"))
    await flush_async_events()
    write_promise = writer.write("a")
    write_promise.then(lambda _: events.append("writePromise"))
    abort_promise = writer.abort(error1)
    abort_promise.then(lambda _: events.append("abortPromise"))
    await rejects(writer.write("a"), error1)
    await flush_async_events()
    assert events == []
    controllers[0].error(error2)  # too late: abort() already made the stream "erroring"
    await rejects(writer.write("a"), error1)
    await rejects(writer.ready, error1)
    await flush_async_events()
    assert events == []
    future.set_result(None)
    await write_promise
    await abort_promise
    await rejects(writer.closed, error1)
    await flush_async_events()
    assert events == ["writePromise", "abortPromise", "closed"]
