"""The built-in server as a whole: CLI targets, workers, graceful shutdown, access log, fast paths."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import h11
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from serving_servers import HERE, RunningServer, free_port, stop_process, wait_for_port

from webstd import Response
from webstd.adapters import _common
from webstd.adapters import _h11_protocol as protocol_module
from webstd.adapters import h11 as server_module
from webstd.cli import load_target
from webstd.url.parser import basic_url_parse, serialize_url

EXAMPLES = Path(__file__).parents[2] / "examples"


def start(args: list[str], cwd: Path = HERE) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - a file, not a pipe (a full pipe blocks the server)
    env = {**os.environ, "PYTHONPATH": str(HERE)}
    process = subprocess.Popen(
        [sys.executable, "-m", "webstd", "serve", *args, "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    _logs[process.pid] = log
    wait_for_port(port, process)
    return process, port


_logs: dict[int, Any] = {}


def stop(process: subprocess.Popen[bytes]) -> str:
    stop_process(process)
    log = _logs.pop(process.pid, None)
    if log is None:
        return ""
    log.seek(0)
    text = log.read().decode()
    log.close()
    return str(text)


def test_access_log_line_in_common_log_format() -> None:
    process, port = start([f"{HERE / 'serving_app.py'}:handler"])
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/?a=1").status_code == 200
    finally:
        log = stop(process)
    assert "127.0.0.1 - - [" in log
    assert '"GET /?a=1 HTTP/1.1" 200 12' in log


def test_handler_exception_is_logged_not_sent() -> None:
    process, port = start([f"{HERE / 'serving_app.py'}:handler", "--no-access-log"])
    try:
        response = httpx.get(f"http://127.0.0.1:{port}/error")
        assert response.status_code == 500
        assert b"secret" not in response.content
    finally:
        log = stop(process)
    assert "secret detail that must not leak" in log  # the traceback went to the log
    assert '"GET /error' not in log  # and --no-access-log is honoured


def test_module_attribute_target() -> None:
    process, port = start(["serving_app:handler", "--no-access-log"])
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/").text == "Hello world!"
    finally:
        stop(process)


def test_python_dash_m_and_examples_hello() -> None:
    process, port = start([str(EXAMPLES / "hello.py") + ":handler", "--no-access-log"])
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/").text == "Hello world!"
    finally:
        stop(process)


def test_load_target_reports_missing_attribute() -> None:
    with pytest.raises(SystemExit, match="no attribute 'nope'"):
        load_target(f"{HERE / 'serving_app.py'}:nope")


def test_graceful_shutdown_finishes_in_flight_requests(tmp_path: Path) -> None:
    process, port = start([f"{HERE / 'serving_app.py'}:handler", "--no-access-log"])
    marker = tmp_path / "go"
    try:
        with httpx.stream(
            "GET", f"http://127.0.0.1:{port}/stream?marker={marker}", timeout=10
        ) as response:
            chunks = response.iter_bytes()
            first = next(chunks)
            process.send_signal(signal.SIGTERM)  # in flight: it must still complete
            time.sleep(0.3)
            with pytest.raises(OSError):  # no longer accepting
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            marker.write_text("go")
            rest = b"".join(chunks)
        assert (first + rest).endswith(b"last")
        assert process.wait(timeout=10) == 0
    finally:
        stop(process)


def test_streamed_head_is_sent_before_a_late_first_chunk(tmp_path: Path) -> None:
    process, port = start([f"{HERE / 'serving_app.py'}:handler", "--no-access-log"])
    marker = tmp_path / "go"
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(f"GET /late-first?marker={marker} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            head = b""
            while b"\r\n\r\n" not in head:  # arrives while the first chunk is still waiting
                data = sock.recv(65536)
                assert data, "connection closed before the head"
                head += data
            assert head.startswith(b"HTTP/1.1 200 ")
            assert b"transfer-encoding: chunked" in head.lower()
            assert not marker.exists()
            marker.write_text("go")
            with httpx.Client(timeout=10) as client:  # the batched body decodes as sent
                response = client.get(f"http://127.0.0.1:{port}/late-first?marker={marker}")
        assert response.content == b"first" + b"b" * 65536 * 40
    finally:
        stop(process)


def test_shutdown_grace_period_is_bounded(tmp_path: Path) -> None:
    process, port = start(
        [f"{HERE / 'serving_app.py'}:handler", "--no-access-log", "--shutdown-timeout", "0.5"]
    )
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(
                b"GET /forever?marker="
                + str(tmp_path / "m").encode()
                + b" HTTP/1.1\r\nHost: a\r\n\r\n"
            )
            sock.recv(1024)
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=10) == 0
            assert time.monotonic() - started < 3
        assert (tmp_path / "m.signal").exists()  # the cut-off request saw its signal aborted
    finally:
        stop(process)


def test_workers_share_the_socket() -> None:
    process, port = start(
        [f"{HERE / 'serving_app.py'}:handler", "--no-access-log", "--workers", "2"]
    )
    try:
        pids = set()
        deadline = time.monotonic() + 10
        while len(pids) < 2 and time.monotonic() < deadline:
            with httpx.Client(timeout=5) as client:
                pids.add(client.get(f"http://127.0.0.1:{port}/pid").text)
        assert len(pids) == 2
        assert str(process.pid) not in pids
    finally:
        stop(process)
    assert process.returncode == 0


def test_max_connections_answers_503() -> None:
    server = RunningServer("h11", ("--max-connections", "3"))
    try:
        held = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(3)]
        time.sleep(0.2)
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as extra:
            extra.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            assert extra.recv(1024).startswith(b"HTTP/1.1 503")
        for sock in held:
            sock.close()
        time.sleep(0.2)
        assert httpx.get(server.base + "/").status_code == 200
    finally:
        server.stop()


def test_root_path_is_part_of_the_url() -> None:
    server = RunningServer("h11", ("--root-path", "/mounted"))
    try:
        data = httpx.get(server.base + "/url?a=%41").json()
        assert data["url"] == f"http://127.0.0.1:{server.port}/mounted/url?a=%41"
    finally:
        server.stop()


def test_reload_restarts_on_change(tmp_path: Path) -> None:
    app = tmp_path / "reloading.py"
    app.write_text(
        "from webstd import Response\n\ndef handler(request):\n    return Response('one')\n"
    )
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "webstd",
            "serve",
            "reloading:handler",
            "--reload",
            "--port",
            str(port),
            "--no-access-log",
        ],
        cwd=tmp_path,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        assert httpx.get(f"http://127.0.0.1:{port}/").text == "one"
        time.sleep(0.1)
        app.write_text(
            "from webstd import Response\n\ndef handler(request):\n    return Response('two')\n"
        )
        deadline = time.monotonic() + 10
        text = ""
        while time.monotonic() < deadline and text != "two":
            try:
                text = httpx.get(f"http://127.0.0.1:{port}/", timeout=1).text
            except httpx.HTTPError:
                time.sleep(0.1)
        assert text == "two"
    finally:
        stop(process)


# --- Fast paths agree with their reference paths ----------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers", "body", "method", "http10"),
    [
        (200, [("content-type", "text/plain")], b"hi", b"GET", False),
        (404, [("set-cookie", "a=1"), ("set-cookie", "b=2")], b"", b"GET", False),
        (200, [], b"abc", b"HEAD", False),
        (204, [], b"", b"GET", False),
        (200, [("connection", "close")], b"x", b"GET", False),
        (200, [], b"x", b"GET", True),
        (299, [], b"x", b"POST", False),
    ],
)
async def test_fast_response_write_matches_h11(
    status: int, headers: list[tuple[str, str]], body: bytes, method: bytes, http10: bool
) -> None:
    """`_send_known`'s direct write equals h11's own serialization, and leaves the same state."""
    outputs = []
    states = []
    for fast in (True, False):
        protocol_module._FAST_WRITE = fast
        try:
            server = server_module.Server(
                lambda request: Response(body or None, status=status, headers=headers)
            )
            server.loop = asyncio.get_running_loop()
            connection = protocol_module._HTTPConnection(server)

            class Transport(asyncio.Transport):
                written: list[bytes]

                def write(self, data: bytes) -> None:  # type: ignore[override]
                    self.written.append(bytes(data))

                def get_extra_info(self, name: str, default: object = None) -> object:
                    return ("127.0.0.1", 1)

                def close(self) -> None:
                    pass

            transport = Transport()
            transport.written = []
            connection.connection_made(transport)
            version = b"1.0" if http10 else b"1.1"
            connection.data_received(b"%s / HTTP/%s\r\nHost: a\r\n\r\n" % (method, version))
            assert connection.task is not None
            await connection.task
        finally:
            protocol_module._FAST_WRITE = True
        outputs.append(b"".join(transport.written))
        states.append((connection.conn.our_state, connection.conn.their_state))
    assert outputs[0].lower() == outputs[1].lower()  # h11 title-cases a Connection it rewrites
    assert states[0] == states[1]
    assert outputs[0].startswith(b"HTTP/1.1 %d " % status)


_TARGET_CHARS = st.sampled_from(
    [*"abcAZ09-._~!$&'()*+,;=:@/%?#[]{}|\\^`\"<> é", "%2e", "%2E", "/.", "/..", "%41", "%zz"]
)


@given(
    host=st.sampled_from(
        [
            "localhost",
            "127.0.0.1",
            "example.com:8080",
            "EXAMPLE.com",
            "a.b:80",
            "xn--nxasmq6b.com",
            "0x7f.1",
            "1.2.3",
            "a..b",
            "[::1]:9",
        ]
    ),
    path=st.lists(_TARGET_CHARS, max_size=12).map(lambda parts: "/" + "".join(parts)),
)
def test_request_url_fast_path_agrees_with_the_url_parser(host: str, path: str) -> None:
    target = _common.encode_non_ascii(path.encode("utf-8"))
    record = basic_url_parse(f"http://{host}{target}")
    expected = None if record is None or not record.host else serialize_url(record)
    assert _common.request_url("http", host, target) == expected


def test_h11_private_hooks_used_are_present() -> None:
    """The server steps h11's state machine directly and reads its chunk reader; both must exist."""
    assert hasattr(h11.Connection, "_process_event")
    connection = h11.Connection(h11.SERVER)
    connection.receive_data(
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nab"
    )
    assert type(connection.next_event()) is h11.Request
    connection.next_event()
    assert connection._reader._bytes_in_chunk == 14  # type: ignore[union-attr]


def test_raw_non_ascii_target_is_refused() -> None:
    """RFC 9112 §3.2: a request-target is ASCII (h11 enforces it); escaped non-ASCII is fine."""
    server = RunningServer("h11")
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(
                "GET /url?x=café&y=%41 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".encode()
            )
            response = b""
            while chunk := sock.recv(65536):
                response += chunk
        assert response.startswith(b"HTTP/1.1 400 ")
        assert httpx.get(server.base + "/url?x=caf%C3%A9").json()["params"] == [["x", "café"]]
    finally:
        server.stop()
