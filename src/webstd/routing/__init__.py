"""webstd.routing: URLPattern, a small router, and Next.js-style file-system routes.

    from webstd import Response
    from webstd.routing import Router

    router = Router()

    @router.get("/api/users/:id")
    async def user(request, context):          # two arguments: context.params
        return Response.json({"id": context.params["id"]})

    app = router                               # a Router is a handler: serve it anywhere

File routes: ``Router.from_directory("pages")`` (``webstd serve pages/``), and
``webstd routes pages/ [--json]`` prints the route table. See `webstd.routing.files`
for the conventions and `webstd.routing.router` for how matching works.
"""

from __future__ import annotations

from webstd.routing.files import RouteError
from webstd.routing.router import RouteContext, RouteInfo, Router
from webstd.routing.urlpattern import (
    URLPattern,
    URLPatternComponentResult,
    URLPatternInit,
    URLPatternResult,
)

__all__ = [
    "RouteContext",
    "RouteError",
    "RouteInfo",
    "Router",
    "URLPattern",
    "URLPatternComponentResult",
    "URLPatternInit",
    "URLPatternResult",
]
