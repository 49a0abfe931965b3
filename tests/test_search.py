import pytest

from knowledge.keywords import Keyword
from knowledge.models import Passage
from knowledge.search import score_passage


def test_score_passage_quotes_the_sentence_with_the_figure():
    passage = Passage(
        "r",
        0,
        ("四、政府信息公开的收费及减免情况",),
        "概述一句。2018年度，我局收到政府信息依申请公开案件11件，未收取任何费用。\n其他。",
    )
    keywords = [Keyword(("收到",), 1.0), Keyword(("依申请公开", "政府信息公开申请"), 2.0)]
    best = score_passage(passage, keywords, "number", "收到多少件依申请公开")
    assert passage.text[best.start : best.end] == "2018年度，我局收到政府信息依申请公开案件11件，未收取任何费用。"
    assert (best.coverage, best.type_match) == (1.0, True)


def test_contact_words_are_satisfied_by_the_contact_detail_itself():
    passage = Passage(
        "r", 0, (), "可与柳州市教育局办公室联系（柳州市文惠路87号；邮编：545001；联系电话：0772-2822960）。"
    )
    best = score_passage(passage, [Keyword(("地址", "在哪"), 3.0, contact=True)], "contact", "地址在哪里")
    assert (best.coverage, best.type_match) == (1.0, True)


@pytest.mark.parametrize("kind", ["list", "process"])
def test_list_answers_take_the_following_items(kind):
    text = "2013年，我们将着重做好以下几方面工作。\n（一）进一步创新政务公开的方式方法。\n（二）加强学习和培训。"
    best = score_passage(
        Passage("r", 0, (), text), [Keyword(("2013",), 1.0), Keyword(("工作",), 1.0)], kind, "2013年工作"
    )
    assert text[best.start : best.end] == text


def test_long_sentences_are_cut_to_the_clauses_around_the_figure():
    text = "本年度公开内容包括" + "、".join(f"《文件{i}》" for i in range(60)) + "，共计308条，其余略。"
    best = score_passage(Passage("r", 0, (), text), [Keyword(("公开",), 1.0)], "number", "公开了多少条")
    snippet = text[best.start : best.end]
    assert "共计308条" in snippet and len(snippet) <= 300


def test_bm25_prefers_the_passage_with_the_rarer_word(seed_kb):
    from knowledge.search import _with_bm25

    keywords = [Keyword(("抽签",), 1.0), Keyword(("公开",), 1.0)]
    rows = [row for row, report in seed_kb._by_row.items() if report.agency == "张店区教育局"]
    scored = _with_bm25(seed_kb.store, seed_kb.store.passages_of(rows), keywords)
    best = max(scored, key=lambda item: item[2])
    assert "家长抽签仪式" in best[1].text
    # 公开 is in nearly every passage, so it barely counts; only the 抽签 passage scores.
    assert max(b for _, p, b in scored if "抽签" not in p.text) < 0.01
