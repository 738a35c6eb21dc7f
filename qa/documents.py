"""Documents added to and removed from an index: `qa add`, `qa remove`, `qa list`, the chat.

Where added documents live: `qa add FILE` (and the chat's upload) copies the file into
`<index>/documents/`. Every build and every staleness check reads that folder as part of the
corpus (`qa.index.with_added`), so the manifest's corpus files and SHA-256s keep matching
it and the next `qa ask` finds the index fresh. Deleting the index folder deletes the added
documents with it.

Updating is incremental and still atomic: the new index is written by the ordinary build
(a new build folder, then CURRENT switched, every file's checksum in the manifest), but its
embedder is a `ReusingEmbedder` that takes the vector of every text the previous index already
holds from that index (passages.faiss rows, sentence_vectors.npy rows) and encodes only the rest. So
adding a document embeds only that document's passages and sentences, and removing one
embeds nothing; the BM25 keyword index is rebuilt from the passages' text (cheap). Passage
numbering, extracted-text files and the manifest come out exactly as a full build of the same
corpus would write them (the tests compare the content hash).

A document of the --corpus folder is not removed here: deleting files from a corpus folder is
the folder owner's business (delete it there; the next run updates the index the same
incremental way). Only added documents can be removed.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa.embed import get_embedder  # noqa: F401  (the CLI looks it up here; tests patch it)
from qa.errors import QAError
from qa.index import Index, build_index, embedding_text, load_index, stale_reasons, with_added
from qa.readers import UnreadableFile, check_upload, reader_for
from qa.settings import DEFAULTS, Settings

ADDED = "documents"  # folder under the index root


class DocumentError(QAError):
    """An add or remove that cannot be done; the message says why and what to do."""


def added_dir(index_root: Path) -> Path:
    return index_root / ADDED


# -- reusing stored vectors ------------------------------------------------------------


class ReusingEmbedder:
    """An embedder that returns the stored vector of any text the old index already embedded
    and encodes only the texts it has not seen (`encoded` counts those)."""

    def __init__(self, base, known: dict[str, np.ndarray]) -> None:
        self.base = base
        self.known = known
        self.model_id = base.model_id
        self.dim = getattr(base, "dim", None)
        self.engine = getattr(base, "engine", type(base).__name__)
        self.encoded = 0
        self.reused = 0

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.base.encode_queries(texts)

    def encode_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.known))
        self.encoded += len(missing)
        self.reused += sum(t in self.known for t in texts)
        if progress:
            print(
                f"reusing {len(texts) - len(missing)} stored vectors; "
                f"embedding {len(missing)} new text(s)",
                file=sys.stderr,
            )
        new: dict[str, np.ndarray] = {}
        if missing:
            vecs = self.base.encode_documents(missing, progress=progress)
            new = dict(zip(missing, np.asarray(vecs, dtype=np.float32), strict=True))
        return np.vstack([self.known[t] if t in self.known else new[t] for t in texts]).astype(
            np.float32
        )


def stored_vectors(index: Index) -> dict[str, np.ndarray]:
    """Text -> vector for every passage and sentence the index holds."""
    pvecs = index.passage_vectors(0, len(index.passages))
    known = {embedding_text(p): pvecs[i] for i, p in enumerate(index.passages)}
    svecs = index.sentence_vectors[:]  # one read, not one per sentence
    for i, s in enumerate(index.sentences):
        known.setdefault(index.sentence_text(s), svecs[i])
    return known


def reusing(index: Index | None, embedder):
    """`embedder`, reusing `index`'s vectors when it was built with the same model."""
    if index is None or index.manifest["model"]["id"] != embedder.model_id:
        return embedder
    return ReusingEmbedder(embedder, stored_vectors(index))


def _current(index_root: Path) -> Index | None:
    try:
        return load_index(index_root)
    except QAError:  # none yet, damaged, or an older format: a full build
        return None


def update(
    corpus: list[Path],
    index_root: Path,
    embedder,
    progress: bool = False,
    settings: Settings = DEFAULTS,
) -> Index:
    """Build the index of `corpus` (plus the added documents) reusing the current vectors."""
    return build_index(
        corpus, index_root, reusing(_current(index_root), embedder), progress, settings
    )


# -- listing ---------------------------------------------------------------------------


@dataclass
class DocumentInfo:
    name: str
    source: str
    kind: str
    passages: int
    notes: int
    articles: int
    sentences: int
    added: bool  # in <index>/documents/: removable
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return dict(self.__dict__)


