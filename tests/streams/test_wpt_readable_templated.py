"""WPT streams/readable-streams/templated.any.js (rs-test-templates.js), ported for the main stream states."""

from __future__ import annotations

from typing import Any

import pytest
from streams_helpers import WPTError, flush_async_events, rejects

from webstd.streams import ReadableStream, ReadResult

the_error = WPTError("boo!")


def _empty() -> ReadableStream:
    return ReadableStream()


def _closed() -> ReadableStream:
    return ReadableStream({"start": lambda c: c.close()})


def _errored() -> ReadableStream:
    return ReadableStream({"start": lambda c: c.error(the_error)})


def _two_chunks_open() -> ReadableStream:
    def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")

    return ReadableStream({"start": start})


def _two_chunks_closed() -> ReadableStream:
    def start(c: Any) -> None:
        c.enqueue("a")
        c.enqueue("b")
        c.close()

    return ReadableStream({"start": start})


# -- templatedRSEmpty / templatedRSEmptyReader ---------------------------------


def test_readablestream_empty_instances_have_the_correct_methods_and_properties() -> None:
    rs = _empty()
    for name in ("cancel", "get_reader", "pipe_through", "pipe_to", "tee", "values"):
        assert callable(getattr(rs, name))
    assert rs.locked is False


def test_readablestream_empty_calling_getreader_with_invalid_arguments_should_throw_appropriate_errors() -> (
    None
):
    with pytest.raises(TypeError):
        _empty().get_reader("potato")
    with pytest.raises(TypeError):
        _empty().get_reader("byob")  # not a byte stream


async def test_readablestream_empty_reader_read_should_never_settle() -> None:
    read = _empty().get_reader().read()
    await flush_async_events()
    assert not read.settled


async def test_readablestream_empty_reader_read_should_return_distinct_promises_each_time() -> None:
    reader = _empty().get_reader()
    assert reader.read() is not reader.read()


async def test_readablestream_empty_reader_releasing_the_lock_should_reject_all_pending_read_requests() -> (
    None
):
    reader = _empty().get_reader()
    reads = [reader.read(), reader.read()]
    reader.release_lock()
    for read in reads:
        await rejects(read, TypeError)
    await rejects(reader.read(), TypeError)


async def test_readablestream_empty_reader_releasing_the_lock_should_cause_closed_to_reject_and_change_identity() -> (
    None
):
    reader = _empty().get_reader()
    closed_before = reader.closed
    reader.release_lock()
    closed_after = reader.closed
    assert closed_before is closed_after  # pending closed is rejected in place
    await rejects(closed_before, TypeError)


async def test_readablestream_empty_reader_canceling_via_the_reader_should_cause_the_reader_to_act_closed() -> (
    None
):
    reader = _empty().get_reader()
    reader.cancel()
    assert await reader.read() == ReadResult(None, True)
    await reader.closed


async def test_readablestream_empty_reader_canceling_via_the_stream_should_fail() -> None:
    rs = _empty()
    rs.get_reader()
    await rejects(rs.cancel(), TypeError)


# -- templatedRSClosed -------------------------------------------------------------


async def test_readablestream_closed_cancel_should_return_a_distinct_fulfilled_promise_each_time() -> (
    None
):
    rs = _closed()
    first, second = rs.cancel(), rs.cancel()
    assert first is not second
    assert await first is None
    assert await second is None


def test_readablestream_closed_locked_should_be_false() -> None:
    assert _closed().locked is False


def test_readablestream_closed_getreader_should_be_ok() -> None:
    _closed().get_reader()


def test_readablestream_closed_should_be_able_to_acquire_multiple_readers_if_they_are_released_in_succession() -> (
    None
):
    rs = _closed()
    rs.get_reader().release_lock()
    rs.get_reader().release_lock()


def test_readablestream_closed_should_not_be_able_to_acquire_a_second_reader_if_we_don_t_release_the_first_one() -> (
    None
):
    rs = _closed()
    rs.get_reader()
    with pytest.raises(TypeError):
        rs.get_reader()


async def test_readablestream_closed_reader_read_should_fulfill_with_end_of_stream_and_closed_should_fulfill() -> (
    None
):
    reader = _closed().get_reader()
    assert await reader.read() == ReadResult(None, True)
    assert await reader.read() == ReadResult(None, True)
    assert await reader.closed is None
    assert reader.closed is reader.closed


