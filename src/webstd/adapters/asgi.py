"""ASGI 3: a webstd handler as an ASGI application (`to_asgi`), and the reverse (`from_asgi`).

The request body is an async iterator of chunks (the `ReadableStream` over it
is made only if the handler asks for `request.body`) whose each step awaits
one `http.request` message, so nothing is read before the handler asks. Once
the handler reads `request.signal` (its body finished), the body ends, or a
streamed response begins, a watcher awaits `http.disconnect`, which aborts
`request.signal` and cancels a response stream still being sent; a body the
handler never touched is then read and dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import AbstractAsyncContextManager
from typing import Any, cast
from urllib.parse import quote, unquote_to_bytes

from webstd._handler import Handler, as_async_handler
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
from webstd.fetch.request import Request
from webstd.fetch.response import Response
from webstd.streams.readable import (
    ReadableStream,
    ReadableStreamDefaultReader,
    readable_stream_drain_source,
)
from webstd.url.url import URL

__all__ = ["ASGIApp", "from_asgi", "to_asgi"]

logger = logging.getLogger("webstd.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Lifespan = Callable[[], AbstractAsyncContextManager[Any]]

_NULL_BODY_STATUSES = frozenset((101, 103, 204, 205, 304))
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


_background: set[asyncio.Future[None]] = set()  # tasks nobody awaits, kept alive until done

# Body bytes the watcher may hold for a handler that returned without touching its body;
# past this, they are dropped (as Starlette does while streaming) so a disconnect is still seen.
_MAX_UNREAD_BODY = 64 * 1024


_NO_BODY: deque[bytes] = deque(maxlen=0)


class _Exchange:
    """One ASGI http exchange: the only caller of `receive`, for the body and the watcher alike.

    The body's chunks are read when the handler pulls them. Once the handler
    reads its signal, the body ends or a streamed response begins, a watcher
    keeps one `receive()` pending to see `http.disconnect`, which aborts
    `request.signal` and cancels the response stream. Whoever awaits
    `receive()` hands the message to the other: at most one call is ever in flight.
    """

    __slots__ = (
        "abandoned",
        "body_done",
        "disconnected",
        "finished",
        "in_flight",
        "in_flight_done",
        "loop",
        "pending",
        "pending_size",
        "receive",
        "request",
        "response_reader",
        "room",
        "touched",
        "watcher",
    )

    def __init__(self, receive: Receive, body_done: bool) -> None:
        self.receive = receive
        self.loop = asyncio.get_running_loop()
        self.request: Request | None = None  # its signal is made lazily, here or by the handler
        self.disconnected = False
        self.finished = False
        self.body_done = body_done  # the last `http.request` message has been received
        self.touched = False  # the handler asked for the body (its iterator was made)
        self.abandoned = False  # unread body bytes were dropped by the watcher
        # Body chunks received but not yet pulled (a request without a body shares one
        # deque that holds nothing: maxlen 0 drops whatever is appended).
        self.pending: deque[bytes] = _NO_BODY if body_done else deque()
        self.pending_size = 0
        self.in_flight = False  # a receive() call is awaited
        self.in_flight_done: asyncio.Future[None] | None = None  # made only if someone waits
        self.room: asyncio.Future[None] | None = None  # done when a pending chunk is pulled
        self.watcher: asyncio.Task[None] | None = None
        self.response_reader: ReadableStreamDefaultReader | None = None

    def client_gone(self) -> None:
        """`http.disconnect` arrived: abort the request signal, cancel the response stream."""
        if self.disconnected or self.finished:
            return
        self.disconnected = True
        reason = DOMException("The client closed the connection.", "AbortError")
        request = self.request
        if request is not None:
            request.signal._signal_abort(reason)  # made here if the handler never read it
        reader = self.response_reader
        if reader is not None:
            task = asyncio.ensure_future(_cancel_quietly(reader, reason))
            _background.add(task)
            task.add_done_callback(_background.discard)

    async def receive_one(self) -> None:
        """Await one message and file it: a body chunk in `pending`, or a disconnect."""
        self.in_flight = True
        try:
            message = await self.receive()
        finally:
            self.in_flight = False
            waiter = self.in_flight_done
            if waiter is not None:  # whoever waited on this call looks at the state again
                self.in_flight_done = None
                if not waiter.done():
                    waiter.set_result(None)
        kind = message["type"]
        if kind == "http.request":
            chunk = message.get("body", b"")
            if chunk and not self.abandoned:
                self.pending.append(bytes(chunk))
                self.pending_size += len(chunk)
            if not message.get("more_body", False):
                self.body_done = True
                self.watch_soon()
        elif kind == "http.disconnect":
            self.client_gone()

    async def wait_in_flight(self) -> None:
        """Wait until the receive() call in flight returns (its future is made on demand)."""
        waiter = self.in_flight_done
        if waiter is None:
            waiter = self.in_flight_done = asyncio.get_running_loop().create_future()
        await waiter

    def take(self) -> bytes:
        """The oldest pending body chunk; wakes a watcher waiting for room."""
        chunk = self.pending.popleft()
        self.pending_size -= len(chunk)
        room = self.room
        if room is not None and not room.done():
            room.set_result(None)
        return chunk

    def watch_soon(self) -> None:
        """Start the watcher once the handler yields to the event loop (not if it returns first)."""
        self.loop.call_soon(self.watch)

    def signal_made(self) -> None:
        """The handler asked for `request.signal`: watch for a disconnect from now on.

        (Until then nobody could see one: a handler that never looks at its signal
        pays for no watcher while it runs. A body still arriving starts the
        watcher when it ends.)
        """
        if self.finished or not self.body_done:
            return
        if asyncio.events._get_running_loop() is self.loop:
            self.watch()
        else:  # a plain def handler asked from its worker thread
            with contextlib.suppress(RuntimeError):  # the loop is closed: nothing to watch
                self.loop.call_soon_threadsafe(self.watch)

    def watch(self) -> None:
        """Start the disconnect watcher (once); the body is finished or the handler returned."""
        if self.watcher is None and not self.finished and not self.disconnected:
            self.watcher = asyncio.ensure_future(self._watch())

    async def _watch(self) -> None:
        while not self.finished and not self.disconnected:
            if self.in_flight:  # the body reader's receive(): wait for its message
                await self.wait_in_flight()
            elif self.pending and (self.touched or self.pending_size > _MAX_UNREAD_BODY):
                if self.touched:  # backpressure: the next chunk waits until this one is pulled
                    self.room = asyncio.get_running_loop().create_future()
                    await self.room
                else:  # the handler returned without asking for its body: drop it
                    self.abandoned = True
                    self.pending.clear()
                    self.pending_size = 0
            else:
                await self.receive_one()

    def stop(self) -> None:
        """The exchange is over: stop watching, and let go of the request.

        (The request holds this exchange through its body iterator and its signal
        hook: dropping the reference back leaves no cycle for the garbage collector.)
        """
        self.finished = True
        self.request = None
        watcher = self.watcher
        if watcher is not None:
            self.watcher = None  # (its coroutine holds this exchange: no cycle through it)
            watcher.cancel()


class _ASGIBody:
    """The request body as an async iterator of chunks, each one `http.request` message away."""

    __slots__ = ("_exchange",)

    def __init__(self, exchange: _Exchange) -> None:
        self._exchange = exchange

    def __aiter__(self) -> _ASGIBody:
        self._exchange.touched = True
        return self

    async def _wait_for_chunk(self) -> bool:
        """Wait until a chunk is pending (True) or the body has ended (False)."""
        exchange = self._exchange
        while not exchange.pending:
            if exchange.abandoned:
                raise ConnectionError("the request body was dropped: the handler returned first")
            if exchange.body_done:
                return False
            if exchange.disconnected:
                raise ConnectionError("the client went away before the body was read")
            if exchange.in_flight:
                await exchange.wait_in_flight()
            else:
                await exchange.receive_one()
        return True

    async def __anext__(self) -> bytes:
        exchange = self._exchange
        if exchange.pending or await self._wait_for_chunk():
            return exchange.take()
        raise StopAsyncIteration

    async def _read_all(self) -> bytes:
        """The remaining chunks joined, as iterating gives them (body.py reads a body whole so)."""
        exchange = self._exchange
        exchange.touched = True
        parts: list[bytes] = []
        while exchange.pending or await self._wait_for_chunk():
            parts.append(exchange.take())
        return parts[0] if len(parts) == 1 else b"".join(parts)

    async def aclose(self) -> None:
        """The body stream was cancelled: its chunks will never be pulled, so drop them."""
        exchange = self._exchange
        exchange.touched = False
        exchange.abandoned = True
        exchange.pending.clear()
        exchange.pending_size = 0
        room = exchange.room
        if room is not None and not room.done():
            room.set_result(None)


async def _cancel_quietly(reader: ReadableStreamDefaultReader, reason: object) -> None:
    try:
        await reader.cancel(reason)
    except Exception:
        logger.debug("cancelling a response stream failed", exc_info=True)


def _scope_url(scope: Scope) -> str | None:
    """The serialized request URL of an ASGI http scope, percent-escapes as the client sent them."""
    scheme = scope.get("scheme") or "http"
    host = None
    for name, value in scope["headers"]:
        if name == b"host":
            host = value
            break
    raw_path = scope.get("raw_path")
    query = scope.get("query_string") or b""
    if (
        type(host) is not bytes  # (a key must be hashable: no bytearray)
        or type(raw_path) is not bytes
        or type(query) is not bytes
        or not raw_path
        or len(host) + len(raw_path) + len(query) > URL_MEMO_MAX_LENGTH
    ):
        return _make_scope_url(scope, scheme, host, raw_path, query)
    # Everything the URL is made from, when the server gives the raw path (they all do).
    key = ("asgi", scheme, host, raw_path, query, scope.get("root_path") or "")
    try:
        return URL_MEMO[key]
    except KeyError:
        return remember_url(key, _make_scope_url(scope, scheme, host, raw_path, query))


def _make_scope_url(
    scope: Scope, scheme: str, host_header: bytes | None, raw_path: bytes | None, query: bytes
) -> str | None:
    if host_header is not None:
        host = host_header.decode("latin-1")
    else:
        server = scope.get("server")
        if server is None:
            host = "localhost"
        else:
            server_host, port = server[0], server[1]
            host = f"[{server_host}]" if ":" in str(server_host) else str(server_host)
            if port is not None and port != _DEFAULT_PORTS.get(scheme):
                host = f"{host}:{port}"
    path = (
        encode_non_ascii(raw_path)
        if raw_path
        else quote(scope["path"].encode("utf-8", "surrogateescape"), safe=_PATH_SAFE)
    )
    root_path = scope.get("root_path") or ""
    if root_path:
        # ASGI: `path` includes `root_path`; some servers' raw_path does not.
        encoded_root = quote(root_path.encode("utf-8"), safe=_PATH_SAFE)
        if not path.startswith(encoded_root):
            path = encoded_root + path
    target = f"{path}?{encode_non_ascii(query)}" if query else path
    return request_url(scheme, host, target)


def _has_body(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name == b"content-length":
            return value.strip() not in (b"0", b"")
        if name == b"transfer-encoding":
            return True
    return False


# The wire form of the Content-Type pairs seen so far (few distinct ones: JSON, text, HTML...).
_WIRE_CONTENT_TYPES: dict[tuple[str, str], tuple[bytes, bytes]] = {}


def _wire_headers(response: Response) -> tuple[list[tuple[bytes, bytes]], bool]:
    """The response's header list as latin-1 byte pairs, and whether it has Content-Length."""
    headers = response._headers
    record = headers._record  # Response.json / Response(str) with no init: {content-type: ...}
    header_list: Any = record.items() if record is not None else headers._list
    if len(header_list) == 1:  # the common Response.json / Response(str) head: a Content-Type
        (pair,) = header_list
        wire = _WIRE_CONTENT_TYPES.get(pair)
        if wire is not None:
            return [wire], False
        if pair[0] == "content-type" and len(_WIRE_CONTENT_TYPES) < 64:
            wire = _WIRE_CONTENT_TYPES[pair] = (b"content-type", pair[1].encode("latin-1"))
            return [wire], False
    has_length = False
    for name, _ in header_list:
        if name == "content-length":
            has_length = True
            break
    return headers._raw(), has_length


