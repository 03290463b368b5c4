"""WPT streams/queuing-strategies.any.js, readable-streams/bad-strategies.any.js and
writable-streams/byte-length-queuing-strategy.any.js, ported."""

from __future__ import annotations

import math
from typing import Any

import pytest
from streams_helpers import WPTError, rejects

import webstd.streams
from webstd.streams import (
    ByteLengthQueuingStrategy,
    CountQueuingStrategy,
    ReadableStream,
    WritableStream,
)

error1 = WPTError("error1")


@pytest.mark.parametrize("strategy", [CountQueuingStrategy, ByteLengthQueuingStrategy])
def test_can_construct_a_strategy_with_a_valid_high_water_mark(strategy: Any) -> None:
    assert strategy(high_water_mark=4).high_water_mark == 4
    assert (
        strategy(high_water_mark=-4).high_water_mark == -4
    )  # validated by the stream, not the strategy


@pytest.mark.parametrize("strategy", [CountQueuingStrategy, ByteLengthQueuingStrategy])
def test_strategy_constructor_requires_a_high_water_mark(strategy: Any) -> None:
    with pytest.raises(TypeError):
        strategy()
    with pytest.raises(TypeError):
        strategy(high_water_mark="4")


def test_countqueuingstrategy_size_is_1_and_bytelengthqueuingstrategy_size_is_the_byte_length() -> (
    None
):
    assert CountQueuingStrategy(high_water_mark=1).size(b"abc") == 1
    size = ByteLengthQueuingStrategy(high_water_mark=1).size
    assert size(b"abc") == 3
    assert size(bytearray(7)) == 7
    assert size(memoryview(bytes(10))[2:5]) == 3
    with pytest.raises(TypeError):
        size(5)


def test_strategies_are_reachable_as_webstd_streams_members() -> None:
    assert webstd.streams.CountQueuingStrategy is CountQueuingStrategy
    assert webstd.streams.ByteLengthQueuingStrategy is ByteLengthQueuingStrategy


def test_readable_stream_throws_when_size_is_not_a_function() -> None:
    with pytest.raises(TypeError):
        ReadableStream({}, {"size": "potato"})


def test_readable_stream_strategy_size_throws_an_error_from_enqueue() -> None:
    def size(chunk: Any) -> int:
        raise error1

    controllers: list[Any] = []
    rs = ReadableStream({"start": controllers.append}, {"size": size, "high_water_mark": 5})
    with pytest.raises(WPTError) as info:
        controllers[0].enqueue("a")
    assert info.value is error1
    assert rs._state == "errored"


@pytest.mark.parametrize(
    ("bad_size", "error"),
    [(-1, ValueError), (math.nan, ValueError), (math.inf, ValueError), ("5", TypeError)],
)
async def test_readable_stream_invalid_strategy_return_value(
    bad_size: Any, error: type[Exception]
) -> None:
    controllers: list[Any] = []
    rs = ReadableStream(
        {"start": controllers.append}, {"size": lambda chunk: bad_size, "high_water_mark": 5}
    )
    with pytest.raises(error):
        controllers[0].enqueue("a")
    await rejects(rs.get_reader().closed, error)


@pytest.mark.parametrize("bad_hwm", [-1, math.nan])
def test_readable_stream_invalid_strategy_highwatermark(bad_hwm: Any) -> None:
    with pytest.raises(ValueError):
        ReadableStream({}, {"size": lambda c: 1, "high_water_mark": bad_hwm})
    with pytest.raises(ValueError):
        WritableStream({}, {"high_water_mark": bad_hwm})


def test_readable_stream_strategy_highwatermark_must_be_a_number() -> None:
    with pytest.raises(TypeError):
        ReadableStream({}, {"high_water_mark": "1"})
    with pytest.raises(TypeError):
        ReadableStream({}, {"high_water_mark": True})


def test_byte_stream_strategy_cannot_have_a_size() -> None:
    with pytest.raises(ValueError):
        ReadableStream({"type": "bytes"}, {"size": lambda c: 1})


async def test_closing_a_writable_stream_with_in_flight_writes_below_the_high_water_mark_delays_the_close_call() -> (
    None
):
    import asyncio

    gate = asyncio.Event()
    events: list[str] = []

    async def write(chunk: Any, c: Any) -> None:
        await gate.wait()
        events.append("write")

    ws = WritableStream(
        {"write": write, "close": lambda: events.append("close")},
        ByteLengthQueuingStrategy(high_water_mark=1024),
    )
    writer = ws.get_writer()
    writer.write(bytes(512))
    close = writer.close()
    await asyncio.sleep(0)
    assert events == []
    gate.set()
    await close
    assert events == ["write", "close"]


async def test_bytelengthqueuingstrategy_drives_the_writer_desired_size() -> None:
    ws = WritableStream({}, ByteLengthQueuingStrategy(high_water_mark=10))
    writer = ws.get_writer()
    assert writer.desired_size == 10
    writer.write(bytes(4))
    assert writer.desired_size == 6
    writer.write(bytes(8))
    assert writer.desired_size == -2
    await writer.ready
    assert writer.desired_size == 10


async def test_writable_stream_size_that_throws_errors_the_stream() -> None:
    def size(chunk: Any) -> int:
        raise error1

    writer = WritableStream({}, {"size": size}).get_writer()
    await rejects(writer.write("a"), error1)
    await rejects(writer.closed, error1)


async def test_writable_stream_invalid_size_errors_the_stream_with_a_rangeerror() -> None:
    writer = WritableStream({}, {"size": lambda c: -1}).get_writer()
    await rejects(writer.write("a"), ValueError)
    await rejects(writer.closed, ValueError)
