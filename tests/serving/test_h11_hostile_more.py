"""More hostile input against the built-in h11 server (raw sockets, a real server process).

Complements test_h11_hostile.py: transfer codings, Content-Length spellings, header-name
syntax, absolute-form targets, chunk lines and trailers, request-line oddities, Expect,
half-closed clients, pipelining floods and CR/LF a handler passes on. After each refused
request a good request on a new connection must succeed.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest
from raw_http import STRICT, assert_still_serving, exchange, read_all, status
from serving_servers import RunningServer


@pytest.fixture(scope="module")
def strict() -> Iterator[RunningServer]:
    server = RunningServer("h11", STRICT)
    yield server
    server.stop()


def body_json(response: bytes) -> object:
    return json.loads(response.split(b"\r\n\r\n", 1)[1])


def rss_kib(pid: int) -> int:
    """The current resident set size of process `pid` (KiB), from /proc."""
    with open(f"/proc/{pid}/status") as file:
        for line in file:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


POST = b"POST /upload HTTP/1.1\r\nHost: a\r\n"
CHUNKED = POST + b"Transfer-Encoding: chunked\r\n\r\n"

REFUSED = {
    # Transfer-Encoding (RFC 9112 §6.1, §6.3, §7.1)
    "TE chunked, identity": (POST + b"Transfer-Encoding: chunked, identity\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400),
    "TE identity": (POST + b"Transfer-Encoding: identity\r\n\r\nabc", 400),
    "TE xchunked": (POST + b"Transfer-Encoding: xchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400),
    "TE chunked on two lines": (
        POST + b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400
    ),
    "TE chunked, chunked": (POST + b"Transfer-Encoding: chunked, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400),
    "TE empty": (POST + b"Transfer-Encoding: \r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400),
    "TE chunked with a parameter": (POST + b"Transfer-Encoding: chunked;q=1\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400),
    "TE in HTTP/1.0": (
        b"POST /upload HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400
    ),
    "TE gzip, chunked": (POST + b"Transfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 501),
    "TE identity with Content-Length": (
        POST + b"Transfer-Encoding: identity\r\nContent-Length: 3\r\n\r\nabc", 400
    ),
    # Content-Length spellings (RFC 9110 §8.6: 1*DIGIT)
    "CL +5": (POST + b"Content-Length: +5\r\n\r\nhello", 400),
    "CL -1": (POST + b"Content-Length: -1\r\n\r\nhello", 400),
    "CL 0x5": (POST + b"Content-Length: 0x5\r\n\r\nhello", 400),
    "CL 1_0": (POST + b"Content-Length: 1_0\r\n\r\nhellohello", 400),
    "CL empty": (POST + b"Content-Length: \r\n\r\nhello", 400),
    "CL fullwidth digit": (POST + "Content-Length: ５\r\n\r\nhello".encode(), 400),
    "CL 2**64": (POST + b"Content-Length: 18446744073709551616\r\n\r\nhello", 413),
    "CL 5,000 digits": (POST + b"Content-Length: " + b"9" * 5000 + b"\r\n\r\nhello", 413),
    # field names (RFC 9112 §5.1: no whitespace before the colon; RFC 9110 §5.1: a token)
    "space before colon": (b"GET / HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n", 400),
    "Content-Length with space before colon": (POST + b"Content-Length : 5\r\n\r\nhello", 400),
    "Transfer-Encoding with space before colon": (
        POST + b"Transfer-Encoding : chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400
    ),
    "name with parentheses": (b"GET / HTTP/1.1\r\nHost: a\r\nX(a): b\r\n\r\n", 400),
    "name with a slash": (b"GET / HTTP/1.1\r\nHost: a\r\nX/a: b\r\n\r\n", 400),
    "empty name": (b"GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n", 400),
    "first field line starts with a space": (b"GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400),
    # Host (RFC 9112 §3.2)
    "two Host differing in case": (b"GET / HTTP/1.1\r\nHost: a\r\nHOST: a\r\n\r\n", 400),
    "two Host in HTTP/1.0": (b"GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    "empty Host": (b"GET / HTTP/1.1\r\nHost: \r\n\r\n", 400),
    "Host with userinfo": (b"GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", 400),
    "Host with a path": (b"GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
    "Host port 99999": (b"GET / HTTP/1.1\r\nHost: a:99999\r\n\r\n", 400),
    "Host with NUL": (b"GET / HTTP/1.1\r\nHost: a\x00\r\n\r\n", 400),
    "Host in raw UTF-8": ("GET / HTTP/1.1\r\nHost: ä.example\r\n\r\n".encode(), 400),
    # absolute-form (RFC 9110 §4.2.1, §4.2.4)
    "absolute-form without Host": (b"GET http://b.example/url HTTP/1.1\r\n\r\n", 400),
    "absolute-form with empty authority": (b"GET http:///url HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "absolute-form with userinfo": (b"GET http://u:p@b.example/url HTTP/1.1\r\nHost: b.example\r\n\r\n", 400),
    "absolute-form with a backslash": (b"GET http://b.example\\@c/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "absolute-form ftp": (b"GET ftp://b.example/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    # chunk lines and trailers (RFC 9112 §7.1)
    "chunk-ext with a bare CR": (CHUNKED + b"3;a=b\rc\r\nabc\r\n0\r\n\r\n", 400),
    "chunk-ext with a bare LF": (CHUNKED + b"3;a\nGET / HTTP/1.1\r\nabc\r\n0\r\n\r\n", 400),
    "chunk-ext of 100 KiB": (CHUNKED + b"3;" + b"x" * 102400 + b"\r\nabc\r\n0\r\n\r\n", 400),
    "chunk-ext not a token": (CHUNKED + b"3;a b\r\nabc\r\n0\r\n\r\n", 400),
    "chunk longer than announced": (CHUNKED + b"3\r\nabcdef\r\n0\r\n\r\n", 400),
    "chunk data ended by a bare LF": (CHUNKED + b"3\r\nabc\n0\r\n\r\n", 400),
    "chunk-size ended by a bare LF": (CHUNKED + b"3\nabc\r\n0\r\n\r\n", 400),
    "negative chunk-size": (CHUNKED + b"-3\r\nabc\r\n0\r\n\r\n", 400),
    "chunk-size 0x3": (CHUNKED + b"0x3\r\nabc\r\n0\r\n\r\n", 400),
    "chunk-size with a leading space": (CHUNKED + b" 3\r\nabc\r\n0\r\n\r\n", 400),
    "trailer without colon": (CHUNKED + b"3\r\nabc\r\n0\r\nBad Trailer\r\n\r\n", 400),
    "trailer with NUL": (CHUNKED + b"3\r\nabc\r\n0\r\nX: a\x00b\r\n\r\n", 400),
    "10,000 trailer fields": (CHUNKED + b"3\r\nabc\r\n0\r\n" + b"X: y\r\n" * 10000 + b"\r\n", 400),
    # request line (RFC 9112 §3)
    "tab in the request line": (b"GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "two spaces before the target": (b"GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "two spaces before the version": (b"GET /  HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "method not a token": (b"G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "NUL in the method": (b"G\x00T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "lowercase http/1.1": (b"GET / http/1.1\r\nHost: a\r\n\r\n", 400),
    "HTTP/1.1x": (b"GET / HTTP/1.1x\r\nHost: a\r\n\r\n", 400),
    "HTTP/1.1 and a space": (b"GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400),
    "HTTP/1.01": (b"GET / HTTP/1.01\r\nHost: a\r\n\r\n", 400),
    "HTTP/1": (b"GET / HTTP/1\r\nHost: a\r\n\r\n", 400),
    "HTTP/0.9": (b"GET / HTTP/0.9\r\nHost: a\r\n\r\n", 505),
    "HTTP/2 preface": (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
    # request-target bytes (RFC 9112 §3.2)
    "NUL in the target": (b"GET /a\x00b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "DEL in the target": (b"GET /a\x7fb HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "control byte in the target": (b"GET /a\x01b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "overlong UTF-8 in the target": (b"GET /\xc0\xaf HTTP/1.1\r\nHost: a\r\n\r\n", 400),
}  # fmt: skip


@pytest.mark.parametrize("name", list(REFUSED))
def test_hostile_request_is_refused(strict: RunningServer, name: str) -> None:
    data, expected = REFUSED[name]
    started = time.monotonic()
    response = exchange(strict.port, data)
    assert status(response) == expected
    assert response.count(b"HTTP/1.1 ") == 1  # nothing after it was taken as a request
    assert b"connection: close" in response.lower()
    assert time.monotonic() - started < 3.0  # answered and closed, not left waiting
    assert_still_serving(strict)


ACCEPTED = {
    # RFC 9110 §5.5: OWS around a field value is not part of it; leading zeros are digits.
    "CL with spaces": (POST + b"Content-Length:  5 \r\nConnection: close\r\n\r\nhello", 5),
    "CL 05": (POST + b"Content-Length: 05\r\nConnection: close\r\n\r\nhello", 5),
    "a field named Content-Length-X": (
        POST + b"Content-Length: 5\r\nContent-Length-X: y\r\nTransfer-Encoding-X: z\r\nConnection: close\r\n\r\nhello",
        5,
    ),
    # RFC 9112 §7: transfer-coding names are case-insensitive.
    "TE CHUNKED": (POST + b"Transfer-Encoding: CHUNKED\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 3),
    # RFC 9112 §7.1.1: chunk extensions are ignored; a quoted-string value may hold ';'.
    "chunk extensions": (
        POST + b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        b'3;a=b ; c="x;\\"y"\r\nabc\r\n2;d\r\nde\r\n0;e=f\r\n\r\n',
        5,
    ),
    # RFC 9110 §6.5.1: a trailer field is never merged into the header section.
    "Content-Length in a trailer": (
        POST + b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\nContent-Length: 99\r\n\r\n",
        3,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_valid_but_unusual_framing_is_accepted(strict: RunningServer, name: str) -> None:
    data, received = ACCEPTED[name]
    response = exchange(strict.port, data)
    assert status(response) == 200
    assert body_json(response)["received"] == received  # type: ignore[index]


def test_empty_lines_before_a_request_line_are_ignored(strict: RunningServer) -> None:
    """RFC 9112 §2.2: a server SHOULD ignore at least one empty line before a request-line."""
    response = exchange(
        strict.port, b"\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    )
    assert status(response) == 200
    assert response.endswith(b"Hello world!")
    # The CRLF some clients add after a body is not a bad next request.
    response = exchange(
        strict.port,
        POST + b"Content-Length: 5\r\n\r\nhello\r\n"
        b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    )
    assert [int(part[:3]) for part in response.split(b"HTTP/1.1 ")[1:]] == [200, 200]
    assert response.endswith(b"Hello world!")


def test_a_stream_of_empty_lines_is_closed_by_the_header_deadline(strict: RunningServer) -> None:
    with socket.create_connection(("127.0.0.1", strict.port), timeout=5) as sock:
        started = time.monotonic()
        closed = False
        while time.monotonic() - started < 4:
            try:
                sock.sendall(b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            time.sleep(0.1)
        assert closed, "empty lines kept the connection open past the 1 s header timeout"
    assert_still_serving(strict)


def test_absolute_form_authority_wins_over_host(strict: RunningServer) -> None:
    """RFC 9112 §3.2.2: with an absolute-form target the Host field is ignored for the URL."""
    response = exchange(
        strict.port,
        b"GET http://b.example:8080/url?q=%41 HTTP/1.1\r\nHost: a.example\r\nConnection: close\r\n\r\n",
    )
    assert status(response) == 200
    assert body_json(response)["url"] == "http://b.example:8080/url?q=%41"  # type: ignore[index]


def test_escaped_nul_and_overlong_utf8_stay_escaped_in_the_url(strict: RunningServer) -> None:
    response = exchange(
        strict.port,
        b"GET /url?a=%00&b=%C0%AF HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    )
    assert status(response) == 200
    data = body_json(response)
    assert data["url"] == "http://a/url?a=%00&b=%C0%AF"  # type: ignore[index]
    assert data["params"] == [["a", "\x00"], ["b", "\ufffd\ufffd"]]  # type: ignore[index]


def test_expect_100_continue_with_a_handler_that_never_reads(strict: RunningServer) -> None:
    """The unread body is never taken for the next request; the connection closes."""
    with socket.create_connection(("127.0.0.1", strict.port), timeout=5) as sock:
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 35\r\nExpect: 100-continue\r\n\r\n"
        )
        first = b""
        while b"Hello world!" not in first:
            chunk = sock.recv(65536)
            assert chunk
            first += chunk
        assert status(first) == 200  # the final answer, with no 100 (RFC 9110 §10.1.1)
        assert b"connection: close" in first.lower()
        try:  # a body that looks like a request: it must not be answered
            sock.sendall(b"GET /cookies HTTP/1.1\r\nHost: a\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        rest = read_all(sock)
    assert b"HTTP/1.1" not in rest
    assert_still_serving(strict)


def test_expect_100_continue_with_a_body_never_sent(strict: RunningServer) -> None:
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", strict.port), timeout=5) as sock:
        sock.sendall(POST + b"Content-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        response = read_all(sock)
    elapsed = time.monotonic() - started
    assert response.startswith(b"HTTP/1.1 100 Continue\r\n")
    assert b"HTTP/1.1 2" not in response
    assert elapsed < 4.0  # the 1 s body timeout closed it
    assert_still_serving(strict)


def test_half_closed_client_still_gets_its_responses(strict: RunningServer) -> None:
    """A client that shuts down its sending side after its requests is still answered."""
    response = exchange(strict.port, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", shut=True)
    assert status(response) == 200
    assert response.endswith(b"Hello world!")
    response = exchange(strict.port, POST + b"Content-Length: 5\r\n\r\nhello", shut=True)
    assert body_json(response)["received"] == 5  # type: ignore[index]
    # Pipelined, with a first answer large enough to fill the socket buffers.
    response = exchange(
        strict.port,
        b"GET /big HTTP/1.1\r\nHost: a\r\n\r\nGET /cookies HTTP/1.1\r\nHost: a\r\n\r\n",
        shut=True,
    )
    assert response.count(b"HTTP/1.1 200 ") == 2
    assert response.endswith(b"two cookies")
    # A partial head then EOF: refused, not waited on.
    started = time.monotonic()
    response = exchange(strict.port, b"GET / HTTP/1.1\r\nHost: a\r\n", shut=True)
    assert response == b"" or status(response) == 400
    assert time.monotonic() - started < 3.0
    assert_still_serving(strict)


def test_1000_pipelined_requests_in_one_write(strict: RunningServer) -> None:
    pid = strict.handler_pid
    before = rss_kib(pid)
    paths = [b"/", b"/cookies", b"/status/204", b"/url?i=%d"]
    requests = b"".join(
        b"GET %s HTTP/1.1\r\nHost: a\r\n\r\n" % (paths[i % 4] % i if i % 4 == 3 else paths[i % 4])
        for i in range(999)
    )
    response = exchange(
        strict.port, requests + b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    )
    parts = response.split(b"HTTP/1.1 ")[1:]
    assert len(parts) == 1000
    for i, part in enumerate(parts[:999]):  # in order
        if i % 4 == 0:
            assert part.endswith(b"Hello world!")
        elif i % 4 == 1:
            assert part.endswith(b"two cookies")
        elif i % 4 == 2:
            assert part.startswith(b"204 ")
        else:
            assert part.endswith(b'"search":"?i=%d","params":[["i","%d"]]}' % (i, i))
    assert (rss_kib(pid) - before) / 1024 < 30


def test_pipelining_client_that_never_reads_small_responses(strict: RunningServer) -> None:
    """The server stops reading once its responses back up: bounded buffers, bounded RSS."""
    pid = strict.handler_pid
    before = rss_kib(pid)
    sock = socket.create_connection(("127.0.0.1", strict.port), timeout=5)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    request = b"GET /cookies HTTP/1.1\r\nHost: a\r\n\r\n" * 256
    sent = 0
    deadline = time.monotonic() + 2.0
    try:
        while time.monotonic() < deadline:
            try:
                sent += sock.send(request)
            except BlockingIOError:
                time.sleep(0.01)
        grown_mib = (rss_kib(pid) - before) / 1024
    finally:
        sock.close()
    assert sent < 64 * 1024 * 1024  # the server stopped reading: the client is held back
    assert grown_mib < 30
    assert_still_serving(strict)


def test_100_half_open_connections(strict: RunningServer) -> None:
    socks = [socket.create_connection(("127.0.0.1", strict.port), timeout=5) for _ in range(100)]
    try:
        for sock in socks[:50]:
            sock.sendall(b"GET / HTTP/1.1\r\n")  # half a head; the other 50 send nothing
        assert_still_serving(strict)  # served while they wait
        answers = [read_all(sock) for sock in socks]  # each closed by a deadline (1 s)
    finally:
        for sock in socks:
            sock.close()
    assert all(answer == b"" for answer in answers[50:])
    assert all(answer == b"" or status(answer) == 408 for answer in answers[:50])
    assert_still_serving(strict)


@pytest.mark.parametrize(
    "value", ["%0D%0ASet-Cookie:%20x=1", "%0ASet-Cookie:%20x=1", "a%0Db", "%00", "a%E2%80%A8b"]
)
def test_cr_lf_from_a_handler_never_reaches_the_wire(strict: RunningServer, value: str) -> None:
    """A header value with CR/LF/NUL is refused (a 500, nothing leaked); a redirect's URL drops them."""
    for extra in ("", "&as=redirect"):
        response = exchange(
            strict.port,
            b"GET /crlf?v=%s%s HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
            % (value.encode(), extra.encode()),
        )
        head = response.split(b"\r\n\r\n", 1)[0]
        assert b"\x00" not in head
        for line in head.split(b"\r\n"):  # (Fetch strips CR/LF at either end of a value)
            assert b"\r" not in line and b"\n" not in line
            assert line.startswith(b"HTTP/1.1 ") or b": " in line
            assert not line.lower().startswith(b"set-cookie")  # no field of its own
        assert status(response) in ((302,) if extra else (200, 500))
    assert_still_serving(strict)


