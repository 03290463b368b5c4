"""URL §1.3 percent-encoded bytes: the percent-encode sets, percent-encode and percent-decode.

A percent-encode set is a frozenset of the ASCII code points it holds; every code point
above U+007E is in every set (URL §1.3 "C0 control percent-encode set"), so the sets only
list ASCII. Encoding is table-driven: one precompiled regex per set finds the code points
that need encoding, so strings that need none are returned as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

__all__ = [
    "APPLICATION_X_WWW_FORM_URLENCODED_PERCENT_ENCODE_SET",
    "C0_CONTROL_PERCENT_ENCODE_SET",
    "COMPONENT_PERCENT_ENCODE_SET",
    "FRAGMENT_PERCENT_ENCODE_SET",
    "PATH_PERCENT_ENCODE_SET",
    "QUERY_PERCENT_ENCODE_SET",
    "SPECIAL_QUERY_PERCENT_ENCODE_SET",
    "USERINFO_PERCENT_ENCODE_SET",
    "PercentEncodeSet",
    "percent_decode",
    "percent_decode_string",
    "percent_encode",
    "to_usv_string",
]

PercentEncodeSet = frozenset[str]

# URL §1.3: "The C0 control percent-encode set are the C0 controls and all code points
# greater than U+007E (~)."  (U+007F is included: it is greater than U+007E.)
C0_CONTROL_PERCENT_ENCODE_SET: PercentEncodeSet = frozenset(chr(c) for c in range(0x20)) | {"\x7f"}
# URL §1.3: fragment set = C0 control set and SPACE, ", <, >, `.
FRAGMENT_PERCENT_ENCODE_SET: PercentEncodeSet = C0_CONTROL_PERCENT_ENCODE_SET | set(' "<>`')
# URL §1.3: query set = C0 control set and SPACE, ", #, <, >.
QUERY_PERCENT_ENCODE_SET: PercentEncodeSet = C0_CONTROL_PERCENT_ENCODE_SET | set(' "#<>')
# URL §1.3: special-query set = query set and '.
SPECIAL_QUERY_PERCENT_ENCODE_SET: PercentEncodeSet = QUERY_PERCENT_ENCODE_SET | {"'"}
# URL §1.3: path set = query set and ?, ^, `, {, }.
PATH_PERCENT_ENCODE_SET: PercentEncodeSet = QUERY_PERCENT_ENCODE_SET | set("?^`{}")
# URL §1.3: userinfo set = path set and /, :, ;, =, @, [ to ^, |.
USERINFO_PERCENT_ENCODE_SET: PercentEncodeSet = PATH_PERCENT_ENCODE_SET | set("/:;=@[\\]^|")
# URL §1.3: component set = userinfo set and $ to &, +, ,.
COMPONENT_PERCENT_ENCODE_SET: PercentEncodeSet = USERINFO_PERCENT_ENCODE_SET | set("$%&+,")
# URL §1.3: application/x-www-form-urlencoded set = component set and !, ' to ), ~.
APPLICATION_X_WWW_FORM_URLENCODED_PERCENT_ENCODE_SET: PercentEncodeSet = (
    COMPONENT_PERCENT_ENCODE_SET | set("!'()~")
)

_Encoder = tuple["re.Pattern[str]", Callable[["re.Match[str]"], str]]
_encoders: dict[tuple[PercentEncodeSet, bool], _Encoder] = {}

_SURROGATE = re.compile("[\ud800-\udfff]")


def _percent_encode_bytes(data: bytes) -> str:
    # URL §1.3 "percent-encode" a byte: "%" and two ASCII upper hex digits.
    return "".join([f"%{b:02X}" for b in data])


def _encoder(encode_set: PercentEncodeSet, space_as_plus: bool) -> _Encoder:
    key = (encode_set, space_as_plus)
    found = _encoders.get(key)
    if found is not None:
        return found
    ascii_chars = "".join(sorted(encode_set))
    pattern = re.compile("[" + re.escape(ascii_chars) + "\x80-\U0010ffff]+")

    def replace(match: re.Match[str]) -> str:
        text = match.group()
        if space_as_plus and " " in text:
            return "+".join(replace_run(part) for part in text.split(" "))
        return replace_run(text)

    def replace_run(text: str) -> str:
        # UTF-8 of a USVString: a lone surrogate (from a caller that skipped the Web IDL
        # conversion) encodes as U+FFFD would.
        return _percent_encode_bytes(to_usv_string(text).encode("utf-8"))

    found = (pattern, replace)
    _encoders[key] = found
    return found


def percent_encode(s: str, encode_set: PercentEncodeSet, space_as_plus: bool = False) -> str:
    """URL §1.3 "UTF-8 percent-encode" `s` using `encode_set` (spaces as "+" if asked)."""
    pattern, replace = _encoder(encode_set, space_as_plus)
    if pattern.search(s) is None:
        return s
    return pattern.sub(replace, s)


def percent_decode(b: bytes) -> bytes:
    """URL §1.3 "percent-decode" a byte sequence (a "%" not followed by two hex digits stays)."""
    if b"%" not in b:
        return b
    return unquote_to_bytes(b)


def percent_decode_string(s: str) -> bytes:
    """URL §1.3 "percent-decode" a string: percent-decode its UTF-8 encoding."""
    return percent_decode(s.encode("utf-8", "surrogatepass"))


def to_usv_string(s: str) -> str:
    """Web IDL USVString conversion: surrogate pairs join, lone surrogates become U+FFFD."""
    if _SURROGATE.search(s) is None:
        return s
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
