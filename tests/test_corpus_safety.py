"""What may enter the corpus: links leading outside it, link loops, empty files, other types,
and the limits an upload is checked against."""

from __future__ import annotations

import os

import pytest

from qa.ingest import parse_corpus
from qa.readers import UnreadableFile, check_upload, gather_corpus

SECRET = "root:x:0:0:秘密的系统文件，不该出现在答案里。"


@pytest.fixture
def corpus(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text(SECRET, encoding="utf-8")
    (outside / "notes").mkdir()
    (outside / "notes" / "more.txt").write_text(SECRET, encoding="utf-8")
    c = tmp_path / "corpus"
    (c / "sub").mkdir(parents=True)
    (c / "page.txt").write_text("工作注释\n\n1.“甲”：第一条注释。\n", encoding="utf-8")
    os.symlink(outside / "passwd.txt", c / "passwd.txt")  # a file link leading outside
    os.symlink(outside / "notes", c / "notes")  # a folder link leading outside
    os.symlink(c / "page.txt", c / "sub" / "same-page.txt")  # a link inside: read once
    os.symlink(c / "loop-b.txt", c / "loop-a.txt")  # a loop
    os.symlink(c / "loop-a.txt", c / "loop-b.txt")
    os.symlink(c / "gone.txt", c / "broken.txt")
    (c / "empty.md").write_bytes(b"")
    (c / "blank.txt").write_text("\n \n\u3000\n", encoding="utf-8")
    (c / "photo.png").write_bytes(b"\x89PNG")
    return c


def test_links_outside_loops_empty_files_are_reported_not_read(corpus):
    files, warnings = gather_corpus([corpus])
    assert sorted(f.name for f in files) == ["blank.txt", "page.txt"]
    text = "\n".join(warnings)
    assert "passwd.txt: symbolic link to" in text and "outside the corpus folder" in text
    assert "notes: symbolic link to" in text
    assert "loop-a.txt: symbolic link loop" in text and "loop-b.txt: symbolic link loop" in text
    assert "broken.txt: broken symbolic link" in text
    assert "empty.md: empty file" in text
    assert "1 file(s) of unsupported types not read (.png ×1)" in text


def test_outside_text_never_reaches_a_unit(corpus):
    docs, warnings = parse_corpus([corpus])
    assert all(SECRET not in d.text for d in docs)
    assert [len(d.glossary) for d in docs] == [0, 1]
    assert any("blank.txt: no text found" in w for w in warnings)


def test_a_file_named_explicitly_is_read_wherever_it_lives(corpus, tmp_path):
    files, warnings = gather_corpus([tmp_path / "outside" / "passwd.txt"])
    assert [f.name for f in files] == ["passwd.txt"] and warnings == []
    files, warnings = gather_corpus([corpus / "loop-a.txt"])
    assert files == [] and "symbolic link loop" in warnings[0]
    with pytest.raises(FileNotFoundError):
        gather_corpus([tmp_path / "nowhere"])


def test_upload_limits():
    check_upload("报告.docx", 10_000)
    check_upload("page.PDF", 10_000)
    with pytest.raises(UnreadableFile, match="not a supported type"):
        check_upload("run.exe", 10)
    with pytest.raises(UnreadableFile, match="empty"):
        check_upload("a.txt", 0)
    with pytest.raises(UnreadableFile, match="over the"):
        check_upload("a.txt", 10**9)


def test_files_over_the_size_limit_are_skipped_with_a_warning(tmp_path, monkeypatch):
    from qa.readers import TextReader

    monkeypatch.setattr(TextReader, "max_bytes", 10)
    (tmp_path / "big.txt").write_text("一二三四五六七八九十。", encoding="utf-8")
    docs, warnings = parse_corpus([tmp_path])
    assert docs == [] and "over the 10-byte limit" in warnings[0]
