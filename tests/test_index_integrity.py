"""A damaged index is never loaded silently; a failed build leaves nothing behind.

Fake embedder and a small made-up page, so a build takes milliseconds and every
damage mode can be tried on every file of the index.
"""

from __future__ import annotations

import errno
import importlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from fakes import FakeEmbedder

from qa.cli import main
from qa.errors import BuildFailed, BuildInterrupted, IndexDamaged, IndexNotReady
from qa.index import build_index, load_index, open_index
from qa.retrieve import Retriever

PAGE = """名词解释

一、2024年工作回顾

1.“河长制”：由各级党政主要负责人担任河长，负责组织领导相应河湖的管理和保护工作。
2.“一水两园”：“一水”即黄河水系；“两园”即湿地公园和森林公园。
3.“三品一标”：品种培优、品质提升、品牌打造和标准化生产。

春耕时节看田间

清晨的田野里，农机手正在检修播种机，一年的收成就从这里开始。合作社负责人说，今年要多种两百亩优质小麦。
"""
QUESTION = "河长制是什么意思"


def _damage(path: Path, mode: str) -> None:
    data = path.read_bytes()
    assert data, f"{path} is empty before damage"
    if mode == "delete":
        path.unlink()
    elif mode == "empty":
        path.write_bytes(b"")
    elif mode == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif mode == "random":
        rng = np.random.default_rng(len(data))
        path.write_bytes(rng.integers(0, 256, len(data), dtype=np.uint8).tobytes())
    elif mode == "flip":
        i = len(data) // 2
        path.write_bytes(data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :])
    else:
        raise AssertionError(mode)


