"""The Spark engine (``newsfuse run --engine spark``, the ``newsfuse[spark]`` extra)
stores exactly what the local engine stores, and says in one line how to get
it when pyspark is missing.

Every test that needs Spark asks for the ``pyspark`` fixture, which skips when
pyspark is not importable; the missing-extra test and the task packing run
always. Spark runs on ``local[2]`` (loopback only, no web UI).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES_DIR

from newsfuse.distributed.analysis import pack_tasks
from newsfuse.model import Story
from newsfuse.store import Store
from newsfuse.views import PROVENANCE_STATE, STORIES_STATE, story_state_name

ARTICLES = EXAMPLES_DIR / "articles"
MASTER = "local[2]"


@pytest.fixture(scope="module")
def pyspark():
    return pytest.importorskip("pyspark")


def _snapshot(path: Path) -> dict:
    """What the views read: the articles (all versions), provenance, stories and each story's analysis."""
    with Store(path, readonly=True) as store:
        articles = {a.id: a for a in store.iter_articles()}
        stories = store.load_state(STORIES_STATE)
        ids = sorted(story_id for story_id in _story_ids(store))
        return {
            "articles": articles,
            "versions": {i: [v for v, _, h in store.versions(i)] for i in articles},
            "provenance": store.load_state(PROVENANCE_STATE),
            "stories": stories,
            "analyses": {i: store.load_state(story_state_name(i)) for i in ids},
        }


def _story_ids(store: Store) -> list[str]:
    from newsfuse.pipeline import load_stories

    return [s.id for s in load_stories(store)]


@pytest.fixture(scope="module")
def local_db(tmp_path_factory) -> Path:
    """The bundled examples through the local engine (what ``newsfuse run`` does)."""
    from newsfuse.pipeline import analyse_store, ingest

    path = tmp_path_factory.mktemp("local") / "local.db"
    with Store(path) as store:
        report = ingest([str(ARTICLES)], store)
        assert not report.errors and report.fatal is None
        run = analyse_store(store)
        assert not run.failed
    return path


@pytest.fixture(scope="module")
def spark_run(pyspark, tmp_path_factory):
    """The bundled examples through ``newsfuse run --engine spark`` (its own session, started and stopped)."""
    from click.testing import CliRunner

    from newsfuse.cli import cli

    path = tmp_path_factory.mktemp("spark") / "spark.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "-q", "run", str(ARTICLES), "--engine", "spark",
                                      "--master", MASTER], catch_exceptions=False)
    return path, result


@pytest.fixture(scope="module")
def spark(pyspark, spark_run):
    """A session for library-level tests (started after the CLI's own has stopped)."""
    from newsfuse.distributed import SparkConfig, spark_session

    with spark_session(SparkConfig(MASTER)) as session:
        yield session


def test_distributed_cli_run_succeeds_and_prints_the_brief(spark_run):
    _, result = spark_run
    assert result.exit_code == 0, result.stderr
    assert "5 new, 0 updated, 0 unchanged" in result.stdout
    assert "1 story:" in result.stdout and "## Key points" in result.stdout


def test_distributed_run_stores_the_same_articles_as_local(spark_run, local_db):
    spark_db, _ = spark_run
    local, distributed = _snapshot(local_db), _snapshot(spark_db)
    assert list(distributed["articles"]) == list(local["articles"])
    assert distributed["articles"] == local["articles"]
    assert distributed["versions"] == local["versions"]


def test_distributed_run_stores_the_same_story_analyses_as_local(spark_run, local_db):
    spark_db, _ = spark_run
    local, distributed = _snapshot(local_db), _snapshot(spark_db)
    assert distributed["provenance"] == local["provenance"]
    assert distributed["stories"] == local["stories"]
    assert list(distributed["analyses"]) == list(local["analyses"]) and local["analyses"]
    for story_id, analysis in local["analyses"].items():
        assert set(analysis) == {"key", "version", "facts", "claims", "ledger", "brief", "markdown", "html"}
        assert distributed["analyses"][story_id]["brief"] == analysis["brief"]
        assert distributed["analyses"][story_id] == analysis


def test_distributed_rerun_changes_nothing_and_forced_reanalysis_from_cached_parses_is_equal(
        spark, spark_run, local_db, tmp_path):
    from newsfuse.distributed import analyse_stories_on_spark, ingest_on_spark
    from newsfuse.pipeline import load_provenance, load_stories

    path = tmp_path / "again.db"
    shutil.copy(spark_run[0], path)
    with Store(path) as store:
        report = ingest_on_spark(spark, [str(ARTICLES)], store)
        assert (report.result.added, report.result.updated, report.result.unchanged) == (0, 0, 5)
        stories = load_stories(store)
        assert analyse_stories_on_spark(spark, store, stories, None) == []  # nothing stale
        provenance = load_provenance(store, [a for s in stories for a in s.articles])
        # every parse now comes from the store's cache, shipped to the task
        assert analyse_stories_on_spark(spark, store, stories, provenance, force=True) == [s.id for s in stories]
    assert _snapshot(path)["analyses"] == _snapshot(local_db)["analyses"]


