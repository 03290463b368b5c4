"""Streams §4 readable streams: ReadableStream, its default controller and reader.

Byte streams (the byte controller, BYOB reader and byte tee) live in
`byte_stream.py`, piping in `pipe.py`; both work on the internal slots defined
here. Every abstract operation is a module function named after the standard's.
"""

from __future__ import annotations

import asyncio
import inspect
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from functools import partial
from types import CoroutineType
from typing import TYPE_CHECKING, Any, NamedTuple

from webstd.streams import _promise
from webstd.streams._promise import Promise, call, queue_microtask, rejected, resolved
from webstd.streams.queuing import (
    QueueWithSizes,
    extract_default_size_algorithm,
    extract_high_water_mark,
    extract_size_algorithm,
    member,
    validate_chunk_size,
)

if TYPE_CHECKING:
    from webstd.abort import AbortSignal
    from webstd.streams.byte_stream import ReadableByteStreamController, ReadableStreamBYOBReader
    from webstd.streams.writable import WritableStream

__all__ = [
    "ReadResult",
    "ReadableStream",
    "ReadableStreamBYOBReader",
    "ReadableStreamDefaultController",
    "ReadableStreamDefaultReader",
    "is_readable_stream_disturbed",
    "is_readable_stream_locked",
    "readable_stream_cancel",
    "readable_stream_drain_source",
    "readable_stream_from_bytes",
    "readable_stream_tee",
]

_READABLE = "readable"
_CLOSED = "closed"
_ERRORED = "errored"


class ReadResult(NamedTuple):
    """The result of `await reader.read()`: a chunk, or `done=True` at the end."""

    value: Any
    done: bool


_DONE = ReadResult(None, True)


class ReadableStream:
    """Streams §4.2 ReadableStream: a source of chunks read through a reader."""

    __slots__ = ("__weakref__", "_controller", "_disturbed", "_reader", "_state", "_stored_error")

    _controller: ReadableStreamDefaultController | ReadableByteStreamController
    _reader: ReadableStreamDefaultReader | ReadableStreamBYOBReader | None
    _state: str
    _stored_error: Any
    _disturbed: bool

    def __init__(self, underlying_source: object = None, strategy: object = None) -> None:
        _initialize_readable_stream(self)
        if type(underlying_source) is dict:  # the common case first
            kind = underlying_source.get("type")
        elif isinstance(underlying_source, (str, bytes, int, float, bool)):
            raise TypeError(
                f"ReadableStream: underlying_source {underlying_source!r} is not an object"
            )
        else:
            kind = member(underlying_source, "type")
        if kind is None:
            if strategy is None:  # an empty QueuingStrategy: size 1, high-water mark 1
                size = None
                high_water_mark: float = 1
            else:
                size = extract_default_size_algorithm(strategy)
                high_water_mark = extract_high_water_mark(strategy, 1)
            start, pull, cancel = source_callbacks(underlying_source, "ReadableStream")
            _set_up_default_controller_from_callbacks(
                self, start, pull, cancel, high_water_mark, size
            )
        elif kind == "bytes":
            from webstd.streams import byte_stream

            if extract_size_algorithm(strategy) is not None:
                raise ValueError(
                    "ReadableStream: a byte stream's strategy cannot have a size function"
                )
            high_water_mark = extract_high_water_mark(strategy, 0)
            byte_stream.set_up_readable_byte_stream_controller_from_underlying_source(
                self, underlying_source, high_water_mark
            )
        else:
            raise TypeError(f"ReadableStream: invalid type {kind!r}: must be 'bytes' or None")

    def __repr__(self) -> str:
        return f"<ReadableStream {self._state}{' locked' if self._reader is not None else ''}>"

    @staticmethod
    def from_(iterable: Iterable[Any] | AsyncIterable[Any]) -> ReadableStream:
        """Streams §4.2.4 ReadableStream.from(): a stream over an (async) iterable."""
        return _readable_stream_from_iterable(iterable)

    @property
    def locked(self) -> bool:
        """Whether a reader (or a pipe) holds the stream."""
        return self._reader is not None

    def cancel(self, reason: Any = None) -> Promise[None]:
        """Cancel the stream (awaitable); rejects with TypeError if locked."""
        if self._reader is not None:
            return rejected(TypeError("ReadableStream.cancel: the stream is locked to a reader"))
        return readable_stream_cancel(self, reason)

    def get_reader(
        self, mode: str | None = None
    ) -> ReadableStreamDefaultReader | ReadableStreamBYOBReader:
        """A reader that locks the stream; `mode="byob"` for a BYOB reader."""
        if mode is None:
            return ReadableStreamDefaultReader(self)
        if mode == "byob":
            from webstd.streams.byte_stream import ReadableStreamBYOBReader

            return ReadableStreamBYOBReader(self)
        raise TypeError(f"ReadableStream.get_reader: invalid mode {mode!r}: must be 'byob' or None")

    def pipe_through(
        self,
        transform: Any,
        *,
        prevent_close: bool = False,
        prevent_abort: bool = False,
        prevent_cancel: bool = False,
        signal: AbortSignal | None = None,
    ) -> ReadableStream:
        """Streams §4.2.4 pipeThrough(): pipe into `transform.writable`, return its readable."""
        from webstd.streams.pipe import readable_stream_pipe_to
        from webstd.streams.writable import WritableStream

        # Web IDL ReadableWritablePair: members are read and converted in order, so
        # a bad `readable` throws before `writable` is looked up
        readable = member(transform, "readable")
        if not isinstance(readable, ReadableStream):
            raise TypeError(
                f"ReadableStream.pipe_through: {transform!r} has no ReadableStream 'readable'"
            )
        writable = member(transform, "writable")
        if not isinstance(writable, WritableStream):
            raise TypeError(
                f"ReadableStream.pipe_through: {transform!r} has no WritableStream 'writable'"
            )
        _check_signal(signal, "pipe_through")
        if self._reader is not None:
            raise TypeError("ReadableStream.pipe_through: the stream is locked")
        if writable._writer is not None:
            raise TypeError("ReadableStream.pipe_through: the writable side is locked")
        readable_stream_pipe_to(
            self, writable, prevent_close, prevent_abort, prevent_cancel, signal
        )
        return readable

    def pipe_to(
        self,
        destination: WritableStream,
        *,
        prevent_close: bool = False,
        prevent_abort: bool = False,
        prevent_cancel: bool = False,
        signal: AbortSignal | None = None,
    ) -> Promise[None]:
        """Streams §4.2.4 pipeTo(): pipe every chunk into `destination` (awaitable)."""
        from webstd.streams.pipe import readable_stream_pipe_to
        from webstd.streams.writable import WritableStream

        if not isinstance(destination, WritableStream):
            return rejected(
                TypeError(f"ReadableStream.pipe_to: {destination!r} is not a WritableStream")
            )
        try:
            _check_signal(signal, "pipe_to")
        except TypeError as error:
            return rejected(error)
        if self._reader is not None:
            return rejected(TypeError("ReadableStream.pipe_to: the stream is locked"))
        if destination._writer is not None:
            return rejected(TypeError("ReadableStream.pipe_to: the destination is locked"))
        return readable_stream_pipe_to(
            self, destination, prevent_close, prevent_abort, prevent_cancel, signal
        )

    def tee(self) -> tuple[ReadableStream, ReadableStream]:
        """Streams §4.2.4 tee(): two branches that each see every chunk."""
        return readable_stream_tee(self, False)

    def values(self, *, prevent_cancel: bool = False) -> ReadableStreamAsyncIterator:
        """Streams §4.2.5 async iteration; `aclose()` cancels unless prevent_cancel."""
        return ReadableStreamAsyncIterator(self, prevent_cancel)

    def __aiter__(self) -> ReadableStreamAsyncIterator:
        return ReadableStreamAsyncIterator(self, False)


