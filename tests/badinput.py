"""A corpus of broken inputs, written by the tests into a temporary folder (nothing large
or binary is committed), beside good articles that must come through intact.

``build(folder)`` writes every case and returns what each source must give: a record
holding given paragraphs, or an error with a given reason.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

# Original text written for these tests (not taken from any site).
PARAGRAPHS = [
    "Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác phòng chống thiên tai "
    "năm nay và triển khai nhiệm vụ cho mùa mưa bão sắp tới, với sự tham dự của đại diện các sở, "
    "ngành và chính quyền địa phương.",
    "Theo báo cáo, trong năm qua toàn tỉnh đã di dời hơn ba nghìn hộ dân khỏi vùng nguy hiểm, "
    "gia cố hàng chục ki-lô-mét đê điều và hoàn thành việc nạo vét kênh mương trước mùa lũ.",
    "Phát biểu tại hội nghị, Phó Chủ tịch tỉnh đề nghị các đơn vị rà soát lại phương án ứng phó, "
    "chuẩn bị đầy đủ vật tư, phương tiện và lực lượng cứu hộ để chủ động trong mọi tình huống.",
    "Bên cạnh đó, người dân được khuyến cáo theo dõi thường xuyên bản tin dự báo thời tiết, "
    "không ra khơi khi có cảnh báo và chấp hành nghiêm chỉ đạo của chính quyền cơ sở.",
]
TITLE = "Hội nghị tổng kết công tác phòng chống thiên tai"
# Already-extracted text, as in seeds/samples: the headline first, then the paragraphs.
TEXT = TITLE + "\n" + "\n".join(PARAGRAPHS)
# A Latin-1 page must hold only Latin-1 letters: French, which Latin-1 covers.
FRENCH = [
    "Le conseil municipal a présenté hier soir le budget de l'année prochaine, qui prévoit "
    "une hausse des dépenses consacrées aux écoles et à la rénovation des bâtiments publics.",
    "Selon le maire, la priorité reste l'accès de tous les élèves à une cantine de qualité, "
    "ainsi que l'entretien régulier des équipements sportifs de la commune.",
    "Les habitants pourront donner leur avis lors d'une réunion publique organisée à la fin du "
    "mois dans la salle des fêtes, où chacun est invité à poser ses questions.",
]


VI_CHROME = ("Trang chủ", "Thời sự", "Tin liên quan", "Một bài khác về thời tiết",
             "Bản quyền thuộc về cơ quan báo chí. Ghi rõ nguồn khi phát hành lại.")
FR_CHROME = ("Accueil", "Actualités", "À lire aussi", "Un autre article sur la météo",
             "Tous droits réservés. Citez la source en cas de reproduction.")


def article(paragraphs: list[str], title: str = TITLE,
            charset: str | None = "utf-8", lang: str = "vi") -> str:
    """A news page shaped like the real ones: header menu, article, related block, footer."""
    home, section, related, teaser, footer = VI_CHROME if lang == "vi" else FR_CHROME
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head>{meta}<title>{title}</title></head>
<body>
<header><nav><ul><li><a href="/">{home}</a></li><li><a href="/s">{section}</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
<div class="content">
{body}
</div>
</article>
<aside><h3>{related}</h3><ul><li><a href="/a">{teaser}</a></li></ul></aside>
</main>
<footer><p>{footer}</p></footer>
</body></html>
"""


@dataclass
class Expected:
    """What one source must give: a record holding ``paragraphs``, or ``reason``."""

    reason: str | None = None
    paragraphs: list[str] = field(default_factory=list)


