"""What each part of a question asks, as a Query: its kind, the thing it wants to see and the words a
span should say; and the words a homophone typo in a question is read back to."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from knowledge.keywords import Synonyms, counted_word, extract_keywords, specificity
from knowledge.kinds import NAMING_WORDS, as_contact, asked, naming_word
from knowledge.models import Kind
from knowledge.question import ASKING_WORDS, QuestionFacts, question_kind
from knowledge.search import Query
from knowledge.segment import Segmenter, domain_terms
from knowledge.store import Store
from knowledge.typos import AskedWords


def asked_words(synonyms: Synonyms) -> AskedWords:
    """The words a one-character homophone typo is read back to (联系电化 → 联系电话): the synonym table's,
    the domain terms, the asking words (第几) and the words naming a thing asked (部门, 联系)."""
    return AskedWords([*synonyms.by_word, *domain_terms(), *ASKING_WORDS, *NAMING_WORDS])


def queries_of(
    text: str, facts: QuestionFacts, *, unnamed: bool, segmenter: Segmenter, store: Store, synonyms: Synonyms
) -> list[Query]:
    """One query per part of the question that has words of its own (one for a plain question).

    ``text`` is the question with the agency and year blanked out; ``unnamed``: it names no agency, so
    every report competes (a word no report uses then rules a question out rather than being dropped).
    """
    words = partial(extract_keywords, segmenter=segmenter, store=store, synonyms=synonyms)
    queries = []
    for start, end in facts.parts or ((0, len(text)),):
        part = text[start:end]
        kind = question_kind(part) if facts.parts else facts.kind
        # What is asked is read with the agency's name in place (办公室在哪 asks for an address); a question
        # with no other word (在几楼) is said by the thing's own word (地址).
        thing = asked(facts.text[start:end], kind)
        said = as_contact(part, thing)
        keywords = words(said, kind=kind, drop_unseen=not unnamed) or words(naming_word(thing), kind=kind)
        if keywords:
            counted = counted_word(part, keywords) if kind == Kind.NUMBER else None
            specific = specificity(keywords, store.total_passages())
            queries.append(Query(keywords, kind, thing, part.strip(), unnamed, counted, specific))
    if facts.parts and len(queries) < 2:  # the other part had no words: read the question whole
        whole = replace(facts, parts=())
        return queries_of(text, whole, unnamed=unnamed, segmenter=segmenter, store=store, synonyms=synonyms)
    return queries
