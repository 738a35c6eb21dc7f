"""The per-query paths that must not grow with the corpus give what the linear versions gave."""

from __future__ import annotations

import random

import numpy as np
from conftest import PAGE

from qa.lang import normalize
from qa.question import match_terms
from qa.retrieve import top_k
from qa.terms import TermKeys


def _linear(norm: str, keys) -> tuple[str, ...]:
    return match_terms(norm, tuple(keys))  # a plain tuple: the sorted scan


def test_automaton_matches_the_linear_scan_on_the_glossary(fake_pipeline):
    keys = fake_pipeline.index.term_keys
    assert isinstance(keys, TermKeys) and len(keys) > 30
    page = normalize(PAGE.read_text(encoding="utf-8"))
    rng = random.Random(7)
    strings = [page[i : i + rng.randint(1, 80)] for i in rng.sample(range(len(page) - 80), 2000)]
    strings += [normalize(k) + "和" + normalize(k2) for k, k2 in zip(keys, keys[::-1], strict=True)]
    strings += ["", "？", "开发区三度指什么", "三率三度", "无废城市和城市"]
    hits = 0
    for s in strings:
        got = keys.match(s)
        assert got == _linear(s, keys), s
        assert match_terms(s, keys) == got  # the answer layer's call takes the automaton
        hits += bool(got)
    assert hits > 100  # the sample really exercises matches


def test_automaton_on_random_keys_with_nesting_and_ties():
    rng = random.Random(3)
    alphabet = "甲乙丙丁戊"
    for _ in range(200):
        keys = list({"".join(rng.choices(alphabet, k=rng.randint(1, 4))) for _ in range(12)})
        tk = TermKeys(keys)
        assert tuple(tk) == tuple(sorted(keys, key=len, reverse=True))
        for _ in range(20):
            s = "".join(rng.choices(alphabet + "x", k=rng.randint(0, 12)))
            assert tk.match(s) == _linear(s, keys)
    assert TermKeys([]).match("任何") == ()


def test_top_k_is_the_stable_argsort_prefix():
    rng = np.random.default_rng(5)
    for n in (1, 2, 7, 50, 300):
        for k in (1, 3, 50, 400):
            scores = rng.integers(0, 5, n).astype(np.float32)  # many ties
            want = np.argsort(-scores, kind="stable")[:k]
            assert np.array_equal(top_k(scores, k), want), (n, k)
    assert len(top_k(np.zeros(0), 5)) == 0


def test_sources_filter_uses_only_those_documents(fake_pipeline):
    idx = fake_pipeline.index
    src = idx.passages[0].source
    assert idx.source_mask({src}).all()  # the default corpus is one file
    assert not idx.source_mask({"/nowhere.txt"}).any()
    r = fake_pipeline.retriever.search("吨半粮是什么意思", k=3, sources={src})
    assert r.hits and r.hits[0].passage.note == 5
    assert fake_pipeline.retriever.search("吨半粮", sources={"/nowhere.txt"}).hits == []


def test_dense_search_with_a_mask_is_the_filtered_exact_search(fake_pipeline):
    idx = fake_pipeline.index
    qv = fake_pipeline.retriever.encode("开发区三度指什么")
    n = len(idx.passages)
    allowed = np.arange(n) % 3 == 1
    ids, scores = idx.dense_search(qv, 10, allowed)
    all_ids, all_scores = idx.dense_search(qv, n)
    keep = allowed[all_ids]
    assert list(ids) == list(all_ids[keep][:10])
    assert np.allclose(scores, all_scores[keep][:10])
