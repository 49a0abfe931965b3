"""bot/present/charts.py: PNGs of the promised size, Chinese drawn with no missing glyph, long texts wrapped."""

import io
import os
import subprocess
import sys
import warnings

import pytest
from paths import ROOT
from PIL import Image

from bot.present.charts import render_chart, wrap_text

AGENCIES = ["诸暨市文化广电旅游局", "诸暨市民政局", "绍兴市生态环境局诸暨分局", "诸暨市凤安镇人民政府"]
SOURCES = (
    "来源：诸暨市民政局2015年报告（zhuji-civil-2015.txt）；诸暨市文化广电旅游局2016年报告（zhuji-culture-2016.txt）；"
    "绍兴市柯桥区人民政府柯桥街道办事处2017年报告（keqiao-street-2017.txt）；诸暨市凤安镇人民政府2018年报告（zhuji-fengan-2018.docx）；"
    "绍兴市生态环境局诸暨分局2019年报告（shaoxing-eco-zhuji-2019.pdf）；诸暨市市场监督管理局2020年报告（zhuji-market-2020.html）。"
)
LONG_QUESTION = "诸暨市各部门2020年收到的政府信息公开申请数量分别是多少？哪个部门最多，哪个部门最少，和绍兴市其他区县的同类部门相比怎么样？"


def render_strictly(*args, **kwargs):
    """render_chart with UserWarning as an error: a glyph the font lacks is matplotlib's
    "Glyph 128512 (\\N{GRINNING FACE}) missing from font(s) Noto Sans SC." (_text_helpers.warn_on_missing_glyph)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        return render_chart(*args, **kwargs)


def picture(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_bar_chart_of_agencies_is_a_1200px_png_with_every_chinese_glyph():
    png = render_strictly(
        "诸暨市各部门2020年收到多少申请？",
        AGENCIES,
        [1234, 86, 12.5, 0],
        line=False,
        footnote="来源：年报",
        value_label="申请数（件）",
    )
    image = picture(png)
    assert (image.format, image.size) == ("PNG", (1200, 487))


def test_line_chart_of_years_is_a_1200px_png_with_every_chinese_glyph():
    years = [f"{year}年" for year in range(2015, 2021)]
    png = render_strictly(
        "诸暨市民政局历年收到多少申请？",
        years,
        [11, 23, 18, 40, 0, 52],
        line=True,
        footnote="来源：年报",
        value_label="申请数（件）",
    )
    image = picture(png)
    assert (image.format, image.size) == ("PNG", (1200, 810))


def test_seventeen_years_turn_their_labels_and_the_picture_grows_for_them():
    years = [f"{year}年" for year in range(2008, 2025)]
    png = render_strictly("温州市教育局历年收到多少申请", years, list(range(17)), line=True, footnote="来源：年报")
    assert picture(png).size == (1200, 862)


@pytest.mark.parametrize(
    ("title", "labels", "message"),
    [
        ("收到多少申请😀", AGENCIES, r"Glyph 128512 \(\\N\{GRINNING FACE\}\) missing from font\(s\) Noto Sans SC"),
        (
            "收到多少申请",
            ["𠀀市民政局", *AGENCIES[1:]],
            r"Glyph 131072 \(\\N\{CJK UNIFIED IDEOGRAPH-20000\}\) missing from",
        ),
    ],
    ids=["emoji-in-title", "extension-b-in-label"],
)
def test_a_character_the_font_lacks_fails_the_glyph_check(title, labels, message):
    # Proves the two tests above could fail: the same check does catch a glyph Noto Sans SC lacks.
    with pytest.raises(UserWarning, match=message):
        render_strictly(title, labels, [1, 2, 3, 4], line=False, footnote="来源：年报")


def test_long_title_footnote_and_agency_name_wrap_and_the_picture_grows_to_hold_them():
    labels = [*AGENCIES, "绍兴市柯桥区人民政府柯桥街道办事处综合行政执法中队"]
    short = render_strictly("收到多少申请？", labels, [1234, 86, 57, 3, 0], line=False, footnote="来源：年报")
    long = render_strictly(LONG_QUESTION, labels, [1234, 86, 57, 3, 0], line=False, footnote=SOURCES)
    # The long title takes 2 lines of 14 pt, the sources 3 of 8 pt, each line 1.3 em at 150 dpi: 38 + 2 × 21.7 px more
    assert (picture(short).size, picture(long).size) == ((1200, 635), (1200, 716))


def test_nothing_is_cut_off_at_the_edges():
    labels = [*AGENCIES, "绍兴市柯桥区人民政府柯桥街道办事处综合行政执法中队"]
    image = picture(render_strictly(LONG_QUESTION, labels, [123456, 86, 57, 3, 0], line=False, footnote=SOURCES))
    width, height = image.size
    rgb = image.convert("RGB")
    for box in [(0, 0, width, 20), (0, height - 20, width, height), (0, 0, 20, height), (width - 20, 0, width, height)]:
        assert rgb.crop(box).getextrema() == ((255, 255), (255, 255), (255, 255)), box


def test_wrap_text_breaks_chinese_anywhere_keeps_ascii_runs_and_starts_no_line_with_a_comma():
    assert wrap_text(SOURCES[:95], 40) == [
        "来源：诸暨市民政局2015年报告",
        "（zhuji-civil-2015.txt）；诸暨市文化广电",
        "旅游局2016年报告（zhuji-culture-2016.txt）；",
        "绍兴市柯桥区人民政府柯桥街道",
    ]
    assert wrap_text("哪个部门最多，哪个部门最少", 12) == ["哪个部门最多，", "哪个部门最少"]
    assert wrap_text("see the annual report", 10) == ["see the", "annual", "report"]


def test_labels_and_values_must_pair_up():
    with pytest.raises(ValueError, match="need as many labels as values, at least one: 2 labels, 1 values"):
        render_chart("收到多少申请", ["2015年", "2016年"], [1], line=True, footnote="")


def test_importing_the_chart_module_does_not_import_matplotlib():
    # Only drawing a chart pays for matplotlib (~0.5 s); a handler module may import bot.present.charts at the top.
    run = subprocess.run(
        [sys.executable, "-c", "import sys, bot.present.charts; print(sorted(m for m in sys.modules if m.startswith(('matplotlib', 'PIL'))))"],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60,
    )  # fmt: skip
    assert (run.stdout, run.stderr) == ("[]\n", "")
