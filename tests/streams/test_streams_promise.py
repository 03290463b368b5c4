"""The internal Promise/microtask layer the Streams algorithms run on."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from streams_helpers import read_all

from webstd.streams import ReadableStream, TransformStream, WritableStream
from webstd.streams._promise import Promise, call, queue_microtask, rejected, resolved


async def test_a_settled_promise_can_be_awaited_any_number_of_times() -> None:
    promise: Promise[int] = Promise()
    promise.resolve(5)
    assert [await promise for _ in range(3)] == [5, 5, 5]
    failed = rejected(ValueError("x"))
    for _ in range(2):
        with pytest.raises(ValueError):
            await failed


async def test_a_pending_promise_wakes_every_awaiting_task() -> None:
    promise: Promise[str] = Promise()
    tasks = [asyncio.ensure_future(_await(promise)) for _ in range(3)]
    await asyncio.sleep(0)
    promise.resolve("done")
    assert await asyncio.gather(*tasks) == ["done"] * 3


async def _await(awaitable: Any) -> Any:
    return await awaitable


async def test_a_read_the_queue_can_satisfy_does_not_yield_to_the_event_loop() -> None:
    # Streams fast path: a queued chunk resolves read() without a scheduler round trip.
    def start(c: Any) -> None:
        for i in range(100):
            c.enqueue(i)

    reader = ReadableStream({"start": start}, {"high_water_mark": 1000}).get_reader()
    await reader.read()  # let start() settle
    other_ran = []
    asyncio.get_running_loop().call_soon(other_ran.append, True)
    for _ in range(50):
        await reader.read()
    assert other_ran == []  # no read suspended the task
    await asyncio.sleep(0)
    assert other_ran == [True]


async def test_reactions_run_in_fifo_order_as_microtasks() -> None:
    order: list[str] = []
    first: Promise[None] = Promise()
    second: Promise[None] = Promise()
    first.then(lambda _: order.append("first"))
    second.then(lambda _: order.append("second"))
    queue_microtask(lambda _: order.append("queued"))
    second.resolve(None)
    first.resolve(None)
    assert order == []  # never synchronously
    await resolved(None)
    assert order == ["queued", "second", "first"]


async def test_resolving_with_a_promise_adopts_its_state() -> None:
    inner: Promise[int] = Promise()
    outer: Promise[int] = Promise()
    outer.resolve(inner)
    inner.reject(KeyError("k"))
    with pytest.raises(KeyError):
        await outer


async def test_call_turns_exceptions_and_coroutines_into_promises() -> None:
    def fails() -> None:
        raise RuntimeError("sync")

    async def works() -> int:
        await asyncio.sleep(0)
        return 3

    with pytest.raises(RuntimeError):
        await call(fails)
    assert await call(works) == 3
    assert await call(lambda: 7) == 7


def test_streams_can_be_built_without_a_running_loop_and_used_in_one_later() -> None:
    stream = ReadableStream.from_([1, 2, 3]).pipe_through(TransformStream())
    writable = WritableStream()
    assert asyncio.run(read_all(stream)) == [1, 2, 3]
    asyncio.run(_await(writable.get_writer().close()))


def test_each_thread_drains_its_own_microtasks() -> None:
    results: dict[int, list[Any]] = {}

    def work(n: int) -> None:
        async def run() -> list[Any]:
            async def agen() -> Any:
                for i in range(200):
                    await asyncio.sleep(0)
                    yield (n, i)

            return await read_all(ReadableStream.from_(agen()).pipe_through(TransformStream()))

        results[n] = asyncio.run(run())

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for n in range(4):
        assert results[n] == [(n, i) for i in range(200)]
