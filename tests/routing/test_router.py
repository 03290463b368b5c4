"""The Router: matching, precedence, 404/405/HEAD/OPTIONS, params in both handler styles."""

from __future__ import annotations

import threading
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from webstd import URL, Request, Response, URLPattern
from webstd.routing import RouteContext, Router
from webstd.routing.router import _pathname
from webstd.url.parser import basic_url_parse, serialize_path


def _request(path: str, method: str = "GET") -> Request:
    return Request("http://localhost" + path, method=method)


def _named(name: str) -> Any:
    async def handler(request: Request, context: RouteContext) -> Response:
        return Response.json({"route": name, "params": context.params})

    return handler


async def _json(router: Router, path: str, method: str = "GET") -> Any:
    response = await router(_request(path, method))
    assert response.status == 200, (path, response.status)
    return await response.json()


async def test_static_beats_dynamic_beats_catch_all_beats_optional_catch_all() -> None:
    router = Router()
    router.get("/docs/:slug*", _named("optional catch-all"))
    router.get("/docs/:slug+", _named("catch-all"))
    router.get("/docs/:id", _named("dynamic"))
    router.get("/docs/intro", _named("static"))
    assert (await _json(router, "/docs/intro"))["route"] == "static"
    assert (await _json(router, "/docs/other"))["route"] == "dynamic"
    assert (await _json(router, "/docs/a/b"))["route"] == "catch-all"
    assert (await _json(router, "/docs"))["route"] == "optional catch-all"


async def test_precedence_backtracks_to_a_less_specific_route() -> None:
    router = Router()
    router.get("/users/me/settings", _named("static"))
    router.get("/users/:id/posts", _named("dynamic"))
    assert (await _json(router, "/users/me/posts")) == {
        "route": "dynamic",
        "params": {"id": "me"},
    }


async def test_params_reach_a_two_argument_handler_decoded() -> None:
    router = Router()
    router.get("/users/:id/files/*", _named("files"))
    body = await _json(router, "/users/j%C3%B6rg/files/a/b%20c")
    assert body["params"] == {"id": "jörg", "0": "a/b c"}


async def test_params_are_merged_into_search_params_for_one_argument_handlers() -> None:
    router = Router()

    @router.get("/users/:id")
    async def user(request: Request) -> Response:
        return Response.json(URL(request.url).search_params.get_all("id"))

    assert await _json(router, "/users/7?id=spoofed&x=1") == ["7"]


async def test_plain_def_handlers_run_in_a_worker_thread() -> None:
    router = Router()
    loop_thread = threading.get_ident()

    def blocking(request: Request) -> Response:
        return Response(str(threading.get_ident() != loop_thread))

    router.post("/work", blocking)
    response = await router(_request("/work", "POST"))
    assert await response.text() == "True"


async def test_no_route_is_404() -> None:
    router = Router()
    router.get("/a", _named("a"))
    response = await router(_request("/b"))
    assert response.status == 404


async def test_other_method_is_405_with_allow() -> None:
    router = Router()
    router.get("/items/:id", _named("get"))
    router.delete("/items/:id", _named("delete"))
    response = await router(_request("/items/1", "POST"))
    assert response.status == 405
    assert response.headers.get("allow") == "GET, HEAD, DELETE, OPTIONS"


async def test_head_is_answered_by_get_without_a_body() -> None:
    router = Router()
    router.get("/page", lambda request: Response("hello", headers={"x-page": "1"}))
    response = await router(_request("/page", "HEAD"))
    assert response.status == 200
    assert response.headers.get("x-page") == "1"
    assert response.body is None


async def test_options_is_answered_with_allow() -> None:
    router = Router()
    router.put("/thing", _named("put"))
    response = await router(_request("/thing", "OPTIONS"))
    assert response.status == 204
    assert response.headers.get("allow") == "PUT, OPTIONS"


async def test_explicit_options_and_all_routes_win() -> None:
    router = Router()
    router.options("/cors", lambda request: Response("preflight"))
    router.all("/any", lambda request: Response(request.method))
    assert await (await router(_request("/cors", "OPTIONS"))).text() == "preflight"
    assert await (await router(_request("/any", "PATCH"))).text() == "PATCH"


async def test_same_route_twice_is_an_error() -> None:
    router = Router()
    router.get("/users/:id", _named("a"))
    try:
        router.get("/users/:name", _named("b"))
    except ValueError as error:
        assert "duplicates" in str(error)
    else:
        raise AssertionError("expected ValueError")


async def test_patterns_the_trie_cannot_express_fall_back_to_urlpattern() -> None:
    router = Router()
    router.get("/files/:name.json", _named("json"))
    router.get("/n/:id(\\d+)", _named("digits"))
    router.get(URLPattern({"pathname": "/full/*", "search": "q=*"}), _named("urlpattern"))
    assert (await _json(router, "/files/report.json"))["params"] == {"name": "report"}
    assert (await _json(router, "/n/12"))["params"] == {"id": "12"}
    assert (await router(_request("/n/x"))).status == 404
    assert (await _json(router, "/full/x?q=1"))["route"] == "urlpattern"