async def _send_stream(
    exchange: _Exchange,
    response: Response,
    status: int,
    headers: list[tuple[bytes, bytes]],
    method: str,
    send: Send,
) -> None:
    """Send a response whose body is not a known byte sequence: its stream, chunk by chunk."""
    stream = response.body
    await send({"type": "http.response.start", "status": status, "headers": headers})
    if stream is None:
        await send({"type": "http.response.body", "body": b""})
        return
    if method == "HEAD":
        await stream.cancel()
        await send({"type": "http.response.body", "body": b""})
        return
    # readable_stream_drain_source: a ReadableStream.from_() body is read by iterating its
    # source, equivalent to the default reader of stream.get_reader() (the slow path).
    reader = exchange.response_reader = readable_stream_drain_source(stream) or cast(
        ReadableStreamDefaultReader, stream.get_reader()
    )
    exchange.watch()  # the handler has returned: a disconnect now cancels this stream
    while True:
        result = await reader.read()
        if exchange.disconnected:
            return
        if result.done:
            break
        chunk = result.value
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            raise TypeError(f"a response body chunk must be bytes, not {chunk!r}")
        if chunk:
            try:
                await send({"type": "http.response.body", "body": bytes(chunk), "more_body": True})
            except OSError:
                exchange.client_gone()
                return
    await send({"type": "http.response.body", "body": b""})


