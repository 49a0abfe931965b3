"""find_hits: score candidate passages by keyword coverage, heading, BM25 and answer type; quote the span."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from rapidfuzz import fuzz

from knowledge.models import Hit, Passage, Report
from knowledge.question import QUESTION_WORD, STOPWORDS
from knowledge.segment import Segmenter, normalise
from knowledge.store import Store

MAX_ANSWER_CHARS = 300
# How much a span that holds the asked kind of thing (a count, a date, a phone number) gains.
TYPE_BONUS = {"number": 0.35, "date": 0.6, "contact": 0.6}
LIST_ANSWER_CHARS = 200  # lists and processes read better as the few sentences that follow
CANDIDATES = 40
RARE_MIN_PASSAGES = 20
RARE_SHARE = 0.01
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+|\n|$)")
_CLAUSE = re.compile(r"[^，,；;。！？!?\n]*(?:[，,；;。！？!?]+|\n|$)")
_UNIT = r"(?:余|多|近)?\s*(?:件|条|次|篇|个|项|人次|人|宗|例|期|场|份|家|类|大类|户|万元|元|万|%|％|天|小时|批|部|本|名|封|起|台|所|余条|余件)"
NUMBER = re.compile(rf"\d[\d,.]*\s*{_UNIT}|[零一二三四五六七八九十百千万两]+\s*{_UNIT}|\|\s*\d")
# Area code and number, a bare local number, a mobile, a 123xx hotline; not 00001 of an index number.
PHONE = re.compile(r"(?<![\w-])(?:\d{3,4}[-－—]\d{7,8}|0\d{9,11}|\d{7,8}|1\d{10}|123\d\d)(?![\w-])", re.ASCII)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 〔2008〕6号 is a document number, not an address: a house number follows a street word.
ADDRESS = re.compile(r"地址|[路街道巷里弄村]\s*\d+\s*号|大道|大街|\d+号楼|\d+层")
POSTCODE = re.compile(r"邮编|邮政编码|(?<!\d)\d{6}(?!\d)")
FAX = re.compile(r"传真")
WEBSITE = re.compile(r"https?://|www\.|[a-z0-9-]+\.(?:gov|com|net|org)(?:\.cn)?\b", re.I)
# "几件" asks for a count of things that come in 件; 3例 or 3宗 answer it, 六个部分 does not.
UNIT_FAMILIES = ("件宗例个起项份", "条篇则期", "次场期批轮", "人名人次位", "元万元亿元", "类大类种", "个家所")
_ASKED_UNIT = re.compile(r"(?:几|多少)\s*(?:个)?\s*([件宗例个起项份条篇则期次场批轮人名位元类种家所])")
MONTH = re.compile(r"(?<!\d)\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月")
DATE = re.compile(r"\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}")
# "未收到申请" answers "收到几件申请" with zero.
NEGATION = re.compile(
    r"(?:未|没有|无)(?:收到|接到|受理|发生|产生|出现|此类|相关|因)|(?<!\d)0\s*[件条次例宗]|零[件条次例宗]"
)
CONTACT_WORD = re.compile(r"电话|联系电话|联系方式|地址|在哪|在哪里|邮箱|电子邮箱|传真|传真号码|号码|邮编|网址")


@dataclass(frozen=True, slots=True)
class Keyword:
    """A question word and the other ways a report may say it; weight = how telling it is."""

    forms: tuple[str, ...]
    weight: float
    contact: bool = False  # 电话/地址/在哪: satisfied by a span that holds the contact detail itself
    df: int = 0  # passages holding its commonest form


class Synonyms:
    """Synonym groups from ``data/synonyms.tsv``: 依申请公开 ~ 政府信息公开申请 ~ 收到申请."""

    def __init__(self, groups: list[list[str]]) -> None:
        self.by_word: dict[str, tuple[str, ...]] = {}
        for group in groups:
            for word in group:
                self.by_word[word] = tuple(dict.fromkeys(self.by_word.get(word, ()) + tuple(group)))

    @classmethod
    def load(cls) -> Synonyms:
        text = resources.files("knowledge").joinpath("data/synonyms.tsv").read_text(encoding="utf-8")
        return cls([normalise(line).split("\t") for line in text.splitlines() if line and not line.startswith("#")])

    def forms(self, word: str) -> tuple[str, ...]:
        return self.by_word.get(word, (word,))


_ASKED_COUNT = re.compile(r"(?:几|多少)(?:个)?[件条次个项篇人宗例期场份家类天月年日名位元种批轮](?:内|以内|左右)?")
_CN_DIGITS = "零一二三四五六七八九十百千万两〇"
_COUNTED = re.compile(rf"[\d{_CN_DIGITS}]+\s*[件条次个项篇人宗例期场份家类部本名]")


def numeral_forms(word: str) -> tuple[str, ...]:
    """The other way a report may write a count: 五条 for 5条 and 5条 for 五条.

    >>> numeral_forms("5条"), numeral_forms("五条"), numeral_forms("公开")
    (('五条',), ('5条',), ())
    """
    if not _COUNTED.search(word):
        return ()  # 一是, 统一: numerals that count nothing
    has_digit = any(ch.isdigit() for ch in word)
    import cn2an  # 0.35 s to import: paid only by questions that count something

    try:
        other = cn2an.transform(word, "an2cn" if has_digit else "cn2an")
    except (ValueError, KeyError):
        return ()
    return (other,) if other != word else ()


def extract_keywords(
    text: str, segmenter: Segmenter, store: Store, synonyms: Synonyms, *, kind: str = "fact"
) -> list[Keyword]:
    """The words of a question (agency and year already removed) that a passage should contain."""
    text = _ASKED_COUNT.sub(" ", text)  # 多少天内, 几个人: the unit asked for is no word to look for
    words = [
        w
        for w in dict.fromkeys(segmenter.words(text))
        if w not in STOPWORDS and not QUESTION_WORD.match(w) and (len(w) > 1 or w.isdigit())
    ]
    # 在哪 / 传真号码: synonym-table words jieba cut apart stand for their parts.
    whole = [
        w
        for w in synonyms.by_word
        if len(w) > 1 and w in text and w not in words and (kind == "contact" or not CONTACT_WORD.fullmatch(w))
    ]  # 存在哪些 holds 在哪, but asks no address
    whole = [w for w in whole if not any(w in other for other in whole if other != w)]
    words = [w for w in words if not any(w in big for big in whole)] + whole
    df = store.document_frequencies(words)
    # A run jieba guessed (抖音发, 发了, 报是) that no passage contains is noise: keep the parts of it
    # the reports do contain. A real word no report contains (护照) stays, and lowers the coverage.
    guessed = [w for w in words if not df.get(w) and not segmenter.known(w) and w not in synonyms.by_word]
    if guessed:
        parts = {w: [w[i : i + 2] for i in range(len(w) - 1)] for w in guessed}
        df |= store.document_frequencies(p for ps in parts.values() for p in ps)
        words = [x for w in words for x in ([p for p in parts[w] if df.get(p)] if w in parts else [w])]
        words = list(dict.fromkeys(words))
    total = max(store.total_passages(), 1)
    forms_df = store.document_frequencies(f for w in words for f in synonyms.forms(w) if f != w)
    keywords: list[Keyword] = []
    seen: set[tuple[str, ...]] = set()
    for word in words:
        if synonyms.forms(word) in seen:
            continue
        seen.add(synonyms.forms(word))
        # A synonym group is as telling as its commonest form: "发了" is rare, 发布 is not.
        group_df = max([df.get(word, 0)] + [forms_df.get(f, 0) for f in synonyms.forms(word)])
        idf = math.log(1 + total / (1 + group_df))
        forms = synonyms.forms(word) + numeral_forms(word)
        weight = max(idf, 0.2) * (1 + 0.1 * min(len(word), 4))
        contact = any(CONTACT_WORD.fullmatch(f) for f in forms)
        keywords.append(Keyword(forms, weight, contact=contact, df=group_df))
    return keywords


@dataclass(frozen=True, slots=True)
class Scored:
    coverage: float  # share of keyword weight the span (with its headings) covers
    type_match: bool
    score: float
    start: int
    end: int


def find_hits(
    store: Store,
    keywords: list[Keyword],
    kind: str,
    question: str,
    reports: dict[int, Report],
    *,
    restrict: bool,
    year: int | None = None,
    limit: int = 4,
) -> list[tuple[Hit, Scored]]:
    """Score the candidate passages of ``reports`` and return the best hits, each with its answer span.

    ``restrict`` means ``reports`` is the agency/year filter's choice and every passage of them is
    scored; without it the whole corpus is searched by the question's rarer words, in ``year``.
    """
    tokens = [form for k in keywords for form in k.forms]
    if restrict:
        # The filter leaves a few reports: score every passage, so a word jieba glued to its
        # neighbour in the index (微博向, v137) or an address without the word 地址 (d015) is not lost.
        candidates = store.passages_with_bm25(reports, tokens)
    else:
        # Words in more than 1% of all passages single out no report (and make FTS5 walk long
        # posting lists); a question made only of such words needs its agency named.
        common = max(RARE_MIN_PASSAGES, RARE_SHARE * store.total_passages())
        rare = [form for k in keywords if k.df <= common for form in k.forms]
        candidates = store.candidates(rare, limit=CANDIDATES) if rare else []
        candidates = [c for c in candidates if year is None or reports[c[0]].year == year]
    table_spans = store.row_spans({row for row, _, _ in candidates})
    if not candidates:
        return []
    top_bm25 = max(b for _, _, b in candidates) or 1.0
    scored: dict[tuple[int, int], tuple[Hit, Scored]] = {}
    for row, passage, bm25 in candidates:
        report = reports.get(row)
        if report is None or (row, passage.ordinal) in scored:
            continue
        best = score_passage(passage, keywords, kind, question, rows=table_spans.get((row, passage.ordinal), ()))
        if best is None:
            continue
        total = best.score + 0.1 * bm25 / top_bm25
        snippet = _tidy(passage.text[best.start : best.end])
        hit = Hit(passage, report, round(min(100.0, 100 * total / 1.8), 1), snippet)
        scored[(row, passage.ordinal)] = (hit, Scored(best.coverage, best.type_match, total, best.start, best.end))
    ranked = sorted(scored.values(), key=lambda hs: hs[1].score, reverse=True)
    return ranked[:limit]


def score_passage(
    passage: Passage, keywords: list[Keyword], kind: str, question: str, *, rows: Iterable[tuple[int, int]] = ()
) -> Scored | None:
    """The best answer span of one passage and how well it answers.

    ``rows`` are the spans of statistics-table rows in the passage: a row (label and figures) is an
    answer span of its own, and it states a number.
    """
    total = sum(k.weight for k in keywords) or 1.0
    heading = normalise(" ".join(passage.headings))
    body = normalise(passage.text)
    heading_fit = fuzz.partial_ratio(question, heading, processor=None) / 100 if heading else 0.0
    on_topic = sum(k.weight for k in keywords if any(f in heading for f in k.forms)) / total
    best: Scored | None = None
    row_spans = set(rows)
    for start, end in _spans(passage.text, _SENTENCE) + sorted(row_spans):
        sentence = normalise(passage.text[start:end])
        if len(sentence.strip()) < 2:
            continue
        typed = (kind == "number" and (start, end) in row_spans) or _type_match(passage.text[start:end], question, kind)
        covered = 0.0
        for k in keywords:
            if any(f in sentence for f in k.forms) or (typed and k.contact):
                covered += k.weight
            elif any(f in heading for f in k.forms):
                covered += 0.6 * k.weight
            elif any(f in body for f in k.forms):
                covered += 0.3 * k.weight
        coverage = covered / total
        # Section headings carry the intent (三、依申请公开情况), so a passage under a fitting heading wins ties.
        score = coverage + (TYPE_BONUS.get(kind, 0.0) if typed else 0.0) + 0.1 * heading_fit + 0.25 * on_topic
        if best is None or score > best.score:
            best = Scored(coverage, typed, score, start, end)
    if best is None:
        return None
    if (best.start, best.end) in row_spans:
        return best
    start, end = _widen(passage.text, best.start, best.end, kind, keywords, question)
    return Scored(best.coverage, best.type_match, best.score, start, end)


def _type_match(text: str, question: str, kind: str) -> bool:
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
    asked = _ASKED_UNIT.search(question)
    if not asked or asked[1] == "个":  # 个 counts anything: 几个人, 几个栏目
        return bool(NUMBER.search(text))
    family = next((f for f in UNIT_FAMILIES if asked[1] in f), asked[1])
    for match in NUMBER.finditer(text):
        unit = re.sub(r"[\d,.\s余多近零一二三四五六七八九十百千万两]", "", match.group())[:2]
        if match.group().startswith("|") or any(ch in family for ch in unit):
            return True
    return False


def _tidy(span: str) -> str:
    # A table row read one cell per line becomes one line; the characters stay the report's own.
    return re.sub(r"\s*\n\s*", " ", span.strip())


def _spans(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


def _widen(text: str, start: int, end: int, kind: str, keywords: list[Keyword], question: str) -> tuple[int, int]:
    """Grow a list/process answer over the following sentences; shrink a too-long one to clauses."""
    if kind in ("list", "process"):
        for s, e in _spans(text, _SENTENCE):
            if s >= end and e - start <= LIST_ANSWER_CHARS and text[end:s].strip() == "":
                end = e
    if end - start <= MAX_ANSWER_CHARS:
        return start, end
    clauses = [(s + start, e + start) for s, e in _spans(text[start:end], _CLAUSE)]
    total = sum(k.weight for k in keywords) or 1.0

    def weight(span: tuple[int, int]) -> float:
        piece = text[span[0] : span[1]]
        found = sum(k.weight for k in keywords if any(f in normalise(piece) for f in k.forms)) / total
        return found + (2.0 if _type_match(piece, question, kind) else 0.0)

    centre = max(range(len(clauses)), key=lambda i: weight(clauses[i]))
    if clauses[centre][1] - clauses[centre][0] > MAX_ANSWER_CHARS:  # one endless clause: keep its end
        return clauses[centre][1] - MAX_ANSWER_CHARS, clauses[centre][1]
    lo = hi = centre
    while True:
        grown = False
        if hi + 1 < len(clauses) and clauses[hi + 1][1] - clauses[lo][0] <= MAX_ANSWER_CHARS:
            hi, grown = hi + 1, True
        if lo > 0 and clauses[hi][1] - clauses[lo - 1][0] <= MAX_ANSWER_CHARS:
            lo, grown = lo - 1, True
        if not grown:
            break
    return clauses[lo][0], min(clauses[hi][1], clauses[lo][0] + MAX_ANSWER_CHARS)
