"""WPT streams/readable-streams/floating-point-total-queue-size.any.js, ported."""

from __future__ import annotations

from typing import Any

from webstd.streams import ReadableStream

MAX_SAFE_INTEGER = 2**53 - 1


def _setup() -> tuple[Any, Any]:
    holder: dict[str, Any] = {}
    stream = ReadableStream(
        {"start": lambda c: holder.__setitem__("c", c)},
        {"size": lambda x: x, "high_water_mark": 0},
    )
    return stream.get_reader(), holder["c"]


async def test_floating_point_arithmetic_must_manifest_near_number_max_safe_integer_total_ends_up_positive() -> (
    None
):
    reader, controller = _setup()
    controller.enqueue(2)
    assert controller.desired_size == 0 - 2
    controller.enqueue(MAX_SAFE_INTEGER)
    assert controller.desired_size == 0.0 - MAX_SAFE_INTEGER - 2
    await reader.read()
    assert controller.desired_size == 0.0 - MAX_SAFE_INTEGER - 2 + 2
    await reader.read()
    assert controller.desired_size == 0


async def test_floating_point_arithmetic_must_manifest_near_0_total_ends_up_positive_but_clamped() -> (
    None
):
    reader, controller = _setup()
    controller.enqueue(1e-16)
    assert controller.desired_size == 0 - 1e-16
    controller.enqueue(1)
    assert controller.desired_size == 0 - 1e-16 - 1
    await reader.read()
    assert controller.desired_size == 0 - 1e-16 - 1 + 1e-16
    await reader.read()
    assert controller.desired_size == 0


async def test_floating_point_arithmetic_must_manifest_near_0_total_ends_up_positive_and_not_clamped() -> (
    None
):
    reader, controller = _setup()
    controller.enqueue(1e-16)
    assert controller.desired_size == 0 - 1e-16
    controller.enqueue(1)
    assert controller.desired_size == 0 - 1e-16 - 1
    controller.enqueue(2e-16)
    assert controller.desired_size == 0 - 1e-16 - 1 - 2e-16
    await reader.read()
    assert controller.desired_size == 0 - 1e-16 - 1 - 2e-16 + 1e-16
    await reader.read()
    assert controller.desired_size == 0 - 1e-16 - 1 - 2e-16 + 1e-16 + 1
    await reader.read()
    assert controller.desired_size == 0 - 1e-16 - 1 - 2e-16 + 1e-16 + 1 + 2e-16


async def test_floating_point_arithmetic_must_manifest_near_0_total_ends_up_zero() -> None:
    reader, controller = _setup()
    controller.enqueue(2e-16)
    assert controller.desired_size == 0 - 2e-16
    controller.enqueue(1)
    assert controller.desired_size == 0 - 2e-16 - 1
    await reader.read()
    assert controller.desired_size == 0 - 2e-16 - 1 + 2e-16
    await reader.read()
    assert controller.desired_size == 0
