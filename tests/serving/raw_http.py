"""Raw-socket HTTP/1.1 helpers for the hostile-input tests against the built-in server."""

from __future__ import annotations

import socket

import httpx
from serving_servers import RunningServer

# Short deadlines and a 1 MiB body limit, so that the hostile cases end quickly.
STRICT = (
    "--header-timeout", "1", "--body-timeout", "1", "--keep-alive-timeout", "1",
    "--max-body-size", str(1024 * 1024),
)  # fmt: skip


def exchange(port: int, data: bytes, *, shut: bool = False, timeout: float = 5.0) -> bytes:
    """Send `data` on a new connection (then half-close if `shut`); all received until EOF."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
            if shut:
                sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return read_all(sock)


def read_all(sock: socket.socket) -> bytes:
    """Everything received on `sock` until the server closes it (or a reset, or the timeout)."""
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return received


def status(response: bytes) -> int:
    """The status code of the first response in `response`."""
    assert response.startswith(b"HTTP/1.1 "), response[:100]
    return int(response[9:12])


def assert_still_serving(server: RunningServer) -> None:
    """A good request on a new connection succeeds."""
    response = httpx.get(server.base + "/", timeout=5)
    assert response.status_code == 200
    assert response.text == "Hello world!"
