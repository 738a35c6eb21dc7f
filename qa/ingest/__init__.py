"""Ingest: files -> lines with offsets -> articles and glossary notes -> passages."""

from __future__ import annotations

from pathlib import Path

from qa.ingest.chunk import MAX_CHARS, make_passages
from qa.ingest.page import parse_page
from qa.ingest.reader import UnreadableFile, corpus_files, read_text
from qa.types import ParsedDocument


def parse_text(
    text: str, source: str, start_id: int = 0, max_chars: int = MAX_CHARS
) -> ParsedDocument:
    page = parse_page(text, source)
    passages = make_passages(text, page.articles, page.glossary, start_id, max_chars)
    return ParsedDocument(
        source, text, page.articles, page.glossary, passages, page.markup, page.warnings
    )


def parse_file(path: Path, start_id: int = 0, max_chars: int = MAX_CHARS) -> ParsedDocument:
    return parse_text(read_text(path), str(path), start_id, max_chars)


def parse_corpus(
    paths: list[Path], max_chars: int = MAX_CHARS
) -> tuple[list[ParsedDocument], list[str]]:
    """Every readable file under `paths`; unreadable ones become warnings, not failures."""
    docs: list[ParsedDocument] = []
    warnings: list[str] = []
    next_id = 0
    for f in corpus_files(paths):
        try:
            doc = parse_file(f.resolve(), next_id, max_chars)
        except UnreadableFile as e:
            warnings.append(f"skipped {e}")
            continue
        docs.append(doc)
        warnings.extend(doc.warnings)
        next_id += len(doc.passages)
    return docs, warnings


__all__ = ["UnreadableFile", "parse_corpus", "parse_file", "parse_text"]
