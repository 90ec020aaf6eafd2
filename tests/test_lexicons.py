"""The lexicon files and their loader (newsfuse.lexicons)."""

from __future__ import annotations

import json
import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

import newsfuse.lexicons as lexicons
from newsfuse.lexicons import LexiconError, categories, entries, mapping, month_names, reporting_verbs, words

ROOT = Path(__file__).resolve().parents[1]
EN = ROOT / "src" / "newsfuse" / "lexicons" / "en"
FILES = sorted(p for p in EN.iterdir() if p.is_file())


def test_there_are_lexicons():
    assert len(FILES) > 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_says_what_it_is_its_source_and_licence(path: Path):
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["about"] and data["source"] and data["licence"]
        assert set(data["descriptions"]) == set(data["categories"])
        return
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(header)
    assert header and header[0].startswith("# ") and len(header[0]) > 10, "a first line saying what the list is"
    assert "Source:" in text and re.search(r"Licen[cs]e", text), f"{path.name}: no source or licence in the header"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_loads_without_duplicates(path: Path):
    name = path.stem
    if path.suffix == ".txt":
        raw = [line.split(" #", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")]
        assert len(raw) == len(set(raw)), f"{path.name}: a line written twice"
        assert entries(name) and len(entries(name)) == len(words(name))
    elif path.suffix == ".tsv":
        assert mapping(name)
    else:
        assert all(categories(name).values())


@pytest.fixture(scope="module")
def names_read() -> set[str]:
    """Every quoted word of the package's Python source and every ``@include`` of the lexicon files."""
    src = ROOT / "src" / "newsfuse"
    quoted = {m for p in src.rglob("*.py") for m in re.findall(r"""["']([\w.]+)["']""", p.read_text(encoding="utf-8"))}
    included = {m for p in EN.glob("*.txt") for m in re.findall(r"^@([\w.]+)$", p.read_text(encoding="utf-8"), re.M)}
    return quoted | included


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_is_read_by_the_code(path: Path, names_read: set[str]):
    """A lexicon no module loads (directly or through an @include) is dead weight."""
    assert path.stem in names_read or path.name in names_read, f"{path.name} is read by nothing"


def test_package_data_ships_every_lexicon_file():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["newsfuse"]
    for path in FILES:
        rel = path.relative_to(ROOT / "src" / "newsfuse").as_posix()
        assert any(fnmatch(rel, pattern) for pattern in patterns), f"{rel} is not package data"


def test_includes_and_removals(tmp_path, monkeypatch):
    en = tmp_path / "en"
    en.mkdir()
    (en / "base.txt").write_text("# base\nsaid\ntold\naccording to\n", encoding="utf-8")
    (en / "days.tsv").write_text("# days\nmonday\t0\ntuesday\t1\n", encoding="utf-8")
    (en / "stage.txt").write_text("# stage\n@base\n@days.tsv\n-told\nreported  # a comment\n", encoding="utf-8")
    (en / "loop.txt").write_text("@loop\n", encoding="utf-8")
    (en / "bad.tsv").write_text("no tab here\n", encoding="utf-8")
    monkeypatch.setattr(lexicons.resources, "files", lambda package: tmp_path)
    assert entries("stage") == ("said", "according to", "monday", "tuesday", "reported")
    with pytest.raises(LexiconError, match="loop.txt: includes itself"):
        entries("loop")
    with pytest.raises(LexiconError, match=r"bad.tsv: entry 1 .* is not a new 'key<TAB>value'"):
        mapping("bad")
    with pytest.raises(LexiconError, match="lexicons/en/nothing.txt: no such lexicon file"):
        words("nothing")


def test_reporting_verb_categories():
    cats = categories("reporting_verbs")
    assert set(lexicons.REPORTING_CATEGORIES) <= set(cats)
    assert {"say", "tell"} <= reporting_verbs("speech") and "tweet" in reporting_verbs("written")
    assert "say" not in reporting_verbs("stance", "cognitive")
    assert reporting_verbs() >= reporting_verbs("speech") | reporting_verbs("stance")
    with pytest.raises(LexiconError, match="no category shouting"):
        reporting_verbs("shouting")


def test_quote_cue_category_is_the_strongest():
    from newsfuse.facts.quotes.cues import CUE_LEXICON, DIRECTIVE

    assert CUE_LEXICON["urge"] == "speech" and "urge" in DIRECTIVE  # a speech verb that takes an infinitive
    assert CUE_LEXICON["call"] == "naming" and CUE_LEXICON["encourage"] == "directive"
    assert set(CUE_LEXICON) == reporting_verbs("speech", "written", "naming", "evidential", "cognitive", "directive")


def test_months():
    assert month_names() == ("january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december")
    assert mapping("months")["sept"] == "9" and "may" in words("benign_words_paraphrase")


def test_loaded_sets_are_frozen():
    assert isinstance(words("stop_words"), frozenset)
    with pytest.raises(TypeError):
        mapping("months")["smarch"] = "13"  # type: ignore[index]


def _first_names_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("first_names", ROOT / "tools" / "first_names.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_first_names_keep_frequent_names_of_one_sex(tmp_path):
    tool = _first_names_tool()
    male = tmp_path / "m"
    male.write_text("JAMES 3.0 3.0 1\nWILLIE 0.3 3.3 2\nZEB 0.001 99.0 3\n", encoding="ascii")
    female = tmp_path / "f"
    female.write_text("MARY 2.6 2.6 1\nWILLIE 0.1 2.7 2\n", encoding="ascii")
    m, f = tool.read_census(male), tool.read_census(female)
    assert tool.select(m, f, coverage=90, ratio=10) == ["james"]  # willie is ambiguous, zeb too rare
    assert tool.select(f, m, coverage=90, ratio=10) == ["mary"]
    (tmp_path / "bad").write_text("JAMES 3.0\n", encoding="ascii")
    with pytest.raises(SystemExit, match="line 1 is not 'NAME freq cumulative rank'"):
        tool.read_census(tmp_path / "bad")


def test_shipped_first_names_are_the_census_selection():
    pytest.importorskip("names")
    assert _first_names_tool().main(["--check"]) == 0
    assert words("first_names_male").isdisjoint(words("first_names_female"))
