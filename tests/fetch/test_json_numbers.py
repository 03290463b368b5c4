"""Response.json writes numbers as JSON.stringify does (ECMAScript Number::toString)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webstd import Response
from webstd.fetch.response import js_number_to_string

CASES = {
    1.0: "1",
    -0.0: "0",
    100.0: "100",
    0.5: "0.5",
    1e16: "10000000000000000",
    1e20: "100000000000000000000",
    1e21: "1e+21",
    1e-6: "0.000001",
    1e-7: "1e-7",
    -2.5e-10: "-2.5e-10",
    1.5e300: "1.5e+300",
    5e-324: "5e-324",
    0.1 + 0.2: "0.30000000000000004",
}


@pytest.mark.parametrize(("value", "expected"), CASES.items())
def test_number_to_string_matches_ecmascript(value: float, expected: str) -> None:
    assert js_number_to_string(value) == expected


async def test_response_json_writes_floats_as_json_stringify() -> None:
    response = Response.json({"a": [1.0, 2, 3.5, {"b": 1e-7}], "s": "x.y", "n": float("nan")})
    assert await response.text() == '{"a":[1,2,3.5,{"b":1e-7}],"s":"x.y","n":null}'


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=50))
def test_floats_agree_with_node(values: list[float]) -> None:
    script = (
        "const v = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(v.map(x => JSON.stringify(x))))"
    )
    # repr() round-trips exactly through JSON.parse, so Node sees the same doubles.
    payload = "[" + ",".join(repr(v) for v in values) + "]"
    out = subprocess.run(
        ["node", "-e", script], input=payload, capture_output=True, text=True, check=True
    ).stdout
    assert [js_number_to_string(v) for v in values] == json.loads(out)
