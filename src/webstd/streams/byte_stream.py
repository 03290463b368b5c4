"""Streams §4.5, §4.7, §4.8: readable byte streams, the BYOB reader and request.

How ArrayBuffers map to Python: a chunk given to `enqueue()` is copied to an
immutable `bytes` (the "transfer" of the standard: later changes to the
caller's buffer cannot leak into the stream), so default readers of a byte
stream receive `bytes`. A BYOB read fills the caller's own writable buffer
(`bytearray`, `memoryview`, `array.array`, ...) in place and resolves with a
`memoryview` of the filled part, in the caller's item format; Python buffers
cannot be detached, so the caller simply keeps using theirs.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from webstd.streams import readable as _rs
from webstd.streams._promise import Promise, call, queue_microtask, rejected, resolved
from webstd.streams.queuing import member
from webstd.streams.readable import (
    ReadableStream,
    ReadableStreamDefaultReader,
    ReadableStreamGenericReader,
    ReadResult,
)

__all__ = [
    "ReadableByteStreamController",
    "ReadableStreamBYOBReader",
    "ReadableStreamBYOBRequest",
]

_READABLE = "readable"
_CLOSED = "closed"
_ERRORED = "errored"


def _byte_view(view: Any, owner: str) -> memoryview:
    try:
        memory = memoryview(view)
    except TypeError:
        raise TypeError(f"{owner}: {view!r} is not a bytes-like object") from None
    return memory


class _QueueEntry:
    """Streams §4.7.2 readable byte stream queue entry."""

    __slots__ = ("buffer", "byte_length", "byte_offset")

    def __init__(self, buffer: bytes, byte_offset: int, byte_length: int) -> None:
        self.buffer = buffer
        self.byte_offset = byte_offset
        self.byte_length = byte_length


class _PullIntoDescriptor:
    """Streams §4.7.2 pull-into descriptor (the buffer is a byte memoryview)."""

    __slots__ = (
        "buffer",
        "byte_length",
        "byte_offset",
        "bytes_filled",
        "element_size",
        "format",
        "minimum_fill",
        "reader_type",
    )

    def __init__(
        self, buffer: memoryview, minimum_fill: int, element_size: int, fmt: str, reader_type: str
    ) -> None:
        self.buffer = buffer
        self.byte_offset = 0
        self.byte_length = buffer.nbytes
        self.bytes_filled = 0
        self.minimum_fill = minimum_fill
        self.element_size = element_size
        self.format = fmt
        self.reader_type = reader_type


class ReadableStreamBYOBRequest:
    """Streams §4.8 the pending BYOB read the underlying source may fill."""

    __slots__ = ("_controller", "_view")

    _controller: ReadableByteStreamController | None
    _view: memoryview | None

    def __init__(self) -> None:
        raise TypeError("ReadableStreamBYOBRequest cannot be constructed directly")

    def __repr__(self) -> str:
        return f"<ReadableStreamBYOBRequest view={self._view!r}>"

    @property
    def view(self) -> memoryview | None:
        """The writable region to fill (None once responded to)."""
        return self._view

    def respond(self, bytes_written: int) -> None:
        """Signal that `bytes_written` bytes were written into `view`."""
        if self._controller is None:
            raise TypeError(
                "ReadableStreamBYOBRequest.respond: the request was already responded to"
            )
        _check_unsigned(bytes_written, "ReadableStreamBYOBRequest.respond")
        readable_byte_stream_controller_respond(self._controller, bytes_written)

    def respond_with_new_view(self, view: Any) -> None:
        """Respond with a view holding the bytes written."""
        if self._controller is None:
            raise TypeError(
                "ReadableStreamBYOBRequest.respond_with_new_view: the request was already responded to"
            )
        readable_byte_stream_controller_respond_with_new_view(
            self._controller, _byte_view(view, "ReadableStreamBYOBRequest.respond_with_new_view")
        )


def _check_unsigned(value: object, owner: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{owner}: {value!r} is not an integer")
    if value < 0:
        raise TypeError(f"{owner}: {value!r} is negative")
    return value


class ReadableByteStreamController:
    """Streams §4.7 the controller given to a byte stream's underlying source."""

    __slots__ = (
        "_auto_allocate_chunk_size",
        "_byob_request",
        "_cancel_algorithm",
        "_close_requested",
        "_pending_pull_intos",
        "_pull_again",
        "_pull_algorithm",
        "_pulling",
        "_queue",
        "_queue_total_size",
        "_started",
        "_strategy_hwm",
        "_stream",
    )

    _stream: ReadableStream
    _queue: deque[_QueueEntry]
    _pending_pull_intos: deque[_PullIntoDescriptor]
    _byob_request: ReadableStreamBYOBRequest | None
    _auto_allocate_chunk_size: int | None
    _pull_algorithm: Any
    _cancel_algorithm: Any
    _queue_total_size: int
    _started: bool
    _close_requested: bool
    _pull_again: bool
    _pulling: bool
    _strategy_hwm: float

    def __init__(self) -> None:
        raise TypeError("ReadableByteStreamController cannot be constructed directly")

    def __repr__(self) -> str:
        return f"<ReadableByteStreamController desired_size={self.desired_size!r}>"

    @property
    def byob_request(self) -> ReadableStreamBYOBRequest | None:
        """The current BYOB request, if a read is waiting for bytes."""
        return readable_byte_stream_controller_get_byob_request(self)

    @property
    def desired_size(self) -> float | None:
        """High-water mark minus queued bytes; None once errored."""
        return readable_byte_stream_controller_get_desired_size(self)

    def close(self) -> None:
        """Close the stream once queued bytes have been read."""
        if self._close_requested:
            raise TypeError("ReadableByteStreamController.close: close was already requested")
        if self._stream._state != _READABLE:
            raise TypeError(
                f"ReadableByteStreamController.close: the stream is {self._stream._state}"
            )
        readable_byte_stream_controller_close(self)

    def enqueue(self, chunk: Any) -> None:
        """Queue a bytes-like chunk (copied)."""
        view = _byte_view(chunk, "ReadableByteStreamController.enqueue")
        if view.nbytes == 0:
            raise TypeError("ReadableByteStreamController.enqueue: chunk is empty")
        if self._close_requested:
            raise TypeError("ReadableByteStreamController.enqueue: close was already requested")
        if self._stream._state != _READABLE:
            raise TypeError(
                f"ReadableByteStreamController.enqueue: the stream is {self._stream._state}"
            )
        readable_byte_stream_controller_enqueue(
            self, chunk if type(chunk) is bytes else view.tobytes()
        )

    def error(self, e: Any = None) -> None:
        """Error the stream with `e`."""
        readable_byte_stream_controller_error(self, e)

    # Streams §4.7.4 [[CancelSteps]]
    def _cancel_steps(self, reason: Any) -> Promise[Any]:
        readable_byte_stream_controller_clear_pending_pull_intos(self)
        self._queue.clear()
        self._queue_total_size = 0
        cancel_algorithm = self._cancel_algorithm
        result = cancel_algorithm(reason) if cancel_algorithm is not None else None
        readable_byte_stream_controller_clear_algorithms(self)
        return resolved(result) if result is None else result

    # Streams §4.7.4 [[PullSteps]]
    def _pull_steps(self, read_request: Any) -> None:
        stream = self._stream
        if self._queue_total_size > 0:
            readable_byte_stream_controller_fill_read_request_from_queue(self, read_request)
            return
        size = self._auto_allocate_chunk_size
        if size is not None:
            descriptor = _PullIntoDescriptor(memoryview(bytearray(size)), 1, 1, "B", "default")
            self._pending_pull_intos.append(descriptor)
        _rs.readable_stream_add_read_request(stream, read_request)
        readable_byte_stream_controller_call_pull_if_needed(self)

    # Streams §4.7.4 [[ReleaseSteps]]
    def _release_steps(self) -> None:
        if self._pending_pull_intos:
            first = self._pending_pull_intos[0]
            first.reader_type = "none"
            self._pending_pull_intos = deque([first])


