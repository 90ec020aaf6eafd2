"""The facts step: parse a story's articles once and run every fact extractor.

:class:`FactExtractor` parses each article with ``nlp.pipe`` (one ``Doc``
per article, shared by all extractors), finds each article's date anchor
(its own date, else the story's: :func:`newsfuse.facts.dates.anchors_for`),
and runs, in order:

========  ====================================================  ===========
step      function                                              scope
========  ====================================================  ===========
quotes    :func:`newsfuse.facts.quotes.extract_quotes`           per article
dates     :func:`newsfuse.facts.dates.extract_dates`             per article
claims    ``newsfuse.facts.claims.extract_claims``               per article
entities  ``newsfuse.facts.entities.resolve_entities``           the story
events    ``newsfuse.facts.events.extract_events``               per article
========  ====================================================  ===========

Claims, entities and events are optional steps: they are imported when a
run starts, and a step whose module is missing or fails to import is
skipped and named in :attr:`FactRun.skipped` (so the facts step works while
those modules are being written, and reports what it left out). A failure
on one article is caught at the step boundary, counted in
:attr:`FactRun.errors`, and the other articles go on.

Once entities are resolved, a quote's speaker becomes the entity's canonical
name when one of the entity's mentions heads the quote's speaker span
("Mr. Kwatra" -> "Vinay Kwatra"; "Indian officials" stays as it is).

:func:`facts_to_json` turns :class:`~newsfuse.facts.records.StoryFacts`
into the JSON contract (offsets index each article's clean text).

Example:
    >>> from newsfuse.facts.nlp import load_nlp                  # doctest: +SKIP
    >>> run = FactExtractor(load_nlp()).run(articles)            # doctest: +SKIP
    >>> facts_to_json(run.facts)["quotes"][0]["speaker"]         # doctest: +SKIP
    'Vinay Kwatra'
    >>> run.seconds["parse"]                                     # doctest: +SKIP
    1.92
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import logging
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from ..model import Article
from .dates import anchors_for, extract_dates
from .paragraph_parse import paragraph_docs
from .quotes import QuoteConfig, QuoteExtractor
from .records import StoryFacts
from .token_scan import TokenScan, doc_text

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["STEPS", "FactConfig", "FactRun", "FactExtractor", "facts_to_json"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

STEPS = ("parse", "quotes", "dates", "claims", "entities", "events")
# Optional steps: (step, module, function).
OPTIONAL_STEPS = (
    ("claims", "newsfuse.facts.claims", "extract_claims"),
    ("entities", "newsfuse.facts.entities", "resolve_entities"),
    ("events", "newsfuse.facts.events", "extract_events"),
)
JSON_KEYS = ("entities", "quotes", "claims", "dates", "events")


@dataclass(frozen=True)
class FactConfig:
    """How :class:`FactExtractor` runs.

    Attributes:
        batch_size: texts per ``nlp.pipe`` batch.
        n_process: ``nlp.pipe`` worker processes (2 pays off only for many
            articles: see ``bench/facts.py``).
        quotes: the quote extractor's switches.
        steps: the steps to run (``parse`` always runs).
    """

    batch_size: int = 16
    n_process: int = 1
    quotes: QuoteConfig = QuoteConfig()
    steps: tuple[str, ...] = STEPS


@dataclass(frozen=True)
class FactRun:
    """One run's facts and what it cost.

    Attributes:
        facts: the extracted facts.
        seconds: wall seconds per step (``parse``, ``quotes``, ...), summed
            over articles; a skipped step is absent.
        cpu_seconds: this process's CPU seconds per step (for ``parse`` with
            ``n_process > 1`` the workers' CPU is not in it).
        counts: records per step (``parse``: articles).
        skipped: step -> why it did not run ("newsfuse.facts.claims is not available").
        errors: one line per failed (step, article): ``"claims 002: ValueError: ..."``.
        words: whitespace-separated words in the articles' texts.
    """

    facts: StoryFacts
    seconds: Mapping[str, float] = field(default_factory=dict)
    cpu_seconds: Mapping[str, float] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)
    skipped: Mapping[str, str] = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    words: int = 0

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def _optional(module: str, name: str) -> tuple[Callable[..., Any] | None, str]:
    """The function ``module.name``, or ``None`` and why it is not there."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None, f"{module} is not available"
        return None, f"{module} cannot be imported: {exc}"
    except Exception as exc:  # a half-written module must not stop the other steps
        return None, f"{module} cannot be imported: {type(exc).__name__}: {exc}"
    func = getattr(mod, name, None)
    if func is None:
        return None, f"{module}.{name} is not available"
    return func, ""


