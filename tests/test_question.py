from datetime import date

import pytest

from knowledge.question import question_kind, read_question

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("question", "year"),
    [
        ("温州教育局2018年收到几件依申请公开", 2018),
        ("2018年度的报告", 2018),
        ("东河卫健委21年行政处罚多少宗", 2021),
        ("二〇一八年温州教育局电话", 2018),
        ("去年收到几件申请", 2025),
        ("今年的报告", 2026),
        ("前年的报告", 2024),
        ("温州教育局电话", None),
        ("19大类、44个工作事项", None),  # 19大类 is not a year
    ],
)
def test_year(question, year):
    assert read_question(question, today=TODAY).year == year


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("温州市教育局办公室电话多少", "contact"),
        ("柳州市教育局地址在哪里", "contact"),
        ("信息公开工作还存在哪些问题", "list"),  # 存在哪些 is not 在哪
        ("余姚市教育局把政府信息分成哪几类", "list"),
        ("余姚教育局做客阳光热线几次", "number"),
        ("收到政府信息公开申请了吗", "yesno"),
        ("沈阳市教育局是怎么回应政务舆情的", "process"),
        ("年报是哪天发布的", "date"),
        ("和平发改委解读了啥电价政策", "list"),
        ("年报是谁编制的", "fact"),
        ("热线电话全年打进来多少个", "number"),  # a contact word counted, not asked
        ("市长热线电话那边办了几件", "number"),
        ("在吗？讲讲公开工作怎么开展的", "process"),  # a greeting asks nothing
        ("公众号多少个", "number"),  # 号 of an account counted, no identifier
        ("联系电话号码是多少", "contact"),
        ("有人申请公开吗?就去年那份", "yesno"),  # 吗? with more words after it
        ("依据的国务院令是第几号", "fact"),  # which one of a series: no day, no count
        ("这份年报的索引号是多少", "fact"),  # an identifier: its digits count nothing
        ("发文编号是啥", "fact"),
        ("第几次常务会议审议的", "fact"),
    ],
)
def test_kind(question, kind):
    assert question_kind(question) == kind


def test_plan_questions_are_marked():
    assert read_question("余姚教育局2013年政务公开的努力方向是什么").plan is True
    assert read_question("余姚教育局2012年收到几条申请").plan is False


def test_question_text_is_normalised_and_year_span_points_at_the_year():
    facts = read_question("张店区教育局２０１７年主动公开了多少条", today=TODAY)
    assert facts.text == "张店区教育局2017年主动公开了多少条"
    assert facts.text[slice(*facts.year_span)] == "2017年"
