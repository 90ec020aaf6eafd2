"""The Spark engine's driver: what ``newsfuse run --engine spark`` does.

Ingest cleans on Spark (:mod:`.clean`); provenance and story clustering run on
the driver, because each compares every new article with all the others (a
partition sees only its own); then the stale stories are analysed on Spark
(:mod:`.analysis`). All results go into the driver's SQLite store under the
same names as a local run, so every CLI and web view reads them unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

from ..pipeline import AnalysisRun, IngestReport, analyse_store
from ..store import Store
from .analysis import analyse_stories_on_spark
from .clean import ingest_on_spark
from .session import SparkConfig, spark_session

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["analyse_store_on_spark", "run_with_spark"]


def analyse_store_on_spark(spark: "SparkSession", store: Store, *, config: SparkConfig = SparkConfig(),
                           force: bool = False, on_stage: Callable[[str], None] | None = None) -> AnalysisRun:
    """:func:`newsfuse.pipeline.analyse_store` with the per-story analysis on Spark.

    Stage names and timings are the local ones; the ``analysis`` CPU seconds
    are the driver's only (the tasks' CPU is spent in Spark's Python workers).
    """

    def on_spark(store, stories, traced, analyser, *, force, on_error):
        return analyse_stories_on_spark(spark, store, stories, traced, config=config, force=force, on_error=on_error)

    return analyse_store(store, force=force, on_stage=on_stage, analyse_stories=on_spark)


def run_with_spark(paths: Iterable[str], store: Store, *, config: SparkConfig = SparkConfig(),
                   force: bool = False, on_stage: Callable[[str], None] | None = None,
                   on_article: Callable[[int], None] | None = None, stdin=None) -> tuple[IngestReport, AnalysisRun | None]:
    """Ingest ``paths`` and analyse the store on one Spark session (started and stopped here).

    Returns the ingest report and the analysis, which is ``None`` when a store
    failure ended the ingest (see ``report.fatal``).

    Raises:
        SparkUnavailable: pyspark is not installed or Spark cannot start.
    """
    with spark_session(config) as spark:
        if on_stage is not None:
            on_stage("ingest")
        report = ingest_on_spark(spark, paths, store, config=config, on_article=on_article, stdin=stdin)
        if report.fatal is not None:
            return report, None
        return report, analyse_store_on_spark(spark, store, config=config, force=force, on_stage=on_stage)
