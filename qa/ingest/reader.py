"""Kept for callers of the old names; the readers live in qa.readers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from qa.readers import SUFFIXES, TextReader, UnreadableFile, gather_corpus

MAX_BYTES = TextReader.max_bytes


def read_text(path: Path) -> str:
    return TextReader().read(path).text


def corpus_files(paths: Iterable[Path]) -> list[Path]:
    """The files `gather_corpus` would read (without its warnings)."""
    return gather_corpus(paths)[0]


__all__ = ["MAX_BYTES", "SUFFIXES", "UnreadableFile", "corpus_files", "read_text"]
