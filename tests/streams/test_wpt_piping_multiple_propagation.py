"""WPT streams/piping/multiple-propagation.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

from streams_helpers import (
    WPTError,
    flush_async_events,
    recording_readable_stream,
    recording_writable_stream,
    rejects,
)

error1 = WPTError("error1")
error2 = WPTError("error2")


def _errored_readable() -> Any:
    return recording_readable_stream({"start": lambda c: c.error(error1)})


def _closed_readable() -> Any:
    return recording_readable_stream({"start": lambda c: c.close()})


def _erroring_writable(error: BaseException) -> Any:
    return recording_writable_stream({"start": lambda c: c.error(error)})


async def _errored_writable() -> Any:
    ws = _erroring_writable(error2)
    writer = ws.stream.get_writer()
    await rejects(writer.closed, error2)
    writer.release_lock()
    assert ws.events == []
    return ws


async def test_piping_from_an_errored_readable_stream_to_an_erroring_writable_stream() -> None:
    rs = _errored_readable()
    ws = _erroring_writable(error2)
    # Trying to abort a stream that is erroring will give the writable's error
    await rejects(rs.stream.pipe_to(ws.stream), error2)
    assert rs.events == []
    assert ws.events == []
    await rejects(rs.stream.get_reader().closed, error1)
    await rejects(ws.stream.get_writer().closed, error2)


async def test_piping_from_an_errored_readable_stream_to_an_errored_writable_stream() -> None:
    rs = _errored_readable()
    ws = await _errored_writable()
    await rejects(rs.stream.pipe_to(ws.stream), error1)
    assert rs.events == []
    await rejects(rs.stream.get_reader().closed, error1)


async def test_piping_from_an_errored_readable_stream_to_an_erroring_writable_stream_preventabort_true() -> (
    None
):
    rs = _errored_readable()
    ws = _erroring_writable(error2)
    await rejects(rs.stream.pipe_to(ws.stream, prevent_abort=True), error1)
    assert rs.events == []
    assert ws.events == []
    await rejects(rs.stream.get_reader().closed, error1)
    await rejects(ws.stream.get_writer().closed, error2)


async def test_piping_from_an_errored_readable_stream_to_an_errored_writable_stream_preventabort_true() -> (
    None
):
    rs = _errored_readable()
    ws = await _errored_writable()
    await rejects(rs.stream.pipe_to(ws.stream, prevent_abort=True), error1)
    assert rs.events == []
    await rejects(rs.stream.get_reader().closed, error1)


async def test_piping_from_an_errored_readable_stream_to_a_closing_writable_stream() -> None:
    rs = _errored_readable()
    ws = recording_writable_stream()
    writer = ws.stream.get_writer()
    close = writer.close()
    writer.release_lock()
    await rejects(rs.stream.pipe_to(ws.stream), error1)
    assert rs.events == []
    assert ws.events == ["abort", error1]
    await rejects(rs.stream.get_reader().closed, error1)
    await rejects(ws.stream.get_writer().closed, error1)
    await rejects(close, error1)


async def test_piping_from_an_errored_readable_stream_to_a_closed_writable_stream() -> None:
    rs = _errored_readable()
    ws = recording_writable_stream()
    writer = ws.stream.get_writer()
    close = writer.close()
    writer.release_lock()
    await flush_async_events()
    await rejects(rs.stream.pipe_to(ws.stream), error1)
    assert rs.events == []
    assert ws.events == ["close"]
    await rejects(rs.stream.get_reader().closed, error1)
    await asyncio.gather(ws.stream.get_writer().closed, close)


async def test_piping_from_a_closed_readable_stream_to_an_erroring_writable_stream() -> None:
    rs = _closed_readable()
    ws = _erroring_writable(error1)
    await rejects(rs.stream.pipe_to(ws.stream), error1)
    assert rs.events == []
    assert ws.events == []
    await rs.stream.get_reader().closed
    await rejects(ws.stream.get_writer().closed, error1)


async def test_piping_from_a_closed_readable_stream_to_an_errored_writable_stream() -> None:
    rs = _closed_readable()
    ws = await _errored_writable()
    await rejects(rs.stream.pipe_to(ws.stream), error2)
    assert rs.events == []
    await rs.stream.get_reader().closed


async def test_piping_from_a_closed_readable_stream_to_a_closed_writable_stream() -> None:
    rs = _closed_readable()
    ws = recording_writable_stream()
    writer = ws.stream.get_writer()
    writer.close()
    writer.release_lock()
    await rs.stream.pipe_to(ws.stream)
    assert rs.events == []
    assert ws.events == ["close"]
    await asyncio.gather(rs.stream.get_reader().closed, ws.stream.get_writer().closed)
