"""WPT streams/writable-streams/aborting.any.js, close.any.js and start.any.js, ported (main cases)."""

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

from webstd.abort import AbortSignal
from webstd.streams import WritableStream

error1 = WPTError("error1")
error2 = WPTError("error2")


# -- aborting.any.js -----------------------------------------------------------


async def test_aborting_a_writablestream_before_it_starts_should_cause_the_writer_s_unsettled_ready_promise_to_reject() -> (
    None
):
    ws = WritableStream({"write": raiser(AssertionError("write"))}, {"high_water_mark": 0})
    writer = ws.get_writer()
    ready = writer.ready
    writer.abort(error1)
    await rejects(ready, error1)


async def test_aborting_a_writablestream_should_cause_the_writer_s_fulfilled_ready_promise_to_reset_to_a_rejected_one() -> (
    None
):
    writer = WritableStream().get_writer()
    await writer.ready
    old_ready = writer.ready
    writer.abort(error1)
    assert writer.ready is not old_ready
    await rejects(writer.ready, error1)


async def test_abort_on_a_released_writer_rejects() -> None:
    writer = WritableStream().get_writer()
    writer.release_lock()
    await rejects(writer.abort(), TypeError)


async def test_aborting_a_writablestream_immediately_prevents_future_writes() -> None:
    ws = recording_writable_stream()
    await delay(0)
    writer = ws.stream.get_writer()
    writer.abort(error1)
    await rejects(writer.write(1), error1)
    await rejects(writer.write(2), error1)
    await flush_async_events()
    assert ws.events == ["abort", error1]


async def test_aborting_a_writablestream_prevents_further_writes_after_any_that_are_in_progress() -> (
    None
):
    gate = asyncio.Event()

    async def write(chunk: Any, c: Any) -> None:
        await gate.wait()

    ws = recording_writable_stream({"write": write})
    await delay(0)
    writer = ws.stream.get_writer()
    first = writer.write(1)
    abort = writer.abort(error1)
    await rejects(writer.write(2), error1)
    gate.set()
    await first
    await abort
    assert ws.events == ["write", 1, "abort", error1]


async def test_fulfillment_value_of_writer_abort_call_must_be_undefined_even_if_the_underlying_sink_returns_a_non_undefined_value() -> (
    None
):
    writer = WritableStream({"abort": lambda reason: "Hello"}).get_writer()
    assert await writer.abort("a") is None


async def test_writablestream_if_sink_s_abort_throws_the_promise_returned_by_writer_abort_rejects() -> (
    None
):
    writer = WritableStream({"abort": raiser(error1)}).get_writer()
    await rejects(writer.abort(None), error1)


async def test_writablestream_if_sink_s_abort_throws_the_promise_returned_by_ws_abort_rejects() -> (
    None
):
    await rejects(WritableStream({"abort": raiser(error1)}).abort(None), error1)


async def test_aborting_a_writablestream_passes_through_the_given_reason() -> None:
    ws = recording_writable_stream()
    await ws.stream.get_writer().abort(error1)
    assert ws.events == ["abort", error1]


async def test_aborting_a_writablestream_puts_it_in_an_errored_state_with_the_error_passed_to_abort() -> (
    None
):
    writer = WritableStream().get_writer()
    writer.abort(error1)
    write, close = writer.write(), writer.close()
    await rejects(write, error1)
    await rejects(close, error1)
    await rejects(writer.closed, error1)
    await rejects(writer.close(), TypeError)  # once errored, close() is a TypeError


async def test_closing_but_then_immediately_aborting_a_writablestream_causes_the_stream_to_error() -> (
    None
):
    writer = WritableStream().get_writer()
    writer.close()
    abort = writer.abort(error1)
    await rejects(writer.closed, error1)
    await abort


async def test_closing_a_writablestream_and_aborting_it_while_it_closes_causes_the_stream_to_ignore_the_abort_attempt() -> (
    None
):
    gate = asyncio.Event()

    async def close() -> None:
        await gate.wait()

    writer = WritableStream({"close": close}).get_writer()
    await delay(0)
    close_promise = writer.close()
    abort = writer.abort(error1)
    await flush_async_events()
    gate.set()
    await close_promise
    await abort
    await writer.closed


async def test_aborting_a_writablestream_after_it_is_closed_is_a_no_op() -> None:
    writer = WritableStream().get_writer()
    await writer.close()
    assert await writer.abort(error1) is None
    await writer.closed


async def test_ws_abort_on_a_locked_stream_should_reject() -> None:
    ws = WritableStream()
    ws.get_writer()
    await rejects(ws.abort(), TypeError)


async def test_writablestreamdefaultcontroller_signal() -> None:
    controllers: list[Any] = []
    ws = WritableStream({"start": controllers.append})
    signal = controllers[0].signal
    assert isinstance(signal, AbortSignal)
    assert signal.aborted is False
    ws.abort(error1)
    assert signal.aborted is True
    assert signal.reason is error1


