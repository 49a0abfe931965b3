import pytest

from bot.present.render import answer_json, note_text, reason_text, render_text
from knowledge.models import Answer, Candidate, Hit, Kind, Note, NoteCode, Passage, Refusal, Report

REPORT = Report("r", "温州市教育局", 2018, "t", "000.txt")
HIT = Hit(
    Passage("r", 3, ("三、依申请公开政府信息情况",), "前文。转办的事项有11件。"), REPORT, 88.5, "转办的事项有11件。"
)


def test_render_text_shows_answer_source_notes_and_passage():
    answer = Answer("q", hits=(HIT,), notes=(Note(NoteCode.YEAR_ASSUMED, years=(2018,), others=(2017,)),))
    assert render_text(answer) == (
        "答：转办的事项有11件。\n出处：温州市教育局 · 2018年 · 三、依申请公开政府信息情况 · 000.txt\n"
        "注：没有指定年份，使用2018年的报告；另有2017年的报告。\n原文：\n  前文。转办的事项有11件。"
    )


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
            Note(NoteCode.ASSUMED_AGENCY, agency="包头市文化旅游广电局", years=(2021,)),
            "按包头市文化旅游广电局2021年的报告回答。",
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
