"""Headers beyond WPT: Python types, guards, the server fast path and its caches."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webstd import Headers
from webstd.fetch.headers import _list_from_raw, _slow_list_from_raw


def test_error_message_names_the_bad_value() -> None:
    with pytest.raises(TypeError) as info:
        Headers().append("x", "a\r\nb")
    assert str(info.value) == (
        "Headers.append: invalid header value 'a\\r\\nb': values cannot contain CR, LF or NUL"
    )


def test_error_message_names_the_bad_name() -> None:
    with pytest.raises(TypeError, match=r"Headers.set: invalid header name 'a b'"):
        Headers().set("a b", "1")


@pytest.mark.parametrize("bad", [1, None, 1.5, ["a"], object()])
def test_non_string_name_is_a_type_error_naming_the_argument(bad: Any) -> None:
    with pytest.raises(TypeError, match=r"Headers\.get: name must be str or bytes"):
        Headers().get(bad)


@pytest.mark.parametrize("bad", [1, None, True])
def test_non_string_value_is_a_type_error_naming_the_argument(bad: Any) -> None:
    with pytest.raises(TypeError, match=r"Headers\.append: value must be str or bytes"):
        Headers().append("x", bad)


def test_characters_above_latin1_are_not_a_byte_string() -> None:
    with pytest.raises(TypeError, match="not a ByteString"):
        Headers().append("x", "caf\u0153")
    with pytest.raises(TypeError, match="not a ByteString"):
        Headers().append("x", "\ud800")


def test_latin1_values_are_kept_as_code_points() -> None:
    headers = Headers({"x": "caf\xe9"})
    assert headers.get("x") == "caf\xe9"
    assert headers._raw() == [(b"x", b"caf\xe9")]


def test_bytes_names_and_values_are_latin1() -> None:
    headers = Headers()
    headers.append(b"X-Bytes", b"caf\xe9")
    headers.set(bytearray(b"x-other"), memoryview(b"1"))
    assert headers.get(b"x-bytes") == "caf\xe9"
    assert headers.has(b"X-OTHER")
    assert list(headers) == [("x-bytes", "caf\xe9"), ("x-other", "1")]


def test_empty_name_is_invalid() -> None:
    with pytest.raises(TypeError):
        Headers().append("", "x")


def test_in_is_has() -> None:
    headers = Headers({"X-A": "1"})
    assert "x-a" in headers
    assert "X-B" not in headers
    with pytest.raises(TypeError):
        _ = "a b" in headers


def test_string_init_is_rejected() -> None:
    with pytest.raises(TypeError):
        Headers("a: b")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Headers(["ab"])  # type: ignore[list-item]


def test_init_from_an_object_with_items_such_as_a_multidict() -> None:
    multidict = pytest.importorskip("multidict")
    source = multidict.CIMultiDict([("A", "1"), ("a", "2")])
    assert Headers(source).get("a") == "1, 2"


def test_init_from_headers_copies_the_combined_pairs() -> None:
    source = Headers([("b", "1"), ("a", "2"), ("b", "3"), ("set-cookie", "x"), ("set-cookie", "y")])
    copy = Headers(source)
    assert list(copy) == [("a", "2"), ("b", "1, 3"), ("set-cookie", "x"), ("set-cookie", "y")]
    copy.append("c", "4")
    assert not source.has("c")


def test_immutable_guard_rejects_every_mutation() -> None:
    headers = Headers({"a": "1"})
    headers._guard = "immutable"
    for mutate in (
        lambda: headers.append("b", "2"),
        lambda: headers.set("a", "2"),
        lambda: headers.delete("a"),
    ):
        with pytest.raises(TypeError, match="immutable"):
            mutate()
    assert list(headers) == [("a", "1")]
    assert headers.get("a") == "1"


def test_immutable_guard_still_validates_first() -> None:
    headers = Headers()
    headers._guard = "immutable"
    with pytest.raises(TypeError, match="invalid header name"):
        headers.append("a b", "1")


@pytest.mark.parametrize("guard", ["request", "response"])
def test_server_runtime_has_no_forbidden_header_names(guard: Any) -> None:
    headers = Headers()
    headers._guard = guard
    headers.append("Set-Cookie", "a=b")
    headers.append("Cookie", "c=d")
    headers.append("Host", "example.com")
    assert headers.get_set_cookie() == ["a=b"]
    assert headers.get("cookie") == "c=d"
    assert headers.get("host") == "example.com"


def test_request_no_cors_guard_keeps_only_safelisted_headers() -> None:
    # Fetch §5.2 append/set/delete with the "request-no-cors" guard.
    headers = Headers()
    headers._guard = "request-no-cors"
    headers.append("Accept", "*/*")
    headers.append("Content-Type", "text/plain;charset=UTF-8")
    headers.append("X-Custom", "1")
    headers.append("Accept-Language", "en@")  # "@" is not allowed
    headers.set("Content-Language", "fr")
    headers.set("Content-Type", "application/json")  # not a safelisted MIME type
    headers.append("Range", "bytes=0-1")  # privileged: removed
    assert list(headers) == [
        ("accept", "*/*"),
        ("content-language", "fr"),
        ("content-type", "text/plain;charset=UTF-8"),
    ]
    headers.delete("X-Custom")  # neither safelisted nor privileged: ignored
    headers.delete("accept")
    assert not headers.has("accept")


def test_request_no_cors_guard_checks_the_combined_value_length() -> None:
    headers = Headers()
    headers._guard = "request-no-cors"
    headers.append("Accept", "a" * 100)
    headers.append("Accept", "b" * 30)  # combined would exceed 128 bytes
    assert headers.get("accept") == "a" * 100


def test_set_replaces_the_first_and_removes_the_others_in_place() -> None:
    headers = Headers([("a", "1"), ("b", "2"), ("a", "3"), ("c", "4")])
    headers.set("A", "5")
    assert headers._list == [("a", "5"), ("b", "2"), ("c", "4")]


def test_delete_of_an_absent_name_changes_nothing() -> None:
    headers = Headers([("a", "1")])
    headers.delete("b")
    assert headers._list == [("a", "1")]


def test_direct_list_mutation_never_leaves_a_stale_view() -> None:
    headers = Headers({"a": "1"})
    assert headers.get("a") == "1"
    assert list(headers) == [("a", "1")]
    headers._list.append(("b", "2"))
    assert headers.get("b") == "2"
    headers._list[0] = ("a", "9")
    assert list(headers) == [("a", "9"), ("b", "2")]
    del headers._list[1]
    assert not headers.has("b")
    headers._list += [("c", "3")]
    assert headers.get("c") == "3"
    headers._list.clear()
    assert list(headers) == []
    headers._list = [("z", "1")]
    assert headers.get("z") == "1"


def test_repr_shows_the_header_list_and_a_non_default_guard() -> None:
    headers = Headers([("B", "1"), ("a", "2")])
    assert repr(headers) == "Headers([('b', '1'), ('a', '2')])"
    headers._guard = "immutable"
    assert repr(headers) == "Headers([('b', '1'), ('a', '2')], guard='immutable')"


def test_for_each_sees_changes_made_by_the_callback() -> None:
    headers = Headers({"a": "1", "c": "3"})
    seen: list[tuple[str, str]] = []

    def callback(value: str, name: str, container: Headers) -> None:
        seen.append((name, value))
        if name == "a":
            container.append("b", "2")

    headers.for_each(callback)
    assert seen == [("a", "1"), ("b", "2"), ("c", "3")]


def test_from_raw_lower_cases_and_decodes_latin1() -> None:
    headers = Headers._from_raw([(b"Content-Type", b"text/plain"), (b"X-A", b"caf\xe9")])
    assert headers._list == [("content-type", "text/plain"), ("x-a", "caf\xe9")]
    assert headers._raw() == [(b"content-type", b"text/plain"), (b"x-a", b"caf\xe9")]
    assert headers._guard == "none"


def test_from_raw_with_a_guard() -> None:
    headers = Headers._from_raw([(b"a", b"1")], guard="immutable")
    with pytest.raises(TypeError):
        headers.append("b", "2")


def test_from_raw_normalizes_untrimmed_values() -> None:
    headers = Headers._from_raw([(b"a", b" 1\t"), (b"b", b"2")])
    assert headers._list == [("a", "1"), ("b", "2")]


def test_from_raw_rejects_a_value_with_cr_on_first_use() -> None:
    headers = Headers._from_raw([(b"a", b"1\r2")])
    with pytest.raises(TypeError, match="CR, LF or NUL"):
        headers.get("a")


def test_from_raw_reads_a_generator_once() -> None:
    headers = Headers._from_raw(pair for pair in [(b"a", b"1"), (b"a", b"2")])
    assert headers.get("a") == "1, 2"
    assert headers.get("a") == "1, 2"


raw_names = st.one_of(
    st.sampled_from([b"Host", b"content-type", b"X-A", b"set-cookie", b"a"]),
    st.binary(max_size=4),
)
raw_values = st.one_of(
    st.binary(max_size=8),
    st.sampled_from([b"", b" x", b"x ", b"\tx", b"x\t", b"a b", b"\xff", b"a\nb", b"\x0b"]),
)


@given(st.lists(st.tuples(raw_names, raw_values), max_size=8))
def test_from_raw_fast_path_agrees_with_the_slow_path(raw: list[tuple[bytes, bytes]]) -> None:
    try:
        expected: Any = list(_slow_list_from_raw(raw))
    except TypeError:
        expected = TypeError
    try:
        actual: Any = list(_list_from_raw(raw))
    except TypeError:
        actual = TypeError
    assert actual == expected


@given(st.lists(st.tuples(raw_names, raw_values), max_size=8))
def test_from_raw_agrees_with_appending_each_pair(raw: list[tuple[bytes, bytes]]) -> None:
    appended = Headers()
    try:
        for name, value in raw:
            appended.append(name, value)
    except TypeError:
        with pytest.raises(TypeError):
            list(Headers._from_raw(raw))
        return
    from_raw = Headers._from_raw(raw)
    assert from_raw._list == appended._list
    assert list(from_raw) == list(appended)
    assert Headers._from_raw(from_raw._raw())._list == appended._list


def test_fill_into_request_no_cors_headers_applies_the_safelist() -> None:
    headers = Headers()
    headers._guard = "request-no-cors"
    headers._fill([("Accept", "*/*"), ("X-Custom", "1")])
    assert list(headers) == [("accept", "*/*")]


def test_fill_into_immutable_headers_raises() -> None:
    headers = Headers()
    headers._guard = "immutable"
    with pytest.raises(TypeError, match="immutable"):
        headers._fill([("a", "1")])


def test_fill_fast_path_agrees_with_appending() -> None:
    pairs = [("B", " 1 "), ("a", "caf\xe9"), ("b", "2"), ("set-cookie", "x"), ("set-cookie", "y")]
    appended = Headers()
    for name, value in pairs:
        appended.append(name, value)
    assert Headers(pairs)._list == appended._list
    assert Headers(dict(pairs))._list == Headers(list(dict(pairs).items()))._list


pair_names = st.one_of(
    st.sampled_from(["Content-Type", "content-type", "X-A", "set-cookie", "a", ""]),
    st.text(alphabet="aZ-_ :\x00é\u0100\n", max_size=4),
    st.binary(max_size=3),
)
pair_values = st.one_of(
    st.text(alphabet="ab ,;\t\r\n\x00\x0b\x85\xa0é\u0100", max_size=6),
    st.binary(max_size=3),
)


@given(
    st.lists(
        st.one_of(
            st.tuples(pair_names, pair_values),
            st.lists(pair_names, min_size=1, max_size=3),
        ),
        max_size=6,
    )
)
def test_fill_from_pairs_agrees_with_appending_each_pair(pairs: list[Any]) -> None:
    appended = Headers()
    try:
        for pair in pairs:
            if len(pair) != 2:
                raise TypeError("not a pair")
            appended.append(pair[0], pair[1])
    except TypeError:
        with pytest.raises(TypeError):
            Headers(pairs)
        return
    assert Headers(pairs)._list == appended._list


mutation_names = st.sampled_from(["a", "b", "c", "set-cookie", "m", "z"])
mutations = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["append", "set"]), mutation_names, st.sampled_from(["1", "2"])),
        st.tuples(st.just("delete"), mutation_names, st.none()),
        st.tuples(st.just("next"), st.none(), st.none()),
    ),
    max_size=25,
)


@given(st.lists(st.tuples(mutation_names, st.sampled_from(["x", "y"])), max_size=6), mutations)
def test_iterator_fast_path_agrees_with_the_web_idl_iterator(
    init: list[tuple[str, str]], steps: list[tuple[str, Any, Any]]
) -> None:
    fast_headers, reference_headers = Headers(init), Headers(init)
    fast, reference = iter(fast_headers), reference_headers._iterate_reference()
    keys = fast_headers.keys()
    reference_keys = reference_headers._iterate_reference()
    for op, name, value in steps:
        if op == "next":
            assert next(fast, None) == next(reference, None)
            reference_pair = next(reference_keys, None)
            assert next(keys, None) == (reference_pair and reference_pair[0])
            continue
        for headers in (fast_headers, reference_headers):
            if op == "delete":
                headers.delete(name)
            else:
                getattr(headers, op)(name, value)
    assert list(fast) == list(reference)
    assert list(fast_headers) == list(reference_headers._iterate_reference())


def test_from_raw_copies_the_servers_list() -> None:
    raw = [(b"a", b"1")]
    headers = Headers._from_raw(raw)
    raw.append((b"b", b"2"))
    assert list(headers) == [("a", "1")]


lookup_names = st.sampled_from(["host", "Content-Type", "x-a", "set-cookie", "A", "absent"])


@given(st.lists(st.tuples(raw_names, raw_values), max_size=8), st.lists(lookup_names, max_size=4))
def test_get_and_has_before_the_list_is_built_agree_with_the_built_list(
    raw: list[tuple[bytes, bytes]], names: list[str]
) -> None:
    try:
        built = Headers._from_raw(raw)
        list(built)  # builds the header list
        built_results = [(built.get(n), built.has(n)) for n in names]
    except TypeError:
        return  # the built list rejects this input; `get` may have been lenient
    pending = Headers._from_raw(raw)
    assert [(pending.get(n), pending.has(n)) for n in names] == built_results
    assert pending._list == built._list  # building it later gives the same list


def test_pending_get_does_not_build_the_list() -> None:
    headers = Headers._from_raw([(b"content-type", b" text/plain "), (b"host", b"x")])
    assert headers.get("Content-Type") == "text/plain"
    assert headers.has("HOST")
    assert headers.get("absent") is None
    assert headers._pending_raw is not None
    headers.append("x-a", "1")  # any other operation builds it
    assert headers._pending_raw is None
    assert headers._list == [("content-type", "text/plain"), ("host", "x"), ("x-a", "1")]


def test_pending_get_validates_the_value_it_returns() -> None:
    headers = Headers._from_raw([(b"a", b"1\x002"), (b"b", b"2")])
    assert headers.get("b") == "2"
    with pytest.raises(TypeError, match="CR, LF or NUL"):
        headers.get("a")


def test_pending_raw_with_repeated_names_builds_the_list() -> None:
    headers = Headers._from_raw([(b"A", b"1"), (b"a", b"2")])
    assert headers.get("a") == "1, 2"
    assert headers._pending_raw is None


def test_a_failed_build_keeps_failing_with_type_error() -> None:
    headers = Headers._from_raw([(b"a b", b"1")])
    for _ in range(2):
        with pytest.raises(TypeError):
            list(headers)


@given(st.dictionaries(pair_names, pair_values, max_size=6))
def test_init_from_a_dict_agrees_with_appending_each_item(record: dict[Any, Any]) -> None:
    appended = Headers()
    try:
        for name, value in record.items():
            appended.append(name, value)
    except TypeError:
        with pytest.raises(TypeError):
            Headers(record)
        return
    assert Headers(record)._list == appended._list


cache_steps = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["append", "set"]), mutation_names, st.sampled_from(["1", "2"])),
        st.tuples(st.sampled_from(["delete", "get", "iterate"]), mutation_names, st.none()),
    ),
    max_size=25,
)


@given(st.lists(st.tuples(mutation_names, st.sampled_from(["x", "y"])), max_size=6), cache_steps)
def test_incremental_cache_updates_agree_with_rebuilding_the_views(
    init: list[tuple[str, str]], steps: list[tuple[str, Any, Any]]
) -> None:
    # `append`/`set` update the cached combined view in place; the reference
    # rebuilds it from the header list after every step (the slow path).
    headers = Headers(init)
    for op, name, value in steps:
        if op == "get":
            headers.get(name)  # builds the cached views, so later steps update them
        elif op == "iterate":
            list(headers)
        elif op == "delete":
            headers.delete(name)
        else:
            getattr(headers, op)(name, value)
        header_list = headers._list
        rebuilt = Headers(list(header_list))._list
        assert header_list.combined() == rebuilt.combined()
        assert header_list.sorted_and_combined() == rebuilt.sorted_and_combined()
        assert [headers.get(n) for n in ["a", "b", "c", "set-cookie", "m", "z"]] == [
            rebuilt.combined().get(n) for n in ["a", "b", "c", "set-cookie", "m", "z"]
        ]


@given(
    st.lists(st.tuples(mutation_names, st.sampled_from(["x", "y"])), max_size=6),
    mutation_names,
    st.sampled_from(["1", " 2 "]),
)
def test_set_fast_path_agrees_with_the_fetch_set_algorithm(
    init: list[tuple[str, str]], name: str, value: str
) -> None:
    headers = Headers(init)
    headers.set(name, value)
    # Fetch §2.2 "set", literally: replace the first, remove the rest, else append.
    expected = list(init)
    names = [n for n, _ in expected]
    if name in names:
        first = names.index(name)
        expected = [p for i, p in enumerate(expected) if p[0] != name or i == first]
        expected[first] = (name, value.strip())
    else:
        expected.append((name, value.strip()))
    assert headers._list == expected


@given(st.lists(pair_values, max_size=4))
def test_value_cache_agrees_with_the_value_checks(values: list[Any]) -> None:
    from webstd.fetch.headers import _header_value

    for value in values * 2:  # the second round reads what the first remembered
        try:
            expected: Any = _header_value(value, "Headers.append")
        except TypeError:
            expected = TypeError
        for operation in ("append", "set"):
            headers = Headers()
            try:
                getattr(headers, operation)("x", value)
                actual: Any = headers.get("x")
            except TypeError:
                actual = TypeError
            assert actual == expected


record_names = st.sampled_from(["a", "A", "bb", "BB", "cc", "set-cookie", "mm", "z"])
record_steps = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["append", "set"]), record_names, st.sampled_from(["1", " 2"])),
        st.tuples(st.sampled_from(["delete", "get", "has"]), record_names, st.none()),
    ),
    max_size=20,
)


@given(
    st.dictionaries(
        st.sampled_from(["A", "bb", "Cc", "set-cookie", "mm"]), st.sampled_from(["x", "y"])
    ),
    record_steps,
)
def test_record_fast_path_agrees_with_the_header_list(
    init: dict[str, str], steps: list[tuple[str, Any, Any]]
) -> None:
    # `Headers(init)` with distinct names keeps a dict until the list is needed;
    # the reference builds its list at once (reading `_list`) and works on that.
    Headers(init)  # learns the names, so the next Headers(init) takes the record path
    fast, reference = Headers(init), Headers(init)
    assert (fast._record is not None) == bool(init)
    _ = reference._list
    for op, name, value in steps:
        results = []
        for headers in (fast, reference):
            if op in ("append", "set"):
                getattr(headers, op)(name, value)
            elif op == "delete":
                headers.delete(name)
            results.append(getattr(headers, op)(name) if op in ("get", "has") else None)
        assert results[0] == results[1]
    assert fast._list == reference._list
    assert list(fast) == list(reference)


# --- fast paths of _raw(), Response.json's header record, sort-and-combine, pending gets ----


@given(st.lists(st.tuples(pair_names, pair_values), max_size=6))
def test_raw_of_a_record_agrees_with_raw_of_the_built_list(pairs: list[Any]) -> None:
    try:
        headers = Headers(pairs)
    except TypeError:
        return
    wire = headers._raw()  # from the record while it stands for the list
    assert wire == [(n.encode("latin-1"), v.encode("latin-1")) for n, v in headers._list]
    assert headers._raw() == wire


def test_headers_with_a_record_behave_as_built_ones() -> None:
    headers = Headers._with_record({"content-type": "application/json"}, "response")
    assert headers._raw() == [(b"content-type", b"application/json")]
    assert "Content-Type" in headers and headers.get("content-type") == "application/json"
    headers.append("Content-Type", "text/plain")
    assert list(headers) == [("content-type", "application/json, text/plain")]
    immutable = Headers._with_record({"a": "1"}, "immutable")
    with pytest.raises(TypeError, match="immutable"):
        immutable.set("a", "2")


def _reference_sort_and_combine(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # Fetch §2.2 "sort and combine", literally.
    out: list[tuple[str, str]] = []
    for name in sorted({name for name, _ in pairs}):
        if name == "set-cookie":
            out.extend(p for p in pairs if p[0] == name)
        else:
            out.append((name, ", ".join(v for n, v in pairs if n == name)))
    return out


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "set-cookie", "x-y", "c"]), st.text("xy ", max_size=3)
        ),
        max_size=8,
    )
)
def test_sort_and_combine_agrees_with_the_standard(pairs: list[tuple[str, str]]) -> None:
    pairs = [(n, v.strip(" ")) for n, v in pairs]
    headers = Headers()
    for name, value in pairs:
        headers.append(name, value)
    assert list(headers) == _reference_sort_and_combine(pairs)
    assert list(Headers._from_raw([(n.encode(), v.encode()) for n, v in pairs])) == list(headers)


def test_pending_get_with_a_name_in_two_cases_combines_them() -> None:
    raw = [(b"content-type", b"a"), (b"x", b"1"), (b"Content-Type", b"b")]
    headers = Headers._from_raw(raw)
    assert headers.get("content-type") == "a, b"
    assert headers.has("X")


def test_pending_get_with_an_invalid_name_elsewhere_raises() -> None:
    headers = Headers._from_raw([(b"host", b"x"), (b"bad name", b"1")])
    with pytest.raises(TypeError, match="bad name"):
        headers.get("host")


def test_pending_get_with_non_bytes_raw_names_agrees_with_the_list() -> None:
    raw: Any = [("host", b"x"), (memoryview(b"accept"), b"*/*")]
    assert Headers._from_raw(raw).get("Host") == "x"
    assert Headers._from_raw(raw).get("accept") == "*/*"


@pytest.mark.parametrize("init", [["ab"], [("Content-Type", "x"), "ab"], [b"ab"], ("ab", "cd")])
def test_a_pair_given_as_a_string_is_rejected_even_with_its_letters_cached(init: Any) -> None:
    Headers([("a", "1"), ("c", "2"), ("Content-Type", "x")])  # one-character names seen before
    with pytest.raises(TypeError, match="pair"):
        Headers(init)


def test_a_pair_given_as_another_iterable_agrees_with_the_slow_path() -> None:
    Headers([("ab", "1"), ("cd", "2")])
    assert list(Headers([{"ab": 0, "cd": 1}])) == [("ab", "cd")]
    assert list(Headers([["ab", "x"]])) == [("ab", "x")]
    # One-shot pairs next to a name no cache knows yet: each pair is read exactly once.
    pairs = [iter(("ab", "1")), ("x-never-seen-before", "2"), iter(("cd", "3"))]
    assert list(Headers(pairs)) == [("ab", "1"), ("cd", "3"), ("x-never-seen-before", "2")]


# --- value checks by one-character search, and the no-space-or-tab shortcut ----------
# `_list_from_raw` and the str fast paths join the values without a separator and search
# it for NUL, CR and LF (one character each), and only strip each value when the values
# hold a space or tab: other whitespace at an edge (VT, FF, NEL, NBSP) is not HTTP
# whitespace, so Fetch keeps it, and the fast paths must keep it too.

_EDGE_BYTES = [b"a", b" ", b"\t", b"\x0b", b"\x0c", b"\x1c", b"\x85", b"\xa0", b"\xff"]
raw_edge_values = st.lists(st.sampled_from([*_EDGE_BYTES, b"\x00", b"\r", b"\n"]), max_size=5).map(
    b"".join
)
raw_edge_names = st.sampled_from([b"host", b"Host", b"x-a", b"X-A", b"set-cookie", b"a b", b""])


@given(st.lists(st.tuples(raw_edge_names, raw_edge_values), min_size=1, max_size=6))
def test_raw_value_searches_agree_with_the_slow_path(raw: list[tuple[bytes, bytes]]) -> None:
    try:
        expected: Any = list(_slow_list_from_raw(raw))
    except TypeError:
        expected = TypeError
    try:
        actual: Any = list(_list_from_raw(raw))
    except TypeError:
        actual = TypeError
    assert actual == expected


def test_raw_values_with_other_edge_whitespace_stay_on_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from webstd.fetch import headers as module

    raw = [(b"a", b"\x0bx\x0c"), (b"B", b"\xa0"), (b"c", b"")]
    expected = [("a", "\x0bx\x0c"), ("b", "\xa0"), ("c", "")]
    assert list(_slow_list_from_raw(raw)) == expected
    _list_from_raw(raw)  # learns the names

    def fail(raw: object) -> object:
        raise AssertionError("took the slow path")

    monkeypatch.setattr(module, "_slow_list_from_raw", fail)
    assert list(_list_from_raw(raw)) == expected  # no strip() ran: no space or tab
    with pytest.raises(AssertionError, match="slow path"):
        _list_from_raw([(b"a", b"x "), (b"b", b"\x0b")])  # a space: strip() sees the edge


str_edge_values = st.lists(
    st.sampled_from(
        ["a", " ", "\t", "\x0b", "\x1c", "\x85", "\xa0", "\xe9", "\u0100", "\x00", "\r", "\n"]
    ),
    max_size=5,
).map("".join)


def _is_normal(value: str) -> bool:
    from webstd.fetch.headers import _header_value

    try:
        return _header_value(value, "test") == value
    except TypeError:
        return False


@given(st.lists(str_edge_values, min_size=1, max_size=5))
def test_str_value_checks_accept_only_normal_values(values: list[str]) -> None:
    from webstd.fetch import headers as module

    module._PLAIN_VALUES.clear()  # check the values, not the memory of them
    checked = module._checked_values(values)
    normal = all(map(_is_normal, values))
    if checked:
        assert normal
    else:
        # Rejected: not normal, or (conservatively) str.strip() would change a value
        # that has a space or tab somewhere; the slow path then decides.
        joined = "".join(values)
        assert not normal or (
            any(v.strip() != v for v in values) and (" " in joined or "\t" in joined)
        )


@given(
    st.lists(
        st.tuples(st.sampled_from(["Host", "x-a", "Set-Cookie"]), str_edge_values),
        min_size=1,
        max_size=5,
    )
)
def test_record_and_list_fast_paths_agree_with_appending_for_edge_values(
    pairs: list[tuple[str, str]],
) -> None:
    from webstd.fetch import headers as module

    Headers([("Host", "h"), ("x-a", "1"), ("Set-Cookie", "c")])  # the names are known
    appended = Headers()
    try:
        for name, value in pairs:
            appended.append(name, value)
    except TypeError:
        module._PLAIN_VALUES.clear()
        with pytest.raises(TypeError):
            Headers(pairs)
        return
    module._PLAIN_VALUES.clear()
    headers = Headers(pairs)
    assert headers._list == appended._list
    assert list(headers) == list(appended)


def test_record_fast_path_keeps_edge_whitespace_that_is_not_http_whitespace() -> None:
    from webstd.fetch import headers as module

    Headers([("Host", "h"), ("x-a", "1")])
    module._PLAIN_VALUES.clear()
    headers = Headers([("Host", "\x0bh\xa0"), ("x-a", "\x85")])
    assert headers._record == {"host": "\x0bh\xa0", "x-a": "\x85"}  # the record path ran
    module._PLAIN_VALUES.clear()
    assert Headers([("Host", "a b "), ("x-a", "1")])._record is None  # left to the slow path


def test_pairs_that_are_tuple_subclasses_or_lists_agree_with_appending() -> None:
    from collections import namedtuple

    pair = namedtuple("pair", "name value")
    Headers([("Content-Type", "x"), ("a", "1"), ("b", "2")])  # the names are known
    pairs: Any = [pair("Content-Type", "x"), ("a", "1"), ["b", " 2 "]]
    expected = [("content-type", "x"), ("a", "1"), ("b", "2")]
    assert Headers(pairs)._list == expected
    assert Headers(tuple(pairs))._list == expected
