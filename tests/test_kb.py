import sqlite3
from contextlib import contextmanager
from datetime import date
from functools import partial

import pytest
from paths import SEED_REPORTS, load_folder

from bot.library.ingest import load_job
from bot.present.render import answer_fact
from bot.processes.parallel import ordered_map
from knowledge import KnowledgeBase, StoreError
from knowledge.models import Candidate, Kind, Note, NoteCode, Refusal


def test_answer_cites_agency_year_section_and_source(seed_kb):
    answer = seed_kb.ask("温州市教育局2018年收到多少件依申请公开？")
    hit = answer.hits[0]
    assert answer.found and answer.refusal is None
    assert (hit.report.agency, hit.report.year, hit.report.source) == ("温州市教育局", 2018, "000_bc8c2b0d3e4e76a9.txt")
    assert "11件" in hit.snippet and hit.snippet in hit.passage.text


def test_unknown_agency_is_refused_offering_the_closest_known_with_the_question_asked_again(seed_kb):
    answer = seed_kb.ask("杭州市教育局2018年收到多少件依申请公开")
    assert (answer.found, answer.refusal, answer.named) == (False, Refusal.UNKNOWN_AGENCY, "杭州市教育局")
    assert answer.candidates[0] == Candidate("温州市教育局", "温州市教育局2018年收到多少件依申请公开")
    assert [c.agency for c in answer.candidates] == ["温州市教育局", "柳州市教育局", "沈阳市教育局"]


def test_a_town_said_after_a_place_names_an_agency_even_without_an_organisation_word(fixture_kb):
    # 荣成 and 湖塘镇 are each some report's place, but no report's together: a town the knowledge base
    # lacks, not a question without an agency (which a distinctive fact of any report might answer).
    answer = fixture_kb.ask("帮我查一下荣成湖塘镇2018年办公电话多少")
    assert (answer.found, answer.refusal, answer.named) == (False, Refusal.UNKNOWN_AGENCY, "荣成湖塘镇")
    assert [c.agency for c in answer.candidates][:2] == ["武进区湖塘镇人民政府", "荣成市夏庄镇人民政府"]


def test_the_closest_known_are_agencies_of_the_same_kind_by_any_name(fixture_kb):
    answer = fixture_kb.ask("杭州市发展和改革委员会2019年收到几件申请？")
    assert (answer.named, [c.agency for c in answer.candidates]) == ("杭州市发展和改革委员会", ["和平区发展改革委"])
    answer = fixture_kb.ask("杭州市发改委2019年收到几件申请？")
    assert (answer.named, [c.agency for c in answer.candidates]) == ("杭州市发改委", ["和平区发展改革委"])


def test_without_agencies_of_that_kind_the_hint_names_places_that_share_a_character(fixture_kb, monkeypatch):
    answer = fixture_kb.ask("孝南区卫健委2020年收到几件申请？")
    assert [c.agency for c in answer.candidates] == ["湖南省交通运输厅", "孝感市住房保障和房屋管理局"]
    monkeypatch.setattr("knowledge.hints.HINT_ALL_NAMES", 3)  # 14 agencies: too many to score them all
    answer = fixture_kb.ask("西青区卫健委2020年收到几件申请？")
    assert (answer.refusal, answer.named, answer.candidates) == (Refusal.UNKNOWN_AGENCY, "西青区卫健委", ())


def test_a_nested_agency_the_knowledge_base_lacks_is_named_whole(fixture_kb):
    # 思明区公安分局 is a district branch of 厦门市公安局, not the city bureau.
    answer = fixture_kb.ask("厦门市思明区公安分局电话")
    assert (answer.refusal, answer.named) == (Refusal.UNKNOWN_AGENCY, "厦门市思明区公安分局")


def test_year_not_covered_lists_the_years_there_are(seed_kb):
    answer = seed_kb.ask("温州市教育局2016年收到多少件依申请公开")
    assert (answer.refusal, answer.agencies, answer.year, answer.years) == (
        Refusal.NO_REPORT_FOR_YEAR,
        ("温州市教育局",),
        2016,
        (2018,),
    )


