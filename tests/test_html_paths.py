"""Synthetic HTML pages (tests/synthetic_pages.py) through the HTML path
(cleaners.clean_html), with the expectations of test_samples.py: body paragraphs all kept
in order, the title, each kind of boilerplate gone, captions in ``captions`` once,
metadata; and the same page in every charset giving the same NFC record.
"""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from cleaners import clean_html
from cleaners.core.document import Document
from cleaners.core.html_steps import ArticleGuard, parse_html
from cleaners.core.html_structure import text_divs_to_paragraphs

from .synthetic_pages import (
    BODY,
    TITLE,
    attachments_at_end,
    byline_at_start,
    cp1258_bytes,
    national_paper,
    page_declaring,
    photo_story,
    provincial_portal,
    related_box_mid_article,
    related_inside_article,
    repeated_captions,
    sidebar_teasers,
)

PAGES_UNDER_TEST = {
    "provincial_portal": provincial_portal(),
    "national_paper": national_paper(),
    "repeated_captions": repeated_captions(),
    "byline_at_start": byline_at_start(),
    "attachments_at_end": attachments_at_end(),
    "photo_story": photo_story(),
    "sidebar_teasers": sidebar_teasers(),
}


def test_related_stories_inside_the_article_container_are_gone():
    page = related_inside_article()
    result = clean_html(page.html.encode("utf-8"), "related_inside_article")
    assert result.ok, result.message
    assert result.record["text"].split("\n") == page.body
    assert result.record["author"] == "Hoàng Lan"


def test_a_related_box_mid_article_goes_and_the_article_after_it_stays():
    page = related_box_mid_article()
    result = clean_html(page.html.encode("utf-8"), "related_box_mid_article")
    assert result.ok, result.message
    assert result.record["text"].split("\n") == page.body


@pytest.fixture(scope="module", params=list(PAGES_UNDER_TEST), ids=str)
def cleaned(request):
    page = PAGES_UNDER_TEST[request.param]
    result = clean_html(page.html.encode("utf-8"), request.param, url=page.url, explain=True)
    assert result.ok, f"{request.param} gave no record: {result.reason} {result.message}"
    return request.param, page, result.record


def test_every_body_paragraph_is_kept_in_order(cleaned):
    name, page, record = cleaned
    lines = record["text"].split("\n")
    for paragraph in page.body:
        assert paragraph in lines, f"{name}: body paragraph lost: {paragraph[:80]}"
    positions = [lines.index(paragraph) for paragraph in page.body]
    assert positions == sorted(positions), f"{name}: body paragraphs out of order"


def test_text_is_the_body_alone(cleaned):
    name, page, record = cleaned
    assert record["text"].split("\n") == page.body, f"{name}: text holds more than the body"


def test_title_is_the_headline(cleaned):
    name, page, record = cleaned
    assert record["title"] == page.title, name


def test_each_kind_of_boilerplate_is_gone(cleaned):
    name, page, record = cleaned
    for piece in page.boilerplate:
        assert piece not in record["text"], f"{name}: boilerplate left in text: {piece}"


def test_captions_are_taken_out_once(cleaned):
    name, page, record = cleaned
    assert sorted(record["captions"]) == sorted(page.captions), f"{name}: captions"
    for caption in page.captions:
        assert caption not in record["text"], f"{name}: caption left in text: {caption[:60]}"


def test_metadata(cleaned):
    name, page, record = cleaned
    for key, value in page.metadata.items():
        assert record[key] == value, f"{name}: {key}"


def test_language_is_vietnamese(cleaned):
    name, _, record = cleaned
    assert record["lang"] == "vi", name


# Charsets: the same page as UTF-8, Windows-1258, with the charset only in the HTTP
# header, and with a UTF-8 byte-order mark must all give the same NFC record.

