"""Run a test server on an ephemeral 127.0.0.1 port and print `PORT <n>` once it listens.

python serve.py uvicorn [--certfile F --keyfile K] [--keep-alive S]   the ASGI app of asgi_app.py
python serve.py webstd MODULE:ATTR                      a webstd handler on our h11 server
python serve.py raw                                     broken HTTP answers, by path
"""

from __future__ import annotations

import asyncio
import importlib
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def _listen() -> socket.socket:
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets whose proto says TCP.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    return sock


def _announce(sock: socket.socket) -> None:
    print(f"PORT {sock.getsockname()[1]}", flush=True)


def run_uvicorn(args: list[str]) -> None:
    import uvicorn
    from asgi_app import app

    options: dict[str, str] = {}
    if "--certfile" in args:
        options["ssl_certfile"] = args[args.index("--certfile") + 1]
        options["ssl_keyfile"] = args[args.index("--keyfile") + 1]
    keep_alive = float(args[args.index("--keep-alive") + 1]) if "--keep-alive" in args else 5.0
    config = uvicorn.Config(
        app,
        http="httptools",
        log_level="critical",
        lifespan="off",
        access_log=False,
        timeout_keep_alive=keep_alive,  # type: ignore[arg-type]
        **options,
    )
    server = uvicorn.Server(config)
    sock = _listen()
    _announce(sock)
    asyncio.run(server.serve(sockets=[sock]))


def run_webstd(args: list[str]) -> None:
    from webstd.adapters import h11 as h11_adapter

    module_name, _, attr = args[0].partition(":")
    handler = getattr(importlib.import_module(module_name), attr)

    def on_listen(host: str, port: int) -> None:
        print(f"PORT {port}", flush=True)

    h11_adapter.serve(handler, "127.0.0.1", 0, access_log=False, on_listen=on_listen)


# Misbehaving answers of the raw server, by request path.
_RAW_ANSWERS = {
    "/malformed": b"HTTP/1.1 abc OK\r\n\r\n",
    "/garbage": b"hello, this is not HTTP\r\n\r\n",
    "/close": b"",
    "/reset": b"",
    "/head-then-close": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial",
    "/chunked-then-close": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
    "/bad-gzip": b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 9\r\n\r\nnot gzip!",
    "/two-locations": (
        b"HTTP/1.1 302 Found\r\nLocation: /a\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n"
    ),
    "/huge-head": b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n",
    "/http10": b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the connection closes",
    "/continue": (
        b"HTTP/1.1 100 Continue\r\n\r\n"
        b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
        b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"
    ),
    "/cl-and-te": (
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\nabc\r\n0\r\n\r\n"
    ),
    "/bad-content-length": b"HTTP/1.1 200 OK\r\nContent-Length: 3, 4\r\n\r\nabc",
    "/reason": b"HTTP/1.1 299 Custom Reason \xe9\r\nContent-Length: 0\r\n\r\n",
    "/then-garbage": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    "/overflow": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
    "/overflow-fast": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA",
}


async def _raw_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer one request with a broken response (or none: anything else hangs)."""
    try:
        line = await reader.readline()
    except ConnectionError:
        return
    parts = line.split()
    path = parts[1].decode("latin-1") if len(parts) > 1 else ""
    answer = _RAW_ANSWERS.get(path)
    if answer is None:
        await asyncio.sleep(3600)  # /hang, or a TLS ClientHello: never answer
        return
    if path == "/reset":
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        writer.transport.abort()
        return
    await reader.read(0)
    writer.write(answer)
    await writer.drain()
    if path == "/overflow":
        await asyncio.sleep(0.1)  # the head alone first, so the body is read in raw mode
        writer.write(b"hello, and bytes beyond the Content-Length")
        await writer.drain()
        await asyncio.sleep(30)
    if path == "/then-garbage":
        await asyncio.sleep(0.1)
        writer.write(b"unsolicited bytes on an idle connection")
        await asyncio.sleep(30)
    writer.close()


def run_raw(args: list[str]) -> None:
    sock = _listen()
    _announce(sock)

    async def main() -> None:
        server = await asyncio.start_server(_raw_connection, sock=sock)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


if __name__ == "__main__":
    kind, rest = sys.argv[1], sys.argv[2:]
    {"uvicorn": run_uvicorn, "webstd": run_webstd, "raw": run_raw}[kind](rest)
