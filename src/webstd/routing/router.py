"""A small router: HTTP method + URLPattern pathname syntax -> handler.

Theory of operation. A route's pattern is parsed with URLPattern's own pattern
parser (pathname options). When its parts are whole path segments (fixed text
between slashes, ``:name``, and at the end ``:name?``, ``:name+``, ``:name*``
or ``*``), the route goes into a segment trie; a route with no dynamic part is
also put in a dict keyed by its path. Anything else (``/:name.json``, custom
regular expressions, ``{...}`` groups) falls back to URLPattern's compiled
regular expression. Lookup is: the static dict, then the trie, then the
fallback patterns in the order they were added.

The trie decides between routes that could all match a path by specificity,
segment by segment, as Next.js does: a static segment beats a dynamic segment,
which beats a catch-all (``:name+``, ``*``), which beats an optional catch-all
(``:name*``). For each segment-shaped pattern the trie accepts exactly the
paths that URLPattern's regular expression accepts (tests check they agree).

A path that matches some route but none for the request's method is answered
405 with ``Allow``; HEAD falls back to GET (without the body) and OPTIONS is
answered with ``Allow`` unless routes say otherwise. Route parameters are
percent-decoded and reach a two-argument handler as ``context.params``; a
one-argument handler finds them merged into the request URL's search
parameters, as Next.js's pages router merges them into ``req.query``.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import os
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypeVar
from urllib.parse import unquote

from webstd._handler import is_async_callable
from webstd.routing import canonicalize as canon
from webstd.routing.parser import PATHNAME_OPTIONS, Part, parse_pattern_string
from webstd.routing.urlpattern import Component, URLPattern, compile_component
from webstd.url.parser import basic_url_parse, serialize_path

if TYPE_CHECKING:
    from webstd.fetch.request import Request
    from webstd.fetch.response import Response

__all__ = ["METHODS", "RouteContext", "RouteInfo", "Router"]

METHODS: Final[tuple[str, ...]] = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
ANY: Final = "*"

Params = dict[str, "str | list[str] | None"]
RouteCall = Callable[["Request", Params], Awaitable["Response"]]
H = TypeVar("H", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class RouteContext:
    """The second argument of a two-argument handler: the route's `params`."""

    params: Params


@dataclass(slots=True)
class RouteInfo:
    """What a route is, for tables and manifests: pattern, methods, runtime, regions, file."""

    pattern: str
    methods: list[str]
    runtime: str = "python"
    regions: str | list[str] = "all"
    file: str | None = None


@dataclass(slots=True)
class _Route:
    info: RouteInfo
    call: RouteCall
    param_names: tuple[str, ...] = ()
    tail_name: str | None = None
    list_tail: bool = False  # file routes: a catch-all's value is its list of segments


@dataclass(slots=True)
class _Endpoint:
    """The routes that end at one trie position, by method (ANY for every method)."""

    routes: dict[str, _Route] = field(default_factory=dict)

    def route_for(self, method: str) -> _Route | None:
        routes = self.routes
        route = routes.get(method)
        if route is None:
            route = routes.get(ANY)
            if route is None and method == "HEAD":
                route = routes.get("GET")
        return route

    def allowed(self) -> set[str]:
        if ANY in self.routes:
            return set(METHODS)
        methods = set(self.routes)
        if "GET" in methods:
            methods.add("HEAD")
        methods.add("OPTIONS")
        return methods


@dataclass(slots=True)
class _Node:
    static: dict[str, _Node] = field(default_factory=dict)
    param: _Node | None = None
    end: _Endpoint | None = None  # the path ends here
    optional: _Endpoint | None = None  # :name? — zero or one more segment
    plus: _Endpoint | None = None  # :name+ — one or more non-empty segments
    star: _Endpoint | None = None  # * — "/" and anything after it
    star0: _Endpoint | None = None  # :name* — zero or more non-empty segments


_TAIL_KINDS: Final = {
    "optional": "optional",
    "one-or-more": "plus",
    "zero-or-more": "star0",
}


@dataclass(slots=True)
class _Shape:
    """A segment-shaped pattern: static segments (None for a parameter), and its tail."""

    segments: list[str | None]
    param_names: list[str]
    tail_kind: str = "end"
    tail_name: str | None = None


