"""`fetch()`: the Fetch Standard's fetch (§4) for `http:`, `https:` and `data:` URLs.

The steps follow Fetch §4.1 "main fetch", §4.3 "HTTP fetch", §4.4 "HTTP-redirect
fetch", §4.5 "HTTP-network-or-cache fetch" and §4.6 "HTTP-network fetch", minus
what a server-side runtime has no use for (CORS, caches, service workers,
referrers, CSP, mixed content), as undici and Deno leave them out too. Two
choices follow those runtimes rather than a browser: `redirect="manual"` returns
the 3xx response itself (status, `Location` and all) instead of an opaque
redirect, and no header is forbidden.

The exchange runs in the caller's task: no task per request (a streamed request
body is pumped by one task, so the response can arrive while it is sent). A
network error never becomes a `Response`: it is raised as a `TypeError` that
names the URL and the cause, with the original exception as `__cause__`. An
abort raises the signal's reason, at whatever step the fetch is in.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import re
import ssl as _ssl
import weakref
import zlib
from collections import deque
from collections.abc import Callable
from typing import Any, cast

import h11
from typing_extensions import Unpack

from webstd.abort import AbortSignal, DOMException
from webstd.fetch.body import BodyState
from webstd.fetch.data_url import data_url_processor
from webstd.fetch.headers import Headers
from webstd.fetch.pool import (
    DECLINE,
    FAST_LIMIT,
    MAX_HEAD_SIZE,
    Connection,
    ConnectionPool,
    FastResponse,
    OriginKey,
    get_pool,
)
from webstd.fetch.request import Request, RequestInit
from webstd.fetch.response import Response
from webstd.streams.readable import ReadableStream, ReadableStreamDefaultReader
from webstd.url.parser import URLRecord, basic_url_parse, serialize_url
from webstd.url.percent_encoding import percent_decode_string
from webstd.url.url import URL

__all__ = ["FetchInit", "fetch"]

USER_AGENT = "webstd/0.1"

# Fetch §2.2.4: redirect statuses and null body statuses.
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_NULL_BODY_STATUSES = frozenset({101, 103, 204, 205, 304})
# Fetch §2.2.2: request-body-header names, dropped when a redirect changes the method.
_REQUEST_BODY_HEADER_NAMES = frozenset(
    {"content-encoding", "content-language", "content-location", "content-type"}
)
# Fetch §4.4 step 13 drops `Authorization` on a cross-origin redirect; undici also drops
# these, which carry credentials or name the old origin.
_CROSS_ORIGIN_DROPPED = frozenset({"authorization", "proxy-authorization", "cookie", "host"})
# Fetch §2.9 "bad port".
_BAD_PORTS = frozenset(
    {
        0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87,
        95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143,
        161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556,
        563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190,
        5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
    }
)  # fmt: skip
_MAX_REDIRECTS = 20
# RFC 9110 §9.2.2 idempotent methods: only these are retried automatically (RFC 9112 §9.3.1)
# when a reused keep-alive connection closes before any byte of the response.
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
# Largest chunk handed to the body stream after decoding (bounds a decompression bomb).
_DECODED_CHUNK = 256 * 1024
# Largest write of a known-length request body before waiting for the socket to drain.
_WRITE_CHUNK = 256 * 1024
# A redirect response's body is read (so the connection can be reused) up to this size.
_DRAIN_LIMIT = 64 * 1024

Verify = bool | _ssl.SSLContext


class FetchInit(RequestInit, total=False):
    """RequestInit (Fetch §5.4) plus one Python extra for TLS.

    `verify`: True (default) checks certificates and host names with the system's
    trust store; False turns checking off (tests only); an `ssl.SSLContext` is used
    as given (e.g. one that trusts a test CA).
    """

    verify: Verify


async def fetch(input: str | URL | Request, **init: Unpack[FetchInit]) -> Response:
    """Fetch `input` (a URL string, `URL` or `Request`) as the Fetch Standard's fetch() does."""
    # Fetch §5.6 fetch() steps 1-2: construct a Request from input and init.
    options: dict[str, Any] = dict(init)
    verify = options.pop("verify", True)
    request = Request(input, **options)
    # Step 4: an aborted signal aborts at once.
    signal = request._signal
    assert signal is not None
    if signal.aborted:
        error = _abort_error(signal)
        # Fetch §5.6 "abort the fetch() call" step 2: a readable request body is cancelled
        # with the same error the fetch rejects with.
        body = request._body
        if body is not None and body._stream is not None:
            with contextlib.suppress(Exception):
                body._stream.cancel(error)
        raise error
    response = await _Fetch(request, signal, _ssl_context(verify)).main_fetch()
    if signal._dependent:  # only a signal that follows the caller's can still abort
        _error_body_on_abort(signal, response)
    return response


class _FetchedBody(BodyState):
    """A body that arrived whole, referenced weakly by its abort algorithm."""

    __slots__ = ("__weakref__",)


def _error_body_on_abort(signal: AbortSignal, response: Response) -> None:
    """Fetch §5.6 fetch() step 11: a later abort errors the response body if still readable.

    Streamed bodies do this themselves (`_BodySource`); this is for a body that arrived
    whole. The algorithm holds the body weakly and goes when the body does.
    """
    body = response._body
    if body is None or body._stream is not None or body.used or not body.length:
        return  # an empty body's stream is closed at once: an abort leaves it closed
    whole = _FetchedBody(body.source, body.length)
    response._body = whole
    ref = weakref.ref(whole)

    def abort() -> None:
        # Fetch §5.6 "abort the fetch() call" step 4: "If response's body is non-null and
        # is readable, then error response's body with error."
        target = ref()
        if target is None or target.used:
            return
        error = _abort_error(signal)
        stream = target._stream
        if stream is None:
            target._stream = _errored_stream(error)
        else:
            with contextlib.suppress(Exception):
                stream._controller.error(error)  # a no-op unless still readable

    signal._add_algorithm(abort)
    weakref.finalize(whole, signal._remove_algorithm, abort)


