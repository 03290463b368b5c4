"""Ports of WPT url/urlsearchparams-*.any.js, url/url-searchparams.any.js and
url/urlencoded-parser.any.js. Test names are the WPT file and test title.

JavaScript converts `null` and numbers to strings; webstd takes only `str` (API.md), so
`append(null, null)` becomes `append("null", "null")` and the conversions themselves are
checked to raise TypeError in test_search_params.py.
"""

from __future__ import annotations

import pytest

from webstd import URL, URLSearchParams

# -- urlencoded-parser.any.js (data: url/resources/urlencoded-parser-data.json) -------------

_URLENCODED_PARSER_DATA: list[tuple[str, list[tuple[str, str]]]] = [
    ("test", [("test", "")]),
    ("\ufefftest=\ufeff", [("\ufefftest", "\ufeff")]),
    ("%EF%BB%BFtest=%EF%BB%BF", [("\ufefftest", "\ufeff")]),
    ("%EF%BF%BF=%EF%BF%BF", [("\uffff", "\uffff")]),
    ("%FE%FF", [("\ufffd\ufffd", "")]),
    ("%FF%FE", [("\ufffd\ufffd", "")]),
    ("†&†=x", [("†", ""), ("†", "x")]),
    ("%C2", [("\ufffd", "")]),
    ("%C2x", [("\ufffdx", "")]),
    ("_charset_=windows-1252&test=%C2x", [("_charset_", "windows-1252"), ("test", "\ufffdx")]),
    ("", []),
    ("a", [("a", "")]),
    ("a=b", [("a", "b")]),
    ("a=", [("a", "")]),
    ("=b", [("", "b")]),
    ("&", []),
    ("&a", [("a", "")]),
    ("a&", [("a", "")]),
    ("a&a", [("a", ""), ("a", "")]),
    ("a&b&c", [("a", ""), ("b", ""), ("c", "")]),
    ("a=b&c=d", [("a", "b"), ("c", "d")]),
    ("a=b&c=d&", [("a", "b"), ("c", "d")]),
    ("&&&a=b&&&&c=d&", [("a", "b"), ("c", "d")]),
    ("a=a&a=b&a=c", [("a", "a"), ("a", "b"), ("a", "c")]),
    ("a==a", [("a", "=a")]),
    ("a=a+b+c+d", [("a", "a b c d")]),
    ("%=a", [("%", "a")]),
    ("%a=a", [("%a", "a")]),
    ("%a_=a", [("%a_", "a")]),
    ("%61=a", [("a", "a")]),
    ("%61+%4d%4D=", [("a MM", "")]),
    ("id=0&value=%", [("id", "0"), ("value", "%")]),
    ("b=%2sf%2a", [("b", "%2sf*")]),
    ("b=%2%2af%2a", [("b", "%2*f*")]),
    ("b=%%2a", [("b", "%*")]),
]


@pytest.mark.parametrize(
    ("input", "output"),
    _URLENCODED_PARSER_DATA,
    ids=[
        f"urlencoded-parser.any.js: URLSearchParams constructed with: {i}"
        for i, _ in _URLENCODED_PARSER_DATA
    ],
)
def test_urlencoded_parser(input: str, output: list[tuple[str, str]]) -> None:
    assert list(URLSearchParams(input)) == output


# -- urlsearchparams-append.any.js ---------------------------------------------------------


def test_append_same_name() -> None:
    params = URLSearchParams()
    params.append("a", "b")
    assert str(params) == "a=b"
    params.append("a", "b")
    assert str(params) == "a=b&a=b"
    params.append("a", "c")
    assert str(params) == "a=b&a=b&a=c"


def test_append_empty_strings() -> None:
    params = URLSearchParams()
    params.append("", "")
    assert str(params) == "="
    params.append("", "")
    assert str(params) == "=&="


def test_append_null() -> None:
    params = URLSearchParams()
    params.append("null", "null")
    assert str(params) == "null=null"
    params.append("null", "null")
    assert str(params) == "null=null&null=null"


