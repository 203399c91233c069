"""Vietnamese boilerplate vocabulary: block headings, counter words, footer phrases,
byline, source, caption and date patterns, as named data with where each came from.

Everything here is compared against NFC, whitespace-collapsed text. Headings are matched
case-insensitively against a whole short line (or a whole heading element), never as a
substring of a sentence, so a body sentence that mentions "tin liên quan" is never cut.
"""

from __future__ import annotations

import re

# Headings of related-article, navigation and reader-feedback blocks. Seen as standalone
# lines in seeds/samples (003: "Có thể bạn quan tâm"; 004: "Phản hồi", "Các tin khác",
# "Thư viện ảnh", "Liên kết website", "Mới nhất") and as block titles on the saved pages
# (baocantho, vnexpress, tuoitre, dantri, znews). A line equal to one of these (optionally
# with a trailing colon or ">>") marks the start of a block that is not the article.
RELATED_HEADINGS: frozenset[str] = frozenset(
    {
        "có thể bạn quan tâm",
        "bạn có thể quan tâm",
        "có thể bạn muốn xem",
        "tin liên quan",
        "tin bài liên quan",
        "bài liên quan",
        "bài viết liên quan",
        "tin cùng chuyên mục",
        "cùng chuyên mục",
        "tin khác",
        "các tin khác",
        "các tin đã đưa",
        "tin đã đưa",
        "các bài viết khác",
        "bài viết khác",
        "tin mới",
        "tin mới nhất",
        "mới nhất",
        "tin mới cập nhật",
        "đọc nhiều",
        "đọc nhiều nhất",
        "tin đọc nhiều",
        "xem nhiều",
        "xem nhiều nhất",
        "đọc thêm",
        "xem thêm",
        "tin nổi bật",
        "tin tiêu điểm",
        "tiêu điểm",
        "thư viện ảnh",
        "thư viện video",
        "phản hồi",
        "gửi phản hồi",
        "bình luận",
        "ý kiến bạn đọc",
        "ý kiến của bạn",
        "liên kết website",
        "liên kết web",
        "tin cùng loại",
        "tin bài khác",
        "tin xem nhiều",
        "chủ đề",
        "từ khóa",
        "tags",
    }
)

# Labels of visitor-counter boxes on provincial portals (sample 001: "Thống kê truy cập",
# "Đang online: 6", "Hôm nay: 1937", "Đã truy cập: 5689426"). A counter line is one of
# these labels followed by nothing but a number.
COUNTER_LABELS: tuple[str, ...] = (
    "thống kê truy cập",
    "thống kê lượt truy cập",
    "đang online",
    "đang trực tuyến",
    "trực tuyến",
    "đang truy cập",
    "hôm nay",
    "hôm qua",
    "tuần này",
    "tuần trước",
    "tháng này",
    "tháng trước",
    "năm nay",
    "đã truy cập",
    "lượt truy cập",
    "tổng lượt truy cập",
    "tổng số lượt truy cập",
    "số lượt truy cập",
    "tổng truy cập",
    "lượt xem",
    "khách",
    "thành viên",
    "tất cả",
)
COUNTER_LINE = re.compile(
    r"^[•·*\-\s]*(?:" + "|".join(re.escape(w) for w in COUNTER_LABELS) + r")\s*[:：]?\s*[\d.,\s]*$",
    re.IGNORECASE,
)
# Counter box headings that carry no number themselves.
COUNTER_HEADINGS: frozenset[str] = frozenset({"thống kê truy cập", "thống kê lượt truy cập", "lượt truy cập"})

# Footer phrases of Vietnamese news and government portals (sample 001's footer; the
# licence line every Vietnamese e-newspaper must show). FOOTER_STARTS must open the line
# ("Chịu trách nhiệm: Ông ..."), since the same words occur inside body sentences ("ông A
# chịu trách nhiệm về ..."); FOOTER_ANYWHERE are unambiguous wherever they stand.
FOOTER_STARTS: tuple[str, ...] = (
    "giấy phép",
    "chịu trách nhiệm",
    "bản quyền",
    "cơ quan chủ quản",
    "tổng biên tập",
    "phó tổng biên tập",
    "ghi rõ nguồn",
    "website được thiết kế",
    "thiết kế bởi",
    "phát triển bởi",
    "trang thông tin điện tử",
    "cổng thông tin điện tử",
)
FOOTER_ANYWHERE: tuple[str, ...] = (
    "giấy phép số",
    "giấy phép hoạt động",
    "ghi rõ nguồn",
    "copyright",
    "©",
    "bản quyền thuộc",
    "all rights reserved",
    "chịu trách nhiệm nội dung",
    "chịu trách nhiệm xuất bản",
    "chịu trách nhiệm chính",
    "website được thiết kế",
)
# Contact lines: "Địa chỉ: ...", "Số ĐT: ...", "Điện thoại: ...", "Fax: ...", "Email: ...".
CONTACT_LINE = re.compile(
    r"^(?:địa chỉ|trụ sở|số đt|sđt|đt|điện thoại|tel|hotline|fax|e-?mail|đường dây nóng)\s*[:：]",
    re.IGNORECASE,
)

