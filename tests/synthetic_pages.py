"""Synthetic Vietnamese news pages for the tests, written for them (no third-party text):
a provincial portal laid out in tables with a visitor counter, link lists and a licence
footer (like sample 001's site); a national paper with a date line, figures, a byline and
a "Có thể bạn quan tâm" block of unrelated stories (like samples 003/004); captions
repeated as alt text; a byline at the start. Each comes with what its record must say.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

# The article every page carries: long paragraphs, as in the samples.
TITLE = "Hội nghị tập huấn kỹ năng viết tin về chuyển đổi số cho cán bộ cơ sở năm 2024"
BODY = [
    "Sáng ngày 12/3, tại Hội trường Trung tâm Hội nghị tỉnh, Sở Thông tin và Truyền thông đã tổ "
    "chức hội nghị tập huấn kỹ năng viết tin, bài về chuyển đổi số cho gần 200 cán bộ làm công tác "
    "thông tin cơ sở đến từ các huyện, thị xã và thành phố trong tỉnh.",
    "Phát biểu khai mạc, đồng chí Trần Minh Đức, Phó Giám đốc Sở cho biết, năm qua hệ thống thông "
    "tin cơ sở đã đăng tải hàng nghìn tin, bài phản ánh kịp thời đời sống của nhân dân, tuy nhiên "
    "chất lượng nội dung ở một số nơi còn hạn chế, hình thức trình bày chưa thật sự hấp dẫn.",
    "Tại hội nghị, các học viên được giảng viên của Trường Đại học Báo chí hướng dẫn cách chọn đề "
    "tài, khai thác thông tin từ người dân, chụp ảnh bằng điện thoại và biên tập tin ngắn để đăng "
    "trên trang thông tin điện tử của xã, phường và các nền tảng mạng xã hội.",
    "Kết thúc hội nghị, Sở đề nghị các địa phương tiếp tục bố trí cán bộ có năng lực phụ trách "
    "công tác thông tin cơ sở, thường xuyên cập nhật kiến thức mới và phối hợp chặt chẽ với các cơ "
    "quan báo chí để lan tỏa những cách làm hay, mô hình hiệu quả trong chuyển đổi số.",
]
CAPTION_1 = "Đồng chí Trần Minh Đức phát biểu khai mạc hội nghị. (Ảnh: TA)"
CAPTION_2 = "Các học viên thực hành chụp ảnh bằng điện thoại. (Ảnh: TA)"


def _paragraphs(texts: list[str]) -> str:
    return "\n".join(f"<p>{text}</p>" for text in texts)


@dataclass
class Page:
    """A page to clean and what its record must say."""

    html: str
    url: str | None = None
    title: str = TITLE
    body: list[str] = field(default_factory=lambda: list(BODY))
    captions: list[str] = field(default_factory=list)
    # Lines (or parts of lines) of boilerplate that must not reach the text.
    boilerplate: list[str] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)


def provincial_portal() -> Page:
    """Like sample 001: a department portal in a table layout, counter and footer."""
    html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{TITLE}</title></head>
<body>
<table width="1000" class="wrapper"><tr><td colspan="3" class="banner">
  <div class="site-name">Sở Thông tin và Truyền thông tỉnh Hòa Bình</div>
</td></tr>
<tr><td colspan="3" class="menu"><ul>
  <li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
  <li><a href="/tin-tuc">Tin tức sự kiện</a></li><li><a href="/van-ban">Văn bản chỉ đạo</a></li>
  <li><a href="/thu-tuc">Thủ tục hành chính</a></li><li><a href="/lien-he">Liên hệ</a></li>
</ul></td></tr>
<tr>
<td width="220" valign="top" class="left">
  <div class="box"><div class="box-title">Liên kết website</div>
    <ul><li><a href="https://chinhphu.vn">Cổng thông tin điện tử Chính phủ</a></li>
        <li><a href="https://mic.gov.vn">Bộ Thông tin và Truyền thông</a></li>
        <li><a href="https://hoabinh.gov.vn">Cổng thông tin điện tử tỉnh</a></li></ul></div>
  <div class="box"><div class="box-title">Thống kê truy cập</div>
    <div class="counter"><p>Đang online: 6</p><p>Hôm nay: 1937</p><p>Đã truy cập: 5689426</p></div></div>
</td>
<td valign="top" class="content">
  <h1 class="title">{TITLE}</h1>
  <div class="article-body">
  {_paragraphs(BODY[:2])}
  <p align="center"><img src="/images/khai-mac.jpg"></p>
  <p align="center"><em>{CAPTION_1}</em></p>
  {_paragraphs(BODY[2:])}
  <p align="right"><strong>Nguyễn Văn A - Phòng QLTTBCXB</strong></p>
  </div>
</td>
</tr>
<tr><td colspan="3" class="footer">
  <p>TRANG THÔNG TIN ĐIỆN TỬ SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH HÒA BÌNH</p>
  <p>Giấy phép số 25/GP-TTĐT do Cục Phát thanh, Truyền hình và Thông tin điện tử cấp ngày 02/6/2016</p>
  <p>Chịu trách nhiệm: Ông Lê Văn Bình - Giám đốc Sở</p>
  <p>Địa chỉ: Số 8 đường Trần Hưng Đạo, phường Phương Lâm, thành phố Hòa Bình</p>
  <p>Số ĐT: (0218) 3852.147 - Fax: (0218) 3852.148</p>
</td></tr>
</table>
</body></html>"""
    return Page(
        html=html,
        url="https://stttt.hoabinh.example/tin-tuc/tap-huan-viet-tin-chuyen-doi-so.html",
        captions=[CAPTION_1],
        boilerplate=[
            "Sở Thông tin và Truyền thông tỉnh Hòa Bình", "Trang chủ", "Thủ tục hành chính",
            "Liên kết website", "Cổng thông tin điện tử Chính phủ", "Thống kê truy cập",
            "Đang online", "Hôm nay: 1937", "Đã truy cập", "5689426", "Nguyễn Văn A",
            "Phòng QLTTBCXB", "Giấy phép số", "Chịu trách nhiệm", "Địa chỉ:", "Số ĐT",
        ],
        # No date anywhere on the page: none may be invented (e.g. from "năm 2024").
        metadata={"author": "Nguyễn Văn A", "date": None},
    )


