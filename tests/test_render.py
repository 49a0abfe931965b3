import pytest

from bot.present.render import answer_json, note_text, reason_text, render_text, rest_of_passage
from knowledge.models import Answer, Candidate, Hit, Kind, Note, NoteCode, Passage, Refusal, Report

REPORT = Report("r", "温州市教育局", 2018, "t", "000.txt")
HIT = Hit(
    Passage("r", 3, ("三、依申请公开政府信息情况",), "前文。转办的事项有11件。"), REPORT, 88.5, "转办的事项有11件。"
)


def test_render_text_puts_the_fact_first_then_its_sentence_the_rest_of_the_passage_source_and_notes():
    answer = Answer(
        "温州市教育局2018年转办了几件",
        hits=(HIT,),
        kind=Kind.NUMBER,
        notes=(Note(NoteCode.YEAR_ASSUMED, years=(2018,), others=(2017,)),),
    )
    assert render_text(answer) == (
        "答：11件\n转办的事项有11件。\n原文：\n  前文。……\n"
        "出处：温州市教育局 · 2018年 · 三、依申请公开政府信息情况 · 000.txt\n"
        "注：没有指定年份，使用2018年的报告；另有2017年的报告。"
    )


def test_render_text_without_a_fact_gives_the_sentence_and_cites_the_reports_url_over_its_file():
    report = Report("r", "鹿城区教育局", 2020, "t", "lc.txt", url="http://www.lucheng.gov.cn/art/2021/1/8.html")
    text = "（一）加强组织领导。成立政务公开工作领导小组，由局长任组长。"
    hit = Hit(Passage("r", 0, ("一、总体情况",), text), report, 70.0, text)
    assert render_text(Answer("鹿城区教育局2020年政务公开谁负责", hits=(hit,), kind=Kind.FACT)) == (
        "答：（一）加强组织领导。成立政务公开工作领导小组，由局长任组长。\n"
        "出处：鹿城区教育局 · 2020年 · 一、总体情况 · http://www.lucheng.gov.cn/art/2021/1/8.html"
    )  # the passage is the sentence: it is not printed twice


def test_the_rest_of_a_passage_leaves_out_a_table_row_quoted_on_one_line_and_each_part_of_two():
    report = Report("r", "甲市财政局", 2021, "t", "r.txt")
    row = Passage("r", 0, ("五、政府信息公开收费",), "信息内容 |\n政府集中采购 |\n289 |\n22525.5303万元 |\n合计")
    assert rest_of_passage(Hit(row, report, 80.0, "政府集中采购 | 289 | 22525.5303万元")) == "信息内容 |\n…… |\n合计"
    both = Passage("r", 1, (), "电话：0571-1234567。地址不变。邮箱：a@b.cn。")
    assert rest_of_passage(Hit(both, report, 80.0, "电话：0571-1234567。……邮箱：a@b.cn。")) == "……地址不变。……"