# Bylines that name the reporter (samples 000 and 004: "Tin, ảnh: Quang Hòa",
# "Tin, ảnh: Nhật Minh"). The name is the author.
BYLINE_LABELLED = re.compile(
    r"^(?:tin\s*(?:,|và|&)\s*ảnh|bài\s*(?:,|và|&)\s*ảnh|bài\s*(?:,|và|&)\s*clip|tin|bài|bài viết|"
    r"tác giả|thực hiện|nhóm phóng viên|nhóm pv|phóng viên|pv|ghi chép|bút ký)\s*[:：]\s*"
    r"(?P<name>[^:：]{2,80}?)\s*\.?$",
    re.IGNORECASE,
)
# trafilatura reads a byline paragraph ("Tin, ảnh: Thu Hằng") as the author
# "Tin; Ảnh Thu Hằng": the label left at the start of its author string.
BYLINE_LABEL_IN_AUTHOR = re.compile(
    r"^(?:tin|bài|ảnh)\s*[;,&:：]\s*(?:(?:ảnh|clip|video)\s*[;,:：]?\s*)?(?=\S)",
    re.IGNORECASE,
)
# Source attributions: "Theo TTXVN", "(Theo VnExpress)", "Nguồn: Báo Nhân Dân",
# "Nguồn Tuyên Quang: http://..." (sample 000, whose URL becomes the record's url).
SOURCE_LINE = re.compile(
    r"^\(?\s*(?:theo|nguồn)\b\s*(?P<what>[^()]{0,120}?)\s*\)?\s*\.?$",
    re.IGNORECASE,
)
URL_IN_TEXT = re.compile(r"https?://\S+")

# A person's name: two to six syllables, each capitalised (Vietnamese names are written
# so: "Quang Hòa", "Nguyễn Hiền", "NHẬT MINH"), used for closing bylines such as
# "Nguyễn Hiền - Phòng QLTTBCXB" (sample 001).
_UPPER = "A-ZĐÀ-ỸĂÂÊÔƠƯ"
# A syllable is a capitalised word or an initial ("T. Hà": an initial and a name, as
# nld.com.vn signs); a closing byline may be a single given name (reader letters on
# vnexpress.net).
# The letters after the capital are taken possessively (``*+``): a long word could
# otherwise be split into syllables in countless ways before a match fails.
_SYLLABLE = rf"[{_UPPER}](?:\.|[^\s\d,.;:()\-–]*+)"
NAME = rf"{_SYLLABLE}(?:\s*{_SYLLABLE}){{0,5}}"
CLOSING_BYLINE = re.compile(
    rf"^(?P<name>{NAME})\s*(?:[-–(,]\s*(?P<org>[^()]{{1,60}}?)\)?)?\s*\.?$"
)
# After the dash of a closing byline stands the reporter's office ("Phòng QLTTBCXB",
# sample 001) or a second reporter ("Minh Anh - Thu Trang", as dantri.com.vn signs):
# a name that opens with none of these words is a second reporter.
SECOND_NAME = re.compile(rf"^{NAME}$")
ORG_WORDS: frozenset[str] = frozenset(
    {"phòng", "ban", "sở", "báo", "đài", "trung", "cục", "vụ", "viện", "văn", "ubnd", "hội", "ttxvn", "vtv",
     "pv", "ctv", "phóng", "cộng", "nhóm", "tổng", "theo", "nguồn", "ảnh"}
)

# Captions: "(Ảnh: TA)" closing a short line (samples 003, 004), "Ảnh: ..." credits,
# "Ảnh minh họa". Also "(Nguồn: ...)" and "(Video: ...)" credits.
CAPTION_CREDIT = re.compile(
    r"(?:\(\s*(?:ảnh|nguồn|video|clip|đồ họa|đồ hoạ|infographic|minh họa|minh hoạ)\s*[:：][^()]{0,80}\)"
    r"|\(\s*ảnh\s+minh\s+h[ọo]a\s*\)"
    r"|\bảnh\s*[:：]\s*[^.]{1,60})\s*\.?$",
    re.IGNORECASE,
)
CAPTION_START = re.compile(r"^(?:ảnh|ảnh minh họa|ảnh minh hoạ|\[ảnh\])\s*[:：]", re.IGNORECASE)
# Scene captions without a credit: "Quang cảnh Hội nghị", "Toàn cảnh Hội nghị".
SCENE_CAPTION = re.compile(r"^(?:quang cảnh|toàn cảnh|các đại biểu dự|đại biểu dự)\b", re.IGNORECASE)

