"""The promises that the Streams algorithms are written in, on top of asyncio.

The Streams Standard is specified in terms of JavaScript promises: "a promise
resolved with", "upon fulfillment of", "transforming a promise". Using
`asyncio.Future` for those would need a running loop in every constructor and
would cost one scheduler round trip per reaction. `Promise` is instead a tiny
settle-once cell whose reactions run as *microtasks*: a FIFO drained in one go,
either from a single `loop.call_soon` or, eagerly, when a task awaits a pending
promise (the awaiting task would let the microtasks run first anyway in
JavaScript). An already-settled promise is awaited without yielding to the loop,
so a read that the queue can satisfy at once costs no scheduler round trip, and
a pending promise binds to the running loop only when it is first awaited.
"""

from __future__ import annotations

import asyncio
import threading
import types
from asyncio import _get_running_loop
from collections import deque
from collections.abc import Callable, Coroutine, Generator
from functools import partial
from types import CoroutineType as _CoroutineType
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_PENDING = 0
_FULFILLED = 1
_REJECTED = 2


class _Checkpoint:
    """The microtask queue of one thread (each thread runs its own event loop)."""

    __slots__ = ("drain_loop", "draining", "microtasks")

    def __init__(self) -> None:
        self.microtasks: deque[tuple[Callable[[Any], object], Any]] = deque()
        self.draining = False
        self.drain_loop: asyncio.AbstractEventLoop | None = None


class _PerThread(threading.local):
    def __init__(self) -> None:
        self.checkpoint = _Checkpoint()


_per_thread = _PerThread()
_tasks: set[asyncio.Task[Any]] = set()


def queue_microtask(callback: Callable[[Any], object], argument: Any = None) -> None:
    """HTML "queue a microtask": run `callback(argument)` after the current job."""
    checkpoint = _per_thread.checkpoint
    checkpoint.microtasks.append((callback, argument))
    if not checkpoint.draining:
        loop = _get_running_loop()  # _schedule_drain, inlined
        if loop is not None and checkpoint.drain_loop is not loop:
            checkpoint.drain_loop = loop
            loop.call_soon(_drain_from_loop)


def _schedule_drain(checkpoint: _Checkpoint) -> None:
    loop = _get_running_loop()
    if loop is None:
        return  # drained when a loop first awaits one of our promises
    if checkpoint.drain_loop is not loop:
        checkpoint.drain_loop = loop
        loop.call_soon(_drain_from_loop)


def _drain_from_loop() -> None:
    _per_thread.checkpoint.drain_loop = None
    drain_microtasks()


def drain_microtasks() -> None:
    """Perform a microtask checkpoint: run queued microtasks until none is left."""
    checkpoint = _per_thread.checkpoint
    if checkpoint.draining:
        return
    checkpoint.draining = True
    microtasks = checkpoint.microtasks
    popleft = microtasks.popleft
    try:
        while microtasks:
            try:
                while microtasks:
                    callback, argument = popleft()
                    callback(argument)
            except Exception as error:  # an internal bug: report, keep draining
                _report(error)
    finally:
        checkpoint.draining = False


def _report(error: BaseException) -> None:
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        raise error from None
    loop.call_exception_handler({"message": "webstd.streams microtask failed", "exception": error})


def as_exception(reason: object) -> BaseException:
    """The exception to raise for a rejection `reason` (any value, as in JavaScript)."""
    if isinstance(reason, BaseException):
        return reason
    return Exception(reason)


