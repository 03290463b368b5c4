"""The buffered spooling fast path of multipart `form_data()` against the general path.

Spooled file parts reach their temporary file through one reused write buffer
(`_SPOOL_WRITE_SIZE` bytes, written when full); with `_SPOOL_WRITE_SIZE = 0` every
chunk is written as it comes (the general path). Both must give the same entries,
the same bytes, the same spooling decisions and the same limit errors.
"""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webstd import File, Request
from webstd.fetch import form_data as form_data_module
from webstd.fetch.form_data import FormDataLimitError, FormDataLimits, parse_multipart
from webstd.streams.readable import ReadableStream

BOUNDARY = "speedPathBoundary"

Part = tuple[str, "str | None", bytes]


def _body(parts: list[Part]) -> bytes:
    return (
        b"".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"'.encode()
            + (f'; filename="{filename}"'.encode() if filename is not None else b"")
            + b"\r\n\r\n"
            + data
            + b"\r\n"
            for name, filename, data in parts
        )
        + f"--{BOUNDARY}--\r\n".encode()
    )


async def _chunks(body: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


async def _parse(body: bytes, chunk_size: int, limits: FormDataLimits) -> list[Any] | str:
    """What parsing gives, comparably: entries with file bytes, or the error raised."""
    try:
        form = await parse_multipart(_chunks(body, chunk_size), BOUNDARY, limits)
    except TypeError as error:
        return f"{type(error).__name__}: {error}"
    result: list[Any] = []
    for name, value in form:
        if isinstance(value, File):
            data = await value.bytes()
            result.append((name, value.name, value.type, value.size, data, value._is_on_disk()))
        else:
            result.append((name, value))
    return result


def _both(
    monkeypatch: pytest.MonkeyPatch, body: bytes, chunk: int, limits: FormDataLimits, size: int
) -> tuple[list[Any] | str, list[Any] | str]:
    """(general path, buffered path with a `size`-byte write buffer)."""
    with monkeypatch.context() as patch:
        patch.setattr(form_data_module, "_SPOOL_WRITE_SIZE", 0)
        general = asyncio.run(_parse(body, chunk, limits))
    with monkeypatch.context() as patch:
        patch.setattr(form_data_module, "_SPOOL_WRITE_SIZE", size)
        buffered = asyncio.run(_parse(body, chunk, limits))
    return general, buffered


_parts = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "file"]),
        st.sampled_from([None, "x.bin", ""]),
        st.integers(0, 5000).map(lambda n: bytes(i * 7 % 251 for i in range(n))),
    ),
    max_size=5,
)


@given(
    parts=_parts,
    chunk=st.integers(1, 4096),
    size=st.integers(1, 3000),
    spool_max_size=st.integers(0, 2000),
    max_file_size=st.sampled_from([float("inf"), 100, 2500, 4000]),
    max_disk_size=st.sampled_from([float("inf"), 0, 1000, 6000]),
    max_memory_size=st.sampled_from([16 << 20, 500, 3000]),
)
def test_buffered_spooling_matches_the_general_path(
    parts: list[Part],
    chunk: int,
    size: int,
    spool_max_size: int,
    max_file_size: float,
    max_disk_size: float,
    max_memory_size: int,
) -> None:
    limits = FormDataLimits(
        spool_max_size=spool_max_size,
        max_file_size=max_file_size,
        max_disk_size=max_disk_size,
        max_memory_size=max_memory_size,
    )
    monkeypatch = pytest.MonkeyPatch()
    try:
        general, buffered = _both(monkeypatch, _body(parts), chunk, limits, size)
    finally:
        monkeypatch.undo()
    assert buffered == general
    if not isinstance(general, str):
        expected = [(name, filename, data) for name, filename, data in parts]
        got = [
            (entry[0], entry[1], entry[4]) if len(entry) > 2 else (entry[0], None, entry[1])
            for entry in general
        ]
        assert got == [
            (name, filename, data if filename is not None else data.decode("utf-8", "replace"))
            for name, filename, data in expected
        ]


