"""URL §4 URLs: the URL record, the basic URL parser with every state, the serializer, origin.

The parser follows URL §4.4 "basic URL parser" state by state; each branch of `_run`
cites the state it implements. Where the standard appends one code point at a time to
a buffer that is then percent-encoded as a whole (query, fragment, a path segment), the
code slices the run up to the next delimiter and encodes it at once, which gives the
same result. `fast_parse` handles already-normalised http(s) URLs without the state
machine; it accepts only inputs for which it provably yields the same record (see its
docstring), and `tests/url/test_fast_path.py` checks the two agree.
"""

from __future__ import annotations

import enum
import re

from webstd.url.host import parse_host
from webstd.url.percent_encoding import (
    C0_CONTROL_PERCENT_ENCODE_SET,
    FRAGMENT_PERCENT_ENCODE_SET,
    PATH_PERCENT_ENCODE_SET,
    QUERY_PERCENT_ENCODE_SET,
    SPECIAL_QUERY_PERCENT_ENCODE_SET,
    USERINFO_PERCENT_ENCODE_SET,
    percent_encode,
)

__all__ = [
    "SPECIAL_SCHEMES",
    "State",
    "URLRecord",
    "basic_url_parse",
    "fast_parse",
    "fast_parse_serialized",
    "origin_of",
    "serialize_path",
    "serialize_url",
]

# URL §4.1: the special schemes and their default ports.
SPECIAL_SCHEMES: dict[str, int | None] = {
    "ftp": 21,
    "file": None,
    "http": 80,
    "https": 443,
    "ws": 80,
    "wss": 443,
}


class State(enum.Enum):
    """URL §4.4 the basic URL parser's states (values are internal)."""

    SCHEME_START = 0
    SCHEME = 1
    NO_SCHEME = 2
    SPECIAL_RELATIVE_OR_AUTHORITY = 3
    PATH_OR_AUTHORITY = 4
    RELATIVE = 5
    RELATIVE_SLASH = 6
    SPECIAL_AUTHORITY_SLASHES = 7
    SPECIAL_AUTHORITY_IGNORE_SLASHES = 8
    AUTHORITY = 9
    HOST = 10
    HOSTNAME = 11
    PORT = 12
    FILE = 13
    FILE_SLASH = 14
    FILE_HOST = 15
    PATH_START = 16
    PATH = 17
    OPAQUE_PATH = 18
    QUERY = 19
    FRAGMENT = 20


(
    _SCHEME_START,
    _SCHEME,
    _NO_SCHEME,
    _SPECIAL_RELATIVE_OR_AUTHORITY,
    _PATH_OR_AUTHORITY,
    _RELATIVE,
    _RELATIVE_SLASH,
    _SPECIAL_AUTHORITY_SLASHES,
    _SPECIAL_AUTHORITY_IGNORE_SLASHES,
    _AUTHORITY,
    _HOST,
    _HOSTNAME,
    _PORT,
    _FILE,
    _FILE_SLASH,
    _FILE_HOST,
    _PATH_START,
    _PATH,
    _OPAQUE_PATH,
    _QUERY,
    _FRAGMENT,
) = range(21)


class URLRecord:
    """URL §4.1 a URL: scheme, username, password, host, port, path, query, fragment.

    `host` is already serialized ("[::1]", "127.0.0.1", "example.com", opaque, "" for
    the empty host) or None; `path` is a list of segments, or a str for an opaque path.
    """

    __slots__ = ("fragment", "host", "password", "path", "port", "query", "scheme", "username")

    def __init__(self) -> None:
        self.scheme = ""
        self.username = ""
        self.password = ""
        self.host: str | None = None
        self.port: int | None = None
        self.path: list[str] | str = []
        self.query: str | None = None
        self.fragment: str | None = None

    @property
    def has_opaque_path(self) -> bool:
        """URL §4.1 "has an opaque path": the path is a string."""
        return isinstance(self.path, str)

    @property
    def is_special(self) -> bool:
        """URL §4.1 "is special": the scheme is a special scheme."""
        return self.scheme in SPECIAL_SCHEMES

    @property
    def includes_credentials(self) -> bool:
        """URL §4.1 "includes credentials": username or password is non-empty."""
        return self.username != "" or self.password != ""

    @property
    def cannot_have_username_password_port(self) -> bool:
        """URL §4.1 "cannot have a username/password/port"."""
        return self.host is None or self.host == "" or self.scheme == "file"

    def copy(self) -> URLRecord:
        """A copy whose path list is not shared."""
        other = URLRecord.__new__(URLRecord)
        other.scheme = self.scheme
        other.username = self.username
        other.password = self.password
        other.host = self.host
        other.port = self.port
        other.path = self.path if isinstance(self.path, str) else list(self.path)
        other.query = self.query
        other.fragment = self.fragment
        return other

    def __repr__(self) -> str:
        return (
            f"URLRecord(scheme={self.scheme!r}, username={self.username!r}, "
            f"password={self.password!r}, host={self.host!r}, port={self.port!r}, "
            f"path={self.path!r}, query={self.query!r}, fragment={self.fragment!r})"
        )


