"""The `Headers` class (Fetch §5.2) over a header list (Fetch §2.2).

Names are stored lower-cased, as undici does: the standard keeps a name's case
in the list, but nothing observable through `Headers` ever shows it (`get` is
case-insensitive and iteration lower-cases), so lower-casing once at the door
makes every later lookup a plain comparison.

webstd is a server-side runtime, so like undici, Deno and Cloudflare Workers
it does not filter the browser's forbidden header names: the `request` and
`response` guards accept `Cookie`, `Host` and `Set-Cookie`. The `immutable`
guard and the `request-no-cors` safelist hold as the standard says.

The header list is a `_HeaderList`, a `list` that keeps its derived views (the
combined name -> value map, the sort-and-combine pairs) in step with every
mutation, so those views are computed once per change however often `get` or
iteration runs, and code elsewhere in webstd may mutate `headers._list`
directly without ever leaving a stale view behind.

Servers build Headers with `Headers._from_raw(raw_pairs)`, which defers all
work: `get`/`has` answer from a dict over the raw pairs (checking only the
values they return), and anything else builds the header list. Likewise
`Headers(init)` with distinct names keeps a dict (`_record`) that `get`, `has`,
`set`, `delete` and `append` of a new name use directly, until something needs
the list. Every fast path here has a pair-by-pair reference path beside it, and
tests check they agree. (Headers defines no `__getattr__`: one would slow every
attribute read, because CPython then skips its fast attribute paths.)
"""

from __future__ import annotations

import operator
import re
import sys
from collections.abc import (
    Callable,
    Collection,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    Sequence,
)
from itertools import islice
from typing import Any, Literal, TypeAlias, Union, final

__all__ = ["Guard", "Headers", "HeadersInit"]

Guard = Literal["none", "request", "request-no-cors", "response", "immutable"]

_ByteStringLike: TypeAlias = str | bytes | bytearray | memoryview

# Fetch §2.2: HTTP whitespace is U+0009 TAB, U+000A LF, U+000D CR, U+0020 SPACE.
_HTTP_WHITESPACE = "\t\n\r "
# RFC 9110 §5.6.2 token = 1*tchar; tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*"
#   / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
_TCHAR = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]"
_TOKEN = re.compile(_TCHAR + "+")
# Fetch §2.2 header value: no leading or trailing HTTP tab or space, no NUL, CR or LF.
_FORBIDDEN_VALUE_CHAR = re.compile("[\x00\r\n]")
_TCHAR_AND_NEWLINE = (
    b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\n"
)
_first = operator.itemgetter(0)
_second = operator.itemgetter(1)
_NOT_LATIN1 = re.compile("[^\x00-\xff]")

_PAIR_TYPES = frozenset({tuple, list})
_new_object = object.__new__
_MAX_REPR = 80
# Valid names already seen, mapped to their lower-cased form: a dict hit replaces
# the token regex and `lower()` for the few dozen names an application uses.
_NAME_CACHE: dict[object, str] = {}
_NAME_CACHE_LIMIT = 512
# Valid raw names from servers (bytes) mapped to their lower-cased str: one dict hit
# replaces decoding, checking and lower-casing a name. Emptied when full.
_RAW_NAME_CACHE: dict[bytes, str] = {}
_RAW_TOKEN = re.compile(_TCHAR.encode() + b"+")
# The valid raw names that are already lower-case (what ASGI servers and h11 hand
# over), each its own lower-cased form: `dict(raw)` of such names finds a pair by
# its lower-cased name's bytes (see `Headers._pending_index`). Emptied when full.
_LOWER_RAW_NAMES: set[bytes] = set()  # (a set: `keys <= set` is the quicker test)
# Valid names passed to `get`/`has`, mapped to their lower-cased form as bytes: the
# key into `dict(raw)` of a server's lower-case pairs (see `Headers._pending_index`).
_NAME_BYTES: dict[object, bytes] = {}
# Byte values, for `byte in some_bytes` (a memchr).
_NUL, _TAB, _LF, _CR, _SPACE = b"\x00\t\n\r "
# Short str values already checked and found to be header values in normal form
# (what `_header_value` returns unchanged): a set hit replaces those checks for the
# constant values applications use ("no-store", "1", "application/json").
# Emptied when full, so it keeps the values in use now.
_PLAIN_VALUES: set[str] = set()
_PLAIN_VALUES_LIMIT = 512
_PLAIN_VALUE_MAX_LENGTH = 128


def _show(value: object) -> str:
    """repr() of a value for an error message, shortened."""
    text = repr(value)
    return text if len(text) <= _MAX_REPR else text[: _MAX_REPR - 5] + "...'"


