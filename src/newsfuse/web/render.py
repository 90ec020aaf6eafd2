"""HTML fragments built in Python: highlighted article text and the provenance graph.

Article text is hostile input. Every function here escapes each piece of text
it emits (``markupsafe.escape``) and returns ``Markup`` only for the markup it
wrote itself, so templates can insert the result without ``|safe`` on any
article-derived string.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence
from urllib.parse import quote

from markupsafe import Markup, escape

__all__ = ["Mark", "article_url", "story_url", "number", "highlight", "paragraph_html", "provenance_svg"]


def article_url(article_id: str, start: int | None = None, end: int | None = None) -> str:
    """Path of an article page; with ``start``/``end`` the range is marked as cited.

    Example:
        >>> article_url("a/b", 3, 9)
        '/articles/a%2Fb?start=3&end=9#cited'
    """
    url = "/articles/" + quote(str(article_id), safe="")
    if start is not None and end is not None:
        url += f"?start={int(start)}&end={int(end)}#cited"
    return url


def number(value: object) -> str:
    """A claim value for people: thousands separated, no trailing ``.0``.

    Example:
        >>> number(60000000000.0), number(2.5), number("n/a")
        ('60,000,000,000', '2.5', 'n/a')
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return f"{int(value):,}"


def story_url(story_id: str) -> str:
    return "/stories/" + quote(str(story_id), safe="")


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted range ``[start, end)`` of one text.

    ``css`` is a class list written by this package (never article text);
    ``title`` and ``href`` are escaped when emitted; ``anchor`` becomes the
    element id at the first segment of the range.
    """

    start: int
    end: int
    css: str
    title: str = ""
    href: str | None = None
    anchor: str | None = None


def highlight(text: str, start: int, end: int, marks: Iterable[Mark] = ()) -> Markup:
    """``text[start:end]`` as escaped HTML with the marked ranges wrapped.

    Overlapping marks are split at every boundary; a piece covered by several
    marks takes the first one's element and all of their titles.

    Example:
        >>> str(highlight("a <b> c", 0, 7, [Mark(2, 5, "shared", title='x"y')]))
        'a <mark class="shared" title="x&#34;y">&lt;b&gt;</mark> c'
    """
    start, end = max(0, start), min(len(text), end)
    inside = [m for m in marks if m.end > start and m.start < end and m.end > m.start]
    cuts = sorted({start, end, *(max(start, m.start) for m in inside), *(min(end, m.end) for m in inside)})
    anchored: set[str] = set()
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(text[a:b])
        covering = [m for m in inside if m.start <= a and m.end >= b]
        if not covering:
            out.append(piece)
            continue
        first = covering[0]
        attrs = [f'class="{escape(" ".join(dict.fromkeys(c for m in covering for c in m.css.split())))}"']
        titles = [m.title for m in covering if m.title]
        if titles:
            attrs.append(f'title="{escape("; ".join(dict.fromkeys(titles)))}"')
        for m in covering:
            if m.anchor and m.anchor not in anchored and a == max(start, m.start):
                anchored.add(m.anchor)
                attrs.insert(0, f'id="{escape(m.anchor)}"')
                break
        if first.href:
            out.append(Markup(f'<a href="{escape(first.href)}" {" ".join(attrs)}>') + piece + Markup("</a>"))
        else:
            out.append(Markup(f"<mark {' '.join(attrs)}>") + piece + Markup("</mark>"))
    return Markup("").join(out)


def paragraph_html(text: str, paragraphs: Sequence[dict], marks: Sequence[Mark] = ()) -> Markup:
    """The clean text as ``<p>``/``<h2>`` blocks (one per stored paragraph), marks applied.

    Args:
        paragraphs: ``{"start", "end", "kind"}`` dicts as in ``show --json``;
            when empty the whole text is one paragraph.
    """
    blocks = paragraphs or [{"start": 0, "end": len(text), "kind": "body"}]
    out: list[Markup] = []
    for p in blocks:
        inner = highlight(text, int(p["start"]), int(p["end"]), marks)
        if p.get("kind") == "heading":
            out.append(Markup('<h3 class="para-heading">') + inner + Markup("</h3>"))
        else:
            kind = "".join(ch for ch in str(p.get("kind") or "body") if ch.isalnum() or ch == "-")
            out.append(Markup(f'<p class="para para-{kind}">') + inner + Markup("</p>"))
    return Markup("\n").join(out)


# -- provenance graph ----------------------------------------------------------

_NODE_W, _NODE_H, _COL_GAP, _ROW_GAP, _PAD = 250, 58, 150, 28, 20


def _shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _levels(node_ids: list[str], edges: list[dict]) -> dict[str, int]:
    """Column of each node: 0 for sources, one right of the deepest source it copies."""
    level = {n: 0 for n in node_ids}
    for _ in range(len(node_ids)):  # longest path; bounded so a cycle cannot loop forever
        changed = False
        for e in edges:
            s, d = e.get("source"), e.get("derived")
            if s in level and d in level and level[d] < level[s] + 1 and level[s] + 1 < len(node_ids):
                level[d] = level[s] + 1
                changed = True
        if not changed:
            break
    return level


def provenance_svg(provenance: dict, *, current: str | None = None) -> Markup:
    """Inline SVG of who copied whom: a box per article, an arrow source -> derived.

    Arrows carry the relation and score; boxes link to the article page and are
    coloured by independent-source group; composites get a dashed border.
    Every label is escaped.
    """
    nodes = list(provenance.get("nodes") or [])
    edges = [e for e in provenance.get("edges") or [] if e.get("source") is not None]
    if not nodes:
        return Markup('<p class="empty">No articles to draw.</p>')
    ids = [str(n["id"]) for n in nodes]
    level = _levels(ids, edges)
    group_of = {str(a): i for i, g in enumerate(provenance.get("groups") or []) for a in g}
    composites = {str(c.get("article") if isinstance(c, dict) else c) for c in provenance.get("composites") or []}
    filler = {str(f.get("article") if isinstance(f, dict) else f) for f in provenance.get("filler") or []}

    columns: dict[int, list[str]] = {}
    for node_id in ids:
        columns.setdefault(level[node_id], []).append(node_id)
    pos: dict[str, tuple[int, int]] = {}
    for col, members in columns.items():
        for row, node_id in enumerate(members):
            pos[node_id] = (_PAD + col * (_NODE_W + _COL_GAP), _PAD + row * (_NODE_H + _ROW_GAP))
    width = _PAD * 2 + (max(columns) + 1) * _NODE_W + max(columns) * _COL_GAP
    height = _PAD * 2 + max(len(m) for m in columns.values()) * (_NODE_H + _ROW_GAP) - _ROW_GAP

    parts = [
        f'<svg class="provenance-graph" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        "<title>Provenance graph: an arrow goes from the source to the article that copied it</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker></defs>',
    ]
    for e in edges:
        s, d = str(e["source"]), str(e.get("derived"))
        if s not in pos or d not in pos:
            continue
        (sx, sy), (dx, dy) = pos[s], pos[d]
        x1, y1 = sx + _NODE_W, sy + _NODE_H / 2
        x2, y2 = dx, dy + _NODE_H / 2
        if dx <= sx:  # same column (or a cycle): bow out to the right
            x1, x2 = sx + _NODE_W, dx + _NODE_W
            mid_x = max(x1, x2) + 60
            path = f"M{x1},{y1} C{mid_x},{y1} {mid_x},{y2} {x2},{y2}"
            lx, ly = mid_x - 20, (y1 + y2) / 2
        else:
            path = f"M{x1},{y1} C{(x1 + x2) / 2},{y1} {(x1 + x2) / 2},{y2} {x2},{y2}"
            lx, ly = (x1 + x2) / 2, (y1 + y2) / 2 - 6
        relation = str(e.get("relation") or "related")
        score = e.get("score")
        label = relation + (f" {float(score):.2f}" if isinstance(score, (int, float)) else "")
        css = "edge rel-" + "".join(ch for ch in relation if ch.isalnum() or ch == "-")
        passages = len(e.get("passages") or [])
        parts.append(
            f'<g class="{escape(css)}" data-source="{escape(s)}" data-derived="{escape(d)}">'
            f"<title>{escape(d)} is a {escape(relation)} of {escape(s)} ({passages} shared passages)</title>"
            f'<path d="{path}" marker-end="url(#arrow)"/>'
            f'<text x="{lx}" y="{ly}" text-anchor="middle" class="edge-label">{escape(label)}</text></g>'
        )
    for n in nodes:
        node_id = str(n["id"])
        x, y = pos[node_id]
        css = ["node", f"group-{group_of[node_id] % 6}" if node_id in group_of else "group-none"]
        if node_id in composites:
            css.append("composite")
        if node_id in filler:
            css.append("filler")
        if node_id == current:
            css.append("current")
        label = n.get("label") or node_id
        outlet = n.get("outlet") or "unknown outlet"
        parts.append(
            f'<a href="{escape(article_url(node_id))}" class="{" ".join(css)}" data-id="{escape(node_id)}">'
            f"<title>{escape(label)} — {escape(outlet)} ({escape(node_id)})</title>"
            f'<rect x="{x}" y="{y}" width="{_NODE_W}" height="{_NODE_H}" rx="6"/>'
            f'<text x="{x + 10}" y="{y + 22}" class="node-label">{escape(_shorten(label, 30))}</text>'
            f'<text x="{x + 10}" y="{y + 42}" class="node-sub">{escape(_shorten(outlet, 18))} · '
            f"{escape(_shorten(node_id, 14))}</text></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
