"""WPT encoding/streams/ ported: TextDecoderStream and TextEncoderStream.

Test names follow the WPT titles; the docstring gives the WPT file.
"""

from __future__ import annotations

from typing import Any

import pytest

from webstd import ReadableStream, TextDecoderStream, TextEncoderStream, TransformStream


async def _to_list(stream: ReadableStream) -> list[Any]:
    return [chunk async for chunk in stream]


async def _pipe(chunks: list[Any], transform: Any) -> list[Any]:
    return await _to_list(ReadableStream.from_(chunks).pipe_through(transform))


# --- decode-utf8.any.js ---------------------------------------------------------------------

_INPUT = bytes([73, 32, 240, 159, 146, 153, 32, 115, 116, 114, 101, 97, 109, 115])
_OUTPUT = "I \U0001f499 streams"


async def test_decoding_one_utf_8_chunk_should_give_one_output_string() -> None:
    """decode-utf8.any.js: decoding one UTF-8 chunk should give one output string"""
    assert await _pipe([_INPUT], TextDecoderStream()) == [_OUTPUT]


async def test_decoding_an_empty_chunk_should_give_no_output_chunks() -> None:
    """decode-utf8.any.js: decoding an empty chunk should give no output chunks"""
    assert await _pipe([b""], TextDecoderStream()) == []


async def test_an_initial_empty_chunk_should_be_ignored() -> None:
    """decode-utf8.any.js: an initial empty chunk should be ignored"""
    assert await _pipe([b"", _INPUT], TextDecoderStream()) == [_OUTPUT]


async def test_a_trailing_empty_chunk_should_be_ignored() -> None:
    """decode-utf8.any.js: a trailing empty chunk should be ignored"""
    assert await _pipe([_INPUT, bytearray()], TextDecoderStream()) == [_OUTPUT]


# --- decode-split-character.any.js ----------------------------------------------------------


@pytest.mark.parametrize("split_point", [2, 3, 4, 5])
async def test_a_code_point_split_between_chunks_should_not_be_emitted_until_all_bytes_are_available(
    split_point: int,
) -> None:
    """decode-split-character.any.js: a code point split between chunks should not be emitted until all bytes are available; split point = N"""
    chunks = [_INPUT[:split_point], _INPUT[split_point:]]
    assert await _pipe(chunks, TextDecoderStream()) == ["I ", "\U0001f499 streams"]


async def test_a_code_point_should_be_emitted_as_soon_as_all_bytes_are_available() -> None:
    """decode-split-character.any.js: a code point should be emitted as soon as all bytes are available"""
    chunks = [_INPUT[:6], _INPUT[6:]]
    assert await _pipe(chunks, TextDecoderStream()) == ["I \U0001f499", " streams"]


@pytest.mark.parametrize("split_point", range(1, 7))
async def test_an_empty_chunk_inside_a_code_point_split_between_chunks_should_not_change_the_output(
    split_point: int,
) -> None:
    """decode-split-character.any.js: an empty chunk inside a code point split between chunks should not change the output; split point = N"""
    chunks = [_INPUT[:split_point], b"", _INPUT[split_point:]]
    output = await _pipe(chunks, TextDecoderStream())
    assert len(output) == 2
    assert "".join(output) == _OUTPUT


# --- decode-bad-chunks.any.js ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [("undefined", None), ("numeric", 3.14), ("object, not BufferSource", {}), ("array", [65]),
     ("string", "A")],
)  # fmt: skip
async def test_chunk_of_type_should_error_the_stream(name: str, value: Any) -> None:
    """decode-bad-chunks.any.js: chunk of type <name> should error the stream"""
    tds = TextDecoderStream()
    reader = tds.readable.get_reader()
    writer = tds.writable.get_writer()
    write_promise = writer.write(value)
    read_promise = reader.read()
    with pytest.raises(TypeError):
        await write_promise
    with pytest.raises(TypeError):
        await read_promise