# ---------------------------------------------------------------------------------------
# URL §4.5 URL serializing


def serialize_path(url: URLRecord) -> str:
    """URL §4.5 "URL path serializer"."""
    path = url.path
    if isinstance(path, str):
        return path
    return "".join(["/" + segment for segment in path])


def serialize_url(url: URLRecord, exclude_fragment: bool = False) -> str:
    """URL §4.5 "URL serializer"."""
    output = url.scheme + ":"
    host = url.host
    if host is not None:
        output += "//"
        if url.username != "" or url.password != "":
            output += url.username
            if url.password != "":
                output += ":" + url.password
            output += "@"
        output += host
        if url.port is not None:
            output += ":" + str(url.port)
    path = url.path
    if host is None and not isinstance(path, str) and len(path) > 1 and path[0] == "":
        output += "/."
    output += serialize_path(url)
    if url.query is not None:
        output += "?" + url.query
    if not exclude_fragment and url.fragment is not None:
        output += "#" + url.fragment
    return output


def origin_of(url: URLRecord) -> str:
    """URL §4.7 "origin" of a URL, serialized (HTML "serialization of an origin")."""
    scheme = url.scheme
    if scheme == "blob":
        path = url.path
        path_url = basic_url_parse(path if isinstance(path, str) else serialize_path(url))
        if path_url is not None and path_url.scheme in ("http", "https", "file"):
            return origin_of(path_url)
        return "null"
    if scheme in ("ftp", "http", "https", "ws", "wss"):
        origin = scheme + "://" + (url.host or "")
        if url.port is not None:
            origin += ":" + str(url.port)
        return origin
    return "null"


# ---------------------------------------------------------------------------------------
# URL §4.4 URL parsing

_C0_CONTROL_OR_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_ASCII_ALPHA = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.")
_ASCII_DIGITS = frozenset("0123456789")
_SINGLE_DOT = frozenset({".", "%2e", "%2E"})
_DOUBLE_DOT = frozenset(
    {"..", ".%2e", ".%2E", "%2e.", "%2E.", "%2e%2e", "%2E%2E", "%2e%2E", "%2E%2e"}
)
_PATH_DELIMITERS_SPECIAL = re.compile(r"[/\\?#]")
_PATH_DELIMITERS = re.compile(r"[/?#]")
_PATH_DELIMITERS_SPECIAL_OVERRIDE = re.compile(r"[/\\]")
_PATH_DELIMITERS_OVERRIDE = re.compile(r"/")
_OPAQUE_PATH_END = re.compile(r"[?#]")
_AUTHORITY_END_SPECIAL = re.compile(r"[/\\?#]")
_AUTHORITY_END = re.compile(r"[/?#]")
_HOST_RUN_END = re.compile(r"[:\[\]/\\?#]")


def _is_windows_drive_letter(s: str) -> bool:
    # URL §4.3: an ASCII alpha followed by ":" or "|".
    return len(s) == 2 and s[0] in _ASCII_ALPHA and s[1] in ":|"


def _is_normalized_windows_drive_letter(s: str) -> bool:
    # URL §4.3: an ASCII alpha followed by ":".
    return len(s) == 2 and s[0] in _ASCII_ALPHA and s[1] == ":"


def _starts_with_windows_drive_letter(s: str, start: int) -> bool:
    # URL §4.3 "starts with a Windows drive letter".
    if len(s) - start < 2 or not _is_windows_drive_letter(s[start : start + 2]):
        return False
    return len(s) - start == 2 or s[start + 2] in "/\\?#"