async def _send_error(send: Send, status: int) -> None:
    body = status_phrase(status).encode("ascii")
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", b"%d" % len(body)),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def to_asgi(handler: Handler, *, lifespan: Lifespan | None = None) -> ASGIApp:
    """An ASGI 3 application (http and lifespan scopes) that serves `handler`.

    `lifespan`, if given, is called with no arguments and must return an async
    context manager: entered at startup, exited at shutdown.
    """
    call = as_async_handler(handler)

    async def http(scope: Scope, receive: Receive, send: Send) -> None:
        url = _scope_url(scope)
        if url is None:
            await _send_error(send, 400)
            return
        raw_headers = scope["headers"]
        if not isinstance(raw_headers, list):
            raw_headers = list(raw_headers)
        has_body = _has_body(raw_headers)
        exchange = _Exchange(receive, body_done=not has_body)
        method = scope["method"]
        body = _ASGIBody(exchange) if has_body else None
        # request.signal is made on first access; a disconnect makes it if need be (client_gone)
        request = exchange.request = Request._from_server(method, url, raw_headers, body, None)
        request._on_signal = exchange.signal_made
        try:
            response = await call(request)
            if not isinstance(response, Response):
                raise TypeError(f"the handler returned {response!r}, not a Response")
        except Exception as error:
            exchange.stop()
            if exchange.disconnected:
                return
            status = 413 if is_body_limit_error(error) else 500
            if status == 500:
                logger.exception("exception in handler for %s %s", method, url)
            with contextlib.suppress(OSError):  # ASGI 2.4: send raises once the client is gone
                await _send_error(send, status)
            return
        try:
            status = response._status
            headers, has_length = _wire_headers(response)
            content = response._body_bytes()
            if content is None:
                await _send_stream(exchange, response, status, headers, method, send)
                return
            if not has_length and status not in _NULL_BODY_STATUSES:
                headers.append((b"content-length", b"%d" % len(content)))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": b"" if method == "HEAD" else content})
        except Exception:
            if not exchange.disconnected:
                raise
        finally:
            exchange.stop()

    async def lifespan_scope(receive: Receive, send: Send) -> None:
        manager: AbstractAsyncContextManager[Any] | None = None
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    if lifespan is not None:
                        manager = lifespan()
                        await manager.__aenter__()
                except Exception as error:
                    logger.exception("lifespan startup failed")
                    await send({"type": "lifespan.startup.failed", "message": repr(error)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                try:
                    if manager is not None:
                        await manager.__aexit__(None, None, None)
                except Exception as error:
                    logger.exception("lifespan shutdown failed")
                    await send({"type": "lifespan.shutdown.failed", "message": repr(error)})
                    return
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await http(scope, receive, send)
        elif kind == "lifespan":
            await lifespan_scope(receive, send)
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1000})
        else:
            raise ValueError(f"to_asgi: unsupported ASGI scope type {kind!r}")

    return app


