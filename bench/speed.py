"""Speed and scale of the clean path, beside the naive trafilatura + langdetect pipeline.

    python bench/speed.py [--shared DIR] [--quick] [--rounds N] [--docs N] [--articles N]
                          [--real-articles N] [--synthetic N] [--repeat N] [--no-crawl] [--single]
                          [--out FILE]

In one run:
1. Single process, on the same documents (the saved pages in ``DIR/pages``, each
   round over all of them, the three pipelines taking turns on every page so that a busy
   machine slows them alike): the naive pipeline (``trafilatura.extract(html,
   output_format="json", with_metadata=True)`` then ``langdetect.detect_langs`` on the
   whole text), plain ``trafilatura.extract(html)``, and our ``clean_html`` plus the JSON
   line. Documents per second, ms per document (median, p95), CPU ms, the ratios, and
   where our time goes (``Result.timings`` plus serialisation). Then each speed lever
   alone (``bench/lever_*.py``): its old and new way on the same inputs, and whether they
   gave the same result. ``--single`` stops here.
2. The ``python -m cleaners`` command on the saved pages repeated to ``--docs``
   documents (copies in a temporary folder) with ``--workers 1``, ``2`` and the number of
   cores: documents per second, the scaling ratio, peak RSS, and a check that the output
   order is the input order (and the same for every worker count).
3. ``scrapy crawl news`` over the fixture site (tests/fixture_site) of ``--articles``
   articles on 127.0.0.1 (small pages, about 7 KB), and over a site of ``--real-articles``
   real-size synthetic pages (bench/synthetic.py, 30-200 KB, found through its sitemap);
   each against the command on the same article pages saved to disk, with 1 cleaning
   worker and with one per core: articles per second and CPU per article of each, of all
   processes and of the crawl (or reading) process alone; and Scrapy's own floor, the CPU
   per page of a spider that only fetches the same article pages (bench/scrapy_floor.py).
4. Memory: the command on ``--docs`` and on ``--synthetic`` generated article pages
   (bench/synthetic.py, 30-200 KB each): peak RSS of the whole process tree (pool workers
   included, polled from /proc) and of its largest process.

Prints the figures and writes them as markdown to ``bench/results/speed.md``. ``DIR``
defaults to ``$VNCLEAN_SHARED`` or ``../shared`` beside the checkout; without its pages, sections 1 and
2 run on 12 synthetic pages (bench/synthetic.py), the report says so and goes to
``output/speed.md``, leaving the committed one alone.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import langdetect  # noqa: E402
import trafilatura  # noqa: E402

from bench.synthetic import SyntheticSite, article_page, write_pages  # noqa: E402
from cleaners.core.pipeline import clean_html  # noqa: E402


def shared_dir(option: str | None) -> Path:
    return Path(option or os.environ.get("VNCLEAN_SHARED") or REPO.parent / "shared")


# Pages the repo can make when the saved pages are absent: as many as there are saved pages.
STAND_IN_PAGES = 12


def page_files(shared: Path, scratch: Path) -> tuple[list[Path], str | None]:
    """The saved pages of ``shared/pages``; without them, synthetic pages of real size
    written to ``scratch`` (bench/synthetic.py), and a note saying so."""
    folder = shared / "pages"
    pages = sorted(folder.glob("*.html"))
    if pages:
        return pages, None
    pages = sorted(write_pages(scratch / "stand-in", STAND_IN_PAGES).glob("*.html"))
    return pages, (f"No saved pages in {folder} (give --shared DIR or set VNCLEAN_SHARED): sections 1 and 2 "
                   f"measure {len(pages)} synthetic pages of bench/synthetic.py (30-200 KB) instead; "
                   "their figures are not comparable with a run on the saved pages.")


# --- 1. single process, side by side -------------------------------------------------

def naive(name: str, html: bytes) -> None:
    result = trafilatura.extract(html, output_format="json", with_metadata=True)
    if result:
        text = json.loads(result).get("text") or ""
        if text.strip():
            try:
                langdetect.detect_langs(text)
            except langdetect.lang_detect_exception.LangDetectException:
                pass


def plain(name: str, html: bytes) -> None:
    trafilatura.extract(html)


class Ours:
    """Our clean path with its JSON line, summing where the time goes."""

    def __init__(self) -> None:
        self.steps: dict[str, float] = {}

    def __call__(self, name: str, html: bytes) -> None:
        result = clean_html(html, name)
        started = time.perf_counter()
        if result.record is not None:
            (json.dumps(result.record, ensure_ascii=False) + "\n").encode("utf-8")
        for step, seconds in result.timings.items():
            self.steps[step] = self.steps.get(step, 0.0) + seconds
        self.steps["serialise"] = self.steps.get("serialise", 0.0) + time.perf_counter() - started


def side_by_side(pages: list[tuple[str, bytes]], rounds: int) -> dict:
    ours = Ours()
    runners = [("naive", naive), ("plain", plain), ("ours", ours)]
    for name, html in pages:  # warm-up: language profiles, trafilatura's lazy tables
        for _, run in runners:
            run(name, html)
    # As a cleaning worker is after its warm-up (cleaners.app.runner.warm_up): what the
    # process holds so far frozen out of the garbage collector, for all three pipelines.
    gc.collect()
    gc.freeze()
    ours.steps.clear()
    wall: dict[str, list[float]] = {k: [] for k, _ in runners}
    cpu: dict[str, float] = dict.fromkeys(wall, 0.0)
    turn = 0
    for _ in range(rounds):
        for name, html in pages:
            turn += 1
            for key, run in runners[turn % 3:] + runners[:turn % 3]:
                c0, w0 = time.process_time(), time.perf_counter()
                run(name, html)
                wall[key].append(time.perf_counter() - w0)
                cpu[key] += time.process_time() - c0
    gc.unfreeze()
    docs = rounds * len(pages)
    rows = {}
    for key, times in wall.items():
        times.sort()
        rows[key] = {
            "docs": docs,
            "docs_per_s": docs / sum(times),
            "median_ms": statistics.median(times) * 1000,
            "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))] * 1000,
            "cpu_ms": cpu[key] / docs * 1000,
        }
    total = sum(ours.steps.values())
    steps = {k: (v / docs * 1000, v / total) for k, v in sorted(ours.steps.items(), key=lambda kv: -kv[1])}
    return {"rows": rows, "steps": steps}


# --- 2 and 3. the command: workers, order, memory ----------------------------------------

def copies(pages: list[Path], folder: Path, count: int) -> Path:
    """``count`` documents: copies of the pages, in rounds, named in input order (copies,
    not links: the command reads a file reached twice only once)."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        source = pages[index % len(pages)]
        shutil.copyfile(source, folder / f"{index:06d}_{source.name}")
    return folder


