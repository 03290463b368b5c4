"""A JSON response (Next.js Edge API Routes: "JSON Response").

webstd serve examples/json_response.py:handler
"""

from webstd import Request, Response


async def handler(request: Request) -> Response:
    return Response.json({"name": "Jim Halpert"})