@pytest.mark.parametrize(
    ("first", "answers"),
    [
        (b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 1),  # RFC 9112 §9.6
        (b"GET / HTTP/1.0\r\n\r\n", 1),  # RFC 9112 §9.3: no persistence for HTTP/1.0 here
        (b"GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", 2),
        (b"HEAD /big HTTP/1.1\r\nHost: a\r\n\r\n", 2),
    ],
)
def test_what_follows_a_request_on_its_connection(
    strict: RunningServer, first: bytes, answers: int
) -> None:
    """Requests after a closing one are never answered; a declined upgrade or HEAD keeps going."""
    response = exchange(
        strict.port, first + b"GET /cookies HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    )
    assert response.count(b"HTTP/1.1 200 ") == answers
    assert response.endswith(b"two cookies") == (answers == 2)
    assert_still_serving(strict)


def test_a_handler_framing_header_never_desyncs_the_connection(strict: RunningServer) -> None:
    """RFC 9110 §8.6: a known body is framed by its real length, whatever the handler set."""
    queries = [b"v=1", b"v=10", b"v=0", b"h=transfer-encoding&v=chunked"]
    requests = b"".join(b"GET /framing?%s HTTP/1.1\r\nHost: a\r\n\r\n" % q for q in queries)
    response = exchange(
        strict.port, requests + b"GET /cookies HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    )
    parts = response.split(b"HTTP/1.1 ")[1:]
    assert len(parts) == 5
    for part in parts[:4]:
        head, body = part.split(b"\r\n\r\n", 1)
        assert body == b"abc"
        assert b"content-length: 3" in head.lower()
        assert b"transfer-encoding" not in head.lower()
    assert parts[4].endswith(b"two cookies")


def test_empty_line_split_between_cr_and_lf(strict: RunningServer) -> None:
    with socket.create_connection(("127.0.0.1", strict.port), timeout=5) as sock:
        sock.sendall(b"\r")
        time.sleep(0.2)
        sock.sendall(b"\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        response = read_all(sock)
    assert status(response) == 200
    assert response.endswith(b"Hello world!")
