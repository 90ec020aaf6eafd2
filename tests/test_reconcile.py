"""Reconcile: claim groups and verdicts on hand-made claims, the quote ledger,
and (when the fact extractor is present) the examples against gold.json."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from newsfuse.facts.records import Claim
from newsfuse.reconcile import quote_ledger, reconcile_claims
from newsfuse.reconcile.values import interval


def claim(article: str, text: str, value: float | None, thing: str, unit: str = "USD", hedge: str = "exact",
          low: float | None = None, high: float | None = None, start: int = 0, sentence: int = -1,
          period: str = "") -> Claim:
    return Claim(article, text, start, start + len(text), value, low, high, unit, "", hedge, thing,
                 period=period, sentence_start=sentence, sentence_end=sentence + 10 if sentence >= 0 else -1)


@dataclass
class FakeProvenance:
    groups: list[list[str]]
    relations: list = ()


def test_overlaps_of_unbounded_intervals():
    """Two claims with no bound at all ("an unknown number") overlap; this crashed a 10k run."""
    import math

    from newsfuse.reconcile.values import overlaps

    everything = (-math.inf, math.inf)
    assert overlaps(everything, everything)
    assert overlaps(everything, (3.0, 5.0))
    assert not overlaps((-math.inf, 2.0), (3.0, math.inf))


def test_reconcile_agree_exact_values():
    groups = reconcile_claims([
        claim("a", "20", 20, "Indian soldiers killed in the 2020 clash", unit="soldiers"),
        claim("b", "20", 20, "Indian soldiers killed", unit="soldiers"),
    ])
    [group] = groups
    assert group.verdict == "agree"
    assert group.independent_sources == 2


def test_reconcile_agree_within_rounding_hedge_and_precision():
    groups = reconcile_claims([
        claim("a", "about $60 billion", 60e9, "India's imports from Russia", hedge="about"),
        claim("b", "$61.44 billion", 61.44e9, "imports from Russia"),
    ])
    [group] = groups
    assert group.verdict == "agree_within_rounding"


def test_reconcile_conflict_keeps_every_side():
    groups = reconcile_claims([
        claim("a", "about $60 billion", 60e9, "India's imports from Russia", hedge="about"),
        claim("b", "near $61.44 billion", 61.44e9, "India's imports from the Kremlin", hedge="about"),
        claim("c", "$65 billion", 65e9, "India's imports"),
    ])
    [group] = groups
    assert group.verdict == "conflict"
    sides = {frozenset(group.values[i].claim.article for i in s.values) for s in group.sides}
    assert sides == {frozenset({"a", "b"}), frozenset({"c"})}
    doc = group.to_json()
    assert {v["article"] for v in doc["values"]} == {"a", "b", "c"}
    assert {"thing", "unit", "verdict", "values"} <= set(doc)
    assert {"article", "value", "hedge", "text"} <= set(doc["values"][0])


def test_reconcile_superseded_count_rises_with_dated_reports():
    groups = reconcile_claims(
        [
            claim("a", "12", 12, "people killed in the earthquake", unit="people"),
            claim("b", "at least 30", 30, "people killed in the earthquake", unit="people", hedge="at_least"),
            claim("c", "41", 41, "people killed by the earthquake", unit="people"),
        ],
        dates={"a": "2024-07-08", "b": "2024-07-09", "c": "2024-07-10"},
    )
    [group] = groups
    assert group.verdict == "superseded"
    assert group.first == "a" and group.first_date == "2024-07-08"


def test_reconcile_falling_count_is_a_conflict_not_an_update():
    groups = reconcile_claims(
        [claim("a", "41", 41, "people killed", unit="people"), claim("b", "12", 12, "people killed", unit="people")],
        dates={"a": "2024-07-08", "b": "2024-07-09"},
    )
    assert groups[0].verdict == "conflict"


def test_reconcile_single_source():
    [group] = reconcile_claims([claim("a", "41 years", 41, "first visit by an Indian prime minister to Austria", unit="years")])
    assert group.verdict == "single_source"


def test_reconcile_imports_and_exports_stay_apart():
    groups = reconcile_claims([
        claim("a", "$4 billion", 4e9, "India's exports to Russia", sentence=0),
        claim("a", "$65 billion", 65e9, "India's imports from Russia", sentence=0, start=40),
        claim("b", "$4.26 billion", 4.26e9, "India's exports to Russia"),
        claim("b", "$61.44 billion", 61.44e9, "imports from Russia", start=50),
    ])
    by_thing = {frozenset(v.claim.text for v in g.values) for g in groups}
    assert by_thing == {frozenset({"$4 billion", "$4.26 billion"}), frozenset({"$65 billion", "$61.44 billion"})}


def test_reconcile_units_of_other_families_never_group():
    groups = reconcile_claims([
        claim("a", "$65bn", 65e9, "bilateral trade"),
        claim("a", "£50.76bn", 50.76e9, "bilateral trade", unit="GBP", start=9),
    ])
    assert len(groups) == 2


def test_reconcile_different_periods_never_group():
    groups = reconcile_claims([
        claim("a", "20", 20, "soldiers killed", unit="soldiers", period="2020"),
        claim("b", "4", 4, "soldiers killed", unit="soldiers", period="2022"),
    ])
    assert len(groups) == 2


def test_reconcile_unknown_versus_stated_is_a_conflict_of_precision():
    [group] = reconcile_claims([
        claim("a", "an unknown number", None, "Chinese soldiers killed", unit="soldiers", hedge="vague"),
        claim("b", "at least four", 4, "Chinese soldiers killed", unit="soldiers", hedge="at_least"),
    ])
    assert group.verdict == "conflict"
    assert "precision" in group.note


def test_reconcile_units_fold_troops_with_soldiers_and_people_with_casualties():
    groups = reconcile_claims([
        claim("a", "an unknown number", None, "Chinese troops killed", unit="troop", hedge="vague"),
        claim("b", "at least four", 4, "Chinese soldiers killed", unit="soldier", hedge="at_least"),
        claim("c", "multiple", None, "casualties of the Russian attack in Ukraine", unit="casualty", hedge="vague", low=2),
        claim("d", "at least 41", 41, "people killed in Ukraine", unit="people", hedge="at_least"),
    ])
    assert {frozenset(v.claim.article for v in g.values) for g in groups} == {frozenset("ab"), frozenset("cd")}
    verdicts = {frozenset(v.claim.article for v in g.values): g.verdict for g in groups}
    assert verdicts[frozenset("cd")] in ("agree", "agree_within_rounding")


def test_reconcile_one_report_does_not_contradict_itself():
    groups = reconcile_claims([
        claim("a", "Four", 4, "Indians died in the fighting", unit="indian", sentence=0),
        claim("a", "dozens", None, "Indians fighting in the war", unit="indian", hedge="vague", low=24, high=108,
              sentence=50, start=60),
    ])
    assert len(groups) == 2


def test_reconcile_when_claims_of_one_month_agree():
    from newsfuse.reconcile.facts import _as_years

    june = _as_years("2024-06")
    a = claim("a", "last month", june[0], "winning a third term", unit="date", hedge="within", low=june[1], high=june[2] - 1e-4)
    b = claim("b", "in June", june[0], "he was reelected for a rare third term", unit="date", hedge="within",
              low=june[1], high=june[2] - 1e-4)
    y21, y22 = _as_years("2021"), _as_years("2022")
    c = claim("c", "in 2021", y21[0], "the two leaders last met", unit="date", hedge="within", low=y21[1], high=y21[2] - 1e-4)
    d = claim("d", "in 2022", y22[0], "the two leaders last met in person", unit="date", hedge="within",
              low=y22[1], high=y22[2] - 1e-4)
    verdicts = {frozenset(v.claim.article for v in g.values): g.verdict for g in reconcile_claims([a, b, c, d])}
    assert verdicts == {frozenset("ab"): "agree", frozenset("cd"): "conflict"}


def test_reconcile_rewrite_is_not_corroboration():
    provenance = FakeProvenance(groups=[["a", "b"], ["c"]])
    [group] = reconcile_claims(
        [
            claim("a", "about 14,000", 14000, "Indians living in Russia", unit="people", hedge="about"),
            claim("b", "about 14,000", 14000, "Indians in Russia", unit="people", hedge="about"),
        ],
        provenance,
    )
    assert group.independent_sources == 1
    assert group.verdict in ("agree", "agree_within_rounding")


@pytest.mark.parametrize(
    "text,value,hedge,low,high",
    [
        ("$61.44 billion", 61.44e9, "exact", 61.435e9, 61.445e9),
        ("about $60 billion", 60e9, "about", 55e9, 65e9),
        ("20", 20, "exact", 19.5, 21),
        ("4", 4, "exact", 3.5, 4.5),
    ],
)
def test_reconcile_interval_from_hedge_and_written_precision(text, value, hedge, low, high):
    lo, hi = interval(claim("a", text, value, "x", hedge=hedge))
    assert lo == pytest.approx(low) and hi == pytest.approx(high)


def test_reconcile_less_than_is_open_below():
    lo, hi = interval(claim("a", "less than $5 billion", 5e9, "exports", hedge="less_than"))
    assert lo == float("-inf") and hi == 5e9


@dataclass(frozen=True)
class Q:
    article: str
    speaker: str
    text: str
    start: int
    end: int
    kind: str = "direct"


def test_reconcile_ledger_same_truncated_wording_and_paraphrase():
    full = "India, situated between Russia, China, and the West, seeks more predictability from Russia"
    quotes = [
        Q("a", "Petr Topychkanov", full, 0, len(full)),
        Q("b", "Topychkanov", "India, situated between Russia, China and the West, seeks more predictability", 0, 70),
        Q("c", "Petr Topychkanov", full.replace("seeks", "wants"), 0, len(full)),
        Q("d", "Topychkanov", "India wants more predictability from Russia, situated between China and the West", 5, 80, "indirect"),
        Q("e", "Kanwal Sibal", "Neither India nor the global south will accept this", 0, 50),
    ]
    ledger = quote_ledger(quotes, FakeProvenance(groups=[["a", "b"], ["c"], ["d"], ["e"]]))
    first = ledger[0]
    matches = {o.article: o.match for o in first.occurrences}
    assert matches == {"a": "first", "b": "truncated", "c": "wording", "d": "paraphrase"}
    assert first.independent_sources == 3
    wording = next(o for o in first.occurrences if o.match == "wording")
    assert wording.differences == ("seeks -> wants",)
    assert [e.speaker for e in ledger[1:]] == ["Kanwal Sibal"]


# --- the examples against gold.json -------------------------------------------------------

import json  # noqa: E402
import re  # noqa: E402

from conftest import EXAMPLES_DIR as EXAMPLES  # noqa: E402

GOLD = json.loads((EXAMPLES / "gold.json").read_text(encoding="utf-8"))


def accepted(gold_verdict: str) -> set[str]:
    """Our verdicts that a gold verdict's wording allows."""
    v = gold_verdict.lower()
    if v.startswith("conflict"):
        return {"conflict"}
    if v.startswith("single source"):
        return {"single_source"}
    if v.startswith("agree within rounding"):
        return {"agree_within_rounding"}
    if v.startswith("agree") or v.startswith("compatible"):
        return {"agree", "agree_within_rounding"}
    raise AssertionError(f"unknown gold verdict {gold_verdict!r}")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()


