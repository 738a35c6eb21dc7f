"""Hits -> a short answer quoted verbatim, each sentence with an [n] citation, or an honest "not found".

No language model: a glossary question gets its note's definition; any other
question gets the one to three sentences of the top passages that best answer
it. Whether the documents answer at all is decided from several signals (see
`decide`), because a similarity threshold alone was measured not to separate
answerable from unanswerable questions on this corpus.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from qa.retrieve import DEFAULT_MODE, Retrieval, Retriever
from qa.spans import sub_spans
from qa.text import CJK, normalize
from qa.types import Answer, Citation, Hit, Passage

MAX_QUESTION_CHARS = 2000
MAX_SENTENCES = 3
MAX_ANSWER_CHARS = 260
NOT_FOUND = (
    "文档中没有找到这个问题的答案。(The documents do not contain an answer to this question.)"
)

# What a definition question looks like once its term is taken out.
DEFINITION_CUES = re.compile(
    r"^(?:请问|请解释|解释一下|解释|说说|介绍一下|介绍)?(?:一下)?(?:这个|所谓的?)?"
    r"(?:是什么意思|是啥意思|什么意思|啥意思|是什么|是啥|指什么|指的是什么|是指什么|指啥|的意思|的含义|含义|的定义|定义|是|指)?"
    r"(?:呢|啊|吗)?$"
)
EN_DEFINITION = re.compile(
    r"^(?:what|whats|what's)?(?:does|do|is|are)?(?:the|a|an)?(?:term)?(?:mean|means|meaning|stand for|refer to|refers to)?"
    r"(?:in this document|here)?$"
)
ASKS_NUMBER = re.compile(r"多少|几[个项家对条件台部处名万]|how many|how much|数量|比例|百分之")
ASKS_TIME = re.compile(r"哪一年|哪年|何时|什么时候|哪天|几月|when|what year|截止日期|期限")
NUMERIC = re.compile(r"\d|[一二三四五六七八九十百千万两]+[个项家对条件台部处名万人年]")
TIME = re.compile(r"\d{4}年|\d+月|\d+日|年底|年初|今年|去年|明年|时期")


@dataclass
class Signals:
    """Why an answer was judged found or not: kept for the eval report."""

    term: bool
    coverage: float  # share of the question's content bigrams present in the top hit
    dense: float  # top dense cosine
    keyword: float  # top BM25 score
    asked_type_missing: bool


def clean_question(q: str) -> tuple[str, str | None]:
    """The question with control characters removed, or an error message for the user."""
    if q is None:
        return "", "empty question / 问题为空"
    if len(q) > MAX_QUESTION_CHARS:
        return q[
            :MAX_QUESTION_CHARS
        ], f"question is {len(q):,} characters; the limit is {MAX_QUESTION_CHARS:,} / 问题过长"
    cleaned = "".join(" " if unicodedata.category(c) == "Cc" else c for c in q)
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        return "", "empty question (nothing but whitespace or control characters) / 问题为空"
    return cleaned, None


def _bigrams(text: str) -> set[str]:
    t = normalize(text)
    out: set[str] = set()
    for run in re.findall(r"[\u4e00-\u9fff]+|[a-z0-9]+", t):
        if CJK.match(run):
            out.update(run[i : i + 2] for i in range(len(run) - 1)) if len(run) > 1 else out.add(
                run
            )
        else:
            out.add(run)
    return out


QUESTION_BIGRAMS = _bigrams(
    "什么是指哪些多少如何怎么怎样哪个为什么请问一下意思含义具体内容包括有关关于主要"
)


def coverage(question_words: set[str], text: str) -> float:
    if not question_words:
        return 0.0
    t = _bigrams(text)
    return len(question_words & t) / len(question_words)


def definition_question(question: str, term: str) -> bool:
    """True when, with the term taken out, only 'what is / what does it mean' is left."""
    q = normalize(question)
    rest = q.replace(term, "", 1)
    rest = re.sub(r"[\s?？!！。.,，:：、]+", "", rest)
    rest_zh = re.sub(r"[a-z' ]+", lambda m: "", rest) if CJK.search(rest) else rest
    return bool(DEFINITION_CUES.match(rest_zh)) or bool(EN_DEFINITION.match(rest))


class Answerer:
    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self.index = retriever.index

    def ask(self, question: str, mode: str = DEFAULT_MODE, k: int = 50) -> Answer:
        q, error = clean_question(question)
        if error:
            return Answer(
                question=question or "", found=False, answer=error, citations=[], error=error
            )
        r = self.retriever.search(q, k=k, mode=mode)
        if not r.hits:
            return Answer(q, False, NOT_FOUND, [], hits=[])
        top = r.hits[0]
        term = r.matched_terms.get(top.passage.id)
        if term is not None and definition_question(q, term):
            cites = [self._definition_citation(top.passage, top.score)]
            body = f"「{top.passage.term}」（工作注释第{top.passage.note}条）：{cites[0].text}[1]"
        else:
            cites = self._best_sentences(q, r)
            body = "".join(f"{c.text}[{c.n}]" for c in cites)
        signals = self.signals(q, r, cites)
        if not decide(signals):
            related = [self._passage_citation(h, n + 1) for n, h in enumerate(r.hits[:3])]
            lines = [NOT_FOUND, "可能相关 (possibly related):"] + [
                f"[{c.n}] {c.title}" for c in related
            ]
            ans = Answer(q, False, "\n".join(lines), related, hits=r.hits)
        else:
            ans = Answer(q, True, body, cites, hits=r.hits)
        ans.signals = signals  # type: ignore[attr-defined]
        return ans

    # -- citations ---------------------------------------------------------------
    def _definition_citation(self, p: Passage, score: float) -> Citation:
        text = p.text
        i = min((x for x in (text.find("："), text.find(":")) if x >= 0), default=-1) + 1
        return Citation(
            1, p.source, p.title, text[i:], sub_spans(p.spans, i, len(text)), round(score, 4)
        )

    def _passage_citation(self, h: Hit, n: int) -> Citation:
        p = h.passage
        return Citation(n, p.source, p.title, p.text, list(p.spans), round(h.score, 4))

    def _best_sentences(self, q: str, r: Retrieval) -> list[Citation]:
        idx = self.index
        top_ids = [h.passage.id for h in r.hits[:3]]
        rank_bonus = {pid: b for pid, b in zip(top_ids, (0.15, 0.05, 0.0), strict=False)}
        cand = [i for i, s in enumerate(idx.sentences) if s.passage in rank_bonus]
        if not cand:
            return []
        qwords = _bigrams(q) - QUESTION_BIGRAMS
        qv = r.query_vector if r.query_vector is not None else self.retriever.encode(q)
        dense = idx.sentence_vectors[cand] @ qv
        scores = []
        for ci, c in enumerate(cand):
            s = idx.sentences[c]
            text = idx.sentence_text(s)
            scores.append(float(dense[ci]) + 0.6 * coverage(qwords, text) + rank_bonus[s.passage])
        order = list(np.argsort(-np.asarray(scores), kind="stable"))
        best = cand[order[0]]
        chosen = [best]
        best_score = scores[order[0]]
        total = len(idx.sentence_text(idx.sentences[best]))
        for o in order[1:]:
            c = cand[o]
            if len(chosen) >= MAX_SENTENCES or scores[o] < best_score - 0.08:
                break
            length = len(idx.sentence_text(idx.sentences[c]))
            if total + length > MAX_ANSWER_CHARS:
                continue
            chosen.append(c)
            total += length
        chosen.sort(key=lambda c: (top_ids.index(idx.sentences[c].passage), idx.sentences[c].start))
        out = []
        for n, c in enumerate(chosen, 1):
            s = idx.sentences[c]
            p = idx.passages[s.passage]
            out.append(
                Citation(
                    n,
                    p.source,
                    p.title,
                    idx.sentence_text(s),
                    sub_spans(p.spans, s.start, s.end),
                    round(scores[cand.index(c)], 4),
                )
            )
        return out

    # -- found / not found ------------------------------------------------------
    def signals(self, q: str, r: Retrieval, cites: list[Citation]) -> Signals:
        top = r.hits[0]
        qwords = _bigrams(q) - QUESTION_BIGRAMS
        answer_text = "".join(c.text for c in cites)
        asked_missing = False
        nq = normalize(q)
        if ASKS_NUMBER.search(nq) and not NUMERIC.search(answer_text):
            asked_missing = True
        if ASKS_TIME.search(nq) and not TIME.search(answer_text):
            asked_missing = True
        return Signals(
            term=top.passage.id in r.matched_terms,
            coverage=coverage(qwords, top.passage.text + (top.passage.title or "")),
            dense=float(top.retrievers.get("dense", {}).get("score", 0.0)),
            keyword=float(top.retrievers.get("keyword", {}).get("score", 0.0)),
            asked_type_missing=asked_missing,
        )


# Thresholds calibrated on eval/questions.jsonl (see README, "How 'not found' is decided").
MIN_COVERAGE = 0.34
MIN_DENSE_ALONE = 0.87


def decide(s: Signals) -> bool:
    """Found when the question's thing is in the answer and either a glossary term matched,
    or the top passage covers enough of the question's content words."""
    if s.asked_type_missing:
        return False
    if s.term:
        return True
    return s.coverage >= MIN_COVERAGE or (
        s.dense >= MIN_DENSE_ALONE and s.coverage >= MIN_COVERAGE / 2
    )
