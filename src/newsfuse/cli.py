"""The ``newsfuse`` command line. Only this module turns errors into messages."""

from __future__ import annotations

import errno
import io
import json
import os
import sys

import click

from .cli_common import (
    CliError,
    Context,
    cell,
    json_dumps,
    json_option,
    plain,
    report_ingest_errors,
)
from .cli_common import console as _console
from .cli_common import shorten as _shorten
from .errors import NewsfuseError, NotFound
from .model import Article

__all__ = ["main"]

DEFAULT_DB = "newsfuse.db"
MAX_BRIEFS_PRINTED = 5
# A write error without a file name is one on standard output.
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, errno.EDQUOT, errno.EINVAL}
# From this many articles in one run, `run` on Python 3.11 says why the parse is slow there.
SLOW_PYTHON_NOTE_ARTICLES = 1000


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="NEWSFUSE_DB",
    default=DEFAULT_DB,
    show_default=True,
    metavar="PATH",
    help="SQLite database to use (also read from NEWSFUSE_DB).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary on stderr.")
@click.option(
    "--lock-timeout",
    envvar="NEWSFUSE_LOCK_TIMEOUT",
    type=float,
    default=5.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for a database another process is writing.",
)
@click.version_option(package_name="newsfuse")
@click.pass_context
def cli(ctx: click.Context, db: str, quiet: bool, lock_timeout: float) -> None:
    """newsfuse: turn a stream of news articles into one trustworthy, cited picture."""
    ctx.obj = Context(db, quiet, lock_timeout)


