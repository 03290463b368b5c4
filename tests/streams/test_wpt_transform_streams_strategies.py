"""WPT streams/transform-streams/strategies.any.js, ported."""

from __future__ import annotations

import math
from typing import Any

import pytest
from streams_helpers import delay, recording_transform_stream, rejects

from webstd.streams import TransformStream


def test_writablestrategy_highwatermark_should_work() -> None:
    ts = TransformStream({}, {"high_water_mark": 17})
    assert ts.writable.get_writer().desired_size == 17


async def test_readablestrategy_highwatermark_should_work() -> None:
    ts = recording_transform_stream({}, None, {"high_water_mark": 9})
    writer = ts.writable.get_writer()
    for i in range(10):
        writer.write(i)
    await delay(0)
    expected: list[Any] = []
    for i in range(9):
        expected += ["transform", i]
    assert ts.events == expected


async def test_writable_should_have_the_correct_size_function() -> None:
    called = {"writable": False, "readable": False, "transform": False}

    def transform(chunk: Any, controller: Any) -> None:
        called["transform"] = True
        assert called["writable"]
        assert not called["readable"]
        controller.enqueue(chunk)
        assert called["readable"]

    def writable_size(chunk: Any) -> int:
        called["writable"] = True
        return 1

    def readable_size(chunk: Any) -> int:
        called["readable"] = True
        return 1

    ts = TransformStream(
        {"transform": transform},
        {"size": writable_size},
        {"size": readable_size, "high_water_mark": math.inf},
    )
    await ts.writable.get_writer().write(None)
    assert called["transform"]


def test_default_writable_strategy_should_be_equivalent_to_highwatermark_1() -> None:
    ts = TransformStream()
    writer = ts.writable.get_writer()
    assert writer.desired_size == 1
    writer.write(None)
    assert writer.desired_size == 0


async def test_default_readable_strategy_should_be_equivalent_to_highwatermark_0() -> None:
    def transform(chunk: Any, controller: Any) -> None:
        assert controller.desired_size == 0
        controller.enqueue(None)
        # The first chunk enqueued is consumed by the pending read().
        assert controller.desired_size == 0
        controller.enqueue(None)
        assert controller.desired_size == -1

    ts = TransformStream({"transform": transform})
    write_promise = ts.writable.get_writer().write(None)
    await ts.readable.get_reader().read()
    await write_promise


@pytest.mark.parametrize("value", [-1, math.nan])
def test_a_rangeerror_should_be_thrown_for_an_invalid_highwatermark(value: float) -> None:
    with pytest.raises(ValueError):
        TransformStream(None, {"high_water_mark": value})
    with pytest.raises(ValueError):
        TransformStream(None, None, {"high_water_mark": value})


async def test_a_bad_readablestrategy_size_function_should_cause_writer_write_to_reject_on_an_identity_transform() -> (
    None
):
    ts = TransformStream(None, None, {"size": lambda chunk: math.nan, "high_water_mark": 1})
    writer = ts.writable.get_writer()
    await rejects(writer.write(None), ValueError)


async def test_a_bad_readablestrategy_size_function_should_error_the_stream_on_enqueue_even_when_transformer_transform_catches_the_exception() -> (
    None
):
    def transform(chunk: Any, controller: Any) -> None:
        with pytest.raises(ValueError):
            controller.enqueue(chunk)

    ts = TransformStream(
        {"transform": transform}, None, {"size": lambda c: -1, "high_water_mark": 1}
    )
    writer = ts.writable.get_writer()
    await writer.write(None)
    await rejects(writer.ready, ValueError)
    await rejects(writer.closed, ValueError)
    await rejects(ts.readable.get_reader().closed, ValueError)
