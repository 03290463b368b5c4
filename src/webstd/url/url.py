"""URL §6.1 the URL class: a parsed URL with the standard's getters and setters."""

from __future__ import annotations

from typing import TYPE_CHECKING, final

from webstd.url import urlencoded
from webstd.url.parser import (
    State,
    URLRecord,
    basic_url_parse,
    fast_parse_serialized,
    origin_of,
    serialize_path,
    serialize_url,
)
from webstd.url.percent_encoding import (
    USERINFO_PERCENT_ENCODE_SET,
    percent_encode,
    to_usv_string,
)

if TYPE_CHECKING:
    from webstd.url.search_params import URLSearchParams

__all__ = ["URL"]


def _usv(value: object, what: str) -> str:
    # Web IDL USVString: a str (lone surrogates to U+FFFD); anything else is a TypeError.
    if not isinstance(value, str):
        raise TypeError(f"URL: {what} must be a str, not {type(value).__name__} ({value!r})")
    return to_usv_string(value)


def _parse_with_base(url: str, base: object) -> URLRecord | None:
    # URL §6.1 "API URL parser": parse base first (failure -> failure), then url against it.
    url = _usv(url, "url")
    if base is None:
        found = fast_parse_serialized(url)
        return found[0] if found is not None else basic_url_parse(url)
    if isinstance(base, URL):
        return basic_url_parse(url, base._record)
    base_record = basic_url_parse(_usv(base, "base"))
    if base_record is None:
        return None
    return basic_url_parse(url, base_record)


