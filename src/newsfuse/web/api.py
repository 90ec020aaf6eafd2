"""JSON API under ``/api/``: the read-side views, as the CLI's ``--json`` prints them.

Response models document the shape in ``/openapi.json``; they allow extra
fields, so what :mod:`newsfuse.views` adds later passes through unchanged.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from .. import views
from ..store import Store
from .deps import store_dependency

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])

# Ids may hold "/" (an article read from JSONL without an id is named by its
# URL), so id parameters take the rest of the path. The routes with a suffix
# (/claims, /provenance, ...) come before the bare story route so they win.

_NOT_FOUND = {404: {"description": "No story or article with this id.",
                    "content": {"application/json": {"example": {"detail": "no story with id 's-x'"}}}}}


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class StorySummary(_Open):
    """One story in the list."""

    id: str
    label: str | None = Field(None, description="Headline-like label of the story.")
    first_date: str | None = Field(None, description="Earliest article date (YYYY-MM-DD).")
    last_date: str | None = Field(None, description="Latest article date (YYYY-MM-DD).")
    articles: list[str] = Field(default_factory=list, description="Article ids in the story.")
    n_articles: int | None = None
    n_sources: int | None = Field(None, description="Independent sources: groups of articles not copied from each other.")
    outlets: list[str | None] = Field(default_factory=list)


class Citation(_Open):
    article: str
    start: int = Field(description="Offset into the article's clean text.")
    end: int


class BriefPoint(_Open):
    text: str
    citations: list[Citation] = Field(default_factory=list)


class Brief(_Open):
    """The cited brief: every point cites passages of the story's articles."""

    story: str | None = None
    headline: str | None = None
    points: list[BriefPoint] = Field(default_factory=list)
    conflicts: list[Any] = Field(default_factory=list)
    quotes: list[Any] = Field(default_factory=list)
    timeline: list[Any] = Field(default_factory=list)
    provenance: Any = None


class Source(_Open):
    article: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    badges: list[str] = Field(default_factory=list, description="original, reprint, rewrite, composite, filler...")


class ClaimValue(_Open):
    article: str
    value: Any = None
    hedge: Any = None
    text: str | None = Field(None, description="The sentence or phrase stating the value.")
    start: int | None = None
    end: int | None = None


class Claim(_Open):
    thing: str | None = Field(None, description="What is measured, e.g. 'India imports from Russia'.")
    unit: str | None = None
    verdict: str | None = Field(None, description="agree, conflict, ...")
    values: list[ClaimValue] = Field(default_factory=list)


class Passage(_Open):
    source_start: int | None = None
    source_end: int | None = None
    derived_start: int | None = None
    derived_end: int | None = None


class ProvenanceNode(_Open):
    id: str
    label: str | None = None
    outlet: str | None = None


class ProvenanceEdge(_Open):
    source: str
    derived: str
    relation: str | None = Field(None, description="reprint, rewrite, partial, ...")
    score: float | None = None
    passages: list[Passage] = Field(default_factory=list)


class Provenance(_Open):
    """Who copied whom: nodes are articles, an edge runs from source to derived."""

    nodes: list[ProvenanceNode] = Field(default_factory=list)
    edges: list[ProvenanceEdge] = Field(default_factory=list)
    composites: list[Any] = Field(default_factory=list)
    filler: list[Any] = Field(default_factory=list)
    groups: list[list[str]] = Field(default_factory=list, description="Independent-source groups of article ids.")


class StoryPage(_Open):
    story: StorySummary
    brief: Brief | None = None
    sources: list[Source] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    quotes: list[Any] = Field(default_factory=list)
    timeline: list[Any] = Field(default_factory=list)
    provenance: Provenance | None = None


class SharedPassage(_Open):
    start: int
    end: int
    other: str = Field(description="The other article holding this passage.")
    other_start: int | None = None
    other_end: int | None = None
    relation: str | None = None


class ArticlePage(_Open):
    article: dict[str, Any] = Field(
        description="As `newsfuse show ID --json`: id, title, date, outlet, text, paragraphs, removed_detail, ...")
    story: str | None = Field(None, description="Id of the story the article belongs to.")
    shared: list[SharedPassage] = Field(default_factory=list)


@router.get("/stories", response_model=list[StorySummary], summary="List stories")
def api_stories(store: Store = Depends(store_dependency)) -> Any:
    """Every story with its dates, article ids, outlets and number of independent sources."""
    return views.story_list(store)


@router.get("/stories/{story_id:path}/claims", response_model=list[Claim], responses=_NOT_FOUND,
            summary="Claims of a story")
def api_story_claims(story_id: str, store: Store = Depends(store_dependency)) -> Any:
    """Reconciled claims: each value with its article and offsets; verdict `conflict` where sources disagree."""
    return views.story_claims(store, story_id)


@router.get("/stories/{story_id:path}/provenance", response_model=Provenance, responses=_NOT_FOUND,
            summary="Provenance graph of a story")
def api_story_provenance(story_id: str, store: Store = Depends(store_dependency)) -> Any:
    """Articles as nodes, copy relations as edges with aligned passages; composites, filler, independent groups."""
    return views.story_provenance(store, story_id)


@router.get("/stories/{story_id:path}/quotes", response_model=list[Any], responses=_NOT_FOUND,
            summary="Quote ledger of a story")
def api_story_quotes(story_id: str, store: Store = Depends(store_dependency)) -> Any:
    """Who said what, and in which articles."""
    return views.story_quotes(store, story_id)


@router.get("/stories/{story_id:path}/timeline", response_model=list[Any], responses=_NOT_FOUND,
            summary="Timeline of a story")
def api_story_timeline(story_id: str, store: Store = Depends(store_dependency)) -> Any:
    """Dated events of the story, oldest first."""
    return views.story_page(store, story_id).get("timeline") or []


@router.get("/stories/{story_id:path}", response_model=StoryPage, responses=_NOT_FOUND, summary="One story")
def api_story(story_id: str, store: Store = Depends(store_dependency)) -> Any:
    """Everything the story page shows: brief, sources with badges, claims, quotes, timeline, provenance."""
    return views.story_page(store, story_id)


@router.get("/articles/{article_id:path}", response_model=ArticlePage, responses=_NOT_FOUND, summary="One article")
def api_article(article_id: str, store: Store = Depends(store_dependency)) -> Any:
    """Clean text, paragraphs, removed chrome, its story, and passages shared with other articles."""
    return views.article_page(store, article_id)