def test_next_years_plan_comes_from_the_previous_years_report(seed_kb):
    answer = seed_kb.ask("余姚教育局2013年政务公开的努力方向是什么")
    assert answer.hits[0].report.year == 2012
    assert "创新政务公开的方式方法" in answer.hits[0].snippet


@pytest.mark.parametrize(
    ("question", "refusal"),
    [
        ("今天天气怎么样", Refusal.NEEDS_AGENCY),
        ("怎么办理护照", Refusal.NEEDS_AGENCY),
        ("hello", Refusal.NOT_CHINESE),
        ("", Refusal.EMPTY),
        (" \u200b ", Refusal.EMPTY),
        ("？？？", Refusal.NOT_CHINESE),
        ("张店区教育局", Refusal.NO_TOPIC),
    ],
)
def test_off_topic_and_empty_questions_are_refused(seed_kb, question, refusal):
    answer = seed_kb.ask(question)
    assert (answer.found, answer.refusal) == (False, refusal)


def test_a_report_without_that_contact_is_refused(seed_kb):
    # The Zhangdian report gives a phone number and an address, but no e-mail.
    answer = seed_kb.ask("张店区教育局的电子邮箱是什么")
    assert (answer.refusal, answer.kind, answer.agencies) == (Refusal.NOT_IN_REPORT, Kind.CONTACT, ("张店区教育局",))


def test_question_without_agency_answers_only_a_distinctive_fact(seed_kb):
    assert seed_kb.ask("哪个教育局组织了家长抽签仪式确定中考体育项目").hits[0].report.agency == "张店区教育局"
    generic = seed_kb.ask("收到多少件依申请公开")
    assert not generic.found


def test_control_and_zero_width_characters_are_ignored(seed_kb):
    answer = seed_kb.ask("张店区\u200b教育局\x00联系电话")
    assert "0533-2869953" in answer.hits[0].snippet


def test_no_year_uses_the_latest_report_and_says_which_others_exist(tmp_path, segmenter):
    reports = load_folder(SEED_REPORTS)
    # A second Wenzhou report, for 2017: same agency, shifted year.
    report, passages = reports[0]
    older = report.__class__(
        **{**{f: getattr(report, f) for f in report.__slots__}, "report_id": "old", "source": "old.txt", "year": 2017}
    )
    path = tmp_path / "kb.db"
    KnowledgeBase.write(path, reports + [(older, passages)], segmenter)
    kb = KnowledgeBase.open(path, segmenter)
    try:
        answer = kb.ask("温州教育局办公室电话", today=date(2026, 1, 1))
        assert answer.hits[0].report.year == 2018
        assert answer.notes == (Note(NoteCode.YEAR_ASSUMED, years=(2018,), others=(2017,)),)
        assert kb.ask("温州教育局2017年办公室电话").hits[0].report.source == "old.txt"
    finally:
        kb.close()


def test_failed_build_leaves_the_previous_knowledge_base(tmp_path, segmenter):
    path = tmp_path / "kb.db"
    KnowledgeBase.write(path, load_folder(SEED_REPORTS)[:1], segmenter)

    def broken():
        yield from load_folder(SEED_REPORTS)[:2]
        raise OSError("disk vanished")

    with pytest.raises(OSError, match="disk vanished"):
        KnowledgeBase.write(path, broken(), segmenter)
    assert sqlite3.connect(path).execute("SELECT count(*) FROM reports").fetchone() == (1,)
    assert [p.name for p in tmp_path.iterdir()] == ["kb.db"]


def test_open_refuses_missing_and_foreign_files(tmp_path, segmenter):
    with pytest.raises(StoreError, match="does not exist; run `reportbot ingest` first"):
        KnowledgeBase.open(tmp_path / "none.db", segmenter)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(StoreError, match="not a knowledge base"):
        KnowledgeBase.open(foreign, segmenter)