def test_append_multiple() -> None:
    params = URLSearchParams()
    params.append("first", "1")
    params.append("second", "2")
    params.append("third", "")
    params.append("first", "10")
    assert params.has("first")
    assert params.get("first") == "1"
    assert params.get("second") == "2"
    assert params.get("third") == ""
    params.append("first", "10")
    assert params.get("first") == "1"


# -- urlsearchparams-constructor.any.js ----------------------------------------------------


def test_constructor_basic_urlsearchparams_construction() -> None:
    assert str(URLSearchParams()) == ""
    assert str(URLSearchParams("")) == ""
    params = URLSearchParams("a=b")
    assert str(params) == "a=b"
    assert str(URLSearchParams(params)) == "a=b"


def test_constructor_no_arguments() -> None:
    assert str(URLSearchParams()) == ""


def test_constructor_remove_leading_question_mark() -> None:
    assert str(URLSearchParams("?a=b")) == "a=b"


def test_constructor_empty_mapping_as_argument() -> None:
    assert str(URLSearchParams({})) == ""


def test_constructor_string() -> None:
    params = URLSearchParams("a=b")
    assert params.has("a")
    assert not params.has("b")
    params = URLSearchParams("a=b&c")
    assert params.has("a")
    assert params.has("c")
    params = URLSearchParams("&a&&& &&&&&a+b=& c&m%c3%b8%c3%b8")
    assert params.has("a")
    assert params.has("a b")
    assert params.has(" ")
    assert not params.has("c")
    assert params.has(" c")
    assert params.has("møø")
    params = URLSearchParams("id=0&value=%")
    assert params.get("id") == "0"
    assert params.get("value") == "%"
    assert URLSearchParams("b=%2sf%2a").get("b") == "%2sf*"
    assert URLSearchParams("b=%2%2af%2a").get("b") == "%2*f*"
    assert URLSearchParams("b=%%2a").get("b") == "%*"


def test_constructor_object() -> None:
    seed = URLSearchParams("a=b&c=d")
    params = URLSearchParams(seed)
    assert params.get("a") == "b"
    assert params.get("c") == "d"
    assert not params.has("d")
    seed.append("e", "f")
    assert not params.has("e")
    params.append("g", "h")
    assert not seed.has("g")


def test_constructor_parse_plus() -> None:
    assert URLSearchParams("a=b+c").get("a") == "b c"
    assert URLSearchParams("a+b=c").get("a b") == "c"


def test_constructor_parse_encoded_plus() -> None:
    params = URLSearchParams()
    params.set("query", "+15555555555")
    assert str(params) == "query=%2B15555555555"
    assert params.get("query") == "+15555555555"
    assert URLSearchParams(str(params)).get("query") == "+15555555555"


@pytest.mark.parametrize(
    ("title", "encoded", "decoded"),
    [
        ("Parse space", " ", " "),
        ("Parse %20", "%20", " "),
        ("Parse \\0", "\0", "\0"),
        ("Parse %00", "%00", "\0"),
        ("Parse \\u2384", "\u2384", "\u2384"),
        ("Parse %e2%8e%84", "%e2%8e%84", "\u2384"),
        ("Parse \\uD83D\\uDCA9", "\U0001f4a9", "\U0001f4a9"),
        ("Parse %f0%9f%92%a9", "%f0%9f%92%a9", "\U0001f4a9"),
    ],
)
def test_constructor_parse(title: str, encoded: str, decoded: str) -> None:
    assert URLSearchParams(f"a=b{encoded}c").get("a") == f"b{decoded}c"
    assert URLSearchParams(f"a{encoded}b=c").get(f"a{decoded}b") == "c"


def test_constructor_with_sequence_of_sequences_of_strings() -> None:
    assert URLSearchParams([]).size == 0
    params = URLSearchParams([["a", "b"], ["c", "d"]])
    assert params.get("a") == "b"
    assert params.get("c") == "d"
    with pytest.raises(TypeError):
        URLSearchParams([["1"]])
    with pytest.raises(TypeError):
        URLSearchParams([["1", "2", "3"]])


