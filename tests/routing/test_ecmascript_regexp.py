"""ECMAScript (v-flag) regular expressions, translated to Python `re`."""

from __future__ import annotations

import pytest

from webstd.routing.ecmascript_regexp import captures, compile_pattern


def _match(source: str, text: str, ignore_case: bool = False) -> tuple[str | None, ...] | None:
    pattern, translation = compile_pattern(source, ignore_case)
    match = pattern.match(text)
    return None if match is None else tuple(captures(match, translation))


def test_class_escapes_are_ascii() -> None:
    assert _match("^\\d$", "\u0663") is None
    assert _match("^\\w$", "é") is None
    assert _match("^\\s$", "\ufeff") is not None  # ECMAScript WhiteSpace includes U+FEFF


def test_dot_excludes_every_line_terminator() -> None:
    for terminator in "\n\r\u2028\u2029":
        assert _match("^.$", terminator) is None
    assert _match("^(?s:.)$", "\n") is not None


def test_dollar_is_the_end_of_input_only() -> None:
    assert _match("^a$", "a\n") is None


def test_backreference_to_a_group_that_did_not_participate_matches_empty() -> None:
    assert _match("^(?:(a)|b)\\1$", "b") == ("b", None)
    assert _match("^\\1(a)$", "a") == ("a", "a")


def test_named_groups_and_named_backreferences() -> None:
    assert _match("^(?<x>a)\\k<x>$", "aa") == ("aa", "a")


def test_unicode_sets_operations() -> None:
    assert _match("^[[a-z]--[aeiou]]$", "b") is not None
    assert _match("^[[a-z]--[aeiou]]$", "a") is None
    assert _match("^[\\d&&[0-4]]$", "3") is not None
    assert _match("^[\\d&&[0-4]]$", "7") is None
    assert _match("^[\\q{abc|d}]$", "abc") is not None


def test_unicode_escapes_and_properties() -> None:
    assert _match("^\\u{1F600}$", "\U0001f600") is not None
    assert _match("^\\uD83D\\uDE00$", "\U0001f600") is not None
    assert _match("^\\p{Lu}+$", "ÀB") is not None
    assert _match("^\\P{Lu}$", "a") is not None


def test_optional_group_matching_empty_is_undefined() -> None:
    assert _match("^(.*)(.*)?$", "ab") == ("ab", "ab", None)
    assert _match("^(|a)?a*$", "a") == ("a", "a")
    assert _match("^(a|)*$", "aa") == ("aa", "a")
    assert _match("^(x*)*b$", "b") == ("b", None)


def test_modifiers_group() -> None:
    assert _match("^(?i:a)b$", "Ab") is not None
    assert _match("^(?i:a)b$", "AB") is None


def test_ignore_case() -> None:
    assert _match("^abc$", "ABC", ignore_case=True) is not None


def test_unnamed_groups_are_reported_in_order() -> None:
    _, translation = compile_pattern("^(a)(?<n>b)(c)$", False)
    assert translation.unnamed_groups == [1, 3]


@pytest.mark.parametrize(
    "source",
    [
        "\\m",
        "a{2,1}",
        "[a-]",
        "[a&&&b]",
        "(?R)",
        "a**",
        "(",
        ")",
        "]",
        "{",
        "\\k<nope>",
        "(?<a>x)(?<a>y)",
        "\\p{Nope}",
        "[^\\q{ab}]",
        "[z-a]",
        "(?=a)*",
        "\\01",
        "\\c1",
        "[a-z--b]",
        "[a--b&&c]",
        "[a&&b-c]",
    ],
)
def test_syntax_errors_raise_type_error(source: str) -> None:
    with pytest.raises(TypeError, match="regular expression"):
        compile_pattern(source, False)
