"""WPT streams/readable-byte-streams/general.any.js, ported (the parts that map to Python buffers).

Typed arrays map to Python buffers: a default reader of a byte stream gets
`bytes`; a BYOB read fills the caller's writable buffer (`bytearray`,
`memoryview`, `array.array`) and resolves with a `memoryview` of the filled
part in the caller's item format.
"""

from __future__ import annotations

import array
import asyncio
from typing import Any

import pytest
from streams_helpers import WPTError, flush_async_events, read_all, rejects

from webstd.streams import ReadableStream, ReadableStreamBYOBReader, ReadResult
from webstd.streams.readable import readable_stream_from_bytes

error1 = WPTError("error1")


def test_getreader_mode_byob_throws_on_non_bytes_streams() -> None:
    with pytest.raises(TypeError):
        ReadableStream().get_reader("byob")


def test_readablestream_with_byte_source_can_be_constructed_with_no_errors() -> None:
    assert isinstance(
        ReadableStream({"type": "bytes"}).get_reader("byob"), ReadableStreamBYOBReader
    )


async def test_readablestream_with_byte_source_construct_and_expect_start_and_pull_being_called() -> (
    None
):
    state: dict[str, Any] = {}
    controllers: list[Any] = []

    def start(c: Any) -> None:
        controllers.append(c)
        state["start"] = True

    def pull(c: Any) -> None:
        state["start_before_pull"] = state.get("start", False)
        state["desired_size"] = controllers[0].desired_size

    ReadableStream({"start": start, "pull": pull, "type": "bytes"}, {"high_water_mark": 256})
    await flush_async_events()
    assert state["start_before_pull"] is True
    assert state["desired_size"] == 256


async def test_readablestream_with_byte_source_no_automatic_pull_call_if_start_doesn_t_finish() -> (
    None
):
    pulls = []
    gate = asyncio.Event()

    async def start(c: Any) -> None:
        await gate.wait()

    ReadableStream(
        {"start": start, "pull": pulls.append, "type": "bytes"}, {"high_water_mark": 256}
    )
    await flush_async_events()
    assert pulls == []
    gate.set()
    await flush_async_events()
    assert len(pulls) == 1


def test_readablestream_with_byte_source_start_throws_an_exception() -> None:
    def start(c: Any) -> None:
        raise Exception()

    with pytest.raises(Exception):
        ReadableStream({"start": start, "type": "bytes"})


async def test_readablestream_with_byte_source_construct_with_highwatermark_of_0() -> None:
    def pull(c: Any) -> None:
        raise AssertionError("pull() should not be called")

    ReadableStream({"pull": pull, "type": "bytes"}, {"high_water_mark": 0})
    await flush_async_events()


def test_readablestream_with_byte_source_desiredsize_when_closed() -> None:
    def start(c: Any) -> None:
        assert c.desired_size == 10
        c.close()
        assert c.desired_size == 0

    ReadableStream({"start": start, "type": "bytes"}, {"high_water_mark": 10})


def test_readablestream_with_byte_source_desiredsize_when_errored() -> None:
    def start(c: Any) -> None:
        assert c.desired_size == 10
        c.error()
        assert c.desired_size is None

    ReadableStream({"start": start, "type": "bytes"}, {"high_water_mark": 10})


async def test_readablestream_with_byte_source_getreader_then_releaselock() -> None:
    reader = ReadableStream({"type": "bytes"}).get_reader()
    reader.release_lock()
    await rejects(reader.closed, TypeError)


async def test_readablestream_with_byte_source_getreader_with_mode_set_to_byob_then_releaselock() -> (
    None
):
    reader = ReadableStream({"type": "bytes"}).get_reader("byob")
    reader.release_lock()
    await rejects(reader.closed, TypeError)


@pytest.mark.parametrize("mode", [None, "byob"])
async def test_readablestream_with_byte_source_test_that_closing_a_stream_does_not_release_a_reader_automatically(
    mode: Any,
) -> None:
    stream = ReadableStream({"start": lambda c: c.close(), "type": "bytes"})
    reader = stream.get_reader(mode)
    await reader.closed
    with pytest.raises(TypeError):
        stream.get_reader(mode)


@pytest.mark.parametrize("mode", [None, "byob"])
async def test_readablestream_with_byte_source_test_that_erroring_a_stream_does_not_release_a_reader_automatically(
    mode: Any,
) -> None:
    stream = ReadableStream({"start": lambda c: c.error(error1), "type": "bytes"})
    reader = stream.get_reader(mode)
    await rejects(reader.closed, error1)
    with pytest.raises(TypeError):
        stream.get_reader(mode)


