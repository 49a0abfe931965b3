"""Fit the answer-or-refuse model (knowledge/data/confidence.json) on question sets, check it on others.

A question set is a folder with ``reports/`` and ``questions.jsonl`` (as ``shared/dev``), or
``REPORTS::QUESTIONS`` for reports and questions kept apart (the seeds). Every span that may answer a
fitting question becomes one row: its Features, labelled 1 when its quote holds the expected strings
from the expected file. A logistic regression (scikit-learn) is fitted on the rows, each question
weighing the same however many spans it has. The refusal threshold is then read off the fitting
questions' best spans, each scored by a model fitted without it: high enough to answer at most
MAX_UNANSWERED of the unanswerable ones, never so high as to refuse more than MAX_FALSE_REFUSALS of
those it would answer right (see ``_threshold``).
Finally every set is asked through ``KnowledgeBase.ask`` with the new model and scored as
``reportbot eval`` does.

    python benchmarks/fit_confidence.py --fit ../shared/dev --check ../shared/dev2            # cross
    python benchmarks/fit_confidence.py --fit ../shared/dev ../shared/dev2 --out knowledge/data/confidence.json

Needs the ``fit`` extra (``pip install -e '.[fit]'``).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sklearn.linear_model import LogisticRegression

from bot.cli import ingest
from bot.config import Config, KnowledgeConfig
from bot.evaluate import judge, read_questions, same_source, summarise
from bot.render import answer_json
from knowledge import KnowledgeBase
from knowledge.answer import Reading, tells_of
from knowledge.confidence import Features, Model
from knowledge.search import find_hits
from knowledge.segment import Segmenter

REGULARISATION = 1.0  # scikit-learn's C: the default, not searched
FOLDS = 5  # the threshold is read off probabilities of questions held out of the fit, in this many folds
MAX_FALSE_REFUSALS = 0.02  # of the answerable held-out questions: the issue allows 3 %, this keeps a margin
MAX_UNANSWERED = 0.08  # of the unanswerable held-out questions answered: the issue asks >= 91 % refused
TODAY = date(2026, 11, 30)  # 去年/今年 in a question are read against a fixed day, so a fit is repeatable
_SPACE = re.compile(r"\s+")


@dataclass
class QuestionRows:
    """One question's candidate spans: features, labels, and whether it has an answer at all."""

    qid: str
    answerable: bool
    rows: list[tuple[float, ...]]
    labels: list[int]
    derived: bool = False  # a question asked again without its agency


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", nargs="+", required=True, help="question sets to fit on")
    parser.add_argument("--check", nargs="*", default=[], help="question sets to measure on (not fitted)")
    parser.add_argument("--out", type=Path, help="write the fitted model here (default: only print)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        config = Config(knowledge=KnowledgeConfig(cache_dir=Path(tmp) / "cache"))
        sets = {name: _open_set(name, Path(tmp), config) for name in dict.fromkeys(args.fit + args.check)}
        rows = [q for name in args.fit for q in _question_rows(*sets[name])]
        model = _fit(rows)
        print(f"fitted on {', '.join(args.fit)}: {len(rows)} questions, {sum(len(q.rows) for q in rows)} spans")
        for name, weight in zip(Features.names(), model.weights, strict=True):
            print(f"  {name:12} {weight:+.3f}")
        print(f"  {'intercept':12} {model.intercept:+.3f}   threshold {model.threshold:.3f}")
        results = {}
        for name, (kb, questions) in sets.items():
            kb.model = model
            outcomes = [judge(q, answer_json(kb.ask(q["question"], today=TODAY))) for q in questions]
            role = "fitted" if name in args.fit else "checked"
            summary = summarise(outcomes).split("\n")[0]
            results[name] = f"{role}: {summary}"
            print(f"{name} ({role}): {summary}")
        if args.out:
            _write(args.out, model, args.fit, results)
            print(f"wrote {args.out}")
        for kb, _ in sets.values():
            kb.close()
    return 0


def _open_set(name: str, tmp: Path, config: Config) -> tuple[KnowledgeBase, list[dict]]:
    reports, questions = name.split("::") if "::" in name else (f"{name}/reports", f"{name}/questions.jsonl")
    db = tmp / f"{abs(hash(name))}.db"
    ingest(Path(reports), db, config, out=io.StringIO())
    kb = KnowledgeBase.open(db, Segmenter(cache_dir=config.knowledge.cache_dir), model=_neutral())
    return kb, read_questions(Path(questions))


def _neutral() -> Model:
    # Features do not depend on the model; only the order of the spans found does, and every span is kept.
    return Model(weights=(0.0,) * len(Features.names()), intercept=0.0, threshold=0.5)


def _question_rows(kb: KnowledgeBase, questions: list[dict]) -> list[QuestionRows]:
    """Every question that reaches scoring, with its candidate spans labelled; and each question that
    names its agency once more without the name, as people also ask, so that the model learns how far
    a span of one report can be trusted when every report competes (the same answer, or none)."""
    found = []
    for item in questions:
        reading = kb.read(item["question"], today=TODAY)
        if not isinstance(reading, Reading):
            continue  # refused before any passage is read (unknown agency, year not covered …)
        found += _rows(kb, item, reading)
        for match in reading.matches[:1]:
            unnamed = reading.facts.text[: match.span[0]] + reading.facts.text[match.span[1] :]
            again = kb.read(unnamed, today=TODAY)
            if isinstance(again, Reading) and not again.names:
                found += [replace(q, derived=True) for q in _rows(kb, item, again)]
    return found


def _rows(kb: KnowledgeBase, item: dict, reading: Reading) -> list[QuestionRows]:
    """One question's candidate spans, each labelled 1 when its quote holds the expected strings from the
    expected file (a part of a two-part question: any of them)."""
    expected = [_SPACE.sub("", s) for s in item.get("answer_contains") or []]
    answerable = bool(expected) and item.get("file") is not None
    rows, labels = [], []
    other_year = reading.chosen.other_year
    for query in reading.queries:
        for scored in find_hits(kb.store, query, reading.reports, kb.model, limit=None, every=True, **reading.scope):
            if other_year and not tells_of(scored.hit, other_year, plan=reading.facts.plan):
                continue  # another year's report answers only in words that name the year asked
            quote = _SPACE.sub("", scored.hit.snippet)
            held = [s in quote for s in expected]
            good = any(held) if len(reading.queries) > 1 else all(held)
            rows.append(scored.features.vector())
            labels.append(int(answerable and good and same_source(scored.hit.report.source, item["file"])))
    return [QuestionRows(item["id"], answerable, rows, labels)] if rows else []


def _fit(questions: list[QuestionRows]) -> Model:
    """The regression on every question, with the threshold read off held-out probabilities: each fold's
    questions scored by a model fitted without them, as unseen questions will be."""
    # A question and its copy without the agency share a fold: held out together, as a question unseen.
    fold_of = {qid: i % FOLDS for i, qid in enumerate(dict.fromkeys(q.qid for q in questions))}
    held_out: list[tuple[float, bool, bool]] = []
    for fold in range(FOLDS):
        model = _regression([q for q in questions if fold_of[q.qid] != fold])
        # The questions as asked set the threshold; their copies without the agency only teach the weights.
        held_out += [_best(model, q) for q in questions if fold_of[q.qid] == fold and not q.derived]
    fitted = _regression(questions)
    return Model(fitted.weights, fitted.intercept, _threshold(held_out))


def _regression(questions: list[QuestionRows]) -> Model:
    x = [row for q in questions for row in q.rows]
    y = [label for q in questions for label in q.labels]
    weight = [1.0 / len(q.rows) for q in questions for _ in q.rows]  # each question weighs the same
    regression = LogisticRegression(C=REGULARISATION, max_iter=5000)
    regression.fit(x, y, sample_weight=weight)
    return Model(tuple(float(w) for w in regression.coef_[0]), float(regression.intercept_[0]), 0.5)


def _best(model: Model, question: QuestionRows) -> tuple[float, bool, bool]:
    """The probability of a question's best span, whether it has an answer, and whether that span is it."""
    probabilities = [model.probability(Features(*row)) for row in question.rows]
    top = max(range(len(probabilities)), key=probabilities.__getitem__)
    return probabilities[top], question.answerable, bool(question.labels[top])


def _threshold(best: list[tuple[float, bool, bool]]) -> float:
    """The refusal threshold: just high enough that at most MAX_UNANSWERED of the unanswerable held-out
    questions are answered, but never so high that more than MAX_FALSE_REFUSALS of the answerable ones
    it would answer right are refused (the false refusals win when both cannot hold)."""
    right = sorted(p for p, answerable, correct in best if answerable and correct)
    unanswerable = sorted((p for p, answerable, _ in best if not answerable), reverse=True)
    allowed = int(MAX_FALSE_REFUSALS * (len(best) - len(unanswerable)))
    # Just below the (allowed + 1)-th lowest right answer: that one and all above it are answered.
    cap = (right[allowed] + (right[allowed - 1] if allowed else 0.0)) / 2 if len(right) > allowed else 1.0
    answered = int(MAX_UNANSWERED * len(unanswerable))
    if len(unanswerable) <= answered:
        return round(cap, 4)
    # Just above the (answered + 1)-th highest unanswerable one, below the next right answer.
    highest = unanswerable[answered]
    above = [p for p in right if p > highest]
    refuse = (highest + above[0]) / 2 if above else 1.0
    return round(min(cap, refuse), 4)


def _write(path: Path, model: Model, fitted_on: list[str], results: dict[str, str]) -> None:
    data = {
        "weights": dict(zip(Features.names(), (round(w, 4) for w in model.weights), strict=True)),
        "intercept": round(model.intercept, 4),
        "threshold": model.threshold,
        "fitted_on": [_name(n) for n in fitted_on],
        "results": {_name(n): result for n, result in results.items()},
        "fitted_by": "benchmarks/fit_confidence.py",
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _name(question_set: str) -> str:
    """A set's short name: dev for ../shared/dev, seed_questions for data/reports::…/seed_questions.jsonl."""
    return Path(question_set.split("::")[-1]).stem if "::" in question_set else Path(question_set).name


if __name__ == "__main__":
    sys.exit(main())
