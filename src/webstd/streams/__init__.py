"""Streams Standard (streams.spec.whatwg.org): readable, writable and transform streams."""

from __future__ import annotations

from webstd.streams.byte_stream import (
    ReadableByteStreamController,
    ReadableStreamBYOBReader,
    ReadableStreamBYOBRequest,
)
from webstd.streams.queuing import ByteLengthQueuingStrategy, CountQueuingStrategy
from webstd.streams.readable import (
    ReadableStream,
    ReadableStreamDefaultController,
    ReadableStreamDefaultReader,
    ReadResult,
)
from webstd.streams.transform import TransformStream, TransformStreamDefaultController
from webstd.streams.writable import (
    WritableStream,
    WritableStreamDefaultController,
    WritableStreamDefaultWriter,
)

__all__ = [
    "ByteLengthQueuingStrategy",
    "CountQueuingStrategy",
    "ReadResult",
    "ReadableByteStreamController",
    "ReadableStream",
    "ReadableStreamBYOBReader",
    "ReadableStreamBYOBRequest",
    "ReadableStreamDefaultController",
    "ReadableStreamDefaultReader",
    "TransformStream",
    "TransformStreamDefaultController",
    "WritableStream",
    "WritableStreamDefaultController",
    "WritableStreamDefaultWriter",
]
