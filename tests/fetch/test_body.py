"""Body extraction, the byte-sequence fast path, form_data() limits and server seams."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webstd.abort import AbortController
from webstd.fetch import form_data as form_data_module
from webstd.fetch.form_data import FormData, FormDataLimitError, FormDataLimits
from webstd.fetch.request import Request
from webstd.fetch.response import Response
from webstd.file import Blob, File
from webstd.streams.readable import ReadableStream

URL = "https://example.com/"


# --- fast path == slow path ---------------------------------------------------------------


@given(st.binary(max_size=300))
async def test_fast_path_bytes_agrees_with_reading_the_stream(data: bytes) -> None:
    fast = Response(data)
    slow = Response(data)
    assert slow.body is not None  # materialises the stream: the slow path
    assert await fast.bytes() == await slow.bytes()


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=200))
async def test_fast_path_text_agrees_with_reading_the_stream(text: str) -> None:
    fast = Response(text)
    slow = Response(ReadableStream.from_([text.encode()]))
    assert await fast.text() == await slow.text() == text


async def test_fast_path_marks_body_used_and_keeps_body_available() -> None:
    response = Response("hello")
    assert response._body_bytes() == b"hello"
    assert await response.text() == "hello"
    assert response.body_used
    assert response._body_bytes() is None
    body = response.body
    assert isinstance(body, ReadableStream)
    assert body.locked
    with pytest.raises(TypeError):
        await response.text()


async def test_body_bytes_is_none_once_the_stream_exists() -> None:
    response = Response(b"abc")
    assert response.body is not None
    assert response._body_bytes() is None
    assert await response.bytes() == b"abc"


def test_body_bytes_for_each_known_kind() -> None:
    assert Response("é")._body_bytes() == "é".encode()
    assert Response(bytearray(b"x"))._body_bytes() == b"x"
    assert Response(None)._body_bytes() is None
    assert Response(Blob([b"x"]))._body_bytes() is None
    assert Response.json({"a": 1})._body_bytes() == b'{"a":1}'


def test_bytes_like_bodies_are_copied() -> None:
    buffer = bytearray(b"abc")
    response = Response(buffer)
    buffer[0] = ord("z")
    assert response._body_bytes() == b"abc"


async def test_text_strips_bom_and_replaces_invalid_utf8() -> None:
    assert await Response(b"\xef\xbb\xbfhi\xff").text() == "hi\ufffd"
    assert await Response(b"\xef\xbb\xbf\xef\xbb\xbfx").text() == "\ufeffx"


async def test_json_rejects_what_json_parse_rejects() -> None:
    for text in ("NaN", "Infinity", "-Infinity", "{bad", "[1,]", ""):
        with pytest.raises(json.JSONDecodeError):
            await Response(text).json()
    assert await Response('\ufeff{"a": [1e2, "\\ud800"]}').json() == {"a": [100.0, "\ud800"]}


# --- extraction of Python extras --------------------------------------------------------


async def test_iterable_of_bytes_is_streamed() -> None:
    def chunks() -> Iterator[bytes]:
        yield b"a"
        yield bytearray(b"b")

    response = Response(chunks())
    assert response.headers.get("content-type") is None
    assert response._body_bytes() is None
    assert await response.text() == "ab"


async def test_async_iterable_of_bytes_is_streamed() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"x"
        yield b"y"

    assert await Response(chunks()).bytes() == b"xy"


@pytest.mark.parametrize("body", [1, 2.5, object(), {"a": 1}, True], ids=repr)
def test_other_body_types_are_a_type_error_naming_the_type(body: Any) -> None:
    with pytest.raises(TypeError, match=type(body).__name__):
        Response(body)


async def test_blob_body_type_and_disk_backed_file(tmp_path: Any) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"0123456789")
    file = File._from_path(str(path), name="x.bin", type="application/x-test")  # type: ignore[call-arg]
    response = Response(file)
    assert response.headers.get("content-type") == "application/x-test"
    assert await response.bytes() == b"0123456789"


# --- form_data() limits -------------------------------------------------------------------


def _multipart(parts: list[tuple[str, str | None, bytes]], boundary: str = "XyZ") -> Response:
    body = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'.encode()
            + (f'; filename="{filename}"'.encode() if filename is not None else b"")
            + b"\r\n\r\n"
            + data
            + b"\r\n"
            for name, filename, data in parts
        )
        + f"--{boundary}--\r\n".encode()
    )
    chunks = [body[i : i + 7000] for i in range(0, len(body), 7000)]
    return Response(
        ReadableStream.from_(chunks),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )


async def test_form_data_limit_too_many_parts() -> None:
    response = _multipart([("a", None, b"1")] * 5)
    with pytest.raises(FormDataLimitError) as info:
        await response.form_data(max_parts=4)
    assert info.value.http_status == 413
    assert isinstance(info.value, TypeError)


async def test_form_data_default_part_limit_is_1000() -> None:
    assert form_data_module.DEFAULT_LIMITS.max_parts == 1000
    with pytest.raises(FormDataLimitError):
        await _multipart([("a", None, b"")] * 1001).form_data()
    assert len(list(await _multipart([("a", None, b"")] * 1000).form_data())) == 1000


async def test_form_data_limit_text_field_size() -> None:
    big = b"x" * ((1 << 20) + 1)
    with pytest.raises(FormDataLimitError, match="text field 'a'"):
        await _multipart([("a", None, big)]).form_data()
    form = await _multipart([("a", None, big)]).form_data(max_field_size=2 << 20)
    assert form.get("a") == big.decode()


async def test_form_data_file_parts_spool_to_disk_above_threshold() -> None:
    data = bytes(range(256)) * 40  # 10 KiB
    form = await _multipart([("f", "f.bin", data)]).form_data(spool_max_size=4096)
    file = form.get("f")
    assert isinstance(file, File)
    assert file._is_on_disk()
    assert await file.bytes() == data
    small = (await _multipart([("f", "f.bin", b"tiny")]).form_data()).get("f")
    assert isinstance(small, File) and await small.text() == "tiny"


async def test_form_data_limit_file_size() -> None:
    with pytest.raises(FormDataLimitError, match="file 'f'"):
        await _multipart([("f", "f.bin", b"x" * 100)]).form_data(max_file_size=99)


async def test_form_data_limit_header_size() -> None:
    long_name = "n" * 9000
    with pytest.raises(FormDataLimitError):
        await _multipart([(long_name, None, b"")]).form_data()


async def test_form_data_limits_via_module_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(form_data_module, "DEFAULT_LIMITS", FormDataLimits(max_parts=1))
    with pytest.raises(FormDataLimitError):
        await _multipart([("a", None, b"1")] * 2).form_data()


async def test_form_data_unknown_limit_keyword_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="max_bogus"):
        await Response("").form_data(max_bogus=1)


async def test_form_data_urlencoded_limits() -> None:
    response = Response(
        "a=1&b=2&c=3", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    with pytest.raises(FormDataLimitError):
        await response.form_data(max_parts=2)
    response = Response(
        "a=" + "x" * 100, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    with pytest.raises(FormDataLimitError):
        await response.form_data(max_urlencoded_size=50)


async def test_form_data_failed_parse_cancels_the_stream() -> None:
    cancelled: list[Any] = []

    class Source:
        def pull(self, controller: Any) -> None:
            controller.enqueue(b"garbage that is not multipart at all")

        def cancel(self, reason: Any) -> None:
            cancelled.append(reason)

    response = Response(
        ReadableStream(Source()), headers={"content-type": "multipart/form-data; boundary=b"}
    )
    with pytest.raises(TypeError):
        await response.form_data()
    assert cancelled and isinstance(cancelled[0], TypeError)


async def test_form_data_wrong_content_type_names_it() -> None:
    with pytest.raises(TypeError, match="text/plain"):
        await Response("x").form_data()


async def test_form_data_round_trip_of_a_large_file() -> None:
    data = bytes(range(256)) * 8192  # 2 MiB: above the 1 MiB spool threshold
    form = FormData()
    form.append("field", "v")
    form.append("file", File([data], "big.bin", type="application/octet-stream"))
    parsed = await Response(form).form_data()
    file = parsed.get("file")
    assert isinstance(file, File)
    assert file.size == len(data)
    assert await file.bytes() == data
    assert parsed.get("field") == "v"


# --- server seams --------------------------------------------------------------------------


async def test_request_from_server_reads_a_streamed_json_body() -> None:
    controller = AbortController()
    body = ReadableStream.from_([b'{"a": ', b"[1, 2]}"])
    request = Request._from_server(
        "POST",
        "http://localhost:8000/api?x=1",
        [(b"Content-Type", b"application/json"), (b"Cookie", b"a=1; b=2")],
        body,
        controller.signal,
    )
    assert request.method == "POST"
    assert request.url == "http://localhost:8000/api?x=1"
    assert request.headers.get("content-type") == "application/json"
    assert request.signal is controller.signal
    assert await request.json() == {"a": [1, 2]}
    assert request.body_used


def test_request_from_server_without_body() -> None:
    request = Request._from_server("GET", "http://localhost/", [], None, None)
    assert request.body is None
    assert not request.signal.aborted


def test_request_cookies_reads_the_cookie_header() -> None:
    request = Request(URL, headers={"Cookie": "authorization=abc; theme=dark"})
    cookie = request.cookies.get("authorization")
    assert cookie is not None and cookie.value == "abc"
    assert request.cookies is request.cookies


def test_response_cookies_write_set_cookie() -> None:
    response = Response("ok")
    response.cookies.set("session", "xyz", http_only=True, path="/")
    set_cookie = response.headers.get_set_cookie()
    assert len(set_cookie) == 1
    assert set_cookie[0].startswith("session=xyz")
    assert "HttpOnly" in set_cookie[0]


async def _agen(*chunks: bytes) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


async def test_request_from_server_with_an_async_iterable_body() -> None:
    request = Request._from_server(
        "POST", "http://localhost/", [(b"content-type", b"text/plain")], _agen(b"a", b"b"), None
    )
    assert not request.body_used
    assert await request.text() == "ab"
    assert request.body_used
    with pytest.raises(TypeError):
        await request.text()


async def test_iterable_body_stream_is_made_on_access_and_agrees() -> None:
    request = Request._from_server("POST", "http://localhost/", [], _agen(b"x", b"y"), None)
    body = request.body
    assert isinstance(body, ReadableStream)
    assert request.body is body
    chunks = [bytes(chunk) async for chunk in body]
    assert chunks == [b"x", b"y"]
    assert request.body_used


async def test_iterable_body_clone_tees() -> None:
    response = Response(_agen(b"1", b"2"))
    clone = response.clone()
    assert await clone.text() == "12"
    assert await response.text() == "12"


async def test_iterable_body_with_non_bytes_chunks_rejects() -> None:
    with pytest.raises(TypeError, match="int"):
        await Response(iter([b"a", 1])).bytes()  # type: ignore[list-item]


async def test_new_request_from_iterable_body_request_takes_it_over() -> None:
    first = Request(URL, method="POST", body=_agen(b"q"), duplex="half")
    second = Request(first)
    assert first.body_used
    assert await second.text() == "q"


def test_spooled_part_survives_short_writes() -> None:
    import io

    from webstd.fetch.form_data import _write_rest

    class ShortWrites(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, chunk: Any) -> int:
            piece = bytes(chunk[:3])
            self.data += piece
            return len(piece)

    target = ShortWrites()
    _write_rest(target, b"0123456789", 0)  # type: ignore[arg-type]
    assert bytes(target.data) == b"0123456789"


async def test_form_data_marks_the_body_used_at_the_call() -> None:
    response = _multipart([("a", None, b"1")])
    pending = response.form_data()
    assert response.body_used
    assert list(await pending) == [("a", "1")]


async def test_form_data_memory_budget_rejects_text_and_spools_files() -> None:
    parts = [("a", None, b"x" * 600), ("b", None, b"y" * 600)]
    with pytest.raises(FormDataLimitError, match="text fields exceed 1000"):
        await _multipart(parts).form_data(max_memory_size=1000)
    files = [("f", "1.bin", b"x" * 600), ("g", "2.bin", b"y" * 600)]
    form = await _multipart(files).form_data(max_memory_size=1000)
    second = form.get("g")
    assert isinstance(second, File) and second._is_on_disk()
    assert await second.bytes() == b"y" * 600


async def test_form_data_disk_budget() -> None:
    files = [("f", "1.bin", b"x" * 600), ("g", "2.bin", b"y" * 600)]
    with pytest.raises(FormDataLimitError, match="on disk"):
        await _multipart(files).form_data(spool_max_size=100, max_disk_size=1000)


async def test_json_nested_too_deeply_is_a_json_error() -> None:
    body = "[" * 100_000 + "]" * 100_000
    with pytest.raises(json.JSONDecodeError, match="deeply"):
        await Response(body).json()


# --- the "read all bytes" read-loop (_ReadLoop) == reading with reader.read() ------------

# A chunk as a source hands it over: bytes, other Uint8Array-likes, or a non-bytes value.
stream_chunks = st.one_of(
    st.binary(max_size=6),
    st.binary(min_size=1, max_size=6).map(bytearray),
    st.binary(min_size=1, max_size=6).map(memoryview),
    st.sampled_from([1, "text", None]),
)


def _scripted_stream(
    queued: list[Any], pulled: list[Any], end: str, async_pull: bool, byte_stream: bool
) -> ReadableStream:
    """A stream with `queued` enqueued in start, `pulled` handed out one per pull, then
    closed or errored ("close" / "error")."""
    if byte_stream:
        queued = [bytes(c) for c in queued if isinstance(c, (bytes, bytearray, memoryview)) and c]
        pulled = [bytes(c) for c in pulled if isinstance(c, (bytes, bytearray, memoryview)) and c]
    remaining = list(pulled)

    def start(controller: Any) -> None:
        for chunk in queued:
            controller.enqueue(chunk)

    def step(controller: Any) -> None:
        if remaining:
            controller.enqueue(remaining.pop(0))
        elif end == "close":
            controller.close()
        else:
            controller.error(ValueError("source failed"))

    async def async_step(controller: Any) -> None:
        step(controller)

    source: dict[str, Any] = {"start": start, "pull": async_step if async_pull else step}
    if byte_stream:
        source["type"] = "bytes"
    return ReadableStream(source)


async def _outcome(read: Any) -> Any:
    try:
        return await read
    except Exception as error:  # the error's type and message are part of the outcome
        return (type(error), str(error))


@given(
    st.lists(stream_chunks, max_size=4),
    st.lists(stream_chunks, max_size=4),
    st.sampled_from(["close", "error"]),
    st.booleans(),
    st.booleans(),
)
async def test_read_loop_agrees_with_reading_chunk_by_chunk(
    queued: list[Any], pulled: list[Any], end: str, async_pull: bool, byte_stream: bool
) -> None:
    from webstd.fetch.body import _read_all, _ReadLoop
    from webstd.streams.readable import acquire_readable_stream_default_reader

    def make() -> ReadableStream:
        return _scripted_stream(queued, pulled, end, async_pull, byte_stream)

    reference_stream = make()
    reference = await _outcome(_read_all(acquire_readable_stream_default_reader(reference_stream)))
    fast_stream = make()
    fast = await _outcome(_ReadLoop(acquire_readable_stream_default_reader(fast_stream)).read())
    assert fast == reference
    # The body's consume methods take the read-loop; the result is the same.
    assert await _outcome(Response(make()).bytes()) == reference
    for stream in (reference_stream, fast_stream):
        assert stream.locked  # "fully read" keeps the reader
    assert fast_stream._state == reference_stream._state


async def test_read_loop_takes_queued_chunks_without_waiting() -> None:
    def start(controller: Any) -> None:
        controller.enqueue(b"a")
        controller.enqueue(bytearray(b"b"))
        controller.close()

    response = Response(ReadableStream({"start": start}))
    assert await response.text() == "ab"
    assert response.body_used
    with pytest.raises(TypeError, match="already been read"):
        await response.text()


async def test_read_loop_of_a_locked_or_disturbed_stream_is_a_type_error() -> None:
    locked = ReadableStream.from_([b"x"])
    response = Response(locked)
    locked.get_reader()
    with pytest.raises(TypeError, match="locked"):
        await response.json()
    disturbed = ReadableStream.from_([b"x"])
    response = Response(disturbed)
    await disturbed.cancel()
    with pytest.raises(TypeError):
        await response.text()


async def test_read_loop_rejects_a_non_bytes_chunk_and_keeps_the_lock() -> None:
    stream = ReadableStream.from_(["text"])
    response = Response(stream)
    with pytest.raises(TypeError, match="str"):
        await response.bytes()
    assert stream.locked and response.body_used


async def test_read_loop_reads_a_long_stream_without_recursing() -> None:
    def start(controller: Any) -> None:
        for _ in range(5000):  # far deeper than the recursion limit, if it recursed
            controller.enqueue(b"x")
        controller.close()

    assert await Response(ReadableStream({"start": start})).bytes() == b"x" * 5000


async def test_read_loop_with_a_pull_that_enqueues_after_a_wait() -> None:
    import asyncio

    chunks = [b"1", b"22", b"333"]

    async def pull(controller: Any) -> None:
        await asyncio.sleep(0)
        if chunks:
            controller.enqueue(chunks.pop(0))
        else:
            controller.close()

    request = Request._from_server("POST", URL, [], ReadableStream({"pull": pull}), None)
    assert await request.text() == "122333"


# --- JSON fast paths ------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**60), 2**60),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=8),
        st.sampled_from(["1.0", "2e5", "x9.0y"]),
    ),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=12,
)


@given(json_values)
def test_response_json_serialisation_agrees_with_the_js_number_encoder(value: Any) -> None:
    from webstd.fetch.response import _encode_with_js_numbers, serialize_json

    assert serialize_json(value) == _encode_with_js_numbers(value).encode("utf-8", "surrogatepass")


def test_response_json_writes_floats_from_to_json_as_js_does() -> None:
    class Money:
        def to_json(self) -> float:
            return 9.0

    assert Response.json([Money(), 9.5, 1e21, -0.0])._body_bytes() == b"[9,9.5,1e+21,0]"
    assert Response.json({"v": "1.0"})._body_bytes() == b'{"v":"1.0"}'


@given(json_values, st.sampled_from(["", " ", "\t\n\r ", "\ufeff"]))
async def test_json_parse_fast_path_agrees_with_json_decoder(value: Any, space: str) -> None:
    from webstd.fetch.body import _JSON_DECODER

    text = space + json.dumps(value) + space.replace("\ufeff", "")
    data = text.encode("utf-8")
    expected = _JSON_DECODER.decode(text[1:] if text.startswith("\ufeff") else text)
    assert await Response(data).json() == expected


async def test_json_parse_errors_are_json_decode_errors() -> None:
    for body in [b"", b" ", b"1 2", b"{", b"NaN", b"[Infinity]", b"\xef\xbb\xbf\xef\xbb\xbf1"]:
        with pytest.raises(json.JSONDecodeError):
            await Response(body).json()
