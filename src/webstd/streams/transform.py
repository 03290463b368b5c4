"""Streams §6 transform streams: TransformStream and its controller."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from webstd.streams import readable as _rs
from webstd.streams import writable as _ws
from webstd.streams._promise import Promise, call, rejected, resolved
from webstd.streams.queuing import extract_high_water_mark, extract_size_algorithm, member
from webstd.streams.readable import ReadableStream, ReadableStreamDefaultController
from webstd.streams.writable import WritableStream

__all__ = ["TransformStream", "TransformStreamDefaultController"]


class TransformStream:
    """Streams §6.2 TransformStream: a writable side whose chunks come out of a readable side."""

    __slots__ = (
        "__weakref__",
        "_backpressure",
        "_backpressure_change_promise",
        "_controller",
        "_readable",
        "_writable",
    )

    _readable: ReadableStream
    _writable: WritableStream
    _controller: TransformStreamDefaultController
    _backpressure: bool | None
    _backpressure_change_promise: Promise[None] | None

    def __init__(
        self,
        transformer: object = None,
        writable_strategy: object = None,
        readable_strategy: object = None,
    ) -> None:
        if transformer is not None and isinstance(transformer, (str, bytes, int, float, bool)):
            raise TypeError(f"TransformStream: transformer {transformer!r} is not an object")
        # Web IDL converts the transformer and both strategies (TypeError for a member
        # that is not callable) before Streams §6.2.3 constructor steps 3-8 run
        callbacks = {}
        for name in ("cancel", "flush", "start", "transform"):
            callback = member(transformer, name)
            if callback is not None and not callable(callback):
                raise TypeError(f"TransformStream: transformer {name} {callback!r} is not callable")
            callbacks[name] = callback
        writable_size_algorithm = extract_size_algorithm(writable_strategy)
        readable_size_algorithm = extract_size_algorithm(readable_strategy)
        if member(transformer, "readable_type") is not None:
            raise ValueError("TransformStream: readable_type is not supported")
        if member(transformer, "writable_type") is not None:
            raise ValueError("TransformStream: writable_type is not supported")
        readable_high_water_mark = extract_high_water_mark(readable_strategy, 0)
        writable_high_water_mark = extract_high_water_mark(writable_strategy, 1)
        start_promise: Promise[Any] = Promise()
        _initialize_transform_stream(
            self,
            start_promise,
            writable_high_water_mark,
            writable_size_algorithm,
            readable_high_water_mark,
            readable_size_algorithm,
        )
        _set_up_controller_from_transformer(self, callbacks)
        start = callbacks["start"]
        if start is not None:
            start_promise.resolve(_to_promise_or_value(start(self._controller)))
        else:
            start_promise.fulfill(None)

    def __repr__(self) -> str:
        return f"<TransformStream readable={self._readable!r} writable={self._writable!r}>"

    @property
    def readable(self) -> ReadableStream:
        """The readable side, where transformed chunks come out."""
        return self._readable

    @property
    def writable(self) -> WritableStream:
        """The writable side, where chunks go in."""
        return self._writable


def _to_promise_or_value(value: Any) -> Any:
    from webstd.streams._promise import to_promise

    return to_promise(value)


def _initialize_transform_stream(
    stream: TransformStream,
    start_promise: Promise[Any],
    writable_high_water_mark: float,
    writable_size_algorithm: Callable[[Any], Any] | None,
    readable_high_water_mark: float,
    readable_size_algorithm: Callable[[Any], Any] | None,
) -> None:
    # Streams §6.4.1 InitializeTransformStream
    def start_algorithm() -> Promise[Any]:
        return start_promise

    stream._writable = _ws.create_writable_stream(
        start_algorithm,
        partial(_sink_write_algorithm, stream),
        lambda: _sink_close_algorithm(stream),
        lambda reason: _sink_abort_algorithm(stream, reason),
        writable_high_water_mark,
        writable_size_algorithm,
    )
    stream._readable = _rs.create_readable_stream(
        start_algorithm,
        partial(_source_pull_algorithm, stream),
        lambda reason: _source_cancel_algorithm(stream, reason),
        readable_high_water_mark,
        readable_size_algorithm,
    )
    stream._backpressure = None
    stream._backpressure_change_promise = None
    _set_backpressure(stream, True)


def _transform_stream_error(stream: TransformStream, error: Any) -> None:
    # Streams §6.4.1 TransformStreamError
    _rs.readable_stream_default_controller_error(_readable_controller(stream), error)
    _error_writable_and_unblock_write(stream, error)


def _error_writable_and_unblock_write(stream: TransformStream, error: Any) -> None:
    # Streams §6.4.1 TransformStreamErrorWritableAndUnblockWrite
    _controller_clear_algorithms(stream._controller)
    _ws.writable_stream_default_controller_error_if_needed(stream._writable._controller, error)
    _unblock_write(stream)


def _unblock_write(stream: TransformStream) -> None:
    # Streams §6.4.1 TransformStreamUnblockWrite
    if stream._backpressure:
        _set_backpressure(stream, False)


def _set_backpressure(stream: TransformStream, backpressure: bool) -> None:
    # Streams §6.4.1 TransformStreamSetBackpressure
    if stream._backpressure_change_promise is not None:
        stream._backpressure_change_promise.fulfill(None)
    stream._backpressure_change_promise = Promise()
    stream._backpressure = backpressure


def _readable_controller(stream: TransformStream) -> ReadableStreamDefaultController:
    return stream._readable._controller  # type: ignore[return-value]


# ---------------------------------------------------------------------------
# Streams §6.3 TransformStreamDefaultController


class TransformStreamDefaultController:
    """Streams §6.3 the controller given to a transformer."""

    __slots__ = (
        "_cancel_algorithm",
        "_finish_promise",
        "_flush_algorithm",
        "_stream",
        "_transform_algorithm",
    )

    _stream: TransformStream
    _transform_algorithm: Callable[[Any], Promise[Any]] | None
    _flush_algorithm: Callable[[], Promise[Any]] | None
    _cancel_algorithm: Callable[[Any], Promise[Any]] | None
    _finish_promise: Promise[None] | None

    def __init__(self) -> None:
        raise TypeError("TransformStreamDefaultController cannot be constructed directly")

    def __repr__(self) -> str:
        return f"<TransformStreamDefaultController desired_size={self.desired_size!r}>"

    @property
    def desired_size(self) -> float | None:
        """The readable side's desired size."""
        return _rs.readable_stream_default_controller_get_desired_size(
            _readable_controller(self._stream)
        )

    def enqueue(self, chunk: Any = None) -> None:
        """Put `chunk` out on the readable side."""
        transform_stream_default_controller_enqueue(self, chunk)

    def error(self, reason: Any = None) -> None:
        """Error both sides with `reason`."""
        _transform_stream_error(self._stream, reason)

    def terminate(self) -> None:
        """Close the readable side and error the writable side."""
        transform_stream_default_controller_terminate(self)


