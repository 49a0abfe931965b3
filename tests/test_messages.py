"""Telegram HTML from Answers: exact text, escaping, and the 4096 limit (checked by the fake's parser)."""

from fakebotapi import parse_html

from bot.present import messages
from knowledge import Answer, Coverage, Hit, Passage, Report
from knowledge.models import Kind, Note, NoteCode, Refusal

COVERAGE = Coverage(reports=2, passages=9, agencies=("甲市教育局", "乙县民政局"), years=(2017, 2019), version="abc123")
REPORT = Report("r1", "甲市教育局", 2019, "甲市教育局2019年政府信息公开工作年度报告", "r1.txt")


def _answer(
    text: str, snippet: str, *, hits: int = 1, terms=("申请",), notes=(), kind=Kind.FACT, report=REPORT
) -> Answer:
    passage = Passage("r1", 3, ("二、依申请公开情况",), text)
    hit = Hit(passage, report, 88.0, snippet)
    return Answer("甲市教育局2019年收到几件申请", hits=(hit,) * hits, kind=kind, terms=terms, notes=notes)


def test_answer_has_the_fact_in_bold_its_sentence_the_rest_in_an_expandable_quote_and_the_source():
    answer = _answer(
        "全年收到申请5件。均已答复。",
        "全年收到申请5件。",
        kind=Kind.NUMBER,
        notes=(Note(NoteCode.YEAR_ASSUMED, years=(2019,), others=(2017,)),),
    )
    assert messages.answer_html(answer, COVERAGE) == (
        "答：<b>5件</b>\n"
        "全年收到申请5件。\n"
        "<blockquote expandable>……均已答复。</blockquote>\n"
        "出处：甲市教育局 · 2019年 · 二、依申请公开情况 · r1.txt\n"
        "<i>没有指定年份，使用2019年的报告；另有2017年的报告。</i>"
    )


def test_without_a_fact_the_sentence_comes_first_with_the_questions_words_in_bold():
    answer = _answer("全年收到申请5件。均已答复。", "全年收到申请5件。")  # a FACT question asks for no figure
    assert messages.answer_html(answer, COVERAGE).split("\n")[:2] == [
        "答：全年收到<b>申请</b>5件。",
        "<blockquote expandable>……均已答复。</blockquote>",
    ]


def test_a_passage_that_is_the_sentence_is_not_quoted_again_nor_a_sentence_that_is_the_fact():
    assert messages.answer_html(_answer("全年收到申请5件。", "全年收到申请5件。", kind=Kind.NUMBER), COVERAGE) == (
        "答：<b>5件</b>\n全年收到申请5件。\n出处：甲市教育局 · 2019年 · 二、依申请公开情况 · r1.txt"
    )
    hit = Hit(Passage("r1", 0, (), "0571-87654321"), REPORT, 88.0, "0571-87654321")
    phone = Answer("甲市教育局电话", hits=(hit,), kind=Kind.CONTACT)
    assert (
        messages.answer_html(phone, COVERAGE)
        == "答：<b>0571-87654321</b>\n出处：甲市教育局 · 2019年 · 报告开头 · r1.txt"
    )


def test_the_agency_and_year_link_to_the_reports_page_escaped_and_only_a_web_page():
    linked = Report("r1", "甲市<教育>局", 2019, "t", "r1.txt", url='https://jyj.jia.gov.cn/nb?y=2019&id="7"')
    html = messages.answer_html(
        _answer("全年收到申请5件。", "全年收到申请5件。", kind=Kind.NUMBER, report=linked), COVERAGE
    )
    assert html.split("\n")[-1] == (
        '出处：<a href="https://jyj.jia.gov.cn/nb?y=2019&amp;id=&quot;7&quot;">甲市&lt;教育&gt;局 · 2019年</a>'
        " · 二、依申请公开情况"
    )
    assert parse_html(html)[1] is None
    scripted = Report("r1", "甲市教育局", 2019, "t", "r1.txt", url="javascript:alert(1)")
    html = messages.answer_html(_answer("全年收到申请5件。", "全年收到申请5件。", report=scripted), COVERAGE)
    assert html.split("\n")[-1] == "出处：甲市教育局 · 2019年 · 二、依申请公开情况 · r1.txt"


def test_compact_answer_in_groups_has_no_passage():
    answer = _answer("全年收到申请5件。均已答复。", "全年收到申请5件。", hits=3, kind=Kind.NUMBER)
    assert messages.answer_html(answer, COVERAGE, page=1, compact=True) == (
        "答：<b>5件</b>\n全年收到申请5件。\n出处：甲市教育局 · 2019年 · 二、依申请公开情况 · r1.txt（第 2/3 条）"
    )


def test_report_text_with_markup_characters_is_escaped():
    text = '收到<申请>5件 & 答复5件，页面曾含<script>alert("x")</script>。'
    html = messages.answer_html(_answer(text, text, terms=("<申请>",)), COVERAGE)
    visible, error = parse_html(html)
    assert error is None
    assert "<b>&lt;申请&gt;</b>5件 &amp; 答复5件" in html
    assert text in visible


def test_a_refusal_is_escaped_and_names_what_is_covered():
    answer = Answer("x", refusal=Refusal.NO_REPORT_FOR_YEAR, agencies=("<丙市>教育局",), year=2019, years=(2017,))
    assert messages.answer_html(answer, COVERAGE) == (
        "没有找到答案：没有&lt;丙市&gt;教育局2019年的报告；已有的年份：2017。\n我的知识库有 2 份报告，2 个机关，2017–2019年。"
    )


def test_an_overlong_passage_is_cut_around_the_answer_to_fit_one_message():
    snippet = "全年收到申请5件。"
    text = "前文<很长>。" * 900 + snippet + "后文&很长。" * 900
    html = messages.answer_html(_answer(text, snippet, kind=Kind.NUMBER), COVERAGE)
    visible, error = parse_html(html)
    assert error is None
    assert 4000 < messages.visible_length(visible) <= 4096
    assert visible.count(snippet) == 1  # the sentence line; the quoted passage marks its place with ……
    assert visible.startswith("答：5件\n全年收到申请5件。\n…")
    assert "前文<很长>。……后文&很长。" in visible


def test_an_overlong_snippet_is_cut_too():
    snippet = "申请" * 3000
    visible, error = parse_html(messages.answer_html(_answer(snippet, snippet), COVERAGE))
    assert error is None
    assert messages.visible_length(visible) <= 4096


def test_visible_length_counts_utf16_units_like_telegram():
    assert messages.visible_length("政府信息😀") == 6
    assert messages.cut("😀😀😀", 4) == "😀…"


def test_help_says_what_the_query_log_keeps_and_for_how_long():
    text = messages.help_html("kb_test_bot", 90)
    assert (
        "<b>记录什么</b>：问题文本（身份证号、手机号、邮箱会先隐去）、提问时间、聊天类型、是否答出、耗时、"
        "👍/👎，以及用户编号的加密散列（密钥另存，不在记录里）；90 天后删除。inline 提问只在选中发送时记录。"
    ) in text


def test_a_throttled_question_is_told_when_to_ask_again_never_in_zero_seconds():
    assert messages.throttled_text(12) == "提问太快了，请 12 秒后再问。"
    assert messages.throttled_text(0) == "提问太快了，请 1 秒后再问。"
