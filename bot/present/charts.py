"""PNG charts of report numbers: bars for agencies side by side or a ranking, a line for a trend over years.

matplotlib is imported inside ``render_chart``, never at import, so ``reportbot ask`` does not pay for it.
The Chinese font is Noto Sans SC from the pylopdf-fonts-zh-cn package, loaded by path: no OS font is used.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from importlib.resources import files

FONT_PACKAGE = "pylopdf_fonts_zh_cn"
FONT_FILE = "NotoSansSC-Regular.otf"

# 8 in at 150 dpi: 1200 px wide, and text large enough to read once Telegram shrinks it to a phone's width.
DPI = 150
WIDTH = 8.0
MARGIN = 0.3  # inches, left, right, top and bottom
TITLE_PT, LABEL_PT, VALUE_PT, TICK_PT, FOOTNOTE_PT = 14, 11, 10, 9, 8
LINE_SPACING = 1.3
LABEL_COLUMN = 2.6  # inches at most for the agency names left of the bars; longer names wrap
BAR_COLOR, LINE_COLOR, MUTED = "#3b75af", "#c0504d", "#555555"

# A run of printable ASCII (a file name, a number) stays on one line; any other character may break.
_PIECES = re.compile(r"[!-~]+|\s+|.")
# 禁则: closing signs never start a line (they hang past the right edge); opening ones never end one.
_CLOSING = set("，。、；：？！）》」』”’,.;:?!)%")
_OPENING = set("（《「『“‘(")


def text_width(text: str) -> int:
    """Width of ``text`` in half-width columns: a Chinese character or full-width sign counts 2.

    >>> text_width("桐乡市2015年")
    12
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrap_text(text: str, columns: int) -> list[str]:
    """Break ``text`` into lines of at most ``columns`` half-width columns, closing signs hanging over.

    Chinese breaks between any two characters, ASCII only at spaces or inside a run longer than a line,
    no line starts with a comma, full stop or closing bracket, and none ends with an opening one.

    >>> wrap_text("来源：桐乡市民政局2015年报告（tongxiang-civil-2015.txt）。", 30)
    ['来源：桐乡市民政局2015年报告', '（tongxiang-civil-2015.txt）。']
    """
    lines = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for piece in _pieces(paragraph, columns):
            width = text_width(piece)
            fits = used + width <= columns or piece in _CLOSING
            if not fits and line.strip():
                carried = line[-1] if line[-1] in _OPENING and len(line) > 1 else ""
                lines.append(line[: len(line) - len(carried)].rstrip())
                line, used = carried, text_width(carried)
                if piece.isspace():
                    continue
            line += piece
            used += width
        lines.append(line.rstrip())
    return lines


def _pieces(paragraph: str, columns: int) -> list[str]:
    pieces = []
    for piece in _PIECES.findall(paragraph):
        if piece.isspace() or len(piece) <= columns:
            pieces.append(piece)
        else:  # an ASCII run wider than a whole line (a long file name) is cut
            pieces.extend(piece[start : start + columns] for start in range(0, len(piece), columns))
    return pieces


