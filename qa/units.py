"""The index's units on disk, read by id: nothing is held for the whole corpus in Python objects.

    units.sqlite       passages (id -> JSON row) and the glossary (terms, words), stdlib sqlite3,
                       opened read-only and immutable (the build's checksums cover its bytes)
    sentences.npy      int32 (n_sentences, 3): passage, start, end (offsets in the passage text)
    first_sentence.npy int64 (n_passages + 1): where each passage's sentences start
    passage_doc.npy    int32 (n_passages): each passage's document (manifest "documents" order)
    sentence_vectors.npy  float16 (n_sentences, dim), or uint8 with sentence_scale.npy (per
                       dimension minimum and step) for a large index

Arrays are memory-mapped (np.load mmap_mode="r"): loading costs the same at 1k and 1M
passages, and only the rows a question reads are paged in.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.types import Passage

UNITS_DB = "units.sqlite"


@dataclass
class Sentence:
    passage: int
    start: int  # offsets within the passage text
    end: int


def passage_row(p: Passage, build: Path) -> dict:
    """A passage as stored (and hashed into the content hash): its fields, spans as lists,
    `extracted` relative to the build folder so a moved index still finds it."""
    from dataclasses import asdict

    d = asdict(p)
    d["spans"] = [list(s) for s in p.spans]
    d["headings"] = [[t, list(s)] for t, s in p.headings]
    if p.extracted:
        d["extracted"] = Path(p.extracted).relative_to(build).as_posix()
    return d


_DEFAULTS = {"article": None, "note": None, "term": None, "aliases": [], "paragraph": None,
             "part": None, "location": None, "extracted": None, "headings": []}  # fmt: skip


def stored_row(row: dict, doc: int) -> str:
    """What units.sqlite holds for a passage row: its document's number instead of the source
    path, no id (the key) and no field left at its default (a third of the bytes at 1M)."""
    d = {k: v for k, v in row.items() if k not in ("id", "source") and _DEFAULTS.get(k, 0) != v}
    d["d"] = doc
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def create_db(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.executescript(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE passages (id INTEGER PRIMARY KEY, row TEXT NOT NULL);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )
    return db


class PassageTable(Sequence):
    """Passages by id from units.sqlite, with a small cache of the ones read last.
    Thread-safe: one read-only connection behind a lock."""

    def __init__(self, build: Path, n: int, sources: list[str], cache: int = 4096) -> None:
        self.build = build
        self.n = n
        self.sources = sources  # by document number (manifest "documents" order)
        uri = f"file:{(build / UNITS_DB).as_posix()}?mode=ro&immutable=1"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._cache: OrderedDict[int, Passage] = OrderedDict()
        self._size = cache

    def _make(self, i: int, raw: str) -> Passage:
        d = json.loads(raw)
        d["id"], d["source"] = i, self.sources[d.pop("d")]
        d["spans"] = [tuple(s) for s in d["spans"]]
        d["headings"] = [(t, tuple(s)) for t, s in d.get("headings", [])]
        if d.get("extracted"):
            d["extracted"] = str(self.build / d["extracted"])
        return Passage(**d)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        i = int(i)
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(f"passage {i} out of range (0..{self.n - 1})")
        with self._lock:
            p = self._cache.get(i)
            if p is not None:
                self._cache.move_to_end(i)
                return p
            row = self._db.execute("SELECT row FROM passages WHERE id = ?", (i,)).fetchone()
            p = self._make(i, row[0])
            self._cache[i] = p
            if len(self._cache) > self._size:
                self._cache.popitem(last=False)
            return p

    def many(self, ids: list[int]) -> list[Passage]:
        """Passages by id in one query (the hits of a search), cached ones from the cache."""
        out: dict[int, Passage] = {}
        with self._lock:
            for i in ids:
                p = self._cache.get(i)
                if p is not None:
                    out[i] = p
            missing = sorted({int(i) for i in ids if i not in out})
            if missing:
                marks = ",".join("?" * len(missing))
                rows = self._db.execute(
                    f"SELECT id, row FROM passages WHERE id IN ({marks})", missing
                ).fetchall()
                for i, raw in rows:
                    out[i] = self._cache[i] = self._make(i, raw)
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        return [out[int(i)] for i in ids]

    def __iter__(self) -> Iterator[Passage]:
        last = -1
        while last + 1 < self.n:  # in batches, so no lock is held while the caller works
            with self._lock:
                rows = self._db.execute(
                    "SELECT id, row FROM passages WHERE id > ? ORDER BY id LIMIT 2048", (last,)
                ).fetchall()
            if not rows:
                return
            for i, raw in rows:
                last = i
                yield self._make(i, raw)

    def meta(self, key: str):
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def close(self) -> None:
        self._db.close()


class SentenceTable(Sequence):
    """Sentences by id from a (n, 3) int32 array: passage, start, end."""

    def __init__(self, rows: np.ndarray) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self.rows)))]
        p, s, e = self.rows[i].tolist()
        return Sentence(p, s, e)

    def __iter__(self) -> Iterator[Sentence]:
        for lo in range(0, len(self.rows), 65536):
            for p, s, e in self.rows[lo : lo + 65536].tolist():
                yield Sentence(p, s, e)


class SentenceVectors:
    """Sentence vectors read by row ids as float32: float16 rows, or 8-bit rows with a per
    dimension minimum and step. Supports what the answer layer does: `vecs[ids] @ q`."""

    def __init__(self, data: np.ndarray, scale: np.ndarray | None = None) -> None:
        self.data = data
        self.scale = scale  # (2, dim): minimum, step

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def dtype(self):
        return np.dtype(np.float32)

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, ids) -> np.ndarray:
        rows = np.asarray(self.data[ids], dtype=np.float32)
        if self.scale is not None:
            rows = rows * self.scale[1] + self.scale[0]
        return rows

    def __array__(self, dtype=None, copy=None):
        out = self[:]
        return out if dtype is None else out.astype(dtype)


class KeywordIndex:
    """The BM25 arrays bm25s saved (keyword/), memory-mapped and scored as bm25s scores them
    (per query token, np.add.at over its postings): the same floats without importing bm25s
    and scipy (0.4 s of a one-shot `qa ask`). Methods that need a non-occurrence term (BM25L,
    BM25+) are left to bm25s (`load_keyword`)."""

    METHODS = ("lucene", "robertson", "atire")

    def __init__(self, folder: Path) -> None:
        def arr(name: str) -> np.ndarray:
            return np.load(folder / f"{name}.csc.index.npy", mmap_mode="r").view(np.ndarray)

        self.data, self.indices, self.indptr = arr("data"), arr("indices"), arr("indptr")
        self.vocab_dict: dict[str, int] = json.loads((folder / "vocab.index.json").read_text())
        params = json.loads((folder / "params.index.json").read_text())
        self.num_docs = int(params["num_docs"])
        self.dtype = np.dtype(params["dtype"])

    def get_tokens_ids(self, tokens: list[str]) -> list[int]:
        return [self.vocab_dict[t] for t in tokens if t in self.vocab_dict]

    def get_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 of every passage, added up token by token as bm25s adds them. np.add.at is one
        pass over a token's postings where `scores[ids] += w` is a gather and a scatter: with
        numpy 2 it takes half the time (100k postings: 0.43 vs 0.77 ms)."""
        scores = np.zeros(self.num_docs, dtype=self.dtype)
        for tid in self.get_tokens_ids(tokens):
            lo, hi = int(self.indptr[tid]), int(self.indptr[tid + 1])
            np.add.at(scores, self.indices[lo:hi], self.data[lo:hi])
        return scores

    def rare_ids(self, tokens: list[str], k: int) -> np.ndarray:
        """Some passages holding the question's rarest tokens, rarest first, at most 8k of them:
        a small subset whose k-th best score bounds the k-th best of all from below (any subset
        does; the rarest tokens' passages give a high bound). Fewer than k when the tokens
        reach fewer."""
        spans = sorted(
            (int(self.indptr[t + 1] - self.indptr[t]), int(self.indptr[t]))
            for t in self.get_tokens_ids(tokens)
        )
        parts, total, budget = [], 0, 8 * max(1, k)
        for length, lo in spans:
            take = min(length, budget - total)
            parts.append(self.indices[lo : lo + take])
            total += take
            if total >= budget:
                break
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(parts))


def load_keyword(folder: Path):
    """KeywordIndex for the methods it scores exactly as bm25s does, bm25s.BM25 otherwise."""
    params = json.loads((folder / "params.index.json").read_text())
    if params.get("method") in KeywordIndex.METHODS:
        return KeywordIndex(folder)
    import bm25s

    return bm25s.BM25.load(str(folder), show_progress=False, mmap=True)
