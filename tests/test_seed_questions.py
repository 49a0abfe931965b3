"""Regression suite: every seed question (ids d001…) answered from the right report, or refused."""

import json

import pytest
from paths import SEED_QUESTIONS

from bot.evaluate import judge
from bot.present.render import answer_json

QUESTIONS = [json.loads(line) for line in SEED_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.seed
@pytest.mark.parametrize("item", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_seed_question(item, seed_kb):
    outcome = judge(item, answer_json(seed_kb.ask(item["question"])))
    assert outcome.passed, outcome.detail


def test_the_seed_file_has_the_expected_shape():
    assert (len(QUESTIONS), sum(1 for q in QUESTIONS if q["file"] is None)) == (26, 3)


EXTRA = [
    json.loads(line)
    for line in (SEED_QUESTIONS.parent / "extra_questions.jsonl").read_text(encoding="utf-8").splitlines()
]


@pytest.mark.seed
@pytest.mark.parametrize("item", EXTRA, ids=[q["id"] for q in EXTRA])
def test_extra_chat_style_question(item, fixture_kb):
    # Our own questions as people type them: short years, typos (教肓局, 柳洲), no year, refusals.
    outcome = judge(item, answer_json(fixture_kb.ask(item["question"])))
    assert outcome.passed, outcome.detail
