"""The built-in HTTP/1.1 server: `serve(handler)`, its `Server`, pre-forked workers.

The connection protocol, with all the checks against hostile input, lives in
`webstd.adapters._h11_protocol`; this module owns the listening socket(s),
the set of connections and their deadlines, graceful shutdown on SIGTERM and
SIGINT, and `--workers N` (pre-fork, one shared socket, SO_REUSEPORT where
the platform has it).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from collections.abc import Callable

from webstd._handler import AsyncHandler, Handler, as_async_handler
from webstd.adapters._h11_protocol import Limits, _HTTPConnection

__all__ = ["Limits", "Server", "bind_socket", "serve"]

logger = logging.getLogger("webstd.server")


class Server:
    """The built-in server: owns the listening socket(s), the connections and their deadlines."""

    def __init__(
        self,
        handler: Handler,
        *,
        limits: Limits | None = None,
        root_path: str = "",
        access_log: bool = True,
        shutdown_timeout: float = 10.0,
    ) -> None:
        self.handler: AsyncHandler = as_async_handler(handler)
        self.limits = limits or Limits()
        self.root_path = root_path.rstrip("/")
        self.access_log = access_log
        self.shutdown_timeout = shutdown_timeout
        self.connections: set[_HTTPConnection] = set()
        self.shutting_down = False
        self.loop: asyncio.AbstractEventLoop = None  # type: ignore[assignment]
        self._servers: list[asyncio.AbstractServer] = []
        self._sweeper: asyncio.TimerHandle | None = None
        self._stopped: asyncio.Event | None = None

    async def start(self, sock: socket.socket) -> None:
        """Start accepting connections on a bound, listening socket."""
        self.loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        server = await self.loop.create_server(
            lambda: _HTTPConnection(self), sock=sock, backlog=2048
        )
        self._servers.append(server)
        self._schedule_sweep()

    def _sweep_interval(self) -> float:
        limits = self.limits
        shortest = min(limits.header_timeout, limits.keep_alive_timeout, limits.body_timeout)
        return max(0.05, min(1.0, shortest / 4))

    def _schedule_sweep(self) -> None:
        self._sweeper = self.loop.call_later(self._sweep_interval(), self._sweep)

    def _sweep(self) -> None:
        now = self.loop.time()
        for connection in list(self.connections):
            deadline = connection.deadline
            if deadline and now >= deadline:
                connection.on_deadline(now)
        self._schedule_sweep()

    def request_shutdown(self) -> None:
        """Begin a graceful shutdown (what SIGTERM and SIGINT do)."""
        if self._stopped is not None:
            self._stopped.set()

    async def wait_closed(self) -> None:
        """Run until a shutdown is requested, then shut down gracefully."""
        assert self._stopped is not None
        await self._stopped.wait()
        await self.shutdown()

    async def shutdown(self) -> None:
        """Stop accepting, let in-flight requests finish within the grace period, then close."""
        self.shutting_down = True
        for server in self._servers:
            server.close()
        for connection in list(self.connections):
            connection.close_when_idle()
        deadline = self.loop.time() + self.shutdown_timeout
        while self.connections and self.loop.time() < deadline:
            await asyncio.sleep(0.05)
        for connection in list(self.connections):
            connection._abort()
        if self._sweeper is not None:
            self._sweeper.cancel()
        await asyncio.sleep(0)


def bind_socket(host: str, port: int, *, reuse_port: bool = False) -> socket.socket:
    """A listening TCP socket for `host:port` (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port and hasattr(socket, "SO_REUSEPORT"):
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        except OSError:
            pass
    sock.bind((host, port))
    sock.listen(2048)
    sock.setblocking(False)
    sock.set_inheritable(True)
    return sock


async def _serve_on(server: Server, sock: socket.socket) -> None:
    await server.start(sock)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(signum, server.request_shutdown)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - not on this platform
            pass
    await server.wait_closed()


def serve(
    handler: Handler,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    workers: int = 1,
    limits: Limits | None = None,
    root_path: str = "",
    access_log: bool = True,
    shutdown_timeout: float = 10.0,
    on_listen: Callable[[str, int], None] | None = None,
) -> None:
    """Serve `handler` over HTTP/1.1 until SIGTERM or SIGINT, then shut down gracefully.

    With `workers > 1` the process pre-forks that many workers sharing the socket.
    `on_listen(host, port)` is called once the socket is bound (port 0 picks a free port).
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers!r}")
    sock = bind_socket(host, port, reuse_port=workers > 1)
    bound_port = sock.getsockname()[1]
    if on_listen is not None:
        on_listen(host, bound_port)

    def run_worker() -> None:
        server = Server(
            handler,
            limits=limits,
            root_path=root_path,
            access_log=access_log,
            shutdown_timeout=shutdown_timeout,
        )
        asyncio.run(_serve_on(server, sock))

    if workers == 1 or not hasattr(os, "fork"):
        try:
            run_worker()
        finally:
            sock.close()
        return
    _run_workers(run_worker, workers, shutdown_timeout)
    sock.close()


def _run_workers(run_worker: Callable[[], None], workers: int, shutdown_timeout: float) -> None:
    """Pre-fork `workers` processes, restart any that dies, forward SIGTERM/SIGINT to all."""
    children: set[int] = set()
    stopping = False

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            code = 0
            try:
                run_worker()
            except BaseException:
                logger.exception("worker %d crashed", os.getpid())
                code = 1
            finally:
                logging.shutdown()
                os._exit(code)
        children.add(pid)

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                children.discard(pid)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(workers):
        spawn()
    while children:
        try:
            pid, _status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:  # pragma: no cover - PEP 475 retries, kept for clarity
            continue
        children.discard(pid)
        if not stopping:
            logger.warning("worker %d exited; starting a new one", pid)
            spawn()
