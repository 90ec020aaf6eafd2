"""Read a number phrase as written ("about $60 billion", "at least four",
"several dozen", "33%") into a value, an interval, a unit and a hedge.

Pure text, no model: :mod:`newsfuse.facts.claims` finds the phrases with
spaCy and calls :func:`parse_amount` on each. Keeping the normaliser here
lets it be tested on plain strings and reused (briefs, reconcile).

The interval says what the writer committed to:

* the hedge: "about"/"nearly" widen, "less than"/"at least" open one side;
* the written precision: "$65bn" is a rounded figure (64.5e9..65.5e9),
  "$4.26 billion" is precise to the cent of a billion, "20" soldiers is exact;
* vague counts ("dozens", "several dozen", "billions of dollars") have no
  value, only bounds.

Fractions ("three-quarters", "a third") are read as shares with unit
``percent`` (0.75), like "75%". Single-letter scales ("m", "bn" is two) need a
currency mark ("$4m" is 4e6, "4 m" is four of something); "pounds" is money
only with a scale word or "sterling" ("135 pounds" is a weight).

Example:
    >>> a = parse_amount("about $60 billion")
    >>> (a.value, a.low, a.high, a.unit, a.scale, a.hedge)
    (60000000000.0, 55000000000.0, 65000000000.0, 'USD', 'billion', 'about')
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ...lexicons import mapping

__all__ = ["Amount", "HEDGES", "parse_amount", "hedge_before", "word_number"]

# Hedge words, longest first so "no more than" wins over "more than".
HEDGES: tuple[tuple[str, str], ...] = (
    ("no more than", "at_most"),
    ("no fewer than", "at_least"),
    ("no less than", "at_least"),
    ("not more than", "at_most"),
    ("not less than", "at_least"),
    ("as many as", "up_to"),
    ("as much as", "up_to"),
    ("as high as", "up_to"),
    ("upwards of", "more_than"),
    ("in excess of", "more_than"),
    ("more than", "more_than"),
    ("greater than", "more_than"),
    ("fewer than", "less_than"),
    ("less than", "less_than"),
    ("at least", "at_least"),
    ("at most", "at_most"),
    ("a maximum of", "at_most"),
    ("a minimum of", "at_least"),
    ("up to", "up_to"),
    ("close to", "about"),
    ("an estimated", "about"),
    ("estimated", "about"),
    ("approximately", "about"),
    ("roughly", "about"),
    ("around", "about"),
    ("about", "about"),
    ("nearly", "about"),
    ("almost", "about"),
    ("near", "about"),
    ("some", "about"),
    ("circa", "about"),
    ("approx.", "about"),
    ("over", "more_than"),
    ("above", "more_than"),
    ("under", "less_than"),
    ("below", "less_than"),
    ("only", "exact"),
    ("just", "exact"),
    ("a mere", "exact"),
    ("exactly", "exact"),
    ("precisely", "exact"),
)
# Words that hedge downwards: "nearly 60" means a little under 60.
_BELOW = ("nearly", "almost", "close to")

# Currency marks before or after the number -> ISO 4217 code.
_CURRENCY_PREFIX: tuple[tuple[str, str], ...] = (
    ("us$", "USD"),
    ("usd", "USD"),
    ("a$", "AUD"),
    ("c$", "CAD"),
    ("hk$", "HKD"),
    ("$", "USD"),
    ("£", "GBP"),
    ("gbp", "GBP"),
    ("€", "EUR"),
    ("eur", "EUR"),
    ("₹", "INR"),
    ("rs.", "INR"),
    ("rs", "INR"),
    ("inr", "INR"),
    ("¥", "JPY"),
    ("rmb", "CNY"),
    ("₽", "RUB"),
)
_CURRENCY_WORDS: dict[str, str] = dict(mapping("currency_words"))

# Scale words as written -> multiplier.
SCALES: dict[str, float] = {k: float(v) for k, v in mapping("scale_words").items()}
# A scale word after a number ("4 billion", "$3bn", "Rs 5 crore"); longest first, though with
# the closing \b no two of them can match at one place.
_SCALE_AFTER = re.compile(r"\s*-?\s*(" + "|".join(sorted(SCALES, key=lambda w: (-len(w), w))) + r")\b", re.I)

_NUMBERS = {w: int(v) for w, v in mapping("number_words").items()}
_UNITS: dict[str, int] = {w: v for w, v in _NUMBERS.items() if v < 20}
_TENS: dict[str, int] = {w: v for w, v in _NUMBERS.items() if 20 <= v < 100}
# A number written in words: "twenty-five", "a hundred and ten", "a dozen".
_WORD_NUMBER = (r"((?:" + "|".join(["a", *(w for w in _NUMBERS if w != "zero"), "thousand", "dozen", "and"])
                + r")(?:[\s-]+|$))+")

# Vague quantities: (pattern, low, high). "several dozen" = 2..9 dozen.
_VAGUE: tuple[tuple[str, float, float], ...] = (
    (r"several dozens?|a few dozens?|dozens|the dozens", 24, 108),
    (r"several hundreds?|a few hundreds?|hundreds", 200, 999),
    (r"several thousands?|a few thousands?|thousands", 2000, 9999),
    (r"tens of thousands", 20_000, 99_999),
    (r"hundreds of thousands", 200_000, 999_999),
    (r"several millions?|millions", 2e6, 999e6),
    (r"several billions?|billions", 2e9, 999e9),
)

_DENOMINATORS = {k: int(v) for k, v in mapping("fraction_words").items()}
_FRACTION = re.compile(r"(?:(a|one|two|three|four|nine)[\s-]+)?(halves|half|thirds?|quarters?|fifths?|tenths?)\b(?=\s+of\b|\s*$)")
_PERCENT = re.compile(r"\s*(%|per\s?cent\b|percent\b|pc\b|percentage points?\b)", re.I)
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")


@dataclass(frozen=True, slots=True)
class Amount:
    """A number phrase read into values. ``unit`` is an ISO currency code,
    ``percent``, ``percentage points`` or ``""`` (the caller adds the counted
    noun); ``written`` is the number part as written ("60", "four")."""

    value: float | None
    low: float | None
    high: float | None
    unit: str
    scale: str
    hedge: str
    written: str = ""


def hedge_before(text: str) -> tuple[str, int]:
    """The hedge that ends ``text`` (the words just before a number).

    Returns ``(hedge, length)``: the hedge name and how many characters of
    ``text`` it takes, or ``("", 0)``. Used to widen a spaCy span that left
    the hedge out ("amounted near $61.44 billion").
    """
    low = text.lower()
    for words, hedge in HEDGES:
        if low.endswith(words) and (len(low) == len(words) or not low[-len(words) - 1].isalnum()):
            return hedge, len(words)
    return "", 0


def word_number(text: str) -> float | None:
    """Read written-out numbers: "four", "twenty-five", "two hundred", "a dozen"."""
    words = re.split(r"[\s-]+", text.lower().strip())
    words = [w for w in words if w and w != "and"]
    if not words:
        return None
    if words in (["a", "dozen"], ["dozen"], ["one", "dozen"]):
        return 12.0
    if words[-1] == "dozen" and len(words) == 2:
        n = word_number(words[0])
        return None if n is None else n * 12
    total, current = 0.0, 0.0
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in ("thousand", "million", "billion", "trillion"):
            total += (current or 1) * SCALES[w]
            current = 0
        elif w == "a" and len(words) > 1:
            current += 0  # "a hundred", "a million"
        else:
            return None
    return total + current


def _strip_hedge(text: str) -> tuple[str, str]:
    low = text.lower()
    for words, hedge in HEDGES:
        if low.startswith(words + " ") or (low.startswith(words) and words.endswith(".")):
            return hedge, text[len(words):].strip()
    return "exact", text


def _currency(text: str) -> tuple[str, str]:
    """Split a leading currency mark off; return (code, rest)."""
    low = text.lower()
    for mark, code in _CURRENCY_PREFIX:
        if low.startswith(mark):
            rest = text[len(mark):]
            if mark[-1].isalpha() and rest[:1].isalpha():
                continue  # "rsvp", "eurozone"
            return code, rest.strip()
    return "", text


def _precision(written: str) -> float:
    """The place of the last written significant digit ("61.44" -> 0.01, "14,000" -> 1000)."""
    digits = written.replace(",", "")
    if "." in digits:
        return 10.0 ** -len(digits.split(".")[1])
    stripped = digits.rstrip("0")
    return 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0


def _interval(value: float, step: float, hedge: str, hedge_words: str, rounded: bool) -> tuple[float | None, float | None]:
    """Bounds the hedge and written precision allow around ``value``."""
    half = step / 2 if rounded else 0.0
    if hedge == "about":
        spread = max(half, 0.05 * abs(value), step / 2)
        if hedge_words in _BELOW:
            return value - 2 * spread, value
        return value - spread, value + spread
    if hedge in ("less_than", "at_most", "up_to"):
        return None, value
    if hedge in ("more_than", "at_least"):
        return value, None
    return value - half, value + half


def parse_amount(text: str) -> Amount | None:
    """Read a number phrase; ``None`` if it holds no number.

    Args:
        text: the phrase as written, hedge included ("less than $5 billion",
            "At least four", "£50.76bn", "33%", "several dozen").

    Returns:
        An :class:`Amount`; ``unit`` is the currency code, ``percent``, or
        ``""`` for plain counts.
    """
    s = " ".join(text.replace("\u2009", " ").replace("\xa0", " ").split()).strip(" ,.;:()")
    hedge, rest = _strip_hedge(s)
    hedge_words = s[: len(s) - len(rest)].strip().lower()
    currency, rest = _currency(rest)
    low_rest = rest.lower()

    # Counts the writer says are unknown, or only "more than one".
    um = re.match(r"(?:an?\s+)?(unknown|undisclosed|unspecified|uncertain|multiple)\b(?:\s+number\b)?", low_rest)
    if um:
        low_bound = 2.0 if um.group(1) == "multiple" else None
        return Amount(None, low_bound, None, currency, "", "vague", rest[: um.end()])
    # Vague quantities first: "several dozen", "dozens", "billions of dollars".
    for pattern, lo, hi in _VAGUE:
        m = re.match(rf"(?:{pattern})\b(?:\s+of\s+(\w+))?", low_rest)
        if m:
            unit = currency or _CURRENCY_WORDS.get(m.group(1) or "", "")
            return Amount(None, float(lo), float(hi), unit, "", "vague", rest[: m.end()])

    fm = _FRACTION.match(low_rest)
    if fm:  # "three-quarters", "a third", "half": a share, stored like a percentage
        n = 1 if fm.group(1) in (None, "a", "one") else _UNITS[fm.group(1)]
        value = _clean(n / _DENOMINATORS[fm.group(2).rstrip("s").replace("halve", "half")]) or 0.0
        low, high = _interval(value, 0.0, hedge, hedge_words, False)
        return Amount(value, _clean(low), _clean(high), "percent", "", hedge, rest[: fm.end()])
    m = _DIGITS.search(rest)
    if m and m.start() <= 1:
        written = m.group(0)
        value = float(written.replace(",", ""))
        after = rest[m.end():]
        step = _precision(written)
        rounded = "." not in written and len(written.replace(",", "")) - len(written.replace(",", "").rstrip("0")) >= 2
    else:
        wm = re.match(_WORD_NUMBER, low_rest + " ")
        if not wm:
            return None
        written = rest[: wm.end()].strip()
        # a trailing scale word belongs to the scale, not the number
        parts = written.split()
        if len(parts) > 1 and parts[-1].lower() in ("million", "billion", "trillion", "thousand"):
            written = " ".join(parts[:-1])
        value_or_none = word_number(written)
        if value_or_none is None:
            return None
        value = value_or_none
        after = rest[len(written):]
        step = 1.0
        rounded = written.lower().endswith("dozen") or value >= 100 and value % 100 == 0
        if written.lower() in ("a dozen", "dozen") and hedge == "exact":
            hedge, hedge_words, rounded, step = "about", "about", True, 4.0

    scale = ""
    sm = None if currency == "" and re.match(r"\s*[bmkBMK]\b", after) else _SCALE_AFTER.match(after)
    if sm:
        scale = sm.group(1)
        mult = SCALES[scale.lower()]
        value *= mult
        step *= mult
        rounded = True
        after = after[sm.end():]

    unit = currency
    pm = _PERCENT.match(after)
    if pm:
        pword = pm.group(1).lower()
        unit = "percentage points" if pword.startswith("percentage") else "percent"
        value /= 100 if unit == "percent" else 1
        step /= 100 if unit == "percent" else 1
        rounded = True  # "33%" stands for 32.5..33.5
    elif not unit:
        cm = re.match(r"\s*(?:of\s+)?(?:us\s+)?(\w+)", after, re.I)
        word = cm.group(1).lower() if cm else ""
        if word in ("pound", "pounds", "sterling") and (scale or word == "sterling" or re.match(r"\s*pounds? sterling", after, re.I)):
            unit = "GBP"  # "5 million pounds"; "135 pounds" is a weight
            rounded = rounded or "." not in written
        elif cm and word in _CURRENCY_WORDS:
            unit = _CURRENCY_WORDS[cm.group(1).lower()]
            rounded = rounded or "." not in written
    elif currency and "." not in written:
        rounded = rounded or bool(scale)
    low, high = _interval(value, step, hedge, hedge_words, rounded)
    return Amount(_clean(value), _clean(low), _clean(high), unit, scale, hedge, written)


def _clean(x: float | None) -> float | None:
    """Drop float noise (55000000000.004 -> 55000000000.0)."""
    if x is None:
        return None
    if x == 0:
        return 0.0
    digits = 12 - int(math.floor(math.log10(abs(x))))
    return round(x, digits)
