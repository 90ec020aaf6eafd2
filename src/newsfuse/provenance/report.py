"""Provenance of a set of articles: relations, composites, filler, independence.

The stage runs over a batch of articles: candidates from the blocks, an
alignment per candidate pair, a relation per aligned pair, then per-article
findings (composite pages, filler) and the grouping of articles into
independent sources (a reprint or rewrite of one report counts once).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Sequence, cast

from ..model import Article
from ..serialize import to_json
from .align import AlignConfig, align
from .budget import BudgetConfig, PairBudget
from .candidates import CandidateConfig, NeighbourConfig, candidate_pairs
from .composite import Composite, CompositeConfig, breaks_own_style, find_composite
from .document import (CompositeDoc, CompositePartDoc, Direction, FillerDoc, ProvenanceDoc, RelationDoc,
                       RelationKind, lines_of, passage_doc)
from .filler import FillerConfig, FillerParagraph, find_filler_by_story
from .relation import ALGORITHM, Relation, RelationConfig, classify, orient

__all__ = ["ProvenanceConfig", "ProvenanceReport", "build_provenance", "independent_groups"]


@dataclass(frozen=True)
class ProvenanceConfig:
    """Stage parameters. ``screen`` aligns every candidate pair lexically;
    only pairs whose screen shows a run of ``screen_min_run`` sentences or
    covers ``screen_min_coverage`` of either article go on. Of those, pairs
    whose screen is already copied text (mean word-trigram containment of its
    links at least ``relation.verbatim_lexical``) are aligned and labelled on
    the lexical similarity alone; the rest are embedded and aligned in meaning
    (embedding is the slow step). ``lexical_verbatim=False`` embeds every pair.
    Filler is judged per article against its own story (``neighbours``), so
    a store of any size is judged; ``filler_max_articles`` (when set) skips it
    for larger sets (0: never judged). ``budget`` bounds each pair's matrix and
    each article's alignment time (a pair over it is skipped and named in the
    report's notes)."""

    candidates: CandidateConfig = CandidateConfig()
    screen: AlignConfig = AlignConfig(threshold=0.3, attach_threshold=0.4)
    screen_min_run: int = 2
    screen_min_coverage: float = 0.2
    align: AlignConfig = AlignConfig()
    relation: RelationConfig = RelationConfig()
    composite: CompositeConfig = CompositeConfig()
    filler: FillerConfig = FillerConfig()
    neighbours: NeighbourConfig = NeighbourConfig()
    filler_max_articles: int | None = None
    lexical_verbatim: bool = True
    budget: BudgetConfig = BudgetConfig()


@dataclass
class ProvenanceReport:
    articles: list[Article]
    relations: list[Relation]
    composites: list[Composite]
    filler: list[FillerParagraph]
    groups: list[list[str]]
    candidates: int = 0
    screened: int = 0
    notes: list[str] = field(default_factory=list)

    def document(self) -> ProvenanceDoc:
        """The report as its JSON contract's typed record."""
        by_id = {a.id: a for a in self.articles}
        relations = []
        for rel in self.relations:
            al = rel.alignment
            source_is_a = al.a.id == rel.source
            src, der = by_id[rel.source], by_id[rel.derived]
            passages = []
            for p in al.passages:
                s_span, d_span = (p.a_span, p.b_span) if source_is_a else (p.b_span, p.a_span)
                s_par, d_par = (p.a_paragraph, p.b_paragraph) if source_is_a else (p.b_paragraph, p.a_paragraph)
                passages.append(passage_doc(src, der, (s_span.start, s_span.end), (d_span.start, d_span.end),
                                            s_par, d_par, p.score, p.lexical))
            relations.append(RelationDoc(
                source=rel.source, derived=rel.derived, relation=RelationKind(rel.relation), score=rel.score,
                direction=Direction(rel.direction), evidence=rel.evidence, algorithm=rel.algorithm,
                passages=tuple(passages),
            ))
        composites = tuple(
            CompositeDoc(
                article=c.article,
                evidence=tuple(c.evidence),
                parts=tuple(
                    CompositePartDoc(start=part.start, end=part.end, source=f"report {part.group}", group=part.group,
                                     style=part.style, shared_with=tuple(part.shared_with),
                                     lines=lines_of(by_id[c.article], part.paragraphs))
                    for part in c.parts
                ),
            )
            for c in self.composites
        )
        filler = tuple(
            FillerDoc(article=f.article, start=f.start, end=f.end,
                      line=by_id[f.article].paragraphs[f.paragraph].line, best_support=f.best_support,
                      text=by_id[f.article].text[f.start : f.end])
            for f in self.filler
        )
        return ProvenanceDoc(
            relations=tuple(relations), composites=composites,
            independent_groups=tuple(tuple(g) for g in self.groups), filler=filler,
            articles=len(self.articles), candidate_pairs=self.candidates, aligned_pairs=self.screened,
            algorithm=ALGORITHM, notes=tuple(self.notes),
        )

    def to_json(self) -> dict[str, Any]:
        """The ``provenance --json`` document (keys are a contract; add, never remove)."""
        return cast("dict[str, Any]", to_json(self.document()))


