"""What an answer of each kind looks like: counts in the asked unit, dates, phones, addresses. Pure."""

from __future__ import annotations

import re

from knowledge.grammar import ASKED_UNIT, COUNT, unit_family

NUMBER = COUNT
# Area code and number, a bare local number, a mobile, a 123xx hotline; not 00001 of an index number.
PHONE = re.compile(r"(?<![\w-])(?:\d{3,4}[-－—]\d{7,8}|0\d{9,11}|\d{7,8}|1\d{10}|123\d\d)(?![\w-])", re.ASCII)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 〔2008〕6号 is a document number, not an address: a house number follows a street word.
ADDRESS = re.compile(r"地址|[路街道巷里弄村]\s*\d+\s*号|大道|大街|\d+号楼|\d+层")
POSTCODE = re.compile(r"邮编|邮政编码|(?<!\d)\d{6}(?!\d)")
FAX = re.compile(r"传真")
WEBSITE = re.compile(r"https?://|www\.|[a-z0-9-]+\.(?:gov|com|net|org)(?:\.cn)?\b", re.I)
MONTH = re.compile(r"(?<!\d)\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月")
DATE = re.compile(r"\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}")
# "未收到申请" answers "收到几件申请" with zero.
NEGATION = re.compile(
    r"(?:未|没有|无)(?:收到|接到|受理|发生|产生|出现|此类|相关|因)|(?<!\d)0\s*[件条次例宗]|零[件条次例宗]"
)
CONTACT_WORD = re.compile(r"电话|联系电话|联系方式|地址|在哪|在哪里|邮箱|电子邮箱|传真|传真号码|号码|邮编|网址")


def type_match(text: str, question: str, kind: str) -> bool:
    """Whether ``text`` holds the kind of thing the question asks for (a count, a date, a phone …)."""
    if kind == "number":
        return states_number(text, question)
    if kind == "date":
        return bool(DATE.search(text) or ("月" in question and MONTH.search(text)))
    if kind != "contact":
        return False
    if "邮" in question and ("箱" in question or "件" in question or "mail" in question):
        return bool(EMAIL.search(text))
    if "邮编" in question or "邮政" in question:
        return bool(POSTCODE.search(text))
    if "传真" in question:
        return bool(FAX.search(text) and PHONE.search(text))
    if "网址" in question or "网站" in question:  # before 在哪: "在哪个网站能下载" asks for a URL
        return bool(WEBSITE.search(text))
    if "地址" in question or "在哪" in question:
        return bool(ADDRESS.search(text))
    return bool(PHONE.search(text))


def states_number(text: str, question: str) -> bool:
    """Whether ``text`` gives a count of what the question asks to count.

    >>> states_number("全文由六个部分组成。", "收到几条申请"), states_number("依申请公开信息459条", "几条")
    (False, True)
    """
    asked = ASKED_UNIT.search(question)
    if not asked or asked[1] == "个":  # 个 counts anything: 几个人, 几个栏目
        return bool(NUMBER.search(text))
    # "几件" asks for a count of things that come in 件; 五条, 3宗 or 3例 answer it, 六个部分 does not.
    family = unit_family(asked[1])
    for match in NUMBER.finditer(text):
        unit = re.sub(r"[\d,.\s余多近零一二三四五六七八九十百千万两]", "", match.group())
        if match.group().startswith("|") or any(ch in family for ch in unit):
            return True
    return False
