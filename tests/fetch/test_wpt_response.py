"""Ports of WPT fetch/api/response/ (names follow the WPT file and test title)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from webstd.fetch.form_data import FormData
from webstd.fetch.headers import Headers
from webstd.fetch.response import Response
from webstd.file import Blob
from webstd.streams.readable import ReadableStream
from webstd.url.search_params import URLSearchParams


async def _read_stream(stream: ReadableStream | None, mode: str | None = None) -> bytes:
    assert stream is not None
    reader = stream.get_reader(mode=mode) if mode else stream.get_reader()
    chunks = []
    while True:
        if mode == "byob":
            value, done = await reader.read(bytearray(1024))
        else:
            value, done = await reader.read()
        if done:
            return b"".join(chunks)
        chunks.append(bytes(value))


# --- response-init-001.html ------------------------------------------------------------


def test_response_init_001_default_values() -> None:
    response = Response()
    assert response.type == "default"
    assert response.url == ""
    assert response.status == 200
    assert response.ok
    assert response.status_text == ""
    assert list(response.headers) == []
    assert not response.redirected
    assert response.body is None
    assert not response.body_used


@pytest.mark.parametrize("status", [200, 300, 400, 500, 599])
def test_response_init_001_check_status_init_values(status: int) -> None:
    response = Response(None, status=status)
    assert response.status == status
    assert response.ok == (200 <= status <= 299)


@pytest.mark.parametrize("status_text", ["OK", "with space", "Not Found", "\t\xff\x80"])
def test_response_init_001_check_status_text_init_values(status_text: str) -> None:
    assert Response(None, status_text=status_text).status_text == status_text


# --- response-error.any.js ---------------------------------------------------------------


@pytest.mark.parametrize("status", [0, 100, 199, 600, 1000])
def test_response_error_throws_range_error_for_status(status: int) -> None:
    with pytest.raises(ValueError, match=str(status)):
        Response(None, status=status)


@pytest.mark.parametrize("status_text", ["\n", "Ā", "a\rb", "\x00"])
def test_response_error_throws_type_error_for_invalid_status_text(status_text: str) -> None:
    with pytest.raises(TypeError):
        Response(None, status_text=status_text)


@pytest.mark.parametrize("status", [204, 205, 304])
def test_response_error_throws_type_error_for_null_body_status_with_body(status: int) -> None:
    with pytest.raises(TypeError):
        Response("body", status=status)
    with pytest.raises(TypeError):
        Response("", status=status)


def test_response_error_status_must_be_an_int() -> None:
    with pytest.raises(TypeError):
        Response(None, status="200")  # type: ignore[typeddict-item]
    with pytest.raises(TypeError):
        Response(None, status=True)


def test_response_error_unknown_keyword() -> None:
    with pytest.raises(TypeError, match="statusText"):
        Response(None, statusText="x")  # type: ignore[call-arg]


# --- response-null-body --------------------------------------------------------------------


@pytest.mark.parametrize("status", [204, 205, 304])
async def test_response_null_body_response_with_null_body_status(status: int) -> None:
    response = Response(None, status=status)
    assert response.body is None
    assert await response.text() == ""


# --- response-init-002.html ------------------------------------------------------------


def test_response_init_002_initialize_response_with_headers_values() -> None:
    header_dict = {"name1": "value1", "name2": "value2", "name3": "value3"}
    response = Response("", headers=Headers(header_dict))
    for name, value in header_dict.items():
        assert response.headers.get(name) == value


def _form() -> FormData:
    form = FormData()
    form.append("name", "value")
    return form


@pytest.mark.parametrize(
    ("make_body", "body_type", "expected"),
    [
        (
            lambda: Blob(["This is a blob"], type="application/octet-binary"),
            "application/octet-binary",
            "This is a blob",
        ),
        (_form, "multipart/form-data", 'name="name"\r\n\r\nvalue'),
        (
            lambda: URLSearchParams("name=value"),
            "application/x-www-form-urlencoded;charset=UTF-8",
            "name=value",
        ),
        (lambda: "This is a USVString", "text/plain;charset=UTF-8", "This is a USVString"),
    ],
    ids=["blob", "formdata", "urlsearchparams", "usvstring"],
)
async def test_response_init_002_initialize_response_s_body(
    make_body: Any, body_type: str, expected: str
) -> None:
    response = Response(make_body())
    mime = response.headers.get("Content-Type")
    assert mime is not None and body_type in mime
    assert expected in await response.text()


async def test_response_init_002_read_response_s_body_as_readable_stream() -> None:
    body = "This is response body"
    assert await _read_stream(Response(body).body) == body.encode()


# --- response-init-contenttype -------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (None, None),
        (Blob([], type=""), None),
        (Blob([], type="a/b"), "a/b"),
        (b"\x00", None),
        ("text", "text/plain;charset=UTF-8"),
        (URLSearchParams("a=b"), "application/x-www-form-urlencoded;charset=UTF-8"),
    ],
    ids=["null", "empty-blob", "typed-blob", "buffer", "string", "urlsearchparams"],
)
def test_response_init_contenttype_default_content_type(body: Any, expected: str | None) -> None:
    assert Response(body).headers.get("Content-Type") == expected


@pytest.mark.parametrize(
    "body",
    [Blob([], type="a/b"), b"\x00", "text", URLSearchParams("a=b"), FormData()],
    ids=["blob", "buffer", "string", "urlsearchparams", "formdata"],
)
def test_response_init_contenttype_can_override_content_type(body: Any) -> None:
    response = Response(body, headers={"Content-Type": "test/type"})
    assert response.headers.get("Content-Type") == "test/type"


# --- response-consume-stream.any.js ------------------------------------------------------

TEXT_DATA = json.dumps("This is response's body")


async def test_response_consume_stream_read_empty_text_response_s_body_as_readable_stream() -> None:
    assert await _read_stream(Response("").body) == b""


async def test_response_consume_stream_read_empty_blob_response_s_body_as_readable_stream() -> None:
    assert await _read_stream(Response(Blob([], type="text/plain")).body) == b""


async def test_response_consume_stream_read_blob_response_s_body_as_readable_stream() -> None:
    response = Response(Blob([TEXT_DATA], type="text/plain"))
    assert await _read_stream(response.body) == TEXT_DATA.encode()


@pytest.mark.parametrize("mode", [None, "byob"])
async def test_response_consume_stream_read_text_response_s_body(mode: str | None) -> None:
    assert await _read_stream(Response(TEXT_DATA).body, mode) == TEXT_DATA.encode()


@pytest.mark.parametrize("mode", [None, "byob"])
async def test_response_consume_stream_read_url_search_params_response_s_body(
    mode: str | None,
) -> None:
    response = Response(URLSearchParams("name=value"))
    assert await _read_stream(response.body, mode) == b"name=value"


@pytest.mark.parametrize("mode", [None, "byob"])
async def test_response_consume_stream_read_array_buffer_response_s_body(mode: str | None) -> None:
    response = Response(TEXT_DATA.encode())
    assert await _read_stream(response.body, mode) == TEXT_DATA.encode()


async def test_response_consume_stream_read_form_data_response_s_body() -> None:
    data = await _read_stream(Response(_form()).body)
    assert b'Content-Disposition: form-data; name="name"\r\n\r\nvalue' in data


def test_response_consume_stream_getting_an_error_response_stream() -> None:
    assert Response.error().body is None


def test_response_consume_stream_getting_a_redirect_response_stream() -> None:
    assert Response.redirect("https://example.com/").body is None


# --- response-consume-empty.any.js --------------------------------------------------------


async def test_response_consume_empty_consume_response_s_body_as_text() -> None:
    response = Response()
    assert await response.text() == ""
    assert not response.body_used


async def test_response_consume_empty_consume_response_s_body_as_blob() -> None:
    response = Response()
    assert await (await response.blob()).text() == ""
    assert not response.body_used


async def test_response_consume_empty_consume_response_s_body_as_array_buffer() -> None:
    response = Response()
    assert await response.array_buffer() == b""
    assert not response.body_used


async def test_response_consume_empty_consume_response_s_body_as_json_error_case() -> None:
    response = Response()
    with pytest.raises(json.JSONDecodeError):
        await response.json()
    assert not response.body_used


async def test_response_consume_empty_form_data_with_correct_multipart_type_error_case() -> None:
    response = Response(
        None, headers=[["Content-Type", 'multipart/form-data; boundary="boundary"']]
    )
    with pytest.raises(TypeError):
        await response.form_data()
    assert not response.body_used


async def test_response_consume_empty_form_data_with_correct_urlencoded_type() -> None:
    response = Response(None, headers=[["Content-Type", "application/x-www-form-urlencoded"]])
    assert list(await response.form_data()) == []


async def test_response_consume_empty_form_data_without_correct_type_error_case() -> None:
    with pytest.raises(TypeError):
        await Response().form_data()


@pytest.mark.parametrize(
    "body",
    [Blob([], type="text/plain"), "", URLSearchParams(""), b""],
    ids=["blob", "text", "URLSearchParams", "ArrayBuffer"],
)
async def test_response_consume_empty_consume_empty_response_body(body: Any) -> None:
    response = Response(body)
    assert not response.body_used
    assert await response.text() == ""
    assert response.body_used


# --- response-clone ------------------------------------------------------------------------


async def test_response_clone_check_cloned_response() -> None:
    response = Response(
        "This is response body", status=201, status_text="Created", headers={"X-A": "1"}
    )
    clone = response.clone()
    assert clone.status == 201
    assert clone.status_text == "Created"
    assert clone.type == response.type
    assert list(clone.headers) == list(response.headers)
    assert clone.headers is not response.headers
    assert await clone.text() == "This is response body"
    assert await response.text() == "This is response body"


async def test_response_clone_check_orginal_response_s_body_after_cloning() -> None:
    response = Response("body")
    response.clone()
    assert not response.body_used
    assert await response.text() == "body"


async def test_response_clone_cloned_responses_streams_are_teed() -> None:
    response = Response(ReadableStream.from_([b"a", b"b", b"c"]))
    clone = response.clone()
    assert await _read_stream(clone.body) == b"abc"
    assert await _read_stream(response.body) == b"abc"


async def test_response_clone_cannot_clone_a_disturbed_response() -> None:
    response = Response("body")
    await response.text()
    with pytest.raises(TypeError):
        response.clone()


def test_response_clone_cannot_clone_a_locked_response() -> None:
    response = Response("body")
    assert response.body is not None
    response.body.get_reader()
    with pytest.raises(TypeError):
        response.clone()


def test_response_clone_of_error_keeps_immutable_headers() -> None:
    clone = Response.error().clone()
    assert clone.type == "error"
    with pytest.raises(TypeError):
        clone.headers.append("a", "b")


# --- response-from-stream / response-stream-disturbed-* -----------------------------------


async def test_response_from_stream_constructing_a_response_with_a_stream() -> None:
    stream = ReadableStream.from_([b"he", b"llo"])
    response = Response(stream)
    assert response.body is stream
    assert await response.text() == "hello"


def test_response_from_stream_constructing_with_a_locked_stream_throws() -> None:
    stream = ReadableStream.from_([b"x"])
    stream.get_reader()
    with pytest.raises(TypeError):
        Response(stream)


async def test_response_from_stream_constructing_with_a_disturbed_stream_throws() -> None:
    stream = ReadableStream.from_([b"x"])
    reader = stream.get_reader()
    await reader.read()
    reader.release_lock()
    with pytest.raises(TypeError):
        Response(stream)


async def test_response_from_stream_non_bytes_chunks_reject() -> None:
    response = Response(ReadableStream.from_(["not bytes"]))
    with pytest.raises(TypeError, match="str"):
        await response.text()


READERS = ["array_buffer", "blob", "bytes", "form_data", "json", "text"]


@pytest.mark.parametrize("reader", READERS)
async def test_response_stream_disturbed_1_get_reader_then_consume(reader: str) -> None:
    response = Response("dummy")
    assert response.body is not None
    response.body.get_reader()
    with pytest.raises(TypeError):
        await getattr(response, reader)()


@pytest.mark.parametrize("reader", READERS)
async def test_response_stream_disturbed_2_read_then_consume(reader: str) -> None:
    response = Response("dummy")
    assert response.body is not None
    r = response.body.get_reader()
    await r.read()
    r.release_lock()
    with pytest.raises(TypeError):
        await getattr(response, reader)()


@pytest.mark.parametrize("reader", READERS)
async def test_response_stream_disturbed_3_cancel_then_consume(reader: str) -> None:
    response = Response("dummy")
    assert response.body is not None
    await response.body.cancel()
    assert response.body_used
    with pytest.raises(TypeError):
        await getattr(response, reader)()


@pytest.mark.parametrize("reader", ["array_buffer", "blob", "bytes", "json", "text"])
async def test_response_stream_disturbed_4_consume_twice(reader: str) -> None:
    response = Response('"dummy"')
    await getattr(response, reader)()
    assert response.body_used
    with pytest.raises(TypeError):
        await getattr(response, reader)()


async def test_response_stream_disturbed_5_body_after_consume_is_disturbed_and_locked() -> None:
    response = Response("dummy")
    await response.text()
    body = response.body
    assert body is not None and body.locked
    assert response.body_used


async def test_response_stream_disturbed_6_body_used_at_call_time() -> None:
    response = Response(ReadableStream.from_([b"x"]))
    pending = response.text()
    assert response.body_used
    assert await pending == "x"


# --- response-headers-guard ---------------------------------------------------------------


def test_response_headers_guard_response_headers_are_mutable() -> None:
    response = Response("", headers={"X-A": "1"})
    response.headers.set("X-A", "2")
    response.headers.append("Set-Cookie", "a=b")
    assert response.headers.get("x-a") == "2"


# --- response-static-error.any.js ----------------------------------------------------------


def test_response_static_error_check_response_returned_by_static_method_error() -> None:
    response = Response.error()
    assert response.type == "error"
    assert response.status == 0
    assert response.status_text == ""
    assert list(response.headers) == []
    assert response.body is None
    assert not response.ok


def test_response_static_error_the_headers_of_response_error_are_immutable() -> None:
    response = Response.error()
    with pytest.raises(TypeError):
        response.headers.append("name", "value")
    with pytest.raises(TypeError):
        response.headers.set("name", "value")
    with pytest.raises(TypeError):
        response.headers.delete("name")


# --- response-static-json.any.js -----------------------------------------------------------

INIT_TESTS: list[tuple[dict[str, Any], int, str, str, dict[str, str]]] = [
    ({}, 200, "", "application/json", {}),
    ({"status": 400}, 400, "", "application/json", {}),
    ({"status_text": "foo"}, 200, "foo", "application/json", {}),
    ({"headers": {}}, 200, "", "application/json", {}),
    ({"headers": {"content-type": "foo/bar"}}, 200, "", "foo/bar", {}),
    ({"headers": {"x-foo": "bar"}}, 200, "", "application/json", {"x-foo": "bar"}),
]


@pytest.mark.parametrize(("init", "status", "status_text", "content_type", "headers"), INIT_TESTS)
async def test_response_static_json_check_response_returned_by_static_json_with_init(
    init: dict[str, Any], status: int, status_text: str, content_type: str, headers: dict[str, str]
) -> None:
    response = Response.json("hello world", **init)
    assert response.type == "default"
    assert response.status == status
    assert response.status_text == status_text
    assert response.headers.get("content-type") == content_type
    for name, value in headers.items():
        assert response.headers.get(name) == value
    assert await response.json() == "hello world"


@pytest.mark.parametrize("status", [204, 205, 304])
def test_response_static_json_throws_type_error_with_null_body_status(status: int) -> None:
    with pytest.raises(TypeError):
        Response.json("hello world", status=status)


async def test_response_static_json_encodes_json_objects_correctly() -> None:
    assert await Response.json({"foo": "bar"}).json() == {"foo": "bar"}


def test_response_static_json_throws_when_data_is_not_encodable() -> None:
    with pytest.raises(TypeError):
        Response.json(object())
    with pytest.raises(TypeError):
        Response.json({"a": b"bytes"})


def test_response_static_json_throws_when_data_is_circular() -> None:
    a: dict[str, Any] = {"b": 1}
    a["a"] = a
    with pytest.raises(TypeError):
        Response.json(a)


def test_response_static_json_propagates_serializer_errors() -> None:
    class CustomError(Exception):
        pass

    class Bad:
        def to_json(self) -> Any:
            raise CustomError("bar")

    with pytest.raises(CustomError):
        Response.json({"foo": Bad()})


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("𝌆", bytes([34, 240, 157, 140, 134, 34])),
        ("\udf06\ud834", bytes([34, 92, 117, 100, 102, 48, 54, 92, 117, 100, 56, 51, 52, 34])),
        ("\udead", bytes([34, 92, 117, 100, 101, 97, 100, 34])),
        ("\ud834\udf06", bytes([34, 240, 157, 140, 134, 34])),
    ],
)
async def test_response_static_json_check_response_with_input(data: str, expected: bytes) -> None:
    assert await Response.json(data).array_buffer() == expected


async def test_response_static_json_like_json_stringify() -> None:
    data = {"a": [1, 2.5, float("nan"), float("inf")], "é": "ü", "n": None, "t": True}
    body = await Response.json(data).bytes()
    assert body == '{"a":[1,2.5,null,null],"é":"ü","n":null,"t":true}'.encode()


def test_response_static_json_headers_of_response_json_are_mutable() -> None:
    headers = Response.json(None).headers
    headers.append("x-custom", "value")
    assert headers.get("x-custom") == "value"
    headers.set("x-custom", "value2")
    assert headers.get("x-custom") == "value2"
    headers.delete("x-custom")
    assert headers.get("x-custom") is None
    assert headers.get("content-type") == "application/json"
    headers.set("content-type", "foo/bar")
    assert headers.get("content-type") == "foo/bar"
    headers.delete("content-type")
    assert headers.get("content-type") is None


def test_response_static_json_is_one_descriptor_for_static_and_instance() -> None:
    assert isinstance(Response.json({}), Response)
    coroutine = Response("1").json()
    assert hasattr(coroutine, "__await__")
    coroutine.close()


# --- response-static-redirect.any.js ----------------------------------------------------------

REDIRECT_URL = "http://test.url:1234/"


def test_response_static_redirect_check_default_redirect_response() -> None:
    response = Response.redirect(REDIRECT_URL)
    assert response.type == "default"
    assert not response.redirected
    assert not response.ok
    assert response.status == 302
    assert response.headers.get("Location") == REDIRECT_URL
    assert response.status_text == ""


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_response_static_redirect_check_response_returned_by_static_method_redirect(
    status: int,
) -> None:
    response = Response.redirect(REDIRECT_URL, status)
    assert response.status == status
    assert response.headers.get("Location") == REDIRECT_URL
    with pytest.raises(TypeError):
        response.headers.set("Location", "http://elsewhere/")


def test_response_static_redirect_check_error_returned_when_giving_invalid_url() -> None:
    with pytest.raises(TypeError):
        Response.redirect("http://:This is not an url")
    with pytest.raises(TypeError):
        Response.redirect("/relative")


@pytest.mark.parametrize("status", [200, 309, 400, 500])
def test_response_static_redirect_check_error_returned_when_giving_invalid_status(
    status: int,
) -> None:
    with pytest.raises(ValueError):
        Response.redirect(REDIRECT_URL, status)


def test_response_static_redirect_serializes_the_url() -> None:
    assert Response.redirect("HTTP://EXAMPLE.com/a b").headers.get("location") == (
        "http://example.com/a%20b"
    )


def test_response_repr() -> None:
    assert repr(Response(None, status=404, status_text="Not Found")) == (
        "<Response [404 Not Found] type='default'>"
    )
