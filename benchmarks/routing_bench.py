"""Route lookup and URLPattern exec(), webstd side by side with its peers, in one run.

Lookup: a realistic REST table (per resource: a list route, a static sub-route,
one-parameter, two-parameter and catch-all routes) of 20, 200 and 2,000 routes and
10,000 request paths (5% without a route), resolved by

- webstd's Router.match (static dict + segment trie),
- Starlette's Router (its lookup: Route.matches over the route list, in order),
- Werkzeug's Map / MapAdapter.match,
- a linear scan of URLPattern.test() over the patterns (a sample of the paths: it is slow).

exec(): URLPattern.exec() on a compiled pattern vs the `urlpattern` package (Rust core).

    python benchmarks/routing_bench.py [--quick]
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from typing import Any

import urlpattern as reference
from starlette.routing import Match, Route
from starlette.routing import Router as StarletteRouter
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule

from webstd import URLPattern
from webstd.routing import Router

QUICK = "--quick" in sys.argv


def rest_table(route_count: int) -> list[tuple[str, str, str]]:
    """(webstd/URLPattern pattern, Starlette path, Werkzeug rule) for a REST API."""
    routes = []
    for index in range(route_count // 5):
        name = f"resource{index}"
        routes += [
            (f"/api/{name}", f"/api/{name}", f"/api/{name}"),
            (f"/api/{name}/search", f"/api/{name}/search", f"/api/{name}/search"),
            (f"/api/{name}/:id", f"/api/{name}/{{id}}", f"/api/{name}/<id>"),
            (
                f"/api/{name}/:id/items/:item_id",
                f"/api/{name}/{{id}}/items/{{item_id}}",
                f"/api/{name}/<id>/items/<item_id>",
            ),
            (
                f"/api/{name}/:id/files/:path+",
                f"/api/{name}/{{id}}/files/{{path:path}}",
                f"/api/{name}/<id>/files/<path:path>",
            ),
        ]
    return routes


def request_paths(route_count: int, count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    paths = []
    for _ in range(count):
        name = f"resource{rng.randrange(route_count // 5)}"
        kind = rng.random()
        item = rng.randrange(100000)
        if kind < 0.05:
            paths.append(f"/nothing/{item}")
        elif kind < 0.25:
            paths.append(f"/api/{name}")
        elif kind < 0.35:
            paths.append(f"/api/{name}/search")
        elif kind < 0.65:
            paths.append(f"/api/{name}/{item}")
        elif kind < 0.90:
            paths.append(f"/api/{name}/{item}/items/{item % 97}")
        else:
            paths.append(f"/api/{name}/{item}/files/docs/{item % 13}/readme.md")
    return paths


def endpoint(*args: Any) -> None:
    return None


def webstd_lookup(table: list[tuple[str, str, str]]) -> Callable[[str], Any]:
    router = Router()
    for pattern, _, _ in table:
        router.get(pattern, endpoint)
    match = router.match
    return lambda path: match("GET", path)


def starlette_lookup(table: list[tuple[str, str, str]]) -> Callable[[str], Any]:
    router = StarletteRouter(routes=[Route(path, endpoint) for _, path, _ in table])
    routes = router.routes

    def lookup(path: str) -> Any:
        # what Starlette's Router.app does to find the route for a request
        scope = {"type": "http", "path": path, "root_path": "", "method": "GET"}
        for route in routes:
            matched, child_scope = route.matches(scope)
            if matched is Match.FULL:
                return route, child_scope
        return None

    return lookup


def werkzeug_lookup(table: list[tuple[str, str, str]]) -> Callable[[str], Any]:
    adapter = Map([Rule(rule, endpoint="e", methods=["GET"]) for _, _, rule in table]).bind(
        "localhost"
    )

    def lookup(path: str) -> Any:
        try:
            return adapter.match(path, method="GET")
        except (NotFound, MethodNotAllowed):
            return None

    return lookup


def linear_urlpattern_lookup(table: list[tuple[str, str, str]]) -> Callable[[str], Any]:
    patterns = [URLPattern({"pathname": pattern}) for pattern, _, _ in table]

    def lookup(path: str) -> Any:
        init = {"pathname": path}
        for pattern in patterns:
            if pattern.test(init):
                return pattern
        return None

    return lookup


def lookups_per_second(lookup: Callable[[str], Any], paths: list[str], budget: float) -> float:
    lookup(paths[0])
    done = 0
    start = time.perf_counter()
    while True:
        for path in paths:
            lookup(path)
        done += len(paths)
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return done / elapsed


def check_agreement(table: list[tuple[str, str, str]], paths: list[str]) -> None:
    """All four resolve the same paths (a benchmark of wrong answers proves nothing)."""
    ours = webstd_lookup(table)
    werkzeug = werkzeug_lookup(table)
    for path in paths[:2000]:
        assert (ours(path) is None) == (werkzeug(path) is None), path


def bench_lookup() -> None:
    print("Route lookup (lookups/s, higher is better; 10,000 paths, 5% unrouted)")
    header = (
        f"{'routes':>7} {'webstd':>11} {'starlette':>11} {'werkzeug':>11} {'URLPattern scan':>16}"
    )
    print(header + f" {'vs starlette':>13} {'vs werkzeug':>12} {'vs scan':>9}")
    base_cost = None
    for route_count in (20, 200, 2000):
        table = rest_table(route_count)
        paths = request_paths(route_count, 10_000)
        check_agreement(table, paths)
        budget = 0.3 if QUICK else 1.0
        ours = lookups_per_second(webstd_lookup(table), paths, budget)
        starlette = lookups_per_second(starlette_lookup(table), paths[:2000], budget)
        werkzeug = lookups_per_second(werkzeug_lookup(table), paths, budget)
        scan_paths = paths[: max(20, 20_000 // route_count)]
        scan = lookups_per_second(linear_urlpattern_lookup(table), scan_paths, budget)
        print(
            f"{route_count:>7} {ours:>11,.0f} {starlette:>11,.0f} {werkzeug:>11,.0f} {scan:>16,.0f}"
            f" {ours / starlette:>12.1f}x {ours / werkzeug:>11.2f}x {ours / scan:>8.0f}x"
        )
        cost = 1 / ours
        if base_cost is None:
            base_cost = cost
        else:
            print(
                f"{'':>7} webstd cost per lookup vs 20 routes: {cost / base_cost:.2f}x "
                f"for {route_count // 20}x the routes"
            )


def per_call(function: Callable[[], Any], number: int) -> float:
    function()
    best = min(_timed(function, number) for _ in range(3 if QUICK else 5))
    return best / number * 1e6


def _timed(function: Callable[[], Any], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        function()
    return time.perf_counter() - start


def bench_exec() -> None:
    print()
    print("URLPattern on a compiled pattern (microseconds per call, lower is better)")
    print(f"{'case':<44} {'webstd':>8} {'urlpattern':>11} {'ratio':>7}")
    number = 5_000 if QUICK else 30_000
    cases: list[tuple[str, dict[str, str], Any]] = [
        (
            "exec(URL string), 2 named groups",
            {"pathname": "/api/users/:id/posts/:post_id"},
            "https://example.com/api/users/42/posts/7?draft=1",
        ),
        (
            "exec(URL string), regexp group",
            {"pathname": "/api/users/:id(\\d+)"},
            "https://example.com/api/users/42",
        ),
        (
            "exec(URL string), hostname + pathname",
            {"hostname": "{:sub.}?example.com", "pathname": "/blog/*"},
            "https://www.example.com/blog/2024/hello",
        ),
        (
            "exec(dict), 2 named groups",
            {"pathname": "/api/users/:id/posts/:post_id"},
            {"pathname": "/api/users/42/posts/7"},
        ),
        (
            "exec(URL string), no match",
            {"pathname": "/api/users/:id"},
            "https://example.com/api/teams/1",
        ),
        ("test(URL string)", {"pathname": "/api/users/:id"}, "https://example.com/api/users/1"),
    ]
    for name, init, target in cases:
        ours = URLPattern(init)
        theirs = reference.URLPattern(init)
        method = "test" if name.startswith("test") else "exec"
        ours_call = getattr(ours, method)
        theirs_call = getattr(theirs, method)
        ours_time = per_call(lambda c=ours_call, t=target: c(t), number)
        theirs_time = per_call(lambda c=theirs_call, t=target: c(t), number)
        print(f"{name:<44} {ours_time:>8.2f} {theirs_time:>11.2f} {theirs_time / ours_time:>6.2f}x")
    print("(ratio > 1: webstd is faster)")


if __name__ == "__main__":
    bench_lookup()
    bench_exec()