def list_documents(index: Index) -> list[DocumentInfo]:
    """The index's documents with their unit counts and warnings, in corpus order."""
    added = added_dir(index.path.parent).resolve()
    docs = index.manifest["documents"]
    # sentences per document from the arrays (no passage read: 1M passages list in ms)
    per_doc = np.bincount(
        np.asarray(index.passage_doc)[np.asarray(index.sentences.rows[:, 0])], minlength=len(docs)
    )
    sentences = {d["source"]: int(per_doc[k]) for k, d in enumerate(docs)}
    return [
        DocumentInfo(
            name=Path(d["source"]).name,
            source=d["source"],
            kind=d["kind"],
            passages=d["passages"],
            notes=d["notes"],
            articles=d["articles"],
            sentences=sentences.get(d["source"], 0),
            added=Path(d["source"]).parent == added,
            warnings=list(d["warnings"]),
        )
        for d in index.manifest.get("documents", [])
    ]


def find_document(index: Index, name: str) -> DocumentInfo:
    """The one document called `name` (file name, or its path); DocumentError otherwise."""
    docs = list_documents(index)
    hits = [d for d in docs if name in (d.name, d.source)]
    if not hits:
        hits = [d for d in docs if Path(name).name == d.name]
    if not hits:
        have = "、".join(d.name for d in docs) or "none"
        raise DocumentError(f"no document called {name!r} in the index (documents: {have})")
    if len(hits) > 1:
        raise DocumentError(
            f"{len(hits)} documents are called {name!r}: give the path "
            f"({', '.join(d.source for d in hits)})"
        )
    return hits[0]


# -- adding and removing ---------------------------------------------------------------


def check_file(path: Path, name: str | None = None) -> None:
    """Refuse a file that is missing, of an unsupported type, empty, over its limit or
    unreadable, before anything is copied."""
    name = name or path.name
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    try:
        check_upload(name, path.stat().st_size)
        src = reader_for(Path(name), strict=True).read(path)
    except UnreadableFile as e:
        raise DocumentError(str(e)) from None
    if not src.text.strip():
        raise DocumentError(f"{name}: no text found; nothing to index")


def add_documents(
    files: list[Path],
    corpus: list[Path],
    index_root: Path,
    embedder,
    progress: bool = False,
    settings: Settings = DEFAULTS,
    names: list[str] | None = None,
) -> tuple[Index, list[str]]:
    """Copy `files` into <index>/documents/ (as `names`, default their own names) and update the
    index, embedding only what is new. All or nothing: if the update fails the folder is put
    back as it was and the previous index stays in use. Returns the index and what was done."""
    names = names or [f.name for f in files]
    if len(set(names)) != len(names):
        raise DocumentError("two files have the same name: add them one at a time or rename one")
    for f, n in zip(files, names, strict=True):
        if Path(n).name != n or n.startswith("."):
            raise DocumentError(f"{n!r} is not a plain file name")
        check_file(f, n)
    folder = added_dir(index_root)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.time_ns()
    placed: list[Path] = []
    backups: list[tuple[Path, Path]] = []
    done: list[str] = []
    try:
        for f, n in zip(files, names, strict=True):
            target = folder / n
            staged = folder / f".adding-{stamp}-{n}"  # dot files are not read as corpus
            shutil.copyfile(f, staged)
            if target.exists():
                same = target.read_bytes() == staged.read_bytes()
                if same:
                    staged.unlink()
                    done.append(f"{n}: already added (same content)")
                    continue
                backup = folder / f".replaced-{stamp}-{n}"
                os.replace(target, backup)
                backups.append((backup, target))
                done.append(f"{n}: replaced (new content)")
            else:
                done.append(f"{n}: added")
            os.replace(staged, target)
            placed.append(target)
        index = update(corpus, index_root, embedder, progress, settings)
    except BaseException:
        for p in placed:
            p.unlink(missing_ok=True)
        for backup, target in backups:
            os.replace(backup, target)
        for p in folder.glob(f".adding-{stamp}-*"):
            p.unlink(missing_ok=True)
        raise
    for backup, _ in backups:
        backup.unlink(missing_ok=True)
    return index, done


def remove_document(
    name: str,
    corpus: list[Path],
    index_root: Path,
    embedder,
    progress: bool = False,
    settings: Settings = DEFAULTS,
) -> tuple[Index, DocumentInfo]:
    """Delete an added document and update the index without embedding anything. If the update
    fails the file is put back and the previous index stays in use."""
    index = load_index(index_root)
    doc = find_document(index, name)
    if not doc.added:
        raise DocumentError(
            f"{doc.name} is part of the corpus folder {Path(doc.source).parent}, not an added "
            "document: delete or move it there (the next run updates the index without "
            "re-embedding the rest)"
        )
    path = Path(doc.source)
    parked = path.with_name(f".removing-{time.time_ns()}-{path.name}")
    os.replace(path, parked)
    try:
        new = build_index(corpus, index_root, reusing(index, embedder), progress, settings)
    except BaseException:
        os.replace(parked, path)
        raise
    parked.unlink(missing_ok=True)
    return new, doc


def out_of_date(index: Index, corpus: list[Path]) -> list[str]:
    """Why the index does not match the corpus files (model and settings aside)."""
    return stale_reasons(
        index, with_added(corpus, index.path.parent), index.manifest["model"]["id"]
    )
