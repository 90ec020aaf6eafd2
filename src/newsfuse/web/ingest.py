"""``/ingest``: store one pasted article. Mounted only with ``allow_ingest=True``.

The form posts URL-encoded fields (no upload, no file names, nothing read from
disk). The article goes through the same ingest as ``newsfuse ingest -`` (one
JSONL record) on the app's single writer thread; the page never writes on a
request thread. A per-app token in the form guards against cross-site posts.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import json
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..pipeline import ingest
from ..store import Store

__all__ = ["router", "MAX_FORM_BYTES"]

router = APIRouter(include_in_schema=False)

MAX_FORM_BYTES = 2 * 1024 * 1024
_FIELDS = ("id", "title", "outlet", "date", "url", "text")


def _form(request: Request, status: int = 200, **context):
    templates = request.app.state.templates
    context = {"allow_ingest": True, "token": request.app.state.csrf_token, "values": {}, **context}
    return templates.TemplateResponse(request, "ingest.html", context, status_code=status)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request):
    return _form(request)


async def _read_body(request: Request) -> bytes | None:
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_FORM_BYTES:
            return None
    return bytes(body)


def _store_record(db_path: str, record: dict) -> tuple[list[str], list[str]]:
    """Runs on the writer thread: one JSONL record through the normal ingest."""
    line = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
    with Store(db_path) as store:
        report = ingest(["-"], store, stdin=io.BytesIO(line))
    errors = [str(e) for e in report.errors] + ([str(report.fatal)] if report.fatal else [])
    return report.articles, errors


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_submit(request: Request):
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        return _form(request, 415, errors=["send the form (application/x-www-form-urlencoded)"])
    body = await _read_body(request)
    if body is None:
        return _form(request, 413, errors=[f"the article is over {MAX_FORM_BYTES // 1024} KiB"])
    try:
        fields = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), max_num_fields=20).items()}
    except ValueError:  # more than 20 fields: not this form
        return _form(request, 400, errors=["the form has too many fields; reload the page and send it again"])
    if not hmac.compare_digest(fields.get("token", ""), request.app.state.csrf_token):
        return _form(request, 403, errors=["the form has expired; reload the page and send it again"])
    record = {k: fields[k].strip() for k in _FIELDS if fields.get(k, "").strip()}
    if not record.get("text"):
        return _form(request, 422, errors=["the article has no text"], values=record)
    record.setdefault("id", "web-" + hashlib.sha256(record["text"].encode("utf-8")).hexdigest()[:16])
    future = request.app.state.writer.submit(_store_record, request.app.state.db_path, record)
    articles, errors = await asyncio.wrap_future(future)
    status = 200 if articles and not errors else 422
    return _form(request, status, stored=articles, errors=errors, values={} if articles else record)
