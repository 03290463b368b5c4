"""WPT streams/readable-streams/tee.any.js, ported (plus the hypothesis tee property)."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from streams_helpers import (
    WPTError,
    flush_async_events,
    read_all,
    recording_readable_stream,
    rejects,
)

from webstd.streams import ReadableStream, ReadResult


def test_readablestream_teeing_rs_tee_returns_an_array_of_two_readablestreams() -> None:
    result = ReadableStream().tee()
    assert isinstance(result, tuple)
    assert len(result) == 2
    assert all(type(branch) is ReadableStream for branch in result)


async def test_readablestream_teeing_should_be_able_to_read_one_branch_to_the_end_without_affecting_the_other() -> (
    None
):
    def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")
        c.close()

    branch1, branch2 = ReadableStream({"start": start}).tee()
    reader1, reader2 = branch1.get_reader(), branch2.get_reader()
    assert await reader1.read() == ReadResult("a", False)
    assert await reader1.read() == ReadResult("b", False)
    assert await reader1.read() == ReadResult(None, True)
    await reader1.closed
    assert await reader2.read() == ReadResult("a", False)
    await flush_async_events()
    assert not reader2.closed.settled or await reader2.closed is None


async def test_readablestream_teeing_values_should_be_equal_across_each_branch() -> None:
    the_object = {"the": "test object"}
    branch1, branch2 = ReadableStream({"start": lambda c: c.enqueue(the_object)}).tee()
    r1, r2 = await asyncio.gather(branch1.get_reader().read(), branch2.get_reader().read())
    assert r1 == r2
    assert r1.value is the_object


async def test_readablestream_teeing_errors_in_the_source_should_propagate_to_both_branches() -> (
    None
):
    the_error = WPTError("boo!")

    def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")

    def pull(c: Any) -> None:
        raise the_error

    branch1, branch2 = ReadableStream({"start": start, "pull": pull}).tee()
    reader1, reader2 = branch1.get_reader(), branch2.get_reader()
    closed1, closed2 = reader1.closed, reader2.closed
    read_a, read_b = reader1.read(), reader1.read()
    assert await read_a == ReadResult("a", False)
    assert await read_b == ReadResult("b", False)
    await rejects(reader2.read(), the_error)
    await rejects(reader1.read(), the_error)
    await rejects(closed1, the_error)
    await rejects(closed2, the_error)


async def test_readablestream_teeing_canceling_branch1_should_not_impact_branch2() -> None:
    def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")
        c.close()

    branch1, branch2 = ReadableStream({"start": start}).tee()
    branch1.cancel()
    assert await read_all(branch1) == []
    assert await read_all(branch2) == ["a", "b"]


async def test_readablestream_teeing_canceling_branch2_should_not_impact_branch2() -> None:
    def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")
        c.close()

    branch1, branch2 = ReadableStream({"start": start}).tee()
    branch2.cancel()
    assert await read_all(branch1) == ["a", "b"]
    assert await read_all(branch2) == []


async def test_readablestream_teeing_canceling_both_branches_should_aggregate_the_cancel_reasons_into_an_array() -> (
    None
):
    reason1 = Exception("We're wanted men.")
    reason2 = Exception("I have the death sentence on twelve systems.")
    received: list[Any] = []
    branch1, branch2 = ReadableStream({"cancel": received.append}).tee()
    branch1.cancel(reason1)
    assert received == []  # cancelling one branch does not cancel the source
    branch2.cancel(reason2)
    await flush_async_events()
    assert received == [[reason1, reason2]]


async def test_readablestream_teeing_failing_to_cancel_the_original_stream_should_cause_cancel_to_reject_on_branches() -> (
    None
):
    the_error = WPTError("I'll be careful.")

    def cancel(reason: Any) -> None:
        raise the_error

    branch1, branch2 = ReadableStream({"cancel": cancel}).tee()
    p1, p2 = branch1.cancel(), branch2.cancel()
    await rejects(p1, the_error)
    await rejects(p2, the_error)


async def test_readablestream_teeing_erroring_a_teed_stream_should_properly_handle_canceled_branches() -> (
    None
):
    controllers: list[Any] = []
    branch1, branch2 = ReadableStream({"start": controllers.append}).tee()
    controllers[0].error(Exception("error"))
    c1, c2 = branch1.cancel(), branch2.cancel()
    await flush_async_events()
    for promise in (c1, c2):
        try:
            await promise
        except Exception:
            pass
    assert c1.settled and c2.settled


async def test_readablestream_teeing_closing_the_original_should_immediately_close_the_branches() -> (
    None
):
    controllers: list[Any] = []
    branch1, branch2 = ReadableStream({"start": controllers.append}).tee()
    reader1, reader2 = branch1.get_reader(), branch2.get_reader()
    controllers[0].close()
    await asyncio.gather(reader1.closed, reader2.closed)


async def test_readablestream_teeing_erroring_the_original_should_immediately_error_the_branches() -> (
    None
):
    controllers: list[Any] = []
    branch1, branch2 = ReadableStream({"start": controllers.append}).tee()
    reader1, reader2 = branch1.get_reader(), branch2.get_reader()
    the_error = WPTError("boo!")
    controllers[0].error(the_error)
    await rejects(reader1.closed, the_error)
    await rejects(reader2.closed, the_error)


async def test_readablestreamtee_should_not_pull_more_chunks_than_can_fit_in_the_branch_queue() -> (
    None
):
    rs = recording_readable_stream({}, {"high_water_mark": 0})
    rs.stream.tee()
    await flush_async_events()
    assert rs.events == ["pull"]


async def test_readablestreamtee_should_only_pull_enough_to_fill_the_emptiest_queue() -> None:
    rs = recording_readable_stream({"pull": lambda c: c.enqueue("a")}, {"high_water_mark": 0})
    reader1, reader2 = (branch.get_reader() for branch in rs.stream.tee())
    await asyncio.gather(reader1.read(), reader2.read())
    assert rs.events == ["pull", "pull"]


async def test_readablestream_teeing_cancel_of_one_branch_then_source_close_resolves_other_cancel() -> (
    None
):
    controllers: list[Any] = []
    branch1, branch2 = ReadableStream({"start": controllers.append}).tee()
    cancel1 = branch1.cancel("r1")
    controllers[0].close()
    assert await cancel1 is None
    assert await read_all(branch2) == []


@given(st.lists(st.one_of(st.integers(), st.text(max_size=5), st.binary(max_size=8)), max_size=30))
def test_tee_both_branches_yield_exactly_the_input(chunks: list[Any]) -> None:
    async def run() -> tuple[list[Any], list[Any]]:
        branch1, branch2 = ReadableStream.from_(chunks).tee()
        return await asyncio.gather(read_all(branch1), read_all(branch2))

    first, second = asyncio.run(run())
    assert first == chunks
    assert second == chunks


@given(st.lists(st.binary(min_size=1, max_size=16), max_size=20))
def test_byte_stream_tee_both_branches_yield_exactly_the_input(chunks: list[bytes]) -> None:
    async def run() -> tuple[list[Any], list[Any]]:
        def start(c: Any) -> None:
            for chunk in chunks:
                c.enqueue(chunk)
            c.close()

        branch1, branch2 = ReadableStream({"type": "bytes", "start": start}).tee()
        return await asyncio.gather(read_all(branch1), read_all(branch2))

    first, second = asyncio.run(run())
    assert b"".join(first) == b"".join(chunks)
    assert b"".join(second) == b"".join(chunks)