@pytest.mark.parametrize(
    ("title", "init", "output"),
    [
        ("object with +", {"+": "%C2"}, [("+", "%C2")]),
        ("object with two keys", {"c": "x", "a": "?"}, [("c", "x"), ("a", "?")]),
        ("array with two keys", [["c", "x"], ["a", "?"]], [("c", "x"), ("a", "?")]),
        (
            "2 unpaired surrogates (no trailing)",
            dict([("\ud835x", "1"), ("xx", "2"), ("\ud83dx", "3")]),
            [("\ufffdx", "1"), ("xx", "2"), ("\ufffdx", "3")],
        ),
        (
            "3 unpaired surrogates (no leading)",
            dict([("x\udc53", "1"), ("x\udc5c", "2"), ("x\udc65", "3")]),
            [("x\ufffd", "1"), ("x\ufffd", "2"), ("x\ufffd", "3")],
        ),
        (
            "object with NULL, non-ASCII, and surrogate keys",
            {"a\0b": "42", "c\ud83d": "23", "d\u1234": "foo"},
            [("a\0b", "42"), ("c\ufffd", "23"), ("d\u1234", "foo")],
        ),
    ],
)
def test_constructor_construct_with(
    title: str, init: object, output: list[tuple[str, str]]
) -> None:
    # A JS record keeps one entry per converted key; a Python dict keeps the distinct
    # str keys, so the converted duplicates all appear (each with U+FFFD).
    assert list(URLSearchParams(init)) == output  # type: ignore[arg-type]


def test_constructor_custom_iterator() -> None:
    def pairs() -> object:
        yield ("a", "b")

    assert URLSearchParams(pairs()).get("a") == "b"  # type: ignore[arg-type]


# -- urlsearchparams-delete.any.js ----------------------------------------------------------


def test_delete_basics() -> None:
    params = URLSearchParams("a=b&c=d")
    params.delete("a")
    assert str(params) == "c=d"
    params = URLSearchParams("a=a&b=b&a=a&c=c")
    params.delete("a")
    assert str(params) == "b=b&c=c"
    params = URLSearchParams("a=a&=&b=b&c=c")
    params.delete("")
    assert str(params) == "a=a&b=b&c=c"
    params = URLSearchParams("a=a&null=null&b=b")
    params.delete("null")
    assert str(params) == "a=a&b=b"


def test_delete_deleting_appended_multiple() -> None:
    params = URLSearchParams()
    params.append("first", "1")
    assert params.has("first")
    assert params.get("first") == "1"
    params.delete("first")
    assert not params.has("first")
    params.append("first", "1")
    params.append("first", "10")
    params.delete("first")
    assert not params.has("first")


def test_delete_deleting_all_params_removes_question_mark_from_url() -> None:
    url = URL("http://example.com/?param1&param2")
    url.search_params.delete("param1")
    url.search_params.delete("param2")
    assert url.href == "http://example.com/"
    assert url.search == ""


def test_delete_removing_non_existent_param_removes_question_mark_from_url() -> None:
    url = URL("http://example.com/?")
    url.search_params.delete("param1")
    assert url.href == "http://example.com/"
    assert url.search == ""


def test_delete_changing_the_query_of_a_url_with_an_opaque_path_can_impact_the_path() -> None:
    url = URL("data:space    ?test")
    assert url.search_params.has("test")
    url.search_params.delete("test")
    assert not url.search_params.has("test")
    assert url.search == ""
    assert url.pathname == "space   %20"
    assert url.href == "data:space   %20"


def test_delete_with_value() -> None:
    """Two-argument delete()."""
    params = URLSearchParams()
    params.append("a", "b")
    params.append("a", "c")
    params.append("a", "d")
    params.delete("a", "c")
    assert str(params) == "a=b&a=d"


def test_delete_with_value_on_url() -> None:
    """Two-argument delete() on a URL's search_params writes through."""
    url = URL("http://example.com/?a=b&a=c")
    url.search_params.delete("a", "c")
    assert url.href == "http://example.com/?a=b"


