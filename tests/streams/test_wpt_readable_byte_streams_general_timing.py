"""WPT streams/readable-byte-streams/general.any.js, ported: pull timing, desiredSize and
byobRequest lifetime cases that test_wpt_readable_byte_streams_general.py does not assert
(same WPT titles)."""

from __future__ import annotations

import array
import asyncio
from typing import Any

import pytest
from streams_helpers import WPTError, flush_async_events, rejects

from webstd.streams import ReadableStream


async def test_readablestream_with_byte_source_automatic_pull_after_start_and_read_view() -> None:
    count = {"pull": 0}
    stream = ReadableStream(
        {"type": "bytes", "pull": lambda c: count.__setitem__("pull", count["pull"] + 1)},
        {"high_water_mark": 0},
    )
    stream.get_reader("byob").read(bytearray(8))
    assert count["pull"] == 0
    await flush_async_events()
    assert count["pull"] == 1


async def test_readablestream_with_byte_source_enqueue_getreader_then_read() -> None:
    state: dict[str, Any] = {"pulls": 0}

    def start(c: Any) -> None:
        c.enqueue(bytes(16))
        state["desired_in_start"] = c.desired_size
        state["c"] = c

    def pull(c: Any) -> None:
        state["pulls"] += 1
        if state["pulls"] == 1:
            state["desired_in_pull"] = state["c"].desired_size

    stream = ReadableStream({"type": "bytes", "start": start, "pull": pull}, {"high_water_mark": 8})
    await flush_async_events()
    assert state["pulls"] == 0
    assert state["desired_in_start"] == -8
    reader = stream.get_reader()
    read = reader.read()
    assert state["pulls"] == 1
    assert state["desired_in_pull"] == 8
    result = await read
    assert not result.done
    assert len(result.value) == 16


async def test_readablestream_with_byte_source_respond_to_pull_by_enqueue_asynchronously() -> None:
    state: dict[str, Any] = {"pulls": 0, "sizes": []}

    def pull(c: Any) -> None:
        state["request"] = c.byob_request
        state["sizes"].append(c.desired_size)
        c.enqueue(bytes(1))
        state["sizes"].append(c.desired_size)
        c.enqueue(bytes(1))
        state["sizes"].append(c.desired_size)
        state["pulls"] += 1

    stream = ReadableStream(
        {"type": "bytes", "start": lambda c: state.__setitem__("c", c), "pull": pull},
        {"high_water_mark": 0},
    )
    reader = stream.get_reader()
    reads = [reader.read(), reader.read(), reader.read()]
    state["c"].enqueue(bytes(1))
    assert state["pulls"] == 0
    results = await asyncio.gather(*reads)
    assert state["pulls"] == 1
    assert [(r.done, len(r.value)) for r in results] == [(False, 1)] * 3
    assert state["request"] is None
    assert state["sizes"] == [0, 0, 0]


async def test_readablestream_with_byte_source_respond_to_multiple_pull_by_separate_enqueue() -> (
    None
):
    state: dict[str, Any] = {"pulls": 0, "sizes": []}

    def pull(c: Any) -> None:
        state["request"] = c.byob_request
        state["sizes"].append(c.desired_size)
        if state["pulls"] < 3:
            c.enqueue(bytes(1))
        else:
            c.close()
        state["pulls"] += 1

    stream = ReadableStream({"type": "bytes", "pull": pull}, {"high_water_mark": 256})
    reader = stream.get_reader()
    reads = [reader.read(), reader.read(), reader.read()]
    assert state["pulls"] == 0
    results = await asyncio.gather(*reads)
    assert state["pulls"] == 4
    assert [(r.done, len(r.value)) for r in results] == [(False, 1)] * 3
    assert state["request"] is None
    assert state["sizes"] == [256, 256, 256, 256]


async def test_readablestream_with_byte_source_read_view_then_respond() -> None:
    state: dict[str, Any] = {"pulls": 0, "defined": []}

    def pull(c: Any) -> None:
        state["defined"].append(c.byob_request is not None)
        initial = c.byob_request
        c.byob_request.view[0] = 0x01
        c.byob_request.respond(1)
        state["defined"].append(c.byob_request is not None)
        state["initial_view"] = initial.view
        state["pulls"] += 1

    reader = ReadableStream({"type": "bytes", "pull": pull}).get_reader("byob")
    result = await reader.read(bytearray(1))
    assert not result.done
    assert bytes(result.value) == b"\x01"
    assert state["pulls"] == 1
    assert state["defined"] == [True, False]
    assert state["initial_view"] is None


def _recording_cancel(state: dict[str, Any]) -> Any:
    def cancel(reason: Any) -> str:
        state.setdefault("reasons", []).append(reason)
        return "bar"

    return cancel


