"""What an answer of each kind looks like: counts in the asked unit, dates, phones, addresses, document
numbers. ``asked`` reads once what thing a question wants; ``holds`` tells whether a span has one. Pure."""

from __future__ import annotations

import re
from enum import StrEnum

from knowledge.grammar import ASKED_UNIT, CJK, CN_DIGITS, COUNT, unit_family
from knowledge.models import Kind
from knowledge.years import YEAR

NUMBER = COUNT
# Area code and number, a bare local number, a mobile, a 123xx hotline; not 00001 of an index number.
# An eight-digit run that reads as a day (20251231, a date that lost its 年月日) is no phone number.
_EIGHT_DIGIT_DATE = r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)"
PHONE = re.compile(
    rf"(?<![\w-])(?:\d{{3,4}}[-－—]{{1,2}}\d{{7,8}}|0\d{{9,11}}|(?!{_EIGHT_DIGIT_DATE})\d{{7,8}}|1\d{{10}}|123\d\d)(?![\w-])",
    re.ASCII,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 〔2008〕6号 is a document number, not an address: a house number follows a street word.
# The word 地址 alone (办公地址、时间等) is no address; 地址: followed by one is, and so is where a thing
# is said to be (设在局办公室, 位于…).
# A street word alone is no address: 北大街街道办事处 names an agency; 朝阳路12号 and 滨江大道83号 are.
ADDRESS = re.compile(r"地址\s*[:：]|[路街道巷里弄村]\s*\d+\s*号|\d+号楼|\d+\s*[层楼]|\d+\s*室|办公区|设在|位于")
# Six digits are a postcode unless a date goes on after them (202212月: a year and a month run together).
POSTCODE = re.compile(r"邮编|邮政编码|(?<!\d)\d{6}(?![\d年月日])")
FAX = re.compile(r"传真")
URL = re.compile(r"https?://|www\.|[a-z0-9-]+\.(?:gov|com|net|org)(?:\.cn)?\b", re.I)
# Where a report can be read: its address on the web, or the site or column named in words.
SITE = re.compile(r"网站|门户网|政务网|服务网|信息网|网页|专栏|平台|网上")
MONTH = re.compile(r"(?<!\d)\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月")
# A day (2019-01-30, 2016/2/26, 2019年3月28日, 二〇一二年十二月三日) or a month of a year (2019年4月).
DATE = re.compile(
    r"(?<![\dA-Za-z-])(?:19|20)\d{2}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}(?!\d)|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月"
    r"|[〇零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月|(?<!\d)\d{1,2}\s*月\s*\d{1,2}\s*日"
)
# From one day to another (自2018年1月1日起至2018年12月31日止): a period, not the day a question asks for.
PERIOD = re.compile(rf"(?:{DATE.pattern}).{{0,6}}?(?:至|到|—|-|~)\s*(?:{DATE.pattern}|\d{{1,2}}\s*月)")
# 厦湖财〔2021〕3号, 孝感政办电[2015]8号, 国办公开办函〔2019〕60号, 某政﹝2011﹞6号 (any of the brackets
# the reports use); the reports lose characters (〔201618号).
DOCUMENT_NUMBER = re.compile(
    rf"[{CJK}]{{1,10}}\s*[〔\[［【(（﹝〖]\s*(?:19|20)\d{{2}}\s*[〕\]］】)）﹞〗]?\s*\d{{0,4}}\s*号?"
)
# "未收到申请" answers "收到几件申请" with none, in words where a count would give a figure (0件 is a count).
NEGATION = re.compile(r"(?:未|没有|无)(?:收到|接到|受理|发生|产生|出现|此类|相关|因|依申请|依法申请)")
# A yes or no said in words: a negation (未收到, 没有发生), no charge (不收取, 免费), a prohibition (不得承包,
# 严禁) or a thing already done (已开通); with a count (收到申请1条, 0件) ``holds`` takes it too. Not a
# heading (依申请公开情况) nor a plan (做好依申请公开工作), which say neither; 了 is in too many sentences
# that say neither to count (对…情况进行了认真梳理).
VERDICT = re.compile(rf"{NEGATION.pattern}|(?:不|未|没有|无)(?:收取|收费|存在)|免费|免收|不得|禁止|严禁|已")
# Which document: 按哪个办法, 依据什么文件, 落实的是哪个实施意见, 通知是哪个.
_DOCUMENT_WORD = r"(?:文件|通知|办法|规定|意见|方案|条例|要点|制度|规划|格式)"
_ASKS_TITLE = re.compile(
    rf"(?:哪个|什么|哪份|哪一个|哪部|啥)\w{{0,4}}?{_DOCUMENT_WORD}|{_DOCUMENT_WORD}(?:是|叫)?(?:哪个|什么|哪份|哪一个|啥)"
)
# A document named in the text: its title in book-title marks, or its number.
TITLE = re.compile(r"《[^》]{2,}》")
# Where the agency or its office is: 在哪办公, 办公室在哪, 公安局在什么地方, 在哪个办公室.
_ASKS_OFFICE = re.compile(
    r"在哪(?:里|儿)?办公|办公(?:室|地点|场所)?(?:设)?在(?:哪|什么地方)|在哪个办公室|在几楼|在哪层|在哪栋"
    r"|(?:寄|邮寄|送|递交)(?:到|去|往)?(?:哪|什么地方)|哪条(?:路|街|大道)"
    r"|(?:局|委|厅|办|科|室|单位|机关|政府|中心)(?:在哪|在什么地方|在哪个地方)"
)
# How often: 多久公开一次 is answered by 按季, 每月, 定期.
_ASKS_FREQUENCY = re.compile(r"多久.{0,6}一次|多长时间.{0,6}一次|频率|频次|隔多久")
FREQUENCY = re.compile(r"按[年季月周日天]|每[年季月周日天]|每个?季度|定期|季度|半年")
# Which office or body: 找哪个科, 哪个处, 科室叫什么, 谁负责/承办/指导, 由哪个部门.
_ASKS_WHO = re.compile(
    r"哪(?:个|一个|几个|些)?(?:科|处|科室|处室|部门|机构|股|办公室|单位)|(?:科|处|科室|处室|部门|机构|办公室|单位)(?:叫|是)(?:什么|啥|哪)"
    r"|谁(?:来)?(?:负责|承办|指导|牵头|主管|主抓|办理)|由谁|(?:找|问|联系)谁"
)
# Whom to ask about the report (看不懂该问哪个处, 有意见找谁, 要去咨询的部门): the office its contact
# sentence names (如对本报告有疑问，请与…联系 / 请联系…), however the question words the trouble. Its
# words (问题, 疑问, 咨询) are not the report's; the sentence says 联系. A trouble is one the asker has
# (有问题, 有意见, 看不懂), not a report's word (常见问题, 人大建议); 访问, 顾问 and 查找 ask nobody.
_TROUBLE = r"(?:(?:有|遇到)[^，,。？?]{0,3}?(?:问题|疑问|疑义|疑惑|意见|建议)|疑问|疑义|不清楚|不明白|看不懂)"
_ASKER = r"(?<![访顾提查寻])"
_ASKS_CONTACT = re.compile(
    rf"(?P<trouble>{_TROUBLE})[^，,。？?！!]{{0,4}}?{_ASKER}(?:找|问|联系|咨询|反映|寄|打)"
    rf"|{_ASKER}(?:联系|找|问)的?(?=(?:哪个|哪一个|哪些)?(?:科室|处室|部门|单位|科|处|机构|办公室))"
    r"|(?<=[让要可去])咨询的?(?=(?:哪个|哪一个|哪些)?(?:科室|处室|部门|单位|科|处|机构|办公室))"
    rf"|{_ASKER}(?:找|问|联系)谁"
)
CONTACT_VERB = "联系"
# The trouble as the contact sentence says it (如对本报告有任何疑问): kept beside 联系, it tells that
# sentence from one that only mentions a contact (公布了受理机构及联系方式).
DOUBT = "疑问"
# An office or body named in the text: 办公室政务公开科, 法规处, 综合办公室, 电子政务办, 法律顾问, 领导小组
# (not 科长, 处理, 办理, 办法: a head of office or a verb).
OFFICE = re.compile(rf"[{CJK}]{{1,12}}(?:科|处|办公室|办|中心|股|小组|部门|顾问|机构)(?![长员理法事公置])")
# A count said roughly in words: 过万, 上千, 近百, 数千 (answers 多少, which asks no unit).
ROUGH_COUNT = re.compile(r"[过上近逾超]\s*[百千万亿]|数\s*[十百千万]")
ASKS_PERIOD = re.compile(r"期限|期间|起止|从哪天到|时间段|哪段时间")
# A running total over the years, to the end of its clause (历年累计主动公开信息1200条, 网站开通以来访问
# 50万人次): no count of the year a question asks about, unless it asks for such a total.
RUNNING_TOTAL = re.compile(r"(?:历年|(?<!截)至今|迄今|(?:开通|成立|建立|上线|运行|创办|设立)以来)[^，,。；;\n|]*")
# A question about a running total says so (the feature ``cumulative`` reads the same words).
CUMULATIVE = re.compile(r"累计|历年|至今|以来")
# Which year (哪一年建立的制度): a year said alone answers it, as a day does.
ASKS_YEAR = re.compile(r"哪一年|哪年")  # the words question_kind reads as a date
# Put out (发布, 公布, 挂出来): when a report or a document was put out, its date line says, not a year.
PUT_OUT = re.compile(r"发布|公布|发|挂|上网|出来")
_ASKS_WEBSITE = re.compile(r"网址|网站|下载|电子版|在哪看|在哪查|哪能查|查阅|查看|哪里看")


# What a channel of the agency's is called (微博叫啥, 公众号名字是什么, 那个栏目叫啥, 叫什么的网站): reports
# name their sites, accounts and columns in quotation marks (“营口教育网”, 微博“佛山税务”). Not what a
# person, an office, a meeting or a document of it is called (网站负责人叫什么, 网站主办单位名称).
_MEDIUM = r"(?:网站|微博|公众号|微信号|头条号|抖音号|视频号|栏目|专栏|专题|平台|客户端|APP)"
_ASKS_NAME = re.compile(
    rf"{_MEDIUM}(?:[^，,。？?人员长办单位会议文件域]{{0,3}})?(?:叫|名字|名称|称作|称为)"
    rf"|(?:叫|名字是|名称是)(?:啥|什么|哪个)(?:名字)?的?{_MEDIUM}",
    re.I,
)
# A name in quotation marks beside the channel it names (“营口教育网”网站, 微博“佛山税务”), not a slogan
# (“放管服”).
_QUOTED = r"[“「『\"]([^“”「」『』\"]{2,24})[”」』\"]"
QUOTED_NAME = re.compile(
    rf"{_MEDIUM}[^“”「」『』\"，,。]{{0,3}}{_QUOTED}|{_QUOTED}(?=[^“”「」『』\"，,。]{{0,4}}?(?:{_MEDIUM}|网))", re.I
)


def quoted_names(text: str) -> list[tuple[int, int]]:
    """Where the names of channels stand in ``text``, inside their quotation marks.

    >>> text = "可在“中国营口”门户网站或本局网站“营口教育网”下载,践行“放管服”改革。"
    >>> [text[s:e] for s, e in quoted_names(text)]
    ['中国营口', '营口教育网']
    """
    return [m.span(1) if m.group(1) else m.span(2) for m in QUOTED_NAME.finditer(text)]


class Thing(StrEnum):
    """The thing a typed question wants to see in its answer."""

    COUNT = "count"
    DATE = "date"
    PHONE = "phone"
    EMAIL = "email"
    POSTCODE = "postcode"
    FAX = "fax"
    FREQUENCY = "frequency"
    OFFICE = "office"  # which office or body: 哪个科, 谁负责, 由谁承办
    WEBSITE = "website"
    ADDRESS = "address"
    DOCUMENT = "document"
    TITLE = "title"  # which document: named by its title (《…》) or its number
    VERDICT = "verdict"  # yes or no: 有没有人申请, 被告过没, 收费吗
    NAME = "name"  # what a site, account or column is called: 微博叫啥


CONTACT_THINGS = frozenset({Thing.PHONE, Thing.EMAIL, Thing.POSTCODE, Thing.FAX, Thing.WEBSITE, Thing.ADDRESS})
# Things only their own characters say: a span without a phone number gives no phone, whatever its words.
LITERAL_THINGS = frozenset({Thing.PHONE, Thing.EMAIL, Thing.POSTCODE, Thing.FAX})
# Words that only name the thing asked for (电话, 文号, 日期): a span holding that thing has them.
_THING_WORDS = (
    (Thing.PHONE, re.compile(r"电话|联系电话|联系方式|号码|咨询电话")),
    (Thing.ADDRESS, re.compile(r"地址|联系地址|办公地址|在哪|在哪里|位置|什么地方|哪个地方")),
    (Thing.EMAIL, re.compile(r"邮箱|电子邮箱|电子邮件|email|信箱", re.I)),
    (Thing.FAX, re.compile(r"传真|传真号码")),
    (Thing.POSTCODE, re.compile(r"邮编|邮政编码")),
    (Thing.WEBSITE, re.compile(r"网址|下载|电子版")),
    (Thing.DOCUMENT, re.compile(r"文号|字号|发文号|发文字号|文件号")),
    (Thing.DATE, re.compile(r"日期|落款|发布时间")),
    (Thing.OFFICE, re.compile(r"科室|处室|部门|单位|机构|办公室")),  # 哪个单位: any office named answers
)


# The words that name a thing asked (电话, 文号, 部门 …) and the contact verb: a homophone typo of one
# (连系, 地止) is read back to it (knowledge/typos.py).
NAMING_WORDS = tuple(w for _, pattern in _THING_WORDS for w in pattern.pattern.split("|")) + (CONTACT_VERB,)


# A word that asks for a way to get in touch (a clause with one asks something: 电话和邮箱).
CONTACT_WORD = re.compile("|".join(pattern.pattern for thing, pattern in _THING_WORDS if thing in CONTACT_THINGS))
_ASKS_DOCUMENT = dict(_THING_WORDS)[Thing.DOCUMENT]


# The plain word that names each thing a question may ask with no other word: 在几楼 asks an address.
_NAMING_WORD = {
    Thing.PHONE: "电话",
    Thing.ADDRESS: "地址",
    Thing.EMAIL: "邮箱",
    Thing.FAX: "传真",
    Thing.POSTCODE: "邮编",
    Thing.WEBSITE: "网址",
    Thing.DOCUMENT: "文号",
    Thing.DATE: "日期",
}


def naming_word(thing: Thing | None) -> str:
    """The word naming ``thing`` ("" for none): what a question that says nothing else is looked up by.

    >>> naming_word(Thing.ADDRESS), naming_word(Thing.COUNT)
    ('地址', '')
    """
    return _NAMING_WORD.get(thing, "") if thing is not None else ""


def named_thing(word: str) -> Thing | None:
    """The thing a question word only names (电话 names a phone), or None for a word about the topic.

    >>> named_thing("联系电话"), named_thing("文号"), named_thing("网站")
    (<Thing.PHONE: 'phone'>, <Thing.DOCUMENT: 'document'>, None)
    """
    return next((thing for thing, pattern in _THING_WORDS if pattern.fullmatch(word)), None)


def names_asked(named: Thing | None, thing: Thing | None) -> bool:
    """Whether a word naming ``named`` is said by a span holding ``thing``, the thing the question asks:
    the same thing, or two ways to get in touch (电话 in "地址和电话在哪" is answered by the contact line)."""
    return named is not None and thing is not None and (named == thing or {named, thing} <= CONTACT_THINGS)


def asked(question: str, kind: Kind) -> Thing | None:
    """The thing ``question`` (of ``kind``) wants to see in its answer, or None for an untyped question.

    >>> asked("办公室电话多少", Kind.CONTACT), asked("年报的文号是啥", Kind.FACT), asked("电子版在哪下", Kind.CONTACT)
    (<Thing.PHONE: 'phone'>, <Thing.DOCUMENT: 'document'>, <Thing.WEBSITE: 'website'>)
    """
    if _ASKS_DOCUMENT.search(question):
        return Thing.DOCUMENT
    if _ASKS_NAME.search(question):
        return Thing.NAME
    if _ASKS_TITLE.search(question):
        return Thing.TITLE
    if _ASKS_FREQUENCY.search(question):
        return Thing.FREQUENCY
    if _ASKS_WHO.search(question):
        return Thing.OFFICE
    if kind == Kind.NUMBER:
        return Thing.COUNT
    if kind == Kind.DATE:
        return Thing.DATE
    if kind == Kind.YESNO:
        return Thing.VERDICT
    if kind != Kind.CONTACT:
        return None
    if "邮" in question and ("箱" in question or "件" in question or "mail" in question):
        return Thing.EMAIL
    if "邮编" in question or "邮政" in question:
        return Thing.POSTCODE
    if "传真" in question:
        return Thing.FAX
    if _ASKS_WEBSITE.search(question):  # before 在哪: "在哪个网站能下载" asks for a site
        return Thing.WEBSITE
    if "地址" in question or _ASKS_OFFICE.search(question):
        return Thing.ADDRESS
    if "在哪" in question or "地方" in question:
        return None  # 公示栏设在哪: where a thing is, in words of the report, not a postal address
    return Thing.PHONE


def as_contact(question: str, thing: Thing | None) -> str:
    """A question for an office or a way to get in touch asked of the report's contact, in the contact
    sentence's word (联系); others as they are.

    >>> as_contact("有意见该问哪个处", Thing.OFFICE), as_contact("要去咨询的部门叫什么", Thing.OFFICE)
    ('疑问联系哪个处', '要去联系部门叫什么')
    >>> as_contact("看不懂的话要寄材料寄到哪", Thing.ADDRESS), as_contact("法律顾问单位是哪个", Thing.OFFICE)
    ('疑问联系材料寄到哪', '法律顾问单位是哪个')
    >>> as_contact("谁负责信息公开", Thing.OFFICE), as_contact("接了多少咨询", Thing.COUNT)
    ('谁负责信息公开', '接了多少咨询')
    """
    if thing != Thing.OFFICE and thing not in CONTACT_THINGS:
        return question
    return _ASKS_CONTACT.sub(lambda m: (DOUBT if m["trouble"] else "") + CONTACT_VERB, question)


def holds(text: str, thing: Thing | None, question: str) -> bool:
    """Whether ``text`` has the ``thing`` the question asks for (always False for an untyped question)."""
    if thing is None:
        return False
    if thing == Thing.COUNT:
        if not CUMULATIVE.search(question):
            text = RUNNING_TOTAL.sub(" ", text)  # 历年累计…1200条 counts no one year asked about
        return states_number(text, question)
    if thing == Thing.DATE:
        if not ASKS_PERIOD.search(question):
            text = PERIOD.sub(" ", text)  # the days of a period are no day asked for; others beside it are
        month = "月" in question and MONTH.search(text)
        year = ASKS_YEAR.search(question) and not PUT_OUT.search(question) and YEAR.search(text)
        return bool(DATE.search(text) or month or year)
    if thing == Thing.FAX:
        return bool(FAX.search(text) and PHONE.search(text))
    if thing == Thing.NAME:
        return bool(QUOTED_NAME.search(text))
    if thing == Thing.VERDICT:  # 本年度未收到申请 and 共收到申请3件 say it; a heading or a plan does not
        return bool(VERDICT.search(text) or NUMBER.search(text))
    if thing == Thing.TITLE:
        return bool(TITLE.search(text) or DOCUMENT_NUMBER.search(text))
    if thing == Thing.WEBSITE:  # 网址 asks for the address itself; 在哪下载 is answered by a site's name too
        return bool(URL.search(text) or ("网址" not in question and SITE.search(text)))
    pattern = {
        Thing.OFFICE: OFFICE,
        Thing.PHONE: PHONE,
        Thing.EMAIL: EMAIL,
        Thing.POSTCODE: POSTCODE,
        Thing.ADDRESS: ADDRESS,
        Thing.DOCUMENT: DOCUMENT_NUMBER,
        Thing.FREQUENCY: FREQUENCY,
    }[thing]
    return bool(pattern.search(text))


# A case (an application, a lawsuit, a review, a petition) is counted by reports in 件, 起 or 次 whatever
# unit the asker counts it in (几场官司, 多少人来申请).
CASE_WORD = re.compile(r"申请|诉讼|官司|复议|被告|起诉|信访|投诉|举报|案件")
CASE_UNITS = "件起宗例次场"
# A bare figure after a label and its colon (点击量:88272) counts what the label names; not a year, a
# date, a phone or a decimal (时间:2013年…, 电话:0571-…).
LABELLED_FIGURE = re.compile(r"[:：]\s*\d+(?![\d年月日.\-/－—])")


def states_number(text: str, question: str) -> bool:
    """Whether ``text`` gives a count of what the question asks to count.

    >>> states_number("全文由六个部分组成。", "收到几条申请"), states_number("依申请公开信息459条", "几条")
    (False, True)
    >>> states_number("时间:2013年02月25日 点击量:88272", "点击量多少"), states_number("时间:2013年02月25日", "点击量多少")
    (True, False)
    >>> states_number("各窗口接待咨询过万", "接待咨询有多少"), states_number("各窗口接待咨询过万", "接待咨询几次")
    (True, False)
    """
    asked_unit = ASKED_UNIT.search(question)
    if not asked_unit or asked_unit[1] == "个":  # 个 counts anything: 几个人, 几个栏目
        plain = not asked_unit and (LABELLED_FIGURE.search(text) or ROUGH_COUNT.search(text))
        return bool(NUMBER.search(text) or plain)
    # "几件" asks for a count of things that come in 件; 五条, 3宗 or 3例 answer it, 六个部分 does not.
    family = unit_family(asked_unit[1])
    if CASE_WORD.search(question):
        family += CASE_UNITS  # 一年打了几场官司, 有多少人来申请: reports count cases in 件, 起, 次
    for match in NUMBER.finditer(text):
        # 十个类别: a 个 may stand before the word that counts (类别 for 几类)
        unit = re.sub(rf"[\d,.\s余多近{CN_DIGITS}]", "", match.group())
        unit += text[match.end() : match.end() + 1] if unit == "个" else ""
        if match.group().startswith("|") or any(ch in family for ch in unit):
            return True
    return False
