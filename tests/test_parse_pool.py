"""The parse workers: the bytes they hand back are the production parse
(paragraph starts as sentence starts), the same in worker processes as in this one."""

from __future__ import annotations

import pytest

from newsfuse.facts.parse_pool import doc_from_bytes, doc_to_bytes, parse_to_bytes

ATTRS = ["ORTH", "TAG", "POS", "DEP", "HEAD", "LEMMA", "MORPH", "ENT_IOB", "ENT_TYPE", "SENT_START"]


def _annotations(doc):
    return doc.text, doc.to_array(ATTRS).tolist()


@pytest.mark.slow
@pytest.mark.parametrize("n_process", [1, 2])
def test_worker_parses_equal_the_in_process_parse(nlp, example_articles, example_docs, n_process):
    blobs = list(parse_to_bytes(nlp, example_articles, n_process=n_process, batch_size=2))
    assert len(blobs) == len(example_articles)
    for article, data, expected in zip(example_articles, blobs, example_docs):
        doc = doc_from_bytes(data, nlp.vocab)
        assert doc.text == article.text
        assert _annotations(doc) == _annotations(expected)
        # paragraph starts are sentence starts in the worker's parse too
        starts = {sent.start_char for sent in doc.sents}
        assert {p.start for p in article.paragraphs if p.start < len(article.text)} <= starts


def test_bytes_round_trip_keeps_entities_and_sentences(nlp, example_docs):
    doc = example_docs[0]
    again = doc_from_bytes(doc_to_bytes(doc), nlp.vocab)
    assert [(e.start_char, e.end_char, e.label_) for e in again.ents] == \
        [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    assert [s.start_char for s in again.sents] == [s.start_char for s in doc.sents]


def test_no_articles_no_workers(nlp):
    assert list(parse_to_bytes(nlp, [], n_process=2)) == []


@pytest.mark.slow
def test_open_ended_stream_takes_more_articles_while_it_runs(nlp, example_articles, example_docs):
    from newsfuse.facts.parse_pool import ParseStream

    with pytest.raises(ValueError):
        ParseStream(nlp, example_articles, n_process=1, open_ended=True)
    stream = ParseStream(nlp, example_articles[:2], n_process=2, batch_size=2, open_ended=True)
    stream.extend(example_articles[2:4])
    stream.extend([])
    stream.extend(example_articles[4:])
    stream.finish()
    with pytest.raises(ValueError):
        stream.extend(example_articles[:1])  # finished: nothing more
    blobs = list(stream)
    assert len(blobs) == len(example_articles)
    for data, expected in zip(blobs, example_docs):
        assert _annotations(doc_from_bytes(data, nlp.vocab)) == _annotations(expected)


def test_closing_an_unfinished_open_stream_stops_its_workers(nlp, example_articles):
    from newsfuse.facts.parse_pool import ParseStream

    stream = ParseStream(nlp, example_articles[:1], n_process=2, batch_size=1, open_ended=True)
    pool = stream._pool
    stream.close()  # must not wait for a finish() that never comes
    assert stream._pool is None and list(stream) == []
    assert all(not worker.is_alive() for worker in pool._pool)
