"""Cookies in the `@edge-runtime/cookies` model that Next.js exposes (RFC 6265bis).

`RequestCookies` is a live view over a request's `Cookie` header and
`ResponseCookies` one over a response's `Set-Cookie` headers: both read the
`Headers` they wrap on every call (the parse is cached per header value) and
write their changes straight back, so cookies and headers never disagree.

Parsing never raises: a `Cookie` header is split on ";" and each piece parsed on
its own as RFC 6265bis §5.6 parses a cookie's name-value pair (a piece without
"=" is a cookie with an empty name; quotes stay part of the value), so one
malformed pair never drops the others, unlike `http.cookies.SimpleCookie`.
Values are percent-decoded as `decodeURIComponent` does; as in edge-runtime, a
pair whose value does not decode is left out, and the cookies are keyed by name
(a repeated name keeps its first position and takes its last value).
Serialising raises `TypeError` on anything that would break the header: a name
that is not a token, a lone surrogate in a value, an attribute with ";" or a
control character, or a cookie that breaks the `__Secure-`/`__Host-` prefix rules.

Where edge-runtime keys a response's cookies by name, so do we: `set` replaces
every `Set-Cookie` of that name. Unlike edge-runtime, `Set-Cookie` headers that
`set` and `delete` do not touch are kept byte for byte.

Deliberate differences from edge-runtime, where RFC 6265bis or Python decides:
WSP around names and values is trimmed, "flag" is a nameless cookie (not
flag="true") and "=" alone no cookie (§5.6); several Cookie headers are joined
with "; "; a number for `expires` is epoch seconds and a date string is read
(RFC 6265bis §5.1.1 or ISO 8601); `same_site=True` is "strict"; `partitioned`
implies Secure; deleting the last request cookie removes the Cookie header.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Generic, Literal, TypeVar, overload

from webstd.fetch.headers import Headers

__all__ = ["RequestCookie", "RequestCookies", "ResponseCookie", "ResponseCookies"]

SameSite = Literal["strict", "lax", "none"]
Priority = Literal["low", "medium", "high"]

# RFC 6265 §4.1.1: cookie-name = token (RFC 9110 §5.6.2).
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# RFC 6265 §4.1.1: av-octet = %x20-3A / %x3C-7E (any CHAR except CTLs or ";").
_ATTRIBUTE_VALUE = re.compile(r"[\x20-\x3a\x3c-\x7e]*")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ESCAPE_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_WHITESPACE = " \t"
# encodeURIComponent leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) unescaped.
_URI_COMPONENT_SAFE = "-_.!~*'()"
_URI_COMPONENT_UNRESERVED = re.compile(r"[A-Za-z0-9\-_.!~*'()]*")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_SAME_SITE = ("strict", "lax", "none")
_PRIORITY = ("low", "medium", "high")


@dataclass(frozen=True)
class RequestCookie:
    """A cookie a client sent: its name and (percent-decoded) value."""

    name: str
    value: str


@dataclass(frozen=True)
class ResponseCookie:
    """A cookie a response sets, with its Set-Cookie attributes."""

    name: str
    value: str
    domain: str | None = None
    path: str | None = None
    expires: datetime | None = None
    max_age: int | None = None
    http_only: bool = False
    secure: bool = False
    same_site: SameSite | None = None
    partitioned: bool = False
    priority: Priority | None = None


def _decode_uri_component(value: str) -> str | None:
    """`decodeURIComponent(value)`, or None where that would throw a URIError."""
    if "%" not in value:
        return value
    if _BAD_PERCENT.search(value) is not None:
        return None
    try:
        # Each run of escapes must be whole UTF-8 (no surrogates, no overlongs), as in
        # ECMA-262 Decode; text outside the escapes is kept as it is.
        return _ESCAPE_RUN.sub(_decode_escape_run, value)
    except UnicodeDecodeError:
        return None


def _decode_escape_run(match: re.Match[str]) -> str:
    return bytes.fromhex(match.group().replace("%", "")).decode("utf-8")


def _encode_uri_component(value: str, context: str) -> str:
    """`encodeURIComponent(value)`; a lone surrogate is a TypeError (JS: URIError)."""
    if _URI_COMPONENT_UNRESERVED.fullmatch(value):
        return value
    try:
        return urllib.parse.quote(value, safe=_URI_COMPONENT_SAFE, errors="strict")
    except UnicodeEncodeError as error:
        surrogate = value[error.start]
        raise TypeError(
            f"{context}: value {_show(value)} contains a lone surrogate "
            f"{surrogate!r} at index {error.start}"
        ) from None


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:75] + "...'"


def _cookie_name(name: object, context: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"{context}: name must be str, not {type(name).__name__}")
    if _TOKEN.fullmatch(name) is None:
        raise TypeError(
            f"{context}: invalid cookie name {_show(name)}: "
            "a name must be a non-empty token (letters, digits and !#$%&'*+-.^_`|~)"
        )
    return name


def _cookie_value(value: object, context: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{context}: value must be str, not {type(value).__name__}")
    return value


def _attribute(value: object, attribute: str, context: str) -> str:
    """An attribute value that cannot break the header: no CTLs, no ";", ASCII only."""
    if not isinstance(value, str):
        raise TypeError(f"{context}: {attribute} must be str, not {type(value).__name__}")
    if _ATTRIBUTE_VALUE.fullmatch(value) is None:
        raise TypeError(
            f"{context}: invalid {attribute} {_show(value)}: "
            "attribute values cannot contain ';', control characters or non-ASCII characters"
        )
    return value


def _cookie_header_value(headers: Headers) -> str:
    """Every Cookie header's value joined with "; " (RFC 9113 §8.2.3 splits it that way)."""
    if headers._pending_raw is not None and headers._pending_index() is not None:
        return headers.get("cookie") or ""  # names are unique: at most one Cookie header
    values = [value for name, value in headers._list if name == "cookie"]
    return values[0] if len(values) == 1 else "; ".join(values)


