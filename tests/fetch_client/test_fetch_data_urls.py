"""WPT fetch/data-urls/processing.any.js and base64.any.js, through fetch()."""

from __future__ import annotations

import json
import os

import pytest

from webstd import fetch

WPT = os.path.join(os.path.dirname(__file__), os.pardir, "wpt")

with open(os.path.join(WPT, "data-urls.json"), encoding="utf-8") as f:
    DATA_URL_CASES = json.load(f)
with open(os.path.join(WPT, "base64.json"), encoding="utf-8") as f:
    BASE64_CASES = json.load(f)


@pytest.mark.parametrize("case", DATA_URL_CASES, ids=[repr(c[0]) for c in DATA_URL_CASES])
async def test_processing(case: list) -> None:
    # processing.any.js: fetch(input) rejects with TypeError, or gives body and Content-Type.
    input_, expected_mime_type = case[0], case[1]
    if expected_mime_type is None:
        with pytest.raises(TypeError):
            await fetch(input_)
        return
    response = await fetch(input_)
    body = await response.array_buffer()
    assert list(body) == case[2]
    assert response.headers.get("content-type") == expected_mime_type


@pytest.mark.parametrize("case", BASE64_CASES, ids=[repr(c[0]) for c in BASE64_CASES])
async def test_base64(case: list) -> None:
    # base64.any.js: "data: URL base64 handling: " + format_value(input)
    input_, output = case
    url = "data:;base64," + input_
    if output is None:
        with pytest.raises(TypeError):
            await fetch(url)
        return
    response = await fetch(url)
    assert list(await response.array_buffer()) == output


async def test_data_url_response_is_basic_200_with_url_without_fragment() -> None:
    response = await fetch("data:text/plain,hi#frag")
    assert (response.status, response.status_text, response.type) == (200, "OK", "basic")
    assert response.url == "data:text/plain,hi"
    assert response.redirected is False
    assert await response.text() == "hi"


async def test_data_url_ignores_method_and_body() -> None:
    response = await fetch("data:,x", method="POST", body="ignored")
    assert await response.text() == "x"


async def test_invalid_data_url_type_error_names_the_url() -> None:
    with pytest.raises(TypeError, match="data:text/html"):
        await fetch("data:text/html")
