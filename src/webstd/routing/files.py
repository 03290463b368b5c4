"""File-system routes in the Next.js ``pages/api`` convention.

``Router.from_directory("pages")`` maps every ``.py`` file under the folder to a route:

    pages/api/hello.py            /api/hello
    pages/api/index.py            /api
    pages/api/users/[id].py       /api/users/:id     (one segment)
    pages/api/docs/[...slug].py   /api/docs/:slug+   (one or more segments)
    pages/api/shop/[[...slug]].py /api/shop/:slug*   (zero or more segments)

Files and folders whose names start with ``_`` or ``.`` are not routes (helpers,
``__init__.py``, ``__pycache__``). A route module exports ``handler`` (every
method) and/or functions named after methods (``GET``, ``POST``, ...); the
method functions win for their methods. Optional ``config``:

    config = {"runtime": "edge" | "experimental-edge" | "python", "regions": [...] | "all"}

``"edge"`` runs the handler inline on the event loop (it must not block);
``"python"``, the default, runs a plain ``def`` handler in a worker thread. A
catch-all's parameter is the list of its segments, as in Next.js.

Everything is checked at start-up and reported as a `RouteError` naming the
file: a module that fails to import or exports no handler, a bad ``config``, two
files for one route, a path that escapes the folder (symlinks out of it). Modules
are imported by path under unique names, never through ``sys.path``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final

from webstd.routing import canonicalize as canon
from webstd.routing.parser import escape_pattern_string
from webstd.routing.router import METHODS, RouteInfo, make_route_call

if TYPE_CHECKING:
    from webstd.fetch.request import Request
    from webstd.fetch.response import Response
    from webstd.routing.router import Params, Router

__all__ = ["RouteError", "RouteFile", "load_directory", "manifest", "route_table", "scan_directory"]

RUNTIMES: Final = {"edge": "edge", "experimental-edge": "edge", "python": "python"}
CONFIG_KEYS: Final = frozenset({"runtime", "regions"})
_REGION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_DYNAMIC = re.compile(r"\[(\[)?(\.\.\.)?([^\[\]]+)\](\])?")


class RouteError(ValueError):
    """A routes folder that cannot be served: the message names the file and the fix."""


@dataclass(slots=True)
class RouteFile:
    """One route file: its URLPattern pathname, module, handlers by method, config."""

    file: str  # relative to the routes folder, with "/" separators
    pattern: str
    segments: list[tuple[str | None, str]]  # (parameter name, ":name") or (None, static text)
    tail: str | None  # "plus" or "star0" for a catch-all, else None
    tail_name: str | None
    handlers: dict[str, Any]  # method (or "*") -> callable
    runtime: str
    regions: str | list[str]

    def info(self) -> RouteInfo:
        """The route as a RouteInfo (what `webstd routes` prints)."""
        methods = sorted(self.handlers, key=_method_order)
        return RouteInfo(self.pattern, methods, self.runtime, self.regions, self.file)


def _method_order(method: str) -> tuple[int, str]:
    return (METHODS.index(method) if method in METHODS else len(METHODS), method)


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _segment_of(name: str, file: str, is_last: bool) -> tuple[str, str | None, str | None]:
    """A file or folder name -> (pattern text, tail kind, parameter name)."""
    match = _DYNAMIC.fullmatch(name)
    if match is None:
        if "[" in name or "]" in name:
            raise RouteError(f"{file}: {name!r} is not a valid dynamic segment ([id], [...slug])")
        canonical = canon.canonicalize_pathname("/" + name)[1:]
        return canonical, None, None
    optional_open, ellipsis, param, optional_close = match.groups()
    if not param.isidentifier():
        raise RouteError(f"{file}: parameter name {param!r} must be a Python identifier")
    if bool(optional_open) != bool(optional_close) or (optional_open and not ellipsis):
        raise RouteError(f"{file}: {name!r} is not a valid segment: use [[...{param}]]")
    if ellipsis:
        if not is_last:
            raise RouteError(f"{file}: catch-all segment {name!r} must be the last segment")
        return f":{param}", "star0" if optional_open else "plus", param
    return f":{param}", None, param


def _parse_config(module: ModuleType, file: str) -> tuple[str, str | list[str]]:
    config = getattr(module, "config", None)
    if config is None:
        return "python", "all"
    if not isinstance(config, dict):
        raise RouteError(f"{file}: config must be a dict, not {config!r}")
    unknown = set(config) - CONFIG_KEYS
    if unknown:
        raise RouteError(
            f"{file}: unknown config key(s) {', '.join(map(repr, sorted(map(str, unknown))))};"
            f" allowed: 'regions', 'runtime'"
        )
    runtime = config.get("runtime", "python")
    if runtime not in RUNTIMES:
        raise RouteError(
            f"{file}: config runtime {runtime!r} is not one of 'edge', 'experimental-edge', 'python'"
        )
    regions = config.get("regions", "all")
    if regions != "all":
        if isinstance(regions, str) or not isinstance(regions, (list, tuple)) or not regions:
            raise RouteError(
                f'{file}: config regions {regions!r} must be "all" or a non-empty list of region ids'
            )
        for region in regions:
            if not isinstance(region, str) or not _REGION_ID.fullmatch(region):
                raise RouteError(f"{file}: config regions: {region!r} is not a valid region id")
        regions = list(regions)
    return RUNTIMES[runtime], regions


def _module_name(path: Path) -> str:
    digest = hashlib.sha1(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    stem = re.sub(r"\W", "_", path.stem)
    return f"_webstd_routes_{digest}_{stem}"


def _import(path: Path, file: str) -> ModuleType:
    """Import a route file by path, under a unique module name."""
    name = _module_name(path)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RouteError(f"{file}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as error:
        del sys.modules[name]
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
        raise RouteError(f"{file}: import failed: {type(error).__name__}: {error}") from error
    return module


def _handlers(module: ModuleType, file: str) -> dict[str, Any]:
    handlers: dict[str, Any] = {}
    for method in METHODS:
        function = getattr(module, method, None)
        if function is not None:
            if not callable(function):
                raise RouteError(f"{file}: {method} must be a function, not {function!r}")
            handlers[method] = function
    default = getattr(module, "handler", None)
    if default is not None:
        if not callable(default):
            raise RouteError(f"{file}: handler must be a function, not {default!r}")
        handlers["*"] = default
    if not handlers:
        raise RouteError(
            f"{file}: exports no handler: define `handler` or functions named GET, POST, ..."
        )
    return handlers


def _walk(root: Path) -> list[Path]:
    """Route files under `root`, refusing any path (symlinks included) that leads outside."""
    files: list[Path] = []
    seen: set[Path] = set()

    def visit(directory: Path) -> None:
        real = directory.resolve()
        if real in seen:
            return
        seen.add(real)
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            if entry.name.startswith(("_", ".")):
                continue
            path = Path(entry.path)
            target = path.resolve()
            if target != root and root not in target.parents:
                raise RouteError(
                    f"{_relative(root, path)}: leads outside the routes folder ({target}); "
                    "route files must live inside it"
                )
            if entry.is_dir():
                visit(path)
            elif entry.is_file() and entry.name.endswith(".py"):
                files.append(path)

    visit(root)
    return files


def scan_directory(path: str | os.PathLike[str]) -> list[RouteFile]:
    """Import and check every route file under `path` (raises RouteError naming the file)."""
    root = Path(path).resolve()
    if not root.is_dir():
        raise RouteError(f"{path}: not a directory")
    route_files: list[RouteFile] = []
    shapes: dict[tuple[Any, ...], str] = {}
    for file_path in _walk(root):
        file = _relative(root, file_path)
        names = file[: -len(".py")].split("/")
        if names[-1] == "index":
            names.pop()
        segments: list[tuple[str | None, str]] = []  # (parameter name or None, text)
        tail = tail_name = None
        for index, name in enumerate(names):
            text, kind, param = _segment_of(name, file, index == len(names) - 1)
            if kind is not None:
                tail, tail_name = kind, param
            else:
                segments.append((param, text))
        names_used = [param for param, _ in segments if param] + ([tail_name] if tail_name else [])
        if len(set(names_used)) != len(names_used):
            raise RouteError(f"{file}: a parameter name is used twice ({', '.join(names_used)})")
        shape = tuple(None if param else text for param, text in segments)
        # An optional catch-all also matches the bare path and what a catch-all matches.
        kind = tail or "end"
        for claimed in ("end", "plus", "star0") if kind == "star0" else (kind,):
            other = shapes.get((shape, claimed))
            if other is not None:
                raise RouteError(f"{file}: maps to the same route as {other}")
            shapes[(shape, claimed)] = file
        pattern = "/" + "/".join(
            text if param else escape_pattern_string(text) for param, text in segments
        )
        if tail is not None:
            pattern = pattern.rstrip("/") + f"/:{tail_name}" + ("+" if tail == "plus" else "*")
        module = _import(file_path, file)
        runtime, regions = _parse_config(module, file)
        route_files.append(
            RouteFile(
                file, pattern, segments, tail, tail_name, _handlers(module, file), runtime, regions
            )
        )
    route_files.sort(key=lambda r: r.pattern)
    return route_files


def _misdirected(info: RouteInfo, region: str) -> Any:
    async def misdirected(request: Request, params: Params) -> Response:
        from webstd.fetch.response import Response

        regions = info.regions if isinstance(info.regions, list) else []
        return Response.json(
            {
                "error": f"{info.pattern} is not deployed to region {region}",
                "regions": regions,
            },
            status=421,
        )

    return misdirected


def load_directory(router: Router, path: str | os.PathLike[str], region: str | None = None) -> None:
    """Add the routes of the folder at `path` to `router`; with `region`, routes deployed
    elsewhere answer 421 naming their regions."""
    if region is not None and (not isinstance(region, str) or not _REGION_ID.fullmatch(region)):
        raise RouteError(f"--region {region!r} is not a valid region id")
    for route_file in scan_directory(path):
        info = route_file.info()
        deployed = region is None or route_file.regions == "all" or region in route_file.regions
        for method, function in route_file.handlers.items():
            if deployed:
                call = make_route_call(function, inline=route_file.runtime == "edge")
            else:
                call = _misdirected(info, region or "")
            try:
                router._add_call(
                    method, route_file.pattern, call, info, list_tail=route_file.tail is not None
                )
            except (TypeError, ValueError) as error:
                raise RouteError(f"{route_file.file}: {error}") from error


def route_table(route_files: list[RouteFile]) -> str:
    """The route table `webstd routes` prints (path pattern, methods, runtime, regions, file)."""
    rows = [("Route", "Methods", "Runtime", "Regions", "File")]
    for route_file in route_files:
        info = route_file.info()
        regions = info.regions if isinstance(info.regions, str) else ", ".join(info.regions)
        methods = (
            "ANY"
            if info.methods == ["*"]
            else ", ".join(m if m != "*" else "ANY" for m in info.methods)
        )
        rows.append((info.pattern, methods, info.runtime, regions, info.file or ""))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


def manifest(route_files: list[RouteFile]) -> str:
    """The routes as a JSON manifest for deployment tooling."""
    routes = []
    for route_file in route_files:
        info = route_file.info()
        routes.append(
            {
                "pattern": info.pattern,
                "methods": info.methods,
                "runtime": info.runtime,
                "regions": info.regions,
                "file": info.file,
            }
        )
    return json.dumps({"version": 1, "routes": routes}, indent=2) + "\n"


def add_routes_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `webstd routes FOLDER [--json]`."""
    parser.add_argument("folder", metavar="FOLDER", help="a routes folder, e.g. pages/")
    parser.add_argument(
        "--json", action="store_true", help="write the routes as a JSON manifest instead"
    )


def run_routes(args: argparse.Namespace) -> int:
    """`webstd routes`: print the route table (or the JSON manifest); 1 on a route error."""
    try:
        route_files = scan_directory(args.folder)
    except RouteError as error:
        print(f"webstd: {error}", file=sys.stderr)
        return 1
    sys.stdout.write(manifest(route_files) if args.json else route_table(route_files))
    return 0