def _errored_stream(error: BaseException) -> ReadableStream:
    def start(controller: Any) -> None:
        controller.error(error)

    return ReadableStream({"start": start})


# -- errors ---------------------------------------------------------------------------


def _abort_error(signal: AbortSignal) -> BaseException:
    """The error a fetch aborted by `signal` raises: its reason (an AbortError if none)."""
    reason = signal.reason
    if isinstance(reason, BaseException):
        return reason
    error = DOMException(f"the operation was aborted with reason {reason!r}", "AbortError")
    error.reason = reason  # type: ignore[attr-defined]
    return error


def _network_error(url: str, cause: BaseException | str) -> TypeError:
    """Fetch §2.2.6 "network error", as fetch() rejects with it: a TypeError naming URL and cause."""
    if isinstance(cause, str):
        return TypeError(f"fetch failed: {url}: {cause}")
    detail = str(cause) or type(cause).__name__
    error = TypeError(f"fetch failed: {url}: {type(cause).__name__}: {detail}")
    error.__cause__ = cause
    return error


# -- TLS ------------------------------------------------------------------------------

_default_context: _ssl.SSLContext | None = None
_unverified_context: _ssl.SSLContext | None = None


def _ssl_context(verify: object) -> _ssl.SSLContext:
    global _default_context, _unverified_context
    if isinstance(verify, _ssl.SSLContext):
        return verify
    if verify is True:
        if _default_context is None:
            _default_context = _ssl.create_default_context()
            _default_context.set_alpn_protocols(["http/1.1"])
        return _default_context
    if verify is False:
        if _unverified_context is None:
            context = _ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = _ssl.CERT_NONE
            context.set_alpn_protocols(["http/1.1"])
            _unverified_context = context
        return _unverified_context
    raise TypeError(f"fetch: verify must be a bool or an ssl.SSLContext, not {verify!r}")


# -- URLs -----------------------------------------------------------------------------


def _split_http_url(url: str) -> tuple[str, str, str, int, str]:
    """(scheme, authority, host to connect to, port, request target) of a serialized http(s) URL.

    A serialized special URL is `scheme://[userinfo@]host[:port]/path[?query][#fragment]`
    (a Request has no userinfo; a redirect target may), so plain string splitting gives
    what parsing would. The authority is `host[:port]`, as the Host header wants it.
    """
    scheme, _, rest = url.partition("://")
    slash = rest.find("/")
    authority = rest[:slash].rpartition("@")[2]
    target = rest[slash:].partition("#")[0]
    if authority.startswith("["):
        end = authority.index("]")
        host = authority[1:end]
        port_text = authority[end + 2 :]
    else:
        host, _, port_text = authority.partition(":")
    port = int(port_text) if port_text else (443 if scheme == "https" else 80)
    return scheme, authority, host, port, target


def _basic_credentials(url: str) -> bytes | None:
    """Fetch §4.5 step 13: `Basic` credentials from a URL's userinfo, if it has any."""
    rest = url.partition("://")[2]
    userinfo, at, _ = rest[: rest.find("/")].rpartition("@")
    if not at:
        return None
    username, _, password = userinfo.partition(":")
    plain = percent_decode_string(username) + b":" + percent_decode_string(password)
    return b"Basic " + base64.b64encode(plain)


def _same_origin(a: URLRecord, b: URLRecord) -> bool:
    # HTML "same origin" for tuple origins: scheme, host and port.
    return a.scheme == b.scheme and a.host == b.host and a.port == b.port


# -- content codings ------------------------------------------------------------------


class _Inflater:
    """One content coding's decoder (gzip, or deflate with or without its zlib wrapper)."""

    __slots__ = ("coding", "held", "ignoring", "tail", "z")

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self.z: Any = None
        # Input not yet consumed (zlib's unconsumed tail, or the bytes after a gzip member).
        self.tail = b""
        # A lone first byte of what may be a next gzip member's magic number.
        self.held = b""
        # After the coding's end: the rest is trailing bytes, ignored (as Node's zlib does).
        self.ignoring = False

    def decode(self, data: bytes) -> bytes:
        if self.tail or self.held:
            data = self.held + self.tail + data
            self.tail = self.held = b""
        if not data or self.ignoring:
            return b""
        z = self.z
        if z is not None and z.eof:
            # RFC 1952 §2.2: a gzip body is a series of members; bytes after the end of a
            # deflate stream or of the last member are not body.
            if self.coding == "gzip" and data[:2] == b"\x1f\x8b":
                z = None
            elif self.coding == "gzip" and data == b"\x1f":
                self.held = data
                return b""
            else:
                self.ignoring = True
                return b""
        if z is None:
            # RFC 9110 §8.4.1.2 deflate is zlib-wrapped; servers also send it raw, which
            # undici accepts: a zlib header has compression method 8 in its low bits.
            deflate = self.coding == "deflate"
            wbits = (15 if data[0] & 0x0F == 8 else -15) if deflate else 31
            z = self.z = zlib.decompressobj(wbits)
        out: bytes = z.decompress(data, _DECODED_CHUNK)
        self.tail = z.unused_data if z.eof else z.unconsumed_tail
        return out

    def flush(self) -> bytes:
        if self.z is None:
            return b""  # no coded bytes at all: an empty body stays empty
        if not self.z.eof:
            # Compression §5 "decompress flush": input that ends before the format's end is
            # an error, so a truncated coded body errors instead of ending short.
            raise zlib.error(f"the {self.coding} body ended before the end of its coding")
        return b""