def _tree_sample(root: int) -> tuple[int, int, dict[int, int]]:
    """Resident memory (kB) of a process and all its descendants, the highest peak RSS of
    any one of them so far (VmHWM: counted from its exec, unlike ``ru_maxrss``, which
    also counts the memory of the process that forked it), and the CPU clock ticks each
    of them has used so far, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    hwm: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/status") as handle:
                status = {line.split(":")[0]: line.split()[1] for line in handle if line.startswith("Vm")}
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(status.get("VmRSS", 0))
        hwm[int(entry)] = int(status.get("VmHWM", 0))
        ticks[int(entry)] = int(fields[11]) + int(fields[12])  # utime + stime
    total, largest, stack, used = 0, 0, [root], {}
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        largest = max(largest, hwm.get(pid, 0))
        used[pid] = ticks.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total, largest, used


def run_command(inputs: Path, out: Path, workers: int) -> dict:
    """Run ``python -m cleaners`` once; documents read, wall time, CPU, peak RSS."""
    command = [sys.executable, "-m", "cleaners", str(inputs), "-o", str(out), "--workers", str(workers),
               "--overwrite", "--no-progress"]
    result = run_process(command)
    stderr = result.pop("stderr")
    read = int(stderr.split("read ", 1)[1].split(",", 1)[0]) if "read " in stderr else 0
    return {"workers": workers, "docs": read, "docs_per_s": read / result["seconds"], **result}


def run_process(command: list[str]) -> dict:
    """Run a command of this checkout; wall time, CPU of all its processes, peak RSS of its
    process tree and of its largest process, standard error."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, largest = [0], [0]
    ticks: dict[int, int] = {}
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            rss, high, used = _tree_sample(process.pid)
            peak[0] = max(peak[0], rss)
            largest[0] = max(largest[0], high)
            for pid, count in used.items():
                ticks[pid] = max(ticks.get(pid, 0), count)
            done.wait(0.1)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    done.set()
    poller.join()
    if process.returncode not in (0, 1):
        sys.exit(f"bench/speed.py: {' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    # The kernel adds to ours only the CPU of descendants their parents waited for; pool
    # workers started by a forkserver are not among them, so the polled figure counts too.
    polled = sum(ticks.values()) / os.sysconf("SC_CLK_TCK")
    own = ticks.get(process.pid, 0) / os.sysconf("SC_CLK_TCK")  # the command's own process (last poll)
    return {"seconds": seconds, "peak_tree_mb": peak[0] / 1024, "max_process_mb": largest[0] / 1024,
            "cpu_s": max(usage.ru_utime + usage.ru_stime, polled), "main_cpu_s": own, "stderr": stderr}


def best(runs: list[dict], key: str) -> dict:
    """The fastest of repeated runs: on a shared machine other load only ever slows a run
    down, so the best of a few is the steadiest figure (as ``timeit`` takes the minimum)."""
    return max(runs, key=lambda run: run[key])


# The crawl's settings for a local site: no politeness delays, 16 requests at a time.
LOCAL_CRAWL = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=16",
               "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING"]


