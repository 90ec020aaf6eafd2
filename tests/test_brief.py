"""The story brief: extractive points with verified citations, renderers,
and the examples (every citation checked, 004's filler kept out)."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES_DIR as EXAMPLES
from newsfuse.brief import brief_to_html, brief_to_json, brief_to_markdown, build_brief
from newsfuse.brief.cite import MIN_SUPPORT
from newsfuse.brief.sentences import support_score
from newsfuse.clean import Cleaner
from newsfuse.facts.records import Claim, StoryFacts
from newsfuse.model import Format, RawDoc, Story
from newsfuse.reconcile.terms import terms

GOLD = json.loads((EXAMPLES / "gold.json").read_text(encoding="utf-8"))
FILLER_ARTICLE = "004_7cd62a0fa2f72d54"


def make_articles(texts: dict[str, str]):
    raws = [RawDoc(id=k, origin=f"{k}.txt", data=v.encode(), format=Format.TEXT, text=v) for k, v in texts.items()]
    return list(Cleaner().clean_batch(raws))


HOSTILE = {
    "a": "Leaders meet in Vienna\n\n"
    "The two leaders met in Vienna on Monday to discuss trade worth $4 billion and energy ties.\n\n"
    "Officials said the talks <script>alert('x')</script> covered gas supplies and pipeline plans for next year.\n\n"
    "A third paragraph adds that the ministers will meet again in the autumn to sign the trade deal.",
    "b": "Vienna talks\n\n"
    "The two leaders met in Vienna on Monday to discuss trade worth $4 billion and energy ties, officials said.\n\n"
    "Separately, the ministers promised a new rail link between the capitals within three years of the deal.",
}


@pytest.fixture(scope="module")
def small_brief():
    articles = make_articles(HOSTILE)
    claims = []
    for a in articles:
        at = a.text.find("$4 billion")
        claims.append(Claim(a.id, "$4 billion", at, at + 10, 4e9, 4e9, 4e9, "USD", "billion", "exact", "trade"))
    facts = StoryFacts(articles=tuple(a.id for a in articles), claims=tuple(claims))
    story = Story("s1", "Vienna talks", tuple(a.id for a in articles))
    return articles, build_brief(story, articles, facts, None)


def test_brief_points_are_sentences_of_the_articles(small_brief):
    articles, brief = small_brief
    by_id = {a.id: a for a in articles}
    assert brief.points
    for point in brief.points:
        source = point.citations[0]
        assert source.kind == "source"
        assert by_id[source.article].text[source.start : source.end] == point.text


def test_brief_near_identical_sentence_is_cited_not_repeated(small_brief):
    articles, brief = small_brief
    texts = [p.text for p in (brief.headline, *brief.points)]
    assert sum("met in Vienna on Monday" in t for t in texts) == 1
    cited = next(p for p in (brief.headline, *brief.points) if "met in Vienna on Monday" in p.text)
    assert {c.article for c in cited.citations} == {"a", "b"}


def test_brief_json_contract(small_brief):
    _, brief = small_brief
    doc = brief_to_json(brief)
    assert {"story", "headline", "points", "conflicts", "quotes", "timeline", "provenance"} <= set(doc)
    assert doc["story"] == "s1"
    for point in doc["points"]:
        assert {"text", "citations"} <= set(point)
        for c in point["citations"]:
            assert {"article", "start", "end"} <= set(c)
    assert doc["provenance"]["articles"] == 2 and doc["provenance"]["independent_sources"] == 2
    json.dumps(doc)


def test_brief_html_escapes_article_text(small_brief):
    articles, brief = small_brief
    page = brief_to_html(brief, articles)
    assert "<script>" not in page
    assert page.startswith("<!DOCTYPE html>")
    if any("<script>" in p.text for p in brief.points):
        assert "&lt;script&gt;" in page


def test_brief_html_escapes_every_article_string():
    from newsfuse.brief.model import Brief, BriefQuote, Citation, Point, ProvenanceSummary, TimelineEntry

    evil = '<img src=x onerror="alert(1)">'
    [article] = make_articles({"x": f"Title {evil}\n\nA sentence with {evil} inside it, long enough to be a sentence."})
    cite = Citation("x", 0, len(article.text))
    brief = Brief(
        story="s", label=evil, headline=Point(evil, (cite,)), points=(Point(evil, (cite,)),), conflicts=(),
        quotes=(BriefQuote(evil, evil, "x", 0, 5, "direct"),),
        timeline=(TimelineEntry("2024-07-08", "story", evil, evil, "", (cite,)),),
        provenance=ProvenanceSummary(1, 1, (("x",),)),
    )
    page = brief_to_html(brief, [article])
    assert "<img" not in page and "onerror=\"" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_brief_markdown_lists_points_with_citations(small_brief):
    _, brief = small_brief
    md = brief_to_markdown(brief)
    assert md.startswith("# ")
    assert "## Key points" in md
    for point in brief.points:
        # article-derived "<" that could open a tag is written &lt; (issue 21, L8): the hostile point is inert
        assert point.text.replace("<script", "&lt;script").replace("</", "&lt;/") in md
    assert "<script" not in md


# --- the examples -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def examples(example_articles, example_facts, example_provenance):
    story = Story("story-1", GOLD["story"]["label"], tuple(a.id for a in example_articles))
    return example_articles, build_brief(story, example_articles, example_facts, example_provenance)


def _all_citations(brief):
    """(what the citation supports, citation) for every citation in the brief."""
    for point in (brief.headline, *brief.points):
        for c in point.citations:
            yield point.text, c
    for entry in brief.timeline:
        for c in entry.citations:
            yield entry.text, c


def test_brief_examples_every_citation_contains_its_text(examples):
    articles, brief = examples
    by_id = {a.id: a for a in articles}
    bad = []
    for text, c in _all_citations(brief):
        span = by_id[c.article].text[c.start : c.end]
        if c.kind == "source":
            ok = span == text
        else:
            ok = support_score(terms(text), span) >= MIN_SUPPORT
        if not ok:
            bad.append((c.article, c.start, c.end, text[:60]))
    assert not bad, bad
    assert len(brief.points) >= 6
    assert all(p.citations and p.citations[0].kind == "source" for p in brief.points)


def test_brief_examples_quotes_are_spans_with_speakers(examples):
    articles, brief = examples
    by_id = {a.id: a for a in articles}
    assert len(brief.quotes) >= 4
    for q in brief.quotes:
        assert by_id[q.article].text[q.start : q.end] == q.text
        assert q.speaker
    speakers = {q.speaker for q in brief.quotes}
    gold_speakers = {q["speaker"] for q in GOLD["quotes"]}
    assert len(speakers & gold_speakers) >= 3


def _padding_start(article) -> int:
    """Where 004's padding begins: gold names its first padded section by heading."""
    heading = GOLD["padding"][FILLER_ARTICLE].split("'")[1]
    at = article.text.find(heading)
    assert at > 0
    return at


