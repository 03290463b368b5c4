"""What every adapter shares: rebuilding a request URL, the 500/413 decision, status texts.

A server hands us the pieces of a URL the way they came off the wire (scheme,
Host, raw request-target). `request_url` turns them into the serialized URL
the Fetch standard's `request.url` holds, keeping percent-escapes exactly as
sent. Most targets are already in serialized form, so a fast check accepts
them as they are; everything else goes through the URL Standard's parser,
which is the reference the fast check must agree with (tested in
tests/serving/test_common.py).
"""

from __future__ import annotations

import re
from http import HTTPStatus

from webstd.fetch.form_data import FormDataLimitError
from webstd.url.parser import basic_url_parse, serialize_url

__all__ = [
    "RequestBodyTooLarge",
    "encode_non_ascii",
    "is_body_limit_error",
    "request_url",
    "status_phrase",
    "valid_host",
]

_DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}

# RFC 9110 §7.2 Host = uri-host [ ":" port ]; RFC 3986 §3.2.2 host = IP-literal / IPv4address / reg-name
_HOST_RE = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(?::[0-9]*)?\Z")

# Already-serialized forms (URL §4.5 URL serializing): a lower-case ASCII domain that is not
# a number (URL §3.5 "ends in a number checker") nor an IDNA A-label, or a canonical IPv4
# address, with a non-default port.
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_FAST_HOST_RE = re.compile(
    rf"(?:(?:[a-z0-9-]+\.)*(?!0x)[a-z0-9-]*[a-z][a-z0-9-]*|{_OCTET}(?:\.{_OCTET}){{3}})"
    r"(?::([1-9][0-9]{0,4}))?\Z"
)
# Path and query characters no percent-encode set of URL §1.3 touches for a special URL
# ("'" is in the special-query set, "\" is a path separator for special schemes).
_FAST_TARGET_RE = re.compile(r"/[A-Za-z0-9\-._~!$&()*+,;=:@/%?]*\Z")
_NON_ASCII_BYTE_RE = re.compile(rb"[\x80-\xff]")


# A server sees few distinct Host values; remember the verdicts on the first ones.
_CACHE_SIZE = 256
_valid_hosts: dict[str, bool] = {}
_serialized_origins: dict[tuple[str, str], bool] = {}


class RequestBodyTooLarge(ValueError):
    """The request body is larger than the server's configured limit (answered 413)."""


_PHRASES = {status.value: status.phrase for status in HTTPStatus}


def status_phrase(status: int) -> str:
    """The standard reason phrase for `status`, or "" for an unregistered code."""
    return _PHRASES.get(status, "")


def valid_host(host: str) -> bool:
    """True when `host` matches RFC 9110's Host grammar (no spaces, no stray delimiters)."""
    known = _valid_hosts.get(host)
    if known is None:
        known = _HOST_RE.match(host) is not None
        if len(_valid_hosts) < _CACHE_SIZE:
            _valid_hosts[host] = known
    return known


def encode_non_ascii(raw: bytes) -> str:
    """Percent-encode the bytes >= 0x80 of a raw request-target, keeping every other byte as is."""
    if raw.isascii():
        return raw.decode("ascii")
    return _NON_ASCII_BYTE_RE.sub(lambda m: b"%%%02X" % m[0][0], raw).decode("ascii")


def _is_serialized_origin(scheme: str, host: str) -> bool:
    """True when `scheme://host` is already what the URL serializer would write."""
    if scheme not in ("http", "https") or "xn--" in host:
        return False
    host_match = _FAST_HOST_RE.match(host)
    if host_match is None:
        return False
    port = host_match.group(1)
    return port is None or (port != _DEFAULT_PORTS[scheme] and int(port) <= 65535)


def _is_serialized(scheme: str, host: str, target: str) -> bool:
    """True when `scheme://host` + `target` is already what the URL serializer would write."""
    key = (scheme, host)
    origin_ok = _serialized_origins.get(key)
    if origin_ok is None:
        origin_ok = _is_serialized_origin(scheme, host)
        if len(_serialized_origins) < _CACHE_SIZE:
            _serialized_origins[key] = origin_ok
    if not origin_ok or _FAST_TARGET_RE.match(target) is None:
        return False
    path = target.partition("?")[0]
    # URL §4.4 "path state": single- and double-dot segments (also as %2e) are resolved.
    return "/." not in path and "%2e" not in path.lower()


# The URLs of recent requests, by what each adapter makes them from: a server sees
# the same few request-targets over and over. Bounded in entries and in key length.
# (Adapters look `URL_MEMO[key]` up inline: a hit is one dict lookup, no call.)
URL_MEMO_SIZE = 256
URL_MEMO_MAX_LENGTH = 512
URL_MEMO: dict[tuple[object, ...], str | None] = {}


def remember_url(key: tuple[object, ...], url: str | None) -> str | None:
    """Remember `url` (None: it did not parse) for `key` while the memo has room; return it."""
    if len(URL_MEMO) < URL_MEMO_SIZE:
        URL_MEMO[key] = url
    return url


def request_url(scheme: str, host: str, target: str) -> str | None:
    """The serialized URL of a request, or None when it does not parse.

    `target` is an origin-form request-target (path and query, ASCII, as
    `encode_non_ascii` returns it) or an absolute-form URL.
    """
    if target.startswith("/"):
        if _is_serialized(scheme, host, target):
            return f"{scheme}://{host}{target}"
        url = f"{scheme}://{host}{target}"
    else:
        url = target
    record = basic_url_parse(url)
    if record is None or record.host in (None, ""):
        return None
    return serialize_url(record)


def is_body_limit_error(error: BaseException) -> bool:
    """True when `error` (or what caused it) says a request body or form was over a limit: 413."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        # RequestBodyTooLarge from a server, FormDataLimitError (http_status 413) from form_data()
        if isinstance(current, (RequestBodyTooLarge, FormDataLimitError)):
            return True
        current = current.__cause__ or current.__context__
    return False
