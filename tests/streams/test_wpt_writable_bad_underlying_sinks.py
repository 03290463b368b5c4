"""WPT streams/writable-streams/bad-underlying-sinks.any.js and constructor.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from streams_helpers import (
    WPTError,
    delay,
    flush_async_events,
    raiser,
    recording_writable_stream,
    rejects,
)

from webstd.streams import (
    WritableStream,
    WritableStreamDefaultController,
    WritableStreamDefaultWriter,
)
from webstd.streams._promise import rejected

error1 = WPTError("error1")
error2 = WPTError("error2")


@pytest.mark.parametrize("name", ["start", "write", "close", "abort"])
def test_throwing_getter_should_cause_constructor_to_throw(name: str) -> None:
    class Sink:
        def __getattr__(self, attribute: str) -> Any:
            if attribute == name:
                raise error1
            raise AttributeError(attribute)

    with pytest.raises(WPTError) as info:
        WritableStream(Sink())
    assert info.value is error1


@pytest.mark.parametrize("name", ["start", "write", "close", "abort"])
def test_non_callable_sink_method_should_cause_constructor_to_throw(name: str) -> None:
    with pytest.raises(TypeError):
        WritableStream({name: "potato"})


async def test_close_throwing_method_should_cause_writer_close_and_ready_to_reject() -> None:
    writer = WritableStream({"close": raiser(error1)}).get_writer()
    await rejects(writer.close(), error1)
    await rejects(writer.closed, error1)


async def test_close_returning_a_rejected_promise_should_cause_writer_close_and_ready_to_reject() -> (
    None
):
    writer = WritableStream({"close": lambda: rejected(error1)}).get_writer()
    await rejects(writer.close(), error1)
    await rejects(writer.closed, error1)


async def test_close_only_reject_the_writer_s_close_promise_if_the_underlying_sink_s_close_fails() -> (
    None
):
    writer = WritableStream({"close": raiser(error1)}).get_writer()
    write = writer.write("a")
    await write
    await rejects(writer.close(), error1)


async def test_write_throwing_method_should_cause_write_and_closed_to_reject() -> None:
    ws = recording_writable_stream({"write": raiser(error1)})
    writer = ws.stream.get_writer()
    await rejects(writer.write("a"), error1)
    await rejects(writer.closed, error1)
    assert ws.events == ["write", "a"]


async def test_write_returning_a_promise_that_becomes_rejected_after_the_writer_write_should_cause_writer_write_and_ready_to_reject() -> (
    None
):
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    writer = WritableStream({"write": lambda chunk, c: future}).get_writer()
    await writer.ready
    write = writer.write("a")
    await flush_async_events()
    future.set_exception(error1)
    await rejects(write, error1)
    await rejects(writer.ready, error1)


async def test_write_returning_a_rejected_promise_second_write_should_cause_writer_write_and_ready_to_reject() -> (
    None
):
    calls = 0

    def write(chunk: Any, c: Any) -> Any:
        nonlocal calls
        calls += 1
        return rejected(error1) if calls == 2 else None

    writer = WritableStream({"write": write}).get_writer()
    await writer.write("a")
    await rejects(writer.write("b"), error1)
    await rejects(writer.ready, error1)
    await rejects(writer.closed, error1)


async def test_abort_throwing_method_should_cause_abort_and_closed_to_reject() -> None:
    writer = WritableStream({"abort": raiser(error1)}).get_writer()
    await rejects(writer.abort(error2), error1)
    await rejects(writer.closed, error2)


async def test_start_a_rejected_promise_from_start_makes_write_reject_and_the_sink_write_is_never_called() -> (
    None
):
    async def start(c: Any) -> None:
        await delay(1)
        raise error1

    ws = recording_writable_stream({"start": start})
    writer = ws.stream.get_writer()
    await rejects(writer.write("a"), error1)
    assert ws.events == []


# -- constructor.any.js ----------------------------------------------------------


def test_writablestream_can_be_constructed_with_no_arguments() -> None:
    WritableStream()
    WritableStream({})
    WritableStream(None)


def test_writablestream_should_throw_if_type_is_specified() -> None:
    with pytest.raises(ValueError):
        WritableStream({"type": "bytes"})


def test_writablestream_should_be_writable_and_ready_should_fulfill_immediately_if_the_strategy_does_not_apply_backpressure() -> (
    None
):
    async def run() -> None:
        writer = WritableStream({}, {"high_water_mark": 10}).get_writer()
        assert writer.desired_size == 10
        await writer.ready

    asyncio.run(run())


def test_writablestreamdefaultcontroller_and_writer_constructor_checks() -> None:
    with pytest.raises(TypeError):
        WritableStreamDefaultController()
    with pytest.raises(TypeError):
        WritableStreamDefaultWriter("potato")  # type: ignore[arg-type]
    ws = WritableStream()
    WritableStreamDefaultWriter(ws)
    with pytest.raises(TypeError):
        WritableStreamDefaultWriter(ws)


async def test_writablestream_start_should_be_called_once_with_the_controller() -> None:
    controllers: list[Any] = []
    WritableStream({"start": controllers.append})
    await flush_async_events()
    assert len(controllers) == 1
    assert isinstance(controllers[0], WritableStreamDefaultController)


async def test_controller_error_after_the_stream_closes_is_a_no_op() -> None:
    controllers: list[Any] = []
    writer = WritableStream({"start": controllers.append}).get_writer()
    await writer.close()
    controllers[0].error(error1)
    await writer.closed
