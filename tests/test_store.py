import sqlite3

import pytest
import sqlite_utils

from knowledge.integrity import is_damage
from knowledge.models import Passage, Report
from knowledge.store import DamagedStore, StaleStore, Store, StoreError


def _report(rid, agency, year):
    return Report(report_id=rid, agency=agency, year=year, title="t", source=f"{rid}.txt", sha256="0" * 64, chars=9)


def _fill(store):
    a = store.add_report(
        _report("a", "温州市教育局", 2018), [Passage("a", 0, ("一、概述",), "收到申请11件")], ["收到 申请 11 件"]
    )
    b = store.add_report(_report("b", "沈阳市教育局", 2018), [Passage("b", 0, (), "受理申请3例")], ["受理 申请 3 例"])
    store.finish()
    return a, b


def test_reports_round_trip(store):
    _fill(store)
    assert [(row, r.agency, r.year, r.source) for row, r in store.reports()] == [
        (1, "温州市教育局", 2018, "a.txt"),
        (2, "沈阳市教育局", 2018, "b.txt"),
    ]
    assert store.counts() == (2, 2)


def test_a_report_keeps_its_url_and_one_without_has_none(store):
    published = Report("c", "鹿城区教育局", 2020, "t", "c.txt", url="http://www.lucheng.gov.cn/art/2021/1/8.html")
    store.add_report(published, [Passage("c", 0, (), "公开")], ["公开"])
    store.add_report(_report("d", "鹿城区民政局", 2020), [Passage("d", 0, (), "公开")], ["公开"])
    assert [(r.source, r.url) for _, r in store.reports()] == [
        ("c.txt", "http://www.lucheng.gov.cn/art/2021/1/8.html"),
        ("d.txt", ""),
    ]


def test_candidates_search_every_report(store):
    a, b = _fill(store)
    assert sorted(row for row, _, _ in store.candidates(["申请"])) == [a, b]
    assert store.candidates(["护照"]) == []


def test_add_reports_numbers_them_after_the_last_row(store):
    _fill(store)
    rows = store.add_reports(
        [
            (_report(r, "甲局", 2020), [Passage(r, 0, (), "公开")], ["公开"], [(0, "行", 0, None, "5", 0, 2)])
            for r in "cd"
        ]
    )
    assert rows == [3, 4]
    assert store.db.execute("SELECT report, value FROM facts").fetchall() == [(3, "5"), (4, "5")]


def test_bulk_insert_indexes_once_at_the_end_and_keeps_the_trigger_for_later_rows(store):
    with store.bulk_insert():
        a, b = _fill(store)
        assert store.candidates(["申请"]) == []  # not indexed yet
    assert sorted(row for row, _, _ in store.candidates(["申请"])) == [a, b]
    c = store.add_report(_report("c", "柳州市教育局", 2018), [Passage("c", 0, (), "申请2件")], ["申请 2 件"])
    assert sorted(row for row, _, _ in store.candidates(["申请"])) == [a, b, c]


def test_passages_of_stay_inside_the_chosen_reports(store):
    a, b = _fill(store)
    assert store.passages_of([b]) == [(b, Passage("b", 0, (), "受理申请3例"), "受理 申请 3 例")]
    assert [p.report_id for _, p, _ in store.passages_of([a, b])] == ["a", "b"]


def test_finish_freezes_corpus_statistics(store):
    _fill(store)
    assert (store.total_passages(), store.average_tokens()) == (2, 4.0)


def test_hostile_tokens_are_quoted_not_parsed(store):
    _fill(store)
    assert store.candidates(['"', "OR", "NEAR", "申请) OR (1"]) == []
    assert len(store.candidates(['"申请', "申请"])) == 2


def test_document_frequencies_are_frozen_at_finish(store):
    _fill(store)
    assert store.total_passages() == 2
    assert store.document_frequencies(["申请", "受理", "护照"]) == {"申请": 2, "受理": 1}


def test_check_rejects_a_database_that_is_not_a_knowledge_base():
    with pytest.raises(StoreError, match="not a knowledge base"):
        Store(sqlite_utils.Database(memory=True)).check()


def test_meta_values(store):
    store.set_meta("built_at", "2026-11-22")
    assert (store.get_meta("built_at"), store.get_meta("schema_version"), store.get_meta("nope")) == (
        "2026-11-22",
        "5",
        None,
    )


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        ("UPDATE meta SET value = 'garbage' WHERE key = 'passages'", "meta passages is 'garbage', not a count"),
        ("UPDATE meta SET value = 'x' WHERE key = 'average_tokens'", "meta average_tokens is 'x', not a number"),
        (
            "UPDATE meta SET value = '[\"温州\", 1]' WHERE key = 'agency_words'",
            "meta agency_words is not a list of words",
        ),
        ("UPDATE meta SET value = '[\"温州' WHERE key = 'agency_words'", "meta agency_words is not a list of words"),
        (
            "UPDATE meta SET value = CAST(x'ff' AS TEXT) WHERE key = 'schema_version'",
            "meta schema_version is not UTF-8 text",
        ),
        ("UPDATE meta SET value = x'34' WHERE key = 'passages'", "meta passages is not UTF-8 text"),  # bytes, not text
        ("DELETE FROM meta WHERE key = 'agency_words'", "meta agency_words is missing"),
    ],
)
def test_check_names_a_damaged_meta_value(store, damage, why):
    _fill(store)
    store.set_meta("agency_words", '["温州", "沈阳"]')
    store.check()  # intact
    store.db.execute(damage)
    with pytest.raises(DamagedStore) as raised:
        store.check()
    assert (raised.value.why, str(raised.value)) == (
        why,
        f"the knowledge base is damaged ({why}); rebuild it with `reportbot ingest --full`",
    )


def test_a_knowledge_base_from_another_schema_is_stale_not_damaged(store):
    _fill(store)  # no agency_words: an older schema had none, and is built again rather than called damaged
    store.set_meta("schema_version", "4")  # 4 had no reports.url
    with pytest.raises(StaleStore, match="^knowledge base has schema 4, this reportbot needs 5; "):
        store.check()


def test_damage_is_told_from_a_busy_or_failing_disk():
    assert [
        is_damage(error)
        for error in (
            sqlite3.DatabaseError("database disk image is malformed"),
            sqlite3.OperationalError("Could not decode to UTF-8 column 'text' with text 'x'"),
            sqlite3.OperationalError("database is locked"),
            sqlite3.OperationalError("disk I/O error"),
        )
    ] == [True, True, False, False]