def _check_signal(signal: object, method: str) -> None:
    if signal is None:
        return
    from webstd.abort import AbortSignal

    if not isinstance(signal, AbortSignal):
        raise TypeError(f"ReadableStream.{method}: signal {signal!r} is not an AbortSignal")


# ---------------------------------------------------------------------------
# Streams §4.9.1 working with readable streams


def _initialize_readable_stream(stream: ReadableStream) -> None:
    # Streams §4.9.1 InitializeReadableStream
    stream._state = _READABLE
    stream._reader = None
    stream._stored_error = None
    stream._disturbed = False


def create_readable_stream(
    start_algorithm: Callable[[], Any],
    pull_algorithm: Callable[[], Promise[Any] | None] | None,
    cancel_algorithm: Callable[[Any], Promise[Any] | None] | None,
    high_water_mark: float = 1,
    size_algorithm: Callable[[Any], Any] | None = None,
) -> ReadableStream:
    """Streams §4.9.1 CreateReadableStream; algorithms may return None for "resolved"."""
    stream = ReadableStream.__new__(ReadableStream)
    _initialize_readable_stream(stream)
    controller = ReadableStreamDefaultController.__new__(ReadableStreamDefaultController)
    set_up_readable_stream_default_controller(
        stream,
        controller,
        start_algorithm,
        pull_algorithm,
        cancel_algorithm,
        high_water_mark,
        size_algorithm,
    )
    return stream


def is_readable_stream_locked(stream: ReadableStream) -> bool:
    """Streams §4.9.1 IsReadableStreamLocked."""
    return stream._reader is not None


def is_readable_stream_disturbed(stream: ReadableStream) -> bool:
    """Streams §4.9 "is disturbed": a read or cancel has happened."""
    return stream._disturbed


def readable_stream_cancel(stream: ReadableStream, reason: Any) -> Promise[None]:
    """Streams §4.9.2 ReadableStreamCancel."""
    stream._disturbed = True
    if stream._state == _CLOSED:
        return resolved(None)
    if stream._state == _ERRORED:
        return rejected(stream._stored_error)
    readable_stream_close(stream)
    reader = stream._reader
    if reader is not None and not isinstance(reader, ReadableStreamDefaultReader):
        read_into_requests = reader._read_into_requests
        reader._read_into_requests = deque()
        for read_into_request in read_into_requests:
            read_into_request._close_steps(None)
    source_cancel_promise = stream._controller._cancel_steps(reason)
    return source_cancel_promise.transform(_to_none)


def _to_none(value: object) -> None:
    return None


def readable_stream_close(stream: ReadableStream) -> None:
    """Streams §4.9.2 ReadableStreamClose."""
    stream._state = _CLOSED
    reader = stream._reader
    if reader is None:
        return
    reader._closed_promise.fulfill(None)
    if isinstance(reader, ReadableStreamDefaultReader):
        read_requests = reader._read_requests
        reader._read_requests = deque()
        for read_request in read_requests:
            read_request._close_steps()


def readable_stream_error(stream: ReadableStream, error: Any) -> None:
    """Streams §4.9.2 ReadableStreamError."""
    stream._state = _ERRORED
    stream._stored_error = error
    reader = stream._reader
    if reader is None:
        return
    reader._closed_promise.reject(error)
    if isinstance(reader, ReadableStreamDefaultReader):
        _default_reader_error_read_requests(reader, error)
    else:
        from webstd.streams.byte_stream import byob_reader_error_read_into_requests

        byob_reader_error_read_into_requests(reader, error)


def readable_stream_add_read_request(stream: ReadableStream, read_request: ReadRequest) -> None:
    """Streams §4.9.2 ReadableStreamAddReadRequest."""
    stream._reader._read_requests.append(read_request)  # type: ignore[union-attr]


def readable_stream_fulfill_read_request(stream: ReadableStream, chunk: Any, done: bool) -> None:
    """Streams §4.9.2 ReadableStreamFulfillReadRequest."""
    read_request = stream._reader._read_requests.popleft()  # type: ignore[union-attr]
    if done:
        read_request._close_steps()
    else:
        read_request._chunk_steps(chunk)


def readable_stream_get_num_read_requests(stream: ReadableStream) -> int:
    """Streams §4.9.2 ReadableStreamGetNumReadRequests."""
    return len(stream._reader._read_requests)  # type: ignore[union-attr]


def readable_stream_has_default_reader(stream: ReadableStream) -> bool:
    """Streams §4.9.2 ReadableStreamHasDefaultReader."""
    return isinstance(stream._reader, ReadableStreamDefaultReader)


# ---------------------------------------------------------------------------
# Streams §4.3 read requests and §4.4 ReadableStreamDefaultReader


class ReadRequest:
    """Streams §4.4 read request: chunk, close and error steps."""

    __slots__ = ()

    def _chunk_steps(self, chunk: Any) -> None:
        raise NotImplementedError

    def _close_steps(self) -> None:
        raise NotImplementedError

    def _error_steps(self, error: Any) -> None:
        raise NotImplementedError


class _ReadPromise(Promise[ReadResult]):
    """The read request of `reader.read()`: it *is* the promise read() returns."""

    __slots__ = ()

    def _chunk_steps(self, chunk: Any) -> None:
        self.fulfill(ReadResult(chunk, False))

    def _close_steps(self) -> None:
        self.fulfill(_DONE)

    def _error_steps(self, error: Any) -> None:
        self.reject(error)