def _unreached(c: Any) -> None:
    raise AssertionError("pull() should not be called")


async def test_readablestream_with_byte_source_enqueue_getreader_then_cancel() -> None:
    for mode in (None, "byob"):
        state: dict[str, Any] = {}
        passed = TypeError("foo")
        stream = ReadableStream(
            {
                "type": "bytes",
                "start": lambda c: c.enqueue(bytes(16)),
                "pull": _unreached,
                "cancel": _recording_cancel(state),
            }
        )
        reader = stream.get_reader(mode)
        assert await reader.cancel(passed) is None
        assert state["reasons"] == [passed]


async def test_readablestream_with_byte_source_cancel_with_partially_filled_pending_pull_request() -> (
    None
):
    state: dict[str, Any] = {"pulls": 0, "lengths": []}

    def pull(c: Any) -> None:
        state["request"] = c.byob_request
        state["lengths"].append(len(c.byob_request.view))
        c.enqueue(bytes(1))
        state["lengths"].append(len(c.byob_request.view))
        state["pulls"] += 1

    stream = ReadableStream({"type": "bytes", "pull": pull})
    await asyncio.sleep(0)
    assert state["pulls"] == 0
    reader = stream.get_reader("byob")
    read = reader.read(array.array("H", [0]))
    assert state["pulls"] == 1
    assert state["request"] is not None
    assert state["lengths"] == [2, 1]
    reader.cancel()
    assert state["pulls"] == 1
    result = await read
    assert result.done
    assert result.value is None


async def test_readablestream_with_byte_source_enqueue_getreader_then_read_view_where_view_buffer_is_not_fully_covered_by_view() -> (
    None
):
    called = {"pull": False}

    def start(c: Any) -> None:
        view = bytearray(8)
        view[7] = 0x01
        c.enqueue(view)

    reader = ReadableStream(
        {"type": "bytes", "start": start, "pull": lambda c: called.__setitem__("pull", True)}
    ).get_reader("byob")
    buffer = bytearray(16)
    result = await reader.read(memoryview(buffer)[8:16])
    assert not result.done
    assert not called["pull"]
    assert len(result.value) == 8
    assert result.value[7] == 0x01
    assert buffer[15] == 0x01  # filled in place


async def test_readablestream_with_byte_source_multiple_enqueue_getreader_then_read_view() -> None:
    def start(c: Any) -> None:
        first = bytearray(16)
        first[15] = 123
        c.enqueue(first)
        second = bytearray(8)
        second[7] = 111
        c.enqueue(second)

    reader = ReadableStream({"type": "bytes", "start": start}).get_reader("byob")
    result = await reader.read(bytearray(24))
    assert not result.done
    assert len(result.value) == 24
    assert result.value[15] == 123
    assert result.value[23] == 111


async def test_readablestream_with_byte_source_enqueue_getreader_then_read_view_with_a_bigger_view() -> (
    None
):
    def start(c: Any) -> None:
        view = bytearray(16)
        view[15] = 0x01
        c.enqueue(view)

    reader = ReadableStream({"type": "bytes", "start": start}).get_reader("byob")
    result = await reader.read(bytearray(24))
    assert not result.done
    assert len(result.value) == 16
    assert result.value[15] == 0x01


async def test_readablestream_with_byte_source_enqueue_1_byte_getreader_then_read_view_with_uint16array() -> (
    None
):
    state: dict[str, Any] = {}

    def start(c: Any) -> None:
        c.enqueue(bytes([0xFF]))
        state["c"] = c

    def pull(c: Any) -> None:
        if c.byob_request is None:
            return
        view = c.byob_request.view
        state["length"] = len(view)
        view[0] = 0xAA
        c.byob_request.respond(1)

    reader = ReadableStream({"type": "bytes", "start": start, "pull": pull}).get_reader("byob")
    result = await reader.read(array.array("H", [0]))
    assert not result.done
    assert bytes(result.value) == b"\xff\xaa"
    assert state["length"] == 1


async def test_readablestream_with_byte_source_enqueue_3_byte_getreader_then_read_view_with_2_element_uint16array() -> (
    None
):
    state: dict[str, Any] = {"pulls": 0}

    def start(c: Any) -> None:
        c.enqueue(bytes([0x01, 0x00, 0x02]))

    def pull(c: Any) -> None:
        state["request"] = c.byob_request
        view = c.byob_request.view
        state["length"] = len(view)
        view[0] = 0x03
        c.byob_request.respond(1)
        state["desired"] = c.desired_size
        state["pulls"] += 1

    stream = ReadableStream({"type": "bytes", "start": start, "pull": pull})
    await asyncio.sleep(0)
    reader = stream.get_reader("byob")
    read = reader.read(array.array("H", [0, 0]))
    assert state["pulls"] == 0
    result = await read
    assert not result.done
    assert bytes(result.value) == b"\x01\x00"
    second = reader.read(array.array("H", [0]))
    assert state["pulls"] == 1
    result = await second
    assert not result.done
    assert bytes(result.value) == b"\x02\x03"
    assert state["request"] is not None
    assert state["length"] == 1
    assert state["desired"] == 0


