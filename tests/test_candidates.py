"""Candidate blocking: banded MinHash pairs and anchors."""

from __future__ import annotations

import numpy as np

from newsfuse.provenance.candidates import anchors, banded_pairs
from newsfuse.provenance.shingle import text_signatures

BASE = (
    "The regional council approved a budget of 4.2 million euros on Tuesday after a debate that lasted "
    "more than four hours, with opposition members warning that road repairs had been postponed again."
)


def test_banded_pairs_pairs_near_copies_not_strangers():
    texts = [
        BASE,
        BASE.replace("Tuesday", "Wednesday"),
        "Storms closed schools across the northern provinces on Friday, and forecasters expect more rain "
        "through the weekend as rivers rise toward the levels seen in the floods of 2019.",
    ]
    values = np.vstack([s.hashvalues for s in text_signatures(texts)])
    assert banded_pairs(values, 0.5, max_bucket=50) == {(0, 1)}


def test_banded_pairs_skip_buckets_of_boilerplate():
    values = np.vstack([s.hashvalues for s in text_signatures([BASE] * 5)])
    assert banded_pairs(values, 0.5, max_bucket=3) == set()
    assert len(banded_pairs(values, 0.5, max_bucket=50)) == 10


def test_anchors_are_names_and_numbers_not_sentence_openers():
    found = anchors("Officials said Mr. Kwatra met Ruslan Pukhov in Moscow. However, 14,000 people waited.")
    assert {"Kwatra", "Ruslan", "Pukhov", "Moscow", "#14000"} <= found
    assert "However" not in found and "Officials" not in found
