"""Downloads of the flat tables (CSV, JSON) and a JSON search route, under ``/api/``.

They read the tables ``run`` keeps (:mod:`newsfuse.store.tables`) on the
request's read-only connection. CSV cells a spreadsheet would run as formulas
(text from articles starting with ``=``, ``+``, ``-``, ``@``) get a leading
apostrophe; JSON is a list of objects with the export's columns.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from markupsafe import Markup, escape

from ..errors import StoreError
from ..export import export_table
from ..search import KINDS, search
from ..store import Store
from ..store.tables import TABLES, tables_ready
from .deps import store_dependency

__all__ = ["router", "TableName", "story_hits", "TABLE_NAMES"]

TABLE_NAMES = tuple(TABLES)
# private-use characters around matched words: escaped text never holds them as markup
_OPEN, _CLOSE = "\ue000", "\ue001"
STORY_HITS_LIMIT = 500

router = APIRouter(prefix="/api", tags=["downloads"])

TableName = Enum("TableName", {name: name for name in TABLES}, type=str)  # type: ignore[misc]  # members from TABLES
TableName.__doc__ = "An exported table."

_NO_TABLES: dict[int | str, dict[str, Any]] = {503: {"description": "The store has no tables yet (run `newsfuse run`)."}}


def _connection(store: Store):
    if not tables_ready(store.connection):
        raise StoreError(store.path, "has no export tables yet: run `newsfuse run PATH` (or `newsfuse export`) on it")
    return store.connection


@router.get("/tables/{name}.csv", summary="Download a table as CSV", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "The table, header row first."}, **_NO_TABLES},
            description="One row per record, flat columns, as `newsfuse export NAME --format csv` writes it "
                        "(cells that would run as spreadsheet formulas start with an apostrophe).")
def table_csv(name: TableName, story: str | None = Query(None, max_length=500, description="Only this story's rows."),
              store: Store = Depends(store_dependency)) -> Response:
    body = export_table(_connection(store), name.value, "csv", story=story, safe=True)
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="newsfuse-{name.value}.csv"'})


@router.get("/tables/{name}.json", summary="Download a table as JSON",
            responses={200: {"description": "A list of objects with the table's columns."}, **_NO_TABLES},
            description="The rows of `newsfuse export NAME --format ndjson`, as one JSON list.")
def table_json(name: TableName, story: str | None = Query(None, max_length=500, description="Only this story's rows."),
               store: Store = Depends(store_dependency)) -> list[dict[str, Any]]:
    from dataclasses import asdict

    from ..store.tables import read_rows

    return [asdict(r) for r in read_rows(_connection(store), name.value, story)]


@router.get("/search", summary="Full-text search",
            responses={200: {"description": "Hits, best first."}, **_NO_TABLES},
            description="Articles, quotes and claims matching every word of `q` (bm25 ranking), "
                        "with snippets whose matched words are between [ and ]; as `newsfuse search --json`.")
def search_json(q: str = Query(..., min_length=1, max_length=200, description="Words to find."),
                limit: int = Query(20, ge=1, le=200), story: str | None = Query(None, max_length=500),
                store: Store = Depends(store_dependency)) -> list[dict[str, Any]]:
    hits = search(_connection(store), q, limit=limit, kinds=KINDS, story=story)
    return [{"kind": h.kind, "ref": h.ref, "story": h.story_id, "article": h.article_id, "title": h.title,
             "snippet": h.snippet, "score": round(h.score, 4)} for h in hits]


def story_hits(store: Store, query: str) -> dict[str, Markup]:
    """For the story list's search box: each story with a match, best first,
    with the snippet of its best hit (escaped, matched words in ``<mark>``).
    Empty when the query is blank or the store has no index (the list then
    filters on labels and outlets only)."""
    if not query.strip() or not tables_ready(store.connection):
        return {}
    found: dict[str, Markup] = {}
    for hit in search(store.connection, query, limit=STORY_HITS_LIMIT, marks=(_OPEN, _CLOSE)):
        if hit.story_id and hit.story_id not in found:
            text = str(escape(" ".join(hit.snippet.split())))
            label = {"quote": f"{hit.title}: " if hit.title else "", "claim": f"{hit.title}: " if hit.title else ""}
            found[hit.story_id] = Markup(str(escape(label.get(hit.kind, ""))) +
                                         text.replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>"))
    return found
