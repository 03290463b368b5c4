"""The ReadableStream fast paths behave exactly like the general path.

Each scenario builds a stream from an underlying source whose start/pull/cancel
record what they see, drives it (reads, cancels, microtask probes, event-loop
turns) and records everything in order: callback calls with the desired size,
read and cancel settlements, and numbered microtask "ticks" that pin *when*
each thing happens. The same scenario through the fast path (a dict source, no
strategy) and through the general path (an object source, an explicit strategy)
must give the same trace; a few traces are pinned literally.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webstd.streams import CountQueuingStrategy, ReadableStream, _promise
from webstd.streams._promise import Promise, queue_microtask, rejected, resolved

Trace = list[Any]


class _Boom(Exception):
    pass


def _ticks(log: Trace, label: str, count: int) -> None:
    # A chain of microtasks, each queued by the one before (like `await` in a loop):
    # "label1" runs one microtask from now, "label2" two, and so on.
    def step(index: int) -> None:
        log.append(f"{label}{index}")
        if index < count:
            queue_microtask(step, index + 1)

    queue_microtask(step, 1)


def _desired(controller: Any) -> Any:
    return controller.desired_size


def _start(kind: str, log: Trace) -> Any:
    # The underlying source's start(controller) of each kind (None: no start member).
    if kind == "absent":
        return None

    def start(controller: Any) -> Any:
        log.append(("start", _desired(controller)))
        if kind == "none":
            return None
        if kind == "value":
            return 42
        if kind == "raise":
            raise _Boom("start")
        if kind == "enqueue":
            controller.enqueue("s")
            return None
        if kind == "close":
            controller.close()
            return None
        if kind == "error":
            controller.error(_Boom("start-error"))
            return None
        if kind == "promise":
            return resolved(None)
        if kind == "rejected":
            return rejected(_Boom("start-rejected"))
        return _start_coroutine(kind, controller, log)

    return start


async def _start_coroutine(kind: str, controller: Any, log: Trace) -> Any:
    if kind == "coro-sleep":
        await asyncio.sleep(0)
    elif kind == "coro-raise":
        raise _Boom("start-coro")
    log.append("start done")
    return None


def _pull(kind: str, log: Trace) -> Any:
    if kind == "absent":
        return None
    calls = [0]

    def pull(controller: Any) -> Any:
        calls[0] += 1
        n = calls[0]
        log.append(("pull", n, _desired(controller)))
        if kind == "sync":
            controller.enqueue(f"p{n}")
            return None
        if kind == "sync-nothing":
            return None
        if kind == "raise":
            raise _Boom("pull")
        if kind == "close-2nd":
            if n >= 2:
                controller.close()
            else:
                controller.enqueue(f"p{n}")
            return None
        if kind == "promise":
            controller.enqueue(f"p{n}")
            return resolved(None)
        return _pull_coroutine(kind, controller, n, log)

    return pull


async def _pull_coroutine(kind: str, controller: Any, n: int, log: Trace) -> Any:
    if kind == "coro-sleep":
        await asyncio.sleep(0)
    if kind == "coro-raise":
        raise _Boom("pull-coro")
    if kind == "coro-close":
        controller.enqueue(f"p{n}")
        controller.close()
        return None
    controller.enqueue(f"p{n}")
    log.append(("pull done", n))
    return None


def _cancel(kind: str, log: Trace) -> Any:
    if kind == "absent":
        return None

    def cancel(reason: Any) -> Any:
        log.append(("cancel", reason))
        if kind == "raise":
            raise _Boom("cancel")
        if kind == "coro":
            return _cancel_coroutine(log)
        return None

    return cancel


async def _cancel_coroutine(log: Trace) -> None:
    await asyncio.sleep(0)
    log.append("cancel done")


class _ObjectSource:
    """The same callbacks as attributes of an object (the general path's member lookup)."""

    def __init__(self, callbacks: dict[str, Any]) -> None:
        for name, callback in callbacks.items():
            setattr(self, name, callback)


def _settle_log(log: Trace, label: str, promise: Promise[Any]) -> None:
    promise.then(
        lambda value: log.append((label, value)),
        lambda error: log.append((label + "!", type(error).__name__, str(error))),
    )


async def _run(start: str, pull: str, cancel: str, ops: list[str], build: Any) -> Trace:
    """Run one scenario; `build(callbacks)` makes the stream. The trace it records."""
    log: Trace = []
    callbacks = {
        name: callback
        for name, callback in (
            ("start", _start(start, log)),
            ("pull", _pull(pull, log)),
            ("cancel", _cancel(cancel, log)),
        )
        if callback is not None
    }
    _ticks(log, "before", 2)
    try:
        stream = build(callbacks)
    except _Boom as error:
        log.append(("constructor!", str(error)))
        await _turns()
        return list(log)
    log.append("constructed")
    _ticks(log, "t", 5)
    reader: Any = None
    for index, op in enumerate(ops):
        if op == "read":
            reader = reader or stream.get_reader()
            _settle_log(log, f"read{index}", reader.read())
        elif op == "cancel":
            target = reader if reader is not None else stream
            _settle_log(log, f"cancel{index}", target.cancel(f"reason{index}"))
        elif op == "release" and reader is not None:
            reader.release_lock()
            reader = None
        elif op == "ticks":
            _ticks(log, f"op{index}.", 3)
        elif op == "drain":
            _promise.drain_microtasks()
        elif op == "turn":
            await asyncio.sleep(0)
        log.append(("op", index, op, stream._state))
    await _turns()
    controller: Any = stream._controller
    log.append(("end", stream._state, controller.desired_size, stream._disturbed))
    trace = list(log)  # a snapshot: what follows is cleaning up
    await _quiesce(reader if reader is not None else stream)
    return trace


async def _quiesce(target: Any) -> None:
    # Stop the source and let every task and microtask of this scenario finish, so
    # that none of them runs during (and shifts the timing of) the next scenario.
    _settle_log([], "cleanup", target.cancel("cleanup"))
    current = asyncio.current_task()
    for _ in range(100):
        await asyncio.sleep(0)
        busy = [task for task in asyncio.all_tasks() if task is not current]
        if not busy and not _promise._per_thread.checkpoint.microtasks:
            return


async def _turns() -> None:
    for _ in range(6):
        await asyncio.sleep(0)


def _fast(callbacks: dict[str, Any]) -> ReadableStream:
    return ReadableStream(dict(callbacks))


def _general(callbacks: dict[str, Any]) -> ReadableStream:
    return ReadableStream(_ObjectSource(callbacks), {"high_water_mark": 1})


_START_KINDS = [
    "absent", "none", "value", "raise", "enqueue", "close", "error",
    "promise", "rejected", "coro", "coro-sleep", "coro-raise",
]  # fmt: skip
_PULL_KINDS = [
    "absent", "sync", "sync-nothing", "raise", "close-2nd", "promise",
    "coro", "coro-sleep", "coro-raise", "coro-close",
]  # fmt: skip
_CANCEL_KINDS = ["absent", "sync", "raise", "coro"]
_OPS = st.lists(
    st.sampled_from(["read", "read", "read", "cancel", "release", "ticks", "drain", "turn"]),
    max_size=7,
)


class _Awaitable:
    """An awaitable that is not a coroutine: the general "promise resolved with" path."""

    def __init__(self, coroutine: Any) -> None:
        self._coroutine = coroutine

    def __await__(self) -> Any:
        return self._coroutine.__await__()


def _via_awaitable(callback: Any) -> Any:
    # The same callback, its coroutine results wrapped so they take the general path.
    def wrapped(*args: Any) -> Any:
        result = callback(*args)
        return _Awaitable(result) if asyncio.iscoroutine(result) else result

    return wrapped


def _general_awaitables(callbacks: dict[str, Any]) -> ReadableStream:
    wrapped = {name: _via_awaitable(callback) for name, callback in callbacks.items()}
    return ReadableStream(_ObjectSource(wrapped), {})  # an empty strategy: the defaults


def _trace(start: str, pull: str, cancel: str, ops: list[str], build: Any) -> Trace:
    return asyncio.run(_run(start, pull, cancel, ops, build))


@given(
    st.sampled_from(_START_KINDS),
    st.sampled_from(_PULL_KINDS),
    st.sampled_from(_CANCEL_KINDS),
    _OPS,
)
def test_a_dict_source_with_no_strategy_behaves_as_the_general_path(
    start: str, pull: str, cancel: str, ops: list[str]
) -> None:
    fast = _trace(start, pull, cancel, ops, _fast)
    assert fast == _trace(start, pull, cancel, ops, _general)
    # A coroutine's reactions without promises (`_promise.react`) and the promise path
    # of any other awaitable happen in the same microtasks.
    assert fast == _trace(start, pull, cancel, ops, _general_awaitables)


@given(
    st.sampled_from(["absent", "none", "enqueue", "coro-sleep", "rejected"]),
    st.sampled_from(["sync", "coro", "coro-sleep", "close-2nd", "raise"]),
    _OPS,
    st.sampled_from([0, 1, 2, 5]),
)
def test_count_queuing_strategy_behaves_as_a_size_function_returning_one(
    start: str, pull: str, ops: list[str], high_water_mark: int
) -> None:
    # CountQueuingStrategy's size is not called (it returns 1 and has no effects).
    def count(callbacks: dict[str, Any]) -> ReadableStream:
        return ReadableStream(dict(callbacks), CountQueuingStrategy(high_water_mark))

    def size_function(callbacks: dict[str, Any]) -> ReadableStream:
        strategy = {"high_water_mark": high_water_mark, "size": lambda chunk: 1}
        return ReadableStream(_ObjectSource(callbacks), strategy)

    assert _trace(start, pull, "sync", ops, count) == _trace(
        start, pull, "sync", ops, size_function
    )


def test_a_size_function_is_still_called_for_every_queued_chunk() -> None:
    sizes: list[Any] = []

    def size(chunk: Any) -> int:
        sizes.append(chunk)
        return 2

    def start(controller: Any) -> None:
        controller.enqueue("a")
        controller.enqueue("b")

    stream = ReadableStream({"start": start}, {"high_water_mark": 5, "size": size})
    assert sizes == ["a", "b"]
    assert stream._controller.desired_size == 1


def test_a_size_function_that_raises_errors_the_stream() -> None:
    def start(controller: Any) -> None:
        with pytest.raises(_Boom):
            controller.enqueue("a")

    stream = ReadableStream({"start": start}, {"size": _raiser})
    assert stream._state == "errored"
    assert isinstance(stream._stored_error, _Boom)


def _raiser(chunk: Any) -> Any:
    raise _Boom("size")


# Traces recorded before the fast paths existed (the general Promise machinery): each
# callback, settlement and numbered probe tick must stay where it was.
_PINNED: list[tuple[tuple[str, str, str, list[str]], Trace]] = [
    (
        ("absent", "sync", "absent", ["read", "read", "ticks", "read"]),
        [
            "constructed", ("op", 0, "read", "readable"), ("op", 1, "read", "readable"),
            ("op", 2, "ticks", "readable"), ("op", 3, "read", "readable"), "before1",
            ("pull", 1, 1), "t1", "op2.1", "before2", ("read0", ("p1", False)),
            ("pull", 2, 1), "t2", "op2.2", ("read1", ("p2", False)), ("pull", 3, 1), "t3",
            "op2.3", ("read3", ("p3", False)), ("pull", 4, 1), "t4", "t5",
            ("end", "readable", 0, True),
        ],
    ),
    (
        ("absent", "coro", "absent", ["read", "ticks", "read", "read"]),
        [
            "constructed", ("op", 0, "read", "readable"), ("op", 1, "ticks", "readable"),
            ("op", 2, "read", "readable"), ("op", 3, "read", "readable"), "before1",
            ("pull", 1, 1), ("pull done", 1), "t1", "op1.1", "before2",
            ("read0", ("p1", False)), "t2", "op1.2", "t3", "op1.3", ("pull", 2, 1),
            ("pull done", 2), "t4", ("read2", ("p2", False)), "t5", ("pull", 3, 1),
            ("pull done", 3), ("read3", ("p3", False)), ("pull", 4, 1), ("pull done", 4),
            ("end", "readable", 0, True),
        ],
    ),
    (
        ("absent", "coro-close", "absent", ["read", "read"]),
        [
            "constructed", ("op", 0, "read", "readable"), ("op", 1, "read", "readable"),
            "before1", ("pull", 1, 1), "t1", "before2", ("read0", ("p1", False)),
            ("read1", (None, True)), "t2", "t3", "t4", "t5", ("end", "closed", 0, True),
        ],
    ),
    (
        ("none", "coro-sleep", "coro", ["read", "cancel"]),
        [
            ("start", 1), "constructed", ("op", 0, "read", "readable"),
            ("cancel", "reason1"), ("op", 1, "cancel", "closed"), "before1", "t1",
            ("read0", (None, True)), "before2", "t2", "t3", "t4", "t5", "cancel done",
            ("cancel1", None), ("end", "closed", 0, True),
        ],
    ),
    (
        ("coro", "sync", "sync", ["ticks", "read", "drain", "read"]),
        [
            ("start", 1), "start done", "constructed", ("op", 0, "ticks", "readable"),
            ("op", 1, "read", "readable"), "before1", "t1", "op0.1", "before2", "t2",
            "op0.2", ("pull", 1, 1), "t3", "op0.3", ("read1", ("p1", False)),
            ("pull", 2, 1), "t4", "t5", ("op", 2, "drain", "readable"), ("pull", 3, 1),
            ("op", 3, "read", "readable"), ("read3", ("p2", False)),
            ("end", "readable", 0, True),
        ],
    ),
    (
        ("raise", "sync", "absent", []),
        [("start", 1), ("constructor!", "start"), "before1", "before2"],
    ),
    (
        ("rejected", "sync", "absent", ["read"]),
        [
            ("start", 1), "constructed", ("op", 0, "read", "readable"), "before1", "t1",
            "before2", "t2", "t3", ("read0!", "_Boom", "start-rejected"), "t4", "t5",
            ("end", "errored", None, True),
        ],
    ),
    (
        ("absent", "raise", "sync", ["read", "read"]),
        [
            "constructed", ("op", 0, "read", "readable"), ("op", 1, "read", "readable"),
            "before1", ("pull", 1, 1), "t1", "before2", "t2", ("read0!", "_Boom", "pull"),
            ("read1!", "_Boom", "pull"), "t3", "t4", "t5", ("end", "errored", None, True),
        ],
    ),
    (
        ("enqueue", "promise", "raise", ["read", "turn", "read", "cancel"]),
        [
            ("start", 1), "constructed", ("op", 0, "read", "readable"), "before1",
            ("pull", 1, 1), "t1", ("read0", ("s", False)), "before2", "t2", "t3", "t4",
            "t5", ("op", 1, "turn", "readable"), ("pull", 2, 1),
            ("op", 2, "read", "readable"), ("cancel", "reason3"),
            ("op", 3, "cancel", "closed"), ("read2", ("p1", False)),
            ("cancel3!", "_Boom", "cancel"), ("end", "closed", 0, True),
        ],
    ),
    (
        ("absent", "close-2nd", "absent", ["read", "read", "read"]),
        [
            "constructed", ("op", 0, "read", "readable"), ("op", 1, "read", "readable"),
            ("op", 2, "read", "readable"), "before1", ("pull", 1, 1), "t1", "before2",
            ("read0", ("p1", False)), ("pull", 2, 1), "t2", ("read1", (None, True)),
            ("read2", (None, True)), "t3", "t4", "t5", ("end", "closed", 0, True),
        ],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("scenario", "expected"), _PINNED)
def test_the_microtask_timing_of_start_pull_and_cancel_is_unchanged(
    scenario: tuple[str, str, str, list[str]], expected: Trace
) -> None:
    for build in (_fast, _general, _general_awaitables):
        assert _trace(*scenario, build) == expected


# --- _promise.react against promise_resolved_with(value).then(...) ------------


async def _coroutine_value(kind: str) -> Any:
    if kind.startswith("sleep"):
        await asyncio.sleep(0)
    if kind.endswith("raise"):
        raise _Boom(kind)
    if kind.endswith("promise"):
        return resolved("inner")
    if kind.endswith("pending"):
        pending: Promise[Any] = Promise()
        queue_microtask(pending.resolve, "later")
        return pending
    return kind


_REACT_VALUES = [
    "none", "plain", "resolved", "rejected", "pending",
    "coro", "coro-raise", "coro-promise", "coro-pending",
    "sleep", "sleep-raise", "awaitable",
]  # fmt: skip


def _react_value(kind: str) -> Any:
    if kind == "none":
        return None
    if kind == "plain":
        return 7
    if kind == "resolved":
        return resolved("r")
    if kind == "rejected":
        return rejected(_Boom("rejected"))
    if kind == "pending":
        pending: Promise[Any] = Promise()
        queue_microtask(pending.resolve, "p")
        return pending
    if kind == "awaitable":
        return _Awaitable(_coroutine_value("coro"))
    return _coroutine_value(kind)


async def _react_trace(kinds: list[str], use_react: bool) -> Trace:
    log: Trace = []
    _ticks(log, "t", 8)
    for index, kind in enumerate(kinds):
        value = _react_value(kind)

        def fulfilled(target: Any, result: Any) -> None:
            log.append((target, "fulfilled", result))

        def rejected_(target: Any, reason: Any) -> None:
            log.append((target, "rejected", type(reason).__name__, str(reason)))

        if use_react:
            _promise.react(value, index, fulfilled, rejected_)
        else:
            _promise.promise_resolved_with(value).then(
                functools.partial(fulfilled, index), functools.partial(rejected_, index)
            )
        log.append(("made", index))
    for _ in range(5):
        await asyncio.sleep(0)
    return list(log)


@given(st.lists(st.sampled_from(_REACT_VALUES), min_size=1, max_size=4))
def test_react_reacts_in_the_same_microtasks_as_a_promise_resolved_with_the_value(
    kinds: list[str],
) -> None:
    assert asyncio.run(_react_trace(kinds, True)) == asyncio.run(_react_trace(kinds, False))


def test_react_without_a_running_loop_takes_the_promise_path() -> None:
    log: Trace = []

    async def coroutine() -> str:
        return "done"

    _promise.react(coroutine(), "t", lambda t, v: log.append((t, v)), lambda t, r: None)
    assert log == []  # started from a microtask, as run_coroutine does without a loop
    _promise.drain_microtasks()
    assert log == [("t", "done")]


def test_a_pull_sentinel_never_gets_reactions() -> None:
    from webstd.streams import readable

    async def pull(controller: Any) -> None:
        controller.enqueue(1)

    async def run() -> list[Any]:
        return [chunk async for chunk in _take(ReadableStream({"pull": pull}), 3)]

    assert asyncio.run(run()) == [1, 1, 1]
    assert readable._REACTING._reactions is None
    assert not readable._REACTING.settled


async def _take(stream: ReadableStream, count: int) -> Any:
    async for chunk in stream:
        yield chunk
        count -= 1
        if count == 0:
            return


def test_the_byte_stream_classes_are_still_reachable_from_readable() -> None:
    from webstd.streams import byte_stream, readable

    assert readable.ReadableStreamBYOBReader is byte_stream.ReadableStreamBYOBReader
    controller_class = getattr(readable, "ReadableByteStreamController")  # noqa: B009
    assert controller_class is byte_stream.ReadableByteStreamController
    with pytest.raises(AttributeError, match="no_such_name"):
        readable.no_such_name  # noqa: B018


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ({"pull": 5}, "pull 5 is not callable"),
        ({"start": "x"}, "start 'x' is not callable"),
        ({"cancel": 1.5}, "cancel 1.5 is not callable"),
        ({"type": "other"}, "invalid type 'other'"),
        ("text", "is not an object"),
    ],
)
def test_bad_dict_sources_are_rejected_as_before(source: Any, error: str) -> None:
    with pytest.raises(TypeError, match=error):
        ReadableStream(source)


def test_a_dict_subclass_source_is_read_as_a_dict() -> None:
    class Source(dict[str, Any]):
        pass

    seen: list[Any] = []
    ReadableStream(Source(start=seen.append))
    assert len(seen) == 1
    byte_source = Source(type="bytes", start=lambda c: seen.append(type(c).__name__))
    ReadableStream(byte_source)
    assert seen[-1] == "ReadableByteStreamController"
