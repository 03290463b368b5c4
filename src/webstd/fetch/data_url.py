"""Fetch §6 `data:` URLs: the data: URL processor and forgiving-base64 decode.

The processor works on the URL's serialization (its step 2 serializes the URL
record anyway), so callers pass `request.url` or any other serialized `data:` URL.
"""

from __future__ import annotations

import binascii
import re
from typing import NamedTuple

from webstd.fetch.mime import MIMEType, parse_mime_type
from webstd.url.percent_encoding import percent_decode_string

__all__ = ["DataURL", "data_url_processor", "forgiving_base64_decode"]

# Infra §4.6: ASCII whitespace is U+0009 TAB, U+000A LF, U+000C FF, U+000D CR, U+0020 SPACE.
_ASCII_WHITESPACE = re.compile("[\t\n\f\r ]+")
_BASE64_ALPHABET = re.compile("[+/0-9A-Za-z]*")
# Fetch §6 step 11: ";" then zero or more U+0020 then an ASCII case-insensitive "base64", at the end.
_BASE64_SUFFIX = re.compile(";[ ]*[bB][aA][sS][eE]64$")


class DataURL(NamedTuple):
    """Fetch §6 "data: URL struct": a MIME type and a body."""

    mime_type: MIMEType
    body: bytes


def forgiving_base64_decode(data: str) -> bytes | None:
    """Infra §4.6 "forgiving-base64 decode"; `None` stands for failure."""
    # Step 1: remove all ASCII whitespace.
    data = _ASCII_WHITESPACE.sub("", data)
    # Step 2: a length that is a multiple of 4 may end with one or two "=".
    if len(data) % 4 == 0:
        if data.endswith("=="):
            data = data[:-2]
        elif data.endswith("="):
            data = data[:-1]
    # Steps 3 and 4: a remainder of 1, or a code point outside the alphabet, is failure.
    if len(data) % 4 == 1 or not _BASE64_ALPHABET.fullmatch(data):
        return None
    # Steps 5-8: decode, discarding the bits that do not fill a byte.
    padded = data + "=" * (-len(data) % 4)
    try:
        return binascii.a2b_base64(padded)
    except binascii.Error:  # pragma: no cover - the checks above rule this out
        return None


def data_url_processor(url: str) -> DataURL | None:
    """Fetch §6 "data: URL processor" on a serialized `data:` URL; `None` stands for failure."""
    # Steps 1-3: serialize with exclude fragment (the first "#" of a serialization starts
    # the fragment) and remove the leading "data:".
    if url[:5].lower() != "data:":
        raise ValueError(f"data_url_processor: {url!r} is not a data: URL")
    input_ = url.partition("#")[0][5:]
    # Steps 4-8: the MIME type is everything up to the first ",", stripped of ASCII whitespace.
    mime_type, comma, encoded_body = input_.partition(",")
    mime_type = mime_type.strip("\t\n\f\r ")
    if not comma:
        return None
    # Steps 9-10: the body is the percent-decoding of the rest.
    body = percent_decode_string(encoded_body)
    # Step 11: a ";base64" suffix asks for forgiving-base64 decoding of the body.
    suffix = _BASE64_SUFFIX.search(mime_type)
    if suffix is not None:
        decoded = forgiving_base64_decode(body.decode("latin-1"))
        if decoded is None:
            return None
        body = decoded
        mime_type = mime_type[: suffix.start()]
    # Step 12: a MIME type that starts with ";" is text/plain's parameters.
    if mime_type.startswith(";"):
        mime_type = "text/plain" + mime_type
    # Steps 13-14: parse it, falling back to text/plain;charset=US-ASCII.
    mime_type_record = parse_mime_type(mime_type)
    if mime_type_record is None:
        mime_type_record = MIMEType("text", "plain", {"charset": "US-ASCII"})
    # Step 15.
    return DataURL(mime_type_record, body)