def format_value(value: float) -> str:
    """A value as its label: whole numbers without decimals, thousands separated.

    >>> format_value(1234.0), format_value(12.5), format_value(0.333333)
    ('1,234', '12.5', '0.33')
    """
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def render_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    line: bool,
    footnote: str,
    value_label: str = "",
) -> bytes:
    """Draw the numbers as a PNG: a line over ``labels`` (years) or horizontal bars (agencies).

    Parameters
    ----------
    title : str
        The user's question; wrapped over as many lines as it needs.
    labels, values : sequences of the same length, not empty
        One label ("2015年", "桐乡市文化广电旅游局") per value; bars keep this order from top to bottom.
    line : bool
        True for a trend (a line with a point per label), False for bars.
    footnote : str
        The sources, wrapped in small type at the bottom.
    value_label : str
        What the values count, shown on the value axis ("申请数（件）").

    Returns
    -------
    bytes
        A PNG 1200 px wide; its height grows with the lines of title and footnote and the number of bars.

    Examples
    --------
    >>> png = render_chart("桐乡市民政局历年收到多少申请？", ["2015年", "2016年"], [3, 5], line=True, footnote="来源：年报")
    >>> png[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    if len(labels) != len(values) or not labels:
        raise ValueError(f"need as many labels as values, at least one: {len(labels)} labels, {len(values)} values")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    path = str(files(FONT_PACKAGE) / FONT_FILE)

    def font(points: float) -> FontProperties:
        return FontProperties(fname=path, size=points)

    usable = WIDTH - 2 * MARGIN
    title_lines = wrap_text(title, _columns(usable, TITLE_PT))
    footnote_lines = wrap_text(footnote, _columns(usable, FOOTNOTE_PT)) if footnote else []
    layout = _Layout(title_lines, footnote_lines, labels, line=line)

    figure = Figure(figsize=(WIDTH, layout.height), dpi=DPI)
    FigureCanvasAgg(figure)
    top = 1 - MARGIN / layout.height
    figure.text(
        MARGIN / WIDTH, top, "\n".join(title_lines), va="top", fontproperties=font(TITLE_PT), linespacing=LINE_SPACING
    )
    if footnote_lines:
        figure.text(
            MARGIN / WIDTH,
            MARGIN / layout.height,
            "\n".join(footnote_lines),
            va="bottom",
            color=MUTED,
            fontproperties=font(FOOTNOTE_PT),
            linespacing=LINE_SPACING,
        )
    axes = figure.add_axes(layout.axes_box)
    if line:
        _draw_line(axes, layout.labels, list(values), value_label, font, rotate=layout.rotate)
    else:
        _draw_bars(axes, layout.labels, list(values), value_label, font)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    try:
        return _png(figure)
    finally:
        figure.clear()  # drop the artists now rather than at the next garbage collection (they form cycles)


def _png(figure) -> bytes:
    """The figure as a 256-colour PNG: a third of the bytes of matplotlib's RGBA one, and it looks the same
    (a chart has a handful of colours plus their anti-aliased edges)."""
    from PIL import Image

    canvas = figure.canvas
    canvas.draw()
    pixels = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    pixels.convert("RGB").quantize(256).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _columns(inches: float, points: float) -> int:
    """Half-width columns that fit in ``inches`` of text set in ``points`` (a Chinese character is 1 em)."""
    return int(inches / (points / 72 / 2))


def _lines_height(count: int, points: float) -> float:
    return count * points * LINE_SPACING / 72


class _Layout:
    """Where title, plot and footnote go, in inches from the top, so the PNG's height is known in advance."""

    def __init__(self, title_lines: list[str], footnote_lines: list[str], labels: Sequence[str], *, line: bool):
        self.rotate = False
        if line:
            self.labels = list(labels)
            slot = (WIDTH - 2 * MARGIN - 0.9) / len(labels)
            self.rotate = max(text_width(label) for label in labels) * LABEL_PT / 144 + 0.1 > slot
            left, plot, below = MARGIN + 0.6, 3.6, 0.9 if self.rotate else 0.55
        else:
            columns = _columns(LABEL_COLUMN, LABEL_PT)
            wrapped = [wrap_text(label, columns) for label in labels]
            self.labels = ["\n".join(lines) for lines in wrapped]
            widest = max(text_width(text) for lines in wrapped for text in lines)
            step = max(0.4, _lines_height(max(map(len, wrapped)), LABEL_PT) + 0.12)
            left, plot, below = MARGIN + widest * LABEL_PT / 144 + 0.15, max(1.6, step * len(labels)), 0.4
        title = _lines_height(len(title_lines), TITLE_PT) + 0.15
        footnote = _lines_height(len(footnote_lines), FOOTNOTE_PT) + 0.1 if footnote_lines else 0
        self.height = round((2 * MARGIN + title + plot + below + footnote) * DPI) / DPI
        bottom = MARGIN + footnote + below
        right = MARGIN + 0.2
        self.axes_box = (left / WIDTH, bottom / self.height, (WIDTH - left - right) / WIDTH, plot / self.height)


def _draw_bars(axes, labels: list[str], values: list[float], value_label: str, font) -> None:
    positions = range(len(values))
    bars = axes.barh(positions, values, height=0.62, color=BAR_COLOR)
    axes.set_yticks(positions, labels, fontproperties=font(LABEL_PT))
    axes.invert_yaxis()  # the first label on top: a ranking reads downwards
    axes.bar_label(bars, [format_value(value) for value in values], padding=4, fontproperties=font(VALUE_PT))
    axes.margins(x=0.14)  # room right of the longest bar for its value
    # Each bar carries its value, so the value axis needs no ticks, only what the values count.
    axes.set_xticks([])
    axes.spines["bottom"].set_visible(False)
    axes.tick_params(axis="y", length=0)
    if value_label:
        axes.set_xlabel(value_label, fontproperties=font(TICK_PT), color=MUTED)


def _draw_line(axes, labels: list[str], values: list[float], value_label: str, font, *, rotate: bool) -> None:
    from matplotlib.patheffects import withStroke
    from matplotlib.ticker import MaxNLocator

    positions = range(len(values))
    axes.plot(positions, values, color=LINE_COLOR, marker="o", linewidth=2, clip_on=False)  # a 0 sits on the axis
    for position, value in zip(positions, values, strict=True):
        axes.annotate(
            format_value(value),
            (position, value),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontproperties=font(VALUE_PT),
            path_effects=[withStroke(linewidth=3, foreground="white")],  # readable where the line dips through it
        )
    axes.set_xticks(
        positions,
        labels,
        fontproperties=font(LABEL_PT),
        rotation=45 if rotate else 0,
        ha="right" if rotate else "center",
        rotation_mode="anchor",
    )
    axes.set_xlim(-0.5, len(values) - 0.5)
    low, high = min(0.0, min(values)), max(values)
    high = high if high > low else low + 1
    ticks = [tick for tick in MaxNLocator(nbins=5).tick_values(low, high) if low <= tick <= high]
    axes.set_yticks(ticks, [format_value(tick) for tick in ticks], fontproperties=font(TICK_PT))
    axes.set_ylim(low, high + (high - low) * 0.18)  # room above the highest point for its value
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    if value_label:
        axes.set_ylabel(value_label, fontproperties=font(TICK_PT), color=MUTED)