class _Decoders:
    """Fetch §4.6 step "codings": undo the response's content codings, last applied first."""

    __slots__ = ("stages",)

    def __init__(self, codings: list[str]) -> None:
        self.stages = [_Inflater(coding) for coding in reversed(codings)]

    def decode(self, data: bytes) -> bytes:
        for stage in self.stages:
            data = stage.decode(data)
        return data

    @property
    def pending(self) -> bool:
        return any(stage.tail for stage in self.stages)

    def flush(self) -> bytes:
        out = b""
        for stage in self.stages:
            parts = [stage.decode(out)]
            while stage.tail:
                parts.append(stage.decode(b""))
            parts.append(stage.flush())
            out = b"".join(parts)
        return out


def _codings(value: str | None) -> list[str] | None:
    """The codings to undo for a `Content-Encoding` value, or None to leave the body as is."""
    if not value:
        return None
    codings = [c.strip().lower() for c in value.split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings or len(codings) > 5:
        return None
    normalized = []
    for coding in codings:
        if coding in ("gzip", "x-gzip"):
            normalized.append("gzip")
        elif coding == "deflate":
            normalized.append("deflate")
        else:
            return None  # as undici: an unknown coding leaves the whole body undecoded
    return normalized


# -- the fetch ------------------------------------------------------------------------


class _Fetch:
    """One fetch: Fetch §2.2.5 request state that changes along redirects, and the steps."""

    __slots__ = (
        "_abort_hook",
        "_conn",
        "_waiting",
        "body",
        "context",
        "header_list",
        "method",
        "redirect_count",
        "redirect_mode",
        "request",
        "signal",
        "url",
        "url_list",
    )

    def __init__(self, request: Request, signal: AbortSignal, context: _ssl.SSLContext) -> None:
        self.request = request
        self.signal = signal
        self.context = context
        self.method = request._method
        self.url = request._url
        self.url_list = [request._url]
        self.header_list: list[tuple[str, str]] = list(request._headers._list)
        self.body: BodyState | None = request._body
        self.redirect_mode = request._redirect
        self.redirect_count = 0
        self._conn: Connection | None = None
        self._waiting: asyncio.Future[Any] | None = None
        self._abort_hook: Callable[[], None] | None = None

    # Fetch §4.1 main fetch (the parts a server-side fetch has), with §4.2 scheme fetch.
    async def main_fetch(self) -> Response:
        while True:
            scheme = self.url[: self.url.index(":")]
            if scheme == "data":
                return self._data_fetch()
            if scheme not in ("http", "https"):
                raise _network_error(
                    self.url, f"the {scheme!r} scheme is not supported (only http, https and data)"
                )
            response = await self._http_fetch()
            if response is not None:
                if self.request._integrity:
                    return await self._check_integrity(response)
                return response

    async def _check_integrity(self, response: Response) -> Response:
        # Fetch §4.1 main fetch step 22: with integrity metadata, the whole body is read and
        # must match it (SRI §3.3.5 "do bytes match metadataList"), else a network error.
        try:
            data = await response.bytes()
        except Exception as error:
            raise _network_error(self.url, error) from error
        if not _bytes_match_metadata(data, self.request._integrity):
            raise _network_error(self.url, "the body does not match the integrity metadata")
        response._body = BodyState(data, len(data))
        return response

    def _data_fetch(self) -> Response:
        # Fetch §4.2 scheme fetch, "data": the data: URL processor's result, or a network error.
        result = data_url_processor(self.url)
        if result is None:
            raise _network_error(self.url, "invalid data: URL")
        headers = Headers._from_raw(
            [(b"content-type", str(result.mime_type).encode("latin-1"))], "immutable"
        )
        return self._response(200, "OK", headers, BodyState(result.body, len(result.body)))

    def _response(
        self, status: int, status_text: str, headers: Headers, body: BodyState | None
    ) -> Response:
        """A basic response (Fetch §2.2.6) as fetch() returns it."""
        response = Response.__new__(Response)
        response._status = status
        response._status_text = status_text
        response._headers = headers
        response._body = body
        response._type = "basic"
        # Fetch §6.5 url getter: the response URL serialized with exclude fragment.
        response._url = self.url.partition("#")[0]
        response._redirected = len(self.url_list) > 1
        response._cookies = None
        return response

    # Fetch §4.3 HTTP fetch: one HTTP-network fetch, then the redirect mode decides.
    # Returns None when a redirect was followed (main fetch runs again on the new URL).
    async def _http_fetch(self) -> Response | None:
        scheme, authority, host, port, target = _split_http_url(self.url)
        # Fetch §4.1 step 7 "block bad port".
        if port in _BAD_PORTS:
            raise _network_error(self.url, f"port {port} is a bad port (Fetch §2.9)")
        key: OriginKey = (scheme, host, port, self.context if scheme == "https" else None)
        pool = get_pool()
        self._install_abort_hook()
        try:
            conn, event = await self._exchange(pool, key, host, authority, target)
        except BaseException:
            self._uninstall_abort_hook()
            raise
        fast = isinstance(event, FastResponse)
        status: int = event.status_code
        status_text = event.reason.decode("latin-1")
        raw_headers: list[tuple[bytes, bytes]] = (
            event.raw_headers if fast else event.headers.raw_items()
        )
        content_encoding: str | None = None
        location: list[bytes] = []
        head_size = 0
        # A body that may be read in raw mode: one plain Content-Length, HTTP/1.1, no
        # Transfer-Encoding or Connection header (h11 handles everything else).
        raw_length: int | None = None
        raw_ok = fast or event.http_version == b"1.1"
        framing = 0
        for name, value in raw_headers:
            head_size += len(name) + len(value) + 4
            lowered = name.lower()
            if lowered in (b"content-length", b"transfer-encoding", b"connection"):
                if lowered == b"content-length":
                    framing |= 1
                elif lowered == b"transfer-encoding":
                    framing |= 2
                if lowered == b"content-length" and raw_length is None and value.isdigit():
                    raw_length = int(value)
                else:
                    raw_ok = False
            elif lowered == b"content-encoding":
                text = value.decode("latin-1")
                content_encoding = (
                    text if content_encoding is None else f"{content_encoding}, {text}"
                )
            elif lowered == b"location":
                location.append(value)
            elif lowered == b"keep-alive":
                _keep_alive_hint(conn, value)
        if framing == 3:
            # RFC 9112 §6.3 item 3: Content-Length with Transfer-Encoding "ought to be handled
            # as an error" (response splitting); undici (llhttp) refuses it too.
            pool.discard(conn)
            self._uninstall_abort_hook()
            raise _network_error(
                self.url, "the response has both Content-Length and Transfer-Encoding"
            )
        if head_size > MAX_HEAD_SIZE:
            # h11 caps only a head still arriving; one that came whole is checked here.
            pool.discard(conn)
            self._uninstall_abort_hook()
            raise _network_error(
                self.url, f"the response head is larger than {MAX_HEAD_SIZE} bytes"
            )
        if status in _REDIRECT_STATUSES and location and self.redirect_mode != "manual":
            # Fetch §4.3 step 8: "error" makes a network error, "follow" an HTTP-redirect fetch.
            if fast:
                pool.release(conn)
            else:
                await self._discard_body(pool, conn)
            self._uninstall_abort_hook()
            if self.redirect_mode == "error":
                raise _network_error(
                    self.url, f"redirect (status {status}) while redirect mode is 'error'"
                )
            self._redirect(status, location)
            return None
        headers = Headers._from_raw(raw_headers, "immutable")
        if fast:
            if status in _NULL_BODY_STATUSES:
                # Fetch §4.6 step 12: a null body status has a null body (a 205 with
                # content: the framing was read, the content is dropped).
                pool.release(conn)
                self._uninstall_abort_hook()
                return self._response(status, status_text, headers, None)
            return self._response(
                status, status_text, headers, self._fast_body(pool, conn, event, content_encoding)
            )
        if self.method == "HEAD" or status in _NULL_BODY_STATUSES:
            await self._discard_body(pool, conn)
            self._uninstall_abort_hook()
            return self._response(status, status_text, headers, None)
        return self._response(
            status,
            status_text,
            headers,
            self._response_body(
                pool, conn, _codings(content_encoding), raw_length if raw_ok else None
            ),
        )

    # -- abort ------------------------------------------------------------------------

    def _install_abort_hook(self) -> None:
        # Fetch §5.6 fetch() step 11: on abort, "abort the fetch() call" with the reason.
        def abort() -> None:
            reason = _abort_error(self.signal)
            waiting = self._waiting
            if waiting is not None and not waiting.done():
                waiting.cancel()
            conn = self._conn
            if conn is not None:
                conn.abort(reason)

        self._abort_hook = abort
        self.signal._add_algorithm(abort)

    def _uninstall_abort_hook(self) -> None:
        hook = self._abort_hook
        if hook is not None:
            self._abort_hook = None
            self.signal._remove_algorithm(hook)
        self._conn = None

    def _on_waiting(self, future: asyncio.Future[Any] | None) -> None:
        self._waiting = future

    # -- Fetch §4.6 HTTP-network fetch ------------------------------------------------

    async def _exchange(
        self, pool: ConnectionPool, key: OriginKey, host: str, authority: str, target: str
    ) -> tuple[Connection, Any]:
        """Send the request on a pooled connection and read the response head.

        A reused keep-alive connection the server closed before answering gets one
        retry on a new connection, if the method is idempotent and the body can be sent
        again (as undici does).
        """
        raw = self._request_head(authority)
        for attempt in (0, 1):
            conn = pool.take_idle(key) if attempt == 0 else None
            if conn is None:
                conn = await self._connect(pool, key, host)
            if self.signal.aborted:  # aborted just as the connection was handed over
                pool.discard(conn)
                raise _abort_error(self.signal)
            self._conn = conn
            try:
                event = await self._send_and_receive_head(conn, target, raw)
            except BaseException as error:
                pool.discard(conn)
                if self.signal.aborted:
                    raise _abort_error(self.signal) from None
                retry = (
                    attempt == 0
                    and conn.reused
                    and not conn.received_any
                    and isinstance(error, (OSError, h11.RemoteProtocolError, _ClosedEarly))
                    and self.method in _IDEMPOTENT_METHODS
                    and _can_resend(self.body)
                )
                if retry:
                    continue
                if isinstance(error, Exception) and not isinstance(
                    error, (TypeError, DOMException)
                ):
                    raise _network_error(self.url, error) from error
                raise
            return conn, event
        raise AssertionError("unreachable")  # pragma: no cover

    async def _connect(self, pool: ConnectionPool, key: OriginKey, host: str) -> Connection:
        try:
            return await pool.acquire(key, host, self._on_waiting)
        except asyncio.CancelledError:
            if self.signal.aborted:
                raise _abort_error(self.signal) from None
            raise
        except _ssl.SSLError as error:
            raise _network_error(self.url, error) from error
        except OSError as error:
            raise _network_error(self.url, error) from error
        finally:
            self._waiting = None

    def _request_head(self, authority: str) -> list[tuple[bytes, bytes]]:
        """Fetch §4.5 steps 8-16: the header list as it goes to the network."""
        header_list = self.header_list
        names = {name for name, _ in header_list}
        body = self.body
        raw: list[tuple[bytes, bytes]] = []
        if "host" not in names:
            raw.append((b"host", authority.encode("ascii")))
        if "authorization" not in names and "@" in self.url:
            credentials = _basic_credentials(self.url)
            if credentials is not None:
                raw.append((b"authorization", credentials))
        for name, value in header_list:
            if name == "transfer-encoding" or (
                name == "content-length" and (body is None or body.length is not None)
            ):
                continue  # the framing is ours to choose, below
            raw.append((name.encode("latin-1"), value.encode("latin-1")))
        # Fetch §4.5 steps 8-10: Content-Length for a body of known length, `0` for a
        # bodiless POST or PUT; a body of unknown length goes chunked (RFC 9112 §6.1).
        if body is None:
            if self.method in ("POST", "PUT"):
                raw.append((b"content-length", b"0"))
        elif body.length is not None:
            raw.append((b"content-length", str(body.length).encode("ascii")))
        elif "content-length" not in names:
            raw.append((b"transfer-encoding", b"chunked"))
        # Fetch §4.5 step 11 (User-Agent), §5.6 fetch() (Accept), step 14 (Accept-Language,
        # "*" as undici sends), step 16 (Accept-Encoding; `identity` with a Range header).
        if "user-agent" not in names:
            raw.append((b"user-agent", USER_AGENT.encode("ascii")))
        if "accept" not in names:
            raw.append((b"accept", b"*/*"))
        if "accept-language" not in names:
            raw.append((b"accept-language", b"*"))
        if "accept-encoding" not in names:
            raw.append((b"accept-encoding", b"identity" if "range" in names else b"gzip, deflate"))
        return raw

    async def _send_and_receive_head(
        self, conn: Connection, target: str, raw: list[tuple[bytes, bytes]]
    ) -> Any:
        body = self.body
        fast_body = _fast_path_body(self.method, target, raw, body)
        if fast_body is not None:
            result = await self._fast_exchange(conn, target, raw, fast_body)
            if result is not None:
                return result
            # Declined: h11 now holds the exchange (request replayed, response bytes fed).
            return await self._receive_head(conn, None)
        h = conn.h11
        data = h.send(h11.Request(method=self.method, target=target, headers=raw))
        assert data is not None
        pump: asyncio.Task[None] | None = None
        if body is None:
            end = h.send(h11.EndOfMessage())
            assert end is not None
            conn.send(data + end)
        elif body._stream is None and isinstance(body.source, bytes):
            await _send_bytes(conn, data, body.source)
        else:
            conn.send(data)
            pump = asyncio.get_running_loop().create_task(
                _pump_body(conn, _body_stream(body), self.url)
            )
            pump.add_done_callback(_retrieve)
        return await self._receive_head(conn, pump)

    async def _fast_exchange(
        self, conn: Connection, target: str, raw: list[tuple[bytes, bytes]], body: bytes
    ) -> FastResponse | None:
        """The whole exchange on the fast path (pool.py); None once it is handed to h11."""
        conn.start_fast()
        lines = [f"{self.method} {target} HTTP/1.1\r\n".encode("ascii")]
        lines.extend([name + b": " + value + b"\r\n" for name, value in raw])
        lines.append(b"\r\n")
        lines.append(body)
        conn.send(b"".join(lines))
        while True:
            result = conn.fast_response()
            if result is None:
                if not conn.fast_head_received():
                    await conn.wait_fast()
                    continue
                # The head is here but not all of the body: fetch() resolves now and the body
                # streams (Fetch §4.6: the response is returned once its head is received), so
                # a body that is slow or stalled does not hold up the fetch; h11 takes over.
                result = DECLINE
            if isinstance(result, FastResponse):
                return result
            sent: list[Any] = [h11.Request(method=self.method, target=target, headers=raw)]
            if body:
                sent.append(h11.Data(data=body))
            sent.append(h11.EndOfMessage())
            conn.leave_fast(sent)
            return None

    async def _receive_head(self, conn: Connection, pump: asyncio.Task[None] | None) -> Any:
        # Fetch §4.6: wait for the response head (1xx responses are skipped). Their heads
        # count against MAX_HEAD_SIZE together, so endless 1xx cannot stall the fetch.
        informational = 0
        try:
            while True:
                event = conn.next_event_nowait()
                if event is h11.NEED_DATA:
                    event = await conn.next_event()
                kind = type(event)
                if kind is h11.Response:
                    return event
                if kind is h11.ConnectionClosed:
                    raise _ClosedEarly("the server closed the connection without a response")
                if kind is not h11.InformationalResponse:  # pragma: no cover - h11 guarantees it
                    raise _ClosedEarly(f"unexpected {event!r} before the response")
                informational += 16 + sum(len(n) + len(v) + 4 for n, v in event.headers)
                if informational > MAX_HEAD_SIZE:
                    raise _HeadTooLarge(
                        f"informational (1xx) responses larger than {MAX_HEAD_SIZE} bytes"
                    )
        except BaseException:
            if pump is not None:
                pump.cancel()
            raise

    def _fast_body(
        self,
        pool: ConnectionPool,
        conn: Connection,
        response: FastResponse,
        content_encoding: str | None,
    ) -> BodyState:
        """The body of a fast-path response: all here; the connection goes back at once."""
        pool.release(conn)
        codings = _codings(content_encoding)
        data = response.body
        if codings is None:
            self._uninstall_abort_hook()
            return BodyState(data, len(data))
        # Decoded chunk by chunk as it is read, like a streamed body (bounded output).
        self._conn = None
        source = _BodySource(self, pool, None, [data], codings, ended=True)
        source.install()
        return BodyState(None, None, stream=source.make_stream())

    def _response_body(
        self,
        pool: ConnectionPool,
        conn: Connection,
        codings: list[str] | None,
        raw_length: int | None,
    ) -> BodyState:
        """The response body: bytes if it all arrived already, else a stream that pulls."""
        chunks: list[bytes] = []
        while True:
            try:
                event = conn.next_event_nowait()
            except Exception:
                event = h11.NEED_DATA  # raised again, from the stream's first pull
            kind = type(event)
            if kind is h11.Data:
                chunks.append(event.data)
            elif kind is h11.EndOfMessage and codings is None:
                # The whole body was in the first read: the connection goes back at once.
                pool.release(conn)
                self._uninstall_abort_hook()
                data = b"".join(chunks) if len(chunks) != 1 else bytes(chunks[0])
                return BodyState(data, len(data))
            else:
                ended = kind is h11.EndOfMessage
                source = _BodySource(self, pool, conn, chunks, codings, ended, raw_length)
                self._conn = None
                source.install()
                return BodyState(None, None, stream=source.make_stream())

    async def _discard_body(self, pool: ConnectionPool, conn: Connection) -> None:
        """Drop the body of a redirect (or a bodiless response) so the connection can be reused.

        What already arrived is read now; the rest, if any, is drained by a background task
        (at most _DRAIN_LIMIT bytes within _DRAIN_SECONDS, else the connection is closed):
        Fetch §4.4 does not wait for a redirect's body, so a server that stalls it cannot
        stall the fetch.
        """
        try:
            while True:
                event = conn.next_event_nowait()
                if event is h11.NEED_DATA:
                    break
                kind = type(event)
                if kind is h11.EndOfMessage:
                    pool.release(conn)
                    return
                if kind is not h11.Data:  # pragma: no cover - h11 ends a body with EndOfMessage
                    pool.discard(conn)
                    return
        except Exception:
            pool.discard(conn)  # the head was fine: a broken body only costs the connection
            return
        task = asyncio.get_running_loop().create_task(_drain(pool, conn))
        _DRAINING.add(task)
        task.add_done_callback(_DRAINING.discard)
        task.add_done_callback(_retrieve)

    # -- Fetch §4.4 HTTP-redirect fetch ----------------------------------------------

    def _redirect(self, status: int, location_values: list[bytes]) -> None:
        url = self.url
        current = basic_url_parse(url)
        assert current is not None
        # Fetch §2.2.6 "location URL": one Location value, parsed against the response URL.
        if len(location_values) != 1:
            raise _network_error(url, "a redirect with more than one Location header")
        raw_location = location_values[0]
        try:
            location_text = raw_location.decode("utf-8")
        except UnicodeDecodeError:
            location_text = raw_location.decode("latin-1")
        location = basic_url_parse(location_text, current)
        if location is None:
            raise _network_error(url, f"the redirect Location {location_text!r} is not a valid URL")
        # The fragment carries over when the Location has none.
        if location.fragment is None:
            location.fragment = current.fragment
        # Step 6: only HTTP(S) URLs can be followed.
        if location.scheme not in ("http", "https"):
            raise _network_error(
                url,
                f"redirect to {serialize_url(location)!r}: only http and https redirects are followed",
            )
        # Step 7-8: at most 20 redirects.
        if self.redirect_count == _MAX_REDIRECTS:
            raise _network_error(url, f"more than {_MAX_REDIRECTS} redirects")
        self.redirect_count += 1
        # Step 11: a body that cannot be sent again cannot follow a 301, 302, 307 or 308.
        body = self.body
        if status != 303 and body is not None and not _can_resend(body):
            raise _network_error(
                url,
                f"redirect (status {status}) of a request whose streamed body cannot be sent again",
            )
        header_list = self.header_list
        # Step 12: 301/302 turn POST into GET; 303 turns anything but GET/HEAD into GET.
        if (status in (301, 302) and self.method == "POST") or (
            status == 303 and self.method not in ("GET", "HEAD")
        ):
            self.method = "GET"
            self.body = body = None
            header_list = [
                (name, value)
                for name, value in header_list
                if name not in _REQUEST_BODY_HEADER_NAMES and name != "content-length"
            ]
        # Step 13: a cross-origin redirect drops credentials.
        if not _same_origin(current, location):
            header_list = [(n, v) for n, v in header_list if n not in _CROSS_ORIGIN_DROPPED]
        self.header_list = header_list
        # Step 14: the body is extracted again from its source.
        if body is not None:
            self.body = BodyState(body.source, body.length, body._make_stream)
        # Step 16: the new URL is appended to the URL list.
        self.url = serialize_url(location)
        self.url_list.append(self.url)


_DRAINING: set[asyncio.Task[None]] = set()
# How long a redirect's unfinished body may take to arrive before its connection is closed.
_DRAIN_SECONDS = 2.0


async def _drain(pool: ConnectionPool, conn: Connection) -> None:
    """Read and drop the rest of a body in the background; pool the connection if it ends."""

    async def read_to_end() -> bool:
        received = 0
        while received <= _DRAIN_LIMIT:
            event = await conn.next_event()
            kind = type(event)
            if kind is h11.EndOfMessage:
                return True
            if kind is not h11.Data:  # pragma: no cover - h11 ends a body with EndOfMessage
                return False
            received += len(event.data)
        return False

    try:
        ended = await asyncio.wait_for(read_to_end(), _DRAIN_SECONDS)
    except BaseException:
        ended = False
    if ended:
        pool.release(conn)
    else:
        pool.discard(conn)


class _ClosedEarly(Exception):
    """The server closed the connection before a response head."""


class _HeadTooLarge(Exception):
    """The response head (1xx responses included) is larger than MAX_HEAD_SIZE."""


def _retrieve(task: asyncio.Task[None]) -> None:
    if not task.cancelled():
        task.exception()


_SRI_ALGORITHMS = {"sha256": 1, "sha384": 2, "sha512": 3}


def _bytes_match_metadata(data: bytes, metadata: str) -> bool:
    """SRI §3.3.3 "parse metadata", §3.3.4 "get the strongest metadata", §3.3.5 "do bytes match"."""
    parsed: list[tuple[str, str]] = []
    for item in metadata.split():
        expression = item.partition("?")[0]
        algorithm, dash, value = expression.partition("-")
        algorithm = algorithm.lower()
        if dash and algorithm in _SRI_ALGORITHMS:
            parsed.append((algorithm, value))
    if not parsed:
        return True
    strongest = max(_SRI_ALGORITHMS[algorithm] for algorithm, _ in parsed)
    for algorithm, expected in parsed:
        if _SRI_ALGORITHMS[algorithm] != strongest:
            continue
        actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii")
        # base64 and base64url spellings of the digest are both accepted, padding optional.
        normalized = expected.replace("-", "+").replace("_", "/").rstrip("=")
        if actual.rstrip("=") == normalized:
            return True
    return False


def _keep_alive_hint(conn: Connection, value: bytes) -> None:
    for part in value.split(b","):
        name, _, number = part.strip().partition(b"=")
        if name.strip().lower() == b"timeout":
            with contextlib.suppress(ValueError):
                conn.set_idle_timeout_hint(float(number.strip()))


# RFC 9112 §3.2 request-target and RFC 9110 §5.5 field values as h11 checks them; what
# Headers lets through beyond that (other control characters) takes h11's path and error.
_FAST_TARGET = re.compile(r"[\x21-\x7e]+")
_FIELD_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def _fast_path_body(
    method: str, target: str, raw: list[tuple[bytes, bytes]], body: BodyState | None
) -> bytes | None:
    """The request body if the exchange may take the fast path (pool.py), else None."""
    if method == "HEAD" or not _FAST_TARGET.fullmatch(target):
        return None
    if body is None:
        data = b""
    elif body._stream is None and isinstance(body.source, bytes) and len(body.source) <= FAST_LIMIT:
        data = body.source
    else:
        return None
    for name, _ in raw:
        if name == b"connection":
            return None  # h11 tracks what `Connection` asks for
    if _FIELD_CONTROL.search(b"\t".join([value for _, value in raw])):
        return None
    return data


def _can_resend(body: BodyState | None) -> bool:
    """Whether a body's source can be extracted again (Fetch §4.4 step 11: source non-null)."""
    return body is None or isinstance(body.source, bytes) or body._make_stream is not None


def _body_stream(body: BodyState) -> ReadableStream:
    return body.stream


async def _send_bytes(conn: Connection, head: bytes, data: bytes) -> None:
    """Send a head and a known-length body, waiting for the socket between large pieces."""
    h = conn.h11
    if len(data) <= _WRITE_CHUNK:
        parts = h.send_with_data_passthrough(h11.Data(data=data))
        end = h.send(h11.EndOfMessage())
        assert parts is not None and end is not None
        conn.send(b"".join([head, *parts, end]))
        return
    conn.send(head)
    view = memoryview(data)
    for start in range(0, len(data), _WRITE_CHUNK):
        piece = view[start : start + _WRITE_CHUNK]
        for part in h.send_with_data_passthrough(h11.Data(data=cast(bytes, piece))) or ():
            conn.send(part)
        await conn.drain()
    end = h.send(h11.EndOfMessage())
    assert end is not None
    conn.send(end)


async def _pump_body(conn: Connection, stream: ReadableStream, url: str) -> None:
    """Fetch §4.6 "transmit request body": read the stream and send each chunk as it comes."""
    reader = stream.get_reader()
    assert isinstance(reader, ReadableStreamDefaultReader)
    h = conn.h11
    try:
        while True:
            value, done = await reader.read()
            if done:
                break
            if not isinstance(value, (bytes, bytearray, memoryview)):
                raise TypeError(
                    f"fetch: request body chunks must be bytes, not {type(value).__name__}"
                )
            if not value:
                continue
            for part in h.send_with_data_passthrough(h11.Data(data=cast(bytes, value))) or ():
                conn.send(part)
            await conn.drain()
        end = h.send(h11.EndOfMessage())
        assert end is not None
        conn.send(end)
    except BaseException as error:
        with contextlib.suppress(Exception):
            await reader.cancel(error)
        if isinstance(error, Exception) and not isinstance(error, DOMException):
            # The fetch waiting for the response fails with the body's error.
            conn.abort(_network_error(url, error))
        raise


class _BodySource:
    """The underlying source of a fetched response's body stream (Fetch §4.6 step 12).

    `pull` runs only when a reader asks (high-water mark 0) and hands over one chunk
    from the socket; the connection goes back to the pool after the last one.
    """

    __slots__ = (
        "__weakref__",
        "_abort_hook",
        "_chunks",
        "_conn",
        "_controller",
        "_decoders",
        "_done",
        "_ended",
        "_fetch",
        "_length",
        "_pool",
        "_raw",
    )

    def __init__(
        self,
        fetch: _Fetch,
        pool: ConnectionPool,
        conn: Connection | None,
        chunks: list[bytes],
        codings: list[str] | None,
        ended: bool,
        length: int | None = None,
    ) -> None:
        self._fetch = fetch
        # The body bytes still to come when they may be read in raw mode (pool.py), else None.
        self._length = None if length is None else length - sum(len(chunk) for chunk in chunks)
        self._raw = False
        self._pool = pool
        self._conn: Connection | None = conn
        self._chunks: deque[bytes] = deque(chunk for chunk in chunks if chunk)
        self._decoders = None if codings is None else _Decoders(codings)
        self._controller: Any = None
        self._done = False
        self._ended = ended
        self._abort_hook: Callable[[], None] | None = None

    def install(self) -> None:
        """Move the fetch's abort handling from the fetch to this body."""
        fetch = self._fetch
        fetch._uninstall_abort_hook()
        self._abort_hook = self._on_abort
        fetch.signal._add_algorithm(self._on_abort)

    def make_stream(self) -> ReadableStream:
        return ReadableStream(
            {"start": self._start, "pull": self._pull, "cancel": self._cancel},
            {"high_water_mark": 0},
        )

    def _start(self, controller: Any) -> None:
        self._controller = controller

    async def _pull(self, controller: Any) -> None:
        decoders = self._decoders
        while True:
            if decoders is not None and decoders.pending:
                out = self._decode(b"")
                if out:
                    controller.enqueue(out)
                    return
            if self._chunks:
                chunk = self._chunks.popleft()
                out = chunk if decoders is None else self._decode(chunk)
                if out:
                    controller.enqueue(out if type(out) is bytes else bytes(out))
                    return
                continue
            if self._ended:
                self._end(controller)
                return
            conn = self._conn
            if conn is None:  # pragma: no cover - a pull after the end or an error
                return
            try:
                if self._raw:
                    raw_chunk = await conn.read_raw()
                    if raw_chunk is None:
                        conn.finish_raw()
                        self._ended = True
                    else:
                        self._chunks.append(raw_chunk)
                    continue
                event = conn.next_event_nowait()
                if event is h11.NEED_DATA:
                    length = self._length
                    if length is not None and length > 0 and conn.h11.our_state is h11.DONE:
                        conn.start_raw(length)  # the rest of the body bypasses h11
                        self._raw = True
                        continue
                    event = await conn.next_event()
            except BaseException as error:
                self._finish(reuse=False)
                if self._fetch.signal.aborted:
                    raise _abort_error(self._fetch.signal) from None
                if isinstance(error, asyncio.CancelledError):
                    raise
                raise _network_error(self._fetch.url, error) from error
            kind = type(event)
            if kind is h11.Data:
                if self._length is not None:
                    self._length -= len(event.data)
                self._chunks.append(event.data)
            elif kind is h11.EndOfMessage:
                self._ended = True
            else:  # pragma: no cover - h11 ends a body with EndOfMessage or raises
                self._finish(reuse=False)
                raise _network_error(self._fetch.url, f"unexpected {event!r} in the body")

    def _end(self, controller: Any) -> None:
        """The body's end: flush the decoders, give the connection back, close the stream."""
        tail = b""
        decoders = self._decoders
        if decoders is not None:
            try:
                while decoders.pending:
                    tail += decoders.decode(b"")
                tail += decoders.flush()
            except zlib.error as error:
                self._finish(reuse=False)
                raise _network_error(self._fetch.url, error) from error
        self._finish(reuse=True)
        if tail:
            controller.enqueue(tail)
        controller.close()

    def _decode(self, data: bytes) -> bytes:
        assert self._decoders is not None
        try:
            return self._decoders.decode(data)
        except zlib.error as error:
            self._finish(reuse=False)
            raise _network_error(self._fetch.url, error) from error

    def _cancel(self, reason: Any) -> None:
        self._finish(reuse=False)

    def _on_abort(self) -> None:
        # Fetch §4 "abort fetch": error the body stream with the reason; close the connection.
        reason = _abort_error(self._fetch.signal)
        self._abort_hook = None
        self._finish(reuse=False, reason=reason)
        controller = self._controller
        if controller is not None:
            with contextlib.suppress(Exception):
                controller.error(reason)

    def _finish(self, reuse: bool, reason: BaseException | None = None) -> None:
        if self._done:
            return
        self._done = True
        self._chunks.clear()
        conn = self._conn
        self._conn = None
        hook = self._abort_hook
        if hook is not None:
            self._abort_hook = None
            self._fetch.signal._remove_algorithm(hook)
        if conn is not None:
            if reason is not None:
                conn.abort(reason)
                self._pool.discard(conn)
            elif reuse:
                self._pool.release(conn)
            else:
                self._pool.discard(conn)

    def __del__(self) -> None:
        # A body dropped unread: its connection is closed, not leaked.
        if not self._done and self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
