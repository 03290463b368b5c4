"""A webstd handler mounted inside FastAPI and Django apps, next to the framework's own route.

The mount code is the README's "Mounting inside an existing app" recipes, as written there.
The Django ASGI app is served by a real uvicorn process (this module is its target:
`--factory test_mounts_frameworks:django_asgi_application`); the Django WSGI app in-process.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.urls import path  # type: ignore[import-untyped]
from serving_servers import free_port, stop_process, wait_for_port
from werkzeug.test import Client as WerkzeugClient

from webstd import URL, Request, Response

HERE = Path(__file__).parent
QUERY = "?q=%41%2Fb&x=caf%C3%A9&sp=a+b%20c"


async def handler(request: Request) -> Response:
    """The mounted handler: echoes its URL and sets two cookies."""
    url = URL(request.url)
    response = Response.json(
        {"url": request.url, "search": url.search, "params": list(url.search_params)},
        status=201,
        headers={"x-webstd": "yes"},
    )
    response.headers.append("set-cookie", "a=1; Path=/webstd")
    response.headers.append("set-cookie", "b=2; Path=/webstd")
    return response


def _check_webstd_answer(
    status: int, cookies: list[str], data: dict[str, Any], header: str | None, base: str
) -> None:
    assert status == 201
    assert header == "yes"
    assert cookies == ["a=1; Path=/webstd", "b=2; Path=/webstd"]
    assert data["url"] == f"{base}/webstd/echo{QUERY}"
    assert data["search"] == QUERY
    assert data["params"] == [["q", "A/b"], ["x", "café"], ["sp", "a b c"]]


# --- FastAPI ---------------------------------------------------------------------------


async def test_mounted_in_fastapi() -> None:
    from fastapi import FastAPI

    from webstd.adapters.asgi import to_asgi

    app = FastAPI()

    @app.get("/hello")
    def hello() -> dict[str, str]:
        return {"from": "fastapi"}

    app.mount("/webstd", to_asgi(handler))

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get(f"/webstd/echo{QUERY}")
        _check_webstd_answer(
            response.status_code,
            response.headers.get_list("set-cookie"),
            response.json(),
            response.headers.get("x-webstd"),
            "http://testserver",
        )
        hello_response = await client.get("/hello")
        assert hello_response.status_code == 200
        assert hello_response.json() == {"from": "fastapi"}
        assert "x-webstd" not in hello_response.headers


# --- Django ----------------------------------------------------------------------------


def home(request: object) -> Any:
    """Django's own view."""
    from django.http import HttpResponse  # type: ignore[import-untyped]

    return HttpResponse("django home", status=200, headers={"x-django": "yes"})


urlpatterns = [path("", home)]  # ROOT_URLCONF is this module


def _configure_django() -> None:
    from django.conf import settings  # type: ignore[import-untyped]

    if not settings.configured:
        settings.configure(
            ROOT_URLCONF=__name__,
            ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
            DEBUG=False,
            SECRET_KEY="webstd-tests-only",
            INSTALLED_APPS=[],
            MIDDLEWARE=[],
        )


def django_asgi_application() -> Callable[..., Any]:
    """The README's Django ASGI recipe (the uvicorn factory target)."""
    _configure_django()
    from django.core.asgi import get_asgi_application  # type: ignore[import-untyped]
    from starlette.applications import Starlette
    from starlette.routing import Mount

    from webstd.adapters.asgi import to_asgi

    django_app = get_asgi_application()
    return Starlette(routes=[Mount("/webstd", app=to_asgi(handler)), Mount("/", app=django_app)])


def django_wsgi_application() -> Callable[..., Any]:
    """The README's Django WSGI recipe."""
    _configure_django()
    from django.core.wsgi import get_wsgi_application  # type: ignore[import-untyped]
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from webstd.adapters.wsgi import to_wsgi

    return DispatcherMiddleware(get_wsgi_application(), {"/webstd": to_wsgi(handler)})


@pytest.fixture(scope="module")
def django_under_uvicorn() -> Iterator[str]:
    port = free_port()
    target = f"{Path(__file__).stem}:django_asgi_application"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            target,
            "--port",
            str(port),
            "--no-access-log",
        ],
        cwd=HERE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)


def test_mounted_in_django_asgi(django_under_uvicorn: str) -> None:
    base = django_under_uvicorn
    with httpx.Client(base_url=base, timeout=10) as client:
        response = client.get(f"/webstd/echo{QUERY}")
        _check_webstd_answer(
            response.status_code,
            response.headers.get_list("set-cookie"),
            response.json(),
            response.headers.get("x-webstd"),
            base,
        )
        django_response = client.get("/")
        assert django_response.status_code == 200
        assert django_response.text == "django home"
        assert django_response.headers.get("x-django") == "yes"
        assert client.get("/nowhere").status_code == 404  # Django's own 404


def test_mounted_in_django_wsgi() -> None:
    client = WerkzeugClient(django_wsgi_application())
    response = client.get(f"/webstd/echo{QUERY}")
    _check_webstd_answer(
        response.status_code,
        response.headers.getlist("set-cookie"),
        response.json or {},
        response.headers.get("x-webstd"),
        "http://localhost",
    )
    django_response = client.get("/")
    assert django_response.status_code == 200
    assert django_response.text == "django home"
    assert django_response.headers.get("x-django") == "yes"
    assert client.get("/nowhere").status_code == 404
