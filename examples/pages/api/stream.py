"""GET /api/stream -> a streamed text body whose first chunk is sent before the last
one is produced."""

import asyncio

from webstd import Response

config = {"runtime": "edge"}


async def chunks():
    for n in range(1, 4):
        yield f"chunk {n}\n".encode()
        await asyncio.sleep(0.1)
    yield b"done\n"


async def handler(request):
    return Response(chunks(), headers={"content-type": "text/plain; charset=utf-8"})
