"""The crawl's URL rules, discovery parsers and seed lists, without a crawl."""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest

from cleaners.core.metadata import author_name
from crawler.discovery import (
    article_evidence,
    base_url,
    canonical_link,
    feed_entries,
    feed_links,
    page_links,
    parse_xml,
    sitemap_entries,
    xml_kind,
)
from crawler.seeds import SeedError, read_seeds
from crawler.urls import canonical_url, is_pagination, is_skipped_file, site_of, url_shape
from crawler.worker import PageJob, PageReport, examine_page
from tests.conftest import REPO, SAMPLES
from tests.fixture_site import Site
from tests.fixture_site import content as fixture
from tests.synthetic_pages import photo_story

BASE = "http://127.0.0.1:8000"


def test_canonical_url_drops_tracking_fragment_and_trailing_slash():
    assert canonical_url("HTTPS://WWW.Nhandan.vn:443/thoi-su/?utm_source=fb&b=2&a=1&fbclid=x#top") == \
        "https://www.nhandan.vn/thoi-su?a=1&b=2"
    assert canonical_url("http://baoquocte.vn") == "http://baoquocte.vn/"


def test_www_and_bare_domain_are_one_site():
    assert site_of("https://www.nhandan.vn/a") == site_of("http://nhandan.vn/b") == "nhandan.vn"
    assert site_of("https://english.nhandan.vn/") != "nhandan.vn"


@pytest.mark.parametrize(("url", "shape"), [
    ("http://baotuyenquang.com.vn/tap-huan-cong-tac-thong-tin-doi-ngoai-va-nhan-quyen-196308.html", "article"),
    ("https://nhandan.vn/hoi-nghi-thong-tin-doi-ngoai-post820123.html", "article"),
    ("https://baochinhphu.vn/thu-tuong-chu-tri-hoi-nghi-102241016093045678.htm", "article"),
    ("https://stttt.thanhhoa.gov.vn/portal/Pages/2024-7-25/Hoi-nghi-tap-huan-thong-tin-doi-ngoai.aspx", "article"),
    ("https://example.vn/tin-tuc/chi-tiet.aspx?id=1234", "article"),
    ("https://nhandan.vn/", "listing"),
    ("https://baoquocte.vn/thoi-su", "listing"),
    ("https://baoquocte.vn/thoi-su/trang-2", "listing"),
    ("https://tuyengiao.vn/tag/nhan-quyen", "listing"),
])
def test_url_shape(url, shape):
    assert url_shape(url) == shape


def test_files_and_pagination_by_url():
    assert is_skipped_file(BASE + fixture.PDF) and is_skipped_file(BASE + fixture.IMAGE)
    assert is_skipped_file("https://x.vn/a/video.mp4") and is_skipped_file("https://x.vn/b.tar.gz")
    assert not is_skipped_file("https://x.vn/a-123.html") and not is_skipped_file("https://x.vn/Pages/a.aspx")
    assert is_pagination("https://x.vn/thoi-su?page=3") and is_pagination("https://x.vn/thoi-su/trang-2")
    assert not is_pagination("https://x.vn/thoi-su/bai-viet-12345.html")


def test_sitemaps_and_feed_of_the_fixture_site():
    site = Site()
    index = parse_xml(site.sitemap_index(BASE).encode())
    assert xml_kind(index) == "sitemapindex"
    assert [e.url for e in sitemap_entries(index)] == [BASE + "/sitemaps/bai-viet.xml",
                                                        BASE + "/sitemaps/tin-moi.xml.gz"]
    news = parse_xml(gzip.decompress(site.news_sitemap_gz(BASE)))
    entries = sitemap_entries(news)
    assert xml_kind(news) == "urlset"
    assert [(e.url, e.date) for e in entries] == [(BASE + a.path, a.date) for a in site.articles[-5:]]
    feed = parse_xml(site.rss(BASE).encode())
    assert xml_kind(feed) == "rss"
    assert feed_entries(feed)[0].url == BASE + site.article(fixture.FEED_ONLY).path
    assert feed_entries(feed)[0].date == site.article(fixture.FEED_ONLY).date


def test_atom_feed_entries():
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>'
            b'<link rel="alternate" href="https://x.vn/a-12345.html"/><published>2024-10-02T08:00:00+07:00</published>'
            b'</entry></feed>')
    root = parse_xml(atom)
    assert xml_kind(root) == "feed"
    assert [(e.url, e.date) for e in feed_entries(root)] == [("https://x.vn/a-12345.html", "2024-10-02T08:00:00+07:00")]


def test_article_evidence_tells_articles_from_listings():
    from lxml import html

    site = Site()
    portal = site.article(fixture.PORTAL)  # no article markup: the long text block decides
    for page, url, expected in [
        (site.article_page(site.article(9), BASE), BASE + site.article(9).path, True),
        (site.article_page(portal, BASE), BASE + portal.path, True),
        (site.long_listing(), BASE + fixture.LONG_LISTING, False),
        (site.category("thoi-su", 1), BASE + "/thoi-su", False),
        (site.home(BASE, "http://localhost:8000"), BASE + "/", False),
    ]:
        assert article_evidence(html.fromstring(page), url)[0] is expected, url


