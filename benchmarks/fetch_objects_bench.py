"""Fetch objects side by side with their Python peers: microseconds per operation.

Run: python benchmarks/fetch_objects_bench.py [--quick]

Sections (each a function returning table rows, so each can grow on its own):
- bench_headers(): webstd.Headers vs starlette Headers/MutableHeaders,
  werkzeug Headers, httpx.Headers, multidict.CIMultiDict.
- bench_request_response(): Request the way a server adapter builds it +
  `await request.json()`, and `Response.json(...)` with its head serialised,
  vs Starlette's Request + JSONResponse.  (Request/Response engineer.)
- bench_multipart(): `await request.form_data()` of a 10 MiB upload vs the
  multipart package and Starlette's `request.form()`.  (Request/Response engineer.)

Each figure is the best of several runs, in microseconds per operation; the
ratio columns are peer time / webstd time, so > 1 means webstd is faster.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

Row = tuple[str, dict[str, float | None]]

QUICK = "--quick" in sys.argv
REPEAT = 3 if QUICK else 7


def per_op(function: Callable[[], object], number: int) -> float:
    """Best-of-REPEAT time of one call of `function`, in microseconds."""
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        for _ in range(number):
            function()
        best = min(best, time.perf_counter() - start)
    return best / number * 1e6


def per_item(make: Callable[[], Any], operate: Callable[[Any], object], number: int) -> float:
    """Best-of-REPEAT time of `operate(obj)` on fresh objects from `make()`, in microseconds."""
    best = float("inf")
    for _ in range(REPEAT):
        objects = [make() for _ in range(number)]
        start = time.perf_counter()
        for obj in objects:
            operate(obj)
        best = min(best, time.perf_counter() - start)
    return best / number * 1e6


def print_table(title: str, rows: Sequence[Row], baseline: str, peers: Sequence[str]) -> None:
    """One table: an operation per row, µs/op per implementation, then peer/webstd ratios."""
    names = [baseline, *peers]
    ratio_names = [p for p in peers if any(r[1].get(p) is not None for r in rows)]
    print(
        f"\n## {title} (µs per operation; ratio = peer / {baseline}, > 1 means {baseline} is faster)\n"
    )
    header = f"{'operation':<34}" + "".join(f"{n:>12}" for n in names)
    header += "".join(f"{'x ' + n:>13}" for n in ratio_names)
    print(header)
    print("-" * len(header))
    for operation, figures in rows:
        line = f"{operation:<34}"
        for name in names:
            value = figures.get(name)
            line += f"{'-':>12}" if value is None else f"{value:>12.3f}"
        base = figures[baseline]
        for name in ratio_names:
            value = figures.get(name)
            line += f"{'-':>13}" if value is None or not base else f"{value / base:>12.2f}x"
        print(line)


# --- Headers ---------------------------------------------------------------

# A browser's request headers: 20 pairs, the way an ASGI server hands them over.
RAW_HEADERS: list[tuple[bytes, bytes]] = [
    (b"host", b"example.com"),
    (
        b"user-agent",
        b"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        b"Chrome/120.0 Safari/537.36",
    ),
    (b"accept", b"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    (b"accept-language", b"en-US,en;q=0.5"),
    (b"accept-encoding", b"gzip, deflate, br"),
    (b"connection", b"keep-alive"),
    (b"cookie", b"a=1; b=2; session=abcdefabcdef0123456789"),
    (b"upgrade-insecure-requests", b"1"),
    (b"sec-fetch-dest", b"document"),
    (b"sec-fetch-mode", b"navigate"),
    (b"sec-fetch-site", b"none"),
    (b"sec-fetch-user", b"?1"),
    (b"cache-control", b"max-age=0"),
    (b"x-request-id", b"3f2a9c1e-1111-2222-3333-444455556666"),
    (b"x-forwarded-for", b"10.0.0.1"),
    (b"x-forwarded-proto", b"https"),
    (b"content-type", b"application/json"),
    (b"content-length", b"1024"),
    (b"referer", b"https://example.com/page"),
    (b"origin", b"https://example.com"),
]
PAIRS: list[tuple[str, str]] = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in RAW_HEADERS]
PRESENT = "Content-Type"
ABSENT = "X-Absent"


def _decoded(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw]


def bench_headers() -> list[Row]:
    """webstd.Headers against Starlette, Werkzeug, httpx and multidict."""
    import httpx
    import multidict
    import starlette.datastructures as sd
    import werkzeug.datastructures as wd

    from webstd import Headers

    n = 2_000 if QUICK else 20_000
    raw = RAW_HEADERS
    pairs = PAIRS
    mapping = dict(PAIRS)
    rows: list[Row] = []

    rows.append(
        (
            "build from 20 str pairs",
            {
                "webstd": per_op(lambda: Headers(pairs), n),
                "starlette": per_op(lambda: sd.Headers(headers=mapping), n),
                "werkzeug": per_op(lambda: wd.Headers(pairs), n),
                "httpx": per_op(lambda: httpx.Headers(pairs), n),
                "multidict": per_op(lambda: multidict.CIMultiDict(pairs), n),
            },
        )
    )
    rows.append(
        (
            "build from raw ASGI list",
            {
                "webstd": per_op(lambda: Headers._from_raw(raw), n),
                "starlette": per_op(lambda: sd.Headers(raw=raw), n),
                "werkzeug": per_op(lambda: wd.Headers(_decoded(raw)), n),
                "httpx": per_op(lambda: httpx.Headers(raw), n),
                "multidict": per_op(lambda: multidict.CIMultiDict(_decoded(raw)), n),
            },
        )
    )
    rows.append(
        (
            "raw list + 3 gets (per request)",
            {
                "webstd": per_op(lambda: _three_gets(Headers._from_raw(raw)), n),
                "starlette": per_op(lambda: _three_gets(sd.Headers(raw=raw)), n),
                "werkzeug": per_op(lambda: _three_gets(wd.Headers(_decoded(raw))), n),
                "httpx": per_op(lambda: _three_gets(httpx.Headers(raw)), n),
                "multidict": per_op(lambda: _three_gets(multidict.CIMultiDict(_decoded(raw))), n),
            },
        )
    )

    built: dict[str, Any] = {
        "webstd": Headers._from_raw(raw),
        "starlette": sd.Headers(raw=raw),
        "werkzeug": wd.Headers(pairs),
        "httpx": httpx.Headers(raw),
        "multidict": multidict.CIMultiDict(pairs),
    }
    for label, name in (("get present", PRESENT), ("get absent", ABSENT)):
        rows.append(
            (
                label,
                {
                    key: per_op(lambda h=h, name=name: h.get(name), n * 5)  # type: ignore[misc]
                    for key, h in built.items()
                },
            )
        )
    rows.append(
        (
            "'name' in headers",
            {key: per_op(lambda h=h: PRESENT in h, n * 5) for key, h in built.items()},  # type: ignore[misc]
        )
    )
    rows.append(
        (
            "iterate (name, value) pairs",
            {
                "webstd": per_op(lambda: list(built["webstd"]), n),
                "starlette": per_op(lambda: built["starlette"].items(), n),
                "werkzeug": per_op(lambda: list(built["werkzeug"].items()), n),
                "httpx": per_op(lambda: list(built["httpx"].multi_items()), n),
                "multidict": per_op(lambda: list(built["multidict"].items()), n),
            },
        )
    )
    rows.append(
        (
            "iterate once, fresh from raw",
            {
                "webstd": per_op(lambda: list(Headers._from_raw(raw)), n),
                "starlette": per_op(lambda: sd.Headers(raw=raw).items(), n),
                "werkzeug": per_op(lambda: list(wd.Headers(_decoded(raw)).items()), n),
                "httpx": per_op(lambda: list(httpx.Headers(raw).multi_items()), n),
                "multidict": per_op(lambda: list(multidict.CIMultiDict(_decoded(raw)).items()), n),
            },
        )
    )

    makers: dict[str, Callable[[], Any]] = {
        "webstd": lambda: Headers(pairs),
        "starlette": lambda: sd.MutableHeaders(raw=list(raw)),
        "werkzeug": lambda: wd.Headers(pairs),
        "httpx": lambda: httpx.Headers(pairs),
        "multidict": lambda: multidict.CIMultiDict(pairs),
    }
    setters: dict[str, Callable[[Any], object]] = {
        "webstd": lambda h: h.set("Cache-Control", "no-store"),
        "starlette": lambda h: h.__setitem__("Cache-Control", "no-store"),
        "werkzeug": lambda h: h.set("Cache-Control", "no-store"),
        "httpx": lambda h: h.__setitem__("Cache-Control", "no-store"),
        "multidict": lambda h: h.__setitem__("Cache-Control", "no-store"),
    }
    appenders: dict[str, Callable[[Any], object]] = {
        "webstd": lambda h: h.append("X-New", "1"),
        "starlette": lambda h: h.append("X-New", "1"),
        "werkzeug": lambda h: h.add("X-New", "1"),
        "httpx": lambda h: h.__setitem__("X-New", "1"),  # httpx has no append on Headers
        "multidict": lambda h: h.add("X-New", "1"),
    }
    m = n // 4
    rows.append(("set (replace existing)", {k: per_item(makers[k], setters[k], m) for k in makers}))
    rows.append(("append (new name)", {k: per_item(makers[k], appenders[k], m) for k in makers}))
    rows.append(
        (
            "append then get (cache refresh)",
            {
                k: per_item(makers[k], lambda h, k=k: (appenders[k](h), h.get("x-new")), m)  # type: ignore[misc]
                for k in makers
            },
        )
    )
    return rows


def _three_gets(headers: Any) -> object:
    return (headers.get("content-type"), headers.get("cookie"), headers.get("authorization"))


# --- Request / Response (to be filled by the Request/Response engineer) ------


def bench_request_response() -> list[Row]:
    """Request built as an adapter does + `await request.json()`; `Response.json` + head."""
    return []


def bench_multipart() -> list[Row]:
    """`await request.form_data()` of a 10 MiB upload in 64 KiB chunks vs peers."""
    return []


def main() -> None:
    peers = ["starlette", "werkzeug", "httpx", "multidict"]
    print_table("Headers", bench_headers(), "webstd", peers)
    rows = bench_request_response()
    if rows:
        print_table("Request / Response", rows, "webstd", ["starlette"])
    rows = bench_multipart()
    if rows:
        print_table("multipart form_data()", rows, "webstd", ["multipart", "starlette"])


if __name__ == "__main__":
    main()
