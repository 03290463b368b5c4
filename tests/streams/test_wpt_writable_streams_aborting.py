"""WPT streams/writable-streams/aborting.any.js, ported: the cases that
test_wpt_writable_aborting_close.py and test_wpt_writable_aborting_ordering.py do not
already cover (same WPT titles)."""

from __future__ import annotations

import asyncio
import math
from typing import Any

from streams_helpers import (
    WPTError,
    flush_async_events,
    raiser,
    recording_writable_stream,
    rejects,
)

from webstd.streams import WritableStream
from webstd.streams._promise import rejected

error1 = WPTError("error1")
error2 = WPTError("error2")


def _future() -> asyncio.Future[Any]:
    return asyncio.get_running_loop().create_future()


async def test_writablestream_if_sink_s_abort_throws_the_promise_returned_by_multiple_writer_abort_s_is_the_same_and_rejects() -> (
    None
):
    writer = WritableStream({"abort": raiser(error1)}).get_writer()
    abort1 = writer.abort(None)
    abort2 = writer.abort(None)
    assert abort1 is abort2
    await rejects(abort1, error1)


async def test_writablestream_if_sink_s_abort_throws_for_an_abort_performed_during_a_write_the_promise_returned_by_ws_abort_rejects() -> (
    None
):
    holder: dict[str, Any] = {}

    def write(chunk: Any, c: Any) -> Any:
        holder["write"] = _future()
        return holder["write"]

    writer = WritableStream({"write": write, "abort": raiser(error1)}).get_writer()
    writer.write(None).then(None, lambda _: None)
    await flush_async_events()
    abort = writer.abort(None)
    holder["write"].set_result(None)
    await rejects(abort, error1)


async def test_aborting_a_writablestream_causes_any_outstanding_write_promises_to_be_rejected_with_the_reason_supplied() -> (
    None
):
    writer = WritableStream().get_writer()
    write = writer.write("a")
    writer.abort(error1)
    await rejects(write, error1)


async def test_writablestream_should_not_call_underlying_sink_s_close_if_no_abort_is_supplied_historical() -> (
    None
):
    called = {"close": False}
    writer = WritableStream({"close": lambda: called.__setitem__("close", True)}).get_writer()
    writer.abort(error1)
    await rejects(writer.closed, error1)
    assert not called["close"]


async def test_writer_abort_controller_error_while_there_is_an_in_flight_close_and_then_finish_the_close() -> (
    None
):
    holder: dict[str, Any] = {}

    def close() -> Any:
        holder["close"] = _future()
        return holder["close"]

    ws = WritableStream({"start": lambda c: holder.__setitem__("c", c), "close": close})
    events: list[str] = []
    writer = ws.get_writer()
    writer.closed.then(lambda _: events.append("closed"))
    await flush_async_events()
    close_promise = writer.close()
    close_promise.then(lambda _: events.append("closePromise"))
    abort = writer.abort(error1)
    abort.then(lambda _: events.append("abortPromise"))
    await rejects(writer.close(), TypeError)
    await rejects(writer.ready, error1)
    await flush_async_events()
    assert events == []
    holder["c"].error(error2)
    await rejects(writer.close(), TypeError)
    await rejects(writer.ready, error1)
    await flush_async_events()
    assert events == []
    holder["close"].set_result(None)
    await asyncio.gather(close_promise, abort, writer.closed)
    await flush_async_events()
    assert events == ["closePromise", "abortPromise", "closed"]
    await rejects(writer.close(), TypeError)
    await rejects(writer.ready, error1)
    writer.release_lock()
    await rejects(writer.close(), TypeError)
    await rejects(writer.ready, TypeError)
    await rejects(writer.closed, TypeError)