async def test_routers_nest_as_handlers() -> None:
    inner = Router()
    inner.get("/inner", lambda request: Response("inner"))
    outer = Router()
    outer.all("/inner", inner)
    assert await (await outer(_request("/inner"))).text() == "inner"


def test_routes_lists_route_info() -> None:
    router = Router()
    router.get("/a/:b", _named("x"))
    assert [(r.pattern, r.methods) for r in router.routes] == [("/a/:b", ["GET"])]


# -- the trie accepts exactly what URLPattern's regular expression accepts ---------------

_SEGMENT_PATTERNS = ["a", "b", ":p", ":q"]
_TAILS = ["", "/:t?", "/:t+", "/:t*", "/*"]


@st.composite
def _segment_patterns(draw: st.DrawFn) -> str:
    segments = draw(st.lists(st.sampled_from(_SEGMENT_PATTERNS), max_size=3))
    names = iter(range(10))
    body = "".join("/" + (f":n{next(names)}" if s.startswith(":") else s) for s in segments)
    return (body + draw(st.sampled_from(_TAILS))) or "/"


_paths = st.lists(st.sampled_from(["a", "b", "c", "", "a%2Fb"]), max_size=4).map(
    lambda segments: "/" + "/".join(segments)
)


@given(pattern=_segment_patterns(), path=_paths)
def test_trie_agrees_with_urlpattern(pattern: str, path: str) -> None:
    router = Router()
    router.get(pattern, _named("route"))
    assert router._fallback == []  # segment-shaped: routed by the trie
    expected = URLPattern({"pathname": pattern}).exec({"pathname": path})
    matched = router.match("GET", path)
    assert (matched is not None) == (expected is not None)
    if matched is not None and expected is not None and "%" not in path:
        assert matched[1] == expected.pathname.groups


@given(
    url=st.sampled_from(
        [
            "http://localhost/a/b?c#d",
            "https://user:pw@example.com:8443/x/y/?q=/z",
            "http://h/",
            "http://h/#frag/x",
            "http://h/p?a=b#c",
            "data:text/plain,hello",
            "urn:x:y/z",
            "http://h/%2F?x",
        ]
    )
)
def test_pathname_fast_path_agrees_with_the_url_parser(url: str) -> None:
    record = basic_url_parse(url)
    assert record is not None
    assert _pathname(url) == serialize_path(record)


async def test_merging_params_keeps_the_request_body_and_headers() -> None:
    router = Router()

    @router.post("/echo/:id")
    async def echo(request: Request) -> Response:
        params = URL(request.url).search_params
        return Response(f"{params.get('id')}:{await request.text()}:{request.headers.get('x-a')}")

    request = Request("http://localhost/echo/5", method="POST", body="hello", headers={"x-a": "b"})
    response = await router(request)
    assert await response.text() == "5:hello:b"


# -- precedence: the trie picks the most specific matching route, segment by segment ----

_RANKS = {"static": 0, "param": 1, "optional": 2, "plus": 3, "star": 4, "star0": 5}
_TAIL_SYNTAX = {"optional": "/:t?", "plus": "/:t+", "star": "/*", "star0": "/:t*", "end": ""}


@st.composite
def _route_shapes(draw: st.DrawFn) -> tuple[list[str | None], str]:
    segments = draw(st.lists(st.sampled_from(["a", "b", None]), max_size=3))
    tail = draw(st.sampled_from(list(_TAIL_SYNTAX)))
    if not segments and tail == "end":
        segments = [""]  # the pattern "/"
    return segments, tail


def _shape_pattern(segments: list[str | None], tail: str) -> str:
    names = iter(range(10))
    body = "".join("/" + (s if s is not None else f":n{next(names)}") for s in segments)
    return body + _TAIL_SYNTAX[tail]


def _specificity(segments: list[str | None], tail: str, path_length: int) -> list[int]:
    key = [_RANKS["static" if s is not None else "param"] for s in segments]
    if len(segments) < path_length:
        return [*key, _RANKS[tail]]
    return [*key, {"end": 0, "optional": 2, "star0": 5}[tail]]


@given(shapes=st.lists(_route_shapes(), min_size=1, max_size=6), path=_paths)
def test_the_most_specific_matching_route_wins(
    shapes: list[tuple[list[str | None], str]], path: str
) -> None:
    router = Router()
    routes: dict[str, tuple[list[str | None], str]] = {}
    for segments, tail in shapes:
        pattern = _shape_pattern(segments, tail)
        try:
            router.get(pattern, _named(pattern))
        except ValueError:
            continue  # the same route twice
        routes[pattern] = (segments, tail)
    segment_count = len(path[1:].split("/"))
    matching = [
        (_specificity(segments, tail, segment_count), pattern)
        for pattern, (segments, tail) in routes.items()
        if URLPattern({"pathname": pattern}).test({"pathname": path})
    ]
    matched = router.match("GET", path)
    if not matching:
        assert matched is None
    else:
        assert matched is not None
        assert matched[0].info.pattern == min(matching)[1]
