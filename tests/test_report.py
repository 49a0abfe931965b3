from pathlib import Path

import pytest
from paths import FIXTURE_REPORTS

from loaders import ReportUnreadable, load_report


def test_load_report_gives_report_and_ordered_passages():
    report, passages = load_report(FIXTURE_REPORTS / "heping_fgw_2019.txt", root=FIXTURE_REPORTS.parent)
    assert (report.report_id, report.source, report.agency, report.year) == (
        "reports/heping_fgw_2019.txt",
        "reports/heping_fgw_2019.txt",
        "和平区发展改革委",
        2019,
    )
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    assert passages[1].headings == ("一、总体情况",)
    assert passages[2].headings == ("一、总体情况",)
    assert passages[2].text.startswith("一年来,我委积极回应群众关切")
    assert len(report.sha256) == 64


def test_gbk_report_loads_like_its_utf8_twin(tmp_path):
    source = (FIXTURE_REPORTS / "heping_fgw_2019.txt").read_text(encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(source.encode("gb18030"))
    gbk, gbk_passages = load_report(tmp_path / "gbk.txt")
    utf8, utf8_passages = load_report(FIXTURE_REPORTS / "heping_fgw_2019.txt")
    assert (gbk.agency, gbk.year) == (utf8.agency, utf8.year)
    assert [p.text for p in gbk_passages] == [p.text for p in utf8_passages]


def test_a_file_of_page_furniture_only_is_unreadable(tmp_path):
    path = tmp_path / "chrome.txt"
    path.write_text("首页 > 政务公开 > 年报\n[字体: ] 打印\n", encoding="utf-8")
    with pytest.raises(ReportUnreadable, match=r"^chrome.txt: no text left after removing page furniture$"):
        load_report(Path(path))
