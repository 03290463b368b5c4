"""WPT streams/readable-streams/count-queuing-strategy-integration.any.js, ported."""

from __future__ import annotations

from typing import Any

import pytest

from webstd.streams import CountQueuingStrategy, ReadableStream, ReadResult


def test_can_construct_a_readable_stream_with_a_valid_countqueuingstrategy() -> None:
    ReadableStream({}, CountQueuingStrategy(high_water_mark=4))


async def _governs(hwm: int, script: list[Any]) -> None:
    controllers: list[Any] = []
    rs = ReadableStream({"start": controllers.append}, CountQueuingStrategy(high_water_mark=hwm))
    reader = rs.get_reader()
    controller = controllers[0]
    for step in script:
        kind, value = step
        if kind == "size":
            assert controller.desired_size == value
        elif kind == "enqueue":
            controller.enqueue(value)
        else:
            assert await reader.read() == ReadResult(value, False)


@pytest.mark.parametrize(
    ("hwm", "script"),
    [
        (
            0,
            [
                ("size", 0),
                ("enqueue", "a"),
                ("size", -1),
                ("enqueue", "b"),
                ("size", -2),
                ("enqueue", "c"),
                ("size", -3),
                ("enqueue", "d"),
                ("size", -4),
                ("read", "a"),
                ("read", "b"),
                ("read", "c"),
                ("size", -1),
                ("enqueue", "e"),
                ("size", -2),
                ("read", "d"),
                ("read", "e"),
                ("size", 0),
                ("enqueue", "f"),
                ("size", -1),
                ("enqueue", "g"),
                ("size", -2),
            ],
        ),
        (
            1,
            [
                ("size", 1),
                ("enqueue", "a"),
                ("size", 0),
                ("enqueue", "b"),
                ("size", -1),
                ("enqueue", "c"),
                ("size", -2),
                ("enqueue", "d"),
                ("size", -3),
                ("read", "a"),
                ("read", "b"),
                ("read", "c"),
                ("size", 0),
                ("enqueue", "e"),
                ("size", -1),
                ("read", "d"),
                ("read", "e"),
                ("size", 1),
                ("enqueue", "f"),
                ("size", 0),
                ("enqueue", "g"),
                ("size", -1),
            ],
        ),
        (
            4,
            [
                ("size", 4),
                ("enqueue", "a"),
                ("size", 3),
                ("enqueue", "b"),
                ("size", 2),
                ("enqueue", "c"),
                ("size", 1),
                ("enqueue", "d"),
                ("size", 0),
                ("enqueue", "e"),
                ("size", -1),
                ("enqueue", "f"),
                ("size", -2),
                ("read", "a"),
                ("read", "b"),
                ("size", 0),
                ("enqueue", "g"),
                ("size", -1),
                ("read", "c"),
                ("read", "d"),
                ("read", "e"),
                ("read", "f"),
                ("size", 3),
                ("enqueue", "h"),
                ("size", 2),
                ("enqueue", "i"),
                ("size", 1),
                ("enqueue", "j"),
                ("size", 0),
                ("enqueue", "k"),
                ("size", -1),
            ],
        ),
    ],
    ids=["hwm_0", "hwm_1", "hwm_4"],
)
async def test_correctly_governs_a_readablestreamcontroller_s_desiredsize_property(
    hwm: int, script: list[Any]
) -> None:
    await _governs(hwm, script)