class ReadableStreamGenericReader:
    """Streams §4.3 the members common to default and BYOB readers."""

    __slots__ = ("__weakref__", "_closed_promise", "_stream")

    _stream: ReadableStream | None
    _closed_promise: Promise[None]

    @property
    def closed(self) -> Promise[None]:
        """Resolves when the stream closes, rejects if it errors or the lock is released."""
        return self._closed_promise

    def cancel(self, reason: Any = None) -> Promise[None]:
        """Cancel the stream (awaitable)."""
        if self._stream is None:
            return rejected(
                TypeError(f"{type(self).__name__}.cancel: the reader has been released")
            )
        return readable_stream_cancel(self._stream, reason)


def readable_stream_reader_generic_initialize(
    reader: ReadableStreamGenericReader, stream: ReadableStream
) -> None:
    """Streams §4.9.3 ReadableStreamReaderGenericInitialize."""
    reader._stream = stream
    stream._reader = reader  # type: ignore[assignment]
    if stream._state == _READABLE:
        reader._closed_promise = Promise()
    elif stream._state == _CLOSED:
        reader._closed_promise = resolved(None)
    else:
        reader._closed_promise = rejected(stream._stored_error)


def readable_stream_reader_generic_release(reader: ReadableStreamGenericReader) -> None:
    """Streams §4.9.3 ReadableStreamReaderGenericRelease."""
    stream = reader._stream
    assert stream is not None
    error = TypeError("the reader's lock was released")
    if stream._state == _READABLE:
        reader._closed_promise.reject(error)
    else:
        reader._closed_promise = rejected(error)
    stream._controller._release_steps()
    stream._reader = None
    reader._stream = None


class ReadableStreamDefaultReader(ReadableStreamGenericReader):
    """Streams §4.4 ReadableStreamDefaultReader: `await read()` -> ReadResult."""

    __slots__ = ("_read_requests",)

    _read_requests: deque[Any]

    def __init__(self, stream: ReadableStream) -> None:
        if not isinstance(stream, ReadableStream):
            raise TypeError(f"ReadableStreamDefaultReader: {stream!r} is not a ReadableStream")
        set_up_readable_stream_default_reader(self, stream)

    def __repr__(self) -> str:
        return f"<ReadableStreamDefaultReader {'released' if self._stream is None else 'active'}>"

    def read(self) -> Promise[ReadResult]:
        """Read the next chunk: ReadResult(chunk, False), or ReadResult(None, True) at the end."""
        stream = self._stream
        if stream is None:
            return rejected(
                TypeError("ReadableStreamDefaultReader.read: the reader has been released")
            )
        promise = _ReadPromise()
        readable_stream_default_reader_read(self, promise)
        return promise

    def release_lock(self) -> None:
        """Release the stream; pending reads reject with TypeError."""
        if self._stream is None:
            return
        readable_stream_default_reader_release(self)


def acquire_readable_stream_default_reader(stream: ReadableStream) -> ReadableStreamDefaultReader:
    """Streams §4.9.3 AcquireReadableStreamDefaultReader."""
    reader = ReadableStreamDefaultReader.__new__(ReadableStreamDefaultReader)
    set_up_readable_stream_default_reader(reader, stream)
    return reader


def set_up_readable_stream_default_reader(
    reader: ReadableStreamDefaultReader, stream: ReadableStream
) -> None:
    """Streams §4.9.3 SetUpReadableStreamDefaultReader."""
    if stream._reader is not None:
        raise TypeError("ReadableStream is locked: it already has a reader")
    readable_stream_reader_generic_initialize(reader, stream)
    reader._read_requests = deque()


def readable_stream_default_reader_read(
    reader: ReadableStreamDefaultReader, read_request: Any
) -> None:
    """Streams §4.9.3 ReadableStreamDefaultReaderRead."""
    stream = reader._stream
    assert stream is not None
    stream._disturbed = True
    state = stream._state
    if state == _READABLE:
        stream._controller._pull_steps(read_request)
    elif state == _CLOSED:
        read_request._close_steps()
    else:
        read_request._error_steps(stream._stored_error)


def readable_stream_default_reader_release(reader: ReadableStreamDefaultReader) -> None:
    """Streams §4.9.3 ReadableStreamDefaultReaderRelease."""
    readable_stream_reader_generic_release(reader)
    _default_reader_error_read_requests(reader, TypeError("the reader's lock was released"))


def default_reader_error_read_requests(reader: ReadableStreamDefaultReader, error: Any) -> None:
    """Streams §4.9.3 ReadableStreamDefaultReaderErrorReadRequests."""
    _default_reader_error_read_requests(reader, error)


def _default_reader_error_read_requests(reader: ReadableStreamDefaultReader, error: Any) -> None:
    # Streams §4.9.3 ReadableStreamDefaultReaderErrorReadRequests
    read_requests = reader._read_requests
    reader._read_requests = deque()
    for read_request in read_requests:
        read_request._error_steps(error)


# ---------------------------------------------------------------------------
# Streams §4.6 ReadableStreamDefaultController


