"""DOM Standard §3 aborting ongoing activities: AbortController, AbortSignal.

Also Web IDL's `DOMException`, the exception every Web API raises for named
errors (`AbortError`, `TimeoutError`, ...).

Why timers work without a running loop: `AbortSignal.timeout(ms)` is a factory
and, like every constructor in webstd, must not need an event loop. Inside a
running loop the timer is `loop.call_later`; outside one the signal records its
deadline and aborts lazily — the first time `aborted`, `reason` or
`throw_if_aborted()` is read after the deadline, or via a `call_later` armed as
soon as a listener or abort algorithm is added from inside a running loop. No
threads are ever started, so nothing runs behind the caller's back.
"""

from __future__ import annotations

import asyncio
import sys
import time
import traceback
import weakref
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Protocol, runtime_checkable

__all__ = ["AbortController", "AbortSignal", "DOMException", "Event"]

# Web IDL §2.8.1 DOMException names table: name -> legacy code (0 when absent).
_LEGACY_CODES: dict[str, int] = {
    "IndexSizeError": 1,
    "HierarchyRequestError": 3,
    "WrongDocumentError": 4,
    "InvalidCharacterError": 5,
    "NoModificationAllowedError": 7,
    "NotFoundError": 8,
    "NotSupportedError": 9,
    "InUseAttributeError": 10,
    "InvalidStateError": 11,
    "SyntaxError": 12,
    "InvalidModificationError": 13,
    "NamespaceError": 14,
    "InvalidAccessError": 15,
    "TypeMismatchError": 17,
    "SecurityError": 18,
    "NetworkError": 19,
    "AbortError": 20,
    "URLMismatchError": 21,
    "QuotaExceededError": 22,
    "TimeoutError": 23,
    "InvalidNodeTypeError": 24,
    "DataCloneError": 25,
}


class DOMException(Exception):
    """Web IDL §2.8.1 DOMException: an error with a `name`, `message` and legacy `code`."""

    INDEX_SIZE_ERR: ClassVar[int] = 1
    DOMSTRING_SIZE_ERR: ClassVar[int] = 2
    HIERARCHY_REQUEST_ERR: ClassVar[int] = 3
    WRONG_DOCUMENT_ERR: ClassVar[int] = 4
    INVALID_CHARACTER_ERR: ClassVar[int] = 5
    NO_DATA_ALLOWED_ERR: ClassVar[int] = 6
    NO_MODIFICATION_ALLOWED_ERR: ClassVar[int] = 7
    NOT_FOUND_ERR: ClassVar[int] = 8
    NOT_SUPPORTED_ERR: ClassVar[int] = 9
    INUSE_ATTRIBUTE_ERR: ClassVar[int] = 10
    INVALID_STATE_ERR: ClassVar[int] = 11
    SYNTAX_ERR: ClassVar[int] = 12
    INVALID_MODIFICATION_ERR: ClassVar[int] = 13
    NAMESPACE_ERR: ClassVar[int] = 14
    INVALID_ACCESS_ERR: ClassVar[int] = 15
    VALIDATION_ERR: ClassVar[int] = 16
    TYPE_MISMATCH_ERR: ClassVar[int] = 17
    SECURITY_ERR: ClassVar[int] = 18
    NETWORK_ERR: ClassVar[int] = 19
    ABORT_ERR: ClassVar[int] = 20
    URL_MISMATCH_ERR: ClassVar[int] = 21
    QUOTA_EXCEEDED_ERR: ClassVar[int] = 22
    TIMEOUT_ERR: ClassVar[int] = 23
    INVALID_NODE_TYPE_ERR: ClassVar[int] = 24
    DATA_CLONE_ERR: ClassVar[int] = 25

    def __init__(self, message: str = "", name: str = "Error") -> None:
        if not isinstance(message, str):
            raise TypeError(f"DOMException: message must be a str, not {message!r}")
        if not isinstance(name, str):
            raise TypeError(f"DOMException: name must be a str, not {name!r}")
        super().__init__(message)
        self._name = name
        self._message = message

    @property
    def name(self) -> str:
        """The error's name, e.g. `"AbortError"`."""
        return self._name

    @property
    def message(self) -> str:
        """The human-readable message."""
        return self._message

    @property
    def code(self) -> int:
        """The legacy numeric code for `name`, or 0 (Web IDL names table)."""
        return _LEGACY_CODES.get(self._name, 0)

    def __str__(self) -> str:
        return f"{self._name}: {self._message}" if self._message else self._name

    def __repr__(self) -> str:
        return f"DOMException({self._message!r}, {self._name!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._message, self._name))


