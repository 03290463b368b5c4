"""URL Standard (https://url.spec.whatwg.org): URL, URLSearchParams and their algorithms."""

from webstd.url.search_params import URLSearchParams
from webstd.url.url import URL

__all__ = ["URL", "URLSearchParams"]