RELATED_STORIES = [
    ("Lâm Đồng đón hơn một triệu lượt khách dịp lễ hội hoa",
     "Các khách sạn ở trung tâm thành phố kín phòng, nhiều điểm tham quan phải kéo dài giờ mở cửa."),
    ("Giá cà phê xuất khẩu tăng cao nhất trong mười năm",
     "Nông dân Tây Nguyên phấn khởi khi giá thu mua tại vườn vượt mức kỷ lục của các năm trước."),
    ("Khánh thành cây cầu dây văng lớn nhất miền Trung",
     "Công trình rút ngắn thời gian đi lại giữa hai bờ sông từ một giờ xuống còn mười phút."),
]


def national_paper() -> Page:
    """Like samples 003/004: menu, date line, sapo, figures, byline, related stories."""
    related = "\n".join(
        f"""<article class="story"><a href="/tin/{n}.html"><img src="/anh/{n}.jpg" alt="{head}"></a>
  <h3><a href="/tin/{n}.html">{head}</a></h3><p class="lead">{lead}</p></article>"""
        for n, (head, lead) in enumerate(RELATED_STORIES)
    )
    others = "\n".join(f'<li><a href="/tin/khac-{n}.html">{head} trong tuần qua</a></li>'
                       for n, (head, _) in enumerate(RELATED_STORIES))
    sapo = ("Nâng cao kỹ năng viết tin cho cán bộ cơ sở là một trong những nhiệm vụ trọng tâm của "
            "ngành thông tin và truyền thông trong năm nay.")
    html = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{TITLE} | Báo Điện tử Tin Việt</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="Báo Điện tử Tin Việt">
<link rel="canonical" href="https://tinviet.example/thoi-su/tap-huan-viet-tin-123456.html">
</head><body>
<header class="site-header">
  <div class="logo"><a href="/">Báo Điện tử Tin Việt</a></div>
  <nav class="main-menu"><ul><li><a href="/thoi-su">Thời sự</a></li><li><a href="/kinh-te">Kinh tế</a></li>
  <li><a href="/xa-hoi">Xã hội</a></li><li><a href="/the-gioi">Thế giới</a></li><li><a href="/van-hoa">Văn hóa</a></li></ul></nav>
