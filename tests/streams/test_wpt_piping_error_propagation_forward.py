"""WPT streams/piping/error-propagation-forward.any.js, ported (options are bools: the
falsy/truthy non-bool cases are in tests/wpt/SKIPPED.md)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from streams_helpers import (
    WPTError,
    flush_async_events,
    raiser,
    recording_readable_stream,
    recording_writable_stream,
    rejects,
    without_pulls,
)

from webstd.streams import CountQueuingStrategy
from webstd.streams._promise import rejected

error1 = WPTError("error1")
error2 = WPTError("error2")


def _starts_errored() -> Any:
    return recording_readable_stream({"start": lambda c: rejected(error1)})


def _ws(abort_rejects: bool = False, never_desires: bool = False) -> Any:
    sink = {"abort": raiser(error2)} if abort_rejects else None
    return recording_writable_stream(
        sink, CountQueuingStrategy(high_water_mark=0) if never_desires else None
    )


@pytest.mark.parametrize(
    "options",
    [{}, {"prevent_abort": False}],
    ids=["preventAbort = false", "preventAbort = false (falsy)"],
)
async def test_errors_must_be_propagated_forward_starts_errored_preventabort_false_fulfilled_abort_promise(
    options: dict[str, bool],
) -> None:
    rs, ws = _starts_errored(), _ws()
    await rejects(rs.stream.pipe_to(ws.stream, **options), error1)
    assert rs.events == []
    assert ws.events == ["abort", error1]


async def test_errors_must_be_propagated_forward_starts_errored_preventabort_false_rejected_abort_promise() -> (
    None
):
    rs, ws = _starts_errored(), _ws(abort_rejects=True)
    await rejects(rs.stream.pipe_to(ws.stream), error2)
    assert rs.events == []
    assert ws.events == ["abort", error1]


@pytest.mark.parametrize(
    "options",
    [
        {"prevent_abort": True},
        {"prevent_abort": True, "prevent_cancel": True},
        {"prevent_abort": True, "prevent_cancel": True, "prevent_close": True},
    ],
    ids=[
        "preventAbort = true (truthy)",
        "preventAbort = true, preventCancel = true",
        "preventAbort = true, preventCancel = true, preventClose = true",
    ],
)
async def test_errors_must_be_propagated_forward_starts_errored_preventabort_true(
    options: dict[str, bool],
) -> None:
    rs, ws = _starts_errored(), _ws()
    await rejects(rs.stream.pipe_to(ws.stream, **options), error1)
    assert rs.events == []
    assert ws.events == []


def _error_later(rs: Any, after_chunk: bool) -> None:
    loop = asyncio.get_running_loop()
    if not after_chunk:
        loop.call_later(0.01, rs.controller.error, error1)
        return

    def enqueue() -> None:
        rs.controller.enqueue("Hello")
        loop.call_later(0.01, rs.controller.error, error1)

    loop.call_later(0.01, enqueue)


@pytest.mark.parametrize("after_chunk", [False, True], ids=["while empty", "after one chunk"])
@pytest.mark.parametrize("never_desires", [False, True], ids=["", "dest never desires chunks"])
@pytest.mark.parametrize(
    "variant",
    [
        "preventAbort = false; fulfilled abort promise",
        "preventAbort = false; rejected abort promise",
        "preventAbort = true",
    ],
)
async def test_errors_must_be_propagated_forward_becomes_errored(
    after_chunk: bool, never_desires: bool, variant: str
) -> None:
    abort_rejects = "rejected" in variant
    prevent_abort = variant == "preventAbort = true"
    rs = recording_readable_stream()
    ws = _ws(abort_rejects, never_desires)
    pipe = rs.stream.pipe_to(ws.stream, prevent_abort=prevent_abort)
    _error_later(rs, after_chunk)
    await rejects(pipe, error2 if abort_rejects else error1)
    assert without_pulls(rs.events) == []
    written = ["write", "Hello"] if after_chunk and not never_desires else []
    assert ws.events == written + ([] if prevent_abort else ["abort", error1])


def _blocking_writes(holder: dict[str, Any]) -> Any:
    def write(chunk: Any, c: Any) -> Any:
        future = asyncio.get_running_loop().create_future()
        holder["resolve"] = lambda: future.set_result(None)
        holder["write_called"].set()
        return future

    return write


@pytest.mark.parametrize("prevent_abort", [False, True], ids=["", "preventAbort = true"])
async def test_errors_must_be_propagated_forward_shutdown_must_not_occur_until_the_final_write_completes(
    prevent_abort: bool,
) -> None:
    holder: dict[str, Any] = {"write_called": asyncio.Event()}
    rs = recording_readable_stream()
    ws = recording_writable_stream({"write": _blocking_writes(holder)})
    state = {"complete": False}
    pipe = rs.stream.pipe_to(ws.stream, prevent_abort=prevent_abort)
    pipe.then(None, lambda _: state.__setitem__("complete", True))
    rs.controller.enqueue("a")
    await holder["write_called"].wait()
    rs.controller.error(error1)
    await flush_async_events()
    assert ws.events == ["write", "a"]  # no 'abort'
    assert not state["complete"]
    holder["resolve"]()
    await rejects(pipe, error1)
    await flush_async_events()
    assert ws.events == ["write", "a"] + ([] if prevent_abort else ["abort", error1])


@pytest.mark.parametrize("prevent_abort", [False, True], ids=["", "preventAbort = true"])
async def test_errors_must_be_propagated_forward_shutdown_must_not_occur_until_the_final_write_completes_becomes_errored_after_first_write(
    prevent_abort: bool,
) -> None:
    holder: dict[str, Any] = {"write_called": asyncio.Event()}
    rs = recording_readable_stream()
    ws = recording_writable_stream(
        {"write": _blocking_writes(holder)}, CountQueuingStrategy(high_water_mark=2)
    )
    state = {"complete": False}
    pipe = rs.stream.pipe_to(ws.stream, prevent_abort=prevent_abort)
    pipe.then(None, lambda _: state.__setitem__("complete", True))
    rs.controller.enqueue("a")
    rs.controller.enqueue("b")
    await holder["write_called"].wait()
    await flush_async_events()
    assert ws.events == ["write", "a"]
    assert not state["complete"]
    rs.controller.error(error1)
    holder["resolve"]()
    await flush_async_events()
    assert ws.events == ["write", "a", "write", "b"]
    assert not state["complete"]
    holder["resolve"]()
    await rejects(pipe, error1)
    await flush_async_events()
    expected = ["write", "a", "write", "b"] + ([] if prevent_abort else ["abort", error1])
    assert ws.events == expected