def test_readablestream_with_byte_source_throw_if_close_ed_more_than_once() -> None:
    holder: dict[str, Any] = {}
    ReadableStream({"type": "bytes", "start": lambda c: holder.__setitem__("c", c)})
    holder["c"].enqueue(bytes(1))
    holder["c"].close()
    with pytest.raises(TypeError):
        holder["c"].close()


def test_readablestream_with_byte_source_throw_on_enqueue_after_close() -> None:
    holder: dict[str, Any] = {}
    ReadableStream({"type": "bytes", "start": lambda c: holder.__setitem__("c", c)})
    holder["c"].enqueue(bytes(1))
    holder["c"].close()
    with pytest.raises(TypeError):
        holder["c"].enqueue(bytes(1))


async def test_readablestream_with_byte_source_read_view_then_respond_and_close_in_pull() -> None:
    state: dict[str, Any] = {}

    def pull(c: Any) -> None:
        state["request"] = c.byob_request
        view = c.byob_request.view
        state["length"] = len(view)
        view[15] = 0x01
        c.byob_request.respond(16)
        c.close()

    reader = ReadableStream({"type": "bytes", "pull": pull}).get_reader("byob")
    result = await reader.read(bytearray(16))
    assert not result.done
    assert len(result.value) == 16
    assert result.value[15] == 0x01
    result = await reader.read(bytearray(16))
    assert result.done
    assert len(result.value) == 0
    assert state["request"] is not None
    assert state["length"] == 16


@pytest.mark.parametrize("by_enqueue", [False, True], ids=["respond", "enqueue"])
async def test_readablestream_with_byte_source_read_view_with_uint32array_then_fill_it_by_multiple_calls(
    by_enqueue: bool,
) -> None:
    state: dict[str, Any] = {"pulls": 0, "lengths": []}

    def pull(c: Any) -> None:
        if c.byob_request is None:
            return
        for _ in range(4):
            view = c.byob_request.view
            state["lengths"].append(len(view))
            if by_enqueue:
                c.enqueue(bytes([0x01]))
            else:
                view[0] = 0x01
                c.byob_request.respond(1)
        state["pulls"] += 1

    reader = ReadableStream({"type": "bytes", "pull": pull}).get_reader("byob")
    result = await reader.read(array.array("I", [0]))
    assert not result.done
    assert bytes(result.value) == b"\x01\x01\x01\x01"
    assert state["pulls"] == 1
    assert state["lengths"] == [4, 3, 2, 1]


async def test_readablestream_with_byte_source_read_twice_then_enqueue_twice() -> None:
    state: dict[str, Any] = {"pulls": 0}

    def pull(c: Any) -> None:
        state["request"] = c.byob_request
        state["pulls"] += 1

    stream = ReadableStream(
        {"type": "bytes", "start": lambda c: state.__setitem__("c", c), "pull": pull}
    )
    reader = stream.get_reader()
    read0 = reader.read()
    assert state["pulls"] == 0
    read1 = reader.read()
    state["c"].enqueue(bytes(1))
    assert state["pulls"] == 0
    result0 = await read0
    assert state["pulls"] == 1
    state["c"].enqueue(bytes(2))
    assert state["pulls"] == 1  # the queue holds no less than the HWM: no more pull
    assert len(result0.value) == 1
    result1 = await read1
    assert state["pulls"] == 1
    assert len(result1.value) == 2
    assert state["request"] is None


async def test_readablestream_with_byte_source_multiple_read_view_close_and_respond() -> None:
    holder: dict[str, Any] = {}
    reader = ReadableStream(
        {"type": "bytes", "start": lambda c: holder.__setitem__("c", c), "pull": _unreached}
    ).get_reader("byob")
    read0 = reader.read(bytearray(16))
    read1 = reader.read(bytearray(32))
    holder["c"].close()
    holder["c"].byob_request.respond(0)
    result0, result1 = await asyncio.gather(read0, read1)
    assert result0.done and len(result0.value) == 0
    assert result1.done and len(result1.value) == 0


