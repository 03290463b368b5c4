"""DOM §3 AbortController/AbortSignal and Web IDL DOMException: behaviour beyond the WPT ports."""

from __future__ import annotations

import asyncio
import gc
import pickle
import time
from typing import Any

import pytest

from webstd import AbortController, AbortSignal, DOMException
from webstd.abort import Event


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("IndexSizeError", 1),
        ("HierarchyRequestError", 3),
        ("InvalidStateError", 11),
        ("SyntaxError", 12),
        ("NetworkError", 19),
        ("AbortError", 20),
        ("QuotaExceededError", 22),
        ("TimeoutError", 23),
        ("DataCloneError", 25),
        ("NotReadableError", 0),
        ("EncodingError", 0),
        ("Error", 0),
        ("DOMStringSizeError", 0),
    ],
)
def test_dom_exception_code_follows_the_names_table(name: str, code: int) -> None:
    assert DOMException("m", name).code == code


def test_dom_exception_defaults_and_fields() -> None:
    error = DOMException()
    assert (error.message, error.name, error.code) == ("", "Error", 0)
    error = DOMException("went away", "AbortError")
    assert isinstance(error, Exception)
    assert error.message == "went away"
    assert error.name == "AbortError"
    assert DOMException.ABORT_ERR == 20 and DOMException.TIMEOUT_ERR == 23
    assert "AbortError" in str(error) and "went away" in str(error)


def test_dom_exception_rejects_non_str_arguments() -> None:
    with pytest.raises(TypeError, match="name"):
        DOMException("x", 5)  # type: ignore[arg-type]


def test_dom_exception_pickles() -> None:
    error = pickle.loads(pickle.dumps(DOMException("gone", "AbortError")))
    assert (error.message, error.name) == ("gone", "AbortError")


def test_abort_without_reason_gives_an_abort_error() -> None:
    controller = AbortController()
    controller.abort()
    reason = controller.signal.reason
    assert isinstance(reason, DOMException)
    assert reason.name == "AbortError"
    assert reason.code == 20


def test_abort_keeps_the_given_reason_object() -> None:
    reason = ValueError("custom")
    controller = AbortController()
    controller.abort(reason)
    assert controller.signal.reason is reason


def test_throw_if_aborted_raises_the_reason() -> None:
    controller = AbortController()
    controller.signal.throw_if_aborted()
    controller.abort(KeyError("k"))
    with pytest.raises(KeyError):
        controller.signal.throw_if_aborted()


def test_throw_if_aborted_wraps_a_non_exception_reason() -> None:
    signal = AbortSignal.abort("just a string")
    with pytest.raises(DOMException) as info:
        signal.throw_if_aborted()
    assert info.value.name == "AbortError"
    assert info.value.reason == "just a string"  # type: ignore[attr-defined]


def test_abort_algorithms_run_before_abort_events() -> None:
    controller = AbortController()
    order: list[str] = []
    controller.signal.add_event_listener("abort", lambda e: order.append("event"))
    controller.signal._add_algorithm(lambda: order.append("algorithm"))
    controller.abort()
    assert order == ["algorithm", "event"]


def test_removed_abort_algorithm_does_not_run() -> None:
    controller = AbortController()
    ran: list[int] = []

    def algorithm() -> None:
        ran.append(1)

    controller.signal._add_algorithm(algorithm)
    controller.signal._remove_algorithm(algorithm)
    controller.abort()
    assert ran == []


def test_add_algorithm_on_an_aborted_signal_is_a_no_op() -> None:
    ran: list[int] = []
    AbortSignal.abort()._add_algorithm(lambda: ran.append(1))
    assert ran == []


def test_once_listener_runs_once_and_duplicates_are_ignored() -> None:
    controller = AbortController()
    calls: list[Event] = []
    controller.signal.add_event_listener("abort", calls.append, once=True)
    controller.signal.add_event_listener("abort", calls.append, once=True)
    controller.signal.dispatch_event(Event("abort"))
    controller.signal.dispatch_event(Event("abort"))
    assert len(calls) == 1


def test_remove_event_listener_stops_calls() -> None:
    controller = AbortController()
    calls: list[Event] = []
    controller.signal.add_event_listener("abort", calls.append)
    controller.signal.remove_event_listener("abort", calls.append)
    controller.abort()
    assert calls == []


def test_listener_removed_during_dispatch_is_not_called() -> None:
    controller = AbortController()
    calls: list[str] = []

    def second(e: Event) -> None:
        calls.append("second")

    def first(e: Event) -> None:
        calls.append("first")
        controller.signal.remove_event_listener("abort", second)

    controller.signal.add_event_listener("abort", first)
    controller.signal.add_event_listener("abort", second)
    controller.abort()
    assert calls == ["first"]


def test_listener_object_with_handle_event_is_called() -> None:
    class Listener:
        def __init__(self) -> None:
            self.events: list[Event] = []

        def handle_event(self, event: Event) -> None:
            self.events.append(event)

    listener = Listener()
    controller = AbortController()
    controller.signal.add_event_listener("abort", listener)
    controller.abort()
    assert [e.type for e in listener.events] == ["abort"]


