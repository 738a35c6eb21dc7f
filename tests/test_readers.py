"""Word and PDF documents: read in order, parsed like a page, indexed with their extracted text
saved beside the build, and cited with that text's path and the page or paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest
from docgen import DOCX_NOTE, PDF_LEFT, PDF_NOTE, PDF_PAGE1, PDF_RIGHT, write_docx, write_pdf
from fakes import FakeEmbedder

from qa.ingest import parse_file
from qa.readers import UnreadableFile, read_source
from qa.types import join_spans


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("docs")
    write_docx(d / "notice.docx")
    write_pdf(d / "spring.pdf")
    return d


def test_docx_blocks_in_document_order_with_paragraph_labels(docs):
    src = read_source(docs / "notice.docx")
    assert src.kind == "docx" and src.extracted
    lines = src.text.split("\n\n")
    assert lines[0] == "# 关于推进数字乡村建设的通知"  # heading -> Markdown mark
    assert lines[2].startswith("1.建设益农信息社") and lines[3].startswith("2.推广智慧农机")
    assert lines[4] == "- 加强农村网络安全保障。"  # a bullet list item
    assert lines[5].splitlines() == [
        "指标 | 目标",
        "行政村通宽带比例 | 100%",
        "益农信息社 | 2000个",
    ]
    assert lines[7] == f"1.{DOCX_NOTE}"  # numbering of a second list starts at 1
    labels = [b.label for b in src.blocks]
    assert labels == [f"第{i}段" for i in range(1, 6)] + ["表1", "第6段", "第7段", "第8段"]
    for b in src.blocks:
        assert src.text[b.start : b.end] in lines or src.text[b.start : b.end] == lines[5]


def test_docx_parsed_into_notes_and_located_passages(docs):
    doc = parse_file(docs / "notice.docx")
    assert [(g.number, g.term) for g in doc.glossary] == [(1, "数字乡村"), (2, "益农信息社")]
    assert doc.glossary[0].section is None and doc.warnings == []
    by_text = {p.text: p for p in doc.passages}
    assert by_text[DOCX_NOTE].location == "第7段"
    rows = [p for p in doc.passages if "行政村通宽带比例 | 100%" in p.text]
    assert len(rows) == 1 and rows[0].location == "表1"
    for p in doc.passages:
        assert join_spans(doc.text, p.spans) == p.text


def test_pdf_pages_columns_and_wrapped_lines(docs):
    src = read_source(docs / "spring.pdf")
    assert src.kind == "pdf" and [b.label for b in src.blocks] == ["第1页", "第2页"]
    page1 = src.text[src.blocks[0].start : src.blocks[0].end]
    page2 = src.text[src.blocks[1].start : src.blocks[1].end]
    assert PDF_PAGE1 in page1  # a paragraph wrapped over several lines is joined back
    # the left column is read whole before the right one, the note below them last
    assert page2.index(PDF_LEFT) < page2.index(PDF_RIGHT) < page2.index(PDF_NOTE)
    assert page2.startswith("数字乡村与智慧农业齐头并进的一年回顾")


def test_pdf_parsed_with_page_locations(docs):
    doc = parse_file(docs / "spring.pdf")
    (note,) = doc.glossary
    assert note.term == "吨半粮" and note.definition.endswith("1500公斤。")
    loc = {p.text: p.location for p in doc.passages}
    assert loc[PDF_PAGE1] == "第1页" and loc[PDF_NOTE[2:]] == "第2页"
    assert any(a.title == "数字乡村与智慧农业齐头并进的一年回顾" for a in doc.articles)


def test_damaged_documents_are_unreadable(tmp_path):
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 truncated")
    for name in ("bad.docx", "bad.pdf"):
        with pytest.raises(UnreadableFile, match="not a readable"):
            read_source(tmp_path / name)


def test_index_saves_extracted_text_and_answers_cite_it(docs, tmp_path):
    from qa.answer import Answerer
    from qa.index import build_index, load_index
    from qa.retrieve import Retriever

    emb = FakeEmbedder()
    build_index([docs], tmp_path / "idx", emb, progress=False)
    index = load_index(tmp_path / "idx")  # what a later process sees
    documents = {Path(d["source"]).name: d for d in index.manifest["documents"]}
    assert documents["notice.docx"]["kind"] == "docx" and documents["notice.docx"]["notes"] == 2
    for p in index.passages:
        assert p.extracted and Path(p.extracted).is_relative_to(index.path)
        saved = Path(p.extracted).read_bytes().decode("utf-8")
        assert join_spans(saved, p.spans) == p.text
    from qa.settings import DEFAULTS

    # the fake embedder's cosines are not what the refusal model was fitted on: test quoting
    answerer = Answerer(Retriever(index, emb), DEFAULTS.with_(found_threshold=0.0))
    for question, name, location in (
        ("数字乡村是什么意思", "notice.docx", "第7段"),
        ("吨半粮是什么意思", "spring.pdf", "第2页"),
    ):
        ans = answerer.ask(question)
        assert ans.found, question
        c = ans.citations[0]
        assert Path(c.source).name == name and c.location == location
        saved = Path(c.extracted).read_bytes().decode("utf-8")
        assert join_spans(saved, c.spans) == c.text
        assert c.to_json()["extracted"] == c.extracted and c.to_json()["location"] == location


def test_plain_text_passages_carry_no_extracted_copy(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("工作注释\n\n1.“甲”：第一条注释。\n", encoding="utf-8")
    doc = parse_file(f)
    assert doc.kind == "text" and all(
        p.extracted is None and p.location is None for p in doc.passages
    )


def test_word_number_formats_and_location_labels():
    from qa.readers.base import span_label
    from qa.readers.word import chinese_number, format_number

    assert [chinese_number(n) for n in (1, 10, 11, 20, 21, 99)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
    ]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(12, "decimalFullWidth") == "１２"
    assert format_number(4, "upperRoman") == "IV"
    assert span_label(["第2页", "第3页", "第4页"]) == "第2–4页"
    assert span_label(["第5段", "表1"]) == "第5段–表1"
    assert span_label([]) is None
