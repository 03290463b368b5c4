"""WPT streams/piping close-propagation-forward/backward, error-propagation-backward,
flow-control, multiple-propagation and pipe-through .any.js, ported (their main cases)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from streams_helpers import (
    WPTError,
    delay,
    flush_async_events,
    raiser,
    read_all,
    recording_readable_stream,
    recording_writable_stream,
    rejects,
    sequential_readable_stream,
    without_pulls,
)

from webstd.streams import CountQueuingStrategy, ReadableStream, TransformStream, WritableStream
from webstd.streams._promise import rejected

error1 = WPTError("error1")
error2 = WPTError("error2")


# -- close-propagation-forward.any.js -----------------------------------------


@pytest.mark.parametrize("close_mode", ["fulfilled", "rejected", "prevent_close"])
async def test_closing_must_be_propagated_forward_starts_closed(close_mode: str) -> None:
    rs = recording_readable_stream({"start": lambda c: c.close()})
    extras = {"close": raiser(error1)} if close_mode == "rejected" else {}
    ws = recording_writable_stream(extras)
    pipe = rs.stream.pipe_to(ws.stream, prevent_close=close_mode == "prevent_close")
    if close_mode == "rejected":
        await rejects(pipe, error1)
    else:
        assert await pipe is None
    assert rs.events == []
    assert ws.events == ([] if close_mode == "prevent_close" else ["close"])
    assert not rs.stream.locked and not ws.stream.locked
    await rs.stream.get_reader().closed
    if close_mode == "prevent_close":
        await ws.stream.get_writer().write("still writable")


@pytest.mark.parametrize("close_mode", ["fulfilled", "rejected", "prevent_close"])
async def test_closing_must_be_propagated_forward_becomes_closed_asynchronously(
    close_mode: str,
) -> None:
    rs = recording_readable_stream()
    extras = {"close": raiser(error1)} if close_mode == "rejected" else {}
    ws = recording_writable_stream(extras)
    pipe = rs.stream.pipe_to(ws.stream, prevent_close=close_mode == "prevent_close")
    await delay(10)
    rs.controller.close()
    if close_mode == "rejected":
        await rejects(pipe, error1)
    else:
        await pipe
    assert without_pulls(rs.events) == []
    assert ws.events == ([] if close_mode == "prevent_close" else ["close"])


@pytest.mark.parametrize("close_mode", ["fulfilled", "prevent_close"])
async def test_closing_must_be_propagated_forward_becomes_closed_after_one_chunk(
    close_mode: str,
) -> None:
    rs = recording_readable_stream()
    ws = recording_writable_stream()
    pipe = rs.stream.pipe_to(ws.stream, prevent_close=close_mode == "prevent_close")
    await delay(10)
    rs.controller.enqueue("Hello")
    await delay(10)
    rs.controller.close()
    await pipe
    assert ws.events == ["write", "Hello"] + ([] if close_mode == "prevent_close" else ["close"])


async def test_closing_must_be_propagated_forward_shutdown_must_not_occur_until_the_final_write_completes() -> (
    None
):
    rs = recording_readable_stream()
    write_called = asyncio.Event()
    gate = asyncio.Event()

    async def write(chunk: Any, c: Any) -> None:
        write_called.set()
        await gate.wait()

    ws = recording_writable_stream({"write": write})
    pipe = rs.stream.pipe_to(ws.stream)
    rs.controller.enqueue("a")
    await write_called.wait()
    rs.controller.close()
    await flush_async_events()
    assert ws.events == ["write", "a"]
    assert not pipe.settled
    gate.set()
    await pipe
    assert ws.events == ["write", "a", "close"]


# -- close-propagation-backward.any.js ---------------------------------------


@pytest.mark.parametrize("cancel_mode", ["fulfilled", "rejected", "prevent_cancel"])
async def test_closing_must_be_propagated_backward_starts_closed(cancel_mode: str) -> None:
    extras = {"cancel": lambda r: rejected(error1)} if cancel_mode == "rejected" else {}
    rs = recording_readable_stream(extras)
    ws = recording_writable_stream()
    writer = ws.stream.get_writer()
    writer.close()
    writer.release_lock()
    pipe = rs.stream.pipe_to(ws.stream, prevent_cancel=cancel_mode == "prevent_cancel")
    if cancel_mode == "rejected":
        await rejects(pipe, error1)
    else:
        await rejects(pipe, TypeError)
    events = without_pulls(rs.events)
    if cancel_mode == "prevent_cancel":
        assert events == []
    else:
        assert events[0] == "cancel"
        assert isinstance(events[1], TypeError)
    assert ws.events == ["close"]


# -- error-propagation-backward.any.js ---------------------------------------


@pytest.mark.parametrize("cancel_mode", ["fulfilled", "rejected", "prevent_cancel"])
async def test_errors_must_be_propagated_backward_starts_errored(cancel_mode: str) -> None:
    extras = {"cancel": lambda r: rejected(error2)} if cancel_mode == "rejected" else {}
    rs = recording_readable_stream(extras)

    async def start(c: Any) -> None:
        raise error1

    ws = recording_writable_stream({"start": start})
    await flush_async_events()
    pipe = rs.stream.pipe_to(ws.stream, prevent_cancel=cancel_mode == "prevent_cancel")
    await rejects(pipe, error2 if cancel_mode == "rejected" else error1)
    expected = [] if cancel_mode == "prevent_cancel" else ["cancel", error1]
    assert without_pulls(rs.events) == expected


@pytest.mark.parametrize("cancel_mode", ["fulfilled", "rejected", "prevent_cancel"])
async def test_errors_must_be_propagated_backward_becomes_errored_during_piping_due_to_write(
    cancel_mode: str,
) -> None:
    extras = {"cancel": lambda r: rejected(error2)} if cancel_mode == "rejected" else {}
    rs = recording_readable_stream(extras)
    ws = recording_writable_stream({"write": raiser(error1)})
    pipe = rs.stream.pipe_to(ws.stream, prevent_cancel=cancel_mode == "prevent_cancel")
    rs.controller.enqueue("Hello")
    await rejects(pipe, error2 if cancel_mode == "rejected" else error1)
    assert ws.events == ["write", "Hello"]
    expected = [] if cancel_mode == "prevent_cancel" else ["cancel", error1]
    assert without_pulls(rs.events) == expected


async def test_errors_must_be_propagated_backward_becomes_errored_after_piping_via_abort_dest_never_desires_chunks() -> (
    None
):
    rs = recording_readable_stream()
    ws = recording_writable_stream({}, CountQueuingStrategy(high_water_mark=0))
    pipe = rs.stream.pipe_to(ws.stream)
    await delay(10)
    ws.controller.error(error1)
    await rejects(pipe, error1)
    assert without_pulls(rs.events) == ["cancel", error1]


async def test_errors_must_be_propagated_backward_becomes_errored_before_piping_due_to_write_preventcancel_false() -> (
    None
):
    rs = recording_readable_stream()
    ws = recording_writable_stream({"write": raiser(error1)})
    writer = ws.stream.get_writer()
    await rejects(writer.write("Hello"), error1)
    writer.release_lock()
    await rejects(rs.stream.pipe_to(ws.stream), error1)
    assert without_pulls(rs.events) == ["cancel", error1]


# -- flow-control.any.js -----------------------------------------------------


async def test_piping_from_a_non_empty_readablestream_into_a_writablestream_that_does_not_desire_chunks() -> (
    None
):
    def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")
        c.close()

    rs = recording_readable_stream({"start": start})
    ws = recording_writable_stream({}, CountQueuingStrategy(high_water_mark=0))
    pipe = rs.stream.pipe_to(ws.stream)
    await delay(10)
    # The destination never desires chunks: nothing may be read or written.
    assert ws.events == []
    assert not pipe.settled
    ws.controller.error(error1)
    await rejects(pipe, error1)
    assert rs.events == ["cancel", error1]


async def test_piping_to_a_writablestream_that_does_not_consume_the_writes_fast_enough_exerts_backpressure_on_the_readablestream() -> (
    None
):
    gates: list[asyncio.Event] = []

    async def write(chunk: Any, c: Any) -> None:
        gate = asyncio.Event()
        gates.append(gate)
        await gate.wait()

    rs = recording_readable_stream({}, CountQueuingStrategy(high_water_mark=2))
    ws = recording_writable_stream({"write": write}, CountQueuingStrategy(high_water_mark=2))
    pipe = rs.stream.pipe_to(ws.stream)
    for chunk in "abcd":
        rs.controller.enqueue(chunk)
    await flush_async_events()
    # One write in flight, one queued: the writable's desired size reached 0, so the rest stay in the source.
    assert ws.events == ["write", "a"]
    assert rs.controller.desired_size == 0
    while len([e for e in ws.events if e == "write"]) < 4:
        gates[-1].set()
        await flush_async_events()
    rs.controller.close()
    gates[-1].set()
    await pipe
    assert ws.events == ["write", "a", "write", "b", "write", "c", "write", "d", "close"]


# -- multiple-propagation.any.js ---------------------------------------------


async def test_piping_from_an_errored_readable_stream_to_an_errored_writable_stream() -> None:
    rs = recording_readable_stream({"start": lambda c: c.error(error1)})
    ws = recording_writable_stream({"start": lambda c: c.error(error2)})
    await flush_async_events()
    await rejects(rs.stream.pipe_to(ws.stream), error1)
    assert rs.events == []
    assert ws.events == []
    await rejects(ws.stream.get_writer().closed, error2)
    await rejects(rs.stream.get_reader().closed, error1)


async def test_piping_from_a_closed_readable_stream_to_an_errored_writable_stream() -> None:
    rs = recording_readable_stream({"start": lambda c: c.close()})
    ws = recording_writable_stream({"start": lambda c: c.error(error1)})
    await flush_async_events()
    await rejects(rs.stream.pipe_to(ws.stream), error1)
    assert rs.events == []
    assert ws.events == []


async def test_piping_from_an_errored_readable_stream_to_a_closed_writable_stream() -> None:
    rs = recording_readable_stream({"start": lambda c: c.error(error1)})
    ws = recording_writable_stream()
    writer = ws.stream.get_writer()
    await writer.close()
    writer.release_lock()
    await rejects(rs.stream.pipe_to(ws.stream), error1)
    assert ws.events == ["close"]


# -- pipe-through.any.js -----------------------------------------------------


def _duck_typed_pass_through() -> dict[str, Any]:
    controllers: list[Any] = []
    readable = ReadableStream({"start": controllers.append})
    writable = WritableStream(
        {
            "write": lambda chunk, c: controllers[0].enqueue(chunk),
            "close": lambda: controllers[0].close(),
        }
    )
    return {"writable": writable, "readable": readable}


async def test_piping_through_a_duck_typed_pass_through_transform_stream_should_work() -> None:
    rs, _ = sequential_readable_stream(5)
    assert await read_all(rs.pipe_through(_duck_typed_pass_through())) == [1, 2, 3, 4, 5]


async def test_piping_through_an_object_with_readable_and_writable_attributes_should_work() -> None:
    class Pair:
        def __init__(self) -> None:
            ts = TransformStream()
            self.readable, self.writable = ts.readable, ts.writable

    assert await read_all(ReadableStream.from_([1, 2]).pipe_through(Pair())) == [1, 2]


async def test_piping_through_a_transform_errored_on_the_writable_end_does_not_cause_an_unhandled_promise_rejection() -> (
    None
):
    transform = {
        "writable": WritableStream({"start": lambda c: c.error(Exception("not unhandled"))}),
        "readable": ReadableStream(),
    }
    rs, _ = sequential_readable_stream(5)
    rs.pipe_through(transform)
    await flush_async_events()


def test_undefined_readable_or_writable_arguments_should_cause_pipethrough_to_throw() -> None:
    pairs: list[Any] = [
        {},
        {"readable": None, "writable": None},
        {"readable": "readable"},
        {"readable": "readable", "writable": None},
        {"writable": "writable"},
        {"readable": None, "writable": "writable"},
        {"readable": ReadableStream(), "writable": "writable"},
        {"readable": "readable", "writable": WritableStream()},
    ]
    for pair in pairs:
        with pytest.raises(TypeError):
            ReadableStream().pipe_through(pair)


def test_pipethrough_should_throw_if_this_is_locked() -> None:
    rs = ReadableStream()
    rs.get_reader()
    with pytest.raises(TypeError):
        rs.pipe_through(TransformStream())


def test_pipethrough_should_throw_if_writable_is_locked() -> None:
    ts = TransformStream()
    ts.writable.get_writer()
    rs = ReadableStream()
    with pytest.raises(TypeError):
        rs.pipe_through(ts)
    assert not rs.locked


def test_pipethrough_should_lock_this_and_writable_and_return_readable() -> None:
    rs, ts = ReadableStream(), TransformStream()
    assert rs.pipe_through(ts) is ts.readable
    assert rs.locked
    assert ts.writable.locked
    assert not ts.readable.locked


def test_pipethrough_should_throw_for_an_invalid_signal() -> None:
    with pytest.raises(TypeError):
        ReadableStream().pipe_through(TransformStream(), signal="signal")  # type: ignore[arg-type]


async def test_pipethrough_passes_the_options_to_pipe_to() -> None:
    rs = recording_readable_stream()
    ts = TransformStream()
    out = rs.stream.pipe_through(ts, prevent_cancel=True)
    await out.cancel(error1)
    await flush_async_events()
    assert "cancel" not in rs.events
