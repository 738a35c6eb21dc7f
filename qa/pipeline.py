"""Wire the stages together once per process: embedder -> index -> retriever -> answerer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa.answer import Answerer
from qa.config import DEFAULT_CORPUS, DEFAULT_INDEX
from qa.embed import get_embedder
from qa.index import Index, open_index
from qa.retrieve import Retriever
from qa.settings import DEFAULTS, Settings


@dataclass
class Pipeline:
    index: Index
    retriever: Retriever
    answerer: Answerer
    corpus: list[Path] | None = None  # what --corpus named (qa/app_docs.py updates with it)


def load_pipeline(
    corpus: list[Path] | None = None,
    index_dir: Path | None = None,
    embedder: str | None = None,
    model: str | None = None,
    rebuild: bool = True,
    progress: bool = True,
    settings: Settings = DEFAULTS,
) -> Pipeline:
    emb = get_embedder(embedder, model)
    index = open_index(
        corpus or [DEFAULT_CORPUS],
        index_dir or DEFAULT_INDEX,
        emb,
        rebuild=rebuild,
        progress=progress,
        settings=settings,
    )
    retriever = Retriever(index, emb, settings)
    corpus = corpus or [DEFAULT_CORPUS]
    return Pipeline(index, retriever, Answerer(retriever, settings), corpus)