class Event:
    """DOM §2.2 Event, as much of it as an `abort` event needs."""

    __slots__ = (
        "_default_prevented",
        "_trusted",
        "current_target",
        "target",
        "time_stamp",
        "type",
    )

    def __init__(self, type: str, target: Any = None) -> None:
        self.type = type
        self.target = target
        self.current_target: Any = None
        self.time_stamp = time.time() * 1000.0
        self._default_prevented = False
        self._trusted = False

    @property
    def is_trusted(self) -> bool:
        """DOM §2.2 isTrusted: True for events webstd dispatches, False for `dispatch_event()`'s."""
        return self._trusted

    @property
    def bubbles(self) -> bool:
        """False: an abort event does not bubble (DOM §3.2 "run the abort steps")."""
        return False

    @property
    def cancelable(self) -> bool:
        """False: an abort event cannot be canceled."""
        return False

    @property
    def default_prevented(self) -> bool:
        """Whether `prevent_default()` was called (abort events are not cancelable)."""
        return self._default_prevented

    def prevent_default(self) -> None:
        """No-op: abort events are not cancelable."""

    def __repr__(self) -> str:
        return f"<Event type={self.type!r}>"


@runtime_checkable
class _EventListenerObject(Protocol):
    def handle_event(self, event: Event) -> Any: ...


EventListener = Callable[[Event], Any] | _EventListenerObject


def _callback_key(callback: object) -> object:
    """A dict key equal for equal callbacks (bound methods included); identity if unhashable."""
    try:
        hash(callback)
    except TypeError:
        return ("unhashable", id(callback))
    return callback


def _listener_key(type: str, callback: object, capture: bool) -> object:
    # DOM §2.7 "add an event listener" step 4: a listener is identified by type, callback, capture.
    return (type, _callback_key(callback), capture)


class _Listener:
    """DOM §2.7 event listener: a callback plus its flags."""

    __slots__ = ("callback", "capture", "key", "once", "removed", "type")

    def __init__(self, type: str, callback: EventListener, capture: bool, once: bool) -> None:
        self.key: object = _listener_key(type, callback, capture)
        self.type = type
        self.callback = callback
        self.capture = capture
        self.once = once
        self.removed = False


