"""WPT streams/writable-streams/close.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

from streams_helpers import (
    WPTError,
    delay,
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


async def test_fulfillment_value_of_ws_close_call_must_be_undefined_even_if_the_underlying_sink_returns_a_non_undefined_value() -> (
    None
):
    writer = WritableStream({"close": lambda: "Hello"}).get_writer()
    assert await writer.close() is None


async def test_when_sink_calls_error_asynchronously_while_sink_close_is_in_flight_the_stream_should_not_become_errored() -> (
    None
):
    holder: dict[str, Any] = {}

    def close() -> Any:
        holder["close"] = _future()
        return holder["close"]

    ws = WritableStream({"start": lambda c: holder.__setitem__("c", c), "close": close})
    writer = ws.get_writer()
    close_promise = writer.close()
    await flush_async_events()
    holder["c"].error(error1)
    await flush_async_events()
    holder["close"].set_result(None)
    await close_promise
    await writer.closed
    await flush_async_events()
    await writer.closed


async def test_when_sink_calls_error_synchronously_while_closing_the_stream_should_not_become_errored() -> (
    None
):
    holder: dict[str, Any] = {}
    passed_error = WPTError("error me")
    ws = WritableStream(
        {
            "start": lambda c: holder.__setitem__("c", c),
            "close": lambda: holder["c"].error(passed_error),
        }
    )
    writer = ws.get_writer()
    await writer.close()
    await writer.closed


async def test_when_the_sink_throws_during_close_and_the_close_is_requested_while_a_write_is_still_in_flight_the_stream_should_become_errored_during_the_close() -> (
    None
):
    writer = WritableStream({"close": raiser(error1)}).get_writer()
    write = writer.write("y")
    close = writer.close()
    await write
    await rejects(close, error1)
    await rejects(writer.closed, error1)


async def test_releaselock_on_a_stream_with_a_pending_write_in_which_the_stream_has_been_errored() -> (
    None
):
    def write(chunk: Any, c: Any) -> Any:
        c.error(error1)
        return _future()

    ws = WritableStream({"write": write})
    writer = ws.get_writer()
    writer.write("a")
    await delay(0)
    writer.release_lock()
    assert not ws.locked


async def test_releaselock_on_a_stream_with_a_pending_close_in_which_controller_error_was_called() -> (
    None
):
    holder: dict[str, Any] = {}

    def close() -> Any:
        holder["c"].error(error1)
        return _future()

    ws = WritableStream({"start": lambda c: holder.__setitem__("c", c), "close": close})
    writer = ws.get_writer()
    writer.close()
    await delay(0)
    writer.release_lock()
    assert not ws.locked


async def test_when_close_is_called_on_a_writablestream_in_writable_state_ready_should_return_a_fulfilled_promise() -> (
    None
):
    ws = recording_writable_stream()
    writer = ws.stream.get_writer()
    await writer.ready
    assert writer.desired_size == 1
    writer.close()
    assert writer.desired_size == 1
    assert await writer.ready is None
    assert ws.events == ["close"]


async def test_when_close_is_called_on_a_writablestream_in_waiting_state_ready_promise_should_be_fulfilled() -> (
    None
):
    ws = recording_writable_stream({"write": lambda chunk, c: _future()})
    writer = ws.stream.get_writer()
    await writer.ready
    writer.write("a")
    assert writer.desired_size == 0
    state = {"called_close": False}

    async def ready() -> None:
        assert await writer.ready is None
        assert state["called_close"]
        assert ws.events == ["write", "a"]

    async def close_later() -> None:
        await flush_async_events()
        writer.close()
        state["called_close"] = True

    await asyncio.gather(ready(), close_later())


async def test_when_close_is_called_on_a_writablestream_in_waiting_state_ready_should_be_fulfilled_immediately_even_if_close_takes_a_long_time() -> (
    None
):
    state = {"finished": False}

    async def close() -> None:
        await flush_async_events()
        state["finished"] = True

    ws = recording_writable_stream({"close": close})
    writer = ws.stream.get_writer()
    await writer.ready
    writer.write("a")
    writer.close()
    assert await writer.ready is None
    assert not state["finished"]
    assert ws.events == ["write", "a", "close"]


async def test_returning_a_thenable_from_close_should_work() -> None:
    rejection = WPTError("letter")

    class Thenable:
        def __await__(self) -> Any:
            raise rejection
            yield  # pragma: no cover

    ws = WritableStream({"close": lambda: Thenable()})
    await rejects(ws.get_writer().close(), rejection)


async def test_releaselock_should_not_change_the_result_of_sync_close() -> None:
    writer = WritableStream().get_writer()
    await writer.ready
    close = writer.close()
    closed = writer.closed
    writer.release_lock()
    await close
    await rejects(closed, TypeError)


async def test_releaselock_should_not_change_the_result_of_async_close() -> None:
    writer = WritableStream({"close": lambda: flush_async_events()}).get_writer()
    await writer.ready
    close = writer.close()
    closed = writer.closed
    writer.release_lock()
    await close
    await rejects(closed, TypeError)


async def test_close_should_set_state_to_closed_even_if_writer_has_detached() -> None:
    holder: dict[str, Any] = {}

    def close() -> Any:
        holder["close"] = _future()
        return holder["close"]

    ws = WritableStream({"close": close})
    writer = ws.get_writer()
    close_promise = writer.close()
    writer.release_lock()
    await delay(0)
    holder["close"].set_result(None)
    await close_promise
    assert ws.get_writer().desired_size == 0


async def test_the_promise_returned_by_async_abort_during_close_should_resolve() -> None:
    holder: dict[str, Any] = {}

    def close() -> Any:
        holder["close"] = _future()
        return holder["close"]

    ws = WritableStream({"close": close})
    writer = ws.get_writer()
    writer.close()
    writer.release_lock()
    await delay(0)
    aborting_writer = ws.get_writer()
    abort = aborting_writer.abort()
    aborting_writer.release_lock()
    holder["close"].set_result(None)
    assert await abort is None


async def test_promises_must_fulfill_reject_in_the_expected_order_on_closure() -> None:
    writer = WritableStream({}).get_writer()
    close = writer.close()
    events: list[str] = []
    close.then(lambda _: events.append("closePromise"))
    writer.closed.then(lambda _: events.append("closed"))
    await close
    await writer.closed
    await flush_async_events()
    assert events == ["closePromise", "closed"]


async def test_promises_must_fulfill_reject_in_the_expected_order_on_aborted_closure() -> None:
    ws = WritableStream({})
    await delay(0)
    writer = ws.get_writer()
    close = writer.close()
    abort = writer.abort(error1)
    events: list[str] = []
    close.then(lambda _: events.append("closePromise"))
    abort.then(lambda _: events.append("abortPromise"))
    writer.closed.then(lambda _: events.append("closed"))
    await asyncio.gather(close, abort, writer.closed)
    await flush_async_events()
    assert events == ["closePromise", "abortPromise", "closed"]


async def test_promises_must_fulfill_reject_in_the_expected_order_on_aborted_and_errored_closure() -> (
    None
):
    ws = WritableStream({"close": lambda: rejected(error1)})
    await delay(0)
    writer = ws.get_writer()
    close = writer.close()
    abort = writer.abort(error2)
    events: list[str] = []
    close.then(None, lambda _: events.append("closePromise"))
    abort.then(None, lambda _: events.append("abortPromise"))
    writer.closed.then(None, lambda _: events.append("closed"))
    await rejects(close, error1)
    await rejects(abort, error1)
    await rejects(writer.closed, error2)
    await flush_async_events()
    assert events == ["closePromise", "abortPromise", "closed"]


async def test_close_should_not_reject_until_no_sink_methods_are_in_flight() -> None:
    holder: dict[str, Any] = {}

    def write(chunk: Any, c: Any) -> Any:
        holder["c"] = c
        holder["write"] = _future()
        return holder["write"]

    writer = WritableStream({"write": write}).get_writer()
    await writer.ready
    write_promise = writer.write("c")
    holder["c"].error(error1)
    close = writer.close()
    state = {"close_rejected": False}
    close.then(None, lambda _: state.__setitem__("close_rejected", True))
    await flush_async_events()
    assert not state["close_rejected"]
    holder["write"].set_result(None)
    await write_promise
    await rejects(close, error1)
    await flush_async_events()
    assert state["close_rejected"]


async def test_ready_promise_should_be_initialised_as_fulfilled_for_a_writer_on_a_closed_stream() -> (
    None
):
    ws = WritableStream()
    writer1 = ws.get_writer()
    await writer1.close()
    writer1.release_lock()
    writer2 = ws.get_writer()
    assert writer2.ready.settled
    await writer2.ready


async def test_close_on_a_writable_stream_should_work() -> None:
    ws = WritableStream()
    ws.close()
    await ws.get_writer().closed


async def test_close_on_a_locked_stream_should_reject() -> None:
    ws = WritableStream()
    ws.get_writer()
    await rejects(ws.close(), TypeError)


async def test_close_on_an_erroring_stream_should_reject() -> None:
    ws = WritableStream({"start": lambda c: c.error(error1)})
    await rejects(ws.close(), error1)


async def test_close_on_an_errored_stream_should_reject() -> None:
    ws = WritableStream({"start": lambda c: c.error(error1)})
    writer = ws.get_writer()
    await rejects(writer.closed, error1)
    writer.release_lock()
    await rejects(ws.close(), TypeError)


async def test_close_on_an_closed_stream_should_reject() -> None:
    ws = WritableStream()
    await ws.get_writer().close()
    await rejects(ws.close(), TypeError)


async def test_close_on_a_stream_with_a_pending_close_should_reject() -> None:
    ws = WritableStream({"close": lambda: _future()})
    writer = ws.get_writer()
    writer.close()
    writer.release_lock()
    await rejects(ws.close(), TypeError)
