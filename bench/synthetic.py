"""Synthetic Vietnamese article pages for the memory and scale benchmarks.

Each page copies the structure of the saved real pages: a head with meta tags, JSON-LD
and scripts, a long navigation menu, breadcrumbs, the article (headline, date line, lead,
paragraphs, photos with captions, byline), a "Tin liên quan" block inside the article, a
"Có thể bạn quan tâm" block after it, a most-read sidebar, a visitor counter and the
licence footer. Sizes run from about 30 to 200 KB, as real pages do. Deterministic per
index.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.local_server import LocalHandler, LocalServer

_WORDS = (
    "hội nghị thông tin đối ngoại năm nay được tổ chức tại thành phố với sự tham gia của "
    "đại biểu các bộ ngành địa phương doanh nghiệp người dân phát triển kinh tế xã hội "
    "chính sách quan trọng trong bối cảnh mới tăng cường hợp tác quốc tế bảo đảm quyền "
    "con người nâng cao chất lượng giáo dục đào tạo nguồn nhân lực chuyển đổi số môi "
    "trường bền vững nông nghiệp công nghiệp dịch vụ du lịch văn hóa thể thao y tế an "
    "sinh lao động việc làm thu nhập đầu tư hạ tầng giao thông đô thị nông thôn biển đảo "
    "khoa học công nghệ đổi mới sáng tạo năng lượng tài chính ngân hàng thị trường xuất khẩu"
).split()
_MENU = ("Thời sự", "Thế giới", "Kinh tế", "Xã hội", "Pháp luật", "Văn hóa", "Giáo dục", "Sức khỏe",
         "Thể thao", "Công nghệ", "Du lịch", "Bất động sản", "Ô tô - Xe máy", "Bạn đọc", "Video")
_NAMES = ("Quang Hòa", "Minh Anh", "Thu Hà", "Ngọc Lan", "Văn Nam", "Hải Yến", "Đức Minh")


def _sentence(rng: random.Random, low: int = 12, high: int = 30) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def _headline(rng: random.Random) -> str:
    return _sentence(rng, 8, 14).rstrip(".")


def _link_list(rng: random.Random, count: int, prefix: str) -> str:
    items = "".join(f'<li><a href="/{prefix}-{rng.randrange(10**6)}.html">{_headline(rng)}</a></li>'
                    for _ in range(count))
    return f"<ul>{items}</ul>"


def synthetic_page(index: int) -> str:
    """One article page, 30 to 200 KB, the same for the same index."""
    rng = random.Random(index)
    title = _headline(rng)
    author = rng.choice(_NAMES)
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    iso = f"2024-{month:02d}-{day:02d}T{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:00+07:00"
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "datePublished": iso, "author": {"@type": "Person", "name": author},
          "publisher": {"@type": "Organization", "name": "Báo Tổng Hợp"}}
    # Real pages carry tens to hundreds of KB of inline scripts and menus around a short
    # article; the script size sets the page size.
    script = "var cfg = " + json.dumps({f"k{i}": _sentence(rng, 3, 6) for i in range(rng.randint(250, 4000))},
                                       ensure_ascii=False) + ";"
    menu = "".join(f'<li><a href="/{i}.html">{name}</a>{_link_list(rng, 4, "m")}</li>'
                   for i, name in enumerate(_MENU))
    body = []
    for number in range(rng.randint(6, 16)):
        body.append(f"<p>{_paragraph(rng)}</p>")
        if number % 4 == 2:
            caption = _sentence(rng, 6, 12).rstrip(".")
            body.append(f'<figure><img src="/img/{index}-{number}.jpg" alt="{caption}">'
                        f"<figcaption>{caption} (Ảnh: {rng.choice(_NAMES)})</figcaption></figure>")
        if number == 3:
            body.append(f'<div class="related-inline"><strong>Tin liên quan</strong>{_link_list(rng, 3, "r")}</div>')
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} | Báo Tổng Hợp</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta property="og:site_name" content="Báo Tổng Hợp">
<link rel="canonical" href="https://baotonghop.example.vn/bai-viet-{index}.html">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script>{script}</script><style>.menu li{{display:inline-block}} .footer{{color:#333}}</style>
</head><body>
<header><div class="logo"><a href="/">Báo Tổng Hợp</a></div><nav class="menu"><ul>{menu}</ul></nav></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/xa-hoi.html">Xã hội</a></div>
<div class="container"><div class="main">
<article class="detail">
<h1 class="title">{title}</h1>
<div class="date">Thứ Ba, {day:02d}/{month:02d}/2024 {iso[11:16]} (GMT+7)</div>
<div class="content"><p class="lead"><strong>{_paragraph(rng)}</strong></p>
{"".join(body)}
<p class="author">Tin, ảnh: {author}</p></div>
</article>
<div class="box-related"><h3>Có thể bạn quan tâm</h3>{_link_list(rng, 8, "q")}</div>
<div class="comments"><h3>Ý kiến bạn đọc</h3><form><textarea></textarea><button>Gửi</button></form></div>
</div>
<aside class="sidebar"><h3>Đọc nhiều nhất</h3>{_link_list(rng, 10, "d")}
<div class="counter"><div>Thống kê truy cập</div><div>Đang online: {rng.randint(10, 900)}</div>
<div>Đã truy cập: {rng.randint(10**5, 10**7)}</div></div></aside></div>
<footer class="footer"><p>BÁO TỔNG HỢP</p><p>Giấy phép số {rng.randint(100, 999)}/GP-BTTTT cấp ngày 01/01/2020</p>
<p>Chịu trách nhiệm xuất bản: {rng.choice(_NAMES)}</p><p>Địa chỉ: 1 Đường Số 1, Hà Nội. Điện thoại: 024 0000 0000</p>
</footer></body></html>"""


