import fcntl
import functools
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from paths import FIXTURE_REPORTS, ROOT, SEED_QUESTIONS, SEED_REPORTS, many_reports
from processes import children, first_line, in_session, kill_session, survivors

from bot.cli import main
from bot.library.writelock import writing
from knowledge import KnowledgeBase
from knowledge.segment import Segmenter


def test_ingest_prints_a_line_per_report_and_a_total(config, tmp_path, capsys, seed_db, seed_cache):
    assert main(["--config", str(config), "ingest"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:5] == [
        "000_bc8c2b0d3e4e76a9.txt\t温州市教育局\t2018\t15 passages",
        "001_b7894a410e827a12.txt\t沈阳市教育局\t2018\t11 passages",
        "002_295c690ec65ccc59.txt\t柳州市教育局\t2018\t23 passages",
        "003_549620f865b56b29.txt\t余姚市教育局\t2012\t11 passages",
        "004_fc3ba926d9542043.txt\t张店区教育局\t2017\t17 passages",
    ]
    assert out[5].startswith(f"5 reports, 77 passages -> {tmp_path / 'kb.db'} in ")
    # What the ``ingested`` fixture copies instead of ingesting: the same reports, the same cache files.
    assert KnowledgeBase.stored_files(tmp_path / "kb.db") == KnowledgeBase.stored_files(seed_db)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted(p.name for p in seed_cache.iterdir())


@pytest.mark.slow  # each ingest forks a pool of readers; test_ingest_prints_a_line_per_report_and_a_total stays fast
def test_ingest_reports_broken_files_by_name_and_loads_the_rest(config, tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FIXTURE_REPORTS / "heping_fgw_2019.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbage.txt").write_bytes(bytes(range(256)) * 4)
    assert main(["--config", str(config), "ingest", str(folder), "--db", str(tmp_path / "x.db")]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "skipped empty.txt: empty file",
        "skipped garbage.txt: binary data, not a text report",
    ]
    assert captured.out.splitlines()[0] == "good.txt\t和平区发展改革委\t2019\t4 passages"
    assert captured.out.splitlines()[1].endswith("(added 1, changed 0, removed 0, unchanged 0, skipped 2)")


def test_ingest_of_a_folder_with_nothing_loadable_keeps_the_old_kb(ingested, tmp_path, capsys):
    before = (tmp_path / "kb.db").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    assert main(["--config", str(ingested), "ingest", str(bad)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"Error: {bad}: no report could be loaded (1 files); the knowledge base was not changed"
    )
    assert (tmp_path / "kb.db").read_bytes() == before


@pytest.mark.slow  # ingests on first use; --json on stdin stays fast in the test after it
def test_ask_json_reads_questions_from_stdin_in_order(config, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("温州市教育局办公室电话多少\n\n今天天气怎么样\n"))
    assert main(["--config", str(config), "ask", "-", "--json"]) == 0  # builds the KB on first use
    first, blank, second = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (blank["question"], blank["reason_code"]) == ("", "empty")
    assert set(first) == {
        "question",
        "answered",
        "answer",
        "passage",
        "agency",
        "year",
        "section",
        "source",
        "score",
        "fact",
        "url",
        "reason",
        "reason_code",
        "others",
        "notes",
        "carried",
        "english",
    }
    assert (first["answered"], first["agency"], first["year"], first["section"], first["source"]) == (
        True,
        "温州市教育局",
        2018,
        None,
        "000_bc8c2b0d3e4e76a9.txt",
    )
    assert "0577-88636388" in first["answer"] and first["answer"] in first["passage"]
    assert (first["fact"], first["url"]) == ("0577-88636388", None)  # the seeds have no reports.jsonl
    keys = {"answer", "passage", "agency", "year", "section", "source", "score", "fact", "url"}
    assert all(set(o) == keys for o in first["others"])
    assert (second["question"], second["answered"], second["answer"]) == ("今天天气怎么样", False, None)
    assert (second["reason"], second["reason_code"]) == (
        "没有在报告中找到答案。可以加上机关名称和年份再问一次。",
        "needs_agency",
    )


def test_ask_dash_writes_one_line_per_input_line_blank_ones_included(ingested, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("温州市教育局办公室电话多少\n\n\n张店区教育局联系电话\n"))
    assert main(["--config", str(ingested), "ask", "-", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(a["question"], a["answered"], a["reason_code"]) for a in lines] == [
        ("温州市教育局办公室电话多少", True, None),
        ("", False, "empty"),
        ("", False, "empty"),
        ("张店区教育局联系电话", True, None),
    ]


def test_ask_dash_json_lines_of_one_chat_are_one_conversation_and_plain_lines_stand_alone(
    ingested, monkeypatch, capsys
):
    lines = [
        '{"question": "沈阳市教育局2018年收到几件依申请公开？", "chat": "a"}',
        '{"question": "温州市教育局2018年收到几件依申请公开？", "chat": 7}',
        '{"question": "邮箱是多少？", "chat": "a"}',  # chat "a": 沈阳; chat 7 has its own
        "邮箱是多少？",  # a plain line follows nothing
        '{"question": "营口市教育局电话", "chat": "a"}',  # an unknown agency ends chat "a"
        '{"question": "传真呢", "chat": "a"}',
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["--config", str(ingested), "ask", "-", "--json"]) == 0
    said = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(a["question"], a["carried"]) for a in said] == [
        ("沈阳市教育局2018年收到几件依申请公开？", []),
        ("温州市教育局2018年收到几件依申请公开？", []),
        ("沈阳市教育局2018年邮箱是多少", ["沈阳市教育局", "2018年"]),
        ("邮箱是多少？", []),
        ("营口市教育局电话", []),
        ("传真呢", []),
    ]
    assert "22821577@163.com" in said[2]["answer"]


def test_ask_dash_on_a_damaged_knowledge_base_answers_each_line_in_place(ingested, tmp_path, monkeypatch, capsys):
    damaged = tmp_path / "damaged.db"
    shutil.copyfile(tmp_path / "kb.db", damaged)
    with sqlite3.connect(damaged) as conn:  # every other page of the passages and their index, overwritten
        pages = [
            p for (p,) in conn.execute("SELECT pageno FROM dbstat WHERE name IN ('passages', 'passages_fts_data')")
        ]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    with damaged.open("r+b") as f:
        for page in pages[::2]:
            f.seek((page - 1) * size + 8)
            f.write(b"\xff" * (size - 8))
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("温州市教育局2018年收到多少件依申请公开？\n\n宜春市教育局电话\n"))
    assert main(["ask", "-", "--json", "--db", str(damaged), "--config", str(ingested)]) == 1
    first, blank, last = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert first == {
        "question": "温州市教育局2018年收到多少件依申请公开？",
        "error": "the knowledge base is damaged (database disk image is malformed); "
        "rebuild it with `reportbot ingest --full`",
    }
    assert (blank["question"], blank["reason_code"]) == ("", "empty")
    assert (last["question"], last["reason_code"]) == ("宜春市教育局电话", "unknown_agency")  # no page needed


def test_options_go_before_or_after_the_command(ingested, tmp_path, capsys):
    for argv in (
        ["--config", str(ingested), "-v", "ask", "张店区教育局联系电话"],
        ["ask", "张店区教育局联系电话", "--config", str(ingested), "-v"],
    ):
        assert main(argv) == 0
        assert "0533-2869953" in capsys.readouterr().out
    from bot.cli import build_parser

    for command in (["ingest"], ["ask", "x"], ["eval", "f.jsonl"], ["serve"], ["check"]):
        before = build_parser().parse_args(["--config", "a.toml", "-v", *command])
        after = build_parser().parse_args([*command, "--config", "a.toml", "-v"])
        neither = build_parser().parse_args(command)
        assert (before.config, before.verbose, after.config, after.verbose) == (
            Path("a.toml"),
            True,
            Path("a.toml"),
            True,
        )
        assert (neither.config, neither.verbose) == (None, False)


@pytest.mark.slow
def test_a_closed_pipe_ends_ask_quietly(ingested, tmp_path):
    questions = "".join(["温州市教育局2018年收到多少件依申请公开？\n"] * 200)
    run = subprocess.run(
        f"{sys.executable} -m bot --config {ingested} ask - | head -1",
        shell=True, input=questions, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.stdout == "答：11件\n"
    assert run.stderr == ""


def test_ask_prints_answer_source_and_passage(ingested, capsys):
    assert main(["--config", str(ingested), "ask", "张店区教育局联系电话"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "答：0533-2869953"
    assert out[1] == (  # the sentence that says it
        "如对报告内容有疑问，请与张店区教育局办公室联系（地址：淄博市张店区政务中心；邮编：255000；电话：0533-2869953）。"
    )
    assert out[2] == "原文："  # then the rest of its passage, then where it is from
    assert out[-1] == "出处：张店区教育局 · 2017年 · 报告开头 · 004_fc3ba926d9542043.txt"


def test_eval_prints_pass_fail_per_id_and_totals(ingested, capsys):
    assert main(["--config", str(ingested), "eval", str(SEED_QUESTIONS)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "PASS d001"
    assert out[-2] == "answerable: 23/23 passed (1.00); unanswerable: 3/3 refused; false refusals: 0"
    assert out[-1] == "26 passed, 0 failed"


def test_missing_db_is_an_error_without_traceback(tmp_path, capsys):
    assert main(["ask", "温州教育局电话", "--db", str(tmp_path / "none.db")]) == 1
    assert (
        capsys.readouterr().err
        == f"Error: knowledge base {tmp_path / 'none.db'} does not exist; run `reportbot ingest` first\n"
    )


def test_bad_config_is_an_error(tmp_path, capsys):
    bad = tmp_path / "c.toml"
    bad.write_text("[knowledge]\ndatabse = 'x'\n", encoding="utf-8")
    assert main(["--config", str(bad), "ask", "x"]) == 1
    assert capsys.readouterr().err == f"Error: {bad}: unknown key [knowledge].databse\n"


def test_unreadable_report_dir_is_an_error(config, tmp_path, capsys):
    assert main(["--config", str(config), "ingest", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err == f"Error: {tmp_path / 'nowhere'}: not a directory\n"


def test_unwritable_database_location_is_an_error(config, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["--config", str(config), "ingest", "--db", str(blocker / "kb.db")]) == 1
    assert capsys.readouterr().err == f"Error: [Errno 17] File exists: '{blocker}'\n"


@pytest.mark.slow  # the rebuild is an ingest (a pool of readers)
def test_a_knowledge_base_from_an_older_reportbot_is_rebuilt_or_named(ingested, tmp_path, capsys):
    with sqlite3.connect(tmp_path / "kb.db") as conn:
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    assert main(["ask", "温州教育局电话", "--db", str(tmp_path / "kb.db")]) == 1
    assert (
        capsys.readouterr().err
        == "Error: knowledge base has schema 1, this reportbot needs 5; run `reportbot ingest` again\n"
    )
    assert main(["--config", str(ingested), "ask", "温州教育局电话"]) == 0  # the configured one is rebuilt
    captured = capsys.readouterr()
    assert "(built by an older reportbot)" in captured.err and "0577-88636388" in captured.out


def test_serve_without_a_token_is_a_one_line_error(config, monkeypatch, capsys):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["--config", str(config), "serve"]) == 1
    assert (
        capsys.readouterr().err
        == "Error: no bot token: set TELEGRAM_BOT_TOKEN or [telegram] token_file in the config\n"
    )


def test_serve_with_a_webhook_but_no_secret_is_a_one_line_error(config, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    webhook = tmp_path / "webhook.toml"
    webhook.write_text(
        config.read_text(encoding="utf-8") + '\n[telegram]\nwebhook_url = "https://bot.example.org/hook"\n',
        encoding="utf-8",
    )
    assert main(["serve", "--config", str(webhook)]) == 1
    assert capsys.readouterr().err == (
        "Error: webhook_url is set but there is no secret token: set TELEGRAM_WEBHOOK_SECRET or [telegram] secret_token\n"
    )


def test_serve_with_a_token_others_can_read_is_refused(config, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    token = tmp_path / "token"
    token.write_text("123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    token.chmod(0o640)
    with_token = tmp_path / "with-token.toml"
    with_token.write_text(
        config.read_text(encoding="utf-8") + f'\n[telegram]\ntoken_file = "{token}"\n', encoding="utf-8"
    )
    assert main(["--config", str(with_token), "serve"]) == 1
    assert capsys.readouterr().err == f"Error: {token}: the token file is readable by others; run `chmod 600 {token}`\n"


@pytest.mark.slow
def test_reports_past_the_memory_budget_are_read_again_and_indexed_the_same(config, tmp_path, monkeypatch):
    assert main(["--config", str(config), "ingest", "--db", str(tmp_path / "kept.db")]) == 0
    monkeypatch.setattr("bot.library.ingest.KEEP_CHARS", 6_500)  # the first two seed reports fit (6.1k chars)
    loaders = []

    def loader(*args):
        loaders.append(args[1][0].name)
        return functools.partial(*args)

    monkeypatch.setattr("bot.library.ingest.partial", loader)
    assert main(["--config", str(config), "ingest", "--db", str(tmp_path / "again.db"), "--full"]) == 0
    assert loaders == ["002_295c690ec65ccc59.txt", "003_549620f865b56b29.txt", "004_fc3ba926d9542043.txt"]
    rows = {}
    for name in ("kept", "again"):
        with sqlite3.connect(tmp_path / f"{name}.db") as conn:
            rows[name] = conn.execute("SELECT report, ordinal, text, search_text FROM passages ORDER BY id").fetchall()
    assert len(rows["again"]) == 77
    assert rows["again"] == rows["kept"]


@pytest.mark.slow
def test_ingest_freezes_the_dictionary_that_ask_maps(config, tmp_path):
    assert main(["--config", str(config), "ingest"]) == 0
    assert [p.suffix for p in sorted((tmp_path / "cache").glob("words-*"))] == [".freq", ".marisa"]
    assert _opens_frozen(tmp_path / "kb.db", tmp_path / "cache")


def _opens_frozen(db, cache):
    kb = KnowledgeBase.open(db, Segmenter(cache_dir=cache))
    kb.close()
    return kb.segmenter.frozen


def _seed_folder(tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(SEED_REPORTS, folder)
    return folder


def test_a_second_ingest_reads_nothing_and_writes_nothing(ingested, tmp_path, capsys):
    folder = _seed_folder(tmp_path)
    db = tmp_path / "kb.db"  # as the first ingest of these reports left it
    first = db.stat()
    assert main(["--config", str(ingested), "ingest", str(folder), "--db", str(db)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"5 reports, 77 passages in {db}: nothing changed (added 0, changed 0, removed 0, unchanged 5)"
    ]
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == (first.st_ino, first.st_mtime_ns)


@pytest.mark.slow
def test_ingest_replaces_changed_drops_removed_adds_new_and_dry_run_only_tells(ingested, tmp_path, capsys):
    config = ingested
    folder = _seed_folder(tmp_path)
    db = tmp_path / "kb.db"  # as the first ingest of these reports left it
    before = db.read_bytes()
    wenzhou = folder / "000_bc8c2b0d3e4e76a9.txt"
    wenzhou.write_text(
        wenzhou.read_text(encoding="utf-8").replace("依申请公开案件11件", "依申请公开案件12件"), encoding="utf-8"
    )
    (folder / "003_549620f865b56b29.txt").unlink()
    shutil.copy(FIXTURE_REPORTS / "heping_fgw_2019.txt", folder / "heping.txt")
    capsys.readouterr()

    assert main(["--config", str(config), "ingest", str(folder), "--db", str(db), "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "would add\theping.txt",
        "would change\t000_bc8c2b0d3e4e76a9.txt",
        "would remove\t003_549620f865b56b29.txt",
        f"dry run: would add 1, change 1, remove 1, unchanged 3; {db} was not touched",
    ]
    assert db.read_bytes() == before

    assert main(["--config", str(config), "ingest", str(folder), "--db", str(db)]) == 0
    assert _opens_frozen(db, tmp_path / "cache")  # the dictionary of the new agency set was frozen too
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "000_bc8c2b0d3e4e76a9.txt\t温州市教育局\t2018\t15 passages",
        "heping.txt\t和平区发展改革委\t2019\t4 passages",
    ]
    assert out[2] == "removed\t003_549620f865b56b29.txt"
    assert out[3].startswith(f"5 reports, 70 passages -> {db} in ")
    assert out[3].endswith("(added 1, changed 1, removed 1, unchanged 3)")
    assert (
        main(["--config", str(config), "ask", "--db", str(db), "--json", "温州市教育局2018年收到多少件依申请公开？"])
        == 0
    )
    assert (
        json.loads(capsys.readouterr().out)["answer"]
        == "2018年度，我局收到政府信息依申请公开案件12件，未收取任何费用。"
    )
    assert (
        main(["--config", str(config), "ask", "--db", str(db), "--json", "余姚市教育局2012年主动公开多少条信息"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["answered"] is False


@pytest.mark.slow
def test_a_second_ingest_into_the_same_database_stops_at_once_and_a_dry_run_still_tells(config, tmp_path, capsys):
    db = tmp_path / "kb.db"
    with writing(db):  # another ingest, as far as the lock can tell
        assert main(["--config", str(config), "ingest", "--db", str(db)]) == 1
        assert capsys.readouterr().err == (
            f"Error: another ingest is writing {db} (pid {os.getpid()}); try again when it finishes\n"
        )
        assert not db.exists()
        assert main(["--config", str(config), "ingest", "--db", str(db), "--dry-run"]) == 0
        assert capsys.readouterr().out.splitlines()[-1] == (
            f"dry run: would add 5, change 0, remove 0, unchanged 0; {db} was not touched"
        )
    assert main(["--config", str(config), "ingest", "--db", str(db)]) == 0


# `python -m bot` that the kernel kills (SIGXFSZ) as soon as a file it writes would pass argv[1] bytes: a moment
# fixed by what it has written, however busy the machine. Python ignores SIGXFSZ (the write would only fail):
# its default action, to end the process, is put back; no core file.
KILLED_PAST = (
    "import resource, runpy, signal, sys; limit = int(sys.argv.pop(1)); "
    "resource.setrlimit(resource.RLIMIT_CORE, (0, 0)); resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)); "
    "signal.signal(signal.SIGXFSZ, signal.SIG_DFL); runpy.run_module('bot', run_name='__main__')"
)


@pytest.mark.slow
@pytest.mark.e2e
def test_an_ingest_killed_at_any_moment_leaves_no_process_and_the_old_knowledge_base(ingested, tmp_path, capsys):
    folder = many_reports(tmp_path / "many", copies=30)  # 150 reports: a few seconds with 2 workers
    db = tmp_path / "kb.db"  # the seed reports; its dictionary cache is warm, so only the new file grows large
    before = db.read_bytes()
    ingest = ["--config", str(ingested), "ingest", str(folder)]
    left = set()

    # Reading: killed once it has printed its first report's line. Its stdout is a pipe of one page that is not
    # read further, so it cannot print more than a few dozen of its 150 lines: it is still in its first pass.
    read_end, write_end = os.pipe()
    pipe_size = fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)  # the smallest pipe: one page
    assert pipe_size < 150 * 60  # … far less than its 150 lines of about 70 bytes
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *ingest],
        stdout=write_end,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,  # everything it starts is in its session, even once re-parented
    )
    os.close(write_end)
    try:
        first = first_line(read_end, within=120)
        readers, family = children(process.pid), in_session(process.pid)
        half_written = sorted(tmp_path.glob(".kb.db.*.tmp"))
        process.kill()
        process.wait(timeout=30)
        assert (first.split("\t")[0], bool(readers), half_written) == ("copy00/000_bc8c2b0d3e4e76a9.txt", True, [])
        assert (survivors(family, within=10), survivors(in_session(process.pid), within=10)) == ([], [])
    finally:
        kill_session(process.pid)
        os.close(read_end)
    assert db.read_bytes() == before

    # Writing (its new file twice the old one's size), and late (8 times: half of what it will be).
    for moment, limit in (("writing", 2 * len(before)), ("late", 8 * len(before))):
        process = subprocess.Popen(
            [sys.executable, "-c", KILLED_PAST, str(limit), *ingest],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},  # no .pyc file past the limit either
            start_new_session=True,
        )
        try:
            process.wait(timeout=120)
            half_written = tmp_path / f".kb.db.{process.pid}.tmp"
            grown = len(before) < half_written.stat().st_size <= limit  # (SQLite writes pages out of order)
            assert (moment, process.returncode, grown) == (moment, -signal.SIGXFSZ, True)
            assert survivors(in_session(process.pid), within=10) == []  # its readers died with it
        finally:
            kill_session(process.pid)
        assert db.read_bytes() == before
        KnowledgeBase.check_file(db)
        left.add(half_written.name)
    assert len(left) == 2  # the runs killed while writing left their half-written files
    assert main(ingest) == 0  # … which the next ingest clears
    assert capsys.readouterr().out.splitlines()[-1].endswith("(added 150, changed 0, removed 5, unchanged 0)")
    assert sorted(p.name for p in tmp_path.glob(".kb.db.*")) == [".kb.db.lock"]


def test_importing_the_cli_does_not_import_matplotlib():
    # `reportbot ask` must start fast: matplotlib (bot/present/charts.py) costs about half a second to import.
    run = subprocess.run(
        [sys.executable, "-c", "import sys, bot.cli; print([m for m in sys.modules if m.startswith('matplotlib')])"],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60,
    )  # fmt: skip
    assert (run.stdout, run.stderr) == ("[]\n", "")
