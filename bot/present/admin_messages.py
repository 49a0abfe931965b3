"""What admins read in Telegram: statistics, status, reloads, uploads, /reports, /remove and /meta.
Pure HTML from counts; every report string is escaped."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from bot.present import messages
from bot.present.messages import TOO_BIG_TO_DOWNLOAD, cut, year_range
from bot.records.querylog import Stats
from knowledge import Coverage

if TYPE_CHECKING:
    from bot.library.ingest import Reloaded
    from bot.library.uploads import Stored


def stats_html(stats: Stats) -> str:
    lines = ["<b>最近 7 天</b>"]
    if not stats.days:
        lines.append("还没有人提问。")
    for day in stats.days:
        share = day.answered / day.questions if day.questions else 0.0
        lines.append(f"{day.day}：{day.questions} 个问题，答出 {day.answered}（{share:.0%}）")
    if stats.latency_p50_ms is not None:
        lines.append(f"耗时：中位数 {stats.latency_p50_ms:.1f} ms，p95 {stats.latency_p95_ms:.1f} ms")
    lines.append(f"反馈：👍 {stats.thumbs_up}  👎 {stats.thumbs_down}")
    if stats.unanswered:
        lines += ["", "<b>没答出的问题</b>"]
        lines += [f"{n}× {escape(cut(q, 200), quote=False)}" for q, n in stats.unanswered]
    return "\n".join(lines)


def reload_html(done: Reloaded) -> str:
    lines = [
        f"知识库已更新：{done.reports} 份报告，{done.passages} 段，用时 {done.seconds:.1f} 秒（版本 {done.coverage.version}）。",
        _listed("新增", done.added),
        _listed("更新", done.changed),
        _listed("删除", done.removed),
        _listed("跳过", done.skipped),
    ]
    if not (done.added or done.changed or done.removed):
        lines.append("报告内容没有变化。")
    return "\n".join(escape(line, quote=False) for line in lines if line)


def reload_failed_html(reason: str, coverage: Coverage) -> str:
    return escape(
        f"重建失败：{cut(reason, 1500)}\n仍在使用原来的知识库（{coverage.reports} 份报告，版本 {coverage.version}）。",
        quote=False,
    )


def status_html(coverage: Coverage, *, started_at: datetime, loaded_at: datetime, now: datetime, reloaded: bool) -> str:
    uptime = now - started_at
    hours, rest = divmod(int(uptime.total_seconds()), 3600)
    return "\n".join(
        [
            f"知识库版本 {coverage.version}：{coverage.reports} 份报告，{coverage.passages} 段，"
            f"{len(coverage.agencies)} 个机关，{year_range(coverage)}",
            f"{'最近一次重建' if reloaded else '载入'}：{loaded_at:%Y-%m-%d %H:%M:%S}",
            f"已运行 {hours} 小时 {rest // 60} 分（自 {started_at:%Y-%m-%d %H:%M:%S}）",
        ]
    )


def _listed(label: str, items: tuple[str, ...], most: int = 10) -> str:
    if not items:
        return ""
    more = f" 等 {len(items)} 个" if len(items) > most else ""
    return f"{label}：{'、'.join(items[:most])}{more}"


def upload_refused_html(reason: str) -> str:
    return escape(f"无法添加：{cut(reason, 1500)}\n文件没有保存，知识库没有变化。", quote=False)


def upload_html(stored: Stored, done: Reloaded, *, corrected: bool = False) -> str:
    """What an added (or corrected) report file became: its agency, year and passages, then the
    knowledge base's totals."""
    lines = [
        f"{'已更正' if corrected else '已添加'}：{stored.name}",
        f"机关：{stored.agency or '不详'} · 年份：{stored.year or '不详'} · {stored.passages} 段",
        *([f"来源：{stored.url}"] if stored.url else []),
        *(f"注意：{warning}" for warning in stored.warnings),
        f"知识库现有 {done.reports} 份报告，{done.passages} 段（版本 {done.coverage.version}）。",
    ]
    return escape("\n".join(lines), quote=False)


def reports_html(held: list[tuple[str, str | None, int | None, int]], page: int) -> str:
    """One page of /reports: agency · year · file · passages."""
    pages = max(1, -(-len(held) // messages.REPORTS_PER_PAGE))
    shown = held[page * messages.REPORTS_PER_PAGE : (page + 1) * messages.REPORTS_PER_PAGE]
    lines = [f"<b>知识库里的报告</b>（{len(held)} 份，第 {page + 1}/{pages} 页）"]
    lines += [
        escape(f"• {agency or '机关不详'} · {f'{year}年' if year else '年份不详'} · {source} · {n} 段", quote=False)
        for source, agency, year, n in shown
    ]
    return "\n".join(lines)


def remove_unknown_html(name: str) -> str:
    shown = f"“{name}”" if name else "（没有写文件名）"
    return escape(f"没有这份报告：{shown}。用法：/remove 文件名，文件名见 /reports。", quote=False)


def removed_html(name: str, moved: str, done: Reloaded) -> str:
    return escape(
        f"已移除：{name}（文件移到 {moved}，没有删除）。\n"
        f"知识库现有 {done.reports} 份报告，{done.passages} 段（版本 {done.coverage.version}）。",
        quote=False,
    )


def download_failed(reason: str) -> str:
    """Telegram's refusal to hand over a file, in words an admin can act on."""
    if "too big" in reason.lower():
        return TOO_BIG_TO_DOWNLOAD
    return f"下载失败（{cut(reason, 200)}），请再发一次。"


def upload_rolled_back_html(reason: str, moved: str | None, coverage: Coverage) -> str:
    """A stored upload whose reload failed: it is not served, so it is not kept among the reports
    (``moved``: where the file went; None: a correction, taken back)."""
    undone = f"这份报告没有加入，文件已移到 {moved}" if moved else "这次更正没有生效，报告的机关和年份照旧"
    return escape(
        f"重建失败：{cut(reason, 1500)}\n{undone}，可以稍后再发一次。\n"
        f"仍在使用原来的知识库（{coverage.reports} 份报告，版本 {coverage.version}）。",
        quote=False,
    )


def meta_refused_html(reason: str) -> str:
    return escape(f"无法更正：{cut(reason, 1500)}\n知识库没有变化。", quote=False)


def meta_html(name: str, done: Reloaded, *, warnings: tuple[str, ...] = ()) -> str:
    """/meta done: the report's agency and year as now served, and what was said but not taken."""
    noted = "".join(f"注意：{warning}\n" for warning in warnings)
    return escape(
        f"已更正：{name}\n{noted}知识库现有 {done.reports} 份报告，{done.passages} 段（版本 {done.coverage.version}）。",
        quote=False,
    )
