"""The web app: an application factory and a ``serve`` helper.

Read-only by default: every request opens the store read-only and no route
writes. ``allow_ingest=True`` adds ``/ingest`` (a form that stores one pasted
article); its writes run on one writer thread.

Example:
    >>> app = create_app("newsfuse.db")            # doctest: +SKIP
    >>> serve("newsfuse.db", port=8000)            # doctest: +SKIP
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator, Sequence

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.templating import Jinja2Templates

from ..errors import NotFound, StoreError
from ..store import Store
from . import render
from .api import router as api_router
from .deps import store_dependency
from .downloads import router as downloads_router
from .pages import router as pages_router

__all__ = ["create_app", "serve", "store_dependency", "LOOPBACK_HOSTS"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

HERE = Path(__file__).resolve().parent

#: Host headers accepted by default: the app answers only when reached as
#: localhost (a page on another site cannot read it through DNS rebinding).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def _templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(article_url=render.article_url, story_url=render.story_url)
    env.filters["number"] = render.number
    return Jinja2Templates(env=env)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/openapi"))


def create_app(db_path: str, *, allow_ingest: bool = False,
               allowed_hosts: Sequence[str] = LOOPBACK_HOSTS) -> FastAPI:
    """Build the newsfuse web app over the store at ``db_path``.

    Args:
        db_path: the SQLite store; opened read-only per request (it must exist
            when a page is asked for, not when the app is built).
        allow_ingest: add the ``/ingest`` form and its POST route. Without it
            the app has GET routes only and never writes.
        allowed_hosts: Host header values the app answers (``"*"`` for any);
            others get 400.

    Returns:
        a FastAPI application (ASGI), e.g. for ``uvicorn.run(app)``.
    """
    writer: ThreadPoolExecutor | None = None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if writer is not None:
            writer.shutdown(wait=True)

    app = FastAPI(
        title="newsfuse",
        summary="Read newsfuse stories, articles, claims, quotes and provenance.",
        description=(
            "Read-only JSON views of a newsfuse store. Offsets (`start`, `end`) are "
            "character offsets into an article's clean `text`."
        ),
        version=_version(),
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN; /api lists the routes instead
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db_path = str(db_path)
    app.state.allow_ingest = allow_ingest
    app.state.templates = _templates()
    app.state.csrf_token = secrets.token_urlsafe(32)
    if allow_ingest:
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsfuse-writer")
    app.state.writer = writer

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return _error(request, 404, str(exc) or "not found")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        logger.warning("store error: %s", exc)
        return _error(request, 503, str(exc))

    app.include_router(api_router)
    app.include_router(downloads_router)
    app.include_router(pages_router)
    if allow_ingest:
        from .ingest import router as ingest_router

        app.include_router(ingest_router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static"), follow_symlink=False), name="static")
    return app


def _error(request: Request, status: int, message: str):
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsfuse")
    except PackageNotFoundError:
        return "0"


def hosts_for(host: str) -> tuple[str, ...]:
    """Host headers to accept when listening on ``host``.

    Example:
        >>> hosts_for("127.0.0.1")
        ('127.0.0.1', 'localhost', '::1')
        >>> hosts_for("0.0.0.0")
        ('*',)
    """
    if host in ("0.0.0.0", "::", ""):
        return ("*",)
    try:
        if ipaddress.ip_address(host).is_loopback:
            return LOOPBACK_HOSTS
    except ValueError:
        if host == "localhost":
            return LOOPBACK_HOSTS
    return (*LOOPBACK_HOSTS, host)


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False) -> None:
    """Run the app with uvicorn until interrupted (blocks).

    Raises:
        StoreError: the store does not exist or is not a newsfuse database.
    """
    import uvicorn

    Store(db_path, readonly=True).close()  # fail now, not at the first request
    app = create_app(db_path, allow_ingest=allow_ingest, allowed_hosts=hosts_for(host))
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False)