def _report_exception(error: BaseException) -> None:
    """HTML "report the exception": log it without disturbing the dispatcher."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
        return
    loop.call_exception_handler({"message": "Exception in abort listener", "exception": error})


class AbortSignal:
    """DOM §3.2 AbortSignal: tells an operation that it should stop, and why.

    Not constructible directly (as in the standard): use `AbortController().signal`,
    `AbortSignal.abort()`, `AbortSignal.timeout()` or `AbortSignal.any()`.
    """

    _aborted: bool
    _reason: Any
    _abort_algorithms: dict[object, list[Callable[[], Any]]]
    _listeners: dict[object, _Listener]
    _onabort: EventListener | None
    _onabort_listener: _Listener | None
    _dependent: bool
    _source_signals: list[weakref.ref[AbortSignal]]
    _dependent_signals: list[weakref.ref[AbortSignal]]
    _timeout_sources: list[AbortSignal]
    _pinned_dependents: set[AbortSignal]
    _pinned: bool
    _deadline: float | None
    _timer: asyncio.TimerHandle | None
    _timer_loop: asyncio.AbstractEventLoop | None

    def __init__(self) -> None:
        raise TypeError(
            "AbortSignal: illegal constructor; use AbortController().signal, "
            "AbortSignal.abort(), AbortSignal.timeout() or AbortSignal.any()"
        )

    @classmethod
    def _create(cls) -> AbortSignal:
        """A fresh, not-aborted signal (the standard's "new AbortSignal")."""
        signal = cls.__new__(cls)
        signal._aborted = False
        signal._reason = None
        signal._abort_algorithms = {}
        signal._listeners = {}
        signal._onabort = None
        signal._onabort_listener = None
        signal._dependent = False
        signal._source_signals = []
        signal._dependent_signals = []
        signal._timeout_sources = []
        signal._pinned_dependents = set()
        signal._pinned = False
        signal._deadline = None
        signal._timer = None
        signal._timer_loop = None
        return signal

    # DOM §3.2 static abort(reason)
    @classmethod
    def abort(cls, reason: Any = None) -> AbortSignal:
        """A signal that is already aborted with `reason` (default: an AbortError)."""
        signal = cls._create()
        signal._aborted = True
        signal._reason = _default_reason(reason)
        return signal

    # DOM §3.2 static timeout(milliseconds)
    @classmethod
    def timeout(cls, milliseconds: int | float) -> AbortSignal:
        """A signal that aborts with a TimeoutError after `milliseconds` (an unsigned long long)."""
        ms = _enforce_range_ulonglong(milliseconds, "AbortSignal.timeout: milliseconds")
        signal = cls._create()
        signal._deadline = time.monotonic() + ms / 1000.0
        signal._arm_timer()
        return signal

    # DOM §3.2 static any(signals): "create a dependent abort signal"
    @classmethod
    def any(cls, signals: Iterable[AbortSignal]) -> AbortSignal:
        """A signal that aborts as soon as any of `signals` aborts, with its reason."""
        signals = list(signals)
        for i, signal in enumerate(signals):
            if not isinstance(signal, AbortSignal):
                raise TypeError(f"AbortSignal.any: signals[{i}] is not an AbortSignal: {signal!r}")
        result = cls._create()
        for signal in signals:
            if signal.aborted:
                result._aborted = True
                result._reason = signal._reason
                return result
        result._dependent = True
        seen: set[int] = set()  # ids of sources already linked (all alive during this call)
        for signal in signals:
            if not signal._dependent:
                result._add_source(signal, seen)
            else:
                for source in signal._live(signal._source_signals):
                    result._add_source(source, seen)
        result._arm_timer()
        return result

    def _add_source(self, source: AbortSignal, seen: set[int]) -> None:
        # DOM §3.2 "create a dependent abort signal" step 4.2: "if ... not already in ..."
        if id(source) in seen:
            return
        seen.add(id(source))
        self._source_signals.append(weakref.ref(source))
        dependents = source._dependent_signals
        if len(dependents) >= 64 and len(dependents) & (len(dependents) - 1) == 0:
            # Prune dead weak references at each power of two: a long-lived source
            # shared by many short-lived AbortSignal.any() results must not grow forever.
            dependents[:] = [ref for ref in dependents if ref() is not None]
        dependents.append(weakref.ref(self))
        if source._deadline is not None:
            # DOM §3.2 garbage collection: a pending timeout outlives its last reference.
            self._timeout_sources.append(source)

    @staticmethod
    def _live(refs: list[weakref.ref[AbortSignal]]) -> list[AbortSignal]:
        signals = [ref() for ref in refs]
        return [s for s in signals if s is not None]

    @property
    def aborted(self) -> bool:
        """Whether the signal has been aborted."""
        self._check_deadline()
        return self._aborted

    @property
    def reason(self) -> Any:
        """Why it was aborted (None while not aborted)."""
        self._check_deadline()
        return self._reason

    # DOM §3.2 throwIfAborted()
    def throw_if_aborted(self) -> None:
        """Raise the abort reason if the signal is aborted.

        A reason that is not an exception (JS can throw any value) is raised as
        a DOMException AbortError whose `reason` attribute holds the value.
        """
        self._check_deadline()
        if not self._aborted:
            return
        reason = self._reason
        if isinstance(reason, BaseException):
            raise reason
        error = DOMException(f"signal is aborted with reason {reason!r}", "AbortError")
        error.reason = reason  # type: ignore[attr-defined]
        raise error

    # DOM §3.2 "add" an abort algorithm
    def _add_algorithm(self, algorithm: Callable[[], Any]) -> None:
        """Run `algorithm()` synchronously when the signal aborts (no-op if already aborted)."""
        if self._aborted:
            return
        # Keyed by the algorithm (equal ones grouped) so that removal is O(1).
        self._abort_algorithms.setdefault(_callback_key(algorithm), []).append(algorithm)
        self._interest_changed()

    # DOM §3.2 "remove" an abort algorithm
    def _remove_algorithm(self, algorithm: Callable[[], Any]) -> None:
        """Forget an algorithm added by `_add_algorithm`."""
        # Infra "remove": every matching item goes.
        if self._abort_algorithms.pop(_callback_key(algorithm), None) is not None:
            self._interest_changed()

    # DOM §3.2 "signal abort"
    def _signal_abort(self, reason: Any = None) -> None:
        if self._aborted:
            return
        self._aborted = True
        self._reason = _default_reason(reason)
        self._cancel_timer()
        dependents_to_abort: list[AbortSignal] = []
        for dependent in self._live(self._dependent_signals):
            if not dependent._aborted:
                dependent._aborted = True
                dependent._reason = self._reason
                dependent._cancel_timer()
                dependents_to_abort.append(dependent)
        self._run_abort_steps()
        for dependent in dependents_to_abort:
            dependent._run_abort_steps()

    # DOM §3.2 "run the abort steps"
    def _run_abort_steps(self) -> None:
        self._forget_links()
        algorithms, self._abort_algorithms = self._abort_algorithms, {}
        for group in algorithms.values():
            for algorithm in group:
                try:
                    algorithm()
                except Exception as error:  # one failing algorithm must not skip the others
                    _report_exception(error)
        # DOM §3.2 "run the abort steps" step 3: "fire an event named abort at signal"
        # (DOM §2.10 "fire an event": isTrusted is true).
        event = Event("abort", self)
        event._trusted = True
        self._dispatch(event)

    def _forget_links(self) -> None:
        # An aborted signal needs no keep-alive links any more.
        for source in self._live(self._source_signals):
            source._pinned_dependents.discard(self)
        self._pinned = False
        self._pinned_dependents.clear()
        self._timeout_sources.clear()

    def _check_deadline(self) -> None:
        """Abort a timed-out signal whose timer cannot fire (no loop, or its loop closed)."""
        if self._aborted:
            return
        if self._dependent:
            # Only timeout sources have a deadline; they are held strongly in _timeout_sources.
            for source in list(self._timeout_sources):
                source._check_deadline()
            return
        if self._deadline is None or time.monotonic() < self._deadline:
            return
        if not self._timer_is_live():
            self._timeout_fired()

    def _timeout_fired(self) -> None:
        self._timer = None
        self._timer_loop = None
        self._signal_abort(DOMException("signal timed out", "TimeoutError"))

    def _arm_timer(self) -> None:
        """Schedule the timeout on the running loop, if there is one and no live timer yet."""
        if self._aborted:
            return
        if self._dependent:
            # Only timeout sources have a deadline; they are held strongly in _timeout_sources.
            for source in list(self._timeout_sources):
                source._arm_timer()
            return
        if self._deadline is None:
            return
        if self._timer_is_live():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        delay = max(0.0, self._deadline - time.monotonic())
        self._timer = loop.call_later(delay, self._timeout_fired)
        self._timer_loop = loop

    def _timer_is_live(self) -> bool:
        loop = self._timer_loop
        return self._timer is not None and loop is not None and not loop.is_closed()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    # DOM §2.7 addEventListener()
    def add_event_listener(
        self,
        type: str,
        callback: EventListener | None,
        *,
        once: bool = False,
        capture: bool = False,
        passive: bool | None = None,
        signal: AbortSignal | None = None,
    ) -> None:
        """Call `callback(event)` when an event of `type` fires (`once` removes it after)."""
        if not isinstance(type, str):
            raise TypeError(f"add_event_listener: type must be a str, not {type!r}")
        if callback is None:
            return
        if not callable(callback) and not isinstance(callback, _EventListenerObject):
            raise TypeError(f"add_event_listener: callback is not callable: {callback!r}")
        if signal is not None and signal.aborted:
            return
        listener = _Listener(type, callback, capture, once)
        if listener.key in self._listeners:
            return
        self._listeners[listener.key] = listener
        if signal is not None:
            signal._add_algorithm(lambda: self._remove_listener(listener))
        self._interest_changed()

    # DOM §2.7 removeEventListener()
    def remove_event_listener(
        self, type: str, callback: EventListener | None, *, capture: bool = False
    ) -> None:
        """Stop calling `callback` for events of `type`."""
        listener = self._listeners.get(_listener_key(type, callback, capture))
        if listener is not None:
            self._remove_listener(listener)

    def _remove_listener(self, listener: _Listener) -> None:
        listener.removed = True
        if self._listeners.get(listener.key) is listener:
            del self._listeners[listener.key]
            self._interest_changed()

    def _interest_changed(self) -> None:
        """Arm timers, and keep a dependent alive while someone listens (DOM §3.2 GC rules)."""
        self._arm_timer()
        if not self._dependent or self._aborted:
            return
        interested = bool(self._abort_algorithms) or any(
            listener.type == "abort" for listener in self._listeners.values()
        )
        if interested == self._pinned:
            return  # nothing changed: skip the walk over (possibly many) sources
        self._pinned = interested
        for source in self._live(self._source_signals):
            if interested:
                source._pinned_dependents.add(self)
            else:
                source._pinned_dependents.discard(self)

    # DOM §2.9 dispatchEvent(), reduced to a target without a tree.
    def dispatch_event(self, event: Event) -> bool:
        """Dispatch `event` to this signal's listeners; returns not `default_prevented`."""
        if not isinstance(event, Event):
            raise TypeError(f"dispatch_event: not an Event: {event!r}")
        event.target = self
        self._dispatch(event)
        return not event.default_prevented

    def _dispatch(self, event: Event) -> None:
        event.current_target = self
        for listener in list(self._listeners.values()):
            if listener.removed or listener.type != event.type:
                continue
            if listener.once:
                self._remove_listener(listener)
            callback = listener.callback
            try:
                if isinstance(callback, _EventListenerObject) and not callable(callback):
                    callback.handle_event(event)
                else:
                    callback(event)
            except Exception as error:
                _report_exception(error)
        event.current_target = None

    # HTML §8.1.8.1 event handler IDL attribute `onabort`
    @property
    def onabort(self) -> EventListener | None:
        """The `abort` event handler (runs in the position it was first set)."""
        return self._onabort

    @onabort.setter
    def onabort(self, handler: EventListener | None) -> None:
        if handler is not None and not callable(handler):
            handler = None  # Web IDL: a non-callable EventHandler value becomes null
        self._onabort = handler
        if handler is None:
            if self._onabort_listener is not None:
                self._remove_listener(self._onabort_listener)
                self._onabort_listener = None
            return
        if self._onabort_listener is None:
            listener = _Listener("abort", self._run_onabort, False, False)
            listener.key = object()  # the event handler's own slot, not an add_event_listener key
            self._onabort_listener = listener
            self._listeners[listener.key] = listener
            self._interest_changed()

    def _run_onabort(self, event: Event) -> None:
        handler = self._onabort
        if handler is not None:
            handler(event)  # type: ignore[operator]

    def __repr__(self) -> str:
        if self.aborted:
            return f"<AbortSignal aborted reason={self._reason!r}>"
        return "<AbortSignal>"


class AbortController:
    """DOM §3.1 AbortController: owns a signal and aborts it on request."""

    __slots__ = ("_signal",)

    def __init__(self) -> None:
        self._signal = AbortSignal._create()

    @property
    def signal(self) -> AbortSignal:
        """The signal this controller aborts."""
        return self._signal

    # DOM §3.1 abort(reason)
    def abort(self, reason: Any = None) -> None:
        """Abort the signal with `reason` (default: a DOMException AbortError)."""
        self._signal._signal_abort(reason)

    def __repr__(self) -> str:
        return f"<AbortController signal={self._signal!r}>"


def _default_reason(reason: Any) -> Any:
    # DOM §3.2 "signal abort" step 2: reason defaults to a new AbortError DOMException.
    if reason is None:
        return DOMException("signal is aborted without reason", "AbortError")
    return reason


def _enforce_range_ulonglong(value: Any, what: str) -> int:
    # Web IDL §3.2.4.9 [EnforceRange] unsigned long long: TypeError outside 0..2**53-1.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{what} must be a number, not {value!r}")
    if value != value or value in (float("inf"), float("-inf")):
        raise TypeError(f"{what} must be finite, not {value!r}")
    integer = int(value)
    if integer < 0 or integer > 2**53 - 1:
        raise TypeError(f"{what} is out of range for unsigned long long: {value!r}")
    return integer
