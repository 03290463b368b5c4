"""WPT streams/readable-byte-streams/bad-buffers-and-views.any.js, ported: the zero-length
buffer and view cases (the detached/transferred-buffer cases cannot happen with Python
buffers: see tests/wpt/SKIPPED.md)."""

from __future__ import annotations

from typing import Any

import pytest
from streams_helpers import flush_async_events, rejects

from webstd.streams import ReadableStream

EMPTY_VIEWS = [bytearray(), memoryview(bytearray(10))[0:0]]
EMPTY_IDS = ["zero-length buffer", "zero-length view on a non-zero-length buffer"]


@pytest.mark.parametrize("view", EMPTY_VIEWS, ids=EMPTY_IDS)
def test_readablestream_with_byte_source_enqueuing_a_zero_length_buffer_or_view_throws(
    view: Any,
) -> None:
    raised: list[BaseException] = []

    def start(c: Any) -> None:
        with pytest.raises(TypeError) as info:
            c.enqueue(view)
        raised.append(info.value)

    ReadableStream({"type": "bytes", "start": start})
    assert len(raised) == 1


@pytest.mark.parametrize("view", EMPTY_VIEWS, ids=EMPTY_IDS)
async def test_readablestream_with_byte_source_reading_into_a_zero_length_buffer_or_view_rejects(
    view: Any,
) -> None:
    stream = ReadableStream({"type": "bytes", "start": lambda c: c.enqueue(bytes([1, 2, 3]))})
    await rejects(stream.get_reader("byob").read(view), TypeError)


@pytest.mark.parametrize("view", EMPTY_VIEWS, ids=EMPTY_IDS)
async def test_readablestream_with_byte_source_respondwithnewview_throws_if_the_supplied_view_is_zero_length_in_the_readable_state(
    view: Any,
) -> None:
    raised: list[BaseException] = []

    def pull(c: Any) -> None:
        with pytest.raises(TypeError) as info:
            c.byob_request.respond_with_new_view(view)
        raised.append(info.value)

    stream = ReadableStream({"type": "bytes", "pull": pull})
    stream.get_reader("byob").read(bytearray([4, 5, 6]))
    await flush_async_events()
    assert len(raised) == 1
