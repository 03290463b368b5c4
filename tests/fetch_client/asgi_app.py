"""The test backend for fetch(): a raw ASGI app (no framework) run by uvicorn in a subprocess.

Routes (all under 127.0.0.1):
  /json                     a small JSON body
  /echo                     JSON of the request: method, target, headers, body length
  /connections              JSON list of the client ports seen (one per TCP connection)
  /redirect/<status>?to=U   a redirect with `Location: U` (U may be relative)
  /chain/<n>?status=S       n more redirects (status S) before /echo
  /loop                     redirects to itself forever
  /bytes?n=N&chunk=C        N bytes of b"x", streamed in chunks of C (default 64 KiB)
  /upload                   counts the request body without keeping it; JSON {"received": n}
  /gzip, /deflate, /deflate-raw, /gzip-deflate   an encoded text body
  /slow-head?delay=S        waits S seconds before answering
  /slow-body?delay=S        sends "first", waits S seconds, sends "second"
  /truncated                declares Content-Length 100000, sends 10 bytes, then closes
  /status/<code>            an empty response with that status
"""

from __future__ import annotations

import asyncio
import gzip
import json
import zlib
from typing import Any
from urllib.parse import parse_qs

TEXT = b"The quick brown fox jumps over the lazy dog. " * 200
CLIENT_PORTS: list[int] = []


def _query(scope: dict[str, Any]) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(scope["query_string"].decode()).items()}


async def _send(send: Any, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    # A Content-Length (not chunked) body goes out in one write: no Nagle/delayed-ACK stall.
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Any) -> int:
    total = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return total
        total += len(message.get("body", b""))
        if not message.get("more_body"):
            return total


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    client = scope.get("client")
    if client and client[1] not in CLIENT_PORTS:
        CLIENT_PORTS.append(client[1])
    path: str = scope["path"]
    query = _query(scope)
    json_type = [(b"content-type", b"application/json")]
    if path == "/json":
        await _send(send, 200, b'{"hello":"world","n":1}', json_type)
    elif path == "/echo":
        length = await _read_body(receive)
        target = scope["path"] + (
            "?" + scope["query_string"].decode() if scope["query_string"] else ""
        )
        data = {
            "method": scope["method"],
            "target": target,
            "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in scope["headers"]],
            "body_length": length,
        }
        await _send(send, 200, json.dumps(data).encode(), json_type)
    elif path == "/connections":
        await _send(send, 200, json.dumps(CLIENT_PORTS).encode(), json_type)
    elif path.startswith("/redirect/"):
        await _read_body(receive)
        status = int(path.rsplit("/", 1)[1])
        headers = [(b"content-type", b"text/plain")]
        if "to" in query:
            headers.append((b"location", query["to"].encode()))
        await _send(send, status, b"redirecting", headers)
    elif path.startswith("/chain/"):
        await _read_body(receive)
        n = int(path.rsplit("/", 1)[1])
        status = query.get("status", "302")
        to = f"/chain/{n - 1}?status={status}" if n > 1 else "/echo"
        await _send(send, int(status), b"", [(b"location", to.encode())])
    elif path == "/loop":
        await _send(send, 302, b"", [(b"location", b"/loop")])
    elif path == "/bytes":
        n = int(query.get("n", "0"))
        chunk = int(query.get("chunk", str(64 * 1024)))
        block = b"x" * chunk
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-length", str(n).encode())],
            }
        )
        while n > 0:
            piece = block if n >= chunk else block[:n]
            n -= len(piece)
            await send({"type": "http.response.body", "body": piece, "more_body": n > 0})
        if int(query.get("n", "0")) == 0:
            await send({"type": "http.response.body", "body": b""})
    elif path == "/upload":
        received = await _read_body(receive)
        await _send(send, 200, json.dumps({"received": received}).encode(), json_type)
    elif path in ("/gzip", "/deflate", "/deflate-raw", "/gzip-deflate"):
        if path == "/gzip":
            body, coding = gzip.compress(TEXT), b"gzip"
        elif path == "/deflate":
            body, coding = zlib.compress(TEXT), b"deflate"
        elif path == "/deflate-raw":
            compressor = zlib.compressobj(wbits=-15)
            body, coding = compressor.compress(TEXT) + compressor.flush(), b"deflate"
        else:
            body, coding = zlib.compress(gzip.compress(TEXT)), b"gzip, deflate"
        await _send(
            send, 200, body, [(b"content-encoding", coding), (b"content-type", b"text/plain")]
        )
    elif path == "/slow-head":
        await asyncio.sleep(float(query.get("delay", "5")))
        await _send(send, 200, b"late", [])
    elif path == "/slow-body":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"first", "more_body": True})
        await asyncio.sleep(float(query.get("delay", "5")))
        await send({"type": "http.response.body", "body": b"second"})
    elif path == "/truncated":
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-length", b"100000")],
            }
        )
        await send({"type": "http.response.body", "body": b"0123456789", "more_body": True})
        raise RuntimeError("closing mid-body on purpose")
    elif path.startswith("/status/"):
        await _read_body(receive)
        await _send(send, int(path.rsplit("/", 1)[1]), b"", [])
    else:
        await _send(send, 404, b"not found", [])
