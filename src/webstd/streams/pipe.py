"""Streams §4.9.1 ReadableStreamPipeTo: the pipe loop between a reader and a writer.

The standard leaves the loop's exact shape open ("in parallel ... the exact
manner is not observable") but fixes its rules: wait for the writer to be ready,
read, write without awaiting, and propagate errors and closing in both
directions, waiting for pending writes before the shutdown action. The loop is a
small state machine driven by promise reactions, so chunks flow in microtasks
without one asyncio task per pipe.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from webstd.streams import readable as _rs
from webstd.streams import writable as _ws
from webstd.streams._promise import Promise, resolved

if TYPE_CHECKING:
    from collections.abc import Callable

    from webstd.abort import AbortSignal
    from webstd.streams.readable import ReadableStream
    from webstd.streams.writable import WritableStream

__all__ = ["readable_stream_pipe_to"]


def readable_stream_pipe_to(
    source: ReadableStream,
    dest: WritableStream,
    prevent_close: bool,
    prevent_abort: bool,
    prevent_cancel: bool,
    signal: AbortSignal | None = None,
) -> Promise[None]:
    """Streams §4.9.1 ReadableStreamPipeTo."""
    return _Pipe(source, dest, prevent_close, prevent_abort, prevent_cancel, signal).promise


class _PipeReadRequest:
    __slots__ = ("_pipe",)

    def __init__(self, pipe: _Pipe) -> None:
        self._pipe = pipe

    def _chunk_steps(self, chunk: Any) -> None:
        pipe = self._pipe
        pipe.reading = False
        # Our promises never report unhandled rejections, so the write needs no handler.
        pipe.current_write = _ws.writable_stream_default_writer_write(pipe.writer, chunk)
        if not pipe.in_read:
            pipe.step()  # the read completed later: continue the loop from here

    def _close_steps(self) -> None:
        self._pipe.reading = False

    def _error_steps(self, error: Any) -> None:
        self._pipe.reading = False


class _Pipe:
    __slots__ = (
        "abort_algorithm",
        "current_write",
        "dest",
        "in_read",
        "prevent_abort",
        "prevent_cancel",
        "prevent_close",
        "promise",
        "read_request",
        "reader",
        "reading",
        "shutting_down",
        "signal",
        "source",
        "writer",
    )

    def __init__(
        self,
        source: ReadableStream,
        dest: WritableStream,
        prevent_close: bool,
        prevent_abort: bool,
        prevent_cancel: bool,
        signal: AbortSignal | None,
    ) -> None:
        self.source = source
        self.dest = dest
        self.prevent_close = prevent_close
        self.prevent_abort = prevent_abort
        self.prevent_cancel = prevent_cancel
        self.signal = signal
        self.reader = _rs.acquire_readable_stream_default_reader(source)
        self.writer = _ws.acquire_writable_stream_default_writer(dest)
        source._disturbed = True
        self.shutting_down = False
        self.reading = False
        self.read_request = _PipeReadRequest(self)
        self.in_read = False
        self.current_write: Promise[Any] = resolved(None)
        self.promise: Promise[None] = Promise()
        self.abort_algorithm: Callable[[], None] | None = None
        if signal is not None:
            self.abort_algorithm = self.on_abort
            if signal.aborted:
                self.on_abort()
                return
            signal._add_algorithm(self.abort_algorithm)
        self.watch()
        self.step()

    # -- the loop ---------------------------------------------------------

    def step(self, _: object = None) -> None:
        """Wait for the writer to be ready, read one chunk, write it; repeat while possible."""
        while not self.shutting_down and not self.reading:
            ready = self.writer._ready_promise
            if ready._state != 1:
                ready.then(self.step, None)
                return
            source = self.source
            if source._state != "readable":
                return  # the closed/errored watchers shut the pipe down
            self.reading = True
            self.in_read = True
            # ReadableStreamDefaultReaderRead for a readable source, inlined
            source._disturbed = True
            source._controller._pull_steps(self.read_request)
            self.in_read = False

    # -- error and close propagation -------------------------------------

    def watch(self) -> None:
        # The four propagation conditions, checked now and watched from here on.
        source, dest = self.source, self.dest
        self.reader._closed_promise.then(self.source_closed, self.source_errored)
        self.writer._closed_promise.then(None, self.dest_errored)
        if source._state == "errored":
            self.source_errored(source._stored_error)
        elif dest._state in ("errored", "erroring"):
            self.dest_errored(dest._stored_error)
        elif source._state == "closed":
            self.source_closed(None)
        elif _ws.writable_stream_close_queued_or_in_flight(dest) or dest._state == "closed":
            self.dest_closed()

    def source_errored(self, error: Any) -> None:
        # ReadableStreamPipeTo: "Errors must be propagated forward"
        if self.shutting_down:
            return
        if not self.prevent_abort:
            self.shutdown_with_action(
                lambda: _ws.writable_stream_abort(self.dest, error), True, error
            )
        else:
            self.shutdown(True, error)

    def dest_errored(self, error: Any) -> None:
        # ReadableStreamPipeTo: "Errors must be propagated backward"
        if self.shutting_down:
            return
        if not self.prevent_cancel:
            self.shutdown_with_action(
                lambda: _rs.readable_stream_cancel(self.source, error), True, error
            )
        else:
            self.shutdown(True, error)

    def source_closed(self, _: Any) -> None:
        # ReadableStreamPipeTo: "Closing must be propagated forward"
        if self.shutting_down:
            return
        if not self.prevent_close:
            self.shutdown_with_action(
                lambda: _ws.writable_stream_default_writer_close_with_error_propagation(self.writer)
            )
        else:
            self.shutdown()

    def dest_closed(self) -> None:
        # ReadableStreamPipeTo: "Closing must be propagated backward"
        error = TypeError("the destination WritableStream is closed or closing")
        if not self.prevent_cancel:
            self.shutdown_with_action(
                lambda: _rs.readable_stream_cancel(self.source, error), True, error
            )
        else:
            self.shutdown(True, error)

    def on_abort(self) -> None:
        # ReadableStreamPipeTo step 14.1: the signal's abort algorithm
        assert self.signal is not None
        error = self.signal.reason
        source, dest = self.source, self.dest
        actions: list[Callable[[], Promise[Any]]] = []
        if not self.prevent_abort:
            actions.append(
                lambda: (
                    _ws.writable_stream_abort(dest, error)
                    if dest._state == "writable"
                    else resolved(None)
                )
            )
        if not self.prevent_cancel:
            actions.append(
                lambda: (
                    _rs.readable_stream_cancel(source, error)
                    if source._state == "readable"
                    else resolved(None)
                )
            )
        self.shutdown_with_action(
            lambda: _wait_for_all([action() for action in actions]), True, error
        )

    # -- shutting down ------------------------------------------------------

    def drop_pending_read(self) -> None:
        # Streams §4.9.1 ReadableStreamPipeTo, shutdown (whatwg/streams#1208): a read still
        # pending when the pipe starts shutting down is rejected at once, so a chunk that
        # arrives afterwards stays in the source instead of being written after the abort.
        if self.reading and self.reader._stream is not None:
            _rs.default_reader_error_read_requests(
                self.reader, TypeError("the pipe is shutting down")
            )

    def writes_pending(self) -> bool:
        dest = self.dest
        return dest._state == "writable" and not _ws.writable_stream_close_queued_or_in_flight(dest)

    def wait_for_writes(self, then: Callable[[], None]) -> None:
        # "wait until every chunk that has been read has been written"
        old = self.current_write

        def check(_: Any) -> None:
            if self.current_write is not old:
                self.wait_for_writes(then)
            else:
                then()

        old.then(check, check)

    # ReadableStreamPipeTo: "Shutdown with an action"
    def shutdown_with_action(
        self,
        action: Callable[[], Promise[Any]],
        original_is_error: bool = False,
        original_error: Any = None,
    ) -> None:
        if self.shutting_down:
            return
        self.shutting_down = True
        self.drop_pending_read()

        def run_action() -> None:
            try:
                promise = action()
            except BaseException as error:
                self.finalize(True, error)
                return
            promise.then(
                lambda _: self.finalize(original_is_error, original_error),
                lambda new_error: self.finalize(True, new_error),
            )

        if self.writes_pending():
            self.wait_for_writes(run_action)
        else:
            run_action()

    # ReadableStreamPipeTo: "Shutdown"
    def shutdown(self, is_error: bool = False, error: Any = None) -> None:
        if self.shutting_down:
            return
        self.shutting_down = True
        self.drop_pending_read()
        if self.writes_pending():
            self.wait_for_writes(lambda: self.finalize(is_error, error))
        else:
            self.finalize(is_error, error)

    # ReadableStreamPipeTo: "Finalize"
    def finalize(self, is_error: bool, error: Any) -> None:
        _ws.writable_stream_default_writer_release(self.writer)
        if self.reader._stream is not None:
            _rs.readable_stream_default_reader_release(self.reader)
        if self.signal is not None and self.abort_algorithm is not None:
            self.signal._remove_algorithm(self.abort_algorithm)
        if is_error:
            self.promise.reject(error)
        else:
            self.promise.fulfill(None)


def _wait_for_all(promises: list[Promise[Any]]) -> Promise[None]:
    # WebIDL "waiting for all": fulfils when all fulfil, rejects with the first rejection
    result: Promise[None] = Promise()
    remaining = [len(promises)]
    if not promises:
        result.fulfill(None)
        return result

    def fulfilled(_: Any) -> None:
        remaining[0] -= 1
        if remaining[0] == 0:
            result.fulfill(None)

    for promise in promises:
        promise.then(fulfilled, result.reject)
    return result
