import pytest

from knowledge.agencies import OrgTable, parse_agency
from knowledge.matching import AgencyIndex

KNOWN = [
    "张店区教育局",
    "温州市教育局",
    "温州市公安局",
    "和平区发展改革委",
    "漳州市卫生健康委员会",
    "内蒙古自治区卫生健康委员会",
    "金华市市场监管局",
    "池州市公安贵池分局",
    "上海市公安局黄浦分局",
    "上海市黄浦区人民政府",
    "三明市财政局",
    "永安市财政局",
    "厦门市湖里区财政局",
    "厦门市公安局",
    "东河区卫生健康委员会",
    "东河区人民政府",
]


@pytest.fixture(scope="module")
def orgs():
    return OrgTable.load()


def _names(question, orgs):
    return [m.agency.name for m in AgencyIndex([parse_agency(n) for n in KNOWN], orgs).match(question)]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("张店教育局收到过信息公开申请吗", ["张店区教育局"]),  # short place form
        ("温州教育局开了几次新闻发布会", ["温州市教育局"]),
        ("和平发改委解读了啥电价政策", ["和平区发展改革委"]),  # short org form, 和 starts a place
        ("漳州卫建委2021年政策解读", ["漳州市卫生健康委员会"]),  # one-character typo in the org
        ("厦门市公按局2019年", ["厦门市公安局"]),
        ("内蒙卫健委2020年报", ["内蒙古自治区卫生健康委员会"]),  # 内蒙 for 内蒙古
        ("自治区卫健委疫情期间开了啥专栏", ["内蒙古自治区卫生健康委员会"]),  # level word + org only
        ("金华市场监管局2022年主动公开了多少条", ["金华市市场监管局"]),  # 市 belongs to 市场
        ("贵池公安分局2020年", ["池州市公安贵池分局"]),  # district inside the org name
        ("黄浦公安分局信息公开办电话", ["上海市公安局黄浦分局"]),
        ("黄浦区政府2015年", ["上海市黄浦区人民政府"]),
        ("东河区2022年行政许可", ["东河区人民政府"]),  # place only: its government
        ("永安财政局2021年共制作信息多少条", ["永安市财政局"]),  # a county-level city, not 三明
        ("三明市财政局信息公开配了几个人", ["三明市财政局"]),
        ("湖里区财政局电话", ["厦门市湖里区财政局"]),
    ],
)
def test_questions_name_the_right_agency(question, expected, orgs):
    assert _names(question, orgs) == expected


@pytest.mark.parametrize(
    "question",
    [
        "杭州市教育局2018年收到多少件依申请公开",  # unknown city
        "温州市气象局2018年",  # known city, another organisation
        "厦门财政局2021年",  # the city has no 财政局 here; 湖里区财政局 is a district bureau
        "今天天气怎么样",
    ],
)
def test_questions_naming_no_known_agency_match_nothing(question, orgs):
    assert _names(question, orgs) == []


def test_parse_agency_places_and_org():
    agency = parse_agency("武进区湖塘镇人民政府")
    assert (agency.places, agency.cores, agency.org) == (("武进区", "湖塘镇"), ("武进", "湖塘"), "人民政府")
    assert parse_agency("宣城市住房和城乡建设局").org == "住房和城乡建设局"
    assert parse_agency("广西壮族自治区柳州市教育局").cores == ("广西", "柳州")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("黄埔区政府2015年由什么会议审议", ["上海市黄浦区人民政府"]),  # 埔 for 浦: same sound
        ("厦门市公按局电话", ["厦门市公安局"]),
        ("杭州市教育局电话", []),  # 杭 and 温 sound different: another city, not a typo
    ],
)
def test_homophone_typos_in_place_names(question, expected, orgs):
    assert _names(question, orgs) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("营口海观2023年办公地址", ["营口海关"]),  # 观 for 关: same sound, the organisation is meant
        ("营口市财证局电话", ["营口市财政局"]),
        ("营口海景2023年", ["营口市人民政府"]),  # 景 sounds otherwise: the city, not its customs
    ],
)
def test_homophone_typos_in_organisation_names(question, expected, orgs):
    index = AgencyIndex([parse_agency(n) for n in ("营口海关", "营口市财政局", "营口市人民政府")], orgs)
    assert [m.agency.name for m in index.match(question)] == expected


def test_an_agency_without_a_place_matches_only_by_its_organisation(orgs):
    index = AgencyIndex([parse_agency("市人力资源社会保障局"), parse_agency("温州市教育局")], orgs)
    assert [m.agency.name for m in index.match("济宁人社局2020年收到行政复议几件")] == ["市人力资源社会保障局"]
    assert index.match("今天天气怎么样") == []
    assert [m.agency.name for m in index.match("温州教育局电话")] == ["温州市教育局"]
