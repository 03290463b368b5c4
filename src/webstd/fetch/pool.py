"""fetch()'s connections: one HTTP/1.1 connection on h11, and a per-event-loop pool of them.

Fetch §4.7 "HTTP-network fetch" leaves connections to the user agent ("obtain a
connection", Fetch §2.6 "connection pool"); this module is that part.

Why an `asyncio.Protocol` and not streams: a protocol gets each received chunk as
a callback and feeds it straight to h11, with no per-request task and no extra
buffer. Backpressure is explicit: when a chunk arrives and nobody is waiting for
one, the transport stops reading, so h11's buffer never holds more than the last
chunk the socket gave us, and a slow body reader slows the server down over TCP.

A connection goes back to the pool only when h11 says both sides finished the
exchange cleanly; anything else (an error, an abort, a cancelled body, a
`Connection: close`) closes it. The pool keeps at most `max_per_origin`
connections per origin (the excess callers wait for one), and closes connections
idle for longer than `idle_timeout` seconds (or the server's `Keep-Alive:
timeout=` hint less a second, as undici does).
"""

from __future__ import annotations

import asyncio
import collections
import ssl
import weakref
from collections.abc import Callable
from typing import Any

import h11

__all__ = ["Connection", "ConnectionPool", "OriginKey", "get_pool"]

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
        "_idle_timeout",
        "_lost",
        "_lost_exc",
        "_paused",
        "_pool",
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
        self._lost_exc = exc
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

    def set_idle_timeout_hint(self, seconds: float) -> None:
        """Honour a server's `Keep-Alive: timeout=N` (less a second, like undici)."""
        self._idle_timeout = max(0.0, min(self._pool.idle_timeout, seconds - 1.0))

    # -- internals --------------------------------------------------------------------

    def _feed_eof(self) -> None:
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
            if not conn.closed and now - conn.idle_since < conn._idle_timeout:
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
            or h.our_state is not h11.DONE
            or h.their_state is not h11.DONE
        ):
            self._discard(conn)
            return
        try:
            h.start_next_cycle()
        except h11.LocalProtocolError:
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
