"""One behaviour suite, run against every way of serving a handler (see conftest.SERVER_NAMES).

"direct" awaits the handler with a `Request`, no server at all; the others are
real server processes on 127.0.0.1 driven by a real client (httpx, or raw sockets).
"""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from pathlib import Path

import httpx
import pytest
from serving_app import handler
from serving_servers import RunningServer

from webstd import Request


class Result:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def header_values(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name]


async def _direct(method: str, path: str) -> Result:
    response = await handler(Request(f"http://localhost{path}", method=method))
    body = await response.bytes()
    return Result(response.status, list(response.headers), body)


def fetch(served: RunningServer | None, method: str, path: str) -> Result:
    if served is None:
        return asyncio.run(_direct(method, path))
    response = httpx.request(method, served.base + path, timeout=10)
    return Result(response.status_code, response.headers.multi_items(), response.content)


def test_status_and_body(served: RunningServer | None) -> None:
    result = fetch(served, "GET", "/")
    assert result.status == 200
    assert result.body == b"Hello world!"
    assert result.header_values("content-type") == ["text/plain;charset=UTF-8"]


def test_two_set_cookie_headers_stay_two(served: RunningServer | None) -> None:
    result = fetch(served, "GET", "/cookies")
    assert result.header_values("set-cookie") == ["a=1; Path=/", "b=2; Path=/"]


def test_query_keeps_percent_escapes_and_decodes_non_ascii(served: RunningServer | None) -> None:
    result = fetch(served, "GET", "/url?q=%41%2Fb&x=caf%C3%A9&sp=a+b%20c")
    assert result.status == 200
    data = httpx.Response(200, content=result.body).json()
    assert data["search"] == "?q=%41%2Fb&x=caf%C3%A9&sp=a+b%20c"
    assert data["params"] == [["q", "A/b"], ["x", "café"], ["sp", "a b c"]]
    assert data["url"].endswith("/url?q=%41%2Fb&x=caf%C3%A9&sp=a+b%20c")


def test_plain_def_handler_runs(served: RunningServer | None) -> None:
    assert fetch(served, "GET", "/sync").body == b"Hello from a thread!"


@pytest.mark.parametrize("status", [204, 304])
def test_null_body_status_has_no_body(served: RunningServer | None, status: int) -> None:
    result = fetch(served, "GET", f"/status/{status}")
    assert result.status == status
    assert result.body == b""
    assert result.header_values("transfer-encoding") == []


def test_head_has_headers_but_no_body(served: RunningServer | None) -> None:
    if served is None:
        pytest.skip("HEAD's empty body is the server's job")
    result = fetch(served, "HEAD", "/")
    assert result.status == 200
    assert result.body == b""
    assert result.header_values("content-length") == ["12"]


def test_handler_exception_is_500_without_detail(served: RunningServer | None) -> None:
    if served is None:
        with pytest.raises(RuntimeError):
            fetch(served, "GET", "/error")
        return
    with httpx.Client(base_url=served.base, timeout=10) as client:
        result = client.get("/error")
        assert result.status_code == 500
        assert b"secret" not in result.content
        assert client.get("/").text == "Hello world!"  # the server keeps serving


def test_form_data_over_its_limits_is_413(served: RunningServer | None) -> None:
    if served is None:
        pytest.skip("the 413 is the adapter's answer to the limit error")
    form = {"content-type": "application/x-www-form-urlencoded"}
    with httpx.Client(base_url=served.base, timeout=10) as client:
        assert client.post("/form", content=b"a=1&b=2", headers=form).json() == ["a", "b"]
        assert client.post("/form", content=b"a=1&b=2&c=3", headers=form).status_code == 413


