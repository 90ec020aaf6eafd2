"""Provenance on the shipped examples against examples/gold.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.clean import Cleaner
from newsfuse.ingest import read_inputs

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOLD = json.loads((EXAMPLES / "gold.json").read_text(encoding="utf-8"))
REWRITE = GOLD["provenance"][0]


@pytest.fixture(scope="module")
def report():
    from newsfuse.provenance.paraphrase import ParaphraseScorer
    from newsfuse.provenance.report import build_provenance
    from newsfuse.provenance.similarity import EmbeddingSimilarity

    articles = list(Cleaner().clean_batch(list(read_inputs([str(EXAMPLES / "articles")]))))
    similarity = EmbeddingSimilarity()
    scorer = ParaphraseScorer(encoder=similarity.encoder)
    return build_provenance(articles, similarity, paraphrase=scorer).to_json()


def test_provenance_examples_rewrite_found_with_its_passages(report):
    [relation] = report["relations"]
    assert relation["relation"] == "rewrite"
    assert relation["source"] == "001_c3cc268cb8b335a2"
    assert relation["derived"] == "000_84cc0352b6f1ec13"  # 000 is the rewrite
    found = {(p["derived_line"], p["source_line"]) for p in relation["passages"]}
    gold = {(pair["000"], pair["001"]) for pair in REWRITE["aligned"]}
    assert len(found & gold) >= 11
    assert len(found - gold) <= 1
    unaligned = set(REWRITE["unaligned_in_000"])
    assert not {line for line, _ in found} & unaligned


def test_provenance_examples_passages_keep_order(report):
    [relation] = report["relations"]
    pairs = sorted((p["derived_start"], p["source_start"]) for p in relation["passages"])
    sources = [s for _, s in pairs]
    assert sources == sorted(sources)


def test_provenance_examples_composite_has_two_parts(report):
    [composite] = report["composites"]
    assert composite["article"] == "001_c3cc268cb8b335a2"
    groups = {part["group"] for part in composite["parts"]}
    assert len(groups) == 2
    shared = [p for p in composite["parts"] if "000_84cc0352b6f1ec13" in p["shared_with"]]
    lines = sorted(line for part in shared for line in part["lines"])
    # The straight-quote report: lines 19-23 and 47-69 of the original file.
    assert lines[0] == 19 and lines[-1] == 69
    assert {19, 21, 23, 47, 49, 51, 53, 59, 61, 63, 65, 67, 69} <= set(lines)
    assert not set(lines) & {11, 13, 15, 17, 31, 33, 35, 75, 77, 85, 87}


def test_provenance_examples_independent_sources(report):
    groups = sorted(sorted(g) for g in report["independent_groups"])
    assert groups == [
        ["000_84cc0352b6f1ec13", "001_c3cc268cb8b335a2"],
        ["002_5224782e82acb287"],
        ["003_9ccd3c76824c756c"],
        ["004_7cd62a0fa2f72d54"],
    ]


def test_provenance_examples_filler_in_004(report):
    lines = {f["line"] for f in report["filler"] if f["article"] == "004_7cd62a0fa2f72d54"}
    # "Energy and Economic Cooperation" (87, 89) and "Geopolitical Ramifications" (93-101).
    assert {87, 89, 93, 95, 97, 99, 101} <= lines
    # Paragraphs with quotes, numbers or named sources are never filler.
    assert not lines & {7, 19, 23, 35, 43, 51, 63, 71, 81}
