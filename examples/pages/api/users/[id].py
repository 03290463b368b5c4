"""GET /api/users/:id -> {"id": ...}: a dynamic route; the id reaches the handler in
`context.params` (a two-argument handler, like a Next.js route handler)."""

from webstd import Response


def GET(request, context):
    # A plain `def` on the default "python" runtime runs in a worker thread.
    return Response.json({"id": context.params["id"]})
