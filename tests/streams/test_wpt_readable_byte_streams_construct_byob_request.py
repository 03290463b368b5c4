"""WPT streams/readable-byte-streams/construct-byob-request.any.js, ported."""

from __future__ import annotations

from typing import Any

import pytest

from webstd.streams import ReadableStream


def _real_controller() -> Any:
    holder: dict[str, Any] = {}
    ReadableStream({"type": "bytes", "start": lambda c: holder.__setitem__("c", c)})
    return holder["c"]


def _dummy(kind: str, cls: type, real: Any) -> Any:
    if kind == "undefined" or kind == "null":
        return None
    if kind == "fake":
        return cls.__new__(cls) if cls is not bytearray else bytearray()
    return real()


async def _byob_request_class() -> type:
    holder: dict[str, Any] = {}

    def pull(controller: Any) -> None:
        request = controller.byob_request
        holder["cls"] = type(request)
        request.respond(4)

    rs = ReadableStream({"type": "bytes", "pull": pull})
    await rs.get_reader("byob").read(bytearray(8))
    return holder["cls"]  # type: ignore[no-any-return]


KINDS = ["undefined", "null", "fake", "real"]


@pytest.mark.parametrize("view_type", KINDS)
@pytest.mark.parametrize("controller_type", KINDS)
async def test_readablestreambyobrequest_constructor_should_throw_when_passed_a_readablebytestreamcontroller_and_a_view(
    controller_type: str, view_type: str
) -> None:
    request_class = await _byob_request_class()
    controller_class = type(_real_controller())
    controller = _dummy(controller_type, controller_class, _real_controller)
    view = _dummy(view_type, bytearray, lambda: bytearray(16))
    with pytest.raises(TypeError):
        request_class(controller, view)
