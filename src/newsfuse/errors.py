"""Typed errors. The library raises these; only the CLI turns them into messages."""

from __future__ import annotations

__all__ = ["NewsfuseError", "InputError", "StoreError", "NotFound", "ResourceError"]


class NewsfuseError(Exception):
    """Base class of every error newsfuse raises on purpose."""


class InputError(NewsfuseError):
    """One input (file, record, line) cannot be read as an article.

    The message is one line naming where and what, e.g.
    ``feed.xml: not a valid RSS/Atom feed (mismatched tag at line 3)``.
    """

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class StoreError(NewsfuseError):
    """The database cannot be opened or written (locked, corrupt, read-only)."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class NotFound(NewsfuseError):
    """A requested article or story id is not in the store."""


class ResourceError(NewsfuseError):
    """The machine cannot give what a step needs (disk space for a temporary model file)."""
