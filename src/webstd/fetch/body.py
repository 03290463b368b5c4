"""Bodies (Fetch §2.2.10), "extract a body" (Fetch §5.1) and the Body mixin (Fetch §5.3).

A body is a stream plus, when known, its source. webstd keeps the source of a
`str`/bytes body as `bytes` and makes the `ReadableStream` only when someone
asks for `body`: `text()`, `json()` and `bytes()` of such a body, and servers
sending it (`_body_bytes()`), never touch a stream. This fast path is
equivalent to the slow path "fully read body" of a one-chunk byte stream; the
tests check that both agree.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import AsyncIterable, AsyncIterator, Callable, Coroutine, Iterable, Mapping
from typing import Any, TypeAlias, TypeVar

from webstd.fetch import form_data as _form_data
from webstd.fetch.form_data import FormData, _usv
from webstd.fetch.headers import Headers
from webstd.fetch.mime import extract_mime_type
from webstd.file import Blob
from webstd.streams._promise import Promise
from webstd.streams.readable import (
    ReadableStream,
    ReadableStreamDefaultReader,
    acquire_readable_stream_default_reader,
    is_readable_stream_disturbed,
    is_readable_stream_locked,
    readable_stream_cancel,
    readable_stream_default_reader_read,
    readable_stream_from_bytes,
    readable_stream_tee,
)
from webstd.url import urlencoded
from webstd.url.search_params import URLSearchParams

__all__ = ["Body", "BodyInit", "BodyState", "extract_body"]

BodyInit: TypeAlias = (
    str
    | bytes
    | bytearray
    | memoryview
    | Blob
    | FormData
    | URLSearchParams
    | ReadableStream
    | Iterable[bytes]
    | AsyncIterable[bytes]
)
"""What `Request(body=...)` and `Response(body)` accept."""

_T = TypeVar("_T")


class BodyState:
    """Fetch §2.2.10 body: a stream (made on first use), a source and a length."""

    __slots__ = ("_make_stream", "_stream", "chunks", "length", "source", "used")

    def __init__(
        self,
        source: bytes | Blob | None,
        length: int | None,
        make_stream: Callable[[], ReadableStream] | None = None,
        stream: ReadableStream | None = None,
        chunks: Iterable[bytes] | AsyncIterable[bytes] | None = None,
    ) -> None:
        self.source = source
        self.length = length
        self._make_stream = make_stream
        self._stream = stream
        # An (async) iterable of chunks whose ReadableStream.from_() is made on
        # first use; reading it whole iterates it directly (the same bytes).
        self.chunks = chunks
        # Set when a fast-path read consumed `source` (no stream to disturb),
        # and when a consume began on the stream.
        self.used = False

    @property
    def stream(self) -> ReadableStream:
        """The body's ReadableStream, created on first access."""
        stream = self._stream
        if stream is None:
            if self.used:
                stream = readable_stream_from_bytes(b"")
                readable_stream_cancel(stream, None)  # disturbed, as a read one is
                stream.get_reader()  # a consumed body's stream stays locked, as after "fully read"
            elif self.chunks is not None:
                stream = ReadableStream.from_(self.chunks)
                self.chunks = None
            elif self._make_stream is not None:
                stream = self._make_stream()
            else:
                assert isinstance(self.source, bytes)
                stream = readable_stream_from_bytes(self.source)
            self._stream = stream
        return stream

    def is_unusable(self) -> bool:
        """Fetch §5.3 "unusable": disturbed or locked."""
        if self.used:
            return True
        stream = self._stream
        return stream is not None and (
            is_readable_stream_disturbed(stream) or is_readable_stream_locked(stream)
        )

    def is_disturbed(self) -> bool:
        """Fetch §5.3 "body used": the stream is disturbed."""
        if self.used:
            return True
        stream = self._stream
        return stream is not None and is_readable_stream_disturbed(stream)

    def clone(self) -> BodyState:
        """Fetch §2.2.10 "clone a body": tee the stream (or share the known source)."""
        if self._stream is None and self.chunks is None:
            return BodyState(self.source, self.length, self._make_stream)
        # Streams "tee a ReadableStream": ReadableStreamTee(stream, cloneForBranch2=true).
        first, second = readable_stream_tee(self.stream, clone_for_branch2=True)
        self._stream = first
        return BodyState(self.source, self.length, stream=second)

    def take_over(self) -> BodyState:
        """A body holding this one's contents; this one is left used (Fetch §6.4 "create a proxy")."""
        stream = self._stream
        if stream is None:
            body = BodyState(self.source, self.length, self._make_stream, None, self.chunks)
        elif self._make_stream is not None or isinstance(self.source, bytes):
            # The old stream is unread (the caller checked it is usable): a fresh stream
            # over the same source gives the same bytes; the old one stays locked.
            acquire_readable_stream_default_reader(stream)
            body = BodyState(self.source, self.length, self._make_stream)
        else:
            # Fetch §2.2.10 "create a proxy": a new stream that reads the old, locked one.
            reader = acquire_readable_stream_default_reader(stream)
            body = BodyState(None, self.length, chunks=_stream_chunks(reader))
        self.used = True
        self.chunks = None
        return body

    def __repr__(self) -> str:
        return f"<BodyState source={type(self.source).__name__} length={self.length}>"


