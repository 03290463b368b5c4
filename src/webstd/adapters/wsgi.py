"""PEP 3333: a webstd handler as a WSGI application (`to_wsgi`), and the reverse (`from_wsgi`).

A WSGI server calls the application from its own worker threads. Each such
thread gets one event loop, made on its first request and reused after (not
a new loop per request); async handlers and body streams run on it. The
request body stream reads `wsgi.input` only when pulled; the response is an
iterable that reads the response stream chunk by chunk, and its `close()`
cancels that stream (and aborts `request.signal` if it was not read to the
end: the WSGI server gave up on the client).
"""

from __future__ import annotations

import asyncio
import inspect
import io
import logging
import threading
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Any, cast
from urllib.parse import quote, unquote_to_bytes

from webstd._handler import Handler, as_async_handler, is_async_callable
from webstd.abort import DOMException
from webstd.adapters._common import (
    URL_MEMO,
    URL_MEMO_MAX_LENGTH,
    encode_non_ascii,
    is_body_limit_error,
    remember_url,
    request_url,
    status_phrase,
)
from webstd.adapters._worker_loop import WorkerLoop
from webstd.fetch.request import Request
from webstd.fetch.response import Response
from webstd.streams.readable import (
    ReadableStream,
    ReadableStreamDefaultReader,
    readable_stream_drain_source,
)
from webstd.url.url import URL

__all__ = ["WSGIApp", "from_wsgi", "to_wsgi"]

logger = logging.getLogger("webstd.server")

Environ = dict[str, Any]
StartResponse = Callable[..., Callable[[bytes], object]]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]

_NULL_BODY_STATUSES = frozenset((101, 103, 204, 205, 304))
# PEP 3333: hop-by-hop headers are the server's business, not the application's.
_HOP_BY_HOP = frozenset(
    (
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailers",
        "transfer-encoding",
        "upgrade",
    )
)
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_READ_SIZE = 64 * 1024

_local = threading.local()


def _thread_loop() -> WorkerLoop:
    """The event loop of the calling WSGI worker thread, made on first use."""
    loop: WorkerLoop | None = getattr(_local, "loop", None)
    if loop is None or loop.is_closed():
        loop = _local.loop = WorkerLoop()
    return loop


class _InputChunks:
    """The request body as an async iterator: each step reads `wsgi.input` once.

    `Request._from_server` makes the `ReadableStream` over it (high water mark
    0: one read per pull) only if the handler asks for `request.body`.
    """

    __slots__ = ("_input", "_remaining")

    def __init__(self, stream: Any, length: int | None) -> None:
        self._input = stream
        self._remaining = length

    def __aiter__(self) -> _InputChunks:
        return self

    async def __anext__(self) -> bytes:
        size = _READ_SIZE if self._remaining is None else min(_READ_SIZE, self._remaining)
        chunk = self._input.read(size) if size else b""
        if not chunk:
            self._remaining = 0
            raise StopAsyncIteration
        if self._remaining is not None:
            self._remaining -= len(chunk)
        return bytes(chunk)


def _environ_url(environ: Environ) -> str | None:
    """The serialized request URL of a WSGI environ, percent-escapes kept where the server gives them."""
    scheme = environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST")
    raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    query = environ.get("QUERY_STRING", "")
    if (
        not host
        or not raw_uri
        or raw_uri[0] != "/"
        or len(host) + len(raw_uri) + len(query) > URL_MEMO_MAX_LENGTH
    ):
        return _make_environ_url(environ, scheme, host, raw_uri)
    # Everything the URL is made from, when the request-target is origin-form.
    key = ("wsgi", scheme, host, raw_uri, environ.get("SCRIPT_NAME", ""), query)
    try:
        return URL_MEMO[key]
    except KeyError:
        return remember_url(key, _make_environ_url(environ, scheme, host, raw_uri))


