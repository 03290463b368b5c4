"""URL §3 hosts: the host parser, IPv4 and IPv6 addresses, opaque hosts, domain to ASCII.

Domain to ASCII is UTS 46 ToASCII with the URL Standard's options (CheckHyphens false,
CheckBidi true, CheckJoiners true, UseSTD3ASCIIRules false, Transitional_Processing false,
VerifyDnsLength false). It is written here on top of the `idna` package's UTS 46 mapping
table and joining-type data rather than `idna.encode()`, whose IDNA 2008 checks are
stricter than the URL Standard. Punycode is Python's "punycode" codec.

Hosts are returned already serialized (URL §3.6 host serializer): "[::1]", "127.0.0.1",
"example.com", an opaque host, or "" for the empty host.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from idna import idnadata, uts46data

from webstd.url import _unicode_supplement as _newer
from webstd.url.percent_encoding import (
    C0_CONTROL_PERCENT_ENCODE_SET,
    percent_decode_string,
    percent_encode,
)

__all__ = [
    "domain_to_ascii",
    "ends_in_a_number",
    "parse_host",
    "parse_ipv4",
    "parse_ipv6",
    "parse_opaque_host",
    "serialize_ipv4",
    "serialize_ipv6",
]

# URL §3.2: "A forbidden host code point is U+0000 NULL, U+0009 TAB, U+000A LF, U+000D CR,
# U+0020 SPACE, U+0023 (#), U+002F (/), U+003A (:), U+003C (<), U+003E (>), U+003F (?),
# U+0040 (@), U+005B ([), U+005C (\), U+005D (]), U+005E (^), or U+007C (|)."
_FORBIDDEN_HOST = re.compile(r"[\x00\t\n\r #/:<>?@\[\\\]^|]")
# URL §3.2: "A forbidden domain code point is a forbidden host code point, a C0 control,
# U+0025 (%), or U+007F DELETE."
_FORBIDDEN_DOMAIN = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
_ASCII_DIGITS = re.compile(r"[0-9]+")


# ---------------------------------------------------------------------------------------
# URL §3.5 host parsing


def parse_host(input: str, is_opaque: bool = False) -> str | None:
    """URL §3.5 "host parser": the serialized host, or None for failure."""
    if input.startswith("["):
        if not input.endswith("]"):
            return None
        pieces = parse_ipv6(input[1:-1])
        return None if pieces is None else "[" + serialize_ipv6(pieces) + "]"
    if is_opaque:
        return parse_opaque_host(input)
    # URL §3.5 step 4: "UTF-8 decode without BOM" of the percent-decoding of input.
    domain = input if "%" not in input else percent_decode_string(input).decode("utf-8", "replace")
    ascii_domain = domain_to_ascii(domain)
    if ascii_domain is None:
        return None
    if ends_in_a_number(ascii_domain):
        address = parse_ipv4(ascii_domain)
        return None if address is None else serialize_ipv4(address)
    return ascii_domain


def parse_opaque_host(input: str) -> str | None:
    """URL §3.5 "opaque-host parser"."""
    if _FORBIDDEN_HOST.search(input) is not None:
        return None
    return percent_encode(input, C0_CONTROL_PERCENT_ENCODE_SET)


def ends_in_a_number(input: str) -> bool:
    """URL §3.5 "ends in a number checker"."""
    parts = input.split(".")
    if parts[-1] == "":
        if len(parts) == 1:
            return False
        parts.pop()
    last = parts[-1]
    if last != "" and _ASCII_DIGITS.fullmatch(last) is not None:
        return True
    return _parse_ipv4_number(last) is not None


def parse_ipv4(input: str) -> int | None:
    """URL §3.5 "IPv4 parser": the address as a 32-bit integer, or None for failure."""
    parts = input.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4:
        return None
    numbers: list[int] = []
    for part in parts:
        number = _parse_ipv4_number(part)
        if number is None:
            return None
        numbers.append(number)
    if any(n > 255 for n in numbers[:-1]):
        return None
    if numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    ipv4 = numbers[-1]
    for counter, n in enumerate(numbers[:-1]):
        ipv4 += n * 256 ** (3 - counter)
    return ipv4


_RADIX_DIGITS = {
    10: re.compile(r"[0-9]*"),
    16: re.compile(r"[0-9A-Fa-f]*"),
    8: re.compile(r"[0-7]*"),
}


def _parse_ipv4_number(input: str) -> int | None:
    # URL §3.5 "IPv4 number parser" (the validation-error flag is not needed).
    if input == "":
        return None
    radix = 10
    if len(input) >= 2 and input[:2] in ("0x", "0X"):
        input = input[2:]
        radix = 16
    elif len(input) >= 2 and input[0] == "0":
        input = input[1:]
        radix = 8
    if input == "":
        return 0
    if _RADIX_DIGITS[radix].fullmatch(input) is None:
        return None
    if len(input.lstrip("0")) > 12:
        # At least 8**12 = 2**36: too big for any IPv4 part, and int() caps digit counts.
        return _TOO_BIG_FOR_IPV4
    return int(input, radix)


_TOO_BIG_FOR_IPV4 = 1 << 40


def serialize_ipv4(address: int) -> str:
    """URL §3.6 host serializer for an IPv4 address: four dotted decimal numbers."""
    return ".".join(str((address >> shift) & 0xFF) for shift in (24, 16, 8, 0))


def parse_ipv6(input: str) -> list[int] | None:
    """URL §3.5 "IPv6 parser": eight 16-bit pieces, or None for failure."""
    address = [0] * 8
    piece_index = 0
    compress: int | None = None
    pointer = 0
    length = len(input)

    def c_at(i: int) -> str:
        return input[i] if i < length else ""

    if c_at(0) == ":":
        if c_at(1) != ":":
            return None
        pointer = 2
        piece_index = 1
        compress = 1
    while pointer < length:
        if piece_index == 8:
            return None
        if input[pointer] == ":":
            if compress is not None:
                return None
            pointer += 1
            piece_index += 1
            compress = piece_index
            continue
        value = 0
        count = 0
        while count < 4 and c_at(pointer) in _HEX_DIGITS:
            value = value * 0x10 + int(input[pointer], 16)
            pointer += 1
            count += 1
        c = c_at(pointer)
        if c == ".":
            if count == 0:
                return None
            pointer -= count
            if piece_index > 6:
                return None
            numbers_seen = 0
            while pointer < length:
                ipv4_piece: int | None = None
                if numbers_seen > 0:
                    if input[pointer] == "." and numbers_seen < 4:
                        pointer += 1
                    else:
                        return None
                if c_at(pointer) not in _DECIMAL_DIGITS:
                    return None
                while c_at(pointer) in _DECIMAL_DIGITS:
                    number = int(input[pointer])
                    if ipv4_piece is None:
                        ipv4_piece = number
                    elif ipv4_piece == 0:
                        return None
                    else:
                        ipv4_piece = ipv4_piece * 10 + number
                    if ipv4_piece > 255:
                        return None
                    pointer += 1
                assert ipv4_piece is not None
                address[piece_index] = address[piece_index] * 0x100 + ipv4_piece
                numbers_seen += 1
                if numbers_seen in (2, 4):
                    piece_index += 1
            if numbers_seen != 4:
                return None
            break
        if c == ":":
            pointer += 1
            if pointer >= length:
                return None
        elif c != "":
            return None
        address[piece_index] = value
        piece_index += 1
    if compress is not None:
        swaps = piece_index - compress
        piece_index = 7
        while piece_index != 0 and swaps > 0:
            source = compress + swaps - 1
            address[piece_index], address[source] = address[source], address[piece_index]
            piece_index -= 1
            swaps -= 1
    elif piece_index != 8:
        return None
    return address


_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_DECIMAL_DIGITS = frozenset("0123456789")


def serialize_ipv6(address: Sequence[int]) -> str:
    """URL §3.6 host serializer for an IPv6 address (without the brackets)."""
    # Find the first longest run of two or more zero pieces to compress.
    compress = -1
    best = 1
    i = 0
    while i < 8:
        if address[i] == 0:
            j = i
            while j < 8 and address[j] == 0:
                j += 1
            if j - i > best:
                best = j - i
                compress = i
            i = j
        else:
            i += 1
    output = ""
    ignore0 = False
    for piece_index in range(8):
        if ignore0 and address[piece_index] == 0:
            continue
        ignore0 = False
        if compress == piece_index:
            output += "::" if piece_index == 0 else ":"
            ignore0 = True
            continue
        output += f"{address[piece_index]:x}"
        if piece_index != 7:
            output += ":"
    return output


# ---------------------------------------------------------------------------------------
# URL §3.3 IDNA: domain to ASCII, UTS 46 ToASCII on idna's tables

_VALID, _MAPPED, _DEVIATION, _IGNORED, _DISALLOWED = "V", "M", "D", "I", "X"


class _MappingTable:
    """UTS 46 §5 IDNA mapping table, read from either layout of `idna.uts46data`."""

    def __init__(self) -> None:
        starts: Any = getattr(uts46data, "uts46_starts", None)
        if starts is not None:
            # idna >= 3.11: parallel arrays of range starts, status bytes, replacements.
            self.starts: Sequence[int] = starts
            self.statuses = bytes(uts46data.uts46_statuses).decode("ascii")
            self.replacements: Sequence[str | None] = uts46data.uts46_replacements
            return
        rows: Sequence[tuple[Any, ...]] = getattr(uts46data, "uts46data")  # noqa: B009
        statuses: list[str] = []
        replacements: list[str | None] = []
        for row in rows:
            status = row[1]
            replacement = row[2] if len(row) > 2 else None
            if status == "3":
                # disallowed_STD3_valid / _mapped: UseSTD3ASCIIRules is false for URLs.
                status = _MAPPED if replacement is not None else _VALID
            statuses.append(status)
            replacements.append(replacement)
        self.starts = [row[0] for row in rows]
        self.statuses = "".join(statuses)
        self.replacements = replacements

    def lookup(self, code_point: int) -> tuple[str, str | None]:
        index = bisect_right(self.starts, code_point) - 1
        return self.statuses[index], self.replacements[index]


_table: _MappingTable | None = None


def _mapping_table() -> _MappingTable:
    global _table
    if _table is None:
        _table = _MappingTable()
    return _table


def domain_to_ascii(domain: str, be_strict: bool = False) -> str | None:
    """URL §3.3 "domain to ASCII" (beStrict false): UTS 46 ToASCII, None for failure."""
    del be_strict  # URLs always use beStrict = false.
    if domain.isascii():
        # An ASCII domain is only ASCII-lowercased: its labels, "xn--" ones included, are
        # not Punycode-validated (WPT toascii.json: "xn--a" -> "xn--a").
        result: str | None = domain.lower()
    else:
        result = _uts46_to_ascii(domain)
    if result is None or result == "":
        return None
    if _FORBIDDEN_DOMAIN.search(result) is not None:
        return None
    return result


def _uts46_to_ascii(domain: str) -> str | None:
    # UTS 46 §4.2 ToASCII: process, then punycode-encode each non-ASCII label.
    labels = _uts46_process(domain)
    if labels is None:
        return None
    output = []
    for label in labels:
        if label.isascii():
            output.append(label)
        else:
            output.append("xn--" + label.encode("punycode").decode("ascii"))
    return ".".join(output)


def _uts46_process(domain: str) -> list[str] | None:
    # UTS 46 §4 Processing, steps 1-4 (Map, Normalize, Break, Convert/Validate).
    table = _mapping_table()
    mapped: list[str] = []
    for char in domain:
        if "a" <= char <= "z" or "0" <= char <= "9" or char in "-.":
            mapped.append(char)
            continue
        status, replacement = table.lookup(ord(char))
        if status in (_VALID, _DEVIATION):
            mapped.append(char)
        elif status == _MAPPED:
            mapped.append(replacement or "")
        elif status == _IGNORED:
            continue
        else:
            return None
    normalized = _nfc("".join(mapped))
    labels = normalized.split(".")
    for index, label in enumerate(labels):
        if label[:4].lower() == "xn--":
            decoded = _punycode_decode(label)
            if decoded is None:
                return None
            if not _valid_label(decoded, from_punycode=True):
                return None
            labels[index] = decoded
        elif not _valid_label(label, from_punycode=False):
            return None
    if not _check_bidi_domain(labels):
        return None
    return labels


# UTS 46 uses one version of Unicode: that of the `idna` mapping table. Python's own
# `unicodedata` may be older (Unicode 13.0 in Python 3.10), so the properties of code
# points it does not know come from `_unicode_supplement`, generated from the newer UCD.
_NEWER_BIDI_STARTS = [start for start, _, _ in _newer.BIDI_RANGES]
_NEWER_MARK_STARTS = [start for start, _ in _newer.MARK_RANGES]
# code points whose NFC needs the newer data: a combining class, a decomposition, or a
# first character of one (a composite's other characters are then in the string too)
_NFC_NEWER = frozenset(
    [*_newer.COMBINING_CLASSES, *_newer.DECOMPOSITIONS]
    + [first for first, _ in _newer.COMPOSITIONS]
)


def _bidi_class(char: str) -> str:
    # UAX #9 Bidi_Class, "" for an unassigned code point
    found = unicodedata.bidirectional(char)
    if found:
        return found
    index = bisect_right(_NEWER_BIDI_STARTS, ord(char)) - 1
    if index >= 0 and ord(char) <= _newer.BIDI_RANGES[index][1]:
        return _newer.BIDI_RANGES[index][2]
    return ""


def _is_mark(char: str) -> bool:
    # General_Category M (Mn, Mc, Me)
    if unicodedata.category(char).startswith("M"):
        return True
    index = bisect_right(_NEWER_MARK_STARTS, ord(char)) - 1
    return index >= 0 and ord(char) <= _newer.MARK_RANGES[index][1]


def _combining_class(char: str) -> int:
    # Canonical_Combining_Class
    return _newer.COMBINING_CLASSES.get(ord(char)) or unicodedata.combining(char)


def _nfc(text: str) -> str:
    # UAX #15 Normalization Form C, with the newer data where `unicodedata` lacks it.
    if not any(ord(char) in _NFC_NEWER for char in text):
        return unicodedata.normalize("NFC", text)
    return _nfc_with_newer_data(text)


def _nfc_with_newer_data(text: str) -> str:
    # UAX #15 §3.11 (decomposition, canonical ordering, composition), step by step
    # canonical decomposition
    decomposed: list[str] = []
    pending = list(reversed(text))
    while pending:
        char = pending.pop()
        mapping = _newer.DECOMPOSITIONS.get(ord(char))
        if mapping is not None:
            pending.extend(chr(code_point) for code_point in reversed(mapping))
        else:
            decomposed.extend(unicodedata.normalize("NFD", char))
    # canonical ordering: a stable sort of each run of non-starters by combining class
    index = 0
    while index < len(decomposed):
        if _combining_class(decomposed[index]) == 0:
            index += 1
            continue
        end = index
        while end < len(decomposed) and _combining_class(decomposed[end]) != 0:
            end += 1
        decomposed[index:end] = sorted(decomposed[index:end], key=_combining_class)
        index = end
    # canonical composition
    output: list[str] = []
    starter = -1
    last_class = 0
    for char in decomposed:
        char_class = _combining_class(char)
        blocked = len(output) - 1 != starter and (last_class == 0 or last_class >= char_class)
        if starter >= 0 and not blocked:
            composite = _compose(output[starter], char)
            if composite is not None:
                output[starter] = composite
                continue
        if char_class == 0:
            starter = len(output)
        last_class = char_class
        output.append(char)
    return "".join(output)


def _compose(first: str, second: str) -> str | None:
    # the primary composite of two characters, if any
    composite = _newer.COMPOSITIONS.get((ord(first), ord(second)))
    if composite is not None:
        return chr(composite)
    pair = unicodedata.normalize("NFC", first + second)
    return pair if len(pair) == 1 else None


def _punycode_decode(label: str) -> str | None:
    # UTS 46 §4 step 4.1: non-ASCII, undecodable, empty or all-ASCII results are errors.
    if not label.isascii():
        return None
    body = label[4:]
    if body == "":
        return None
    try:
        decoded = body.encode("ascii").decode("punycode")
    except (UnicodeError, ValueError, OverflowError, IndexError):
        return None
    if decoded == "" or decoded.isascii():
        return None
    return decoded


def _valid_label(label: str, from_punycode: bool) -> bool:
    # UTS 46 §4.1 Validity Criteria with CheckHyphens false and CheckJoiners true.
    if label == "":
        return True
    if from_punycode:
        if _nfc(label) != label:
            return False
        if label[:4].lower() == "xn--":
            return False
        table = _mapping_table()
        for char in label:
            if char == ".":
                return False
            status, _ = table.lookup(ord(char))
            if status != _VALID and status != _DEVIATION:
                return False
    if label.isascii():
        return True
    if _is_mark(label[0]):
        return False
    if "\u200c" in label or "\u200d" in label:
        return all(
            _valid_contextj(label, i) for i, char in enumerate(label) if char in "\u200c\u200d"
        )
    return True


_VIRAMA_COMBINING_CLASS = 9


def _joining_type(code_point: int) -> str | None:
    # RFC 5892 joining types from idna.idnadata, in any of its layouts: a dict (or, in
    # idna 3.7-3.10, a cached function returning a dict) {code point: ord(type)}, or
    # (idna >= 3.11) {type: intranges}.
    joining_types: Any = idnadata.joining_types
    if callable(joining_types):
        joining_types = joining_types()
    value = joining_types.get(code_point)
    if value is not None:
        return chr(value) if isinstance(value, int) else str(value)
    for joining_type, ranges in joining_types.items():
        if isinstance(joining_type, str) and _in_ranges(code_point, ranges):
            return joining_type
    return None


def _in_ranges(code_point: int, ranges: Sequence[int]) -> bool:
    # idna.intranges encoding: each item is (start << 32) | end, sorted, end exclusive.
    index = bisect_right(ranges, (code_point << 32) | 0xFFFFFFFF) - 1
    if index < 0:
        return False
    item = ranges[index]
    return (item >> 32) <= code_point < (item & 0xFFFFFFFF)


def _valid_contextj(label: str, pos: int) -> bool:
    # RFC 5892 Appendix A.1 (ZERO WIDTH NON-JOINER) and A.2 (ZERO WIDTH JOINER).
    if pos > 0 and _combining_class(label[pos - 1]) == _VIRAMA_COMBINING_CLASS:
        return True
    if label[pos] == "\u200d":
        return False
    before = False
    for i in range(pos - 1, -1, -1):
        joining_type = _joining_type(ord(label[i]))
        if joining_type == "T":
            continue
        before = joining_type in ("L", "D")
        break
    if not before:
        return False
    for i in range(pos + 1, len(label)):
        joining_type = _joining_type(ord(label[i]))
        if joining_type == "T":
            continue
        return joining_type in ("R", "D")
    return False


_RTL = frozenset({"R", "AL", "AN"})
_RTL_ALLOWED = frozenset({"R", "AL", "AN", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"})
_RTL_ENDING = frozenset({"R", "AL", "EN", "AN"})
_LTR_ALLOWED = frozenset({"L", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"})
_LTR_ENDING = frozenset({"L", "EN"})


def _check_bidi_domain(labels: list[str]) -> bool:
    # UTS 46 §4.1 criterion 8 (CheckBidi): in a Bidi domain name, every label satisfies
    # the Bidi Rule of RFC 5893 §2.
    if all(label.isascii() for label in labels):
        return True
    is_bidi_domain = any(_bidi_class(char) in _RTL for label in labels for char in label)
    if not is_bidi_domain:
        return True
    return all(_satisfies_bidi_rule(label) for label in labels if label != "")


def _satisfies_bidi_rule(label: str) -> bool:
    # RFC 5893 §2, conditions 1 to 6.
    directions = [_bidi_class(char) for char in label]
    first = directions[0]
    if first in ("R", "AL"):
        if any(d not in _RTL_ALLOWED for d in directions):
            return False
        trimmed = [d for d in directions if d != "NSM"]
        if not trimmed or trimmed[-1] not in _RTL_ENDING:
            return False
        return not ("EN" in directions and "AN" in directions)
    if first == "L":
        if any(d not in _LTR_ALLOWED for d in directions):
            return False
        trimmed = [d for d in directions if d != "NSM"]
        return bool(trimmed) and trimmed[-1] in _LTR_ENDING
    return False
