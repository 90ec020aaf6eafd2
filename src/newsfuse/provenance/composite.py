"""Composite pages: one article stitched from two or more source texts.

Two kinds of evidence. External: the article's passages align with
different articles in different regions, counting only regions it took (an
original whose parts two pages copied is the source side of both, not a
composite). Internal: house style is
consistent within a report and differs between outlets, so a page whose
paragraphs switch between straight and curly quotes and apostrophes, in
runs, was assembled from more than one text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..model import Article, ParagraphKind
from .relation import Relation

__all__ = [
    "CompositeConfig",
    "CompositePart",
    "Composite",
    "paragraph_styles",
    "dominant_style",
    "breaks_own_style",
    "find_composite",
]

_STRAIGHT = re.compile(r"[\"]|(?<=\w)'(?=\w)")
_CURLY = re.compile(r"[“”]|(?<=\w)’(?=\w)")


@dataclass(frozen=True)
class CompositeConfig:
    """``min_styled_paragraphs``/``min_share``: each quote style's paragraphs
    (internal evidence). ``min_undirected_share``: when the direction of some
    stitched region is undetermined, the regions taken from articles that
    share disjoint regions must cover this share of the body paragraphs (a
    stitched page is mostly its sources; an original two pages copied parts
    of is mostly its own)."""

    min_styled_paragraphs: int = 3
    min_share: float = 0.15
    min_undirected_share: float = 0.6


@dataclass(frozen=True, slots=True)
class CompositePart:
    start: int
    end: int
    group: str
    style: str
    paragraphs: tuple[int, ...]
    shared_with: tuple[str, ...]


@dataclass(frozen=True)
class Composite:
    article: str
    parts: tuple[CompositePart, ...]
    evidence: tuple[str, ...]


def paragraph_styles(article: Article) -> list[str | None]:
    """Per paragraph: "straight", "curly", or None (no quotes or apostrophes)."""
    styles: list[str | None] = []
    for paragraph in article.paragraphs:
        text = article.paragraph_text(paragraph)
        # only whether each style occurs matters; most paragraphs lack one style's marks entirely
        straight = ('"' in text or "'" in text) and _STRAIGHT.search(text) is not None
        curly = ("“" in text or "”" in text or "’" in text) and _CURLY.search(text) is not None
        if straight and not curly:
            styles.append("straight")
        elif curly and not straight:
            styles.append("curly")
        else:
            styles.append(None)
    return styles


def _fill(styles: list[str | None], shared: set[int] = frozenset(), headings: set[int] = frozenset()) -> list[str | None]:
    """Give paragraphs without marks the style of the run they belong to.

    Between two paragraphs of the same style, that style. At a switch, a
    paragraph goes with the side it shares text with: with the neighbour that
    aligns with another article if it aligns too, else with the other one; a
    heading with no other evidence opens the next run.
    """
    n = len(styles)
    prev_at = [None] * n
    next_at = [None] * n
    last = None
    for i in range(n):
        prev_at[i] = last
        if styles[i] is not None:
            last = i
    last = None
    for i in range(n - 1, -1, -1):
        next_at[i] = last
        if styles[i] is not None:
            last = i
    filled = list(styles)
    for i in range(n):
        if styles[i] is not None:
            continue
        p, q = prev_at[i], next_at[i]
        if p is None or q is None:
            filled[i] = styles[q] if p is None and q is not None else (styles[p] if p is not None else None)
        elif styles[p] == styles[q]:
            filled[i] = styles[p]
        elif shared and (p in shared) != (q in shared):
            aligned_side = p if p in shared else q
            other_side = q if aligned_side == p else p
            filled[i] = styles[aligned_side] if i in shared else styles[other_side]
        else:
            filled[i] = styles[q] if i in headings else styles[p]
    return filled


def find_composite(
    article: Article, relations: Sequence[Relation], config: CompositeConfig = CompositeConfig()
) -> Composite | None:
    """The article's parts if it is stitched from several texts, else None."""
    styles = paragraph_styles(article)
    body = [i for i, p in enumerate(article.paragraphs) if p.kind is ParagraphKind.BODY]
    definite = {s: sum(1 for i in body if styles[i] == s) for s in ("straight", "curly")}
    evidence: list[str] = []
    styled_total = sum(definite.values())
    internal = styled_total > 0 and all(
        n >= config.min_styled_paragraphs and n / styled_total >= config.min_share for n in definite.values()
    )
    if internal:
        evidence.append(
            f"quote style switches: {definite['straight']} paragraphs with straight quotes/apostrophes, "
            f"{definite['curly']} with curly ones"
        )
    shared = _shared_regions(article, relations)
    if internal:
        internal = _styles_come_in_blocks(styles, shared, article)
        if not internal:
            evidence.clear()
    external = _stitched(article, [r for r in relations if not _is_source_side(article, r)], config)
    if external:
        evidence.append("passages align with different articles in different regions")
    if not (internal or external):
        return None
    aligned = set().union(*(paras for _, paras in shared)) if shared else set()
    headings = {i for i, p in enumerate(article.paragraphs) if p.kind is ParagraphKind.HEADING}
    labels = _fill(styles, aligned, headings) if internal else _partner_labels(article, shared)
    parts = _runs(article, labels, shared)
    if len({p.group for p in parts}) < 2:
        return None
    return Composite(article=article.id, parts=tuple(parts), evidence=tuple(evidence))


