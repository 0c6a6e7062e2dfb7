"""URLs as input: a `.urls` file (one URL a line, `#` comments) or a URL given as a path.

Without a fetcher (no `--fetch`) every URL is one rejection that says to add --fetch: network
fetching is off by default. With one, each URL is fetched (fetch.Fetcher) and read as what it
is: an RSS or Atom feed gives a story per item (feeds.read_feed; each item's linked page is
fetched for its main text), an HTML page gives one story (id: the URL as given; url: where it
was fetched from after redirects), anything else is a rejection that says what it was.
"""

from __future__ import annotations

from collections.abc import Iterator

from khaldun.ingest.feeds import is_feed, read_feed
from khaldun.ingest.fetch import Failure, Fetcher
from khaldun.ingest.fields import STAGE
from khaldun.ingest.pages import decode_page, page_story
from khaldun.records import Rejection, Story

URL_SUFFIXES = (".urls",)
URL_SCHEMES = ("http://", "https://")
NEEDS_FETCH = ("not fetched: reading a URL needs --fetch (network fetching is off by "
               "default)")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_url(value: str) -> bool:
    return value.lower().startswith(URL_SCHEMES)


def read_url_list(text: str, *, name: str, origin: str,
                  fetcher: Fetcher | None) -> Iterator[Story | Rejection]:
    """Every URL of a `.urls` file, read in order; a line that is no URL is a rejection."""
    for number, line in enumerate(text.splitlines(), start=1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        where = f"{origin}:{number}"
        if not is_url(url) or any(c.isspace() for c in url):
            yield Rejection(f"{name}:{number}", STAGE, f"line {number} is not an http(s) URL: "
                            f"{url[:100]!r}", where)
            continue
        yield from read_url(url, origin=where, fetcher=fetcher)


def read_url(url: str, *, origin: str, fetcher: Fetcher | None) -> Iterator[Story | Rejection]:
    """The stories at one URL: a feed's items or a page; a rejection when there are none."""
    if fetcher is None:
        yield Rejection(url, STAGE, NEEDS_FETCH, origin)
        return
    page = fetcher.get(url)
    if isinstance(page, Failure):
        yield Rejection(url, STAGE, page.reason, origin)
        return
    if page.media_type not in _HTML_TYPES and is_feed(page.body[:4096]):
        yield from read_feed(page.body, name=url, origin=origin,
                             page_text=lambda link: linked_text(link, fetcher))
    elif page.media_type in _HTML_TYPES or (not page.media_type and b"<html" in
                                            page.body[:4096].lower()):
        yield page_story(decode_page(page.body, page.content_type), story_id=url,
                         origin=origin, url=page.url)
    else:
        yield Rejection(url, STAGE, f"{url} is {page.media_type or 'of no stated type'}, "
                        f"not an HTML page or an RSS/Atom feed", origin)


def linked_text(link: str, fetcher: Fetcher) -> str | None:
    """Main text of the page a feed item links to; None (the item keeps the feed's own text)
    when the page cannot be fetched or has no main text."""
    page = fetcher.get(link)
    if isinstance(page, Failure) or page.media_type not in _HTML_TYPES:
        return None
    story = page_story(decode_page(page.body, page.content_type), story_id=link, origin=link)
    return story.text if isinstance(story, Story) else None
