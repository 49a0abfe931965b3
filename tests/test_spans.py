"""Which text of a passage may answer and how a span is cut (knowledge/spans.py), on lines of our own."""

import pytest

from knowledge.kinds import Thing
from knowledge.models import Kind
from knowledge.spans import (
    LIST_ANSWER_CHARS,
    MAX_ANSWER_CHARS,
    PIECE_CHARS,
    SpanKind,
    cover,
    line_kind,
    may_answer,
    span_bounds,
    tidy,
    widen,
)


def _spans(text, rows=frozenset()):
    return [(text[s:e], is_row, start) for s, e, is_row, start in span_bounds(text, rows)]


def test_a_passage_is_cut_at_each_sentence_end_and_line_break():
    text = "二、依申请公开情况\n本年度营口市教育局收到申请12件。全部按时答复！其中当面申请3件?\n"
    assert _spans(text) == [
        ("二、依申请公开情况\n", False, 0),
        ("本年度营口市教育局收到申请12件。", False, 10),
        ("全部按时答复！", False, 27),
        ("其中当面申请3件?", False, 34),
    ]


def test_a_line_of_a_table_is_read_as_its_row_not_as_a_sentence():
    text = "佛山市税务局受理情况如下。\n政府信息公开申请 | 12 | 3\n"
    row = (text.index("政府"), text.index(" | 3") + 4)
    # The row goes last, its own start as its sentence's; bits under two characters are no span.
    assert _spans(text + "。\n", {row}) == [
        ("佛山市税务局受理情况如下。", False, 0),
        ("政府信息公开申请 | 12 | 3", True, 14),
    ]


def test_a_run_on_sentence_is_read_as_pieces_of_whole_clauses():
    clause = "集安市城东街道办事处全年受理各类信息公开申请事项二十九件，"  # 29 characters: five make a piece
    text = "前言。" + clause * 10
    assert [(s, e, start) for s, e, _, start in span_bounds(text)] == [(0, 3, 0), (3, 148, 3), (148, 293, 3)]
    assert 5 * len(clause) <= PIECE_CHARS < 6 * len(clause)


def test_a_clause_too_long_for_a_piece_is_cut_before_its_bracket():
    # A page that lost its commas: the bracketed contact line becomes a piece of its own.
    text = (
        "受理窗口设在营口市站前区政务服务中心二楼综合受理区" * 6 + "（地址：营口市站前区民主街1号电话0417-2800000）。"
    )
    pieces = [piece for piece, _, _ in _spans(text)]
    assert pieces == [text[:150], "（地址：营口市站前区民主街1号电话0417-2800000）。"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("（一）主动公开情况", SpanKind.HEADING),
        ("1.主动公开信息120条", SpanKind.SENTENCE),  # a numbered item with a count is no heading
        ("本报告由概述、主动公开情况、依申请公开情况等内容组成。", SpanKind.OVERVIEW),
        ("报告对主动公开情况、依申请公开情况、收费情况作了说明。", SpanKind.OVERVIEW),
        ("索引号：11220582-2022-001", SpanKind.METADATA),
        ("来源：营口市教育局", SpanKind.METADATA),
        ("信息来源于群众来信。", SpanKind.SENTENCE),  # the field word in prose, with no label after it
        ("申请类型 | 件数 | 备注", SpanKind.HEADER),
        ("申请类型 | 件数 | 12", SpanKind.SENTENCE),  # a figure: a row, not the header
        ("营口市教育局2021年政府信息公开工作年度报告", SpanKind.TITLE),
        ("营口市教育局2021年政府信息公开工作年度报告，现予公布。", SpanKind.SENTENCE),
    ],
)
def test_what_kind_of_line_a_span_is(line, kind):
    assert line_kind(line) == kind


def test_which_kinds_of_span_may_answer_which_questions():
    asked = [
        (SpanKind.SENTENCE, Thing.COUNT, "收到几件申请"),
        (SpanKind.ROW, Thing.COUNT, "收到几件申请"),
        (SpanKind.HEADING, None, "依申请公开情况"),
        (SpanKind.HEADER, Thing.COUNT, "件数是多少"),
        (SpanKind.TITLE, None, "报告讲了什么"),
        (SpanKind.TITLE, None, "年报的标题是什么"),
        (SpanKind.OVERVIEW, Thing.COUNT, "收到几件申请"),
        (SpanKind.OVERVIEW, Thing.COUNT, "年报分几个部分"),
        (SpanKind.METADATA, Thing.COUNT, "收到几件申请"),
        (SpanKind.METADATA, Thing.COUNT, "点击量多少"),
        (SpanKind.METADATA, Thing.DATE, "什么时候发布的"),
    ]
    answers = [may_answer(kind, thing, question) for kind, thing, question in asked]
    assert answers == [True, True, False, False, False, True, False, True, False, True, True]


def test_a_list_answer_grows_over_the_sentences_that_follow_up_to_its_limit():
    text = "主要做法有以下几项：一是完善制度。二是规范流程。三是加强培训。"
    start, end = 0, text.index("一是")
    assert widen(text, start, end, Kind.FACT, len) == (0, end)  # other kinds stay as they are
    for kind in (Kind.LIST, Kind.PROCESS):
        assert widen(text, start, end, kind, len) == (0, len(text))
    # Up to LIST_ANSWER_CHARS (200) it takes the third item whole; one character more, it stops before it.
    fits = text.replace("加强培训", "加" * (LIST_ANSWER_CHARS - 27))
    assert widen(fits, start, end, Kind.LIST, len) == (0, 200)
    over = text.replace("加强培训", "加" * (LIST_ANSWER_CHARS - 26))
    assert widen(over, start, end, Kind.LIST, len) == (0, over.index("三是"))


def test_a_long_span_shrinks_to_the_clauses_around_the_heaviest():
    clauses = [f"第{i:02}条意见已经办结完毕并且反馈给申请人" for i in range(20)]  # 20 characters and a comma
    text = "前言。" + "，".join(clauses) + "。"
    start = 3
    weigh = lambda clause: 1.0 if "第10条" in clause else 0.0  # noqa: E731
    # Clauses 4 to 17: six before the heaviest, seven after (the one after is tried first), 294 characters.
    assert widen(text, start, len(text), Kind.FACT, weigh) == (start + 4 * 21, start + 18 * 21)
    assert 14 * 21 <= MAX_ANSWER_CHARS < 15 * 21


def test_one_endless_clause_keeps_its_end():
    text = "受" * 400 + "。"
    assert widen(text, 0, len(text), Kind.FACT, len) == (101, 401)


def test_two_spans_are_quoted_as_one_only_when_short_enough():
    assert cover([(300, 370), (10, 20)]) == (10, 370)  # 360 characters
    assert cover([(10, 20), (300, 371)]) is None  # 361 characters: one over MAX_COVER_CHARS
    assert cover([(5, 9)]) == (5, 9)


def test_a_row_read_one_cell_per_line_is_quoted_as_one_line():
    assert tidy("  行政复议 |\n 2 |\n\n0件  ") == "行政复议 | 2 | 0件"
    assert tidy("营口市  教育局，收到申请12件。") == "营口市  教育局，收到申请12件。"  # only line breaks are folded
