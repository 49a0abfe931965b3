"""The fitting script's pieces on small made-up rows: the regression learns which feature tells, the
threshold keeps false refusals within the cap, the written file loads as the model."""

import json

import pytest

from bot import fitting as fit
from knowledge.confidence import Features, Model

N = len(Features.names())
LACKS = Features.names().index("lacks")


def _row(lacks: float, own: float) -> tuple[float, ...]:
    row = [0.0] * N
    row[LACKS], row[0] = lacks, own
    return tuple(row)


def _question(i: int) -> "fit.QuestionRows":
    # The right span holds the figure; the wrong ones only repeat the question's words.
    return fit.QuestionRows(f"q{i}", True, [_row(0.0, 0.6), _row(1.0, 0.9), _row(1.0, 0.4)], [1, 0, 0])


def test_the_regression_learns_which_feature_tells():
    model = fit.fit([_question(i) for i in range(40)])
    assert model.weights[LACKS] < -1.0
    assert model.probability(Features(*_row(0.0, 0.6))) > model.probability(Features(*_row(1.0, 0.9)))


def test_the_threshold_refuses_at_most_the_allowed_share_of_right_answers():
    # 100 answerable questions whose best span is right (probabilities 0.01 … 1.00), one unanswerable.
    best = [(i / 100, True, True) for i in range(1, 101)] + [(0.5, False, False)]
    threshold = fit.threshold(best)
    refused = sum(1 for p, answerable, right in best if answerable and right and p < threshold)
    assert (threshold, refused) == (0.025, 2)


def test_the_written_model_loads_and_keeps_what_it_was_fitted_on(tmp_path):
    model = Model(tuple(float(i) for i in range(N)), -1.5, 0.25)
    path = tmp_path / "confidence.json"
    rows = [fit.QuestionRows("q1", True, [(0.0,) * N] * 3, [1, 0, 0])]
    fitted = fit.QuestionSet("dev", None, [{"id": "q1"}, {"id": "q2"}], rows)
    fit.write(path, model, [fitted], {"dev": "fitted: …"}, {"dev": "fitted on dev2: …"})
    assert Model.load(path) == model
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["fitted_on"] == [{"set": "dev", "questions": 2, "spans": 3}]
    assert data["held_out"] == {"dev": "fitted on dev2: …"}


def test_a_model_of_other_features_is_refused(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"weights": {"coverage": 1.0}, "intercept": 0.0, "threshold": 0.5}), encoding="utf-8")
    with pytest.raises(ValueError, match="do not match the features"):
        Model.load(path)


def test_the_steady_threshold_is_repeatable_and_ignores_one_question_jumping():
    right = [(0.6 + i / 250, True, True) for i in range(100)]
    unanswerable = [(0.01 * i, False, False) for i in range(1, 31)]
    assert fit.steady_threshold(right + unanswerable) == fit.steady_threshold(right + unanswerable) == 0.44
    # One unanswerable question now scores among the right answers: it may be answered (at most 8 %).
    jumped = right + unanswerable[:-1] + [(0.75, False, False)]
    assert fit.steady_threshold(jumped) == 0.44
