"""URLSearchParams' Python API (API.md): init forms, errors, iteration, Pythonic extras."""

from __future__ import annotations

import pytest

from webstd import URLSearchParams
from webstd.url import urlencoded


def test_init_from_mapping_and_pairs_and_params() -> None:
    assert str(URLSearchParams({"a": "1", "b": "2"})) == "a=1&b=2"
    assert str(URLSearchParams([("a", "1"), ["b", "2"]])) == "a=1&b=2"
    assert str(URLSearchParams(URLSearchParams("?x=y"))) == "x=y"


def test_only_one_leading_question_mark_is_dropped() -> None:
    assert list(URLSearchParams("??a=b")) == [("?a", "b")]


def test_init_none_is_an_omitted_init() -> None:
    assert list(URLSearchParams(None)) == []


@pytest.mark.parametrize("init", [1, b"a=b", object()])
def test_init_of_the_wrong_type_is_a_type_error(init: object) -> None:
    with pytest.raises(TypeError, match="init must be"):
        URLSearchParams(init)  # type: ignore[arg-type]


@pytest.mark.parametrize("pair", [("a",), ("a", "b", "c"), ()])
def test_pair_of_the_wrong_length_is_a_type_error(pair: tuple[str, ...]) -> None:
    with pytest.raises(TypeError, match="exactly 2 items"):
        URLSearchParams([pair])


def test_pair_that_is_a_string_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="'ab'"):
        URLSearchParams(["ab"])


def test_non_str_names_and_values_are_type_errors() -> None:
    params = URLSearchParams()
    with pytest.raises(TypeError, match="name must be a str"):
        params.append(None, "x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="value must be a str"):
        params.set("a", 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        URLSearchParams({"a": 1})
    assert params.size == 0


def test_iteration_yields_tuples_and_helpers() -> None:
    params = URLSearchParams("a=1&b=2&a=3")
    assert list(params) == [("a", "1"), ("b", "2"), ("a", "3")]
    assert list(params.entries()) == list(params)
    assert list(params.keys()) == ["a", "b", "a"]
    assert list(params.values()) == ["1", "2", "3"]
    seen: list[tuple[str, str, URLSearchParams]] = []
    params.for_each(lambda value, key, container: seen.append((value, key, container)))
    assert seen == [("1", "a", params), ("2", "b", params), ("3", "a", params)]


def test_len_contains_and_repr() -> None:
    params = URLSearchParams("a=1&b=2")
    assert len(params) == 2 == params.size
    assert "a" in params
    assert "c" not in params
    assert repr(params) == "URLSearchParams([('a', '1'), ('b', '2')])"


def test_sort_is_stable_by_utf16_code_units() -> None:
    params = URLSearchParams([("\uffff", "1"), ("\U00010000", "2"), ("a", "3"), ("a", "4")])
    params.sort()
    # U+10000 is the surrogate pair D800 DC00, which sorts before U+FFFF.
    assert list(params.keys()) == ["a", "a", "\U00010000", "\uffff"]
    assert params.get_all("a") == ["3", "4"]


def test_urlencoded_parse_accepts_bytes_and_str() -> None:
    assert urlencoded.parse(b"a=%C3%A9&b+c=\xff") == [("a", "é"), ("b c", "\ufffd")]
    assert urlencoded.parse("a=%C3%A9&b+c") == [("a", "é"), ("b c", "")]
    with pytest.raises(TypeError):
        urlencoded.parse(1)  # type: ignore[arg-type]


def test_urlencoded_serialize() -> None:
    assert urlencoded.serialize([("a b", "c+d"), ("é", "~*")]) == "a+b=c%2Bd&%C3%A9=%7E*"


def test_copy_of_url_search_params_is_detached() -> None:
    import copy

    from webstd import URL

    url = URL("https://example.com/?a=1")
    clone = copy.copy(url.search_params)
    clone.append("b", "2")
    assert list(clone) == [("a", "1"), ("b", "2")]
    assert url.search == "?a=1"


def test_urlencoded_serialize_treats_lone_surrogates_as_usv_strings() -> None:
    assert urlencoded.serialize([("a\ud800", "\udfff b")]) == "a%EF%BF%BD=%EF%BF%BD+b"
