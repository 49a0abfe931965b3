import pytest

from knowledge.kinds import Thing, asked, holds, states_number
from knowledge.models import Kind


def test_states_number_respects_the_unit_asked_for():
    assert states_number("全文由六个部分组成。", "依申请公开信息几条") is False
    assert states_number("依申请公开信息459条", "依申请公开信息几条") is True
    assert states_number("受理依申请公开3例", "收到几件依申请公开") is True  # 件 ~ 例
    assert states_number("配备1名兼职工作人员", "配了几个人") is True
    assert states_number("规范性文件 | 0 | 0 | 0 | |", "规范性文件多少件") is True


def test_a_case_counted_in_the_askers_unit_is_answered_in_the_reports():
    assert states_number("全年发生行政诉讼3件。", "一年打了几场官司") is True
    assert states_number("共收到政府信息公开申请12件。", "有多少人来申请公开") is True
    assert states_number("共举办培训3场。", "组织了多少人参加培训") is False  # training is no case: 人 stays 人


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("办公室电话多少", "电话：0577-88636388", True),
        ("办公室电话多少", "索 引 号:XM02112-0101-2022-00001", False),  # an index number is no phone
        ("地址在哪里", "可与柳州市教育局办公室联系（柳州市文惠路87号）", True),
        ("地址在哪里", "（中府[2008]6号）的要求", False),  # a document number is no address
        ("电子邮箱是什么", "电子邮箱：22821577@163.com", True),
        ("报告在哪个网站能下载", "电子版可在厦门公安公众服务网(网址http://ga.xm.gov.cn)下载", True),
        ("传真号码", "电话:0596-2024417", False),
        ("传真号码", "传真电话:0596-2038519", True),
    ],
)
def test_contact_kinds(question, text, expected):
    assert holds(text, asked(question, Kind.CONTACT), question) is expected


def test_dates_and_months():
    def held(text, question):
        return holds(text, asked(question, Kind.DATE), question)

    assert held("发布时间:2016/2/26", "年报什么时候发的") is True
    assert held("今年4月我区机构改革", "机构改革是几月份") is True
    assert held("今年4月我区机构改革", "年报哪天发布") is False
    assert held("信息索引:gs0004-01-2020-012", "年报哪天发布") is False  # an index number is no date
    assert held("自2018年1月1日起至2018年12月31日止", "落款是哪天") is False  # a period is no day
    assert held("（二〇一二年十二月三日）", "总结是哪天的") is True
    assert held("我局在2011年建立了保密审查制度。", "哪一年建立的保密审查制度") is True  # a year answers which year
    assert held("我局在2011年建立了保密审查制度。", "制度哪天印发的") is False
    assert held("2019年,我局主动公开信息120条。", "这份年报哪年发布的") is False  # put out: its date line says
    assert held("发文时间:2020-02-04", "这份年报哪年发布的") is True


@pytest.mark.parametrize(
    ("question", "kind", "thing"),
    [
        ("办公室电话多少", Kind.CONTACT, "phone"),
        ("年报的文号是啥", Kind.FACT, "document"),
        ("年报按哪个办法编的", Kind.FACT, "title"),
        ("电子版在哪下", Kind.CONTACT, "website"),
        ("信息公开办公室在什么地方", Kind.CONTACT, "address"),
        ("公示栏设在哪", Kind.CONTACT, None),  # where a thing is, in words, not a postal address
        ("多久公开一次", Kind.FACT, "frequency"),
        ("收到几件申请", Kind.NUMBER, "count"),
        ("谁编制的", Kind.FACT, None),
        ("有人申请过信息公开吗", Kind.YESNO, "verdict"),
        ("年报看不懂该找哪个科", Kind.FACT, "office"),
        ("让咨询的单位是哪个", Kind.FACT, "office"),
        ("有意见找谁", Kind.FACT, "office"),
        ("报告说要到哪个处室咨询", Kind.FACT, "office"),
        ("那个公众号叫啥", Kind.LIST, "name"),
        ("官方微博的名称是什么", Kind.LIST, "name"),
        ("组长叫什么", Kind.LIST, None),  # a person: named in words, not in quotation marks
        ("网站负责人叫什么", Kind.LIST, None),
        ("政务网站的域名叫啥", Kind.CONTACT, "website"),
    ],
)
def test_what_a_question_asks_to_see(question, kind, thing):
    assert asked(question, kind) == thing


def test_a_figure_in_words_and_a_ten_thousand_count():
    assert states_number("社会公益事业等十个类别", "分几类") is True  # 个 before the word that counts
    assert states_number("粉丝量达46万人", "多少人订阅") is True


@pytest.mark.parametrize(
    ("text", "thing", "held"),
    [
        ("统计期限自20211月1日起至202212月31日止", Thing.POSTCODE, False),  # a year and a month run together
        ("联系电话0936-8212014,邮编:734000", Thing.POSTCODE, True),
        ("某市某区北大街街道办事处", Thing.ADDRESS, False),  # a street word in an agency's name
        ("地址:某区朝阳大道83号", Thing.ADDRESS, True),
        ("统计期限至20251231日止", Thing.PHONE, False),  # eight digits that read as a day
        ("电话:0571--87654321", Thing.PHONE, True),
        ("由局办公室政务公开科负责", Thing.OFFICE, True),
        ("科长负责审核", Thing.OFFICE, False),
        ("本年度未收到政府信息公开申请。", Thing.VERDICT, True),
        ("共收到申请3件。", Thing.VERDICT, True),
        ("依申请公开没有收费现象。", Thing.VERDICT, True),
        ("答复均免费提供。", Thing.VERDICT, True),
        ("学校食堂不得对外承包。", Thing.VERDICT, True),
        ("我局已在门户网站设立信息公开专栏。", Thing.VERDICT, True),  # a thing already done says yes
        ("开通了政务微博“营口教育发布”。", Thing.NAME, True),
        ("开通了政务微博。", Thing.NAME, False),
        ("深化“放管服”改革。", Thing.NAME, False),  # a slogan in quotation marks names no channel
        ("(二)依申请公开情况", Thing.VERDICT, False),  # a heading says neither
        ("严格执行依申请公开办事流程。", Thing.VERDICT, False),
    ],
)
def test_what_a_span_holds(text, thing, held):
    assert holds(text, thing, "") is held


def test_a_running_total_over_the_years_counts_no_one_year():
    asked = "主动公开了多少条信息"
    assert holds("历年累计主动公开信息1200条。", Thing.COUNT, asked) is False
    assert holds("网站开通以来累计发布信息2万条,全年发布120条。", Thing.COUNT, asked) is True  # the year's
    assert holds("全年累计主动公开信息43条。", Thing.COUNT, asked) is True  # the year's own total
    assert holds("历年累计主动公开信息1200条。", Thing.COUNT, "历年累计公开了多少条") is True


def test_a_period_hides_only_its_own_days():
    period = "统计期限自2012年1月1日起至2012年12月31日止"
    assert holds(period, Thing.DATE, "哪天发布") is False
    assert holds("时间:2013年01月28日\n" + period, Thing.DATE, "哪天发布") is True
    assert holds(period, Thing.DATE, "统计期限是哪段时间") is True
