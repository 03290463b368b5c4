"""webstd: the Web platform's server-side primitives for Python.

`Request`, `Response`, `Headers`, `URL`, `URLSearchParams`, `ReadableStream`,
`fetch` and their friends, following the WHATWG standards, with adapters so one
handler runs under ASGI, WSGI, the built-in h11 server, or a plain `await`.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__: list[str] = []
