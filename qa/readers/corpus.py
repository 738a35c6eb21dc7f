"""Which files a corpus holds, and the limits on what may enter it.

A folder is walked without following links. A link is read only when it
resolves to a file inside the same folder: one leading outside (a link to
/etc/passwd dropped into the corpus) is skipped, and a broken link or a link
loop is reported; an empty file is reported rather than silently indexed as
nothing; files of other types are counted in one warning. A file named
explicitly is the user's own choice and is read wherever it lives.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from qa.readers.base import UnreadableFile
from qa.readers.registry import SUFFIXES, reader_for


def gather_corpus(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The readable-looking files under the given files or folders in a stable order, and
    warnings for what was left out. A path that does not exist raises FileNotFoundError."""
    files: list[Path] = []
    warnings: list[str] = []
    seen: set[Path] = set()

    def add(f: Path, real: Path) -> None:
        if real in seen:
            return
        seen.add(real)
        try:
            size = real.stat().st_size
        except OSError as e:
            warnings.append(f"{f}: cannot be read ({e.strerror or e}); skipped")
            return
        if size == 0:
            warnings.append(f"{f}: empty file; nothing to index")
            return
        files.append(f)

    for p in paths:
        if p.is_symlink() and not p.exists():
            warnings.append(f"{p}: {_link_problem(p)}; skipped")
            continue
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such file or folder")
        if not p.is_dir():
            add(p, p.resolve())
            continue
        root = p.resolve()
        other: Counter[str] = Counter()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            here = Path(dirpath)
            for d in dirnames:
                if (here / d).is_symlink():
                    link = here / d
                    problem = _link_problem(link, root)
                    if problem:
                        warnings.append(f"{link}: {problem}; skipped")
                    # a link to a folder inside the corpus: its files are walked there
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                f = here / name
                if f.is_symlink():
                    problem = _link_problem(f, root)
                    if problem:
                        warnings.append(f"{f}: {problem}; skipped")
                        continue
                suffix = f.suffix.lower()
                if suffix not in SUFFIXES:
                    other[suffix or "(no suffix)"] += 1
                    continue
                add(f, f.resolve())
        if other:
            kinds = ", ".join(f"{k} ×{n}" for k, n in sorted(other.items()))
            warnings.append(
                f"{p}: {sum(other.values())} file(s) of unsupported types not read ({kinds}); "
                f"supported: {' '.join(SUFFIXES)}"
            )
    return files, warnings


def _link_problem(link: Path, root: Path | None = None) -> str | None:
    """Why a symbolic link is not followed, or None when it leads to a place inside `root`."""
    try:
        target = link.resolve(strict=True)
    except RuntimeError:
        return "symbolic link loop"
    except OSError as e:
        if e.errno == 40:  # ELOOP
            return "symbolic link loop"
        return f"broken symbolic link (to {os.readlink(link)})"
    if root is not None and not target.is_relative_to(root):
        return f"symbolic link to {target}, outside the corpus folder {root}"
    return None


def check_upload(name: str, size: int) -> None:
    """Refuse an upload of an unsupported type, an empty one, or one over its reader's limit."""
    reader = reader_for(Path(name), strict=True)
    if size == 0:
        raise UnreadableFile(f"{name}: empty file")
    if size > reader.max_bytes:
        raise UnreadableFile(f"{name}: {size:,} bytes is over the {reader.max_bytes:,}-byte limit")
