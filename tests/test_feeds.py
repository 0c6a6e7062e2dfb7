"""Feeds, web archives, URL lists and fetching (issue 16, item 1). Every feed, archive and page
here is made by the test, with our own text; the only server is one on 127.0.0.1."""

from __future__ import annotations

import gzip
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from khaldun.ingest.fetch import Failure, Fetcher, Page
from khaldun.ingest.readers import read_paths
from khaldun.pipeline import unique_ids
from khaldun.records import Rejection, Story


def read(*paths: Path | str, fetcher: Fetcher | None = None) -> list[Story | Rejection]:
    return list(unique_ids(read_paths([str(p) for p in paths], fetcher=fetcher)))


def by_id(items: list[Story | Rejection]) -> dict[str, Story]:
    return {i.id: i for i in items if isinstance(i, Story)}


def rejected(items: list[Story | Rejection]) -> dict[str, str]:
    return {i.story_id: i.reason for i in items if isinstance(i, Rejection)}


_P1 = "Rebels attacked an army post near the river town of Qalat on Monday, officials said."
_P2 = "The provincial governor called for calm and promised an inquiry."
RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Wire</title><link>http://127.0.0.1/</link>
<item><title>Post attacked</title><link>http://127.0.0.1/post</link>
  <guid isPermaLink="false">hw-1</guid><pubDate>Mon, 10 Mar 2025 23:05:00 -0500</pubDate>
  <description>&lt;p&gt;{_P1}&lt;/p&gt;&lt;p&gt;{_P2}&lt;/p&gt;</description></item>
<item><title>Talks &amp; truce</title><link>http://127.0.0.1/talks</link>
  <pubDate>11 Mar 2025</pubDate><description>A teaser only.</description>
  <content:encoded>&lt;p&gt;Envoys of both sides met in Tarsa and agreed to a truce.&lt;/p&gt;
  </content:encoded></item>
<item><title>Bad day</title><guid>hw-3</guid><pubDate>Mon, 31 Feb 2025 10:00:00 GMT</pubDate>
  <description>Police arrested four men in the port.</description></item>
<item><title>Headline only</title><guid>hw-4</guid></item>
<item><title>Post attacked</title><link>http://127.0.0.1/post</link>
  <guid isPermaLink="false">hw-1</guid><pubDate>Mon, 10 Mar 2025 23:05:00 -0500</pubDate>
  <description>&lt;p&gt;{_P1}&lt;/p&gt;&lt;p&gt;{_P2}&lt;/p&gt;</description></item>
<item><title>No link</title><description>Strikers blocked the northern highway.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Valley Desk</title>
<id>tag:valley.test,2025:feed</id><updated>2025-03-12T08:00:00Z</updated>
<entry><id>tag:valley.test,2025:1</id><title>Troops withdraw</title>
  <link rel="alternate" href="http://127.0.0.1/withdraw"/>
  <published>2025-03-09T22:30:00-04:00</published><updated>2025-03-12T08:00:00Z</updated>
  <content type="html">
  &lt;p&gt;Troops withdrew from the border town of Amsa on Sunday.&lt;/p&gt;</content>
  <summary>Withdrawal.</summary></entry>
<entry><id>tag:valley.test,2025:2</id><title>Minister resigns</title>
  <updated>2025-03-11T10:00:00Z</updated>
  <summary>The interior minister resigned after the protests.</summary></entry>