# Distinct articles generated; further documents repeat them under their own URL (making
# a page costs more than cleaning it, and the memory check needs many, not all different).
DISTINCT = 500


def write_pages(folder: Path, count: int) -> Path:
    """Write ``count`` synthetic pages as ``folder/NNNNNN.html``; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[int, str] = {}
    for index in range(count):
        base = index % DISTINCT
        if base not in made:
            made[base] = synthetic_page(base)
        page = made[base].replace(f"bai-viet-{base}.html", f"bai-viet-{index}.html")
        (folder / f"{index:06d}.html").write_text(page, encoding="utf-8")
    return folder


def article_page(index: int, base_pages: dict[int, list[bytes]]) -> str:
    """Article ``index``: a synthetic page of its own (distinct URL and text), made from one
    of ``DISTINCT`` generated pages."""
    return article_bytes(index, base_pages).decode("utf-8")


def article_bytes(index: int, base_pages: dict[int, list[bytes]]) -> bytes:
    """``article_page`` encoded, joined from pieces of its base page kept in ``base_pages``
    (the site serves it at the cost of a copy, so the crawl's figures count little of it)."""
    base = index % DISTINCT
    if base not in base_pages:
        page = (synthetic_page(base).replace(f"bai-viet-{base}.html", "bai-viet-\0.html")
                .replace('<p class="lead"><strong>', '<p class="lead"><strong>Bản tin số \0. ', 1))
        base_pages[base] = page.encode("utf-8").split(b"\0")
    return str(index).encode().join(base_pages[base])


class SyntheticSite(LocalServer):
    """A site of ``articles`` synthetic article pages on 127.0.0.1, found through
    robots.txt and its sitemap (the pages' own links lead nowhere: crawl it at depth 1)."""

    def __init__(self, articles: int) -> None:
        super().__init__(_SyntheticHandler)
        self.articles = articles
        self.base_pages: dict[int, list[bytes]] = {}

    @staticmethod
    def path(index: int) -> str:
        return f"/tin-tuc/ban-tin-tong-hop-so-{index}-{100000 + index}.html"

    def start(self) -> SyntheticSite:
        for index in range(min(self.articles, DISTINCT)):  # made before any request is timed
            article_bytes(index, self.base_pages)
        return super().start()


class _SyntheticHandler(LocalHandler):
    server: SyntheticSite

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        site = self.server
        self.note()
        path = self.path.split("?")[0]
        kind = "text/html; charset=utf-8"
        if path == "/robots.txt":
            body, kind = f"User-agent: *\nSitemap: {site.url}/sitemap.xml\n", "text/plain"
        elif path == "/sitemap.xml":
            body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    + "".join(f"<url><loc>{site.url}{site.path(i)}</loc></url>" for i in range(site.articles))
                    + "</urlset>")
            kind = "application/xml"
        elif path == "/":
            body = "<html><head><title>Báo Tổng Hợp</title></head><body><h1>Báo Tổng Hợp</h1></body></html>"
        elif path.startswith("/tin-tuc/") and path.rsplit("-", 1)[-1].removesuffix(".html").isdigit():
            index = int(path.rsplit("-", 1)[-1].removesuffix(".html")) - 100000
            body = article_bytes(index, site.base_pages) if 0 <= index < site.articles else ""
        else:
            body = ""
        self.send(200 if body else 404, body, kind)
