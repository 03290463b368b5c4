"""File-system routes: mapping, precedence, config, start-up errors, traversal, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from webstd import Request
from webstd.routing import RouteError, Router

EXAMPLES = Path(__file__).parent.parent.parent / "examples" / "pages"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), "utf-8")
    return root


ECHO = """
from webstd import Response, URL

async def handler(request):
    return Response.json({"file": __file__.rsplit("pages", 1)[1],
                          "query": dict(list(URL(request.url).search_params))})
"""

CONTEXT = """
from webstd import Response

async def GET(request, context):
    return Response.json({"file": __file__.rsplit("pages", 1)[1], "params": context.params})
"""


async def _get(router: Router, path: str, method: str = "GET") -> tuple[int, object]:
    response = await router(Request("http://localhost" + path, method=method))
    text = await response.text()
    try:
        return response.status, json.loads(text)
    except ValueError:
        return response.status, text


async def test_files_map_to_routes_as_in_nextjs(tmp_path: Path) -> None:
    root = _write(
        tmp_path / "pages",
        {
            "api/hello.py": ECHO,
            "api/index.py": ECHO,
            "index.py": ECHO,
            "api/users/[id].py": CONTEXT,
            "api/docs/[...slug].py": CONTEXT,
            "api/shop/[[...slug]].py": CONTEXT,
            "api/users/[id]/posts.py": CONTEXT,
        },
    )
    router = Router.from_directory(str(root))
    assert (await _get(router, "/api/hello"))[1]["file"] == "/api/hello.py"  # type: ignore[index]
    assert (await _get(router, "/api"))[1]["file"] == "/api/index.py"  # type: ignore[index]
    assert (await _get(router, "/"))[1]["file"] == "/index.py"  # type: ignore[index]
    assert (await _get(router, "/api/users/7"))[1] == {
        "file": "/api/users/[id].py",
        "params": {"id": "7"},
    }
    assert (await _get(router, "/api/users/7/posts"))[1]["params"] == {"id": "7"}  # type: ignore[index]
    assert (await _get(router, "/api/docs/a/b"))[1]["params"] == {"slug": ["a", "b"]}  # type: ignore[index]
    assert (await _get(router, "/api/docs"))[0] == 404
    assert (await _get(router, "/api/shop"))[1]["params"] == {"slug": []}  # type: ignore[index]
    assert (await _get(router, "/api/shop/x"))[1]["params"] == {"slug": ["x"]}  # type: ignore[index]


async def test_static_beats_dynamic_beats_catch_all_beats_optional(tmp_path: Path) -> None:
    root = _write(
        tmp_path / "pages",
        {
            "api/[[...all]].py": ECHO,
            "api/a/[...rest].py": ECHO,
            "api/a/[id].py": ECHO,
            "api/a/new.py": ECHO,
        },
    )
    router = Router.from_directory(str(root))

    async def file(path: str) -> str:
        return (await _get(router, path))[1]["file"]  # type: ignore[index,no-any-return]

    assert await file("/api/a/new") == "/api/a/new.py"
    assert await file("/api/a/other") == "/api/a/[id].py"
    assert await file("/api/a/b/c") == "/api/a/[...rest].py"
    assert await file("/api/z") == "/api/[[...all]].py"


async def test_one_argument_handlers_get_params_in_the_query(tmp_path: Path) -> None:
    root = _write(tmp_path / "pages", {"api/[...slug].py": ECHO})
    router = Router.from_directory(str(root))
    status, body = await _get(router, "/api/a/b?x=1")
    assert status == 200
    assert body["query"] == {"x": "1", "slug": "b"}  # type: ignore[index]


async def test_method_functions_and_handler(tmp_path: Path) -> None:
    root = _write(
        tmp_path / "pages",
        {
            "api/item.py": """
            from webstd import Response
            def GET(request):
                return Response("get")
            def handler(request):
                return Response("other " + request.method)
            """,
            "api/only.py": """
            from webstd import Response
            async def POST(request):
                return Response("post")
            """,
        },
    )
    router = Router.from_directory(str(root))
    assert await _get(router, "/api/item") == (200, "get")
    assert await _get(router, "/api/item", "DELETE") == (200, "other DELETE")
    assert await _get(router, "/api/only", "POST") == (200, "post")
    assert (await _get(router, "/api/only"))[0] == 405


async def test_edge_runs_inline_and_python_in_a_thread(tmp_path: Path) -> None:
    thread_probe = """
    import threading
    from webstd import Response
    {config}
    def handler(request):
        return Response(threading.current_thread().name)
    """
    root = _write(
        tmp_path / "pages",
        {
            "edge.py": thread_probe.format(config='config = {"runtime": "edge"}'),
            "legacy.py": thread_probe.format(config='config = {"runtime": "experimental-edge"}'),
            "python.py": thread_probe.format(config=""),
        },
    )
    router = Router.from_directory(str(root))
    main = __import__("threading").current_thread().name
    assert (await _get(router, "/edge"))[1] == main
    assert (await _get(router, "/legacy"))[1] == main
    assert (await _get(router, "/python"))[1] != main


async def test_region_serves_only_routes_deployed_there(tmp_path: Path) -> None:
    root = _write(
        tmp_path / "pages",
        {
            "near.py": ECHO + '\nconfig = {"regions": ["sfo1", "iad1"]}\n',
            "everywhere.py": ECHO + '\nconfig = {"regions": "all"}\n',
        },
    )
    in_sfo = Router.from_directory(str(root), region="sfo1")
    in_fra = Router.from_directory(str(root), region="fra1")
    assert (await _get(in_sfo, "/near"))[0] == 200
    status, body = await _get(in_fra, "/near")
    assert status == 421
    assert body["regions"] == ["sfo1", "iad1"]  # type: ignore[index]
    assert (await _get(in_fra, "/everywhere"))[0] == 200


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('{"runtime": "edge", "maxDuration": 5}', "unknown config key"),
        ('{"runtime": "nodejs"}', "runtime 'nodejs'"),
        ('{"regions": "sfo1"}', "regions 'sfo1'"),
        ('{"regions": []}', "regions"),
        ('{"regions": [""]}', "not a valid region id"),
        ('{"regions": ["sfo1", 3]}', "not a valid region id"),
        ('["edge"]', "config must be a dict"),
    ],
)
def test_bad_config_is_a_start_up_error_naming_the_file(
    tmp_path: Path, config: str, message: str
) -> None:
    root = _write(tmp_path / "pages", {"api/bad.py": ECHO + f"\nconfig = {config}\n"})
    with pytest.raises(RouteError, match=message) as error:
        Router.from_directory(str(root))
    assert "api/bad.py" in str(error.value)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"api/broken.py": "import does_not_exist_anywhere\n"}, "api/broken.py: import failed"),
        ({"api/empty.py": "x = 1\n"}, "api/empty.py: exports no handler"),
        ({"api/users.py": ECHO, "api/users/index.py": ECHO}, "same route as"),
        ({"api/[id].py": ECHO, "api/[name].py": ECHO}, "same route as"),
        ({"api/[...a].py": ECHO, "api/[[...a]].py": ECHO}, "same route as"),
        ({"api/index.py": ECHO, "api/[[...a]].py": ECHO}, "same route as"),
        ({"api/[...a]/x.py": ECHO}, "catch-all segment"),
        ({"api/[[id]].py": ECHO}, "not a valid segment"),
        ({"api/[my-id].py": ECHO}, "must be a Python identifier"),
        ({"api/[id]/[id].py": ECHO}, "used twice"),
        ({"api/[id]/[...id].py": ECHO}, "used twice"),
    ],
)
def test_broken_trees_are_start_up_errors_naming_the_file(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    root = _write(tmp_path / "pages", files)
    with pytest.raises(RouteError, match=message):
        Router.from_directory(str(root))


def test_same_file_names_in_different_folders_are_distinct_modules(tmp_path: Path) -> None:
    source = "from webstd import Response\nNAME = __file__\ndef handler(request):\n    return Response(NAME)\n"
    root = _write(tmp_path / "pages", {"a/item.py": source, "b/item.py": source})
    router = Router.from_directory(str(root))
    assert len(router.routes) == 2
    assert "item" not in sys.modules


async def test_symlinks_out_of_the_folder_are_refused(tmp_path: Path) -> None:
    outside = _write(tmp_path / "outside", {"secret.py": ECHO})
    root = _write(tmp_path / "pages", {"api/ok.py": ECHO})
    os.symlink(outside / "secret.py", root / "api" / "secret.py")
    with pytest.raises(RouteError, match=r"api/secret\.py: leads outside"):
        Router.from_directory(str(root))
    os.unlink(root / "api" / "secret.py")
    os.symlink(outside, root / "api" / "linked")
    with pytest.raises(RouteError, match=r"api/linked: leads outside"):
        Router.from_directory(str(root))


async def test_request_paths_never_reach_outside_the_folder(tmp_path: Path) -> None:
    marker = tmp_path / "imported"
    _write(tmp_path / "secret", {"api.py": f"open({str(marker)!r}, 'w').write('x')\n"})
    root = _write(tmp_path / "pages", {"api/[id].py": CONTEXT, "api/hello.py": ECHO})
    router = Router.from_directory(str(root))
    for path in [
        "/api/../secret/api",
        "/api/%2e%2e/secret/api",
        "/api/..%2f..%2fsecret%2fapi",
        "/api/%2e%2e%2f%2e%2e%2fsecret",
        "/../../secret/api",
    ]:
        status, body = await _get(router, path)
        assert status in (200, 404)
        if status == 200:  # an encoded slash stays inside one [id] segment
            assert body["file"] == "/api/[id].py"  # type: ignore[index]
    assert not marker.exists()


def test_routes_command_prints_the_table_and_manifest() -> None:
    table = subprocess.run(
        [sys.executable, "-m", "webstd", "routes", str(EXAMPLES)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "/api/users/:id" in table
    assert "sfo1, iad1" in table
    manifest = json.loads(
        subprocess.run(
            [sys.executable, "-m", "webstd", "routes", str(EXAMPLES), "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    by_pattern = {route["pattern"]: route for route in manifest["routes"]}
    assert by_pattern["/api/regions"]["regions"] == ["sfo1", "iad1"]
    assert by_pattern["/api/docs/:slug+"]["file"] == "api/docs/[...slug].py"
    assert by_pattern["/api/hello"]["runtime"] == "edge"


def test_routes_command_reports_errors_with_the_file(tmp_path: Path) -> None:
    root = _write(tmp_path / "pages", {"api/bad.py": ECHO + '\nconfig = {"runtime": "x"}\n'})
    result = subprocess.run(
        [sys.executable, "-m", "webstd", "routes", str(root)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "api/bad.py" in result.stderr


async def test_the_examples_answer_as_documented() -> None:
    router = Router.from_directory(str(EXAMPLES))
    assert await _get(router, "/api/hello") == (200, "Hello world!")
    assert await _get(router, "/api/json") == (200, {"name": "Jim Halpert"})
    response = await router(Request("http://localhost/api/cache-control"))
    assert response.headers.get("cache-control") == (
        "public, s-maxage=1200, stale-while-revalidate=600"
    )
    assert response.headers.get("content-type") == "application/json"
    assert await _get(router, "/api/query?email=jim%40dundermifflin.com") == (
        200,
        "jim@dundermifflin.com",
    )
    assert await _get(router, "/api/backend/protected") == (200, {"authorization": None})
    assert (await _get(router, "/api/regions"))[0] == 200
    assert await _get(router, "/api/users/42") == (200, {"id": "42"})
    assert await _get(router, "/api/docs/a/b/c") == (200, ["a", "b", "c"])
    status, text = await _get(router, "/api/stream")
    assert status == 200
    assert text == "chunk 1\nchunk 2\nchunk 3\ndone\n"