def _set_up_controller_from_transformer(stream: TransformStream, callbacks: dict[str, Any]) -> None:
    # Streams §6.4.2 SetUpTransformStreamDefaultControllerFromTransformer
    controller = TransformStreamDefaultController.__new__(TransformStreamDefaultController)
    transform, flush, cancel = callbacks["transform"], callbacks["flush"], callbacks["cancel"]

    def default_transform(chunk: Any) -> Promise[Any]:
        try:
            transform_stream_default_controller_enqueue(controller, chunk)
        except BaseException as error:
            return rejected(error)
        return _RESOLVED

    transform_algorithm: Callable[[Any], Promise[Any]] = (
        default_transform
        if transform is None
        else (lambda chunk: call(transform, chunk, controller))
    )
    flush_algorithm: Callable[[], Promise[Any]] = (
        (lambda: resolved(None)) if flush is None else (lambda: call(flush, controller))
    )
    cancel_algorithm: Callable[[Any], Promise[Any]] = (
        (lambda reason: resolved(None)) if cancel is None else (lambda reason: call(cancel, reason))
    )
    _set_up_controller(stream, controller, transform_algorithm, flush_algorithm, cancel_algorithm)


_RESOLVED: Promise[Any] = resolved(None)


def _set_up_controller(
    stream: TransformStream,
    controller: TransformStreamDefaultController,
    transform_algorithm: Callable[[Any], Promise[Any]],
    flush_algorithm: Callable[[], Promise[Any]],
    cancel_algorithm: Callable[[Any], Promise[Any]],
) -> None:
    # Streams §6.4.2 SetUpTransformStreamDefaultController
    controller._stream = stream
    stream._controller = controller
    controller._transform_algorithm = transform_algorithm
    controller._flush_algorithm = flush_algorithm
    controller._cancel_algorithm = cancel_algorithm
    controller._finish_promise = None


