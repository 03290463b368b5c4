"""WPT streams/writable-streams/byte-length-queuing-strategy.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

from webstd.streams import ByteLengthQueuingStrategy, WritableStream


async def test_closing_a_writable_stream_with_in_flight_writes_below_the_high_water_mark_delays_the_close_call_properly() -> (
    None
):
    state = {"done": False, "closed_after_done": False}

    async def write(chunk: Any, c: Any) -> None:
        await asyncio.sleep(0.05)
        state["done"] = True

    def close() -> None:
        state["closed_after_done"] = state["done"]

    ws = WritableStream(
        {"write": write, "close": close}, ByteLengthQueuingStrategy(high_water_mark=1024 * 16)
    )
    writer = ws.get_writer()
    writer.write(bytes(1024))
    await writer.close()
    assert state["closed_after_done"]
