"""Encoding Standard: TextEncoder, TextDecoder and the encodings they use.

Decoding rides on CPython's codecs where they agree with the standard, which
is checked by the tests (WPT and a differential test against Node):

- UTF-8: `codecs.utf_8_decode(data, errors, final)` replaces each maximal
  subpart of an ill-formed sequence with one U+FFFD, exactly as the standard's
  UTF-8 decoder does (Encoding §8.1.1), and with `final=False` it stops before
  an incomplete trailing sequence, which we keep for the next call.
- UTF-16LE/BE: `codecs.utf_16_{le,be}_decode` likewise (Encoding §14.2).
- Legacy single-byte encodings: a 256-entry table built from the CPython codec
  of the same name, patched where the standard's index differs (Encoding §9).

Multi-byte legacy encodings (gbk, gb18030, big5, euc-jp, iso-2022-jp,
shift_jis, euc-kr) are recognised as labels but not decoded: `TextDecoder`
raises `ValueError` for them, as for any unsupported encoding.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import Any, TypedDict

from typing_extensions import Buffer

__all__ = [
    "TextDecoder",
    "TextEncoder",
    "as_buffer",
    "encode_utf8",
    "get_encoding",
    "to_usv_string",
]

# Encoding §4.2 Names and labels: label -> encoding name.
_ENCODINGS: dict[str, tuple[str, ...]] = {
    "utf-8": (
        "unicode-1-1-utf-8",
        "unicode11utf8",
        "unicode20utf8",
        "utf-8",
        "utf8",
        "x-unicode20utf8",
    ),
    "ibm866": ("866", "cp866", "csibm866", "ibm866"),
    "iso-8859-2": (
        "csisolatin2",
        "iso-8859-2",
        "iso-ir-101",
        "iso8859-2",
        "iso88592",
        "iso_8859-2",
        "iso_8859-2:1987",
        "l2",
        "latin2",
    ),
    "iso-8859-3": (
        "csisolatin3",
        "iso-8859-3",
        "iso-ir-109",
        "iso8859-3",
        "iso88593",
        "iso_8859-3",
        "iso_8859-3:1988",
        "l3",
        "latin3",
    ),
    "iso-8859-4": (
        "csisolatin4",
        "iso-8859-4",
        "iso-ir-110",
        "iso8859-4",
        "iso88594",
        "iso_8859-4",
        "iso_8859-4:1988",
        "l4",
        "latin4",
    ),
    "iso-8859-5": (
        "csisolatincyrillic",
        "cyrillic",
        "iso-8859-5",
        "iso-ir-144",
        "iso8859-5",
        "iso88595",
        "iso_8859-5",
        "iso_8859-5:1988",
    ),
    "iso-8859-6": (
        "arabic",
        "asmo-708",
        "csiso88596e",
        "csiso88596i",
        "csisolatinarabic",
        "ecma-114",
        "iso-8859-6",
        "iso-8859-6-e",
        "iso-8859-6-i",
        "iso-ir-127",
        "iso8859-6",
        "iso88596",
        "iso_8859-6",
        "iso_8859-6:1987",
    ),
    "iso-8859-7": (
        "csisolatingreek",
        "ecma-118",
        "elot_928",
        "greek",
        "greek8",
        "iso-8859-7",
        "iso-ir-126",
        "iso8859-7",
        "iso88597",
        "iso_8859-7",
        "iso_8859-7:1987",
        "sun_eu_greek",
    ),
    "iso-8859-8": (
        "csiso88598e",
        "csisolatinhebrew",
        "hebrew",
        "iso-8859-8",
        "iso-8859-8-e",
        "iso-ir-138",
        "iso8859-8",
        "iso88598",
        "iso_8859-8",
        "iso_8859-8:1988",
        "visual",
    ),
    "iso-8859-8-i": ("csiso88598i", "iso-8859-8-i", "logical"),
    "iso-8859-10": (
        "csisolatin6",
        "iso-8859-10",
        "iso-ir-157",
        "iso8859-10",
        "iso885910",
        "l6",
        "latin6",
    ),
    "iso-8859-13": ("iso-8859-13", "iso8859-13", "iso885913"),
    "iso-8859-14": ("iso-8859-14", "iso8859-14", "iso885914"),
    "iso-8859-15": (
        "csisolatin9",
        "iso-8859-15",
        "iso8859-15",
        "iso885915",
        "iso_8859-15",
        "l9",
    ),
    "iso-8859-16": ("iso-8859-16",),
    "koi8-r": ("cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"),
    "koi8-u": ("koi8-ru", "koi8-u"),
    "macintosh": ("csmacintosh", "mac", "macintosh", "x-mac-roman"),
    "windows-874": (
        "dos-874",
        "iso-8859-11",
        "iso8859-11",
        "iso885911",
        "tis-620",
        "windows-874",
    ),
    "windows-1250": ("cp1250", "windows-1250", "x-cp1250"),
    "windows-1251": ("cp1251", "windows-1251", "x-cp1251"),
    "windows-1252": (
        "ansi_x3.4-1968",
        "ascii",
        "cp1252",
        "cp819",
        "csisolatin1",
        "ibm819",
        "iso-8859-1",
        "iso-ir-100",
        "iso8859-1",
        "iso88591",
        "iso_8859-1",
        "iso_8859-1:1987",
        "l1",
        "latin1",
        "us-ascii",
        "windows-1252",
        "x-cp1252",
    ),
    "windows-1253": ("cp1253", "windows-1253", "x-cp1253"),
    "windows-1254": (
        "cp1254",
        "csisolatin5",
        "iso-8859-9",
        "iso-ir-148",
        "iso8859-9",
        "iso88599",
        "iso_8859-9",
        "iso_8859-9:1989",
        "l5",
        "latin5",
        "windows-1254",
        "x-cp1254",
    ),
    "windows-1255": ("cp1255", "windows-1255", "x-cp1255"),
    "windows-1256": ("cp1256", "windows-1256", "x-cp1256"),
    "windows-1257": ("cp1257", "windows-1257", "x-cp1257"),
    "windows-1258": ("cp1258", "windows-1258", "x-cp1258"),
    "x-mac-cyrillic": ("x-mac-cyrillic", "x-mac-ukrainian"),
    "gbk": (
        "chinese",
        "csgb2312",
        "csiso58gb231280",
        "gb2312",
        "gb_2312",
        "gb_2312-80",
        "gbk",
        "iso-ir-58",
        "x-gbk",
    ),
    "gb18030": ("gb18030",),
    "big5": ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"),
    "euc-jp": ("cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"),
    "iso-2022-jp": ("csiso2022jp", "iso-2022-jp"),
    "shift_jis": (
        "csshiftjis",
        "ms932",
        "ms_kanji",
        "shift-jis",
        "shift_jis",
        "sjis",
        "windows-31j",
        "x-sjis",
    ),
    "euc-kr": (
        "cseuckr",
        "csksc56011987",
        "euc-kr",
        "iso-ir-149",
        "korean",
        "ks_c_5601-1987",
        "ks_c_5601-1989",
        "ksc5601",
        "ksc_5601",
        "windows-949",
    ),
    "replacement": (
        "csiso2022kr",
        "hz-gb-2312",
        "iso-2022-cn",
        "iso-2022-cn-ext",
        "iso-2022-kr",
        "replacement",
    ),
    "utf-16be": ("unicodefffe", "utf-16be"),
    "utf-16le": (
        "csunicode",
        "iso-10646-ucs-2",
        "ucs-2",
        "unicode",
        "unicodefeff",
        "utf-16",
        "utf-16le",
    ),
    "x-user-defined": ("x-user-defined",),
}

_LABELS: dict[str, str] = {label: name for name, labels in _ENCODINGS.items() for label in labels}

# Encoding §9 legacy single-byte encodings: the CPython codec whose table we start from.
_SINGLE_BYTE_CODECS: dict[str, str] = {
    "ibm866": "cp866",
    "iso-8859-2": "iso8859_2",
    "iso-8859-3": "iso8859_3",
    "iso-8859-4": "iso8859_4",
    "iso-8859-5": "iso8859_5",
    "iso-8859-6": "iso8859_6",
    "iso-8859-7": "iso8859_7",
    "iso-8859-8": "iso8859_8",
    "iso-8859-8-i": "iso8859_8",
    "iso-8859-10": "iso8859_10",
    "iso-8859-13": "iso8859_13",
    "iso-8859-14": "iso8859_14",
    "iso-8859-15": "iso8859_15",
    "iso-8859-16": "iso8859_16",
    "koi8-r": "koi8_r",
    "koi8-u": "koi8_u",
    "macintosh": "mac_roman",
    "windows-874": "cp874",
    "windows-1250": "cp1250",
    "windows-1251": "cp1251",
    "windows-1252": "cp1252",
    "windows-1253": "cp1253",
    "windows-1254": "cp1254",
    "windows-1255": "cp1255",
    "windows-1256": "cp1256",
    "windows-1257": "cp1257",
    "windows-1258": "cp1258",
    "x-mac-cyrillic": "mac_cyrillic",
}

# Where the standard's index (index-<name>.txt) differs from the CPython codec.
_SINGLE_BYTE_PATCHES: dict[str, dict[int, str]] = {
    "koi8-u": {0xAE: "\u045e", 0xBE: "\u040e"},
    "windows-1255": {0xCA: "\u05ba"},
}

_UNDEFINED = "\ufffe"  # codecs.charmap_decode's marker for an unmapped byte
_ASCII_WHITESPACE = "\t\n\f\r "


def get_encoding(label: str) -> str | None:
    """Encoding §4.2 "get an encoding": the encoding name for `label`, or None."""
    label = label.strip(_ASCII_WHITESPACE)
    if not label.isascii():
        return None  # every label is ASCII; str.lower() would map U+212A KELVIN SIGN to "k"
    return _LABELS.get(label.lower())  # ASCII lowercase, as the standard says


def _single_byte_table(name: str) -> str:
    # Encoding §9.1 single-byte decoder: bytes 0x00-0x7F are ASCII, the rest from the index.
    codec = _SINGLE_BYTE_CODECS[name]
    patches = _SINGLE_BYTE_PATCHES.get(name, {})
    table = [chr(b) for b in range(0x80)]
    for byte in range(0x80, 0x100):
        if byte in patches:
            table.append(patches[byte])
            continue
        try:
            table.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            # windows-* indexes map the bytes Windows leaves unassigned to C1 controls.
            is_c1 = name.startswith("windows-") and byte < 0xA0
            table.append(chr(byte) if is_c1 else _UNDEFINED)
    return "".join(table)


_X_USER_DEFINED_TABLE = "".join(chr(b) for b in range(0x80)) + "".join(
    chr(0xF780 + b - 0x80) for b in range(0x80, 0x100)
)

_table_cache: dict[str, str] = {}

# A stateless decode step: (data, errors, final) -> (text, bytes consumed).
_DecodeStep = Callable[[Buffer, str, bool], tuple[str, int]]


def _decode_step_for(name: str) -> _DecodeStep | None:
    if name == "utf-8":
        return _utf_8_step
    if name == "utf-16le":
        return codecs.utf_16_le_decode
    if name == "utf-16be":
        return codecs.utf_16_be_decode
    if name == "x-user-defined":
        return _charmap_step(_X_USER_DEFINED_TABLE)
    if name in _SINGLE_BYTE_CODECS:
        table = _table_cache.get(name)
        if table is None:
            table = _table_cache[name] = _single_byte_table(name)
        return _charmap_step(table)
    return None


def _utf_8_step(data: Buffer, errors: str, final: bool) -> tuple[str, int]:
    text, consumed = codecs.utf_8_decode(data, errors, final)
    view = memoryview(data)
    if consumed < len(view) and not _is_utf_8_prefix(view[consumed:]):
        # CPython holds back ED A0..BF as if it could complete; the standard's
        # UTF-8 decoder (Encoding §8.1.1) rejects it at once, as a final decode does.
        try:
            rest, _ = codecs.utf_8_decode(view[consumed:], errors, True)
        except UnicodeDecodeError as error:
            start, end = consumed + error.start, consumed + error.end
            raise UnicodeDecodeError("utf-8", bytes(view), start, end, error.reason) from None
        return text + rest, len(view)
    return text, consumed


def _is_utf_8_prefix(tail: memoryview) -> bool:
    # Encoding §8.1.1 UTF-8 decoder: the bounds on the byte after each lead byte.
    lead = tail[0]
    if len(tail) < 2:
        return True
    lower, upper = 0x80, 0xBF
    if lead == 0xE0:
        lower = 0xA0
    elif lead == 0xED:
        upper = 0x9F
    elif lead == 0xF0:
        lower = 0x90
    elif lead == 0xF4:
        upper = 0x8F
    return lower <= tail[1] <= upper


def _charmap_step(table: str) -> _DecodeStep:
    def step(data: Buffer, errors: str, final: bool) -> tuple[str, int]:
        return codecs.charmap_decode(data, errors, table)

    return step


def to_usv_string(value: str) -> str:
    """Web IDL USVString conversion: join surrogate pairs, lone surrogates -> U+FFFD."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # Read the str as UTF-16 code units, as JavaScript would.
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return value


