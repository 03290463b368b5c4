"""WPT streams/piping/error-propagation-backward.any.js, ported (options are bools: the
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
from webstd.streams._promise import rejected

error1 = WPTError("error1")
error2 = WPTError("error2")

CANCEL_VARIANTS = ["fulfilled cancel promise", "rejected cancel promise", "preventCancel = true"]


def _rs(variant: str, extras: dict[str, Any] | None = None) -> Any:
    extras = dict(extras or {})
    if variant == "rejected cancel promise":
        extras["cancel"] = raiser(error2)
    return recording_readable_stream(extras)


def _options(variant: str) -> dict[str, bool]:
    return {"prevent_cancel": True} if variant == "preventCancel = true" else {}


def _expected_error(variant: str) -> BaseException:
    return error2 if variant == "rejected cancel promise" else error1


def _expected_rs_events(variant: str) -> list[Any]:
    return [] if variant == "preventCancel = true" else ["cancel", error1]


async def test_errors_must_be_propagated_backward_starts_errored_preventcancel_omitted_fulfilled_cancel_promise() -> (
    None
):
    rs = recording_readable_stream()
    ws = recording_writable_stream({"start": lambda c: rejected(error1)})
    await rejects(rs.stream.pipe_to(ws.stream), error1)
    assert without_pulls(rs.events) == ["cancel", error1]
    assert ws.events == []


async def _errored_by_write() -> Any:
    ws = recording_writable_stream({"write": lambda chunk, c: rejected(error1)})
    writer = ws.stream.get_writer()
    await rejects(writer.write("Hello"), error1)
    await rejects(writer.closed, error1)
    writer.release_lock()
    return ws


@pytest.mark.parametrize(
    ("variant", "options"),
    [
        ("fulfilled cancel promise", {}),
        ("rejected cancel promise", {}),
        ("fulfilled cancel promise", {"prevent_cancel": False}),
        ("preventCancel = true", {"prevent_cancel": True}),
        ("preventCancel = true", {"prevent_cancel": True, "prevent_abort": True}),
        (
            "preventCancel = true",
            {"prevent_cancel": True, "prevent_abort": True, "prevent_close": True},
        ),
    ],
)
async def test_errors_must_be_propagated_backward_becomes_errored_before_piping_due_to_write(
    variant: str, options: dict[str, bool]
) -> None:
    rs = _rs(variant)
    ws = await _errored_by_write()
    await rejects(rs.stream.pipe_to(ws.stream, **options), _expected_error(variant))
    assert without_pulls(rs.events) == _expected_rs_events(variant)
    assert ws.events == ["write", "Hello"]


@pytest.mark.parametrize("variant", CANCEL_VARIANTS)
async def test_errors_must_be_propagated_backward_becomes_errored_during_piping_due_to_write(
    variant: str,
) -> None:
    rs = _rs(variant, {"start": lambda c: c.enqueue("Hello")})
    ws = recording_writable_stream({"write": raiser(error1)})
    await rejects(rs.stream.pipe_to(ws.stream, **_options(variant)), _expected_error(variant))
    assert without_pulls(rs.events) == _expected_rs_events(variant)
    assert ws.events == ["write", "Hello"]


@pytest.mark.parametrize("variant", CANCEL_VARIANTS)
async def test_errors_must_be_propagated_backward_becomes_errored_during_piping_due_to_write_but_async(
    variant: str,
) -> None:
    def start(c: Any) -> None:
        for chunk in "abc":
            c.enqueue(chunk)

    holder: dict[str, Any] = {}

    async def write_later() -> None:
        await delay(0)
        raise error1

    def write(chunk: Any, c: Any) -> Any:
        if len(holder["ws"].events) > 2:
            return write_later()
        return None

    rs = _rs(variant, {"start": start})
    ws = holder["ws"] = recording_writable_stream({"write": write})
    await rejects(rs.stream.pipe_to(ws.stream, **_options(variant)), _expected_error(variant))
    assert without_pulls(rs.events) == _expected_rs_events(variant)
    assert ws.events == ["write", "a", "write", "b"]


@pytest.mark.parametrize("never_desires", [False, True], ids=["", "dest never desires chunks"])
@pytest.mark.parametrize("variant", CANCEL_VARIANTS)
async def test_errors_must_be_propagated_backward_becomes_errored_after_piping(
    variant: str, never_desires: bool
) -> None:
    rs = _rs(variant)
    ws = recording_writable_stream(
        None, CountQueuingStrategy(high_water_mark=0) if never_desires else None
    )
    pipe = rs.stream.pipe_to(ws.stream, **_options(variant))
    asyncio.get_running_loop().call_later(0.01, ws.controller.error, error1)
    await rejects(pipe, _expected_error(variant))
    assert without_pulls(rs.events) == _expected_rs_events(variant)
    assert ws.events == []


@pytest.mark.parametrize(
    "options",
    [{}, {"prevent_cancel": True}],
    ids=["preventCancel omitted (but cancel is never called)", "preventCancel = true"],
)
async def test_errors_must_be_propagated_backward_becomes_errored_after_piping_due_to_last_write_source_is_closed(
    options: dict[str, bool],
) -> None:
    def start(c: Any) -> None:
        for chunk in "abc":
            c.enqueue(chunk)
        c.close()

    rs = recording_readable_stream({"start": start})
    ws = recording_writable_stream(
        {"write": lambda chunk, c: rejected(error1) if chunk == "c" else None}
    )
    await rejects(rs.stream.pipe_to(ws.stream, **options), error1)
    assert without_pulls(rs.events) == []
    assert ws.events == ["write", "a", "write", "b", "write", "c"]


async def test_errors_must_be_propagated_backward_becomes_errored_before_piping_via_abort_preventcancel_omitted_fulfilled_cancel_promise() -> (
    None
):
    rs = recording_readable_stream()
    ws = recording_writable_stream()
    ws.stream.abort(error1)
    await rejects(rs.stream.pipe_to(ws.stream), error1)
    assert without_pulls(rs.events) == ["cancel", error1]
    assert ws.events == ["abort", error1]


async def test_errors_must_be_propagated_backward_becomes_errored_before_piping_via_abort_preventcancel_omitted_rejected_cancel_promise() -> (
    None
):
    rs = recording_readable_stream({"cancel": raiser(error2)})
    ws = recording_writable_stream()
    ws.stream.abort(error1)
    await rejects(rs.stream.pipe_to(ws.stream), error2)
    await rejects(ws.stream.get_writer().closed, error1)
    assert without_pulls(rs.events) == ["cancel", error1]
    assert ws.events == ["abort", error1]


async def test_errors_must_be_propagated_backward_becomes_errored_before_piping_via_abort_preventcancel_true() -> (
    None
):
    rs = recording_readable_stream()
    ws = recording_writable_stream()
    ws.stream.abort(error1)
    await rejects(rs.stream.pipe_to(ws.stream, prevent_cancel=True), error1)
    assert without_pulls(rs.events) == []
    assert ws.events == ["abort", error1]


async def test_errors_must_be_propagated_backward_erroring_via_the_controller_errors_once_pending_write_completes() -> (
    None
):
    write_called = asyncio.Event()

    async def write(chunk: Any, c: Any) -> None:
        write_called.set()
        await flush_async_events()

    rs = recording_readable_stream()
    ws = recording_writable_stream({"write": write})
    pipe = rs.stream.pipe_to(ws.stream)
    rs.controller.enqueue("a")
    await write_called.wait()
    ws.controller.error(error1)
    await rejects(pipe, error1)
    assert without_pulls(rs.events) == ["cancel", error1]
    assert ws.events == ["write", "a"]
