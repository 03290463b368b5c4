"""Reading query parameters (Next.js Edge API Routes: "Query Parameters").

webstd serve examples/query_parameters.py:handler
curl 'http://127.0.0.1:8000/?email=jim%40example.com'
"""

from webstd import URL, Request, Response


async def handler(request: Request) -> Response:
    email = URL(request.url).search_params.get("email")
    return Response(email or "no email given")