def parse_cookie_header(header: str) -> list[RequestCookie]:
    """Parse a Cookie header leniently into cookies in header order, one per name."""
    cookies: dict[str, RequestCookie] = {}
    for piece in header.split(";"):
        # RFC 6265bis §5.6 steps for a name-value-pair, applied to each piece.
        piece = piece.strip(_WHITESPACE)
        if not piece:
            continue
        name, equals, value = piece.partition("=")
        if not equals:
            name, value = "", piece
        name, value = name.strip(_WHITESPACE), value.strip(_WHITESPACE)
        if not name and not value:
            continue  # RFC 6265bis §5.6: both empty means no cookie at all
        decoded = _decode_uri_component(value)
        if decoded is None:
            continue  # as edge-runtime's parseCookie: a value decodeURIComponent rejects is dropped
        # As edge-runtime's Map: a repeated name keeps its first position, takes its last value.
        cookies[name] = RequestCookie(name, decoded)
    return list(cookies.values())


def _serialize_request_cookie(cookie: RequestCookie, context: str) -> str:
    value = _encode_uri_component(cookie.value, context)
    # A cookie with an empty name is sent as its value alone (RFC 6265bis §5.8.3).
    return f"{cookie.name}={value}" if cookie.name else value


_Cookie = TypeVar("_Cookie", RequestCookie, ResponseCookie)


class _CookieView(Generic[_Cookie]):
    """The reads RequestCookies and ResponseCookies share, over their parsed cookies."""

    __slots__ = ()

    def _parsed(self) -> list[_Cookie]:
        raise NotImplementedError

    def get_all(self, name: str | None = None) -> list[_Cookie]:
        """Every cookie, or those of that name, in header order (one per name once parsed)."""
        cookies = self._parsed()
        if name is None:
            return list(cookies)
        return [cookie for cookie in cookies if cookie.name == name]

    def has(self, name: str) -> bool:
        """Whether there is a cookie of that name (sent by the request, or set by the response)."""
        return any(cookie.name == name for cookie in self._parsed())

    def __contains__(self, name: object) -> bool:
        return any(cookie.name == name for cookie in self._parsed())


