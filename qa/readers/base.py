"""What every reader returns, and the one place the corpus limits live.

A reader turns one file into a `SourceText`: the UTF-8 text that ingest parses
and that every span indexes into, the path of the original file, and a map of
which stretch of that text came from which page (PDF) or paragraph (docx). For
.txt/.md the text *is* the file; for .docx/.pdf it is extracted, and the index
saves it beside the build so that citations can be checked against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from qa.types import Span


class UnreadableFile(Exception):
    """A file that cannot be read as a document; the message says why, for the user."""


@dataclass
class Block:
    """[start, end) of the text that came from one page or paragraph, and its label."""

    start: int
    end: int
    label: str  # "第3页", "第5段", "表1"


@dataclass
class SourceText:
    text: str
    origin: str  # the original file
    kind: str = "text"  # "text" | "docx" | "pdf"
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def extracted(self) -> bool:
        """True when `text` is not the file's own bytes (it must be saved with the index)."""
        return self.kind != "text"

    def location(self, spans: list[Span]) -> str | None:
        """The page(s) or paragraph(s) the spans fall in, e.g. "第2页", "第3–4段"."""
        labels: list[str] = []
        for s, e in sorted(spans):
            for b in self.blocks:
                if b.start < e and s < b.end and b.label not in labels:
                    labels.append(b.label)
        return span_label(labels)


_NUMBERED_LABEL = re.compile(r"^第(\d+)(\D+)$")


def span_label(labels: list[str]) -> str | None:
    """One label for a run of blocks: 第2页 + 第3页 -> 第2–3页; otherwise first–last."""
    if not labels:
        return None
    if len(labels) == 1:
        return labels[0]
    a, b = _NUMBERED_LABEL.match(labels[0]), _NUMBERED_LABEL.match(labels[-1])
    if a and b and a.group(2) == b.group(2):
        return f"第{a.group(1)}–{b.group(1)}{a.group(2)}"
    return f"{labels[0]}–{labels[-1]}"


class Reader(Protocol):
    """One file format: which suffixes it reads, how big a file may be, and how to read it."""

    suffixes: tuple[str, ...]
    max_bytes: int

    def read(self, path: Path) -> SourceText: ...
