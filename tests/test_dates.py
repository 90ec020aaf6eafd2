"""Date mentions and anchors (newsfuse.facts.dates): the example story, and
hand-written sentences read against a Wednesday (2024-07-10) so that tense
decides which Monday or Friday is meant."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import EXAMPLES_DIR as EXAMPLES, text_article
from newsfuse.facts.dates import anchors_for, article_anchor, extract_dates, resolve_expression, story_anchor
from newsfuse.facts.paragraph_parse import paragraph_doc


@pytest.fixture(scope="module")
def example_dates(example_articles, example_docs):
    anchors = anchors_for(example_articles)
    return {
        a.id: (a, extract_dates(a, doc, anchor, source))
        for a, doc, (anchor, source) in zip(example_articles, example_docs, anchors)
    }


def _mention(mentions, text: str, after: str = ""):
    """The first mention reading ``text`` whose left context ends with ``after``."""
    article, found = mentions
    for m in found:
        if m.text == text and article.text[: m.start].rstrip().endswith(after):
            return m
    raise AssertionError(f"no {text!r} after {after!r} in {[m.text for m in found]}")


# -- the example story ----------------------------------------------------------


def test_dates_example_anchors_inherit_the_story_date(example_articles):
    gold = __import__("json").loads((EXAMPLES / "gold.json").read_text(encoding="utf-8"))["dates"]
    own = {a.id: article_anchor(a) for a in example_articles}
    for art_id, item in gold.items():
        assert own[art_id][0] == item["stated"], art_id
    assert story_anchor(example_articles) == "2024-07-08"
    anchors = dict(zip((a.id for a in example_articles), anchors_for(example_articles)))
    assert anchors["000_84cc0352b6f1ec13"] == ("2024-07-08", "article")
    for art_id in ("001_c3cc268cb8b335a2", "002_5224782e82acb287", "003_9ccd3c76824c756c", "004_7cd62a0fa2f72d54"):
        assert anchors[art_id] == ("2024-07-08", "story")


@pytest.mark.parametrize(
    "article, text, after, kind, value",
    [
        ("001_c3cc268cb8b335a2", "on Monday", "Putin in Moscow", "relative", "2024-07-08"),
        ("003_9ccd3c76824c756c", "on Monday", "informal meeting", "relative", "2024-07-08"),
        ("004_7cd62a0fa2f72d54", "on Monday", "Mr. Modi landed", "relative", "2024-07-08"),
        ("004_7cd62a0fa2f72d54", "on Tuesday", "which begins", "relative", "2024-07-09"),
        ("004_7cd62a0fa2f72d54", "since 2019", "the Kremlin", "since", "2019"),
        ("004_7cd62a0fa2f72d54", "in June 2020", "Ladakh region", "absolute", "2020-06"),
        ("004_7cd62a0fa2f72d54", "in June", "third term", "relative", "2024-06"),
        ("000_84cc0352b6f1ec13", "on Monday", "visit Russia", "relative", "2024-07-08"),
        ("000_84cc0352b6f1ec13", "last month", "a third term", "relative", "2024-06"),
        ("000_84cc0352b6f1ec13", "five years", "first time in", "duration", ""),
        ("000_84cc0352b6f1ec13", "same year", "Uzbekistan that", "relative", "2022"),
        ("002_5224782e82acb287", "this week", "Putin of Russia", "relative", "2024-W28"),
        ("002_5224782e82acb287", "on Tuesday", "talks", "relative", "2024-07-09"),
        ("002_5224782e82acb287", "last December", "in Moscow", "relative", "2023-12"),
        ("001_c3cc268cb8b335a2", "on Friday", "media briefing", "relative", "2024-07-05"),
        ("001_c3cc268cb8b335a2", "in February 2022", "of Ukraine", "absolute", "2022-02"),
    ],
)
def test_dates_example_mentions(example_dates, article, text, after, kind, value):
    m = _mention(example_dates[article], text, after)
    assert (m.kind, m.value) == (kind, value)
    if kind != "duration":
        assert m.anchor == "2024-07-08"
        assert m.anchor_source == ("article" if article.startswith("000") else "story")


def test_dates_example_offsets_and_no_frequencies(example_dates):
    for article, mentions in example_dates.values():
        assert mentions
        for m in mentions:
            assert article.text[m.start : m.end] == m.text
            assert m.kind in ("absolute", "relative", "since", "year", "duration")
            assert m.kind != "duration" or m.value == ""
        # "annual summits", "$60 billion annually" are rates, not dates
        assert not [m for m in mentions if "annual" in m.text.lower()]


# -- hand-written sentences, anchored on Wednesday 2024-07-10 ----------------------

WEDNESDAY = "2024-07-10"


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The minister landed in Paris on Monday and left on Friday.",
         [("on Monday", "relative", "2024-07-08"), ("on Friday", "relative", "2024-07-05")]),
        ("The minister will travel to Paris on Monday.", [("on Monday", "relative", "2024-07-15")]),
        ("The summit begins on Friday in Brussels.", [("on Friday", "relative", "2024-07-12")]),
        ("Talks are expected to resume on Thursday, officials said.", [("on Thursday", "relative", "2024-07-11")]),
        ("Officials said on Tuesday that the talks had failed.", [("on Tuesday", "relative", "2024-07-09")]),
        ("The election was held in December.", [("in December", "relative", "2023-12")]),
        ("The election will be held in March.", [("in March", "relative", "2025-03")]),
        ("He was born in 1961 and has led the party since 2019.",
         [("in 1961", "year", "1961"), ("since 2019", "since", "2019")]),
        ("Prices rose 4% last year and are expected to rise again next year.",
         [("last year", "relative", "2023"), ("next year", "relative", "2025")]),
        ("The deal was signed on July 2, 2023, and took effect two years ago.",
         [("on July 2, 2023", "absolute", "2023-07-02"), ("two years ago", "relative", "2022")]),
        ("The 65-year-old minister, who has served for 12 years, spoke yesterday.",
         [("12 years", "duration", ""), ("yesterday", "relative", "2024-07-09")]),
        ("The country spends about $60 billion a year on defence, about 2% of GDP annually.", []),
        ("The bank raised rates in 2022. That same year, inflation peaked.",
         [("in 2022", "year", "2022"), ("That same year", "relative", "2022")]),
        ("Shares fell earlier this month and again this week.",
         [("earlier this month", "relative", "2024-07"), ("this week", "relative", "2024-W28")]),
    ],
)
def test_dates_sentences_resolve_with_tense(nlp, sentence, expected):
    article = text_article(sentence)
    found = extract_dates(article, paragraph_doc(nlp, article), WEDNESDAY, "article")
    assert [(m.text, m.kind, m.value) for m in found] == expected
    for m in found:
        assert article.text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("Modi will visit Russia on Monday.", "2024-07-08"),
        ("Modi arrived in Moscow on Monday.", "2024-07-08"),
        ("Modi is in Moscow on Monday.", "2024-07-08"),
    ],
)
def test_dates_same_weekday_as_anchor_is_the_anchor(nlp, sentence, value):
    """dateparser puts "Monday" read on Monday 2024-07-08 in the week before."""
    article = text_article(sentence)
    (m,) = extract_dates(article, paragraph_doc(nlp, article), "2024-07-08")
    assert m.value == value


def test_dates_without_anchor_keep_absolute_values(nlp):
    article = text_article("The treaty was signed on 8 July 2024 and talks resume on Monday.")
    found = extract_dates(article, paragraph_doc(nlp, article), None)
    assert [(m.text, m.value, m.anchor_source) for m in found] == [
        ("on 8 July 2024", "2024-07-08", ""), ("on Monday", "", "")]


def test_dates_ignore_money_that_looks_like_a_year(nlp):
    article = text_article("India buys about $60 billion of Russian oil, up from $1960 million in 2019.")
    found = extract_dates(article, paragraph_doc(nlp, article), "2024-07-08")
    assert [m.value for m in found] == ["2019"]


# -- anchors ----------------------------------------------------------------------


def test_dates_article_anchor_from_lead_when_metadata_is_missing():
    article = text_article("WASHINGTON — On July 9, 2024, the president met the prime minister.\n\nThey spoke on Monday.")
    undated = dataclasses.replace(article, date=None)
    assert article_anchor(undated) == ("2024-07-09", "lead")
    late = text_article("The talks went on.\n\nSecond paragraph.\n\nThird paragraph mentions July 9, 2024 only here.")
    assert article_anchor(dataclasses.replace(late, date=None)) == (None, "")
    # a date inside the lead sentence is an event's date, not the report's
    event = text_article("The party has called a referendum for June 5, 2016 against the government's refugee plans.")
    assert article_anchor(dataclasses.replace(event, date=None)) == (None, "")


def test_dates_story_anchor_is_the_earliest_stated_date():
    body = "The two leaders met in the capital and agreed to hold further talks on trade and energy."
    a = dataclasses.replace(text_article("A first report. " + body, "a"), date="2024-07-10")
    b = dataclasses.replace(text_article("A second report. " + body, "b"), date="2024-07-08")
    c = dataclasses.replace(text_article("An undated report. " + body, "c"), date=None)
    assert story_anchor([a, b, c]) == "2024-07-08"
    assert anchors_for([a, b, c]) == [("2024-07-10", "article"), ("2024-07-08", "article"), ("2024-07-08", "story")]
    assert story_anchor([c]) is None
    assert anchors_for([c]) == [(None, "")]


@pytest.mark.parametrize(
    "text, tense, expected",
    [
        ("Monday", "past", ("relative", "2024-07-08")),
        ("Monday", "future", ("relative", "2024-07-15")),
        ("Monday", "", ("relative", "2024-07-08")),
        ("Friday", "", ("relative", "2024-07-12")),
        ("last Monday", "", ("relative", "2024-07-08")),
        ("next Monday", "", ("relative", "2024-07-15")),
        ("late June", "", ("relative", "2024-06")),
        ("September", "past", ("relative", "2023-09")),
        ("8 July", "", ("absolute", "2024-07-08")),
        ("2024-07-08", "", ("absolute", "2024-07-08")),
        ("the financial year ended March 2024", "", ("absolute", "2024-03")),
        ("July 8-9, 2024", "", ("absolute", "2024-07-08")),
        ("8 to 9 July 2024", "", ("absolute", "2024-07-08")),
        ("07/08/2024", "", ("absolute", "2024-07-08")),
        ("the past 20 years", "", ("duration", "")),
        ("the 1990s", "", ("year", "")),
        ("annually", "", None),
        ("65 years old", "", None),
    ],
)
def test_dates_resolve_expression(text, tense, expected):
    assert resolve_expression(text, WEDNESDAY, tense) == expected


@pytest.mark.parametrize(
    "sentence, tense",
    [
        ("Modi to meet Putin in Moscow on Monday", "future"),
        ("The talks, scheduled for Friday, were cancelled.", "past"),
        ("He said the summit would open on Friday.", "future"),
        ("The NATO summit, which begins on Tuesday, will focus on Ukraine.", "future"),
        ("Putin has met Modi on Friday.", "past"),
        ("Modi's visit, spanning into Tuesday, includes a meeting with Putin.", "present"),
    ],
)
def test_dates_clause_tense(nlp, sentence, tense):
    from newsfuse.facts.dates import clause_tense

    doc = nlp(sentence)
    (ent,) = [e for e in doc.ents if e.label_ == "DATE"]
    assert clause_tense(ent.root) == tense
