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

from qa.errors import BadQuestion, check_question
from qa.retrieve import DEFAULT_MODE, Retrieval, Retriever
from qa.spans import sub_spans
from qa.text import CJK, normalize
from qa.types import Answer, Citation, Hit, Passage

MAX_QUESTION_CHARS = 2000
MAX_SENTENCES = 3
MAX_ANSWER_CHARS = 260
SHORT_NOTE = 110  # a note this short is answered whole whenever its term is named
NOT_FOUND = (
    "文档中没有找到这个问题的答案。(The documents do not contain an answer to this question.)"
)

# Words that, left over once the term is taken out, still mean "what is it / what does it cover".
GENERIC = re.compile(
    r"是什么意思|什么意思|啥意思|是什么|是啥|指什么|指的是什么|是指什么|指的是|是指|指啥|包括哪些|包括什么|包含哪些|"
    r"有哪些|有哪几个|有哪几项|都有啥|都有哪些|分别指什么|分别是什么|分别|具体含义|具体内容|具体|含义|内容|意思|"
    r"解释一下|解释|介绍一下|介绍|说说|讲讲|请问|一下|概念|定义|主要|都|哪些|什么|啥|呢|啊|吗|的|是|指|这个|那个|所谓|"
    r"请|帮我|我想知道|知道"
)
EN_GENERIC = re.compile(
    r"\b(?:what|whats|what's|does|do|is|are|the|a|an|term|mean|means|meaning|stand|stands|for|refer|refers|to|"
    r"explain|define|definition|of|tell|me|about|please|pls|thx|thanks|in|this|document|report|glossary|here|"
    r"mentioned|concept|idea|policy|which|cover|covers|include|includes)\b"
)
ASKS_NUMBER = re.compile(
    r"多少|(?<![哪这那])几[个项家对条件台部处名万]|how many|how much|数量|比例|百分之"
)
ASKS_TIME = re.compile(
    r"哪一年|哪年|何时|什么时候|哪天|几月|哪个月|几号|when|what year|截止日期|期限"
)
ASKS_UNIT = re.compile(
    r"(?:多少|几)(亿元|万元|亿|万亩|亩|公里|千米|平方米|吨|元|人次|万人|个百分点|%)"
)
ASKS_RANK = re.compile(r"第几|排名|名次")
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
    missing: int = 0  # the question's content words found nowhere in the top passage


def clean_question(q: str) -> tuple[str, str | None]:
    """The question with control characters removed, or an error message for the user (quoting
    at most 200 characters of it)."""
    if q is None:
        return "", "empty question / 问题为空"
    try:
        check_question(q)  # text, and valid Unicode (no lone surrogates)
    except BadQuestion as e:
        return "", str(e)
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


QUESTION_WORDS = set(
    "哪个 哪些 哪三个 哪两个 哪四个 哪几个 哪几项 哪几家 哪几 哪位 哪家 哪里 哪儿 叫什么 称为 简称 合称 统称 称呼 叫做 "
    "什么样 怎么样 是否 有没有 属于 分别 具体 包括 包含 涉及 提到 提出 要求 报告 文章 文中 里面 其中 方面 一下 请列出 列出 "
    "全部 所有 主要 大概 大约 目前 现在 这个 那个 这些 那些 这套 这项 这一 之一 怎么 如何 为什么".split()
)
QUESTION_BIGRAMS = _bigrams(
    "什么是指哪些多少如何怎么怎样哪个为什么请问一下意思含义具体内容包括有关关于主要"
)


def coverage(question_words: set[str], text: str) -> float:
    if not question_words:
        return 0.0
    t = _bigrams(text)
    return len(question_words & t) / len(question_words)


def _present(word: str, text: str) -> bool:
    """A word is present when it occurs, or (3+ characters) most of its bigrams do."""
    if word in text:
        return True
    if len(word) >= 3 and CJK.search(word):
        grams = [word[i : i + 2] for i in range(len(word) - 1)]
        return sum(g in text for g in grams) * 3 >= len(grams) * 2
    return False


