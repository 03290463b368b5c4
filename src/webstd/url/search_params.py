"""URL §6.2 the URLSearchParams class: a list of name-value pairs, live with its URL."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Union, final

from webstd.url import urlencoded
from webstd.url.percent_encoding import to_usv_string

if TYPE_CHECKING:
    from webstd.url.url import URL

__all__ = ["URLSearchParams", "URLSearchParamsInit"]

URLSearchParamsInit = Union[str, Mapping[str, str], Iterable[Sequence[str]], "URLSearchParams"]


def _usv(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(
            f"URLSearchParams: {what} must be a str, not {type(value).__name__} ({value!r})"
        )
    return to_usv_string(value)


def _utf16_key(pair: tuple[str, str]) -> bytes:
    # URL §6.2 sort(): names compare by UTF-16 code units; UTF-16-BE bytes order the same.
    return pair[0].encode("utf-16-be")


@final
class URLSearchParams:
    """URL §6.2 `URLSearchParams(init="")`: from a query string, a mapping, or pairs."""

    __slots__ = ("__weakref__", "_list", "_url")

    _list: list[tuple[str, str]]
    _url: URL | None

    def __init__(self, init: URLSearchParamsInit | None = "") -> None:
        self._url = None
        self._list = self._initial_list(init)

    @staticmethod
    def _initial_list(init: object) -> list[tuple[str, str]]:
        # URL §6.2 constructor and "initialize"; None is an omitted init (JS undefined).
        if init is None:
            return []
        if isinstance(init, str):
            if init.startswith("?"):
                init = init[1:]
            return urlencoded.parse(init)
        if isinstance(init, URLSearchParams):
            return list(init._list)
        if isinstance(init, Mapping):
            return [(_usv(name, "name"), _usv(init[name], "value")) for name in init]
        if isinstance(init, (bytes, bytearray, memoryview)) or not isinstance(init, Iterable):
            raise TypeError(
                "URLSearchParams: init must be a str, a mapping or an iterable of pairs, "
                f"not {type(init).__name__} ({init!r})"
            )
        pairs: list[tuple[str, str]] = []
        for pair in init:
            if isinstance(pair, (str, bytes)) or not isinstance(pair, Iterable):
                raise TypeError(f"URLSearchParams: each pair must be a sequence, not {pair!r}")
            items = list(pair)
            if len(items) != 2:
                raise TypeError(
                    f"URLSearchParams: each pair must have exactly 2 items, not {len(items)} "
                    f"({pair!r})"
                )
            pairs.append((_usv(items[0], "name"), _usv(items[1], "value")))
        return pairs

    @classmethod
    def _for_url(cls, url: URL) -> URLSearchParams:
        # URL §6.1 "initialize" of a URL's query object: the list parsed from its query.
        params = cls.__new__(cls)
        query = url._record.query
        params._list = urlencoded.parse(query) if query else []
        params._url = url
        return params

    def _update(self) -> None:
        # URL §6.2 "update" steps: write the serialized list back to the URL's query.
        url = self._url
        if url is None:
            return
        serialized = urlencoded.serialize(self._list)
        url._record.query = serialized or None
        url._href = None

    # -- IDL members ------------------------------------------------------------------------

    @property
    def size(self) -> int:
        """URL §6.2 size: the number of name-value pairs."""
        return len(self._list)

    def append(self, name: str, value: str) -> None:
        """URL §6.2 append(): add a pair at the end."""
        self._list.append((_usv(name, "name"), _usv(value, "value")))
        self._update()

    def delete(self, name: str, value: str | None = None) -> None:
        """URL §6.2 delete(): remove every pair with `name` (and `value`, if given)."""
        name = _usv(name, "name")
        if value is None:
            self._list = [pair for pair in self._list if pair[0] != name]
        else:
            value = _usv(value, "value")
            self._list = [pair for pair in self._list if pair != (name, value)]
        self._update()

    def get(self, name: str) -> str | None:
        """URL §6.2 get(): the value of the first pair named `name`, or None."""
        name = _usv(name, "name")
        for pair_name, value in self._list:
            if pair_name == name:
                return value
        return None

    def get_all(self, name: str) -> list[str]:
        """URL §6.2 getAll(): the values of every pair named `name`, in order."""
        name = _usv(name, "name")
        return [value for pair_name, value in self._list if pair_name == name]

    def has(self, name: str, value: str | None = None) -> bool:
        """URL §6.2 has(): whether a pair named `name` (with `value`, if given) exists."""
        name = _usv(name, "name")
        if value is None:
            return any(pair[0] == name for pair in self._list)
        value = _usv(value, "value")
        return (name, value) in self._list

    def set(self, name: str, value: str) -> None:
        """URL §6.2 set(): the first pair named `name` gets `value`, the others go."""
        name = _usv(name, "name")
        value = _usv(value, "value")
        output: list[tuple[str, str]] = []
        found = False
        for pair in self._list:
            if pair[0] != name:
                output.append(pair)
            elif not found:
                output.append((name, value))
                found = True
        if not found:
            output.append((name, value))
        self._list = output
        self._update()

    def sort(self) -> None:
        """URL §6.2 sort(): stable sort by name, comparing UTF-16 code units."""
        self._list.sort(key=_utf16_key)
        self._update()

    def entries(self) -> Iterator[tuple[str, str]]:
        """Web IDL iterable entries(): (name, value) tuples."""
        return iter(self)

    def keys(self) -> Iterator[str]:
        """Web IDL iterable keys(): the names."""
        return (name for name, _ in self)

    def values(self) -> Iterator[str]:
        """Web IDL iterable values(): the values."""
        return (value for _, value in self)

    def for_each(self, callback: Callable[[str, str, URLSearchParams], object]) -> None:
        """Web IDL iterable forEach(): callback(value, name, params) per pair."""
        for name, value in self:
            callback(value, name, self)

    # -- Python protocol --------------------------------------------------------------------

    def __iter__(self) -> Iterator[tuple[str, str]]:
        # Web IDL "default iterator": index-based, so it sees changes made while iterating.
        index = 0
        while index < len(self._list):
            yield self._list[index]
            index += 1

    def __len__(self) -> int:
        return len(self._list)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.has(name)

    def __str__(self) -> str:
        return urlencoded.serialize(self._list)

    def __repr__(self) -> str:
        return f"URLSearchParams({self._list!r})"

    def __reduce__(self) -> tuple[type[URLSearchParams], tuple[list[tuple[str, str]]]]:
        # A copy (or unpickled object) has the same pairs and no URL.
        return (URLSearchParams, (list(self._list),))
