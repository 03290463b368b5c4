"""WPT streams/readable-streams/general.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from streams_helpers import (
    WPTError,
    delay,
    flush_async_events,
    read_all,
    rejects,
    sequential_readable_stream,
)

from webstd.streams import CountQueuingStrategy, ReadableStream, ReadResult

error1 = WPTError("error1")


def test_readablestream_can_be_constructed_with_no_errors() -> None:
    ReadableStream()
    ReadableStream({})
    ReadableStream({"type": None})
    ReadableStream(None)


def test_readablestream_can_t_be_constructed_with_garbage() -> None:
    for garbage in ("potato", 5, b"x", True):
        with pytest.raises(TypeError):
            ReadableStream(garbage)


def test_readablestream_can_t_be_constructed_with_an_invalid_type() -> None:
    for kind in ("", "asdf", 5):
        with pytest.raises(TypeError):
            ReadableStream({"type": kind})


def test_readablestream_instances_should_have_the_correct_list_of_properties() -> None:
    stream = ReadableStream()
    for name in ("cancel", "get_reader", "pipe_through", "pipe_to", "tee", "values"):
        assert callable(getattr(stream, name))
    assert stream.locked is False


def test_readablestream_constructor_should_throw_for_non_function_start_arguments() -> None:
    with pytest.raises(TypeError):
        ReadableStream({"start": "potato"})


def test_readablestream_constructor_will_not_tolerate_initial_garbage_as_cancel_argument() -> None:
    with pytest.raises(TypeError):
        ReadableStream({"cancel": "2"})


def test_readablestream_constructor_will_not_tolerate_initial_garbage_as_pull_argument() -> None:
    with pytest.raises(TypeError):
        ReadableStream({"pull": {}})


def test_readablestream_start_should_be_called_with_the_proper_parameters() -> None:
    seen: list[Any] = []

    class Source:
        def start(self, controller: Any) -> None:
            seen.append(self)
            for name in ("close", "enqueue", "error"):
                assert callable(getattr(controller, name))
            assert controller.desired_size == 1

    source = Source()
    ReadableStream(source)
    assert seen == [source]


def test_default_readablestream_get_reader_should_only_accept_mode_undefined() -> None:
    ReadableStream().get_reader()
    ReadableStream().get_reader(None)
    with pytest.raises(TypeError):
        ReadableStream().get_reader("potato")


async def test_readablestream_should_be_able_to_call_start_method_within_prototype_chain_of_its_source() -> (
    None
):
    called: list[Any] = []

    class Base:
        def start(self, controller: Any) -> None:
            called.append(controller)

    class Simple(Base):
        pass

    ReadableStream(Simple())
    assert len(called) == 1


async def test_readablestream_start_should_be_able_to_return_a_promise() -> None:
    async def start(c: Any) -> None:
        await delay(5)
        c.enqueue("a")
        c.close()

    reader = ReadableStream({"start": start}).get_reader()
    assert await reader.read() == ReadResult("a", False)
    assert await reader.closed is None


async def test_readablestream_start_should_be_able_to_return_a_promise_and_reject_it() -> None:
    the_error = Exception("rejected!")

    async def start(c: Any) -> None:
        await delay(1)
        raise the_error

    await rejects(ReadableStream({"start": start}).get_reader().closed, the_error)


async def test_readablestream_should_be_able_to_enqueue_different_objects() -> None:
    objects: list[Any] = [{"potato": "Give me more!"}, "test", 1]

    def start(c: Any) -> None:
        for o in objects:
            c.enqueue(o)
        c.close()

    reader = ReadableStream({"start": start}).get_reader()
    results = [await reader.read() for _ in objects]
    await reader.closed
    assert results == [ReadResult(o, False) for o in objects]


async def test_readablestream_if_pull_rejects_it_should_error_the_stream() -> None:
    error = Exception("pull failure")

    async def pull(c: Any) -> None:
        raise error

    reader = ReadableStream({"pull": pull}).get_reader()
    await rejects(reader.read(), error)
    await rejects(reader.closed, error)


async def test_readablestream_should_only_call_pull_once_upon_starting_the_stream() -> None:
    pull_count = 0

    def pull(c: Any) -> None:
        nonlocal pull_count
        pull_count += 1

    ReadableStream({"pull": pull})
    await flush_async_events()
    assert pull_count == 1
    await delay(10)
    assert pull_count == 1


async def test_readablestream_should_call_pull_when_trying_to_read_from_a_started_empty_stream() -> (
    None
):
    pull_count = 0

    def pull(c: Any) -> None:
        nonlocal pull_count
        if pull_count > 0:
            c.enqueue(pull_count)
        pull_count += 1

    rs = ReadableStream({"pull": pull})
    await flush_async_events()
    assert pull_count == 1
    reader = rs.get_reader()
    read = reader.read()
    assert pull_count == 2
    result = await read
    await flush_async_events()
    assert pull_count == 3
    assert result == ReadResult(1, False)


async def test_readablestream_should_only_call_pull_once_on_a_non_empty_stream_read_from_before_start_fulfills() -> (
    None
):
    pull_count = 0

    def pull(c: Any) -> None:
        nonlocal pull_count
        pull_count += 1

    rs = ReadableStream({"start": lambda c: c.enqueue("a"), "pull": pull})
    read = rs.get_reader().read()
    assert pull_count == 0
    await flush_async_events()
    assert pull_count == 1
    assert await read == ReadResult("a", False)
    await delay(10)
    assert pull_count == 1


async def test_readablestream_should_only_call_pull_once_on_a_non_empty_stream_read_from_after_start_fulfills() -> (
    None
):
    pull_count = 0

    def pull(c: Any) -> None:
        nonlocal pull_count
        pull_count += 1

    rs = ReadableStream({"start": lambda c: c.enqueue("a"), "pull": pull})
    await flush_async_events()
    assert pull_count == 0
    read = rs.get_reader().read()
    assert pull_count == 1
    assert await read == ReadResult("a", False)
    await delay(10)
    assert pull_count == 1


async def test_readablestream_should_call_pull_in_reaction_to_read_ing_the_last_chunk_if_not_draining() -> (
    None
):
    pull_count = 0
    controllers: list[Any] = []

    def pull(c: Any) -> None:
        nonlocal pull_count
        pull_count += 1

    rs = ReadableStream({"start": controllers.append, "pull": pull})
    reader = rs.get_reader()
    await flush_async_events()
    assert pull_count == 1
    controllers[0].enqueue("a")
    assert pull_count == 1
    await reader.read()
    await flush_async_events()
    assert pull_count == 2
    await delay(10)
    assert pull_count == 2


async def test_readablestream_should_not_call_pull_in_reaction_to_read_ing_the_last_chunk_if_draining() -> (
    None
):
    pull_count = 0
    controllers: list[Any] = []

    def pull(c: Any) -> None:
        nonlocal pull_count
        pull_count += 1

    rs = ReadableStream({"start": controllers.append, "pull": pull})
    reader = rs.get_reader()
    await flush_async_events()
    assert pull_count == 1
    controllers[0].enqueue("a")
    controllers[0].close()
    await reader.read()
    await delay(10)
    assert pull_count == 1


async def test_readablestream_should_not_call_pull_until_the_previous_pull_call_s_promise_fulfills() -> (
    None
):
    times_called = 0
    gate: asyncio.Event = asyncio.Event()

    async def pull(c: Any) -> None:
        nonlocal times_called
        times_called += 1
        c.enqueue(times_called)
        await gate.wait()

    reader = ReadableStream({"pull": pull}).get_reader()
    await flush_async_events()
    assert await reader.read() == ReadResult(1, False)
    assert times_called == 1
    await delay(10)
    assert times_called == 1
    gate.set()
    await flush_async_events()
    assert times_called == 2


async def test_readablestream_should_pull_after_start_and_after_every_read() -> None:
    times_called = 0

    def start(c: Any) -> None:
        for chunk in "abc":
            c.enqueue(chunk)

    def pull(c: Any) -> None:
        nonlocal times_called
        times_called += 1

    rs = ReadableStream(
        {"start": start, "pull": pull}, {"size": lambda chunk: 1, "high_water_mark": float("inf")}
    )
    reader = rs.get_reader()
    await flush_async_events()
    for expected in "abc":
        assert await reader.read() == ReadResult(expected, False)
        await flush_async_events()
    await delay(10)
    assert times_called == 4


async def test_readablestream_should_not_call_pull_after_start_if_the_stream_is_now_closed() -> (
    None
):
    times_called = 0

    def start(c: Any) -> None:
        c.enqueue("a")
        c.close()

    def pull(c: Any) -> None:
        nonlocal times_called
        times_called += 1

    reader = ReadableStream({"start": start, "pull": pull}).get_reader()
    await flush_async_events()
    assert times_called == 0
    await reader.read()
    assert times_called == 0
    await reader.closed
    assert times_called == 0


async def test_readablestream_should_call_pull_after_enqueueing_from_inside_pull_with_no_read_requests_if_strategy_allows() -> (
    None
):
    times_called = 0

    def pull(c: Any) -> None:
        nonlocal times_called
        times_called += 1
        c.enqueue(times_called)

    ReadableStream({"pull": pull}, {"size": lambda c: 1, "high_water_mark": 4})
    await flush_async_events()
    assert times_called == 4


async def test_readablestream_pull_should_be_able_to_close_a_stream() -> None:
    called = []

    def pull(c: Any) -> None:
        called.append(True)
        c.close()

    await ReadableStream({"pull": pull}).get_reader().closed
    assert called == [True]


async def test_readablestream_pull_should_be_able_to_error_a_stream() -> None:
    controller_error = WPTError("controller error")
    rs = ReadableStream({"pull": lambda c: c.error(controller_error)})
    await rejects(rs.get_reader().closed, controller_error)


async def test_readablestream_pull_should_be_able_to_error_a_stream_and_throw() -> None:
    controller_error = WPTError("controller error")
    thrown_error = WPTError("thrown error")

    def pull(c: Any) -> None:
        c.error(controller_error)
        raise thrown_error

    await rejects(ReadableStream({"pull": pull}).get_reader().closed, controller_error)


def test_readablestream_enqueue_should_throw_when_the_stream_is_readable_but_draining() -> None:
    def start(c: Any) -> None:
        assert c.enqueue("a") is None
        c.close()
        with pytest.raises(TypeError):
            c.enqueue("b")

    ReadableStream({"start": start})


def test_readablestream_enqueue_should_throw_when_the_stream_is_closed() -> None:
    def start(c: Any) -> None:
        c.close()
        with pytest.raises(TypeError):
            c.enqueue("a")

    ReadableStream({"start": start})


async def test_readablestream_should_call_underlying_source_methods_as_methods() -> None:
    calls: list[tuple[str, Any]] = []

    class Source:
        def start(self, c: Any) -> None:
            calls.append(("start", self))
            c.enqueue("a")

        def pull(self, c: Any) -> None:
            calls.append(("pull", self))

        def cancel(self, reason: Any) -> None:
            calls.append(("cancel", self))

    source = Source()
    rs = ReadableStream(source)
    reader = rs.get_reader()
    await reader.read()
    reader.release_lock()
    rs.cancel()
    assert [name for name, _ in calls] == ["start", "pull", "cancel"]
    assert all(owner is source for _, owner in calls)
    await rs.get_reader().closed


def test_readablestream_desiredsize_when_closed() -> None:
    def start(c: Any) -> None:
        assert c.desired_size == 10
        c.close()
        assert c.desired_size == 0

    ReadableStream({"start": start}, {"high_water_mark": 10})


def test_readablestream_desiredsize_when_errored() -> None:
    def start(c: Any) -> None:
        assert c.desired_size == 10
        c.error()
        assert c.desired_size is None

    ReadableStream({"start": start}, {"high_water_mark": 10})


def test_readablestream_readablestream_is_extendable() -> None:
    class Extended(ReadableStream):
        def new_method(self) -> str:
            return "foo"

    assert Extended().new_method() == "foo"


def test_readablestream_strategies_the_default_strategy_should_give_desiredsize_of_1_to_start_decreasing_by_1_per_enqueue() -> (
    None
):
    sizes: list[Any] = []

    def start(c: Any) -> None:
        sizes.append(c.desired_size)
        for chunk in "abcd":
            c.enqueue(chunk)
            sizes.append(c.desired_size)

    ReadableStream({"start": start})
    assert sizes == [1, 0, -1, -2, -3]


async def test_readablestream_strategies_the_default_strategy_should_continue_giving_desiredsize_of_1_if_the_chunks_are_read_immediately() -> (
    None
):
    controllers: list[Any] = []
    reader = ReadableStream({"start": controllers.append}).get_reader()
    controller = controllers[0]
    assert controller.desired_size == 1
    for chunk in "abc":
        controller.enqueue(chunk)
        assert controller.desired_size == 0
        assert await reader.read() == ReadResult(chunk, False)
        assert controller.desired_size == 1


async def test_readablestream_integration_test_adapting_a_sync_pull_source() -> None:
    rs, state = sequential_readable_stream(10)
    assert await read_all(rs) == list(range(1, 11))
    assert state["closed"] is True


async def test_readablestream_integration_test_adapting_an_async_pull_source() -> None:
    rs, state = sequential_readable_stream(10, is_async=True)
    assert await read_all(rs) == list(range(1, 11))
    assert state["closed"] is True


async def test_readablestream_integration_test_adapting_a_random_push_source() -> None:
    import random

    chunks_out: list[bytes] = []

    async def push_source(c: Any) -> None:
        for _ in range(8):
            await asyncio.sleep(random.random() / 1000)
            c.enqueue(bytes(128))
        c.close()

    tasks: list[Any] = []
    rs = ReadableStream({"start": lambda c: tasks.append(asyncio.ensure_future(push_source(c)))})
    chunks_out = await read_all(rs)
    assert len(chunks_out) == 8
    assert all(len(chunk) == 128 for chunk in chunks_out)


def test_count_queuing_strategy_object_is_accepted() -> None:
    def start(c: Any) -> None:
        assert c.desired_size == 4

    ReadableStream({"start": start}, CountQueuingStrategy(high_water_mark=4))