class RequestCookies(_CookieView[RequestCookie]):
    """The cookies of a request: a live view over its `Cookie` header."""

    __slots__ = ("_cache", "_headers")

    def __init__(self, headers: Headers) -> None:
        if not isinstance(headers, Headers):
            raise TypeError(
                f"RequestCookies: headers must be a Headers, not {type(headers).__name__}"
            )
        self._headers = headers
        self._cache: tuple[str, list[RequestCookie]] = ("", [])

    def _parsed(self) -> list[RequestCookie]:
        header = _cookie_header_value(self._headers)
        cached_header, cookies = self._cache
        if header != cached_header:
            cookies = parse_cookie_header(header)
            self._cache = (header, cookies)
        return cookies

    def _write(self, cookies: list[RequestCookie], context: str) -> None:
        if cookies:
            serialized = "; ".join(_serialize_request_cookie(c, context) for c in cookies)
            self._headers.set("cookie", serialized)
            self._cache = (serialized, cookies)  # parsing `serialized` gives `cookies` back
        else:
            self._headers.delete("cookie")

    def get(self, name: str) -> RequestCookie | None:
        """The cookie of that name (its last value, if the header repeats it), or None."""
        for cookie in self._parsed():
            if cookie.name == name:
                return cookie
        return None

    def set(self, name: str, value: str) -> RequestCookies:
        """Set a cookie (replacing those of that name) and write the Cookie header back."""
        context = "RequestCookies.set"
        cookie = RequestCookie(_cookie_name(name, context), _cookie_value(value, context))
        cookies = self._parsed()
        index = next((i for i, c in enumerate(cookies) if c.name == name), len(cookies))
        updated = [*cookies[:index], cookie, *(c for c in cookies[index + 1 :] if c.name != name)]
        self._write(updated, context)
        return self

    @overload
    def delete(self, name: str, /) -> bool: ...
    @overload
    def delete(self, name: list[str] | tuple[str, ...], /) -> list[bool]: ...
    @overload
    def delete(self, name: str, second: str, /, *names: str) -> list[bool]: ...
    def delete(self, *names: str | list[str] | tuple[str, ...]) -> bool | list[bool]:
        """Delete cookies by name; True for each name that was present."""
        if len(names) == 1 and isinstance(names[0], (list, tuple)):
            flat = list(names[0])
        else:
            flat = list(names)  # type: ignore[arg-type]
        cookies = self._parsed()
        present = {cookie.name for cookie in cookies}
        result = [name in present for name in flat]
        if any(result):
            gone = set(flat)
            self._write([c for c in cookies if c.name not in gone], "RequestCookies.delete")
        single = len(names) == 1 and isinstance(names[0], str)
        return result[0] if single else result

    def clear(self) -> RequestCookies:
        """Delete every cookie (and the Cookie header)."""
        self._headers.delete("cookie")
        return self

    @property
    def size(self) -> int:
        """The number of cookies sent."""
        return len(self._parsed())

    def __len__(self) -> int:
        return len(self._parsed())

    def __iter__(self) -> Iterator[tuple[str, RequestCookie]]:
        return iter([(cookie.name, cookie) for cookie in self._parsed()])

    def __str__(self) -> str:
        return "; ".join(
            _serialize_request_cookie(c, "RequestCookies.__str__") for c in self._parsed()
        )

    def __repr__(self) -> str:
        pairs = [(cookie.name, cookie.value) for cookie in self._parsed()]
        return f"RequestCookies({pairs!r})"


