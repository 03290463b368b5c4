"""The `Response` class (Fetch §6.5).

`Response.json` is one descriptor with two faces, as on the Web: on the class
it is the static constructor `Response.json(data, **init)`, on an instance it
is the Body mixin's `await response.json()`.

JSON is written as `JSON.stringify` writes it: UTF-8 with non-ASCII
characters unescaped, no spaces, NaN and the infinities as `null`, lone
surrogates as `\\udxxx` escapes, `to_json()` honoured, and `TypeError` for
values JSON cannot hold (circular structures included). Floats keep Python's
`repr` (`1.0`, `1e-07`), the one place a Python value has no JS twin.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Coroutine, Iterable
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast, final, overload

from typing_extensions import TypedDict, Unpack

from webstd.fetch.body import Body, BodyInit, BodyState, extract_body
from webstd.fetch.form_data import _usv
from webstd.fetch.headers import Headers, HeadersInit
from webstd.url.parser import basic_url_parse, serialize_url

if TYPE_CHECKING:
    from webstd.cookies import ResponseCookies

__all__ = ["Response", "ResponseInit"]

ResponseType = Literal["basic", "cors", "default", "error", "opaque", "opaqueredirect"]


class ResponseInit(TypedDict, total=False):
    """Fetch §6.5 ResponseInit, as keyword arguments."""

    status: int
    status_text: str
    headers: HeadersInit | None


_INIT_KEYS = frozenset(ResponseInit.__annotations__)
# Fetch §2.2.4: null body statuses and redirect statuses.
_NULL_BODY_STATUSES = frozenset({101, 103, 204, 205, 304})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# RFC 9112 reason-phrase = *( HTAB / SP / VCHAR / obs-text )
_REASON_PHRASE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_default(value: object) -> Any:
    to_json = getattr(value, "to_json", None)
    if callable(to_json):
        return to_json()
    raise TypeError(f"Response.json: a {type(value).__name__} is not JSON serializable")


def _combine_pair(match: re.Match[str]) -> str:
    return match.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le")


_JSON_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_json_default
)
# The C encoder that JSONEncoder.encode() builds on every call, built once. Without
# a markers dict it does not look for cycles: a cycle ends in RecursionError,
# which serialize_json() turns into the TypeError JSON.stringify throws.
_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODE: Callable[[Any, int], tuple[str, ...]] | None = (
    None
    if _make_encoder is None
    else _make_encoder(
        None,
        _json_default,
        json.encoder.encode_basestring,
        None,
        ":",
        ",",
        False,
        False,
        False,
    )
)


# Where Python's float repr and Number::toString can differ (see `_has_non_js_float`):
# a whole float ("9.0", "-0.0") or an exponent ("1e+16"). Text without this (strings
# included, so it may match where no float is) has every float written as JS would.
_FLOAT_HINT = re.compile(r"[0-9](?:\.0(?![0-9])|[eE])")


def _encode(data: Any) -> str:
    if _C_ENCODE is None or isinstance(data, str):
        text = _JSON_ENCODER.encode(data)
    else:
        text = "".join(_C_ENCODE(data, 0))
    # Floats that repr writes as JS does need no fixing (`_FLOAT_HINT`). repr writes
    # an exponent with its sign ("1e+16", "1e-07"): three substring searches rule out
    # most text before the regex runs.
    if ".0" not in text and "e+" not in text and "e-" not in text:
        return text
    if _FLOAT_HINT.search(text) is None or not _has_non_js_float(data):
        return text
    return _encode_with_js_numbers(data)


def js_number_to_string(value: float) -> str:
    """ECMAScript §6.1.6.1.20 Number::toString(x) for a finite float, as JSON.stringify writes it."""
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    # repr() gives the shortest digits that round-trip, as Number::toString picks them.
    mantissa, _, exponent = repr(abs(value)).partition("e")
    integer, _, fraction = mantissa.partition(".")
    digits = (integer + fraction).lstrip("0")
    n = len(integer) + int(exponent or 0) - (len(integer + fraction) - len(digits))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    e = n - 1
    exp = f"e{'+' if e >= 0 else '-'}{abs(e)}"
    if k == 1:
        return sign + digits + exp
    return sign + digits[0] + "." + digits[1:] + exp


def _has_non_js_float(value: Any) -> bool:
    """True when a float in `value` is written by Python's repr otherwise than Number::toString.

    They agree on a float with a fraction between 1e-4 and 1e16 (the same shortest
    digits, no exponent); they differ on whole floats ("9.0" vs "9"), exponent forms
    (the two switch to them at different sizes and write them differently), non-finite.
    """
    if isinstance(value, dict):
        for key in value:  # a float key is written as a float too
            if type(key) is not str and isinstance(key, float) and _has_non_js_float(key):
                return True
        items: Iterable[Any] = value.values()
    elif isinstance(value, (list, tuple)):
        items = value
    elif isinstance(value, float):
        text = float.__repr__(value)
        return "e" in text or "n" in text or text.endswith(".0")
    else:
        # str, int, bool, None hold no float; an object written through `to_json()`
        # may, so the (exact) slow path takes it.
        return not (value is None or isinstance(value, (str, int)))
    for item in items:  # a plain loop: any() over a generator costs more on small objects
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue
        if _has_non_js_float(item):
            return True
    return False


def _js_float_str(value: float) -> str:
    if not math.isfinite(value):
        return "null"
    return js_number_to_string(value)


def _encode_with_js_numbers(data: Any) -> str:
    # The slow path: json's pure-Python encoder, the one that takes a float formatter.
    iterencode = json.encoder._make_iterencode(  # type: ignore[attr-defined]
        {},
        _json_default,
        json.encoder.encode_basestring,
        None,
        _js_float_str,
        ":",
        ",",
        False,
        False,
        True,
    )
    return "".join(iterencode(data, 0))


def serialize_json(data: Any) -> bytes:
    """Infra "serialize a JavaScript value to JSON bytes", as JSON.stringify writes it."""
    try:
        try:
            text = _encode(data)
        except ValueError as error:
            if "Circular" in str(error):
                raise
            # NaN or Infinity: the encoder that writes them as null, as JSON.stringify does.
            text = _encode_with_js_numbers(data)
    except ValueError as error:
        raise TypeError(f"Response.json: {error}") from None
    except RecursionError:
        raise TypeError("Response.json: the value is nested too deeply (or circular)") from None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE_PAIR.sub(_combine_pair, text)
        text = _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
        return text.encode("utf-8")


def _check_status(status: object) -> int:
    if not isinstance(status, int) or isinstance(status, bool):
        raise TypeError(f"Response: status must be an int, not {type(status).__name__}")
    if not 200 <= status <= 599:
        raise ValueError(f"Response: status {status} is outside the range 200 to 599")
    return status


def _convert_status_text(status_text: object) -> str:
    # Web IDL ByteString conversion: done with the init dictionary, before any step.
    if not isinstance(status_text, str):
        raise TypeError(f"Response: status_text must be a str, not {type(status_text).__name__}")
    if not status_text.isascii() and max(map(ord, status_text)) > 0xFF:
        raise TypeError(f"Response: status_text {status_text!r} is not a ByteString")
    return status_text


def _check_status_text(status_text: str) -> str:
    if not _REASON_PHRASE.fullmatch(status_text):
        raise TypeError(
            f"Response: status_text {status_text!r} is not a reason phrase "
            "(tab, space, visible ASCII or U+0080-U+00FF only)"
        )
    return status_text


class _StaticJson(Protocol):
    def __call__(self, data: Any, **init: Unpack[ResponseInit]) -> Response: ...


class _JsonMethod:
    """`Response.json(data, **init)` on the class, `await response.json()` on an instance."""

    @overload
    def __get__(self, instance: None, owner: type[Response]) -> _StaticJson: ...

    @overload
    def __get__(
        self, instance: Response, owner: type[Response]
    ) -> Callable[[], Coroutine[Any, Any, Any]]: ...

    def __get__(self, instance: Response | None, owner: type[Response]) -> Any:
        if instance is None:
            return owner._json_static
        return instance._json


@final
class Response(Body):
    """An HTTP response (Fetch §6.5): status, headers and a body."""

    __slots__ = (
        "_body",
        "_cookies",
        "_headers",
        "_redirected",
        "_status",
        "_status_text",
        "_type",
        "_url",
    )

    _status: int
    _status_text: str
    _headers: Headers
    _body: BodyState | None
    _type: ResponseType
    _url: str
    _redirected: bool
    _cookies: ResponseCookies | None

    json = _JsonMethod()

    def __init__(self, body: BodyInit | None = None, **init: Unpack[ResponseInit]) -> None:
        # Fetch §6.5 "new Response(body, init)".
        extracted = None
        if body is not None:
            extracted = extract_body(body)
        if init:
            self._initialize(init, extracted)
        elif extracted is None:
            self._initialize_empty(None, None)
        else:
            self._initialize_empty(*extracted)

    def _initialize_empty(self, body: BodyState | None, content_type: str | None) -> None:
        """Fetch §6.5 "initialize a response" with an empty init, unrolled."""
        self._status = 200
        self._status_text = ""
        self._type = "default"
        self._url = ""
        self._redirected = False
        self._cookies = None
        self._body = body
        if content_type is None:
            headers = Headers()
            headers._guard = "response"
            self._headers = headers
        else:  # step 3: append Content-Type to an empty header list
            self._headers = Headers._with_record({"content-type": content_type}, "response")

    def _initialize(self, init: ResponseInit, body: tuple[BodyState, str | None] | None) -> None:
        # Fetch §6.5 "initialize a response".
        for key in init:
            if key not in _INIT_KEYS:
                raise TypeError(f"Response: unexpected keyword argument {key!r}")
        options = cast("dict[str, Any]", init)
        status_text = _convert_status_text(options.get("status_text", ""))
        status = _check_status(options["status"]) if "status" in options else 200
        status_text = _check_status_text(status_text)
        self._status = status
        self._status_text = status_text
        self._type = "default"
        self._url = ""
        self._redirected = False
        self._cookies = None
        headers = Headers()
        headers._guard = "response"
        init_headers = options.get("headers")
        if init_headers is not None:
            headers._fill(init_headers)
        self._headers = headers
        self._body = None
        if body is not None:
            if status in _NULL_BODY_STATUSES:
                raise TypeError(f"Response: a response with status {status} cannot have a body")
            self._body, content_type = body
            if content_type is not None and "content-type" not in headers:
                headers._list.append(("content-type", content_type))

    @classmethod
    def _json_static(cls, data: Any, **init: Unpack[ResponseInit]) -> Response:
        """Fetch §6.5 static json(data, init): a response whose body is `data` as JSON."""
        payload = serialize_json(data)
        self = cls.__new__(cls)
        if init:
            self._initialize(init, (BodyState(payload, len(payload)), "application/json"))
            return self
        self._initialize_empty(BodyState(payload, len(payload)), "application/json")
        return self

    @classmethod
    def error(cls) -> Response:
        """A network error: type "error", status 0, immutable empty headers."""
        self = cls.__new__(cls)
        self._status = 0
        self._status_text = ""
        self._type = "error"
        self._url = ""
        self._redirected = False
        self._cookies = None
        self._headers = Headers()
        self._headers._guard = "immutable"
        self._body = None
        return self

    @classmethod
    def redirect(cls, url: str, status: int = 302) -> Response:
        """A redirect to absolute `url` (status 301, 302, 303, 307 or 308)."""
        # Fetch §6.5 static redirect(url, status).
        href = getattr(url, "href", url)
        if not isinstance(href, str):
            raise TypeError(f"Response.redirect: url must be a str, not {type(url).__name__}")
        record = basic_url_parse(_usv(href))
        if record is None:
            raise TypeError(
                f"Response.redirect: {href!r} is not an absolute URL (there is no base URL)"
            )
        if status not in _REDIRECT_STATUSES or isinstance(status, bool):
            raise ValueError(
                f"Response.redirect: status {status!r} is not a redirect status (301, 302, 303, 307, 308)"
            )
        self = cls.__new__(cls)
        self._status = status
        self._status_text = ""
        self._type = "default"
        self._url = ""
        self._redirected = False
        self._cookies = None
        self._headers = Headers()
        self._headers._list.append(("location", serialize_url(record)))
        self._headers._guard = "immutable"
        self._body = None
        return self

    @property
    def type(self) -> ResponseType:
        """ "default" for constructed responses, "error" for Response.error(), ..."""
        return self._type

    @property
    def url(self) -> str:
        """The response URL ("" unless it came from fetch())."""
        return self._url

    @property
    def redirected(self) -> bool:
        """Whether fetch() followed a redirect to get this response."""
        return self._redirected

    @property
    def status(self) -> int:
        """The status code."""
        return self._status

    @property
    def ok(self) -> bool:
        """Whether the status is in 200-299."""
        return 200 <= self._status <= 299

    @property
    def status_text(self) -> str:
        """The status message ("" by default)."""
        return self._status_text

    @property
    def headers(self) -> Headers:
        """The response headers (guard "response", or "immutable")."""
        return self._headers

    @property
    def cookies(self) -> ResponseCookies:
        """A ResponseCookies that reads and writes this response's Set-Cookie headers."""
        cookies = self._cookies
        if cookies is None:
            from webstd.cookies import ResponseCookies

            cookies = self._cookies = ResponseCookies(self._headers)
        return cookies

    def clone(self) -> Response:
        """A copy of this response; its body is teed (TypeError if already used)."""
        # Fetch §6.5 clone().
        body = self._body
        if body is not None and body.is_unusable():
            raise TypeError("Response.clone: body has already been used")
        clone = Response.__new__(Response)
        clone._status = self._status
        clone._status_text = self._status_text
        clone._type = self._type
        clone._url = self._url
        clone._redirected = self._redirected
        clone._cookies = None
        clone._headers, clone._body = self._cloned_headers_and_body()
        return clone

    def __repr__(self) -> str:
        reason = f" {self._status_text}" if self._status_text else ""
        return f"<Response [{self._status}{reason}] type={self._type!r}>"
