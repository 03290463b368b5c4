"""Streams throughput: 1 GiB in 64 KiB chunks, side by side.

Variants, each run in its own subprocess so that peak RSS is clean:

- webstd: ``ReadableStream.from_(gen) -> pipe_through(TransformStream()) -> async for``
- queue: the simplest Python producer/consumer with backpressure, an
  ``asyncio.Queue(maxsize=1)`` hand-off of the same chunks
- node: the same pipeline on Node's web streams (``benchmarks/streams_bench.mjs``)

Runs are interleaved (webstd, queue, node, webstd, ...) and the best of each is
kept, so a busy machine hurts every variant alike. MB/s is reported against wall
time and against CPU time (user + sys of the process), the latter being the
steadier figure on a shared machine.

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
from collections.abc import Iterator

HERE = os.path.dirname(os.path.abspath(__file__))
VARIANTS = ("webstd", "queue", "node")
LABELS = {
    "webstd": "webstd from_->pipe_through->iter",
    "queue": "asyncio.Queue(maxsize=1) hand-off",
    "node": "node web streams, same pipeline",
}


def _chunks(total: int, chunk_size: int) -> Iterator[bytes]:
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


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child(variant: str, total: int, chunk_size: int) -> None:
    run = {"webstd": _run_webstd, "queue": _run_queue}[variant]
    if variant == "webstd":
        import webstd.streams  # noqa: F401  (import time is not throughput)
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    received = asyncio.run(run(total, chunk_size))
    seconds, cpu_seconds = time.perf_counter() - start, _cpu_seconds() - cpu_start
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result = {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "bytes": received,
        "peak_rss": peak_rss,
    }
    print(json.dumps(result))


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
        raise RuntimeError(f"{variant} moved {result['bytes']} bytes, expected {total}")
    return result


def main() -> None:
    if any(arg in ("-h", "--help") for arg in sys.argv[1:]):
        print(__doc__)
        return
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 2**30
    chunk_size = int(sys.argv[2]) if len(sys.argv) > 2 else 65536
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    runs: dict[str, list[dict[str, float]]] = {variant: [] for variant in VARIANTS}
    for _ in range(repeats):
        for variant in VARIANTS:
            result = _measure(variant, total, chunk_size)
            if result is not None:
                runs[variant].append(result)
    moved = total // chunk_size * chunk_size
    rows = {
        variant: (
            moved / min(r["seconds"] for r in results) / 1e6,
            moved / min(r["cpu_seconds"] for r in results) / 1e6,
            max(r["peak_rss"] for r in results) / 2**20,
        )
        for variant, results in runs.items()
        if results
    }
    print(
        f"{moved / 2**20:.0f} MiB in {chunk_size // 1024} KiB chunks, best of {repeats} interleaved runs"
    )
    print(
        f"{'variant':<34} {'wall MB/s':>10} {'vs queue':>9} {'vs node':>8}"
        f" {'CPU MB/s':>9} {'vs queue':>9} {'vs node':>8} {'peak RSS':>10}"
    )
    for variant, (wall, cpu, rss) in rows.items():
        ratios = []
        for column in (0, 1):
            rate = (wall, cpu)[column]
            for peer in ("queue", "node"):
                ratios.append(rate / rows[peer][column] if peer in rows else float("nan"))
        print(
            f"{LABELS[variant]:<34} {wall:>10.0f} {ratios[0]:>8.2f}x {ratios[1]:>7.2f}x"
            f" {cpu:>9.0f} {ratios[2]:>8.2f}x {ratios[3]:>7.2f}x {rss:>7.1f} MiB"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        main()