def _segment_shape(parts: list[Part]) -> _Shape | None:
    """The trie shape of a pathname part list, or None if it needs URLPattern's regexp."""
    shape = _Shape([], [])
    last = len(parts) - 1
    for index, part in enumerate(parts):
        if shape.tail_kind != "end":
            return None
        if part.type == "fixed-text":
            if part.modifier != "none" or not part.value.startswith("/"):
                return None
            shape.segments.extend(part.value[1:].split("/"))
            continue
        if part.prefix != "/" or part.suffix != "":
            return None
        following = parts[index + 1] if index < last else None
        if following is not None and not (
            following.value.startswith("/")
            if following.type == "fixed-text"
            else following.prefix == "/"
        ):
            return None
        if part.type == "segment-wildcard":
            if part.modifier == "none":
                shape.segments.append(None)
                shape.param_names.append(part.name)
            elif index == last:
                shape.tail_kind = _TAIL_KINDS[part.modifier]
                shape.tail_name = part.name
            else:
                return None
        elif part.type == "full-wildcard" and part.modifier == "none" and index == last:
            shape.tail_kind = "star"
            shape.tail_name = part.name
        else:
            return None
    if not parts:
        return None
    return shape


def _pathname(url: str) -> str:
    """The URL path serialization of a serialized URL string.

    Fast path for the serialized special URLs servers build ("scheme://host/path?q#f");
    equivalent to `serialize_path(basic_url_parse(url))`, which is the fallback.
    """
    start = url.find("://")
    if start != -1:
        slash = url.find("/", start + 3)
        if slash != -1:
            end = len(url)
            for delimiter in ("?", "#"):
                found = url.find(delimiter, slash)
                if found != -1 and found < end:
                    end = found
            authority = url[start + 3 : slash]
            if "?" not in authority and "#" not in authority:
                return url[slash:end]
    record = basic_url_parse(url)
    return "" if record is None else serialize_path(record)


def _decode(value: str) -> str:
    # URL §1.3 percent-decode, then UTF-8 decode without BOM or fail (U+FFFD on bad bytes)
    return unquote(value, errors="replace") if "%" in value else value


def _accepts_context(handler: Callable[..., Any]) -> bool:
    """Whether `handler` takes a second positional argument (the route context)."""
    try:
        signature = inspect.signature(handler)
    except (TypeError, ValueError):
        return False
    positional = 0
    for parameter in signature.parameters.values():
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            return True
        if parameter.kind in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        ):
            positional += 1
    return positional >= 2


def _with_search_params(request: Request, params: Params) -> Request:
    """A request whose URL's query also holds `params` (route parameters win)."""
    from webstd.fetch.request import Request
    from webstd.url.url import URL

    url = URL(request.url)
    search_params = url.search_params
    for name, value in params.items():
        search_params.delete(name)
        if isinstance(value, list):
            for item in value:
                search_params.append(name, item)
        elif value is not None:
            search_params.append(name, value)
    return Request._from_server(
        request.method, str(url), request.headers._raw(), request.body, request.signal
    )


def make_route_call(handler: Callable[..., Any], inline: bool = False) -> RouteCall:
    """Adapt a handler (async or plain, one or two arguments) to `call(request, params)`.

    A plain `def` runs in a worker thread unless `inline` (the edge runtime) is true.
    """
    if not callable(handler):
        raise TypeError(f"Router: handler {handler!r} is not callable")
    two_arguments = _accepts_context(handler)
    in_thread = not inline and not is_async_callable(handler)

    async def run(*args: Any) -> Any:
        if in_thread:
            # the same as webstd._handler.as_async_handler, with the context argument
            loop = asyncio.get_running_loop()
            context = contextvars.copy_context()
            result = await loop.run_in_executor(None, context.run, handler, *args)
        else:
            result = handler(*args)
        if inspect.isawaitable(result):
            result = await result
        return result

    if two_arguments:

        async def call_with_context(request: Request, params: Params) -> Response:
            return await run(request, RouteContext(params))  # type: ignore[no-any-return]

        return call_with_context

    async def call_with_search_params(request: Request, params: Params) -> Response:
        if params:
            request = _with_search_params(request, params)
        return await run(request)  # type: ignore[no-any-return]

    return call_with_search_params


