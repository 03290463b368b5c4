"""WPT streams/readable-byte-streams/general.any.js, ported: read(view) filling, cancel and close paths."""

from __future__ import annotations

import array
import asyncio
from typing import Any

import pytest
from streams_helpers import rejects

from webstd.streams import ReadableStream, ReadResult


def _raise_pull(c: Any) -> None:
    raise AssertionError("pull() should not be called")


async def test_readablestream_with_byte_source_enqueue_getreader_then_read_view() -> None:
    def start(c: Any) -> None:
        view = bytearray(16)
        view[15] = 0x01
        c.enqueue(view)

    reader = ReadableStream({"start": start, "pull": _raise_pull, "type": "bytes"}).get_reader(
        "byob"
    )
    result = await reader.read(bytearray(16))
    assert result.done is False
    assert result.value.nbytes == 16
    assert result.value[15] == 0x01


@pytest.mark.parametrize("mode", [None, "byob"])
async def test_readablestream_with_byte_source_enqueue_getreader_then_cancel(mode: Any) -> None:
    reasons: list[Any] = []
    passed = TypeError("foo")
    stream = ReadableStream(
        {
            "start": lambda c: c.enqueue(bytes(16)),
            "pull": _raise_pull,
            "cancel": reasons.append,
            "type": "bytes",
        }
    )
    reader = stream.get_reader(mode)
    assert await reader.cancel(passed) is None
    assert reasons == [passed]


async def test_readablestream_with_byte_source_getreader_read_view_then_cancel() -> None:
    reasons: list[Any] = []

    def cancel(reason: Any) -> str:
        reasons.append(reason)
        return "bar"

    reader = ReadableStream({"pull": _raise_pull, "cancel": cancel, "type": "bytes"}).get_reader(
        "byob"
    )
    read = reader.read(bytearray(1))
    passed = TypeError("foo")
    assert await reader.cancel(passed) is None
    assert await read == ReadResult(None, True)
    assert reasons == [passed]


async def test_readablestream_with_byte_source_cancel_with_partially_filled_pending_pull_request() -> (
    None
):
    controllers: list[Any] = []
    view_sizes: list[int] = []
    pull_count = 0

    def pull(c: Any) -> None:
        nonlocal pull_count
        controller = controllers[0]
        view_sizes.append(controller.byob_request.view.nbytes)
        controller.enqueue(b"\x00")
        view_sizes.append(controller.byob_request.view.nbytes)
        pull_count += 1

    stream = ReadableStream({"start": controllers.append, "pull": pull, "type": "bytes"})
    await asyncio.sleep(0)
    assert pull_count == 0
    reader = stream.get_reader("byob")
    read = reader.read(array.array("H", [0]))
    assert pull_count == 1
    assert view_sizes == [2, 1]
    reader.cancel()
    assert pull_count == 1
    assert await read == ReadResult(None, True)


async def test_readablestream_with_byte_source_multiple_enqueue_getreader_then_read_view() -> None:
    def start(c: Any) -> None:
        first = bytearray(16)
        first[15] = 123
        c.enqueue(first)
        second = bytearray(8)
        second[7] = 111
        c.enqueue(second)

    reader = ReadableStream({"start": start, "pull": _raise_pull, "type": "bytes"}).get_reader(
        "byob"
    )
    result = await reader.read(bytearray(24))
    assert result.value.nbytes == 24
    assert result.value[15] == 123
    assert result.value[23] == 111


async def test_readablestream_with_byte_source_enqueue_getreader_then_read_view_with_a_bigger_view() -> (
    None
):
    def start(c: Any) -> None:
        view = bytearray(16)
        view[15] = 0x01
        c.enqueue(view)

    reader = ReadableStream({"start": start, "type": "bytes"}).get_reader("byob")
    result = await reader.read(bytearray(24))
    assert result.value.nbytes == 16
    assert result.value[15] == 0x01


async def test_readablestream_with_byte_source_enqueue_getreader_then_read_view_with_smaller_views() -> (
    None
):
    def start(c: Any) -> None:
        view = bytearray(16)
        view[7] = 0x01
        view[15] = 0x02
        c.enqueue(view)

    reader = ReadableStream({"start": start, "pull": _raise_pull, "type": "bytes"}).get_reader(
        "byob"
    )
    first = await reader.read(bytearray(8))
    assert first.value.nbytes == 8 and first.value[7] == 0x01
    second = await reader.read(bytearray(8))
    assert second.value.nbytes == 8 and second.value[7] == 0x02


