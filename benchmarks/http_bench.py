"""HTTP serving: webstd's h11 server and adapters side by side with their peers, in one run.

Every server is started here, pinned to CPU 0 (wrk to CPU 1) where `taskset`
exists, loaded with `wrk -t1 -c50` for a few seconds per round, and stopped by
PID. Rounds are interleaved; the table shows the median of the rounds and the
ratios the serving issue sets as targets.

    python benchmarks/http_bench.py [--duration 3] [--rounds 3] [--only gunicorn,httptools]

One round of every server takes about a minute; on a machine shared with other
work, single rounds move by 10% or more, so the default is the median of three.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PY = sys.executable

APPS = '''
import asyncio, sys
import h11

from webstd import ReadableStream, Response
from webstd.adapters.asgi import to_asgi
from webstd.adapters.wsgi import to_wsgi

MIB_CHUNK = b"x" * 65536


async def plain(request):
    return Response("Hello world!")


async def json(request):
    return Response.json({"message": "Hello world!"})


async def stream(request):
    async def chunks():
        for _ in range(16):
            yield MIB_CHUNK
    return Response(ReadableStream.from_(chunks()))


webstd_asgi = to_asgi(plain)
webstd_wsgi = to_wsgi(plain)


async def echo_json(request):
    data = await request.json()
    return Response.json({"keys": len(data)})


webstd_asgi_post = to_asgi(echo_json)


async def raw_asgi(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"12")]})
    await send({"type": "http.response.body", "body": b"Hello world!"})


from starlette.applications import Starlette
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

# async endpoints, as Starlette's documentation writes them (a plain def runs in a thread pool)
async def starlette_hello(request):
    return PlainTextResponse("Hello world!")


async def starlette_hello_json(request):
    return JSONResponse({"message": "Hello world!"})


starlette_plain = Starlette(routes=[Route("/", starlette_hello)])
starlette_json = Starlette(routes=[Route("/", starlette_hello_json)])


async def starlette_echo_json(request):
    data = await request.json()
    return JSONResponse({"keys": len(data)})


starlette_post = Starlette(routes=[Route("/", starlette_echo_json, methods=["POST"])])

def raw_wsgi(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "12")])
    return [b"Hello world!"]


from flask import Flask

flask_app = Flask(__name__)


@flask_app.route("/")
def flask_hello():
    return "Hello world!"


class MinimalH11(asyncio.Protocol):
    """The practical limit of an h11 server: answer in data_received, no request objects."""

    body = b"Hello world!"

    def connection_made(self, transport):
        self.transport = transport
        self.conn = h11.Connection(h11.SERVER)

    def data_received(self, data):
        conn = self.conn
        conn.receive_data(data)
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                return
            if type(event) is h11.EndOfMessage:
                self.respond()
                conn.start_next_cycle()
            elif type(event) is h11.ConnectionClosed:
                self.transport.close()
                return

    def respond(self):
        conn = self.conn
        body = self.body
        self.transport.write(
            conn.send(h11.Response(status_code=200, headers=[
                (b"content-type", b"text/plain"), (b"content-length", b"%d" % len(body))]))
            + conn.send(h11.Data(data=body)) + conn.send(h11.EndOfMessage()))


class MinimalH11Stream(MinimalH11):
    def respond(self):
        conn = self.conn
        self.transport.write(conn.send(h11.Response(status_code=200, headers=[])))
        for _ in range(16):
            self.transport.write(conn.send(h11.Data(data=MIB_CHUNK)))
        self.transport.write(conn.send(h11.EndOfMessage()))


def minimal(port, protocol):
    async def main():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(protocol, "127.0.0.1", port, backlog=2048)
        await server.serve_forever()
    asyncio.run(main())


if __name__ == "__main__":
    minimal(int(sys.argv[2]), MinimalH11Stream if sys.argv[1] == "stream" else MinimalH11)
'''


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def commands(port: int) -> dict[str, list[str]]:
    bind = f"127.0.0.1:{port}"
    uvicorn = [
        PY,
        "-m",
        "uvicorn",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    webstd = [PY, "-m", "webstd", "serve", "--port", str(port), "--no-access-log"]
    gunicorn = [PY, "-m", "gunicorn", "-k", "sync", "-w", "1", "-b", bind, "--log-level", "warning"]
    return {
        "minimal asyncio+h11 loop": [PY, "bench_apps.py", "plain", str(port)],
        "webstd h11, text": [*webstd, "bench_apps:plain"],
        "webstd h11, Response.json": [*webstd, "bench_apps:json"],
        "uvicorn h11, raw ASGI": [*uvicorn, "--http", "h11", "bench_apps:raw_asgi"],
        "uvicorn h11 + Starlette, text": [*uvicorn, "--http", "h11", "bench_apps:starlette_plain"],
        "uvicorn h11 + Starlette, JSON": [*uvicorn, "--http", "h11", "bench_apps:starlette_json"],
        "uvicorn httptools + Starlette": [
            *uvicorn,
            "--http",
            "httptools",
            "bench_apps:starlette_plain",
        ],
        "uvicorn httptools + to_asgi": [*uvicorn, "--http", "httptools", "bench_apps:webstd_asgi"],
        "uvicorn httptools, raw ASGI": [*uvicorn, "--http", "httptools", "bench_apps:raw_asgi"],
        "gunicorn sync, raw WSGI": [*gunicorn, "bench_apps:raw_wsgi"],
        "gunicorn sync + Flask": [*gunicorn, "bench_apps:flask_app"],
        "gunicorn sync + to_wsgi": [*gunicorn, "bench_apps:webstd_wsgi"],
        "minimal h11 loop, 1 MiB stream": [PY, "bench_apps.py", "stream", str(port)],
        "webstd h11, 1 MiB stream": [*webstd, "bench_apps:stream"],
    }


RATIOS = [
    ("webstd h11, text", "minimal asyncio+h11 loop", 0.9),
    ("webstd h11, text", "uvicorn h11 + Starlette, text", 1.2),
    ("webstd h11, Response.json", "minimal asyncio+h11 loop", 0.9),
    ("webstd h11, Response.json", "uvicorn h11 + Starlette, JSON", 1.2),
    ("uvicorn httptools + to_asgi", "uvicorn httptools + Starlette", 1.0),
    ("uvicorn httptools, raw ASGI", "uvicorn httptools + Starlette", 0.0),
    ("gunicorn sync + to_wsgi", "gunicorn sync + Flask", 1.3),
    ("gunicorn sync, raw WSGI", "gunicorn sync + Flask", 0.0),
    ("webstd h11, 1 MiB stream", "minimal h11 loop, 1 MiB stream", 0.9),
]

_UNITS = {"B": 1.0, "KB": 1024.0, "MB": 1024.0**2, "GB": 1024.0**3}


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server did not listen on {port}")


def _cpu_seconds(root: int) -> float:
    """CPU time (user + system) used so far by process `root` and its children (the workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == root or ppid == root:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def run_wrk(port: int, duration: float, pin: list[str]) -> tuple[float, float, float]:
    """(requests/s, MB/s, requests) from one wrk run."""
    url = f"http://127.0.0.1:{port}/"
    output = subprocess.run(
        [*pin, "wrk", "-t1", "-c50", f"-d{duration:g}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests = re.search(r"Requests/sec:\s*([\d.]+)", output)
    transfer = re.search(r"Transfer/sec:\s*([\d.]+)([KMG]?B)", output)
    if requests is None or transfer is None:
        raise RuntimeError(f"cannot read wrk output:\n{output}")
    transferred = float(transfer.group(1)) * _UNITS[transfer.group(2)]
    total = re.search(r"(\d+) requests in", output)
    assert total is not None
    return float(requests.group(1)), transferred / 1024**2, float(total.group(1))


def measure(
    name: str, directory: Path, duration: float, pin_server: list[str], pin_wrk: list[str]
) -> tuple[float, float, float]:
    """(requests/s, MB/s, server CPU microseconds per request) of one server."""
    port = free_port()
    command = commands(port)[name]
    env = {**os.environ, "PYTHONPATH": str(directory)}
    process = subprocess.Popen(
        [*pin_server, *command],
        cwd=directory,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        run_wrk(port, 1, pin_wrk)  # warm-up
        cpu_before = _cpu_seconds(process.pid)
        requests, megabytes, count = run_wrk(port, duration, pin_wrk)
        cpu = _cpu_seconds(process.pid) - cpu_before
        return requests, megabytes, cpu / count * 1e6
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wsgi_environ() -> dict[str, object]:
    return {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": "/", "QUERY_STRING": "",
        "RAW_URI": "/", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1:8000", "HTTP_USER_AGENT": "wrk",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }  # fmt: skip


def _time_wsgi(app: Any, calls: int) -> float:
    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        return None

    started = time.process_time()
    for _ in range(calls):
        result = app(_wsgi_environ(), start_response)
        b"".join(result)
        getattr(result, "close", lambda: None)()
    return (time.process_time() - started) / calls * 1e6


POST_BODY = b'{"pad": "' + b"x" * 1000 + b'"}'  # 1 KiB of JSON


def _time_asgi(app: Any, calls: int, body: bytes | None = None) -> float:
    headers = [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"wrk")]
    if body is not None:
        headers += [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
        "method": "GET" if body is None else "POST",
        "scheme": "http", "path": "/", "raw_path": b"/", "query_string": b"", "root_path": "",
        "headers": headers, "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 5000),
    }  # fmt: skip

    async def send(message: dict[str, Any]) -> None:
        return None

    def receiver(done: asyncio.Event) -> Any:
        messages = [{"type": "http.request", "body": body or b"", "more_body": False}]

        async def receive() -> dict[str, Any]:  # as a server's: the body, then wait for the end
            if messages:
                return messages.pop()
            await done.wait()
            return {"type": "http.disconnect"}

        return receive

    async def run() -> float:
        done = asyncio.Event()
        started = time.process_time()
        for _ in range(calls):
            await app(dict(scope), receiver(done), send)
        return (time.process_time() - started) / calls * 1e6

    return asyncio.run(run())


def _time_asgi_post(app: Any, calls: int) -> float:
    return _time_asgi(app, calls, POST_BODY)


def in_process(directory: Path, calls: int = 3000) -> None:
    """The adapters' own cost per request, without a server: called directly, best of 5."""
    sys.path.insert(0, str(directory))
    import bench_apps  # type: ignore[import-not-found]

    rows = [
        ("to_wsgi", "Flask", _time_wsgi, bench_apps.webstd_wsgi, bench_apps.flask_app),
        ("to_asgi", "Starlette", _time_asgi, bench_apps.webstd_asgi, bench_apps.starlette_plain),
        (
            "to_asgi POST, request.json() 1 KiB",
            "Starlette",
            _time_asgi_post,
            bench_apps.webstd_asgi_post,
            bench_apps.starlette_post,
        ),
    ]
    print(f"\nin process, no server (best of 5 x {calls} calls, CPU us per request)")
    for ours, peer, timer, our_app, peer_app in rows:
        our_time = min(timer(our_app, calls) for _ in range(5))
        peer_time = min(timer(peer_app, calls) for _ in range(5))
        print(
            f"{ours:<36} {our_time:7.1f}   {peer:<10} {peer_time:7.1f}   ratio {peer_time / our_time:5.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--duration", type=float, default=3.0, help="seconds of load per server per round"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds; the table shows medians"
    )
    parser.add_argument(
        "--only",
        default="",
        help="run only servers whose name contains one of these comma-separated texts",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    pinned = shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2
    pin_server = ["taskset", "-c", "0"] if pinned else []
    pin_wrk = ["taskset", "-c", "1"] if pinned else []
    wanted = args.only.split(",")
    names = [name for name in commands(0) if any(text in name for text in wanted)]
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in names}
    directory = Path(tempfile.mkdtemp(prefix="webstd-bench-"))
    try:
        (directory / "bench_apps.py").write_text(APPS)
        for _ in range(args.rounds):
            for name in names:
                results[name].append(measure(name, directory, args.duration, pin_server, pin_wrk))
        report(args, pinned, results, directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def report(
    args: argparse.Namespace,
    pinned: bool,
    results: dict[str, list[tuple[float, float, float]]],
    directory: Path,
) -> None:
    """Print the table of medians and the target ratios."""
    medians = {
        name: tuple(statistics.median(run[i] for run in runs) for i in range(3))
        for name, runs in results.items()
    }
    print(
        f"\nwrk -t1 -c50 -d{args.duration}s, {args.rounds} round(s), server {'pinned to CPU 0' if pinned else 'not pinned'}\n"
    )
    print(f"{'server':<34} {'req/s':>10} {'MB/s':>9} {'server CPU us/req':>18}")
    for name, (requests, megabytes, cpu) in medians.items():
        print(f"{name:<34} {requests:>10.0f} {megabytes:>9.1f} {cpu:>18.1f}")
    print("\nratios: wall = throughput ratio; cpu = peer's server CPU per request / ours")
    print("(the verdict uses cpu, steadier on a shared machine: it ignores time the server waits")
    print(" for a core; wall is only fair on an idle machine with two free cores)")
    print(f"{'ours / peer':<66} {'wall':>6} {'cpu':>6} {'target':>7}")
    for ours, peer, target in RATIOS:
        if ours in medians and peer in medians:
            column = 1 if "stream" in ours else 0
            wall = medians[ours][column] / medians[peer][column]
            cpu = medians[peer][2] / medians[ours][2]
            verdict = "ok" if cpu >= target else "BELOW"
            if not target:  # a reference row: the best any WSGI app could do under this server
                verdict = "(ceiling)"
            print(f"{ours + ' / ' + peer:<66} {wall:>6.2f} {cpu:>6.2f} {target:>6.1f}x {verdict}")
    if not args.only:
        in_process(directory)


if __name__ == "__main__":
    main()
