"""The URL class's string attributes, shared by the URL tests that compare them all."""

from __future__ import annotations

from typing import Any

# URL §6.1 the URL class: href and its nine component getters, each also a setter,
# in the order WPT url-constructor.any.js checks them.
URL_COMPONENTS = (
    "href",
    "protocol",
    "username",
    "password",
    "host",
    "hostname",
    "port",
    "pathname",
    "search",
    "hash",
)

# The setters that never throw (href throws TypeError for a value that does not parse).
URL_COMPONENT_SETTERS = URL_COMPONENTS[1:]


def url_components(url: Any) -> dict[str, str]:
    """Every string attribute of `url` (a webstd URL, or any object with the same names)."""
    return {name: getattr(url, name) for name in URL_COMPONENTS}
