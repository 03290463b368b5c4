"""Network errors are TypeErrors naming URL and cause; abort rejects with the signal's reason."""

from __future__ import annotations

import asyncio
import socket

import h11
import pytest
from fetch_servers import Server

from webstd import AbortController, AbortSignal, DOMException, ReadableStream, Response, fetch
from webstd.fetch.pool import get_pool


def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


async def test_connection_refused_is_a_type_error_with_cause() -> None:
    url = f"http://127.0.0.1:{_closed_port()}/x"
    with pytest.raises(TypeError) as info:
        await fetch(url)
    assert url in str(info.value)
    assert isinstance(info.value.__cause__, ConnectionRefusedError)


async def test_dns_failure_is_a_type_error() -> None:
    with pytest.raises(TypeError) as info:
        await fetch("http://does-not-exist.invalid/")
    assert "does-not-exist.invalid" in str(info.value)
    assert isinstance(info.value.__cause__, OSError)


@pytest.mark.parametrize(
    "url", ["ftp://example.com/", "file:///etc/passwd", "blob:x", "about:blank", "ws://x/"]
)
async def test_unsupported_schemes_are_type_errors(url: str) -> None:
    with pytest.raises(TypeError, match="not supported"):
        await fetch(url)


@pytest.mark.parametrize("port", [1, 22, 25, 6000, 6667, 10080])
async def test_bad_ports_are_blocked(port: int) -> None:
    with pytest.raises(TypeError, match="bad port"):
        await fetch(f"http://127.0.0.1:{port}/")


async def test_relative_url_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        await fetch("/relative")


async def test_invalid_init_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        await fetch("http://127.0.0.1:9999/", method="GET", body="x")
    with pytest.raises(TypeError):
        await fetch("http://127.0.0.1:9999/", verify="yes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("path", "cause"),
    [
        ("/malformed", h11.RemoteProtocolError),
        ("/garbage", h11.RemoteProtocolError),
        ("/close", Exception),
        ("/reset", Exception),
    ],
)
async def test_broken_responses_are_type_errors(raw_server: Server, path: str, cause: type) -> None:
    url = raw_server.url + path
    with pytest.raises(TypeError) as info:
        await fetch(url)
    assert url in str(info.value)
    assert isinstance(info.value.__cause__, cause)


async def test_oversized_response_head_is_a_network_error(raw_server: Server) -> None:
    with pytest.raises(TypeError, match="larger than"):
        await fetch(raw_server.url + "/huge-head")


async def test_two_location_headers_are_a_network_error(raw_server: Server) -> None:
    with pytest.raises(TypeError, match="more than one Location"):
        await fetch(raw_server.url + "/two-locations")


@pytest.mark.parametrize("path", ["/head-then-close", "/chunked-then-close"])
async def test_server_closing_mid_body_errors_the_body_read(raw_server: Server, path: str) -> None:
    response = await fetch(raw_server.url + path)
    assert response.status == 200
    with pytest.raises(TypeError) as info:
        await response.bytes()
    assert path in str(info.value)
    assert info.value.__cause__ is not None


async def test_server_closing_mid_body_uvicorn(uvicorn_server: Server) -> None:
    response = await fetch(uvicorn_server.url + "/truncated")
    with pytest.raises(TypeError, match="truncated"):
        await response.bytes()


async def test_bad_gzip_errors_the_body_read(raw_server: Server) -> None:
    response = await fetch(raw_server.url + "/bad-gzip")
    with pytest.raises(TypeError, match="bad-gzip"):
        await response.text()


async def test_network_errors_never_surface_as_error_responses(raw_server: Server) -> None:
    for path in ("/malformed", "/close", "/reset"):
        try:
            result = await fetch(raw_server.url + path)
        except TypeError:
            continue
        assert not (isinstance(result, Response) and result.type == "error")
        pytest.fail(f"{path} gave a response")


# -- abort -------------------------------------------------------------------------------


async def test_already_aborted_signal_rejects_at_once(uvicorn_server: Server) -> None:
    controller = AbortController()
    controller.abort()
    with pytest.raises(DOMException) as info:
        await fetch(uvicorn_server.url + "/json", signal=controller.signal)
    assert info.value.name == "AbortError"


async def test_abort_reason_is_what_rejects(uvicorn_server: Server) -> None:
    reason = ValueError("my reason")
    with pytest.raises(ValueError) as info:
        await fetch(uvicorn_server.url + "/json", signal=AbortSignal.abort(reason))
    assert info.value is reason


async def test_abort_while_connecting(raw_server: Server) -> None:
    # A TLS handshake the server never answers: the fetch is stuck in "connect".
    controller = AbortController()
    loop = asyncio.get_running_loop()
    loop.call_later(0.2, controller.abort)
    with pytest.raises(DOMException) as info:
        await fetch(f"https://127.0.0.1:{raw_server.port}/", signal=controller.signal, verify=False)
    assert info.value.name == "AbortError"
    assert get_pool()._count == {}


async def test_abort_while_waiting_for_the_response(uvicorn_server: Server) -> None:
    controller = AbortController()
    asyncio.get_running_loop().call_later(0.1, controller.abort)
    with pytest.raises(DOMException) as info:
        await fetch(uvicorn_server.url + "/slow-head?delay=5", signal=controller.signal)
    assert info.value.name == "AbortError"
    assert get_pool().idle_count == 0  # closed, not pooled


