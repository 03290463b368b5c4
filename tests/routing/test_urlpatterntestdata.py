"""WPT urlpattern/resources/urlpatterntests.js over urlpatterntestdata.json, ported.

The harness maps the JavaScript calls to the Python API: `baseURL` keys become
`base_url`, a trailing `{"ignoreCase": ...}` options dict becomes the `ignore_case`
keyword, `undefined` groups (null in the JSON) are None.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from webstd import URLPattern

DATA = json.loads(
    (Path(__file__).parent.parent / "wpt" / "urlpatterntestdata.json").read_text("utf-8")
)

COMPONENTS = ["protocol", "username", "password", "hostname", "port", "pathname", "search", "hash"]
EARLIER_COMPONENTS = {
    "protocol": [],
    "hostname": ["protocol"],
    "port": ["protocol", "hostname"],
    "username": [],
    "password": [],
    "pathname": ["protocol", "hostname", "port"],
    "search": ["protocol", "hostname", "port", "pathname"],
    "hash": ["protocol", "hostname", "port", "pathname", "search"],
}


def _to_python(value: Any) -> Any:
    if isinstance(value, dict):
        return {("base_url" if k == "baseURL" else k): v for k, v in value.items()}
    return value


def _call_args(args: list[Any]) -> tuple[list[Any], dict[str, Any]]:
    """JS arguments -> Python positional args and keywords."""
    positional = [_to_python(a) for a in args]
    keywords: dict[str, Any] = {}
    if positional and isinstance(args[-1], dict) and "ignoreCase" in args[-1]:
        keywords["ignore_case"] = positional.pop()["ignoreCase"]
    return positional, keywords


def _url_getter(url: Any, component: str) -> str:
    """The URL getter values that the WPT harness reads from `new URL(baseURL)`."""
    from webstd.url.parser import basic_url_parse, serialize_path

    record = basic_url_parse(url)
    assert record is not None
    return {
        "protocol": record.scheme,
        "hostname": record.host or "",
        "port": "" if record.port is None else str(record.port),
        "pathname": serialize_path(record),
        "search": record.query or "",
        "hash": record.fragment or "",
    }[component]


def _expected_component(entry: dict[str, Any], component: str) -> str:
    expected_obj = entry.get("expected_obj") or {}
    if component in expected_obj:
        return str(expected_obj[component])
    pattern = entry["pattern"]
    base_url = None
    if pattern and isinstance(pattern[0], dict) and pattern[0].get("baseURL"):
        base_url = pattern[0]["baseURL"]
    elif len(pattern) > 1 and isinstance(pattern[1], str):
        base_url = pattern[1]
    if component in entry.get("exactly_empty_components", []):
        return ""
    if pattern and isinstance(pattern[0], dict) and pattern[0].get(component):
        return str(pattern[0][component])
    if (
        pattern
        and isinstance(pattern[0], dict)
        and any(c in pattern[0] for c in EARLIER_COMPONENTS[component])
    ):
        return "*"
    if base_url and component not in ("username", "password"):
        return _url_getter(base_url, component)
    return "*"


def _title(entry: dict[str, Any]) -> str:
    return f"Pattern: {json.dumps(entry['pattern'])} Inputs: {json.dumps(entry.get('inputs'))}"


@pytest.mark.parametrize("entry", DATA, ids=[_title(e) for e in DATA])
def test_urlpatterntestdata(entry: dict[str, Any]) -> None:
    args, keywords = _call_args(entry["pattern"])
    if entry.get("expected_obj") == "error":
        with pytest.raises(TypeError):
            URLPattern(*args, **keywords)
        return
    pattern = URLPattern(*args, **keywords)
    for component in COMPONENTS:
        assert getattr(pattern, component) == _expected_component(entry, component), component

    inputs, input_keywords = _call_args(entry.get("inputs", []))
    assert not input_keywords
    if entry.get("expected_match") == "error":
        with pytest.raises(TypeError):
            pattern.test(*inputs)
        with pytest.raises(TypeError):
            pattern.exec(*inputs)
        return
    expected_match = entry.get("expected_match")
    assert pattern.test(*inputs) is (expected_match not in (None, False))
    result = pattern.exec(*inputs)
    if not isinstance(expected_match, dict):
        assert result is expected_match
        return
    assert result is not None
    expected_inputs = [_to_python(i) for i in expected_match.get("inputs", entry["inputs"])]
    assert len(result.inputs) == len(expected_inputs)
    for actual_input, expected_input in zip(result.inputs, expected_inputs, strict=True):
        if isinstance(actual_input, str):
            assert actual_input == expected_input
        else:
            for component in COMPONENTS:
                assert actual_input.get(component) == expected_input.get(component)
    for component in COMPONENTS:
        expected = expected_match.get(component)
        if not expected:
            expected = {"input": "", "groups": {}}
            if component not in entry.get("exactly_empty_components", []):
                expected["groups"]["0"] = ""
        actual = getattr(result, component)
        assert {"input": actual.input, "groups": actual.groups} == expected, component
