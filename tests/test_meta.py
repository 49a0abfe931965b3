import pytest
from paths import FIXTURE_REPORTS, SEED_REPORTS

from loaders.clean import clean_text
from loaders.meta import extract_meta
from loaders.report import load_report


@pytest.mark.parametrize(
    ("name", "agency", "year"),
    [
        ("000_bc8c2b0d3e4e76a9.txt", "温州市教育局", 2018),  # no title: contact line and signature
        ("001_b7894a410e827a12.txt", "沈阳市教育局", 2018),  # title says 市教育局; the contact line qualifies it
        ("002_295c690ec65ccc59.txt", "柳州市教育局", 2018),  # title wraps over two lines
        ("003_549620f865b56b29.txt", "余姚市教育局", 2012),  # 2012年度市教育局…总结, agency on the next line
        ("004_fc3ba926d9542043.txt", "张店区教育局", 2017),
    ],
)
def test_seed_reports_agency_and_year(name, agency, year):
    meta = extract_meta(clean_text((SEED_REPORTS / name).read_text(encoding="utf-8")), name)
    assert (meta.agency, meta.year, meta.warnings) == (agency, year, ())


@pytest.mark.parametrize(
    ("name", "agency", "year"),
    [
        ("heping_fgw_2019.txt", "和平区发展改革委", 2019),
        ("huli_finance_2021.txt", "厦门市湖里区财政局", 2021),  # title beats the shorter 发布机构 line
        ("xiaogan_housing_2014.txt", "孝感市住房保障和房屋管理局", 2014),  # 市… qualified from 孝感市人民政府
    ],
)
def test_fixture_reports_agency_and_year(name, agency, year):
    meta = extract_meta(clean_text((FIXTURE_REPORTS / name).read_text(encoding="utf-8")), name)
    assert (meta.agency, meta.year) == (agency, year)


def test_year_is_the_covered_year_not_the_publication_date():
    text = "市教育局2018年度政府信息公开报告\n2019年03月28日来源:市教育局\n如有疑问请与沈阳市教育局办公室联系(地址:沈阳市)。"
    assert extract_meta(text, "a.txt").year == 2018


def test_statistics_period_gives_the_year_when_there_is_no_title():
    text = "本报告所列数据的统计期限自2017年1月1日起，至2017年12月31日止。请与张店区教育局办公室联系（电话：1）。"
    meta = extract_meta(text, "b.txt")
    assert (meta.agency, meta.year) == ("张店区教育局", 2017)


def test_a_title_naming_only_a_place_is_that_places_government():
    meta = extract_meta("东河区2022年政府信息公开工作年度报告\n一、总体情况", "c.txt")
    assert meta.agency == "东河区人民政府"


@pytest.mark.parametrize(
    ("mentions", "agency"),
    [
        ("根据齐齐哈尔市人民政府办公室通知，", "齐齐哈尔市教育局"),  # a four-character city keeps its first character
        ("根据孝感市人民政府通知，依照孝感市委要求，", "孝感市教育局"),  # 根据/依照 precede it, the place is in both
    ],
)
def test_a_bare_agency_takes_the_place_the_text_names_before_its_institutions(mentions, agency):
    text = f"市教育局2018年政府信息公开工作年度报告\n{mentions}市教育局编制本报告。"
    assert extract_meta(text, "d.txt").agency == agency


def test_unknown_agency_and_year_are_none_with_warnings_naming_the_file():
    meta = extract_meta("一、总体情况\n我们做了很多工作。", "mystery.txt")
    assert (meta.agency, meta.year) == (None, None)
    assert meta.warnings == ("mystery.txt: no report year found", "mystery.txt: no issuing agency found")


