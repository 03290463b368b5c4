"""WPT streams/writable-streams/general.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from streams_helpers import WPTError, rejects

from webstd.streams import WritableStream


def test_desiredsize_on_a_released_writer() -> None:
    writer = WritableStream({}).get_writer()
    writer.release_lock()
    with pytest.raises(TypeError):
        writer.desired_size  # noqa: B018


def test_desiredsize_initial_value() -> None:
    assert WritableStream({}).get_writer().desired_size == 1


async def test_desiredsize_on_a_writer_for_a_closed_stream() -> None:
    writer = WritableStream({}).get_writer()
    writer.close()
    await writer.closed
    assert writer.desired_size == 0


def test_desiredsize_on_a_writer_for_an_errored_stream() -> None:
    ws = WritableStream({"start": lambda c: c.error()})
    assert ws.get_writer().desired_size is None


def test_ws_getwriter_on_a_closing_writablestream() -> None:
    ws = WritableStream({})
    writer = ws.get_writer()
    writer.close()
    writer.release_lock()
    ws.get_writer()


async def test_ws_getwriter_on_a_closed_writablestream() -> None:
    ws = WritableStream({})
    writer = ws.get_writer()
    await writer.close()
    writer.release_lock()
    ws.get_writer()


def test_ws_getwriter_on_an_aborted_writablestream() -> None:
    ws = WritableStream({})
    writer = ws.get_writer()
    writer.abort()
    writer.release_lock()
    ws.get_writer()


async def test_ws_getwriter_on_an_errored_writablestream() -> None:
    ws = WritableStream({"start": lambda c: c.error(Exception("x"))})
    writer = ws.get_writer()
    with pytest.raises(Exception):
        await writer.closed
    writer.release_lock()
    ws.get_writer()


async def test_closed_and_ready_on_a_released_writer() -> None:
    writer = WritableStream({}).get_writer()
    writer.release_lock()
    closed_rejection = await rejects(writer.closed, TypeError)
    await rejects(writer.ready, closed_rejection)


async def test_writablestream_should_call_underlying_sink_methods_as_methods() -> None:
    seen: list[tuple[str, Any]] = []

    class Sink:
        def start(self, c: Any) -> None:
            seen.append(("start", self))

        def write(self, chunk: Any, c: Any) -> None:
            seen.append(("write", self))

        def close(self) -> None:
            seen.append(("close", self))

        def abort(self, reason: Any) -> None:
            seen.append(("abort", self))

    sink = Sink()
    writer = WritableStream(sink).get_writer()
    writer.write("a")
    close = writer.close()
    abort = WritableStream(sink).get_writer().abort()
    await asyncio.gather(close, abort)
    assert sorted(name for name, _ in seen) == ["abort", "close", "start", "start", "write"]
    assert all(owner is sink for _, owner in seen)


async def test_writablestream_s_strategy_size_should_not_be_called_as_a_method() -> None:
    sizes: list[Any] = []

    def size(chunk: Any) -> int:
        sizes.append(chunk)
        return 1

    await WritableStream({}, {"size": size}).get_writer().write("a")
    assert sizes == ["a"]


async def test_redundant_releaselock_is_no_op() -> None:
    ws = WritableStream()
    writer1 = ws.get_writer()
    assert writer1.release_lock() is None
    writer2 = ws.get_writer()
    assert writer1.release_lock() is None
    await writer2.ready


async def test_ready_promise_should_fire_before_closed_on_releaselock() -> None:
    events: list[str] = []
    ws = WritableStream()
    writer = ws.get_writer()
    await writer.ready
    write = writer.write("dummy")
    ready = writer.ready
    closed = writer.closed
    ready.then(None, lambda e: events.append("ready"))
    closed.then(None, lambda e: events.append("closed"))
    writer.release_lock()
    await rejects(ready, TypeError)
    await rejects(closed, TypeError)
    assert events == ["ready", "closed"]
    await asyncio.gather(write, ws.abort())


async def test_writer_write_then_close_writes_in_order() -> None:
    written: list[Any] = []
    ws = WritableStream(
        {"write": lambda chunk, c: written.append(chunk), "close": lambda: written.append("close")}
    )
    writer = ws.get_writer()
    for chunk in "abc":
        writer.write(chunk)
    await writer.close()
    assert written == ["a", "b", "c", "close"]


async def test_write_rejects_with_the_stored_error_of_an_errored_stream() -> None:
    error = WPTError("e")
    ws = WritableStream({"start": lambda c: c.error(error)})
    writer = ws.get_writer()
    await rejects(writer.closed, error)
    await rejects(writer.write("a"), error)


def test_writablestream_constructor_validates_its_arguments() -> None:
    with pytest.raises(TypeError):
        WritableStream({"write": "potato"})
    with pytest.raises(ValueError):
        WritableStream({"type": "bytes"})
    with pytest.raises(ValueError):
        WritableStream({}, {"high_water_mark": -1})
    with pytest.raises(TypeError):
        WritableStream({}, {"size": 5})