def _expires(value: datetime | date | float | str, context: str) -> datetime:
    """The Expires moment of a datetime (naive = UTC), a date, epoch seconds, or a date string."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
        try:
            return moment.astimezone(timezone.utc)
        except OverflowError:
            raise ValueError(f"{context}: expires {value!r} is out of range") from None
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Seconds, as time.time() gives (edge-runtime's number is JS milliseconds).
        try:
            return _EPOCH + timedelta(seconds=value)
        except (OverflowError, ValueError):
            raise ValueError(f"{context}: expires {value!r} is out of range") from None
    if isinstance(value, str):
        text = _attribute(value, "expires", context)
        parsed = _parse_date(text) or _parse_iso_date(text)
        if parsed is None:
            # edge-runtime would write "Invalid Date"; an unreadable date is an error here.
            raise ValueError(
                f"{context}: expires {_show(value)} is not a cookie-date (RFC 6265bis §5.1.1) "
                "or an ISO 8601 date"
            )
        return parsed
    raise TypeError(
        f"{context}: expires must be a datetime, epoch seconds or str, not {type(value).__name__}"
    )


def _parse_iso_date(text: str) -> datetime | None:
    """An ISO 8601 date or date-time ("Z" accepted; naive = UTC), or None."""
    candidate = text.strip()
    if candidate.endswith(("Z", "z")):
        candidate = candidate[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:
        return None


# RFC 6265 §5.1.1 cookie-date: delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E.
_DATE_DELIMITERS = re.compile(r"[\x09\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+")
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[^0-9].*)?", re.DOTALL)
_DAY_OF_MONTH = re.compile(r"([0-9]{1,2})(?:[^0-9].*)?", re.DOTALL)
_YEAR = re.compile(r"([0-9]{2,4})(?:[^0-9].*)?", re.DOTALL)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _parse_date(text: str) -> datetime | None:
    """RFC 6265 §5.1.1 cookie-date parsing (lenient); None where it fails."""
    time_of_day: tuple[int, int, int] | None = None
    day = month = year = None
    for token in _DATE_DELIMITERS.split(text):
        if not token:
            continue
        if time_of_day is None and (match := _TIME.fullmatch(token)):
            hour, minute, second = (int(group) for group in match.groups())
            time_of_day = (hour, minute, second)
        elif day is None and (match := _DAY_OF_MONTH.fullmatch(token)):
            day = int(match.group(1))
        elif month is None and token[:3].lower() in _MONTHS:
            month = _MONTHS.index(token[:3].lower()) + 1
        elif year is None and (match := _YEAR.fullmatch(token)):
            year = int(match.group(1))
    if time_of_day is None or day is None or month is None or year is None:
        return None
    if 70 <= year <= 99:
        year += 1900
    elif 0 <= year <= 69:
        year += 2000
    hour, minute, second = time_of_day
    if not 1 <= day <= 31 or year < 1601 or hour > 23 or minute > 59 or second > 59:
        return None
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except ValueError:
        return None


def _max_age(value: object, context: str) -> int:
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise TypeError(f"{context}: max_age must be an int number of seconds, not {_show(value)}")


def _same_site(value: object, context: str) -> SameSite | None:
    if value is None or value is False:
        return None
    if value is True:
        return "strict"
    if isinstance(value, str) and value.lower() in _SAME_SITE:
        return value.lower()  # type: ignore[return-value]
    raise TypeError(
        f"{context}: same_site must be 'strict', 'lax', 'none' or a bool, not {_show(value)}"
    )


def _priority(value: object, context: str) -> Priority | None:
    if value is None:
        return None
    if isinstance(value, str) and value.lower() in _PRIORITY:
        return value.lower()  # type: ignore[return-value]
    raise TypeError(f"{context}: priority must be 'low', 'medium' or 'high', not {_show(value)}")


def _check_prefixes(cookie: ResponseCookie, context: str) -> None:
    """RFC 6265bis §4.1.3 cookie name prefixes (matched case-insensitively)."""
    lowered = cookie.name.lower()
    if lowered.startswith("__secure-") and not cookie.secure:
        raise TypeError(
            f"{context}: cookie {cookie.name!r} has the __Secure- prefix, so it needs secure=True"
        )
    if lowered.startswith("__host-") and (
        not cookie.secure or cookie.path != "/" or cookie.domain is not None
    ):
        raise TypeError(
            f"{context}: cookie {cookie.name!r} has the __Host- prefix, so it needs "
            "secure=True, path='/' and no domain"
        )


def serialize_set_cookie(cookie: ResponseCookie) -> str:
    """The Set-Cookie value of a cookie, attributes in edge-runtime's order and spelling."""
    parts = [f"{cookie.name}={_encode_uri_component(cookie.value, 'ResponseCookies.set')}"]
    if cookie.path:
        parts.append(f"Path={cookie.path}")
    if cookie.expires is not None:
        # IMF-fixdate, as Date.prototype.toUTCString() writes it (RFC 6265bis §4.1.1 sane-cookie-date).
        parts.append(f"Expires={format_datetime(cookie.expires, usegmt=True)}")
    if cookie.max_age is not None:
        parts.append(f"Max-Age={cookie.max_age}")
    if cookie.domain:
        parts.append(f"Domain={cookie.domain}")
    if cookie.secure:
        parts.append("Secure")
    if cookie.http_only:
        parts.append("HttpOnly")
    if cookie.same_site is not None:
        parts.append(f"SameSite={cookie.same_site}")  # lower case, as edge-runtime writes it
    if cookie.partitioned:
        parts.append("Partitioned")
    if cookie.priority is not None:
        parts.append(f"Priority={cookie.priority}")
    return "; ".join(parts)