def independent_groups(ids: Sequence[str], links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Articles linked by shared text (any relation) fall in one group; sorted by size.

    Args:
        links: ``(source, derived)`` id pairs, one per relation.
    """
    parent = {i: i for i in ids}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(root(i), []).append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


def _settle_verbatim(relation: Relation, composite_ids: set[str], config: RelationConfig) -> Relation:
    """Label and direction of copied (verbatim) text, once composites are known.

    Copied text inside a composite page is a partial copy, not a reprint. Its
    direction cannot come from rewriting marks (the text is the same): the
    composite page is the derived one; otherwise the side whose shared
    paragraphs break its own quote style pasted them in, unless the copy is
    a much smaller share of that side than of the other (then undetermined).
    """
    if relation.evidence.get("mean_lexical", 0.0) < config.verbatim_lexical:
        return relation
    if relation.relation is RelationKind.REPRINT and composite_ids & {relation.source, relation.derived}:
        relation = replace(relation, relation=RelationKind.PARTIAL)
    if relation.relation is RelationKind.DUPLICATE or relation.direction is Direction.DATES:
        return relation
    in_composite = composite_ids & {relation.source, relation.derived}
    if len(in_composite) == 1:
        (derived,) = in_composite
        other = relation.source if derived == relation.derived else relation.derived
        return orient(relation, other, Direction.COMPOSITE)
    breaks = {side: _breaks_style(relation, side) for side in (relation.source, relation.derived)}
    if breaks[relation.source] != breaks[relation.derived]:
        derived = relation.source if breaks[relation.source] else relation.derived
        other = relation.derived if derived == relation.source else relation.source
        if _share(relation, derived) * 2 >= _share(relation, other):
            return orient(relation, other, Direction.QUOTE_STYLE)
        # The page that would be derived holds the shared text as a small part
        # of itself, while it is much of the other page: a long original whose
        # quoted paragraphs look unlike the rest, not a paster.
    return replace(relation, direction=Direction.UNDETERMINED)


def _share(relation: Relation, article_id: str) -> float:
    """The share of ``article_id``'s sentences that the relation's alignment covers."""
    alignment = relation.alignment
    return alignment.a_coverage if alignment.a.id == article_id else alignment.b_coverage


def _breaks_style(relation: Relation, article_id: str) -> bool:
    alignment = relation.alignment
    article = alignment.a if alignment.a.id == article_id else alignment.b
    paragraphs = {p.a_paragraph if alignment.a.id == article_id else p.b_paragraph for p in alignment.passages}
    return breaks_own_style(article, paragraphs)


def _one_blas_thread() -> AbstractContextManager:
    """BLAS on one thread while aligning (restored on exit).

    Alignment multiplies thousands of tiny sentence matrices; threaded BLAS
    spends more waking its threads than multiplying (measured: 3.4x the CPU
    time of one thread on the lexical screen of 1,008 pairs, on 2 cores).
    """
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn
    except ImportError:  # pragma: no cover
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _classify_copied(a: Article, b: Article, lexical, config: ProvenanceConfig) -> Relation | None:
    """The relation of a pair the screen found copied, aligned on word n-grams (no embedding).

    Copied sentences score near 1 on either similarity, so the alignment and
    label are the ones embeddings give; None when the result is not plain
    copying (then the pair is aligned in meaning, as any other).
    """
    relation = classify(align(a, b, lexical, config.align), config.relation)
    if relation is None or relation.evidence.get("mean_lexical", 0.0) < config.relation.verbatim_lexical:
        return None
    return replace(relation, evidence={**relation.evidence, "aligned_without_embedding": 1.0})


def build_provenance(
    articles: Sequence[Article],
    similarity,
    config: ProvenanceConfig = ProvenanceConfig(),
    paraphrase=None,
) -> ProvenanceReport:
    """Run the provenance stage over a set of articles.

    Args:
        similarity: sentence similarity model (``EmbeddingSimilarity``);
            its cache is reused across pairs, so each article is embedded once.
        paraphrase: sentence-pair scorer used to confirm rewrites
            (``ParaphraseScorer``); None skips that check.
    """
    from .similarity import LexicalSimilarity

    articles = list(articles)
    by_id = {a.id: a for a in articles}
    pairs = candidate_pairs(articles, config.candidates)
    lexical = LexicalSimilarity()
    lexical.prefetch([by_id[i] for i in sorted({i for pair in pairs for i in pair})])
    promising, verbatim = [], []
    relations: list[Relation] = []
    budget = PairBudget(config.budget)
    with _one_blas_thread():
        for a_id, b_id in sorted(pairs):
            a, b = by_id[a_id], by_id[b_id]
            if not budget.allows(a, b):
                continue
            with budget.charge(a, b):
                screen = align(a, b, lexical, config.screen)
            if screen.longest_run >= config.screen_min_run or max(screen.a_coverage, screen.b_coverage) >= config.screen_min_coverage:
                copied = config.lexical_verbatim and screen.mean_lexical >= config.relation.verbatim_lexical
                (verbatim if copied else promising).append((a_id, b_id))
        screened = len(promising) + len(verbatim)
        for a_id, b_id in verbatim:
            a, b = by_id[a_id], by_id[b_id]
            if not budget.allows(a, b):
                continue
            with budget.charge(a, b):
                relation = _classify_copied(a, b, lexical, config)
            if relation is None:
                promising.append((a_id, b_id))  # not plain copying after all: align in meaning
            else:
                relations.append(relation)
    if hasattr(similarity, "prefetch"):
        similarity.prefetch([by_id[i] for i in sorted({i for pair in promising for i in pair})])
    with _one_blas_thread():
        for a_id, b_id in promising:
            a, b = by_id[a_id], by_id[b_id]
            if not budget.allows(a, b):
                continue
            with budget.charge(a, b):
                relation = classify(align(a, b, similarity, config.align), config.relation, paraphrase)
            if relation is not None:
                relations.append(relation)
    relations.sort(key=lambda r: (r.alignment.a.id, r.alignment.b.id))
    # Each article is judged with its own relations only (all of them per
    # article would make this quadratic in the corpus).
    touching: dict[str, list[Relation]] = {}
    for relation in relations:
        touching.setdefault(relation.source, []).append(relation)
        touching.setdefault(relation.derived, []).append(relation)
    composites = [
        c for a in articles if (c := find_composite(a, touching.get(a.id, []), config.composite)) is not None
    ]
    relations = [_settle_verbatim(r, {c.article for c in composites}, config.relation) for r in relations]
    notes: list[str] = list(budget.notes)
    if config.filler_max_articles is None or len(articles) <= config.filler_max_articles:
        filler = find_filler_by_story(articles, similarity, config.filler, config.neighbours)
    else:
        filler = []
        notes.append(f"filler not judged: {len(articles)} articles is more than filler_max_articles")
    return ProvenanceReport(
        articles=articles,
        relations=relations,
        composites=composites,
        filler=filler,
        groups=independent_groups([a.id for a in articles], ((r.source, r.derived) for r in relations)),
        candidates=len(pairs),
        screened=screened,
        notes=notes,
    )
