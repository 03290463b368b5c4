"""The fast path (parser.fast_parse) agrees with the basic URL parser wherever it answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _url_strategies import url_strings
from hypothesis import example, given
from hypothesis import strategies as st

from webstd import URL
from webstd.url.parser import basic_url_parse, fast_parse, fast_parse_serialized, serialize_url

_DATA = Path(__file__).parent.parent / "wpt" / "urltestdata.json"
_INPUTS = sorted(
    {case["input"] for case in json.loads(_DATA.read_text("utf-8")) if isinstance(case, dict)}
)


def _check_agrees(input: str) -> bool:
    """Assert fast_parse == basic_url_parse when fast_parse answers; True if it answered."""
    found = fast_parse_serialized(input)
    if found is None:
        return False
    record, is_serialized = found
    reference = basic_url_parse(input)
    assert reference is not None, input
    assert repr(record) == repr(reference)
    assert (serialize_url(reference) == input) is is_serialized
    return True


def test_fast_path_agrees_on_wpt_inputs() -> None:
    """Every urltestdata.json input that the fast path takes parses the same in full."""
    answered = [input for input in _INPUTS if _check_agrees(input)]
    assert answered  # the corpus does exercise the fast path


@pytest.mark.parametrize(
    "input",
    [
        "https://example.com/",
        "http://example.com:8080/a/b?c=d#e",
        "https://a-b.c/%41?x=`#'",
        "http://example.com",
        "https://example.com?q",
        "https://example.com#f",
        "http://example.com:65535/",
        "http://127.0.0.1:8000/api?x=1",  # IPv4 already in serialized form
        "http://0.0.0.0/",
        "http://255.255.255.255/",
    ],
)
def test_fast_path_takes_normalised_urls(input: str) -> None:
    """Plain, already-normalised http(s) URLs go through the fast path."""
    assert _check_agrees(input)


@pytest.mark.parametrize(
    "input",
    [
        "HTTP://example.com/",  # scheme to lowercase
        "http://EXAMPLE.com/",  # host to lowercase
        "http://1.2.3/",  # IPv4 the serializer rewrites
        "http://01.2.3.4/",  # leading zero: octal
        "http://256.2.3.4/",  # out of range
        "http://1.2.3.4.5/",  # five parts
        "http://0x7f.0.0.1/",  # hex
        "http://a.0x7f/",  # ends in a number
        "http://a.0x/",
        "http://example.com:80/",  # default port
        "https://example.com:443/",
        "http://example.com:65536/",  # port out of range
        "http://example.com:080/",  # leading zero
        "http://example.com/a/../b",  # dot segments
        "http://example.com/%2e/b",
        "http://example.com/a b",  # percent-encoding
        "http://example.com/a\\b",  # backslash
        "http://example.com/?a'b",  # special-query set
        "http://example.com/#a`b",  # fragment set
        "http://user@example.com/",  # userinfo
        " http://example.com/",  # C0 control or space
        "http://exa\tmple.com/",  # tab
        "http://bücher.de/",  # IDNA
        "ws://example.com/",  # other schemes
    ],
)
def test_fast_path_declines_what_needs_the_state_machine(input: str) -> None:
    """Anything the parser would rewrite, or that is not http(s), goes to the full parser."""
    assert fast_parse(input) is None
    assert URL.parse(input) is None or URL(input).href == serialize_url(basic_url_parse(input))  # type: ignore[arg-type]


_FAST_CHARS = st.sampled_from(
    [*"abz09-./:?#=&%!$'()*+,;@[]_|~`{}^\\\"<> AZ", "%2e", "%2E", "..", "."]
)


@given(st.lists(_FAST_CHARS, max_size=30).map(lambda parts: "http" + "".join(parts)))
@example("https://example.com/a/b?c#d")
@example("http://a.b/%2E%2e")
def test_fast_path_agrees_on_generated_near_misses(input: str) -> None:
    """Strings close to the fast path's grammar never make it disagree with the parser."""
    _check_agrees(input)
    _check_agrees("https://example.com/" + input[4:])


@given(
    st.lists(
        st.integers(0, 300) | st.sampled_from(["0x1f", "00", "07", ""]), min_size=1, max_size=5
    )
)
def test_fast_path_agrees_on_generated_ipv4_hosts(parts: list[int | str]) -> None:
    """Dotted-number hosts reach the fast path only when the IPv4 parser keeps them as they are."""
    _check_agrees("http://" + ".".join(map(str, parts)) + ":8080/p?q")


@given(url_strings())
def test_fast_path_agrees_on_generated_urls(input: str) -> None:
    """Generated URLs of every kind never make the fast path disagree with the parser."""
    _check_agrees(input)
