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

import itertools
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any

Row = tuple[str, dict[str, float | None]]

QUICK = "--quick" in sys.argv
REPEAT = 3 if QUICK else 7


def per_op(cases: dict[str, Callable[[], object]], number: int) -> dict[str, float | None]:
    """Microseconds per call of each case: best of REPEAT rounds, the cases interleaved
    in every round so that a busy machine slows them all alike."""
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(REPEAT):
        for name, function in cases.items():
            start = time.perf_counter()
            for _ in range(number):
                function()
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: elapsed / number * 1e6 for name, elapsed in best.items()}


def per_item(
    makers: dict[str, Callable[[], Any]],
    operations: dict[str, Callable[[Any], object]],
    number: int,
) -> dict[str, float | None]:
    """Microseconds per `operation(obj)` on fresh objects from the matching maker, interleaved."""
    best = dict.fromkeys(makers, float("inf"))
    for _ in range(REPEAT):
        for name, make in makers.items():
            operate = operations[name]
            objects = [make() for _ in range(number)]
            start = time.perf_counter()
            for obj in objects:
                operate(obj)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: elapsed / number * 1e6 for name, elapsed in best.items()}


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
    mixed_case = [(name.title(), value) for name, value in PAIRS]
    mapping = dict(mixed_case)
    rows: list[Row] = []

    rows.append(
        (
            "build from 20 str pairs",
            per_op(
                {
                    "webstd": lambda: Headers(mixed_case),
                    # Starlette takes a dict (or raw bytes), not pairs.
                    "starlette": lambda: sd.Headers(headers=mapping),
                    "werkzeug": lambda: wd.Headers(mixed_case),
                    "httpx": lambda: httpx.Headers(mixed_case),
                    "multidict": lambda: multidict.CIMultiDict(mixed_case),
                },
                n,
            ),
        )
    )
    rows.append(
        (
            "build from a 20-item dict",
            per_op(
                {
                    "webstd": lambda: Headers(mapping),
                    "starlette": lambda: sd.Headers(headers=mapping),
                    "werkzeug": lambda: wd.Headers(mapping),
                    "httpx": lambda: httpx.Headers(mapping),
                    "multidict": lambda: multidict.CIMultiDict(mapping),
                },
                n,
            ),
        )
    )
    # Header sets whose values were never seen before: webstd remembers the short
    # values it has checked, and this row shows the cost without that memory (a
    # pool of distinct sets, larger than what it remembers, taken in turn).
    pool = [[(name, f"{value} {i}") for name, value in mixed_case] for i in range(2048)]
    pool_maps = [dict(pool_pairs) for pool_pairs in pool]
    rows.append(
        (
            "build from 20 pairs, unseen values",
            per_op(
                {
                    "webstd": lambda take=itertools.cycle(pool).__next__: Headers(take()),
                    "starlette": lambda take=itertools.cycle(pool_maps).__next__: sd.Headers(
                        headers=take()
                    ),
                    "werkzeug": lambda take=itertools.cycle(pool).__next__: wd.Headers(take()),
                    "httpx": lambda take=itertools.cycle(pool).__next__: httpx.Headers(take()),
                    "multidict": lambda take=itertools.cycle(pool).__next__: multidict.CIMultiDict(
                        take()
                    ),
                },
                n,
            ),
        )
    )
    rows.append(
        (
            "build from raw ASGI list",
            per_op(
                {
                    "webstd": lambda: Headers._from_raw(raw),
                    "starlette": lambda: sd.Headers(raw=raw),
                    "werkzeug": lambda: wd.Headers(_decoded(raw)),
                    "httpx": lambda: httpx.Headers(raw),
                    "multidict": lambda: multidict.CIMultiDict(_decoded(raw)),
                },
                n,
            ),
        )
    )
    rows.append(
        (
            "raw list + 3 gets (per request)",
            per_op(
                {
                    "webstd": lambda: _three_gets(Headers._from_raw(raw)),
                    "starlette": lambda: _three_gets(sd.Headers(raw=raw)),
                    "werkzeug": lambda: _three_gets(wd.Headers(_decoded(raw))),
                    "httpx": lambda: _three_gets(httpx.Headers(raw)),
                    "multidict": lambda: _three_gets(multidict.CIMultiDict(_decoded(raw))),
                },
                n,
            ),
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
                per_op(
                    {key: (lambda h=h, name=name: h.get(name)) for key, h in built.items()},  # type: ignore[misc]
                    n * 5,
                ),
            )
        )
    rows.append(
        (
            "'name' in headers",
            per_op({key: (lambda h=h: PRESENT in h) for key, h in built.items()}, n * 5),  # type: ignore[misc]
        )
    )
    rows.append(
        (
            "iterate (name, value) pairs",
            per_op(
                {
                    "webstd": lambda: list(built["webstd"]),
                    "starlette": lambda: built["starlette"].items(),
                    "werkzeug": lambda: list(built["werkzeug"].items()),
                    "httpx": lambda: list(built["httpx"].multi_items()),
                    "multidict": lambda: list(built["multidict"].items()),
                },
                n,
            ),
        )
    )
    rows.append(
        (
            "iterate once, fresh from raw",
            per_op(
                {
                    "webstd": lambda: list(Headers._from_raw(raw)),
                    "starlette": lambda: sd.Headers(raw=raw).items(),
                    "werkzeug": lambda: list(wd.Headers(_decoded(raw)).items()),
                    "httpx": lambda: list(httpx.Headers(raw).multi_items()),
                    "multidict": lambda: list(multidict.CIMultiDict(_decoded(raw)).items()),
                },
                n,
            ),
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
        "httpx": lambda h: h.__setitem__("X-New", "1"),  # httpx.Headers has no append
        "multidict": lambda h: h.add("X-New", "1"),
    }
    append_then_get = {
        key: (lambda h, append=append: (append(h), h.get("x-new")))
        for key, append in appenders.items()
    }
    m = n // 4
    rows.append(("set (replace existing)", per_item(makers, setters, m)))
    rows.append(("append (new name)", per_item(makers, appenders, m)))
    rows.append(("append then get (cache refresh)", per_item(makers, append_then_get, m)))
    return rows


NODE_HEADERS_SCRIPT = r"""
const pairs = JSON.parse(process.argv[1]);
const mixed = pairs.map(([n, v]) => [n.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase()), v]);
const record = Object.fromEntries(mixed);
function perOp(fn, n) {
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0));
  }
  return best / n / 1000;
}
function perItem(op, n) {
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const objects = Array.from({ length: n }, () => new Headers(pairs));
    const t0 = process.hrtime.bigint();
    for (const h of objects) op(h);
    best = Math.min(best, Number(process.hrtime.bigint() - t0));
  }
  return best / n / 1000;
}
const built = new Headers(pairs);
let sink;
const out = {
  "build from 20 str pairs": perOp(() => { sink = new Headers(mixed); }, 20000),
  "build from a 20-item dict": perOp(() => { sink = new Headers(record); }, 20000),
  "get present": perOp(() => { sink = built.get("Content-Type"); }, 100000),
  "get absent": perOp(() => { sink = built.get("X-Absent"); }, 100000),
  "'name' in headers": perOp(() => { sink = built.has("Content-Type"); }, 100000),
  "iterate (name, value) pairs": perOp(() => { sink = [...built]; }, 20000),
  "set (replace existing)": perItem((h) => h.set("Cache-Control", "no-store"), 5000),
  "append (new name)": perItem((h) => h.append("X-New", "1"), 5000),
  "append then get (cache refresh)": perItem((h) => { h.append("X-New", "1"); sink = h.get("x-new"); }, 5000),
};
process.stdout.write(JSON.stringify(out));
"""


def node_headers_figures() -> dict[str, float]:
    """The same Headers operations on Node's built-in (undici) Headers, if `node` is there."""
    import json
    import shutil
    import subprocess

    if shutil.which("node") is None:
        return {}
    result = subprocess.run(
        ["node", "-e", NODE_HEADERS_SCRIPT, json.dumps(PAIRS)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def _three_gets(headers: Any) -> object:
    return (headers.get("content-type"), headers.get("cookie"), headers.get("authorization"))


# --- Request / Response ----------------------------------------------------


async def _per_op_async(
    cases: dict[str, Callable[[], Awaitable[object]]], number: int
) -> dict[str, float | None]:
    """`per_op` for coroutines, all timed inside one running event loop."""
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(REPEAT):
        for name, function in cases.items():
            start = time.perf_counter()
            for _ in range(number):
                await function()
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: elapsed / number * 1e6 for name, elapsed in best.items()}


# A 1 KiB JSON document: twenty small records plus padding to exactly 1024 bytes.
_RECORDS = b", ".join(b'{"id": %d, "name": "item %02d"}' % (i, i) for i in range(20))
JSON_BODY = b'{"items": [' + _RECORDS + b'], "pad": "' + b"x" * (1024 - 24 - len(_RECORDS)) + b'"}'
RESPONSE_DATA = {"id": 123, "name": "Ada", "tags": ["a", "b", "c"], "active": True, "score": 9.5}
REQUEST_HEADERS = [
    *[(k, v) for k, v in RAW_HEADERS if k not in (b"content-length",)],
    (b"content-length", str(len(JSON_BODY)).encode()),
]


def _asgi_receive(body: bytes) -> Callable[[], Awaitable[dict[str, Any]]]:
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _webstd_body_stream(body: bytes) -> Any:
    """A request body stream as an adapter makes one: pull the next ASGI message."""
    from webstd.streams.readable import ReadableStream

    receive = _asgi_receive(body)

    async def pull(controller: Any) -> None:
        message = await receive()
        chunk = message.get("body", b"")
        if chunk:
            controller.enqueue(chunk)
        if not message.get("more_body", False):
            controller.close()

    return ReadableStream({"pull": pull})


def _webstd_body_chunks(body: bytes) -> AsyncIterator[bytes]:
    """A request body as an adapter can also hand it over: an async iterator of chunks."""
    receive = _asgi_receive(body)

    async def chunks() -> AsyncIterator[bytes]:
        while True:
            message = await receive()
            chunk = message.get("body", b"")
            if chunk:
                yield chunk
            if not message.get("more_body", False):
                return

    return chunks()


def bench_request_response() -> list[Row]:
    """Request built as an adapter does + `await request.json()`; `Response.json` + head."""
    import asyncio

    from starlette.requests import Request as StarletteRequest
    from starlette.responses import JSONResponse

    from webstd import Request, Response

    n = 500 if QUICK else 5_000
    assert len(JSON_BODY) >= 1000
    url = "http://example.com/api/items?page=2"
    scope = {
        "type": "http",
        "method": "POST",
        "scheme": "http",
        "server": ("example.com", 80),
        "path": "/api/items",
        "query_string": b"page=2",
        "headers": REQUEST_HEADERS,
    }

    async def webstd_request() -> object:
        request = Request._from_server(
            "POST", url, REQUEST_HEADERS, _webstd_body_stream(JSON_BODY), None
        )
        return await request.json()

    async def webstd_request_iterable() -> object:
        request = Request._from_server(
            "POST", url, REQUEST_HEADERS, _webstd_body_chunks(JSON_BODY), None
        )
        return await request.json()

    async def starlette_request() -> object:
        request = StarletteRequest(scope, _asgi_receive(JSON_BODY))
        return await request.json()

    def webstd_response() -> object:
        response = Response.json(RESPONSE_DATA)
        return response.status, response.headers._raw(), response._body_bytes()

    def starlette_response() -> object:
        response = JSONResponse(RESPONSE_DATA)
        return response.status_code, response.raw_headers, response.body

    async def webstd_round_trip() -> object:
        await webstd_request_iterable()
        return webstd_response()

    async def starlette_round_trip() -> object:
        await starlette_request()
        return starlette_response()

    async def run() -> list[Row]:
        return [
            (
                "request + json() 1 KiB, stream body",
                await _per_op_async({"webstd": webstd_request, "starlette": starlette_request}, n),
            ),
            (
                "request + json() 1 KiB, iter body",
                await _per_op_async(
                    {"webstd": webstd_request_iterable, "starlette": starlette_request}, n
                ),
            ),
            (
                "Response.json + head",
                per_op({"webstd": webstd_response, "starlette": starlette_response}, n * 2),
            ),
            (
                "round trip: iter body + json",
                await _per_op_async(
                    {"webstd": webstd_round_trip, "starlette": starlette_round_trip}, n
                ),
            ),
        ]

    return asyncio.run(run())


# --- multipart -----------------------------------------------------------------

MULTIPART_CHUNK = 64 * 1024
MULTIPART_FILE_SIZE = 10 * 1024 * 1024
MULTIPART_BOUNDARY = "----webstdBenchBoundary7MA4YWxkTrZu0gW"
_BLOCK = bytes(range(256)) * (MULTIPART_CHUNK // 256)


def _multipart_head() -> bytes:
    fields = b"".join(
        (
            f"--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; "
            f'name="field{i}"\r\n\r\nvalue number {i}\r\n'
        ).encode()
        for i in range(5)
    )
    return (
        fields
        + (
            f'--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="upload"; '
            'filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
    )


_MP_HEAD = _multipart_head()
_MP_TAIL = f"\r\n--{MULTIPART_BOUNDARY}--\r\n".encode()
MULTIPART_TOTAL = len(_MP_HEAD) + MULTIPART_FILE_SIZE + len(_MP_TAIL)


def _multipart_chunks() -> Iterator[bytes]:
    """The upload in 64 KiB chunks, made on the fly (never held whole)."""
    buffer = _MP_HEAD
    remaining = MULTIPART_FILE_SIZE
    while remaining:
        take = min(MULTIPART_CHUNK - len(buffer), remaining)
        remaining -= take
        buffer += _BLOCK[:take]
        if len(buffer) >= MULTIPART_CHUNK:
            yield buffer
            buffer = b""
    yield buffer + _MP_TAIL


def _peak_rss_mib() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def bench_multipart() -> list[Row]:
    """`await request.form_data()` of a 10 MiB upload in 64 KiB chunks vs peers."""
    import asyncio

    import multipart

    from webstd import File, Request
    from webstd.streams.readable import ReadableStream

    content_type = f"multipart/form-data; boundary={MULTIPART_BOUNDARY}".encode()
    raw_headers = [
        (b"content-type", content_type),
        (b"content-length", str(MULTIPART_TOTAL).encode()),
    ]

    async def webstd_form() -> None:
        request = Request._from_server(
            "POST",
            "http://localhost/upload",
            raw_headers,
            ReadableStream.from_(_multipart_chunks()),
            None,
        )
        form = await request.form_data()
        upload = form.get("upload")
        assert isinstance(upload, File) and upload.size == MULTIPART_FILE_SIZE

    class _Reader:
        def __init__(self) -> None:
            self._chunks = _multipart_chunks()

        def read(self, size: int = -1) -> bytes:
            return next(self._chunks, b"")

    async def multipart_form() -> None:
        parser = multipart.MultipartParser(
            _Reader(),
            MULTIPART_BOUNDARY,
            content_length=MULTIPART_TOTAL,
            buffer_size=MULTIPART_CHUNK,
        )
        parts = parser.parts()
        assert parts[-1].size == MULTIPART_FILE_SIZE
        for part in parts:
            part.close()

    starlette_form: Callable[[], Awaitable[None]] | None = None
    try:
        import python_multipart  # noqa: F401  (Starlette's form parser)
        from starlette.requests import Request as StarletteRequest

        async def _starlette_form() -> None:
            chunks = _multipart_chunks()

            async def receive() -> dict[str, Any]:
                chunk = next(chunks, None)
                if chunk is None:
                    return {"type": "http.request", "body": b"", "more_body": False}
                return {"type": "http.request", "body": chunk, "more_body": True}

            scope = {
                "type": "http",
                "method": "POST",
                "path": "/",
                "query_string": b"",
                "headers": [(b"content-type", content_type)],
            }
            form = await StarletteRequest(scope, receive).form(max_part_size=MULTIPART_TOTAL)
            assert form["upload"].size == MULTIPART_FILE_SIZE  # type: ignore[union-attr]
            await form.close()

        starlette_form = _starlette_form
    except ImportError:
        print("(Starlette's request.form() needs python-multipart; its column is left empty)")

    async def run() -> list[Row]:
        rss_before = _peak_rss_mib()
        await webstd_form()
        rss_growth = _peak_rss_mib() - rss_before
        cases: dict[str, Callable[[], Awaitable[object]]] = {
            "webstd": webstd_form,
            "multipart": multipart_form,
        }
        if starlette_form is not None:
            cases["starlette"] = starlette_form
        figures = await _per_op_async(cases, 1 if QUICK else 3)
        speeds = ", ".join(
            f"{name} {MULTIPART_TOTAL / (us / 1e6) / 1e9:.2f} GB/s"
            for name, us in figures.items()
            if us is not None
        )
        print(f"\nmultipart 10 MiB upload: {speeds}; webstd peak RSS growth {rss_growth:.1f} MiB")
        return [("form_data() 10 MiB, 1 file + 5 fields", figures)]

    return asyncio.run(run())


def main() -> None:
    peers = ["starlette", "werkzeug", "httpx", "multidict", "node"]
    rows = bench_headers()
    node = node_headers_figures()
    for operation, figures in rows:
        figures["node"] = node.get(operation)
    print_table("Headers", rows, "webstd", peers)
    rows = bench_request_response()
    if rows:
        print_table("Request / Response", rows, "webstd", ["starlette"])
    rows = bench_multipart()
    if rows:
        print_table("multipart form_data()", rows, "webstd", ["multipart", "starlette"])


if __name__ == "__main__":
    main()