MODES = ("delete", "empty", "truncate", "random", "flip")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    (d / "page.txt").write_text(PAGE, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def emb() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="module")
def good(corpus, emb, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("good")
    build_index([corpus], root, emb, progress=False)
    return root


def _index_files(root: Path) -> list[str]:
    live = (root / "CURRENT").read_text().split()[0]
    files = sorted(p.relative_to(root).as_posix() for p in (root / live).rglob("*") if p.is_file())
    return ["CURRENT", *files]


def test_manifest_records_every_file_and_current_the_manifest(good):
    index = load_index(good)
    on_disk = {
        p.relative_to(index.path).as_posix()
        for p in index.path.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert set(index.manifest["files"]) == on_disk and len(on_disk) >= 9
    name, digest = (good / "CURRENT").read_text().split()
    assert name == index.path.name and len(digest) == 64


def test_corruption_matrix_never_loads_silently(good, corpus, emb, tmp_path, capsys):
    """5 damage modes x every index file: load refuses with a message naming the damage,
    open_index says so on one line and rebuilds an index equal to the original."""
    want = load_index(good).manifest["content_hash"]
    files = _index_files(good)
    assert len(files) >= 11
    outcomes = {}
    for rel in files:
        for mode in MODES:
            root = tmp_path / f"{rel.replace('/', '_')}-{mode}"
            shutil.copytree(good, root)
            _damage(root / rel, mode)
            with pytest.raises(IndexNotReady) as caught:
                load_index(root)
            msg = str(caught.value)
            assert "qa build" in msg and "Traceback" not in msg
            if rel == "CURRENT" and mode == "delete":
                assert "no index" in msg
            else:
                assert isinstance(caught.value, IndexDamaged), (rel, mode, msg)
                assert "damaged" in msg
                name = rel.rsplit("/", 1)[-1]
                assert name in msg or "CURRENT" in msg, (rel, mode, msg)
            capsys.readouterr()
            rebuilt = open_index([corpus], root, emb, progress=True)
            err = capsys.readouterr().err.strip().splitlines()
            assert len(err) >= 1 and ("damaged" in err[0] or "no index" in err[0])
            assert "rebuilding it now" in err[0] or "building it now" in err[0]
            assert rebuilt.manifest["content_hash"] == want
            assert load_index(root).manifest["content_hash"] == want  # the rebuild verifies
            assert not [p for p in root.iterdir() if p.name.startswith(".")]
            outcomes[rel, mode] = type(caught.value).__name__
            shutil.rmtree(root)
    assert len(outcomes) == 5 * len(files)


def test_current_of_garbage_bytes_is_a_damaged_pointer(good, tmp_path):
    root = tmp_path / "i"
    shutil.copytree(good, root)
    (root / "CURRENT").write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(IndexDamaged, match="CURRENT is not a valid pointer"):
        load_index(root)
    (root / "CURRENT").write_text("../../etc " + "0" * 64)
    with pytest.raises(IndexDamaged, match="CURRENT is not a valid pointer"):
        load_index(root)


def test_cli_rebuilds_a_damaged_index_and_says_so(good, corpus, emb, tmp_path, monkeypatch, capsys):
    import qa.pipeline

    root = tmp_path / "i"
    shutil.copytree(good, root)
    live = root / (root / "CURRENT").read_text().split()[0]
    _damage(live / "sentences.npy", "flip")
    monkeypatch.setattr(qa.pipeline, "get_embedder", lambda *a, **k: emb)
    rc = main(["ask", "--json", QUESTION, "--corpus", str(corpus), "--index", str(root)])
    out = capsys.readouterr()
    # the fake embedder's cosines are not what the refusal model was fitted on, so whether it
    # answers is not the point here: the question is answered from the rebuilt index
    row = json.loads(out.out)
    assert rc == 0 and row["question"] == QUESTION and "error" not in row
    assert row["citations"] or row["related"]
    assert "sentences.npy does not match" in out.err and "rebuilding it now" in out.err
    assert not live.exists()
    assert load_index(root).manifest["model"]["id"] == emb.model_id  # rebuilt, same model


# -- failed builds -------------------------------------------------------------------


def _enospc_after(real, path_arg: int):
    """The real write, then ENOSPC: a disk that filled up part-way through the file."""

    def write(*args, **kwargs):
        real(*args, **kwargs)
        target = args[path_arg]
        if isinstance(target, (str, Path)) and Path(target).is_file():
            with open(target, "r+b") as f:
                f.truncate(10)
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    return write


@pytest.mark.parametrize(
    ("owner", "attr", "path_arg"),
    [
        ("numpy", "save", 0),  # sentences.npy first (the keyword arrays if it got that far)
        ("faiss", "write_index", 1),  # passages.faiss
        ("qa.units", "create_db", 0),  # units.sqlite
        (Path, "write_bytes", 0),  # manifest.json
    ],
)
def test_disk_full_during_build(
    owner, attr, path_arg, good, corpus, emb, tmp_path, monkeypatch, capsys
):
    import qa.embed

    root = tmp_path / "i"
    shutil.copytree(good, root)
    old = load_index(root).path.name
    (corpus / "more.txt").write_text("新的一段文字，让语料发生变化。\n", encoding="utf-8")
    try:
        monkeypatch.setattr(qa.embed, "get_embedder", lambda *a, **k: emb)
        mod = importlib.import_module(owner) if isinstance(owner, str) else owner
        monkeypatch.setattr(mod, attr, _enospc_after(getattr(mod, attr), path_arg))
        rc = main(["build", "--corpus", str(corpus), "--index", str(root)])
        monkeypatch.undo()
    finally:
        (corpus / "more.txt").unlink()
    err = [x for x in capsys.readouterr().err.splitlines() if x.startswith("qa:")]
    assert rc != 0
    assert len(err) == 1, err
    assert "disk full" in err[0] and f"the previous index ({old}) is still in use" in err[0]
    assert sorted(p.name for p in root.iterdir()) == ["CURRENT", old]  # nothing left over
    index = load_index(root)
    assert index.path.name == old
    assert Retriever(index, emb).search(QUESTION, k=1).hits[0].passage.term == "河长制"


class _Interrupting(FakeEmbedder):
    def encode_documents(self, texts, progress=False):
        raise KeyboardInterrupt


def test_interrupted_or_failing_build_keeps_the_old_index(good, corpus, emb, tmp_path, monkeypatch):
    root = tmp_path / "i"
    shutil.copytree(good, root)
    old = load_index(root).path.name
    with pytest.raises(BuildInterrupted, match=rf"interrupted.*\({old}\) is still in use"):
        build_index([corpus], root, _Interrupting(), progress=False)
    # Ctrl-C while writing: the half-written folder goes too
    monkeypatch.setattr(np, "save", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        build_index([corpus], root, emb, progress=False)
    monkeypatch.undo()
    monkeypatch.setattr(np, "save", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(BuildFailed, match=r"RuntimeError: boom; .* still in use"):
        build_index([corpus], root, emb, progress=False)
    monkeypatch.undo()
    assert sorted(p.name for p in root.iterdir()) == ["CURRENT", old]
    # no previous index at all: the message says so
    fresh = tmp_path / "fresh"
    with pytest.raises(BuildInterrupted, match="no previous index"):
        build_index([corpus], fresh, _Interrupting(), progress=False)


def test_cli_interrupt_is_one_line_and_exit_130(good, corpus, tmp_path, monkeypatch, capsys):
    import qa.embed

    root = tmp_path / "i"
    shutil.copytree(good, root)
    monkeypatch.setattr(qa.embed, "get_embedder", lambda *a, **k: _Interrupting())
    assert main(["build", "--corpus", str(corpus), "--index", str(root)]) == 130
    err = [x for x in capsys.readouterr().err.splitlines() if x.startswith("qa:")]
    assert len(err) == 1 and "interrupted" in err[0] and "still in use" in err[0]