def _check_method(method: object) -> str:
    if not isinstance(method, str):
        raise TypeError(f"Router: method must be a str, not {method!r}")
    normalized = method.upper()
    if normalized != ANY and (not normalized.isalpha() or not normalized.isascii()):
        raise ValueError(f"Router: invalid method {method!r}")
    return normalized


class Router:
    """Routes requests by method and URLPattern pathname; a Router is itself a handler.

    ``router.get("/api/users/:id", handler)`` (or ``@router.get("/api/users/:id")``),
    then ``await router(request)``; serve it with any adapter.
    """

    def __init__(self) -> None:
        self._static: dict[str, _Endpoint] = {}
        self._root = _Node()
        self._fallback: list[tuple[Component | URLPattern, _Endpoint, _Route]] = []
        self._routes: list[_Route] = []

    # -- registration -------------------------------------------------------------------

    def add(
        self,
        method: str,
        pattern: str | URLPattern,
        handler: Callable[..., Any],
        *,
        info: RouteInfo | None = None,
    ) -> None:
        """Route `method` (or ``"*"`` for any) requests whose path matches `pattern`."""
        method = _check_method(method)
        call = make_route_call(handler)
        self._add_call(method, pattern, call, info)

    def _add_call(
        self,
        method: str,
        pattern: str | URLPattern,
        call: RouteCall,
        info: RouteInfo | None,
        list_tail: bool = False,
    ) -> None:
        if isinstance(pattern, URLPattern):
            if info is None:
                info = RouteInfo(pattern.pathname, [method])
            route = _Route(info, call)
            self._add_fallback(method, pattern, route)
            return
        if not isinstance(pattern, str):
            raise TypeError(f"Router: pattern must be a str or URLPattern, not {pattern!r}")
        component = compile_component(pattern, canon.canonicalize_pathname, PATHNAME_OPTIONS)
        parts = parse_pattern_string(pattern, PATHNAME_OPTIONS, canon.canonicalize_pathname)
        if info is None:
            info = RouteInfo(component.pattern_string, [method])
        shape = _segment_shape(parts)
        if shape is None:
            self._add_fallback(method, component, _Route(info, call))
            return
        route = _Route(info, call, tuple(shape.param_names), shape.tail_name, list_tail)
        endpoint = self._endpoint_for(shape)
        if method in endpoint.routes:
            other = endpoint.routes[method].info
            raise ValueError(
                f"Router: {method} {info.pattern!r}"
                + (f" ({info.file})" if info.file else "")
                + f" duplicates {other.pattern!r}"
                + (f" ({other.file})" if other.file else "")
            )
        endpoint.routes[method] = route
        self._routes.append(route)

    def _endpoint_for(self, shape: _Shape) -> _Endpoint:
        node = self._root
        for segment in shape.segments:
            if segment is None:
                if node.param is None:
                    node.param = _Node()
                node = node.param
            else:
                child = node.static.get(segment)
                if child is None:
                    child = node.static[segment] = _Node()
                node = child
        endpoint: _Endpoint | None = getattr(node, shape.tail_kind)
        if endpoint is None:
            endpoint = _Endpoint()
            setattr(node, shape.tail_kind, endpoint)
        if shape.tail_kind == "end" and None not in shape.segments:
            self._static["/" + "/".join(s for s in shape.segments if s is not None)] = endpoint
        return endpoint

    def _add_fallback(self, method: str, pattern: Component | URLPattern, route: _Route) -> None:
        for existing, endpoint, _ in self._fallback:
            if existing is pattern:
                if method in endpoint.routes:
                    raise ValueError(f"Router: {method} {route.info.pattern!r} is already routed")
                endpoint.routes[method] = route
                break
        else:
            endpoint = _Endpoint({method: route})
            self._fallback.append((pattern, endpoint, route))
        self._routes.append(route)

    def _decorator_or_add(
        self, method: str, pattern: str | URLPattern, handler: H | None
    ) -> Callable[[H], H] | None:
        if handler is not None:
            self.add(method, pattern, handler)
            return None

        def decorator(function: H) -> H:
            self.add(method, pattern, function)
            return function

        return decorator

    def get(self, pattern: str | URLPattern, handler: H | None = None) -> Any:
        """Route GET (and so HEAD) requests; usable as ``@router.get(pattern)``."""
        return self._decorator_or_add("GET", pattern, handler)

    def post(self, pattern: str | URLPattern, handler: H | None = None) -> Any:
        """Route POST requests; usable as a decorator."""
        return self._decorator_or_add("POST", pattern, handler)

    def put(self, pattern: str | URLPattern, handler: H | None = None) -> Any:
        """Route PUT requests; usable as a decorator."""
        return self._decorator_or_add("PUT", pattern, handler)

    def patch(self, pattern: str | URLPattern, handler: H | None = None) -> Any:
        """Route PATCH requests; usable as a decorator."""
        return self._decorator_or_add("PATCH", pattern, handler)

    def delete(self, pattern: str | URLPattern, handler: H | None = None) -> Any:
        """Route DELETE requests; usable as a decorator."""
        return self._decorator_or_add("DELETE", pattern, handler)

    def head(self, pattern: str | URLPattern, handler: H | None = None) -> Any:
        """Route HEAD requests; usable as a decorator."""
        return self._decorator_or_add("HEAD", pattern, handler)

    def options(self, pattern: str | URLPattern, handler: H | None = None) -> Any:
        """Route OPTIONS requests; usable as a decorator."""
        return self._decorator_or_add("OPTIONS", pattern, handler)

    def all(self, pattern: str | URLPattern, handler: H | None = None) -> Any:
        """Route requests of every method; usable as a decorator."""
        return self._decorator_or_add(ANY, pattern, handler)

    @classmethod
    def from_directory(cls, path: str | os.PathLike[str], *, region: str | None = None) -> Router:
        """File-system routes in the Next.js ``pages/api`` convention (see `webstd.routing.files`)."""
        from webstd.routing.files import load_directory

        router = cls()
        load_directory(router, path, region=region)
        return router

    @property
    def routes(self) -> list[RouteInfo]:
        """Every route, as RouteInfo, in the order added."""
        seen: list[RouteInfo] = []
        for route in self._routes:
            if not any(info is route.info for info in seen):
                seen.append(route.info)
        return seen

    # -- lookup ---------------------------------------------------------------------------

    def match(self, method: str, path: str, url: str | None = None) -> tuple[_Route, Params] | None:
        """The route for `method` and the URL path serialization `path`, with its params.

        `url` (the whole request URL) is what routes given as a URLPattern match against.
        """
        endpoint = self._static.get(path)
        if endpoint is not None:
            route = endpoint.route_for(method)
            if route is not None:
                return route, {}
        if path[:1] != "/":
            return self._match_fallback(method, path, url)
        segments = path[1:].split("/")
        captured: list[str] = []
        found = _find(self._root, segments, 0, captured, method)
        if found is not None:
            route, tail = found
            return route, _params(route, captured, tail)
        return self._match_fallback(method, path, url)

    def _match_fallback(
        self, method: str, path: str, url: str | None
    ) -> tuple[_Route, Params] | None:
        for pattern, endpoint, _ in self._fallback:
            route = endpoint.route_for(method)
            if route is None:
                continue
            groups = _fallback_groups(pattern, path, url)
            if groups is not None:
                return route, {k: None if v is None else _decode(v) for k, v in groups.items()}
        return None

    def allowed_methods(self, path: str, url: str | None = None) -> set[str]:
        """Every method some route answers for `path` (empty: no route matches it)."""
        allowed: set[str] = set()
        segments = path[1:].split("/") if path[:1] == "/" else None
        if segments is not None:
            for endpoint in _endpoints(self._root, segments, 0):
                allowed |= endpoint.allowed()
        for pattern, endpoint, _ in self._fallback:
            if _fallback_groups(pattern, path, url) is not None:
                allowed |= endpoint.allowed()
        return allowed

    async def __call__(self, request: Request) -> Response:
        """Dispatch `request` to its route: 404, 405 with Allow, HEAD via GET, OPTIONS."""
        method = request.method
        url = request.url
        path = _pathname(url)
        matched = self.match(method, path, url)
        if matched is not None:
            route, params = matched
            response = await route.call(request, params)
            if method == "HEAD" and "HEAD" not in route.info.methods:
                response = await _without_body(response)
            return response
        return _no_route(method, self.allowed_methods(path, url))


