"""recall@10 of the built 1M IVF index against exact search on the stand-in vectors.

    python bench/recall_1m_standin.py    # after bench/scale.py built bench/cache/index-1000000

Re-encodes the 1M passages with bench/scale.py's stand-in encoder (the index keeps only
8-bit codes), searches 200 eval questions exactly and with the IVF index at several nprobe.
"""

import json
import sys
import time
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402

from qa.index import embedding_text, load_index  # noqa: E402

idx = load_index(Path(__file__).resolve().parent / "cache" / "index-1000000")
emb = scale.FastFakeEmbedder()
t = time.time()
n = len(idx.passages)
vecs = np.empty((n, 384), np.float32)
for p in idx.passages:
    vecs[p.id] = emb._vec(embedding_text(p))
print("encoded", time.time() - t, file=sys.stderr)
qs = emb.encode_queries(scale._questions(200))
faiss.omp_set_num_threads(1)
exact = faiss.IndexFlatIP(384)
exact.add(vecs)
t = time.time()
_, truth = exact.search(qs, 10)
print("exact", time.time() - t, file=sys.stderr)
out = {}
for nprobe in (8, 16, 32, 64):
    _, got = idx.dense.search(qs, 10, params=faiss.SearchParametersIVF(nprobe=nprobe))
    out[nprobe] = float(
        np.mean([len(set(a) & set(b)) / 10 for a, b in zip(got, truth, strict=True)])
    )
print(json.dumps(out))
