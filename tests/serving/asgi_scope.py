"""An ASGI http scope as a server makes it, for tests that call an ASGI app in process."""

from __future__ import annotations

from typing import Any


def http_scope(
    method: str = "GET", headers: list[tuple[bytes, bytes]] | None = None
) -> dict[str, Any]:
    """A scope for `method /` on example.com, with `headers` after the Host header."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"example.com"), *(headers or [])],
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 5000),
    }
