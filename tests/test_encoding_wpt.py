"""WPT encoding/ ported: TextDecoder and TextEncoder tests that apply to a server runtime.

Test names follow the WPT titles; the docstring gives the WPT file.
"""

from __future__ import annotations

import pytest

from webstd import TextDecoder, TextEncoder
from webstd.encoding import _ENCODINGS

_MULTI_BYTE_LEGACY = {"gbk", "gb18030", "big5", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr"}

# --- textdecoder-streaming.any.js -----------------------------------------------------------

_STREAMING_STRING = "\x00123ABCabc\x80\xff\u0100\u1000\ufffd\U00010000\U0010ffff"
_STREAMING_OCTETS = {
    "utf-8": [
        0x00, 0x31, 0x32, 0x33, 0x41, 0x42, 0x43, 0x61, 0x62, 0x63, 0xC2, 0x80,
        0xC3, 0xBF, 0xC4, 0x80, 0xE1, 0x80, 0x80, 0xEF, 0xBF, 0xBD, 0xF0, 0x90,
        0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF,
    ],
    "utf-16le": [
        0x00, 0x00, 0x31, 0x00, 0x32, 0x00, 0x33, 0x00, 0x41, 0x00, 0x42, 0x00,
        0x43, 0x00, 0x61, 0x00, 0x62, 0x00, 0x63, 0x00, 0x80, 0x00, 0xFF, 0x00,
        0x00, 0x01, 0x00, 0x10, 0xFD, 0xFF, 0x00, 0xD8, 0x00, 0xDC, 0xFF, 0xDB,
        0xFF, 0xDF,
    ],
    "utf-16be": [
        0x00, 0x00, 0x00, 0x31, 0x00, 0x32, 0x00, 0x33, 0x00, 0x41, 0x00, 0x42,
        0x00, 0x43, 0x00, 0x61, 0x00, 0x62, 0x00, 0x63, 0x00, 0x80, 0x00, 0xFF,
        0x01, 0x00, 0x10, 0x00, 0xFF, 0xFD, 0xD8, 0x00, 0xDC, 0x00, 0xDB, 0xFF,
        0xDF, 0xFF,
    ],
}  # fmt: skip


@pytest.mark.parametrize("buffer", ["bytes", "bytearray", "memoryview"])
@pytest.mark.parametrize("length", range(1, 6))
@pytest.mark.parametrize("encoding", sorted(_STREAMING_OCTETS))
def test_streaming_decode_byte_window(encoding: str, length: int, buffer: str) -> None:
    """textdecoder-streaming.any.js: Streaming decode: <encoding>, <len> byte window"""
    encoded = bytes(_STREAMING_OCTETS[encoding])
    wrap = {"bytes": bytes, "bytearray": bytearray, "memoryview": memoryview}[buffer]
    decoder = TextDecoder(encoding)
    out = ""
    for i in range(0, len(encoded), length):
        out += decoder.decode(wrap(encoded[i : i + length]), stream=True)
    out += decoder.decode()
    assert out == _STREAMING_STRING


def test_streaming_decode_utf_8_chunk_tests() -> None:
    """textdecoder-streaming.any.js: Streaming decode: UTF-8 chunk tests"""
    d = TextDecoder()
    steps: list[tuple[list[int], bool, str]] = [
        ([0xC1], True, "\ufffd"), ([], False, ""),
        ([0xF5], True, "\ufffd"), ([], False, ""),
        ([0xE0, 0x41], True, "\ufffdA"), ([0x42], False, "B"),
        ([0xE0, 0x80], True, "\ufffd\ufffd"), ([0x80], False, "\ufffd"),
        ([0xED, 0xA0], True, "\ufffd\ufffd"), ([0x80], False, "\ufffd"),
        ([0xF0, 0x41], True, "\ufffdA"), ([0x42], True, "B"), ([0x43], False, "C"),
        ([0xF0, 0x80], True, "\ufffd\ufffd"), ([0x80], True, "\ufffd"), ([0x80], False, "\ufffd"),
        ([0xF4, 0xA0], True, "\ufffd\ufffd"), ([0x80], True, "\ufffd"), ([0x80], False, "\ufffd"),
        ([0xF0, 0x90, 0x41], True, "\ufffdA"), ([0x42], False, "B"),
        ([0xF0, 0x9F, 0x92], True, ""), ([0xA9], False, "\U0001f4a9"),
    ]  # fmt: skip
    for chunk, stream, expected in steps:
        assert d.decode(bytes(chunk), stream=stream) == expected, (chunk, stream)


# --- textdecoder-eof.any.js -----------------------------------------------------------------


def test_text_decoder_end_of_queue_handling() -> None:
    """textdecoder-eof.any.js: TextDecoder end-of-queue handling"""
    assert TextDecoder().decode(bytes([0xF0])) == "\ufffd"
    assert TextDecoder().decode(bytes([0xF0, 0x9F])) == "\ufffd"
    assert TextDecoder().decode(bytes([0xF0, 0x9F, 0x92])) == "\ufffd"
    assert TextDecoder().decode(bytes([0xF0, 0x9F, 0x41])) == "\ufffdA"
    assert TextDecoder().decode(bytes([0xF0, 0x41, 0x42])) == "\ufffdAB"
    assert TextDecoder().decode(bytes([0xF0, 0x41, 0xF0])) == "\ufffdA\ufffd"
    assert TextDecoder().decode(bytes([0xF0, 0x8F, 0x92])) == "\ufffd\ufffd\ufffd"


def test_text_decoder_end_of_queue_handling_using_stream_true() -> None:
    """textdecoder-eof.any.js: TextDecoder end-of-queue handling using stream: true"""
    d = TextDecoder()
    steps: list[tuple[list[int], bool, str]] = [
        ([0xF0], True, ""), ([], False, "\ufffd"),
        ([0xF0], True, ""), ([0x9F], True, ""), ([], False, "\ufffd"),
        ([0xF0, 0x9F], True, ""), ([0x92], False, "\ufffd"),
        ([0xF0, 0x9F], True, ""), ([0x41], True, "\ufffdA"), ([], False, ""),
        ([0xF0, 0x41, 0x42], True, "\ufffdAB"), ([], False, ""),
        ([0xF0, 0x41, 0xF0], True, "\ufffdA"), ([], False, "\ufffd"),
        ([0xF0], True, ""), ([0x8F], True, "\ufffd\ufffd"), ([0x92], True, "\ufffd"), ([], False, ""),
        ([0xF0, 0xC2, 0x80, 0x2A], True, "\ufffd\x80*"), ([], False, ""),
        ([0xF0], True, ""), ([0xC2], True, "\ufffd"), ([0x80], True, "\x80"), ([0x2A], True, "*"),
        ([], False, ""),
        ([0xF0], True, ""), ([0xC2], True, "\ufffd"), ([0x80, 0x2A], True, "\x80*"), ([], False, ""),
        ([0xF0], True, ""), ([0xC2, 0x80, 0x2A], True, "\ufffd\x80*"), ([], False, ""),
    ]  # fmt: skip
    for chunk, stream, expected in steps:
        got = d.decode(bytes(chunk), stream=stream) if chunk else d.decode(stream=stream)
        assert got == expected, (chunk, stream)


# --- textdecoder-fatal.html -----------------------------------------------------------------

_FATAL_BAD = [
    ("utf-8", [0xFF], "invalid code"),
    ("utf-8", [0xC0], "ends early"),
    ("utf-8", [0xE0], "ends early 2"),
    ("utf-8", [0xC0, 0x00], "invalid trail"),
    ("utf-8", [0xC0, 0xC0], "invalid trail 2"),
    ("utf-8", [0xE0, 0x00], "invalid trail 3"),
    ("utf-8", [0xE0, 0xC0], "invalid trail 4"),
    ("utf-8", [0xE0, 0x80, 0x00], "invalid trail 5"),
    ("utf-8", [0xE0, 0x80, 0xC0], "invalid trail 6"),
    ("utf-8", [0xFC, 0x80, 0x80, 0x80, 0x80, 0x80], "> 0x10FFFF"),
    ("utf-8", [0xFE, 0x80, 0x80, 0x80, 0x80, 0x80], "obsolete lead byte"),
    ("utf-8", [0xC0, 0x80], "overlong U+0000 - 2 bytes"),
    ("utf-8", [0xE0, 0x80, 0x80], "overlong U+0000 - 3 bytes"),
    ("utf-8", [0xF0, 0x80, 0x80, 0x80], "overlong U+0000 - 4 bytes"),
    ("utf-8", [0xF8, 0x80, 0x80, 0x80, 0x80], "overlong U+0000 - 5 bytes"),
    ("utf-8", [0xFC, 0x80, 0x80, 0x80, 0x80, 0x80], "overlong U+0000 - 6 bytes"),
    ("utf-8", [0xC1, 0xBF], "overlong U+007F - 2 bytes"),
    ("utf-8", [0xE0, 0x81, 0xBF], "overlong U+007F - 3 bytes"),
    ("utf-8", [0xF0, 0x80, 0x81, 0xBF], "overlong U+007F - 4 bytes"),
    ("utf-8", [0xF8, 0x80, 0x80, 0x81, 0xBF], "overlong U+007F - 5 bytes"),
    ("utf-8", [0xFC, 0x80, 0x80, 0x80, 0x81, 0xBF], "overlong U+007F - 6 bytes"),
    ("utf-8", [0xE0, 0x9F, 0xBF], "overlong U+07FF - 3 bytes"),
    ("utf-8", [0xF0, 0x80, 0x9F, 0xBF], "overlong U+07FF - 4 bytes"),
    ("utf-8", [0xF8, 0x80, 0x80, 0x9F, 0xBF], "overlong U+07FF - 5 bytes"),
    ("utf-8", [0xFC, 0x80, 0x80, 0x80, 0x9F, 0xBF], "overlong U+07FF - 6 bytes"),
    ("utf-8", [0xF0, 0x8F, 0xBF, 0xBF], "overlong U+FFFF - 4 bytes"),
    ("utf-8", [0xF8, 0x80, 0x8F, 0xBF, 0xBF], "overlong U+FFFF - 5 bytes"),
    ("utf-8", [0xFC, 0x80, 0x80, 0x8F, 0xBF, 0xBF], "overlong U+FFFF - 6 bytes"),
    ("utf-8", [0xF8, 0x84, 0x8F, 0xBF, 0xBF], "overlong U+10FFFF - 5 bytes"),
    ("utf-8", [0xFC, 0x80, 0x84, 0x8F, 0xBF, 0xBF], "overlong U+10FFFF - 6 bytes"),
    ("utf-8", [0xED, 0xA0, 0x80], "lead surrogate"),
    ("utf-8", [0xED, 0xB0, 0x80], "trail surrogate"),
    ("utf-8", [0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80], "surrogate pair"),
    ("utf-16le", [0x00], "truncated code unit"),
]


@pytest.mark.parametrize(("encoding", "data", "name"), _FATAL_BAD, ids=[c[2] for c in _FATAL_BAD])
def test_fatal_flag(encoding: str, data: list[int], name: str) -> None:
    """textdecoder-fatal.html: Fatal flag: <encoding> - <name>"""
    with pytest.raises(TypeError):
        TextDecoder(encoding, fatal=True).decode(bytes(data))


def test_the_fatal_attribute_of_text_decoder() -> None:
    """textdecoder-fatal.html: The fatal attribute of TextDecoder"""
    assert TextDecoder().fatal is False
    assert TextDecoder("utf-8", fatal=True).fatal is True


# --- textdecoder-fatal-streaming.html -------------------------------------------------------


def test_fatal_flag_non_streaming_cases() -> None:
    """textdecoder-fatal-streaming.html: Fatal flag, non-streaming cases"""
    for encoding, sequence in [("utf-8", [0xC0]), ("utf-16le", [0x00]), ("utf-16be", [0x00])]:
        with pytest.raises(TypeError):
            TextDecoder(encoding, fatal=True).decode(bytes(sequence))
        assert TextDecoder(encoding).decode(bytes(sequence)) == "\ufffd"


def test_fatal_flag_streaming_cases() -> None:
    """textdecoder-fatal-streaming.html: Fatal flag, streaming cases"""
    decoder = TextDecoder("utf-16le", fatal=True)
    odd = bytes([0x00])
    even = bytes([0x00, 0x00])
    assert decoder.decode(odd, stream=True) == ""
    assert decoder.decode(odd) == "\x00"
    with pytest.raises(TypeError):
        decoder.decode(even, stream=True)
        decoder.decode(odd)
    with pytest.raises(TypeError):
        decoder.decode(odd, stream=True)
        decoder.decode(even)
    assert decoder.decode(even, stream=True) == "\x00"
    assert decoder.decode(even) == "\x00"


# --- textdecoder-utf16-surrogates.html ------------------------------------------------------

_UTF16_BAD = [
    ([0x00, 0xD8], "\ufffd", "lone surrogate lead"),
    ([0x00, 0xDC], "\ufffd", "lone surrogate trail"),
    ([0x00, 0xD8, 0x00, 0x00], "\ufffd\x00", "unmatched surrogate lead"),
    ([0x00, 0xDC, 0x00, 0x00], "\ufffd\x00", "unmatched surrogate trail"),
    ([0x00, 0xDC, 0x00, 0xD8], "\ufffd\ufffd", "swapped surrogate pair"),
]


@pytest.mark.parametrize(("data", "expected", "name"), _UTF16_BAD, ids=[c[2] for c in _UTF16_BAD])
def test_utf_16le_surrogates(data: list[int], expected: str, name: str) -> None:
    """textdecoder-utf16-surrogates.html: utf-16le - <name> (and with the fatal flag set)"""
    assert TextDecoder("utf-16le").decode(bytes(data)) == expected
    with pytest.raises(TypeError):
        TextDecoder("utf-16le", fatal=True).decode(bytes(data))


# --- textdecoder-ignorebom.any.js / textdecoder-byte-order-marks.any.js ---------------------

_BOM_CASES = [
    ("utf-8", [0xEF, 0xBB, 0xBF, 0x61, 0x62, 0x63]),
    ("utf-16le", [0xFF, 0xFE, 0x61, 0x00, 0x62, 0x00, 0x63, 0x00]),
    ("utf-16be", [0xFE, 0xFF, 0x00, 0x61, 0x00, 0x62, 0x00, 0x63]),
]


@pytest.mark.parametrize(("encoding", "data"), _BOM_CASES)
def test_bom_is_ignored_or_kept(encoding: str, data: list[int]) -> None:
    """textdecoder-ignorebom.any.js: BOM is ignored/kept per the ignoreBOM option"""
    assert TextDecoder(encoding, ignore_bom=True).decode(bytes(data)) == "\ufeffabc"
    assert TextDecoder(encoding, ignore_bom=False).decode(bytes(data)) == "abc"
    assert TextDecoder(encoding).decode(bytes(data)) == "abc"


def test_the_ignore_bom_attribute_of_text_decoder() -> None:
    """textdecoder-ignorebom.any.js: The ignoreBOM attribute of TextDecoder"""
    assert TextDecoder().ignore_bom is False
    assert TextDecoder("utf-8", ignore_bom=True).ignore_bom is True


_BOM_MARKS = {
    "utf-8": [0xEF, 0xBB, 0xBF],
    "utf-16le": [0xFF, 0xFE],
    "utf-16be": [0xFE, 0xFF],
}
_BOM_BODIES = {
    "utf-8": [0x7A, 0xC2, 0xA2, 0xE6, 0xB0, 0xB4, 0xF0, 0x9D, 0x84, 0x9E, 0xF4, 0x8F, 0xBF, 0xBD],
    "utf-16le": [0x7A, 0x00, 0xA2, 0x00, 0x34, 0x6C, 0x34, 0xD8, 0x1E, 0xDD, 0xFF, 0xDB, 0xFD, 0xDF],
    "utf-16be": [0x00, 0x7A, 0x00, 0xA2, 0x6C, 0x34, 0xD8, 0x34, 0xDD, 0x1E, 0xDB, 0xFF, 0xDF, 0xFD],
}  # fmt: skip
_BOM_STRING = "z\xa2\u6c34\U0001d11e\U0010fffd"


@pytest.mark.parametrize("encoding", sorted(_BOM_MARKS))
def test_byte_order_marks(encoding: str) -> None:
    """textdecoder-byte-order-marks.any.js: Byte-order marks: <encoding>"""
    body = bytes(_BOM_BODIES[encoding])
    assert TextDecoder(encoding).decode(bytes(_BOM_MARKS[encoding]) + body) == _BOM_STRING
    assert TextDecoder(encoding).decode(body) == _BOM_STRING
    for other, mark in _BOM_MARKS.items():
        if other != encoding:
            assert TextDecoder(encoding).decode(bytes(mark) + body) != _BOM_STRING


# --- textdecoder-copy.any.js ----------------------------------------------------------------


def test_modify_buffer_after_passing_it_in() -> None:
    """textdecoder-copy.any.js: Modify buffer after passing it in (ArrayBuffer)"""
    view = bytearray([0xEF, 0xBB])
    view2 = bytearray([0xBF, 0x40])
    decoder = TextDecoder("utf-8")
    assert decoder.decode(view, stream=True) == ""
    view[0] = 0x01
    view[1] = 0x02
    assert decoder.decode(view2) == "@"


# --- api-basics.html ------------------------------------------------------------------------

_SAMPLE = "z\xa2\u6c34\U0001d11e\uf8ff\U0010fffd\ufffe"
_SAMPLE_BYTES = {
    "utf-8": [0x7A, 0xC2, 0xA2, 0xE6, 0xB0, 0xB4, 0xF0, 0x9D, 0x84, 0x9E, 0xEF, 0xA3, 0xBF,
              0xF4, 0x8F, 0xBF, 0xBD, 0xEF, 0xBF, 0xBE],
    "utf-16le": [0x7A, 0x00, 0xA2, 0x00, 0x34, 0x6C, 0x34, 0xD8, 0x1E, 0xDD, 0xFF, 0xF8, 0xFF,
                 0xDB, 0xFD, 0xDF, 0xFE, 0xFF],
    "utf-16be": [0x00, 0x7A, 0x00, 0xA2, 0x6C, 0x34, 0xD8, 0x34, 0xDD, 0x1E, 0xF8, 0xFF, 0xDB,
                 0xFF, 0xDF, 0xFD, 0xFF, 0xFE],
    "utf-16": [0x7A, 0x00, 0xA2, 0x00, 0x34, 0x6C, 0x34, 0xD8, 0x1E, 0xDD, 0xFF, 0xF8, 0xFF,
               0xDB, 0xFD, 0xDF, 0xFE, 0xFF],
}  # fmt: skip


def test_encoding_api_basics() -> None:
    """api-basics.html: Encoding API basics"""
    assert TextEncoder().encoding == "utf-8"
    assert TextDecoder().encoding == "utf-8"
    assert TextEncoder().encode() == b""
    assert TextEncoder().encode(_SAMPLE) == bytes(_SAMPLE_BYTES["utf-8"])
    for encoding, data in _SAMPLE_BYTES.items():
        assert TextDecoder(encoding).decode(bytes(data)) == _SAMPLE
        assert TextDecoder(encoding).decode(memoryview(bytes(data))) == _SAMPLE


# --- textencoder-utf16-surrogates.any.js / api-surrogates-utf8.any.js ----------------------

_SURROGATE_CASES = [
    ("\ud800", "\ufffd", "Sanity check"),
    ("\udc00", "\ufffd", "lone trail surrogate"),
    ("abc\ud800def", "abc\ufffddef", "lone surrogate lead"),
    ("abc\udc00def", "abc\ufffddef", "lone surrogate trail"),
    ("\udc00\ud800", "\ufffd\ufffd", "swapped surrogate pair"),
    ("\ud834\udd1e", "\U0001d11e", "properly encoded MUSICAL SYMBOL G CLEF (U+1D11E)"),
]


@pytest.mark.parametrize(
    ("source", "expected", "name"), _SURROGATE_CASES, ids=[c[2] for c in _SURROGATE_CASES]
)
def test_utf_16_surrogates_encode_as_replacement(source: str, expected: str, name: str) -> None:
    """textencoder-utf16-surrogates.any.js: <name> - input string: ..."""
    encoded = TextEncoder().encode(source)
    assert TextDecoder().decode(encoded) == expected


# --- encodeInto.any.js ----------------------------------------------------------------------

_ENCODE_INTO = [
    ("Hi", 0, 0, []),
    ("A", 10, 1, [0x41]),
    ("\U0001d306", 4, 2, [0xF0, 0x9D, 0x8C, 0x86]),
    ("\U0001d306A", 3, 0, []),
    ("\ud834A\udf06A\xa5Hi", 10, 5, [0xEF, 0xBF, 0xBD, 0x41, 0xEF, 0xBF, 0xBD, 0x41, 0xC2, 0xA5]),
]


@pytest.mark.parametrize(("source", "size", "read", "written"), _ENCODE_INTO)
@pytest.mark.parametrize("view", ["bytearray", "memoryview"])
def test_encode_into_with_input_and_buffer_size(
    source: str, size: int, read: int, written: list[int], view: str
) -> None:
    """encodeInto.any.js: encodeInto() with <input> and buffer size <size>"""
    buffer = bytearray(size)
    destination = buffer if view == "bytearray" else memoryview(buffer)
    result = TextEncoder().encode_into(source, destination)
    assert len(buffer) == size
    assert result["read"] == read
    assert result["written"] == len(written)
    assert list(buffer[: len(written)]) == written
    assert all(b == 0 for b in buffer[len(written) :])


@pytest.mark.parametrize("fmt", ["h", "i", "H", "I", "f", "d"])
def test_invalid_encode_into_destination(fmt: str) -> None:
    """encodeInto.any.js: Invalid encodeInto() destination: <view>"""
    import array

    with pytest.raises(TypeError):
        TextEncoder().encode_into("", memoryview(array.array(fmt)))
    with pytest.raises(TypeError):
        TextEncoder().encode_into("", b"immutable")  # type: ignore[arg-type]


# --- textdecoder-labels.any.js / api-replacement-encodings / api-invalid-label --------------

_SUPPORTED_LABELS = [
    (label, name)
    for name, labels in _ENCODINGS.items()
    if name != "replacement" and name not in _MULTI_BYTE_LEGACY
    for label in labels
]


@pytest.mark.parametrize(("label", "name"), _SUPPORTED_LABELS)
def test_label_maps_to_encoding(label: str, name: str) -> None:
    """textdecoder-labels.any.js: <label> => <name>"""
    assert TextDecoder(label).encoding == name
    assert TextDecoder(label.upper()).encoding == name
    for ws in [" ", "\t", "\n", "\f", "\r"]:
        assert TextDecoder(ws + label).encoding == name
        assert TextDecoder(label + ws).encoding == name
        assert TextDecoder(ws + label + ws).encoding == name


@pytest.mark.parametrize("label", _ENCODINGS["replacement"])
def test_label_for_replacement_should_be_rejected_by_api(label: str) -> None:
    """api-replacement-encodings.any.js: Label for "replacement" should be rejected by API: <label>"""
    with pytest.raises(ValueError):
        TextDecoder(label)


_ALL_LABELS = [label for labels in _ENCODINGS.values() for label in labels]


@pytest.mark.parametrize("label", _ALL_LABELS)
def test_invalid_label_should_be_rejected_by_text_decoder(label: str) -> None:
    """api-invalid-label.any.js: Invalid label <input> should be rejected by TextDecoder."""
    for ws in ["\x00", "\x0b", "\xa0", "\u2028", "\u2029"]:
        for candidate in (ws + label, label + ws, ws + label + ws):
            with pytest.raises(ValueError):
                TextDecoder(candidate)


def test_invalid_invalid_label_should_be_rejected_by_text_decoder() -> None:
    """api-invalid-label.any.js: Invalid label "invalid-invalidLabel" should be rejected by TextDecoder."""
    with pytest.raises(ValueError):
        TextDecoder("invalid-invalidLabel")


# --- textdecoder-fatal-single-byte.any.js ---------------------------------------------------

_SINGLE_BYTE_BAD = {
    "IBM866": [],
    "ISO-8859-2": [],
    "ISO-8859-3": [0xA5, 0xAE, 0xBE, 0xC3, 0xD0, 0xE3, 0xF0],
    "ISO-8859-4": [],
    "ISO-8859-5": [],
    "ISO-8859-6": [0xA1, 0xA2, 0xA3, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAE, 0xAF, 0xB0,
                   0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xBC, 0xBD, 0xBE,
                   0xC0, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9,
                   0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF],
    "ISO-8859-7": [0xAE, 0xD2, 0xFF],
    "ISO-8859-8": [0xA1, 0xBF, *range(0xC0, 0xDF), 0xFB, 0xFC, 0xFF],
    "ISO-8859-8-I": [0xA1, 0xBF, *range(0xC0, 0xDF), 0xFB, 0xFC, 0xFF],
    "ISO-8859-10": [],
    "ISO-8859-13": [],
    "ISO-8859-14": [],
    "ISO-8859-15": [],
    "ISO-8859-16": [],
    "KOI8-R": [],
    "KOI8-U": [],
    "macintosh": [],
    "windows-874": [0xDB, 0xDC, 0xDD, 0xDE, 0xFC, 0xFD, 0xFE, 0xFF],
    "windows-1250": [],
    "windows-1251": [],
    "windows-1252": [],
    "windows-1253": [0xAA, 0xD2, 0xFF],
    "windows-1254": [],
    "windows-1255": [0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xFB, 0xFC, 0xFF],
    "windows-1256": [],
    "windows-1257": [0xA1, 0xA5],
    "windows-1258": [],
    "x-mac-cyrillic": [],
}  # fmt: skip


@pytest.mark.parametrize("encoding", sorted(_SINGLE_BYTE_BAD))
def test_fatal_flag_for_single_byte_encodings(encoding: str) -> None:
    """textdecoder-fatal-single-byte.any.js: Throw due to fatal flag / Not throw: <encoding> ... pointer <i>"""
    bad = set(_SINGLE_BYTE_BAD[encoding])
    for byte in range(256):
        decoder = TextDecoder(encoding, fatal=True)
        if byte in bad:
            with pytest.raises(TypeError):
                decoder.decode(bytes([byte]))
        else:
            assert isinstance(decoder.decode(bytes([byte])), str)


def test_koi8_u_follows_the_standard_index() -> None:
    """single-byte-decoder: koi8-u's 0xAE/0xBE are U+045E/U+040E in the standard's index"""
    assert TextDecoder("koi8-u").decode(b"\xae\xbe") == "\u045e\u040e"


def test_windows_1252_decodes_unassigned_bytes_as_c1_controls() -> None:
    """single-byte-decoder: windows-1252 index maps 0x81, 0x8D, 0x8F, 0x90, 0x9D to C1 controls"""
    assert TextDecoder("latin1").decode(b"\x80\x81\x8d\x8f\x90\x9d\x9f") == "€\x81\x8d\x8f\x90\x9dŸ"
