"""extract_meta: agency, covered year and title of a report, from its cleaned text. None when unsure."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from knowledge.grammar import CJK, NAME_HEAD, PLACE_UNIT, split_place
from knowledge.places import is_place
from knowledge.script import simplified
from loaders.errors import Said
from loaders.naming import (
    AGENCY,
    BARE_PREFIX,
    NOT_IN_PLACE,
    PLACED,
    as_agency,
    from_place,
    is_agency,
    named,
    place_at,
    placed_part,
    tidy,
)

_YEAR = r"((?:19|20)\d{2})"
_TITLE = re.compile(
    rf"^(?:标题|信息名称|文件名称|名称|题名)?\s*[:：]?\s*(?P<pre>[^:：|]*?)\s*{_YEAR}\s*年?度?\s*"
    rf"(?P<post>[{CJK}]*?)(?:政府信息公开|信息公开|政务公开)[^。\n]{{0,14}}(?:报告|年报|总结)"
)
_PERIOD = re.compile(
    rf"{_YEAR}\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*[,，]?\s*(?:至|到|—|-)\s*(?:{_YEAR}\s*年\s*)?12\s*月\s*3[01]\s*日"
)
_PUBLISHER = re.compile(rf"(?:发布机构|发文机构|发布单位|来源)\s*[:：|]?\s*([{CJK}()（）]{{3,30}})")
_MADE_BY = re.compile(rf"由([{CJK}()（）]{{3,40}}?)(?:编制|编写|撰写|制作)")
_CONTACT = re.compile(
    rf"(?:请与|可与|请联系|联系单位[:：])([{CJK}]{{3,30}}?)"
    r"(?:政府信息公开办公室|政务公开办公室|信息公开办公室|办公室)?(?:联系|[(（])"
)
_LEAD_IN = re.compile(r"[，,。；;：:、《》()（）\s]|编制|公布|现将|发布|印发")
# "…要求,宜君县市场监督管理局结合单位实际,编制本单位…年度报告"
_ACTOR = re.compile(rf"[,，。]([{CJK}]{{2,20}}?{NAME_HEAD})(?:结合|编制|现将|特)")
# The subject of a sentence telling of the year's work is the reporting body, or its place for a
# government's report: "2018年,德清县高度重视…", "江苏省人民政府办公厅坚持以…".
_SUBJECT = re.compile(
    rf"(?:^|\n|[。；;]|\d{{4}}年(?:度|以来)?[,，]?)([{CJK}]{{2,24}}?(?:{NAME_HEAD}|{PLACE_UNIT}))"
    r"(?:高度重视|紧紧围绕|认真|坚持|积极|深入|进一步|全面|切实|严格|不断|始终|在)"
)
# The words a report announces its own title with, after citing the rules it follows.
_ANNOUNCES = re.compile(r"(?:特|现|予以|向社会)(?:公布|编制|发布)|现将|特编制|现予公布")
_ANY_YEAR = re.compile(rf"{_YEAR}\s*年")
TITLE_LINES = 10
MAX_TITLE_CHARS = 60


@dataclass(frozen=True, slots=True)
class Meta:
    """What a report says about itself."""

    agency: str | None
    year: int | None
    title: str
    warnings: tuple[str, ...] = ()


def extract_meta(text: str, source: str) -> Meta:
    """Find the issuing agency, the year covered and the title of a cleaned report text.

    Parameters
    ----------
    text : the report after ``clean_text``
    source : the file name, used in warnings

    Returns
    -------
    Meta with agency/year None (and a warning naming the file) when they cannot be told.

    Examples
    --------
    >>> m = extract_meta("市教育局2018年度政府信息公开报告\\n如有疑问,请与沈阳市教育局办公室联系(地址:沈阳市)。", "a.txt")
    >>> (m.agency, m.year, m.title)
    ('沈阳市教育局', 2018, '市教育局2018年度政府信息公开报告')

    A report in traditional script is read in simplified script, its title kept as written:

    >>> m = extract_meta("臺南市教育局2018年政府資訊公開工作年度報告\\n一、概述", "b.txt")
    >>> (m.agency, m.title)
    ('台南市教育局', '臺南市教育局2018年政府資訊公開工作年度報告')
    """
    written = text.split("\n")
    text = simplified(text)  # names are compared in simplified script (knowledge.script)
    lines = text.split("\n")
    head = lines[:TITLE_LINES]
    title, title_agency, title_year = _find_title(head, strict=True)
    if title in head and len(written) == len(lines):
        title = written[head.index(title)]
    year = title_year or _period_year(text)
    warnings: list[str] = []
    if year is None:
        year = _dominant_year(text)
        if year is not None:
            warnings.append(
                Said(
                    f"{source}: year {year} inferred from the years the text mentions most",
                    f"{source}：年份 {year} 是按正文最常提到的年份推断的",
                )
            )
        else:
            warnings.append(Said(f"{source}: no report year found", f"{source}：没有找到报告年份"))
    agency = _find_agency(text, lines, title_agency, strict=True)
    if agency is None or BARE_PREFIX.match(agency):
        # No name starts with a place the gazetteer knows: a place it lacks (a management zone, a new
        # town) is read by the grammar's units alone, as long as no grammar word starts it.
        # The text must name that place twice: once may be a sentence's words (主动向市委).
        relaxed = _find_agency(text, lines, _find_title(head, strict=False)[1], strict=False)
        placed = PLACED.match(relaxed or "")
        if relaxed and placed and text.count(placed.group()) >= 2:
            agency = relaxed
    if agency is None:
        warnings.append(Said(f"{source}: no issuing agency found", f"{source}：没有找到发布机关"))
    elif BARE_PREFIX.match(agency):
        warnings.append(
            Said(f"{source}: agency {agency} is not qualified with a place name", f"{source}：机关“{agency}”前没有地名")
        )
    return Meta(agency=agency, year=year, title=title, warnings=tuple(warnings))


def _find_title(head: list[str], *, strict: bool) -> tuple[str, str | None, int | None]:
    fallback: tuple[str, str | None, int | None] | None = None
    for i, line in enumerate(head):
        # A title may wrap: "柳州市教育局2018年政府信息公开" / "工作年度报告".
        # …unless the next line is a title of its own: a menu word ("无障碍浏览") never joins an agency name.
        wraps = i + 1 < len(head) and len(line) < 30 and not _TITLE.search(head[i + 1])
        for candidate in (line, line + head[i + 1] if wraps else ""):
            match = _TITLE.search(candidate)
            if match and _not_cited(candidate, match.start(2), match.end()):
                pre = _LEAD_IN.split(match["pre"])[-1]
                agency = tidy(pre) or tidy(match["post"])
                if agency and is_agency(agency, strict=strict):
                    return line, agency, int(match[2])
                fallback = fallback or (line, None, int(match[2]))
    first = next((line for line in head if 4 <= len(line) <= MAX_TITLE_CHARS), "")
    return fallback or (first, None, None)


def _period_year(text: str) -> int | None:
    match = _PERIOD.search(text)
    return int(match[1]) if match else None


def _dominant_year(text: str) -> int | None:
    """The year the text mentions most, twice as often as any other; a text that names one year only
    (an excerpt that opens "2014年,我局…") is about that year."""
    counts = Counter(int(y) for y in _ANY_YEAR.findall(text)).most_common(2)
    if not counts or (counts[0][1] < 2 and len(counts) > 1):
        return None
    if len(counts) > 1 and counts[0][1] < 2 * counts[1][1]:
        return None
    return counts[0][0]


def _find_agency(text: str, lines: list[str], title_agency: str | None, *, strict: bool) -> str | None:
    if title_agency and not BARE_PREFIX.match(title_agency):
        return as_agency(named(from_place(title_agency, text), text))
    votes: defaultdict[str, float] = defaultdict(float)  # weights of 0.5 and 0.1 too
    if title_agency:
        votes[title_agency] += 5
    for pattern, weight in ((_PUBLISHER, 4), (_MADE_BY, 4), (_CONTACT, 3), (_ACTOR, 2), (_SUBJECT, 2)):
        for match in pattern.finditer(text):
            name = tidy(match[1])
            if name and is_agency(name, strict=strict):
                votes[name] += weight
    for line in lines[:3] + lines[-4:]:  # a letterhead or a signature line
        name = tidy(line)
        if len(name) <= 24 and is_agency(name, strict=strict) and AGENCY.fullmatch(name):
            votes[name] += 3
    for name, count in Counter(placed_part(tidy(m), strict=strict) for m in AGENCY.findall(text)).items():
        # 市中区 has a unit inside its name; 和县委 is "和" + 县委, a word of grammar before a bare name.
        placed = (place_at(name) and not re.match(NOT_IN_PLACE, name)) if strict else PLACED.match(name)
        if is_agency(name, strict=strict) and (placed or BARE_PREFIX.match(name)):
            # Mentioned once is a weak hint (the fallback when nothing else names the agency).
            votes[name] += min(count, 3) * 0.5 if count >= 2 else 0.1
    if not votes:
        return None
    # A bare 市教育局 votes for every qualified name that ends with it (沈阳市教育局).
    for bare in [n for n in votes if BARE_PREFIX.match(n)]:
        fuller = [n for n in votes if n != bare and n.endswith(bare)]
        for name in fuller:
            votes[name] += votes[bare]
    # Between names voted alike, the one whose place the text names most: a district's report names
    # its district again and again (潮安区水务网站), a superior body's place comes with its rules only.
    best = max(
        votes, key=lambda n: (votes[n], not BARE_PREFIX.match(n), _led_by(n, text), _place_said(n, text), -len(n))
    )
    if BARE_PREFIX.match(best):
        best = _qualify(best, text, strict=strict)
    return as_agency(named(from_place(best, text), text))


def _led_by(name: str, text: str) -> int:
    """How often the text names, with its unit alone, a government of the unit ``name``'s place ends
    with: a district's body works "在区委、区政府的领导下", a city's body under 市委、市政府."""
    place = name[: place_at(name)]
    unit = split_place(place[-4:]) if place else None
    if unit is None:
        return 0
    return len(re.findall(rf"(?:^|[^{CJK}]|[在和及与、]){unit[1]}(?:委|政府|人民政府)(?![{CJK}]{{0,2}}办公)", text))


def _place_said(name: str, text: str) -> int:
    """How often the text names the place ``name`` starts with (0 for a bare name)."""
    place = name[: place_at(name)]
    return text.count(place) if place else 0


def _qualify(bare: str, text: str, *, strict: bool) -> str:
    """市住房保障和房屋管理局 -> 襄阳市住房保障和房屋管理局, from the place the text names most."""
    prefix = BARE_PREFIX.match(bare)
    if prefix is None:
        return bare  # not a bare name (the caller checks): nothing to qualify
    unit = prefix[1]
    places: Counter[str] = Counter()
    # Only a place that heads an institution (襄阳市人民政府…) qualifies; 承办市级… is grammar.
    # Each mention votes for every name of 2-4 characters before it (齐齐哈尔市 has four): the place
    # itself is in every vote, a word that happens to precede it (根据温州市) only in some.
    for match in re.finditer(rf"{unit}(?=人民政府|政府|人大|政协|委员会|[委局厅])", text):
        head = re.search(rf"(?:(?!{NOT_IN_PLACE})[{CJK}]){{2,4}}$", text[max(0, match.start() - 4) : match.start()])
        if head:
            places.update(head.group()[-size:] + unit for size in range(2, len(head.group()) + 1))
    if places:
        known = {name: count for name, count in places.items() if not strict or is_place(name)}
        if known:
            place = max(known, key=lambda name: (known[name], len(name)))
            return place + BARE_PREFIX.sub("", bare)
    return bare


def _not_cited(line: str, start: int, end: int) -> bool:
    """Whether a title found in ``line`` between ``start`` and ``end`` is the report's own, not a document
    it cites: outside 《》, or a 《》 that holds the report's title itself (特编制《X2019年度…年度报告》)."""
    before = line[:start]
    if _ANNOUNCES.search(before[before.rfind("》") + 1 :]):
        return True  # 特向社会公布2017年辽宁省审计厅…: the report announces itself after a citation
    if len(line) > MAX_TITLE_CHARS:
        return False  # a sentence that mentions a report (及时公开区司法局2023年度…年报) is no title
    if "《" not in before:
        return True
    return before.count("《") > before.count("》") and line[end:].lstrip().startswith("》")