class Promise(Generic[T]):
    """A settle-once promise; `await` it any number of times."""

    # Class-level defaults instead of an __init__: a promise is made for nearly
    # every chunk, and creating one is then a bare object allocation.
    _state: int = _PENDING
    _value: Any = None
    _reactions: (
        list[tuple[Callable[[Any], object] | None, Callable[[Any], object] | None]] | None
    ) = None

    def __repr__(self) -> str:
        state = ("pending", "fulfilled", "rejected")[self._state]
        return f"<Promise {state}>"

    # WebIDL "resolve p with x" (adopting another Promise's state)
    def resolve(self, value: Any = None) -> None:
        """Resolve with `value` (a `Promise` is adopted); no-op once settled."""
        if self._state:
            return
        if isinstance(value, Promise):
            if value is self:
                self.reject(TypeError("a promise cannot be resolved with itself"))
            elif value._state == _FULFILLED:
                self.resolve(value._value)  # adopting a settled promise needs no job
            elif value._state == _REJECTED:
                self.reject(value._value)
            else:
                value.then(self.resolve, self.reject)
            return
        self.fulfill(value)

    def fulfill(self, value: Any) -> None:
        """Fulfil with `value` as it is (no adoption); no-op once settled."""
        if self._state:
            return
        self._state = _FULFILLED
        self._value = value
        reactions = self._reactions
        if reactions is not None:
            self._reactions = None
            checkpoint = _per_thread.checkpoint
            append = checkpoint.microtasks.append
            for on_fulfilled, _ in reactions:
                if on_fulfilled is not None:
                    append((on_fulfilled, value))
            if not checkpoint.draining:
                _schedule_drain(checkpoint)

    # WebIDL "reject p with r"
    def reject(self, reason: Any) -> None:
        """Reject with `reason`; no-op once settled."""
        if self._state:
            return
        self._state = _REJECTED
        self._value = reason
        reactions = self._reactions
        if reactions is not None:
            self._reactions = None
            checkpoint = _per_thread.checkpoint
            append = checkpoint.microtasks.append
            for _, on_rejected in reactions:
                if on_rejected is not None:
                    append((on_rejected, reason))
            if not checkpoint.draining:
                _schedule_drain(checkpoint)

    # WebIDL "upon fulfillment / upon rejection of p"
    def then(
        self,
        on_fulfilled: Callable[[Any], object] | None,
        on_rejected: Callable[[Any], object] | None = None,
    ) -> None:
        """React to settlement in a microtask (no derived promise)."""
        state = self._state
        if state == _PENDING:
            if self._reactions is None:
                self._reactions = [(on_fulfilled, on_rejected)]
            else:
                self._reactions.append((on_fulfilled, on_rejected))
        elif state == _FULFILLED:
            if on_fulfilled is not None:
                queue_microtask(on_fulfilled, self._value)
        elif on_rejected is not None:
            queue_microtask(on_rejected, self._value)

    # WebIDL "transforming p by a fulfillment and/or rejection handler"
    def transform(
        self,
        on_fulfilled: Callable[[Any], Any] | None,
        on_rejected: Callable[[Any], Any] | None = None,
    ) -> Promise[Any]:
        """A new promise resolved with the handler's result (or its exception)."""
        derived: Promise[Any] = Promise()

        def fulfilled(value: Any) -> None:
            if on_fulfilled is None:
                derived.resolve(value)
                return
            try:
                derived.resolve(on_fulfilled(value))
            except BaseException as error:
                derived.reject(error)

        def rejected(reason: Any) -> None:
            if on_rejected is None:
                derived.reject(reason)
                return
            try:
                derived.resolve(on_rejected(reason))
            except BaseException as error:
                derived.reject(error)

        self.then(fulfilled, rejected)
        return derived

    @property
    def settled(self) -> bool:
        """Whether the promise is fulfilled or rejected."""
        return self._state != _PENDING

    def __await__(self) -> Generator[Any, None, T]:
        # As in JavaScript, an await lets the microtasks queued so far run first;
        # if that settles the promise, the task continues without suspending.
        checkpoint = _per_thread.checkpoint
        if checkpoint.microtasks and not checkpoint.draining:
            drain_microtasks()
        if self._state == _PENDING:
            future = asyncio.get_running_loop().create_future()
            self.then(
                lambda value: _set_result(future, value),
                lambda reason: _set_exception(future, reason),
            )
            return (yield from future)  # type: ignore[no-any-return]
        if self._state == _FULFILLED:
            return self._value  # type: ignore[no-any-return]
        raise as_exception(self._value)


