"""One fitted score for answer-or-refuse: the features of an answer span -> how likely it answers.

The weights are a logistic regression fitted by ``benchmarks/fit_confidence.py`` on question sets with
known answers and kept, with the sets they were fitted on and the refusal threshold, in
``data/confidence.json``. No weight or threshold is set by hand: change the features, then fit again.
"""

from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NamedTuple


class Features(NamedTuple):
    """What is known about one candidate answer span; every value is a number in [0, 1].

    A named tuple: the model weighs it as the vector it is (thousands of spans per question at scale).
    """

    coverage: float  # share of the question's keyword weight the span, its passage and headings cover
    sentence: float  # an untyped question: share of its keyword weight the span's own text covers
    sentence_held: float  # a typed question: the same share (the headings' words part-counting), when the span
    # holds the thing asked for (else 0)
    chars: float  # share of the characters of the question's words found in the span (robust to wording)
    near: float  # a typed question: share the clause holding the asked thing covers (the figure's own words)
    counted: float  # a count question: what it counts (the word by 多少/几) is next to the span's figure
    counts_other: float  # a count question: each figure there is followed by a noun it does not name (等4项制度)
    telling: float  # the question's most telling word (its rarest) is in the span's own text
    heading: float  # share the passage's headings cover
    heading_fit: float  # how closely the headings read like the question (partial ratio / 100)
    bm25: float  # the passage's BM25 over the best candidate's
    holds: float  # the span has the thing a typed question asks for (a count, a date, a phone …)
    first: float  # the span is its section's first to hold it (a section states its headline figure first)
    lacks: float  # the question asks for a typed thing (a count, a date, a phone …) and the span has none
    lacks_detail: float  # … and that thing is a detail no words can stand for (a phone, e-mail, fax, postcode)
    zero: float  # a count question, and the span says in words there was none (未收到…) of what is asked
    none: float  # a yes/no question, and the span says there was none (无依申请公开) of what is asked
    total: float  # a count question, and the span states the year's total (共, 共计, 合计, 全年)
    total_asked: float  # the question asks for a total (一共, 总共, 全年) and the span states one
    cumulative: float  # a count question, and only one of question and span speaks of a running total (累计, 历年)
    part: float  # a count question, and the span gives a part of something (其中, 另外, 此外)
    announces: float  # the span ends with a colon: it announces what follows rather than saying it
    row: float  # the span is a statistics-table row
    opening: float  # the span opens its passage (under a heading that fits, the body starts here)
    missing: float  # share of keyword weight found nowhere in the passage or its headings
    unnamed: float  # the question names no agency: the span competes with every report
    specific: float  # how specific the question's rarest word is (1: in one passage, 0: in all)
    short: float  # the span is shorter than a phrase (under 8 characters)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return cls._fields

    def vector(self) -> tuple[float, ...]:
        return tuple(self)


@dataclass(frozen=True, slots=True)
class Model:
    """Logistic regression over Features; ``threshold`` is the lowest probability that is answered."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float

    @classmethod
    def load(cls, path: Path | None = None) -> Model:
        """The shipped model (``data/confidence.json``), or the one in ``path``; its features must be ours."""
        text = (
            path.read_text(encoding="utf-8")
            if path
            else resources.files("knowledge").joinpath("data/confidence.json").read_text(encoding="utf-8")
        )
        data = json.loads(text)
        if tuple(data["weights"]) != Features.names():
            raise ValueError(f"model weights {sorted(data['weights'])} do not match the features {Features.names()}")
        return cls(
            tuple(float(data["weights"][n]) for n in Features.names()), float(data["intercept"]), data["threshold"]
        )

    def probability(self, features: Features) -> float:
        """How likely the span answers the question, in (0, 1).

        >>> n = len(Features.names())
        >>> model = Model(weights=(1.0,) + (0.0,) * (n - 1), intercept=-0.5, threshold=0.5)
        >>> round(model.probability(Features(1.0, *(0.0,) * (n - 1))), 3)
        0.622
        """
        z = self.intercept + sum(map(operator.mul, self.weights, features))
        return 1.0 / (1.0 + math.exp(-z))
