"""Quotes in every house style: single quotes (straight and curly), nesting either way,
multi-paragraph quotes, apostrophes that are no quote marks, first-person speakers,
and cues that report no speech (negated, refused, empty, evidence cited).

Hand-written sentences (not from any corpus), each checked by hand."""

from __future__ import annotations

import pytest

from conftest import text_article
from newsfuse.facts.quotes.marks import find_quote_spans, is_apostrophe


def _spans(text: str) -> list[str]:
    paras, pos = [], 0
    for line in text.split("\n"):
        paras.append((pos, pos + len(line)))
        pos += len(line) + 1
    return [text[q.start:q.end] for q in find_quote_spans(text, paras)]


@pytest.mark.parametrize("text, expected", [
    ("'We will not back down,' the mayor said.", ["We will not back down"]),
    ("‘We will not back down,’ the mayor said.", ["We will not back down"]),
    # apostrophes inside the quote: contractions, possessives in s', years, elisions
    ("'I don't care about the Joneses' car,' she said.", ["I don't care about the Joneses' car"]),
    ("He said: ‘The ’80s gave us rock ’n’ roll and little else.’",
     ["The ’80s gave us rock ’n’ roll and little else."]),
    # US nesting: the inner single quote belongs to the outer double one
    ("“She told me ‘never again’ and left,” the coach said.", ["She told me ‘never again’ and left"]),
    # British nesting: the inner double quote gives way to the outer single one
    ("‘She told me “never again” and left,’ the coach said.", ["She told me “never again” and left"]),
    # the typewriter double mark '' is not two single quotes
    ("''It is a fair deal,'' said the envoy.", ["It is a fair deal"]),
    # a multi-paragraph quote: the first paragraph is left open, the next reopens
    ("‘We lost the first vote by a handful of seats.\n‘We will win the second,’ the leader said.",
     ["We lost the first vote by a handful of seats.", "We will win the second"]),
])
def test_quote_marks_of_every_style(text: str, expected: list[str]) -> None:
    assert _spans(text) == expected


@pytest.mark.parametrize("text", [
    "The farmers' market opened late and nobody said a word.",
    "Fans of the '90s band 'em all sang along.",
    "Rock 'n' roll never died, the drummer's fans insist.",
])
def test_apostrophes_open_no_quote(text: str) -> None:
    assert _spans(text) == []


def test_is_apostrophe() -> None:
    text = "don't the '90s Jones' car 'em"
    assert is_apostrophe(text, text.index("'t"))
    assert is_apostrophe(text, text.index("'90"))
    assert is_apostrophe(text, text.index("'em"))


def _quotes(nlp, text: str):
    from newsfuse.facts.quotes import extract_quotes

    article = text_article("Politics\n\n" + text + "\n")
    return extract_quotes(article, nlp=nlp)


def test_single_quoted_speaker(nlp) -> None:
    quotes = _quotes(nlp, "'The bridge will reopen in spring,' Transport Minister Ellen Varga said on Tuesday.")
    assert [(q.speaker, q.text) for q in quotes if q.kind == "direct"] == [
        ("Ellen Varga", "The bridge will reopen in spring")]


def test_first_person_is_the_frame_speaker(nlp) -> None:
    text = ("Ellen Varga, the transport minister, visited the site on Monday.\n\n"
            "‘I have seen the cracks myself and I will not sign it off,’ Ms Varga told reporters.")
    quotes = _quotes(nlp, text)
    assert quotes and all(q.speaker.lower() not in ("i", "me", "we", "us") for q in quotes)
    assert any(q.speaker == "Ellen Varga" and q.text.startswith("I have seen") for q in quotes)


@pytest.mark.parametrize("text", [
    "The regional governor has not condemned the shelling of the port.",
    "The union did not endorse anyone in the race for mayor.",
    "The minister never said that the budget would be cut.",
    "A spokesman for the club declined to comment on the transfer.",
    "The mayor refused to comment when asked about the audit.",
    "The defendant showed no emotion as the verdict was read.",
])
def test_negated_and_refused_cues_are_no_quotes(nlp, text: str) -> None:
    """Kept by the extractor (PolNeAR annotates them) but marked: no words were said."""
    assert all(q.act == "negated" for q in _quotes(nlp, text))


def test_reader_appeal_is_no_quote(nlp) -> None:
    text = "We report the facts without fear or favour, and we ask readers to support our journalism."
    assert all(q.act == "writer" for q in _quotes(nlp, text) if q.speaker.lower() in ("we", "us", "i"))


def test_facts_step_keeps_words_said_only(nlp) -> None:
    from newsfuse.facts.extract import FactExtractor

    article = text_article("Politics\n\nThe union did not endorse anyone in the race for mayor.\n\n"
                           "We report the facts without fear or favour.\n\n"
                           "'The count was fair,' the election officer, Mara Quist, said on Monday.\n")
    facts = FactExtractor(nlp).extract([article])
    assert [(q.speaker, q.act) for q in facts.quotes] == [("Mara Quist", "said")]


def test_cited_documents_are_no_content(nlp) -> None:
    quotes = _quotes(nlp, "The newspaper reported the sale on Friday, citing court documents.")
    assert not any(q.text.strip(" .") == "court documents" for q in quotes)


def test_asserted_cues_stay_quotes(nlp) -> None:
    """The negation rules must not drop what was said: a negation inside the content is fine."""
    quotes = _quotes(nlp, "The regional governor said that the port would not reopen before June.")
    assert any("governor" in q.speaker and q.act == "said" for q in quotes), quotes


def test_greeting_a_person_is_no_stance(nlp) -> None:
    quotes = _quotes(nlp, "The prime minister welcomed the president, embracing the guest on arrival at the airport.")
    assert [q.text for q in quotes] == []
    kept = _quotes(nlp, "The opposition leader embraced the plan to cut fuel taxes.")
    assert any(q.text.startswith("the plan") for q in kept), kept
