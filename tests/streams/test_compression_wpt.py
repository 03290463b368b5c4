"""WPT compression/ ported: CompressionStream and DecompressionStream.

Test names follow the WPT titles; the docstring gives the WPT file.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from typing import Any

import pytest

from webstd import CompressionStream, DecompressionStream, ReadableStream

FORMATS = ["deflate", "gzip", "deflate-raw"]


def _compress(data: bytes, format: str) -> bytes:
    wbits = {"deflate": 15, "gzip": 31, "deflate-raw": -15}[format]
    compressor = zlib.compressobj(wbits=wbits)
    return compressor.compress(data) + compressor.flush()


def _decompress(data: bytes, format: str) -> bytes:
    wbits = {"deflate": 15, "gzip": 31, "deflate-raw": -15}[format]
    return zlib.decompress(data, wbits)


async def _pipe(chunks: list[Any], transform: Any) -> bytes:
    out = bytearray()
    async for chunk in ReadableStream.from_(chunks).pipe_through(transform):
        assert isinstance(chunk, bytes | bytearray | memoryview)
        assert len(chunk) > 0
        out += chunk
    return bytes(out)


async def _run(transform: Any, chunks: list[Any]) -> tuple[bytes, BaseException | None]:
    out = bytearray()
    try:
        async for chunk in ReadableStream.from_(chunks).pipe_through(transform):
            out += chunk
    except Exception as error:
        return bytes(out), error
    return bytes(out), None


# --- compression-constructor-error / decompression-constructor-error ------------------------


@pytest.mark.parametrize("make", [CompressionStream, DecompressionStream])
@pytest.mark.parametrize("format", ["a", "", "GZIP", "br", "brotli", "zstd"])
def test_non_supported_format_should_throw(make: Any, format: str) -> None:
    """compression-constructor-error.tentative.any.js: non-supported format should throw"""
    with pytest.raises(TypeError):
        make(format)


@pytest.mark.parametrize("make", [CompressionStream, DecompressionStream])
def test_no_input_should_throw(make: Any) -> None:
    """compression-constructor-error.tentative.any.js: no input should throw"""
    with pytest.raises(TypeError):
        make()
    with pytest.raises(TypeError):
        make(None)


# --- compression-bad-chunks / decompression-bad-chunks --------------------------------------

_BAD_CHUNKS = [("undefined", None), ("numeric", 3.14), ("object, not BufferSource", {}),
               ("array", [65]), ("string", "hello")]  # fmt: skip


@pytest.mark.parametrize("make", [CompressionStream, DecompressionStream])
@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize(("name", "value"), _BAD_CHUNKS, ids=[c[0] for c in _BAD_CHUNKS])
async def test_chunk_of_type_should_error_the_stream(
    make: Any, format: str, name: str, value: Any
) -> None:
    """compression-bad-chunks.tentative.any.js / decompression-bad-chunks.tentative.any.js: chunk of type <name> should error the stream for <format>"""
    stream = make(format)
    writer = stream.writable.get_writer()
    reader = stream.readable.get_reader()
    write_promise = writer.write(value)
    read_promise = reader.read()
    with pytest.raises(TypeError):
        await write_promise
    with pytest.raises(TypeError):
        await read_promise


@pytest.mark.parametrize(
    ("format", "chunk"),
    [
        ("deflate", b"\x78\x9c\xff\xff"),
        ("gzip", b"\x1f\x8c\x08\x00"),
        ("deflate-raw", b"\xff\xff\xff"),
    ],
)
async def test_chunk_of_invalid_bytes_should_error_the_stream(format: str, chunk: bytes) -> None:
    """decompression-bad-chunks.tentative.any.js: chunk of type invalid <format> bytes should error the stream for <format>"""
    _, error = await _run(DecompressionStream(format), [chunk])
    assert isinstance(error, TypeError)


# --- compression-stream.tentative.any.js / decompression-correct-input ----------------------

_SMALL = b"Hello, world! " * 3
_LARGE = bytes(range(256)) * 400 + b"The quick brown fox" * 1000


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize(
    ("what", "data"), [("empty", b""), ("small amount", _SMALL), ("large amount", _LARGE)]
)
async def test_compressed_data_should_be_reinflated_back_to_its_origin(
    format: str, what: str, data: bytes
) -> None:
    """compression-stream.tentative.any.js: <format>ed <what> data should be reinflated back to its origin"""
    compressed = await _pipe([data], CompressionStream(format))
    assert _decompress(compressed, format) == data


@pytest.mark.parametrize("format", FORMATS)
async def test_decompressing_compressed_input_should_work(format: str) -> None:
    """decompression-correct-input.tentative.any.js: decompressing <format> input should work"""
    assert await _pipe([_compress(_SMALL, format)], DecompressionStream(format)) == _SMALL


# --- compression-multiple-chunks / compression-including-empty-chunk ------------------------


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("count", [2, 4, 8, 16])
async def test_compressing_multiple_chunks_should_work(format: str, count: int) -> None:
    """compression-multiple-chunks.tentative.any.js: compressing <n> chunks with <format> should work"""
    chunk = b"Hello"
    compressed = await _pipe([chunk] * count, CompressionStream(format))
    assert _decompress(compressed, format) == chunk * count


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize(
    "chunks", [[b"", b"Hello", b"Hello"], [b"Hello", b"", b"Hello"], [b"Hello", b"Hello", b""]]
)
async def test_the_result_of_compressing_including_empty_chunk_should_be_the_same(
    format: str, chunks: list[bytes]
) -> None:
    """compression-including-empty-chunk.tentative.any.js: the result of compressing [<chunks>] with <format> should be 'HelloHello'"""
    compressed = await _pipe(chunks, CompressionStream(format))
    assert _decompress(compressed, format) == b"HelloHello"


# --- compression-output-length ---------------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
async def test_the_length_of_compressed_data_should_be_shorter_than_that_of_the_original_data(
    format: str,
) -> None:
    """compression-output-length.tentative.any.js: the length of <format>ed data should be shorter than that of the original data"""
    data = b"abcdefghij" * 10_000
    compressed = await _pipe([data], CompressionStream(format))
    assert len(compressed) < len(data)


# --- decompression-split-chunk ---------------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("size", range(1, 16))
async def test_decompressing_splitted_chunk_into_pieces_of_size_should_work(
    format: str, size: int
) -> None:
    """decompression-split-chunk.tentative.any.js: decompressing splitted chunk into pieces of size <n> should work in <format>"""
    compressed = _compress(b"expected output" * 3, format)
    pieces = [compressed[i : i + size] for i in range(0, len(compressed), size)]
    assert await _pipe(pieces, DecompressionStream(format)) == b"expected output" * 3


# --- decompression-buffersource -------------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("kind", ["bytes", "bytearray", "memoryview", "memoryview slice"])
async def test_chunk_of_buffersource_type_should_work(format: str, kind: str) -> None:
    """decompression-buffersource.tentative.any.js: chunk of type <kind> should work for <format>"""
    compressed = _compress(b"expected output", format)
    chunk: Any = {
        "bytes": compressed,
        "bytearray": bytearray(compressed),
        "memoryview": memoryview(compressed),
        "memoryview slice": memoryview(b"xx" + compressed + b"yy")[2:-2],
    }[kind]
    assert await _pipe([chunk], DecompressionStream(format)) == b"expected output"


# --- decompression-empty-input / decompression-extra-input ----------------------------------


@pytest.mark.parametrize("format", FORMATS)
async def test_decompressing_an_empty_input_should_error(format: str) -> None:
    """decompression-empty-input.tentative.any.js: decompressing an empty input with <format> should error"""
    output, error = await _run(DecompressionStream(format), [])
    assert output == b""
    assert isinstance(error, TypeError)


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("split", [False, True])
async def test_decompressing_input_with_trailing_data_should_error(
    format: str, split: bool
) -> None:
    """decompression-extra-input.tentative.any.js: decompressing <format> input with extra data should produce output and error"""
    compressed = _compress(b"expected output", format)
    chunks = [compressed, b"\x00"] if split else [compressed + b"\x00"]
    output, error = await _run(DecompressionStream(format), chunks)
    assert output == b"expected output"
    assert isinstance(error, TypeError)


@pytest.mark.parametrize("format", FORMATS)
async def test_truncated_input_should_error_at_flush(format: str) -> None:
    """decompression-corrupt-input.tentative.any.js: truncated input for <format> should error"""
    compressed = _compress(b"expected output" * 20, format)
    output, error = await _run(DecompressionStream(format), [compressed[:-3]])
    assert isinstance(error, TypeError)
    assert (b"expected output" * 20).startswith(output)


def test_a_second_gzip_member_is_extra_data() -> None:
    """decompression-extra-input: "A gzip stream may only contain one member" (Compression §2)"""
    import asyncio

    data = gzip.compress(b"one") + gzip.compress(b"two")
    output, error = asyncio.run(_run(DecompressionStream("gzip"), [data]))
    assert output == b"one"
    assert isinstance(error, TypeError)


# --- decompression-corrupt-input.tentative.any.js -------------------------------------------

_GZIP = gzip.compress(b"expected output", mtime=0)
_DEFLATE = zlib.compress(b"expected output")


def _patch(data: bytes, offset: int, value: int) -> bytes:
    patched = bytearray(data)
    patched[offset] = value
    return bytes(patched)


def _gzip_with_header_crc(good: bool) -> bytes:
    header = bytearray(_GZIP[:10])
    header[3] |= 0x02  # FHCRC
    crc = zlib.crc32(bytes(header)) & 0xFFFF
    return bytes(header) + struct.pack("<H", crc if good else crc ^ 1) + _GZIP[10:]


_CORRUPT = [
    ("gzip", "bad ID1", _patch(_GZIP, 0, 0x00)),
    ("gzip", "bad ID2", _patch(_GZIP, 1, 0x00)),
    ("gzip", "CM is not 8", _patch(_GZIP, 2, 0x07)),
    ("gzip", "reserved FLG bit set", _patch(_GZIP, 3, 0x20)),
    ("gzip", "bad FHCRC", _gzip_with_header_crc(False)),
    ("gzip", "bad CRC32", _patch(_GZIP, len(_GZIP) - 8, _GZIP[-8] ^ 0xFF)),
    ("gzip", "bad ISIZE", _patch(_GZIP, len(_GZIP) - 4, _GZIP[-4] ^ 0xFF)),
    ("deflate", "bad CMF compression method", _patch(_DEFLATE, 0, 0x77)),
    ("deflate", "bad FCHECK", _patch(_DEFLATE, 1, _DEFLATE[1] ^ 0x01)),
    ("deflate", "FDICT set", bytes([0x78, 0xBB]) + b"\x00\x00\x00\x00" + _DEFLATE[2:]),
    ("deflate", "bad ADLER32", _patch(_DEFLATE, len(_DEFLATE) - 1, _DEFLATE[-1] ^ 0xFF)),
    ("deflate-raw", "reserved BTYPE", b"\x07\x00"),
]


@pytest.mark.parametrize(
    ("format", "field", "data"), _CORRUPT, ids=[f"{c[0]}-{c[1]}" for c in _CORRUPT]
)
async def test_corrupt_input_should_error(format: str, field: str, data: bytes) -> None:
    """decompression-corrupt-input.tentative.any.js: format '<format>' field <field> should error"""
    _, error = await _run(DecompressionStream(format), [data])
    assert isinstance(error, TypeError), field


async def test_a_correct_header_crc_is_accepted() -> None:
    """decompression-corrupt-input.tentative.any.js: format 'gzip' FHCRC present and correct should pass"""
    assert (
        await _pipe([_gzip_with_header_crc(True)], DecompressionStream("gzip"))
        == b"expected output"
    )


async def test_gzip_fname_and_fcomment_are_ignored() -> None:
    """decompression-corrupt-input.tentative.any.js: FNAME/FCOMMENT contents are ignored"""
    header = bytearray(_GZIP[:10])
    header[3] |= 0x08 | 0x10
    data = bytes(header) + b"name.txt\x00a comment\x00" + _GZIP[10:]
    assert await _pipe([data], DecompressionStream("gzip")) == b"expected output"


@pytest.mark.parametrize("format", FORMATS)
async def test_chunk_of_array_buffer_protocol_type_should_work(format: str) -> None:
    """decompression-buffersource.tentative.any.js: chunk of type Uint16Array should work (array.array)"""
    import array

    data = b"expected output!"  # even length: fits a Uint16Array
    chunk = array.array("H")
    chunk.frombytes(data)
    compressed = await _pipe([chunk], CompressionStream(format))
    assert _decompress(compressed, format) == data
