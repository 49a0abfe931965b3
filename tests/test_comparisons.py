"""bot/present/comparisons.py: the verdict a reply across reports starts with, in words, and its chart's data."""

from test_conclusions import ITEMS, TIMES, part

from bot.present.comparisons import chart_data, comparison_json, comparison_text, sources_line, verdict_lines
from knowledge.models import Across, Comparison, Refusal


def compare(*parts, asked=("most",), across=Across.AGENCIES):
    return Comparison("q", across, tuple(parts), conclude=asked)


def test_which_has_more_between_two_and_the_most_among_more():
    wenzhou, shenyang, liuzhou = (
        part("温州市教育局", "11件", 11.0),
        part("沈阳市教育局", "3例", 3.0),
        part("柳州市教育局", "未收到", 0.0),
    )
    assert verdict_lines(compare(wenzhou, shenyang)) == ["结论：温州市教育局2020年更多：11件。"]
    assert verdict_lines(compare(wenzhou, shenyang, liuzhou)) == ["结论：温州市教育局2020年最多：11件。"]
    assert verdict_lines(compare(wenzhou, liuzhou, asked=("fewest",))) == [
        "结论：柳州市教育局2020年更少：0（未收到）。"
    ]


def test_ties_are_said_as_ties_and_zeros_win_no_most():
    five, also_five = part("甲局", "5件", 5.0), part("乙局", "五条", 5.0)
    assert verdict_lines(compare(five, also_five)) == ["结论：甲局2020年和乙局2020年一样多：都是5件。"]
    shared = compare(five, also_five, part("丙局", "2件", 2.0), across=Across.RANKING)
    assert verdict_lines(shared) == ["结论：甲局2020年和乙局2020年并列最多：都是5件。"]
    zeros = compare(part("甲局", "未收到", 0.0), part("乙局", "0件", 0.0))
    assert verdict_lines(zeros) == ["结论：所引的数字都是 0，没有哪一个更多。"]


def test_a_sum_and_a_difference_say_they_are_worked_out():
    parts = (part("甲局", "11件", 11.0), part("乙局", "3例", 3.0, year=2021), part("丙局", "五件", 5.0))
    assert verdict_lines(compare(*parts, asked=("total", "difference"))) == [
        "合计 19件（按所引原文中的数字计算）。",
        "最多的甲局2020年比最少的乙局2021年多 8件（按所引原文中的数字计算）。",
    ]
    assert verdict_lines(compare(*parts[:2], asked=("difference",))) == [
        "甲局2020年比乙局2021年多 8件（按所引原文中的数字计算）。"
    ]


def test_without_a_figure_or_in_two_units_it_says_why_it_cannot_conclude():
    silent = compare(part("温州市教育局", "11件", 11.0), part("沈阳市教育局", unit=None, year=2018))
    assert verdict_lines(silent) == ["无法比较：沈阳市教育局2018年的报告没有给出这个数字。"]
    unknown = (part("杭州市教育局", refusal=Refusal.UNKNOWN_AGENCY), part("温州市教育局", "11件", 11.0))
    assert verdict_lines(compare(*unknown, asked=("total",))) == ["无法合计：知识库里没有杭州市教育局2020年的报告。"]
    units = compare(part("甲局", "11件", 11.0), part("乙局", "20次", 20.0, TIMES), asked=("difference",))
    assert verdict_lines(units) == ["无法计算相差多少：所引数字的单位不同（甲局2020年 11件、乙局2020年 20次）。"]
    assert chart_data(units) is None


def test_a_ranking_says_how_many_reports_it_could_not_compare():
    ranking = compare(
        part("乙局", "11件", 11.0), part("丙局", "3件", 3.0), part("甲局", "40次", 40.0, TIMES), part("丁局"),
        across=Across.RANKING,
    )  # fmt: skip
    assert verdict_lines(ranking) == ["结论：乙局2020年最多：11件（另有 2 份报告没有可比的数字）。"]
    assert chart_data(ranking) == (["乙局", "丙局"], [11.0, 3.0], False)  # the unit most of them count in
    assert sources_line(ranking) == "来源：乙局2020年（乙局.txt）；丙局2020年（丙局.txt）"


def test_the_verdict_leads_the_text_and_the_json_carries_it_with_the_sum():
    comparison = compare(part("甲局", "11件", 11.0), part("乙局", "3件", 3.0), asked=("most", "total"))
    assert comparison_text(comparison).split("\n")[:3] == [
        "结论：甲局2020年更多：11件。",
        "合计 14件（按所引原文中的数字计算）。",
        "逐项回答（每项引自各自的报告）：",
    ]
    result = comparison_json(comparison)
    assert (result["verdict"], result["total"]) == (
        "结论：甲局2020年更多：11件。\n合计 14件（按所引原文中的数字计算）。",
        14.0,
    )
    assert "difference" not in result
    plain = comparison_json(compare(part("甲局", "11件", 11.0), part("乙局", "3件", 3.0), asked=()))
    assert plain["verdict"] is None and "total" not in plain


def test_two_figures_of_one_unit_make_a_chart():
    assert chart_data(compare(part("甲局", "11件", 11.0, ITEMS), part("乙局", "未收到", 0.0))) == (
        ["甲局", "乙局"],
        [11.0, 0.0],
        False,
    )


def test_each_part_of_a_reply_across_reports_links_its_reports_page_when_known():
    from dataclasses import replace

    from bot.present.comparisons import comparison_html
    from knowledge.models import Part

    linked, plain = part("甲局", "11件", 11.0), part("乙局", "3件", 3.0)
    hit = linked.answer.hits[0]
    hit = replace(hit, report=replace(hit.report, url="https://example.gov.cn/nb?y=2020&a=1"))
    linked = Part(linked.agency, linked.year, replace(linked.answer, hits=(hit,)), 11.0, ITEMS, "11件")
    html = comparison_html(compare(linked, plain))
    assert '出处：<a href="https://example.gov.cn/nb?y=2020&amp;a=1">甲局 · 2020年</a>' in html
    assert "出处：乙局 · 2020年 · 报告开头 · 乙局.txt" in html
