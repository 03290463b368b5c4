"""Fast paths agree with the slow paths they stand for (the URL parser)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from webstd import URLPattern
from webstd.routing import canonicalize as canon
from webstd.routing import urlpattern
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
        ".a",
        "a.",
        ".",
        "-a.b-",
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


_PATTERNS = [
    {"pathname": "/api/users/:id"},
    {"pathname": "/a/:x/:y?"},
    {"pathname": "/a/(\\d+)"},
    {"pathname": "/*"},
    {"pathname": "/a"},
    {"pathname": "/"},
    {"pathname": "/B/*"},
    {"pathname": "/%2e/:x"},
    {"pathname": "/:x*"},
    {"pathname": "{/a}?/:x+"},
    {"pathname": "/.*"},
    {"pathname": "*"},
    {"hostname": "example.com", "pathname": "/a/*"},
    {"hostname": "{:sub.}?example.com"},
    {"protocol": "https", "port": "", "pathname": "/:x"},
    {"port": "8080"},
    {"search": "a=:v"},
    {"hash": "*"},
]


_SEGMENTS = [
    "api",
    "users",
    "teams",
    "1",
    "a",
    "B",
    "",
    ".",
    "..",
    "%2e",
    "%2E.",
    "é",
    "%41",
    "x?y",
    "\\",
]
_segments = st.lists(st.sampled_from(_SEGMENTS), max_size=5).map("/".join)


def _both_ways(pattern: URLPattern, url: str) -> tuple[object, object, bool, bool]:
    fast_result, fast_test = pattern.exec(url), pattern.test(url)
    urlpattern._fast_strings = False
    try:
        return fast_result, pattern.exec(url), fast_test, pattern.test(url)
    finally:
        urlpattern._fast_strings = True


@given(
    init=st.sampled_from(_PATTERNS),
    ignore_case=st.booleans(),
    scheme=st.sampled_from(["https", "http", "wss", "HTTP", "file"]),
    host=st.sampled_from(["example.com", "x.y.z", "xn--caf-dma.com", "1.2.3.4", "a.09", "a..b"]),
    port=st.sampled_from(["", ":8080", ":443", ":65536", ":08"]),
    path=_segments,
    query=_text,
    has_query=st.booleans(),
)
def test_exec_and_test_on_strings_agree_with_the_url_parser_alone(
    init: dict[str, str],
    ignore_case: bool,
    scheme: str,
    host: str,
    port: str,
    path: str,
    query: str,
    has_query: bool,
) -> None:
    url = f"{scheme}://{host}{port}/{path}" + ("?" + query if has_query else "")
    pattern = URLPattern(init, ignore_case=ignore_case)
    fast_result, slow_result, fast_test, slow_test = _both_ways(pattern, url)
    assert fast_result == slow_result
    assert fast_test == slow_test == (slow_result is not None)


def test_the_string_fast_path_rejects_on_the_pathname_and_defers_dot_segments() -> None:
    pattern = URLPattern({"pathname": "/api/users/:id"})
    assert pattern.exec("https://example.com/api/teams/1") is None
    result = pattern.exec("https://example.com/api/x/../users/1")
    assert result is not None
    assert result.pathname.groups == {"id": "1"}
    assert pattern.test("https://example.com/api/%2e/users/1")
    assert not pattern.test("https://example.com:65536/api/users/1")
