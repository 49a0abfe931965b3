"""Load check for the Telegram bot: answers/s and push-to-reply latency through the real application.

The fake Bot API (tests/fakebotapi.py) runs in a child process on 127.0.0.1, so its HTTP threads do not
share the bot's interpreter. It queues N private questions from many users at a fixed offered rate and
timestamps each reply (same monotonic clock in both processes). The bot is `build_application` exactly
as `reportbot serve` builds it, except for the outgoing rate limiter: Telegram caps a bot at about 30
messages/s, and this measures whether the bot itself could ever be the bottleneck, so the limiter is
set to 0 (off). The same run first measures a baseline: the same application and fake with a handler
that only echoes the text, i.e. what PTB and HTTP cost with no knowledge base.

    python benchmarks/bot_load.py --questions 3000 --rate 100 200 300
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import secrets
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fakebotapi import BOT_TOKEN, FakeTelegram  # noqa: E402
from telegram.ext import AIORateLimiter, MessageHandler, filters  # noqa: E402

from bot.chat.app import build_application  # noqa: E402
from bot.config import TelegramConfig  # noqa: E402
from bot.library.ingest import ingest  # noqa: E402
from bot.records.querylog import QueryLog  # noqa: E402
from bot.serving.service import KnowledgeService  # noqa: E402
from knowledge.segment import Segmenter  # noqa: E402

QUESTIONS = [
    ROOT / "tests" / "fixtures" / "seed_questions.jsonl",
    ROOT / "tests" / "fixtures" / "extra_questions.jsonl",
]
TIMEOUT = 120.0  # seconds the fake waits for the last reply


def fake_process(conn, questions: list[str], total: int, rate: float) -> None:
    """Child: serve the fake Bot API, push ``total`` questions at ``rate``/s, report latencies."""
    telegram = FakeTelegram()
    conn.send(telegram.serve())
    telegram.wait_for("getUpdates", 1, timeout=60)
    pushed: dict[int, float] = {}
    start = time.monotonic()
    for i in range(total):
        due = start + i / rate
        while (now := time.monotonic()) < due:
            time.sleep(min(due - now, 0.002))
        user = 10_000 + i  # one question per user: a reply is matched to its question by chat
        message_id = 100
        update = {
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": user, "type": "private", "first_name": "U"},
                "from": {"id": user, "is_bot": False, "first_name": "U"},
                "text": questions[i % len(questions)],
            }
        }
        pushed[user] = time.monotonic()
        telegram.push(update)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and len(telegram.sent_at) < total:
        time.sleep(0.05)
    latencies, last = [], start
    for at, params in telegram.sent_at:
        pushed_at = pushed.pop(int(params["chat_id"]), None)  # the first reply to each question
        if pushed_at is not None:
            latencies.append((at - pushed_at) * 1000)
            last = max(last, at)
    cpu_ms = time.process_time() * 1000 / total
    conn.send(
        {"answered": len(latencies), "seconds": last - start, "latencies": sorted(latencies), "fake_cpu_ms": cpu_ms}
    )
    conn.recv()  # keep answering until the bot has stopped polling
    telegram.stop()


async def drive(application, conn) -> dict:
    started = resource.getrusage(resource.RUSAGE_SELF)
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        await application.updater.start_polling(poll_interval=0, timeout=1)
        ready = await asyncio.to_thread(conn.poll, TIMEOUT + 60)
        result = conn.recv() if ready else {"answered": 0, "seconds": 0.0, "latencies": []}
        await application.updater.stop()
        await application.stop()
    conn.send("stopped")
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = used.ru_utime - started.ru_utime + used.ru_stime - started.ru_stime
    result["bot_cpu_ms"] = cpu * 1000 / max(result["answered"], 1)
    return result


def run(label: str, make_app, questions: list[str], total: int, rate: float) -> dict:
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(target=fake_process, args=(child, questions, total, rate), daemon=True)
    process.start()
    base_url = parent.recv()
    result = asyncio.run(drive(make_app(base_url), parent))
    process.join(timeout=10)
    latencies = result["latencies"]
    result["per_second"] = result["answered"] / result["seconds"] if result["seconds"] else 0.0
    result["p50"] = statistics.median(latencies) if latencies else float("nan")
    result["p99"] = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")
    print(
        f"{label:<10} {result['answered']:>6}/{total} answered  {result['per_second']:7.1f} answers/s  "
        f"p50 {result['p50']:6.1f} ms  p99 {result['p99']:6.1f} ms  "
        f"CPU/answer: bot {result['bot_cpu_ms']:.2f} ms, fake API {result['fake_cpu_ms']:.2f} ms",
        flush=True,
    )
    return result


async def echo(update, context) -> None:
    """Reply with the question itself: one reply through PTB + HTTP, no knowledge base."""
    await update.effective_message.reply_text(update.effective_message.text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=3000, help="questions pushed per run (default 3000)")
    parser.add_argument(
        "--rate",
        type=float,
        nargs="+",
        default=[100.0, 200.0, 300.0],
        help="offered questions/s, one run each (default 100 200 300)",
    )
    args = parser.parse_args(argv)
    questions = [json.loads(line)["question"] for path in QUESTIONS for line in path.read_text("utf-8").splitlines()]
    unlimited = dict(overall_max_rate=0, group_max_rate=0, max_retries=0)

    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "kb.db"
        segmenter = Segmenter(cache_dir=ROOT / "data" / "cache")
        ingest(ROOT / "data" / "reports", database, segmenter, out=None, err=None)
        print(
            f"{args.questions} questions per run, each from its own user; {multiprocessing.cpu_count()} cores",
            flush=True,
        )

        def baseline_app(base_url: str):
            settings = TelegramConfig(base_url=base_url)
            application = build_application(BOT_TOKEN, settings, None, rate_limiter=AIORateLimiter(**unlimited))  # type: ignore[arg-type]
            application.handlers.clear()
            application.add_handler(MessageHandler(filters.TEXT, echo))
            application.post_init = None
            return application

        services = []

        def bot_app(base_url: str):
            service = KnowledgeService.in_process(
                database,
                partial(QueryLog.open, Path(tmp) / "queries.db", secrets.token_bytes(32)),
                reports_dir=ROOT / "data" / "reports",
                cache_dir=ROOT / "data" / "cache",
            )
            services.append(service)
            settings = TelegramConfig(base_url=base_url)
            return build_application(BOT_TOKEN, settings, service, rate_limiter=AIORateLimiter(**unlimited))

        for rate in args.rate:
            print(f"-- offered {rate:.0f} questions/s", flush=True)
            base = run("echo", baseline_app, questions, args.questions, rate)
            ours = run("reportbot", bot_app, questions, args.questions, rate)
            while services:
                services.pop().close()
            print(
                f"reportbot / echo: answers/s {ours['per_second'] / base['per_second']:.2f}×, "
                f"p50 {ours['p50'] / base['p50']:.2f}×, p99 {ours['p99'] / base['p99']:.2f}×",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
