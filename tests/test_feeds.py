"""Feeds and web archives (issue 16, item 1). Every feed, archive and page here is made by the
test, with our own text."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from khaldun.ingest.readers import read_paths
from khaldun.pipeline import unique_ids
from khaldun.records import Rejection, Story


def read(*paths: Path | str) -> list[Story | Rejection]:
    return list(unique_ids(read_paths([str(p) for p in paths])))


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


def test_warc_cut_short_keeps_the_records_before(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    write_warc(path, gz=True)
    path.write_bytes(path.read_bytes()[:-40])
    assert "http://127.0.0.1/dated" in by_id(read(path))


# --- the command line ---------------------------------------------------------------------

def _invoke(*args: str):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from khaldun.apps.cli import app

    return CliRunner().invoke(app, list(args))


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