def _gold_values(fact: dict) -> list[tuple[str, str]]:
    out = []
    for article, values in fact["values"].items():
        for value in values if isinstance(values, list) else [values]:
            out.append((article, _norm(value)))
    return out


def _within(short: str, long_: str) -> bool:
    """``short`` occurs in ``long_`` as whole words ("20" is not in "2021")."""
    return re.search(r"(?<!\w)" + re.escape(short) + r"(?!\w)", long_) is not None


def _matches(value, gold_values: list[tuple[str, str]]) -> bool:
    text = _norm(value.claim.text)
    return any(a == value.claim.article and (_within(text, g) or _within(g, text)) for a, g in gold_values)


def extraction_gaps(groups, facts: list[dict]) -> list[str]:
    """Gold facts with an article whose value no extracted claim matches."""
    gaps = []
    for fact in facts:
        gold = _gold_values(fact)
        found = {v.claim.article for g in groups for v in g.values if _matches(v, gold)}
        if set(fact["values"]) - found:
            gaps.append(fact["fact"])
    return gaps


def judge(groups, facts: list[dict]) -> list[str]:
    """One line per gold fact that is not grouped with the right verdict."""
    failures = []
    for fact in facts:
        gold = _gold_values(fact)
        others = [g for f in facts if f is not fact for g in _gold_values(f)]
        scored = [(sum(_matches(v, gold) for v in g.values), g) for g in groups]
        hits, best = max(scored, key=lambda x: x[0]) if scored else (0, None)
        found = {v.claim.article for g in groups for v in g.values if _matches(v, gold)}
        if not hits:
            failures.append(f"{fact['fact']}: no claim found")
            continue
        missing = found - set(best.articles)
        stray = [v.claim.text for v in best.values if not _matches(v, gold) and _matches(v, others)]
        wanted = accepted(fact["verdict"])
        if missing or stray or best.verdict not in wanted:
            failures.append(
                f"{fact['fact']}: verdict {best.verdict} (want {sorted(wanted)}), "
                f"articles {list(best.articles)}, missing {sorted(missing)}, stray {stray}"
            )
    return failures


