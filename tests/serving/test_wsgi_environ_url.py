"""to_wsgi remembers the URLs of recent request-targets: the memo must be invisible and bounded."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from webstd.adapters import wsgi
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
    for number in range(wsgi._MAX_URLS + 100):
        environ = _environ("http", "example.com", f"/n{number}", "", "")
        assert _environ_url(environ) == f"http://example.com/n{number}"
    assert len(wsgi._urls) <= wsgi._MAX_URLS
    wsgi._urls.clear()
    long_target = "/" + "x" * wsgi._MAX_CACHED_LENGTH
    assert _environ_url(_environ("http", "example.com", long_target, "", "")) == (
        "http://example.com" + long_target
    )
    assert not wsgi._urls


def test_an_invalid_host_is_remembered_as_invalid() -> None:
    environ = _environ("http", "exa mple.com", "/", "", "")
    assert _environ_url(environ) is None
    assert _environ_url(dict(environ)) is None