async def test_abort_while_sending_a_streamed_body(uvicorn_server: Server) -> None:
    controller = AbortController()

    async def never_ending():
        yield b"first"
        await asyncio.sleep(3600)
        yield b"never"

    asyncio.get_running_loop().call_later(0.1, controller.abort)
    with pytest.raises(DOMException):
        await fetch(
            uvicorn_server.url + "/upload",
            method="POST",
            body=never_ending(),
            duplex="half",
            signal=controller.signal,
        )
    assert get_pool().idle_count == 0


async def test_abort_while_reading_the_body(uvicorn_server: Server) -> None:
    controller = AbortController()
    response = await fetch(uvicorn_server.url + "/slow-body?delay=5", signal=controller.signal)
    assert response.body is not None
    reader = response.body.get_reader()
    first = await reader.read()
    assert first.value == b"first"
    asyncio.get_running_loop().call_later(0.1, controller.abort)
    with pytest.raises(DOMException) as info:
        await reader.read()
    assert info.value.name == "AbortError"
    assert get_pool().idle_count == 0


async def test_abort_after_headers_errors_the_unread_body(uvicorn_server: Server) -> None:
    controller = AbortController()
    response = await fetch(uvicorn_server.url + "/slow-body?delay=5", signal=controller.signal)
    controller.abort(RuntimeError("stop"))
    with pytest.raises(RuntimeError, match="stop"):
        await response.text()


async def test_abort_after_a_complete_response_changes_nothing(uvicorn_server: Server) -> None:
    controller = AbortController()
    response = await fetch(uvicorn_server.url + "/json", signal=controller.signal)
    text = await response.text()
    controller.abort()
    assert text == '{"hello":"world","n":1}'


async def test_timeout_signal(uvicorn_server: Server) -> None:
    with pytest.raises(DOMException) as info:
        await fetch(uvicorn_server.url + "/slow-head?delay=5", signal=AbortSignal.timeout(100))
    assert info.value.name == "TimeoutError"


async def test_timeout_signal_during_body(uvicorn_server: Server) -> None:
    response = await fetch(
        uvicorn_server.url + "/slow-body?delay=5", signal=AbortSignal.timeout(300)
    )
    with pytest.raises(DOMException) as info:
        await response.bytes()
    assert info.value.name == "TimeoutError"


async def test_abort_via_request_signal(uvicorn_server: Server) -> None:
    from webstd import Request

    controller = AbortController()
    request = Request(uvicorn_server.url + "/slow-head?delay=5", signal=controller.signal)
    asyncio.get_running_loop().call_later(0.1, controller.abort)
    with pytest.raises(DOMException):
        await fetch(request)


async def test_abort_while_waiting_for_a_pooled_connection(fresh_server: Server) -> None:
    pool = get_pool()
    pool.max_per_origin = 1
    holder = asyncio.ensure_future(fetch(fresh_server.url + "/slow-head?delay=1"))
    await asyncio.sleep(0.05)
    with pytest.raises(DOMException) as info:
        await fetch(fresh_server.url + "/json", signal=AbortSignal.timeout(100))
    assert info.value.name == "TimeoutError"
    assert await (await holder).text() == "late"


async def test_cancelling_the_task_is_not_turned_into_an_error(uvicorn_server: Server) -> None:
    task = asyncio.ensure_future(fetch(uvicorn_server.url + "/slow-head?delay=5"))
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_stream_body_error_rejects_the_fetch(uvicorn_server: Server) -> None:
    def start(controller: object) -> None:
        controller.error(ValueError("broken body"))  # type: ignore[attr-defined]

    stream = ReadableStream({"start": start})
    with pytest.raises((TypeError, ValueError)):
        await fetch(uvicorn_server.url + "/upload", method="POST", body=stream, duplex="half")


async def test_http_1_0_close_delimited_body(raw_server: Server) -> None:
    response = await fetch(raw_server.url + "/http10")
    assert response.status == 200
    assert await response.text() == "until the connection closes"


async def test_informational_responses_are_skipped(raw_server: Server) -> None:
    response = await fetch(raw_server.url + "/continue")
    assert response.status == 201
    assert response.headers.get("link") is None
    assert await response.text() == "ok"


@pytest.mark.parametrize("path", ["/cl-and-te", "/bad-content-length"])
async def test_ambiguous_framing_is_refused(raw_server: Server, path: str) -> None:
    try:
        response = await fetch(raw_server.url + path)
    except TypeError:
        return
    # h11 lets Transfer-Encoding win over Content-Length (RFC 9112 §6.3); then the
    # connection is not reused. Either way no smuggled bytes are read as a body.
    assert await response.text() == "abc"


async def test_status_text_is_the_reason_phrase_as_latin1(raw_server: Server) -> None:
    response = await fetch(raw_server.url + "/reason")
    assert response.status == 299
    assert response.status_text == "Custom Reason é"


async def test_connection_that_received_bytes_while_idle_is_not_reused(raw_server: Server) -> None:
    first = await fetch(raw_server.url + "/then-garbage")
    assert await first.text() == "ok"
    await asyncio.sleep(0.3)  # the server writes stray bytes on the idle connection
    second = await asyncio.wait_for(fetch(raw_server.url + "/then-garbage"), 5)
    assert await second.text() == "ok"


async def test_bytes_beyond_the_content_length_are_dropped_with_the_connection(
    raw_server: Server,
) -> None:
    for path in ("/overflow", "/overflow-fast"):
        response = await fetch(raw_server.url + path)
        assert await response.text() == "hello"
        assert get_pool().idle_count == 0, path
    # Through the slow path (a streamed request body) too.
    response = await fetch(
        raw_server.url + "/overflow",
        method="POST",
        body=ReadableStream.from_([b"x"]),
        duplex="half",
    )
    assert await response.text() == "hello"
    assert get_pool().idle_count == 0