def test_cp1258_encoding_covers_the_article_and_round_trips():
    page = page_declaring("windows-1258")
    data = cp1258_bytes(page)
    assert data.decode("cp1258") != page  # tones really are written as combining marks
    assert unicodedata.normalize("NFC", data.decode("cp1258")) == page


CHARSET_CASES = {
    "windows-1258 meta": (lambda: cp1258_bytes(page_declaring("windows-1258")), None),
    "http content_type": (lambda: cp1258_bytes(page_declaring(None)), "text/html; charset=windows-1258"),
    "utf-8 bom": (lambda: codecs.BOM_UTF8 + page_declaring(None).encode("utf-8"), None),
    "utf-8 undeclared": (lambda: page_declaring(None).encode("utf-8"), None),
    "utf-8 decomposed": (lambda: unicodedata.normalize("NFD", page_declaring("utf-8")).encode("utf-8"), None),
}


@pytest.fixture(scope="module")
def utf8_record():
    result = clean_html(page_declaring("utf-8").encode("utf-8"), "page", explain=False)
    assert result.ok, result.message
    return result.record


@pytest.mark.parametrize("case", list(CHARSET_CASES))
def test_every_charset_gives_the_utf8_record(case, utf8_record):
    make, content_type = CHARSET_CASES[case]
    result = clean_html(make(), "page", content_type=content_type)
    assert result.ok, f"{case}: {result.reason} {result.message}"
    record = result.record
    assert record["text"] == utf8_record["text"], case
    assert record["title"] == utf8_record["title"] == TITLE, case
    assert record["text"].split("\n") == BODY, case
    assert unicodedata.is_normalized("NFC", record["text"] + record["title"]), case


XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


@pytest.mark.parametrize("as_bytes", [True, False], ids=["bytes", "str"])
def test_a_page_starting_with_an_xml_declaration_parses(as_bytes):
    # XHTML sites open with an XML declaration; lxml refuses a str that declares an
    # encoding, which made such pages "unparsable".
    page = national_paper()
    html = XML_DECLARATION + page.html
    result = clean_html(html.encode("utf-8") if as_bytes else html, "xhtml_page", url=page.url)
    assert result.ok, f"{result.reason}: {result.message}"
    assert result.record["text"].split("\n") == page.body
    assert result.record["title"] == page.title


FILMS = [("Phim A", "1947", "Một người phụ nữ ước được sống lại cả năm vừa qua để sửa sai lầm của mình."),
         ("Phim B", "1964", "Các nhà khoa học thử một thiết bị nhìn xuyên thời gian và bước qua màn hình."),
         ("Phim C", "1969", "Một đôi vợ chồng thức dậy vào buổi sáng mười lăm tháng năm và sống lại ngày ấy.")]


def _page_with_table(table: str) -> bytes:
    return (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1><div class='content'>"
            + "".join(f"<p>{p}</p>" for p in BODY) + table + "</div></body></html>").encode("utf-8")


@pytest.mark.parametrize("shape", ["header_cells", "grid_of_divs"])
def test_a_data_table_whose_cells_hold_blocks_stays_a_table(shape):
    # Wikipedia's lists put a paragraph in a cell under header cells; Blogger's grids put
    # each cell's figure in a <div>. Unwrapped as a layout table, the names and years went.
    if shape == "header_cells":
        rows = "".join(f"<tr><td><i>{a}</i></td><td>{b}</td><td><p>{c}</p></td></tr>" for a, b, c in FILMS)
        table = f"<table class='wikitable'><tr><th>Tên phim</th><th>Năm</th><th>Nội dung</th></tr>{rows}</table>"
    else:
        table = "<table>" + "".join(f"<tr><td><div>{a}</div></td><td><div>{b}</div></td><td><div>{c}</div></td></tr>"
                                    for a, b, c in FILMS) + "</table>"
    result = clean_html(_page_with_table(table), shape)
    assert result.ok, result.message
    lines = result.record["text"].split("\n")
    assert lines[:len(BODY)] == BODY
    for name, year, plot in FILMS:
        assert any(name in line and year in line and plot in line for line in lines), (name, lines[len(BODY):])