class ReadableStreamDefaultController:
    """Streams §4.6 the controller given to a default stream's underlying source."""

    __slots__ = (
        "_cancel_algorithm",
        "_close_requested",
        "_on_pull_fulfilled",
        "_on_pull_rejected",
        "_pull_again",
        "_pull_algorithm",
        "_pulling",
        "_queue",
        "_source",
        "_started",
        "_strategy_hwm",
        "_strategy_size_algorithm",
        "_stream",
    )

    _stream: ReadableStream
    _queue: QueueWithSizes
    _pull_algorithm: Callable[[], Promise[Any] | None] | None
    _cancel_algorithm: Callable[[Any], Promise[Any] | None] | None
    _strategy_size_algorithm: Callable[[Any], Any] | None
    _started: bool
    _close_requested: bool
    _pull_again: bool
    _pulling: bool
    _strategy_hwm: float
    _on_pull_fulfilled: Callable[[Any], None] | None
    _on_pull_rejected: Callable[[Any], None] | None
    # The (iterator, is_async, pending step) of a ReadableStream.from_() stream, for
    # readable_stream_drain_source; None for every other stream.
    _source: tuple[Any, bool, _PendingStep | None] | None

    def __init__(self) -> None:
        raise TypeError("ReadableStreamDefaultController cannot be constructed directly")

    def __repr__(self) -> str:
        return f"<ReadableStreamDefaultController desired_size={self.desired_size!r}>"

    @property
    def desired_size(self) -> float | None:
        """High-water mark minus queued size; None once errored."""
        return readable_stream_default_controller_get_desired_size(self)

    def close(self) -> None:
        """Close the stream once the queued chunks have been read."""
        if self._close_requested or self._stream._state != _READABLE:  # CanCloseOrEnqueue
            raise TypeError("ReadableStreamDefaultController.close: the stream cannot be closed")
        readable_stream_default_controller_close(self)

    def enqueue(self, chunk: Any = None) -> None:
        """Queue `chunk` (or hand it straight to a pending read)."""
        if self._close_requested or self._stream._state != _READABLE:  # CanCloseOrEnqueue
            raise TypeError(
                "ReadableStreamDefaultController.enqueue: the stream is closed or errored"
            )
        readable_stream_default_controller_enqueue(self, chunk)

    def error(self, e: Any = None) -> None:
        """Error the stream with `e`."""
        readable_stream_default_controller_error(self, e)

    # Streams §4.6.4 [[CancelSteps]]
    def _cancel_steps(self, reason: Any) -> Promise[Any]:
        self._queue.reset()
        cancel_algorithm = self._cancel_algorithm
        result = cancel_algorithm(reason) if cancel_algorithm is not None else None
        readable_stream_default_controller_clear_algorithms(self)
        return resolved(result) if result is None else result

    # Streams §4.6.4 [[PullSteps]]
    def _pull_steps(self, read_request: Any) -> None:
        stream = self._stream
        queue = self._queue.queue
        if queue:
            chunk, size = queue.popleft()
            total = self._queue.total_size - size
            self._queue.total_size = total if total > 0 else 0
            if self._close_requested and not queue:
                readable_stream_default_controller_clear_algorithms(self)
                readable_stream_close(stream)
            else:
                readable_stream_default_controller_call_pull_if_needed(self)
            read_request._chunk_steps(chunk)
        else:
            stream._reader._read_requests.append(read_request)  # type: ignore[union-attr]
            readable_stream_default_controller_call_pull_if_needed(self)

    # Streams §4.6.4 [[ReleaseSteps]]
    def _release_steps(self) -> None:
        return None


def readable_stream_default_controller_call_pull_if_needed(
    controller: ReadableStreamDefaultController,
) -> None:
    """Streams §4.9.4 ReadableStreamDefaultControllerCallPullIfNeeded."""
    # ShouldCallPull, inlined: this runs for every chunk.
    stream = controller._stream
    if controller._close_requested or stream._state != _READABLE or not controller._started:
        return
    reader = stream._reader
    if not (
        (
            reader is not None
            and type(reader) is ReadableStreamDefaultReader
            and reader._read_requests
        )
        or controller._strategy_hwm - controller._queue.total_size > 0
    ):
        return
    if controller._pulling:
        controller._pull_again = True
        return
    pull_algorithm = controller._pull_algorithm
    if pull_algorithm is None:
        return  # "return a promise resolved with undefined": nothing observable follows
    controller._pulling = True
    pull_promise = pull_algorithm()
    if pull_promise is None:
        queue_microtask(_pull_fulfilled, controller)
    elif pull_promise is not _REACTING:
        on_fulfilled = controller._on_pull_fulfilled
        if on_fulfilled is None:  # made on the first pull that returns a promise
            on_fulfilled = controller._on_pull_fulfilled = partial(_pull_fulfilled, controller)
            controller._on_pull_rejected = partial(
                readable_stream_default_controller_error, controller
            )
        pull_promise.then(on_fulfilled, controller._on_pull_rejected)


# What an underlying source's pull algorithm returns once it has itself set up the
# reactions to its promise (`_promise.react`); never settled, never reacted to.
_REACTING: Promise[Any] = Promise()


def _pull_fulfilled(controller: ReadableStreamDefaultController, _: object = None) -> None:
    controller._pulling = False
    if controller._pull_again:
        controller._pull_again = False
        readable_stream_default_controller_call_pull_if_needed(controller)


def readable_stream_default_controller_should_call_pull(
    controller: ReadableStreamDefaultController,
) -> bool:
    """Streams §4.9.4 ReadableStreamDefaultControllerShouldCallPull."""
    stream = controller._stream
    if controller._close_requested or stream._state != _READABLE:
        return False
    if not controller._started:
        return False
    reader = stream._reader
    if reader is not None and type(reader) is ReadableStreamDefaultReader and reader._read_requests:
        return True
    return controller._strategy_hwm - controller._queue.total_size > 0


def readable_stream_default_controller_clear_algorithms(
    controller: ReadableStreamDefaultController,
) -> None:
    """Streams §4.9.4 ReadableStreamDefaultControllerClearAlgorithms."""
    controller._pull_algorithm = None
    controller._cancel_algorithm = None
    controller._strategy_size_algorithm = None


def readable_stream_default_controller_close(controller: ReadableStreamDefaultController) -> None:
    """Streams §4.9.4 ReadableStreamDefaultControllerClose."""
    if not readable_stream_default_controller_can_close_or_enqueue(controller):
        return
    controller._close_requested = True
    if not controller._queue.queue:
        readable_stream_default_controller_clear_algorithms(controller)
        readable_stream_close(controller._stream)


def readable_stream_default_controller_enqueue(
    controller: ReadableStreamDefaultController, chunk: Any
) -> None:
    """Streams §4.9.4 ReadableStreamDefaultControllerEnqueue."""
    stream = controller._stream
    if controller._close_requested or stream._state != _READABLE:
        return
    reader = stream._reader
    if reader is not None and type(reader) is ReadableStreamDefaultReader and reader._read_requests:
        reader._read_requests.popleft()._chunk_steps(chunk)
    else:
        size_algorithm = controller._strategy_size_algorithm
        if size_algorithm is None:
            size: Any = 1  # the default strategy's size, valid by construction
        else:
            try:
                size = validate_chunk_size(size_algorithm(chunk))
            except BaseException as error:
                readable_stream_default_controller_error(controller, error)
                raise
        controller._queue.enqueue(chunk, size)
    readable_stream_default_controller_call_pull_if_needed(controller)


def readable_stream_default_controller_error(
    controller: ReadableStreamDefaultController, error: Any
) -> None:
    """Streams §4.9.4 ReadableStreamDefaultControllerError."""
    stream = controller._stream
    if stream._state != _READABLE:
        return
    controller._queue.reset()
    readable_stream_default_controller_clear_algorithms(controller)
    readable_stream_error(stream, error)


