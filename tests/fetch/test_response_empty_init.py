"""`Response(body)` takes an unrolled path for an empty init: it must equal the general one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webstd import Blob, File, FormData, ReadableStream, Response, URLSearchParams


def _form() -> FormData:
    form = FormData()
    form.append("a", "1")
    form.append("f", Blob([b"xyz"], type="text/x"), "f.txt")
    return form


async def _chunks() -> AsyncIterator[bytes]:
    yield b"async "
    yield b"chunks"


BODIES: list[Callable[[], Any]] = [
    lambda: None,
    lambda: "Hello world!",
    lambda: "",
    lambda: b"bytes",
    lambda: bytearray(b"bytearray"),
    lambda: memoryview(b"view"),
    lambda: Blob([b"typed"], type="Text/HTML"),
    lambda: Blob([b"untyped"]),
    lambda: File([b"file"], "a.txt", type="text/plain"),
    lambda: URLSearchParams("a=1&b=%20"),
    lambda: ReadableStream.from_([b"stream"]),
    lambda: iter([b"sync ", b"iterable"]),
    _chunks,
]


async def _observe(response: Response) -> tuple[Any, ...]:
    headers = list(response.headers)
    content_type = response.headers.get("content-type") or ""
    text = await response.text()
    if content_type.startswith("multipart/form-data"):  # a fresh boundary per body
        boundary = content_type.split("boundary=", 1)[1]
        text = text.replace(boundary, "BOUNDARY")
        headers = [(name, value.replace(boundary, "BOUNDARY")) for name, value in headers]
    return (
        response.status,
        response.status_text,
        response.ok,
        response.type,
        response.url,
        response.redirected,
        headers,
        text,
        response.body_used,
    )


@pytest.mark.parametrize("make_body", [*BODIES, _form])
async def test_empty_init_equals_an_explicit_default_init(make_body: Callable[[], Any]) -> None:
    fast = Response(make_body())
    general = Response(make_body(), status=200)
    assert await _observe(fast) == await _observe(general)


@pytest.mark.parametrize("make_body", BODIES)
def test_empty_init_headers_stay_mutable_with_the_response_guard(
    make_body: Callable[[], Any],
) -> None:
    for response in (Response(make_body()), Response(make_body(), status=200)):
        response.headers.append("x-extra", "1")
        response.headers.set("content-type", "application/x-changed")
        assert response.headers.get("content-type") == "application/x-changed"
        assert ("x-extra", "1") in list(response.headers)
        response.headers.delete("content-type")
        assert "content-type" not in response.headers


@given(st.text(max_size=50))
async def test_empty_init_text_bodies_agree(text: str) -> None:
    assert await _observe(Response(text)) == await _observe(Response(text, headers={}))


def test_empty_init_clone_keeps_the_content_type() -> None:
    clone = Response("x").clone()
    assert list(clone.headers) == [("content-type", "text/plain;charset=UTF-8")]
