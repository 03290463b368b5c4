"""The Fetch Standard: Headers, Request, Response, FormData and fetch()."""

from __future__ import annotations

from webstd.fetch.form_data import FormData
from webstd.fetch.headers import Headers
from webstd.fetch.request import Request
from webstd.fetch.response import Response

__all__ = ["FormData", "Headers", "Request", "Response"]