</feed>
"""


def test_feeds_rss_items_are_stories_with_ids_dates_and_source(tmp_path: Path) -> None:
    feed = tmp_path / "wire.rss"
    feed.write_text(RSS, encoding="utf-8")
    items = read(feed)
    stories = by_id(items)
    assert list(stories) == ["hw-1", "http://127.0.0.1/talks", "sha256:" + next(
        s for s in stories if s.startswith("sha256:"))[7:]]
    post = stories["hw-1"]
    # The day as written in the feed (23:05 at UTC-5), not moved to UTC.
    assert (post.published, post.source, post.title, post.url) == (
        "2025-03-10", "Harbour Wire", "Post attacked", "http://127.0.0.1/post")
    assert post.text == f"{_P1}\n{_P2}"
    assert post.origin == f"{feed}#item1"
    talks = stories["http://127.0.0.1/talks"]  # no guid: the link; content before summary
    assert talks.text == "Envoys of both sides met in Tarsa and agreed to a truce."
    assert (talks.published, talks.title) == ("2025-03-11", "Talks & truce")
    reasons = rejected(items)
    assert reasons["hw-3"].startswith("'published' is not a real date")
    assert reasons["hw-4"].startswith("the feed item has no content or summary")
    assert reasons["hw-1"].startswith("duplicate id in this input: the same story again")
    assert len(items) == 6


def test_feeds_rss_hash_id_is_stable(tmp_path: Path) -> None:
    (tmp_path / "a.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "b.rss").write_text(RSS.replace("hw-4", "hw-44"), encoding="utf-8")
    first = [s.id for s in read(tmp_path / "a.rss") if isinstance(s, Story)]
    second = [s.id for s in read(tmp_path / "b.rss") if isinstance(s, Story)]
    assert first == second and first[-1].startswith("sha256:") and len(first[-1]) == 23


def test_feeds_atom_entries(tmp_path: Path) -> None:
    feed = tmp_path / "desk.atom"
    feed.write_text(ATOM, encoding="utf-8")
    stories = by_id(read(feed))
    one, two = stories["tag:valley.test,2025:1"], stories["tag:valley.test,2025:2"]
    assert (one.published, one.source, one.url) == ("2025-03-09", "Valley Desk",
                                                    "http://127.0.0.1/withdraw")
    assert one.text == "Troops withdrew from the border town of Amsa on Sunday."
    assert (two.published, two.url) == ("2025-03-11", None)  # no <published>: <updated>
    assert two.text == "The interior minister resigned after the protests."


@pytest.mark.parametrize(("content", "expected"), [
    (ATOM, "story"),
    (RSS.replace('<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?>\n<!-- a '
                 'comment -->'), "story"),
    ('<?xml version="1.0"?><catalog><book>One</book></catalog>',
     "an .xml file is read only as an RSS or Atom feed; this one's root element is <catalog>"),
    ("", "empty file"),
])
def test_feeds_xml_is_read_only_when_it_is_a_feed(tmp_path: Path, content: str,
                                                   expected: str) -> None:
    f = tmp_path / "export.xml"
    f.write_text(content, encoding="utf-8")
    items = read(f)
    if expected == "story":
        assert any(isinstance(i, Story) for i in items)
    else:
        assert [i.reason for i in items if isinstance(i, Rejection)] == [expected]


def test_feeds_broken_feed_says_so_and_keeps_what_it_can(tmp_path: Path) -> None:
    f = tmp_path / "cut.rss"
    f.write_text(RSS[: RSS.index("<item><title>Headline only")] + "<item><title>a & b",
                 encoding="utf-8")
    items = read(f)
    assert "hw-1" in by_id(items)
    assert rejected(items)["cut.rss"].startswith("the feed is not well-formed XML")
    (tmp_path / "junk.rss").write_bytes(b"this is not a feed")
    (item,) = read(tmp_path / "junk.rss")
    assert isinstance(item, Rejection) and item.reason.startswith(
        "not a readable RSS or Atom feed")


# --- WARC ---------------------------------------------------------------------------------

def _page(title: str, body: str, date: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    paras = "".join(f"<p>{body} {n}</p>" for n in ("One account.", "A second account."))
    return (f"<html><head><title>{title}</title>{meta}</head><body><nav>Home | World</nav>"
            f"<article><h1>{title}</h1>{paras}</article></body></html>").encode()


def write_warc(path: Path, *, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)

    def response(url: str, body: bytes, ctype: str = "text/html; charset=utf-8",
                 status: str = "200 OK") -> None:
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http,
            warc_headers_dict={"WARC-Date": "2025-03-14T02:00:00Z"}))

    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    writer.write_record(writer.create_warc_record(
        "http://127.0.0.1/dated", "request", payload=io.BytesIO(b"GET /dated HTTP/1.1\r\n\r\n"),
        http_headers=StatusAndHeaders("GET /dated HTTP/1.1", [], is_http_request=True)))
    body = "Soldiers shelled the hill villages east of Kordo overnight, residents said."
    response("http://127.0.0.1/dated", _page("Kordo shelled", body, "2025-03-12"))
    response("http://127.0.0.1/report.pdf", b"%PDF-1.4 not a page", ctype="application/pdf")
    # A corrupt record between two good ones: bytes that are no WARC record.
    out.write(gzip.compress(b"this is no WARC record\r\n\r\n") if gz
              else b"this is no WARC record\r\n\r\n")
    body = "Dockworkers went on strike in the port of Salen, the union said."
    response("http://127.0.0.1/undated", _page("Salen strike", body))
    response("http://127.0.0.1/gone", b"<html><body>Not found</body></html>",
             status="404 Not Found")
    writer.write_record(writer.create_warc_record(
        "http://127.0.0.1/undated", "metadata", payload=io.BytesIO(b"outlink: x"),
        warc_content_type="application/warc-fields"))
    path.write_bytes(out.getvalue())


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_are_stories_and_the_rest_is_accounted_for(
        tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, gz=name.endswith(".gz"))
    items = read(path)
    stories = by_id(items)
    assert list(stories) == ["http://127.0.0.1/dated", "http://127.0.0.1/undated"]
    dated, undated = stories.values()
    assert dated.published == "2025-03-12"  # the page's own date
    assert undated.published == "2025-03-14"  # none in the page: the WARC-Date's day
    assert dated.url == "http://127.0.0.1/dated" and dated.title == "Kordo shelled"
    assert "Soldiers shelled the hill villages" in dated.text
    assert "Home | World" not in dated.text
    reasons = rejected(items)
    assert reasons["http://127.0.0.1/report.pdf"] == (
        "archived response is application/pdf, not an HTML page; skipped")
    assert reasons["http://127.0.0.1/gone"].startswith("archived response has HTTP status 404")
    (corrupt,) = [r for r in reasons if r.startswith(f"{name}@")]
    assert reasons[corrupt].startswith("unreadable WARC record at byte ")
    assert reasons[corrupt].endswith("the records after it are read")
    assert len(items) == 5  # warcinfo, request and metadata records are no captures


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"plain words, no archive", "unreadable WARC record at byte 0: "),
])
def test_warc_empty_or_not_an_archive_is_one_rejection(tmp_path: Path, content: bytes,
                                                        reason: str) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(content)
    (item,) = read(path)
    assert isinstance(item, Rejection) and item.reason.startswith(reason)


def test_warc_cut_short_keeps_the_records_before(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    write_warc(path, gz=True)
    path.write_bytes(path.read_bytes()[:-40])
    assert "http://127.0.0.1/dated" in by_id(read(path))


# --- URL lists and fetching -----------------------------------------------------------------

SITE: dict[str, tuple[int, str, bytes]] = {
    "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
    "/page": (200, "text/html; charset=utf-8",
              _page("Harbour protest", "Fishermen protested in the harbour of Tarsa.")),
    "/feed": (200, "application/rss+xml", b""),  # filled in by the fixture
    "/article": (200, "text/html; charset=utf-8",
                 _page("Full story", "Rebels attacked an army post near Qalat at dawn.")),
    "/private/secret": (200, "text/html", _page("Secret", "Never to be fetched.")),
    "/moved": (302, "text/html", b""),
    "/report.pdf": (200, "application/pdf", b"%PDF-1.4"),
}


@pytest.fixture
def site() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """A local site on 127.0.0.1; yields its base URL and the (path, User-Agent) requested."""
    requests: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server calls it by this name
            requests.append((self.path, self.headers.get("User-Agent", "")))
            status, ctype, body = SITE.get(self.path, (404, "text/plain", b"not here"))
            if self.path == "/feed":
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                body = RSS.replace("http://127.0.0.1/post", f"{base}/article").replace(
                    "http://127.0.0.1/talks", f"{base}/private/secret").encode()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if status == 302:
                self.send_header("Location", "/private/secret")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def test_urls_without_fetch_each_url_is_a_rejection_saying_add_fetch(tmp_path: Path) -> None:
    f = tmp_path / "list.urls"
    f.write_text("# morning list\nhttp://127.0.0.1:9/a\n\nhttp://127.0.0.1:9/b\nnot a url\n",
                 encoding="utf-8")
    items = read(f, "http://127.0.0.1:9/c")
    assert [(r.story_id, r.reason) for r in items if isinstance(r, Rejection)] == [
        ("http://127.0.0.1:9/a", "not fetched: reading a URL needs --fetch (network fetching "
                                 "is off by default)"),
        ("http://127.0.0.1:9/b", "not fetched: reading a URL needs --fetch (network fetching "
                                 "is off by default)"),
        ("list.urls:5", "line 5 is not an http(s) URL: 'not a url'"),
        ("http://127.0.0.1:9/c", "not fetched: reading a URL needs --fetch (network fetching "
                                 "is off by default)")]
    assert items[0].origin == f"{f}:2"


def test_fetch_pages_feeds_and_robots(tmp_path: Path,
                                      site: tuple[str, list[tuple[str, str]]]) -> None:
    base, requests = site
    f = tmp_path / "list.urls"
    f.write_text("\n".join(f"{base}{p}" for p in ("/page", "/private/secret", "/moved",
                                                     "/report.pdf", "/missing", "/feed")),
                 encoding="utf-8")
    items = read(f, fetcher=Fetcher(delay=0))
    stories, reasons = by_id(items), rejected(items)
    page = stories[f"{base}/page"]
    assert (page.title, page.url) == ("Harbour protest", f"{base}/page")
    assert "Fishermen protested" in page.text
    assert reasons[f"{base}/private/secret"] == (
        f"robots.txt of 127.0.0.1:{base.rsplit(':', 1)[1]} disallows {base}/private/secret; "
        f"not fetched")
    assert "disallows" in reasons[f"{base}/moved"]  # a redirect into /private/ is not followed
    assert reasons[f"{base}/report.pdf"].endswith("is application/pdf, not an HTML page or an "
                                                  "RSS/Atom feed")
    assert reasons[f"{base}/missing"] == f"HTTP 404 from {base}/missing"
    # The feed's items: the first item's linked page gives its main text; the second links
    # into /private/, so it keeps the feed's own text.
    assert "Rebels attacked an army post near Qalat at dawn." in stories["hw-1"].text
    assert stories["hw-1"].source == "Harbour Wire"
    assert stories[f"{base}/private/secret"].text.startswith("Envoys of both sides")
    paths = [p for p, _ in requests]
    assert paths.count("/robots.txt") == 1
    assert not [p for p in paths if p.startswith("/private/")]
    assert all(agent.startswith("Khaldun/") for _, agent in requests)


def test_fetch_waits_between_requests_to_one_host() -> None:
    now = [0.0]
    waits: list[float] = []

    def opener(request: object, timeout: float) -> io.BytesIO:
        from email.message import Message

        answer = io.BytesIO(b"User-agent: *\nCrawl-delay: 3\n")
        answer.headers = Message()  # type: ignore[attr-defined]
        answer.status = 200  # type: ignore[attr-defined]
        now[0] += 0.5
        return answer

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    fetcher = Fetcher(delay=1.0, opener=opener, clock=lambda: now[0], sleep=sleep)
    assert isinstance(fetcher.get("http://127.0.0.1:9/a"), Page)
    assert isinstance(fetcher.get("http://127.0.0.1:9/b"), Page)
    assert waits == [3.0, 3.0]  # robots.txt, then /a, then /b: the host's Crawl-delay apart


@pytest.mark.parametrize(("robots", "expected"), [
    ((500, "text/plain", b""), "robots.txt of HOST answers HTTP 500; nothing fetched from it"),
    ((403, "text/plain", b""), "robots.txt of HOST disallows URL; not fetched"),
])
def test_fetch_robots_txt_that_forbids_or_fails_stops_the_host(
        site: tuple[str, list[tuple[str, str]]], monkeypatch: pytest.MonkeyPatch,
        robots: tuple[int, str, bytes], expected: str) -> None:
    base, requests = site
    monkeypatch.setitem(SITE, "/robots.txt", robots)
    answer = Fetcher(delay=0).get(f"{base}/page")
    assert isinstance(answer, Failure)
    assert answer.reason == expected.replace("HOST", base[7:]).replace("URL", f"{base}/page")
    assert [p for p, _ in requests] == ["/robots.txt"]


def test_fetch_refuses_other_schemes_and_unreachable_hosts() -> None:
    fetcher = Fetcher(delay=0, timeout=2)
    assert fetcher.get("file:///etc/hostname") == Failure(
        "not an http(s) URL: file:///etc/hostname")
    answer = fetcher.get("http://127.0.0.1:9/x")  # port 9 (discard): nothing listens
    assert isinstance(answer, Failure) and answer.reason.startswith("robots.txt of 127.0.0.1:9 "
                                                                    "cannot be read")


# --- the command line ---------------------------------------------------------------------

def _invoke(*args: str):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from khaldun.apps.cli import app

    return CliRunner().invoke(app, list(args))


def test_cli_code_help_names_the_formats_and_fetch() -> None:
    result = _invoke("code", "--help")
    assert result.exit_code == 0
    for word in ("--fetch", ".rss", ".warc.gz", ".urls"):
        assert word in result.output


@pytest.mark.slow
def test_cli_code_feeds_and_archives_into_the_database(tmp_path: Path) -> None:
    import duckdb

    (tmp_path / "wire.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "desk.atom").write_text(ATOM, encoding="utf-8")
    write_warc(tmp_path / "crawl.warc.gz", gz=True)
    db = tmp_path / "k.duckdb"
    result = _invoke("code", str(tmp_path / "wire.rss"), str(tmp_path / "desk.atom"),
                     str(tmp_path / "crawl.warc.gz"), "--db", str(db))
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT story_id, CAST(published AS VARCHAR), source FROM stories "
                       "ORDER BY story_id").fetchall()
    hashed = next(r[0] for r in rows if r[0].startswith("sha256:"))
    assert rows == sorted([
        ("hw-1", "2025-03-10", "Harbour Wire"),
        ("http://127.0.0.1/talks", "2025-03-11", "Harbour Wire"),
        (hashed, None, "Harbour Wire"),
        ("tag:valley.test,2025:1", "2025-03-09", "Valley Desk"),
        ("tag:valley.test,2025:2", "2025-03-11", "Valley Desk"),
        ("http://127.0.0.1/dated", "2025-03-12", None),
        ("http://127.0.0.1/undated", "2025-03-14", None)])
    reasons = dict(con.execute("SELECT story_id, reason FROM rejections").fetchall())
    assert set(reasons) == {"hw-1", "hw-3", "hw-4", "http://127.0.0.1/report.pdf",
                            "http://127.0.0.1/gone", next(r for r in reasons
                                                          if r.startswith("crawl.warc.gz@"))}
    events = con.execute("SELECT story_id, event FROM events").fetchall()
    assert ("hw-1", "ASSAULT") in events


@pytest.mark.slow
def test_cli_code_fetch_reads_a_url_list_from_a_local_server(
        tmp_path: Path, site: tuple[str, list[tuple[str, str]]]) -> None:
    import duckdb

    base, requests = site
    urls = tmp_path / "today.urls"
    urls.write_text(f"# test list\n{base}/page\n{base}/private/secret\n", encoding="utf-8")
    without = _invoke("code", str(urls), "--db", str(tmp_path / "none.duckdb"))
    assert without.exit_code == 1  # nothing coded
    assert without.output.count("reading a URL needs --fetch") == 2
    assert requests == []  # no --fetch: no request at all
    db = tmp_path / "k.duckdb"
    result = _invoke("code", str(urls), "--fetch", "--db", str(db))
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT story_id, url FROM stories").fetchall() == [
        (f"{base}/page", f"{base}/page")]
    (reason,) = con.execute("SELECT reason FROM rejections").fetchone() or ()
    assert "disallows" in reason