async def test_readablestream_with_byte_source_enqueue_1_byte_getreader_then_read_view_with_uint16array() -> (
    None
):
    controllers: list[Any] = []
    view_sizes: list[int] = []

    def start(c: Any) -> None:
        c.enqueue(b"\xff")
        controllers.append(c)

    def pull(c: Any) -> None:
        request = controllers[0].byob_request
        if request is None:
            return
        view_sizes.append(request.view.nbytes)
        request.view[0] = 0xAA
        request.respond(1)

    reader = ReadableStream({"start": start, "pull": pull, "type": "bytes"}).get_reader("byob")
    result = await reader.read(array.array("H", [0]))
    assert result.value.nbytes == 2
    assert result.value.tobytes() == b"\xff\xaa"
    assert view_sizes == [1]


async def test_readablestream_with_byte_source_read_view_with_uint16array_on_close_d_stream_with_1_byte_enqueue_d_must_fail() -> (
    None
):
    def start(c: Any) -> None:
        c.enqueue(b"\xff")
        c.close()

    reader = ReadableStream({"start": start, "pull": _raise_pull, "type": "bytes"}).get_reader(
        "byob"
    )
    await rejects(reader.read(array.array("H", [0])), TypeError)
    await rejects(reader.closed, TypeError)


async def test_readablestream_with_byte_source_a_stream_must_be_errored_if_close_d_before_fulfilling_read_view_with_uint16array() -> (
    None
):
    controllers: list[Any] = []

    def start(c: Any) -> None:
        c.enqueue(b"\xff")
        controllers.append(c)

    reader = ReadableStream({"start": start, "pull": _raise_pull, "type": "bytes"}).get_reader(
        "byob"
    )
    read = reader.read(array.array("H", [0]))
    with pytest.raises(TypeError):
        controllers[0].close()
    await rejects(read, TypeError)
    await rejects(reader.closed, TypeError)


def test_readablestream_with_byte_source_throw_if_close_ed_more_than_once() -> None:
    controllers: list[Any] = []
    ReadableStream({"start": controllers.append, "type": "bytes"})
    controllers[0].enqueue(b"\x00")
    controllers[0].close()
    with pytest.raises(TypeError):
        controllers[0].close()


def test_readablestream_with_byte_source_throw_on_enqueue_after_close() -> None:
    controllers: list[Any] = []
    ReadableStream({"start": controllers.append, "type": "bytes"})
    controllers[0].enqueue(b"\x00")
    controllers[0].close()
    with pytest.raises(TypeError):
        controllers[0].enqueue(b"\x00")


async def test_readablestream_with_byte_source_read_view_then_respond_and_close_in_pull() -> None:
    controllers: list[Any] = []
    view_sizes: list[int] = []

    def pull(c: Any) -> None:
        controller = controllers[0]
        view = controller.byob_request.view
        view_sizes.append(view.nbytes)
        view[15] = 0x01
        controller.byob_request.respond(16)
        controller.close()

    reader = ReadableStream(
        {"start": controllers.append, "pull": pull, "type": "bytes"}
    ).get_reader("byob")
    result = await reader.read(bytearray(16))
    assert result.done is False
    assert result.value.nbytes == 16 and result.value[15] == 0x01
    result = await reader.read(bytearray(16))
    assert result.done is True
    assert result.value.nbytes == 0
    assert view_sizes == [16]


async def test_readablestream_with_byte_source_respond_0_after_close_resolves_the_pending_read_as_done() -> (
    None
):
    controllers: list[Any] = []
    reader = ReadableStream({"start": controllers.append, "type": "bytes"}).get_reader("byob")
    read = reader.read(bytearray(4))
    await asyncio.sleep(0)
    controller = controllers[0]
    controller.close()
    request = controller.byob_request
    with pytest.raises(TypeError):
        request.respond(1)  # only 0 bytes may be written after close
    request.respond(0)
    result = await read
    assert result.done is True
    assert result.value.nbytes == 0


async def test_readablestream_with_byte_source_respond_after_the_request_was_answered_throws() -> (
    None
):
    controllers: list[Any] = []
    requests: list[Any] = []

    def pull(c: Any) -> None:
        request = controllers[0].byob_request
        requests.append(request)
        request.view[0] = 1
        request.respond(1)

    reader = ReadableStream(
        {"start": controllers.append, "pull": pull, "type": "bytes"}
    ).get_reader("byob")
    await reader.read(bytearray(2))
    with pytest.raises(TypeError):
        requests[0].respond(1)
    assert requests[0].view is None
