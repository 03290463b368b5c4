"""webstd.routing: URLPattern, a small router, and Next.js-style file-system routes."""

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
