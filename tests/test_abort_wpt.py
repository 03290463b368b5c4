"""WPT dom/abort/ ported: event.any.js, AbortSignal.any.js, resources/abort-signal-any-tests.js.

Each test's name follows the WPT title; the docstring gives the file.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from webstd import AbortController, AbortSignal, DOMException

# --- event.any.js ---------------------------------------------------------------------------


def test_abort_controller_abort_should_fire_event_synchronously() -> None:
    """event.any.js: AbortController abort() should fire event synchronously"""
    c = AbortController()
    s = c.signal
    state = ["begin"]
    assert not s.aborted

    def listener(e: Any) -> None:
        assert state[0] == "begin"
        state[0] = "aborted"

    s.add_event_listener("abort", listener)
    c.abort()
    assert state[0] == "aborted"
    assert s.aborted
    c.abort()


def test_controller_signal_should_always_return_the_same_object() -> None:
    """event.any.js: controller.signal should always return the same object"""
    controller = AbortController()
    signal = controller.signal
    assert controller.signal is signal
    controller.abort()
    assert controller.signal is signal


def test_controller_abort_should_do_nothing_the_second_time_it_is_called() -> None:
    """event.any.js: controller.abort() should do nothing the second time it is called"""
    controller = AbortController()
    signal = controller.signal
    count = [0]

    def handler(e: Any) -> None:
        count[0] += 1

    signal.onabort = handler
    controller.abort()
    assert signal.aborted
    assert count[0] == 1
    controller.abort()
    assert signal.aborted
    assert count[0] == 1


def test_event_handler_should_not_be_called_if_added_after_controller_abort() -> None:
    """event.any.js: event handler should not be called if added after controller.abort()"""
    controller = AbortController()
    controller.abort()
    called = []
    controller.signal.onabort = called.append
    assert called == []


def test_the_abort_event_should_have_the_right_properties() -> None:
    """event.any.js: the abort event should have the right properties"""
    controller = AbortController()
    signal = controller.signal
    seen: list[Any] = []
    signal.onabort = seen.append
    controller.abort()
    (event,) = seen
    assert event.type == "abort"
    assert event.target is signal
    assert event.is_trusted


def test_the_abort_signal_abort_static_returns_an_already_aborted_signal() -> None:
    """event.any.js / AbortSignal.any.js: the AbortSignal.abort() static returns an already aborted signal"""
    signal = AbortSignal.abort()
    assert isinstance(signal, AbortSignal)
    assert signal.aborted


def test_abort_signal_should_perform_brand_checks() -> None:
    """event.any.js: AbortSignal should perform brand checks (here: no public constructor)"""
    with pytest.raises(TypeError):
        AbortSignal()


# --- AbortSignal.any.js ---------------------------------------------------------------------


async def test_signal_returned_by_abort_signal_abort_should_not_fire_abort_event() -> None:
    """AbortSignal.any.js: signal returned by AbortSignal.abort() should not fire abort event"""
    s = AbortSignal.abort()
    called: list[Any] = []
    s.add_event_listener("abort", called.append)
    s.onabort = called.append
    await asyncio.sleep(0.01)
    assert called == []


async def test_abort_signal_timeout_returns_a_non_aborted_signal() -> None:
    """AbortSignal.any.js: AbortSignal.timeout() returns a non-aborted signal"""
    signal = AbortSignal.timeout(0)
    assert isinstance(signal, AbortSignal)
    assert not signal.aborted


async def test_signal_returned_by_abort_signal_timeout_times_out() -> None:
    """AbortSignal.any.js: Signal returned by AbortSignal.timeout() times out"""
    signal = AbortSignal.timeout(5)
    fired = asyncio.get_running_loop().create_future()
    signal.onabort = lambda e: fired.set_result(None)
    await asyncio.wait_for(fired, 2)
    assert signal.aborted
    assert isinstance(signal.reason, DOMException)
    assert signal.reason.name == "TimeoutError"


async def test_abort_signal_timeouts_fire_in_order() -> None:
    """AbortSignal.any.js: AbortSignal timeouts fire in order"""
    result: list[str] = []
    signals = []
    for value in ["1", "2", "3"]:
        signal = AbortSignal.timeout(5)
        signal.onabort = lambda e, value=value: result.append(value)
        signals.append(signal)
    last = AbortSignal.timeout(5)
    done = asyncio.get_running_loop().create_future()
    last.onabort = lambda e: done.set_result("".join(result))
    assert await asyncio.wait_for(done, 2) == "123"


# --- resources/abort-signal-any-tests.js ----------------------------------------------------


def test_abort_signal_any_works_with_an_empty_array_of_signals() -> None:
    """abort-signal-any-tests.js: AbortSignal.any() works with an empty array of signals"""
    assert not AbortSignal.any([]).aborted


def test_abort_signal_any_follows_a_single_signal() -> None:
    """abort-signal-any-tests.js: AbortSignal.any() follows a single signal (using AbortController)"""
    controller = AbortController()
    signal = controller.signal
    clone = AbortSignal.any([signal])
    assert not clone.aborted
    assert clone.reason is None
    assert clone is not signal
    fired: list[Any] = []
    clone.onabort = lambda e: fired.append(e.target)
    controller.abort("reason string")
    assert signal.aborted
    assert clone.aborted
    assert fired == [clone]
    assert clone.reason == "reason string"


@pytest.mark.parametrize("i", range(3))
def test_abort_signal_any_follows_multiple_signals(i: int) -> None:
    """abort-signal-any-tests.js: AbortSignal.any() follows multiple signals (using AbortController)"""
    controllers = [AbortController() for _ in range(3)]
    combined = AbortSignal.any([c.signal for c in controllers])
    fired: list[Any] = []
    combined.onabort = lambda e: fired.append(e.target)
    controllers[i].abort()
    assert fired == [combined]
    assert combined.aborted
    assert isinstance(combined.reason, DOMException)
    assert combined.reason.name == "AbortError"


def test_abort_signal_any_returns_an_aborted_signal_if_passed_an_aborted_signal() -> None:
    """abort-signal-any-tests.js: AbortSignal.any() returns an aborted signal if passed an aborted signal"""
    controllers = [AbortController() for _ in range(3)]
    controllers[1].abort("reason 1")
    controllers[2].abort("reason 2")
    signal = AbortSignal.any([c.signal for c in controllers])
    assert signal.aborted
    assert signal.reason == "reason 1"


def test_abort_signal_any_can_be_passed_the_same_signal_more_than_once() -> None:
    """abort-signal-any-tests.js: AbortSignal.any() can be passed the same signal more than once"""
    controller = AbortController()
    signal = AbortSignal.any([controller.signal, controller.signal])
    assert not signal.aborted
    controller.abort("reason")
    assert signal.aborted
    assert signal.reason == "reason"


def test_abort_signal_any_uses_the_first_instance_of_a_duplicate_signal() -> None:
    """abort-signal-any-tests.js: AbortSignal.any() uses the first instance of a duplicate signal"""
    controller1 = AbortController()
    controller1.abort("reason 1")
    controller2 = AbortController()
    controller2.abort("reason 2")
    signal = AbortSignal.any([controller1.signal, controller2.signal, controller1.signal])
    assert signal.aborted
    assert signal.reason == "reason 1"


@pytest.mark.parametrize("i", range(3))
def test_abort_signal_any_signals_are_composable(i: int) -> None:
    """abort-signal-any-tests.js: AbortSignal.any() signals are composable"""
    controllers = [AbortController() for _ in range(3)]
    combined1 = AbortSignal.any([controllers[0].signal, controllers[1].signal])
    combined2 = AbortSignal.any([combined1, controllers[2].signal])
    fired: list[Any] = []
    combined2.onabort = fired.append
    controllers[i].abort()
    assert len(fired) == 1
    assert combined2.aborted
    assert isinstance(combined2.reason, DOMException)
    assert combined2.reason.name == "AbortError"


async def test_abort_signal_any_works_with_signals_returned_by_abort_signal_timeout() -> None:
    """abort-signal-any-tests.js: AbortSignal.any() works with signals returned by AbortSignal.timeout()"""
    controller = AbortController()
    timeout_signal = AbortSignal.timeout(5)
    combined = AbortSignal.any([controller.signal, timeout_signal])
    done = asyncio.get_running_loop().create_future()
    combined.onabort = lambda e: done.set_result(None)
    await asyncio.wait_for(done, 2)
    assert combined.aborted
    assert isinstance(combined.reason, DOMException)
    assert combined.reason.name == "TimeoutError"


def test_abort_signal_any_works_with_intermediate_signals() -> None:
    """abort-signal-any-tests.js: AbortSignal.any() works with intermediate signals"""
    controller = AbortController()
    combined = AbortSignal.any([controller.signal])
    combined = AbortSignal.any([combined])
    combined = AbortSignal.any([combined])
    combined = AbortSignal.any([combined])
    fired: list[Any] = []
    combined.onabort = fired.append
    assert not fired
    assert not combined.aborted
    controller.abort("the reason")
    assert len(fired) == 1
    assert combined.aborted
    assert combined.reason == "the reason"


def test_abort_events_for_abort_signal_any_signals_fire_in_the_right_order() -> None:
    """abort-signal-any-tests.js: Abort events for AbortSignal.any() signals fire in the right order"""
    controller = AbortController()
    signals = [controller.signal]
    signals.append(AbortSignal.any([controller.signal]))
    signals.append(AbortSignal.any([controller.signal]))
    signals.append(AbortSignal.any([signals[0]]))
    signals.append(AbortSignal.any([signals[1]]))
    result: list[str] = []
    for i, signal in enumerate(signals):
        signal.add_event_listener("abort", lambda e, i=i: result.append(str(i)))
    controller.abort()
    assert "".join(result) == "01234"


def test_dependent_signals_for_abort_signal_any_are_marked_aborted_before_abort_events_fire() -> (
    None
):
    """abort-signal-any-tests.js: Dependent signals for AbortSignal.any() are marked aborted before abort events fire"""
    controller = AbortController()
    signal1 = AbortSignal.any([controller.signal])
    signal2 = AbortSignal.any([signal1])
    seen: list[bool] = []

    def listener(e: Any) -> None:
        seen.extend([signal1.aborted, signal2.aborted])

    controller.signal.add_event_listener("abort", listener)
    controller.abort()
    assert seen == [True, True]


def test_dependent_signals_for_abort_signal_any_are_aborted_correctly_for_reentrant_aborts() -> (
    None
):
    """abort-signal-any-tests.js: Dependent signals for AbortSignal.any() are aborted correctly for reentrant aborts"""
    source = AbortController()
    dependent = AbortSignal.any([source.signal])
    count = [0]

    def listener(e: Any) -> None:
        count[0] += 1
        source.abort("second")

    source.signal.add_event_listener("abort", listener)
    dependent.add_event_listener("abort", listener)
    source.abort("first")
    assert count[0] == 2
    assert source.signal.reason == "first"
    assert dependent.reason == "first"


def test_dependent_signals_for_abort_signal_any_should_use_the_same_default_reason() -> None:
    """abort-signal-any-tests.js: Dependent signals for AbortSignal.any() should use the same DOMException instance from the already aborted source signal"""
    source = AbortSignal.abort()
    dependent = AbortSignal.any([source])
    assert source.reason is dependent.reason
    controller = AbortController()
    dependent2 = AbortSignal.any([controller.signal])
    controller.abort()
    assert controller.signal.reason is dependent2.reason
