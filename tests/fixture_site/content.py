"""The synthetic news site: articles, listings, feeds and sitemaps in the style of
Vietnamese provincial news and government portals (text written for this project).

``Site(n)`` holds ``n`` articles; the first few carry the special cases the crawl tests
need (only in the sitemap, only in the feed, no article markup, a 500 once, reached by a
redirect, linked with ``?utm_source``, a print copy with ``rel=canonical``)."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import random
import unicodedata
from dataclasses import dataclass

SITENAME = "Báo Miền Sơn điện tử"
CATEGORIES = {"thoi-su": "Thời sự", "kinh-te": "Kinh tế", "van-hoa": "Văn hóa - Xã hội"}
AUTHORS = ["Quang Hòa", "Minh Thư", "Đức Anh", "Thu Hằng", "Ngọc Lan", "Văn Toàn"]
PLACES = ["huyện Lâm Bình", "thành phố Tuyên Quang", "huyện Chiêm Hóa", "huyện Na Hang", "huyện Sơn Dương",
          "huyện Hàm Yên", "xã Thượng Lâm", "phường Minh Xuân"]
SUBJECTS = ["công tác thông tin đối ngoại", "chuyển đổi số trong cơ quan nhà nước", "phát triển du lịch cộng đồng",
            "xây dựng nông thôn mới", "bảo tồn văn hóa dân tộc Tày", "hỗ trợ hợp tác xã chè", "an toàn giao thông",
            "cải cách thủ tục hành chính"]
ACTIONS = ["Hội nghị tập huấn", "Tổng kết", "Triển khai", "Đẩy mạnh", "Sơ kết", "Hội thảo về"]
SENTENCES = [
    "Hội nghị có sự tham dự của đại diện lãnh đạo các sở, ban, ngành và cán bộ làm công tác chuyên môn ở cơ sở.",
    "Phát biểu tại buổi làm việc, đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh đề nghị các đơn vị bám sát kế hoạch đã đề ra.",
    "Trong năm qua, địa phương đã chủ động phối hợp với các cơ quan báo chí để tuyên truyền kịp thời các chủ trương mới.",
    "Nhiều mô hình hay, cách làm sáng tạo đã được nhân rộng, góp phần nâng cao đời sống vật chất và tinh thần của người dân.",
    "Các đại biểu đã thảo luận sôi nổi, chỉ ra những khó khăn, vướng mắc và đề xuất giải pháp tháo gỡ trong thời gian tới.",
    "Bên cạnh kết quả đạt được, việc triển khai ở một số nơi vẫn còn chậm, nguồn lực đầu tư chưa đáp ứng yêu cầu.",
    "Ban tổ chức cho biết, các lớp bồi dưỡng sẽ tiếp tục được mở tại những xã vùng sâu, vùng xa trong quý tới.",
    "Người dân phấn khởi khi con đường bê tông mới giúp việc vận chuyển nông sản ra trung tâm huyện thuận lợi hơn.",
    "Theo kế hoạch, đến cuối năm toàn tỉnh phấn đấu hoàn thành các chỉ tiêu về thu nhập bình quân đầu người.",
    "Lãnh đạo sở nhấn mạnh yêu cầu bảo đảm thông tin chính thống, chính xác và kịp thời đến với mọi tầng lớp nhân dân.",
    "Dịp này, nhiều tập thể và cá nhân có thành tích xuất sắc đã được khen thưởng vì những đóng góp tích cực.",
    "Các hợp tác xã được hướng dẫn quy trình sản xuất an toàn, đăng ký nhãn hiệu và đưa sản phẩm lên sàn thương mại điện tử.",
    "Hoạt động giao lưu văn nghệ với những làn điệu then, hát sli đã để lại ấn tượng sâu sắc đối với du khách.",
    "Sở Thông tin và Truyền thông sẽ tiếp tục phối hợp tổ chức kiểm tra, đánh giá kết quả thực hiện tại các đơn vị.",
    "Thời gian tới, ngành chức năng tập trung rà soát quy hoạch, huy động nguồn lực xã hội hóa cho các công trình trọng điểm.",
    "Tại buổi tọa đàm, các chuyên gia chia sẻ kinh nghiệm xây dựng nội dung số hấp dẫn và phù hợp với từng nhóm độc giả.",
]
CAPTIONS = ["Quang cảnh hội nghị.", "Các đại biểu tham quan mô hình sản xuất.", "Lãnh đạo tỉnh trao bằng khen cho các tập thể.",
            "Người dân tham gia ngày hội tại nhà văn hóa thôn."]
BASE_DATE = dt.datetime(2024, 10, 1, 7, 30)


def slugify(text: str) -> str:
    """Vietnamese title -> ASCII slug as .vn sites build them."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return "-".join(words)


