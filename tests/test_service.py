"""KnowledgeService: the bot's calls reach the knowledge worker as KnowledgeWorker functions."""

import asyncio
import pickle
from datetime import timedelta

import pytest
from conftest import NOW
from paths import SEED_REPORTS

from bot.serving.service import KnowledgeService
from bot.serving.worker import KnowledgeWorker, call_in_process


def test_worker_calls_are_functions_of_the_class_that_pickle_by_name():
    # What `serve` sends to its worker process: the function itself, found again there by its name.
    for method in (KnowledgeWorker.ask, KnowledgeWorker.swap, KnowledgeWorker.close):
        assert pickle.loads(pickle.dumps(method)) is method


def test_a_call_before_the_worker_process_started_says_so():
    with pytest.raises(RuntimeError, match="^the knowledge worker process was not started$"):
        call_in_process(KnowledgeWorker.coverage)


async def test_answer_logs_nothing_ask_and_chosen_log_one_question_each(service):
    question = "温州市教育局2018年收到多少件依申请公开？"
    assert (await service.answer(question)).hits[0].snippet.startswith("2018年度，我局收到")
    assert (await service.stats()).days == ()
    asked = await service.ask(question, user_id=1, chat_type="private")
    await service.chosen(question, user_id=2)
    [day] = (await service.stats()).days
    assert (day.day, day.questions, day.answered) == (NOW.date().isoformat(), 2, 2)
    assert (await service.ask_again(asked.handle)).hits[0].snippet == asked.answer.hits[0].snippet
    assert await service.ask_again("h99999999999") is None


async def test_an_idle_bot_still_forgets_old_questions(seed_db, segmenter, tmp_path):
    now = [NOW - timedelta(days=200)]
    svc = KnowledgeService.on_thread(
        seed_db, None, segmenter, reports_dir=SEED_REPORTS, cache_dir=tmp_path, clock=lambda: now[0]
    )
    try:
        old = await svc.ask("温州市教育局2018年收到多少件依申请公开？", user_id=1, chat_type="private")
        now[0] = NOW  # 200 days on, nobody asks anything
        pruning = asyncio.create_task(svc.prune_daily(every=0.01))
        await asyncio.sleep(0.2)
        pruning.cancel()
        assert await svc.ask_again(old.handle) is None
    finally:
        svc.close()