class _ByteChunkSource:
    """An underlying byte source that enqueues the chunks of an async iterator."""

    type = "bytes"

    def __init__(self, chunks: AsyncIterator[bytes]) -> None:
        self._chunks = chunks

    async def pull(self, controller: Any) -> None:
        # Fetch §5.1 "extract a body" step 8 (action): enqueue each chunk; close at the end.
        async for chunk in self._chunks:
            if chunk:  # a byte stream cannot enqueue an empty chunk
                controller.enqueue(chunk)
                return
        controller.close()
        # Streams §4.7.4: a BYOB read pending at close is answered with respond(0) (done).
        byob_request = controller.byob_request
        if byob_request is not None:
            byob_request.respond(0)

    async def cancel(self, reason: Any = None) -> None:
        aclose = getattr(self._chunks, "aclose", None)
        if aclose is not None:
            await aclose()


def extract_body(obj: object, keepalive: bool = False) -> tuple[BodyState, str | None]:
    """Fetch §5.1 "extract a body": the body and its Content-Type (or None)."""
    if isinstance(obj, str):
        data = (obj if obj.isascii() else _usv(obj)).encode("utf-8")
        return BodyState(data, len(data)), "text/plain;charset=UTF-8"
    if isinstance(obj, (bytes, bytearray, memoryview)):
        data = bytes(obj)
        return BodyState(data, len(data)), None
    if isinstance(obj, Blob):
        blob = obj
        return BodyState(blob, blob.size, blob.stream), blob.type or None
    if isinstance(obj, FormData):
        boundary = _form_data.new_boundary()
        entries = list(obj._entries)

        def make_stream() -> ReadableStream:
            # Fetch §5.1 step 5: a stream "set up with byte reading support".
            chunks = _form_data.multipart_chunks(entries, boundary)
            return ReadableStream(_ByteChunkSource(chunks))

        return BodyState(None, None, make_stream), f"multipart/form-data; boundary={boundary}"
    if isinstance(obj, URLSearchParams):
        data = urlencoded.serialize(obj._list).encode("utf-8")
        return BodyState(data, len(data)), "application/x-www-form-urlencoded;charset=UTF-8"
    if isinstance(obj, ReadableStream):
        if keepalive:
            raise TypeError("a keepalive request cannot have a ReadableStream body")
        if is_readable_stream_disturbed(obj) or is_readable_stream_locked(obj):
            raise TypeError("body: the ReadableStream is disturbed or locked")
        return BodyState(None, None, stream=obj), None
    if isinstance(obj, Mapping):
        raise TypeError(
            f"body: a {type(obj).__name__} is not a body; use json.dumps, Response.json, "
            "FormData or URLSearchParams"
        )
    if isinstance(obj, (AsyncIterable, Iterable)):
        if keepalive:
            raise TypeError("a keepalive request cannot have a streamed body")
        return BodyState(None, None, chunks=obj), None
    raise TypeError(
        "body must be a str, bytes-like, Blob, FormData, URLSearchParams, ReadableStream "
        f"or an (async) iterable of bytes, not {type(obj).__name__}"
    )


def _chunk_bytes(chunk: object) -> bytes:
    # Fetch §2.2.10 "fully read": each chunk must be a Uint8Array.
    if chunk.__class__ is bytes:
        return chunk
    if isinstance(chunk, (bytes, bytearray, memoryview)):
        return bytes(chunk)
    raise TypeError(f"body stream chunks must be bytes, not {type(chunk).__name__}")


