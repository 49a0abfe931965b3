import pytest

from bot.evaluate import QuestionFileError, judge, read_questions, same_source, summarise

ITEM = {"id": "d001", "question": "q", "answer_contains": ["依申请公开", "11件"], "file": "reports/a.txt"}
REFUSED = {"answered": False, "answer": None, "source": None, "reason": "没有"}


def _answered(answer, source="a.txt"):
    return {"answered": True, "answer": answer, "source": source, "reason": None}


def test_pass_needs_every_string_ignoring_whitespace_and_the_right_file():
    assert judge(ITEM, _answered("收到 依申请公开 11 件")).passed is True
    assert judge(ITEM, _answered("收到依申请公开")).detail == "missing ['11件']"
    assert judge(ITEM, _answered("依申请公开11件", "b.txt")).detail == "source b.txt != reports/a.txt"
    assert judge(ITEM, REFUSED).detail == "refused: 没有"


def test_unanswerable_passes_when_refused():
    item = {"id": "d024", "question": "q", "answer_contains": [], "file": None}
    assert judge(item, REFUSED).passed is True
    assert judge(item, _answered("x")).passed is False


def test_summary_counts():
    outcomes = [
        judge(ITEM, _answered("依申请公开11件")),
        judge(ITEM, REFUSED),
        judge({"id": "u", "question": "q", "answer_contains": [], "file": None}, REFUSED),
    ]
    assert summarise(outcomes) == (
        "answerable: 1/2 passed (0.50); unanswerable: 1/1 refused; false refusals: 1\n2 passed, 1 failed"
    )


def test_same_source_allows_for_the_ingest_root():
    assert (
        same_source("reports/x.txt", "x.txt")
        and not same_source("reports/x.txt", "y.txt")
        and not same_source(None, "x")
    )


def test_bad_question_file_names_the_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "x"}\n{"id": 1}\n', encoding="utf-8")
    with pytest.raises(QuestionFileError, match=r"q.jsonl:2: not a question object"):
        read_questions(path)
