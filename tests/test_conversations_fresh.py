"""Held-out conversations on the seed reports: each turn asked after the last one's context (followup.py),
and answered with the report's own words, or refused where the report holds no answer."""

import json

import pytest
from paths import FIXTURES, SEED_REPORTS

LINES = (FIXTURES / "conversations_fresh.jsonl").read_text(encoding="utf-8").splitlines()
CONVERSATIONS = [json.loads(line) for line in LINES if line.strip()]


def case(index: int, conversation: dict):
    return pytest.param(conversation, id=f"c{index:02}")


@pytest.mark.parametrize("conversation", [case(i, c) for i, c in enumerate(CONVERSATIONS)])
def test_conversation(seed_kb, conversation):
    context = None
    for turn in conversation["turns"]:
        answer = seed_kb.respond(turn["question"], after=context)
        context = answer.context or context
        said = f"{turn['question']} -> {answer.question} carried={answer.carried} snippet={answer.snippet!r}"
        if turn.get("refused"):
            assert not answer.found, said
        else:
            assert answer.found, said
            missing = [s for s in turn["answer_contains"] if s not in answer.snippet]
            assert not missing, f"{said} missing={missing}"


def test_every_expected_string_is_in_the_seed_reports():
    text = "".join(path.read_text(encoding="utf-8") for path in SEED_REPORTS.glob("*.txt"))
    expected = [s for c in CONVERSATIONS for t in c["turns"] for s in t["answer_contains"]]
    assert [s for s in expected if s not in text] == []
    assert all(bool(t["answer_contains"]) != bool(t.get("refused")) for c in CONVERSATIONS for t in c["turns"])
