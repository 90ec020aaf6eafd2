"""The story brief: headline, cited key points, conflicts, quotes, timeline
and provenance, all extractive (``build``), rendered as JSON, Markdown or a
standalone HTML page (``render``)."""

from .build import BriefConfig, build_brief
from .model import Brief, Citation, Conflict, Point, TimelineEntry
from .render import brief_to_html, brief_to_json, brief_to_markdown

__all__ = [
    "BriefConfig",
    "build_brief",
    "Brief",
    "Citation",
    "Conflict",
    "Point",
    "TimelineEntry",
    "brief_to_json",
    "brief_to_markdown",
    "brief_to_html",
]
