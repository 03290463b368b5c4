"""fetch() over HTTP/1.1 against a real uvicorn server: requests, keep-alive, bodies, errors."""

from __future__ import annotations

import asyncio
import json

import pytest
from fetch_servers import Server, start_server

from webstd import Headers, ReadableStream, Request, Response, URLSearchParams, fetch
from webstd.fetch.pool import get_pool


def _header(echo: dict, name: str) -> list[str]:
    return [value for key, value in echo["headers"] if key == name]


async def test_get_json(uvicorn_server: Server) -> None:
    response = await fetch(uvicorn_server.url + "/json")
    assert isinstance(response, Response)
    assert (response.status, response.ok, response.status_text) == (200, True, "OK")
    assert response.type == "basic"
    assert response.url == uvicorn_server.url + "/json"
    assert response.redirected is False
    assert response.headers.get("content-type") == "application/json"
    assert await response.json() == {"hello": "world", "n": 1}
    assert response.body_used


async def test_response_headers_are_immutable(uvicorn_server: Server) -> None:
    response = await fetch(uvicorn_server.url + "/json")
    with pytest.raises(TypeError):
        response.headers.set("x-a", "b")


async def test_default_request_headers(uvicorn_server: Server) -> None:
    echo = await (await fetch(uvicorn_server.url + "/echo")).json()
    assert echo["method"] == "GET"
    assert _header(echo, "host") == [f"127.0.0.1:{uvicorn_server.port}"]
    assert _header(echo, "accept") == ["*/*"]
    assert _header(echo, "accept-encoding") == ["gzip, deflate"]
    assert _header(echo, "user-agent") == ["webstd/0.1"]
    assert _header(echo, "content-length") == []
    assert _header(echo, "transfer-encoding") == []


async def test_user_headers_override_defaults(uvicorn_server: Server) -> None:
    headers = {"accept": "application/json", "user-agent": "me", "x-custom": "1"}
    echo = await (await fetch(uvicorn_server.url + "/echo", headers=headers)).json()
    assert _header(echo, "accept") == ["application/json"]
    assert _header(echo, "user-agent") == ["me"]
    assert _header(echo, "x-custom") == ["1"]


async def test_range_header_asks_for_identity(uvicorn_server: Server) -> None:
    echo = await (await fetch(uvicorn_server.url + "/echo", headers={"range": "bytes=0-1"})).json()
    assert _header(echo, "accept-encoding") == ["identity"]


async def test_query_is_sent_and_fragment_is_not(uvicorn_server: Server) -> None:
    echo = await (await fetch(uvicorn_server.url + "/echo?a=1&b=%20#frag")).json()
    assert echo["target"] == "/echo?a=1&b=%20"


@pytest.mark.parametrize(
    ("body", "length", "content_type"),
    [
        ("héllo", 6, "text/plain;charset=UTF-8"),
        (b"\x00\x01\x02", 3, None),
        (bytearray(b"abcd"), 4, None),
        (memoryview(b"abcde"), 5, None),
        (URLSearchParams("a=1&b=2"), 7, "application/x-www-form-urlencoded;charset=UTF-8"),
    ],
)
async def test_bodies_of_known_length_use_content_length(
    uvicorn_server: Server, body: object, length: int, content_type: str | None
) -> None:
    response = await fetch(uvicorn_server.url + "/echo", method="POST", body=body)
    echo = await response.json()
    assert echo["body_length"] == length
    assert _header(echo, "content-length") == [str(length)]
    assert _header(echo, "transfer-encoding") == []
    if content_type is not None:
        assert _header(echo, "content-type") == [content_type]


async def test_bodiless_post_and_put_send_content_length_zero(uvicorn_server: Server) -> None:
    for method in ("POST", "PUT"):
        echo = await (await fetch(uvicorn_server.url + "/echo", method=method)).json()
        assert _header(echo, "content-length") == ["0"], method
    echo = await (await fetch(uvicorn_server.url + "/echo", method="DELETE")).json()
    assert _header(echo, "content-length") == []


async def test_stream_body_goes_chunked(uvicorn_server: Server) -> None:
    stream = ReadableStream.from_([b"ab", b"cd", b"e"])
    response = await fetch(uvicorn_server.url + "/echo", method="POST", body=stream, duplex="half")
    echo = await response.json()
    assert echo["body_length"] == 5
    assert _header(echo, "transfer-encoding") == ["chunked"]
    assert _header(echo, "content-length") == []