async def test_readablestream_with_byte_source_multiple_read_view_big_enqueue() -> None:
    holder: dict[str, Any] = {}
    reader = ReadableStream(
        {"type": "bytes", "start": lambda c: holder.__setitem__("c", c), "pull": _unreached}
    ).get_reader("byob")
    read0 = reader.read(bytearray(16))
    read1 = reader.read(bytearray(16))
    holder["c"].enqueue(bytes(24))
    result0, result1 = await asyncio.gather(read0, read1)
    assert (result0.done, len(result0.value)) == (False, 16)
    assert (result1.done, len(result1.value)) == (False, 8)


async def test_readablestream_with_byte_source_multiple_read_view_and_multiple_enqueue() -> None:
    holder: dict[str, Any] = {}
    reader = ReadableStream(
        {"type": "bytes", "start": lambda c: holder.__setitem__("c", c), "pull": _unreached}
    ).get_reader("byob")

    async def pump(first: Any) -> int:
        total = 0
        result = await first
        while not result.done:
            total += len(result.value)
            result = await reader.read(bytearray(7))
        return total

    task = asyncio.ensure_future(pump(reader.read(bytearray(7))))  # the first read is at once
    holder["c"].enqueue(bytes(512))
    holder["c"].enqueue(bytes(512))
    holder["c"].close()
    assert await task == 1024


@pytest.mark.parametrize(
    "view", [None, {}, {"buffer": bytearray(10), "byte_offset": 0, "byte_length": 10}], ids=repr
)
async def test_readablestream_with_byte_source_read_view_with_a_non_view_must_fail(
    view: Any,
) -> None:
    called = {"pull": False}
    reader = ReadableStream(
        {"type": "bytes", "pull": lambda c: called.__setitem__("pull", True)}
    ).get_reader("byob")
    await rejects(reader.read(view), TypeError)
    assert not called["pull"]


@pytest.mark.parametrize("byob", [False, True], ids=["read()", "read(view)"])
async def test_readablestream_with_byte_source_throwing_in_pull_must_error_the_stream(
    byob: bool,
) -> None:
    state: dict[str, Any] = {}
    test_error = TypeError("foo")

    def pull(c: Any) -> None:
        state["request"] = c.byob_request
        raise test_error

    reader = ReadableStream({"type": "bytes", "pull": pull}).get_reader("byob" if byob else None)
    await rejects(reader.read(bytearray(1)) if byob else reader.read(), test_error)
    await rejects(reader.closed, test_error)
    assert (state["request"] is not None) is byob


@pytest.mark.parametrize("byob", [False, True], ids=["read()", "read(view)"])
async def test_readablestream_with_byte_source_throwing_in_pull_must_be_ignored_if_the_stream_is_errored_in_it(
    byob: bool,
) -> None:
    error1 = WPTError("error1")
    state: dict[str, Any] = {}

    def pull(c: Any) -> None:
        state["request"] = c.byob_request
        c.error(error1)
        raise TypeError("foo")

    reader = ReadableStream({"type": "bytes", "pull": pull}).get_reader("byob" if byob else None)
    await rejects(reader.read(bytearray(1)) if byob else reader.read(), error1)
    await rejects(reader.closed, error1)
    assert (state["request"] is not None) is byob


async def test_calling_respond_twice_on_the_same_byobrequest_should_throw() -> None:
    state: dict[str, Any] = {}

    def pull(c: Any) -> None:
        state["request"] = c.byob_request
        state["request"].respond(4)

    reader = ReadableStream({"type": "bytes", "pull": pull}).get_reader("byob")
    await reader.read(bytearray(16))
    with pytest.raises(TypeError):
        state["request"].respond(4)


async def test_calling_respondwithnewview_twice_on_the_same_byobrequest_should_throw() -> None:
    state: dict[str, Any] = {}

    def pull(c: Any) -> None:
        state["request"] = c.byob_request
        state["request"].respond_with_new_view(bytearray(16))

    reader = ReadableStream({"type": "bytes", "pull": pull}).get_reader("byob")
    await reader.read(bytearray(16))
    with pytest.raises(TypeError):
        state["request"].respond_with_new_view(bytearray(16))


async def test_calling_respond_0_twice_on_the_same_byobrequest_should_throw_even_when_closed() -> (
    None
):
    state: dict[str, Any] = {"pull_called": asyncio.Event()}
    pull_future: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def pull(c: Any) -> Any:
        state["request"] = c.byob_request
        state["pull_called"].set()
        return pull_future

    reader = ReadableStream(
        {"type": "bytes", "start": lambda c: state.__setitem__("c", c), "pull": pull}
    ).get_reader("byob")
    read = reader.read(bytearray(16))
    await state["pull_called"].wait()
    state["c"].close()
    state["request"].respond(0)
    pull_future.set_result(None)
    await read
    with pytest.raises(TypeError):
        state["request"].respond(0)
