"""WPT url/url-setters.any.js over setters_tests.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from webstd import URL

_DATA = Path(__file__).parent.parent / "wpt" / "setters_tests.json"
_CASES: list[tuple[str, dict[str, Any]]] = [
    (attribute, case)
    for attribute, cases in json.loads(_DATA.read_text("utf-8")).items()
    if attribute != "comment"
    for case in cases
]


def _id(attribute: str, case: dict[str, Any]) -> str:
    name = f"URL: Setting <{case['href']}>.{attribute} = '{case['new_value']}'"
    return name + (" " + case["comment"] if "comment" in case else "")


@pytest.mark.parametrize(("attribute", "case"), _CASES, ids=[_id(a, c) for a, c in _CASES])
def test_url_setters(attribute: str, case: dict[str, Any]) -> None:
    """url-setters.any.js: set one attribute, check the expected attributes."""
    url = URL(case["href"])
    setattr(url, attribute.replace("searchParams", "search_params"), case["new_value"])
    for name, expected in case["expected"].items():
        assert getattr(url, name) == expected, name