def test_a_story_in_a_row_of_blocks_of_text_divs_keeps_every_block():
    # As CNN writes a story: paragraphs as bare-text <div>s, spread over several blocks of
    # one body; turning the divs of one block only into <p> made trafilatura drop the rest.
    long_line = BODY[0] + " " + BODY[1]
    blocks = [BODY[2:3], BODY[3:], [long_line]]
    body = "".join("<div class='l-container'>" + "".join(f"<div class='zn-body__paragraph'>{p}</div>" for p in block)
                   + "<div class='ad'></div></div>" for block in blocks)
    html = (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
            f"<section class='zn-body'>{body}</section></body></html>")
    result = clean_html(html.encode("utf-8"), "text_divs")
    assert result.ok, result.message
    assert result.record["text"].split("\n") == [p for block in blocks for p in block]


def test_camel_case_caption_and_credit_classes_are_captions():
    # cnbc.com: <div class="InlineImage-imageEmbedCaption"> and "...imageEmbedCredit".
    caption = "Các học viên thực hành chụp ảnh bằng điện thoại tại hội nghị."
    credit = "Hoàng Lan | Tin Việt"
    figure = (f"<div class='InlineImage-wrapper'><img src='/a.jpg'><div><div class='InlineImage-imageEmbedCaption'>"
              f"{caption}</div><div class='InlineImage-imageEmbedCredit'>{credit}</div></div></div>")
    html = (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1><div class='ArticleBody-articleBody'>"
            + "".join(f"<p>{p}</p>" for p in BODY[:2]) + figure + "".join(f"<p>{p}</p>" for p in BODY[2:])
            + "</div></body></html>")
    result = clean_html(html.encode("utf-8"), "camel_caption")
    assert result.ok, result.message
    assert result.record["text"].split("\n") == BODY
    assert caption in result.record["captions"]



ENGLISH_BODY = [
    "The city council approved the new budget on Tuesday after a debate that lasted more than six hours.",
    "Council members said the plan adds money for road repairs, school buses and two new public libraries.",
    "The mayor is expected to sign the budget this week, and the first projects could start in the spring.",
]
SIGN_UP_CALL = "Let our news meet your inbox. The news and stories that matter, delivered weekday mornings."


def test_a_newsletter_sign_up_written_as_a_bare_text_div_does_not_become_a_paragraph():
    # As nbcnews.com writes it: between the story's paragraphs, a sign-up box
    # (<div id="emailSignup">) whose call is bare text in a <div>; made a <p> with the
    # story's bare-text divs, it was read as a paragraph (plain trafilatura leaves it out).
    signup = ("<div id='emailSignup' class='container___2y9U4 dn news___2-pw7 mt8 mb8'><div></div><div></div>"
              "<div><h4 id='title' class='title___1HzsV f7'></h4></div>"
              f"<div id='descr' class='font-body f3 pb3'>{SIGN_UP_CALL}</div>"
              "<div class='designWrapper___3YpIh'></div><div class=''><form class='inputComponent___2faHH'>"
              "<input name='emailAddress' placeholder='Your Email Address' value=''>"
              "<button id='email-subscribe-button' type='button'>Sign Up</button></form></div></div>")
    html = (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1><article>"
            f"<div class='article-body__content'><p class='endmarkEnabled'>{ENGLISH_BODY[0]}</p>"
            f"<div class='story-text'>{ENGLISH_BODY[1]}</div>{signup}<p class='endmarkEnabled'>{ENGLISH_BODY[2]}</p>"
            "</div></article></body></html>")
    tree = parse_html(html)
    text_divs_to_paragraphs(tree, Document(source="signup_box"), ArticleGuard(tree))
    paragraphs = [" ".join(p.text_content().split()) for p in tree.iter("p")]
    assert paragraphs == ENGLISH_BODY

