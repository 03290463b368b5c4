"""The examples answer what their docstrings promise (awaited directly, no server)."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from types import ModuleType

from webstd import Request

EXAMPLES = Path(__file__).parents[2] / "examples"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_hello() -> None:
    response = await load("hello").handler(Request("http://localhost/"))
    assert await response.text() == "Hello world!"


async def test_json_response() -> None:
    response = await load("json_response").handler(Request("http://localhost/"))
    assert response.headers.get("content-type") == "application/json"
    assert await response.json() == {"name": "Jim Halpert"}


async def test_cache_control() -> None:
    response = await load("cache_control").handler(Request("http://localhost/"))
    assert (
        response.headers.get("cache-control") == "public, s-maxage=1200, stale-while-revalidate=600"
    )


async def test_query_parameters() -> None:
    handler = load("query_parameters").handler
    response = await handler(Request("http://localhost/?email=jim%40example.com"))
    assert await response.text() == "jim@example.com"


async def test_streaming_first_part_before_last() -> None:
    response = await load("streaming").handler(Request("http://localhost/"))
    assert response.body is not None
    arrivals = []
    started = time.monotonic()
    async for chunk in response.body:
        arrivals.append((time.monotonic() - started, bytes(chunk)))
    assert arrivals[0][1].startswith(b"<html>")
    assert arrivals[-1][1] == b"</body></html>"
    assert arrivals[-1][0] - arrivals[0][0] > 1.0  # the first part came well before the last
