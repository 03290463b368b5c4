"""Differential tests: random Headers operation sequences against Node's (undici's) Headers.

One Node process serves the whole module: each hypothesis example sends a batch
of operation sequences as one JSON line on stdin and reads one JSON line back.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webstd import Headers

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

NODE_SCRIPT = r"""
const readline = require("readline");
const rl = readline.createInterface({ input: process.stdin });
function run(sequence) {
  const results = [];
  let headers;
  try {
    headers = new Headers(sequence.init);
    results.push({ ok: null });
  } catch (e) {
    results.push({ err: e.constructor.name });
    headers = new Headers();
  }
  for (const [op, name, value] of sequence.ops) {
    try {
      let out = null;
      if (op === "append") headers.append(name, value);
      else if (op === "set") headers.set(name, value);
      else if (op === "delete") headers.delete(name);
      else if (op === "get") out = headers.get(name);
      else if (op === "has") out = headers.has(name);
      else if (op === "get_set_cookie") out = headers.getSetCookie();
      else if (op === "iterate") out = [...headers];
      results.push({ ok: out });
    } catch (e) {
      results.push({ err: e.constructor.name });
    }
  }
  return results;
}
rl.on("line", (line) => {
  const batch = JSON.parse(line);
  process.stdout.write(JSON.stringify(batch.map(run)) + "\n");
});
"""


class NodeHeaders:
    """A long-lived `node` process that runs batches of Headers operation sequences."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            ["node", "-e", NODE_SCRIPT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def run(self, batch: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(batch) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "node exited"
        result: list[list[dict[str, Any]]] = json.loads(line)
        return result

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def node() -> Iterator[NodeHeaders]:
    runner = NodeHeaders()
    yield runner
    runner.close()


def run_python(sequence: dict[str, Any]) -> list[dict[str, Any]]:
    """The same operations on webstd's Headers, with results shaped like Node's JSON."""
    results: list[dict[str, Any]] = []
    try:
        headers = Headers(sequence["init"])
        results.append({"ok": None})
    except TypeError:
        results.append({"err": "TypeError"})
        headers = Headers()
    for op, name, value in sequence["ops"]:
        try:
            out: Any = None
            if op == "append":
                headers.append(name, value)
            elif op == "set":
                headers.set(name, value)
            elif op == "delete":
                headers.delete(name)
            elif op == "get":
                out = headers.get(name)
            elif op == "has":
                out = headers.has(name)
            elif op == "get_set_cookie":
                out = headers.get_set_cookie()
            elif op == "iterate":
                out = [list(pair) for pair in headers]
            results.append({"ok": out})
        except TypeError:
            results.append({"err": "TypeError"})
    return results


# Names: a few common ones in several casings, tokens, and invalid ones
# (space, colon, NUL, latin-1, above U+00FF, a lone surrogate, empty).
common_names = st.sampled_from(
    ["a", "A", "set-cookie", "Set-Cookie", "SET-COOKIE", "content-type", "Content-Type", "x-b"]
)
token_names = st.text(alphabet="!#$%&'*+-.^_`|~09azAZ", min_size=1, max_size=4)
odd_names = st.text(
    alphabet=st.sampled_from(["a", "b", " ", ":", "\x00", "\t", "é", "\xff", "Ā", "\ud800", "\n"]),
    max_size=3,
)
names = st.one_of(common_names, common_names, token_names, odd_names)
# Values: mostly printable, with HTTP whitespace, CR/LF/NUL, VT/FF, latin-1 and beyond.
value_chars = st.sampled_from(
    [
        "v",
        "1",
        ",",
        ";",
        "=",
        " ",
        "\t",
        "\r",
        "\n",
        "\x00",
        "\x0b",
        "\x0c",
        "\x7f",
        "é",
        "\xa0",
        "\xff",
        "Ā",
        "😀",
        "\udc00",
    ]
)
values = st.one_of(
    st.text(alphabet="abc=; ,", max_size=6), st.text(alphabet=value_chars, max_size=5)
)
operations = st.one_of(
    st.tuples(st.sampled_from(["append", "set"]), names, values),
    st.tuples(st.sampled_from(["delete", "get", "has"]), names, st.none()),
    st.tuples(st.sampled_from(["get_set_cookie", "iterate"]), st.none(), st.none()),
)
sequences = st.fixed_dictionaries(
    {
        "init": st.lists(st.tuples(names, values), max_size=4),
        "ops": st.lists(operations, max_size=12),
    }
)


@given(st.lists(sequences, min_size=1, max_size=20))
def test_headers_operation_sequences_match_node(
    node: NodeHeaders, batch: list[dict[str, Any]]
) -> None:
    expected = node.run(batch)
    for sequence, node_results in zip(batch, expected, strict=True):
        assert run_python(sequence) == node_results, sequence


@given(st.lists(st.tuples(names, values), max_size=6))
def test_headers_from_record_matches_node(node: NodeHeaders, pairs: list[tuple[str, str]]) -> None:
    # JavaScript objects list integer-like keys first, so leave those out.
    record = {name: value for name, value in pairs if not (name.isascii() and name.isdigit())}
    sequence = {"init": record, "ops": [("iterate", None, None)]}
    (node_results,) = node.run([sequence])
    assert run_python(sequence) == node_results, sequence
