"""Score answers against a question file (the format of shared/eval/seed_questions.jsonl)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

_SPACE = re.compile(r"\s+")


class QuestionFileError(Exception):
    """The question file is missing or has a line that is not a question object."""


@dataclass(frozen=True, slots=True)
class Outcome:
    qid: str
    passed: bool
    answerable: bool
    refused: bool
    detail: str


def read_questions(path: Path) -> list[dict]:
    """Read a JSONL question file; raise QuestionFileError naming the bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise QuestionFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    questions = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            item["id"], item["question"]  # noqa: B018 - both are required
        except (ValueError, KeyError, TypeError) as exc:
            raise QuestionFileError(f"{path}:{number}: not a question object ({exc})") from exc
        questions.append(item)
    return questions


def same_source(source: str | None, expected: str) -> bool:
    """A source matches when it is the expected file, allowing for the folder the ingest started from.

    >>> same_source("reports/a.txt", "reports/a.txt"), same_source("a.txt", "reports/a.txt"), same_source("b.txt", "a.txt")
    (True, True, False)
    """
    if not source:
        return False
    return source == expected or expected.endswith("/" + source) or source.endswith("/" + expected)


def judge(item: dict, result: dict) -> Outcome:
    """PASS/FAIL one answer (a dict in the `ask --json` shape) against its question item; an item
    with ``parts`` (a question across reports) passes when every part is found among the answer's."""
    if "parts" in item:
        return _judge_parts(item, result)
    expected = item.get("answer_contains") or []
    answerable = bool(expected) and item.get("file") is not None
    refused = not result["answered"]
    if not answerable:
        return Outcome(item["id"], refused, False, refused, "refused" if refused else f"answered: {result['answer']}")
    if refused:
        return Outcome(item["id"], False, True, True, f"refused: {result['reason']}")
    answer = _SPACE.sub("", result["answer"] or "")
    missing = [s for s in expected if _SPACE.sub("", s) not in answer]
    right_file = same_source(result["source"], item["file"])
    passed = not missing and right_file
    detail = (
        ""
        if passed
        else (f"missing {missing} " if missing else "")
        + ("" if right_file else f"source {result['source']} != {item['file']}")
    )
    return Outcome(item["id"], passed, True, False, detail.strip())


def _judge_parts(item: dict, result: dict) -> Outcome:
    answered = [p for p in result.get("parts") or [] if p["answered"]]
    missing = []
    for expected in item["parts"]:
        wanted = [_SPACE.sub("", s) for s in expected["answer_contains"]]
        if not any(
            same_source(p["source"], expected["file"]) and all(w in _SPACE.sub("", p["answer"]) for w in wanted)
            for p in answered
        ):
            missing.append(f"{expected['file']} {expected['answer_contains']}")
    detail = "" if not missing else "missing " + "; ".join(missing)
    return Outcome(item["id"], not missing, True, not answered, detail)


@dataclass(frozen=True, slots=True)
class Score:
    """The counts `reportbot eval` and `reportbot fit` report for a set of outcomes."""

    passed: int
    answerable: int
    refused: int
    unanswerable: int
    false_refusals: int

    @classmethod
    def of(cls, outcomes: list[Outcome]) -> Score:
        answerable = [o for o in outcomes if o.answerable]
        unanswerable = [o for o in outcomes if not o.answerable]
        return cls(
            sum(o.passed for o in answerable),
            len(answerable),
            sum(o.refused for o in unanswerable),
            len(unanswerable),
            sum(o.refused for o in answerable),
        )

    def __str__(self) -> str:
        """The fitter's line: top-1, unanswerables refused and false refusals, each with its share."""
        top = self.passed / self.answerable if self.answerable else 0.0
        refused = self.refused / self.unanswerable if self.unanswerable else 1.0
        false = self.false_refusals / self.answerable if self.answerable else 0.0
        return (
            f"top-1 {self.passed}/{self.answerable} ({top:.2f}); unanswerable refused "
            f"{self.refused}/{self.unanswerable} ({refused:.0%}); false refusals {self.false_refusals} ({false:.1%})"
        )


def summarise(outcomes: list[Outcome]) -> str:
    """The totals line(s) printed by `reportbot eval`."""
    score = Score.of(outcomes)
    share = score.passed / score.answerable if score.answerable else 0.0
    return (
        f"answerable: {score.passed}/{score.answerable} passed ({share:.2f}); "
        f"unanswerable: {score.refused}/{score.unanswerable} refused; false refusals: {score.false_refusals}\n"
        f"{sum(o.passed for o in outcomes)} passed, {sum(not o.passed for o in outcomes)} failed"
    )