def test_add_event_listener_signal_option_removes_the_listener() -> None:
    controller = AbortController()
    remover = AbortController()
    calls: list[Event] = []
    controller.signal.add_event_listener("abort", calls.append, signal=remover.signal)
    remover.abort()
    controller.abort()
    assert calls == []


def test_a_raising_listener_does_not_stop_the_others(capsys: pytest.CaptureFixture[str]) -> None:
    controller = AbortController()
    calls: list[str] = []

    def bad(e: Event) -> None:
        raise RuntimeError("boom in listener")

    controller.signal.add_event_listener("abort", bad)
    controller.signal.add_event_listener("abort", lambda e: calls.append("ok"))
    controller.abort()
    assert calls == ["ok"]
    assert "boom in listener" in capsys.readouterr().err


def test_onabort_keeps_its_position_when_replaced() -> None:
    controller = AbortController()
    order: list[str] = []
    controller.signal.onabort = lambda e: order.append("old handler")
    controller.signal.add_event_listener("abort", lambda e: order.append("listener"))
    controller.signal.onabort = lambda e: order.append("new handler")
    controller.abort()
    assert order == ["new handler", "listener"]


def test_onabort_set_to_none_removes_the_handler() -> None:
    controller = AbortController()
    calls: list[Event] = []
    controller.signal.onabort = calls.append
    controller.signal.onabort = None
    assert controller.signal.onabort is None
    controller.abort()
    assert calls == []


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "10", None, 2**53])
def test_timeout_rejects_values_outside_unsigned_long_long(bad: Any) -> None:
    with pytest.raises(TypeError, match="milliseconds"):
        AbortSignal.timeout(bad)


def test_timeout_works_without_a_running_loop() -> None:
    signal = AbortSignal.timeout(10)
    assert not signal.aborted
    time.sleep(0.03)
    assert signal.aborted
    assert signal.reason.name == "TimeoutError"
    with pytest.raises(DOMException, match="TimeoutError"):
        signal.throw_if_aborted()


def test_timeout_created_outside_a_loop_fires_inside_one() -> None:
    signal = AbortSignal.timeout(20)

    async def wait_for_abort() -> str:
        fired = asyncio.get_running_loop().create_future()
        signal.add_event_listener("abort", lambda e: fired.set_result(e.type))
        return await asyncio.wait_for(fired, 2)

    assert asyncio.run(wait_for_abort()) == "abort"


def test_any_of_a_timeout_outside_a_loop_sees_the_deadline() -> None:
    combined = AbortSignal.any([AbortSignal.timeout(5)])
    time.sleep(0.02)
    assert combined.aborted
    assert combined.reason.name == "TimeoutError"


async def test_aborting_cancels_the_timeout_timer() -> None:
    signal = AbortSignal.timeout(10)
    dependent = AbortSignal.any([signal])
    calls: list[Event] = []
    dependent.add_event_listener("abort", calls.append)
    signal._signal_abort("early")
    await asyncio.sleep(0.03)
    assert len(calls) == 1
    assert dependent.reason == "early"


def test_any_rejects_non_signals() -> None:
    with pytest.raises(TypeError, match=r"signals\[1\]"):
        AbortSignal.any([AbortController().signal, "nope"])  # type: ignore[list-item]


def test_dependent_signals_are_held_weakly() -> None:
    controller = AbortController()
    AbortSignal.any([controller.signal])
    gc.collect()
    assert all(ref() is None for ref in controller.signal._dependent_signals)
    controller.abort()  # a collected dependent must not break abort
    assert controller.signal.aborted


def test_event_listener_callbacks_receive_type_and_target() -> None:
    controller = AbortController()
    seen: list[tuple[str, Any]] = []
    controller.signal.add_event_listener("abort", lambda e: seen.append((e.type, e.target)))
    controller.abort()
    assert seen == [("abort", controller.signal)]


def test_listeners_for_other_event_types_are_not_called() -> None:
    controller = AbortController()
    calls: list[Event] = []
    controller.signal.add_event_listener("other", calls.append)
    controller.abort()
    assert calls == []


def test_a_listened_to_dependent_signal_stays_alive_without_other_references() -> None:
    controller = AbortController()
    calls: list[str] = []
    AbortSignal.any([controller.signal]).add_event_listener("abort", lambda e: calls.append(e.type))
    gc.collect()
    controller.abort()
    assert calls == ["abort"]
    assert controller.signal._pinned_dependents == set()


def test_a_raising_abort_algorithm_does_not_stop_the_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    controller = AbortController()
    ran: list[str] = []

    def bad() -> None:
        raise RuntimeError("boom in algorithm")

    controller.signal._add_algorithm(bad)
    controller.signal._add_algorithm(lambda: ran.append("second"))
    controller.signal.add_event_listener("abort", lambda e: ran.append("event"))
    controller.abort()
    assert ran == ["second", "event"]
    assert "boom in algorithm" in capsys.readouterr().err