# --- decode-incomplete-input.any.js ---------------------------------------------------------


async def test_incomplete_input_with_error_mode_replacement_should_end_with_a_replacement_character() -> (
    None
):
    """decode-incomplete-input.any.js: incomplete input with error mode "replacement" should end with a replacement character"""
    assert await _pipe([bytes([229])], TextDecoderStream()) == ["\ufffd"]


async def test_incomplete_input_with_error_mode_fatal_should_error_the_stream() -> None:
    """decode-incomplete-input.any.js: incomplete input with error mode "fatal" should error the stream"""
    output = ReadableStream.from_([bytes([229])]).pipe_through(
        TextDecoderStream("utf-8", fatal=True)
    )
    reader = output.get_reader()
    with pytest.raises(TypeError):
        await reader.read()


# --- decode-ignore-bom.any.js ---------------------------------------------------------------

_BOM_CASES = [
    ("utf-8", [0xEF, 0xBB, 0xBF, 0x61, 0x62, 0x63]),
    ("utf-16le", [0xFF, 0xFE, 0x61, 0x00, 0x62, 0x00, 0x63, 0x00]),
    ("utf-16be", [0xFE, 0xFF, 0x00, 0x61, 0x00, 0x62, 0x00, 0x63]),
]


@pytest.mark.parametrize("split_point", range(4))
@pytest.mark.parametrize(("encoding", "data"), _BOM_CASES)
async def test_ignore_bom_should_work_for_encoding_split_at_character(
    encoding: str, data: list[int], split_point: int
) -> None:
    """decode-ignore-bom.any.js: ignoreBOM should work for encoding <encoding>, split at character <n>"""
    chunks = [bytes(data[:split_point]), bytes(data[split_point:])]
    kept = await _pipe(chunks, TextDecoderStream(encoding, ignore_bom=True))
    assert "".join(kept) == "\ufeffabc"
    stripped = await _pipe(chunks, TextDecoderStream(encoding, ignore_bom=False))
    assert "".join(stripped) == "abc"


# --- encode-utf8.any.js ---------------------------------------------------------------------

_ASTRAL = "\U0001f499"
_ASTRAL_ENCODED = [0xF0, 0x9F, 0x92, 0x99]
_LEADING = "\ud83d"
_TRAILING = "\udc99"
_REPLACEMENT = [0xEF, 0xBF, 0xBD]
_EXPECTED = list(_INPUT)

