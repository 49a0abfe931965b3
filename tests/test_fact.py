"""The asked fact: a short verbatim piece of the quoted sentence (issue 22), from a table of examples."""

import pytest

from knowledge.fact import MAX_FACT, fact_of
from knowledge.models import Kind

CONTACT = "如对本报告有任何疑问，请与温州市教育局办公室联系（地址：温州市市府路490号；邮编：325027；电话：0577-88636388；传真：0577-88639801）。"
CHANNELS = (
    "2021年，市气象局公开信息共计2203条，其中在湖州市气象局公告栏公开20条，浙江气象局政务网公开118条，"
    "“湖州气象”官方微信公众平台发布416条，“湖州气象”官方微博发布1056条。"
)


@pytest.mark.parametrize(
    ("question", "kind", "sentence", "fact"),
    [
        # counts: the figure whose clause shares the question's words, in the unit asked
        (
            "温州市教育局2018年收到多少件依申请公开？",
            Kind.NUMBER,
            "2018年度，我局收到政府信息依申请公开案件11件，未收取任何费用。",
            "11件",
        ),
        ("湖州气象局21年微博发了多少条", Kind.NUMBER, CHANNELS, "1056条"),
        ("湖州市气象局2021年一共公开了多少条信息？", Kind.NUMBER, CHANNELS, "2203条"),
        ("温州教育局一年主动公开了多少条信息", Kind.NUMBER, "主动公开信息2628条，依申请公开11件。", "2628条"),
        (
            "杭州民政2013年网上咨询有多少人次？",
            Kind.NUMBER,
            "主动公开政府信息63条，网上咨询180人次，现场接待133人次。",
            "180人次",
        ),
        ("泰州市政府办2025年共发布各类信息多少条", Kind.NUMBER, "公开文件16件，共发布各类信息5.7万余条。", "5.7万余条"),
        ("安仁乡10年政策法规类的信息占比多少", Kind.NUMBER, "政策法规类的信息14条，占总体的比例为13.59%。", "13.59%"),
        ("张店区教育局2017年收到几件申请", Kind.NUMBER, "2017年，区教育局未收到此类申请。", "未收到"),
        ("某局几天内答复", Kind.NUMBER, "自收到申请之日起15个工作日内答复。", "15个工作日"),
        ("某局收到几件申请", Kind.NUMBER, "自收到申请之日起15个工作日内答复。", ""),  # a time limit is no count
        ("某局依第几条不予公开", Kind.NUMBER, "依据第十四条不予公开。", ""),  # an ordinal is no count
        # contacts: the phone, not the fax beside it; the fax when asked; the rest by their own shape
        ("温州市教育局办公室电话多少", Kind.CONTACT, CONTACT, "0577-88636388"),
        ("温州市教育局传真号码", Kind.CONTACT, CONTACT, "0577-88639801"),
        ("温州市教育局邮编", Kind.CONTACT, CONTACT, "325027"),
        ("温州市教育局地址在哪", Kind.CONTACT, CONTACT, "温州市市府路490号"),
        ("厦门公安局信息公开办电话", Kind.CONTACT, "邮编:361003,电话(传真):0592-2079118。", "0592-2079118"),
        (
            "宣城住建局的电子信箱是啥",
            Kind.CONTACT,
            "图文传真:0563-3022072;电子信箱:xczjwbgs@126.com",
            "xczjwbgs@126.com",
        ),
        ("温州市教育局在哪办公", Kind.CONTACT, "办公地点为温州市府前街31号，欢迎来访。", "办公地点为温州市府前街31号"),
        ("受理点在哪", Kind.CONTACT, "在接待大厅设立了受理点。", ""),  # a place said in words: no postal address
        ("宣城住建局email", Kind.CONTACT, "电话:0563-3022620;电子信箱:xczjwbgs@126.com", "xczjwbgs@126.com"),
        (
            "柳北教育21年报在哪下载",
            Kind.CONTACT,
            "电子版可在柳北区人民政府网站(http://www.lbq.gov.cn/)下载。",
            "http://www.lbq.gov.cn",
        ),
        # dates, documents, titles
        ("某局年报哪天发布的", Kind.DATE, "发布日期：2019-01-30，来源：市教育局。", "2019-01-30"),
        ("统计期限到哪天", Kind.DATE, "统计期限自2018年1月1日起至2018年12月31日止。", "2018年1月1日起至2018年12月31日"),
        ("年报的文号是啥", Kind.FACT, "根据《通知》（厦湖财〔2021〕3号）要求编制。", "厦湖财〔2021〕3号"),
        (
            "报告是按哪个通知要求编的",
            Kind.LIST,
            "依据《中华人民共和国政府信息公开条例》和《关于政府信息公开工作年度报告有关事项的通知》要求编制。",
            "《关于政府信息公开工作年度报告有关事项的通知》",
        ),
        # two parts: one piece holding both answers when they stand close
        (
            "温州国土局电话和邮箱",
            Kind.CONTACT,
            "电话：0577-88969221，邮箱：wzgt@163.com。",
            "0577-88969221，邮箱：wzgt@163.com",
        ),
        ("甲局电话和邮箱", Kind.CONTACT, "电话：0577-88969221。……邮箱：wzgt@163.com。", "0577-88969221"),
        # nothing to pick: a list, a process, a yes/no
        ("温州市教育局信息公开工作还存在哪些问题", Kind.LIST, "一是长效机制需进一步完善；二是意识有待增强。", ""),
        ("沈阳市教育局是怎么回应政务舆情的", Kind.PROCESS, "我局建立了网络舆情监测系统，随时了解群众关切。", ""),
    ],
)
def test_the_fact_is_the_piece_of_the_sentence_that_answers(question, kind, sentence, fact):
    found = fact_of(question, kind, sentence)
    assert found == fact
    assert found in sentence and len(found) <= MAX_FACT  # verbatim, never re-typed


def test_a_question_in_traditional_script_finds_the_same_figure():
    assert fact_of("湖州氣象局21年微博發了多少條", Kind.NUMBER, CHANNELS) == "1056条"


def test_a_piece_longer_than_fifty_characters_is_no_fact():
    title = "《" + "关于进一步做好政府信息公开工作" * 4 + "的通知》"
    assert fact_of("按哪个通知编的", Kind.LIST, f"根据{title}编制。") == ""
