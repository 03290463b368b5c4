"""Start the test app under every server, each a real process on 127.0.0.1, stopped by PID."""

from __future__ import annotations

import functools
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
PY = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server did not listen on {port}")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 15 s if the process has not exited."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def server_command(name: str, port: int, extra: tuple[str, ...] = ()) -> list[str]:
    bind = f"127.0.0.1:{port}"
    commands = {
        "h11": [
            PY,
            "-m",
            "webstd",
            "serve",
            f"{HERE / 'serving_app.py'}:handler",
            "--port",
            str(port),
            "--no-access-log",
            *extra,
        ],
        "uvicorn-h11": [
            PY,
            "-m",
            "uvicorn",
            "serving_app:asgi_app",
            "--port",
            str(port),
            "--http",
            "h11",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        "uvicorn-httptools": [
            PY,
            "-m",
            "uvicorn",
            "serving_app:asgi_app",
            "--port",
            str(port),
            "--http",
            "httptools",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        "hypercorn": [PY, "-m", "hypercorn", "serving_app:asgi_app", "--bind", bind],
        "gunicorn-sync": [
            PY,
            "-m",
            "gunicorn",
            "-k",
            "sync",
            "-w",
            "1",
            "-b",
            bind,
            "serving_app:wsgi_app",
        ],
        "waitress": [PY, "-m", "waitress", f"--listen={bind}", "serving_app:wsgi_app"],
        "granian": [
            PY,
            "-m",
            "granian",
            "--interface",
            "asgi",
            "serving_app:asgi_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
    }
    return commands[name]


class RunningServer:
    """A server process serving tests/serving/app.py."""

    def __init__(self, name: str, extra: tuple[str, ...] = ()) -> None:
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        env = {**os.environ, "PYTHONPATH": f"{HERE}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
        self.process = subprocess.Popen(
            server_command(name, self.port, extra),
            cwd=HERE,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,  # a file, not a pipe: a full pipe would block the server
        )
        try:
            wait_for_port(self.port, self.process)
        except Exception:
            self.stop()
            raise

    @property
    def pid(self) -> int:
        return self.process.pid

    @functools.cached_property
    def handler_pid(self) -> int:
        """The PID that runs the handler: a forked worker under hypercorn, gunicorn and granian."""
        request = b"GET /pid HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(request)
            received = b""
            while chunk := sock.recv(65536):  # until EOF: the server has closed its side
                received += chunk
        return int(received.rsplit(b"\r\n\r\n", 1)[1])

    def stop(self) -> bytes:
        stop_process(self.process)
        self.log.seek(0)
        output = self.log.read()
        self.log.close()
        return bytes(output)


SERVER_NAMES = [
    "h11",
    "uvicorn-h11",
    "uvicorn-httptools",
    "hypercorn",
    "gunicorn-sync",
    "waitress",
    "granian",
]
