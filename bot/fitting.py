"""`reportbot fit`: fit the answer-or-refuse model (knowledge/data/confidence.json) on question sets,
and say how it does on sets it was not fitted on.

A question set is a folder with ``reports/`` and ``questions.jsonl`` (as ``shared/dev``), or
``REPORTS::QUESTIONS`` for reports and questions kept apart (the seeds). Every span that may answer a
fitting question becomes one row: its Features, labelled 1 when its quote holds the expected strings
from the expected file. A logistic regression (scikit-learn) is fitted on the rows, each question
weighing the same however many spans it has. The refusal threshold is then read off the fitting
questions' best spans, each scored by a model fitted without it: high enough to answer at most
MAX_UNANSWERED of the unanswerable ones, never so high as to refuse more than MAX_FALSE_REFUSALS of
those it would answer right (see ``_threshold``).

With two or more fitting sets, each is first held out in turn: fitted on the others, measured on it.
Those held-out numbers are what an unseen set of the same kind should expect; the numbers of the sets
fitted on are not. Every set is asked through ``KnowledgeBase.ask`` and scored as ``reportbot eval``
does. The written file records the sets, their counts, the date and both kinds of numbers.

    reportbot fit ../shared/dev ../shared/dev2 ../shared/dev3 --skip-style english \\
        --check data/reports::../shared/eval/seed_questions.jsonl --out knowledge/data/confidence.json

Needs the ``fit`` extra (``pip install -e '.[fit]'``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import statistics
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from bot.config import Config, KnowledgeConfig
from bot.evaluate import Score, judge, read_questions, same_source
from bot.library.ingest import ingest
from bot.present.render import answer_json
from knowledge import KnowledgeBase
from knowledge.answer import Reading, tells_of
from knowledge.confidence import Features, Model
from knowledge.segment import Segmenter

REGULARISATION = 1.0  # scikit-learn's C: the default, not searched
FOLDS = 5  # the threshold is read off probabilities of questions held out of the fit, in this many folds
MAX_FALSE_REFUSALS = 0.02  # of the answerable held-out questions: the issue allows 4 %, this keeps a margin
MAX_UNANSWERED = 0.08  # of the unanswerable held-out questions answered: the issue asks >= 90 % refused
RESAMPLES, SEED = 200, 19  # the threshold's bootstrap (see ``steady_threshold``)
NEAR_ZERO = 0.1  # a feature weighing less than this in every fit tells nothing: drop it
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


@dataclass
class QuestionSet:
    """A set's knowledge base, its questions and their rows (features do not depend on the model)."""

    name: str
    kb: KnowledgeBase
    questions: list[dict]
    rows: list[QuestionRows]


def add_parser(sub) -> None:  # noqa: ANN001 - argparse's private subparsers type
    fit = sub("fit", help="fit the answer-or-refuse model on question sets (needs the fit extra)")
    fit.add_argument("sets", nargs="+", help="question sets to fit on: a folder with reports/ and questions.jsonl")
    fit.add_argument("--check", nargs="*", default=[], help="question sets to measure on only (REPORTS::QUESTIONS)")
    fit.add_argument("--skip-style", nargs="*", default=[], help="leave out questions of these styles (english)")
    fit.add_argument("--out", type=Path, help="write the fitted model here (default: only print)")
    fit.set_defaults(run=run_fit)


def run_fit(args: argparse.Namespace, config: Config) -> int:  # noqa: ARG001 - every command takes the config
    try:
        import sklearn  # noqa: F401 - checked before minutes of ingest, not after
    except ImportError:
        print("Error: reportbot fit needs scikit-learn: pip install -e '.[fit]'", file=sys.stderr)
        return 1
    skip = set(args.skip_style)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Config(knowledge=KnowledgeConfig(cache_dir=Path(tmp) / "cache"))
        sets = {n: open_set(n, Path(tmp), settings, skip) for n in dict.fromkeys(args.sets + args.check)}
        try:
            fitting = [sets[n] for n in args.sets]
            held_out = hold_out(fitting) if len(fitting) > 1 else {}
            model = fit([q for s in fitting for q in s.rows])
            print(f"fitted on {', '.join(s.name for s in fitting)}: {_counts(fitting)}")
            for name, weight in zip(Features.names(), model.weights, strict=True):
                print(f"  {name:14} {weight:+.3f}")
            print(f"  {'intercept':14} {model.intercept:+.3f}   threshold {model.threshold:.3f}")
            results = {}
            for name, question_set in sets.items():
                role = "fitted" if name in args.sets else "checked"
                results[_name(name)] = f"{role}: {measure(question_set, model)}"
                print(f"{_name(name)}: {results[_name(name)]}")
            if args.out:
                write(args.out, model, fitting, results, held_out)
                print(f"wrote {args.out}")
        finally:
            for question_set in sets.values():
                question_set.kb.close()
    return 0


