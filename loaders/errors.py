"""ReportUnreadable and the decoding of report bytes: what every format module shares.

files.py dispatches to pdf/webpage/word.py and they all raise ReportUnreadable and decode text, so both
sides import this module and never each other.
"""

from __future__ import annotations

import codecs
import re

# A report is text; a file with many NULs or replacement-worthy bytes is not one.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters but \t \n \v \f \r
MAX_CONTROL_SHARE = 0.01
# UTF-16 text is half NUL bytes, so its byte-order mark is looked for before the NUL test.
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class ReportUnreadable(Exception):
    """Report file could not be read or decoded as text; the message names the file and the reason."""


def decode_bytes(data: bytes, *, name: str) -> str:
    """Decode report bytes (UTF-8, UTF-8 or UTF-16 with BOM, GB18030); ``name`` is used in error messages.

    >>> decode_bytes("温州".encode("gb18030"), name="x.txt"), decode_bytes("温州".encode("utf-16"), name="x.txt")
    ('温州', '温州')
    """
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")  # the BOM says which byte order
        except UnicodeDecodeError as exc:
            raise ReportUnreadable(f"{name}: broken UTF-16 text") from exc
        if not text.strip():
            raise ReportUnreadable(f"{name}: empty file")
        if _looks_like_text(text):
            return text
        raise ReportUnreadable(f"{name}: binary data, not a text report")
    if not data.strip():
        raise ReportUnreadable(f"{name}: empty file")
    if b"\x00" in data[:4096]:
        raise ReportUnreadable(f"{name}: binary data, not a text report")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
        break
    raise ReportUnreadable(f"{name}: not UTF-8 or GB18030 text")


def _looks_like_text(text: str) -> bool:
    return len(_CONTROL.findall(text)) <= MAX_CONTROL_SHARE * len(text)
