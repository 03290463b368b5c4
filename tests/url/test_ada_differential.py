"""Differential test against ada-url (a conformant C++ WHATWG URL parser)."""

from __future__ import annotations

import pytest
from hypothesis import example, given

from webstd import URL

from _url_strategies import relative_strings, url_strings

ada_url = pytest.importorskip("ada_url")

_COMPONENTS = ("href", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash")


def _ada(input: str, base: str | None = None) -> dict[str, str] | None:
    try:
        url = ada_url.URL(input, base) if base is not None else ada_url.URL(input)
    except ValueError:
        return None
    return {name: getattr(url, name) for name in _COMPONENTS}


def _webstd(input: str, base: str | None = None) -> dict[str, str] | None:
    url = URL.parse(input, base)
    if url is None:
        return None
    return {name: getattr(url, name) for name in _COMPONENTS}


@given(url_strings())
@example("http://example.com/a/../b?c#d")
@example("HTTP://EXAMPLE.COM:80/%7e\t\n")
@example("file:///C|/x")
@example("https://[::ffff:1.2.3.4]:443/")
def test_agrees_with_ada_on_absolute_urls(input: str) -> None:
    """webstd and ada agree on every component of an absolute URL, or both fail."""
    assert _webstd(input) == _ada(input)


@given(relative_strings(), url_strings())
@example("..", "http://a/b/c")
@example("\\\\x\\y", "file:///C:/z")
def test_agrees_with_ada_on_relative_urls(input: str, base: str) -> None:
    """webstd and ada agree on a reference resolved against a base, or both fail."""
    assert _webstd(input, base) == _ada(input, base)
