"""Generic page rules on synthetic pages that copy the structure of real Vietnamese sites
(a lead in an <h2> or p.description above the body, a 2012 table layout, a box of related
links beside the article, a date shown under the headline) and on an English article."""

from __future__ import annotations

import pytest

from cleaners import clean_html, clean_text
from cleaners.core.dates import is_date_line, parse_vietnamese
from cleaners.core.metadata import person_author

BODY = [
    "Ủy ban nhân dân thành phố vừa ban hành kế hoạch triển khai các nhiệm vụ trọng tâm trong năm, "
    "trong đó tập trung vào cải cách hành chính và chuyển đổi số ở tất cả các phường, xã.",
    "Theo kế hoạch, các sở, ngành phải hoàn thành việc rà soát thủ tục trước ngày 30/6, đồng thời "
    "công khai kết quả trên cổng thông tin điện tử để người dân theo dõi và góp ý.",
    "Lãnh đạo thành phố yêu cầu người đứng đầu các cơ quan chịu trách nhiệm trực tiếp nếu để chậm "
    "trễ, và sẽ kiểm tra định kỳ mỗi quý để đánh giá tiến độ thực hiện của từng đơn vị.",
]
LEAD = ("(VNO) - Thành phố đặt mục tiêu giảm một nửa thời gian giải quyết thủ tục hành chính "
        "trong năm nay, theo kế hoạch vừa được ban hành.")
TITLE = "Thành phố đẩy mạnh cải cách hành chính trong năm mới"


def _page(article: str, head: str = "") -> str:
    return (f"<html lang='vi'><head><meta charset='utf-8'><title>{TITLE}</title>{head}</head><body>"
            "<div class='menu'><a href='/'>Trang chủ</a> <a href='/a'>Thời sự</a> <a href='/b'>Kinh tế</a></div>"
            f"{article}"
            "<div class='footer'>Giấy phép số 123/GP-BTTTT. Chịu trách nhiệm nội dung: Ông Nguyễn Văn A</div>"
            "</body></html>")


def _paragraphs() -> str:
    return "".join(f"<p>{p}</p>" for p in BODY)


@pytest.mark.parametrize("lead_markup", [
    f"<h2>{LEAD}</h2>",
    f"<p class='description'>{LEAD}</p>",
    f"<h2 class='detail-sapo'>{LEAD}<br><a href='/x'>&gt;&gt; Một bài viết liên quan khác</a></h2>",
])
def test_the_lead_above_the_body_is_kept_first(lead_markup):
    html = _page(f"<div class='detail'><h1>{TITLE}</h1>{lead_markup}<div class='content'>{_paragraphs()}</div></div>")
    record = clean_html(html, "lead.html", url="https://example.vn/a.html").record
    lines = record["text"].split("\n")
    assert lines[0] == LEAD, "the lead is the first line"
    assert lines[1:] == BODY, "then the body, nothing else"


def test_a_table_layout_page_reads_as_paragraphs_with_its_date():
    cells = "".join(f"<div>{p}</div>" for p in BODY)
    html = _page("<table><tr><td><div class='nav'><a href='/1'>Tin tức</a><a href='/2'>Thể thao</a>"
                 "<a href='/3'>Giải trí</a></div></td>"
                 f"<td><h1>{TITLE}</h1><div class='publication_date'>Thứ Sáu, 15/03/2013, 09:41 AM (GMT+7)</div>"
                 f"{cells}</td></tr></table>",
                 head="<meta itemprop='datePublished' content='2013-03-14T20:41+07:00'>")
    record = clean_html(html, "table.html", url="https://example.vn/b.html").record
    assert record["text"].split("\n") == BODY, "one paragraph per line, no table cell separators"
    assert record["date"] == "2013-03-15T09:41:00+07:00", "the date the page shows beside the headline"


def test_a_box_of_related_links_beside_the_article_goes():
    box = ("<div class='box'><h2>Thông tin cập nhật về thành phố</h2><ul>"
           + "".join(f"<li><a href='/r{i}'>Tin liên quan số {i} về cải cách hành chính</a></li>" for i in range(4))
           + "</ul><a href='/all'>Xem tất cả &gt;&gt;</a></div>")
    html = _page(f"<div class='detail'><h1>{TITLE}</h1><div class='content'>{_paragraphs()}"
                 "<p style='text-align:right'><strong>T. Hà</strong></p></div>{box}</div>".replace("{box}", box))
    record = clean_html(html, "box.html", url="https://example.vn/c.html").record
    assert record["text"].split("\n") == BODY
    assert record["author"] == "T. Hà", "a closing byline with an initial names the author"


