import shutil

from paths import FIXTURE_REPORTS

from bot.cli import main
from loaders import load_report, read_manifest
from loaders.manifest import Override


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
    assert len(warnings) == 1 and warnings[0].startswith("reports.jsonl:2: ignored")


def test_no_manifest_means_no_overrides(tmp_path):
    assert read_manifest(tmp_path) == ({}, [])


def test_override_wins_over_the_text_and_silences_its_warning(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("一、总体情况\n2020年,市人力资源社会保障局全年受理依申请信息公开21件。\n", encoding="utf-8")
    report, _ = load_report(path)
    assert (report.agency, report.year) == (None, None)
    report, _ = load_report(path, override=Override("济宁市人力资源和社会保障局", 2020))
    assert (report.agency, report.year, report.warnings) == ("济宁市人力资源和社会保障局", 2020, ())


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
