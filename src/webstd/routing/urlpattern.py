"""URLPattern (https://urlpattern.spec.whatwg.org): match URLs against a pattern syntax.

A pattern is eight components (protocol ... hash), each a pattern string compiled
to a regular expression. The standard compiles ECMAScript regular expressions;
we translate them to Python ``re`` faithfully (see ``ecmascript_regexp``), and
compile each (component, pattern, options) only once: components are cached, so
building the same pattern again costs a dictionary lookup.

Components that are a lone ``*`` (the default) or fixed text skip the regular
expression at match time; both shortcuts give the result the regular expression
would (canonicalized inputs never contain line terminators, the only code points
``.*`` would refuse). A URL string that is already in canonical form (the usual
``https://host/path?query``) is split by one regular expression instead of the
URL parser; anything else goes through the parser.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal, TypedDict, final

from webstd.routing import canonicalize as canon
from webstd.routing.constructor_string import parse_constructor_string
from webstd.routing.ecmascript_regexp import compile_pattern
from webstd.routing.parser import (
    DEFAULT_OPTIONS,
    HOSTNAME_OPTIONS,
    PATHNAME_OPTIONS,
    EncodingCallback,
    Options,
    escape_pattern_string,
    generate_pattern_string,
    generate_regular_expression_and_name_list,
    parse_pattern_string,
)
from webstd.url.parser import SPECIAL_SCHEMES, URLRecord, basic_url_parse, serialize_path
from webstd.url.percent_encoding import to_usv_string
from webstd.url.url import URL

__all__ = ["URLPattern", "URLPatternComponentResult", "URLPatternInit", "URLPatternResult"]

COMPONENTS: Final = (
    "protocol",
    "username",
    "password",
    "hostname",
    "port",
    "pathname",
    "search",
    "hash",
)
_INIT_KEYS: Final = frozenset((*COMPONENTS, "base_url"))


class URLPatternInit(TypedDict, total=False):
    """URLPattern §1.1 URLPatternInit, snake_cased (`base_url`)."""

    protocol: str
    username: str
    password: str
    hostname: str
    port: str
    pathname: str
    search: str
    hash: str
    base_url: str


URLPatternInput = str | URLPatternInit | Mapping[str, str]
MatchInput = URLPatternInput | URL


@final
@dataclass(frozen=True, slots=True)
class URLPatternComponentResult:
    """URLPattern §1.1 URLPatternComponentResult: the component's input and its groups."""

    input: str
    groups: dict[str, str | None]


