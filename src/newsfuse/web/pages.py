"""Server-rendered pages: story list, story, article, API index.

Pages take their data from :mod:`newsfuse.views` (the same read-side views the
CLI prints) and only arrange it. Article-derived text reaches the templates as
plain strings (autoescaped) or as ``Markup`` built by :mod:`.render`, which
escapes every piece of text itself.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from .. import views
from ..errors import NotFound
from ..serialize import to_json
from ..store import Store
from . import render
from .deps import store_dependency

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200):
    context = {"allow_ingest": request.app.state.allow_ingest, **context}
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


def _matches(story: dict, words: list[str]) -> bool:
    haystack = " ".join(
        str(x) for x in (story.get("id"), story.get("label"), *(story.get("outlets") or []),
                         *(story.get("articles") or []))
        if x
    ).casefold()
    return all(w in haystack for w in words)


def _in_range(story: dict, since: str | None, until: str | None) -> bool:
    """Stories whose date span overlaps [since, until] (prefix dates like 2024-07 allowed)."""
    first = story.get("first_date") or story.get("last_date")
    last = story.get("last_date") or first
    if since and (last is None or last[: len(since)] < since):
        return False
    if until and (first is None or first[: len(until)] > until):
        return False
    return True


@router.get("/", response_class=HTMLResponse)
def story_list_page(
    request: Request,
    q: str = Query("", max_length=200, description="Words that must all appear in the label, outlets or ids, "
                                                    "or in an article, quote or claim of the story (full-text search)."),
    since: str | None = Query(None, pattern=_DATE, description="Stories still running on or after this date."),
    until: str | None = Query(None, pattern=_DATE, description="Stories that began on or before this date."),
    store: Store = Depends(store_dependency),
):
    from .downloads import TABLE_NAMES, story_hits

    stories = to_json(views.story_list(store))
    words = q.casefold().split()
    hits = story_hits(store, q)  # full-text matches, best story first
    rank = {story_id: n for n, story_id in enumerate(hits)}
    shown = [s for s in stories if (s["id"] in hits or _matches(s, words)) and _in_range(s, since, until)]
    shown.sort(key=lambda s: rank.get(s["id"], len(rank)))  # stable: label matches keep their order
    return _page(request, "index.html", {"stories": shown, "total": len(stories), "q": q, "hits": hits,
                                         "since": since or "", "until": until or "", "tables": TABLE_NAMES})


def _cited(store: Store, cache: dict[str, Any], article_id: str, start: Any, end: Any) -> dict:
    """One citation: the passage text from the article's clean text and where it is."""
    if article_id not in cache:
        try:
            cache[article_id] = store.get(article_id)
        except NotFound:
            cache[article_id] = None
    article = cache[article_id]
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        start = end = None
    passage = ""
    if article is not None and start is not None and 0 <= start < end <= len(article.text):
        passage = article.text[start:end]
    return {
        "article": article_id,
        "title": article.title if article is not None else None,
        "outlet": article.outlet if article is not None else None,
        "date": article.date if article is not None else None,
        "passage": passage,
        "url": render.article_url(article_id, start, end) if passage else render.article_url(article_id),
    }


def _brief_view(store: Store, brief: dict | None) -> dict | None:
    """The brief with each citation resolved to its passage, numbered in reading order."""
    if not brief:
        return None
    cache: dict[str, Any] = {}
    number = 0
    points = []
    for point in brief.get("points") or []:
        citations = []
        for c in point.get("citations") or []:
            number += 1
            citations.append({"n": number, **_cited(store, cache, str(c.get("article")), c.get("start"), c.get("end"))})
        points.append({"text": point.get("text") or "", "citations": citations})
    conflicts = [_conflict_view(c) for c in brief.get("conflicts") or []]
    return {**brief, "points": points, "conflicts": conflicts}


def _quote_view(store: Store, cache: dict[str, Any], quote: Any) -> dict:
    """A quote or ledger entry: speaker, words, and each place it appears (with offsets when known)."""
    if not isinstance(quote, dict):
        return {"speaker": None, "text": str(quote), "citations": []}
    text = quote.get("text") or quote.get("quote") or quote.get("content") or ""
    places = [o for o in quote.get("occurrences") or [] if isinstance(o, dict) and o.get("article")]
    if quote.get("article"):
        places.insert(0, quote)
    seen = {str(p["article"]) for p in places}
    places += [{"article": a} for a in quote.get("articles") or [] if str(a) not in seen]
    citations, done = [], set()
    for p in places:
        key = (str(p["article"]), p.get("start"), p.get("end"))
        if key not in done:
            done.add(key)
            citations.append(_cited(store, cache, *key))
    return {"speaker": quote.get("speaker") or quote.get("speaker_name"), "text": text, "citations": citations,
            "cue": quote.get("cue") or quote.get("verb"), "status": quote.get("status") or quote.get("verdict")}