def _shorten_path(url: URLRecord) -> None:
    # URL §4.1 "shorten a url's path".
    path = url.path
    assert isinstance(path, list)
    if url.scheme == "file" and len(path) == 1 and _is_normalized_windows_drive_letter(path[0]):
        return
    if path:
        path.pop()


def basic_url_parse(
    input: str,
    base: URLRecord | None = None,
    url: URLRecord | None = None,
    state_override: State | None = None,
) -> URLRecord | None:
    """URL §4.4 "basic URL parser"; None for failure.

    With `url` and `state_override` it modifies `url` as the API setters need and returns
    it, or None where the standard says "return failure".
    """
    if url is None:
        url = URLRecord()
        input = input.strip(_C0_CONTROL_OR_SPACE)
    if "\t" in input or "\n" in input or "\r" in input:
        input = _TAB_OR_NEWLINE.sub("", input)
    override = -1 if state_override is None else state_override.value
    state = _SCHEME_START if override == -1 else override
    return _run(input, base, url, state, override)


def _run(
    input: str, base: URLRecord | None, url: URLRecord, state: int, override: int
) -> URLRecord | None:
    has_override = override != -1
    buffer = ""
    inside_brackets = False
    pointer = 0
    length = len(input)
    special = url.scheme in SPECIAL_SCHEMES
    while True:
        c = input[pointer] if pointer < length else ""  # "" is the EOF code point

        if state == _SCHEME_START:
            # URL §4.4 "scheme start state"
            if c in _ASCII_ALPHA:
                buffer += c.lower()
                state = _SCHEME
            elif not has_override:
                state = _NO_SCHEME
                pointer -= 1
            else:
                return None

        elif state == _SCHEME:
            # URL §4.4 "scheme state"
            if c in _SCHEME_CHARS:
                buffer += c.lower()
            elif c == ":":
                if has_override:
                    buffer_special = buffer in SPECIAL_SCHEMES
                    if special != buffer_special:
                        return url
                    if (url.includes_credentials or url.port is not None) and buffer == "file":
                        return url
                    if url.scheme == "file" and url.host == "":
                        return url
                url.scheme = buffer
                special = buffer in SPECIAL_SCHEMES
                if has_override:
                    if url.port is not None and url.port == SPECIAL_SCHEMES.get(url.scheme):
                        url.port = None
                    return url
                buffer = ""
                if url.scheme == "file":
                    state = _FILE
                elif special and base is not None and base.scheme == url.scheme:
                    state = _SPECIAL_RELATIVE_OR_AUTHORITY
                elif special:
                    state = _SPECIAL_AUTHORITY_SLASHES
                elif input.startswith("/", pointer + 1):
                    state = _PATH_OR_AUTHORITY
                    pointer += 1
                else:
                    url.path = ""
                    state = _OPAQUE_PATH
            elif not has_override:
                buffer = ""
                state = _NO_SCHEME
                pointer = -1
            else:
                return None

        elif state == _NO_SCHEME:
            # URL §4.4 "no scheme state"
            if base is None or (isinstance(base.path, str) and c != "#"):
                return None
            if isinstance(base.path, str) and c == "#":
                url.scheme = base.scheme
                special = url.scheme in SPECIAL_SCHEMES
                url.path = base.path
                url.query = base.query
                url.fragment = ""
                state = _FRAGMENT
            elif base.scheme != "file":
                state = _RELATIVE
                pointer -= 1
            else:
                state = _FILE
                pointer -= 1

        elif state == _SPECIAL_RELATIVE_OR_AUTHORITY:
            # URL §4.4 "special relative or authority state"
            if c == "/" and input.startswith("/", pointer + 1):
                state = _SPECIAL_AUTHORITY_IGNORE_SLASHES
                pointer += 1
            else:
                state = _RELATIVE
                pointer -= 1

        elif state == _PATH_OR_AUTHORITY:
            # URL §4.4 "path or authority state"
            if c == "/":
                state = _AUTHORITY
            else:
                state = _PATH
                pointer -= 1

        elif state == _RELATIVE:
            # URL §4.4 "relative state"
            assert base is not None
            url.scheme = base.scheme
            special = url.scheme in SPECIAL_SCHEMES
            if c == "/" or (special and c == "\\"):
                state = _RELATIVE_SLASH
            else:
                url.username = base.username
                url.password = base.password
                url.host = base.host
                url.port = base.port
                url.path = list(base.path)
                url.query = base.query
                if c == "?":
                    url.query = ""
                    state = _QUERY
                elif c == "#":
                    url.fragment = ""
                    state = _FRAGMENT
                elif c != "":
                    url.query = None
                    _shorten_path(url)
                    state = _PATH
                    pointer -= 1

        elif state == _RELATIVE_SLASH:
            # URL §4.4 "relative slash state"
            if special and c in ("/", "\\"):
                state = _SPECIAL_AUTHORITY_IGNORE_SLASHES
            elif c == "/":
                state = _AUTHORITY
            else:
                assert base is not None
                url.username = base.username
                url.password = base.password
                url.host = base.host
                url.port = base.port
                state = _PATH
                pointer -= 1

        elif state == _SPECIAL_AUTHORITY_SLASHES:
            # URL §4.4 "special authority slashes state"
            if c == "/" and input.startswith("/", pointer + 1):
                state = _SPECIAL_AUTHORITY_IGNORE_SLASHES
                pointer += 1
            else:
                state = _SPECIAL_AUTHORITY_IGNORE_SLASHES
                pointer -= 1

        elif state == _SPECIAL_AUTHORITY_IGNORE_SLASHES:
            # URL §4.4 "special authority ignore slashes state"
            if c != "/" and c != "\\":
                state = _AUTHORITY
                pointer -= 1

        elif state == _AUTHORITY:
            # URL §4.4 "authority state", for the whole authority at once. Running the
            # state code point by code point gives this: the userinfo is everything before
            # the authority's last "@" (an earlier "@" becomes "%40", the first ":" splits
            # username from password, the rest is userinfo-percent-encoded), an "@" with
            # nothing after it is a failure, and the host state starts after the last "@".
            found = (_AUTHORITY_END_SPECIAL if special else _AUTHORITY_END).search(input, pointer)
            end = length if found is None else found.start()
            at = input.rfind("@", pointer, end)
            if at != -1:
                if at + 1 == end:
                    return None
                username, colon, password = input[pointer:at].partition(":")
                url.username += percent_encode(username, USERINFO_PERCENT_ENCODE_SET)
                if colon:
                    url.password += percent_encode(password, USERINFO_PERCENT_ENCODE_SET)
                pointer = at + 1
            state = _HOST
            pointer -= 1

        elif state in (_HOST, _HOSTNAME):
            # URL §4.4 "host state" / "hostname state"
            if has_override and url.scheme == "file":
                pointer -= 1
                state = _FILE_HOST
            elif c == ":" and not inside_brackets:
                if buffer == "":
                    return None
                if override == _HOSTNAME:
                    return None
                host = parse_host(buffer, not special)
                if host is None:
                    return None
                url.host = host
                buffer = ""
                state = _PORT
            elif c in ("", "/", "?", "#") or (special and c == "\\"):
                pointer -= 1
                if special and buffer == "":
                    return None
                if (
                    has_override
                    and buffer == ""
                    and (url.includes_credentials or url.port is not None)
                ):
                    return None
                host = parse_host(buffer, not special)
                if host is None:
                    return None
                url.host = host
                buffer = ""
                state = _PATH_START
                if has_override:
                    return url
            elif c == "[":
                inside_brackets = True
                buffer += c
            elif c == "]":
                inside_brackets = False
                buffer += c
            else:
                # Append the run of code points up to the next one this state looks at.
                found = _HOST_RUN_END.search(input, pointer + 1)
                end = length if found is None else found.start()
                buffer += input[pointer:end]
                pointer = end - 1

        elif state == _PORT:
            # URL §4.4 "port state"
            if c in _ASCII_DIGITS:
                buffer += c
            elif c in ("", "/", "?", "#") or (special and c == "\\") or has_override:
                if buffer != "":
                    digits = buffer.lstrip("0")
                    if len(digits) > 5:
                        return None  # more than 65535 (and maybe too long for int())
                    port = int(digits or "0")
                    if port > 65535:
                        return None
                    url.port = None if SPECIAL_SCHEMES.get(url.scheme) == port else port
                    buffer = ""
                    if has_override:
                        return url
                if has_override:
                    return None
                state = _PATH_START
                pointer -= 1
            else:
                return None

        elif state == _FILE:
            # URL §4.4 "file state"
            url.scheme = "file"
            special = True
            url.host = ""
            if c == "/" or c == "\\":
                state = _FILE_SLASH
            elif base is not None and base.scheme == "file":
                url.host = base.host
                url.path = list(base.path)
                url.query = base.query
                if c == "?":
                    url.query = ""
                    state = _QUERY
                elif c == "#":
                    url.fragment = ""
                    state = _FRAGMENT
                elif c != "":
                    url.query = None
                    if not _starts_with_windows_drive_letter(input, pointer):
                        _shorten_path(url)
                    else:
                        url.path = []
                    state = _PATH
                    pointer -= 1
            else:
                state = _PATH
                pointer -= 1

        elif state == _FILE_SLASH:
            # URL §4.4 "file slash state"
            if c == "/" or c == "\\":
                state = _FILE_HOST
            else:
                if base is not None and base.scheme == "file":
                    url.host = base.host
                    base_path = base.path
                    if (
                        not _starts_with_windows_drive_letter(input, pointer)
                        and isinstance(base_path, list)
                        and base_path
                        and _is_normalized_windows_drive_letter(base_path[0])
                    ):
                        assert isinstance(url.path, list)
                        url.path.append(base_path[0])
                state = _PATH
                pointer -= 1

        elif state == _FILE_HOST:
            # URL §4.4 "file host state"
            if c in ("", "/", "\\", "?", "#"):
                pointer -= 1
                if not has_override and _is_windows_drive_letter(buffer):
                    state = _PATH
                elif buffer == "":
                    url.host = ""
                    if has_override:
                        return url
                    state = _PATH_START
                else:
                    host = parse_host(buffer, not special)
                    if host is None:
                        return None
                    if host == "localhost":
                        host = ""
                    url.host = host
                    if has_override:
                        return url
                    buffer = ""
                    state = _PATH_START
            else:
                buffer += c

        elif state == _PATH_START:
            # URL §4.4 "path start state"
            if special:
                state = _PATH
                if c != "/" and c != "\\":
                    pointer -= 1
            elif not has_override and c == "?":
                url.query = ""
                state = _QUERY
            elif not has_override and c == "#":
                url.fragment = ""
                state = _FRAGMENT
            elif c != "":
                state = _PATH
                if c != "/":
                    pointer -= 1
            elif has_override and url.host is None:
                assert isinstance(url.path, list)
                url.path.append("")

        elif state == _PATH:
            # URL §4.4 "path state", one segment (the run up to a delimiter) per turn.
            if special:
                delimiters = (
                    _PATH_DELIMITERS_SPECIAL_OVERRIDE if has_override else _PATH_DELIMITERS_SPECIAL
                )
            else:
                delimiters = _PATH_DELIMITERS_OVERRIDE if has_override else _PATH_DELIMITERS
            found = delimiters.search(input, pointer)
            end = length if found is None else found.start()
            buffer += percent_encode(input[pointer:end], PATH_PERCENT_ENCODE_SET)
            pointer = end
            c = input[pointer] if pointer < length else ""
            path = url.path
            assert isinstance(path, list)
            slash = c == "/" or (special and c == "\\")
            if buffer in _DOUBLE_DOT:
                _shorten_path(url)
                if not slash:
                    path.append("")
            elif buffer in _SINGLE_DOT:
                if not slash:
                    path.append("")
            else:
                if url.scheme == "file" and not path and _is_windows_drive_letter(buffer):
                    buffer = buffer[0] + ":"
                path.append(buffer)
            buffer = ""
            if c == "?":
                url.query = ""
                state = _QUERY
            elif c == "#":
                url.fragment = ""
                state = _FRAGMENT

        elif state == _OPAQUE_PATH:
            # URL §4.4 "opaque path state", the whole run up to "?" or "#" at once.
            found = _OPAQUE_PATH_END.search(input, pointer)
            end = length if found is None else found.start()
            chunk = input[pointer:end]
            opaque_path = url.path if isinstance(url.path, str) else ""
            if found is not None and chunk.endswith(" "):
                # A space right before "?" or "#" is written as "%20".
                encoded = percent_encode(chunk[:-1], C0_CONTROL_PERCENT_ENCODE_SET) + "%20"
            else:
                encoded = percent_encode(chunk, C0_CONTROL_PERCENT_ENCODE_SET)
            url.path = opaque_path + encoded
            pointer = end
            c = input[pointer] if pointer < length else ""
            if c == "?":
                url.query = ""
                state = _QUERY
            elif c == "#":
                url.fragment = ""
                state = _FRAGMENT

        elif state == _QUERY:
            # URL §4.4 "query state", the whole run up to "#" (or the end) at once.
            end = length if has_override else input.find("#", pointer)
            if end == -1:
                end = length
            encode_set = SPECIAL_QUERY_PERCENT_ENCODE_SET if special else QUERY_PERCENT_ENCODE_SET
            url.query = (url.query or "") + percent_encode(input[pointer:end], encode_set)
            pointer = end
            if pointer < length:
                url.fragment = ""
                state = _FRAGMENT

        elif state == _FRAGMENT:
            # URL §4.4 "fragment state", the rest of the input at once.
            url.fragment = (url.fragment or "") + percent_encode(
                input[pointer:], FRAGMENT_PERCENT_ENCODE_SET
            )
            pointer = length

        # URL §4.4: "If after a run pointer points to the EOF code point, go to the next
        # step. Otherwise, increase pointer by one and continue with the state machine."
        if pointer >= length:
            return url
        pointer += 1


