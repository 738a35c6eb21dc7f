"""The one home of language helpers: normalising, bigrams, question words, jieba (incl. posseg).

Used by the keyword tokenizer, question analysis, the answer layer and the UI
alike. Normalised forms are for matching only: spans stay on the raw text.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import unicodedata
from pathlib import Path

CJK = re.compile(r"[\u4e00-\u9fff]")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")  # a run of Chinese characters
_TOKEN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+(?:[.+][a-z0-9]+)*")
QUOTES = "“”‘’「」『』\"'《》"
_NO_QUOTES = {ord(c): None for c in QUOTES}


@functools.lru_cache(maxsize=1)
def _t2s():
    # the compiled `opencc` package (1.4.2): 1 ms for 10k characters, where the pure-Python
    # opencc-python-reimplemented (same module name and call; install it instead where no
    # wheel exists) spent 78% of keyword tokenisation at build time
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional script to simplified (the documents' script); other text unchanged."""
    return _t2s().convert(text) if CJK.search(text) else text


def normalize(text: str, keep_quotes: bool = False) -> str:
    """NFKC, traditional -> simplified, lower case, quotes dropped (kept with `keep_quotes`):
    the form terms are matched in."""
    t = to_simplified(unicodedata.normalize("NFKC", text)).lower()
    return t if keep_quotes else t.translate(_NO_QUOTES)


def keyword_runs(text: str) -> str:
    """The runs the keyword index reads (CJK runs, Latin words and numbers) after `normalize`,
    space-separated: punctuation gone, so an analyzer makes no tokens of it."""
    return " ".join(_TOKEN.findall(normalize(text)))


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
# Lucene's English stop set (as bm25s ships it): a page may carry a stray English word (经济
# and 中小企业), and an English question's "and" must not find it
STOPWORDS |= set(
    "a an and are as at be but by for if in into is it no not of on or such that the their "
    "then there these they this to was will with".split()
)


_ZH_DIGITS = "零一二三四五六七八九"


def zh_int(s: str) -> int:
    """A small Chinese or Arabic numeral as an int: 十五 -> 15, 二十 -> 20, 7 -> 7 (0 if not one)."""
    if s.isdigit():
        return int(s)
    s = s.replace("两", "二")
    if "十" in s:
        a, _, b = s.partition("十")
        tens = _ZH_DIGITS.find(a) if a else 1
        ones = _ZH_DIGITS.find(b) if b else 0
        return tens * 10 + ones if tens >= 0 and ones >= 0 else 0
    return max(_ZH_DIGITS.find(s), 0) if len(s) == 1 else 0


def bigrams(text: str) -> set[str]:
    """CJK character bigrams (a lone character as itself) and Latin words, after `normalize`."""
    out: set[str] = set()
    for run in _RUN.findall(normalize(text)):
        if CJK.match(run):
            out.update([run[i : i + 2] for i in range(len(run) - 1)] or [run])
        else:
            out.add(run)
    return out


_RUN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+")

# Bigrams that only say "this is a question": never evidence of topic.
QUESTION_BIGRAMS = bigrams(
    "什么是指哪些多少如何怎么怎样哪个为什么请问一下意思含义具体内容包括有关关于主要"
)
# Bigrams and words that only say "this is a question": not worth highlighting.
NON_TOPIC_BIGRAMS = set(
    "什么 是什 么意 意思 指什 是指 指的 的是 是啥 啥意 哪些 哪个 多少 如何 怎么 怎样 "
    "请问 一下 含义 的含 为什 么是 什么样 有哪 有什".split()
)
EN_QUESTION_WORDS = set(
    "what whats does do did is are was were the a an of in on to for and or mean means meaning "
    "which how who where when why please tell me about explain define definition term refer "
    "refers this that it its page document documents".split()
)

