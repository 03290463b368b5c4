"""WPT streams/piping/abort.any.js, ported (pipe_to with an AbortSignal)."""

from __future__ import annotations

from typing import Any

import pytest
from streams_helpers import (
    WPTError,
    delay,
    recording_readable_stream,
    recording_writable_stream,
    rejects,
)

from webstd.abort import AbortController, DOMException
from webstd.streams import CountQueuingStrategy, ReadableStream, WritableStream
from webstd.streams._promise import rejected

error1 = WPTError("error1")
error2 = WPTError("error2")
error_on_pull = {"pull": lambda c: c.error("failed to abort")}
hwm0 = {"high_water_mark": 0}


async def _rejects_abort_error(awaitable: Any) -> DOMException:
    error = await rejects(awaitable, DOMException)
    assert isinstance(error, DOMException)
    assert error.name == "AbortError"
    return error


@pytest.mark.parametrize("invalid_signal", ["AbortSignal", True, -1, object()])
async def test_a_signal_argument_should_cause_pipeto_to_reject(invalid_signal: Any) -> None:
    rs = recording_readable_stream(error_on_pull, hwm0)
    ws = recording_writable_stream()
    await rejects(rs.stream.pipe_to(ws.stream, signal=invalid_signal), TypeError)
    assert rs.events == []
    assert ws.events == []


async def test_an_aborted_signal_should_cause_the_writable_stream_to_reject_with_an_aborterror() -> (
    None
):
    rs = recording_readable_stream(error_on_pull, hwm0)
    ws = WritableStream()
    controller = AbortController()
    controller.abort()
    await _rejects_abort_error(rs.stream.pipe_to(ws, signal=controller.signal))
    await rs.stream.get_reader().closed
    await _rejects_abort_error(ws.get_writer().closed)
    assert len(rs.events) == 2
    assert rs.events[0] == "cancel"
    assert isinstance(rs.events[1], DOMException) and rs.events[1].name == "AbortError"


async def test_an_aborted_signal_should_cause_the_writable_stream_to_reject_with_the_signal_s_abort_reason() -> (
    None
):
    rs = recording_readable_stream(error_on_pull, hwm0)
    ws = WritableStream()
    reason = Exception("hello")
    controller = AbortController()
    controller.abort(reason)
    assert controller.signal.reason is reason
    await rejects(rs.stream.pipe_to(ws, signal=controller.signal), reason)
    await rs.stream.get_reader().closed
    await rejects(ws.get_writer().closed, reason)
    assert rs.events == ["cancel", reason]


async def test_all_the_aborterror_objects_should_be_the_same_object() -> None:
    rs = recording_readable_stream(error_on_pull, hwm0)
    ws = WritableStream()
    controller = AbortController()
    controller.abort()
    error = await _rejects_abort_error(rs.stream.pipe_to(ws, signal=controller.signal))
    await rs.stream.get_reader().closed
    await rejects(ws.get_writer().closed, error)
    assert rs.events == ["cancel", error]


async def test_preventcancel_should_prevent_canceling_the_readable() -> None:
    rs = recording_readable_stream(error_on_pull, hwm0)
    controller = AbortController()
    controller.abort()
    await _rejects_abort_error(
        rs.stream.pipe_to(WritableStream(), signal=controller.signal, prevent_cancel=True)
    )
    assert rs.events == []


async def test_preventabort_should_prevent_aborting_the_readable() -> None:
    rs = ReadableStream(error_on_pull, hwm0)
    ws = recording_writable_stream()
    controller = AbortController()
    controller.abort()
    await _rejects_abort_error(rs.pipe_to(ws.stream, signal=controller.signal, prevent_abort=True))
    assert ws.events == []
    await ws.stream.get_writer().ready


async def test_preventcancel_and_preventabort_should_prevent_canceling_the_readable_and_aborting_the_readable() -> (
    None
):
    rs = recording_readable_stream(error_on_pull, hwm0)
    ws = recording_writable_stream()
    controller = AbortController()
    controller.abort()
    pipe = rs.stream.pipe_to(
        ws.stream, signal=controller.signal, prevent_cancel=True, prevent_abort=True
    )
    await _rejects_abort_error(pipe)
    assert rs.events == []
    assert ws.events == []
    await ws.stream.get_writer().ready


async def test_abort_should_prevent_further_reads() -> None:
    def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")
        c.close()

    controller = AbortController()
    ws = recording_writable_stream({"write": lambda chunk, c: controller.abort()})
    await _rejects_abort_error(
        ReadableStream({"start": start}).pipe_to(ws.stream, signal=controller.signal)
    )
    assert len(ws.events) == 4
    assert ws.events[:3] == ["write", "a", "abort"]
    assert ws.events[3].name == "AbortError"


