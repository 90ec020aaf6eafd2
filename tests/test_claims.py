"""Numeric claims (newsfuse.facts.claims.numbers, newsfuse.facts.claims): every figure of
the example articles' hand annotation, new sentences for hedges, scales,
currencies and word numbers, and numbers that are not claims."""

from __future__ import annotations

import json
import time

import pytest

from conftest import EXAMPLES_DIR as EXAMPLES, text_article
from newsfuse.facts.claims.numbers import parse_amount, word_number
from newsfuse.facts.paragraph_parse import paragraph_doc


def _claims(nlp, text: str, anchor: str | None = "2025-03-10"):
    from newsfuse.facts.claims import extract_claims

    article = text_article(text)
    return article, extract_claims(article, paragraph_doc(nlp, article), anchor=anchor)


@pytest.fixture(scope="module")
def example_claims(example_articles, example_docs):
    from newsfuse.facts.claims import extract_claims
    from newsfuse.facts.dates import story_anchor

    anchor = story_anchor(example_articles)
    out = {}
    for article, doc in zip(example_articles, example_docs):
        began = time.perf_counter()
        claims = extract_claims(article, doc, anchor=article.date or anchor)
        out[article.id] = (article, claims, time.perf_counter() - began)
    return out


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).lower()


# -- the example articles ------------------------------------------------------

# Every figure of gold.json "facts", as (fact words, article prefix, phrase as
# written, value, hedge, unit, words the claim's thing_key must hold, compared
# through content_key so "killed" matches "kill").
# The phrase must occur in the gold value for that article (checked below).
GOLD_FIGURES = [
    ("imports", "000", "about $60 billion", 60e9, "about", "USD", {"import", "india", "russia"}),
    ("imports", "001", "about $60 billion", 60e9, "about", "USD", {"import", "india", "russia"}),
    ("imports", "001", "near $61.44 billion", 61.44e9, "about", "USD", {"import", "india"}),
    ("imports", "002", "$65 billion", 65e9, "exact", "USD", {"import", "india", "russia"}),
    ("exports", "000", "less than $5 billion", 5e9, "less_than", "USD", {"export", "india", "russia"}),
    ("exports", "001", "less than $5 billion", 5e9, "less_than", "USD", {"export", "india", "russia"}),
    ("exports", "001", "$4.26 billion", 4.26e9, "exact", "USD", {"export", "india", "russia"}),
    ("exports", "002", "$4 billion", 4e9, "exact", "USD", {"export", "india", "russia"}),
    ("exports", "004", "$4bn", 4e9, "exact", "USD", {"export", "india", "russia"}),
    ("bilateral trade", "001", "$65.7 billion", 65.7e9, "exact", "USD", {"trade", "bilateral", "india", "russia"}),
    ("bilateral trade", "001", "33%", 0.33, "exact", "percent", {"rise", "trade", "india", "russia"}),
    ("bilateral trade", "004", "$65bn", 65e9, "exact", "USD", {"trade", "bilateral", "india", "russia"}),
    ("bilateral trade", "004", "£50.76bn", 50.76e9, "exact", "GBP", {"trade", "bilateral", "india", "russia"}),
    ("Indians living", "000", "14,000", 14000, "about", "resident", {"resident", "indian", "russia"}),
    ("Indians living", "000", "4,500", 4500, "exact", "student", {"student", "indian", "russia"}),
    ("Indians living", "001", "14,000", 14000, "about", "indian", {"indian", "russia"}),
    ("Indians living", "001", "4,500", 4500, "exact", "student", {"student", "indian"}),
    ("previous visit", "000", "five years", 5, "exact", "years", {"visit", "russia", "modi"}),
    ("previous visit", "001", "five years", 5, "exact", "years", {"visit", "russia", "modi"}),
    ("previous visit", "002", "five years", 5, "exact", "years", {"visit", "russia", "modi"}),
    ("previous visit", "004", "since 2019", 5, "about", "years", {"visit", "kremlin", "modi"}),
    ("Deaths", "003", "multiple", None, "vague", "casualty", {"casualty", "russian", "ukraine"}),
    ("Deaths", "004", "at least 41", 41, "at_least", "people", {"people", "killed"}),
    ("Chinese soldiers", "004", "at least four", 4, "at_least", "soldier", {"chinese", "soldier", "killed"}),
    ("Chinese soldiers", "002", "an unknown number", None, "vague", "troop", {"chinese", "troop", "killed"}),
    ("Indian soldiers", "002", "20", 20, "exact", "soldier", {"indian", "soldier", "killed"}),
    ("Indian soldiers", "004", "20", 20, "exact", "soldier", {"indian", "soldier", "killed"}),
    ("recruited", "002", "Several dozen", None, "vague", "citizen", {"indian", "citizen"}),
    ("recruited", "004", "dozens", None, "vague", "indian", {"indian"}),
    ("recruited", "004", "Four", 4, "exact", "indian", {"indian", "died"}),
    ("Austria", "001", "41 years", 41, "exact", "years", {"visit", "indian", "prime", "minister"}),
]


