"""File API §3-4: Blob and File.

A Blob is an immutable list of byte ranges ("parts"). A part is either a
range of an in-memory `bytes` object or a range of a file on disk — a path,
or an open binary file object such as the `SpooledTemporaryFile` an upload is
spooled to — so that a gigabyte upload never has to sit in memory. Slicing
never copies: a slice is a new list of narrower ranges over the same sources,
so slices of disk-backed blobs stay disk-backed.

Reads of disk parts are synchronous `seek`/`read` calls of at most
`STREAM_CHUNK_SIZE` bytes per `stream()` pull (page-cache fast, and no thread
pool shares a file position with the event loop). A file on disk that changed
since the Blob was made fails to read with a `NotReadableError` DOMException,
as File API §3 ("snapshot state") asks.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any, Final, Literal

from typing_extensions import Buffer

from webstd.abort import DOMException
from webstd.encoding import encode_utf8, to_usv_string

if TYPE_CHECKING:
    from webstd.streams.readable import ReadableStream

__all__ = ["STREAM_CHUNK_SIZE", "Blob", "File"]

STREAM_CHUNK_SIZE: Final = 64 * 1024
"""The most bytes one `Blob.stream()` pull reads from a part."""

Endings = Literal["transparent", "native"]


class _Part:
    """One byte range of a Blob: `source[start:end]` where source is bytes, a path or a file."""

    __slots__ = ("end", "snapshot", "source", "start")

    def __init__(
        self,
        source: bytes | str | IO[bytes],
        start: int,
        end: int,
        snapshot: tuple[int, int] | None = None,
    ) -> None:
        self.source = source
        self.start = start
        self.end = end
        self.snapshot = snapshot  # (size, mtime_ns) of a path when the Blob was made

    @property
    def size(self) -> int:
        return self.end - self.start

    @property
    def on_disk(self) -> bool:
        return not isinstance(self.source, bytes)

    def sub(self, start: int, end: int) -> _Part:
        """The sub-range [start, end) of this part, relative to its own start."""
        return _Part(self.source, self.start + start, self.start + end, self.snapshot)

    def read(self, offset: int = 0, length: int | None = None) -> bytes:
        """Bytes [offset, offset + length) of this part (to its end when length is None)."""
        begin = self.start + offset
        stop = self.end if length is None else min(self.end, begin + length)
        if begin >= stop:
            return b""
        source = self.source
        if isinstance(source, bytes):
            if begin == 0 and stop == len(source):
                return source
            return source[begin:stop]
        if isinstance(source, str):
            self._check_snapshot(source)
            with open(source, "rb") as file:
                return _read_exactly(file, begin, stop - begin, source)
        return _read_from_file_object(source, begin, stop - begin)

    def _check_snapshot(self, path: str) -> None:
        # File API §4 "snapshot state": a file changed on disk is no longer readable.
        try:
            stat = os.stat(path)
        except OSError as error:
            raise DOMException(
                f"Blob: cannot read {path!r}: {error}", "NotReadableError"
            ) from error
        if self.snapshot is not None and (stat.st_size, stat.st_mtime_ns) != self.snapshot:
            raise DOMException(
                f"Blob: {path!r} changed after the Blob was made", "NotReadableError"
            )


def _read_exactly(file: IO[bytes], offset: int, length: int, what: object) -> bytes:
    file.seek(offset)
    data = file.read(length)
    if len(data) != length:
        raise DOMException(
            f"Blob: {what!r} is shorter than when the Blob was made", "NotReadableError"
        )
    return data


def _read_from_file_object(file: IO[bytes], offset: int, length: int) -> bytes:
    # Keep the owner's file position: seek back after our read.
    position = file.tell()
    try:
        return _read_exactly(file, offset, length, file)
    finally:
        file.seek(position)


def _file_object_size(file: IO[bytes]) -> int:
    position = file.tell()
    try:
        return file.seek(0, os.SEEK_END)
    finally:
        file.seek(position)


# File API §3.1 "process blob parts", step for a USVString: optional line-ending conversion.
def _convert_line_endings_to_native(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", os.linesep) if os.linesep != "\n" else text


def _process_blob_parts(parts: Iterable[Any], endings: Endings) -> list[_Part]:
    """File API §3.1.1 "process blob parts": each BlobPart to byte ranges."""
    result: list[_Part] = []
    small = bytearray()  # adjacent small in-memory parts, merged (see _append_part)
    for index, element in enumerate(parts):
        if isinstance(element, str):
            if endings == "native":
                element = _convert_line_endings_to_native(element)
            data = encode_utf8(element)
        elif isinstance(element, Blob):
            for part in element._parts:
                _append_part(result, small, part)
            continue
        elif isinstance(element, bytes):
            data = element
        elif isinstance(element, bytearray | memoryview) or _is_buffer(element):
            data = bytes(element)  # copy: the caller may mutate its buffer later
        else:
            raise TypeError(
                f"Blob: part {index} must be a str, bytes-like object or Blob, "
                f"not {type(element).__name__}: {element!r}"
            )
        if len(data) < _SMALL_PART:
            small += data
            if len(small) >= STREAM_CHUNK_SIZE:
                _flush_small(result, small)
        else:
            _flush_small(result, small)
            result.append(_Part(data, 0, len(data)))
    _flush_small(result, small)
    return result


_SMALL_PART: Final = 4096
"""In-memory parts smaller than this are merged with their neighbours."""


def _append_part(result: list[_Part], small: bytearray, part: _Part) -> None:
    # Many tiny parts (Blob([b"x"] * 10**6)) would make slice() and stream() cost one
    # step per part; merging them into chunks of up to STREAM_CHUNK_SIZE bytes keeps
    # those linear in bytes / STREAM_CHUNK_SIZE. Large and on-disk parts are kept as is.
    if part.size < _SMALL_PART and not part.on_disk:
        small += part.read()
        if len(small) >= STREAM_CHUNK_SIZE:
            _flush_small(result, small)
        return
    _flush_small(result, small)
    result.append(part)


def _flush_small(result: list[_Part], small: bytearray) -> None:
    if small:
        data = bytes(small)
        result.append(_Part(data, 0, len(data)))
        small.clear()


def _is_buffer(value: object) -> bool:
    try:
        memoryview(value)  # type: ignore[arg-type]
    except TypeError:
        return False
    return True


def _normalize_type(value: Any, what: str) -> str:
    # File API §3.1 constructor step 3 / §3.3.1 slice: printable ASCII only, lower-cased.
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {value!r}")
    if any(not (0x20 <= ord(char) <= 0x7E) for char in value):
        return ""
    return value.lower()


def _clamp_long_long(value: Any, what: str) -> int:
    # Web IDL [Clamp] long long: round half to even, clamp to the type's range.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{what} must be an int, not {value!r}")
    if isinstance(value, float):
        if value != value:
            return 0
        return round(min(max(value, -_MAX_SAFE), float(_MAX_SAFE)))
    return int(min(max(value, -_MAX_SAFE), _MAX_SAFE))


_MAX_SAFE: Final = 2**53 - 1  # Web IDL long long bounds are ±(2**53 - 1)


class Blob:
    """File API §3 Blob: immutable raw data with a MIME type."""

    __slots__ = ("_parts", "_size", "_type")

    _parts: list[_Part]
    _size: int
    _type: str

    def __init__(
        self,
        parts: Iterable[str | Buffer | Blob] | None = None,
        *,
        type: str = "",
        endings: Endings = "transparent",
    ) -> None:
        if parts is not None and isinstance(parts, str | bytes | bytearray | memoryview | Blob):
            raise TypeError(
                f"Blob: parts must be a list of parts, not a single {_type_name(parts)}; "
                f"wrap it in a list: Blob([...])"
            )
        if endings not in ("transparent", "native"):
            raise TypeError(f"Blob: endings must be 'transparent' or 'native', not {endings!r}")
        if isinstance(parts, Mapping) or (parts is not None and not isinstance(parts, Iterable)):
            raise TypeError(f"Blob: parts must be an iterable of parts, not {parts!r}")
        self._init(_process_blob_parts(parts or (), endings), _normalize_type(type, "Blob: type"))

    def _init(self, parts: list[_Part], content_type: str) -> None:
        self._parts = parts
        self._size = sum(part.size for part in parts)
        self._type = content_type

    @classmethod
    def _from_parts(cls, parts: list[_Part], content_type: str) -> Blob:
        blob = cls.__new__(cls)
        Blob._init(blob, parts, content_type)
        return blob

    @classmethod
    def _from_path(cls, path: str | os.PathLike[str], type: str = "") -> Blob:
        """A Blob backed by the file at `path` (read when needed, never loaded at once)."""
        return Blob._from_parts([_path_part(path)], _normalize_type(type, "Blob: type"))

    @property
    def size(self) -> int:
        """The number of bytes."""
        return self._size

    @property
    def type(self) -> str:
        """The MIME type, lower-cased ASCII (`""` when unknown)."""
        return self._type

    # File API §3.3.1 slice(start, end, contentType)
    def slice(
        self, start: int | None = None, end: int | None = None, content_type: str | None = None
    ) -> Blob:
        """A Blob of bytes [start, end); negative indices count from the end."""
        size = self._size
        relative_start = _relative_index(start, 0, size, "Blob.slice: start")
        relative_end = _relative_index(end, size, size, "Blob.slice: end")
        span = max(relative_end - relative_start, 0)
        new_type = (
            ""
            if content_type is None
            else _normalize_type(content_type, "Blob.slice: content_type")
        )
        return Blob._from_parts(self._slice_parts(relative_start, span), new_type)

    def _slice_parts(self, start: int, span: int) -> list[_Part]:
        result: list[_Part] = []
        remaining = span
        for part in self._parts:
            if remaining <= 0:
                break
            if start >= part.size:
                start -= part.size
                continue
            take = min(part.size - start, remaining)
            result.append(
                part if start == 0 and take == part.size else part.sub(start, start + take)
            )
            remaining -= take
            start = 0
        return result

    def _read_all(self) -> bytes:
        """All the bytes, read synchronously (disk parts from disk)."""
        if len(self._parts) == 1:
            return self._parts[0].read()
        return b"".join(part.read() for part in self._parts)

    def _is_on_disk(self) -> bool:
        return any(part.on_disk for part in self._parts)

    # File API §3.3.3 text()
    async def text(self) -> str:
        """The bytes decoded as UTF-8 (BOM stripped, malformed bytes become U+FFFD)."""
        from webstd.encoding import TextDecoder

        return TextDecoder().decode(self._read_all())

    # File API §3.3.4 arrayBuffer()
    async def array_buffer(self) -> bytes:
        """All the bytes."""
        return self._read_all()

    # File API §3.3.5 bytes()
    async def bytes(self) -> bytes:
        """All the bytes."""
        return self._read_all()

    # File API §3.3.2 stream() / "get stream"
    def stream(self) -> ReadableStream:
        """A byte `ReadableStream` of the contents, read in chunks of at most 64 KiB."""
        from webstd.streams.readable import ReadableStream

        return ReadableStream(_BlobSource(list(self._parts)))

    def __repr__(self) -> str:
        return f"<Blob size={self._size} type={self._type!r}>"


class _BlobSource:
    """The underlying byte source of `Blob.stream()`: one chunk per pull.

    A path part is opened once (snapshot checked then) and read chunk by chunk;
    the file is closed when the stream moves past it, closes or is cancelled.
    """

    type = "bytes"

    def __init__(self, parts: list[_Part]) -> None:
        self._parts = parts
        self._index = 0
        self._offset = 0
        self._file: IO[bytes] | None = None

    def pull(self, controller: Any) -> None:
        # File API §3.3.2 "get stream": read the next chunk, enqueue it; close at the end.
        while self._index < len(self._parts):
            part = self._parts[self._index]
            if self._offset >= part.size:
                self._next_part()
                continue
            chunk = self._read(part)
            self._offset += len(chunk)
            controller.enqueue(chunk)
            return
        controller.close()
        # Streams §4.7.4: a BYOB read pending at close is answered with respond(0) (done).
        byob_request = controller.byob_request
        if byob_request is not None:
            byob_request.respond(0)

    def _read(self, part: _Part) -> bytes:
        source = part.source
        if not isinstance(source, str):
            return part.read(self._offset, STREAM_CHUNK_SIZE)
        if self._file is None:
            part._check_snapshot(source)
            self._file = open(source, "rb")  # noqa: SIM115 - closed by _next_part/cancel
        length = min(STREAM_CHUNK_SIZE, part.size - self._offset)
        return _read_exactly(self._file, part.start + self._offset, length, source)

    def _next_part(self) -> None:
        self._close_file()
        self._index += 1
        self._offset = 0

    def _close_file(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def cancel(self, reason: Any = None) -> None:
        self._close_file()
        self._parts = []


def _relative_index(value: int | None, default: int, size: int, what: str) -> int:
    # File API §3.3.1 slice steps 2-3: negative counts back from size; clamp to [0, size].
    if value is None:
        return default
    index = _clamp_long_long(value, what)
    if index < 0:
        return max(size + index, 0)
    return min(index, size)


def _path_part(path: str | os.PathLike[str]) -> _Part:
    name = os.fspath(path)
    if not isinstance(name, str):
        raise TypeError(f"Blob: path must be a str path, not {path!r}")
    stat = os.stat(name)
    return _Part(name, 0, stat.st_size, (stat.st_size, stat.st_mtime_ns))


def _type_name(value: object) -> str:
    return type(value).__name__


class File(Blob):
    """File API §4 File: a Blob with a name and a modification time."""

    __slots__ = ("_last_modified", "_name")

    _name: str
    _last_modified: int

    def __init__(
        self,
        bits: Iterable[str | Buffer | Blob],
        name: str,
        *,
        type: str = "",
        endings: Endings = "transparent",
        last_modified: int | None = None,
    ) -> None:
        if bits is None:
            raise TypeError("File: bits must be a list of parts, not None")
        super().__init__(bits, type=type, endings=endings)
        self._set_file_fields(name, last_modified)

    def _set_file_fields(self, name: Any, last_modified: Any) -> None:
        # File API §4.1 constructor steps: name as USVString, lastModified default now.
        if not isinstance(name, str):
            raise TypeError(f"File: name must be a str, not {name!r}")
        self._name = to_usv_string(name)
        if last_modified is None:
            self._last_modified = int(time.time() * 1000)
        else:
            self._last_modified = _enforce_long_long(last_modified, "File: last_modified")

    @classmethod
    def _from_spooled(cls, fileobj: IO[bytes], name: str, type: str = "") -> File:
        """A File over an open binary file (e.g. a SpooledTemporaryFile), not read up front."""
        size = _file_object_size(fileobj)
        file = cls.__new__(cls)
        Blob._init(
            file, [_Part(fileobj, 0, size)] if size else [], _normalize_type(type, "File: type")
        )
        file._set_file_fields(name, None)
        return file

    @classmethod
    def _from_path(
        cls, path: str | os.PathLike[str], type: str = "", name: str | None = None
    ) -> File:
        """A File backed by the file at `path`; name defaults to its base name."""
        part = _path_part(path)
        file = cls.__new__(cls)
        Blob._init(file, [part] if part.size else [], _normalize_type(type, "File: type"))
        stat = os.stat(os.fspath(path))
        file._set_file_fields(
            os.path.basename(os.fspath(path)) if name is None else name,
            stat.st_mtime_ns // 1_000_000,
        )
        return file

    @property
    def name(self) -> str:
        """The file name."""
        return self._name

    @property
    def last_modified(self) -> int:
        """Milliseconds since the Unix epoch."""
        return self._last_modified

    @property
    def webkit_relative_path(self) -> str:
        """Always `""` (there is no directory upload)."""
        return ""

    def __repr__(self) -> str:
        return f"<File name={self._name!r} size={self._size} type={self._type!r}>"


def _enforce_long_long(value: Any, what: str) -> int:
    # Web IDL §3.2.4.9 ConvertToInt (long long, no [Clamp]/[EnforceRange]):
    # NaN/±Infinity -> 0, truncate toward zero, then wrap modulo 2**64 into the signed range.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{what} must be an int, not {value!r}")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return 0
        value = int(value)
    wrapped = int(value) % 2**64
    return wrapped - 2**64 if wrapped >= 2**63 else wrapped
