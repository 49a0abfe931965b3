from datetime import datetime

import pytest

from knowledge.querylog import QueryLog

DAY1, DAY2 = datetime(2026, 11, 21, 9, 0), datetime(2026, 11, 22, 9, 0)


@pytest.fixture
def log():
    q = QueryLog.open(None)
    yield q
    q.close()


def test_stats_per_day_latency_unanswered_and_feedback(log):
    first = log.record(
        "温州教育局2018年几件申请", user_id=1, chat_type="private", answered=True, latency_ms=2.0, at=DAY1
    )
    log.record("杭州教育局2018年几件申请", user_id=2, chat_type="supergroup", answered=False, latency_ms=4.0, at=DAY2)
    log.record("杭州教育局2018年几件申请", user_id=3, chat_type="private", answered=False, latency_ms=6.0, at=DAY2)
    log.record("天气怎么样", user_id=3, chat_type="private", answered=False, latency_ms=1.0, at=DAY2)
    assert log.feedback(first, user_id=1, vote=1, at=DAY2) is True
    assert log.feedback(first, user_id=1, vote=-1, at=DAY2) is False  # once per person
    assert log.feedback(first, user_id=2, vote=-1, at=DAY2) is True
    assert log.feedback(999, user_id=2, vote=1, at=DAY2) is False  # not a logged question
    stats = log.stats(DAY2)
    assert [(d.day, d.questions, d.answered) for d in stats.days] == [("2026-11-22", 3, 0), ("2026-11-21", 1, 1)]
    assert (stats.latency_p50_ms, stats.latency_p95_ms) == (2.0, 6.0)
    assert stats.unanswered == (("杭州教育局2018年几件申请", 2), ("天气怎么样", 1))
    assert (stats.thumbs_up, stats.thumbs_down) == (1, 1)


def test_user_ids_are_stored_only_as_keyed_hashes(log):
    log.record("q", user_id=123456789, chat_type="private", answered=True, latency_ms=1.0, at=DAY1)
    [row] = list(log.db.query("SELECT user FROM questions"))
    assert "123456789" not in row["user"]
    assert row["user"] == log.user_hash(123456789) != QueryLog.open(None).user_hash(123456789)


def test_question_text_is_kept_for_paging(log):
    qid = log.record("温州教育局电话", user_id=1, chat_type="private", answered=True, latency_ms=1.0, at=DAY1)
    assert log.question(qid) == "温州教育局电话"
    assert log.question(qid + 1) is None
