"""Split a page into lines with offsets and classify each by its shape.

Shapes, not strings of one page: a running header is CJK characters spaced
out; a continuation marker is (上接第N版); a section heading is 第N节 …; a
glossary note starts with a bullet or a number that continues the sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.spans import is_closed

CN_NUM = "一二三四五六七八九十百零〇"

RUNNING_HEADER = re.compile(r"^(?:[\u4e00-\u9fff] ){3,}[\u4e00-\u9fff]$")
CONT_MARKER = re.compile(r"^[(（](?:上接|接上|转自|续)[^()（）]{0,8}[)）]")
DATELINE = re.compile(r"^[(（][^()（）]{2,30}(?:电|讯)[)）]$")
GLOSSARY_HEAD = re.compile(r"^(?:#+\s*)?(?:工作注释|名词解释|注释|术语解释)$")
PART_HEAD = re.compile(rf"^(?:#+\s*)?[{CN_NUM}]+、\S.{{0,30}}$")
SECTION_HEAD = re.compile(rf"^(?:[-•·*]\s*|#+\s*)?第[{CN_NUM}]+[节章篇部分]\s*\S.{{0,50}}$")
MD_HEADING = re.compile(r"^(#{1,6})\s+(\S.*)$")
BULLET = re.compile(r"^[-•·*]\s*")
NUMBERED = re.compile(r"^(\d{1,3})[.．、]\s*")
OPENERS = "“‘「『《（(【"
STRUCTURAL = ("marker", "dateline", "glossary_head", "part", "section", "title")


@dataclass
class Line:
    """A non-blank line: `start`/`end` are offsets of its stripped content in the file."""

    index: int
    start: int
    end: int
    text: str
    kind: str = (
        "para"  # header | marker | dateline | glossary_head | part | section | note | title | para
    )
    prefix_len: int = 0  # markup at the start (bullet, number, continuation marker, '#')
    number: int | None = None
    continuation: bool = False  # set by the assembler: this line finishes an earlier one

    @property
    def body(self) -> str:
        return self.text[self.prefix_len :]

    @property
    def body_start(self) -> int:
        return self.start + self.prefix_len

    @property
    def closed(self) -> bool:
        return is_closed(self.text)


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with the offsets of their stripped content."""
    lines: list[Line] = []
    pos = 0
    for i, raw in enumerate(text.splitlines(keepends=True)):
        content = raw.rstrip("\r\n")
        lstripped = content.lstrip(" \t\u3000\ufeff")
        stripped = lstripped.rstrip(" \t\u3000")
        if stripped:
            s = pos + (len(content) - len(lstripped))
            lines.append(Line(index=i, start=s, end=s + len(stripped), text=stripped))
        pos += len(raw)
    return lines


def _title_shaped(text: str) -> bool:
    return len(text) <= 40 and not is_closed(text) and not text.endswith(("，", "、", "：", ":"))


def classify(lines: list[Line]) -> None:
    """Set `kind` (and note numbers) on every line, in reading order."""
    in_glossary = False
    expected = 1
    for k, ln in enumerate(lines):
        t = ln.text
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        prev = lines[k - 1] if k > 0 else None
        if RUNNING_HEADER.match(t):
            ln.kind = "header"
        elif m := CONT_MARKER.match(t):
            ln.kind = "marker"
            ln.prefix_len = m.end()
        elif DATELINE.match(t):
            ln.kind = "dateline"
        elif GLOSSARY_HEAD.match(t):
            ln.kind = "glossary_head"
            in_glossary = True
        elif in_glossary and SECTION_HEAD.match(t) and not is_closed(t):
            ln.kind = "section"
        elif in_glossary and PART_HEAD.match(t) and not is_closed(t):
            ln.kind = "part"
        elif in_glossary and _note_start(ln, expected):
            expected = (ln.number or expected) + 1
        elif m := MD_HEADING.match(t):
            ln.kind = "title"
            ln.prefix_len = m.start(2)
        elif _is_title(ln, prev, nxt):
            ln.kind = "title"


def _note_start(ln: Line, expected: int) -> bool:
    """A note starts with a number continuing the sequence, or with a bullet (number inferred)."""
    t = ln.text
    b = BULLET.match(t)
    rest = t[b.end() :] if b else t
    m = NUMBERED.match(rest)
    if m and int(m.group(1)) in (expected, expected + 1):
        ln.kind = "note"
        ln.number = int(m.group(1))
        ln.prefix_len = (b.end() if b else 0) + m.end()
        return True
    if b:
        ln.kind = "note"
        ln.number = expected
        ln.prefix_len = b.end()
        return True
    return False


def _is_title(ln: Line, prev: Line | None, nxt: Line | None) -> bool:
    """Headline shapes: a short unclosed line that a marker follows, a kicker ending in a dash,
    a numbered heading (三、…), or a headline after closed text followed by a quotation."""
    t = ln.text
    if not _title_shaped(t):
        return False
    if nxt is not None and CONT_MARKER.match(nxt.text):
        return True
    if t.endswith(("——", "—")):
        return True
    if PART_HEAD.match(t) and len(t) <= 25:
        return True
    prev_closed = prev is None or prev.kind in STRUCTURAL or prev.closed
    if prev_closed and nxt is not None and nxt.text[:1] in OPENERS:
        return True
    return False