def test_look_alike_reports_do_not_steal_answers(tmp_path, segmenter):
    # A copy of the Zhangdian report under an invented district: the same text, another agency.
    (tmp_path / "reports").mkdir()
    original = (SEED_REPORTS / "004_fc3ba926d9542043.txt").read_text(encoding="utf-8")
    (tmp_path / "reports" / "zhangdian.txt").write_text(original, encoding="utf-8")
    (tmp_path / "reports" / "copy.txt").write_text(original.replace("张店", "岚峦"), encoding="utf-8")
    KnowledgeBase.write(tmp_path / "kb.db", load_folder(tmp_path / "reports"), segmenter)
    kb = KnowledgeBase.open(tmp_path / "kb.db", segmenter)
    try:
        assert kb.ask("张店教育局联系电话").hits[0].report.source == "zhangdian.txt"
        assert kb.ask("岚峦区教育局2017年主动公开了多少条信息").hits[0].report.source == "copy.txt"
        tied = kb.ask("区教育局2017年收到过信息公开申请吗")
        assert (tied.refusal, tied.agencies) == (Refusal.AMBIGUOUS_AGENCY, ("岚峦区教育局", "张店区教育局"))
        assert tied.candidates == (
            Candidate("岚峦区教育局", "岚峦区教育局2017年收到过信息公开申请吗"),
            Candidate("张店区教育局", "张店区教育局2017年收到过信息公开申请吗"),
        )
        # Asked in words only these reports use, without the agency: both copies answer equally well.
        unnamed = kb.ask("2017年向档案馆等查阅场所报送了多少条信息")
        assert unnamed.refusal == Refusal.AMBIGUOUS_REPORTS
        # Asked in the template's common words, the model is not sure enough of any report: name one.
        assert kb.ask("2017年主动公开了多少条政府信息").refusal == Refusal.NEEDS_AGENCY
        assert {c.agency for c in unnamed.candidates} == {"岚峦区教育局", "张店区教育局"}
    finally:
        kb.close()


@pytest.mark.slow
def test_loading_and_segmenting_in_worker_processes_builds_the_same_index(tmp_path, segmenter):
    import shutil
    import sqlite3

    from paths import SEED_REPORTS, load_folder

    for copy in range(4):  # 20 reports: enough for the worker pool to be used
        shutil.copytree(SEED_REPORTS, tmp_path / "reports" / f"c{copy}")
    reports = load_folder(tmp_path / "reports")
    assert len(reports) == 20
    rows = {}
    pool = partial(ordered_map, workers=2)  # forked processes, as ingest builds on several cores
    for workers, mapper in ((1, map), (2, pool)):
        path = tmp_path / f"w{workers}.db"
        assert KnowledgeBase.write(path, reports, segmenter, mapper=mapper) == (20, 308)
        with sqlite3.connect(path) as conn:
            rows[workers] = conn.execute("SELECT report, ordinal, search_text FROM passages ORDER BY id").fetchall()
    # Loaded in the workers too, with a file that is gone by then: reported, the rest built the same.
    folder = tmp_path / "reports"
    jobs = [partial(load_job, (path, folder, None)) for path in sorted(folder.rglob("*.txt"))]
    jobs.insert(3, partial(load_job, (folder / "gone.txt", folder, None)))
    unreadable: list[str] = []
    path = tmp_path / "loaded.db"
    agencies = [r.agency for r, _ in reports]
    assert KnowledgeBase.write(path, jobs, segmenter, mapper=pool, agencies=agencies, unreadable=unreadable.append) == (
        20,
        308,
    )
    assert unreadable == ["gone.txt: cannot read (No such file or directory)"]
    with sqlite3.connect(path) as conn:
        rows["loaded"] = conn.execute("SELECT report, ordinal, search_text FROM passages ORDER BY id").fetchall()
    assert len(rows[2]) == 308
    assert rows[1] == rows[2] == rows["loaded"]
    assert sum("依申请公开" in r[2].split() for r in rows[2]) == sum("依申请公开" in r[2].split() for r in rows[1]) > 0


LEAD_IN = (
    "你好，我是一名在读的研究生，最近在写一篇关于地方政府信息公开制度运行情况的课程论文，导师要求我收集几个地市"
    "教育部门历年的年度报告数据做比较分析，我已经在网上找了很久，有些网站打不开，有些报告只有图片没有文字，整理起来"
    "非常辛苦，所以想麻烦你帮我查一下，如果方便的话请直接告诉我具体的数字和原文出处，谢谢你的帮助，祝你工作顺利。"
)


