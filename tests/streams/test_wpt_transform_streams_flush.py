"""WPT streams/transform-streams/flush.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

from streams_helpers import WPTError, delay, flush_async_events, rejects

from webstd.streams import TransformStream

error1 = WPTError("error1")


async def test_transformstream_flush_is_called_immediately_when_the_writable_is_closed_if_no_writes_are_queued() -> (
    None
):
    called = {"flush": False}

    def flush(controller: Any) -> None:
        called["flush"] = True

    ts = TransformStream({"transform": lambda chunk, c: None, "flush": flush})
    await ts.writable.get_writer().close()
    assert called["flush"]


async def test_transformstream_flush_is_called_after_all_queued_writes_finish_once_the_writable_is_closed() -> (
    None
):
    state: dict[str, Any] = {"flush": False, "rs_closed": False}
    loop = asyncio.get_running_loop()

    def transform(chunk: Any, controller: Any) -> Any:
        future = loop.create_future()
        state["resolve"] = lambda: future.set_result(None)
        return future

    def flush(controller: Any) -> Any:
        state["flush"] = True
        return loop.create_future()  # never resolves

    ts = TransformStream({"transform": transform, "flush": flush}, None, {"high_water_mark": 1})
    writer = ts.writable.get_writer()
    writer.write("a")
    writer.close()
    assert not state["flush"]
    ts.readable.get_reader().closed.then(lambda _: state.__setitem__("rs_closed", True))
    await delay(0)
    assert not state["flush"]
    state["resolve"]()
    await flush_async_events()  # an asyncio future settles over several loop turns
    assert state["flush"]
    assert not state["rs_closed"]


def _enqueuing_flush(holder: dict[str, Any], then: Any = None) -> TransformStream:
    def flush(controller: Any) -> Any:
        holder["c"].enqueue("x")
        holder["c"].enqueue("y")
        return then() if then else None

    return TransformStream(
        {
            "start": lambda c: holder.__setitem__("c", c),
            "transform": lambda chunk, c: None,
            "flush": flush,
        }
    )


async def test_transformstream_flush_gets_a_chance_to_enqueue_more_into_the_readable() -> None:
    ts = _enqueuing_flush({})
    reader = ts.readable.get_reader()
    writer = ts.writable.get_writer()
    writer.write("a")
    writer.close()
    result1 = await reader.read()
    assert (result1.value, result1.done) == ("x", False)
    result2 = await reader.read()
    assert (result2.value, result2.done) == ("y", False)


async def test_transformstream_flush_gets_a_chance_to_enqueue_more_into_the_readable_and_can_then_async_close() -> (
    None
):
    ts = _enqueuing_flush({}, lambda: delay(0))
    reader = ts.readable.get_reader()
    writer = ts.writable.get_writer()
    writer.write("a")
    writer.close()

    async def reads() -> None:
        result1 = await reader.read()
        assert (result1.value, result1.done) == ("x", False)
        result2 = await reader.read()
        assert (result2.value, result2.done) == ("y", False)

    async def closed() -> None:
        assert await reader.closed is None

    await asyncio.gather(reads(), closed())


async def test_error_during_flush_should_cause_writer_close_to_reject() -> None:
    ts = TransformStream({"flush": lambda controller: controller.error(error1)})
    await rejects(ts.writable.get_writer().close(), error1)
