"""Ports of WPT url/url-setters-stripping.any.js, url-constructor-base-failure.any.js,
url-statics-canparse.any.js, url-statics-parse.any.js, url-tojson.any.js and
historical.any.js. Test ids are the WPT titles; JavaScript `undefined` passed as a
USVString is the string "undefined".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from webstd import URL

_DATA = Path(__file__).parent.parent / "wpt" / "urltestdata.json"
_CASES: list[dict[str, Any]] = [
    case for case in json.loads(_DATA.read_text("utf-8")) if isinstance(case, dict)
]

# -- url-setters-stripping.any.js -----------------------------------------------------------


def _url_string(
    scheme: str = "https",
    username: str = "username",
    password: str = "password",
    host: str = "host",
    port: str = "8000",
    pathname: str = "path",
    search: str = "query",
    hash: str = "fragment",
) -> str:
    return f"{scheme}://{username}:{password}@{host}:{port}/{pathname}?{search}#{hash}"


def _encode(cp: str) -> str:
    # JavaScript encodeURIComponent() of one C0 control
    return quote(cp, safe="")


_STRIPPING: list[tuple[str, str, Any]] = []
for _scheme in ("https", "wpt++"):
    for _i in (0x00, 0x09, 0x0A, 0x0D, 0x1F):
        _STRIPPING.append((_scheme, f"U+{_i:04X}", _i))


def _stripping_cases() -> list[Any]:
    cases: list[Any] = []
    for scheme, ref, i in _STRIPPING:
        cp = chr(i)
        stripped = i in (0x09, 0x0A, 0x0D)
        special = scheme == "https"
        new_scheme = "http" if special else "wpt--"
        expected_scheme = new_scheme if stripped else scheme
        # (title, property, value, expected property value, href keyword overrides)
        cases.append(
            (
                f"Setting protocol with leading {ref} ({scheme}:)",
                scheme,
                "protocol",
                cp + new_scheme,
                expected_scheme + ":",
                {"scheme": expected_scheme},
            )
        )
        cases.append(
            (
                f"Setting protocol with {ref} before inserted colon ({scheme}:)",
                scheme,
                "protocol",
                new_scheme + cp,
                expected_scheme + ":",
                {"scheme": expected_scheme},
            )
        )
        parts = [
            ("leading", _encode(cp) + "test", cp + "test"),
            ("middle", "te" + _encode(cp) + "st", "te" + cp + "st"),
            ("trailing", "test" + _encode(cp), "test" + cp),
        ]
        for prop in ("username", "password"):
            for kind, expected, value in parts:
                cases.append(
                    (
                        f"Setting {prop} with {kind} {ref} ({scheme}:)",
                        scheme,
                        prop,
                        value,
                        expected,
                        {prop: expected},
                    )
                )
        host_parts = [
            ("leading", (cp if special else _encode(cp)) + "test", cp + "test"),
            ("middle", "te" + (cp if special else _encode(cp)) + "st", "te" + cp + "st"),
            ("trailing", "test" + (cp if special else _encode(cp)), "test" + cp),
        ]
        for kind, expected_part, value in host_parts:
            failed = i == 0x00 or (special and i == 0x1F)
            expected = "host" if failed else "test" if stripped else expected_part
            cases.append(
                (
                    f"Setting host with {kind} {ref} ({scheme}:)",
                    scheme,
                    "host",
                    value,
                    expected + ":8000",
                    {"host": expected},
                )
            )
            cases.append(
                (
                    f"Setting hostname with {kind} {ref} ({scheme}:)",
                    scheme,
                    "hostname",
                    value,
                    expected,
                    {"host": expected},
                )
            )
        for kind, value, expected in [
            ("leading", cp + "9000", "9000" if stripped else "8000"),
            ("middle", "90" + cp + "00", "9000" if stripped else "90"),
            ("trailing", "9000" + cp, "9000"),
        ]:
            cases.append(
                (
                    f"Setting port with {kind} {ref} ({scheme}:)",
                    scheme,
                    "port",
                    value,
                    expected,
                    {"port": expected},
                )
            )
        for prop, separator in (("pathname", "/"), ("search", "?"), ("hash", "#")):
            for kind, expected_part, value in parts:
                expected = "test" if stripped else expected_part
                cases.append(
                    (
                        f"Setting {prop} with {kind} {ref} ({scheme}:)",
                        scheme,
                        prop,
                        value,
                        separator + expected,
                        {prop: expected},
                    )
                )
    return cases


_STRIPPING_CASES = _stripping_cases()


@pytest.mark.parametrize(
    ("scheme", "prop", "value", "expected", "href_parts"),
    [case[1:] for case in _STRIPPING_CASES],
    ids=[case[0] for case in _STRIPPING_CASES],
)
def test_url_setters_stripping(
    scheme: str, prop: str, value: str, expected: str, href_parts: dict[str, str]
) -> None:
    url = URL(_url_string(scheme=scheme))
    setattr(url, prop, value)
    assert getattr(url, prop) == expected, "property"
    parts = {"scheme": scheme, **href_parts}
    assert url.href == _url_string(**parts), "href"


def test_url_setters_stripping_count() -> None:
    """The WPT file generates 2 schemes x 5 code points x 26 tests."""
    assert len(_STRIPPING_CASES) == 2 * 5 * 26


# -- url-constructor-base-failure.any.js ----------------------------------------------------

_ABSOLUTE_FAILURES = [c for c in _CASES if c.get("failure") and c.get("base") is None]


@pytest.mark.parametrize(
    "case",
    _ABSOLUTE_FAILURES,
    ids=[
        f"URL's constructor's base argument: {c['input']} should throw" for c in _ABSOLUTE_FAILURES
    ],
)
def test_url_constructor_base_argument_should_throw(case: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        URL("about:blank", case["input"])


@pytest.mark.parametrize(
    "case",
    _ABSOLUTE_FAILURES,
    ids=[f"URL's href: {c['input']} should throw" for c in _ABSOLUTE_FAILURES],
)
def test_url_href_should_throw(case: dict[str, Any]) -> None:
    url = URL("about:blank")
    with pytest.raises(TypeError):
        url.href = case["input"]
    assert url.href == "about:blank"


# -- url-statics-canparse.any.js and url-statics-parse.any.js -------------------------------

_STATICS: list[tuple[str, str | None, bool]] = [
    ("undefined", None, False),
    ("aaa:b", None, True),
    ("undefined", "aaa:b", False),
    ("undefined", "https://test:test/", False),
    ("aaa:/b", None, True),
    ("undefined", "aaa:/b", True),
    ("https://test:test", None, False),
    ("a", "https://b/", True),
]


def _js(value: str | None) -> str:
    return "undefined" if value is None else value


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    _STATICS,
    ids=[f"URL.canParse({_js(u)}, {_js(b)})" for u, b, _ in _STATICS],
)
def test_url_statics_canparse(url: str, base: str | None, expected: bool) -> None:
    assert URL.can_parse(url, base) is expected


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    _STATICS,
    ids=[f"URL.parse({_js(u)}, {_js(b)})" for u, b, _ in _STATICS],
)
def test_url_statics_parse(url: str, base: str | None, expected: bool) -> None:
    parsed = URL.parse(url, base)
    if not expected:
        assert parsed is None
        return
    assert parsed is not None
    assert parsed.href == URL(url, base).href


def test_url_parse_should_return_a_unique_object() -> None:
    """URL.parse() should return a unique object"""
    first = URL.parse("https://example/")
    second = URL.parse("https://example/")
    assert first is not None and second is not None
    assert first is not second


# -- url-tojson.any.js ----------------------------------------------------------------------


def test_url_tojson() -> None:
    """JSON.stringify(new URL("https://example.com/")) is the quoted href."""
    url = URL("https://example.com/")
    assert json.dumps(url.to_json()) == '"https://example.com/"'


# -- historical.any.js ----------------------------------------------------------------------


def test_setting_urls_href_attribute_and_base_urls() -> None:
    """Setting URL's href attribute and base URLs"""
    url = URL("./foo", "http://www.example.org")
    assert url.href == "http://www.example.org/foo"
    with pytest.raises(TypeError):
        url.href = "./bar"
    assert url.href == "http://www.example.org/foo"


def test_url_domaintoascii_should_be_undefined() -> None:
    """URL.domainToASCII should be undefined"""
    assert not hasattr(URL, "domain_to_ascii")
    assert not hasattr(URL, "domainToASCII")


def test_url_domaintounicode_should_be_undefined() -> None:
    """URL.domainToUnicode should be undefined"""
    assert not hasattr(URL, "domain_to_unicode")
    assert not hasattr(URL, "domainToUnicode")
