"""The `Request` class (Fetch §6.4).

The constructor follows "new Request(input, init)" step by step, minus what
needs a document or a service worker (window, origin, client). There is no
base URL, so a relative `input` is a `TypeError`. Init members are keyword-only
arguments typed by `RequestInit`; a member is "present" when its keyword is
given, even as `None` (which plays JavaScript's `null`).

`Request._from_server` is the adapters' fast path: it trusts what the HTTP
server already parsed and skips the constructor's validation.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, Literal, cast, final

from typing_extensions import TypedDict, Unpack

from webstd.abort import AbortSignal
from webstd.fetch.body import Body, BodyInit, BodyState, extract_body
from webstd.fetch.form_data import _usv
from webstd.fetch.headers import Headers, HeadersInit
from webstd.streams.readable import ReadableStream
from webstd.url.parser import basic_url_parse, serialize_url
from webstd.url.url import URL

if TYPE_CHECKING:
    from webstd.cookies import RequestCookies

__all__ = ["Request", "RequestInit"]

RequestMode = Literal["navigate", "same-origin", "no-cors", "cors"]
RequestCredentials = Literal["omit", "same-origin", "include"]
RequestCache = Literal["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"]
RequestRedirect = Literal["follow", "error", "manual"]
RequestDuplex = Literal["half"]
RequestPriority = Literal["high", "low", "auto"]
ReferrerPolicy = Literal[
    "",
    "no-referrer",
    "no-referrer-when-downgrade",
    "same-origin",
    "origin",
    "strict-origin",
    "origin-when-cross-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
]


class RequestInit(TypedDict, total=False):
    """Fetch §6.4 RequestInit, as keyword arguments."""

    method: str
    headers: HeadersInit | None
    body: BodyInit | None
    referrer: str
    referrer_policy: ReferrerPolicy
    mode: RequestMode
    credentials: RequestCredentials
    cache: RequestCache
    redirect: RequestRedirect
    integrity: str
    keepalive: bool
    signal: AbortSignal | None
    duplex: RequestDuplex
    priority: RequestPriority


_ENUMS: dict[str, frozenset[str]] = {
    "referrer_policy": frozenset(ReferrerPolicy.__args__),  # type: ignore[attr-defined]
    "mode": frozenset(RequestMode.__args__),  # type: ignore[attr-defined]
    "credentials": frozenset(RequestCredentials.__args__),  # type: ignore[attr-defined]
    "cache": frozenset(RequestCache.__args__),  # type: ignore[attr-defined]
    "redirect": frozenset(RequestRedirect.__args__),  # type: ignore[attr-defined]
    "duplex": frozenset(RequestDuplex.__args__),  # type: ignore[attr-defined]
    "priority": frozenset(RequestPriority.__args__),  # type: ignore[attr-defined]
}
_INIT_KEYS = frozenset(RequestInit.__annotations__)

# Fetch §2.2.1: a method is a token; these are normalized (byte-uppercased).
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_NORMALIZED_METHODS = {m.lower(): m for m in ("DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT")}
_FORBIDDEN_METHODS = frozenset({"connect", "trace", "track"})
_CORS_SAFELISTED_METHODS = frozenset({"GET", "HEAD", "POST"})


def _enum(key: str, value: object) -> str:
    if not isinstance(value, str) or value not in _ENUMS[key]:
        allowed = ", ".join(repr(v) for v in sorted(_ENUMS[key]))
        raise TypeError(f"Request: {key} must be one of {allowed}, not {value!r}")
    return value


def _method(value: object) -> str:
    # Fetch §6.4 step 25: a method, not forbidden, then normalized.
    if not isinstance(value, str) or not _TOKEN.fullmatch(value):
        raise TypeError(f"Request: {value!r} is not a valid HTTP method")
    lowered = value.lower()
    if lowered in _FORBIDDEN_METHODS:
        raise TypeError(f"Request: method {value!r} is forbidden")
    return _NORMALIZED_METHODS.get(lowered, value)


def _parse_absolute_url(value: str, what: str) -> str:
    record = basic_url_parse(_usv(value))
    if record is None:
        raise TypeError(f"Request: {what} {value!r} is not an absolute URL (there is no base URL)")
    if what == "input" and record.includes_credentials:
        raise TypeError(f"Request: URL {value!r} includes credentials")
    return serialize_url(record)


def _follow(signal: AbortSignal | None) -> AbortSignal:
    """Fetch §6.4: a new AbortSignal dependent on `signal` (or a never-aborted one)."""
    if signal is None:
        return AbortSignal._create()
    if not isinstance(signal, AbortSignal):
        raise TypeError(f"Request: signal must be an AbortSignal, not {type(signal).__name__}")
    return AbortSignal.any([signal])


@final
class Request(Body):
    """An HTTP request (Fetch §6.4): method, URL, headers, body and fetch options."""

    __slots__ = (
        "_body",
        "_cache",
        "_cookies",
        "_credentials",
        "_duplex",
        "_headers",
        "_history_navigation",
        "_integrity",
        "_keepalive",
        "_method",
        "_mode",
        "_on_signal",
        "_priority",
        "_redirect",
        "_referrer",
        "_referrer_policy",
        "_reload_navigation",
        "_signal",
        "_url",
    )

    _url: str
    _method: str
    _headers: Headers
    _body: BodyState | None
    _signal: AbortSignal | None
    _on_signal: Callable[[], object] | None  # a server's hook: the handler made `signal`
    _referrer: str
    _referrer_policy: str
    _mode: str
    _credentials: str
    _cache: str
    _redirect: str
    _integrity: str
    _keepalive: bool
    _duplex: str
    _priority: str
    _reload_navigation: bool
    _history_navigation: bool
    _cookies: RequestCookies | None

    def __init__(self, input: str | URL | Request, **init: Unpack[RequestInit]) -> None:
        # Fetch §6.4 "new Request(input, init)".
        for key in init:
            if key not in _INIT_KEYS:
                raise TypeError(f"Request: unexpected keyword argument {key!r}")
        options = cast("dict[str, Any]", init)
        self._cookies = None
        input_request: Request | None = None
        fallback_mode: str | None = None
        if isinstance(input, str):
            self._url = _parse_absolute_url(input, "input")
            fallback_mode = "cors"
            self._copy_defaults()
            signal: AbortSignal | None = None
        elif isinstance(input, URL):
            self._url = _parse_absolute_url(input.href, "input")
            fallback_mode = "cors"
            self._copy_defaults()
            signal = None
        elif isinstance(input, Request):
            input_request = input
            self._copy_from(input)
            signal = input.signal  # made now if lazy, so this request follows it
        else:
            raise TypeError(
                f"Request: input must be a str, URL or Request, not {type(input).__name__}"
            )
        if init:
            # Step 13: any init member resets the navigation-derived state.
            if self._mode == "navigate":
                self._mode = "same-origin"
            self._reload_navigation = False
            self._history_navigation = False
            self._referrer = "client"
            self._referrer_policy = ""
        if "referrer" in options:
            self._referrer = self._parse_referrer(options["referrer"])
        if "referrer_policy" in options:
            self._referrer_policy = _enum("referrer_policy", options["referrer_policy"])
        mode = _enum("mode", options["mode"]) if "mode" in options else fallback_mode
        if mode == "navigate":
            raise TypeError("Request: mode 'navigate' cannot be set by a constructor")
        if mode is not None:
            self._mode = mode
        if "credentials" in options:
            self._credentials = _enum("credentials", options["credentials"])
        if "cache" in options:
            self._cache = _enum("cache", options["cache"])
        if self._cache == "only-if-cached" and self._mode != "same-origin":
            raise TypeError("Request: cache 'only-if-cached' requires mode 'same-origin'")
        if "redirect" in options:
            self._redirect = _enum("redirect", options["redirect"])
        if "integrity" in options:
            integrity = options["integrity"]
            if not isinstance(integrity, str):
                raise TypeError(f"Request: integrity must be a str, not {type(integrity).__name__}")
            self._integrity = integrity
        if "keepalive" in options:
            self._keepalive = bool(options["keepalive"])
        if "method" in options:
            self._method = _method(options["method"])
        if "signal" in options:
            signal = options["signal"]
        if "priority" in options:
            # Step 27: the request's internal priority; Fetch §6.4 exposes no attribute.
            self._priority = _enum("priority", options["priority"])
        if "duplex" in options:
            self._duplex = _enum("duplex", options["duplex"])
        self._signal = _follow(signal)
        self._on_signal = None
        self._init_headers(input_request, options)
        self._init_body(input_request, options)

    def _copy_defaults(self) -> None:
        # Fetch §2.2.5 request defaults for a new request.
        self._method = "GET"
        self._referrer = "client"
        self._referrer_policy = ""
        self._mode = "cors"
        self._credentials = "same-origin"
        self._cache = "default"
        self._redirect = "follow"
        self._integrity = ""
        self._keepalive = False
        self._duplex = "half"
        self._priority = "auto"
        self._reload_navigation = False
        self._history_navigation = False
        self._headers = Headers()
        self._body = None

    def _copy_from(self, other: Request) -> None:
        self._url = other._url
        self._method = other._method
        self._referrer = other._referrer
        self._referrer_policy = other._referrer_policy
        self._mode = other._mode
        self._credentials = other._credentials
        self._cache = other._cache
        self._redirect = other._redirect
        self._integrity = other._integrity
        self._keepalive = other._keepalive
        self._duplex = other._duplex
        self._priority = other._priority
        self._reload_navigation = other._reload_navigation
        self._history_navigation = other._history_navigation
        self._headers = other._headers
        self._body = other._body

    @staticmethod
    def _parse_referrer(referrer: object) -> str:
        # Fetch §6.4 step 14.
        if not isinstance(referrer, str):
            raise TypeError(f"Request: referrer must be a str, not {type(referrer).__name__}")
        if referrer == "":
            return "no-referrer"
        record = basic_url_parse(_usv(referrer))
        if record is None:
            raise TypeError(f"Request: referrer {referrer!r} is not an absolute URL")
        if record.scheme == "about" and record.path == "client":
            return "client"
        return serialize_url(record)

    def _init_headers(self, input_request: Request | None, options: dict[str, Any]) -> None:
        # Fetch §6.4 steps 30-32.
        source = self._headers
        headers = Headers()
        if self._mode == "no-cors":
            if self._method not in _CORS_SAFELISTED_METHODS:
                raise TypeError(
                    f"Request: method {self._method!r} is not allowed in 'no-cors' mode"
                )
            headers._guard = "request-no-cors"
        else:
            headers._guard = "request"
        init_headers = options.get("headers", source) if options else source
        if init_headers is not None:
            if isinstance(init_headers, Headers) and headers._guard == "request":
                headers._list.extend(init_headers._list)
            elif isinstance(init_headers, Headers):
                for name, value in init_headers._list:
                    headers.append(name, value)
            else:
                headers._fill(init_headers)
        self._headers = headers

    def _init_body(self, input_request: Request | None, options: dict[str, Any]) -> None:
        # Fetch §6.4 steps 33-41.
        input_body = input_request._body if input_request is not None else None
        init_body = options.get("body")
        if (init_body is not None or input_body is not None) and self._method in ("GET", "HEAD"):
            raise TypeError(f"Request: a {self._method} request cannot have a body")
        body: BodyState | None = None
        if init_body is not None:
            body, content_type = extract_body(init_body, self._keepalive)
            if content_type is not None and "content-type" not in self._headers:
                self._headers._list.append(("content-type", content_type))
        final_body = body if body is not None else input_body
        if final_body is not None and final_body.source is None and final_body._make_stream is None:
            # A stream body (source null) needs duplex "half" and a CORS-capable mode.
            if body is not None and "duplex" not in options:
                raise TypeError("Request: a streamed body requires duplex='half'")
            if self._mode not in ("same-origin", "cors"):
                raise TypeError("Request: a streamed body requires mode 'same-origin' or 'cors'")
        if body is None and input_body is not None:
            assert input_request is not None
            if input_body.is_unusable():
                raise TypeError("Request: the input request's body has already been used")
            # Step 41.2: "create a proxy" -- the new request takes the body over,
            # which leaves the input request disturbed.
            final_body = input_body.take_over()
        self._body = final_body

    @classmethod
    def _from_server(
        cls,
        method: str,
        url: str,
        raw_headers: list[tuple[bytes, bytes]],
        body_stream: ReadableStream | AsyncIterable[bytes] | None,
        signal: AbortSignal | None,
    ) -> Request:
        """A request as a server adapter builds it, trusting what the server parsed.

        `body_stream` is a ReadableStream, or (faster) an async iterable of the
        body's chunks whose stream is only made if the handler asks for `body`.
        """
        self = cls.__new__(cls)
        self._url = url
        self._method = method
        self._headers = Headers._from_raw(raw_headers, "request")
        if body_stream is None:
            self._body = None
        elif isinstance(body_stream, ReadableStream):
            self._body = BodyState(None, None, stream=body_stream)
        else:
            self._body = BodyState(None, None, chunks=body_stream)
        self._signal = signal  # None: made on first access to `signal`
        self._on_signal = None
        self._referrer = "client"
        self._referrer_policy = ""
        self._mode = "cors"
        self._credentials = "same-origin"
        self._cache = "default"
        self._redirect = "follow"
        self._integrity = ""
        self._keepalive = False
        self._duplex = "half"
        self._priority = "auto"
        self._reload_navigation = False
        self._history_navigation = False
        self._cookies = None
        return self

    @property
    def method(self) -> str:
        """The request method, e.g. "GET"."""
        return self._method

    @property
    def url(self) -> str:
        """The request URL, serialized."""
        return self._url

    @property
    def headers(self) -> Headers:
        """The request headers (guard "request")."""
        return self._headers

    @property
    def destination(self) -> str:
        """Always "" outside a browser."""
        return ""

    @property
    def referrer(self) -> str:
        """ "" for no referrer, "about:client" for the client, else the referrer URL."""
        if self._referrer == "no-referrer":
            return ""
        if self._referrer == "client":
            return "about:client"
        return self._referrer

    @property
    def referrer_policy(self) -> str:
        """The referrer policy ("" by default)."""
        return self._referrer_policy

    @property
    def mode(self) -> str:
        """The request mode ("cors" by default)."""
        return self._mode

    @property
    def credentials(self) -> str:
        """The credentials mode ("same-origin" by default)."""
        return self._credentials

    @property
    def cache(self) -> str:
        """The cache mode ("default" by default)."""
        return self._cache

    @property
    def redirect(self) -> str:
        """The redirect mode ("follow" by default)."""
        return self._redirect

    @property
    def integrity(self) -> str:
        """The subresource integrity metadata ("" by default)."""
        return self._integrity

    @property
    def keepalive(self) -> bool:
        """Whether the request may outlive its environment."""
        return self._keepalive

    @property
    def is_reload_navigation(self) -> bool:
        """Always False outside a browser."""
        return self._reload_navigation

    @property
    def is_history_navigation(self) -> bool:
        """Always False outside a browser."""
        return self._history_navigation

    @property
    def signal(self) -> AbortSignal:
        """The request's AbortSignal; servers abort it when the client goes away."""
        signal = self._signal
        if signal is None:
            signal = self._signal = AbortSignal._create()
            on_signal = self._on_signal
            if on_signal is not None:  # a server watches for the client going away from now on
                self._on_signal = None
                on_signal()
        return signal

    @property
    def duplex(self) -> str:
        """Always "half"."""
        return self._duplex

    @property
    def cookies(self) -> RequestCookies:
        """The `Cookie` header as a RequestCookies view."""
        cookies = self._cookies
        if cookies is None:
            from webstd.cookies import RequestCookies

            cookies = self._cookies = RequestCookies(self._headers)
        return cookies

    def json(self) -> Coroutine[Any, Any, Any]:
        """Read the whole body and parse it as JSON (a coroutine)."""
        return self._json()

    def clone(self) -> Request:
        """A copy of this request; its body is teed (TypeError if already used)."""
        # Fetch §6.4 clone(): unusable -> TypeError; clone the request; follow the signal.
        body = self._body
        if body is not None and body.is_unusable():
            raise TypeError("Request.clone: body has already been used")
        clone = Request.__new__(Request)
        clone._copy_from(self)
        clone._cookies = None
        clone._headers, clone._body = self._cloned_headers_and_body()
        clone._signal = _follow(self.signal)
        clone._on_signal = None
        return clone

    def __repr__(self) -> str:
        return f"<Request [{self._method} {self._url}]>"
