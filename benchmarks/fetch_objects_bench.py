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
    # Flushed at once: output still buffered when a child process starts (a fork copies
    # the buffer) would otherwise be written twice, once by each process.
    sys.stdout.flush()


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


def _cycling(make: Callable[[Any], object], inputs: Sequence[Any]) -> Callable[[], object]:
    """A case that calls `make` on the next of `inputs` each time, round and round."""
    take = itertools.cycle(inputs).__next__
    return lambda: make(take())


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
                    "webstd": _cycling(Headers, pool),
                    "starlette": _cycling(lambda headers: sd.Headers(headers=headers), pool_maps),
                    "werkzeug": _cycling(wd.Headers, pool),
                    "httpx": _cycling(httpx.Headers, pool),
                    "multidict": _cycling(multidict.CIMultiDict, pool),
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
    append_then_get: dict[str, Callable[[Any], object]] = {
        key: (lambda h, append=append: (append(h), h.get("x-new")))  # type: ignore[misc]
        for key, append in appenders.items()
    }
    m = max(n // 4, 2_000)  # enough objects that one slow moment does not decide a row
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
    import io
    import json

    from starlette.requests import Request as StarletteRequest
    from starlette.responses import JSONResponse
    from werkzeug.wrappers import Request as WerkzeugRequest
    from werkzeug.wrappers import Response as WerkzeugResponse

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

    # Werkzeug's Request reads a WSGI environ (the server's dict, copied per request).
    environ = {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/api/items",
        "QUERY_STRING": "page=2",
        "SERVER_NAME": "example.com",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(JSON_BODY)),
        **{
            "HTTP_" + name.decode().upper().replace("-", "_"): value.decode("latin-1")
            for name, value in REQUEST_HEADERS
            if name not in (b"content-type", b"content-length")
        },
    }

    async def werkzeug_request() -> object:
        request = WerkzeugRequest({**environ, "wsgi.input": io.BytesIO(JSON_BODY)})
        return request.get_json()

    # Each side's head: status and header pairs, Content-Length included (webstd's
    # adapters add it from the body's length, Starlette and Werkzeug set it themselves).
    def webstd_response() -> object:
        response = Response.json(RESPONSE_DATA)
        body = response._body_bytes()
        assert body is not None
        head = [*response.headers._raw(), (b"content-length", b"%d" % len(body))]
        return response.status, head, body

    def starlette_response() -> object:
        response = JSONResponse(RESPONSE_DATA)
        return response.status_code, response.raw_headers, response.body

    def werkzeug_response() -> object:
        text = json.dumps(RESPONSE_DATA, ensure_ascii=False, separators=(",", ":"))
        response = WerkzeugResponse(text, mimetype="application/json")
        return response.status_code, response.headers.to_wsgi_list(), response.get_data()

    async def webstd_round_trip() -> object:
        await webstd_request_iterable()
        return webstd_response()

    async def starlette_round_trip() -> object:
        await starlette_request()
        return starlette_response()

    async def werkzeug_round_trip() -> object:
        await werkzeug_request()
        return werkzeug_response()

    async def run() -> list[Row]:
        return [
            (
                "request + json() 1 KiB, stream body",
                await _per_op_async(
                    {
                        "webstd": webstd_request,
                        "starlette": starlette_request,
                        "werkzeug": werkzeug_request,
                    },
                    n,
                ),
            ),
            (
                "request + json() 1 KiB, iter body",
                await _per_op_async(
                    {
                        "webstd": webstd_request_iterable,
                        "starlette": starlette_request,
                        "werkzeug": werkzeug_request,
                    },
                    n,
                ),
            ),
            (
                "Response.json + head",
                per_op(
                    {
                        "webstd": webstd_response,
                        "starlette": starlette_response,
                        "werkzeug": werkzeug_response,
                    },
                    n * 2,
                ),
            ),
            (
                "round trip: iter body + json",
                await _per_op_async(
                    {
                        "webstd": webstd_round_trip,
                        "starlette": starlette_round_trip,
                        "werkzeug": werkzeug_round_trip,
                    },
                    n,
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
    """The upload in 64 KiB chunks, made on the fly (never held whole), each a fresh
    bytes object (one copy), as a server's socket read gives."""
    first = MULTIPART_CHUNK - len(_MP_HEAD)
    yield _MP_HEAD + _BLOCK[:first]
    block = memoryview(_BLOCK)
    remaining = MULTIPART_FILE_SIZE - first
    while remaining > MULTIPART_CHUNK:
        yield bytes(block)
        remaining -= MULTIPART_CHUNK
    yield b"".join((block[:remaining], _MP_TAIL))


MULTIPART_ROUNDS = 7 if QUICK else 31
MULTIPART_PEER_REQUIREMENT = "python-multipart>=0.0.18"  # what starlette[full] asks for


def _multipart_site_dir() -> str | None:
    """A private `pip install --target` directory with python-multipart for Starlette's
    form parser (it cannot share an environment with the `multipart` package)."""
    import os
    import shutil
    import subprocess

    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    target = os.path.join(cache, "webstd-bench", "python-multipart")
    if os.path.isdir(os.path.join(target, "python_multipart")):
        print(f"(Starlette's python-multipart: cached in {target})")
        return target
    staging = f"{target}.partial-{os.getpid()}"
    command = [
        sys.executable,
        *("-m", "pip", "install", "--quiet", "--disable-pip-version-check"),
        *("--target", staging, MULTIPART_PEER_REQUIREMENT),
    ]
    print(f"(installing Starlette's python-multipart, first use only: {' '.join(command)})")
    try:
        subprocess.run(command, check=True, timeout=300)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(staging, target)
    except (OSError, subprocess.SubprocessError) as error:
        print(f"(could not install {MULTIPART_PEER_REQUIREMENT}: {error}; no Starlette column)")
        shutil.rmtree(staging, ignore_errors=True)
        return None
    return target


class _MultipartPeer:
    """One implementation timed in its own process (benchmarks/_multipart_peer.py)."""

    def __init__(self, kind: str, *args: str) -> None:
        import os
        import subprocess

        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_multipart_peer.py")
        self.kind = kind
        self._process = subprocess.Popen(
            [sys.executable, script, kind, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        ready = self._readline()
        if not ready.startswith("ready "):
            raise RuntimeError(f"multipart peer {kind!r} did not start: {ready!r}")
        self.label = ready.removeprefix("ready ").strip()

    def _readline(self) -> str:
        assert self._process.stdout is not None
        return self._process.stdout.readline()

    def run(self) -> tuple[float, float]:
        """One parse: (seconds, peak RSS growth in MiB during it)."""
        assert self._process.stdin is not None
        self._process.stdin.write("run\n")
        self._process.stdin.flush()
        line = self._readline()
        if not line:
            raise RuntimeError(f"multipart peer {self.kind!r} exited (code {self._process.wait()})")
        seconds, rss = line.split()
        return float(seconds), float(rss)

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)


def bench_multipart() -> list[Row]:
    """`await request.form_data()` of a 10 MiB upload in 64 KiB chunks vs the `multipart`
    package's MultipartParser and Starlette's `request.form()`: each in its own process,
    in interleaved rounds (the order rotating), reported as medians and bests. webstd
    runs twice: its body an async iterator of chunks ("iter", as all three server
    adapters, ASGI, h11 and WSGI, hand it over) and a ReadableStream ("stream", a Request
    made over a stream, or whose `.body` the handler touched first)."""
    import statistics

    kinds: list[tuple[str, tuple[str, ...]]] = [
        ("webstd", ()),
        ("webstd-iter", ()),
        ("multipart", ()),
    ]
    site_dir = _multipart_site_dir()
    if site_dir is not None:
        kinds.append(("starlette", (site_dir,)))
    peers: list[_MultipartPeer] = []
    try:
        for kind, args in kinds:
            peers.append(_MultipartPeer(kind, *args))
            print(f"({peers[-1].label})")
        rss = {peer.kind: peer.run()[1] for peer in peers}  # a warm-up round each
        times: dict[str, list[float]] = {peer.kind: [] for peer in peers}
        for round_number in range(MULTIPART_ROUNDS):
            shift = round_number % len(peers)
            for peer in peers[shift:] + peers[:shift]:
                seconds, growth = peer.run()
                times[peer.kind].append(seconds)
                rss[peer.kind] = max(rss[peer.kind], growth)
    finally:
        for peer in peers:
            peer.close()

    def speed(seconds: float) -> str:
        return f"{MULTIPART_TOTAL / seconds / 1e9:.2f}"

    def ratio(other: str, variant: str) -> float:
        # The median of each round's ratio: a busy spell slows a whole round alike.
        pairs = zip(times[other], times[variant], strict=True)
        return statistics.median(theirs / ours for theirs, ours in pairs)

    median = {kind: statistics.median(values) for kind, values in times.items()}
    best = {kind: min(values) for kind, values in times.items()}
    print(
        f"\nmultipart 10 MiB upload, {MULTIPART_ROUNDS} interleaved rounds, each implementation "
        "in its own process: GB/s median (best), most peak RSS growth in one parse"
    )
    for kind in times:
        print(
            f"  {kind:<12} {speed(median[kind]):>5} ({speed(best[kind])}) GB/s"
            f"   RSS +{rss[kind]:.1f} MiB"
        )
    print("  webstd is, median of the per-round ratios (targets: >= 0.9x multipart, >= 3x")
    print("  Starlette, RSS growth < 16 MiB):")
    for variant in ("webstd-iter", "webstd"):
        checks = [f"RSS +{rss[variant]:.1f} MiB {'met' if rss[variant] < 16 else 'MISSED'}"]
        for other, target in (("multipart", 0.9), ("starlette", 3.0)):
            if other in times:
                value = ratio(other, variant)
                verdict = "met" if value >= target else "MISSED"
                checks.append(f"{value:.2f}x {other} {verdict}")
        print(f"    {variant:<12} " + "; ".join(checks))
    rows: list[Row] = []
    for variant, body in (("webstd-iter", "iter body"), ("webstd", "stream body")):
        for title, figures in (("median", median), ("best", best)):
            row: dict[str, float | None] = {
                kind: seconds * 1e6 for kind, seconds in figures.items() if "webstd" not in kind
            }
            row["webstd"] = figures[variant] * 1e6
            rows.append((f"10 MiB, {body}, {title}", row))
    return rows


HEADERS_NOTE = """
Not the same work on every side: webstd validates every name and value (Fetch §2.2:
token names, no NUL/CR/LF, values trimmed) and iterates sorted by name with repeated
names combined (Fetch §2.2 "sort and combine"); Starlette validates nothing and iterates
in list order; Werkzeug checks values for newlines; multidict and Node are C/C++.
webstd remembers names and short values it has validated (bounded caches): the rows with
"unseen values" take a fresh header set each time, without that memory."""

REQUEST_RESPONSE_NOTE = """
Each side builds the request as its server adapter would and reads its JSON body.
"iter body" is what webstd's adapters (ASGI, WSGI, h11) hand over: an async iterator of
chunks. "stream body" instead gives webstd a ReadableStream over a pull source made per
request (its making and its pull promises are timed: the Streams machinery's cost, as a
handler's own stream would pay it). The head is the status and header pairs with
Content-Length (webstd: `_raw()` plus the body length; the others set it themselves).
Werkzeug is WSGI: its request reads a copied environ and a BytesIO, synchronously."""


def main() -> None:
    peers = ["starlette", "werkzeug", "httpx", "multidict", "node"]
    rows = bench_headers()
    node = node_headers_figures()
    for operation, figures in rows:
        figures["node"] = node.get(operation)
    print_table("Headers", rows, "webstd", peers)
    print(HEADERS_NOTE, flush=True)
    rows = bench_request_response()
    if rows:
        print_table("Request / Response", rows, "webstd", ["starlette", "werkzeug"])
        print(REQUEST_RESPONSE_NOTE, flush=True)
    rows = bench_multipart()
    if rows:
        print_table("multipart form_data()", rows, "webstd", ["multipart", "starlette"])


if __name__ == "__main__":
    main()
