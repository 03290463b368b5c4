"""Fast paths agree with the slow paths they stand for (the URL parser)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from webstd.routing import canonicalize as canon
from webstd.routing.urlpattern import _simple_url_values
from webstd.url.parser import basic_url_parse, serialize_path

_PIECES = [
    "a",
    "B",
    "1",
    ".",
    "..",
    "%2e",
    "%2E",
    "%41",
    "-",
    "_",
    "~",
    "'",
    "!",
    ":",
    "@",
    "=",
    "&",
    "+",
    " ",
    "é",
    "\\",
    "?",
    "#",
    "\t",
    "{",
    "|",
    "^",
    "`",
    '"',
    "<",
    "/",
    "//",
]
_text = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join)


def _slow_values(url: str) -> tuple[str, ...] | None:
    record = basic_url_parse(url)
    if record is None:
        return None
    return (
        record.scheme,
        record.username,
        record.password,
        record.host or "",
        "" if record.port is None else str(record.port),
        serialize_path(record),
        record.query or "",
        record.fragment or "",
    )


_hosts = st.sampled_from(
    [
        "example.com",
        "a-b.c",
        "xn--caf-dma.com",
        "1.2.3.4",
        "a.0x1",
        "a.0x",
        "0x",
        "b.0xg",
        "a.09",
        "a.99",
        "EXAMPLE.com",
        "localhost",
        "a..b",
        "x.y.z",
    ]
)
_schemes = st.sampled_from(["http", "https", "ws", "wss", "HTTP", "ftp", "file"])
_ports = st.sampled_from(["", ":80", ":443", ":8080", ":0", ":65535", ":65536", ":08", ":"])


@given(
    scheme=_schemes,
    host=_hosts,
    port=_ports,
    path=_text,
    query=_text,
    fragment=_text,
    has_query=st.booleans(),
    has_fragment=st.booleans(),
)
def test_simple_url_fast_path_agrees_with_the_url_parser(
    scheme: str,
    host: str,
    port: str,
    path: str,
    query: str,
    fragment: str,
    has_query: bool,
    has_fragment: bool,
) -> None:
    url = f"{scheme}://{host}{port}/{path}"
    if has_query:
        url += "?" + query
    if has_fragment:
        url += "#" + fragment
    fast = _simple_url_values(url)
    if fast is not None:
        assert fast == _slow_values(url)


@given(value=_text)
def test_canonical_path_fast_path_agrees_with_the_url_parser(value: str) -> None:
    path = "/" + value
    if canon.is_canonical_path(path):
        record = basic_url_parse("https://h" + path)
        assert record is not None
        assert serialize_path(record) == path


@given(value=_text)
def test_search_and_hash_fast_paths_agree(value: str) -> None:
    record = basic_url_parse("https://h/?" + value.replace("#", "%23"))
    assert record is not None
    if canon._CANONICAL_SEARCH.fullmatch(value) is not None:
        assert record.query == value
    fragment = basic_url_parse("https://h/#" + value)
    assert fragment is not None
    if canon._CANONICAL_HASH.fullmatch(value) is not None:
        assert fragment.fragment == value.replace("\t", "")