def readable_stream_default_controller_get_desired_size(
    controller: ReadableStreamDefaultController,
) -> float | None:
    """Streams §4.9.4 ReadableStreamDefaultControllerGetDesiredSize."""
    state = controller._stream._state
    if state == _ERRORED:
        return None
    if state == _CLOSED:
        return 0
    return controller._strategy_hwm - controller._queue.total_size


def readable_stream_default_controller_has_backpressure(
    controller: ReadableStreamDefaultController,
) -> bool:
    """Streams §4.9.4 ReadableStreamDefaultControllerHasBackpressure."""
    return not readable_stream_default_controller_should_call_pull(controller)


def readable_stream_default_controller_can_close_or_enqueue(
    controller: ReadableStreamDefaultController,
) -> bool:
    """Streams §4.9.4 ReadableStreamDefaultControllerCanCloseOrEnqueue."""
    return not controller._close_requested and controller._stream._state == _READABLE


def set_up_readable_stream_default_controller(
    stream: ReadableStream,
    controller: ReadableStreamDefaultController,
    start_algorithm: Callable[[], Any],
    pull_algorithm: Callable[[], Promise[Any] | None] | None,
    cancel_algorithm: Callable[[Any], Promise[Any] | None] | None,
    high_water_mark: float,
    size_algorithm: Callable[[Any], Any] | None,
) -> None:
    """Streams §4.9.4 SetUpReadableStreamDefaultController."""
    _initialize_default_controller(
        stream, controller, pull_algorithm, cancel_algorithm, high_water_mark, size_algorithm
    )
    _react_to_start(controller, start_algorithm())


def _initialize_default_controller(
    stream: ReadableStream,
    controller: ReadableStreamDefaultController,
    pull_algorithm: Callable[[], Promise[Any] | None] | None,
    cancel_algorithm: Callable[[Any], Promise[Any] | None] | None,
    high_water_mark: float,
    size_algorithm: Callable[[Any], Any] | None,
) -> None:
    # Streams §4.9.4 SetUpReadableStreamDefaultController steps 1-8
    controller._stream = stream
    controller._queue = QueueWithSizes()
    controller._started = False
    controller._close_requested = False
    controller._pull_again = False
    controller._pulling = False
    controller._strategy_size_algorithm = size_algorithm
    controller._strategy_hwm = high_water_mark
    controller._pull_algorithm = pull_algorithm
    controller._cancel_algorithm = cancel_algorithm
    controller._source = None
    controller._on_pull_fulfilled = controller._on_pull_rejected = None
    stream._controller = controller


def _default_controller_started(controller: ReadableStreamDefaultController) -> None:
    controller._started = True
    readable_stream_default_controller_call_pull_if_needed(controller)


def _set_up_default_controller_from_callbacks(
    stream: ReadableStream,
    start: Callable[..., Any] | None,
    pull: Callable[..., Any] | None,
    cancel: Callable[..., Any] | None,
    high_water_mark: float,
    size_algorithm: Callable[[Any], Any] | None,
) -> None:
    # Streams §4.9.4 SetUpReadableStreamDefaultControllerFromUnderlyingSource (given the
    # source's callbacks), with SetUpReadableStreamDefaultController inlined: the
    # startAlgorithm is the call of `start`, without a closure for it.
    controller = ReadableStreamDefaultController.__new__(ReadableStreamDefaultController)
    _initialize_default_controller(
        stream,
        controller,
        None if pull is None else partial(_call_pull, pull, controller),
        None if cancel is None else partial(call, cancel),
        high_water_mark,
        size_algorithm,
    )
    _react_to_start(controller, None if start is None else start(controller))


def _react_to_start(controller: ReadableStreamDefaultController, start_result: Any) -> None:
    # Streams §4.9.4 SetUpReadableStreamDefaultController steps 10-12: upon fulfilment
    # of "a promise resolved with startResult", start; upon rejection, error.
    if start_result is None or not (
        isinstance(start_result, Promise) or hasattr(start_result, "__await__")
    ):
        # That promise is already fulfilled, so its reaction is the next microtask.
        queue_microtask(_default_controller_started, controller)
        return
    if type(start_result) is CoroutineType:  # an async def start()
        _promise.react(
            start_result,
            controller,
            _default_controller_started_with,
            readable_stream_default_controller_error,
        )
        return
    _promise.promise_resolved_with(start_result).then(
        partial(_default_controller_started_with, controller),
        partial(readable_stream_default_controller_error, controller),
    )


def _default_controller_started_with(controller: ReadableStreamDefaultController, _: Any) -> None:
    _default_controller_started(controller)


def _call_pull(pull: Callable[..., Any], controller: Any) -> Promise[Any] | None:
    # call(pull, controller), except that a None result stays None, which
    # ReadableStreamDefaultControllerCallPullIfNeeded takes as "a promise resolved with
    # undefined" (the same one microtask to the pull's fulfilment, no Promise made),
    # and that a coroutine's reactions are set up here (`_REACTING`).
    try:
        result = pull(controller)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        return rejected(error)
    if result is None:
        return None
    if type(result) is CoroutineType:  # an async def pull(): `react` spares the promises
        _promise.react(
            result, controller, _pull_fulfilled, readable_stream_default_controller_error
        )
        return _REACTING
    return _promise.promise_resolved_with(result)


def source_callbacks(
    underlying_source: object, owner: str
) -> tuple[Callable[..., Any] | None, Callable[..., Any] | None, Callable[..., Any] | None]:
    """The underlying source's start, pull and cancel (TypeError if not callable)."""
    if type(underlying_source) is dict:  # a plain dict's lookups have no side effects
        get = underlying_source.get
        start, pull, cancel = get("start"), get("pull"), get("cancel")
        if (
            (start is None or callable(start))
            and (pull is None or callable(pull))
            and (cancel is None or callable(cancel))
        ):
            return start, pull, cancel
    callbacks = []
    for name in ("start", "pull", "cancel"):
        callback = member(underlying_source, name)
        if callback is not None and not callable(callback):
            raise TypeError(f"{owner}: underlying source {name} {callback!r} is not callable")
        callbacks.append(callback)
    return callbacks[0], callbacks[1], callbacks[2]


# ---------------------------------------------------------------------------
# Streams §4.9.1 ReadableStreamTee and §4.9.1 ReadableStreamDefaultTee


def readable_stream_tee(
    stream: ReadableStream, clone_for_branch2: bool = False
) -> tuple[ReadableStream, ReadableStream]:
    """Streams §4.9.1 ReadableStreamTee: byte streams tee as byte streams."""
    if not isinstance(stream._controller, ReadableStreamDefaultController):
        from webstd.streams.byte_stream import readable_byte_stream_tee

        return readable_byte_stream_tee(stream)
    return _DefaultTee(stream, clone_for_branch2).branches()


