"""Bounded cost on adversarial text (issue 21, H1 H2 M5 M6 and the per-article budget).

Each test generates its hostile input and bounds its own run time, so a
return of the quadratic (or worse) algorithms fails here, not in a user's store.
"""

from __future__ import annotations

import random
import time

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.clean import Cleaner
from newsfuse.ingest import read_inputs
from newsfuse.provenance.align import AlignConfig, _heaviest_chain, align
from newsfuse.provenance.similarity import LexicalSimilarity

_FIRST = ["Maria", "James", "Aisha", "Tom", "Li", "Carlos", "Fatima", "Peter", "Anna", "Raj"]
_LAST = ["Smith", "Garcia", "Khan", "Nguyen", "Brown", "Okafor", "Rossi", "Muller", "Silva", "Cohen"]


def _reference_chain(cells):
    """The quadratic heaviest chain the fast one replaced (kept here as the oracle)."""
    if not cells:
        return []
    cells = sorted(cells)
    best = [w for _, _, w in cells]
    back = [-1] * len(cells)
    for k, (i, j, w) in enumerate(cells):
        for q in range(k):
            pi, pj, _ = cells[q]
            if pi < i and pj < j and best[q] + w > best[k]:
                best[k] = best[q] + w
                back[k] = q
    k = int(np.argmax(best))
    chain = []
    while k >= 0:
        chain.append(cells[k])
        k = back[k]
    return chain[::-1]


# Weights in sixteenths (zero included) add exactly, so ties are real ties
# and the tie-breaking of both versions is compared, not float noise.
_cells = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 7), st.integers(0, 16).map(lambda k: k / 16)),
    max_size=40,
    unique_by=lambda c: (c[0], c[1]),
)


@settings(max_examples=400, deadline=None)
@given(_cells)
def test_bounded_heaviest_chain_equals_quadratic_reference(cells):
    assert _heaviest_chain(cells) == _reference_chain(cells)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.floats(0, 0.25)), max_size=80,
                unique_by=lambda c: (c[0], c[1])))
def test_bounded_heaviest_chain_equals_reference_on_real_weights(cells):
    assert _heaviest_chain(cells) == _reference_chain(cells)


def _results_page(lines: int, seed: int = 1) -> str:
    """An election results page: hundreds of near-identical lines (the dense-cells worst case)."""
    r = random.Random(seed)
    rows = [
        f"In District {i}, {r.choice(_FIRST)} {r.choice(_LAST)} (Democrat) won {r.randint(5000, 60000):,} votes "
        f"to {r.randint(5000, 60000):,} for {r.choice(_FIRST)} {r.choice(_LAST)} (Republican), "
        f"with {r.randint(80, 100)}% of precincts reporting."
        for i in range(1, lines + 1)
    ]
    body = "\n\n".join(" ".join(rows[i : i + 3]) for i in range(0, lines, 3))
    return "State election officials released the final district results on Wednesday night.\n\n" + body + "\n"


def _clean(folder, docs: dict[str, str]):
    """Articles as ``newsfuse ingest`` would store them, by file stem."""
    for name, text in docs.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return {a.id: a for a in Cleaner().clean_batch(list(read_inputs([str(folder)])))}


def test_bounded_verbatim_reprint_of_60kb_results_page_aligns_fast(tmp_path):
    body = _results_page(465)
    assert len(body) > 60_000
    articles = _clean(tmp_path, {"wire": "Final results in state house races\n\n" + body,
                       "reprint": "Election results: state house\n\n" + body})
    lexical = LexicalSimilarity()
    started = time.process_time()  # CPU: the bound must hold on a busy machine too
    alignment = align(articles["wire"], articles["reprint"], lexical, AlignConfig(threshold=0.3))
    elapsed = time.process_time() - started
    assert elapsed < 5.0, f"alignment took {elapsed:.1f} s"
    assert alignment.a_coverage > 0.99 and alignment.b_coverage > 0.99
    assert all(link.a == link.b for link in alignment.links if link.backbone)


