"""Request dependencies the routers share (apart from the app factory, so
:mod:`.api` and :mod:`.pages` need not import :mod:`.app`, which imports them)."""

from __future__ import annotations

from typing import Iterator

from fastapi import Request

from ..store import Store

__all__ = ["store_dependency"]


def store_dependency(request: Request) -> Iterator[Store]:
    """A read-only Store for one request, closed when the response is done."""
    store = Store(request.app.state.db_path, readonly=True)
    try:
        yield store
    finally:
        store.close()
