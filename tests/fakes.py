"""A fake embedder whose vectors are obvious (in the style of simonw/llm's EmbedDemo).

Each text becomes counts of its character bigrams (after normalising), hashed into
`dim` buckets with a stable hash, then L2-normalised. Texts sharing bigrams get a
cosine that can be worked out by hand; no model is loaded, so logic tests run in
milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

import numpy as np

_RUN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+")


def fake_features(text: str) -> list[str]:
    """The character bigrams of each CJK run (a lone character counts as itself) and Latin words."""
    t = unicodedata.normalize("NFKC", text).lower()
    out: list[str] = []
    for run in _RUN.findall(t):
        if "\u4e00" <= run[0] <= "\u9fff":
            out.extend([run[i : i + 2] for i in range(len(run) - 1)] or [run])
        else:
            out.append(run)
    return out


class FakeEmbedder:
    engine = "fake"

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim
        self.model_id = f"fake-bigram-{dim}"

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for f in fake_features(text):
            v[zlib.crc32(f.encode("utf-8")) % self.dim] += 1.0
        n = float(np.linalg.norm(v))
        return v / n if n else v

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim))

    def encode_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self.encode_queries(list(texts)).astype(np.float32)
