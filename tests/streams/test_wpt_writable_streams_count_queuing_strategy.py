"""WPT streams/writable-streams/count-queuing-strategy.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

from webstd.streams import CountQueuingStrategy, WritableStream


def test_can_construct_a_writable_stream_with_a_valid_countqueuingstrategy() -> None:
    ws = WritableStream({}, CountQueuingStrategy(high_water_mark=4))
    assert ws.get_writer().desired_size == 4


def _stream(hwm: int) -> tuple[Any, dict[str, Any]]:
    dones: dict[str, Any] = {}

    def write(chunk: Any, c: Any) -> Any:
        future = asyncio.get_running_loop().create_future()
        dones[chunk] = lambda: future.set_result(None)
        return future

    ws = WritableStream({"write": write}, CountQueuingStrategy(high_water_mark=hwm))
    return ws.get_writer(), dones


async def test_correctly_governs_the_value_of_a_writablestream_s_state_property_hwm_0() -> None:
    writer, dones = _stream(0)
    await asyncio.sleep(0)
    assert writer.desired_size == 0
    write_a = writer.write("a")
    assert writer.desired_size == -1
    write_b = writer.write("b")
    assert writer.desired_size == -2
    dones["a"]()
    await write_a
    assert writer.desired_size == -1
    dones["b"]()
    await write_b
    assert writer.desired_size == 0
    write_c = writer.write("c")
    assert writer.desired_size == -1
    dones["c"]()
    await write_c
    assert writer.desired_size == 0


async def test_correctly_governs_the_value_of_a_writablestream_s_state_property_hwm_4() -> None:
    writer, dones = _stream(4)
    await asyncio.sleep(0)
    assert writer.desired_size == 4
    writes = {}
    for expected, chunk in zip([3, 2, 1, 0, -1, -2, -3], "abcdefg", strict=True):
        writes[chunk] = writer.write(chunk)
        assert writer.desired_size == expected
    dones["a"]()
    await writes["a"]
    assert writer.desired_size == -2
    dones["b"]()
    await writes["b"]
    assert writer.desired_size == -1
    dones["c"]()
    await writes["c"]
    assert writer.desired_size == 0
    writer.write("h")
    assert writer.desired_size == -1
    dones["d"]()
    await writes["d"]
    assert writer.desired_size == 0
    writer.write("i")
    assert writer.desired_size == -1