async def test_the_abort_signal_is_signalled_synchronously_write() -> None:
    seen: list[Any] = []
    controllers: list[Any] = []
    gate = asyncio.Event()

    async def write(chunk: Any, c: Any) -> None:
        await gate.wait()

    ws = WritableStream({"start": controllers.append, "write": write})
    writer = ws.get_writer()
    await delay(0)
    controllers[0].signal.add_event_listener("abort", lambda event: seen.append(event.type))
    write_promise = writer.write("a")
    writer.abort(error1)
    assert seen == ["abort"]
    gate.set()
    await write_promise


async def test_the_abort_signal_is_not_signalled_on_error() -> None:
    controllers: list[Any] = []
    ws = WritableStream({"start": controllers.append})
    controllers[0].error(error1)
    await rejects(ws.get_writer().closed, error1)
    assert controllers[0].signal.aborted is False


# -- close.any.js --------------------------------------------------------------


async def test_fulfillment_value_of_ws_close_call_must_be_undefined_even_if_the_underlying_sink_returns_a_non_undefined_value() -> (
    None
):
    writer = WritableStream({"close": lambda: "Hello"}).get_writer()
    assert await writer.close() is None


async def test_when_sink_calls_error_asynchronously_while_sink_close_is_in_progress_the_stream_should_not_become_errored() -> (
    None
):
    controllers: list[Any] = []

    async def close() -> None:
        await delay(0)
        controllers[0].error(error1)

    writer = WritableStream({"start": controllers.append, "close": close}).get_writer()
    await writer.close()
    await writer.closed


async def test_when_sink_calls_error_synchronously_while_closing_the_stream_should_become_errored() -> (
    None
):
    controllers: list[Any] = []

    def close() -> None:
        controllers[0].error(error1)

    writer = WritableStream({"start": controllers.append, "close": close}).get_writer()
    await writer.close()
    await writer.closed


async def test_when_close_is_called_on_a_writablestream_in_writable_state_ready_should_return_a_fulfilled_promise() -> (
    None
):
    writer = WritableStream().get_writer()
    await writer.ready
    writer.close()
    await writer.ready


async def test_when_close_is_called_on_a_writablestream_in_waiting_state_ready_promise_should_be_fulfilled() -> (
    None
):
    gate = asyncio.Event()

    async def write(chunk: Any, c: Any) -> None:
        await gate.wait()

    writer = WritableStream({"write": write}, {"high_water_mark": 0}).get_writer()
    await delay(0)
    writer.write("a")
    ready = writer.ready
    writer.close()
    await ready
    gate.set()
    await writer.closed


async def test_close_during_write_should_be_queued_after_the_write() -> None:
    ws = recording_writable_stream()
    writer = ws.stream.get_writer()
    writer.write("a")
    await writer.close()
    assert ws.events == ["write", "a", "close"]


async def test_returning_a_rejected_promise_from_close_should_reject_the_closed_promise() -> None:
    writer = WritableStream({"close": raiser(error1)}).get_writer()
    await rejects(writer.close(), error1)
    await rejects(writer.closed, error1)


async def test_ws_close_on_a_stream_that_is_already_closing_rejects() -> None:
    ws = WritableStream()
    ws.close()
    await rejects(ws.close(), TypeError)


async def test_writer_close_on_a_closed_stream_rejects() -> None:
    writer = WritableStream().get_writer()
    await writer.close()
    await rejects(writer.close(), TypeError)
    await rejects(writer.write("x"), TypeError)


# -- start.any.js --------------------------------------------------------------


async def test_underlying_sink_s_write_should_not_be_called_until_start_finishes() -> None:
    gate = asyncio.Event()
    events: list[str] = []

    async def start(c: Any) -> None:
        await gate.wait()
        events.append("started")

    writer = WritableStream(
        {"start": start, "write": lambda chunk, c: events.append("write")}
    ).get_writer()
    write = writer.write("a")
    await flush_async_events()
    assert events == []
    gate.set()
    await write
    assert events == ["started", "write"]


async def test_underlying_sink_s_close_should_not_be_called_until_start_finishes() -> None:
    gate = asyncio.Event()
    events: list[str] = []

    async def start(c: Any) -> None:
        await gate.wait()

    writer = WritableStream({"start": start, "close": lambda: events.append("close")}).get_writer()
    close = writer.close()
    await flush_async_events()
    assert events == []
    gate.set()
    await close
    assert events == ["close"]


def test_underlying_sink_s_start_is_called_synchronously_and_can_throw() -> None:
    try:
        WritableStream({"start": raiser(error1)})
    except WPTError as error:
        assert error is error1
    else:
        raise AssertionError("the constructor should re-throw")


async def test_returning_a_rejected_promise_from_start_errors_the_stream() -> None:
    async def start(c: Any) -> None:
        raise error1

    writer = WritableStream({"start": start}).get_writer()
    await rejects(writer.write("a"), error1)
    await rejects(writer.closed, error1)


async def test_controller_error_in_start_errors_the_stream_once_started() -> None:
    writer = WritableStream({"start": lambda c: c.error(error1)}).get_writer()
    await rejects(writer.ready, error1)
    await rejects(writer.closed, error1)
