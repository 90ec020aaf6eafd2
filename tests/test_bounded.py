"""Bounded cost on adversarial text (issue 21, H1 H2 M5 M6 and the per-article budget).

Each test generates its hostile input and bounds its own run time, so a
return of the quadratic (or worse) algorithms fails here, not in a user's store.
"""

from __future__ import annotations

import random
import time

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.clean import Cleaner
from newsfuse.ingest import read_inputs
from newsfuse.provenance.align import AlignConfig, _heaviest_chain, align
from newsfuse.provenance.similarity import LexicalSimilarity

_FIRST = ["Maria", "James", "Aisha", "Tom", "Li", "Carlos", "Fatima", "Peter", "Anna", "Raj"]
_LAST = ["Smith", "Garcia", "Khan", "Nguyen", "Brown", "Okafor", "Rossi", "Muller", "Silva", "Cohen"]


def _reference_chain(cells):
    """The quadratic heaviest chain the fast one replaced (kept here as the oracle)."""
    if not cells:
        return []
    cells = sorted(cells)
    best = [w for _, _, w in cells]
    back = [-1] * len(cells)
    for k, (i, j, w) in enumerate(cells):
        for q in range(k):
            pi, pj, _ = cells[q]
            if pi < i and pj < j and best[q] + w > best[k]:
                best[k] = best[q] + w
                back[k] = q
    k = int(np.argmax(best))
    chain = []
    while k >= 0:
        chain.append(cells[k])
        k = back[k]
    return chain[::-1]


# Weights in sixteenths (zero included) add exactly, so ties are real ties
# and the tie-breaking of both versions is compared, not float noise.
_cells = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 7), st.integers(0, 16).map(lambda k: k / 16)),
    max_size=40,
    unique_by=lambda c: (c[0], c[1]),
)


@settings(max_examples=400, deadline=None)
@given(_cells)
def test_bounded_heaviest_chain_equals_quadratic_reference(cells):
    assert _heaviest_chain(cells) == _reference_chain(cells)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.floats(0, 0.25)), max_size=80,
                unique_by=lambda c: (c[0], c[1])))
def test_bounded_heaviest_chain_equals_reference_on_real_weights(cells):
    assert _heaviest_chain(cells) == _reference_chain(cells)


def _results_page(lines: int, seed: int = 1) -> str:
    """An election results page: hundreds of near-identical lines (the dense-cells worst case)."""
    r = random.Random(seed)
    rows = [
        f"In District {i}, {r.choice(_FIRST)} {r.choice(_LAST)} (Democrat) won {r.randint(5000, 60000):,} votes "
        f"to {r.randint(5000, 60000):,} for {r.choice(_FIRST)} {r.choice(_LAST)} (Republican), "
        f"with {r.randint(80, 100)}% of precincts reporting."
        for i in range(1, lines + 1)
    ]
    body = "\n\n".join(" ".join(rows[i : i + 3]) for i in range(0, lines, 3))
    return "State election officials released the final district results on Wednesday night.\n\n" + body + "\n"


def _clean(folder, docs: dict[str, str]):
    """Articles as ``newsfuse ingest`` would store them, by file stem."""
    for name, text in docs.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return {a.id: a for a in Cleaner().clean_batch(list(read_inputs([str(folder)])))}


def test_bounded_verbatim_reprint_of_60kb_results_page_aligns_fast(tmp_path):
    body = _results_page(465)
    assert len(body) > 60_000
    articles = _clean(tmp_path, {"wire": "Final results in state house races\n\n" + body,
                       "reprint": "Election results: state house\n\n" + body})
    lexical = LexicalSimilarity()
    started = time.perf_counter()
    alignment = align(articles["wire"], articles["reprint"], lexical, AlignConfig(threshold=0.3))
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0, f"alignment took {elapsed:.1f} s"
    assert alignment.a_coverage > 0.99 and alignment.b_coverage > 0.99
    assert all(link.a == link.b for link in alignment.links if link.backbone)
