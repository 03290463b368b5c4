"""Hello world: `webstd serve examples/hello.py:handler`, then open http://127.0.0.1:8000/."""

from webstd import Response
from webstd.fetch.request import Request


async def handler(request: Request) -> Response:
    return Response("Hello world!")
