"""Traditional script read as simplified, for matching only: 佛山市稅務局 is 佛山市税务局.

OpenCC's t2s conversion (the ``opencc`` package) does it, with one exception of our own: a character
that some place keeps as it is in simplified script is not converted inside that place's name (乾县 stays
乾县, not 干县), so a question typed in simplified script never changes. Answers still quote the
report's own characters; only what is compared is converted.
"""

from __future__ import annotations

from functools import cache

import opencc

from knowledge.places import gazetteer

_PLACE_WINDOW = 4  # the longest place name read around a converted character


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified script, place names that keep a character as written left as they are.

    >>> simplified("佛山市稅務局2020年收到幾件申請"), simplified("乾县教育局電話"), simplified("温州教育局")
    ('佛山市税务局2020年收到几件申请', '乾县教育局电话', '温州教育局')
    """
    converted = _converter().convert(text)
    if converted == text or len(converted) != len(text):
        return converted
    chars = list(converted)
    names = gazetteer().by_name
    for i, (was, now) in enumerate(zip(text, converted, strict=True)):
        if was == now:
            continue
        chars[i] = was
        kept = any(
            "".join(chars[start : start + size]) in names
            for size in range(2, _PLACE_WINDOW + 1)
            for start in range(max(0, i - size + 1), min(i, len(chars) - size) + 1)
        )
        if not kept:
            chars[i] = now
    return "".join(chars)
