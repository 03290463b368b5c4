"""TextDecoderStream/TextEncoderStream properties: any split of the input gives the same text."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from webstd import ReadableStream, TextDecoder, TextDecoderStream, TextEncoderStream
from webstd.encoding import to_usv_string


def _split(data: Any, cuts: list[int]) -> list[Any]:
    points = sorted({min(c, len(data)) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]


async def _collect(chunks: list[Any], transform: Any) -> list[Any]:
    return [chunk async for chunk in ReadableStream.from_(chunks).pipe_through(transform)]


_cuts = st.lists(st.integers(min_value=0, max_value=200), max_size=10)


@given(st.text(max_size=60), _cuts)
async def test_text_decoder_stream_fed_any_split_of_utf_8_yields_the_text(
    text: str, cuts: list[int]
) -> None:
    usv = to_usv_string(text)
    data = usv.encode("utf-8")
    output = await _collect(_split(data, cuts), TextDecoderStream())
    assert all(isinstance(chunk, str) and chunk for chunk in output)
    assert "".join(output) == usv.removeprefix("\ufeff")


@given(st.binary(max_size=60), _cuts, st.sampled_from(["utf-8", "utf-16le", "utf-16be"]))
async def test_text_decoder_stream_matches_one_shot_decode_on_any_bytes(
    data: bytes, cuts: list[int], encoding: str
) -> None:
    output = await _collect(_split(data, cuts), TextDecoderStream(encoding))
    assert "".join(output) == TextDecoder(encoding).decode(data)


_js_text = st.lists(
    st.one_of(st.characters(), st.sampled_from(["\ud83d", "\udc99", "\U0001f499"]))
).map("".join)


@given(_js_text, _cuts)
async def test_text_encoder_stream_fed_any_split_of_code_units_yields_the_encoding(
    text: str, cuts: list[int]
) -> None:
    units = "".join(
        chr(0xD800 + ((ord(c) - 0x10000) >> 10)) + chr(0xDC00 + ((ord(c) - 0x10000) & 0x3FF))
        if ord(c) > 0xFFFF
        else c
        for c in text
    )
    output = await _collect(_split(units, cuts), TextEncoderStream())
    assert all(isinstance(chunk, bytes) and chunk for chunk in output)
    assert b"".join(output) == to_usv_string(units).encode("utf-8")
