"""WPT streams/piping/pipe-through.any.js, ported (current version; the JS-only cases,
`pipeThrough.call(fakeThis)` and patching `ReadableStream.prototype.pipeTo`, are in
tests/wpt/SKIPPED.md)."""

from __future__ import annotations

from typing import Any

import pytest
from streams_helpers import (
    flush_async_events,
    read_all,
    recording_readable_stream,
    recording_writable_stream,
    sequential_readable_stream,
)

from webstd import AbortController
from webstd.streams import ReadableStream, WritableStream


def _duck_typed_pass_through() -> dict[str, Any]:
    controllers: list[Any] = []
    readable = ReadableStream({"start": controllers.append})
    writable = WritableStream(
        {
            "write": lambda chunk, c: controllers[0].enqueue(chunk),
            "close": lambda: controllers[0].close(),
        }
    )
    return {"writable": writable, "readable": readable}


def _uninteresting_pair() -> dict[str, Any]:
    return {"writable": WritableStream(), "readable": ReadableStream()}


async def test_piping_through_a_duck_typed_pass_through_transform_stream_should_work() -> None:
    rs, _ = sequential_readable_stream(5)
    assert await read_all(rs.pipe_through(_duck_typed_pass_through())) == [1, 2, 3, 4, 5]


async def test_piping_through_a_transform_errored_on_the_writable_end_does_not_cause_an_unhandled_promise_rejection() -> (
    None
):
    transform = {
        "writable": WritableStream(
            {"start": lambda c: c.error(Exception("this rejection should not be reported"))}
        ),
        "readable": ReadableStream(),
    }
    rs, _ = sequential_readable_stream(5)
    assert rs.pipe_through(transform) is transform["readable"]
    await flush_async_events()


def test_pipethrough_should_not_call_pipeto_on_this() -> None:
    called = {"pipe_to": False}

    class BadReadableStream(ReadableStream):
        def pipe_to(self, *args: Any, **kwargs: Any) -> Any:
            called["pipe_to"] = True

    brs = BadReadableStream({"start": lambda c: c.close()})
    readable, writable = ReadableStream(), WritableStream()
    assert brs.pipe_through({"readable": readable, "writable": writable}) is readable
    assert not called["pipe_to"]


BAD = [None, 0, float("nan"), True, "ReadableStream", object()]


@pytest.mark.parametrize("readable", BAD, ids=repr)
def test_pipethrough_should_brand_check_readable_and_not_allow(readable: Any) -> None:
    accessed = {"writable": False}

    class Pair:
        def __init__(self) -> None:
            self.readable = readable

        @property
        def writable(self) -> WritableStream:
            accessed["writable"] = True
            return WritableStream()

    with pytest.raises(TypeError):
        ReadableStream().pipe_through(Pair())
    assert not accessed["writable"]


@pytest.mark.parametrize("writable", [*BAD[:-2], "WritableStream", object()], ids=repr)
def test_pipethrough_should_brand_check_writable_and_not_allow(writable: Any) -> None:
    accessed = {"readable": False}

    class Pair:
        def __init__(self) -> None:
            self.writable = writable

        @property
        def readable(self) -> ReadableStream:
            accessed["readable"] = True
            return ReadableStream()

    rs = ReadableStream({"start": lambda c: c.close()})
    with pytest.raises(TypeError):
        rs.pipe_through(Pair())
    assert accessed["readable"]


def test_pipethrough_should_rethrow_errors_from_accessing_readable_or_writable() -> None:
    error = Exception("custom")

    def pull(c: Any) -> None:
        raise AssertionError("pull should not be called")

    rs = ReadableStream({"pull": pull}, {"high_water_mark": 0})

    class ThrowingWritable:
        readable = rs

        @property
        def writable(self) -> Any:
            raise error

    class ThrowingReadable:
        writable: Any = {}

        @property
        def readable(self) -> Any:
            raise error

    for pair in (ThrowingWritable(), ThrowingReadable()):
        with pytest.raises(Exception) as info:
            rs.pipe_through(pair)
        assert info.value is error


@pytest.mark.parametrize("signal", [0, float("nan"), True, "AbortSignal", object()], ids=repr)
def test_invalid_values_of_signal_should_throw(signal: Any) -> None:
    with pytest.raises(TypeError):
        ReadableStream().pipe_through(_uninteresting_pair(), signal=signal)


def test_pipethrough_should_accept_a_real_abortsignal() -> None:
    pair = _uninteresting_pair()
    assert ReadableStream().pipe_through(pair, signal=AbortController().signal) is pair["readable"]


def test_pipethrough_should_throw_if_this_is_locked() -> None:
    rs = ReadableStream()
    rs.get_reader()
    with pytest.raises(TypeError):
        rs.pipe_through(_uninteresting_pair())


def test_pipethrough_should_throw_if_writable_is_locked() -> None:
    rs, writable, readable = ReadableStream(), WritableStream(), ReadableStream()
    writable.get_writer()
    with pytest.raises(TypeError):
        rs.pipe_through({"writable": writable, "readable": readable})


def test_pipethrough_should_not_care_if_readable_is_locked() -> None:
    rs, writable, readable = ReadableStream(), WritableStream(), ReadableStream()
    readable.get_reader()
    assert rs.pipe_through({"writable": writable, "readable": readable}) is readable


async def test_preventcancel_should_work() -> None:
    rs = recording_readable_stream()
    writable = WritableStream({"start": lambda c: c.error(None)})
    rs.stream.pipe_through(
        {"writable": writable, "readable": ReadableStream()}, prevent_cancel=True
    )
    await flush_async_events()
    assert rs.events == ["pull"]


async def test_preventclose_should_work() -> None:
    rs = ReadableStream({"start": lambda c: c.close()})
    writable = recording_writable_stream()
    rs.pipe_through({"writable": writable.stream, "readable": ReadableStream()}, prevent_close=True)
    await flush_async_events()
    assert writable.events == []


async def test_preventabort_should_work() -> None:
    rs = ReadableStream({"start": lambda c: c.error(None)})
    writable = recording_writable_stream()
    rs.pipe_through({"writable": writable.stream, "readable": ReadableStream()}, prevent_abort=True)
    await flush_async_events()
    assert writable.events == []
