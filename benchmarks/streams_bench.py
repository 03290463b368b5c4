"""Streams throughput: 1 GiB in 64 KiB chunks, side by side.

Variants, each in its own subprocess so peak RSS is clean:
- webstd: ReadableStream.from_(gen) -> pipe_through(TransformStream()) -> async for
- asyncio.Queue(maxsize=1): the simplest producer/consumer hand-off with backpressure
- node: the same pipeline on Node's web streams (benchmarks/streams_bench.mjs)

Usage: python benchmarks/streams_bench.py [total_bytes] [chunk_bytes] [repeats]
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def _chunks(total: int, chunk_size: int):  # type: ignore[no-untyped-def]
    chunk = bytes(chunk_size)
    for _ in range(total // chunk_size):
        yield chunk


async def _run_webstd(total: int, chunk_size: int) -> int:
    from webstd.streams import ReadableStream, TransformStream

    received = 0
    stream = ReadableStream.from_(_chunks(total, chunk_size)).pipe_through(TransformStream())
    async for chunk in stream:
        received += len(chunk)
    return received


async def _run_queue(total: int, chunk_size: int) -> int:
    queue: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=1)

    async def produce() -> None:
        for chunk in _chunks(total, chunk_size):
            await queue.put(chunk)
        await queue.put(None)

    producer = asyncio.ensure_future(produce())
    received = 0
    while (chunk := await queue.get()) is not None:
        received += len(chunk)
    await producer
    return received


def _child(variant: str, total: int, chunk_size: int) -> None:
    run = {"webstd": _run_webstd, "queue": _run_queue}[variant]
    start = time.perf_counter()
    received = asyncio.run(run(total, chunk_size))
    seconds = time.perf_counter() - start
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "bytes": received, "peak_rss": peak_rss}))


def _measure(variant: str, total: int, chunk_size: int) -> dict[str, float] | None:
    if variant == "node":
        node = shutil.which("node")
        if node is None:
            return None
        command = [node, os.path.join(HERE, "streams_bench.mjs"), str(total), str(chunk_size)]
    else:
        command = [sys.executable, __file__, "--child", variant, str(total), str(chunk_size)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    if result["bytes"] != total // chunk_size * chunk_size:
        raise RuntimeError(f"{variant} moved {result['bytes']} bytes")
    return result


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 2**30
    chunk_size = int(sys.argv[2]) if len(sys.argv) > 2 else 65536
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    rows = {}
    for variant in ("webstd", "queue", "node"):
        runs = [_measure(variant, total, chunk_size) for _ in range(repeats)]
        if runs[0] is None:
            continue
        best = min(runs, key=lambda r: r["seconds"])  # type: ignore[union-attr,return-value]
        assert best is not None
        rows[variant] = (total / best["seconds"] / 1e6, max(r["peak_rss"] for r in runs) / 2**20)  # type: ignore[index]
    print(f"{total / 2**20:.0f} MiB in {chunk_size // 1024} KiB chunks, best of {repeats}")
    print(f"{'variant':<34} {'MB/s':>9} {'vs queue':>9} {'vs node':>8} {'peak RSS':>10}")
    labels = {
        "webstd": "webstd from_->pipe_through->iter",
        "queue": "asyncio.Queue(maxsize=1)",
        "node": "node web streams",
    }
    for variant, (rate, rss) in rows.items():
        vs_queue = rate / rows["queue"][0] if "queue" in rows else float("nan")
        vs_node = rate / rows["node"][0] if "node" in rows else float("nan")
        print(f"{labels[variant]:<34} {rate:>9.0f} {vs_queue:>8.2f}x {vs_node:>7.2f}x {rss:>7.1f} MiB")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        main()