def _set_result(future: asyncio.Future[Any], value: Any) -> None:
    if not future.done():
        future.set_result(value)


def _set_exception(future: asyncio.Future[Any], reason: Any) -> None:
    if not future.done():
        future.set_exception(as_exception(reason))


def resolved(value: Any = None) -> Promise[Any]:
    """WebIDL "a promise resolved with value"."""
    promise: Promise[Any] = Promise()
    if isinstance(value, Promise):
        return value
    promise._state = _FULFILLED
    promise._value = value
    return promise


def rejected(reason: Any) -> Promise[Any]:
    """WebIDL "a promise rejected with reason"."""
    promise: Promise[Any] = Promise()
    promise._state = _REJECTED
    promise._value = reason
    return promise


def to_promise(value: Any) -> Promise[Any]:
    """Convert a callback's return value (plain, coroutine, awaitable) to a Promise."""
    if isinstance(value, Promise):
        return value
    if isinstance(value, types.CoroutineType):
        return run_coroutine(value)
    if hasattr(value, "__await__") and not isinstance(value, type):
        return run_coroutine(_await(value))
    return resolved(value)


def promise_resolved_with(value: Any) -> Promise[Any]:
    """WebIDL "a promise resolved with value": a new promise; a promise value is
    adopted through a resolve-thenable job, two microtasks later, as in JavaScript."""
    if value is None or not (isinstance(value, Promise) or hasattr(value, "__await__")):
        return resolved(value)
    inner = to_promise(value)
    outer: Promise[Any] = Promise()
    queue_microtask(lambda _: inner.then(outer.resolve, outer.reject))
    return outer


def react(
    value: Any,
    target: Any,
    on_fulfilled: Callable[[Any, Any], object],
    on_rejected: Callable[[Any, Any], object],
) -> None:
    """`promise_resolved_with(value).then(...)` calling `on_fulfilled(target, value)` or
    `on_rejected(target, reason)`: the same reactions in the same microtasks, without
    making the promises when `value` is a coroutine that returns or raises at once."""
    if type(value) is not _CoroutineType or _get_running_loop() is None:
        promise_resolved_with(value).then(
            partial(on_fulfilled, target), partial(on_rejected, target)
        )
        return
    # run_coroutine(value): the coroutine starts at once.
    try:
        yielded = value.send(None)
    except StopIteration as stop:
        result = stop.value
        if isinstance(result, Promise):
            inner: Promise[Any] = Promise()
            inner.resolve(result)
        else:
            # The inner promise is fulfilled now; the outer one adopts it in a
            # resolve-thenable job (1), inner's reaction fulfils it (2), and its own
            # reaction runs (3).
            queue_microtask(_hop1, (on_fulfilled, target, result))
            return
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        queue_microtask(_hop1, (on_rejected, target, error))  # the same three, rejected
        return
    else:
        inner = Promise()
        _finish_in_task(value, yielded, inner)
    outer: Promise[Any] = Promise()
    queue_microtask(lambda _: inner.then(outer.resolve, outer.reject))
    outer.then(partial(on_fulfilled, target), partial(on_rejected, target))


# The three microtasks of `react` for a settled coroutine. Each runs inside
# drain_microtasks, so the next one is appended to the queue being drained.
def _hop1(reaction: tuple[Callable[[Any, Any], object], Any, Any]) -> None:
    _per_thread.checkpoint.microtasks.append((_hop2, reaction))


def _hop2(reaction: tuple[Callable[[Any, Any], object], Any, Any]) -> None:
    _per_thread.checkpoint.microtasks.append((_hop3, reaction))


def _hop3(reaction: tuple[Callable[[Any, Any], object], Any, Any]) -> None:
    reaction[0](reaction[1], reaction[2])