def _clone_chunk(chunk: Any) -> Any:
    # Streams §4.9.1 step 'cloneForBranch2': StructuredClone of a mutable buffer, so the
    # branches never share one; immutable chunks (bytes, str) are already safe to share.
    if isinstance(chunk, bytearray):
        return bytearray(chunk)
    if isinstance(chunk, memoryview):
        # A typed-array twin clones to the same kind of view over fresh memory.
        copy: Any = memoryview(bytearray(chunk.tobytes()))
        try:
            return copy.cast(chunk.format, chunk.shape)
        except (TypeError, ValueError):  # a struct format cast() does not take: keep the bytes
            return copy
    return chunk


class _TeeCancel:
    """Streams §4.9.1 the cancel state of a tee, and its cancel1Algorithm and
    cancel2Algorithm, which ReadableStreamDefaultTee and ReadableByteStreamTee word alike."""

    def __init__(self, stream: ReadableStream) -> None:
        self.stream = stream
        self.canceled1 = False
        self.canceled2 = False
        self.reason1: Any = None
        self.reason2: Any = None
        self.cancel_promise: Promise[Any] = Promise()

    def cancel1(self, reason: Any) -> Promise[Any]:
        self.canceled1 = True
        self.reason1 = reason
        return self._cancel_if_both()

    def cancel2(self, reason: Any) -> Promise[Any]:
        self.canceled2 = True
        self.reason2 = reason
        return self._cancel_if_both()

    def _cancel_if_both(self) -> Promise[Any]:
        # "If canceled2/canceled1 is true": cancel the stream with both reasons.
        if self.canceled1 and self.canceled2:
            self.cancel_promise.resolve(
                readable_stream_cancel(self.stream, [self.reason1, self.reason2])
            )
        return self.cancel_promise


class _DefaultTee(_TeeCancel):
    """Streams §4.9.1 ReadableStreamDefaultTee: the shared state of the two branches."""

    def __init__(self, stream: ReadableStream, clone_for_branch2: bool = False) -> None:
        super().__init__(stream)
        self.clone_for_branch2 = clone_for_branch2
        self.reader = acquire_readable_stream_default_reader(stream)
        self.reading = False
        self.read_again = False
        self.branch1 = create_readable_stream(_no_start, self.pull, self.cancel1)
        self.branch2 = create_readable_stream(_no_start, self.pull, self.cancel2)
        self.reader._closed_promise.then(None, self.closed_rejected)

    def branches(self) -> tuple[ReadableStream, ReadableStream]:
        return self.branch1, self.branch2

    def pull(self) -> None:
        if self.reading:
            self.read_again = True
            return None
        self.reading = True
        readable_stream_default_reader_read(self.reader, _TeeReadRequest(self))
        return None

    def chunk(self, chunk: Any) -> None:
        # "Queue a microtask to perform the following steps"
        self.read_again = False
        if not self.canceled1:
            readable_stream_default_controller_enqueue(self.branch1._controller, chunk)  # type: ignore[arg-type]
        if not self.canceled2:
            if self.clone_for_branch2:
                chunk = _clone_chunk(chunk)
            readable_stream_default_controller_enqueue(self.branch2._controller, chunk)  # type: ignore[arg-type]
        self.reading = False
        if self.read_again:
            self.pull()

    def close(self) -> None:
        self.reading = False
        if not self.canceled1:
            readable_stream_default_controller_close(self.branch1._controller)  # type: ignore[arg-type]
        if not self.canceled2:
            readable_stream_default_controller_close(self.branch2._controller)  # type: ignore[arg-type]
        if not self.canceled1 or not self.canceled2:
            self.cancel_promise.fulfill(None)

    def closed_rejected(self, reason: Any) -> None:
        readable_stream_default_controller_error(self.branch1._controller, reason)  # type: ignore[arg-type]
        readable_stream_default_controller_error(self.branch2._controller, reason)  # type: ignore[arg-type]
        if not self.canceled1 or not self.canceled2:
            self.cancel_promise.fulfill(None)


class _TeeReadRequest(ReadRequest):
    __slots__ = ("_tee",)

    def __init__(self, tee: _DefaultTee) -> None:
        self._tee = tee

    def _chunk_steps(self, chunk: Any) -> None:
        queue_microtask(self._tee.chunk, chunk)

    def _close_steps(self) -> None:
        self._tee.close()

    def _error_steps(self, error: Any) -> None:
        self._tee.reading = False


def _no_start() -> None:
    return None


# ---------------------------------------------------------------------------
# Streams §4.9.1 ReadableStreamFromIterable


def _readable_stream_from_iterable(iterable: object) -> ReadableStream:
    if hasattr(iterable, "__aiter__"):
        return _from_async_iterator(iterable.__aiter__())
    try:
        iterator = iter(iterable)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(
            f"ReadableStream.from_: {iterable!r} is not iterable or async iterable"
        ) from None
    return _from_iterator(iterator)


def _from_iterator(iterator: Any) -> ReadableStream:
    # The synchronous iterator of CreateAsyncFromSyncIterator, without its promise
    # wrapping: next() is called in pull and its value enqueued at once.
    stream: ReadableStream

    def pull_algorithm() -> Promise[Any] | None:
        controller: Any = stream._controller
        try:
            value = next(iterator)
        except StopIteration:
            readable_stream_default_controller_close(controller)
            return None
        except BaseException as error:
            return rejected(error)
        readable_stream_default_controller_enqueue(controller, value)
        return None

    def cancel_algorithm(reason: Any) -> Promise[Any] | None:
        close = getattr(iterator, "close", None)
        if close is None:
            return None
        return call(close).transform(_to_none)

    stream = create_readable_stream(_no_start, pull_algorithm, cancel_algorithm, 0)
    stream._controller._source = (iterator, False, None)  # type: ignore[union-attr]
    return stream


