"""Split a page into lines with offsets and classify each by its shape.

Shapes, not strings of one page: a running header is CJK characters spaced out
(ASCII or ideographic spaces) or a short line naming the edition (第N版) with a
date; a continuation marker is (上接第N版) at a line's start, a jump marker
(下转第N版) at its end; a dateline opens a story (新华社北京3月5日电, 本报讯, with
an optional （记者…）) or closes one in brackets; a byline names reporters; a
section heading is 第N节 …; a glossary note starts with a bullet or with a number
(1. 1． 1、 （1） (1) 【1】 〔1〕 [1] ①) that continues the sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.spans import is_closed

CN_NUM = "一二三四五六七八九十百零〇"
_CJK = "\u4e00-\u9fff"
_SPACES = "[ \u3000\u00a0]+"

RUNNING_HEADER = re.compile(rf"^(?:[{_CJK}]{_SPACES}){{3,}}[{_CJK}]$")
# an edition line: short, names the page (第3版 / 第三版) and a date or weekday
PAGE_HEADER = re.compile(
    rf"^(?=.{{4,40}}$)(?=.*第[0-9{CN_NUM}]+版)(?=.*(?:\d{{4}}年|\d{{1,2}}月\d{{1,2}}日|星期|周[一二三四五六日]))[^。！？；]*$"
)
CONT_MARKER = re.compile(r"^[(（](?:上接|接上|转自|续|紧接)[^()（）]{0,8}[)）]")
JUMP_MARKER = re.compile(r"[(（](?:下转|转第|转下|接下)[^()（）]{0,8}[)）]$")
DATELINE = re.compile(r"^[(（][^()（）]{2,30}(?:电|讯)[)）]$")
# a story's opening dateline: agency or paper, place and date, 电 (or 本报讯), optional reporter
LEAD_DATELINE = re.compile(
    rf"^(?:据)?[{_CJK}]{{1,6}}(?:社|报|网|台)(?:讯|[{_CJK}0-9]{{0,10}}\d{{1,2}}月\d{{1,2}}日(?:电|讯))"
    r"(?:\s*[(（](?:本报)?(?:特约)?(?:记者|通讯员)[^()（）]{1,30}[)）])?\s*"
)
LEAD_BYLINE = re.compile(r"^[(（](?:本报)?(?:特约)?(?:记者|通讯员)[^()（）]{1,30}[)）]\s*")
BYLINE = re.compile(
    rf"^(?:[■●◆]\s*)?(?:本报)?(?:特约)?(?:记者|通讯员|实习生)[ \u3000]+[{_CJK}·、 \u3000]{{2,30}}$"
)
GLOSSARY_HEAD = re.compile(
    r"^(?:#+\s*)?[【\[]?(?:附(?:件)?[：:]?\s*)?"
    r"(?:工作注释|名词解释|名词注释|名词解读|注释|注解|术语解释)[】\]]?[：:]?$"
)
PART_HEAD = re.compile(rf"^(?:#+\s*)?[{CN_NUM}]+、\S.{{0,30}}$")
SECTION_HEAD = re.compile(rf"^(?:[-•·*]\s*|#+\s*)?第[{CN_NUM}]+[节章篇部分]\s*\S.{{0,50}}$")
MD_HEADING = re.compile(r"^(#{1,6})\s+(\S.*)$")
BULLET = re.compile(r"^[-•·*●◆▪]\s*")
NUMBERED = re.compile(
    r"^(?:(\d{1,3})[.．、]|[（(](\d{1,3})[)）]|【(\d{1,3})】|〔(\d{1,3})〕|\[(\d{1,3})\]"
    r"|([\u2460-\u2473\u3251-\u325f]))\s*"
)
TABLE_ROW = re.compile(r"^\|.*\|$|\S \| \S")
OPENERS = "“‘「『《（(【"
STRUCTURAL = ("marker", "dateline", "lead", "byline", "glossary_head", "part", "section", "title")
# a fragment starting with these cannot start a sentence: it finishes an earlier one
CANNOT_START = tuple("，、。；：！？）》」』,.;:!?)") + ("的",)
# a phrase ending in one of these is unfinished: it is not a headline
DANGLING = tuple("的地得和与及或在对把被为从向以了着是有将并而且其之")


@dataclass
class Line:
    """A non-blank line: `start`/`end` are offsets of its stripped content in the file."""

    index: int
    start: int
    end: int
    text: str
    # header | marker | jump | dateline | lead | byline | glossary_head | part | section |
    # note | title | para
    kind: str = "para"
    prefix_len: int = 0  # markup at the start (bullet, number, marker, dateline, '#')
    suffix_len: int = 0  # markup at the end (a jump marker such as （下转第四版）)
    number: int | None = None
    continuation: bool = False  # set by the assembler: this line finishes an earlier one
    dateline: str | None = None  # an opening dateline in this line
    byline: str | None = None  # reporters named in this line
    table_row: bool = False  # cells joined by ' | ' (a .docx table, a Markdown table)

    @property
    def body(self) -> str:
        return self.text[self.prefix_len : len(self.text) - self.suffix_len]

    @property
    def body_start(self) -> int:
        return self.start + self.prefix_len

    @property
    def body_end(self) -> int:
        return self.end - self.suffix_len

    @property
    def closed(self) -> bool:
        return self.table_row or is_closed(self.body)

    @property
    def cannot_start(self) -> bool:
        return self.kind == "para" and self.text.startswith(CANNOT_START)


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


def _note_number(text: str) -> tuple[int, int] | None:
    """(number, length of the number markup) when the text starts with a note number."""
    m = NUMBERED.match(text)
    if not m:
        return None
    digits = next((g for g in m.groups()[:5] if g), None)
    if digits is not None:
        return int(digits), m.end()
    c = ord(m.group(6))
    return (c - 0x2460 + 1 if c <= 0x2473 else c - 0x3251 + 21), m.end()


def _note_shaped(body: str) -> bool:
    """A term and its definition: a quoted term first, or a colon near the start."""
    return body.startswith(("“", "「", '"')) or any(0 < body.find(c) <= 40 for c in "：:")


def _bracket_inner(text: str) -> str:
    return text[1:-1].strip()


def classify(lines: list[Line], source: str = "") -> list[str]:
    """Set `kind` (and note numbers) on every line, in reading order; return warnings about
    the glossary's numbering."""
    warnings: list[str] = []
    in_glossary = False
    expected = 1
    heading_since_note = False
    for ln in lines:
        t = ln.text
        ln.table_row = bool(TABLE_ROW.search(t))
        if RUNNING_HEADER.match(t) or PAGE_HEADER.match(t):
            ln.kind = "header"
        elif m := CONT_MARKER.match(t):
            ln.kind = "marker"
            ln.prefix_len = m.end()
        elif JUMP_MARKER.fullmatch(t):
            ln.kind = "jump"
        elif DATELINE.match(t):
            ln.kind = "dateline"
        elif BYLINE.match(t) or LEAD_BYLINE.fullmatch(t):
            ln.kind = "byline"
            ln.byline = _bracket_inner(t) if t[0] in "(（" else t.lstrip("■●◆ ")
        elif (m := LEAD_DATELINE.match(t)) and len(t) > 0:
            head = t[: m.end()].strip()
            inner = re.search(r"[(（]([^()（）]+)[)）]$", head)
            ln.dateline = head[: inner.start()].strip() if inner else head
            ln.byline = inner.group(1).strip() if inner else None
            if m.end() >= len(t):
                ln.kind = "lead"
            else:
                ln.prefix_len = m.end()
        elif GLOSSARY_HEAD.match(t):
            ln.kind = "glossary_head"
            in_glossary = True
            heading_since_note = True
        elif in_glossary and SECTION_HEAD.match(t) and not is_closed(t):
            ln.kind = "section"
            heading_since_note = True
        elif in_glossary and PART_HEAD.match(t) and not is_closed(t):
            ln.kind = "part"
            heading_since_note = True
        elif in_glossary and _note_start(ln, expected, heading_since_note, warnings, source):
            expected = (ln.number or expected) + 1
            heading_since_note = False
        elif m := MD_HEADING.match(t):
            ln.kind = "title"
            ln.prefix_len = m.start(2)
        elif m := LEAD_BYLINE.match(t):
            ln.byline = _bracket_inner(t[: m.end()].strip())
            ln.prefix_len = m.end()
        if (
            ln.kind in ("para", "note")
            and (j := JUMP_MARKER.search(t))
            and j.start() > ln.prefix_len
        ):
            ln.suffix_len = len(t) - j.start()
    for k, ln in enumerate(lines):
        if ln.kind == "para" and not ln.prefix_len and _is_title(lines, k):
            ln.kind = "title"
    return warnings


