"""FormData (XHR §4.3) and the two form body formats of `Body.form_data()`.

Serialising follows HTML's "multipart/form-data encoding algorithm"
(§4.10.21.8). Parsing streams the body through the `multipart` package's
`PushMultipartParser`, which finds the boundaries fast; a subclass replaces its
header-line and Content-Disposition handling with the stricter rules the
Fetch Standard's multipart/form-data parser and WPT's formdata-parsing tests
require (no obs-fold, no bare CR/LF/NUL, names and filenames kept verbatim,
part types parsed as MIME types).

Limits: a body from the network is hostile, so `form_data()` enforces
`FormDataLimits` (at most 1,000 parts, 1 MiB per text field, file parts spooled
to disk above 1 MiB, 16 MiB held in memory in all, part headers bounded, ...).
Override any of them per call (`await request.form_data(max_parts=50)`) or for
the process (`webstd.fetch.form_data.DEFAULT_LIMITS = FormDataLimits(...)`).
Exceeding one raises `FormDataLimitError`, a `TypeError` (what the standard's
`formData()` rejects with, so code written for the standard still catches it)
carrying `http_status = 413` so servers can answer "Content Too Large".
"""

from __future__ import annotations

import dataclasses
import io
import math
import os
import re
import secrets
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from typing import IO, TypeAlias

import multipart

from webstd.fetch.mime import extract_mime_type
from webstd.file import Blob, File
from webstd.url import urlencoded

__all__ = [
    "DEFAULT_LIMITS",
    "FormData",
    "FormDataEntryValue",
    "FormDataLimitError",
    "FormDataLimits",
]

FormDataEntryValue: TypeAlias = str | File

_SURROGATES = re.compile("[\ud800-\udfff]")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def _usv(value: str) -> str:
    """Web IDL USVString: pair up surrogates, replace lone ones with U+FFFD."""
    if value.isascii() or not _SURROGATES.search(value):
        return value
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


class FormDataLimitError(TypeError):
    """A `form_data()` body went over one of its `FormDataLimits`; answer 413."""

    http_status = 413


@dataclasses.dataclass(frozen=True)
class FormDataLimits:
    """Bounds for parsing a form body; pass overrides as `form_data()` keywords."""

    max_parts: int = 1000
    """Most parts (multipart) or name-value pairs (urlencoded)."""
    max_field_size: int = 1 << 20
    """Most bytes in one text (non-file) multipart part."""
    max_file_size: float = math.inf
    """Most bytes in one file part."""
    spool_max_size: int = 1 << 20
    """File parts larger than this many bytes are spooled to a temporary file."""
    max_header_size: int = 8192
    """Most bytes in one part header line."""
    max_header_count: int = 16
    """Most header lines in one part."""
    max_urlencoded_size: int = 4 << 20
    """Most bytes in an application/x-www-form-urlencoded body."""
    max_memory_size: int = 16 << 20
    """Most bytes all parts together keep in memory; past it file parts spool early
    and text fields are an error."""
    max_disk_size: float = math.inf
    """Most bytes all spooled file parts together write to disk."""


DEFAULT_LIMITS = FormDataLimits()
"""The limits `form_data()` uses when called without keywords."""


def _check_name(method: str, name: object) -> str:
    if not isinstance(name, str):
        raise TypeError(f"FormData.{method}: name must be a str, not {type(name).__name__}")
    return _usv(name)


def _create_entry(
    method: str, name: object, value: object, filename: str | None
) -> tuple[str, FormDataEntryValue]:
    """XHR §4.3 "create an entry"."""
    name = _check_name(method, name)
    if isinstance(value, str):
        if filename is not None:
            raise TypeError(
                f"FormData.{method}: filename {filename!r} is only allowed with a Blob value"
            )
        return name, _usv(value)
    if not isinstance(value, Blob):
        raise TypeError(
            f"FormData.{method}: value must be a str or a Blob, not {type(value).__name__}"
        )
    if filename is not None and not isinstance(filename, str):
        raise TypeError(f"FormData.{method}: filename must be a str, not {type(filename).__name__}")
    if isinstance(value, File) and filename is None:
        return name, value
    file_name = "blob" if filename is None else _usv(filename)
    last_modified = value.last_modified if isinstance(value, File) else None
    return name, File([value], file_name, type=value.type, last_modified=last_modified)