def _ingest(ctx: Context, paths: tuple[str, ...], analyser=None):
    """Ingest ``paths``; with an ``analyser``, its workers start parsing what each batch stores."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .pipeline import ingest

    err = Console(stderr=True)
    show_progress = not ctx.quiet and err.is_terminal
    with ctx.store() as store:
        on_stored = None if analyser is None else (lambda articles: analyser.parse_while_ingesting(store, articles))
        if show_progress:
            with Progress(
                SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                TextColumn("documents"), TimeElapsedColumn(), console=err, transient=True,
            ) as progress:
                task = progress.add_task("ingest", total=None)
                report = ingest(paths, store, on_article=lambda n: progress.advance(task, n), on_stored=on_stored)
        else:
            report = ingest(paths, store, on_stored=on_stored)
        total = store.count() if report.fatal is None else 0
    report_ingest_errors(report)
    return report, total


def _summary_line(report, total: int, db: str) -> str:
    r = report.result
    failed = f", {len(report.errors)} failed" if report.errors else ""
    return (
        f"{r.added} new, {r.updated} updated, {r.unchanged} unchanged{failed}; "
        f"{total} articles in {db}"
    )


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.pass_obj
def ingest_cmd(ctx: Context, paths: tuple[str, ...]) -> None:
    """Read articles from files, folders, globs or - (JSONL on stdin) into the store.

    Formats: .txt, .html, .jsonl, RSS/Atom (.xml .rss .atom) and .warc/.warc.gz.
    Inputs that cannot be read are reported one line each; the rest are stored,
    and the exit code is 1.
    """
    report, total = _ingest(ctx, paths)
    if not ctx.quiet:
        click.echo(_summary_line(report, total, ctx.db), err=True)
    if report.errors:
        sys.exit(1)


@cli.command("run")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help='Where cleaning and per-story analysis run; spark needs pip install "newsfuse[spark]".')
@click.option("--master", default="local[2]", show_default=True, metavar="URL",
              help="Spark master with --engine spark: local[N], spark://HOST:7077, yarn...")
@click.pass_obj
def run_cmd(ctx: Context, paths: tuple[str, ...], engine: str, master: str) -> None:
    """Ingest PATHs and analyse: provenance, stories, facts, reconciled claims, briefs.

    Prints what was read, the stories, which articles reprint or rewrite which,
    and the cited brief of each story the new articles belong to. Stories whose
    articles did not change keep their saved analysis.
    """
    from rich.table import Table

    from . import pipeline
    from .store.tables import refresh_tables
    from .views import story_state_name

    analyser = None
    if engine == "spark":
        from .distributed.cli_hook import spark_engine

        spark = spark_engine(ctx, master)  # one-line error without pyspark; stops when the command ends
        report, total = spark.ingest(paths)
        analyse_store = spark.analyse_store  # pipeline.analyse_store's signature; cleaning and analysis on Spark
    else:
        from .analyse import StoryAnalyser

        analyser = StoryAnalyser()  # its parse workers start on what ingest stores, on the core ingest leaves idle
        try:
            report, total = _ingest(ctx, paths, analyser)
        except BaseException:
            analyser.close()
            raise

        def analyse_store(store, on_stage):
            return pipeline.analyse_store(store, analyser=analyser, on_stage=on_stage)
    status = None if ctx.quiet else _console().status("analysing")

    def on_stage(name: str) -> None:
        if status is not None:
            status.update(f"{name}…")

    if status is not None:
        status.start()
    try:
        with ctx.store() as store:
            articles = [store.get(article_id) for article_id in dict.fromkeys(report.articles)]
            run = analyse_store(store, on_stage=on_stage)
            on_stage("tables")
            refresh_tables(store, run.stories)  # the flat SQL tables and search index (newsfuse.store.tables)
            briefs = {s.id: (store.load_state(story_state_name(s.id)) or {}).get("markdown", "") for s in run.stories}
    finally:
        if analyser is not None:
            analyser.close()  # analyse_store stops the workers; this covers a failure before it
        if status is not None:
            status.stop()
    provenance = run.provenance.to_json() if run.provenance is not None else None
    stories = run.stories
    table = Table(title=f"{len(articles)} articles read", show_lines=False)
    table.add_column("id", no_wrap=True)
    for column in ("date", "outlet", "title", "words", "sentences", "removed"):
        table.add_column(column, overflow="ellipsis", no_wrap=True)
    for article in articles:
        table.add_row(
            cell(article.id), cell(article.date or ""), cell(article.outlet or ""), cell(article.title or "", 34),
            str(article.word_count), str(len(article.sentences)), str(len(article.removed)),
        )
    _console().print(table)
    click.echo(_summary_line(report, total, ctx.db))
    click.echo()
    click.echo(f"{len(stories)} stor{'y' if len(stories) == 1 else 'ies'}:")
    for story in stories:
        click.echo(f"  {plain(story.id)}  {len(story.articles)} articles  {plain(_shorten(story.label or '', 80))}")
    if provenance is not None:
        click.echo()
        _print_provenance(provenance)
    shown = [s for s in stories if any(a in s.articles for a in report.articles)] or stories
    for story in shown[:MAX_BRIEFS_PRINTED]:
        click.echo()
        click.echo(plain(briefs.get(story.id, "")).rstrip())
    if len(shown) > MAX_BRIEFS_PRINTED:
        click.echo(f"\n… {len(shown) - MAX_BRIEFS_PRINTED} more stories: `newsfuse brief STORY` prints any of them")
    for story_id, error in run.failed:
        click.echo(f"error: story {plain(story_id)}: analysis failed: {plain(error)}", err=True)
    if engine != "spark" and sys.version_info < (3, 12) and len(report.articles) >= SLOW_PYTHON_NOTE_ARTICLES:
        click.echo("note: spaCy's wheels for Python 3.11 are built with Cython profiling hooks: the parse "
                   "takes about twice the CPU it takes on Python 3.12 or newer (README, Performance)", err=True)
    if report.errors or run.failed:
        sys.exit(1)


@cli.command("articles")
@json_option
@click.pass_obj
def articles_cmd(ctx: Context, as_json: bool) -> None:
    """List stored articles (latest version of each)."""
    with ctx.store(readonly=True) as store:
        summaries = store.summaries()
    if as_json:
        rows = [
            {"id": s.id, "title": s.title, "date": s.date, "outlet": s.outlet, "url": s.url,
             "version": s.version, "words": s.words, "ingested_at": s.ingested_at}
            for s in summaries
        ]
        click.echo(json_dumps(rows))
        return
    from rich.table import Table

    table = Table(title=f"{len(summaries)} articles")
    table.add_column("id", no_wrap=True)
    for column in ("date", "outlet", "title", "words", "v"):
        table.add_column(column, overflow="ellipsis", no_wrap=True)
    for s in summaries:
        table.add_row(cell(s.id), cell(s.date or ""), cell(s.outlet or ""), cell(s.title or "", 50), str(s.words),
                      str(s.version))
    _console().print(table)


@cli.command("show")
@click.argument("article_id", metavar="ID")
@click.option("--version", "version", type=int, default=None, help="Show an older version.")
@json_option
@click.pass_obj
def show_cmd(ctx: Context, article_id: str, version: int | None, as_json: bool) -> None:
    """Show one article: clean text, paragraphs, sentences and removed lines."""
    with ctx.store(readonly=True) as store:
        try:
            article = store.get(article_id, version)
        except NotFound as exc:
            raise CliError(str(exc)) from None
        versions = store.versions(article_id)
    if as_json:
        from .serialize import to_json
        from .views import article_json

        click.echo(json_dumps(to_json(article_json(article, versions))))
        return
    _print_article(article, versions)


def _saved_or_computed(ctx: Context, recompute: bool, read, compute):
    """What ``read`` finds saved (on a read-only connection), else what ``compute`` makes (and saves)."""
    if not recompute and os.path.exists(ctx.db):
        with ctx.store(readonly=True) as store:
            found = read(store)
        if found is not None:
            return found
    with ctx.store() as store:
        return compute(store)


_recompute_option = click.option("--recompute", is_flag=True,
                                 help="Compute again even when the saved result covers every stored article.")


@cli.command("provenance")
@json_option
@_recompute_option
@click.pass_obj
def provenance_cmd(ctx: Context, as_json: bool, recompute: bool) -> None:
    """Find reprints, near-duplicates, rewrites, composite pages and filler.

    Compares the stored articles passage by passage and says which text came
    from which, which is the rewrite, and how many independent sources there are.
    Shows the saved report when it covers the stored articles as they are.
    """
    from .serialize import to_json
    from .views import saved_provenance

    def compute(store):
        from .pipeline import run_provenance, save_provenance

        traced = run_provenance(store)
        save_provenance(store, traced)
        return traced.document()

    report = to_json(_saved_or_computed(ctx, recompute, saved_provenance, compute))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print_provenance(report)


def _print_provenance(report: dict) -> None:
    from rich.table import Table

    out = _console()
    count = len(report["relations"])
    table = Table(title=f"{count} relation{'' if count == 1 else 's'} among {report['articles']} articles")
    for column in ("source", "derived", "relation", "passages", "score", "direction"):
        table.add_column(column, no_wrap=column in ("source", "derived"))
    for rel in report["relations"]:
        table.add_row(cell(rel["source"]), cell(rel["derived"]), cell(rel["relation"]), str(len(rel["passages"])),
                      f"{rel['score']:.2f}", cell(rel["direction"]))
    out.print(table)
    for rel in report["relations"]:
        out.print(f"[bold]{cell(rel['derived'])}[/bold] {cell(rel['relation'])} of [bold]{cell(rel['source'])}[/bold]:")
        for p in rel["passages"][:3]:
            out.print(f"  {p['score']:.2f}  {cell(p['source_text'], 70)}")
            out.print(f"        {cell(p['derived_text'], 70)}", style="dim")
        if len(rel["passages"]) > 3:
            out.print(f"  … {len(rel['passages']) - 3} more passages (--json for all)", style="dim")
    for comp in report["composites"]:
        groups = sorted({p["group"] for p in comp["parts"]})
        out.print(f"[bold]{cell(comp['article'])}[/bold] is a composite of {len(groups)} texts: "
                  + cell("; ".join(comp["evidence"])))
        for part in comp["parts"]:
            shared = f" (shared with {', '.join(part['shared_with'])})" if part["shared_with"] else ""
            out.print(f"  {cell(part['source'])}: lines {part['lines'][0]}-{part['lines'][-1]}{cell(shared)}")
    groups = report["independent_groups"]
    out.print(f"{len(groups)} independent sources: " + cell(" | ".join(", ".join(g) for g in groups)))
    if report["filler"]:
        per = {}
        for f in report["filler"]:
            per.setdefault(f["article"], []).append(str(f["line"]))
        out.print("filler paragraphs: " + cell("; ".join(f"{a} lines {', '.join(l)}" for a, l in per.items())))
    for note in report.get("notes", []):
        out.print(cell(note), style="dim")


@cli.command("stories")
@json_option
@_recompute_option
@click.pass_obj
def stories_cmd(ctx: Context, as_json: bool, recompute: bool) -> None:
    """Cluster stored articles into stories, incrementally (new articles join or start one).

    Articles not yet in a story are placed as `newsfuse run` places them
    (provenance first, reprints join their source's story), so the stories do
    not depend on which command ran first. Shows the saved stories when every
    stored article is already placed.
    """
    from .serialize import to_json
    from .views import saved_stories, story_refs

    def compute(store):
        from .pipeline import place_stories

        return story_refs(place_stories(store).stories())

    rows = to_json(_saved_or_computed(ctx, recompute, saved_stories, compute))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} stories")
    table.add_column("id", no_wrap=True)
    for column in ("label", "dates", "articles"):
        table.add_column(column)
    for row in rows:
        dates = " – ".join(d for d in (row["first_date"], row["last_date"]) if d) or ""
        table.add_row(cell(row["id"]), cell(row["label"] or "", 60), cell(dates), str(len(row["articles"])))
    _console().print(table)


@cli.group("eval")
def eval_group() -> None:
    """Score newsfuse on labelled data; each takes any file of the same format."""


@eval_group.command("paraphrase")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--folds", default=10, show_default=True, help="Cross-validation folds for the newsfuse scorer.")
@click.option("--limit", type=int, default=None, help="Score a random sample of this many pairs.")
@json_option
def eval_paraphrase_cmd(path: str, folds: int, limit: int | None, as_json: bool) -> None:
    """Sentence-pair paraphrase scoring on an MRPC-format TSV (accuracy, F1).

    Prints the newsfuse scorer (cross-validated on the file) next to two
    baselines run in the same process: TF-IDF cosine and plain MiniLM cosine.
    """
    from newsfuse_eval.paraphrase import evaluate_paraphrase  # evaluation code stays out of the runtime

    result = evaluate_paraphrase(path, folds=folds, limit=limit)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    from rich.table import Table

    table = Table(title=f"paraphrase: {result['pairs']} pairs from {path}")
    for column in ("system", "accuracy", "precision", "recall", "F1", "pairs/s"):
        table.add_column(column)
    for name, row in result["systems"].items():
        speed = row.get("pairs_per_s")
        table.add_row(name, f"{row['accuracy']:.3f}", f"{row['precision']:.3f}", f"{row['recall']:.3f}",
                      f"{row['f1']:.3f}", f"{speed:.0f}" if isinstance(speed, (int, float)) else "")
    _console().print(table)


@eval_group.command("stories")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--orders", default=5, show_default=True, help="Random arrival orders to average over.")
@json_option
def eval_stories_cmd(path: str, orders: int, as_json: bool) -> None:
    """Cluster a labelled JSONL (id, text, optional title/date; gold in story or event) incrementally; B-cubed P/R/F1."""
    from newsfuse_eval.stories import evaluate_stories

    result = evaluate_stories(path, orders=orders)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(
        f"B-cubed precision {result['precision']:.3f} recall {result['recall']:.3f} F1 {result['f1']:.3f} "
        f"(spread over {orders} orders {result['f1_spread']:.3f}); "
        f"TF-IDF + agglomerative baseline F1 {result['baseline_f1']:.3f}"
    )


@eval_group.command("quotes")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
@json_option
def eval_quotes_cmd(folder: str, limit: int | None, as_json: bool) -> None:
    """Quote and speaker attribution on a folder laid out like PolNeAR (text/ + attributions/)."""
    from newsfuse_eval.quotes import evaluate_quotes

    result = evaluate_quotes(folder, limit=limit)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    from rich.table import Table

    table = Table(title=f"quotes: {result['articles']} articles from {folder}")
    for column in ("measure", "precision", "recall", "F1"):
        table.add_column(column)
    table.add_row("speaker attribution", f"{result['precision']:.3f}", f"{result['recall']:.3f}",
                  f"{result['speaker_f1']:.3f}")
    table.add_row("content overlap", f"{result['content_precision']:.3f}", f"{result['content_recall']:.3f}",
                  f"{result['content_f1']:.3f}")
    table.add_row("content exact", f"{result['exact_precision']:.3f}", f"{result['exact_recall']:.3f}",
                  f"{result['exact_f1']:.3f}")
    _console().print(table)


def _print_article(article: Article, versions: list[tuple[int, str, str]]) -> None:
    out = _console()
    out.print(f"[bold]{cell(article.title or '(no headline)')}[/bold]")
    meta = [f"id {article.id}", f"date {article.date or '?'}" + (f" ({article.date_source})" if article.date_source else ""),
            f"outlet {article.outlet or '?'}", f"{len(versions)} version(s)"]
    out.print(cell(" · ".join(meta)), style="dim")
    out.print()
    for paragraph in article.paragraphs:
        text = cell(article.paragraph_text(paragraph))
        if paragraph.kind.value == "heading":
            out.print(f"[bold underline]{text}[/bold underline]")
        else:
            out.print(text)
        out.print()
    out.print(f"{len(article.sentences)} sentences, {len(article.paragraphs)} paragraphs", style="dim")
    if article.removed:
        out.print("[bold]removed[/bold]")
        for line in article.removed:
            out.print(f"  line {line.line}: {cell(line.text)}  [dim]({cell(line.reason)})[/dim]")


def main() -> None:
    """Entry point: run the CLI, mapping library errors to one-line messages."""
    if sys.stdout is None:  # started with stdout closed (`newsfuse ... >&-`)
        sys.stdout = _ClosedOutput()
    try:
        cli.main(standalone_mode=False)
        sys.stdout.flush()  # a full or closed stdout fails here, not in the interpreter's exit
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except NewsfuseError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("interrupted; committed batches are kept", err=True)
        sys.exit(130)
    except BrokenPipeError:
        os._exit(0)
    except OSError as exc:
        if exc.filename is None and exc.errno in _OUTPUT_ERRNOS:
            # a write on stdout (a full disk, a closed or broken device): no file name to give
            click.echo(f"error: cannot write to standard output ({exc.strerror or exc})", err=True)
            sys.stderr.flush()
            os._exit(1)  # the interpreter's exit would flush stdout again and fail with a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("NEWSFUSE_DEBUG"):
            raise
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        click.echo(f"error: unexpected {type(exc).__name__}{': ' + detail if detail else ''} "
                   "(a bug: please report it; NEWSFUSE_DEBUG=1 shows the traceback)", err=True)
        sys.exit(1)


class _ClosedOutput(io.TextIOBase):
    """Stands in for a closed stdout: writing fails as on a bad descriptor, and
    :func:`main` says so in one line; commands that print nothing still run."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def isatty(self) -> bool:
        return False


from .cli_story import register as _register_story_commands  # noqa: E402

_register_story_commands(cli)

from .cli_export import register as _register_export_commands  # noqa: E402

_register_export_commands(cli)
