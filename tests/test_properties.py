"""Property tests: whatever string arrives, every stage gives a result or a clear error.

Strings mix the page's own characters with what broke things before: punctuation only,
emoji, zero-width and direction marks, control characters, lone surrogates, very long
runs. The fake embedder keeps each example to milliseconds.
"""

from __future__ import annotations

import json
import math

import pytest
from conftest import PAGE, read_exact
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.answer import MAX_QUESTION_CHARS, clean_question, coverage
from qa.errors import QUOTE_CHARS, BadQuestion, has_lone_surrogate, quote
from qa.lang import bigrams, normalize, to_simplified
from qa.question import KINDS, analyse, answer_holds_kind
from qa.retrieve import MODES, match_terms
from qa.rewrite import RuleRewriter
from qa.types import join_spans

NASTY = [
    "？",
    "?",
    "[[[",
    "😀",
    "\u200b",
    "\u200e\u200f",
    "\u202e",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\t",
    "\u3000",
    "﷽",
    "ﬃ",
    "\ud800",
    "\udfff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%n",
    "{}",
    "吨半粮",
    "噸半糧",
    "开发区三度",
    "是什么意思",
    "多少",
    "哪一年",
    "what does",
    "mean",
    "OTA平台",
]
PAGE_CHARS = sorted(set(read_exact(PAGE)))

pieces = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.sampled_from(PAGE_CHARS), max_size=12),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=12),  # incl. surrogates
)
questions = st.one_of(
    st.lists(pieces, max_size=8).map("".join),
    st.text(st.characters(exclude_categories=()), max_size=40),
    st.builds(lambda s, n: s * n, st.sampled_from(NASTY), st.integers(100, 1200)),
)
valid = questions.filter(lambda q: not has_lone_surrogate(q))

FAST = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _printable(obj) -> str:
    line = json.dumps(obj, ensure_ascii=False)
    line.encode("utf-8")  # strict: no lone surrogates can reach stdout
    assert "\n" not in line
    return line


@FAST
@given(questions)
def test_clean_question_gives_text_or_a_short_error(q):
    cleaned, error = clean_question(q)
    assert isinstance(cleaned, str)
    if error is None:
        assert cleaned and cleaned == cleaned.strip() and len(cleaned) <= MAX_QUESTION_CHARS
        assert not has_lone_surrogate(cleaned)
        assert not any(ord(c) < 32 or c == "\x7f" for c in cleaned)
    else:
        assert isinstance(error, str) and error
        assert len(error) <= QUOTE_CHARS + 300  # quotes at most 200 characters of the question
        error.encode("utf-8")


@FAST
@given(questions)
def test_quote_is_short_and_printable(q):
    s = quote(q)
    s.encode("utf-8")
    assert len(s) <= QUOTE_CHARS + 30
    assert s.startswith(q[:QUOTE_CHARS].translate({c: 0xFFFD for c in range(0xD800, 0xE000)}))


@FAST
@given(valid, st.lists(st.sampled_from(NASTY), max_size=3))
def test_question_analysis_never_raises(fake_pipeline, q, names):
    idx = fake_pipeline.index
    assert isinstance(normalize(q), str) and isinstance(to_simplified(q), str)
    tokens = idx.tokenizer(q)
    assert all(isinstance(t, str) and t for t in tokens)
    assert all(isinstance(w, str) and w for w in idx.tokenizer.content_words(q))
    a = analyse(q, tuple(normalize(n) for n in names))
    assert a.asked in (*KINDS, "parts") and a.lang in ("zh", "en", "mixed")
    assert all(isinstance(p, str) and p for p in a.parts)
    assert isinstance(answer_holds_kind(a, q), bool)
    assert 0.0 <= coverage(bigrams(q), "吨半粮是指一年两季亩产1500公斤") <= 1.0
    reading = RuleRewriter(idx.term_keys, lambda s: "尊村、夹马口、北赵").read(
        q, ["三大灌区是哪些", q]
    )
    assert isinstance(reading.standalone, str) and reading.standalone
    for pid, key in match_terms(idx, q).items():
        assert key in normalize(q) and idx.passages[pid].kind == "note"


@FAST
@given(questions, st.sampled_from(MODES))
def test_search_gives_hits_or_bad_question(fake_pipeline, q, mode):
    try:
        r = fake_pipeline.retriever.search(q, k=5, mode=mode)
    except BadQuestion as e:
        assert has_lone_surrogate(q) and "surrogate" in str(e)
        return
    assert len(r.hits) <= 5
    assert all(math.isfinite(h.score) for h in r.hits)
    assert [h.rank for h in r.hits] == list(range(1, len(r.hits) + 1))


@pytest.fixture(scope="module")
def sources():
    return {}


@FAST
@given(questions)
def test_ask_gives_an_answer_or_a_clear_error(fake_pipeline, sources, q):
    ans = fake_pipeline.answerer.ask(q)
    out = ans.to_json()
    line = _printable(out)
    if ans.error:
        assert ans.found is False and not ans.citations
        assert len(out["question"]) <= QUOTE_CHARS + 30 and len(line) < 2000
        return
    assert isinstance(ans.found, bool) and ans.answer
    assert ans.found == bool(ans.citations)
    for c in ans.citations + ans.related:
        text = sources.setdefault(c.source, read_exact(PAGE.parent / c.source.rsplit("/", 1)[-1]))
        assert join_spans(text, c.spans) == c.text
        assert not ans.found or f"[{c.n}]" in ans.answer or c in ans.related
