"""WPT streams/writable-streams/start.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from streams_helpers import WPTError, flush_async_events, recording_writable_stream, rejects

from webstd.streams import WritableStream
from webstd.streams._promise import rejected

error1 = WPTError("error1")


def _pending_start(holder: dict[str, Any]) -> Any:
    def start(c: Any) -> Any:
        holder["c"] = c
        holder["start"] = asyncio.get_running_loop().create_future()
        return holder["start"]

    return start


async def test_underlying_sink_s_write_should_not_be_called_until_start_finishes() -> None:
    holder: dict[str, Any] = {}
    ws = recording_writable_stream({"start": _pending_start(holder)})
    writer = ws.stream.get_writer()
    assert writer.desired_size == 1
    writer.write("a")
    assert writer.desired_size == 0
    await flush_async_events()
    assert ws.events == []
    holder["start"].set_result(None)
    await writer.ready
    assert ws.events == ["write", "a"]


async def test_underlying_sink_s_close_should_not_be_called_until_start_finishes() -> None:
    holder: dict[str, Any] = {}
    ws = recording_writable_stream({"start": _pending_start(holder)})
    writer = ws.stream.get_writer()
    writer.close()
    assert writer.desired_size == 1
    await flush_async_events()
    assert ws.events == []
    holder["start"].set_result(None)
    await writer.closed
    assert ws.events == ["close"]


def test_underlying_sink_s_write_or_close_should_not_be_called_if_start_throws() -> None:
    passed_error = WPTError("horrible things")
    called: list[str] = []

    def start(c: Any) -> None:
        raise passed_error

    with pytest.raises(WPTError) as info:
        WritableStream(
            {
                "start": start,
                "write": lambda chunk, c: called.append("write"),
                "close": lambda: called.append("close"),
            }
        )
    assert info.value is passed_error
    assert called == []


async def test_underlying_sink_s_write_or_close_should_not_be_invoked_if_the_promise_returned_by_start_is_rejected() -> (
    None
):
    ws = recording_writable_stream({"start": lambda c: rejected(None)})
    await flush_async_events()
    assert ws.events == []


async def test_returning_a_thenable_from_start_should_work() -> None:
    class Thenable:
        def __await__(self) -> Any:
            raise error1
            yield  # pragma: no cover

    ws = WritableStream({"start": lambda c: Thenable()})
    await rejects(ws.get_writer().closed, error1)


async def test_controller_error_during_start_should_cause_writes_to_fail() -> None:
    ws = recording_writable_stream({"start": lambda c: c.error(error1)})
    await rejects(ws.stream.get_writer().write("a"), error1)
    assert ws.events == []


async def test_controller_error_during_async_start_should_cause_existing_writes_to_fail() -> None:
    holder: dict[str, Any] = {}
    ws = recording_writable_stream({"start": _pending_start(holder)})
    writer = ws.stream.get_writer()
    write = writer.write("a")
    close = writer.close()
    holder["c"].error(error1)
    holder["start"].set_result(None)
    await rejects(write, error1)
    await rejects(close, error1)
    assert ws.events == []


async def test_when_start_rejects_writer_promises_should_reject_in_standard_order() -> None:
    events: list[str] = []
    ws = WritableStream({"start": lambda c: rejected(None)}, {"high_water_mark": 0})
    writer = ws.get_writer()
    promises = [writer.ready, writer.closed, writer.write(None)]
    for promise, name in zip(promises, ["ready", "closed", "write"], strict=True):
        promise.then(None, lambda _, name=name: events.append(name))
    for promise in promises:
        await rejects(promise, Exception)
    await flush_async_events()
    assert events == ["ready", "write", "closed"]
