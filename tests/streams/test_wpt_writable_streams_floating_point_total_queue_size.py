"""WPT streams/writable-streams/floating-point-total-queue-size.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

from webstd.streams import WritableStream

MAX_SAFE_INTEGER = 2**53 - 1


def _setup() -> Any:
    return WritableStream({}, {"size": lambda x: x, "high_water_mark": 0}).get_writer()


async def test_floating_point_arithmetic_must_manifest_near_number_max_safe_integer_total_ends_up_positive() -> (
    None
):
    writer = _setup()
    writes = [writer.write(2), writer.write(MAX_SAFE_INTEGER)]
    assert writer.desired_size == 0.0 - 2 - MAX_SAFE_INTEGER
    await asyncio.gather(*writes)
    assert writer.desired_size == 0


async def test_floating_point_arithmetic_must_manifest_near_0_total_ends_up_positive_but_clamped() -> (
    None
):
    writer = _setup()
    writes = [writer.write(1e-16), writer.write(1)]
    assert writer.desired_size == 0 - 1e-16 - 1
    await asyncio.gather(*writes)
    assert writer.desired_size == 0


async def test_floating_point_arithmetic_must_manifest_near_0_total_ends_up_positive_and_not_clamped() -> (
    None
):
    writer = _setup()
    writes = [writer.write(1e-16), writer.write(1), writer.write(2e-16)]
    assert writer.desired_size == 0 - 1e-16 - 1 - 2e-16
    await asyncio.gather(*writes)
    assert writer.desired_size == 0 - 1e-16 - 1 - 2e-16 + 1e-16 + 1 + 2e-16


async def test_floating_point_arithmetic_must_manifest_near_0_total_ends_up_zero() -> None:
    writer = _setup()
    writes = [writer.write(2e-16), writer.write(1)]
    assert writer.desired_size == 0 - 2e-16 - 1
    await asyncio.gather(*writes)
    assert writer.desired_size == 0 - 2e-16 - 1 + 2e-16 + 1
