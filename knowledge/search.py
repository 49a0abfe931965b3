"""find_hits: score candidate passages by keyword coverage, heading, BM25 and answer kind; quote the span."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from knowledge.keywords import Keyword
from knowledge.kinds import type_match
from knowledge.models import Hit, Passage, Report
from knowledge.segment import normalise
from knowledge.store import Store

MAX_ANSWER_CHARS = 300
# How much a span that holds the asked kind of thing (a count, a date, a phone number) gains.
TYPE_BONUS = {"number": 0.35, "date": 0.6, "contact": 0.6}
LIST_ANSWER_CHARS = 200  # lists and processes read better as the few sentences that follow
TYPED_FLOOR = 0.3
BM25_K1, BM25_B = 1.2, 0.75
CANDIDATES = 40
RARE_MIN_PASSAGES = 20
RARE_SHARE = 0.01
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+|\n|$)")
_COMPOSING = re.compile(r"[\u0300-\u036f\u1100-\u11ff\u3099\u309a]")  # NFKC may join these to what precedes
_CLAUSE = re.compile(r"[^，,；;。！？!?\n]*(?:[，,；;。！？!?]+|\n|$)")


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
    if restrict:
        # The filter leaves a few reports: score every passage, so a word jieba glued to its
        # neighbour in the index (微博向, v137) or an address without the word 地址 (d015) is not lost.
        candidates = _with_bm25(store, store.passages_of(reports), keywords)
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
    # Sentences are read from the normalised body when it lines up with the text character for
    # character (NFKC kept the length and there is nothing to compose): one normalisation, not one per sentence.
    aligned = len(body) == len(passage.text) and not _COMPOSING.search(passage.text)
    heading_fit = fuzz.partial_ratio(question, heading, processor=None) / 100 if heading else 0.0
    in_heading = [any(f in heading for f in k.forms) for k in keywords]
    in_body = [any(f in body for f in k.forms) for k in keywords]
    on_topic = sum(k.weight for k, found in zip(keywords, in_heading, strict=True) if found) / total
    best: Scored | None = None
    row_spans = set(rows)
    for start, end in _spans(passage.text, _SENTENCE) + sorted(row_spans):
        sentence = body[start:end] if aligned else normalise(passage.text[start:end])
        if len(sentence.strip()) < 2:
            continue
        typed = (kind == "number" and (start, end) in row_spans) or type_match(passage.text[start:end], question, kind)
        covered = 0.0
        for k, heading_has, body_has in zip(keywords, in_heading, in_body, strict=True):
            if (typed and k.contact) or (body_has and any(f in sentence for f in k.forms)):
                covered += k.weight
            elif heading_has:
                covered += 0.6 * k.weight
            elif body_has:
                covered += 0.3 * k.weight
        coverage = covered / total
        # Section headings carry the intent (三、依申请公开情况), so a passage under a fitting heading wins ties.
        score = coverage + (TYPE_BONUS.get(kind, 0.0) if typed else 0.0) + 0.1 * heading_fit + 0.25 * on_topic
        candidate = Scored(coverage, typed, score, start, end)
        if best is None or _rank(candidate, kind) > _rank(best, kind):
            best = candidate
    if best is None:
        return None
    if (best.start, best.end) in row_spans:
        return best
    start, end = _widen(passage.text, best.start, best.end, kind, keywords, question)
    return Scored(best.coverage, best.type_match, best.score, start, end)


def _with_bm25(
    store: Store, passages: list[tuple[int, Passage, str]], keywords: list[Keyword]
) -> list[tuple[int, Passage, float]]:
    """Okapi BM25 of each passage for the keywords, from its own tokens and the corpus statistics.

    FTS5's bm25() counts every term's documents over the whole index on each query, which grows
    with the corpus; here the counts are the ones frozen at build time, so a question costs the same
    in ten reports or ten thousand. Same tokens, same formula (k1 = 1.2, b = 0.75).
    """
    total = max(store.total_passages(), 1)
    average = store.average_tokens() or 1.0
    terms = {form for k in keywords for form in k.forms}
    df = store.document_frequencies(terms)
    idf = {t: max(math.log((total - n + 0.5) / (n + 0.5)), 1e-6) for t, n in df.items()}
    # A term's frequency is counted in C: tokens are single-space separated, so with the spaces doubled
    # every token stands alone between two and " term " matches it (and only it) once per occurrence.
    patterns = [(f" {t} ", weight) for t, weight in idf.items()]
    scored = []
    for row, passage, search_text in passages:
        spaced = f" {search_text.replace(' ', '  ')} "
        length = search_text.count(" ") + 1 if search_text else 0
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length / average)
        bm25 = 0.0
        for pattern, weight in patterns:
            if tf := spaced.count(pattern):
                bm25 += weight * tf * (BM25_K1 + 1) / (tf + norm)
        scored.append((row, passage, bm25))
    return scored


def _rank(scored: Scored, kind: str) -> tuple[bool, float]:
    # For a count, a date or a contact, a span that holds one (and fits the question at all) beats
    # one that only repeats the question's words: the header line "行政复议 | 行政诉讼" loses to
    # the figures below it.
    holds = kind in TYPE_BONUS and scored.type_match and scored.coverage >= TYPED_FLOOR
    return holds, scored.score


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
        return found + (2.0 if type_match(piece, question, kind) else 0.0)

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
