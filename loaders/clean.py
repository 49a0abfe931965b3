"""clean_text: tidy whitespace and drop page furniture. Pure str -> str; never drops a content sentence."""

from __future__ import annotations

import re

# Whole lines that are web-page or word-processor furniture, never report content: breadcrumbs, the
# controls of a page (a short line without a figure or a sentence's punctuation naming one of the general
# controls of web pages: print, close, share, listen, search, sort …), Word field debris, distribution lists.
_FURNITURE_LINE = re.compile(
    r"""^(?:
        .*(?:首页|当前位置|所在位置|您的位置).*(?:->|>|》|→).*      # breadcrumbs
      | (?:当前位置|您当前所在位置|您的位置)\s*[:：].*
      | 首页
      | 返回首页 | 返回顶部 | 打印本页 | 关闭窗口 | 【?打印】?\s*【?关闭】?
      | \[?\s*字体\s*[:：]?\s*\[?\s*\]?.*?(?:打印|关闭)?.*       # [字体: ] 打印 / 字体: [ ] / 字体 大 中 小
      | 字号\s*[:：]?.*(?:大|中|小)?\s*
      | .*\b(?:CONTROL|SHAPE|EMBED|HYPERLINK|MERGEFORMAT)\b.*  # Word field debris
      | PAGE\s*\d*                                            # Word page field (number may follow)
      | _\d+\.unknown
      | \[image:[^\]]*\].*
      | 分享到[:：]?.* | 打开微信.*扫一扫.* | .*设为首页.* | 欢迎(?:来到|访问|光临).*   # a site's greeting
      | (?=[^\d。，,；;]{1,12}$).*(?:打印|关闭|收藏|分享|朗读|收听|搜索|排序|匹配度|登录|注册|无障碍).*  # site controls
      | (?:抄\s*)?送\s*[:：].*                                   # distribution list at the end
    )$""",
    re.VERBOSE,
)
# Inline debris inside content lines.
_INLINE_DEBRIS = re.compile(r"\[(?:bookmark|image):[^\]]*\]|[\ufffd\u200b-\u200f\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u3000\u00a0\u2002-\u200a]+")


def clean_text(raw: str) -> str:
    """Return the report text with normalised line endings and whitespace, page furniture removed.

    Content characters are kept as they are (punctuation is not rewritten), so an answer quoted
    from the cleaned text can be found in the source file.

    >>> clean_text("首页 -> 政务公开 -> 年报\\r\\n[字体: ] 打印\\r\\n　　一、概述\\r\\n[bookmark: _GoBack]正文。\\r\\n送：市政府办公室")
    '一、概述\\n正文。'
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []
    after_page_field = False
    for line in text.split("\n"):
        line = _INLINE_DEBRIS.sub("", line)
        line = _SPACES.sub(" ", line).strip()
        if not line:
            continue
        # A Word PAGE field leaves its number on the next line; a bare number elsewhere is a table cell.
        if _FURNITURE_LINE.match(line) or (after_page_field and line.isdigit()):
            after_page_field = line.startswith("PAGE")
            continue
        after_page_field = False
        kept.append(line)
    return "\n".join(kept)
