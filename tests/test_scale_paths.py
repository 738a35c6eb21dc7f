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


def test_searches_of_some_documents_are_the_filtered_exact_searches(tmp_path):
    import shutil

    from fakes import FakeEmbedder

    from qa.index import build_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PAGE, corpus / "page.txt")
    (corpus / "other.md").write_text(
        "# 城市更新\n\n开发区推进城市更新，三度三率持续提升。吨半粮示范区扩大到十个县。\n",
        encoding="utf-8",
    )
    emb = FakeEmbedder()
    idx = build_index([corpus], tmp_path / "index", emb, progress=False)
    other = str((corpus / "other.md").resolve())
    mask = idx.source_mask({other})
    assert 0 < mask.sum() < len(idx.passages)
    qv = emb.encode_queries(["开发区三度指什么"])[0]
    ids, scores = idx.dense_search(qv, 10, {other})
    all_ids, all_scores = idx.dense_search(qv, len(idx.passages))
    keep = mask[all_ids]
    assert list(ids) == list(all_ids[keep][:10])
    assert np.allclose(scores, all_scores[keep][:10])
    kw_ids, _ = idx.keyword_search("吨半粮", 10, {other})
    assert len(kw_ids) and mask[kw_ids].all()


def test_staleness_check_reads_only_files_whose_size_or_mtime_changed(tmp_path, monkeypatch):
    import os
    import shutil

    from fakes import FakeEmbedder

    import qa.index
    from qa.index import build_index, load_index, stale_reasons

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PAGE, corpus / "page.txt")
    other = corpus / "other.md"
    other.write_text("# 标题\n\n第一段文字。\n", encoding="utf-8")
    old = 1_700_000_000_000_000_000  # long before the build: past the racy window
    for f in (corpus / "page.txt", other):
        os.utime(f, ns=(old, old))
    emb = FakeEmbedder()
    build_index([corpus], tmp_path / "index", emb, progress=False)
    index = load_index(tmp_path / "index")
    read: list[str] = []
    real = qa.index._sha256
    monkeypatch.setattr(qa.index, "_sha256", lambda p: read.append(p.name) or real(p))
    assert stale_reasons(index, [corpus], emb.model_id) == [] and read == []
    other.write_text("# 标题\n\n第二段文字。\n", encoding="utf-8")  # same size, new mtime
    reasons = stale_reasons(index, [corpus], emb.model_id)
    assert read == ["other.md"] and len(reasons) == 1 and "other.md has changed" in reasons[0]
    # a file modified just before it was hashed is hashed again next time (racy mtime)
    fresh = build_index([corpus], tmp_path / "index2", emb, progress=False)
    read.clear()
    assert stale_reasons(fresh, [corpus], emb.model_id) == [] and read == ["other.md"]


def test_keyword_search_is_the_stable_argsort_of_all_scores(fake_pipeline):
    """The bound from the rarest tokens' passages never drops a passage of the true top k."""
    idx = fake_pipeline.index
    page = PAGE.read_text(encoding="utf-8")
    rng = random.Random(11)
    questions = [page[i : i + rng.randint(2, 30)] for i in rng.sample(range(len(page) - 30), 300)]
    bounded = 0
    for q in questions + ["吨半粮", "的", "发展"]:
        tokens = idx.tokenizer(q)
        if not tokens:
            continue
        scores = idx.keyword.get_scores(tokens)
        for k in (1, 5, 50):
            nz = np.flatnonzero(scores > 0)
            want = nz[np.argsort(-scores[nz], kind="stable")][:k]
            ids, got = idx.keyword_search(q, k)
            assert ids.tolist() == want.tolist(), (q, k)
            assert np.array_equal(got, scores[want])
            sub = scores[idx.keyword.rare_ids(tokens, k)]
            bounded += len(sub) >= k and np.partition(sub, len(sub) - k)[len(sub) - k] > 0
    assert bounded > 300  # the bounded path really ran


def test_typo_lookup_by_key_ends_matches_trying_every_key():
    """Looking only at keys whose ends the question holds close enough loses no match."""
    from qa.question import _fuzzy, best_window

    rng = random.Random(9)
    alphabet = "甲乙丙丁戊己庚辛"
    for _ in range(300):
        keys = tuple({"".join(rng.choices(alphabet, k=rng.randint(4, 9))) for _ in range(10)})
        for _ in range(10):
            q = "".join(rng.choices(alphabet + "xy", k=rng.randint(0, 25)))
            every = sorted(k for k in keys if len(k) >= 4)
            assert _fuzzy(q, keys, 0.7) == best_window(q, every, 0.7), (q, keys)


def test_keyword_search_beside_the_dense_search_gives_the_same_hits(fake_pipeline):
    """From Settings.parallel_search_from passages the keyword search runs in a second
    thread: the fused ranking must not change."""
    from qa.retrieve import Retriever
    from qa.settings import DEFAULTS

    idx = fake_pipeline.index
    seq = Retriever(idx, fake_pipeline.retriever.embedder)
    par = Retriever(idx, fake_pipeline.retriever.embedder, DEFAULTS.with_(parallel_search_from=0))
    for q in (
        "吨半粮是什么意思",
        "开发区三度指什么",
        "运城新增了几对友好合作伙伴？",
        "what does 新三样 mean",
    ):
        a, b = seq.search(q), par.search(q)
        assert [(h.passage.id, h.score) for h in a.hits] == [
            (h.passage.id, h.score) for h in b.hits
        ]
        assert a.hits and b.matched_terms == a.matched_terms