def _from_async_iterator(iterator: Any) -> ReadableStream:
    stream: ReadableStream
    pending = _PendingStep()

    def next_fulfilled(value: Any) -> None:
        readable_stream_default_controller_enqueue(stream._controller, value)  # type: ignore[arg-type]

    def next_rejected(reason: Any) -> None:
        if isinstance(reason, StopAsyncIteration):
            readable_stream_default_controller_close(stream._controller)  # type: ignore[arg-type]
            return
        raise reason

    def pull_algorithm() -> Promise[Any] | None:
        anext = getattr(iterator, "__anext__", None)
        if anext is None:
            return rejected(
                TypeError(f"ReadableStream.from_: {iterator!r} is not an async iterator")
            )
        if not _promise.has_running_loop():
            return call(anext).transform(next_fulfilled, next_rejected)
        # Fast path equivalent to call(anext).transform(next_fulfilled, next_rejected): the
        # step runs eagerly (as call() starts it) and a result it has at once is enqueued
        # now rather than three microtasks later; a step that waits finishes in a task.
        try:
            value = step_awaitable(anext())
        except StopAsyncIteration:
            readable_stream_default_controller_close(stream._controller)  # type: ignore[arg-type]
            return None
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:
            return rejected(error)
        if type(value) is Suspended:
            return pending.start(value).transform(next_fulfilled, next_rejected)
        if isinstance(value, Promise):
            return value.transform(next_fulfilled, next_rejected)  # adopted, as resolve() would
        next_fulfilled(value)
        return None

    def cancel_algorithm(reason: Any) -> Promise[Any] | None:
        return _cancel_async_source(iterator, pending)

    stream = create_readable_stream(_no_start, pull_algorithm, cancel_algorithm, 0)
    stream._controller._source = (iterator, True, pending)  # type: ignore[union-attr]
    return stream


class _PendingStep:
    """The task finishing an async source's step that had to wait, while it runs."""

    __slots__ = ("promise", "task")

    def __init__(self) -> None:
        self.promise: Promise[Any] | None = None
        self.task: asyncio.Task[Any] | None = None

    def start(self, suspended: Suspended) -> Promise[Any]:
        """Finish the step in a task (`_promise.continue_in_task`), remembering the task."""
        promise, task = _promise.start_in_task(suspended.waiter, suspended.yielded)
        self.promise = promise
        self.task = task
        task.add_done_callback(self._done)
        return promise

    def _done(self, task: asyncio.Task[Any]) -> None:
        if self.task is task:
            self.promise = self.task = None


def _cancel_async_source(iterator: Any, pending: _PendingStep) -> Promise[Any] | None:
    # Streams §4.9.1 ReadableStreamFromIterable cancelAlgorithm: call the iterator's return()
    aclose = getattr(iterator, "aclose", None)
    if aclose is None:
        return None
    task = pending.task
    step = pending.promise
    if (
        task is not None
        and step is not None
        and inspect.isasyncgen(iterator)
        and iterator.ag_running
        and not task.done()
        and (not _promise.has_running_loop() or task is not asyncio.current_task())
    ):
        # JavaScript queues return() after the pending next(); a Python async generator
        # inside a step refuses aclose() ("already running"). So the step is cancelled
        # (CancelledError at its await point runs the generator's finally), and the
        # generator is closed once the step has ended, whatever its outcome.
        task.cancel()

        def close(_: object) -> Promise[Any]:
            return call(aclose).transform(_to_none)

        return step.transform(close, close)
    return call(aclose).transform(_to_none)


class Suspended(NamedTuple):
    """An awaitable stepped once that has to wait: its `__await__` iterator and what it yielded."""

    waiter: Any
    yielded: Any


def step_awaitable(awaitable: Any) -> Any:
    """Run `awaitable` eagerly up to its first wait: its result, or `Suspended` if it waits;
    raises what it raises. A value that is not awaitable is its own result."""
    await_ = getattr(awaitable, "__await__", None)
    if await_ is None:
        return awaitable
    waiter = await_()
    try:
        yielded = waiter.send(None)
    except StopIteration as stop:
        return stop.value
    return Suspended(waiter, yielded)


# ---------------------------------------------------------------------------
# A server's fast path: reading a ReadableStream.from_() stream by iterating its source


def readable_stream_drain_source(stream: ReadableStream) -> ReadableStreamDefaultReader | None:
    """A default reader that takes chunks straight from the source iterator of a fresh
    `ReadableStream.from_()` stream, or None when the stream is not such a stream.

    Only a stream that is unlocked, undisturbed, readable, with an empty queue and no
    pull under way qualifies; it is locked to the returned reader (and disturbed by its
    first read). Reading it until done is equivalent to the slow path, reading with
    `acquire_readable_stream_default_reader(stream)`: the same chunks, the stream closed
    at the end, errored by the iterator's exception, and `cancel()` runs the same cancel
    algorithm (the iterator's `close()`/`aclose()`). Only the promise and microtask
    machinery between the iterator and `read()` is skipped.
    """
    if stream._reader is not None or stream._disturbed or stream._state != _READABLE:
        return None
    controller = stream._controller
    if type(controller) is not ReadableStreamDefaultController:
        return None
    source = controller._source
    if (
        source is None
        or controller._queue.queue
        or controller._pulling
        or controller._close_requested
        or controller._pull_algorithm is None
    ):
        return None
    reader = _SourceReader.__new__(_SourceReader)
    set_up_readable_stream_default_reader(reader, stream)
    reader._iterator, reader._is_async, reader._pending = source
    reader._in_flight = False
    return reader


class _SourceReader(ReadableStreamDefaultReader):
    """The reader of readable_stream_drain_source: `read()` steps the source iterator itself.

    It is not of type ReadableStreamDefaultReader, so the controller never pulls for its
    read requests. One source step runs at a time; reads made while a step waits queue
    as read requests, settled in order, or by close, error and cancel as usual.
    """

    __slots__ = ("_in_flight", "_is_async", "_iterator", "_pending")

    _iterator: Any
    _is_async: bool
    _in_flight: bool
    _pending: _PendingStep | None

    def read(self) -> Promise[ReadResult]:
        """Read the next chunk from the source iterator (the slow path's ReadResult)."""
        stream = self._stream
        if stream is None:
            return rejected(
                TypeError("ReadableStreamDefaultReader.read: the reader has been released")
            )
        promise = _ReadPromise()
        stream._disturbed = True
        state = stream._state
        if state == _CLOSED:
            promise._close_steps()
        elif state == _ERRORED:
            promise._error_steps(stream._stored_error)
        else:
            self._read_requests.append(promise)
            if not self._in_flight:
                self._pump()
        return promise

    def _pump(self) -> None:
        # What the from_() stream's pull algorithm does for each read with an empty queue
        # (ReadableStreamFromIterable's pull steps), the chunk handed straight to the read.
        stream: Any = self._stream
        read_requests = self._read_requests
        while read_requests and stream._state == _READABLE:
            if self._is_async and not _promise.has_running_loop():
                # No loop to finish a waiting step in: start it from a microtask, which
                # runs once a loop awaits one of our promises (as the slow path's call()).
                self._in_flight = True
                queue_microtask(self._resume)
                return
            try:
                if self._is_async:
                    value = step_awaitable(self._iterator.__anext__())
                else:
                    value = next(self._iterator)
            except (StopIteration, StopAsyncIteration):
                readable_stream_default_controller_close(stream._controller)  # settles the reads
                return
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as error:
                readable_stream_default_controller_error(stream._controller, error)
                return
            if self._is_async and (type(value) is Suspended or isinstance(value, Promise)):
                self._in_flight = True
                if type(value) is Suspended:
                    pending = self._pending
                    value = (
                        pending.start(value)
                        if pending is not None
                        else _promise.continue_in_task(value.waiter, value.yielded)
                    )
                value.then(self._step_fulfilled, self._step_rejected)
                return
            read_requests.popleft()._chunk_steps(value)

    def _resume(self, _: object = None) -> None:
        self._in_flight = False
        if self._stream is not None:
            self._pump()

    def _step_fulfilled(self, value: Any) -> None:
        self._in_flight = False
        stream = self._stream
        if stream is None or stream._state != _READABLE or not self._read_requests:
            return  # cancelled, errored or released meanwhile: the chunk is dropped
        self._read_requests.popleft()._chunk_steps(value)
        self._pump()

    def _step_rejected(self, reason: Any) -> None:
        self._in_flight = False
        stream = self._stream
        if stream is None or stream._state != _READABLE:
            return
        if isinstance(reason, StopAsyncIteration):
            readable_stream_default_controller_close(stream._controller)  # type: ignore[arg-type]
        else:
            readable_stream_default_controller_error(stream._controller, reason)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Streams §4.2.5 asynchronous iteration


