"""webstd.url.parser: the seams other modules use (CONTRIBUTING.md) and hostile inputs."""

from __future__ import annotations

import pytest

from webstd import URL
from webstd.url.parser import State, URLRecord, basic_url_parse, origin_of, serialize_url


def test_basic_url_parse_returns_a_record_or_none() -> None:
    record = basic_url_parse("HTTP://User:Pw@EXAMPLE.com:80/a/./b/../c?q#f")
    assert record is not None
    assert (record.scheme, record.username, record.password) == ("http", "User", "Pw")
    assert (record.host, record.port, record.path) == ("example.com", None, ["a", "c"])
    assert (record.query, record.fragment) == ("q", "f")
    assert not record.has_opaque_path
    assert basic_url_parse("no scheme") is None


def test_basic_url_parse_against_a_base_record() -> None:
    base = basic_url_parse("https://example.com/a/b?x")
    assert base is not None
    record = basic_url_parse("../c", base)
    assert record is not None
    assert serialize_url(record) == "https://example.com/c"
    assert base.path == ["a", "b"]  # the base is not modified


def test_hosts_are_stored_serialized() -> None:
    hosts = {
        "http://[0:0::1]/": "[::1]",
        "http://0x7f.1/": "127.0.0.1",
        "http://EXAMPLE.com/": "example.com",
        "foo://h%C3%A9/": "h%C3%A9",
        "file:///x": "",
        "mailto:x": None,
    }
    for input, host in hosts.items():
        record = basic_url_parse(input)
        assert record is not None
        assert record.host == host, input


def test_opaque_path_is_a_string() -> None:
    record = basic_url_parse("data:text/plain,hi there")
    assert record is not None
    assert record.has_opaque_path
    assert record.path == "text/plain,hi there"


def test_state_override_modifies_the_record_and_returns_it() -> None:
    record = basic_url_parse("https://example.com/")
    assert record is not None
    assert basic_url_parse("example.org:8080", url=record, state_override=State.HOST) is record
    assert (record.host, record.port) == ("example.org", 8080)
    assert basic_url_parse("443", url=record, state_override=State.PORT) is record
    assert record.port is None  # the default port of https


@pytest.mark.parametrize(
    ("value", "state"),
    [
        ("a:1", State.HOSTNAME),  # hostname state: ":" is a failure
        ("exa mple.com", State.HOST),  # forbidden host code point
        ("99999", State.PORT),  # out of range
        ("x", State.PORT),  # no digits
        ("1x", State.SCHEME_START),  # scheme start: not an ASCII alpha
    ],
)
def test_state_override_failure_returns_none(value: str, state: State) -> None:
    record = basic_url_parse("https://example.com/")
    assert record is not None
    assert basic_url_parse(value, url=record, state_override=state) is None


def test_serialize_url_excluding_the_fragment() -> None:
    record = basic_url_parse("https://example.com/p?q#f")
    assert record is not None
    assert serialize_url(record, exclude_fragment=True) == "https://example.com/p?q"
    assert serialize_url(record) == "https://example.com/p?q#f"


def test_serializer_keeps_an_empty_first_segment_reparsable() -> None:
    record = basic_url_parse("web+demo:/.//not-a-host/")
    assert record is not None
    assert record.path == ["", "not-a-host", ""]
    assert serialize_url(record) == "web+demo:/.//not-a-host/"


def test_origin_of() -> None:
    record = basic_url_parse("wss://example.com:443/")
    assert record is not None
    assert origin_of(record) == "wss://example.com"
    assert origin_of(URLRecord()) == "null"


def test_record_copy_does_not_share_the_path() -> None:
    record = basic_url_parse("https://example.com/a")
    assert record is not None
    other = record.copy()
    assert isinstance(other.path, list)
    other.path.append("b")
    assert record.path == ["a"]


@pytest.mark.parametrize(
    ("input", "expected"),
    [
        ("http://a:" + "0" * 100_000 + "1/", "http://a:1/"),
        ("http://a:" + "9" * 100_000 + "/", None),
        ("http://" + "9" * 100_000 + "/", None),
        ("http://1." + "0x" + "0" * 100_000 + "1/", "http://1.0.0.1/"),
        ("http://" + "@" * 100_000 + "h/", "http://" + "%40" * 99_999 + "@h/"),
        ("http://a/" + "../" * 100_000, "http://a/"),
        ("http://[" + ":" * 100_000 + "]/", None),
    ],
    ids=[
        "long port",
        "huge port",
        "huge IPv4 number",
        "long hex IPv4 part",
        "many @",
        "many ..",
        "long IPv6",
    ],
)
def test_hostile_inputs_parse_without_errors(input: str, expected: str | None) -> None:
    """Very long digit runs never hit int()'s digit limit; long inputs stay linear."""
    url = URL.parse(input)
    assert (None if url is None else url.href) == expected
