"""``newsfuse run --engine spark``: the Spark engine behind the run command.

The run command keeps its own reporting; it only swaps its two working calls
(``_ingest`` and ``analyse_store``) for this engine's, which take the same
arguments and return the same things. The Spark session starts when the engine
is made and stops when the command ends (click's ``call_on_close``), so ingest
and analysis share one session. Every failure is one ``error:`` line.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import TYPE_CHECKING, Callable

import click

from ..cli_common import CliError, Context, report_ingest_errors
from ..errors import NewsfuseError
from ..store import Store
from .session import SparkConfig, require_pyspark, spark_session

if TYPE_CHECKING:
    from ..pipeline import AnalysisRun, IngestReport

__all__ = ["SparkEngine", "spark_engine"]


class SparkEngine:
    """One Spark session for one command, and the run command's two steps on it."""

    def __init__(self, ctx: Context, config: SparkConfig, session) -> None:
        self.ctx = ctx
        self.config = config
        self.session = session

    def ingest(self, paths: tuple[str, ...]) -> tuple["IngestReport", int]:
        """What the CLI's ``_ingest`` does (errors on stderr, a store failure ends
        the command), with the cleaning on Spark."""
        from .clean import ingest_on_spark

        with self.ctx.store() as store:
            report = self._guard(lambda: self._with_progress(
                lambda advance: ingest_on_spark(self.session, paths, store, config=self.config, on_article=advance)))
            total = store.count() if report.fatal is None else 0
        report_ingest_errors(report)
        return report, total

    def analyse_store(self, store: Store, *, force: bool = False,
                      on_stage: Callable[[str], None] | None = None) -> "AnalysisRun":
        """:func:`newsfuse.pipeline.analyse_store`'s signature, stories analysed on Spark."""
        from .driver import analyse_store_on_spark

        return self._guard(lambda: analyse_store_on_spark(self.session, store, config=self.config, force=force,
                                                          on_stage=on_stage))

    def _with_progress(self, work):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

        err = Console(stderr=True)
        if self.ctx.quiet or not err.is_terminal:
            return work(None)
        with Progress(SpinnerColumn(), TextColumn(f"ingesting on Spark ({self.config.master})"), BarColumn(),
                      MofNCompleteColumn(), TextColumn("documents"), console=err, transient=True) as progress:
            task = progress.add_task("ingest", total=None)
            return work(lambda n: progress.advance(task, n))

    @staticmethod
    def _guard(work):
        try:
            return work()
        except NewsfuseError as exc:  # Spark failures and store errors: one line
            raise CliError(str(exc)) from None


def spark_engine(ctx: Context, master: str) -> SparkEngine:
    """Start Spark at ``master`` for the current command, or fail with one line
    naming the extra to install."""
    config = SparkConfig(master=master)
    try:
        require_pyspark()
        stack = ExitStack()
        if not ctx.quiet:
            click.echo(f"starting Spark ({master})…", err=True)
        session = stack.enter_context(spark_session(config))
    except NewsfuseError as exc:
        raise CliError(str(exc)) from None
    click.get_current_context().call_on_close(stack.close)
    return SparkEngine(ctx, config, session)
