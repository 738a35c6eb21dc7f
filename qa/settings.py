"""Every number that changes behaviour, in one frozen dataclass.

Index-time fields (`INDEX_FIELDS`) are written into the manifest; an index built
with other values is stale. Query-time fields can change freely. Each field's
comment names the measurement that chose it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    # -- index time -----------------------------------------------------------------
    max_chars: int = 180  # passage size: 2-4 sentences of this prose (README, "Passages")
    keyword_tokenizer: str = "bigram"  # eval/sweep.py: Hit@1 0.969 vs 0.964 jieba+bigram
    # from this many passages the dense index is approximate (IVF over 8-bit codes) and
    # sentence vectors are 8-bit. bench/scale.py: exact search p50 5.7 ms at 10k passages and
    # growing linearly, IVF 1.8 ms at 100k; recall@10 of the IVF on e5 vectors in bench/README.md
    ann_threshold: int = 20_000
    ann_lists: float = 1.0  # IVF lists = ann_lists * sqrt(passages): 1,000 lists at 1M
    ann_train_per_list: int = 40  # k-means training sample per list (faiss warns below 39)
    embed_batch: int = 8192  # texts per encoder call while building (bounds build memory)

    # -- retrieval ------------------------------------------------------------------
    fetch: int = 50  # candidates per retriever before fusion
    dense_weight: float = 0.4  # convex blend; eval/sweep.py: flat from 0.3 to 0.6
    term_bonus: float = 1.0  # a named glossary term outranks any blend score (blend <= 1)
    name_term_bonus: float = 0.1  # "…合称什么": the term named is part of a description
    milvus_index: str = (
        "FLAT"  # Milvus dense index: exact, as the folder store below its ANN threshold
    )
    milvus_batch: int = 1000  # passages per insert when a Milvus collection is filled
    ann_nprobe: int = 32  # IVF lists per query: recall@10 0.973 on 20k e5 passages (16: 0.951)
    query_batch: int = 32  # questions encoded in one call when many users ask at once (qa serve)
    serve_concurrency: int = 4  # answers the chat computes at once (bench/clients.py)
    queue_status_every: float = 2.0  # seconds between queue-position updates to waiting users
    search_threads: int = 1  # FAISS threads per query: more made one query 4-17x slower under load
    # from this many passages the keyword search runs in a second thread while the question is
    # encoded and the dense index searched (bench/scale.py: each takes ~2.5 ms at 1M)
    parallel_search_from: int = 20_000

    # -- answer composition -----------------------------------------------------------
    max_sentences: int = 3  # sentences quoted for a fact answer
    max_answer_chars: int = 260  # a fact answer stays a short read
    short_note: int = 110  # a note this short is answered whole when its term is named
    max_list_chars: int = 700  # a list longer than this is cut at an item, with what is left said
    summary_max_items: int = 8  # sentences in one summary
    summary_scope_passages: int = 2000  # on a large corpus, the most passages a scope reads
    # a paragraph's opening sentence gains this much centrality in a summary: its topic
    # sentence wins a near tie (summaries of sets A, C-J: 24 -> 28 of 38 held, with quotes out)
    summary_lead_bonus: float = 0.01
    # sentences ending alike (…法治政府。…清廉政府。) in this share of a summary's sections (and
    # three at least) are its points side by side: each gains this much centrality
    summary_parallel_share: float = 0.6
    summary_parallel_bonus: float = 1.0
    lead_max_chars: int = (
        12  # a section's first sentence this short is its heading (政治引领铸忠诚。)
    )
    sentence_coverage_weight: float = 0.8  # sentence score: dense + w * question-word coverage
    sentence_type_bonus: float = 0.15  # sentence holds the kind of thing asked (a name, a date …)
    # the part of that bonus paid in proportion to how much of the question's focus the sentence
    # names, of what any candidate names (万荣…园区 over 园区 alone; 13 held-out sets: 3 more
    # answers right, none fewer)
    focus_share_weight: float = 0.5
    # sentence score bonus by the rank of the passage holding it (1st, 2nd, 3rd), Chinese questions
    sentence_rank_bonus: tuple[float, ...] = (0.1, 0.03, 0.0)
    # English questions: sentences of this many passages compete on meaning alone (measured on
    # en_fact + glossary_en: set A 0.721 -> 0.767, held-out set C 0.591 -> 0.773)
    en_sentence_passages: int = 5
    sentence_near: float = 0.06  # further sentences join when within this of the best
    # an English question's pinyin names (Houma, Zhang Hong) are looked up in the documents'
    # readings up to this many characters of text (beyond it the reading table is not built)
    pinyin_names_max_chars: int = 2_000_000
    # a name in more than this share of passages is the documents' setting (运城), no
    # search word or shared word of an English question
    name_passage_share: float = 0.05

    # -- found / not found (eval/calibrate.py writes the model; thresholds from its CV) --
    refusal_model: str = str(HERE / "refusal_model.json")
    found_threshold: float = 0.50  # P(answer right) below this: "not found" (eval/calibrate.py)
    # added to found_threshold for an English question: its only topical signal is the
    # cross-lingual vector, so its probabilities sit on another scale (eval/calibrate.py
    # --per-language chooses it with the threshold)
    english_threshold_shift: float = -0.025
    high_threshold: float = 0.8  # at or above: level "high"; between: "medium"
    low_band: float = 0.15  # within this above found_threshold: level "low" (check the sources)

    def index_part(self) -> dict:
        """The fields an index depends on: compared by `stale_reasons`."""
        return {k: v for k, v in asdict(self).items() if k in INDEX_FIELDS}

    def with_(self, **kw) -> Settings:
        return replace(self, **kw)


INDEX_FIELDS = (
    "max_chars",
    "keyword_tokenizer",
    "ann_threshold",
    "ann_lists",
    "ann_train_per_list",
)
DEFAULTS = Settings()

assert set(INDEX_FIELDS) <= {f.name for f in fields(Settings)}