def test_page_links_resolve_against_base_once_each_in_order():
    from lxml import html

    page = html.fromstring(
        '<html><head><base href="https://tin.vn/thoi-su/"></head><body>'
        '<a href="bai-a-12345.html#binh-luan">A</a> <a href=" /kinh-te ">B</a>'
        '<a href="bai-a-12345.html">A again</a> <a href="https://khac.vn/x">off-site</a>'
        '<a href="javascript:void(0)">js</a> <a href="mailto:toasoan@tin.vn">mail</a> <a href="#top">top</a>'
        '<a>no href</a> <map><area href="/ban-do" alt="map"></map></body></html>')
    assert page_links(page, base_url(page, "https://tin.vn/trang-chu")) == [
        "https://tin.vn/thoi-su/bai-a-12345.html", "https://tin.vn/kinh-te", "https://khac.vn/x",
        "https://tin.vn/ban-do"]
    without_base = html.fromstring('<p><a href="bai-b-23456.html">B</a> <a href="../c">C</a></p>')
    assert page_links(without_base, base_url(without_base, "https://tin.vn/thoi-su/index.html")) == [
        "https://tin.vn/thoi-su/bai-b-23456.html", "https://tin.vn/c"]


def test_canonical_and_feed_links_resolve_against_base_too():
    from lxml import html

    head = ('<link rel="canonical" href="bai-a-12345.html"><link rel="alternate" type="application/rss+xml"'
            ' href="rss/thoi-su.rss"></head><body><a href="tin-moi.rss">RSS</a></body></html>')
    page = html.fromstring('<html><head><base href="https://tin.vn/thoi-su/">' + head)
    base = base_url(page, "https://tin.vn/amp/bai-a")
    assert canonical_link(page, base) == "https://tin.vn/thoi-su/bai-a-12345.html"
    assert feed_links(page, base) == ["https://tin.vn/thoi-su/rss/thoi-su.rss", "https://tin.vn/thoi-su/tin-moi.rss"]
    without_base = html.fromstring("<html><head>" + head)
    base = base_url(without_base, "https://tin.vn/amp/bai-a")
    assert canonical_link(without_base, base) == "https://tin.vn/amp/bai-a-12345.html"
    assert feed_links(without_base, base) == ["https://tin.vn/amp/rss/thoi-su.rss", "https://tin.vn/amp/tin-moi.rss"]


def _examine(page: str | bytes, path: str, **job) -> PageReport:
    body = page.encode("utf-8") if isinstance(page, str) else page
    return examine_page(PageJob(BASE + path, body, "text/html; charset=utf-8", came_from=frozenset(),
                                sites=frozenset({site_of(BASE)}), **job))


def test_examining_a_page_parses_once_for_links_kind_and_article():
    site = Site()
    article = site.article(9)
    report = _examine(site.article_page(article, BASE), article.path)
    assert report.article and report.canonical is None
    assert report.result.ok and report.result.record["url"] == BASE + article.path
    assert report.result.record["text"].splitlines()[-1] == article.body_lines[-1]
    assert BASE + "/thoi-su" in report.links and BASE + "/rss/tin-moi.rss" in report.feeds
    home = _examine(site.home(BASE, "http://localhost:8000"), "/")
    assert (home.article, home.result) == (False, None)
    assert BASE + site.article(fixture.PORTAL).path in home.links  # a teaser
    assert BASE + site.article(fixture.UTM_LINKED).path + "?utm_source=facebook&utm_medium=social" in home.links
    # Off-site links and files are counted, not listed; the category pages of a listing
    # are one hop further, its own next pages none.
    assert home.skipped == {"offsite": 1, "not_a_page": 2}
    assert not [url for url in home.links + home.pagination if "localhost" in url or url.endswith((".pdf", ".jpg"))]
    listing = _examine(site.category("thoi-su", 1), "/thoi-su")
    assert listing.pagination == [BASE + "/thoi-su/trang-2"] and BASE + "/kinh-te" in listing.links


def test_examining_a_copy_names_its_canonical_page_and_cleans_nothing():
    site = Site()
    article = site.article(fixture.PRINTED)
    copy = _examine(site.print_page(article, BASE), f"/in-bai/{article.number}")
    assert (copy.article, copy.canonical, copy.result) == (True, BASE + article.path, None)
    # Reached by a redirect from the page it names, it is that page: cleaned.
    redirected = examine_page(PageJob(BASE + f"/in-bai/{article.number}", site.print_page(article, BASE).encode(), None,
                                      came_from=frozenset({BASE + article.path}), sites=frozenset({site_of(BASE)})))
    assert redirected.canonical is None and redirected.result.ok


def test_examining_without_cleaning_and_an_unreadable_page():
    site = Site()
    article = site.article(5)
    links_only = _examine(site.article_page(article, BASE), article.path, clean=False)
    assert links_only.article and links_only.result is None and links_only.links
    binary = _examine(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "/anh.html")
    assert (binary.links, binary.article, binary.result.reason) == ([], False, "binary")


