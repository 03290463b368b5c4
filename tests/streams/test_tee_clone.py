"""ReadableStreamTee with cloneForBranch2 (used by Request/Response clone())."""

from __future__ import annotations

from webstd import ReadableStream, Response
from webstd.streams.readable import readable_stream_tee


async def test_clone_for_branch2_gives_branch2_its_own_buffer() -> None:
    a, b = readable_stream_tee(ReadableStream.from_([bytearray(b"abc")]), clone_for_branch2=True)
    first = await a.get_reader().read()
    second = await b.get_reader().read()
    first.value[0] = ord("z")
    assert bytes(second.value) == b"abc"


async def test_response_clone_branches_do_not_share_mutable_chunks() -> None:
    original = Response(ReadableStream.from_([bytearray(b"hello")]))
    clone = original.clone()
    chunk = (await original.body.get_reader().read()).value  # type: ignore[union-attr]
    chunk[:] = b"HELLO"
    assert await clone.text() == "hello"