def _byte_string(value: object, context: str, argument: str) -> str:
    """Web IDL ByteString conversion: `str` of code points <= U+00FF, or bytes as latin-1."""
    if isinstance(value, str):
        if value.isascii() or _NOT_LATIN1.search(value) is None:
            return value
        raise TypeError(
            f"{context}: {argument} {_show(value)} is not a ByteString: "
            "it contains a character above U+00FF"
        )
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("latin-1")
    raise TypeError(f"{context}: {argument} must be str or bytes, not {type(value).__name__}")


def _header_name(name: object, context: str) -> str:
    """Convert and validate a header name (Fetch §2.2 "header name"); return it lower-cased."""
    try:
        return _NAME_CACHE[name]
    except (KeyError, TypeError):
        pass
    text = _byte_string(name, context, "name")
    if _TOKEN.fullmatch(text) is None:
        raise TypeError(
            f"{context}: invalid header name {_show(text)}: "
            "a name must be a non-empty token (letters, digits and !#$%&'*+-.^_`|~)"
        )
    lowered = text.lower()
    if len(_NAME_CACHE) < _NAME_CACHE_LIMIT and isinstance(name, (str, bytes)):
        _NAME_CACHE[name] = lowered
    return lowered


def _remembered_value(value: object, context: str) -> str:
    """`_header_value`, adding a short str it returns unchanged to `_PLAIN_VALUES`."""
    text = _header_value(value, context)
    if text == value and type(value) is str and len(value) <= _PLAIN_VALUE_MAX_LENGTH:
        if len(_PLAIN_VALUES) >= _PLAIN_VALUES_LIMIT:
            _PLAIN_VALUES.clear()
        _PLAIN_VALUES.add(value)
    return text


def _header_value(value: object, context: str) -> str:
    """Convert, normalize (Fetch §2.2 "normalize") and validate a header value."""
    if type(value) is str and value.isascii():
        # Fast path for the common case: an ASCII str needs no ByteString check,
        # and one without control characters needs no further check either.
        text = value.strip(_HTTP_WHITESPACE)
        if text.isprintable():
            return text
    else:
        text = _byte_string(value, context, "value").strip(_HTTP_WHITESPACE)
    if _FORBIDDEN_VALUE_CHAR.search(text) is not None:
        raise TypeError(
            f"{context}: invalid header value {_show(text)}: values cannot contain CR, LF or NUL"
        )
    return text


# Fetch §2.2.2 CORS-unsafe request-header byte.
_CORS_UNSAFE = re.compile('[\x00-\x08\x0a-\x1f"():<>?@\\[\\\\\\]{}\x7f]')
_LANGUAGE_VALUE = re.compile(r"[0-9A-Za-z *,\-.;=]*")
_SAFELISTED_CONTENT_TYPES = frozenset(
    {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}
)
# Fetch §2.2.2 no-CORS-safelisted request-header name / privileged no-CORS request-header name.
_NO_CORS_SAFELISTED_NAMES = frozenset(
    {"accept", "accept-language", "content-language", "content-type"}
)
_PRIVILEGED_NO_CORS_NAMES = frozenset({"range"})


def _is_no_cors_safelisted(name: str, value: str) -> bool:
    """Fetch §2.2.2 no-CORS-safelisted request-header (name already lower-cased)."""
    if name not in _NO_CORS_SAFELISTED_NAMES or len(value) > 128:
        return False
    if name == "accept":
        return _CORS_UNSAFE.search(value) is None
    if name in ("accept-language", "content-language"):
        return _LANGUAGE_VALUE.fullmatch(value) is not None
    if _CORS_UNSAFE.search(value) is not None:
        return False
    from webstd.fetch.mime import parse_mime_type

    mime = parse_mime_type(value)
    return mime is not None and mime.essence in _SAFELISTED_CONTENT_TYPES


def _references(view: list[tuple[str, str]]) -> int:
    return sys.getrefcount(view)


def _unshared_references() -> int:
    view: list[tuple[str, str]] = []
    return _references(view)


# What `_references(view)` returns when only the caller's local holds `view`.
# (CPython counts; elsewhere every handed-out view is treated as shared.)
_UNSHARED = _unshared_references() if hasattr(sys, "getrefcount") else -1


