"""Candidate blocking: banded MinHash pairs and anchors; the lexical screen's similarity."""

from __future__ import annotations

import numpy as np

from newsfuse.provenance.candidates import anchors, banded_pairs
from newsfuse.provenance.shingle import text_signatures

BASE = (
    "The regional council approved a budget of 4.2 million euros on Tuesday after a debate that lasted "
    "more than four hours, with opposition members warning that road repairs had been postponed again."
)


def test_banded_pairs_pairs_near_copies_not_strangers():
    texts = [
        BASE,
        BASE.replace("Tuesday", "Wednesday"),
        "Storms closed schools across the northern provinces on Friday, and forecasters expect more rain "
        "through the weekend as rivers rise toward the levels seen in the floods of 2019.",
    ]
    values = np.vstack([s.hashvalues for s in text_signatures(texts)])
    assert banded_pairs(values, 0.5, max_bucket=50) == {(0, 1)}


def test_banded_pairs_skip_buckets_of_boilerplate():
    values = np.vstack([s.hashvalues for s in text_signatures([BASE] * 5)])
    assert banded_pairs(values, 0.5, max_bucket=3) == set()
    assert len(banded_pairs(values, 0.5, max_bucket=50)) == 10


def test_anchors_are_names_and_numbers_not_sentence_openers():
    found = anchors("Officials said Mr. Kwatra met Ruslan Pukhov in Moscow. However, 14,000 people waited.")
    assert {"Kwatra", "Ruslan", "Pukhov", "Moscow", "#14000"} <= found
    assert "However" not in found and "Officials" not in found


def test_lexical_similarity_matches_hashed_bigram_cosine():
    """The screen's matrix is the cosine of binary hashed unigram+bigram rows, prefetched or not."""
    from sklearn.feature_extraction.text import HashingVectorizer

    from newsfuse.clean import Cleaner
    from newsfuse.model import Format, RawDoc
    from newsfuse.provenance.similarity import LexicalSimilarity

    texts = {
        "a": f"Budget approved\n\n{BASE} The vote was 31 to 12.\n\nIt is what it is.\n",
        "b": f"Council vote\n\n{BASE.replace('Tuesday', 'Wednesday')} Repairs start in May.\n",
    }
    raws = [RawDoc(id=k, origin=f"{k}.txt", data=v.encode(), format=Format.TEXT, text=v) for k, v in texts.items()]
    a, b = Cleaner().clean_batch(raws)
    reference = HashingVectorizer(
        n_features=2**20, ngram_range=(1, 2), stop_words="english", binary=True, norm="l2", alternate_sign=False
    )
    expected = (reference.transform(a.sentence_texts()) @ reference.transform(b.sentence_texts()).T).toarray()
    lazy, batched = LexicalSimilarity(), LexicalSimilarity()
    batched.prefetch([a, b])
    for model in (lazy, batched):
        got = model.matrix(a, b)
        assert got.shape == (len(a.sentences), len(b.sentences))
        np.testing.assert_allclose(got, expected.astype(np.float32), rtol=1e-6, atol=1e-7)
    assert got.max() > 0.8  # the near-copy sentence
    assert got[-1].max() == 0.0  # "It is what it is." is all stop words


def test_minhasher_rows_are_datasketch_signatures():
    """``MinHasher`` gives MinHash.bulk's values, for articles and for passages cut from them."""
    from newsfuse.provenance.shingle import MinHasher

    texts = [
        BASE,
        BASE.replace("Tuesday", "Wednesday"),
        "",
        "Too short.",
        "Ünïcödé wörds — the café’s naïve owner said it's “fine”, again and again.",
        "a b c d e",
    ]
    expected = np.vstack([s.hashvalues for s in text_signatures(texts)])
    got = MinHasher(batch_shingles=8).matrix(texts)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


def test_candidate_passage_signatures_match_their_own_shingles():
    from newsfuse.clean import Cleaner
    from newsfuse.model import Format, RawDoc
    from newsfuse.provenance import candidates as C

    other = (
        "Storms closed schools across the northern provinces on Friday, and forecasters expect more rain "
        "through the weekend as rivers rise toward the levels seen in the floods of 2019."
    )
    texts = {"a": f"Budget approved\n\n{BASE}\n\n{other}\n", "b": f"Council vote\n\n{other} Again.\n\n{BASE}\n"}
    raws = [RawDoc(id=k, origin=f"{k}.txt", data=v.encode(), format=Format.TEXT, text=v) for k, v in texts.items()]
    articles = list(Cleaner().clean_batch(raws))
    config = C.CandidateConfig()
    article_values, keys, passage_values = C._signatures(articles, config)
    np.testing.assert_array_equal(article_values, np.vstack([s.hashvalues for s in text_signatures([a.text for a in articles])]))
    passages = [(a.id, i, t) for a in articles for i, t in C._passage_texts(a, config.passage_min_words)]
    assert keys == [(a, i) for a, i, _ in passages] and len(keys) >= 4
    expected = np.vstack([s.hashvalues for s in text_signatures([t for _, _, t in passages])])
    np.testing.assert_array_equal(passage_values, expected)
    assert ("a", "b") in C.candidate_pairs(articles, config)


def test_sentence_vectors_are_embedded_once_and_reused_from_the_store(tmp_path):
    """Vectors are kept per sentence text: a sentence two articles share is embedded once,
    only the sentences asked for are embedded, and a later run takes them from the store."""
    from newsfuse.clean import Cleaner
    from newsfuse.model import Format, RawDoc
    from newsfuse.pipeline import run_provenance
    from newsfuse.provenance.similarity import EmbeddingSimilarity
    from newsfuse.store import Store

    class Counting:
        def __init__(self):
            self.texts: list[str] = []

        def encode(self, texts):
            self.texts.extend(texts)
            rows = np.array([[len(t) % 7 + 1.0, t.count(" ") + 1.0, 1.0] + [0.0] * 381 for t in texts],
                            dtype=np.float32)
            return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    texts = {
        "a": f"Budget approved\n\n{BASE} The vote was 31 to 12.\n\nRepairs start in May, officials said.\n",
        "b": f"Council vote\n\n{BASE} The vote was 31 to 12.\n\nThe roads stay closed all week.\n",
    }
    raws = [RawDoc(id=k, origin=f"{k}.txt", data=v.encode(), format=Format.TEXT, text=v) for k, v in texts.items()]
    a, b = Cleaner().clean_batch(raws)
    with Store(tmp_path / "s.db") as store:
        store.add_articles([(x, texts[x.id].encode()) for x in (a, b)])
        encoder = Counting()
        model = EmbeddingSimilarity(encoder, load=lambda keys: store.load_sentence_vectors(keys, "m"))
        last = model.rows(a, [len(a.sentences) - 1])
        assert encoder.texts == [a.sentence_texts()[-1]]  # one sentence asked, one embedded
        model.prefetch([a, b])
        assert len(encoder.texts) == len(set(encoder.texts)) == len(set(a.sentence_texts()) | set(b.sentence_texts()))
        np.testing.assert_array_equal(model.embeddings(a)[-1], last[0])
        store.save_sentence_vectors(model.take_fresh(), "m")
        again = Counting()
        reread = EmbeddingSimilarity(again, load=lambda keys: store.load_sentence_vectors(keys, "m"))
        np.testing.assert_array_equal(reread.matrix(a, b), model.matrix(a, b))
        assert again.texts == [] and reread.take_fresh() == {}
        # the stage itself: a second run embeds nothing
        first = run_provenance(store, encoder=Counting()).to_json()
        second = Counting()
        assert run_provenance(store, encoder=second).to_json() == first and second.texts == []