async def test_controller_error_writer_abort_while_there_is_an_in_flight_write_and_then_finish_the_write() -> (
    None
):
    holder: dict[str, Any] = {}

    def write(chunk: Any, c: Any) -> Any:
        holder["c"] = c
        holder["write"] = _future()
        return holder["write"]

    ws = recording_writable_stream({"write": write})
    events: list[str] = []
    writer = ws.stream.get_writer()
    writer.closed.then(None, lambda _: events.append("closed"))
    await flush_async_events()
    write_promise = writer.write("a")
    write_promise.then(lambda _: events.append("writePromise"))
    holder["c"].error(error2)
    await rejects(writer.write("a"), error2)
    await rejects(writer.ready, error2)
    await flush_async_events()
    assert events == []
    abort = writer.abort(error1)
    abort.then(None, lambda _: events.append("abortPromise"))
    await rejects(writer.write("a"), error2)
    await flush_async_events()
    assert events == []
    holder["write"].set_result(None)
    await rejects(abort, error2)
    await rejects(writer.closed, error2)
    await flush_async_events()
    assert events == ["writePromise", "abortPromise", "closed"]
    assert ws.events == ["write", "a"]
    await write_promise
    await rejects(writer.write("a"), error2)
    await rejects(writer.ready, error2)
    writer.release_lock()
    await rejects(writer.ready, TypeError)
    await rejects(writer.closed, TypeError)


async def test_controller_error_writer_abort_while_there_is_an_in_flight_close_and_then_finish_the_close() -> (
    None
):
    holder: dict[str, Any] = {}

    def close() -> Any:
        holder["close"] = _future()
        return holder["close"]

    ws = WritableStream({"start": lambda c: holder.__setitem__("c", c), "close": close})
    events: list[str] = []
    writer = ws.get_writer()
    writer.closed.then(lambda _: events.append("closed"))
    await flush_async_events()
    close_promise = writer.close()
    close_promise.then(lambda _: events.append("closePromise"))
    holder["c"].error(error2)
    await flush_async_events()
    assert events == []
    abort = writer.abort(error1)
    abort.then(lambda _: events.append("abortPromise"))
    await rejects(writer.ready, error2)
    await flush_async_events()
    assert events == []
    holder["close"].set_result(None)
    await close_promise
    await rejects(writer.ready, error2)
    await writer.closed
    await flush_async_events()
    assert events == ["closePromise", "abortPromise", "closed"]
    writer.release_lock()
    await rejects(writer.ready, TypeError)
    await rejects(writer.closed, TypeError)


async def test_releaselock_while_aborting_should_reject_the_original_closed_promise() -> None:
    holder: dict[str, Any] = {}

    def write(chunk: Any, c: Any) -> Any:
        holder["write"] = _future()
        return holder["write"]

    writer = WritableStream({"write": write}).get_writer()
    await writer.ready
    write_promise = writer.write("a")
    closed = writer.closed
    abort = writer.abort()
    writer.release_lock()
    holder["write"].set_result(None)
    await write_promise
    await abort
    await rejects(closed, TypeError)


async def test_releaselock_during_delayed_async_abort_should_reject_the_writer_closed_promise() -> (
    None
):
    holder: dict[str, Any] = {"abort_started": asyncio.Event()}

    def write(chunk: Any, c: Any) -> Any:
        holder["write"] = _future()
        return holder["write"]

    def abort(reason: Any) -> Any:
        holder["abort_started"].set()
        holder["abort"] = _future()
        return holder["abort"]

    writer = WritableStream({"write": write, "abort": abort}).get_writer()
    await writer.ready
    write_promise = writer.write("a")
    closed = writer.closed
    abort_promise = writer.abort()
    holder["write"].set_result(None)
    await holder["abort_started"].wait()
    writer.release_lock()
    assert writer.closed is closed
    holder["abort"].set_result(None)
    await write_promise
    await abort_promise
    await rejects(closed, TypeError)


async def test_sink_abort_should_not_be_called_until_sink_start_is_done() -> None:
    holder: dict[str, Any] = {}

    def start(c: Any) -> Any:
        holder["start"] = _future()
        return holder["start"]

    ws = recording_writable_stream({"start": start})
    abort = ws.stream.abort("done")
    await flush_async_events()
    assert ws.events == []
    holder["start"].set_result(None)
    await abort
    assert ws.events == ["abort", "done"]


async def test_if_start_attempts_to_error_the_controller_after_abort_has_been_called_then_it_should_lose() -> (
    None
):
    holder: dict[str, Any] = {}

    def start(c: Any) -> Any:
        holder["start"] = _future()
        return holder["start"]

    ws = recording_writable_stream({"start": start})
    abort = ws.stream.abort("done")
    ws.controller.error(error1)
    holder["start"].set_result(None)
    await abort
    assert ws.events == ["abort", "done"]