# ---------------------------------------------------------------------------
# Streams §4.9.5 byte stream controller abstract operations


def readable_byte_stream_controller_call_pull_if_needed(
    controller: ReadableByteStreamController,
) -> None:
    """Streams §4.9.5 ReadableByteStreamControllerCallPullIfNeeded."""
    if not readable_byte_stream_controller_should_call_pull(controller):
        return
    if controller._pulling:
        controller._pull_again = True
        return
    pull_algorithm = controller._pull_algorithm
    if pull_algorithm is None:
        return
    controller._pulling = True
    pull_algorithm().then(
        lambda _: _pull_fulfilled(controller),
        lambda e: readable_byte_stream_controller_error(controller, e),
    )


def _pull_fulfilled(controller: ReadableByteStreamController) -> None:
    controller._pulling = False
    if controller._pull_again:
        controller._pull_again = False
        readable_byte_stream_controller_call_pull_if_needed(controller)


def readable_byte_stream_controller_clear_algorithms(
    controller: ReadableByteStreamController,
) -> None:
    """Streams §4.9.5 ReadableByteStreamControllerClearAlgorithms."""
    controller._pull_algorithm = None
    controller._cancel_algorithm = None


def readable_byte_stream_controller_clear_pending_pull_intos(
    controller: ReadableByteStreamController,
) -> None:
    """Streams §4.9.5 ReadableByteStreamControllerClearPendingPullIntos."""
    readable_byte_stream_controller_invalidate_byob_request(controller)
    controller._pending_pull_intos = deque()


def readable_byte_stream_controller_close(controller: ReadableByteStreamController) -> None:
    """Streams §4.9.5 ReadableByteStreamControllerClose."""
    stream = controller._stream
    if controller._close_requested or stream._state != _READABLE:
        return
    if controller._queue_total_size > 0:
        controller._close_requested = True
        return
    if controller._pending_pull_intos:
        first = controller._pending_pull_intos[0]
        if first.bytes_filled % first.element_size != 0:
            error = TypeError("ReadableByteStreamController.close: a partial element is pending")
            readable_byte_stream_controller_error(controller, error)
            raise error
    readable_byte_stream_controller_clear_algorithms(controller)
    _rs.readable_stream_close(stream)


