"""Encoding §7.5-7.6: TextDecoderStream and TextEncoderStream, on TransformStream.

Both are "GenericTransformStream"s (Streams §7.1): an object with `readable`
and `writable` whose work is done by an internal TransformStream.
"""

from __future__ import annotations

from typing import Any

from webstd.encoding import TextDecoder, as_buffer, encode_utf8
from webstd.streams.readable import ReadableStream
from webstd.streams.transform import TransformStream
from webstd.streams.writable import WritableStream

__all__ = ["TextDecoderStream", "TextEncoderStream"]


class GenericTransformStream:
    """Streams §7.1 GenericTransformStream: `readable` and `writable` of an inner TransformStream."""

    __slots__ = ("_transform",)

    _transform: TransformStream

    @property
    def readable(self) -> ReadableStream:
        """The readable side (output)."""
        return self._transform.readable

    @property
    def writable(self) -> WritableStream:
        """The writable side (input)."""
        return self._transform.writable


class TextDecoderStream(GenericTransformStream):
    """Encoding §7.5 TextDecoderStream: bytes chunks in, str chunks out."""

    __slots__ = ("_decoder",)

    def __init__(
        self, label: str = "utf-8", *, fatal: bool = False, ignore_bom: bool = False
    ) -> None:
        self._decoder = TextDecoder(label, fatal=fatal, ignore_bom=ignore_bom)
        self._transform = TransformStream({"transform": self._decode, "flush": self._flush})

    @property
    def encoding(self) -> str:
        """The encoding's name, lower-cased."""
        return self._decoder.encoding

    @property
    def fatal(self) -> bool:
        """Whether malformed input errors the stream with TypeError."""
        return self._decoder.fatal

    @property
    def ignore_bom(self) -> bool:
        """Whether a leading byte order mark is kept."""
        return self._decoder.ignore_bom

    # Encoding §7.5 "decode and enqueue a chunk"
    def _decode(self, chunk: Any, controller: Any) -> None:
        data = as_buffer(chunk, "TextDecoderStream: chunk")
        output = self._decoder.decode(data, stream=True)
        if output:
            controller.enqueue(output)

    # Encoding §7.5 "flush and enqueue"
    def _flush(self, controller: Any) -> None:
        output = self._decoder.decode()
        if output:
            controller.enqueue(output)

    def __repr__(self) -> str:
        return f"<TextDecoderStream encoding={self.encoding!r}>"


def _is_high_surrogate(char: str) -> bool:
    return "\ud800" <= char <= "\udbff"


class TextEncoderStream(GenericTransformStream):
    """Encoding §7.6 TextEncoderStream: str chunks in, UTF-8 bytes chunks out."""

    __slots__ = ("_leading_surrogate",)

    def __init__(self) -> None:
        self._leading_surrogate = ""
        self._transform = TransformStream({"transform": self._encode, "flush": self._flush})

    @property
    def encoding(self) -> str:
        """Always `"utf-8"`."""
        return "utf-8"

    # Encoding §7.6 "encode and enqueue a chunk": a surrogate pair may span two chunks.
    def _encode(self, chunk: Any, controller: Any) -> None:
        if not isinstance(chunk, str):
            raise TypeError(
                f"TextEncoderStream: chunks must be str, not {type(chunk).__name__}: {chunk!r}"
            )
        text = self._leading_surrogate + chunk if self._leading_surrogate else chunk
        self._leading_surrogate = ""
        if text and _is_high_surrogate(text[-1]):
            self._leading_surrogate = text[-1]
            text = text[:-1]
        output = encode_utf8(text)
        if output:
            controller.enqueue(output)

    # Encoding §7.6 "encode and flush": a dangling lead surrogate becomes U+FFFD.
    def _flush(self, controller: Any) -> None:
        if self._leading_surrogate:
            self._leading_surrogate = ""
            controller.enqueue(b"\xef\xbf\xbd")

    def __repr__(self) -> str:
        return "<TextEncoderStream>"