async def test_stream_abort_promise_should_still_resolve_if_sink_start_rejects() -> None:
    ws = recording_writable_stream({"start": lambda c: rejected(error1)})
    await ws.stream.abort("done")
    assert ws.events == ["abort", "done"]


async def test_writer_abort_during_sink_start_should_replace_the_writer_ready_promise_synchronously() -> (
    None
):
    writer = WritableStream().get_writer()
    ready1 = writer.ready
    writer.abort(error1)
    ready2 = writer.ready
    assert ready1 is not ready2
    await ready1
    await rejects(ready2, error1)


async def test_promises_returned_from_other_writer_methods_should_be_rejected_when_writer_abort_happens_during_sink_start() -> (
    None
):
    events: list[str] = []
    ws = recording_writable_stream()
    writer = ws.stream.get_writer()
    write1 = writer.write(1)
    abort = writer.abort(error1)
    write2 = writer.write(2)
    close = writer.close()
    write1.then(None, lambda _: events.append("write1"))
    abort.then(lambda _: events.append("abort"))
    write2.then(None, lambda _: events.append("write2"))
    close.then(None, lambda _: events.append("close"))
    await rejects(write1, error1)
    await abort
    await rejects(write2, error1)
    await rejects(close, error1)
    await flush_async_events()
    assert events == ["write2", "write1", "abort", "close"]
    assert ws.events == ["abort", error1]


async def test_abort_should_succeed_despite_rejection_from_write() -> None:
    holder: dict[str, Any] = {}

    def write(chunk: Any, c: Any) -> Any:
        holder["c"] = c
        holder["write"] = _future()
        return holder["write"]

    writer = WritableStream({"write": write}).get_writer()
    await writer.ready
    write_promise = writer.write("a")
    abort = writer.abort()
    holder["c"].error(error1)
    holder["write"].set_exception(error2)
    await rejects(write_promise, error2)
    await abort


async def test_abort_should_be_rejected_with_the_rejection_returned_from_close() -> None:
    holder: dict[str, Any] = {}

    def close() -> Any:
        holder["close"] = _future()
        return holder["close"]

    ws = WritableStream({"start": lambda c: holder.__setitem__("c", c), "close": close})
    writer = ws.get_writer()
    await writer.ready
    close_promise = writer.close()
    abort = writer.abort()
    holder["c"].error(error1)
    holder["close"].set_exception(error2)
    await rejects(close_promise, error2)
    await rejects(abort, error2)


async def test_a_rejecting_sink_write_should_not_prevent_sink_abort_from_being_called() -> None:
    holder: dict[str, Any] = {}

    def write(chunk: Any, c: Any) -> Any:
        holder["write"] = _future()
        return holder["write"]

    ws = recording_writable_stream({"write": write})
    writer = ws.stream.get_writer()
    await writer.ready
    write_promise = writer.write("1")
    abort = writer.abort(error2)
    holder["write"].set_exception(error1)
    await rejects(write_promise, error1)
    await abort
    await rejects(writer.closed, error2)
    assert ws.events == ["write", "1", "abort", error2]


async def test_when_start_errors_after_stream_abort_underlying_sink_abort_should_be_called_anyway() -> (
    None
):
    ws = recording_writable_stream({"start": lambda c: rejected(error1)})
    await ws.stream.abort(error2)
    assert ws.events == ["abort", error2]


async def test_when_calling_abort_twice_on_the_same_stream_both_should_give_the_same_promise_that_fulfills_with_undefined() -> (
    None
):
    ws = WritableStream()
    abort1 = ws.abort()
    abort2 = ws.abort()
    assert abort1 is abort2
    assert await abort1 is None


async def test_when_calling_abort_twice_on_the_same_stream_but_sequentially_so_so_there_s_no_pending_abort_the_second_time_both_should_fulfill_with_undefined() -> (
    None
):
    ws = WritableStream()
    abort1 = ws.abort()
    assert await abort1 is None
    abort2 = ws.abort()
    assert abort2 is not abort1
    assert await abort2 is None