async def test_readablestream_with_byte_source_releaselock_on_readablestreamdefaultreader_with_pending_read_rejects_it() -> (
    None
):
    reader = ReadableStream({"type": "bytes"}).get_reader()
    read = reader.read()
    reader.release_lock()
    await rejects(read, TypeError)


async def test_readablestream_with_byte_source_automatic_pull_after_start() -> None:
    pulls: list[Any] = []
    stream = ReadableStream({"pull": pulls.append, "type": "bytes"}, {"high_water_mark": 8})
    stream.get_reader()
    assert pulls == []
    await asyncio.sleep(0)
    assert len(pulls) == 1


@pytest.mark.parametrize("mode", [None, "byob"])
async def test_readablestream_with_byte_source_automatic_pull_after_start_and_read(
    mode: Any,
) -> None:
    pulls: list[Any] = []
    stream = ReadableStream({"pull": pulls.append, "type": "bytes"}, {"high_water_mark": 0})
    reader = stream.get_reader(mode)
    reader.read(bytearray(8)) if mode else reader.read()  # type: ignore[call-arg]
    assert pulls == []
    await asyncio.sleep(0)
    assert len(pulls) == 1


async def test_readablestream_with_byte_source_autoallocatechunksize() -> None:
    pull_count = 0
    views: list[int] = []
    controllers: list[Any] = []

    def pull(c: Any) -> None:
        nonlocal pull_count
        request = controllers[0].byob_request
        assert request is not None and request.view is not None
        views.append(request.view.nbytes)
        if pull_count == 0:
            request.view[0] = 0x01
            request.respond(1)
        elif pull_count == 1:
            request.view[0:2] = b"\x02\x03"
            request.respond(2)
        pull_count += 1

    stream = ReadableStream(
        {
            "start": controllers.append,
            "pull": pull,
            "type": "bytes",
            "auto_allocate_chunk_size": 16,
        },
        {"high_water_mark": 0},
    )
    reader = stream.get_reader()
    p0, p1 = reader.read(), reader.read()
    assert pull_count == 0
    assert await p0 == ReadResult(b"\x01", False)
    assert await p1 == ReadResult(b"\x02\x03", False)
    assert pull_count == 2
    assert views == [16, 16]


async def test_readablestream_with_byte_source_mix_of_auto_allocate_and_byob() -> None:
    pull_count = 0
    views: list[int] = []
    controllers: list[Any] = []

    def pull(c: Any) -> None:
        nonlocal pull_count
        request = controllers[0].byob_request
        views.append(request.view.nbytes)
        if pull_count == 0:
            request.view[0] = 0x01
            request.respond(1)
        else:
            request.view[0:2] = b"\x02\x03"
            request.respond(2)
        pull_count += 1

    stream = ReadableStream(
        {
            "start": controllers.append,
            "pull": pull,
            "type": "bytes",
            "auto_allocate_chunk_size": 16,
        },
        {"high_water_mark": 0},
    )
    reader = stream.get_reader()
    assert await reader.read() == ReadResult(b"\x01", False)
    reader.release_lock()
    byob = stream.get_reader("byob")
    result = await byob.read(bytearray(32))
    assert bytes(result.value) == b"\x02\x03"
    assert views == [16, 32]
    assert pull_count == 2


async def test_readablestream_with_byte_source_enqueue_getreader_then_read() -> None:
    state: dict[str, Any] = {"pulls": 0}
    controllers: list[Any] = []

    def start(c: Any) -> None:
        c.enqueue(bytes(16))
        state["desired_in_start"] = c.desired_size
        controllers.append(c)

    def pull(c: Any) -> None:
        state["pulls"] += 1
        if state["pulls"] == 1:
            state["desired_in_pull"] = controllers[0].desired_size

    stream = ReadableStream({"start": start, "pull": pull, "type": "bytes"}, {"high_water_mark": 8})
    await asyncio.sleep(0)
    assert state["pulls"] == 0
    assert state["desired_in_start"] == -8
    reader = stream.get_reader()
    promise = reader.read()
    assert state["pulls"] == 1
    assert state["desired_in_pull"] == 8
    result = await promise
    assert result == ReadResult(bytes(16), False)


