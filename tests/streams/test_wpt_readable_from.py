"""WPT streams/readable-streams/from.any.js, ported."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from streams_helpers import flush_async_events, rejects

from webstd.streams import ReadableStream, ReadResult


def _push_ab(c: Any) -> None:
    c.enqueue("a")
    c.enqueue("b")
    c.close()


class _SyncIterable:
    def __init__(self) -> None:
        self.chunks = ["a", "b"]

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if not self.chunks:
            raise StopIteration
        return self.chunks.pop(0)


class _AsyncIterable:
    def __init__(self) -> None:
        self.chunks = ["a", "b"]

    def __aiter__(self) -> AsyncIterator[str]:
        return self  # type: ignore[return-value]

    async def __anext__(self) -> str:
        if not self.chunks:
            raise StopAsyncIteration
        return self.chunks.pop(0)


def _sync_generator() -> Iterator[str]:
    yield "a"
    yield "b"


async def _async_generator() -> AsyncIterator[str]:
    yield "a"
    yield "b"


ITERABLE_FACTORIES: list[tuple[str, Any]] = [
    ("an_array_of_values", lambda: ["a", "b"]),
    ("an_array_iterator", lambda: iter(["a", "b"])),
    ("a_string", lambda: "ab"),
    ("a_set", lambda: dict.fromkeys(["a", "b"]).keys()),
    ("a_set_iterator", lambda: iter(dict.fromkeys(["a", "b"]))),
    ("a_sync_generator", _sync_generator),
    ("an_async_generator", _async_generator),
    ("a_sync_iterable_of_values", _SyncIterable),
    ("an_async_iterable", _AsyncIterable),
    ("a_readablestream", lambda: ReadableStream({"start": _push_ab})),
    ("a_readablestream_async_iterator", lambda: ReadableStream({"start": _push_ab}).values()),
]


@pytest.mark.parametrize(
    ("label", "factory"), ITERABLE_FACTORIES, ids=[label for label, _ in ITERABLE_FACTORIES]
)
async def test_readablestream_from_accepts(label: str, factory: Any) -> None:
    rs = ReadableStream.from_(factory())
    assert type(rs) is ReadableStream
    reader = rs.get_reader()
    assert await reader.read() == ReadResult("a", False)
    assert await reader.read() == ReadResult("b", False)
    assert await reader.read() == ReadResult(None, True)
    await reader.closed


class _NonCallableIter:
    __iter__ = 42


class _NonCallableAiter:
    __aiter__ = 42


BAD_ITERABLES: list[tuple[str, Any]] = [
    ("null", None),
    ("0", 0),
    ("nan", float("nan")),
    ("true", True),
    ("object", object()),
    ("a_function", lambda: 42),
    ("an_object_with_a_non_callable_iterator_method", _NonCallableIter()),
    ("an_object_with_a_non_callable_asynciterator_method", _NonCallableAiter()),
]


@pytest.mark.parametrize(
    ("label", "iterable"), BAD_ITERABLES, ids=[label for label, _ in BAD_ITERABLES]
)
def test_readablestream_from_throws_on_invalid_iterables_specifically(
    label: str, iterable: Any
) -> None:
    with pytest.raises(TypeError):
        ReadableStream.from_(iterable)


the_error = Exception("a unique string")


def test_readablestream_from_re_throws_errors_from_calling_the_iterator_method() -> None:
    class Iterable:
        def __iter__(self) -> Any:
            raise the_error

    with pytest.raises(Exception) as info:
        ReadableStream.from_(Iterable())
    assert info.value is the_error


def test_readablestream_from_re_throws_errors_from_calling_the_asynciterator_method() -> None:
    class Iterable:
        def __aiter__(self) -> Any:
            raise the_error

    with pytest.raises(Exception) as info:
        ReadableStream.from_(Iterable())
    assert info.value is the_error


def test_readablestream_from_ignores_iterator_if_asynciterator_exists() -> None:
    class Iterable:
        def __iter__(self) -> Any:
            raise AssertionError("__iter__ should not be called")

        def __aiter__(self) -> Any:
            raise the_error

    with pytest.raises(Exception) as info:
        ReadableStream.from_(Iterable())
    assert info.value is the_error


async def test_readablestream_from_accepts_an_empty_iterable() -> None:
    class Empty:
        def __aiter__(self) -> Any:
            return self

        async def __anext__(self) -> Any:
            raise StopAsyncIteration

    reader = ReadableStream.from_(Empty()).get_reader()
    assert await reader.read() == ReadResult(None, True)
    await reader.closed


async def test_readablestream_from_stream_errors_when_next_rejects() -> None:
    class Failing:
        def __aiter__(self) -> Any:
            return self

        async def __anext__(self) -> Any:
            raise the_error

    reader = ReadableStream.from_(Failing()).get_reader()
    await rejects(reader.read(), the_error)
    await rejects(reader.closed, the_error)


async def test_readablestream_from_stream_stalls_when_next_never_settles() -> None:
    never: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    class Stalling:
        def __aiter__(self) -> Any:
            return self

        def __anext__(self) -> Any:
            return never

    reader = ReadableStream.from_(Stalling()).get_reader()
    read = reader.read()
    await flush_async_events()
    assert not read.settled
    assert not reader.closed.settled
    never.cancel()


async def test_readablestream_from_calls_next_after_first_read() -> None:
    next_calls = 0

    class Iterable:
        def __aiter__(self) -> Any:
            return self

        async def __anext__(self) -> Any:
            nonlocal next_calls
            next_calls += 1
            return "a"

    reader = ReadableStream.from_(Iterable()).get_reader()
    await flush_async_events()
    assert next_calls == 0
    assert await reader.read() == ReadResult("a", False)
    assert next_calls == 1


async def test_readablestream_from_cancelling_the_returned_stream_calls_and_awaits_return() -> None:
    return_calls = 0
    gate = asyncio.Event()

    class Iterable:
        def __aiter__(self) -> Any:
            return self

        async def __anext__(self) -> Any:
            raise AssertionError("__anext__ should not be called")

        async def aclose(self) -> None:
            nonlocal return_calls
            return_calls += 1
            await gate.wait()

    reader = ReadableStream.from_(Iterable()).get_reader()
    assert return_calls == 0
    cancel_promise = reader.cancel(the_error)
    await flush_async_events()
    assert return_calls == 1
    assert not cancel_promise.settled
    gate.set()
    await cancel_promise
    await reader.closed


async def test_readablestream_from_return_is_not_called_when_iterator_completes_normally() -> None:
    calls = {"next": 0, "return": 0}

    class Iterable:
        def __aiter__(self) -> Any:
            return self

        async def __anext__(self) -> Any:
            calls["next"] += 1
            raise StopAsyncIteration

        async def aclose(self) -> None:
            calls["return"] += 1

    reader = ReadableStream.from_(Iterable()).get_reader()
    assert await reader.read() == ReadResult(None, True)
    assert calls["next"] == 1
    await reader.closed
    assert calls["return"] == 0


async def test_readablestream_from_cancelling_a_sync_generator_stream_closes_the_generator() -> (
    None
):
    closed = []

    def gen() -> Iterator[int]:
        try:
            yield 1
            yield 2
        finally:
            closed.append(True)

    rs = ReadableStream.from_(gen())
    reader = rs.get_reader()
    assert await reader.read() == ReadResult(1, False)
    await reader.cancel()
    assert closed == [True]


async def test_readablestream_from_values_are_not_awaited() -> None:
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    reader = ReadableStream.from_([future]).get_reader()
    assert (await reader.read()).value is future
    future.cancel()
