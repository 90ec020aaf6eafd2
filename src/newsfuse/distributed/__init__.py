"""Scale-out on Apache Spark (the optional ``newsfuse[spark]`` extra).

The per-article work (cleaning) and the per-story work (parse, facts,
reconcile, brief) run in Spark tasks; reading inputs, provenance, story
clustering and the SQLite store stay on the driver. A Spark run writes the
same store contents as a local run, so every CLI and web view reads it
unchanged. pyspark is imported only when a session is started.

Example (needs the extra and Java):

    from newsfuse.distributed import SparkConfig, run_with_spark
    from newsfuse.store import Store

    with Store("news.db") as store:
        report, analysis = run_with_spark(["examples/articles"], store, config=SparkConfig("local[2]"))
"""

from __future__ import annotations

from .analysis import RemoteAnalysisError, analyse_stories_on_spark
from .clean import ingest_on_spark
from .driver import analyse_store_on_spark, run_with_spark
from .session import EXTRA_HINT, SparkConfig, SparkJobFailed, SparkUnavailable, require_pyspark, spark_session

__all__ = [
    "EXTRA_HINT",
    "RemoteAnalysisError",
    "SparkConfig",
    "SparkJobFailed",
    "SparkUnavailable",
    "analyse_stories_on_spark",
    "analyse_store_on_spark",
    "ingest_on_spark",
    "require_pyspark",
    "run_with_spark",
    "spark_session",
]
