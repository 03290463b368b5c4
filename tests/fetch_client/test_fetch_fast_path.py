"""The fast path of pool.py agrees with h11 (the reference) on every response it accepts."""

from __future__ import annotations

import h11
from hypothesis import given
from hypothesis import strategies as st

from webstd.fetch.pool import DECLINE, FastResponse, parse_fast_response


def _h11_parse(data: bytes) -> tuple[int, bytes, list[tuple[bytes, bytes]], bytes] | None:
    """What h11 makes of `data` as the response to a GET (None if it is an error)."""
    conn = h11.Connection(h11.CLIENT)
    conn.send(h11.Request(method="GET", target="/", headers=[("host", "x")]))
    conn.send(h11.EndOfMessage())
    conn.receive_data(data)
    try:
        head = conn.next_event()
        body = b""
        while True:
            event = conn.next_event()
            if type(event) is h11.Data:
                body += event.data
            elif type(event) is h11.EndOfMessage:
                break
            else:
                return None
    except h11.RemoteProtocolError:
        return None
    if type(head) is not h11.Response:
        return None
    assert conn.their_state is h11.DONE
    return head.status_code, head.reason, list(head.headers.raw_items()), body


def _fast(data: bytes) -> object:
    return parse_fast_response(bytearray(data), eof=False)


def _agree(data: bytes) -> None:
    fast = _fast(data)
    if fast is None or fast is DECLINE:
        return
    assert isinstance(fast, FastResponse)
    reference = _h11_parse(data)
    assert reference is not None, data
    assert (fast.status_code, fast.reason, fast.raw_headers, fast.body) == reference


def test_plain_response_is_taken() -> None:
    data = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi"
    result = _fast(data)
    assert isinstance(result, FastResponse)
    assert (result.status_code, result.reason, result.body) == (200, b"OK", b"hi")
    assert result.raw_headers == [(b"Content-Type", b"text/plain"), (b"Content-Length", b"2")]
    _agree(data)


def test_incomplete_input_waits() -> None:
    assert _fast(b"HTTP/1.1 200 OK\r\nContent-Len") is None
    assert _fast(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab") is None


def test_incomplete_input_at_eof_is_declined() -> None:
    data = bytearray(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab")
    assert parse_fast_response(data, eof=True) is DECLINE


def test_unusual_responses_are_declined() -> None:
    for data in [
        b"HTTP/1.1 100 Continue\r\n\r\n",
        b"HTTP/1.1 204 No Content\r\n\r\n",
        b"HTTP/1.1 304 Not Modified\r\nContent-Length: 3\r\n\r\n",
        b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
        b"HTTP/1.1 200 OK\r\nContent-Length: +1\r\n\r\nx",
        b"HTTP/1.1 200 OK\r\nX: a\r\n  folded\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nextra",
        b"HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nX: a\x01b\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n",
    ]:
        assert _fast(data) is DECLINE, data


_token = st.text(alphabet="!#$%&'*+-.^_`|~abcXYZ019", min_size=1, max_size=8).map(str.encode)
# Mostly valid field values and reasons, with the edge bytes mixed in (HTAB, SP at the
# ends, obs-text, DEL, a C0 control).
_value = st.text(alphabet=" \t!aZ~:;aZ~\x80\xff\x7f\x01", max_size=12).map(
    lambda s: s.encode("latin-1")
)
_reason = st.text(alphabet=" \tOK!\x7f\x80\xff\x00", max_size=10).map(lambda s: s.encode("latin-1"))


@given(
    status=st.integers(100, 999),
    reason=_reason,
    fields=st.lists(st.tuples(_token, _value), max_size=5),
    body=st.binary(max_size=20),
    extra=st.sampled_from([b"", b"", b"", b"junk"]),
    framing=st.sampled_from(["length", "length", "length", "wrong-length", "chunked", "none"]),
)
def test_fast_path_agrees_with_h11(
    status: int,
    reason: bytes,
    fields: list[tuple[bytes, bytes]],
    body: bytes,
    extra: bytes,
    framing: str,
) -> None:
    head = b"HTTP/1.1 %d %s\r\n" % (status, reason)
    for name, value in fields:
        head += name + b": " + value + b"\r\n"
    if framing == "length":
        head += b"Content-Length: %d\r\n" % len(body)
    elif framing == "wrong-length":
        head += b"Content-Length: %d\r\n" % (len(body) + 1)
    elif framing == "chunked":
        head += b"Transfer-Encoding: chunked\r\n"
    _agree(head + b"\r\n" + body + extra)


@given(st.binary(max_size=200))
def test_fast_path_never_accepts_what_h11_rejects(data: bytes) -> None:
    _agree(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n" + data)
    _agree(data)
