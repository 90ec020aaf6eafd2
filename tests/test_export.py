"""Issue 20 (part H): flat SQL tables kept by ``run``, ``export``, full-text ``search``,
the web downloads and ``newsfuse.open`` (the Python API).

The stores are real: ``newsfuse run examples/articles`` (shared with test_web), and a
copy of it that then gains a reprint of one example and an article on another topic.
"""

from __future__ import annotations

import doctest
import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsfuse.model import Story
from newsfuse.store import Store
from newsfuse.store.tables import TABLES, StoryLinks, columns, story_rows, table_name, tables_stale
from newsfuse.web import create_app
from test_web import BASE, EXAMPLES, HOSTILE, built_store, hostile_db  # noqa: F401  (hostile_db is a fixture)

NEW_TOPIC = """Harbour ferry timetable changes after storm damage

The island ferry company will run a reduced timetable from Friday after a storm damaged the northern pier at Quillanport, the company said on Wednesday.

"We expect the northern pier to reopen within three weeks," said Marta Ellingsworth, the company's operations director.

Repairs will cost about 2.5 million euros, according to the harbour authority, and the southern pier will take all sailings until then.
"""


def _copy(source: Path, target: Path) -> Path:
    """A consistent copy of a WAL store (the shared one must stay as it is)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory) -> Path:
    return built_store(tmp_path_factory, "examples", [EXAMPLES])


@pytest.fixture(scope="module")
def grown_store(examples_store, tmp_path_factory) -> dict:
    """The examples store after `run` on a reprint of example 003 (under a new name) and a new-topic article."""
    from click.testing import CliRunner

    from newsfuse.cli import cli

    folder = tmp_path_factory.mktemp("grown")
    db = _copy(examples_store, folder / "news.db")
    inputs = folder / "new"
    inputs.mkdir()
    reprint = (EXAMPLES / "003_9ccd3c76824c756c.txt").read_text(encoding="utf-8")
    (inputs / "reprint-003.txt").write_text(reprint, encoding="utf-8")
    (inputs / "ferry-quillanport.txt").write_text(NEW_TOPIC, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(db), "-q", "run", str(inputs)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Store(db, readonly=True) as store:
        ids = [s.id for s in store.summaries()]
    new_ids = [i for i in ids if "ferry" in i or "reprint" in i]
    assert len(ids) == 7 and len(new_ids) == 2, ids
    return {"db": db, "reprint": next(i for i in new_ids if "reprint" in i),
            "ferry": next(i for i in new_ids if "ferry" in i)}


def _state(db: Path, name: str) -> dict:
    with Store(db, readonly=True) as store:
        return store.load_state(name) or {}


# -- the tables ---------------------------------------------------------------


def test_tables_columns_match_their_records():
    with Store(":memory:") as store:
        for name in TABLES:
            cols = [r[1] for r in store.connection.execute(f"PRAGMA table_info({table_name(name)})")]
            assert cols == columns(name), name
        names = [r[0] for r in store.connection.execute("SELECT name FROM schema_migrations")]
        assert "0006_export_tables" in names


def test_tables_story_rows_flatten_a_hand_built_analysis():
    story = Story("s-1", "Label", ("a", "b", "c"), "2024-01-01", "2024-01-02")
    links = StoryLinks(groups=(("a", "b"), ("c",)), relations=(("a", "b", "reprint"), ("x", "c", "rewrite")))
    analysis = {
        "key": "k1",
        "claims": [{"thing": "budget", "unit": "EUR", "verdict": "conflict", "independent_sources": 2,
                    "values": [{"article": "a", "value": 5.0, "text": "5 euros", "start": 3, "end": 10, "side": 0},
                               {"article": "c", "value": 7.0, "text": "7 euros", "start": 1, "end": 8, "side": 1}]}],
        "ledger": [{"speaker": "Ann", "independent_sources": 2,
                    "occurrences": [{"article": "a", "start": 20, "end": 30}, {"article": "c", "start": 5, "end": 15}]}],
        "facts": {"quotes": [{"article": "a", "speaker": "Ann", "text": "we will", "start": 20, "end": 30},
                             {"article": "b", "speaker": None, "text": "no one", "start": 1, "end": 7}],
                  "entities": [{"id": "e1", "name": "Ann", "label": "PERSON", "aliases": ["Ann"],
                                "mentions": [{"article": "a", "start": 0, "end": 3}, {"article": "c", "start": 0, "end": 3},
                                             {"article": "a", "start": 40, "end": 43}]}],
                  "events": [{"article": "c", "action": "vote", "negated": True}]},
        "brief": {"headline": "Ann says"},
    }
    rows = story_rows(story, links, analysis, {"a": ("Times", "2024-01-01"), "c": ("Post", None)})
    members = {m.article_id: m for m in rows["membership"]}
    assert [members[i].source_group for i in "abc"] == [1, 1, 2]
    assert members["b"].role == "reprint" and members["b"].copied_from == "a"
    assert members["c"].role == "original"  # its source is outside the story
    assert [(c.claim_id, c.article_id, c.outlet, c.value, c.source_group) for c in rows["claims"]] == [
        ("s-1/c1", "a", "Times", 5.0, 1), ("s-1/c1", "c", "Post", 7.0, 2)]
    assert [(q.ledger_id, q.n_outlets) for q in rows["quotes"]] == [("s-1/l1", 2), (None, None)]
    entity = rows["entities"][0]
    assert (entity.entity_id, entity.n_mentions, entity.n_articles, entity.articles) == ("s-1/e1", 3, 2, "a; c")
    assert rows["events"][0].negated == 1 and rows["events"][0].outlet == "Post"
    (row,) = rows["stories"]
    assert (row.n_sources, row.outlets, row.n_claims, row.n_conflicts, row.n_quotes, row.headline, row.analysis_key) == (
        2, "Post; Times", 1, 1, 2, "Ann says", "k1")
    unanalysed = story_rows(story, links, None, {})
    assert unanalysed["stories"][0].n_claims is None and not unanalysed["claims"]


def test_tables_present_and_current_after_run(examples_store):
    db = examples_store
    with Store(db, readonly=True) as store:
        assert not tables_stale(store.connection)
        (story_id,) = [r[0] for r in store.connection.execute("SELECT story_id FROM nf_stories")]
    analysis = _state(db, f"story/{story_id}")
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        assert count("SELECT COUNT(*) FROM nf_articles WHERE story_id IS NOT NULL") == 5
        assert count("SELECT COUNT(*) FROM nf_membership") == 5
        assert count("SELECT n_articles FROM nf_stories") == 5 and count("SELECT n_sources FROM nf_stories") == 4
        assert count("SELECT analysis_key FROM nf_stories") == analysis["key"]
        assert count("SELECT COUNT(*) FROM nf_claims") == sum(len(c["values"]) for c in analysis["claims"])
        assert count("SELECT COUNT(*) FROM nf_quotes") == len(analysis["facts"]["quotes"])
        assert count("SELECT COUNT(*) FROM nf_entities") == len(analysis["facts"]["entities"])
        assert count("SELECT COUNT(*) FROM nf_events") == len(analysis["facts"]["events"])
        assert conn.execute("SELECT source_id, derived_id, relation FROM nf_provenance").fetchall() == [
            ("001_c3cc268cb8b335a2", "000_84cc0352b6f1ec13", "rewrite")]
        assert conn.execute("SELECT role, copied_from FROM nf_membership WHERE article_id = '000_84cc0352b6f1ec13'"
                            ).fetchone() == ("rewrite", "001_c3cc268cb8b335a2")
        # offsets index the article's clean text
        texts = dict(conn.execute("SELECT id, text FROM current_articles"))
        for article_id, start, end, text in conn.execute("SELECT article_id, start_char, end_char, text FROM nf_quotes"):
            assert texts[article_id][start:end] == text
        for article_id, start, end, text in conn.execute("SELECT article_id, start_char, end_char, text FROM nf_claims"):
            assert texts[article_id][start:end] == text
    finally:
        conn.close()


def test_tables_follow_added_articles(grown_store):
    db, reprint, ferry = grown_store["db"], grown_store["reprint"], grown_store["ferry"]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        stories = dict(conn.execute("SELECT story_id, n_articles FROM nf_stories"))
        assert sorted(stories.values()) == [1, 6]
        story_of = dict(conn.execute("SELECT article_id, story_id FROM nf_articles"))
        assert len(story_of) == 7 and story_of[reprint] == story_of["003_9ccd3c76824c756c"] != story_of[ferry]
        assert conn.execute("SELECT COUNT(*) FROM nf_search WHERE kind = 'article'").fetchone()[0] == 7
        assert conn.execute("SELECT role FROM nf_membership WHERE article_id = ?", (reprint,)).fetchone()[0] != "original"
        for story_id in stories:  # every story's rows come from its latest analysis
            analysis = _state(db, f"story/{story_id}")
            assert conn.execute("SELECT analysis_key FROM nf_stories WHERE story_id = ?", (story_id,)).fetchone()[0] \
                == analysis["key"]
            assert conn.execute("SELECT COUNT(*) FROM nf_quotes WHERE story_id = ?", (story_id,)).fetchone()[0] \
                == len(analysis["facts"]["quotes"])
        assert conn.execute("SELECT COUNT(*) FROM nf_quotes WHERE article_id = ?", (reprint,)).fetchone()[0] > 0
    finally:
        conn.close()


# -- search -------------------------------------------------------------------


def test_search_ranks_the_right_story_first(grown_store, run_cli):
    from newsfuse.search import search, story_ranking

    db = grown_store["db"]
    with Store(db, readonly=True) as store:
        ferry_story = store.connection.execute("SELECT story_id FROM nf_articles WHERE article_id = ?",
                                               (grown_store["ferry"],)).fetchone()[0]
        examples_story = store.connection.execute("SELECT story_id FROM nf_articles WHERE article_id = ?",
                                                  ("000_84cc0352b6f1ec13",)).fetchone()[0]
        assert story_ranking(store.connection, "Vinay Kwatra")[0] == examples_story
        assert story_ranking(store.connection, "pier repairs")[0] == ferry_story
        assert story_ranking(store.connection, "Ellingsworth said")[0] == ferry_story  # a quote's speaker
        hits = search(store.connection, "northern pier", kinds=("article",))
        assert hits[0].article_id == grown_store["ferry"] and "[northern] [pier]" in hits[0].snippet
        assert search(store.connection, "reopens", kinds=("quote",))[0].title == "Marta Ellingsworth"  # stemmed
        # FTS5 syntax is taken as words, never as an error
        assert all("[near]" in h.snippet.casefold() for h in search(store.connection, 'NEAR( "', kinds=("article",)))
        assert search(store.connection, '" ( ) * :') == [] and search(store.connection, "zzzqqq") == []
    result = run_cli("search", "--json", "--limit", "3", "Quillanport", db=db)
    hits = json.loads(result.stdout)
    assert result.exit_code == 0 and hits and all(h["story"] == ferry_story for h in hits)
    assert run_cli("search", "Quillanport", db=db).stdout.count("Quillanport") >= 1


# -- export -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "ndjson", "parquet"])
def test_export_read_back_by_pandas(examples_store, run_cli, tmp_path, fmt):
    pd = pytest.importorskip("pandas")
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    db = _copy(examples_store, tmp_path / "news.db")
    out = tmp_path / "out"
    result = run_cli("export", "all", "--format", fmt, "-o", out, db=db)
    assert result.exit_code == 0, result.output
    suffix = {"csv": "csv", "ndjson": "ndjson", "parquet": "parquet"}[fmt]
    read = {"csv": pd.read_csv, "ndjson": lambda p: pd.read_json(p, lines=True, dtype=False),
            "parquet": pd.read_parquet}[fmt]
    conn = sqlite3.connect(db)
    texts = dict(conn.execute("SELECT id, text FROM current_articles"))
    for name in TABLES:
        frame = read(out / f"{name}.{suffix}")
        assert list(frame.columns) == columns(name), (name, fmt)
        assert len(frame) == conn.execute(f"SELECT COUNT(*) FROM nf_{name}").fetchone()[0], (name, fmt)
    claims = read(out / f"claims.{suffix}")
    assert claims["value"].dtype.kind == "f" and claims["start_char"].dtype.kind == "i"
    assert {"conflict", "agree"} <= set(claims["verdict"])
    for row in claims.itertuples():
        assert texts[row.article_id][row.start_char:row.end_char] == row.text
    quotes = read(out / f"quotes.{suffix}")
    assert "Vinay Kwatra" in set(quotes["speaker"])
    conn.close()


def test_export_one_table_to_stdout_and_by_suffix(examples_store, run_cli, tmp_path):
    db = _copy(examples_store, tmp_path / "news.db")
    result = run_cli("export", "stories", db=db)
    lines = result.stdout.splitlines()
    assert lines[0].split(",") == columns("stories") and len(lines) == 2
    target = tmp_path / "quotes.ndjson"
    result = run_cli("export", "quotes", "-o", target, "--story", "no-such-story", db=db)
    assert result.exit_code == 0 and target.read_text() == ""
    run_cli("export", "membership", "-o", target, db=db)
    assert [json.loads(line)["position"] for line in target.read_text().splitlines()] == [1, 2, 3, 4, 5]


def test_export_missing_store_is_one_line(run_newsfuse, tmp_path):
    missing = tmp_path / "nope.db"
    result = run_newsfuse("export", "claims", db=missing)
    assert result.returncode == 1 and result.stderr.strip().splitlines() == [
        f"error: {missing}: database does not exist (run `newsfuse run PATH` first)"]
    assert not missing.exists()
    result = run_newsfuse("search", "anything", db=missing)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_export_fills_tables_of_a_store_made_before_them(examples_store, run_cli, tmp_path):
    """A store whose tables are empty (as after the migration on an older store) gets them on first export."""
    db = _copy(examples_store, tmp_path / "news.db")
    with sqlite3.connect(db) as conn:
        for name in TABLES:
            conn.execute(f"DELETE FROM nf_{name}")
        conn.execute("DELETE FROM nf_search")
        conn.execute("DELETE FROM nf_tables_meta")
    result = run_cli("export", "claims", "--format", "ndjson", db=db)
    assert result.exit_code == 0 and len(result.stdout.splitlines()) > 10


# -- web ----------------------------------------------------------------------


def test_web_search_box_finds_the_first_quoted_speaker(examples_store):
    client = TestClient(create_app(str(examples_store)), base_url=BASE)
    state = _state(examples_store, "stories")
    assert state
    with Store(examples_store, readonly=True) as store:
        speaker = store.connection.execute("SELECT speaker FROM nf_quotes WHERE speaker IS NOT NULL "
                                           "ORDER BY rowid LIMIT 1").fetchone()[0]
    page = client.get("/", params={"q": speaker}).text
    assert speaker == "Vinay Kwatra"
    assert page.count("<tr data-story=") == 1 and "1 of 1 story" in page and 'class="hit"' in page
    assert client.get("/", params={"q": "nothing-like-this"}).text.count("<tr data-story=") == 0


def test_web_downloads_each_table(examples_store):
    client = TestClient(create_app(str(examples_store)), base_url=BASE)
    index = client.get("/").text
    for name in TABLES:
        assert f'href="/api/tables/{name}.csv"' in index and f'href="/api/tables/{name}.json"' in index
        csv_response = client.get(f"/api/tables/{name}.csv")
        assert csv_response.status_code == 200 and csv_response.headers["content-type"].startswith("text/csv")
        assert csv_response.headers["content-disposition"] == f'attachment; filename="newsfuse-{name}.csv"'
        assert csv_response.text.splitlines()[0].split(",") == columns(name)
        rows = client.get(f"/api/tables/{name}.json").json()
        assert all(list(r) == columns(name) for r in rows)
    story_id = client.get("/api/tables/stories.json").json()[0]["story_id"]
    assert client.get("/api/tables/claims.json", params={"story": story_id}).json()
    assert client.get("/api/tables/claims.json", params={"story": "other"}).json() == []
    assert client.get("/api/tables/secrets.csv").status_code == 422
    hits = client.get("/api/search", params={"q": "Vinay Kwatra", "limit": 2}).json()
    assert len(hits) == 2 and hits[0]["story"] == story_id


def test_web_downloads_and_search_escape_hostile_text(hostile_db):  # noqa: F811
    client = TestClient(create_app(str(hostile_db)), base_url=BASE)
    page = client.get("/", params={"q": "alert window"}).text
    assert "<script>window" not in page and "onerror=" not in page.replace("onerror=&#34;", "")
    assert 'class="hit"' in page and "&lt;script&gt;" in page
    rows = client.get("/api/tables/articles.json").json()
    assert any(HOSTILE in (r["text"] or "") for r in rows)
    response = client.get("/api/tables/articles.csv")
    assert response.headers["content-type"].startswith("text/csv") and "attachment" in response.headers[
        "content-disposition"]


def test_web_tables_missing_is_503(tmp_path):
    """A store that was never migrated to the tables (opened read-only by the app) says so."""
    from newsfuse.store.migrations import MIGRATIONS

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in MIGRATIONS:
        if name.startswith("0006"):
            break
        conn.executescript(sql)
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'x')", (name,))
    conn.commit()
    conn.close()
    client = TestClient(create_app(str(db)), base_url=BASE)
    response = client.get("/api/tables/claims.csv")
    assert response.status_code == 503 and "newsfuse run" in response.json()["detail"]
    assert client.get("/", params={"q": "anything"}).status_code == 200  # the list falls back to label matching


# -- Python API ---------------------------------------------------------------


def test_api_doctests_run_on_the_examples(examples_store, tmp_path, monkeypatch):
    pytest.importorskip("pandas")
    import newsfuse.api
    import newsfuse.export
    import newsfuse.search

    _copy(examples_store, tmp_path / "newsfuse.db")
    monkeypatch.chdir(tmp_path)
    for module in (newsfuse.api, newsfuse.search, newsfuse.export):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_api_records_filters_and_errors(examples_store, tmp_path):
    import newsfuse
    from newsfuse.errors import NotFound, StoreError

    db = _copy(examples_store, tmp_path / "news.db")
    with newsfuse.open(db, readonly=True) as nf:
        story = nf.stories()[0]
        assert nf.story(story.story_id) == story
        assert len(nf.articles(story.story_id)) == 5 and nf.membership("other") == []
        assert {e.label for e in nf.entities(story.story_id, label="PERSON")} == {"PERSON"}
        assert nf.table("events") == nf.events() and nf.provenance()[0].relation == "rewrite"
        assert nf.claims(verdict="agree") and all(c.verdict == "agree" for c in nf.claims(verdict="agree"))
        assert nf.brief(story.story_id).startswith("#") and "<html" in nf.brief(story.story_id, "html").lower()
        assert nf.quotes().to_dicts()[0]["quote_id"].endswith("/q1")
        with pytest.raises(NotFound):
            nf.story("nope")
        with pytest.raises(ValueError):
            nf.table("secrets")
    with pytest.raises(StoreError, match="does not exist"):
        newsfuse.open(tmp_path / "missing.db")


def test_tables_rebuild_a_story_from_its_state_without_the_clusterer(examples_store, tmp_path):
    """A story analysed outside `run` (another engine, `newsfuse claims` on demand) gets its rows back
    from its saved state; the story list comes from the tables, the clusterer is not loaded."""
    from newsfuse.export import export_table
    from newsfuse.store.tables import refresh_tables

    db = _copy(examples_store, tmp_path / "news.db")
    with Store(db) as store:
        before = {name: export_table(store.connection, name, "csv") for name in TABLES}
        store.connection.execute("UPDATE story_state SET updated_at = '9999' WHERE name LIKE 'story/%'")
        store.connection.execute("DELETE FROM nf_claims")
        store.connection.execute("DELETE FROM nf_search WHERE kind = 'claim'")
        store.connection.execute("UPDATE nf_stories SET analysis_key = 'older'")
        assert tables_stale(store.connection)
        assert refresh_tables(store, stories=None) and not tables_stale(store.connection)
        assert {name: export_table(store.connection, name, "csv") for name in TABLES} == before
        assert store.connection.execute("SELECT COUNT(*) FROM nf_search WHERE kind = 'claim'").fetchone()[0] > 0
        assert not refresh_tables(store)  # nothing changed since