def _reference_cluster(claims, config, dates, composites):
    """The all-pairs average-link grouping the sparse one replaced (the oracle)."""
    from newsfuse.reconcile.groups import _far_apart, _families_compatible, _unit_terms, unit_family
    from newsfuse.reconcile.terms import idf, proper_terms, terms, thing_similarity
    from newsfuse.reconcile.values import interval, overlaps

    def times_compatible(a, b):
        pa, pb = a.period.strip(), b.period.strip()
        return pa.startswith(pb) or pb.startswith(pa) if pa and pb else True

    bags = [terms(c.thing) + [t for t in _unit_terms(c) if t not in terms(c.thing)] for c in claims]
    propers = [proper_terms(c.thing) for c in claims]
    weights = idf(bags)
    n = len(claims)
    families = [unit_family(c.unit) for c in claims]
    unit_terms = [_unit_terms(c) for c in claims]
    sim = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            a, b = claims[i], claims[j]
            same_sentence = a.article == b.article and a.sentence_start == b.sentence_start and a.sentence_start >= 0
            if not _families_compatible(a, families[i], unit_terms[i], b, families[j], unit_terms[j]) \
                    or same_sentence or not times_compatible(a, b):
                s = -1.0
            else:
                s = thing_similarity(bags[i], propers[i], bags[j], propers[j], weights)
                if s > 0 and _far_apart(a, b, dates):
                    s *= config.far_apart_penalty
                if s > 0 and a.article == b.article and a.article not in composites \
                        and not overlaps(interval(a), interval(b)):
                    s *= config.same_article_penalty
                if s > 0 and overlaps(interval(a), interval(b)):
                    s += 0.01
            sim[i][j] = sim[j][i] = s
    clusters = [[i] for i in range(n)]
    while True:
        best, pair = config.link, None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                cells = [sim[i][j] for i in clusters[x] for j in clusters[y]]
                if min(cells) < config.floor:
                    continue
                score = sum(cells) / len(cells)
                if score >= best:
                    best, pair = score, (x, y)
        if pair is None:
            return clusters
        x, y = pair
        clusters[x] = clusters[x] + clusters[y]
        del clusters[y]


_THINGS = ["people killed", "people injured", "India's exports to Russia", "exports to Russia",
           "imports from Russia", "homes without power", "soldiers deployed", "troops deployed",
           "Indian soldiers", "Chinese soldiers", "damage to roads", "", "people living in Russia"]
_UNITS = ["people", "USD", "percent", "soldiers", "troops", "", "homes", "years"]


def _claim(article: str, k: int, value: float | None, unit: str, thing: str, period: str, sentence: int):
    from newsfuse.facts.records import Claim

    text = f"{value:g}" if value is not None else "dozens"
    return Claim(article, text, k * 10, k * 10 + len(text), value, value, value, unit, "", "exact", thing,
                 period, period, sentence, sentence + 5)


_claims = st.lists(
    st.tuples(st.sampled_from("abc"), st.sampled_from([1.0, 2.0, 2.1, 5.0, 40.0, 41.0, None]),
              st.sampled_from(_UNITS), st.sampled_from(_THINGS), st.sampled_from(["", "2023", "2024"]),
              st.integers(0, 3)),
    max_size=24,
)


@settings(max_examples=150, deadline=None)
@given(_claims, st.booleans())
def test_bounded_claim_groups_equal_all_pairs_reference(rows, dated):
    from newsfuse.reconcile.groups import ReconcileConfig, _cluster

    claims = [_claim(a, k, v, u, t, p, s * 100) for k, (a, v, u, t, p, s) in enumerate(rows)]
    claims.sort(key=lambda c: (c.article, c.start))
    dates = {"a": "2024-07-01", "b": "2024-07-02"} if dated else {}
    config = ReconcileConfig()
    assert _cluster(claims, config, dates, {"c"}) == _reference_cluster(claims, config, dates, {"c"})


