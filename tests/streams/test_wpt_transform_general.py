"""WPT streams/transform-streams/general.any.js, ported (plus the identity pipe_through property)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streams_helpers import WPTError, delay, flush_async_events, read_all, rejects

from webstd.streams import ReadableStream, TransformStream, WritableStream


def test_transformstream_can_be_constructed_with_a_transform_function() -> None:
    TransformStream({"transform": lambda chunk, c: None})


def test_transformstream_can_be_constructed_with_no_transform_function() -> None:
    TransformStream()
    TransformStream({})


def test_transformstream_instances_must_have_writable_and_readable_properties_of_the_correct_types() -> (
    None
):
    ts = TransformStream({"transform": lambda chunk, c: None})
    assert isinstance(ts.writable, WritableStream)
    assert isinstance(ts.readable, ReadableStream)
    with pytest.raises(AttributeError):
        ts.readable = ReadableStream()  # type: ignore[misc]


def test_transformstream_writable_starts_in_the_writable_state() -> None:
    ts = TransformStream({"transform": lambda chunk, c: None})
    assert ts.writable.get_writer().desired_size == 1


async def test_identity_transformstream_can_read_from_readable_what_is_put_into_writable() -> None:
    ts = TransformStream()
    writer = ts.writable.get_writer()
    writer.write("a")
    assert writer.desired_size == 0
    result = await ts.readable.get_reader().read()
    assert result.value == "a"
    assert result.done is False
    await delay(0)
    assert writer.desired_size == 1


async def test_uppercaser_sync_transformstream_can_read_from_readable_transformed_version_of_what_is_put_into_writable() -> (
    None
):
    ts = TransformStream({"transform": lambda chunk, c: c.enqueue(chunk.upper())})
    ts.writable.get_writer().write("a")
    result = await ts.readable.get_reader().read()
    assert (result.value, result.done) == ("A", False)


async def test_uppercaser_doubler_sync_transformstream_can_read_both_chunks_put_into_the_readable() -> (
    None
):
    def transform(chunk: Any, c: Any) -> None:
        c.enqueue(chunk.upper())
        c.enqueue(chunk.upper())

    ts = TransformStream({"transform": transform})
    ts.writable.get_writer().write("a")
    reader = ts.readable.get_reader()
    assert (await reader.read()).value == "A"
    assert (await reader.read()).value == "A"


async def test_uppercaser_async_transformstream_can_read_from_readable_transformed_version_of_what_is_put_into_writable() -> (
    None
):
    async def transform(chunk: Any, c: Any) -> None:
        await delay(0)
        c.enqueue(chunk.upper())

    ts = TransformStream({"transform": transform})
    ts.writable.get_writer().write("a")
    assert (await ts.readable.get_reader().read()).value == "A"


async def test_uppercaser_doubler_async_transformstream_can_read_both_chunks_put_into_the_readable() -> (
    None
):
    second: list[Any] = []
    done = asyncio.Event()
    tasks: list[Any] = []

    async def transform(chunk: Any, c: Any) -> None:
        async def later() -> None:
            await delay(0)
            c.enqueue(chunk.upper())

        tasks.append(asyncio.ensure_future(later()))
        second.append(lambda: c.enqueue(chunk.upper()))
        await done.wait()

    ts = TransformStream({"transform": transform})
    reader = ts.readable.get_reader()
    ts.writable.get_writer().write("a")
    assert (await reader.read()).value == "A"
    second[0]()
    assert (await reader.read()).value == "A"
    done.set()
    await asyncio.gather(*tasks)


async def test_transformstream_by_default_closing_the_writable_closes_the_readable_when_there_are_no_queued_writes() -> (
    None
):
    ts = TransformStream({"transform": lambda chunk, c: None})
    writer = ts.writable.get_writer()
    writer.close()
    await asyncio.gather(writer.closed, ts.readable.get_reader().closed)


async def test_transformstream_by_default_closing_the_writable_waits_for_transforms_to_finish_before_closing_both() -> (
    None
):
    gate = asyncio.Event()

    async def transform(chunk: Any, c: Any) -> None:
        await gate.wait()

    ts = TransformStream({"transform": transform}, None, {"high_water_mark": 1})
    writer = ts.writable.get_writer()
    writer.write("a")
    writer.close()
    closed = ts.readable.get_reader().closed
    await delay(0)
    assert not closed.settled
    gate.set()
    await writer.closed
    await flush_async_events()
    assert closed.settled


async def test_transformstream_by_default_closing_the_writable_closes_the_readable_after_sync_enqueues_and_async_done() -> (
    None
):
    async def transform(chunk: Any, c: Any) -> None:
        c.enqueue("x")
        c.enqueue("y")
        await delay(0)

    ts = TransformStream({"transform": transform})
    writer = ts.writable.get_writer()
    writer.write("a")
    writer.close()
    chunks = asyncio.ensure_future(read_all(ts.readable))
    await writer.closed
    assert await chunks == ["x", "y"]


async def test_transformstream_by_default_closing_the_writable_closes_the_readable_after_async_enqueues_and_async_done() -> (
    None
):
    async def transform(chunk: Any, c: Any) -> None:
        await delay(0)
        c.enqueue("x")
        c.enqueue("y")
        await delay(0)

    ts = TransformStream({"transform": transform})
    writer = ts.writable.get_writer()
    writer.write("a")
    writer.close()
    chunks = asyncio.ensure_future(read_all(ts.readable))
    await writer.closed
    assert await chunks == ["x", "y"]


async def test_transform_stream_should_call_transformer_methods_as_methods() -> None:
    class Transformer:
        suffix = "-suffix"

        def start(self, c: Any) -> None:
            c.enqueue("start" + self.suffix)

        def transform(self, chunk: Any, c: Any) -> None:
            c.enqueue(chunk + self.suffix)

        def flush(self, c: Any) -> None:
            c.enqueue("flushed" + self.suffix)

    ts = TransformStream(Transformer())
    writer = ts.writable.get_writer()
    writer.write("a")
    writer.close()
    chunks = asyncio.ensure_future(read_all(ts.readable))
    await writer.closed
    assert await chunks == ["start-suffix", "a-suffix", "flushed-suffix"]


async def test_transformstream_start_transform_and_flush_should_be_strictly_ordered() -> None:
    state = {
        "start_called": False,
        "start_done": False,
        "transform_done": False,
        "flush_done": False,
    }

    async def start(c: Any) -> None:
        state["start_called"] = True
        await flush_async_events()
        state["start_done"] = True

    async def transform(chunk: Any, c: Any) -> None:
        assert state["start_done"]
        await flush_async_events()
        state["transform_done"] = True

    async def flush(c: Any) -> None:
        assert state["transform_done"]
        await flush_async_events()
        state["flush_done"] = True

    ts = TransformStream(
        {"start": start, "transform": transform, "flush": flush}, None, {"high_water_mark": 1}
    )
    assert state["start_called"]
    writer = ts.writable.get_writer()
    write = writer.write("a")
    await writer.close()
    assert state["flush_done"]
    await write


async def test_it_should_be_possible_to_call_transform_synchronously() -> None:
    called = []
    ts = TransformStream(
        {"transform": lambda chunk, c: called.append(chunk)},
        None,
        {"high_water_mark": float("inf")},
    )
    await delay(0)
    write = ts.writable.get_writer().write()
    assert called == [None]
    await write


async def test_closing_the_writable_should_close_the_readable_when_there_are_no_queued_chunks_even_with_backpressure() -> (
    None
):
    ts = TransformStream({}, None, {"high_water_mark": 0})
    writer = ts.writable.get_writer()
    writer.close()
    await asyncio.gather(writer.closed, ts.readable.get_reader().closed)


def test_enqueue_should_throw_after_controller_terminate() -> None:
    def start(c: Any) -> None:
        c.terminate()
        with pytest.raises(TypeError):
            c.enqueue()

    TransformStream({"start": start})


async def test_enqueue_should_throw_after_readable_cancel() -> None:
    controllers: list[Any] = []
    ts = TransformStream({"start": controllers.append})
    cancel = ts.readable.cancel()
    with pytest.raises(TypeError):
        controllers[0].enqueue()
    await cancel


def test_controller_terminate_should_do_nothing_the_second_time_it_is_called() -> None:
    def start(c: Any) -> None:
        c.terminate()
        c.terminate()

    TransformStream({"start": start})


async def test_terminate_should_abort_writable_immediately_after_readable_cancel() -> None:
    controllers: list[Any] = []
    ts = TransformStream({"start": controllers.append})
    reason = WPTError("cancelReason")
    cancel = ts.readable.cancel(reason)
    controllers[0].terminate()
    await cancel
    await rejects(ts.writable.get_writer().closed, TypeError)


async def test_terminate_should_do_nothing_after_readable_cancel_resolves() -> None:
    controllers: list[Any] = []
    ts = TransformStream({"start": controllers.append})
    reason = WPTError("cancelReason")
    await ts.readable.cancel(reason)
    controllers[0].terminate()
    await rejects(ts.writable.get_writer().closed, reason)


async def test_start_should_not_be_called_twice() -> None:
    calls = []
    TransformStream({"start": calls.append})
    await flush_async_events()
    assert len(calls) == 1


def test_specifying_a_defined_readabletype_should_throw() -> None:
    with pytest.raises(ValueError):
        TransformStream({"readable_type": "bytes"})


def test_specifying_a_defined_writabletype_should_throw() -> None:
    with pytest.raises(ValueError):
        TransformStream({"writable_type": "bytes"})


@given(
    st.lists(
        st.one_of(st.integers(), st.text(max_size=5), st.binary(max_size=8), st.none()), max_size=30
    )
)
def test_pipe_through_identity_transformstream_yields_exactly_the_input(chunks: list[Any]) -> None:
    async def run() -> list[Any]:
        return await read_all(ReadableStream.from_(chunks).pipe_through(TransformStream()))

    assert asyncio.run(run()) == chunks


@given(
    st.lists(st.binary(max_size=8), max_size=20),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=0, max_value=4),
)
def test_pipe_through_identity_with_any_high_water_marks_yields_exactly_the_input(
    chunks: list[bytes], writable_hwm: int, readable_hwm: int
) -> None:
    async def run() -> list[Any]:
        async def agen() -> Any:
            for chunk in chunks:
                await asyncio.sleep(0)
                yield chunk

        ts = TransformStream(
            None, {"high_water_mark": writable_hwm}, {"high_water_mark": readable_hwm}
        )
        return await read_all(ReadableStream.from_(agen()).pipe_through(ts))

    assert asyncio.run(run()) == chunks
