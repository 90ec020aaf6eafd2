"""Render a brief as JSON (the documented contract, docs/brief-schema.md),
Markdown for the terminal, or one standalone HTML page.

Article text is hostile input: the HTML page escapes every piece of it
(``html.escape``, quotes included) and loads nothing from elsewhere.
"""

from __future__ import annotations

import html
import re
from typing import Any, Sequence, cast

from ..model import Article
from ..serialize import to_json
from .document import SCHEMA_VERSION, brief_document
from .model import Brief, Citation

__all__ = ["brief_to_json", "brief_to_markdown", "brief_to_html", "SCHEMA_VERSION"]



def brief_to_json(brief: Brief) -> dict[str, Any]:
    """The ``brief --format json`` document (keys are a contract; add, never remove)."""
    return cast("dict[str, Any]", to_json(brief_document(brief)))


def _short(article: str, ids: Sequence[str] = ()) -> str:
    """The id's part before "_" when no other article shares it ("000_84cc…" -> "000")."""
    head = article.split("_")[0]
    if head == article or sum(1 for i in ids if i.split("_")[0] == head) > 1:
        return article
    return head


def _refs(citations: Sequence[Citation], ids: Sequence[str] = ()) -> str:
    return ", ".join(f"{_short(c.article, ids)}:{c.start}-{c.end}" for c in citations)


def _value_list(side, ids: Sequence[str] = ()) -> str:
    return "; ".join(f"{v.text} ({_short(v.article, ids)})" for v in side.values)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def brief_to_markdown(brief: Brief) -> str:
    """A terminal-friendly Markdown brief; citations as ``article:start-end``."""
    ids = [a for g in brief.provenance.groups for a in g]
    lines = [f"# {brief.headline.text if brief.headline else brief.label}", ""]
    if brief.headline:
        lines += [f"_{brief.label}_ — [{_refs(brief.headline.citations, ids)}]", ""]
    prov = brief.provenance
    lines += [f"{_count(prov.articles, 'article')}, {_count(prov.independent_sources, 'independent source')}.",
              "", "## Key points", ""]
    for k, p in enumerate(brief.points, 1):
        lines.append(f"{k}. {p.text} [{_refs(p.citations, ids)}]")
    if brief.conflicts:
        lines += ["", "## Conflicts", ""]
        for c in brief.conflicts:
            sides = " vs ".join(f"{_value_list(s, ids)} [{_count(s.independent_sources, 'source')}]" for s in c.sides)
            lines.append(f"- **{c.thing}** ({c.unit}): {sides}" + (f" — {c.note}" if c.note else ""))
    agreed = [g for g in brief.claims if g.verdict != "conflict" and len(g.articles) > 1]
    if agreed:
        lines += ["", "## Figures across sources", ""]
        for g in agreed:
            values = "; ".join(f"{v.claim.text} ({_short(v.claim.article, ids)})" for v in g.values)
            lines.append(f"- {g.thing}: {values} — {g.verdict.replace('_', ' ')}, {g.independent_sources} independent")
    if brief.quotes:
        lines += ["", "## Quotes", ""]
        for q in brief.quotes:
            also = f"; also {_refs(q.also, ids)}" if q.also else ""
            lines.append(f"- {q.speaker}: “{q.text}” [{_short(q.article, ids)}:{q.start}-{q.end}{also}]")
    if brief.timeline:
        lines += ["", "## Timeline", ""]
        for t in brief.timeline:
            event = f" **{t.event}**:" if t.event else ""
            lines.append(f"- {t.date} ({t.kind}){event} {t.text} [{_refs(t.citations, ids)}]")
    lines += ["", "## Provenance", ""]
    for s, d, r, w in prov.relations:
        lines.append(f"- {_short(d, ids)} is a {r} of {_short(s, ids)}" + (f" (direction: {w})" if w else ""))
    for a, n in prov.composites:
        lines.append(f"- {_short(a, ids)} is a composite of {n} parts")
    filler = sorted({f.article for f in prov.filler})
    for a in filler:
        count = sum(1 for f in prov.filler if f.article == a)
        lines.append(f"- {_short(a, ids)}: {count} filler paragraph(s) left out")
    groups = " | ".join(", ".join(_short(x, ids) for x in g) for g in prov.groups)
    lines.append(f"- independent groups: {groups}")
    return _no_raw_html("\n".join(lines) + "\n")


