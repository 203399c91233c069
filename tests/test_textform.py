"""Full-page text dumps through ``clean_text``: the saved pages' text dumps
(../shared/textform, third-party, never committed; gold: the pages' labels files) scored
as bench/quality.py does, with floors at the figures reached; and a dump built here in
the shape such pages have (menus, headline, date, body, dated related teasers, footer)."""

from __future__ import annotations

import json

import pytest

from bench.scoring import read_gold, score_text, title_right
from cleaners import clean_text

from .conftest import PAGES, SHARED, read_jsonl, require_shared
from .scale_inputs import run_clean

TEXTFORM = SHARED / "textform"
# bench/quality.py on the 12 dumps: F1 1.000, 12 clean, 12 titles; below these is a regression.
MEAN_F1_FLOOR = 0.995
CLEAN_FLOOR = 12
TITLES_FLOOR = 12


@pytest.fixture(scope="module")
def scored() -> list[tuple[str, object, bool | None]]:
    require_shared(TEXTFORM, "text dumps")
    require_shared(PAGES, "saved pages")
    rows = []
    for path in sorted(TEXTFORM.glob("*.txt")):
        gold = read_gold(PAGES / f"{path.stem}.labels.tsv")
        result = clean_text(path.read_text(encoding="utf-8"), str(path))
        record = result.record or {}
        rows.append(
            (path.stem, score_text(record.get("text", ""), gold), title_right(record.get("title"), gold))
        )
    return rows


def test_mean_f1_stays_above_the_floor(scored):
    mean = sum(score.f1 for _, score, _ in scored) / len(scored)
    assert mean >= MEAN_F1_FLOOR, f"mean F1 {mean:.3f} < {MEAN_F1_FLOOR}"


def test_clean_dumps_stay_above_the_floor(scored):
    clean = [name for name, score, _ in scored if score.clean]
    assert len(clean) >= CLEAN_FLOOR, f"clean: {clean}"


def test_titles_stay_above_the_floor(scored):
    right = [name for name, _, title in scored if title]
    assert len(right) >= TITLES_FLOOR, f"titles right: {right}"


BODY = [
    "(Báo Mẫu) - Sáng 5/3, tại Hà Nội, Sở Giao thông vận tải tổ chức hội nghị tổng kết công tác "
    "bảo đảm trật tự an toàn giao thông năm qua và triển khai nhiệm vụ cho năm nay.",
    "Theo báo cáo của sở, số vụ tai nạn giao thông trên địa bàn đã giảm so với cùng kỳ, nhờ các đợt "
    "kiểm tra liên tục và việc lắp đặt thêm camera tại những nút giao có nhiều phương tiện qua lại.",
    "Kết quả đạt được",
    "Phát biểu tại hội nghị, đại diện lãnh đạo thành phố đề nghị các đơn vị tiếp tục phối hợp chặt chẽ, "
    "xử lý nghiêm các hành vi vi phạm và tuyên truyền để người dân chấp hành luật khi tham gia giao thông.",
    "Hội nghị cũng đã biểu dương nhiều tập thể và cá nhân có thành tích xuất sắc trong công tác bảo đảm "
    "trật tự an toàn giao thông, đồng thời đề ra các chỉ tiêu cụ thể cho từng quận, huyện trong năm nay.",
]
DUMP = "\n".join(
    [
        "Báo Mẫu điện tử",
        "Trang chủ",
        "Thời sự",
        "Kinh tế",
        "Xã hội",
        "Thể thao",
        "Đăng nhập",
        "Thứ Năm, 5/3/2026 10:15 (GMT+7)",
        "Hà Nội tăng cường bảo đảm trật tự an toàn giao thông",
        *BODY,
        "Minh Anh",
        "Tin liên quan",
        "Khánh thành cây cầu mới nối hai bờ sông",
        "Cây cầu dài gần một cây số vừa được đưa vào sử dụng, giúp người dân hai bên bờ sông đi lại thuận tiện hơn nhiều.",
        "3 giờ trước",
        "Giá xăng dầu điều chỉnh từ chiều nay",
        "Liên bộ Công Thương - Tài chính vừa điều hành giá xăng dầu theo kỳ, với mức tăng nhẹ ở hầu hết các mặt hàng.",
        "5 giờ trước",
        "Giấy phép số 123/GP-BTTTT. Tổng biên tập: Nguyễn Văn A",
    ]
)


def test_a_dump_keeps_headline_body_and_byline_and_drops_the_page_around_them():
    record = clean_text(DUMP, "dump.txt").record
    assert record["title"] == "Hà Nội tăng cường bảo đảm trật tự an toàn giao thông"
    assert record["text"].split("\n") == BODY
    assert record["author"] == "Minh Anh"
    assert record["date"].startswith("2026-03-05")