def test_examining_a_page_that_starts_with_an_xml_declaration():
    # lxml refuses a str declaring its encoding: the worker gave such a page neither its
    # article nor its links.
    site = Site()
    article = site.article(9)
    report = _examine('<?xml version="1.0" encoding="utf-8"?>\n' + site.article_page(article, BASE), article.path)
    assert report.article and report.result.ok, report.result and report.result.message
    assert report.result.record["text"].splitlines()[-1] == article.body_lines[-1]
    assert BASE + "/thoi-su" in report.links


def test_a_photo_story_without_article_markup_is_an_article():
    # One short paragraph and photos, no og:type or JSON-LD, under a media section: clean
    # keeps it, so the crawl must write it (2012-era VnExpress and Ngôi Sao photo stories).
    page = photo_story()
    path = urlsplit(page.url).path
    assert url_shape(page.url) == "article" and url_shape("https://ngoisao.example/anh/") == "listing"
    report = examine_page(PageJob("http://127.0.0.1:8000" + path, page.html.encode("utf-8"), "text/html",
                                  came_from=frozenset(), sites=frozenset({"127.0.0.1"})))
    assert report.article, report.why
    assert report.result.ok and report.result.record["text"].split("\n") == page.body
    assert report.result.record["title"] == page.title
    # Not cleaned, a page the markup and the text blocks do not call an article stays a
    # listing; a category URL is never cleaned to decide.
    site = Site()
    category = _examine(site.category("thoi-su", 1), "/thoi-su")
    assert (category.article, category.result) == (False, None)


def test_seed_file_lists_the_sample_source_and_peers():
    seeds = read_seeds("seeds/urls.txt")
    last_line = (SAMPLES / "000_c836c6da90bc76a8.txt").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert last_line.split(": ", 1)[1] in seeds
    hosts = {site_of(url) for url in seeds}
    assert {"baotuyenquang.com.vn", "nhandan.vn", "baoquocte.vn", "tuyengiao.vn", "baochinhphu.vn",
            "stttt.thanhhoa.gov.vn"} <= hosts


def test_seed_file_errors_name_file_and_line(tmp_path):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("# comment\nnhandan.vn  # bare host\n\nftp://x.vn/\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"seeds.txt:4: not an http\(s\) URL"):
        read_seeds(str(seeds))
    seeds.write_text("nhandan.vn # bare host\n", encoding="utf-8")
    assert read_seeds(str(seeds)) == ["https://nhandan.vn"]
    with pytest.raises(SeedError, match="cannot be read"):
        read_seeds(str(tmp_path / "missing.txt"))
    assert (REPO / "seeds" / "urls.txt").is_file()


@pytest.mark.parametrize(("raw", "name"), [("Tin; Ảnh Thu Hằng", "Thu Hằng"), ("Bài, ảnh: Minh Thư", "Minh Thư"),
                                           ("Bài Văn Nam", "Bài Văn Nam"), (None, None)])
def test_author_without_byline_label(raw, name):
    assert author_name(raw) == name


def _refresh_page(head: str, encoding: str = "utf-8", filler: int = 30_000) -> tuple[bytes, str]:
    chrome = "Chuyên mục thời sự, kinh tế, pháp luật, văn hóa. " * (filler // 50)
    page = f"<html><head>{head}<title>Đã chuyển</title></head><body><p>{chrome}</p></body></html>"
    return page.encode(encoding, "xmlcharrefreplace"), f"text/html; charset={encoding}"


@pytest.mark.parametrize("page", [
    _refresh_page('<meta http-equiv="refresh" content="0; url=/bai-moi-12345.html">'),
    _refresh_page('<meta http-equiv="refresh" content="0; url=/bài-mới-12345.html">', "windows-1258"),
    _refresh_page('<meta http-equiv="refresh" content="5;URL=\'https://tin.vn/x\'">', "utf-16"),
    _refresh_page('<meta http-equiv="refresh" content="600; url=/cham.html">'),  # over METAREFRESH_MAXDELAY
    _refresh_page("<!-- " + "ệ" * 3000 + ' --><meta http-equiv="refresh" content="0; url=/sau.html">'),
    _refresh_page("ệ" * 5461 + '<meta http-equiv="refresh" content="0; url=/xa.html">'),  # past 4096 characters
    _refresh_page(""),
    _refresh_page('<meta http-equiv="refresh" content="0; url=/ngan.html">', filler=100),
])
def test_head_meta_refresh_redirects_as_scrapy_does(page):
    from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from crawler.middlewares import HeadMetaRefreshMiddleware

    body, kind = page
    crawler = get_crawler()
    outcomes = []
    for middleware in (MetaRefreshMiddleware.from_crawler(crawler), HeadMetaRefreshMiddleware.from_crawler(crawler)):
        request = Request(BASE + "/da-chuyen.html")
        response = HtmlResponse(request.url, body=body, headers={"Content-Type": kind}, request=request)
        result = middleware.process_response(request, response)
        outcomes.append(result.url if isinstance(result, Request) else result is response)
    assert outcomes[0] == outcomes[1]
