"""fetch() against hostile servers: broken framing, bad heads, early closes, endless bodies.

A broken response is a network error (a `TypeError` naming the URL) from `fetch()`, or
from the body read when the head was fine; never silent truncation, and a connection
whose exchange did not end cleanly never goes back to the pool.
"""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import AsyncIterator

import pytest
from inproc_server import AsyncRoute, InProcessServer, RawRequest, response

from webstd import AbortController, DOMException, fetch
from webstd.fetch.pool import MAX_HEAD_SIZE, get_pool


@pytest.fixture
async def server() -> AsyncIterator[InProcessServer]:
    srv = await InProcessServer().start()
    yield srv
    get_pool().close()
    await srv.close()


def _head(status_line: bytes, *lines: bytes) -> bytes:
    return b"\r\n".join([status_line, *lines]) + b"\r\n\r\n"


async def _rejects(url: str) -> TypeError:
    with pytest.raises(TypeError) as info:
        await asyncio.wait_for(fetch(url), 10)
    assert url in str(info.value)
    return info.value


async def _body_rejects(url: str, framing_broken: bool = True) -> TypeError:
    response = await asyncio.wait_for(fetch(url), 10)
    with pytest.raises(TypeError) as info:
        await asyncio.wait_for(response.bytes(), 10)
    assert url in str(info.value)
    if framing_broken:  # a connection whose message did not end cleanly is not reused
        assert get_pool().idle_count == 0
    return info.value


# -- framing (RFC 9112 §6) --------------------------------------------------------------


async def test_content_length_and_transfer_encoding_is_a_network_error(
    server: InProcessServer,
) -> None:
    # RFC 9112 §6.3 item 3: "ought to be handled as an error" (response smuggling); undici
    # (llhttp) refuses it too.
    server.routes["/x"] = (
        _head(b"HTTP/1.1 200 OK", b"Content-Length: 3", b"Transfer-Encoding: chunked")
        + b"3\r\nabc\r\n0\r\n\r\n"
    )
    await _rejects(server.url + "/x")
    assert get_pool().idle_count == 0


@pytest.mark.parametrize(
    "value", [b"Content-Length: 3\r\nContent-Length: 4", b"Content-Length: 3, 4"]
)
async def test_two_different_content_lengths_are_a_network_error(
    server: InProcessServer, value: bytes
) -> None:
    server.routes["/x"] = _head(b"HTTP/1.1 200 OK", value) + b"abcd"
    await _rejects(server.url + "/x")


@pytest.mark.parametrize("value", [b"-1", b"1e3", b"0x10", b"+3", b"3 3"])
async def test_invalid_content_length_is_a_network_error(
    server: InProcessServer, value: bytes
) -> None:
    server.routes["/x"] = _head(b"HTTP/1.1 200 OK", b"Content-Length: " + value) + b"abc"
    await _rejects(server.url + "/x")


@pytest.mark.parametrize("size", [b"zz", b"-1", b"ffffffffffffffffffffff", b""])
async def test_bad_chunk_size_errors_the_body(server: InProcessServer, size: bytes) -> None:
    server.routes["/x"] = (
        _head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked")
        + b"2\r\nok\r\n"
        + size
        + b"\r\nabc\r\n0\r\n\r\n"
    )
    await _body_rejects(server.url + "/x")


@pytest.mark.parametrize("coding", [b"gzip, chunked", b"identity", b"chunked, gzip"])
async def test_unsupported_transfer_coding_is_a_network_error(
    server: InProcessServer, coding: bytes
) -> None:
    server.routes["/x"] = _head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: " + coding) + b"ok"
    await _rejects(server.url + "/x")


async def _short_body(request: RawRequest, writer: asyncio.StreamWriter) -> bool:
    length = int(request.query["length"])
    sent = int(request.query["sent"])
    writer.write(_head(b"HTTP/1.1 200 OK", b"Content-Length: %d" % length))
    await writer.drain()
    await asyncio.sleep(0.05)  # the head alone first: the body is read from the socket
    writer.write(b"x" * sent)
    await writer.drain()
    return False  # close