# The fast path's grammar: lowercase "http" or "https", "://", a host of lowercase ASCII
# letters, digits and "-" in non-empty dot-separated labels, an optional port without
# a leading zero, then path, query and fragment made only of code points that their
# percent-encode set leaves alone (no space, no C0 control, no non-ASCII, nothing the
# standard rewrites). The checks in `fast_parse` rule out the rest: an IPv4-like last
# label, a default or out-of-range port, and dot segments.
_FAST_URL = re.compile(
    r"(https?)://"
    r"([a-z0-9\-]+(?:\.[a-z0-9\-]+)*)"
    r"(?::([1-9][0-9]{0,4}))?"
    r"(/[!$-;=@-\[\]_a-z|~]*)?"  # path: no " # < > ? \\ ^ ` { }
    r"(?:\?([!$-&(-;=?-~]*))?"  # query: no " # ' < >
    r"(?:#([!#-;=?-_a-~]*))?"  # fragment: no " < > `
)
_FAST_DEFAULT_PORTS = {"http": 80, "https": 443}
_NUMERIC_LABEL = re.compile(r"[0-9]+|0x[0-9a-f]*")
_IPV4_PART = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_CANONICAL_IPV4 = re.compile(rf"(?:{_IPV4_PART}\.){{3}}{_IPV4_PART}")


