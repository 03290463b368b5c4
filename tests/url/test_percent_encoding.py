"""webstd.url.percent_encoding: the sets as URL §1.3 lists them, encode and decode."""

from __future__ import annotations

from webstd.url.percent_encoding import (
    APPLICATION_X_WWW_FORM_URLENCODED_PERCENT_ENCODE_SET,
    C0_CONTROL_PERCENT_ENCODE_SET,
    COMPONENT_PERCENT_ENCODE_SET,
    FRAGMENT_PERCENT_ENCODE_SET,
    PATH_PERCENT_ENCODE_SET,
    QUERY_PERCENT_ENCODE_SET,
    SPECIAL_QUERY_PERCENT_ENCODE_SET,
    USERINFO_PERCENT_ENCODE_SET,
    percent_decode,
    percent_encode,
    to_usv_string,
)

_PRINTABLE = "".join(chr(c) for c in range(0x20, 0x7F))


def _encoded(encode_set: frozenset[str]) -> str:
    return "".join(c for c in _PRINTABLE if c in encode_set)


def test_sets_hold_exactly_the_listed_printable_code_points() -> None:
    assert _encoded(C0_CONTROL_PERCENT_ENCODE_SET) == ""
    assert _encoded(FRAGMENT_PERCENT_ENCODE_SET) == ' "<>`'
    assert _encoded(QUERY_PERCENT_ENCODE_SET) == ' "#<>'
    assert _encoded(SPECIAL_QUERY_PERCENT_ENCODE_SET) == " \"#'<>"
    assert _encoded(PATH_PERCENT_ENCODE_SET) == ' "#<>?^`{}'
    assert _encoded(USERINFO_PERCENT_ENCODE_SET) == ' "#/:;<=>?@[\\]^`{|}'
    assert _encoded(COMPONENT_PERCENT_ENCODE_SET) == ' "#$%&+,/:;<=>?@[\\]^`{|}'
    assert "".join(
        c for c in _PRINTABLE if c not in APPLICATION_X_WWW_FORM_URLENCODED_PERCENT_ENCODE_SET
    ) == ("*-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
    for encode_set in (C0_CONTROL_PERCENT_ENCODE_SET, PATH_PERCENT_ENCODE_SET):
        assert "\x00" in encode_set and "\x1f" in encode_set and "\x7f" in encode_set


def test_percent_encode_examples_from_the_standard() -> None:
    assert percent_encode("\u2261", USERINFO_PERCENT_ENCODE_SET) == "%E2%89%A1"
    assert percent_encode("Say what\u203d", USERINFO_PERCENT_ENCODE_SET) == "Say%20what%E2%80%BD"
    assert percent_encode(
        "1+1 \u2261 2%20", APPLICATION_X_WWW_FORM_URLENCODED_PERCENT_ENCODE_SET, True
    ) == ("1%2B1+%E2%89%A1+2%2520")
    assert percent_encode("plain", PATH_PERCENT_ENCODE_SET) == "plain"


def test_percent_decode_examples_from_the_standard() -> None:
    assert percent_decode(b"%25%s%1G") == b"%%s%1G"
    assert percent_decode("\u203d%25%2E".encode()) == b"\xe2\x80\xbd%."


def test_to_usv_string() -> None:
    assert to_usv_string("a\ud800b") == "a\ufffdb"
    assert to_usv_string("\ud83d\udca9") == "\U0001f4a9"
    assert to_usv_string("\udca9\ud83d") == "\ufffd\ufffd"
    assert to_usv_string("plain") == "plain"
