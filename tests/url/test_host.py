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


# UTS 46 processing with one Unicode version (webstd.url._unicode_supplement), whatever
# the Python: the cases below involve code points added after Unicode 13.0 (Python 3.10).


def test_nfc_reorders_a_newer_combining_mark() -> None:
    """U+10EFD (Unicode 15, ccc 220) does not block U+0301 (ccc 230) from composing."""
    assert domain_to_ascii("a\U00010efd\u0301") == "xn--1ca0149k"
    assert domain_to_ascii("\u00e1\U00010efd") == "xn--1ca0149k"


def test_nfc_composes_a_newer_canonical_decomposition() -> None:
    """U+105D2 U+0307 is U+105C9 (Todhri, Unicode 16); U+16D67 U+16D67 is U+16D68."""
    assert domain_to_ascii("\U000105d2\u0307") == domain_to_ascii("\U000105c9") == "xn--ev8c"
    assert domain_to_ascii("\U00016d67\U00016d67") == domain_to_ascii("\U00016d68")


def test_a_label_cannot_start_with_a_newer_combining_mark() -> None:
    """UTS 46 §4.1 criterion 6 with a Unicode 15 mark (General_Category Mn)."""
    assert domain_to_ascii("\U00010efd") is None
    assert domain_to_ascii("a\U00010efd") == "xn--a-5b7i"


def test_bidi_rule_knows_a_newer_right_to_left_letter() -> None:
    """U+0871 (Unicode 14) is AL: an RTL label cannot hold the L "a" (RFC 5893 §2)."""
    assert domain_to_ascii("\u0871a") is None
    assert domain_to_ascii("\u0871") == "xn--dxb"
    assert domain_to_ascii("\u05d0.\u0871") == "xn--4db.xn--dxb"


def test_contextj_knows_a_newer_virama() -> None:
    """RFC 5892 A.2: U+200D after the Kawi virama U+11F42 (Unicode 15, ccc 9) is valid."""
    assert domain_to_ascii("\U00011f12\U00011f42\u200d\U00011f12") == "xn--1ugx651hba4q"
    assert domain_to_ascii("\U00011f12\u200d\U00011f12") is None


def test_nfc_with_newer_data_agrees_with_unicodedata_on_older_text() -> None:
    """The step-by-step NFC gives what `unicodedata` gives where both know every character."""
    import unicodedata

    from webstd.url.host import _nfc_with_newer_data

    for text in ["a\u0323\u0301", "\u1e0b\u0323", "\u1100\u1161\u11a8", "e\u0301\u0300", "\u212b"]:
        assert _nfc_with_newer_data(text) == unicodedata.normalize("NFC", text)
