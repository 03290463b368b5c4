"""fetch()'s connections: one HTTP/1.1 connection on h11, and a per-event-loop pool of them.

Fetch §4.6 "HTTP-network fetch" leaves connections to the user agent ("obtain a
connection", Fetch §2.6 "connection pool"); this module is that part.

Why an `asyncio.Protocol` and not streams: a protocol gets each received chunk as
a callback and feeds it straight to h11, with no per-request task and no extra
buffer. Backpressure is explicit: when a chunk arrives and nobody is waiting for
one, the transport stops reading, so h11's buffer never holds more than the last
chunk the socket gave us, and a slow body reader slows the server down over TCP.

Two fast paths skip h11 where it is pure cost, each declining to h11 (the reference)
whenever anything is unusual: a plain exchange whose response arrives whole is
written and parsed here (`parse_fast_response`, checked against h11 by
tests/fetch_client/test_fetch_fast_path.py), and the rest of a large Content-Length
body is read in "raw mode", chunks going from the socket to the body stream untouched.

A connection goes back to the pool only when h11 (or a fast path) says both sides
finished the exchange cleanly; anything else (an error, an abort, a cancelled body,
a `Connection: close`) closes it. The pool keeps at most `max_per_origin`
connections per origin (the excess callers wait for one), and closes connections
idle for longer than `idle_timeout` seconds (or the server's `Keep-Alive:
timeout=` hint less a second, as undici does).
"""

from __future__ import annotations

import asyncio
import collections
import re
import ssl
import weakref
from collections.abc import Callable
from typing import Any

import h11

__all__ = [
    "DECLINE",
    "Connection",
    "ConnectionPool",
    "FastResponse",
    "OriginKey",
    "get_pool",
    "parse_fast_response",
]

# (scheme, host as it goes to getaddrinfo, port, TLS context or None)
OriginKey = tuple[str, str, int, "ssl.SSLContext | None"]

DEFAULT_MAX_PER_ORIGIN = 100
DEFAULT_IDLE_TIMEOUT = 4.0
# The largest response head accepted (undici allows 16 KiB, browsers far more).
MAX_HEAD_SIZE = 64 * 1024


