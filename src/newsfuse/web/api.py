"""JSON API under ``/api/``: the read-side views, as the CLI's ``--json`` prints them.

The response models in ``/openapi.json`` are the view records themselves
(:mod:`newsfuse.view_records`, FastAPI reads dataclasses); each route returns
:func:`newsfuse.serialize.to_json` of its record, the same JSON the CLI prints
(a response returned as it is skips FastAPI's re-validation, which would turn
a stored ``20`` into ``20.0``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from .. import views
from ..brief.model import TimelineEntry
from ..facts.records import Quote
from ..reconcile.document import ClaimGroupDoc, LedgerEntryDoc
from ..serialize import to_json
from ..store import Store
from ..view_records import ArticlePage, StoryGraph, StoryPage, StoryRow
from .deps import store_dependency

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])

# Ids may hold "/" (an article read from JSONL without an id is named by its
# URL), so id parameters take the rest of the path. The routes with a suffix
# (/claims, /provenance, ...) come before the bare story route so they win.

_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No story or article with this id.",
                    "content": {"application/json": {"example": {"detail": "no story with id 's-x'"}}}}}


@router.get("/stories", response_model=list[StoryRow], summary="List stories")
def api_stories(store: Store = Depends(store_dependency)) -> Any:
    """Every story with its dates, article ids, outlets and number of independent sources."""
    return JSONResponse(to_json(views.story_list(store)))


@router.get("/stories/{story_id:path}/claims", response_model=list[ClaimGroupDoc], responses=_NOT_FOUND,
            summary="Claims of a story")
def api_story_claims(story_id: str, store: Store = Depends(store_dependency)) -> Any:
    """Reconciled claims: each value with its article and offsets; verdict `conflict` where sources disagree."""
    return JSONResponse(to_json(views.story_claims(store, story_id)))


@router.get("/stories/{story_id:path}/provenance", response_model=StoryGraph, responses=_NOT_FOUND,
            summary="Provenance graph of a story")
def api_story_provenance(story_id: str, store: Store = Depends(store_dependency)) -> Any:
    """Articles as nodes, copy relations as edges with aligned passages; composites, filler, independent groups."""
    return JSONResponse(to_json(views.story_provenance(store, story_id)))


@router.get("/stories/{story_id:path}/quotes", response_model=list[LedgerEntryDoc] | list[Quote], responses=_NOT_FOUND,
            summary="Quote ledger of a story")
def api_story_quotes(story_id: str, store: Store = Depends(store_dependency)) -> Any:
    """Who said what, and in which articles."""
    return JSONResponse(to_json(views.story_quotes(store, story_id)))


@router.get("/stories/{story_id:path}/timeline", response_model=list[TimelineEntry], responses=_NOT_FOUND,
            summary="Timeline of a story")
def api_story_timeline(story_id: str, store: Store = Depends(store_dependency)) -> Any:
    """Dated events of the story, oldest first."""
    return JSONResponse(to_json(views.story_timeline(store, story_id)))


@router.get("/stories/{story_id:path}", response_model=StoryPage, responses=_NOT_FOUND, summary="One story")
def api_story(story_id: str, store: Store = Depends(store_dependency)) -> Any:
    """Everything the story page shows: brief, sources with badges, claims, quotes, timeline, provenance."""
    return JSONResponse(to_json(views.story_page(store, story_id)))


@router.get("/articles/{article_id:path}", response_model=ArticlePage, responses=_NOT_FOUND, summary="One article")
def api_article(article_id: str, store: Store = Depends(store_dependency)) -> Any:
    """Clean text, paragraphs, removed chrome, its story, and passages shared with other articles."""
    return JSONResponse(to_json(views.article_page(store, article_id)))