def _find(
    node: _Node, segments: list[str], index: int, captured: list[str], method: str
) -> tuple[_Route, list[str] | None] | None:
    """Depth-first, most specific first: the first route for `method` matching the rest."""
    if index == len(segments):
        for endpoint in (node.end, node.optional, node.star0):
            if endpoint is not None:
                route = endpoint.route_for(method)
                if route is not None:
                    return route, None
        return None
    segment = segments[index]
    child = node.static.get(segment)
    if child is not None:
        found = _find(child, segments, index + 1, captured, method)
        if found is not None:
            return found
    if segment and node.param is not None:
        captured.append(segment)
        found = _find(node.param, segments, index + 1, captured, method)
        if found is not None:
            return found
        captured.pop()
    rest = segments[index:]
    non_empty = all(rest)
    last = index == len(segments) - 1
    for endpoint, allowed in (
        (node.optional, last and non_empty),
        (node.plus, non_empty),
        (node.star, True),
        (node.star0, non_empty),
    ):
        if endpoint is not None and allowed:
            route = endpoint.route_for(method)
            if route is not None:
                return route, rest
    return None


def _endpoints(node: _Node, segments: list[str], index: int) -> Iterator[_Endpoint]:
    """Every endpoint matching the rest of the path, whatever its methods."""
    if index == len(segments):
        yield from (e for e in (node.end, node.optional, node.star0) if e is not None)
        return
    segment = segments[index]
    child = node.static.get(segment)
    if child is not None:
        yield from _endpoints(child, segments, index + 1)
    if segment and node.param is not None:
        yield from _endpoints(node.param, segments, index + 1)
    rest = segments[index:]
    non_empty = all(rest)
    last = index == len(segments) - 1
    if node.optional is not None and last and non_empty:
        yield node.optional
    if node.plus is not None and non_empty:
        yield node.plus
    if node.star is not None:
        yield node.star
    if node.star0 is not None and non_empty:
        yield node.star0


