"""Plain text and Markdown: the file's own characters, offsets exact (no newline translation)."""

from __future__ import annotations

from pathlib import Path

from qa.readers.base import SourceText, UnreadableFile


class TextReader:
    suffixes = (".txt", ".md", ".markdown")
    max_bytes = 20_000_000

    def read(self, path: Path) -> SourceText:
        raw = read_bytes(path, self.max_bytes)
        if b"\x00" in raw:
            raise UnreadableFile(f"{path}: looks binary (contains NUL bytes), not a text file")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise UnreadableFile(
                f"{path}: not UTF-8 text (byte {e.start}); save it as UTF-8"
            ) from e
        return SourceText(text, str(path), "text")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or UnreadableFile when it cannot be read or is over the limit."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableFile(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit")
        return path.read_bytes()
    except OSError as e:
        raise UnreadableFile(f"{path}: cannot be read ({e.strerror or e})") from e
