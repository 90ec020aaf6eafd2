"""The cleaner on pages it was not built from: general evidence, not strings."""

from __future__ import annotations

from newsfuse.clean import Cleaner
from newsfuse.clean.blocks import split_fused_control, split_title_teaser
from newsfuse.clean.header import read_dateline
from newsfuse.model import Format, ParagraphKind, RawDoc


def _raw(text: str, ident: str = "a", **fields) -> RawDoc:
    return RawDoc(id=ident, origin=f"{ident}.txt", data=text.encode(), format=Format.TEXT, text=text, **fields)


def _clean(*texts: str):
    raws = [_raw(t, f"doc{i}") for i, t in enumerate(texts)]
    return list(Cleaner().clean_batch(raws))


FLOOD = """Home
World
Business

Flooding forces thousands from their homes in northern Italy

Advertisement

ROME (Reuters) — Torrential rain forced more than 3,000 people from their homes in Emilia-Romagna on Tuesday, officials said, as rivers burst their banks for the second time in a month.

The regional civil protection agency said 14 rivers had overflowed and that rescue crews were working through the night.

What happens next

Forecasters expect the rain to ease by Thursday, but warned that saturated ground could trigger landslides in the hills above Bologna.

Share this article

Subscribe to our newsletter
"""


def test_clean_flood_page_menu_title_dateline_heading_and_footer():
    [article] = _clean(FLOOD)
    assert article.title == "Flooding forces thousands from their homes in northern Italy"
    assert article.outlet == "Reuters"
    assert article.dateline.startswith("ROME (Reuters)")
    assert article.extra["dateline_place"] == "ROME"
    assert article.text.startswith("Torrential rain forced more than 3,000 people")
    removed = {r.text for r in article.removed}
    assert {"Home", "World", "Business", "Advertisement", "Share this article", "Subscribe to our newsletter"} <= removed
    headings = [article.paragraph_text(p) for p in article.paragraphs if p.kind is ParagraphKind.HEADING]
    assert headings == ["What happens next"]
    assert len(article.sentences) == 3


def test_clean_line_recurring_across_articles_is_chrome_even_mid_article():
    body = "The council approved the budget on {day}, after a debate that lasted more than four hours and ended in a narrow vote."
    texts = [
        f"{body.format(day=day)}\n\nMore from our network\n\nCouncillors will meet again next month to review spending on roads and schools."
        for day in ("Monday", "Tuesday", "Wednesday")
    ]
    for article in _clean(*texts):
        assert "More from our network" not in article.text
        assert any(r.reason == "line recurs across articles" for r in article.removed)


def test_clean_single_heading_not_mistaken_for_recurring_chrome():
    texts = [
        "The council approved the budget on Monday after a long debate.\n\nWhat comes next\n\nCouncillors meet again in March.",
        "Storms closed schools across the region on Friday, officials said.\n\nWhy it matters\n\nThe closures affect 40,000 pupils.",
    ]
    first, second = _clean(*texts)
    assert [first.paragraph_text(p) for p in first.paragraphs if p.kind is ParagraphKind.HEADING] == ["What comes next"]
    assert [second.paragraph_text(p) for p in second.paragraphs if p.kind is ParagraphKind.HEADING] == ["Why it matters"]


def test_clean_container_title_repeated_in_text_is_removed_not_promoted():
    text = "Storm closes schools\n\nStorms closed schools across the region on Friday, officials said.\n\nThe closures affect 40,000 pupils, the education office said."
    [article] = Cleaner().clean_batch([_raw(text, title="Storm closes schools")])
    assert article.title == "Storm closes schools"
    assert article.text.startswith("Storms closed schools")
    assert ("Storm closes schools", "headline repeated in the text") in {(r.text, r.reason) for r in article.removed}


def test_clean_page_with_only_chrome_is_an_error():
    from newsfuse.errors import InputError

    [result] = Cleaner().clean_batch([_raw("Home\nNews\nSport\nLog in\n")])
    assert isinstance(result, InputError)
    assert "no article text" in str(result)


def test_fused_control_only_strips_label_tails():
    assert split_fused_control("The minister resigned on Friday after weeks of pressure. Read More") == (
        "The minister resigned on Friday after weeks of pressure.",
        "Read More",
    )
    sentence = "The minister resigned on Friday after weeks of pressure. He denied wrongdoing."
    assert split_fused_control(sentence) == (sentence, None)


def test_title_teaser_split_only_on_reader_imperatives():
    assert split_title_teaser("Storm closes schools – Sign up for our morning briefing") == (
        "Storm closes schools",
        [("Sign up for our morning briefing", "teaser fused into title")],
    )
    assert split_title_teaser("Storm closes schools – and more rain is coming") == (
        "Storm closes schools – and more rain is coming",
        [],
    )


def test_dateline_needs_more_than_a_capitalised_word():
    assert read_dateline("India – a key global economy – has close ties with Russia.") is None
    found = read_dateline("WASHINGTON, July 9 (AP) — The summit opened on Tuesday.", year_hint="2024")
    assert (found.place, found.outlet, found.date) == ("WASHINGTON", "AP", "2024-07-09")
