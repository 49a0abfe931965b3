"""Follow-up questions take what they lack (agency, year, topic) from the conversation's last reading."""

import pytest

from knowledge.models import Context


def talk(kb, *questions):
    """Ask ``questions`` as one conversation; each answer's (completed question, carried, first 12 quoted chars)."""
    context, said = None, []
    for question in questions:
        answer = kb.respond(question, after=context)
        context = answer.context or context
        said.append((answer.question, answer.carried, (answer.snippet or "")[:12]))
    return said


def test_a_year_alone_asks_the_same_of_that_year(seed_kb):
    first, then = talk(seed_kb, "柳州市教育局主动公开了多少条信息", "2016年呢")
    assert first[1] == ()
    # The agency and topic are carried; 2016 has no report, and the refusal says so as it would alone.
    assert then[:2] == ("柳州市教育局2016年主动公开了多少条信息", ("柳州市教育局", "主动公开了多少条信息"))
    assert seed_kb.respond("2016年呢", after=Context("柳州市教育局", 2018, "主动公开了多少条信息")).refusal == (
        "no_report_for_year"
    )


def test_a_place_alone_asks_the_same_organisation_there(seed_kb):
    said = talk(seed_kb, "沈阳市教育局2018年收到几件依申请公开？", "那温州呢？")
    assert said[1] == (
        "温州教育局2018年收到几件依申请公开",
        ("教育局", "2018年", "收到几件依申请公开"),
        "2018年度，我局收到政",
    )


def test_a_topic_alone_asks_it_of_the_same_report(seed_kb):
    said = talk(seed_kb, "沈阳市教育局2018年收到几件依申请公开？", "邮箱是多少？", "它的电话呢")
    assert said[1][:2] == ("沈阳市教育局2018年邮箱是多少", ("沈阳市教育局", "2018年"))
    assert said[2][:2] == ("沈阳市教育局2018年电话", ("沈阳市教育局", "2018年"))
    assert (
        "22821577@163.com" in seed_kb.respond("邮箱是多少？", after=Context("沈阳市教育局", 2018, "收到几件")).snippet
    )


def test_a_carried_year_the_new_agency_has_no_report_for_is_dropped(seed_kb):
    # 张店's one report is of 2017: "张店的呢" after a 2018 question asks its latest report.
    said = talk(seed_kb, "沈阳市教育局2018年的联系电话是多少", "张店的呢")
    assert said[1][:2] == ("张店教育局联系电话是多少", ("教育局", "联系电话是多少"))


def test_a_question_that_names_its_agency_and_topic_stands_alone(seed_kb):
    said = talk(seed_kb, "沈阳市教育局2018年收到几件依申请公开？", "温州市教育局的联系电话是多少")
    assert said[1][:2] == ("温州市教育局的联系电话是多少", ())


@pytest.mark.parametrize(
    ("question", "context"),
    [
        ("那2017年呢？", Context("营口市教育局", 2018, "收到几件申请", "教育局")),
        ("传真呢", Context("佛山市税务局", None, "电话", "税务局")),
    ],
)
def test_an_agency_the_knowledge_base_does_not_hold_is_refused_as_unknown_after_carrying(seed_kb, question, context):
    answer = seed_kb.respond(question, after=context)
    assert (answer.refusal, answer.carried[0]) == ("unknown_agency", context.agency)


def test_without_a_context_nothing_is_carried(seed_kb):
    answer = seed_kb.respond("那2017年呢？")
    assert (answer.refusal, answer.carried, answer.context) == ("off_topic", (), None)


def test_two_bare_characters_that_sound_like_a_place_are_no_typo_of_it(seed_kb):
    # 其中 is a word, not a misspelt place: the follow-up keeps the conversation's agency.
    said = talk(seed_kb, "温州市教育局2018年收到几件依申请公开", "其中予以公开的有几件")
    assert said[1][1] == ("温州市教育局", "2018年")


def test_a_question_naming_an_agency_the_reports_do_not_hold_stands_alone(seed_kb):
    said = talk(seed_kb, "温州市教育局2018年收到几件依申请公开", "营口市教育局2018年收到几件依申请公开")
    assert said[1] == ("营口市教育局2018年收到几件依申请公开", (), "")


def test_a_thing_alone_after_a_count_asks_the_count_of_it(seed_kb):
    said = talk(seed_kb, "柳州市教育局2018年主动公开了多少份规范性文件", "重大决策预公开呢", "邮编呢")
    assert said[1][:2] == ("柳州市教育局2018年重大决策预公开有多少", ("柳州市教育局", "2018年"))
    assert said[2][0] == "柳州市教育局2018年邮编"  # a contact word asks for itself, never a count


def test_a_carried_year_before_the_new_agencys_report_is_dropped_too(seed_kb):
    # 柳州's report is of 2018; it may tell of 2017, but 2017 was never asked of 柳州.
    said = talk(seed_kb, "张店区教育局2017年的联系电话是多少", "柳州的呢")
    assert said[1][:2] == ("柳州教育局联系电话是多少", ("教育局", "联系电话是多少"))


def test_words_that_neither_ask_nor_point_back_are_no_follow_up(seed_kb):
    said = talk(seed_kb, "沈阳市教育局2018年收到几件依申请公开？", "谢谢", "那温州呢？")
    assert said[1][1] == ()  # 谢谢 is not asked of 沈阳's report
    assert said[2][:2] == ("温州教育局2018年收到几件依申请公开", ("教育局", "2018年", "收到几件依申请公开"))


def test_two_agencies_named_make_a_question_of_their_own(seed_kb):
    first, then = talk(seed_kb, "沈阳市教育局2018年收到几件依申请公开？", "温州和张店哪个多")
    assert then[1] == ()


def test_a_relative_year_in_a_follow_up_is_asked_back_not_guessed(seed_kb):
    context = Context("沈阳市教育局", 2018, "收到几件依申请公开", "教育局")
    answer = seed_kb.respond("去年呢？", after=context)
    assert (answer.refusal, answer.carried) == ("relative_year", ("沈阳市教育局", "收到几件依申请公开"))