def _commit_pull_into_descriptor(stream: ReadableStream, descriptor: _PullIntoDescriptor) -> None:
    # Streams §4.9.5 ReadableByteStreamControllerCommitPullIntoDescriptor
    done = stream._state == _CLOSED
    filled = _convert_pull_into_descriptor(descriptor)
    if descriptor.reader_type == "default":
        _rs.readable_stream_fulfill_read_request(stream, filled, done)
    else:
        readable_stream_fulfill_read_into_request(stream, filled, done)


def _convert_pull_into_descriptor(descriptor: _PullIntoDescriptor) -> Any:
    # Streams §4.9.5 ReadableByteStreamControllerConvertPullIntoDescriptor
    start = descriptor.byte_offset
    end = start + descriptor.bytes_filled
    if descriptor.reader_type == "default":
        return descriptor.buffer[start:end].tobytes()
    region = descriptor.buffer[start:end]
    return region if descriptor.format == "B" else region.cast(descriptor.format)  # type: ignore[call-overload]


def readable_byte_stream_controller_enqueue(
    controller: ReadableByteStreamController, chunk: bytes
) -> None:
    """Streams §4.9.5 ReadableByteStreamControllerEnqueue (chunk already copied)."""
    stream = controller._stream
    if controller._close_requested or stream._state != _READABLE:
        return
    byte_length = len(chunk)
    pending = controller._pending_pull_intos
    if pending:
        readable_byte_stream_controller_invalidate_byob_request(controller)
        first = pending[0]
        if first.reader_type == "none":
            _enqueue_detached_pull_into_to_queue(controller, first)
    reader = stream._reader
    if isinstance(reader, ReadableStreamDefaultReader):
        _process_read_requests_using_queue(controller)
        if not reader._read_requests:
            _enqueue_chunk_to_queue(controller, chunk, 0, byte_length)
        else:
            if controller._pending_pull_intos:
                _shift_pending_pull_into(controller)
            _rs.readable_stream_fulfill_read_request(stream, chunk, False)
    elif reader is not None:
        _enqueue_chunk_to_queue(controller, chunk, 0, byte_length)
        for filled in _process_pull_into_descriptors_using_queue(controller):
            _commit_pull_into_descriptor(stream, filled)
    else:
        _enqueue_chunk_to_queue(controller, chunk, 0, byte_length)
    readable_byte_stream_controller_call_pull_if_needed(controller)


def _enqueue_chunk_to_queue(
    controller: ReadableByteStreamController, buffer: bytes, byte_offset: int, byte_length: int
) -> None:
    # Streams §4.9.5 ReadableByteStreamControllerEnqueueChunkToQueue
    controller._queue.append(_QueueEntry(buffer, byte_offset, byte_length))
    controller._queue_total_size += byte_length


def _enqueue_detached_pull_into_to_queue(
    controller: ReadableByteStreamController, descriptor: _PullIntoDescriptor
) -> None:
    # Streams §4.9.5 ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue
    if descriptor.bytes_filled > 0:
        start = descriptor.byte_offset
        clone = descriptor.buffer[start : start + descriptor.bytes_filled].tobytes()
        _enqueue_chunk_to_queue(controller, clone, 0, len(clone))
    _shift_pending_pull_into(controller)


def readable_byte_stream_controller_error(
    controller: ReadableByteStreamController, error: Any
) -> None:
    """Streams §4.9.5 ReadableByteStreamControllerError."""
    stream = controller._stream
    if stream._state != _READABLE:
        return
    readable_byte_stream_controller_clear_pending_pull_intos(controller)
    controller._queue.clear()
    controller._queue_total_size = 0
    readable_byte_stream_controller_clear_algorithms(controller)
    _rs.readable_stream_error(stream, error)


def _fill_pull_into_descriptor_from_queue(
    controller: ReadableByteStreamController, descriptor: _PullIntoDescriptor
) -> bool:
    # Streams §4.9.5 ReadableByteStreamControllerFillPullIntoDescriptorFromQueue
    max_bytes_to_copy = min(
        controller._queue_total_size, descriptor.byte_length - descriptor.bytes_filled
    )
    max_bytes_filled = descriptor.bytes_filled + max_bytes_to_copy
    total_bytes_to_copy_remaining = max_bytes_to_copy
    ready = False
    max_aligned_bytes = max_bytes_filled - max_bytes_filled % descriptor.element_size
    if max_aligned_bytes >= descriptor.minimum_fill:
        total_bytes_to_copy_remaining = max_aligned_bytes - descriptor.bytes_filled
        ready = True
    queue = controller._queue
    while total_bytes_to_copy_remaining > 0:
        head = queue[0]
        bytes_to_copy = min(total_bytes_to_copy_remaining, head.byte_length)
        dest_start = descriptor.byte_offset + descriptor.bytes_filled
        descriptor.buffer[dest_start : dest_start + bytes_to_copy] = head.buffer[
            head.byte_offset : head.byte_offset + bytes_to_copy
        ]
        if head.byte_length == bytes_to_copy:
            queue.popleft()
        else:
            head.byte_offset += bytes_to_copy
            head.byte_length -= bytes_to_copy
        controller._queue_total_size -= bytes_to_copy
        descriptor.bytes_filled += bytes_to_copy
        total_bytes_to_copy_remaining -= bytes_to_copy
    return ready