class Connection(asyncio.Protocol):
    """One HTTP/1.1 client connection: a transport, an h11 state machine and one waiter."""

    __slots__ = (
        "__weakref__",
        "_aborted",
        "_drain_waiter",
        "_fast",
        "_fast_eof",
        "_idle_timeout",
        "_lost",
        "_lost_exc",
        "_paused",
        "_pool",
        "_raw",
        "_raw_remaining",
        "_waiter",
        "_write_paused",
        "h11",
        "idle_since",
        "key",
        "received_any",
        "reused",
        "transport",
    )

    def __init__(self, pool: ConnectionPool, key: OriginKey) -> None:
        self._pool = pool
        self.key = key
        self.h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEAD_SIZE)
        self.transport: asyncio.Transport | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._drain_waiter: asyncio.Future[None] | None = None
        # While an exchange runs on the fast path (see `parse_fast_response`), received
        # bytes collect here instead of going to h11.
        self._fast: bytearray | None = None
        self._fast_eof = False
        # While the rest of a Content-Length body is read in raw mode (see `start_raw`),
        # received chunks queue here untouched instead of going through h11.
        self._raw: collections.deque[bytes] | None = None
        self._raw_remaining = 0
        self._paused = False
        self._write_paused = False
        self._lost = False
        self._lost_exc: BaseException | None = None
        self._aborted: BaseException | None = None
        self._idle_timeout = pool.idle_timeout
        self.idle_since = 0.0
        self.received_any = False
        self.reused = False

    # -- asyncio.Protocol callbacks -------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.received_any = True
        fast = self._fast
        raw = self._raw
        if raw is not None:
            overflow = len(data) > self._raw_remaining
            if overflow:
                data = data[: self._raw_remaining]
            self._raw_remaining -= len(data)
            if data:
                raw.append(data)
            if overflow:
                # Bytes beyond the Content-Length (as h11 would keep them for a next
                # response that was never asked for): the body is whole, the connection
                # is not reused.
                self._close()
                return
        elif fast is not None:
            fast += data
        else:
            try:
                self.h11.receive_data(data)
            except RuntimeError:  # data after EOF: h11 refuses it; the connection is unusable
                self._close()
                return
        waiter = self._waiter
        if waiter is not None:
            self._waiter = None
            if not waiter.done():
                waiter.set_result(None)
        elif not self._paused and self.transport is not None:
            # Nobody asked for this chunk yet: stop reading until someone does.
            self._paused = True
            self.transport.pause_reading()

    def eof_received(self) -> bool | None:
        self._feed_eof()
        return None  # let the transport close itself

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = True
        self._lost_exc = exc or self._lost_exc
        self._feed_eof()
        self._pool._forget(self)

    def pause_writing(self) -> None:
        self._write_paused = True

    def resume_writing(self) -> None:
        self._write_paused = False
        self._wake_drain()

    # -- used by fetch ----------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """Whether the transport is gone (or going)."""
        return self._lost or self.transport is None or self.transport.is_closing()

    def send(self, data: bytes | memoryview) -> None:
        """Write bytes (h11's output) to the socket; raise if the connection is gone."""
        self._raise_if_unusable()
        assert self.transport is not None
        self.transport.write(data)

    async def drain(self) -> None:
        """Wait while the transport's write buffer is above its high-water mark."""
        while self._write_paused:
            self._raise_if_unusable()
            waiter = self._pool.loop.create_future()
            self._drain_waiter = waiter
            await waiter
        self._raise_if_unusable()

    def next_event_nowait(self) -> Any:
        """h11's next event from what was already received (`h11.NEED_DATA` if none)."""
        try:
            return self.h11.next_event()
        except h11.RemoteProtocolError:
            if self._lost_exc is not None:
                raise self._lost_exc from None
            raise

    async def next_event(self) -> Any:
        """h11's next event, reading from the socket as needed."""
        while True:
            event = self.next_event_nowait()
            if event is not h11.NEED_DATA:
                return event
            if self._aborted is not None:
                raise self._aborted
            if self._paused and self.transport is not None:
                self._paused = False
                self.transport.resume_reading()
            await self._wait()

    def abort(self, reason: BaseException) -> None:
        """Close the connection now and make the pending (and any later) wait raise `reason`."""
        self._aborted = reason
        for waiter in (self._waiter, self._drain_waiter):
            if waiter is not None and not waiter.done():
                waiter.set_exception(reason)
                # The waiter's exception is raised to the awaiting code; nothing to log.
                waiter.exception()
        self._waiter = self._drain_waiter = None
        self._close()

    def close(self) -> None:
        """Close the connection (it will not go back to the pool)."""
        self._close()

    def start_fast(self) -> None:
        """Begin an exchange on the fast path: h11 stays idle, bytes collect in a buffer."""
        self._fast = bytearray()
        self._fast_eof = False

    def fast_response(self) -> FastResponse | object | None:
        """The fast path's parse of what arrived: a response, `DECLINE`, or None (wait)."""
        assert self._fast is not None
        result = parse_fast_response(self._fast, self._fast_eof)
        if result is not None and result is not DECLINE:
            self._fast = None  # h11 never saw this exchange: it is idle, ready for the next
        return result

    def fast_head_received(self) -> bool:
        """Whether a whole response head (CRLF or bare-LF lines) is in the fast path's buffer."""
        fast = self._fast
        return fast is not None and (fast.find(b"\r\n\r\n") >= 0 or fast.find(b"\n\n") >= 0)

    async def wait_fast(self) -> None:
        """Wait for more bytes on the fast path."""
        if self._aborted is not None:
            raise self._aborted
        if self._lost and self._fast_eof:
            raise self._lost_exc or ConnectionResetError("the connection was closed")
        if self._paused and self.transport is not None:
            self._paused = False
            self.transport.resume_reading()
        await self._wait()

    def leave_fast(self, sent: list[Any]) -> None:
        """Hand the exchange to h11: replay the request events `sent`, then what arrived."""
        data = self._fast
        assert data is not None
        self._fast = None
        for event in sent:
            self.h11.send(event)  # the bytes went out already, in the fast path's spelling
        try:
            if data:
                self.h11.receive_data(bytes(data))
            if self._fast_eof:
                self.h11.receive_data(b"")
        except RuntimeError:  # pragma: no cover - h11 refuses data after EOF
            self._close()

    def start_raw(self, remaining: int) -> None:
        """Read the last `remaining` bytes of a Content-Length body without h11.

        Only once h11 has nothing buffered (it answered NEED_DATA) and the request is
        sent: h11's copies are the main cost of a large download. `finish_raw` then
        gives the connection a fresh h11 for the next exchange.
        """
        self._raw = collections.deque()
        self._raw_remaining = remaining

    async def read_raw(self) -> bytes | None:
        """The next body chunk in raw mode; None after the last byte."""
        raw = self._raw
        assert raw is not None
        while True:
            if raw:
                chunk = raw.popleft()
                if self._paused and self.transport is not None:
                    # Read the next chunk ahead while this one is used: at most one
                    # chunk ever waits here, however slow the reader.
                    self._paused = False
                    self.transport.resume_reading()
                return chunk
            if self._raw_remaining == 0:
                return None
            if self._aborted is not None:
                raise self._aborted
            if self._lost:
                raise self._lost_exc or ConnectionResetError(
                    f"the connection closed {self._raw_remaining} bytes before the body's end"
                )
            if self._paused and self.transport is not None:
                self._paused = False
                self.transport.resume_reading()
            await self._wait()

    def finish_raw(self) -> None:
        """Leave raw mode after the body's last byte: the next exchange gets a fresh h11."""
        self._raw = None
        self.h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEAD_SIZE)

    def set_idle_timeout_hint(self, seconds: float) -> None:
        """Honour a server's `Keep-Alive: timeout=N` (less a second, like undici)."""
        self._idle_timeout = max(0.0, min(self._pool.idle_timeout, seconds - 1.0))

    # -- internals --------------------------------------------------------------------

    def _feed_eof(self) -> None:
        if self._fast is not None:
            self._fast_eof = True  # given to h11 if the exchange leaves the fast path
        else:
            try:
                self.h11.receive_data(b"")
            except RuntimeError:
                pass
        self._wake()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None:
            self._waiter = None
            if not waiter.done():
                waiter.set_result(None)
        self._wake_drain()

    def _wake_drain(self) -> None:
        waiter = self._drain_waiter
        if waiter is not None:
            self._drain_waiter = None
            if not waiter.done():
                waiter.set_result(None)

    async def _wait(self) -> None:
        waiter = self._pool.loop.create_future()
        self._waiter = waiter
        await waiter

    def _raise_if_unusable(self) -> None:
        if self._aborted is not None:
            raise self._aborted
        if self._lost or self.transport is None or self.transport.is_closing():
            raise self._lost_exc or ConnectionResetError("the connection was closed")

    def _close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            # abort(): close at once, dropping unsent data (a half-done exchange is worthless).
            self.transport.abort()
        self._wake()