def _controller_clear_algorithms(controller: TransformStreamDefaultController) -> None:
    # Streams §6.4.2 TransformStreamDefaultControllerClearAlgorithms
    controller._transform_algorithm = None
    controller._flush_algorithm = None
    controller._cancel_algorithm = None


def transform_stream_default_controller_enqueue(
    controller: TransformStreamDefaultController, chunk: Any
) -> None:
    """Streams §6.4.2 TransformStreamDefaultControllerEnqueue."""
    stream = controller._stream
    readable_controller: Any = stream._readable._controller
    # ReadableStreamDefaultControllerCanCloseOrEnqueue, inlined
    if readable_controller._close_requested or stream._readable._state != "readable":
        raise TypeError(
            "TransformStreamDefaultController.enqueue: the readable side is closed or errored"
        )
    try:
        _rs.readable_stream_default_controller_enqueue(readable_controller, chunk)
    except BaseException as error:
        _error_writable_and_unblock_write(stream, error)
        raise _as_exception(stream._readable._stored_error) from None
    backpressure = not _rs.readable_stream_default_controller_should_call_pull(readable_controller)
    if backpressure != stream._backpressure:
        _set_backpressure(stream, True)


def _as_exception(reason: Any) -> BaseException:
    from webstd.streams._promise import as_exception

    return as_exception(reason)


def transform_stream_default_controller_terminate(
    controller: TransformStreamDefaultController,
) -> None:
    """Streams §6.4.2 TransformStreamDefaultControllerTerminate."""
    stream = controller._stream
    _rs.readable_stream_default_controller_close(_readable_controller(stream))
    _error_writable_and_unblock_write(stream, TypeError("the TransformStream was terminated"))


def _perform_transform(controller: TransformStreamDefaultController, chunk: Any) -> Promise[Any]:
    # Streams §6.4.2 TransformStreamDefaultControllerPerformTransform
    transform_algorithm = controller._transform_algorithm
    assert transform_algorithm is not None
    transform_promise = transform_algorithm(chunk)
    if transform_promise._state == 1:
        return transform_promise  # fulfilled: the rejection handler cannot run
    stream = controller._stream

    def failed(reason: Any) -> Any:
        _transform_stream_error(stream, reason)
        raise _as_exception(reason)

    return transform_promise.transform(None, failed)


# ---------------------------------------------------------------------------
# Streams §6.4.3 default sink and §6.4.4 default source


