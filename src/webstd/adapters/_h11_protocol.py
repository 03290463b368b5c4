"""The built-in server's connection protocol: an `asyncio.Protocol` driving `h11`.

h11 parses and frames HTTP/1.1; this module adds what a server facing hostile
clients needs on top, because h11 alone accepts too much (see issue 5):

- the raw request head is checked before h11 parses it: bare-LF line ends and
  obs-fold lines are rejected (RFC 9112 §2.2, §5.2), its size, line count and
  request-line length are capped while it is still arriving *and* once it is
  complete (h11 only caps bytes of an incomplete head);
- the parsed request is checked again: HTTP version (505), request-target
  form per method (RFC 9112 §3.2), Host syntax (RFC 9110 §7.2), duplicate
  Content-Length and Content-Length with Transfer-Encoding (RFC 9112 §6.3:
  request smuggling, always 400 and close), Content-Length digits and any
  Transfer-Encoding but a lone chunked (400, or 501 for a coding we do not
  implement), the body-size limit (413);
- chunk-size lines are checked against RFC 9112 §7.1.1 (h11 takes ";" and any
  bytes after it) and capped in length; trailers count against the header limit;
- a client that half-closes (shutdown(SHUT_WR)) still gets the answers to the
  requests it sent; empty lines before a request-line are skipped (RFC 9112 §2.2);
- every phase has a deadline: header read (slowloris), idle keep-alive,
  body read; one periodic sweep per server checks them (`Server` in
  webstd.adapters.h11), so the hot path only stores a float.

One request at a time per connection (pipelined requests are answered in
order). A response whose body is a known byte sequence goes out in a single
`transport.write`; a streamed body is written chunk by chunk with write
backpressure. A request body is read from the socket on demand, one chunk per
step of its async iterator (the `ReadableStream` over it is made only if the
handler asks for `request.body`): reading is paused until the handler asks.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, cast

import h11

from webstd.abort import AbortController, DOMException
from webstd.adapters._common import (
    RequestBodyTooLarge,
    encode_non_ascii,
    is_body_limit_error,
    request_url,
    status_phrase,
    valid_host,
)
from webstd.fetch.request import Request
from webstd.fetch.response import Response
from webstd.streams.readable import (
    ReadableStream,
    ReadableStreamDefaultReader,
    readable_stream_drain_source,
)

if TYPE_CHECKING:
    from webstd.adapters.h11 import Server

__all__ = ["Limits"]

logger = logging.getLogger("webstd.server")
access_logger = logging.getLogger("webstd.access")

_SERVER_NAME = b"webstd"
_NULL_BODY_STATUSES = frozenset((101, 103, 204, 205, 304))
_HEAD_END_RE = re.compile(rb"\n\r?\n")  # the end of a head as h11 finds it (bare LF included)
# RFC 9112 §7.1.1: chunk = chunk-size [ chunk-ext ] CRLF, chunk-ext = *( BWS ";" BWS name
# [ BWS "=" BWS ( token / quoted-string ) ] ); h11 accepts ";" followed by anything (a bare CR
# included), which another parser may read differently (request smuggling).
_TOKEN = rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_QUOTED = rb'"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t -~\x80-\xff])*"'
_CHUNK_HEADER_RE = re.compile(
    rb"[0-9A-Fa-f]+(?:[ \t]*;[ \t]*%s(?:[ \t]*=[ \t]*(?:%s|%s))?)*[ \t]*\r\n"
    % (_TOKEN, _TOKEN, _QUOTED)
)
_MAX_CHUNK_LINE = 4096  # bytes of a chunk-size line with its extensions: over it, 400

_eager_task_factory = getattr(asyncio, "eager_task_factory", None)  # Python 3.12+
_ChunkedWriter: type | None = getattr(getattr(h11, "_writers", None), "ChunkedWriter", None)
_ChunkedReader: type | None = getattr(getattr(h11, "_readers", None), "ChunkedReader", None)
_BATCH_SIZE = 512 * 1024  # bytes of ready response chunks sent in one write
_FAST_WRITE = hasattr(h11.Connection, "_process_event")  # see _HTTPConnection._send_known
_CLOSE = [(b"connection", b"close")]
_CHUNKED = [(b"transfer-encoding", b"chunked")]
_CLOSE_CHUNKED = [*_CLOSE, *_CHUNKED]
_FRAMING_HEADERS = (b"content-length", b"transfer-encoding")
_END_OF_MESSAGE = h11.EndOfMessage()
_REASONS = {status.value: status.phrase.encode("ascii") for status in HTTPStatus}
_background: set[asyncio.Task[None]] = set()  # tasks nobody awaits, kept alive until done

# Connection phases, each with its own deadline (`_HTTPConnection.deadline`).
_IDLE, _HEAD, _HANDLER, _BODY, _LINGER = range(5)


@dataclass(frozen=True)
class Limits:
    """Limits on what a client may send; each has a safe default and can be changed."""

    max_header_bytes: int = 16 * 1024  # request line + headers; over it: 431
    max_header_count: int = 100  # 431
    max_target_length: int = 8 * 1024  # request-target; over it: 414
    max_body_size: int | None = 1024**3  # 413 (None: no limit)
    header_timeout: float = 10.0  # seconds to receive a whole head (slowloris): 408, close
    keep_alive_timeout: float = 5.0  # idle seconds between requests: close
    body_timeout: float = 30.0  # seconds without body bytes while the handler waits: close
    max_connections: int = 1000  # more are answered 503 and closed
    max_chunk_digits: int = 8  # hex digits of a chunk-size (h11 allows 20): 400


# --- Date header and access-log time, built at most once per second ---------------------------

_date_second = -1
_date_header = b""
_log_time = ""


def _refresh_clock() -> None:
    global _date_second, _date_header, _log_time
    now = time.time()
    second = int(now)
    if second != _date_second:
        _date_second = second
        _date_header = formatdate(now, usegmt=True).encode("ascii")
        _log_time = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now))


# --- Raw head checks (before h11 parses) -------------------------------------------------------


def _check_head(buffer: bytes, limits: Limits) -> tuple[int, str] | None:
    """An error status and reason for a request head at the start of `buffer`, or None if fine.

    Works on an incomplete head too: then only the size limits apply.
    """
    line_end = buffer.find(b"\n")
    if (line_end == -1 and len(buffer) > limits.max_target_length + 32) or (
        line_end > limits.max_target_length + 32
    ):
        return 414, "request-target too long"
    end = buffer.find(b"\r\n\r\n")
    if end != -1:
        end += 4
    else:  # a head whose end uses a bare LF, as h11 would find it
        match = _HEAD_END_RE.search(buffer)
        if match is None:
            if len(buffer) > limits.max_header_bytes:
                return 431, "request header fields too large"
            return None
        end = match.end()
    head = buffer[:end]
    if end > limits.max_header_bytes:
        return 431, "request header fields too large"
    line_count = head.count(b"\n")
    if line_count - 2 > limits.max_header_count:
        return 431, "too many header fields"
    # RFC 9112 §2.2: a bare LF is not a line terminator we accept (request smuggling).
    if head.count(b"\r\n") != line_count:
        return 400, "bare LF in request head"
    # RFC 9112 §5.2: obs-fold is rejected with 400.
    if head.find(b"\n ") != -1 or head.find(b"\n\t") != -1:  # (find: faster than `in`)
        return 400, "obsolete line folding in request head"
    # RFC 9112 §6.3: several Content-Length fields, or a list, mean a smuggling attempt.
    lowered = head.lower()
    count = lowered.count(b"\ncontent-length:")
    if count > 1:
        return 400, "several Content-Length values"
    if count == 1:
        start = lowered.index(b"\ncontent-length:")
        line = head[start : head.index(b"\n", start + 1)]
        if b"," in line:
            return 400, "several Content-Length values"
        # RFC 9110 §8.6: Content-Length = 1*DIGIT (a huge one is over any body limit: 413)
        value = line.partition(b":")[2].strip(b" \t\r")
        if not value.isdigit():
            return 400, "invalid Content-Length"
        if len(value) > 18:
            return 413, "request body too large"
    if lowered.count(b"\ntransfer-encoding"):  # (count: faster than `in` here)
        return _check_transfer_encoding(lowered)
    return None


def _check_transfer_encoding(lowered: bytes) -> tuple[int, str] | None:
    """An error status for the Transfer-Encoding of a request head (lower-cased), or None."""
    codings: list[bytes] = []
    for line in lowered.split(b"\r\n")[1:]:
        name, colon, value = line.partition(b":")
        if colon and name == b"transfer-encoding":
            codings.extend(coding.strip(b" \t") for coding in value.split(b","))
    if not codings:
        return None  # a field whose name only starts with transfer-encoding: h11 judges it
    # RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing.
    if lowered[: lowered.index(b"\r\n")].endswith(b" http/1.0"):
        return 400, "Transfer-Encoding in an HTTP/1.0 request"
    if codings == [b"chunked"]:
        return None
    # RFC 9112 §6.3 (4): chunked not the final coding (or absent): the length is unknown, a
    # server MUST answer 400 (over §6.1's SHOULD 501 for a coding it does not implement).
    # RFC 9112 §7.1: chunked applied twice is invalid too.
    if codings[-1] != b"chunked" or codings.count(b"chunked") > 1:
        return 400, "invalid Transfer-Encoding"
    # RFC 9112 §6.1: chunked last, but another coding before it that we do not implement.
    return 501, "transfer coding not implemented"


# --- The request body, pulled from the socket on demand ----------------------------------------


class _RequestBodyChunks:
    """The request body as an async iterator: each step reads one chunk from h11.

    `Request._from_server` makes the `ReadableStream` over it (high water mark
    0: one read per pull) only if the handler asks for `request.body`;
    cancelling that stream calls `aclose`.
    """

    __slots__ = ("_protocol",)

    def __init__(self, protocol: _HTTPConnection) -> None:
        self._protocol = protocol

    def __aiter__(self) -> _RequestBodyChunks:
        return self

    async def __anext__(self) -> bytes:
        chunk = await self._protocol.read_body_chunk()
        if chunk is None:
            raise StopAsyncIteration
        return chunk

    async def aclose(self) -> None:
        # The handler gave up on the body: close the connection after the response.
        self._protocol.closing = True


class _Cycle:
    """One request/response exchange on a connection."""

    __slots__ = (
        "body_error",
        "body_received",
        "controller",
        "head_sent",
        "keep_alive",
        "method",
        "request_line",
        "response_bytes",
        "response_reader",
        "status",
    )

    def __init__(
        self, method: bytes, request_line: str, controller: AbortController, keep_alive: bool
    ) -> None:
        self.method = method
        self.keep_alive = keep_alive
        self.request_line = request_line
        self.controller = controller
        self.body_received = 0
        self.body_error = 0  # 400 or 413 when the request body broke a rule
        self.head_sent = False
        self.status = 0
        self.response_bytes = 0
        self.response_reader: ReadableStreamDefaultReader | None = None


class _HTTPConnection(asyncio.Protocol):
    """One client connection: parses requests with h11 and answers them one after another."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.limits = server.limits
        self.loop = server.loop
        self.conn = h11.Connection(
            h11.SERVER, max_incomplete_event_size=server.limits.max_header_bytes
        )
        self.transport: asyncio.Transport = None  # type: ignore[assignment]
        self.cycle: _Cycle | None = None
        self.phase = _IDLE
        self.deadline = 0.0
        self.client = "-"
        self.local_host = "localhost"
        self.reading_paused = False
        self.writing_paused = False
        self.drain_waiter: asyncio.Future[None] | None = None
        self.body_waiter: asyncio.Future[None] | None = None
        self.closed = False
        self.closing = False
        self.linger_bytes = 0
        self.eof = False  # the client closed its sending side
        self.reading_requests = False
        self.held = False  # no new request until the client reads our responses
        self.task: asyncio.Task[None] | None = None  # the current request's handler

    # asyncio.Protocol ---------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        server = self.server
        server.connections.add(self)
        peer = transport.get_extra_info("peername")
        if isinstance(peer, tuple):
            self.client = str(peer[0])
        sockname = transport.get_extra_info("sockname")
        if isinstance(sockname, tuple):
            host, port = sockname[0], sockname[1]
            self.local_host = f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"
        if len(server.connections) > self.limits.max_connections or server.shutting_down:
            self._reject(503, "server busy")
            return
        self.deadline = self.loop.time() + self.limits.header_timeout
        self.phase = _HEAD

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.server.connections.discard(self)
        cycle = self.cycle
        if cycle is not None:
            self._client_gone(cycle)
        for waiter in (self.body_waiter, self.drain_waiter):
            if waiter is not None and not waiter.done():
                waiter.set_result(None)

    def eof_received(self) -> bool | None:
        # RFC 9112 §9.6: a client may close its sending side once its requests are sent; the
        # requests already received are still answered (keep the transport open for writing),
        # then the connection closes.
        if self.phase == _LINGER or self.closed:
            return None  # close the transport: connection_lost follows
        cycle = self.cycle
        if cycle is not None and cycle.response_reader is not None:
            # A streamed response is under way. TCP cannot tell a half-close from a close
            # until a write fails, and the stream may never write again: take the client as
            # gone now (connection_lost cancels the stream), as uvicorn and hypercorn do.
            return None
        self.eof = True
        self.conn.receive_data(b"")
        if cycle is None:
            self._read_requests()
        elif self.conn.their_state is h11.SEND_BODY:
            self._wake_body_reader()
        elif not cycle.controller.signal.aborted:
            # The client will send nothing more (it may be gone): tell the handler.
            cycle.controller.abort(DOMException("The client closed the connection.", "AbortError"))
        return True

    def pause_writing(self) -> None:
        self.writing_paused = True

    def resume_writing(self) -> None:
        self.writing_paused = False
        waiter = self.drain_waiter
        if waiter is not None:
            self.drain_waiter = None
            if not waiter.done():
                waiter.set_result(None)
        if self.held:
            self.held = False
            self._resume_reading()
            pending, eof = self.conn.trailing_data
            if pending or eof:
                self._read_requests()

    def data_received(self, data: bytes) -> None:
        if self.phase == _LINGER:
            self.linger_bytes += len(data)
            if self.linger_bytes > 1024 * 1024:
                self.transport.abort()
            return
        self.conn.receive_data(data)
        if self.cycle is None:
            self._read_requests()
        elif self.body_waiter is not None:
            self._wake_body_reader()
        else:
            # A request is being answered and nobody asked for more: hold the client back.
            self._pause_reading()

    # Reading requests ---------------------------------------------------------------------

    def _read_requests(self) -> None:
        """Parse and start the requests waiting in the buffer, one at a time, in order."""
        if self.reading_requests or self.held:
            return  # an eagerly finished response ended its cycle inside this loop: it goes on
        self.reading_requests = True
        try:
            self._read_requests_loop()
        finally:
            self.reading_requests = False

    def _read_requests_loop(self) -> None:
        conn = self.conn
        while self.cycle is None and not self.closed and not self.held and self.phase != _LINGER:
            if conn.their_state is h11.IDLE:
                pending, eof = conn.trailing_data
                if pending and pending[0] == 13:  # CR: maybe empty lines before a request
                    pending = self._skip_empty_lines(pending)
                if not pending:
                    if eof:  # the client half-closed after its last request: all answered
                        self.transport.close()
                    return
                if self.phase == _IDLE:
                    self.phase = _HEAD
                    self.deadline = self.loop.time() + self.limits.header_timeout
                problem = _check_head(pending, self.limits)
                if problem is not None:
                    self._reject(*problem)
                    return
            try:
                event = conn.next_event()
            except h11.RemoteProtocolError as error:
                self._reject(error.error_status_hint, str(error))
                return
            except Exception:  # an h11 that lets another error out (h11 0.14: a huge number)
                logger.debug("h11 could not parse a request head", exc_info=True)
                self._reject(400, "bad request")
                return
            if event is h11.NEED_DATA:
                return
            if type(event) is h11.Request:
                self._start_request(event)
            elif type(event) is h11.ConnectionClosed:
                self.transport.close()
                return
            else:  # a stray event after a rejected exchange
                self._reject(400, "unexpected data")
                return

    def _skip_empty_lines(self, pending: bytes) -> bytes:
        """Drop the empty lines (CRLF) before a request-line from h11's buffer; what remains."""
        # RFC 9112 §2.2: a server SHOULD ignore at least one empty line before a request-line.
        count = 0
        while pending.startswith(b"\r\n", count):
            count += 2
        buffer = getattr(self.conn, "_receive_buffer", None)
        data = getattr(buffer, "_data", None)
        if not isinstance(data, bytearray) or bytes(data[:count]) != pending[:count]:
            return pending  # an h11 without this buffer: it rejects the empty line (400)
        del data[:count]
        buffer._next_line_search = buffer._multiple_lines_search = 0  # type: ignore[union-attr]
        if self.phase == _IDLE:  # empty lines do not keep a connection open past the deadline
            self.phase = _HEAD
            self.deadline = self.loop.time() + self.limits.header_timeout
        rest = pending[count:]
        return b"" if rest == b"\r" else rest  # a CR whose LF has not arrived yet: wait for it

    def _start_request(self, event: h11.Request) -> None:
        """Validate a parsed request head, build the `Request`, and run the handler."""
        limits = self.limits
        method = event.method
        target = event.target
        problem = self._check_request(event)
        if problem is not None:
            self._reject(*problem)
            return
        host: bytes | None = None
        content_length: int | None = None
        chunked = False
        keep_alive = event.http_version == b"1.1"  # h11 keeps no HTTP/1.0 connection alive
        # h11 keeps (raw name, lower-cased name, value) triples; one pass makes the pairs.
        raw_headers = [(name, value) for _, name, value in event.headers._full_items]
        for name, value in raw_headers:
            if name == b"host":
                host = value
            elif name == b"content-length":
                content_length = int(value)
            elif name == b"transfer-encoding":
                chunked = True
            elif name == b"connection" and _has_close(value):
                keep_alive = False
        if chunked and content_length is not None:
            self._reject(400, "Content-Length with Transfer-Encoding")
            return
        if (
            content_length is not None
            and limits.max_body_size is not None
            and content_length > limits.max_body_size
        ):
            self._reject(413, "request body too large")
            return
        if host is None:
            authority = self.local_host
        else:
            authority = host.decode("ascii", "replace")
            if not valid_host(authority):
                self._reject(400, "invalid Host")
                return
        target_str = encode_non_ascii(target)
        if target[:1] == b"/":
            target_str = self.server.root_path + target_str
        url = request_url("http", authority, target_str)
        if url is None:
            self._reject(400, "invalid request URL")
            return
        server = self.server
        controller = AbortController()
        body: _RequestBodyChunks | None = None
        if chunked or content_length:
            body = _RequestBodyChunks(self)
            self._pause_reading()
        else:
            self.conn.next_event()  # the EndOfMessage of a request without a body
        cycle = self.cycle = _Cycle(
            method,
            f"{method.decode('ascii')} {target.decode('latin-1')} HTTP/{event.http_version.decode('ascii')}"
            if server.access_log
            else "",
            controller,
            keep_alive,
        )
        self.phase = _HANDLER
        self.deadline = 0.0
        try:
            request = Request._from_server(
                method.decode("ascii"), url, raw_headers, body, controller.signal
            )
        except Exception:
            logger.exception("could not build a Request for %r", target)
            self.cycle = None
            self._reject(400, "bad request")
            return
        self.task = _start_task(self.loop, self._respond(cycle, request))

    def _check_request(self, event: h11.Request) -> tuple[int, str] | None:
        """An error status for a parsed request line and headers, or None."""
        limits = self.limits
        if event.http_version not in (b"1.1", b"1.0"):
            return 505, "HTTP version not supported"
        target = event.target
        if len(target) > limits.max_target_length:
            return 414, "request-target too long"
        if len(event.headers) > limits.max_header_count:
            return 431, "too many header fields"
        method = event.method
        # RFC 9112 §3.2: origin-form, absolute-form, authority-form (CONNECT), asterisk-form (OPTIONS)
        if method == b"CONNECT":
            return (
                (400, "CONNECT needs authority-form")
                if target[:1] == b"/"
                else (501, "CONNECT not supported")
            )
        if method in (b"TRACE", b"TRACK"):
            return 501, "method not supported"
        if b"#" in target:
            return 400, "a request-target has no fragment"
        if target[:1] == b"/":
            return None
        if target == b"*":
            return (204, "") if method == b"OPTIONS" else (400, "asterisk-form is only for OPTIONS")
        lowered = target[:8].lower()
        if lowered.startswith((b"http://", b"https://")):
            # RFC 9110 §4.2.1: an http(s) URI with an empty host is invalid; §4.2.4: so is
            # userinfo. The authority must be a valid Host (RFC 9112 §3.2.2: it wins over Host).
            authority = target[lowered.index(b"//") + 2 :].split(b"/", 1)[0].split(b"?", 1)[0]
            if not valid_host(authority.decode("ascii", "replace")):
                return 400, "invalid authority in the request-target"
            return None
        return 400, "invalid request-target"

    # Request body -------------------------------------------------------------------------

    async def read_body_chunk(self) -> bytes | None:
        """The next chunk of the current request body, or None at its end (the stream's pull)."""
        conn = self.conn
        cycle = self.cycle
        while True:
            if self.closed or cycle is None or cycle is not self.cycle:
                raise ConnectionError("the client went away before the request body was read")
            if conn.they_are_waiting_for_100_continue:
                self.transport.write(
                    conn.send(
                        h11.InformationalResponse(
                            status_code=100, headers=_server_headers(), reason=b"Continue"
                        )
                    )
                )
            if self._bad_chunk_header():
                cycle.body_error = 400
                self.closing = True
                raise ConnectionError("bad request body: invalid chunk-size line")
            try:
                event = conn.next_event()
            except h11.RemoteProtocolError as error:
                cycle.body_error = 400
                self.closing = True
                raise ConnectionError(f"bad request body: {error}") from None
            if type(event) is h11.Data:
                data = bytes(event.data)
                cycle.body_received += len(data)
                max_body = self.limits.max_body_size
                if max_body is not None and cycle.body_received > max_body:
                    cycle.body_error = 413
                    raise RequestBodyTooLarge(f"the request body is larger than {max_body} bytes")
                self._check_chunk_size(cycle)
                if data:
                    # The handler has its chunk: no deadline while it works on it.
                    self.phase = _HANDLER
                    self.deadline = 0.0
                    return data
                continue
            if type(event) is h11.EndOfMessage:
                if len(event.headers) > self.limits.max_header_count:
                    # Trailer fields count against the same limit as header fields.
                    cycle.body_error = 400
                    self.closing = True
                    raise ConnectionError("bad request body: too many trailer fields")
                self.phase = _HANDLER
                self.deadline = 0.0
                return None
            if event is h11.NEED_DATA:
                problem = self._check_chunk_size(cycle)
                if problem:
                    raise ConnectionError("chunk-size too large")
                waiter = self.body_waiter = self.loop.create_future()
                self.phase = _BODY
                self.deadline = self.loop.time() + self.limits.body_timeout
                self._resume_reading()
                await waiter
                continue
            raise ConnectionError(f"unexpected {event!r} in a request body")

    def _bad_chunk_header(self) -> bool:
        """Whether the chunk-size line h11 reads next breaks RFC 9112 §7.1.1 or is too long."""
        reader: Any = getattr(self.conn, "_reader", None)
        at_chunk_start = reader.__class__ is _ChunkedReader
        if not at_chunk_start or reader._bytes_in_chunk or reader._reading_trailer:
            return False
        data = getattr(getattr(self.conn, "_receive_buffer", None), "_data", None)
        if not isinstance(data, bytearray):
            return False
        discard = reader._bytes_to_discard  # what is left of the CRLF ending the previous chunk
        if isinstance(discard, int):  # h11 0.14 counts it and does not check it
            discard = b"\r\n"[2 - discard :] if discard else b""
        start = len(discard)
        if data[:start] != discard[: len(data)]:
            return True  # RFC 9112 §7.1: chunk-data is followed by CRLF (a longer chunk)
        end = data.find(b"\r\n", start, start + _MAX_CHUNK_LINE)
        if end == -1:
            return len(data) - start >= _MAX_CHUNK_LINE
        return _CHUNK_HEADER_RE.fullmatch(data, start, end + 2) is None

    def _check_chunk_size(self, cycle: _Cycle) -> bool:
        """Reject a chunk whose announced size is over the body limit or the digit cap."""
        # h11 keeps the size of the chunk being read in its reader; it accepts 20 hex digits,
        # so a client could announce an endless chunk: cap it by the body limit.
        remaining = getattr(getattr(self.conn, "_reader", None), "_bytes_in_chunk", 0)
        max_body = self.limits.max_body_size
        limit = 16**self.limits.max_chunk_digits
        if max_body is not None:
            limit = min(limit, max_body - cycle.body_received + 1)
        if isinstance(remaining, int) and remaining > limit:
            cycle.body_error = 413
            self.closing = True
            return True
        return False

    def _wake_body_reader(self) -> None:
        waiter = self.body_waiter
        self.body_waiter = None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
        self._pause_reading()

    def _pause_reading(self) -> None:
        if not self.reading_paused and not self.closed:
            self.reading_paused = True
            self.transport.pause_reading()

    def _resume_reading(self) -> None:
        if self.reading_paused and not self.closed:
            self.reading_paused = False
            self.transport.resume_reading()

    # Responding ---------------------------------------------------------------------------

    async def _respond(self, cycle: _Cycle, request: Request) -> None:
        """Run the handler for one request and send what it returns (or a 500/413)."""
        try:
            response = await self.server.handler(request)
            if not isinstance(response, Response):
                raise TypeError(f"the handler returned {response!r}, not a Response")
        except Exception as error:
            if cycle.body_error == 400:
                self._finish_with_error(cycle, 400, "Bad Request")
            elif cycle.body_error == 413 or is_body_limit_error(error):
                self._finish_with_error(cycle, 413, "Payload Too Large")
            else:
                logger.exception("exception in handler for %s", cycle.request_line or "a request")
                self._finish_with_error(cycle, 500, "Internal Server Error")
            return
        try:
            await self._send_response(cycle, response)
        except Exception:
            logger.exception("could not send the response to %s", cycle.request_line or "a request")
            self._abort()
        self._end_cycle(cycle)

    def _response_headers(
        self, cycle: _Cycle, response: Response, content_length: int | None
    ) -> list[tuple[bytes, bytes]]:
        """The response's header list plus content-length, date, server and connection as needed."""
        headers = response.headers._raw()
        have_date = have_server = framing = False
        for name, value in headers:
            if name == b"date":
                have_date = True
            elif name == b"server":
                have_server = True
            elif name == b"content-length" or name == b"transfer-encoding":
                framing = True
            elif name == b"connection" and _has_close(value):
                self.closing = True
        if framing:
            if content_length is None or cycle.method == b"HEAD":
                # A stream (h11 checks its length) or no body follows: the handler's stand.
                content_length = None
            else:
                # RFC 9110 §8.6, RFC 9112 §6.3: we frame a known body; a handler's Content-Length
                # or Transfer-Encoding that disagreed would desync the connection (response
                # splitting), so they give way to the body's real length.
                headers = [pair for pair in headers if pair[0] not in _FRAMING_HEADERS]
        if content_length is not None:
            headers.append((b"content-length", b"%d" % content_length))
        if not have_date:
            headers.append((b"date", _date_header))
        if not have_server:
            headers.append((b"server", _SERVER_NAME))
        if (self.closing or not cycle.keep_alive) and not any(
            n == b"connection" for n, _ in headers
        ):
            headers.append((b"connection", b"close"))
        return headers

    async def _send_response(self, cycle: _Cycle, response: Response) -> None:
        _refresh_clock()
        status = response.status
        status_text = response.status_text
        reason = status_text.encode("latin-1", "replace") if status_text else _reason(status)
        if self.conn.their_state is h11.SEND_BODY:
            self.closing = True  # the request body was not read to its end: close after this
        body = response._body_bytes()
        stream = response.body if body is None else None
        if stream is None:
            self._send_known(cycle, status, reason, response, body or b"")
            return
        conn = self.conn
        headers = self._response_headers(cycle, response, None)
        cycle.status = status
        cycle.head_sent = True
        head: bytes | None = None  # sent with the first chunks when they are ready at once
        if (
            _FAST_WRITE
            and cycle.method != b"HEAD"
            and status not in _NULL_BODY_STATUSES
            and conn.their_http_version == b"1.1"
            and not any(name in _FRAMING_HEADERS for name, _ in headers)
        ):
            head = self._chunked_head(status, reason, headers, self.closing or not cycle.keep_alive)
        else:
            self.transport.write(
                conn.send(h11.Response(status_code=status, headers=headers, reason=reason))
            )
        if cycle.method == b"HEAD" or status in _NULL_BODY_STATUSES:
            await stream.cancel()
            self.transport.write(conn.send(h11.EndOfMessage()))
            return
        await self._send_stream(cycle, stream, head)

    def _chunked_head(
        self, status: int, reason: bytes, headers: list[tuple[bytes, bytes]], closing: bool
    ) -> bytes:
        """Equivalent to conn.send(h11.Response(...)) for a body of unknown length to an
        HTTP/1.1 client (tests/serving/test_drain_source_serving.py checks they agree): h11
        would add Transfer-Encoding: chunked, so make that head directly, as _send_known does."""
        self.conn._process_event(
            h11.SERVER,
            h11.Response(
                status_code=status,
                headers=_CLOSE_CHUNKED if closing else _CHUNKED,
                _parsed=True,
            ),
        )
        return b"HTTP/1.1 %d %s\r\n%stransfer-encoding: chunked\r\n\r\n" % (
            status,
            reason,
            b"".join([name + b": " + value + b"\r\n" for name, value in headers]),
        )

    def _send_known(
        self, cycle: _Cycle, status: int, reason: bytes, response: Response, body: bytes
    ) -> None:
        """Send a response whose body is a known byte sequence, in one write."""
        null_body = status in _NULL_BODY_STATUSES
        headers = self._response_headers(cycle, response, None if null_body else len(body))
        send_body = bool(body) and not null_body and cycle.method != b"HEAD"
        cycle.status = status
        cycle.head_sent = True
        cycle.response_bytes = len(body) if send_body else 0
        conn = self.conn
        if _FAST_WRITE:
            # Equivalent to conn.send(Response) + conn.send(Data) + conn.send(EndOfMessage)
            # (tests/serving/test_h11_server.py checks they agree): the header list is already
            # valid (webstd Headers never hold CR, LF or NUL), so write the head directly and
            # only step h11's state machine, which is what decides keep-alive and the next cycle.
            closing = self.closing or not cycle.keep_alive
            conn._process_event(
                h11.SERVER,
                h11.Response(status_code=status, headers=_CLOSE if closing else [], _parsed=True),
            )
            conn._process_event(h11.SERVER, _END_OF_MESSAGE)
            head = b"HTTP/1.1 %d %s\r\n%s\r\n" % (
                status,
                reason,
                b"".join([name + b": " + value + b"\r\n" for name, value in headers]),
            )
            self.transport.write(head + body if send_body else head)
            return
        data = conn.send(h11.Response(status_code=status, headers=headers, reason=reason))
        if send_body:
            data += conn.send(h11.Data(data=body))
        self.transport.write(data + conn.send(h11.EndOfMessage()))

    async def _send_stream(
        self, cycle: _Cycle, stream: ReadableStream, head: bytes | None = None
    ) -> None:
        conn = self.conn
        transport = self.transport
        # readable_stream_drain_source: a ReadableStream.from_() body is read by iterating its
        # source, equivalent to the default reader of stream.get_reader() (the slow path).
        reader = cycle.response_reader = readable_stream_drain_source(stream) or cast(
            ReadableStreamDefaultReader, stream.get_reader()
        )
        # Equivalent to conn.send_with_data_passthrough(h11.Data(data=chunk)) when h11 frames
        # the body as chunked (tests/serving/test_drain_source_serving.py checks they agree):
        # a Data event changes no h11 state, so only the RFC 9112 §7.1 framing is written.
        chunked = _FAST_WRITE and type(getattr(conn, "_writer", None)) is _ChunkedWriter
        # Chunks that arrive without waiting are framed into one buffer and sent together
        # (up to _BATCH_SIZE): one send() and one wake-up of the client per batch, not per
        # chunk. A read that has to wait sends the batch first, so nothing ready is held back.
        batch: bytearray | None = None if head is None else bytearray(head)
        try:
            while True:
                read = reader.read()
                if batch is not None and not read.settled:
                    transport.write(batch)
                    batch = None
                    if self.writing_paused and not await self._drained():
                        return
                result = await read
                if self.closed:
                    return
                if result.done:
                    break
                chunk = result.value
                if not isinstance(chunk, (bytes, bytearray, memoryview)):
                    raise TypeError(f"a response body chunk must be bytes, not {chunk!r}")
                if chunk:
                    if transport.is_closing():
                        return
                    cycle.response_bytes += len(chunk)
                    # Not writelines(): on Python 3.12-3.13 the selector transport's writelines()
                    # never calls pause_writing(), so backpressure would be lost.
                    if chunked:
                        if batch is None:
                            batch = bytearray()
                        batch += b"%x\r\n" % len(chunk)
                        batch += chunk
                        batch += b"\r\n"
                        if len(batch) < _BATCH_SIZE:
                            continue
                        transport.write(batch)  # never changed after: the transport may keep it
                        batch = None
                    else:
                        transport.write(
                            b"".join(
                                conn.send_with_data_passthrough(h11.Data(data=bytes(chunk))) or ()
                            )
                        )
                    if self.writing_paused and not await self._drained():
                        return
        except BaseException:
            if batch is not None and not transport.is_closing():
                transport.write(batch)  # what was read before the error still goes out
            raise
        if not transport.is_closing():
            end = conn.send(h11.EndOfMessage())
            if batch is not None:
                batch += end
                transport.write(batch)
            else:
                transport.write(end)

    async def _drained(self) -> bool:
        """Wait until the transport resumes writing; False if the connection closed meanwhile."""
        waiter = self.drain_waiter = self.loop.create_future()
        await waiter
        return not self.closed

    def _finish_with_error(self, cycle: _Cycle, status: int, text: str) -> None:
        """Answer `status` in place of a failed handler; the connection stays usable when it can."""
        if cycle.head_sent or self.closed:
            self._abort()
            self._end_cycle(cycle)
            return
        _refresh_clock()
        body = text.encode("ascii")
        if status in (400, 413):
            self.closing = True
        if self.conn.their_state is h11.SEND_BODY:
            self.closing = True
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", b"%d" % len(body)),
            (b"date", _date_header),
            (b"server", _SERVER_NAME),
        ]
        if self.closing:
            headers.append((b"connection", b"close"))
        conn = self.conn
        try:
            data = conn.send(
                h11.Response(status_code=status, headers=headers, reason=_reason(status))
            )
            if cycle.method != b"HEAD":
                data += conn.send(h11.Data(data=body))
            data += conn.send(h11.EndOfMessage())
        except h11.LocalProtocolError:
            self._abort()
        else:
            self.transport.write(data)
        cycle.status = status
        cycle.response_bytes = len(body)
        self._end_cycle(cycle)

    def _end_cycle(self, cycle: _Cycle) -> None:
        """Log the exchange, then get ready for the next request (or close)."""
        if self.server.access_log:
            self._log_access(cycle)
        self.cycle = None
        if self.closed:
            return
        conn = self.conn
        if (
            not self.closing
            and not self.server.shutting_down
            and conn.our_state is h11.DONE
            and conn.their_state is h11.DONE
        ):
            conn.start_next_cycle()
            self.phase = _IDLE
            self.deadline = self.loop.time() + self.limits.keep_alive_timeout
            if self.writing_paused:
                # The client does not read what we send: take no new request until it does.
                self.held = True
                self._pause_reading()
                return
            self._resume_reading()
            pending, eof = conn.trailing_data
            if pending or eof:
                self._read_requests()
            return
        if conn.their_state is h11.SEND_BODY or self.linger_bytes:
            self._linger()
        else:
            self.transport.close()

    def _log_access(self, cycle: _Cycle) -> None:
        _refresh_clock()
        access_logger.info(
            '%s - - [%s] "%s" %d %d',
            self.client,
            _log_time,
            cycle.request_line,
            cycle.status,
            cycle.response_bytes,
        )

    # Errors, disconnects, deadlines ---------------------------------------------------------

    def _client_gone(self, cycle: _Cycle) -> None:
        """The client went away mid-exchange: abort `request.signal`, cancel the response stream."""
        reason = DOMException("The client closed the connection.", "AbortError")
        if not cycle.controller.signal.aborted:
            cycle.controller.abort(reason)
        reader = cycle.response_reader
        if reader is not None:
            task = self.loop.create_task(_cancel_quietly(reader, reason))
            _background.add(task)
            task.add_done_callback(_background.discard)

    def _reject(self, status: int, reason: str) -> None:
        """Answer a request the server refuses (4xx/5xx or OPTIONS *) and close the connection."""
        if self.closed:
            return
        _refresh_clock()
        phrase = status_phrase(status).encode("ascii")
        body = b"" if status == 204 else phrase
        head = [
            b"HTTP/1.1 %d %s" % (status, phrase),
            b"content-type: text/plain; charset=utf-8" if body else b"",
            b"content-length: %d" % len(body) if status != 204 else b"",
            b"date: " + _date_header,
            b"server: " + _SERVER_NAME,
            b"connection: close",
        ]
        self.transport.write(b"\r\n".join(line for line in head if line) + b"\r\n\r\n" + body)
        if status != 204:
            logger.info("rejected a request from %s: %d %s", self.client, status, reason)
        if self.server.access_log:
            access_logger.info('%s - - [%s] "-" %d %d', self.client, _log_time, status, len(body))
        self._linger()

    def _linger(self) -> None:
        """Stop sending, keep discarding what the client sends for a moment, then close.

        Closing a socket with unread input makes the kernel send a reset, which can
        destroy the response before the client reads it (RFC 9112 §9.6).
        """
        self.phase = _LINGER
        self.deadline = self.loop.time() + 1.0
        self._resume_reading()
        if self.eof:
            self.transport.close()  # the client sends nothing more: nothing to wait for
        elif self.transport.can_write_eof():
            try:
                self.transport.write_eof()
            except OSError:
                self.transport.close()
        else:
            self.transport.close()

    def _abort(self) -> None:
        if not self.closed:
            self.transport.abort()

    def on_deadline(self, now: float) -> None:
        """Called by the server's sweep when `deadline` has passed."""
        self.deadline = 0.0
        if self.phase == _HEAD and self.conn.trailing_data[0]:
            self._reject(408, "request head not received in time")
        elif self.phase == _BODY:
            logger.info(
                "closing a connection from %s: request body not received in time", self.client
            )
            self._abort()
        else:
            self.transport.close()

    def close_when_idle(self) -> bool:
        """Shutdown: close now if no request is in progress; say whether it closed."""
        self.closing = True
        if self.cycle is None:
            self.transport.close()
            return True
        return False


async def _cancel_quietly(reader: ReadableStreamDefaultReader, reason: object) -> None:
    try:
        await reader.cancel(reason)
    except Exception:
        logger.debug("cancelling a response stream failed", exc_info=True)


def _start_task(
    loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, None]
) -> asyncio.Task[None]:
    """A task for `coro`; on Python 3.12+ it starts eagerly, so a handler that never waits
    answers without a trip through the event loop."""
    if _eager_task_factory is not None:
        return cast("asyncio.Task[None]", _eager_task_factory(loop, coro))
    return loop.create_task(coro)


def _has_close(value: bytes) -> bool:
    """Whether a Connection field value lists the "close" option (RFC 9112 §9.6)."""
    return b"close" in [token.strip() for token in value.lower().split(b",")]


def _reason(status: int) -> bytes:
    """The standard reason phrase of `status` as bytes ("" for an unregistered code)."""
    return _REASONS.get(status, b"")


def _server_headers() -> list[tuple[bytes, bytes]]:
    return [(b"date", _date_header), (b"server", _SERVER_NAME)]
