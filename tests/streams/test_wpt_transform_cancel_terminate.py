"""WPT streams/transform-streams/cancel.any.js, terminate.any.js, flush.any.js and
backpressure.any.js, ported (their main cases)."""

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
    recording_transform_stream,
    rejects,
)

from webstd.streams import ReadableStream, TransformStream

thrown_error = WPTError("error1")
original_reason = WPTError("error2")
error1 = WPTError("error1")


# -- cancel.any.js -----------------------------------------------------------


async def test_cancelling_the_readable_side_should_call_transformer_cancel() -> None:
    cancelled: list[Any] = []
    ts = TransformStream({"cancel": cancelled.append})
    assert await ts.readable.cancel(thrown_error) is None
    assert cancelled == [thrown_error]


async def test_cancelling_the_readable_side_should_reject_if_transformer_cancel_throws() -> None:
    def cancel(reason: Any) -> None:
        assert reason is original_reason
        raise thrown_error

    ts = TransformStream({"cancel": cancel})
    writer = ts.writable.get_writer()
    await rejects(ts.readable.cancel(original_reason), thrown_error)
    await rejects(writer.closed, thrown_error)


async def test_aborting_the_writable_side_should_call_transformer_abort() -> None:
    aborted: list[Any] = []
    ts = TransformStream({"cancel": aborted.append, "flush": raiser(AssertionError("flush"))})
    assert await ts.writable.abort(thrown_error) is None
    assert aborted == [thrown_error]


async def test_aborting_the_writable_side_should_reject_if_transformer_cancel_throws() -> None:
    def cancel(reason: Any) -> None:
        assert reason is original_reason
        raise thrown_error

    ts = TransformStream({"cancel": cancel, "flush": raiser(AssertionError("flush"))})
    reader = ts.readable.get_reader()
    await rejects(ts.writable.abort(original_reason), thrown_error)
    await rejects(reader.closed, thrown_error)


async def test_closing_the_writable_side_should_reject_if_a_parallel_transformer_cancel_throws() -> (
    None
):
    async def cancel(reason: Any) -> None:
        assert reason is original_reason
        raise thrown_error

    ts = TransformStream({"cancel": cancel, "flush": raiser(AssertionError("flush"))})
    cancel_promise = ts.readable.cancel(original_reason)
    close_promise = ts.writable.close()
    await rejects(cancel_promise, thrown_error)
    await rejects(close_promise, thrown_error)


async def test_readable_cancel_and_a_parallel_writable_close_should_reject_if_a_transformer_cancel_calls_controller_error() -> (
    None
):
    controllers: list[Any] = []

    async def cancel(reason: Any) -> None:
        controllers[0].error(thrown_error)

    ts = TransformStream(
        {"start": controllers.append, "cancel": cancel, "flush": raiser(AssertionError())}
    )
    cancel_promise = ts.readable.cancel(original_reason)
    close_promise = ts.writable.close()
    await rejects(cancel_promise, thrown_error)
    await rejects(close_promise, thrown_error)


async def test_writable_abort_and_readable_cancel_should_reject_if_a_transformer_cancel_calls_controller_error() -> (
    None
):
    controllers: list[Any] = []

    async def cancel(reason: Any) -> None:
        controllers[0].error(thrown_error)

    ts = TransformStream(
        {"start": controllers.append, "cancel": cancel, "flush": raiser(AssertionError())}
    )
    await rejects(ts.writable.abort(original_reason), thrown_error)
    await rejects(ts.readable.cancel(1), thrown_error)


# -- terminate.any.js ----------------------------------------------------------


async def test_controller_terminate_should_error_pipeto() -> None:
    ts = recording_transform_stream({}, None, {"high_water_mark": 0})
    rs = ReadableStream({"start": lambda c: c.enqueue(0)})
    pipe = rs.pipe_to(ts.writable)
    await delay(0)
    assert ts.events == []
    assert not pipe.settled
    ts.controller.terminate()
    await rejects(pipe, TypeError)
    assert ts.events == []


async def test_controller_terminate_should_prevent_remaining_chunks_from_being_processed() -> None:
    ts = recording_transform_stream({}, None, {"high_water_mark": 1})

    def start(c: Any) -> None:
        c.enqueue(0)
        c.enqueue(1)

    pipe = ReadableStream({"start": start}).pipe_to(ts.writable)
    await delay(0)
    assert ts.events == ["transform", 0]
    ts.controller.terminate()
    await rejects(pipe, TypeError)
    assert ts.events == ["transform", 0]


def test_controller_enqueue_should_throw_after_controller_terminate() -> None:
    def start(c: Any) -> None:
        c.enqueue(0)
        c.terminate()
        with pytest.raises(TypeError):
            c.enqueue(1)

    TransformStream({"start": start})