async def test_async_iterable_body(uvicorn_server: Server) -> None:
    async def chunks():
        for _ in range(10):
            yield b"x" * 1000

    response = await fetch(uvicorn_server.url + "/echo", method="PUT", body=chunks(), duplex="half")
    assert (await response.json())["body_length"] == 10_000


async def test_stream_body_with_user_content_length_is_length_framed(
    uvicorn_server: Server,
) -> None:
    stream = ReadableStream.from_([b"abc", b"de"])
    response = await fetch(
        uvicorn_server.url + "/echo",
        method="POST",
        body=stream,
        duplex="half",
        headers={"content-length": "5"},
    )
    echo = await response.json()
    assert _header(echo, "content-length") == ["5"]
    assert _header(echo, "transfer-encoding") == []
    assert echo["body_length"] == 5


async def test_user_content_length_on_a_bytes_body_is_replaced(uvicorn_server: Server) -> None:
    response = await fetch(
        uvicorn_server.url + "/echo", method="POST", body=b"abc", headers={"content-length": "99"}
    )
    echo = await response.json()
    assert _header(echo, "content-length") == ["3"]


async def test_stream_body_without_duplex_is_a_type_error(uvicorn_server: Server) -> None:
    with pytest.raises(TypeError, match="duplex"):
        await fetch(uvicorn_server.url + "/echo", method="POST", body=ReadableStream.from_([b"a"]))


async def test_stream_body_chunk_that_is_not_bytes_is_a_type_error(uvicorn_server: Server) -> None:
    stream = ReadableStream.from_(["text, not bytes"])
    with pytest.raises(TypeError):
        await fetch(uvicorn_server.url + "/upload", method="POST", body=stream, duplex="half")


async def test_request_object_as_input(uvicorn_server: Server) -> None:
    request = Request(uvicorn_server.url + "/echo", method="PATCH", body="x", headers={"x-a": "1"})
    echo = await (await fetch(request)).json()
    assert echo["method"] == "PATCH"
    assert _header(echo, "x-a") == ["1"]
    assert request.body_used  # fetch(request) takes the body over, as new Request(request) does


async def test_request_object_with_init_overrides(uvicorn_server: Server) -> None:
    request = Request(uvicorn_server.url + "/echo", headers={"x-a": "1"})
    echo = await (await fetch(request, headers=Headers({"x-b": "2"}))).json()
    assert _header(echo, "x-a") == []
    assert _header(echo, "x-b") == ["2"]


async def test_head_response_has_null_body(uvicorn_server: Server) -> None:
    response = await fetch(uvicorn_server.url + "/json", method="HEAD")
    assert response.status == 200
    assert response.body is None
    assert response.headers.get("content-length") == "23"
    # and the connection is still good for the next request
    assert (await (await fetch(uvicorn_server.url + "/json")).json())["n"] == 1


@pytest.mark.parametrize("status", [204, 304])
async def test_null_body_status_has_null_body(uvicorn_server: Server, status: int) -> None:
    response = await fetch(f"{uvicorn_server.url}/status/{status}")
    assert response.status == status
    assert response.body is None
    assert await response.text() == ""


@pytest.mark.parametrize("status", [400, 404, 500, 503])
async def test_error_statuses_are_responses_not_exceptions(
    uvicorn_server: Server, status: int
) -> None:
    response = await fetch(f"{uvicorn_server.url}/status/{status}")
    assert response.status == status
    assert not response.ok


async def test_keep_alive_one_connection_for_100_sequential_requests(fresh_server: Server) -> None:
    for _ in range(100):
        response = await fetch(fresh_server.url + "/json")
        assert (await response.json())["n"] == 1
    ports = await (await fetch(fresh_server.url + "/connections")).json()
    assert len(ports) == 1, ports


async def test_connection_reused_after_a_streamed_body_is_fully_read(fresh_server: Server) -> None:
    for _ in range(5):
        response = await fetch(fresh_server.url + "/bytes?n=3000000")
        assert len(await response.bytes()) == 3_000_000
    ports = await (await fetch(fresh_server.url + "/connections")).json()
    assert len(ports) == 1, ports


