"""webstd.routing: URLPattern, a small router, and Next.js-style file-system routes."""

from __future__ import annotations

from webstd.routing.urlpattern import (
    URLPattern,
    URLPatternComponentResult,
    URLPatternInit,
    URLPatternResult,
)

__all__ = ["URLPattern", "URLPatternComponentResult", "URLPatternInit", "URLPatternResult"]
