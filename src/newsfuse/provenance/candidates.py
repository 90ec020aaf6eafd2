"""Candidate pairs without comparing all pairs.

Three blocks, each close to linear in the number of articles:

* article MinHash LSH over word shingles: reprints and near-duplicates;
* paragraph MinHash LSH: pages that copy some passages verbatim (partial
  reprints, composites stitched from several reports);
* anchor index: rewrites share few word runs but keep their anchors — the
  names and numbers of the report. Articles are paired when the IDF-weighted
  overlap of their anchors is high; anchors shared by too many articles
  (common names of the day) are not indexed.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from ..model import Article, ParagraphKind
from ..segment import ABBREVIATIONS
from .shingle import ShingleConfig, text_signatures

__all__ = ["CandidateConfig", "anchors", "banded_pairs", "candidate_pairs"]

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_CAPITALISED = re.compile(r"\b([A-Z][a-zA-Z’'-]{2,})\b")
_SENTENCE_END = ".!?\"”’:\n"


@dataclass(frozen=True)
class CandidateConfig:
    shingles: ShingleConfig = ShingleConfig()
    article_threshold: float = 0.3
    passage_threshold: float = 0.5
    passage_min_words: int = 12
    passage_max_bucket: int = 50
    anchor_min_score: float = 0.3
    anchor_max_df: int = 200
    anchor_neighbours: int = 20
    anchor_block_rows: int = 2000


def anchors(text: str) -> set[str]:
    """Names (capitalised words not opening a sentence) and numbers of a text."""
    found = set()
    for match in _CAPITALISED.finditer(text):
        before = text[: match.start()].rstrip(" \t“\"‘(")
        if before.endswith(".") and _after_abbreviation(before):
            before = "x"
        if before and before[-1] not in _SENTENCE_END:
            found.add(match.group(1).replace("’", "'").removesuffix("'s"))
    found |= {"#" + n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}
    return found


def banded_pairs(values, threshold: float, max_bucket: int) -> set[tuple[int, int]]:
    """Row pairs of a MinHash matrix that share a band (LSH), via sorting.

    Same banding as datasketch's MinHashLSH for ``threshold``, but buckets
    are found by sorting each band's rows, so memory stays at the signature
    matrix instead of a dict of every band key (~8 KB per passage). Buckets
    larger than ``max_bucket`` are boilerplate shared by many pages and are
    passed over.
    """
    import numpy as np
    from datasketch.lsh import _optimal_param

    n, num_perm = values.shape
    bands, rows = _optimal_param(threshold, num_perm, 0.5, 0.5)
    pairs: set[tuple[int, int]] = set()
    for band in range(bands):
        block = np.ascontiguousarray(values[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        ends = np.r_[starts[1:], n]
        for start, end in zip(starts.tolist(), ends.tolist()):
            if 1 < end - start <= max_bucket:
                members = sorted(order[start:end].tolist())
                for x in range(len(members)):
                    for y in range(x + 1, len(members)):
                        pairs.add((members[x], members[y]))
    return pairs


def _after_abbreviation(before: str) -> bool:
    """Whether the text before a word ends in an abbreviation ("Mr.", "V.")."""
    last = before.rsplit(None, 1)[-1].rstrip(".").lower()
    return len(last) == 1 or last in ABBREVIATIONS


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def candidate_pairs(articles: Sequence[Article], config: CandidateConfig = CandidateConfig()) -> dict[tuple[str, str], set[str]]:
    """Pairs of article ids worth aligning, each with the blocks that found it."""
    from datasketch import MinHashLSH

    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    article_sigs = text_signatures([a.text for a in articles], config.shingles)
    lsh = MinHashLSH(threshold=config.article_threshold, num_perm=config.shingles.num_perm)
    for article, sig in zip(articles, article_sigs):
        for other in lsh.query(sig):
            if other != article.id:
                found[_pair(article.id, other)].add("minhash-article")
        lsh.insert(article.id, sig)

    passage_keys: list[tuple[str, int]] = []
    passage_texts: list[str] = []
    for article in articles:
        for index, paragraph in enumerate(article.paragraphs):
            if paragraph.kind is not ParagraphKind.BODY:
                continue
            text = article.paragraph_text(paragraph)
            if len(text.split()) < config.passage_min_words:
                continue
            passage_keys.append((article.id, index))
            passage_texts.append(text)
    if passage_texts:
        import numpy as np

        values = np.vstack([sig.hashvalues for sig in text_signatures(passage_texts, config.shingles)])
        for i, j in banded_pairs(values, config.passage_threshold, config.passage_max_bucket):
            a, b = passage_keys[i][0], passage_keys[j][0]
            if a != b:
                found[_pair(a, b)].add("minhash-passage")

    for pair in _anchor_pairs(articles, config):
        found[pair].add("anchors")
    return dict(found)


def _anchor_pairs(articles: Sequence[Article], config: CandidateConfig) -> set[tuple[str, str]]:
    """Pairs whose IDF-weighted anchor vectors have a high cosine.

    The product of the sparse article-by-anchor matrix with its transpose
    only touches pairs that share an indexed anchor, and anchors with a
    document frequency above ``anchor_max_df`` are not indexed, so the cost
    stays close to linear in the number of articles.
    """
    import numpy as np
    from scipy import sparse

    sets = [anchors(a.text) for a in articles]
    df = Counter(term for s in sets for term in s)
    n = len(articles)
    indexed = [term for term, count in df.items() if 1 < count <= config.anchor_max_df]
    vocab = {term: k for k, term in enumerate(indexed)}
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab], dtype=np.float64)
    full_norm = np.array(
        [math.sqrt(sum((math.log((1 + n) / (1 + df[t])) + 1.0) ** 2 for t in terms)) or 1.0 for terms in sets]
    )
    rows, cols = [], []
    for index, terms in enumerate(sets):
        for term in terms:
            k = vocab.get(term)
            if k is not None:
                rows.append(index)
                cols.append(k)
    if not rows:
        return set()
    values = idf[cols] / full_norm[rows]
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(n, len(vocab)))
    transposed = matrix.T.tocsc()
    kept_rows, kept_cols, kept_scores = [], [], []
    # Row blocks: the full product can hold far more pairs than pass the
    # threshold; thresholding block by block keeps memory bounded.
    for first in range(0, n, config.anchor_block_rows):
        block = (matrix[first : first + config.anchor_block_rows] @ transposed).tocoo()
        block_rows = block.row + first
        keep = (block_rows < block.col) & (block.data >= config.anchor_min_score)
        kept_rows.append(block_rows[keep])
        kept_cols.append(block.col[keep])
        kept_scores.append(block.data[keep])
    score_rows = np.concatenate(kept_rows)
    score_cols = np.concatenate(kept_cols)
    score_data = np.concatenate(kept_scores)
    pairs: set[tuple[str, str]] = set()
    per_article: Counter[int] = Counter()
    order = np.argsort(-score_data)
    for i, j in zip(score_rows[order].tolist(), score_cols[order].tolist()):
        if per_article[i] >= config.anchor_neighbours or per_article[j] >= config.anchor_neighbours:
            continue
        per_article[i] += 1
        per_article[j] += 1
        pairs.add(_pair(articles[i].id, articles[j].id))
    return pairs
