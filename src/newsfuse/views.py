"""Read-side views of a store, shared by the CLI and the web app.

``newsfuse run`` saves what it computed (provenance over the whole store, and
per story: facts, reconciled claims, the brief) as named JSON states; these
functions read them back as typed records (:mod:`newsfuse.view_records`,
through :func:`newsfuse.serialize.from_json`) and join them with the stored
articles, so showing a story never re-runs a model. Every offset indexes the
article's clean text as ``newsfuse show ID --json`` prints it. Unknown ids
raise :class:`NotFound`; a saved state this version cannot read raises
:class:`StoreError` naming the state.

Requests read only what they show: the story index (``stories/index``, not the
clusterer's state), the per-article provenance rows (``provenance/article/ID``,
``provenance/groups``, not the store-wide document) and the fields of a story's
analysis a page needs; :func:`saved_analysis`, :func:`saved_provenance` and
:func:`saved_stories` give the saved result only while its key matches the
stored articles (the CLI's read-only fast paths).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping, Sequence, TypeVar

from .brief.model import TimelineEntry
from .errors import NotFound, StoreError
from .facts.records import FactsDoc, Quote
from .model import Article
from .provenance.document import EMPTY_PROVENANCE, ProvenanceDoc, RelationDoc
from .reconcile.document import ClaimGroupDoc, LedgerEntryDoc
from .serialize import RecordError, from_json, to_json
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
    "ANALYSIS_VERSION",
    "PROVENANCE_STATE",
    "PROVENANCE_KEY_STATE",
    "STORIES_STATE",
    "STORY_INDEX_STATE",
    "analysis_key",
    "articles_key",
    "saved_analysis",
    "saved_provenance",
    "saved_story",
    "saved_stories",
    "provenance_index",
    "story_refs",
    "story_rows",
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
#: ``{"key": articles_key(...)}`` of the articles the saved provenance was computed over.
PROVENANCE_KEY_STATE = "provenance/key"
STORIES_STATE = "stories"
#: The stories as lists (``story_rows``), saved next to the clusterer's state so that
#: reading them needs neither the clusterer nor its 20 kB per article of state.
STORY_INDEX_STATE = "stories/index"
# Bump when any stage's output changes shape or meaning: cached analyses are redone.
ANALYSIS_VERSION = "analysis.v1"

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


def analysis_key(articles: Sequence[Article]) -> str:
    """What a story's saved analysis depends on: the analysis version and its articles' versions."""
    return _key(ANALYSIS_VERSION, ((a.id, a.content_hash) for a in articles))


def articles_key(content_hashes: dict[str, str]) -> str:
    """A key of a set of article versions (``id -> content hash``), for saved store-wide results."""
    return _key("articles.v1", content_hashes.items())


def _key(version: str, items: Iterable[tuple[str, str]]) -> str:
    digest = hashlib.sha256(version.encode())
    for article_id, content_hash in sorted(items):
        digest.update(article_id.encode() + b"\x1f" + content_hash.encode() + b"\x1e")
    return digest.hexdigest()


def story_refs(stories) -> list[StoryRef]:
    """:class:`newsfuse.model.Story` objects as the records ``stories --json`` prints."""
    return [StoryRef(s.id, s.label, s.first_date, s.last_date, tuple(s.articles)) for s in stories]


def story_rows(stories) -> list[dict]:
    """The ``stories --json`` rows of :class:`newsfuse.model.Story` objects (keys are a contract),
    as saved in :data:`STORY_INDEX_STATE`."""
    return to_json(story_refs(stories))


@dataclass(frozen=True, slots=True)
class _StoryIndex:
    """The saved :data:`STORY_INDEX_STATE`."""

    stories: tuple[StoryRef, ...] = ()


def _stories(store: Store) -> list[StoryRef]:
    index = store.load_state(STORY_INDEX_STATE)
    if index is not None:
        return list(_read(store, _StoryIndex, index, STORY_INDEX_STATE).stories)
    state = store.load_state(STORIES_STATE)  # a store saved before the index existed
    if not state:
        return []
    from .stories import StoryClusterer

    return story_refs(StoryClusterer.from_state(state).stories())


def saved_story(store: Store, story_id: str) -> StoryRef | None:
    """One saved story (``id, label, first_date, last_date, articles``), or None."""
    return next((s for s in _stories(store) if s.id == story_id), None)


def saved_stories(store: Store) -> list[StoryRef] | None:
    """The saved stories when they place every current article, else None (clustering is due)."""
    index = store.load_state(STORY_INDEX_STATE)
    if index is None:
        return None
    stories = list(_read(store, _StoryIndex, index, STORY_INDEX_STATE).stories)
    placed = {i for story in stories for i in story.articles}
    return stories if placed >= set(store.content_hashes()) else None


def saved_provenance(store: Store) -> ProvenanceDoc | None:
    """The saved provenance document when it was computed over the current articles, else None."""
    key = store.state_field(PROVENANCE_KEY_STATE, "key")
    if key is None or key != articles_key(store.content_hashes()):
        return None
    state = store.load_state(PROVENANCE_STATE)
    return _read(store, ProvenanceDoc, state, PROVENANCE_STATE) if state is not None else None


def saved_analysis(store: Store, story_id: str, article_ids: Iterable[str],
                   fields: Sequence[str] | None = None) -> StoryAnalysis | None:
    """A story's saved analysis when its articles have not changed since, else None.

    Reads the content hashes only (no text, no model), so showing an analysed
    story costs a few queries. With ``fields``, only those fields of the saved
    analysis are read (the others keep their empty defaults): a brief need not
    parse the story's facts.
    """
    hashes = store.content_hashes(article_ids)
    key = _key(ANALYSIS_VERSION, hashes.items())
    name = story_state_name(story_id)
    if store.state_field(name, "key") != key:
        return None
    state = store.load_state(name) if fields is None else store.state_fields(name, fields)
    return _read(store, StoryAnalysis, state, name) if state is not None else None


def _provenance(store: Store) -> ProvenanceDoc:
    state = store.load_state(PROVENANCE_STATE)
    return _read(store, ProvenanceDoc, state, PROVENANCE_STATE) if state else EMPTY_PROVENANCE


def provenance_index(document: Mapping[str, Any]) -> dict[str, dict]:
    """The saved provenance document split for reading (states to save next to it).

    ``provenance/groups`` maps each article to its independent group's
    position; ``provenance/article/ID`` holds the relations (with their
    position in the document), composites and filler that touch one
    article. A page then reads its own articles' rows, not the whole
    store's document.
    """
    groups = document.get("independent_groups", [])
    states: dict[str, dict] = {_GROUPS_STATE: {"group_of": {i: k for k, g in enumerate(groups) for i in g}}}

    def row(article_id: str) -> dict:
        name = _ARTICLE_PROVENANCE + article_id
        if name not in states:
            states[name] = {"relations": [], "composites": [], "filler": []}
        return states[name]

    for position, relation in enumerate(document.get("relations", [])):
        for article_id in dict.fromkeys((relation["source"], relation["derived"])):
            row(article_id)["relations"].append([position, relation])
    for kind in ("composites", "filler"):
        for item in document.get(kind, []):
            row(item["article"])[kind].append(item)
    return states


_GROUPS_STATE = "provenance/groups"
_ARTICLE_PROVENANCE = "provenance/article/"


def _index_unreadable(store: Store, name: str, exc: Exception) -> StoreError:
    return StoreError(store.path, f"saved state {name!r} does not fit this version ({exc!r}); "
                                  "run `newsfuse run` again")


def _group_of(store: Store) -> dict[str, int] | None:
    """The saved article -> independent group map, None for a store saved before the index existed."""
    state = store.load_state(_GROUPS_STATE)
    group_of = state.get("group_of") if isinstance(state, dict) else None
    if group_of is not None and not isinstance(group_of, dict):
        raise _index_unreadable(store, _GROUPS_STATE, TypeError("group_of is not an object"))
    return group_of


def _provenance_of(store: Store, ids: set[str]) -> ProvenanceDoc:
    """The saved provenance document restricted to ``ids``: relations within them, their
    composites and filler, and the independent groups cut to them (read from the index)."""
    group_of = _group_of(store)
    if group_of is None:  # a store saved before the index existed
        document = _provenance(store)
        return replace(
            document,
            relations=tuple(r for r in document.relations if r.source in ids and r.derived in ids),
            composites=tuple(c for c in document.composites if c.article in ids),
            filler=tuple(f for f in document.filler if f.article in ids),
            independent_groups=tuple(tuple(g) for g in _cut_groups(document.independent_groups, ids)),
        )
    rows = store.load_states(_ARTICLE_PROVENANCE + i for i in sorted(ids))
    relations: dict[int, dict] = {}
    composites, filler = [], []
    for name in sorted(rows):  # article id order: the order the report lists composites and filler in
        row = rows[name]
        try:
            for position, relation in row["relations"]:
                if relation["source"] in ids and relation["derived"] in ids:
                    relations[position] = relation
            composites.extend(row["composites"])
            filler.extend(row["filler"])
        except (KeyError, TypeError, ValueError) as exc:
            raise _index_unreadable(store, name, exc) from None
    cut = {
        "relations": [relations[k] for k in sorted(relations)],
        "composites": composites,
        "filler": filler,
        "independent_groups": _group_members(ids, group_of),
    }
    return _read(store, ProvenanceDoc, cut, _ARTICLE_PROVENANCE + "*")


def _relations_of(store: Store, article_id: str) -> tuple[RelationDoc, ...]:
    """The saved relations with ``article_id`` on either side, in the document's order."""
    if store.state_field(_GROUPS_STATE, "group_of") is None:  # saved before the index existed
        return tuple(r for r in _provenance(store).relations if article_id in (r.source, r.derived))
    name = _ARTICLE_PROVENANCE + article_id
    row = store.load_state(name) or {"relations": []}
    try:
        relations = [relation for _, relation in row["relations"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise _index_unreadable(store, name, exc) from None
    return _read(store, ProvenanceDoc, {"relations": relations}, name).relations


def _cut_groups(groups: Iterable[Sequence[str]], ids: set[str]) -> list[list[str]]:
    return [g for g in ([i for i in g if i in ids] for g in groups) if g]


def _group_members(ids: set[str], group_of: Mapping[str, int]) -> list[list[str]]:
    members: dict[int, list[str]] = {}
    for i in sorted(ids):
        if i in group_of:
            members.setdefault(group_of[i], []).append(i)
    return [members[k] for k in sorted(members)]


def _story_row(story: StoryRef, groups: Sequence[Sequence[str]], outlets: Mapping[str, str | None]) -> StoryRow:
    ids = set(story.articles)
    covered = {i for g in groups for i in g}
    n_sources = len(groups) + len(ids - covered)
    shown = sorted({o for i in story.articles if (o := outlets.get(i))})
    return StoryRow(story.id, story.label, story.first_date, story.last_date, story.articles, len(ids), n_sources,
                    tuple(shown))


def story_list(store: Store) -> list[StoryRow]:
    """Every story with its counts: ``id, label, first_date, last_date, articles, n_articles, n_sources, outlets``.

    Reads the story index, the articles' outlets (no text) and the independent
    groups' index: neither the clusterer's state nor the provenance document.
    """
    stories = _stories(store)
    outlets = store.outlets(i for s in stories for i in s.articles)
    group_of = _group_of(store)
    if group_of is None:
        groups = _provenance(store).independent_groups
        return [_story_row(s, _cut_groups(groups, set(s.articles)), outlets) for s in stories]
    return [_story_row(s, _group_members(set(s.articles), group_of), outlets) for s in stories]


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
    ids = set(story.articles)
    return _story_provenance(_provenance_of(store, ids), ids, summaries)


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


def story_timeline(store: Store, story_id: str) -> tuple[TimelineEntry, ...]:
    """The brief's timeline of a story (empty without a brief)."""
    _find_story(store, story_id)
    brief = story_analysis(store, story_id).brief
    return brief.timeline if brief is not None else ()


def story_page(store: Store, story_id: str) -> StoryPage:
    """Everything the story page shows: ``story, brief, sources, claims, quotes, timeline, provenance``."""
    story = _find_story(store, story_id)
    ids = set(story.articles)
    provenance = _provenance_of(store, ids)
    summaries = {s.id: s for s in store.summaries_of(list(story.articles))}
    graph = _story_provenance(provenance, ids, summaries)
    # the fields the page shows, not the facts (most of the saved analysis)
    name = story_state_name(story_id)
    shown = store.state_fields(name, ("brief", "claims", "ledger"))
    if shown and shown.get("ledger"):
        analysis = _read(store, StoryAnalysis, shown, name)
    else:  # no ledger: the quotes are the facts' (or there is no analysis)
        analysis = story_analysis(store, story_id)
    brief = analysis.brief
    sources = tuple(
        SourceRow(i, summaries[i].title if i in summaries else None, summaries[i].outlet if i in summaries else None,
                  summaries[i].date if i in summaries else None, _badges(i, graph))
        for i in story.articles
    )
    return StoryPage(
        story=_story_row(story, provenance.independent_groups, {i: s.outlet for i, s in summaries.items()}),
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
    for rel in _relations_of(store, article_id):
        mine = Role.SOURCE if rel.source == article_id else Role.DERIVED
        other = rel.derived if mine is Role.SOURCE else rel.source
        for p in rel.passages:
            start, end, other_start, other_end = (
                (p.source_start, p.source_end, p.derived_start, p.derived_end) if mine is Role.SOURCE
                else (p.derived_start, p.derived_end, p.source_start, p.source_end))
            shared.append(SharedPassage(start, end, other, other_start, other_end, rel.relation, mine, p.score))
    shared.sort(key=lambda s: (s.start, s.end))
    return ArticlePage(article_json(article, store.versions(article_id)), story, tuple(shared))
