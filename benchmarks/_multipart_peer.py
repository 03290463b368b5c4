"""One implementation of the multipart benchmark, timed in a process of its own.

Run by `fetch_objects_bench.bench_multipart()`, not by hand:

    python benchmarks/_multipart_peer.py webstd|webstd-iter|multipart|starlette [SITE_DIR]

Each implementation gets its own interpreter so that its peak RSS growth is its
own and so that Starlette can use `python-multipart`, which cannot be installed
next to the `multipart` package (it ships a `multipart` shim that shadows it):
for `starlette`, SITE_DIR (a `pip install --target` directory holding
python-multipart) is put first on sys.path. The process prints one `ready ...`
line, then answers each `run` line on stdin with `<seconds> <peak RSS growth MiB>`
for one parse of the 10 MiB upload (peak RSS reset before each, on Linux); EOF ends it.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import resource
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import fetch_objects_bench as bench


def _status_mib(field: str) -> float | None:
    """VmRSS (now) or VmHWM (peak) from /proc/self/status, in MiB; None off Linux."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _measure_peak() -> tuple[str, float]:
    """Start measuring peak RSS growth: (how, the RSS it grows from)."""
    try:  # Linux: reset this process's peak RSS (VmHWM) to its current RSS
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        now = _status_mib("VmRSS")
        if now is not None:
            return "VmHWM", now
    except OSError:
        pass
    # Elsewhere ru_maxrss: a high-water mark that may include what the parent process
    # had when it forked us, so growth can read low.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return "ru_maxrss", peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def _peak_growth(how: str, start: float) -> float:
    if how == "VmHWM":
        return (_status_mib("VmHWM") or start) - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)) - start


def _content_type() -> bytes:
    return f"multipart/form-data; boundary={bench.MULTIPART_BOUNDARY}".encode()


async def _async_chunks() -> AsyncIterator[bytes]:
    for chunk in bench._multipart_chunks():
        yield chunk


def webstd_case(body: str) -> tuple[str, Callable[[], Awaitable[None]]]:
    """`await request.form_data()` on a Request built the way a server adapter does: the
    body an async iterator of chunks (`iter`: what the ASGI, h11 and WSGI adapters hand
    over) or a ReadableStream (`stream`: a Request made over a stream)."""
    import webstd
    from webstd import File, Request
    from webstd.streams.readable import ReadableStream

    raw_headers = [
        (b"content-type", _content_type()),
        (b"content-length", str(bench.MULTIPART_TOTAL).encode()),
    ]

    async def run() -> None:
        request = Request._from_server(
            "POST",
            "http://localhost/upload",
            raw_headers,
            ReadableStream.from_(bench._multipart_chunks())
            if body == "stream"
            else _async_chunks(),
            None,
        )
        form = await request.form_data()
        upload = form.get("upload")
        assert isinstance(upload, File) and upload.size == bench.MULTIPART_FILE_SIZE
        assert form.get("field4") == "value number 4"

    return f"webstd ({body} body) {os.path.dirname(webstd.__file__)}", run


def multipart_case() -> tuple[str, Callable[[], Awaitable[None]]]:
    """The `multipart` package's own `MultipartParser`, spooling the file part to disk."""
    import multipart

    class Reader:
        def __init__(self) -> None:
            self._chunks = bench._multipart_chunks()

        def read(self, size: int = -1) -> bytes:
            return next(self._chunks, b"")

    async def run() -> None:
        parser = multipart.MultipartParser(
            Reader(),
            bench.MULTIPART_BOUNDARY,
            content_length=bench.MULTIPART_TOTAL,
            buffer_size=bench.MULTIPART_CHUNK,
        )
        parts = parser.parts()
        assert parts[-1].size == bench.MULTIPART_FILE_SIZE and not parts[-1].is_buffered()
        for part in parts:
            part.close()

    assert "python_multipart" not in sys.modules
    return f"multipart {multipart.__version__} {multipart.__file__}", run


def starlette_case(site_dir: str) -> tuple[str, Callable[[], Awaitable[None]]]:
    """Starlette's `await request.form()` with python-multipart from `site_dir`."""
    sys.path.insert(0, site_dir)
    python_multipart = importlib.import_module("python_multipart")  # no stubs in the venv
    import starlette
    import starlette.formparsers
    from starlette.requests import Request

    parser_module = vars(starlette.formparsers)["multipart"]
    assert parser_module is python_multipart, f"Starlette parses with {parser_module!r}"
    assert python_multipart.__file__ and python_multipart.__file__.startswith(site_dir)
    shadow = sys.modules.get("multipart")
    assert shadow is None or str(shadow.__file__).startswith(site_dir), shadow
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/upload",
        "query_string": b"",
        "headers": [
            (b"content-type", _content_type()),
            (b"content-length", str(bench.MULTIPART_TOTAL).encode()),
        ],
    }

    async def run() -> None:
        chunks = bench._multipart_chunks()

        async def receive() -> dict[str, Any]:
            chunk = next(chunks, None)
            if chunk is None:
                return {"type": "http.request", "body": b"", "more_body": False}
            return {"type": "http.request", "body": chunk, "more_body": True}

        form = await Request(scope, receive).form(max_part_size=bench.MULTIPART_TOTAL)
        upload: Any = form["upload"]
        assert upload.size == bench.MULTIPART_FILE_SIZE and upload._in_memory is False
        assert form["field4"] == "value number 4"
        await form.close()

    return (
        f"starlette {starlette.__version__} + python-multipart {python_multipart.__version__}"
        f" {python_multipart.__file__}",
        run,
    )


def main() -> None:
    kind = sys.argv[1]
    if kind in ("webstd", "webstd-iter"):
        label, run = webstd_case("stream" if kind == "webstd" else "iter")
    elif kind == "multipart":
        label, run = multipart_case()
    elif kind == "starlette":
        label, run = starlette_case(sys.argv[2])
    else:
        raise SystemExit(f"unknown implementation {kind!r}")

    async def serve() -> None:
        print(f"ready {label}", flush=True)
        for line in sys.stdin:
            if line.strip() != "run":
                break
            how, rss = _measure_peak()
            start = time.perf_counter()
            await run()
            elapsed = time.perf_counter() - start
            print(f"{elapsed:.9f} {_peak_growth(how, rss):.2f}", flush=True)

    asyncio.run(serve())


if __name__ == "__main__":
    main()
