"""A raw HTTP/1.1 server in the test's own event loop, for WPT ports and hostile answers.

Each route is a function of the parsed request: it returns the raw response bytes (the
connection then stays open for the next request), or it is `async` and writes what it
likes to the `StreamWriter` itself, returning whether to keep the connection. No HTTP
library: the server must be able to say things no library would.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import cast
from urllib.parse import parse_qsl, urlsplit


@dataclass
class RawRequest:
    """One request as the server read it."""

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes
    connection: int

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(urlsplit(self.target).query, keep_blank_values=True))

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return ", ".join(values) if values else None


SyncRoute = Callable[[RawRequest], bytes]
AsyncRoute = Callable[[RawRequest, asyncio.StreamWriter], Awaitable[bool]]


def response(
    status: int = 200,
    body: bytes = b"",
    headers: list[tuple[str, str]] | None = None,
    reason: str = "OK",
) -> bytes:
    """A well-formed response with a Content-Length body."""
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers or []]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class InProcessServer:
    """The server; `routes` maps a path to a route."""

    routes: dict[str, SyncRoute | AsyncRoute | bytes] = field(default_factory=dict)
    requests: list[RawRequest] = field(default_factory=list)
    connections: int = 0
    closed: int = 0
    port: int = 0
    _server: asyncio.AbstractServer | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> InProcessServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task

    def count(self, path: str) -> int:
        """How many requests for `path` arrived."""
        return sum(1 for request in self.requests if request.path == path)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.connections += 1
        number = self.connections
        try:
            while True:
                request = await _read_request(reader, number)
                if request is None:
                    return
                self.requests.append(request)
                route = self.routes.get(request.path)
                if route is None:
                    writer.write(response(404, b"no route", reason="Not Found"))
                elif isinstance(route, bytes):
                    writer.write(route)
                elif inspect.iscoroutinefunction(route):
                    if not await route(request, writer):
                        return
                else:
                    writer.write(cast(SyncRoute, route)(request))
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        except asyncio.CancelledError:
            return  # the server is closing: end quietly (asyncio logs a cancelled handler)
        finally:
            self.closed += 1
            writer.close()
            self._tasks.discard(task)


async def _read_request(reader: asyncio.StreamReader, connection: int) -> RawRequest | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    lines = head[:-4].decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name, value.strip()))
    lowered = {name.lower(): value for name, value in headers}
    body = b""
    if "content-length" in lowered:
        body = await reader.readexactly(int(lowered["content-length"]))
    elif lowered.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
            if size == 0:
                break
        body = b"".join(parts)
    return RawRequest(method, target, headers, body, connection)
