"""GET /api/json -> {"name": "Jim Halpert"} as application/json (Next.js: "JSON Response")."""

from webstd import Response

config = {"runtime": "edge"}


async def handler(request):
    return Response.json({"name": "Jim Halpert"})
