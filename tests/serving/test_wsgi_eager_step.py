"""to_wsgi runs an async handler's first step at once: it must still be a real task on its loop."""

from __future__ import annotations

import asyncio
import contextvars
import gc
import sys
import threading
import time
import wsgiref.util
from typing import Any

import pytest

from webstd import Request, Response
from webstd.adapters.wsgi import to_wsgi

_var: contextvars.ContextVar[str] = contextvars.ContextVar("_var", default="unset")


def _get(app: Any, path: str = "/") -> tuple[str, bytes]:
    environ: dict[str, Any] = {}
    wsgiref.util.setup_testing_defaults(environ)
    environ["PATH_INFO"] = path
    started: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started.append(status)
        return lambda data: None

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return started[0], body


def test_first_step_runs_in_a_task_with_a_running_loop() -> None:
    seen: dict[str, Any] = {}

    async def handler(request: Request) -> Response:
        seen["task"] = asyncio.current_task()
        seen["loop"] = asyncio.get_running_loop()
        seen["running"] = seen["loop"].is_running()
        return Response("ok")

    assert _get(to_wsgi(handler)) == ("200 OK", b"ok")
    assert isinstance(seen["task"], asyncio.Task)
    assert seen["running"] is True
    assert seen["task"].get_loop() is seen["loop"]
    assert not seen["loop"].is_running()  # only while the step runs


@pytest.mark.skipif(sys.version_info < (3, 11), reason="asyncio.timeout is 3.11+")
def test_asyncio_timeout_works_in_the_first_step() -> None:
    async def handler(request: Request) -> Response:
        async with asyncio.timeout(5):  # type: ignore[attr-defined,unused-ignore]
            await asyncio.sleep(0)
        try:
            async with asyncio.timeout(0.01):  # type: ignore[attr-defined,unused-ignore]
                await asyncio.sleep(10)
        except TimeoutError:
            return Response("timed out")
        return Response("no")

    assert _get(to_wsgi(handler)) == ("200 OK", b"timed out")


def test_a_handler_that_waits_finishes_on_the_loop() -> None:
    async def handler(request: Request) -> Response:
        await asyncio.sleep(0.01)
        inner = asyncio.ensure_future(asyncio.sleep(0, "inner"))
        return Response(await asyncio.wait_for(inner, 1))

    app = to_wsgi(handler)
    for _ in range(3):
        assert _get(app) == ("200 OK", b"inner")


def test_an_exception_in_the_first_step_is_a_500_and_the_loop_stays_usable() -> None:
    calls = 0

    async def handler(request: Request) -> Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("boom")
        return Response("fine")

    app = to_wsgi(handler)
    assert _get(app)[0].startswith("500")
    assert _get(app) == ("200 OK", b"fine")


def test_context_variables_do_not_leak_between_requests() -> None:
    async def handler(request: Request) -> Response:
        before = _var.get()
        _var.set("set by the handler")
        return Response(before)

    app = to_wsgi(handler)
    assert _get(app) == ("200 OK", b"unset")
    assert _get(app) == ("200 OK", b"unset")
    assert _var.get() == "unset"


def test_an_abandoned_async_generator_is_closed_on_the_loop() -> None:
    events: list[str] = []

    async def numbers() -> Any:
        try:
            yield 1
            yield 2
        finally:
            await asyncio.sleep(0)  # needs a loop: only the loop's finalizer can run this
            events.append("closed")

    async def handler(request: Request) -> Response:
        generator = numbers()
        first = await generator.__anext__()  # first iterated in the eager step
        del generator
        gc.collect()
        return Response(str(first))

    app = to_wsgi(handler)
    assert _get(app) == ("200 OK", b"1")
    # The finalizer scheduled aclose() on the thread's loop; the loop turns after each request.
    for _ in range(3):
        if "closed" in events:
            break
        assert _get(app, "/again") == ("200 OK", b"1")
    assert events.count("closed") >= 1


def test_background_work_advances_on_later_requests() -> None:
    done: list[str] = []
    background: set[asyncio.Task[None]] = set()

    async def later(text: str) -> None:
        await asyncio.sleep(0.05)  # a timer: due only after the request that made it
        done.append(text)

    async def handler(request: Request) -> Response:
        if request.url.endswith("/start"):
            task = asyncio.get_running_loop().create_task(later("timer ran"))
            background.add(task)
            task.add_done_callback(background.discard)
        return Response("ok")

    app = to_wsgi(handler)
    assert _get(app, "/start") == ("200 OK", b"ok")
    assert done == []
    time.sleep(0.1)
    for _ in range(3):
        if done:
            break
        assert _get(app, "/other") == ("200 OK", b"ok")
    assert done == ["timer ran"]
    _get(app, "/other")  # the task's done callbacks ran in the turn after it finished
    assert not background


def test_each_worker_thread_has_its_own_loop() -> None:
    loops: list[asyncio.AbstractEventLoop] = []

    async def handler(request: Request) -> Response:
        loops.append(asyncio.get_running_loop())
        return Response("ok")

    app = to_wsgi(handler)
    _get(app)
    _get(app)
    thread = threading.Thread(target=_get, args=(app,))
    thread.start()
    thread.join()
    assert loops[0] is loops[1]
    assert loops[2] is not loops[0]


def test_signal_is_made_lazily_and_aborted_when_the_server_closes_early() -> None:
    signals: list[Any] = []

    async def handler(request: Request) -> Response:
        async def chunks() -> Any:
            while True:
                yield b"x"

        signals.append(request)
        return Response(chunks())

    environ: dict[str, Any] = {}
    wsgiref.util.setup_testing_defaults(environ)
    result = to_wsgi(handler)(environ, lambda status, headers, exc_info=None: None)
    assert next(iter(result)) == b"x"
    result.close()  # type: ignore[attr-defined]
    assert signals[0].signal.aborted
    assert signals[0].signal.reason.name == "AbortError"


def test_hop_by_hop_headers_are_left_to_the_server_and_set_cookies_stay_apart() -> None:
    async def handler(request: Request) -> Response:
        response = Response("ok", status=299)
        response.headers.append("connection", "keep-alive")
        response.headers.append("Transfer-Encoding", "chunked")
        response.headers.append("set-cookie", "a=1")
        response.headers.append("set-cookie", "b=2")
        return response

    environ: dict[str, Any] = {}
    wsgiref.util.setup_testing_defaults(environ)
    started: list[Any] = []
    body = b"".join(
        to_wsgi(handler)(
            environ, lambda status, headers, exc_info=None: started.extend([status, headers])
        )
    )
    status, headers = started
    assert status == "299 "  # an unregistered code: no reason phrase
    assert body == b"ok"
    assert headers == [
        ("content-type", "text/plain;charset=UTF-8"),
        ("set-cookie", "a=1"),
        ("set-cookie", "b=2"),
        ("content-length", "2"),
    ]
    assert all(type(name) is str and type(value) is str for name, value in headers)
