"""One fitted score for answer-or-refuse: the features of an answer span -> how likely it answers.

The weights are a logistic regression fitted by ``reportbot fit`` (bot/fitting.py) on question sets with
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

from knowledge.features import Features


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