def _sink_write_algorithm(stream: TransformStream, chunk: Any) -> Promise[Any]:
    # Streams §6.4.3 TransformStreamDefaultSinkWriteAlgorithm
    controller = stream._controller
    if stream._backpressure:
        backpressure_change_promise = stream._backpressure_change_promise
        assert backpressure_change_promise is not None

        result: Promise[Any] = Promise()

        def after_backpressure(_: Any) -> None:
            writable = stream._writable
            if writable._state == "erroring":
                result.reject(writable._stored_error)
                return
            try:
                transformed = _perform_transform(controller, chunk)
            except BaseException as error:
                result.reject(error)
                return
            if transformed._state == 1:
                result.fulfill(transformed._value)  # adopting a fulfilled promise
            else:
                result.resolve(transformed)

        backpressure_change_promise.then(after_backpressure, result.reject)
        return result
    return _perform_transform(controller, chunk)


def _sink_abort_algorithm(stream: TransformStream, reason: Any) -> Promise[Any]:
    # Streams §6.4.3 TransformStreamDefaultSinkAbortAlgorithm
    controller = stream._controller
    if controller._finish_promise is not None:
        return controller._finish_promise
    readable = stream._readable
    finish_promise: Promise[None] = Promise()
    controller._finish_promise = finish_promise
    assert controller._cancel_algorithm is not None
    cancel_promise = controller._cancel_algorithm(reason)
    _controller_clear_algorithms(controller)

    def fulfilled(_: Any) -> None:
        if readable._state == "errored":
            finish_promise.reject(readable._stored_error)
        else:
            _rs.readable_stream_default_controller_error(_readable_controller(stream), reason)
            finish_promise.fulfill(None)

    def failed(error: Any) -> None:
        _rs.readable_stream_default_controller_error(_readable_controller(stream), error)
        finish_promise.reject(error)

    cancel_promise.then(fulfilled, failed)
    return finish_promise


def _sink_close_algorithm(stream: TransformStream) -> Promise[Any]:
    # Streams §6.4.3 TransformStreamDefaultSinkCloseAlgorithm
    controller = stream._controller
    if controller._finish_promise is not None:
        return controller._finish_promise
    readable = stream._readable
    finish_promise: Promise[None] = Promise()
    controller._finish_promise = finish_promise
    assert controller._flush_algorithm is not None
    flush_promise = controller._flush_algorithm()
    _controller_clear_algorithms(controller)

    def fulfilled(_: Any) -> None:
        if readable._state == "errored":
            finish_promise.reject(readable._stored_error)
        else:
            _rs.readable_stream_default_controller_close(_readable_controller(stream))
            finish_promise.fulfill(None)

    def failed(error: Any) -> None:
        _rs.readable_stream_default_controller_error(_readable_controller(stream), error)
        finish_promise.reject(error)

    flush_promise.then(fulfilled, failed)
    return finish_promise


def _source_pull_algorithm(stream: TransformStream) -> Promise[Any]:
    # Streams §6.4.4 TransformStreamDefaultSourcePullAlgorithm
    _set_backpressure(stream, False)
    assert stream._backpressure_change_promise is not None
    return stream._backpressure_change_promise


def _source_cancel_algorithm(stream: TransformStream, reason: Any) -> Promise[Any]:
    # Streams §6.4.4 TransformStreamDefaultSourceCancelAlgorithm
    controller = stream._controller
    if controller._finish_promise is not None:
        return controller._finish_promise
    writable = stream._writable
    finish_promise: Promise[None] = Promise()
    controller._finish_promise = finish_promise
    assert controller._cancel_algorithm is not None
    cancel_promise = controller._cancel_algorithm(reason)
    _controller_clear_algorithms(controller)

    def fulfilled(_: Any) -> None:
        if writable._state == "errored":
            finish_promise.reject(writable._stored_error)
        else:
            _ws.writable_stream_default_controller_error_if_needed(writable._controller, reason)
            _unblock_write(stream)
            finish_promise.fulfill(None)

    def failed(error: Any) -> None:
        _ws.writable_stream_default_controller_error_if_needed(writable._controller, error)
        _unblock_write(stream)
        finish_promise.reject(error)

    cancel_promise.then(fulfilled, failed)
    return finish_promise
