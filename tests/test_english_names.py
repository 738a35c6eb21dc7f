"""English questions answered from the passages naming what they name, on the folder store.

The folder store's keyword index reads character runs, so an English question's name read
as the page writes it (Jinchuang Valley -> 晋创) finds the passages holding 晋创谷. Milvus
Lite's BM25 reads jieba words, and jieba cuts 晋创谷 as 晋/创谷 (市晋/创谷 in a run): the name
finds nothing there, which is why this module is not run on both stores (see the README's
"Stores").
"""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_an_english_question_is_answered_from_the_passage_naming_what_it_names(pipeline):
    # Jinchuang Valley -> 晋创: the glossary note naming it, not another list of cities
    ans = pipeline.answerer.ask("Which cities have Jinchuang Valley in operation?")
    assert ans.found and "太原、大同、晋中、临汾、运城、晋城" in ans.answer
