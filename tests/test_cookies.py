"""RequestCookies and ResponseCookies: lenient parsing, serialisation, prefix rules."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webstd import Headers, RequestCookies, ResponseCookies
from webstd.cookies import RequestCookie, parse_cookie_header, parse_set_cookie


def request_cookies(header: str) -> RequestCookies:
    return RequestCookies(Headers({"cookie": header}))


# --- RequestCookies: parsing -------------------------------------------------


def test_parses_name_value_pairs_in_order() -> None:
    cookies = request_cookies("a=1; b=2;c=3")
    assert [(c.name, c.value) for c in cookies.get_all()] == [("a", "1"), ("b", "2"), ("c", "3")]
    assert cookies.size == len(cookies) == 3


def test_get_returns_an_object_with_name_and_value() -> None:
    cookie = request_cookies("authorization=Bearer%20x").get("authorization")
    assert cookie == RequestCookie("authorization", "Bearer x")
    assert cookie is not None and cookie.value == "Bearer x"
    assert request_cookies("a=1").get("missing") is None


def test_one_malformed_pair_never_drops_the_others() -> None:
    cookies = request_cookies('a=1; =; ;; b; c=%E0%A4%A; d="x;y"; e=%zz; g=%ED%A0%80; f=ok')
    assert cookies.get("a") == RequestCookie("a", "1")
    assert cookies.get("f") == RequestCookie("f", "ok")
    # As edge-runtime: a value decodeURIComponent rejects drops that pair only.
    assert cookies.get("c") is None
    assert cookies.get("e") is None
    assert cookies.get("g") is None  # an escaped surrogate is not UTF-8
    assert cookies.get("d") == RequestCookie("d", '"x')


def test_pair_without_equals_is_a_cookie_with_an_empty_name() -> None:
    # RFC 6265bis §5.6: no "=" means the name is empty and the whole pair is the value.
    cookies = request_cookies("flag; a=1")
    assert cookies.get("") == RequestCookie("", "flag")
    assert cookies.get("flag") is None


def test_empty_name_with_equals() -> None:
    assert request_cookies("=v; a=1").get("") == RequestCookie("", "v")


def test_quoted_values_stay_as_sent() -> None:
    assert request_cookies('a="quoted value"').get("a") == RequestCookie("a", '"quoted value"')


def test_duplicate_names_keep_the_first_position_and_the_last_value() -> None:
    # As edge-runtime's Map (RFC 6265 §4.2.2 leaves the choice to the server).
    cookies = request_cookies("sid=first; other=x; sid=second")
    assert cookies.get("sid") == RequestCookie("sid", "second")
    assert cookies.get_all("sid") == [RequestCookie("sid", "second")]
    assert [c.name for c in cookies.get_all()] == ["sid", "other"]
    assert cookies.size == 2


def test_whitespace_around_names_and_values_is_trimmed() -> None:
    cookies = request_cookies("  a = 1 ;\tb=\t2  ")
    assert cookies.get("a") == RequestCookie("a", "1")
    assert cookies.get("b") == RequestCookie("b", "2")


def test_values_are_percent_decoded_as_utf8() -> None:
    assert request_cookies("a=caf%C3%A9%3B%20x").get("a") == RequestCookie("a", "café; x")


def test_plus_is_not_a_space() -> None:
    assert request_cookies("a=1+2").get("a") == RequestCookie("a", "1+2")


def test_several_cookie_headers_are_joined_with_semicolons() -> None:
    headers = Headers([("cookie", "a=1"), ("cookie", "b=2")])
    cookies = RequestCookies(headers)
    assert cookies.get("b") == RequestCookie("b", "2")
    assert cookies.get("a") == RequestCookie("a", "1")


def test_no_cookie_header_means_no_cookies() -> None:
    cookies = RequestCookies(Headers())
    assert cookies.size == 0
    assert list(cookies) == []
    assert not cookies.has("a")
    assert str(cookies) == ""


@given(st.text(max_size=40))
def test_parsing_never_raises(header: str) -> None:
    for cookie in parse_cookie_header(header):
        assert isinstance(cookie.value, str)
        assert ";" not in cookie.name


@given(
    st.lists(
        st.tuples(st.from_regex(r"[a-z]{1,5}", fullmatch=True), st.text(max_size=8)), max_size=5
    )
)
def test_set_then_parse_round_trips(pairs: list[tuple[str, str]]) -> None:
    surrogate_free = [(n, v) for n, v in pairs if not any(0xD800 <= ord(c) <= 0xDFFF for c in v)]
    cookies = RequestCookies(Headers())
    for name, value in surrogate_free:
        cookies.set(name, value)
    expected = dict(surrogate_free)
    assert {name: cookie.value for name, cookie in cookies} == expected
    assert {c.name: c.value for c in RequestCookies(cookies._headers).get_all()} == expected


# --- RequestCookies: live view and writes -----------------------------------


def test_view_is_live_over_the_cookie_header() -> None:
    headers = Headers({"cookie": "a=1"})
    cookies = RequestCookies(headers)
    assert cookies.get("a") == RequestCookie("a", "1")
    headers.set("cookie", "a=2; b=3")
    assert cookies.get("a") == RequestCookie("a", "2")
    assert cookies.size == 2


def test_set_writes_the_cookie_header_back() -> None:
    headers = Headers({"cookie": "a=1; b=2"})
    cookies = RequestCookies(headers)
    assert cookies.set("a", "x y") is cookies
    cookies.set("c", "3")
    assert headers.get("cookie") == "a=x%20y; b=2; c=3"
    assert cookies.get("a") == RequestCookie("a", "x y")


def test_set_replaces_every_duplicate() -> None:
    headers = Headers({"cookie": "a=1; b=2; a=3; c=%zz"})
    RequestCookies(headers).set("a", "9")
    assert headers.get("cookie") == "a=9; b=2"  # the undecodable c was never a cookie


def test_delete_one_name_returns_a_bool() -> None:
    headers = Headers({"cookie": "a=1; b=2"})
    cookies = RequestCookies(headers)
    assert cookies.delete("a") is True
    assert cookies.delete("zzz") is False
    assert headers.get("cookie") == "b=2"


def test_delete_several_names_returns_a_list() -> None:
    headers = Headers({"cookie": "a=1; b=2; c=3"})
    cookies = RequestCookies(headers)
    assert cookies.delete("a", "x", "c") == [True, False, True]
    assert cookies.delete(["b"]) == [True]
    assert not headers.has("cookie")


def test_clear_removes_the_header() -> None:
    headers = Headers({"cookie": "a=1; b=2"})
    RequestCookies(headers).clear()
    assert not headers.has("cookie")


def test_iteration_yields_name_and_cookie() -> None:
    assert list(request_cookies("a=1; b=2")) == [
        ("a", RequestCookie("a", "1")),
        ("b", RequestCookie("b", "2")),
    ]


def test_str_and_repr() -> None:
    cookies = request_cookies("a=1; b=x%20y")
    assert str(cookies) == "a=1; b=x%20y"
    assert repr(cookies) == "RequestCookies([('a', '1'), ('b', 'x y')])"
    assert "a" in cookies


@pytest.mark.parametrize("name", ["", "a b", "a;b", "a=b", "a\r\nb", "é"])
def test_request_set_rejects_a_non_token_name(name: str) -> None:
    with pytest.raises(TypeError, match="invalid cookie name"):
        request_cookies("").set(name, "v")


def test_request_set_rejects_non_string_values() -> None:
    with pytest.raises(TypeError, match="value must be str"):
        request_cookies("").set("a", 1)  # type: ignore[arg-type]


def test_constructor_needs_headers() -> None:
    with pytest.raises(TypeError):
        RequestCookies({"cookie": "a=1"})  # type: ignore[arg-type]


# --- ResponseCookies: serialisation -----------------------------------------


def set_cookie(**kwargs: Any) -> str:
    headers = Headers()
    ResponseCookies(headers).set("name", "value", **kwargs)
    (value,) = headers.get_set_cookie()
    return value


def test_set_defaults_path_to_root() -> None:
    assert set_cookie() == "name=value; Path=/"


def test_every_attribute_in_order() -> None:
    expires = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert set_cookie(
        domain="example.com",
        path="/app",
        expires=expires,
        max_age=0,
        http_only=True,
        secure=True,
        same_site="lax",
        partitioned=True,
        priority="high",
    ) == (
        "name=value; Path=/app; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Max-Age=0; "
        "Domain=example.com; Secure; HttpOnly; SameSite=lax; Partitioned; Priority=high"
    )


@pytest.mark.parametrize(
    ("same_site", "expected"),
    [("strict", "strict"), ("LAX", "lax"), ("none", "none"), (True, "strict")],
)
def test_same_site_values(same_site: Any, expected: str) -> None:
    assert set_cookie(same_site=same_site) == f"name=value; Path=/; SameSite={expected}"


def test_same_site_false_is_omitted() -> None:
    assert set_cookie(same_site=False) == "name=value; Path=/"


@pytest.mark.parametrize("priority", ["low", "Medium", "HIGH"])
def test_priority_values(priority: str) -> None:
    assert set_cookie(priority=priority).endswith(f"Priority={priority.lower()}")


def test_expires_from_epoch_seconds_and_naive_datetime_and_string() -> None:
    assert "Expires=Thu, 01 Jan 1970 00:01:40 GMT" in set_cookie(expires=100)
    assert "Expires=Sun, 01 Jan 2023 00:00:00 GMT" in set_cookie(expires=datetime(2023, 1, 1))
    assert "Expires=Sun, 01 Jan 2023 00:00:00 GMT" in set_cookie(
        expires="Sun, 01 Jan 2023 00:00:00 GMT"
    )


def test_aware_datetime_is_converted_to_gmt() -> None:
    plus_two = timezone(timedelta(hours=2))
    expires = datetime(2023, 1, 1, 2, 0, tzinfo=plus_two)
    assert "Expires=Sun, 01 Jan 2023 00:00:00 GMT" in set_cookie(expires=expires)


def test_max_age_also_writes_expires_as_edge_runtime_does() -> None:
    value = set_cookie(max_age=timedelta(hours=1))
    assert "Max-Age=3600" in value
    assert "Expires=" in value


def test_max_age_zero_has_no_expires() -> None:
    assert set_cookie(max_age=0) == "name=value; Path=/; Max-Age=0"


def test_partitioned_implies_secure() -> None:
    headers = Headers()
    cookies = ResponseCookies(headers)
    cookies.set("a", "1", partitioned=True)
    assert headers.get_set_cookie() == ["a=1; Path=/; Secure; Partitioned"]
    cookie = cookies.get("a")
    assert cookie is not None and cookie.secure and cookie.partitioned


def test_value_is_uri_component_encoded() -> None:
    headers = Headers()
    ResponseCookies(headers).set("a", "x y;z=é")
    assert headers.get_set_cookie() == ["a=x%20y%3Bz%3D%C3%A9; Path=/"]


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"domain": "a.com;x"}, "domain"),
        ({"path": "/\r\nSet-Cookie: x"}, "path"),
        ({"path": "/\x00"}, "path"),
        ({"domain": "é.com"}, "domain"),
        ({"expires": "Thu; x"}, "expires"),
        ({"same_site": "sometimes"}, "same_site"),
        ({"priority": "urgent"}, "priority"),
        ({"max_age": "60"}, "max_age"),
        ({"expires": []}, "expires"),
    ],
)
def test_attributes_that_would_break_the_header_are_type_errors(kwargs: Any, named: str) -> None:
    with pytest.raises(TypeError, match=named):
        set_cookie(**kwargs)


@pytest.mark.parametrize("name", ["", "a b", "a;b", "a\nb", "a=b", "\x00"])
def test_response_set_rejects_a_non_token_name(name: str) -> None:
    with pytest.raises(TypeError, match="invalid cookie name"):
        ResponseCookies(Headers()).set(name, "v")


def test_lone_surrogate_value_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="value"):
        ResponseCookies(Headers()).set("a", "\ud800")


# --- ResponseCookies: prefix rules (RFC 6265bis §4.1.3) ---------------------


def test_secure_prefix_requires_secure() -> None:
    cookies = ResponseCookies(Headers())
    with pytest.raises(TypeError, match="__Secure-"):
        cookies.set("__Secure-id", "1")
    cookies.set("__Secure-id", "1", secure=True)
    assert cookies.has("__Secure-id")


def test_prefixes_match_case_insensitively() -> None:
    with pytest.raises(TypeError, match="__Secure-"):
        ResponseCookies(Headers()).set("__SECURE-id", "1")


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"secure": True, "path": "/app"}, {"secure": True, "domain": "example.com"}],
)
def test_host_prefix_requires_secure_root_path_and_no_domain(kwargs: Any) -> None:
    with pytest.raises(TypeError, match="__Host-"):
        ResponseCookies(Headers()).set("__Host-id", "1", **kwargs)


def test_host_prefix_accepted_when_the_rules_hold() -> None:
    headers = Headers()
    ResponseCookies(headers).set("__Host-id", "1", secure=True)
    assert headers.get_set_cookie() == ["__Host-id=1; Path=/; Secure"]


def test_partitioned_satisfies_the_secure_prefix() -> None:
    headers = Headers()
    ResponseCookies(headers).set("__Secure-id", "1", partitioned=True)
    assert headers.get_set_cookie() == ["__Secure-id=1; Path=/; Secure; Partitioned"]


# --- ResponseCookies: the Set-Cookie list -----------------------------------


def test_each_cookie_is_its_own_set_cookie_header() -> None:
    headers = Headers()
    cookies = ResponseCookies(headers)
    cookies.set("a", "1").set("b", "2")
    assert headers.get_set_cookie() == ["a=1; Path=/", "b=2; Path=/"]
    assert list(headers) == [("set-cookie", "a=1; Path=/"), ("set-cookie", "b=2; Path=/")]


def test_set_on_an_existing_name_replaces_it_in_place() -> None:
    headers = Headers()
    cookies = ResponseCookies(headers)
    cookies.set("a", "1").set("b", "2").set("a", "3", http_only=True)
    assert headers.get_set_cookie() == ["a=3; Path=/; HttpOnly", "b=2; Path=/"]


def test_other_set_cookie_headers_are_kept_byte_for_byte() -> None:
    headers = Headers([("set-cookie", "x=1; Foo=bar; SameSite=lax"), ("set-cookie", "a=old")])
    ResponseCookies(headers).set("a", "new")
    assert headers.get_set_cookie() == ["x=1; Foo=bar; SameSite=lax", "a=new; Path=/"]


def test_get_reads_existing_set_cookie_headers() -> None:
    headers = Headers(
        {
            "set-cookie": "sid=a%20b; Path=/x; Domain=example.com; Max-Age=10; Secure; "
            "HttpOnly; SameSite=Strict; Partitioned; Priority=Low; "
            "Expires=Thu, 01 Jan 1970 00:00:00 GMT"
        }
    )
    cookie = ResponseCookies(headers).get("sid")
    assert cookie is not None
    assert (cookie.name, cookie.value, cookie.path, cookie.domain) == (
        "sid",
        "a b",
        "/x",
        "example.com",
    )
    assert (cookie.max_age, cookie.secure, cookie.http_only, cookie.partitioned) == (
        10,
        True,
        True,
        True,
    )
    assert (cookie.same_site, cookie.priority) == ("strict", "low")
    assert cookie.expires == datetime(1970, 1, 1, tzinfo=timezone.utc)


def test_get_all_and_has() -> None:
    headers = Headers([("set-cookie", "a=1"), ("set-cookie", "b=2"), ("set-cookie", "a=3")])
    cookies = ResponseCookies(headers)
    # As edge-runtime's Map keyed by name: first position, last value.
    assert [c.value for c in cookies.get_all("a")] == ["3"]
    assert [(c.name, c.value) for c in cookies.get_all()] == [("a", "3"), ("b", "2")]
    latest = cookies.get("a")
    assert latest is not None and latest.value == "3"
    assert cookies.has("b") and "b" in cookies
    assert not cookies.has("c")


def test_delete_writes_an_expired_cookie() -> None:
    headers = Headers({"set-cookie": "a=1; Path=/"})
    ResponseCookies(headers).delete("a")
    assert headers.get_set_cookie() == ["a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"]


def test_delete_with_path_and_domain() -> None:
    headers = Headers()
    ResponseCookies(headers).delete("a", path="/app", domain="example.com")
    assert headers.get_set_cookie() == [
        "a=; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Domain=example.com"
    ]


def test_delete_of_a_prefixed_cookie_is_secure() -> None:
    headers = Headers()
    ResponseCookies(headers).delete("__Host-sid")
    assert headers.get_set_cookie() == [
        "__Host-sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure"
    ]


def test_str_joins_the_set_cookie_values() -> None:
    headers = Headers()
    cookies = ResponseCookies(headers)
    cookies.set("a", "1").set("b", "2")
    assert str(cookies) == "a=1; Path=/; b=2; Path=/"
    assert repr(cookies) == "ResponseCookies(['a=1; Path=/', 'b=2; Path=/'])"


def test_immutable_headers_refuse_cookies() -> None:
    headers = Headers()
    headers._guard = "immutable"
    with pytest.raises(TypeError, match="immutable"):
        ResponseCookies(headers).set("a", "1")


def test_parse_set_cookie_is_lenient() -> None:
    cookie = parse_set_cookie("novalue; Max-Age=abc; SameSite=weird; Expires=never")
    assert (cookie.name, cookie.value) == ("", "novalue")
    assert cookie.max_age is None and cookie.same_site is None and cookie.expires is None


@given(st.text(max_size=40))
def test_parse_set_cookie_never_raises(header: str) -> None:
    assert isinstance(parse_set_cookie(header).value, str)


@given(
    st.from_regex(r"[A-Za-z0-9_\-]{1,8}", fullmatch=True),
    st.text(max_size=10).filter(lambda v: not any(0xD800 <= ord(c) <= 0xDFFF for c in v)),
    st.sampled_from([None, "strict", "lax", "none"]),
    st.booleans(),
    st.one_of(st.none(), st.integers(-10, 10**6)),
)
def test_serialise_then_parse_round_trips(
    name: str, value: str, same_site: Any, http_only: bool, max_age: int | None
) -> None:
    headers = Headers()
    cookies = ResponseCookies(headers)
    if name.lower().startswith(("__secure-", "__host-")):
        return
    cookies.set(name, value, same_site=same_site, http_only=http_only, max_age=max_age)
    cookie = ResponseCookies(headers).get(name)
    assert cookie is not None
    assert (cookie.name, cookie.value, cookie.same_site, cookie.http_only, cookie.max_age) == (
        name,
        value,
        same_site,
        http_only,
        max_age,
    )


@pytest.mark.parametrize(
    "date",
    [
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "Wed, 21-Oct-2015 07:28:00 GMT",
        "Wednesday, 21-Oct-15 07:28:00 GMT",
        "Wed Oct 21 07:28:00 2015",
        "21 oct 2015 07:28:00",
    ],
)
def test_expires_is_parsed_with_the_rfc6265_cookie_date_algorithm(date: str) -> None:
    cookie = parse_set_cookie(f"a=1; Expires={date}")
    assert cookie.expires == datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "date", ["Wed, 31 Feb 2015 07:28:00 GMT", "21 Oct 1600 07:28:00", "21 Oct 2015 24:00:00", ""]
)
def test_invalid_cookie_dates_are_ignored(date: str) -> None:
    assert parse_set_cookie(f"a=1; Expires={date}").expires is None


def test_two_digit_years() -> None:
    assert parse_set_cookie("a=1; Expires=21 Oct 70 00:00:00").expires == datetime(
        1970, 10, 21, tzinfo=timezone.utc
    )
    assert parse_set_cookie("a=1; Expires=21 Oct 69 00:00:00").expires == datetime(
        2069, 10, 21, tzinfo=timezone.utc
    )


def test_huge_max_age_leaves_out_expires() -> None:
    assert set_cookie(max_age=10**15) == f"name=value; Path=/; Max-Age={10**15}"


def test_expires_out_of_range_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="expires"):
        set_cookie(expires=1e20)


def test_cookies_of_server_headers() -> None:
    headers = Headers._from_raw([(b"cookie", b"a=1; b=2"), (b"host", b"x")])
    assert RequestCookies(headers).get("b") == RequestCookie("b", "2")
    several = Headers._from_raw([(b"cookie", b"a=1"), (b"Cookie", b"b=2")])
    assert [c.value for c in RequestCookies(several).get_all()] == ["1", "2"]
