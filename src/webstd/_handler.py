"""Calling a handler the one way every adapter does.

A handler is `async def handler(request) -> Response` or a plain
`def handler(request) -> Response`. A plain function runs in a worker thread
(the event loop's default executor) so that blocking code cannot stall the
server; if it returns an awaitable anyway, that awaitable is awaited.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from webstd.fetch.request import Request
    from webstd.fetch.response import Response

__all__ = ["AsyncHandler", "Handler", "as_async_handler", "is_async_callable"]

Handler = Callable[["Request"], Any]
AsyncHandler = Callable[["Request"], Awaitable["Response"]]


def is_async_callable(obj: object) -> bool:
    """True for an `async def` function, a partial of one, or an object whose `__call__` is one."""
    while isinstance(obj, functools.partial):
        obj = obj.func
    if inspect.iscoroutinefunction(obj):
        return True
    call = getattr(obj, "__call__", None)  # noqa: B004 - we want the bound __call__
    return call is not None and inspect.iscoroutinefunction(call)


def as_async_handler(handler: Handler) -> AsyncHandler:
    """Return `handler` itself when it is async, else a coroutine function that runs it in a thread."""
    if not callable(handler):
        raise TypeError(f"handler {handler!r} is not callable")
    if is_async_callable(handler):
        return handler

    async def run_in_thread(request: Request) -> Response:
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        result = await loop.run_in_executor(None, context.run, handler, request)
        if inspect.isawaitable(result):
            result = await result
        return result  # type: ignore[no-any-return]

    functools.update_wrapper(run_in_thread, handler)
    return run_in_thread