class _IteratorReadRequest(Promise[Any]):
    __slots__ = ("_iterator",)

    _iterator: ReadableStreamAsyncIterator

    def _chunk_steps(self, chunk: Any) -> None:
        self.fulfill(chunk)  # never adopts: a chunk that is a Promise stays a chunk

    def _close_steps(self) -> None:
        self._iterator._finish()
        self.reject(StopAsyncIteration())

    def _error_steps(self, error: Any) -> None:
        self._iterator._finish()
        self.reject(error)


def _after_ongoing(ongoing: Promise[Any], steps: Callable[[], Promise[Any]]) -> Promise[Any]:
    # Web IDL: the ongoing promise is a reaction to the previous call's promise,
    # so steps chained after it run one microtask after that promise settles.
    after: Promise[Any] = Promise()

    def run(_: Any) -> None:
        after.resolve(steps())

    ongoing.then(lambda _: queue_microtask(run), lambda _: queue_microtask(run))
    return after


class ReadableStreamAsyncIterator(AsyncIterator[Any]):
    """Streams §4.2.5 the async iterator of `values()` / `async for`."""

    __slots__ = ("_is_finished", "_ongoing", "_prevent_cancel", "_reader")

    def __init__(self, stream: ReadableStream, prevent_cancel: bool = False) -> None:
        self._reader = acquire_readable_stream_default_reader(stream)
        self._prevent_cancel = prevent_cancel
        self._is_finished = False
        self._ongoing: Promise[Any] | None = None

    def __repr__(self) -> str:
        return f"<ReadableStreamAsyncIterator {'finished' if self._is_finished else 'active'}>"

    def __aiter__(self) -> ReadableStreamAsyncIterator:
        return self

    def __anext__(self) -> Promise[Any]:
        # Web IDL §3.7.10.2 asynchronous iterator next(): chained after an ongoing call
        ongoing = self._ongoing
        if ongoing is not None and ongoing._state == 0:
            after = _after_ongoing(ongoing, self._next_steps)
            self._ongoing = after
            return after
        # _next_steps, inlined for the common case
        reader = self._reader
        if self._is_finished or reader._stream is None:
            promise = self._next_steps()
        else:
            promise = _IteratorReadRequest()
            promise._iterator = self
            stream = reader._stream
            if stream._state == _READABLE:  # ReadableStreamDefaultReaderRead, inlined
                stream._disturbed = True
                stream._controller._pull_steps(promise)
            else:
                readable_stream_default_reader_read(reader, promise)
        self._ongoing = promise if promise._state == 0 else None
        return promise

    def _next_steps(self) -> Promise[Any]:
        if self._is_finished:
            return rejected(StopAsyncIteration())
        reader = self._reader
        if reader._stream is None:
            return rejected(TypeError("the async iterator's reader has been released"))
        promise = _IteratorReadRequest()
        promise._iterator = self
        readable_stream_default_reader_read(reader, promise)
        return promise

    def _finish(self) -> None:
        self._is_finished = True
        if self._reader._stream is not None:
            readable_stream_default_reader_release(self._reader)

    def aclose(self) -> Promise[None]:
        """JS `return()`: finish the iteration, cancelling the stream unless prevent_cancel."""
        ongoing = self._ongoing
        if ongoing is not None and ongoing._state == 0:
            after = _after_ongoing(ongoing, lambda: self._return_steps(None))
            self._ongoing = after
            return after
        return self._return_steps(None)

    def _return_steps(self, value: Any) -> Promise[None]:
        # Streams §4.2.5 asynchronous iterator return
        if self._is_finished:
            return resolved(None)
        self._is_finished = True
        reader = self._reader
        if reader._stream is None:
            return resolved(None)
        if not self._prevent_cancel:
            result = readable_stream_cancel(reader._stream, value)
            readable_stream_default_reader_release(reader)
            return result
        readable_stream_default_reader_release(reader)
        return resolved(None)


# ---------------------------------------------------------------------------
# Helpers for other modules (Fetch bodies)


def readable_stream_from_bytes(data: bytes) -> ReadableStream:
    """A byte stream that holds `data` as one chunk and is closed."""
    chunk = bytes(data)

    def start(controller: Any) -> None:
        if chunk:
            controller.enqueue(bytearray(chunk))
        controller.close()

    return ReadableStream({"type": "bytes", "start": start})


_BYTE_STREAM_NAMES = ("ReadableStreamBYOBReader", "ReadableByteStreamController")


def __getattr__(name: str) -> Any:
    # The byte stream classes live in byte_stream.py, which imports this module. Once
    # that module is fully imported, they are bound here and this hook removes itself,
    # so lookups of names that are not here (every function-level `from ... import`
    # probes `__path__`) no longer run Python code.
    from webstd.streams import byte_stream

    if all(hasattr(byte_stream, lazy) for lazy in _BYTE_STREAM_NAMES):
        module = globals()
        for lazy in _BYTE_STREAM_NAMES:
            module[lazy] = getattr(byte_stream, lazy)
        module.pop("__getattr__", None)
    if name in _BYTE_STREAM_NAMES:
        return getattr(byte_stream, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