</header>
<main>
<div class="breadcrumb"><a href="/thoi-su">Thời sự</a></div>
<div class="detail">
  <div class="date-line">Thứ Ba, 25/10/2022 15:21'(GMT+7)</div>
  <h1 class="detail-title">{TITLE}</h1>
  <div class="sapo"><p>{sapo}</p></div>
  <div class="detail-content">
  {_paragraphs(BODY[:2])}
  <figure class="image"><img src="/anh/khai-mac.jpg" alt="{CAPTION_1}">
    <figcaption>{CAPTION_1}</figcaption></figure>
  {_paragraphs(BODY[2:3])}
  <figure class="image"><img src="/anh/thuc-hanh.jpg" alt="{CAPTION_2}">
    <figcaption>{CAPTION_2}</figcaption></figure>
  {_paragraphs(BODY[3:])}
  <p class="author"><strong>Tin, ảnh: Hoàng Lan</strong></p>
  </div>
</div>
<section class="related">
  <h2 class="box-heading">Có thể bạn quan tâm</h2>
  {related}
</section>
<section class="other-news">
  <h2 class="box-heading">Các tin khác</h2>
  <ul>{others}</ul>
</section>
</main>
<footer><p>© Báo Điện tử Tin Việt. Ghi rõ nguồn khi phát hành lại thông tin từ trang này.</p></footer>
</body></html>"""
    boilerplate = ["Thời sự", "Kinh tế", "Thế giới", "Thứ Ba, 25/10/2022", "GMT+7", "Tin, ảnh",
                   "Hoàng Lan", "Có thể bạn quan tâm", "Các tin khác", "Ghi rõ nguồn"]
    for head, lead in RELATED_STORIES:
        boilerplate += [head, lead]
    return Page(
        html=html,
        url="https://tinviet.example/thoi-su/tap-huan-viet-tin-123456.html?utm_source=rss",
        body=[sapo, *BODY],
        captions=[CAPTION_1, CAPTION_2],
        boilerplate=boilerplate,
        metadata={"author": "Hoàng Lan", "date": "2022-10-25T15:21:00+07:00",
                  "url": "https://tinviet.example/thoi-su/tap-huan-viet-tin-123456.html",
                  "sitename": "Báo Điện tử Tin Việt"},
    )


def repeated_captions() -> Page:
    """Captions written as alt text and again as a caption line under the image, in a
    plain article container without figure markup."""
    html = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
<div id="main"><h1>{TITLE}</h1>
<div class="content">
{_paragraphs(BODY[:1])}
<div class="pic"><img src="a.jpg" alt="{CAPTION_1}" title="{CAPTION_1}"></div>
<div>{CAPTION_1}</div>
{_paragraphs(BODY[1:3])}
<p><img src="b.jpg" alt="{CAPTION_2}"></p>
<p><em>{CAPTION_2}</em></p>
{_paragraphs(BODY[3:])}
</div></div></body></html>"""
    return Page(html=html, captions=[CAPTION_1, CAPTION_2], metadata={"date": None, "author": None})


def byline_at_start() -> Page:
    """A byline line before the first paragraph, as some provincial papers write it."""
    html = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
<article><h1>{TITLE}</h1>
<p class="byline"><strong>Tin, ảnh: Phạm Thu Trang</strong></p>
{_paragraphs(BODY)}
</article></body></html>"""
    return Page(html=html, boilerplate=["Tin, ảnh", "Phạm Thu Trang"], metadata={"author": "Phạm Thu Trang"})


def related_inside_article() -> Page:
    """The "Có thể bạn quan tâm" heading as a bold paragraph inside the article's own
    container, each story with an image, a headline and a lead long enough to pass for
    a paragraph; the byline just above it."""
    stories = "".join(
        f'<div class="item"><a href="/tin/{n}.html"><img src="/anh/{n}.jpg" alt="{head}"></a>'
        f'<h3><a href="/tin/{n}.html">{head}</a></h3><p>{lead} {lead}</p></div>'
        for n, (head, lead) in enumerate(RELATED_STORIES))
    html = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
<div class="detail"><h1>{TITLE}</h1><div class="content">{_paragraphs(BODY)}
<p><strong>Tin, ảnh: Hoàng Lan</strong></p>
<p><strong>Có thể bạn quan tâm</strong></p>{stories}</div></div></body></html>"""
    boilerplate = ["Tin, ảnh", *[head for head, _ in RELATED_STORIES], *[lead for _, lead in RELATED_STORIES]]
    return Page(html=html, boilerplate=boilerplate, metadata={"author": "Hoàng Lan"})


