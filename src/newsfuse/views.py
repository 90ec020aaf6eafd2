"""Read-side JSON views of a store, shared by the CLI and the web app.

``newsfuse run`` saves what it computed (provenance over the whole store, and
per story: facts, reconciled claims, the brief) as named JSON states; these
functions read them back and join them with the stored articles, so showing a
story never re-runs a model. Every offset indexes the article's clean text as
``newsfuse show ID --json`` prints it. Unknown ids raise :class:`NotFound`.
"""

from __future__ import annotations

import hashlib
from typing import Any, Iterable, Sequence

from .errors import NotFound
from .model import Article
from .store.db import Store

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
    "story_rows",
    "story_state_name",
    "article_json",
    "story_list",
    "story_page",
    "story_claims",
    "story_quotes",
    "story_provenance",
    "story_facts",
    "article_page",
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


def story_state_name(story_id: str) -> str:
    """The state row holding one story's analysis."""
    return f"story/{story_id}"


def article_json(article: Article, versions: list[tuple[int, str, str]]) -> dict:
    """The ``show --json`` document (keys are a contract; add, never remove)."""
    current = next((v for v, _, h in versions if h == article.content_hash), None)
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "outlet": article.outlet,
        "url": article.url,
        "text": article.text,
        "paragraphs": [{"start": p.start, "end": p.end, "kind": p.kind.value, "line": p.line} for p in article.paragraphs],
        "sentences": [{"start": s.start, "end": s.end} for s in article.sentences],
        "removed": [r.text for r in article.removed],
        "removed_detail": [{"text": r.text, "reason": r.reason, "line": r.line} for r in article.removed],
        "dateline": article.dateline,
        "date_source": article.date_source,
        "outlet_source": article.outlet_source,
        "origin": article.origin,
        "raw_sha256": article.raw_sha256,
        "content_hash": article.content_hash,
        "version": current,
        "versions": [{"version": v, "ingested_at": t, "content_hash": h} for v, t, h in versions],
        "extra": dict(article.extra),
    }


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


def story_rows(stories) -> list[dict]:
    """The ``stories --json`` rows of :class:`newsfuse.model.Story` objects (keys are a contract)."""
    return [
        {"id": s.id, "label": s.label, "first_date": s.first_date, "last_date": s.last_date,
         "articles": list(s.articles)}
        for s in stories
    ]


def _stories(store: Store) -> list[dict]:
    index = store.load_state(STORY_INDEX_STATE)
    if index is not None:
        return index["stories"]
    state = store.load_state(STORIES_STATE)  # a store saved before the index existed
    if not state:
        return []
    from .stories import StoryClusterer

    return story_rows(StoryClusterer.from_state(state).stories())


def saved_story(store: Store, story_id: str) -> dict | None:
    """One saved story's row (``id, label, first_date, last_date, articles``), or None."""
    return next((s for s in _stories(store) if s["id"] == story_id), None)


def saved_stories(store: Store) -> list[dict] | None:
    """The saved stories when they place every current article, else None (clustering is due)."""
    index = store.load_state(STORY_INDEX_STATE)
    if index is None:
        return None
    placed = {i for story in index["stories"] for i in story["articles"]}
    return index["stories"] if placed >= set(store.content_hashes()) else None


def saved_provenance(store: Store) -> dict | None:
    """The saved provenance document when it was computed over the current articles, else None."""
    key = store.state_field(PROVENANCE_KEY_STATE, "key")
    if key is None or key != articles_key(store.content_hashes()):
        return None
    return store.load_state(PROVENANCE_STATE)


def saved_analysis(store: Store, story_id: str, article_ids: Iterable[str]) -> dict | None:
    """A story's saved analysis when its articles have not changed since, else None.

    Reads the content hashes only (no text, no model), so showing an analysed
    story costs a few queries.
    """
    hashes = store.content_hashes(article_ids)
    key = _key(ANALYSIS_VERSION, hashes.items())
    name = story_state_name(story_id)
    if store.state_field(name, "key") != key:
        return None
    return store.load_state(name)


def _provenance(store: Store) -> dict:
    return store.load_state(PROVENANCE_STATE) or {"relations": [], "composites": [], "filler": [],
                                                   "independent_groups": []}


