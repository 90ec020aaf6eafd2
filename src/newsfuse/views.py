"""Read-side JSON views of a store, shared by the CLI and the web app.

``newsfuse run`` saves what it computed (provenance over the whole store, and
per story: facts, reconciled claims, the brief) as named JSON states; these
functions read them back and join them with the stored articles, so showing a
story never re-runs a model. Every offset indexes the article's clean text as
``newsfuse show ID --json`` prints it. Unknown ids raise :class:`NotFound`.
"""

from __future__ import annotations

from typing import Any

from .errors import NotFound
from .model import Article
from .store.db import Store

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
    "article_page",
]

PROVENANCE_STATE = "provenance"
STORIES_STATE = "stories"

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


def _stories(store: Store) -> list[dict]:
    from .stories import StoryClusterer

    state = store.load_state(STORIES_STATE)
    if not state:
        return []
    return [
        {"id": s.id, "label": s.label, "first_date": s.first_date, "last_date": s.last_date,
         "articles": list(s.articles)}
        for s in StoryClusterer.from_state(state).stories()
    ]


def _provenance(store: Store) -> dict:
    return store.load_state(PROVENANCE_STATE) or {"relations": [], "composites": [], "filler": [],
                                                   "independent_groups": []}


def _story_row(store: Store, story: dict, provenance: dict) -> dict:
    ids = set(story["articles"])
    groups = [g for g in (set(g) & ids for g in provenance.get("independent_groups", [])) if g]
    covered = set().union(*groups) if groups else set()
    n_sources = len(groups) + len(ids - covered)
    outlets = sorted({s.outlet for s in store.summaries_of(story["articles"]) if s.outlet})
    return {**story, "n_articles": len(ids), "n_sources": n_sources, "outlets": outlets}


def story_list(store: Store) -> list[dict]:
    """Every story with its counts: ``id, label, first_date, last_date, articles, n_articles, n_sources, outlets``."""
    provenance = _provenance(store)
    return [_story_row(store, story, provenance) for story in _stories(store)]


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
    return _story_provenance(_provenance(store), set(story["articles"]), summaries)


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
    provenance = _provenance(store)
    summaries = {s.id: s for s in store.summaries_of(story["articles"])}
    graph = _story_provenance(provenance, set(story["articles"]), summaries)
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
        "story": _story_row(store, story, provenance),
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
    for rel in _provenance(store).get("relations", []):
        if article_id not in (rel["source"], rel["derived"]):
            continue
        mine, other = ("source", "derived") if rel["source"] == article_id else ("derived", "source")
        for p in rel["passages"]:
            shared.append({
                "start": p[f"{mine}_start"], "end": p[f"{mine}_end"], "other": rel[other],
                "other_start": p[f"{other}_start"], "other_end": p[f"{other}_end"],
                "relation": rel["relation"], "role": mine, "score": p["score"],
            })
    shared.sort(key=lambda s: (s["start"], s["end"]))
    return {"article": article_json(article, store.versions(article_id)), "story": story, "shared": shared}