async def test_all_pending_writes_should_complete_on_abort() -> None:
    import asyncio

    controllers: list[Any] = []

    def start(c: Any) -> None:
        controllers.append(c)
        c.enqueue("a")
        c.enqueue("b")

    gate = asyncio.Event()

    async def write(chunk: Any, c: Any) -> None:
        await gate.wait()

    abort_controller = AbortController()
    ws = recording_writable_stream(
        {"write": write}, CountQueuingStrategy(high_water_mark=float("inf"))
    )
    pipe = ReadableStream({"start": start}).pipe_to(ws.stream, signal=abort_controller.signal)
    await delay(0)
    abort_controller.abort()
    controllers[0].close()
    gate.set()
    await _rejects_abort_error(pipe)
    assert len(ws.events) == 6
    assert ws.events[:5] == ["write", "a", "write", "b", "abort"]
    assert ws.events[5].name == "AbortError"


async def test_a_rejection_from_underlyingsource_cancel_should_be_returned_by_pipeto() -> None:
    rs = ReadableStream(
        {"pull": lambda c: c.error("failed to abort"), "cancel": lambda r: rejected(error1)}, hwm0
    )
    controller = AbortController()
    controller.abort()
    await rejects(rs.pipe_to(WritableStream(), signal=controller.signal), error1)


async def test_a_rejection_from_underlyingsink_abort_should_be_returned_by_pipeto() -> None:
    rs = ReadableStream(error_on_pull, hwm0)
    ws = WritableStream({"abort": lambda r: rejected(error1)})
    controller = AbortController()
    controller.abort()
    await rejects(rs.pipe_to(ws, signal=controller.signal), error1)


async def test_a_rejection_from_underlyingsink_abort_should_be_preferred_to_one_from_underlyingsource_cancel() -> (
    None
):
    events: list[str] = []

    def cancel(reason: Any) -> Any:
        events.append("cancel")
        return rejected(error1)

    def abort(reason: Any) -> Any:
        events.append("abort")
        return rejected(error2)

    rs = ReadableStream({"pull": lambda c: c.error("failed to abort"), "cancel": cancel}, hwm0)
    ws = WritableStream({"abort": abort})
    controller = AbortController()
    controller.abort()
    await rejects(rs.pipe_to(ws, signal=controller.signal), error2)
    assert events == ["abort", "cancel"]


async def test_abort_signal_takes_priority_over_closed_readable() -> None:
    rs = ReadableStream({"start": lambda c: c.close()})
    controller = AbortController()
    controller.abort()
    await _rejects_abort_error(rs.pipe_to(WritableStream(), signal=controller.signal))


async def test_abort_signal_takes_priority_over_errored_readable() -> None:
    rs = ReadableStream({"start": lambda c: c.error(error1)})
    controller = AbortController()
    controller.abort()
    await _rejects_abort_error(rs.pipe_to(WritableStream(), signal=controller.signal))


async def test_abort_signal_takes_priority_over_closed_writable() -> None:
    rs = ReadableStream(error_on_pull, hwm0)
    ws = WritableStream()
    controller = AbortController()
    controller.abort()
    writer = ws.get_writer()
    await writer.close()
    writer.release_lock()
    await _rejects_abort_error(rs.pipe_to(ws, signal=controller.signal))


async def test_abort_signal_takes_priority_over_errored_writable() -> None:
    rs = ReadableStream(error_on_pull, hwm0)
    ws = WritableStream({"start": lambda c: c.error(error1)})
    controller = AbortController()
    controller.abort()
    await _rejects_abort_error(rs.pipe_to(ws, signal=controller.signal))


async def test_abort_should_do_nothing_after_the_readable_is_closed() -> None:
    controllers: list[Any] = []
    rs = ReadableStream({"start": controllers.append})
    ws = WritableStream()
    controller = AbortController()
    pipe = rs.pipe_to(ws, signal=controller.signal, prevent_close=True)
    controllers[0].close()
    await delay(0)
    controller.abort()
    await pipe
    await ws.get_writer().write("this should succeed")


async def test_abort_should_do_nothing_after_the_readable_is_errored() -> None:
    controllers: list[Any] = []
    rs = ReadableStream({"start": controllers.append})
    ws = WritableStream()
    controller = AbortController()
    pipe = rs.pipe_to(ws, signal=controller.signal, prevent_abort=True)
    controllers[0].error(error1)
    await delay(0)
    controller.abort()
    await rejects(pipe, error1)
    await ws.get_writer().write("this should succeed")


async def test_abort_should_do_nothing_after_the_writable_is_errored() -> None:
    async def pull(c: Any) -> None:
        await delay(0)
        c.close()

    rs = recording_readable_stream({"pull": pull})
    controllers: list[Any] = []
    ws = WritableStream({"start": controllers.append})
    controller = AbortController()
    pipe = rs.stream.pipe_to(ws, signal=controller.signal, prevent_cancel=True)
    await delay(0)
    controllers[0].error(error1)
    await delay(0)
    controller.abort()
    await rejects(pipe, error1)
    assert rs.events == ["pull"]
