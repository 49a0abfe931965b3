import hashlib
import sqlite3
from datetime import date, datetime

import pytest

from bot.records.querylog import QueryLog, mask_personal

DAY1, DAY2 = datetime(2026, 11, 21, 9, 0), datetime(2026, 11, 22, 9, 0)
KEY = bytes(range(32))


@pytest.fixture
def log():
    q = QueryLog.open(None, KEY, today=DAY1.date())
    yield q
    q.close()


def test_stats_per_day_latency_unanswered_and_feedback(log):
    first = log.record(
        "温州教育局2018年几件申请", user_id=1, chat_type="private", answered=True, latency_ms=2.0, at=DAY1
    )
    log.record("杭州教育局2018年几件申请", user_id=2, chat_type="supergroup", answered=False, latency_ms=4.0, at=DAY2)
    log.record("杭州教育局2018年几件申请", user_id=3, chat_type="private", answered=False, latency_ms=6.0, at=DAY2)
    log.record("天气怎么样", user_id=3, chat_type="private", answered=False, latency_ms=1.0, at=DAY2)
    log.record("温州教育局电话", user_id=4, chat_type="inline", answered=True, latency_ms=None, at=DAY2)
    assert log.feedback(first, user_id=1, vote=1, at=DAY2) is True
    assert log.feedback(first, user_id=1, vote=-1, at=DAY2) is False  # once per person
    assert log.feedback(first, user_id=2, vote=-1, at=DAY2) is True
    assert log.feedback("AAAAAAAAAAAA", user_id=2, vote=1, at=DAY2) is None  # not a logged question
    stats = log.stats(DAY2)
    assert [(d.day, d.questions, d.answered) for d in stats.days] == [("2026-11-22", 4, 1), ("2026-11-21", 1, 1)]
    assert (stats.latency_p50_ms, stats.latency_p95_ms) == (2.0, 6.0)  # the inline row has no latency
    assert stats.unanswered == (("杭州教育局2018年几件申请", 2), ("天气怎么样", 1))
    assert (stats.thumbs_up, stats.thumbs_down) == (1, 1)


def test_user_ids_are_stored_only_as_keyed_hashes(log):
    log.record("q", user_id=123456789, chat_type="private", answered=True, latency_ms=1.0, at=DAY1)
    [row] = list(log.db.query("SELECT user FROM questions"))
    assert "123456789" not in row["user"]
    assert row["user"] == hashlib.blake2b(b"123456789", key=KEY, digest_size=8).hexdigest()
    assert row["user"] != QueryLog.open(None, bytes(32)).user_hash(123456789)


def test_a_log_copied_without_its_key_cannot_be_matched_to_user_ids(tmp_path):
    path = tmp_path / "queries.db"
    log = QueryLog.open(path, KEY, today=DAY1.date())
    for user in range(1, 501):
        log.record("温州教育局电话", user_id=user, chat_type="private", answered=True, latency_ms=1.0, at=DAY1)
    log.close()
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in tmp_path.iterdir()} == {"queries.db": "0o600"}
    raw = path.read_bytes()
    assert KEY not in raw and KEY.hex().encode() not in raw
    stored = {row[0] for row in sqlite3.connect(path).execute("SELECT user FROM questions")}
    assert len(stored) == 500
    guess = QueryLog.open(path, bytes(32), today=DAY1.date())  # whoever holds the copy, with any other key
    assert stored.isdisjoint(guess.user_hash(user) for user in range(1, 501))
    guess.close()


