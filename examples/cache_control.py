"""A response the CDN may cache (Next.js Edge API Routes: "Cache-Control").

webstd serve examples/cache_control.py:handler
"""

from webstd import Request, Response


async def handler(request: Request) -> Response:
    return Response.json(
        {"name": "John Doe"},
        headers={"cache-control": "public, s-maxage=1200, stale-while-revalidate=600"},
    )
