"""URL parsing speed: webstd vs ada-url, whatwg-url, urllib.parse.urlsplit and yarl.

Two corpora: the valid inputs of WPT urltestdata.json (without a base, as every peer
takes them) and 10,000 realistic http(s) URLs generated from a fixed seed. Each parser
parses every input and produces its href (urlsplit: reads every component); the table
shows parses per second and the ratio to webstd, all measured in this one run.

Run: python benchmarks/url_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import random
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from webstd import URL

_WPT = Path(__file__).resolve().parent.parent / "tests" / "wpt" / "urltestdata.json"

_WORDS = [
    "api",
    "v1",
    "v2",
    "users",
    "items",
    "search",
    "products",
    "blog",
    "posts",
    "2024",
    "images",
    "static",
    "assets",
    "js",
    "css",
    "docs",
    "en-us",
    "account",
    "settings",
    "orders",
    "cart",
    "checkout",
    "news",
    "article",
    "comments",
    "feed",
    "login",
]
_DOMAINS = [
    "example.com",
    "github.com",
    "news.ycombinator.com",
    "en.wikipedia.org",
    "docs.python.org",
    "cdn.jsdelivr.net",
    "api.stripe.com",
    "www.google.com",
    "shop.example.co.uk",
    "s3.amazonaws.com",
]


def realistic_corpus(count: int = 10_000, seed: int = 20260701) -> list[str]:
    """`count` realistic http(s) URLs from a fixed seed (about 5% need normalising)."""
    rng = random.Random(seed)
    urls = []
    for _ in range(count):
        scheme = rng.choice(("https", "https", "https", "http"))
        host = rng.choice(_DOMAINS)
        if rng.random() < 0.3:
            host = rng.choice(("www.", "api.", "static.", "m.")) + host
        port = f":{rng.choice((8080, 8443, 3000))}" if rng.random() < 0.05 else ""
        segments = [rng.choice(_WORDS) for _ in range(rng.randint(0, 5))]
        if segments and rng.random() < 0.3:
            segments.append(f"{rng.randint(1, 10**6)}")
        if segments and rng.random() < 0.2:
            segments[-1] += rng.choice((".html", ".json", ".png", ".js"))
        path = "/" + "/".join(segments)
        query = ""
        if rng.random() < 0.5:
            pairs = [
                f"{rng.choice(_WORDS)}={rng.choice((rng.choice(_WORDS), str(rng.randint(0, 999)), 'a%20b', ''))}"
                for _ in range(rng.randint(1, 4))
            ]
            query = "?" + "&".join(pairs)
        fragment = "#" + rng.choice(_WORDS) if rng.random() < 0.1 else ""
        roll = rng.random()
        if roll < 0.02:
            host = host.upper()
        elif roll < 0.035:
            path += "/caf\u00e9 menu"
        elif roll < 0.05:
            path += "/../x"
        url = f"{scheme}://{host}{port}{path}{query}{fragment}"
        urls.append(url)
    return urls


def wpt_corpus() -> list[str]:
    """The valid, base-less inputs of urltestdata.json."""
    cases = json.loads(_WPT.read_text("utf-8"))
    return [
        case["input"]
        for case in cases
        if isinstance(case, dict) and not case.get("failure") and case.get("base") is None
    ]


def _parsers() -> dict[str, Callable[[str], Any]]:
    parsers: dict[str, Callable[[str], Any]] = {"webstd": lambda s: URL(s).href}
    try:
        from ada_url import URL as AdaURL

        parsers["ada-url"] = lambda s: AdaURL(s).href
    except ImportError:
        pass
    try:
        import whatwg_url

        parsers["whatwg-url"] = lambda s: whatwg_url.parse_url(s).href
    except ImportError:
        pass

    def split(s: str) -> Any:
        r = urlsplit(s)
        return (
            r.scheme,
            r.netloc,
            r.username,
            r.password,
            r.hostname,
            r.port,
            r.path,
            r.query,
            r.fragment,
        )

    parsers["urllib urlsplit"] = split
    try:
        import yarl

        parsers["yarl"] = lambda s: str(yarl.URL(s))
    except ImportError:
        pass
    return parsers


def _usable(parse: Callable[[str], Any], corpus: list[str]) -> list[str]:
    # Each peer is timed on the inputs it accepts (an exception would end the loop).
    usable = []
    for url in corpus:
        try:
            parse(url)
        except Exception:
            continue
        usable.append(url)
    return usable


def _time_once(parse: Callable[[str], Any], corpus: list[str]) -> float:
    start = time.perf_counter()
    for url in corpus:
        parse(url)
    return time.perf_counter() - start


def _rates(
    parsers: dict[str, Callable[[str], Any]], corpus: list[str], repeat: int
) -> dict[str, tuple[int, float]]:
    # Round-robin: every parser runs once per round, so load on the machine hits all
    # of them alike; each keeps its best round.
    usable = {label: _usable(parse, corpus) for label, parse in parsers.items()}
    best = dict.fromkeys(parsers, float("inf"))
    for _ in range(repeat):
        for label, parse in parsers.items():
            best[label] = min(best[label], _time_once(parse, usable[label]))
    return {label: (len(usable[label]), len(usable[label]) / best[label]) for label in parsers}


def main() -> None:
    """Print a table of parses per second and ratios to webstd for both corpora."""
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--repeat", type=int, default=5, help="best of N runs per parser")
    options = arguments.parse_args()
    warnings.simplefilter("ignore")
    parsers = _parsers()
    for name, corpus in (
        ("WPT urltestdata valid inputs", wpt_corpus()),
        ("realistic http(s)", realistic_corpus()),
    ):
        print(f"\n{name}: {len(corpus)} URLs (best of {options.repeat})")
        print(f"{'parser':<18}{'accepted':>10}{'parses/s':>14}{'vs webstd':>12}")
        rates = _rates(parsers, corpus, options.repeat)
        base = rates["webstd"][1]
        for label, (accepted, rate) in rates.items():
            print(f"{label:<18}{accepted:>10}{rate:>14,.0f}{rate / base:>11.2f}x")


if __name__ == "__main__":
    main()
