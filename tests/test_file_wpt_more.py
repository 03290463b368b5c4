"""WPT FileAPI/blob/ and FileAPI/file/ (newest titles) not in test_file_wpt.py, plus
hostile inputs (session 3 audit). The docstring gives the WPT file and title.
"""

from __future__ import annotations

import asyncio
import gc
import tracemalloc

import pytest

from webstd import Blob, File, TextEncoder

_NON_UNICODE = "\u0061\u030a"  # "a" + combining ring above: not NFC-normalised


# --- Blob-bytes.any.js ----------------------------------------------------------------------


async def test_blob_bytes_non_ascii_input() -> None:
    """Blob-bytes.any.js: Blob.bytes() non-ascii input"""
    input_arr = TextEncoder().encode("\u00e9\u20ac\U0001f600")
    assert await Blob([input_arr]).bytes() == bytes(input_arr)


async def test_blob_bytes_non_unicode_input() -> None:
    """Blob-bytes.any.js: Blob.bytes() non-unicode input"""
    input_arr = bytes([8, 241, 48, 123, 151])
    data = await Blob([input_arr]).bytes()
    assert isinstance(data, bytes)
    assert data == input_arr


async def test_blob_bytes_concurrent_reads() -> None:
    """Blob-bytes.any.js: Blob.bytes() concurrent reads"""
    input_arr = bytes([8, 241, 48, 123, 151])
    blob = Blob([input_arr])
    results = await asyncio.gather(blob.bytes(), blob.bytes(), blob.bytes())
    assert results == [input_arr] * 3


# --- Blob-array-buffer.any.js ---------------------------------------------------------------


async def test_blob_array_buffer_concurrent_reads() -> None:
    """Blob-array-buffer.any.js: Blob.arrayBuffer() concurrent reads"""
    input_arr = bytes([8, 241, 48, 123, 151])
    blob = Blob([input_arr])
    results = await asyncio.gather(blob.array_buffer(), blob.array_buffer(), blob.array_buffer())
    assert [bytes(r) for r in results] == [input_arr] * 3


# --- Blob-text.any.js -----------------------------------------------------------------------


async def test_blob_text_invalid_utf8_input() -> None:
    """Blob-text.any.js: Blob.text() invalid utf-8 input (replacement, File API §3.3.3 "UTF-8 decode")"""
    blob = Blob([bytes([65, 66, 67, 0xFD, 0xFE, 0xFF])])
    assert await blob.text() == "ABC\ufffd\ufffd\ufffd"


async def test_blob_text_different_charset_param_with_non_ascii_input() -> None:
    """Blob-text.any.js: Blob.text() different charset param with non-ascii input"""
    data = "H\u20acllo"
    blob = Blob([data], type="text/plain;charset=utf-16le")
    assert await blob.text() == data  # text() always decodes UTF-8, ignoring the charset


async def test_blob_text_strips_a_utf8_bom() -> None:
    """Blob-text.any.js: Blob.text() removes a leading UTF-8 BOM ("UTF-8 decode")"""
    assert await Blob([b"\xef\xbb\xbfhi"]).text() == "hi"


# --- Blob-stream.any.js ---------------------------------------------------------------------


async def test_blob_stream_garbage_collection_of_stream_shouldnt_break_stream_consumption() -> None:
    """Blob-stream.any.js: Blob.stream() garbage collection of stream shouldn't break stream consumption"""
    input_arr = bytes([89, 114, 120, 117, 66, 118, 103, 45, 121, 117])
    reader = Blob([input_arr]).stream().get_reader()
    gc.collect()
    received = bytearray()
    while True:
        result = await reader.read()
        if result.done:
            break
        received += bytes(result.value)
    assert bytes(received) == input_arr


async def test_blob_stream_non_unicode_input_is_chunked() -> None:
    """Blob-stream.any.js: Blob.stream() of a large blob yields several chunks that concatenate back"""
    data = bytes(range(256)) * 4096
    chunks = [bytes(c) async for c in Blob([data]).stream()]
    assert len(chunks) > 1
    assert b"".join(chunks) == data


