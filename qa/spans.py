"""Offset arithmetic shared by ingest, answer and eval, so quotes stay traceable."""

from __future__ import annotations

import re

from qa.types import Span

# A sentence ends at 。！？；!? (and closing quotes after them), or at a
# full stop followed by whitespace in Latin text.
_SENTENCE_END = re.compile(r"[。！？；!?]+[”’」』）)》]*|\.(?=\s)|……[”’」』）)]*")
_CLOSED_END = set("。！？!?…")
_CLOSERS = "”’」』）)》】"


def sub_spans(spans: list[Span], i: int, j: int) -> list[Span]:
    """Source spans for characters [i, j) of the text the spans denote."""
    out: list[Span] = []
    pos = 0
    for s, e in spans:
        n = e - s
        lo, hi = max(i, pos), min(j, pos + n)
        if lo < hi:
            out.append((s + lo - pos, s + hi - pos))
        pos += n
        if pos >= j:
            break
    return out


def sentence_bounds(text: str) -> list[Span]:
    """[start, end) of each sentence, trimmed of surrounding whitespace; never splits mid-sentence."""
    bounds: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        bounds.append((start, m.end()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    out = []
    for s, e in bounds:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def is_closed(fragment: str) -> bool:
    """Whether a fragment ends a sentence (so the next line starts a new one)."""
    t = fragment.rstrip().rstrip(_CLOSERS)
    if not t:
        return True
    return t[-1] in _CLOSED_END or (t[-1] == "." and not t[-2:-1].isdigit())
