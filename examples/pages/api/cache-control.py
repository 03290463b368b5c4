"""GET /api/cache-control -> the JSON with a Cache-Control header (Next.js: "Cache-Control")."""

from webstd import Response

config = {"runtime": "edge"}


async def handler(request):
    return Response.json(
        {"name": "Jim Halpert"},
        headers={"cache-control": "public, s-maxage=1200, stale-while-revalidate=600"},
    )
