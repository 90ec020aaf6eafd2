"""Start and stop a Spark session for newsfuse, with pyspark as an optional extra.

pyspark is imported only here and only when asked for, so the default install
never needs it; its absence is a :class:`SparkUnavailable` with the one line
that fixes it. A local master gets the settings a laptop needs (loopback
address, the driver's own Python for the workers, no web UI, few shuffle
partitions, Spark's own logging cut to errors); a cluster master keeps the
cluster's environment.
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Mapping

from ..errors import NewsfuseError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["EXTRA_HINT", "SparkConfig", "SparkJobFailed", "SparkUnavailable", "collect", "require_pyspark",
           "spark_session"]

EXTRA_HINT = 'pip install "newsfuse[spark]"'
_MASTER_PREFIXES = ("local", "spark://", "k8s://")

# Spark's log4j2 setup: errors only. Configuring the Python gateway's logger
# stops Spark printing "Setting default log level" when Python starts it.
_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark %p %c{1}: %m%n
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = error
"""


class SparkUnavailable(NewsfuseError):
    """pyspark is not installed, or Spark could not start (e.g. no Java)."""


class SparkJobFailed(NewsfuseError):
    """A Spark job failed as a whole (a task's own error, e.g. newsfuse or its
    model missing on a worker, or an executor lost); the message is its last line."""


@dataclass(frozen=True)
class SparkConfig:
    """How to start Spark and how to cut the work into tasks.

    Args:
        master: a Spark master URL: ``local[2]``, ``spark://host:7077``, ``yarn``...
        app_name: the application name the cluster shows.
        batch_size: raw documents cleaned together in one task (the local
            driver's ingest batch, so cross-article chrome evidence matches).
        articles_per_task: how many articles of stale stories one analysis task
            takes (a larger story is a task of its own); each task loads spaCy once.
        tasks_per_wave: tasks run per Spark job before the driver stores their
            results; bounds the driver's memory on large runs.
        conf: extra Spark settings (``spark.executor.memory``...).
    """

    master: str = "local[2]"
    app_name: str = "newsfuse"
    batch_size: int = 256
    articles_per_task: int = 48
    tasks_per_wave: int = 16
    conf: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_local(self) -> bool:
        return self.master.startswith("local")


def require_pyspark() -> None:
    """Raise :class:`SparkUnavailable` naming the extra when pyspark cannot be imported."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise SparkUnavailable(f"--engine spark needs pyspark, which is not installed: {EXTRA_HINT}") from None


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables while Spark launches its JVM (which copies them), then restore."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _launch_settings(config: SparkConfig) -> dict[str, str]:
    if not config.is_local:
        return {}
    # The workers must import newsfuse: on one machine, that is this interpreter.
    return {"SPARK_LOCAL_IP": os.environ.get("SPARK_LOCAL_IP", "127.0.0.1"),
            "PYSPARK_PYTHON": os.environ.get("PYSPARK_PYTHON", sys.executable)}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _last_line(exc: BaseException) -> str:
    """The line of a failed job's message that names the cause (a worker's
    traceback ends with it; the JVM's stack trace follows it)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    for line in reversed(lines):
        if not line.startswith(("at ", "...", "Driver stacktrace", "JVM stacktrace")) and ":" in line:
            return line
    return _first_line(exc)


def collect(rdd, what: str) -> list:
    """``rdd.collect()``, with a failed job turned into :class:`SparkJobFailed`."""
    try:
        return rdd.collect()
    except Exception as exc:  # Py4JJavaError / PythonException carry pages of stack trace
        raise SparkJobFailed(f"Spark job failed while {what}: {_last_line(exc)}") from None


@contextmanager
def spark_session(config: SparkConfig = SparkConfig()) -> Iterator["SparkSession"]:
    """A Spark session for this run, stopped on exit.

    If the process already has an active session (a notebook, ``spark-submit``,
    a test fixture) it is used as it is and left running.

    Raises:
        SparkUnavailable: pyspark missing, or the session cannot start.
    """
    require_pyspark()
    if not (config.master == "yarn" or config.master.startswith(_MASTER_PREFIXES)):
        # Spark's launcher would print a JVM stack trace for this
        raise SparkUnavailable(f"not a Spark master URL: {config.master!r} "
                               "(local[N], spark://HOST:PORT, k8s://HOST:PORT or yarn)")
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    with tempfile.TemporaryDirectory(prefix="newsfuse-spark-") as tmp:
        log_config = Path(tmp) / "log4j2.properties"
        log_config.write_text(_LOG4J2, encoding="utf-8")
        builder = (
            SparkSession.builder.master(config.master)
            .appName(config.app_name)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log_config.as_uri()}")
        )
        for key, value in config.conf.items():
            builder = builder.config(key, value)
        try:
            with _environment(_launch_settings(config)):
                session = builder.getOrCreate()
        except Exception as exc:  # Java missing, bad master URL: one line, no traceback
            raise SparkUnavailable(f"cannot start Spark at {config.master}: {_first_line(exc)}") from None
        try:
            yield session
        finally:
            session.stop()