def fast_parse(input: str) -> URLRecord | None:
    """A URL record for an already-normalised http(s) URL, or None to use the full parser.

    Equivalent to `basic_url_parse(input)` whenever it returns a record: every accepted
    input is one the basic URL parser leaves unchanged apart from splitting it (no
    trimming, no tab or newline, no percent-encoding, no IDNA beyond an ASCII host
    that is already lowercase, no IPv4 host, no default port, no dot segments).
    """
    found = fast_parse_serialized(input)
    return None if found is None else found[0]


def fast_parse_serialized(input: str) -> tuple[URLRecord, bool] | None:
    """`fast_parse`, and whether `input` is already the record's serialization."""
    match = _FAST_URL.fullmatch(input)
    if match is None:
        return None
    scheme, host, port_string, path, query, fragment = match.groups()
    if (
        host[-1] in _HEX_DIGITS_LOWER
        and _NUMERIC_LABEL.fullmatch(host, host.rfind(".") + 1)
        and not _CANONICAL_IPV4.fullmatch(host)
    ):
        # URL §3.5: the host "ends in a number", so it is an IPv4 address; only one
        # already in the IPv4 serializer's form (four decimal parts, no leading zero,
        # each at most 255) comes out of the IPv4 parser unchanged.
        return None
    port: int | None = None
    if port_string is not None:
        port = int(port_string)
        if port > 65535 or port == _FAST_DEFAULT_PORTS[scheme]:
            return None
    if path is None:
        segments = [""]
    else:
        segments = path[1:].split("/")
        if ("." in path or "%2" in path) and any(
            segment in _SINGLE_DOT or segment in _DOUBLE_DOT for segment in segments
        ):
            return None
    url = _new_record(URLRecord)
    url.scheme = scheme
    url.username = ""
    url.password = ""
    url.host = host
    url.port = port
    url.path = segments
    url.query = query
    url.fragment = fragment
    return url, path is not None


_new_record = URLRecord.__new__
_HEX_DIGITS_LOWER = frozenset("0123456789abcdefx")  # last characters of IPv4 numbers
