"""WPT streams/transform-streams/backpressure.any.js, ported (WPT `delay(0)` lets every
promise job run; here that is flush_async_events(), as asyncio futures settle over
several loop turns)."""

from __future__ import annotations

import asyncio
import math
from typing import Any

from streams_helpers import (
    WPTError,
    delay,
    flush_async_events,
    recording_transform_stream,
    rejects,
)

from webstd.streams import CountQueuingStrategy, ReadableStream, TransformStream

error1 = WPTError("error1")


async def test_backpressure_allows_no_transforms_with_a_default_identity_transform_and_no_reader() -> (
    None
):
    ts = recording_transform_stream()
    ts.writable.get_writer().write("a")
    await flush_async_events()
    assert ts.events == []


async def test_backpressure_only_allows_one_transform_with_a_identity_transform_with_a_readable_hwm_of_1_and_no_reader() -> (
    None
):
    ts = recording_transform_stream({}, None, {"high_water_mark": 1})
    writer = ts.writable.get_writer()
    writer.write("a")
    writer.write("b")
    await flush_async_events()
    assert ts.events == ["transform", "a"]


async def test_transform_should_keep_being_called_as_long_as_there_is_no_backpressure() -> None:
    ts = recording_transform_stream(
        {"transform": lambda chunk, c: None}, None, {"high_water_mark": 1}
    )
    writer = ts.writable.get_writer()
    await asyncio.gather(*[writer.write(i) for i in range(4)])
    assert ts.events == ["transform", 0, "transform", 1, "transform", 2, "transform", 3]


async def test_writes_should_resolve_as_soon_as_transform_completes() -> None:
    ts = TransformStream({}, None, {"high_water_mark": 1})
    writer = ts.writable.get_writer()
    reader = ts.readable.get_reader()
    events: list[str] = []
    promises = [writer.write("a"), writer.write("b"), writer.close()]
    for promise, name in zip(promises, ["a", "b", "closed"], strict=True):
        promise.then(lambda _, name=name: events.append(name))
    await flush_async_events()
    assert events == ["a"]
    result = await reader.read()
    assert (result.value, result.done) == ("a", False)
    await flush_async_events()
    assert events == ["a", "b", "closed"]
    result = await reader.read()
    assert (result.value, result.done) == ("b", False)
    assert (await reader.read()).done
    await asyncio.gather(*promises)


async def test_calling_pull_before_the_first_write_with_backpressure_should_work() -> None:
    ts = TransformStream(None, None, {"high_water_mark": 0})
    writer = ts.writable.get_writer()
    reader = ts.readable.get_reader()
    read = reader.read()
    writer.write("a")
    result = await read
    assert (result.value, result.done) == ("a", False)


async def test_transform_should_be_able_to_read_the_chunk_it_just_enqueued() -> None:
    holder: dict[str, Any] = {}

    def transform(chunk: Any, controller: Any) -> Any:
        controller.enqueue(chunk)
        return holder["reader"].read()

    ts = recording_transform_stream({"transform": transform}, None, {"high_water_mark": 1})
    writer = ts.writable.get_writer()
    holder["reader"] = ts.readable.get_reader()
    assert await writer.write("a") is None


async def test_blocking_transform_should_cause_backpressure() -> None:
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    ts = recording_transform_stream(
        {"transform": lambda chunk, c: future}, None, CountQueuingStrategy(high_water_mark=math.inf)
    )
    writer = ts.writable.get_writer()
    assert writer.desired_size == 1
    await delay(0)
    writer.write("a")
    assert ts.events == ["transform", "a"]
    assert writer.desired_size == 0
    await flush_async_events()
    assert writer.desired_size == 0
    future.set_result(None)
    await flush_async_events()
    assert writer.desired_size == 1


async def test_writer_closed_should_resolve_after_readable_is_canceled_during_start() -> None:
    ts = TransformStream()
    ts.readable.cancel(error1)
    await rejects(ts.writable.get_writer().closed, error1)


async def test_writer_closed_should_resolve_after_readable_is_canceled_with_backpressure() -> None:
    ts = TransformStream({}, None, {"high_water_mark": 0})
    await delay(0)
    ts.readable.cancel(error1)
    await rejects(ts.writable.get_writer().closed, error1)


async def test_writer_closed_should_resolve_after_readable_is_canceled_with_no_backpressure() -> (
    None
):
    ts = TransformStream({}, None, {"high_water_mark": 1})
    await delay(0)
    ts.readable.cancel(error1)
    await rejects(ts.writable.get_writer().closed, error1)


async def test_cancelling_the_readable_should_cause_a_pending_write_to_resolve() -> None:
    ts = TransformStream({}, None, {"high_water_mark": 1})
    writer = ts.writable.get_writer()
    await delay(0)
    write = writer.write("a")
    ts.readable.cancel(error1)
    assert await write is None


async def test_cancelling_the_readable_side_of_a_transformstream_should_abort_an_empty_pipe() -> (
    None
):
    ts = TransformStream()
    pipe = ReadableStream().pipe_to(ts.writable)
    ts.readable.cancel(error1)
    await rejects(pipe, error1)


async def test_cancelling_the_readable_side_of_a_transformstream_should_abort_an_empty_pipe_after_startup() -> (
    None
):
    ts = TransformStream()
    pipe = ReadableStream().pipe_to(ts.writable)
    await delay(0)
    ts.readable.cancel(error1)
    await rejects(pipe, error1)


async def test_cancelling_the_readable_side_of_a_transformstream_should_abort_a_full_pipe() -> None:
    def start(c: Any) -> None:
        for chunk in "abc":
            c.enqueue(chunk)

    ts = TransformStream()
    pipe = ReadableStream({"start": start}).pipe_to(ts.writable)
    await delay(0)
    ts.readable.cancel(error1)
    await rejects(pipe, error1)
