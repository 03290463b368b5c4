"""Streams §7 queuing strategies, and the §8.1 queue-with-sizes operations."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from typing import Any

__all__ = ["ByteLengthQueuingStrategy", "CountQueuingStrategy"]


def _high_water_mark_argument(owner: str, high_water_mark: object) -> float:
    if isinstance(high_water_mark, bool) or not isinstance(high_water_mark, (int, float)):
        raise TypeError(f"{owner}: high_water_mark must be a number, not {high_water_mark!r}")
    return high_water_mark


def _byte_length(chunk: Any) -> int:
    # Streams §7.2: "return ? GetV(chunk, "byteLength")"
    if isinstance(chunk, (bytes, bytearray)):
        return len(chunk)
    if isinstance(chunk, memoryview):
        return chunk.nbytes
    byte_length = getattr(chunk, "byte_length", None)
    if byte_length is None and isinstance(chunk, dict):
        byte_length = chunk.get("byte_length")
    if byte_length is None:
        raise TypeError(f"ByteLengthQueuingStrategy: chunk {chunk!r} has no byte length")
    return byte_length  # type: ignore[no-any-return]


def _count(chunk: Any) -> int:
    # Streams §7.3: "return 1"
    return 1


class ByteLengthQueuingStrategy:
    """Streams §7.2: a strategy whose chunk size is its byte length."""

    __slots__ = ("_high_water_mark",)

    def __init__(self, high_water_mark: float | None = None, **init: Any) -> None:
        if high_water_mark is None:
            high_water_mark = init.pop("high_water_mark", None)
        if init:
            raise TypeError(f"ByteLengthQueuingStrategy: unexpected argument {next(iter(init))!r}")
        if high_water_mark is None:
            raise TypeError("ByteLengthQueuingStrategy: high_water_mark is required")
        self._high_water_mark = _high_water_mark_argument(
            "ByteLengthQueuingStrategy", high_water_mark
        )

    @property
    def high_water_mark(self) -> float:
        """The high-water mark given to the constructor."""
        return self._high_water_mark

    @property
    def size(self) -> Callable[[Any], int]:
        """The chunk's byte length."""
        return _byte_length

    def __repr__(self) -> str:
        return f"ByteLengthQueuingStrategy(high_water_mark={self._high_water_mark!r})"


class CountQueuingStrategy:
    """Streams §7.3: a strategy that counts chunks."""

    __slots__ = ("_high_water_mark",)

    def __init__(self, high_water_mark: float | None = None, **init: Any) -> None:
        if high_water_mark is None:
            high_water_mark = init.pop("high_water_mark", None)
        if init:
            raise TypeError(f"CountQueuingStrategy: unexpected argument {next(iter(init))!r}")
        if high_water_mark is None:
            raise TypeError("CountQueuingStrategy: high_water_mark is required")
        self._high_water_mark = _high_water_mark_argument("CountQueuingStrategy", high_water_mark)

    @property
    def high_water_mark(self) -> float:
        """The high-water mark given to the constructor."""
        return self._high_water_mark

    @property
    def size(self) -> Callable[[Any], int]:
        """Always 1."""
        return _count

    def __repr__(self) -> str:
        return f"CountQueuingStrategy(high_water_mark={self._high_water_mark!r})"


def member(obj: object, name: str) -> Any:
    """A member of a dict or attribute bag (sources, sinks, transformers, strategies)."""
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


# Streams §7.4 ExtractHighWaterMark(strategy, defaultHWM)
def extract_high_water_mark(strategy: object, default: float) -> float:
    """The strategy's high-water mark (ValueError for NaN or negative)."""
    high_water_mark = member(strategy, "high_water_mark")
    if high_water_mark is None:
        return default
    if isinstance(high_water_mark, bool) or not isinstance(high_water_mark, (int, float)):
        raise TypeError(f"high_water_mark must be a number, not {high_water_mark!r}")
    if math.isnan(high_water_mark) or high_water_mark < 0:
        raise ValueError(
            f"invalid high_water_mark {high_water_mark!r}: must be a non-negative number"
        )
    return high_water_mark


# Streams §7.4 ExtractSizeAlgorithm(strategy)
def extract_size_algorithm(strategy: object) -> Callable[[Any], Any] | None:
    """The strategy's size function, or None for "return 1"."""
    size = member(strategy, "size")
    if size is None:
        return None
    if not callable(size):
        raise TypeError(f"strategy size must be callable, not {size!r}")
    return size  # type: ignore[no-any-return]


def extract_default_size_algorithm(strategy: object) -> Callable[[Any], Any] | None:
    """ExtractSizeAlgorithm for a non-byte stream: None ("return 1", so the size is not
    called) also for CountQueuingStrategy's size, which returns 1 and has no effects."""
    size = extract_size_algorithm(strategy)
    return None if size is _count else size


# Streams §8.1 "is non-negative number" check of EnqueueValueWithSize
def validate_chunk_size(size: object) -> float:
    """Validate a chunk size returned by a strategy (ValueError if invalid)."""
    if isinstance(size, bool) or not isinstance(size, (int, float)):
        raise TypeError(f"chunk size {size!r} returned by the strategy is not a number")
    if isinstance(size, int):
        # Streams §8.1 EnqueueValueWithSize: sizes are Numbers (doubles), so totals round
        try:
            size = float(size)
        except OverflowError:
            raise ValueError(f"invalid chunk size {size!r}: must be finite") from None
    if math.isnan(size) or size < 0 or math.isinf(size):
        raise ValueError(f"invalid chunk size {size!r}: must be a finite non-negative number")
    return size


class QueueWithSizes:
    """Streams §8.1 queue-with-sizes: values with sizes and their running total."""

    __slots__ = ("queue", "total_size")

    def __init__(self) -> None:
        self.queue: deque[tuple[Any, float]] = deque()
        self.total_size: float = 0

    # Streams §8.1 DequeueValue
    def dequeue(self) -> Any:
        """Remove and return the first value."""
        value, size = self.queue.popleft()
        self.total_size -= size
        if self.total_size < 0:
            self.total_size = 0
        return value

    # Streams §8.1 EnqueueValueWithSize
    def enqueue(self, value: Any, size: float) -> None:
        """Append `value` with `size` (validated by the caller)."""
        self.queue.append((value, size))
        self.total_size += size

    # Streams §8.1 PeekQueueValue
    def peek(self) -> Any:
        """The first value, not removed."""
        return self.queue[0][0]

    # Streams §8.1 ResetQueue
    def reset(self) -> None:
        """Empty the queue."""
        self.queue.clear()
        self.total_size = 0
