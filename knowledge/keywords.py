"""The words of a question a passage should contain: jieba tokens, synonyms, weights by rarity."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from importlib import resources

from knowledge.grammar import ASKED_COUNT, CJK, COUNTED
from knowledge.kinds import CONTACT_WORD, PUT_OUT, Thing, named_thing
from knowledge.models import Kind
from knowledge.question import QUESTION_WORD, STOPWORDS
from knowledge.segment import Segmenter, normalise
from knowledge.store import Store


@dataclass(frozen=True, slots=True)
class Keyword:
    """A question word and the other ways a report may say it; weight = how telling it is."""

    forms: tuple[str, ...]
    weight: float
    names: Thing | None = None  # 电话/地址/文号: the thing it names, said by a span that holds it
    df: int = 0  # passages holding its commonest form
    loose: re.Pattern[str] | None = None  # a word no report writes, read as an abbreviation (see ``abbreviated``)

    def found_in(self, text: str) -> bool:
        """Whether ``text`` says this word: one of its forms, or the phrase it abbreviates."""
        for form in self.forms:
            if form in text:
                return True
        return self.loose is not None and self.loose.search(text) is not None


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


ABBREVIATION_GAP = 3  # 宣稿 for 宣传稿件: at most this many characters between two kept ones


def abbreviated(word: str) -> re.Pattern[str] | None:
    """A Chinese abbreviation keeps characters of its phrase in their order (宣稿 for 宣传稿件, 解读数 for
    解读…数量): a pattern finding the phrase within one clause, for a two- or three-character word.

    >>> abbreviated("宣稿").search("编发宣传稿件120篇").group(), abbreviated("宣稿").search("宣传,稿件")
    ('宣传稿', None)
    """
    if not 2 <= len(word) <= 3 or not re.fullmatch(f"[{CJK}]+", word):
        return None
    gap = rf"[^，,。；;！？!?\n]{{0,{ABBREVIATION_GAP}}}"
    return re.compile(gap.join(map(re.escape, word)))


# The report itself, as a question names it: 政府信息公开工作年度报告, 信息公开年报, 年度报告, 年报.
# 哪天发布, 什么时候挂出来: the day a report was put out. The page's date line says it (时间:2019年03月28日,
# 2019年03月28日 来源:…) as often as 发布时间 does, so the date itself stands for the verb (kinds.PUT_OUT).
REPORT_NAME = re.compile(r"(?:政府)?(?:信息)?公开(?:工作)?(?:年度)?(?:报告|年报)|年度报告|年报")
_PARTICLE = re.compile(r"[了过着的吗呢吧啊呀]+$")
_ASPECT = re.compile(f"(?<=[{CJK}]{{2}})[过了](?=[{CJK}]{{2}})")


def numeral_forms(word: str) -> tuple[str, ...]:
    """The other way a report may write a count: 五条 for 5条 and 5条 for 五条.

    >>> numeral_forms("5条"), numeral_forms("五条"), numeral_forms("公开")
    (('五条',), ('5条',), ())
    """
    if not COUNTED.search(word):
        return ()  # 一是, 统一: numerals that count nothing
    has_digit = any(ch.isdigit() for ch in word)
    import cn2an  # 0.35 s to import: paid only by questions that count something

    try:
        other = cn2an.transform(word, "an2cn" if has_digit else "cn2an")
    except (ValueError, KeyError):
        return ()
    return (other,) if other != word else ()


def extract_keywords(
    text: str,
    segmenter: Segmenter,
    store: Store,
    synonyms: Synonyms,
    *,
    kind: Kind = Kind.FACT,
    drop_unseen: bool = False,
) -> list[Keyword]:
    """The words of a question (agency and year already removed) that a passage should contain."""
    text = ASKED_COUNT.sub(" ", text)  # 多少天内, 几个人: the unit asked for is no word to look for
    text = REPORT_NAME.sub(" ", text)  # 信息公开年报: which document is asked about, not what about
    # jieba's HMM glues a verb to its particle (开了, 发了): the particle is grammar, whatever the
    # corpus holds, so a guessed word loses it before anything is looked up.
    cut = [w if segmenter.known(w) else _PARTICLE.sub("", w) for w in segmenter.words(text)]
    words = [
        w
        for w in dict.fromkeys(cut)
        if w not in STOPWORDS and not QUESTION_WORD.match(w) and (len(w) > 1 or w.isdigit())
    ]
    # 在哪 / 传真号码: synonym-table words jieba cut apart stand for their parts.
    # 申请过信息公开: an aspect particle between a verb and its object hides the phrase the table knows.
    plain = _ASPECT.sub("", text)
    whole = [
        w
        for w in synonyms.by_word
        if len(w) > 1
        and (w in text or w in plain)
        and w not in words
        and (kind == Kind.CONTACT or not CONTACT_WORD.fullmatch(w))
    ]  # 存在哪些 holds 在哪, but asks no address
    # 5条: a count the question names is looked for whole (and as 五条), not as a bare 5.
    whole += [m.group() for m in COUNTED.finditer(text) if m.group() not in words]
    put_out = kind == Kind.DATE and bool(PUT_OUT.search(text))
    whole = [w for w in whole if not any(w in other for other in whole if other != w)]
    words = [w for w in words if not any(w in big for big in whole)] + whole
    if put_out:  # the date stands for the verb: 日期 names it, and 发布 (挂出, 发的 …) goes
        said = [w for w in words if "发布" not in synonyms.forms(w) and not PUT_OUT.fullmatch(w)]
        words = said + (["日期"] if "日期" not in said else [])
    df = store.document_frequencies(words)
    # A run jieba guessed (抖音发, 发了, 报是) that no passage contains is noise: keep the parts of it
    # the reports do contain. A real word no report contains (护照) stays, and lowers the coverage.
    guessed = [w for w in words if not df.get(w) and not segmenter.known(w) and w not in synonyms.by_word]
    if guessed:
        parts = {w: [w[i : i + 2] for i in range(len(w) - 1)] for w in guessed}
        df |= store.document_frequencies(p for ps in parts.values() for p in ps)
        words = [x for w in words for x in ([p for p in parts[w] if df.get(p)] if w in parts else [w])]
        words = list(dict.fromkeys(words))
    # jieba's search mode gives 主动公开 and its parts 主动, 公开: keep the level the reports write. A part
    # of a longer question word the reports use says nothing more (counted twice it would outweigh the
    # rest of the question); a compound no report writes (市政府办) is said by its parts when they are.
    words = [
        w
        for w in words
        if not any(w != big and w in big and df.get(big) for big in words)
        and not (not df.get(w) and any(w != part and part in w and df.get(part) for part in words))
    ]
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
        names = next((thing for f in forms if (thing := named_thing(f))), None)
        # No report writes it whole: among an agency's reports it may abbreviate a phrase of theirs (asked of
        # every report it is not looked for in every passage).
        loose = abbreviated(word) if not group_df and not names and drop_unseen else None
        keywords.append(Keyword(forms, weight, names=names, df=group_df, loose=loose))
    keywords = either_or(text, keywords)
    # A word no report uses is either chat (吃过, 报上) or another topic (护照). Among an agency's reports
    # it can match nothing, so it only counts when every report competes (where it rules a question out).
    if drop_unseen and any(k.df for k in keywords):
        return [k for k in keywords if k.df or k.names]
    return keywords


_OR = re.compile(r"\s*(?:或者|或是|或)\s*")


def either_or(text: str, keywords: list[Keyword]) -> list[Keyword]:
    """Words joined by 或 are one word either of which is enough (主动公开或发布: a span with 主动公开 says it).

    >>> kws = [Keyword(("主动公开",), 1.6, df=9), Keyword(("发布", "公布"), 1.7, df=30), Keyword(("信息",), 0.9)]
    >>> [k.forms for k in either_or("主动公开或发布了多少条信息", kws)]
    [('主动公开', '发布', '公布'), ('信息',)]
    """
    merged = list(keywords)
    for i, first in enumerate(keywords):
        for second in keywords[i + 1 :]:
            if first in merged and second in merged and _joined_by_or(text, first, second):
                both = Keyword(
                    tuple(dict.fromkeys(first.forms + second.forms)),
                    max(first.weight, second.weight),
                    names=first.names or second.names,
                    df=max(first.df, second.df),
                )
                merged[merged.index(first)] = both
                merged.remove(second)
                first = both
    return merged


def _joined_by_or(text: str, first: Keyword, second: Keyword) -> bool:
    return any(
        re.search(re.escape(a) + _OR.pattern + re.escape(b), text)
        or re.search(re.escape(b) + _OR.pattern + re.escape(a), text)
        for a in first.forms
        for b in second.forms
    )


_HOW_MANY = re.compile(r"多少|几")
AFTER_GAP = 2  # 多少件依申请公开, 几个的: a unit (and 的) may stand between the question word and what it counts


def counted_word(text: str, keywords: list[Keyword]) -> Keyword | None:
    """The keyword a count question counts: the one right after 多少/几 (多少粉丝, 几件申请), else the
    nearest one before it (粉丝有几个, 公开信息多少条).

    >>> kws = [Keyword(("收到",), 2.0), Keyword(("依申请公开",), 3.0), Keyword(("粉丝", "关注"), 3.5)]
    >>> [counted_word(q, kws).forms[0] for q in ("收到多少件依申请公开", "粉丝有几个", "有多少粉丝")]
    ['依申请公开', '粉丝', '粉丝']
    """
    after: list[tuple[int, Keyword]] = []
    before: list[tuple[int, Keyword]] = []
    for ask in _HOW_MANY.finditer(text):
        for keyword in keywords:
            for form in keyword.forms:
                for found in re.finditer(re.escape(form), text):
                    if 0 <= found.start() - ask.end() <= AFTER_GAP:
                        after.append((found.start() - ask.end(), keyword))
                    elif found.end() <= ask.start():
                        before.append((ask.start() - found.end(), keyword))
    nearest = min(after, key=lambda g: g[0], default=None) or min(before, key=lambda g: g[0], default=None)
    return nearest[1] if nearest else None


def specificity(keywords: list[Keyword], passages: int) -> float:
    """How specific the question's rarest word the reports use is, 0 (in every passage or none) to 1 (in
    one): a question left with only 政府 or 公开 says little, however well a span matches it.

    >>> round(specificity([Keyword(("政府",), 1.0, df=158)], 400), 2), round(specificity([Keyword(("抽签",), 4.0, df=1)], 400), 2)
    (0.15, 0.88)
    >>> round(specificity([Keyword(("护照",), 5.0, df=0)], 400), 2)
    0.0
    """
    # The topic's words the reports use; else the words naming the thing asked (电话, 落款), which say
    # exactly what is wanted. A topic word no report uses (护照) singles out nothing here.
    topic = [k for k in keywords if k.names is None and k.df] or [k for k in keywords if k.names is not None]
    rarest = min(k.df for k in topic) if topic else passages
    return 1.0 - math.log(1 + rarest) / math.log(2 + passages)