def encode_utf8(value: str) -> bytes:
    """Encoding §4.3 "UTF-8 encode" of a str taken as a USVString (lone surrogates -> U+FFFD)."""
    try:
        return value.encode("utf-8")  # fast path, equivalent when there are no surrogates
    except UnicodeEncodeError:
        return to_usv_string(value).encode("utf-8")


def as_buffer(value: Any, what: str) -> bytes | bytearray | memoryview:
    """Web IDL BufferSource: any bytes-like object (buffer protocol), viewed as bytes.

    Raises TypeError, naming `what`, for anything else (str included).
    """
    if isinstance(value, bytes | bytearray):
        return value
    if not isinstance(value, str):
        try:
            view = value if isinstance(value, memoryview) else memoryview(value)
        except TypeError:
            pass
        else:
            return view if view.format in ("B", "b", "c") and view.contiguous else view.tobytes()
    raise TypeError(f"{what}: expected a bytes-like object, not {type(value).__name__}: {value!r}")


class TextEncoderEncodeIntoResult(TypedDict):
    """Encoding §7.4 TextEncoderEncodeIntoResult."""

    read: int
    written: int


class TextEncoder:
    """Encoding §7.4 TextEncoder: str -> UTF-8 bytes."""

    __slots__ = ()

    @property
    def encoding(self) -> str:
        """Always `"utf-8"`."""
        return "utf-8"

    # Encoding §7.4 encode(input)
    def encode(self, input: str = "") -> bytes:
        """UTF-8 bytes of `input` (lone surrogates become U+FFFD)."""
        if not isinstance(input, str):
            raise TypeError(f"TextEncoder.encode: input must be a str, not {input!r}")
        return encode_utf8(input)

    # Encoding §7.4 encodeInto(source, destination)
    def encode_into(
        self, source: str, destination: bytearray | memoryview
    ) -> TextEncoderEncodeIntoResult:
        """Write as much of `source` as fits into `destination`; returns `{read, written}`.

        `read` counts UTF-16 code units of `source`, as the standard does.
        """
        if not isinstance(source, str):
            raise TypeError(f"TextEncoder.encode_into: source must be a str, not {source!r}")
        view = _writable_byte_view(destination)
        encoded = to_usv_string(source).encode("utf-8")
        cut = min(len(encoded), len(view))
        # Back off to the start of a UTF-8 sequence: never write half a scalar value.
        if cut < len(encoded):
            while cut > 0 and encoded[cut] & 0xC0 == 0x80:
                cut -= 1
        view[:cut] = encoded[:cut]
        read = len(encoded[:cut].decode("utf-8").encode("utf-16-le")) // 2
        return {"read": read, "written": cut}

    def __repr__(self) -> str:
        return "TextEncoder()"


