"""WPT FileAPI/blob/ and FileAPI/file/ ported (Blob-constructor, Blob-slice, Blob-text,
Blob-array-buffer, Blob-bytes, Blob-stream, File-constructor).

Test names follow the WPT titles; the docstring gives the WPT file.
"""

from __future__ import annotations

import array
from typing import Any

import pytest

from webstd import Blob, File


async def _read_stream(blob: Blob) -> bytes:
    chunks = [bytes(chunk) async for chunk in blob.stream()]
    return b"".join(chunks)


# --- Blob-constructor.any.js ----------------------------------------------------------------


async def test_blob_constructor_with_no_arguments() -> None:
    """Blob-constructor.any.js: Blob constructor with no arguments"""
    blob = Blob()
    assert blob.size == 0
    assert blob.type == ""
    assert await blob.text() == ""


def test_blob_constructor_with_undefined_as_first_argument() -> None:
    """Blob-constructor.any.js: Blob constructor with undefined as first argument"""
    blob = Blob(None)
    assert blob.size == 0
    assert blob.type == ""


@pytest.mark.parametrize("arg", [True, False, 0, 1, 1.5, "FAIL", object(), {"0": "FAIL"}])
def test_passing_non_objects_for_blob_parts_should_throw_a_type_error(arg: Any) -> None:
    """Blob-constructor.any.js: Passing non-objects, Dates and RegExps for blobParts should throw a TypeError."""
    with pytest.raises(TypeError):
        Blob(arg)


async def test_a_plain_object_with_custom_iterator_should_be_treated_as_a_sequence() -> None:
    """Blob-constructor.any.js: A plain object with custom @@iterator should be treated as a sequence for the blobParts argument."""

    def parts() -> Any:
        yield "ab"
        yield "cde"

    blob = Blob(parts())
    assert blob.size == 5
    assert await blob.text() == "abcde"


async def test_array_buffer_elements_of_the_blob_parts_array_should_be_supported() -> None:
    """Blob-constructor.any.js: ArrayBuffer elements of the blobParts array should be supported."""
    assert await Blob([bytes(8)]).text() == "\0" * 8


async def test_passing_typed_arrays_as_elements_of_the_blob_parts_array_should_work() -> None:
    """Blob-constructor.any.js: Passing typed arrays as elements of the blobParts array should work."""
    blob = Blob(
        [
            bytes([0x50, 0x41, 0x53, 0x53]),
            memoryview(array.array("b", [0x50, 0x41, 0x53, 0x53])),
            memoryview(array.array("H", [0x4150, 0x5353])),
            memoryview(array.array("h", [0x4150, 0x5353])),
            memoryview(array.array("I", [0x53534150])),
            memoryview(array.array("i", [0x53534150])),
            memoryview(array.array("f", [float(0xD341500000)])),
        ]
    )
    assert await blob.text() == "PASS" * 7


async def test_passing_a_float64_array_as_element_of_the_blob_parts_array_should_work() -> None:
    """Blob-constructor.any.js: Passing a Float64Array as element of the blobParts array should work."""
    value = 2510297372767036725005267563121821874921913208671273727396467555337665343087229079989707079680
    assert await Blob([memoryview(array.array("d", [float(value)]))]).text() == "PASSPASS"


async def test_passing_big_int_typed_arrays_as_elements_of_the_blob_parts_array_should_work() -> (
    None
):
    """Blob-constructor.any.js: Passing BigInt typed arrays as elements of the blobParts array should work."""
    blob = Blob(
        [
            memoryview(array.array("q", [0x5353415053534150])),
            memoryview(array.array("Q", [0x5353415053534150])),
        ]
    )
    assert await blob.text() == "PASS" * 4


async def test_array_with_two_blobs() -> None:
    """Blob-constructor.any.js: Array with two blobs"""
    blob = Blob(["foo"])
    assert await Blob([blob, blob]).text() == "foofoo"


async def test_array_with_two_buffers() -> None:
    """Blob-constructor.any.js: Array with two buffers"""
    view = bytearray([0, 255, 0])
    assert await Blob([view, view]).bytes() == bytes([0, 255, 0, 0, 255, 0])


async def test_array_with_two_bufferviews() -> None:
    """Blob-constructor.any.js: Array with two bufferviews"""
    view = bytearray([0, 255, 0, 4])
    blob = Blob([view, view])
    assert blob.size == 8
    view1 = memoryview(view)[2:]
    assert await Blob([view1, view, view1]).bytes() == bytes([0, 4, 0, 255, 0, 4, 0, 4])


