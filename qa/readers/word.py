"""Word (.docx): paragraphs, headings, numbered lists and tables, in document order.

Each block becomes one line of the extracted text (blank lines between), so the
page parser sees the same shapes it sees in a .txt: a heading is written with
Markdown '#' marks, a numbered-list paragraph with the number Word would show
(1. / 一、 / ① / - for bullets), a table row as its cells joined by ' | '.
Paragraphs are numbered in document order (第N段); tables as 表N.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from qa.readers.base import Block, SourceText, UnreadableFile
from qa.readers.text import read_bytes

_HEADING = re.compile(r"^(?:Heading|标题)\s*(\d)$", re.I)
CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals (一, 十, 十一, 二十一); larger numbers as digits."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")
    return str(n)


def format_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "ideographDigital",
        "chineseLegalSimplified",
    ):
        return chinese_number(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("lowerLetter", "upperLetter") and 1 <= n <= 26:
        c = chr(ord("a") + n - 1)
        return c.upper() if fmt == "upperLetter" else c
    if fmt in ("lowerRoman", "upperRoman") and 1 <= n <= 39:
        r = "x" * (n // 10) + ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"][n % 10]
        return r.upper() if fmt == "upperRoman" else r
    return str(n)


class _Numbering:
    """The numbers Word shows before list paragraphs (python-docx does not render them)."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        from docx.oxml.ns import qn

        abstract = {}
        for an in root.findall(qn("w:abstractNum")):
            lv = {}
            for lvl in an.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                txt = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                lv[int(lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    txt.get(qn("w:val")) if txt is not None else "%1.",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )
            abstract[an.get(qn("w:abstractNumId"))] = lv
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(qn("w:val")), {}).items():
                self.levels[(num.get(qn("w:numId")), ilvl)] = spec

    def label(self, num_id: str, ilvl: int) -> str:
        spec = self.levels.get((num_id, ilvl), ("decimal", f"%{ilvl + 1}.", 1))
        fmt, text, _ = spec
        if fmt == "none":
            return ""
        if fmt == "bullet":
            return "- "
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= ilvl:
            counts.append(0)
        counts[ilvl] += 1
        del counts[ilvl + 1 :]  # a deeper list restarts under each new item

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lvl_fmt, _, lvl_start = self.levels.get((num_id, k), ("decimal", "", 1))
            n = counts[k] + lvl_start - 1 if k < len(counts) else lvl_start
            return format_number(n, fmt if k == ilvl else lvl_fmt)

        return re.sub(r"%(\d)", sub, text) if text else ""


def _num_pr(paragraph):
    """(numId, ilvl) of a list paragraph, from the paragraph or its style chain."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
        ilvl = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else 0
        return str(ppr.numPr.numId.val), int(ilvl)
    style = paragraph.style
    while style is not None:
        sppr = style.element.pPr
        if sppr is not None and sppr.numPr is not None and sppr.numPr.numId is not None:
            ilvl = sppr.numPr.ilvl.val if sppr.numPr.ilvl is not None else 0
            return str(sppr.numPr.numId.val), int(ilvl)
        style = style.base_style
    return None


class DocxReader:
    suffixes = (".docx",)
    max_bytes = 50_000_000

    def read(self, path: Path) -> SourceText:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table

        read_bytes(path, self.max_bytes)  # size limit and readability, before unzipping
        try:
            document = docx.Document(str(path))
        except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as e:
            raise UnreadableFile(f"{path}: not a readable .docx ({type(e).__name__})") from e
        numbering = _Numbering(document)
        out: list[str] = []
        blocks: list[Block] = []
        pos = 0
        n_para = n_table = 0

        def emit(line: str, label: str, body_from: int = 0) -> None:
            nonlocal pos
            if out:
                out.append("\n\n")
                pos += 2
            out.append(line)
            blocks.append(Block(pos + body_from, pos + len(line), label))
            pos += len(line)

        for item in document.iter_inner_content():
            if isinstance(item, Table):
                n_table += 1
                rows = []
                for row in item.rows:
                    cells: list[str] = []
                    for c in row.cells:
                        t = " ".join(c.text.split())
                        if t and (not cells or cells[-1] != t):  # a merged cell repeats
                            cells.append(t)
                    if cells:
                        rows.append(" | ".join(cells))
                if rows:
                    emit("\n".join(rows), f"表{n_table}")
                continue
            text = item.text.replace("\r", "").replace("\n", " ").strip()
            n_para += 1
            if not text:
                continue
            style = item.style.name if item.style is not None else ""
            prefix = ""
            if m := _HEADING.match(style):
                prefix = "#" * int(m.group(1)) + " "
            elif style == "Title":
                prefix = "# "
            elif (num := _num_pr(item)) is not None:
                prefix = numbering.label(*num)
            emit(prefix + text, f"第{n_para}段")
        text = "".join(out)
        warnings = [] if text.strip() else [f"{path}: the document has no text"]
        return SourceText(text, str(path), "docx", blocks, warnings)