async def _await(awaitable: Any) -> Any:
    return await awaitable


def call(callback: Callable[..., Any], *args: Any) -> Promise[Any]:
    """WebIDL "invoke a callback function" returning a promise: exceptions reject."""
    try:
        result = callback(*args)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        return rejected(error)
    # Web IDL converts the result to a Promise by resolving a new promise with it,
    # so an awaitable result is adopted two microtasks later, as in JavaScript.
    return promise_resolved_with(result)


def has_running_loop() -> bool:
    """Whether this thread is running an asyncio event loop."""
    return asyncio._get_running_loop() is not None


def run_coroutine(coro: Coroutine[Any, Any, Any]) -> Promise[Any]:
    """Start `coro` at once, as an async function would; a Promise of its result."""
    promise: Promise[Any] = Promise()
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        queue_microtask(lambda _: _step_coroutine(coro, promise))  # no loop yet: start in one
        return promise
    _step_coroutine(coro, promise)
    return promise


def _step_coroutine(coro: Coroutine[Any, Any, Any], promise: Promise[Any]) -> None:
    try:
        yielded = coro.send(None)
    except StopIteration as stop:
        promise.resolve(stop.value)
        return
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        promise.reject(error)
        return
    _finish_in_task(coro, yielded, promise)


def continue_in_task(waiter: Any, yielded: Any) -> Promise[Any]:
    """A Promise of what `waiter` returns: an `__await__` iterator (or coroutine) that was
    stepped eagerly once and yielded `yielded`, resumed in a task from there."""
    promise: Promise[Any] = Promise()
    _finish_in_task(waiter, yielded, promise)
    return promise


def start_in_task(waiter: Any, yielded: Any) -> tuple[Promise[Any], asyncio.Task[Any]]:
    """`continue_in_task`, also handing back the task, so the step can be cancelled
    (a CancelledError thrown in at its await point rejects the promise)."""
    promise: Promise[Any] = Promise()
    return promise, _finish_in_task(waiter, yielded, promise)


def _finish_in_task(coro: Any, yielded: Any, promise: Promise[Any]) -> asyncio.Task[Any]:
    if getattr(yielded, "_asyncio_future_blocking", None):
        # Until the task takes it over, the future must look un-awaited: the C Future
        # refuses a second `await` of a future still marked blocking.
        yielded._asyncio_future_blocking = False
    task = asyncio.get_running_loop().create_task(_continue(coro, yielded))
    _tasks.add(task)
    task.add_done_callback(lambda done: _settle_from_task(done, promise))
    return task


def _settle_from_task(task: asyncio.Task[Any], promise: Promise[Any]) -> None:
    _tasks.discard(task)
    if task.cancelled():
        promise.reject(asyncio.CancelledError())
    elif task.exception() is not None:
        promise.reject(task.exception())
    else:
        promise.resolve(task.result())


async def _continue(coro: Coroutine[Any, Any, Any], yielded: Any) -> Any:
    # Python 3.12+ create_task() takes only native coroutines, not generator-based ones.
    return await _resume(coro, yielded)


@types.coroutine
def _resume(coro: Coroutine[Any, Any, Any], yielded: Any) -> Generator[Any, Any, Any]:
    """Continue, inside a Task, a coroutine that was started eagerly."""
    # The eager step yielded an asyncio future, unmarked by _finish_in_task: mark it
    # "blocking" again, as Future.__await__ did, for the Task to accept it.
    if getattr(yielded, "_asyncio_future_blocking", None) is False:
        yielded._asyncio_future_blocking = True
    while True:
        try:
            sent = yield yielded
        except GeneratorExit:
            coro.close()
            raise
        except BaseException as error:
            try:
                yielded = coro.throw(error)
            except StopIteration as stop:
                return stop.value
            continue
        try:
            yielded = coro.send(sent)
        except StopIteration as stop:
            return stop.value
