"""MIME Sniffing §4.4 parse / §4.5 serialize and Fetch's "extract a MIME type"."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webstd.fetch.mime import extract_mime_type, get_decode_split, parse_mime_type


@pytest.mark.parametrize(
    ("given_", "expected"),
    [
        ("text/html", "text/html"),
        ("TEXT/HTML;CHARSET=GBK", "text/html;charset=GBK"),
        (" text/html ; charset = gbk", "text/html"),
        ("text/html;charset=gbk;charset=utf-8", "text/html;charset=gbk"),
        ('text/html;charset="gbk"', "text/html;charset=gbk"),
        ('text/html;charset="g\\"bk"', 'text/html;charset="g\\"bk"'),
        ('text/html;charset="gbk', "text/html;charset=gbk"),
        ("text/html;charset=", "text/html"),
        ("text/html;;;x=y", "text/html;x=y"),
        ('text/html;x=""', 'text/html;x=""'),
        ('text/html;x="a b"', 'text/html;x="a b"'),
        ("text/html;x=é", 'text/html;x="é"'),
        ("a/b;c", "a/b"),
    ],
)
def test_parse_and_serialize_a_mime_type(given_: str, expected: str) -> None:
    mime_type = parse_mime_type(given_)
    assert mime_type is not None
    assert str(mime_type) == expected


@pytest.mark.parametrize(
    "invalid",
    ["", "text", "text/", "/html", "te xt/html", "text/ht ml", "text/html\x00", "ŧ/x", "*"],
)
def test_parse_a_mime_type_failure(invalid: str) -> None:
    assert parse_mime_type(invalid) is None


def test_essence() -> None:
    mime_type = parse_mime_type("Multipart/Form-Data; boundary=X")
    assert mime_type is not None
    assert mime_type.essence == "multipart/form-data"
    assert mime_type.parameters == {"boundary": "X"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", [""]),
        ("a, b", ["a", "b"]),
        ('text/html;x="a,b", text/plain', ['text/html;x="a,b"', "text/plain"]),
        ('"a', ['"a']),
        (" a ,, b", ["a", "", "b"]),
    ],
)
def test_get_decode_split(value: str, expected: list[str]) -> None:
    assert get_decode_split(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("text/plain;charset=gbk, text/html", "text/html"),
        ("text/html;charset=gbk, text/html", "text/html;charset=gbk"),
        ("text/html;charset=gbk, text/html;x=y", "text/html;x=y;charset=gbk"),
        ("text/html, */*", "text/html"),
        ("text/html, bogus", "text/html"),
    ],
)
def test_extract_a_mime_type(value: str | None, expected: str | None) -> None:
    mime_type = extract_mime_type(value)
    assert (None if mime_type is None else str(mime_type)) == expected


@given(st.text(alphabet='ab/;=" \t\\,xy*é', max_size=30))
def test_serialized_mime_types_parse_back_to_themselves(text: str) -> None:
    mime_type = parse_mime_type(text)
    if mime_type is not None:
        serialized = str(mime_type)
        again = parse_mime_type(serialized)
        assert again is not None
        assert str(again) == serialized
