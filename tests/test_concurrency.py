"""Many users at once: concurrent questions share encoder calls and get their own vectors;
the pipeline answers from many threads as it does from one."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from fakes import FakeEmbedder

from qa.embed import BatchingEmbedder


class SlowCounting(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[int] = []
        self.lock = threading.Lock()

    def encode_queries(self, texts):
        with self.lock:
            self.calls.append(len(texts))
        time.sleep(0.05)  # long enough for the other threads to queue behind the first call
        return super().encode_queries(texts)


QUESTIONS = [f"第{i}个问题：吨半粮和开发区三度" for i in range(12)]


def test_concurrent_questions_are_batched_and_each_gets_its_own_vector():
    base = SlowCounting()
    emb = BatchingEmbedder(base, max_batch=32)
    with ThreadPoolExecutor(12) as pool:
        got = list(pool.map(lambda q: emb.encode_queries([q])[0], QUESTIONS))
    want = FakeEmbedder().encode_queries(QUESTIONS)
    assert np.allclose(np.vstack(got), want)
    assert sum(base.calls) == len(QUESTIONS) and len(base.calls) < len(QUESTIONS)
    assert emb.model_id == base.model_id and emb.dim == base.dim


def test_a_failing_encode_reaches_every_waiting_caller_and_the_worker_goes_on():
    class Failing(FakeEmbedder):
        fail = True

        def encode_queries(self, texts):
            if self.fail:
                raise RuntimeError("boom")
            return super().encode_queries(texts)

    base = Failing()
    emb = BatchingEmbedder(base)
    with pytest.raises(RuntimeError, match="boom"):
        emb.encode_queries(["吨半粮"])
    base.fail = False
    assert emb.encode_queries(["吨半粮"]).shape == (1, base.dim)


def test_pipeline_answers_the_same_from_many_threads(fake_pipeline):
    from qa.answer import Answerer
    from qa.retrieve import Retriever

    idx = fake_pipeline.index
    qs = ["吨半粮是什么意思", "开发区三度指什么", "城市综合信用指数由谁编制", "无废城市指什么"] * 4
    alone = [a.to_json() for a in map(fake_pipeline.answerer.ask, qs)]
    batched = Retriever(idx, BatchingEmbedder(fake_pipeline.retriever.embedder))
    answerer = Answerer(batched, fake_pipeline.answerer.settings)
    with ThreadPoolExecutor(8) as pool:
        together = [a.to_json() for a in pool.map(answerer.ask, qs)]
    assert together == alone
