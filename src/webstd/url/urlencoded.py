"""URL §5 application/x-www-form-urlencoded: the parser and the serializer."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote_to_bytes

from webstd.url.percent_encoding import (
    APPLICATION_X_WWW_FORM_URLENCODED_PERCENT_ENCODE_SET,
    percent_encode,
    to_usv_string,
)

__all__ = ["parse", "serialize"]


def _decode(part: str) -> str:
    # URL §5.1 steps 3.4-3.5: "+" to space, percent-decode, UTF-8 decode without BOM.
    if "+" in part:
        part = part.replace("+", " ")
    if "%" not in part:
        return part
    return unquote_to_bytes(part.encode("utf-8")).decode("utf-8", "replace")


def parse(data: bytes | str) -> list[tuple[str, str]]:
    """URL §5.1 "application/x-www-form-urlencoded parser": name-value pairs.

    A str is parsed as its UTF-8 encoding (lone surrogates become U+FFFD first); bytes
    that are not UTF-8 decode with U+FFFD, as "UTF-8 decode without BOM" does.
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        return _parse_bytes(bytes(data))
    if not isinstance(data, str):
        raise TypeError(f"urlencoded.parse: expected str or bytes, not {type(data).__name__}")
    output: list[tuple[str, str]] = []
    for sequence in to_usv_string(data).split("&"):
        if sequence == "":
            continue
        name, equals, value = sequence.partition("=")
        output.append((_decode(name), _decode(value) if equals else ""))
    return output


def _parse_bytes(data: bytes) -> list[tuple[str, str]]:
    # URL §5.1 on bytes: split on 0x26 (&) and 0x3D (=), then decode each part.
    output: list[tuple[str, str]] = []
    for sequence in data.split(b"&"):
        if sequence == b"":
            continue
        name, equals, value = sequence.partition(b"=")
        output.append((_decode_bytes(name), _decode_bytes(value) if equals else ""))
    return output


def _decode_bytes(part: bytes) -> str:
    return unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8", "replace")


def serialize(pairs: Iterable[tuple[str, str]]) -> str:
    """URL §5.2 "application/x-www-form-urlencoded serializer" (UTF-8)."""
    encode_set = APPLICATION_X_WWW_FORM_URLENCODED_PERCENT_ENCODE_SET
    return "&".join(
        [
            percent_encode(name, encode_set, True) + "=" + percent_encode(value, encode_set, True)
            for name, value in pairs
        ]
    )
