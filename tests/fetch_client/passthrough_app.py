"""A webstd handler that returns a fetched backend Response as is (the forwarding pattern)."""

from __future__ import annotations

import os

from webstd import Request, Response, fetch

BACKEND = os.environ.get("BACKEND_URL", "http://127.0.0.1:1")


async def handler(request: Request) -> Response:
    # Same path and query on the backend; the backend's response goes back unchanged.
    path = "/" + request.url.split("/", 3)[3]
    return await fetch(BACKEND + path, headers={"x-via": "webstd"})
