"""WPT streams/piping/general.any.js and error-propagation-forward.any.js, ported."""

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

from webstd.streams import CountQueuingStrategy, ReadableStream, WritableStream
from webstd.streams._promise import rejected

error1 = WPTError("error1")
error2 = WPTError("error2")


# -- general.any.js ---------------------------------------------------------


def test_piping_must_lock_both_the_readablestream_and_writablestream() -> None:
    rs, ws = ReadableStream(), WritableStream()
    assert not rs.locked and not ws.locked
    rs.pipe_to(ws)
    assert rs.locked and ws.locked


async def test_piping_finishing_must_unlock_both_the_readablestream_and_writablestream() -> None:
    rs = ReadableStream({"start": lambda c: c.close()})
    ws = WritableStream()
    await rs.pipe_to(ws)
    assert not rs.locked
    assert not ws.locked


async def test_pipeto_must_check_the_brand_of_its_writablestream_argument() -> None:
    await rejects(ReadableStream().pipe_to(object()), TypeError)  # type: ignore[arg-type]


async def test_pipeto_must_fail_if_the_readablestream_is_locked_and_not_lock_the_writablestream() -> (
    None
):
    rs, ws = ReadableStream(), WritableStream()
    rs.get_reader()
    await rejects(rs.pipe_to(ws), TypeError)
    assert not ws.locked


async def test_pipeto_must_fail_if_the_writablestream_is_locked_and_not_lock_the_readablestream() -> (
    None
):
    rs, ws = ReadableStream(), WritableStream()
    ws.get_writer()
    await rejects(rs.pipe_to(ws), TypeError)
    assert not rs.locked


async def test_piping_from_a_readablestream_from_which_lots_of_chunks_are_synchronously_readable() -> (
    None
):
    def start(c: Any) -> None:
        for i in range(10):
            c.enqueue(i)
        c.close()

    written: list[Any] = []
    rs = ReadableStream({"start": start})
    ws = WritableStream(
        {
            "write": lambda chunk, c: written.append(chunk),
            "close": lambda: written.append("closed"),
        },
        CountQueuingStrategy(high_water_mark=10),
    )
    await rs.pipe_to(ws)
    assert written == [*range(10), "closed"]
    await asyncio.gather(rs.get_reader().closed, ws.get_writer().closed)


async def test_piping_from_a_readablestream_for_which_a_chunk_becomes_asynchronously_readable_after_the_pipeto() -> (
    None
):
    rs = recording_readable_stream()
    ws = recording_writable_stream()
    pipe = rs.stream.pipe_to(ws.stream)
    await delay(10)
    rs.controller.enqueue("Hello")
    await delay(10)
    rs.controller.close()
    await pipe
    assert ws.events == ["write", "Hello", "close"]


@pytest.mark.parametrize("prevent_abort", [True, False])
async def test_an_undefined_rejection_from_pull_should_cause_pipeto_to_reject_when_preventabort_is(
    prevent_abort: bool,
) -> None:
    rs = ReadableStream({"pull": lambda c: rejected(None)})
    with pytest.raises(Exception) as info:
        await rs.pipe_to(WritableStream(), prevent_abort=prevent_abort)
    assert info.value.args == (None,)


@pytest.mark.parametrize("prevent_cancel", [True, False])
async def test_an_undefined_rejection_from_write_should_cause_pipeto_to_reject_when_preventcancel_is(
    prevent_cancel: bool,
) -> None:
    rs = ReadableStream({"pull": lambda c: c.enqueue(0)})
    ws = WritableStream({"write": lambda chunk, c: rejected(None)})
    with pytest.raises(Exception) as info:
        await rs.pipe_to(ws, prevent_cancel=prevent_cancel)
    assert info.value.args == (None,)


# -- error-propagation-forward.any.js ----------------------------------------


async def _start_errored() -> Any:
    async def start(c: Any) -> None:
        raise error1

    return recording_readable_stream({"start": start})


async def test_errors_must_be_propagated_forward_starts_errored_preventabort_false_fulfilled_abort_promise() -> (
    None
):
    rs = await _start_errored()
    ws = recording_writable_stream()
    await rejects(rs.stream.pipe_to(ws.stream), error1)
    assert rs.events == []
    assert ws.events == ["abort", error1]


async def test_errors_must_be_propagated_forward_starts_errored_preventabort_false_rejected_abort_promise() -> (
    None
):
    rs = await _start_errored()
    ws = recording_writable_stream({"abort": raiser(error2)})
    await rejects(rs.stream.pipe_to(ws.stream), error2)
    assert rs.events == []
    assert ws.events == ["abort", error1]


