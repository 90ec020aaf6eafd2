"""Story-level commands: ``facts``, ``claims``, ``brief`` and ``serve``.

They read what ``newsfuse run`` saved for each story (see :mod:`newsfuse.analyse`);
a story that was never analysed is analysed on demand and saved.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .cli_common import CliError, Context, cell, console, json_option, plain
from .errors import NotFound
from .serialize import to_json
from .store import Store

if TYPE_CHECKING:  # the records import the fact extractors' modules: only when a command runs
    from .facts.records import FactsDoc
    from .view_records import StoryAnalysis

__all__ = ["register"]


def _story_or_none(store: Store, story_id: str):
    from .pipeline import load_stories

    return next((s for s in load_stories(store) if s.id == story_id), None)


def _analysis(ctx: Context, story_id: str, fields: tuple[str, ...] | None = None) -> StoryAnalysis | None:
    """The saved analysis of a story, computing it when missing or stale; None when there is no such story.

    A fresh saved analysis is read on a read-only connection, without
    loading the clusterer, provenance or a model; with ``fields``, only those
    fields of it are read (a brief does not parse the story's facts).
    """
    if Path(ctx.db).exists():
        from .views import saved_analysis, saved_story

        with ctx.store(readonly=True) as store:
            story = saved_story(store, story_id)
            saved = saved_analysis(store, story_id, story.articles, fields) if story is not None else None
        if saved is not None:
            return saved
    from .analyse import StoryAnalyser, analyse_stories
    from .pipeline import load_provenance
    from .views import story_analysis

    with ctx.store() as store:
        story = _story_or_none(store, story_id)
        if story is None:
            return None
        analyse_stories(store, [story], load_provenance(store, story.articles), StoryAnalyser())
        return story_analysis(store, story_id)


def _story_analysis(ctx: Context, story_id: str, fields: tuple[str, ...] | None = None) -> StoryAnalysis:
    analysis = _analysis(ctx, story_id, fields)
    if analysis is None:
        raise CliError(f"no story {story_id!r} (run `newsfuse stories` to list them)")
    return analysis


@click.command("facts")
@click.argument("item_id", metavar="STORY_OR_ARTICLE")
@json_option
@click.pass_obj
def facts_cmd(ctx: Context, item_id: str, as_json: bool) -> None:
    """Entities, quotes, numeric claims, dates and events of a story or one article."""
    from .facts.records import FactsDoc

    analysis = _analysis(ctx, item_id, ("facts",))
    if analysis is not None:
        facts = analysis.facts or FactsDoc()
    else:
        with ctx.store() as store:
            try:
                article = store.get(item_id)
            except NotFound:
                raise CliError(f"no story or article {item_id!r}") from None
        from .analyse import StoryAnalyser

        facts = FactsDoc.of(StoryAnalyser().facts([article]))
    if as_json:
        click.echo(json.dumps(to_json(facts), ensure_ascii=False, indent=2))
        return
    _print_facts(facts)


def _print_facts(facts: FactsDoc) -> None:
    out = console()
    out.print(f"[bold]{len(facts.entities)} entities[/bold]")
    for e in facts.entities[:40]:
        titles = f" ({cell('; '.join(e.titles[:2]))})" if e.titles else ""
        out.print(f"  {cell(e.label):<7} {cell(e.name)}{titles}  x{len(e.mentions)}")
    out.print(f"[bold]{len(facts.quotes)} quotes[/bold]")
    for q in facts.quotes:
        out.print(f"  {cell(q.speaker)} {cell(q.cue)}: “{cell(q.text[:100])}”", highlight=False)
    out.print(f"[bold]{len(facts.claims)} numeric claims[/bold]")
    for c in facts.claims:
        out.print(f"  {cell(c.text)}  {cell('[' + str(c.hedge) + ']')} {cell(c.thing or '')}  ({cell(c.article)})",
                  highlight=False)
    out.print(f"[bold]{len(facts.dates)} dates[/bold]")
    for d in facts.dates:
        out.print(f"  {cell(d.text)} -> {cell(d.value or '?')}  ({cell(d.article)})", highlight=False)
    out.print(f"[bold]{len(facts.events)} events[/bold]")
    for ev in facts.events:
        target = f" -> {cell(ev.target)}" if ev.target else ""
        out.print(f"  {cell(ev.actor)} {cell(ev.action)}{target}"
                  + (f" in {cell(ev.place)}" if ev.place else "")
                  + (f" on {cell(ev.date)}" if ev.date else ""), highlight=False)


@click.command("claims")
@click.argument("story_id", metavar="STORY")
@json_option
@click.pass_obj
def claims_cmd(ctx: Context, story_id: str, as_json: bool) -> None:
    """The story's numeric claims, grouped across sources, with a verdict per group."""
    groups = _story_analysis(ctx, story_id, ("claims",)).claims
    if as_json:
        click.echo(json.dumps(to_json(groups), ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"{len(groups)} claim groups in {cell(story_id)}", show_lines=True)
    for column in ("thing", "verdict", "values (article)", "sources"):
        table.add_column(column)
    for g in groups:
        values = "\n".join(f"{cell(v.text)} {cell('[' + str(v.hedge) + ']')} ({cell(v.article)})" for v in g.values)
        style = "bold red" if g.verdict == "conflict" else None
        table.add_row(cell(g.thing or g.unit), cell(g.verdict.value), values, cell(g.independent_sources), style=style)
    console().print(table)


@click.command("brief")
@click.argument("story_id", metavar="STORY")
@click.option("--format", "fmt", type=click.Choice(["md", "json", "html"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of stdout.")
@click.pass_obj
def brief_cmd(ctx: Context, story_id: str, fmt: str, output: str | None) -> None:
    """The story brief: every point cites its sources; conflicts, quotes, timeline, provenance."""
    analysis = _story_analysis(ctx, story_id, ("brief", "markdown", "html"))
    if fmt == "json":
        text = json.dumps(to_json(analysis.brief), ensure_ascii=False, indent=2)
    else:
        text = analysis.markdown if fmt == "md" else analysis.html
    if output is None:
        click.echo(plain(text) if fmt == "md" else text)
        return
    try:
        Path(output).write_text(text + ("\n" if not text.endswith("\n") else ""), encoding="utf-8")
    except OSError as exc:
        raise CliError(f"{output}: cannot write ({exc.strerror or exc})") from None


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (default: this machine only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--allow-ingest", is_flag=True, help="Allow adding articles through the web UI (read-only otherwise).")
@click.pass_obj
def serve_cmd(ctx: Context, host: str, port: int, allow_ingest: bool) -> None:
    """Read stories in the browser: brief, sources, conflicts, quotes, provenance graph."""
    if not Path(ctx.db).exists():
        raise CliError(f"{ctx.db}: no such database (run `newsfuse run PATH...` first)")
    from .web.app import serve

    serve(ctx.db, host=host, port=port, allow_ingest=allow_ingest)


def register(group: click.Group) -> None:
    """Add the story-level commands to the ``newsfuse`` group."""
    for command in (facts_cmd, claims_cmd, brief_cmd, serve_cmd):
        group.add_command(command)
