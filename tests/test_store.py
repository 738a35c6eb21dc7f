"""The Milvus store (Milvus Lite here): the same searches as the folder store, a collection
named by the content, a stale collection never used, bad --store values said clearly."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from conftest import PAGE
from fakes import FakeEmbedder

from qa.index import build_index
from qa.retrieve import Retriever
from qa.stores import BadStore, MilvusStore, open_store, parse_store
from qa.stores.milvus import collection_name


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(PAGE, corpus / "page.txt")
    emb = FakeEmbedder()
    index = build_index([corpus], root / "index", emb, progress=False)
    store = open_store(index, f"milvus-lite:{root / 'milvus.db'}")
    return root, corpus, emb, index, store


def test_parse_store():
    assert parse_store("") == ("folder", "")
    assert parse_store("folder") == ("folder", "")
    assert parse_store("milvus-lite:x/m.db") == ("milvus-lite", "x/m.db")
    assert parse_store("milvus://db.example:19530") == ("milvus", "http://db.example:19530")
    for bad in ("milvus-lite:x.txt", "milvus://nohost", "milvus://h:port", "elastic://x:1"):
        with pytest.raises(BadStore, match="store"):
            parse_store(bad)


def test_collection_is_named_by_the_content_hash(built):
    _, _, _, index, store = built
    assert isinstance(store, MilvusStore)
    assert store.name == collection_name(index.manifest["content_hash"])
    assert store.client.get_collection_stats(store.name)["row_count"] == len(index.passages)
    # the units are the folder's
    assert store.passages is index.passages and store.term_keys is index.term_keys


def test_dense_search_equals_the_folder(built):
    _, _, emb, index, store = built
    for q in ("吨半粮是什么意思", "开发区三度指什么", "运城市2025年GDP增长目标是多少"):
        qv = emb.encode_queries([q])[0]
        a_ids, a_scores = index.dense_search(qv, 20)
        b_ids, b_scores = store.dense_search(qv, 20)
        assert np.allclose(a_scores, b_scores, atol=1e-5)
        assert set(a_ids[:10]) == set(b_ids[:10]) or np.allclose(a_scores[9], a_scores[10])


def test_keyword_search_finds_the_passages_that_hold_the_words(built):
    _, _, _, index, store = built
    ids, scores = store.keyword_search("吨半粮", 5)
    assert len(ids) and index.passages[int(ids[0])].term == "吨半粮"
    assert list(scores) == sorted(scores, reverse=True) and (scores > 0).all()
    for nothing in ("？", "🙂", "\u200b"):
        assert len(store.keyword_search(nothing, 5)[0]) == 0


def test_sources_filter(built):
    _, corpus, emb, index, store = built
    src = str((corpus / "page.txt").resolve())
    qv = emb.encode_queries(["吨半粮"])[0]
    assert len(store.dense_search(qv, 5, {src})[0]) == 5
    assert len(store.dense_search(qv, 5, {"/elsewhere.txt"})[0]) == 0
    assert len(store.keyword_search("吨半粮", 5, {"/elsewhere.txt"})[0]) == 0


def test_glossary_questions_rank_alike(built):
    _, _, emb, index, store = built
    for q in ("吨半粮是什么意思", "开发区三度指什么", "无废城市指什么", "OTA平台是什么"):
        a = Retriever(index, emb).search(q, k=3).hits[0].passage.id
        b = Retriever(store, emb).search(q, k=3).hits[0].passage.id
        assert a == b, q


def test_a_changed_corpus_gets_its_own_collection(built):
    root, corpus, emb, index, store = built
    other = root / "corpus2"
    other.mkdir()
    (other / "page.txt").write_text(
        PAGE.read_text(encoding="utf-8").replace("1500公斤", "1600公斤", 1), encoding="utf-8"
    )
    index2 = build_index([other], root / "index2", emb, progress=False)
    store2 = open_store(index2, f"milvus-lite:{root / 'milvus.db'}")
    assert store2.name != store.name
    # the old content's collection is never what the new index searches
    hit = Retriever(store2, emb).search("吨半粮", k=1).hits[0].passage
    assert "1600公斤" in hit.text
    # reopening finds the filled collection of the same content
    again = open_store(index, f"milvus-lite:{root / 'milvus.db'}")
    assert again.name == store.name and again.keyword_search("吨半粮", 1)[0].tolist()


def test_an_incomplete_collection_is_filled_again(built):
    root, _, _, index, store = built
    store.client.delete(store.name, ids=[0, 1, 2])
    store.client.flush(store.name)
    again = MilvusStore(index, str((root / "milvus.db").resolve()))
    assert again.client.get_collection_stats(again.name)["row_count"] == len(index.passages)
