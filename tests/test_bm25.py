"""Okapi BM25 from the counts frozen at build time (knowledge/bm25.py), on passages of our own."""

import math

import pytest

from knowledge.bm25 import BM25_B, BM25_K1, with_bm25
from knowledge.keywords import Keyword
from knowledge.models import Passage, Report

# Five passages of an invented report, as space-joined tokens: 12 tokens in all, 2.4 on average.
TOKENS = [
    "营口市 教育局 依申请公开 3 件",
    "依申请公开 依申请公开",
    "主动 公开",
    "电话",
    "地址 邮编",
]


def _scores(store, keywords, tokens=TOKENS):
    report = Report("yk", "营口市教育局", 2021, "营口市教育局2021年政府信息公开工作年度报告", "yk.txt")
    passages = [Passage("yk", i, (), text.replace(" ", "")) for i, text in enumerate(tokens)]
    row = store.add_report(report, passages, tokens)
    store.finish()
    return [score for _, _, score in with_bm25(store, store.passages_of([row]), keywords)]


def _term(df, tf, length, tokens=TOKENS):
    """One term's share of a passage's score, by the textbook formula with the module's constants."""
    total, average = len(tokens), sum(len(t.split()) for t in tokens) / len(tokens)
    idf = max(math.log((total - df + 0.5) / (df + 0.5)), 1e-6)
    return idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * length / average))


def test_the_parameters_are_the_usual_okapi_ones():
    assert (BM25_K1, BM25_B) == (1.2, 0.75)


def test_a_rare_term_scores_by_the_okapi_formula(store):
    # 电话: one passage of five (idf ln 3), a passage of one token against an average of 2.4.
    scores = _scores(store, [Keyword(("电话",), 1.0)])
    assert scores == [0.0, 0.0, 0.0, pytest.approx(_term(1, 1, 1), rel=1e-9), 0.0]
    assert scores[3] == pytest.approx(1.4430, abs=1e-4)


def test_repeating_a_term_counts_each_occurrence(store):
    # 依申请公开 is in two passages: once among five tokens, twice among two.
    scores = _scores(store, [Keyword(("依申请公开",), 1.0)])
    assert scores == pytest.approx([_term(2, 1, 5), _term(2, 2, 2), 0.0, 0.0, 0.0], rel=1e-9)
    assert [round(s, 4) for s in scores[:2]] == [0.2331, 0.4854]


def test_a_term_in_every_passage_scores_next_to_nothing(store):
    # ln((3 - 3 + 0.5) / 3.5) < 0: the idf is floored at 1e-6, never negative.
    tokens = ["佛山市 税务局 公开", "公开 指南", "税务局 公开 目录"]
    scores = _scores(store, [Keyword(("公开",), 1.0)], tokens)
    assert scores == pytest.approx([_term(3, 1, 3, tokens), _term(3, 1, 2, tokens), _term(3, 1, 3, tokens)])
    assert 0 < max(scores) < 1e-5


def test_a_term_matches_whole_tokens_only(store):
    # 公开 is a token of the third passage only; 依申请公开 holds its characters but is another token.
    scores = _scores(store, [Keyword(("公开",), 1.0)])
    assert scores == [0.0, 0.0, pytest.approx(_term(1, 1, 2), rel=1e-9), 0.0, 0.0]


def test_a_longer_passage_scores_less_for_the_same_count(store):
    tokens = ["集安市 城东 街道 办事处 收到 申请 2 件 全部 答复", "申请 答复", "电话", "地址", "传真"]
    scores = _scores(store, [Keyword(("申请",), 1.0)], tokens)
    # Both say 申请 once; the ten-token passage is over three times the average length (3).
    assert scores == pytest.approx([_term(2, 1, 10, tokens), _term(2, 1, 2, tokens), 0.0, 0.0, 0.0], rel=1e-9)
    assert [round(s, 4) for s in scores[:2]] == [0.1721, 0.3896]


def test_the_terms_of_several_keywords_add_up(store):
    scores = _scores(store, [Keyword(("主动",), 1.0), Keyword(("公开",), 1.0), Keyword(("电话",), 1.0)])
    assert scores == pytest.approx([0.0, 0.0, 2 * _term(1, 1, 2), _term(1, 1, 1), 0.0], rel=1e-9)


def test_a_form_named_twice_is_one_term_and_keyword_weights_do_not_count(store):
    once = _scores(store, [Keyword(("电话", "主动"), 1.0)])
    assert once == pytest.approx([0.0, 0.0, _term(1, 1, 2), _term(1, 1, 1), 0.0], rel=1e-9)
    store.db.execute("DELETE FROM passages")
    store.db.execute("DELETE FROM reports")
    twice = _scores(store, [Keyword(("电话",), 9.0), Keyword(("主动", "电话"), 0.1)])
    assert twice == pytest.approx(once, rel=1e-12)


def test_a_form_the_index_never_saw_adds_nothing(store):
    # Not an FTS token (a phone with a hyphen), or a word in no passage: no frequency, no score.
    scores = _scores(store, [Keyword(("0417-1234567",), 5.0), Keyword(("传真",), 5.0)])
    assert scores == [0.0, 0.0, 0.0, 0.0, 0.0]


def test_passages_come_back_in_order_with_their_rows(store):
    report = Report("fs", "佛山市税务局", 2022, "", "fs.txt")
    passages = [Passage("fs", 0, ("一、总体情况",), "全年收到申请5件。"), Passage("fs", 1, (), "电话")]
    row = store.add_report(report, passages, ["全年 收到 申请 5 件", "电话"])
    store.finish()
    scored = with_bm25(store, store.passages_of([row]), [Keyword(("电话",), 1.0)])
    assert [(r, p) for r, p, _ in scored] == [(row, passages[0]), (row, passages[1])]
    tokens = ["全年 收到 申请 5 件", "电话"]
    assert [s for _, _, s in scored] == pytest.approx([0.0, _term(1, 1, 1, tokens)], rel=1e-9)