class FactExtractor:
    """Parse articles once and run the fact extractors over them.

    Holds the caller's ``nlp`` and a :class:`FactConfig`; keeps no state
    between runs.
    """

    def __init__(self, nlp: "Language", config: FactConfig = FactConfig()) -> None:
        self.nlp = nlp
        self.config = config

    def extract(self, articles: Sequence[Article], docs: "Sequence[Doc] | None" = None) -> StoryFacts:
        """Facts of ``articles`` (one story, or any set read together)."""
        return self.run(articles, docs).facts

    def run(self, articles: Sequence[Article], docs: "Sequence[Doc] | None" = None) -> FactRun:
        """Facts plus per-step timings, counts, skipped steps and errors.

        Args:
            articles: the articles; entities are resolved across all of them.
            docs: already-made Docs of the articles' texts, in order (the
                parse step is then not timed); else they are parsed here.
        """
        articles = list(articles)
        steps = set(self.config.steps)
        seconds: dict[str, float] = {}
        cpu: dict[str, float] = {}
        counts: dict[str, int] = {}
        skipped: dict[str, str] = {}
        errors: list[str] = []

        t0, c0 = time.perf_counter(), time.process_time()
        if docs is None:
            docs = list(paragraph_docs(self.nlp, articles, batch_size=self.config.batch_size,
                                       n_process=self.config.n_process))
            seconds["parse"], cpu["parse"] = time.perf_counter() - t0, time.process_time() - c0
        else:
            docs = list(docs)
            if len(docs) != len(articles):
                raise ValueError(f"{len(docs)} docs for {len(articles)} articles")
        counts["parse"] = len(articles)
        pairs = list(zip(articles, docs))
        anchors = anchors_for(articles)

        def per_article(step: str, call: Callable[[int, Article, "Doc"], list]) -> list[list]:
            out: list[list] = []
            start, cstart = time.perf_counter(), time.process_time()
            for k, (article, doc) in enumerate(pairs):
                try:
                    out.append(list(call(k, article, doc)))
                except Exception as exc:  # one bad article must not sink the story
                    logger.warning("facts step %s failed on %s: %s", step, article.id, exc)
                    errors.append(f"{step} {article.id}: {type(exc).__name__}: {exc}")
                    out.append([])
            seconds[step], cpu[step] = time.perf_counter() - start, time.process_time() - cstart
            counts[step] = sum(len(x) for x in out)
            return out

        empty: list[list] = [[] for _ in pairs]
        # Doc.text rebuilds the text from every token: check each doc once for both steps
        # (a doc that fails is left to each step to reject, as it would on its own).
        checked = [doc_text(d) == a.text for a, d in pairs] if steps & {"quotes", "dates"} else []
        # Doc.ents makes new spans on every call: make them once per doc for every step
        ents = [d.ents for d in docs]
        scans = [TokenScan(d) for d in docs]  # and one token scan per doc, its arrays shared by the steps
        quotes = empty
        if "quotes" in steps:
            extractor = QuoteExtractor(self.nlp, self.config.quotes)
            quotes = per_article("quotes", lambda k, a, d: extractor.extract(a, d, checked=checked[k], ents=ents[k],
                                                                                  scan=scans[k]))
        dates = empty
        if "dates" in steps:
            dates = per_article("dates", lambda k, a, d: extract_dates(a, d, anchors[k][0], anchors[k][1],
                                                                       checked=checked[k], ents=ents[k],
                                                                       scan=scans[k]))

        optional = {step: _optional(module, name) for step, module, name in OPTIONAL_STEPS if step in steps}
        for step, (func, why) in optional.items():
            if func is None:
                skipped[step] = why

        claims = empty
        extract_claims = optional.get("claims", (None, ""))[0]
        if extract_claims is not None:
            claims = per_article("claims", lambda k, a, d: extract_claims(a, d, anchor=anchors[k][0], ents=ents[k]))

        entities: list = []
        resolve_entities = optional.get("entities", (None, ""))[0]
        if resolve_entities is not None:
            start, cstart = time.perf_counter(), time.process_time()
            try:
                entities = list(resolve_entities(pairs, ents, scans))
                mentions = _mentions_by_article(entities)
                quotes = [_canonical_speakers(qs, doc, entities, mentions) for qs, doc in zip(quotes, docs)]
            except Exception as exc:
                logger.warning("facts step entities failed: %s", exc)
                errors.append(f"entities *: {type(exc).__name__}: {exc}")
            seconds["entities"], cpu["entities"] = time.perf_counter() - start, time.process_time() - cstart
            counts["entities"] = len(entities)

        events = empty
        extract_events = optional.get("events", (None, ""))[0]
        if extract_events is not None:
            events = per_article("events", lambda k, a, d: extract_events(a, d, entities, dates[k], scan=scans[k]))

        facts = StoryFacts(
            articles=tuple(a.id for a in articles),
            entities=tuple(entities),
            quotes=tuple(q for qs in quotes for q in qs),
            claims=tuple(c for cs in claims for c in cs),
            dates=tuple(m for ms in dates for m in ms),
            events=tuple(e for es in events for e in es),
        )
        return FactRun(facts=facts, seconds=seconds, cpu_seconds=cpu, counts=counts, skipped=skipped, errors=tuple(errors),
                       words=sum(a.word_count for a in articles))