@pytest.mark.parametrize(("length", "sent"), [(10, 3), (1_000_000, 300_000), (5, 0)])
async def test_body_shorter_than_content_length_errors_the_read(
    server: InProcessServer, length: int, sent: int
) -> None:
    server.routes["/short"] = _short_body
    await _body_rejects(f"{server.url}/short?length={length}&sent={sent}")


async def test_chunked_body_cut_short_errors_the_read(server: InProcessServer) -> None:
    async def route(request: RawRequest, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked") + b"5\r\nhel")
        return False

    server.routes["/x"] = route
    await _body_rejects(server.url + "/x")


async def test_a_streamed_read_gets_the_data_then_the_error(server: InProcessServer) -> None:
    server.routes["/short"] = _short_body
    response = await fetch(f"{server.url}/short?length=100000&sent=40000")
    assert response.body is not None
    reader = response.body.get_reader()
    received = 0
    with pytest.raises(TypeError):
        while True:
            value, done = await asyncio.wait_for(reader.read(), 10)
            assert not done, "a truncated body must not end cleanly"
            received += len(value)
    assert received <= 40000


# -- the head ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        _head(b"HTTP/1.1 2000 OK", b"Content-Length: 2"),
        _head(b"HTTP/1.1 20 OK", b"Content-Length: 2"),
        _head(b"HTTP/1.1 099 Low", b"Content-Length: 2"),
        _head(b"HTTP/2 200 OK", b"Content-Length: 2"),
        _head(b"HTTP/1.1", b"Content-Length: 2"),
        _head(b"ICY 200 OK", b"Content-Length: 2"),
        _head(b"HTTP/1.1 200 OK", b"X-A: o\x00ne", b"Content-Length: 2"),
        _head(b"HTTP/1.1 200 OK", b"X-A: one\rtwo", b"Content-Length: 2"),
        _head(b"HTTP/1.1 200 OK", b"X A: b", b"Content-Length: 2"),
        _head(b"HTTP/1.1 200 OK", b"X-A : b", b"Content-Length: 2"),
        _head(b"HTTP/1.1 200 OK", b": no name", b"Content-Length: 2"),
        _head(b"HTTP/1.1 200 OK", b"no colon", b"Content-Length: 2"),
    ],
    ids=[
        "4-digit-status",
        "2-digit-status",
        "status-below-100",
        "http2-line",
        "no-status",
        "icy",
        "nul-in-value",
        "cr-in-value",
        "space-in-name",
        "space-before-colon",
        "empty-name",
        "no-colon",
    ],
)
async def test_invalid_heads_are_network_errors(server: InProcessServer, head: bytes) -> None:
    server.routes["/x"] = head + b"ok"
    await _rejects(server.url + "/x")
    assert get_pool().idle_count == 0


async def test_obs_fold_is_replaced_by_a_space(server: InProcessServer) -> None:
    # RFC 9112 §5.2: a user agent replaces each obs-fold with SP (undici does the same).
    server.routes["/x"] = (
        _head(b"HTTP/1.1 200 OK", b"X-A: one", b"\t two", b"Content-Length: 2") + b"ok"
    )
    response = await fetch(server.url + "/x")
    assert response.headers.get("x-a") == "one two"
    assert await response.text() == "ok"


async def test_101_without_an_upgrade_request_is_a_network_error(server: InProcessServer) -> None:
    # Fetch §4.6 ignores 1xx responses except 101; fetch() never asks for an upgrade, so a
    # 101 cannot be followed by HTTP (undici: "bad upgrade").
    server.routes["/x"] = (
        _head(b"HTTP/1.1 101 Switching Protocols", b"Upgrade: websocket", b"Connection: upgrade")
        + b"\x81\x05hello"
    )
    await _rejects(server.url + "/x")
    assert get_pool().idle_count == 0


