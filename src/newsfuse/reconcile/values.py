"""The interval a written number allows, and how two such intervals compare.

"$61.44 billion" is exact to its last written digit (61.435e9..61.445e9);
"about $60 billion" allows one unit of its last significant digit either side
(55e9..65e9); "less than $5 billion" is unbounded below. Two values agree
within rounding when their intervals overlap.
"""

from __future__ import annotations

import math
import re

from ..facts.records import Claim

__all__ = ["interval", "overlaps", "written_step", "rounding_step", "is_unknown"]

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_UNKNOWN = re.compile(r"\b(?:unknown|undisclosed|unclear|unspecified|unconfirmed|not known)\b", re.I)
_ROUND_HEDGES = frozenset({"about", "vague"})


def _digits(claim: Claim) -> tuple[str, float] | None:
    """The first written number of the claim and the factor to base units."""
    if claim.value is None:
        return None
    match = _NUMBER.search(claim.text)
    if not match:
        return None
    digits = match.group(0).replace(",", "")
    try:
        written = float(digits)
    except ValueError:
        return None
    if written == 0:
        return None
    return digits, abs(claim.value) / written


def written_step(claim: Claim) -> float | None:
    """One unit of the last written digit, in base units ("61.44 billion" -> 0.01e9, "60" -> 1)."""
    found = _digits(claim)
    if found is None:
        return None
    digits, scale = found
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return 10.0 ** -decimals * scale


def rounding_step(claim: Claim) -> float | None:
    """The step a round number was rounded to ("60 billion" -> 10e9, "14,000" -> 1000)."""
    found = _digits(claim)
    if found is None:
        return None
    digits, scale = found
    if "." in digits:
        return written_step(claim)
    stripped = digits.rstrip("0")
    return 10.0 ** (len(digits) - len(stripped)) * scale


def interval(claim: Claim) -> tuple[float, float]:
    """The closed interval of values ``claim`` allows (``-inf``/``inf`` when open).

    Exact numbers allow half a unit of their last written digit (whole
    numbers of 10 or more: up to a unit above, as reporters cut "65.7" to "65"); hedged ones
    ("about", "nearly") half the step they were rounded to (at least 2%, 1% with decimals);
    bounds ("less than", "at least") are open on one side.
    """
    value = claim.value
    if claim.hedge == "within" and claim.low is not None and claim.high is not None:
        return claim.low, claim.high  # a period written as a whole (a day, month or year)
    if value is None:
        low = -math.inf if claim.low is None else claim.low
        high = math.inf if claim.high is None else claim.high
        return low, high
    if claim.hedge in _ROUND_HEDGES:
        found = _digits(claim)
        floor = 0.01 if found and "." in found[0] else 0.02
        spread = max((rounding_step(claim) or 0.0) / 2, abs(value) * floor)
        return value - spread, value + spread
    if claim.hedge in ("less_than", "at_most", "up_to"):
        return (-math.inf if claim.low is None else claim.low), value
    if claim.hedge in ("more_than", "at_least"):
        return value, (math.inf if claim.high is None else claim.high)
    step = written_step(claim) or 0.0
    found = _digits(claim)
    if found and "." not in found[0] and step and abs(value) >= 10 * step:
        # A whole number of a large unit ("$65bn") is often cut, not rounded: allow up to one step above.
        return value - step / 2, value + step
    return value - step / 2, value + step / 2


def overlaps(a: tuple[float, float], b: tuple[float, float], tolerance: float = 1e-9) -> bool:
    """Closed intervals ``a`` and ``b`` share a point (with a relative tolerance)."""
    slack = tolerance * max([1.0, *(abs(x) for x in (*a, *b) if math.isfinite(x))])
    return a[0] <= b[1] + slack and b[0] <= a[1] + slack


def is_unknown(claim: Claim) -> bool:
    """The phrase says the number is not known ("an unknown number")."""
    return claim.value is None and bool(_UNKNOWN.search(claim.text))
