"""Read files into text with offsets that match the file exactly (no newline translation)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

SUFFIXES = (".txt", ".md", ".markdown")
MAX_BYTES = 20_000_000


class UnreadableFile(Exception):
    """A file that is not UTF-8 text; the message says why, for the user."""


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise UnreadableFile(f"{path}: cannot be read ({e.strerror or e})") from e
    if len(raw) > MAX_BYTES:
        raise UnreadableFile(f"{path}: {len(raw):,} bytes is over the {MAX_BYTES:,}-byte limit")
    if b"\x00" in raw:
        raise UnreadableFile(f"{path}: looks binary (contains NUL bytes), not a text file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise UnreadableFile(f"{path}: not UTF-8 text (byte {e.start}); save it as UTF-8") from e


def corpus_files(paths: Iterable[Path]) -> list[Path]:
    """Text and Markdown files under the given files or folders, in a stable order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                f
                for f in sorted(p.rglob("*"))
                if f.is_file()
                and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        elif p.exists():
            out.append(p)
        else:
            raise FileNotFoundError(f"{p}: no such file or folder")
    return out