def readable_byte_stream_controller_fill_read_request_from_queue(
    controller: ReadableByteStreamController, read_request: Any
) -> None:
    """Streams §4.9.5 ReadableByteStreamControllerFillReadRequestFromQueue."""
    entry = controller._queue.popleft()
    controller._queue_total_size -= entry.byte_length
    _handle_queue_drain(controller)
    buffer = entry.buffer
    if entry.byte_offset == 0 and entry.byte_length == len(buffer):
        read_request._chunk_steps(buffer)
    else:
        read_request._chunk_steps(buffer[entry.byte_offset : entry.byte_offset + entry.byte_length])


def readable_byte_stream_controller_get_byob_request(
    controller: ReadableByteStreamController,
) -> ReadableStreamBYOBRequest | None:
    """Streams §4.9.5 ReadableByteStreamControllerGetBYOBRequest."""
    if controller._byob_request is None and controller._pending_pull_intos:
        first = controller._pending_pull_intos[0]
        start = first.byte_offset + first.bytes_filled
        request = ReadableStreamBYOBRequest.__new__(ReadableStreamBYOBRequest)
        request._controller = controller
        request._view = first.buffer[start : first.byte_offset + first.byte_length]
        controller._byob_request = request
    return controller._byob_request


def readable_byte_stream_controller_get_desired_size(
    controller: ReadableByteStreamController,
) -> float | None:
    """Streams §4.9.5 ReadableByteStreamControllerGetDesiredSize."""
    state = controller._stream._state
    if state == _ERRORED:
        return None
    if state == _CLOSED:
        return 0
    return controller._strategy_hwm - controller._queue_total_size


def _handle_queue_drain(controller: ReadableByteStreamController) -> None:
    # Streams §4.9.5 ReadableByteStreamControllerHandleQueueDrain
    if controller._queue_total_size == 0 and controller._close_requested:
        readable_byte_stream_controller_clear_algorithms(controller)
        _rs.readable_stream_close(controller._stream)
    else:
        readable_byte_stream_controller_call_pull_if_needed(controller)


def readable_byte_stream_controller_invalidate_byob_request(
    controller: ReadableByteStreamController,
) -> None:
    """Streams §4.9.5 ReadableByteStreamControllerInvalidateBYOBRequest."""
    request = controller._byob_request
    if request is None:
        return
    request._controller = None
    request._view = None
    controller._byob_request = None


def _process_pull_into_descriptors_using_queue(
    controller: ReadableByteStreamController,
) -> list[_PullIntoDescriptor]:
    # Streams §4.9.5 ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue
    filled_pull_intos = []
    while controller._pending_pull_intos:
        if controller._queue_total_size == 0:
            break
        descriptor = controller._pending_pull_intos[0]
        if _fill_pull_into_descriptor_from_queue(controller, descriptor):
            _shift_pending_pull_into(controller)
            filled_pull_intos.append(descriptor)
    return filled_pull_intos


def _process_read_requests_using_queue(controller: ReadableByteStreamController) -> None:
    # Streams §4.9.5 ReadableByteStreamControllerProcessReadRequestsUsingQueue
    reader = controller._stream._reader
    assert isinstance(reader, ReadableStreamDefaultReader)
    while reader._read_requests:
        if controller._queue_total_size == 0:
            return
        read_request = reader._read_requests.popleft()
        readable_byte_stream_controller_fill_read_request_from_queue(controller, read_request)


def readable_byte_stream_controller_pull_into(
    controller: ReadableByteStreamController, view: memoryview, minimum: int, read_into_request: Any
) -> None:
    """Streams §4.9.5 ReadableByteStreamControllerPullInto."""
    stream = controller._stream
    element_size = view.itemsize
    fmt = view.format
    buffer = view.cast("B") if view.format != "B" or view.ndim != 1 else view
    descriptor = _PullIntoDescriptor(buffer, minimum * element_size, element_size, fmt, "byob")
    if controller._pending_pull_intos:
        controller._pending_pull_intos.append(descriptor)
        _readable_stream_add_read_into_request(stream, read_into_request)
        return
    if stream._state == _CLOSED:
        read_into_request._close_steps(_convert_pull_into_descriptor(descriptor))
        return
    if controller._queue_total_size > 0:
        if _fill_pull_into_descriptor_from_queue(controller, descriptor):
            filled = _convert_pull_into_descriptor(descriptor)
            _handle_queue_drain(controller)
            read_into_request._chunk_steps(filled)
            return
        if controller._close_requested:
            error = TypeError("ReadableStreamBYOBReader.read: the stream closed mid-element")
            readable_byte_stream_controller_error(controller, error)
            read_into_request._error_steps(error)
            return
    controller._pending_pull_intos.append(descriptor)
    _readable_stream_add_read_into_request(stream, read_into_request)
    readable_byte_stream_controller_call_pull_if_needed(controller)


