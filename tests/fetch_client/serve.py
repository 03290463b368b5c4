"""Run a test server on an ephemeral 127.0.0.1 port and print `PORT <n>` once it listens.

    python serve.py uvicorn [--certfile F --keyfile K]    the ASGI app of asgi_app.py
    python serve.py webstd MODULE:ATTR                      a webstd handler on our h11 server
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
    config = uvicorn.Config(
        app, http="httptools", log_level="critical", lifespan="off", access_log=False, **options
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


if __name__ == "__main__":
    kind, rest = sys.argv[1], sys.argv[2:]
    {"uvicorn": run_uvicorn, "webstd": run_webstd}[kind](rest)
