"""WPT streams/transform-streams/errors.any.js (current version), ported: the cases that
test_wpt_transform_errors.py does not already cover (same WPT titles)."""

from __future__ import annotations

import asyncio
from typing import Any

from streams_helpers import WPTError, delay, rejects

from webstd.streams import TransformStream

thrown_error = WPTError("error1")
ignored_error = WPTError("ignoredError")


async def test_abort_should_set_the_close_reason_for_the_writable_when_it_happens_before_cancel_during_underlying_sink_write_but_cancel_should_still_succeed() -> (
    None
):
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    ts = TransformStream({"transform": lambda chunk, c: future}, None, {"high_water_mark": 2})
    writer = ts.writable.get_writer()
    await delay(0)
    write = writer.write(None)
    abort = writer.abort(thrown_error)
    cancel = ts.readable.cancel(Exception("cancel reason"))
    future.set_result(None)
    await write
    await abort
    await cancel
    await rejects(writer.closed, thrown_error)


def _with_controller(holder: dict[str, Any]) -> TransformStream:
    return TransformStream({"start": lambda c: holder.__setitem__("c", c)})


async def test_controller_error_should_close_writable_immediately_after_readable_cancel() -> None:
    holder: dict[str, Any] = {}
    ts = _with_controller(holder)
    cancel = ts.readable.cancel(ignored_error)
    holder["c"].error(thrown_error)
    await cancel
    await rejects(ts.writable.get_writer().closed, thrown_error)


async def test_controller_error_should_do_nothing_after_readable_cancel_resolves() -> None:
    holder: dict[str, Any] = {}
    ts = _with_controller(holder)
    await ts.readable.cancel(thrown_error)
    holder["c"].error(ignored_error)
    await rejects(ts.writable.get_writer().closed, thrown_error)
