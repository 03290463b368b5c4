"""WPT streams/readable-streams/cancel.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

from streams_helpers import delay, rejects

from webstd.streams import ReadableStream, ReadResult


async def test_readablestream_cancellation_integration_test_on_an_infinite_stream_derived_from_a_random_push_source() -> (
    None
):
    cancellation_finished = False
    stop = asyncio.Event()
    tasks: list[Any] = []

    async def push(c: Any) -> None:
        while not stop.is_set():
            c.enqueue(bytes(128))
            await asyncio.sleep(0.001)

    async def cancel(reason: Any) -> None:
        nonlocal cancellation_finished
        stop.set()
        await delay(1)
        cancellation_finished = True

    rs = ReadableStream(
        {
            "pull": lambda c: tasks.append(asyncio.ensure_future(push(c))) if not tasks else None,
            "cancel": cancel,
        }
    )
    reader = rs.get_reader()

    async def cancel_later() -> None:
        await delay(15)
        promise = reader.cancel()
        assert cancellation_finished is False
        await promise

    canceller = asyncio.ensure_future(cancel_later())
    chunks = []
    while True:
        result = await reader.read()
        if result.done:
            break
        chunks.append(result.value)
    assert len(chunks) > 0
    assert all(len(chunk) == 128 for chunk in chunks)
    await canceller
    assert cancellation_finished is True
    await asyncio.gather(*tasks)


def test_readablestream_cancellation_cancel_reason_should_pass_through_the_given_reason_to_the_underlying_source() -> (
    None
):
    recorded: list[Any] = []
    rs = ReadableStream({"cancel": recorded.append})
    reason = Exception("Sorry, it just wasn't meant to be.")
    rs.cancel(reason)
    assert recorded == [reason]


async def test_readablestream_cancellation_cancel_on_a_locked_stream_should_fail_and_not_call_the_underlying_source_cancel() -> (
    None
):
    def start(c: Any) -> None:
        c.enqueue("a")
        c.close()

    def cancel(reason: Any) -> None:
        raise AssertionError("underlying source cancel() should not have been called")

    rs = ReadableStream({"start": start, "cancel": cancel})
    reader = rs.get_reader()
    await rejects(rs.cancel(), TypeError)
    assert await reader.read() == ReadResult("a", False)
    await reader.closed


async def test_readablestream_cancellation_should_fulfill_promise_when_cancel_callback_went_fine() -> (
    None
):
    received: list[Any] = []
    reason = Exception("I am tired of this stream, I prefer to cancel it")
    rs = ReadableStream({"cancel": received.append})
    assert await rs.cancel(reason) is None
    assert received == [reason]


async def test_readablestream_cancellation_returning_a_value_from_the_underlying_source_s_cancel_should_not_affect_the_fulfillment_value_of_the_promise_returned_by_the_stream_s_cancel() -> (
    None
):
    rs = ReadableStream({"cancel": lambda reason: "Hello"})
    assert await rs.cancel() is None


async def test_readablestream_cancellation_should_reject_promise_when_cancel_callback_raises_an_exception() -> (
    None
):
    thrown = Exception("test")

    def cancel(reason: Any) -> None:
        raise thrown

    await rejects(ReadableStream({"cancel": cancel}).cancel("test"), thrown)


async def test_readablestream_cancellation_if_the_underlying_source_s_cancel_method_returns_a_promise_the_promise_returned_by_the_stream_s_cancel_should_fulfill_when_that_one_does_1() -> (
    None
):
    reason = Exception("test")
    seen: list[Any] = []

    async def cancel(error: Any) -> None:
        seen.append(error)
        await delay(1)

    await ReadableStream({"cancel": cancel}).cancel(reason)
    assert seen == [reason]


async def test_readablestream_cancellation_if_the_underlying_source_s_cancel_method_returns_a_promise_the_promise_returned_by_the_stream_s_cancel_should_fulfill_when_that_one_does_2() -> (
    None
):
    fulfilled = False
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    async def cancel(reason: Any) -> str:
        nonlocal fulfilled
        value = await future
        fulfilled = True
        return value

    rs = ReadableStream({"cancel": cancel})
    loop.call_later(0.001, future.set_result, "Hello")
    assert await rs.cancel() is None
    assert fulfilled is True


async def test_readablestream_cancellation_if_the_underlying_source_s_cancel_method_returns_a_promise_the_promise_returned_by_the_stream_s_cancel_should_reject_when_that_one_does() -> (
    None
):
    error = Exception("Sorry, it just wasn't meant to be.")
    loop = asyncio.get_running_loop()
    future: asyncio.Future[None] = loop.create_future()
    rs = ReadableStream({"cancel": lambda reason: future})
    loop.call_later(0.001, future.set_exception, error)
    await rejects(rs.cancel(), error)


async def test_readablestream_cancellation_cancelling_before_start_finishes_should_prevent_pull_from_being_called() -> (
    None
):
    never: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def pull(c: Any) -> None:
        raise AssertionError("pull should not have been called")

    rs = ReadableStream({"start": lambda c: never, "pull": pull})
    await asyncio.gather(rs.cancel(), rs.get_reader().closed)
    never.cancel()
