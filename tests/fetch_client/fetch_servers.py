"""Test servers for the fetch() tests: real processes on 127.0.0.1, ephemeral ports, stopped by PID."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))


@dataclass
class Server:
    """A running test server: its process and base URL."""

    process: subprocess.Popen[str]
    port: int
    scheme: str = "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(*args: str, scheme: str = "http", env: dict[str, str] | None = None) -> Server:
    """Start `serve.py ARGS` and wait for the `PORT n` line it prints once listening."""
    process = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "serve.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=HERE,
        env={**os.environ, **(env or {})},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("PORT "):
        process.kill()
        raise RuntimeError(f"test server {args} did not start: {line!r}")
    return Server(process, int(line.split()[1]), scheme)
