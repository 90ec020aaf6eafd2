"""Ingest with the cleaning on Spark partitions: read on the driver, clean in
tasks, store on the driver.

The readers run on the driver (inputs are local paths or stdin, and reading is
cheap next to cleaning); their output is cut into the same batches as
:func:`newsfuse.pipeline.ingest` cuts it, each batch is cleaned by
``Cleaner.clean_batch`` in a Spark task, and the driver stores the articles
batch by batch with ``Store.add_articles`` (one transaction per batch,
idempotent), keeping the local runner's rules for errors and repeated ids.

Cross-article chrome evidence: the local runner cleans each batch against
the store's count of earlier articles per short line, which includes the
batches it stored before in the same run. Batches cleaned side by side cannot
see each other, so the driver works out those counts after a first pass and
cleans again the batches whose counts were wrong (the counts travel with the
task; the store never leaves the driver). The articles stored are the local
runner's, batch for batch.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping

from ..clean import CleanConfig, Cleaner
from ..errors import InputError, StoreError
from ..ingest import IngestConfig, read_inputs
from ..model import Article, RawDoc
from ..pipeline import IngestReport
from ..store import Store
from .session import SparkConfig, collect

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["ingest_on_spark"]


@dataclass
class _Batch:
    """One batch as read on the driver: the documents in order, and the read errors among them."""

    index: int
    size: int
    raws: list[RawDoc]
    read_errors: list[InputError]


@dataclass
class _Cleaned:
    """A batch as a task cleaned it. Errors travel as ``(where, problem)``
    (an ``InputError`` does not survive pickling)."""

    index: int
    asked: set[str]  # the short-line keys whose earlier counts were looked up
    results: list[Article | tuple[str, str]]
    line_keys: list[set[str]]  # per result; empty for errors


def _clean_partition(batches: Iterable[tuple[int, list[RawDoc], Mapping[str, int]]],
                     config: CleanConfig) -> Iterator[_Cleaned]:
    """Spark partition function: clean each batch against the counts it was sent."""
    cleaner = Cleaner(config)
    for index, raws, prior in batches:
        asked: set[str] = set()

        def lookup(keys: set[str], prior=prior, asked=asked) -> Mapping[str, int]:
            asked.update(keys)
            return {key: prior[key] for key in keys if key in prior}

        results: list[Article | tuple[str, str]] = []
        keys: list[set[str]] = []
        for item in cleaner.clean_batch(raws, lookup):
            if isinstance(item, InputError):
                results.append((item.where, item.problem))
                keys.append(set())
            else:
                results.append(item)
                keys.append(cleaner.line_keys(item))
        yield _Cleaned(index, asked, results, keys)


def _read_batches(paths: Iterable[str], config: IngestConfig, batch_size: int, stdin) -> Iterator[_Batch]:
    items = read_inputs(paths, config, stdin=stdin)
    index = 0
    while batch := list(islice(items, batch_size)):
        raws = [item for item in batch if not isinstance(item, InputError)]
        errors = [item for item in batch if isinstance(item, InputError)]
        yield _Batch(index, len(batch), raws, errors)
        index += 1


def _clean_wave(spark: "SparkSession", wave: list[_Batch], store: Store, config: CleanConfig) -> dict[int, _Cleaned]:
    """Clean a wave of batches in parallel, each against the line counts the
    local runner would have given it.

    The first pass uses no counts and learns which short lines each batch looks
    up. A batch's counts are then the store's plus the lines of the new articles
    of the wave's earlier batches (what the local runner has stored by then);
    batches whose counts differ from those they were cleaned with are cleaned
    again, in parallel. Each round fixes at least the first such batch, so this
    ends; usually after one round, as a batch's lines rarely depend on its counts.
    """
    sc = spark.sparkContext

    def run(jobs: list[tuple[int, list[RawDoc], Mapping[str, int]]]) -> list[_Cleaned]:
        if not jobs:  # a wave of unreadable inputs only
            return []
        return collect(sc.parallelize(jobs, len(jobs)).mapPartitions(partial(_clean_partition, config=config)),
                       "cleaning articles")

    cleaned = {c.index: c for c in run([(b.index, b.raws, {}) for b in wave if b.raws])}
    used: dict[int, Mapping[str, int]] = {index: {} for index in cleaned}
    stored = {index: store.line_counts(c.asked) for index, c in cleaned.items()}
    known: dict[str, bool] = {}

    def is_stored(article_id: str) -> bool:
        if article_id not in known:
            known[article_id] = bool(store.versions(article_id))
        return known[article_id]

    while True:
        priors = _wave_priors(wave, cleaned, stored, is_stored)
        again = [(b.index, b.raws, priors[b.index]) for b in wave
                 if b.index in cleaned and priors[b.index] != used[b.index]]
        if not again:
            return cleaned
        for result in run(again):
            cleaned[result.index] = result
            used[result.index] = priors[result.index]


def _wave_priors(wave: list[_Batch], cleaned: dict[int, _Cleaned], stored: dict[int, Mapping[str, int]],
                 is_stored: Callable[[str], bool]) -> dict[int, dict[str, int]]:
    """Per batch, the earlier-article counts of its short lines: the store's, plus
    one per new article id stored by an earlier batch of the wave that has the line
    (``Store.add_articles`` counts an article's lines once, when its id is new)."""
    seen: set[str] = set()
    in_wave: Counter[str] = Counter()
    priors: dict[int, dict[str, int]] = {}
    for batch in wave:
        done = cleaned.get(batch.index)
        if done is None:
            continue
        counts = {key: stored[batch.index].get(key, 0) + in_wave.get(key, 0) for key in done.asked}
        priors[batch.index] = {key: n for key, n in counts.items() if n}
        for result, keys in zip(done.results, done.line_keys):
            if isinstance(result, Article) and result.id not in seen:
                seen.add(result.id)
                if not is_stored(result.id):
                    in_wave.update(keys)
    return priors


def _store_wave(wave: list[_Batch], cleaned: dict[int, _Cleaned], store: Store, seen: set[str],
                report: IngestReport, on_article: Callable[[int], None] | None) -> None:
    """Store a cleaned wave batch by batch, as :func:`newsfuse.pipeline.ingest` does."""
    for batch in wave:
        report.errors.extend(batch.read_errors)
        to_store: list[tuple[Article, bytes]] = []
        keys: dict[str, set[str]] = {}
        done = cleaned.get(batch.index)
        for raw, result, line_keys in zip(batch.raws, done.results, done.line_keys) if done else ():
            if isinstance(result, tuple):
                report.errors.append(InputError(*result))
                continue
            if result.id in seen:
                # A later copy of the same id in one run is a newer version.
                report.result = report.result + store.add_articles(to_store, keys)
                to_store, keys = [], {}
            seen.add(result.id)
            to_store.append((result, raw.data))
            keys[result.id] = line_keys
            report.articles.append(result.id)
        if to_store:
            report.result = report.result + store.add_articles(to_store, keys)
        if on_article is not None:
            on_article(batch.size)


def ingest_on_spark(
    spark: "SparkSession",
    paths: Iterable[str],
    store: Store,
    *,
    config: SparkConfig = SparkConfig(),
    clean_config: CleanConfig = CleanConfig(),
    ingest_config: IngestConfig = IngestConfig(),
    on_article: Callable[[int], None] | None = None,
    stdin=None,
) -> IngestReport:
    """:func:`newsfuse.pipeline.ingest` with the cleaning done in Spark tasks.

    Reads on the driver, ``config.tasks_per_wave`` batches of
    ``config.batch_size`` documents at a time, so the driver holds one wave.
    A store failure ends the run (waves stored before it are kept) and is
    reported in ``fatal``, as in the local runner.
    """
    report = IngestReport()
    seen: set[str] = set()
    batches = _read_batches(paths, ingest_config, config.batch_size, stdin)
    try:
        while wave := list(islice(batches, config.tasks_per_wave)):
            cleaned = _clean_wave(spark, wave, store, clean_config)
            _store_wave(wave, cleaned, store, seen, report, on_article)
    except StoreError as exc:
        report.fatal = exc
    return report
