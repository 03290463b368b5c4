"""WPT streams/writable-streams/constructor.any.js, ported (the constructor-ordering cases
follow the pre-Web IDL order in the stored copy: see tests/wpt/SKIPPED.md)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from streams_helpers import WPTError, rejects

import webstd
from webstd.streams import WritableStream, WritableStreamDefaultWriter

error1 = WPTError("error1")


async def test_controller_argument_should_be_passed_to_start_method() -> None:
    holder: dict[str, Any] = {}
    ws = WritableStream({"start": lambda c: holder.__setitem__("c", c)})
    holder["c"].error(error1)
    writer = ws.get_writer()
    assert writer.desired_size is None
    await rejects(writer.closed, error1)


async def test_controller_argument_should_be_passed_to_write_method() -> None:
    writer = WritableStream({"write": lambda chunk, c: c.error(error1)}).get_writer()
    await writer.write("a")
    await rejects(writer.closed, error1)


async def test_controller_argument_should_not_be_passed_to_close_method() -> None:
    calls: list[tuple[Any, ...]] = []
    await WritableStream({"close": lambda *args: calls.append(args)}).get_writer().close()
    assert calls == [()]


async def test_highwatermark_should_be_reflected_to_desiredsize() -> None:
    writer = WritableStream({}, {"high_water_mark": 1000, "size": lambda c: 1}).get_writer()
    assert writer.desired_size == 1000
    assert await writer.ready is None


async def test_writablestream_should_be_writable_and_ready_should_fulfill_immediately_if_the_strategy_does_not_apply_backpressure() -> (
    None
):
    writer = WritableStream({}, {"high_water_mark": math.inf, "size": lambda c: 0}).get_writer()
    assert writer.desired_size == math.inf
    await writer.ready


def test_writablestream_should_be_constructible_with_no_arguments() -> None:
    assert not WritableStream().locked


def test_writablestream_instances_should_have_standard_methods_and_properties() -> None:
    writer = WritableStream({}).get_writer()
    for name in ("write", "abort", "close", "release_lock"):
        assert callable(getattr(writer, name))
    assert writer.desired_size == 1
    assert hasattr(writer.ready, "__await__")
    assert hasattr(writer.closed, "__await__")


def test_private_constructors_should_not_be_exported() -> None:
    assert not hasattr(webstd, "WritableStreamDefaultController")


def _controller_class() -> type:
    holder: dict[str, Any] = {}
    WritableStream({"start": lambda c: holder.__setitem__("c", c)})
    return type(holder["c"])


def test_writablestreamdefaultcontroller_constructor_should_throw() -> None:
    with pytest.raises(TypeError):
        _controller_class()({})


def test_writablestreamdefaultcontroller_constructor_should_throw_when_passed_an_initialised_writablestream() -> (
    None
):
    with pytest.raises(TypeError):
        _controller_class()(WritableStream())


def test_writablestreamdefaultwriter_should_throw_unless_passed_a_writablestream() -> None:
    with pytest.raises(TypeError):
        WritableStreamDefaultWriter({})  # type: ignore[arg-type]


def test_writablestreamdefaultwriter_constructor_should_throw_when_stream_argument_is_locked() -> (
    None
):
    stream = WritableStream()
    stream.get_writer()
    with pytest.raises(TypeError):
        WritableStreamDefaultWriter(stream)