@pytest.mark.parametrize(
    ("text", "agency", "year"),
    [
        (
            "首页\n菜单广州市交通运输局2023年政府信息公开工作年度报告\n一、总体情况\n"
            "2023年，广州市交通运输局认真贯彻条例。\n如有疑问，请与广州市交通运输局办公室联系（电话：020-1）。",
            "广州市交通运输局",
            2023,
        ),
        ("网站导航宁波市民政局2021年政府信息公开工作年度报告\n本报告由宁波市民政局编制。", "宁波市民政局", 2021),
        (  # no title: the letterhead line votes with the glued word, the contact line without it
            "返回顶部菜单广州市交通运输局\n一、总体情况\n2022年1月1日至2022年12月31日，我局收到申请3件。\n"
            "请与广州市交通运输局办公室联系（电话：020-1）。",
            "广州市交通运输局",
            2022,
        ),
    ],
    ids=["menu-before-title", "nav-before-title", "menu-before-letterhead"],
)
def test_a_navigation_word_glued_before_the_place_does_not_join_the_agency(text, agency, year):
    assert (extract_meta(text, "page.html").agency, extract_meta(text, "page.html").year) == (agency, year)


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("齐齐哈尔市教育局2018年政府信息公开工作年度报告\n一、总体情况", "齐齐哈尔市教育局"),  # named once
        ("乌鲁木齐市民政局2019年政府信息公开工作年度报告\n请与乌鲁木齐市民政局联系（电话：1）。", "乌鲁木齐市民政局"),
        (  # 彝族自治州 is named for another prefecture too; 楚雄 still starts every mention of the agency
            "楚雄彝族自治州教育体育局2020年政府信息公开工作年度报告\n根据红河哈尼族彝族自治州经验，"
            "楚雄彝族自治州教育体育局编制本报告。",
            "楚雄彝族自治州教育体育局",
        ),
    ],
    ids=["qiqihar-once", "urumqi-twice", "chuxiong"],
)
def test_a_long_place_name_keeps_its_first_characters(text, agency):
    assert extract_meta(text, "r.txt").agency == agency


def test_a_saved_page_naming_its_agency_once_keeps_menu_words_out_of_the_name(tmp_path):
    # Only the title names the agency; the page's <title> tells where the report's title starts.
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>宁波市民政局2021年政府信息公开工作年度报告_宁波市民政局</title></head><body><div>"
        "<span>返回首页</span><span>宁波市民政局2021年政府信息公开工作年度报告</span>"
        "<p>一、总体情况</p><p>2021年，我局主动公开政府信息356条。</p></div></body></html>",
        encoding="utf-8",
    )
    report, _ = load_report(page)
    assert (report.agency, report.year, report.title) == (
        "宁波市民政局",
        2021,
        "宁波市民政局2021年政府信息公开工作年度报告",
    )


# An excerpt without a title: what the text says of itself decides, by the rules the cases name.
@pytest.mark.parametrize(
    ("text", "agency", "year"),
    [
        # One year named once, no other year: the report is about that year.
        ("2016年,我局在县委的领导下推进政务公开。\n全年公开信息35条。", None, 2016),
        # The sentence telling of the year's work opens with the body: "2021年,X在…指导下".
        (
            "2021年,营口市站前区人民政府办公室在市政府办公厅指导下推进公开。\n市政府办公厅部署了工作。",
            "营口市站前区人民政府办公室",
            2021,
        ),
        # A bare name said once is a weak hint, qualified by the county the text names.
        ("2012年,县林业局政府信息公开工作按照通化县政府的要求开展。", "通化县林业局", 2012),
        # Two bodies cited alike: the one whose unit's government leads the work (区委、区政府).
        (
            "2015年,我局在区委、区政府领导下,制定《潮安区水务局公开办法》,执行《潮州市水务局保密制度》,"
            "通过区政府网站和潮安区水务网站公开。",
            "潮安区水务局",
            2015,
        ),
        # A street office signs with its street: 立新街 is 立新街道.
        ("立新街2021年政府信息公开工作年度报告\n一、总体情况", "立新街道办事处", 2021),
    ],
    ids=["one-year", "subject-at-work", "bare-once", "led-by-unit", "street-sign"],
)
def test_agency_and_year_from_an_excerpt(text, agency, year):
    meta = extract_meta(text, "a.txt")
    assert (meta.agency, meta.year) == (agency, year)