def _timeline_view(store: Store, cache: dict[str, Any], entry: Any) -> dict:
    """A timeline entry: its date, text, and the passages it comes from."""
    if not isinstance(entry, dict):
        return {"date": None, "text": str(entry), "citations": []}
    citations = [_cited(store, cache, str(c.get("article")), c.get("start"), c.get("end"))
                 for c in entry.get("citations") or [] if isinstance(c, dict)]
    for article_id in entry.get("articles") or ([entry["article"]] if entry.get("article") else []):
        citations.append(_cited(store, cache, str(article_id), None, None))
    return {"date": entry.get("date") or entry.get("when"), "kind": entry.get("kind"),
            "text": entry.get("text") or entry.get("event") or entry.get("label") or "", "citations": citations}


def _conflict_view(conflict: Any) -> dict:
    """A conflict of the brief: what, and each side's values with their articles."""
    if not isinstance(conflict, dict):
        return {"thing": str(conflict), "unit": None, "note": None, "sides": []}
    sides = []
    for side in conflict.get("sides") or []:
        values = [v.get("text") or str(v.get("value")) if isinstance(v, dict) else str(v)
                  for v in side.get("values") or []]
        sides.append({"values": values, "articles": [str(a) for a in side.get("articles") or []],
                      "independent_sources": side.get("independent_sources")})
    return {"thing": conflict.get("thing") or conflict.get("text") or "", "unit": conflict.get("unit"),
            "note": conflict.get("note"), "sides": sides}


@router.get("/stories/{story_id:path}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, store: Store = Depends(store_dependency)):
    page = to_json(views.story_page(store, story_id))
    brief = _brief_view(store, page.get("brief"))
    cache: dict[str, Any] = {}
    provenance = page.get("provenance") or {}
    claims = sorted(page.get("claims") or [], key=lambda c: c.get("verdict") != "conflict")  # conflicts first
    return _page(request, "story.html", {
        "story": page["story"],
        "brief": brief,
        "sources": page.get("sources") or [],
        "claims": claims,
        "conflicts": sum(1 for c in claims if c.get("verdict") == "conflict"),
        "quotes": [_quote_view(store, cache, q) for q in page.get("quotes") or []],
        "timeline": [_timeline_view(store, cache, t) for t in page.get("timeline") or []],
        "provenance": provenance,
        "graph": render.provenance_svg(provenance),
        "labels": {s.get("article"): _source_label(s) for s in page.get("sources") or []},
    })


def _source_label(source: dict) -> str:
    """Short name of a source for tables: outlet, else a shortened title, else the id."""
    if source.get("outlet"):
        return str(source["outlet"])
    title = " ".join(str(source.get("title") or "").split())
    if title:
        return title if len(title) <= 48 else title[:47] + "…"
    return str(source.get("article"))


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value is not None and re.fullmatch(r"\d{1,9}", value) else None


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(
    request: Request,
    article_id: str,
    start: str | None = Query(None, max_length=9, description="Start of a cited range to mark."),
    end: str | None = Query(None, max_length=9, description="End of a cited range to mark."),
    store: Store = Depends(store_dependency),
):
    page = to_json(views.article_page(store, article_id))
    article = page["article"]
    text = article.get("text") or ""
    marks: list[render.Mark] = []
    cited_start, cited_end = _int_or_none(start), _int_or_none(end)
    if cited_start is not None and cited_end is not None and 0 <= cited_start < cited_end <= len(text):
        marks.append(render.Mark(cited_start, cited_end, "cited", title="cited passage", anchor="cited"))
    for s in page.get("shared") or []:
        try:
            s_start, s_end = int(s["start"]), int(s["end"])
        except (KeyError, TypeError, ValueError):
            continue
        other = str(s.get("other"))
        relation = str(s.get("relation") or "shared")
        css = "shared rel-" + "".join(ch for ch in relation if ch.isalnum() or ch == "-")
        href = render.article_url(other, s.get("other_start"), s.get("other_end")) \
            if s.get("other_start") is not None and s.get("other_end") is not None else render.article_url(other)
        marks.append(render.Mark(s_start, s_end, css, title=f"{relation}: also in {other}", href=href,
                                 anchor=f"s-{s_start}"))
    body = render.paragraph_html(text, article.get("paragraphs") or [], marks)
    others = sorted({str(s.get("other")) for s in page.get("shared") or [] if s.get("other")})
    return _page(request, "article.html", {
        "article": article, "body": body, "story_id": page.get("story"),
        "shared": page.get("shared") or [], "others": others,
        "removed": article.get("removed_detail") or [{"text": t, "reason": "", "line": None}
                                                     for t in article.get("removed") or []],
    })


@router.get("/api", response_class=HTMLResponse)
def api_index(request: Request):
    """A plain list of the JSON routes (the schema itself is /openapi.json)."""
    schema = request.app.openapi()
    routes = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            routes.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                           "description": op.get("description", "")})
    return _page(request, "api.html", {"routes": routes})
