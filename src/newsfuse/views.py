"""Read-side views of a store, shared by the CLI and the web app.

``newsfuse run`` saves what it computed (provenance over the whole store, and
per story: facts, reconciled claims, the brief) as named JSON states; these
functions read them back as typed records (:mod:`newsfuse.view_records`,
through :func:`newsfuse.serialize.from_json`) and join them with the stored
articles, so showing a story never re-runs a model. Every offset indexes the
article's clean text as ``newsfuse show ID --json`` prints it. Unknown ids
raise :class:`NotFound`; a saved state this version cannot read raises
:class:`StoreError` naming the state.
"""

from __future__ import annotations

from typing import Any, Mapping, TypeVar

from .brief.document import TimelineDoc
from .errors import NotFound, StoreError
from .facts.records import FactsDoc, Quote
from .model import Article
from .provenance.document import EMPTY_PROVENANCE, ProvenanceDoc
from .reconcile.document import ClaimGroupDoc, LedgerEntryDoc
from .serialize import RecordError, from_json
from .store.db import Store
from .view_records import (
    ArticleDoc,
    ArticlePage,
    GraphEdge,
    GraphNode,
    Role,
    SharedPassage,
    SourceRow,
    StoryAnalysis,
    StoryGraph,
    StoryPage,
    StoryRef,
    StoryRow,
    VersionRow,
)
__all__ = [
    "PROVENANCE_STATE",
    "STORIES_STATE",
    "story_state_name",
    "article_json",
    "story_list",
    "story_page",
    "story_claims",
    "story_quotes",
    "story_provenance",
    "story_facts",
    "story_analysis",
    "story_timeline",
    "article_page",
    "ArticlePage",
    "StoryGraph",
    "StoryPage",
    "StoryRow",
]

PROVENANCE_STATE = "provenance"
STORIES_STATE = "stories"

_DERIVED_BADGE = {"duplicate": "reprint", "reprint": "reprint", "partial": "reprint", "rewrite": "rewrite"}

T = TypeVar("T")


def story_state_name(story_id: str) -> str:
    """The state row holding one story's analysis."""
    return f"story/{story_id}"


def _read(store: Store, tp: type[T], state: Mapping[str, Any], name: str) -> T:
    """A saved state as its record; a state this version cannot read is a store error, not a traceback."""
    try:
        return from_json(tp, state)
    except RecordError as exc:
        raise StoreError(store.path, f"saved state {name!r} does not fit this version ({exc}); run `newsfuse run` again") from None


def article_json(article: Article, versions: list[tuple[int, str, str]]) -> ArticleDoc:
    """The ``show --json`` document (keys are a contract; add, never remove)."""
    current = next((v for v, _, h in versions if h == article.content_hash), None)
    return ArticleDoc(
        id=article.id,
        title=article.title,
        date=article.date,
        outlet=article.outlet,
        url=article.url,
        text=article.text,
        paragraphs=article.paragraphs,
        sentences=article.sentences,
        removed=tuple(r.text for r in article.removed),
        removed_detail=article.removed,
        dateline=article.dateline,
        date_source=article.date_source,
        outlet_source=article.outlet_source,
        origin=article.origin,
        raw_sha256=article.raw_sha256,
        content_hash=article.content_hash,
        version=current,
        versions=tuple(VersionRow(v, t, h) for v, t, h in versions),
        extra=dict(article.extra),
    )


def _stories(store: Store) -> list[StoryRef]:
    from .stories import StoryClusterer

    state = store.load_state(STORIES_STATE)
    if not state:
        return []
    return [StoryRef(s.id, s.label, s.first_date, s.last_date, tuple(s.articles))
            for s in StoryClusterer.from_state(state).stories()]


def _provenance(store: Store) -> ProvenanceDoc:
    state = store.load_state(PROVENANCE_STATE)
    return _read(store, ProvenanceDoc, state, PROVENANCE_STATE) if state else EMPTY_PROVENANCE


def _story_row(store: Store, story: StoryRef, provenance: ProvenanceDoc) -> StoryRow:
    ids = set(story.articles)
    groups = [g for g in (set(g) & ids for g in provenance.independent_groups) if g]
    covered = set().union(*groups) if groups else set()
    n_sources = len(groups) + len(ids - covered)
    outlets = sorted({s.outlet for s in store.summaries_of(list(story.articles)) if s.outlet})
    return StoryRow(story.id, story.label, story.first_date, story.last_date, story.articles, len(ids), n_sources,
                    tuple(outlets))


def story_list(store: Store) -> list[StoryRow]:
    """Every story with its counts: ``id, label, first_date, last_date, articles, n_articles, n_sources, outlets``."""
    provenance = _provenance(store)
    return [_story_row(store, story, provenance) for story in _stories(store)]


def _find_story(store: Store, story_id: str) -> StoryRef:
    for story in _stories(store):
        if story.id == story_id:
            return story
    raise NotFound(f"no story {story_id!r}")