@final
class URLPatternResult:
    """URLPattern §1.1 URLPatternResult: the inputs given and one result per component.

    The component results are made when read: exec() only runs what decides the match.
    """

    __slots__ = ("_components", "_matches", "_values", "inputs")

    def __init__(
        self,
        inputs: list[Any],
        components: tuple[Component, ...],
        values: tuple[str, ...],
        matches: list[re.Match[str] | None],
    ) -> None:
        self.inputs = inputs
        self._components = components
        self._values = values
        self._matches = matches

    def _result(self, index: int) -> URLPatternComponentResult:
        # URLPattern "create a component match result"
        value = self._values[index]
        return URLPatternComponentResult(
            value, self._components[index].groups(value, self._matches[index])
        )

    @property
    def protocol(self) -> URLPatternComponentResult:
        """The protocol's input and groups."""
        return self._result(0)

    @property
    def username(self) -> URLPatternComponentResult:
        """The username's input and groups."""
        return self._result(1)

    @property
    def password(self) -> URLPatternComponentResult:
        """The password's input and groups."""
        return self._result(2)

    @property
    def hostname(self) -> URLPatternComponentResult:
        """The hostname's input and groups."""
        return self._result(3)

    @property
    def port(self) -> URLPatternComponentResult:
        """The port's input and groups."""
        return self._result(4)

    @property
    def pathname(self) -> URLPatternComponentResult:
        """The pathname's input and groups."""
        return self._result(5)

    @property
    def search(self) -> URLPatternComponentResult:
        """The search's input and groups."""
        return self._result(6)

    @property
    def hash(self) -> URLPatternComponentResult:
        """The hash's input and groups."""
        return self._result(7)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, URLPatternResult):
            return NotImplemented
        return self.inputs == other.inputs and all(
            self._result(i) == other._result(i) for i in range(len(COMPONENTS))
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={self._result(i)!r}" for i, name in enumerate(COMPONENTS))
        return f"URLPatternResult(inputs={self.inputs!r}, {fields})"


_Kind = Literal["wildcard", "fixed", "regexp"]


@dataclass(frozen=True, slots=True)
class Component:
    """URLPattern §1.3 component: pattern string, regular expression, group name list."""

    pattern_string: str
    regular_expression: re.Pattern[str]
    group_name_list: tuple[str, ...]
    group_numbers: tuple[int, ...]
    has_regexp_groups: bool
    kind: _Kind
    fixed_text: str

    def groups(self, input: str, match: re.Match[str] | None) -> dict[str, str | None]:
        """The groups of a successful match of `input` (`match` for a regexp component)."""
        if match is None:
            return {self.group_name_list[0]: input} if self.kind == "wildcard" else {}
        group = match.group
        names, numbers = self.group_name_list, self.group_numbers
        return {name: group(n) for name, n in zip(names, numbers)}  # noqa: B905 - equal lengths

    def exec(self, input: str) -> dict[str, str | None] | None:
        """RegExpBuiltinExec plus "create a component match result"'s groups, or None."""
        match = None
        if self.kind == "fixed" and input != self.fixed_text:
            return None
        if self.kind == "regexp":
            match = self.regular_expression.match(input)
            if match is None:
                return None
        return self.groups(input, match)


@lru_cache(maxsize=4096)
def compile_component(
    input: str, encoding_callback: EncodingCallback, options: Options
) -> Component:
    """URLPattern §1.4 "compile a component" (cached: same input, same component)."""
    part_list = parse_pattern_string(input, options, encoding_callback)
    regular_expression_string, name_list = generate_regular_expression_and_name_list(
        part_list, options
    )
    regular_expression, translation = compile_pattern(
        regular_expression_string, options.ignore_case
    )
    # the parts' groups are the unnamed ones; find their Python numbers
    group_numbers = tuple(
        regular_expression.groupindex[f"g{n}"] for n in translation.unnamed_groups
    )
    pattern_string = generate_pattern_string(part_list, options)
    has_regexp_groups = any(part.type == "regexp" for part in part_list)
    kind: _Kind = "regexp"
    fixed_text = ""
    if (
        len(part_list) == 1
        and part_list[0].type == "full-wildcard"
        and part_list[0].modifier == "none"
        and part_list[0].prefix == part_list[0].suffix == ""
    ):
        kind = "wildcard"
    elif not options.ignore_case and all(
        part.type == "fixed-text" and part.modifier == "none" for part in part_list
    ):
        kind = "fixed"
        fixed_text = "".join(part.value for part in part_list)
    return Component(
        pattern_string,
        regular_expression,
        tuple(name_list),
        group_numbers,
        has_regexp_groups,
        kind,
        fixed_text,
    )


def protocol_component_matches_special_scheme(protocol_component: Component) -> bool:
    """URLPattern "protocol component matches a special scheme"."""
    return any(protocol_component.exec(scheme) is not None for scheme in SPECIAL_SCHEMES)


def _protocol_string_matches_special_scheme(protocol_string: str) -> bool:
    component = compile_component(protocol_string, canon.canonicalize_protocol, DEFAULT_OPTIONS)
    return protocol_component_matches_special_scheme(component)


def hostname_pattern_is_ipv6_address(input: str) -> bool:
    """URLPattern "hostname pattern is an IPv6 address"."""
    if len(input) < 2:
        return False
    return input[0] == "[" or input[:2] in ("{[", "\\[")


# ---------------------------------------------------------------------------------------
# URLPattern §3.2 URLPatternInit processing


def _process_base_url_string(input: str, type: str) -> str:
    # URLPattern "process a base URL string"
    return input if type != "pattern" else escape_pattern_string(input)


def _is_absolute_pathname(input: str, type: str) -> bool:
    # URLPattern "is an absolute pathname"
    if input == "":
        return False
    if input[0] == "/":
        return True
    if type == "url" or len(input) < 2:
        return False
    return input[:2] in ("\\/", "{/")


def _process_pathname_for_init(pathname: str, protocol: str | None, type: str) -> str:
    # URLPattern "process pathname for init"
    if type == "pattern":
        return pathname
    if protocol is None or protocol == "" or protocol in SPECIAL_SCHEMES:
        return canon.canonicalize_pathname(pathname)
    return canon.canonicalize_opaque_pathname(pathname)


def process_init(init: Mapping[str, str], type: str, defaults: Mapping[str, str]) -> dict[str, str]:
    """URLPattern §3.2 "process a URLPatternInit" (`defaults` holds the non-null components)."""
    result = dict(defaults)
    base_url: URLRecord | None = None
    if "base_url" in init:
        base_url = basic_url_parse(init["base_url"])
        if base_url is None:
            raise TypeError(f"URLPattern: invalid base URL {init['base_url']!r}")
        specified = init.keys()

        def none_of(*names: str) -> bool:
            return not any(name in specified for name in names)

        if none_of("protocol"):
            result["protocol"] = _process_base_url_string(base_url.scheme, type)
        if type != "pattern" and none_of("protocol", "hostname", "port", "username"):
            result["username"] = _process_base_url_string(base_url.username, type)
        if type != "pattern" and none_of("protocol", "hostname", "port", "username", "password"):
            result["password"] = _process_base_url_string(base_url.password, type)
        if none_of("protocol", "hostname"):
            result["hostname"] = _process_base_url_string(base_url.host or "", type)
        if none_of("protocol", "hostname", "port"):
            result["port"] = "" if base_url.port is None else str(base_url.port)
        if none_of("protocol", "hostname", "port", "pathname"):
            result["pathname"] = _process_base_url_string(serialize_path(base_url), type)
        if none_of("protocol", "hostname", "port", "pathname", "search"):
            result["search"] = _process_base_url_string(base_url.query or "", type)
        if none_of("protocol", "hostname", "port", "pathname", "search", "hash"):
            result["hash"] = _process_base_url_string(base_url.fragment or "", type)
    url = type != "pattern"
    if "protocol" in init:
        # URLPattern "process protocol for init"
        stripped = init["protocol"].removesuffix(":")
        result["protocol"] = canon.canonicalize_protocol(stripped) if url else stripped
    if "username" in init:
        value = init["username"]
        result["username"] = canon.canonicalize_username(value) if url else value
    if "password" in init:
        value = init["password"]
        result["password"] = canon.canonicalize_password(value) if url else value
    if "hostname" in init:
        value = init["hostname"]
        result["hostname"] = canon.canonicalize_hostname(value) if url else value
    if "port" in init:
        value = init["port"]
        result["port"] = canon.canonicalize_port(value, result.get("protocol")) if url else value
    if "pathname" in init:
        pathname = init["pathname"]
        if (
            base_url is not None
            and not base_url.has_opaque_path
            and not _is_absolute_pathname(pathname, type)
        ):
            base_url_path = _process_base_url_string(serialize_path(base_url), type)
            slash_index = base_url_path.rfind("/")
            if slash_index != -1:
                pathname = base_url_path[: slash_index + 1] + pathname
        result["pathname"] = _process_pathname_for_init(pathname, result.get("protocol"), type)
    if "search" in init:
        stripped = init["search"].removeprefix("?")
        result["search"] = canon.canonicalize_search(stripped) if url else stripped
    if "hash" in init:
        stripped = init["hash"].removeprefix("#")
        result["hash"] = canon.canonicalize_hash(stripped) if url else stripped
    return result


def _check_init(input: Mapping[Any, Any], method: str) -> dict[str, str]:
    # Web IDL: URLPatternInit members are USVStrings
    init: dict[str, str] = {}
    for key, value in input.items():
        if key not in _INIT_KEYS:
            raise TypeError(
                f"URLPattern.{method}: unknown URLPatternInit key {key!r} "
                f"(expected one of {', '.join(sorted(_INIT_KEYS))})"
            )
        if not isinstance(value, str):
            raise TypeError(f"URLPattern.{method}: {key} must be a str, not {value!r}")
        init[key] = to_usv_string(value)
    return init


_EMPTY_COMPONENTS: Final = dict.fromkeys(COMPONENTS, "")
_component_values: Final = operator.itemgetter(*COMPONENTS)

# Fast path for the common absolute URL string: a lowercase http(s)/ws(s) scheme, an
# ASCII domain that is no IPv4 address and no "xn--" label, an optional port, and path,
# query and fragment made of code points the URL parser keeps as they are. It gives
# exactly what `basic_url_parse` would (tests check they agree); anything else takes
# the parser.
_SIMPLE_URL = re.compile(
    r"(https|http|wss|ws)://([a-z0-9.-]+)(?::([1-9][0-9]{0,4}))?"  # empty labels: `_match_values`
    r"(/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*|)"  # = (?:/[...]*)*, without nested repeats
    r"(?:\?([A-Za-z0-9\-._~!$&()*+,;=:@%/?]*))?"
    r"(?:#([A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*))?"
)
_NUMERIC_LABEL = re.compile(r"(?:^|\.)(?:[0-9]+|0x[0-9a-f]*)$")
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")


_simple_url_fullmatch: Final = _SIMPLE_URL.fullmatch
# Tests turn this off to check the string fast paths against the URL parser alone.
_fast_strings = True


def _kept_path(match: re.Match[str]) -> str | None:
    # the path of a `_SIMPLE_URL` match as the parser serializes it, or None when the
    # parser would change it: "." and ".." segments (also as %2e) are removed
    path: str = match[4]
    if ("/." in path and _DOT_SEGMENT.search(path)) or ("%2" in path and "%2e" in path.lower()):
        return None
    return path or "/"


def _match_values(match: re.Match[str], path: str) -> tuple[str, ...] | None:
    # the component values of a `_SIMPLE_URL` match whose path `_kept_path` kept
    scheme, host, port, _, query, fragment = match.groups()
    # a domain with an "xn--" label needs checking, one ending in a number is IPv4
    if "xn--" in host or (host[-1] in "0123456789abcdefx" and _NUMERIC_LABEL.search(host)):
        return None
    if host[0] == "." or host[-1] == "." or ".." in host:  # an empty label
        return None
    if port is not None and (int(port) > 65535 or int(port) == SPECIAL_SCHEMES[scheme]):
        return None
    return (scheme, "", "", host, port or "", path, query or "", fragment or "")


def _simple_url_values(url: str) -> tuple[str, ...] | None:
    match = _simple_url_fullmatch(url)
    if match is None:
        return None
    path = _kept_path(match)
    if path is None:
        return None
    return _match_values(match, path)


@final
class URLPattern:
    """URLPattern §1.1: a pattern over URLs' components, e.g. ``URLPattern({"pathname": "/users/:id"})``."""

    __slots__ = (
        "_components",
        "_fixed",
        "_has_regexp_groups",
        "_hash",
        "_hostname",
        "_other_regexps",
        "_password",
        "_path_reject",
        "_pathname",
        "_port",
        "_protocol",
        "_regexps",
        "_search",
        "_username",
    )

    def __init__(
        self,
        input: URLPatternInput | None = None,
        base_url: str | None = None,
        *,
        ignore_case: bool = False,
    ) -> None:
        if not isinstance(ignore_case, bool):
            raise TypeError(f"URLPattern: ignore_case must be a bool, not {ignore_case!r}")
        if base_url is not None and not isinstance(base_url, str):
            raise TypeError(f"URLPattern: base_url must be a str, not {base_url!r}")
        # URLPattern §1.2 "create" a URL pattern
        if input is None:
            input = {}
        if base_url is not None:
            base_url = to_usv_string(base_url)
        if isinstance(input, str):
            init: dict[str, str] = parse_constructor_string(
                to_usv_string(input), _protocol_string_matches_special_scheme
            )
            if base_url is None and "protocol" not in init:
                raise TypeError(
                    f"URLPattern: relative pattern {input!r} needs a base_url (or a protocol)"
                )
            if base_url is not None:
                init["base_url"] = base_url
        elif isinstance(input, Mapping):
            if base_url is not None:
                raise TypeError("URLPattern: base_url cannot be given with a URLPatternInit dict")
            init = _check_init(input, "__init__")
        else:
            raise TypeError(f"URLPattern: input must be a str or a dict, not {input!r}")
        processed = process_init(init, "pattern", {})
        for name in COMPONENTS:
            processed.setdefault(name, "*")
        default = SPECIAL_SCHEMES.get(processed["protocol"])
        if default is not None and processed["port"] == str(default):
            processed["port"] = ""
        protocol = compile_component(
            processed["protocol"], canon.canonicalize_protocol, DEFAULT_OPTIONS
        )
        hostname_callback = (
            canon.canonicalize_ipv6_hostname
            if hostname_pattern_is_ipv6_address(processed["hostname"])
            else canon.canonicalize_hostname
        )
        compile_options = Options("", "", ignore_case)
        if protocol_component_matches_special_scheme(protocol):
            pathname = compile_component(
                processed["pathname"],
                canon.canonicalize_pathname,
                Options(PATHNAME_OPTIONS.delimiter_code_point, "/", ignore_case),
            )
        else:
            pathname = compile_component(
                processed["pathname"], canon.canonicalize_opaque_pathname, compile_options
            )
        self._components = (
            protocol,
            compile_component(processed["username"], canon.canonicalize_username, DEFAULT_OPTIONS),
            compile_component(processed["password"], canon.canonicalize_password, DEFAULT_OPTIONS),
            compile_component(processed["hostname"], hostname_callback, HOSTNAME_OPTIONS),
            compile_component(processed["port"], canon.canonicalize_port, DEFAULT_OPTIONS),
            pathname,
            compile_component(processed["search"], canon.canonicalize_search, compile_options),
            compile_component(processed["hash"], canon.canonicalize_hash, compile_options),
        )
        (
            self._protocol,
            self._username,
            self._password,
            self._hostname,
            self._port,
            self._pathname,
            self._search,
            self._hash,
        ) = self._components
        self._has_regexp_groups = any(c.has_regexp_groups for c in self._components)
        # What decides a match: "*" components always match (see the module docstring).
        self._fixed = tuple(
            (i, c.fixed_text) for i, c in enumerate(self._components) if c.kind == "fixed"
        )
        self._regexps = tuple(
            (i, c.regular_expression.match)
            for i, c in enumerate(self._components)
            if c.kind == "regexp"
        )
        # a string's path the parser keeps that a regexp pathname rejects: "no match" at once
        self._path_reject: Callable[[str], re.Match[str] | None] | None = (
            pathname.regular_expression.match if pathname.kind == "regexp" else None
        )
        self._other_regexps = tuple((i, m) for i, m in self._regexps if i != 5)  # 5: pathname

    @property
    def protocol(self) -> str:
        """The normalized protocol pattern string."""
        return self._protocol.pattern_string

    @property
    def username(self) -> str:
        """The normalized username pattern string."""
        return self._username.pattern_string

    @property
    def password(self) -> str:
        """The normalized password pattern string."""
        return self._password.pattern_string

    @property
    def hostname(self) -> str:
        """The normalized hostname pattern string."""
        return self._hostname.pattern_string

    @property
    def port(self) -> str:
        """The normalized port pattern string."""
        return self._port.pattern_string

    @property
    def pathname(self) -> str:
        """The normalized pathname pattern string."""
        return self._pathname.pattern_string

    @property
    def search(self) -> str:
        """The normalized search pattern string."""
        return self._search.pattern_string

    @property
    def hash(self) -> str:
        """The normalized hash pattern string."""
        return self._hash.pattern_string

    @property
    def has_reg_exp_groups(self) -> bool:
        """Whether any component uses a custom regular expression group."""
        return self._has_regexp_groups

    def test(self, input: MatchInput | None = None, base_url: str | None = None) -> bool:
        """True if the URL (a string, a `URL`, or a dict of components) matches the pattern."""
        candidate = self._candidate(input, base_url, "test")
        if candidate is None:
            return False
        values, regexps, _ = candidate
        for index, match in regexps:  # noqa: SIM110 - a hot path: no generator
            if match(values[index]) is None:
                return False
        return True

    def exec(
        self, input: MatchInput | None = None, base_url: str | None = None
    ) -> URLPatternResult | None:
        """The match result (each component's input and groups), or None for no match."""
        candidate = self._candidate(input, base_url, "exec")
        if candidate is None:
            return None
        values, regexps, path_found = candidate
        # one per component; the loop sets the pathname's unless the fast path did
        matches: list[re.Match[str] | None] = [None, None, None, None, None, path_found, None, None]
        for index, match in regexps:
            found = match(values[index])
            if found is None:
                return None
            matches[index] = found
        inputs: list[Any] = [{} if input is None else input]
        if base_url is not None:
            inputs.append(base_url)
        return URLPatternResult(inputs, self._components, values, matches)

    def _candidate(
        self, input: MatchInput | None, base_url: str | None, method: str
    ) -> tuple[tuple[str, ...], Any, re.Match[str] | None] | None:
        """The input's component values, the regexps still to run on them and the pathname's
        match if already made; None when the input fails or a fixed component differs."""
        if base_url is None and type(input) is str and _fast_strings:
            simple = _simple_url_fullmatch(input)
            if simple is not None:
                path = simple[4] or "/"
                # as `_kept_path`, inline: the parser keeps this path (or fails)
                if not ("/." in path and _DOT_SEGMENT.search(path)) and not (
                    "%2" in path and "%2e" in path.lower()
                ):
                    regexps = self._regexps
                    path_found = None
                    reject = self._path_reject
                    if reject is not None:
                        path_found = reject(path)
                        if path_found is None:
                            return None
                        regexps = self._other_regexps  # the pathname matched
                    matched = _match_values(simple, path)
                    if matched is not None:  # else the parser decides, below
                        return self._with_fixed(matched, regexps, path_found)
        values = self._input_values(input, base_url, method)
        if values is None:
            return None
        return self._with_fixed(values, self._regexps, None)

    def _with_fixed(
        self, values: tuple[str, ...], regexps: Any, path_found: re.Match[str] | None
    ) -> tuple[tuple[str, ...], Any, re.Match[str] | None] | None:
        for index, text in self._fixed:
            if values[index] != text:
                return None
        return values, regexps, path_found

    def _input_values(
        self, input: MatchInput | None, base_url: str | None, method: str
    ) -> tuple[str, ...] | None:
        # URLPattern §1.2 "match": the component values of the input, or None for failure
        if base_url is None and type(input) is str and _fast_strings:
            values = _simple_url_values(input)
            if values is not None:
                return values
        if base_url is not None and not isinstance(base_url, str):
            raise TypeError(f"URLPattern.{method}: base_url must be a str, not {base_url!r}")
        if input is None:
            input = {}
        if isinstance(input, URL):
            # URLPattern §1.2 "match" given a URL: its components, as they are
            if base_url is not None:
                raise TypeError(f"URLPattern.{method}: base_url cannot be given with a URL")
            input = input.href
        if isinstance(input, str):
            base = None
            if base_url is not None:
                base = basic_url_parse(to_usv_string(base_url))
                if base is None:
                    return None
            url = basic_url_parse(to_usv_string(input), base)
            if url is None:
                return None
            return (
                url.scheme,
                url.username,
                url.password,
                url.host or "",
                "" if url.port is None else str(url.port),
                serialize_path(url),
                url.query or "",
                url.fragment or "",
            )
        if not isinstance(input, Mapping):
            raise TypeError(f"URLPattern.{method}: input must be a str or a dict, not {input!r}")
        if base_url is not None:
            raise TypeError(f"URLPattern.{method}: base_url cannot be given with a dict input")
        init = _check_init(input, method)
        try:
            applied = process_init(init, "url", _EMPTY_COMPONENTS)
        except TypeError:
            return None
        return _component_values(applied)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name!r}: {component.pattern_string!r}"
            for name, component in zip(COMPONENTS, self._components, strict=True)
        )
        return f"URLPattern({{{fields}}})"