# jieba words that ask rather than name: not counted as the question's topic words.
QUESTION_WORDS = set(
    "哪个 哪些 哪三个 哪两个 哪四个 哪几个 哪几项 哪几家 哪几 哪位 哪家 哪里 哪儿 叫什么 称为 简称 合称 统称 称呼 叫做 "
    "什么样 怎么样 是否 有没有 属于 分别 具体 包括 包含 涉及 提到 提出 要求 报告 文章 文中 里面 其中 方面 一下 请列出 列出 "
    "全部 所有 主要 大概 大约 目前 现在 这个 那个 这些 那些 这套 这项 这一 之一 怎么 如何 为什么 区别 不同 异同 差别 "
    "总结 概括 归纳 哪年 哪一年 时候 什么时候 多少 是不是 能否 可以 干嘛 干啥 做啥 搞啥".split()
)


def _dictionary_cache() -> Path:
    """One file holding jieba's prefix dictionary and its part-of-speech table, named by the
    jieba version and the dictionary file's size and mtime (a changed dictionary is reread)."""
    import jieba

    st = os.stat(jieba.get_dict_file().name)
    return cache_dir() / f"jieba-{jieba.__version__}-{st.st_size}-{int(st.st_mtime)}.marshal"


_JIEBA_LOCK = threading.Lock()


def _posseg_tokenizer():
    """jieba.posseg's tokenizer, loaded once even when many threads ask at once (qa serve)."""
    with _JIEBA_LOCK:
        return _load_posseg()


@functools.lru_cache(maxsize=1)
def _load_posseg():
    """jieba.posseg's tokenizer, loaded from one marshal file when it exists.

    A cold `qa ask` spends most of its time here: jieba loads its prefix dictionary (0.9 s)
    and jieba.posseg, on import, parses the whole dictionary text again for the tags (0.6-0.9
    s). The cache holds both, loads in about 0.55 s, and is written on first use (a write that
    fails, e.g. on a full disk, only means the next start is slow again).
    """
    import io
    import logging
    import marshal

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(cache_dir())
    path = _dictionary_cache()
    try:  # marshal.loads(bytes): 3x faster than marshal.load(file)
        freq, total, tags = marshal.loads(path.read_bytes())
        cached = isinstance(freq, dict) and isinstance(tags, dict)
    except (OSError, EOFError, ValueError, TypeError):
        cached = False  # none yet, or damaged: rebuilt below
    if cached:
        jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = freq, total, True
        jieba.dt.get_dict_file = lambda: io.BytesIO(b"")  # posseg's import-time table: skipped
        try:
            import jieba.posseg
        finally:
            del jieba.dt.get_dict_file
        jieba.posseg.dt.word_tag_tab = tags
        return jieba.posseg.dt
    import jieba.posseg

    jieba.dt.check_initialized()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            marshal.dump((jieba.dt.FREQ, jieba.dt.total, jieba.posseg.dt.word_tag_tab), f)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
    return jieba.posseg.dt


# an interrogative jieba sometimes joins to the noun it governs (哪些地方/vn, 什么地方)
_JOINED_ASK = re.compile(r"(哪一?[些个家位种所座条项类样]?|什么)(?!怕)(.+)")


@functools.lru_cache(maxsize=4096)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """(word, flag) pairs from jieba.posseg: nr person, ns place, nt organisation, t time, m numeral.
    An interrogative joined to its noun is split off (哪些地方/vn -> 哪些/r 地方/n), so the
    noun it asks for is read the same way however jieba cut it."""
    tok = _posseg_tokenizer()
    out = []
    for p in tok.cut(text):
        m = _JOINED_ASK.fullmatch(p.word) if p.flag != "r" else None
        # only a noun the dictionary knows splits off (哪些地方 -> 地方/n; not 哪年哪月)
        if m and tok.word_tag_tab.get(m.group(2), "")[:1] == "n":
            out += [(m.group(1), "r"), (m.group(2), tok.word_tag_tab[m.group(2)])]
        else:
            out.append((p.word, p.flag))
    return tuple(out)


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
            # a copy of the default dictionary (which jieba.posseg loads anyway) rather than a
            # second load of it: 20 ms instead of 0.6-2.6 s of a one-shot `qa ask`
            _posseg_tokenizer()
            jieba.dt.check_initialized()
            tok = jieba.Tokenizer()
            tok.tmp_dir = str(cache_dir())
            tok.FREQ, tok.total, tok.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
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
