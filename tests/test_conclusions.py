"""knowledge/conclusions.py: what a question across reports asks to conclude, and what its figures conclude."""

import pytest

from knowledge.conclusions import Conclude, Outcome, comparable, plainly, rank, read_conclusions, verdicts
from knowledge.models import Across, Answer, Comparison, Hit, Part, Passage, Refusal, Report

MOST, FEWEST, TOTAL, DIFFERENCE = Conclude.MOST, Conclude.FEWEST, Conclude.TOTAL, Conclude.DIFFERENCE
ITEMS, TIMES = "件条项宗例篇份起则只", "次场期批轮"  # two unit families (knowledge.grammar.UNIT_FAMILIES)


def part(agency, figure=None, value=None, unit=ITEMS, *, year=2020, refusal=None):
    """A part as knowledge.comparing makes it: answered with a span stating ``figure`` (None: refused)."""
    if refusal or figure is None and value is None and unit is None:
        return Part(agency, year, Answer("q", refusal=refusal or Refusal.NOT_IN_REPORT, agencies=(agency,)))
    report = Report(f"{agency}.txt", agency, year, "", f"{agency}.txt")
    snippet = f"{year}年收到申请{figure}。" if figure else "详见附表。"
    hit = Hit(Passage(report.report_id, 0, (), snippet), report, 90.0, snippet)
    return Part(agency, year, Answer("q", hits=(hit,)), value, unit if value else "", figure or "")


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("温州和沈阳教育局2018年哪个收到的依申请公开多", (MOST,)),
        ("湖州市气象局2021年和台州市气象局2024年,谁的官方微博发得多?", (MOST,)),
        ("武汉市审计局和硚口区审计局2024年各收到几件政府信息公开申请?哪个多?", (MOST,)),
        ("杭州市民政局2013年和2014年主动公开的政府信息哪年多?", (MOST,)),
        ("温州和柳州谁收到的申请更少", (FEWEST,)),
        ("两个局收到申请最多的是哪个", (MOST,)),
        ("温州比沈阳多吗", (MOST,)),
        ("温州、沈阳、柳州三个教育局2018年各收到多少件，加起来一共多少件", (TOTAL,)),
        ("温州和沈阳2018年一共收到多少件申请", (TOTAL,)),
        ("温州教育局2018年比沈阳教育局多收到多少件依申请公开", (DIFFERENCE,)),
        ("苏巷镇和中埠镇2020年主动公开政府信息的条数差多少?", (DIFFERENCE,)),
        ("两局各收到多少件，哪个多，多多少", (MOST, DIFFERENCE)),
        # 哪/谁 and then the comparing word before its noun, or the comparing word before its noun and then 哪.
        ("营口市教育局和佛山市税务局2020年哪个收到最多申请", (MOST,)),
        ("营口市教育局和佛山市税务局谁公开了更少信息？", (FEWEST,)),
        ("营口市教育局和佛山市税务局哪一个受理较多申请啊", (MOST,)),
        ("2020年收到最多申请的是哪个教育局", (MOST,)),
        ("营口市教育局和佛山市税务局收到最少申请的是谁", (FEWEST,)),
        ("营口市教育局和佛山市税务局哪个最多收到几件申请", ()),  # 最多 before 几: "at most"
        # Nothing to conclude: each part's own figure, 一共 of each, a proportion, which one did at all.
        ("温州和沈阳2018年各收到多少件申请", ()),
        ("温州和沈阳2018年各一共收到多少件申请", ()),
        ("温州和沈阳依申请公开的比例是多少", ()),
        ("紫金县的自然资源局24年和凤安镇12年，哪个收到过信息公开申请？", ()),
        ("温州和沈阳哪个教育局收到的申请是多少?", ()),
    ],
)
def test_the_words_that_ask_to_conclude(question, asked):
    assert read_conclusions(question) == asked


@pytest.mark.parametrize(
    ("piece", "asked"),
    [
        ("哪个收到的申请最多", "收到的申请多少"),
        ("哪个收到最多申请", "收到的申请多少"),  # the comparing word before its noun: asked as after it
        ("谁公开了更少信息？", "公开的信息多少？"),
        ("谁更多投诉", "投诉多少"),
    ],
)
def test_which_has_more_asks_each_part_how_much_of_the_noun(piece, asked):
    assert plainly(piece) == asked


