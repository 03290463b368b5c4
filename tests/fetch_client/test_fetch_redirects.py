"""Fetch §4.4 HTTP-redirect fetch: every redirect status and mode, method rewriting, credentials."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fetch_servers import Server

from webstd import ReadableStream, fetch


def _header(echo: dict, name: str) -> list[str]:
    return [value for key, value in echo["headers"] if key == name]


STATUSES = [301, 302, 303, 307, 308]


@pytest.mark.parametrize("status", STATUSES)
async def test_follow_get_redirect(uvicorn_server: Server, status: int) -> None:
    response = await fetch(f"{uvicorn_server.url}/redirect/{status}?to=/echo")
    assert response.status == 200
    assert response.redirected is True
    assert response.url == uvicorn_server.url + "/echo"
    assert (await response.json())["method"] == "GET"


@pytest.mark.parametrize("status", STATUSES)
async def test_follow_chain_of_three(uvicorn_server: Server, status: int) -> None:
    response = await fetch(f"{uvicorn_server.url}/chain/3?status={status}")
    assert response.url == uvicorn_server.url + "/echo"
    assert response.redirected


@pytest.mark.parametrize(
    ("status", "method", "expected_method", "body_kept"),
    [
        (301, "POST", "GET", False),
        (302, "POST", "GET", False),
        (303, "POST", "GET", False),
        (307, "POST", "POST", True),
        (308, "POST", "POST", True),
        (301, "PUT", "PUT", True),
        (302, "PUT", "PUT", True),
        (303, "PUT", "GET", False),
        (303, "DELETE", "GET", False),
        (307, "PATCH", "PATCH", True),
    ],
)
async def test_method_and_body_rewriting(
    uvicorn_server: Server, status: int, method: str, expected_method: str, body_kept: bool
) -> None:
    response = await fetch(
        f"{uvicorn_server.url}/redirect/{status}?to=/echo",
        method=method,
        body="hello",
        headers={"content-language": "en", "x-keep": "1"},
    )
    echo = await response.json()
    assert echo["method"] == expected_method
    assert _header(echo, "x-keep") == ["1"]
    if body_kept:
        assert echo["body_length"] == 5
        assert _header(echo, "content-type") == ["text/plain;charset=UTF-8"]
        assert _header(echo, "content-language") == ["en"]
    else:
        assert echo["body_length"] == 0
        assert _header(echo, "content-type") == []
        assert _header(echo, "content-language") == []
        assert _header(echo, "content-length") == []


async def test_303_keeps_head(uvicorn_server: Server) -> None:
    response = await fetch(f"{uvicorn_server.url}/redirect/303?to=/json", method="HEAD")
    assert response.status == 200 and response.redirected and response.body is None


@pytest.mark.parametrize("status", [301, 302, 307, 308])
async def test_stream_body_cannot_follow_a_body_keeping_redirect(
    uvicorn_server: Server, status: int
) -> None:
    stream = ReadableStream.from_([b"abc"])
    with pytest.raises(TypeError, match="cannot be sent again"):
        await fetch(
            f"{uvicorn_server.url}/redirect/{status}?to=/echo",
            method="POST",
            body=stream,
            duplex="half",
        )


async def test_stream_body_follows_303_as_get(uvicorn_server: Server) -> None:
    stream = ReadableStream.from_([b"abc"])
    response = await fetch(
        f"{uvicorn_server.url}/redirect/303?to=/echo", method="POST", body=stream, duplex="half"
    )
    assert (await response.json())["method"] == "GET"


@pytest.mark.parametrize("status", STATUSES)
async def test_manual_returns_the_redirect_itself(uvicorn_server: Server, status: int) -> None:
    response = await fetch(f"{uvicorn_server.url}/redirect/{status}?to=/echo", redirect="manual")
    assert response.status == status
    assert response.headers.get("location") == "/echo"
    assert response.redirected is False
    assert response.url == f"{uvicorn_server.url}/redirect/{status}?to=/echo"
    assert response.type == "basic"
    assert await response.text() == "redirecting"


@pytest.mark.parametrize("status", STATUSES)
async def test_error_mode_rejects(uvicorn_server: Server, status: int) -> None:
    with pytest.raises(TypeError, match="redirect"):
        await fetch(f"{uvicorn_server.url}/redirect/{status}?to=/echo", redirect="error")


async def test_redirect_status_without_location_is_returned(uvicorn_server: Server) -> None:
    for mode in ("follow", "error"):
        response = await fetch(f"{uvicorn_server.url}/redirect/302", redirect=mode)
        assert response.status == 302
        assert response.redirected is False


async def test_twenty_redirects_are_followed(uvicorn_server: Server) -> None:
    response = await fetch(f"{uvicorn_server.url}/chain/20")
    assert response.status == 200 and response.redirected


async def test_twenty_one_redirects_is_a_type_error(uvicorn_server: Server) -> None:
    with pytest.raises(TypeError, match="more than 20 redirects"):
        await fetch(f"{uvicorn_server.url}/chain/21")


async def test_redirect_loop_is_a_type_error(uvicorn_server: Server) -> None:
    with pytest.raises(TypeError, match="redirects"):
        await fetch(f"{uvicorn_server.url}/loop")


async def test_redirect_to_a_non_http_scheme_is_a_type_error(uvicorn_server: Server) -> None:
    with pytest.raises(TypeError, match="only http and https"):
        await fetch(f"{uvicorn_server.url}/redirect/302?to={quote('data:,x')}")


async def test_invalid_location_is_a_type_error(uvicorn_server: Server) -> None:
    with pytest.raises(TypeError, match="not a valid URL"):
        await fetch(f"{uvicorn_server.url}/redirect/302?to={quote('http://[bad')}")


async def test_fragment_carries_over_but_not_into_response_url(uvicorn_server: Server) -> None:
    response = await fetch(f"{uvicorn_server.url}/redirect/302?to=/echo#frag")
    assert response.url == uvicorn_server.url + "/echo"


async def test_relative_location_resolves_against_the_response_url(uvicorn_server: Server) -> None:
    response = await fetch(f"{uvicorn_server.url}/redirect/302?to=../echo?x=1")
    assert response.url == uvicorn_server.url + "/echo?x=1"
    assert (await response.json())["target"] == "/echo?x=1"


CREDENTIALS = {
    "authorization": "Bearer secret",
    "proxy-authorization": "Basic abc",
    "cookie": "session=1",
    "x-other": "kept",
}


async def test_same_origin_redirect_keeps_credentials(uvicorn_server: Server) -> None:
    response = await fetch(f"{uvicorn_server.url}/redirect/302?to=/echo", headers=CREDENTIALS)
    echo = await response.json()
    for name, value in CREDENTIALS.items():
        assert _header(echo, name) == [value], name


@pytest.mark.parametrize("status", STATUSES)
async def test_cross_origin_redirect_drops_credentials(
    uvicorn_server: Server, other_origin: Server, status: int
) -> None:
    target = quote(other_origin.url + "/echo")
    response = await fetch(
        f"{uvicorn_server.url}/redirect/{status}?to={target}", headers=CREDENTIALS
    )
    assert response.url == other_origin.url + "/echo"
    echo = await response.json()
    assert _header(echo, "authorization") == []
    assert _header(echo, "proxy-authorization") == []
    assert _header(echo, "cookie") == []
    assert _header(echo, "x-other") == ["kept"]
    assert _header(echo, "host") == [f"127.0.0.1:{other_origin.port}"]


async def test_credentials_stay_dropped_after_returning_to_the_first_origin(
    uvicorn_server: Server, other_origin: Server
) -> None:
    back = quote(f"{uvicorn_server.url}/echo")
    via_other = quote(f"{other_origin.url}/redirect/302?to={back}")
    response = await fetch(f"{uvicorn_server.url}/redirect/302?to={via_other}", headers=CREDENTIALS)
    echo = await response.json()
    assert _header(echo, "authorization") == []


async def test_redirect_to_a_url_with_credentials_sends_basic_auth(uvicorn_server: Server) -> None:
    target = quote(f"http://us%65r:p%40ss@127.0.0.1:{uvicorn_server.port}/echo")
    response = await fetch(f"{uvicorn_server.url}/redirect/302?to={target}")
    echo = await response.json()
    assert _header(echo, "host") == [f"127.0.0.1:{uvicorn_server.port}"]
    assert _header(echo, "authorization") == ["Basic dXNlcjpwQHNz"]  # user:p@ss