def crawl_and_clean(server, pages: dict[str, str], depth: int, workers: list[int], repeat: int,
                    folder: Path) -> tuple[list[tuple[dict, dict]], dict]:
    """For each worker count: ``scrapy crawl news`` of the site ``server`` serves on
    127.0.0.1 (links followed ``depth`` hops) and the command on its article ``pages``
    (name: (URL, HTML)) saved to ``folder``, taking turns ``repeat`` times; the best run of
    each. And Scrapy's floor (bench/scrapy_floor.py) on the same article URLs, the run of
    least CPU per page."""
    folder.mkdir()
    for name, (_, html) in pages.items():
        (folder / name).write_text(html, encoding="utf-8")
    urls = folder.with_suffix(".urls")
    urls.write_text("".join(url + "\n" for url, _ in pages.values()), encoding="utf-8")
    out = folder.with_suffix(".crawl.jsonl")
    pairs, floors = [], []
    for count in workers:
        crawls, cleans = [], []
        for _ in range(repeat):
            served = len(server.requests)
            crawl = run_process([sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"urls={server.url}/",
                                 "-O", str(out), "-a", f"depth={depth}", "-s", f"NEWS_CLEAN_WORKERS={count}",
                                 *LOCAL_CRAWL])
            crawl.pop("stderr")
            crawl["articles"] = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
            crawl["requests"] = len(server.requests) - served
            clean = run_command(folder, folder.with_suffix(".jsonl"), count)
            for run, done in ((crawl, crawl["articles"]), (clean, clean["docs"])):
                run["workers"] = count
                run["articles_per_s"] = done / run["seconds"]
                run["cpu_ms_per_article"] = run["cpu_s"] / max(done, 1) * 1000
                run["main_ms_per_article"] = run["main_cpu_s"] / max(done, 1) * 1000
            crawls.append(crawl)
            cleans.append(clean)
            if count == workers[0]:
                served = len(server.requests)
                floor = run_process([sys.executable, "-m", "scrapy", "runspider", "bench/scrapy_floor.py",
                                     "-a", f"urls={urls}", *LOCAL_CRAWL])
                floor["pages"] = len(server.requests) - served
                floor["main_ms_per_page"] = floor["main_cpu_s"] / max(floor["pages"], 1) * 1000
                floors.append(floor)
        pairs.append((best(crawls, "articles_per_s"), best(cleans, "articles_per_s")))
    return pairs, min(floors, key=lambda run: run["main_ms_per_page"])


def crawl_fixture_site(articles: int, workers: list[int], repeat: int, tmpdir: Path) -> tuple[list[tuple[dict, dict]], dict]:
    """The fixture site of the crawl tests (tests/fixture_site): small pages (about 7 KB),
    found through listings, pagination, the sitemap and the feed."""
    from tests.fixture_site import FixtureServer, Site

    server = FixtureServer(Site(articles, per_page=20)).start()
    try:
        pages = {f"{a.number:06d}.html": (server.url + a.path, server.site.article_page(a, server.url))
                 for a in server.site.articles}
        return crawl_and_clean(server, pages, 10, workers, repeat, tmpdir / "fixture-site")
    finally:
        server.stop()