@dataclass
class Article:
    number: int
    title: str
    category: str
    author: str
    published: dt.datetime
    lead: str
    paragraphs: list[str]
    caption: str
    style: str = "news"  # "news" (article markup) or "portal" (no markup, date line)

    @property
    def id(self) -> int:
        return 10000 + self.number

    @property
    def path(self) -> str:
        if self.style == "portal":
            return f"/portal/Pages/{self.published:%Y-%m-%d}/{slugify(self.title).title()}-{self.id}.aspx"
        return f"/{self.category}/{slugify(self.title)}-{self.id}.html"

    @property
    def date(self) -> str:
        return self.published.strftime("%Y-%m-%dT%H:%M:00+07:00")

    @property
    def body_lines(self) -> list[str]:
        """The article text a perfect cleaner keeps: lead and paragraphs."""
        return [self.lead, *self.paragraphs]


def make_article(number: int) -> Article:
    rng = random.Random(number)
    subject = SUBJECTS[number % len(SUBJECTS)]
    place = PLACES[(number // len(SUBJECTS)) % len(PLACES)]
    title = f"{ACTIONS[number % len(ACTIONS)]} {subject} tại {place} đợt {number}"
    lead = (f"Ngày {(number % 27) + 1} tháng {(number % 12) + 1}, tại {place}, các cơ quan chức năng đã tổ chức "
            f"hoạt động về {subject} với sự tham gia của {40 + number % 160} đại biểu.")
    sentences = rng.sample(SENTENCES, 8)
    paragraphs = [" ".join(sentences[i:i + 2]) for i in range(0, 8, 2)]
    paragraphs.append(f"Kết thúc đợt {number}, ban tổ chức đã ghi nhận {3 + number % 9} kiến nghị của cơ sở "
                      f"về {subject} để tổng hợp, báo cáo cấp trên xem xét.")
    return Article(number=number, title=title, category=list(CATEGORIES)[number % 3],
                   author=AUTHORS[number % len(AUTHORS)],
                   published=BASE_DATE + dt.timedelta(hours=7 * number), lead=lead, paragraphs=paragraphs,
                   caption=CAPTIONS[number % len(CAPTIONS)], style="portal" if number == 3 else "news")


# Roles of the first articles (the rest are ordinary, linked from the category pages).
SITEMAP_ONLY, FEED_ONLY, PORTAL, FLAKY, REDIRECTED, UTM_LINKED, PRINTED = 1, 2, 3, 4, 5, 6, 7
NOT_IN_LISTINGS = {SITEMAP_ONLY, FEED_ONLY}
# Paths that must never be requested (robots.txt disallow, a PDF, an image).
DISALLOWED = "/quan-tri/bai-nhap-chua-duoc-duyet-dang-tai-99999.html"
PDF = "/tai-lieu/bao-cao-cong-tac-thong-tin-doi-ngoai-2024.pdf"
IMAGE = "/anh/toan-canh-hoi-nghi-tap-huan.jpg"
MISSING = "/thoi-su/bai-viet-da-bi-go-bo-khoi-he-thong-99998.html"
LONG_LISTING = "/chuyen-de/thong-tin-doi-ngoai"
OFFSITE_PATH = "/bai-viet/tin-tu-trang-ngoai-site-khong-duoc-tai-99997.html"


class Site:
    """All pages of a fixture site with ``articles`` articles (at least 8)."""

    def __init__(self, articles: int = 12, per_page: int = 3) -> None:
        self.articles = [make_article(n) for n in range(1, max(articles, 8) + 1)]
        self.by_path = {a.path: a for a in self.articles}
        self.per_page = per_page

    def listed(self, category: str) -> list[Article]:
        return [a for a in self.articles if a.category == category and a.number not in NOT_IN_LISTINGS]

    def pages(self, category: str) -> int:
        return max(1, -(-len(self.listed(category)) // self.per_page))

    # -- page parts -----------------------------------------------------------------

    def _head(self, title: str, base: str, extra: str = "") -> str:
        return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)} - '
                f'{SITENAME}</title><link rel="alternate" type="application/rss+xml" title="Tin mới" '
                f'href="{base}/rss/tin-moi.rss">{extra}</head><body>')

    def _chrome_top(self) -> str:
        menu = "".join(f'<li><a href="/{slug}">{name}</a></li>' for slug, name in CATEGORIES.items())
        return ('<div class="top-bar"><span>Thứ Hai, 21/10/2024</span> <a href="/lien-he">Liên hệ</a> '
                '<a href="/quan-tri/dang-nhap">Đăng nhập</a></div>'
                f'<header><a href="/"><img src="/anh/logo.png" alt="{SITENAME}"></a><nav><ul>'
                f'<li><a href="/">Trang chủ</a></li>{menu}<li><a href="{LONG_LISTING}">Chuyên đề</a></li>'
                '</ul></nav></header>')

    def _chrome_bottom(self, others: list[Article]) -> str:
        latest = "".join(f'<li><a href="{a.path}">{html.escape(a.title)}</a></li>' for a in others)
        return ('<aside class="sidebar"><div class="box"><h3>Tin mới nhất</h3><ul>' + latest + '</ul></div>'
                '<div class="counter"><h4>Thống kê truy cập</h4><p>Đang online: 127</p><p>Hôm nay: 3.254</p>'
                '<p>Đã truy cập: 12.457.890</p></div></aside>'
                '<footer><p>Cơ quan chủ quản: Tỉnh ủy Miền Sơn</p><p>Giấy phép số 125/GP-BTTTT do Bộ Thông tin '
                'và Truyền thông cấp ngày 12/5/2021</p><p>Tòa soạn: số 8 đường Tân Trào, điện thoại 0207.3822.123</p>'
                f'<p>© Bản quyền thuộc về {SITENAME}. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>'
                '</footer></body></html>')

    def _teaser(self, article: Article, long: bool = False) -> str:
        summary = article.lead + (" " + article.paragraphs[0] if long else "")
        return (f'<div class="item"><h3><a href="{article.path}">{html.escape(article.title)}</a></h3>'
                f'<p class="summary">{html.escape(summary)}</p></div>')

    def _others(self, article: Article | None, count: int = 5) -> list[Article]:
        pool = [a for a in self.articles if a is not article and a.number not in NOT_IN_LISTINGS]
        start = (article.number if article else 0) % max(1, len(pool))
        return (pool[start:] + pool[:start])[:count]

    # -- pages ----------------------------------------------------------------------

    def home(self, base: str, offsite: str) -> str:
        latest = self._others(None, 6)
        return (self._head("Trang chủ", base) + self._chrome_top()
                + '<main><section class="latest">' + "".join(self._teaser(a) for a in latest)
                + '</section><section class="links"><ul>'
                f'<li><a href="/tin-cu/{REDIRECTED}">Bài viết cũ (đường dẫn cũ)</a></li>'
                f'<li><a href="{self.article(UTM_LINKED).path}?utm_source=facebook&amp;utm_medium=social#binh-luan">'
                'Chia sẻ nhiều nhất</a></li>'
                f'<li><a href="/in-bai/{PRINTED}">Bản in</a></li>'
                f'<li><a href="{PDF}">Tải báo cáo (PDF)</a></li><li><a href="{IMAGE}">Ảnh hội nghị</a></li>'
                f'<li><a href="{DISALLOWED}">Bài chờ duyệt</a></li><li><a href="{MISSING}">Bài đã gỡ</a></li>'
                f'<li><a href="{offsite}{OFFSITE_PATH}">Cổng thông tin tỉnh bạn</a></li>'
                '</ul></section></main>' + self._chrome_bottom(self._others(None)))

    def category(self, slug: str, page: int) -> str | None:
        if slug not in CATEGORIES or not 1 <= page <= self.pages(slug):
            return None
        items = self.listed(slug)[(page - 1) * self.per_page: page * self.per_page]
        pager = " ".join(f'<a href="/{slug}/trang-{n}">{n}</a>' if n > 1 else f'<a href="/{slug}">1</a>'
                         for n in range(1, self.pages(slug) + 1))
        if page < self.pages(slug):
            pager += f' <a rel="next" href="/{slug}/trang-{page + 1}">Trang sau »</a>'
        return (self._head(CATEGORIES[slug], "") + self._chrome_top() + f"<main><h1>{CATEGORIES[slug]}</h1>"
                + "".join(self._teaser(a) for a in items) + f'<div class="pager">{pager}</div></main>'
                + self._chrome_bottom(self._others(None)))

    def long_listing(self) -> str:
        """A topic page whose teasers add up to a lot of text: still a listing."""
        items = [a for a in self.articles if a.number not in NOT_IN_LISTINGS][:12]
        return (self._head("Chuyên đề thông tin đối ngoại", "", '<meta property="og:type" content="website">')
                + self._chrome_top() + "<main><h1>Chuyên đề: Thông tin đối ngoại</h1>"
                + "".join(self._teaser(a, long=True) for a in items) + "</main>"
                + self._chrome_bottom(self._others(None)))

    def contact(self, base: str) -> str:
        """A short page that is neither article nor listing."""
        return (self._head("Liên hệ", base) + self._chrome_top()
                + "<main><h1>Liên hệ</h1><p>Tòa soạn: số 8 đường Tân Trào.</p></main>" + self._chrome_bottom([]))

    def article(self, number: int) -> Article:
        return self.articles[number - 1]

    def article_page(self, article: Article, base: str) -> str:
        if article.style == "portal":
            extra = ""
            dateline = f"<p class=\"date\">Ngày đăng: {article.published:%d/%m/%Y %H:%M}</p>"
        else:
            ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
                  "datePublished": article.date, "author": {"@type": "Person", "name": article.author},
                  "publisher": {"@type": "Organization", "name": SITENAME}}
            extra = (f'<link rel="canonical" href="{base}{article.path}"><meta property="og:type" content="article">'
                     f'<meta property="og:title" content="{html.escape(article.title)}">'
                     f'<meta property="og:site_name" content="{SITENAME}">'
                     f'<meta property="article:published_time" content="{article.date}">'
                     f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
            dateline = f"<div class=\"date\">{article.published:%d/%m/%Y %H:%M}</div>"
        related = "".join(f'<li><a href="{a.path}">{html.escape(a.title)}</a></li>' for a in self._others(article, 3))
        body = "".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs[:2])
        body += (f'<figure><img src="/anh/{article.id}.jpg" alt=""><figcaption>{html.escape(article.caption)}'
                 '</figcaption></figure>')
        body += "".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs[2:])
        return (self._head(article.title, base, extra) + self._chrome_top()
                + f'<main><div class="breadcrumb"><a href="/">Trang chủ</a> » '
                f'<a href="/{article.category}">{CATEGORIES[article.category]}</a></div>'
                f'<article class="detail"><h1>{html.escape(article.title)}</h1>{dateline}'
                f'<p class="sapo"><strong>{html.escape(article.lead)}</strong></p><div class="content">{body}</div>'
                f'<p class="author"><strong>Tin, ảnh: {article.author}</strong></p></article>'
                f'<div class="related"><h3>Có thể bạn quan tâm</h3><ul>{related}</ul></div></main>'
                + self._chrome_bottom(self._others(article)))

    def print_page(self, article: Article, base: str) -> str:
        """A print copy whose ``rel=canonical`` names the article."""
        page = self.article_page(article, base)
        return page.replace("<body>", '<body class="print">', 1)

    # -- robots, sitemaps, feed -------------------------------------------------------

    def robots(self, base: str) -> str:
        return f"User-agent: *\nDisallow: /quan-tri/\n\nSitemap: {base}/sitemap_index.xml\n"

    def sitemap_index(self, base: str) -> str:
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{base}/sitemaps/bai-viet.xml</loc></sitemap>"
                f"<sitemap><loc>{base}/sitemaps/tin-moi.xml.gz</loc></sitemap></sitemapindex>")

    def sitemap(self, base: str) -> str:
        urls = "".join(f"<url><loc>{base}{a.path}</loc><lastmod>{a.date}</lastmod></url>"
                       for a in self.articles if a.number != FEED_ONLY)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + urls + "</urlset>")

    def news_sitemap_gz(self, base: str) -> bytes:
        items = "".join(
            f"<url><loc>{base}{a.path}</loc><news:news><news:publication><news:name>{SITENAME}</news:name>"
            "<news:language>vi</news:language></news:publication>"
            f"<news:publication_date>{a.date}</news:publication_date><news:title>{html.escape(a.title)}"
            "</news:title></news:news></url>" for a in self.articles[-5:])
        xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + items + "</urlset>")
        return gzip.compress(xml.encode("utf-8"), mtime=0)

    def rss(self, base: str) -> str:
        chosen = [self.article(FEED_ONLY), *self.articles[-4:]]
        items = "".join(f"<item><title>{html.escape(a.title)}</title><link>{base}{a.path}</link>"
                        f"<pubDate>{a.published:%a, %d %b %Y %H:%M:%S} +0700</pubDate></item>" for a in chosen)
        return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>{SITENAME} - Tin mới</title><link>{base}/</link>{items}</channel></rss>")
