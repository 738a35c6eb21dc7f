"""Normalising questions and documents for matching (never for spans: offsets stay on raw text)."""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from pathlib import Path

CJK = re.compile(r"[\u4e00-\u9fff]")
_TOKEN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+(?:[.+][a-z0-9]+)*")
QUOTES = "“”‘’「」『』\"'《》"


@functools.lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional script to simplified (the documents' script); other text unchanged."""
    return _t2s().convert(text) if CJK.search(text) else text


def normalize(text: str) -> str:
    """NFKC, traditional -> simplified, lower case, quotes dropped: the form terms are matched in."""
    t = to_simplified(unicodedata.normalize("NFKC", text)).lower()
    return t.translate({ord(c): None for c in QUOTES})


def squash(text: str) -> str:
    """NFKC with all whitespace removed: how evidence is compared."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    d = Path(base) / "policy-qa"
    d.mkdir(parents=True, exist_ok=True)
    return d


STOPWORDS = set(
    "的 了 是 在 和 与 及 或 什么 怎么 怎样 如何 哪些 哪个 哪 吗 呢 啊 吧 指 指的 意思 含义 什么样 请问 "
    "一下 有 有哪些 多少 几 个 这 那 就 也 都 为 对 中 上 下 等 即 所 说 讲 提到 提出 文中 文章 报告 "
    "what does is are the a an of in on to mean means meaning which how who where when why do please "
    "tell me about explain define definition term refer refers page document".split()
)


class KeywordTokenizer:
    """Tokens for BM25: jieba words (glossary terms kept whole) plus CJK character bigrams.

    Bigrams catch what segmentation misses (a term split differently in the
    question than in the text); words give whole terms a strong match.
    """

    def __init__(self, mode: str = "jieba+bigram", words: list[str] | None = None) -> None:
        self.mode = mode
        self.words = sorted(set(words or []))
        self._jieba = None

    def _seg(self):
        if self._jieba is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.tmp_dir = str(cache_dir())
            for w in self.words:
                tok.add_word(normalize(w), freq=200000)
            self._jieba = tok
        return self._jieba

    def __call__(self, text: str) -> list[str]:
        t = normalize(text)
        out: list[str] = []
        if "jieba" in self.mode:
            for w in self._seg().lcut(t):
                w = w.strip()
                if w and (CJK.search(w) or w.isalnum()) and w not in STOPWORDS:
                    out.append(w)
        # character runs: always in bigram modes; in plain jieba mode only when jieba left nothing
        if "bigram" in self.mode or (self.mode == "jieba" and not out):
            for run in _TOKEN.findall(t):
                if CJK.match(run):
                    if "bigram" in self.mode:
                        out.extend(run[i : i + 2] for i in range(len(run) - 1))
                    if len(run) == 1 or "unigram" in self.mode:
                        out.extend(run)
                elif "jieba" not in self.mode and run not in STOPWORDS:
                    out.append(run)
        return out

    def content_words(self, text: str) -> list[str]:
        """The question's content words (jieba, no stopwords): used to judge coverage."""
        t = normalize(text)
        return [
            w
            for w in (x.strip() for x in self._seg().lcut(t))
            if w and (CJK.search(w) or w.isalnum()) and w not in STOPWORDS
        ]
