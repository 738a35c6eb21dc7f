"""The fake embedder's vectors are what its docstring says, so tests can reason about them."""

from __future__ import annotations

import numpy as np
from fakes import FakeEmbedder, fake_features


def test_features_are_bigrams_and_words():
    assert fake_features("吨半粮 OTA平台") == ["吨半", "半粮", "ota", "平台"]
    assert fake_features("粮") == ["粮"]


def test_identical_texts_cosine_one_disjoint_zero():
    e = FakeEmbedder()
    a, b, c = e.encode_queries(["吨半粮", "吨半粮", "开发区"])
    assert np.isclose(a @ b, 1.0)
    # 吨半/半粮 and 开发/发区 fall in different buckets at dim 512
    assert np.isclose(a @ c, 0.0)
    # one shared bigram out of two each: cosine 1/2
    (d,) = e.encode_queries(["吨半"])
    assert np.isclose(a @ d, 1 / np.sqrt(2))
