"""From ranked spans to an Answer (knowledge/answer.py): which reports a year selects, answer or refuse,
look-alike agencies, two-part questions and notes. Spans and reports of our own, scored by hand."""

import dataclasses
import math
import os
import subprocess
import sys

from knowledge.agencies import parse_agency
from knowledge.answer import PART_JOINER, Chosen, Known, Reading, compose_answer, instead_of, pick_reports, tells_of
from knowledge.features import Features
from knowledge.keywords import Keyword
from knowledge.kinds import Thing
from knowledge.matching import AgencyMatch
from knowledge.models import Candidate, Hit, Kind, Note, NoteCode, Passage, Refusal, Report
from knowledge.question import QuestionFacts
from knowledge.search import Query, Scored

YINGKOU = Report("yk21", "营口市教育局", 2021, "", "yk21.txt")
FOSHAN = Report("fs21", "佛山市税务局", 2021, "", "fs21.txt")
TEXT = "全年共收到政府信息公开申请20件。其中当面申请8件。咨询电话0417-2800000。"
APPLY = Passage("yk21", 2, ("三、依申请公开情况",), TEXT)
CLOSING = Passage("yk21", 9, ("六、其他",), "营口市教育局\n2022年1月20日")


def _features(**values):
    return Features(*(values.get(name, 0.0) for name in Features.names()))


def _span(passage, part, confidence, report=YINGKOU, **features):
    start = passage.text.index(part)
    hit = Hit(passage, report, round(100 * confidence, 1), part)
    return Scored(hit, _features(**features), confidence, start, start + len(part))


def _reading(*texts, names=("营口市教育局",), kind=Kind.NUMBER, thing=Thing.COUNT, chosen=None, matches=()):
    queries = [Query([Keyword((t[:4],), 1.0)], kind, thing, t) for t in texts]
    facts = QuestionFacts("".join(texts), 2021, None, kind, plan=False)
    chosen = chosen or Chosen({1: YINGKOU}, (2021,), {"营口市教育局": (2021,)})
    return Reading("".join(texts), facts, queries, chosen, names, matches)


def _known(row, report):
    return Known(row, report, parse_agency(report.agency))


def test_the_best_span_answers_from_the_threshold_up_else_the_refusal_says_why():
    total, part = _span(APPLY, "全年共收到政府信息公开申请20件。", 0.24), _span(APPLY, "其中当面申请8件。", 0.1)
    answer = compose_answer(_reading("收到几件申请"), [[total, part]], threshold=0.24)
    assert (answer.refusal, answer.snippet, answer.hits) == (None, total.hit.snippet, (total.hit, part.hit))
    assert (answer.kind, answer.agencies, answer.year, answer.terms) == (
        Kind.NUMBER,
        ("营口市教育局",),
        2021,
        ("收到几件",),
    )
    below = [[_span(APPLY, "全年共收到政府信息公开申请20件。", 0.2399)]]
    assert compose_answer(_reading("收到几件申请"), below, 0.24).refusal == Refusal.NOT_IN_REPORT
    assert compose_answer(_reading("收到几件申请", names=()), below, 0.24).refusal == Refusal.NEEDS_AGENCY
    assert compose_answer(_reading("收到几件申请"), [[]], 0.24).refusal == Refusal.NOT_IN_REPORT


def test_a_later_report_answers_for_another_year_only_in_words_naming_it():
    chosen = Chosen({1: YINGKOU}, (2021,), {"营口市教育局": (2021,)}, other_year=2020)
    silent = _span(APPLY, "全年共收到政府信息公开申请20件。", 0.9)
    refused = compose_answer(_reading("收到几件申请", chosen=chosen), [[silent]], 0.24)
    assert (refused.refusal, refused.years) == (Refusal.NO_REPORT_FOR_YEAR, (2021,))
    telling = Passage("yk21", 5, (), "2020年度结转申请3件。")
    answer = compose_answer(
        _reading("收到几件申请", chosen=chosen), [[silent, _span(telling, "2020年度结转申请3件。", 0.3)]], 0.24
    )
    assert (answer.snippet, answer.notes) == (
        "2020年度结转申请3件。",
        (Note(NoteCode.TOPIC_YEAR, agency="营口市教育局", years=(2020, 2021)),),
    )


def test_look_alike_reports_of_two_agencies_are_asked_back():
    other = Passage("fs21", 2, ("三、依申请公开情况",), TEXT)
    spans = [_span(APPLY, "其中当面申请8件。", 0.5), _span(other, "其中当面申请8件。", 0.4, report=FOSHAN)]
    unnamed = compose_answer(_reading("当面申请几件", names=()), [spans], 0.24)
    assert (unnamed.refusal, unnamed.candidates) == (
        Refusal.AMBIGUOUS_REPORTS,
        (Candidate("营口市教育局", "营口市教育局当面申请几件"), Candidate("佛山市税务局", "佛山市税务局当面申请几件")),
    )
    text = "两个局当面申请几件"
    matches = tuple(AgencyMatch(parse_agency(n), 10.0, (0, 3)) for n in ("营口市教育局", "佛山市税务局"))
    both = compose_answer(_reading(text, names=("营口市教育局", "佛山市税务局"), matches=matches), [spans], 0.24)
    assert (both.refusal, both.candidates) == (
        Refusal.AMBIGUOUS_AGENCY,
        (Candidate("佛山市税务局", "佛山市税务局当面申请几件"), Candidate("营口市教育局", "营口市教育局当面申请几件")),
    )
    # A rival under TIE_SHARE (0.8) of the best does not make it ambiguous.
    spans[1] = _span(other, "其中当面申请8件。", 0.39, report=FOSHAN)
    assert compose_answer(_reading("当面申请几件", names=()), [spans], 0.24).snippet == "其中当面申请8件。"


