"""PDF: the text of each page in reading order, with its page number kept (第N页).

pdfplumber gives every character with its position. A page is cut into
line segments (a wide horizontal gap ends a segment), a column gutter is
looked for, and a two-column page is read left column then right column
between lines that span both. Lines wrapped by the page width are joined back
into paragraphs: a line that reaches the column's right edge continues on the
next line unless that one is indented. What a PDF does not encode (reading
order of complex layouts, text drawn as images) cannot be recovered: a page
without text is reported in warnings.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from qa.readers.base import Block, SourceText, UnreadableFile
from qa.readers.text import read_bytes

MAX_PAGES = 2000


@dataclass
class _Seg:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def _segments(page, char_w: float) -> list[_Seg]:
    segs: list[_Seg] = []
    for line in page.extract_text_lines(return_chars=True, strip=True):
        chars = [c for c in line["chars"] if c["text"].strip() or c["text"] == " "]
        cur: list[dict] = []
        for c in chars:
            if cur and c["x0"] - cur[-1]["x1"] > 2.5 * char_w:
                segs.append(_make(cur))
                cur = []
            cur.append(c)
        if cur:
            segs.append(_make(cur))
    return [s for s in segs if s.text]


def _make(chars: list[dict]) -> _Seg:
    text = "".join(c["text"] for c in chars).strip()
    return _Seg(
        text,
        min(c["x0"] for c in chars),
        max(c["x1"] for c in chars),
        min(c["top"] for c in chars),
        max(c["bottom"] for c in chars),
    )


def _gutter(segs: list[_Seg], width: float) -> float | None:
    """An x that segments lie on both sides of and few cross: a column gutter."""
    best: tuple[int, float] | None = None
    for i in range(25, 76):
        x = width * i / 100
        crossing = sum(s.x0 < x < s.x1 for s in segs)
        if best is None or (crossing, abs(x - width / 2)) < (best[0], abs(best[1] - width / 2)):
            best = (crossing, x)
    if best is None:
        return None
    crossing, x = best
    left = sum(s.x1 <= x for s in segs)
    right = sum(s.x0 >= x for s in segs)
    if left >= 2 and right >= 2 and crossing <= min(left, right) // 2:
        return x
    return None


def _reading_order(segs: list[_Seg], width: float) -> list[list[_Seg]]:
    """Runs of segments in reading order. On a two-column page: what spans the gutter, or
    stands in the left half above the right column or below it after a paragraph gap, is
    read full width; between such runs, the left column, then the right."""
    segs = sorted(segs, key=lambda s: (round(s.top), s.x0))
    x = _gutter(segs, width)
    if x is None:
        return [segs]
    right_segs = [s for s in segs if s.x0 >= x]
    r_top, r_bottom = min(s.top for s in right_segs), max(s.bottom for s in right_segs)
    line_h = statistics.median(s.bottom - s.top for s in segs)
    out: list[list[_Seg]] = []
    full: list[_Seg] = []
    left: list[_Seg] = []
    right: list[_Seg] = []

    for s in segs:
        last_left = left[-1] if left else None
        outside = s.x0 < x < s.x1 or (
            s.x1 <= x
            and (
                s.bottom <= r_top
                or (s.top > r_bottom and (last_left is None or s.top - last_left.bottom > line_h))
            )
        )
        if outside:
            if left or right:
                out.extend(c for c in (left, right) if c)
                left, right = [], []
            full.append(s)
            continue
        if full:
            out.append(full)
            full = []
        (left if s.x1 <= x else right).append(s)
    out.extend(c for c in (left, right, full) if c)
    return out


def _paragraphs(column: list[_Seg], char_w: float) -> list[str]:
    """Join lines wrapped by the column width back into paragraphs."""
    if not column:
        return []
    right_edge = max(s.x1 for s in column)
    left_edge = min(s.x0 for s in column)
    paras: list[str] = []
    prev: _Seg | None = None
    for s in column:
        joins = (
            prev is not None
            and prev.x1 >= right_edge - 1.5 * char_w
            and s.x0 <= left_edge + 0.5 * char_w
            and s.top - prev.bottom < 1.2 * (prev.bottom - prev.top)
        )
        if joins:
            glue = (
                " "
                if prev.text[-1:].isascii()
                and prev.text[-1:].isalnum()
                and s.text[:1].isascii()
                and s.text[:1].isalnum()
                else ""
            )
            paras[-1] += glue + s.text
        else:
            paras.append(s.text)
        prev = s
    return paras


class PdfReader:
    suffixes = (".pdf",)
    max_bytes = 100_000_000

    def read(self, path: Path) -> SourceText:
        import pdfplumber

        read_bytes(path, self.max_bytes)
        warnings: list[str] = []
        out: list[str] = []
        blocks: list[Block] = []
        pos = 0
        try:
            pdf = pdfplumber.open(str(path))
        except Exception as e:  # pdfminer raises many kinds for a damaged or encrypted file
            raise UnreadableFile(f"{path}: not a readable PDF ({type(e).__name__})") from e
        with pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise UnreadableFile(
                    f"{path}: {len(pdf.pages)} pages is over the {MAX_PAGES}-page limit"
                )
            for number, page in enumerate(pdf.pages, 1):
                try:
                    widths = [c["x1"] - c["x0"] for c in page.chars if c["text"].strip()]
                    char_w = statistics.median(widths) if widths else 10.0
                    segs = _segments(page, char_w)
                except Exception as e:
                    warnings.append(
                        f"{path}: page {number} cannot be read ({type(e).__name__}); skipped"
                    )
                    continue
                paras = [
                    p
                    for col in _reading_order(segs, float(page.width))
                    for p in _paragraphs(col, char_w)
                ]
                if not paras:
                    warnings.append(
                        f"{path}: page {number} has no text layer (a scan?); nothing read from it"
                    )
                    continue
                page_text = "\n\n".join(paras)
                if out:
                    out.append("\n\n")
                    pos += 2
                out.append(page_text)
                blocks.append(Block(pos, pos + len(page_text), f"第{number}页"))
                pos += len(page_text)
        text = "".join(out)
        if not text.strip():
            warnings.append(f"{path}: the PDF has no extractable text")
        return SourceText(text, str(path), "pdf", blocks, warnings)