# --- from_asgi: call an ASGI application with a Request -----------------------------------------


def _request_scope(request: Request, root_path: str) -> Scope:
    url = URL(request.url)
    scheme = url.protocol[:-1]
    port = int(url.port) if url.port else _DEFAULT_PORTS.get(scheme, 80)
    headers = request.headers._raw()
    if not any(name == b"host" for name, _ in headers):
        headers.insert(0, (b"host", url.host.encode("ascii")))
    raw_path = url.pathname.encode("ascii")
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": scheme,
        "path": unquote_to_bytes(raw_path).decode("utf-8", "replace"),
        "raw_path": raw_path,
        "query_string": url.search[1:].encode("ascii"),
        "root_path": root_path,
        "headers": headers,
        "server": (url.hostname, port),
        "client": None,
        "state": {},
    }


async def _body_messages(request: Request) -> AsyncIterator[Message]:
    body = request.body
    if body is not None:
        async for chunk in body:
            yield {"type": "http.request", "body": bytes(chunk), "more_body": True}
    yield {"type": "http.request", "body": b"", "more_body": False}


class _ResponseBodySource:
    """A response body fed by the ASGI app's `http.response.body` messages."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[bytes | BaseException | None] = asyncio.Queue(maxsize=1)
        self.task: asyncio.Future[None] | None = None

    async def pull(self, controller: Any) -> None:
        item = await self.queue.get()
        if item is None:
            controller.close()
        elif isinstance(item, BaseException):
            controller.error(item)
        else:
            controller.enqueue(item)

    def cancel(self, reason: Any) -> None:
        if self.task is not None:
            self.task.cancel()


def from_asgi(app: ASGIApp, *, root_path: str = "") -> Callable[[Request], Awaitable[Response]]:
    """A handler that answers a `Request` by calling the ASGI application `app`."""

    async def handler(request: Request) -> Response:
        scope = _request_scope(request, root_path)
        messages = _body_messages(request)
        body_done = False
        response_done = asyncio.Event()
        started: asyncio.Future[tuple[int, list[tuple[bytes, bytes]]]] = (
            asyncio.get_running_loop().create_future()
        )
        source = _ResponseBodySource()

        async def receive() -> Message:
            nonlocal body_done
            if not body_done:
                message = await messages.__anext__()
                body_done = not message["more_body"]
                return message
            waiter = asyncio.ensure_future(response_done.wait())
            aborted = asyncio.get_running_loop().create_future()

            def on_abort() -> None:
                if not aborted.done():
                    aborted.set_result(None)

            request.signal._add_algorithm(on_abort)
            await asyncio.wait((waiter, aborted), return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            kind = message["type"]
            if kind == "http.response.start":
                started.set_result((message["status"], list(message.get("headers", []))))
            elif kind == "http.response.body":
                chunk = bytes(message.get("body", b""))
                if chunk:
                    await source.queue.put(chunk)
                if not message.get("more_body", False):
                    response_done.set()
                    await source.queue.put(None)

        async def run() -> None:
            try:
                await app(scope, receive, send)
            except BaseException as error:
                if not started.done():
                    started.set_exception(error)
                elif not response_done.is_set():
                    await source.queue.put(error if isinstance(error, Exception) else None)
                if not isinstance(error, Exception):
                    raise
            else:
                if not started.done():
                    started.set_exception(RuntimeError("the ASGI app returned without a response"))
                elif not response_done.is_set():
                    await source.queue.put(None)

        source.task = asyncio.ensure_future(run())
        status, raw_headers = await started
        headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in raw_headers]
        if status in _NULL_BODY_STATUSES or request.method == "HEAD":
            with contextlib.suppress(Exception):
                await source.task
            body = None
        else:
            body = ReadableStream(source, {"high_water_mark": 0})
        return Response(body, status=status, headers=headers)

    return handler