@final
class URL:
    """URL §6.1 `URL(url, base=None)`; raises TypeError when `url` does not parse."""

    # `_href` caches the serialization of `_record`; whatever changes `_record` sets it
    # to None (the setters here and URLSearchParams' update steps).
    __slots__ = ("__weakref__", "_href", "_query_object", "_record")

    _record: URLRecord
    _href: str | None
    _query_object: URLSearchParams | None

    def __init__(self, url: str, base: str | URL | None = None) -> None:
        self._query_object = None
        if base is None and type(url) is str:
            # Fast path for already-normalised http(s) URLs (see parser.fast_parse).
            found = fast_parse_serialized(url)
            if found is not None:
                self._record = found[0]
                self._href = url if found[1] else None
                return
        record = _parse_with_base(url, base)
        if record is None:
            if base is None:
                raise TypeError(
                    f"URL: invalid URL {url!r}: not an absolute URL "
                    "(give base= to resolve a relative one)"
                )
            raise TypeError(f"URL: invalid URL {url!r} with base {str(base)!r}")
        self._record = record
        self._href = None

    @classmethod
    def _from_record(cls, record: URLRecord) -> URL:
        url = cls.__new__(cls)
        url._record = record
        url._href = None
        url._query_object = None
        return url

    @classmethod
    def parse(cls, url: str, base: str | URL | None = None) -> URL | None:
        """URL §6.1 `URL.parse()`: the parsed URL, or None when it does not parse."""
        record = _parse_with_base(url, base)
        return None if record is None else cls._from_record(record)

    @staticmethod
    def can_parse(url: str, base: str | URL | None = None) -> bool:
        """URL §6.1 `URL.canParse()`: whether `url` parses (against `base`)."""
        return _parse_with_base(url, base) is not None

    # -- href, origin, protocol ----------------------------------------------------------

    @property
    def href(self) -> str:
        """URL §6.1 href: the serialized URL."""
        href = self._href
        if href is None:
            href = self._href = serialize_url(self._record)
        return href

    @href.setter
    def href(self, value: str) -> None:
        record = basic_url_parse(_usv(value, "href"))
        if record is None:
            raise TypeError(f"URL.href: invalid URL {value!r}: href must be an absolute URL")
        self._record = record
        self._href = None
        self._reset_query_object()

    @property
    def origin(self) -> str:
        """URL §6.1 origin: the serialization of the URL's origin ("null" if opaque)."""
        return origin_of(self._record)

    @property
    def protocol(self) -> str:
        """URL §6.1 protocol: the scheme followed by ":"."""
        return self._record.scheme + ":"

    @protocol.setter
    def protocol(self, value: str) -> None:
        value = _usv(value, "protocol")
        self._href = None
        basic_url_parse(value + ":", url=self._record, state_override=State.SCHEME_START)

    # -- userinfo ---------------------------------------------------------------------------

    @property
    def username(self) -> str:
        """URL §6.1 username."""
        return self._record.username

    @username.setter
    def username(self, value: str) -> None:
        value = _usv(value, "username")
        self._href = None
        if self._record.cannot_have_username_password_port:
            return
        self._record.username = percent_encode(value, USERINFO_PERCENT_ENCODE_SET)

    @property
    def password(self) -> str:
        """URL §6.1 password."""
        return self._record.password

    @password.setter
    def password(self, value: str) -> None:
        value = _usv(value, "password")
        self._href = None
        if self._record.cannot_have_username_password_port:
            return
        self._record.password = percent_encode(value, USERINFO_PERCENT_ENCODE_SET)

    # -- host, hostname, port ---------------------------------------------------------------

    @property
    def host(self) -> str:
        """URL §6.1 host: hostname and, if there is one, ":" and the port."""
        record = self._record
        if record.host is None:
            return ""
        if record.port is None:
            return record.host
        return f"{record.host}:{record.port}"

    @host.setter
    def host(self, value: str) -> None:
        value = _usv(value, "host")
        self._href = None
        if self._record.has_opaque_path:
            return
        self._set_with_override(value, State.HOST)

    @property
    def hostname(self) -> str:
        """URL §6.1 hostname: the serialized host, or ""."""
        return self._record.host or ""

    @hostname.setter
    def hostname(self, value: str) -> None:
        value = _usv(value, "hostname")
        self._href = None
        if self._record.has_opaque_path:
            return
        self._set_with_override(value, State.HOSTNAME)

    @property
    def port(self) -> str:
        """URL §6.1 port: the port as decimal digits, or ""."""
        port = self._record.port
        return "" if port is None else str(port)

    @port.setter
    def port(self, value: str) -> None:
        value = _usv(value, "port")
        self._href = None
        if self._record.cannot_have_username_password_port:
            return
        if value == "":
            self._record.port = None
        else:
            self._set_with_override(value, State.PORT)

    # -- pathname, search, hash ------------------------------------------------------------

    @property
    def pathname(self) -> str:
        """URL §6.1 pathname: the URL path serialized."""
        return serialize_path(self._record)

    @pathname.setter
    def pathname(self, value: str) -> None:
        value = _usv(value, "pathname")
        self._href = None
        if self._record.has_opaque_path:
            return
        self._record.path = []
        basic_url_parse(value, url=self._record, state_override=State.PATH_START)

    @property
    def search(self) -> str:
        """URL §6.1 search: "?" and the query, or "" when the query is null or empty."""
        query = self._record.query
        return "" if not query else "?" + query

    @search.setter
    def search(self, value: str) -> None:
        value = _usv(value, "search")
        self._href = None
        if value == "":
            self._record.query = None
            if self._query_object is not None:
                self._query_object._list = []
            return
        if value[0] == "?":
            value = value[1:]
        self._record.query = ""
        basic_url_parse(value, url=self._record, state_override=State.QUERY)
        if self._query_object is not None:
            self._query_object._list = urlencoded.parse(value)

    @property
    def search_params(self) -> URLSearchParams:
        """URL §6.1 searchParams: the URL's URLSearchParams, live in both directions."""
        query_object = self._query_object
        if query_object is None:
            from webstd.url.search_params import URLSearchParams

            query_object = URLSearchParams._for_url(self)
            self._query_object = query_object
        return query_object

    @property
    def hash(self) -> str:
        """URL §6.1 hash: "#" and the fragment, or "" when it is null or empty."""
        fragment = self._record.fragment
        return "" if not fragment else "#" + fragment

    @hash.setter
    def hash(self, value: str) -> None:
        value = _usv(value, "hash")
        self._href = None
        if value == "":
            self._record.fragment = None
            return
        if value[0] == "#":
            value = value[1:]
        self._record.fragment = ""
        basic_url_parse(value, url=self._record, state_override=State.FRAGMENT)

    # -- Python protocol --------------------------------------------------------------------

    def to_json(self) -> str:
        """URL §6.1 toJSON(): the href."""
        return self.href

    def __str__(self) -> str:
        return self.href

    def __repr__(self) -> str:
        return f"URL({self.href!r})"

    def __reduce__(self) -> tuple[type[URL], tuple[str]]:
        # copy.copy(), copy.deepcopy() and pickle rebuild from the href: no shared record.
        return (URL, (self.href,))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, URL):
            return NotImplemented
        return self.href == other.href

    def __hash__(self) -> int:
        return hash(self.href)

    def _set_with_override(self, value: str, state: State) -> None:
        # URL §6.1: "basic URL parse the given value with this's URL as url and <state> as
        # state override". As the standard has it, a host set before a bad port stays set.
        basic_url_parse(value, url=self._record, state_override=state)

    def _reset_query_object(self) -> None:
        # URL §6.1 href setter: "Empty this's query object's list" and re-parse the query.
        if self._query_object is not None:
            query = self._record.query
            self._query_object._list = urlencoded.parse(query) if query is not None else []
