"""WPT compression/ (newest titles) not in test_compression_wpt.py, plus hostile inputs
(session 3 audit): decompression bombs, truncated input, trailing garbage.

The docstring gives the WPT file and title.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import tracemalloc
import zlib
from typing import Any

import pytest

from webstd import CompressionStream, DecompressionStream, ReadableStream

_FORMATS = ["deflate", "deflate-raw", "gzip"]
_WBITS = {"deflate": 15, "deflate-raw": -15, "gzip": 31}


def _compress(data: bytes, format: str) -> bytes:
    compressor = zlib.compressobj(wbits=_WBITS[format])
    return compressor.compress(data) + compressor.flush()


async def _settle(awaitable: Any) -> Any:
    try:
        return await awaitable
    except Exception as error:
        return error


async def _run(stream: Any, chunks: list[bytes]) -> bytes:
    output = ReadableStream.from_(chunks).pipe_through(stream)
    return b"".join([bytes(chunk) async for chunk in output])


# --- compression-large-flush-output.any.js --------------------------------------------------


@pytest.mark.parametrize("format", _FORMATS)
async def test_compression_with_large_flush_output(format: str) -> None:
    """compression-large-flush-output.any.js: <format> compression with large flush output"""
    full_data = json.dumps(list(range(10_000))).encode()
    data = full_data[: len(full_data) // 2]  # any length will do
    compressed = await _run(CompressionStream(format), [data])
    assert zlib.decompress(compressed, _WBITS[format]) == data


# --- decompression-uint8array-output.any.js -------------------------------------------------


@pytest.mark.parametrize("format", _FORMATS)
async def test_decompressing_output_should_give_uint8array_chunks(format: str) -> None:
    """decompression-uint8array-output.any.js: decompressing <format> output should give Uint8Array chunks (bytes)"""
    ds = DecompressionStream(format)
    writer = ds.writable.get_writer()
    write = writer.write(_compress(b"expected output", format))
    reader = ds.readable.get_reader()
    result = await reader.read()
    assert type(result.value) is bytes
    assert result.value == b"expected output"
    await write


# --- compression-constructor-error.any.js / decompression-constructor-error.any.js ----------


@pytest.mark.parametrize("cls", [CompressionStream, DecompressionStream])
@pytest.mark.parametrize("format", [b"gzip", 1, None, ["gzip"], "GZIP", "Gzip ", "brotli", ""])
def test_non_supported_or_non_string_format_should_throw(cls: Any, format: Any) -> None:
    """compression-constructor-error.any.js: "a" / non-string input should cause the constructor to throw"""
    with pytest.raises(TypeError, match="format"):
        cls(format)


# --- decompression-extra-input.any.js (newest: output first, then a TypeError) --------------


@pytest.mark.parametrize("format", _FORMATS)
async def test_decompressing_input_with_extra_pad_should_still_give_the_output(format: str) -> None:
    """decompression-extra-input.any.js: decompressing <format> input with extra pad should still give the output"""
    ds = DecompressionStream(format)
    reader = ds.readable.get_reader()
    writer = ds.writable.get_writer()
    write = asyncio.ensure_future(
        _settle(writer.write(_compress(b"expected output", format) + b"\0"))
    )
    result = await reader.read()
    assert not result.done
    assert result.value == b"expected output"
    assert isinstance(await write, TypeError)
    with pytest.raises(TypeError):
        await reader.read()


@pytest.mark.parametrize("format", _FORMATS)
async def test_extra_input_in_a_later_chunk_errors_the_stream(format: str) -> None:
    """Compression §6 "decompress and enqueue a chunk": any input after the end is a TypeError"""
    ds = DecompressionStream(format)
    chunks = [_compress(b"expected output", format), b"", b"junk"]
    with pytest.raises(TypeError, match="extra data"):
        await _run(ds, chunks)


# --- hostile inputs -------------------------------------------------------------------------


async def test_a_decompression_bomb_is_streamed_with_bounded_memory() -> None:
    """Hostile: 64 MiB of zeros from a 64 KiB gzip member, read chunk by chunk."""
    size = 64 * 2**20
    bomb = gzip.compress(b"\0" * size, 9)
    assert len(bomb) < 128 * 1024
    ds = DecompressionStream("gzip")
    writer = ds.writable.get_writer()
    reader = ds.readable.get_reader()
    tracemalloc.start()
    try:
        write = asyncio.ensure_future(writer.write(bomb))
        total = chunks = 0
        largest = 0
        while total < size:
            result = await reader.read()
            assert not result.done
            total += len(result.value)
            largest = max(largest, len(result.value))
            chunks += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    await write
    await writer.close()
    assert (await reader.read()).done
    assert total == size
    assert largest <= 64 * 1024
    assert peak < 8 * 2**20, f"decompressing the bomb peaked at {peak} bytes"


async def test_cancelling_the_readable_in_the_middle_of_a_bomb_stops_decompressing() -> None:
    """Hostile: cancelling the output mid-bomb settles the pending write instead of hanging."""
    bomb = gzip.compress(b"\0" * (32 * 2**20), 9)
    ds = DecompressionStream("gzip")
    writer = ds.writable.get_writer()
    reader = ds.readable.get_reader()
    write = asyncio.ensure_future(_settle(writer.write(bomb)))
    assert len((await reader.read()).value) > 0
    await reader.cancel("enough")
    settled = await asyncio.wait_for(write, 5)
    assert settled is None or isinstance(settled, BaseException)


@pytest.mark.parametrize("format", _FORMATS)
@pytest.mark.parametrize("cut", [1, 3, 8])
async def test_truncated_input_is_a_type_error_at_the_end(format: str, cut: int) -> None:
    """Hostile: truncated input gives what it can, then a TypeError when the input ends (Compression §6 flush)."""
    data = bytes(range(256)) * 64
    compressed = _compress(data, format)[:-cut]
    ds = DecompressionStream(format)
    writer = ds.writable.get_writer()
    reader = ds.readable.get_reader()
    write = asyncio.ensure_future(_settle(writer.write(compressed)))
    close = asyncio.ensure_future(_settle(writer.close()))
    received = bytearray()
    with pytest.raises(TypeError, match=r"ended too early|corrupt"):
        while True:
            result = await reader.read()
            if result.done:
                break
            received += result.value
    assert data.startswith(bytes(received))
    assert isinstance(await close, TypeError)
    await write


@pytest.mark.parametrize(
    "trailing",
    [b"junk", b"\0", gzip.compress(b"second member"), b"\x1f\x8b"],
    ids=["junk", "nul", "second-member", "magic-only"],
)
async def test_trailing_garbage_after_a_gzip_member_is_a_type_error(trailing: bytes) -> None:
    """Hostile: Compression §2 "It is an error if there is additional input data after the end of the member"."""
    with pytest.raises(TypeError, match="extra data"):
        await _run(DecompressionStream("gzip"), [gzip.compress(b"hello"), trailing])
    with pytest.raises(TypeError, match="extra data"):
        await _run(DecompressionStream("gzip"), [gzip.compress(b"hello") + trailing])


async def test_a_zlib_stream_with_a_preset_dictionary_is_an_error() -> None:
    """Compression §2 deflate: "The FDICT flag is not supported by these APIs, and will error the stream"."""
    compressor = zlib.compressobj(zdict=b"hello world")
    data = compressor.compress(b"hello world hello") + compressor.flush()
    assert data[1] & 0x20  # FDICT set
    with pytest.raises(TypeError):
        await _run(DecompressionStream("deflate"), [data])


async def test_large_input_is_decompressed_in_bounded_pieces_across_chunk_boundaries() -> None:
    """Large compressed chunks split anywhere still round-trip, output in <= 64 KiB pieces."""
    data = bytes(range(256)) * 8192  # 2 MiB
    compressed = _compress(data, "deflate-raw")
    pieces = [compressed[i : i + 777] for i in range(0, len(compressed), 777)]
    ds = DecompressionStream("deflate-raw")
    output = ReadableStream.from_(pieces).pipe_through(ds)
    chunks = [bytes(chunk) async for chunk in output]
    assert max(len(c) for c in chunks) <= 64 * 1024
    assert b"".join(chunks) == data


async def test_a_mutable_chunk_changed_while_output_is_paused_is_decompressed_as_written() -> None:
    """Compression §6: the chunk is decompressed as it was when written, even across a pause."""
    data = bytes(range(256)) * 2048  # 512 KiB: several 64 KiB outputs, so it pauses
    chunk = bytearray(_compress(data, "gzip"))
    ds = DecompressionStream("gzip")
    writer = ds.writable.get_writer()
    reader = ds.readable.get_reader()
    write = asyncio.ensure_future(writer.write(chunk))
    first = await reader.read()
    chunk[:] = b"\0" * len(chunk)  # the caller reuses its buffer
    received = bytearray(first.value)
    close = asyncio.ensure_future(writer.close())
    while True:
        result = await reader.read()
        if result.done:
            break
        received += result.value
    await write
    await close
    assert bytes(received) == data