def crawl_synthetic_site(articles: int, workers: list[int], repeat: int, tmpdir: Path) -> tuple[list[tuple[dict, dict]], dict]:
    """A site of real-size synthetic article pages (bench/synthetic.py, 30-200 KB), found
    through its sitemap (depth 1: the pages' own links lead nowhere)."""
    server = SyntheticSite(articles).start()
    try:
        pages = {f"{i:06d}.html": (server.url + server.path(i), article_page(i, server.base_pages))
                 for i in range(articles)}
        return crawl_and_clean(server, pages, 1, workers, repeat, tmpdir / "synthetic-site")
    finally:
        server.stop()


def output_sources(out: Path) -> list[str]:
    """Sources of OUT and its errors file, in the order they were written, merged by name
    (the inputs are named in input order)."""
    sources = []
    for path in (out, out.with_name(out.name.removesuffix(".jsonl") + ".errors.jsonl")):
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                sources.append([json.loads(line)["source"] for line in handle])
    return sources[0] if sources else []


# --- report -------------------------------------------------------------------------------

def machine() -> str:
    model = "unknown CPU"
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} cores, {model}; Python {platform.python_version()}, trafilatura "
            f"{trafilatura.__version__}; load average {load:.1f} at the start")


def header(argv: list[str] | None) -> list[str]:
    return ["# Speed and scale", "", f"Machine: {machine()}.", "Run: `python bench/speed.py "
            + " ".join(sys.argv[1:] if argv is None else argv) + "`.", ""]


def side_section(side: dict) -> list[str]:
    rows, lines = side["rows"], []
    lines += ["## Single process, same documents (saved pages, pipelines taking turns)", "",
              "| pipeline | docs | docs/s | median ms | p95 ms | CPU ms/doc |", "|---|---|---|---|---|---|"]
    labels = {"naive": "naive: extract(json, with_metadata) + langdetect on the whole text",
              "plain": "plain trafilatura.extract(html)", "ours": "ours: clean_html + JSON line"}
    for key in ("naive", "plain", "ours"):
        r = rows[key]
        lines.append(f"| {labels[key]} | {r['docs']} | {r['docs_per_s']:.1f} | {r['median_ms']:.1f} | "
                     f"{r['p95_ms']:.1f} | {r['cpu_ms']:.1f} |")
    lines += ["", f"Throughput ratios (docs/s): ours / naive = **{rows['ours']['docs_per_s'] / rows['naive']['docs_per_s']:.2f}x** "
              f"(target 3x), ours / plain = **{rows['ours']['docs_per_s'] / rows['plain']['docs_per_s']:.2f}x** "
              f"(target 2x); by CPU time {rows['naive']['cpu_ms'] / rows['ours']['cpu_ms']:.2f}x and "
              f"{rows['plain']['cpu_ms'] / rows['ours']['cpu_ms']:.2f}x.", "",
              "Where our time goes (ms per document, share):", "",
              "| step | ms | share |", "|---|---|---|"]
    for step, (ms, share) in side["steps"].items():
        lines.append(f"| {step} | {ms:.2f} | {share:.0%} |")
    return lines + [""]


def lever_modules() -> list:
    """The bench modules of the speed levers (``bench/lever_*.py``), each measuring one
    lever's old and new way on the same inputs: ``measure(pages, rounds)`` gives its lines."""
    import importlib

    return [importlib.import_module(f"bench.{path.stem}") for path in sorted((REPO / "bench").glob("lever_*.py"))]


def levers_section(pages: list[tuple[str, bytes]], rounds: int) -> list[str]:
    lines = ["## Each lever alone (the old and the new way on the same inputs, taking turns)", ""]
    for module in lever_modules():
        print(f"1. lever {module.__name__.removeprefix('bench.lever_')} ...", file=sys.stderr)
        lines += module.measure(pages, rounds) + [""]
    return lines


def scaling_section(scaling: list[dict], order_ok: bool, repeat: int) -> list[str]:
    lines = [f"## The command, {scaling[0]['docs']} documents (saved pages repeated)", "",
             f"Best of {repeat} runs each, worker counts taking turns.", "",
              "| workers | docs/s | wall s | CPU s (all processes) | cores kept busy | peak RSS, process tree MB "
              "| largest process MB |", "|---|---|---|---|---|---|---|"]
    for r in scaling:
        lines.append(f"| {r['workers']} | {r['docs_per_s']:.1f} | {r['seconds']:.1f} | {r['cpu_s']:.1f} | "
                     f"{r['cpu_s'] / r['seconds']:.2f} | {r['peak_tree_mb']:.0f} | {r['max_process_mb']:.0f} |")
    base = scaling[0]
    ratios = ", ".join(f"{r['workers']} workers **{r['docs_per_s'] / base['docs_per_s']:.2f}x** (cores kept busy "
                       f"{r['cpu_s'] / r['seconds'] / (base['cpu_s'] / base['seconds']):.2f}x)" for r in scaling[1:])
    lines += ["", f"Scaling against 1 worker: {ratios} (target 1.9x on 2 cores). The second figure does not "
              "depend on the machine's speed changing between runs (CPU seconds over wall seconds). Output order "
              f"is the input order and the same for every worker count: {'yes' if order_ok else 'NO'}.", ""]
    return lines