async def _stream_chunks(reader: ReadableStreamDefaultReader) -> AsyncIterator[bytes]:
    """Fetch §2.2.10 "fully read": the chunks a reader gives until done."""
    while True:
        value, done = await reader.read()
        if done:
            return
        yield _chunk_bytes(value)


async def _iterable_chunks(chunks: Iterable[bytes] | AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    """The chunks ReadableStream.from_(chunks) would give, without the stream."""
    if isinstance(chunks, AsyncIterable):
        async for chunk in chunks:
            yield _chunk_bytes(chunk)
    else:
        for chunk in chunks:
            yield _chunk_bytes(chunk)


class _ReadLoop:
    """Streams §4.9.3 "read all bytes": the read-loop's read request, settling `promise`.

    Fetch §2.2.10 "fully read body" reads a body's stream with it. Each chunk's steps
    append the bytes and read again at once, so chunks already queued are taken in
    one synchronous run and a pull is started exactly when `reader.read()` would
    start one; only the end settles a promise. (The standard's recursion is a loop
    here: a chunk arriving during a read only asks the running loop to read again.)
    `_read_all` is the reference: `await reader.read()` until done.
    """

    __slots__ = ("_again", "_chunks", "_looping", "_reader", "promise")

    def __init__(self, reader: ReadableStreamDefaultReader) -> None:
        self._reader = reader
        self._chunks: list[bytes] = []
        self._looping = False
        self._again = False
        self.promise: Promise[bytes] = Promise()

    def read(self) -> Promise[bytes]:
        """Run the read-loop: ReadableStreamDefaultReaderRead with this read request."""
        if self._looping:
            self._again = True  # called from a chunk's steps within the loop below
            return self.promise
        self._looping = True
        try:
            self._again = True
            while self._again:
                self._again = False
                readable_stream_default_reader_read(self._reader, self)
        finally:
            self._looping = False
        return self.promise

    def _chunk_steps(self, chunk: object) -> None:
        # "If chunk is not a Uint8Array object, call failureSteps with a TypeError."
        try:
            self._chunks.append(_chunk_bytes(chunk))
        except TypeError as error:
            self.promise.reject(error)
            return
        self.read()

    def _close_steps(self) -> None:
        chunks = self._chunks
        self.promise.fulfill(chunks[0] if len(chunks) == 1 else b"".join(chunks))

    def _error_steps(self, error: Any) -> None:
        self.promise.reject(error)


async def _await_then(promise: Promise[bytes], step: Callable[[bytes], _T]) -> _T:
    return step(await promise)


async def _read_all(reader: ReadableStreamDefaultReader) -> bytes:
    # Fetch §2.2.10 "fully read body" through reader.read(): the reference for `_ReadLoop`.
    chunks: list[bytes] = []
    while True:
        value, done = await reader.read()
        if done:
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)
        chunks.append(_chunk_bytes(value))


def _read_iterable(chunks: Iterable[bytes] | AsyncIterable[bytes]) -> Coroutine[Any, Any, bytes]:
    # Fast path equivalent to _read_all(ReadableStream.from_(chunks).get_reader()).
    return _read_iterable_then(chunks, _same)


def _same(data: bytes) -> bytes:
    return data


async def _read_iterable_then(
    chunks: Iterable[bytes] | AsyncIterable[bytes], step: Callable[[bytes], _T]
) -> _T:
    # _then(_read_iterable(chunks), step) in one coroutine (a server request's json()/text()).
    read_all = getattr(chunks, "_read_all", None)  # a server adapter's body: one call, not a loop
    if read_all is not None:
        return step(await read_all())
    parts: list[bytes] = []
    if hasattr(chunks, "__aiter__"):
        async for chunk in chunks:
            parts.append(_chunk_bytes(chunk))
    else:
        for chunk in chunks:
            parts.append(_chunk_bytes(chunk))
    return step(parts[0] if len(parts) == 1 else b"".join(parts))


async def _fail(error: BaseException) -> Any:
    raise error


async def _done(value: _T) -> _T:
    return value


async def _then(data: Coroutine[Any, Any, bytes], step: Callable[[bytes], _T]) -> _T:
    return step(await data)


