"""`qa add` / `qa remove` / `qa list`: only the new document is embedded, nothing on remove,
the index stays atomic and checksummed, and citations verify against their files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from docgen import DOCX_NOTE, write_docx
from fakes import FakeEmbedder

import qa.documents
import qa.pipeline
from qa.answer import Answerer
from qa.cli import main
from qa.index import build_index, load_index, open_index
from qa.integrity import verified_manifest
from qa.retrieve import Retriever
from qa.settings import DEFAULTS
from qa.types import join_spans

BASE = """春风送暖产业兴

本报讯 今年以来，我市坚持项目为王，全年实施重点项目两百个，推动经济运行稳中向好。

新建改造老旧小区一百二十个，让群众的获得感更加充实。

名词解释

1.“河长制”：由各级党政主要负责人担任河长，负责组织领导相应河湖的管理和保护工作。
2.“双碳”：碳达峰与碳中和。
"""

EXTRA = """湖畔新城迎来开工潮

本报讯 三月的湖畔新城，塔吊林立、机器轰鸣，总投资五十亿元的智能制造产业园正在加紧建设。

工作注释

1.“标准地”：在土地出让前，政府对地块的投资强度、亩均税收、能耗标准等作出明确规定。
"""


class CountingEmbedder(FakeEmbedder):
    """The fake embedder, recording every document text it is asked to encode."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def encode_documents(self, texts, progress=False):
        self.texts.extend(texts)
        return super().encode_documents(texts, progress)


@pytest.fixture
def setup(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "base.txt").write_text(BASE, encoding="utf-8")
    root = tmp_path / "index"
    emb = CountingEmbedder()
    build_index([corpus], root, emb, progress=False)
    emb.texts.clear()
    monkeypatch.setattr(qa.documents, "get_embedder", lambda *a, **k: emb)
    monkeypatch.setattr(qa.pipeline, "get_embedder", lambda *a, **k: emb)
    files = tmp_path / "incoming"
    files.mkdir()
    (files / "extra.md").write_text(EXTRA, encoding="utf-8")
    write_docx(files / "notice.docx")
    where = ["--corpus", str(corpus), "--index", str(root)]
    return corpus, root, emb, files, where


def _answerer(index, emb) -> Answerer:
    # the refusal model was fitted on e5 cosines: with the fake embedder, test what is quoted
    return Answerer(Retriever(index, emb), DEFAULTS.with_(found_threshold=0.0))


def _verify(ans) -> None:
    """Every citation's spans give its text in the file it names (or the saved extraction)."""
    assert ans.citations
    for c in ans.citations:
        text = Path(c.extracted or c.source).read_bytes().decode("utf-8")
        assert join_spans(text, c.spans) == c.text


def _texts_of(index, source: str) -> list[str]:
    from qa.index import embedding_text

    ps = [p for p in index.passages if p.source == source]
    return [embedding_text(p) for p in ps] + [
        index.sentence_text(s)
        for s in index.sentences
        if index.passages[s.passage].source == source
    ]