def open_set(name: str, tmp: Path, config: Config, skip: set[str]) -> QuestionSet:
    """Ingest a set's reports (with its reports.jsonl) and read its questions and their rows."""
    reports, questions = name.split("::") if "::" in name else (f"{name}/reports", f"{name}/questions.jsonl")
    db = tmp / f"{abs(hash(name))}.db"
    segmenter = Segmenter(cache_dir=config.knowledge.cache_dir)
    ingest(Path(reports), db, segmenter, out=io.StringIO(), err=io.StringIO(), workers=os.cpu_count() or 1)
    kb = KnowledgeBase.open(db, segmenter, model=_neutral())
    items = [q for q in read_questions(Path(questions)) if q.get("style") not in skip]
    return QuestionSet(_name(name), kb, items, question_rows(kb, items))


def hold_out(sets: list[QuestionSet]) -> dict[str, str]:
    """Each set measured by a model fitted on the others: what an unseen set should expect."""
    held = {}
    weights = []
    for left_out in sets:
        others = [s for s in sets if s is not left_out]
        model = fit([q for s in others for q in s.rows])
        weights.append(model.weights)
        held[left_out.name] = f"fitted on {' + '.join(s.name for s in others)}: {measure(left_out, model)}"
        print(f"held out {left_out.name} ({held[left_out.name]})")
    idle = [n for i, n in enumerate(Features.names()) if all(abs(w[i]) < NEAR_ZERO for w in weights)]
    if idle:
        print(f"near zero in every held-out fit: {', '.join(idle)}")
    return held


def measure(question_set: QuestionSet, model: Model) -> Score:
    kb = question_set.kb
    kb.model = model
    return Score.of([judge(q, answer_json(kb.ask(q["question"], today=TODAY))) for q in question_set.questions])


def _neutral() -> Model:
    # Features do not depend on the model; only the order of the spans found does, and every span is kept.
    return Model(weights=(0.0,) * len(Features.names()), intercept=0.0, threshold=0.5)


def question_rows(kb: KnowledgeBase, questions: list[dict]) -> list[QuestionRows]:
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
    for spans in kb.scored(reading, every=True):
        for scored in spans:
            if other_year and not tells_of(scored.hit, other_year, plan=reading.facts.plan):
                continue  # another year's report answers only in words that name the year asked
            quote = _SPACE.sub("", scored.hit.snippet)
            held = [s in quote for s in expected]
            good = any(held) if len(reading.queries) > 1 else all(held)
            rows.append(scored.features.vector())
            labels.append(int(answerable and good and same_source(scored.hit.report.source, item["file"])))
    return [QuestionRows(item["id"], answerable, rows, labels)] if rows else []


def fit(questions: list[QuestionRows]) -> Model:
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
    return Model(fitted.weights, fitted.intercept, steady_threshold(held_out))


def steady_threshold(best: list[tuple[float, bool, bool]]) -> float:
    """``threshold`` as the median over RESAMPLES bootstrap resamples of the questions (a fixed seed, so a
    fit is repeatable): the rule reads one order statistic (the highest unanswerable question it may
    answer), and a median over resamples does not jump when one question's score moves."""
    rng = random.Random(SEED)
    return round(statistics.median(threshold(rng.choices(best, k=len(best))) for _ in range(RESAMPLES)), 4)


def _regression(questions: list[QuestionRows]) -> Model:
    from sklearn.linear_model import LogisticRegression  # the fit extra: answering never needs it

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


def threshold(best: list[tuple[float, bool, bool]]) -> float:
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


def write(
    path: Path, model: Model, fitting: list[QuestionSet], results: dict[str, str], held_out: dict[str, str]
) -> None:
    """The model with what it was fitted on (sets, questions, spans, the date) and how it measured."""
    data = {
        "weights": dict(zip(Features.names(), (round(w, 4) for w in model.weights), strict=True)),
        "intercept": round(model.intercept, 4),
        "threshold": model.threshold,
        "fitted_on": [
            {"set": s.name, "questions": len(s.questions), "spans": sum(len(q.rows) for q in s.rows)} for s in fitting
        ],
        "fitted": date.today().isoformat(),
        "held_out": held_out,
        "results": results,
        "fitted_by": "reportbot fit",
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _counts(sets: list[QuestionSet]) -> str:
    rows = [q for s in sets for q in s.rows]
    return f"{len(rows)} questions, {sum(len(q.rows) for q in rows)} spans"


def _name(question_set: str) -> str:
    """A set's short name: dev for ../shared/dev, seed_questions for data/reports::…/seed_questions.jsonl."""
    return Path(question_set.split("::")[-1]).stem if "::" in question_set else Path(question_set).name