async def test_calling_abort_on_an_errored_stream_should_fulfill_with_undefined() -> None:
    writer = WritableStream({"start": lambda c: c.error(error1)}).get_writer()
    await rejects(writer.closed, error1)
    assert await writer.abort() is None


async def test_sink_abort_should_not_be_called_if_stream_was_erroring_due_to_controller_error_before_abort_was_called() -> (
    None
):
    holder: dict[str, Any] = {}

    def write(chunk: Any, c: Any) -> Any:
        holder["write"] = _future()
        return holder["write"]

    ws = recording_writable_stream({"write": write})
    writer = ws.stream.get_writer()
    await writer.ready
    write_promise = writer.write("chunk")
    ws.controller.error(error1)
    abort = writer.abort(error2)
    holder["write"].set_result(None)
    await write_promise
    await rejects(abort, error1)
    assert ws.events == ["write", "chunk"]


async def test_sink_abort_should_not_be_called_if_stream_was_erroring_due_to_bad_strategy_before_abort_was_called() -> (
    None
):
    holder: dict[str, Any] = {"size": 1}

    def write(chunk: Any, c: Any) -> Any:
        holder["write"] = _future()
        return holder["write"]

    ws = recording_writable_stream(
        {"write": write}, {"size": lambda chunk: holder["size"], "high_water_mark": 1}
    )
    writer = ws.stream.get_writer()
    await writer.ready
    write1 = writer.write("chunk1")
    holder["size"] = math.nan
    write2 = writer.write("chunk2")
    abort = writer.abort(error2)
    holder["write"].set_result(None)
    await write1
    await rejects(write2, ValueError)
    await rejects(abort, ValueError)
    assert ws.events == ["write", "chunk1"]


async def test_abort_with_no_arguments_should_set_the_stored_error_to_undefined() -> None:
    ws = WritableStream()
    await ws.abort()
    error = await rejects(ws.get_writer().closed, Exception)
    assert error.args == (None,)


async def test_abort_with_a_string_argument_should_set_the_stored_error_to_that_argument() -> None:
    ws = WritableStream()
    await ws.abort("string argument")
    error = await rejects(ws.get_writer().closed, Exception)
    assert error.args == ("string argument",)


async def test_abort_on_a_locked_stream_should_reject() -> None:
    ws = WritableStream()
    writer = ws.get_writer()
    await rejects(ws.abort(), TypeError)
    await writer.ready


async def test_the_abort_signal_is_signalled_synchronously_close() -> None:
    holder: dict[str, Any] = {"called": asyncio.Event()}

    def close() -> Any:
        holder["called"].set()
        return _future()

    ws = WritableStream({"start": lambda c: holder.__setitem__("c", c), "close": close})
    writer = ws.get_writer()
    writer.close()
    await holder["called"].wait()
    assert not holder["c"].signal.aborted
    writer.abort()
    assert holder["c"].signal.aborted


async def test_the_abort_signal_is_not_signalled_on_write_failure() -> None:
    e = TypeError()
    holder: dict[str, Any] = {}

    async def write(chunk: Any, c: Any) -> None:
        raise e

    ws = WritableStream({"start": lambda c: holder.__setitem__("c", c), "write": write})
    writer = ws.get_writer()
    await rejects(writer.write("hello"), e)
    await rejects(writer.closed, e)
    assert not holder["c"].signal.aborted


async def test_the_abort_signal_is_not_signalled_on_close_failure() -> None:
    e = TypeError()
    holder: dict[str, Any] = {}

    async def close() -> None:
        raise e

    ws = WritableStream({"start": lambda c: holder.__setitem__("c", c), "close": close})
    writer = ws.get_writer()
    await rejects(writer.close(), e)
    await rejects(writer.closed, e)
    assert not holder["c"].signal.aborted


async def test_recursive_abort_call() -> None:
    e1 = SyntaxError()
    e2 = TypeError()
    holder: dict[str, Any] = {}
    ws = WritableStream({"start": lambda c: holder.__setitem__("c", c)})
    writer = ws.get_writer()
    holder["c"].signal.add_event_listener("abort", lambda event: writer.abort(e2))
    writer.abort(e1)
    assert holder["c"].signal.aborted
    await rejects(writer.closed, e2)
