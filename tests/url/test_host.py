"""webstd.url.host: the host parser seam, IPv4/IPv6, opaque hosts, domain to ASCII."""

from __future__ import annotations

import pytest

from webstd.url.host import (
    domain_to_ascii,
    ends_in_a_number,
    parse_host,
    parse_ipv4,
    parse_ipv6,
    serialize_ipv6,
)


@pytest.mark.parametrize(
    ("input", "is_opaque", "expected"),
    [
        ("EXAMPLE.com", False, "example.com"),
        ("EXAMPLE.com", True, "EXAMPLE.com"),
        ("ex%41mple.com", False, "example.com"),
        ("ex%41mple.com", True, "ex%41mple.com"),
        ("bücher.de", False, "xn--bcher-kva.de"),
        ("bücher.de", True, "b%C3%BCcher.de"),
        ("[::1]", False, "[::1]"),
        ("[::1]", True, "[::1]"),
        ("192.168.0.1", False, "192.168.0.1"),
        ("192.168.0.1", True, "192.168.0.1"),
        ("0xc0.0250.1", False, "192.168.0.1"),
        ("a b", True, None),
        ("a<b", False, None),
        ("a%b", False, None),  # "%" is a forbidden domain code point
        ("a%b", True, "a%b"),  # but not a forbidden host code point
        ("[::1", False, None),
        ("1.2.3.4.5", False, None),
        ("foo.09", False, None),
    ],
)
def test_parse_host(input: str, is_opaque: bool, expected: str | None) -> None:
    assert parse_host(input, is_opaque) == expected


def test_ends_in_a_number() -> None:
    assert ends_in_a_number("a.1")
    assert ends_in_a_number("a.0x")
    assert ends_in_a_number("a.1.")
    assert not ends_in_a_number("a.b")
    assert not ends_in_a_number("1.a")
    assert not ends_in_a_number(".")


def test_parse_ipv4_forms() -> None:
    assert parse_ipv4("127.0.0.1") == 0x7F000001
    assert parse_ipv4("0x7f.1") == 0x7F000001
    assert parse_ipv4("017700000001") == 0x7F000001
    assert parse_ipv4("4294967295") == 0xFFFFFFFF
    assert parse_ipv4("4294967296") is None
    assert parse_ipv4("1.256") == 0x01000100
    assert parse_ipv4("256.1") is None


def test_parse_and_serialize_ipv6() -> None:
    assert parse_ipv6("::ffff:192.168.0.1") == [0, 0, 0, 0, 0, 0xFFFF, 0xC0A8, 0x0001]
    assert serialize_ipv6([0, 0, 0, 0, 0, 0xFFFF, 0xC0A8, 1]) == "::ffff:c0a8:1"
    assert serialize_ipv6([1, 0, 0, 2, 0, 0, 0, 3]) == "1:0:0:2::3"  # longest run wins
    assert serialize_ipv6([1, 0, 2, 0, 3, 0, 4, 0]) == "1:0:2:0:3:0:4:0"  # no run of two
    assert parse_ipv6("1:2:3:4:5:6:7") is None
    assert parse_ipv6("::1.2.3") is None


def test_domain_to_ascii_uts46_options() -> None:
    assert domain_to_ascii("faß.de") == "xn--fa-hia.de"  # Transitional_Processing false
    assert domain_to_ascii("-x-.com") == "-x-.com"  # CheckHyphens false
    assert domain_to_ascii("a_b.com") == "a_b.com"  # UseSTD3ASCIIRules false
    assert domain_to_ascii("a..b") == "a..b"  # VerifyDnsLength false
    assert domain_to_ascii("a" * 300 + ".com") == "a" * 300 + ".com"
    assert domain_to_ascii("a\u200cb") is None  # CheckJoiners true
    assert domain_to_ascii("\u0628\u200c\u0628") == "xn--ngba799q"  # ZWNJ between dual-joiners
    assert domain_to_ascii("\u0628\u0627\u200c\u0628") is None  # ALEF only joins to the right
    assert domain_to_ascii("1a.\u05d0") is None  # CheckBidi true (a Bidi domain name)
    assert domain_to_ascii("\u0301a") is None  # a label cannot start with a mark
    assert domain_to_ascii("xn--a.\u00e9") is None  # bad Punycode in a non-ASCII domain
    assert domain_to_ascii("xn--a") == "xn--a"  # an ASCII domain is only lowercased
    assert domain_to_ascii("\u00ad") is None  # empty after mapping
