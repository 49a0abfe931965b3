"""Okapi BM25 of a question's keywords in the passages of the chosen reports, from the counts frozen at
build time (FTS5's bm25() recounts every term over the whole index on each question)."""

from __future__ import annotations

import math

from knowledge.keywords import Keyword
from knowledge.models import Passage
from knowledge.store import Store

BM25_K1, BM25_B = 1.2, 0.75  # the usual Okapi parameters, as FTS5 uses them


def with_bm25(
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
