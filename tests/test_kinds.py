import pytest

from knowledge.kinds import states_number, type_match


def test_states_number_respects_the_unit_asked_for():
    assert states_number("全文由六个部分组成。", "依申请公开信息几条") is False
    assert states_number("依申请公开信息459条", "依申请公开信息几条") is True
    assert states_number("受理依申请公开3例", "收到几件依申请公开") is True  # 件 ~ 例
    assert states_number("配备1名兼职工作人员", "配了几个人") is True
    assert states_number("规范性文件 | 0 | 0 | 0 | |", "规范性文件多少件") is True


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
    assert type_match(text, question, "contact") is expected


def test_dates_and_months():
    assert type_match("发布时间:2016/2/26", "年报什么时候发的", "date") is True
    assert type_match("今年4月我区机构改革", "机构改革是几月份", "date") is True
    assert type_match("今年4月我区机构改革", "年报哪天发布", "date") is False