class _HeaderList(list[tuple[str, str]]):
    """A header list of (lower-cased name, value) whose derived views follow every mutation.

    `combined()` (name -> combined value) and `sorted_and_combined()` are cached
    until the list changes. Headers iterators walk the cached sort-and-combine
    list itself with a plain list iterator, so when the list changes while such an
    iterator is alive, the view is recomputed *in place*: the iterator's index
    then reads the new pairs, which is what Web IDL's iterator does (it re-reads
    the value pairs at every step). With no live iterator the views are just
    dropped and recomputed on the next read. `Headers._iterate_reference` is the
    literal Web IDL iterator, and a test checks the two agree.
    """

    _combined: dict[str, str] | None = None
    _sorted: list[tuple[str, str]] | None = None

    def _changed(self) -> None:
        """Call after every mutation."""
        view = self._sorted
        if view is None:
            if self._combined is not None:
                self._combined = None
            return
        self._combined = self._sorted = None
        if _references(view) > _UNSHARED:
            # A live iterator holds the view: refresh it in place and keep it.
            view[:] = self.sorted_and_combined()
            self._sorted = view

    def combined(self) -> dict[str, str]:
        """Name -> Fetch §2.2 "get" value: the values of that name joined with ", "."""
        combined = self._combined
        if combined is None:
            combined = dict(self)
            if len(combined) != len(self):
                # Some name repeats: join its values once (never by repeated
                # concatenation, which is quadratic in a hostile header list).
                groups: dict[str, list[str]] = {}
                for name, value in self:
                    groups.setdefault(name, []).append(value)
                combined = {name: ", ".join(values) for name, values in groups.items()}
            self._combined = combined
        return combined

    def sorted_and_combined(self) -> list[tuple[str, str]]:
        """Fetch §2.2 "sort and combine": by name, values combined, set-cookie kept apart."""
        pairs = self._sorted
        if pairs is None:
            combined = self.combined()
            if len(combined) == len(self) and "set-cookie" not in combined:
                # No name repeats: the pairs themselves, sorted (no new tuples).
                pairs = sorted(self, key=_first)
            elif "set-cookie" not in combined:
                pairs = sorted(combined.items(), key=_first)
            else:
                pairs = []
                for name in sorted(combined):
                    if name == "set-cookie":
                        pairs.extend(pair for pair in self if pair[0] == "set-cookie")
                    else:
                        pairs.append((name, combined[name]))
            self._sorted = pairs
        return pairs

    # Every mutating list method updates the derived views after mutating.

    def append(self, pair: tuple[str, str], /) -> None:
        list.append(self, pair)
        self._changed()

    def extend(self, pairs: Iterable[tuple[str, str]], /) -> None:
        try:
            list.extend(self, pairs)
        finally:
            self._changed()

    def insert(self, index: Any, pair: tuple[str, str], /) -> None:
        list.insert(self, index, pair)
        self._changed()

    def remove(self, pair: tuple[str, str], /) -> None:
        list.remove(self, pair)
        self._changed()

    def pop(self, index: Any = -1, /) -> tuple[str, str]:
        pair = list.pop(self, index)
        self._changed()
        return pair

    def clear(self) -> None:
        list.clear(self)
        self._changed()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        try:
            list.sort(self, *args, **kwargs)
        finally:
            self._changed()

    def reverse(self) -> None:
        list.reverse(self)
        self._changed()

    def __setitem__(self, index: Any, value: Any) -> None:
        try:
            list.__setitem__(self, index, value)
        finally:
            self._changed()

    def __delitem__(self, index: Any) -> None:
        list.__delitem__(self, index)
        self._changed()

    def __iadd__(self, pairs: Any) -> Any:  # type: ignore[misc]
        try:
            return list.__iadd__(self, pairs)
        finally:
            self._changed()

    def __imul__(self, count: Any) -> Any:  # type: ignore[misc]
        try:
            return list.__imul__(self, count)
        finally:
            self._changed()


def _list_from_raw(raw: list[tuple[bytes, bytes]] | tuple[tuple[bytes, bytes], ...]) -> _HeaderList:
    """Build a header list from a server's raw (name, value) byte pairs.

    Equivalent to `_slow_list_from_raw` (appending pair by pair through
    `_header_name`/`_header_value`), which still runs whenever a check below
    fails: all values are checked at once with a few whole-buffer C operations
    (no NUL, CR or LF; nothing for `bytes.strip` to remove, which covers HTTP tab
    and space, when there is a space or tab at all), and names come from
    `_RAW_NAME_CACHE`, which holds only valid ones.
    """
    if not raw:
        return _HeaderList()
    try:
        values = list(map(_second, raw))
        # Byte searches of the values joined without a separator (`int in bytes` is a
        # memchr; `bytes in bytes` first tries the operand as an int, and pays for it);
        # values with no space or tab have nothing for HTTP whitespace trimming to do.
        joined = b"".join(values)
        if (
            _LF in joined
            or _CR in joined
            or _NUL in joined
            or ((_SPACE in joined or _TAB in joined) and list(map(bytes.strip, values)) != values)
        ):
            return _slow_list_from_raw(raw)
        names = _RAW_NAME_CACHE
        try:
            return _HeaderList([(names[name], value.decode("latin-1")) for name, value in raw])
        except KeyError:
            _learn_raw_names(raw)
            return _HeaderList([(names[name], value.decode("latin-1")) for name, value in raw])
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return _slow_list_from_raw(raw)


