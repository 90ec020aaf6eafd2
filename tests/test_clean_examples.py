"""The shipped examples against their hand annotation (examples/gold.json).

The cleaner never sees the annotation: these tests read what a careful
reader removed and check the cleaner removed the same, kept the rest, and
kept section headings as headings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsfuse.clean import Cleaner
from newsfuse.ingest import read_inputs
from newsfuse.model import ParagraphKind
from newsfuse.pipeline import ingest
from newsfuse.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARTICLES = EXAMPLES / "articles"
GOLD = json.loads((EXAMPLES / "gold.json").read_text(encoding="utf-8"))


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _chrome_text(entry: str) -> str:
    """The removed text an annotation entry names.

    Entries are either the line itself, the line followed by a note in
    parentheses, or a quoted fragment followed by a description.
    """
    quoted = re.match(r"^'(.+?)'\s", entry)
    if quoted:
        return quoted.group(1).lstrip("– ").strip()
    return re.sub(r"\s*\([^)]*\)$", "", entry).strip()


@pytest.fixture(scope="module")
def articles():
    raws = list(read_inputs([str(ARTICLES)]))
    return {a.id: a for a in Cleaner().clean_batch(raws)}


def test_examples_all_five_clean(articles):
    assert sorted(articles) == sorted(GOLD["story"]["articles"])


CHROME_CASES = [
    (article_id, entry)
    for article_id, entries in GOLD["boilerplate_lines"].items()
    for entry in entries
]


@pytest.mark.parametrize("article_id,entry", CHROME_CASES)
def test_examples_chrome_removed_and_kept_aside(articles, article_id, entry):
    article = articles[article_id]
    chrome = _normal(_chrome_text(entry))
    removed = [_normal(r.text) for r in article.removed]
    assert chrome in removed, f"{chrome!r} not among removed lines {removed}"
    paragraphs = [_normal(article.paragraph_text(p)) for p in article.paragraphs]
    assert chrome not in paragraphs
    assert all(not p.endswith(chrome) for p in paragraphs)
    if article.title:
        assert chrome not in article.title


@pytest.mark.parametrize("article_id,expected", [(k, v) for k, v in GOLD["titles"].items() if k != "about"])
def test_examples_headline(articles, article_id, expected):
    assert articles[article_id].title == expected


@pytest.mark.parametrize("article_id,headings", [(k, v) for k, v in GOLD["headings"].items() if k != "about"])
def test_examples_headings_kept_as_headings_not_sentences(articles, article_id, headings):
    article = articles[article_id]
    found = [article.paragraph_text(p) for p in article.paragraphs if p.kind is ParagraphKind.HEADING]
    assert found == headings
    sentences = set(article.sentence_texts())
    assert not sentences & set(headings)


def test_examples_no_content_paragraph_lost(articles):
    for article_id, article in articles.items():
        gold_chrome = {_normal(_chrome_text(e)) for e in GOLD["boilerplate_lines"].get(article_id, [])}
        title = GOLD["titles"].get(article_id)
        text = _normal(article.text)
        lines = (ARTICLES / f"{article_id}.txt").read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            line = _normal(line)
            if not line or line in gold_chrome or (title and line.startswith(title)):
                continue
            # Strip a fused trailing control the annotation names ("... years. See More").
            for chrome in gold_chrome:
                if line.endswith(" " + chrome):
                    line = line[: -len(chrome)].strip()
            # A dateline or metadata prefix may be cut from the first paragraph.
            tail = line[-80:]
            assert tail in text, f"{article_id} line {number} lost: {line[:70]!r}"


def test_examples_dates_outlets_and_datelines(articles):
    assert articles["000_84cc0352b6f1ec13"].date == "2024-07-08"
    assert articles["000_84cc0352b6f1ec13"].outlet == "Bloomberg"
    assert articles["000_84cc0352b6f1ec13"].text.startswith("Indian Prime Minister Narendra Modi will visit")
    assert articles["003_9ccd3c76824c756c"].extra["dateline_place"] == "Moscow, Russia"
    # The others state no date or outlet; nothing may be invented.
    for article_id in ("001_c3cc268cb8b335a2", "002_5224782e82acb287", "004_7cd62a0fa2f72d54"):
        assert articles[article_id].date is None
        assert articles[article_id].outlet is None


def test_examples_sentences_are_offsets_into_text(articles):
    for article in articles.values():
        for sentence in article.sentences:
            piece = sentence.slice(article.text)
            assert piece == piece.strip() and piece
        # Honorifics and initialisms do not end sentences.
        assert not any(s.endswith(("Mr.", "U.S.")) for s in article.sentence_texts())
    assert any("Mr. Modi" in s for s in articles["002_5224782e82acb287"].sentence_texts())


def test_examples_store_five_and_twice_still_five(tmp_path):
    with Store(tmp_path / "news.db") as store:
        first = ingest([str(ARTICLES)], store)
        second = ingest([str(ARTICLES)], store)
        assert (first.result.added, second.result.added, second.result.unchanged) == (5, 0, 5)
        assert store.count() == 5 and store.version_count() == 5
        assert store.get("000_84cc0352b6f1ec13").date == "2024-07-08"
