"""MIME types as the MIME Sniffing Standard parses and serializes them.

Fetch reads a body's MIME type from the `Content-Type` header with "extract a
MIME type" (Fetch §3.1.7), which rests on "parse a MIME type" (MIME Sniffing
§4.4) and "get, decode, and split" (Fetch §2.2.2). They live here, apart from
the body code, so the multipart parser can use them for its parts too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "MIMEType",
    "extract_mime_type",
    "get_decode_split",
    "parse_mime_type",
]

# Fetch §2.2 HTTP whitespace / HTTP tab or space.
_HTTP_WHITESPACE = "\t\n\r "
_HTTP_TAB_OR_SPACE = "\t "
# Fetch §2.2 / MIME Sniffing §2: HTTP token code points and HTTP quoted-string
# token code points (U+0009, U+0020-U+007E, U+0080-U+00FF).
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_QUOTED_STRING_TOKEN = re.compile(r"[\t\x20-\x7e\x80-\xff]*")


@dataclass
class MIMEType:
    """A MIME type record (MIME Sniffing §4.1): type, subtype and ordered parameters."""

    type: str
    subtype: str
    parameters: dict[str, str] = field(default_factory=dict)

    @property
    def essence(self) -> str:
        """`type/subtype`, without parameters."""
        return f"{self.type}/{self.subtype}"

    def __str__(self) -> str:
        return serialize_mime_type(self)


def _collect_quoted_string(text: str, position: int, extract_value: bool) -> tuple[str, int]:
    """Fetch §2.2 "collect an HTTP quoted string"; returns (result, new position)."""
    start = position
    value = []
    assert text[position] == '"'
    position += 1
    length = len(text)
    while True:
        end = position
        while end < length and text[end] not in '"\\':
            end += 1
        value.append(text[position:end])
        position = end
        if position >= length:
            break
        quote_or_backslash = text[position]
        position += 1
        if quote_or_backslash == "\\":
            if position >= length:
                value.append("\\")
                break
            value.append(text[position])
            position += 1
        else:
            break
    if extract_value:
        return "".join(value), position
    return text[start:position], position


def parse_mime_type(text: str) -> MIMEType | None:
    """MIME Sniffing §4.4 "parse a MIME type"; `None` stands for failure."""
    text = text.strip(_HTTP_WHITESPACE)
    slash = text.find("/")
    if slash <= 0:
        return None
    type_ = text[:slash]
    if not _TOKEN.fullmatch(type_):
        return None
    semicolon = text.find(";", slash + 1)
    end = len(text) if semicolon < 0 else semicolon
    subtype = text[slash + 1 : end].rstrip(_HTTP_WHITESPACE)
    if not subtype or not _TOKEN.fullmatch(subtype):
        return None
    mime_type = MIMEType(type_.lower(), subtype.lower())
    position = end
    length = len(text)
    parameters = mime_type.parameters
    while position < length:
        position += 1  # skip the ";"
        while position < length and text[position] in _HTTP_WHITESPACE:
            position += 1
        name_end = position
        while name_end < length and text[name_end] not in ";=":
            name_end += 1
        name = text[position:name_end].lower()
        position = name_end
        if position < length:
            if text[position] == ";":
                continue
            position += 1  # skip the "="
        if position >= length:
            break
        if text[position] == '"':
            value, position = _collect_quoted_string(text, position, extract_value=True)
            next_semicolon = text.find(";", position)
            position = length if next_semicolon < 0 else next_semicolon
        else:
            next_semicolon = text.find(";", position)
            value_end = length if next_semicolon < 0 else next_semicolon
            value = text[position:value_end].rstrip(_HTTP_WHITESPACE)
            position = value_end
            if not value:
                continue
        if (
            name
            and _TOKEN.fullmatch(name)
            and _QUOTED_STRING_TOKEN.fullmatch(value)
            and name not in parameters
        ):
            parameters[name] = value
    return mime_type


def serialize_mime_type(mime_type: MIMEType) -> str:
    """MIME Sniffing §4.5 "serialize a MIME type"."""
    parts = [mime_type.essence]
    for name, value in mime_type.parameters.items():
        if not value or not _TOKEN.fullmatch(value):
            value = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        parts.append(f";{name}={value}")
    return "".join(parts)


def get_decode_split(value: str) -> list[str]:
    """Fetch §2.2.2 "get, decode, and split" of one (combined) header value."""
    values: list[str] = []
    temporary: list[str] = []
    position = 0
    length = len(value)
    while True:
        end = position
        while end < length and value[end] not in '",':
            end += 1
        temporary.append(value[position:end])
        position = end
        if position < length and value[position] == '"':
            quoted, position = _collect_quoted_string(value, position, extract_value=False)
            temporary.append(quoted)
            if position < length:
                continue
        values.append("".join(temporary).strip(_HTTP_TAB_OR_SPACE))
        temporary = []
        if position >= length:
            return values
        position += 1  # skip the ","


def extract_mime_type(content_type: str | None) -> MIMEType | None:
    """Fetch §3.1.7 "extract a MIME type" from a combined `Content-Type` value."""
    if content_type is None:
        return None
    charset: str | None = None
    essence: str | None = None
    mime_type: MIMEType | None = None
    for value in get_decode_split(content_type):
        temporary = parse_mime_type(value)
        if temporary is None or temporary.essence == "*/*":
            continue
        mime_type = temporary
        if mime_type.essence != essence:
            charset = mime_type.parameters.get("charset")
            essence = mime_type.essence
        elif "charset" not in mime_type.parameters and charset is not None:
            mime_type.parameters["charset"] = charset
    return mime_type