async def test_informational_responses_before_the_final_one_are_skipped(
    server: InProcessServer,
) -> None:
    server.routes["/x"] = (
        _head(b"HTTP/1.1 100 Continue")
        + _head(b"HTTP/1.1 102 Processing")
        + _head(b"HTTP/1.1 103 Early Hints", b"Link: </style.css>; rel=preload")
        + response(200, b"final", [("X-Final", "1")])
    )
    for _ in range(2):  # and the connection is reused after them
        result = await fetch(server.url + "/x")
        assert result.status == 200
        assert result.headers.get("link") is None
        assert result.headers.get("x-final") == "1"
        assert await result.text() == "final"
    assert server.connections == 1


@pytest.mark.parametrize("shape", ["one-value", "many-fields"])
async def test_huge_header_block_is_a_network_error(server: InProcessServer, shape: str) -> None:
    if shape == "one-value":
        fields = [b"X-Big: " + b"a" * (MAX_HEAD_SIZE + 10)]
    else:
        fields = [b"X-%d: v" % i for i in range(MAX_HEAD_SIZE // 6)]
    server.routes["/x"] = _head(b"HTTP/1.1 200 OK", *fields, b"Content-Length: 2") + b"ok"
    error = await _rejects(server.url + "/x")
    assert "large" in str(error) or "long" in str(error)


async def test_endless_informational_responses_hit_the_head_limit(server: InProcessServer) -> None:
    async def route(request: RawRequest, writer: asyncio.StreamWriter) -> bool:
        for _ in range(20_000):
            writer.write(_head(b"HTTP/1.1 102 Processing", b"X-Pad: " + b"p" * 40))
            await writer.drain()
        await asyncio.sleep(30)
        return False

    server.routes["/x"] = route
    await _rejects(server.url + "/x")


# -- abort and the pool -----------------------------------------------------------------


async def test_abort_mid_read_of_an_endless_body_closes_the_connection(
    server: InProcessServer,
) -> None:
    ended = asyncio.Event()

    async def endless(request: RawRequest, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked"))
        try:
            while True:
                writer.write(b"400\r\n" + b"z" * 1024 + b"\r\n")
                await writer.drain()
                await asyncio.sleep(0.005)
        except ConnectionError:
            ended.set()
            return False

    server.routes["/endless"] = endless
    controller = AbortController()
    response = await fetch(server.url + "/endless", signal=controller.signal)
    assert response.body is not None
    reader = response.body.get_reader()
    for _ in range(3):
        value, done = await reader.read()
        assert not done and value
    controller.abort()
    with pytest.raises(DOMException) as info:
        while True:
            await asyncio.wait_for(reader.read(), 5)
    assert info.value.name == "AbortError"
    assert get_pool().idle_count == 0
    await asyncio.wait_for(ended.wait(), 5)  # the server saw the connection close


async def _keep_then_close(request: RawRequest, writer: asyncio.StreamWriter) -> bool:
    # The first request of a connection is answered (keep-alive); any later one on the same
    # connection is read and then the connection is closed without an answer, as a server
    # whose idle timeout fires just as the request arrives.
    if request.connection == 1 and request.path == "/kc" and request.query.get("n") != "1":
        return False
    writer.write(response(200, request.method.encode()))
    return True


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"])
async def test_idempotent_request_on_a_closed_keep_alive_connection_is_retried(
    server: InProcessServer, method: str
) -> None:
    server.routes["/kc"] = _keep_then_close
    assert await (await fetch(server.url + "/kc?n=1")).text() == "GET"
    result = await fetch(server.url + "/kc?n=2", method=method)
    assert result.status == 200
    assert server.connections == 2
    assert server.count("/kc") == 3  # sent twice: once on the stale connection, once again


@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_non_idempotent_request_on_a_closed_keep_alive_connection_is_not_retried(
    server: InProcessServer, method: str
) -> None:
    # RFC 9110 §9.2.2 / RFC 9112 §9.3.1: a client must not retry a non-idempotent request
    # automatically; the server may have acted on it.
    server.routes["/kc"] = _keep_then_close
    assert await (await fetch(server.url + "/kc?n=1")).text() == "GET"
    with pytest.raises(TypeError):
        await fetch(server.url + "/kc?n=2", method=method, body=b"once")
    assert server.count("/kc") == 2  # the POST went out once


async def test_redirect_loop_stops_after_twenty(server: InProcessServer) -> None:
    server.routes["/loop"] = response(302, headers=[("Location", "/loop")], reason="Found")
    with pytest.raises(TypeError, match="redirects"):
        await fetch(server.url + "/loop")
    assert server.count("/loop") == 21


@pytest.mark.parametrize(
    "location",
    [
        "mailto:a@a.com",
        "data:,HI",
        "file:///etc/passwd",
        "ftp://x/",
        "javascript:alert(1)",
        "about:blank",
        "blob:djfksfjs",
        "ws://127.0.0.1/",
    ],
)
async def test_redirect_to_a_non_http_scheme_is_a_network_error(
    server: InProcessServer, location: str
) -> None:
    server.routes["/r"] = response(302, headers=[("Location", location)], reason="Found")
    with pytest.raises(TypeError):
        await fetch(server.url + "/r")


@pytest.mark.parametrize(
    ("raw_location", "target"),
    [
        (
            b"/caf\xc3\xa9?q=\xc3\xa9",
            "/caf%C3%A9?q=%C3%A9",
        ),  # UTF-8, as browsers and undici read it
        (b"/caf\xe9", "/caf%C3%A9"),  # not UTF-8: each byte as a code point (isomorphic decode)
        (b"/a b", "/a%20b"),
    ],
)
async def test_location_with_non_ascii_bytes(
    server: InProcessServer, raw_location: bytes, target: str
) -> None:
    server.routes["/r"] = _head(
        b"HTTP/1.1 302 Found", b"Location: " + raw_location, b"Content-Length: 0"
    )

    def echo(request: RawRequest) -> bytes:
        return response(200, request.target.encode("latin-1"))

    server.routes["/caf\xc3\xa9"] = echo
    server.routes["/caf%C3%A9"] = echo
    server.routes["/a%20b"] = echo
    result = await fetch(server.url + "/r")
    assert result.redirected
    assert await result.text() == target
    assert result.url == server.url + target


# -- content codings (Fetch §4.6 "handle content codings") ------------------------------

TEXT = b"hostile servers send interesting bytes " * 50


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        (b"gzip", gzip.compress(TEXT)),
        (b"x-gzip", gzip.compress(TEXT)),
        (b"deflate", zlib.compress(TEXT)),
        (b"GZIP", gzip.compress(TEXT)),
        (b"deflate, gzip", gzip.compress(zlib.compress(TEXT))),
    ],
)
async def test_content_codings_are_decoded(
    server: InProcessServer, coding: bytes, body: bytes
) -> None:
    server.routes["/x"] = (
        _head(b"HTTP/1.1 200 OK", b"Content-Encoding: " + coding, b"Content-Length: %d" % len(body))
        + body
    )
    result = await fetch(server.url + "/x")
    assert await result.bytes() == TEXT
    assert result.headers.get("content-encoding") == coding.decode()


async def test_unknown_coding_is_left_as_is(server: InProcessServer) -> None:
    # Brotli is not in Python's standard library: webstd does not ask for it (Accept-Encoding
    # is `gzip, deflate`) and passes a br body through undecoded, as any unknown coding.
    server.routes["/x"] = response(200, b"\x0b\x02\x80hi\x03", [("Content-Encoding", "br")])
    server.routes["/echo"] = lambda request: response(
        200, (request.header("accept-encoding") or "").encode()
    )
    result = await fetch(server.url + "/x")
    assert await result.bytes() == b"\x0b\x02\x80hi\x03"
    assert await (await fetch(server.url + "/echo")).text() == "gzip, deflate"


@pytest.mark.parametrize(
    "body",
    [gzip.compress(TEXT)[:40], gzip.compress(TEXT)[:-4], b"not gzip at all", zlib.compress(TEXT)],
    ids=["cut-early", "no-trailer", "garbage", "zlib-as-gzip"],
)
async def test_broken_gzip_errors_the_body(server: InProcessServer, body: bytes) -> None:
    # A body that does not decode (or ends before the coding's end) is an error, not a
    # silent truncation (Compression §3 "decompress flush": input ended early -> TypeError).
    server.routes["/x"] = response(200, body, [("Content-Encoding", "gzip")])
    await _body_rejects(server.url + "/x", framing_broken=False)


async def test_broken_gzip_of_a_streamed_body_errors_the_read(server: InProcessServer) -> None:
    compressed = gzip.compress(TEXT * 100)

    async def route(request: RawRequest, writer: asyncio.StreamWriter) -> bool:
        writer.write(
            _head(b"HTTP/1.1 200 OK", b"Content-Encoding: gzip", b"Transfer-Encoding: chunked")
        )
        half = compressed[: len(compressed) // 2]
        writer.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(half), half))
        return True

    server.routes["/x"] = route
    await _body_rejects(server.url + "/x", framing_broken=False)


