"""Shared helpers for the Streams tests (the WPT resources test-utils.js, rs-utils.js, recording-streams.js)."""

from __future__ import annotations

import asyncio
from typing import Any

from webstd.streams import ReadableStream, TransformStream, WritableStream


class WPTError(Exception):
    """An error with a name, like the WPT `error1 = new Error('error1'); error1.name = 'error1'`."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


async def flush_async_events(turns: int = 20) -> None:
    """Let every queued microtask and ready task run (WPT flushAsyncEvents)."""
    for _ in range(turns):
        await asyncio.sleep(0)


async def delay(ms: float) -> None:
    """WPT delay(ms)."""
    await asyncio.sleep(ms / 1000)


async def read_all(stream: ReadableStream) -> list[Any]:
    """WPT readableStreamToArray."""
    return [chunk async for chunk in stream]


def raiser(error: BaseException) -> Any:
    """A callback that raises `error` whatever it is called with (WPT `() => { throw error1; }`)."""

    def raise_error(*args: Any) -> Any:
        raise error

    return raise_error


def without_pulls(events: list[Any]) -> list[Any]:
    """A recording stream's `events` less its "pull" entries."""
    return [e for e in events if e != "pull"]


async def rejects(awaitable: Any, expected: Any) -> BaseException:
    """Await `awaitable`, asserting it raises `expected` (an exception type or the instance)."""
    try:
        await awaitable
    except BaseException as error:
        if isinstance(expected, type):
            assert isinstance(error, expected), f"expected {expected}, got {error!r}"
        else:
            assert error is expected, f"expected {expected!r}, got {error!r}"
        return error
    raise AssertionError(f"expected a rejection with {expected!r}")


def _recording_start(extras: dict[str, Any], holder: dict[str, Any]) -> Any:
    """The start() of every recording stream: keep the controller, then run the extra start."""

    def start(controller: Any) -> Any:
        holder["controller"] = controller
        if "start" in extras:
            return extras["start"](controller)
        return None

    return start


def recording_readable_stream(extras: dict[str, Any] | None = None, strategy: Any = None) -> Any:
    """WPT recordingReadableStream: a stream whose source records its calls in `events`."""
    extras = extras or {}
    events: list[Any] = []
    holder: dict[str, Any] = {}

    start = _recording_start(extras, holder)

    def pull(controller: Any) -> Any:
        events.append("pull")
        if "pull" in extras:
            return extras["pull"](controller)
        return None

    def cancel(reason: Any) -> Any:
        events.append("cancel")
        events.append(reason)
        if "cancel" in extras:
            return extras["cancel"](reason)
        return None

    stream = ReadableStream({"start": start, "pull": pull, "cancel": cancel}, strategy)
    return _Recorded(stream, events, holder)


class _Recorded:
    def __init__(self, stream: Any, events: list[Any], holder: dict[str, Any]) -> None:
        self.stream = stream
        self.events = events
        self._holder = holder

    @property
    def controller(self) -> Any:
        return self._holder["controller"]


def recording_writable_stream(extras: dict[str, Any] | None = None, strategy: Any = None) -> Any:
    """WPT recordingWritableStream: a stream whose sink records its calls in `events`."""
    extras = extras or {}
    events: list[Any] = []
    holder: dict[str, Any] = {}

    start = _recording_start(extras, holder)

    def write(chunk: Any, controller: Any) -> Any:
        events.append("write")
        events.append(chunk)
        if "write" in extras:
            return extras["write"](chunk, controller)
        return None

    def close() -> Any:
        events.append("close")
        if "close" in extras:
            return extras["close"]()
        return None

    def abort(reason: Any) -> Any:
        events.append("abort")
        events.append(reason)
        if "abort" in extras:
            return extras["abort"](reason)
        return None

    stream = WritableStream(
        {"start": start, "write": write, "close": close, "abort": abort}, strategy
    )
    return _Recorded(stream, events, holder)


def recording_transform_stream(
    extras: dict[str, Any] | None = None,
    writable_strategy: Any = None,
    readable_strategy: Any = None,
) -> Any:
    """WPT recordingTransformStream."""
    extras = extras or {}
    events: list[Any] = []
    holder: dict[str, Any] = {}

    start = _recording_start(extras, holder)

    def transform(chunk: Any, controller: Any) -> Any:
        events.append("transform")
        events.append(chunk)
        if "transform" in extras:
            return extras["transform"](chunk, controller)
        controller.enqueue(chunk)
        return None

    def flush(controller: Any) -> Any:
        events.append("flush")
        if "flush" in extras:
            return extras["flush"](controller)
        return None

    ts = TransformStream(
        {"start": start, "transform": transform, "flush": flush},
        writable_strategy,
        readable_strategy,
    )
    recorded = _Recorded(ts, events, holder)
    recorded.readable = ts.readable  # type: ignore[attr-defined]
    recorded.writable = ts.writable  # type: ignore[attr-defined]
    return recorded


def sequential_readable_stream(limit: int, is_async: bool = False) -> Any:
    """WPT sequentialReadableStream: pull-based source producing 1..limit, with `closed` flag."""
    state = {"exhausted": 0, "closed": False}

    async def read_chunk() -> Any:
        if is_async:
            await asyncio.sleep(0)
        if state["exhausted"] >= limit:
            return None
        state["exhausted"] += 1
        return state["exhausted"]

    def pull_sync(controller: Any) -> None:
        if state["exhausted"] >= limit:
            state["closed"] = True
            controller.close()
            return
        state["exhausted"] += 1
        controller.enqueue(state["exhausted"])

    async def pull_async(controller: Any) -> None:
        await asyncio.sleep(0)
        pull_sync(controller)

    stream = ReadableStream({"pull": pull_async if is_async else pull_sync})
    return stream, state
