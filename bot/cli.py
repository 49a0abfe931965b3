"""`reportbot ingest | ask | eval | fit | serve | check`: argparse entry point; the one place that wires loaders, knowledge and config."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from contextlib import nullcontext
from functools import partial
from pathlib import Path

from bot.asking import as_json_object, ask_all
from bot.check import run_check
from bot.config import Config, ConfigError, load_config
from bot.credentials import guard_logs, read_hash_key, read_token, read_webhook_secret
from bot.evaluate import QuestionFileError, judge, read_questions, summarise
from bot.fitting import add_parser as add_fit_parser
from bot.library.ingest import ingest as ingest_folder
from bot.library.ingest import shown
from bot.library.writelock import IngestBusy, writing
from bot.serving.service import KnowledgeService
from bot.serving.worker import StartFailed, open_query_log
from knowledge import KnowledgeBase, StaleStore, StoreError
from knowledge.segment import Segmenter
from knowledge.store import DamagedStore
from loaders import ReportUnreadable

DEFAULT_CONFIG = Path("config.toml")
log = logging.getLogger("reportbot")


def main(argv: list[str] | None = None) -> int:
    """Entry point for `reportbot ingest|ask|eval|fit|serve|check`."""
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)
    config_path = args.config or (DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None)
    if args.command == "check":  # a bad config is one of its FAIL lines, not an Error
        return run_check(config_path)
    try:
        config = load_config(config_path)
        return args.run(args, config)
    except BrokenPipeError:
        # The reader went away (`reportbot ask - | head -3`): stop quietly, as other Unix tools do.
        # Python would flush stdout again at exit and complain, so point it at /dev/null first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (ConfigError, ReportUnreadable, StoreError, QuestionFileError, IngestBusy, StartFailed) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. a --db in a folder we cannot create
        print(f"Error: {exc}", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reportbot", description=__doc__)
    _global_options(parser, config=None, verbose=False)
    sub = parser.add_subparsers(dest="command", required=True)
    # The same options after the command (`reportbot serve --config x.toml`); SUPPRESS keeps a command
    # that does not repeat them from overwriting what was given before it.
    sub_parser = partial(_with_global_options, sub)

    ingest = sub_parser("ingest", help="build the knowledge base from a folder of reports")
    ingest.add_argument("dir", nargs="?", type=Path, help="report folder (default: config reports_dir)")
    ingest.add_argument("--db", type=Path, help="knowledge-base file (default: config database)")
    ingest.add_argument("--dry-run", action="store_true", help="show what would be added, changed, removed")
    ingest.add_argument("--full", action="store_true", help="read every file again, not only changed ones")
    ingest.set_defaults(run=run_ingest)

    ask = sub_parser(
        "ask",
        help="answer a question ('-': one question per line from stdin; with --json, one answer line per input line)",
    )
    ask.add_argument("question")
    ask.add_argument("--db", type=Path)
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--chart", type=Path, metavar="FILE.png", help="a question across reports: its chart")
    ask.set_defaults(run=run_ask)

    evaluate = sub_parser("eval", help="score answers against a JSONL question file")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--db", type=Path)
    evaluate.set_defaults(run=run_eval)

    serve = sub_parser("serve", help="run the Telegram bot (polling, or a webhook) until SIGINT/SIGTERM")
    serve.add_argument("--db", type=Path)
    serve.set_defaults(run=run_serve)

    add_fit_parser(sub_parser)

    sub_parser("check", help="check config, token, knowledge base and folders: one line each; exit 1 if any fails")
    return parser


def _global_options(parser: argparse.ArgumentParser, **defaults: object) -> None:
    parser.add_argument(
        "--config", type=Path, default=defaults["config"], help="config.toml (default: ./config.toml if present)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", default=defaults["verbose"], help="log progress")


def _with_global_options(sub, name: str, **kwargs: object) -> argparse.ArgumentParser:
    command = sub.add_parser(name, **kwargs)
    _global_options(command, config=argparse.SUPPRESS, verbose=argparse.SUPPRESS)
    return command


def configure_logging(verbose: bool) -> None:
    from bot.serving.service import LOG_FORMAT, quiet_jieba

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format=LOG_FORMAT)
    quiet_jieba()


def run_ingest(args: argparse.Namespace, config: Config) -> int:
    directory = args.dir or config.knowledge.reports_dir
    db_path = args.db or config.knowledge.database
    ingest(directory, db_path, config, out=sys.stdout, dry_run=args.dry_run, full=args.full)
    return 0


def ingest(
    directory: Path, db_path: Path, config: Config, *, out, dry_run: bool = False, full: bool = False
) -> tuple[int, int]:
    """Update ``db_path`` from ``directory``, printing a line per loaded report and what changed to ``out``."""
    segmenter = Segmenter(cache_dir=config.knowledge.cache_dir)
    with nullcontext() if dry_run else writing(db_path):
        done = ingest_folder(
            directory,
            db_path,
            segmenter,
            out=out,
            err=sys.stderr,
            dry_run=dry_run,
            full=full,
            workers=os.cpu_count() or 1,
        )
    # Dry run: every file it would touch. Real run: the loaded ones are listed above; removals here.
    listed = (
        (("add", done.added), ("change", done.changed), ("remove", done.removed))
        if dry_run
        else (("removed", done.removed),)
    )
    for label, sources in listed:
        for source in sources:
            print(f"{'would ' if dry_run else ''}{label}\t{shown(source)}", file=out)
    verbs = ("would add", "change", "remove") if dry_run else ("added", "changed", "removed")
    counts = zip(verbs, (len(done.added), len(done.changed), len(done.removed)), strict=True)
    changes = ", ".join(f"{verb} {n}" for verb, n in counts) + f", unchanged {done.unchanged}"
    changes += f", skipped {len(done.skipped)}" if done.skipped else ""
    if dry_run:
        print(f"dry run: {changes}; {db_path} was not touched", file=out)
    elif not done.written:
        print(f"{done.reports} reports, {done.passages} passages in {db_path}: nothing changed ({changes})", file=out)
    else:
        print(
            f"{done.reports} reports, {done.passages} passages -> {db_path} in {done.seconds:.1f}s ({changes})",
            file=out,
        )
    return done.reports, done.passages


def ensure_kb(args: argparse.Namespace, config: Config) -> Path:
    """The knowledge base to use; the default one is built from reports_dir when missing or outdated."""
    db_path = args.db or config.knowledge.database
    own = args.db is None and config.knowledge.reports_dir.is_dir()
    if own and not db_path.exists():
        print(f"Building {db_path} from {config.knowledge.reports_dir} (first use)…", file=sys.stderr)
        ingest(config.knowledge.reports_dir, db_path, config, out=sys.stderr)
    try:
        KnowledgeBase.check_file(db_path)
    except (StaleStore, DamagedStore) as exc:
        if not own:
            raise
        why = exc.why if isinstance(exc, DamagedStore) else "built by an older reportbot"
        print(f"Rebuilding {db_path} from {config.knowledge.reports_dir} ({why})…", file=sys.stderr)
        ingest(config.knowledge.reports_dir, db_path, config, out=sys.stderr, full=True)
    return db_path


def open_kb(args: argparse.Namespace, config: Config) -> KnowledgeBase:
    """Open the knowledge base (see ``ensure_kb``)."""
    return KnowledgeBase.open(ensure_kb(args, config), cache_dir=config.knowledge.cache_dir)


def run_ask(args: argparse.Namespace, config: Config) -> int:
    return ask_all(args.question, partial(open_kb, args, config), as_json=args.json, chart=args.chart)


def run_eval(args: argparse.Namespace, config: Config) -> int:
    questions = read_questions(args.file)
    kb = open_kb(args, config)
    try:
        outcomes = [judge(item, as_json_object(kb.respond(item["question"]))) for item in questions]
    finally:
        kb.close()
    for outcome in outcomes:
        print(f"{'PASS' if outcome.passed else 'FAIL'} {outcome.qid} {outcome.detail}".rstrip())
    print(summarise(outcomes))
    return 0


def run_serve(args: argparse.Namespace, config: Config) -> int:
    """Run the bot until SIGINT/SIGTERM; questions in flight are answered before it exits."""
    from telegram import Update  # here, not at the top: `ask` should not pay for importing PTB

    from bot.chat.app import build_application
    from bot.chat.startup import quiet_start_up, start_failure

    token = read_token(config.telegram)
    secret = read_webhook_secret(config.telegram)  # None: long polling
    redactor = guard_logs(token, secret=secret)
    settings = config.telegram
    open_log = partial(
        open_query_log, settings.query_log, read_hash_key(settings.hash_key_file), settings.query_log_days
    )
    log.setLevel(logging.INFO)
    database = ensure_kb(args, config)  # built on first use, rebuilt when outdated, or a clear error
    service = KnowledgeService.in_process(
        database,
        open_log,
        reports_dir=config.knowledge.reports_dir,
        cache_dir=config.knowledge.cache_dir,
    )
    application = build_application(token, config.telegram, service)
    log.info("serving %d reports from %s", service.coverage.reports, database)
    quiet_start_up(application)
    try:
        if secret is None:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
        else:
            from bot.chat.webhook import run_webhook  # imports tornado

            run_webhook(application, settings, secret)
    except Exception as exc:
        line = start_failure(exc, settings, webhook=secret is not None, redact=redactor.redact)
        if line is None:
            raise
        print(f"Error: {line}", file=sys.stderr)
        return 1
    finally:
        service.close()
    return 0
