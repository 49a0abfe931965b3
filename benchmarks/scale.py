"""Scale check: do look-alike reports hurt answers? Prints top-1 and latency next to a naive baseline.

Every original report (the bundled seeds, plus --dev reports) is copied N-1 times with its place
name replaced by an invented one and its years shifted, so the corpus fills with reports that read
exactly like the originals. The original questions are then asked again: the agency/year filter
should keep top-1 where it was, while a naive ranker (FTS5 bm25 over all passages, no filter) drops.

Ingest runs in this process (its segmenting workers are forked from it); the questions are asked in a
fresh spawned process that only opens the knowledge base, warms up and answers, as `serve`'s worker
does, so its RSS is what serving costs. Latency covers every question, refusals included.

    python benchmarks/scale.py --copies 1000 10000            # the seeds: ~16 M characters at x1000
    python benchmarks/scale.py --copies 100 1000 --dev ../shared/dev
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import multiprocessing
import os
import re
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from bot.cli import ingest
from bot.config import Config, KnowledgeConfig
from bot.evaluate import judge, read_questions
from bot.present.render import answer_json
from bot.records.querylog import QueryLog
from bot.serving.worker import KnowledgeWorker
from knowledge import KnowledgeBase
from knowledge.agencies import parse_agency
from knowledge.question import STOPWORDS
from knowledge.segment import Segmenter
from loaders import iter_report_files, load_report

ROOT = Path(__file__).resolve().parent.parent
# Characters no real place in the question sets uses, so invented places never collide.
POOL = "岚峦嵩峪崮岱岫嵋崂峄岷峤崖嵯峨嶂嵘巍岿崧嶙峋岑崇峥"
_YEAR = re.compile(r"(?<!\d)(20[0-2]\d)(?!\d)")


def invented_place(n: int, length: int = 3) -> str:
    """The n-th invented place name: ``length`` characters of POOL, distinct for n < len(POOL) ** length."""
    return "".join(POOL[(n // len(POOL) ** k) % len(POOL)] for k in range(length))


def make_corpus(originals: list[Path], root: Path, copies: int, out: Path) -> int:
    """Write the originals and their look-alikes under ``out``; return the number of files written."""
    written = 0
    # All places one length, so none is another's prefix, and long enough that no two copies share one.
    length = max(3, math.ceil(math.log(len(originals) * copies + 1, len(POOL))))
    for r, path in enumerate(originals):
        text = path.read_text(encoding="utf-8-sig")
        target = out / "original" / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written += 1
        report, _ = load_report(path)
        cores = parse_agency(report.agency).cores if report.agency else ()
        if not cores:
            continue  # without a place name a copy would be the same agency again
        for i in range(1, copies):
            place = invented_place(r * copies + i, length)
            copy = text
            for core in sorted(cores, key=len, reverse=True):
                copy = copy.replace(core, place)
            shift = (i % 7) - 3
            copy = _YEAR.sub(lambda m, shift=shift: str(int(m[1]) + shift), copy)
            target = out / f"copy{i:05d}" / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(copy, encoding="utf-8")
            written += 1
    return written


def naive_answer(kb: KnowledgeBase, question: str) -> dict:
    """Baseline: the best FTS5 bm25 passage over the whole corpus, no agency/year filter."""
    words = [w for w in kb.segmenter.words(question) if w not in STOPWORDS and len(w) > 1]
    found = kb.store.candidates(words, limit=1)
    if not found:
        return {"answered": False, "answer": None, "source": None, "reason": "nothing"}
    row, passage, _ = found[0]
    source = kb.store.db.execute("SELECT source FROM reports WHERE id = ?", [row]).fetchone()[0]
    return {"answered": True, "answer": passage.text, "source": source.removeprefix("original/"), "reason": None}


def run(questions: list[dict], answer, rounds: int, failures: set[str] | None = None) -> tuple[float, list[float]]:
    """Top-1 over the answerable questions (first round); latency of every question in every round."""
    passed, latencies = 0, []
    for round_ in range(rounds):
        for item in questions:
            started = time.perf_counter()
            result = answer(item["question"])
            latencies.append((time.perf_counter() - started) * 1000)
            if round_ or not item.get("answer_contains"):
                continue
            outcome = judge(item, result)
            passed += outcome.passed
            if failures is not None and not outcome.passed:
                failures.add(f"{item['id']} {item['question']} -> {outcome.detail}")
    return passed / sum(1 for q in questions if q.get("answer_contains")), latencies


def serve_and_ask(db: Path, cache: Path, questions: list[dict], rounds: int) -> dict:
    """In a fresh process: open the knowledge base as `serve`'s worker does, warm up, ask, measure."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    # The worker opens a query log: one in memory, as KnowledgeService does when given none. Nothing is
    # logged (the questions go to kb.ask, not worker.ask), so the log costs next to nothing.
    worker = KnowledgeWorker(db, Segmenter(cache_dir=cache), partial(QueryLog.open, None, secrets.token_bytes(32)))
    worker.warm()  # as `serve` does before its first user: pypinyin and cn2an load, the indexes settle
    kb = worker.kb

    def ours(question: str) -> dict:
        result = answer_json(kb.ask(question))
        if result["source"]:
            result["source"] = result["source"].removeprefix("original/")
        return result

    failures: set[str] = set()
    top1, lat = run(questions, ours, rounds, failures)
    serving_mb = _rss_mb()
    naive_top1, naive_lat = run(questions, lambda q: naive_answer(kb, q), rounds)
    worker.close()
    return {
        "top1": top1, "lat": lat, "failures": failures, "serving_mb": serving_mb, "frozen": kb.segmenter.frozen,
        "naive_top1": naive_top1, "naive_lat": naive_lat,
    }  # fmt: skip