def _params(route: _Route, captured: list[str], tail: list[str] | None) -> Params:
    params: Params = {
        name: _decode(value) for name, value in zip(route.param_names, captured, strict=True)
    }
    if route.tail_name is not None:
        if tail is None:
            params[route.tail_name] = [] if route.list_tail else None
        elif route.list_tail:
            params[route.tail_name] = [_decode(segment) for segment in tail]
        else:
            params[route.tail_name] = _decode("/".join(tail))
    return params


def _fallback_groups(
    pattern: Component | URLPattern, path: str, url: str | None
) -> dict[str, str | None] | None:
    if isinstance(pattern, Component):
        return pattern.exec(path)
    result = pattern.exec(url if url is not None else {"pathname": path})
    if result is None:
        return None
    # the pathname's groups, and the named groups of the other components
    groups: dict[str, str | None] = {}
    for component in (result.protocol, result.hostname, result.port, result.search, result.hash):
        groups.update((k, v) for k, v in component.groups.items() if not k.isdigit())
    groups.update(result.pathname.groups)
    return groups


async def _without_body(response: Response) -> Response:
    """HEAD answered by GET: the same status and headers, no body (the body is cancelled)."""
    from webstd.fetch.response import Response

    if response.body is not None:
        await response.body.cancel()
    return Response(
        None, status=response.status, status_text=response.status_text, headers=response.headers
    )


def _allow_header(methods: set[str]) -> str:
    ordered = [m for m in METHODS if m in methods]
    ordered += sorted(methods - set(METHODS))
    return ", ".join(ordered)


def _no_route(method: str, allowed: set[str]) -> Response:
    from webstd.fetch.response import Response

    if not allowed:
        return Response("Not Found", status=404)
    allow = _allow_header(allowed | {"OPTIONS"})
    if method == "OPTIONS":
        return Response(None, status=204, headers={"allow": allow})
    return Response("Method Not Allowed", status=405, headers={"allow": allow})
