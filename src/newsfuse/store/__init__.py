"""The embedded store: SQLite in WAL mode, migrated on open."""

from __future__ import annotations

from .db import AddResult, ArticleSummary, Store

__all__ = ["Store", "AddResult", "ArticleSummary"]