def crawl_section(title: str, measured: tuple[list[tuple[dict, dict]], dict], repeat: int) -> list[str]:
    pairs, floor = measured
    lines = [f"## Crawl of {title} on 127.0.0.1 against clean-only, same number of cleaning workers", "",
             f"Best of {repeat} runs each, taking turns. CPU counts every process of the command; "
             "\"own process\" is the crawl process (or the command's reading and writing process) alone.", "",
             "| workers | run | articles | wall s | articles/s | CPU ms per article, all | own process |",
             "|---|---|---|---|---|---|---|"]
    for crawl, clean in pairs:
        for label, run, count in ((f"scrapy crawl news ({crawl['requests']} requests)", crawl, crawl["articles"]),
                                  ("python -m cleaners on the same article pages", clean, clean["docs"])):
            lines.append(f"| {run['workers']} | {label} | {count} | {run['seconds']:.1f} | {run['articles_per_s']:.1f} | "
                         f"{run['cpu_ms_per_article']:.1f} | {run['main_ms_per_article']:.1f} |")
    ratios = ", ".join(f"{crawl['workers']} worker{'s' if crawl['workers'] > 1 else ''} "
                       f"**{crawl['articles_per_s'] / clean['articles_per_s']:.2f}x**" for crawl, clean in pairs)
    own = ", ".join(f"{crawl['main_ms_per_article']:.1f} ms with {crawl['workers']} worker{'s' if crawl['workers'] > 1 else ''} "
                    f"(**{crawl['main_ms_per_article'] / floor['main_ms_per_page']:.2f}x** the floor)" for crawl, _ in pairs)
    return lines + ["", f"Crawl throughput over clean-only: {ratios} (target at least 0.8x). Both figures include "
                    "starting the command.", "",
                    f"Scrapy's floor: a spider that only fetches the same article pages ({floor['pages']} requests) "
                    f"under the project's settings (bench/scrapy_floor.py, least of {repeat} runs) spends "
                    f"**{floor['main_ms_per_page']:.1f} ms** of CPU per page in its process, against {own} in the "
                    "crawl process of `scrapy crawl news` above (target at most 1.5x).", ""]