async def test_connection_not_reused_after_an_unread_cancelled_body(fresh_server: Server) -> None:
    response = await fetch(fresh_server.url + "/bytes?n=5000000")
    assert response.body is not None
    await response.body.cancel()
    await (await fetch(fresh_server.url + "/json")).json()
    ports = await (await fetch(fresh_server.url + "/connections")).json()
    assert len(ports) == 2, ports


async def test_concurrent_requests_each_get_a_connection_and_all_come_back(
    fresh_server: Server,
) -> None:
    async def one() -> int:
        return (await (await fetch(fresh_server.url + "/json")).json())["n"]

    assert await asyncio.gather(*[one() for _ in range(20)]) == [1] * 20
    pool = get_pool()
    assert 1 <= pool.idle_count <= 20
    # A second wave reuses them.
    await asyncio.gather(*[one() for _ in range(20)])
    ports = await (await fetch(fresh_server.url + "/connections")).json()
    assert len(ports) <= 20


async def test_per_origin_bound_queues_requests(fresh_server: Server) -> None:
    pool = get_pool()
    pool.max_per_origin = 3

    async def one() -> str:
        # A connection stays with its response until the body is read.
        return await (await fetch(fresh_server.url + "/slow-head?delay=0.05")).text()

    assert await asyncio.gather(*[one() for _ in range(9)]) == ["late"] * 9
    ports = await (await fetch(fresh_server.url + "/connections")).json()
    assert len(ports) == 3, ports


async def test_idle_connections_close_after_the_idle_timeout(fresh_server: Server) -> None:
    pool = get_pool()
    pool.idle_timeout = 0.1
    await (await fetch(fresh_server.url + "/json")).json()
    assert pool.idle_count == 1
    await asyncio.sleep(0.35)
    assert pool.idle_count == 0
    await (await fetch(fresh_server.url + "/json")).json()
    ports = await (await fetch(fresh_server.url + "/connections")).json()
    assert len(ports) == 2


async def test_pool_is_per_event_loop() -> None:
    pool = get_pool()
    assert get_pool() is pool

    def other_loop_pool() -> object:
        async def inner() -> object:
            return get_pool()

        return asyncio.run(inner())

    assert await asyncio.to_thread(other_loop_pool) is not pool


async def test_stale_keep_alive_connection_is_retried_once() -> None:
    # The server closes an idle connection just as it is reused: the request is retried
    # on a new connection instead of failing.
    server = start_server("uvicorn", "--keep-alive", "0.3")
    try:
        await (await fetch(server.url + "/json")).json()
        pool = get_pool()
        (conn,) = [c for conns in pool._idle.values() for c in conns]
        assert conn.transport is not None
        conn.transport.pause_reading()  # do not notice the server's FIN while idle
        conn._paused = True
        await asyncio.sleep(0.8)
        response = await fetch(server.url + "/json")
        assert (await response.json())["n"] == 1
        assert conn.closed
    finally:
        server.stop()


async def test_gzip_body_is_decoded_and_headers_kept(uvicorn_server: Server) -> None:
    response = await fetch(uvicorn_server.url + "/gzip")
    assert response.headers.get("content-encoding") == "gzip"
    text = await response.text()
    assert text.startswith("The quick brown fox") and len(text) == 9000


@pytest.mark.parametrize("path", ["/deflate", "/deflate-raw", "/gzip-deflate"])
async def test_deflate_and_stacked_codings_are_decoded(uvicorn_server: Server, path: str) -> None:
    text = await (await fetch(uvicorn_server.url + path)).text()
    assert text == "The quick brown fox jumps over the lazy dog. " * 200


async def test_user_accept_encoding_identity_is_respected(uvicorn_server: Server) -> None:
    echo = await (
        await fetch(uvicorn_server.url + "/echo", headers={"accept-encoding": "identity"})
    ).json()
    assert _header(echo, "accept-encoding") == ["identity"]


async def test_streamed_body_chunks_are_bytes_in_order(uvicorn_server: Server) -> None:
    response = await fetch(uvicorn_server.url + "/bytes?n=1000000&chunk=1000")
    assert response.body is not None
    total = 0
    async for chunk in response.body:
        assert type(chunk) is bytes
        total += len(chunk)
    assert total == 1_000_000


