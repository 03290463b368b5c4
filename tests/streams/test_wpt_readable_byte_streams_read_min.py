"""WPT streams/readable-byte-streams/read-min.any.js, ported. Python buffers have no
`.buffer`/`byteOffset`: the view checks compare the byob_request view's length and the
bytes read (see tests/wpt/SKIPPED.md)."""

from __future__ import annotations

import array
import asyncio
from typing import Any

import pytest
from streams_helpers import WPTError, rejects

from webstd.streams import ReadableStream


def _unreached(*args: Any) -> None:
    raise AssertionError("pull() should not be called")


def _byob(source: dict[str, Any]) -> Any:
    return ReadableStream({"type": "bytes", **source}).get_reader("byob")


async def test_readablestream_with_byte_source_read_min_rejects_if_min_is_0() -> None:
    reader = _byob({"pull": _unreached})
    await rejects(reader.read(bytearray(1), min=0), TypeError)


@pytest.mark.parametrize(
    "view",
    [bytearray(1), array.array("H", [0]), memoryview(bytearray(1))],
    ids=["Uint8Array", "Uint16Array", "DataView"],
)
async def test_readablestream_with_byte_source_read_min_rejects_if_min_is_larger_than_view_s_length(
    view: Any,
) -> None:
    reader = _byob({"pull": _unreached})
    await rejects(reader.read(view, min=2), ValueError)


async def test_readablestream_with_byte_source_read_min_then_read() -> None:
    lengths: list[int] = []

    def pull(c: Any) -> None:
        request = c.byob_request
        view = request.view
        lengths.append(len(view))
        if len(lengths) == 1:
            view[0] = 0x01
            view[1] = 0x02
            request.respond(2)
        elif len(lengths) == 2:
            view[0] = 0x03
            request.respond(1)
        elif len(lengths) == 3:
            view[0] = 0x04
            request.respond(1)

    reader = _byob({"pull": pull})
    read1 = reader.read(bytearray(3), min=3)
    read2 = reader.read(bytearray(1))
    result1 = await read1
    assert not result1.done
    assert bytes(result1.value) == b"\x01\x02\x03"
    result2 = await read2
    assert not result2.done
    assert bytes(result2.value) == b"\x04"
    assert lengths == [3, 1, 1]


async def test_readablestream_with_byte_source_enqueue_then_read_min() -> None:
    lengths: list[int] = []

    def pull(c: Any) -> None:
        view = c.byob_request.view
        lengths.append(len(view))
        if len(lengths) == 1:
            view[0] = 0x02
            view[1] = 0x03
            c.byob_request.respond(2)

    reader = _byob({"start": lambda c: c.enqueue(bytes([0x01])), "pull": pull})
    result = await reader.read(bytearray(3), min=3)
    assert not result.done
    assert bytes(result.value) == b"\x01\x02\x03"
    assert lengths == [2]


async def test_readablestream_with_byte_source_read_min_then_multiple_enqueue() -> None:
    lengths: list[int] = []

    def pull(c: Any) -> None:
        lengths.append(len(c.byob_request.view))
        if len(lengths) == 1:
            c.enqueue(bytes([0x01, 0x02]))
        elif len(lengths) == 2:
            c.enqueue(bytes([0x03]))

    reader = _byob({"pull": pull})
    result = await reader.read(bytearray(3), min=3)
    assert not result.done
    assert bytes(result.value) == b"\x01\x02\x03"
    assert lengths == [3, 1]


async def test_readablestream_with_byte_source_enqueue_read_min_partially_then_read() -> None:
    def start(c: Any) -> None:
        view = bytearray(16)
        view[0] = 0x01
        view[8] = 0x02
        c.enqueue(view)

    stream = ReadableStream({"type": "bytes", "start": start, "pull": _unreached})
    byob_reader = stream.get_reader("byob")
    result1 = await byob_reader.read(bytearray(8), min=8)
    assert not result1.done
    assert len(result1.value) == 8
    assert result1.value[0] == 0x01
    byob_reader.release_lock()
    result2 = await stream.get_reader().read()
    assert not result2.done
    assert len(result2.value) == 8
    assert result2.value[0] == 0x02


async def test_readablestream_with_byte_source_read_min_on_a_closed_stream() -> None:
    reader = _byob({"start": lambda c: c.close(), "pull": _unreached})
    result = await reader.read(bytearray([0x01]), min=1)
    assert result.done
    assert bytes(result.value) == b""
    await reader.closed


async def test_readablestream_with_byte_source_read_min_when_closed_before_view_is_filled() -> None:
    count = {"pull": 0}

    def pull(c: Any) -> None:
        if count["pull"] == 0:
            c.byob_request.view[0] = 0x01
            c.byob_request.respond(1)
        elif count["pull"] == 1:
            c.close()
            c.byob_request.respond(0)
        count["pull"] += 1

    reader = _byob({"pull": pull})
    result = await reader.read(bytearray(3), min=3)
    assert result.done
    assert bytes(result.value) == b"\x01"
    assert count["pull"] == 2
    await reader.closed


async def test_readablestream_with_byte_source_read_min_when_closed_immediately_after_view_is_filled() -> (
    None
):
    count = {"pull": 0}

    def pull(c: Any) -> None:
        if count["pull"] == 0:
            c.byob_request.view[0] = 0x01
            c.byob_request.view[1] = 0x02
            c.byob_request.respond(2)
        elif count["pull"] == 1:
            c.byob_request.view[0] = 0x03
            c.byob_request.respond(1)
            c.close()
        count["pull"] += 1

    reader = _byob({"pull": pull})
    result = await reader.read(bytearray(3), min=3)
    assert not result.done
    assert bytes(result.value) == b"\x01\x02\x03"
    assert count["pull"] == 2
    await reader.closed


