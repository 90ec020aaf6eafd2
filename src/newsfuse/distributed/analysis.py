"""Per-story analysis (parse, facts, reconcile, brief) on Spark partitions.

The driver decides which stories are stale, exactly as
:func:`newsfuse.analyse.analyse_stories` does, and packs them into tasks of a
few dozen articles. Each task runs that same function, unchanged, against a
private in-memory store seeded with its articles and their cached parses, with
one spaCy model loaded per task; it sends back what the function saved (the
story states and the fresh parses), and the driver writes those into the real
store. Running the local code path in every task is what keeps a Spark run's
output equal to a local run's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from ..errors import NewsfuseError
from ..model import Article, Story
from ..store.db import Store
from ..views import story_state_name
from .session import SparkConfig, collect

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from ..provenance.report import ProvenanceReport

__all__ = ["RemoteAnalysisError", "analyse_stories_on_spark", "pack_tasks"]


class RemoteAnalysisError(NewsfuseError):
    """A story's analysis raised inside a Spark task (type and message as the task saw them)."""


@dataclass
class _Task:
    """What one Spark task needs: its stories, their articles, the provenance among
    them and the parses the store already has (bytes, by :func:`~newsfuse.analyse.parse_key`)."""

    stories: list[Story]
    articles: list[Article]
    provenance: "ProvenanceReport | None"
    parse_model: str
    parses: dict[str, bytes]


@dataclass
class _TaskResult:
    states: dict[str, dict]  # story id -> the saved analysis
    failed: list[tuple[str, str]]  # story id, "Type: message"
    parses: dict[str, bytes]  # parse key -> DocBin bytes, parsed in this task
    parse_model: str


def pack_tasks(stale: Sequence[tuple[Story, list[Article]]], articles_per_task: int) -> list[list[int]]:
    """Indices of ``stale`` grouped into tasks of at most ``articles_per_task`` articles,
    in order (a story with more articles is a task of its own).

    Example:
        >>> from newsfuse.model import Story
        >>> s = lambda n: (Story(id="s", label="", articles=()), [None] * n)
        >>> pack_tasks([s(3), s(2), s(10), s(1)], 5)
        [[0, 1], [2], [3]]
    """
    tasks: list[list[int]] = []
    size = 0
    for index, (_, articles) in enumerate(stale):
        if tasks and size + len(articles) <= articles_per_task:
            tasks[-1].append(index)
            size += len(articles)
        else:
            tasks.append([index])
            size = len(articles)
    return tasks


def _run_task(tasks: Iterable[_Task]) -> Iterator[_TaskResult]:
    """Spark partition function: one spaCy model for all the partition's tasks."""
    from ..analyse import StoryAnalyser, analyse_stories, parse_key, parse_model_key

    analyser = StoryAnalyser(n_process=1)  # Spark runs the tasks in parallel; no worker pool inside
    for task in tasks:
        with Store(":memory:") as scratch:
            scratch.add_articles((article, b"") for article in task.articles)
            if task.parses:
                scratch.save_parses(task.parses, task.parse_model)
            failed: list[tuple[str, str]] = []
            done = analyse_stories(
                scratch, task.stories, task.provenance, analyser, force=True,
                on_error=lambda story, exc: failed.append((story.id, f"{type(exc).__name__}: {exc}")),
            )
            model = parse_model_key(analyser)
            shipped = set(task.parses) if model == task.parse_model else set()
            fresh = scratch.parsed_keys({parse_key(a) for a in task.articles}, model) - shipped
            yield _TaskResult(
                states={story_id: scratch.load_state(story_state_name(story_id)) for story_id in done},
                failed=failed,
                parses=scratch.load_parses(fresh, model),
                parse_model=model,
            )


def analyse_stories_on_spark(
    spark: "SparkSession",
    store: Store,
    stories: Sequence[Story],
    provenance: "ProvenanceReport | None",
    *,
    config: SparkConfig = SparkConfig(),
    force: bool = False,
    on_story: Callable[[Story, bool], None] | None = None,
    on_error: Callable[[Story, Exception], None] | None = None,
) -> list[str]:
    """:func:`newsfuse.analyse.analyse_stories`, with the stale stories analysed on Spark.

    Same arguments, same saved states and parses, same return value (the ids
    of the stories analysed now); a story whose task raised is passed to
    ``on_error`` as a :class:`RemoteAnalysisError` (or raised without it).
    Results are stored wave by wave (``config.tasks_per_wave`` tasks), so an
    interrupted run keeps the waves done.
    """
    from ..analyse import StoryAnalyser, analysis_key, parse_model_key, parse_key, story_provenance_report

    stale: list[tuple[Story, list[Article]]] = []
    for story in stories:
        articles = [store.get(article_id) for article_id in story.articles]
        if force or store.state_field(story_state_name(story.id), "key") != analysis_key(articles):
            stale.append((story, articles))
        elif on_story is not None:
            on_story(story, False)
    if not stale:
        return []
    parse_model = parse_model_key(StoryAnalyser())  # the cache key of parses, from the package's metadata
    by_id = {story.id: story for story, _ in stale}
    groups = pack_tasks(stale, config.articles_per_task)
    done: list[str] = []
    for start in range(0, len(groups), config.tasks_per_wave):
        tasks = []
        for group in groups[start : start + config.tasks_per_wave]:
            chosen = [stale[i] for i in group]
            articles = [a for _, story_articles in chosen for a in story_articles]
            ids = {a.id for a in articles}
            tasks.append(_Task(
                stories=[story for story, _ in chosen],
                articles=articles,
                provenance=story_provenance_report(provenance, ids),
                parse_model=parse_model,
                parses=store.load_parses({parse_key(a) for a in articles}, parse_model),
            ))
        rdd = spark.sparkContext.parallelize(tasks, len(tasks))
        for result in collect(rdd.mapPartitions(_run_task), "analysing stories"):
            if result.parses:
                store.save_parses(result.parses, result.parse_model)
            for story_id, state in result.states.items():
                store.save_state(story_state_name(story_id), state)
                done.append(story_id)
                if on_story is not None:
                    on_story(by_id[story_id], True)
            for story_id, message in result.failed:
                if on_error is None:
                    raise RemoteAnalysisError(f"story {story_id}: {message}")
                on_error(by_id[story_id], RemoteAnalysisError(message))
    return done
