"""The chat's HTML rendering, without a browser or a model: escaping, highlights, line
numbers, the context view, not-found and error replies, the copy text, and the
conversation kept in the browser (follow-ups, retry, undo, restore, damaged data)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.app import (
    MAX_TURNS,
    answer_from_json,
    answer_plain_text,
    ask_in_conversation,
    chat_messages,
    context_html,
    highlight,
    line_numbers,
    new_store,
    question_terms,
    render_answer,
    render_question,
    retry_turn,
    undo_turn,
)
from qa.settings import DEFAULTS
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
    """Answers with `result` (or raises it), recording each question and its history."""

    def __init__(self, result):
        self.result = result
        self.calls: list[tuple[str, list[str] | None]] = []

    def ask(self, question, history=None):
        self.calls.append((question, history))
        if isinstance(self.result, Exception):
            raise self.result
        return self.result(question, history) if callable(self.result) else self.result


class _Index:
    def __init__(self, sources):
        self.passages = [type("P", (), {"source": s, "extracted": None})() for s in sources]
        self.manifest = {"content_hash": "0123456789abcdef0123"}


class _Pipeline:
    def __init__(self, result, sources=()):
        self.answerer = _Answerer(result)
        self.index = _Index([str(s) for s in sources])
        self.settings = DEFAULTS


def _replies(store, doc) -> list[str]:
    msgs = chat_messages(store, frozenset({str(doc)}))
    assert [m["role"] for m in msgs] == ["user", "assistant"] * (len(msgs) // 2)
    return [m["content"] for m in msgs if m["role"] == "assistant"]


def test_handler_turns_exceptions_into_a_short_message(doc):
    store = ask_in_conversation(_Pipeline(RuntimeError("secret detail")), "问题", new_store())
    (reply,) = _replies(store, doc)
    assert "出错了" in reply and "Try asking it again" in reply
    assert "RuntimeError" not in reply
    assert "secret detail" not in reply and "Traceback" not in reply


def test_handler_shows_the_projects_own_errors_as_written(doc):
    from qa.errors import IndexNotReady

    pipe = _Pipeline(IndexNotReady("no index at x: run `qa build`"))
    (reply,) = _replies(ask_in_conversation(pipe, "问题", new_store()), doc)
    assert "run `qa build`" in reply and "IndexNotReady" not in reply


def test_handler_shows_error_answers(doc):
    err = Answer("", False, "empty question / 问题为空", [], error="empty question / 问题为空")
    store = ask_in_conversation(_Pipeline(err), None, new_store())
    assert "问题为空" in _replies(store, doc)[-1]
    ok = ask_in_conversation(_Pipeline(found_answer(doc, "吨半粮"), [doc]), "吨半粮", store)
    assert len(ok["turns"]) == 2 and "1500公斤" in _replies(ok, doc)[-1]


def _follow_up(doc):
    """A fake answerer that reads a question with history as a rewritten follow-up."""

    def result(question, history):
        ans = found_answer(doc, question)
        if history:
            ans.standalone_question = f"{history[-1]}——{question}"
        return ans

    return _Pipeline(result, [doc])


def test_follow_ups_are_asked_with_the_earlier_questions(doc):
    pipe = _follow_up(doc)
    store = new_store()
    for q in ("开发区三度指什么", "那三率呢？", "第一个呢"):
        store = ask_in_conversation(pipe, q, store)
    assert pipe.answerer.calls == [
        ("开发区三度指什么", None),
        ("那三率呢？", ["开发区三度指什么"]),
        ("第一个呢", ["开发区三度指什么", "那三率呢？"]),
    ]
    replies = _replies(store, doc)
    assert "按上文理解为" not in replies[0]
    assert "按上文理解为 / Read as：" in replies[1] and "开发区三度指什么——那三率呢？" in replies[1]
    # the user's messages are the questions as typed
    msgs = chat_messages(store, frozenset({str(doc)}))
    assert msgs[2]["content"] == render_question("那三率呢？")


def test_retry_answers_the_last_question_again_with_the_same_history(doc):
    pipe = _follow_up(doc)
    store = ask_in_conversation(pipe, "甲", new_store())
    store = ask_in_conversation(pipe, "乙", store)
    pipe.answerer.calls.clear()
    again = retry_turn(pipe, store, 2)  # the chat gives the index of the retried message
    assert pipe.answerer.calls == [("乙", ["甲"])]
    assert [t["q"] for t in again["turns"]] == ["甲", "乙"]
    retry_turn(pipe, store)  # no index: the last turn
    assert pipe.answerer.calls[-1] == ("乙", ["甲"])
    retry_turn(pipe, store, 0)  # an earlier turn: it is answered again and later turns go
    assert pipe.answerer.calls[-1] == ("甲", None)
    assert retry_turn(pipe, new_store())["turns"] == []


def test_undo_removes_the_last_turn_and_gives_its_question_back(doc):
    pipe = _follow_up(doc)
    store = new_store()
    for q in ("甲", "乙", "丙"):
        store = ask_in_conversation(pipe, q, store)
    undone, question = undo_turn(store, 4)
    assert question == "丙" and [t["q"] for t in undone["turns"]] == ["甲", "乙"]
    undone, question = undo_turn(undone)
    assert question == "乙" and [t["q"] for t in undone["turns"]] == ["甲"]
    assert undo_turn(new_store()) == (new_store(), "")


def test_conversation_is_bounded(doc):
    pipe = _follow_up(doc)
    store = new_store()
    for i in range(MAX_TURNS + 3):
        store = ask_in_conversation(pipe, f"问题{i}", store)
    qs = [t["q"] for t in store["turns"]]
    assert len(qs) == MAX_TURNS and qs[0] == "问题3" and qs[-1] == f"问题{MAX_TURNS + 2}"
    assert len(pipe.answerer.calls[-1][1]) <= 8  # the history passed on stays short


def test_damaged_or_foreign_store_is_an_empty_conversation(doc):
    allowed = frozenset({str(doc)})
    for bad in (None, "x", [], {"v": 999, "turns": [{"q": "a", "a": {}}]}, {"v": 1, "turns": 5}):
        assert chat_messages(bad, allowed) == []
    store = {"v": 1, "turns": [{"q": "a", "a": {"found": "?", "citations": 7}}, 3, {"x": 1}]}
    msgs = chat_messages(store, allowed)
    assert len(msgs) == 2 and "saved answer unreadable" in msgs[1]["content"]


def test_restored_answers_may_only_cite_files_of_the_index(doc, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容 " * 20, encoding="utf-8")
    ans = Answer("q", True, "机密[1]", [Citation(1, str(secret), "t", "机密内容", [(0, 4)], 1.0)])
    store = {"v": 1, "turns": [{"q": "q", "a": ans.to_json()}]}
    out = chat_messages(store, frozenset({str(doc)}))[1]["content"]
    assert "机密" not in out and "saved answer unreadable" in out
    assert answer_from_json(ans.to_json(), frozenset({str(secret)})) is not None


def test_restored_answer_renders_as_the_fresh_one(doc):
    ans = found_answer(doc)
    ans.standalone_question = "吨半粮是什么意思"
    ans.level, ans.confidence = "medium", 0.7
    back = answer_from_json(ans.to_json(), frozenset({str(doc)}))
    assert render_answer(back, PAYLOAD_Q) == render_answer(ans, PAYLOAD_Q)


def test_answer_markers_link_to_their_sources(doc):
    out = render_answer(found_answer(doc), "吨半粮")
    assert re.findall(r'<a class="qa-ref" href="#"[^>]*>\[(\d+)\]</a>', out) == ["1"]
    assert '<span class="qa-n">[1]</span>' in out  # the source it opens


def test_reading_of_a_follow_up_is_shown_escaped_and_marks_its_words(doc):
    ans = found_answer(doc, "那它呢")
    ans.standalone_question = "<b>吨半粮</b>是什么意思"
    out = render_answer(ans, "那它呢")
    assert out.index("按上文理解为") < out.index('class="qa-answer"')
    assert "&lt;b&gt;吨半粮&lt;/b&gt;是什么意思" in out and "<b>" not in out
    quote = re.search(r'<blockquote class="qa-quote">(.*?)</blockquote>', out).group(1)
    assert "<mark>吨半</mark>" in quote  # marked from the question as read, not "那它呢"


def test_copy_text_holds_the_answer_and_each_citation(doc):
    ans = found_answer(doc, "吨半粮")
    ans.citations.append(
        Citation(2, str(doc), "报告 · <第二部分>", "三个一批", [span_of("三个一批")], 0.5)
    )
    ans.citations.append(
        Citation(3, str(doc), "附件", "开头", [span_of("开头")], 0.4, location="第2页")
    )
    ans.answer += "另见[2][3]"
    text = answer_plain_text(ans)
    assert text.startswith("「吨半粮」（工作注释第1条）：指一年两季")
    assert "<script>alert(1)</script>" in text  # plain text: as in the document
    lines = text.splitlines()
    assert "[1] 工作注释 · 注释1「吨半粮」 — made-up.txt，第 5 行 / line 5" in lines
    assert "[2] 报告 · <第二部分> — made-up.txt，第 6 行 / line 6" in lines
    assert "[3] 附件 — made-up.txt，第2页" in lines
    out = render_answer(ans, "吨半粮")
    hidden = re.search(r'<div class="qa-copy-text" hidden>(.*?)</div>', out).group(1)
    assert "\n" not in out and "&#10;" in hidden
    assert "&lt;第二部分&gt;" in hidden and "<第二部分>" not in out
    assert 'class="qa-copy"' in out


def test_copy_text_of_a_not_found_reply_and_a_follow_up(doc):
    related = [cite(doc, "开头的一段普通文字，用来检查上下文。", 1, "测试文件")]
    ans = Answer("它呢", False, "文档中没有找到。\n[1] 测试文件", [], related=related)
    ans.standalone_question = "吨半粮是哪一年提出的"
    lines = answer_plain_text(ans).splitlines()
    assert lines[:3] == [
        "按上文理解为 / Read as：吨半粮是哪一年提出的",
        "未找到 / Not found",
        "文档中没有找到。",
    ]
    assert "可能相关 / Possibly related：" in lines
    assert "[1] 测试文件 — made-up.txt，第 3 行 / line 3" in lines
    err = Answer("", False, "empty question / 问题为空", [], error="empty question / 问题为空")
    assert answer_plain_text(err) == "empty question / 问题为空"
    assert "qa-copy" not in render_answer(err)


def test_build_ui_makes_blocks(doc):
    import gradio as gr

    from qa.app import HEAD, build_ui

    demo = build_ui(_Pipeline(found_answer(doc), [doc]))
    assert isinstance(demo, gr.Blocks)
    ids = {getattr(b, "elem_id", None) for b in demo.blocks.values()}
    assert {"question", "ask", "chat"} <= ids
    (state,) = [b for b in demo.blocks.values() if isinstance(b, gr.BrowserState)]
    assert state.storage_key == "policy-qa-chat-0123456789abcdef"  # one per corpus
    assert '"zh-CN"' in HEAD


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
    refs = re.findall(r'<a class="qa-ref"[^>]*>\[(\d+)\]</a>', html_)
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


def test_a_spelling_fix_is_shown_as_a_reading_not_as_the_conversation(doc):
    c = cite(doc, "开头的一段普通文字，用来检查上下文。", 1, "测试文件")
    ans = Answer("三大罐区是那三个", True, f"{c.text}[1]", [c])
    ans.standalone_question, ans.reading = "三大灌区是那三个", "spelling"
    out = render_answer(ans)
    assert "理解为 / Read as：" in out and "按上文" not in out and "三大灌区是那三个" in out
    assert answer_plain_text(ans).splitlines()[0] == "理解为 / Read as：三大灌区是那三个"
    ans.reading = "conversation"
    assert "按上文理解为 / Read as：" in render_answer(ans)
