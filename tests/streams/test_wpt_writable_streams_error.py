"""WPT streams/writable-streams/error.any.js, ported."""

from __future__ import annotations

from typing import Any

from streams_helpers import WPTError, rejects

from webstd.streams import WritableStream

error1 = WPTError("error1")
error2 = WPTError("error2")


def _stream() -> tuple[WritableStream, Any]:
    holder: dict[str, Any] = {}
    ws = WritableStream({"start": lambda c: holder.__setitem__("c", c)})
    return ws, holder["c"]


async def test_controller_error_should_error_the_stream() -> None:
    ws = WritableStream({"start": lambda c: c.error(error1)})
    await rejects(ws.get_writer().closed, error1)


async def test_controller_error_on_erroring_stream_should_not_throw() -> None:
    ws, controller = _stream()
    abort = ws.abort()
    controller.error(error1)
    await abort


async def test_surplus_calls_to_controller_error_should_be_a_no_op() -> None:
    ws, controller = _stream()
    controller.error(error1)
    controller.error(error2)
    await rejects(ws.get_writer().closed, error1)


async def test_controller_error_on_errored_stream_should_not_throw() -> None:
    ws, controller = _stream()
    await ws.abort()
    controller.error(error1)
    await rejects(ws.get_writer().closed, Exception)


async def test_controller_error_on_closed_stream_should_not_throw() -> None:
    ws, controller = _stream()
    writer = ws.get_writer()
    await writer.close()
    controller.error(error1)
    assert await writer.closed is None