def test_a_total_a_sentence_asks_of_its_own_report_is_no_sum():
    # 一共 is the district's own total, and 其中 asks a part of it: adding them counts twice.
    assert read_conclusions("沙坪坝区2020年一共办理了多少件申请？区政府办办了多少件？", own_totals=True) == ()


def test_the_most_names_the_largest_figure_and_a_tie_is_said_as_one():
    parts = (part("甲局", "11件", 11.0), part("乙局", "3例", 3.0), part("丙局", "未收到", 0.0))
    [most] = verdicts(Comparison("q", Across.AGENCIES, parts, conclude=("most",)))
    assert (most.outcome, [p.agency for p in most.parts], most.value) == (Outcome.DECIDED, ["甲局"], 11.0)
    [fewest] = verdicts(Comparison("q", Across.AGENCIES, parts, conclude=("fewest",)))
    assert (fewest.outcome, [p.agency for p in fewest.parts]) == (Outcome.DECIDED, ["丙局"])  # 0 may be fewest
    tied = (part("甲局", "5件", 5.0), part("乙局", "五条", 5.0))
    [tie] = verdicts(Comparison("q", Across.AGENCIES, tied, conclude=("most",)))
    assert (tie.outcome, [p.agency for p in tie.parts], tie.value) == (Outcome.TIE, ["甲局", "乙局"], 5.0)


def test_a_zero_never_has_the_most():
    zeros = (part("甲局", "未收到", 0.0), part("乙局", "0件", 0.0))
    [most] = verdicts(Comparison("q", Across.AGENCIES, zeros, conclude=("most",)))
    assert most.outcome == Outcome.ALL_ZERO
    ranking = [part("甲局", "未收到", 0.0), part("乙局", "2件", 2.0), part("丙局"), part("丁局", "0件", 0.0)]
    assert [p.agency for p in rank(ranking)] == ["乙局", "甲局", "丁局", "丙局"]
    assert [p.agency for p in rank(ranking, fewest=True)] == ["甲局", "丁局", "乙局", "丙局"]


def test_sum_and_difference_are_worked_out_from_the_figures_in_the_unit_they_write():
    parts = (part("甲局", "11件", 11.0), part("乙局", "3例", 3.0), part("丙局", "5件", 5.0))
    total, difference = verdicts(Comparison("q", Across.AGENCIES, parts, conclude=("total", "difference")))
    assert (total.outcome, total.value, total.unit) == (Outcome.DECIDED, 19.0, "件")
    assert (difference.value, [p.agency for p in difference.parts], difference.compared) == (8.0, ["甲局", "乙局"], 3)


def test_nothing_is_concluded_from_a_missing_figure_or_figures_of_two_units():
    missing = (part("甲局", "11件", 11.0), part("乙局", unit=None), part("丙局", refusal=Refusal.UNKNOWN_AGENCY))
    [verdict] = verdicts(Comparison("q", Across.AGENCIES, missing, conclude=("total",)))
    assert (verdict.outcome, [p.agency for p in verdict.parts]) == (Outcome.MISSING, ["乙局", "丙局"])
    units = (part("甲局", "11件", 11.0), part("乙局", "20次", 20.0, TIMES), part("丙局", "未收到", 0.0))
    [verdict] = verdicts(Comparison("q", Across.AGENCIES, units, conclude=("most",)))
    assert (verdict.outcome, [p.figure for p in verdict.parts]) == (Outcome.UNITS_DIFFER, ["11件", "20次"])
    assert comparable(Comparison("q", Across.AGENCIES, units))[0] == []


def test_a_ranking_compares_the_unit_most_parts_state_and_counts_the_rest_as_left_out():
    parts = [part("甲局", "40次", 40.0, TIMES), part("乙局", "11件", 11.0), part("丙局", "3件", 3.0), part("丁局")]
    ranked = rank(parts)
    assert [p.agency for p in ranked] == ["乙局", "丙局", "甲局", "丁局"]  # 40次 counts something else
    [most] = verdicts(Comparison("q", Across.RANKING, tuple(ranked), conclude=("most",)))
    assert (most.outcome, most.parts[0].agency, most.compared, most.left_out) == (Outcome.DECIDED, "乙局", 2, 2)
