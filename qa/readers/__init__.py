"""Readers: one per file format, each turning a file into a SourceText.

`read_source(path)` picks the reader by suffix; `gather_corpus(paths)` lists the
files a corpus holds, with warnings for what it will not read (links leading
outside the corpus, link loops, empty files, unsupported types).
"""

from __future__ import annotations

from qa.readers.base import Block, Reader, SourceText, UnreadableFile, span_label
from qa.readers.corpus import check_upload, gather_corpus
from qa.readers.pdf import PdfReader
from qa.readers.registry import READERS, SUFFIXES, read_source, reader_for
from qa.readers.text import TextReader
from qa.readers.word import DocxReader

__all__ = [
    "READERS",
    "SUFFIXES",
    "Block",
    "DocxReader",
    "PdfReader",
    "Reader",
    "SourceText",
    "TextReader",
    "UnreadableFile",
    "check_upload",
    "gather_corpus",
    "read_source",
    "reader_for",
    "span_label",
]
