"""Ports of WPT fetch/api/response/ (names follow the WPT file and test title)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from webstd.fetch.client import fetch
from webstd.fetch.form_data import FormData
from webstd.fetch.headers import Headers
from webstd.fetch.response import Response
from webstd.file import Blob
from webstd.streams.readable import ReadableStream, ReadableStreamDefaultReader
from webstd.streams.writable import WritableStream
from webstd.url.search_params import URLSearchParams


async def _read_stream(stream: ReadableStream | None, mode: str | None = None) -> bytes:
    assert stream is not None
    reader: Any = stream.get_reader(mode=mode) if mode else stream.get_reader()
    chunks: list[bytes] = []
    while True:
        if mode == "byob":
            value, done = await reader.read(bytearray(1024))
        else:
            value, done = await reader.read()
        if done:
            return b"".join(chunks)
        chunks.append(bytes(value))


def _default_reader(stream: ReadableStream | None) -> ReadableStreamDefaultReader:
    assert stream is not None
    reader = stream.get_reader()
    assert isinstance(reader, ReadableStreamDefaultReader)
    return reader


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


@pytest.mark.parametrize("status_text", ["", "OK", "with space", "\x80", "Not Found", "\t\xff\x80"])
def test_response_init_001_check_status_text_init_values(status_text: str) -> None:
    response = Response("", status_text=status_text)
    assert response.status_text == status_text
    assert response.ok


def test_response_init_001_test_that_response_headers_has_the_same_object_extended_attribute() -> (
    None
):
    response1 = Response("")
    assert response1.headers is response1.headers
    response2 = Response("", headers={"X-Foo": "bar"})
    assert response2.headers is response2.headers
    headers = response2.headers
    response2.headers.set("X-Foo", "quux")
    assert headers is response2.headers
    headers.set("X-Other-Header", "baz")
    assert headers is response2.headers
    assert response2.headers.get("x-other-header") == "baz"


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
        Response(None, status="200")  # type: ignore[arg-type]
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


async def test_response_init_002_testing_empty_response_content_type_header() -> None:
    response = Response("This is my fork", headers=[("Content-Type", "")])
    assert (await response.blob()).type == ""


def test_response_init_002_testing_null_response_body() -> None:
    assert Response(None, status=204).body is None


# --- response-init-contenttype.any.js -----------------------------------------------------


@pytest.mark.parametrize(
    ("make_body", "expected"),
    [
        pytest.param(lambda: None, None, id="empty body"),
        pytest.param(lambda: Blob([]), None, id="Blob body (no type set)"),
        pytest.param(lambda: Blob([], type=""), None, id="Blob body (empty type)"),
        pytest.param(lambda: Blob([], type="a/b; c=d"), "a/b; c=d", id="Blob body (set type)"),
        pytest.param(lambda: b"", None, id="buffer source body"),
        pytest.param(
            lambda: URLSearchParams(),
            "application/x-www-form-urlencoded;charset=UTF-8",
            id="URLSearchParams body",
        ),
        pytest.param(lambda: "", "text/plain;charset=UTF-8", id="string body"),
        pytest.param(lambda: ReadableStream(), None, id="ReadableStream body"),
    ],
)
def test_response_init_contenttype_default_content_type_for_response_with(
    make_body: Any, expected: str | None
) -> None:
    assert Response(make_body()).headers.get("Content-Type") == expected


async def test_response_init_contenttype_default_content_type_for_response_with_form_data_body() -> (
    None
):
    form = FormData()
    form.append("a", "b")
    response = Response(form)
    boundary = (await response.text()).split("\r\n")[0][2:]
    assert response.headers.get("Content-Type") == f"multipart/form-data; boundary={boundary}"


OVERRIDE_MIME = "test/only; mime=type"


@pytest.mark.parametrize(
    "make_body",
    [
        pytest.param(lambda: None, id="empty body"),
        pytest.param(lambda: Blob([]), id="Blob body (no type set)"),
        pytest.param(lambda: Blob([], type=""), id="Blob body (empty type)"),
        pytest.param(lambda: Blob([], type="a/b; c=d"), id="Blob body (set type)"),
        pytest.param(lambda: b"", id="buffer source body"),
        pytest.param(lambda: FormData(), id="FormData body"),
        pytest.param(lambda: URLSearchParams(), id="URLSearchParams body"),
        pytest.param(lambda: "", id="string body"),
        pytest.param(lambda: ReadableStream(), id="ReadableStream body"),
    ],
)
def test_response_init_contenttype_can_override_content_type_for_response_with(
    make_body: Any,
) -> None:
    response = Response(make_body(), headers={"Content-Type": OVERRIDE_MIME})
    assert response.headers.get("Content-Type") == OVERRIDE_MIME


# --- response-consume-stream.any.js ------------------------------------------------------

TEXT_DATA = json.dumps("This is response's body")


async def test_response_consume_stream_read_empty_text_response_s_body_as_readable_stream() -> None:
    assert await _read_stream(Response("").body) == b""


async def test_response_consume_stream_read_empty_blob_response_s_body_as_readable_stream() -> None:
    assert await _read_stream(Response(Blob([], type="text/plain")).body) == b""


@pytest.mark.parametrize("mode", [None, "byob"])
async def test_response_consume_stream_read_blob_response_s_body_as_readable_stream_with_mode(
    mode: str | None,
) -> None:
    response = Response(Blob([TEXT_DATA], type="text/plain"))
    assert await _read_stream(response.body, mode) == TEXT_DATA.encode()


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


@pytest.mark.parametrize("mode", [None, "byob"])
async def test_response_consume_stream_read_form_data_response_s_body_as_readable_stream_with_mode(
    mode: str | None,
) -> None:
    data = await _read_stream(Response(_form()).body, mode)
    assert b'Content-Disposition: form-data; name="name"\r\n\r\nvalue' in data


async def test_response_consume_stream_reading_with_offset_from_response_stream() -> None:
    buffer = bytearray(len(TEXT_DATA))
    body = Response(TEXT_DATA).body
    assert body is not None
    reader: Any = body.get_reader(mode="byob")
    offset = 3
    while offset < len(TEXT_DATA):
        value, done = await reader.read(memoryview(buffer)[offset:])
        if done:
            break
        offset += len(value)
    assert bytes(buffer) == b"\0\0\0\"This is response's bo"


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
    response = Response(
        None, headers=[["Content-Type", "application/x-www-form-urlencoded;charset=UTF-8"]]
    )
    form = await response.form_data()
    assert isinstance(form, FormData)
    assert list(form) == []
    assert not response.body_used


async def test_response_consume_empty_form_data_without_correct_type_error_case() -> None:
    response = Response()
    with pytest.raises(TypeError):
        await response.form_data()
    assert not response.body_used


# "Consume empty FormData response body as text" is in tests/wpt/SKIPPED.md.
@pytest.mark.parametrize(
    ("make_body", "method"),
    [
        pytest.param(lambda: Blob([], type="text/plain"), "array_buffer", id="blob-arrayBuffer"),
        pytest.param(lambda: "", "array_buffer", id="text-arrayBuffer"),
        pytest.param(lambda: Blob([], type="text/plain"), "text", id="blob-text"),
        pytest.param(lambda: "", "text", id="text-text"),
        pytest.param(lambda: URLSearchParams(""), "text", id="URLSearchParams-text"),
        pytest.param(lambda: b"", "text", id="ArrayBuffer-text"),
    ],
)
async def test_response_consume_empty_consume_empty_response_body(
    make_body: Any, method: str
) -> None:
    response = Response(make_body())
    assert not response.body_used
    assert len(await getattr(response, method)()) == 0
    assert response.body_used


# --- response-clone ------------------------------------------------------------------------


def test_response_clone_check_response_s_clone_with_default_values_without_body() -> None:
    cloned = Response().clone()
    assert cloned.type == "default"
    assert cloned.url == ""
    assert cloned.ok
    assert cloned.status == 200
    assert cloned.status_text == ""


CLONE_BODY = "This is response body"


def test_response_clone_check_response_s_clone_has_the_expected_attribute_values() -> None:
    response = Response(CLONE_BODY, status=200, status_text="GOOD", headers={"name": "value"})
    cloned = response.clone()
    assert cloned.status == 200
    assert cloned.status_text == "GOOD"
    assert cloned.headers.get("name") == "value"
    assert cloned.headers is not response.headers


async def test_response_clone_check_original_response_s_body_after_cloning() -> None:
    response = Response(CLONE_BODY, status=200, status_text="GOOD", headers={"name": "value"})
    response.clone()
    assert not response.body_used
    assert await _read_stream(response.body) == CLONE_BODY.encode()


async def test_response_clone_check_cloned_response_s_body() -> None:
    response = Response(CLONE_BODY, status=200, status_text="GOOD", headers={"name": "value"})
    assert await _read_stream(response.clone().body) == CLONE_BODY.encode()


def _trickle() -> Response:
    # WPT's resources/trickle.py?count=2: 26 bytes in two chunks; a stream needs no server.
    return Response(ReadableStream.from_([b"TEST_TRICKLE\n", b"TEST_TRICKLE\n"]))


async def test_response_clone_cloned_responses_should_provide_the_same_data() -> None:
    response = _trickle()
    clone = response.clone()
    result = await clone.text()
    assert len(result) == 26
    assert await response.text() == result


async def test_response_clone_cancelling_stream_should_not_affect_cloned_one() -> None:
    response = _trickle()
    clone = response.clone()
    assert response.body is not None
    response.body.cancel()  # a tee branch's cancel settles when both are cancelled
    assert response.body_used
    assert not clone.body_used
    assert len(await clone.array_buffer()) == 26
    assert clone.body_used


def _typed_array_twins() -> list[Any]:
    # The Python twins of WPT's 14 chunk types over one 16-byte ArrayBuffer: memoryviews
    # cast to the same element format (Uint8ClampedArray and Float16Array have none).
    def view(fmt: str, start: int = 0, stop: int = 16) -> Any:
        return lambda: memoryview(bytearray(range(16)))[start:stop].cast(fmt)  # type: ignore[call-overload]

    return [
        pytest.param(view("b", 1), id="Int8Array"),
        pytest.param(view("h", 2, 6), id="Int16Array"),
        pytest.param(view("i"), id="Int32Array"),
        pytest.param(lambda: bytearray(range(16)), id="ArrayBuffer"),
        pytest.param(view("B"), id="Uint8Array"),
        pytest.param(view("H", 2), id="Uint16Array"),
        pytest.param(view("I"), id="Uint32Array"),
        pytest.param(view("q"), id="BigInt64Array"),
        pytest.param(view("Q"), id="BigUint64Array"),
        pytest.param(view("f"), id="Float32Array"),
        pytest.param(view("d"), id="Float64Array"),
        pytest.param(lambda: memoryview(bytearray(range(16)))[2:10], id="DataView"),
    ]


@pytest.mark.parametrize("make_chunk", _typed_array_twins())
async def test_response_clone_check_response_clone_use_structure_clone_for_teed_readable_streams_chunk(
    make_chunk: Any,
) -> None:
    initial = make_chunk()
    expected = bytes(initial)

    def start(controller: Any) -> None:
        controller.enqueue(initial)
        controller.close()

    response = Response(ReadableStream({"start": start}))
    clone = response.clone()
    assert response.body is not None and clone.body is not None
    first = await _default_reader(response.body).read()
    assert not first.done
    assert first.value is initial
    second = await _default_reader(clone.body).read()
    assert not second.done
    assert bytes(second.value) == expected
    assert second.value is not initial
    # "Cloned buffers have the same type": the same view kind, element format and length.
    assert type(second.value) is type(initial)
    if isinstance(initial, memoryview):
        assert (second.value.format, second.value.shape) == (initial.format, initial.shape)
    # A clone, not a view of the same memory: writing to the original leaves it unchanged.
    memoryview(initial).cast("B")[0] ^= 0xFF
    assert bytes(second.value) == expected


async def test_response_clone_cannot_clone_a_disturbed_response() -> None:
    response = Response("body")
    await response.text()
    with pytest.raises(TypeError):
        response.clone()


def test_response_clone_cannot_clone_a_locked_response() -> None:
    response = Response("body")
    assert response.body is not None
    _default_reader(response.body)
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
    _default_reader(stream)
    with pytest.raises(TypeError):
        Response(stream)


def test_response_from_stream_constructing_a_response_with_a_stream_on_which_read_is_called() -> (
    None
):
    stream = ReadableStream()
    _default_reader(stream).read()
    with pytest.raises(TypeError):
        Response(stream)


async def test_response_from_stream_constructing_with_a_disturbed_stream_throws() -> None:
    stream = ReadableStream.from_([b"x"])
    reader = _default_reader(stream)
    await reader.read()
    reader.release_lock()
    with pytest.raises(TypeError):
        Response(stream)


# --- response-stream-bad-chunk.any.js ----------------------------------------------------


@pytest.mark.parametrize("method", ["array_buffer", "blob", "bytes", "form_data", "json", "text"])
async def test_response_stream_bad_chunk_readable_stream_with_non_uint8array_chunk_causes_type_error(
    method: str,
) -> None:
    def start(controller: Any) -> None:
        controller.enqueue("not Uint8Array")
        controller.close()

    with pytest.raises(TypeError):
        await getattr(Response(ReadableStream({"start": start})), method)()


# --- response-stream-disturbed-util.js and response-stream-disturbed-1..5.any.js -----------

DISTURBED_BODY = '{"key": "value"}'
BODY_SOURCES = ["fetch", "stream", "string"]
CONSUMERS = ["blob", "text", "json", "array_buffer"]


async def _response_from_body_source(body_source: str) -> Response:
    if body_source == "fetch":
        # WPT fetches ../resources/data.json from wptserve; a data: URL needs no server.
        return await fetch("data:application/json," + DISTURBED_BODY)
    if body_source == "stream":

        def start(controller: Any) -> None:
            controller.enqueue(DISTURBED_BODY.encode())
            controller.close()

        return Response(ReadableStream({"start": start}))
    return Response(DISTURBED_BODY)


@pytest.mark.parametrize("consume_as", CONSUMERS)
@pytest.mark.parametrize("body_source", BODY_SOURCES)
async def test_response_stream_disturbed_1_getting_after_getting_the_response_body_not_disturbed_not_locked(
    body_source: str, consume_as: str
) -> None:
    response = await _response_from_body_source(body_source)
    assert response.body is not None
    _default_reader(response.body).release_lock()
    result = await getattr(response, consume_as)()
    if consume_as == "blob":
        assert isinstance(result, Blob)
    elif consume_as == "json":
        assert isinstance(result, dict)
    else:
        assert len(result) > 0


@pytest.mark.parametrize("consume_as", CONSUMERS)
@pytest.mark.parametrize("body_source", BODY_SOURCES)
async def test_response_stream_disturbed_2_getting_after_getting_a_locked_response_body(
    body_source: str, consume_as: str
) -> None:
    response = await _response_from_body_source(body_source)
    assert response.body is not None
    _default_reader(response.body)
    with pytest.raises(TypeError):
        await getattr(response, consume_as)()


@pytest.mark.parametrize("consume_as", CONSUMERS)
@pytest.mark.parametrize("body_source", BODY_SOURCES)
async def test_response_stream_disturbed_3_getting_after_reading_the_response_body(
    body_source: str, consume_as: str
) -> None:
    response = await _response_from_body_source(body_source)
    assert response.body is not None
    _default_reader(response.body).read()
    with pytest.raises(TypeError):
        await getattr(response, consume_as)()


@pytest.mark.parametrize("consume_as", CONSUMERS)
@pytest.mark.parametrize("body_source", BODY_SOURCES)
async def test_response_stream_disturbed_4_getting_after_cancelling_the_response_body(
    body_source: str, consume_as: str
) -> None:
    response = await _response_from_body_source(body_source)
    assert response.body is not None
    response.body.cancel()
    with pytest.raises(TypeError):
        await getattr(response, consume_as)()


@pytest.mark.parametrize("consume_as", CONSUMERS)
@pytest.mark.parametrize("body_source", BODY_SOURCES)
async def test_response_stream_disturbed_5_getting_a_body_reader_after_consuming(
    body_source: str, consume_as: str
) -> None:
    response = await _response_from_body_source(body_source)
    pending = getattr(response, consume_as)()
    assert response.body is not None
    with pytest.raises(TypeError):
        _default_reader(response.body)
    await pending  # JS leaves the promise pending; Python awaits it so none is lost


async def test_response_stream_disturbed_5_body_after_consume_is_disturbed_and_locked() -> None:
    # Not a WPT case: consuming locks and disturbs the stream at the call.
    response = Response(ReadableStream.from_([b"x"]))
    pending = response.text()
    assert response.body_used
    assert response.body is not None and response.body.locked
    assert await pending == "x"


# --- response-stream-disturbed-6.any.js -----------------------------------------------------


def _errored_stream() -> ReadableStream:
    return ReadableStream({"start": lambda c: c.error(Exception("some error"))})


@pytest.mark.parametrize(
    ("make_stream", "action"),
    [
        pytest.param(
            ReadableStream, "read", id="a non-closed stream on which read() has been called"
        ),
        pytest.param(
            ReadableStream, "cancel", id="a non-closed stream on which cancel() has been called"
        ),
        pytest.param(
            lambda: ReadableStream({"start": lambda c: c.close()}),
            "read",
            id="a closed stream on which read() has been called",
        ),
        pytest.param(
            _errored_stream, "read", id="an errored stream on which read() has been called"
        ),
        pytest.param(
            _errored_stream, "cancel", id="an errored stream on which cancel() has been called"
        ),
    ],
)
def test_response_stream_disturbed_6(make_stream: Any, action: str) -> None:
    stream = make_stream()
    response = Response(stream)
    assert not response.body_used
    reader = _default_reader(stream)
    assert not response.body_used
    getattr(reader, action)()
    assert response.body_used


# --- response-stream-disturbed-by-pipe.any.js ------------------------------------------------


def test_response_stream_disturbed_by_pipe_using_pipe_to_on_response_body_should_disturb_it_synchronously() -> (
    None
):
    response = Response(ReadableStream())
    assert response.body is not None
    response.body.pipe_to(WritableStream({}, {"high_water_mark": 0}))
    assert response.body_used


def test_response_stream_disturbed_by_pipe_using_pipe_through_on_response_body_should_disturb_it_synchronously() -> (
    None
):
    response = Response(ReadableStream())
    assert response.body is not None
    response.body.pipe_through(
        {"writable": WritableStream({}, {"high_water_mark": 0}), "readable": ReadableStream()}
    )
    assert response.body_used


# --- response-headers-guard ---------------------------------------------------------------


async def test_response_headers_guard_ensure_response_headers_are_immutable() -> None:
    # WPT fetches ../resources/data.json from wptserve; a data: URL needs no server.
    response = await fetch('data:application/json,{"key": "value"}')
    with pytest.raises(TypeError):
        response.headers.append("name", "value")
    assert response.headers.get("name") != "value"


def test_response_headers_guard_response_headers_are_mutable() -> None:
    # Not a WPT case: a constructed Response has the "response" guard (Fetch §6.4).
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
    assert response.type == "default"
    assert not response.redirected
    assert not response.ok
    assert response.status == status
    assert response.status_text == ""
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
