"""Streaming: large uploads and downloads in bounded memory, backpressure, pass-through."""

from __future__ import annotations

import asyncio
import time

from fetch_servers import Server, start_server

from webstd import ReadableStream, fetch
from webstd.fetch.client import _split_http_url
from webstd.fetch.pool import get_pool

MiB = 1024 * 1024
# The issue asks for 1 GiB; at the ~400 MB/s this client reaches against uvicorn that is
# about 3 s, fine for CI.
DOWNLOAD = 1024 * MiB
UPLOAD = 100 * MiB


def _rss() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0  # pragma: no cover


async def test_download_1_gib_in_bounded_memory(uvicorn_server: Server) -> None:
    before = _rss()
    peak = before
    response = await fetch(f"{uvicorn_server.url}/bytes?n={DOWNLOAD}&chunk=262144")
    assert response.body is not None
    total = 0
    chunks = 0
    async for chunk in response.body:
        total += len(chunk)
        chunks += 1
        if chunks % 64 == 0:
            peak = max(peak, _rss())
    assert total == DOWNLOAD
    assert peak - before < 64 * MiB, f"RSS grew by {(peak - before) / MiB:.1f} MiB"


async def test_upload_100_mib_stream_in_bounded_memory(uvicorn_server: Server) -> None:
    block = b"u" * (256 * 1024)
    sent = 0

    async def chunks():
        nonlocal sent
        while sent < UPLOAD:
            sent += len(block)
            yield block

    before = _rss()
    peak = before
    stop = False

    async def sample() -> None:
        nonlocal peak
        while not stop:
            peak = max(peak, _rss())
            await asyncio.sleep(0.01)

    sampler = asyncio.ensure_future(sample())
    response = await fetch(
        uvicorn_server.url + "/upload", method="POST", body=chunks(), duplex="half"
    )
    result = await response.json()
    stop = True
    await sampler
    assert result == {"received": UPLOAD}
    assert peak - before < 64 * MiB, f"RSS grew by {(peak - before) / MiB:.1f} MiB"


async def test_upload_100_mib_bytes_body(uvicorn_server: Server) -> None:
    data = b"b" * UPLOAD
    response = await fetch(uvicorn_server.url + "/upload", method="POST", body=data)
    assert await response.json() == {"received": UPLOAD}


async def test_slow_reader_bounds_what_the_client_buffers(uvicorn_server: Server) -> None:
    response = await fetch(f"{uvicorn_server.url}/bytes?n={200 * MiB}&chunk=65536")
    assert response.body is not None
    reader = response.body.get_reader()
    first = await reader.read()
    assert first.value
    await asyncio.sleep(0.5)  # a slow consumer: the server keeps trying to send
    source_conns = [c for c in get_pool()._all if not c.closed]
    assert len(source_conns) == 1
    conn = source_conns[0]
    in_h11, _ = conn.h11.trailing_data
    in_raw = sum(len(chunk) for chunk in conn._raw or ())  # the raw-mode queue (pool.py)
    # One socket read at most (asyncio reads up to 256 KiB) beyond what was asked for.
    assert len(in_h11) + in_raw <= 512 * 1024
    assert conn._paused
    await reader.cancel()


async def test_pull_happens_only_on_read(uvicorn_server: Server) -> None:
    response = await fetch(f"{uvicorn_server.url}/bytes?n={50 * MiB}")
    assert response.body is not None
    reader = response.body.get_reader()
    received = 0
    for _ in range(3):
        value, done = await reader.read()
        assert not done
        received += len(value)
        assert len(value) <= 512 * 1024
    assert received < 2 * MiB
    await reader.cancel()


async def test_handler_returning_a_fetched_response_streams_through(uvicorn_server: Server) -> None:
    proxy = start_server(
        "webstd", "passthrough_app:handler", env={"BACKEND_URL": uvicorn_server.url}
    )
    try:
        started = time.monotonic()
        response = await fetch(proxy.url + "/slow-body?delay=1.0")
        assert response.status == 200
        assert response.body is not None
        reader = response.body.get_reader()
        first = await reader.read()
        first_at = time.monotonic() - started
        rest = b""
        while True:
            value, done = await reader.read()
            if done:
                break
            rest += value
        last_at = time.monotonic() - started
        assert first.value == b"first"
        assert rest == b"second"
        # The first byte came through before the backend sent its last.
        assert first_at < 0.8 <= last_at, (first_at, last_at)
    finally:
        proxy.stop()


async def test_handler_passthrough_of_a_large_body(uvicorn_server: Server) -> None:
    proxy = start_server(
        "webstd", "passthrough_app:handler", env={"BACKEND_URL": uvicorn_server.url}
    )
    try:
        response = await fetch(f"{proxy.url}/bytes?n={20 * MiB}")
        assert len(await response.bytes()) == 20 * MiB
        gz = await fetch(f"{proxy.url}/json")
        assert await gz.json() == {"hello": "world", "n": 1}
    finally:
        proxy.stop()


def test_ipv6_literal_urls_split_into_host_and_authority() -> None:
    assert _split_http_url("http://[::1]:8080/a?b#c") == ("http", "[::1]:8080", "::1", 8080, "/a?b")
    assert _split_http_url("https://[2001:db8::1]/") == (
        "https",
        "[2001:db8::1]",
        "2001:db8::1",
        443,
        "/",
    )
    assert _split_http_url("http://example.com/") == ("http", "example.com", "example.com", 80, "/")


async def test_ipv6_literal_is_connected_to_without_brackets() -> None:
    # Nothing listens there: the error shows the attempt went to ::1 itself.
    try:
        await fetch("http://[::1]:9/")
    except TypeError as error:
        assert "bad port" in str(error)
    try:
        await fetch("http://[::1]:65533/")
    except TypeError as error:
        assert "[::1]:65533" in str(error)
        assert isinstance(error.__cause__, OSError)
        assert "::1" in str(error.__cause__) or error.__cause__.errno is not None


async def test_readable_stream_body_is_read_lazily(uvicorn_server: Server) -> None:
    pulled = 0

    def pull(controller: object) -> None:
        nonlocal pulled
        pulled += 1
        if pulled > 3:
            controller.close()  # type: ignore[attr-defined]
        else:
            controller.enqueue(b"x" * 1000)  # type: ignore[attr-defined]

    stream = ReadableStream({"pull": pull})
    response = await fetch(
        uvicorn_server.url + "/upload", method="POST", body=stream, duplex="half"
    )
    assert await response.json() == {"received": 3000}