_ENCODE_CASES: list[tuple[list[str], list[list[int]], str]] = [
    ([_OUTPUT], [_EXPECTED], "encoding one string of UTF-8 should give one complete chunk"),
    ([_LEADING, _TRAILING], [_ASTRAL_ENCODED], "a character split between chunks should be correctly encoded"),
    ([_LEADING, _TRAILING + _ASTRAL], [_ASTRAL_ENCODED + _ASTRAL_ENCODED],
     "a character following one split between chunks should be correctly encoded"),
    ([_LEADING, _TRAILING + _LEADING, _TRAILING], [_ASTRAL_ENCODED, _ASTRAL_ENCODED],
     "two consecutive astral characters each split down the middle should be correctly reassembled"),
    ([_LEADING, _TRAILING + _LEADING + _LEADING, _TRAILING], [_ASTRAL_ENCODED + _REPLACEMENT, _ASTRAL_ENCODED],
     "two consecutive astral characters each split down the middle with an invalid surrogate in the middle should be correctly encoded"),
    ([_LEADING], [_REPLACEMENT], "a stream ending in a leading surrogate should emit a replacement character as a final chunk"),
    ([_LEADING, _ASTRAL], [_REPLACEMENT + _ASTRAL_ENCODED],
     "an unmatched surrogate at the end of a chunk followed by an astral character in the next chunk should be replaced with the replacement character at the start of the next output chunk"),
    ([_LEADING, "A"], [[*_REPLACEMENT, 65]],
     "an unmatched surrogate at the end of a chunk followed by an ascii character in the next chunk should be replaced with the replacement character at the start of the next output chunk"),
    ([_LEADING, _LEADING, _TRAILING], [_REPLACEMENT, _ASTRAL_ENCODED],
     "an unmatched surrogate at the end of a chunk followed by a plane 1 character split into two chunks should result in the encoded plane 1 character appearing in the last output chunk"),
    ([_LEADING, _LEADING], [_REPLACEMENT, _REPLACEMENT], "two leading chunks should result in two replacement characters"),
    ([_LEADING + _LEADING, _TRAILING], [_REPLACEMENT, _ASTRAL_ENCODED],
     "a non-terminal unpaired leading surrogate should immediately be replaced"),
    ([_TRAILING, _ASTRAL], [_REPLACEMENT, _ASTRAL_ENCODED], "a terminal unpaired trailing surrogate should immediately be replaced"),
    ([_LEADING, "", _TRAILING], [_ASTRAL_ENCODED], "a leading surrogate chunk should be carried past empty chunks"),
    ([_LEADING, ""], [_REPLACEMENT], "a leading surrogate chunk should error when it is clear it didn't form a pair"),
    ([""], [], "an empty string should result in no output chunk"),
    (["", _OUTPUT], [_EXPECTED], "a leading empty chunk should be ignored"),
    ([_OUTPUT, ""], [_EXPECTED], "a trailing empty chunk should be ignored"),
    (["A"], [[65]], "a plain ASCII chunk should be converted"),
    (["\xff"], [[195, 191]], "characters in the ISO-8859-1 range should be encoded correctly"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("chunks", "expected", "description"), _ENCODE_CASES, ids=[c[2][:60] for c in _ENCODE_CASES]
)
async def test_encode_utf8(chunks: list[str], expected: list[list[int]], description: str) -> None:
    """encode-utf8.any.js: <description>"""
    output = await _pipe(chunks, TextEncoderStream())
    assert [list(chunk) for chunk in output] == expected


# --- encode-bad-chunks.any.js ---------------------------------------------------------------


@pytest.mark.parametrize("value", [None, 3.14, {}, ["hi"], b"bytes"])
async def test_a_chunk_that_cannot_be_converted_to_a_string_should_error_the_streams(
    value: Any,
) -> None:
    """encode-bad-chunks.any.js: a chunk that cannot be converted to a string should error the streams (Python: only str is accepted)"""
    ts = TextEncoderStream()
    writer = ts.writable.get_writer()
    reader = ts.readable.get_reader()
    write_promise = writer.write(value)
    read_promise = reader.read()
    with pytest.raises(TypeError):
        await read_promise
    with pytest.raises(TypeError):
        await write_promise
    with pytest.raises(TypeError):
        await reader.closed
    with pytest.raises(TypeError):
        await writer.closed


# --- readable-writable-properties.any.js ----------------------------------------------------


@pytest.mark.parametrize("make", [TextEncoderStream, TextDecoderStream])
def test_readable_and_writable_properties(make: Any) -> None:
    """readable-writable-properties.any.js: <Stream> readable and writable properties must pass brand checks"""
    stream = make()
    assert isinstance(stream.readable, ReadableStream)
    assert stream.readable is stream.readable
    transform = TransformStream()
    assert type(stream.writable) is type(transform.writable)


def test_text_decoder_stream_attributes() -> None:
    """idlharness: TextDecoderStream encoding/fatal/ignoreBOM"""
    stream = TextDecoderStream(" UTF-16LE ", fatal=True, ignore_bom=True)
    assert (stream.encoding, stream.fatal, stream.ignore_bom) == ("utf-16le", True, True)
    assert TextEncoderStream().encoding == "utf-8"
    with pytest.raises(ValueError):
        TextDecoderStream("no-such-encoding")