async def test_gzip_members_are_all_decoded_and_trailing_bytes_ignored(
    server: InProcessServer,
) -> None:
    # RFC 1952 §2.2: a gzip body is a series of members (Node's zlib decodes them all);
    # bytes after the last member that do not start another are ignored, as Node does.
    body = gzip.compress(b"one ") + gzip.compress(b"two") + b"\x00\x00junk"
    server.routes["/x"] = response(200, body, [("Content-Encoding", "gzip")])
    assert await (await fetch(server.url + "/x")).text() == "one two"
    server.routes["/y"] = response(
        200, zlib.compress(b"three") + b"junk", [("Content-Encoding", "deflate")]
    )
    assert await (await fetch(server.url + "/y")).text() == "three"


async def test_empty_body_with_a_content_coding_is_empty(server: InProcessServer) -> None:
    server.routes["/x"] = response(200, b"", [("Content-Encoding", "gzip")])
    assert await (await fetch(server.url + "/x")).bytes() == b""


@pytest.mark.parametrize("status", [204, 304])
async def test_null_body_status_with_a_body_is_bodiless_and_the_connection_dropped(
    server: InProcessServer, status: int
) -> None:
    server.routes["/x"] = _head(b"HTTP/1.1 %d X" % status, b"Content-Length: 5") + b"hello"
    server.routes["/ok"] = response(200, b"fine")
    result = await fetch(server.url + "/x")
    assert result.status == status
    assert result.body is None
    assert await result.text() == ""
    # The stray "hello" must not be read as the next response.
    assert await (await fetch(server.url + "/ok")).text() == "fine"
    assert server.connections == 2


