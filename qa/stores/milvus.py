"""A Store whose dense and keyword searches run in Milvus (a server, a cluster, or Milvus Lite).

One collection per index content, named by the manifest's content hash (`qa_<hash>`), holds
per passage: its id, its document's number (for the `sources` filter), its keyword text
(normalised: NFKC, simplified script, lower case, no punctuation) with Milvus's BM25 function over the
`jieba` analyzer, and its dense vector (inner product, exact FLAT index by default). A
collection of another content is never used: a changed corpus gets a new collection, so a
stale one is detected like a stale index folder. The units (passages, sentences, sentence
vectors, glossary terms) are read from the index folder as before: Milvus replaces the two
searches, which are what grows with the corpus.

    --store milvus-lite:index/milvus.db     embedded (pymilvus[milvus-lite]), one process
    --store milvus://HOST:19530              a Milvus server or cluster (token: env QA_MILVUS_TOKEN)
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

from qa.errors import QAError, quote
from qa.lang import keyword_runs
from qa.settings import DEFAULTS, Settings

_KEYWORD_CHARS = 20_000  # VARCHAR max_length counts bytes: 20k CJK characters are 60 kB


class BadStore(QAError):
    """A --store value that names no usable store, or a store that cannot be reached."""


def parse_store(spec: str) -> tuple[str, str]:
    """("folder", ""), ("milvus-lite", path) or ("milvus", uri) from a --store value."""
    spec = spec.strip()
    if spec in ("", "folder"):
        return "folder", ""
    if spec.startswith("milvus-lite:"):
        path = spec[len("milvus-lite:") :]
        if not path.endswith(".db"):
            raise BadStore(
                f"--store milvus-lite:PATH needs a file name ending in .db, got {spec!r}"
            )
        return "milvus-lite", path
    if spec.startswith("milvus://"):
        hostport = spec[len("milvus://") :].rstrip("/")
        host, _, port = hostport.rpartition(":")
        if not host or not port.isdigit():
            raise BadStore(f"--store milvus://HOST:PORT needs a host and a port, got {spec!r}")
        return "milvus", f"http://{hostport}"
    raise BadStore(
        f"unknown store {quote(spec)}: use folder, milvus-lite:PATH.db or milvus://HOST:PORT"
    )


FORMAT = 2  # what a row holds; 2: keyword text without punctuation (jieba made tokens of it)


def collection_name(content_hash: str) -> str:
    return f"qa{FORMAT}_{content_hash[:40]}"


def keyword_text(p) -> str:
    """What BM25 indexes for a passage: the folder store's text (article title + text),
    normalised as questions are, punctuation dropped."""
    text = p.text if p.kind == "note" or not p.article else f"{p.article} {p.text}"
    return keyword_runs(text)[:_KEYWORD_CHARS]


class MilvusStore:
    """The folder index's units with Milvus for the two searches (see the module doc)."""

    concurrent_searches = False  # one client, one request at a time

    def __init__(self, index, uri: str, settings: Settings = DEFAULTS, token: str = "") -> None:
        self.index = index
        self.uri = uri
        self.settings = settings
        logging.getLogger("jieba").setLevel(logging.WARNING)
        try:
            from pymilvus import MilvusClient
        except ImportError as e:  # pragma: no cover - the package is a dependency
            raise BadStore(
                "the Milvus store needs pymilvus: pip install 'pymilvus[milvus-lite]'"
            ) from e
        try:
            self.client = MilvusClient(
                uri=uri, token=token or os.environ.get("QA_MILVUS_TOKEN", "")
            )
        except Exception as e:
            raise BadStore(
                f"cannot reach Milvus at {uri} ({type(e).__name__}: {quote(str(e))})"
            ) from e
        self.name = collection_name(index.manifest["content_hash"])
        self._sync()

    # -- the units come from the folder -------------------------------------------------
    def __getattr__(self, name: str):
        # passages, sentences, sentence_vectors, terms, term_keys, tokenizer, manifest, path,
        # sentences_of, sentence_text, source_mask …: what the folder index holds
        if name == "index":
            raise AttributeError(name)
        return getattr(self.index, name)

    def over(self, index) -> MilvusStore:
        """The same Milvus, for another build of the index (after `qa add` / `qa remove`)."""
        return MilvusStore(index, self.uri, self.settings)

    # -- the collection -------------------------------------------------------------------
    def _sync(self) -> None:
        """Use the collection of this content, filling it when missing or incomplete."""
        c, n = self.client, len(self.index.passages)
        if c.has_collection(self.name):
            c.load_collection(self.name)
            rows = int(c.get_collection_stats(self.name).get("row_count", -1))
            if rows == n:
                return
            c.drop_collection(self.name)  # a fill that was interrupted: start over
        self._create()
        self._fill()

    def _create(self) -> None:
        from pymilvus import DataType, Function, FunctionType

        c, cfg = self.client, self.settings
        schema = c.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("doc", DataType.INT64)
        schema.add_field(
            "text",
            DataType.VARCHAR,
            max_length=65535,
            enable_analyzer=True,
            analyzer_params={"tokenizer": "jieba"},
        )
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field(
            "vector", DataType.FLOAT_VECTOR, dim=int(self.index.manifest["model"]["dim"])
        )
        schema.add_function(
            Function(
                name="bm25",
                function_type=FunctionType.BM25,
                input_field_names=["text"],
                output_field_names=["sparse"],
            )
        )
        params = c.prepare_index_params()
        params.add_index(field_name="vector", index_type=cfg.milvus_index, metric_type="IP")
        params.add_index(
            field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25"
        )
        c.create_collection(
            self.name,
            schema=schema,
            index_params=params,
            description=f"policy-qa passages of index content {self.index.manifest['content_hash']}",
        )

    def _fill(self) -> None:
        idx, batch = self.index, self.settings.milvus_batch
        docs = idx.source_code_of()
        n = len(idx.passages)
        for lo in range(0, n, batch):
            hi = min(lo + batch, n)
            vecs = idx.passage_vectors(lo, hi)
            self.client.insert(
                self.name,
                [
                    {
                        "id": i,
                        "doc": int(docs[i]),
                        "text": keyword_text(idx.passages[i]),
                        "vector": vecs[i - lo].tolist(),
                    }
                    for i in range(lo, hi)
                ],
            )
        self.client.flush(self.name)
        self.client.load_collection(self.name)

    # -- the searches -------------------------------------------------------------------
    def _filter(self, sources: set[str] | None) -> str:
        if sources is None:
            return ""
        return f"doc in {self.index.source_codes(sources)}"

    def _hits(self, result) -> tuple[np.ndarray, np.ndarray]:
        hits = result[0] if result else []
        # Milvus Lite reports BM25 as a distance (-score), a server as the score
        pairs = [(int(h["id"]), abs(float(h["distance"]))) for h in hits]
        return (
            np.array([p for p, _ in pairs], dtype=np.int64),
            np.array([s for _, s in pairs], dtype=np.float32),
        )

    def dense_search(
        self, vector: np.ndarray, k: int, sources: set[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        if sources is not None and not self.index.source_codes(sources):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        res = self.client.search(
            self.name,
            data=[np.asarray(vector, dtype=np.float32).tolist()],
            anns_field="vector",
            limit=k,
            filter=self._filter(sources),
            output_fields=["id"],
            search_params={"metric_type": "IP"},
        )
        ids, _ = self._hits(res)
        scores = np.array([float(h["distance"]) for h in res[0]], dtype=np.float32)
        order = np.argsort(-scores, kind="stable")
        return ids[order], scores[order]

    def keyword_search(
        self, question: str, k: int, sources: set[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        text = keyword_runs(question)
        empty = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if not text:
            return empty  # nothing the analyzer can index (？, an emoji)
        if sources is not None and not self.index.source_codes(sources):
            return empty
        res = self.client.search(
            self.name,
            data=[text],
            anns_field="sparse",
            limit=k,
            filter=self._filter(sources),
            output_fields=["id"],
            search_params={"metric_type": "BM25"},
        )
        ids, scores = self._hits(res)
        keep = scores > 0
        ids, scores = ids[keep], scores[keep]
        order = np.lexsort((ids, -scores))  # best first, ties by id (as the folder store)
        return ids[order], scores[order]

    def close(self) -> None:
        self.client.close()


def open_store(index, spec: str | None, settings: Settings = DEFAULTS):
    """The store named by `spec` (--store, env QA_STORE) over a loaded folder index."""
    kind, where = parse_store(spec or os.environ.get("QA_STORE", ""))
    if kind == "folder":
        return index
    if kind == "milvus-lite":
        Path(where).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        where = str(Path(where).expanduser().resolve())
    return MilvusStore(index, where, settings)
