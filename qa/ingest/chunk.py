"""Passages: the retrievable units cut from articles and glossary notes.

Article passages pack whole sentences of one paragraph up to MAX_CHARS. 180
characters is two to four sentences of this prose: short enough that a dense
vector stays about one thing and an answer can quote it, far under the
model's 512-token window. A sentence longer than that stays whole. A very
short paragraph (a subheading) rides with the paragraph after it. Notes stay
whole: a definition is one unit a user wants back entire.
"""

from __future__ import annotations

from qa.spans import sentence_bounds, sub_spans
from qa.types import Article, GlossaryEntry, Passage, Span

MAX_CHARS = 180
SHORT_PARAGRAPH = 30


def note_title(g: GlossaryEntry) -> str:
    parts = [
        "工作注释",
        g.part or "",
        (g.section or "").split(" ")[0],
        f"注释{g.number}「{g.term}」",
    ]
    return " · ".join(p for p in parts if p)


def article_title(a: Article) -> str:
    if a.title:
        return a.title
    return f"（{a.continued_from}）" if a.continued_from else "（无标题）"


def make_passages(
    source_text: str, articles: list[Article], glossary: list[GlossaryEntry], start_id: int = 0
) -> list[Passage]:
    out: list[Passage] = []
    for g in glossary:
        out.append(
            Passage(
                id=start_id + len(out),
                source=g.source,
                kind="note",
                title=note_title(g),
                text=g.text,
                spans=list(g.spans),
                note=g.number,
                term=g.term,
                aliases=list(g.aliases),
            )
        )
    for a in articles:
        title = article_title(a)
        for spans in _chunk_article(a):
            text = "".join(source_text[s:e] for s, e in spans)
            out.append(
                Passage(
                    id=start_id + len(out),
                    source=a.source,
                    kind="article",
                    title=title,
                    text=text,
                    spans=spans,
                    article=a.title,
                )
            )
    return out


def _chunk_article(a: Article) -> list[list[Span]]:
    chunks: list[list[Span]] = []
    carry: list[Span] = []
    for p in a.paragraphs:
        if len(p.text) < SHORT_PARAGRAPH and not carry:
            carry = list(p.spans)
            continue
        cur: list[Span] = list(carry)
        cur_len = sum(e - s for s, e in carry)
        carry = []
        for i, j in sentence_bounds(p.text):
            if cur and cur_len + (j - i) > MAX_CHARS and cur_len >= SHORT_PARAGRAPH:
                chunks.append(cur)
                cur, cur_len = [], 0
            cur.extend(sub_spans(p.spans, i, j))
            cur_len += j - i
        if cur:
            chunks.append(_merge(cur))
    if carry:
        chunks.append(carry)
    return [_merge(c) for c in chunks]


def _merge(spans: list[Span]) -> list[Span]:
    """Join touching spans so a citation lists each stretch of the file once."""
    out: list[Span] = []
    for s, e in spans:
        if out and out[-1][1] == s:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