def test_brief_examples_no_filler_sentence(examples):
    articles, brief = examples
    article = next(a for a in articles if a.id == FILLER_ARTICLE)
    start = _padding_start(article)
    padding = article.text[start:]
    texts = [p.text for p in (brief.headline, *brief.points)] + [q.text for q in brief.quotes] + [t.text for t in brief.timeline]
    assert not [t for t in texts if t in padding]
    for _, c in _all_citations(brief):
        assert not (c.article == FILLER_ARTICLE and c.start >= start)


def test_brief_examples_conflict_and_provenance(examples):
    _, brief = examples
    doc = brief_to_json(brief)
    imports = [c for c in doc["conflicts"] if "import" in c["thing"].lower()]
    assert imports, doc["conflicts"]
    articles = {v["article"] for side in imports[0]["sides"] for v in side["values"]}
    assert {"000_84cc0352b6f1ec13", "001_c3cc268cb8b335a2", "002_5224782e82acb287"} <= articles
    prov = doc["provenance"]
    assert prov["articles"] == 5 and prov["independent_sources"] == 4
    assert any(r["derived"] == "000_84cc0352b6f1ec13" for r in prov["relations"])
    assert [c["article"] for c in prov["composites"]] == ["001_c3cc268cb8b335a2"]
    assert any(f["article"] == FILLER_ARTICLE for f in prov["filler"])


def test_brief_examples_timeline_dated_and_sorted(examples):
    _, brief = examples
    dates = [t.date for t in brief.timeline]
    assert dates == sorted(dates)
    kinds = {t.kind for t in brief.timeline}
    assert {"story", "background"} <= kinds
    assert any(t.date == "2024-07-08" and t.kind == "story" for t in brief.timeline)


def test_brief_examples_headings_never_points(examples):
    articles, brief = examples
    headings = {h for hs in GOLD["headings"].values() if isinstance(hs, list) for h in hs}
    assert not {p.text for p in brief.points} & headings


def test_brief_examples_renderers(examples):
    articles, brief = examples
    page = brief_to_html(brief, articles)
    assert "<script" not in page.lower()
    md = brief_to_markdown(brief)
    assert "## Conflicts" in md and "## Timeline" in md and "## Provenance" in md


def test_brief_examples_given_ledger_changes_nothing(examples, example_facts, example_provenance):
    from newsfuse.reconcile import quote_ledger, reconcile_story

    articles, brief = examples
    story = Story("story-1", GOLD["story"]["label"], tuple(a.id for a in articles))
    groups = reconcile_story(articles, example_facts, example_provenance)
    ledger = quote_ledger(example_facts.quotes, example_provenance)
    again = build_brief(story, articles, example_facts, example_provenance, groups=groups, ledger=ledger)
    assert brief_to_json(again) == brief_to_json(brief)