# Times of day: "03:04 AM", "11:05 tối" (evening), "9h30 sáng" (morning).
TIME_AFTERNOON = frozenset({"pm", "ch", "chiều", "tối"})
TIME_MORNING = frozenset({"am", "sa", "sáng"})
# Dates as Vietnamese sites show them: "Thứ Ba, 25/10/2022 15:21'(GMT+7)",
# "22/10/2025 19:25", "25-10-2022 - 15:21", "15:21 25/10/2022", "Thứ Năm, 20/6/2024",
# "Cập nhật: 07:30 ngày 08/03/2026", "ngày 25 tháng 10 năm 2022".
WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|cn|t[2-7])"
# Two-digit years only after a slash ("ngày 15/03/13 10:20 tối", as news.zing.vn wrote in 2012).
DATE_DMY = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4}|(?<=/)\d{2})(?!\d)"
DATE_WORDS = r"ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
TIME_HM = r"(?P<H>\d{1,2})\s*[:hg]\s*(?P<M>\d{2})(?:\s*[:]\s*(?P<S>\d{2}))?\s*['’]?\s*(?:(?P<ampm>am|pm|sa|ch|sáng|trưa|chiều|tối|đêm)\b)?"
# The white space after "(" only: a search that could begin with white space is
# quadratic on a long run of spaces.
TZ = r"(?:\(\s*)?(?:gmt|utc)\s*(?P<tz>[+\-]\s*\d{1,2})(?::?\d{2})?\s*\)?"
DATE_IN_TEXT = re.compile(
    rf"(?:{WEEKDAY}\s*[,\-–]?\s*)?(?:{DATE_DMY}|{DATE_WORDS})", re.IGNORECASE
)
TIME_IN_TEXT = re.compile(TIME_HM, re.IGNORECASE)
# A date written with an English month name ("August 08, 2018", "8 Aug. 2018"), as
# English-language sites print it under the headline: a line of only such a date is a
# date line too (issue 12; its day is left to the markup, which such sites also give).
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_MONTH_NAME = re.compile(
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})(?!\d)",
    re.IGNORECASE,
)
TZ_IN_TEXT = re.compile(TZ, re.IGNORECASE)
# Words that may stand beside a date on a date line and nothing else.
DATE_LINE_WORDS = re.compile(
    r"(?:cập nhật|cập nhật lúc|ngày đăng|đăng ngày|đăng lúc|ngày cập nhật|thời gian|xuất bản|"
    r"published|updated|lúc|ngày|giờ|gmt|utc|\+\d+|[|,:\-–'’()\s/]|" + WEEKDAY + r")+",
    re.IGNORECASE,
)

# Navigation links that stand alone on a line: "[Quay lại]" (back, nld.com.vn), "Về đầu
# trang" (to the top), "In bài" (print), "Gửi cho bạn bè" (e-mail a friend), "Xem tất cả"
# (see all, genk.vn boxes). Matched against the whole line without brackets and ">>".
NAVIGATION_LINES: frozenset[str] = frozenset(
    {"quay lại", "trở về", "trở lại", "về trang trước", "về đầu trang", "lên đầu trang", "đầu trang",
     "in bài", "in bài viết", "in trang", "bản in", "gửi cho bạn bè", "gửi bài viết", "gửi email",
     "chia sẻ", "chia sẻ bài viết", "xem tất cả", "xem toàn bộ", "xem tiếp", "đóng", "x"}
)
NAVIGATION_LEAD = re.compile(r"^[\s\[(<«»>|]+")
NAVIGATION_TRAIL = "])>»«|.:"  # with white space; taken off with str.rstrip (a "[...]+$" search is quadratic)

# Link lines to other stories: "Xem thêm: ...", "Tin liên quan: ..." (samples, saved
# pages), continuation links ">> Xem tiếp: ..." and ">> Đọc tiếp: ..." (unseen Vietnamese
# news pages, issue 12), and any line opening with ">>" or "»" (a headline link).
RELATED_LINK_LINE = re.compile(
    r"^(?:[>»]+\s*)?(?:xem thêm|đọc thêm|xem tiếp|đọc tiếp|tin liên quan|bài liên quan)\s*[:：>»]\s*\S"
    r"|^(?:>>+|»+)\s*\S",
    re.IGNORECASE,
)