@pytest.mark.parametrize(
    ("prevent_abort", "prevent_cancel", "prevent_close"),
    [(True, False, False), (True, True, False), (True, True, True)],
)
async def test_errors_must_be_propagated_forward_starts_errored_preventabort_true(
    prevent_abort: bool, prevent_cancel: bool, prevent_close: bool
) -> None:
    rs = await _start_errored()
    ws = recording_writable_stream()
    pipe = rs.stream.pipe_to(
        ws.stream,
        prevent_abort=prevent_abort,
        prevent_cancel=prevent_cancel,
        prevent_close=prevent_close,
    )
    await rejects(pipe, error1)
    assert rs.events == []
    assert ws.events == []


@pytest.mark.parametrize("dest_hwm", [1, 0], ids=["dest_desires", "dest_never_desires_chunks"])
@pytest.mark.parametrize("abort_mode", ["fulfilled", "rejected", "prevent_abort"])
async def test_errors_must_be_propagated_forward_becomes_errored_while_empty(
    dest_hwm: int, abort_mode: str
) -> None:
    rs = recording_readable_stream()
    extras = {"abort": raiser(error2)} if abort_mode == "rejected" else {}
    ws = recording_writable_stream(extras, CountQueuingStrategy(high_water_mark=dest_hwm))
    pipe = rs.stream.pipe_to(ws.stream, prevent_abort=abort_mode == "prevent_abort")
    await delay(10)
    rs.controller.error(error1)
    await rejects(pipe, error2 if abort_mode == "rejected" else error1)
    assert without_pulls(rs.events) == []
    assert ws.events == ([] if abort_mode == "prevent_abort" else ["abort", error1])


@pytest.mark.parametrize("dest_hwm", [1, 0], ids=["dest_desires", "dest_never_desires_chunks"])
@pytest.mark.parametrize("abort_mode", ["fulfilled", "rejected", "prevent_abort"])
async def test_errors_must_be_propagated_forward_becomes_errored_after_one_chunk(
    dest_hwm: int, abort_mode: str
) -> None:
    rs = recording_readable_stream()
    extras = {"abort": raiser(error2)} if abort_mode == "rejected" else {}
    ws = recording_writable_stream(extras, CountQueuingStrategy(high_water_mark=dest_hwm))
    pipe = rs.stream.pipe_to(ws.stream, prevent_abort=abort_mode == "prevent_abort")
    await delay(10)
    rs.controller.enqueue("Hello")
    await delay(10)
    rs.controller.error(error1)
    await rejects(pipe, error2 if abort_mode == "rejected" else error1)
    assert without_pulls(rs.events) == []
    written = ["write", "Hello"] if dest_hwm else []
    assert ws.events == written + ([] if abort_mode == "prevent_abort" else ["abort", error1])


@pytest.mark.parametrize("prevent_abort", [False, True])
async def test_errors_must_be_propagated_forward_shutdown_must_not_occur_until_the_final_write_completes(
    prevent_abort: bool,
) -> None:
    rs = recording_readable_stream()
    write_called = asyncio.Event()
    write_gate = asyncio.Event()

    async def write(chunk: Any, c: Any) -> None:
        write_called.set()
        await write_gate.wait()

    ws = recording_writable_stream({"write": write})
    pipe = rs.stream.pipe_to(ws.stream, prevent_abort=prevent_abort)
    rs.controller.enqueue("a")
    await write_called.wait()
    rs.controller.error(error1)
    await flush_async_events()
    assert ws.events == ["write", "a"]
    assert not pipe.settled
    write_gate.set()
    await rejects(pipe, error1)
    await flush_async_events()
    assert ws.events == (["write", "a"] if prevent_abort else ["write", "a", "abort", error1])


async def test_errors_must_be_propagated_forward_shutdown_must_not_occur_until_the_final_write_completes_becomes_errored_after_first_write() -> (
    None
):
    rs = recording_readable_stream()
    gates: list[asyncio.Event] = []
    write_called = asyncio.Event()

    async def write(chunk: Any, c: Any) -> None:
        gate = asyncio.Event()
        gates.append(gate)
        write_called.set()
        await gate.wait()

    ws = recording_writable_stream({"write": write}, CountQueuingStrategy(high_water_mark=2))
    pipe = rs.stream.pipe_to(ws.stream)
    rs.controller.enqueue("a")
    rs.controller.enqueue("b")
    await write_called.wait()
    await flush_async_events()
    assert ws.events == ["write", "a"]
    assert not pipe.settled
    rs.controller.error(error1)
    gates[0].set()
    await flush_async_events()
    assert ws.events == ["write", "a", "write", "b"]
    assert not pipe.settled
    gates[1].set()
    await rejects(pipe, error1)
    assert ws.events == ["write", "a", "write", "b", "abort", error1]
