import re

from paths import FIXTURE_REPORTS, SEED_REPORTS

from loaders.clean import clean_text
from loaders.sections import PASSAGE_TARGET_CHARS, heading_of, split_passages, split_sections


def _text(path):
    return clean_text(path.read_text(encoding="utf-8"))


def test_zhangdian_heading_paths():
    sections = split_sections(_text(SEED_REPORTS / "004_fc3ba926d9542043.txt"))
    two = "二、政府信息公开的组织领导和制度建设情况"
    two_two = "（二）完善工作制度，建立政府信息公开工作长效机制"
    ten = "十、政府信息公开工作存在的问题及改进情况"
    assert [s.headings for s in sections] == [
        (),
        ("一、概述",),
        (two, "（一）强化组织领导，为政府信息公开工作提供保障"),
        (two, two_two),
        (two, two_two, "1.建立公开信息审核制度"),
        (two, two_two, "2.加强工作部署和督查"),
        (two, two_two, "3.完善信息公开队伍建设"),
        ("三、发布解读，回应社会关切的问题",),
        ("四、主动公开政府信息情况",),
        ("五、政府信息公开申请的办理情况",),
        ("六、政府信息公开的收费及减免情况",),
        ("七、因政府信息公开申请提起行政复议、诉讼情况",),
        ("八、信息公开保密审查及监督检查情况",),
        ("九、所属事业单位信息公开推进情况",),
        (ten, "（一）工作中存在的主要问题和困难"),
        (ten, "（二）具体解决办法和改进措施"),
    ]


def test_no_content_character_is_lost():
    # Every non-heading character of the cleaned report is in some passage.
    for path in sorted(SEED_REPORTS.glob("*.txt")) + sorted(FIXTURE_REPORTS.glob("*.txt")):
        text = _text(path)
        sections = split_sections(text)
        kept = "".join("".join(s.lines) for s in sections) + "".join("".join(s.headings) for s in sections)
        assert set(re.sub(r"\s", "", text)) <= set(re.sub(r"\s", "", kept)), path.name
        body = "".join(p for s in sections for p in split_passages(s))
        assert sum(len(line) for s in sections for line in s.lines) == len(body.replace("\n", "")), path.name


def test_passages_stay_readable_in_size():
    for section in split_sections(_text(SEED_REPORTS / "000_bc8c2b0d3e4e76a9.txt")):
        for passage in split_passages(section):
            assert len(passage) <= PASSAGE_TARGET_CHARS + 200


def test_heading_markers():
    assert heading_of("第三部分 工作计划") == (1, "第三部分 工作计划", False)
    assert heading_of("(二)依申请公开。全年受理依申请信息公开21件") == (2, "(二)依申请公开", True)
    assert heading_of("4、政府信息公开平台建设") == (3, "4、政府信息公开平台建设", False)
    assert heading_of("2018.12.20") is None
    assert heading_of("规章 | 0 | 0 | 0 | |") is None


def test_table_cells_one_per_line_do_not_become_headings():
    text = "二、主动公开政府信息情况\n信息内容 |\n本年新\n制发件数 |\n规章 |\n0 |"
    assert [s.headings for s in split_sections(text)] == [("二、主动公开政府信息情况",)]
