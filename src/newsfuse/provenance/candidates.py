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
from .shingle import MinHasher, ShingleConfig

__all__ = ["CandidateConfig", "NeighbourConfig", "anchors", "banded_pairs", "candidate_pairs", "story_neighbours"]

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


_OPENING_MARKS = " \t“\"‘("


def anchors(text: str) -> set[str]:
    """Names (capitalised words not opening a sentence) and numbers of a text."""
    found = set()
    add = found.add
    for match in _CAPITALISED.finditer(text):
        # The text before the word, less the spaces and opening marks right
        # before it (looked at from the end, not copied).
        end = match.start()
        while end and text[end - 1] in _OPENING_MARKS:
            end -= 1
        if not end:
            continue
        last = text[end - 1]
        if last == "." and _after_abbreviation(text, end):
            last = "x"
        if last not in _SENTENCE_END:
            add(match.group(1).replace("’", "'").removesuffix("'s"))
    found |= {"#" + n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}
    return found


def banded_pairs(values, threshold: float, max_bucket: int | None) -> set[tuple[int, int]]:
    """Row pairs of a MinHash matrix that share a band (LSH), via sorting.

    Same banding as datasketch's MinHashLSH for ``threshold``, but buckets
    are found by sorting each band's rows, so memory stays at the signature
    matrix instead of a dict of every band key (~8 KB per passage). Buckets
    larger than ``max_bucket`` are boilerplate shared by many pages and are
    passed over (``None``: no bucket is, as in MinHashLSH). The pairs of all
    buckets of one size are made at once (numpy), not pair by pair.
    """
    import numpy as np
    from datasketch.lsh import _optimal_param

    n, num_perm = values.shape
    bands, rows = _optimal_param(threshold, num_perm, 0.5, 0.5)
    codes = []
    for band in range(bands):
        block = np.ascontiguousarray(values[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, n])
        shared = sizes > 1
        if max_bucket is not None:
            shared &= sizes <= max_bucket
        for size in np.unique(sizes[shared]).tolist():
            first = starts[shared & (sizes == size)]
            members = np.sort(order[first[:, None] + np.arange(size)], axis=1).astype(np.int64)
            x, y = np.triu_indices(size, 1)
            codes.append((members[:, x] * n + members[:, y]).ravel())
    if not codes:
        return set()
    unique = np.unique(np.concatenate(codes))
    return set(zip((unique // n).tolist(), (unique % n).tolist()))


def _after_abbreviation(text: str, end: int) -> bool:
    """Whether ``text[:end]`` (ending in ".") ends in an abbreviation ("Mr.", "V.")."""
    start = end
    while start and not text[start - 1].isspace():
        start -= 1
    last = text[start:end].rstrip(".").lower()
    return len(last) == 1 or last in ABBREVIATIONS


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _passage_texts(article: Article, min_words: int) -> list[tuple[int, str]]:
    """The body paragraphs long enough for the passage block, with their indexes."""
    out = []
    for index, paragraph in enumerate(article.paragraphs):
        if paragraph.kind is not ParagraphKind.BODY:
            continue
        text = article.paragraph_text(paragraph)
        if len(text.split()) >= min_words:
            out.append((index, text))
    return out


def _find_run(tokens: list[str], run: list[str], start: int) -> int:
    """Where ``run`` occurs as a contiguous part of ``tokens`` (from ``start`` on first), or -1."""
    first, size = run[0], len(run)
    for begin, stop in ((start, len(tokens)), (0, min(start + size - 1, len(tokens)))):
        pos = begin - 1
        while True:
            try:
                pos = tokens.index(first, pos + 1, stop)
            except ValueError:
                break
            if tokens[pos : pos + size] == run:
                return pos
    return -1


def _signatures(articles: Sequence[Article], config: CandidateConfig):
    """MinHash rows of the articles, and of their body passages with the passages' keys.

    A passage's shingles are a run of its article's when its words are (as
    they are unless cleaning changed the paragraph's text): its signature is
    then the minimum over that run of the article's hashed shingles, and
    only other passages are shingled and hashed on their own.
    """
    import numpy as np

    hasher = MinHasher(config.shingles)
    k = config.shingles.k
    passage_keys: list[tuple[str, int]] = []
    if not hasher.vectorised:  # pragma: no cover - other datasketch versions
        texts = []
        for article in articles:
            for index, text in _passage_texts(article, config.passage_min_words):
                passage_keys.append((article.id, index))
                texts.append(text)
        return hasher.matrix([a.text for a in articles]), passage_keys, hasher.matrix(texts)

    article_blocks, passage_blocks = [], []
    batch: list[bytes] = []
    article_segments: list[tuple[int, int]] = []
    passage_segments: list[tuple[int, int]] = []

    def flush() -> None:
        hashes = hasher.hashes(batch)
        article_blocks.append(hasher.minima(hashes, article_segments))
        passage_blocks.append(hasher.minima(hashes, passage_segments))
        batch.clear()
        article_segments.clear()
        passage_segments.clear()

    for article in articles:
        tokens = hasher.tokens(article.text)
        offset = len(batch)
        batch.extend(hasher.pieces(tokens))
        article_segments.append((offset, len(batch)))
        cursor = 0
        for index, text in _passage_texts(article, config.passage_min_words):
            passage_keys.append((article.id, index))
            run = hasher.tokens(text)
            pos = _find_run(tokens, run, cursor) if len(run) >= k else -1
            if pos >= 0:
                passage_segments.append((offset + pos, offset + pos + len(run) - k + 1))
                cursor = pos + len(run)
            else:
                start = len(batch)
                batch.extend(hasher.pieces(run))
                passage_segments.append((start, len(batch)))
        if len(batch) >= hasher.batch_shingles:
            flush()
    if article_segments:
        flush()
    width = config.shingles.num_perm
    empty = np.empty((0, width), dtype=hasher.empty.dtype)
    article_values = np.concatenate(article_blocks) if article_blocks else empty
    passage_values = np.concatenate(passage_blocks) if passage_blocks else empty
    return article_values, passage_keys, passage_values


def candidate_pairs(articles: Sequence[Article], config: CandidateConfig = CandidateConfig()) -> dict[tuple[str, str], set[str]]:
    """Pairs of article ids worth aligning, each with the blocks that found it.

    The article block is MinHash LSH at ``article_threshold`` (datasketch's
    ``MinHashLSH`` banding, every bucket kept), found by sorting bands.
    """
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError("The given key already exists")  # as MinHashLSH.insert
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    article_values, passage_keys, passage_values = _signatures(articles, config)
    if len(articles):
        for i, j in sorted(banded_pairs(article_values, config.article_threshold, None)):
            found[_pair(ids[i], ids[j])].add("minhash-article")
    if passage_keys:
        for i, j in sorted(banded_pairs(passage_values, config.passage_threshold, config.passage_max_bucket)):
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


@dataclass(frozen=True)
class NeighbourConfig:
    """Which articles count as one article's story when judging its filler.

    Two articles are of one story when the sets of names they mention
    overlap: cosine of the two sets (shared names over the geometric mean of
    their sizes) at least ``min_cosine``. The score uses the two articles
    alone (no corpus statistics), so adding unrelated articles to the store
    changes no article's story; at most ``max_neighbours`` (closest first)
    are kept, which bounds the work per article. On the bundled examples the
    five reports of one summit score 0.38-0.72 with each other and at most
    0.20 with any of 300 PolNeAR articles about the 2016 US election.
    """

    min_cosine: float = 0.3
    max_neighbours: int = 30
    block_rows: int = 500


def story_neighbours(
    articles: Sequence[Article], of: Sequence[str], config: NeighbourConfig = NeighbourConfig()
) -> dict[str, list[str]]:
    """For each id of ``of``, the other articles that share enough of its names (closest first).

    Only the rows of ``of`` are multiplied with the whole name matrix, so the
    cost grows with the articles asked about, times the articles that share a
    name with them.
    """
    import numpy as np
    from scipy import sparse

    wanted = [i for i, a in enumerate(articles) if a.id in set(of)]
    found: dict[str, list[str]] = {articles[i].id: [] for i in wanted}
    if not wanted:
        return found
    sets = [{t for t in anchors(a.text) if not t.startswith("#")} for a in articles]
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for index, names in enumerate(sets):
        for name in names:
            rows.append(index)
            cols.append(vocab.setdefault(name, len(vocab)))
    if not rows:
        return found
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(articles), len(vocab)))
    sizes = np.sqrt(np.array([len(s) for s in sets], dtype=np.float64))
    transposed = matrix.T.tocsc()
    for first in range(0, len(wanted), config.block_rows):
        block_ids = wanted[first : first + config.block_rows]
        shared = (matrix[block_ids] @ transposed).tocoo()
        for r, c, n in zip(shared.row.tolist(), shared.col.tolist(), shared.data.tolist()):
            i = block_ids[r]
            if i == c:
                continue
            score = n / (sizes[i] * sizes[c])
            if score >= config.min_cosine:
                found[articles[i].id].append((-score, articles[c].id))  # type: ignore[arg-type]
    return {k: [j for _, j in sorted(v)[: config.max_neighbours]] for k, v in found.items()}