def memory_section(memory: list[dict]) -> list[str]:
    lines = ["## Memory: synthetic article pages (bench/synthetic.py, 30-200 KB)", "",
              "| documents | workers | docs/s | peak RSS, process tree MB | largest process MB |", "|---|---|---|---|---|"]
    for r in memory:
        lines.append(f"| {r['docs']} | {r['workers']} | {r['docs_per_s']:.1f} | {r['peak_tree_mb']:.0f} | "
                     f"{r['max_process_mb']:.0f} |")
    if len(memory) == 2:
        lines += ["", f"Peak RSS at {memory[1]['docs']} over {memory[0]['docs']} documents: process tree "
                  f"**{memory[1]['peak_tree_mb'] / memory[0]['peak_tree_mb']:.2f}x**, largest process "
                  f"{memory[1]['max_process_mb'] / memory[0]['max_process_mb']:.2f}x (target at most 1.2x)."]
    return lines + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", metavar="DIR", help="folder holding pages/ (default: $VNCLEAN_SHARED or ../shared)")
    parser.add_argument("--quick", action="store_true", help="a short run: fewer rounds and documents")
    parser.add_argument("--rounds", type=int, help="side-by-side rounds over the saved pages (default 10; quick 2)")
    parser.add_argument("--docs", type=int, help="documents for the command runs (default 2000; quick 200)")
    parser.add_argument("--synthetic", type=int, help="synthetic pages for the memory run (default 20000; quick 2000)")
    parser.add_argument("--articles", type=int, help="articles of the crawled fixture site (default 2000; quick 200)")
    parser.add_argument("--real-articles", type=int,
                        help="articles of the crawled site of real-size pages (default 2000; quick 100)")
    parser.add_argument("--no-crawl", action="store_true", help="leave out the crawls")
    parser.add_argument("--single", action="store_true",
                        help="only the single-process part (side by side and the levers)")
    parser.add_argument("--repeat", type=int, help="runs of each command measure, best counted (default 2; quick 1)")
    parser.add_argument("--out", help="markdown report (default: bench/results/speed.md; output/speed.md "
                                      "when the saved pages are absent)")
    args = parser.parse_args(argv)
    rounds = args.rounds or (2 if args.quick else 10)
    docs = args.docs or (200 if args.quick else 2000)
    synthetic = args.synthetic or (2000 if args.quick else 20000)
    articles = args.articles or (200 if args.quick else 2000)
    real_articles = args.real_articles or (100 if args.quick else 2000)
    repeat = args.repeat or (1 if args.quick else 2)
    shared = shared_dir(args.shared)
    scratch = Path(tempfile.mkdtemp(prefix="vnclean-speed-pages-"))
    saved, stand_in = page_files(shared, scratch)
    pages = [(p.name, p.read_bytes()) for p in saved]
    started = time.perf_counter()
    # A run on stand-in pages does not replace the committed report of the saved pages.
    report_path = Path(args.out or REPO / ("output/speed.md" if stand_in else "bench/results/speed.md"))
    report_path.parent.mkdir(parents=True, exist_ok=True)
    lines = header(argv)
    if stand_in:
        print(f"bench/speed.py: {stand_in}", file=sys.stderr)
        lines += [stand_in, ""]

    def emit(section: list[str]) -> None:
        # Each part is written as soon as it is measured: a long run cut short keeps them.
        lines.extend(section)
        print("\n".join(section))
        report_path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    print(f"1. single process, {rounds} rounds over {len(pages)} saved pages ...", file=sys.stderr)
    emit(side_section(side_by_side(pages, rounds)))
    emit(levers_section(pages, rounds))
    if args.single:
        shutil.rmtree(scratch, ignore_errors=True)
        emit([f"Whole run: {(time.perf_counter() - started) / 60:.1f} min."])
        return 0

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="vnclean-speed-") as tmp:
        tmpdir = Path(tmp)
        inputs = copies(saved, tmpdir / "pages", docs)
        expected = sorted(str(p) for p in inputs.iterdir())
        counts = sorted({1, 2, cores})
        runs: dict[int, list[dict]] = {workers: [] for workers in counts}
        outputs = []
        for turn in range(repeat):
            for workers in counts:
                print(f"2. the command, {docs} documents, --workers {workers} (run {turn + 1}/{repeat}) ...",
                      file=sys.stderr)
                out = tmpdir / f"out-w{workers}.jsonl"
                runs[workers].append(run_command(inputs, out, workers))
                outputs.append(out.read_bytes())
        written = output_sources(tmpdir / "out-w1.jsonl")
        order_ok = written == [s for s in expected if s in set(written)] and all(o == outputs[0] for o in outputs)
        emit(scaling_section([best(runs[workers], "docs_per_s") for workers in counts], order_ok, repeat))

        if not args.no_crawl:
            print(f"3. crawl of a {articles}-article fixture site, then clean-only, {repeat} time(s) ...",
                  file=sys.stderr)
            pairs = crawl_fixture_site(articles, sorted({1, cores}), repeat, tmpdir)
            emit(crawl_section("the fixture site (small pages)", pairs, repeat))
            print(f"3. crawl of a {real_articles}-article site of real-size pages, then clean-only ...",
                  file=sys.stderr)
            pairs = crawl_synthetic_site(real_articles, sorted({1, cores}), repeat, tmpdir)
            emit(crawl_section("a site of real-size synthetic pages (30-200 KB, through its sitemap)", pairs,
                               repeat))

        memory = []
        print(f"4. generating {synthetic} synthetic pages ...", file=sys.stderr)
        small = write_pages(tmpdir / "synthetic-small", min(docs, synthetic))
        large = write_pages(tmpdir / "synthetic", synthetic)
        for folder in (small, large):
            count = sum(1 for _ in folder.iterdir())
            print(f"4. the command, {count} synthetic pages, --workers {cores} ...", file=sys.stderr)
            memory.append(run_command(folder, tmpdir / "synthetic.jsonl", cores))
        emit(memory_section(memory))
    shutil.rmtree(scratch, ignore_errors=True)
    emit([f"Whole run: {(time.perf_counter() - started) / 60:.1f} min."])
    print(f"written to {report_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
