from importlib import resources

import pytest

from bot.present.render import ENGLISH_HELP
from knowledge.english import Translated, glossary, is_english, translate


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What fax number did 营口市教育局 give in 2020?", True),
        ("How many requests did 佛山市税务局 receive?", True),
        ("Where can I find 大连海关", True),
        ("Hello there", True),
        ("营口市教育局2020年传真是多少", False),
        ("佛山市税务局的email是什么", False),  # one English word in a Chinese question
        ("fax", False),
        ("", False),
    ],
)
def test_is_english(question, expected):
    assert is_english(question) == expected


@pytest.mark.parametrize(
    ("question", "chinese", "asks"),
    [
        # agency first, then the year, the topic and the question word
        ("What fax number did 营口市教育局 give in 2020?", "营口市教育局2020年传真是多少", "Fax"),
        (
            "What telephone number reaches the office of 佛山市税务局 in 2019?",
            "佛山市税务局2019年办公室电话是多少",
            "Phone",
        ),
        (
            "In its annual report for 2021, what postal code does 营口市教育局 print?",
            "营口市教育局2021年邮编是多少",
            "Postcode",
        ),
        ("Where is 佛山市税务局 located?", "佛山市税务局地址在哪", "Address"),
        ("What is the e-mail address of 营口市教育局?", "营口市教育局邮箱是什么", "E-mail"),
        ("What is the website of 营口市教育局?", "营口市教育局网站是什么", "Website"),
        (
            "What is the document number of the notice 营口市教育局 cites in 2019?",
            "营口市教育局2019年通知文号是什么",
            "Document number",
        ),
        ("When was the 2020 annual report of 营口市教育局 published?", "营口市教育局2020年什么时候发布", "Date"),
        (
            "Which office handles disclosure requests at 佛山市税务局?",
            "佛山市税务局处理政府信息公开申请是哪个部门",
            "Office",
        ),
        ("Who is the person in charge at 营口市教育局?", "营口市教育局负责人是谁", "Office"),
        # the verb after the agency comes first in Chinese: 收到申请
        (
            "How many information disclosure requests did 营口市教育局 receive in 2020?",
            "营口市教育局2020年收到政府信息公开申请多少",
            "Count",
        ),
        (
            "In 2022, how many times did 佛山市税务局 hold a press conference?",
            "佛山市税务局2022年召开新闻发布会多少",
            "Count",
        ),
        ("How many full-time staff did 佛山市税务局 have in 2012?", "佛山市税务局2012年专职工作人员多少", "Count"),
        # a quoted Chinese term is kept as it is
        ("How many “在线访谈” did 营口市教育局 hold in 2020?", "营口市教育局2020年召开在线访谈多少", "Count"),
        (
            "Over 2019 and 2020, how many regulatory documents did 营口市教育局 proactively publish?",
            "营口市教育局2019年和2020年主动公开规范性文件多少",
            "Count",
        ),
        (
            "How many applications were carried over to next year by 营口市教育局 in 2021?",
            "营口市教育局2021年申请结转下年度继续办理多少",
            "Count",
        ),
        # "which" with a plural noun asks for a list
        ("Which rules did 营口市教育局 formulate in 2019?", "营口市教育局2019年制定哪些规章", ""),
        ("Did 佛山市税务局 face any administrative lawsuits in 2021?", "佛山市税务局2021年有没有行政诉讼", ""),
        ("WHAT IS THE FAX NUMBER OF 营口市教育局?", "营口市教育局传真是多少", "Fax"),
    ],
)
def test_translate(question, chinese, asks):
    assert translate(question) == Translated(chinese, asks)


@pytest.mark.parametrize("question", ["Tell me a joke", "Hello 营口市教育局", "Are you a robot?", "fax-ish things"])
def test_translate_nothing_the_glossary_knows(question):
    assert translate(question) is None


def test_english_help_names_an_agency_in_chinese():
    assert "温州市教育局" in ENGLISH_HELP


def test_glossary_file_parses():
    text = resources.files("knowledge").joinpath("data/glossary.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert rows[0] == ["english", "chinese", "why"]
    assert [row for row in rows if len(row) != 3 or not all(row)] == []
    english = [row[0] for row in rows[1:]]
    assert sorted({e for e in english if english.count(e) > 1}) == []
    assert all(e == e.lower() for e in english)
    assert len(glossary()) == len(english)


def test_an_english_question_is_answered_from_the_report_with_an_english_lead(seed_kb):
    from bot.present.render import render_text

    answer = seed_kb.respond("In its 2018 report, what telephone number does 温州市教育局 list?")
    assert (answer.question, answer.english) == ("温州市教育局2018年电话是多少", "Phone")
    assert render_text(answer).split("\n")[:2] == [
        "Phone: 0577-88636388 — 温州市教育局, 2018 report",
        "答：0577-88636388",
    ]


def test_english_that_asks_nothing_of_the_reports_gets_the_english_help(seed_kb):
    from bot.present.render import reason_text

    for question in ("What's the weather like?", "hello there"):
        answer = seed_kb.respond(question)
        assert (answer.found, reason_text(answer)) == (False, ENGLISH_HELP)


def test_agencies_named_in_english_are_not_guessed_and_two_named_in_chinese_are_both_asked():
    assert translate("What is the phone number of the Yingkou Education Bureau in 2020?") is None
    two = translate("How many requests did 营口市教育局 and 佛山市税务局 receive in 2020?")
    assert two == Translated("营口市教育局和佛山市税务局2020年收到申请多少", "Count")
