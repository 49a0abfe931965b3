from bot.render import answer_json, render_text
from knowledge.models import Answer, Hit, Passage, Report

REPORT = Report("r", "温州市教育局", 2018, "t", "000.txt")
HIT = Hit(
    Passage("r", 3, ("三、依申请公开政府信息情况",), "前文。转办的事项有11件。"), REPORT, 88.5, "转办的事项有11件。"
)


def test_render_text_shows_answer_source_notes_and_passage():
    answer = Answer("q", hits=(HIT,), notes=("另有2017年的报告。",))
    assert render_text(answer) == (
        "答：转办的事项有11件。\n出处：温州市教育局 · 2018年 · 三、依申请公开政府信息情况 · 000.txt\n"
        "注：另有2017年的报告。\n原文：\n  前文。转办的事项有11件。"
    )


def test_render_text_of_a_refusal_gives_the_reason():
    assert (
        render_text(Answer("q", reason="没有温州市教育局2016年的报告。")) == "没有答案：没有温州市教育局2016年的报告。"
    )


def test_answer_json_of_a_refusal_has_nulls():
    assert answer_json(Answer("q", reason="r")) == {
        "question": "q",
        "answered": False,
        "answer": None,
        "passage": None,
        "agency": None,
        "year": None,
        "section": None,
        "source": None,
        "score": None,
        "reason": "r",
        "others": [],
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
