"""The examples route tree, served for real: our h11 server and uvicorn through to_asgi."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import webstd

EXAMPLES = Path(__file__).parent.parent.parent / "examples" / "pages"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server did not listen on {port}")


def _start(command: list[str], port: int, cwd: Path | None = None) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_for_port(port, process)
    except Exception:
        process.kill()
        process.wait()
        raise
    return process


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module", params=["h11", "uvicorn"])
def base_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    port = _free_port()
    if request.param == "h11":
        command = [sys.executable, "-m", "webstd", "serve", str(EXAMPLES), "--port", str(port)]
        command.append("--no-access-log")
        process = _start(command, port)
    else:
        pytest.importorskip("uvicorn")
        app_dir = tmp_path_factory.mktemp("asgi")
        (app_dir / "routes_app.py").write_text(
            textwrap.dedent(
                f"""
                from webstd.adapters.asgi import to_asgi
                from webstd.routing import Router

                app = to_asgi(Router.from_directory({str(EXAMPLES)!r}))
                """
            )
        )
        command = [sys.executable, "-m", "uvicorn", "routes_app:app", "--port", str(port)]
        command += ["--log-level", "warning", "--no-access-log"]
        process = _start(command, port, cwd=app_dir)
    yield f"http://127.0.0.1:{port}"
    _stop(process)


def test_every_example_route_answers(base_url: str) -> None:
    with httpx.Client(base_url=base_url) as client:
        assert client.get("/api/hello").text == "Hello world!"
        json_response = client.get("/api/json")
        assert json_response.json() == {"name": "Jim Halpert"}
        assert json_response.headers["content-type"] == "application/json"
        cached = client.get("/api/cache-control")
        assert cached.headers["cache-control"] == (
            "public, s-maxage=1200, stale-while-revalidate=600"
        )
        assert client.get("/api/query", params={"email": "pam@x.com"}).text == "pam@x.com"
        protected = client.get("/api/backend/protected", headers={"authorization": "Bearer t"})
        assert protected.json() == {"authorization": "Bearer t"}
        assert client.get("/api/regions").status_code == 200
        assert client.get("/api/users/42").json() == {"id": "42"}
        assert client.get("/api/docs/getting/started").json() == ["getting", "started"]
        assert client.get("/api/nothing").status_code == 404
        not_allowed = client.post("/api/users/42")
        assert not_allowed.status_code == 405
        assert not_allowed.headers["allow"] == "GET, HEAD, OPTIONS"
        head = client.head("/api/users/42")
        assert head.status_code == 200
        assert head.content == b""


def test_stream_sends_its_first_chunk_before_the_last_is_produced(base_url: str) -> None:
    with httpx.Client(base_url=base_url) as client, client.stream("GET", "/api/stream") as response:
        arrivals = []
        body = b""
        for chunk in response.iter_raw():
            arrivals.append(time.monotonic())
            body += chunk
    assert body == b"chunk 1\nchunk 2\nchunk 3\ndone\n"
    # the handler sleeps 0.1 s between chunks: the first arrives well before the end
    assert arrivals[-1] - arrivals[0] > 0.15


def test_forward_sends_the_cookie_as_authorization(base_url: str) -> None:
    if not callable(getattr(webstd, "fetch", None)):
        pytest.skip("webstd.fetch (the fetch() client) is not available yet")
    with httpx.Client(base_url=base_url) as client:
        response = client.get("/api/forward", headers={"cookie": "authorization=secret-token"})
    assert response.status_code == 200
    assert response.json() == {"authorization": "secret-token"}


def test_region_flag_answers_other_regions_routes_with_421() -> None:
    port = _free_port()
    command = [sys.executable, "-m", "webstd", "serve", str(EXAMPLES), "--port", str(port)]
    process = _start([*command, "--region", "fra1", "--no-access-log"], port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            misdirected = client.get("/api/regions")
            assert misdirected.status_code == 421
            assert misdirected.json()["regions"] == ["sfo1", "iad1"]
            assert client.get("/api/hello").status_code == 200
    finally:
        _stop(process)


def test_serve_refuses_a_broken_routes_folder(tmp_path: Path) -> None:
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "bad.py").write_text("config = {'runtime': 'fast'}\ndef handler(r): ...\n")
    result = subprocess.run(
        [sys.executable, "-m", "webstd", "serve", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert "api/bad.py" in result.stderr


def test_forward_without_the_cookie_sends_no_authorization(base_url: str) -> None:
    if not callable(getattr(webstd, "fetch", None)):
        pytest.skip("webstd.fetch (the fetch() client) is not available yet")
    with httpx.Client(base_url=base_url) as client:
        response = client.get("/api/forward")
    assert response.status_code == 200
    assert response.json() == {"authorization": None}
