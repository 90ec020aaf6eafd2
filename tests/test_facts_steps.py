"""The facts steps declare what they require and produce; a misordered pipeline fails before it runs."""

from __future__ import annotations

import pytest

from newsfuse.facts.extract import STEP_CONTRACTS, STEPS
from newsfuse.facts.steps import FactStep, StepOrderError, check_order


def _noop(work: object) -> None:
    return None


def test_the_pipeline_order_satisfies_every_requirement() -> None:
    check_order(STEP_CONTRACTS)
    assert [s.name for s in STEP_CONTRACTS] == list(STEPS[1:])  # the parse comes first, outside the steps
    produced = {p for s in STEP_CONTRACTS for p in s.produces}
    assert {"quotes", "dates", "claims", "entities", "events"} <= produced


def test_a_step_before_what_it_requires_is_refused() -> None:
    events = next(s for s in STEP_CONTRACTS if s.name == "events")
    with pytest.raises(StepOrderError, match="'events' requires entities, dates"):
        check_order([events, *[s for s in STEP_CONTRACTS if s.name != "events"]])


def test_requirements_may_come_from_the_parse_only() -> None:
    step = FactStep("needs_doc", requires=("doc", "anchor"), produces=("x",), run=_noop)
    check_order([step])
    with pytest.raises(StepOrderError, match="requires doc"):
        check_order([step], given=("anchor",))
