"""The CLI's machine-readable output is a contract: these keys must stay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsfuse.cli import cli

ARTICLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def _run(args, env=None):
    return CliRunner().invoke(cli, args, env=env, catch_exceptions=False)


@pytest.mark.slow
def test_cli_run_examples_prints_table_and_summary(tmp_path):
    db = str(tmp_path / "n.db")
    result = _run(["--db", db, "run", str(ARTICLES)])
    assert result.exit_code == 0, result.output
    assert "5 articles read" in result.output
    assert "5 new, 0 updated, 0 unchanged; 5 articles" in result.output
    assert "1 story:" in result.output
    assert "1 relation among 5 articles" in result.output
    assert "001_c3cc268cb8b335a2 is a composite of 2 texts" in result.output
    again = _run(["--db", db, "run", str(ARTICLES)])
    assert "0 new, 0 updated, 5 unchanged; 5 articles" in again.output


def test_cli_articles_json_contract(tmp_path):
    db = str(tmp_path / "n.db")
    _run(["--db", db, "-q", "ingest", str(ARTICLES)])
    rows = json.loads(_run(["--db", db, "articles", "--json"]).output)
    assert len(rows) == 5
    for row in rows:
        assert {"id", "title", "date", "outlet"} <= set(row)
    by_id = {r["id"]: r for r in rows}
    assert by_id["000_84cc0352b6f1ec13"]["date"] == "2024-07-08"
    assert by_id["004_7cd62a0fa2f72d54"]["title"].startswith("Modi and Putin in Moscow")


def test_cli_show_json_contract_offsets_match_text(tmp_path):
    db = str(tmp_path / "n.db")
    _run(["--db", db, "-q", "ingest", str(ARTICLES)])
    doc = json.loads(_run(["--db", db, "show", "001_c3cc268cb8b335a2", "--json"]).output)
    assert {"id", "title", "date", "outlet", "text", "paragraphs", "sentences", "removed"} <= set(doc)
    text = doc["text"]
    assert all({"start", "end", "kind"} <= set(p) for p in doc["paragraphs"])
    assert all({"start", "end"} == set(s) for s in doc["sentences"])
    headings = [text[p["start"] : p["end"]] for p in doc["paragraphs"] if p["kind"] == "heading"]
    assert headings == ["On the agenda", "India and Russia’s historical ties"]
    assert "Post a Comment" in doc["removed"] and "See More" in doc["removed"]
    first = doc["sentences"][0]
    assert text[first["start"] : first["end"]].startswith("India’s Prime Minister Narendra Modi is set to meet")


def test_cli_db_from_environment(tmp_path):
    db = tmp_path / "env.db"
    result = _run(["-q", "ingest", str(ARTICLES / "000_84cc0352b6f1ec13.txt")], env={"NEWSFUSE_DB": str(db)})
    assert result.exit_code == 0
    assert db.exists()


def test_cli_show_unknown_id_is_one_line_error(tmp_path):
    db = str(tmp_path / "n.db")
    _run(["--db", db, "-q", "ingest", str(ARTICLES)])
    result = CliRunner().invoke(cli, ["--db", db, "show", "nope"])
    assert result.exit_code == 1
    assert result.output.strip() == "error: no article with id 'nope'"


def test_cli_read_commands_on_missing_db_say_so(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.db"), "articles"])
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert not (tmp_path / "none.db").exists()


def test_cli_locked_store_keeps_input_errors_and_committed_batches(tmp_path):
    import sqlite3

    db = tmp_path / "n.db"
    _run(["--db", str(db), "-q", "ingest", str(ARTICLES / "000_84cc0352b6f1ec13.txt")])
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = CliRunner().invoke(
            cli, ["--db", str(db), "--lock-timeout", "0.2", "ingest", str(tmp_path / "missing.txt"), str(ARTICLES)]
        )
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any("missing.txt: no such file or folder" in line for line in lines)
    assert any("locked" in line for line in lines)
    assert all(line.startswith("error: ") for line in lines)


@pytest.mark.slow
def test_cli_provenance_json_contract(tmp_path):
    db = str(tmp_path / "n.db")
    _run(["--db", db, "-q", "ingest", str(ARTICLES)])
    doc = json.loads(_run(["--db", db, "provenance", "--json"]).output)
    assert {"relations", "composites", "independent_groups"} <= set(doc)
    [relation] = doc["relations"]
    assert {"source", "derived", "relation", "passages"} <= set(relation)
    assert all({"source_text", "derived_text", "score"} <= set(p) for p in relation["passages"])
    [composite] = doc["composites"]
    assert {"article", "parts"} <= set(composite)
    assert all({"start", "end", "source"} <= set(p) for p in composite["parts"])
    # Passage texts are real slices of the stored clean texts.
    source = json.loads(_run(["--db", db, "show", relation["source"], "--json"]).output)["text"]
    for passage in relation["passages"]:
        assert source[passage["source_start"] : passage["source_end"]] == passage["source_text"]


@pytest.mark.slow
def test_cli_stories_json_contract_and_incremental(tmp_path):
    db = str(tmp_path / "n.db")
    _run(["--db", db, "-q", "ingest", str(ARTICLES / "000_84cc0352b6f1ec13.txt"), str(ARTICLES / "002_5224782e82acb287.txt")])
    first = json.loads(_run(["--db", db, "stories", "--json"]).output)
    _run(["--db", db, "-q", "ingest", str(ARTICLES)])
    stories = json.loads(_run(["--db", db, "stories", "--json"]).output)
    for story in stories:
        assert {"id", "label", "first_date", "last_date", "articles"} <= set(story)
    # The five examples are one story, and its id is the one given before the rest arrived.
    assert len(stories) == 1 and len(stories[0]["articles"]) == 5
    assert stories[0]["id"] in {s["id"] for s in first}


@pytest.mark.slow
def test_run_says_why_the_parse_is_slow_on_python_311(run_cli, monkeypatch):
    """A large run on Python 3.11 ends with a one-line note (spaCy's 3.11 wheels carry
    Cython profiling hooks); on 3.12+ there is nothing to say."""
    import sys

    import newsfuse.cli

    monkeypatch.setattr(newsfuse.cli, "SLOW_PYTHON_NOTE_ARTICLES", 5)
    result = run_cli("run", ARTICLES)
    assert result.exit_code == 0
    noted = "Cython profiling hooks" in result.stderr
    assert noted == (sys.version_info < (3, 12))
