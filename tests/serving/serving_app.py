"""The handler every serving test runs, served every way webstd can be served.

Paths:
  /                 "Hello world!"
  /cookies          two Set-Cookie headers
  /big              256 KiB of known bytes
  /url              the request URL and its search params as JSON
  /upload           reads the body as a stream; JSON with the byte count and peak RSS (KiB)
  /rss              JSON with the peak RSS (KiB) so far
  /stream?marker=P  a first chunk, then waits for file P to exist, then a last chunk
  /forever?marker=P chunks every 20 ms until cancelled; writes P.cancel and P.signal
  /hang?marker=P    waits (10 s at most) for request.signal to abort; writes P.signal
  /status/N         an empty response with status N
  /slow-reader      reads the body slowly (1.5 s per chunk) and echoes it
  /form             form_data() with at most 2 parts (more: a limit error, answered 413)
  /error            raises an exception whose text must not leak
  /sync             the same hello from a plain `def` handler path
  /crlf?v=V         a header, and a redirect, built from V (CR/LF in V must never reach the wire)
  /framing?h=N&v=V  "abc" with the framing header N (content-length or transfer-encoding) set to V
Under /mounted/... the same paths answer (the mount tests).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
from collections.abc import AsyncIterator

from webstd import URL, ReadableStream, Request, Response
from webstd.adapters.asgi import to_asgi
from webstd.adapters.wsgi import to_wsgi

BIG = b"b" * (256 * 1024)


def _peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def _wait_for_file(path: str, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.01)):
        if os.path.exists(path):
            return
        await asyncio.sleep(0.01)


class _Forever:
    """A response source that never ends; its cancel writes a marker file."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    async def pull(self, controller: object) -> None:
        await asyncio.sleep(0.02)
        controller.enqueue(b"x" * 1024)  # type: ignore[attr-defined]

    def cancel(self, reason: object) -> None:
        with open(self.marker + ".cancel", "w") as file:
            file.write(repr(reason))


async def handler(request: Request) -> Response:
    url = URL(request.url)
    path = url.pathname.removeprefix("/mounted")  # the mount tests serve it under /mounted
    if path == "/":
        return Response("Hello world!")
    if path == "/cookies":
        response = Response("two cookies")
        response.headers.append("set-cookie", "a=1; Path=/")
        response.headers.append("set-cookie", "b=2; Path=/")
        return response
    if path == "/url":
        return Response.json(
            {"url": request.url, "search": url.search, "params": list(url.search_params)}
        )
    if path == "/big":
        return Response(BIG)
    if path == "/pid":
        return Response(str(os.getpid()))
    if path == "/rss":
        return Response.json({"max_rss_kib": _peak_rss_kib()})
    if path == "/upload":
        received = 0
        assert request.body is not None
        async for chunk in request.body:
            received += len(chunk)
        return Response.json({"received": received, "max_rss_kib": _peak_rss_kib()})
    if path == "/stream":
        marker = url.search_params.get("marker") or ""

        async def chunks() -> AsyncIterator[bytes]:
            yield b"a" * 65536
            await _wait_for_file(marker)
            yield b"last" if os.path.exists(marker) else b"timeout"

        return Response(ReadableStream.from_(chunks()), headers={"content-type": "text/plain"})
    if path == "/late-first":  # the first chunk waits: the head must not wait with it
        marker = url.search_params.get("marker") or ""

        async def late() -> AsyncIterator[bytes]:
            await _wait_for_file(marker)
            yield b"first"
            for _ in range(40):  # then 2.5 MiB ready at once, sent in batches
                yield b"b" * 65536

        return Response(ReadableStream.from_(late()), headers={"content-type": "text/plain"})
    if path == "/forever":
        marker = url.search_params.get("marker") or ""

        def on_abort(event: object) -> None:
            with open(marker + ".signal", "w") as file:
                file.write("aborted")

        request.signal.add_event_listener("abort", on_abort)
        return Response(ReadableStream(_Forever(marker)), headers={"content-type": "text/plain"})
    if path == "/hang":  # waits for request.signal: the client going away must abort it
        marker = url.search_params.get("marker") or ""
        gone = asyncio.Event()

        def on_gone(event: object) -> None:
            with open(marker + ".signal", "w") as file:
                file.write("aborted")
            gone.set()

        request.signal.add_event_listener("abort", on_gone)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(gone.wait(), 10)
        return Response("the client stayed")
    if path.startswith("/status/"):
        return Response(None, status=int(path.rsplit("/", 1)[1]))
    if path == "/slow-reader":  # 1.5 s of work per chunk: longer than the strict body timeout
        received = b""
        assert request.body is not None
        async for chunk in request.body:
            received += chunk
            await asyncio.sleep(1.5)
        return Response(received)
    if path == "/form":
        form = await request.form_data(max_parts=2)
        return Response.json(sorted(form.keys()))
    if path == "/error":
        raise RuntimeError("secret detail that must not leak")
    if path == "/sync":
        return await asyncio.to_thread(sync_handler, request)
    if path == "/crlf":  # a handler passing client input on into its response head
        value = url.search_params.get("v") or ""
        if url.search_params.get("as") == "redirect":
            return Response.redirect("http://a.example/" + value)
        return Response("echo", headers={"x-echo": value})
    if path == "/framing":  # a handler's own framing header, wrong for its body
        name = url.search_params.get("h") or "content-length"
        return Response("abc", headers={name: url.search_params.get("v") or ""})
    return Response("not found", status=404)


def sync_handler(request: Request) -> Response:
    return Response("Hello from a thread!")


asgi_app = to_asgi(handler)
wsgi_app = to_wsgi(handler)