def _gold_values(fact_words: str, prefix: str) -> list[str]:
    gold = json.loads((EXAMPLES / "gold.json").read_text(encoding="utf-8"))["facts"]
    out: list[str] = []
    for fact in gold:
        if fact_words.lower() in fact["fact"].lower():
            for art, value in fact["values"].items():
                if art.startswith(prefix):
                    out.extend(value if isinstance(value, list) else [value])
    return out


def _match(claims, phrase: str):
    return [c for c in claims if _norm(c.text).endswith(_norm(phrase).removeprefix("about ").removeprefix("near ")) or _norm(phrase) in _norm(c.text)]


def test_claims_gold_table_is_grounded_in_gold_json():
    for fact_words, prefix, phrase, *_ in GOLD_FIGURES:
        values = _gold_values(fact_words, prefix)
        assert any(_norm(phrase) in _norm(v) for v in values), (fact_words, prefix, phrase, values)


@pytest.mark.parametrize("fact_words, prefix, phrase, value, hedge, unit, key", GOLD_FIGURES,
                         ids=[f"{g[1]}-{g[2]}" for g in GOLD_FIGURES])
def test_claims_example_gold_figure(example_claims, fact_words, prefix, phrase, value, hedge, unit, key):
    from newsfuse.facts.claims import content_key, thing_key

    (article, claims, _), = [v for k, v in example_claims.items() if k.startswith(prefix)]
    found = [c for c in _match(claims, phrase) if c.hedge == hedge and c.unit == unit]
    assert found, f"{phrase!r} not found; claims: {[(c.text, c.hedge, c.unit, c.thing) for c in claims]}"
    claim = found[0]
    if value is None:
        assert claim.value is None
    else:
        assert claim.value == pytest.approx(value)
    assert content_key(" ".join(key)) <= thing_key(claim), (claim.thing, sorted(thing_key(claim)))


def test_claims_example_precision(example_claims):
    """Few claims beyond the annotated figures: every one names a thing and a unit."""
    extra = []
    for art_id, (article, claims, _) in example_claims.items():
        for c in claims:
            assert article.text[c.start:c.end] == c.text
            assert c.sentence_start <= c.start < c.end <= c.sentence_end
            assert c.unit and c.thing, c
            assert c.low is None or c.high is None or c.low <= (c.value if c.value is not None else c.low) <= c.high
            if not any(art_id.startswith(p) and _match([c], ph) for _, p, ph, *_ in GOLD_FIGURES):
                extra.append((art_id[:3], c.text, c.thing))
    assert len(extra) <= 2, extra  # "billions of dollars of discounted oil" is a fair one


def test_claims_example_directions_do_not_mix(example_claims):
    """Imports and exports between the same two countries get different keys."""
    from newsfuse.facts.claims import thing_key

    keys = {c.text: thing_key(c) for _, claims, _ in example_claims.values() for c in claims if c.unit == "USD"}
    assert "export" not in keys["about $60 billion"] and "import" in keys["about $60 billion"]
    assert "import" not in keys["less than $5 billion"] and "export" in keys["less than $5 billion"]


