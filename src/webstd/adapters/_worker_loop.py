"""The event loop of a WSGI worker thread: runs one coroutine per call, eagerly when it can.

A WSGI server calls the application synchronously, so an async handler needs a
loop that runs only while the call lasts. Most handlers under WSGI never wait
on I/O (the body comes from `wsgi.input`, read synchronously) and finish in
their task's first step; `run()` runs that step at once — inside a real Task,
with this loop as the running loop, as `run_forever` would — and turns the
loop only when the task waits or other work (callbacks, due timers, I/O
watchers) is pending, so that background work still advances on every call.
"""

from __future__ import annotations

import asyncio
import selectors
import sys
from collections.abc import Awaitable, Callable, Coroutine
from types import CoroutineType
from typing import Any, TypeVar

T = TypeVar("T")

_Step = tuple[Callable[..., object], tuple[Any, ...], Any]


def _nothing() -> None:
    pass


async def _await(awaitable: Awaitable[T]) -> T:
    return await awaitable


class WorkerLoop(asyncio.SelectorEventLoop):
    """A selector event loop that knows when it has nothing to do."""

    def __init__(self) -> None:
        self._capture = False
        self._eager = False
        self._first_step: _Step | None = None
        self._dirty = False  # a callback was scheduled since the last turn of the loop
        self._timers: list[asyncio.TimerHandle] = []
        self._turned_at = 0.0  # loop time at the start of the last turn
        watch = selectors.DefaultSelector()
        # The registered file objects: the selector's own dict where it has one (a len()
        # without the Python-level mapping view), else that view.
        self._watched: Any = getattr(watch, "_fd_to_key", None)
        if not isinstance(self._watched, dict):
            self._watched = watch.get_map()
        super().__init__(watch)
        # What call_soon returns for a captured step (Task.__init__ ignores it).
        self._captured_handle = asyncio.Handle(_nothing, (), self, None)
        # BaseEventLoop's own async-generator hooks (not in typeshed), as run_forever sets them.
        base: Any = self
        self._hooks = (base._asyncgen_firstiter_hook, base._asyncgen_finalizer_hook)

    # --- scheduling: noted so that run() knows whether the loop must turn ------------------

    def call_soon(  # type: ignore[override]
        self, callback: Callable[..., object], *args: Any, context: Any = None
    ) -> asyncio.Handle:
        if self._capture:  # Task.__init__ scheduling its first step: run() runs it now
            self._capture = False
            self._first_step = (callback, args, context)
            return self._captured_handle
        self._dirty = True
        return super().call_soon(callback, *args, context=context)

    def call_soon_threadsafe(  # type: ignore[override]
        self, callback: Callable[..., object], *args: Any, context: Any = None
    ) -> asyncio.Handle:
        self._dirty = True
        return super().call_soon_threadsafe(callback, *args, context=context)

    def call_at(  # type: ignore[override]
        self, when: float, callback: Callable[..., object], *args: Any, context: Any = None
    ) -> asyncio.TimerHandle:
        handle = super().call_at(when, callback, *args, context=context)
        self._timers.append(handle)
        return handle

    def is_running(self) -> bool:
        return self._eager or super().is_running()

    def _idle(self) -> bool:
        """Nothing is ready, due or watched: the loop has no reason to turn."""
        if self._dirty:
            return False
        if self._timers:
            # A timer has run once a turn started after it was due; cancelled ones never will.
            turned_at = self._turned_at
            self._timers = [t for t in self._timers if not t.cancelled() and t.when() > turned_at]
            now = self.time()
            if any(t.when() <= now for t in self._timers):
                return False
        return len(self._watched) <= 1  # only the loop's own self-pipe

    def _turn(self) -> None:
        """One iteration of the loop: everything ready now, due timers and an I/O poll."""
        self.call_soon(self.stop)
        self._dirty = False
        self._turned_at = self.time()
        self.run_forever()

    # --- running a coroutine -------------------------------------------------------------

    def _start(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """`Task(coroutine)` with its first step run before returning (an eager start)."""
        self._capture = True
        try:
            task = asyncio.Task(coroutine, loop=self)
        finally:
            self._capture = False
        step, self._first_step = self._first_step, None
        assert step is not None, "Task() schedules its first step with call_soon"
        callback, args, context = step
        # What run_forever sets up around every step (asyncio base_events.run_forever).
        hooks = sys.get_asyncgen_hooks()
        sys.set_asyncgen_hooks(*self._hooks)
        asyncio._set_running_loop(self)
        self._eager = True
        try:
            context.run(callback, *args)
        finally:
            self._eager = False
            asyncio._set_running_loop(None)
            sys.set_asyncgen_hooks(*hooks)
        return task

    def run(self, awaitable: Awaitable[T]) -> T:
        """`run_until_complete(awaitable)`, without turning the loop if the first step finishes it."""
        coroutine: Coroutine[Any, Any, T] = (
            awaitable if type(awaitable) is CoroutineType else _await(awaitable)
        )
        task = self._start(coroutine)
        if not task.done():
            self._turned_at = self.time()
            self.run_until_complete(task)
        # (The cheap checks first: most calls leave nothing ready, timed or watched.)
        if (self._dirty or self._timers or len(self._watched) > 1) and not self._idle():
            self._turn()  # give background work its turn, as a full run would have
        return task.result()
