"""Servers for the fetch() tests: real processes on 127.0.0.1, ephemeral ports, stopped by PID."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from fetch_servers import Server, start_server

from webstd.fetch.pool import get_pool


@pytest.fixture(scope="session")
def uvicorn_server() -> Iterator[Server]:
    server = start_server("uvicorn")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def other_origin() -> Iterator[Server]:
    """A second uvicorn server: a different port, so a different origin."""
    server = start_server("uvicorn")
    yield server
    server.stop()


@pytest.fixture
def fresh_server() -> Iterator[Server]:
    """A uvicorn server of this test alone (for counting its connections)."""
    server = start_server("uvicorn")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
async def _close_pool() -> AsyncIterator[None]:
    """Each test's event loop gets its own pool; close its connections at the end."""
    yield
    get_pool().close()
    await asyncio.sleep(0)


@pytest.fixture(scope="session")
def raw_server() -> Iterator[Server]:
    """A server that answers with broken HTTP (or never), by path."""
    server = start_server("raw")
    yield server
    server.stop()