@pytest.fixture(scope="module")
def example_groups(example_articles, example_facts, example_provenance):
    pytest.importorskip("newsfuse.facts.claims")
    from newsfuse.reconcile import reconcile_story

    return reconcile_story(example_articles, example_facts, example_provenance), example_facts, example_provenance


def test_reconcile_examples_facts_whose_values_were_extracted(example_groups):
    """Reconcile's own share: of the gold facts whose values the extractors
    all found, at most one is mis-grouped (today: "Indians recruited": "Indian
    citizens lured to Russia" and "Indians fighting in the war" share no words)."""
    groups, _, _ = example_groups
    complete = [f for f in GOLD["facts"] if f["fact"] not in extraction_gaps(groups, GOLD["facts"])]
    failures = judge(groups, complete)
    print(f"{len(complete) - len(failures)}/{len(complete)} fully extracted gold facts right")
    assert len(complete) >= 8
    assert len(failures) <= 1, "\n".join(failures)


def test_reconcile_examples_gold_facts(example_groups):
    groups, _, _ = example_groups
    failures = judge(groups, GOLD["facts"])
    right = len(GOLD["facts"]) - len(failures)
    gaps = extraction_gaps(groups, GOLD["facts"])
    print(f"{right}/{len(GOLD['facts'])} gold facts grouped with the right verdict; values not extracted: {gaps}")
    assert right >= 10, "\n".join(failures)