def test_claims_example_times(example_claims):
    by = {(k[:3], c.text): c for k, (_, claims, _) in example_claims.items() for c in claims}
    assert by[("001", "33%")].period == "2023-04/2024-03"  # "the financial year ended March 2024"
    assert by[("001", "$65.7 billion")].period == "2023-04/2024-03"
    assert by[("004", "20")].period == "2020-06"  # "in June 2020 killed 20 Indian ..."
    assert by[("002", "20")].period == "2020"  # "in 2022 and 2020, when 20 Indian soldiers ..."
    assert by[("000", "about $60 billion")].time == "annually"
    assert by[("001", "about $60 billion")].time == "a year"
    since = by[("004", "since 2019")]
    assert since.period == "2019" and since.low < 5 < since.high


def test_claims_example_runtime(example_claims):
    for art_id, (_, _, seconds) in example_claims.items():
        assert seconds < 0.5, (art_id, seconds)


# -- new sentences ---------------------------------------------------------------

NEW_CASES = [
    ("The flood has displaced more than 3,000 families in the northern district, officials said.",
     "more than 3,000", 3000, "more_than", "family", {"family", "displaced"}),
    ("Brazil sold nearly $2.3bn of soybeans to China last year, according to the trade ministry.",
     "nearly $2.3bn", 2.3e9, "about", "USD", {"brazil", "china", "soybean", "sale"}),
    ("The company raised Rs 450 crore from investors in its latest funding round.",
     "Rs 450 crore", 4.5e9, "exact", "INR", {"company", "investor"}),
    ("Germany's exports to France fell 4.5% in 2023, analysts said.",
     "4.5%", 0.045, "exact", "percent", {"fall", "export", "germany", "france"}),
    ("Twenty-five protesters were arrested and roughly a hundred others were injured in the clashes.",
     "Twenty-five", 25, "exact", "protester", {"protester", "arrested"}),
    ("Twenty-five protesters were arrested and roughly a hundred others were injured in the clashes.",
     "roughly a hundred", 100, "about", "other", {"injured"}),
    ("Up to 200 million people could lose access to clean water by 2030, the report warned.",
     "Up to 200 million", 200e6, "up_to", "people", {"people", "water"}),
    ("The museum received some £3.5 million in donations from private collectors.",
     "some £3.5 million", 3.5e6, "about", "GBP", {"museum", "collector"}),
    ("At least three people died and dozens of homes were destroyed when the storm hit the coast.",
     "At least three", 3, "at_least", "people", {"people", "died"}),
    ("At least three people died and dozens of homes were destroyed when the storm hit the coast.",
     "dozens", None, "vague", "home", {"home", "destroyed"}),
    ("The council approved a budget of €1.2 billion for the coming year.",
     "€1.2 billion", 1.2e9, "exact", "EUR", {"council", "budget"}),
    ("Farmers in the region harvested about 40,000 tonnes of wheat this season.",
     "about 40,000 tonnes", 40000, "about", "tonne", {"wheat"}),
    ("The two ministers met in Paris for the first time in three years, aides said.",
     "three years", 3, "exact", "years", {"minister", "paris"}),
    ("Only 15% of the staff voted for the deal, the union said on Friday.",
     "Only 15%", 0.15, "exact", "percent", {"staff", "share", "deal"}),
]


@pytest.mark.parametrize("text, phrase, value, hedge, unit, key", NEW_CASES, ids=[c[1] for c in NEW_CASES])
def test_claims_new_sentences(nlp, text, phrase, value, hedge, unit, key):
    from newsfuse.facts.claims import content_key, thing_key

    _, claims = _claims(nlp, text)
    found = [c for c in claims if c.text == phrase]
    assert found, [(c.text, c.thing) for c in claims]
    c = found[0]
    assert (c.hedge, c.unit) == (hedge, unit)
    assert c.value == (pytest.approx(value) if value is not None else None)
    assert content_key(" ".join(key)) <= thing_key(c), c.thing


