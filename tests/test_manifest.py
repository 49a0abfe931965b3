import json
import shutil

import pytest
from paths import FIXTURE_REPORTS

from bot.cli import main
from loaders import load_report, read_manifest
from loaders.files import file_digest
from loaders.manifest import Override, drop_entries, set_entry


def test_manifest_overrides_by_resolved_path_and_reports_bad_lines(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports.jsonl").write_text(
        '{"file": "reports/a.txt", "agency": "济宁市人力资源和社会保障局", "year": 2020}\n'
        "not json\n"
        '{"file": "reports/b.txt", "year": 2014}\n',
        encoding="utf-8",
    )
    overrides, warnings = read_manifest(tmp_path / "reports")  # found in the folder above
    assert overrides == {
        (tmp_path / "reports" / "a.txt").resolve(): Override("济宁市人力资源和社会保障局", 2020),
        (tmp_path / "reports" / "b.txt").resolve(): Override(None, 2014),
    }
    assert warnings == ["reports.jsonl:2: ignored (not a JSON object)"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"file": "a.txt", "year": 1e308}', "year must be a whole number between 1990 and 2100"),
        ('{"file": "a.txt", "year": true}', "year must be a whole number between 1990 and 2100"),
        ('{"file": "a.txt", "year": -5}', "year must be a whole number between 1990 and 2100"),
        ('{"file": "a.txt", "year": 2020.0}', "year must be a whole number between 1990 and 2100"),
        ('{"file": "a.txt", "year": "2020"}', "year must be a whole number between 1990 and 2100"),
        ('{"file": 42, "year": 2020}', "file must be the report's path"),
        ('{"file": "", "year": 2020}', "file must be the report's path"),
        ('{"year": 2020}', "file must be the report's path"),
        ('{"file": "/etc/passwd", "year": 2020}', "file must be a path inside the folder of reports.jsonl"),
        ('{"file": "../elsewhere/a.txt", "year": 2020}', "file must be a path inside the folder of reports.jsonl"),
        ('{"file": "a\\u0000.txt", "year": 2020}', "file must be a path inside the folder of reports.jsonl"),
        ('{"file": "a.txt", "agency": 7}', "agency must be a name of at most 60 characters on one line"),
        ('{"file": "a.txt", "agency": "温州市\\n教育局"}', "agency must be a name of at most 60 characters on one line"),
        (json.dumps({"file": "a.txt", "agency": "局" * 61}), "agency must be a name of at most 60 characters on one line"),
        (json.dumps({"file": "a.txt", "agency": "局" * 5_000_000}, ensure_ascii=False), "longer than 5000 characters"),
        ("[" * 4000, "not a JSON object"),
        ('["a.txt", 2020]', "not a JSON object"),
    ],
    ids=[
        "year-1e308", "year-true", "year-negative", "year-float", "year-string", "file-number", "file-empty",
        "file-missing", "file-absolute", "file-above", "file-nul", "agency-number", "agency-newline",
        "agency-61", "agency-15MB", "deep-json", "array",
    ],
)  # fmt: skip
def test_a_bad_line_is_ignored_with_its_number_and_a_plain_reason_and_the_others_apply(tmp_path, line, reason):
    (tmp_path / "reports.jsonl").write_text(
        f'{{"file": "b.txt", "agency": "温州市教育局", "year": 2018}}\n{line}\n{{"file": "sub/../c.txt", "year": 1990}}\n',
        encoding="utf-8",
    )
    assert read_manifest(tmp_path) == (
        {
            (tmp_path / "b.txt").resolve(): Override("温州市教育局", 2018),
            (tmp_path / "c.txt").resolve(): Override(None, 1990),
        },
        [f"reports.jsonl:2: ignored ({reason})"],
    )


def test_a_manifest_is_read_a_line_at_a_time_and_a_huge_line_is_skipped_unheld(tmp_path):
    with (tmp_path / "reports.jsonl").open("wb") as f:
        f.write(b'{"file": "a.txt", "year": 2020}\n')
        f.truncate(21 * 1024 * 1024)  # sparse: 21 MB of NUL bytes on paper, one line
        f.seek(0, 2)
        f.write(b'\n{"file": "b.txt", "year": 2021}\n')
    assert read_manifest(tmp_path) == (
        {(tmp_path / "a.txt").resolve(): Override(None, 2020), (tmp_path / "b.txt").resolve(): Override(None, 2021)},
        ["reports.jsonl:2: ignored (longer than 5000 characters)"],
    )


def test_a_manifest_line_that_is_not_utf8_is_ignored_and_the_others_apply(tmp_path):
    (tmp_path / "reports.jsonl").write_bytes(
        '{"file": "a.txt", "agency": "温州市教育局"}\n'.encode("gb18030") + b'{"file": "b.txt", "year": 2020}\n'
    )
    assert read_manifest(tmp_path) == (
        {(tmp_path / "b.txt").resolve(): Override(None, 2020)},
        ["reports.jsonl:1: ignored (not UTF-8 text)"],
    )