async def test_readablestream_with_byte_source_push_source_that_doesn_t_understand_pull_signal() -> (
    None
):
    controllers: list[Any] = []
    reader = ReadableStream({"start": controllers.append, "type": "bytes"}).get_reader()
    promise = reader.read()
    controllers[0].enqueue(bytearray(1))
    assert await promise == ReadResult(b"\x00", False)


def test_readablestream_with_byte_source_pull_function_is_not_callable() -> None:
    with pytest.raises(TypeError):
        ReadableStream({"pull": "foo", "type": "bytes"})


async def test_readablestream_with_byte_source_enqueue_with_uint16array_getreader_then_read() -> (
    None
):
    stream = ReadableStream(
        {"start": lambda c: c.enqueue(array.array("H", [0] * 16)), "type": "bytes"}
    )
    result = await stream.get_reader().read()
    assert result.done is False
    assert type(result.value) is bytes
    assert len(result.value) == 32


async def test_readablestream_with_byte_source_enqueue_read_view_partially_then_read() -> None:
    def start(c: Any) -> None:
        view = bytearray(16)
        view[0] = 0x01
        view[8] = 0x02
        c.enqueue(view)

    stream = ReadableStream({"start": start, "type": "bytes"})
    byob = stream.get_reader("byob")
    result = await byob.read(bytearray(8))
    assert result.done is False
    assert result.value.nbytes == 8
    assert result.value[0] == 0x01
    byob.release_lock()
    result = await stream.get_reader().read()
    assert result.value == b"\x02" + bytes(7)


async def test_readablestream_with_byte_source_getreader_enqueue_close_then_read() -> None:
    controllers: list[Any] = []
    stream = ReadableStream({"start": controllers.append, "type": "bytes"})
    reader = stream.get_reader()
    controllers[0].enqueue(bytes(16))
    controllers[0].close()
    assert await reader.read() == ReadResult(bytes(16), False)
    assert await reader.read() == ReadResult(None, True)


async def test_readablestream_with_byte_source_enqueue_close_getreader_then_read() -> None:
    def start(c: Any) -> None:
        c.enqueue(bytes(16))
        c.close()

    reader = ReadableStream({"start": start, "type": "bytes"}).get_reader()
    assert await reader.read() == ReadResult(bytes(16), False)
    assert await reader.read() == ReadResult(None, True)


async def test_readablestream_with_byte_source_respond_to_pull_by_enqueue() -> None:
    seen: list[Any] = []
    controllers: list[Any] = []

    def pull(c: Any) -> None:
        controllers[0].enqueue(bytes(16))
        seen.append(controllers[0].byob_request)

    reader = ReadableStream(
        {"start": controllers.append, "pull": pull, "type": "bytes"}
    ).get_reader()
    result = await reader.read()
    assert len(result.value) == 16
    assert seen == [None]


async def test_readablestream_with_byte_source_respond_to_multiple_pull_by_separate_enqueue() -> (
    None
):
    pull_count = 0
    desired: list[Any] = []

    def pull(c: Any) -> None:
        nonlocal pull_count
        desired.append(c.desired_size)
        if pull_count < 3:
            c.enqueue(bytes(1))
        else:
            c.close()
        pull_count += 1

    reader = ReadableStream({"pull": pull, "type": "bytes"}, {"high_water_mark": 256}).get_reader()
    results = await asyncio.gather(reader.read(), reader.read(), reader.read())
    await flush_async_events()
    assert pull_count == 4
    assert all(r == ReadResult(b"\x00", False) for r in results)
    assert desired == [256, 256, 256, 256]


async def test_readablestream_with_byte_source_read_view_then_respond() -> None:
    controllers: list[Any] = []
    defined: list[bool] = []
    pull_count = 0

    def pull(c: Any) -> None:
        nonlocal pull_count
        controller = controllers[0]
        defined.append(controller.byob_request is not None)
        initial = controller.byob_request
        initial.view[0] = 0x01
        initial.respond(1)
        defined.append(controller.byob_request is not None)
        defined.append(initial.view is not None)
        pull_count += 1

    reader = ReadableStream(
        {"start": controllers.append, "pull": pull, "type": "bytes"}
    ).get_reader("byob")
    result = await reader.read(bytearray(1))
    assert result.done is False
    assert bytes(result.value) == b"\x01"
    assert pull_count == 1
    assert defined == [True, False, False]


