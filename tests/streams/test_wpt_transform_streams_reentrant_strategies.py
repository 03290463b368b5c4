"""WPT streams/transform-streams/reentrant-strategies.any.js, ported."""

from __future__ import annotations

import asyncio
import math
from typing import Any

from streams_helpers import (
    WPTError,
    delay,
    flush_async_events,
    read_all,
    recording_writable_stream,
    rejects,
)

from webstd.streams import TransformStream

error1 = WPTError("error1")


def _ts(size: Any, hwm: float, holder: dict[str, Any], transformer: Any = None) -> TransformStream:
    if transformer is None:
        transformer = {"start": lambda c: holder.__setitem__("controller", c)}
    ts = TransformStream(transformer, None, {"size": size, "high_water_mark": hwm})
    holder["ts"] = ts
    return ts


async def test_enqueue_inside_size_should_work() -> None:
    holder: dict[str, Any] = {"calls": 0}

    def size(chunk: Any) -> int:
        holder["calls"] += 1
        if holder["calls"] < 2:
            holder["controller"].enqueue("b")
        return 1

    ts = _ts(size, math.inf, holder)
    writer = ts.writable.get_writer()
    await asyncio.gather(writer.write("a"), writer.close())
    assert await read_all(ts.readable) == ["b", "a"]


async def test_terminate_inside_size_should_work() -> None:
    holder: dict[str, Any] = {}

    def size(chunk: Any) -> int:
        holder["controller"].terminate()
        return 1

    ts = _ts(size, math.inf, holder)
    await ts.writable.get_writer().write("a")
    assert await read_all(ts.readable) == []


async def test_error_inside_size_should_work() -> None:
    holder: dict[str, Any] = {}

    def size(chunk: Any) -> int:
        holder["controller"].error(error1)
        return 1

    ts = _ts(size, math.inf, holder)
    await ts.writable.get_writer().write("a")
    await rejects(ts.readable.get_reader().read(), error1)


async def test_desiredsize_inside_size_should_work() -> None:
    holder: dict[str, Any] = {}

    def size(chunk: Any) -> int:
        assert holder["controller"].desired_size == 1
        return 1

    ts = _ts(size, 1, holder)
    writer = ts.writable.get_writer()
    await asyncio.gather(writer.write("a"), writer.close())
    assert await read_all(ts.readable) == ["a"]


async def test_readable_cancel_inside_size_should_work() -> None:
    holder: dict[str, Any] = {}

    def size(chunk: Any) -> int:
        holder["cancel"] = holder["ts"].readable.cancel(error1)
        return 1

    ts = _ts(size, math.inf, holder, {})
    writer = ts.writable.get_writer()
    await writer.write("a")
    await rejects(writer.closed, error1)
    await holder["cancel"]


async def test_pipeto_inside_size_should_work() -> None:
    holder: dict[str, Any] = {}
    ws = recording_writable_stream()

    def size(chunk: Any) -> int:
        if "pipe" not in holder:
            holder["pipe"] = holder["ts"].readable.pipe_to(ws.stream)
        return 1

    _ts(size, 1, holder)
    await delay(0)
    controller = holder["controller"]
    controller.enqueue("a")
    assert "pipe" in holder
    controller.enqueue("a")
    await delay(0)
    assert ws.events == ["write", "a", "write", "a"]
    controller.terminate()
    await holder["pipe"]
    assert ws.events == ["write", "a", "write", "a", "close"]


async def test_read_inside_of_size_should_work() -> None:
    holder: dict[str, Any] = {"calls": 0}

    def size(chunk: Any) -> int:
        holder["read"] = holder["reader"].read()
        holder["calls"] += 1
        return 1

    ts = _ts(size, 0, holder)
    holder["reader"] = ts.readable.get_reader()
    writer = ts.writable.get_writer()
    state = {"write_resolved": False}
    write_promise = writer.write("b")
    write_promise.then(lambda _: state.__setitem__("write_resolved", True))
    await flush_async_events()
    assert not state["write_resolved"]
    holder["controller"].enqueue("a")
    assert holder["calls"] == 1
    await delay(0)
    assert state["write_resolved"]
    assert holder["calls"] == 1
    result = await holder["read"]
    assert not result.done
    assert result.value == "b"
    assert holder["calls"] == 1
    await write_promise


async def test_writer_write_inside_size_should_work() -> None:
    holder: dict[str, Any] = {"calls": 0}

    def size(chunk: Any) -> int:
        holder["calls"] += 1
        if holder["calls"] < 2:
            holder["write1"] = holder["writer"].write("a")
        return 1

    ts = _ts(size, math.inf, holder, {})
    writer = holder["writer"] = ts.writable.get_writer()
    await delay(0)
    write2 = writer.write("b")
    assert holder["calls"] == 1
    await asyncio.gather(holder["write1"], write2, writer.close())
    assert holder["calls"] == 2
    assert await read_all(ts.readable) == ["b", "a"]
    assert holder["calls"] == 2


async def test_synchronous_writer_write_inside_size_should_work() -> None:
    holder: dict[str, Any] = {"calls": 0}

    def size(chunk: Any) -> int:
        holder["calls"] += 1
        if holder["calls"] < 2:
            holder["write"] = holder["writer"].write("a")
        return 1

    ts = _ts(size, math.inf, holder)
    writer = holder["writer"] = ts.writable.get_writer()
    await delay(0)
    holder["controller"].enqueue("b")
    assert holder["calls"] == 2
    await asyncio.gather(holder["write"], writer.close())
    assert await read_all(ts.readable) == ["a", "b"]
    assert holder["calls"] == 2


async def test_writer_close_inside_size_should_work() -> None:
    holder: dict[str, Any] = {}

    def size(chunk: Any) -> int:
        holder["close"] = holder["writer"].close()
        return 1

    ts = _ts(size, 1, holder)
    holder["writer"] = ts.writable.get_writer()
    reader = ts.readable.get_reader()
    await delay(0)
    holder["controller"].enqueue("a")
    result = await reader.read()
    assert not result.done
    assert result.value == "a"
    assert (await reader.read()).done
    await holder["close"]


async def test_writer_abort_inside_size_should_work() -> None:
    holder: dict[str, Any] = {}

    def size(chunk: Any) -> int:
        holder["abort"] = holder["ts"].writable.abort(error1)
        return 1

    ts = _ts(size, 1, holder)
    reader = ts.readable.get_reader()
    await delay(0)
    holder["controller"].enqueue("a")
    # The stored WPT copy expects this read() to reject; since the transformer cancel
    # algorithm (Streams §6.4.3 TransformStreamDefaultSinkAbortAlgorithm) the readable is
    # errored one microtask after abort(), so the chunk queued in the meantime is still
    # read (see tests/wpt/SKIPPED.md); the stream is errored with error1 right after.
    read = reader.read()
    await holder["abort"]
    result = await read
    assert result.value == "a"
    await rejects(reader.read(), error1)