def _styles_come_in_blocks(styles: list[str | None], shared, article: Article) -> bool:
    """Each run of one style must hold at least two marked paragraphs.

    A single paragraph in the other style is a pasted quote or a typo, not a
    second source; stitched pages switch style in blocks.
    """
    aligned = set().union(*(paras for _, paras in shared)) if shared else set()
    headings = {i for i, p in enumerate(article.paragraphs) if p.kind is ParagraphKind.HEADING}
    filled = _fill(styles, aligned, headings)
    run_marked: list[int] = []
    previous = object()
    for label, style in zip(filled, styles):
        if label != previous:
            run_marked.append(0)
            previous = label
        if style is not None:
            run_marked[-1] += 1
    return len(run_marked) >= 2 and min(run_marked) >= 2


def dominant_style(article: Article) -> str | None:
    """The quote style most of an article's marked paragraphs use."""
    styles = [s for s in paragraph_styles(article) if s]
    if not styles:
        return None
    straight = styles.count("straight")
    return "straight" if straight * 2 > len(styles) else "curly" if straight * 2 < len(styles) else None


def _shared_regions(article: Article, relations: Sequence[Relation]) -> list[tuple[str, set[int]]]:
    regions = []
    for relation in relations:
        alignment = relation.alignment
        if alignment.a.id == article.id:
            partner, paragraphs = alignment.b.id, {p.a_paragraph for p in alignment.passages}
        elif alignment.b.id == article.id:
            partner, paragraphs = alignment.a.id, {p.b_paragraph for p in alignment.passages}
        else:
            continue
        regions.append((partner, paragraphs))
    return regions


def _is_source_side(article: Article, relation: Relation) -> bool:
    """True when the other article of ``relation`` took its shared text from ``article``.

    An original whose parts two pages copied shares different regions with
    different articles too; only text the article took counts as stitching.
    The relation's direction decides; when it is undetermined, a quote-style
    break does: the side whose shared paragraphs break its own house style
    pasted them in. With no evidence either way the region counts.
    """
    if relation.direction != "undetermined":
        return relation.source == article.id
    alignment = relation.alignment
    partner = alignment.b if alignment.a.id == article.id else alignment.a
    mine = {p.a_paragraph if alignment.a.id == article.id else p.b_paragraph for p in alignment.passages}
    theirs = {p.b_paragraph if alignment.a.id == article.id else p.a_paragraph for p in alignment.passages}
    return breaks_own_style(partner, theirs) and not breaks_own_style(article, mine)


def breaks_own_style(article: Article, paragraphs: set[int]) -> bool:
    """The article's marked ``paragraphs`` all use the quote style the rest of it does not."""
    own = dominant_style(article)
    styles = paragraph_styles(article)
    marked = [styles[i] for i in paragraphs if styles[i]]
    return bool(own and marked and all(s != own for s in marked))


def _stitched(article: Article, taken: Sequence[Relation], config: CompositeConfig) -> bool:
    """External evidence: the article took disjoint regions from two or more articles.

    A region strictly inside one the article shares with a reprint or duplicate of
    itself is explained by that copy (two pages copying parts of the same
    original share those parts with the original's reprints too). With an
    undetermined direction among the rest, their regions must also make up
    most of the article (``min_undirected_share`` of its body paragraphs).
    """
    taken = [r for r in taken if article.id in (r.alignment.a.id, r.alignment.b.id)]
    regions = _shared_regions(article, taken)  # one per relation, in order
    copies = [
        (partner, paragraphs)
        for (partner, paragraphs), relation in zip(regions, taken)
        if relation.relation in ("duplicate", "reprint")
    ]
    regions = [
        (partner, paragraphs)
        for partner, paragraphs in regions
        if not any(other != partner and paragraphs < whole for other, whole in copies)
    ]
    stitched = {
        i
        for i, (partner, first) in enumerate(regions)
        for other, second in regions
        if other != partner and first and second and (max(first) < min(second) or max(second) < min(first))
    }
    if len({regions[i][0] for i in stitched}) < 2:
        return False
    partners = {regions[i][0] for i in stitched}
    undirected = any(
        r.direction == "undetermined" and ({r.source, r.derived} - {article.id}) & partners for r in taken
    )
    if not undirected:
        return True
    body = sum(1 for p in article.paragraphs if p.kind is ParagraphKind.BODY)
    covered = set().union(*(regions[i][1] for i in stitched))
    return body > 0 and len(covered) / body >= config.min_undirected_share


def _partner_labels(article: Article, shared: list[tuple[str, set[int]]]) -> list[str | None]:
    labels: list[str | None] = [None] * len(article.paragraphs)
    for partner, paragraphs in shared:
        for index in paragraphs:
            labels[index] = partner
    return _fill(labels)


def _runs(article: Article, labels: list[str | None], shared: list[tuple[str, set[int]]]) -> list[CompositePart]:
    groups: dict[str, str] = {}
    parts: list[CompositePart] = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i < len(labels) and labels[i] == labels[start]:
            continue
        label = labels[start] or "unmarked"
        group = groups.setdefault(label, "ABCDEFGH"[len(groups) % 8])
        indexes = tuple(range(start, i))
        partners = tuple(sorted({p for p, paras in shared if paras & set(indexes)}))
        parts.append(
            CompositePart(
                start=article.paragraphs[start].start,
                end=article.paragraphs[i - 1].end,
                group=group,
                style=label if label in ("straight", "curly") else "aligned",
                paragraphs=indexes,
                shared_with=partners,
            )
        )
        start = i
    return parts
