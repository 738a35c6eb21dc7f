"""Units on disk read by id, memory-mapped vectors, and the approximate index of a large corpus
(forced here by a low Settings.ann_threshold) giving the exact index's answers."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from conftest import PAGE
from fakes import FakeEmbedder

from qa.index import build_index, load_index
from qa.ingest import parse_corpus
from qa.retrieve import Retriever
from qa.settings import DEFAULTS
from qa.units import PassageTable, SentenceTable, SentenceVectors


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("units") / "corpus"
    d.mkdir()
    shutil.copy(PAGE, d / "page.txt")
    return d


@pytest.fixture(scope="module")
def exact(corpus, tmp_path_factory):
    return build_index([corpus], tmp_path_factory.mktemp("exact"), FakeEmbedder(), progress=False)


@pytest.fixture(scope="module")
def approximate(corpus, tmp_path_factory):
    settings = DEFAULTS.with_(ann_threshold=10, ann_lists=1.0, ann_train_per_list=100)
    root = tmp_path_factory.mktemp("approximate")
    build_index([corpus], root, FakeEmbedder(), progress=False, settings=settings)
    return load_index(root)


def test_units_read_back_as_parsed(corpus, exact):
    docs, _ = parse_corpus([corpus])
    parsed = [p for d in docs for p in d.passages]
    idx = load_index(exact.path.parent)
    assert isinstance(idx.passages, PassageTable) and isinstance(idx.sentences, SentenceTable)
    assert len(idx.passages) == len(parsed)
    assert list(idx.passages) == parsed  # every field, iterated in id order
    assert [idx.passages[i] for i in (5, 0, len(parsed) - 1)] == [parsed[5], parsed[0], parsed[-1]]
    assert idx.passages[-1] == parsed[-1]
    with pytest.raises(IndexError):
        idx.passages[len(parsed)]
    # sentences: offsets into their passage, found by passage through the offsets array
    for pid in (0, 13, len(parsed) - 1):
        texts = [idx.sentence_text(idx.sentences[i]) for i in idx.sentences_of(pid)]
        assert texts and all(t in parsed[pid].text for t in texts)
    assert isinstance(idx.sentence_vectors, SentenceVectors)
    assert idx.sentence_vectors.data.dtype == np.float16  # below the threshold: float16
    assert idx.manifest["dense"] == "flat" and idx.manifest["format"] == 5


def test_sentence_vectors_are_float32_rows_close_to_the_encoder(exact):
    idx = exact
    emb = FakeEmbedder()
    ids = [0, 3, 7]
    got = idx.sentence_vectors[ids]
    want = emb.encode_documents([idx.sentence_text(idx.sentences[i]) for i in ids])
    assert got.dtype == np.float32 and got.shape == want.shape
    assert np.allclose(got, want, atol=2e-3)


def test_approximate_index_above_the_threshold(exact, approximate):
    import faiss

    assert approximate.manifest["dense"] == "ivf-sq8"
    assert faiss.extract_index_ivf(approximate.dense).nlist == int(np.sqrt(len(exact.passages)))
    assert approximate.sentence_vectors.data.dtype == np.uint8  # 8-bit sentence vectors
    a = approximate.sentence_vectors[[0, 1, 2]]
    b = exact.sentence_vectors[[0, 1, 2]]
    cos = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    assert cos.min() > 0.99
    pv = approximate.passage_vectors(0, 5)
    assert np.allclose(pv, exact.passage_vectors(0, 5), atol=0.02)
    emb = FakeEmbedder()
    approximate.nprobe = 1000  # every list: the approximate search ranks as the exact one
    for q in ("吨半粮是什么意思", "开发区三度指什么", "城市综合信用指数由谁编制"):
        ra = Retriever(approximate, emb).search(q, k=3).hits
        re_ = Retriever(exact, emb).search(q, k=3).hits
        assert ra[0].passage.id == re_[0].passage.id, q
    approximate.nprobe = DEFAULTS.ann_nprobe


def test_many_passages_in_one_read(exact):
    idx = load_index(exact.path.parent)
    ids = [40, 3, 40, 7, 0]
    assert idx.passages.many(ids) == [idx.passages[i] for i in ids]
    assert idx.passages.many([]) == []


def test_keyword_scores_are_bm25s_scores(exact):
    import json

    import bm25s
    from conftest import ROOT

    from qa.units import KeywordIndex

    idx = load_index(exact.path.parent)
    assert isinstance(idx.keyword, KeywordIndex)  # no bm25s (and scipy) import at load
    ref = bm25s.BM25.load(str(idx.path / "keyword"), show_progress=False, mmap=True)
    lines = (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        tokens = idx.tokenizer(json.loads(line)["question"])
        if tokens:
            assert np.array_equal(idx.keyword.get_scores(tokens), ref.get_scores(tokens))
