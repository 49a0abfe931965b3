"""extract_meta: agency, covered year and title of a report, from its cleaned text. None when unsure."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from knowledge.agencies import OrgTable, parse_agency, read_place
from knowledge.grammar import BARE_UNITS, CJK, NAME_HEAD, PLACE_UNIT, ZONE_UNITS, split_place
from knowledge.places import CITY, COUNTY, PROVINCE, gazetteer, is_place
from knowledge.script import simplified

# A full agency name: optional places, then an organisation ending in an organisation suffix.
_AGENCY = re.compile(rf"[{CJK}]{{2,24}}?{NAME_HEAD}")
_BARE_PREFIX = re.compile(rf"^(?:本|我|该)?([{BARE_UNITS}])(?=[^{BARE_UNITS}])")
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
# Starts with a real place name (not 和区委 / 在区委, which are grammar, not places).
_NOT_IN_PLACE = rf"[和的在有由以及对为从将把与等件规定各全本我该{BARE_UNITS}年度]"
_PLACED = re.compile(rf"^(?:(?!{_NOT_IN_PLACE})[{CJK}]){{2,6}}?{PLACE_UNIT}")
# "…要求,黄龙县市场监督管理局结合单位实际,编制本单位…年度报告"
_ACTOR = re.compile(rf"[,，。]([{CJK}]{{2,20}}?{NAME_HEAD})(?:结合|编制|现将|特)")
# The subject of a sentence telling of the year's work is the reporting body, or its place for a
# government's report: "2018年,临邑县高度重视…", "上海市人民政府办公厅坚持以…".
_SUBJECT = re.compile(
    rf"(?:^|\n|[。；;]|\d{{4}}年(?:度|以来)?[,，]?)([{CJK}]{{2,24}}?(?:{NAME_HEAD}|{PLACE_UNIT}))"
    r"(?:高度重视|紧紧围绕|认真|坚持|积极|深入|进一步|全面|切实|严格|不断|始终)"
)
# A national body names no place: a ministry (财政部), a general administration (海关总署, 国家税务总局).
_MINISTRY = re.compile(rf"[{CJK}]{{2,6}}(?:部|总署|总局)")
# A national body that heads the local bodies named after it: 国家税务总局东莞市税务局.
_SUPERIOR = re.compile(rf"国家[{CJK}]{{2,8}}?(?:总局|局|署)")
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
            warnings.append(f"{source}: year {year} inferred from the years the text mentions most")
        else:
            warnings.append(f"{source}: no report year found")
    agency = _find_agency(text, lines, title_agency, strict=True)
    if agency is None or _BARE_PREFIX.match(agency):
        # No name starts with a place the gazetteer knows: a place it lacks (a management zone, a new
        # town) is read by the grammar's units alone, as long as no grammar word starts it.
        # The text must name that place twice: once may be a sentence's words (主动向市委).
        relaxed = _find_agency(text, lines, _find_title(head, strict=False)[1], strict=False)
        placed = _PLACED.match(relaxed or "")
        if relaxed and placed and text.count(placed.group()) >= 2:
            agency = relaxed
    if agency is None:
        warnings.append(f"{source}: no issuing agency found")
    elif _BARE_PREFIX.match(agency):
        warnings.append(f"{source}: agency {agency} is not qualified with a place name")
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
                agency = _tidy(pre) or _tidy(match["post"])
                if agency and _is_agency(agency, strict=strict):
                    return line, agency, int(match[2])
                fallback = fallback or (line, None, int(match[2]))
    first = next((line for line in head if 4 <= len(line) <= MAX_TITLE_CHARS), "")
    return fallback or (first, None, None)


def _period_year(text: str) -> int | None:
    match = _PERIOD.search(text)
    return int(match[1]) if match else None


def _dominant_year(text: str) -> int | None:
    counts = Counter(int(y) for y in _ANY_YEAR.findall(text)).most_common(2)
    if not counts or counts[0][1] < 2:
        return None
    if len(counts) > 1 and counts[0][1] < 2 * counts[1][1]:
        return None
    return counts[0][0]


def _find_agency(text: str, lines: list[str], title_agency: str | None, *, strict: bool) -> str | None:
    if title_agency and not _BARE_PREFIX.match(title_agency):
        return _as_agency(_named(_from_place(title_agency, text), text))
    votes: Counter[str] = Counter()
    if title_agency:
        votes[title_agency] += 5
    for pattern, weight in ((_PUBLISHER, 4), (_MADE_BY, 4), (_CONTACT, 3), (_ACTOR, 2), (_SUBJECT, 2)):
        for match in pattern.finditer(text):
            name = _tidy(match[1])
            if name and _is_agency(name, strict=strict):
                votes[name] += weight
    for line in lines[:3] + lines[-4:]:  # a letterhead or a signature line
        name = _tidy(line)
        if len(name) <= 24 and _is_agency(name, strict=strict) and _AGENCY.fullmatch(name):
            votes[name] += 3
    for name, count in Counter(_placed_part(_tidy(m), strict=strict) for m in _AGENCY.findall(text)).items():
        if _is_agency(name, strict=strict) and (_PLACED.match(name) or (count >= 2 and _BARE_PREFIX.match(name))):
            # Mentioned once is a weak hint (the fallback when nothing else names the agency).
            votes[name] += min(count, 3) * 0.5 if count >= 2 else 0.1
    if not votes:
        return None
    # A bare 市教育局 votes for every qualified name that ends with it (沈阳市教育局).
    for bare in [n for n in votes if _BARE_PREFIX.match(n)]:
        fuller = [n for n in votes if n != bare and n.endswith(bare)]
        for name in fuller:
            votes[name] += votes[bare]
    best = max(votes, key=lambda n: (votes[n], not _BARE_PREFIX.match(n), -len(n)))
    if _BARE_PREFIX.match(best):
        best = _qualify(best, text, strict=strict)
    return _as_agency(_named(_from_place(best, text), text))


def _placed_part(name: str, *, strict: bool) -> str:
    """``name`` from its first place the gazetteer knows: a mention's run of characters often starts
    with the sentence's words (本报告电子版可在深圳市交通运输局 names 深圳市交通运输局).

    >>> _placed_part("本报告电子版可在深圳市交通运输局", strict=True)
    '深圳市交通运输局'
    """
    if not strict or _place_at(name) or _BARE_PREFIX.match(name):
        return name
    return next((name[k:] for k in range(1, len(name) - 2) if _place_at(name[k:])), name)


def _from_place(name: str, text: str) -> str:
    """The name from where its place starts: 广州市交通运输局 out of 菜单广州市交通运输局.

    Nothing in a name's characters tells a place's first character from a word glued before it (a
    menu item on a saved page): 菜单广州 reads like 齐齐哈尔. The text tells: the agency is named again
    (the contact line, the signature) and every mention starts with its place, while the glued word
    precedes one mention only. So the name starts where the most of its mentions start, the longest
    such; a place keeps at least two characters before its unit.
    """
    starts, end = [name], None
    for k in range(1, len(name)):
        place = split_place(name[k:])
        if place is None:
            continue
        _, unit, length = place
        end = end or k + length  # the first place found; later starts must end it at the same unit
        if k + length != end or length - len(unit) < 2:
            break
        starts.append(name[k:])
    return max(starts, key=lambda named: (text.count(named), len(named)))


def _named(name: str, text: str) -> str:
    """``name`` as the text names it most fully, then as China writes an agency's name.

    Fullest: a mention of ``name`` right after a superior body or a place chain takes them
    (东莞市税务局 in 国家税务总局东莞市税务局, 张义镇人民政府 in 凉州区张义镇人民政府).
    As China writes it: a province is not said before its prefecture city (四川省乐山市气象局 is
    乐山市气象局), nor a prefecture before a county or a county-level city (滁州市明光市苏巷镇 is
    明光市苏巷镇); a district keeps its city (汉中市汉台区, 上海市长宁区).

    >>> _named("东莞市税务局", "特向社会公布2020年度国家税务总局东莞市税务局政府信息公开工作报告")
    '国家税务总局东莞市税务局'
    >>> _named("四川省乐山市气象局", ""), _named("滁州市明光市苏巷镇", ""), _named("汉中市汉台区东大街街道办事处", "")
    ('乐山市气象局', '明光市苏巷镇', '汉中市汉台区东大街街道办事处')
    """
    if _BARE_PREFIX.match(name):
        return _trimmed(_formal(name, text))
    fullest = name
    for mention in re.finditer(re.escape(name), text):
        before = text[max(0, mention.start() - _LONGEST_LEAD) : mention.start()]
        lead = next((before[k:] for k in range(len(before) - 1) if _is_lead(before[k:])), "")
        if len(lead + name) > len(fullest):
            fullest = lead + name
    return _trimmed(_formal(fullest, text))


def _formal(name: str, text: str) -> str:
    """The same body as the text writes it formally, when a title or a line shortens it: the same
    organisation (a standard short form is its canonical name) and every place of ``name`` inside it.

    >>> _formal("包头市市场监管局", "包头市市场监督管理局高度重视政府信息公开")
    '包头市市场监督管理局'
    >>> _formal("东湖高新区教育局", "来源: 武汉东湖新技术开发区教育局")
    '武汉东湖新技术开发区教育局'
    """
    short = parse_agency(name)
    orgs = OrgTable.load()
    formal: Counter[str] = Counter()
    for mention in _AGENCY.findall(text):
        if not short.cores or not all(core in mention for core in short.cores):
            continue  # names another place: no need to read it
        other = parse_agency(_placed_part(_tidy(mention), strict=True))
        if (
            len(other.name) > len(name)
            and orgs.key(other.org) == orgs.key(short.org)
            and short.cores
            and all(core in other.name for core in short.cores)
            and _place_at(other.name)
        ):
            formal[other.name] += 1
    return formal.most_common(1)[0][0] if formal else name


_LONGEST_LEAD = 14  # characters of superior body and places read before a mention


def _is_lead(text: str) -> bool:
    return bool(_SUPERIOR.fullmatch(text)) or (len(text) >= 3 and _place_at(text) == len(text))


def _trimmed(name: str) -> str:
    superior = _SUPERIOR.match(name)
    start = superior.end() if superior else 0
    places: list[tuple[int, int, int]] = []  # (start, end, level) of each place the name starts with
    at = start
    while (found := read_place(name[at:])) and (said := gazetteer().lookup(name[at : at + found[2]])):
        places.append((at, at + found[2], min(p.level for p in said)))
        at += found[2]
    drop = 0
    for (_, e1, level1), (_, e2, level2) in zip(places, places[1:], strict=False):
        if level1 == PROVINCE and level2 == CITY:
            drop = e1
        elif level1 == CITY and level2 == COUNTY and not name[:e2].endswith("区"):
            drop = e1
    if not drop:
        return name
    return name[:start] + name[drop:]


def _as_agency(name: str) -> str:
    # A title that names only a place (东河区2022年…报告) is that place's government's report; a
    # development zone is governed by its administrative committee (太仓高新区管理委员会).
    if re.search(f"(?:{'|'.join(ZONE_UNITS)})$", name):
        return name + "管理委员会"
    if name.endswith("街道"):
        return name + "办事处"  # a street is governed by its office (新村街道办事处)
    name = re.sub(r"街道人民政府$", "街道办事处", name)
    return name + "人民政府" if re.search(f"{PLACE_UNIT}$", name) else name


def _qualify(bare: str, text: str, *, strict: bool) -> str:
    """市住房保障和房屋管理局 -> 孝感市住房保障和房屋管理局, from the place the text names most."""
    unit = _BARE_PREFIX.match(bare)[1]  # type: ignore[index]
    places: Counter[str] = Counter()
    # Only a place that heads an institution (孝感市人民政府…) qualifies; 承办市级… is grammar.
    # Each mention votes for every name of 2-4 characters before it (齐齐哈尔市 has four): the place
    # itself is in every vote, a word that happens to precede it (根据温州市) only in some.
    for match in re.finditer(rf"{unit}(?=人民政府|政府|人大|政协|委员会|[委局厅])", text):
        head = re.search(rf"(?:(?!{_NOT_IN_PLACE})[{CJK}]){{2,4}}$", text[max(0, match.start() - 4) : match.start()])
        if head:
            places.update(head.group()[-size:] + unit for size in range(2, len(head.group()) + 1))
    if places:
        known = {name: count for name, count in places.items() if not strict or is_place(name)}
        if known:
            place = max(known, key=lambda name: (known[name], len(name)))
            return place + _BARE_PREFIX.sub("", bare)
    return bare


def _tidy(name: str) -> str:
    name = re.sub(rf"(?<=[{CJK}])\s+(?=[{CJK}])", "", name.strip())
    name = re.sub(r"^(?:本)?(?:报告|年报|年度报告)?由", "", name)
    name = re.sub(r"^(?:关于|根据|按照|现将|本年度|本年|年度|本|由|在)", "", name)
    name = re.sub(r"[-—]+.*$", "", name)
    name = re.sub(r"[(（][^)）]*(?:[)）]|$)", "", name)
    # 温州市教育局办公室, 佛冈县公安局指挥中心办公室, 两城镇人民政府党政办公室: an office inside the
    # agency; keep the agency (but 人民政府办公室 is an agency of its own).
    name = re.sub(rf"(?<=[局委厅])[{CJK}]{{0,6}}办公室$|(?<=人民政府)[{CJK}]{{1,6}}办公室$", "", name)
    # The formal head: an agency's name spells 人民政府 (大涌镇政府办公室 is 大涌镇人民政府办公室).
    name = re.sub(r"(?<!人民)政府(?=办公室$|办公厅$|$)", "人民政府", name)
    # 广州海关关区: a customs house's district is the customs house.
    return re.sub(r"(?<=海关)关区$", "", name)


def _is_agency(name: str, *, strict: bool = True) -> bool:
    """Whether ``name`` reads as an agency: an organisation or a place that starts where a place, a
    superior body (国家税务总局…) or a bare unit (市教育局) starts, or a ministry (财政部). Never a
    sentence fragment (主动向市委, 化厅借助省文化厅, 党政办公室).

    >>> [_is_agency(n) for n in ("广元市统计局", "主动向市委", "党政办公室", "财政部", "广州海关", "市教育局", "国家林业和草原局")]
    [True, False, False, True, True, True, True]
    """
    if not 2 <= len(name) <= 30 or "公开" in name:
        return False
    if _MINISTRY.fullmatch(name):
        return True
    if not re.search(f"{NAME_HEAD}$|{PLACE_UNIT}$|海关$", name):
        return False
    placed = _place_at(name) if strict else _PLACED.match(name)
    return bool(_BARE_PREFIX.match(name) or _SUPERIOR.match(name) or placed)


def _place_at(text: str) -> int:
    """The length of the place chain ``text`` starts with, each place one the gazetteer knows (广州 of
    广州海关, 滨海新区 and 海滨街道 of 滨海新区海滨街道办事处); 0 when it starts with no place."""
    at = 0
    while (found := read_place(text[at:])) and _known(text[at : at + found[2]], *found[:2]):
        at += found[2]
    return at


def _known(place: str, core: str, unit: str) -> bool:
    # A development zone is named after its city (武汉东湖新技术开发区): the city is the known place.
    zone = unit in ZONE_UNITS and any(is_place(core[:size]) for size in range(2, len(core)))
    return is_place(place) or is_place(core) or zone


def _not_cited(line: str, start: int, end: int) -> bool:
    """Whether a title found in ``line`` between ``start`` and ``end`` is the report's own, not a document
    it cites: outside 《》, or a 《》 that holds the report's title itself (特编制《X2019年度…年度报告》)."""
    before = line[:start]
    if _ANNOUNCES.search(before[before.rfind("》") + 1 :]):
        return True  # 特向社会公布2017年吉林省审计厅…: the report announces itself after a citation
    if len(line) > MAX_TITLE_CHARS:
        return False  # a sentence that mentions a report (及时公开区司法局2023年度…年报) is no title
    if "《" not in before:
        return True
    return before.count("《") > before.count("》") and line[end:].lstrip().startswith("》")
