"""WPT streams/writable-streams/reentrant-strategy.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

from streams_helpers import WPTError, flush_async_events, recording_writable_stream, rejects

from webstd.streams import WritableStream

error1 = WPTError("error1")


async def test_writes_should_be_written_in_the_standard_order() -> None:
    holder: dict[str, Any] = {}

    def size(chunk: Any) -> Any:
        if chunk > 0:
            holder["writer"].write(chunk - 1)
        return chunk

    ws = recording_writable_stream({}, {"size": size})
    holder["writer"] = ws.stream.get_writer()
    await holder["writer"].write(2)
    assert ws.events == ["write", 0, "write", 1, "write", 2]


async def test_writer_write_promises_should_resolve_in_the_standard_order() -> None:
    holder: dict[str, Any] = {}
    events: list[Any] = []

    def size(chunk: Any) -> Any:
        events.extend(["size", chunk])
        if chunk > 0:
            holder["writer"].write(chunk - 1).then(
                lambda _: events.extend(["writer.write done", chunk - 1])
            )
        return chunk

    ws = WritableStream(
        {"write": lambda chunk, c: events.extend(["sink.write", chunk])}, {"size": size}
    )
    holder["writer"] = ws.get_writer()
    await holder["writer"].write(2)
    events.extend(["writer.write done", 2])
    await flush_async_events()
    assert events == [
        "size", 2, "size", 1, "size", 0,
        "sink.write", 0, "sink.write", 1, "writer.write done", 0,
        "sink.write", 2, "writer.write done", 1,
        "writer.write done", 2,
    ]  # fmt: skip


async def test_controller_error_should_work_when_called_from_within_strategy_size() -> None:
    holder: dict[str, Any] = {}

    def size(chunk: Any) -> int:
        holder["controller"].error(error1)
        return 1

    ws = recording_writable_stream({}, {"size": size})
    holder["controller"] = ws.controller
    resolved: list[str] = []
    writer = ws.stream.get_writer()

    async def ready1() -> None:
        await writer.ready
        resolved.append("ready1")

    async def expect(name: str, awaitable: Any) -> None:
        await rejects(awaitable, error1)
        resolved.append(name)

    t1 = asyncio.ensure_future(ready1())
    await asyncio.sleep(0)
    write = writer.write(None)
    await asyncio.gather(
        t1, expect("write", write), expect("ready2", writer.ready), expect("closed", writer.closed)
    )
    assert resolved == ["ready1", "write", "ready2", "closed"]
    assert ws.events == []


async def test_close_should_work_when_called_from_within_strategy_size() -> None:
    holder: dict[str, Any] = {}

    def size(chunk: Any) -> int:
        holder["writer"].close()
        return 1

    ws = recording_writable_stream({}, {"size": size})
    holder["writer"] = ws.stream.get_writer()
    await rejects(holder["writer"].write("a"), TypeError)
    assert ws.events == ["close"]


async def test_abort_should_work_when_called_from_within_strategy_size() -> None:
    holder: dict[str, Any] = {}

    def size(chunk: Any) -> int:
        holder["writer"].abort(error1)
        return 1

    ws = recording_writable_stream({}, {"size": size})
    holder["writer"] = ws.stream.get_writer()
    await rejects(holder["writer"].write("a"), error1)
    assert ws.events == ["abort", error1]


async def test_releaselock_should_abort_the_write_when_called_within_strategy_size() -> None:
    holder: dict[str, Any] = {}

    def size(chunk: Any) -> int:
        holder["writer"].release_lock()
        return 1

    ws = recording_writable_stream({}, {"size": size})
    writer = holder["writer"] = ws.stream.get_writer()
    write = writer.write("a")
    await rejects(write, TypeError)
    await rejects(writer.ready, TypeError)
    await rejects(writer.closed, TypeError)
    assert ws.events == []


async def test_original_reader_should_error_when_new_reader_is_created_within_strategy_size() -> (
    None
):
    holder: dict[str, Any] = {}

    def size(chunk: Any) -> int:
        if chunk > 0:
            holder["writer1"].release_lock()
            writer2 = ws.stream.get_writer()
            holder["write2"] = writer2.write(0)
            holder["close"] = writer2.close()
            holder["closed2"] = writer2.closed
        return 1

    ws = recording_writable_stream({}, {"size": size})
    writer1 = holder["writer1"] = ws.stream.get_writer()
    write1 = writer1.write(1)
    await rejects(write1, TypeError)
    await rejects(writer1.ready, TypeError)
    await rejects(writer1.closed, TypeError)
    await holder["write2"]
    await holder["close"]
    await holder["closed2"]
    assert ws.events == ["write", 0, "close"]
