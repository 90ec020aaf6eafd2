"""What every CLI command shares: the per-invocation context, one-line errors, output helpers."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

import click

from .errors import StoreError
from .store import Store

__all__ = ["CliError", "Context", "json_option", "console", "report_ingest_errors", "shorten"]


class CliError(click.ClickException):
    """A one-line failure, printed as ``error: <message>`` like input errors."""

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class Context:
    """Per-invocation settings shared by the subcommands (no globals)."""

    def __init__(self, db: str, quiet: bool, lock_timeout: float = 5.0) -> None:
        self.db = db
        self.quiet = quiet
        self.lock_timeout = lock_timeout

    @contextmanager
    def store(self, readonly: bool = False) -> Iterator[Store]:
        try:
            store = Store(self.db, readonly=readonly, timeout=self.lock_timeout)
        except StoreError as exc:
            raise CliError(str(exc)) from None
        try:
            yield store
        except StoreError as exc:
            raise CliError(str(exc)) from None
        finally:
            store.close()


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def console():
    """A console for stdout; when piped, wide enough that tables do not wrap."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=160)


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def report_ingest_errors(report) -> None:
    """Each unreadable input on stderr; a store failure ends the command (committed batches stay)."""
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    if report.fatal is not None:
        raise CliError(f"{report.fatal} (batches committed before this were kept)")