async def test_array_with_mixed_types() -> None:
    """Blob-constructor.any.js: Array with mixed types"""
    assert await Blob([bytes([0]), Blob(["fo"]), "foo"]).text() == "\0fofoo"


async def test_passing_none_for_options_should_use_the_defaults_with_newlines() -> None:
    """Blob-constructor.any.js: Passing undefined (index 1) for options should use the defaults (with newlines)."""
    blob = Blob(["\na\r\nb\n\rc\r"])
    assert await blob.text() == "\na\r\nb\n\rc\r"
    assert blob.type == ""


_TYPE_TESTS = [
    ([], "", ""),
    ([], "a", "a"),
    ([], "A", "a"),
    ([], "text/html", "text/html"),
    ([], "TEXT/HTML", "text/html"),
    ([], "text/plain;charset=utf-8", "text/plain;charset=utf-8"),
    ([], "\u00e5", ""),
    ([], "\U0001047e", ""),
    ([], " image/gif ", " image/gif "),
    ([], "\timage/gif\t", ""),
    ([], "image/gif;\x7f", ""),
    ([], "\u0130mage/gif", ""),
    ([], "\u0131mage/gif", ""),
    ([], "image/gif\x00", ""),
    ([0x3C, 0x48, 0x54, 0x4D, 0x4C, 0x3E], "unknown/unknown", "unknown/unknown"),
    ([0x00, 0xFF], "text/plain", "text/plain"),
    ([0x47, 0x49, 0x46, 0x38, 0x39, 0x61], "image/png", "image/png"),
]


@pytest.mark.parametrize(("data", "type", "expected"), _TYPE_TESTS)
def test_blob_with_type(data: list[int], type: str, expected: str) -> None:
    """Blob-constructor.any.js: Blob with type <type>"""
    assert Blob([bytes(data)], type=type).type == expected


# --- Blob-constructor-endings.html ----------------------------------------------------------


@pytest.mark.parametrize("endings", ["invalidEnumValue", "Transparent", "NATIVE", "", None])
def test_invalid_value_for_endings_option(endings: Any) -> None:
    """Blob-constructor-endings.html: Invalid value for "endings" option"""
    with pytest.raises(TypeError):
        Blob([], endings=endings)


async def test_newlines_should_not_change_with_endings_transparent() -> None:
    """Blob-constructor-endings.html: Newlines should not change with endings 'transparent'"""
    for text in ["\n", "\r", "\r\n", "\n\r", "a\r\nb\n\rc\r"]:
        assert await Blob([text], endings="transparent").text() == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("\n", "\n"), ("\r", "\n"), ("\r\n", "\n"), ("\n\n", "\n\n"), ("\r\r", "\n\n"),
     ("\r\n\r\n", "\n\n"), ("\n\r", "\n\n"), ("a\r\nb\n\rc\r", "a\nb\n\nc\n")],
)  # fmt: skip
async def test_newlines_should_match_the_platform_with_endings_native(
    text: str, expected: str
) -> None:
    """Blob-constructor-endings.html: Newlines should match the platform with endings 'native'"""
    import os

    assert await Blob([text], endings="native").text() == expected.replace("\n", os.linesep)


async def test_cr_lf_should_not_be_converted_across_parts() -> None:
    """Blob-constructor-endings.html: CR/LF in adjacent input strings"""
    import os

    blob = Blob(["\r", "\n"], endings="native")
    assert await blob.text() == os.linesep * 2


# --- Blob-slice.html ------------------------------------------------------------------------


async def test_no_argument_blob_slice() -> None:
    """Blob-slice.html: no-argument Blob slice"""
    sliced = Blob(["PASS"]).slice()
    assert await sliced.text() == "PASS"
    assert sliced.type == ""


def test_slice_content_type_defaults() -> None:
    """Blob-slice.html: Slices (content type null / undefined / absent)"""
    assert Blob().slice(0, 0, "null").type == "null"
    assert Blob().slice(0, 0, None).type == ""
    assert Blob().slice(0, 0).type == ""
    assert Blob(["x"], type="a/b").slice().type == ""


_blob1 = Blob(["squiggle"])
_blob2 = Blob(["steak"], type="content/type")
_int8 = bytes(range(65, 81))

