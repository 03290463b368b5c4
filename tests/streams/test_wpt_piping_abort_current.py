"""WPT streams/piping/abort.any.js (current version), ported: the cases that
test_wpt_piping_abort.py does not already cover (same WPT titles)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from streams_helpers import (
    WPTError,
    delay,
    flush_async_events,
    recording_readable_stream,
    recording_writable_stream,
    rejects,
)

from webstd.abort import AbortController
from webstd.streams import ReadableStream, WritableStream

error1 = WPTError("error1")


async def test_abort_should_do_nothing_after_the_readable_is_errored_even_with_pending_writes() -> (
    None
):
    holder: dict[str, Any] = {}
    write_future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    rs = ReadableStream({"start": lambda c: holder.__setitem__("c", c)})

    def write(chunk: Any, c: Any) -> Any:
        holder["c"].error(error1)
        return write_future

    ws = WritableStream({"write": write})
    controller = AbortController()
    pipe = rs.pipe_to(ws, signal=controller.signal, prevent_abort=True)
    holder["c"].enqueue("a")
    await delay(0)
    controller.abort()
    write_future.set_result(None)
    await rejects(pipe, error1)
    await ws.get_writer().write("this should succeed")


@pytest.mark.parametrize(
    "prevent_abort",
    [False, True],
    ids=["preventCancel = true", "preventCancel = true, preventAbort = true"],
)
async def test_abort_should_stop_pulling_from_source(prevent_abort: bool) -> None:
    pull_called = asyncio.Event()
    write_called = asyncio.Event()
    write_future: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def write(chunk: Any, c: Any) -> Any:
        write_called.set()
        return write_future

    rs = recording_readable_stream({"pull": lambda c: pull_called.set()}, {"high_water_mark": 0})
    ws = recording_writable_stream({"write": write}, {"high_water_mark": float("inf")})
    rs.controller.enqueue("a")
    assert rs.events == []
    controller = AbortController()
    pipe = rs.stream.pipe_to(
        ws.stream, signal=controller.signal, prevent_cancel=True, prevent_abort=prevent_abort
    )
    # The pipe must start writing the first chunk, then try to read the next one.
    await write_called.wait()
    assert ws.events == ["write", "a"]
    await pull_called.wait()
    assert rs.events == ["pull"]
    # Any chunk enqueued after aborting must not be piped to the destination.
    controller.abort(error1)
    rs.controller.enqueue("b")
    await flush_async_events()
    write_future.set_result(None)
    await rejects(pipe, error1)
    assert rs.events == ["pull"]
    assert ws.events == (["write", "a"] if prevent_abort else ["write", "a", "abort", error1])
    rs.controller.close()
    result = await rs.stream.get_reader().read()
    assert (result.value, result.done) == ("b", False)
