"""Wire the stages together once per process: embedder -> index -> retriever -> answerer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa.answer import Answerer
from qa.config import DEFAULT_CORPUS, DEFAULT_INDEX
from qa.embed import get_embedder
from qa.index import open_index
from qa.retrieve import Retriever
from qa.settings import DEFAULTS, Settings
from qa.types import Store


@dataclass
class Pipeline:
    index: Store  # the folder Index, or a MilvusStore over it
    retriever: Retriever
    answerer: Answerer
    corpus: list[Path] | None = None  # what --corpus named (qa/app_docs.py updates with it)

    @property
    def settings(self) -> Settings:
        return self.answerer.settings


def load_pipeline(
    corpus: list[Path] | None = None,
    index_dir: Path | None = None,
    embedder: str | None = None,
    model: str | None = None,
    rebuild: bool = True,
    progress: bool = True,
    settings: Settings = DEFAULTS,
    store: str | None = None,
    light_queries: bool = False,
    batch_queries: bool = False,
) -> Pipeline:
    """`store`: where searches run (qa.stores.open_store: folder, milvus-lite:PATH.db,
    milvus://HOST:PORT; env QA_STORE); the units are read from the index folder either way."""
    from qa.stores import open_store

    # loaded on first use: a fresh index with light queries never loads the full engine
    emb = get_embedder(embedder, model, lazy=True, light_queries=light_queries)
    if batch_queries:  # many users at once (qa serve): concurrent questions in one encoder call
        from qa.embed import BatchingEmbedder

        emb = BatchingEmbedder(emb, settings.query_batch)
    index = open_index(
        corpus or [DEFAULT_CORPUS],
        index_dir or DEFAULT_INDEX,
        emb,
        rebuild=rebuild,
        progress=progress,
        settings=settings,
    )
    index = open_store(index, store, settings)
    retriever = Retriever(index, emb, settings)
    corpus = corpus or [DEFAULT_CORPUS]
    return Pipeline(index, retriever, Answerer(retriever, settings), corpus)
