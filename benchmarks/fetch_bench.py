"""fetch(): webstd vs httpx.AsyncClient, aiohttp.ClientSession and Node's fetch (undici), in one run.

One uvicorn + httptools server (started here, stopped by PID) serves a small JSON body
and a streamed download. Each client runs in its own process (so its peak RSS is its
own) and does:

  - 1,000 sequential GETs of the JSON body (keep-alive),
  - 1,000 GETs at concurrency 50,
  - one download of `--mib` MiB (default 1024), read chunk by chunk.

The table shows requests per second, MB/s, the client's peak RSS, and webstd's ratios
to each peer (the issue's targets: >= 1.3x httpx and >= 0.8x aiohttp req/s, >= httpx
MB/s, peak RSS < 64 MiB). Rounds are interleaved; the median round is shown.

    python benchmarks/fetch_bench.py [--requests 1000] [--mib 1024] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
CONCURRENCY = 50
JSON_BODY = b'{"id":1,"name":"webstd","tags":["a","b","c"],"ok":true}'
CHUNK = 256 * 1024


# -- the server ------------------------------------------------------------------------


async def _app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    if scope["path"] == "/bytes":
        total = int(scope["query_string"].decode().partition("=")[2] or 0)
        block = b"x" * CHUNK
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-length", str(total).encode())],
            }
        )
        while total > 0:
            piece = block if total >= CHUNK else block[:total]
            total -= len(piece)
            await send({"type": "http.response.body", "body": piece, "more_body": total > 0})
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(JSON_BODY)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": JSON_BODY})


def run_server() -> None:
    import uvicorn

    # IPPROTO_TCP so that asyncio turns Nagle off on accepted sockets.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(
        _app, http="httptools", log_level="critical", lifespan="off", access_log=False
    )
    asyncio.run(uvicorn.Server(config).serve(sockets=[sock]))


# -- the clients (each in its own process) ---------------------------------------------


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _measure(
    get_json: Any, download: Any, base: str, requests: int, mib: int
) -> dict[str, float]:
    for _ in range(50):  # warm-up: connections, imports, caches
        await get_json(base + "/json")
    started = time.perf_counter()
    for _ in range(requests):
        await get_json(base + "/json")
    sequential = requests / (time.perf_counter() - started)

    semaphore = asyncio.Semaphore(CONCURRENCY)

    async def one() -> None:
        async with semaphore:
            await get_json(base + "/json")

    started = time.perf_counter()
    await asyncio.gather(*[one() for _ in range(requests)])
    concurrent = requests / (time.perf_counter() - started)

    size = mib * 1024 * 1024
    started = time.perf_counter()
    received = await download(f"{base}/bytes?n={size}")
    elapsed = time.perf_counter() - started
    assert received == size, (received, size)
    return {
        "seq_rps": sequential,
        "conc_rps": concurrent,
        "mb_s": size / elapsed / 1e6,
        "rss_mib": _peak_rss_mib(),
    }


async def _client_webstd(base: str, requests: int, mib: int) -> dict[str, float]:
    from webstd import fetch

    async def get_json(url: str) -> Any:
        return await (await fetch(url)).json()

    async def download(url: str) -> int:
        response = await fetch(url)
        assert response.body is not None
        total = 0
        async for chunk in response.body:
            total += len(chunk)
        return total

    return await _measure(get_json, download, base, requests, mib)


async def _client_httpx(base: str, requests: int, mib: int) -> dict[str, float]:
    import httpx

    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(limits=limits) as client:

        async def get_json(url: str) -> Any:
            return (await client.get(url)).json()

        async def download(url: str) -> int:
            total = 0
            async with client.stream("GET", url) as response:
                async for chunk in response.aiter_bytes():
                    total += len(chunk)
            return total

        return await _measure(get_json, download, base, requests, mib)


async def _client_aiohttp(base: str, requests: int, mib: int) -> dict[str, float]:
    import aiohttp

    async with aiohttp.ClientSession() as session:

        async def get_json(url: str) -> Any:
            async with session.get(url) as response:
                return await response.json()

        async def download(url: str) -> int:
            total = 0
            async with session.get(url) as response:
                async for chunk in response.content.iter_any():
                    total += len(chunk)
            return total

        return await _measure(get_json, download, base, requests, mib)


CLIENTS = {"webstd": _client_webstd, "httpx": _client_httpx, "aiohttp": _client_aiohttp}


def run_client(name: str, base: str, requests: int, mib: int) -> None:
    result = asyncio.run(CLIENTS[name](base, requests, mib))
    print(json.dumps(result))


# -- the driver ------------------------------------------------------------------------


def _start_server() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("PORT "):
        process.kill()
        raise SystemExit(f"the benchmark server did not start: {line!r}")
    return process, f"http://127.0.0.1:{line.split()[1]}"


def _run_one(name: str, base: str, requests: int, mib: int) -> dict[str, float] | None:
    if name == "node":
        if shutil.which("node") is None:
            return None
        command = ["node", os.path.join(HERE, "fetch_bench.mjs"), base, str(requests), str(mib)]
    else:
        command = [sys.executable, __file__, "--client", name, base, str(requests), str(mib)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        print(f"{name} failed:\n{done.stderr}", file=sys.stderr)
        return None
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", default="webstd,httpx,aiohttp,node")
    args = parser.parse_args()
    names = args.clients.split(",")
    server, base = _start_server()
    results: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    try:
        for _ in range(args.rounds):
            for name in names:
                result = _run_one(name, base, args.requests, args.mib)
                if result is not None:
                    results[name].append(result)
    finally:
        server.terminate()
        server.wait(timeout=10)
    _print_table(results, args)


def _median(rounds: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rounds)


def _print_table(results: dict[str, list[dict[str, float]]], args: argparse.Namespace) -> None:
    print(
        f"\nfetch(): {args.requests} sequential GETs, {args.requests} at concurrency {CONCURRENCY}, "
        f"one {args.mib} MiB download; uvicorn+httptools; median of {args.rounds} rounds\n"
    )
    header = f"{'client':<10}{'seq req/s':>12}{'conc req/s':>12}{'MB/s':>10}{'peak RSS MiB':>14}"
    print(header)
    print("-" * len(header))
    medians: dict[str, dict[str, float]] = {}
    for name, rounds in results.items():
        if not rounds:
            print(f"{name:<10}{'(not run)':>12}")
            continue
        m = {key: _median(rounds, key) for key in ("seq_rps", "conc_rps", "mb_s", "rss_mib")}
        medians[name] = m
        print(
            f"{name:<10}{m['seq_rps']:>12.0f}{m['conc_rps']:>12.0f}"
            f"{m['mb_s']:>10.0f}{m['rss_mib']:>14.1f}"
        )
    ours = medians.get("webstd")
    if ours is None:
        return
    print("\nwebstd / peer")
    print(f"{'peer':<10}{'seq req/s':>12}{'conc req/s':>12}{'MB/s':>10}{'RSS':>14}")
    for name, m in medians.items():
        if name == "webstd":
            continue
        print(
            f"{name:<10}{ours['seq_rps'] / m['seq_rps']:>11.2f}x{ours['conc_rps'] / m['conc_rps']:>11.2f}x"
            f"{ours['mb_s'] / m['mb_s']:>9.2f}x{ours['rss_mib'] / m['rss_mib']:>13.2f}x"
        )
    print(
        "\ntargets: req/s >= 1.3x httpx and >= 0.8x aiohttp; MB/s >= 1.0x httpx; "
        "webstd peak RSS < 64 MiB"
    )


if __name__ == "__main__":
    if "--serve" in sys.argv:
        run_server()
    elif "--client" in sys.argv:
        i = sys.argv.index("--client")
        name, base, requests, mib = sys.argv[i + 1 : i + 5]
        run_client(name, base, int(requests), int(mib))
    else:
        main()
