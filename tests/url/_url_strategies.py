"""Hypothesis strategies for URL-ish strings (shared by the URL property tests)."""

from __future__ import annotations

from hypothesis import strategies as st

_SCHEMES = st.sampled_from(
    [
        "http",
        "https",
        "ws",
        "wss",
        "ftp",
        "file",
        "foo",
        "sc",
        "data",
        "javascript",
        "mailto",
        "blob",
        "HTTP",
        "hTtPs",
        "FILE",
        "a+b-c.d",
        "git+ssh",
        "1bad",
        "",
    ]
)
_SEPARATORS = st.sampled_from(["://", ":", ":/", ":///", ":\\\\", ":/\\", "//", "/", ":\\"])
TEXT_ALPHABET = st.sampled_from(
    [
        *"aAzZ09-._~!$&'()*+,;=:@/?#[]^`{}|\\\"<> %",
        "%41",
        "%2e",
        "%2E",
        "%zz",
        "%",
        "ä",
        "€",
        "\U0001f4a9",
        "\x00",
        "\x7f",
        "\u00ad",
    ]
)

# Values worth giving each URL setter: scheme-, host-, port- and path-like, and broken.
SETTER_SAMPLES = [
    "",
    "x",
    "https",
    "foo",
    "file",
    "ws",
    "a:b",
    "8080",
    "65536",
    "0",
    "80",
    "a b",
    "/a/../b",
    "?q=1",
    "#f",
    "[::1]",
    "127.1",
    "0x7f.1",
    "Ex%41mple.com",
    "bücher.de",
    "a@b",
    "\\x",
    "%zz",
    "é",
    "\t",
    "x:99999",
    "h:8080/p",
    "[::1]:1",
    "a#b?c",
    "C:",
    " ",
    "\x00",
    "data:x",
]

_LABELS = st.sampled_from(
    [
        "example",
        "EXAMPLE",
        "a",
        "xn--nxasmq6b",
        "xn--a",
        "bücher",
        "faß",
        "例え",
        "ß",
        "ﬃ",
        "a\u200db",
        "\u0627\u0644",
        "0x7f",
        "0",
        "08",
        "255",
        "1",
        "4294967295",
        "a-b",
        "-x",
        "%41",
        "%2e",
        "a%00b",
        "com",
        "",
        "\u3002",
        "\uff0e",
        "A\u0301",
    ]
)
_IPV4 = st.sampled_from(
    [
        "127.0.0.1",
        "0x7f.1",
        "0177.0.0.1",
        "2130706433",
        "127.1",
        "1.2.3.4.",
        "256.1.1.1",
        "0x100000000",
        "1.2.3.09",
        "0xffffffff",
        "1.2.3",
        "999999999999",
        "0x",
        "1..2",
    ]
)
_IPV6 = st.sampled_from(
    [
        "[::1]",
        "[1:2:3:4:5:6:7:8]",
        "[::ffff:1.2.3.4]",
        "[0:0::1]",
        "[1::2::3]",
        "[::]",
        "[1:0:0:2::3:0]",
        "[::127.0.0.1]",
        "[1:2:3:4:5:6:1.2.3.4]",
        "[::1.2.3]",
        "[:1]",
        "[FFFF::1]",
        "[0::0:0:1]",
        "[1:2:3:4:5:6:7:8:9]",
        "[::1",
        "[v1.x]",
    ]
)


@st.composite
def hosts(draw: st.DrawFn) -> str:
    """Domains (ASCII, IDN, percent-escaped), IPv4 forms, IPv6 literals and junk."""
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(_IPV4)
    if kind == 1:
        return draw(_IPV6)
    labels = draw(st.lists(_LABELS, min_size=1, max_size=4))
    return ".".join(labels)


@st.composite
def url_strings(draw: st.DrawFn) -> str:
    """URL-like strings built from scheme, userinfo, host, port, path, query, fragment."""
    text = st.lists(TEXT_ALPHABET, max_size=6).map("".join)
    out = draw(_SCHEMES) + draw(_SEPARATORS)
    if draw(st.booleans()):
        out += draw(text.filter(lambda s: "@" not in s and "/" not in s)) + "@"
    out += draw(hosts())
    if draw(st.integers(0, 3)) == 0:
        out += ":" + draw(
            st.sampled_from(
                ["", "0", "80", "443", "21", "8080", "65535", "65536", "0080", "x", "99999999999"]
            )
        )
    segments = draw(
        st.lists(
            st.sampled_from(
                ["", ".", "..", "%2e", ".%2E", "a", "b c", "C:", "c|", "\\", "%41", "é", "^", "{x}"]
            )
            | text,
            max_size=4,
        )
    )
    if segments:
        out += "/" + "/".join(segments)
    if draw(st.booleans()):
        out += "?" + draw(text)
    if draw(st.booleans()):
        out += "#" + draw(text)
    # Tabs and newlines anywhere, C0 controls and spaces around.
    for _ in range(draw(st.integers(0, 2))):
        index = draw(st.integers(0, len(out)))
        out = out[:index] + draw(st.sampled_from(["\t", "\n", "\r"])) + out[index:]
    if draw(st.integers(0, 4)) == 0:
        out = (
            draw(st.sampled_from([" ", "\x00", "\x1f "]))
            + out
            + draw(st.sampled_from(["", " ", "\x01"]))
        )
    return out


def relative_strings() -> st.SearchStrategy[str]:
    """Relative references to resolve against a base."""
    return st.lists(
        st.sampled_from(
            ["..", ".", "/", "//", "\\", "?", "#", "a", "b", "%2e", "C:", "x:", "@", "h"]
        ),
        max_size=6,
    ).map("".join)