def test_no_manifest_means_no_overrides(tmp_path):
    assert read_manifest(tmp_path) == ({}, [])


def test_override_wins_over_the_text_and_silences_its_warning(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("一、总体情况\n2020年,市人力资源社会保障局全年受理依申请信息公开21件。\n", encoding="utf-8")
    report, _ = load_report(path)
    assert (report.agency, report.year, report.warnings) == (
        "市人力资源社会保障局",
        2020,
        (
            "r.txt: year 2020 inferred from the years the text mentions most",
            "r.txt: agency 市人力资源社会保障局 is not qualified with a place name",
        ),
    )
    report, _ = load_report(path, override=Override("济宁市人力资源和社会保障局", 2020))
    assert (report.agency, report.year, report.warnings) == ("济宁市人力资源和社会保障局", 2020, ())


@pytest.mark.slow
def test_ingest_uses_the_manifest(tmp_path, capsys):
    (tmp_path / "reports").mkdir()
    shutil.copy(FIXTURE_REPORTS / "heping_fgw_2019.txt", tmp_path / "reports" / "h.txt")
    (tmp_path / "reports.jsonl").write_text(
        '{"file": "reports/h.txt", "agency": "天津市和平区发展和改革委员会"}\n', encoding="utf-8"
    )
    config = tmp_path / "c.toml"
    config.write_text(f'[knowledge]\ncache_dir = "{tmp_path / "cache"}"\n', encoding="utf-8")
    assert main(["--config", str(config), "ingest", str(tmp_path), "--db", str(tmp_path / "kb.db")]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "reports/h.txt\t天津市和平区发展和改革委员会\t2019\t4 passages"


@pytest.mark.slow
def test_ask_cites_the_url_reports_jsonl_gives_and_json_has_it(tmp_path, capsys):
    url = "http://www.tjhp.gov.cn/zw/zfxxgk/zfgbm/qfzggw/zfxxgknb/202012/t20201230_5252166.html"
    (tmp_path / "reports").mkdir()
    shutil.copy(FIXTURE_REPORTS / "heping_fgw_2019.txt", tmp_path / "reports" / "h.txt")
    (tmp_path / "reports.jsonl").write_text(
        json.dumps({"file": "reports/h.txt", "source": url}) + "\n", encoding="utf-8"
    )
    config = tmp_path / "c.toml"
    config.write_text(f'[knowledge]\ncache_dir = "{tmp_path / "cache"}"\n', encoding="utf-8")
    db = str(tmp_path / "kb.db")
    assert main(["--config", str(config), "ingest", str(tmp_path / "reports"), "--db", db]) == 0
    capsys.readouterr()
    assert main(["--config", str(config), "ask", "和平区发改委2019年收到多少件政府信息公开申请", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"出处：和平区发展改革委 · 2019年 · 一、总体情况 · {url}"  # the url, not h.txt
    assert (
        main(["--config", str(config), "ask", "和平区发改委2019年收到多少件政府信息公开申请", "--db", db, "--json"])
        == 0
    )
    answer = json.loads(capsys.readouterr().out)
    assert (answer["url"], answer["source"]) == (url, "h.txt")


def test_both_manifests_are_read_and_the_reports_folders_own_line_wins(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports.jsonl").write_text(
        '{"file": "reports/a.txt", "agency": "营口市教育局", "year": 2019}\n'
        '{"file": "reports/b.txt", "agency": "营口市财政局"}\n',
        encoding="utf-8",
    )
    (tmp_path / "reports" / "reports.jsonl").write_text('{"file": "a.txt", "year": 2020}\n', encoding="utf-8")
    assert read_manifest(tmp_path / "reports") == (
        {
            (tmp_path / "reports" / "a.txt").resolve(): Override(None, 2020),
            (tmp_path / "reports" / "b.txt").resolve(): Override("营口市财政局", None),
        },
        [],
    )


def test_a_line_with_a_digest_holds_only_while_the_file_has_those_bytes(tmp_path):
    (tmp_path / "a.txt").write_text("第一份报告", encoding="utf-8")
    set_entry(
        tmp_path, "a.txt", agency="营口市教育局", year=2020, original="a.txt", digest=file_digest(tmp_path / "a.txt")
    )
    assert read_manifest(tmp_path) == ({(tmp_path / "a.txt").resolve(): Override("营口市教育局", 2020)}, [])
    (tmp_path / "a.txt").write_text("另一份报告，同一个名字", encoding="utf-8")
    assert read_manifest(tmp_path) == ({}, ["reports.jsonl:1: ignored (written for other bytes of a.txt)"])


def test_set_entry_replaces_what_was_said_of_a_file_and_drop_entries_takes_it_out(tmp_path):
    (tmp_path / "reports.jsonl").write_text(
        '{"file": "a.txt", "year": 2019}\n{"file": "b.txt", "year": 2018}\n', encoding="utf-8"
    )
    set_entry(tmp_path, "a.txt", agency="营口市教育局", year=2020, original="年报.txt", digest="0" * 64)
    assert (tmp_path / "reports.jsonl").read_text(encoding="utf-8").splitlines() == [
        '{"file": "b.txt", "year": 2018}',
        '{"file": "a.txt", "agency": "营口市教育局", "year": 2020, "original": "年报.txt", "sha256": "'
        + "0" * 64
        + '"}',
    ]
    assert drop_entries(tmp_path, "b.txt") == [{"file": "b.txt", "year": 2018}]
    assert drop_entries(tmp_path, "b.txt") == []
    assert [json.loads(line)["file"] for line in (tmp_path / "reports.jsonl").read_text().splitlines()] == ["a.txt"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"], ids=["U+2028", "U+2029", "U+0085"])
def test_a_file_name_that_holds_a_line_separator_stays_one_line(tmp_path, separator):
    name = f"年报{separator}2020.txt"
    set_entry(tmp_path, name, agency="营口市教育局", year=2020, original=name, digest="0" * 64)
    written = (tmp_path / "reports.jsonl").read_text(encoding="utf-8")
    assert len(written.splitlines()) == 1  # even for a reader that splits as str.splitlines does
    assert read_manifest(tmp_path) == ({(tmp_path / name).resolve(): Override("营口市教育局", 2020)}, [])


def test_a_manifest_that_links_outside_its_folder_is_not_read(tmp_path):
    (tmp_path / "elsewhere.jsonl").write_text('{"file": "a.txt", "year": 2020}\n', encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "reports.jsonl").symlink_to(tmp_path / "elsewhere.jsonl")
    overrides, warnings = read_manifest(tmp_path / "reports")
    assert overrides == {}
    assert warnings == ["reports.jsonl: ignored (links outside the reports folder)"]


def test_rewriting_keeps_the_lines_it_cannot_read_and_the_files_mode(tmp_path):
    manifest = tmp_path / "reports.jsonl"
    manifest.write_bytes('{"file": "a.txt", "agency": "温州市教育局"}\n'.encode("gb18030"))
    manifest.chmod(0o640)
    set_entry(tmp_path, "b.txt", agency=None, year=2020, original="b.txt", digest="0" * 64)
    assert manifest.read_bytes().split(b"\n")[0] == '{"file": "a.txt", "agency": "温州市教育局"}'.encode("gb18030")
    assert manifest.stat().st_mode & 0o777 == 0o640


def test_a_source_url_is_read_from_source_or_url_and_anything_but_http_is_dropped_with_a_warning(tmp_path):
    (tmp_path / "reports.jsonl").write_text(
        '{"file": "a.txt", "year": 2019, "source": "http://www.tjhp.gov.cn/zw/t20201230_5252166.html"}\n'
        '{"file": "b.txt", "url": "https://wjw.zhangzhou.gov.cn/cms/1591338493.html"}\n'
        '{"file": "c.txt", "agency": "营口市教育局", "source": "javascript:alert(1)"}\n'
        '{"file": "d.txt", "year": 2020, "url": "file:///etc/passwd"}\n',
        encoding="utf-8",
    )
    assert read_manifest(tmp_path) == (
        {
            (tmp_path / "a.txt").resolve(): Override(None, 2019, "http://www.tjhp.gov.cn/zw/t20201230_5252166.html"),
            (tmp_path / "b.txt").resolve(): Override(None, None, "https://wjw.zhangzhou.gov.cn/cms/1591338493.html"),
            (tmp_path / "c.txt").resolve(): Override("营口市教育局", None),
            (tmp_path / "d.txt").resolve(): Override(None, 2020),
        },
        [
            "reports.jsonl:3: url dropped (not an http(s) address: javascript:alert(1))",
            "reports.jsonl:4: url dropped (not an http(s) address: file:///etc/passwd)",
        ],
    )


def test_the_url_reaches_the_report_and_changes_its_digest(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("一、总体情况\n2020年,营口市教育局全年受理依申请信息公开21件。\n", encoding="utf-8")
    plain, _ = load_report(path, override=Override("营口市教育局", 2020))
    linked, _ = load_report(path, override=Override("营口市教育局", 2020, "http://jyj.yingkou.gov.cn/nb2020.html"))
    assert (plain.url, linked.url) == ("", "http://jyj.yingkou.gov.cn/nb2020.html")
    assert plain.sha256 != linked.sha256  # a new address is read again at the next ingest


def test_set_entry_writes_the_url_only_when_there_is_one(tmp_path):
    set_entry(tmp_path, "a.txt", agency=None, year=2020, original="a.txt", digest="0" * 64)
    set_entry(tmp_path, "b.txt", agency=None, year=2021, original="b.txt", digest="0" * 64, url="https://a.cn/b.html")
    assert [json.loads(line).get("url") for line in (tmp_path / "reports.jsonl").read_text().splitlines()] == [
        None,
        "https://a.cn/b.html",
    ]
    with pytest.raises(ValueError, match="^ftp://a.cn is not an http"):
        set_entry(tmp_path, "c.txt", agency=None, year=2021, original="c.txt", digest="0" * 64, url="ftp://a.cn")
