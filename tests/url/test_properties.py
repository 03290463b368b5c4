"""hypothesis properties of the URL Standard's parser, serializer, API and urlencoded."""

from __future__ import annotations

from _url_components import URL_COMPONENTS
from _url_strategies import SETTER_SAMPLES, url_strings
from hypothesis import assume, given
from hypothesis import strategies as st

from webstd import URL, URLSearchParams

_VALUES = st.sampled_from(SETTER_SAMPLES) | st.text(max_size=8)


@given(url_strings())
def test_reparsing_href_is_idempotent(input: str) -> None:
    """URL §goals: URL(u.href).href == u.href for every URL that parses."""
    url = URL.parse(input)
    assume(url is not None)
    assert url is not None
    assert URL(url.href).href == url.href


@given(url_strings(), st.sampled_from(URL_COMPONENTS), _VALUES)
def test_each_setter_is_idempotent(input: str, attribute: str, value: str) -> None:
    """Setting an attribute to the same value twice changes nothing the second time."""
    url = URL.parse(input)
    assume(url is not None)
    assert url is not None
    try:
        setattr(url, attribute, value)
    except TypeError:
        assert attribute == "href"  # only href throws, for a value that does not parse
        return
    once = url.href
    setattr(url, attribute, value)
    assert url.href == once
    assert URL(once).href == once  # and the result still reparses to itself


_PAIRS = st.lists(st.tuples(st.text(max_size=6), st.text(max_size=6)), max_size=6)


@given(_PAIRS)
def test_search_params_round_trip(pairs: list[tuple[str, str]]) -> None:
    """URLSearchParams(str(p)) has p's pairs (lone surrogates become U+FFFD)."""
    params = URLSearchParams(pairs)
    assert list(URLSearchParams(str(params))) == list(params)


@given(st.text(max_size=20))
def test_search_params_string_round_trip(query: str) -> None:
    """Serializing parsed pairs and parsing again gives the same pairs."""
    params = URLSearchParams(query)
    again = URLSearchParams(str(params))
    assert list(again) == list(params)
    assert str(again) == str(params)


@given(url_strings(), _PAIRS)
def test_search_params_write_through_to_url(input: str, pairs: list[tuple[str, str]]) -> None:
    """Changes to search_params show in url.search and back."""
    url = URL.parse(input)
    assume(url is not None and not url.href.startswith(("data:", "mailto:", "javascript:")))
    assert url is not None
    for name, value in pairs:
        url.search_params.append(name, value)
    assert list(URLSearchParams(url.search)) == list(url.search_params)
    url.search = "?a=1"
    assert list(url.search_params) == [("a", "1")]
