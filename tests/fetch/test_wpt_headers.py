"""Ports of WPT fetch/api/headers/*.any.js, named after file and test title.

JavaScript-only cases (prototypes, proxies, Symbol keys, iterator prototype
checks, XMLHttpRequest) and cases that need a browser's forbidden-header
filtering are listed in tests/wpt/SKIPPED.md.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest

from webstd import Headers, Request


def encode_uri(text: str) -> str:
    """JavaScript's encodeURI, for test ids that match WPT's titles."""
    return urllib.parse.quote(text, safe="-_.!~*'();/?:@&=+$,#")


# --- headers-basic.any.js --------------------------------------------------

# headerDict with the values JavaScript would stringify (null, undefined, 1):
# webstd takes only str/bytes values (tested below), so the strings are spelled out.
HEADER_DICT = {
    "name1": "value1",
    "name2": "value2",
    "name3": "value3",
    "name4": "null",
    "name5": "undefined",
    "name6": "1",
    "Content-Type": "value4",
}
HEADER_SEQ = list(HEADER_DICT.items())


def test_headers_basic_create_headers_from_no_parameter() -> None:
    assert list(Headers()) == []


def test_headers_basic_create_headers_from_undefined_parameter() -> None:
    assert list(Headers(None)) == []


def test_headers_basic_create_headers_from_empty_object() -> None:
    assert list(Headers({})) == []


def test_headers_basic_create_headers_with_1_should_throw() -> None:
    with pytest.raises(TypeError):
        Headers(1)  # type: ignore[arg-type]


def test_headers_basic_create_headers_with_sequence() -> None:
    headers = Headers(HEADER_SEQ)
    for name, value in HEADER_DICT.items():
        assert headers.get(name) == value
    assert headers.get("length") is None  # treated as a sequence, not as a dictionary


def test_headers_basic_create_headers_with_record() -> None:
    headers = Headers(HEADER_DICT)
    for name, value in HEADER_DICT.items():
        assert headers.get(name) == value


def test_headers_basic_create_headers_with_existing_headers() -> None:
    headers2 = Headers(Headers(HEADER_DICT))
    for name, value in HEADER_DICT.items():
        assert headers2.get(name) == value


def test_headers_basic_check_append_method() -> None:
    headers = Headers()
    for name, value in HEADER_DICT.items():
        headers.append(name, value)
        assert headers.get(name) == value


def test_headers_basic_check_set_method() -> None:
    headers = Headers()
    for name, value in HEADER_DICT.items():
        headers.set(name, value)
        assert headers.get(name) == value


def test_headers_basic_check_has_method() -> None:
    headers = Headers(HEADER_DICT)
    for name in HEADER_DICT:
        assert headers.has(name)
    assert not headers.has("nameNotInHeaders")


def test_headers_basic_check_delete_method() -> None:
    headers = Headers(HEADER_DICT)
    for name in HEADER_DICT:
        assert headers.has(name)
        headers.delete(name)
        assert not headers.has(name)


def test_headers_basic_check_get_method() -> None:
    headers = Headers(HEADER_DICT)
    for name, value in HEADER_DICT.items():
        assert headers.get(name) == value
    assert headers.get("nameNotInHeaders") is None


HEADER_ENTRIES_DICT = {
    "name1": "value1",
    "Name2": "value2",
    "name": "value3",
    "content-Type": "value4",
    "Content-Typ": "value5",
    "Content-Types": "value6",
}
SORTED_HEADER_DICT = {name.lower(): value for name, value in HEADER_ENTRIES_DICT.items()}
SORTED_HEADER_KEYS = sorted(SORTED_HEADER_DICT)


def test_headers_basic_check_keys_method() -> None:
    headers = Headers(HEADER_ENTRIES_DICT)
    actual = headers.keys()
    for key in SORTED_HEADER_KEYS:
        assert next(actual) == key
    assert next(actual, None) is None
    assert next(actual, None) is None
    assert all(key in SORTED_HEADER_KEYS for key in headers.keys())  # noqa: SIM118


def test_headers_basic_check_values_method() -> None:
    headers = Headers(HEADER_ENTRIES_DICT)
    actual = headers.values()
    for key in SORTED_HEADER_KEYS:
        assert next(actual) == SORTED_HEADER_DICT[key]
    assert next(actual, None) is None
    assert next(actual, None) is None
    assert all(value in HEADER_ENTRIES_DICT.values() for value in headers.values())


def test_headers_basic_check_entries_method() -> None:
    headers = Headers(HEADER_ENTRIES_DICT)
    actual = headers.entries()
    for key in SORTED_HEADER_KEYS:
        assert next(actual) == (key, SORTED_HEADER_DICT[key])
    assert next(actual, None) is None
    assert next(actual, None) is None
    for name, value in headers.entries():
        assert value == SORTED_HEADER_DICT[name]


def test_headers_basic_check_symbol_iterator_method() -> None:
    actual = iter(Headers(HEADER_ENTRIES_DICT))
    for key in SORTED_HEADER_KEYS:
        assert next(actual) == (key, SORTED_HEADER_DICT[key])
    assert next(actual, None) is None
    assert next(actual, None) is None


def test_headers_basic_check_foreach_method() -> None:
    headers = Headers(HEADER_ENTRIES_DICT)
    reference = iter(SORTED_HEADER_KEYS)

    def callback(value: str, key: str, container: Headers) -> None:
        assert container is headers
        expected = next(reference)
        assert key == expected
        assert value == SORTED_HEADER_DICT[expected]

    headers.for_each(callback)
    assert next(reference, None) is None


def test_headers_basic_iteration_skips_elements_removed_while_iterating() -> None:
    headers = Headers({"foo": "2", "baz": "1", "BAR": "0"})
    keys, values = [], []
    for name, value in headers:
        keys.append(name)
        values.append(value)
        headers.delete("foo")
    assert keys == ["bar", "baz"]
    assert values == ["0", "1"]


def test_headers_basic_removing_elements_already_iterated_over_causes_an_element_to_be_skipped_during_iteration() -> (
    None
):
    headers = Headers({"foo": "2", "baz": "1", "BAR": "0", "quux": "3"})
    keys, values = [], []
    for name, value in headers:
        keys.append(name)
        values.append(value)
        if name == "baz":
            headers.delete("bar")
    assert keys == ["bar", "baz", "quux"]
    assert values == ["0", "1", "3"]


def test_headers_basic_appending_a_value_pair_during_iteration_causes_it_to_be_reached_during_iteration() -> (
    None
):
    headers = Headers({"foo": "2", "baz": "1", "BAR": "0", "quux": "3"})
    keys, values = [], []
    for name, value in headers:
        keys.append(name)
        values.append(value)
        if name == "baz":
            headers.append("X-yZ", "4")
    assert keys == ["bar", "baz", "foo", "quux", "x-yz"]
    assert values == ["0", "1", "2", "3", "4"]


def test_headers_basic_prepending_a_value_pair_before_the_current_element_position_causes_it_to_be_skipped_during_iteration() -> (
    None
):
    headers = Headers({"foo": "2", "baz": "1", "BAR": "0", "quux": "3"})
    keys, values = [], []
    for name, value in headers:
        keys.append(name)
        values.append(value)
        if name == "baz":
            headers.append("abc", "-1")
    assert keys == ["bar", "baz", "baz", "foo", "quux"]
    assert values == ["0", "1", "1", "2", "3"]


# --- headers-casing.any.js -------------------------------------------------

HEADER_DICT_CASE = {
    "UPPERCASE": "value1",
    "lowercase": "value2",
    "mixedCase": "value3",
    "Content-TYPE": "value4",
}


def check_headers_case(original: str, headers: Headers) -> None:
    expected = HEADER_DICT_CASE[original]
    assert headers.get(original) == expected
    assert headers.get(original.lower()) == expected
    assert headers.get(original.upper()) == expected


def test_headers_casing_create_headers_names_use_characters_with_different_case() -> None:
    headers = Headers(HEADER_DICT_CASE)
    for name in HEADER_DICT_CASE:
        check_headers_case(name, headers)


def test_headers_casing_check_append_method_names_use_characters_with_different_case() -> None:
    headers = Headers()
    for name, value in HEADER_DICT_CASE.items():
        headers.append(name, value)
        check_headers_case(name, headers)


def test_headers_casing_check_set_method_names_use_characters_with_different_case() -> None:
    headers = Headers()
    for name, value in HEADER_DICT_CASE.items():
        headers.set(name, value)
        check_headers_case(name, headers)


def test_headers_casing_check_delete_method_names_use_characters_with_different_case() -> None:
    headers = Headers()
    for name, value in HEADER_DICT_CASE.items():
        headers.set(name, value)
    for name in HEADER_DICT_CASE:
        headers.delete(name.lower())
    for name in HEADER_DICT_CASE:
        assert not headers.has(name)


# --- headers-combine.any.js ------------------------------------------------

HEADER_SEQ_COMBINE = [
    ("single", "singleValue"),
    ("double", "doubleValue1"),
    ("double", "doubleValue2"),
    ("triple", "tripleValue1"),
    ("triple", "tripleValue2"),
    ("triple", "tripleValue3"),
]
EXPECTED_COMBINED = {
    "single": "singleValue",
    "double": "doubleValue1, doubleValue2",
    "triple": "tripleValue1, tripleValue2, tripleValue3",
}


def test_headers_combine_create_headers_using_same_name_for_different_values() -> None:
    headers = Headers(HEADER_SEQ_COMBINE)
    for name, value in EXPECTED_COMBINED.items():
        assert headers.get(name) == value


def test_headers_combine_check_delete_and_has_methods_when_using_same_name_for_different_values() -> (
    None
):
    headers = Headers(HEADER_SEQ_COMBINE)
    for name in EXPECTED_COMBINED:
        assert headers.has(name)
        headers.delete(name)
        assert not headers.has(name)


def test_headers_combine_check_set_methods_when_called_with_already_used_name() -> None:
    headers = Headers(HEADER_SEQ_COMBINE)
    for name in EXPECTED_COMBINED:
        headers.set(name, "newSingleValue")
        assert headers.get(name) == "newSingleValue"


def test_headers_combine_check_append_methods_when_called_with_already_used_name() -> None:
    headers = Headers(HEADER_SEQ_COMBINE)
    for name in EXPECTED_COMBINED:
        value = headers.get(name)
        headers.append(name, "newSingleValue")
        assert headers.get(name) == f"{value}, newSingleValue"


def test_headers_combine_iterate_combined_values() -> None:
    headers = Headers([("1", "a"), ("1", "b")])
    assert list(headers) == [("1", "a, b")]


def test_headers_combine_iterate_combined_values_in_sorted_order() -> None:
    headers = Headers([("2", "a"), ("1", "b"), ("2", "b")])
    assert list(headers) == [("1", "b"), ("2", "a, b")]


# --- headers-errors.any.js -------------------------------------------------


def test_headers_errors_create_headers_giving_an_array_having_one_string_as_init_argument() -> None:
    with pytest.raises(TypeError):
        Headers([["name"]])


def test_headers_errors_create_headers_giving_an_array_having_three_strings_as_init_argument() -> (
    None
):
    with pytest.raises(TypeError):
        Headers([["invalid", "invalidValue1", "invalidValue2"]])


def test_headers_errors_create_headers_giving_bad_header_name_as_init_argument() -> None:
    with pytest.raises(TypeError):
        Headers([["invalidĀ", "Value1"]])


def test_headers_errors_create_headers_giving_bad_header_value_as_init_argument() -> None:
    with pytest.raises(TypeError):
        Headers([["name", "invalidValueĀ"]])


# {} in JavaScript stringifies to "[object Object]", an invalid name; in Python a
# non-str name is a TypeError by itself.
BAD_NAMES: list[Any] = ["invalidĀ", {}]
BAD_VALUES: list[Any] = ["invalidĀ"]


@pytest.mark.parametrize("name", BAD_NAMES, ids=repr)
def test_headers_errors_check_headers_get_with_an_invalid_name(name: Any) -> None:
    with pytest.raises(TypeError):
        Headers().get(name)


@pytest.mark.parametrize("name", BAD_NAMES, ids=repr)
def test_headers_errors_check_headers_delete_with_an_invalid_name(name: Any) -> None:
    with pytest.raises(TypeError):
        Headers().delete(name)


@pytest.mark.parametrize("name", BAD_NAMES, ids=repr)
def test_headers_errors_check_headers_has_with_an_invalid_name(name: Any) -> None:
    with pytest.raises(TypeError):
        Headers().has(name)


@pytest.mark.parametrize("name", BAD_NAMES, ids=repr)
def test_headers_errors_check_headers_set_with_an_invalid_name(name: Any) -> None:
    with pytest.raises(TypeError):
        Headers().set(name, "Value1")


@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
def test_headers_errors_check_headers_set_with_an_invalid_value(value: Any) -> None:
    with pytest.raises(TypeError):
        Headers().set("name", value)


@pytest.mark.parametrize("name", BAD_NAMES, ids=repr)
def test_headers_errors_check_headers_append_with_an_invalid_name(name: Any) -> None:
    # The WPT body appends "invalidĀ" whatever `name` is; the title's name is
    # checked too (a non-str name is a TypeError by itself in Python).
    with pytest.raises(TypeError):
        Headers().append("invalidĀ", "Value1")
    with pytest.raises(TypeError):
        Headers().append(name, "Value1")


@pytest.mark.parametrize("name", ["[object Object]"])
def test_headers_errors_check_headers_append_with_an_invalid_name_stringified(name: str) -> None:
    with pytest.raises(TypeError):
        Headers().append(name, "Value1")


@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
def test_headers_errors_check_headers_append_with_an_invalid_value(value: Any) -> None:
    with pytest.raises(TypeError):
        Headers().append("name", value)


def test_headers_errors_headers_foreach_throws_if_argument_is_not_callable() -> None:
    headers = Headers([("name", "value")])
    with pytest.raises(TypeError):
        headers.for_each()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        headers.for_each(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        headers.for_each(1)  # type: ignore[arg-type]


def test_headers_errors_headers_foreach_loop_should_stop_if_callback_is_throwing_exception() -> (
    None
):
    headers = Headers([("name1", "value1"), ("name2", "value2"), ("name3", "value3")])
    counter = 0

    def callback(value: str, name: str, container: Headers) -> None:
        nonlocal counter
        counter += 1
        if name == "name2":
            raise RuntimeError("error")

    with pytest.raises(RuntimeError, match="error"):
        headers.for_each(callback)
    assert counter == 2


# --- headers-normalize.any.js ----------------------------------------------

NORMALIZE_EXPECTATIONS = {
    "name1": (" space ", "space"),
    "name2": ("\ttab\t", "tab"),
    "name3": (" spaceAndTab\t", "spaceAndTab"),
    "name4": ("\r\n newLine", "newLine"),  # obs-fold cases
    "name5": ("newLine\r\n ", "newLine"),
    "name6": ("\r\n\tnewLine", "newLine"),
    "name7": ("\t\f\tnewLine\n", "\f\tnewLine"),
    "name8": ("newLine\xa0", "newLine\xa0"),  # \xa0 == non breaking space
}


def test_headers_normalize_create_headers_with_not_normalized_values() -> None:
    headers = Headers({name: raw for name, (raw, _) in NORMALIZE_EXPECTATIONS.items()})
    for name, (_, expected) in NORMALIZE_EXPECTATIONS.items():
        assert headers.get(name) == expected


def test_headers_normalize_check_append_method_with_not_normalized_values() -> None:
    headers = Headers()
    for name, (raw, expected) in NORMALIZE_EXPECTATIONS.items():
        headers.append(name, raw)
        assert headers.get(name) == expected


def test_headers_normalize_check_set_method_with_not_normalized_values() -> None:
    headers = Headers()
    for name, (raw, expected) in NORMALIZE_EXPECTATIONS.items():
        headers.set(name, raw)
        assert headers.get(name) == expected


# --- headers-record.any.js -------------------------------------------------


def test_headers_record_passing_nothing_to_headers_constructor() -> None:
    assert list(Headers()) == []


def test_headers_record_passing_undefined_to_headers_constructor() -> None:
    assert list(Headers(None)) == []


def test_headers_record_basic_operation_with_one_property() -> None:
    headers = Headers({"a": "b"})
    assert len(list(headers)) == 1
    assert list(headers.keys()) == ["a"]
    assert headers.has("a")
    assert headers.get("a") == "b"


def test_headers_record_correct_operation_ordering_with_two_properties() -> None:
    headers = Headers({"a": "b", "c": "d"})
    assert len(list(headers)) == 2
    assert list(headers.keys()) == ["a", "c"]
    assert headers.has("a")
    assert headers.get("a") == "b"
    assert headers.has("c")
    assert headers.get("c") == "d"


def test_headers_record_correct_operation_ordering_with_two_properties_one_of_which_has_an_invalid_name() -> (
    None
):
    with pytest.raises(TypeError):
        Headers({"a": "b", "\uffff": "d"})


def test_headers_record_correct_operation_ordering_with_two_properties_one_of_which_has_an_invalid_value() -> (
    None
):
    with pytest.raises(TypeError):
        Headers({"a": "\uffff", "c": "d"})


def test_headers_record_basic_operation_with_symbol_keys() -> None:
    # A record's keys must be strings; Symbol keys throw. In Python: a non-str key.
    with pytest.raises(TypeError):
        Headers({"a": "b", object(): "nope", "c": "d"})


# --- headers-structure.any.js ----------------------------------------------


@pytest.mark.parametrize(
    "method", ["append", "delete", "get", "has", "set", "entries", "keys", "values"]
)
def test_headers_structure_headers_has_method(method: str) -> None:
    assert callable(getattr(Headers(), method))


# --- header-setcookie.any.js -----------------------------------------------

SET_COOKIE_LIST = [("set-cookie", "foo=bar"), ("Set-Cookie", "fizz=buzz; domain=example.com")]
SET_COOKIE2_LIST = [
    ("set-cookie2", "foo2=bar2"),
    ("Set-Cookie2", "fizz2=buzz2; domain=example2.com"),
]


def test_header_setcookie_headers_prototype_get_combines_set_cookie_headers_in_order() -> None:
    headers = Headers(SET_COOKIE_LIST)
    assert headers.get("set-cookie") == "foo=bar, fizz=buzz; domain=example.com"


def test_header_setcookie_headers_iterator_does_not_combine_set_cookie_headers() -> None:
    assert list(Headers(SET_COOKIE_LIST)) == [
        ("set-cookie", "foo=bar"),
        ("set-cookie", "fizz=buzz; domain=example.com"),
    ]


def test_header_setcookie_headers_iterator_does_not_special_case_set_cookie2_headers() -> None:
    assert list(Headers(SET_COOKIE2_LIST)) == [
        ("set-cookie2", "foo2=bar2, fizz2=buzz2; domain=example2.com")
    ]


def test_header_setcookie_headers_iterator_does_not_combine_set_cookie_and_set_cookie2_headers() -> (
    None
):
    assert list(Headers([*SET_COOKIE_LIST, *SET_COOKIE2_LIST])) == [
        ("set-cookie", "foo=bar"),
        ("set-cookie", "fizz=buzz; domain=example.com"),
        ("set-cookie2", "foo2=bar2, fizz2=buzz2; domain=example2.com"),
    ]


def test_header_setcookie_headers_iterator_preserves_set_cookie_ordering() -> None:
    headers = Headers([("set-cookie", "z=z"), ("set-cookie", "a=a"), ("set-cookie", "n=n")])
    assert list(headers) == [("set-cookie", "z=z"), ("set-cookie", "a=a"), ("set-cookie", "n=n")]


def test_header_setcookie_headers_iterator_preserves_per_header_ordering_but_sorts_keys_alphabetically() -> (
    None
):
    headers = Headers(
        [
            ("xylophone-header", "1"),
            ("best-header", "2"),
            ("set-cookie", "3"),
            ("a-cool-header", "4"),
            ("set-cookie", "5"),
            ("a-cool-header", "6"),
            ("best-header", "7"),
        ]
    )
    assert list(headers) == [
        ("a-cool-header", "4, 6"),
        ("best-header", "2, 7"),
        ("set-cookie", "3"),
        ("set-cookie", "5"),
        ("xylophone-header", "1"),
    ]


def test_header_setcookie_headers_iterator_preserves_per_header_ordering_but_sorts_keys_alphabetically_and_ignores_value_ordering() -> (
    None
):
    headers = Headers(
        [
            ("xylophone-header", "7"),
            ("best-header", "6"),
            ("set-cookie", "5"),
            ("a-cool-header", "4"),
            ("set-cookie", "3"),
            ("a-cool-header", "2"),
            ("best-header", "1"),
        ]
    )
    assert list(headers) == [
        ("a-cool-header", "4, 2"),
        ("best-header", "6, 1"),
        ("set-cookie", "5"),
        ("set-cookie", "3"),
        ("xylophone-header", "7"),
    ]


def test_header_setcookie_headers_iterator_is_correctly_updated_with_set_cookie_changes() -> None:
    headers = Headers([("fizz", "buzz"), ("X-Header", "test")])
    iterator = iter(headers)
    assert next(iterator) == ("fizz", "buzz")
    headers.append("Set-Cookie", "a=b")
    assert next(iterator) == ("set-cookie", "a=b")
    headers.append("Accept", "text/html")
    assert next(iterator) == ("set-cookie", "a=b")
    assert next(iterator) == ("x-header", "test")
    headers.append("set-cookie", "c=d")
    assert next(iterator) == ("x-header", "test")
    assert next(iterator, None) is None


def test_header_setcookie_headers_iterator_is_correctly_updated_with_set_cookie_changes_2() -> None:
    headers = Headers([("set-cookie", "a"), ("set-cookie", "b"), ("set-cookie", "c")])
    iterator = iter(headers)
    assert next(iterator) == ("set-cookie", "a")
    headers.delete("set-cookie")
    headers.append("set-cookie", "d")
    headers.append("set-cookie", "e")
    headers.append("set-cookie", "f")
    assert next(iterator) == ("set-cookie", "e")
    assert next(iterator) == ("set-cookie", "f")
    assert next(iterator, None) is None


def test_header_setcookie_headers_prototype_has_works_for_set_cookie() -> None:
    assert Headers(SET_COOKIE_LIST).has("sEt-cOoKiE")


def test_header_setcookie_headers_prototype_append_works_for_set_cookie() -> None:
    headers = Headers(SET_COOKIE2_LIST)
    headers.append("set-Cookie", "foo=bar")
    headers.append("sEt-cOoKiE", "fizz=buzz")
    assert list(headers) == [
        ("set-cookie", "foo=bar"),
        ("set-cookie", "fizz=buzz"),
        ("set-cookie2", "foo2=bar2, fizz2=buzz2; domain=example2.com"),
    ]


def test_header_setcookie_headers_prototype_set_works_for_set_cookie() -> None:
    headers = Headers(SET_COOKIE_LIST)
    headers.set("set-cookie", "foo2=bar2")
    assert list(headers) == [("set-cookie", "foo2=bar2")]


def test_header_setcookie_headers_prototype_delete_works_for_set_cookie() -> None:
    headers = Headers(SET_COOKIE_LIST)
    headers.delete("set-Cookie")
    assert list(headers) == []


def test_header_setcookie_headers_prototype_getsetcookie_with_no_headers_present() -> None:
    assert Headers().get_set_cookie() == []


def test_header_setcookie_headers_prototype_getsetcookie_with_one_header() -> None:
    assert Headers([SET_COOKIE_LIST[0]]).get_set_cookie() == ["foo=bar"]


def test_header_setcookie_headers_prototype_getsetcookie_with_one_header_created_from_an_object() -> (
    None
):
    assert Headers({"Set-Cookie": "foo=bar"}).get_set_cookie() == ["foo=bar"]


def test_header_setcookie_headers_prototype_getsetcookie_with_multiple_headers() -> None:
    assert Headers(SET_COOKIE_LIST).get_set_cookie() == [
        "foo=bar",
        "fizz=buzz; domain=example.com",
    ]


def test_header_setcookie_headers_prototype_getsetcookie_with_an_empty_header() -> None:
    assert Headers([("set-cookie", "")]).get_set_cookie() == [""]


def test_header_setcookie_headers_prototype_getsetcookie_with_two_equal_headers() -> None:
    assert Headers([("set-cookie", "x"), ("set-cookie", "x")]).get_set_cookie() == ["x", "x"]


def test_header_setcookie_headers_prototype_getsetcookie_ignores_set_cookie2_headers() -> None:
    headers = Headers([("set-cookie2", "x"), ("set-cookie", "y"), ("set-cookie2", "z")])
    assert headers.get_set_cookie() == ["y"]


def test_header_setcookie_headers_prototype_getsetcookie_preserves_header_ordering() -> None:
    headers = Headers([("set-cookie", "z=z"), ("set-cookie", "a=a"), ("set-cookie", "n=n")])
    assert headers.get_set_cookie() == ["z=z", "a=a", "n=n"]


def test_header_setcookie_adding_set_cookie_headers_normalizes_their_value() -> None:
    headers = Headers({"Set-Cookie": "  a=b\n"})
    headers.append("set-cookie", "\n\rc=d  ")
    assert list(headers) == [("set-cookie", "a=b"), ("set-cookie", "c=d")]
    headers.set("set-cookie", "\te=f ")
    assert list(headers) == [("set-cookie", "e=f")]


def test_header_setcookie_adding_invalid_set_cookie_headers_throws() -> None:
    with pytest.raises(TypeError):
        Headers({"set-cookie": "\0"})
    headers = Headers()
    with pytest.raises(TypeError):
        headers.append("Set-Cookie", "a\nb")
    with pytest.raises(TypeError):
        headers.set("Set-Cookie", "a\rb")


# --- header-values.any.js --------------------------------------------------
# fetch() sends the Headers it is given; here the values go through Headers and
# its wire form (`_raw()` then `_from_raw()`, what a client and a server do).


@pytest.mark.parametrize("value", ["x" + chr(i) + "x" for i in (0x00, 0x0A, 0x0D)], ids=encode_uri)
def test_header_values_fetch_with_value_needs_to_throw(value: str) -> None:
    with pytest.raises(TypeError):
        Headers({"value-test": value})


def test_header_values_fetch_with_all_valid_values() -> None:
    values = ["x" + chr(i) + "x" for i in range(0x100) if i not in (0x00, 0x0A, 0x0D)]
    headers = Headers()
    for i, value in enumerate(values):
        headers.append(f"val{i}", value)
    received = Headers._from_raw(headers._raw())
    for i, value in enumerate(values):
        assert headers.get(f"val{i}") == value
        assert received.get(f"val{i}") == value


# --- header-values-normalize.any.js ----------------------------------------


@pytest.mark.parametrize("code", list(range(0x21)), ids=lambda i: encode_uri(chr(i)))
def test_header_values_normalize_fetch_with_value(code: int) -> None:
    value = chr(code)
    if code == 0:
        for name, sent in (("val1", value), ("val2", "x" + value), ("val3", value + "x")):
            with pytest.raises(TypeError):
                Headers({name: sent})
        return
    expected = "" if code in (0x09, 0x0A, 0x0D, 0x20) else value
    headers = Headers({"val1": value, "val2": "x" + value, "val3": value + "x"})
    received = Headers._from_raw(headers._raw())
    for h in (headers, received):
        assert h.get("val1") == expected
        assert h.get("val2") == "x" + expected
        assert h.get("val3") == expected + "x"


# --- headers-no-cors.any.js ------------------------------------------------

LONG_VALUE = "s" * 127
NO_CORS_LENGTH_ITEMS = [
    (["accept", "accept-language", "content-language"], [LONG_VALUE, "", LONG_VALUE]),
    (["accept", "accept-language", "content-language"], ["", LONG_VALUE]),
    (["content-type"], ["text/plain;" + "s" * 116, "text/plain"]),
]


@pytest.mark.parametrize(
    ("header", "values"),
    [(header, values) for headers, values in NO_CORS_LENGTH_ITEMS for header in headers],
    ids=lambda item: item if isinstance(item, str) else ", ".join(item),
)
def test_headers_no_cors_no_cors_headers_object_cannot_have_header_set_to_values(
    header: str, values: list[str]
) -> None:
    no_cors_headers = Request("about:blank", mode="no-cors").headers
    for value in values:
        no_cors_headers.append(header, value)
        assert no_cors_headers.get(header) == values[0]
    no_cors_headers.set(header, ", ".join(values))
    assert no_cors_headers.get(header) == values[0]
    no_cors_headers.delete(header)
    assert not no_cors_headers.has(header)


# fetch/api/cors/resources/not-cors-safelisted.json, then the extra pairs the test adds.
NOT_CORS_SAFELISTED = [
    ("accept", '"'),
    ("accept", "0123456789" * 12 + "012345678"),
    ("accept-language", "\u0001"),
    ("accept-language", "@"),
    ("authorization", "basics"),
    ("content-language", "\u0001"),
    ("content-language", "@"),
    ("content-type", "text/html"),
    ("content-type", "text/plain; long=" + "0123456789" * 11 + "01"),
    ("range", "bytes 0-"),
    ("test", "hi"),
    ("dpr", "2"),
    ("rtt", "1.0"),
    ("downlink", "-1.0"),
    ("ect", "6g"),
    ("save-data", "on"),
    ("viewport-width", "100"),
    ("width", "100"),
    ("unknown", "doesitmatter"),
]


@pytest.mark.parametrize(("name", "value"), NOT_CORS_SAFELISTED, ids=repr)
def test_headers_no_cors_no_cors_headers_object_cannot_have_name_value_as_header(
    name: str, value: str
) -> None:
    no_cors_headers = Request("about:blank", mode="no-cors").headers
    no_cors_headers.append(name, value)
    assert not no_cors_headers.has(name)
    no_cors_headers.set(name, value)
    assert not no_cors_headers.has(name)
