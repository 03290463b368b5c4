"""Differential tests: our TextDecoder/TextEncoder against Node's, on the same inputs.

One `node` process answers every case of a test run (a JSON line in, a JSON
line out), so hypothesis can ask it per example without paying a start-up.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webstd import TextDecoder, TextEncoder

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

_NODE_SCRIPT = r"""
const readline = require("readline");
const rl = readline.createInterface({ input: process.stdin });
function decode(c) {
  const d = new TextDecoder(c.encoding, { fatal: c.fatal, ignoreBOM: c.ignoreBOM });
  const out = [];
  try {
    for (const hex of c.chunks) out.push(d.decode(Buffer.from(hex, "hex"), { stream: true }));
    out.push(d.decode());
    return { ok: true, out };
  } catch (e) {
    return { ok: false, error: e.name };
  }
}
rl.on("line", (line) => {
  const cases = JSON.parse(line);
  const answers = cases.map((c) => {
    if (c.op === "decode") return decode(c);
    if (c.op === "encode") return Buffer.from(new TextEncoder().encode(c.text)).toString("hex");
    throw new Error("unknown op " + c.op);
  });
  process.stdout.write(JSON.stringify(answers) + "\n");
});
"""


class _Node:
    def __init__(self) -> None:
        self._process = subprocess.Popen(
            ["node", "-e", _NODE_SCRIPT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def ask(self, cases: list[dict[str, Any]]) -> list[Any]:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(cases) + "\n")
        self._process.stdin.flush()
        answers: list[Any] = json.loads(self._process.stdout.readline())
        return answers

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait(timeout=10)


@pytest.fixture(scope="module")
def node() -> Iterator[_Node]:
    process = _Node()
    yield process
    process.close()


def _ours(encoding: str, chunks: list[bytes], fatal: bool, ignore_bom: bool) -> dict[str, Any]:
    decoder = TextDecoder(encoding, fatal=fatal, ignore_bom=ignore_bom)
    try:
        out = [decoder.decode(chunk, stream=True) for chunk in chunks]
        out.append(decoder.decode())
    except TypeError:
        return {"ok": False, "error": "TypeError"}
    return {"ok": True, "out": out}


def _case(encoding: str, chunks: list[bytes], fatal: bool, ignore_bom: bool) -> dict[str, Any]:
    return {
        "op": "decode",
        "encoding": encoding,
        "chunks": [c.hex() for c in chunks],
        "fatal": fatal,
        "ignoreBOM": ignore_bom,
    }


# Bytes around every boundary of the UTF-8 and UTF-16 decoders' state machines.
_INTERESTING = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBB, 0xBF, 0xC0, 0xC1, 0xC2,
                0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFE, 0xFF,
                0xD8, 0xDB, 0xDC, 0xDF]  # fmt: skip

_byte = st.one_of(st.sampled_from(_INTERESTING), st.integers(min_value=0, max_value=255))
_chunks = st.lists(st.lists(_byte, max_size=6).map(bytes), max_size=6)


@given(
    encoding=st.sampled_from(["utf-8", "utf-16le", "utf-16be"]),
    chunks=_chunks,
    fatal=st.booleans(),
    ignore_bom=st.booleans(),
)
def test_text_decoder_matches_node_on_arbitrary_chunked_bytes(
    node: _Node, encoding: str, chunks: list[bytes], fatal: bool, ignore_bom: bool
) -> None:
    (theirs,) = node.ask([_case(encoding, chunks, fatal, ignore_bom)])
    ours = _ours(encoding, chunks, fatal, ignore_bom)
    if theirs["ok"] and ours["ok"]:
        # Node may emit a replacement a call later; what matters is the text as a whole.
        assert "".join(ours["out"]) == "".join(theirs["out"])
    else:
        assert ours["ok"] == theirs["ok"]


def test_text_decoder_matches_node_on_a_batch_of_random_byte_strings(node: _Node) -> None:
    rng = random.Random(20240611)
    cases = []
    for _ in range(3000):
        data = bytes(
            rng.choice([*_INTERESTING, rng.randrange(256)]) for _ in range(rng.randrange(14))
        )
        for encoding in ("utf-8", "utf-16le", "utf-16be"):
            for fatal in (False, True):
                cases.append((encoding, [data], fatal))
    answers = node.ask([_case(e, c, f, False) for e, c, f in cases])
    mismatches = [
        (e, c, f, a)
        for (e, c, f), a in zip(cases, answers, strict=True)
        if _ours(e, c, f, False) != a
    ]
    assert mismatches == []


def test_text_decoder_per_chunk_output_matches_node_for_utf_8(node: _Node) -> None:
    rng = random.Random(7)
    cases = []
    for _ in range(2000):
        data = bytes(rng.choice(_INTERESTING) for _ in range(rng.randrange(10)))
        cut = sorted(rng.sample(range(len(data) + 1), k=min(2, len(data) + 1)))
        chunks = [data[: cut[0]], data[cut[0] : cut[-1]], data[cut[-1] :]]
        cases.append(chunks)
    answers = node.ask([_case("utf-8", c, False, False) for c in cases])
    mismatches = [
        (c, a["out"], _ours("utf-8", c, False, False)["out"])
        for c, a in zip(cases, answers, strict=True)
        if _ours("utf-8", c, False, False) != a
    ]
    assert mismatches == []


_surrogate_text = st.lists(
    st.one_of(
        st.characters(),
        st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d\ude00"]),
    )
).map("".join)


@given(_surrogate_text)
def test_text_encoder_matches_node_including_lone_surrogates(node: _Node, text: str) -> None:
    (theirs,) = node.ask([{"op": "encode", "text": text}])
    assert TextEncoder().encode(text).hex() == theirs
