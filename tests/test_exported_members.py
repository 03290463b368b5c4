"""The public API is exactly the names of docs/API.md, each importable from `webstd`."""

from __future__ import annotations

import webstd

PUBLIC_NAMES = {
    "Headers", "Request", "Response", "URL", "URLSearchParams", "URLPattern", "Blob", "File",
    "FormData", "ReadableStream", "WritableStream", "TransformStream", "TextEncoderStream",
    "TextDecoderStream", "CompressionStream", "DecompressionStream", "TextEncoder",
    "TextDecoder", "AbortController", "AbortSignal", "DOMException", "fetch",
    "RequestCookies", "ResponseCookies",
}  # fmt: skip


def test_all_lists_exactly_the_public_names() -> None:
    assert set(webstd.__all__) == PUBLIC_NAMES
    assert len(webstd.__all__) == len(PUBLIC_NAMES)


def test_every_public_name_is_defined_and_not_private() -> None:
    for name in webstd.__all__:
        member = getattr(webstd, name)
        assert member.__module__.startswith("webstd."), name
        assert not member.__name__.startswith("_"), name


def test_no_private_module_leaks_into_the_namespace() -> None:
    leaked = {
        name
        for name, value in vars(webstd).items()
        if not name.startswith("_")
        and name not in PUBLIC_NAMES
        and not hasattr(value, "__path__")
        and type(value).__name__ != "module"
    }
    assert leaked == set()


def test_ships_py_typed() -> None:
    from importlib.resources import files

    assert files("webstd").joinpath("py.typed").is_file()
