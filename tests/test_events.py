"""Events from the dependency parse (newsfuse.facts.events): the five example
articles (one story) and hand-written sentences that are not from the examples."""

from __future__ import annotations

import pytest

from conftest import text_article
from newsfuse.facts.paragraph_parse import paragraph_doc
from newsfuse.facts.records import DateMention


@pytest.fixture(scope="module")
def parsed_story(example_articles, example_docs):
    """The example articles with their production parse, and their entities resolved across them."""
    from newsfuse.facts.entities import resolve_entities

    parsed = list(zip(example_articles, example_docs))
    return parsed, resolve_entities(parsed)


@pytest.fixture(scope="module")
def story(parsed_story):
    """``{article id: (article, doc, events)}`` for the examples, entities resolved across them."""
    from newsfuse.facts.events import extract_events

    parsed, entities = parsed_story
    return {a.id: (a, doc, extract_events(a, doc, entities)) for a, doc in parsed}


def _events(nlp, text: str, with_entities: bool = True, anchor: str | None = None, entities_out: list | None = None):
    """Events of one hand-written text; ``anchor`` resolves its dates (dates.extract_dates) against that day."""
    from newsfuse.facts.dates import extract_dates
    from newsfuse.facts.entities import resolve_entities
    from newsfuse.facts.events import extract_events

    article = text_article(text)
    doc = paragraph_doc(nlp, article)
    entities = resolve_entities([(article, doc)]) if with_entities else ()
    if entities_out is not None:
        entities_out.extend(entities)
    dates = extract_dates(article, doc, anchor) if anchor else ()
    return extract_events(article, doc, entities, dates)


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
    # reported, and future: the clause's own "will" says it has not happened, so it wins
    assert [(e.actor, e.action, e.target, e.date, e.modality) for e in events] == [
        ("army", "attack", "Ruritania", "next week", "future")
    ]


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


# -- modality -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor", "action", "target", "modality"),
    [
        # future: "will", "is due/set/going to", "is to", a bare conjunct sharing "will"
        ("Chancellor Olaf Scholz is due to visit Warsaw on Thursday.", "Olaf Scholz", "visit", "Warsaw", "future"),
        ("Russia is going to attack Kharkiv.", "Russia", "attack", "Kharkiv", "future"),
        ("Chancellor Olaf Scholz will meet President Joe Biden in Washington and visit Congress.",
         "Olaf Scholz", "visit", "Congress", "future"),
        ("Scholz's upcoming visit to Washington has drawn attention.", "Scholz", "visit", "Washington", "future"),
        # planned: the doer's intention
        ("Japan plans to sanction the company.", "Japan", "sanction", "company", "planned"),
        ("Germany intends to aid Ukraine.", "Germany", "aid", "Ukraine", "planned"),
        ("Tokyo aims to negotiate with Seoul.", "Tokyo", "consult", "Seoul", "planned"),
        ("Scholz's planned trip to Beijing was cancelled.", "Scholz", "visit", "Beijing", "planned"),
        # hypothetical: modals, conditionals, likelihood, a request of someone else
        ("Turkey might attack Kurdish fighters in Syria.", "Turkey", "attack", "Kurdish fighters", "hypothetical"),
        ("China could impose sanctions on Lithuania.", "China", "sanction", "Lithuania", "hypothetical"),
        ("If Iran attacks Israel, Washington would sanction Tehran.", "Iran", "attack", "Israel", "hypothetical"),
        ("If Iran attacks Israel, Washington will sanction Tehran.", "Washington", "sanction", "Tehran", "hypothetical"),
        ("Germany is unlikely to sanction China.", "Germany", "sanction", "China", "hypothetical"),
        ("The United States urged Israel to negotiate with Hamas.", "Israel", "consult", "Hamas", "hypothetical"),
        # reported: only the content of someone's claim
        ("The ministry said that Russian troops attacked the village.", "Russian troops", "attack", "village", "reported"),
        ("Russian troops shelled the village, officials said.", "Russian troops", "attack", "village", "reported"),
        ("Ukraine claims that Russian forces attacked the dam.", "Russian forces", "attack", "dam", "reported"),
        ("Ukraine accused Russia of attacking the hospital.", "Russia", "attack", "hospital", "reported"),
        ("Russia is alleged to have bombed the dam.", "Russia", "attack", "dam", "reported"),
        ("Iran reportedly attacked a tanker.", "Iran", "attack", "tanker", "reported"),
        ("According to the army, rebels attacked the convoy.", "rebels", "attack", "convoy", "reported"),
        # asserted: the matrix events themselves, and plain past tense
        ("Ukraine accused Russia of attacking the hospital.", "Ukraine", "accuse", "Russia", "asserted"),
        ("The United States urged Israel to negotiate with Hamas.", "United States", "demand", "Israel", "asserted"),
        ("Japan refused to sanction the company.", "Japan", "sanction", "company", "asserted"),
    ],
)
def test_events_modality(nlp, text, actor, action, target, modality):
    found = _find(_events(nlp, text), actor, action, target)
    assert [e.modality for e in found] == [modality], _events(nlp, text)


def test_events_modality_future_from_resolved_date(nlp):
    """A present-tense verb is future when its date resolves after the article's anchor day."""
    events = _events(
        nlp,
        "President Emmanuel Macron travels to Berlin on Wednesday. Chancellor Olaf Scholz travelled to Paris on Friday.",
        anchor="2024-07-08",  # a Monday
    )
    berlin = _find(events, "Emmanuel Macron", "visit", "Berlin")
    paris = _find(events, "Olaf Scholz", "visit", "Paris")
    assert [(e.date, e.modality) for e in berlin] == [("2024-07-10", "future")]
    assert [(e.date, e.modality) for e in paris] == [("2024-07-05", "asserted")]


