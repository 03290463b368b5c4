"""URLPattern §3.1 encoding callbacks: canonicalize each component through our URL parser.

Each callback runs the URL Standard's basic URL parser on a dummy URL record with a
state override, exactly as the URLPattern Standard describes, and raises TypeError
where it says "throw a TypeError".
"""

from __future__ import annotations

import re

from webstd.url.parser import SPECIAL_SCHEMES, State, URLRecord, basic_url_parse, serialize_path
from webstd.url.percent_encoding import USERINFO_PERCENT_ENCODE_SET, percent_encode

__all__ = [
    "canonicalize_hash",
    "canonicalize_hostname",
    "canonicalize_ipv6_hostname",
    "canonicalize_opaque_pathname",
    "canonicalize_password",
    "canonicalize_pathname",
    "canonicalize_port",
    "canonicalize_protocol",
    "canonicalize_search",
    "canonicalize_username",
]


_dummy_url_template: list[URLRecord] = []


def _create_dummy_url() -> URLRecord:
    # URLPattern "create a dummy URL": the basic URL parser on "https://dummy.invalid/"
    if not _dummy_url_template:
        template = basic_url_parse("https://dummy.invalid/")
        assert template is not None
        _dummy_url_template.append(template)
    return _dummy_url_template[0].copy()


# Fast paths: values the URL parser would return unchanged. Each is equivalent to running
# the slow path (tests check they agree): only code points outside the component's
# percent-encode set, no tab or newline, and for paths no "." / ".." segment or backslash.
_CANONICAL_PATH = re.compile(r"(?:/[A-Za-z0-9\-._~!$&'()*+,;=:@%]*)+")
_CANONICAL_SEARCH = re.compile(r"[A-Za-z0-9\-._~!$&()*+,;=:@/?]*")
_CANONICAL_HASH = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]*")
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")


def is_canonical_path(value: str) -> bool:
    """True if the special-URL path parser leaves `value` (starting with "/") unchanged."""
    if _CANONICAL_PATH.fullmatch(value) is None or _DOT_SEGMENT.search(value) is not None:
        return False
    return "%" not in value or "%2e" not in value.lower()


def _failure(component: str, value: str) -> TypeError:
    return TypeError(f"URLPattern: invalid {component} {value!r}")


def canonicalize_protocol(value: str) -> str:
    """URLPattern "canonicalize a protocol"."""
    if value == "":
        return value
    parse_result = basic_url_parse(value + "://dummy.invalid/")
    if parse_result is None:
        raise _failure("protocol", value)
    return parse_result.scheme


def canonicalize_username(value: str) -> str:
    """URLPattern "canonicalize a username" (URL "set the username")."""
    if value == "":
        return value
    return percent_encode(value, USERINFO_PERCENT_ENCODE_SET)


def canonicalize_password(value: str) -> str:
    """URLPattern "canonicalize a password" (URL "set the password")."""
    if value == "":
        return value
    return percent_encode(value, USERINFO_PERCENT_ENCODE_SET)


def canonicalize_hostname(value: str) -> str:
    """URLPattern "canonicalize a hostname": the hostname state of the URL parser."""
    if value == "":
        return value
    dummy_url = _create_dummy_url()
    if basic_url_parse(value, url=dummy_url, state_override=State.HOSTNAME) is None:
        raise _failure("hostname", value)
    return dummy_url.host or ""


_IPV6_HOSTNAME_CODE_POINTS = frozenset("0123456789abcdefABCDEF[]:")


def canonicalize_ipv6_hostname(value: str) -> str:
    """URLPattern "canonicalize an IPv6 hostname": hex digits, brackets and colons only."""
    for code_point in value:
        if code_point not in _IPV6_HOSTNAME_CODE_POINTS:
            raise _failure("IPv6 hostname", value)
    return value.lower()


def canonicalize_port(value: str, protocol: str | None = None) -> str:
    """URLPattern "canonicalize a port", dropping the protocol's default port."""
    if value == "":
        return value
    # A scheme-less record unless a protocol is given: the dummy URL's "https" would make
    # the pattern text "443" in "443*" vanish as https's default port.
    dummy_url = URLRecord()
    if protocol is not None:
        dummy_url = _create_dummy_url()
        dummy_url.scheme = protocol
    if basic_url_parse(value, url=dummy_url, state_override=State.PORT) is None:
        raise _failure("port", value)
    return "" if dummy_url.port is None else str(dummy_url.port)


def canonicalize_pathname(value: str) -> str:
    """URLPattern "canonicalize a pathname" (special-scheme paths)."""
    if value == "":
        return value
    if value[0] == "/" and is_canonical_path(value):
        return value
    leading_slash = value[0] == "/"
    modified_value = value if leading_slash else "/-" + value
    dummy_url = _create_dummy_url()
    dummy_url.path = []
    if basic_url_parse(modified_value, url=dummy_url, state_override=State.PATH_START) is None:
        raise _failure("pathname", value)
    result = serialize_path(dummy_url)
    return result if leading_slash else result[2:]


def canonicalize_opaque_pathname(value: str) -> str:
    """URLPattern "canonicalize an opaque pathname"."""
    if value == "":
        return value
    dummy_url = _create_dummy_url()
    dummy_url.path = ""
    if basic_url_parse(value, url=dummy_url, state_override=State.OPAQUE_PATH) is None:
        raise _failure("pathname", value)
    return serialize_path(dummy_url)


def canonicalize_search(value: str) -> str:
    """URLPattern "canonicalize a search"."""
    if _CANONICAL_SEARCH.fullmatch(value) is not None:
        return value
    dummy_url = _create_dummy_url()
    dummy_url.query = ""
    if basic_url_parse(value, url=dummy_url, state_override=State.QUERY) is None:
        raise _failure("search", value)
    return dummy_url.query or ""


def canonicalize_hash(value: str) -> str:
    """URLPattern "canonicalize a hash"."""
    if _CANONICAL_HASH.fullmatch(value) is not None:
        return value
    dummy_url = _create_dummy_url()
    dummy_url.fragment = ""
    if basic_url_parse(value, url=dummy_url, state_override=State.FRAGMENT) is None:
        raise _failure("hash", value)
    return dummy_url.fragment or ""


def is_special_scheme(scheme: str) -> bool:
    """URL §4.1 special scheme."""
    return scheme in SPECIAL_SCHEMES


def default_port(scheme: str) -> int | None:
    """URL §4.1 default port of a special scheme."""
    return SPECIAL_SCHEMES.get(scheme)
