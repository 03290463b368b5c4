"""webstd: the Web platform's server-side primitives for Python.

`Request`, `Response`, `Headers`, `URL`, `URLSearchParams`, `ReadableStream`,
`fetch` and their friends, following the WHATWG standards, with adapters so one
handler runs under ASGI, WSGI, the built-in h11 server, or a plain `await`.
"""

from webstd.abort import AbortController, AbortSignal, DOMException
from webstd.cookies import RequestCookies, ResponseCookies
from webstd.encoding import TextDecoder, TextEncoder
from webstd.fetch.client import fetch
from webstd.fetch.form_data import FormData
from webstd.fetch.headers import Headers
from webstd.fetch.request import Request
from webstd.fetch.response import Response
from webstd.file import Blob, File
from webstd.routing.urlpattern import URLPattern
from webstd.streams import ReadableStream, TransformStream, WritableStream
from webstd.streams.compression import CompressionStream, DecompressionStream
from webstd.streams.text import TextDecoderStream, TextEncoderStream
from webstd.url import URL, URLSearchParams

__version__ = "0.1.0"

__all__: list[str] = [
    "URL",
    "AbortController",
    "AbortSignal",
    "Blob",
    "CompressionStream",
    "DOMException",
    "DecompressionStream",
    "File",
    "FormData",
    "Headers",
    "ReadableStream",
    "Request",
    "RequestCookies",
    "Response",
    "ResponseCookies",
    "TextDecoder",
    "TextDecoderStream",
    "TextEncoder",
    "TextEncoderStream",
    "TransformStream",
    "URLPattern",
    "URLSearchParams",
    "WritableStream",
    "fetch",
]