def test_streamed_download_first_chunk_before_last(
    served: RunningServer | None, tmp_path: Path
) -> None:
    marker = tmp_path / "go"
    if served is None:

        async def run() -> list[bytes]:
            response = await handler(Request(f"http://localhost/stream?marker={marker}"))
            assert response.body is not None
            reader = response.body.get_reader()
            first = (await reader.read()).value
            marker.write_text("go")
            rest = b""
            while not (result := await reader.read()).done:
                rest += result.value
            return [first, rest]

        first, rest = asyncio.run(run())
    else:
        with httpx.stream("GET", f"{served.base}/stream?marker={marker}", timeout=10) as response:
            chunks = response.iter_bytes()
            first = next(chunks)
            marker.write_text("go")  # the handler produces its last chunk only now
            rest = b"".join(chunks)
        first, rest = first + rest[: max(0, 65536 - len(first))], rest[max(0, 65536 - len(first)) :]
    assert first == b"a" * 65536
    assert rest == b"last"


def test_streamed_upload_100_mib_bounded_memory(served: RunningServer | None) -> None:
    if served is None:
        pytest.skip("no server, no socket to stream from")
    mib = b"u" * (1024 * 1024)
    with httpx.Client(base_url=served.base, timeout=60) as client:
        before = client.get("/rss").json()["max_rss_kib"]
        response = client.post("/upload", content=(mib for _ in range(100)))
    data = response.json()
    assert data["received"] == 100 * 1024 * 1024
    grown_mib = (data["max_rss_kib"] - before) / 1024
    assert grown_mib < 40, f"server peak RSS grew by {grown_mib:.0f} MiB for a 100 MiB upload"


@pytest.mark.parametrize("posted", [0, 1000, 100_000], ids=["get", "post-1k", "post-100k"])
def test_client_disconnect_aborts_signal_and_cancels_stream(
    served: RunningServer | None, tmp_path: Path, posted: int
) -> None:
    """Also when the handler never reads the posted body (the watcher must not wait for it)."""
    if served is None:
        pytest.skip("no client to go away")
    marker = tmp_path / f"m{uuid.uuid4().hex}"
    fds = Path(f"/proc/{served.handler_pid}/fd")
    # WSGI servers are left out: to_wsgi gives each worker thread an event loop on first use.
    single_process = served.name not in ("gunicorn-sync", "waitress") and fds.exists()
    fds_before = len(list(fds.iterdir())) if single_process else 0
    method = "POST" if posted else "GET"
    head = f"{method} /forever?marker={marker} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if posted:
        head += f"Content-Length: {posted}\r\n"
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as sock:
        sock.sendall(head.encode() + b"\r\n" + b"p" * posted)
        received = b""
        while len(received) < 3000:
            received += sock.recv(65536)
        assert received.startswith(b"HTTP/1.1 200")
    deadline = time.monotonic() + 10
    cancelled = Path(f"{marker}.cancel")
    aborted = Path(f"{marker}.signal")
    while time.monotonic() < deadline and not (cancelled.exists() and aborted.exists()):
        time.sleep(0.02)
    assert aborted.exists(), "request.signal was not aborted"
    assert cancelled.exists(), "the response stream was not cancelled"
    if single_process:  # and the connection's file descriptor is gone
        while time.monotonic() < deadline and len(list(fds.iterdir())) > fds_before:
            time.sleep(0.02)
        assert len(list(fds.iterdir())) <= fds_before


def test_client_disconnect_aborts_signal_while_the_handler_runs(
    served: RunningServer | None, tmp_path: Path
) -> None:
    """The handler is still waiting (no response yet) when the client closes the connection."""
    if served is None:
        pytest.skip("no client to go away")
    if served.name in ("gunicorn-sync", "waitress"):
        pytest.skip("WSGI gives an application no notice of a client going away")
    marker = tmp_path / f"h{uuid.uuid4().hex}"
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as sock:
        sock.sendall(f"GET /hang?marker={marker} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        time.sleep(0.3)  # the handler is waiting on its signal
    aborted = Path(f"{marker}.signal")
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline and not aborted.exists():
        time.sleep(0.02)
    assert aborted.exists(), "request.signal was not aborted while the handler ran"