def _note_start(
    ln: Line, expected: int, after_heading: bool, warnings: list[str], source: str
) -> bool:
    """A note starts with a bullet (its number is inferred) or with a number that continues the
    sequence; a sequence may restart at 1 under a new heading. A number that breaks the
    sequence still starts a note when the line has a note's shape, and is reported."""
    t = ln.text
    b = BULLET.match(t)
    rest = t[b.end() :] if b else t
    num = _note_number(rest)
    if num is not None:
        n, length = num
        body = rest[length:]
        ok = n in (expected, expected + 1) or (n == 1 and after_heading)
        if not ok and not _note_shaped(body):
            return False
        if n != expected and not (n == 1 and after_heading):
            warnings.append(
                f"{source}: line {ln.index + 1}: glossary numbering goes from {expected - 1} to {n}"
                + (f" (note {expected} is missing)" if n == expected + 1 else "")
            )
        ln.kind = "note"
        ln.number = n
        ln.prefix_len = (b.end() if b else 0) + length
        return True
    if b:
        ln.kind = "note"
        ln.number = expected
        ln.prefix_len = b.end()
        return True
    return False


def _is_title(lines: list[Line], k: int) -> bool:
    """Headline shapes: a short unclosed line that a marker, dateline or byline follows, a
    kicker ending in a dash, a numbered heading (三、…), or a headline after closed text
    followed by a quotation."""
    ln = lines[k]
    t = ln.text
    if not _title_shaped(t) or ln.suffix_len or ln.table_row:
        return False
    prev = next((x for x in reversed(lines[:k]) if x.kind != "header"), None)
    nxt = next((x for x in lines[k + 1 :] if x.kind != "header"), None)
    if nxt is not None and (
        nxt.kind in ("marker", "lead", "byline") or (nxt.kind == "para" and nxt.dateline)
    ):
        return True
    if t.endswith(("——", "—")):
        return True
    if PART_HEAD.match(t) and len(t) <= 25:
        return True
    prev_closed = prev is None or prev.kind in STRUCTURAL or prev.closed
    if prev_closed and nxt is not None and nxt.text[:1] in OPENERS and nxt.kind == "para":
        return True
    # a bare headline: a short phrase with no clause punctuation and no dangling function word,
    # after finished text, before a paragraph much longer than itself
    return (
        prev_closed
        and 4 <= len(t) <= 30
        and not any(c in t for c in "，,、；;：:。")
        and not t.endswith(DANGLING)
        and nxt is not None
        and nxt.kind == "para"
        and not nxt.cannot_start
        and len(nxt.text) >= 2 * len(t)
        and nxt.closed
    )
