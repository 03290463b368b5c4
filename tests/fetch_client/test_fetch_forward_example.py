"""examples/pages/api/forward.py: a handler that forwards to a backend route with fetch()."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest

from webstd import fetch

ROOT = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir)
PAGES = os.path.join(ROOT, "examples", "pages")

pytestmark = pytest.mark.skipif(
    not os.path.exists(os.path.join(PAGES, "api", "forward.py")), reason="no forward example"
)


@pytest.fixture(scope="module")
def example_server() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "webstd", "serve", PAGES, "--port", "0", "--no-access-log"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    match = None
    for _ in range(20):
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if match or not line:
            break
    if match is None:
        process.kill()
        pytest.fail("the example server did not start")
    yield f"http://127.0.0.1:{match.group(1)}"
    process.terminate()
    process.wait(timeout=10)


async def test_forward_sends_the_cookie_as_authorization(example_server: str) -> None:
    response = await fetch(
        example_server + "/api/forward", headers={"cookie": "authorization=Bearer tok"}
    )
    assert response.status == 200
    assert await response.json() == {"authorization": "Bearer tok"}


async def test_forward_without_the_cookie(example_server: str) -> None:
    response = await fetch(example_server + "/api/forward")
    assert await response.json() == {"authorization": None}


async def test_forward_keeps_the_method_and_returns_the_backend_response_as_is(
    example_server: str,
) -> None:
    response = await fetch(example_server + "/api/forward", method="POST")
    assert response.status == 405  # the backend route only has GET