def test_an_english_article_keeps_every_paragraph():
    paragraphs = [
        "The city council approved the new budget on Tuesday after a long debate about public transport "
        "funding and the cost of repairing the old bridges across the river.",
        "Officials said the plan would cut waiting times at bus stops by a third within two years, while "
        "critics argued that the money should have gone to schools and housing instead.",
        "The mayor, who has championed the proposal since her election, called the vote a turning point "
        "and promised regular public reports on how the money is spent.",
    ]
    html = ("<html lang='en'><head><title>Council approves budget</title></head><body>"
            "<h1>Council approves budget</h1><p class='summary'>A short summary line of the story for readers "
            "who skim the page.</p><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    record = clean_html(html, "en.html", url="https://example.com/news/budget").record
    for paragraph in paragraphs:
        assert paragraph in record["text"].split("\n")


# Scripts written without spaces between words: an article is one "word" per sentence.
UNSPACED_ARTICLES = {
    "ja": ["先日、不正に改造した携帯電話を販売したとして、二十代の男性が逮捕されたという報道がありました。",
           "報道によると、販売された端末は機能制限を解除したもので、公式の店舗では扱われていないものです。",
           "専門家は、改造された端末を購入すると保証が受けられなくなるおそれがあると注意を呼びかけています。"],
    "zh-cn": ["市政府昨天公布了新的交通规划，计划在未来三年内新建两条地铁线路并改造老旧公交站点。",
              "官员表示，新线路建成后，市中心到机场的通勤时间将缩短一半，沿线居民出行将更加方便。",
              "不少市民对此表示欢迎，但也有人担心施工期间道路拥堵会影响日常生活和周边商铺的经营。"],
}


@pytest.mark.parametrize("lang", sorted(UNSPACED_ARTICLES))
def test_an_article_in_a_script_without_spaces_is_an_article(lang):
    paragraphs = UNSPACED_ARTICLES[lang]
    html = (f"<html lang='{lang}'><head><title>{paragraphs[0][:12]}</title></head><body>"
            "<ul><li><a href='/a'>首页</a></li><li><a href='/b'>新闻</a></li></ul><article>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    result = clean_html(html, f"{lang}.html", url=f"https://example.com/{lang}/news/12345.html")
    assert result.ok, result.message
    assert result.record["lang"] == lang
    for paragraph in paragraphs:
        assert paragraph in result.record["text"]
    menu_only = "<html><body><ul>" + "".join(f"<li><a href='/{n}'>{w}</a></li>" for n, w in
                                              enumerate(["首页", "新闻", "体育", "财经", "ニュース", "スポーツ"])) + "</ul></body></html>"
    assert clean_html(menu_only, "menu.html").reason == "no_article"


@pytest.mark.parametrize(("shown", "iso"), [
    ("Thứ Ba, 25/10/2022 15:21 (GMT+7)", "2022-10-25T15:21:00+07:00"),
    ("22/10/2025 19:25", "2025-10-22T19:25:00+07:00"),
    ("25-10-2022 - 15:21", "2022-10-25T15:21:00+07:00"),
    ("| Cập nhật thứ sáu, ngày 15/03/13 10:20 tối", "2013-03-15T22:20:00+07:00"),
    ("Thứ Sáu, 15/03/2013, 09:41 AM (GMT+7)", "2013-03-15T09:41:00+07:00"),
    ("Chủ nhật, 17/3/2013 08:15 sáng", "2013-03-17T08:15:00+07:00"),
    ("Thứ Năm, 20/6/2024", "2024-06-20"),
])
def test_visible_vietnamese_dates(shown, iso):
    assert is_date_line(shown)
    assert parse_vietnamese(shown) == iso


@pytest.mark.parametrize(("author", "sitename", "url", "expected"), [
    ("VnExpress", "Báo VnExpress", "https://vnexpress.net/a.html", None),
    ("Dantri", None, "http://dantri.com.vn/a.htm", None),
    ("Theo Minh Anh", "Tin tức 24h", "http://www.24h.com.vn/a.html", "Minh Anh"),
    ("Thu Trang", "Báo VnExpress", "https://vnexpress.net/a.html", "Thu Trang"),
])
def test_the_markup_author_is_a_person_not_the_publisher(author, sitename, url, expected):
    assert person_author(author, sitename, url) == expected


@pytest.mark.parametrize(("closing", "author"), [
    ("Minh Anh - Thu Trang", "Minh Anh, Thu Trang"),
    ("Nguyễn Văn Bình - Phòng Văn hóa", "Nguyễn Văn Bình"),
    ("T. Hà", "T. Hà"),
])
def test_a_closing_byline_names_one_or_two_reporters(closing, author):
    text = "\n".join([TITLE, *BODY, closing])
    record = clean_text(text, "byline.txt").record
    assert record["author"] == author
    assert record["text"].split("\n") == BODY


def test_a_copyright_notice_opening_a_long_document_is_not_its_footer():
    # An IETF draft opens with "Copyright Notice" and goes on for pages of short lines: the
    # footer rule took everything after it. A real footer is short against the text above.
    from cleaners import clean_text

    body = [f"Section {n}: the server stores data in nodes that form a tree, folders and documents alike."
            for n in range(1, 40)]
    text = "\n".join(["Copyright Notice", "Copyright (c) 2014 IETF Trust and the persons identified.", *body])
    result = clean_text(text, "draft")
    assert result.ok, result.message
    assert result.record["text"].split("\n")[-len(body):] == body


def test_teaser_groups_under_labels_after_the_article_go_and_the_sapo_stays():
    # Text as trafilatura gives a sidebar inside the article's column: labels, headlines
    # and "(Site) - lead" teasers; the article's own lead opens the same way and stays,
    # and so does the reporter's name closing the article.
    from cleaners import clean_text

    from .synthetic_pages import BODY, SIDEBAR_GROUPS, TITLE

    sapo = "(Tin Việt) - Gần 200 cán bộ thông tin cơ sở được tập huấn kỹ năng viết tin về chuyển đổi số."
    tail = [line for label, items in SIDEBAR_GROUPS for line in [label, *[x for item in items for x in item]]]
    result = clean_text("\n".join([TITLE, sapo, *BODY, "Hoàng Lan", *tail]), "teasers", explain=True)
    assert result.ok, result.message
    assert result.record["text"].split("\n") == [sapo, *BODY]
    assert result.record["author"] == "Hoàng Lan"
    # The text path's full-page finder already leaves the sidebar out; the line steps that
    # clean trafilatura's output on the HTML path remove it as teaser groups.
    from cleaners.core.document import Document, run_steps
    from cleaners.core.steps import TEXT_STEPS

    doc = Document(source="teasers", lines=[TITLE, sapo, *BODY, "Hoàng Lan", *tail], explain=True)
    run_steps(doc, TEXT_STEPS)
    assert [line for line in doc.lines if line.strip()] == [sapo, *BODY]
    assert sum(removal.reason == "teaser_group" for removal in doc.removals) == len(tail)
    # One teaser alone is not a group: a short closing line with a bracketed lead stays.
    single = Document(source="one_teaser", lines=[TITLE, *BODY, *tail[1:3]])
    run_steps(single, TEXT_STEPS)
    assert [line for line in single.lines if line.strip()][-2:] == tail[1:3]


def test_reader_calls_and_continuation_links_go_and_sentences_about_sharing_stay():
    from cleaners import clean_text

    from .synthetic_pages import BODY, CONTINUATION, READER_CALL, TITLE

    kept = "Chia sẻ tại hội nghị, nhiều học viên cho biết họ đã gửi bài viết đầu tiên lên trang của xã ngay trong tuần."
    result = clean_text("\n".join([TITLE, BODY[0], CONTINUATION, BODY[1], kept, READER_CALL]), "calls", explain=True)
    assert result.ok, result.message
    assert result.record["text"].split("\n") == [BODY[0], BODY[1], kept]
    reasons = {item["text"]: item["reason"] for item in result.record["explain"]}
    assert reasons[READER_CALL] == "reader_call" and reasons[CONTINUATION] == "related_link"