async def test_head_response_with_a_body_drops_the_connection(server: InProcessServer) -> None:
    server.routes["/x"] = response(200, b"a body a HEAD must not have")
    server.routes["/ok"] = response(200, b"fine")
    result = await fetch(server.url + "/x", method="HEAD")
    assert result.body is None
    assert result.headers.get("content-length") == "27"
    assert await (await fetch(server.url + "/ok")).text() == "fine"


# -- stalled bodies: fetch() resolves on the head (Fetch §4.6) --------------------------


def _stall_after(head_and_some: bytes) -> AsyncRoute:
    async def route(request: RawRequest, writer: asyncio.StreamWriter) -> bool:
        writer.write(head_and_some)
        await writer.drain()
        await asyncio.sleep(30)
        return False

    return route


async def test_a_stalled_content_length_body_does_not_hold_up_fetch(
    server: InProcessServer,
) -> None:
    server.routes["/x"] = _stall_after(_head(b"HTTP/1.1 200 OK", b"Content-Length: 10") + b"abc")
    controller = AbortController()
    result = await asyncio.wait_for(fetch(server.url + "/x", signal=controller.signal), 5)
    assert result.status == 200
    assert result.body is not None
    reader = result.body.get_reader()
    first = await asyncio.wait_for(reader.read(), 5)
    assert bytes(first.value) == b"abc"
    controller.abort()
    with pytest.raises(DOMException):
        await reader.read()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_stalled_redirect_body_does_not_hold_up_the_redirect(
    server: InProcessServer, status: int
) -> None:
    # Fetch §4.4 does not wait for a redirect's body; its connection is drained in the
    # background and closed when the body does not come.
    server.routes["/r"] = _stall_after(
        _head(b"HTTP/1.1 %d Moved" % status, b"Location: /ok", b"Content-Length: 10") + b"abc"
    )
    server.routes["/ok"] = response(200, b"ok")
    result = await asyncio.wait_for(fetch(server.url + "/r"), 5)
    assert result.redirected
    assert await result.text() == "ok"


