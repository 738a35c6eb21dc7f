"""Candidates from dense search, BM25 keywords and glossary terms, fused into one ranking.

Each side over-fetches; the fused list keeps, per hit, which retrievers found
it at which rank and score, so the evaluation can say why a question failed.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from qa.embed import Embedder
from qa.errors import check_question
from qa.lang import normalize, to_simplified
from qa.question import fuzzy_terms
from qa.settings import DEFAULTS, Settings
from qa.types import Hit, Store

MODES = ("keyword", "dense", "hybrid", "hybrid+terms")
DEFAULT_MODE = "hybrid+terms"
# "…合称什么 / 叫什么": the question describes a term and asks its name, so a term it happens
# to mention (晋创谷 in 晋创谷加上三个园区合称什么) is part of the description, not the answer.
ASKS_NAME = re.compile(
    r"叫什么|叫做什么|称为什么|被称为|合称|统称|简称|怎么称呼|什么说法|提法叫|what is it called|called what"
)


@dataclass
class Retrieval:
    hits: list[Hit]
    query_vector: np.ndarray | None
    matched_terms: dict[int, str] = field(default_factory=dict)  # note passage id -> term found


def match_terms(index: Store, question: str) -> dict[int, str]:
    """Glossary notes whose term or alias appears in the question, longest match first."""
    found: dict[int, str] = {}
    norm = normalize(question)
    # exact keys by the automaton; a misspelt one (三大罐区) only when none is named exactly
    for key in index.term_keys.match(norm) or fuzzy_terms(norm, index.term_keys):
        for pid in index.terms[key]:
            found.setdefault(pid, key)
    return found


class Retriever:
    def __init__(self, index: Store, embedder: Embedder, settings: Settings = DEFAULTS) -> None:
        # `index`: any Store (the folder Index by default, or a MilvusStore over it)
        self.index = index
        self.embedder = embedder
        self.settings = settings

    def encode(self, question: str) -> np.ndarray:
        return self.embedder.encode_queries([to_simplified(question)])[0]

    def search(
        self,
        question: str,
        k: int = 10,
        mode: str = DEFAULT_MODE,
        sources: set[str] | None = None,
        keywords: str = "",
    ) -> Retrieval:
        """The k best passages; with `sources`, only passages of those documents (Passage.source).
        `keywords` are searched for beside the question's words (an English question's names
        as the documents write them), not encoded."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}: choose one of {', '.join(MODES)}")
        check_question(question)  # BadQuestion for non-text or lone surrogates
        idx = self.index
        cfg = self.settings
        allowed = None
        if sources is not None:  # only those documents' passages are candidates
            allowed = idx.source_mask(sources)
            if not allowed.any():
                return Retrieval([], None)
        found: dict[int, dict[str, dict[str, float]]] = {}
        blend: dict[int, float] = {}  # per candidate, never an array over the corpus
        qv = None
        keyword = None
        if (
            mode in ("hybrid", "hybrid+terms")
            and getattr(idx, "concurrent_searches", False)
            and len(idx.passages) >= cfg.parallel_search_from
        ):
            # a large corpus: the keyword search's numpy and the dense search's FAISS both
            # release the GIL, so on two cores they overlap instead of adding up
            keyword = _pool().submit(
                idx.keyword_search, f"{question} {keywords}".strip(), cfg.fetch, sources
            )
        if mode != "keyword":
            qv = self.encode(question)
            single_query_threads(cfg.search_threads)
            ids, scores = idx.dense_search(qv, cfg.fetch, sources)
            # cosine of e5 bunches near 0.8: rescale the candidates to [0, 1] before blending
            lo, hi = (float(scores.min()), float(scores.max())) if len(scores) else (0.0, 0.0)
            for r, (pid, s) in enumerate(zip(ids.tolist(), scores, strict=True)):
                found.setdefault(pid, {})["dense"] = {"rank": r + 1, "score": float(s)}
                w = cfg.dense_weight if mode != "dense" else 1.0
                blend[pid] = blend.get(pid, 0.0) + float(
                    w * ((s - lo) / (hi - lo) if hi > lo else 1.0)
                )
        if mode != "dense":
            if keyword is not None:
                ids, scores = keyword.result()
            else:
                ids, scores = idx.keyword_search(
                    f"{question} {keywords}".strip(), cfg.fetch, sources
                )
            mx = float(scores[0]) if len(scores) else 0.0
            for r, (pid, s) in enumerate(zip(ids.tolist(), scores.tolist(), strict=True)):
                found.setdefault(pid, {})["keyword"] = {"rank": r + 1, "score": s}
                w = 1 - cfg.dense_weight if mode != "keyword" else 1.0
                blend[pid] = blend.get(pid, 0.0) + w * s / mx
        terms: dict[int, str] = {}
        if mode == "hybrid+terms":
            terms = match_terms(idx, question)
            if allowed is not None:
                terms = {pid: key for pid, key in terms.items() if allowed[pid]}
            asks_name = ASKS_NAME.search(normalize(question))
            bonus = cfg.name_term_bonus if asks_name else cfg.term_bonus
            for r, (pid, key) in enumerate(terms.items()):
                found.setdefault(pid, {})["term"] = {"rank": r + 1, "score": float(len(key))}
                blend[pid] = blend.get(pid, 0.0) + bonus + 0.01 * len(key)
        order = sorted(found, key=lambda pid: (-blend[pid], pid))[:k]
        many = getattr(idx.passages, "many", None)  # one SQLite query for all the hits
        passages = many(order) if many else [idx.passages[pid] for pid in order]
        hits = [
            Hit(p, float(blend[pid]), r + 1, found[pid])
            for r, (pid, p) in enumerate(zip(order, passages, strict=True))
        ]
        return Retrieval(hits, qv, terms)


_POOL: list[ThreadPoolExecutor] = []
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """The threads keyword searches run in beside the dense search (created on first use)."""
    with _POOL_LOCK:
        if not _POOL:
            _POOL.append(ThreadPoolExecutor(max_workers=2, thread_name_prefix="qa-keyword"))
        return _POOL[0]


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """The indices of the k highest scores, highest first, ties by index: what
    `np.argsort(-scores, kind="stable")[:k]` gives, in O(N) (argpartition) instead of O(N log N)."""
    n = len(scores)
    if k <= 0 or n == 0:
        return np.zeros(0, dtype=np.int64)
    if k >= n:
        return np.argsort(-scores, kind="stable")
    kth = scores[np.argpartition(-scores, k - 1)[k - 1]]  # the k-th highest value
    above = np.flatnonzero(scores > kth)
    ties = np.flatnonzero(scores == kth)[: k - len(above)]
    cand = np.concatenate([above, ties])
    return cand[np.argsort(-scores[cand], kind="stable")]


def single_query_threads(n: int) -> None:
    """One query is too small to share out: FAISS's default OpenMP threads made one search
    60-234 ms instead of 14 ms under load (issue 11)."""
    import faiss

    if faiss.omp_get_max_threads() != n:
        faiss.omp_set_num_threads(n)