def test_events_modality_in_the_example_story(story):
    def modality(article_id: str, actor: str, action: str, target: str) -> list[str]:
        return [e.modality for e in _find(story[article_id][2], actor, action, target)]

    assert modality("000_84cc0352b6f1ec13", "Narendra Modi", "visit", "Russia")[0] == "future"  # "will visit Russia"
    assert modality("001_c3cc268cb8b335a2", "Narendra Modi", "meet", "Vladimir Putin")[0] == "future"  # "is set to meet"
    assert modality("004_7cd62a0fa2f72d54", "United States", "criticise", "India") == ["reported"]  # "Miller said the US had"
    assert modality("001_c3cc268cb8b335a2", "Russia", "aid", "India") == ["hypothetical"]  # "said Russia could supply"
    assert modality("000_84cc0352b6f1ec13", "Narendra Modi", "criticise", "Russia") == ["asserted"]  # "has not condemned"


# -- entity ids ------------------------------------------------------------------------------


def test_events_entity_ids_from_resolved_entities(nlp):
    entities: list = []
    events = _events(
        nlp,
        "President Cyril Ramaphosa of South Africa met Kenyan President William Ruto in Nairobi. He later visited Mombasa.",
        entities_out=entities,
    )
    ids = {e.name: e.id for e in entities}
    meet = _find(events, "Cyril Ramaphosa", "meet", "William Ruto")
    assert meet and (meet[0].actor_id, meet[0].target_id) == (ids["Cyril Ramaphosa"], ids["William Ruto"])
    visit = _find(events, "Cyril Ramaphosa", "visit", "Mombasa")  # the pronoun's antecedent carries its id
    assert visit and (visit[0].actor_id, visit[0].target_id) == (ids["Cyril Ramaphosa"], ids["Mombasa"])


def test_events_entity_ids_empty_for_phrases_and_without_entities(nlp):
    events = _events(nlp, "The ministry said that Russian troops attacked the village.")
    assert [(e.actor_id, e.target_id) for e in events] == [("", "")]  # noun phrases, not entities
    bare = _events(nlp, "Iran threatened Israel with retaliation on Sunday.", with_entities=False)
    assert [(e.actor, e.actor_id, e.target, e.target_id) for e in bare] == [("Iran", "", "Israel", "")]


def test_events_entity_ids_in_the_example_story(story, parsed_story):
    ids = {e.name: e.id for e in parsed_story[1]}
    for _, _, events in story.values():
        for e in events:
            if e.actor_id:
                assert ids[e.actor] == e.actor_id
            if e.target_id:
                assert ids[e.target] == e.target_id
    _, _, events = story["003_9ccd3c76824c756c"]
    zelenskyy = _find(events, "Volodymyr Zelenskyy", "criticise", "Narendra Modi")  # target via "Modi's trip"
    assert zelenskyy and zelenskyy[0].target_id == ids["Narendra Modi"] and zelenskyy[0].actor_id


# -- repeated event nouns ----------------------------------------------------------------------


def test_events_repeated_event_nouns_merged(nlp):
    events = _events(
        nlp,
        "Chancellor Olaf Scholz did not meet President Xi Jinping. He visited Shanghai instead. "
        "Scholz's visit to Shanghai drew protests.\n\nLater, Scholz's visit to Shanghai was praised.",
    )
    visits = _find(events, "Olaf Scholz", "visit", "Shanghai")
    assert len(visits) == 1 and visits[0].text == "He visited Shanghai instead."  # the first mention stands
    apposed = _events(nlp, "Scholz's visit to Shanghai, his second trip this year, drew protests.")
    assert [(e.actor, e.action, e.target) for e in apposed] == [("Scholz", "visit", "Shanghai")]


def test_events_repeats_kept_when_dated_apart_or_verbal(nlp):
    events = _events(
        nlp,
        "Scholz visited Shanghai on Monday. Scholz's visit to Shanghai in 2019 was quieter.",
        anchor="2024-07-08",
    )
    assert [e.date for e in _find(events, "Scholz", "visit", "Shanghai")] == ["2024-07-08", "2019"]
    verbal = _events(
        nlp,
        "Prime Minister Narendra Modi met President Joe Biden in 2023. Modi met President Joe Biden again in June.",
    )
    assert len(_find(verbal, "Narendra Modi", "meet", "Joe Biden")) == 2  # two meetings, not one


def test_events_example_story_has_no_repeated_visit_nouns(story):
    for _, _, events in story.values():
        keys = [
            (e.actor, e.action, e.target, e.place, e.modality, e.negated)
            for e in events if e.actor == "Narendra Modi" and e.action == "visit" and not e.date
        ]
        assert len(keys) == len(set(keys)), keys
    _, _, events = story["003_9ccd3c76824c756c"]  # "criticized Modi's trip" ... "Modi's visit serves as"
    assert len([e for e in events if e.actor == "Narendra Modi" and e.action == "visit" and not e.target]) == 1


def test_events_scan_looks_at_every_token_that_can_be_an_event(example_docs):
    from newsfuse.facts.events.extract import _noun_event, _possible_events, _verb_event
    from newsfuse.facts.token_scan import TokenScan

    found = 0
    for doc in example_docs:
        possible = _possible_events(TokenScan(doc))
        for tok in doc:
            if _verb_event(tok) or _noun_event(tok):
                assert possible[tok.i], tok.text
                found += 1
    assert found > 10
