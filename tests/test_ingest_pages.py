"""Eight made-up pages in other house styles, each read back unit by unit.

Each `tests/data/pages/NN-*.txt|md` has a `NN-*.json` beside it: the notes (number, term,
part, section, whole stitched text, definition), the articles (title, markers, dateline,
byline, whole stitched paragraphs) and the warnings the page must give. What each page
exercises is said in PAGES below.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest import parse_file
from qa.types import join_spans

DATA = Path(__file__).parent / "data" / "pages"
PAGES = {
    "01-paren-numbers.txt": "（1） notes under 名词解释; a header spaced with ideographic spaces "
    "cuts a report sentence; a note cut by a news story, its tail before the next note; the "
    "story's tail right after a finished note",
    "02-bracket-restart.txt": "【1】 notes under 附：名词解释, numbering restarting under part "
    "二、; terms followed by 即 and 是指; stories opening with 新华社…电（记者…） and 本报讯（记者…）",
    "03-circled-mixed.txt": "① ② 3. • 〔5〕 mixed in one glossary under 注释; a quoted term with "
    "no separator; a cut note whose tail comes before a section heading, not the next note",
    "04-dian-byline.txt": "1、 notes under 注解; a byline line under a headline; a paragraph "
    "ending in （下转第四版）; (上接第一版)",
    "05-fullwidth-gap.txt": "1． notes with number 3 missing (reported); an edition line and a "
    "header spaced with ASCII spaces; a dateline on its own line, then （记者…） opening the text",
    "06-fragment-starts.txt": "fragments starting with ， (finishes the unfinished report "
    "paragraph across another story) and with 的 after a heading (nothing unfinished: kept, "
    "reported)",
    "07-ascii-parens.txt": "(1) notes under 注释：; terms followed by ，, ，指, 是 and ：; a bare "
    "headline; a closing (新华社…电) and an opening 中新社…电（记者…）",
    "08-markdown.md": "Markdown: # headings, ## 名词解释, ### 第N节, - bullets then 1. 2. 3. "
    "restarting under a section; a cut note whose tail follows the next note",
}


def _load(name: str):
    path = DATA / name
    return path, parse_file(path), json.loads(path.with_suffix(".json").read_text("utf-8"))


def test_every_page_has_its_expectations():
    pages = sorted(p.name for p in DATA.iterdir() if p.suffix in (".txt", ".md"))
    assert pages == sorted(PAGES) and len(pages) >= 8


@pytest.mark.parametrize("name", sorted(PAGES))
def test_notes_unit_by_unit(name):
    _, doc, exp = _load(name)
    got = [
        {
            "number": g.number,
            "term": g.term,
            "part": g.part,
            "section": g.section,
            "text": g.text,
            "definition": g.definition,
        }
        for g in doc.glossary
    ]
    assert got == exp["notes"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_articles_unit_by_unit(name):
    _, doc, exp = _load(name)
    got = [
        {
            "title": a.title,
            "continued_from": a.continued_from,
            "continues_to": a.continues_to,
            "dateline": a.dateline,
            "byline": a.byline,
            "paragraphs": [p.text for p in a.paragraphs],
        }
        for a in doc.articles
    ]
    assert got == exp["articles"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_warnings(name):
    path, doc, exp = _load(name)
    assert doc.warnings == [f"{path}: {w}" for w in exp["warnings"]]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_span_invariant(name):
    _, doc, _ = _load(name)
    text = doc.text
    for g in doc.glossary:
        assert join_spans(text, g.spans) == g.text
        assert join_spans(text, g.definition_spans) == g.definition
    for a in doc.articles:
        assert join_spans(text, a.spans) == a.text
        assert join_spans(text, a.title_spans) == (a.title or "")
        for p in a.paragraphs:
            assert join_spans(text, p.spans) == p.text
    for p in doc.passages:
        assert join_spans(text, p.spans) == p.text


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_character_is_in_one_unit_or_markup(name):
    """Never lose text silently, never count it twice: each non-blank character belongs to
    exactly one note, article (title or text) or piece of markup."""
    _, doc, _ = _load(name)
    count = [0] * len(doc.text)
    spans = [s for u in [*doc.glossary, *doc.articles] for s in u.spans]
    spans += [s for a in doc.articles for s in a.title_spans]
    spans += [s for _, s in doc.markup]
    for s, e in spans:
        for i in range(s, e):
            count[i] += 1
    for i, ch in enumerate(doc.text):
        if not ch.isspace():
            assert count[i] == 1, (i, doc.text[max(0, i - 10) : i + 10])
