"""WPT encoding/ (newest titles) not in test_encoding_wpt.py / test_text_streams_wpt.py:
textencoder-constructor-non-utf, api-surrogates-utf8, streams/decode-non-utf8,
streams/backpressure, plus hostile inputs (session 3 audit).

The docstring gives the WPT file and title.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from webstd import TextDecoder, TextDecoderStream, TextEncoder, TextEncoderStream


async def flush_async_events(turns: int = 20) -> None:
    """Let pending promise reactions and loop callbacks run (JS: a macrotask later)."""
    for _ in range(turns):
        await asyncio.sleep(0)


# Encoding §4.2: every encoding name but the multi-byte legacy ones (unsupported, see
# tests/wpt/SKIPPED.md) and "replacement" (never returned by TextDecoder).
_SUPPORTED_NAMES = [
    "UTF-8",
    "IBM866",
    "ISO-8859-2",
    "ISO-8859-3",
    "ISO-8859-4",
    "ISO-8859-5",
    "ISO-8859-6",
    "ISO-8859-7",
    "ISO-8859-8",
    "ISO-8859-8-I",
    "ISO-8859-10",
    "ISO-8859-13",
    "ISO-8859-14",
    "ISO-8859-15",
    "ISO-8859-16",
    "KOI8-R",
    "KOI8-U",
    "macintosh",
    "windows-874",
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "x-mac-cyrillic",
    "UTF-16BE",
    "UTF-16LE",
    "x-user-defined",
]


# --- textencoder-constructor-non-utf.any.js -------------------------------------------------


@pytest.mark.parametrize("name", _SUPPORTED_NAMES)
def test_encoding_argument_supported_for_decode(name: str) -> None:
    """textencoder-constructor-non-utf.any.js: Encoding argument supported for decode: <name>"""
    assert TextDecoder(name).encoding == name.lower()


def test_encoding_argument_not_considered_for_encode() -> None:
    """textencoder-constructor-non-utf.any.js: Encoding argument not considered for encode (TextEncoder takes none)"""
    assert TextEncoder().encoding == "utf-8"
    with pytest.raises(TypeError):
        TextEncoder("windows-1252")  # type: ignore[call-arg]


# --- api-surrogates-utf8.any.js -------------------------------------------------------------

_BAD = [
    ("abc123", b"abc123", "Sanity check"),
    ("\ud800", b"\xef\xbf\xbd", "Surrogate half (low)"),
    ("\udc00", b"\xef\xbf\xbd", "Surrogate half (high)"),
    ("abc\ud800123", b"abc\xef\xbf\xbd123", "Surrogate half (low), in a string"),
    ("abc\udc00123", b"abc\xef\xbf\xbd123", "Surrogate half (high), in a string"),
    ("\udc00\ud800", b"\xef\xbf\xbd\xef\xbf\xbd", "Wrong order"),
]


@pytest.mark.parametrize(("input", "expected", "name"), _BAD, ids=[t[2] for t in _BAD])
def test_invalid_surrogates_encoded_into_utf_8(input: str, expected: bytes, name: str) -> None:
    """api-surrogates-utf8.any.js: Invalid surrogates encoded into UTF-8: <name>"""
    encoded = TextEncoder().encode(input)
    assert encoded == expected
    assert TextDecoder("utf-8").decode(encoded) == expected.decode("utf-8")


# --- streams/decode-non-utf8.any.js ---------------------------------------------------------

_NON_UTF8 = [
    ("UTF-16BE", bytes([108, 52]), "\u6c34", bytes([0xD8, 0x69])),
    ("UTF-16LE", bytes([52, 108]), "\u6c34", bytes([0x69, 0xD8])),
    ("ISO-8859-14", bytes([0x00, 0xA1, 0xFE]), "\u0000\u1e02\u0177", None),
]


@pytest.mark.parametrize(("name", "value", "expected", "invalid"), _NON_UTF8)
async def test_text_decoder_stream_should_be_able_to_decode(
    name: str, value: bytes, expected: str, invalid: bytes | None
) -> None:
    """decode-non-utf8.any.js: TextDecoderStream should be able to decode <encoding>"""
    stream = TextDecoderStream(name)
    reader = stream.readable.get_reader()
    writer = stream.writable.get_writer()
    promises = [writer.write(value), writer.close()]
    output = await reader.read()
    assert output.value == expected
    assert (await reader.read()).done
    await asyncio.gather(*promises)


@pytest.mark.parametrize(("name", "value", "expected", "invalid"), _NON_UTF8[:2])
async def test_text_decoder_stream_should_be_able_to_reject_invalid_sequences(
    name: str, value: bytes, expected: str, invalid: bytes
) -> None:
    """decode-non-utf8.any.js: TextDecoderStream should be able to reject invalid sequences in <encoding>"""
    stream = TextDecoderStream(name, fatal=True)
    reader = stream.readable.get_reader()
    writer = stream.writable.get_writer()
    write = asyncio.ensure_future(_settle(writer.write(invalid)))
    close = asyncio.ensure_future(_settle(writer.close()))
    with pytest.raises(TypeError):
        await reader.read()
    # Promise.all([write, close]) rejects with TypeError: a lone lead surrogate is only
    # an error at the end of the stream, so here the close is what rejects.
    results = [await write, await close]
    assert any(isinstance(result, TypeError) for result in results)


async def _settle(awaitable: Any) -> Any:
    try:
        return await awaitable
    except Exception as error:
        return error


# --- streams/backpressure.any.js ------------------------------------------------------------

_CLASSES = [(TextDecoderStream, b"A"), (TextEncoderStream, "A")]


@pytest.mark.parametrize(("cls", "chunk"), _CLASSES, ids=["TextDecoderStream", "TextEncoderStream"])
async def test_write_should_not_complete_until_read_relieves_backpressure(
    cls: Any, chunk: Any
) -> None:
    """backpressure.any.js: write() should not complete until read relieves backpressure for <class>"""
    stream = cls()
    writer = stream.writable.get_writer()
    reader = stream.readable.get_reader()
    events: list[str] = []
    await flush_async_events()
    write_promise = writer.write(chunk)
    write_promise.then(lambda _: events.append("write"))
    await flush_async_events()
    events.append("paused")
    read = reader.read()
    read.then(lambda _: events.append("read"))  # JS: `await reader.read()` resumes in a microtask
    await asyncio.gather(read, write_promise)
    assert events == ["paused", "read", "write"]


@pytest.mark.parametrize(("cls", "chunk"), _CLASSES, ids=["TextDecoderStream", "TextEncoderStream"])
async def test_additional_writes_should_wait_for_backpressure_to_be_relieved(
    cls: Any, chunk: Any
) -> None:
    """backpressure.any.js: additional writes should wait for backpressure to be relieved for class <class>"""
    stream = cls()
    writer = stream.writable.get_writer()
    reader = stream.readable.get_reader()
    events: list[str] = []
    await flush_async_events()
    read1 = reader.read()
    read1.then(lambda _: events.append("read1"))
    write1 = writer.write(chunk)
    write2 = writer.write(chunk)
    write1.then(lambda _: events.append("write1"))
    write2.then(lambda _: events.append("write2"))
    await flush_async_events()
    events.append("paused")
    read2 = reader.read()
    read2.then(lambda _: events.append("read2"))
    await asyncio.gather(write1, write2, read1, read2)
    assert events == ["read1", "write1", "paused", "read2", "write2"]


# --- hostile inputs -------------------------------------------------------------------------


def test_streaming_decode_of_one_byte_at_a_time_keeps_a_bounded_queue() -> None:
    """Hostile: a long run of incomplete-then-invalid bytes streamed one at a time."""
    decoder = TextDecoder()
    out = []
    for byte in b"\xf0\x9f\x92" * 2000:
        out.append(decoder.decode(bytes([byte]), stream=True))
    out.append(decoder.decode())
    assert "".join(out) == "\ufffd" * 2000
    assert decoder._pending == b""


def test_fatal_streaming_error_keeps_the_rest_of_the_input_queued() -> None:
    """Encoding §7.2 decode(): after a fatal error in stream mode, the rest of the queue stays."""
    decoder = TextDecoder("utf-8", fatal=True)
    with pytest.raises(TypeError, match="utf-8"):
        decoder.decode(b"\xffAB", stream=True)
    assert decoder.decode(b"C") == "ABC"


@pytest.mark.parametrize("label", ["\u212aoi8-r", "\u212aOI8-U", "utf-8\u00a0", "\u0130so-8859-2"])
def test_non_ascii_case_folding_does_not_match_a_label(label: str) -> None:
    """api-invalid-label.any.js: Invalid label should be rejected (Encoding §4.2 uses ASCII lowercase only)"""
    with pytest.raises(ValueError, match="label"):
        TextDecoder(label)


# --- textdecoder-arguments.any.js -----------------------------------------------------------


def test_text_decoder_decode_with_explicit_undefined() -> None:
    """textdecoder-arguments.any.js: TextDecoder decode() with explicit undefined"""
    decoder = TextDecoder()
    assert decoder.decode(None) == ""
    decoder.decode(bytes([0xC9]), stream=True)
    assert decoder.decode(None) == "\ufffd"


def test_text_decoder_decode_with_undefined_and_options() -> None:
    """textdecoder-arguments.any.js: TextDecoder decode() with undefined and options"""
    decoder = TextDecoder()
    assert decoder.decode(None, stream=False) == ""
    decoder.decode(bytes([0xC9]), stream=True)
    assert decoder.decode(None, stream=False) == "\ufffd"


@pytest.mark.parametrize("bad", ["\u00c9", 12, [0xC9], object()])
def test_text_decoder_decode_rejects_non_buffer_input(bad: Any) -> None:
    """textdecoder-arguments.any.js: a non-BufferSource input is a TypeError"""
    with pytest.raises(TypeError, match=r"TextDecoder\.decode"):
        TextDecoder().decode(bad)
