"""The read side gets typed records back from the saved states, and a state it cannot read is one clear error."""

from __future__ import annotations

import pytest

from newsfuse import views
from newsfuse.errors import StoreError
from newsfuse.reconcile.document import Verdict
from newsfuse.serialize import to_json
from newsfuse.store import Store
from newsfuse.view_records import StoryAnalysis

_GROUP = {"thing": "India's imports from Russia", "unit": "USD", "verdict": "conflict",
          "values": [{"article": "a", "value": 60000000000.0, "hedge": "about", "text": "about $60 billion",
                      "start": 10, "end": 27, "low": 5.5e10, "high": 6.5e10, "unit": "USD",
                      "thing": "India's imports from Russia", "time": "", "source": 0, "side": 0}],
          "sides": [{"values": ["about $60 billion"], "articles": ["a"], "independent_sources": 1, "first": None,
                     "first_date": None}],
          "articles": ["a"], "independent_sources": 1, "time": "", "first": None, "first_date": None, "note": "",
          "algorithm": "reconcile.claims.v1"}


def test_saved_analysis_comes_back_typed_and_writes_back_the_same_json(tmp_path) -> None:
    state = {"key": "k", "version": "analysis.v1", "claims": [_GROUP], "ledger": [], "markdown": "# x\n"}
    with Store(tmp_path / "s.db") as store:
        store.save_state(views.story_state_name("s-1"), state)
        analysis = views.story_analysis(store, "s-1")
    assert isinstance(analysis, StoryAnalysis)
    assert analysis.claims[0].verdict is Verdict.CONFLICT
    assert to_json(analysis.claims) == [_GROUP]
    assert analysis.brief is None and analysis.facts is None


def test_a_state_this_version_cannot_read_names_the_state_and_the_field(tmp_path) -> None:
    bad = {**_GROUP, "values": [{**_GROUP["values"][0], "hedge": "roughly"}]}
    with Store(tmp_path / "s.db") as store:
        store.save_state(views.story_state_name("s-1"), {"claims": [bad]})
        with pytest.raises(StoreError) as caught:
            views.story_analysis(store, "s-1")
    message = str(caught.value)
    assert "\n" not in message and "s.db" in message and "story/s-1" in message
    assert "claims[0].values[0].hedge: 'roughly' is not a Hedge" in message