def provenance_index(document: dict) -> dict[str, dict]:
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


def _provenance_of(store: Store, ids: set[str]) -> dict:
    """The saved provenance document restricted to ``ids``: relations within them, their
    composites and filler, and the independent groups cut to them (read from the index)."""
    group_of = (store.load_state(_GROUPS_STATE) or {}).get("group_of")
    if group_of is None:  # a store saved before the index existed
        document = _provenance(store)
        return {
            "relations": [r for r in document.get("relations", []) if r["source"] in ids and r["derived"] in ids],
            "composites": [c for c in document.get("composites", []) if c["article"] in ids],
            "filler": [f for f in document.get("filler", []) if f["article"] in ids],
            "independent_groups": _cut_groups(document.get("independent_groups", []), ids),
        }
    rows = store.load_states(_ARTICLE_PROVENANCE + i for i in sorted(ids))
    relations: dict[int, dict] = {}
    composites, filler = [], []
    for name in sorted(rows):  # article id order: the order the report lists composites and filler in
        row = rows[name]
        for position, relation in row["relations"]:
            if relation["source"] in ids and relation["derived"] in ids:
                relations[position] = relation
        composites.extend(row["composites"])
        filler.extend(row["filler"])
    return {
        "relations": [relations[k] for k in sorted(relations)],
        "composites": composites,
        "filler": filler,
        "independent_groups": _group_members(ids, group_of),
    }


def _relations_of(store: Store, article_id: str) -> list[dict]:
    """The saved relations with ``article_id`` on either side, in the document's order."""
    if store.state_field(_GROUPS_STATE, "group_of") is None:  # saved before the index existed
        return [r for r in _provenance(store).get("relations", []) if article_id in (r["source"], r["derived"])]
    row = store.load_state(_ARTICLE_PROVENANCE + article_id) or {"relations": []}
    return [relation for _, relation in row["relations"]]


def _cut_groups(groups: list[list[str]], ids: set[str]) -> list[list[str]]:
    return [g for g in ([i for i in g if i in ids] for g in groups) if g]


def _story_row(story: dict, groups: list[list[str]], outlets: dict[str, str | None]) -> dict:
    ids = set(story["articles"])
    covered = {i for g in groups for i in g}
    n_sources = len(groups) + len(ids - covered)
    shown = sorted({outlets[i] for i in story["articles"] if outlets.get(i)})
    return {**story, "n_articles": len(ids), "n_sources": n_sources, "outlets": shown}


def _group_members(ids: set[str], group_of: dict) -> list[list[str]]:
    members: dict[int, list[str]] = {}
    for i in sorted(ids):
        if i in group_of:
            members.setdefault(group_of[i], []).append(i)
    return [members[k] for k in sorted(members)]


def story_list(store: Store) -> list[dict]:
    """Every story with its counts: ``id, label, first_date, last_date, articles, n_articles, n_sources, outlets``."""
    stories = _stories(store)
    outlets = store.outlets(i for s in stories for i in s["articles"])
    group_of = (store.load_state(_GROUPS_STATE) or {}).get("group_of")
    if group_of is None:
        groups = _provenance(store).get("independent_groups", [])
        return [_story_row(s, _cut_groups(groups, set(s["articles"])), outlets) for s in stories]
    return [_story_row(s, _group_members(set(s["articles"]), group_of), outlets) for s in stories]


def _find_story(store: Store, story_id: str) -> dict:
    for story in _stories(store):
        if story["id"] == story_id:
            return story
    raise NotFound(f"no story {story_id!r}")


def _analysis(store: Store, story_id: str) -> dict:
    return store.load_state(story_state_name(story_id)) or {}


def _story_provenance(provenance: dict, ids: set[str], summaries: dict[str, Any]) -> dict:
    relations = [r for r in provenance.get("relations", []) if r["source"] in ids and r["derived"] in ids]
    nodes = [
        {"id": i, "label": (summaries[i].title if i in summaries else None) or i,
         "outlet": summaries[i].outlet if i in summaries else None}
        for i in sorted(ids)
    ]
    return {
        "nodes": nodes,
        "edges": [
            {"source": r["source"], "derived": r["derived"], "relation": r["relation"], "score": r["score"],
             "direction": r.get("direction"), "passages": r["passages"]}
            for r in relations
        ],
        "composites": [c for c in provenance.get("composites", []) if c["article"] in ids],
        "filler": [f for f in provenance.get("filler", []) if f["article"] in ids],
        "groups": [g for g in ([i for i in g if i in ids] for g in provenance.get("independent_groups", [])) if g],
    }