def parse_set_cookie(header: str) -> ResponseCookie:
    """Parse a Set-Cookie value leniently (RFC 6265bis §5.6); never raises."""
    pair, _, attributes = header.partition(";")
    name, equals, value = pair.partition("=")
    if not equals:
        name, value = "", pair
    fields: dict[str, object] = {}
    for attribute in attributes.split(";"):
        key, _, attribute_value = attribute.partition("=")
        key = key.strip(_WHITESPACE).lower()
        attribute_value = attribute_value.strip(_WHITESPACE)
        if key == "domain" and attribute_value:
            fields["domain"] = attribute_value
        elif key == "path" and attribute_value:
            fields["path"] = attribute_value
        elif key == "expires":
            fields["expires"] = _parse_date(attribute_value)
        elif key == "max-age" and re.fullmatch(r"-?[0-9]+", attribute_value):
            fields["max_age"] = int(attribute_value)
        elif key in ("secure", "httponly", "partitioned"):
            fields[{"httponly": "http_only"}.get(key, key)] = True
        elif key == "samesite" and attribute_value.lower() in _SAME_SITE:
            fields["same_site"] = attribute_value.lower()
        elif key == "priority" and attribute_value.lower() in _PRIORITY:
            fields["priority"] = attribute_value.lower()
    value = value.strip(_WHITESPACE)
    decoded = _decode_uri_component(value)
    return ResponseCookie(
        name.strip(_WHITESPACE),
        value if decoded is None else decoded,  # kept as sent: dropping it would lose the header
        **fields,  # type: ignore[arg-type]
    )


