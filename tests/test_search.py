import pytest

from knowledge.confidence import Features, Model
from knowledge.keywords import Keyword
from knowledge.kinds import Thing
from knowledge.models import Kind, Passage
from knowledge.search import Query, score_passage

MODEL = Model.load()


def _best(passage, keywords, kind, thing, question):
    [(start, end, features, _), *_] = score_passage(passage, Query(keywords, kind, thing, question), MODEL)
    return start, end, features


def test_score_passage_quotes_the_sentence_with_the_figure():
    passage = Passage(
        "r",
        0,
        ("四、政府信息公开的收费及减免情况",),
        "概述一句。2018年度，我局收到政府信息依申请公开案件11件，未收取任何费用。\n其他。",
    )
    keywords = [Keyword(("收到",), 1.0), Keyword(("依申请公开", "政府信息公开申请"), 2.0)]
    start, end, features = _best(passage, keywords, Kind.NUMBER, Thing.COUNT, "收到多少件依申请公开")
    assert passage.text[start:end] == "2018年度，我局收到政府信息依申请公开案件11件，未收取任何费用。"
    assert (features.own, features.lacks, features.near) == (1.0, 0.0, 1.0)


def test_contact_words_are_satisfied_by_the_contact_detail_itself():
    passage = Passage(
        "r", 0, (), "可与柳州市教育局办公室联系（柳州市文惠路87号；邮编：545001；联系电话：0772-2822960）。"
    )
    keyword = Keyword(("地址", "在哪"), 3.0, names=Thing.ADDRESS)
    _, _, features = _best(passage, [keyword], Kind.CONTACT, Thing.ADDRESS, "地址在哪里")
    assert (features.own, features.lacks) == (1.0, 0.0)


def test_a_heading_alone_never_answers():
    passage = Passage("r", 0, ("三、收到和处理政府信息公开申请情况",), "三、收到和处理政府信息公开申请情况")
    keywords = [Keyword(("政府信息公开申请",), 2.0)]
    assert score_passage(passage, Query(keywords, Kind.NUMBER, Thing.COUNT, "收到几件申请"), MODEL) == []


def test_the_overview_of_the_reports_parts_answers_only_a_question_about_its_parts():
    text = "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六个部分。"
    passage = Passage("r", 0, (), text)
    keywords = [Keyword(("政府信息公开申请",), 2.0)]
    assert score_passage(passage, Query(keywords, Kind.NUMBER, Thing.COUNT, "收到几件申请"), MODEL) == []
    parts = Query([Keyword(("部分",), 1.0)], Kind.NUMBER, Thing.COUNT, "报告分几个部分")
    assert [passage.text[s:e] for s, e, _, _ in score_passage(passage, parts, MODEL)] == [text]


def test_page_metadata_never_answers_a_count_but_may_answer_a_date():
    passage = Passage("r", 0, (), "公开方式: | 主动公开 | 发文日期: 2021-01-30")
    keywords = [Keyword(("主动公开",), 2.0)]
    assert score_passage(passage, Query(keywords, Kind.NUMBER, Thing.COUNT, "主动公开多少条"), MODEL) == []
    dates = Query([Keyword(("发布",), 1.0)], Kind.DATE, Thing.DATE, "哪天发布")
    assert score_passage(passage, dates, MODEL)[0][2].lacks == 0.0


@pytest.mark.parametrize("kind", [Kind.LIST, Kind.PROCESS])
def test_list_answers_take_the_following_items(kind):
    from knowledge.spans import widen

    text = "2013年，我们将着重做好以下几方面工作。\n（一）进一步创新政务公开的方式方法。\n（二）加强学习和培训。"
    end = text.index("\n") + 1
    assert widen(text, 0, end, kind, lambda piece: 0.0) == (0, len(text))


def test_long_sentences_are_read_as_pieces_and_the_figure_is_quoted():
    text = "本年度公开内容包括" + "、".join(f"《文件{i}》" for i in range(60)) + "，共计308条，其余略。"
    start, end, features = _best(
        Passage("r", 0, (), text), [Keyword(("公开",), 1.0)], Kind.NUMBER, Thing.COUNT, "公开了多少条"
    )
    assert "共计308条" in text[start:end] and end - start <= 150
    assert features.total == 1.0


def test_features_are_named_as_the_model_weighs_them():
    assert Features.names() == tuple(Model.load().weights and Features.names())
    assert len(MODEL.weights) == len(Features.names())


def test_bm25_prefers_the_passage_with_the_rarer_word(seed_kb):
    from knowledge.bm25 import with_bm25

    keywords = [Keyword(("抽签",), 1.0), Keyword(("公开",), 1.0)]
    rows = [row for row, report in seed_kb._by_row.items() if report.agency == "张店区教育局"]
    scored = with_bm25(seed_kb.store, seed_kb.store.passages_of(rows), keywords)
    best = max(scored, key=lambda item: item[2])
    assert "家长抽签仪式" in best[1].text
    # 公开 is in nearly every passage, so it barely counts; only the 抽签 passage scores.
    assert max(b for _, p, b in scored if "抽签" not in p.text) < 0.01