def test_a_long_message_is_answered_from_its_asking_sentence(seed_kb):
    question = "打扰了。" * 8 + LEAD_IN + "我的问题是：温州市教育局2018年收到多少件依申请公开？"
    assert len(question) == 222
    answer = seed_kb.ask(question)
    assert answer.hits[0].snippet == "2018年度，我局收到政府信息依申请公开案件11件，未收取任何费用。"


def test_a_question_over_the_limit_is_refused_whole_not_cut(seed_kb):
    question = "打扰了。" * 60 + LEAD_IN[:39] + "温州市教育局2018年收到多少件依申请公开？"
    assert len(question) == 301
    answer = seed_kb.ask(question)
    assert (answer.found, answer.refusal) == (False, Refusal.TOO_LONG)


def test_a_year_said_relative_to_today_is_asked_back_with_the_year_it_means(seed_kb):
    # 去年 depends on when the question is asked (and reports come out the year after): not guessed.
    refused = seed_kb.ask("温州教育局去年收到几件申请", today=date(2019, 3, 1))
    assert (refused.refusal, refused.named, refused.year) == (Refusal.RELATIVE_YEAR, "去年", 2018)
    assert refused.candidates == (Candidate("2018年", "温州教育局2018年收到几件申请"),)
    # The question asked back is answered from that year's report. (The report gives 11件 in one section
    # and 0件 in another for the same words; which one ranks first is the model's call, not this test's.)
    again = seed_kb.ask(refused.candidates[0].question)
    assert (again.hits[0].report.agency, again.hits[0].report.year) == ("温州市教育局", 2018)
    assert again.snippet.startswith("2018年") and "依申请公开案件" in again.snippet


def test_a_part_asked_with_its_agency_given_drops_the_name_as_written(seed_kb):
    # A part of a question across reports carries its agency; the text may say it short (张店教育局).
    reading = seed_kb.read("张店教育局2017年收到几件依申请公开", agency="张店区教育局", year=2017)
    words = {form for query in reading.queries for keyword in query.keywords for form in keyword.forms}
    assert {"张店", "张店教育局", "教育局"}.isdisjoint(words) and "依申请公开" in words


def test_the_signature_date_is_the_last_of_the_report(seed_kb):
    # The page's date heads the report (2019年03月28日); the signature (落款) closes it.
    assert seed_kb.ask("沈阳市教育局的年报落款日期是哪天").snippet == "2019年3月27日"
    assert seed_kb.ask("沈阳市教育局年报署名的日期").snippet == "2019年3月27日"


UNDATED = {
    2020: "建德市文化和旅游局2020年政府信息公开工作年度报告\n一、总体情况\n2020年,我局制定了《建德市文化和旅游局政府信息公开工作规程》,"
    "明确信息发布的审核流程:由各股室提供稿件,经局领导审批后发布。\n二、主动公开情况\n2020年主动公开信息42条。\n",
    2021: "建德市文化和旅游局2021年政府信息公开工作年度报告\n一、总体情况\n2021年,我局继续做好政府信息公开工作,公开质量稳步提高。\n"
    "二、主动公开情况\n2021年主动公开信息57条。\n",
}


def test_a_question_without_a_year_takes_an_earlier_report_that_says_it_clearly_better(tmp_path, segmenter):
    (tmp_path / "r").mkdir()
    for year, text in UNDATED.items():
        (tmp_path / "r" / f"wenlv-{year}.txt").write_text(text, encoding="utf-8")
    KnowledgeBase.write(tmp_path / "kb.db", load_folder(tmp_path / "r"), segmenter)
    kb = KnowledgeBase.open(tmp_path / "kb.db", segmenter)
    try:
        process = kb.ask("建德市文化和旅游局的信息是怎么审核发布的")
        assert (process.hits[0].report.year, "经局领导审批后发布" in process.snippet) == (2020, True)
        latest = kb.ask("建德市文化和旅游局主动公开了多少条信息")  # both reports say it: the latest answers
        assert (latest.hits[0].report.year, latest.snippet) == (2021, "2021年主动公开信息57条。")
    finally:
        kb.close()