def test_two_parts_are_quoted_as_one_span_when_close_else_joined():
    count, phone = _span(APPLY, "其中当面申请8件。", 0.6), _span(APPLY, "咨询电话0417-2800000。", 0.8)
    answer = compose_answer(_reading("当面申请几件", "电话多少"), [[count], [phone]], 0.24)
    # One span over both, scored as the weaker part.
    assert (answer.hits, answer.notes) == ((Hit(APPLY, YINGKOU, 60.0, "其中当面申请8件。咨询电话0417-2800000。"),), ())
    date = _span(CLOSING, "2022年1月20日", 0.5)
    answer = compose_answer(_reading("当面申请几件", "哪天发布"), [[count], [date]], 0.24)
    # Another passage: the quotes joined, then that part's own passage so it can be read where it stands.
    assert answer.hits == (Hit(APPLY, YINGKOU, 50.0, "其中当面申请8件。" + PART_JOINER + "2022年1月20日"), date.hit)


def test_a_part_without_an_answer_in_the_best_report_is_noted():
    count = _span(APPLY, "其中当面申请8件。", 0.6)
    # The second part is answered only from another report: the answer keeps to the best part's report.
    elsewhere = _span(Passage("fs21", 1, (), "电话0757-1234567。"), "电话0757-1234567。", 0.5, report=FOSHAN)
    reading = _reading("当面申请几件", "电话多少", "传真多少")
    answer = compose_answer(reading, [[count], [elsewhere], [_span(APPLY, "咨询电话0417-2800000。", 0.1)]], 0.24)
    assert answer.hits == (count.hit,)
    assert answer.notes == (
        Note(NoteCode.PART_UNANSWERED, part="电话多少"),
        Note(NoteCode.PART_UNANSWERED, part="传真多少"),
    )


def test_notes_say_which_agency_was_read_and_which_year_assumed():
    older = Report("yk19", "营口市教育局", 2019, "", "yk19.txt")
    chosen = Chosen({2: YINGKOU}, (2019, 2021), {"营口市教育局": (2019, 2021)}, undated=True)
    match = AgencyMatch(parse_agency("营口市教育局"), 9.0, (0, 4), assumed=True)  # 营口教育: read as the bureau
    reading = _reading("营口教育收到几件申请", chosen=chosen, matches=(match,))
    assert compose_answer(reading, [[_span(APPLY, "其中当面申请8件。", 0.6)]], 0.24).notes == (
        Note(NoteCode.ASSUMED_AGENCY, agency="营口市教育局", years=(2021,)),
        Note(NoteCode.YEAR_ASSUMED, years=(2021,), others=(2019,)),
    )
    from_older = _span(APPLY, "其中当面申请8件。", 0.6, report=older)
    assert compose_answer(reading, [[from_older]], 0.24).notes[1] == Note(
        NoteCode.YEAR_ASSUMED, years=(2019,), others=(2021,)
    )
    # A year asked is no year assumed, other reports or not; a name said in full is no agency assumed.
    dated = _reading("营口市教育局2021年收到几件申请", chosen=dataclasses.replace(chosen, undated=False))
    assert compose_answer(dated, [[_span(APPLY, "其中当面申请8件。", 0.6)]], 0.24).notes == ()


def test_a_stated_total_in_the_same_section_goes_before_a_part_of_it():
    part = _span(APPLY, "其中当面申请8件。", 0.7, near=0.5, own=0.5)
    total = _span(APPLY, "全年共收到政府信息公开申请20件。", 0.3, near=0.5, own=0.5, total=1.0)
    assert compose_answer(_reading("收到几件申请"), [[part, total]], 0.24).snippet == "全年共收到政府信息公开申请20件。"
    nearer = _span(APPLY, "其中当面申请8件。", 0.7, near=0.6, own=0.5)  # the question's words sit by the part
    assert compose_answer(_reading("收到几件申请"), [[nearer, total]], 0.24).snippet == "其中当面申请8件。"


def test_a_tied_span_with_the_counted_word_by_its_figure_comes_first():
    plain = _span(APPLY, "全年共收到政府信息公开申请20件。", 0.5)
    counted = _span(APPLY, "其中当面申请8件。", 0.4, counted_next=1.0)
    assert compose_answer(_reading("申请几件"), [[plain, counted]], 0.24).snippet == "其中当面申请8件。"
    behind = _span(APPLY, "其中当面申请8件。", 0.39, counted_next=1.0)  # under TIE_SHARE of the best
    assert compose_answer(_reading("申请几件"), [[plain, behind]], 0.24).snippet == plain.hit.snippet


