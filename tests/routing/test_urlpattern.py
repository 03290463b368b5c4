"""URLPattern: the Python API around the standard, and agreement with a reference."""

from __future__ import annotations

import pytest
import urlpattern as reference
from hypothesis import given
from hypothesis import strategies as st

from webstd import URL, URLPattern
from webstd.routing.urlpattern import URLPatternComponentResult, URLPatternResult


def test_component_attributes_are_the_normalized_pattern_strings() -> None:
    pattern = URLPattern("https://example.com/:category/*")
    assert (pattern.protocol, pattern.hostname, pattern.port) == ("https", "example.com", "")
    assert (pattern.username, pattern.password) == ("*", "*")
    assert pattern.pathname == "/:category/*"
    assert (pattern.search, pattern.hash) == ("*", "*")
    assert pattern.has_reg_exp_groups is False


def test_exec_returns_inputs_and_groups_per_component() -> None:
    pattern = URLPattern({"pathname": "/users/:id"})
    result = pattern.exec("https://example.com/users/42?x=1")
    assert isinstance(result, URLPatternResult)
    assert result.inputs == ["https://example.com/users/42?x=1"]
    assert result.pathname == URLPatternComponentResult("/users/42", {"id": "42"})
    assert result.search == URLPatternComponentResult("x=1", {"0": "x=1"})


def test_exec_with_base_url_lists_both_inputs() -> None:
    result = URLPattern({"pathname": "/a/:b"}).exec("/a/c", "https://example.com")
    assert result is not None
    assert result.inputs == ["/a/c", "https://example.com"]
    assert result.hostname.input == "example.com"


def test_no_match_is_none_and_false() -> None:
    pattern = URLPattern({"pathname": "/users/:id"})
    assert pattern.exec({"pathname": "/users"}) is None
    assert pattern.test({"pathname": "/users/1/2"}) is False


def test_optional_group_that_did_not_match_is_none() -> None:
    result = URLPattern({"pathname": "/foo/:bar?"}).exec({"pathname": "/foo"})
    assert result is not None
    assert result.pathname.groups == {"bar": None}


def test_ignore_case_applies_to_pathname_search_and_hash() -> None:
    pattern = URLPattern({"pathname": "/Foo", "hostname": "example.com"}, ignore_case=True)
    assert pattern.test({"pathname": "/fOO", "hostname": "example.com"})
    assert not URLPattern({"pathname": "/Foo"}).test({"pathname": "/fOO"})


def test_regexp_groups_are_reported() -> None:
    assert URLPattern({"pathname": "/:id(\\d+)"}).has_reg_exp_groups is True


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("/:id(\\m)", "identity escape"),
        ("/(a{2,1})", "quantifier order"),
        ("/([a-])", "v-mode class syntax"),
        ("/(?<1x>a)", "group name"),
        ("/(\\2)", "backreference to no group"),
    ],
)
def test_invalid_ecmascript_regexp_raises_type_error(pattern: str, reason: str) -> None:
    with pytest.raises(TypeError):
        URLPattern({"pathname": pattern})


def test_regexp_digits_and_dot_are_ecmascript_not_python() -> None:
    # \d is ASCII-only in ECMAScript; "٣" (ARABIC-INDIC DIGIT THREE) is a digit to Python.
    assert not URLPattern({"pathname": "/(\\d+)"}).test({"pathname": "/%D9%A3"})
    assert URLPattern({"search": "(\\d+)"}).exec({"search": "123"}) is not None
    assert not URLPattern({"search": "(\\d)"}).test({"search": "\u0663"})


def test_invalid_inputs_raise_type_error_naming_them() -> None:
    with pytest.raises(TypeError, match="relative pattern"):
        URLPattern("/relative")
    with pytest.raises(TypeError, match="base_url"):
        URLPattern({"pathname": "/x"}, "https://example.com")
    with pytest.raises(TypeError, match="unknown URLPatternInit key 'baseURL'"):
        URLPattern({"baseURL": "https://example.com"})
    with pytest.raises(TypeError, match="pathname must be a str"):
        URLPattern({"pathname": 3})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="must be a str or a dict"):
        URLPattern(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        URLPattern({"pathname": "/x"}).test({"pathname": "/x"}, "https://example.com")


def test_unparsable_url_input_does_not_match() -> None:
    assert URLPattern({}).test("not a url") is False
    assert URLPattern({}).exec("/relative", "also not a url") is None


def test_lone_surrogates_become_replacement_characters() -> None:
    assert URLPattern({"pathname": "/\ud800"}).pathname == "/%EF%BF%BD"


def test_components_compile_once_and_are_shared() -> None:
    first = URLPattern({"pathname": "/cached/:id(\\d+)"})
    second = URLPattern({"pathname": "/cached/:id(\\d+)"})
    assert first._pathname is second._pathname


def test_repr_shows_components() -> None:
    assert "'pathname': '/a'" in repr(URLPattern({"pathname": "/a"}))


# -- agreement with the `urlpattern` package (Rust core, passes WPT for these families) --

_WORDS = ["a", "b", "ab", "x.y", "1", "42"]
_PATH_SEGMENTS = [*_WORDS, "", "a-b", "%41"]


@st.composite
def _pathname_patterns(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 4))
    pieces = []
    for index in range(count):
        kind = draw(
            st.sampled_from(
                ["static", "name", "name?", "name+", "name*", "regexp", "star", "group"]
            )
        )
        name = f"p{index}"
        if kind == "static":
            pieces.append("/" + draw(st.sampled_from(_WORDS)))
        elif kind == "name":
            pieces.append(f"/:{name}")
        elif kind in ("name?", "name+", "name*"):
            pieces.append(f"/:{name}{kind[-1]}")
        elif kind == "regexp":
            pieces.append("/(" + draw(st.sampled_from(["\\d+", "[a-z]+", "a|b", ".*"])) + ")")
        elif kind == "star":
            pieces.append("/*")
        else:
            pieces.append("{/" + draw(st.sampled_from(_WORDS)) + "}?")
    return "".join(pieces)