SHORT_BODY = [
    "(Báo Mẫu) - Chiều 24/12, hàng nghìn người dân đã đổ về trung tâm thành phố để đón Giáng sinh, "
    "khiến nhiều tuyến đường bị ùn tắc kéo dài.",
    "Lực lượng chức năng đã được tăng cường tại các nút giao, hướng dẫn người dân đi lại an toàn.",
]
# The joined headlines of a "most read" box, one long line as some sites' markup gives it.
JOINED_HEADLINES = (
    " ".join(
        f"{word} tăng mạnh dịp lễ tết lần thứ {n} trong năm Người dân đổ về phố đông vui"
        for n, word in enumerate(["Giá thịt", "Giá rau", "Giá cá", "Giá gạo", "Giá vàng"])
    )
    + "!"
)
SHORT_DUMP = "\n".join(
    [
        "Trang chủ",
        "Xã hội",
        "Đăng nhập",
        "Phố phường đông vui đêm Giáng sinh",
        "Thứ Hai, 24/12/2012, 21:04 (GMT+7)",
        SHORT_BODY[0],
        ">> Những điểm vui chơi Giáng sinh hấp dẫn nhất năm nay",
        SHORT_BODY[1],
        "Thời tiết dịp Giáng sinh",
        "Miền Bắc đón đợt không khí lạnh mới, nhiệt độ thấp nhất ở vùng núi có thể xuống dưới 10 độ C.",
        "17 giờ trước",
        "Xem nhiều",
        "Chọn ngày khác",
        JOINED_HEADLINES,
    ]
)


def test_a_short_article_under_its_head_wins_over_joined_headlines():
    # A headline and a date line above a run make it the article even beside a longer run;
    # an arrowed related link inside it and a dated teaser stuck to its end go.
    record = clean_text(SHORT_DUMP, "short.txt", explain=True).record
    assert record["title"] == "Phố phường đông vui đêm Giáng sinh"
    assert record["text"].split("\n") == SHORT_BODY
    reasons = {e["text"]: e["reason"] for e in record["explain"]}
    assert reasons[">> Những điểm vui chơi Giáng sinh hấp dẫn nhất năm nay"] == "related_link"
    assert reasons["Thời tiết dịp Giáng sinh"] == "page_chrome"


def test_a_title_given_beside_the_text_picks_the_headline_line(tmp_path):
    # A title-shaped section label stands between the date line and the body: without the
    # title the input gives, it would be taken for the headline.
    title = "Hà Nội tăng cường bảo đảm trật tự an toàn giao thông"
    page = DUMP.replace(title, f"{title}\nTin tức trong nước hôm nay")
    assert clean_text(page, "dump.txt").record["title"] == "Tin tức trong nước hôm nay"
    source = tmp_path / "docs.jsonl"
    source.write_text(
        json.dumps({"url": "https://baomau.vn/a.html", "title": title, "text": page}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert run_clean([source], out) == 0
    (record,) = read_jsonl(out)
    assert record["title"] == title
    assert record["text"].split("\n") == BODY


def test_without_a_headline_the_lead_stays_in_the_text():
    page = DUMP.replace("Hà Nội tăng cường bảo đảm trật tự an toàn giao thông\n", "")
    record = clean_text(page, "dump.txt").record
    assert record["title"] is None
    assert record["text"].split("\n") == BODY


def test_a_headline_in_capitals_is_a_headline_and_a_name_in_capitals_a_byline():
    title = "HÀ NỘI TĂNG CƯỜNG BẢO ĐẢM TRẬT TỰ AN TOÀN GIAO THÔNG"
    page = DUMP.replace("Hà Nội tăng cường bảo đảm trật tự an toàn giao thông", f"{title}\nMINH ANH")
    record = clean_text(page.replace("\nMinh Anh\n", "\n"), "dump.txt").record
    assert record["title"] == title
    assert record["author"] == "MINH ANH"
    assert record["text"].split("\n") == BODY


def test_a_headline_in_title_case_is_not_taken_for_a_name():
    title = "Hà Nội Siết Chặt Giao Thông"
    page = DUMP.replace("Hà Nội tăng cường bảo đảm trật tự an toàn giao thông", title)
    record = clean_text(page, "dump.txt").record
    assert record["title"] == title
    assert record["text"].split("\n") == BODY


def test_a_list_inside_the_body_does_not_cut_it():
    items = [f"- Mặt hàng {n} tăng {n}%" for n in range(1, 9)]
    body = [*BODY[:2], "Giá một số mặt hàng thiết yếu:", *items, *BODY[3:]]
    page = DUMP.replace("\n".join(BODY), "\n".join(body))
    record = clean_text(page, "dump.txt").record
    assert record["text"].split("\n") == body