def related_box_mid_article() -> Page:
    """A "Có thể bạn quan tâm" box of two story teasers in the middle of the article's
    own container; the article goes on after it, its next paragraph opening with a link."""
    half = len(BODY) // 2
    stories = "".join(
        f'<div class="item"><h3><a href="/tin/{n}.html">{head}</a></h3><p>{lead}</p></div>'
        for n, (head, lead) in enumerate(RELATED_STORIES[:2]))
    first, *rest = BODY[half:]
    words = first.split()
    linked = f'<p><a href="/chu-de/hoi-nghi">{" ".join(words[:4])}</a> {" ".join(words[4:])}</p>'
    html = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
<div class="detail"><h1>{TITLE}</h1><div class="content">{_paragraphs(BODY[:half])}
<p><strong>Có thể bạn quan tâm</strong></p>{stories}
{linked}{_paragraphs(rest)}</div></div></body></html>"""
    boilerplate = [text for story in RELATED_STORIES[:2] for text in story]
    return Page(html=html, boilerplate=boilerplate)


ATTACHMENTS = [
    "Quyết định số 45/2024/QĐ-UBND ban hành quy chế quản lý hoạt động thông tin cơ sở",
    "Kế hoạch số 112/KH-UBND về chuyển đổi số năm 2024",
    "Phụ lục kèm theo Kế hoạch số 112/KH-UBND",
]


def attachments_at_end() -> Page:
    """A government notice ending with "Văn bản đính kèm:" over a list of links to its
    PDF files: the list goes as a box of links (trafilatura drops it too), and the label
    with it, not left dangling as the text's last line."""
    files = "".join(f'<li><a href="/Uploads/van-ban/{n}.pdf">{name}</a></li>' for n, name in enumerate(ATTACHMENTS))
    html = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
<div class="menu"><a href="/">Trang chủ</a> <a href="/van-ban">Văn bản chỉ đạo</a></div>
<div class="detail"><h1>{TITLE}</h1><div class="content">{_paragraphs(BODY)}
<p><strong>Văn bản đính kèm:</strong></p><ul class="attachments">{files}</ul></div></div></body></html>"""
    return Page(html=html, boilerplate=["Văn bản đính kèm"])


def page_declaring(charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"""<html><head>{meta}<title>{TITLE}</title></head><body>
<article><h1>{TITLE}</h1>{_paragraphs(BODY)}</article></body></html>"""


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 bytes of a text: the code page holds some precomposed letters (â, ê,
    ơ, ư, đ...) and writes tones as combining marks, so compose what the code page has
    and decompose the rest, character by character."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            out.append(_decomposed_cp1258(char))
    return b"".join(out)


def _decomposed_cp1258(char: str) -> bytes:
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    # Compose the base with the one mark that makes a letter of the code page ("ộ" is
    # "o" + dot below + circumflex: "ô" is in cp1258, the dot below is a combining mark).
    for index, mark in enumerate(marks):
        head = unicodedata.normalize("NFC", base + mark)
        rest = marks[:index] + marks[index + 1:]
        try:
            return head.encode("cp1258") + rest.encode("cp1258")
        except UnicodeEncodeError:
            continue
    return decomposed.encode("cp1258")


PHOTO_HEADLINE = "Sắc sen hồng nở rộ trên đầm Tây Hồ đầu mùa hạ"
PHOTO_PARAGRAPH = ("Những ngày đầu tháng năm, đầm sen ven hồ Tây bắt đầu nở rộ, thu hút nhiều bạn trẻ "
                   "tới chụp ảnh từ sáng sớm.")
PHOTO_CAPTIONS = [
    "Sen hồng nở kín mặt đầm lúc bình minh.",
    "Nhiều bạn trẻ mặc áo dài tới chụp ảnh cùng hoa.",
    "Người bán hàng rong bày sen bó dọc lối đi ven hồ.",
]


def photo_story() -> Page:
    """Like the 2012-era VnExpress and Ngôi Sao photo stories: the site's name in an
    ``<h1>`` logo above the headline's own ``<h1>``, one short paragraph, then photos with
    captions in layout tables; no og:type or JSON-LD article markup."""
    photos = "\n".join(
        f"""<table class="tplCaption" align="center"><tr><td><img src="/Files/2012/05/sen-{n}.jpg" alt=""></td></tr>
  <tr><td><p class="Image">{caption}</p></td></tr></table>"""
        for n, caption in enumerate(PHOTO_CAPTIONS)
    )
    html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{PHOTO_HEADLINE} - Ngôi Sao</title></head>
<body>
<div id="header"><h1 class="logo"><a href="/" title="Ngôi Sao">Ngôi Sao</a></h1>
  <ul class="menu"><li><a href="/thoi-trang/">Thời trang</a></li><li><a href="/lam-dep/">Làm đẹp</a></li>
  <li><a href="/hau-truong/">Hậu trường</a></li><li><a href="/anh/">Ảnh</a></li></ul></div>
<div id="content">
  <div class="detail"><h1 class="Title">{PHOTO_HEADLINE}</h1>
  <p class="Normal">{PHOTO_PARAGRAPH}</p>
  {photos}
  <p class="Normal" style="text-align:right"><strong>Hà Thu</strong></p>
  </div>
</div>
<div id="footer"><p>© Copyright 1997-2012 Ngôi Sao, All rights reserved.</p></div>
</body></html>"""
    return Page(html=html, url="https://ngoisao.example/anh/2012/05/sac-sen-ho-tay-203411.html",
                title=PHOTO_HEADLINE, body=[PHOTO_PARAGRAPH], captions=list(PHOTO_CAPTIONS),
                boilerplate=["Ngôi Sao", "Thời trang", "Copyright"])


