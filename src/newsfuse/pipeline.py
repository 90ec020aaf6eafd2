"""Ingest runner: read -> clean -> store, in committed batches.

Stages are pure functions over batches (``Cleaner.clean_batch``), so the same
code can run per partition on a distributed engine; this runner is the
single-machine driver with progress reporting and per-input error capture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Callable, Iterable, Iterator

from .clean import Cleaner
from .errors import InputError, StoreError
from .ingest import IngestConfig, read_inputs
from .model import Article, RawDoc
from .store import AddResult, Store

__all__ = ["IngestReport", "ingest"]


@dataclass
class IngestReport:
    """What one ingest run did: counts, and every input it could not read."""

    result: AddResult = field(default_factory=AddResult)
    errors: list[InputError] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    fatal: StoreError | None = None

    @property
    def read(self) -> int:
        return self.result.added + self.result.updated + self.result.unchanged


def _batches(items: Iterator[RawDoc | InputError], size: int) -> Iterator[list[RawDoc | InputError]]:
    while True:
        batch = list(islice(items, size))
        if not batch:
            return
        yield batch


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    cleaner: Cleaner | None = None,
    config: IngestConfig = IngestConfig(),
    batch_size: int = 256,
    on_article: Callable[[int], None] | None = None,
    on_stored: Callable[[list[Article]], None] | None = None,
    stdin=None,
) -> IngestReport:
    """Read every input, clean it and store it, committing once per batch.

    A store failure (locked, disk full) ends the run: batches committed before
    it are kept, and the report carries the failure next to the input errors.

    Args:
        on_article: called with the number of documents handled in each
            batch, for progress display.
        on_stored: called with the articles of each committed transaction
            (e.g. :meth:`newsfuse.analyse.StoryAnalyser.parse_while_ingesting`,
            to start parsing them while the next batch is read).
    """
    cleaner = cleaner or Cleaner()
    report = IngestReport()
    try:
        _ingest_batches(paths, store, cleaner, config, batch_size, on_article, on_stored, stdin, report)
    except StoreError as exc:
        report.fatal = exc
    return report


def _ingest_batches(paths, store, cleaner, config, batch_size, on_article, on_stored, stdin,
                    report: IngestReport) -> None:
    seen: set[str] = set()

    def store_batch(to_store: list[tuple[Article, bytes]], keys: dict[str, set[str]]) -> None:
        report.result = report.result + store.add_articles(to_store, keys)
        if on_stored is not None and to_store:
            on_stored([article for article, _ in to_store])

    for batch in _batches(read_inputs(paths, config, stdin=stdin), batch_size):
        raws: list[RawDoc] = []
        for item in batch:
            if isinstance(item, InputError):
                report.errors.append(item)
            else:
                raws.append(item)
        raws = _drop_unchanged(raws, store, seen, report)
        to_store: list[tuple[Article, bytes]] = []
        keys: dict[str, set[str]] = {}
        raw_by_position = iter(raws)
        for cleaned in cleaner.clean_batch(raws, store.line_counts):
            raw = next(raw_by_position)
            if isinstance(cleaned, InputError):
                report.errors.append(cleaned)
                continue
            if cleaned.id in seen:
                # A later copy of the same id in one run is a newer version.
                store_batch(to_store, keys)
                to_store, keys = [], {}
            seen.add(cleaned.id)
            to_store.append((cleaned, raw.data))
            keys[cleaned.id] = cleaner.line_keys(cleaned)
            report.articles.append(cleaned.id)
        if to_store:
            store_batch(to_store, keys)
        if on_article is not None:
            on_article(len(batch))


def _drop_unchanged(raws: list[RawDoc], store: Store, seen: set[str], report: IngestReport) -> list[RawDoc]:
    """The documents that still need cleaning: same id and same raw bytes as the
    stored current version means unchanged, without cleaning again (M3: cleaning
    uses cross-article evidence, so re-cleaning could make a spurious version)."""
    stored = store.current_raw_hashes(raw.id for raw in raws if raw.id not in seen)
    keep: list[RawDoc] = []
    for raw in raws:
        if raw.id not in seen and stored.get(raw.id) == raw.raw_sha256:
            seen.add(raw.id)
            report.result = report.result + AddResult(unchanged=1)
            report.articles.append(raw.id)
        else:
            keep.append(raw)
    return keep


def run_provenance(store: Store, articles: list[Article] | None = None, encoder=None):
    """Provenance over stored articles, reusing and saving sentence embeddings.

    Vectors are looked up per sentence in the store (a sentence any earlier
    run embedded is not embedded again) and the new ones saved at the end.

    Returns:
        a :class:`newsfuse.provenance.report.ProvenanceReport`.
    """
    from .provenance.paraphrase import ParaphraseScorer
    from .provenance.report import build_provenance
    from .provenance.similarity import EmbeddingSimilarity

    articles = list(store.iter_articles()) if articles is None else articles
    model = EmbeddingSimilarity.name
    similarity = EmbeddingSimilarity(encoder, load=lambda keys: store.load_sentence_vectors(keys, model))
    report = build_provenance(articles, similarity, paraphrase=ParaphraseScorer(encoder=similarity.encoder))
    fresh = similarity.take_fresh()
    if fresh:
        store.save_sentence_vectors(fresh, model)
    return report


def run_stories(store: Store, provenance=None):
    """Place every stored article not yet in a story, continuing saved state.

    Reprints and rewrites found by provenance join their source's story
    (a partial copy is placed by topic alone: pasted paragraphs or shared
    boilerplate must not pull unrelated pages into one story).
    Returns the clusterer (its ``stories()`` are the current stories).
    """
    from .provenance.relation import joins_story
    from .stories import StoryClusterer
    from .views import STORIES_STATE, STORY_INDEX_STATE, story_rows

    state = store.load_state(STORIES_STATE)
    clusterer = StoryClusterer.from_state(state) if state else StoryClusterer()
    placed = set(clusterer.assignments())
    new = [a for a in store.iter_articles() if a.id not in placed]
    hint = {}
    if provenance is not None:
        hint = {rel.derived: rel.source for rel in provenance.relations if joins_story(rel)}
    if new:
        clusterer.add_many(new, same_story_hint=hint)
        store.save_state(STORIES_STATE, clusterer.to_state())
    if new or store.state_field(STORY_INDEX_STATE, "stories") is None:
        store.save_state(STORY_INDEX_STATE, {"stories": story_rows(clusterer.stories())})
    return clusterer


def place_stories(store: Store):
    """``newsfuse stories``: place unplaced articles exactly as ``newsfuse run`` would.

    Placement is saved and never recomputed, so it must not depend on which
    command placed an article: with articles to place, provenance runs first
    (and is saved) and its reprint/rewrite hints guide them, as in
    :func:`analyse_store`. Returns the clusterer.
    """
    from .stories import StoryClusterer

    state = store.load_state("stories")
    placed = set(StoryClusterer.from_state(state).assignments()) if state else set()
    traced = None
    if not set(store.ids()) <= placed:
        traced = run_provenance(store) if store.count() > 1 else None
        save_provenance(store, traced)
    return run_stories(store, traced)


def load_stories(store: Store) -> list:
    """The stories as last saved by :func:`run_stories` (no clustering)."""
    from .stories import StoryClusterer

    state = store.load_state("stories")
    return StoryClusterer.from_state(state).stories() if state else []


def load_provenance(store: Store, article_ids: Iterable[str]):
    """Provenance among the given stored articles (embeddings come from the store's cache).

    Returns ``None`` for fewer than two articles.
    """
    articles = [store.get(article_id) for article_id in dict.fromkeys(article_ids)]
    return run_provenance(store, articles) if len(articles) > 1 else None


def save_provenance(store: Store, report) -> None:
    """Keep the store-wide provenance document for the read-only views (CLI, web)."""
    from .views import PROVENANCE_KEY_STATE, PROVENANCE_STATE, articles_key, provenance_index

    document = report.to_json() if report is not None else {
        "relations": [], "composites": [], "filler": [], "independent_groups": []}
    hashes = {a.id: a.content_hash for a in report.articles} if report is not None else store.content_hashes()
    states = {PROVENANCE_STATE: document, PROVENANCE_KEY_STATE: {"key": articles_key(hashes)}}
    states.update(provenance_index(document))
    store.save_states(states, drop_prefix="provenance/article/")


@dataclass
class AnalysisRun:
    """What :func:`analyse_store` did: the provenance report, the stories,
    which stories were (re)analysed, wall/CPU seconds per stage, and the
    stories whose analysis failed (id, error) - the others are still saved."""

    provenance: object | None
    stories: list
    analysed: list[str]
    seconds: dict[str, tuple[float, float]] = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)


def analyse_store(store: Store, *, analyser=None, force: bool = False,
                  on_stage: Callable[[str], None] | None = None, analyse_stories=None) -> AnalysisRun:
    """Everything after ingest, as ``newsfuse run`` does it: provenance over the
    store (saved for the views), incremental stories, then each changed story's
    facts, reconciled claims, quote ledger and brief (saved per story).

    ``analyse_stories`` runs that last step; it takes the arguments of
    :func:`newsfuse.analyse.analyse_stories` (the default) and lets another
    engine (:mod:`newsfuse.distributed`) analyse the stories elsewhere.
    """
    import time

    from .analyse import StoryAnalyser
    from .analyse import analyse_stories as analyse_here

    analyse_stories = analyse_stories or analyse_here
    seconds: dict[str, tuple[float, float]] = {}

    def stage(name: str, fn):
        if on_stage is not None:
            on_stage(name)
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        seconds[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        return result

    analyser = analyser or StoryAnalyser()
    if analyse_stories is analyse_here:
        # the parse needs neither provenance nor stories: start it now, on the CPU they leave idle
        stage("parse ahead", lambda: analyser.parse_ahead(store))
    try:
        traced = stage("provenance", lambda: run_provenance(store) if store.count() > 1 else None)
        stage("save provenance", lambda: save_provenance(store, traced))
        stories = stage("stories", lambda: run_stories(store, traced).stories())
        failed: list[tuple[str, str]] = []

        def on_error(story, exc: Exception) -> None:
            failed.append((story.id, f"{type(exc).__name__}: {exc}"))

        analysed = stage("analysis", lambda: analyse_stories(store, stories, traced, analyser, force=force,
                                                             on_error=on_error))
    finally:
        analyser.close()
    return AnalysisRun(traced, stories, analysed, seconds, failed)