def test_reconcile_examples_imports_conflict_with_all_values(example_groups):
    groups, _, _ = example_groups
    fact = next(f for f in GOLD["facts"] if "imports" in f["fact"])
    gold = _gold_values(fact)
    [group] = [g for g in groups if any(_matches(v, gold) for v in g.values)]
    assert group.verdict == "conflict"
    found = {(v.claim.article, _norm(v.claim.text)) for v in group.values}
    for article, value in gold:
        assert any(a == article and (_within(t, value) or _within(value, t)) for a, t in found), (article, value)
    # 000 rewrites 001: their shared value is one source, 002's is another.
    sides = {frozenset(s.articles): s.independent_sources for s in group.sides}
    assert sides[frozenset({"002_5224782e82acb287"})] == 1
    assert max(sides.values()) == 1
    assert group.independent_sources == 2


def test_reconcile_examples_quote_ledger(example_groups):
    _, facts, provenance = example_groups
    ledger = quote_ledger(facts.quotes, provenance)
    topy = next(e for e in ledger if e.text.startswith("India, situated between Russia"))
    assert set(topy.articles) >= {"000_84cc0352b6f1ec13", "001_c3cc268cb8b335a2"}
    assert topy.independent_sources == 1  # 000 rewrites 001: one source
    zel = next(e for e in ledger if "huge disappointment" in e.text)
    assert "003_9ccd3c76824c756c" in zel.articles  # 003 carries it only in part


def test_reconcile_terms_are_a_fresh_list_each_time():
    from newsfuse.reconcile.terms import terms

    first = terms("India's imports from Russia rose")
    first.append("x")
    assert terms("India's imports from Russia rose") == ["india", "import", "russia", "rose"]


@pytest.mark.parametrize("a, b, same", [
    ("Zelensky", "Volodymyr Zelenskyy", True), ("Zelenskyy", "Zelensky", True), ("Mr. Putin", "Vladimir Putin", True),
    ("Modi", "Putin", False), ("Narendra Modi", "Modi", True), ("Kwatra", "Kwatras", True),
    ("Sibal", "Sibel", False), ("Trigunayat", "Trigunayet", True), ("", "Putin", False), ("Jones", "Jonas", False),
])
def test_reconcile_same_speaker(a, b, same):
    import difflib

    from newsfuse.reconcile.ledger import normalise_quote, same_speaker

    assert same_speaker(a, b) is same
    wa, wb = normalise_quote(a), normalise_quote(b)
    if wa and wb and wa != wb:  # the quick bounds agree with the plain ratio
        x, y = sorted((wa, wb), key=len)[0][-1], sorted((wa, wb), key=len)[1][-1]
        plain = x == y or (len(x) > 4 and difflib.SequenceMatcher(None, x, y).ratio() >= 0.85)
        assert same is plain
