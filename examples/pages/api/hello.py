"""GET /api/hello -> "Hello world!" (Next.js Edge API Routes: "Hello world")."""

from webstd import Response

config = {"runtime": "edge"}


async def handler(request):
    return Response("Hello world!")
