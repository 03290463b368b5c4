"""WPT dom/abort/ (newest): event.any.js reason tests, timeout.any.js, the newer
resources/abort-signal-any-tests.js cases, plus hostile inputs (session 3 audit).

Each test's docstring gives the WPT file and title.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from webstd import AbortController, AbortSignal, DOMException

# --- event.any.js (newest) ------------------------------------------------------------------


def test_abort_controller_abort_reason_should_set_signal_reason() -> None:
    """event.any.js: AbortController abort(reason) should set signal.reason"""
    controller = AbortController()
    signal = controller.signal
    assert not signal.aborted
    assert signal.reason is None
    reason = Exception("Aborted")
    controller.abort(reason)
    assert signal.aborted
    assert signal.reason is reason


def test_aborting_abort_controller_without_reason_creates_an_abort_error() -> None:
    """event.any.js: aborting AbortController without reason creates an "AbortError" DOMException"""
    controller = AbortController()
    controller.abort()
    assert controller.signal.aborted
    assert isinstance(controller.signal.reason, DOMException)
    assert controller.signal.reason.name == "AbortError"


def test_abort_controller_abort_undefined_creates_an_abort_error() -> None:
    """event.any.js: AbortController abort(undefined) creates an "AbortError" DOMException"""
    controller = AbortController()
    controller.abort(None)  # Python None is JS undefined (API.md)
    assert isinstance(controller.signal.reason, DOMException)
    assert controller.signal.reason.name == "AbortError"


@pytest.mark.parametrize("reason", ["", 0, False, "reason"])
def test_abort_controller_abort_falsy_reason_should_set_signal_reason(reason: Any) -> None:
    """event.any.js: AbortController abort(null) should set signal.reason (falsy, non-undefined reasons kept)"""
    controller = AbortController()
    controller.abort(reason)
    assert controller.signal.aborted
    assert controller.signal.reason is reason


def test_static_aborting_signal_should_have_right_properties() -> None:
    """event.any.js: static aborting signal should have right properties"""
    signal = AbortSignal.abort()
    assert signal.aborted
    assert isinstance(signal.reason, DOMException)
    assert signal.reason.name == "AbortError"


def test_static_aborting_signal_with_reason_should_set_signal_reason() -> None:
    """event.any.js: static aborting signal with reason should set signal.reason"""
    reason = Exception("Aborted")
    signal = AbortSignal.abort(reason)
    assert signal.aborted
    assert signal.reason is reason


def test_abort_signal_reason_returns_the_same_dom_exception() -> None:
    """event.any.js: AbortSignal.reason returns the same DOMException"""
    signal = AbortSignal.abort()
    assert signal.reason is signal.reason


def test_abort_controller_signal_reason_returns_the_same_dom_exception() -> None:
    """event.any.js: AbortController.signal.reason returns the same DOMException"""
    controller = AbortController()
    controller.abort()
    assert controller.signal.reason is controller.signal.reason


def test_throw_if_aborted_should_throw_abort_reason_if_signal_aborted() -> None:
    """event.any.js: throwIfAborted() should throw abort.reason if signal aborted"""
    signal = AbortSignal.abort("hello")
    assert signal.aborted
    with pytest.raises(DOMException) as info:
        signal.throw_if_aborted()
    assert info.value.reason == "hello"  # type: ignore[attr-defined]
    error = ValueError("boom")
    with pytest.raises(ValueError) as raised:
        AbortSignal.abort(error).throw_if_aborted()
    assert raised.value is error


def test_throw_if_aborted_should_throw_primitives_too() -> None:
    """event.any.js: throwIfAborted() should throw primitives too (wrapped: Python raises exceptions only)"""
    signal = AbortSignal.abort(42)
    with pytest.raises(DOMException) as info:
        signal.throw_if_aborted()
    assert info.value.name == "AbortError"
    assert info.value.reason == 42  # type: ignore[attr-defined]


def test_throw_if_aborted_should_not_throw_if_signal_not_aborted() -> None:
    """event.any.js: throwIfAborted() should not throw if signal not aborted"""
    signal = AbortController().signal
    signal.throw_if_aborted()  # does not raise
    assert not signal.aborted


def test_abort_signal_reason_is_set_before_abort_event_listeners_run() -> None:
    """event.any.js: signal.reason is set when the abort event fires"""
    controller = AbortController()
    seen: list[Any] = []
    controller.signal.add_event_listener("abort", lambda e: seen.append(e.target.reason))
    controller.abort("why")
    assert seen == ["why"]


# --- timeout.any.js -------------------------------------------------------------------------


async def test_signal_returned_by_abort_signal_timeout_is_not_aborted_before_its_time() -> None:
    """timeout.any.js: AbortSignal.timeout() returns a non-aborted signal"""
    signal = AbortSignal.timeout(2000)
    assert not signal.aborted
    assert signal.reason is None


async def test_abort_signal_timeout_zero_times_out_with_a_timeout_error() -> None:
    """timeout.any.js: Signal returned by AbortSignal.timeout() times out"""
    signal = AbortSignal.timeout(0)
    fired: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    signal.onabort = lambda e: fired.set_result(e.target)
    assert await asyncio.wait_for(fired, 2) is signal
    assert signal.aborted
    assert isinstance(signal.reason, DOMException)
    assert signal.reason.name == "TimeoutError"


# --- resources/abort-signal-any-tests.js (newest) --------------------------------------------


def test_dependent_signals_use_the_same_dom_exception_from_the_already_aborted_source() -> None:
    """abort-signal-any-tests.js: Dependent signals for AbortSignal.any() should use the same DOMException instance from the already aborted source signal (using AbortController)"""
    source = AbortSignal.abort()
    dependent = AbortSignal.any([source])
    assert isinstance(source.reason, DOMException)
    assert source.reason is dependent.reason


def test_dependent_signals_use_the_same_dom_exception_from_the_source_aborted_later() -> None:
    """abort-signal-any-tests.js: Dependent signals for AbortSignal.any() should use the same DOMException instance from the source signal being aborted later (using AbortController)"""
    controller = AbortController()
    source = controller.signal
    dependent = AbortSignal.any([source])
    controller.abort()
    assert isinstance(source.reason, DOMException)
    assert source.reason is dependent.reason


def test_abort_signal_any_accepts_any_iterable_of_signals() -> None:
    """AbortSignal.any.js: sequence<AbortSignal> takes any iterable (a generator here)"""
    controllers = [AbortController() for _ in range(3)]
    signal = AbortSignal.any(c.signal for c in controllers)
    controllers[2].abort("third")
    assert signal.reason == "third"


# --- hostile inputs -------------------------------------------------------------------------


def test_abort_signal_any_over_10000_signals_is_linear() -> None:
    """Hostile: AbortSignal.any() over 10,000 signals (and a dependent of it) stays fast."""
    controllers = [AbortController() for _ in range(10_000)]
    started = time.perf_counter()
    combined = AbortSignal.any([c.signal for c in controllers] * 2)
    nested = AbortSignal.any([combined, *[c.signal for c in controllers[:5000]]])
    elapsed = time.perf_counter() - started
    assert len(nested._source_signals) == 10_000  # deduplicated, dependents flattened
    controllers[9_999].abort("last")
    assert combined.reason == "last" and nested.reason == "last"
    assert elapsed < 2.0, f"AbortSignal.any took {elapsed:.2f}s for 10,000 signals"


def test_a_long_lived_source_does_not_accumulate_dead_dependents() -> None:
    """Hostile: many short-lived AbortSignal.any() results over one long-lived signal."""
    controller = AbortController()
    for _ in range(5000):
        AbortSignal.any([controller.signal])
    assert len(controller.signal._dependent_signals) < 200


@pytest.mark.parametrize(
    "ms",
    [2**53, 2**64, -1, -(2**63), float("nan"), float("inf"), float("-inf"), -1.5],
)
def test_abort_signal_timeout_enforce_range_rejects(ms: float) -> None:
    """Web IDL [EnforceRange] unsigned long long: NaN/±Infinity/out of 0..2**53-1 -> TypeError"""
    with pytest.raises(TypeError, match="milliseconds"):
        AbortSignal.timeout(ms)


@pytest.mark.parametrize("ms", [0, 0.9, -0.5, 2**53 - 1])
def test_abort_signal_timeout_enforce_range_accepts_after_truncation(ms: float) -> None:
    """Web IDL [EnforceRange]: the value is truncated first, so -0.5 -> 0 and 0.9 -> 0 are fine"""
    signal = AbortSignal.timeout(ms)
    if ms >= 1:
        assert not signal.aborted


def test_the_abort_event_should_have_the_right_properties_bubbles_and_is_trusted() -> None:
    """event.any.js: the abort event should have the right properties (bubbles false, isTrusted true)"""
    controller = AbortController()
    seen: list[Any] = []
    controller.signal.onabort = seen.append
    controller.abort()
    (event,) = seen
    assert event.type == "abort"
    assert event.target is controller.signal
    assert event.bubbles is False
    assert event.is_trusted is True


def test_an_event_from_dispatch_event_is_not_trusted() -> None:
    """DOM §2.9 dispatchEvent(): script-dispatched events have isTrusted false"""
    from webstd.abort import Event

    signal = AbortController().signal
    seen: list[Any] = []
    signal.add_event_listener("abort", seen.append)
    signal.dispatch_event(Event("abort"))
    assert seen[0].is_trusted is False
    assert not signal.aborted


def test_many_listeners_and_algorithms_add_and_remove_in_linear_time() -> None:
    """Hostile: 20,000 listeners/abort algorithms on one dependent of 1,000 signals, removed LIFO."""
    controllers = [AbortController() for _ in range(1000)]
    signal = AbortSignal.any([c.signal for c in controllers])
    callbacks = [(lambda e, i=i: None) for i in range(20_000)]
    algorithms = [(lambda i=i: None) for i in range(20_000)]
    started = time.perf_counter()
    for callback in callbacks:
        signal.add_event_listener("abort", callback)
    for algorithm in algorithms:
        signal._add_algorithm(algorithm)
    for callback in reversed(callbacks):
        signal.remove_event_listener("abort", callback)
    for algorithm in reversed(algorithms[1:]):
        signal._remove_algorithm(algorithm)
    elapsed = time.perf_counter() - started
    ran: list[int] = []
    signal.add_event_listener("abort", lambda e: ran.append(1))
    signal.add_event_listener("abort", lambda e: ran.append(2), once=True)
    controllers[500].abort()
    assert ran == [1, 2]
    assert elapsed < 3.0, f"{elapsed:.2f}s for 80,000 add/remove operations"


def test_duplicate_listeners_are_ignored_and_unhashable_listener_objects_work() -> None:
    """DOM §2.7 "add an event listener" step 4: same type/callback/capture is added once."""

    class Handler:
        __hash__ = None  # type: ignore[assignment]

        def __init__(self) -> None:
            self.calls = 0

        def handle_event(self, event: Any) -> None:
            self.calls += 1

    controller = AbortController()
    handler = Handler()
    calls: list[str] = []

    def callback(event: Any) -> None:
        calls.append("cb")

    for _ in range(3):
        controller.signal.add_event_listener("abort", callback)
        controller.signal.add_event_listener("abort", handler)
    controller.signal.add_event_listener("abort", callback, capture=True)
    controller.abort()
    assert calls == ["cb", "cb"]
    assert handler.calls == 1


# --- dom/events/AddEventListenerOptions-signal.any.js (the AbortSignal as the target) --------


def _target() -> Any:
    return AbortController().signal


def _fire(target: Any, type: str = "test") -> None:
    from webstd.abort import Event

    target.dispatch_event(Event(type))


def test_passing_an_abort_signal_to_add_event_listener_works() -> None:
    """AddEventListenerOptions-signal.any.js: Passing an AbortSignal to addEventListener works"""
    count = [0]
    et, controller = _target(), AbortController()
    et.add_event_listener(
        "test", lambda e: count.__setitem__(0, count[0] + 1), signal=controller.signal
    )
    _fire(et)
    assert count[0] == 1
    _fire(et)
    assert count[0] == 2
    controller.abort()
    _fire(et)
    assert count[0] == 2


def test_passing_an_abort_signal_to_add_event_listener_does_not_prevent_remove() -> None:
    """AddEventListenerOptions-signal.any.js: Passing an AbortSignal to addEventListener does not prevent removeEventListener"""
    count = [0]

    def handler(event: Any) -> None:
        count[0] += 1

    et, controller = _target(), AbortController()
    et.add_event_listener("test", handler, signal=controller.signal)
    _fire(et)
    et.remove_event_listener("test", handler)
    _fire(et)
    assert count[0] == 1
    controller.abort()
    _fire(et)
    assert count[0] == 1


def test_passing_an_already_aborted_signal_does_not_add_the_listener() -> None:
    """AddEventListenerOptions-signal.any.js: Passing an already-aborted AbortSignal to addEventListener does not add the event listener"""
    count = [0]
    et = _target()
    et.add_event_listener("test", lambda e: count.__setitem__(0, 1), signal=AbortSignal.abort())
    _fire(et)
    assert count[0] == 0


def test_removing_a_once_listener_works_with_a_passed_signal() -> None:
    """AddEventListenerOptions-signal.any.js: Removing a once listener works with a passed signal"""
    count = [0]

    def handler(event: Any) -> None:
        count[0] += 1

    et, controller = _target(), AbortController()
    et.add_event_listener("test", handler, once=True, signal=controller.signal)
    controller.abort()
    _fire(et)
    assert count[0] == 0
    et.add_event_listener("test", handler, once=True, signal=AbortController().signal)
    et.remove_event_listener("test", handler)
    _fire(et)
    assert count[0] == 0


def test_passing_an_abort_signal_to_multiple_listeners() -> None:
    """AddEventListenerOptions-signal.any.js: Passing an AbortSignal to multiple listeners"""
    count = [0]

    def handler(event: Any) -> None:
        count[0] += 1

    et, controller = _target(), AbortController()
    et.add_event_listener("first", handler, once=True, signal=controller.signal)
    et.add_event_listener("second", handler, once=True, signal=controller.signal)
    controller.abort()
    _fire(et, "first")
    _fire(et, "second")
    assert count[0] == 0


def test_passing_an_abort_signal_works_with_the_capture_flag() -> None:
    """AddEventListenerOptions-signal.any.js: Passing an AbortSignal to addEventListener works with the capture flag"""
    count = [0]
    et, controller = _target(), AbortController()
    et.add_event_listener(
        "test", lambda e: count.__setitem__(0, 1), capture=True, signal=controller.signal
    )
    controller.abort()
    _fire(et)
    assert count[0] == 0


def test_aborting_from_a_listener_does_not_call_future_listeners() -> None:
    """AddEventListenerOptions-signal.any.js: Aborting from a listener does not call future listeners"""
    count = [0]
    et, controller = _target(), AbortController()

    def first(event: Any) -> None:
        controller.abort()

    et.add_event_listener("test", first, signal=controller.signal)
    et.add_event_listener("test", lambda e: count.__setitem__(0, 1), signal=controller.signal)
    _fire(et)
    assert count[0] == 0


def test_adding_then_aborting_a_listener_during_dispatch() -> None:
    """AddEventListenerOptions-signal.any.js: Adding then aborting a listener in a listener does not call it"""
    count = [0]
    et, controller = _target(), AbortController()

    def second(event: Any) -> None:
        count[0] += 1

    def first(event: Any) -> None:
        et.add_event_listener("test", second, signal=controller.signal)
        controller.abort()

    et.add_event_listener("test", first)
    _fire(et)
    _fire(et)
    assert count[0] == 0
