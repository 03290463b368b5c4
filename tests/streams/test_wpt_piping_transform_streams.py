"""WPT streams/piping/transform-streams.any.js, ported."""

from __future__ import annotations

from typing import Any

from webstd.streams import ReadableStream, TransformStream, WritableStream


async def test_piping_through_an_identity_transform_stream_should_close_the_destination_when_the_source_closes() -> (
    None
):
    def start(c: Any) -> None:
        for chunk in "abc":
            c.enqueue(chunk)
        c.close()

    written: list[Any] = []
    rs = ReadableStream({"start": start})
    ws = WritableStream({"write": lambda chunk, c: written.append(chunk)})
    await rs.pipe_through(TransformStream()).pipe_to(ws)
    assert await ws.get_writer().closed is None
    assert written == ["a", "b", "c"]