_SLICE_DATA: list[tuple[list[Any], list[tuple[int, int | None, str]]]] = [
    (
        ["PASSSTRING"],
        [(-6, None, "STRING"), (-12, None, "PASSSTRING"), (4, None, "STRING"), (12, None, ""),
         (0, -6, "PASS"), (0, -12, ""), (0, 4, "PASS"), (0, 12, "PASSSTRING"), (7, 4, "")],
    ),
    (
        ["foo", "bar", "baz"],
        [(0, 9, "foobarbaz"), (0, 3, "foo"), (3, 9, "barbaz"), (6, 9, "baz"), (6, 12, "baz"),
         (0, 9, "foobarbaz"), (0, 11, "foobarbaz"), (10, 15, "")],
    ),
    (["foo", _blob1, "baz"], [(0, 3, "foo"), (3, 11, "squiggle"), (2, 4, "os"), (10, 12, "eb")]),
    (
        [_blob1, "foo", _blob1],
        [(0, 8, "squiggle"), (7, 9, "ef"), (10, 12, "os"), (1, 4, "qui"), (12, 15, "qui"),
         (40, 60, "")],
    ),
    (
        [_blob2, _blob1, _blob2],
        [(0, 5, "steak"), (5, 13, "squiggle"), (13, 18, "steak"), (1, 3, "te"), (6, 10, "quig")],
    ),
    (
        [_int8, _blob1, "foo"],
        [(0, 8, "ABCDEFGH"), (8, 18, "IJKLMNOPsq"), (17, 20, "qui"), (4, 12, "EFGHIJKL")],
    ),
    (
        [memoryview(_int8)[3:8], _blob1, "foo"],
        [(0, 8, "DEFGHsqu"), (8, 18, "igglefoo"), (4, 12, "Hsquiggl")],
    ),
    (
        [bytes([0, 255, 0]), Blob(["abcd"]), "efgh", "ijklmnopqrstuvwxyz"],
        [(1, 4, "\ufffd\x00a"), (4, 8, "bcde"), (8, 12, "fghi"), (1, 12, "\ufffd\x00abcdefghi")],
    ),
]  # fmt: skip

_SLICE_CASES = [
    (i, j, parts, start, end, contents)
    for i, (parts, cases) in enumerate(_SLICE_DATA)
    for j, (start, end, contents) in enumerate(cases)
]


@pytest.mark.parametrize(
    ("i", "j", "parts", "start", "end", "contents"),
    _SLICE_CASES,
    ids=[f"{c[0]},{c[1]}" for c in _SLICE_CASES],
)
async def test_slicing_test(
    i: int, j: int, parts: list[Any], start: int, end: int | None, contents: str
) -> None:
    """Blob-slice.html: Slicing test (i,j)."""
    blob = Blob(parts)
    assert not isinstance(blob, File)
    sliced = blob.slice(start) if end is None else blob.slice(start, end)
    assert await sliced.text() == contents
    assert sliced.type == ""
    assert await _read_stream(sliced) == contents.encode("utf-8") or "\ufffd" in contents


@pytest.mark.parametrize(
    "content_type", ["\xff", "te\x09xt/plain", "te\x00xt/plain", "te\x1fxt/plain", "te\x7fxt/plain"]
)
async def test_invalid_content_type(content_type: str) -> None:
    """Blob-slice.html: Invalid contentType (<type>)"""
    sliced = Blob(["PASS"]).slice(0, 4, content_type)
    assert await sliced.text() == "PASS"
    assert sliced.type == ""


@pytest.mark.parametrize(
    "content_type",
    ["te(xt/plain", "te)xt/plain", "te<xt/plain", "te>xt/plain", "te@xt/plain", "te,xt/plain",
     "te;xt/plain", "te:xt/plain", "te\\xt/plain", 'te"xt/plain', "te/xt/plain", "te[xt/plain",
     "te]xt/plain", "te?xt/plain", "te=xt/plain", "te{xt/plain", "te}xt/plain", "te\x20xt/plain",
     "TEXT/PLAIN", "text/plain;charset = UTF-8", "text/plain;charset=UTF-8"],
)  # fmt: skip
async def test_valid_content_type(content_type: str) -> None:
    """Blob-slice.html: Valid contentType (<type>)"""
    sliced = Blob(["PASS"]).slice(0, 4, content_type)
    assert await sliced.text() == "PASS"
    assert sliced.type == content_type.lower()


# --- Blob-slice-overflow.html ---------------------------------------------------------------

_TEXT = "abcdefghijklmnopqrstuvwxyz"


async def test_slice_start_is_negative_relative_start_is_0() -> None:
    """Blob-slice-overflow.html: slice start is negative, relativeStart will be max((size + start), 0)"""
    blob = Blob([_TEXT])
    sliced = blob.slice(-(len(_TEXT) + 1), 1)
    assert sliced.size == 1
    assert await sliced.text() == "a"


