"""The story-level commands end to end on the bundled examples: ``run`` prints the
brief, and ``facts``/``claims``/``brief`` keep their machine-readable contracts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES_DIR

EXAMPLES = EXAMPLES_DIR / "articles"


@pytest.fixture(scope="module")
def analysed_db(tmp_path_factory) -> Path:
    """One store with the examples run through the whole pipeline (shared: it parses and embeds)."""
    from click.testing import CliRunner

    from newsfuse.cli import cli

    db = tmp_path_factory.mktemp("story") / "examples.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "-q", "run", str(EXAMPLES)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "## Key points" in result.stdout and "## Conflicts" in result.stdout
    return db


def _json(run_cli, db: Path, *args: str):
    result = run_cli(*args, "--json", db=db) if args[0] != "brief" else run_cli(*args, db=db)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _story_id(run_cli, db: Path) -> str:
    stories = _json(run_cli, db, "stories")
    assert len(stories) == 1
    return stories[0]["id"]


def _texts(run_cli, db: Path) -> dict[str, str]:
    ids = [row["id"] for row in _json(run_cli, db, "articles")]
    return {i: _json(run_cli, db, "show", i)["text"] for i in ids}


def test_brief_json_contract_and_every_citation_is_in_its_article(run_cli, analysed_db):
    story = _story_id(run_cli, analysed_db)
    brief = _json(run_cli, analysed_db, "brief", story, "--format", "json")
    assert {"story", "headline", "points", "conflicts", "quotes", "timeline", "provenance"} <= set(brief)
    assert brief["story"] == story and brief["points"]
    texts = _texts(run_cli, analysed_db)
    for point in brief["points"]:
        assert point["citations"], point["text"]
        first = point["citations"][0]
        assert texts[first["article"]][first["start"]:first["end"]] == point["text"]
        for cite in point["citations"]:
            assert 0 <= cite["start"] < cite["end"] <= len(texts[cite["article"]])


def test_claims_json_shows_the_imports_conflict_with_every_value(run_cli, analysed_db):
    story = _story_id(run_cli, analysed_db)
    groups = _json(run_cli, analysed_db, "claims", story)
    for group in groups:
        assert {"thing", "unit", "verdict", "values"} <= set(group)
        for value in group["values"]:
            assert {"article", "value", "hedge", "text"} <= set(value)
    imports = [g for g in groups if "import" in g["thing"].lower() and g["unit"] == "USD"]
    assert len(imports) == 1 and imports[0]["verdict"] == "conflict"
    written = {(v["article"][:3], v["text"]) for v in imports[0]["values"]}
    assert ("002", "$65 billion") in written
    assert any(a == "001" and "61.44" in t for a, t in written)
    assert any(a == "000" and "60 billion" in t for a, t in written)


def test_facts_json_contract_for_a_story_and_for_one_article(run_cli, analysed_db):
    story = _story_id(run_cli, analysed_db)
    facts = _json(run_cli, analysed_db, "facts", story)
    assert set(facts) >= {"entities", "quotes", "claims", "dates", "events"}
    speakers = {q["speaker"] for q in facts["quotes"]}
    assert {"Petr Topychkanov", "Matthew Miller", "Pankaj Saran"} <= speakers
    texts = _texts(run_cli, analysed_db)
    for kind in ("quotes", "claims"):
        for item in facts[kind]:
            assert texts[item["article"]][item["start"]:item["end"]] == item["text"]
    one = _json(run_cli, analysed_db, "facts", "002_5224782e82acb287")
    assert one["claims"] and {c["article"] for c in one["claims"]} == {"002_5224782e82acb287"}


def test_brief_html_escapes_and_md_prints(run_cli, analysed_db, tmp_path):
    story = _story_id(run_cli, analysed_db)
    out = tmp_path / "brief.html"
    assert run_cli("brief", story, "--format", "html", "-o", out, db=analysed_db).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "<script" not in page.lower()
    md = run_cli("brief", story, db=analysed_db)
    assert md.exit_code == 0 and md.stdout.startswith("# ")


def test_unknown_story_is_a_one_line_error(run_cli, analysed_db):
    result = run_cli("brief", "s-nope", db=analysed_db)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("error:") and "s-nope" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_read_commands_read_saved_results_without_recomputing(run_cli, analysed_db, monkeypatch):
    """An analysed story is shown from what `run` saved: no provenance, clustering or model runs."""
    import newsfuse.analyse
    import newsfuse.pipeline

    story_id = _story_id(run_cli, analysed_db)
    saved = {name: run_cli(*args, db=analysed_db).stdout for name, args in {
        "brief": ("brief", story_id, "--format", "json"), "claims": ("claims", story_id, "--json"),
        "facts": ("facts", story_id, "--json"), "provenance": ("provenance", "--json"),
        "stories": ("stories", "--json")}.items()}

    def refuse(*args, **kwargs):
        raise AssertionError("a read command recomputed")

    for module, name in ((newsfuse.pipeline, "run_provenance"), (newsfuse.pipeline, "run_stories"),
                         (newsfuse.pipeline, "load_stories"), (newsfuse.analyse, "analyse_stories")):
        monkeypatch.setattr(module, name, refuse)
    assert run_cli("brief", story_id, "--format", "json", db=analysed_db).stdout == saved["brief"]
    assert run_cli("claims", story_id, "--json", db=analysed_db).stdout == saved["claims"]
    assert run_cli("facts", story_id, "--json", db=analysed_db).stdout == saved["facts"]
    assert run_cli("provenance", "--json", db=analysed_db).stdout == saved["provenance"]
    assert run_cli("stories", "--json", db=analysed_db).stdout == saved["stories"]
    monkeypatch.undo()
    # asked to, they compute again, and find the same
    assert run_cli("provenance", "--json", "--recompute", db=analysed_db).stdout == saved["provenance"]
    assert run_cli("stories", "--json", "--recompute", db=analysed_db).stdout == saved["stories"]


def test_story_pages_read_from_the_per_article_index_as_from_the_whole_document(analysed_db, tmp_path):
    """The web's per-article provenance rows give the same pages as filtering the whole saved document."""
    import shutil

    from newsfuse import views
    from newsfuse.store import Store

    copy = tmp_path / "old.db"
    with Store(analysed_db) as store:
        story_id = views.story_list(store)[0].id
        indexed = (views.story_list(store), views.story_page(store, story_id), views.story_provenance(store, story_id),
                   [views.article_page(store, a) for a in store.content_hashes()])
        store._conn.execute("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(analysed_db, copy)
    with Store(copy) as store:  # as a store saved before the index existed
        store._conn.execute("DELETE FROM story_state WHERE name LIKE 'provenance/%' OR name = 'stories/index'")
        old = (views.story_list(store), views.story_page(store, story_id), views.story_provenance(store, story_id),
               [views.article_page(store, a) for a in store.content_hashes()])
    assert indexed == old
    assert indexed[1].provenance.edges and indexed[1].provenance.filler