def test_render_text_of_a_refusal_gives_the_reason_and_the_questions_it_offers():
    answer = Answer(
        "杭州教育局电话",
        refusal=Refusal.UNKNOWN_AGENCY,
        named="杭州教育局",
        candidates=(Candidate("温州市教育局", "温州市教育局电话"),),
    )
    assert render_text(answer) == (
        "没有答案：知识库里没有“杭州教育局”的报告。相近的机关：温州市教育局。\n  可以问：温州市教育局电话"
    )


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        (Answer("q", refusal=Refusal.NOT_CHINESE), "请用中文提问，例如：温州市教育局2018年收到多少件依申请公开？"),
        (Answer("q", refusal=Refusal.UNKNOWN_AGENCY, named="西青区卫健委"), "知识库里没有“西青区卫健委”的报告。"),
        (
            Answer("q", refusal=Refusal.AMBIGUOUS_AGENCY, agencies=("乙区教育局", "甲区教育局")),
            "有多个机关符合：乙区教育局、甲区教育局。请说明是哪一个。",
        ),
        (
            Answer("q", refusal=Refusal.NO_REPORT_FOR_YEAR, agencies=("甲区教育局",), year=2016, years=()),
            "没有甲区教育局2016年的报告；已有的年份：未知。",
        ),
        (
            Answer("q", refusal=Refusal.NO_TOPIC, agencies=("甲区教育局",)),
            "请说明想了解甲区教育局报告中的什么内容，例如“收到多少件依申请公开”。",
        ),
        (
            Answer("q", refusal=Refusal.NOT_IN_REPORT, kind=Kind.CONTACT, agencies=("甲区教育局",)),
            "甲区教育局的报告里没有写这项联系方式。",
        ),
        (
            Answer("q", refusal=Refusal.NOT_IN_REPORT, kind=Kind.NUMBER, agencies=("甲区教育局",)),
            "甲区教育局的报告里没有找到这个数字。",
        ),
        (
            Answer("q", refusal=Refusal.NOT_IN_REPORT, agencies=("甲区教育局",)),
            "甲区教育局的报告里没有找到与此相关的内容。",
        ),
        (Answer("q", refusal=Refusal.OFF_TOPIC), "这个问题与政府信息公开年度报告无关，或缺少机关名称。"),
        (Answer("q", refusal=Refusal.NEEDS_AGENCY), "没有在报告中找到答案。可以加上机关名称和年份再问一次。"),
        (
            Answer("q", refusal=Refusal.AMBIGUOUS_REPORTS, candidates=(Candidate("甲区教育局", "甲区教育局q"),)),
            "多份报告都有类似内容（甲区教育局），请说明是哪个机关、哪一年。",
        ),
    ],
)
def test_every_refusal_has_its_words(answer, text):
    assert reason_text(answer) == text


@pytest.mark.parametrize(
    ("note", "text"),
    [
        (
            Note(NoteCode.ASSUMED_AGENCY, agency="营口市文化旅游广电局", years=(2021,)),
            "按营口市文化旅游广电局2021年的报告回答。",
        ),
        (
            Note(NoteCode.TOPIC_YEAR, agency="甲市财政局", years=(2020, 2021)),
            "没有甲市财政局2020年的报告，这是2021年报告里讲到2020年的内容。",
        ),
    ],
)
def test_every_note_has_its_words(note, text):
    assert note_text(note) == text


def test_answer_json_of_a_refusal_has_nulls_its_code_and_the_agencies_it_offers():
    answer = Answer("q", refusal=Refusal.UNKNOWN_AGENCY, named="r", candidates=(Candidate("甲", "甲q"),))
    assert answer_json(answer) == {
        "question": "q",
        "answered": False,
        "answer": None,
        "passage": None,
        "agency": None,
        "year": None,
        "section": None,
        "source": None,
        "score": None,
        "fact": None,
        "url": None,
        "reason": "知识库里没有“r”的报告。相近的机关：甲。",
        "reason_code": "unknown_agency",
        "others": [{"agency": "甲", "question": "甲q"}],
        "notes": [],
    }


def test_answer_json_lists_up_to_three_others():
    data = answer_json(Answer("q", hits=(HIT,) * 5))
    assert (data["answer"], data["section"], data["score"], len(data["others"])) == (
        "转办的事项有11件。",
        "三、依申请公开政府信息情况",
        88.5,
        3,
    )


def test_answer_json_gives_each_hit_its_fact_and_url_null_when_there_is_none():
    linked = Hit(
        HIT.passage,
        Report("r", "温州市教育局", 2018, "t", "000.txt", url="https://www.wzedu.gov.cn/nb.html"),
        80.0,
        HIT.snippet,
    )
    data = answer_json(Answer("温州市教育局2018年转办了几件", hits=(linked, HIT), kind=Kind.NUMBER))
    assert (data["fact"], data["url"], data["source"]) == ("11件", "https://www.wzedu.gov.cn/nb.html", "000.txt")
    assert [(o["fact"], o["url"]) for o in data["others"]] == [("11件", None)]
    assert answer_json(Answer("温州市教育局转办的事项", hits=(HIT,)))["fact"] is None  # asks for no figure