class ResponseCookies(_CookieView[ResponseCookie]):
    """The cookies a response sets: a live view over its `Set-Cookie` headers."""

    __slots__ = ("_cache", "_headers")

    def __init__(self, headers: Headers) -> None:
        if not isinstance(headers, Headers):
            raise TypeError(
                f"ResponseCookies: headers must be a Headers, not {type(headers).__name__}"
            )
        self._headers = headers
        self._cache: tuple[list[str], list[ResponseCookie]] = ([], [])

    def _parsed(self) -> list[ResponseCookie]:
        values = self._headers.get_set_cookie()
        cached_values, cookies = self._cache
        if values != cached_values:
            cookies = [parse_set_cookie(value) for value in values]
            self._cache = (values, cookies)
        return cookies

    def get(self, name: str) -> ResponseCookie | None:
        """The cookie of that name this response sets (the last, if set twice), or None."""
        for cookie in reversed(self._parsed()):
            if cookie.name == name:
                return cookie
        return None

    def get_all(self, name: str | None = None) -> list[ResponseCookie]:
        """Every cookie, or the one of that name, in header order: one per name as `get` sees it."""
        # As edge-runtime's Map keyed by name: first position, last value.
        by_name = {cookie.name: cookie for cookie in self._parsed()}
        if name is None:
            return list(by_name.values())
        cookie = by_name.get(name)
        return [] if cookie is None else [cookie]

    def set(
        self,
        name: str,
        value: str,
        *,
        domain: str | None = None,
        path: str | None = None,
        expires: datetime | date | float | str | None = None,
        max_age: int | timedelta | None = None,
        http_only: bool = False,
        secure: bool = False,
        same_site: SameSite | bool | None = None,
        partitioned: bool = False,
        priority: Priority | None = None,
    ) -> ResponseCookies:
        """Set a cookie: one Set-Cookie header, replacing any earlier cookie of that name.

        `path` defaults to "/" as in edge-runtime; a non-zero `max_age` also writes
        the matching Expires date; `partitioned` implies Secure (CHIPS). `expires`
        given as a number is epoch seconds.
        """
        context = "ResponseCookies.set"
        expires_moment: datetime | None = None
        if expires is not None:
            expires_moment = _expires(expires, context)
        age = None if max_age is None else _max_age(max_age, context)
        if age:
            # As edge-runtime's normalizeCookie: a non-zero Max-Age sets Expires to
            # now + Max-Age (left out when that date would be out of range).
            try:
                expires_moment = _expires(time.time() + age, context)
            except (ValueError, OverflowError):
                expires_moment = None
        cookie = ResponseCookie(
            name=_cookie_name(name, context),
            value=_cookie_value(value, context),
            domain=None if domain is None else _attribute(domain, "domain", context),
            path="/" if path is None else _attribute(path, "path", context),
            expires=expires_moment,
            max_age=age,
            http_only=bool(http_only),
            secure=bool(secure or partitioned),
            same_site=_same_site(same_site, context),
            partitioned=bool(partitioned),
            priority=_priority(priority, context),
        )
        _check_prefixes(cookie, context)
        self._replace(name, serialize_set_cookie(cookie))
        return self

    def _replace(self, name: str, serialized: str) -> None:
        """Put one Set-Cookie for `name` where its first one was (or last) and drop the rest."""
        headers = self._headers
        values = headers.get_set_cookie()
        cookies = self._parsed()
        cookie = parse_set_cookie(serialized)
        index = next((i for i, c in enumerate(cookies) if c.name == name), None)
        if index is None:
            headers.append("set-cookie", serialized)
            self._cache = ([*values, serialized], [*cookies, cookie])
            return
        kept = [(v, c) for v, c in zip(values, cookies, strict=True) if c.name != name]
        position = sum(1 for c in cookies[:index] if c.name != name)
        kept.insert(position, (serialized, cookie))
        headers.delete("set-cookie")
        for value, _ in kept:
            headers.append("set-cookie", value)
        self._cache = ([value for value, _ in kept], [c for _, c in kept])

    def delete(
        self,
        name: str,
        *,
        path: str | None = None,
        domain: str | None = None,
        http_only: bool = False,
        secure: bool = False,
        same_site: SameSite | bool | None = None,
        partitioned: bool = False,
        priority: Priority | None = None,
    ) -> ResponseCookies:
        """Expire the cookie in the client: an empty value with Expires at the epoch."""
        # As edge-runtime: set({...options, name, value: "", expires: new Date(0)}); a
        # prefixed name also needs Secure or the browser ignores the deletion.
        lowered = name.lower() if isinstance(name, str) else ""
        secure = secure or lowered.startswith(("__secure-", "__host-"))
        return self.set(
            name,
            "",
            path=path,
            domain=domain,
            expires=_EPOCH,
            http_only=http_only,
            secure=secure,
            same_site=same_site,
            partitioned=partitioned,
            priority=priority,
        )

    def __str__(self) -> str:
        return "; ".join(self._headers.get_set_cookie())

    def __repr__(self) -> str:
        return f"ResponseCookies({self._headers.get_set_cookie()!r})"