def readable_byte_stream_controller_respond(
    controller: ReadableByteStreamController, bytes_written: int
) -> None:
    """Streams §4.9.5 ReadableByteStreamControllerRespond."""
    first = controller._pending_pull_intos[0]
    if controller._stream._state == _CLOSED:
        if bytes_written != 0:
            raise TypeError(f"respond({bytes_written}): the stream is closed, only 0 is allowed")
    else:
        if bytes_written == 0:
            raise TypeError(
                "respond(0): bytes_written must be positive while the stream is readable"
            )
        if first.bytes_filled + bytes_written > first.byte_length:
            raise ValueError(f"respond({bytes_written}): more bytes than the view holds")
    _respond_internal(controller, bytes_written)


def readable_byte_stream_controller_respond_with_new_view(
    controller: ReadableByteStreamController, view: memoryview
) -> None:
    """Streams §4.9.5 ReadableByteStreamControllerRespondWithNewView (view's bytes are copied in)."""
    first = controller._pending_pull_intos[0]
    byte_length = view.nbytes
    if controller._stream._state == _CLOSED:
        if byte_length != 0:
            raise TypeError("respond_with_new_view: the stream is closed, the view must be empty")
    elif byte_length == 0:
        raise TypeError("respond_with_new_view: the view is empty while the stream is readable")
    if first.bytes_filled + byte_length > first.byte_length:
        raise ValueError(f"respond_with_new_view: {byte_length} bytes exceed the request's view")
    if byte_length:
        start = first.byte_offset + first.bytes_filled
        first.buffer[start : start + byte_length] = view.cast("B") if view.format != "B" else view
    _respond_internal(controller, byte_length)


def _respond_internal(controller: ReadableByteStreamController, bytes_written: int) -> None:
    # Streams §4.9.5 ReadableByteStreamControllerRespondInternal
    first = controller._pending_pull_intos[0]
    readable_byte_stream_controller_invalidate_byob_request(controller)
    if controller._stream._state == _CLOSED:
        _respond_in_closed_state(controller, first)
    else:
        _respond_in_readable_state(controller, bytes_written, first)
    readable_byte_stream_controller_call_pull_if_needed(controller)


def _respond_in_closed_state(
    controller: ReadableByteStreamController, first: _PullIntoDescriptor
) -> None:
    # Streams §4.9.5 ReadableByteStreamControllerRespondInClosedState
    if first.reader_type == "none":
        _shift_pending_pull_into(controller)
    stream = controller._stream
    reader = stream._reader
    if isinstance(reader, ReadableStreamBYOBReader):
        while reader._read_into_requests:
            _commit_pull_into_descriptor(stream, _shift_pending_pull_into(controller))


def _respond_in_readable_state(
    controller: ReadableByteStreamController, bytes_written: int, descriptor: _PullIntoDescriptor
) -> None:
    # Streams §4.9.5 ReadableByteStreamControllerRespondInReadableState
    descriptor.bytes_filled += bytes_written
    stream = controller._stream
    if descriptor.reader_type == "none":
        _enqueue_detached_pull_into_to_queue(controller, descriptor)
        for filled in _process_pull_into_descriptors_using_queue(controller):
            _commit_pull_into_descriptor(stream, filled)
        return
    if descriptor.bytes_filled < descriptor.minimum_fill:
        return
    _shift_pending_pull_into(controller)
    remainder_size = descriptor.bytes_filled % descriptor.element_size
    if remainder_size > 0:
        end = descriptor.byte_offset + descriptor.bytes_filled
        remainder = descriptor.buffer[end - remainder_size : end].tobytes()
        _enqueue_chunk_to_queue(controller, remainder, 0, remainder_size)
    descriptor.bytes_filled -= remainder_size
    filled_pull_intos = _process_pull_into_descriptors_using_queue(controller)
    _commit_pull_into_descriptor(stream, descriptor)
    for filled in filled_pull_intos:
        _commit_pull_into_descriptor(stream, filled)


def _shift_pending_pull_into(controller: ReadableByteStreamController) -> _PullIntoDescriptor:
    # Streams §4.9.5 ReadableByteStreamControllerShiftPendingPullInto
    return controller._pending_pull_intos.popleft()


def readable_byte_stream_controller_should_call_pull(
    controller: ReadableByteStreamController,
) -> bool:
    """Streams §4.9.5 ReadableByteStreamControllerShouldCallPull."""
    stream = controller._stream
    if stream._state != _READABLE or controller._close_requested or not controller._started:
        return False
    reader = stream._reader
    if isinstance(reader, ReadableStreamDefaultReader):
        if reader._read_requests:
            return True
    elif reader is not None and reader._read_into_requests:
        return True
    return readable_byte_stream_controller_get_desired_size(controller) > 0  # type: ignore[operator]