def test_the_signature_date_is_the_tied_span_last_in_the_report():
    first = _span(APPLY, "全年共收到政府信息公开申请20件。", 0.5)
    signed = _span(CLOSING, "2022年1月20日", 0.45)
    asked = _reading("年报落款日期是哪天", kind=Kind.DATE, thing=Thing.DATE)
    assert compose_answer(asked, [[first, signed]], 0.24).snippet == "2022年1月20日"
    plain = _reading("年报是哪天发布的", kind=Kind.DATE, thing=Thing.DATE)
    assert compose_answer(plain, [[first, signed]], 0.24).snippet == first.hit.snippet


def test_pick_reports_by_year_latest_or_the_report_telling_of_the_year():
    reports = {y: Report(f"yk{y}", "营口市教育局", y, "", f"yk{y}.txt") for y in (2019, 2021)}
    by_agency = {
        "营口市教育局": [_known(1, reports[2019]), _known(2, reports[2021])],
        "佛山市税务局": [_known(3, FOSHAN)],
    }
    names = ("营口市教育局", "佛山市税务局")
    assert pick_reports(by_agency, names, 2019, plan=False) == Chosen(
        {1: reports[2019]}, (2019, 2021), {"营口市教育局": (2019, 2021), "佛山市税务局": (2021,)}
    )
    assert pick_reports(by_agency, names[:1], None, plan=False) == Chosen(
        {2: reports[2021]}, (2019, 2021), {"营口市教育局": (2019, 2021)}, undated=True
    )
    assert set(pick_reports(by_agency, names, None, plan=False).reports) == {2, 3}  # each agency's latest
    assert set(pick_reports(by_agency, names[:1], None, plan=False, every=True).reports) == {1, 2}
    # No 2020 report: its accounts are in the 2021 report, its plan in the 2019 one.
    assert pick_reports(by_agency, names[:1], 2020, plan=False).reports == {2: reports[2021]}
    assert pick_reports(by_agency, names[:1], 2020, plan=True).other_year == 2020
    assert pick_reports(by_agency, names[:1], 2020, plan=True).reports == {1: reports[2019]}


def test_tells_of_and_instead_of():
    plan = Passage("yk21", 8, ("五、2022年工作打算",), "继续做好公开工作。")
    assert tells_of(Hit(plan, YINGKOU, 50.0, "继续做好公开工作。"), 2022, plan=True) is True
    assert tells_of(Hit(plan, YINGKOU, 50.0, "继续做好公开工作。"), 2022, plan=False) is False
    assert tells_of(Hit(APPLY, YINGKOU, 50.0, "2022年决算"), 2022, plan=False) is True
    match = AgencyMatch(parse_agency("集安市城东街道办事处"), 9.0, (0, 4), assumed=True)
    assert instead_of("城东街道电话", [match, match]) == (
        Candidate("集安市城东街道办事处", "集安市城东街道办事处电话"),
    )


def test_the_threshold_decides_over_the_seed_reports_own_scores(seed_kb):
    reading = seed_kb.read("柳州市教育局的咨询电话是多少")
    ranked = seed_kb.scored(reading)
    best = ranked[0][0].confidence
    assert compose_answer(reading, ranked, best).hits[0] == ranked[0][0].hit
    refused = compose_answer(reading, ranked, math.nextafter(best, 1.0))
    assert (refused.refusal, refused.agencies, refused.hits) == (Refusal.NOT_IN_REPORT, ("柳州市教育局",), ())


def test_a_year_without_a_report_is_told_of_only_by_the_next_or_for_a_plan_the_previous(seed_kb):
    # Wenzhou has a 2018 report only: no span of it names 2017, so 2017 is refused with the years there are.
    refused = seed_kb.ask("温州市教育局2017年收到几件信息公开申请")
    assert (refused.refusal, refused.year, refused.years) == (Refusal.NO_REPORT_FOR_YEAR, 2017, (2018,))
    plan = seed_kb.ask("余姚市教育局2013年有什么工作打算")
    assert (plan.hits[0].report.year, "2013" in plan.hits[0].passage.text) == (2012, True)
    assert plan.notes == (Note(NoteCode.TOPIC_YEAR, agency="余姚市教育局", years=(2013, 2012)),)


def test_the_words_a_reply_highlights_come_in_one_order_whatever_the_hash_seed():
    # Forms of one length used to keep a set's order, which changes with PYTHONHASHSEED between processes.
    script = (
        "from knowledge.answer import _terms\n"
        "from knowledge.keywords import Keyword\n"
        "from knowledge.models import Kind\n"
        "from knowledge.search import Query\n"
        "words = [Keyword(('申请', '公开', '收到', '件数'), 1.0), Keyword(('依申请公开',), 1.0)]\n"
        "print(_terms([Query(words, Kind.NUMBER, None, '')]))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert outputs == {"('依申请公开', '件数', '公开', '收到', '申请')\n"}