def test_an_older_log_loses_the_key_it_kept_beside_the_hashes(tmp_path):
    path = tmp_path / "queries.db"
    published = bytes(range(100, 116))  # such a key was committed with the log before
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('user_key', ?)", [published.hex()])
    conn.execute(
        "CREATE TABLE questions (id INTEGER PRIMARY KEY, asked_at TEXT, day TEXT, user TEXT, chat_type TEXT, "
        "question TEXT, answered INTEGER, latency_ms FLOAT)"
    )
    conn.execute(
        "CREATE TABLE feedback (question INTEGER, user TEXT, vote INTEGER, at TEXT, PRIMARY KEY (question, user))"
    )
    old = {user: hashlib.blake2b(str(user).encode(), key=published, digest_size=8).hexdigest() for user in (7, 8)}
    conn.execute(
        "INSERT INTO questions VALUES (1, '2026-11-21T09:00:00', '2026-11-21', ?, 'private', 'q', 1, 1.0)", [old[7]]
    )
    conn.execute(
        "INSERT INTO questions VALUES (2, '2026-11-21T09:05:00', '2026-11-21', ?, 'private', 'q', 0, 1.0)", [old[8]]
    )
    conn.execute("INSERT INTO feedback VALUES (1, ?, 1, '2026-11-21T09:01:00')", [old[8]])
    conn.commit()
    conn.close()
    log = QueryLog.open(path, KEY, today=DAY1.date())
    assert "meta" not in log.db.table_names()
    stored = [row["user"] for row in log.db.query("SELECT user FROM questions UNION ALL SELECT user FROM feedback")]
    assert len(stored) == 3 and set(stored).isdisjoint(old.values())  # the published key matches nothing
    assert stored[0] != stored[1] and stored[1] == stored[2]  # one person is still one hash
    handle = log.record("温州教育局电话", user_id=1, chat_type="private", answered=True, latency_ms=1.0, at=DAY1)
    assert log.question(handle) == "温州教育局电话"
    assert log.stats(DAY1).days[0].questions == 3
    log.close()
    raw = path.read_bytes()
    assert published.hex().encode() not in raw and old[7].encode() not in raw and old[8].encode() not in raw


def test_questions_are_found_again_by_an_unguessable_handle(log):
    handles = [
        log.record("温州教育局电话", user_id=1, chat_type="private", answered=True, latency_ms=1.0, at=DAY1)
        for _ in range(200)
    ]
    assert len(set(handles)) == 200
    assert all(len(h) == 12 and h.replace("-", "").replace("_", "").isalnum() for h in handles)
    assert log.question(handles[0]) == "温州教育局电话"
    assert log.question("1") is None and log.question("2") is None  # row ids are not handles


