"""Sentence similarity for alignment: embeddings and hashed word n-grams, cached per article version."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..model import Article

__all__ = ["EmbeddingSimilarity", "LexicalSimilarity", "sentence_key"]

_DIM = 384


class EmbeddingSimilarity:
    """Cosine of MiniLM sentence embeddings, clipped to [0, 1].

    Vectors are kept per sentence, keyed by :func:`sentence_key` (a hash of
    the sentence text), so a sentence shared by reprints is embedded once and
    only the sentences asked for are embedded at all. ``load`` (keys -> the
    vectors a store holds for them) is asked before the encoder; what the
    encoder made since the last :meth:`take_fresh` is returned by it, for the
    caller to save. ``cache`` optionally maps an article's content hash to its
    whole sentence matrix (used as is when present, never filled).
    """

    name = "minilm-cosine.v1"

    def __init__(self, encoder=None, cache: dict[str, np.ndarray] | None = None,
                 load: Callable[[list[str]], dict[str, np.ndarray]] | None = None) -> None:
        if encoder is None:
            from ..embed import SentenceEncoder

            encoder = SentenceEncoder()
        self.encoder = encoder
        self.cache = cache if cache is not None else {}
        self.sentences: dict[str, np.ndarray] = {}
        self._load = load
        self._fresh: dict[str, np.ndarray] = {}

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts`` (one row each), from the caches or the encoder in one batch."""
        keys = [sentence_key(t) for t in texts]
        self._fill(dict(zip(keys, texts)))
        if not keys:
            return np.zeros((0, _DIM), dtype=np.float32)
        return np.stack([self.sentences[k] for k in keys])

    def _fill(self, wanted: dict[str, str]) -> None:
        missing = [k for k in wanted if k not in self.sentences]
        if missing and self._load is not None:
            self.sentences.update(self._load(missing))
            missing = [k for k in missing if k not in self.sentences]
        if missing:
            vectors = self.encoder.encode([wanted[k] for k in missing])
            for key, vector in zip(missing, vectors):
                self.sentences[key] = self._fresh[key] = vector

    def take_fresh(self) -> dict[str, np.ndarray]:
        """The vectors encoded since the last call (sentence key -> vector), to be saved."""
        fresh, self._fresh = self._fresh, {}
        return fresh

    def rows(self, article: Article, indexes: Sequence[int]) -> np.ndarray:
        """The vectors of some of an article's sentences (only those are embedded)."""
        found = self.cache.get(article.content_hash)
        if found is not None:
            return found[list(indexes)]
        texts = article.sentence_texts()
        return self.encode_texts([texts[i] for i in indexes])

    def embeddings(self, article: Article) -> np.ndarray:
        found = self.cache.get(article.content_hash)
        if found is not None:
            return found
        return self.encode_texts(article.sentence_texts())

    def prefetch(self, articles: list[Article]) -> None:
        """Embed the sentences of many articles in one batch (far faster than one by one)."""
        wanted = {sentence_key(t): t for a in articles if a.content_hash not in self.cache
                  for t in a.sentence_texts()}
        self._fill(wanted)

    def matrix(self, a: Article, b: Article) -> np.ndarray:
        ea, eb = self.embeddings(a), self.embeddings(b)
        if not len(ea) or not len(eb):
            return np.zeros((len(ea), len(eb)), dtype=np.float32)
        return np.clip(ea @ eb.T, 0.0, 1.0)


def sentence_key(text: str) -> str:
    """The cache key of a sentence's vector: a hash of its text (the model is keyed apart)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class LexicalSimilarity:
    """Cosine of hashed word unigram+bigram sets (stop words out), per sentence.

    Cheap, so every candidate pair can be screened with it; only pairs it
    finds promising are embedded. Each article's sentences are kept as the
    sorted feature ids they hold (scikit-learn's HashingVectorizer); a pair's
    matrix counts the features both sentences share, over the few features the
    two articles share at all, so its cost does not depend on ``n_features``.
    The cache (per instance) maps an article's content hash to its features.

    Example:
        >>> from newsfuse.model import Article, Span
        >>> def art(i, text):
        ...     return Article(i, text, None, None, None, None, i, "", (), (Span(0, len(text)),))
        >>> sim = LexicalSimilarity()
        >>> round(float(sim.matrix(art("a", "Rain closed the port"), art("b", "Rain closed the port"))[0, 0]), 3)
        1.0
    """

    name = "hashed-bigram-cosine.v1"

    def __init__(self, n_features: int = 2**20, batch_sentences: int = 20_000) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self._vectorizer = HashingVectorizer(
            n_features=n_features,
            ngram_range=(1, 2),
            stop_words="english",
            binary=True,
            norm=None,
            alternate_sign=False,
        )
        self._batch = batch_sentences
        self._cache: dict[str, _Features] = {}

    def prefetch(self, articles: Sequence[Article]) -> None:
        """Vectorise many articles' sentences in few ``transform`` calls (faster than one per article)."""
        todo, seen = [], set()
        for article in articles:
            key = article.content_hash
            if key not in self._cache and key not in seen:
                seen.add(key)
                todo.append((key, article))
        start = 0
        while start < len(todo):
            chunk, sentences = [], 0
            while start < len(todo) and (not chunk or sentences + len(todo[start][1].sentences) <= self._batch):
                chunk.append(todo[start])
                sentences += len(todo[start][1].sentences) or 1
                start += 1
            texts = [t for _, article in chunk for t in (article.sentence_texts() or [""])]
            matrix = self._vectorizer.transform(texts)
            row = 0
            for key, article in chunk:
                n = len(article.sentences) or 1
                self._cache[key] = _Features.from_csr(matrix[row : row + n])
                row += n

    def _features(self, article: Article) -> _Features:
        key = article.content_hash
        found = self._cache.get(key)
        if found is None:
            found = _Features.from_csr(self._vectorizer.transform(article.sentence_texts() or [""]))
            self._cache[key] = found
        return found

    def matrix(self, a: Article, b: Article) -> np.ndarray:
        if not a.sentences or not b.sentences:
            return np.zeros((len(a.sentences), len(b.sentences)), dtype=np.float32)
        fa, fb = self._features(a), self._features(b)
        shared = np.intersect1d(fa.vocabulary, fb.vocabulary, assume_unique=True)
        if not len(shared):
            return np.zeros((len(a.sentences), len(b.sentences)), dtype=np.float32)
        counts = fa.dense(shared) @ fb.dense(shared).T
        norms = np.outer(fa.norms, fb.norms)
        np.divide(counts, norms, out=counts, where=norms > 0)
        return counts.astype(np.float32)


@dataclass(frozen=True, slots=True)
class _Features:
    """One article's hashed features: ``rows[k]`` holds ``columns[k]``; rows are sentences."""

    rows: np.ndarray
    columns: np.ndarray
    vocabulary: np.ndarray
    norms: np.ndarray

    @classmethod
    def from_csr(cls, matrix) -> "_Features":
        counts = np.diff(matrix.indptr)
        rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int32), counts)
        columns = matrix.indices.astype(np.int32, copy=True)
        return cls(rows, columns, np.unique(columns), np.sqrt(counts.astype(np.float64)))

    def dense(self, shared: np.ndarray) -> np.ndarray:
        """Sentences x ``shared`` features, 1.0 where a sentence holds the feature."""
        position = np.searchsorted(shared, self.columns)
        position[position == len(shared)] = 0
        keep = shared[position] == self.columns
        out = np.zeros((len(self.norms), len(shared)), dtype=np.float64)
        out[self.rows[keep], position[keep]] = 1.0
        return out
