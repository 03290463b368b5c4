"""A streamed response (Next.js Edge API Routes: "Streaming" with a ReadableStream).

    webstd serve examples/streaming.py:handler
    curl -N http://127.0.0.1:8000/

Each part is sent as soon as it is produced: the first arrives a second before
the last is made.
"""

import asyncio
from typing import Any

from webstd import ReadableStream, Request, Response, TextEncoder

PARTS = [
    "<html><head><title>webstd streaming</title></head><body>",
    "<h1>Streamed</h1>",
    "<p>This part was produced one second after the first.</p>",
    "</body></html>",
]


class _Source:
    """An underlying source that produces one part per pull, a little later each time."""

    def __init__(self) -> None:
        self.encoder = TextEncoder()
        self.index = 0

    async def pull(self, controller: Any) -> None:
        if self.index == len(PARTS):
            controller.close()
            return
        if self.index:
            await asyncio.sleep(0.5)
        controller.enqueue(self.encoder.encode(PARTS[self.index]))
        self.index += 1


async def handler(request: Request) -> Response:
    return Response(ReadableStream(_Source()), headers={"content-type": "text/html; charset=utf-8"})