def story_analysis(store: Store, story_id: str) -> StoryAnalysis:
    """The saved analysis of a story (empty when ``run`` has not analysed it)."""
    name = story_state_name(story_id)
    state = store.load_state(name)
    return _read(store, StoryAnalysis, state, name) if state else StoryAnalysis()


def _story_provenance(provenance: ProvenanceDoc, ids: set[str], summaries: dict[str, Any]) -> StoryGraph:
    nodes = tuple(
        GraphNode(i, (summaries[i].title if i in summaries else None) or i,
                  summaries[i].outlet if i in summaries else None)
        for i in sorted(ids)
    )
    return StoryGraph(
        nodes=nodes,
        edges=tuple(GraphEdge(r.source, r.derived, r.relation, r.score, r.passages, r.direction)
                    for r in provenance.relations if r.source in ids and r.derived in ids),
        composites=tuple(c for c in provenance.composites if c.article in ids),
        filler=tuple(f for f in provenance.filler if f.article in ids),
        groups=tuple(g for g in (tuple(i for i in g if i in ids) for g in provenance.independent_groups) if g),
    )


def _badges(article_id: str, graph: StoryGraph) -> tuple[str, ...]:
    badges: list[str] = []
    derived = [e for e in graph.edges if e.derived == article_id]
    for edge in derived:
        badge = _DERIVED_BADGE.get(edge.relation, edge.relation)
        if badge not in badges:
            badges.append(badge)
    if not derived:
        badges.append("original")
    if any(c.article == article_id for c in graph.composites):
        badges.append("composite")
    if any(f.article == article_id for f in graph.filler):
        badges.append("filler")
    return tuple(badges)


def story_provenance(store: Store, story_id: str) -> StoryGraph:
    """The provenance graph restricted to one story: ``nodes, edges, composites, filler, groups``."""
    story = _find_story(store, story_id)
    summaries = {s.id: s for s in store.summaries_of(list(story.articles))}
    return _story_provenance(_provenance(store), set(story.articles), summaries)


def story_claims(store: Store, story_id: str) -> tuple[ClaimGroupDoc, ...]:
    """Reconciled claims of a story (the ``newsfuse claims --json`` list)."""
    _find_story(store, story_id)
    return story_analysis(store, story_id).claims


def _quotes(analysis: StoryAnalysis) -> tuple[LedgerEntryDoc, ...] | tuple[Quote, ...]:
    """The quote ledger, else the raw quotes."""
    return analysis.ledger or (analysis.facts.quotes if analysis.facts is not None else ())


def story_quotes(store: Store, story_id: str) -> tuple[LedgerEntryDoc, ...] | tuple[Quote, ...]:
    """The quote ledger of a story (falls back to the raw quotes)."""
    _find_story(store, story_id)
    return _quotes(story_analysis(store, story_id))


def story_facts(store: Store, story_id: str) -> FactsDoc | None:
    """The ``newsfuse facts --json`` document of a story, if ``run`` computed it."""
    _find_story(store, story_id)
    return story_analysis(store, story_id).facts


def story_timeline(store: Store, story_id: str) -> tuple[TimelineDoc, ...]:
    """The brief's timeline of a story (empty without a brief)."""
    _find_story(store, story_id)
    brief = story_analysis(store, story_id).brief
    return brief.timeline if brief is not None else ()


def story_page(store: Store, story_id: str) -> StoryPage:
    """Everything the story page shows: ``story, brief, sources, claims, quotes, timeline, provenance``."""
    story = _find_story(store, story_id)
    provenance = _provenance(store)
    summaries = {s.id: s for s in store.summaries_of(list(story.articles))}
    graph = _story_provenance(provenance, set(story.articles), summaries)
    analysis = story_analysis(store, story_id)
    brief = analysis.brief
    sources = tuple(
        SourceRow(i, summaries[i].title if i in summaries else None, summaries[i].outlet if i in summaries else None,
                  summaries[i].date if i in summaries else None, _badges(i, graph))
        for i in story.articles
    )
    return StoryPage(
        story=_story_row(store, story, provenance),
        brief=brief,
        sources=sources,
        claims=analysis.claims,
        quotes=_quotes(analysis),
        timeline=brief.timeline if brief is not None else (),
        provenance=graph,
    )


def article_page(store: Store, article_id: str) -> ArticlePage:
    """One article with its story and the passages it shares with other articles."""
    article = store.get(article_id)
    story = next((s.id for s in _stories(store) if article_id in s.articles), None)
    shared = []
    for rel in _provenance(store).relations:
        if article_id not in (rel.source, rel.derived):
            continue
        mine = Role.SOURCE if rel.source == article_id else Role.DERIVED
        other = rel.derived if mine is Role.SOURCE else rel.source
        for p in rel.passages:
            start, end, other_start, other_end = (
                (p.source_start, p.source_end, p.derived_start, p.derived_end) if mine is Role.SOURCE
                else (p.derived_start, p.derived_end, p.source_start, p.source_end))
            shared.append(SharedPassage(start, end, other, other_start, other_end, rel.relation, mine, p.score))
    shared.sort(key=lambda s: (s.start, s.end))
    return ArticlePage(article_json(article, store.versions(article_id)), story, tuple(shared))
