"""One decision of "already written" (crawler/articles.py) for the job state, the Redis
claim and the merge of a shared crawl's parts: same canonical URL, or same text hash."""

from __future__ import annotations

from cleaners import clean_text
from cleaners.app.jsonl import JsonlWriter, read_jsonl
from crawler.articles import WrittenArticles, article_keys
from crawler.jobstate import JobState
from crawler.parts import merge

from .conftest import SAMPLES


def sample_records() -> list[dict]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))[:2]]
    return [
        {**clean_text(text, source=f"bai-{i}.txt").record, "url": f"https://bao.example.vn/bai-{i}.html"}
        for i, text in enumerate(texts)
    ]


def test_the_same_url_in_another_form_or_the_same_text_is_one_article():
    first, second = sample_records()
    written = WrittenArticles()
    written.add(first)
    assert written.duplicate({**second, "url": "https://BAO.example.vn/bai-0.html#top"}) == "duplicate_url"
    assert written.duplicate({**second, "hash": first["hash"]}) == "duplicate_text"
    assert written.duplicate({**second, "hash": first["hash"]}, by_text=False) is None
    assert written.duplicate(second) is None
    assert article_keys(first).url.startswith("u:") and article_keys(first).text == "h:" + first["hash"]


def test_the_merge_and_a_resumed_job_agree_on_what_is_written(tmp_path):
    first, second = sample_records()
    parts = tmp_path / "parts"
    for name, records in {
        "a": [first],
        "b": [{**first, "url": first["url"] + "?utm_source=x"}, second],
    }.items():
        writer = JsonlWriter(str(parts / f"articles-{name}.jsonl"), append=False)
        for record in records:
            writer.write(record)
        writer.close()
    assert merge(parts, tmp_path / "merged.jsonl") == (2, 1, 0)
    assert [record["source"] for _, record in read_jsonl(tmp_path / "merged.jsonl")] == [
        first["source"],
        second["source"],
    ]
    job = JobState(None)
    job.remember_articles([str(tmp_path / "merged.jsonl")])
    assert (
        job.articles.duplicate({**second, "url": second["url"].replace("bao.", "BAO."), "hash": "0"})
        == "duplicate_url"
    )
    assert job.articles.duplicate({**first, "url": "https://bao.example.vn/other.html"}) == "duplicate_text"
    assert job.written == 0
