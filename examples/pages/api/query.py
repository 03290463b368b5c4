"""GET /api/query?email=... -> the email, as text (Next.js: "Query parameters")."""

from webstd import URL, Response

config = {"runtime": "edge"}


async def handler(request):
    email = URL(request.url).search_params.get("email")
    return Response(email or "")
