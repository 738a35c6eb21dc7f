"""Ingest: a SourceText -> lines with offsets -> articles and glossary notes -> passages."""

from __future__ import annotations

from pathlib import Path

from qa.ingest.chunk import MAX_CHARS, make_passages
from qa.ingest.page import parse_page
from qa.readers import SourceText, UnreadableFile, gather_corpus, read_source
from qa.types import ParsedDocument

# what the readers make of a file: bump when the same file would give other passages, so an
# index built by an older parser is stale (2: a closing dateline is its story's last paragraph;
# 3: a fragment goes to the article whose thread it repeats, and a line that opens like
# another open article's paragraphs starts one there)
PARSER = 3


def parse_source(src: SourceText, start_id: int = 0, max_chars: int = MAX_CHARS) -> ParsedDocument:
    """Parse one document's text; passages of an extracted document name their page/paragraph."""
    page = parse_page(src.text, src.origin)
    passages = make_passages(src.text, page.articles, page.glossary, start_id, max_chars)
    if src.blocks:
        for p in passages:
            p.location = src.location(p.spans)
    warnings = [*src.warnings, *page.warnings]
    if not page.articles and not page.glossary:
        warnings.append(f"{src.origin}: no text found; nothing to index")
    return ParsedDocument(
        src.origin,
        src.text,
        page.articles,
        page.glossary,
        passages,
        page.markup,
        warnings,
        kind=src.kind,
    )


def parse_text(
    text: str, source: str, start_id: int = 0, max_chars: int = MAX_CHARS
) -> ParsedDocument:
    return parse_source(SourceText(text, source), start_id, max_chars)


def parse_file(path: Path, start_id: int = 0, max_chars: int = MAX_CHARS) -> ParsedDocument:
    return parse_source(read_source(path), start_id, max_chars)


def parse_corpus(
    paths: list[Path], max_chars: int = MAX_CHARS
) -> tuple[list[ParsedDocument], list[str]]:
    """Every readable file under `paths`; what is left out or unreadable becomes a warning."""
    files, warnings = gather_corpus(paths)
    docs: list[ParsedDocument] = []
    next_id = 0
    for f in files:
        try:
            doc = parse_file(f.resolve(), next_id, max_chars)
        except UnreadableFile as e:
            warnings.append(f"skipped {e}")
            continue
        docs.append(doc)
        warnings.extend(doc.warnings)
        next_id += len(doc.passages)
    return docs, warnings


__all__ = ["UnreadableFile", "parse_corpus", "parse_file", "parse_source", "parse_text"]
