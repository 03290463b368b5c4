"""WPT streams/piping/flow-control.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

from streams_helpers import (
    WPTError,
    flush_async_events,
    read_all,
    recording_readable_stream,
    recording_writable_stream,
    rejects,
    without_pulls,
)

from webstd.streams import CountQueuingStrategy

error1 = WPTError("error1")


async def test_piping_from_a_non_empty_readablestream_into_a_writablestream_that_does_not_desire_chunks() -> (
    None
):
    def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")
        c.close()

    rs = recording_readable_stream({"start": start})
    ws = recording_writable_stream(None, CountQueuingStrategy(high_water_mark=0))
    pipe = rs.stream.pipe_to(ws.stream, prevent_cancel=True)
    await flush_async_events()
    ws.controller.error(error1)
    await rejects(pipe, error1)
    assert without_pulls(rs.events) == []
    assert ws.events == []
    assert await read_all(rs.stream) == ["a", "b"]


def _first_write_blocks(holder: dict[str, Any]) -> Any:
    def write(chunk: Any, c: Any) -> Any:
        if "resolve" not in holder:
            future = asyncio.get_running_loop().create_future()
            holder["resolve"] = lambda: future.set_result(None)
            return future
        return None

    return write


async def test_piping_from_a_non_empty_readablestream_into_a_writablestream_that_does_not_desire_chunks_but_then_does() -> (
    None
):
    def start(c: Any) -> None:
        c.enqueue("b")
        c.close()

    holder: dict[str, Any] = {}
    rs = recording_readable_stream({"start": start})
    ws = recording_writable_stream({"write": _first_write_blocks(holder)})
    writer = ws.stream.get_writer()
    first_write = writer.write("a")
    assert writer.desired_size == 0
    writer.release_lock()
    pipe = rs.stream.pipe_to(ws.stream)
    await flush_async_events()
    holder["resolve"]()
    await asyncio.gather(first_write, pipe)
    assert without_pulls(rs.events) == []
    assert ws.events == ["write", "a", "write", "b", "close"]


async def test_piping_from_an_empty_readablestream_into_a_writablestream_that_does_not_desire_chunks_but_then_the_readable_stream_becomes_non_empty_and_the_writable_stream_starts_desiring_chunks() -> (
    None
):
    holder: dict[str, Any] = {}
    rs = recording_readable_stream()
    ws = recording_writable_stream({"write": _first_write_blocks(holder)})
    writer = ws.stream.get_writer()
    writer.write("a")
    await asyncio.sleep(0)
    await flush_async_events(2)
    assert ws.events == ["write", "a"]
    assert writer.desired_size == 0
    writer.release_lock()
    pipe = rs.stream.pipe_to(ws.stream)
    rs.controller.enqueue("b")
    holder["resolve"]()
    rs.controller.close()
    await pipe
    assert without_pulls(rs.events) == []
    assert ws.events == ["write", "a", "write", "b", "close"]


async def test_piping_from_a_readablestream_to_a_writablestream_that_desires_more_chunks_before_finishing_with_previous_ones() -> (
    None
):
    unread = ["b", "c", "d"]

    def pull(controller: Any) -> None:
        controller.enqueue(unread.pop(0))
        if not unread:
            controller.close()

    holder: dict[str, Any] = {}
    rs = recording_readable_stream({"pull": pull}, CountQueuingStrategy(high_water_mark=0))
    ws = recording_writable_stream(
        {"write": _first_write_blocks(holder)}, CountQueuingStrategy(high_water_mark=3)
    )
    writer = ws.stream.get_writer()
    first_write = writer.write("a")
    assert writer.desired_size == 2
    writer.release_lock()
    pipe = rs.stream.pipe_to(ws.stream)
    await flush_async_events()
    assert ws.events == ["write", "a"]
    assert len(unread) == 1  # chunks continue to be enqueued until the HWM is reached
    holder["resolve"]()
    await asyncio.gather(first_write, pipe)
    assert rs.events == ["pull", "pull", "pull"]
    assert ws.events == ["write", "a", "write", "b", "write", "c", "write", "d", "close"]


class _StepTracker:
    """WPT StepTracker: step n resolves, then step n + 1 is woken after the events flush."""

    def __init__(self) -> None:
        self.waiters: dict[int, asyncio.Future[None]] = {}
        self.tasks: list[asyncio.Future[None]] = []

    def _waiter(self, n: int) -> asyncio.Future[None]:
        if n not in self.waiters:
            self.waiters[n] = asyncio.get_running_loop().create_future()
        return self.waiters[n]

    def wait_then_advance(self, n: int) -> asyncio.Future[None]:
        if n not in self.waiters:
            waiter = self._waiter(n)

            async def advance() -> None:
                await waiter
                await flush_async_events()
                nxt = self.waiters.get(n + 1)
                if nxt is not None and not nxt.done():
                    nxt.set_result(None)

            self.tasks.append(asyncio.ensure_future(advance()))
        waiter = self.waiters[n]
        if n == 0 and not waiter.done():
            waiter.set_result(None)
        return waiter


async def test_piping_to_a_writablestream_that_does_not_consume_the_writes_fast_enough_exerts_backpressure_on_the_readablestream() -> (
    None
):
    steps = _StepTracker()
    desired_sizes: list[Any] = []

    def start(controller: Any) -> None:
        def enqueue_at(step: int, chunk: str) -> None:
            async def run() -> None:
                await steps.wait_then_advance(step)
                controller.enqueue(chunk)
                desired_sizes.append(controller.desired_size)

            steps.tasks.append(asyncio.ensure_future(run()))

        enqueue_at(1, "a")
        enqueue_at(3, "b")
        enqueue_at(5, "c")
        enqueue_at(7, "d")

        async def close() -> None:
            await steps.wait_then_advance(11)
            controller.close()

        steps.tasks.append(asyncio.ensure_future(close()))

    finished: list[Any] = []
    state = {"write_called": False}

    async def write(chunk: Any, c: Any) -> None:
        step = 12 if state["write_called"] else 9
        state["write_called"] = True
        await steps.wait_then_advance(step)
        finished.append(chunk)

    rs = recording_readable_stream({"start": start})
    ws = recording_writable_stream({"write": write})
    await asyncio.sleep(0)
    pipe = rs.stream.pipe_to(ws.stream)
    steps.wait_then_advance(0)

    await steps.wait_then_advance(2)
    assert finished == []
    assert ws.events == ["write", "a"]
    assert desired_sizes == [1]
    assert rs.controller.desired_size == 1

    await steps.wait_then_advance(4)
    assert finished == []
    assert ws.events == ["write", "a"]
    assert desired_sizes == [1, 0]
    assert rs.controller.desired_size == 0

    await steps.wait_then_advance(6)
    assert finished == []
    assert ws.events == ["write", "a"]
    assert desired_sizes == [1, 0, -1]
    assert rs.controller.desired_size == -1

    await steps.wait_then_advance(8)
    assert finished == []
    assert ws.events == ["write", "a"]
    assert desired_sizes == [1, 0, -1, -2]
    assert rs.controller.desired_size == -2

    await steps.wait_then_advance(10)
    assert finished == ["a"]
    assert ws.events == ["write", "a", "write", "b"]
    assert rs.controller.desired_size == -1

    await pipe
    assert desired_sizes == [1, 0, -1, -2]
    assert finished == ["a", "b", "c", "d"]
    assert without_pulls(rs.events) == []
    assert ws.events == ["write", "a", "write", "b", "write", "c", "write", "d", "close"]
