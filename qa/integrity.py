"""Checksums that make a damaged index fail loudly, and clean-up after a failed build.

A build records the SHA-256 of each of its files in `manifest.json`; `CURRENT` names the
live build folder *and* the SHA-256 of that manifest:

    CURRENT          "build-<ns> <sha256 of build-<ns>/manifest.json>\\n"
    manifest.json    {..., "files": {"passages.faiss": "<sha256>", "keyword/...": ...}}

so every byte of the index is covered by a chain that starts at CURRENT. Loading checks the
chain before parsing anything: a deleted, emptied, truncated, overwritten or bit-flipped
file raises `IndexDamaged` (and `open_index` rebuilds) instead of loading silently.
"""

from __future__ import annotations

import errno
import hashlib
import json
import re
import shutil
from pathlib import Path

from qa.errors import BuildFailed, BuildInterrupted, IndexDamaged, IndexNotReady, QAError, quote

MANIFEST = "manifest.json"
_POINTER = re.compile(r"(build-\d+) ([0-9a-f]{64})\n?")
_OLD_POINTER = re.compile(r"build-\d+\n?")  # format 1: a name and no checksum


def sha256_file(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under `folder` except the manifest, by POSIX relative path."""
    return {
        p.relative_to(folder).as_posix(): sha256_file(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def pointer_text(build_name: str, manifest_bytes: bytes) -> str:
    return f"{build_name} {hashlib.sha256(manifest_bytes).hexdigest()}\n"


def damaged(path: Path, what: str) -> IndexDamaged:
    return IndexDamaged(f"the index at {path} is damaged ({what})")


def read_pointer(index_root: Path) -> tuple[str, str]:
    """The live build's folder name and its manifest's SHA-256, from CURRENT."""
    pointer = index_root / "CURRENT"
    try:
        raw = pointer.read_bytes()
    except FileNotFoundError:
        raise IndexNotReady(
            f"no index at {index_root}: run `qa build` (or ask a question: it builds on first use)"
        ) from None
    except OSError as e:
        raise damaged(index_root, f"CURRENT cannot be read: {e.strerror}") from e
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        text = None
    m = _POINTER.fullmatch(text or "")
    if m is None:
        if text is not None and _OLD_POINTER.fullmatch(text):
            raise IndexNotReady(
                f"the index at {index_root} was written by an older version (no checksums): "
                "run `qa build`"
            )
        raise damaged(index_root, f"CURRENT is not a valid pointer: {quote(repr(raw[:80]), 120)}")
    return m.group(1), m.group(2)


def verified_manifest(index_root: Path) -> tuple[Path, dict]:
    """The live build folder and its manifest, after checking every file against its checksum.

    Raises IndexNotReady when there is no index, IndexDamaged when anything does not match."""
    name, manifest_sha = read_pointer(index_root)
    path = index_root / name
    if not path.is_dir():
        raise damaged(index_root, f"CURRENT points at {name}, which does not exist")
    try:
        raw = (path / MANIFEST).read_bytes()
    except OSError as e:
        raise damaged(path, f"{MANIFEST} cannot be read: {e.strerror}") from e
    if hashlib.sha256(raw).hexdigest() != manifest_sha:
        raise damaged(path, f"{MANIFEST} does not match the SHA-256 recorded in CURRENT")
    manifest = json.loads(raw)  # its bytes are the ones written: it parses
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexNotReady(f"the index at {path} records no file checksums: run `qa build`")
    for rel, want in files.items():
        f = path / rel
        try:
            got = sha256_file(f)
        except FileNotFoundError:
            raise damaged(path, f"{rel} is missing") from None
        except OSError as e:
            raise damaged(path, f"{rel} cannot be read: {e.strerror}") from e
        if got != want:
            raise damaged(path, f"{rel} does not match the SHA-256 recorded when it was built")
    return path, manifest


# -- failed builds ------------------------------------------------------------------


def _remove(paths: list[Path]) -> None:
    for p in reversed(paths):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def _previous(index_root: Path) -> str:
    try:
        name, _ = read_pointer(index_root)
    except QAError:
        return "there is no previous index to fall back on"
    return f"the previous index ({name}) is still in use"


def _describe(e: BaseException) -> str:
    if isinstance(e, OSError):
        where = f" writing {e.filename}" if e.filename else ""
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            return f"disk full ({e.strerror or 'no space left on device'}){where}"
        if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"cannot write the index ({e.strerror}){where}"
        if e.strerror:
            return f"{e.strerror}{where}"
    return quote(f"{type(e).__name__}: {e}")


def failed_build(e: BaseException, index_root: Path, made: list[Path]) -> BaseException:
    """Remove what a failed build wrote and return the exception to raise: one line that says
    what happened and that the previous index is still in use."""
    _remove(made)
    if isinstance(e, QAError):
        return e
    if isinstance(e, KeyboardInterrupt):
        return BuildInterrupted(
            f"build interrupted; its temporary folder was removed and {_previous(index_root)}"
        )
    if not isinstance(e, Exception):  # SystemExit, GeneratorExit: not ours to rename
        return e
    return BuildFailed(
        f"build failed: {_describe(e)}; its temporary folder was removed and "
        f"{_previous(index_root)}"
    )