def definition_question(question: str, names: list[str]) -> bool:
    """True when, with the term (and its aliases) taken out, only 'what is it' words are left."""
    rest = normalize(question)
    for n in sorted((normalize(x) for x in names), key=len, reverse=True):
        if n:
            rest = rest.replace(n, " ")
    head = "".join(normalize(x) for x in names)
    rest = re.sub(r"[\u4e00-\u9fff]{2,}", lambda m: " " if m.group(0) in head else m.group(0), rest)
    rest = EN_GENERIC.sub(" ", rest)
    rest = GENERIC.sub(" ", rest)
    rest = re.sub(r"[\s?？!！。.,，:：、;；\"'“”()（）]+", "", rest)
    return rest == ""


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
        names = [term or "", top.passage.term or "", *top.passage.aliases]
        if term is not None and (
            len(top.passage.text) <= SHORT_NOTE or definition_question(q, names)
        ):
            cites = [self._definition_citation(top.passage, top.score)]
            body = f"「{top.passage.term}」（工作注释第{top.passage.note}条）：{cites[0].text}[1]"
        else:
            cites = self._best_sentences(q, r)
            body = "".join(f"{c.text}[{c.n}]" for c in cites)
        signals = self.signals(q, r, cites)
        if not decide(signals, q):
            related = [self._passage_citation(h, n + 1) for n, h in enumerate(r.hits[:3])]
            lines = [NOT_FOUND, "可能相关 (possibly related):"] + [f"· {c.title}" for c in related]
            ans = Answer(q, False, "\n".join(lines), [], related=related, hits=r.hits)
        else:
            ans = Answer(q, True, body, cites, hits=r.hits)
        ans.signals = signals
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
        """Score the sentences of the top passages: meaning (dense), the question's words they
        hold, and how much they add beyond restating the question (a heading adds nothing)."""
        idx = self.index
        top_ids = [h.passage.id for h in r.hits[:3]]
        rank_bonus = {pid: b for pid, b in zip(top_ids, (0.1, 0.03, 0.0), strict=False)}
        cand = [i for i, s in enumerate(idx.sentences) if s.passage in rank_bonus]
        if not cand:
            return []
        qwords = _bigrams(q) - QUESTION_BIGRAMS
        qv = r.query_vector if r.query_vector is not None else self.retriever.encode(q)
        dense = idx.sentence_vectors[cand] @ qv
        scores = []
        # Words that name the passage (its term or title) pick the passage, not the sentence.
        naming = " ".join(
            x
            for pid in rank_bonus
            for x in [
                idx.passages[pid].term or "",
                *idx.passages[pid].aliases,
                idx.passages[pid].title,
            ]
        )
        own = {pid: qwords - _bigrams(naming) for pid in rank_bonus}
        for ci, c in enumerate(cand):
            s = idx.sentences[c]
            text = idx.sentence_text(s)
            sb = _bigrams(text)
            novelty = len(sb - qwords) / len(sb) if sb else 0.0
            scores.append(
                float(dense[ci])
                + 0.8 * coverage(own[s.passage] or qwords, text)
                + rank_bonus[s.passage]
                - 0.6 * max(0.0, 0.5 - novelty)
            )
        order = list(np.argsort(-np.asarray(scores), kind="stable"))
        chosen = [cand[order[0]]]
        best_score = scores[order[0]]
        total = len(idx.sentence_text(idx.sentences[chosen[0]]))
        for o in order[1:]:
            c = cand[o]
            if len(chosen) >= MAX_SENTENCES or scores[o] < best_score - 0.06:
                break
            length = len(idx.sentence_text(idx.sentences[c]))
            if total + length > MAX_ANSWER_CHARS:
                continue
            chosen.append(c)
            total += length
        # A very short sentence (a heading such as 要健全机制抓落实。) needs the one after it.
        first = chosen[0]
        if (
            total < 20
            and first + 1 < len(idx.sentences)
            and idx.sentences[first + 1].passage == idx.sentences[first].passage
        ):
            if first + 1 not in chosen:
                chosen.append(first + 1)
        chosen.sort(key=lambda c: (top_ids.index(idx.sentences[c].passage), idx.sentences[c].start))
        out = []
        for n, c in enumerate(chosen, 1):
            s = idx.sentences[c]
            p = idx.passages[s.passage]
            score = scores[cand.index(c)] if c in cand else 0.0
            out.append(
                Citation(
                    n,
                    p.source,
                    p.title,
                    idx.sentence_text(s),
                    sub_spans(p.spans, s.start, s.end),
                    round(score, 4),
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
        if (m := ASKS_UNIT.search(nq)) and not re.search(
            r"[\d一二三四五六七八九十百千万]" + re.escape(m.group(1)), answer_text
        ):
            asked_missing = True
        if ASKS_RANK.search(nq) and not re.search(
            r"第[\d一二三四五六七八九十]+|排名|名列", answer_text
        ):
            asked_missing = True
        known = normalize(top.passage.text + (top.passage.title or ""))
        names = [normalize(x) for x in [top.passage.term or "", *top.passage.aliases] if x]
        missing = [
            w
            for w in self.index.tokenizer.content_words(q)
            if len(w) >= 2
            and CJK.search(w)
            and w not in QUESTION_WORDS
            and not any(w in n for n in names)
            and not _present(w, known)
        ]
        return Signals(
            missing=len(missing),
            term=top.passage.id in r.matched_terms,
            coverage=coverage(qwords, top.passage.text + (top.passage.title or "")),
            dense=float(top.retrievers.get("dense", {}).get("score", 0.0)),
            keyword=float(top.retrievers.get("keyword", {}).get("score", 0.0)),
            asked_type_missing=asked_missing,
        )


# Thresholds calibrated on eval/questions.jsonl by a grid search that counts a false refusal
# twice as costly as a wrong answer (README, "How 'not found' is decided").
MIN_COVERAGE = 0.3  # share of the question's content bigrams in the top passage
MAX_MISSING = 4  # question words absent from the top passage (glossary or not)
MIN_DENSE_LATIN = 0.77  # questions with no Chinese: only the vector can judge


def decide(s: Signals, question: str) -> bool:
    """Found unless the thing asked for (a number, a time, a rank) is absent from the answer,
    or the top passage misses the question's own words."""
    if s.asked_type_missing:
        return False
    if s.term:
        return s.missing < MAX_MISSING
    if not CJK.search(question):
        return s.dense >= MIN_DENSE_LATIN
    return s.coverage >= MIN_COVERAGE and s.missing <= MAX_MISSING
