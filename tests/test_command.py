"""The ``clean`` command through a subprocess, as a user runs it: ``python -m cleaners``
and ``scrapy clean`` from the repository root, on real files of every input kind written
in a temporary folder (HTML pages from test_html_paths, the samples, JSONL, WARC).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaners.core.record import OPTIONAL_FIELDS, RECORD_FIELDS

from .conftest import NO_DEDUP, PYTHON, REPO, SAMPLES, by_source, read_jsonl, run_env
from .synthetic_pages import (
    BODY,
    byline_at_start,
    cp1258_bytes,
    national_paper,
    page_declaring,
    provincial_portal,
)

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
SAMPLE_TEXT = SAMPLE_FILES[0].read_text(encoding="utf-8")
PAGE_HTML = national_paper().html
ENGLISH_HTML = """<html lang="en"><head><meta charset="utf-8"><title>City opens a new bridge</title></head>
<body><article><h1>City opens a new bridge</h1>
<p>The city council opened the new cable-stayed bridge on Monday morning, cutting the journey
between the two banks of the river from an hour to about ten minutes for most commuters.</p>
<p>Officials said the project was finished three months ahead of schedule and under budget,
and that the old ferry service would keep running at weekends for tourists and cyclists.</p>
<p>Local shop owners on both sides of the river welcomed the opening and expect more visitors
during the summer festival season, when traffic in the old town is usually at its worst.</p>
</article></body></html>"""
# A page with menus and links but no article text at all.
NO_ARTICLE_HTML = """<html><head><meta charset="utf-8"><title>Trang chủ</title></head><body>
<ul><li><a href="/a">Thời sự</a></li><li><a href="/b">Kinh tế</a></li><li><a href="/c">Văn hóa</a></li></ul>
</body></html>"""


# A saved page whose <meta> says iso-8859-1, kept as text in a JSONL "html" field: the
# field is Unicode already. Its UTF-8 bytes are all defined in windows-1252, so decoding
# them by the meta would give mojibake without an error.
HANOI = ("Hà Nội hôm nay nắng vàng, bà con đi dạo quanh hồ Gươm rất đông vào buổi sáng sớm cuối "
         "tuần, trẻ em chơi đùa vui vẻ.")
LATIN1_DECLARED_HTML = (f'<html><head><meta charset="iso-8859-1"><title>Hà Nội</title></head><body>'
                        f"<article><h1>Hà Nội</h1><p>{HANOI}</p><p>{HANOI} Ai cũng vui.</p>"
                        f"</article></body></html>")


def clean(*args: str | Path, stdin: bytes | None = None, module: tuple[str, ...] = ("cleaners",),
          cwd: Path = REPO):
    """Run ``python -m cleaners ARGS`` (or another module), by default from the repository root;
    without deduplication, as these tests give one text in several forms (tests/test_dedup.py)."""
    return subprocess.run(
        [PYTHON, "-m", *module, *map(str, args), *NO_DEDUP],
        cwd=cwd, env=run_env(), input=stdin, capture_output=True, timeout=120,
    )


def write_warc(path: Path, pages: list[tuple[str, str, bytes]]) -> None:
    """A WARC file (gzipped when the name says so) with a request and a response record
    per page, written with warcio as a crawler writes it."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for url, content_type, body in pages:
            request = writer.create_warc_record(
                url, "request", http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.vn")],
                                                              is_http_request=True))
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def article_lines(record: dict) -> list[str]:
    return record["text"].split("\n")


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory):
    """One run over one input of each kind; all of them good."""
    folder = tmp_path_factory.mktemp("kinds")
    (folder / "page.html").write_text(PAGE_HTML, encoding="utf-8")
    (folder / "page.html.gz").write_bytes(gzip.compress(provincial_portal().html.encode("utf-8")))
    (folder / "sample.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    with open(folder / "items.jsonl", "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"url": "https://tinviet.example/a.html", "html": byline_at_start().html}) + "\n")
        handle.write(json.dumps({"text": SAMPLE_FILES[1].read_text(encoding="utf-8")}) + "\n")
        handle.write(json.dumps({"html": LATIN1_DECLARED_HTML}) + "\n")
    write_warc(folder / "crawl.warc", [("https://tinviet.example/b.html", "text/html; charset=utf-8",
                                        PAGE_HTML.encode("utf-8"))])
    write_warc(folder / "crawl.warc.gz", [
        ("https://tinviet.example/c.html", "text/html", provincial_portal().html.encode("utf-8")),
        ("https://tinviet.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ])
    # The same article in other encodings and compressions.
    (folder / "viet1258.htm").write_bytes(cp1258_bytes(page_declaring("windows-1258")))
    (folder / "utf16.html").write_bytes(page_declaring(None).encode("utf-16"))
    (folder / "sample.txt.gz").write_bytes(gzip.compress(SAMPLE_TEXT.encode("utf-8")))
    (folder / "items.jsonl.gz").write_bytes(gzip.compress(json.dumps({"html": PAGE_HTML}).encode("utf-8")))
    out = folder / "out" / "clean.jsonl"
    names = ["page.html", "page.html.gz", "sample.txt", "items.jsonl", "crawl.warc", "crawl.warc.gz",
             "viet1258.htm", "utf16.html", "sample.txt.gz", "items.jsonl.gz"]
    done = clean(*(folder / name for name in names), "-o", out, "--workers", "1")
    return folder, out, done


def test_every_input_kind_gives_its_records(every_kind):
    folder, out, done = every_kind
    assert done.returncode == 0, done.stderr.decode()
    records = by_source(read_jsonl(out))
    for name in ("page.html", "page.html.gz", "sample.txt", "items.jsonl#1", "items.jsonl#2", "items.jsonl#3"):
        assert str(folder / name) in records, f"no record for {name}"
    warc = [s for s in records if s.startswith(str(folder / "crawl.warc#"))]
    warc_gz = [s for s in records if s.startswith(str(folder / "crawl.warc.gz#"))]
    assert len(warc) == 1 and len(warc_gz) == 1, "one article per WARC file"
    assert len(records) == 12


def test_the_latin1_declared_page_would_decode_without_error():
    LATIN1_DECLARED_HTML.encode("utf-8").decode("cp1252")  # so only the right path gives Vietnamese


def test_every_encoding_and_compression_gives_the_same_text(every_kind):
    folder, out, _ = every_kind
    records = by_source(read_jsonl(out))
    assert article_lines(records[str(folder / "viet1258.htm")]) == BODY
    assert article_lines(records[str(folder / "utf16.html")]) == BODY
    assert records[str(folder / "sample.txt.gz")]["text"] == records[str(folder / "sample.txt")]["text"]
    assert records[str(folder / "items.jsonl.gz#1")]["text"] == records[str(folder / "page.html")]["text"]
    assert article_lines(records[str(folder / "items.jsonl#3")])[0] == HANOI, "JSONL html is not re-decoded"


def test_html_records_hold_the_article(every_kind):
    folder, out, _ = every_kind
    for record in read_jsonl(out):
        if record["source"].endswith((".txt", ".txt.gz", "items.jsonl#2", "items.jsonl#3")):
            continue  # the samples' text, the Hà Nội page
        assert all(paragraph in article_lines(record) for paragraph in BODY), record["source"]


def test_jsonl_and_warc_urls_are_kept(every_kind):
    folder, out, _ = every_kind
    records = by_source(read_jsonl(out))
    assert records[str(folder / "items.jsonl#1")]["url"] == "https://tinviet.example/a.html"
    gz = next(r for s, r in records.items() if s.startswith(str(folder / "crawl.warc.gz#")))
    assert gz["url"] == "https://tinviet.example/c.html"


def test_non_html_warc_record_is_skipped_with_reason(every_kind):
    folder, out, _ = every_kind
    errors = read_jsonl(out.with_name("clean.errors.jsonl"))
    assert [e["reason"] for e in errors] == ["not_html"]
    assert errors[0]["source"].startswith(str(folder / "crawl.warc.gz#"))


def test_output_is_utf8_jsonl_not_ascii_escaped_and_nfc(every_kind):
    _, out, _ = every_kind
    raw = out.read_bytes()
    text = raw.decode("utf-8")
    assert "\\u" not in text, "JSON is ASCII-escaped"
    assert "Hội nghị" in text
    for line in text.splitlines():
        record = json.loads(line)
        assert unicodedata.is_normalized("NFC", record["text"]), record["source"]


def test_records_have_the_spec_schema(every_kind):
    _, out, _ = every_kind
    for record in read_jsonl(out):
        assert tuple(record) == tuple(key for key in RECORD_FIELDS if key not in OPTIONAL_FIELDS)
        assert record["text"] and isinstance(record["captions"], list)


def test_standard_input_html_and_text(tmp_path):
    html_out, text_out = tmp_path / "html.jsonl", tmp_path / "text.jsonl"
    done = clean("-", "-o", html_out, "--workers", "1", stdin=PAGE_HTML.encode("utf-8"))
    assert done.returncode == 0, done.stderr.decode()
    [record] = read_jsonl(html_out)
    assert record["source"] == "-" and article_lines(record)[1:] == BODY
    # Decomposed (NFD) text on standard input comes out composed.
    nfd = unicodedata.normalize("NFD", SAMPLE_TEXT).encode("utf-8")
    done = clean("-", "-o", text_out, "--workers", "1", stdin=nfd)
    assert done.returncode == 0, done.stderr.decode()
    [record] = read_jsonl(text_out)
    assert unicodedata.is_normalized("NFC", record["text"]) and "Tuyên Quang" in record["text"]


def test_jsonl_on_standard_input_to_standard_output(tmp_path):
    lines = [json.dumps({"url": "https://tinviet.example/a.html", "html": byline_at_start().html}),
             json.dumps({"text": SAMPLE_TEXT}), json.dumps({"html": NO_ARTICLE_HTML})]
    # From a scratch folder: with -o - the errors go to output/clean.errors.jsonl there.
    done = clean("-", "-o", "-", "--workers", "1", stdin="\n".join(lines).encode("utf-8"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [r["source"] for r in records] == ["-#1", "-#2"], "standard output holds the records alone"
    assert records[0]["url"] == "https://tinviet.example/a.html"
    [skipped] = read_jsonl(tmp_path / "output" / "clean.errors.jsonl")
    assert skipped["source"] == "-#3" and skipped["reason"] == "no_article"
    assert "read 3, written 2, skipped 1" in done.stderr.decode()


def test_folder_is_recursed_and_glob_expanded(tmp_path):
    tree = tmp_path / "site"
    (tree / "2024" / "03").mkdir(parents=True)
    (tree / "a.html").write_text(PAGE_HTML, encoding="utf-8")
    (tree / "2024" / "03" / "b.htm").write_text(provincial_portal().html, encoding="utf-8")
    (tree / "2024" / "notes.md").write_text("not an input kind", encoding="utf-8")
    (tree / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for number, path in enumerate(SAMPLE_FILES[:3]):
        shutil.copy(path, tmp_path / f"s{number}.txt")
    out = tmp_path / "out.jsonl"
    # a.html is named twice (in the folder and on its own): it is read once.
    done = clean(tree, str(tmp_path / "s*.txt"), tree / "a.html", "-o", out, "--workers", "1")
    assert done.returncode == 0, done.stderr.decode()
    sources = [r["source"] for r in read_jsonl(out)]
    # A folder's own files come first (sorted), then its subfolders (sorted), then the glob.
    expected = [tree / "a.html", tree / "2024" / "03" / "b.htm"] + [tmp_path / f"s{n}.txt" for n in range(3)]
    assert sources == [str(p) for p in expected]


def test_lang_keeps_only_that_language_and_explain_lists_removals(tmp_path):
    (tmp_path / "vi.html").write_text(PAGE_HTML, encoding="utf-8")
    (tmp_path / "en.html").write_text(ENGLISH_HTML, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    done = clean(tmp_path / "vi.html", tmp_path / "en.html", "-o", out, "--lang", "vi", "--explain",
                 "--workers", "1")
    assert done.returncode == 0, "a language skip is not a failure"
    [record] = read_jsonl(out)
    assert record["source"].endswith("vi.html") and record["lang"] == "vi"
    [skipped] = read_jsonl(tmp_path / "out.errors.jsonl")
    assert skipped["source"].endswith("en.html") and skipped["reason"] == "language"
    assert "en" in skipped["message"]
    reasons = {item["reason"] for item in record["explain"]}
    assert {"related_block", "caption"} <= reasons
    for item in record["explain"]:
        assert item["step"] and item["text"]
    assert any("Có thể bạn quan tâm" in item["text"] for item in record["explain"])


def test_without_lang_the_english_article_is_kept(tmp_path):
    (tmp_path / "en.html").write_text(ENGLISH_HTML, encoding="utf-8")
    done = clean(tmp_path / "en.html", "-o", tmp_path / "out.jsonl", "--workers", "1")
    assert done.returncode == 0
    [record] = read_jsonl(tmp_path / "out.jsonl")
    assert record["lang"] == "en" and "explain" not in record


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    """One run over good inputs mixed with every kind of bad one."""
    folder = tmp_path_factory.mktemp("bad")
    (folder / "good.html").write_text(PAGE_HTML, encoding="utf-8")
    (folder / "empty.html").write_bytes(b"")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20)
    (folder / "latin.txt").write_bytes(SAMPLE_TEXT.encode("utf-8") + b"\n\xff\xfe caf\xe9 \xe0 Hu\xe9\n")
    (folder / "cut.html.gz").write_bytes(gzip.compress(PAGE_HTML.encode("utf-8"))[:300])
    (folder / "menu.html").write_text(NO_ARTICLE_HTML, encoding="utf-8")
    with open(folder / "mixed.jsonl", "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"html": PAGE_HTML}) + "\n")
        handle.write('{"html": "<p>a line cut in the middle\n')
        handle.write(json.dumps({"text": SAMPLE_TEXT}) + "\n")
    (folder / "good.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    # A crawl cut short inside its second page; a file named .warc that is not one.
    write_warc(folder / "cut.warc.gz", [("https://tinviet.example/1.html", "text/html", PAGE_HTML.encode("utf-8")),
                                        ("https://tinviet.example/2.html", "text/html", PAGE_HTML.encode("utf-8"))])
    whole = (folder / "cut.warc.gz").read_bytes()
    (folder / "cut.warc.gz").write_bytes(whole[: len(whole) - 300])
    (folder / "notes.warc").write_text("Ghi chú: đây không phải tệp WARC.\n" * 5, encoding="utf-8")
    # OUT lies inside the input folder: the run must not read its own output back.
    out = folder / "out.jsonl"
    done = clean(folder, folder / "missing.html", "-o", out, "--workers", "1")
    return folder, out, done


BAD_INPUTS = {
    "empty.html": "empty",
    "image.html": "binary",
    "latin.txt": "undecodable",
    "cut.html.gz": "truncated_gzip",
    "mixed.jsonl#2": "malformed_json",
    "menu.html": "no_article",
    "missing.html": "not_found",
    "cut.warc.gz#4": "truncated_warc",
    "notes.warc": "not_warc",
}


def test_bad_input_exits_1_and_keeps_every_good_record(bad_run):
    folder, out, done = bad_run
    assert done.returncode == 1, done.stderr.decode()
    sources = sorted(r["source"] for r in read_jsonl(out))
    assert sources == sorted(str(folder / n) for n in ("good.html", "good.txt", "mixed.jsonl#1", "mixed.jsonl#3",
                                                      "cut.warc.gz#2"))


def test_each_bad_input_is_in_the_errors_file_with_its_reason(bad_run):
    folder, out, done = bad_run
    errors = {e["source"]: e for e in read_jsonl(out.with_name("out.errors.jsonl"))}
    assert sorted(errors) == sorted(str(folder / n) for n in BAD_INPUTS)
    for name, reason in BAD_INPUTS.items():
        error = errors[str(folder / name)]
        assert error["reason"] == reason, name
        assert error["message"], name


def test_bad_input_is_reported_without_traceback(bad_run):
    folder, _, done = bad_run
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr
    assert str(folder / "cut.html.gz") in stderr
    assert "read 14, written 5" in stderr
    # Nothing but log lines and the summary: no library warnings printed around them.
    summary = ("read ", "skipped: ", "failed: ", "removed lines: ", "errors: ")
    for line in stderr.splitlines():
        assert line.startswith(("WARNING cleaners: ", "INFO cleaners: ", *summary)), line
    assert "errors:" in stderr


def test_jsonl_is_read_line_by_line_with_the_size_limit_per_line(tmp_path):
    lines = [json.dumps({"text": p.read_text(encoding="utf-8")}, ensure_ascii=False) + "\n"
             for p in SAMPLE_FILES]
    sizes = [len(line.encode("utf-8")) for line in lines]
    limit = sorted(sizes)[-2] + 1  # every line but the longest fits; the file does not
    (tmp_path / "corpus.jsonl").write_text("".join(lines), encoding="utf-8")
    packed = gzip.compress("".join(lines).encode("utf-8"))
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) * 3 // 4])
    out = tmp_path / "out.jsonl"
    done = clean(tmp_path / "corpus.jsonl", tmp_path / "cut.jsonl.gz", "-o", out, "--workers", "1",
                 "--max-bytes", str(limit))
    assert done.returncode == 1, done.stderr.decode()
    longest = sizes.index(max(sizes)) + 1
    sources = [r["source"] for r in read_jsonl(out)]
    corpus = str(tmp_path / "corpus.jsonl")
    assert [s for s in sources if s.startswith(corpus)] == [f"{corpus}#{n}" for n in range(1, 6) if n != longest]
    assert any(s.startswith(str(tmp_path / "cut.jsonl.gz#")) for s in sources), "lines before the cut are kept"
    errors = {e["source"]: e["reason"] for e in read_jsonl(tmp_path / "out.errors.jsonl")}
    assert errors[f"{corpus}#{longest}"] == "too_large"
    assert errors[str(tmp_path / "cut.jsonl.gz")] == "truncated_gzip"


@pytest.mark.parametrize("args", [[], ["--no-such-option", "x.html"], ["x.html", "--workers", "0"],
                                  ["x.html", "--lang", "vn"]],
                         ids=["no input", "unknown option", "zero workers", "unknown language code"])
def test_usage_error_exits_2(args, tmp_path):
    done = clean(*args, "-o", tmp_path / "out.jsonl")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr.decode()
    assert not (tmp_path / "out.jsonl").exists()


def test_existing_output_is_refused_without_overwrite(tmp_path):
    (tmp_path / "a.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text('{"source": "earlier run"}\n', encoding="utf-8")
    done = clean(tmp_path / "a.txt", "-o", out, "--workers", "1")
    assert done.returncode == 2 and "--overwrite" in done.stderr.decode()
    assert out.read_text(encoding="utf-8") == '{"source": "earlier run"}\n'
    done = clean(tmp_path / "a.txt", "-o", out, "--overwrite", "--workers", "1")
    assert done.returncode == 0
    assert [r["source"] for r in read_jsonl(out)] == [str(tmp_path / "a.txt")]


def _corpus(folder: Path) -> Path:
    """A folder of several inputs: the samples, HTML pages, one bad file."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for path in SAMPLE_FILES:
        shutil.copy(path, corpus / path.name)
    (corpus / "p1.html").write_text(PAGE_HTML, encoding="utf-8")
    (corpus / "p2.html").write_text(provincial_portal().html, encoding="utf-8")
    (corpus / "p3.html").write_text(byline_at_start().html, encoding="utf-8")
    (corpus / "p4.html").write_text(ENGLISH_HTML, encoding="utf-8")
    (corpus / "zz-empty.txt").write_bytes(b"")
    return corpus


def test_resume_after_a_torn_output_finishes_without_duplicates(tmp_path):
    corpus = _corpus(tmp_path)
    full = tmp_path / "full.jsonl"
    assert clean(corpus, "-o", full, "--workers", "1").returncode == 1
    expected = read_jsonl(full)
    assert len(expected) == 9
    # An interrupted run: three complete lines and half of the fourth.
    lines = full.read_bytes().splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(lines[:3]) + lines[3][: len(lines[3]) // 2])
    done = clean(corpus, "-o", out, "--resume", "--workers", "1")
    assert done.returncode == 1, done.stderr.decode()
    assert "already done 3" in done.stderr.decode()
    records = read_jsonl(out)  # every line is complete JSON again
    sources = [r["source"] for r in records]
    assert len(sources) == len(set(sources)), "a record written twice"
    assert sorted(sources) == sorted(r["source"] for r in expected), "a record missing"
    assert by_source(records) == by_source(expected)


def test_resume_with_retry_cleans_again_the_inputs_that_failed_for_those_reasons(tmp_path):
    """A first run with a node limit below the HTML pages' size fails them; resumed with
    the default limits and --retry too_many_nodes, they are cleaned, other errors stay."""
    corpus = _corpus(tmp_path)
    full = tmp_path / "full.jsonl"
    clean(corpus, "-o", full, "--workers", "1")
    out = tmp_path / "out.jsonl"
    errors = tmp_path / "out.errors.jsonl"
    clean(corpus, "-o", out, "--workers", "1", "--max-nodes", "30")
    first_errors = read_jsonl(errors)
    failed = [e for e in first_errors if e["reason"] == "too_many_nodes"]
    assert failed and len(failed) < len(first_errors), first_errors  # the empty file fails too

    done = clean(corpus, "-o", out, "--workers", "1", "--resume", "--retry", "too_many_nodes")
    assert done.returncode == 0, done.stderr.decode()  # the empty file's error is kept, not retried
    already = len(read_jsonl(full)) - len(failed) + len(first_errors) - len(failed)
    assert f"already done {already}, retried {len(failed)}" in done.stderr.decode()
    assert sorted(r["source"] for r in read_jsonl(out)) == sorted(r["source"] for r in read_jsonl(full))
    assert read_jsonl(errors) == read_jsonl(tmp_path / "full.errors.jsonl")


def test_drop_errors_keeps_other_reasons_and_unreadable_lines_and_cuts_a_torn_one(tmp_path):
    from cleaners.app.jsonl import drop_errors

    errors = tmp_path / "out.errors.jsonl"
    lines = [{"source": "a.html", "reason": "timeout"}, {"source": "b.html", "reason": "empty"},
             {"source": "c.html", "reason": "worker_died"}]
    errors.write_text("".join(json.dumps(line) + "\n" for line in lines) + "not json\n"
                      + '{"source": "d.html", "reas', encoding="utf-8")
    assert drop_errors(str(errors), {"timeout", "worker_died"}) == 2
    assert errors.read_text(encoding="utf-8") == json.dumps(lines[1]) + "\nnot json\n"


@pytest.mark.parametrize("args", [["--retry", "timeout"], ["--resume", "--retry", " , "]])
def test_retry_needs_resume_and_a_reason(tmp_path, args):
    done = clean(tmp_path, "-o", tmp_path / "out.jsonl", *args)
    assert done.returncode == 2
    assert "--retry needs --resume and at least one reason" in done.stderr.decode()


def test_interrupted_run_leaves_valid_jsonl_and_resume_finishes_it(tmp_path):
    """Ctrl-C (SIGINT to the whole process group, workers included) part-way through."""
    corpus = tmp_path / "many"
    corpus.mkdir()
    # Many documents, so that the run is still going when the interrupt comes; the copies
    # repeat five texts, so without dedup (a duplicate skipped before the interrupt would
    # be done, never written).
    copies = 200
    for number in range(copies):
        shutil.copy(SAMPLE_FILES[number % 5], corpus / f"{number:03d}.txt")
    out = tmp_path / "out.jsonl"
    command = [PYTHON, "-m", "cleaners", corpus, "-o", out, "--workers", "2", *NO_DEDUP]
    running = subprocess.Popen(command, cwd=REPO, env=run_env(), stderr=subprocess.PIPE,
                               start_new_session=True)
    while not (out.exists() and out.stat().st_size) and running.poll() is None:
        time.sleep(0.01)
    os.killpg(running.pid, signal.SIGINT)
    stderr = running.communicate(timeout=60)[1].decode()
    assert running.returncode == 130 and "--resume" in stderr and "Traceback" not in stderr
    written = read_jsonl(out)  # complete lines only
    assert 0 < len(written) < copies
    done = clean(corpus, "-o", out, "--resume", "--workers", "2")
    assert done.returncode == 0, done.stderr.decode()
    sources = [r["source"] for r in read_jsonl(out)]
    assert sorted(sources) == sorted(str(p) for p in corpus.iterdir()) and len(set(sources)) == copies


def test_closed_standard_output_ends_the_run_cleanly(tmp_path):
    for number in range(10):
        shutil.copy(SAMPLE_FILES[number % 5], tmp_path / f"{number}.txt")
    running = subprocess.Popen([PYTHON, "-m", "cleaners", tmp_path, "-o", "-", "--workers", "1"],
                               cwd=tmp_path, env=run_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    json.loads(running.stdout.readline())  # a reader like `| head -1` takes one record and goes
    running.stdout.close()
    stderr = running.communicate(timeout=60)[1].decode()
    assert running.returncode == 1 and "Traceback" not in stderr
    assert "cannot write standard output" in stderr


def test_unwritable_output_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    done = clean(tmp_path / "a.txt", "-o", tmp_path, "--overwrite", "--workers", "1")
    assert done.returncode == 2 and "Traceback" not in done.stderr.decode()
    assert "cannot write" in done.stderr.decode()


def test_two_workers_give_the_same_output_as_one(tmp_path):
    corpus = _corpus(tmp_path)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert clean(corpus, "-o", one, "--workers", "1").returncode == 1
    assert clean(corpus, "-o", two, "--workers", "2").returncode == 1
    assert two.read_bytes() == one.read_bytes()
    assert (tmp_path / "two.errors.jsonl").read_bytes() == (tmp_path / "one.errors.jsonl").read_bytes()


@pytest.fixture(scope="module")
def samples_run(tmp_path_factory):
    """The issue's "Done when": ``python -m cleaners seeds/samples -o OUT``."""
    out = tmp_path_factory.mktemp("samples") / "samples.jsonl"
    return out, clean("seeds/samples", "-o", out, "--workers", "1")


def test_samples_give_five_records(samples_run):
    out, done = samples_run
    assert done.returncode == 0, done.stderr.decode()
    records = read_jsonl(out)
    assert [r["source"] for r in records] == [f"seeds/samples/{p.name}" for p in SAMPLE_FILES]
    assert all(r["lang"] == "vi" and r["title"] and r["text"] for r in records)
    assert "read 5, written 5, skipped 0, failed 0" in done.stderr.decode()


def test_progress_bar_only_on_a_terminal_or_when_asked(samples_run, tmp_path):
    _, quiet = samples_run
    assert "doc/s" not in quiet.stderr.decode() and "\r" not in quiet.stderr.decode()
    shown = clean("seeds/samples", "-o", tmp_path / "b.jsonl", "--workers", "1", "--progress")
    assert "5doc" in shown.stderr.decode()


def test_scrapy_clean_is_the_same_command(samples_run, tmp_path):
    first, _ = samples_run
    second = tmp_path / "b.jsonl"
    done = clean("clean", "seeds/samples", "-o", second, "--workers", "1", module=("scrapy",))
    assert done.returncode == 0, done.stderr.decode()
    assert second.read_bytes() == first.read_bytes()
    done = clean("clean", "-o", tmp_path / "c.jsonl", module=("scrapy",))
    assert done.returncode == 2, "a usage error from scrapy clean too"