class FormData:
    """An ordered list of (name, value) entries; values are `str` or `File`."""

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        # XHR §4.3: the FormData(form, submitter) overload needs a document; not here.
        self._entries: list[tuple[str, FormDataEntryValue]] = []

    def append(self, name: str, value: str | Blob, filename: str | None = None) -> None:
        """Add an entry; a `Blob` becomes a `File` named `filename` (or "blob")."""
        self._entries.append(_create_entry("append", name, value, filename))

    def delete(self, name: str) -> None:
        """Remove every entry named `name`."""
        name = _check_name("delete", name)
        self._entries = [entry for entry in self._entries if entry[0] != name]

    def get(self, name: str) -> FormDataEntryValue | None:
        """The first value named `name`, or `None`."""
        name = _check_name("get", name)
        for entry_name, value in self._entries:
            if entry_name == name:
                return value
        return None

    def get_all(self, name: str) -> list[FormDataEntryValue]:
        """Every value named `name`, in order."""
        name = _check_name("get_all", name)
        return [value for entry_name, value in self._entries if entry_name == name]

    def has(self, name: str) -> bool:
        """Whether an entry is named `name`."""
        name = _check_name("has", name)
        return any(entry_name == name for entry_name, _ in self._entries)

    def set(self, name: str, value: str | Blob, filename: str | None = None) -> None:
        """Replace the first entry named `name` (dropping the others), or append."""
        entry = _create_entry("set", name, value, filename)
        entries: list[tuple[str, FormDataEntryValue]] = []
        replaced = False
        for existing in self._entries:
            if existing[0] != entry[0]:
                entries.append(existing)
            elif not replaced:
                entries.append(entry)
                replaced = True
        if not replaced:
            entries.append(entry)
        self._entries = entries

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.has(name)

    def __iter__(self) -> Iterator[tuple[str, FormDataEntryValue]]:
        # Web IDL iterable: a live iterator, so an index over the current list.
        index = 0
        while index < len(self._entries):
            yield self._entries[index]
            index += 1

    def entries(self) -> Iterator[tuple[str, FormDataEntryValue]]:
        """Iterate (name, value) pairs."""
        return iter(self)

    def keys(self) -> Iterator[str]:
        """Iterate names."""
        return (name for name, _ in self)

    def values(self) -> Iterator[FormDataEntryValue]:
        """Iterate values."""
        return (value for _, value in self)

    def for_each(self, callback: Callable[[FormDataEntryValue, str, FormData], object]) -> None:
        """Call `callback(value, name, form_data)` for each entry."""
        for name, value in self:
            callback(value, name, self)

    def __repr__(self) -> str:
        return f"FormData({self._entries!r})"


# HTML §4.10.21.8 multipart/form-data encoding algorithm -----------------------


def new_boundary() -> str:
    """A fresh multipart boundary that no entry is likely to contain."""
    return "----webstd-formdata-" + secrets.token_hex(16)


def _escape_name(value: str) -> str:
    """HTML §4.10.21.8: escape LF, CR and `"` in names and filenames."""
    return value.replace("\n", "%0A").replace("\r", "%0D").replace('"', "%22")


