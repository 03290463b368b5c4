"""WPT streams/readable-byte-streams/tee.any.js, ported (data flow, cancel and error propagation)."""

from __future__ import annotations

import asyncio
from typing import Any

from streams_helpers import WPTError, flush_async_events, read_all, rejects

from webstd.streams import ReadableStream, ReadResult

error1 = WPTError("error1")


def _controlled_bytes() -> tuple[ReadableStream, Any]:
    controllers: list[Any] = []
    return ReadableStream({"type": "bytes", "start": controllers.append}), controllers[0]


def test_readablestream_teeing_with_byte_source_rs_tee_returns_an_array_of_two_readablestreams() -> (
    None
):
    branch1, branch2 = ReadableStream({"type": "bytes"}).tee()
    # both branches are byte streams: they accept BYOB readers
    branch1.get_reader("byob")
    branch2.get_reader("byob")


async def test_readablestream_teeing_with_byte_source_should_be_able_to_read_one_branch_to_the_end_without_affecting_the_other() -> (
    None
):
    rs, controller = _controlled_bytes()
    branch1, branch2 = rs.tee()
    reader1, reader2 = branch1.get_reader("byob"), branch2.get_reader("byob")
    controller.enqueue(b"\x01")
    controller.enqueue(b"\x02")
    controller.close()
    assert bytes((await reader1.read(bytearray(1))).value) == b"\x01"
    assert bytes((await reader1.read(bytearray(1))).value) == b"\x02"
    result = await reader1.read(bytearray(1))
    assert result.done is True
    await reader1.closed
    assert bytes((await reader2.read(bytearray(1))).value) == b"\x01"


async def test_readablestream_teeing_with_byte_source_chunks_should_be_cloned_for_each_branch() -> (
    None
):
    rs, controller = _controlled_bytes()
    branch1, branch2 = rs.tee()
    reader1, reader2 = branch1.get_reader(), branch2.get_reader()
    chunk = bytearray(b"\x01")
    controller.enqueue(chunk)
    chunk[0] = 0xFF
    r1, r2 = await asyncio.gather(reader1.read(), reader2.read())
    assert r1 == r2 == ReadResult(b"\x01", False)


async def test_readablestream_teeing_with_byte_source_errors_in_the_source_should_propagate_to_both_branches() -> (
    None
):
    rs, controller = _controlled_bytes()
    branch1, branch2 = rs.tee()
    reader1, reader2 = branch1.get_reader(), branch2.get_reader("byob")
    controller.error(error1)
    await rejects(reader1.closed, error1)
    await rejects(reader2.closed, error1)
    await rejects(reader1.read(), error1)


async def test_readablestream_teeing_with_byte_source_canceling_branch1_should_not_impact_branch2() -> (
    None
):
    def start(c: Any) -> None:
        c.enqueue(b"\x01")
        c.enqueue(b"\x02")
        c.close()

    branch1, branch2 = ReadableStream({"type": "bytes", "start": start}).tee()
    cancel = branch1.cancel()  # settles once the source closes (the other branch still reads)
    assert b"".join(await read_all(branch2)) == b"\x01\x02"
    assert await cancel is None


async def test_readablestream_teeing_with_byte_source_canceling_both_branches_should_aggregate_the_cancel_reasons_into_an_array() -> (
    None
):
    received: list[Any] = []
    branch1, branch2 = ReadableStream({"type": "bytes", "cancel": received.append}).tee()
    branch1.cancel("reason1")
    await flush_async_events()
    assert received == []
    await branch2.cancel("reason2")
    assert received == [["reason1", "reason2"]]


async def test_readablestream_teeing_with_byte_source_failing_to_cancel_the_original_stream_should_cause_cancel_to_reject_on_branches() -> (
    None
):
    def cancel(reason: Any) -> None:
        raise error1

    branch1, branch2 = ReadableStream({"type": "bytes", "cancel": cancel}).tee()
    p1, p2 = branch1.cancel(), branch2.cancel()
    await rejects(p1, error1)
    await rejects(p2, error1)


async def test_readablestream_teeing_with_byte_source_closing_the_original_should_close_the_branches() -> (
    None
):
    rs, controller = _controlled_bytes()
    branch1, branch2 = rs.tee()
    reader1, reader2 = branch1.get_reader(), branch2.get_reader("byob")
    pending = reader2.read(bytearray(4))
    controller.close()
    await reader1.closed
    await reader2.closed
    result = await pending
    assert result.done is True


async def test_readablestream_teeing_with_byte_source_read_from_branch2_then_branch1() -> None:
    rs, controller = _controlled_bytes()
    branch1, branch2 = rs.tee()
    reader1, reader2 = branch1.get_reader("byob"), branch2.get_reader()
    read2 = reader2.read()
    controller.enqueue(b"abc")
    assert await read2 == ReadResult(b"abc", False)
    result = await reader1.read(bytearray(2))
    assert bytes(result.value) == b"ab"
    result = await reader1.read(bytearray(2))
    assert bytes(result.value) == b"c"


async def test_readablestream_teeing_with_byte_source_forwards_a_byob_read_of_a_branch_to_the_source() -> (
    None
):
    requests: list[Any] = []
    counter = 0

    def pull(c: Any) -> None:
        nonlocal counter
        request = c.byob_request
        requests.append(None if request is None else request.view.nbytes)
        counter += 1
        if request is not None:
            request.view[0] = counter
            request.respond(1)
        else:
            c.enqueue(bytes([counter]))

    branch1, branch2 = ReadableStream({"type": "bytes", "pull": pull}).tee()
    reader1, reader2 = branch1.get_reader("byob"), branch2.get_reader()
    result = await reader1.read(bytearray(3))
    assert bytes(result.value) == b"\x01"
    assert requests[0] == 3  # the branch's own buffer reached the source
    assert await reader2.read() == ReadResult(b"\x01", False)
    result = await reader2.read()
    assert result.done is False
    assert len(result.value) == 1
    await flush_async_events()
    assert None in requests  # a default read of a branch is a default read of the source