def test_claims_relative_time_resolved_against_anchor(nlp):
    _, claims = _claims(nlp, "Brazil sold nearly $2.3bn of soybeans to China last year, according to the trade ministry.",
                        anchor="2025-03-10")
    assert (claims[0].time, claims[0].period) == ("last year", "2024")
    _, claims = _claims(nlp, "The government spent less than $800 million on the programme in the fiscal year that ended in June 2024.")
    assert claims[0].period == "2023-07/2024-06"


def test_claims_since_year_needs_anchor(nlp):
    text = "The prime minister's visit, his first to Berlin since 2015, begins on Tuesday."
    _, claims = _claims(nlp, text, anchor="2025-03-10")
    (c,) = [c for c in claims if c.text == "since 2015"]
    assert c.value == 10 and c.unit == "years" and "berlin" in c.thing.lower()
    _, claims = _claims(nlp, text, anchor=None)
    (c,) = [c for c in claims if c.text == "since 2015"]
    assert c.value is None and c.period == "2015"


NOT_CLAIMS = [
    "The ministers met on 12 June 2023 at 10:30 in the capital, their 3rd meeting this year.",
    "In 1998 the company opened its first factory, and the second plant followed in 2004.",
    "The talks were held in Room 204 of the Foreign Ministry after the Covid-19 crisis.",
    "He spoke to the G7 and the Group of 20 before the two men shook hands.",
    "One adviser said both leaders returned home on Friday, and the event lasted two days.",
    "The Su-30MKI jets and the Ka-226T helicopters were discussed along with the F-35 deal.",
    "He was 45 years old when he first won the seat in the 1990s.",
]


@pytest.mark.parametrize("text", NOT_CLAIMS, ids=range(len(NOT_CLAIMS)))
def test_claims_years_dates_ordinals_names_are_not_claims(nlp, text):
    _, claims = _claims(nlp, text)
    assert claims == [], [(c.text, c.thing) for c in claims]


def test_claims_quoted_numbers_are_claims(nlp):
    _, claims = _claims(nlp, '"We have lost more than 500 jobs this year," the mayor said.')
    assert [(c.text, c.hedge, c.unit) for c in claims] == [("more than 500", "more_than", "job")]


# -- the normaliser on plain strings -------------------------------------------------


@pytest.mark.parametrize("text, value, low, high, unit, scale, hedge", [
    ("about $60 billion", 60e9, 55e9, 65e9, "USD", "billion", "about"),
    ("less than $5 billion", 5e9, None, 5e9, "USD", "billion", "less_than"),
    ("at least 41", 41, 41, None, "", "", "at_least"),
    ("$4.26 billion", 4.26e9, 4.255e9, 4.265e9, "USD", "billion", "exact"),
    ("£50.76bn", 50.76e9, 50.755e9, 50.765e9, "GBP", "bn", "exact"),
    ("US$3.5m", 3.5e6, 3.45e6, 3.55e6, "USD", "m", "exact"),
    ("€700k", 7e5, 6.5e5, 7.5e5, "EUR", "k", "exact"),
    ("₹2 trillion", 2e12, 1.5e12, 2.5e12, "INR", "trillion", "exact"),
    ("Rs 5 lakh", 5e5, 4.5e5, 5.5e5, "INR", "lakh", "exact"),
    ("3 crore rupees", 3e7, 2.5e7, 3.5e7, "INR", "crore", "exact"),
    ("2.5 tn", 2.5e12, 2.45e12, 2.55e12, "", "tn", "exact"),
    ("40 million dollars", 40e6, 35e6, 45e6, "USD", "million", "exact"),
    ("12 per cent", 0.12, 0.115, 0.125, "percent", "", "exact"),
    ("over 300", 300, 300, None, "", "", "more_than"),
    ("as many as 1,200", 1200, None, 1200, "", "", "up_to"),
    ("no more than 7", 7, None, 7, "", "", "at_most"),
    ("nearly 60", 60, 50, 60, "", "", "about"),
    ("twenty-one", 21, 21, 21, "", "", "exact"),
    ("several dozen", None, 24, 108, "", "", "vague"),
    ("billions of dollars", None, 2e9, 999e9, "USD", "", "vague"),
])
def test_numbers_parse_amount(text, value, low, high, unit, scale, hedge):
    a = parse_amount(text)
    assert a is not None
    assert (a.unit, a.scale, a.hedge) == (unit, scale, hedge)
    assert a.value == (pytest.approx(value) if value is not None else None)
    assert a.low == (pytest.approx(low) if low is not None else None)
    assert a.high == (pytest.approx(high) if high is not None else None)


