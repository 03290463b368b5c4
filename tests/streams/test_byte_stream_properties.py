"""Property tests for byte streams: any chunking, read through any buffer sizes, gives back the bytes."""

from __future__ import annotations

import array
import asyncio
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from webstd.streams import ReadableStream


def _push_source(chunks: list[bytes]) -> ReadableStream:
    def start(c: Any) -> None:
        for chunk in chunks:
            c.enqueue(chunk)
        c.close()

    return ReadableStream({"type": "bytes", "start": start})


def _pull_source(chunks: list[bytes]) -> ReadableStream:
    pending = list(chunks)

    def pull(c: Any) -> None:
        if not pending:
            c.close()
            if c.byob_request is not None:
                c.byob_request.respond(0)
            return
        chunk = pending.pop(0)
        request = c.byob_request
        if request is not None and len(chunk) <= request.view.nbytes:
            request.view[: len(chunk)] = chunk
            request.respond(len(chunk))
        else:
            c.enqueue(chunk)

    return ReadableStream({"type": "bytes", "pull": pull}, {"high_water_mark": 0})


async def _read_byob(stream: ReadableStream, sizes: list[int]) -> bytes:
    reader = stream.get_reader("byob")
    out = bytearray()
    i = 0
    while True:
        result = await reader.read(bytearray(sizes[i % len(sizes)]))
        i += 1
        if result.done:
            return bytes(out)
        out += result.value


@given(
    st.lists(st.binary(min_size=1, max_size=40), max_size=12),
    st.lists(st.integers(min_value=1, max_value=64), min_size=1, max_size=5),
    st.booleans(),
)
def test_byob_reads_of_any_size_yield_exactly_the_enqueued_bytes(
    chunks: list[bytes], sizes: list[int], pull_based: bool
) -> None:
    make = _pull_source if pull_based else _push_source
    assert asyncio.run(_read_byob(make(chunks), sizes)) == b"".join(chunks)


@given(st.lists(st.binary(min_size=1, max_size=40), max_size=12), st.booleans())
def test_default_reads_yield_exactly_the_enqueued_bytes(
    chunks: list[bytes], pull_based: bool
) -> None:
    async def run() -> bytes:
        make = _pull_source if pull_based else _push_source
        return b"".join([chunk async for chunk in make(chunks)])

    assert asyncio.run(run()) == b"".join(chunks)


@given(st.lists(st.binary(min_size=2, max_size=40).filter(lambda b: len(b) % 2 == 0), max_size=8))
def test_byob_reads_into_two_byte_items_keep_element_boundaries(chunks: list[bytes]) -> None:
    async def run() -> bytes:
        reader = _push_source(chunks).get_reader("byob")
        out = bytearray()
        while True:
            result = await reader.read(array.array("H", [0, 0, 0]))
            if result.done:
                return bytes(out)
            assert result.value.nbytes % 2 == 0
            out += result.value.tobytes()

    assert asyncio.run(run()) == b"".join(chunks)