_paths = st.lists(st.sampled_from(_PATH_SEGMENTS), min_size=0, max_size=5).map(
    lambda segments: "/" + "/".join(segments)
)


@given(pattern=_pathname_patterns(), path=_paths)
def test_test_and_exec_agree_with_the_urlpattern_package(pattern: str, path: str) -> None:
    ours = URLPattern({"pathname": pattern})
    theirs = reference.URLPattern({"pathname": pattern})
    assert ours.pathname == theirs.pathname
    assert ours.test({"pathname": path}) == theirs.test({"pathname": path})
    result = ours.exec({"pathname": path})
    expected = theirs.exec({"pathname": path})
    if expected is None:
        assert result is None
    else:
        assert result is not None
        assert result.pathname.groups == expected["pathname"]["groups"]


@given(
    hostname=st.sampled_from(["example.com", "*.example.com", ":sub.example.com", "{a.}?b.c"]),
    host=st.sampled_from(["example.com", "a.example.com", "b.c", "a.b.c", "x.y.example.com"]),
)
def test_hostname_patterns_agree_with_the_urlpattern_package(hostname: str, host: str) -> None:
    url = f"https://{host}/"
    assert URLPattern({"hostname": hostname}).test(url) == reference.URLPattern(
        {"hostname": hostname}
    ).test(url)


def test_a_url_object_matches_by_its_components() -> None:
    url = URL("https://x.test/u/5?q")
    result = URLPattern({"pathname": "/u/:id"}).exec(url)
    assert result is not None
    assert result.inputs == [url]
    assert result.pathname.groups == {"id": "5"}
    with pytest.raises(TypeError):
        URLPattern({}).test(url, "https://x.test")


def test_username_with_a_colon_group_is_one_component() -> None:
    # ":pw" is a named group token, so it is no password prefix
    pattern = URLPattern("https://user:pw@example.com:8080/x?q=1#f")
    assert (pattern.username, pattern.password, pattern.port) == ("user:pw", "*", "8080")


# -- WPT urlpattern/urlpattern-hasregexpgroups.any.js (resources/..-tests.js) --------------

_HAS_REGEXP_COMPONENTS = [
    "protocol",
    "username",
    "password",
    "hostname",
    "port",
    "pathname",
    "search",
    "hash",
]


@pytest.mark.parametrize("component", _HAS_REGEXP_COMPONENTS)
def test_wpt_has_reg_exp_groups(component: str) -> None:
    """urlpattern-hasregexpgroups.any.js, per component."""
    assert URLPattern({}).has_reg_exp_groups is False, "match-everything pattern"
    assert URLPattern({component: "*"}).has_reg_exp_groups is False, "wildcard"
    assert URLPattern({component: ":foo"}).has_reg_exp_groups is False, "segment wildcard"
    assert URLPattern({component: ":foo?"}).has_reg_exp_groups is False, "optional segment"
    assert URLPattern({component: ":foo(hi)"}).has_reg_exp_groups is True, "named regexp group"
    assert URLPattern({component: "(hi)"}).has_reg_exp_groups is True, "anonymous regexp group"
    if component not in ("protocol", "port"):
        # these components are narrower in what they accept in any case
        mixed = URLPattern({component: "a-{:hello}-z-*-a"})
        assert mixed.has_reg_exp_groups is False, "wildcards mixed with fixed text"
        groups = URLPattern({component: "a-(hi)-z-(lo)-a"})
        assert groups.has_reg_exp_groups is True, "regexp groups mixed with fixed text"


def test_wpt_has_reg_exp_groups_complex_pathname() -> None:
    """urlpattern-hasregexpgroups.any.js, complex pathnames."""
    assert URLPattern({"pathname": "/a/:foo/:baz?/b/*"}).has_reg_exp_groups is False
    assert URLPattern({"pathname": "/a/:foo/:baz([a-z]+)?/b/*"}).has_reg_exp_groups is True
