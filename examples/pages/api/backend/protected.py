"""GET /api/backend/protected -> {"authorization": <the Authorization header or null>}."""

from webstd import Response

config = {"runtime": "edge"}


async def GET(request):
    return Response.json({"authorization": request.headers.get("authorization")})