def _make_environ_url(
    environ: Environ, scheme: str, host: str | None, raw_uri: str | None
) -> str | None:
    if not host:
        host = environ["SERVER_NAME"]
        port = environ.get("SERVER_PORT", "")
        if port and port != {"http": "80", "https": "443"}.get(scheme):
            host = f"{host}:{port}"
    script_name = environ.get("SCRIPT_NAME", "")
    if raw_uri and raw_uri.startswith("/"):
        # The request-target as sent (gunicorn, waitress, uWSGI): escapes preserved exactly.
        path = encode_non_ascii(raw_uri.partition("?")[0].encode("latin-1"))
        if script_name and not path.startswith(script_name):
            path = quote(script_name.encode("latin-1"), safe=_PATH_SAFE) + path
    else:
        # PEP 3333: PATH_INFO is decoded bytes carried as latin-1 text.
        path = quote(
            (script_name + environ.get("PATH_INFO", "")).encode("latin-1"), safe=_PATH_SAFE
        )
    query = environ.get("QUERY_STRING", "")
    target = f"{path}?{encode_non_ascii(query.encode('latin-1'))}" if query else path
    return request_url(scheme, host, target or "/")


def _header_name(key: str) -> bytes | None:
    """The header name an environ key carries (PEP 3333: HTTP_* and CONTENT_*), or None."""
    if key.startswith("HTTP_"):
        return key[5:].lower().replace("_", "-").encode("latin-1")
    if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        return key.lower().replace("_", "-").encode("latin-1")
    return None


# A server uses the same few environ keys over and over: remember what each one names.
_header_names: dict[str, bytes | None] = {}
_MAX_HEADER_NAMES = 1024


def _environ_headers(environ: Environ) -> list[tuple[bytes, bytes]]:
    headers: list[tuple[bytes, bytes]] = []
    names = _header_names
    for key, value in environ.items():
        try:
            name = names[key]
        except KeyError:
            name = _header_name(key)
            if len(names) < _MAX_HEADER_NAMES:
                names[key] = name
        if name is not None and (value or key[:5] == "HTTP_"):  # empty CONTENT_* means absent
            headers.append((name, value.encode("latin-1")))
    return headers


def _request_body(environ: Environ) -> _InputChunks | None:
    length_text = environ.get("CONTENT_LENGTH")
    if not length_text and "HTTP_TRANSFER_ENCODING" not in environ:
        return None  # (most requests: no body)
    length_text = length_text or ""
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    length = int(length_text) if length_text.strip().isdigit() else None
    if chunked:
        length = None
    elif not length:
        return None
    return _InputChunks(environ["wsgi.input"], length)


class _ResponseIterable:
    """The WSGI response iterable over a response stream; `close()` cancels the stream."""

    def __init__(self, loop: WorkerLoop, stream: ReadableStream, request: Request) -> None:
        self._loop = loop
        self._stream = stream
        # readable_stream_drain_source: a ReadableStream.from_() body is read by iterating its
        # source, equivalent to the default reader of stream.get_reader() (the slow path).
        self._reader = readable_stream_drain_source(stream) or cast(
            ReadableStreamDefaultReader, stream.get_reader()
        )
        self._request = request
        self._done = False

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        while not self._done:
            result = self._loop.run(self._reader.read())
            if result.done:
                self._done = True
                break
            chunk = result.value
            if not isinstance(chunk, (bytes, bytearray, memoryview)):
                raise TypeError(f"a response body chunk must be bytes, not {chunk!r}")
            if chunk:
                return bytes(chunk)
        raise StopIteration

    def close(self) -> None:
        if self._done:
            return
        self._done = True
        reason = DOMException("The client closed the connection.", "AbortError")
        self._request.signal._signal_abort(reason)  # made here if the handler never read it
        try:
            self._loop.run(self._reader.cancel(reason))
        except Exception:
            logger.debug("cancelling a response stream failed", exc_info=True)


def _error_response(start_response: StartResponse, status: int) -> list[bytes]:
    body = status_phrase(status).encode("ascii")
    start_response(
        f"{status} {status_phrase(status)}",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]


