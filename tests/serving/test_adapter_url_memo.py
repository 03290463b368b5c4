"""to_wsgi and to_asgi remember the URLs of recent request-targets: the memo must be invisible and bounded."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from webstd.adapters import _common
from webstd.adapters.asgi import _make_scope_url, _scope_url
from webstd.adapters.wsgi import _environ_url, _make_environ_url

_PATH_TEXT = st.lists(
    st.sampled_from([*"abc/%20é.~;=&", "%2e", "%41", "\xff", "\x80", "/.."]), max_size=8
).map("".join)


def _environ(scheme: str, host: str, raw_uri: str, script_name: str, query: str) -> dict[str, Any]:
    return {
        "wsgi.url_scheme": scheme,
        "HTTP_HOST": host,
        "RAW_URI": raw_uri,
        "SCRIPT_NAME": script_name,
        "PATH_INFO": "/ignored-when-raw-uri-is-given",
        "QUERY_STRING": query,
        "SERVER_NAME": "server.invalid",
        "SERVER_PORT": "80",
    }


def _fresh(environ: dict[str, Any]) -> str | None:
    return _make_environ_url(
        environ, environ["wsgi.url_scheme"], environ["HTTP_HOST"], environ["RAW_URI"]
    )


@settings(max_examples=300)
@given(
    scheme=st.sampled_from(["http", "https"]),
    host=st.sampled_from(["example.com", "127.0.0.1:8000", "EXAMPLE.com:443", "a b", "[::1]:80"]),
    path=_PATH_TEXT,
    script_name=st.sampled_from(["", "/app", "/é"]),
    query=_PATH_TEXT,
)
def test_remembered_url_is_the_url_made_afresh(
    scheme: str, host: str, path: str, script_name: str, query: str
) -> None:
    raw_uri = "/" + path + ("?" + query if query else "")
    environ = _environ(scheme, host, raw_uri, script_name, query)
    first = _environ_url(environ)
    second = _environ_url(dict(environ))  # from the memo when it was remembered
    assert first == second == _fresh(environ)


def test_each_part_of_the_key_changes_the_url() -> None:
    base = ("http", "example.com", "/a?x=1", "", "x=1")
    seen = {_environ_url(_environ(*base))}
    for index, other in enumerate(["https", "example.org", "/b?x=1", "/app", "x=2"]):
        parts = list(base)
        parts[index] = other
        environ = _environ(*parts)
        url = _environ_url(environ)
        assert url == _fresh(environ)
        assert url not in seen, (index, url)
        seen.add(url)


def test_the_memo_stays_bounded_and_skips_long_targets() -> None:
    for number in range(_common.URL_MEMO_SIZE + 100):
        environ = _environ("http", "example.com", f"/n{number}", "", "")
        assert _environ_url(environ) == f"http://example.com/n{number}"
        scope = _scope("http", b"example.com", f"/s{number}".encode(), b"", "")
        assert _scope_url(scope) == f"http://example.com/s{number}"
    assert len(_common.URL_MEMO) <= _common.URL_MEMO_SIZE
    _common.URL_MEMO.clear()
    long_target = "/" + "x" * _common.URL_MEMO_MAX_LENGTH
    assert _environ_url(_environ("http", "example.com", long_target, "", "")) == (
        "http://example.com" + long_target
    )
    long_query = b"q=" + b"x" * _common.URL_MEMO_MAX_LENGTH
    assert _scope_url(_scope("http", b"example.com", b"/", long_query, "")) == (
        "http://example.com/?" + long_query.decode()
    )
    assert not _common.URL_MEMO


def test_an_invalid_host_is_remembered_as_invalid() -> None:
    environ = _environ("http", "exa mple.com", "/", "", "")
    assert _environ_url(environ) is None
    assert _environ_url(dict(environ)) is None


def _scope(
    scheme: str, host: bytes, raw_path: bytes, query: bytes, root_path: str
) -> dict[str, Any]:
    return {
        "type": "http",
        "scheme": scheme,
        "headers": [(b"user-agent", b"t"), (b"host", host)],
        "path": "/ignored-when-raw-path-is-given",
        "raw_path": raw_path,
        "query_string": query,
        "root_path": root_path,
        "server": ("server.invalid", 80),
    }


def _fresh_scope_url(scope: dict[str, Any]) -> str | None:
    return _make_scope_url(
        scope, scope["scheme"], scope["headers"][1][1], scope["raw_path"], scope["query_string"]
    )


@settings(max_examples=300)
@given(
    scheme=st.sampled_from(["http", "https"]),
    host=st.sampled_from([b"example.com", b"127.0.0.1:8000", b"EXAMPLE.com:443", b"a b", b"[::1]"]),
    path=_PATH_TEXT,
    root_path=st.sampled_from(["", "/app", "/é"]),
    query=_PATH_TEXT,
)
def test_remembered_scope_url_is_the_url_made_afresh(
    scheme: str, host: bytes, path: str, root_path: str, query: str
) -> None:
    raw_path = ("/" + path).encode("utf-8")
    scope = _scope(scheme, host, raw_path, query.encode("utf-8"), root_path)
    first = _scope_url(scope)
    second = _scope_url(dict(scope))
    assert first == second == _fresh_scope_url(scope)


def test_each_part_of_the_scope_key_changes_the_url() -> None:
    base: list[Any] = ["http", b"example.com", b"/a", b"x=1", ""]
    seen = {_scope_url(_scope(*base))}
    for index, other in enumerate(["https", b"example.org", b"/b", b"x=2", "/app"]):
        parts = list(base)
        parts[index] = other
        scope = _scope(*parts)
        url = _scope_url(scope)
        assert url == _fresh_scope_url(scope)
        assert url not in seen, (index, url)
        seen.add(url)


def test_a_bytearray_host_is_served_without_the_memo() -> None:
    scope = _scope("http", b"example.com", b"/z", b"", "")
    scope["headers"] = [(b"host", bytearray(b"example.com"))]
    assert _scope_url(scope) == "http://example.com/z"
