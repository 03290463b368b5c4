"""GET /api/docs/a/b/c -> ["a", "b", "c"]: a catch-all route; a one-argument handler finds
its parameters merged into the URL's search params, as Next.js's pages router does."""

from webstd import URL, Response


async def GET(request):
    return Response.json(URL(request.url).search_params.get_all("slug"))
