"""File API Blob/File: disk-backed parts, slicing model, streaming — beyond the WPT ports."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webstd import Blob, DOMException, File
from webstd.file import STREAM_CHUNK_SIZE


def _slice_model(size: int, start: int | None, end: int | None) -> tuple[int, int]:
    # File API §3.3.1, written independently: the [from, to) range a slice covers.
    def relative(value: int | None, default: int) -> int:
        if value is None:
            return default
        return max(size + value, 0) if value < 0 else min(value, size)

    lo, hi = relative(start, 0), relative(end, size)
    return lo, max(hi, lo)


_parts = st.lists(st.one_of(st.binary(max_size=20), st.text(max_size=10)), max_size=6)
_index = st.one_of(st.none(), st.integers(min_value=-40, max_value=40))


@given(_parts, _index, _index)
async def test_slice_matches_the_standard_model(
    parts: list[bytes | str], start: int | None, end: int | None
) -> None:
    blob = Blob(parts)
    data = b"".join(p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p for p in parts)
    assert blob.size == len(data)
    lo, hi = _slice_model(len(data), start, end)
    sliced = blob.slice(start, end)
    assert sliced.size == hi - lo
    assert await sliced.bytes() == data[lo:hi]


@given(_parts, _index, _index, _index, _index)
async def test_slice_of_a_slice(
    parts: list[bytes | str], a: int | None, b: int | None, c: int | None, d: int | None
) -> None:
    blob = Blob(parts)
    data = await blob.bytes()
    lo, hi = _slice_model(len(data), a, b)
    inner = data[lo:hi]
    lo2, hi2 = _slice_model(len(inner), c, d)
    assert await blob.slice(a, b).slice(c, d).bytes() == inner[lo2:hi2]


def test_slice_clamps_floats_like_web_idl() -> None:
    blob = Blob(["abcdef"])
    assert blob.slice(1.5, 4.5).size == 2  # 2 .. 4 (round half to even)
    assert blob.slice(float("nan")).size == 6
    with pytest.raises(TypeError, match="start"):
        blob.slice("1")  # type: ignore[arg-type]


def test_blob_copies_mutable_buffers() -> None:
    data = bytearray(b"abc")
    blob = Blob([data])
    data[0] = ord("X")
    assert blob._read_all() == b"abc"


def test_lone_surrogates_in_str_parts_become_replacement_characters() -> None:
    assert Blob(["a\ud800b"])._read_all() == "a\ufffdb".encode()


@pytest.mark.parametrize("bad", [1, None, 2.0, object()])
def test_non_part_elements_raise_type_error_naming_the_index(bad: object) -> None:
    with pytest.raises(TypeError, match="part 1"):
        Blob(["ok", bad])  # type: ignore[list-item]


def test_a_single_str_or_bytes_is_not_a_parts_list() -> None:
    with pytest.raises(TypeError, match="wrap it in a list"):
        Blob("text")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="wrap it in a list"):
        Blob(b"bytes")


def test_file_defaults_last_modified_to_now() -> None:
    before = int(time.time() * 1000)
    file = File([], "x")
    after = int(time.time() * 1000)
    assert before <= file.last_modified <= after
    assert file.webkit_relative_path == ""


def test_file_name_is_a_usv_string() -> None:
    assert File([], "a\udc00.txt").name == "a\ufffd.txt"


def test_file_name_must_be_a_str() -> None:
    with pytest.raises(TypeError, match="name"):
        File([], None)  # type: ignore[arg-type]


# --- disk-backed parts ------------------------------------------------------------------------


@pytest.fixture
def spooled() -> Iterator[tempfile.SpooledTemporaryFile[bytes]]:
    with tempfile.SpooledTemporaryFile(max_size=1024) as file:
        file.write(bytes(range(256)) * 1024)  # 256 KiB: rolled over to disk
        file.seek(0)
        yield file


async def test_file_from_spooled_reads_lazily_and_keeps_the_position(
    spooled: tempfile.SpooledTemporaryFile[bytes],
) -> None:
    spooled.seek(17)
    file = File._from_spooled(spooled, "upload.bin", "Application/Octet-Stream")
    assert file.size == 256 * 1024
    assert file.name == "upload.bin"
    assert file.type == "application/octet-stream"
    assert file._is_on_disk()
    assert spooled.tell() == 17
    assert await file.slice(-3).bytes() == bytes([253, 254, 255])
    assert spooled.tell() == 17


async def test_in_memory_spooled_file_works_too() -> None:
    with tempfile.SpooledTemporaryFile(max_size=1 << 20) as small:
        small.write(b"hello world")
        file = File._from_spooled(small, "s.txt", "text/plain")
        assert not file._parts[0].source._rolled  # type: ignore[union-attr]
        assert await file.text() == "hello world"


async def test_slices_of_disk_backed_blobs_stay_disk_backed(
    spooled: tempfile.SpooledTemporaryFile[bytes],
) -> None:
    file = File._from_spooled(spooled, "upload.bin")
    sliced = Blob(["head", file.slice(1000, 3000), "tail"]).slice(2, -2)
    assert sliced._is_on_disk()
    expected = b"ad" + (bytes(range(256)) * 1024)[1000:3000] + b"ta"
    assert sliced._read_all() == expected
    assert await sliced.bytes() == expected


async def test_stream_reads_disk_parts_in_bounded_chunks(
    spooled: tempfile.SpooledTemporaryFile[bytes],
) -> None:
    file = File._from_spooled(spooled, "upload.bin")
    sizes = []
    total = bytearray()
    async for chunk in file.stream():
        sizes.append(len(chunk))
        total += chunk
    assert max(sizes) <= STREAM_CHUNK_SIZE
    assert len(sizes) >= 4
    assert bytes(total) == bytes(range(256)) * 1024


async def test_blob_from_a_path_is_read_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(b"0123456789")
    file = File._from_path(path, "text/plain")
    assert file.name == "data.txt"
    assert file.size == 10
    assert file.last_modified == os.stat(path).st_mtime_ns // 1_000_000
    assert await file.slice(2, 5).text() == "234"
    blob = Blob._from_path(str(path))
    assert await blob.bytes() == b"0123456789"


async def test_a_file_changed_on_disk_is_not_readable(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(b"0123456789")
    blob = Blob._from_path(path)
    path.write_bytes(b"something else entirely")
    with pytest.raises(DOMException) as info:
        await blob.bytes()
    assert info.value.name == "NotReadableError"


async def test_a_deleted_file_is_not_readable(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    path.write_bytes(b"x")
    blob = Blob._from_path(path)
    path.unlink()
    with pytest.raises(DOMException, match="NotReadableError"):
        await blob.text()


async def test_stream_cancel_stops_reading() -> None:
    stream = Blob([b"x" * (3 * STREAM_CHUNK_SIZE)]).stream()
    reader = stream.get_reader()
    first = await reader.read()
    assert len(first.value) == STREAM_CHUNK_SIZE
    await reader.cancel()
    assert (await reader.read()).done


@given(_parts)
async def test_stream_yields_exactly_the_bytes(parts: list[bytes | str]) -> None:
    blob = Blob(parts)
    chunks = [bytes(chunk) async for chunk in blob.stream()]
    assert all(chunks)
    assert b"".join(chunks) == await blob.bytes()