def cold_ask(db: Path, question: str, runs: int = 3) -> float:
    """The median wall time of `reportbot ask` in a fresh process: start, open the knowledge base, answer."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", question, "--db", str(db)],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 100], help="corpus sizes (×N), e.g. 1 100 1000")
    parser.add_argument("--dev", type=Path, help="shared/dev folder: its reports and questions.jsonl join the run")
    parser.add_argument("--rounds", type=int, default=3, help="times each question is asked for the latency figures")
    parser.add_argument(
        "--show-failures", action="store_true", help="list questions that fail at a scale but not at ×1"
    )
    args = parser.parse_args()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    baseline_failures: set[str] | None = None

    originals = [(p, ROOT / "data" / "reports") for p in iter_report_files(ROOT / "data" / "reports")]
    question_files = [ROOT / "tests" / "fixtures" / "seed_questions.jsonl"]
    if args.dev:
        originals += [(p, args.dev) for p in iter_report_files(args.dev / "reports")]
        question_files.append(args.dev / "questions.jsonl")
    questions = [q for f in question_files for q in read_questions(f)]
    print(
        f"{len(originals)} original reports, {len(questions)} questions"
        f" ({sum(1 for q in questions if q.get('answer_contains'))} answerable), {os.cpu_count()} cores"
    )
    print(
        "scale | reports | passages | chars | ingest s | chars/s | ingest peak RSS MB | ours top-1 | naive top-1"
        " | ours p50/p99 ms | naive p50/p99 ms | serving RSS MB | cold ask s | p50, cold ask vs first scale"
    )
    first: tuple[float, float] | None = None  # the first scale's p50 and cold ask: the baseline of the ratios
    spawn = multiprocessing.get_context("spawn")
    for copies in args.copies:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            for root in {r for _, r in originals}:
                make_corpus([p for p, r in originals if r == root], root, copies, corpus)
            chars = sum(len(p.read_text(encoding="utf-8")) for p in iter_report_files(corpus))
            config = Config(KnowledgeConfig(cache_dir=Path(tmp) / "cache"))
            started = time.perf_counter()
            with open("/dev/null", "w", encoding="utf-8") as sink, contextlib.redirect_stderr(sink):
                reports, passages = ingest(corpus, Path(tmp) / "kb.db", config, out=sink)
            seconds = time.perf_counter() - started
            peak_mb = max(
                resource.getrusage(who).ru_maxrss / 1024 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
            )
            with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
                got = pool.submit(
                    serve_and_ask, Path(tmp) / "kb.db", Path(tmp) / "cache", questions, args.rounds
                ).result()
            if args.show_failures and baseline_failures is not None:
                known = {line.split()[0] for line in baseline_failures}
                for line in sorted(got["failures"]):
                    if line.split()[0] not in known:
                        print("  newly failing:", line)
            baseline_failures = got["failures"] if baseline_failures is None else baseline_failures
            lat, naive_lat = got["lat"], got["naive_lat"]
            cold = cold_ask(Path(tmp) / "kb.db", questions[0]["question"])
            first = first or (pct(lat, 50), cold)
            print(
                f"×{copies} | {reports:,} | {passages:,} | {chars / 1e6:.1f} M | {seconds:.1f} | {chars / seconds:,.0f} | "
                f"{peak_mb:.0f} | {got['top1']:.3f} | {got['naive_top1']:.3f} | "
                f"{pct(lat, 50):.1f}/{pct(lat, 99):.1f} | {pct(naive_lat, 50):.1f}/{pct(naive_lat, 99):.1f} | "
                f"{got['serving_mb']:.0f}{'' if got['frozen'] else ' (jieba dictionary loaded, not mapped)'} | "
                f"{cold:.2f} | ×{pct(lat, 50) / first[0]:.2f}, ×{cold / first[1]:.2f}",
                flush=True,
            )
    return 0


def _rss_mb() -> float:
    """This process's resident memory now (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    sys.exit(main())
