"""The asked fact: a short verbatim piece of the quoted sentence (issue 22), from a table of examples."""

import pytest

from knowledge.fact import MAX_FACT, fact_of
from knowledge.models import Kind

CONTACT = "如对本报告有疑问，请与营口市教育局办公室联系（地址：营口市学府路18号；邮编：115007；电话：0417-2856310；传真：0417-2856322）。"
CHANNELS = (
    "2022年，市税务局公开信息共计3105条，其中在佛山市税务局公示栏公开35条，省税务局网站公开240条，"
    "“佛山税务”微信公众号发布611条，“佛山税务”官方微博发布1420条。"
)


@pytest.mark.parametrize(
    ("question", "kind", "sentence", "fact"),
    [
        # counts: the figure whose clause shares the question's words, in the unit asked
        (
            "营口市教育局在2020年一年里接到了多少件公开申请",
            Kind.NUMBER,
            "2020年，我局接到政府信息公开申请27件，没有收取任何费用。",
            "27件",
        ),
        ("佛山税务22年微博推送了多少条", Kind.NUMBER, CHANNELS, "1420条"),
        ("佛山市税务局2022年公开的信息总共有多少条", Kind.NUMBER, CHANNELS, "3105条"),
        ("温州教育局一年主动公开了多少条信息", Kind.NUMBER, "主动公开信息2628条，依申请公开11件。", "2628条"),
        (
            "佛山税务2022年电话咨询接了多少人次？",
            Kind.NUMBER,
            "主动公开政府信息92条，电话咨询264人次，窗口接待71人次。",
            "264人次",
        ),
        ("潮安区政府2023年共推送各类信息多少条", Kind.NUMBER, "印发文件22件，共推送各类信息3.2万余条。", "3.2万余条"),
        (
            "立新街道19年财政预决算信息所占比重是多少",
            Kind.NUMBER,
            "财政预决算信息9条，占全部信息的比重为7.26%。",
            "7.26%",
        ),
        ("张店区教育局2017年收到几件申请", Kind.NUMBER, "2017年，区教育局未收到此类申请。", "未收到"),
        ("某局几天内答复", Kind.NUMBER, "自收到申请之日起15个工作日内答复。", "15个工作日"),
        ("某局收到几件申请", Kind.NUMBER, "自收到申请之日起15个工作日内答复。", ""),  # a time limit is no count
        ("某局依第几条不予公开", Kind.NUMBER, "依据第十四条不予公开。", ""),  # an ordinal is no count
        # contacts: the phone, not the fax beside it; the fax when asked; the rest by their own shape
        ("营口市教育局办公室的联系电话是多少", Kind.CONTACT, CONTACT, "0417-2856310"),
        ("往营口市教育局发传真用哪个号码", Kind.CONTACT, CONTACT, "0417-2856322"),
        ("营口市教育局的邮政编码", Kind.CONTACT, CONTACT, "115007"),
        ("给营口市教育局寄信寄到什么地址", Kind.CONTACT, CONTACT, "营口市学府路18号"),
        ("集安城东街道信息公开办的电话", Kind.CONTACT, "邮编:134206,电话(传真):0435-6221587。", "0435-6221587"),
        (
            "市中区住建局电子信箱多少",
            Kind.CONTACT,
            "图文传真:0632-3318405;电子信箱:szqzjj_office@163.com",
            "szqzjj_office@163.com",
        ),
        ("温州市教育局在哪办公", Kind.CONTACT, "办公地点为温州市府前街31号，欢迎来访。", "办公地点为温州市府前街31号"),
        ("申请窗口在哪里", Kind.CONTACT, "一楼服务大厅设有申请窗口。", ""),  # a place said in words: no postal address
        (
            "市中区住建局email",
            Kind.CONTACT,
            "电话:0632-3318400;电子信箱:szqzjj_office@163.com",
            "szqzjj_office@163.com",
        ),
        (
            "潮安区教育局22年年报的电子版从哪个网站能下到",
            Kind.CONTACT,
            "电子版可在潮安区人民政府网站(http://www.caqjy.gov.cn/)下载。",
            "http://www.caqjy.gov.cn",
        ),
        # dates, documents, titles
        ("某局年报哪天发布的", Kind.DATE, "发布日期：2019-01-30，来源：市教育局。", "2019-01-30"),
        (
            "这份年报统计的时段从哪天到哪天",
            Kind.DATE,
            "统计期限自2018年1月1日起至2018年12月31日止。",
            "2018年1月1日起至2018年12月31日",
        ),
        (
            "营口市教育局是哪一年建立信息公开保密审查制度的",
            Kind.DATE,
            "我局于2009年建立保密审查制度，2012年3月又作了修订。",
            "2009年",
        ),
        (
            "营口市教育局的网站叫啥",
            Kind.LIST,
            "可在市政府门户“中国营口”或本局网站“营口教育网”下载。",
            "营口教育网",
        ),
        ("编报依据的通知文号是多少", Kind.FACT, "按照《通知》（营教办〔2020〕12号）要求编写。", "营教办〔2020〕12号"),
        (
            "这份年报依据的是哪个通知",
            Kind.LIST,
            "依据《中华人民共和国政府信息公开条例》和《关于政府信息公开工作年度报告有关事项的通知》要求编制。",
            "《关于政府信息公开工作年度报告有关事项的通知》",
        ),
        # two parts: one piece holding both answers when they stand close
        (
            "佛山市税务局的联系电话和电子邮箱",
            Kind.CONTACT,
            "电话：0757-83380126，邮箱：fsswj@163.com。",
            "0757-83380126，邮箱：fsswj@163.com",
        ),
        ("甲局的联系电话和电子邮箱", Kind.CONTACT, "电话：0757-83380126。……邮箱：fsswj@163.com。", "0757-83380126"),
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
    assert fact_of("佛山稅務22年微博推送了多少條", Kind.NUMBER, CHANNELS) == "1420条"


def test_a_piece_longer_than_fifty_characters_is_no_fact():
    title = "《" + "关于进一步做好政府信息公开工作" * 4 + "的通知》"
    assert fact_of("按哪个通知编的", Kind.LIST, f"根据{title}编制。") == ""
