"""WPT streams/piping/close-propagation-backward.any.js, ported (options are bools: the
falsy/truthy non-bool cases are in tests/wpt/SKIPPED.md)."""

from __future__ import annotations

from typing import Any

import pytest
from streams_helpers import (
    WPTError,
    recording_readable_stream,
    recording_writable_stream,
    rejects,
    without_pulls,
)

error1 = WPTError("error1")


def _closing_ws() -> Any:
    ws = recording_writable_stream()
    writer = ws.stream.get_writer()
    writer.close()
    writer.release_lock()
    return ws


@pytest.mark.parametrize(
    "options",
    [{}, {"prevent_cancel": False}],
    ids=["preventCancel omitted", "preventCancel = false"],
)
async def test_closing_must_be_propagated_backward_starts_closed_fulfilled_cancel_promise(
    options: dict[str, bool],
) -> None:
    rs = recording_readable_stream()
    ws = _closing_ws()
    error = await rejects(rs.stream.pipe_to(ws.stream, **options), TypeError)
    assert without_pulls(rs.events) == ["cancel", error]
    assert ws.events == ["close"]
    await rs.stream.get_reader().closed
    await ws.stream.get_writer().closed


async def test_closing_must_be_propagated_backward_starts_closed_preventcancel_omitted_rejected_cancel_promise() -> (
    None
):
    recorded: list[Any] = []

    def cancel(reason: Any) -> None:
        recorded.append(reason)
        raise error1

    rs = recording_readable_stream({"cancel": cancel})
    ws = _closing_ws()
    await rejects(rs.stream.pipe_to(ws.stream), error1)
    assert isinstance(recorded[0], TypeError)
    assert without_pulls(rs.events) == ["cancel", recorded[0]]
    assert ws.events == ["close"]
    await rs.stream.get_reader().closed
    await ws.stream.get_writer().closed


@pytest.mark.parametrize(
    "options",
    [
        {"prevent_cancel": True},
        {"prevent_cancel": True, "prevent_abort": True},
        {"prevent_cancel": True, "prevent_abort": True, "prevent_close": True},
    ],
    ids=[
        "preventCancel = true (truthy)",
        "preventCancel = true, preventAbort = true",
        "preventCancel = true, preventAbort = true, preventClose = true",
    ],
)
async def test_closing_must_be_propagated_backward_starts_closed_preventcancel_true(
    options: dict[str, bool],
) -> None:
    rs = recording_readable_stream()
    ws = _closing_ws()
    await rejects(rs.stream.pipe_to(ws.stream, **options), TypeError)
    assert without_pulls(rs.events) == []
    assert ws.events == ["close"]
    await ws.stream.get_writer().closed