async def test_readablestream_with_byte_source_read_view_then_respondwithnewview() -> None:
    controllers: list[Any] = []

    def pull(c: Any) -> None:
        controllers[0].byob_request.respond_with_new_view(b"\x01")

    reader = ReadableStream(
        {"start": controllers.append, "pull": pull, "type": "bytes"}
    ).get_reader("byob")
    result = await reader.read(bytearray(1))
    assert bytes(result.value) == b"\x01"


async def test_readablestream_with_byte_source_read_view_then_respond_with_too_big_value() -> None:
    controllers: list[Any] = []
    errors: list[BaseException] = []

    def pull(c: Any) -> None:
        try:
            controllers[0].byob_request.respond(2)
        except ValueError as error:
            errors.append(error)
        controllers[0].byob_request.respond(1)

    reader = ReadableStream(
        {"start": controllers.append, "pull": pull, "type": "bytes"}
    ).get_reader("byob")
    await reader.read(bytearray(1))
    assert len(errors) == 1


async def test_readablestream_with_byte_source_respond_3_to_read_view_with_2_element_uint16array_enqueues_the_1_byte_remainder() -> (
    None
):
    controllers: list[Any] = []
    pull_count = 0
    view_sizes: list[int] = []

    def pull(c: Any) -> None:
        nonlocal pull_count
        pull_count += 1
        request = controllers[0].byob_request
        view_sizes.append(request.view.nbytes)
        request.view[0:3] = b"\x01\x02\x03"
        request.respond(3)

    reader = ReadableStream(
        {"start": controllers.append, "pull": pull, "type": "bytes"}
    ).get_reader("byob")
    result = await reader.read(array.array("H", [0, 0]))
    assert pull_count == 1
    assert result.value.nbytes == 2
    assert result.value.tobytes() == b"\x01\x02"
    result = await reader.read(bytearray(1))
    assert pull_count == 1
    assert view_sizes == [4]
    assert bytes(result.value) == b"\x03"


async def test_readablestream_with_byte_source_read_view_with_min() -> None:
    controllers: list[Any] = []

    def start(c: Any) -> None:
        controllers.append(c)

    reader = ReadableStream({"start": start, "type": "bytes"}).get_reader("byob")
    read = reader.read(bytearray(4), min=3)
    controllers[0].enqueue(b"ab")
    await flush_async_events()
    assert not read.settled
    controllers[0].enqueue(b"cd")
    result = await read
    assert bytes(result.value) == b"abcd"


async def test_readablestream_with_byte_source_read_view_errors() -> None:
    reader = ReadableStream({"type": "bytes"}).get_reader("byob")
    await rejects(reader.read(bytearray(0)), TypeError)
    await rejects(reader.read(b"readonly"), TypeError)
    await rejects(reader.read(bytearray(4), min=0), TypeError)
    await rejects(reader.read(bytearray(4), min=5), ValueError)


async def test_readablestream_with_byte_source_enqueue_rejects_non_bytes_and_empty_chunks() -> None:
    controllers: list[Any] = []
    ReadableStream({"start": controllers.append, "type": "bytes"})
    with pytest.raises(TypeError):
        controllers[0].enqueue("text")
    with pytest.raises(TypeError):
        controllers[0].enqueue(5)
    with pytest.raises(TypeError):
        controllers[0].enqueue(b"")


async def test_readablestream_with_byte_source_enqueued_chunk_is_copied() -> None:
    controllers: list[Any] = []
    stream = ReadableStream({"start": controllers.append, "type": "bytes"})
    chunk = bytearray(b"abc")
    controllers[0].enqueue(chunk)
    chunk[0] = ord("z")  # the standard transfers the buffer; a copy keeps the stream's data intact
    assert await stream.get_reader().read() == ReadResult(b"abc", False)


async def test_readablestream_with_byte_source_cancel_releases_pending_byob_reads_with_done() -> (
    None
):
    reader = ReadableStream({"type": "bytes"}).get_reader("byob")
    read = reader.read(bytearray(4))
    await reader.cancel()
    result = await read
    assert result.done is True
    assert result.value is None


async def test_readablestream_with_byte_source_read_view_on_closed_stream_gives_empty_done_view() -> (
    None
):
    reader = ReadableStream({"type": "bytes", "start": lambda c: c.close()}).get_reader("byob")
    result = await reader.read(bytearray(4))
    assert result.done is True
    assert result.value.nbytes == 0


async def test_readable_stream_from_bytes_holds_one_chunk() -> None:
    assert await read_all(readable_stream_from_bytes(b"hello")) == [b"hello"]
    assert await read_all(readable_stream_from_bytes(b"")) == []
