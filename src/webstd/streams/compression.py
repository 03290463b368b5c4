"""Compression Standard: CompressionStream and DecompressionStream on the stdlib's zlib.

Formats: "deflate" (RFC 1950 zlib wrapper), "deflate-raw" (RFC 1951) and
"gzip" (RFC 1952, a single member). "brotli" is in the standard's enum but the
standard library has no Brotli codec, so it is unsupported here: TypeError, as
the standard says for any format an implementation does not support.

DecompressionStream produces output 64 KiB at a time and only as fast as it is
read (it waits on the transform's backpressure), so a small "bomb" never sits
in memory decompressed; the chunks and errors are those the standard gives.
"""

from __future__ import annotations

import zlib
from typing import Any, Final

from webstd.encoding import as_buffer
from webstd.streams._promise import Promise
from webstd.streams.text import GenericTransformStream
from webstd.streams.transform import TransformStream

__all__ = ["CompressionStream", "DecompressionStream"]

# zlib's wbits for each format: 15 = zlib wrapper, -15 = raw deflate, 31 = gzip wrapper.
_WBITS: Final[dict[str, int]] = {"deflate": 15, "deflate-raw": -15, "gzip": 31}

_PIECE_SIZE: Final = 64 * 1024
"""The largest chunk a (de)compression stream enqueues at once."""


def _check_format(format: Any, what: str) -> int:
    if not isinstance(format, str):
        raise TypeError(f"{what}: format must be a str, not {format!r}")
    wbits = _WBITS.get(format)
    if wbits is None:
        raise TypeError(
            f"{what}: unsupported format {format!r}: use 'gzip', 'deflate' or 'deflate-raw'"
        )
    return wbits


def _check_chunk(chunk: Any, what: str) -> bytes | bytearray | memoryview:
    # "If chunk is not a BufferSource type, then throw a TypeError."
    return as_buffer(chunk, f"{what}: chunk")


def _enqueue_pieces(controller: Any, buffer: bytes) -> None:
    # "split buffer into one or more non-empty pieces ... enqueue each"
    if len(buffer) <= _PIECE_SIZE:
        if buffer:
            controller.enqueue(buffer)
        return
    view = memoryview(buffer)
    for start in range(0, len(buffer), _PIECE_SIZE):
        controller.enqueue(bytes(view[start : start + _PIECE_SIZE]))


class CompressionStream(GenericTransformStream):
    """Compression §5 CompressionStream: bytes in, compressed bytes out."""

    __slots__ = ("_compressor", "_format")

    def __init__(self, format: str) -> None:
        wbits = _check_format(format, "CompressionStream")
        self._format = format
        self._compressor = zlib.compressobj(wbits=wbits)
        self._transform = TransformStream({"transform": self._compress, "flush": self._flush})

    # Compression §5 "compress and enqueue a chunk"
    def _compress(self, chunk: Any, controller: Any) -> None:
        data = _check_chunk(chunk, "CompressionStream")
        _enqueue_pieces(controller, self._compressor.compress(data))

    # Compression §5 "compress flush and enqueue"
    def _flush(self, controller: Any) -> None:
        _enqueue_pieces(controller, self._compressor.flush(zlib.Z_FINISH))

    def __repr__(self) -> str:
        return f"<CompressionStream format={self._format!r}>"


class DecompressionStream(GenericTransformStream):
    """Compression §6 DecompressionStream: compressed bytes in, bytes out; bad input is a TypeError."""

    __slots__ = ("_decompressor", "_format")

    def __init__(self, format: str) -> None:
        wbits = _check_format(format, "DecompressionStream")
        self._format = format
        self._decompressor = zlib.decompressobj(wbits=wbits)
        self._transform = TransformStream({"transform": self._decompress, "flush": self._flush})

    # Compression §6 "decompress and enqueue a chunk"
    def _decompress(self, chunk: Any, controller: Any) -> Promise[None] | None:
        data = _check_chunk(chunk, "DecompressionStream")
        if self._decompressor.eof:
            if len(data):
                raise TypeError(
                    f"DecompressionStream: {len(data)} bytes of extra data after the end "
                    f"of the {self._format} stream"
                )
            return None
        return self._drain(memoryview(data).cast("B"), 0, controller)

    def _drain(self, view: memoryview, pos: int, controller: Any) -> Promise[None] | None:
        """Decompress `view[pos:]` piece by piece, pausing while the readable side is full.

        The standard enqueues the whole output of a chunk at once; a small bomb would
        then sit in memory whole, so output is produced only as fast as it is read.
        """
        decompressor = self._decompressor
        transform = self._transform
        while True:
            piece = view[pos : pos + _PIECE_SIZE]
            try:
                buffer = decompressor.decompress(piece, _PIECE_SIZE)
            except zlib.error as error:
                raise TypeError(
                    f"DecompressionStream: corrupt {self._format} data: {error}"
                ) from None
            if decompressor.eof:
                if buffer:
                    controller.enqueue(buffer)
                extra = len(decompressor.unused_data) + len(view) - pos - len(piece)
                if extra:
                    # Compression §6: "If the end of the compressed input has been
                    # reached, and ds's context has not fully consumed chunk, then throw a TypeError."
                    raise TypeError(
                        f"DecompressionStream: {extra} bytes of extra data "
                        f"after the end of the {self._format} stream"
                    )
                return None
            pos += len(piece) - len(decompressor.unconsumed_tail)
            if buffer:
                controller.enqueue(buffer)
            if pos >= len(view) and len(buffer) < _PIECE_SIZE:
                return None
            if transform._backpressure and transform._backpressure_change_promise is not None:
                return self._resume_later(view, pos, controller)

    def _resume_later(self, view: memoryview, pos: int, controller: Any) -> Promise[None]:
        transform = self._transform
        change = transform._backpressure_change_promise
        assert change is not None
        done: Promise[None] = Promise()
        if not view.readonly:
            # The standard consumes the whole chunk at once; keep the rest of a mutable
            # chunk (bytearray) as it is now, whatever its owner does with it meanwhile.
            view, pos = memoryview(bytes(view[pos:])), 0

        def resume(_: Any) -> None:
            if transform.readable._state != "readable":
                done.resolve(None)  # cancelled or errored meanwhile: nobody reads the rest
                return
            try:
                more = self._drain(view, pos, controller)
            except BaseException as error:
                done.reject(error)
                return
            if more is None:
                done.resolve(None)
            else:
                more.then(done.resolve, done.reject)

        change.then(resume, done.reject)
        return done

    # Compression §6 "decompress flush and enqueue"
    def _flush(self, controller: Any) -> None:
        try:
            buffer = self._decompressor.flush()
        except zlib.error as error:
            raise TypeError(f"DecompressionStream: corrupt {self._format} data: {error}") from None
        _enqueue_pieces(controller, buffer)
        if not self._decompressor.eof:
            raise TypeError(f"DecompressionStream: the {self._format} data ended too early")

    def __repr__(self) -> str:
        return f"<DecompressionStream format={self._format!r}>"
