"""Encoding Standard: TextEncoder/TextDecoder behaviour beyond the WPT ports, plus properties."""

from __future__ import annotations

import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webstd import TextDecoder, TextEncoder
from webstd.encoding import get_encoding, to_usv_string


def test_decode_without_input_is_empty() -> None:
    assert TextDecoder().decode() == ""
    assert TextDecoder().decode(None) == ""


@pytest.mark.parametrize("bad", ["text", 5, [1, 2], None.__class__])
def test_decode_rejects_non_buffers(bad: object) -> None:
    with pytest.raises(TypeError, match="bytes-like"):
        TextDecoder().decode(bad)


def test_decode_accepts_a_memoryview_of_any_format() -> None:
    data = array.array("H", [0x6968])  # b"hi" on a little-endian machine
    assert TextDecoder().decode(memoryview(data)) in ("hi", "ih")


def test_unknown_label_raises_value_error_naming_it() -> None:
    with pytest.raises(ValueError, match="'klingon'"):
        TextDecoder("klingon")


@pytest.mark.parametrize("label", ["gbk", "big5", "shift_jis", "euc-kr", "iso-2022-jp"])
def test_known_but_unsupported_multi_byte_encoding_raises_value_error(label: str) -> None:
    assert get_encoding(label) is not None
    with pytest.raises(ValueError, match="not supported"):
        TextDecoder(label)


def test_label_must_be_a_str() -> None:
    with pytest.raises(TypeError, match="label"):
        TextDecoder(b"utf-8")  # type: ignore[arg-type]


def test_encode_requires_a_str() -> None:
    with pytest.raises(TypeError, match="str"):
        TextEncoder().encode(b"bytes")  # type: ignore[arg-type]


def test_bom_is_stripped_only_once_per_stream() -> None:
    decoder = TextDecoder()
    assert decoder.decode(b"\xef\xbb", stream=True) == ""
    assert decoder.decode(b"\xbf\xef\xbb\xbfa", stream=True) == "\ufeffa"
    assert decoder.decode(b"\xef\xbb\xbf") == "\ufeff"
    assert decoder.decode(b"\xef\xbb\xbfb") == "b"  # a new stream strips again


def test_a_non_utf_encoding_keeps_a_leading_feff() -> None:
    assert TextDecoder("utf-16le").decode(b"\xff\xfeA\x00") == "A"
    assert TextDecoder("x-user-defined").decode(b"\xef\xbb\xbf") == "\uf7ef\uf7bb\uf7bf"


def test_fatal_error_in_the_middle_of_a_stream_keeps_the_rest_queued() -> None:
    decoder = TextDecoder(fatal=True)
    with pytest.raises(TypeError, match="utf-8"):
        decoder.decode(b"a\xffb", stream=True)
    assert decoder.decode(b"c") == "bc"


def test_encode_into_never_splits_a_scalar_value() -> None:
    buffer = bytearray(5)
    result = TextEncoder().encode_into("a€b", buffer)
    assert result == {"read": 3, "written": 5}
    result = TextEncoder().encode_into("aa€", buffer[:4])
    assert result == {"read": 2, "written": 2}


def test_encode_into_writes_into_a_memoryview_slice() -> None:
    buffer = bytearray(6)
    TextEncoder().encode_into("hi", memoryview(buffer)[2:])
    assert buffer == bytearray(b"\x00\x00hi\x00\x00")


def test_to_usv_string_joins_pairs_and_replaces_lone_surrogates() -> None:
    assert to_usv_string("a\ud83d\ude00b") == "a\U0001f600b"
    assert to_usv_string("\ude00\ud83d") == "\ufffd\ufffd"
    assert to_usv_string("plain") == "plain"


@given(st.text())
def test_utf_8_round_trip(text: str) -> None:
    assert TextDecoder().decode(TextEncoder().encode(text)) == to_usv_string(text).removeprefix(
        "\ufeff"
    )


@given(st.binary(), st.lists(st.integers(min_value=0, max_value=64), max_size=8))
def test_streaming_decode_equals_one_shot_decode(data: bytes, cuts: list[int]) -> None:
    positions = sorted({min(c, len(data)) for c in cuts})
    pieces = [data[a:b] for a, b in zip([0, *positions], [*positions, len(data)], strict=True)]
    for encoding in ("utf-8", "utf-16le", "utf-16be", "windows-1252"):
        decoder = TextDecoder(encoding)
        streamed = (
            "".join(decoder.decode(piece, stream=True) for piece in pieces) + decoder.decode()
        )
        assert streamed == TextDecoder(encoding).decode(data), encoding


@given(st.text(), st.integers(min_value=0, max_value=40))
def test_encode_into_writes_a_prefix_of_encode(text: str, size: int) -> None:
    buffer = bytearray(size)
    result = TextEncoder().encode_into(text, buffer)
    full = TextEncoder().encode(text)
    assert full.startswith(bytes(buffer[: result["written"]]))
    prefix = bytes(buffer[: result["written"]]).decode("utf-8")
    assert result["read"] == len(prefix.encode("utf-16-le")) // 2


def test_fatal_error_on_a_held_back_surrogate_prefix_keeps_later_bytes_queued() -> None:
    # Encoding §7.2 decode(): on error the rest of the I/O queue stays for the next call.
    decoder = TextDecoder(fatal=True)
    with pytest.raises(TypeError, match="byte 1"):
        decoder.decode(b"a\xed\xa0", stream=True)
    with pytest.raises(TypeError, match="byte 0"):
        decoder.decode(b"b")  # the queued 0xA0 is itself an error
    assert decoder.decode(b"c") == "c"  # a non-streaming call ended the stream


def test_decode_accepts_any_buffer_protocol_object() -> None:
    assert TextDecoder().decode(array.array("B", b"hi")) == "hi"
    assert TextDecoder().decode(memoryview(b"xhiy")[1:3]) == "hi"
