"""The `webstd` command: `webstd serve TARGET [--host] [--port] [--workers] [--reload] ...`.

Subcommands live in `COMMANDS`: each maps a name to a help line, a function
that adds its arguments, and a function that runs it and returns the exit
status. A new subcommand is one more entry.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["COMMANDS", "Command", "load_target", "main"]


class Command(NamedTuple):
    """One subcommand: its help line, how it adds its arguments, how it runs."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def load_target(target: str, region: str | None = None) -> Any:
    """The handler (or router) named by TARGET: `module:attr`, `path/to/file.py:attr`, or a directory.

    The attribute defaults to `handler`. A directory is a routes folder, served by
    `webstd.routing.Router.from_directory` (with `region`, routes deployed elsewhere answer 421).
    """
    path = Path(target)
    if ":" not in target and path.is_dir():
        try:
            from webstd.routing import RouteError, Router
        except ImportError as error:
            raise SystemExit(f"webstd: cannot serve the folder {target!r}: {error}") from None
        try:
            return Router.from_directory(str(path), region=region)
        except RouteError as error:
            raise SystemExit(f"webstd: {error}") from None
    if region is not None:
        raise SystemExit("webstd: --region applies to a routes folder only")
    module_name, _, attribute = target.rpartition(":") if ":" in target else (target, "", "handler")
    attribute = attribute or "handler"
    if module_name.endswith(".py") or os.sep in module_name or "/" in module_name:
        file = Path(module_name).resolve()
        if not file.is_file():
            raise SystemExit(f"webstd: no such file: {module_name!r}")
        sys.path.insert(0, str(file.parent))
        spec = importlib.util.spec_from_file_location(file.stem, file)
        if spec is None or spec.loader is None:
            raise SystemExit(f"webstd: cannot import {module_name!r}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[file.stem] = module
        spec.loader.exec_module(module)
    else:
        sys.path.insert(0, os.getcwd())
        module = importlib.import_module(module_name)
    try:
        obj = module
        for part in attribute.split("."):
            obj = getattr(obj, part)
    except AttributeError:
        raise SystemExit(f"webstd: {module_name!r} has no attribute {attribute!r}") from None
    return obj


def _add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    from webstd.adapters.h11 import Limits

    defaults = Limits()
    parser.add_argument(
        "target",
        metavar="TARGET",
        help="module:attribute, path/to/file.py:attribute, or a routes folder",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port to listen on, 0 for any (default: %(default)s)"
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="pre-forked worker processes (default: %(default)s)"
    )
    parser.add_argument("--reload", action="store_true", help="restart when a .py file changes")
    parser.add_argument(
        "--region",
        metavar="ID",
        help="serve only the routes deployed to region ID; others answer 421",
    )
    parser.add_argument(
        "--root-path", default="", help="path prefix the app is mounted at behind a proxy"
    )
    parser.add_argument(
        "--no-access-log", action="store_true", help="do not log a line per request"
    )
    parser.add_argument(
        "--shutdown-timeout",
        type=float,
        default=10.0,
        help="grace period for in-flight requests on SIGTERM (seconds)",
    )
    limits = parser.add_argument_group("limits")
    limits.add_argument("--max-header-bytes", type=int, default=defaults.max_header_bytes)
    limits.add_argument("--max-header-count", type=int, default=defaults.max_header_count)
    limits.add_argument("--max-target-length", type=int, default=defaults.max_target_length)
    limits.add_argument(
        "--max-body-size", type=int, default=defaults.max_body_size, help="bytes; 0 for no limit"
    )
    limits.add_argument("--header-timeout", type=float, default=defaults.header_timeout)
    limits.add_argument("--keep-alive-timeout", type=float, default=defaults.keep_alive_timeout)
    limits.add_argument("--body-timeout", type=float, default=defaults.body_timeout)
    limits.add_argument("--max-connections", type=int, default=defaults.max_connections)


def _run_serve(args: argparse.Namespace) -> int:
    if args.reload:
        return _run_with_reload(args.argv)
    from webstd.adapters.h11 import Limits, serve

    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if args.no_access_log:
        logging.getLogger("webstd.access").setLevel(logging.WARNING)
    handler = load_target(args.target, region=args.region)
    limits = Limits(
        max_header_bytes=args.max_header_bytes,
        max_header_count=args.max_header_count,
        max_target_length=args.max_target_length,
        max_body_size=args.max_body_size or None,
        header_timeout=args.header_timeout,
        keep_alive_timeout=args.keep_alive_timeout,
        body_timeout=args.body_timeout,
        max_connections=args.max_connections,
    )

    def on_listen(host: str, port: int) -> None:
        shown = f"[{host}]" if ":" in host else host
        workers = f" with {args.workers} workers" if args.workers > 1 else ""
        print(
            f"webstd: serving {args.target} on http://{shown}:{port}{workers}",
            file=sys.stderr,
            flush=True,
        )

    serve(
        handler,
        args.host,
        args.port,
        workers=args.workers,
        limits=limits,
        root_path=args.root_path,
        access_log=not args.no_access_log,
        shutdown_timeout=args.shutdown_timeout,
        on_listen=on_listen,
    )
    return 0


def _source_mtimes(root: Path) -> dict[Path, float]:
    mtimes: dict[Path, float] = {}
    for path in root.rglob("*.py"):
        if any(
            part.startswith(".") or part in ("__pycache__", "node_modules") for part in path.parts
        ):
            continue
        try:
            mtimes[path] = path.stat().st_mtime
        except OSError:
            pass
    return mtimes


def _run_with_reload(arguments: Sequence[str], poll_interval: float = 0.5) -> int:
    """Run `serve` without --reload in a child process; restart it when a .py file changes."""
    argv = [arg for arg in arguments if arg != "--reload"]
    command = [sys.executable, "-m", "webstd", *argv]
    root = Path.cwd()
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        mtimes = _source_mtimes(root)
        child = subprocess.Popen(command)
        while not stopping and child.poll() is None and _source_mtimes(root) == mtimes:
            time.sleep(poll_interval)
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if stopping:
            return 0
        if child.returncode not in (0, -signal.SIGTERM) and _source_mtimes(root) == mtimes:
            # It crashed: wait for a change before starting again.
            print("webstd: the server exited; waiting for a change to restart", file=sys.stderr)
            while not stopping and _source_mtimes(root) == mtimes:
                time.sleep(poll_interval)
            if stopping:
                return 0
        print("webstd: change detected, restarting", file=sys.stderr, flush=True)


def _add_routes_arguments(parser: argparse.ArgumentParser) -> None:
    from webstd.routing.files import add_routes_arguments

    add_routes_arguments(parser)


def _run_routes(args: argparse.Namespace) -> int:
    from webstd.routing.files import run_routes

    return run_routes(args)


COMMANDS: dict[str, Command] = {
    "serve": Command(
        "serve a handler on the built-in HTTP/1.1 server", _add_serve_arguments, _run_serve
    ),
    "routes": Command(
        "print the route table of a routes folder (--json: a manifest)",
        _add_routes_arguments,
        _run_routes,
    ),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `webstd` command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="webstd", description="webstd: the Web platform's server-side primitives for Python"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        command.add_arguments(
            subparsers.add_parser(name, help=command.help, description=command.help)
        )
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        parser.print_help()
        return 2
    return COMMANDS[args.command].run(args)