def test_add_list_remove(setup, capsys):
    corpus, root, emb, files, where = setup
    before = load_index(root)
    base_vectors = before.dense.reconstruct_n(0, before.dense.ntotal)

    assert main(["add", str(files / "notice.docx"), str(files / "extra.md"), *where]) == 0
    out = capsys.readouterr().out
    assert "notice.docx: added" in out and "extra.md: added" in out
    added = root / "documents"
    assert (added / "notice.docx").read_bytes() == (files / "notice.docx").read_bytes()
    index = load_index(root)
    verified_manifest(root)  # every checksum of the new build holds
    assert index.path != before.path and not before.path.exists()
    # only the two new documents were embedded: each of their texts once, nothing of base.txt
    new_texts = _texts_of(index, str(added / "notice.docx")) + _texts_of(
        index, str(added / "extra.md")
    )
    assert sorted(emb.texts) == sorted(set(new_texts))
    assert not set(emb.texts) & set(_texts_of(before, str((corpus / "base.txt").resolve())))
    # the kept rows are the stored vectors, bit for bit
    kept = [p.id for p in index.passages if p.source == str((corpus / "base.txt").resolve())]
    assert np.array_equal(index.dense.reconstruct_n(0, len(kept)), base_vectors)

    # what a full build of the same corpus writes, unit for unit
    full = build_index([corpus], root, FakeEmbedder(), progress=False)
    assert full.manifest["content_hash"] == index.manifest["content_hash"]
    assert full.manifest["documents"] == index.manifest["documents"]
    assert np.allclose(
        full.dense.reconstruct_n(0, full.dense.ntotal),
        index.dense.reconstruct_n(0, index.dense.ntotal),
        atol=1e-6,
    )
    emb.texts.clear()

    # the next `qa ask` finds the index fresh: no rebuild, nothing embedded
    current = (root / "CURRENT").read_text()
    assert main(["ask", "标准地是什么意思", "--json", *where]) in (0, 1)
    capsys.readouterr()
    assert (root / "CURRENT").read_text() == current and emb.texts == []

    assert main(["list", *where, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    by_name = {d["name"]: d for d in listed["documents"]}
    assert set(by_name) == {"base.txt", "notice.docx", "extra.md"}
    assert by_name["notice.docx"]["added"] and not by_name["base.txt"]["added"]
    assert by_name["base.txt"]["notes"] == 2 and by_name["extra.md"]["notes"] == 1
    assert by_name["notice.docx"]["kind"] == "docx" and by_name["notice.docx"]["passages"] > 0
    assert listed["out_of_date"] == []
    assert main(["list", *where]) == 0
    text = capsys.readouterr().out
    assert "notice.docx  [docx, added]" in text and "2 notes" in text

    index = load_index(root)
    answerer = _answerer(index, emb)
    ans = answerer.ask("数字乡村是什么意思")
    assert ans.found and Path(ans.citations[0].source).name == "notice.docx"
    assert DOCX_NOTE.split("：")[1][:10] in ans.answer
    _verify(ans)
    _verify(answerer.ask("河长制是什么意思"))

    # remove: nothing embedded, the rest kept bit for bit
    assert main(["remove", "notice.docx", *where]) == 0
    assert "notice.docx: removed" in capsys.readouterr().out
    assert emb.texts == [] and not (added / "notice.docx").exists()
    after = load_index(root)
    verified_manifest(root)
    assert {Path(d["source"]).name for d in after.manifest["documents"]} == {"base.txt", "extra.md"}
    assert not any(p.source.endswith("notice.docx") for p in after.passages)
    answerer = _answerer(after, emb)
    ans = answerer.ask("数字乡村是什么意思")
    assert not any(c.source.endswith("notice.docx") for c in ans.citations)
    _verify(answerer.ask("标准地是什么意思"))
    _verify(answerer.ask("河长制是什么意思"))
    # still what a full build writes
    full = build_index([corpus], root, FakeEmbedder(), progress=False)
    assert full.manifest["content_hash"] == after.manifest["content_hash"]


def test_refusals_change_nothing(setup, capsys):
    corpus, root, emb, files, where = setup
    current = (root / "CURRENT").read_text()
    (files / "tool.exe").write_bytes(b"MZ\x00\x01")
    (files / "empty.txt").write_bytes(b"")
    (files / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 10)
    for bad, says in (
        ("tool.exe", "not a supported type"),
        ("empty.txt", "empty"),
        ("binary.txt", "binary.txt"),
        ("missing.txt", "no such file"),
    ):
        assert main(["add", str(files / bad), *where]) == 2
        assert says in capsys.readouterr().err
    # a corpus document is not ours to delete; an unknown name says what there is
    assert main(["remove", "base.txt", *where]) == 2
    assert "part of the corpus folder" in capsys.readouterr().err
    assert main(["remove", "nope.txt", *where]) == 2
    assert "base.txt" in capsys.readouterr().err
    assert (corpus / "base.txt").exists()
    assert (root / "CURRENT").read_text() == current and emb.texts == []
    assert not any((root / "documents").glob("*")) if (root / "documents").exists() else True


def test_a_failed_add_or_remove_puts_everything_back(setup, monkeypatch, capsys):
    corpus, root, emb, files, where = setup
    current = (root / "CURRENT").read_text()
    real_save = np.save
    monkeypatch.setattr(np, "save", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "No space")))
    assert main(["add", str(files / "extra.md"), *where]) != 0
    assert "previous index" in capsys.readouterr().err
    assert (root / "CURRENT").read_text() == current
    assert list((root / "documents").iterdir()) == []  # nothing left behind, no dot files
    monkeypatch.setattr(np, "save", real_save)
    assert main(["add", str(files / "extra.md"), *where]) == 0
    current = (root / "CURRENT").read_text()
    monkeypatch.setattr(np, "save", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "No space")))
    assert main(["remove", "extra.md", *where]) != 0
    assert (root / "CURRENT").read_text() == current
    assert [p.name for p in (root / "documents").iterdir()] == ["extra.md"]
    monkeypatch.setattr(np, "save", real_save)
    # the index and the folder agree: nothing to rebuild
    emb.texts.clear()
    open_index([corpus], root, emb, progress=False)
    assert (root / "CURRENT").read_text() == current and emb.texts == []