class ConnectionPool:
    """Keep-alive connections of one event loop, by origin (Fetch §2.6 "connection pool")."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        max_per_origin: int = DEFAULT_MAX_PER_ORIGIN,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
    ) -> None:
        self.loop = loop
        self.max_per_origin = max_per_origin
        self.idle_timeout = idle_timeout
        self._idle: dict[OriginKey, list[Connection]] = {}
        self._count: dict[OriginKey, int] = {}
        self._waiters: dict[OriginKey, collections.deque[asyncio.Future[Connection | None]]] = {}
        self._all: weakref.WeakSet[Connection] = weakref.WeakSet()
        self._sweep_handle: asyncio.TimerHandle | None = None

    def take_idle(self, key: OriginKey) -> Connection | None:
        """An idle, still-open connection to `key`, most recently used first (or None)."""
        idle = self._idle.get(key)
        if not idle:
            return None
        now = self.loop.time()
        while idle:
            conn = idle.pop()
            # A connection that received bytes while idle (a 408, garbage) is not reused.
            if (
                not conn.closed
                and not conn.received_any
                and now - conn.idle_since < conn._idle_timeout
            ):
                conn.reused = True
                conn.received_any = False
                return conn
            self._discard(conn)
        return None

    async def acquire(
        self,
        key: OriginKey,
        server_hostname: str | None,
        on_waiting: Callable[[asyncio.Future[Any] | None], None] | None = None,
    ) -> Connection:
        """A connection to `key`: an idle one, a new one, or (at the bound) the next one freed.

        `on_waiting(future)` is told of each future this waits on (and `None` when done), so
        an abort algorithm can cancel the wait.
        """
        conn = self.take_idle(key)
        if conn is not None:
            return conn
        while self._count.get(key, 0) >= self.max_per_origin:
            waiter: asyncio.Future[Connection | None] = self.loop.create_future()
            self._waiters.setdefault(key, collections.deque()).append(waiter)
            if on_waiting is not None:
                on_waiting(waiter)
            try:
                handed = await waiter
            finally:
                if on_waiting is not None:
                    on_waiting(None)
                waiters = self._waiters.get(key)
                if waiters is not None and waiter in waiters:
                    waiters.remove(waiter)
            if handed is not None:
                return handed
        return await self._connect(key, server_hostname, on_waiting)

    async def _connect(
        self,
        key: OriginKey,
        server_hostname: str | None,
        on_waiting: Callable[[asyncio.Future[Any] | None], None] | None,
    ) -> Connection:
        _, host, port, context = key
        conn = Connection(self, key)
        self._count[key] = self._count.get(key, 0) + 1
        self._all.add(conn)
        task = self.loop.create_task(
            self.loop.create_connection(
                lambda: conn,
                host,
                port,
                ssl=context,
                server_hostname=server_hostname if context is not None else None,
            )
        )
        if on_waiting is not None:
            on_waiting(task)
        try:
            await task
        except BaseException:
            conn.close()
            self._forget(conn)
            raise
        finally:
            if on_waiting is not None:
                on_waiting(None)
        return conn

    def release(self, conn: Connection) -> None:
        """Give a connection back after an exchange: pooled if h11 allows reuse, else closed."""
        h = conn.h11
        if (
            conn.closed
            or conn._aborted is not None
            or conn._fast is not None
            or conn._raw is not None
        ):
            self._discard(conn)
            return
        if h.our_state is h11.IDLE and h.their_state is h11.IDLE:
            pass  # a fast-path exchange: h11 never saw it
        elif h.our_state is not h11.DONE or h.their_state is not h11.DONE:
            self._discard(conn)
            return
        else:
            try:
                h.start_next_cycle()
            except h11.LocalProtocolError:
                self._discard(conn)
                return
            if h.trailing_data[0]:
                # Bytes after the response (nothing was pipelined): not reused.
                self._discard(conn)
                return
        waiters = self._waiters.get(conn.key)
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                conn.reused = True
                conn.received_any = False
                waiter.set_result(conn)
                return
        conn.idle_since = self.loop.time()
        conn.received_any = False
        self._idle.setdefault(conn.key, []).append(conn)
        if self._sweep_handle is None:
            self._sweep_handle = self.loop.call_later(self.idle_timeout, self._sweep)

    def discard(self, conn: Connection) -> None:
        """Close a connection that must not be reused."""
        self._discard(conn)

    def close(self) -> None:
        """Close every connection of this pool."""
        for conn in list(self._all):
            conn.close()
        self._idle.clear()
        if self._sweep_handle is not None:
            self._sweep_handle.cancel()
            self._sweep_handle = None

    @property
    def idle_count(self) -> int:
        """How many idle connections the pool holds."""
        return sum(len(conns) for conns in self._idle.values())

    # -- internals --------------------------------------------------------------------

    def _discard(self, conn: Connection) -> None:
        conn.close()
        self._forget(conn)

    def _forget(self, conn: Connection) -> None:
        """Called once a connection is closed: it no longer counts against its origin."""
        if conn not in self._all:
            return
        self._all.discard(conn)
        idle = self._idle.get(conn.key)
        if idle is not None and conn in idle:
            idle.remove(conn)
        self._release_slot(conn.key)

    def _release_slot(self, key: OriginKey) -> None:
        count = self._count.get(key, 0) - 1
        if count > 0:
            self._count[key] = count
        else:
            self._count.pop(key, None)
        waiters = self._waiters.get(key)
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # wakes a caller that may now connect
                return

    def _sweep(self) -> None:
        self._sweep_handle = None
        now = self.loop.time()
        next_due: float | None = None
        for conns in list(self._idle.values()):
            for conn in list(conns):
                due = conn.idle_since + conn._idle_timeout
                if conn.closed or due <= now:
                    self._discard(conn)
                elif next_due is None or due < next_due:
                    next_due = due
        if next_due is not None:
            self._sweep_handle = self.loop.call_later(max(0.05, next_due - now), self._sweep)


# -- the fast path ----------------------------------------------------------------------
#
# Most exchanges are plain: a bodiless or small request, and a response whose head and
# Content-Length body arrive in one or two reads. For those, h11's general machinery
# costs more than the rest of fetch() together, so `parse_fast_response` handles them
# with a few regexes written from the same RFC 9112 grammar h11 uses (h11/_abnf.py). It
# answers only when the response is unambiguous, complete and keeps the connection
# alive; anything else (1xx, 204, 304, chunked, no Content-Length, a `Connection`
# header, obs-fold, bare LF, HTTP/1.0, extra bytes, EOF) is DECLINEd and h11 parses
# the same bytes as the reference slow path. tests/fetch_client/test_fetch_fast_path.py
# checks that both agree on every response the fast path accepts.

DECLINE = object()
"""`parse_fast_response` leaves this response to h11."""

# The most the fast path buffers while waiting for a head or body to complete.
FAST_LIMIT = 64 * 1024

# RFC 9112 §4 status-line, HTTP/1.1 only: "HTTP/1.1" SP status-code SP reason-phrase.
_STATUS_LINE = re.compile(rb"HTTP/1\.1 ([0-9]{3})(?: ([\t\x20-\x7e\x80-\xff]*))?")
# RFC 9112 §5 field-line = field-name ":" OWS field-value OWS (h11's fixed-up field-content).
_FIELD_LINE = re.compile(
    rb"([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*"
    rb"((?:[\x21-\x7e\x80-\xff]+(?:[ \t]+[\x21-\x7e\x80-\xff]+)*)?)[ \t]*"
)
_DIGITS = re.compile(rb"[0-9]{1,15}")
_FRAMING = frozenset({b"content-length", b"transfer-encoding", b"connection"})


class FastResponse:
    """A complete response read on the fast path."""

    __slots__ = ("body", "raw_headers", "reason", "status_code")

    def __init__(
        self, status_code: int, reason: bytes, raw_headers: list[tuple[bytes, bytes]], body: bytes
    ) -> None:
        self.status_code = status_code
        self.reason = reason
        self.raw_headers = raw_headers
        self.body = body


def parse_fast_response(buffer: bytearray, eof: bool) -> FastResponse | object | None:
    """A complete plain response in `buffer`, `DECLINE`, or None to wait for more bytes."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        if eof or len(buffer) > FAST_LIMIT:
            return DECLINE
        return None
    head = bytes(buffer[:end])
    if b"\n" in head.replace(b"\r\n", b""):
        return DECLINE  # a bare LF somewhere: h11 knows the lenient rules
    lines = head.split(b"\r\n")
    status = _STATUS_LINE.fullmatch(lines[0])
    if status is None:
        return DECLINE
    code = int(status.group(1))
    if code < 200 or code == 204 or code == 304 or code > 999:
        return DECLINE
    raw_headers: list[tuple[bytes, bytes]] = []
    content_length: bytes | None = None
    for line in lines[1:]:
        field = _FIELD_LINE.fullmatch(line)
        if field is None:
            return DECLINE  # obs-fold, a bad name or value: h11 decides
        name, value = field.group(1), field.group(2)
        lowered = name.lower()
        if lowered in _FRAMING:
            if lowered != b"content-length" or content_length is not None:
                return DECLINE
            if not _DIGITS.fullmatch(value):
                return DECLINE
            content_length = value
        raw_headers.append((name, value))
    if content_length is None:
        return DECLINE
    length = int(content_length)
    body_start = end + 4
    received = len(buffer) - body_start
    if received < length:
        if eof or body_start + length > FAST_LIMIT:
            return DECLINE
        return None
    if received > length:
        return DECLINE  # bytes beyond the response: h11 keeps them for what follows
    return FastResponse(code, status.group(2) or b"", raw_headers, bytes(buffer[body_start:]))


_pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, ConnectionPool] = (
    weakref.WeakKeyDictionary()
)
_last: tuple[asyncio.AbstractEventLoop | None, ConnectionPool | None] = (None, None)


def get_pool() -> ConnectionPool:
    """The running event loop's connection pool (made on first use)."""
    global _last
    loop = asyncio.get_running_loop()
    last_loop, last_pool = _last
    if loop is last_loop and last_pool is not None:
        return last_pool
    pool = _pools.get(loop)
    if pool is None:
        pool = ConnectionPool(loop)
        _pools[loop] = pool
    _last = (loop, pool)
    return pool