def _part_head(boundary: str, name: str, value: FormDataEntryValue) -> bytes:
    # HTML §4.10.21.8 / "converting an entry list to a list of name-value
    # pairs": newlines in names (and string values) become CRLF, then escaped.
    escaped_name = _escape_name(_NEWLINES.sub("\r\n", name))
    disposition = f'Content-Disposition: form-data; name="{escaped_name}"'
    if isinstance(value, str):
        return f"--{boundary}\r\n{disposition}\r\n\r\n".encode()
    content_type = value.type or "application/octet-stream"
    return (
        f'--{boundary}\r\n{disposition}; filename="{_escape_name(value.name)}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()


async def multipart_chunks(
    entries: list[tuple[str, FormDataEntryValue]], boundary: str
) -> AsyncIterator[bytes]:
    """The multipart/form-data encoding of `entries`, file contents streamed."""
    pending: list[bytes] = []
    for name, value in entries:
        pending.append(_part_head(boundary, name, value))
        if isinstance(value, str):
            pending.append(_NEWLINES.sub("\r\n", value).encode())  # already a USVString
        else:
            yield b"".join(pending)
            pending = []
            async for chunk in value.stream():
                yield bytes(chunk)
        pending.append(b"\r\n")
    pending.append(f"--{boundary}--\r\n".encode())
    yield b"".join(pending)


# Parsing multipart/form-data ---------------------------------------------------

_HEADER_NAME = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_DISPOSITION_PARAM = re.compile(r';[ \t]*([^=;\s]+)[ \t]*=[ \t]*(?:"([^"]*)"|([^;\s"]*))[ \t]*')


def _parse_content_disposition(value: str) -> tuple[str, str | None] | None:
    """`form-data; name="..."; filename="..."` -> (name, filename); names verbatim."""
    kind, semicolon, rest = value.partition(";")
    if kind.strip(" \t").lower() != "form-data":
        return None
    params: dict[str, str] = {}
    rest = semicolon + rest
    position = 0
    while position < len(rest):
        match = _DISPOSITION_PARAM.match(rest, position)
        if match is None:
            return None
        key = match.group(1).lower()
        params.setdefault(key, match.group(2) if match.group(2) is not None else match.group(3))
        position = match.end()
    if "name" not in params:
        return None
    return params["name"], params.get("filename")


class _Segment(multipart.MultipartSegment):  # type: ignore[misc]
    """One part's head: name, filename (None for a text field) and type."""

    def __init__(self, name: str, filename: str | None, content_type: str) -> None:
        super().__init__([])
        self.name = name
        self.filename = filename
        self.content_type = content_type


class _PushParser(multipart.PushMultipartParser):  # type: ignore[misc]
    """The `multipart` push parser with Fetch's stricter part-header rules."""

    def _on_segment_headerline(self, line: bytes) -> None:
        if len(line) > self.max_header_size:
            raise multipart.ParserLimitReached("Maximum segment header length exceeded")
        if len(self._segment_headerlist) >= self.max_header_count:
            raise multipart.ParserLimitReached("Maximum segment header count exceeded")
        if b"\r" in line or b"\n" in line or b"\0" in line:
            raise multipart.ParserError("bare CR, LF or NUL in a part header")
        name, colon, value = line.partition(b":")
        name = name.strip(b" \t")
        if not colon or not _HEADER_NAME.fullmatch(name):
            raise multipart.ParserError(f"malformed part header {line[:80]!r}")
        self._segment_headerlist.append(
            (name.decode("ascii").lower(), value.strip(b" \t").decode("utf-8", "replace"))
        )

    def _create_segment(self, headerlist: list[tuple[str, str]]) -> _Segment:
        disposition: tuple[str, str | None] | None = None
        content_types: list[str] = []
        for name, value in headerlist:
            if name == "content-disposition":
                disposition = _parse_content_disposition(value)
                if disposition is None:
                    raise multipart.ParserError(f"invalid Content-Disposition {value!r}")
            elif name == "content-type":
                content_types.append(value)
        if disposition is None:
            raise multipart.ParserError("part without a Content-Disposition header")
        if not content_types:
            content_type = "text/plain"
        else:
            mime_type = extract_mime_type(", ".join(content_types))
            content_type = "" if mime_type is None else str(mime_type)
        return _Segment(disposition[0], disposition[1], content_type)


def _write_rest(file: IO[bytes], data: bytes | memoryview, written: int) -> None:
    """Write `data[written:]` to an unbuffered file, which may take several short writes."""
    view = memoryview(data)
    while written < len(view):
        written += file.write(view[written:]) or 0


_SPOOL_WRITE_SIZE = 1 << 20
"""Spooled parts reach their file in writes of this many bytes, gathered in one buffer
per body that its parts reuse (a working buffer, outside `max_memory_size`): one write
per network chunk costs far more (a syscall and an inode update each). 0: no buffer."""


class _Budget:
    """What is left of `max_memory_size` and `max_disk_size` for one body, the write
    buffer its spooled parts share (one part is written at a time) and their files."""

    __slots__ = ("buffer", "disk", "files", "limits", "memory")

    def __init__(self, limits: FormDataLimits) -> None:
        self.limits = limits
        self.memory: float = limits.max_memory_size
        self.disk: float = limits.max_disk_size
        self.buffer: memoryview | None = None
        self.files: list[IO[bytes]] = []

    def discard(self) -> None:
        """Parsing failed: no File will read the spooled parts, so close their files now."""
        self.buffer = None
        for file in self.files:
            file.close()


class _PartSink:
    """Collects one part's payload: in memory for text, spooled to disk for big files."""

    __slots__ = (
        "_budget",
        "_buffer",
        "_buffered",
        "_chunks",
        "_file",
        "_limit",
        "_spool_max_size",
        "segment",
        "size",
    )

    def __init__(self, segment: _Segment, budget: _Budget) -> None:
        limits = budget.limits
        self._budget = budget
        self.segment = segment
        self.size = 0
        self._chunks: list[bytes] = []
        self._file: IO[bytes] | None = None
        self._buffer: memoryview | None = None  # once spooled: bytes not yet in the file
        self._buffered = 0
        self._spool_max_size: float = limits.spool_max_size
        is_text = segment.filename is None
        self._limit: float = limits.max_field_size if is_text else limits.max_file_size
        if is_text:
            self._spool_max_size = math.inf  # text fields stay in memory (bounded by _limit)

    def write(self, chunk: bytes) -> None:
        length = len(chunk)
        size = self.size = self.size + length
        if size > self._limit:
            kind = "text field" if self.segment.filename is None else "file"
            raise FormDataLimitError(
                f"form_data: {kind} {self.segment.name!r} is larger than {self._limit} bytes"
            )
        budget = self._budget
        if self._file is not None:
            budget.disk -= length
            if budget.disk < 0:
                raise FormDataLimitError(
                    f"form_data: file parts exceed {budget.limits.max_disk_size} bytes on disk"
                )
            buffer = self._buffer
            end = self._buffered + length
            if buffer is not None and end < len(buffer):  # the common case, inline
                buffer[self._buffered : end] = chunk
                self._buffered = end
            else:
                self._to_file(chunk)
            return
        self._chunks.append(chunk)
        budget.memory -= length
        if size > self._spool_max_size or budget.memory < 0:
            if self.segment.filename is None:
                raise FormDataLimitError(
                    f"form_data: text fields exceed {budget.limits.max_memory_size} bytes"
                )
            self._spool()

    def _spool(self) -> None:
        # From here on the part lives in an anonymous temporary file.
        file = self._file = _spool_file()
        budget = self._budget
        budget.files.append(file)
        budget.memory += self.size
        budget.disk -= self.size
        if budget.disk < 0:
            raise FormDataLimitError(
                f"form_data: file parts exceed {budget.limits.max_disk_size} bytes on disk"
            )
        if _SPOOL_WRITE_SIZE > 0:
            if budget.buffer is None or len(budget.buffer) != _SPOOL_WRITE_SIZE:
                budget.buffer = memoryview(bytearray(_SPOOL_WRITE_SIZE))
            self._buffer = budget.buffer
        # Through the buffer, not joined: a fresh megabyte costs more than copying into it.
        for chunk in self._chunks:
            self._to_file(chunk)
        self._chunks = []

    def _to_file(self, chunk: bytes) -> None:
        buffer = self._buffer
        length = len(chunk)
        start = self._buffered
        end = start + length
        if buffer is not None and end <= len(buffer):
            buffer[start:end] = chunk
            self._buffered = end
            if end == len(buffer):
                self._flush()
            return
        self._flush()
        if buffer is not None and length < len(buffer):
            buffer[:length] = chunk
            self._buffered = length
        else:
            assert self._file is not None
            _write_rest(self._file, chunk, 0)

    def _flush(self) -> None:
        if self._buffered:
            assert self._file is not None and self._buffer is not None
            _write_rest(self._file, self._buffer[: self._buffered], 0)
            self._buffered = 0

    def close(self) -> FormDataEntryValue:
        filename = self.segment.filename
        if filename is None:
            return _usv(b"".join(self._chunks).decode("utf-8", "replace"))
        file = self._file
        if file is None:
            file = io.BytesIO(b"".join(self._chunks))
        else:
            self._flush()
            self._buffer = None
        file.seek(0)
        entry = File._from_spooled(file, filename, self.segment.content_type)
        entry._last_modified = 0  # parsed parts carry no modification time
        return entry


class _SpoolFile(io.FileIO):
    """An anonymous temporary file that closes itself, quietly, when the last File
    (or slice of one) that reads from it is gone: uploads need no explicit close."""

    def __del__(self) -> None:
        if not self.closed:
            self.close()


_O_TMPFILE: int = getattr(os, "O_TMPFILE", 0)  # Linux: a file made without a name


def _spool_file() -> io.FileIO:
    global _O_TMPFILE
    if os.name != "posix":
        return tempfile.TemporaryFile(buffering=0)
    if _O_TMPFILE:
        try:
            flags = os.O_RDWR | _O_TMPFILE
            return _SpoolFile(os.open(tempfile.gettempdir(), flags, 0o600), "r+b")
        except OSError:
            _O_TMPFILE = 0  # not supported by this file system: as tempfile does, stop trying
    descriptor, path = tempfile.mkstemp(prefix="webstd-upload-")
    os.unlink(path)  # as tempfile.TemporaryFile does on POSIX: the name goes, the file stays
    return _SpoolFile(descriptor, "r+b")


_COMPLETE = getattr(
    multipart, "_COMPLETE", None
)  # the push parser's "after the close delimiter" state
_CLOSE_DELIMITER_END = re.compile(rb"[ \t]*(?:\r\n|\Z)")


def _check_epilogue(after_close: bytes, final: bool) -> bytes:
    """RFC 2046 §5.1.1: after the close delimiter, transport padding then CRLF (or the end)."""
    if b"\n" not in after_close and not final:
        if after_close.strip(b" \t\r"):
            raise multipart.ParserError("unexpected bytes after the close delimiter")
        return after_close  # need more bytes to decide
    if not _CLOSE_DELIMITER_END.match(after_close):
        raise multipart.ParserError("unexpected bytes after the close delimiter")
    return b"\r\n"


_PREAMBLE = getattr(multipart, "_PREAMBLE", None)
_BODY = getattr(multipart, "_BODY", None)


def _without_transport_padding(
    parser: _PushParser, padded_delimiter: re.Pattern[bytes], data: bytes
) -> bytes | None:
    """RFC 2046 §5.1.1 transport padding: whitespace between a delimiter and its CRLF.

    The push parser rejects it; on that rejection `data` (all the parser held
    when it failed) is searched for the padded delimiter it stopped at, the
    padding is cut out and the parser is reset to resume at that delimiter.
    Costs nothing for the bodies that have no padding. Returns None when the
    failure was something else.
    """
    state = parser._state
    match = padded_delimiter.search(data)
    if match is None or state not in (_PREAMBLE, _BODY):
        return None
    start = match.start()
    if state is _BODY:
        if data[start - 2 : start] != b"\r\n":
            return None
        start -= 2  # the delimiter's CRLF belongs to it
    elif start != 0:
        return None
    parser.closed = False
    parser.error = None
    parser._buffer = b""
    return data[start : match.end(1)] + data[match.end() :]


async def parse_multipart(
    chunks: AsyncIterator[bytes], boundary: str, limits: FormDataLimits
) -> FormData:
    """Parse a multipart/form-data body streamed as `chunks` into a FormData."""
    boundary_bytes = boundary.encode("utf-8")
    if not boundary_bytes:
        raise TypeError("form_data: empty multipart boundary")
    try:
        parser = _PushParser(
            boundary_bytes,
            max_header_size=limits.max_header_size,
            max_header_count=limits.max_header_count,
            max_segment_count=limits.max_parts,
        )
    except multipart.MultipartError as error:
        raise TypeError(f"form_data: invalid multipart boundary {boundary!r}: {error}") from None
    form = FormData()
    entries = form._entries
    sink: _PartSink | None = None
    budget = _Budget(limits)

    padded_delimiter = re.compile(
        b"(" + re.escape(b"--" + boundary_bytes) + rb")[ \t]+(?=\r\n|\r?\Z)"
    )

    def feed(piece: bytes) -> None:
        # b"" is the push parser's end-of-input signal.
        nonlocal sink
        while True:
            pending = parser._buffer
            try:
                for event in parser.parse(piece):
                    if event.__class__ is bytes:
                        sink.write(event)  # type: ignore[union-attr]
                    elif event is None:
                        entries.append((sink.segment.name, sink.close()))  # type: ignore[union-attr]
                        sink = None
                    else:
                        sink = _PartSink(event, budget)
                return
            except multipart.ParserLimitReached:
                raise
            except multipart.ParserError:
                repaired = _without_transport_padding(parser, padded_delimiter, pending + piece)
                if repaired is None:
                    raise
                piece = repaired

    first_delimiter = b"--" + boundary_bytes
    head: bytes | None = b""
    epilogue: bytes | None = None
    try:
        async for chunk in chunks:
            if head is not None:
                # A body starts with its first delimiter: no preamble.
                head += chunk
                if len(head) < len(first_delimiter):
                    continue
                if not head.startswith(first_delimiter):
                    raise multipart.ParserError("the body does not start with its boundary")
                chunk, head = head, None
            if epilogue is not None:
                epilogue = _check_epilogue(epilogue + chunk, final=False)
            elif chunk:
                feed(chunk)
                if parser._state is _COMPLETE:
                    epilogue = _check_epilogue(parser._buffer, final=False)
        if head is not None:
            raise multipart.ParserError("the body ends before its first boundary")
        if epilogue is not None:
            _check_epilogue(epilogue, final=True)
        feed(b"")
        budget.files = []  # the parsed Files own them now
    except multipart.ParserLimitReached as error:
        raise FormDataLimitError(f"form_data: {error}") from None
    except multipart.MultipartError as error:
        raise TypeError(f"form_data: malformed multipart/form-data body: {error}") from None
    finally:
        budget.discard()
    return form


def parse_urlencoded(data: bytes, limits: FormDataLimits) -> FormData:
    """Parse an application/x-www-form-urlencoded body into a FormData."""
    if len(data) > limits.max_urlencoded_size:
        raise FormDataLimitError(
            f"form_data: urlencoded body is larger than {limits.max_urlencoded_size} bytes"
        )
    if data.count(b"&") >= limits.max_parts:
        raise FormDataLimitError(f"form_data: more than {limits.max_parts} fields")
    form = FormData()
    form._entries = list(urlencoded.parse(data))
    return form