@pytest.mark.parametrize("size", [1, 4096, 65536, 1 << 20])
@pytest.mark.parametrize("chunk", [1000, 65536, 200_000])
def test_big_file_parts_round_trip_through_the_buffer(
    monkeypatch: pytest.MonkeyPatch, size: int, chunk: int
) -> None:
    first = bytes(range(256)) * 9000  # ~2.2 MiB: spooled at the default 1 MiB threshold
    second = b"second part " * 1000  # shorter: must not see the first part's bytes
    parts: list[Part] = [("f", "one.bin", first), ("t", None, b"text"), ("g", "two.bin", second)]
    general, buffered = _both(monkeypatch, _body(parts), chunk, FormDataLimits(), size)
    assert buffered == general
    assert isinstance(buffered, list)
    assert buffered[0] == ("f", "one.bin", "text/plain", len(first), first, True)
    assert buffered[1] == ("t", "text")
    assert buffered[2][4] == second


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"max_file_size": 2 << 20}, "file 'f' is larger than 2097152 bytes"),
        ({"max_disk_size": 1_500_000}, "exceed 1500000 bytes on disk"),
        ({"spool_max_size": 10, "max_disk_size": 3 << 20}, "exceed 3145728 bytes on disk"),
        ({"max_parts": 2}, "segment"),
    ],
)
def test_limits_fail_alike_past_the_buffer(
    monkeypatch: pytest.MonkeyPatch, overrides: dict[str, Any], message: str
) -> None:
    big = bytes(range(256)) * 12_000  # ~2.9 MiB, several buffers' worth
    parts: list[Part] = [("a", None, b"1"), ("f", "f.bin", big), ("g", "g.bin", big)]
    opened: list[io.FileIO] = []
    real_spool_file = form_data_module._spool_file

    def recording_spool_file() -> io.FileIO:
        opened.append(real_spool_file())
        return opened[-1]

    monkeypatch.setattr(form_data_module, "_spool_file", recording_spool_file)
    general, buffered = _both(
        monkeypatch, _body(parts), 65536, FormDataLimits(**overrides), 1 << 20
    )
    assert isinstance(general, str) and general.startswith("FormDataLimitError")
    assert message in general
    assert buffered == general
    assert opened and all(file.closed for file in opened)  # closed at the error, not by GC


async def test_limit_error_closes_the_part_being_spooled(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[io.FileIO] = []
    real_spool_file = form_data_module._spool_file

    def recording_spool_file() -> io.FileIO:
        opened.append(real_spool_file())
        return opened[-1]

    monkeypatch.setattr(form_data_module, "_spool_file", recording_spool_file)
    body = _body([("f", "f.bin", b"x" * 5000)])
    with pytest.raises(FormDataLimitError, match="larger than 4000"):
        await parse_multipart(
            _chunks(body, 512), BOUNDARY, FormDataLimits(spool_max_size=100, max_file_size=4000)
        )
    assert len(opened) == 1 and opened[0].closed


class _ShortWrites(io.RawIOBase):
    """A seekable file that writes at most 1000 bytes per call."""

    def __init__(self) -> None:
        self._data = io.BytesIO()

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        return self._data.write(bytes(memoryview(chunk)[:1000]))

    def readinto(self, buffer: Any) -> int:
        return self._data.readinto(buffer)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._data.seek(offset, whence)

    def tell(self) -> int:
        return self._data.tell()


async def test_buffered_flushes_survive_short_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(form_data_module, "_spool_file", _ShortWrites)
    monkeypatch.setattr(form_data_module, "_SPOOL_WRITE_SIZE", 4096)
    data = bytes(range(256)) * 100
    body = _body([("f", "f.bin", data)])
    form = await parse_multipart(_chunks(body, 3000), BOUNDARY, FormDataLimits(spool_max_size=10))
    file = form.get("f")
    assert isinstance(file, File) and await file.bytes() == data


def _bench_like_chunks(file_size: int) -> Iterator[bytes]:
    head = _body([(f"field{i}", None, f"value number {i}".encode()) for i in range(5)])
    head = head[: -len(f"--{BOUNDARY}--\r\n")]
    head += (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="upload"; '
        'filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    body = head + bytes(range(256)) * (file_size // 256) + f"\r\n--{BOUNDARY}--\r\n".encode()
    for start in range(0, len(body), 65536):
        yield body[start : start + 65536]


async def test_request_form_data_of_a_streamed_upload_spools_it_whole() -> None:
    request = Request._from_server(
        "POST",
        "http://localhost/upload",
        [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())],
        ReadableStream.from_(_bench_like_chunks(3 << 20)),
        None,
    )
    form = await request.form_data()
    upload = form.get("upload")
    assert isinstance(upload, File) and upload._is_on_disk()
    assert upload.type == "application/octet-stream" and upload.name == "big.bin"
    assert await upload.bytes() == bytes(range(256)) * ((3 << 20) // 256)
    assert [form.get(f"field{i}") for i in range(5)] == [f"value number {i}" for i in range(5)]


@pytest.mark.parametrize("how", ["unnamed", "named", "unsupported"])
def test_spool_files_with_and_without_o_tmpfile(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    if how != "unnamed":
        # "unsupported": an open() that fails as on a file system without O_TMPFILE.
        flag = 0 if how == "named" else getattr(os, "O_DIRECTORY", 0)
        monkeypatch.setattr(form_data_module, "_O_TMPFILE", flag)
    data = bytes(range(256)) * 50
    body = _body([("f", "f.bin", data), ("g", "g.bin", data[::-1])])
    form = asyncio.run(
        parse_multipart(_chunks(body, 999), BOUNDARY, FormDataLimits(spool_max_size=10))
    )
    files = [form.get("f"), form.get("g")]
    assert all(isinstance(file, File) and file._is_on_disk() for file in files)
    assert [asyncio.run(file.bytes()) for file in files if isinstance(file, File)] == [
        data,
        data[::-1],
    ]
    if how == "unsupported" and os.name == "posix":
        assert form_data_module._O_TMPFILE == 0  # tried once, then mkstemp from then on