async def test_a_redirect_body_that_comes_later_keeps_the_connection(
    server: InProcessServer,
) -> None:
    async def route(request: RawRequest, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(b"HTTP/1.1 302 Found", b"Location: /ok", b"Content-Length: 4"))
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.write(b"late")
        return True

    server.routes["/r"] = route
    server.routes["/ok"] = response(200, b"ok")
    assert await (await fetch(server.url + "/r")).text() == "ok"
    for _ in range(150):  # the drained connection comes back to the pool
        if get_pool().idle_count == 2:
            break
        await asyncio.sleep(0.02)
    assert get_pool().idle_count == 2
    assert server.connections == 2


async def test_header_bytes_above_0x7f_are_isomorphic_decoded(server: InProcessServer) -> None:
    # Fetch §2.2 header values are byte sequences; as a `str` each byte is one code point
    # (isomorphic decode, as undici's latin1), never UTF-8-decoded or rejected.
    server.routes["/x"] = _head(
        b"HTTP/1.1 200 OK", b"X-L: caf\xe9", b"X-U: caf\xc3\xa9", b"Content-Length: 0"
    )
    result = await fetch(server.url + "/x")
    assert result.headers.get("x-l") == "caf\xe9"
    assert result.headers.get("x-u") == "caf\xc3\xa9"


async def test_short_body_arriving_with_the_head_then_close(server: InProcessServer) -> None:
    async def route(request: RawRequest, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(b"HTTP/1.1 200 OK", b"Content-Length: 10") + b"abc")
        return False  # close right after, in the same breath

    server.routes["/x"] = route
    await _body_rejects(server.url + "/x")


async def test_abort_mid_read_of_a_large_content_length_body_closes_the_connection(
    server: InProcessServer,
) -> None:
    ended = asyncio.Event()

    async def large(request: RawRequest, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(b"HTTP/1.1 200 OK", b"Content-Length: 1000000000"))
        try:
            while True:
                writer.write(b"y" * 65536)
                await writer.drain()
                await asyncio.sleep(0.005)
        except ConnectionError:
            ended.set()
            return False

    server.routes["/large"] = large
    controller = AbortController()
    result = await fetch(server.url + "/large", signal=controller.signal)
    assert result.body is not None
    reader = result.body.get_reader()
    for _ in range(5):  # into the raw (h11-less) read mode
        value, done = await reader.read()
        assert not done and value
    controller.abort()
    with pytest.raises(DOMException):
        while True:
            await asyncio.wait_for(reader.read(), 5)
    assert get_pool().idle_count == 0
    await asyncio.wait_for(ended.wait(), 5)


async def test_bare_lf_response_on_a_kept_alive_connection(server: InProcessServer) -> None:
    # RFC 9112 §2.2: a recipient may accept a bare LF as a line terminator (h11 does); the
    # fetch must not wait for the connection to close to find the head.
    server.routes["/x"] = b"HTTP/1.1 200 OK\nContent-Length: 2\nX-A: 1\n\nok"
    result = await asyncio.wait_for(fetch(server.url + "/x"), 5)
    assert result.headers.get("x-a") == "1"
    assert await asyncio.wait_for(result.text(), 5) == "ok"