def test_bounded_3000_figures_in_one_article_grouped_fast():
    """The reliability reproduction: 1,000 sentences of three figures each, one article."""
    from newsfuse.reconcile import reconcile_claims

    r = random.Random(1)
    claims = []
    for k in range(1000):
        sentence = k * 120
        claims.append(_claim("page", 3 * k, float(r.randint(1, 10**6)), "people", "people affected", "", sentence))
        claims.append(_claim("page", 3 * k + 1, r.randint(1, 999) * 1e9, "USD",
                             "people affected about billion in damage", "", sentence))
        claims.append(_claim("page", 3 * k + 2, r.randint(1, 99) / 100, "percent", "", str(r.randint(1990, 2024)),
                             sentence))
    started = time.process_time()  # CPU: the bound must hold on a busy machine too
    groups = reconcile_claims(claims)
    elapsed = time.process_time() - started
    assert elapsed < 10.0, f"grouping took {elapsed:.1f} s"
    assert sum(len(g.values) for g in groups) == len(claims)


def test_bounded_pair_over_the_cell_budget_is_skipped_and_named(tmp_path):
    from newsfuse.provenance.budget import BudgetConfig
    from newsfuse.provenance.report import ProvenanceConfig, build_provenance

    body = _results_page(60)
    articles = _clean(tmp_path, {"wire": "Final results\n\n" + body, "reprint": "Results\n\n" + body})
    lexical = LexicalSimilarity()
    found = build_provenance(list(articles.values()), lexical, ProvenanceConfig(filler_max_articles=0))
    assert found.relations and not [n for n in found.notes if n.startswith("provenance")]
    tight = ProvenanceConfig(filler_max_articles=0, budget=BudgetConfig(max_cells=100))
    skipped = build_provenance(list(articles.values()), lexical, tight)
    assert not skipped.relations
    [note] = [n for n in skipped.notes if n.startswith("provenance skipped")]
    assert "reprint" in note and "wire" in note and "100-pair budget" in note


def test_bounded_article_over_its_time_budget_stops_being_aligned(tmp_path):
    from newsfuse.provenance.budget import BudgetConfig
    from newsfuse.provenance.report import ProvenanceConfig, build_provenance

    body = _results_page(30)
    articles = _clean(tmp_path, {"wire": "Final results\n\n" + body, "copy1": "Results\n\n" + body,
                                 "copy2": "State results\n\n" + body})
    config = ProvenanceConfig(filler_max_articles=0, budget=BudgetConfig(article_seconds=0.0))
    report = build_provenance(list(articles.values()), LexicalSimilarity(), config)
    stopped = [n for n in report.notes if n.startswith("provenance stopped aligning")]
    assert stopped and all("over the 0 s budget" in n for n in stopped)
    assert len(report.relations) < 3  # without the budget all three pairs are copies


def _storm_page_pasting(source: str) -> str:
    """A page on another event that pastes two long paragraphs of ``source`` (finding M5)."""
    paras = [p for p in source.split("\n\n") if len(p) > 200]
    return (
        "Storm batters coast, thousands without power\n\nA powerful storm battered the southern coast on Monday, "
        "knocking out power to thousands of homes as winds reached 120 km/h, officials said.\n\nThe governor "
        "declared a state of emergency in three counties and asked residents to stay indoors.\n\nEmergency crews "
        "worked through the night to clear fallen trees, the fire service said.\n\n" + paras[3] + "\n\n" + paras[4]
        + "\n\nForecasters expect the storm to weaken as it moves inland on Tuesday.\n"
    )


def test_bounded_pasted_paragraphs_neither_join_the_story_nor_make_the_paster_the_source(tmp_path):
    from pathlib import Path

    from newsfuse.provenance.relation import joins_story
    from newsfuse.provenance.report import ProvenanceConfig, build_provenance

    examples = Path(__file__).resolve().parents[1] / "examples" / "articles"
    source = (examples / "001_c3cc268cb8b335a2.txt").read_text(encoding="utf-8")
    articles = _clean(tmp_path, {"modi": source, "zz_storm": _storm_page_pasting(source)})
    report = build_provenance(list(articles.values()), LexicalSimilarity(), ProvenanceConfig(filler_max_articles=0))
    [relation] = report.relations
    assert relation.relation == "partial"
    assert not (relation.source == "zz_storm" and relation.direction != "undetermined")
    assert not joins_story(relation)  # two pasted paragraphs do not make the storm page a Modi story