async def test_readablestream_with_byte_source_read_min_on_an_errored_stream() -> None:
    error1 = WPTError("error1")
    reader = _byob({"start": lambda c: c.error(error1), "pull": _unreached})
    read = reader.read(bytearray(1), min=1)
    await rejects(read, error1)
    await rejects(reader.closed, error1)


async def test_readablestream_with_byte_source_read_min_then_error() -> None:
    error1 = WPTError("error1")
    holder: dict[str, Any] = {}
    reader = _byob({"start": lambda c: holder.__setitem__("c", c)})
    read = reader.read(bytearray(1), min=1)
    holder["c"].error(error1)
    await rejects(read, error1)
    await rejects(reader.closed, error1)


async def test_readablestream_with_byte_source_getreader_read_min_then_cancel() -> None:
    reasons: list[Any] = []
    passed_reason = TypeError("foo")

    def cancel(reason: Any) -> str:
        reasons.append(reason)
        return "bar"

    reader = _byob({"pull": _unreached, "cancel": cancel})
    read = reader.read(bytearray(1), min=1)
    cancel_promise = reader.cancel(passed_reason)
    result = await read
    assert result.done
    assert result.value is None
    assert await cancel_promise is None
    assert reasons == [passed_reason]


async def test_readablestream_with_byte_source_cancel_with_partially_filled_pending_read_min_request() -> (
    None
):
    lengths: list[int] = []

    def pull(c: Any) -> None:
        lengths.append(len(c.byob_request.view))
        c.byob_request.view[0] = 0x01
        c.byob_request.respond(1)
        lengths.append(len(c.byob_request.view))

    rs = ReadableStream({"type": "bytes", "pull": pull})
    await asyncio.sleep(0)
    assert lengths == []
    reader = rs.get_reader("byob")
    read = reader.read(bytearray(3), min=3)
    assert lengths == [3, 2]
    reader.cancel()
    result = await read
    assert result.done
    assert result.value is None
    assert lengths == [3, 2]
    await reader.closed


async def test_readablestream_with_byte_source_enqueue_then_read_min_with_smaller_views() -> None:
    called = {"pull": False}

    def start(c: Any) -> None:
        view = bytearray(16)
        view[7] = 0x01
        view[15] = 0x02
        c.enqueue(view)

    reader = _byob({"start": start, "pull": lambda c: called.__setitem__("pull", True)})
    result1 = await reader.read(bytearray(8), min=8)
    assert not result1.done
    assert len(result1.value) == 8
    assert result1.value[7] == 0x01
    result2 = await reader.read(bytearray(8), min=8)
    assert not called["pull"]
    assert not result2.done
    assert len(result2.value) == 8
    assert result2.value[7] == 0x02


async def test_readablestream_with_byte_source_3_byte_enqueue_then_close_then_read_min_with_2_element_uint16array_must_fail() -> (
    None
):
    def start(c: Any) -> None:
        c.enqueue(bytes([0xAA, 0xBB, 0xCC]))
        c.close()

    reader = _byob({"start": start, "pull": _unreached})
    await rejects(reader.read(array.array("H", [0, 0]), min=2), TypeError)
    await rejects(reader.closed, TypeError)


async def test_readablestream_with_byte_source_read_min_with_2_element_uint16array_then_3_byte_enqueue_then_close_must_fail() -> (
    None
):
    holder: dict[str, Any] = {}
    reader = _byob({"start": lambda c: holder.__setitem__("c", c), "pull": _unreached})
    read = reader.read(array.array("H", [0, 0]), min=2)
    holder["c"].enqueue(bytes([0xAA, 0xBB, 0xCC]))
    with pytest.raises(TypeError):
        holder["c"].close()
    await rejects(read, TypeError)
    await rejects(reader.closed, TypeError)


async def test_readablestream_with_byte_source_tee_with_read_min_from_branch1_and_read_from_branch2() -> (
    None
):
    holder: dict[str, Any] = {"pulls": 0}

    def pull(c: Any) -> None:
        holder["pulls"] += 1

    rs = ReadableStream(
        {"type": "bytes", "start": lambda c: holder.__setitem__("c", c), "pull": pull}
    )
    reader1, reader2 = (branch.get_reader("byob") for branch in rs.tee())
    await asyncio.sleep(0)
    assert holder["pulls"] == 0
    read1 = reader1.read(bytearray(3), min=3)
    read2 = reader2.read(bytearray(1))
    assert holder["pulls"] == 1
    request1 = holder["c"].byob_request
    assert len(request1.view) == 3
    request1.view[0] = 0x01
    request1.respond(1)
    result2 = await read2
    assert not result2.done
    assert bytes(result2.value) == b"\x01"
    assert holder["pulls"] == 2
    request2 = holder["c"].byob_request
    assert len(request2.view) == 2
    request2.view[0] = 0x02
    request2.view[1] = 0x03
    request2.respond(2)
    result1 = await read1
    assert not result1.done
    assert bytes(result1.value) == b"\x01\x02\x03"
    result3 = await reader2.read(bytearray(2))
    assert holder["pulls"] == 2
    assert not result3.done
    assert bytes(result3.value) == b"\x02\x03"
