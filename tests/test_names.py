"""Names as China writes them: the gazetteer, traditional script, years, the agency grammar and how a
question names an agency. Each rule is checked from a table of our own examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.agencies import OrgTable, parse_agency
from knowledge.matching import AgencyIndex
from knowledge.places import CITY, COUNTY, PROVINCE, TOWN, gazetteer, is_place
from knowledge.script import simplified
from knowledge.years import years_in
from loaders.meta import extract_meta


@pytest.mark.parametrize(
    ("written", "place", "level"),
    [
        ("甘南", "甘南藏族自治州", CITY),  # a prefecture by its short name
        ("湘西州", "湘西土家族苗族自治州", CITY),  # an autonomous prefecture as people write it
        ("襄樊市", "襄阳市", CITY),  # renamed in 2010: the former name still finds it
        ("苏巷镇", "苏巷镇", TOWN),
        ("苏巷", "苏巷镇", TOWN),  # a town without its unit
        ("东大街街", "东大街街道", TOWN),  # a street office as it signs itself
        ("黑龙江", "黑龙江省", PROVINCE),
        ("沙坪坝", "沙坪坝区", COUNTY),
    ],
)
def test_the_gazetteer_knows_a_place_however_it_is_written(written, place, level):
    assert (place, level) in [(p.name, p.level) for p in gazetteer().lookup(written)]


@pytest.mark.parametrize("word", ["市委", "城乡", "主动", "国家", "财政", "党政办公室"])
def test_words_that_are_no_place(word):
    assert not is_place(word)


def test_a_town_is_found_with_the_places_above_it():
    chain = [p.name for p in gazetteer().chain(gazetteer().lookup("苏巷镇")[0])]
    assert chain == ["安徽省", "滁州市", "明光市", "苏巷镇"]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("東莞市稅務局2020年主動公開了多少條", "东莞市税务局2020年主动公开了多少条"),
        ("青島市醫療保障局", "青岛市医疗保障局"),
        ("乾县教育局几件", "乾县教育局几件"),  # a place keeps the character it is written with
        ("温州教育局18年收了几件", "温州教育局18年收了几件"),  # simplified script is left alone
    ],
)
def test_traditional_script_is_read_as_simplified(typed, read):
    assert simplified(typed) == read


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2018年和2019年", [2018, 2019]),
        ("18年收了几件", [2018]),
        ("二〇一七年和二零一八年度", [2017, 2018]),
        ("2021", [2021]),  # four digits need no 年
        ("3.18年", []),  # a decimal is no year
        ("收到12件", []),
    ],
)
def test_years_as_questions_write_them(text, years):
    assert [year for year, _ in years_in(text)] == years


@pytest.mark.parametrize(
    ("name", "cores", "org"),
    [
        ("国家税务总局佛山市南海区税务局", ("佛山", "南海"), "税务局"),  # superior body left out
        ("厦门海关", ("厦门",), "海关"),  # a city without its unit before a customs house
        ("宁波市自然资源和规划局北仑分局", ("宁波", "北仑"), "自然资源和规划分局"),  # a branch of a bureau
        ("武汉市公安局江岸区分局", ("武汉", "江岸"), "公安分局"),
        ("延边州教育局", ("延边",), "教育局"),  # an autonomous prefecture by its plain unit
        ("国家统计局", ("国家",), "统计局"),  # a national body: 国家 is its place
        ("自然资源部", (), "自然资源部"),  # a ministry names no place
        ("天津市公安局", ("天津",), "公安局"),  # 公安 is a county too, but 公安局 is an organisation
    ],
)
def test_the_agency_grammar(name, cores, org):
    agency = parse_agency(name)
    assert (agency.cores, agency.org) == (cores, org)


AGENCIES = (
    "国家税务总局佛山市南海区税务局",
    "宁波市自然资源和规划局北仑分局",
    "武汉市公安局江岸区分局",
    "延边朝鲜族自治州教育局",
    "国家统计局",
    "厦门海关",
    "厦门市人民政府",
    "九龙坡区人民政府",
    "九龙坡区人民政府办公室",
)


@pytest.mark.parametrize(
    ("question", "agency"),
    [
        ("南海税务局去年收了几件申请", "国家税务总局佛山市南海区税务局"),
        ("佛山市南海区税务局电话", "国家税务总局佛山市南海区税务局"),
        ("北仑分局2021年公开了多少条", "宁波市自然资源和规划局北仑分局"),
        ("北仑规划分局2021年公开了多少条", "宁波市自然资源和规划局北仑分局"),
        ("江岸公安分局的地址", "武汉市公安局江岸区分局"),
        ("江岸区公安分局的地址", "武汉市公安局江岸区分局"),
        ("延边教育局2020年", "延边朝鲜族自治州教育局"),
        ("延边州教育局2020年", "延边朝鲜族自治州教育局"),
        ("国家统计局2019年", "国家统计局"),
        ("厦门海关2022年邮编", "厦门海关"),  # the customs house, not the city's government
        ("九龙坡区政府办2021年", "九龙坡区人民政府办公室"),  # the office, not the government
        ("九龙坡区政府2021年", "九龙坡区人民政府"),
        ("九龙坡区2021年收到几件申请", "九龙坡区人民政府"),  # a place alone: its government, not the office
        ("佛山市南海区的税务局电话", "国家税务总局佛山市南海区税务局"),  # a 的 between place and organisation
        ("九龙坡区人民政府办公室2021年", "九龙坡区人民政府办公室"),  # not also the government it starts with
    ],
)
def test_a_question_names_an_agency_by_its_structure(question, agency):
    index = AgencyIndex([parse_agency(n) for n in AGENCIES], OrgTable.load())
    assert [m.agency.name for m in index.match(question)] == [agency]


def test_a_place_above_the_agencys_said_after_it_is_no_part_of_its_name():
    index = AgencyIndex([parse_agency("佛山市南海区人民政府")], OrgTable.load())
    for question, name in (
        ("南海区2020年执行的佛山市工作方案文号", "南海区"),
        ("佛山市南海区2020年工作要点", "佛山市南海区"),
    ):
        assert [question[slice(*m.span)] for m in index.match(question)] == [name]


def test_two_towns_coordinated_under_one_place_are_two_mentions():
    names = ("佛山市南海区桂城街道办事处", "佛山市南海区罗村街道办事处")
    index = AgencyIndex([parse_agency(n) for n in names], OrgTable.load())
    question = "南海区桂城街和罗村街道2021年各主动公开了多少"
    found = sorted((m.agency.name, question[slice(*m.span)]) for m in index.match(question))
    assert found == [("佛山市南海区桂城街道办事处", "南海区桂城街"), ("佛山市南海区罗村街道办事处", "罗村街道")]


def test_another_organisation_of_the_place_is_not_this_one():
    index = AgencyIndex([parse_agency(n) for n in ("秦淮区文化和旅游局", "秦淮区教育局")], OrgTable.load())
    assert [m.agency.name for m in index.match("秦淮区教育局2020年")] == ["秦淮区教育局"]
    only = AgencyIndex([parse_agency("秦淮区文化和旅游局")], OrgTable.load())
    assert only.match("秦淮区教育局2020年") == []


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        # the fullest mention wins, and the superior body comes with it
        (
            "根据条例，特向社会公布2021年度国家税务总局佛山市南海区税务局政府信息公开工作报告。\n南海区税务局全年…",
            "国家税务总局佛山市南海区税务局",
        ),
        # a province before its prefecture city, a prefecture before a county-level city are not said
        ("浙江省宁波市气象局2019年政府信息公开工作年度报告\n一、总体情况", "宁波市气象局"),
        ("金华市义乌市佛堂镇2020年政府信息公开工作年度报告\n一、总体情况", "义乌市佛堂镇人民政府"),
        # a district keeps its city
        ("金华市婺城区2020年政府信息公开工作年度报告\n一、总体情况", "金华市婺城区人民政府"),
        # a ministry names no place
        ("2011年自然资源部政府信息公开工作年度报告\n一、概述", "自然资源部"),
        # an office inside the agency is the agency; an agency's name spells 人民政府
        ("如有疑问，请与南浔区练市镇人民政府党政办公室联系（电话：0572-1234567）。", "南浔区练市镇人民政府"),
        ("小榄镇政府办公室2010年政府信息公开工作年度报告\n一、概述", "小榄镇人民政府办公室"),
        # a customs district is its customs house; a zone is governed by its committee, a street by its office
        ("宁波海关关区2022年政府信息公开工作年度报告\n一、总体情况", "宁波海关"),
        ("昆山高新区2022年政府信息公开工作年度报告\n一、总体情况", "昆山高新区管理委员会"),
        ("城厢街道2021年度政府信息公开工作报告\n一、总体情况", "城厢街道办事处"),
        # a title's short form of the organisation gives way to the formal name the text uses
        ("嘉兴市市场监管局2022年政府信息公开工作年度报告\n嘉兴市市场监督管理局高度重视。", "嘉兴市市场监督管理局"),
        # a name starts where its place starts, not with the sentence's words
        ("一、总体情况\n本报告电子版可在绍兴市交通运输局网站下载。", "绍兴市交通运输局"),
        # the subject of the year's work is the reporting body, or its place for a government's report
        ("一、总体情况\n2020年，德清县高度重视政务公开工作。德清县紧紧围绕中心工作。", "德清县人民政府"),
    ],
)
def test_a_reports_agency_read_from_its_own_text(text, agency):
    assert extract_meta(text, "r.txt").agency == agency


@pytest.mark.parametrize(
    "text",
    [
        "一、总体情况\n2021年，主动向市委报告工作。",  # a sentence fragment that ends like an agency
        "2011年，党政办公室牵头开展政府信息公开工作。",  # an office with no place
    ],
)
def test_a_fragment_is_never_a_reports_agency(text):
    assert extract_meta(text, "r.txt").agency is None


def test_a_sentence_that_mentions_last_years_report_is_no_title():
    text = (
        "本年度报告根据《条例》要求编制。及时公开区司法局2023年度政府信息公开年报，并在网站公开。\n"
        "本年度报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。"
    )
    assert extract_meta(text, "r.txt").year == 2024


def test_every_short_form_of_an_organisation_says_why():
    text = (Path(__file__).resolve().parent.parent / "knowledge" / "data" / "orgs.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert rows[0] == ["organisation", "forms", "why"]
    assert [row[0] for row in rows[1:] if len(row) != 3 or not row[2].strip()] == []


def test_the_gazetteer_records_its_source_version_and_licence():
    import gzip

    table = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "places.tsv.gz"
    header = gzip.decompress(table.read_bytes()).decode("utf-8").splitlines()[:4]
    assert header[1].startswith("# source: jionlp 1.5.31 (Apache-2.0), dictionary/china_location.zip")
    assert header[2] == "# made by: python -m knowledge.gazetteer_build"
    assert header[3] == "id\tparent\tlevel\tname\tshort\tformer"


def test_a_state_council_body_the_reports_do_not_hold_is_named_as_unknown_with_the_bodies_held():
    from knowledge.agencies import OrgTable, parse_agency
    from knowledge.hints import AgencyHints

    orgs = OrgTable.load()
    hints = AgencyHints([parse_agency(n) for n in ("财政部", "海关总署", "营口市教育局")], orgs)
    assert hints.named("商务部2010年的传真是多少") == "商务部"
    assert hints.named("国家医保局去年收到几件申请") == "国家医保局"
    assert hints.closest("商务部") == ["财政部", "海关总署"]
    assert hints.named("全部公开了吗") is None  # 部 ends many words; only the bodies' own names count
    assert hints.named("教育部门的电话是多少") is None  # 部门 is a department, not 教育部
