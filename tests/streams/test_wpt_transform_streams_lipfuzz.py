"""WPT streams/transform-streams/lipfuzz.any.js, ported."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

from webstd.streams import TransformStream

_TAG = re.compile(r"\{\{([a-zA-Z0-9_-]+)\}\}")
# An incomplete template at the end of a string (JS `$` without the m flag is `\Z`).
_PARTIAL_AT_END = re.compile(r"\{(\{([a-zA-Z0-9_-]+(\})?)?)?\Z")


class LipFuzzTransformer:
    """The WPT LipFuzzTransformer: substitutes {{tags}} split across chunks."""

    def __init__(self, substitutions: dict[str, str]) -> None:
        self.substitutions = substitutions
        self.partial_chunk = ""
        self.last_index = 0

    def transform(self, chunk: str, controller: Any) -> None:
        chunk = self.partial_chunk + chunk
        self.partial_chunk = ""
        # last_index is the index of the first character after the last substitution.
        self.last_index = 0
        chunk = _TAG.sub(self._replace_tag, chunk)
        match = _PARTIAL_AT_END.search(chunk, self.last_index)
        if match:
            self.partial_chunk = chunk[match.start() :]
            chunk = chunk[: match.start()]
        controller.enqueue(chunk)

    def flush(self, controller: Any) -> None:
        if self.partial_chunk:
            controller.enqueue(self.partial_chunk)

    def _replace_tag(self, match: re.Match[str]) -> str:
        replacement = self.substitutions.get(match.group(1), "")
        self.last_index = match.start() + len(replacement)
        return replacement


SUBSTITUTIONS = {
    "in1": "out1",
    "in2": "out2",
    "quine": "{{quine}}",
    "bogusPartial": "{{incompleteResult}",
}

CASES: list[tuple[list[str], list[str]]] = [
    ([""], [""]),
    ([], []),
    (["{{in1}}"], ["out1"]),
    (["z{{in1}}"], ["zout1"]),
    (["{{in1}}q"], ["out1q"]),
    (["{{in1}}{{in1}"], ["out1", "{{in1}"]),
    (["{{in1}}{{in1}", "}"], ["out1", "out1"]),
    (["{{in1", "}}"], ["", "out1"]),
    (["{{", "in1}}"], ["", "out1"]),
    (["{", "{in1}}"], ["", "out1"]),
    (["{{", "in1}"], ["", "", "{{in1}"]),
    (["{"], ["", "{"]),
    (["{", ""], ["", "", "{"]),
    (["{", "{", "i", "n", "1", "}", "}"], ["", "", "", "", "", "", "out1"]),
    (["{{in1}}{{in2}}{{in1}}"], ["out1out2out1"]),
    (["{{wrong}}"], [""]),
    (["{{wron", "g}}"], ["", ""]),
    (["{{quine}}"], ["{{quine}}"]),
    (["{{bogusPartial}}"], ["{{incompleteResult}"]),
    (["{{bogusPartial}}}"], ["{{incompleteResult}}"]),
]


@pytest.mark.parametrize(
    ("input_chunks", "output_chunks"),
    CASES,
    ids=[f'testing "{",".join(i)}" (length {len(i)})' for i, _ in CASES],
)
async def test_testing_lipfuzz(input_chunks: list[str], output_chunks: list[str]) -> None:
    lft = TransformStream(LipFuzzTransformer(SUBSTITUTIONS))
    writer = lft.writable.get_writer()
    promises: list[Any] = [writer.write(chunk) for chunk in input_chunks]
    promises.append(writer.close())
    reader = lft.readable.get_reader()

    async def read_chain() -> None:
        for expected in output_chunks:
            result = await reader.read()
            assert not result.done
            assert result.value == expected
        assert (await reader.read()).done

    promises.append(read_chain())
    await asyncio.gather(*promises)