async def test_slice_start_is_greater_than_blob_size() -> None:
    """Blob-slice-overflow.html: slice start is greater than blob size, relativeStart will be min(start, size)"""
    sliced = Blob([_TEXT]).slice(len(_TEXT) + 1, len(_TEXT))
    assert sliced.size == 0


async def test_slice_end_is_negative() -> None:
    """Blob-slice-overflow.html: slice end is negative, relativeEnd will be max((size + end), 0)"""
    sliced = Blob([_TEXT]).slice(len(_TEXT) - 2, -(len(_TEXT) + 1))
    assert sliced.size == 0


async def test_slice_end_is_greater_than_blob_size() -> None:
    """Blob-slice-overflow.html: slice end is greater than blob size, relativeEnd will be min(end, size)"""
    sliced = Blob([_TEXT]).slice(len(_TEXT) - 2, len(_TEXT) + 999)
    assert await sliced.text() == "yz"


# --- Blob-text.any.js / Blob-array-buffer.any.js / Blob-bytes.any.js ------------------------


async def test_blob_text_returns_correct_string() -> None:
    """Blob-text.any.js: Blob.text() returns correct string"""
    assert await Blob(["HELLO"]).text() == "HELLO"


async def test_blob_text_returns_empty_string_for_empty_blob() -> None:
    """Blob-text.any.js: Blob.text() returns empty string for empty blob"""
    assert await Blob([]).text() == ""


async def test_blob_text_non_unicode() -> None:
    """Blob-text.any.js: Blob.text() non-unicode"""
    data = bytes([0xC6, 0x65])
    assert await Blob([data]).text() == "\ufffde"


async def test_blob_text_different_charset_param_in_type_option() -> None:
    """Blob-text.any.js: Blob.text() different charset param in type option"""
    blob = Blob(["HELLO"], type="text/plain;charset=utf-16le")
    assert await blob.text() == "HELLO"


async def test_blob_text_multi_element_array_in_constructor() -> None:
    """Blob-text.any.js: Blob.text() multi-element array in constructor"""
    parts = ["foo", bytes([0x62, 0x61, 0x72]), Blob(["baz"])]
    assert await Blob(parts).text() == "foobarbaz"


async def test_blob_text_concurrent_reads() -> None:
    """Blob-text.any.js: Blob.text() concurrent reads"""
    import asyncio

    blob = Blob(["PASS"])
    results = await asyncio.gather(blob.text(), blob.text(), blob.text())
    assert results == ["PASS", "PASS", "PASS"]


async def test_blob_array_buffer() -> None:
    """Blob-array-buffer.any.js: Blob.arrayBuffer()"""
    data = "hello"
    assert await Blob([data]).array_buffer() == data.encode()


async def test_blob_array_buffer_empty_blob_data() -> None:
    """Blob-array-buffer.any.js: Blob.arrayBuffer() empty Blob data"""
    assert await Blob([]).array_buffer() == b""


async def test_blob_array_buffer_non_ascii_input() -> None:
    """Blob-array-buffer.any.js: Blob.arrayBuffer() non-ascii input"""
    data = "\u08b8\u000a"
    assert await Blob([data]).array_buffer() == data.encode("utf-8")


async def test_blob_array_buffer_non_unicode_input() -> None:
    """Blob-array-buffer.any.js: Blob.arrayBuffer() non-unicode input"""
    data = bytes([8, 241, 48, 123, 151])
    assert await Blob([data]).array_buffer() == data


async def test_blob_bytes() -> None:
    """Blob-bytes.any.js: Blob.bytes()"""
    assert await Blob(["hello"]).bytes() == b"hello"


async def test_blob_bytes_empty_blob_data() -> None:
    """Blob-bytes.any.js: Blob.bytes() empty Blob data"""
    assert await Blob([]).bytes() == b""


# --- Blob-stream.any.js ---------------------------------------------------------------------


async def test_blob_stream() -> None:
    """Blob-stream.any.js: Blob.stream()"""
    assert await _read_stream(Blob(["PASS"])) == b"PASS"


async def test_blob_stream_empty_blob() -> None:
    """Blob-stream.any.js: Blob.stream() empty Blob"""
    assert await _read_stream(Blob()) == b""


async def test_blob_stream_non_unicode_input() -> None:
    """Blob-stream.any.js: Blob.stream() non-unicode input"""
    data = bytes([8, 241, 48, 123, 151])
    assert await _read_stream(Blob([data])) == data