async def test_controller_error_after_controller_terminate_with_queued_chunk_should_error_the_readable() -> (
    None
):
    def start(c: Any) -> None:
        c.enqueue(0)
        c.terminate()
        c.error(error1)

    ts = TransformStream({"start": start})
    await rejects(ts.writable.abort(), TypeError)
    await rejects(ts.readable.cancel(), error1)
    await rejects(ts.readable.get_reader().closed, error1)


async def test_controller_error_after_controller_terminate_without_queued_chunk_should_do_nothing() -> (
    None
):
    def start(c: Any) -> None:
        c.terminate()
        c.error(error1)

    ts = TransformStream({"start": start})
    await rejects(ts.writable.abort(), TypeError)
    await ts.readable.cancel()
    await ts.readable.get_reader().closed


async def test_controller_terminate_inside_flush_should_not_prevent_writer_close_from_succeeding() -> (
    None
):
    ts = TransformStream({"flush": lambda c: c.terminate()})
    writer = ts.writable.get_writer()
    await asyncio.gather(writer.close(), writer.closed, ts.readable.get_reader().closed)


# -- flush.any.js ----------------------------------------------------------------


async def test_transformstream_flush_is_called_immediately_when_the_writable_is_closed_if_no_writes_are_pending() -> (
    None
):
    flushed = []
    ts = TransformStream({"transform": lambda chunk, c: None, "flush": flushed.append})
    writer = ts.writable.get_writer()
    await writer.close()
    assert len(flushed) == 1


async def test_transformstream_flush_is_called_after_all_queued_writes_finish_once_the_writable_is_closed() -> (
    None
):
    gate = asyncio.Event()
    flushed = []

    async def transform(chunk: Any, c: Any) -> None:
        await gate.wait()

    ts = TransformStream(
        {"transform": transform, "flush": flushed.append}, None, {"high_water_mark": 1}
    )
    writer = ts.writable.get_writer()
    writer.write("a")
    close = writer.close()
    await flush_async_events()
    assert flushed == []
    gate.set()
    await close
    assert len(flushed) == 1


async def test_transformstream_flush_gets_a_chance_to_enqueue_more_into_the_readable() -> None:
    def flush(c: Any) -> None:
        c.enqueue("x")
        c.enqueue("y")

    ts = TransformStream({"transform": lambda chunk, c: None, "flush": flush})
    writer = ts.writable.get_writer()
    writer.write("a")
    writer.close()
    assert await read_all(ts.readable) == ["x", "y"]


async def test_transformstream_flush_gets_a_chance_to_enqueue_more_into_the_readable_and_can_then_async_close() -> (
    None
):
    async def flush(c: Any) -> None:
        c.enqueue("x")
        c.enqueue("y")
        await delay(0)

    ts = TransformStream({"transform": lambda chunk, c: None, "flush": flush})
    writer = ts.writable.get_writer()
    writer.write("a")
    writer.close()
    chunks = asyncio.ensure_future(read_all(ts.readable))
    await writer.closed
    assert await chunks == ["x", "y"]


async def test_error_returned_from_flush_should_be_thrown_by_closed_and_close() -> None:
    error = WPTError("flush error")

    async def flush(c: Any) -> None:
        raise error

    ts = TransformStream({"flush": flush})
    writer = ts.writable.get_writer()
    await rejects(writer.close(), error)
    await rejects(writer.closed, error)
    await rejects(ts.readable.get_reader().closed, error)


# -- backpressure.any.js -----------------------------------------------------


async def test_backpressure_allows_no_transforms_with_a_default_identity_transform_and_no_reader() -> (
    None
):
    ts = recording_transform_stream({}, None, {"high_water_mark": 0})
    writer = ts.writable.get_writer()
    writer.write("a")
    await delay(0)
    assert ts.events == []
    assert writer.desired_size == 0


async def test_backpressure_only_allows_one_transform_with_a_identity_transform_with_a_readable_hwm_of_1_and_no_reader() -> (
    None
):
    ts = recording_transform_stream({}, None, {"high_water_mark": 1})
    writer = ts.writable.get_writer()
    writer.write("a")
    writer.write("b")
    await delay(0)
    assert ts.events == ["transform", "a"]


async def test_writer_ready_should_resolve_after_a_read_relieves_backpressure() -> None:
    ts = TransformStream()
    writer = ts.writable.get_writer()
    writer.write("a")
    ready = writer.ready
    await flush_async_events()
    assert not ready.settled
    reader = ts.readable.get_reader()
    assert (await reader.read()).value == "a"
    await ready
    assert writer.desired_size == 1
