"""Per-story analysis: facts -> reconciled claims and quote ledger -> cited brief.

``newsfuse run`` calls :func:`analyse_stories` after provenance and story
clustering; each story's result is saved in the store as one JSON state
(:func:`newsfuse.views.story_state_name`), keyed by the content hashes of its
articles, so a story whose articles did not change is not analysed again and
the CLI and web app read results without loading a model.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, Sequence

from .model import Article, Story
from .store.db import Store
from .views import story_state_name

if TYPE_CHECKING:
    from .facts.records import StoryFacts
    from .provenance.report import ProvenanceReport

__all__ = ["ANALYSIS_VERSION", "StoryAnalyser", "analyse_stories", "story_provenance_report"]

# Bump when any stage's output changes shape or meaning: cached analyses are redone.
ANALYSIS_VERSION = "analysis.v1"


def story_provenance_report(report: "ProvenanceReport | None", ids: set[str]) -> "ProvenanceReport | None":
    """The part of a store-wide provenance report that concerns one story's articles."""
    if report is None:
        return None
    return replace(
        report,
        articles=[a for a in report.articles if a.id in ids],
        relations=[r for r in report.relations if r.source in ids and r.derived in ids],
        composites=[c for c in report.composites if c.article in ids],
        filler=[f for f in report.filler if f.article in ids],
        groups=[g for g in ([i for i in g if i in ids] for g in report.groups) if g],
    )


def _analysis_key(articles: Sequence[Article]) -> str:
    digest = hashlib.sha256(ANALYSIS_VERSION.encode())
    for article in sorted(articles, key=lambda a: a.id):
        digest.update(article.id.encode() + b"\x1f" + article.content_hash.encode() + b"\x1e")
    return digest.hexdigest()


@dataclass
class StoryAnalyser:
    """Runs the fact extractors, the reconciler and the brief writer on stories.

    The spaCy pipeline is loaded on first use and kept by this object (not by
    the module), so a long-running caller pays for it once. ``n_process``
    parses with that many worker processes (worth it for hundreds of articles).
    """

    nlp: object | None = None
    n_process: int = 1
    batch_size: int = 32

    def _extractor(self):
        from .facts.extract import FactConfig, FactExtractor
        from .facts.nlp import load_nlp

        if self.nlp is None:
            self.nlp = load_nlp()
        return FactExtractor(self.nlp, FactConfig(batch_size=self.batch_size, n_process=self.n_process))

    def parse(self, articles: Sequence[Article]) -> list:
        """Docs of the articles' texts, parsed in one ``nlp.pipe`` stream."""
        extractor = self._extractor()
        return list(extractor.nlp.pipe((a.text for a in articles), batch_size=self.batch_size,
                                       n_process=self.n_process))

    def facts(self, articles: Sequence[Article], docs: Sequence | None = None) -> "StoryFacts":
        return self._extractor().extract(list(articles), docs)

    def analyse(self, story: Story, articles: Sequence[Article], provenance: "ProvenanceReport | None",
                docs: Sequence | None = None) -> dict:
        """The JSON document saved for a story: ``facts, claims, ledger, brief`` and
        the brief rendered as ``markdown`` and standalone ``html`` (rendered once
        here so showing a brief needs neither a model nor the articles)."""
        from .brief import brief_to_html, brief_to_json, brief_to_markdown, build_brief
        from .facts.extract import facts_to_json
        from .reconcile import quote_ledger, reconcile_story

        facts = self.facts(articles, docs)
        groups = reconcile_story(articles, facts, provenance)
        ledger = quote_ledger(facts.quotes, provenance)
        brief = build_brief(story, articles, facts, provenance)
        return {
            "facts": facts_to_json(facts),
            "claims": [group.to_json() for group in groups],
            "ledger": [entry.to_json() for entry in ledger],
            "brief": brief_to_json(brief),
            "markdown": brief_to_markdown(brief),
            "html": brief_to_html(brief, articles),
        }


def analyse_stories(
    store: Store,
    stories: Sequence[Story],
    provenance: "ProvenanceReport | None",
    analyser: StoryAnalyser,
    *,
    force: bool = False,
    chunk_articles: int = 256,
    on_story: Callable[[Story, bool], None] | None = None,
) -> list[str]:
    """Analyse every story whose articles changed since its saved analysis.

    Stories are taken in chunks of about ``chunk_articles`` articles whose
    texts are parsed in one stream (many small stories would otherwise pay
    the per-call overhead of ``nlp.pipe`` each), and each story is saved in
    its own transaction, so an interrupted run keeps the stories already done.
    Returns the ids of the stories analysed now.
    """
    done: list[str] = []
    pending: list[tuple[Story, list[Article], str]] = []

    def flush() -> None:
        docs = analyser.parse([a for _, articles, _ in pending for a in articles])
        at = 0
        for story, articles, key in pending:
            story_docs, at = docs[at : at + len(articles)], at + len(articles)
            result = analyser.analyse(story, articles, story_provenance_report(provenance, set(story.articles)),
                                      story_docs)
            store.save_state(story_state_name(story.id), {"key": key, "version": ANALYSIS_VERSION, **result})
            done.append(story.id)
            if on_story is not None:
                on_story(story, True)
        pending.clear()

    for story in stories:
        articles = [store.get(article_id) for article_id in story.articles]
        key = _analysis_key(articles)
        saved = store.load_state(story_state_name(story.id))
        if force or not saved or saved.get("key") != key:
            pending.append((story, articles, key))
            if sum(len(a) for _, a, _ in pending) >= chunk_articles:
                flush()
        elif on_story is not None:
            on_story(story, False)
    if pending:
        flush()
    return done
