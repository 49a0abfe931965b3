"""Follow-up questions: after "温州市教育局2018年收到几件申请？", "那2017年呢？" asks the same of 2017.

A conversation keeps what its last question was read as (a Context: the agency, the year, the topic).
A new question that names an agency and asks something stands alone, as it would in a new chat. One
that lacks the agency, the year or the topic takes what it lacks from the context, and the answer says
what it carried over. A place said alone ("沈阳的呢") asks the same organisation there (沈阳's 教育局).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from knowledge.answer import Reading
from knowledge.kinds import CONTACT_WORD
from knowledge.matching import AgencyMatch
from knowledge.models import Answer, Context, Note, NoteCode, Refusal
from knowledge.question import QuestionFacts, blanked, clean_question, read_question
from knowledge.segment import normalise

# Words that only point back at the last question: 那…呢, 它的, 那份 (报告). What is left once they, the
# agency and the year are gone is the question's own topic, if any.
_POINTING = re.compile(
    r"^(?:[那这]份(?:报告|年报)?[里中]?|那么|那|还有|再问一下|另外|它们的|它的|它|的)"
    r"|(?:的呢|呢|的吗|吗|的)?[?？。!！\s]*$"
)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A follow-up question as it reads with the carried parts in place, and what was carried."""

    question: str  # 沈阳市教育局2017年收到几件依申请公开
    carried: tuple[str, ...]  # the context's parts used: ("沈阳市教育局", "收到几件依申请公开")


# A question word: a topic without one that follows a count question asks the same count of it.
_ASKING = re.compile(r"多少|几|什么|啥|哪|吗|么|是否|有没有|怎样|如何|谁")
_COUNTS = re.compile(r"多少|几")
_POINTS_BACK = re.compile(r"^(?:那|还有|它)|呢[?？。!！\s]*$")

Read = Callable[[str], "Answer | Reading"]
Match = Callable[[str], Sequence[AgencyMatch]]
Ask = Callable[[str], tuple[Answer, "Answer | Reading"]]  # the answer and the reading it came from


def answer_following(question: str, after: Context | None, read: Read, match: Match, ask: Ask) -> Answer:
    """``ask`` the question, completed from ``after`` when it is a follow-up (a note then says what was
    carried); the answer's ``context`` is what the next question may take."""
    followed = follow_up(question, after, read, match) if after is not None else None
    asked = followed.question if followed else question
    answer, reading = ask(asked)
    if followed:
        carried = Note(NoteCode.CARRIED, part="、".join(followed.carried))
        answer = replace(answer, carried=followed.carried, notes=(carried, *answer.notes))
    return replace(answer, context=context_of(reading, answer))


def follow_up(question: str, before: Context, read: Read, match: Match) -> FollowUp | None:
    """``question`` completed from ``before``, or None when it stands alone (it names an agency and asks
    something, or names an agency the reports do not hold) or says nothing of its own.

    ``read`` is KnowledgeBase.read; ``match`` finds the agencies a (normalised) text names.
    """
    reading = read(question)
    if isinstance(reading, Reading) and reading.names:
        return None
    if isinstance(reading, Answer) and reading.refusal == Refusal.UNKNOWN_AGENCY:
        return None  # it names an agency of its own, one the reports do not hold: it says so alone
    facts = read_question(normalise(clean_question(question)))
    matches = list(match(facts.text))
    if len({m.span for m in matches}) > 1:
        return None  # two agencies or places (温州和沈阳哪个多): a question of its own, across reports
    topic = _own_topic(facts, matches)
    if topic and not (_ASKING.search(facts.text) or _POINTS_BACK.search(facts.text) or CONTACT_WORD.search(topic)):
        return None  # 谢谢, 你好: words that neither ask nor point back are no follow-up
    carried: list[str] = []
    agency = _agency(facts.text, matches, before, carried)
    if facts.relative:
        year = facts.relative  # 去年呢: asked back as it would be alone, never guessed
    elif facts.year is not None:
        year = f"{facts.year}年"
    elif before.year is not None:
        year = f"{before.year}年"
        carried.append(year)
    else:
        year = ""
    if not topic or not _asks_something(read(f"{agency}{topic}")):  # its own words, whatever the year
        topic = before.topic
        carried.append(before.topic)
    elif _COUNTS.search(before.topic) and not _ASKING.search(topic) and not CONTACT_WORD.search(topic):
        topic += "有多少"  # 重大决策预公开呢 after a count asks the count of it: the question word comes along
    if not carried:
        return None
    if year in carried and _not_of_year(read(f"{agency}{year}{topic}")):
        carried.remove(year)  # another agency asked without a year: its latest report, as anywhere else
        year = ""
    return FollowUp(f"{agency}{year}{topic}", tuple(carried))


def context_of(reading: Answer | Reading, answer: Answer) -> Context | None:
    """What a conversation keeps of a question answered (or refused for its content): its one agency,
    the year of the report that answered (or was asked), and its topic; None when it named no single agency."""
    if not isinstance(reading, Reading) or len(reading.names) != 1:
        return None
    facts = reading.facts
    topic = _own_topic(facts, list(reading.matches))
    if not topic or (answer.refusal == Refusal.NOT_IN_REPORT and not _ASKING.search(topic)):
        return None  # nothing asked, or chatter the report does not speak of (沈阳市教育局谢谢)
    year = answer.hits[0].report.year if answer.found else facts.year
    agency = reading.matches[0].agency
    return Context(agency.name, year, topic, agency.org)


def _agency(text: str, matches: list[AgencyMatch], before: Context, carried: list[str]) -> str:
    """The agency a follow-up asks about: the one it names, a place it names with the context's
    organisation (沈阳 + 教育局), or the context's own."""
    if not matches:
        carried.append(before.agency)
        return before.agency
    start, end = matches[0].span
    said = text[start:end]
    if len({m.agency.name for m in matches}) == 1 and not matches[0].place_only:
        return said
    if before.org and not said.endswith(before.org):
        carried.append(before.org)
        return f"{said}{before.org}"
    return said


def _own_topic(facts: QuestionFacts, matches: list[AgencyMatch]) -> str:
    """The question's words once its agency, its year and the words pointing back are gone."""
    drop = [m.span for m in matches] + ([facts.year_span] if facts.year_span else [])
    return _POINTING.sub("", blanked(facts.text, drop).replace(" ", "")).strip()


def _asks_something(reading: Answer | Reading) -> bool:
    """Whether a question, read with its agency, asks a topic of its own."""
    return isinstance(reading, Reading) and bool(reading.queries)


def _not_of_year(reading: Answer | Reading) -> bool:
    """The agency has no report of the year asked (none, or only a later one that may tell of it)."""
    if isinstance(reading, Reading):
        return reading.chosen.other_year is not None
    return reading.refusal == Refusal.NO_REPORT_FOR_YEAR
