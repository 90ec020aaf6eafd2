"""The facts step (newsfuse.facts.extract): one parse per article, every extractor,
canonical speakers, the JSON contract, per-step timings; on the example story."""

from __future__ import annotations

import json
import re

import pytest

from conftest import EXAMPLES_DIR as EXAMPLES

CONTRACT = {
    "quotes": {"article", "speaker", "text", "cue", "start", "end"},
    "claims": {"article", "value", "unit", "hedge", "thing", "text", "start", "end"},
    "dates": {"article", "text", "start", "end", "kind", "value"},
}


@pytest.fixture(scope="module")
def articles(example_articles):
    return {a.id: a for a in example_articles}


@pytest.fixture(scope="module")
def run(nlp, example_articles):
    """The facts step as production runs it, parse included (its timings are tested)."""
    from newsfuse.facts.extract import FactExtractor

    return FactExtractor(nlp).run(example_articles)


@pytest.fixture(scope="module")
def as_json(run):
    from newsfuse.facts.extract import facts_to_json

    return facts_to_json(run.facts)


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).lower()


def _speaker_ok(gold: str, found: str) -> bool:
    words = [w for w in re.sub(r"\(.*?\)", "", gold).split() if w[:1].isupper()]
    if "(unnamed)" in gold:
        return any(w in found for w in words)
    return words[-1] in found


def test_facts_extract_example_gold_quotes_with_speakers(run):
    gold = json.loads((EXAMPLES / "gold.json").read_text(encoding="utf-8"))["quotes"]
    found, missing = 0, []
    for item in gold:
        key = _norm(item["starts"])
        ok = True
        for art_id in item["in"]:
            candidates = [q for q in run.facts.quotes if q.article == art_id and key in _norm(q.text)
                          and q.kind in ("direct", "partial")]
            if not any(_speaker_ok(item["speaker"], q.speaker) for q in candidates):
                ok = False
                missing.append((art_id, item["starts"], [q.speaker for q in candidates]))
        found += ok
    assert found >= 12, missing


def test_facts_extract_dates_use_the_story_anchor(run):
    by_article = {}
    for m in run.facts.dates:
        by_article.setdefault(m.article, []).append(m)
    assert set(by_article) == set(run.facts.articles)
    mondays = [m for m in by_article["001_c3cc268cb8b335a2"] if m.text == "on Monday"]
    assert mondays and all(m.value == "2024-07-08" and m.anchor_source == "story" for m in mondays)
    assert any(m.text == "last month" and m.value == "2024-06" for m in by_article["000_84cc0352b6f1ec13"])


def test_facts_extract_json_contract_and_offsets(as_json, articles):
    assert set(as_json) == {"entities", "quotes", "claims", "dates", "events"}
    json.dumps(as_json)  # plain JSON, no records left inside
    assert as_json["quotes"] and as_json["dates"]
    for key, fields in CONTRACT.items():
        for item in as_json[key]:
            assert fields <= set(item), (key, item)
    for key in ("quotes", "claims", "dates"):
        for item in as_json[key]:
            assert articles[item["article"]].text[item["start"] : item["end"]] == item["text"], item
    for entity in as_json["entities"]:
        for m in entity["mentions"]:
            assert articles[m["article"]].text[m["start"] : m["end"]] == m["text"]


def test_facts_extract_timings_and_skips(run):
    assert run.counts["parse"] == 5 and run.words > 4000
    for step in ("parse", "quotes", "dates"):
        assert run.seconds[step] > 0 and run.cpu_seconds[step] > 0
    assert set(run.cpu_seconds) == set(run.seconds)
    assert run.counts["quotes"] == len(run.facts.quotes) and run.counts["dates"] == len(run.facts.dates)
    assert not run.errors
    for step in ("claims", "entities", "events"):
        assert step in run.seconds and step not in run.skipped


def test_facts_extract_claims(run):
    claims = run.facts.claims
    assert {c.article for c in claims} >= {"000_84cc0352b6f1ec13", "001_c3cc268cb8b335a2"}
    assert any(c.unit == "USD" and c.value == pytest.approx(60e9) for c in claims
               if c.article == "000_84cc0352b6f1ec13")


def test_facts_extract_speakers_take_canonical_entity_names(run, articles):
    names = {e.name for e in run.facts.entities}
    kwatra = [q for q in run.facts.quotes if "Kwatra" in q.speaker]
    assert kwatra and len({q.speaker for q in kwatra}) == 1 and kwatra[0].speaker in names
    putin = [q for q in run.facts.quotes if "Putin" in q.speaker]
    assert putin and len({q.speaker for q in putin}) == 1
    # a pair of countries is no single entity: left as the quote extractor wrote it
    pairs = [q for q in run.facts.quotes if "United States and" in articles[q.article].text[q.speaker_start : q.speaker_end]]
    assert pairs and all(q.speaker != "United States" for q in pairs)


def test_facts_extract_events(run, as_json, articles):
    assert run.facts.events
    for item in as_json["events"]:
        text = articles[item["article"]].text
        assert text[item["sentence_start"] : item["sentence_end"]].strip()


def test_facts_extract_catches_a_failing_article(nlp, articles, example_docs):
    from newsfuse.facts.extract import FactConfig, FactExtractor

    arts = [articles["003_9ccd3c76824c756c"], articles["004_7cd62a0fa2f72d54"]]
    docs = [nlp("A different text."), example_docs[list(articles).index(arts[1].id)]]  # the first Doc does not match its article
    run = FactExtractor(nlp, FactConfig(steps=("quotes", "dates"))).run(arts, docs)
    assert "parse" not in run.seconds and set(run.seconds) == {"quotes", "dates"}
    assert [e.split(":")[0] for e in run.errors] == ["quotes 003_9ccd3c76824c756c", "dates 003_9ccd3c76824c756c"]
    assert run.facts.quotes and {q.article for q in run.facts.quotes} == {"004_7cd62a0fa2f72d54"}
    assert not run.skipped and not run.facts.claims


def test_facts_token_scan_picks_what_a_token_loop_picks(example_docs):
    from newsfuse.facts.token_scan import TokenScan

    words = frozenset({"said", "he", "the", "moscow", "number"})  # "number" is a spaCy symbol too
    for doc in example_docs:
        scan = TokenScan(doc)
        assert [t.i for t in scan.tokens(scan.among("LOWER", words))] == [t.i for t in doc if t.lower_ in words]
        verbs = scan.among("POS", frozenset({"VERB"}))
        picked = scan.passing("LEMMA", lambda lemma: lemma[:1] in "sm", within=verbs)
        assert [t.i for t in scan.tokens(picked)] == [t.i for t in doc if t.pos_ == "VERB" and t.lemma_[:1] in "sm"]
        tags = scan.passing("TAG", lambda tag: tag.startswith("NN"))
        assert [t.i for t in scan.tokens(tags)] == [t.i for t in doc if t.tag_.startswith("NN")]


def test_facts_token_scan_of_an_empty_doc(nlp):
    from newsfuse.facts.token_scan import TokenScan

    scan = TokenScan(nlp.make_doc(""))
    assert scan.tokens(scan.among("LOWER", frozenset({"a"}))) == []
    assert scan.tokens(scan.passing("LEMMA", bool)) == []
