"""WPT streams/readable-streams/bad-underlying-sources.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from streams_helpers import WPTError, flush_async_events, rejects

from webstd.streams import CountQueuingStrategy, ReadableStream, ReadResult

the_error = Exception("a unique string")


def test_underlying_source_start_throwing_getter() -> None:
    class Source:
        @property
        def start(self) -> Any:
            raise the_error

    with pytest.raises(Exception) as info:
        ReadableStream(Source())
    assert info.value is the_error


def test_underlying_source_start_throwing_method() -> None:
    def start(c: Any) -> None:
        raise the_error

    with pytest.raises(Exception) as info:
        ReadableStream({"start": start})
    assert info.value is the_error


def test_underlying_source_throwing_pull_getter_initial_pull() -> None:
    class Source:
        @property
        def pull(self) -> Any:
            raise the_error

    with pytest.raises(Exception) as info:
        ReadableStream(Source())
    assert info.value is the_error


async def test_underlying_source_throwing_pull_method_initial_pull() -> None:
    def pull(c: Any) -> None:
        raise the_error

    await rejects(ReadableStream({"pull": pull}).get_reader().closed, the_error)


async def test_underlying_source_pull_throwing_getter_second_pull_does_not_result_in_a_second_get() -> (
    None
):
    counter = 0

    class Source:
        @property
        def pull(self) -> Any:
            nonlocal counter
            counter += 1
            if counter == 1:
                return lambda c: c.enqueue("a")
            raise the_error

    reader = ReadableStream(Source()).get_reader()
    assert await reader.read() == ReadResult("a", False)
    assert await reader.read() == ReadResult("a", False)
    assert counter == 1


async def test_underlying_source_pull_throwing_method_second_pull() -> None:
    counter = 0

    def pull(c: Any) -> None:
        nonlocal counter
        counter += 1
        if counter == 1:
            c.enqueue("a")
            return
        raise the_error

    reader = ReadableStream({"pull": pull}).get_reader()
    assert await reader.read() == ReadResult("a", False)
    await rejects(reader.closed, the_error)


def test_underlying_source_cancel_throwing_getter() -> None:
    class Source:
        @property
        def cancel(self) -> Any:
            raise the_error

    with pytest.raises(Exception) as info:
        ReadableStream(Source())
    assert info.value is the_error


async def test_underlying_source_cancel_throwing_method() -> None:
    def cancel(reason: Any) -> None:
        raise the_error

    await rejects(ReadableStream({"cancel": cancel}).cancel(), the_error)


async def test_underlying_source_calling_enqueue_on_an_empty_canceled_stream_should_throw() -> None:
    controllers: list[Any] = []
    rs = ReadableStream({"start": controllers.append})
    rs.cancel()
    with pytest.raises(TypeError):
        controllers[0].enqueue("a")
    await rs.get_reader().closed


async def test_underlying_source_calling_enqueue_on_a_non_empty_canceled_stream_should_throw() -> (
    None
):
    controllers: list[Any] = []

    def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")
        controllers.append(c)

    rs = ReadableStream({"start": start})
    rs.cancel()
    with pytest.raises(TypeError):
        controllers[0].enqueue("c")
    await rs.get_reader().closed


async def test_underlying_source_calling_enqueue_on_a_closed_stream_should_throw() -> None:
    def start(c: Any) -> None:
        c.close()
        with pytest.raises(TypeError):
            c.enqueue("a")

    await ReadableStream({"start": start}).get_reader().closed


async def test_underlying_source_calling_enqueue_on_an_errored_stream_should_throw() -> None:
    error = Exception("boo")

    def start(c: Any) -> None:
        c.error(error)
        with pytest.raises(TypeError):
            c.enqueue("a")

    await rejects(ReadableStream({"start": start}).get_reader().closed, error)


async def test_underlying_source_calling_close_twice_on_an_empty_stream_should_throw_the_second_time() -> (
    None
):
    def start(c: Any) -> None:
        c.close()
        with pytest.raises(TypeError):
            c.close()

    await ReadableStream({"start": start}).get_reader().closed


async def test_underlying_source_calling_close_twice_on_a_non_empty_stream_should_throw_the_second_time() -> (
    None
):
    def start(c: Any) -> None:
        c.enqueue("a")
        c.close()
        with pytest.raises(TypeError):
            c.close()

    reader = ReadableStream({"start": start}).get_reader()
    assert await reader.read() == ReadResult("a", False)
    await reader.closed


async def test_underlying_source_calling_close_on_an_empty_canceled_stream_should_throw() -> None:
    controllers: list[Any] = []
    rs = ReadableStream({"start": controllers.append})
    rs.cancel()
    with pytest.raises(TypeError):
        controllers[0].close()
    await rs.get_reader().closed


async def test_underlying_source_calling_close_on_a_non_empty_canceled_stream_should_throw() -> (
    None
):
    controllers: list[Any] = []

    def start(c: Any) -> None:
        controllers.append(c)
        c.enqueue("a")

    rs = ReadableStream({"start": start})
    rs.cancel()
    with pytest.raises(TypeError):
        controllers[0].close()
    await rs.get_reader().closed


async def test_underlying_source_calling_close_after_error_should_throw() -> None:
    error = Exception("boo")

    def start(c: Any) -> None:
        c.error(error)
        with pytest.raises(TypeError):
            c.close()

    await rejects(ReadableStream({"start": start}).get_reader().closed, error)


async def test_underlying_source_calling_error_twice_should_not_throw() -> None:
    error = Exception("boo")

    def start(c: Any) -> None:
        c.error(error)
        c.error()

    await rejects(ReadableStream({"start": start}).get_reader().closed, error)


async def test_underlying_source_calling_error_after_close_should_not_throw() -> None:
    def start(c: Any) -> None:
        c.close()
        c.error()

    await ReadableStream({"start": start}).get_reader().closed


async def test_underlying_source_calling_error_and_returning_a_rejected_promise_from_start_should_cause_the_stream_to_error_with_the_first_error() -> (
    None
):
    first, second = Exception("1"), Exception("2")

    async def start(c: Any) -> None:
        c.error(first)
        raise second

    await rejects(ReadableStream({"start": start}).get_reader().closed, first)


async def test_underlying_source_calling_error_and_returning_a_rejected_promise_from_pull_should_cause_the_stream_to_error_with_the_first_error() -> (
    None
):
    first, second = Exception("1"), Exception("2")

    async def pull(c: Any) -> None:
        c.error(first)
        raise second

    await rejects(ReadableStream({"pull": pull}).get_reader().closed, first)


async def test_read_should_not_error_if_it_dequeues_and_pull_throws() -> None:
    error1 = WPTError("error1")
    pull_should_throw = False

    def pull(c: Any) -> None:
        if pull_should_throw:
            raise error1
        c.enqueue(0)

    rs = ReadableStream({"pull": pull}, CountQueuingStrategy(high_water_mark=1))
    reader = rs.get_reader()
    await flush_async_events()
    pull_should_throw = True
    assert await reader.read() == ReadResult(0, False)
    await rejects(reader.closed, error1)
    await asyncio.sleep(0)
