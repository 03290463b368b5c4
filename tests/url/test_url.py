"""The URL class's Python API (API.md): errors, types, USVString, equality, liveness."""

from __future__ import annotations

import json

import pytest
from _url_components import URL_COMPONENTS

from webstd import URL, URLSearchParams


def test_invalid_url_raises_type_error_naming_the_input() -> None:
    with pytest.raises(TypeError, match=r"'http://exa mple\.com'"):
        URL("http://exa mple.com")


def test_invalid_base_raises_type_error_naming_the_base() -> None:
    with pytest.raises(TypeError, match="'not a base'"):
        URL("/path", "not a base")


def test_relative_url_without_base_raises() -> None:
    with pytest.raises(TypeError, match="'/path'"):
        URL("/path")


@pytest.mark.parametrize("value", [None, 1, b"http://a/", 1.5, ["http://a/"]])
def test_non_str_input_is_a_type_error_not_silently_converted(value: object) -> None:
    with pytest.raises(TypeError, match="url must be a str"):
        URL(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        URL.parse(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        URL.can_parse(value)  # type: ignore[arg-type]


def test_non_str_base_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="base must be a str"):
        URL("/x", 42)  # type: ignore[arg-type]


@pytest.mark.parametrize("attribute", URL_COMPONENTS)
def test_setters_reject_non_str(attribute: str) -> None:
    url = URL("https://example.com/")
    with pytest.raises(TypeError, match=attribute):
        setattr(url, attribute, 8080)
    assert url.href == "https://example.com/"


def test_base_may_be_a_url() -> None:
    base = URL("https://example.com/a/b")
    assert URL("../c", base).href == "https://example.com/c"
    assert URL.parse("c", base) == URL("https://example.com/a/c")
    assert URL.can_parse("?q", base)


def test_parse_returns_none_and_can_parse_false_on_failure() -> None:
    assert URL.parse("nope") is None
    assert URL.can_parse("nope") is False
    assert URL.can_parse("/x", "https://example.com") is True


def test_lone_surrogates_become_replacement_characters() -> None:
    url = URL("https://example.com/\ud800?\udfff#\ud83d")
    assert url.pathname == "/%EF%BF%BD"
    assert url.search == "?%EF%BF%BD"
    assert url.hash == "#%EF%BF%BD"


def test_surrogate_pairs_join_into_one_code_point() -> None:
    assert URL("https://example.com/\ud83d\udca9").pathname == "/%F0%9F%92%A9"


def test_setter_with_lone_surrogate() -> None:
    url = URL("https://example.com/")
    url.pathname = "/\udc00"
    assert url.pathname == "/%EF%BF%BD"


def test_href_setter_failure_raises_and_leaves_url_unchanged() -> None:
    url = URL("https://example.com/a")
    with pytest.raises(TypeError, match="'//bad'"):
        url.href = "//bad"
    assert url.href == "https://example.com/a"


def test_invalid_setter_values_leave_url_unchanged() -> None:
    url = URL("https://user:pw@example.com:8080/p?q#f")
    url.protocol = "not a scheme"
    url.protocol = "file"  # special URL with credentials cannot become file
    url.host = "exa mple.com"
    url.hostname = "a:b"
    url.port = "99999"
    url.port = "abc"
    assert url.href == "https://user:pw@example.com:8080/p?q#f"


def test_setters_write_the_record() -> None:
    url = URL("http://example.com/")
    url.protocol = "https"
    url.username = "us er"
    url.password = "p@ss"
    url.hostname = "EXAMPLE.org"
    url.port = "443"
    url.pathname = "a b/../c"
    url.search = "q=1 2"
    url.hash = "frag ment"
    assert url.href == "https://us%20er:p%40ss@example.org/c?q=1%202#frag%20ment"
    url.port = "8443"
    assert url.host == "example.org:8443"
    url.host = "[::1]:99"
    assert url.host == "[::1]:99"


def test_origin() -> None:
    assert URL("https://example.com:8443/x").origin == "https://example.com:8443"
    assert URL("blob:https://example.com/uuid").origin == "https://example.com"
    assert URL("blob:ftp://example.com/uuid").origin == "null"
    assert URL("data:text/plain,x").origin == "null"
    assert URL("file:///etc/hosts").origin == "null"


def test_equality_and_hash_by_href() -> None:
    a = URL("HTTPS://Example.COM:443/a/./b")
    b = URL("https://example.com/a/b")
    assert a == b
    assert hash(a) == hash(b)
    assert {a, b} == {a}
    assert a != URL("https://example.com/a/c")
    assert a != "https://example.com/a/b"  # a URL is not equal to a str


def test_str_repr_and_to_json() -> None:
    url = URL("https://example.com/x?y#z")
    assert str(url) == "https://example.com/x?y#z"
    assert url.to_json() == "https://example.com/x?y#z"
    assert repr(url) == "URL('https://example.com/x?y#z')"
    assert json.dumps({"u": url.to_json()}) == '{"u": "https://example.com/x?y#z"}'


def test_search_params_is_the_same_object_every_time() -> None:
    url = URL("https://example.com/?a=1")
    params = url.search_params
    assert isinstance(params, URLSearchParams)
    assert url.search_params is params
    url.href = "https://example.com/?b=2"
    assert url.search_params is params
    assert list(params) == [("b", "2")]


def test_search_setter_updates_the_list() -> None:
    url = URL("https://example.com/?a=1")
    params = url.search_params
    url.search = "?x=1&y=2"
    assert list(params) == [("x", "1"), ("y", "2")]
    url.search = ""
    assert list(params) == []
    assert url.href == "https://example.com/"


def test_search_params_changes_show_in_href() -> None:
    url = URL("https://example.com/p#h")
    assert url.href == "https://example.com/p#h"  # cached href is refreshed below
    url.search_params.append("a b", "c&d")
    assert url.href == "https://example.com/p?a+b=c%26d#h"
    url.search_params.delete("a b")
    assert url.href == "https://example.com/p#h"


def test_non_special_and_opaque_urls() -> None:
    url = URL("mailto:someone@example.com")
    assert url.pathname == "someone@example.com"
    url.pathname = "other"  # opaque paths cannot be set
    url.host = "x"
    assert url.href == "mailto:someone@example.com"
    assert URL("foo://h/a/../b").pathname == "/b"


def test_ipv4_and_ipv6_hosts() -> None:
    assert URL("http://0x7f.1/").host == "127.0.0.1"
    assert URL("http://0177.0.0.1/").host == "127.0.0.1"
    assert URL("http://2130706433/").host == "127.0.0.1"
    assert URL("http://[0:0:0:0:0:ffff:1.2.3.4]/").host == "[::ffff:102:304]"
    assert URL("http://[1:0:0:2::3:0]/").host == "[1::2:0:0:3:0]"
    assert URL.parse("http://1.2.3.256.5/") is None
    assert URL.parse("http://[1::2::3]/") is None


def test_idna_hosts() -> None:
    assert URL("https://Bücher.de/").host == "xn--bcher-kva.de"
    assert URL("https://faß.de/").host == "xn--fa-hia.de"
    assert URL("https://a%C2%ADb/").host == "ab"
    assert URL.parse("https://a\u200cb/") is None  # CheckJoiners
    assert URL.parse("https://\u064aa/") is None  # CheckBidi


def test_path_percent_encode_set_includes_caret() -> None:
    assert URL("https://example.com/a^b").pathname == "/a%5Eb"
    assert URL("https://example.com/?a^b").search == "?a^b"


def test_url_objects_have_no_instance_dict() -> None:
    url = URL("https://example.com/")
    with pytest.raises(AttributeError):
        url.extra = 1  # type: ignore[attr-defined]


def test_copy_and_pickle_do_not_share_the_record() -> None:
    import copy
    import pickle

    url = URL("https://example.com/a?x=1")
    for clone in (copy.copy(url), copy.deepcopy(url), pickle.loads(pickle.dumps(url))):
        assert clone == url
        clone.pathname = "/b"
        clone.search_params.append("y", "2")
        assert url.href == "https://example.com/a?x=1"