# -- urlsearchparams-foreach.any.js ---------------------------------------------------------


def test_foreach_check() -> None:
    params = URLSearchParams("a=1&b=2&c=3")
    keys: list[str] = []
    values: list[str] = []

    def collect(value: str, key: str, _: URLSearchParams) -> None:
        keys.append(key)
        values.append(value)

    params.for_each(collect)
    assert keys == ["a", "b", "c"]
    assert values == ["1", "2", "3"]


def test_foreach_for_of_check() -> None:
    a = URL("http://a.b/c?a=1&b=2&c=3&d=4")
    b = a.search_params
    c = []
    for i in b:
        a.search = "x=1&y=2&z=3"
        c.append(i)
    assert c == [("a", "1"), ("y", "2"), ("z", "3")]


def test_foreach_empty() -> None:
    assert list(URL("http://a.b/c").search_params) == []


def test_foreach_delete_next_param_during_iteration() -> None:
    search_params = URL("http://localhost/query?param0=0&param1=1&param2=2").search_params
    seen = []
    for param in search_params:
        if param[0] == "param0":
            search_params.delete("param1")
        seen.append(param)
    assert seen == [("param0", "0"), ("param2", "2")]


def test_foreach_delete_current_param_during_iteration() -> None:
    search_params = URL("http://localhost/query?param0=0&param1=1&param2=2").search_params
    seen = []
    for param in search_params:
        if param[0] == "param0":
            search_params.delete("param0")
        else:
            seen.append(param)
    assert seen == [("param2", "2")]


def test_foreach_delete_every_param_seen_during_iteration() -> None:
    search_params = URL("http://localhost/query?param0=0&param1=1&param2=2").search_params
    seen = []
    for param in search_params:
        seen.append(param[0])
        search_params.delete(param[0])
    assert seen == ["param0", "param2"]
    assert str(search_params) == "param1=1"


# -- urlsearchparams-get.any.js / urlsearchparams-getall.any.js -----------------------------


def test_get_basics() -> None:
    params = URLSearchParams("a=b&c=d")
    assert params.get("a") == "b"
    assert params.get("c") == "d"
    assert params.get("e") is None
    assert URLSearchParams("a=b&c=d&a=e").get("a") == "b"
    assert URLSearchParams("=b&c=d").get("") == "b"
    assert URLSearchParams("a=&c=d&a=e").get("a") == ""


def test_get_more_get_basics() -> None:
    params = URLSearchParams("first=second&third&&")
    assert params.has("first")
    assert params.get("first") == "second"
    assert params.get("third") == ""
    assert params.get("fourth") is None


def test_getall_basics() -> None:
    params = URLSearchParams("a=b&c=d")
    assert params.get_all("a") == ["b"]
    assert params.get_all("c") == ["d"]
    assert params.get_all("e") == []
    assert URLSearchParams("a=b&c=d&a=e").get_all("a") == ["b", "e"]
    assert URLSearchParams("=b&c=d").get_all("") == ["b"]
    assert URLSearchParams("a=&c=d&a=e").get_all("a") == ["", "e"]


def test_getall_multiples() -> None:
    params = URLSearchParams("a=1&a=2&a=3&a")
    assert params.has("a")
    assert params.get_all("a") == ["1", "2", "3", ""]
    params.set("a", "one")
    assert params.get("a") == "one"
    assert params.get_all("a") == ["one"]


# -- urlsearchparams-has.any.js -------------------------------------------------------------


def test_has_basics() -> None:
    params = URLSearchParams("a=b&c=d")
    assert params.has("a")
    assert params.has("c")
    assert not params.has("e")
    assert URLSearchParams("a=b&c=d&a=e").has("a")
    assert URLSearchParams("=b&c=d").has("")
    assert URLSearchParams("null=a").has("null")


def test_has_following_delete() -> None:
    params = URLSearchParams("a=b&c=d&&")
    params.append("first", "1")
    params.append("first", "2")
    assert params.has("a")
    assert params.has("c")
    assert params.has("first")
    assert not params.has("d")
    params.delete("first")
    assert not params.has("first")


