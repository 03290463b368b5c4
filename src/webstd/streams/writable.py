"""Streams §5 writable streams: WritableStream, its writer and controller."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from functools import partial
from typing import Any

from webstd.abort import AbortController, AbortSignal
from webstd.streams._promise import (
    Promise,
    call,
    promise_resolved_with,
    queue_microtask,
    rejected,
    resolved,
)
from webstd.streams.queuing import (
    QueueWithSizes,
    extract_high_water_mark,
    extract_size_algorithm,
    member,
    validate_chunk_size,
)

__all__ = ["WritableStream", "WritableStreamDefaultController", "WritableStreamDefaultWriter"]

_WRITABLE = "writable"
_CLOSED = "closed"
_ERRORING = "erroring"
_ERRORED = "errored"

_CLOSE_SENTINEL = object()  # Streams §5.5.4 the "close sentinel" record


class _PendingAbortRequest:
    __slots__ = ("promise", "reason", "was_already_erroring")

    def __init__(self, promise: Promise[None], reason: Any, was_already_erroring: bool) -> None:
        self.promise = promise
        self.reason = reason
        self.was_already_erroring = was_already_erroring


class WritableStream:
    """Streams §5.2 WritableStream: a destination for chunks, written through a writer."""

    __slots__ = (
        "__weakref__",
        "_backpressure",
        "_close_request",
        "_controller",
        "_in_flight_close_request",
        "_in_flight_write_request",
        "_pending_abort_request",
        "_state",
        "_stored_error",
        "_write_requests",
        "_writer",
    )

    _controller: WritableStreamDefaultController
    _writer: WritableStreamDefaultWriter | None
    _close_request: Promise[None] | None
    _in_flight_close_request: Promise[None] | None
    _in_flight_write_request: Promise[None] | None
    _pending_abort_request: _PendingAbortRequest | None
    _state: str
    _stored_error: Any
    _write_requests: deque[Promise[None]]
    _backpressure: bool

    def __init__(self, underlying_sink: object = None, strategy: object = None) -> None:
        if underlying_sink is not None and isinstance(
            underlying_sink, (str, bytes, int, float, bool)
        ):
            raise TypeError(f"WritableStream: underlying_sink {underlying_sink!r} is not an object")
        if member(underlying_sink, "type") is not None:
            raise ValueError(f"WritableStream: invalid type {member(underlying_sink, 'type')!r}")
        _initialize_writable_stream(self)
        size = extract_size_algorithm(strategy)
        high_water_mark = extract_high_water_mark(strategy, 1)
        _set_up_controller_from_underlying_sink(self, underlying_sink, high_water_mark, size)

    def __repr__(self) -> str:
        return f"<WritableStream {self._state}{' locked' if self._writer is not None else ''}>"

    @property
    def locked(self) -> bool:
        """Whether a writer (or a pipe) holds the stream."""
        return self._writer is not None

    def abort(self, reason: Any = None) -> Promise[None]:
        """Abort the stream (awaitable); rejects with TypeError if locked."""
        if self._writer is not None:
            return rejected(TypeError("WritableStream.abort: the stream is locked to a writer"))
        return writable_stream_abort(self, reason)

    def close(self) -> Promise[None]:
        """Close the stream after queued writes (awaitable); rejects with TypeError if locked."""
        if self._writer is not None:
            return rejected(TypeError("WritableStream.close: the stream is locked to a writer"))
        if writable_stream_close_queued_or_in_flight(self):
            return rejected(TypeError("WritableStream.close: the stream is already closing"))
        return writable_stream_close(self)

    def get_writer(self) -> WritableStreamDefaultWriter:
        """A writer that locks the stream."""
        return WritableStreamDefaultWriter(self)


# ---------------------------------------------------------------------------
# Streams §5.5.1 working with writable streams


def _initialize_writable_stream(stream: WritableStream) -> None:
    # Streams §5.5.1 InitializeWritableStream
    stream._state = _WRITABLE
    stream._stored_error = None
    stream._writer = None
    stream._in_flight_write_request = None
    stream._close_request = None
    stream._in_flight_close_request = None
    stream._pending_abort_request = None
    stream._write_requests = deque()
    stream._backpressure = False


def create_writable_stream(
    start_algorithm: Callable[[], Any],
    write_algorithm: Callable[[Any], Promise[Any] | None],
    close_algorithm: Callable[[], Promise[Any] | None],
    abort_algorithm: Callable[[Any], Promise[Any] | None],
    high_water_mark: float = 1,
    size_algorithm: Callable[[Any], Any] | None = None,
) -> WritableStream:
    """Streams §5.5.1 CreateWritableStream; algorithms may return None for "resolved"."""
    stream = WritableStream.__new__(WritableStream)
    _initialize_writable_stream(stream)
    controller = WritableStreamDefaultController.__new__(WritableStreamDefaultController)
    set_up_writable_stream_default_controller(
        stream,
        controller,
        start_algorithm,
        write_algorithm,
        close_algorithm,
        abort_algorithm,
        high_water_mark,
        size_algorithm,
    )
    return stream


def is_writable_stream_locked(stream: WritableStream) -> bool:
    """Streams §5.5.1 IsWritableStreamLocked."""
    return stream._writer is not None


def writable_stream_abort(stream: WritableStream, reason: Any) -> Promise[None]:
    """Streams §5.5.2 WritableStreamAbort."""
    if stream._state in (_CLOSED, _ERRORED):
        return resolved(None)
    stream._controller._abort_controller.abort(reason)
    state = stream._state
    if state in (_CLOSED, _ERRORED):
        return resolved(None)
    if stream._pending_abort_request is not None:
        return stream._pending_abort_request.promise
    was_already_erroring = False
    if state == _ERRORING:
        was_already_erroring = True
        reason = None
    promise: Promise[None] = Promise()
    stream._pending_abort_request = _PendingAbortRequest(promise, reason, was_already_erroring)
    if not was_already_erroring:
        writable_stream_start_erroring(stream, reason)
    return promise


def writable_stream_close(stream: WritableStream) -> Promise[None]:
    """Streams §5.5.2 WritableStreamClose."""
    state = stream._state
    if state in (_CLOSED, _ERRORED):
        return rejected(TypeError(f"WritableStream.close: the stream is {state}"))
    promise: Promise[None] = Promise()
    stream._close_request = promise
    writer = stream._writer
    if writer is not None and stream._backpressure and state == _WRITABLE:
        writer._ready_promise.fulfill(None)
    writable_stream_default_controller_close(stream._controller)
    return promise


def writable_stream_deal_with_rejection(stream: WritableStream, error: Any) -> None:
    """Streams §5.5.2 WritableStreamDealWithRejection."""
    if stream._state == _WRITABLE:
        writable_stream_start_erroring(stream, error)
        return
    writable_stream_finish_erroring(stream)


def writable_stream_finish_erroring(stream: WritableStream) -> None:
    """Streams §5.5.2 WritableStreamFinishErroring."""
    stream._state = _ERRORED
    stream._controller._error_steps()
    stored_error = stream._stored_error
    write_requests = stream._write_requests
    stream._write_requests = deque()
    for write_request in write_requests:
        write_request.reject(stored_error)
    abort_request = stream._pending_abort_request
    if abort_request is None:
        _reject_close_and_closed_promise_if_needed(stream)
        return
    stream._pending_abort_request = None
    if abort_request.was_already_erroring:
        abort_request.promise.reject(stored_error)
        _reject_close_and_closed_promise_if_needed(stream)
        return
    promise = stream._controller._abort_steps(abort_request.reason)

    def fulfilled(_: Any) -> None:
        abort_request.promise.fulfill(None)
        _reject_close_and_closed_promise_if_needed(stream)

    def rejected_(reason: Any) -> None:
        abort_request.promise.reject(reason)
        _reject_close_and_closed_promise_if_needed(stream)

    promise.then(fulfilled, rejected_)


def _finish_in_flight_close(stream: WritableStream) -> None:
    # Streams §5.5.2 WritableStreamFinishInFlightClose
    assert stream._in_flight_close_request is not None
    stream._in_flight_close_request.fulfill(None)
    stream._in_flight_close_request = None
    if stream._state == _ERRORING:
        stream._stored_error = None
        if stream._pending_abort_request is not None:
            stream._pending_abort_request.promise.fulfill(None)
            stream._pending_abort_request = None
    stream._state = _CLOSED
    writer = stream._writer
    if writer is not None:
        writer._closed_promise.fulfill(None)


def _finish_in_flight_close_with_error(stream: WritableStream, error: Any) -> None:
    # Streams §5.5.2 WritableStreamFinishInFlightCloseWithError
    assert stream._in_flight_close_request is not None
    stream._in_flight_close_request.reject(error)
    stream._in_flight_close_request = None
    if stream._pending_abort_request is not None:
        stream._pending_abort_request.promise.reject(error)
        stream._pending_abort_request = None
    writable_stream_deal_with_rejection(stream, error)


def _finish_in_flight_write(stream: WritableStream) -> None:
    # Streams §5.5.2 WritableStreamFinishInFlightWrite
    assert stream._in_flight_write_request is not None
    stream._in_flight_write_request.fulfill(None)
    stream._in_flight_write_request = None


def _finish_in_flight_write_with_error(stream: WritableStream, error: Any) -> None:
    # Streams §5.5.2 WritableStreamFinishInFlightWriteWithError
    assert stream._in_flight_write_request is not None
    stream._in_flight_write_request.reject(error)
    stream._in_flight_write_request = None
    writable_stream_deal_with_rejection(stream, error)


def writable_stream_close_queued_or_in_flight(stream: WritableStream) -> bool:
    """Streams §5.5.2 WritableStreamCloseQueuedOrInFlight."""
    return stream._close_request is not None or stream._in_flight_close_request is not None


def _has_operation_marked_in_flight(stream: WritableStream) -> bool:
    # Streams §5.5.2 WritableStreamHasOperationMarkedInFlight
    return (
        stream._in_flight_write_request is not None or stream._in_flight_close_request is not None
    )


def _reject_close_and_closed_promise_if_needed(stream: WritableStream) -> None:
    # Streams §5.5.2 WritableStreamRejectCloseAndClosedPromiseIfNeeded
    if stream._close_request is not None:
        stream._close_request.reject(stream._stored_error)
        stream._close_request = None
    writer = stream._writer
    if writer is not None:
        writer._closed_promise.reject(stream._stored_error)


def writable_stream_start_erroring(stream: WritableStream, reason: Any) -> None:
    """Streams §5.5.2 WritableStreamStartErroring."""
    controller = stream._controller
    stream._state = _ERRORING
    stream._stored_error = reason
    writer = stream._writer
    if writer is not None:
        _writer_ensure_ready_promise_rejected(writer, reason)
    if not _has_operation_marked_in_flight(stream) and controller._started:
        writable_stream_finish_erroring(stream)


def writable_stream_update_backpressure(stream: WritableStream, backpressure: bool) -> None:
    """Streams §5.5.2 WritableStreamUpdateBackpressure."""
    writer = stream._writer
    if writer is not None and backpressure != stream._backpressure:
        if backpressure:
            writer._ready_promise = Promise()
        else:
            writer._ready_promise.fulfill(None)
    stream._backpressure = backpressure


# ---------------------------------------------------------------------------
# Streams §5.3 WritableStreamDefaultWriter


class WritableStreamDefaultWriter:
    """Streams §5.3 the writer that locks a WritableStream."""

    __slots__ = ("__weakref__", "_closed_promise", "_ready_promise", "_stream")

    _stream: WritableStream | None
    _ready_promise: Promise[None]
    _closed_promise: Promise[None]

    def __init__(self, stream: WritableStream) -> None:
        if not isinstance(stream, WritableStream):
            raise TypeError(f"WritableStreamDefaultWriter: {stream!r} is not a WritableStream")
        set_up_writable_stream_default_writer(self, stream)

    def __repr__(self) -> str:
        return f"<WritableStreamDefaultWriter {'released' if self._stream is None else 'active'}>"

    @property
    def closed(self) -> Promise[None]:
        """Resolves when the stream closes; rejects if it errors or the lock is released."""
        return self._closed_promise

    @property
    def ready(self) -> Promise[None]:
        """Resolves when the desired size turns positive (no backpressure)."""
        return self._ready_promise

    @property
    def desired_size(self) -> float | None:
        """How much more the stream wants to be written; None if errored."""
        if self._stream is None:
            raise TypeError(
                "WritableStreamDefaultWriter.desired_size: the writer has been released"
            )
        return writable_stream_default_writer_get_desired_size(self)

    def abort(self, reason: Any = None) -> Promise[None]:
        """Abort the stream (awaitable)."""
        if self._stream is None:
            return rejected(
                TypeError("WritableStreamDefaultWriter.abort: the writer has been released")
            )
        return writable_stream_abort(self._stream, reason)

    def close(self) -> Promise[None]:
        """Close the stream after queued writes (awaitable)."""
        stream = self._stream
        if stream is None:
            return rejected(
                TypeError("WritableStreamDefaultWriter.close: the writer has been released")
            )
        if writable_stream_close_queued_or_in_flight(stream):
            return rejected(
                TypeError("WritableStreamDefaultWriter.close: the stream is already closing")
            )
        return writable_stream_close(stream)

    def release_lock(self) -> None:
        """Release the stream; `ready` and `closed` reject with TypeError."""
        if self._stream is None:
            return
        writable_stream_default_writer_release(self)

    def write(self, chunk: Any = None) -> Promise[None]:
        """Write `chunk` (awaitable: resolves once the sink has processed it)."""
        if self._stream is None:
            return rejected(
                TypeError("WritableStreamDefaultWriter.write: the writer has been released")
            )
        return writable_stream_default_writer_write(self, chunk)


def acquire_writable_stream_default_writer(stream: WritableStream) -> WritableStreamDefaultWriter:
    """Streams §5.5.1 AcquireWritableStreamDefaultWriter."""
    writer = WritableStreamDefaultWriter.__new__(WritableStreamDefaultWriter)
    set_up_writable_stream_default_writer(writer, stream)
    return writer


def set_up_writable_stream_default_writer(
    writer: WritableStreamDefaultWriter, stream: WritableStream
) -> None:
    """Streams §5.5.1 SetUpWritableStreamDefaultWriter."""
    if stream._writer is not None:
        raise TypeError("WritableStream is locked: it already has a writer")
    writer._stream = stream
    stream._writer = writer
    state = stream._state
    if state == _WRITABLE:
        if not writable_stream_close_queued_or_in_flight(stream) and stream._backpressure:
            writer._ready_promise = Promise()
        else:
            writer._ready_promise = resolved(None)
        writer._closed_promise = Promise()
    elif state == _ERRORING:
        writer._ready_promise = rejected(stream._stored_error)
        writer._closed_promise = Promise()
    elif state == _CLOSED:
        writer._ready_promise = resolved(None)
        writer._closed_promise = resolved(None)
    else:
        writer._ready_promise = rejected(stream._stored_error)
        writer._closed_promise = rejected(stream._stored_error)


def writable_stream_default_writer_close_with_error_propagation(
    writer: WritableStreamDefaultWriter,
) -> Promise[None]:
    """Streams §5.5.3 WritableStreamDefaultWriterCloseWithErrorPropagation."""
    stream = writer._stream
    assert stream is not None
    state = stream._state
    if writable_stream_close_queued_or_in_flight(stream) or state == _CLOSED:
        return resolved(None)
    if state == _ERRORED:
        return rejected(stream._stored_error)
    return writable_stream_close(stream)


def _writer_ensure_closed_promise_rejected(writer: WritableStreamDefaultWriter, error: Any) -> None:
    # Streams §5.5.3 WritableStreamDefaultWriterEnsureClosedPromiseRejected
    if not writer._closed_promise.settled:
        writer._closed_promise.reject(error)
    else:
        writer._closed_promise = rejected(error)


def _writer_ensure_ready_promise_rejected(writer: WritableStreamDefaultWriter, error: Any) -> None:
    # Streams §5.5.3 WritableStreamDefaultWriterEnsureReadyPromiseRejected
    if not writer._ready_promise.settled:
        writer._ready_promise.reject(error)
    else:
        writer._ready_promise = rejected(error)


def writable_stream_default_writer_get_desired_size(
    writer: WritableStreamDefaultWriter,
) -> float | None:
    """Streams §5.5.3 WritableStreamDefaultWriterGetDesiredSize."""
    stream = writer._stream
    assert stream is not None
    state = stream._state
    if state in (_ERRORED, _ERRORING):
        return None
    if state == _CLOSED:
        return 0
    controller = stream._controller
    return controller._strategy_hwm - controller._queue.total_size


def writable_stream_default_writer_release(writer: WritableStreamDefaultWriter) -> None:
    """Streams §5.5.3 WritableStreamDefaultWriterRelease."""
    stream = writer._stream
    assert stream is not None
    released_error = TypeError("the writer's lock was released")
    _writer_ensure_ready_promise_rejected(writer, released_error)
    _writer_ensure_closed_promise_rejected(writer, released_error)
    stream._writer = None
    writer._stream = None


def writable_stream_default_writer_write(
    writer: WritableStreamDefaultWriter, chunk: Any
) -> Promise[None]:
    """Streams §5.5.3 WritableStreamDefaultWriterWrite."""
    stream = writer._stream
    assert stream is not None
    controller = stream._controller
    chunk_size = (
        1
        if controller._strategy_size_algorithm is None
        else _controller_get_chunk_size(controller, chunk)
    )
    if stream is not writer._stream:
        return rejected(TypeError("WritableStreamDefaultWriter.write: the writer was released"))
    state = stream._state
    if state == _ERRORED:
        return rejected(stream._stored_error)
    if (
        stream._close_request is not None
        or stream._in_flight_close_request is not None
        or state == _CLOSED
    ):
        return rejected(
            TypeError("WritableStreamDefaultWriter.write: the stream is closing or closed")
        )
    if state == _ERRORING:
        return rejected(stream._stored_error)
    promise: Promise[None] = Promise()
    stream._write_requests.append(promise)
    _controller_write(controller, chunk, chunk_size)
    return promise


# ---------------------------------------------------------------------------
# Streams §5.4 WritableStreamDefaultController


class WritableStreamDefaultController:
    """Streams §5.4 the controller given to an underlying sink."""

    __slots__ = (
        "_abort_algorithm",
        "_abort_controller",
        "_close_algorithm",
        "_on_write_fulfilled",
        "_on_write_rejected",
        "_queue",
        "_started",
        "_strategy_hwm",
        "_strategy_size_algorithm",
        "_stream",
        "_write_algorithm",
    )

    _stream: WritableStream
    _queue: QueueWithSizes
    _abort_controller: AbortController
    _write_algorithm: Callable[[Any], Promise[Any] | None] | None
    _close_algorithm: Callable[[], Promise[Any] | None] | None
    _abort_algorithm: Callable[[Any], Promise[Any] | None] | None
    _strategy_size_algorithm: Callable[[Any], Any] | None
    _started: bool
    _strategy_hwm: float
    _on_write_fulfilled: Callable[[Any], None]
    _on_write_rejected: Callable[[Any], None]

    def __init__(self) -> None:
        raise TypeError("WritableStreamDefaultController cannot be constructed directly")

    def __repr__(self) -> str:
        return f"<WritableStreamDefaultController {self._stream._state}>"

    @property
    def signal(self) -> AbortSignal:
        """Aborted when the stream is aborted, so a sink can stop an ongoing write."""
        return self._abort_controller.signal

    def error(self, e: Any = None) -> None:
        """Error the stream with `e` (ignored unless it is writable)."""
        if self._stream._state != _WRITABLE:
            return
        writable_stream_default_controller_error(self, e)

    # Streams §5.4.4 [[AbortSteps]]
    def _abort_steps(self, reason: Any) -> Promise[Any]:
        abort_algorithm = self._abort_algorithm
        result = abort_algorithm(reason) if abort_algorithm is not None else None
        _controller_clear_algorithms(self)
        return resolved(None) if result is None else result

    # Streams §5.4.4 [[ErrorSteps]]
    def _error_steps(self) -> None:
        self._queue.reset()


def set_up_writable_stream_default_controller(
    stream: WritableStream,
    controller: WritableStreamDefaultController,
    start_algorithm: Callable[[], Any],
    write_algorithm: Callable[[Any], Promise[Any] | None],
    close_algorithm: Callable[[], Promise[Any] | None],
    abort_algorithm: Callable[[Any], Promise[Any] | None],
    high_water_mark: float,
    size_algorithm: Callable[[Any], Any] | None,
) -> None:
    """Streams §5.5.4 SetUpWritableStreamDefaultController."""
    controller._stream = stream
    stream._controller = controller
    controller._queue = QueueWithSizes()
    controller._abort_controller = AbortController()
    controller._started = False
    controller._strategy_size_algorithm = size_algorithm
    controller._strategy_hwm = high_water_mark
    controller._write_algorithm = write_algorithm
    controller._close_algorithm = close_algorithm
    controller._abort_algorithm = abort_algorithm
    controller._on_write_fulfilled = partial(_process_write_fulfilled, controller)
    controller._on_write_rejected = lambda reason: _process_write_rejected(controller, reason)
    writable_stream_update_backpressure(stream, _controller_get_backpressure(controller))
    start_result = start_algorithm()

    def started(_: Any) -> None:
        controller._started = True
        _controller_advance_queue_if_needed(controller)

    def start_failed(reason: Any) -> None:
        controller._started = True
        writable_stream_deal_with_rejection(stream, reason)

    promise_resolved_with(start_result).then(started, start_failed)


def _set_up_controller_from_underlying_sink(
    stream: WritableStream,
    underlying_sink: object,
    high_water_mark: float,
    size_algorithm: Callable[[Any], Any] | None,
) -> None:
    # Streams §5.5.4 SetUpWritableStreamDefaultControllerFromUnderlyingSink
    controller = WritableStreamDefaultController.__new__(WritableStreamDefaultController)
    callbacks = {}
    for name in ("start", "write", "close", "abort"):
        callback = member(underlying_sink, name)
        if callback is not None and not callable(callback):
            raise TypeError(f"WritableStream: underlying sink {name} {callback!r} is not callable")
        callbacks[name] = callback
    start, write, close, abort = (callbacks[n] for n in ("start", "write", "close", "abort"))

    def start_algorithm() -> Any:
        return None if start is None else start(controller)

    def write_algorithm(chunk: Any) -> Promise[Any] | None:
        return None if write is None else call(write, chunk, controller)

    def close_algorithm() -> Promise[Any] | None:
        return None if close is None else call(close)

    def abort_algorithm(reason: Any) -> Promise[Any] | None:
        return None if abort is None else call(abort, reason)

    set_up_writable_stream_default_controller(
        stream,
        controller,
        start_algorithm,
        write_algorithm,
        close_algorithm,
        abort_algorithm,
        high_water_mark,
        size_algorithm,
    )


def _controller_advance_queue_if_needed(controller: WritableStreamDefaultController) -> None:
    # Streams §5.5.4 WritableStreamDefaultControllerAdvanceQueueIfNeeded
    stream = controller._stream
    if not controller._started or stream._in_flight_write_request is not None:
        return
    if stream._state == _ERRORING:
        writable_stream_finish_erroring(stream)
        return
    queue = controller._queue.queue
    if not queue:
        return
    value = queue[0][0]
    if value is _CLOSE_SENTINEL:
        _controller_process_close(controller)
    else:
        _controller_process_write(controller, value)


def _controller_clear_algorithms(controller: WritableStreamDefaultController) -> None:
    # Streams §5.5.4 WritableStreamDefaultControllerClearAlgorithms
    controller._write_algorithm = None
    controller._close_algorithm = None
    controller._abort_algorithm = None
    controller._strategy_size_algorithm = None


def writable_stream_default_controller_close(controller: WritableStreamDefaultController) -> None:
    """Streams §5.5.4 WritableStreamDefaultControllerClose."""
    controller._queue.enqueue(_CLOSE_SENTINEL, 0)
    _controller_advance_queue_if_needed(controller)


def writable_stream_default_controller_error(
    controller: WritableStreamDefaultController, error: Any
) -> None:
    """Streams §5.5.4 WritableStreamDefaultControllerError."""
    _controller_clear_algorithms(controller)
    writable_stream_start_erroring(controller._stream, error)


def writable_stream_default_controller_error_if_needed(
    controller: WritableStreamDefaultController, error: Any
) -> None:
    """Streams §5.5.4 WritableStreamDefaultControllerErrorIfNeeded."""
    if controller._stream._state == _WRITABLE:
        writable_stream_default_controller_error(controller, error)


def _controller_get_backpressure(controller: WritableStreamDefaultController) -> bool:
    # Streams §5.5.4 WritableStreamDefaultControllerGetBackpressure
    return controller._strategy_hwm - controller._queue.total_size <= 0


def _controller_get_chunk_size(controller: WritableStreamDefaultController, chunk: Any) -> Any:
    # Streams §5.5.4 WritableStreamDefaultControllerGetChunkSize
    size_algorithm = controller._strategy_size_algorithm
    if size_algorithm is None:
        return 1
    try:
        return size_algorithm(chunk)
    except BaseException as error:
        writable_stream_default_controller_error_if_needed(controller, error)
        return 1


def _controller_process_close(controller: WritableStreamDefaultController) -> None:
    # Streams §5.5.4 WritableStreamDefaultControllerProcessClose
    stream = controller._stream
    stream._in_flight_close_request = stream._close_request
    stream._close_request = None
    controller._queue.dequeue()
    close_algorithm = controller._close_algorithm
    assert close_algorithm is not None
    sink_close_promise = close_algorithm()
    _controller_clear_algorithms(controller)
    if sink_close_promise is None:
        queue_microtask(_finish_in_flight_close, stream)
    else:
        sink_close_promise.then(
            lambda _: _finish_in_flight_close(stream),
            lambda reason: _finish_in_flight_close_with_error(stream, reason),
        )


def _controller_process_write(controller: WritableStreamDefaultController, chunk: Any) -> None:
    # Streams §5.5.4 WritableStreamDefaultControllerProcessWrite
    stream = controller._stream
    stream._in_flight_write_request = stream._write_requests.popleft()
    write_algorithm = controller._write_algorithm
    assert write_algorithm is not None
    sink_write_promise = write_algorithm(chunk)
    if sink_write_promise is None:
        queue_microtask(_process_write_fulfilled, controller)
    else:
        sink_write_promise.then(controller._on_write_fulfilled, controller._on_write_rejected)


def _process_write_fulfilled(controller: WritableStreamDefaultController, _: object = None) -> None:
    # Streams §5.5.4 WritableStreamDefaultControllerProcessWrite, "upon fulfillment of sinkWritePromise"
    stream = controller._stream
    # WritableStreamFinishInFlightWrite, inlined
    stream._in_flight_write_request.fulfill(None)  # type: ignore[union-attr]
    stream._in_flight_write_request = None
    queue = controller._queue
    _, size = queue.queue.popleft()  # DequeueValue
    total = queue.total_size - size
    queue.total_size = total = total if total > 0 else 0
    if (
        stream._close_request is None
        and stream._in_flight_close_request is None
        and stream._state == _WRITABLE
    ):
        backpressure = controller._strategy_hwm - total <= 0
        if backpressure != stream._backpressure:
            writable_stream_update_backpressure(stream, backpressure)
    if queue.queue or stream._state == _ERRORING:  # otherwise AdvanceQueueIfNeeded does nothing
        _controller_advance_queue_if_needed(controller)


def _process_write_rejected(controller: WritableStreamDefaultController, reason: Any) -> None:
    stream = controller._stream
    if stream._state == _WRITABLE:
        _controller_clear_algorithms(controller)
    _finish_in_flight_write_with_error(stream, reason)


def _controller_write(
    controller: WritableStreamDefaultController, chunk: Any, chunk_size: Any
) -> None:
    # Streams §5.5.4 WritableStreamDefaultControllerWrite
    try:
        size = (
            chunk_size
            if chunk_size == 1 and type(chunk_size) is int
            else validate_chunk_size(chunk_size)
        )
    except (TypeError, ValueError) as error:
        writable_stream_default_controller_error_if_needed(controller, error)
        return
    queue = controller._queue
    queue.queue.append((chunk, size))
    queue.total_size = total = queue.total_size + size
    stream = controller._stream
    if (
        stream._close_request is None
        and stream._in_flight_close_request is None
        and stream._state == _WRITABLE
    ):
        backpressure = controller._strategy_hwm - total <= 0
        if backpressure != stream._backpressure:
            writable_stream_update_backpressure(stream, backpressure)
    _controller_advance_queue_if_needed(controller)


def writable_stream_default_controller_get_desired_size(
    controller: WritableStreamDefaultController,
) -> float:
    """Streams §5.5.4 WritableStreamDefaultControllerGetDesiredSize."""
    return controller._strategy_hwm - controller._queue.total_size