def _record_from_pairs(pairs: Collection[Any]) -> dict[str, str] | None:
    """Fast path of "fill" for (str, str) pairs of known, distinct names; None when a check fails.

    Equivalent to appending pair by pair (`_list_from_pairs` and the slow path run
    when it returns None): every name is one `_NAME_CACHE` has validated, no two
    are equal once lower-cased, and the values pass the checks of `_checked_values`,
    so the header list is exactly the dict's items, in order.
    """
    try:
        record = {_NAME_CACHE[name]: value for name, value in pairs}
        values = [*record.values()]
        # `_checked_values(values)`, inlined: this runs for every Headers(init).
        if values[0] in _PLAIN_VALUES and _PLAIN_VALUES.issuperset(values):
            return record if len(record) == len(pairs) else None
        # (Joined without a separator, so a single-character search finds a
        # NUL, CR or LF in any value: `in` of one character is a memchr.)
        joined = "".join(values)
        # Without a space or tab there is no HTTP whitespace to trim.
        untrimmed = (" " in joined or "\t" in joined) and list(map(str.strip, values)) != values
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    if (
        untrimmed
        or len(record) != len(pairs)
        or "\n" in joined
        or "\r" in joined
        or "\x00" in joined
        or not (joined.isascii() or _NOT_LATIN1.search(joined) is None)
    ):
        return None
    if len(_PLAIN_VALUES) + len(values) <= _PLAIN_VALUES_LIMIT:  # (else it would do nothing)
        _remember_values(values, joined)
    return record


def _checked_values(values: list[Any]) -> bool:
    """Whether every value is a str that `_header_value` would return unchanged."""
    try:
        # (The first value decides whether the whole set is worth looking up.)
        if values[0] in _PLAIN_VALUES and _PLAIN_VALUES.issuperset(values):
            return True
        # (Joined without a separator, so a single-character search finds a
        # NUL, CR or LF in any value: `in` of one character is a memchr.)
        joined = "".join(values)
        # Without a space or tab there is no HTTP whitespace to trim.
        untrimmed = (" " in joined or "\t" in joined) and list(map(str.strip, values)) != values
    except (TypeError, IndexError):
        return False
    # str.strip() drops more than HTTP whitespace; any change sends us to the slow path.
    if (
        untrimmed
        or "\n" in joined
        or "\r" in joined
        or "\x00" in joined
        or not (joined.isascii() or _NOT_LATIN1.search(joined) is None)
    ):
        return False
    _remember_values(values, joined)
    return True


def _remember_values(values: list[str], joined: str) -> None:
    """Add checked values (all str, `joined` their concatenation) to `_PLAIN_VALUES` if there is room."""
    if (
        len(_PLAIN_VALUES) + len(values) <= _PLAIN_VALUES_LIMIT
        and len(joined) <= _PLAIN_VALUE_MAX_LENGTH * 4
        and type(values[0]) is str
    ):
        # A small header set, as application code writes: remember its values while
        # there is room (only `append`/`set` make room, so varied sets cost nothing).
        _PLAIN_VALUES.update(values)


def _list_from_pairs(pairs: Collection[Any]) -> _HeaderList | None:
    """Fast path of "fill" for (str, str) pairs; None when a check fails.

    Equivalent to appending pair by pair; whatever it cannot vouch for (bytes,
    non-ASCII names, values to normalize or reject) is left to that slow path.
    Names come from `_NAME_CACHE` when all are known, else are checked at once.
    """
    try:
        try:
            header_list: _HeaderList | None = _HeaderList(
                [(_NAME_CACHE[name], value) for name, value in pairs]
            )
        except KeyError:
            header_list = _list_with_new_names(pairs)
    except (TypeError, ValueError):
        return None
    if header_list is None or not _checked_values(list(map(_second, header_list))):
        return None
    return header_list


def _list_with_new_names(pairs: Collection[Any]) -> _HeaderList | None:
    """`_list_from_pairs` for names not all cached: check and lower-case all names at once."""
    names, values = zip(*pairs, strict=True)
    joined_names = "\n".join(names)
    if (
        not joined_names.isascii()
        or joined_names.encode("ascii").translate(None, _TCHAR_AND_NEWLINE)
        or joined_names.count("\n") != len(pairs) - 1
        or "" in names
    ):
        return None
    lowered = joined_names.lower().split("\n")
    if len(_NAME_CACHE) < _NAME_CACHE_LIMIT:
        _NAME_CACHE.update(zip(names, lowered, strict=True))
    return _HeaderList(zip(lowered, values, strict=True))


def _name_bytes(name: object, context: str) -> bytes:
    """`_header_name(name)` as bytes (ASCII: names are tokens), remembered in `_NAME_BYTES`."""
    encoded = _header_name(name, context).encode("ascii")
    if isinstance(name, (str, bytes)):
        if len(_NAME_BYTES) >= _NAME_CACHE_LIMIT:
            _NAME_BYTES.clear()
        _NAME_BYTES[name] = encoded
    return encoded


