from knowledge import KnowledgeBase
from knowledge.facts import table_rows
from loaders import load_report

# The 2021 national template's application table, as saved pages deliver it: "|" rows, and the
# same rows one cell per line.
HEAD = "湖里区财政局2021年政府信息公开工作年度报告\n一、总体情况\n2021年,我局认真落实条例,公开工作有序开展。\n三、收到和处理政府信息公开申请情况\n"
PIPES = (
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | | | | | | |\n"
    "| 自然人 | 法人或其他组织 | | | | | 总计 |\n"
    "一、本年新收政府信息公开申请数量 | 12 | 1 | 0 | 0 | 0 | 0 | 13 |\n"
    "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    "三、本年度办理结果 | (一)予以公开 | 8 | 0 | 0 | 0 | 0 | 0 | 8 |\n"
)
CELLS = "一、本年新收政府信息公开申请数量\n12\n1\n0\n13\n二、上年结转政府信息公开申请数量\n1\n0\n0\n1\n"


def test_rows_in_pipe_tables():
    rows = table_rows(PIPES)
    assert [(r.label, r.values) for r in rows] == [
        ("本年新收政府信息公开申请数量", ("12", "1", "0", "0", "0", "0", "13")),
        ("上年结转政府信息公开申请数量", ("1", "0", "0", "0", "0", "0", "1")),
        ("予以公开", ("8", "0", "0", "0", "0", "0", "8")),
    ]
    assert PIPES[rows[0].start : rows[0].end] == "一、本年新收政府信息公开申请数量 | 12 | 1 | 0 | 0 | 0 | 0 | 13"


def test_prose_has_no_rows():
    assert table_rows("2021年,共受理政府信息公开申请222件,予以公开10件。") == []


def _kb(tmp_path, segmenter, body):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "huli.txt").write_text(HEAD + body, encoding="utf-8")
    KnowledgeBase.write(tmp_path / "kb.db", [load_report(tmp_path / "r" / "huli.txt")], segmenter)
    return KnowledgeBase.open(tmp_path / "kb.db", segmenter)


def test_application_count_is_quoted_from_the_table_row(tmp_path, segmenter):
    kb = _kb(tmp_path, segmenter, PIPES)
    try:
        answer = kb.ask("湖里区财政局2021年收到几件信息公开申请")
        assert answer.hits[0].snippet == "一、本年新收政府信息公开申请数量 | 12 | 1 | 0 | 0 | 0 | 0 | 13"
        assert answer.hits[0].passage.section == "三、收到和处理政府信息公开申请情况"
        assert "| 8 |" in kb.ask("湖里区财政局2021年予以公开多少件").hits[0].snippet
    finally:
        kb.close()


def test_one_cell_per_line_rows_are_one_answer(tmp_path, segmenter):
    kb = _kb(tmp_path, segmenter, CELLS)
    try:
        snippet = kb.ask("湖里区财政局21年上年结转的申请有几件").hits[0].snippet
        assert snippet == "二、上年结转政府信息公开申请数量 1 0 0 1"
    finally:
        kb.close()


def test_facts_table_holds_one_figure_per_row_and_column(tmp_path, segmenter):
    body = "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n规章 | 1 | 0 | 5\n" + PIPES
    kb = _kb(tmp_path, segmenter, body)
    try:
        rows = kb.store.db.execute(
            "SELECT label, \"column\", column_label, value FROM facts WHERE label IN ('规章', '本年新收政府信息公开申请数量') "
            "ORDER BY id"
        ).fetchall()
    finally:
        kb.close()
    assert rows[:3] == [
        ("规章", 0, "本年制发件数", "1"),
        ("规章", 1, "本年废止件数", "0"),
        ("规章", 2, "现行有效件数", "5"),
    ]
    assert rows[3:] == [
        ("本年新收政府信息公开申请数量", i, None, v) for i, v in enumerate(["12", "1", "0", "0", "0", "0", "13"])
    ]


REVIEW = (
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "行政复议 | 行政诉讼 | | | | | | | | | | | | | |\n"
    "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |\n"
    "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
)


def test_a_line_of_figures_is_a_row_of_its_own():
    [row] = table_rows(REVIEW)
    assert (row.label, len(row.values), REVIEW[row.start : row.end]) == (
        "",
        15,
        "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
    )


def test_review_count_is_quoted_from_the_unlabelled_row(tmp_path, segmenter):
    kb = _kb(tmp_path, segmenter, PIPES + REVIEW)
    try:
        answer = kb.ask("湖里区财政局2021年行政复议有几件")
        assert answer.hits[0].snippet == "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0"
        assert answer.hits[0].passage.section == "四、政府信息公开行政复议、行政诉讼情况"
    finally:
        kb.close()
