"""WPT streams/writable-streams/bad-strategies.any.js, ported (a non-number highWaterMark
is a TypeError, not ToNumber() then RangeError: API.md forbids silent conversions)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from streams_helpers import WPTError, raiser, rejects

from webstd.streams import WritableStream

error1 = WPTError("error1")


def test_writable_stream_throwing_strategy_size_getter() -> None:
    class Strategy:
        high_water_mark = 5

        @property
        def size(self) -> Any:
            raise error1

    with pytest.raises(WPTError) as info:
        WritableStream({}, Strategy())
    assert info.value is error1


def test_reject_any_non_function_value_for_strategy_size() -> None:
    with pytest.raises(TypeError):
        WritableStream({}, {"size": "a string"})


def test_writable_stream_throwing_strategy_highwatermark_getter() -> None:
    class Strategy:
        def size(self, chunk: Any) -> int:
            return 1

        @property
        def high_water_mark(self) -> Any:
            raise error1

    with pytest.raises(WPTError) as info:
        WritableStream({}, Strategy())
    assert info.value is error1


@pytest.mark.parametrize(
    ("high_water_mark", "error"),
    [
        (-1, ValueError),
        (-math.inf, ValueError),
        (math.nan, ValueError),
        ("foo", TypeError),
        ({}, TypeError),
    ],
    ids=repr,
)
def test_writable_stream_invalid_strategy_highwatermark(
    high_water_mark: Any, error: type[Exception]
) -> None:
    with pytest.raises(error):
        WritableStream({}, {"size": lambda chunk: 1, "high_water_mark": high_water_mark})


async def test_writable_stream_throwing_strategy_size_method() -> None:
    writer = WritableStream({}, {"size": raiser(error1), "high_water_mark": 5}).get_writer()
    await rejects(writer.write("a"), error1)
    await rejects(writer.closed, error1)


@pytest.mark.parametrize("size", [math.nan, -math.inf, math.inf, -1], ids=repr)
async def test_writable_stream_invalid_strategy_size_return_value(size: float) -> None:
    writer = WritableStream({}, {"size": lambda chunk: size, "high_water_mark": 5}).get_writer()
    write_error = await rejects(writer.write("a"), ValueError)
    assert await rejects(writer.closed, ValueError) is write_error


def test_writable_stream_invalid_size_beats_invalid_highwatermark() -> None:
    with pytest.raises(TypeError):
        WritableStream(None, {"size": "not a function", "high_water_mark": math.nan})
