"""WPT streams/piping/close-propagation-forward.any.js, ported (options are bools: the
falsy/truthy non-bool cases are in tests/wpt/SKIPPED.md)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from streams_helpers import (
    WPTError,
    delay,
    flush_async_events,
    raiser,
    recording_readable_stream,
    recording_writable_stream,
    rejects,
    without_pulls,
)

from webstd.streams import CountQueuingStrategy

error1 = WPTError("error1")


def _closed_rs() -> Any:
    return recording_readable_stream({"start": lambda c: c.close()})


def _ws(close_rejects: bool, strategy: Any = None) -> Any:
    return recording_writable_stream({"close": raiser(error1)} if close_rejects else None, strategy)


async def _check_closed(rs: Any, ws: Any, close_rejects: bool) -> None:
    await rs.stream.get_reader().closed
    if close_rejects:
        await rejects(ws.stream.get_writer().closed, error1)
    else:
        await ws.stream.get_writer().closed


async def _pipe(rs: Any, ws: Any, close_rejects: bool, **options: Any) -> None:
    pipe = rs.stream.pipe_to(ws.stream, **options)
    if close_rejects:
        await rejects(pipe, error1)
    else:
        assert await pipe is None


async def test_closing_must_be_propagated_forward_starts_closed_preventclose_omitted_fulfilled_close_promise() -> (
    None
):
    rs, ws = _closed_rs(), _ws(False)
    await _pipe(rs, ws, False)
    assert rs.events == []
    assert ws.events == ["close"]
    await _check_closed(rs, ws, False)


async def test_closing_must_be_propagated_forward_starts_closed_preventclose_omitted_rejected_close_promise() -> (
    None
):
    rs, ws = _closed_rs(), _ws(True)
    await _pipe(rs, ws, True)
    assert rs.events == []
    assert ws.events == ["close"]
    await _check_closed(rs, ws, True)


async def test_closing_must_be_propagated_forward_starts_closed_preventclose_false_falsy_fulfilled_close_promise() -> (
    None
):
    rs, ws = _closed_rs(), _ws(False)
    await _pipe(rs, ws, False, prevent_close=False)
    assert rs.events == []
    assert ws.events == ["close"]
    await _check_closed(rs, ws, False)


@pytest.mark.parametrize(
    "options",
    [
        {"prevent_close": True},
        {"prevent_close": True, "prevent_abort": True},
        {"prevent_close": True, "prevent_abort": True, "prevent_cancel": True},
    ],
    ids=[
        "preventClose = true (truthy)",
        "preventClose = true, preventAbort = true",
        "preventClose = true, preventAbort = true, preventCancel = true",
    ],
)
async def test_closing_must_be_propagated_forward_starts_closed_preventclose_true(
    options: dict[str, bool],
) -> None:
    rs, ws = _closed_rs(), _ws(False)
    assert await rs.stream.pipe_to(ws.stream, **options) is None
    assert rs.events == []
    assert ws.events == []
    await rs.stream.get_reader().closed


@pytest.mark.parametrize("close_rejects", [False, True], ids=["fulfilled", "rejected"])
@pytest.mark.parametrize("never_desires", [False, True], ids=["", "dest never desires chunks"])
async def test_closing_must_be_propagated_forward_becomes_closed_asynchronously_preventclose_omitted(
    close_rejects: bool, never_desires: bool
) -> None:
    rs = recording_readable_stream()
    ws = _ws(close_rejects, CountQueuingStrategy(high_water_mark=0) if never_desires else None)
    pipe = asyncio.ensure_future(_pipe(rs, ws, close_rejects))
    asyncio.get_running_loop().call_soon(rs.controller.close)
    await pipe
    assert without_pulls(rs.events) == []
    assert ws.events == ["close"]
    await _check_closed(rs, ws, close_rejects)


@pytest.mark.parametrize("never_desires", [False, True], ids=["", "dest never desires chunks"])
async def test_closing_must_be_propagated_forward_becomes_closed_asynchronously_preventclose_true(
    never_desires: bool,
) -> None:
    rs = recording_readable_stream()
    ws = _ws(False, CountQueuingStrategy(high_water_mark=0) if never_desires else None)
    pipe = rs.stream.pipe_to(ws.stream, prevent_close=True)
    asyncio.get_running_loop().call_soon(rs.controller.close)
    assert await pipe is None
    assert without_pulls(rs.events) == []
    assert ws.events == []
    await rs.stream.get_reader().closed


def _enqueue_then_close_later(rs: Any) -> None:
    loop = asyncio.get_running_loop()

    def enqueue() -> None:
        rs.controller.enqueue("Hello")
        loop.call_soon(rs.controller.close)

    loop.call_later(0.01, enqueue)


@pytest.mark.parametrize("close_rejects", [False, True], ids=["fulfilled", "rejected"])
async def test_closing_must_be_propagated_forward_becomes_closed_after_one_chunk_preventclose_omitted(
    close_rejects: bool,
) -> None:
    rs = recording_readable_stream()
    ws = _ws(close_rejects)
    pipe = asyncio.ensure_future(_pipe(rs, ws, close_rejects))
    _enqueue_then_close_later(rs)
    await pipe
    assert without_pulls(rs.events) == []
    assert ws.events == ["write", "Hello", "close"]
    await _check_closed(rs, ws, close_rejects)


async def test_closing_must_be_propagated_forward_becomes_closed_after_one_chunk_preventclose_true() -> (
    None
):
    rs = recording_readable_stream()
    ws = _ws(False)
    pipe = rs.stream.pipe_to(ws.stream, prevent_close=True)
    _enqueue_then_close_later(rs)
    assert await pipe is None
    assert without_pulls(rs.events) == []
    assert ws.events == ["write", "Hello"]
    await rs.stream.get_reader().closed


def _blocking_writes(holder: dict[str, Any]) -> Any:
    def write(chunk: Any, c: Any) -> Any:
        future = asyncio.get_running_loop().create_future()
        holder["resolve"] = lambda: future.set_result(None)
        holder.setdefault("write_called", asyncio.Event()).set()
        return future

    return write


@pytest.mark.parametrize("prevent_close", [False, True], ids=["", "preventClose = true"])
async def test_closing_must_be_propagated_forward_shutdown_must_not_occur_until_the_final_write_completes(
    prevent_close: bool,
) -> None:
    holder: dict[str, Any] = {}
    rs = recording_readable_stream()
    ws = recording_writable_stream({"write": _blocking_writes(holder)})
    state = {"complete": False}
    pipe = rs.stream.pipe_to(ws.stream, prevent_close=prevent_close)
    pipe.then(lambda _: state.__setitem__("complete", True))
    rs.controller.enqueue("a")
    rs.controller.close()
    await flush_async_events()
    assert ws.events == ["write", "a"]
    assert not state["complete"]
    holder["resolve"]()
    await pipe
    await flush_async_events()
    assert ws.events == (["write", "a"] if prevent_close else ["write", "a", "close"])


@pytest.mark.parametrize("prevent_close", [False, True], ids=["", "preventClose = true"])
async def test_closing_must_be_propagated_forward_shutdown_must_not_occur_until_the_final_write_completes_becomes_closed_after_first_write(
    prevent_close: bool,
) -> None:
    holder: dict[str, Any] = {"write_called": asyncio.Event()}
    rs = recording_readable_stream()
    ws = recording_writable_stream(
        {"write": _blocking_writes(holder)}, CountQueuingStrategy(high_water_mark=2)
    )
    state = {"complete": False}
    pipe = rs.stream.pipe_to(ws.stream, prevent_close=prevent_close)
    pipe.then(lambda _: state.__setitem__("complete", True))
    rs.controller.enqueue("a")
    rs.controller.enqueue("b")
    await holder["write_called"].wait()
    await flush_async_events()
    assert ws.events == ["write", "a"]
    assert not state["complete"]
    rs.controller.close()
    holder["resolve"]()
    await flush_async_events()
    assert ws.events == ["write", "a", "write", "b"]
    assert not state["complete"]
    holder["resolve"]()
    await pipe
    await flush_async_events()
    expected = ["write", "a", "write", "b"] + ([] if prevent_close else ["close"])
    assert ws.events == expected


async def test_closing_must_be_propagated_forward_erroring_the_writable_while_flushing_pending_writes_should_error_pipeto() -> (
    None
):
    def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")
        c.close()

    holder: dict[str, Any] = {}

    def write(chunk: Any, c: Any) -> Any:
        future = asyncio.get_running_loop().create_future()
        holder["reject"] = future.set_exception
        return future

    rs = recording_readable_stream({"start": start})
    ws = recording_writable_stream({"write": write}, {"high_water_mark": 3})
    pipe = rs.stream.pipe_to(ws.stream)
    await delay(0)
    holder["reject"](error1)
    await rejects(pipe, error1)
    assert rs.events == []
    assert ws.events == ["write", "a"]
    await rs.stream.get_reader().closed
    await rejects(ws.stream.get_writer().closed, error1)
