"""The fitted answer-or-refuse model (knowledge/confidence.py): loading it and the probability it gives."""

import dataclasses
import json
import math
from pathlib import Path

import pytest

import knowledge
from knowledge.confidence import Model
from knowledge.features import Features

NAMES = Features.names()
SHIPPED = Path(knowledge.__file__).parent / "data" / "confidence.json"


def _features(**values):
    return Features(*(values.get(name, 0.0) for name in NAMES))


def _write(tmp_path, weights, intercept=-1.5, threshold=0.4):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"weights": weights, "intercept": intercept, "threshold": threshold}), encoding="utf-8")
    return path


def test_probability_is_the_logistic_of_the_weighted_features():
    weights = tuple(0.5 if name == "own" else -2.0 if name == "lacks" else 0.0 for name in NAMES)
    model = Model(weights, intercept=0.25, threshold=0.5)
    z = 0.25 + 0.5 * 0.8 - 2.0 * 1.0
    assert model.probability(_features(own=0.8, lacks=1.0, bm25=3.0)) == pytest.approx(1 / (1 + math.exp(-z)))
    assert round(model.probability(_features(own=0.8, lacks=1.0)), 4) == 0.2059


def test_the_intercept_alone_is_the_probability_of_a_span_with_no_feature():
    model = Model((3.0,) * len(NAMES), intercept=math.log(3), threshold=0.5)
    assert model.probability(_features()) == pytest.approx(0.75, abs=1e-12)  # odds of 3 to 1


def test_opposite_evidence_gives_complementary_probabilities():
    weights = tuple(1.0 if name in ("own", "near") else 0.0 for name in NAMES)
    model = Model(weights, intercept=0.0, threshold=0.5)
    assert model.probability(_features(own=0.7, near=-0.7)) == 0.5
    up, down = model.probability(_features(own=1.2)), model.probability(_features(own=-1.2))
    assert up + down == pytest.approx(1.0, abs=1e-12)
    assert round(up, 4) == 0.7685


def test_a_model_file_is_read_in_the_feature_order(tmp_path):
    weights = {name: float(i) for i, name in enumerate(NAMES)}
    model = Model.load(_write(tmp_path, weights, intercept=-1.5, threshold=0.4))
    assert model == Model(tuple(float(i) for i in range(len(NAMES))), -1.5, 0.4)
    assert model.weights[NAMES.index("bm25")] == NAMES.index("bm25")


@pytest.mark.parametrize(
    "change",
    [
        lambda w: dict(reversed(list(w.items()))),  # the same names, another order
        lambda w: {k: v for k, v in w.items() if k != "short"},  # one feature missing
        lambda w: {**w, "telephone": 1.0},  # one feature the spans do not have
    ],
    ids=["reordered", "missing", "extra"],
)
def test_a_model_fitted_on_other_features_is_refused(tmp_path, change):
    weights = change({name: 1.0 for name in NAMES})
    with pytest.raises(ValueError, match="do not match the features"):
        Model.load(_write(tmp_path, weights))


def test_the_shipped_model_is_the_file_beside_the_package():
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    model = Model.load()
    assert model == Model.load(SHIPPED)
    assert model.weights == tuple(data["weights"][name] for name in NAMES)
    assert (model.intercept, model.threshold) == (data["intercept"], data["threshold"])
    # Its probability of a featureless span follows from the file's intercept, by the logistic.
    assert model.probability(_features()) == pytest.approx(1 / (1 + math.exp(-data["intercept"])))


def test_a_model_cannot_be_changed_once_made():
    model = Model((0.0,) * len(NAMES), 0.0, 0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.threshold = 0.1  # type: ignore[misc]