def _writable_byte_view(destination: Any) -> memoryview:
    if isinstance(destination, bytearray):
        return memoryview(destination)
    if isinstance(destination, memoryview) and not destination.readonly:
        if destination.format not in ("B", "b", "c") or not destination.contiguous:
            raise TypeError(
                "TextEncoder.encode_into: destination must be a contiguous byte view, "
                f"not a memoryview of format {destination.format!r}"
            )
        return destination.cast("B")
    raise TypeError(
        "TextEncoder.encode_into: destination must be a bytearray or writable memoryview, "
        f"not {type(destination).__name__}"
    )


# Encoding §10.2 the BOM each UTF encoding strips (as the first decoded code point).
_BOM_ENCODINGS = frozenset({"utf-8", "utf-16le", "utf-16be"})


class TextDecoder:
    """Encoding §7.2 TextDecoder: bytes -> str, optionally streaming."""

    __slots__ = (
        "_bom_seen",
        "_do_not_flush",
        "_encoding",
        "_fatal",
        "_ignore_bom",
        "_pending",
        "_step",
    )

    def __init__(
        self, label: str = "utf-8", *, fatal: bool = False, ignore_bom: bool = False
    ) -> None:
        if not isinstance(label, str):
            raise TypeError(f"TextDecoder: label must be a str, not {label!r}")
        # Encoding §7.2 new TextDecoder(label, options) steps 1-2.
        encoding = get_encoding(label)
        if encoding is None or encoding == "replacement":
            raise ValueError(f"TextDecoder: {label!r} is not a valid encoding label")
        step = _decode_step_for(encoding)
        if step is None:
            raise ValueError(f"TextDecoder: the {encoding!r} encoding is not supported by webstd")
        self._encoding = encoding
        self._step = step
        self._fatal = bool(fatal)
        self._ignore_bom = bool(ignore_bom)
        self._pending = b""
        self._bom_seen = False
        self._do_not_flush = False

    @property
    def encoding(self) -> str:
        """The encoding's name, lower-cased (e.g. `"utf-8"`, `"windows-1252"`)."""
        return self._encoding

    @property
    def fatal(self) -> bool:
        """Whether malformed input raises `TypeError` instead of becoming U+FFFD."""
        return self._fatal

    @property
    def ignore_bom(self) -> bool:
        """Whether a leading byte order mark is kept in the output."""
        return self._ignore_bom

    # Encoding §7.2 decode(input, options)
    def decode(self, input: Any = None, *, stream: bool = False) -> str:
        """Decode `input`; with `stream=True`, hold an incomplete trailing sequence for later."""
        if not self._do_not_flush:
            self._pending = b""
            self._bom_seen = False
        self._do_not_flush = bool(stream)
        data: bytes | bytearray | memoryview
        data = b"" if input is None else as_buffer(input, "TextDecoder.decode")
        if self._pending:
            data = self._pending + bytes(data)
        errors = "strict" if self._fatal else "replace"
        try:
            text, consumed = self._step(data, errors, not stream)
        except UnicodeDecodeError as error:
            # The standard's decoder consumed up to the error; the rest stays queued.
            self._pending = bytes(data[error.end :]) if stream else b""
            raise TypeError(
                f"TextDecoder.decode: invalid {self._encoding} data at byte {error.start}: "
                f"{bytes(data[error.start : error.end])!r}"
            ) from None
        self._pending = bytes(data[consumed:]) if consumed < len(data) else b""
        return self._serialize(text)

    # Encoding §7.1 "serialize I/O queue": strip one leading BOM unless ignore_bom.
    def _serialize(self, text: str) -> str:
        if self._bom_seen or self._ignore_bom or self._encoding not in _BOM_ENCODINGS:
            return text
        if not text:
            return text
        self._bom_seen = True
        return text[1:] if text[0] == "\ufeff" else text

    def __repr__(self) -> str:
        return (
            f"TextDecoder({self._encoding!r}, fatal={self._fatal}, ignore_bom={self._ignore_bom})"
        )
