"""The `served` fixture: the test app under every way of serving it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from serving_servers import SERVER_NAMES, RunningServer


@pytest.fixture(scope="module", params=["direct", *SERVER_NAMES])
def served(request: pytest.FixtureRequest) -> Iterator[RunningServer | None]:
    """None for a direct `await handler(request)`, else a running server."""
    if request.param == "direct":
        yield None
        return
    server = RunningServer(request.param)
    yield server
    server.stop()