def mojibake(text: str, times: int) -> str:
    """UTF-8 text decoded as Latin-1 and saved again, ``times`` times."""
    for _ in range(times):
        text = text.encode("utf-8").decode("latin-1")
    return text


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes Vietnamese: the letter (â, ơ, ư, ...) then the tone
    as a combining mark, where the code page has no precomposed letter."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def _gzip_bomb(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"<div>" + b" " * (1024 * 1024 - 5)
    parts = [compressor.compress(b"<html><body>")]
    parts += [compressor.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(parts) + compressor.flush()


def _warc(records: list[tuple[str, str, bytes]], gzipped: bool) -> bytes:
    """A WARC of (type, content type, payload) records via warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for number, (rec_type, content_type, payload) in enumerate(records, start=1):
        uri = f"https://bao.example.vn/bai-{number}.html"
        if rec_type == "response":
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                               http_headers=headers)
        else:
            record = writer.create_warc_record("dns:bao.example.vn", "resource",
                                               payload=io.BytesIO(payload),
                                               warc_content_type=content_type)
        writer.write_record(record)
    return out.getvalue()


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def _zip_bytes() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bai.html", article(PARAGRAPHS))
    return out.getvalue()


def _pdf_bytes() -> bytes:
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td (Bao cao) Tj ET")
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length " + str(len(stream)).encode()
            + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream\nendobj\ntrailer\n<<>>\n%%EOF\n")


def build(folder: Path) -> dict[str, Expected]:
    """Write the corpus into ``folder``; returns the expected outcome by source path."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expected] = {}

    def put(name: str, data: bytes | str, reason: str | None = None,
            paragraphs: list[str] | None = None) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected[str(path)] = Expected(reason, paragraphs or [])
        return path

    good = article(PARAGRAPHS)
    # Good inputs that must come through intact, whatever their neighbours do.
    put("good_article.html", good, paragraphs=PARAGRAPHS)
    put("good_text.txt", TEXT, paragraphs=PARAGRAPHS)
    put("good_article.html.gz", gzip.compress(good.encode("utf-8")), paragraphs=PARAGRAPHS)

    # Empty, blank, binary.
    put("empty.html", b"", "empty")
    put("whitespace.html", b" \n\t\r\n   \n", "empty")
    put("whitespace.txt", "\n   \n\u00a0\n", "empty")
    put("image.html", PNG, "binary")
    put("document.html", _pdf_bytes(), "binary")
    put("archive.html", _zip_bytes(), "binary")

    # Charsets: every one of these is readable and must give the right letters.
    put("utf16_bom.html", "\ufeff".encode("utf-16-le") + article(PARAGRAPHS, charset="utf-16").encode("utf-16-le"),
        paragraphs=PARAGRAPHS)
    put("cp1258_declared.html", to_cp1258(article(PARAGRAPHS, charset="windows-1258")),
        paragraphs=PARAGRAPHS)
    put("cp1258_undeclared.html", to_cp1258(article(PARAGRAPHS, charset=None)), paragraphs=PARAGRAPHS)
    put("latin1_declared.html", article(FRENCH, "Le budget", "iso-8859-1", "fr").encode("latin-1"),
        paragraphs=FRENCH)
    put("latin1_undeclared.html", article(FRENCH, "Le budget", None, "fr").encode("latin-1"),
        paragraphs=FRENCH)
    put("says_utf8_is_cp1258.html", to_cp1258(article(PARAGRAPHS, charset="utf-8")),
        paragraphs=PARAGRAPHS)
    put("says_cp1258_is_utf8.html", article(PARAGRAPHS, charset="windows-1258").encode("utf-8"),
        paragraphs=PARAGRAPHS)
    put("mojibake_twice.html", mojibake(article(PARAGRAPHS), 2).encode("utf-8"), paragraphs=PARAGRAPHS)
    put("mojibake_once.txt", mojibake(TEXT, 1).encode("utf-8"), paragraphs=PARAGRAPHS)
    # Control characters (forbidden in XML) inside the text, and a NUL byte past the
    # first 4 KB: dropped, the article kept.
    put("control_chars.html", article([p.replace(",", "\x01,").replace(".", "\x1f.\x0b") for p in PARAGRAPHS]),
        paragraphs=PARAGRAPHS)
    put("late_nul.html", good.replace("</footer>", "</footer>" + " " * 5000 + "\x00"), paragraphs=PARAGRAPHS)
    put("invalid_utf8.txt", "\n".join(PARAGRAPHS).encode("utf-8")[:200] + b"\xff\xfe\xc3(" + b"tail",
        "undecodable")

    # Compression and size.
    put("truncated.html.gz", gzip.compress(good.encode("utf-8") * 20)[:700], "truncated_gzip")
    put("not_gzip.html.gz", b"\x1f\x8b\x08\x00 this is not deflate data at all", "bad_gzip")
    put("bomb.html.gz", _gzip_bomb(64 * 1024 * 1024), "too_large")
    huge = folder / "huge_50mb.html"
    with open(huge, "wb") as handle:
        handle.write(b"<html><body><article>")
        block = b"<p>" + (" ".join(PARAGRAPHS)).encode("utf-8") + b"</p>\n"
        handle.write(block * (50_000_000 // len(block) + 1))
        handle.write(b"</article></body></html>")
    expected[str(huge)] = Expected("too_large")

    # Pathological structure.
    put("nested_100k.html", "<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</body></html>",
        "too_deep")
    put("many_nodes.html", "<html><body>" + "<span>x</span>" * 250_000 + "</body></html>", "too_many_nodes")
    long_line = " ".join([PARAGRAPHS[0]] * (1_000_000 // len(PARAGRAPHS[0]) + 1))[:1_000_000]
    put("one_long_line.txt", long_line, paragraphs=[])
    expected[str(folder / "one_long_line.txt")].paragraphs = [long_line.strip()]
    put("only_scripts.html", "<html><head><script>var a = 1;</script></head><body>"
        + "<script>document.write('x');</script>" * 50 + "</body></html>", "no_article")
    put("no_article.html", "<html><body><nav><a href='/'>Trang chủ</a> | <a href='/lien-he'>Liên hệ</a>"
        "</nav><footer>© 2024</footer></body></html>", "no_article")

    # JSONL: good lines around a malformed one and one without html or text.
    lines = [
        json.dumps({"url": "https://bao.example.vn/1.html", "html": good}, ensure_ascii=False),
        '{"url": "https://bao.example.vn/2.html", "html": "<p>cut in the mid',
        json.dumps({"url": "https://bao.example.vn/3.html", "title": "no body"}),
        json.dumps({"text": TEXT}, ensure_ascii=False),
        '["not", "an", "object"]',
        '{"text": "Lone surrogate \\ud800 in ' + " ".join(PARAGRAPHS).replace('"', "") + '"}',
    ]
    jsonl = put("mixed.jsonl", "\n".join(lines) + "\n")
    del expected[str(jsonl)]
    for number, outcome in enumerate([Expected(None, PARAGRAPHS), Expected("malformed_json"),
                                      Expected("missing_field"), Expected(None, PARAGRAPHS),
                                      Expected("malformed_json"), Expected(None, [])], start=1):
        expected[f"{jsonl}#{number}"] = outcome

    # WARC: a good response, an image, a DNS record, then a record cut in half.
    records = [("response", "text/html; charset=utf-8", good.encode("utf-8")),
               ("response", "image/png", PNG),
               ("resource", "text/dns", b"bao.example.vn. 300 IN A 127.0.0.1\n"),
               ("response", "text/html", good.encode("utf-8") * 3)]
    for gzipped in (True, False):
        data = _warc(records, gzipped)
        warc = put("cut.warc.gz" if gzipped else "cut.warc", data[: len(data) - 900])
        del expected[str(warc)]
        expected[f"{warc}#1"] = Expected(None, PARAGRAPHS)
        expected[f"{warc}#2"] = Expected("not_html")
        expected[f"{warc}#3"] = Expected("not_html")
        expected[f"{warc}#4"] = Expected("truncated_warc")

    # Files that are not what they claim, or cannot be read.
    put("notes.pdf", _pdf_bytes())
    del expected[str(folder / "notes.pdf")]  # a folder walk skips unknown kinds silently
    os.mkfifo(folder / "pipe.html")
    expected[str(folder / "pipe.html")] = Expected("not_a_file")
    os.symlink("loop_b.html", folder / "loop_a.html")
    os.symlink("loop_a.html", folder / "loop_b.html")
    expected[str(folder / "loop_a.html")] = Expected("symlink_loop")
    expected[str(folder / "loop_b.html")] = Expected("symlink_loop")
    os.symlink("gone.html", folder / "broken_link.html")
    expected[str(folder / "broken_link.html")] = Expected("not_found")
    (folder / "sub").mkdir()
    put("sub/good_in_sub.html", good, paragraphs=PARAGRAPHS)
    os.symlink("..", folder / "sub" / "up")  # a folder loop: walked once, reported
    expected[str(folder / "sub" / "up")] = Expected("symlink_loop")
    if os.path.exists("/proc/self/mem"):
        # Reading /proc/self/mem at offset 0 fails with EIO, even for root.
        os.symlink("/proc/self/mem", folder / "io_error.html")
        expected[str(folder / "io_error.html")] = Expected("unreadable")
    return expected
