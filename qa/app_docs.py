"""The chat's documents panel: upload documents, see them with their unit counts and warnings,
remove an added one, and choose which documents a question searches.

Uploads go through the same path as `qa add` (qa/documents.py: copied into
`<index>/documents/`, only the new document embedded, a new build switched in atomically);
each file is checked by `check_upload` (type and per-type size) first. After a change the
pipeline's index, retriever and answerer are swapped for ones over the new index; the events
run in the chat's queue ("qa", one at a time), so a question never sees half an update.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from qa import documents as docs_mod
from qa.answer import Answerer
from qa.errors import QAError
from qa.readers import SUFFIXES
from qa.retrieve import Retriever

log = logging.getLogger(__name__)

QUEUE = {"concurrency_id": "qa", "concurrency_limit": 1}


CSS = """
#documents table.qa-docs { width: 100%; font-size: 0.85rem; border-collapse: collapse; }
#documents table.qa-docs th, #documents table.qa-docs td { padding: 0.2rem 0.4rem;
  border-bottom: 1px solid var(--border-color-primary); text-align: left; }
#documents .qa-doc-warn { color: #8a4b00; font-size: 0.78rem; }
#documents .qa-doc-status { font-size: 0.85rem; }
"""


def corpus_of(pipeline) -> list[Path]:
    """The corpus the pipeline was loaded with, or (when not recorded) the files its index
    was built from, minus the added documents (the build adds their folder itself)."""
    corpus = getattr(pipeline, "corpus", None)
    if corpus:
        return list(corpus)
    added = docs_mod.added_dir(pipeline.index.path.parent).resolve()
    return [
        Path(f["path"])
        for f in pipeline.index.manifest["corpus"]["files"]
        if Path(f["path"]).parent != added
    ]


def swap_index(pipeline, index) -> None:
    """Point the pipeline at a new index (new retriever and answerer, same settings)."""
    if hasattr(pipeline.index, "over"):  # a MilvusStore: the same Milvus, the new content
        index = pipeline.index.over(index)
    retriever = Retriever(index, pipeline.retriever.embedder, pipeline.retriever.settings)
    pipeline.index = index
    pipeline.retriever = retriever
    pipeline.answerer = Answerer(retriever, pipeline.answerer.settings)


def documents_html(index) -> str:
    """A table of the documents: name, kind, units, warnings (every text escaped)."""
    rows = []
    for d in docs_mod.list_documents(index):
        where = "已添加 / added" if d.added else "语料 / corpus"
        warn = "".join(f'<div class="qa-doc-warn">⚠ {html.escape(w)}</div>' for w in d.warnings)
        rows.append(
            f"<tr><td>{html.escape(d.name)}{warn}</td><td>{html.escape(d.kind)} · {where}</td>"
            f"<td>{d.passages}</td><td>{d.notes}</td><td>{d.articles}</td><td>{d.sentences}</td></tr>"
        )
    own = {w for d in docs_mod.list_documents(index) for w in d.warnings}
    other = [w for w in index.manifest.get("warnings", []) if w not in own]
    extra = "".join(f'<div class="qa-doc-warn">⚠ {html.escape(w)}</div>' for w in other)
    return (
        '<table class="qa-docs"><thead><tr><th>文档 / Document</th><th>类型 / Kind</th>'
        "<th>段 / Passages</th><th>注释 / Notes</th><th>文章 / Articles</th>"
        f"<th>句 / Sentences</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{extra}"
    )


def _choices(index) -> list[tuple[str, str]]:
    return [(d.name, d.source) for d in docs_mod.list_documents(index)]


def selected_sources(pipeline, selected: list[str] | None) -> set[str] | None:
    """The `sources` filter for a question: None when every document is chosen."""
    if selected is None or getattr(getattr(pipeline, "index", None), "path", None) is None:
        return None
    every = {d.source for d in docs_mod.list_documents(pipeline.index)}
    chosen = set(selected) & every
    return None if chosen == every else chosen


def add_documents_panel(pipeline):
    """Add the documents panel to the gr.Blocks being built; returns the CheckboxGroup whose
    value (a list of Passage.source) is the question's filter (see `selected_sources`)."""
    import gradio as gr

    if getattr(getattr(pipeline, "index", None), "path", None) is None:  # a stand-in, no index
        return gr.CheckboxGroup(visible=False)

    def refresh(message: str, select_new: list[str] | None = None, previous=None):
        index = pipeline.index
        choices = _choices(index)
        sources = [s for _, s in choices]
        if previous is None:
            value = sources
        else:
            value = [s for s in sources if s in previous or s in (select_new or [])]
        removable = [d.name for d in docs_mod.list_documents(index) if d.added]
        return (
            documents_html(index),
            gr.update(choices=choices, value=value),
            gr.update(choices=removable, value=None),
            f'<div class="qa-doc-status">{html.escape(message)}</div>' if message else "",
        )

    def upload(files, selected):
        paths = [Path(f if isinstance(f, str) else f.name) for f in files or []]
        if not paths:
            return (*refresh("", previous=selected), None)
        try:
            index, done = docs_mod.add_documents(
                paths,
                corpus_of(pipeline),
                pipeline.index.path.parent,
                pipeline.retriever.embedder,
                progress=False,
                settings=pipeline.retriever.settings,
            )
        except QAError as e:
            return (*refresh(f"⚠ {e}", previous=selected), None)
        except Exception:
            log.exception("adding documents failed")
            return (*refresh("⚠ 添加失败，请查看日志 / adding failed: see the log"), None)
        swap_index(pipeline, index)
        added = docs_mod.added_dir(index.path.parent)
        new = [str(added / p.name) for p in paths]
        return (*refresh("；".join(done), select_new=new, previous=selected), None)

    def remove(name, selected):
        if not name:
            return refresh("请选择要删除的文档 / choose a document to remove", previous=selected)
        try:
            index, doc = docs_mod.remove_document(
                name,
                corpus_of(pipeline),
                pipeline.index.path.parent,
                pipeline.retriever.embedder,
                progress=False,
                settings=pipeline.retriever.settings,
            )
        except QAError as e:
            return refresh(f"⚠ {e}", previous=selected)
        except Exception:
            log.exception("removing %r failed", name)
            return refresh("⚠ 删除失败，请查看日志 / removing failed: see the log")
        swap_index(pipeline, index)
        return refresh(f"{doc.name}: 已删除 / removed", previous=selected)

    with gr.Accordion("文档 / Documents", open=False, elem_id="documents"):
        table = gr.HTML(documents_html(pipeline.index), elem_id="doc-table")
        choose = gr.CheckboxGroup(
            choices=_choices(pipeline.index),
            value=[s for _, s in _choices(pipeline.index)],
            label="提问时检索的文档 / Documents a question searches",
            elem_id="doc-filter",
        )
        with gr.Row():
            files = gr.File(
                file_count="multiple",
                file_types=list(SUFFIXES),
                label=f"上传文档 / Upload documents ({' '.join(SUFFIXES)})",
                elem_id="doc-upload",
                scale=3,
            )
            with gr.Column(scale=2):
                which = gr.Dropdown(
                    choices=[d.name for d in docs_mod.list_documents(pipeline.index) if d.added],
                    label="删除已添加的文档 / Remove an added document",
                    elem_id="doc-remove-name",
                )
                remove_btn = gr.Button("删除 / Remove", elem_id="doc-remove", variant="stop")
        status = gr.HTML("", elem_id="doc-status")
    files.upload(upload, [files, choose], [table, choose, which, status, files], **QUEUE)
    remove_btn.click(remove, [which, choose], [table, choose, which, status], **QUEUE)
    return choose
