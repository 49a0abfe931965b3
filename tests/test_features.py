"""The span features, one function each, and the span classes they stand for, on passages of our own."""

from knowledge.confidence import Model
from knowledge.features import FEATURES, Features
from knowledge.keywords import REPORT_NAME, Keyword, abbreviated
from knowledge.kinds import Thing, asked
from knowledge.models import Kind, Passage
from knowledge.search import Query, score_passage
from knowledge.spans import SpanKind, line_kind
from loaders.clean import clean_text

MODEL = Model.load()


def _spans(text, keywords, kind, thing, question, headings=()):
    passage = Passage("r", 0, headings, text)
    query = Query(keywords, kind, thing, question, counted=keywords[0] if keywords else None)
    return [(text[s:e], features) for s, e, features, _ in score_passage(passage, query, MODEL)]


def test_every_feature_is_one_named_function_in_the_vector_order():
    assert tuple(f.__name__ for f in FEATURES) == Features.names()
    assert all(f.__doc__ for f in FEATURES)


def test_a_field_word_in_running_prose_is_no_page_metadata():
    assert line_kind("不断扩大政府信息公开范围,细化公开内容,全年主动公开政府信息 512条。") == SpanKind.SENTENCE
    assert line_kind("公开范围: 面向社会 | 索引号 11330300-2024-0042") == SpanKind.METADATA
    # … so the sentence may answer a count, where a page's fields may not.
    found = _spans(
        "坚持扩大公开范围,全年主动公开政府信息 512条。",
        [Keyword(("主动公开",), 2.0)],
        Kind.NUMBER,
        Thing.COUNT,
        "主动公开多少条",
    )
    assert found[0][0] == "坚持扩大公开范围,全年主动公开政府信息 512条。"


def test_a_word_no_report_writes_is_found_as_the_phrase_it_abbreviates():
    assert abbreviated("报数").search("报送统计数据12次") is not None
    assert abbreviated("报数").search("报送,数据") is None  # not across a clause
    assert abbreviated("政务公开") is None  # four characters: a word, not an abbreviation
    text = "网站点击量3万人次。编发宣传稿件417篇,图片96张。"
    keyword = Keyword(("宣稿",), 5.0, loose=abbreviated("宣稿"))
    [(best, features), *_] = _spans(text, [keyword], Kind.NUMBER, Thing.COUNT, "宣稿几篇")
    assert (best, features.own) == ("编发宣传稿件417篇,图片96张。", 1.0)


def test_the_figure_of_the_very_unit_asked_with_the_counted_word_beside_it():
    text = "全年收到信息公开申请事项7件;通过网站主动公开信息356条。"
    found = dict(
        _spans(text, [Keyword(("信息",), 1.0), Keyword(("公开",), 1.0)], Kind.NUMBER, Thing.COUNT, "公开了多少条信息")
    )
    [(sentence, features)] = found.items()
    assert (features.unit_asked, features.counted_next) == (1.0, 1.0)
    apart = dict(_spans("收到信息公开申请事项7件。", [Keyword(("信息",), 1.0)], Kind.NUMBER, Thing.COUNT, "多少条信息"))
    assert [(f.unit_asked, f.counted_next) for f in apart.values()] == [(0.0, 0.0)]


def test_the_controls_of_a_web_page_are_furniture_and_a_sentence_about_printing_is_not():
    text = "点击收听 本文朗读\n搜索位置:\n排序\n欢迎访问某市人民政府网\n2019年共印发公开指南1200份。"
    assert clean_text(text) == "2019年共印发公开指南1200份。"
    assert clean_text("全年打印装订公开材料35册。") == "全年打印装订公开材料35册。"


def test_the_report_named_in_a_question_is_no_word_of_its_topic():
    cut = [
        REPORT_NAME.sub("|", q) for q in ("某区2016年的信息公开年报是哪天发布的", "年度报告分几部分", "公开申请几件")
    ]
    assert cut == ["某区2016年的|是哪天发布的", "|分几部分", "公开申请几件"]


def test_one_homophone_typo_in_an_asked_word_is_read_as_the_word(seed_kb):
    typed = seed_kb.ask("柳州市教育局的联系电化是多少")
    right = seed_kb.ask("柳州市教育局的联系电话是多少")
    assert typed.found and typed.snippet == right.snippet and "0772-2822960" in typed.snippet


def test_the_reports_own_parts_answer_a_question_about_its_aspects():
    text = "本年度报告包括概述、主动公开情况、依申请公开情况、复议诉讼情况等五个方面。"
    found = _spans(text, [Keyword(("包括",), 1.0)], Kind.NUMBER, Thing.COUNT, "年报包括几个方面")
    assert [sentence for sentence, _ in found] == [text]
    assert _spans(text, [Keyword(("依申请公开",), 1.0)], Kind.NUMBER, Thing.COUNT, "依申请公开几件") == []


def test_which_office_wants_a_span_naming_an_office():
    text = "全年依申请公开办理及时。我局依申请公开工作在区电子政务办的指导下开展。"
    found = _spans(
        text, [Keyword(("依申请公开",), 1.0)], Kind.FACT, asked("谁指导依申请公开", Kind.FACT), "谁指导依申请公开"
    )
    assert [(sentence, features.lacks) for sentence, features in found] == [
        ("我局依申请公开工作在区电子政务办的指导下开展。", 0.0),
        ("全年依申请公开办理及时。", 1.0),
    ]