async def test_response_clone_tees_the_network_body(uvicorn_server: Server) -> None:
    response = await fetch(uvicorn_server.url + "/bytes?n=2000000")
    clone = response.clone()
    a, b = await asyncio.gather(response.bytes(), clone.bytes())
    assert len(a) == len(b) == 2_000_000


async def test_json_body_round_trip(uvicorn_server: Server) -> None:
    payload = json.dumps({"k": "v" * 100}).encode()
    response = await fetch(uvicorn_server.url + "/upload", method="POST", body=payload)
    assert await response.json() == {"received": len(payload)}


def _sri(algorithm: str, data: bytes) -> str:
    import base64
    import hashlib

    return f"{algorithm}-" + base64.b64encode(hashlib.new(algorithm, data).digest()).decode()


JSON_BODY = b'{"hello":"world","n":1}'


@pytest.mark.parametrize(
    "integrity",
    [
        _sri("sha256", JSON_BODY),
        _sri("sha384", JSON_BODY),
        _sri("sha512", JSON_BODY) + " " + _sri("sha256", b"other"),  # strongest wins
        "md5-abc " + _sri("sha256", JSON_BODY),  # unknown algorithms are ignored
        "sha999-unknown",  # no usable metadata: no check
        _sri("sha256", JSON_BODY).replace("+", "-").replace("/", "_").rstrip("="),  # base64url
    ],
)
async def test_integrity_that_matches(uvicorn_server: Server, integrity: str) -> None:
    response = await fetch(uvicorn_server.url + "/json", integrity=integrity)
    assert await response.json() == {"hello": "world", "n": 1}


@pytest.mark.parametrize(
    "integrity",
    [
        _sri("sha256", b"other"),
        _sri("sha256", JSON_BODY) + " " + _sri("sha512", b"other"),  # only the strongest counts
    ],
)
async def test_integrity_mismatch_is_a_network_error(
    uvicorn_server: Server, integrity: str
) -> None:
    with pytest.raises(TypeError, match="integrity"):
        await fetch(uvicorn_server.url + "/json", integrity=integrity)


async def test_blob_body_is_sent_with_its_length_and_type(uvicorn_server: Server) -> None:
    from webstd import Blob

    blob = Blob([b"abc", "déf"], type="application/x-test")
    response = await fetch(uvicorn_server.url + "/echo", method="POST", body=blob)
    echo = await response.json()
    assert echo["body_length"] == 7
    assert _header(echo, "content-length") == ["7"]
    assert _header(echo, "content-type") == ["application/x-test"]


async def test_form_data_body_is_sent_as_multipart(uvicorn_server: Server) -> None:
    from webstd import FormData

    form = FormData()
    form.append("name", "value")
    response = await fetch(uvicorn_server.url + "/echo", method="POST", body=form)
    echo = await response.json()
    (content_type,) = _header(echo, "content-type")
    assert content_type.startswith("multipart/form-data; boundary=")
    assert echo["body_length"] > len("value")


async def test_form_data_body_follows_a_307(uvicorn_server: Server) -> None:
    from webstd import FormData

    form = FormData()
    form.append("name", "value")
    response = await fetch(uvicorn_server.url + "/redirect/307?to=/echo", method="POST", body=form)
    echo = await response.json()
    assert echo["method"] == "POST"
    assert echo["body_length"] > 0


async def test_fetched_body_can_be_uploaded_again(uvicorn_server: Server) -> None:
    download = await fetch(uvicorn_server.url + "/bytes?n=3000000")
    upload = await fetch(
        uvicorn_server.url + "/upload", method="POST", body=download.body, duplex="half"
    )
    assert await upload.json() == {"received": 3_000_000}


async def test_a_dropped_unread_response_closes_its_connection(fresh_server: Server) -> None:
    import gc

    response = await fetch(fresh_server.url + "/bytes?n=5000000")
    pool = get_pool()
    (conn,) = list(pool._all)
    assert response.body is not None
    del response
    await asyncio.sleep(0.01)  # let the stream's start microtask run
    gc.collect()  # the body source sits in reference cycles: the cycle collector frees it
    await asyncio.sleep(0.05)
    assert conn.closed
    assert pool._count == {}
