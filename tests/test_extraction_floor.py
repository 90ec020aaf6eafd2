"""The HTML extraction floor: newsfuse's ingest path is never worse than trafilatura alone.

Runs eval/extraction.py on the shared data (skipped when absent): all of
html-dev (news pages with expected text, 4-token shingle F1) and every 12th
page of the trafilatura-eval development split (``slow``) (snippets to keep and to
drop). Measured 2026-12-08 (eval/README.md): html-dev macro F1 0.924 vs
trafilatura 0.921, no page below it by more than 0.05.
"""

from __future__ import annotations

import pytest
from conftest import load_eval_script

ev = load_eval_script("extraction")
HTML_DEV = ev.DATA / "html-dev"
TRAF_EVAL = ev.DATA / "trafilatura-eval"
pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not (HTML_DEV / "text").is_dir() or not (TRAF_EVAL / "evaldata.json").is_file(),
                       reason=f"shared data not found ({ev.DATA})"),
]


def test_extraction_floor_html_dev_never_below_trafilatura():
    report = ev.eval_html_dev(HTML_DEV, worst=5)
    assert report["pages"] >= 20
    assert report["newsfuse"]["f1"] >= report["trafilatura"]["f1"] - 0.002, report["worst"]
    assert report["pages_worse_by_0.05"] == 0, report["worst"]


@pytest.mark.slow
def test_extraction_floor_trafilatura_eval_sample():
    pages, spec = ev.load_traf_eval(TRAF_EVAL, "dev")
    pages = pages[::12]
    results = ev.run_pages(pages)
    ours = ev.snippet_totals([ev.score_snippets(r.newsfuse, *spec[r.name]) for r in results])
    theirs = ev.snippet_totals([ev.score_snippets(r.trafilatura, *spec[r.name]) for r in results])
    assert not [r.name for r in results if r.newsfuse is None and r.trafilatura]  # rejected only when trafilatura finds nothing
    assert ours["f1"] >= theirs["f1"] - 0.005, (ours, theirs)
