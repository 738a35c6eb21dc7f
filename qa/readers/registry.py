"""Which reader reads which suffix."""

from __future__ import annotations

from pathlib import Path

from qa.readers.base import Reader, SourceText, UnreadableFile
from qa.readers.pdf import PdfReader
from qa.readers.text import TextReader
from qa.readers.word import DocxReader

READERS: list[Reader] = [TextReader(), DocxReader(), PdfReader()]
SUFFIXES: tuple[str, ...] = tuple(s for r in READERS for s in r.suffixes)


def reader_for(path: Path, strict: bool = False) -> Reader:
    """The reader of this suffix; a file named explicitly with another suffix is tried as
    text (the text reader refuses binary), unless `strict` (uploads, folder listings)."""
    suffix = path.suffix.lower()
    for r in READERS:
        if suffix in r.suffixes:
            return r
    if strict:
        raise UnreadableFile(
            f"{path}: {suffix or 'no suffix'} is not a supported type ({' '.join(SUFFIXES)})"
        )
    return READERS[0]


def read_source(path: Path) -> SourceText:
    """The text of one file (UnreadableFile says why not)."""
    return reader_for(path).read(path)
