"""GET /api/forward -> forwards the method and the `authorization` cookie as an
Authorization header to /api/backend/protected on this server, with redirect="manual",
and returns the backend's response as is (Next.js: "Forwarding headers")."""

from webstd import URL

config = {"runtime": "edge"}


async def handler(request):
    from webstd import fetch  # the fetch() client, imported when first used

    cookie = request.cookies.get("authorization")
    headers = {"authorization": cookie.value} if cookie is not None else {}
    backend = URL("/api/backend/protected", request.url)
    return await fetch(str(backend), method=request.method, headers=headers, redirect="manual")
