"""Events from the dependency parse (newsfuse.facts.events): the five example
articles (one story) and hand-written sentences that are not from the examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.clean import Cleaner
from newsfuse.facts.records import DateMention
from newsfuse.model import Format, RawDoc

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def nlp():
    pytest.importorskip("spacy")
    from newsfuse.facts.nlp import ModelNotInstalled, load_nlp

    try:
        return load_nlp()
    except ModelNotInstalled as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def story(nlp):
    """``{article id: (article, doc, events)}`` for the examples, entities resolved across them."""
    from newsfuse.facts.entities import resolve_entities
    from newsfuse.facts.events import extract_events

    files = sorted((EXAMPLES / "articles").glob("*.txt"))
    raws = [RawDoc(id=f.stem, origin=str(f), data=f.read_bytes(), format=Format.TEXT) for f in files]
    parsed = [(a, nlp(a.text)) for a in Cleaner().clean_batch(raws)]
    entities = resolve_entities(parsed)
    return {a.id: (a, doc, extract_events(a, doc, entities)) for a, doc in parsed}


def _events(nlp, text: str, with_entities: bool = True):
    from newsfuse.facts.entities import resolve_entities
    from newsfuse.facts.events import extract_events

    raw = RawDoc(id="t", origin="t.txt", data=text.encode("utf-8"), format=Format.TEXT, text=text)
    article = next(Cleaner().clean_batch([raw]))
    doc = nlp(article.text)
    entities = resolve_entities([(article, doc)]) if with_entities else ()
    return extract_events(article, doc, entities)


def _find(events, actor: str, action: str, target: str | None = None):
    return [
        e for e in events
        if e.actor == actor and e.action == action and (target is None or e.target == target)
    ]


# -- the example story ------------------------------------------------------------------


def test_events_are_standoff_sentences(story):
    for article, _, events in story.values():
        assert events
        for e in events:
            assert article.text[e.sentence_start : e.sentence_end] == e.text
            assert e.article == article.id
            assert e.actor or e.target


def test_events_modi_visits_russia(story):
    article, _, events = story["000_84cc0352b6f1ec13"]
    found = _find(events, "Narendra Modi", "visit", "Russia")
    assert found, events
    assert found[0].verb == "visit" and found[0].place == "Russia" and found[0].date == "Monday"
    assert not found[0].negated
    # "He is expected to land in Moscow": the pronoun resolves to the person
    _, _, events_002 = story["002_5224782e82acb287"]
    land = _find(events_002, "Narendra Modi", "visit", "Moscow")
    assert land and land[0].verb == "land" and land[0].place == "Moscow"


def test_events_modi_meets_putin_in_moscow(story):
    _, _, events = story["001_c3cc268cb8b335a2"]
    meet = _find(events, "Narendra Modi", "meet", "Vladimir Putin")
    assert meet and meet[0].place == "Moscow"  # "is set to meet ... in Moscow": the controller acts
    _, _, events_003 = story["003_9ccd3c76824c756c"]
    talks = _find(events_003, "Narendra Modi", "consult", "Vladimir Putin")  # "engage in formal discussions with"
    assert talks and talks[0].verb == "engage discussions"


def test_events_zelensky_criticises_modi(story):
    _, _, events = story["003_9ccd3c76824c756c"]
    found = _find(events, "Volodymyr Zelenskyy", "criticise", "Narendra Modi")  # "criticized Modi's trip"
    assert found and found[0].verb == "criticize"


def test_events_miller_urges_modi_and_quotes_are_skipped(story):
    _, _, events = story["004_7cd62a0fa2f72d54"]
    assert _find(events, "Matthew Miller", "demand", "Narendra Modi")
    assert _find(events, "United States", "criticise", "India")  # "the US had raised concerns with India"
    # “We would urge India, ...” is the speaker's words: no event from inside the quote
    assert not [e for e in events if e.verb == "urge" and e.target == "India"]


def test_events_negated_condemnation(story):
    _, _, events_000 = story["000_84cc0352b6f1ec13"]
    _, _, events_001 = story["001_c3cc268cb8b335a2"]
    not_condemned = _find(events_000, "Narendra Modi", "criticise", "Russia")  # "has not condemned"
    declined = _find(events_001, "Narendra Modi", "criticise", "Russia")  # "has declined to condemn"
    assert not_condemned and all(e.negated for e in not_condemned)
    assert declined and all(e.negated for e in declined)
    assert not [e for e in events_001 if e.action == "reject" and e.verb == "decline"]


def test_events_date_from_date_mentions(story, nlp):
    from newsfuse.facts.events import extract_events

    article, doc, _ = story["000_84cc0352b6f1ec13"]
    start = article.text.index("on Monday")
    date = DateMention(article.id, "on Monday", start, start + 9, "relative", "2024-07-08")
    events = extract_events(article, doc, (), [date])
    visit = _find(events, "Narendra Modi", "visit", "Russia")  # NER text without entities
    assert visit and visit[0].date == "2024-07-08"


# -- hand-written sentences ---------------------------------------------------------------


def test_events_passive_voice_agent_is_actor(nlp):
    events = _events(nlp, "The finance minister was sharply criticised by opposition leader Rahul Gandhi on Tuesday.")
    assert len(events) == 1
    e = events[0]
    assert (e.actor, e.action, e.verb, e.target, e.date) == (
        "Rahul Gandhi", "criticise", "criticise", "finance minister", "Tuesday"
    )
    assert not e.negated


def test_events_passive_without_agent_and_negation(nlp):
    events = _events(nlp, "The protesters were not attacked by the police, officials said. Chancellor Olaf Scholz did not condemn the strikes.")
    attack = _find(events, "police", "attack", "protesters")
    assert attack and attack[0].negated
    condemn = _find(events, "Olaf Scholz", "criticise", "strikes")
    assert condemn and condemn[0].negated
    refused = _events(nlp, "Japan refused to sanction the company.")
    assert [(e.actor, e.action, e.target, e.negated) for e in refused] == [("Japan", "sanction", "company", True)]


def test_events_light_verbs(nlp):
    events = _events(
        nlp,
        "Australian Foreign Minister Penny Wong held talks with Chinese Foreign Minister Wang Yi in Beijing "
        "on Friday. Ms. Wong later paid a visit to the Great Wall.",
    )
    talks = _find(events, "Penny Wong", "consult", "Wang Yi")
    assert talks and (talks[0].verb, talks[0].place, talks[0].date) == ("hold talks", "Beijing", "Friday")
    visit = _find(events, "Penny Wong", "visit", "Great Wall")
    assert visit and visit[0].verb == "pay visit"


def test_events_pronoun_actor_and_arrival(nlp):
    events = _events(
        nlp,
        "President Cyril Ramaphosa of South Africa met Kenyan President William Ruto in Nairobi. "
        "He later visited Mombasa.",
    )
    assert _find(events, "Cyril Ramaphosa", "meet", "William Ruto")[0].place == "Nairobi"
    assert _find(events, "Cyril Ramaphosa", "visit", "Mombasa")


def test_events_quotes_skipped_reported_kept(nlp):
    events = _events(nlp, '"We will attack Ruritania," the general said. Officials said the army will attack Ruritania next week.')
    assert [(e.actor, e.action, e.target, e.date) for e in events] == [("army", "attack", "Ruritania", "next week")]


def test_events_without_entities_use_ner_text(nlp):
    events = _events(nlp, "Iran threatened Israel with retaliation on Sunday.", with_entities=False)
    assert [(e.actor, e.action, e.target, e.date) for e in events] == [("Iran", "threaten", "Israel", "Sunday")]


def test_events_date_of_own_clause_not_a_bounding_one(nlp):
    events = _events(
        nlp,
        "Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday. "
        "Scholz visited Warsaw, which hosted the summit in 2019, on his first trip since the election in June.",
    )
    meet = _find(events, "Olaf Scholz", "meet", "Emmanuel Macron")
    assert meet and (meet[0].place, meet[0].date) == ("Paris", "Monday")
    visit = _find(events, "Olaf Scholz", "visit", "Warsaw")
    assert visit and visit[0].date == ""  # 2019 is the summit's, June bounds "since"
    assert not [e for e in events if e.actor == "Warsaw"]  # hosting a summit is no meeting