async def test_blob_stream_garbage_collection_of_blob_shouldnt_break_stream_consumption() -> None:
    """Blob-stream.any.js: Blob.stream() garbage collection of blob shouldn't break stream consumption"""
    import gc

    stream = Blob([b"x" * 200_000]).stream()
    gc.collect()
    chunks = [bytes(chunk) async for chunk in stream]
    assert b"".join(chunks) == b"x" * 200_000


async def test_reading_blob_stream_with_byob_reader() -> None:
    """Blob-stream.any.js: Reading Blob.stream() with BYOB reader"""
    data = bytes(range(256)) * 4
    reader = Blob([data]).stream().get_reader(mode="byob")
    received = bytearray()
    while True:
        result = await reader.read(bytearray(100))
        if result.done:
            break
        received += bytes(result.value)
    assert bytes(received) == data


# --- File-constructor.any.js ----------------------------------------------------------------


def test_required_arguments() -> None:
    """File-constructor.any.js: Required arguments"""
    with pytest.raises(TypeError):
        File()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        File([])  # type: ignore[call-arg]


_FIRST_ARGUMENT = [
    ([], 0, "empty fileBits"),
    (["bits"], 4, "DOMString fileBits"),
    (["𝓽𝓮𝔁𝓽"], 16, "Unicode DOMString fileBits"),
    ([Blob()], 0, "Empty Blob fileBits"),
    ([Blob(["bits"])], 4, "Blob fileBits"),
    ([File([], "world.txt")], 0, "Empty File fileBits"),
    ([File(["bits"], "world.txt")], 4, "File fileBits"),
    ([bytes(8)], 8, "ArrayBuffer fileBits"),
    ([bytes([0x50, 0x41, 0x53, 0x53])], 4, "Typed array fileBits"),
    (
        ["bits", Blob(["bits"]), Blob(), bytes([0x50, 0x41]),
         memoryview(array.array("H", [0x5353])), memoryview(array.array("I", [0x53534150]))],
        16,
        "Various fileBits",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("bits", "size", "name"), _FIRST_ARGUMENT, ids=[c[2] for c in _FIRST_ARGUMENT]
)
def test_first_argument(bits: list[Any], size: int, name: str) -> None:
    """File-constructor.any.js: <fileBits kind>"""
    file = File(bits, "dummy")
    assert isinstance(file, File) and isinstance(file, Blob)
    assert file.name == "dummy"
    assert file.size == size
    assert file.type == ""
    assert isinstance(file.last_modified, int)


def test_custom_iterator() -> None:
    """File-constructor.any.js: Custom @@iterator"""
    assert File(iter(["ab", "cde"]), "dummy").size == 5


@pytest.mark.parametrize("bits", ["hello", 0, None])
def test_invalid_bits_argument(bits: Any) -> None:
    """File-constructor.any.js: Invalid bits argument: <arg>"""
    with pytest.raises(TypeError):
        File(bits, "world.html")


@pytest.mark.parametrize(
    ("name", "expected"), [("dummy", "dummy"), ("dummy/foo", "dummy/foo"), ("", "")]
)
def test_second_argument(name: str, expected: str) -> None:
    """File-constructor.any.js: Using fileName / No replacement when using special character in fileName / Using empty string fileName"""
    assert File(["bits"], name).name == expected


@pytest.mark.parametrize(
    ("type", "expected"),
    [
        ("text/plain", "text/plain"),
        ("TEXT/PLAIN", "text/plain"),
        ("𝓽𝓮𝔁𝓽/𝔭𝔩𝔞𝔦𝔫", ""),
        ("ascii/nonprintable\x1f", ""),
        ("ascii/nonprintable\x7f", ""),
        ("nonascii\u00ee", ""),
        ("nonascii\u1234", ""),
        ("nonparsable", "nonparsable"),
    ],
)
def test_using_type_in_file_constructor(type: str, expected: str) -> None:
    """File-constructor.any.js: Using type in File constructor: <type>"""
    assert File(["bits"], "dummy", type=type).type == expected


def test_using_last_modified() -> None:
    """File-constructor.any.js: Using lastModified"""
    assert File(["bits"], "dummy", last_modified=42).last_modified == 42


def test_unknown_properties_are_rejected_pythonically() -> None:
    """File-constructor.any.js: Unknown properties are ignored (Python: keyword arguments are checked)"""
    with pytest.raises(TypeError):
        File(["bits"], "dummy", unknown_key="value")  # type: ignore[call-arg]