@pytest.mark.parametrize("text, value", [("four", 4), ("Twenty", 20), ("ninety-nine", 99), ("two hundred", 200),
                                         ("a dozen", 12), ("three thousand", 3000), ("banana", None)])
def test_numbers_word_number(text, value):
    assert word_number(text) == value


def test_numbers_parse_amount_rejects_text_without_number():
    assert parse_amount("the ministry") is None


def test_claims_thing_key_groups_word_forms():
    from newsfuse.facts.claims import content_key

    assert content_key("Indian soldiers killed") == content_key("killing of Indian soldiers")
    assert content_key("India's imports from Russia") == {"india", "import", "russia"}
    assert content_key("people died") == content_key("deaths of people")
    assert content_key("India's exports to Russia") != content_key("India's imports from Russia")


def test_claims_example_same_fact_same_key_across_articles(example_claims):
    """The reconciler groups on thing_key: the gold facts' figures share their keys."""
    from newsfuse.facts.claims import thing_key

    def key(prefix, phrase):
        (_, claims, _), = [v for k, v in example_claims.items() if k.startswith(prefix)]
        return thing_key(next(c for c in claims if c.text.endswith(phrase)))

    assert key("000", "$60 billion") == key("001", "$60 billion") == key("002", "$65 billion")
    assert key("000", "$5 billion") == key("001", "$5 billion") == key("001", "$4.26 billion")
    assert key("002", "$4 billion") >= key("004", "$4bn")
    assert key("000", "five years") == key("001", "five years")
    assert {"indian", "soldier", "kill"} <= key("002", "20") & key("004", "20")


def test_claims_up_from_is_the_earlier_value_of_the_same_thing(nlp):
    from newsfuse.facts.claims import thing_key

    text = "Exports of cars from Japan rose to $5.2 billion in May, up from $4.1 billion a year earlier, the ministry said."
    _, claims = _claims(nlp, text, anchor="2025-03-10")
    now, before = claims
    assert (now.text, now.value, now.period) == ("$5.2 billion", 5.2e9, "2024-05")
    assert (before.text, before.value, before.time) == ("$4.1 billion", 4.1e9, "a year earlier")
    assert thing_key(now) == thing_key(before) == {"export", "car", "japan"}


def test_claims_counted_noun_in_including_and_there(nlp):
    text = ("Officials met members of the Kenyan community in Canada. About 9,000 Kenyans, including 1,200 nurses, "
            "live there, according to the consulate.")
    _, claims = _claims(nlp, text)
    by = {c.text: c for c in claims}
    assert by["About 9,000"].thing == "Kenyans living in Canada" and by["About 9,000"].hedge == "about"
    assert by["1,200"].unit == "nurse" and "Kenyans" in by["1,200"].thing


def test_numbers_unknown_and_multiple_are_vague():
    unknown, multiple = parse_amount("an unknown number"), parse_amount("multiple")
    assert (unknown.value, unknown.low, unknown.high, unknown.hedge) == (None, None, None, "vague")
    assert (multiple.value, multiple.low, multiple.high, multiple.hedge) == (None, 2, None, "vague")