def set_up_readable_byte_stream_controller(
    stream: ReadableStream,
    controller: ReadableByteStreamController,
    start_algorithm: Any,
    pull_algorithm: Any,
    cancel_algorithm: Any,
    high_water_mark: float,
    auto_allocate_chunk_size: int | None,
) -> None:
    """Streams §4.9.5 SetUpReadableByteStreamController."""
    controller._stream = stream
    controller._pull_again = False
    controller._pulling = False
    controller._byob_request = None
    controller._queue = deque()
    controller._queue_total_size = 0
    controller._close_requested = False
    controller._started = False
    controller._strategy_hwm = high_water_mark
    controller._pull_algorithm = pull_algorithm
    controller._cancel_algorithm = cancel_algorithm
    controller._auto_allocate_chunk_size = auto_allocate_chunk_size
    controller._pending_pull_intos = deque()
    stream._controller = controller
    start_result = start_algorithm()
    from webstd.streams._promise import promise_resolved_with

    promise_resolved_with(start_result).then(
        lambda _: _byte_controller_started(controller),
        lambda e: readable_byte_stream_controller_error(controller, e),
    )


def _byte_controller_started(controller: ReadableByteStreamController) -> None:
    controller._started = True
    readable_byte_stream_controller_call_pull_if_needed(controller)


def set_up_readable_byte_stream_controller_from_underlying_source(
    stream: ReadableStream, underlying_source: object, high_water_mark: float
) -> None:
    """Streams §4.9.5 SetUpReadableByteStreamControllerFromUnderlyingSource."""
    controller = ReadableByteStreamController.__new__(ReadableByteStreamController)
    start, pull, cancel = _rs.source_callbacks(underlying_source, "ReadableStream")
    auto_allocate_chunk_size = member(underlying_source, "auto_allocate_chunk_size")
    if auto_allocate_chunk_size is not None:
        _check_unsigned(auto_allocate_chunk_size, "ReadableStream: auto_allocate_chunk_size")
        if auto_allocate_chunk_size == 0:
            raise TypeError("ReadableStream: auto_allocate_chunk_size must be positive, not 0")

    def start_algorithm() -> Any:
        return None if start is None else start(controller)

    pull_algorithm = None if pull is None else (lambda: call(pull, controller))
    cancel_algorithm = None if cancel is None else (lambda reason: call(cancel, reason))
    set_up_readable_byte_stream_controller(
        stream,
        controller,
        start_algorithm,
        pull_algorithm,
        cancel_algorithm,
        high_water_mark,
        auto_allocate_chunk_size,
    )


def create_readable_byte_stream(
    start_algorithm: Any, pull_algorithm: Any, cancel_algorithm: Any
) -> ReadableStream:
    """Streams §4.9.1 CreateReadableByteStream."""
    stream = ReadableStream.__new__(ReadableStream)
    _rs._initialize_readable_stream(stream)
    controller = ReadableByteStreamController.__new__(ReadableByteStreamController)
    set_up_readable_byte_stream_controller(
        stream, controller, start_algorithm, pull_algorithm, cancel_algorithm, 0, None
    )
    return stream


# ---------------------------------------------------------------------------
# Streams §4.5 ReadableStreamBYOBReader


class _ReadIntoPromise(Promise[ReadResult]):
    """The read-into request of `reader.read(view)`; it is the returned promise."""

    __slots__ = ()

    def _chunk_steps(self, chunk: Any) -> None:
        self.fulfill(ReadResult(chunk, False))

    def _close_steps(self, chunk: Any) -> None:
        self.fulfill(ReadResult(chunk, True))

    def _error_steps(self, error: Any) -> None:
        self.reject(error)


class ReadableStreamBYOBReader(ReadableStreamGenericReader):
    """Streams §4.5 a reader that reads into buffers the caller provides."""

    __slots__ = ("_read_into_requests",)

    _read_into_requests: deque[Any]

    def __init__(self, stream: ReadableStream) -> None:
        if not isinstance(stream, ReadableStream):
            raise TypeError(f"ReadableStreamBYOBReader: {stream!r} is not a ReadableStream")
        set_up_readable_stream_byob_reader(self, stream)

    def __repr__(self) -> str:
        return f"<ReadableStreamBYOBReader {'released' if self._stream is None else 'active'}>"

    def read(self, view: Any, *, min: int = 1) -> Promise[ReadResult]:
        """Read into the writable buffer `view`; resolves with a memoryview of the filled part."""
        try:
            memory = memoryview(view)
        except TypeError:
            return rejected(TypeError(f"ReadableStreamBYOBReader.read: {view!r} is not a buffer"))
        if memory.readonly:
            return rejected(TypeError(f"ReadableStreamBYOBReader.read: {view!r} is read-only"))
        if memory.nbytes == 0:
            return rejected(TypeError("ReadableStreamBYOBReader.read: the view is empty"))
        if not memory.c_contiguous:
            return rejected(TypeError("ReadableStreamBYOBReader.read: the view is not contiguous"))
        if isinstance(min, bool) or not isinstance(min, int) or min < 0:
            return rejected(TypeError(f"ReadableStreamBYOBReader.read: invalid min {min!r}"))
        if min == 0:
            return rejected(TypeError("ReadableStreamBYOBReader.read: min must be positive"))
        if min > memory.nbytes // memory.itemsize:
            return rejected(
                ValueError(f"ReadableStreamBYOBReader.read: min {min} exceeds the view")
            )
        if self._stream is None:
            return rejected(
                TypeError("ReadableStreamBYOBReader.read: the reader has been released")
            )
        promise = _ReadIntoPromise()
        readable_stream_byob_reader_read(self, memory, min, promise)
        return promise

    def release_lock(self) -> None:
        """Release the stream; pending reads reject with TypeError."""
        if self._stream is None:
            return
        _rs.readable_stream_reader_generic_release(self)
        byob_reader_error_read_into_requests(self, TypeError("the reader's lock was released"))