def test_has_two_argument() -> None:
    params = URLSearchParams("a=b&a=d&c&e&")
    assert params.has("a", "b")
    assert not params.has("a", "c")
    assert params.has("a", "d")
    assert params.has("e", "")
    params.append("first", "null")
    assert params.has("first", "null")
    params.delete("a", "b")
    assert params.has("a", "d")


# -- urlsearchparams-set.any.js -------------------------------------------------------------


def test_set_basics() -> None:
    params = URLSearchParams("a=b&c=d")
    params.set("a", "B")
    assert str(params) == "a=B&c=d"
    params = URLSearchParams("a=b&c=d&a=e")
    params.set("a", "B")
    assert str(params) == "a=B&c=d"
    params.set("e", "f")
    assert str(params) == "a=B&c=d&e=f"


def test_set_urlsearchparams_set() -> None:
    params = URLSearchParams("a=1&a=2&a=3")
    assert params.has("a")
    assert params.get("a") == "1"
    assert str(params) == "a=1&a=2&a=3"
    params.set("first", "4")
    assert params.get("a") == "1"
    assert str(params) == "a=1&a=2&a=3&first=4"
    params.set("a", "4")
    assert params.get("a") == "4"
    assert str(params) == "a=4&first=4"


# -- urlsearchparams-size.any.js ------------------------------------------------------------


def test_size_and_deletion() -> None:
    params = URLSearchParams("a=1&b=2&a=3")
    assert params.size == 3
    params.delete("a")
    assert params.size == 1


def test_size_and_addition() -> None:
    params = URLSearchParams("a=1&b=2&a=3")
    assert params.size == 3
    params.append("b", "4")
    assert params.size == 4
    assert len(params) == 4


def test_size_when_obtained_from_a_url() -> None:
    url = URL("http://localhost/query?a=1&b=2&a=3")
    assert url.search_params.size == 3
    url.search_params.delete("a")
    assert url.search_params.size == 1
    url.search_params.append("b", "4")
    assert url.search_params.size == 2


def test_size_when_obtained_from_a_url_and_using_search() -> None:
    url = URL("http://localhost/query?a=1&b=2&a=3")
    assert url.search_params.size == 3
    url.search = "?"
    assert url.search_params.size == 0


# -- urlsearchparams-sort.any.js ------------------------------------------------------------

_SORT_CASES: list[tuple[str, list[tuple[str, str]]]] = [
    ("z=b&a=b&z=a&a=a", [("a", "b"), ("a", "a"), ("z", "b"), ("z", "a")]),
    ("\ufffd=x&\ufffc&\ufffd=a", [("\ufffc", ""), ("\ufffd", "x"), ("\ufffd", "a")]),
    ("ﬃ&🌈", [("🌈", ""), ("ﬃ", "")]),
    ("é&e\ufffd&e\u0301", [("e\u0301", ""), ("e\ufffd", ""), ("é", "")]),
    (
        "z=z&a=a&z=y&a=b&z=x&a=c&z=w&a=d&z=v&a=e&z=u&a=f&z=t&a=g",
        [("a", c) for c in "abcdefg"] + [("z", c) for c in "zyxwvut"],
    ),
    ("bbb&bb&aaa&aa=x&aa=y", [("aa", "x"), ("aa", "y"), ("aaa", ""), ("bb", ""), ("bbb", "")]),
    ("z=z&=f&=t&=x", [("", "f"), ("", "t"), ("", "x"), ("z", "z")]),
    ("a🌈&a💩", [("a🌈", ""), ("a💩", "")]),
]


@pytest.mark.parametrize(
    ("input", "output"), _SORT_CASES, ids=[f"Parse and sort: {i}" for i, _ in _SORT_CASES]
)
def test_sort_parse_and_sort(input: str, output: list[tuple[str, str]]) -> None:
    params = URLSearchParams(input)
    params.sort()
    assert list(params) == output