def test_replacing_and_a_changed_corpus_file_embed_only_what_changed(setup, capsys):
    corpus, root, emb, files, where = setup
    assert main(["add", str(files / "extra.md"), *where]) == 0
    assert main(["add", str(files / "extra.md"), *where]) == 0
    assert "already added" in capsys.readouterr().out
    emb.texts.clear()
    changed = EXTRA.replace("五十亿元", "六十亿元")
    (files / "extra.md").write_text(changed, encoding="utf-8")
    assert main(["add", str(files / "extra.md"), *where]) == 0
    assert "replaced" in capsys.readouterr().out
    assert emb.texts and all("六十亿元" in t for t in emb.texts)
    # a file edited in the corpus folder: the next open re-embeds only its changed text
    emb.texts.clear()
    (corpus / "base.txt").write_text(BASE.replace("两百个", "三百个"), encoding="utf-8")
    index = open_index([corpus], root, emb, progress=False)
    assert emb.texts and all("三百个" in t for t in emb.texts)
    _verify(_answerer(index, emb).ask("全年实施重点项目多少个"))


def test_sources_filter_what_a_question_searches(setup):
    corpus, root, emb, files, where = setup
    assert main(["add", str(files / "extra.md"), *where]) == 0
    index = load_index(root)
    extra = str(root / "documents" / "extra.md")
    base = str((corpus / "base.txt").resolve())
    r = Retriever(index, emb)
    assert {h.passage.source for h in r.search("河长制和标准地", k=50).hits} == {base, extra}
    assert {h.passage.source for h in r.search("河长制", k=50, sources={extra}).hits} == {extra}
    assert r.search("河长制", sources=set()).hits == []
    answerer = _answerer(index, emb)
    assert Path(answerer.ask("河长制是什么意思").citations[0].source).name == "base.txt"
    ans = answerer.ask("河长制是什么意思", sources={extra})
    assert all(c.source == extra for c in ans.citations + ans.related)
    ans = answerer.ask("标准地是什么意思", sources={extra})
    assert ans.found
    _verify(ans)


def test_chat_panel_helpers(setup):
    """What the documents panel shows and passes down (the browser test drives the page)."""
    from qa.app import ask_in_conversation, chat_messages, known_sources, new_store
    from qa.app_docs import corpus_of, documents_html, selected_sources, swap_index
    from qa.pipeline import Pipeline

    corpus, root, emb, files, where = setup
    index = load_index(root)
    retriever = Retriever(index, emb)
    pipe = Pipeline(index, retriever, _answerer(index, emb))
    assert corpus_of(pipe) == [(corpus / "base.txt").resolve()]  # no corpus recorded: files
    hostile = files / "<img src=x onerror=alert(1)>.md"
    hostile.write_text(EXTRA, encoding="utf-8")
    new, _ = qa.documents.add_documents([hostile], corpus_of(pipe), root, emb)
    swap_index(pipe, new)
    assert pipe.retriever.index is new and pipe.answerer.index is new
    table = documents_html(new)
    assert "<img" not in table and "&lt;img src=x onerror=alert(1)&gt;.md" in table
    assert "base.txt" in table and "<td>2</td>" in table  # base.txt: 2 notes

    every = {d["source"] for d in new.manifest["documents"]}
    base = str((corpus / "base.txt").resolve())
    assert selected_sources(pipe, None) is None and selected_sources(pipe, list(every)) is None
    assert selected_sources(pipe, [base]) == {base}
    assert selected_sources(pipe, []) == set()

    def reply(sources):
        store = ask_in_conversation(pipe, "标准地是什么意思", new_store(), sources)
        return chat_messages(store, known_sources(pipe))[-1]["content"]

    assert "onerror" not in reply({base})  # not quoted from the added document
    assert "&lt;img src=x onerror=alert(1)&gt;.md" in reply(None)