# Calls to readers to send their own story or opinion: "Chia sẻ bài viết của bạn về ...
# tại đây." (vnexpress.net, unseen pages of issue 12), "Mời bạn đọc gửi ý kiến ... qua
# email ...", "Độc giả có thể gửi bài viết về địa chỉ ...". Matched on a whole short line.
READER_CALL = re.compile(
    r"^(?:mời\s+(?:quý\s+)?(?:bạn đọc|bạn|độc giả)\s+|(?:bạn đọc|độc giả)\s+(?:có thể\s+)?)?"
    r"(?:chia sẻ|gửi)\s+(?:bài viết|câu chuyện|ý kiến|cảm nhận|bài|thông tin|ảnh|video|clip|góp ý)\b"
    r".{0,200}?(?:tại đây|ở đây|qua email|về email|tới email|về địa chỉ|theo địa chỉ|\S+@\S+)\s*[.!]?\s*$",
    re.IGNORECASE,
)
READER_CALL_MAX_CHARS = 300

# A news lead opening with the site's short name in brackets and a dash: "(Dân trí) -
# ...", "(NLĐO) - ...", "(PLO) - ..." (dantri.com.vn, nld.com.vn, plo.vn; teaser groups
# under category labels such as "Xu hướng" on unseen pages of issue 12). The article's own
# first paragraph may open so; after the article, under a headline, it is another story.
SITE_LEAD = re.compile(r"^\(\s*[^()\s][^()]{1,30}\)\s*[-–—]\s*\S")

# Words that never end a headline (used to find where a teaser's headline stops and its
# lead begins in a "Headline Lead sentence. |" line).
FUNCTION_WORDS: frozenset[str] = frozenset(
    {"và", "của", "các", "những", "với", "cho", "tại", "trong", "về", "là", "có", "được", "để", "từ",
     "theo", "đến", "khi", "như", "hay", "hoặc", "nhưng", "mà", "thì", "do", "bởi", "vì", "một", "ở"}
)

# Lead openers of Vietnamese news reports: "Tối 12/10,", "Sáng 15/3,", "Ngày 7-8,".
LEAD_OPENER = re.compile(r"^(?:sáng|trưa|chiều|tối|đêm|ngày|hôm nay|hôm qua|rạng sáng)\s+(?:nay|qua|\d)",
                         re.IGNORECASE)


# -- HTML selectors: class and id words of page blocks (html_steps.py, html_structure.py) --

# Class or id words of lead blocks: "sapo" (Vietnamese newsroom term: tuoitre
# "detail-sapo", baocantho, nld), "description" (vnexpress "p.description"), "summary"
# (znews "the-article-summary"), "lead", "chapeau", "standfirst", "tomtat" (Vietnamese
# "tóm tắt", summary), "head-noidung" (24h "baiviet-head-noidung", the content's head).
LEAD_CLASS = re.compile(
    r"(?:^|[\s_-])(?:sapo|description|summary|lead|leadtext|chapeau|standfirst|tomtat|tom-tat|"
    r"article-intro|news-intro|detail-intro|head-noidung)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Class words of photo captions (figcaption-like blocks), here since the foundation
# commit (ca0b310): English and Vietnamese names ("chuthich", "chu-thich", "chuthichanh":
# chú thích (ảnh), caption; "noidung_anh": the picture's content).
CAPTION_CLASS = re.compile(
    r"(?:^|[\s_-])(?:caption|fig-?caption|image-?caption|img-?caption|photo-?caption|pic-?caption|"
    r"image_caption|imagecaption|photocms_caption|img-desc|image-desc|pic-desc|photo-desc|expnote|"
    r"desc_image|noidung_anh|chuthich|chu-thich|chuthichanh)(?:$|[\s_-])",
    re.IGNORECASE,
)
# camelCase class names that end in the word: "InlineImage-imageEmbedCaption",
# "InlineImage-imageEmbedCredit" (cnbc.com; a photo's credit goes with its caption).
CAPTION_CLASS_CAMEL = re.compile(r"[a-z](?:Caption|Credit)(?:$|[\s_-])")
# Class or id words of newsletter sign-up boxes ("emailSignup", "newsletter-signup",
# "subscribe-box"; not "subscriber", which marks paywalled article bodies): a call to sign
# up, never the article's text. Added for issue 12 (nbcnews.com writes the call as bare
# text in a <div> inside <div id="emailSignup">, between the story's paragraphs).
SIGNUP_CLASS = re.compile(r"newsletter|sign-?up|subscribe(?!r)", re.IGNORECASE)
# Class words of site footers (licence, editor in charge, contact lines), added with the
# footer step (commit d054f2b).
FOOTER_CLASS = re.compile(r"(?:^|\s)(?:footer|site-footer|page-footer|main-footer|footer-wrapper|"
                           r"footer-container|ft|bottom-footer)(?:$|\s)", re.IGNORECASE)
