"""WPT streams/readable-streams/reentrant-strategies.any.js, ported (size() re-entering the stream)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from streams_helpers import (
    WPTError,
    delay,
    flush_async_events,
    read_all,
    recording_writable_stream,
    rejects,
)

from webstd.streams import ReadableStream

error1 = WPTError("error1")


def _stream(size: Any, high_water_mark: float = 1) -> tuple[ReadableStream, Any]:
    controllers: list[Any] = []
    stream = ReadableStream(
        {"start": controllers.append}, {"size": size, "high_water_mark": high_water_mark}
    )
    return stream, controllers[0]


async def test_enqueue_inside_size_should_work() -> None:
    calls = 0
    holder: list[Any] = []

    def size(chunk: Any) -> int:
        nonlocal calls
        calls += 1
        if calls < 2:
            holder[0].enqueue("b")
        return 1

    rs, controller = _stream(size)
    holder.append(controller)
    controller.enqueue("a")
    controller.close()
    assert await read_all(rs) == ["b", "a"]


async def test_close_inside_size_should_not_crash() -> None:
    holder: list[Any] = []

    def size(chunk: Any) -> int:
        holder[0].close()
        return 1

    rs, controller = _stream(size)
    holder.append(controller)
    controller.enqueue("a")
    assert await read_all(rs) == []


async def test_close_request_inside_size_should_work() -> None:
    calls = 0
    holder: list[Any] = []

    def size(chunk: Any) -> int:
        nonlocal calls
        calls += 1
        if calls == 2:
            holder[0].close()
        return 1

    rs, controller = _stream(size)
    holder.append(controller)
    controller.enqueue("a")
    controller.enqueue("b")
    assert await read_all(rs) == ["a", "b"]


async def test_error_inside_size_should_work() -> None:
    holder: list[Any] = []

    def size(chunk: Any) -> int:
        holder[0].error(error1)
        return 1

    rs, controller = _stream(size)
    holder.append(controller)
    controller.enqueue("a")
    await rejects(rs.get_reader().read(), error1)


async def test_desiredsize_inside_size_should_work() -> None:
    holder: list[Any] = []
    seen: list[Any] = []

    def size(chunk: Any) -> int:
        seen.append(holder[0].desired_size)
        return 1

    rs, controller = _stream(size)
    holder.append(controller)
    controller.enqueue("a")
    controller.close()
    assert await read_all(rs) == ["a"]
    assert seen == [1]


async def test_cancel_inside_size_should_work() -> None:
    holder: list[Any] = []
    cancels: list[Any] = []
    rs: ReadableStream

    def cancel(reason: Any) -> None:
        assert reason is error1
        with pytest.raises(TypeError):
            holder[0].enqueue()
        cancels.append(reason)

    def size(chunk: Any) -> int:
        holder.append(rs.cancel(error1))
        return 1

    controllers: list[Any] = []
    rs = ReadableStream(
        {"start": controllers.append, "cancel": cancel},
        {"size": size, "high_water_mark": float("inf")},
    )
    holder.insert(0, controllers[0])
    controllers[0].enqueue("a")
    reader = rs.get_reader()
    await asyncio.gather(reader.closed, holder[1])
    assert cancels == [error1]


async def test_pipeto_inside_size_should_behave_as_expected() -> None:
    ws = recording_writable_stream()
    holder: list[Any] = []
    pipes: list[Any] = []
    rs: ReadableStream

    def size(chunk: Any) -> int:
        if not pipes:
            pipes.append(rs.pipe_to(ws.stream))
        return 1

    controllers: list[Any] = []
    rs = ReadableStream({"start": controllers.append}, {"size": size, "high_water_mark": 1})
    holder.append(controllers[0])
    controllers[0].enqueue("a")
    assert pipes
    controllers[0].enqueue("a")
    await delay(0)
    assert ws.events == ["write", "a", "write", "a"]
    controllers[0].close()
    await pipes[0]
    assert ws.events == ["write", "a", "write", "a", "close"]


async def test_read_inside_of_size_should_behave_as_expected() -> None:
    calls = 0
    reads: list[Any] = []
    readers: list[Any] = []

    def size(chunk: Any) -> int:
        nonlocal calls
        reads.append(readers[0].read())
        calls += 1
        return 1

    rs, controller = _stream(size, 0)
    readers.append(rs.get_reader())
    controller.enqueue("a")
    await flush_async_events()
    assert not reads[0].settled
    controller.enqueue("b")
    assert calls == 1
    await delay(0)
    result = await reads[0]
    assert (result.value, result.done) == ("b", False)  # whatwg/streams#794: not "a"
    result = await readers[0].read()
    assert (result.value, result.done) == ("a", False)


async def test_getreader_inside_size_should_work() -> None:
    readers: list[Any] = []
    rs: ReadableStream

    def size(chunk: Any) -> int:
        readers.append(rs.get_reader())
        return 1

    controllers: list[Any] = []
    rs = ReadableStream({"start": controllers.append}, {"size": size})
    controllers[0].enqueue("a")
    result = await readers[0].read()
    assert (result.value, result.done) == ("a", False)


async def test_tee_inside_size_should_work() -> None:
    branches: list[Any] = []
    rs: ReadableStream

    def size(chunk: Any) -> int:
        branches.extend(rs.tee())
        return 1

    controllers: list[Any] = []
    rs = ReadableStream({"start": controllers.append}, {"size": size})
    controllers[0].enqueue("a")
    assert rs.locked
    controllers[0].close()
    assert await read_all(branches[0]) == ["a"]
    assert await read_all(branches[1]) == ["a"]
