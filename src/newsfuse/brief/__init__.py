"""The story brief: headline, cited key points, conflicts, quotes, timeline
and provenance, all extractive (``build``), rendered as JSON, Markdown or a
standalone HTML page (``render``).

The names below are imported on first use, so reading the brief's records
(:mod:`.model`, :mod:`.document`) does not load the builder's numerical stack.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import BriefConfig, build_brief
    from .model import Brief, Citation, Conflict, Point, TimelineEntry
    from .render import brief_to_html, brief_to_json, brief_to_markdown

_WHERE = {
    "BriefConfig": ".build",
    "build_brief": ".build",
    "Brief": ".model",
    "Citation": ".model",
    "Conflict": ".model",
    "Point": ".model",
    "TimelineEntry": ".model",
    "brief_to_json": ".render",
    "brief_to_markdown": ".render",
    "brief_to_html": ".render",
}

__all__ = [
    "BriefConfig", "build_brief", "Brief", "Citation", "Conflict", "Point", "TimelineEntry",
    "brief_to_json", "brief_to_markdown", "brief_to_html",
]
assert set(__all__) == set(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_WHERE[name], __name__), name)
