"""WPT url/percent-encoding.window.js, the UTF-8 column of percent-encoding.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from webstd import URL

_DATA = Path(__file__).parent.parent / "wpt" / "percent-encoding.json"
_CASES = [case for case in json.loads(_DATA.read_text("utf-8")) if isinstance(case, dict)]


@pytest.mark.parametrize(
    "case", _CASES, ids=[f"Input {c['input']} with encoding utf-8" for c in _CASES]
)
def test_percent_encoding_utf8(case: dict[str, Any]) -> None:
    """The input in query and fragment of a UTF-8 document's URL encodes as the column says."""
    url = URL(f"https://doesnotmatter.invalid/?{case['input']}#{case['input']}")
    assert url.search == "?" + case["output"]["utf-8"]
    assert url.hash == "#" + case["output"]["utf-8"]