def set_up_readable_stream_byob_reader(
    reader: ReadableStreamBYOBReader, stream: ReadableStream
) -> None:
    """Streams §4.9.3 SetUpReadableStreamBYOBReader."""
    if stream._reader is not None:
        raise TypeError("ReadableStream is locked: it already has a reader")
    if not isinstance(stream._controller, ReadableByteStreamController):
        raise TypeError("ReadableStreamBYOBReader: the stream is not a byte stream")
    _rs.readable_stream_reader_generic_initialize(reader, stream)
    reader._read_into_requests = deque()


def readable_stream_byob_reader_read(
    reader: ReadableStreamBYOBReader, view: memoryview, minimum: int, read_into_request: Any
) -> None:
    """Streams §4.9.3 ReadableStreamBYOBReaderRead."""
    stream = reader._stream
    assert stream is not None
    stream._disturbed = True
    if stream._state == _ERRORED:
        read_into_request._error_steps(stream._stored_error)
    else:
        readable_byte_stream_controller_pull_into(
            stream._controller,  # type: ignore[arg-type]
            view,
            minimum,
            read_into_request,
        )


def byob_reader_error_read_into_requests(reader: Any, error: Any) -> None:
    """Streams §4.9.3 ReadableStreamBYOBReaderErrorReadIntoRequests."""
    requests = reader._read_into_requests
    reader._read_into_requests = deque()
    for request in requests:
        request._error_steps(error)


def _readable_stream_add_read_into_request(stream: ReadableStream, request: Any) -> None:
    # Streams §4.9.2 ReadableStreamAddReadIntoRequest
    stream._reader._read_into_requests.append(request)  # type: ignore[union-attr]


def readable_stream_fulfill_read_into_request(
    stream: ReadableStream, chunk: Any, done: bool
) -> None:
    """Streams §4.9.2 ReadableStreamFulfillReadIntoRequest."""
    request = stream._reader._read_into_requests.popleft()  # type: ignore[union-attr]
    if done:
        request._close_steps(chunk)
    else:
        request._chunk_steps(chunk)


# ---------------------------------------------------------------------------
# Streams §4.9.1 ReadableByteStreamTee


def readable_byte_stream_tee(stream: ReadableStream) -> tuple[ReadableStream, ReadableStream]:
    """Streams §4.9.1 ReadableByteStreamTee: two byte branches; BYOB reads are forwarded."""
    tee = _ByteTee(stream)
    return tee.branch1, tee.branch2


