"""The facts steps' contract: each step declares what it needs and what it makes.

Like a spaCy component's ``requires``/``assigns``, a :class:`FactStep` names
the products it reads (``doc``, ``anchor``, ``quotes``, ...) and the ones it
writes; :func:`check_order` verifies, before anything runs, that every product
a step requires is produced by the parse or by a step before it. A step the
caller turns off still "produces" its outputs, empty, so later steps run on
what is there (as before: events without dates get no dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Generic, Iterable, Sequence, TypeVar

__all__ = ["FactStep", "StepOrderError", "check_order", "PARSE_PRODUCTS"]

#: What the parse gives every step: the article's ``Doc`` and its date anchor.
PARSE_PRODUCTS = ("doc", "anchor")

W = TypeVar("W")


class StepOrderError(ValueError):
    """A step requires a product no earlier step makes."""


@dataclass(frozen=True)
class FactStep(Generic[W]):
    """One extractor: its name, the products it reads and writes, and how it runs on a run's work."""

    name: str
    requires: tuple[str, ...]
    produces: tuple[str, ...]
    run: Callable[[W], None]


def check_order(steps: Sequence[FactStep[W]], given: Iterable[str] = PARSE_PRODUCTS) -> None:
    """Raise :class:`StepOrderError` when a step comes before what it requires."""
    produced = set(given)
    for step in steps:
        missing = [r for r in step.requires if r not in produced]
        if missing:
            raise StepOrderError(f"facts step {step.name!r} requires {', '.join(missing)}, "
                                 "which neither the parse nor an earlier step produces")
        produced.update(step.produces)
