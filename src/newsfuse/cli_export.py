"""``newsfuse export`` and ``newsfuse search``: the flat tables out of the store, and full-text search."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from .cli_common import CliError, Context, console, json_option
from .store import Store

__all__ = ["register"]

_SUFFIX_FORMAT = {".csv": "csv", ".ndjson": "ndjson", ".jsonl": "ndjson", ".parquet": "parquet"}
_FORMAT_SUFFIX = {"csv": ".csv", "ndjson": ".ndjson", "parquet": ".parquet"}


@contextmanager
def current_store(ctx: Context) -> Iterator[Store]:
    """The store, with its flat tables brought up to date first (cheap when they are).

    A database that does not exist is an error here, not a new empty store.
    """
    from .store.tables import refresh_tables

    if ctx.db != ":memory:" and not Path(ctx.db).exists():
        raise CliError(f"{ctx.db}: database does not exist (run `newsfuse run PATH` first)")
    with ctx.store() as store:
        refresh_tables(store)
        yield store


def _format_of(fmt: str | None, output: str | None) -> str:
    if fmt:
        return fmt
    if output and Path(output).suffix.lower() in _SUFFIX_FORMAT:
        return _SUFFIX_FORMAT[Path(output).suffix.lower()]
    return "csv"


def _export_one(store: Store, name: str, fmt: str, output: str | None, story: str | None) -> int:
    from .export import write_table

    if output is None or output == "-":
        if fmt == "parquet":
            if sys.stdout.isatty():
                raise CliError("Parquet is binary: write it to a file with -o PATH (or redirect stdout)")
            count = write_table(store.connection, name, fmt, sys.stdout.buffer, story=story)
            sys.stdout.buffer.flush()
            return count
        return write_table(store.connection, name, fmt, sys.stdout, story=story)
    path = Path(output)
    try:
        if fmt == "parquet":
            with path.open("wb") as out:
                return write_table(store.connection, name, fmt, out, story=story)
        with path.open("w", encoding="utf-8", newline="") as out:
            return write_table(store.connection, name, fmt, out, story=story)
    except OSError as exc:
        raise CliError(f"{output}: cannot write ({exc.strerror or exc})") from None


@click.command("export")
@click.argument("table", type=click.Choice(["stories", "articles", "membership", "claims", "quotes", "entities",
                                             "events", "provenance", "all"]))
@click.option("--format", "fmt", type=click.Choice(["csv", "ndjson", "parquet"]), default=None,
              help="Output format (default: from the -o suffix, else csv).")
@click.option("-o", "--output", default=None, metavar="PATH",
              help="Write here instead of stdout (a folder with `all`: one file per table).")
@click.option("--story", default=None, metavar="STORY", help="Only this story's rows.")
@click.pass_obj
def export_cmd(ctx: Context, table: str, fmt: str | None, output: str | None, story: str | None) -> None:
    """Write a table of what `run` found as CSV, NDJSON or Parquet: one row per record, flat columns.

    \b
    stories     one row per story: label, dates, counts, outlets
    articles    current version of each article, with its story and text
    membership  story <-> article, independent source group, copied from
    claims      one row per stated value: verdict, value, low/high, unit, offsets
    quotes      speaker, quote text, cue, offsets, ledger id across outlets
    entities    people, organisations, places per story, with mention counts
    events      actor, action, target, place, date per sentence
    provenance  which article reprints or rewrites which
    all         every table into the folder given with -o

    The same rows are SQL tables nf_<table> in the store (sqlite-utils, datasette).
    """
    from .store.tables import TABLES

    fmt = _format_of(fmt, output)
    with current_store(ctx) as store:
        if table != "all":
            count = _export_one(store, table, fmt, output, story)
            if not ctx.quiet and output not in (None, "-"):
                click.echo(f"{count} {table} rows written to {output}", err=True)
            return
        if not output or output == "-":
            raise CliError("export all writes one file per table: give a folder with -o FOLDER")
        folder = Path(output)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(f"{output}: cannot create folder ({exc.strerror or exc})") from None
        for name in TABLES:
            target = folder / f"{name}{_FORMAT_SUFFIX[fmt]}"
            count = _export_one(store, name, fmt, str(target), story)
            if not ctx.quiet:
                click.echo(f"{count} {name} rows written to {target}", err=True)


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="At most this many hits.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["article", "quote", "claim"]),
              help="Search only these (repeatable); default all three.")
@click.option("--story", default=None, metavar="STORY", help="Only hits in this story.")
@json_option
@click.pass_obj
def search_cmd(ctx: Context, query: tuple[str, ...], limit: int, kinds: tuple[str, ...], story: str | None,
               as_json: bool) -> None:
    """Full-text search of articles, quotes and claims, best match first (bm25), with snippets.

    Every word must appear (stemmed: "visits" finds "visit"). Quote hits are
    titled by their speaker, claim hits by what they count.
    """
    from rich.markup import escape

    from .search import KINDS, search

    text = " ".join(query)
    with current_store(ctx) as store:
        hits = search(store.connection, text, limit=limit, kinds=kinds or KINDS, story=story,
                      marks=("[", "]") if as_json else ("\ue000", "\ue001"))
    if as_json:
        click.echo(json.dumps([{"kind": h.kind, "ref": h.ref, "story": h.story_id, "article": h.article_id,
                                "title": h.title, "snippet": h.snippet, "score": round(h.score, 4)} for h in hits],
                              ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(f"no match for {text!r}", err=True)
        return
    out = console()
    for h in hits:
        snippet = escape(h.snippet.replace("\n", " ")).replace("\ue000", "[bold]").replace("\ue001", "[/bold]")
        where = " · ".join(x for x in (h.story_id, h.article_id) if x)
        out.print(f"[cyan]{h.kind}[/cyan] [bold]{escape(h.title or h.ref)}[/bold]  [dim]{escape(where)}[/dim]")
        out.print(f"  {snippet}")


def register(cli: click.Group) -> None:
    """Add ``export`` and ``search`` to the top-level group."""
    cli.add_command(export_cmd)
    cli.add_command(search_cmd)
