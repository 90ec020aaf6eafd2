"""A per-article time and memory budget for aligning article pairs.

Alignment is the provenance step whose cost depends on the text: a pair's
similarity matrix holds one cell per pair of sentences (memory), and an
article with many candidate partners is aligned once per partner (time). A
hostile or freak article must not hold up the whole store's ``run``, so a
pair whose matrix is over ``max_cells``, or that involves an article whose
alignments already took ``article_seconds``, is skipped and named in one
note; everything else is aligned as before.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from ..model import Article

__all__ = ["BudgetConfig", "PairBudget"]


@dataclass(frozen=True)
class BudgetConfig:
    """``max_cells``: sentence pairs one alignment may score (4M float32 cells
    are 16 MB per matrix, ~2,000 x 2,000 sentences, ten times a long feature);
    ``article_seconds``: alignment CPU time one article may use in a run."""

    max_cells: int = 4_000_000
    article_seconds: float = 120.0


@dataclass
class PairBudget:
    """What each article has spent; :meth:`allows` says whether a pair may still be aligned."""

    config: BudgetConfig = BudgetConfig()
    spent: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    _over: set[str] = field(default_factory=set)

    def allows(self, a: Article, b: Article) -> bool:
        """False (with a note) when aligning ``a`` and ``b`` would break the budget."""
        cells = len(a.sentences) * len(b.sentences)
        if cells > self.config.max_cells:
            self.notes.append(
                f"provenance skipped {a.id} / {b.id}: {len(a.sentences):,} x {len(b.sentences):,} sentences "
                f"is over the {self.config.max_cells:,}-pair budget"
            )
            return False
        for article in (a, b):
            if self.spent.get(article.id, 0.0) > self.config.article_seconds:
                if article.id not in self._over:
                    self._over.add(article.id)
                    self.notes.append(
                        f"provenance stopped aligning {article.id}: its alignments took "
                        f"{self.spent[article.id]:.0f} CPU s, over the {self.config.article_seconds:.0f} s budget"
                    )
                return False
        return True

    @contextmanager
    def charge(self, a: Article, b: Article) -> Iterator[None]:
        """Time the enclosed alignment and charge it to both articles.

        CPU time of this thread (alignment runs here, BLAS on one thread), so
        a busy machine does not make a run skip pairs it would align when idle.
        """
        started = time.thread_time()
        try:
            yield
        finally:
            elapsed = time.thread_time() - started
            for article_id in (a.id, b.id):
                self.spent[article_id] = self.spent.get(article_id, 0.0) + elapsed
