"""Glossary keys found in a question by an Aho-Corasick automaton built once per index.

`TermKeys` is the tuple of normalised glossary keys, longest first, that the answer layer
already passes around (`Index.term_keys`); its `match` gives what
`qa.question.match_terms` gives (every key in the question, longest first, none inside an
earlier one) in time proportional to the question, not to the glossary.
"""

from __future__ import annotations

from collections.abc import Iterable


class TermKeys(tuple):
    """Glossary keys longest first (ties in the order given) with a precomputed matcher."""

    def __new__(cls, keys: Iterable[str]) -> TermKeys:
        return super().__new__(
            cls, sorted(dict.fromkeys(k for k in keys if k), key=len, reverse=True)
        )

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self._automaton = None

    def _build(self):
        import ahocorasick

        a = ahocorasick.Automaton()
        for rank, key in enumerate(self):
            a.add_word(key, rank)
        if len(self):
            a.make_automaton()
        return a

    def match(self, norm_question: str) -> tuple[str, ...]:
        """Keys in `norm_question` (already normalised), longest first, no key inside a found one."""
        if not len(self) or not norm_question:
            return ()
        if self._automaton is None:
            self._automaton = self._build()
        ranks = sorted({rank for _, rank in self._automaton.iter(norm_question)})
        found: list[str] = []
        for rank in ranks:  # rank order is length order, as the linear scan visits them
            key = self[rank]
            if not any(key in f for f in found):
                found.append(key)
        return tuple(found)

    def __reduce__(self):
        return (TermKeys, (tuple(self),))
