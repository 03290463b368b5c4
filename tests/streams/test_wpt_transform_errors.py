"""WPT streams/transform-streams/errors.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from streams_helpers import WPTError, delay, flush_async_events, raiser, rejects

from webstd.streams import TransformStream

thrown_error = WPTError("error1")
ignored_error = WPTError("ignoredError")


async def test_transformstream_errors_thrown_in_transform_put_the_writable_and_readable_in_an_errored_state() -> (
    None
):
    ts = TransformStream({"transform": raiser(thrown_error)})
    reader = ts.readable.get_reader()
    writer = ts.writable.get_writer()
    write = writer.write("a")
    read = reader.read()
    await rejects(write, thrown_error)
    await rejects(read, thrown_error)
    await rejects(reader.closed, thrown_error)
    await rejects(writer.closed, thrown_error)


async def test_transformstream_errors_thrown_in_flush_put_the_writable_and_readable_in_an_errored_state() -> (
    None
):
    ts = TransformStream({"transform": lambda chunk, c: None, "flush": raiser(thrown_error)})
    reader = ts.readable.get_reader()
    writer = ts.writable.get_writer()
    write = writer.write("a")
    close = writer.close()
    read = reader.read()
    await write
    await rejects(close, thrown_error)
    await rejects(read, thrown_error)
    await rejects(reader.closed, thrown_error)
    await rejects(writer.closed, thrown_error)


def test_errored_transformstream_should_not_enqueue_new_chunks() -> None:
    def start(c: Any) -> None:
        c.enqueue("a")
        c.error(Exception("generic error"))
        with pytest.raises(TypeError):
            c.enqueue("b")

    TransformStream({"start": start})


async def test_transformstream_transformer_start_rejected_promise_should_error_the_stream() -> None:
    async def start(c: Any) -> None:
        await flush_async_events()
        raise thrown_error

    ts = TransformStream(
        {"start": start, "transform": raiser(AssertionError()), "flush": raiser(AssertionError())}
    )
    writer = ts.writable.get_writer()
    reader = ts.readable.get_reader()
    write, close, read = writer.write("a"), writer.close(), reader.read()
    await rejects(write, thrown_error)
    await rejects(close, thrown_error)
    await rejects(read, thrown_error)


async def test_when_controller_error_is_followed_by_a_rejection_the_error_reason_should_come_from_controller_error() -> (
    None
):
    controller_error = WPTError("controllerError")

    async def start(c: Any) -> None:
        await flush_async_events()
        c.error(controller_error)
        raise Exception("ignored error")

    ts = TransformStream(
        {"start": start, "transform": raiser(AssertionError()), "flush": raiser(AssertionError())}
    )
    writer = ts.writable.get_writer()
    reader = ts.readable.get_reader()
    write, close, read = writer.write("a"), writer.close(), reader.read()
    await rejects(write, controller_error)
    await rejects(close, controller_error)
    await rejects(read, controller_error)


def test_transformstream_constructor_should_throw_when_start_does() -> None:
    with pytest.raises(UnicodeError):
        TransformStream(
            {"start": raiser(UnicodeError("start thrown error")), "transform": lambda c, k: None}
        )


def test_when_strategy_size_throws_inside_start_the_constructor_should_throw_the_same_error() -> (
    None
):
    with pytest.raises(UnicodeError):
        TransformStream(
            {"start": lambda c: c.enqueue("a"), "transform": lambda c, k: None},
            None,
            {"size": raiser(UnicodeError("size thrown error"))},
        )


def test_when_strategy_size_calls_controller_error_then_throws_the_constructor_should_throw_the_first_error() -> (
    None
):
    controller_error = UnicodeError("controller.error")
    controllers: list[Any] = []

    def size(chunk: Any) -> int:
        controllers[0].error(controller_error)
        raise Exception("redundant error")

    def start(c: Any) -> None:
        controllers.append(c)
        c.enqueue("a")

    with pytest.raises(UnicodeError) as info:
        TransformStream({"start": start, "transform": lambda c, k: None}, None, {"size": size})
    assert info.value is controller_error


async def test_cancelling_the_readable_side_should_error_the_writable() -> None:
    ts = TransformStream()
    writer = ts.writable.get_writer()
    closed = writer.closed
    await ts.readable.cancel(thrown_error)
    await rejects(closed, thrown_error)


async def test_it_should_be_possible_to_error_the_readable_between_close_requested_and_complete() -> (
    None
):
    controllers: list[Any] = []
    ts = TransformStream({"start": controllers.append})
    writer = ts.writable.get_writer()
    reader = ts.readable.get_reader()
    write = writer.write("a")
    close = writer.close()
    controllers[0].error(thrown_error)
    await rejects(reader.closed, thrown_error)
    await rejects(write, thrown_error)
    await rejects(close, thrown_error)


async def test_an_exception_from_transform_should_error_the_stream_if_terminate_has_been_requested_but_not_completed() -> (
    None
):
    def transform(chunk: Any, c: Any) -> None:
        c.enqueue(chunk)
        c.terminate()
        raise thrown_error

    ts = TransformStream({"transform": transform}, None, {"high_water_mark": 1})
    write = ts.writable.get_writer().write("a")
    closed = ts.readable.get_reader().closed
    await rejects(write, thrown_error)
    await rejects(closed, thrown_error)


async def test_abort_should_set_the_close_reason_for_the_writable_when_it_happens_before_cancel_during_start_but_cancel_should_still_succeed() -> (
    None
):
    ts = TransformStream()
    writer = ts.writable.get_writer()
    abort = writer.abort(thrown_error)
    cancel = ts.readable.cancel(Exception("cancel reason"))
    await abort
    await cancel
    await rejects(writer.closed, thrown_error)


async def test_controller_error_should_do_nothing_the_second_time_it_is_called() -> None:
    def start(c: Any) -> None:
        c.error(thrown_error)
        c.error(ignored_error)

    ts = TransformStream({"start": start})
    await rejects(ts.writable.abort(), thrown_error)


async def test_controller_error_should_do_nothing_after_writable_abort_has_completed() -> None:
    controllers: list[Any] = []
    ts = TransformStream({"start": controllers.append})
    await ts.writable.abort(thrown_error)
    controllers[0].error(ignored_error)
    await rejects(ts.writable.get_writer().closed, thrown_error)


async def test_controller_error_should_do_nothing_after_a_transformer_method_has_thrown_an_exception() -> (
    None
):
    controllers: list[Any] = []
    ts = TransformStream(
        {"start": controllers.append, "transform": raiser(thrown_error)},
        None,
        {"high_water_mark": float("inf")},
    )
    writer = ts.writable.get_writer()
    await rejects(writer.write(), thrown_error)
    controllers[0].error()
    await rejects(writer.closed, thrown_error)


async def test_erroring_during_write_with_backpressure_should_result_in_the_write_failing() -> None:
    controllers: list[Any] = []
    calls = 0

    def transform(chunk: Any, c: Any) -> None:
        nonlocal calls
        calls += 1

    ts = TransformStream(
        {"start": controllers.append, "transform": transform}, None, {"high_water_mark": 1}
    )
    await delay(0)
    controllers[0].enqueue("a")
    writer = ts.writable.get_writer()
    write = writer.write("b")
    assert calls == 0
    controllers[0].error(thrown_error)
    await rejects(write, thrown_error)
    assert calls == 0


async def test_a_write_that_was_waiting_for_backpressure_should_reject_if_the_writable_is_aborted() -> (
    None
):
    ts = TransformStream({}, None, {"high_water_mark": 0})
    await delay(0)
    writer = ts.writable.get_writer()
    write = writer.write(0)
    abort = writer.abort(thrown_error)
    read = ts.readable.get_reader().read()
    await rejects(read, thrown_error)
    await rejects(write, thrown_error)
    await abort


async def test_the_readable_should_be_errored_with_the_reason_passed_to_the_writable_abort_method() -> (
    None
):
    ts = TransformStream()
    ts.writable.abort(thrown_error)
    await rejects(ts.readable.get_reader().read(), thrown_error)
    await asyncio.sleep(0)
