"""Ports of WPT fetch/api/body/ (mime-type, formdata-parsing, formdata-serializing)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from webstd.fetch.form_data import FormData
from webstd.fetch.request import Request
from webstd.fetch.response import Response
from webstd.file import Blob, File
from webstd.url.search_params import URLSearchParams

# --- mime-type.any.js --------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: Request("about:blank", headers={"Content-Type": "text/plain"}),
        lambda: Response("", headers={"Content-Type": "text/plain"}),
    ],
    ids=["Request", "Response"],
)
async def test_mime_type_overriding_explicit_content_type(make: Any) -> None:
    container = make()
    container.headers.set("Content-Type", "test/test")
    assert (await container.blob()).type == "test/test"


@pytest.mark.parametrize(
    ("content_types", "expected"),
    [
        (["text/plain;charset=gbk", "text/html"], "text/html"),
        (["text/plain;charset=gbk", "text/plain"], "text/plain;charset=gbk"),
        (["text/html;charset=gbk", "text/plain;charset=utf-8"], "text/plain;charset=utf-8"),
        (["text/plain", "*/*"], "text/plain"),
        (["text/html", "x"], "text/html"),
        (['text/plain;x="a,b"'], 'text/plain;x="a,b"'),
        (["bogus"], ""),
    ],
)
async def test_mime_type_blob_type_from_combined_content_type(
    content_types: list[str], expected: str
) -> None:
    response = Response("", headers=[("Content-Type", value) for value in content_types])
    assert (await response.blob()).type == expected


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(
            lambda: Request("about:blank", body=URLSearchParams(), method="POST"), id="Request"
        ),
        pytest.param(lambda: Response(URLSearchParams()), id="Response"),
    ],
)
async def test_mime_type_removing_implicit_content_type(make: Any) -> None:
    container = make()
    assert (
        container.headers.get("Content-Type") == "application/x-www-form-urlencoded;charset=UTF-8"
    )
    container.headers.delete("Content-Type")
    assert (await container.blob()).type == ""


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: Request("about:blank", body=b"", method="POST"), id="Request"),
        pytest.param(lambda: Response(b""), id="Response"),
    ],
)
async def test_mime_type_setting_missing_content_type(make: Any) -> None:
    container = make()
    assert container.headers.get("Content-Type") is None
    container.headers.set("Content-Type", "test/test")
    assert (await container.blob()).type == "test/test"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: Request("about:blank", method="POST"), id="Request"),
        pytest.param(lambda: Response(), id="Response"),
    ],
)
async def test_mime_type_mime_type_for_blob_from_empty_body(make: Any) -> None:
    assert (await make().blob()).type == ""


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(
            lambda: Request(
                "about:blank", method="POST", headers=[("Content-Type", "Mytext/Plain")]
            ),
            id="Request",
        ),
        pytest.param(
            lambda: Response("", headers=[("Content-Type", "Mytext/Plain")]), id="Response"
        ),
    ],
)
async def test_mime_type_mime_type_for_blob_from_empty_body_with_content_type(make: Any) -> None:
    assert (await make().blob()).type == "mytext/plain"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: Request("about:blank", body=Blob([""]), method="POST"), id="Request"),
        pytest.param(lambda: Response(Blob([""])), id="Response"),
    ],
)
async def test_mime_type_mime_type_for_blob(make: Any) -> None:
    container = make()
    assert (await container.blob()).type == ""
    assert container.headers.get("Content-Type") is None


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(
            lambda: Request("about:blank", body=Blob([""], type="Text/Plain"), method="POST"),
            id="Request",
        ),
        pytest.param(lambda: Response(Blob([""], type="Text/Plain")), id="Response"),
    ],
)
async def test_mime_type_mime_type_for_blob_with_non_empty_type(make: Any) -> None:
    container = make()
    assert (await container.blob()).type == "text/plain"
    assert container.headers.get("Content-Type") == "text/plain"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(
            lambda: Request(
                "about:blank",
                method="POST",
                body=Blob([""], type="Text/Plain"),
                headers=[("Content-Type", "Text/Html")],
            ),
            id="Request",
        ),
        pytest.param(
            lambda: Response(
                Blob([""], type="Text/Plain"), headers=[("Content-Type", "Text/Html")]
            ),
            id="Response",
        ),
    ],
)
async def test_mime_type_extract_a_mime_type_with_clone(make: Any) -> None:
    container = make()
    cloned = container.clone()
    assert (await container.blob()).type == "text/html"
    assert (await cloned.blob()).type == "text/html"
    assert container.headers.get("Content-Type") == "Text/Html"
    assert cloned.headers.get("Content-Type") == "Text/Html"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(
            lambda: Request(
                "about:blank",
                body=Blob([], type="text/plain"),
                method="POST",
                headers=[("Content-Type", "text/html")],
            ),
            id="Request",
        ),
        pytest.param(
            lambda: Response(Blob([], type="text/plain"), headers=[("Content-Type", "text/html")]),
            id="Response",
        ),
    ],
)
async def test_mime_type_content_type_in_headers_wins_blob_s_type(make: Any) -> None:
    container = make()
    assert container.headers.get("Content-Type") == "text/html"
    assert (await container.blob()).type == "text/html"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(
            lambda: Request("about:blank", body=Blob([], type="text/plain"), method="POST"),
            id="Request",
        ),
        pytest.param(lambda: Response(Blob([], type="text/plain")), id="Response"),
    ],
)
async def test_mime_type_setting_missing_content_type_in_headers_and_it_wins_blob_s_type(
    make: Any,
) -> None:
    container = make()
    assert container.headers.get("Content-Type") == "text/plain"
    container.headers.set("Content-Type", "text/html")
    assert (await container.blob()).type == "text/html"


# --- formdata.any.js ---------------------------------------------------------------------


async def test_formdata_consume_empty_response_form_data_as_form_data() -> None:
    assert isinstance(await Response(FormData()).form_data(), FormData)


async def test_formdata_consume_empty_request_form_data_as_form_data() -> None:
    request = Request("about:blank", method="POST", body=FormData())
    assert isinstance(await request.form_data(), FormData)


async def test_formdata_consume_multipart_form_data_headers_case_insensitively() -> None:
    form = FormData()
    form.append("foo", Blob([json.dumps({"bar": "baz"})], type="application/json"))
    blob = await Response(form).blob()
    body = await blob.text()
    blob = Blob([body.lower()], type=blob.type.lower())
    parsed = await Response(blob).form_data()
    assert parsed.has("foo")
    value = parsed.get("foo")
    assert isinstance(value, File)
    assert value.type == "application/json"


# --- formdata-parsing.any.js --------------------------------------------------------------

BOUNDARY = "boundary"


def payload(*lines: str) -> str:
    return "\r\n".join(lines)


def parse(body: Any, content_type: str = f"multipart/form-data; boundary={BOUNDARY}") -> Any:
    return Response(body, headers=[["Content-Type", content_type]]).form_data()


async def assert_entries(form: FormData, expected: list[tuple[str, Any]]) -> None:
    actual = list(form)
    assert len(actual) == len(expected)
    for (name, value), (expected_name, expected_value) in zip(actual, expected, strict=True):
        assert name == expected_name
        if isinstance(expected_value, str):
            assert value == expected_value
        else:
            assert isinstance(value, File)
            assert value.name == expected_value["name"]
            assert value.type == expected_value["type"]
            assert await value.text() == expected_value["body"]


def _file(name: str, type: str, body: str) -> dict[str, str]:
    return {"name": name, "type": type, "body": body}


def _one(header: str, value: str = "value", *extra: str) -> str:
    return payload("--boundary", header, *extra, "", value, "--boundary--", "")


CD_A = 'Content-Disposition: form-data; name="a"'
CD_AF = 'Content-Disposition: form-data; name="a"; filename="f"'

PARSING_CASES: list[tuple[str, str, list[tuple[str, Any]]]] = [
    (
        "file part without Content-Type",
        _one('Content-Disposition: form-data; name="file"; filename="hello.txt"', "file contents"),
        [("file", _file("hello.txt", "text/plain", "file contents"))],
    ),
    (
        "file part with Content-Type",
        _one(
            'Content-Disposition: form-data; name="file"; filename="image.png"',
            "PNG",
            "Content-Type: image/png",
        ),
        [("file", _file("image.png", "image/png", "PNG"))],
    ),
    (
        "file part with Content-Type before Content-Disposition",
        payload(
            "--boundary",
            "Content-Type: image/png",
            'Content-Disposition: form-data; name="file"; filename="image.png"',
            "",
            "PNG",
            "--boundary--",
            "",
        ),
        [("file", _file("image.png", "image/png", "PNG"))],
    ),
    (
        "string and file parts",
        payload(
            "--boundary",
            'Content-Disposition: form-data; name="field1"',
            "",
            "value1",
            "--boundary",
            'Content-Disposition: form-data; name="file"; filename="doc.txt"',
            "Content-Type: text/plain",
            "",
            "file data",
            "--boundary",
            'Content-Disposition: form-data; name="field2"',
            "",
            "value2",
            "--boundary--",
            "",
        ),
        [
            ("field1", "value1"),
            ("file", _file("doc.txt", "text/plain", "file data")),
            ("field2", "value2"),
        ],
    ),
    (
        "percent sequences in a name are not decoded",
        _one('Content-Disposition: form-data; name="a%0Ab%0Dc%22d%0D%0Ae%25f%2Fg"'),
        [("a%0Ab%0Dc%22d%0D%0Ae%25f%2Fg", "value")],
    ),
    (
        "percent sequences in a filename are not decoded",
        _one('Content-Disposition: form-data; name="a"; filename="x%0Ay%0Dz%22w%25v.txt"'),
        [("a", _file("x%0Ay%0Dz%22w%25v.txt", "text/plain", "value"))],
    ),
    (
        "empty filename",
        _one('Content-Disposition: form-data; name="a"; filename=""'),
        [("a", _file("", "text/plain", "value"))],
    ),
    ("empty string part", _one(CD_A, ""), [("a", "")]),
    (
        "empty file part",
        _one('Content-Disposition: form-data; name="a"; filename="empty.txt"', ""),
        [("a", _file("empty.txt", "text/plain", ""))],
    ),
    (
        "value containing the boundary as text",
        _one(CD_A, "my boundary here"),
        [("a", "my boundary here")],
    ),
    (
        "value containing --boundary not preceded by CRLF",
        _one(CD_A, "x--boundary"),
        [("a", "x--boundary")],
    ),
    (
        "value containing CRLF",
        payload("--boundary", CD_A, "", "line1", "line2", "--boundary--", ""),
        [("a", "line1\r\nline2")],
    ),
    (
        "epilogue after close delimiter",
        payload("--boundary", CD_A, "", "value", "--boundary--", "epilogue", "more epilogue"),
        [("a", "value")],
    ),
    (
        "transport padding after close delimiter",
        payload("--boundary", CD_A, "", "value", "--boundary-- \t", ""),
        [("a", "value")],
    ),
    (
        "transport padding after close delimiter at end of input",
        payload("--boundary", CD_A, "", "value", "--boundary--  "),
        [("a", "value")],
    ),
    (
        "close delimiter at end of input",
        payload("--boundary", CD_A, "", "value", "--boundary--"),
        [("a", "value")],
    ),
    (
        "duplicate names",
        payload("--boundary", CD_A, "", "1", "--boundary", CD_A, "", "2", "--boundary--", ""),
        [("a", "1"), ("a", "2")],
    ),
    ("unknown headers are ignored", _one(CD_A, "value", "X-Custom: ignored"), [("a", "value")]),
    (
        "Content-Transfer-Encoding is ignored",
        _one(CD_A, "dmFsdWU=", "Content-Transfer-Encoding: base64"),
        [("a", "dmFsdWU=")],
    ),
    (
        "header names are case-insensitive",
        _one(
            'CONTENT-DISPOSITION: form-data; name="a"; filename="f"',
            "value",
            "CoNtEnT-TyPe: text/html",
        ),
        [("a", _file("f", "text/html", "value"))],
    ),
    (
        "whitespace before a header name",
        _one(' Content-Disposition: form-data; name="a"'),
        [("a", "value")],
    ),
    (
        "whitespace between a header name and the colon",
        _one('Content-Disposition \t: form-data; name="a"'),
        [("a", "value")],
    ),
    (
        "duplicate Content-Type, last one wins",
        _one(CD_AF, "value", "Content-Type: text/html", "Content-Type: text/plain"),
        [("a", _file("f", "text/plain", "value"))],
    ),
    (
        "Content-Type value is trimmed",
        _one(CD_AF, "value", "Content-Type: \t text/html \t"),
        [("a", _file("f", "text/html", "value"))],
    ),
    (
        "Content-Type is ASCII lowercased",
        _one(CD_AF, "value", "Content-Type: TEXT/HTML"),
        [("a", _file("f", "text/html", "value"))],
    ),
    (
        "Content-Type that is not a MIME type is ignored",
        _one(CD_AF, "value", "Content-Type: text"),
        [("a", _file("f", "", "value"))],
    ),
    (
        "Content-Type is serialized as a MIME type",
        _one(CD_AF, "value", 'Content-Type: text/html;;x="y"'),
        [("a", _file("f", "text/html;x=y", "value"))],
    ),
    (
        "Content-Type with multiple values, last one wins",
        _one(CD_AF, "value", "Content-Type: text/html, text/plain"),
        [("a", _file("f", "text/plain", "value"))],
    ),
    (
        "non-ASCII Content-Type is ignored",
        _one(CD_AF, "value", "Content-Type: text/é"),
        [("a", _file("f", "", "value"))],
    ),
    (
        "Content-Type containing a control character is ignored",
        _one(CD_AF, "value", "Content-Type: text/\x01plain"),
        [("a", _file("f", "", "value"))],
    ),
    ("empty Content-Type", _one(CD_AF, "value", "Content-Type:"), [("a", _file("f", "", "value"))]),
    ("non-ASCII name", _one('Content-Disposition: form-data; name="é"'), [("é", "value")]),
    (
        "non-ASCII filename",
        _one('Content-Disposition: form-data; name="a"; filename="中文.txt"'),
        [("a", _file("中文.txt", "text/plain", "value"))],
    ),
    ("non-ASCII value", _one(CD_A, "😀"), [("a", "😀")]),
    (
        "other control characters in a name",
        _one('Content-Disposition: form-data; name="a\x01bc"'),
        [("a\x01bc", "value")],
    ),
    (
        "_charset_ is a normal entry",
        _one('Content-Disposition: form-data; name="_charset_"', "windows-1252"),
        [("_charset_", "windows-1252")],
    ),
]

PARSING_CASES += [
    (
        "transport padding after a delimiter",
        payload("--boundary \t", CD_A, "", "value", "--boundary--", ""),
        [("a", "value")],
    ),
    (
        "transport padding after a later delimiter",
        payload(
            "--boundary",
            CD_A,
            "",
            "1",
            "--boundary  ",
            CD_A,
            "",
            "2",
            "--boundary\t",
            CD_AF,
            "",
            "3",
            "--boundary--",
            "",
        ),
        [("a", "1"), ("a", "2"), ("a", _file("f", "text/plain", "3"))],
    ),
]


@pytest.mark.parametrize(
    ("title", "body", "expected"), PARSING_CASES, ids=[c[0] for c in PARSING_CASES]
)
async def test_formdata_parsing_parse(
    title: str, body: str, expected: list[tuple[str, Any]]
) -> None:
    await assert_entries(await parse(body), expected)


@pytest.mark.parametrize(
    ("title", "body", "expected"), PARSING_CASES, ids=[c[0] for c in PARSING_CASES]
)
async def test_formdata_parsing_parse_byte_by_byte(
    title: str, body: str, expected: list[tuple[str, Any]]
) -> None:
    data = body.encode()
    chunks = [data[i : i + 1] for i in range(len(data))]
    response = Response(
        chunks, headers=[["Content-Type", "multipart/form-data; boundary=boundary"]]
    )
    await assert_entries(await response.form_data(), expected)


PARSING_FAILURE_CASES: list[tuple[str, str]] = [
    (
        "preamble before the first delimiter",
        payload("preamble", "--boundary", CD_A, "", "value", "--boundary--", ""),
    ),
    (
        "junk after close delimiter",
        payload("--boundary", CD_A, "", "value", "--boundary--junk", ""),
    ),
    (
        "bare LF after close delimiter",
        payload("--boundary", CD_A, "", "value", "--boundary--") + "\nepilogue",
    ),
    ("part without headers", payload("--boundary", "", "value", "--boundary--", "")),
    ("no Content-Disposition", _one("Content-Type: text/plain")),
    ("header without a colon", _one('Content-Disposition form-data; name="a"')),
    ("header name that is not a token", _one(CD_A, "value", "Cont ent-Type: text/plain")),
    (
        "obs-fold continuation line",
        payload(
            "--boundary",
            "Content-Disposition: form-data;",
            ' name="a"',
            "",
            "value",
            "--boundary--",
            "",
        ),
    ),
    ("NUL in a name", _one('Content-Disposition: form-data; name="a\x00b"')),
    ("NUL in an unknown header", _one(CD_A, "value", "X-Custom: a\x00b")),
    ("no close delimiter", payload("--boundary", CD_A, "", "value")),
    ("no CRLF before close delimiter", payload("--boundary", CD_A, "", "value--boundary--", "")),
    ("bare LF in a name", _one('Content-Disposition: form-data; name="a\nb"')),
    ("bare CR in a name", _one('Content-Disposition: form-data; name="a\rb"')),
    ("bare LF in a filename", _one('Content-Disposition: form-data; name="a"; filename="f\ng"')),
    ("bare LF in a header value", _one(CD_AF, "value", "Content-Type: text/\nhtml")),
    ("nothing after the first delimiter", payload("--boundary")),
    ("empty body", ""),
]

PARSING_FAILURE_CASES += [
    (
        "junk after transport padding",
        payload("--boundary", CD_A, "", "1", "--boundary  x", CD_A, "", "2", "--boundary--", ""),
    ),
    (
        "transport padding before a close delimiter's dashes",
        payload("--boundary", CD_A, "", "1", "--boundary --", ""),
    ),
]


@pytest.mark.parametrize(
    ("title", "body"), PARSING_FAILURE_CASES, ids=[c[0] for c in PARSING_FAILURE_CASES]
)
async def test_formdata_parsing_parse_failure(title: str, body: str) -> None:
    with pytest.raises(TypeError):
        await parse(body)


async def test_formdata_parsing_parse_failure_no_boundary_parameter() -> None:
    with pytest.raises(TypeError):
        await parse(_one(CD_A), "multipart/form-data")


async def test_formdata_parsing_parse_failure_empty_boundary_parameter() -> None:
    body = payload("--", CD_A, "", "value", "----", "")
    with pytest.raises(TypeError):
        await parse(body, 'multipart/form-data; boundary=""')


async def test_formdata_parsing_parse_a_quoted_boundary_parameter() -> None:
    body = payload("--a.b(c)", CD_A, "", "value", "--a.b(c)--", "")
    await assert_entries(
        await parse(body, 'multipart/form-data; boundary="a.b(c)"'), [("a", "value")]
    )


async def test_formdata_parsing_parse_a_non_ascii_boundary_parameter() -> None:
    body = payload("--bé", CD_A, "", "value", "--bé--", "")
    await assert_entries(await parse(body, 'multipart/form-data; boundary="bé"'), [("a", "value")])


async def test_formdata_parsing_parse_invalid_utf8_in_a_name() -> None:
    body = (
        b'--boundary\r\nContent-Disposition: form-data; name="a'
        + b"\xff"
        + b'"\r\n\r\nvalue\r\n--boundary--\r\n'
    )
    await assert_entries(await parse(body), [("a\ufffd", "value")])


async def test_formdata_parsing_parse_invalid_utf8_in_a_value() -> None:
    body = (
        b'--boundary\r\nContent-Disposition: form-data; name="a"\r\n\r\nb'
        + b"\xff"
        + b"\r\n--boundary--\r\n"
    )
    await assert_entries(await parse(body), [("a", "b\ufffd")])


async def test_formdata_parsing_parse_a_file_part_with_arbitrary_bytes() -> None:
    raw = bytes([0x00, 0x80, 0xFF, 0x0D, 0x0A, 0x2D, 0x2D])
    body = (
        b'--boundary\r\nContent-Disposition: form-data; name="a"; filename="f"\r\n\r\n'
        + raw
        + b"\r\n--boundary--\r\n"
    )
    file = (await parse(body)).get("a")
    assert isinstance(file, File)
    assert await file.array_buffer() == raw


async def test_formdata_parsing_parse_a_file_part_s_last_modified() -> None:
    file = (await parse(_one(CD_AF))).get("a")
    assert isinstance(file, File)
    assert file.last_modified == 0


# --- formdata-serializing.any.js ------------------------------------------------------------

PREFIX = "multipart/form-data; boundary="


def boundary_of(response: Response) -> str:
    content_type = response.headers.get("Content-Type")
    assert content_type is not None and content_type.startswith(PREFIX)
    return content_type[len(PREFIX) :]


async def isomorphic_text(response: Response) -> str:
    return (await response.array_buffer()).decode("latin-1")


def one_part(
    boundary: str, name: str, value: str, filename: str | None = None, type: str | None = None
) -> str:
    disposition = f'Content-Disposition: form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    lines = [f"--{boundary}", disposition]
    if type is not None:
        lines.append(f"Content-Type: {type}")
    return "\r\n".join([*lines, "", value, f"--{boundary}--", ""])


def test_formdata_serializing_boundary_is_well_formed() -> None:
    boundary = boundary_of(Response(FormData()))
    assert 26 < len(boundary) < 71
    assert re.fullmatch(r"[0-9A-Za-z-]+", boundary)


def test_formdata_serializing_boundary_is_randomly_generated() -> None:
    form = FormData()
    assert boundary_of(Response(form)) != boundary_of(Response(form))


async def test_formdata_serializing_serialize_an_empty_form_data_object() -> None:
    response = Response(FormData())
    assert await isomorphic_text(response) == f"--{boundary_of(response)}--\r\n"


async def test_formdata_serializing_serialize_string_entries_in_order_keeping_duplicates() -> None:
    form = FormData()
    form.append("a", "1")
    form.append("b", "2")
    form.append("a", "3")
    response = Response(form)
    b = boundary_of(response)
    expected = (
        "".join(
            f'--{b}\r\nContent-Disposition: form-data; name="{n}"\r\n\r\n{v}\r\n'
            for n, v in (("a", "1"), ("b", "2"), ("a", "3"))
        )
        + f"--{b}--\r\n"
    )
    assert await isomorphic_text(response) == expected


FILE_CASES: list[tuple[str, Any, dict[str, str]]] = [
    (
        "Serialize a File entry",
        lambda f: f.append("a", File(["contents"], "b.txt", type="text/plain")),
        {"filename": "b.txt", "type": "text/plain", "value": "contents"},
    ),
    (
        "Serialize a File entry without a type",
        lambda f: f.append("a", File(["contents"], "b.txt")),
        {"filename": "b.txt", "type": "application/octet-stream", "value": "contents"},
    ),
    (
        "Serialize an empty File entry",
        lambda f: f.append("a", File([], "b.txt", type="text/plain")),
        {"filename": "b.txt", "type": "text/plain", "value": ""},
    ),
    (
        "Serialize a Blob entry",
        lambda f: f.append("a", Blob(["contents"], type="text/plain")),
        {"filename": "blob", "type": "text/plain", "value": "contents"},
    ),
    (
        "Serialize a Blob entry without a type",
        lambda f: f.append("a", Blob(["contents"])),
        {"filename": "blob", "type": "application/octet-stream", "value": "contents"},
    ),
    (
        "Serialize a Blob entry with a filename argument",
        lambda f: f.append("a", Blob(["contents"], type="text/plain"), "b.txt"),
        {"filename": "b.txt", "type": "text/plain", "value": "contents"},
    ),
    (
        "Serialize a File entry with a filename argument",
        lambda f: f.append("a", File(["contents"], "b.txt", type="text/plain"), "c.txt"),
        {"filename": "c.txt", "type": "text/plain", "value": "contents"},
    ),
]


@pytest.mark.parametrize(("title", "populate", "part"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
async def test_formdata_serializing_file_entries(
    title: str, populate: Any, part: dict[str, str]
) -> None:
    form = FormData()
    populate(form)
    response = Response(form)
    assert await isomorphic_text(response) == one_part(boundary_of(response), "a", **part)


NAME_CASES = [
    ("a\nb", "a%0D%0Ab"),
    ("a\rb", "a%0D%0Ab"),
    ("a\r\nb", "a%0D%0Ab"),
    ("a\n\rb", "a%0D%0A%0D%0Ab"),
    ('a"b', "a%22b"),
    ("a'b", "a'b"),
    ("a\\b", "a\\b"),
    ("a%0Ab", "a%0Ab"),
    ("áb", "\xc3\xa1b"),
]


@pytest.mark.parametrize(("name", "serialized"), NAME_CASES)
async def test_formdata_serializing_serialize_name(name: str, serialized: str) -> None:
    form = FormData()
    form.append(name, "x")
    response = Response(form)
    assert await isomorphic_text(response) == one_part(boundary_of(response), serialized, "x")


FILENAME_CASES = [
    ("b\nc", "b%0Ac"),
    ("b\rc", "b%0Dc"),
    ("b\r\nc", "b%0D%0Ac"),
    ("b\n\rc", "b%0A%0Dc"),
    ('b"c', "b%22c"),
    ("b'c", "b'c"),
    ("b\\c", "b\\c"),
    ("ə.txt", "\xc9\x99.txt"),
]


@pytest.mark.parametrize(("filename", "serialized"), FILENAME_CASES)
async def test_formdata_serializing_serialize_filename(filename: str, serialized: str) -> None:
    form = FormData()
    form.append("a", File([], filename, type="text/plain"))
    response = Response(form)
    expected = one_part(boundary_of(response), "a", "", serialized, "text/plain")
    assert await isomorphic_text(response) == expected


VALUE_CASES = [
    ("b\nc", "b\r\nc"),
    ("b\rc", "b\r\nc"),
    ("b\r\nc", "b\r\nc"),
    ("b\n\rc", "b\r\n\r\nc"),
    ('b"c', 'b"c'),
    ("ç", "\xc3\xa7"),
]


@pytest.mark.parametrize(("value", "serialized"), VALUE_CASES)
async def test_formdata_serializing_serialize_value(value: str, serialized: str) -> None:
    form = FormData()
    form.append("a", value)
    response = Response(form)
    assert await isomorphic_text(response) == one_part(boundary_of(response), "a", serialized)


async def test_formdata_serializing_takes_a_snapshot_of_its_entry_list() -> None:
    form = FormData()
    form.append("a", "1")
    response = Response(form)
    form.append("b", "2")
    assert await isomorphic_text(response) == one_part(boundary_of(response), "a", "1")


async def test_formdata_serializing_round_trip_string_entries() -> None:
    form = FormData()
    form.append("a", "1")
    form.append("a", "2")
    form.append("b", "3")
    parsed = await Response(form).form_data()
    assert parsed.get_all("a") == ["1", "2"]
    assert parsed.get_all("b") == ["3"]
    assert list(parsed.keys()) == ["a", "a", "b"]


async def test_formdata_serializing_round_trip_file_and_blob_entries() -> None:
    form = FormData()
    form.append("a", File(["contents"], "b.txt", type="text/plain"))
    form.append("c", Blob(["more"], type="text/html"))
    parsed = await Response(form).form_data()
    file = parsed.get("a")
    assert isinstance(file, File)
    assert (file.name, file.type, await file.text()) == ("b.txt", "text/plain", "contents")
    blob = parsed.get("c")
    assert isinstance(blob, File)
    assert (blob.name, blob.type, await blob.text()) == ("blob", "text/html", "more")


async def test_formdata_serializing_a_double_quote_stays_escaped_when_parsed_back() -> None:
    form = FormData()
    form.append('a"b', "c")
    form.append("d", File([], 'e"f.txt', type="text/plain"))
    parsed = await Response(form).form_data()
    assert list(parsed.keys()) == ["a%22b", "d"]
    assert parsed.get("a%22b") == "c"
    d = parsed.get("d")
    assert isinstance(d, File) and d.name == "e%22f.txt"


async def test_formdata_serializing_a_newline_in_a_name_stays_escaped_value_normalized() -> None:
    form = FormData()
    form.append("a\nb", "c\nd")
    parsed = await Response(form).form_data()
    assert list(parsed.keys()) == ["a%0D%0Ab"]
    assert parsed.get("a%0D%0Ab") == "c\r\nd"


# --- cloned-any.js -------------------------------------------------------------------------
# Changing a body after it was passed to Response/Request must not change what is read.

CLONED_URL = "http://a"


async def test_cloned_any_form_data_is_cloned() -> None:
    body = FormData()
    body.set("a", "1")
    response = Response(body)
    request = Request(CLONED_URL, method="post", body=body)
    body.set("a", "2")
    assert (await response.form_data()).get("a") == "1"
    assert (await request.form_data()).get("a") == "1"


async def test_cloned_any_url_search_params_is_cloned() -> None:
    body = URLSearchParams({"a": "1"})
    response = Response(body)
    request = Request(CLONED_URL, method="post", body=body)
    body.set("a", "2")
    assert (await response.form_data()).get("a") == "1"
    assert (await request.form_data()).get("a") == "1"


async def test_cloned_any_typed_array_is_cloned() -> None:
    # A Uint8Array is a view: memoryview over a bytearray.
    body = memoryview(bytearray([97]))
    response = Response(body)
    request = Request(CLONED_URL, method="post", body=body)
    body[0] = 98
    assert await response.text() == "a"
    assert await request.text() == "a"


async def test_cloned_any_array_buffer_is_cloned() -> None:
    # A mutable ArrayBuffer is a bytearray.
    body = bytearray([97])
    response = Response(body)
    request = Request(CLONED_URL, method="post", body=body)
    body[0] = 98
    assert await response.text() == "a"
    assert await request.text() == "a"


async def test_cloned_any_blob_is_cloned() -> None:
    body = Blob(["a"])
    response = Response(body)
    request = Request(CLONED_URL, method="post", body=body)
    assert await response.blob() is not body
    assert await request.blob() is not body