def _learn_raw_names(raw: Iterable[Any]) -> None:
    """Add the valid header names among the raw pairs to `_RAW_NAME_CACHE`."""
    try:
        for name, _ in raw:
            if type(name) is bytes and _RAW_TOKEN.fullmatch(name):
                if len(_RAW_NAME_CACHE) >= _NAME_CACHE_LIMIT:
                    _RAW_NAME_CACHE.clear()
                    _LOWER_RAW_NAMES.clear()
                text = name.decode("ascii")
                lowered = _RAW_NAME_CACHE[name] = text.lower()
                if lowered == text:
                    _LOWER_RAW_NAMES.add(name)
    except (TypeError, ValueError):
        pass  # a malformed pair: building the list reports it


def _learned_lower_raw_names(raw: Iterable[Any], names: KeysView[Any]) -> bool:
    """`_learn_raw_names(raw)`, then whether all `names` are in `_LOWER_RAW_NAMES`."""
    _learn_raw_names(raw)
    return names <= _LOWER_RAW_NAMES


def _slow_list_from_raw(raw: Iterable[tuple[bytes, bytes]]) -> _HeaderList:
    """The reference path of `_list_from_raw`: validate and normalize pair by pair."""
    header_list = _HeaderList()
    for name, value in raw:
        header_list.append((_header_name(name, "Headers"), _header_value(value, "Headers")))
    return header_list


