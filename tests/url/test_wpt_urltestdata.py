"""WPT url/url-constructor.any.js, url-origin.any.js, url-statics-*.any.js over urltestdata.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _url_components import URL_COMPONENTS

from webstd import URL

_DATA = Path(__file__).parent.parent / "wpt" / "urltestdata.json"
_CASES: list[dict[str, Any]] = [
    case for case in json.loads(_DATA.read_text("utf-8")) if isinstance(case, dict)
]


def _id(case: dict[str, Any]) -> str:
    return f"Parsing: <{case['input']}> " + (
        "without base" if case.get("base") is None else f"against <{case['base']}>"
    )


@pytest.mark.parametrize("case", _CASES, ids=[_id(case) for case in _CASES])
def test_url_constructor(case: dict[str, Any]) -> None:
    """url-constructor.any.js: every component, or TypeError for a failure."""
    if case.get("failure"):
        with pytest.raises(TypeError):
            URL(case["input"], case.get("base"))
        return
    url = URL(case["input"], case.get("base"))
    for component in URL_COMPONENTS:
        assert getattr(url, component) == case[component], component
    if "origin" in case:
        assert url.origin == case["origin"]
    if "searchParams" in case:
        assert str(url.search_params) == case["searchParams"]


@pytest.mark.parametrize("case", _CASES, ids=[_id(case) for case in _CASES])
def test_url_statics(case: dict[str, Any]) -> None:
    """url-statics-parse.any.js and url-statics-canparse.any.js."""
    failure = bool(case.get("failure"))
    assert URL.can_parse(case["input"], case.get("base")) is not failure
    parsed = URL.parse(case["input"], case.get("base"))
    if failure:
        assert parsed is None
    else:
        assert parsed is not None
        assert parsed.href == case["href"]


def test_failure_with_base_also_fails_relative_to_any_base() -> None:
    """url-constructor.any.js: a failure without base also fails against about:blank."""
    for case in _CASES:
        if case.get("failure") and case.get("base") is None and case.get("relativeTo") is None:
            with pytest.raises(TypeError):
                URL(case["input"], "about:blank")


# url/resources/urltestdata-javascript-only.json (read by url-constructor.any.js too): a
# USVString input, whose lone surrogates become U+FFFD and whose pairs join.
_SURROGATES = "\ud800\ud801\udffe\udfff\ufdd0\ufdcf\ufdef\ufdf0\ufffe\uffff"
_SURROGATES_ENCODED = (
    "%EF%BF%BD%F0%90%9F%BE%EF%BF%BD%EF%B7%90%EF%B7%8F%EF%B7%AF%EF%B7%B0%EF%BF%BE%EF%BF%BF"
)


def test_url_constructor_javascript_only_surrogates() -> None:
    """url-constructor.any.js over urltestdata-javascript-only.json."""
    url = URL(f"http://example.com/{_SURROGATES}?{_SURROGATES}")
    assert url.href == f"http://example.com/{_SURROGATES_ENCODED}?{_SURROGATES_ENCODED}"
    assert url.pathname == f"/{_SURROGATES_ENCODED}"
    assert url.search == f"?{_SURROGATES_ENCODED}"
    assert url.host == "example.com"
    assert URL.can_parse(f"http://example.com/{_SURROGATES}")
