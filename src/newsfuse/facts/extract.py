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

Every step is a :class:`~newsfuse.facts.steps.FactStep` declaring the
products it requires and produces (:data:`STEP_CONTRACTS`); the order is
checked when this module is imported, so a step placed before what it needs
fails at once. The extractors are plain imports: a module that does not
import is an error, never a silently missing feature. A failure on one
article is caught at the step boundary, counted in :attr:`FactRun.errors`,
and the other articles go on.

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
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence, cast

from ..model import Article
from ..serialize import to_json
from .claims import extract_claims
from .dates import anchors_for, extract_dates
from .entities import resolve_entities
from .events import extract_events
from .paragraph_parse import paragraph_docs
from .quotes import QuoteConfig, QuoteExtractor
from .records import Entity, FactsDoc, Quote, QuoteAct, StoryFacts
from .steps import FactStep, check_order
from .token_scan import TokenScan, doc_text

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["STEPS", "STEP_CONTRACTS", "FactConfig", "FactRun", "FactExtractor", "facts_to_json"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

STEPS = ("parse", "quotes", "dates", "claims", "entities", "events")
JSON_KEYS = tuple(f.name for f in dataclasses.fields(FactsDoc))  # the facts --json keys


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
        skipped: kept for callers; always empty (steps are imported, never skipped).
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

        # Doc.text rebuilds the text from every token: check each doc once for both steps
        # (a doc that fails is left to each step to reject, as it would on its own).
        checked = [doc_text(d) == a.text for a, d in pairs] if steps & {"quotes", "dates"} else []
        work = _Work(
            extractor=self, pairs=pairs, anchors=anchors, checked=checked,
            # Doc.ents makes new spans on every call: make them once per doc for every step
            ents=[d.ents for d in docs],
            scans=[TokenScan(d) for d in docs],  # and one token scan per doc, its arrays shared by the steps
            seconds=seconds, cpu=cpu, counts=counts, errors=errors,
        )
        for step in STEP_CONTRACTS:
            if step.name in steps:
                step.run(work)

        facts = StoryFacts(
            articles=tuple(a.id for a in articles),
            entities=tuple(work.entities),
            quotes=tuple(q for qs in work.quotes for q in qs),
            claims=tuple(c for cs in work.claims for c in cs),
            dates=tuple(m for ms in work.dates for m in ms),
            events=tuple(e for es in work.events for e in es),
        )
        return FactRun(facts=facts, seconds=seconds, cpu_seconds=cpu, counts=counts, skipped=skipped, errors=tuple(errors),
                       words=sum(a.word_count for a in articles))


@dataclass
class _Work:
    """One run's shared inputs (parse products) and the steps' outputs, per article in order."""

    extractor: FactExtractor
    pairs: list[tuple[Article, "Doc"]]
    anchors: list[tuple[str | None, str]]
    checked: list[bool]
    ents: list[Any]
    scans: list[TokenScan]
    seconds: dict[str, float]
    cpu: dict[str, float]
    counts: dict[str, int]
    errors: list[str]
    quotes: list[list[Any]] = field(default_factory=list)
    dates: list[list[Any]] = field(default_factory=list)
    claims: list[list[Any]] = field(default_factory=list)
    events: list[list[Any]] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in ("quotes", "dates", "claims", "events"):  # a step turned off produces nothing
            setattr(self, name, [[] for _ in self.pairs])

    def per_article(self, step: str, call: Callable[[int, Article, "Doc"], Iterable[Any]]) -> list[list[Any]]:
        """``call`` on each article, timed; an article that fails is logged and gives nothing."""
        out: list[list[Any]] = []
        start, cstart = time.perf_counter(), time.process_time()
        for k, (article, doc) in enumerate(self.pairs):
            try:
                out.append(list(call(k, article, doc)))
            except Exception as exc:  # one bad article must not sink the story
                logger.warning("facts step %s failed on %s: %s", step, article.id, exc)
                self.errors.append(f"{step} {article.id}: {type(exc).__name__}: {exc}")
                out.append([])
        self.seconds[step], self.cpu[step] = time.perf_counter() - start, time.process_time() - cstart
        self.counts[step] = sum(len(x) for x in out)
        return out


def _quotes_step(w: _Work) -> None:
    extractor = QuoteExtractor(w.extractor.nlp, w.extractor.config.quotes)
    w.quotes = w.per_article("quotes", lambda k, a, d: [  # words said only: no negated cues, no writer's voice
        q for q in extractor.extract(a, d, checked=w.checked[k], ents=w.ents[k], scan=w.scans[k])
        if q.act == QuoteAct.SAID])


def _dates_step(w: _Work) -> None:
    w.dates = w.per_article("dates", lambda k, a, d: extract_dates(a, d, w.anchors[k][0], w.anchors[k][1],
                                                                   checked=w.checked[k], ents=w.ents[k],
                                                                   scan=w.scans[k]))


def _claims_step(w: _Work) -> None:
    w.claims = w.per_article("claims", lambda k, a, d: extract_claims(a, d, anchor=w.anchors[k][0], ents=w.ents[k]))


def _entities_step(w: _Work) -> None:
    """Entities across the story; quote speakers then take the entities' canonical names."""
    start, cstart = time.perf_counter(), time.process_time()
    try:
        w.entities = list(resolve_entities(w.pairs, w.ents, w.scans))
        mentions = _mentions_by_article(w.entities)
        w.quotes = [_canonical_speakers(qs, doc, w.entities, mentions) for qs, (_, doc) in zip(w.quotes, w.pairs)]
    except Exception as exc:
        logger.warning("facts step entities failed: %s", exc)
        w.errors.append(f"entities *: {type(exc).__name__}: {exc}")
    w.seconds["entities"], w.cpu["entities"] = time.perf_counter() - start, time.process_time() - cstart
    w.counts["entities"] = len(w.entities)


def _events_step(w: _Work) -> None:
    w.events = w.per_article("events", lambda k, a, d: extract_events(a, d, w.entities, w.dates[k], scan=w.scans[k]))


#: The steps after the parse, in order, with what each requires and produces.
STEP_CONTRACTS: tuple[FactStep[_Work], ...] = (
    FactStep("quotes", requires=("doc",), produces=("quotes",), run=_quotes_step),
    FactStep("dates", requires=("doc", "anchor"), produces=("dates",), run=_dates_step),
    FactStep("claims", requires=("doc", "anchor"), produces=("claims",), run=_claims_step),
    FactStep("entities", requires=("doc", "quotes"), produces=("entities", "speakers"), run=_entities_step),
    FactStep("events", requires=("doc", "entities", "dates"), produces=("events",), run=_events_step),
)
check_order(STEP_CONTRACTS)


def _mentions_by_article(entities: Sequence[Any]) -> dict[str, list[tuple[int, int, int]]]:
    """Article -> ``(start, end, entity index)`` of every mention, in entity order."""
    mentions: dict[str, list[tuple[int, int, int]]] = {}
    for k, entity in enumerate(entities):
        for m in getattr(entity, "mentions", ()):
            mentions.setdefault(m.article, []).append((m.start, m.end, k))
    return mentions


def _canonical_speakers(quotes: list[Quote], doc: "Doc", entities: Sequence[Any],
                        mentions: dict[str, list[tuple[int, int, int]]] | None = None) -> list[Quote]:
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


def facts_to_json(facts: StoryFacts) -> dict[str, list[dict[str, Any]]]:
    """The JSON contract: ``entities``, ``quotes``, ``claims``, ``dates``, ``events``.

    Each item is its record's fields (``article``, ``start``, ``end``,
    ``text`` ... with offsets into the article's clean text, so
    ``article.text[start:end] == text``); entities carry their mentions.
    """
    return cast("dict[str, list[dict[str, Any]]]", to_json(FactsDoc.of(facts)))
