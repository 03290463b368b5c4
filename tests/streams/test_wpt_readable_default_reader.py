"""WPT streams/readable-streams/default-reader.any.js, ported."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from streams_helpers import WPTError, rejects

from webstd.streams import ReadableStream, ReadableStreamDefaultReader, ReadResult


def _controlled() -> tuple[ReadableStream, Any]:
    controllers: list[Any] = []
    stream = ReadableStream({"start": controllers.append})
    return stream, controllers[0]


def test_can_get_the_readablestreamdefaultreader_constructor_indirectly() -> None:
    assert type(ReadableStream().get_reader()) is ReadableStreamDefaultReader


def test_readablestreamdefaultreader_constructor_should_get_a_readablestream_object_as_argument() -> (
    None
):
    for garbage in ("potato", {}, None):
        with pytest.raises(TypeError):
            ReadableStreamDefaultReader(garbage)  # type: ignore[arg-type]


def test_readablestreamdefaultreader_instances_should_have_the_correct_list_of_properties() -> None:
    reader = ReadableStreamDefaultReader(ReadableStream())
    for name in ("cancel", "read", "release_lock"):
        assert callable(getattr(reader, name))
    assert hasattr(reader.closed, "__await__")


def test_readablestreamdefaultreader_closed_should_always_return_the_same_promise_object() -> None:
    reader = ReadableStreamDefaultReader(ReadableStream())
    assert reader.closed is reader.closed


def test_constructing_a_readablestreamdefaultreader_directly_should_fail_if_the_stream_is_already_locked_via_direct_construction() -> (
    None
):
    rs = ReadableStream()
    ReadableStreamDefaultReader(rs)
    with pytest.raises(TypeError):
        ReadableStreamDefaultReader(rs)


def test_getting_a_readablestreamdefaultreader_via_getreader_should_fail_if_the_stream_is_already_locked_via_direct_construction() -> (
    None
):
    rs = ReadableStream()
    ReadableStreamDefaultReader(rs)
    with pytest.raises(TypeError):
        rs.get_reader()


def test_constructing_a_readablestreamdefaultreader_directly_should_fail_if_the_stream_is_already_locked_via_getreader() -> (
    None
):
    rs = ReadableStream()
    rs.get_reader()
    with pytest.raises(TypeError):
        ReadableStreamDefaultReader(rs)


def test_getting_a_readablestreamdefaultreader_via_getreader_should_fail_if_the_stream_is_already_locked_via_getreader() -> (
    None
):
    rs = ReadableStream()
    rs.get_reader()
    with pytest.raises(TypeError):
        rs.get_reader()


def test_constructing_a_readablestreamdefaultreader_directly_should_be_ok_if_the_stream_is_closed() -> (
    None
):
    ReadableStreamDefaultReader(ReadableStream({"start": lambda c: c.close()}))


def test_constructing_a_readablestreamdefaultreader_directly_should_be_ok_if_the_stream_is_errored() -> (
    None
):
    ReadableStreamDefaultReader(ReadableStream({"start": lambda c: c.error(Exception("x"))}))


async def test_reading_from_a_reader_for_an_empty_stream_will_wait_until_a_chunk_is_available() -> (
    None
):
    rs, controller = _controlled()
    read = rs.get_reader().read()
    controller.enqueue("a")
    assert await read == ReadResult("a", False)


async def test_cancel_on_a_reader_does_not_release_the_reader() -> None:
    called = []
    reason = Exception("it wasn't the right time, sorry")
    rs: ReadableStream

    def cancel(r: Any) -> None:
        assert rs.locked
        with pytest.raises(TypeError):
            rs.get_reader()
        assert r is reason
        called.append(True)

    rs = ReadableStream({"cancel": cancel})
    await rs.get_reader().cancel(reason)
    assert called == [True]


async def test_closed_should_be_fulfilled_after_stream_is_closed_closed_access_before_acquiring() -> (
    None
):
    rs, controller = _controlled()
    closed = rs.get_reader().closed
    controller.close()
    assert await closed is None


async def test_closed_should_be_rejected_after_reader_releases_its_lock_multiple_stream_locks() -> (
    None
):
    rs, controller = _controlled()
    reader1 = rs.get_reader()
    reader1.release_lock()
    reader2 = rs.get_reader()
    controller.close()
    await rejects(reader1.closed, TypeError)
    await reader2.closed


async def test_multiple_readers_can_access_the_stream_in_sequence() -> None:
    def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")
        c.close()

    rs = ReadableStream({"start": start})
    reader1 = rs.get_reader()
    promise1 = reader1.read()
    reader1.release_lock()
    reader2 = rs.get_reader()
    promise2 = reader2.read()
    reader2.release_lock()
    assert await promise1 == ReadResult("a", False)
    assert await promise2 == ReadResult("b", False)


async def test_cannot_use_an_already_released_reader_to_unlock_a_stream_again() -> None:
    rs = ReadableStream({"start": lambda c: c.enqueue("a")})
    reader1 = rs.get_reader()
    reader1.release_lock()
    reader2 = rs.get_reader()
    reader1.release_lock()
    assert await reader2.read() == ReadResult("a", False)


async def test_cancel_on_a_released_reader_is_a_no_op_and_does_not_pass_through() -> None:
    def cancel(reason: Any) -> None:
        raise AssertionError("underlying source cancel should not be called")

    rs = ReadableStream({"start": lambda c: c.enqueue("a"), "cancel": cancel})
    reader = rs.get_reader()
    reader.release_lock()
    cancel_promise = reader.cancel()
    reader2 = rs.get_reader()
    assert await reader2.read() == ReadResult("a", False)
    await rejects(cancel_promise, TypeError)


async def test_getting_a_second_reader_after_erroring_the_stream_and_releasing_the_reader_should_succeed() -> (
    None
):
    rs, controller = _controlled()
    the_error = WPTError("unique error")
    reader1 = rs.get_reader()
    closed1, read1 = reader1.closed, reader1.read()
    with pytest.raises(TypeError):
        rs.get_reader()
    controller.error(the_error)
    reader1.release_lock()
    reader2 = rs.get_reader()
    await rejects(closed1, the_error)
    await rejects(read1, the_error)
    await rejects(reader2.closed, the_error)
    await rejects(reader2.read(), the_error)


async def test_readablestreamdefaultreader_closed_promise_should_be_rejected_with_undefined_if_that_is_the_error() -> (
    None
):
    rs, controller = _controlled()
    closed = rs.get_reader().closed
    controller.error()
    with pytest.raises(Exception) as info:
        await closed
    assert info.value.args == (None,)  # a non-exception reason is raised wrapped in Exception


async def test_readablestreamdefaultreader_if_start_rejects_with_no_parameter_it_should_error_the_stream_with_an_undefined_error() -> (
    None
):
    async def start(c: Any) -> None:
        raise Exception()

    with pytest.raises(Exception):
        await ReadableStream({"start": start}).get_reader().read()


async def test_erroring_a_readablestream_after_checking_closed_should_reject_readablestreamdefaultreader_closed_promise() -> (
    None
):
    rs, controller = _controlled()
    the_error = WPTError("unique string")
    closed = rs.get_reader().closed
    controller.error(the_error)
    await rejects(closed, the_error)


async def test_erroring_a_readablestream_before_checking_closed_should_reject_readablestreamdefaultreader_closed_promise() -> (
    None
):
    rs, controller = _controlled()
    the_error = WPTError("unique string")
    controller.error(the_error)
    rs.get_reader().release_lock()
    await rejects(rs.get_reader().closed, the_error)


async def test_reading_twice_on_a_stream_that_gets_closed() -> None:
    rs, controller = _controlled()
    reader = rs.get_reader()
    reads = [reader.read(), reader.read()]
    closed = reader.closed
    controller.close()
    assert await asyncio.gather(*reads) == [ReadResult(None, True)] * 2
    await closed


async def test_reading_twice_on_a_closed_stream() -> None:
    rs, controller = _controlled()
    controller.close()
    reader = rs.get_reader()
    assert await reader.read() == ReadResult(None, True)
    assert await reader.read() == ReadResult(None, True)
    await reader.closed


async def test_reading_twice_on_an_errored_stream() -> None:
    rs, controller = _controlled()
    my_error = WPTError("mashed potatoes")
    controller.error(my_error)
    reader = rs.get_reader()
    await rejects(reader.read(), my_error)
    await rejects(reader.read(), my_error)
    await rejects(reader.closed, my_error)


async def test_reading_twice_on_a_stream_that_gets_errored() -> None:
    rs, controller = _controlled()
    my_error = WPTError("mashed potatoes")
    reader = rs.get_reader()
    reads = [reader.read(), reader.read()]
    controller.error(my_error)
    for read in reads:
        await rejects(read, my_error)
    await rejects(reader.closed, my_error)


def test_getreader_should_call_tostring_on_mode() -> None:
    # Python takes no implicit str(); a non-str mode is a TypeError naming it.
    with pytest.raises(TypeError, match="potato"):
        ReadableStream().get_reader("potato")


async def test_second_reader_can_read_after_pending_read_released() -> None:
    rs, controller = _controlled()
    reader = rs.get_reader()
    pending = reader.read()
    reader.release_lock()
    await rejects(pending, TypeError)
    reader2 = rs.get_reader()
    controller.enqueue("x")
    assert await reader2.read() == ReadResult("x", False)
