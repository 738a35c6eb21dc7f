"""Candidates from dense search, BM25 keywords and glossary terms, fused into one ranking.

Each side over-fetches; the fused list keeps, per hit, which retrievers found
it at which rank and score, so the evaluation can say why a question failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from qa.embed import Embedder
from qa.errors import check_question
from qa.index import Index
from qa.lang import normalize, to_simplified
from qa.question import fuzzy_terms
from qa.question import match_terms as _match_keys
from qa.settings import DEFAULTS, Settings
from qa.types import Hit

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


def match_terms(index: Index, question: str) -> dict[int, str]:
    """Glossary notes whose term or alias appears in the question, longest match first."""
    found: dict[int, str] = {}
    norm = normalize(question)
    for key in _match_keys(norm, index.term_keys) or fuzzy_terms(norm, index.term_keys):
        for pid in index.terms[key]:
            found.setdefault(pid, key)
    return found


class Retriever:
    def __init__(self, index: Index, embedder: Embedder, settings: Settings = DEFAULTS) -> None:
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
    ) -> Retrieval:
        """The k best passages; with `sources`, only passages of those documents (Passage.source)."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}: choose one of {', '.join(MODES)}")
        check_question(question)  # BadQuestion for non-text or lone surrogates
        idx = self.index
        cfg = self.settings
        n = len(idx.passages)
        fetch = min(cfg.fetch, n)
        allowed = None
        if sources is not None:  # every passage is scored, then the others are dropped
            allowed = np.array([p.source in sources for p in idx.passages], dtype=bool)
            if not allowed.any():
                return Retrieval([], None)
            fetch = n
        found: dict[int, dict[str, dict[str, float]]] = {}
        blend = np.zeros(n, dtype=np.float64)
        qv = None
        if mode != "keyword":
            qv = self.encode(question)
            d, ids = idx.dense.search(qv.reshape(1, -1).astype(np.float32), fetch)
            ids, scores = ids[0], d[0]
            if allowed is not None:
                keep = allowed[ids]
                ids, scores = ids[keep][: cfg.fetch], scores[keep][: cfg.fetch]
            # cosine of e5 bunches near 0.8: rescale the candidates to [0, 1] before blending
            lo, hi = float(scores.min()), float(scores.max())
            for r, (pid, s) in enumerate(zip(ids, scores, strict=True)):
                found.setdefault(int(pid), {})["dense"] = {"rank": r + 1, "score": float(s)}
                blend[pid] += (cfg.dense_weight if mode != "dense" else 1.0) * (
                    (s - lo) / (hi - lo) if hi > lo else 1.0
                )
        if mode != "dense":
            tokens = idx.tokenizer(question)
            # a question with no indexable characters (？, an emoji, a zero-width space) has no
            # keyword hits: a normal result, not bm25s's IndexError on an empty query
            kw_scores = idx.keyword.get_scores(tokens) if tokens else np.zeros(n)
            if allowed is not None:
                kw_scores = np.where(allowed, kw_scores, 0.0)
            top = np.argsort(-kw_scores, kind="stable")[: min(cfg.fetch, fetch)]
            mx = float(kw_scores[top[0]]) if len(top) else 0.0
            for r, pid in enumerate(top):
                s = float(kw_scores[pid])
                if s <= 0:
                    break
                found.setdefault(int(pid), {})["keyword"] = {"rank": r + 1, "score": s}
                blend[pid] += (1 - cfg.dense_weight if mode != "keyword" else 1.0) * s / mx
        terms: dict[int, str] = {}
        if mode == "hybrid+terms":
            terms = match_terms(idx, question)
            if allowed is not None:
                terms = {pid: key for pid, key in terms.items() if allowed[pid]}
            asks_name = ASKS_NAME.search(normalize(question))
            bonus = cfg.name_term_bonus if asks_name else cfg.term_bonus
            for r, (pid, key) in enumerate(terms.items()):
                found.setdefault(pid, {})["term"] = {"rank": r + 1, "score": float(len(key))}
                blend[pid] += bonus + 0.01 * len(key)
        order = sorted(found, key=lambda pid: (-blend[pid], pid))[:k]
        hits = [
            Hit(idx.passages[pid], float(blend[pid]), r + 1, found[pid])
            for r, pid in enumerate(order)
        ]
        return Retrieval(hits, qv, terms)
