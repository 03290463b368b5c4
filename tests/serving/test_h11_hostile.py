"""Hostile input against the built-in h11 server; after each, a good request on a new connection succeeds."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from raw_http import STRICT, assert_still_serving, exchange, status
from serving_servers import RunningServer


@pytest.fixture(scope="module")
def strict() -> Iterator[RunningServer]:
    server = RunningServer("h11", STRICT)
    yield server
    server.stop()


CASES = {
    "garbage request line": (b"GARBAGE\r\n\r\n", 400),
    "request line without version": (b"GET /\r\n\r\n", 400),
    "request line with extra part": (b"GET / HTTP/1.1 x\r\nHost: a\r\n\r\n", 400),
    "HTTP/2.0 as a version": (b"GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
    "HTTP/1.2": (b"GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505),
    "header without colon": (b"GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400),
    "NUL in a value": (b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n", 400),
    "CR in a value": (b"GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400),
    "obs-fold": (b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", 400),
    "64 KiB header name": (b"GET / HTTP/1.1\r\nHost: a\r\n" + b"x" * 65536 + b": 1\r\n\r\n", 431),
    "10,000 headers": (b"GET / HTTP/1.1\r\nHost: a\r\n" + b"X: 1\r\n" * 10000 + b"\r\n", 431),
    "100 KiB URL": (b"GET /" + b"a" * 102400 + b" HTTP/1.1\r\nHost: a\r\n\r\n", 414),
    "two Content-Length": (b"POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400),
    "Content-Length list": (b"POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc", 400),
    "bare LF framing": (b"GET / HTTP/1.1\nHost: a\n\n", 400),
    "bare LF in one line": (b"GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n", 400),
    "Host with a space": (b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
    "no Host in HTTP/1.1": (b"GET / HTTP/1.1\r\n\r\n", 400),
    "two Host": (b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    "GET *": (b"GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "GET foo": (b"GET foo HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "GET host:port": (b"GET a.example:80 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "CONNECT": (b"CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n", 501),
    "TRACE": (b"TRACE / HTTP/1.1\r\nHost: a\r\n\r\n", 501),
    "fragment in target": (b"GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "chunk-size of 20 hex digits": (
        b"POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\nab",
        413,
    ),
    "chunk-size of 40 hex digits": (
        b"POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + b"F" * 40 + b"\r\n",
        400,
    ),
    # RFC 9112 §6.3 (4): chunked is not the final coding, so the length is unknown: 400
    "Transfer-Encoding other than chunked": (
        b"POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400
    ),
    "Content-Length over the limit": (
        b"POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n\r\nabc", 413
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_request_is_refused(strict: RunningServer, name: str) -> None:
    data, expected = CASES[name]
    started = time.monotonic()
    response = exchange(strict.port, data)
    assert status(response) == expected
    assert response.count(b"HTTP/1.1 ") == 1
    assert time.monotonic() - started < 2.5  # answered and closed, not left waiting
    assert_still_serving(strict)


def test_content_length_with_transfer_encoding_is_never_2xx(strict: RunningServer) -> None:
    smuggle = (
        b"POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"0\r\n\r\nGET /cookies HTTP/1.1\r\nHost: a\r\n\r\n"
    )
    response = exchange(strict.port, smuggle)
    assert status(response) == 400
    assert response.count(b"HTTP/1.1 ") == 1  # the smuggled request was not answered
    assert_still_serving(strict)


def test_options_asterisk_is_answered(strict: RunningServer) -> None:
    response = exchange(strict.port, b"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")
    assert status(response) == 204
    assert_still_serving(strict)


def test_chunked_body_over_the_limit_is_413(strict: RunningServer) -> None:
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(40)) + b"0\r\n\r\n"
    response = exchange(
        strict.port,
        b"POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body,
    )
    assert status(response) == 413
    assert_still_serving(strict)


def test_pipelined_requests_are_answered_in_order(strict: RunningServer) -> None:
    requests = b"".join(
        b"GET %s HTTP/1.1\r\nHost: a\r\n\r\n" % path for path in (b"/", b"/cookies", b"/status/204")
    )
    response = exchange(
        strict.port, requests + b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    )
    statuses = [int(part[:3]) for part in response.split(b"HTTP/1.1 ")[1:]]
    assert statuses == [200, 200, 204, 200]
    assert response.index(b"Hello world!") < response.index(b"two cookies")


def test_expect_100_continue(strict: RunningServer) -> None:
    with socket.create_connection(("127.0.0.1", strict.port), timeout=5) as sock:
        sock.sendall(
            b"POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
        )
        interim = sock.recv(65536)
        assert interim.startswith(b"HTTP/1.1 100 ")
        sock.sendall(b"hello")
        final = sock.recv(65536)
    assert status(final) == 200
    assert b'"received":5' in final


def test_http_1_0_client(strict: RunningServer) -> None:
    response = exchange(strict.port, b"GET / HTTP/1.0\r\n\r\n")
    assert status(response) == 200
    assert response.endswith(b"Hello world!")


def test_head_without_body_on_keep_alive(strict: RunningServer) -> None:
    response = exchange(
        strict.port,
        b"HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    )
    first, second = response.split(b"HTTP/1.1 ")[1:]
    assert b"content-length: 12" in first.lower()
    assert first.endswith(b"\r\n\r\n")  # no body after the HEAD response's head
    assert second.endswith(b"Hello world!")


def test_slowloris_connections_are_closed_and_others_served(strict: RunningServer) -> None:
    tricklers = [
        socket.create_connection(("127.0.0.1", strict.port), timeout=5) for _ in range(200)
    ]
    try:
        for sock in tricklers:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n")
        for _ in range(2):
            for sock in tricklers:
                sock.sendall(b"X: y\r\n")
            time.sleep(0.2)
        started = time.monotonic()
        assert_still_serving(strict)
        assert time.monotonic() - started < 1.0
        time.sleep(1.5)  # past the 1 s header timeout
        closed = 0
        for sock in tricklers:
            sock.settimeout(2)
            try:
                data = sock.recv(65536)
                while data and not data.endswith(b"Request Timeout"):
                    data += sock.recv(65536) or b""
                    break
                closed += 1
            except (ConnectionResetError, TimeoutError):
                pass
        assert closed == 200
    finally:
        for sock in tricklers:
            sock.close()
    assert_still_serving(strict)


def test_slow_body_is_closed_after_body_timeout(strict: RunningServer) -> None:
    started = time.monotonic()
    response = exchange(
        strict.port, b"POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc"
    )
    elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 3.5
    assert not response.startswith(b"HTTP/1.1 2")
    assert_still_serving(strict)


def test_idle_keep_alive_connection_is_closed(strict: RunningServer) -> None:
    with socket.create_connection(("127.0.0.1", strict.port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        assert status(sock.recv(65536)) == 200
        started = time.monotonic()
        assert sock.recv(65536) == b""
        assert 0.5 < time.monotonic() - started < 3.5


def test_1_gib_upload_keeps_memory_bounded() -> None:
    server = RunningServer("h11")
    try:
        chunk = b"u" * (4 * 1024 * 1024)
        with httpx.Client(base_url=server.base, timeout=60) as client:
            before = client.get("/rss").json()["max_rss_kib"]
            data = client.post("/upload", content=(chunk for _ in range(256))).json()
        assert data["received"] == 1024**3
        assert (data["max_rss_kib"] - before) / 1024 < 40
    finally:
        server.stop()


def test_pipelining_client_that_never_reads_is_held_back(strict: RunningServer) -> None:
    """Responses to a flood of pipelined requests do not pile up in server memory."""
    with httpx.Client(base_url=strict.base, timeout=5) as client:
        before = client.get("/rss").json()["max_rss_kib"]
    sock = socket.create_connection(("127.0.0.1", strict.port), timeout=5)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    request = b"GET /big HTTP/1.1\r\nHost: a\r\n\r\n"  # 256 KiB answers, never read
    sock.setblocking(False)
    sent = 0
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        try:
            sent += sock.send(request * 64)
        except BlockingIOError:
            time.sleep(0.01)
    sock.close()
    assert sent < 50 * 1024 * 1024
    with httpx.Client(base_url=strict.base, timeout=5) as client:
        grown_mib = (client.get("/rss").json()["max_rss_kib"] - before) / 1024
    assert grown_mib < 40


def test_body_deadline_does_not_cut_a_handler_working_on_a_chunk(strict: RunningServer) -> None:
    """The body timeout counts time waiting for the client, not time the handler spends."""
    with socket.create_connection(("127.0.0.1", strict.port), timeout=5) as sock:
        sock.sendall(b"POST /slow-reader HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n")
        time.sleep(0.3)
        sock.sendall(b"ab")
        time.sleep(0.3)
        sock.sendall(b"cd")
        response = sock.recv(65536)
    assert status(response) == 200
    assert response.endswith(b"abcd")
