"""WPT url/toascii.any.js over toascii.json and url/IdnaTestV2.any.js over IdnaTestV2.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from webstd import URL

_WPT = Path(__file__).parent.parent / "wpt"
_TOASCII = [
    case
    for case in json.loads((_WPT / "toascii.json").read_text("utf-8"))
    if isinstance(case, dict)
]
_IDNA = [
    case
    for case in json.loads((_WPT / "IdnaTestV2.json").read_text("utf-8"))
    if isinstance(case, dict) and case["input"] != ""
]


def _make_url(host: str) -> URL:
    return URL(f"https://{host}/x")


def _encode_host_ending_code_points(input: str) -> str:
    # IdnaTestV2.any.js encodeHostEndingCodePoints(): encodeURIComponent() of : / ? # \
    # so that they reach the host parser instead of ending the host.
    return "".join(f"%{ord(c):02X}" if c in ":/?#\\" else c for c in input)


def _assert_url_with_host(case: dict[str, Any], encode: bool = False) -> None:
    # new URL(`https://${input}/x`): TypeError where output is null, else host is output.
    host = _encode_host_ending_code_points(case["input"]) if encode else case["input"]
    if case["output"] is None:
        with pytest.raises(TypeError):
            _make_url(host)
        return
    url = _make_url(host)
    assert url.host == case["output"]
    assert url.hostname == case["output"]
    assert url.pathname == "/x"
    assert url.href == f"https://{case['output']}/x"


@pytest.mark.parametrize("case", _TOASCII, ids=[f"{c['input']} (using URL)" for c in _TOASCII])
def test_toascii_using_url(case: dict[str, Any]) -> None:
    """toascii.any.js "(using URL)"."""
    _assert_url_with_host(case)


@pytest.mark.parametrize("attribute", ["host", "hostname"])
@pytest.mark.parametrize("case", _TOASCII, ids=[c["input"] for c in _TOASCII])
def test_toascii_using_setter(case: dict[str, Any], attribute: str) -> None:
    """toascii.any.js "(using URL.host)" and "(using URL.hostname)"."""
    url = _make_url("x")
    setattr(url, attribute, case["input"])
    assert getattr(url, attribute) == (case["output"] if case["output"] is not None else "x")


def _idna_id(case: dict[str, Any]) -> str:
    return f'ToASCII("{case["input"]}")' + (f" {case['comment']}" if case.get("comment") else "")


@pytest.mark.parametrize("case", _IDNA, ids=[_idna_id(c) for c in _IDNA])
def test_idna_v2(case: dict[str, Any]) -> None:
    """IdnaTestV2.any.js: new URL(`https://${encodeHostEndingCodePoints(input)}/x`)."""
    _assert_url_with_host(case, encode=True)


@pytest.mark.parametrize(
    ("input", "output"),
    [("a:b", None), ("a/b", None), ("a?b", None), ("a#b", None), ("a\\b", None), ("a.b", "a.b")],
)
def test_idna_v2_host_ending_code_points_reach_the_host_parser(
    input: str, output: str | None
) -> None:
    """IdnaTestV2.any.js percent-encodes : / ? # \\ so the host parser sees them: as
    forbidden domain code points after percent-decoding they make the URL fail."""
    _assert_url_with_host({"input": input, "output": output}, encode=True)


def test_idna_v2_empty_input() -> None:
    """IdnaTestV2's one case WPT cannot run through URL: ToASCII("") is "", which the URL
    Standard's domain to ASCII then rejects (URL §3.3), so an empty host fails."""
    from webstd.url.host import _uts46_to_ascii, domain_to_ascii

    expected = next(
        case["output"]
        for case in json.loads((_WPT / "IdnaTestV2.json").read_text("utf-8"))
        if isinstance(case, dict) and case["input"] == ""
    )
    assert _uts46_to_ascii("") == expected == ""
    assert domain_to_ascii("") is None
    assert URL.parse("https:///x") is not None and URL("https:///x").host == "x"