# --- Blob-slice.any.js ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (float("nan"), 3, b"abc"),
        (1.5, 3, b"c"),
        (0.5, 2.5, b"ab"),
        (-float("inf"), float("inf"), b"abcdef"),
        (2**64, 3, b""),
        (-(2**64), -(2**63), b""),
    ],
)
async def test_slicing_with_clamped_long_long_indices(
    start: float, end: float, expected: bytes
) -> None:
    """Blob-slice.any.js: Slicing test — [Clamp] long long start/end (NaN -> 0, round half to even)"""
    assert await Blob([b"abcdef"]).slice(start, end).bytes() == expected


# --- File-constructor.any.js ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (42, 42),
        (-42, -42),
        (42.9, 42),
        (-42.9, -42),
        (float("nan"), 0),
        (float("inf"), 0),
        (2**63, -(2**63)),
        (2**64 + 5, 5),
    ],
)
def test_using_last_modified(given: float, expected: int) -> None:
    """File-constructor.any.js: Using lastModified (Web IDL long long conversion)"""
    file = File(["bits"], "dummy", type="text/plain", last_modified=given)
    assert file.last_modified == expected


def test_using_type_in_file_constructor_non_ascii_is_dropped() -> None:
    """File-constructor.any.js: Using type in File constructor: nonparsable (non-printable-ASCII type -> "")"""
    assert File(["bits"], "dummy", type="text/plain\u00e9").type == ""
    assert (
        File(["bits"], "dummy", type="TEXT/PLAIN;CHARSET=UTF-8").type == "text/plain;charset=utf-8"
    )


def test_file_name_keeps_slashes_and_nul() -> None:
    """File-constructor.any.js: No replacement when using special character in fileName"""
    assert File([], "dummy/foo\\bar\0").name == "dummy/foo\\bar\0"


# --- hostile inputs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "size"),
    [
        (-(2**70), 2**70, 4 * 2**30),
        (2**64, -(2**64), 0),
        (-5, None, 5),
        (4 * 2**30 - 3, 2**100, 3),
        (float("nan"), float("inf"), 4 * 2**30),
        (-float("inf"), -1, 4 * 2**30 - 1),
    ],
)
def test_a_4gib_blob_slices_with_huge_and_negative_indices_without_allocating(
    start: float, end: float | None, size: int
) -> None:
    """Hostile: a 4 GiB Blob (shared parts) sliced with huge/negative indices: clamped, no copy."""
    mib = Blob([b"x" * (1 << 20)])
    tracemalloc.start()
    try:
        big = Blob([mib] * 4096)
        assert big.size == 4 * 2**30
        piece = big.slice(start, end)
        assert piece.size == size
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"slicing allocated {peak} bytes"


async def test_a_tail_slice_of_a_4gib_blob_reads_only_the_tail() -> None:
    """Hostile: reading the last bytes of a 4 GiB Blob does not materialise it."""
    big = Blob([Blob([b"x" * (1 << 20)])] * 4096 + [b"END"])
    assert await big.slice(-6).bytes() == b"xxxEND"


async def test_a_blob_of_a_million_tiny_parts_slices_and_streams_in_linear_time() -> None:
    """Hostile: Blob([b"x"] * 10**6) — tiny parts are merged, so slice/stream stay cheap."""
    import time

    started = time.perf_counter()
    blob = Blob([b"x", "\u00e9"] * 500_000)
    assert blob.size == 1_500_000
    piece = blob.slice(1, -1)
    chunks = [bytes(c) async for c in piece.stream()]
    elapsed = time.perf_counter() - started
    assert b"".join(chunks) == (b"x\xc3\xa9" * 500_000)[1:-1]
    assert len(chunks) < 100
    assert elapsed < 5.0, f"{elapsed:.2f}s"


async def test_merging_small_parts_keeps_order_around_large_and_blob_parts() -> None:
    """File API §3.1.1 "process blob parts": bytes are concatenated in order."""
    large = b"L" * 10_000
    inner = Blob([b"i1", large, b"i2"]).slice(1)
    blob = Blob([b"a", inner, "b", large, bytearray(b"c")])
    expected = b"a" + (b"i1" + large + b"i2")[1:] + b"b" + large + b"c"
    assert await blob.bytes() == expected
    assert await blob.slice(2, 20_005).bytes() == expected[2:20_005]