class _ByteTee(_rs._TeeCancel):
    """Streams §4.9.1 ReadableByteStreamTee: the state shared by the two branches."""

    def __init__(self, stream: ReadableStream) -> None:
        super().__init__(stream)
        self.reader: ReadableStreamDefaultReader | ReadableStreamBYOBReader = (
            _rs.acquire_readable_stream_default_reader(stream)
        )
        self.reading = False
        self.read_again_for_branch1 = False
        self.read_again_for_branch2 = False
        self.branch1 = create_readable_byte_stream(_rs._no_start, self.pull1, self.cancel1)
        self.branch2 = create_readable_byte_stream(_rs._no_start, self.pull2, self.cancel2)
        self.forward_reader_error(self.reader)

    def controller(self, branch: ReadableStream) -> ReadableByteStreamController:
        return branch._controller  # type: ignore[return-value]

    def forward_reader_error(self, this_reader: Any) -> None:
        def rejected_(reason: Any) -> None:
            if this_reader is not self.reader:
                return
            readable_byte_stream_controller_error(self.controller(self.branch1), reason)
            readable_byte_stream_controller_error(self.controller(self.branch2), reason)
            if not self.canceled1 or not self.canceled2:
                self.cancel_promise.fulfill(None)

        this_reader._closed_promise.then(None, rejected_)

    def pull_with_default_reader(self) -> None:
        if isinstance(self.reader, ReadableStreamBYOBReader):
            self.reader.release_lock()
            self.reader = _rs.acquire_readable_stream_default_reader(self.stream)
            self.forward_reader_error(self.reader)
        _rs.readable_stream_default_reader_read(self.reader, _ByteTeeReadRequest(self))

    def chunk_from_default_reader(self, chunk: bytes) -> None:
        # the microtask queued by the read request's chunk steps
        self.read_again_for_branch1 = False
        self.read_again_for_branch2 = False
        if not self.canceled1:
            readable_byte_stream_controller_enqueue(self.controller(self.branch1), chunk)
        if not self.canceled2:
            # CloneAsUint8Array: chunks are immutable bytes, so both branches may share one
            readable_byte_stream_controller_enqueue(self.controller(self.branch2), chunk)
        self.reading = False
        self.read_again()

    def close_from_default_reader(self) -> None:
        self.reading = False
        controller1, controller2 = self.controller(self.branch1), self.controller(self.branch2)
        if not self.canceled1:
            readable_byte_stream_controller_close(controller1)
        if not self.canceled2:
            readable_byte_stream_controller_close(controller2)
        if controller1._pending_pull_intos:
            readable_byte_stream_controller_respond(controller1, 0)
        if controller2._pending_pull_intos:
            readable_byte_stream_controller_respond(controller2, 0)
        if not self.canceled1 or not self.canceled2:
            self.cancel_promise.fulfill(None)

    def pull_with_byob_reader(self, view: memoryview, for_branch2: bool) -> None:
        if isinstance(self.reader, ReadableStreamDefaultReader):
            self.reader.release_lock()
            self.reader = ReadableStreamBYOBReader(self.stream)
            self.forward_reader_error(self.reader)
        request = _ByteTeeReadIntoRequest(self, for_branch2)
        readable_stream_byob_reader_read(self.reader, view, 1, request)

    def branches(self, for_branch2: bool) -> tuple[ReadableStream, ReadableStream, bool, bool]:
        if for_branch2:
            return self.branch2, self.branch1, self.canceled2, self.canceled1
        return self.branch1, self.branch2, self.canceled1, self.canceled2

    def chunk_from_byob_reader(self, chunk: memoryview, for_branch2: bool) -> None:
        # the microtask queued by the read-into request's chunk steps
        self.read_again_for_branch1 = False
        self.read_again_for_branch2 = False
        byob_branch, other_branch, byob_canceled, other_canceled = self.branches(for_branch2)
        if not other_canceled:
            cloned = chunk.tobytes()  # CloneAsUint8Array
            if not byob_canceled:
                readable_byte_stream_controller_respond_with_new_view(
                    self.controller(byob_branch), chunk
                )
            readable_byte_stream_controller_enqueue(self.controller(other_branch), cloned)
        elif not byob_canceled:
            readable_byte_stream_controller_respond_with_new_view(
                self.controller(byob_branch), chunk
            )
        self.reading = False
        self.read_again()

    def close_from_byob_reader(self, chunk: memoryview | None, for_branch2: bool) -> None:
        self.reading = False
        byob_branch, other_branch, byob_canceled, other_canceled = self.branches(for_branch2)
        if not byob_canceled:
            readable_byte_stream_controller_close(self.controller(byob_branch))
        if not other_canceled:
            readable_byte_stream_controller_close(self.controller(other_branch))
        if chunk is not None:
            if not byob_canceled:
                readable_byte_stream_controller_respond_with_new_view(
                    self.controller(byob_branch), chunk
                )
            other_controller = self.controller(other_branch)
            if not other_canceled and other_controller._pending_pull_intos:
                readable_byte_stream_controller_respond(other_controller, 0)
        if not byob_canceled or not other_canceled:
            self.cancel_promise.fulfill(None)

    def read_again(self) -> None:
        if self.read_again_for_branch1:
            self.pull1()
        elif self.read_again_for_branch2:
            self.pull2()

    def pull(self, for_branch2: bool) -> Promise[Any]:
        if self.reading:
            if for_branch2:
                self.read_again_for_branch2 = True
            else:
                self.read_again_for_branch1 = True
            return resolved(None)
        self.reading = True
        branch = self.branch2 if for_branch2 else self.branch1
        byob_request = readable_byte_stream_controller_get_byob_request(self.controller(branch))
        if byob_request is None:
            self.pull_with_default_reader()
        else:
            assert byob_request._view is not None
            self.pull_with_byob_reader(byob_request._view, for_branch2)
        return resolved(None)

    def pull1(self) -> Promise[Any]:
        return self.pull(False)

    def pull2(self) -> Promise[Any]:
        return self.pull(True)


class _ByteTeeReadRequest:
    __slots__ = ("_tee",)

    def __init__(self, tee: _ByteTee) -> None:
        self._tee = tee

    def _chunk_steps(self, chunk: Any) -> None:
        queue_microtask(self._tee.chunk_from_default_reader, chunk)

    def _close_steps(self) -> None:
        self._tee.close_from_default_reader()

    def _error_steps(self, error: Any) -> None:
        self._tee.reading = False


class _ByteTeeReadIntoRequest:
    __slots__ = ("_for_branch2", "_tee")

    def __init__(self, tee: _ByteTee, for_branch2: bool) -> None:
        self._tee = tee
        self._for_branch2 = for_branch2

    def _chunk_steps(self, chunk: Any) -> None:
        tee, for_branch2 = self._tee, self._for_branch2
        queue_microtask(lambda _: tee.chunk_from_byob_reader(chunk, for_branch2))

    def _close_steps(self, chunk: Any) -> None:
        self._tee.close_from_byob_reader(chunk, self._for_branch2)

    def _error_steps(self, error: Any) -> None:
        self._tee.reading = False