def _chrome_set(folder: Path, names: list[str]) -> list[Path]:
    """Articles that share one short non-prose line, the cleaner's cross-article chrome evidence."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, name in enumerate(names):
        body = (f"Council votes on budget {name}\n\n"
                f"The city council voted on the {n + 2}024 budget on Tuesday after a long debate. "
                f"Members of the council said the plan for {name} would fund schools and roads.\n\n"
                "Daily Brief Newsletter Signup\n\n"
                f"The mayor said the vote on {name} showed the council could agree on hard choices.\n")
        path = folder / f"{name}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def test_distributed_clean_uses_the_stores_line_counts_like_local(spark, tmp_path):
    """A line the store has seen in earlier articles is chrome in the next batch, on Spark as locally."""
    from newsfuse.distributed import ingest_on_spark
    from newsfuse.pipeline import ingest

    earlier = _chrome_set(tmp_path / "earlier", ["alpha", "beta", "gamma"])
    later = _chrome_set(tmp_path / "later", ["delta"])
    found = {}
    for engine in ("local", "spark"):
        with Store(tmp_path / f"{engine}.db") as store:
            ingest([str(p) for p in earlier], store)
            if engine == "local":
                ingest([str(later[0])], store)
            else:
                ingest_on_spark(spark, [str(later[0])], store)
            found[engine] = store.get("delta")
    assert "Daily Brief Newsletter Signup" in [r.text for r in found["local"].removed]
    assert found["spark"] == found["local"]


def test_distributed_clean_batches_of_one_wave_see_each_other_like_local(spark, tmp_path):
    """Batches cleaned side by side still get the counts of the batches before them."""
    from newsfuse.distributed import SparkConfig, ingest_on_spark
    from newsfuse.pipeline import ingest

    folder = tmp_path / "set"
    _chrome_set(folder, ["alpha", "beta", "gamma", "delta", "epsilon"])
    stored = {}
    for engine in ("local", "spark"):
        with Store(tmp_path / f"{engine}.db") as store:
            if engine == "local":
                ingest([str(folder)], store, batch_size=2)
            else:
                ingest_on_spark(spark, [str(folder)], store, config=SparkConfig(MASTER, batch_size=2))
            stored[engine] = list(store.iter_articles())
    chrome = {a.id: "Daily Brief Newsletter Signup" in [r.text for r in a.removed] for a in stored["local"]}
    assert chrome == {"alpha": False, "beta": False, "gamma": True, "delta": True, "epsilon": True}
    assert stored["spark"] == stored["local"]


def test_distributed_engine_without_pyspark_fails_in_one_line(run_cli, db_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # `import pyspark` now raises ImportError
    result = run_cli("run", ARTICLES, "--engine", "spark")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert 'pip install "newsfuse[spark]"' in lines[0]
    assert "Traceback" not in result.output
    assert not db_path.exists()  # it failed before reading anything


def test_distributed_pack_tasks_keeps_story_order_and_isolates_large_stories():
    def story(n: int):
        return Story(id=f"s{n}", label="", articles=()), [None] * n

    assert pack_tasks([story(3), story(2), story(10), story(1), story(4)], 5) == [[0, 1], [2], [3, 4]]
    assert pack_tasks([], 5) == []


def test_distributed_bad_master_fails_in_one_line_before_starting_spark(pyspark, run_cli, db_path):
    result = run_cli("run", ARTICLES, "--engine", "spark", "--master", "bogus://x")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "error: not a Spark master URL: 'bogus://x' (local[N], spark://HOST:PORT, k8s://HOST:PORT or yarn)")
    assert not db_path.exists()


def test_distributed_failed_job_becomes_one_line_naming_the_workers_error():
    from newsfuse.distributed import SparkJobFailed
    from newsfuse.distributed.session import collect

    class FailingRDD:
        def collect(self):
            raise RuntimeError("An exception was thrown from the Python worker.\nTraceback (most recent call last):\n"
                               '  File "worker.py", line 1, in main\n'
                               "newsfuse.facts.nlp.ModelNotInstalled: spaCy model 'x' is not installed\n"
                               "\tat org.apache.spark.api.python.BasePythonRunner.read(PythonRunner.scala:1)\n")

    with pytest.raises(SparkJobFailed) as failed:
        collect(FailingRDD(), "analysing stories")
    assert str(failed.value) == ("Spark job failed while analysing stories: "
                                 "newsfuse.facts.nlp.ModelNotInstalled: spaCy model 'x' is not installed")
