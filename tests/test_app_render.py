"""The chat's HTML rendering, without a browser or a model: escaping, highlights, line
numbers, the context view, not-found and error replies, and the handler's failure path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.app import (
    context_html,
    highlight,
    line_numbers,
    question_terms,
    render_answer,
    render_question,
    respond,
)
from qa.types import Answer, Citation

DOC = (
    "测试文件\n"
    "\n"
    "开头的一段普通文字，用来检查上下文。\n"
    "工作注释\n"
    "1.“吨半粮”：指一年两季粮食亩产达到一吨半，也就是1500公斤。"
    "<script>alert(1)</script><img src=x onerror=alert(1)>\n"
    "2.“三个一批”：开发区项目签约一批、开工一批、投产一批。\n"
    "结尾的一段普通文字 & 符号。\n"
)
PAYLOAD_Q = "<script>alert(2)</script><img src=x onerror=alert(2)>吨半粮是什么意思"


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    p = tmp_path / "made-up.txt"
    p.write_bytes(DOC.encode("utf-8"))
    return p


def span_of(needle: str) -> tuple[int, int]:
    i = DOC.index(needle)
    return i, i + len(needle)


def cite(
    path: Path, needle: str, n: int = 1, title: str = "工作注释 · 注释1「吨半粮」"
) -> Citation:
    s, e = span_of(needle)
    return Citation(n, str(path), title, DOC[s:e], [(s, e)], 0.9)


DEFINITION = "指一年两季粮食亩产达到一吨半，也就是1500公斤。<script>alert(1)</script><img src=x onerror=alert(1)>"


def found_answer(path: Path, question: str = PAYLOAD_Q) -> Answer:
    c = cite(path, DEFINITION)
    return Answer(question, True, f"「吨半粮」（工作注释第1条）：{c.text}[1]", [c])


def no_live_markup(html: str) -> None:
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "&lt;script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_document_and_question_markup_is_escaped(doc):
    out = render_answer(found_answer(doc), PAYLOAD_Q)
    no_live_markup(out)
    assert "alert(2)" not in out  # the question itself is not echoed in the reply
    q = render_question(PAYLOAD_Q)
    assert "<script" not in q and "<img" not in q
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in q


def test_reply_is_one_line_of_html(doc):
    # a blank line would let the chat's Markdown renderer start reading document text
    out = render_answer(found_answer(doc), PAYLOAD_Q)
    assert "\n" not in out and "\r" not in out
    assert out.startswith("<div") and out.endswith("</div>")


def test_question_words_are_highlighted(doc):
    out = render_answer(found_answer(doc), "吨半粮是什么意思")
    quote = re.search(r'<blockquote class="qa-quote">(.*?)</blockquote>', out).group(1)
    assert "<mark>吨半</mark>" in quote
    assert "<mark>" not in highlight("这是什么意思", "吨半粮是什么意思")  # question words only


def test_question_terms():
    assert set(question_terms("吨半粮是什么意思")) == {"吨半", "半粮", "粮是"}
    terms = question_terms("What was the ＧＤＰ target in 2025?")
    assert "gdp" in terms and "2025" in terms and "target" in terms
    assert "what" not in terms and "the" not in terms


def test_latin_words_match_whole_words_after_nfkc():
    out = highlight("ＧＤＰ增长与gdpr无关", "GDP target")
    assert out.count("<mark>") == 1
    assert "<mark>ＧＤＰ</mark>" in out


def test_line_numbers(doc):
    s, e = span_of(DEFINITION)
    assert line_numbers(DOC, s, e) == (5, 5)
    s2, e2 = span_of("开头的一段普通文字，用来检查上下文。\n工作注释")
    assert line_numbers(DOC, s2, e2) == (3, 4)
    assert line_numbers(DOC, 0, 1) == (1, 1)
    # an end that falls just after a newline still belongs to that line
    s3 = DOC.index("测试文件")
    assert line_numbers(DOC, s3, s3 + len("测试文件\n")) == (1, 1)
    out = render_answer(found_answer(doc), "吨半粮")
    assert "made-up.txt" in out
    assert "第 5 行 / line 5" in out


def test_multi_line_citation_shows_a_line_range(doc):
    c = cite(doc, "2.“三个一批”：开发区项目签约一批、开工一批、投产一批。\n结尾")
    out = render_answer(Answer("三个一批", True, "x[1]", [c]), "三个一批")
    assert "第 6–7 行 / lines 6–7" in out


def test_context_view_shows_surrounding_text(doc):
    out = render_answer(found_answer(doc), "吨半粮是什么意思")
    assert '<details class="qa-context"><summary>上下文 / Context</summary>' in out
    ctx = re.search(r'<div class="qa-context-text">(.*?)</div></details>', out).group(1)
    assert "开头的一段普通文字" in ctx  # before the quote
    assert "三个一批" in ctx and "结尾的一段普通文字 &amp; 符号" in ctx  # after it
    assert '<span class="qa-span">' in ctx  # the quote itself is marked out
    quoted = "".join(re.findall(r'<span class="qa-span">(.*?)</span>', ctx))
    assert "1500公斤" in re.sub(r"</?mark>", "", quoted)
    assert "开头的一段" not in quoted
    no_live_markup(ctx)


def test_context_window_is_limited_and_far_spans_get_their_own_window():
    source = "甲" * 1000 + "QUOTE-A" + "乙" * 1000 + "QUOTE-B" + "丙" * 1000
    a, b = source.index("QUOTE-A"), source.index("QUOTE-B")
    out = context_html(source, [(a, a + 7), (b, b + 7)], "无关", radius=50)
    assert out.count('<span class="qa-span">') == 2
    assert "⋯" in out  # the windows are shown apart, not the 1000 characters between
    text = re.sub(r"<[^>]+>", "", out)
    assert text.count("乙") == 100
    assert text.count("甲") == 50 and text.count("丙") == 50


def test_not_found_lists_related_passages(doc):
    related = [
        cite(doc, "开头的一段普通文字，用来检查上下文。", 1, "测试文件"),
        cite(doc, "2.“三个一批”：开发区项目签约一批、开工一批、投产一批。", 2, "注释2「三个一批」"),
    ]
    body = "文档中没有找到这个问题的答案。\n可能相关 (possibly related):\n[1] 测试文件\n[2] 注释2"
    for ans in (
        Answer("运城市GDP目标", False, body, [], related=related),
        Answer("运城市GDP目标", False, body, related),  # how Answerer.ask passes them today
    ):
        out = render_answer(ans, "运城市GDP目标")
        assert "qa-notfound" in out
        assert "可能相关 / Possibly related" in out
        assert "文档中没有找到这个问题的答案。" in out
        assert out.count('<div class="qa-source">') == 2
        assert out.count('<details class="qa-context">') == 2
        assert "注释2「三个一批」" in out and "第 6 行 / line 6" in out
        assert "来源 / Sources" not in out


def test_not_found_without_related(doc):
    out = render_answer(Answer("q", False, "文档中没有找到这个问题的答案。", []), "q")
    assert "文档中没有找到" in out and "qa-source" not in out


def test_error_answer_shows_its_message():
    ans = Answer("", False, "empty question / 问题为空", [], error="empty question / 问题为空")
    out = render_answer(ans, "   ")
    assert "qa-error" in out and "问题为空" in out and "qa-source" not in out


def test_long_question_and_control_characters_are_shown_safely():
    q = render_question("长" * 2001)
    assert "2,001" in q and q.count("长") < 400
    q = render_question("a\x01b\x00<c>")
    assert "\x01" not in q and "\x00" not in q and "␁" in q and "&lt;c&gt;" in q


def test_missing_source_file_still_renders(tmp_path):
    c = Citation(1, str(tmp_path / "gone.txt"), "标题", "引文", [(0, 2)], 0.5)
    out = render_answer(Answer("引文", True, "引文[1]", [c]), "引文")
    assert "gone.txt" in out and "qa-context" not in out and "<mark>引文</mark>" in out


def test_changed_source_file_is_flagged(doc):
    s, e = span_of("开头的一段")
    c = Citation(1, str(doc), "标题", "别的文字", [(s, e)], 0.5)
    out = render_answer(Answer("q", True, "别的文字[1]", [c]), "q")
    assert "file changed since indexing" in out


class _Answerer:
    def __init__(self, result):
        self.result = result

    def ask(self, question):
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


class _Pipeline:
    def __init__(self, result):
        self.answerer = _Answerer(result)


def test_handler_turns_exceptions_into_a_short_message():
    history = respond(_Pipeline(RuntimeError("secret detail")), "问题", [])
    assert [m["role"] for m in history] == ["user", "assistant"]
    reply = history[-1]["content"]
    assert "出错了" in reply and "Try asking it again" in reply
    assert "RuntimeError" not in reply
    assert "secret detail" not in reply and "Traceback" not in reply


def test_handler_shows_error_answers(doc):
    err = Answer("", False, "empty question / 问题为空", [], error="empty question / 问题为空")
    history = respond(_Pipeline(err), None, [{"role": "user", "content": "earlier"}])
    assert len(history) == 3 and "问题为空" in history[-1]["content"]
    ok = respond(_Pipeline(found_answer(doc, "吨半粮")), "吨半粮", [])
    assert "1500公斤" in ok[-1]["content"]


def test_build_ui_makes_blocks(doc):
    import gradio as gr

    from qa.app import build_ui

    demo = build_ui(_Pipeline(found_answer(doc)))
    assert isinstance(demo, gr.Blocks)
    ids = {getattr(b, "elem_id", None) for b in demo.blocks.values()}
    assert {"question", "ask", "chat"} <= ids


# -- answers of every kind, as the chat shows them (real page, fake embedder) ----------


@pytest.fixture(scope="module")
def kinds(fake_pipeline):
    from qa.answer import Answerer
    from qa.settings import DEFAULTS

    a = Answerer(fake_pipeline.retriever, DEFAULTS.with_(found_threshold=0.0))
    return {
        "parts": a.ask("三大灌区是哪三个？吨半粮又是多少公斤？"),
        "comparison": a.ask("乡村e镇和晋创谷有什么区别"),
        "list": a.ask("全省15件民生实事都有哪些？"),
        "summary": a.ask("帮我概括一下“全面提升政府治理效能”这部分讲了什么"),
    }


@pytest.mark.parametrize("kind", ["parts", "comparison", "list", "summary"])
def test_every_kind_renders_with_every_part_cited(kinds, kind):
    ans = kinds[kind]
    html_ = render_answer(ans)
    assert ans.found and len(ans.citations) >= (2 if kind != "list" else 1)
    refs = re.findall(r'<sup class="qa-ref">\[(\d+)\]</sup>', html_)
    heads = re.findall(r'<span class="qa-n">\[(\d+)\]</span>', html_)
    # every [n] in the answer has its source below, and every source is referenced
    assert sorted(set(refs), key=int) == heads == [str(c.n) for c in ans.citations]
    if kind == "parts":
        assert "（1）" in html_ and "（2）" in html_
    if kind == "list":
        assert "共15项" in html_


def test_low_confidence_answer_is_marked(kinds):
    ans = kinds["list"]
    ans.level, ans.confidence = "low", 0.41
    html_ = render_answer(ans)
    assert "qa-level-low" in html_ and "可能相关，请核对来源" in html_ and "41%" in html_
    ans.level, ans.confidence = "high", 0.93
    html_ = render_answer(ans)
    assert "qa-level-low" not in html_ and "请核对来源" not in html_ and "93%" in html_


def test_not_found_shows_its_verdict_first(doc):
    ans = Answer(
        "吨半粮是哪一年提出的", False, "文档中没有找到。", [], related=[cite(doc, "吨半粮")]
    )
    html_ = render_answer(ans)
    assert html_.index("未找到 / Not found") < html_.index("qa-sources")