def _badges(article_id: str, graph: dict) -> list[str]:
    badges = []
    derived = [e for e in graph["edges"] if e["derived"] == article_id]
    for edge in derived:
        badge = _DERIVED_BADGE.get(edge["relation"], edge["relation"])
        if badge not in badges:
            badges.append(badge)
    if not derived:
        badges.append("original")
    if any(c["article"] == article_id for c in graph["composites"]):
        badges.append("composite")
    if any(f["article"] == article_id for f in graph["filler"]):
        badges.append("filler")
    return badges


def story_provenance(store: Store, story_id: str) -> dict:
    """The provenance graph restricted to one story: ``nodes, edges, composites, filler, groups``."""
    story = _find_story(store, story_id)
    summaries = {s.id: s for s in store.summaries_of(story["articles"])}
    ids = set(story["articles"])
    return _story_provenance(_provenance_of(store, ids), ids, summaries)


def story_claims(store: Store, story_id: str) -> list[dict]:
    """Reconciled claims of a story (the ``newsfuse claims --json`` list)."""
    _find_story(store, story_id)
    return _analysis(store, story_id).get("claims", [])


def story_quotes(store: Store, story_id: str) -> list[dict]:
    """The quote ledger of a story (falls back to the raw quotes)."""
    _find_story(store, story_id)
    analysis = _analysis(store, story_id)
    return analysis.get("ledger") or analysis.get("facts", {}).get("quotes", [])


def story_facts(store: Store, story_id: str) -> dict | None:
    """The ``newsfuse facts --json`` document of a story, if ``run`` computed it."""
    _find_story(store, story_id)
    return _analysis(store, story_id).get("facts")


def story_page(store: Store, story_id: str) -> dict:
    """Everything the story page shows: ``story, brief, sources, claims, quotes, timeline, provenance``."""
    story = _find_story(store, story_id)
    ids = set(story["articles"])
    provenance = _provenance_of(store, ids)
    summaries = {s.id: s for s in store.summaries_of(story["articles"])}
    graph = _story_provenance(provenance, ids, summaries)
    # the fields the page shows, not the facts (most of the saved analysis)
    analysis = store.state_fields(story_state_name(story_id), ("brief", "claims", "ledger")) or {}
    if not analysis.get("ledger"):
        analysis = _analysis(store, story_id)
    brief = analysis.get("brief")
    sources = [
        {"article": i, "title": summaries[i].title if i in summaries else None,
         "outlet": summaries[i].outlet if i in summaries else None,
         "date": summaries[i].date if i in summaries else None,
         "badges": _badges(i, graph)}
        for i in story["articles"]
    ]
    return {
        "story": _story_row(story, provenance["independent_groups"], {i: s.outlet for i, s in summaries.items()}),
        "brief": brief,
        "sources": sources,
        "claims": analysis.get("claims", []),
        "quotes": analysis.get("ledger") or analysis.get("facts", {}).get("quotes", []),
        "timeline": (brief or {}).get("timeline", []),
        "provenance": graph,
    }


def article_page(store: Store, article_id: str) -> dict:
    """One article with its story and the passages it shares with other articles."""
    article = store.get(article_id)
    story = next((s["id"] for s in _stories(store) if article_id in s["articles"]), None)
    shared = []
    for rel in _relations_of(store, article_id):
        mine, other = ("source", "derived") if rel["source"] == article_id else ("derived", "source")
        for p in rel["passages"]:
            shared.append({
                "start": p[f"{mine}_start"], "end": p[f"{mine}_end"], "other": rel[other],
                "other_start": p[f"{other}_start"], "other_end": p[f"{other}_end"],
                "relation": rel["relation"], "role": mine, "score": p["score"],
            })
    shared.sort(key=lambda s: (s["start"], s["end"]))
    return {"article": article_json(article, store.versions(article_id)), "story": story, "shared": shared}