SIDEBAR_GROUPS = [
    ("Xu hướng", [
        ("Giá xăng giảm lần thứ ba liên tiếp",
         "(Tin Việt) - Từ 15h chiều nay, giá các mặt hàng xăng dầu đồng loạt giảm theo giá thế giới."),
        ("Hà Nội mở thêm ba tuyến buýt điện",
         "(Tin Việt) - Các tuyến mới nối trung tâm thành phố với khu đô thị phía tây từ tháng sau."),
    ]),
    ("Sức khỏe", [
        ("Ngủ đủ giấc giúp trẻ học tốt hơn",
         "(Tin Việt) - Các chuyên gia khuyên học sinh tiểu học nên ngủ từ chín đến mười một tiếng mỗi đêm."),
        ("Bốn thói quen tốt cho tim mạch",
         "(Tin Việt) - Đi bộ mỗi ngày và ăn ít muối là hai cách đơn giản nhất để bảo vệ tim."),
    ]),
]
READER_CALL = "Chia sẻ bài viết của bạn về kỷ niệm với thầy cô tại đây."
CONTINUATION = ">> Xem tiếp: Cán bộ cơ sở học cách làm video ngắn về chuyển đổi số"


def sidebar_teasers() -> Page:
    """Like unseen Vietnamese news sites: after the article, inside the same content
    column, groups of teasers under short category labels ("Xu hướng"), each a headline
    link and a "(Site) - lead" paragraph; in the article a reader-call line ("Chia sẻ bài
    viết của bạn về ... tại đây.") and a continuation link (">> Xem tiếp: ...")."""
    groups = "\n".join(
        f"""<div class="box-cate"><div class="cate-label"><a href="/muc-{g}">{label}</a></div>"""
        + "".join(f"""<div class="item"><h3><a href="/tin-{g}-{n}-2024{g}{n}.html">{head}</a></h3>
  <p class="sapo">{lead}</p></div>""" for n, (head, lead) in enumerate(items))
        + "</div>"
        for g, (label, items) in enumerate(SIDEBAR_GROUPS)
    )
    html = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{TITLE} - Tin Việt</title></head>
<body>
<div class="menu"><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a> <a href="/giao-duc">Giáo dục</a></div>
<div class="content">
  <h1>{TITLE}</h1>
  {_paragraphs(BODY[:2])}
  <p><a href="/can-bo-co-so-hoc-lam-video-2024555.html">{CONTINUATION}</a></p>
  {_paragraphs(BODY[2:])}
  <p><em>{READER_CALL[:-len("tại đây.")]}<a href="/gui-bai">tại đây</a>.</em></p>
  {groups}
</div>
<div class="footer"><p>Giấy phép số 99/GP-BTTTT. Chịu trách nhiệm nội dung: Ông Trần Văn Bình.</p></div>
</body></html>"""
    boilerplate = [READER_CALL, CONTINUATION, "Xem tiếp", "Trang chủ", "Giấy phép"]
    for label, items in SIDEBAR_GROUPS:
        boilerplate.append(label)
        for head, lead in items:
            boilerplate += [head, lead]
    return Page(html=html, url="https://tinviet.example/giao-duc/tap-huan-viet-tin-2024777.html",
                boilerplate=boilerplate)