def test_bounded_articles_repeating_one_sentence_align_fast(tmp_path):
    """Reliability case 61: every sentence pair ties, the worst case for tie-breaking and for the old loop."""
    line = "The committee said the new budget would be debated again at the next session of the assembly."
    articles = _clean(tmp_path, {"one": "Budget debate\n\n" + "\n\n".join([line] * 200),
                                 "two": "Assembly budget\n\n" + "\n\n".join([line] * 200)})
    started = time.process_time()
    alignment = align(articles["one"], articles["two"], LexicalSimilarity(), AlignConfig(threshold=0.3))
    elapsed = time.process_time() - started
    assert elapsed < 5.0, f"alignment took {elapsed:.1f} s"
    backbone = [(link.a, link.b) for link in alignment.links if link.backbone]
    assert len(backbone) == 200 and backbone == sorted(backbone)


def test_bounded_overlong_sentence_is_cut_at_clause_marks():
    from newsfuse.segment import MAX_SENTENCE_CHARS, SentenceSplitter

    r = random.Random(5)
    words = "the minister and the mayor of the city, with its people in the north and south".split()
    text = " ".join(r.choice(words) for _ in range(40_000)) + "."
    spans = SentenceSplitter().spans(text)
    assert len(spans) > 100
    assert all(0 < s.end - s.start <= MAX_SENTENCE_CHARS for s in spans)
    assert all(not text[s.start].isspace() and not text[s.end - 1].isspace() for s in spans)
    assert all(text[s.end - 1] in ",." for s in spans)  # cut after a clause mark, not mid-phrase
    assert text[spans[-1].end:].strip() == "" and spans[0].start == 0
    gaps = [text[a.end:b.start] for a, b in zip(spans, spans[1:])]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:])) and all(not g.strip() for g in gaps)
    assert SentenceSplitter().spans("Short one. Another here.") == SentenceSplitter(max_chars=10**9).spans(
        "Short one. Another here.")


def test_bounded_shared_boilerplate_does_not_join_unrelated_events(tmp_path):
    """Reliability case 65: pages on unrelated events share the site's boilerplate paragraphs."""
    from newsfuse.provenance.relation import joins_story
    from newsfuse.provenance.report import ProvenanceConfig, build_provenance

    boiler = ("This article was produced by our regional desk with reporting from local correspondents and "
              "agencies. Our newsroom follows strict editorial standards and corrects errors promptly when they "
              "are found.\n\nReaders can send tips and documents to our investigations team through the secure "
              "form on our website. Subscribe to our morning newsletter for the day's most important stories "
              "delivered to your inbox.\n")
    quake = ("Earthquake in Valparaiso\n\nA magnitude 6.8 earthquake struck near Valparaiso, collapsing buildings "
             "and cutting roads. Local officials in Valparaiso said 133 people had been affected by Wednesday.\n\n"
             "Residents described scenes of confusion as emergency services responded to the earthquake.\n\n")
    vote = ("Election in Kisumu\n\nVoters in Kisumu chose a new governor after a tense count that lasted three "
            "days. Turnout in Kisumu was the highest since the county was created, the commission said.\n\n"
            "Supporters of the winner celebrated in the streets of the city until late at night.\n\n")
    articles = _clean(tmp_path, {"quake": quake + boiler, "quake_copy": quake.replace("Earthquake in", "Quake hits")
                                 + boiler, "vote": vote + boiler})
    report = build_provenance(list(articles.values()), LexicalSimilarity(), ProvenanceConfig(filler_max_articles=0))
    joined = {frozenset((r.source, r.derived)): joins_story(r) for r in report.relations}
    assert joined.get(frozenset(("quake", "quake_copy"))) is True
    assert joined.get(frozenset(("quake", "vote"))) is False  # found (a partial copy), but no story hint
    assert joined.get(frozenset(("quake_copy", "vote"))) is False
