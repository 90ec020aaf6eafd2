"""Date and time expressions, resolved against the article's own date.

:func:`extract_dates` reads the spaCy ``DATE``/``TIME`` entities of an
article (plus capitalised weekdays and "yesterday"/"tomorrow" the model
missed) and resolves each to the precision the text gives: a day
``"2024-07-08"``, an ISO week ``"2024-W28"``, a month ``"2024-06"`` or a year
``"2019"``. Durations ("five years"), ages and frequencies ("annually") are
not points in time: durations are kept with ``kind="duration"`` and no value,
ages and frequencies are dropped.

Why rules first and dateparser second: dateparser is only ever given an
entity span (on running text it reads "about $60" as 1960), and even there
it is wrong for the expressions news uses most. A bare weekday comes back as
the previous week's ("on Monday" in an article dated Monday 2024-07-08 gives
2024-07-01), "late June" and "last December" give nothing, "five years"
gives 2019 and "the 1990s" gives the current minute. So weekdays, months,
deictic words (last/this/next, yesterday, ago) and durations are resolved
here, and dateparser (with ``RELATIVE_BASE`` = the anchor) reads only the
numeric forms whose day/month order needs its rules ("07/08/2024",
"8.7.2024"). A bare number in a DATE span ("Schiff, 56,") is not a date.

A bare weekday means the nearest such day in the article's week, read with
the clause's tense: past ("landed on Monday") -> the latest such day on or
before the anchor; future ("will visit on Monday", "is set to meet",
"begins on Tuesday") -> the first on or after; otherwise the nearest. A
month without a year is in the anchor's year, the year before when the
clause is past and the month lies after the anchor's, the year after when it
is future and the month lies before.

The anchor is the article's own date (:func:`article_anchor`); an undated
article takes its story's (:func:`story_anchor`).

Example:
    >>> from newsfuse.facts.nlp import load_nlp        # doctest: +SKIP
    >>> nlp = load_nlp()                                # doctest: +SKIP
    >>> [(d.text, d.value) for d in extract_dates(article, nlp(article.text), "2024-07-08")]  # doctest: +SKIP
    [('on Monday', '2024-07-08'), ('five years', ''), ('last month', '2024-06')]
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING, Iterable, Sequence

from ..lexicons import entries, mapping, month_names, words
from ..model import Article
from .records import AnchorSource, DateKind, DateMention
from .token_scan import TokenScan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

__all__ = ["extract_dates", "article_anchor", "story_anchor", "anchors_for", "resolve_expression", "clause_tense",
           "parse_anchor"]

WEEKDAYS = {k: int(v) for k, v in mapping("weekdays").items()}
MONTHS = {k: int(v) for k, v in mapping("months").items()}
UNITS = set(words("time_units"))
NUMBER_WORDS = {"a": 1, "an": 1} | {w: int(mapping("number_words")[w]) for w in entries("number_words_dates")}
FREQUENCY_WORDS = set(words("frequency_words"))
# Prepositions kept in the mention's text ("on Monday", "since 2019", "in June").
POINT_PREPOSITIONS = set(words("date_prepositions"))
# "X is set to / expected to / due to ..." and present-tense scheduled verbs read as future.
FUTURE_GOVERNORS = set(words("future_governors"))
SCHEDULED_VERBS = set(words("scheduled_verbs"))
ORDINALS = set(words("date_ordinals"))
SCALE_WORDS = {"thousand", "million", "billion", "trillion", "bn", "m", "percent", "%"}
ANAPHORIC_YEAR = {k: int(v) for k, v in mapping("anaphoric_years").items()}

MONTH_NAMES = month_names()
_MONTH_ABBREVIATIONS = tuple(m for m in MONTHS if m not in MONTH_NAMES)
_MONTH_RE = r"\b(?P<month>" + "|".join(MONTH_NAMES + _MONTH_ABBREVIATIONS) + r")(?:\.|\b)"
_RANGE_END = r"(?:\s*(?:-|\u2013|to|and)\s*\d{1,2}(?:st|nd|rd|th)?)?"  # "July 8-9", "8 to 9 July": the first day
_MDY = re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?" + _RANGE_END + r"\b(?:,?\s+(?P<year>\d{4})\b)?")
_DMY = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?" + _RANGE_END + r"\s+(?:of\s+)?" + _MONTH_RE
                  + r"(?:,?\s+(?P<year>\d{4})\b)?")
_MY = re.compile(_MONTH_RE + r"(?:,?\s+(?:of\s+)?(?P<year>\d{4})\b)?")
_YEAR = re.compile(r"(?<![\d$£€])(?P<year>1[5-9]\d\d|20\d\d|2100)(?!\d|s\b|’s|'s)")
_DECADE = re.compile(r"\b(1[5-9]|20)\d0s\b|\b\d0s\b")
_ISOISH = re.compile(r"\b(?:\d{4}-\d{2}-\d{2}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b")
_NAMED_DAY = re.compile(r"\b[A-Z][a-z]+(?:'s)? Day\b")  # "Labor Day", "Election Day": a name, not a unit
_WORD = re.compile(r"[a-z]+|\d+")


def _iso_week(day: _dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def parse_anchor(anchor: str | None) -> _dt.date | None:
    """The day of an ISO anchor ("2024-07-08", or a longer timestamp), or None."""
    if not anchor:
        return None
    try:
        return _dt.date.fromisoformat(anchor[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------
# Tense of the clause a date sits in
# --------------------------------------------------------------------------


def _governing_verb(token: "Token") -> "Token | None":
    """The nearest verb at or above ``token`` in the parse (not an adjectival participle)."""
    tok = token
    for _ in range(12):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound"):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def clause_tense(token: "Token") -> str:
    """``past``, ``future``, ``present`` or ``""`` for the clause governing ``token``.

    Walks up from the date to its verb ("briefing on Friday" -> "said"), and
    from participles and infinitives ("spanning into Tuesday", "to meet") to
    the verb that carries tense; "will", "would", "is set/expected to" and
    present-tense scheduled verbs ("begins on Tuesday") read as future.
    """
    verb = _governing_verb(token)
    infinitive = False  # came up from "to meet": an untensed head reads as a plan
    for _ in range(6):
        if verb is None:
            return "future" if infinitive else ""
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        words = {a.lower_ for a in auxes}
        if words & {"will", "shall", "'ll", "’ll", "would", "wo"}:
            return "future"
        head = verb.head
        if verb.dep_ == "xcomp" and head.lemma_.lower() in FUTURE_GOVERNORS and head is not verb:
            if head.lemma_.lower() != "go" or head.tag_ == "VBG":
                return "past" if _own_tense(head) == "past" else "future"
        tensed_aux = [a for a in auxes if a.tag_ != "TO"]
        if verb.tag_ == "VB" and verb.dep_ == "ROOT" and auxes and not tensed_aux:
            return "future"  # headline style: "Modi to meet Putin on Monday"
        if verb.tag_ in ("VB", "VBG", "VBN") and not tensed_aux and head is not verb and verb.dep_ != "ROOT":
            infinitive = verb.tag_ == "VB" and bool(auxes)
            verb = _governing_verb(head)  # "spanning into Tuesday", "to meet": the verb it hangs on
            continue
        if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "future"  # "is meeting him on Tuesday": a plan
        tense = _own_tense(verb)
        return "future" if infinitive and not tense else tense
    return ""


def _own_tense(verb: "Token") -> str:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ in ("VBD",) or a.lemma_ == "have" for a in auxes):
        return "past"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and not auxes:
        return "past"
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_.lower() in SCHEDULED_VERBS:
        return "future"  # "the summit begins on Tuesday"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    return ""


# --------------------------------------------------------------------------
# Resolving one expression
# --------------------------------------------------------------------------


def _weekday(target: int, anchor: _dt.date, tense: str, modifier: str) -> _dt.date:
    back = (anchor.weekday() - target) % 7  # days back to the latest such day (0 = the anchor)
    fwd = (target - anchor.weekday()) % 7
    if modifier == "last":
        return anchor - _dt.timedelta(days=back or 7)
    if modifier == "next":
        return anchor + _dt.timedelta(days=fwd or 7)
    if tense == "past":
        return anchor - _dt.timedelta(days=back)
    if tense == "future":
        return anchor + _dt.timedelta(days=fwd)
    return anchor - _dt.timedelta(days=back) if back <= fwd else anchor + _dt.timedelta(days=fwd)


def _year_for(month: int, day: int | None, anchor: _dt.date, tense: str, modifier: str) -> int:
    """The year of a month (and day) written without one."""
    here = (month, day or 0)
    now = (anchor.month, anchor.day if day else 0)
    if modifier == "last":
        return anchor.year if here < now else anchor.year - 1
    if modifier == "next":
        return anchor.year if here > now else anchor.year + 1
    if tense == "past" and here > now:
        return anchor.year - 1
    if tense == "future" and here < now:
        return anchor.year + 1
    return anchor.year


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def resolve_expression(text: str, anchor: str | None, tense: str = "", previous_year: str = "") -> tuple[str, str] | None:
    """``(kind, value)`` for one date expression, or ``None`` when it is not a date.

    ``text`` is the expression without its preposition ("Monday", "last
    month", "February 2022"); ``anchor`` an ISO date or ``None``; ``tense``
    as from :func:`clause_tense`; ``previous_year`` the year the text last
    named, for "that same year" and "the following year". ``value`` is ``""`` when the expression
    needs an anchor that is missing, or cannot be resolved.

    Example:
        >>> resolve_expression("Monday", "2024-07-08", "past")
        ('relative', '2024-07-08')
        >>> resolve_expression("last month", "2024-07-08")
        ('relative', '2024-06')
        >>> resolve_expression("five years", "2024-07-08")
        ('duration', '')
    """
    if _NAMED_DAY.search(text.replace("’", "'")):
        return ("relative", "")
    low = text.lower().replace("’", "'").replace("'s", "").strip(" ,.;:")
    low = re.sub(r"\s+", " ", low)
    words = _WORD.findall(low)
    if not words:
        return None
    day0 = parse_anchor(anchor)
    wordset = set(words)

    # Not points in time: ages and frequencies.
    if "old" in wordset or "aged" in wordset or re.search(r"\d+-year-old|year-old", low):
        return None
    if wordset & FREQUENCY_WORDS and not (wordset & set(MONTHS) or _YEAR.search(low) or wordset & set(WEEKDAYS)):
        return None

    # Years a text refers back to ("that same year").
    for phrase, delta in ANAPHORIC_YEAR.items():
        if low == phrase or low.endswith(" " + phrase):
            return ("relative", f"{int(previous_year) + delta:04d}" if previous_year else "")

    # Full or partial calendar dates.
    for pattern in (_MDY, _DMY):
        m = pattern.search(low)
        if m:
            month, day = MONTHS[m.group("month")], int(m.group("day"))
            if not 1 <= day <= 31:
                continue
            if m.group("year"):
                year = int(m.group("year"))
            elif day0 is not None:
                year = _year_for(month, day, day0, tense, _modifier(low, m.start()))
            else:
                return ("absolute", "")
            try:
                return ("absolute", _dt.date(year, month, day).isoformat())
            except ValueError:
                return ("absolute", "")
    m = _MY.search(low)
    if m:
        month = MONTHS[m.group("month")]
        if m.group("year"):
            return ("absolute", f"{int(m.group('year')):04d}-{month:02d}")
        if day0 is None:
            return ("relative", "")
        year = _year_for(month, None, day0, tense, _modifier(low, m.start()))
        return ("relative", f"{year:04d}-{month:02d}")

    # Weekdays and day words.
    for i, w in enumerate(words):
        if w in WEEKDAYS:
            if day0 is None:
                return ("relative", "")
            modifier = words[i - 1] if i and words[i - 1] in ("last", "next", "this") else ""
            return ("relative", _weekday(WEEKDAYS[w], day0, tense, modifier).isoformat())
    for w, delta in (("yesterday", -1), ("today", 0), ("tonight", 0), ("tomorrow", 1)):
        if w in wordset:
            return ("relative", (day0 + _dt.timedelta(days=delta)).isoformat() if day0 else "")
    if low in ("last night", "this morning", "this afternoon", "this evening", "earlier today", "later today"):
        delta = -1 if low == "last night" else 0
        return ("relative", (day0 + _dt.timedelta(days=delta)).isoformat() if day0 else "")

    # "two years ago", "a week ago".
    if words[-1] == "ago" and len(words) >= 3 and words[-2].rstrip("s") in UNITS:
        n, unit = _number(words[-3]), words[-2].rstrip("s")
        if n is None or day0 is None:
            return ("relative", "")
        return ("relative", _shift(day0, unit, -n))

    # last/this/next + unit ("last month", "earlier this week", "next year").
    m = re.search(r"\b(last|this|next|past|coming|current|previous)\s+(week|weekend|month|year|quarter)\b", low)
    if m and not (low.startswith("the ") and m.group(1) in ("past", "last", "coming")):
        word, unit = m.group(1), m.group(2)
        delta = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(word, 0)
        if day0 is None:
            return ("relative", "")
        if unit == "weekend":
            saturday = day0 + _dt.timedelta(days=(5 - day0.weekday()) % 7)
            if day0.weekday() == 6 or delta < 0:
                saturday -= _dt.timedelta(days=7)
            return ("relative", (saturday + _dt.timedelta(days=7 * max(delta, 0))).isoformat())
        if unit == "quarter":
            return ("relative", "")
        return ("relative", _shift(day0, unit, delta))

    # Numeric dates: ISO directly, others ("07/08/2024") as dateparser reads them.
    m = _ISOISH.search(low)
    if m:
        try:
            return ("absolute", _dt.date.fromisoformat(m.group(0)).isoformat())
        except ValueError:
            parsed = _dateparse(m.group(0), day0)
            return ("absolute", parsed) if len(parsed) == 10 else None

    # Years: "2019", "mid-2023", "the 2022 invasion".
    m = _YEAR.search(low)
    if m:
        return ("year", m.group("year"))
    if _DECADE.search(low):
        return ("year", "")

    # Durations: a time unit counted, or in the plural ("five years", "two-day", "recent decades").
    unit_words = [w for w in words if w.rstrip("s") in UNITS or w in ("centuries",)]
    if "last-minute" in low or (unit_words and wordset & ORDINALS and not any(w.isdigit() or w in NUMBER_WORDS for w in words)
                                and all(w in UNITS for w in unit_words)):
        return None  # "the first day (of the summit)", "a last-minute push": no point we can place
    if unit_words:
        return ("duration", "")

    # Anything else ("56" in "Schiff, 56,", "6'3\"") is an age or a measure, not a date.
    return None


def _modifier(low: str, month_at: int) -> str:
    before = low[:month_at].split()
    return before[-1] if before and before[-1] in ("last", "next", "this") else ""


def _shift(day0: _dt.date, unit: str, n: int) -> str:
    if unit == "day":
        return (day0 + _dt.timedelta(days=n)).isoformat()
    if unit in ("week", "fortnight"):
        return _iso_week(day0 + _dt.timedelta(days=7 * n * (2 if unit == "fortnight" else 1)))
    if unit == "month":
        year, month = _month_shift(day0.year, day0.month, n)
        return f"{year:04d}-{month:02d}"
    if unit == "year":
        return f"{day0.year + n:04d}"
    if unit == "decade":
        return ""
    return day0.isoformat() if unit in ("hour", "minute") else ""


def _dateparse(text: str, day0: _dt.date | None) -> str:
    """dateparser on one short span, to the precision it reports."""
    from dateparser.date import DateDataParser

    settings: dict = {"RETURN_TIME_AS_PERIOD": True, "PREFER_DAY_OF_MONTH": "first"}
    if "." in text:
        settings["DATE_ORDER"] = "DMY"  # dotted numeric dates are day-first where they are written
    if day0 is not None:
        settings["RELATIVE_BASE"] = _dt.datetime(day0.year, day0.month, day0.day)
    parser = DateDataParser(languages=["en"], settings=settings)
    data = parser.get_date_data(text)
    when, period = data.date_obj, data.period
    if when is None or not 1000 <= when.year <= 2200:
        return ""
    if period == "day":
        return when.date().isoformat()
    if period == "week":
        return _iso_week(when.date())
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "year":
        return f"{when.year:04d}"
    return ""


# --------------------------------------------------------------------------
# Mentions in an article
# --------------------------------------------------------------------------


_DAY_WORDS = frozenset(WEEKDAYS) | {"yesterday", "tomorrow"}  # what _candidate_spans looks for


def _candidate_spans(doc: "Doc", ents: "tuple[SpacySpan, ...] | None" = None,
                     scan: TokenScan | None = None) -> list[tuple[int, int]]:
    """Token ranges ``(i, j)`` of DATE/TIME entities and of weekdays the model missed
    (``ents``: ``doc.ents`` when the caller has them; it is rebuilt on every call)."""
    ents = doc.ents if ents is None else ents
    spans = [(e.start, e.end) for e in ents if e.label_ in ("DATE", "TIME")]
    inside = {i for e in ents for i in range(e.start, e.end)}
    scan = TokenScan(doc) if scan is None else scan
    for tok in scan.tokens(scan.among("LOWER", _DAY_WORDS)):
        if tok.i in inside:
            continue
        word = tok.lower_
        if (tok.text[:1].isupper() and word in WEEKDAYS) or word in ("yesterday", "tomorrow"):
            spans.append((tok.i, tok.i + 1))
    return sorted(spans)


def extract_dates(article: Article, doc: "Doc", anchor: str | None,
                  anchor_source: str = "article", *, checked: bool = False,
                  ents: "tuple[SpacySpan, ...] | None" = None, scan: TokenScan | None = None) -> list[DateMention]:
    """Date mentions of one article, resolved against ``anchor`` (an ISO date).

    Args:
        article: the article; offsets index ``article.text``.
        doc: a spaCy ``Doc`` of ``article.text`` (with NER and the parser).
        anchor: the date relative expressions mean relative to, normally from
            :func:`article_anchor` or :func:`story_anchor`; ``None`` leaves
            relative mentions unresolved (``value == ""``).
        anchor_source: where the anchor came from (``article``, ``lead``, ``story``).
        checked: the caller has made sure that ``doc.text == article.text``
            (``Doc.text`` rebuilds the text from every token).
        ents: ``doc.ents`` when the caller has them (``Doc.ents`` makes new
            spans on every call); ``scan``: a :class:`TokenScan` of ``doc`` to share.

    Returns:
        Mentions in text order; ``article.text[m.start:m.end] == m.text``.
        Ages and frequencies ("65 years old", "annually") are left out.
    """
    if not checked and doc.text != article.text:
        raise ValueError("the Doc was not made from article.text")
    out: list[DateMention] = []
    last_year: str = ""
    for i, j in _candidate_spans(doc, ents, scan):
        span = doc[i:j]
        tense = clause_tense(span.root)
        resolved = resolve_expression(span.text, anchor, tense, last_year)
        if resolved is None:
            continue
        kind, value = resolved
        start, end = span.start_char, span.end_char
        prev = doc[i - 1] if i > 0 else None
        if kind == "duration" and prev is not None and span[0].lower_ in ("a", "per") and (
            prev.like_num or prev.lower_ in SCALE_WORDS or prev.is_currency
        ):
            continue  # "$60 billion a year": a rate, not a time
        if kind != "duration" and prev is not None and prev.lower_ in POINT_PREPOSITIONS and (
            span.root.head.i == prev.i or prev.lower_ == "since"
        ):
            start = prev.idx
            if prev.lower_ == "since":
                kind = "since"
        if value and kind != "duration" and len(value) >= 4 and value[:4].isdigit():
            last_year = value[:4]
        out.append(DateMention(
            article=article.id, text=article.text[start:end], start=start, end=end, kind=DateKind(kind), value=value,
            anchor=anchor or "", anchor_source=AnchorSource(anchor_source if anchor else ""),
        ))
    return out


# --------------------------------------------------------------------------
# Anchors
# --------------------------------------------------------------------------

_FULL_DATE = re.compile(
    r"\b(?:" + _MONTH_RE.replace("?P<month>", "?:") + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH_RE.replace("?P<month>", "?:") + r",?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)


def _full_date(text: str) -> str | None:
    m = _FULL_DATE.search(text)
    if not m:
        return None
    resolved = resolve_expression(m.group(0), None)
    if resolved and len(resolved[1]) == 10:
        return resolved[1]
    try:
        return _dt.date.fromisoformat(m.group(0)).isoformat()
    except ValueError:
        return None


_DATELINE_DASH = re.compile(r"\s[\u2014\u2013-]{1,2}\s")
_LEAD_START = re.compile(r"^[\W_]*(?:(?:on|published|updated|posted|dated?)\b\s*:?\s*)?", re.IGNORECASE)


def _lead_date(paragraph: str) -> str | None:
    """A full date in the dateline part of a lead, or opening its first sentence.

    "date 2024-07-08 (Bloomberg) \u2014 ...", "PARIS, July 8, 2024 (AFP) \u2014",
    "WASHINGTON \u2014 On July 9, 2024, ..." give a date; "... a referendum for
    June 5, 2016 ..." in the middle of the sentence does not (an event's date).
    """
    dash = _DATELINE_DASH.search(paragraph[:120])
    rest = paragraph
    if dash:
        found = _full_date(paragraph[: dash.start()])
        if found:
            return found
        rest = paragraph[dash.end() :]
    head = rest[_LEAD_START.match(rest).end() :]
    m = _FULL_DATE.match(head)
    return _full_date(m.group(0)) if m else None


def article_anchor(article: Article) -> tuple[str | None, str]:
    """The article's own date and where it came from.

    ``(Article.date, "article")`` when ingest found one (metadata, a date
    header line); else a full date in the dateline, or in the dateline part
    of the first paragraph or opening its first sentence, ``(date, "lead")``;
    else ``(None, "")``. Dates elsewhere are not taken: they are more often
    the date of something reported than of the report.
    """
    if article.date:
        day = parse_anchor(article.date)
        if day is not None:
            return day.isoformat(), "article"
    found = _full_date(article.dateline or "")
    if not found:
        first = article.paragraphs[0] if article.paragraphs else None
        found = _lead_date(article.text[first.start : first.end] if first else article.text[:400])
    return (found, "lead") if found else (None, "")


def story_anchor(articles: Iterable[Article]) -> str | None:
    """The date an undated article of a story is read against: the earliest stated one.

    Earliest, because the articles of a story gather around the event and
    later-dated ones are mostly follow-ups; reading an undated report's "on
    Monday" against the first report keeps it on the event's week rather than
    drifting forward with the latest follow-up. ``None`` when no article
    states a date.
    """
    dates = [d for d, _src in (article_anchor(a) for a in articles) if d]
    return min(dates) if dates else None


def anchors_for(articles: Sequence[Article]) -> list[tuple[str | None, str]]:
    """``(anchor, source)`` per article: its own date, else the story's (source ``story``)."""
    own = [article_anchor(a) for a in articles]
    dated = [d for d, _ in own if d]
    story = min(dated) if dated else None
    return [(d, src) if d else ((story, "story") if story else (None, "")) for d, src in own]