def _mentions_by_article(entities: Sequence[Any]) -> dict[str, list[tuple[int, int, int]]]:
    """Article -> ``(start, end, entity index)`` of every mention, in entity order."""
    mentions: dict[str, list[tuple[int, int, int]]] = {}
    for k, entity in enumerate(entities):
        for m in getattr(entity, "mentions", ()):
            mentions.setdefault(m.article, []).append((m.start, m.end, k))
    return mentions


def _canonical_speakers(quotes: list, doc: "Doc", entities: Sequence[Any],
                        mentions: dict[str, list[tuple[int, int, int]]] | None = None) -> list:
    """Quotes whose speaker phrase is headed by an entity mention take the entity's name.

    The head decides, not any overlap: "India's Foreign Secretary Vinay
    Kwatra" (head "Kwatra") is Vinay Kwatra, "Indian officials" (head
    "officials") is not India, "an analyst at the Lowy Institute" is not
    the institute, and "the United States and India" stays a pair.
    """
    out = []
    if mentions is None:  # article -> (start, end, entity index); the same for every article of a story
        mentions = _mentions_by_article(entities)
    for q in quotes:
        name = ""
        span = doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand") if 0 <= q.speaker_start < q.speaker_end else None
        if span is not None and len(span) and not any(t.dep_ == "conj" and t.head == span.root for t in span):
            at = span.root.idx  # (a coordination, "the United States and India", is no one entity)
            hits = [k for start, end, k in mentions.get(q.article, ()) if start <= at < end]
            if hits:  # the first entity with a mention there
                name = entities[min(hits)].name
        out.append(dataclasses.replace(q, speaker=name) if name and name != q.speaker else q)
    return out


_SCALARS = frozenset({str, int, float, bool, type(None)})


@functools.lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names (``dataclasses.fields`` is slow to call once per record)."""
    return tuple(f.name for f in dataclasses.fields(cls))


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and mappings as JSON-ready dicts and lists."""
    if type(value) in _SCALARS:  # most values: answered before the slower checks
        return value
    if hasattr(type(value), "__dataclass_fields__"):  # a dataclass instance (a class is not one)
        # (scalar fields, most of them, without a call each)
        return {name: field if type(field) in _SCALARS else _plain(field)
                for name in _field_names(type(value)) for field in (getattr(value, name),)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    return value


def facts_to_json(facts: StoryFacts) -> dict[str, list[dict[str, Any]]]:
    """The JSON contract: ``entities``, ``quotes``, ``claims``, ``dates``, ``events``.

    Each item is its record's fields (``article``, ``start``, ``end``,
    ``text`` ... with offsets into the article's clean text, so
    ``article.text[start:end] == text``); entities carry their mentions.
    """
    return {key: [_plain(item) for item in getattr(facts, key)] for key in JSON_KEYS}