@pytest.mark.parametrize(
    ("input", "output"), _SORT_CASES, ids=[f"URL parse and sort: {i}" for i, _ in _SORT_CASES]
)
def test_sort_url_parse_and_sort(input: str, output: list[tuple[str, str]]) -> None:
    url = URL("?" + input, "https://example/")
    url.search_params.sort()
    assert list(URLSearchParams(url.search)) == output


def test_sort_sorting_non_existent_params_removes_question_mark_from_url() -> None:
    url = URL("http://example.com/?")
    url.search_params.sort()
    assert url.href == "http://example.com/"
    assert url.search == ""


# -- urlsearchparams-stringifier.any.js -----------------------------------------------------


def test_stringifier_serialize_space() -> None:
    params = URLSearchParams()
    params.append("a", "b c")
    assert str(params) == "a=b+c"
    params.delete("a")
    params.append("a b", "c")
    assert str(params) == "a+b=c"


def test_stringifier_serialize_empty_value() -> None:
    params = URLSearchParams()
    params.append("a", "")
    assert str(params) == "a="
    params.append("a", "")
    assert str(params) == "a=&a="
    params.append("", "b")
    assert str(params) == "a=&a=&=b"
    params.append("", "")
    assert str(params) == "a=&a=&=b&="
    params.append("", "")
    assert str(params) == "a=&a=&=b&=&="


def test_stringifier_serialize_empty_name() -> None:
    params = URLSearchParams()
    params.append("", "b")
    assert str(params) == "=b"
    params.append("", "b")
    assert str(params) == "=b&=b"


def test_stringifier_serialize_empty_name_and_value() -> None:
    params = URLSearchParams()
    params.append("", "")
    assert str(params) == "="
    params.append("", "")
    assert str(params) == "=&="


@pytest.mark.parametrize(
    ("title", "raw", "encoded"),
    [
        ("Serialize +", "+", "%2B"),
        ("Serialize =", "=", "%3D"),
        ("Serialize &", "&", "%26"),
        ("Serialize *-._", "*-._", "*-._"),
        ("Serialize %", "%", "%25"),
        ("Serialize \\0", "\0", "%00"),
        ("Serialize \\uD83D\\uDCA9", "\U0001f4a9", "%F0%9F%92%A9"),
    ],
)
def test_stringifier_serialize(title: str, raw: str, encoded: str) -> None:
    params = URLSearchParams()
    params.append("a", f"b{raw}c")
    assert str(params) == f"a=b{encoded}c"
    params.delete("a")
    params.append(f"a{raw}b", "c")
    assert str(params) == f"a{encoded}b=c"


def test_stringifier_urlsearchparams_to_string() -> None:
    assert str(URLSearchParams("a=b&c=d&&e&&")) == "a=b&c=d&e="
    assert str(URLSearchParams("a = b &a=b&c=d%20")) == "a+=+b+&a=b&c=d+"
    assert str(URLSearchParams("a=&a=b")) == "a=&a=b"
    assert str(URLSearchParams("b=%2sf%2a")) == "b=%252sf*"
    assert str(URLSearchParams("b=%2%2af%2a")) == "b=%252*f*"
    assert str(URLSearchParams("b=%%2a")) == "b=%25*"
    assert str(URLSearchParams("id=0&value=%")) == "id=0&value=%25"


def test_stringifier_urlsearchparams_connected_to_url() -> None:
    url = URL("http://www.example.com/?a=b,c")
    params = url.search_params
    assert str(url) == "http://www.example.com/?a=b,c"
    assert str(params) == "a=b%2Cc"
    params.append("x", "y")
    assert str(url) == "http://www.example.com/?a=b%2Cc&x=y"
    assert str(params) == "a=b%2Cc&x=y"


def test_stringifier_urlsearchparams_must_not_do_newline_normalization() -> None:
    params = URL("http://www.example.com/").search_params
    params.append("a\nb", "c\rd")
    params.append("e\n\rf", "g\r\nh")
    assert str(params) == "a%0Ab=c%0Dd&e%0A%0Df=g%0D%0Ah"