def _utf8_decode(data: bytes) -> str:
    # Encoding §6 "UTF-8 decode": strip one BOM, replace invalid sequences.
    # (As "utf-8-sig" does, without its codec written in Python.)
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    return data.decode("utf-8", "replace")


def _reject_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not valid JSON", name, 0)


_JSON_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
# JSONDecoder.decode() without its two whitespace regex matches: scan_once(text, index)
# gives (value, end) or raises StopIteration(index) where no value starts.
_SCAN_JSON: Callable[[str, int], tuple[Any, int]] = _JSON_DECODER.scan_once  # type: ignore[attr-defined]
# ECMA-404 / JSON.parse whitespace: tab, LF, CR, space.
_JSON_WHITESPACE = "\t\n\r "


def _parse_json(data: bytes) -> Any:
    # Infra "parse JSON bytes to a JavaScript value": JSON.parse rejects NaN/Infinity.
    text = _utf8_decode(data).strip(_JSON_WHITESPACE)
    try:
        try:
            value, end = _SCAN_JSON(text, 0)
        except StopIteration as stop:
            raise json.JSONDecodeError("Expecting value", text, stop.value) from None
        if end != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
        return value
    except RecursionError:
        # JSON.parse has no depth limit; Python's parser recurses. Hostile input
        # must not escape as RecursionError, so it fails like malformed JSON.
        raise json.JSONDecodeError("JSON is nested too deeply", text, 0) from None


