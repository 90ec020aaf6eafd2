"""Sentence similarity for alignment: embeddings, cached per article version."""

from __future__ import annotations

import numpy as np

from ..model import Article

__all__ = ["EmbeddingSimilarity"]


class EmbeddingSimilarity:
    """Cosine of MiniLM sentence embeddings, clipped to [0, 1].

    The cache maps an article's content hash to its sentence embeddings; the
    caller owns it (pass a dict that outlives one run to reuse embeddings).
    """

    name = "minilm-cosine.v1"

    def __init__(self, encoder=None, cache: dict[str, np.ndarray] | None = None) -> None:
        if encoder is None:
            from ..embed import SentenceEncoder

            encoder = SentenceEncoder()
        self.encoder = encoder
        self.cache = cache if cache is not None else {}

    def embeddings(self, article: Article) -> np.ndarray:
        key = article.content_hash
        found = self.cache.get(key)
        if found is None:
            texts = article.sentence_texts()
            found = self.encoder.encode(texts) if texts else np.zeros((0, 384), dtype=np.float32)
            self.cache[key] = found
        return found

    def prefetch(self, articles: list[Article]) -> None:
        """Embed many articles in one batch (far faster than one by one)."""
        todo = [a for a in articles if a.content_hash not in self.cache]
        texts = [t for a in todo for t in a.sentence_texts()]
        if not texts:
            return
        vectors = self.encoder.encode(texts)
        offset = 0
        for article in todo:
            n = len(article.sentences)
            self.cache[article.content_hash] = vectors[offset : offset + n]
            offset += n

    def matrix(self, a: Article, b: Article) -> np.ndarray:
        ea, eb = self.embeddings(a), self.embeddings(b)
        if not len(ea) or not len(eb):
            return np.zeros((len(ea), len(eb)), dtype=np.float32)
        return np.clip(ea @ eb.T, 0.0, 1.0)


class LexicalSimilarity:
    """Cosine of hashed word unigram+bigram sets (stop words out), per sentence.

    Cheap and stateless (scikit-learn's HashingVectorizer), so every candidate
    pair can be screened with it; only pairs it finds promising are embedded.
    """

    name = "hashed-bigram-cosine.v1"

    def __init__(self, n_features: int = 2**20) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self._vectorizer = HashingVectorizer(
            n_features=n_features,
            ngram_range=(1, 2),
            stop_words="english",
            binary=True,
            norm="l2",
            alternate_sign=False,
        )
        self._cache: dict[str, object] = {}

    def vectors(self, article: Article):
        key = article.content_hash
        found = self._cache.get(key)
        if found is None:
            found = self._vectorizer.transform(article.sentence_texts() or [""])
            self._cache[key] = found
        return found

    def matrix(self, a: Article, b: Article) -> np.ndarray:
        if not a.sentences or not b.sentences:
            return np.zeros((len(a.sentences), len(b.sentences)), dtype=np.float32)
        return (self.vectors(a) @ self.vectors(b).T).toarray().astype(np.float32)