# -- url-searchparams.any.js ----------------------------------------------------------------


def test_url_searchparams_getter() -> None:
    url = URL("http://example.org/?a=b", "about:blank")
    assert url.search_params is url.search_params


def test_url_searchparams_updating_clearing() -> None:
    url = URL("http://example.org/?a=b", "about:blank")
    search_params = url.search_params
    assert str(search_params) == "a=b"
    search_params.set("a", "b")
    assert str(url.search_params) == "a=b"
    assert url.search == "?a=b"
    url.search = ""
    assert str(url.search_params) == ""
    assert url.search == ""
    assert str(search_params) == ""


def test_url_searchparams_setter_invalid_values() -> None:
    url = URL("http://example.org", "about:blank")
    with pytest.raises(AttributeError):
        url.search_params = URLSearchParams("http://example.org")  # type: ignore[misc]


def test_url_searchparams_and_url_search_setters_update_propagation() -> None:
    url = URL("http://example.org/file?a=b&c=d", "about:blank")
    search_params = url.search_params
    assert url.search == "?a=b&c=d"
    assert str(search_params) == "a=b&c=d"
    url.search = "e=f&g=h"
    assert url.search == "?e=f&g=h"
    assert str(search_params) == "e=f&g=h"
    url.search = "?e=f&g=h"
    assert url.search == "?e=f&g=h"
    assert str(search_params) == "e=f&g=h"
    search_params.append("i", " j ")
    assert url.search == "?e=f&g=h&i=+j+"
    assert str(url.search_params) == "e=f&g=h&i=+j+"
    assert search_params.get("i") == " j "
    search_params.set("e", "updated")
    assert url.search == "?e=updated&g=h&i=+j+"
    assert search_params.get("e") == "updated"
    url2 = URL("http://example.org/file??a=b&c=d", "about:blank")
    assert url2.search == "??a=b&c=d"
    assert str(url2.search_params) == "%3Fa=b&c=d"
    url2.href = "http://example.org/file??a=b"
    assert url2.search == "??a=b"
    assert str(url2.search_params) == "%3Fa=b"


# -- urlsearchparams-constructor-formdata.any.js ------------------------------------------


def test_constructor_formdata() -> None:
    """URLSearchParams constructor, FormData (an iterable of name-value pairs)."""
    from webstd import FormData

    form_data = FormData()
    form_data.append("a", "b")
    form_data.append("c", "d")
    params = URLSearchParams(form_data)  # type: ignore[arg-type]
    assert params.get("a") == "b"
    assert params.get("c") == "d"
    assert not params.has("d")
    form_data.append("e", "f")
    assert not params.has("e")
    params.append("g", "h")
    assert not form_data.has("g")


# -- urlencoded-parser-request-response.any.js (same data) ----------------------------------


@pytest.mark.parametrize(
    ("input", "output"),
    _URLENCODED_PARSER_DATA,
    ids=[f"request.formData() with input: {i}" for i, _ in _URLENCODED_PARSER_DATA],
)
async def test_request_form_data_urlencoded(input: str, output: list[tuple[str, str]]) -> None:
    """The body is always decoded as UTF-8, whatever the charset parameter says."""
    from webstd import Request

    request = Request(
        "about:blank",
        body=input,
        method="LADIDA",
        headers={"Content-Type": "application/x-www-form-urlencoded;charset=windows-1252"},
    )
    form_data = await request.form_data()
    assert list(form_data) == output


@pytest.mark.parametrize(
    ("input", "output"),
    _URLENCODED_PARSER_DATA,
    ids=[f"response.formData() with input: {i}" for i, _ in _URLENCODED_PARSER_DATA],
)
async def test_response_form_data_urlencoded(input: str, output: list[tuple[str, str]]) -> None:
    """As above, for a Response whose charset parameter is shift_jis."""
    from webstd import Response

    response = Response(
        input, headers={"Content-Type": "application/x-www-form-urlencoded;charset=shift_jis"}
    )
    form_data = await response.form_data()
    assert list(form_data) == output