def test_the_reading_door_needs_only_the_file_and_a_cache_folder(seed_db, tmp_path):
    kb = KnowledgeBase.open(seed_db, cache_dir=tmp_path / "cache")
    try:
        answer = kb.ask("温州市教育局2018年收到多少件依申请公开？")
    finally:
        kb.close()
    assert (answer.hits[0].report.agency, answer.hits[0].report.year) == ("温州市教育局", 2018)
    assert answer.snippet == "2018年度，我局收到政府信息依申请公开案件11件，未收取任何费用。"


@contextmanager
def one_report_kb(tmp_path, segmenter, text):
    """A knowledge base of one report written in the test."""
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "yingkou.txt").write_text(text, encoding="utf-8")
    KnowledgeBase.write(tmp_path / "kb.db", load_folder(tmp_path / "r"), segmenter)
    kb = KnowledgeBase.open(tmp_path / "kb.db", segmenter)
    try:
        yield kb
    finally:
        kb.close()


# A yes/no question's words are everywhere in a report that answers "no": the section heading, the plan
# for handling applications, and the sentence that says none came.
YES_NO = (
    "营口市教育局2020年政府信息公开工作年度报告\n一、总体情况\n2020年,我局认真落实条例。\n"
    "二、依申请公开情况\n(二)依申请公开情况。\n"
    "我局严格执行依申请公开受理渠道和办事流程,做好依申请公开工作。\n2020年我局未收到依申请公开事项。\n"
)

NUMBERED = (
    "营口市教育局2019年政府信息公开工作年度报告\n日期:2020-01-15 来源:营口市教育局\n一、总体情况\n"
    "本报告根据《中华人民共和国政府信息公开条例》(国务院令第711号)编制。\n2019年主动公开信息120条。\n"
)

RUNNING = (
    "营口市财政局2021年政府信息公开工作年度报告\n一、总体情况\n"
    "本年度我局在门户网站主动公开政府信息40条,办理依申请公开50件。\n网站开通以来历年累计发布信息1200条。\n"
)

# A group and its head are two things: "领导小组组长是谁" wants the sentence naming the head, not the one
# that only says the group was set up.
LEADER = (
    "营口市民政局2013年政府信息公开工作年度报告\n一、总体情况\n"
    "局召开信息公开工作专题会议,调整充实了局信息公开工作领导小组。\n"
    "我局成立了以局长王明为组长、副局长李华为副组长的信息公开工作领导小组。\n"
)

# One channel's count, where a sentence first lists the channels and gives the total of them all.
CHANNELS = (
    "营口市市场监督管理局2022年政府信息公开工作年度报告\n一、总体情况\n"
    "我局借助门户网站、政务微博以及快手、抖音等平台主动发布各类信息,全年累计发布信息2150条,"
    "其中门户网站发布1602条,政务微博发布512条,抖音发布36条。\n"
)


@pytest.mark.parametrize(
    ("report", "question", "said", "fact"),
    [
        (YES_NO, "营口市教育局2020年收到过公开申请吗？问的是那一年", "2020年我局未收到依申请公开事项。", ""),
        (YES_NO, "营口教育局20年有没有依申请公开", "2020年我局未收到依申请公开事项。", ""),
        # which item of a numbered series: neither a day nor a count, and a homophone typo of 第几
        (NUMBERED, "营口市教育局2019年年报依据的国务院令是第几号", "国务院令第711号", ""),
        (NUMBERED, "营口教育局19年报告依据的国务院令是递几号", "国务院令第711号", ""),
        (RUNNING, "营口财政21年主动公开了多少条信息", "主动公开政府信息40条", "40条"),
        (RUNNING, "营口财政局历年累计发布了多少条信息", "1200条", "1200条"),
        (LEADER, "营口市民政局2013年信息公开领导小组组长是谁", "王明为组长", ""),
        # the agency's own words point at no figure: the channel asked does
        (CHANNELS, "营口市市场监督管理局2022年抖音发了几条", "抖音发布36条", "36条"),
    ],
)
def test_one_report_answers_with_the_sentence_that_says_what_is_asked(
    tmp_path, segmenter, report, question, said, fact
):
    with one_report_kb(tmp_path, segmenter, report) as kb:
        answer = kb.ask(question)
        assert said in answer.snippet
        assert answer_fact(answer, answer.hits[0]) == fact