def test_personal_numbers_are_masked_before_a_question_is_stored(log):
    handle = log.record(
        "我身份证号110101199001011234，手机13800138000，邮箱zhang.san@example.cn，宁波市民政局2021年收到几件申请？",
        user_id=1,
        chat_type="private",
        answered=False,
        latency_ms=1.0,
        at=DAY1,
    )
    stored = "我身份证号[身份证号]，手机[手机号]，邮箱[邮箱]，宁波市民政局2021年收到几件申请？"
    assert log.question(handle) == stored
    assert log.stats(DAY1).unanswered == ((stored, 1),)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("证件号码11010519491231002X", "证件号码[身份证号]"),
        ("身份证１１０１０１１９９００１０１１２３４号", "身份证[身份证号]号"),  # typed full-width
        ("身份证110101 19900101 1234和110101-19900101-123x", "身份证[身份证号]和[身份证号]"),
        ("号码110101199001011234a", "号码[身份证号]a"),
        ("手机１３８００１３８０００", "手机[手机号]"),
        ("邮箱zhang＠qq.com", "邮箱[邮箱]"),
        ("旧证号码110105491231002查询", "旧证号码[身份证号]查询"),
        ("打+86 139-1234-5678问问", "打[手机号]问问"),
        ("收到12345678901234567890件", "收到12345678901234567890件"),  # 20 digits: no ID card
        ("电话0571-87654321几点上班", "电话0571-87654321几点上班"),  # a landline is an agency's, not a person's
        ("2019年收到1382件申请", "2019年收到1382件申请"),
        # an ID card grouped any way, with spaces, hyphens, no-break spaces or typographic dashes
        ("身份证110105 1949 1231 002X查询", "身份证[身份证号]查询"),
        ("身份证110105-1949-1231-002x，谢谢", "身份证[身份证号]，谢谢"),
        ("号码1101 0519 4912 3100 2X", "号码[身份证号]"),
        ("号码110105 19491231002X", "号码[身份证号]"),
        ("号码110105\u00a01949\u20101231\u2013002X", "号码[身份证号]"),
        ("旧证330302 850101 123号", "旧证[身份证号]号"),
        ("证号110101199001011234 2019年申请过", "证号[身份证号] 2019年申请过"),
        # e-mail addresses in any script, the words before them kept
        ("张三@例子.中国", "[邮箱]"),
        ("邮箱张三@例子.中国，依申请公开几件？", "邮箱[邮箱]，依申请公开几件？"),
        ("我的邮箱是张三@例子.中国依申请公开几件", "我的邮箱是[邮箱]依申请公开几件"),
        ("联系zhang@例子.中国", "联系[邮箱]"),
        ("邮箱李四@example.com。", "邮箱[邮箱]。"),
        ("邮箱：ｚｈａｎｇ＠例子．公司", "邮箱：[邮箱]"),
        ("mail Иван@пример.рф ok", "mail [邮箱] ok"),
        # figures of a report are not personal, however they are spaced
        ("2018年收到1234件", "2018年收到1234件"),
        ("2016 2017 2018年共收到12件申请", "2016 2017 2018年共收到12件申请"),
        ("收到 1234 5678 9012 345 件", "收到 1234 5678 9012 345 件"),
        ("第1-2-3-4-5-6-7-8-9-10条", "第1-2-3-4-5-6-7-8-9-10条"),
        ("@温州市教育局 2018年几件", "@温州市教育局 2018年几件"),
    ],
)
def test_mask_personal(text, masked):
    assert mask_personal(text) == masked


def test_lone_surrogates_are_dropped_before_a_question_is_stored(log):
    # A message can carry half of a UTF-16 pair; SQLite cannot encode it, and the write used to fail.
    handle = log.record(
        "温州市教育局\ud8002018年\udfff收到几件？",
        user_id=1,
        chat_type="private",
        answered=False,
        latency_ms=1.0,
        at=DAY1,
    )
    assert log.question(handle) == "温州市教育局2018年收到几件？"
    assert log.stats(DAY1).unanswered == (("温州市教育局2018年收到几件？", 1),)
    assert mask_personal("身份证1101051949\ud8001231002X") == "身份证[身份证号]"  # dropped first, then masked


def test_old_questions_and_their_feedback_are_pruned_at_open_and_daily(tmp_path):
    path = tmp_path / "queries.db"
    log = QueryLog.open(path, KEY, keep_days=30, today=date(2026, 1, 1))
    old = log.record(
        "去年的问题", user_id=1, chat_type="private", answered=True, latency_ms=1.0, at=datetime(2026, 1, 1)
    )
    log.feedback(old, user_id=1, vote=1, at=datetime(2026, 1, 1))
    log.record("新问题", user_id=1, chat_type="private", answered=True, latency_ms=1.0, at=datetime(2026, 1, 30))
    assert log.question(old) == "去年的问题"  # 30 days kept: 1 January is day 30 of 30 on 30 January
    log.record("再新的问题", user_id=1, chat_type="private", answered=True, latency_ms=1.0, at=datetime(2026, 1, 31))
    assert log.question(old) is None  # the first question of a new day prunes
    assert list(log.db.query("SELECT count(*) AS n FROM feedback")) == [{"n": 0}]
    log.close()
    reopened = QueryLog.open(path, KEY, keep_days=1, today=date(2026, 1, 31))
    assert [r["question"] for r in reopened.db.query("SELECT question FROM questions")] == ["再新的问题"]
    reopened.close()


def test_a_short_key_is_refused():
    with pytest.raises(ValueError, match="at least 16 bytes"):
        QueryLog.open(None, b"short")