def to_wsgi(handler: Handler) -> WSGIApp:
    """A PEP 3333 application that serves `handler` (async handlers run on a per-thread loop)."""
    is_async = is_async_callable(handler)
    call = as_async_handler(handler)

    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        url = _environ_url(environ)
        if url is None:
            return _error_response(start_response, 400)
        loop = _thread_loop()
        method = environ["REQUEST_METHOD"]
        # request.signal is made on first access (or by close() below, already aborted)
        request = Request._from_server(
            method, url, _environ_headers(environ), _request_body(environ), None
        )
        try:
            if is_async:
                response = loop.run(call(request))
            else:
                # A plain def handler: the WSGI server's thread is already a worker thread.
                response = handler(request)
                if inspect.isawaitable(response):
                    response = loop.run(response)
            if not isinstance(response, Response):
                raise TypeError(f"the handler returned {response!r}, not a Response")
        except Exception as error:
            if is_body_limit_error(error):
                return _error_response(start_response, 413)
            logger.exception("exception in handler for %s %s", method, url)
            return _error_response(start_response, 500)
        # (Private fields, not the properties: this runs once per request.)
        status = response._status
        headers = response._headers._pairs()  # ByteStrings: latin-1 text, as PEP 3333 wants
        has_length = hop_by_hop = False
        for name, _ in headers:
            if name == "content-length":
                has_length = True
            elif name in _HOP_BY_HOP:
                hop_by_hop = True
        if hop_by_hop:
            headers = [pair for pair in headers if pair[0] not in _HOP_BY_HOP]
        body = response._body_bytes()
        if body is not None and not has_length and status not in _NULL_BODY_STATUSES:
            headers.append(("content-length", str(len(body))))
        start_response(f"{status} {response._status_text or status_phrase(status)}", headers)
        if body is not None:
            return [b""] if method == "HEAD" else [body]
        stream = response.body
        if stream is None:
            return []
        return _ResponseIterable(loop, stream, request)

    return app


# --- from_wsgi: call a WSGI application with a Request -----------------------------------------


def _request_environ(request: Request, body: bytes, script_name: str) -> Environ:
    url = URL(request.url)
    scheme = url.protocol[:-1]
    path = unquote_to_bytes(url.pathname).decode("latin-1")
    if script_name and path.startswith(script_name):
        path = path[len(script_name) :]
    environ: Environ = {
        "REQUEST_METHOD": request.method,
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path,
        "QUERY_STRING": url.search[1:],
        "RAW_URI": url.pathname + url.search,
        "SERVER_NAME": url.hostname,
        "SERVER_PORT": url.port or ("443" if scheme == "https" else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in request.headers._raw():
        key = name.decode("latin-1").upper().replace("-", "_")
        text = value.decode("latin-1")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            environ[key] = text
        else:
            key = "HTTP_" + key
            environ[key] = f"{environ[key]},{text}" if key in environ else text
    if "HTTP_HOST" not in environ:
        environ["HTTP_HOST"] = url.host
    if body and "CONTENT_LENGTH" not in environ:
        environ["CONTENT_LENGTH"] = str(len(body))
    return environ


class _WSGIBodySource:
    """A response body that pulls the WSGI app's iterable in a worker thread."""

    def __init__(self, iterator: Iterator[bytes], result: Iterable[bytes]) -> None:
        self._iterator = iterator
        self._result = result

    async def pull(self, controller: Any) -> None:
        chunk = await asyncio.to_thread(next, self._iterator, None)
        if chunk is None:
            self._close()
            controller.close()
        elif chunk:
            controller.enqueue(bytes(chunk))

    def cancel(self, reason: Any) -> None:
        self._close()

    def _close(self) -> None:
        close = getattr(self._result, "close", None)
        if close is not None:
            close()


def from_wsgi(app: WSGIApp, *, script_name: str = "") -> Callable[[Request], Awaitable[Response]]:
    """A handler that answers a `Request` by calling the WSGI application `app` in a thread."""

    async def handler(request: Request) -> Response:
        body = await request.bytes()
        environ = _request_environ(request, body, script_name)
        started: list[Any] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            if exc_info is not None and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, headers]
            return lambda data: None

        def call() -> tuple[Iterable[bytes], Iterator[bytes], bytes | None]:
            result = app(environ, start_response)
            iterator = iter(result)
            first = next(iterator, None)  # PEP 3333: start_response may wait for the first chunk
            return result, iterator, first

        result, iterator, first = await asyncio.to_thread(call)
        if not started:
            raise RuntimeError("the WSGI app did not call start_response")
        status = int(started[0].split(" ", 1)[0])

        def rest() -> Iterator[bytes]:
            if first is not None:
                yield first
            yield from iterator

        if status in _NULL_BODY_STATUSES or request.method == "HEAD":
            close = getattr(result, "close", None)
            if close is not None:
                close()
            return Response(None, status=status, headers=started[1])
        stream = ReadableStream(_WSGIBodySource(rest(), result), {"high_water_mark": 0})
        return Response(stream, status=status, headers=started[1])

    return handler