# A "<" that could open an HTML tag, comment, declaration or autolink in CommonMark.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")


def _no_raw_html(markdown: str) -> str:
    """Markdown whose article-derived text cannot become raw HTML in a renderer
    (``<script>`` from a title, ``<javascript:...>`` autolinks): each ``<`` that
    could open a tag becomes ``&lt;``; ``x < 5`` is left alone."""
    return _TAG_OPEN.sub("&lt;", markdown)


_CSS = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "h1{font-size:1.6rem}cite{font-style:normal;font-size:.8rem;color:#666}"
    ".conflict{background:#fff4e5;padding:.3rem .6rem}blockquote{margin:.5rem 0;padding-left:1rem;border-left:3px solid #ccc}"
    "details{margin:.5rem 0}pre{white-space:pre-wrap}"
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_refs(citations: Sequence[Citation]) -> str:
    return " ".join(
        f'<a href="#{_e(c.article)}" title="{_e(c.kind)}">[{_e(c.article)}:{c.start}-{c.end}]</a>' for c in citations
    )


def brief_to_html(brief: Brief, articles: Sequence[Article]) -> str:
    """One standalone HTML page: the brief, then each article's cited passages.

    Every string from an article (or derived from one) is escaped.
    """
    prov = brief.provenance
    title = brief.headline.text if brief.headline else brief.label
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(brief.label)} — {prov.articles} articles, {prov.independent_sources} independent sources</p>",
        "<h2>Key points</h2><ol>",
    ]
    for p in brief.points:
        out.append(f"<li>{_e(p.text)} <cite>{_html_refs(p.citations)}</cite></li>")
    out.append("</ol>")
    if brief.conflicts:
        out.append("<h2>Conflicts</h2><ul>")
        for c in brief.conflicts:
            sides = " <b>vs</b> ".join(
                _e(_value_list(s, [a.id for a in articles])) + f" ({s.independent_sources} source{'s' if s.independent_sources != 1 else ''})"
                for s in c.sides
            )
            out.append(f'<li class="conflict"><b>{_e(c.thing)}</b> ({_e(c.unit)}): {sides}</li>')
        out.append("</ul>")
    if brief.quotes:
        out.append("<h2>Quotes</h2>")
        for q in brief.quotes:
            refs = _html_refs((Citation(q.article, q.start, q.end), *q.also))
            out.append(f"<blockquote>“{_e(q.text)}” — {_e(q.speaker)} <cite>{refs}</cite></blockquote>")
    if brief.timeline:
        out.append("<h2>Timeline</h2><ul>")
        for t in brief.timeline:
            event = f" <b>{_e(t.event)}</b>:" if t.event else ""
            out.append(f"<li><b>{_e(t.date)}</b> <i>{_e(t.kind)}</i>{event} {_e(t.text)} <cite>{_html_refs(t.citations)}</cite></li>")
        out.append("</ul>")
    out.append("<h2>Provenance</h2><ul>")
    for s, d, r, w in prov.relations:
        out.append(f"<li>{_e(d)} is a {_e(r)} of {_e(s)}</li>")
    for a, n in prov.composites:
        out.append(f"<li>{_e(a)} is a composite of {n} parts</li>")
    for f in prov.filler:
        out.append(f"<li>filler left out: {_e(f.article)} {f.start}-{f.end}</li>")
    out.append("</ul><h2>Sources</h2>")
    cited: dict[str, list[Citation]] = {}
    for p in (*((brief.headline,) if brief.headline else ()), *brief.points):
        for c in p.citations:
            cited.setdefault(c.article, []).append(c)
    for article in articles:
        if article.id not in cited and article.id not in {x for g in prov.groups for x in g}:
            continue
        head = article.title or article.id
        out.append(f'<details id="{_e(article.id)}"><summary>{_e(article.id)} — {_e(head)}'
                   f"{(' (' + _e(article.outlet) + ')') if article.outlet else ''}</summary>")
        for c in sorted(cited.get(article.id, []), key=lambda c: c.start):
            out.append(f"<p><cite>{c.start}-{c.end}</cite> {_e(article.text[c.start:c.end])}</p>")
        out.append("</details>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