class Body:
    """The Body mixin (Fetch §5.3) shared by Request and Response."""

    __slots__ = ()

    _body: BodyState | None
    _headers: Headers

    @property
    def body(self) -> ReadableStream | None:
        """The body as a ReadableStream, or None for no body."""
        body = self._body
        return None if body is None else body.stream

    @property
    def body_used(self) -> bool:
        """Whether the body has been read (its stream is disturbed)."""
        body = self._body
        return body is not None and body.is_disturbed()

    def _body_bytes(self) -> bytes | None:
        """The body as bytes when it is a known byte sequence not yet read (for servers)."""
        body = self._body
        if body is None or body._stream is not None or body.used:
            return None
        source = body.source
        return source if isinstance(source, bytes) else None

    def _cloned_headers_and_body(self) -> tuple[Headers, BodyState | None]:
        # Fetch §2.2.5 "clone a request" and §2.2.6 "clone a response", alike: a copy of
        # the header list (same guard), and the body cloned (its stream teed).
        headers = Headers()
        headers._list.extend(self._headers._list)
        headers._guard = self._headers._guard
        body = self._body
        return headers, None if body is None else body.clone()

    def _mime_type_string(self) -> str:
        # Fetch §5.3 "get the MIME type", serialized ("" on failure).
        mime_type = extract_mime_type(self._headers.get("content-type"))
        return "" if mime_type is None else str(mime_type)

    def _start_consume(self, method: str) -> Coroutine[Any, Any, bytes] | bytes:
        """Fetch §5.3 "consume body", up to its first wait: bytes, or a coroutine reading them."""
        body = self._body
        if body is None:
            return b""
        if body.is_unusable():
            raise TypeError(
                f"{type(self).__name__}.{method}: body has already been read (or its stream is locked)"
            )
        if body._stream is None:
            if isinstance(body.source, bytes):
                body.used = True
                return body.source
            chunks = body.chunks
            if chunks is not None:
                body.used = True
                body.chunks = None
                return _read_iterable(chunks)
        reader = acquire_readable_stream_default_reader(body.stream)
        body.used = True
        return _await_then(_ReadLoop(reader).read(), _same)

    def _consume(self, method: str, step: Callable[[bytes], _T]) -> Coroutine[Any, Any, _T]:
        body = self._body
        if body is not None and not body.used:
            stream = body._stream
            if stream is None:
                chunks = body.chunks
                if chunks is not None:
                    # _start_consume's iterable case, without the extra coroutine
                    body.used = True
                    body.chunks = None
                    return _read_iterable_then(chunks, step)
            elif not stream._disturbed and stream._reader is None:
                # _start_consume's stream case (the body is usable), in one coroutine.
                reader = acquire_readable_stream_default_reader(stream)
                body.used = True
                return _await_then(_ReadLoop(reader).read(), step)
        try:
            data = self._start_consume(method)
        except TypeError as error:
            return _fail(error)
        if isinstance(data, bytes):
            try:
                return _done(step(data))
            except Exception as error:
                return _fail(error)
        return _then(data, step)

    def array_buffer(self) -> Coroutine[Any, Any, bytes]:
        """Read the whole body as bytes."""
        return self._consume("array_buffer", bytes)

    def bytes(self) -> Coroutine[Any, Any, bytes]:
        """Read the whole body as bytes."""
        return self._consume("bytes", bytes)

    def text(self) -> Coroutine[Any, Any, str]:
        """Read the whole body and UTF-8 decode it (BOM stripped, invalid bytes replaced)."""
        return self._consume("text", _utf8_decode)

    def _json(self) -> Coroutine[Any, Any, Any]:
        return self._consume("json", _parse_json)

    def blob(self) -> Coroutine[Any, Any, Blob]:
        """Read the whole body as a Blob typed after the Content-Type header."""
        mime_type = self._mime_type_string()
        return self._consume("blob", lambda data: Blob([data], type=mime_type))

    def form_data(self, **limits: Any) -> Coroutine[Any, Any, FormData]:
        """Parse a multipart/form-data or urlencoded body; keywords override `FormDataLimits`."""
        try:
            form_limits = _form_data.DEFAULT_LIMITS
            if limits:
                form_limits = dataclasses.replace(form_limits, **limits)
        except TypeError as error:
            return _fail(TypeError(f"{type(self).__name__}.form_data: {error}"))
        mime_type = extract_mime_type(self._headers.get("content-type"))
        essence = None if mime_type is None else mime_type.essence
        name = type(self).__name__
        if essence == "multipart/form-data":
            assert mime_type is not None
            boundary = mime_type.parameters.get("boundary")
            return self._form_data_multipart(boundary, form_limits)
        try:
            data = self._start_consume("form_data")
        except TypeError as error:
            return _fail(error)
        if essence == "application/x-www-form-urlencoded":
            if isinstance(data, bytes):
                return _then(
                    _done(data), lambda data: _form_data.parse_urlencoded(data, form_limits)
                )
            return _then(data, lambda data: _form_data.parse_urlencoded(data, form_limits))
        if not isinstance(data, bytes):
            data.close()
        return _fail(
            TypeError(
                f"{name}.form_data: Content-Type {self._headers.get('content-type')!r} is not "
                "multipart/form-data or application/x-www-form-urlencoded"
            )
        )

    def _form_data_multipart(
        self, boundary: str | None, limits: _form_data.FormDataLimits
    ) -> Coroutine[Any, Any, FormData]:
        # Fetch §5.3 "consume body" with the multipart/form-data parser, streamed:
        # the checks and the reader's lock happen at the call, the parsing when awaited.
        body = self._body
        name = type(self).__name__
        if body is not None and body.is_unusable():
            return _fail(
                TypeError(f"{name}.form_data: body has already been read (or its stream is locked)")
            )
        if boundary is None:
            if body is not None:
                body.used = True
            return _fail(
                TypeError(f"{name}.form_data: multipart/form-data Content-Type without a boundary")
            )
        reader: ReadableStreamDefaultReader | None = None
        if body is None:
            chunks: AsyncIterator[bytes] = _one_chunk(b"")
        elif body._stream is None and isinstance(body.source, bytes):
            chunks = _one_chunk(body.source)
        elif body._stream is None and body.chunks is not None:
            chunks = _iterable_chunks(body.chunks)
            body.chunks = None
        else:
            reader = acquire_readable_stream_default_reader(body.stream)
            chunks = _stream_chunks(reader)
        if body is not None:
            body.used = True
        return _parse_multipart_body(chunks, boundary, limits, reader)


async def _parse_multipart_body(
    chunks: AsyncIterator[bytes],
    boundary: str,
    limits: _form_data.FormDataLimits,
    reader: ReadableStreamDefaultReader | None,
) -> FormData:
    try:
        return await _form_data.parse_multipart(chunks, boundary, limits)
    except BaseException as error:
        if reader is not None:
            # The body will never be read to its end: cancel its source.
            with contextlib.suppress(Exception):
                await reader.cancel(error)
        raise


async def _one_chunk(data: bytes) -> AsyncIterator[bytes]:
    yield data