async def test_readablestream_closed_reader_releasing_the_lock_should_cause_closed_to_reject_and_change_identity() -> (
    None
):
    reader = _closed().get_reader()
    closed_before = reader.closed
    reader.release_lock()
    assert reader.closed is not closed_before
    await closed_before
    await rejects(reader.closed, TypeError)


async def test_readablestream_closed_reader_cancel_should_return_a_distinct_fulfilled_promise_each_time() -> (
    None
):
    reader = _closed().get_reader()
    first, second = reader.cancel(), reader.cancel()
    assert first is not second
    await first
    await second


# -- templatedRSErrored --------------------------------------------------------------


async def test_readablestream_errored_getreader_should_return_a_reader_whose_closed_rejects() -> (
    None
):
    await rejects(_errored().get_reader().closed, the_error)


async def test_readablestream_errored_read_should_reject_with_the_error() -> None:
    await rejects(_errored().get_reader().read(), the_error)


async def test_readablestream_errored_cancel_should_return_a_distinct_rejected_promise_each_time() -> (
    None
):
    rs = _errored()
    first, second = rs.cancel(), rs.cancel()
    assert first is not second
    await rejects(first, the_error)
    await rejects(second, the_error)


async def test_readablestream_errored_reader_cancel_should_return_a_distinct_rejected_promise_each_time() -> (
    None
):
    reader = _errored().get_reader()
    first, second = reader.cancel(), reader.cancel()
    assert first is not second
    await rejects(first, the_error)
    await rejects(second, the_error)


def test_readablestream_errored_should_be_able_to_obtain_a_second_reader_with_the_correct_closed_promise() -> (
    None
):
    rs = _errored()
    rs.get_reader().release_lock()
    rs.get_reader()


# -- templatedRSTwoChunksOpenReader / ClosedReader --------------------------------


async def test_readablestream_two_chunks_enqueued_still_open_reader_calling_read_twice_without_waiting_will_eventually_give_both_chunks() -> (
    None
):
    reader = _two_chunks_open().get_reader()
    first, second = reader.read(), reader.read()
    assert await first == ReadResult("a", False)
    assert await second == ReadResult("b", False)


async def test_readablestream_two_chunks_enqueued_still_open_reader_third_read_without_waiting_should_give_a_promise_that_stays_pending() -> (
    None
):
    reader = _two_chunks_open().get_reader()
    reader.read()
    reader.read()
    third = reader.read()
    await flush_async_events()
    assert not third.settled


async def test_readablestream_two_chunks_enqueued_still_open_reader_draining_the_stream_via_read_should_cause_the_reader_closed_promise_to_fulfill_but_locked_stays_true() -> (
    None
):
    rs = _two_chunks_closed()
    reader = rs.get_reader()
    await reader.read()
    await reader.read()
    assert await reader.read() == ReadResult(None, True)
    await reader.closed
    assert rs.locked is True


async def test_readablestream_two_chunks_enqueued_then_closed_reader_releasing_the_lock_after_the_stream_is_closed_should_cause_closed_to_change_identity() -> (
    None
):
    rs = _two_chunks_closed()
    reader = rs.get_reader()
    await reader.read()
    await reader.read()
    await reader.read()
    closed_before = reader.closed
    reader.release_lock()
    assert reader.closed is not closed_before
    await rejects(reader.closed, TypeError)
    assert rs.locked is False


async def test_readablestream_two_chunks_enqueued_then_closed_reader_releasing_the_lock_should_cause_further_read_calls_to_reject_with_a_typeerror() -> (
    None
):
    reader = _two_chunks_closed().get_reader()
    reader.release_lock()
    await rejects(reader.read(), TypeError)
    await rejects(reader.read(), TypeError)


async def test_readablestream_two_chunks_enqueued_then_closed_reader_reader_s_closed_property_always_returns_the_same_promise() -> (
    None
):
    rs = _two_chunks_closed()
    reader = rs.get_reader()
    closed = reader.closed
    await reader.read()
    assert reader.closed is closed
    await reader.read()
    await reader.read()
    assert reader.closed is closed