@final
class Headers:
    """The Fetch Standard's `Headers`: a header list with a guard (Fetch §5.2)."""

    __slots__ = ("_guard", "_header_list", "_pending_raw", "_raw_index", "_record")

    _guard: Guard
    _header_list: _HeaderList | None  # None while `_record` or `_pending_raw` stands for it
    # After `_from_raw`, until first needed: the server's pairs, and (for `get`
    # and `has`, which do not need the whole list) `dict(raw)`, see `_pending_index`.
    _pending_raw: list[tuple[bytes, bytes]] | None
    _raw_index: dict[bytes, bytes] | None
    # After `Headers(init)` with distinct names, until something needs the list:
    # the header list as a dict, lower-cased name -> value, in list order. With no
    # name twice, it is also the list's combined view, and `get`, `has`, `set`,
    # `delete` and `append` of a new name work on it directly (see `_record_from_pairs`).
    _record: dict[str, str] | None

    def __init__(self, init: HeadersInit | None = None) -> None:
        # Fetch §5.2 "new Headers(init)": guard "none", then fill with init.
        self._guard = "none"
        self._pending_raw = self._raw_index = None
        # Fast paths of "fill" for a list of pairs or a dict (`_fill` is the reference).
        pairs: Collection[Any] | None = None
        init_type = type(init)
        if init_type is list or init_type is tuple:
            # Only pairs that are tuples or lists: unpacking any other iterable (a
            # generator, say) would consume it, and the slow path after a failed fast
            # path must see every pair whole; a string is not a pair at all.
            # (Counting exact tuples in a list of the types is the cheaper test.)
            if init and (
                [*map(type, init)].count(tuple) == len(init)  # type: ignore[arg-type]
                or _PAIR_TYPES.issuperset(map(type, init))
            ):
                pairs = init  # type: ignore[assignment]
        elif init_type is dict and init:
            pairs = init.items()  # type: ignore[union-attr]
        record = None if pairs is None else _record_from_pairs(pairs)
        self._record = record  # the list is made from it when first needed
        if record is not None:
            self._header_list = None
            return
        if pairs is not None:
            header_list = _list_from_pairs(pairs)
            if header_list is not None:
                self._header_list = header_list
                return
        self._header_list = _HeaderList()
        if init is not None:
            self._fill(init)

    @staticmethod
    def _from_raw(raw: Iterable[tuple[bytes, bytes]], guard: Guard = "none") -> Headers:
        """Headers over a server's raw (name, value) byte pairs (the adapters' fast path).

        The pairs are decoded, lower-cased and validated when first needed, so a
        request whose headers the handler never reads costs nothing here, and
        `get`/`has` alone only decode and check the values they return; a pair
        that is not a valid header raises `TypeError` when it is reached.
        """
        # (A static method making the object directly: a classmethod call and
        # `cls.__new__` cost a third of this on a 20-header request.)
        self = _new_object(Headers)
        self._guard = guard
        self._pending_raw = [*raw]  # a copy: the server may reuse its list
        self._raw_index = None
        self._record = None
        self._header_list = None
        return self

    @staticmethod
    def _with_record(record: dict[str, str], guard: Guard) -> Headers:
        """Headers whose header list is `record`'s items: distinct, lower-cased, valid names
        with normalized values (the caller vouches for them; Response.json's one header)."""
        self = _new_object(Headers)
        self._guard = guard
        self._pending_raw = self._raw_index = None
        self._record = record
        self._header_list = None
        return self

    def _build_list(self) -> _HeaderList:
        """Build the header list from the record or from the server's pairs."""
        # (No `__getattr__` does this lazily: defining one would slow down every
        # attribute read on Headers, since CPython then skips its fast paths.)
        record = self._record
        if record is not None:
            header_list = _HeaderList(record.items())
            header_list._combined = record  # names are distinct: it is the combined view
            self._record = None
        else:
            assert self._pending_raw is not None
            header_list = _list_from_raw(self._pending_raw)  # may raise TypeError
            self._pending_raw = self._raw_index = None
        self._header_list = header_list
        return header_list

    def _pending_index(self) -> dict[bytes, bytes] | None:
        """Set and return `_raw_index`: `dict(raw)` of the pending pairs.

        None, with the list built instead, unless every name is in `_LOWER_RAW_NAMES`
        (valid and already lower-cased, so each valid lower-cased name's bytes find
        exactly the pair the list gives that name) and no name repeats (its values
        would need combining). Values are checked when `get` reads them.
        """
        raw = self._pending_raw
        assert raw is not None
        try:
            index: dict[bytes, bytes] = dict(raw)
        except (TypeError, ValueError):
            self._build_list()
            return None
        if len(index) == len(raw):
            names = index.keys()
            if names <= _LOWER_RAW_NAMES or _learned_lower_raw_names(raw, names):
                self._raw_index = index
                return index
        self._build_list()
        return None

    @property
    def _list(self) -> _HeaderList:
        """The header list: (lower-cased name, value) pairs, mutable in place."""
        header_list = self._header_list
        if header_list is None:
            header_list = self._build_list()
        return header_list

    @_list.setter
    def _list(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._list[:] = list(pairs)

    def _raw(self) -> list[tuple[bytes, bytes]]:
        """The header list as latin-1 byte pairs for the wire, each set-cookie its own pair."""
        # (Names and values are ByteStrings, so latin-1 encodes each; one encode per
        # string measures faster than joining a column and splitting it again.)
        record = self._record
        pairs: Iterable[tuple[str, str]] = record.items() if record is not None else self._list
        return [(name.encode("latin-1"), value.encode("latin-1")) for name, value in pairs]

    def _pairs(self) -> list[tuple[str, str]]:
        """The header list as (name, value) strings, each set-cookie its own pair (for WSGI)."""
        record = self._record
        return list(record.items() if record is not None else self._list)

    def _fill(self, init: object) -> None:
        # Fetch §5.2 "fill": a sequence of pairs or a record.
        init_type = type(init)
        if init_type is list or init_type is tuple:
            self._fill_sequence(init)  # type: ignore[arg-type]
        elif init_type is dict:
            self._fill_record(list(init.items()))  # type: ignore[attr-defined]
        elif isinstance(init, Headers):
            # A Headers is a sequence: its sort-and-combine pairs, already valid.
            self._list.extend(init._list.sorted_and_combined())
        elif isinstance(init, (str, bytes, bytearray, memoryview)):
            raise TypeError(
                f"Headers: init must be a Headers, a mapping or an iterable of pairs, not {_show(init)}"
            )
        elif callable(getattr(init, "items", None)):
            self._fill_record(list(init.items()))  # type: ignore[attr-defined]
        elif isinstance(init, Iterable):
            self._fill_sequence(init)
        else:
            raise TypeError(
                "Headers: init must be a Headers, a mapping or an iterable of pairs, "
                f"not {type(init).__name__}"
            )

    def _fill_record(self, pairs: list[Any]) -> None:
        if not self._fill_fast(pairs):
            for name, value in pairs:
                self._append(name, value, "Headers")

    def _fill_sequence(self, init: Iterable[Any]) -> None:
        if (
            isinstance(init, (list, tuple))
            and set(map(type, init)) <= {tuple, list}
            and self._fill_fast(init)
        ):
            return
        for header in init:
            if isinstance(header, (str, bytes, bytearray, memoryview)) or not isinstance(
                header, Iterable
            ):
                raise TypeError(
                    f"Headers: each header must be a (name, value) pair, not {_show(header)}"
                )
            pair = tuple(header)
            if len(pair) != 2:
                raise TypeError(
                    f"Headers: each header must be a (name, value) pair, got {len(pair)} items: {_show(pair)}"
                )
            self._append(pair[0], pair[1], "Headers")

    def _fill_fast(self, pairs: Sequence[Any]) -> bool:
        # Only into an empty list, and only where the guard filters nothing
        # (no forbidden names in a server runtime): "immutable" and
        # "request-no-cors" take the slow path, which applies them.
        if not pairs or self._list or self._guard not in ("none", "request", "response"):
            return False
        header_list = _list_from_pairs(pairs)
        if header_list is None:
            return False
        self._header_list = header_list
        return True

    def _validate(self, name: object, value: object, context: str) -> tuple[str, str]:
        # Fetch §5.2 "validate": convert, normalize, check name/value, then the guard.
        key = _header_name(name, context)
        text = _header_value(value, context)
        self._check_mutable(context)
        return key, text

    def _check_mutable(self, context: str) -> None:
        if self._guard == "immutable":
            raise TypeError(f"{context}: these headers are immutable")

    def _append(self, name: object, value: object, context: str) -> None:
        # Fetch §5.2 "append".
        key, text = self._validate(name, value, context)
        header_list = self._list
        if self._guard == "request-no-cors":
            previous = header_list.combined().get(key)
            temporary = text if previous is None else f"{previous}, {text}"
            if not _is_no_cors_safelisted(key, temporary):
                return
        header_list.append((key, text))
        if self._guard == "request-no-cors":
            self._remove_privileged_no_cors()

    def _remove_privileged_no_cors(self) -> None:
        # Fetch §2.2.2 "remove privileged no-CORS request-headers".
        header_list = self._list
        if any(name in _PRIVILEGED_NO_CORS_NAMES for name, _ in header_list):
            header_list[:] = [p for p in header_list if p[0] not in _PRIVILEGED_NO_CORS_NAMES]

    def append(self, name: str | bytes, value: str | bytes) -> None:
        """Append a header; a name already present gains one more value."""
        if self._guard != "none":
            self._append(name, value, "Headers.append")
            return
        # Fetch §5.2 "append" with the "none" guard: validate, then append.
        try:
            key = _NAME_CACHE[name]
        except (KeyError, TypeError):
            key = _header_name(name, "Headers.append")
        if type(value) is str and value in _PLAIN_VALUES:
            text = value  # what `_header_value` returns for it
        else:
            text = _remembered_value(value, "Headers.append")
        record = self._record
        if record is not None and key not in record:
            record[key] = text  # appends (key, text) to the list the record stands for
            return
        header_list = self._header_list
        if header_list is None:
            header_list = self._build_list()
        list.append(header_list, (key, text))
        combined = header_list._combined
        if combined is not None:
            if header_list._sorted is None and key not in combined:
                # What `_changed()` then `combined()` would compute: a new name's
                # combined value is its one value.
                combined[key] = text
            else:
                header_list._changed()

    def delete(self, name: str | bytes) -> None:
        """Remove every header of that name."""
        # Fetch §5.2 "delete(name)".
        key = _header_name(name, "Headers.delete")
        self._check_mutable("Headers.delete")
        if (
            self._guard == "request-no-cors"
            and key not in _NO_CORS_SAFELISTED_NAMES
            and key not in _PRIVILEGED_NO_CORS_NAMES
        ):
            return
        record = self._record
        if record is not None and self._guard != "request-no-cors":
            record.pop(key, None)  # the one header of that name, if any
            return
        header_list = self._list
        if key not in header_list.combined():
            return
        header_list[:] = [pair for pair in header_list if pair[0] != key]
        if self._guard == "request-no-cors":
            self._remove_privileged_no_cors()

    def get(self, name: str | bytes) -> str | None:
        """The values of that name joined with ", ", or None when absent."""
        # Fetch §5.2 "get(name)" -> Fetch §2.2 "get".
        index = self._raw_index
        if index is not None or self._pending_raw is not None:
            try:
                raw_name = _NAME_BYTES[name]
            except (KeyError, TypeError):
                raw_name = _name_bytes(name, "Headers.get")  # validates the name
            if index is None:
                index = self._pending_index()  # None when it cannot stand for the list
        if index is not None:
            # Equivalent to the list path below once the list is built (a test checks):
            # the index holds each name's one raw value, checked here as the list would.
            value = index.get(raw_name)
            if value is None:
                return None
            if type(value) is bytes:
                text = value.decode("latin-1")
                if text.isprintable():  # no tab, CR, LF or NUL: only spaces to trim
                    return text.strip(" ")  # as `_header_value` would
                return _header_value(text, "Headers.get")
            # (a raw value that is not bytes: the list decides what it means)
        try:
            key = _NAME_CACHE[name]
        except (KeyError, TypeError):
            key = _header_name(name, "Headers.get")
        record = self._record
        if record is not None:
            return record.get(key)  # the combined view (see `_record`)
        header_list = self._header_list
        if header_list is None:
            header_list = self._build_list()
        combined = header_list._combined
        if combined is None:
            combined = header_list.combined()
        return combined.get(key)

    def get_set_cookie(self) -> list[str]:
        """Every Set-Cookie value, in order, never combined."""
        # Fetch §5.2 "getSetCookie()".
        header_list = self._list
        if "set-cookie" not in header_list.combined():
            return []
        return [value for name, value in header_list if name == "set-cookie"]

    def has(self, name: str | bytes) -> bool:
        """Whether a header of that name is present."""
        # (The same steps as `get`, written out: a shared helper measured ~20% slower.)
        index = self._raw_index
        if index is not None or self._pending_raw is not None:
            try:
                raw_name = _NAME_BYTES[name]
            except (KeyError, TypeError):
                raw_name = _name_bytes(name, "Headers.has")  # validates the name
            if index is None:
                index = self._pending_index()
        if index is not None:
            return raw_name in index  # equivalent to the list path below, as in `get`
        try:
            key = _NAME_CACHE[name]
        except (KeyError, TypeError):
            key = _header_name(name, "Headers.has")
        record = self._record
        if record is not None:
            return key in record
        header_list = self._header_list
        if header_list is None:
            header_list = self._build_list()
        combined = header_list._combined
        if combined is None:
            combined = header_list.combined()
        return key in combined

    __contains__ = has  # `"x-id" in headers`, the Pythonic spelling of has()

    def set(self, name: str | bytes, value: str | bytes) -> None:
        """Replace every header of that name with one header of that value."""
        # Fetch §5.2 "set(name, value)" -> Fetch §2.2 "set".
        try:
            key = _NAME_CACHE[name]
        except (KeyError, TypeError):
            key = _header_name(name, "Headers.set")
        if type(value) is str and value in _PLAIN_VALUES:
            text = value  # what `_header_value` returns for it
        else:
            text = _remembered_value(value, "Headers.set")
        guard = self._guard
        if guard != "none":
            self._check_mutable("Headers.set")
            if guard == "request-no-cors" and not _is_no_cors_safelisted(key, text):
                return
        record = self._record
        if record is not None and guard != "request-no-cors":
            # Fetch §2.2 "set" with distinct names: replace the value in place, or append.
            record[key] = text
            return
        header_list = self._header_list
        if header_list is None:
            header_list = self._build_list()
        combined = header_list._combined
        if combined is not None and key not in combined:
            header_list.append((key, text))  # (the scan below would find nothing)
        else:
            self._set_in_list(key, text)
        if guard == "request-no-cors":
            self._remove_privileged_no_cors()

    def _set_in_list(self, key: str, text: str) -> None:
        # Fetch §2.2 "set": replace the first header of that name, remove the others,
        # or append when there is none. The C-level scans below stop at the first match.
        header_list = self._list
        try:
            index = operator.indexOf(map(_first, header_list), key)
        except ValueError:
            header_list.append((key, text))
            return
        if key in map(_first, islice(header_list, index + 1, None)):
            rest = [pair for pair in header_list[index + 1 :] if pair[0] != key]
            header_list[index:] = [(key, text), *rest]
            return
        list.__setitem__(header_list, index, (key, text))
        combined = header_list._combined
        if combined is not None:
            if header_list._sorted is None:
                combined[key] = text  # what `_changed()` then `combined()` would compute
            else:
                header_list._changed()

    # Web IDL iterable<ByteString, ByteString>: an iterator keeps an index into
    # the value pairs, which are the header list's sort-and-combine *at each step*,
    # so changes made while iterating show (Web IDL §3.7.10.1 "default iterator objects").

    def _iterate(self) -> Iterator[tuple[str, str]]:
        # A plain iterator over the cached sort-and-combine list, which
        # `_HeaderList._changed` keeps current while the iterator lives.
        return iter(self._list.sorted_and_combined())

    def _iterate_reference(self) -> Iterator[tuple[str, str]]:
        """Web IDL §3.7.10.1 default iterator, literally: re-read the value pairs each step."""
        index = 0
        while True:
            pairs = self._list.sorted_and_combined()
            if index >= len(pairs):
                return
            yield pairs[index]
            index += 1

    def __iter__(self) -> Iterator[tuple[str, str]]:
        header_list = self._header_list
        if header_list is None:
            header_list = self._build_list()
        return iter(header_list.sorted_and_combined())

    def entries(self) -> Iterator[tuple[str, str]]:
        """Iterator of (name, value), sorted by name, values combined."""
        return self._iterate()

    def keys(self) -> Iterator[str]:
        """Iterator of the names, sorted (set-cookie once per cookie)."""
        return map(_first, self._iterate())

    def values(self) -> Iterator[str]:
        """Iterator of the combined values, in name order."""
        return map(_second, self._iterate())

    def for_each(self, callback: Callable[[str, str, Headers], object]) -> None:
        """Call callback(value, name, headers) for each pair, as `forEach` does."""
        # Web IDL §3.7.10 forEach: re-read the pairs after every call.
        if not callable(callback):
            raise TypeError(f"Headers.for_each: callback must be callable, not {_show(callback)}")
        index = 0
        while True:
            pairs = self._list.sorted_and_combined()
            if index >= len(pairs):
                return
            name, value = pairs[index]
            callback(value, name, self)
            index += 1

    def __repr__(self) -> str:
        guard = "" if self._guard == "none" else f", guard={self._guard!r}"
        return f"Headers({list(self._list)!r}{guard})"


# `new Headers(init)`: a Headers, a record (any mapping, or object with `items()`),
# or a sequence of (name, value) pairs.
HeadersInit: TypeAlias = Union[Headers, Mapping[Any, Any], Iterable[Iterable[_ByteStringLike]]]  # noqa: UP007
