"""`qa` command line: a thin caller of the pipeline stages."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qa.config import DEFAULT_CORPUS, DEFAULT_INDEX


def _spans(spans) -> list[list[int]]:
    return [[s, e] for s, e in spans]


def cmd_parse(args: argparse.Namespace) -> int:
    from qa.ingest import parse_corpus

    docs, warnings = parse_corpus([Path(p) for p in args.paths])
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


def _clip(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="qa",
        description="Question answering with exact citations over Chinese policy documents.",
    )
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "parse", help="show how the documents are read back into articles and glossary notes"
    )
    p.add_argument("paths", nargs="*", default=[str(DEFAULT_CORPUS)])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_parse)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError) as e:
        print(f"qa: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
