"""Shared fixtures: a database per test, the CLI in-process and as a real
program, small input builders (articles, WARC archives).

Fixtures here are shared by several test modules; add new ones at the end
and keep the existing names and behaviour stable.
"""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest
from click.testing import CliRunner, Result

from newsfuse.store import Store

DATA_DIR = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """``tests/data``: small fixture files (pages, feeds, JSONL)."""
    return DATA_DIR


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh database path (the file is created by the first write)."""
    return tmp_path / "news.db"


@pytest.fixture
def open_store(db_path: Path) -> Iterator[Callable[..., Store]]:
    """Open a Store on ``db_path`` (or another path); closed after the test.

    Open it *after* the CLI has written, or re-open, to see fresh data.
    """
    opened: list[Store] = []

    def _open(path: Path | str | None = None, **kwargs) -> Store:
        store = Store(path or db_path, **kwargs)
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture
def run_cli(db_path: Path) -> Callable[..., Result]:
    """Invoke ``newsfuse --db <db_path> ARGS...`` in-process (click's CliRunner).

    ``result.stdout`` and ``result.stderr`` are separate. Unexpected exceptions
    propagate (``catch_exceptions=False``) so a crash fails the test loudly.
    Pass ``db=`` to use another database, ``input=`` for stdin.
    """
    from newsfuse.cli import cli as newsfuse_cli  # imported here: a broken CLI fails only its users

    runner = CliRunner()

    def _run(*args: object, db: Path | str | None = None, input: str | bytes | None = None) -> Result:
        argv = ["--db", str(db or db_path), *(str(a) for a in args)]
        return runner.invoke(newsfuse_cli, argv, input=input, catch_exceptions=False)

    return _run


@pytest.fixture(scope="session")
def newsfuse_exe() -> Path:
    """The installed ``newsfuse`` console script of this virtualenv."""
    exe = Path(sys.executable).parent / "newsfuse"
    if not exe.exists():
        pytest.skip(f"console script not installed at {exe}")
    return exe


@pytest.fixture
def run_newsfuse(newsfuse_exe: Path, db_path: Path, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess]:
    """Run the real ``newsfuse`` program: ``--db <db_path> ARGS...`` in ``tmp_path``.

    Returns the CompletedProcess (text mode, stdout and stderr captured).
    """

    def _run(*args: object, db: Path | str | None = None, input: str | None = None,
             timeout: float = 60) -> subprocess.CompletedProcess:
        argv = [str(newsfuse_exe), "--db", str(db or db_path), *(str(a) for a in args)]
        return subprocess.run(argv, input=input, capture_output=True, text=True, timeout=timeout,
                              cwd=tmp_path, env=_child_env())

    return _run


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NEWSFUSE_DB", None)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


# -- input builders -----------------------------------------------------------

_TOPICS = [
    ("Council approves budget for new school",
     "The town council approved on Monday the budget for a new primary school in the northern district, "
     "ending a year of debate over its cost.",
     "Construction is expected to start in the autumn and the school should open to its first pupils "
     "within two years, officials said."),
    ("Rail line reopens after landslide",
     "Trains began running again on the mountain line on Tuesday, two weeks after a landslide buried "
     "the tracks near the tunnel entrance.",
     "Engineers worked through the nights to clear the rocks, and the operator said services would run "
     "at reduced speed until the end of the month."),
    ("Hospital opens new cancer ward",
     "The regional hospital opened a new cancer ward on Wednesday with forty beds and two treatment rooms, "
     "the health authority said.",
     "Doctors said the ward would cut waiting times for patients who until now had to travel to the "
     "capital for their treatment."),
    ("Farmers protest over water prices",
     "Hundreds of farmers drove their tractors into the city centre on Thursday to protest against a "
     "sharp rise in the price of irrigation water.",
     "The agriculture minister agreed to meet their representatives next week but gave no promise that "
     "the increase would be withdrawn."),
    ("City museum buys rare medieval map",
     "The city museum has bought a rare medieval map of the coast at an auction in London, its director "
     "announced on Friday.",
     "The map, drawn on parchment in the fourteenth century, will be shown to the public for the first "
     "time in the spring exhibition."),
    ("Wildfire forces evacuation of villages",
     "Firefighters evacuated three villages on Saturday as a wildfire driven by strong winds spread "
     "through the pine forest above the coast.",
     "No injuries were reported, but several holiday homes were destroyed before the wind dropped in "
     "the evening, the fire service said."),
]


@pytest.fixture(scope="session")
def article_text() -> Callable[[int], str]:
    """``article_text(n)``: a distinct, clean plain-text article (headline + two paragraphs).

    Texts differ from each other in every line, so no line looks like chrome
    that recurs across articles.
    """

    def _text(n: int = 0) -> str:
        title, first, second = _TOPICS[n % len(_TOPICS)]
        if n >= len(_TOPICS):
            title = f"{title} (update {n})"
            second = f"{second} An update number {n} followed later that day."
        return f"{title}\n\n{first}\n\n{second}\n"

    return _text


@pytest.fixture
def make_article(tmp_path: Path, article_text) -> Callable[..., Path]:
    """``make_article("name.txt", n=0)``: write article ``n`` as a UTF-8 text file under tmp_path."""

    def _make(name: str = "good.txt", n: int = 0, folder: Path | None = None) -> Path:
        path = (folder or tmp_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(n), encoding="utf-8")
        return path

    return _make


def html_page(title: str, paragraphs: list[str], *, charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


@pytest.fixture(scope="session")
def make_html() -> Callable[..., str]:
    """``make_html(title, [paragraph, ...], charset="utf-8")``: a minimal article page as a str."""
    return html_page


@pytest.fixture(scope="session")
def warc_bytes() -> Callable[..., tuple[bytes, list[int]]]:
    """Build a WARC with warcio's WARCWriter.

    ``warc_bytes(records, gzip=True)`` where each record is a tuple
    ``("response", uri, content_type, body_bytes)`` or ``("request", uri)``.
    Returns ``(data, offsets)``; ``offsets[i]`` is where record ``i`` starts.
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def _build(records: list[tuple], gzip: bool = True) -> tuple[bytes, list[int]]:
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=gzip)
        offsets = []
        for spec in records:
            offsets.append(buffer.tell())
            kind, uri = spec[0], spec[1]
            if kind == "response":
                content_type, body = spec[2], spec[3]
                http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
                record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
            elif kind == "request":
                http = StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "example.com")], is_http_request=True)
                record = writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=http)
            else:
                raise ValueError(f"unknown record kind {kind!r}")
            writer.write_record(record)
        return buffer.getvalue(), offsets

    return _build


@pytest.fixture(scope="session")
def article_page(article_text) -> Callable[[int], bytes]:
    """``article_page(n)``: article ``n`` as a UTF-8 HTML page (bytes)."""

    def _page(n: int) -> bytes:
        title, *paragraphs = [part for part in article_text(n).split("\n\n") if part.strip()]
        return html_page(title.strip(), [p.strip() for p in paragraphs]).encode("utf-8")

    return _page


# -- the example story: parsed, facts, provenance (session-wide: each costs seconds) ----

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"


def text_article(text: str, id: str = "t"):
    """A hand-written ``text`` cleaned into an Article (id ``id``, origin ``<id>.txt``).

    A plain function (``from conftest import text_article``) so that module
    helpers can use it; the examples come from the ``example_*`` fixtures.
    """
    from newsfuse.clean import Cleaner
    from newsfuse.model import Format, RawDoc

    raw = RawDoc(id=id, origin=f"{id}.txt", data=text.encode("utf-8"), format=Format.TEXT, text=text)
    return next(Cleaner().clean_batch([raw]))


@pytest.fixture(scope="session")
def nlp():
    """The default spaCy pipeline (``load_nlp()``), loaded once; skips when the model is not installed."""
    pytest.importorskip("spacy")
    from newsfuse.facts.nlp import ModelNotInstalled, load_nlp

    try:
        return load_nlp()
    except ModelNotInstalled as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def example_articles():
    """``examples/articles/*.txt`` read and cleaned as ``newsfuse run`` does, in id order.

    Shared by every test: do not mutate (Articles are frozen; keep the list as it is).
    """
    from newsfuse.clean import Cleaner
    from newsfuse.ingest import read_inputs

    articles = list(Cleaner().clean_batch(list(read_inputs([str(EXAMPLES_DIR / "articles")]))))
    return sorted(articles, key=lambda a: a.id)


@pytest.fixture(scope="session")
def example_docs(nlp, example_articles):
    """The example articles parsed as production parses them (``paragraph_docs``:
    paragraph breaks are sentence starts), in ``example_articles`` order."""
    from newsfuse.facts.paragraph_parse import paragraph_docs

    return list(paragraph_docs(nlp, example_articles))


@pytest.fixture(scope="session")
def example_facts(nlp, example_articles, example_docs):
    """``FactExtractor(nlp).extract(example_articles, example_docs)``: the examples' StoryFacts."""
    pytest.importorskip("newsfuse.facts.extract")
    from newsfuse.facts.extract import FactExtractor

    return FactExtractor(nlp).extract(example_articles, example_docs)


@pytest.fixture(scope="session")
def example_provenance(example_articles):
    """The examples' provenance report: ``build_provenance`` with embedding similarity
    and the paraphrase scorer on the same encoder (as ``newsfuse run`` builds it)."""
    from newsfuse.provenance.paraphrase import ParaphraseScorer
    from newsfuse.provenance.report import build_provenance
    from newsfuse.provenance.similarity import EmbeddingSimilarity

    similarity = EmbeddingSimilarity()
    return build_provenance(example_articles, similarity, paraphrase=ParaphraseScorer(encoder=similarity.encoder))


# -- shared labelled data and the accuracy floors ------------------------------
# A test that reads the shared data says which files with
# ``@pytest.mark.shared_data("polnear/dev", ...)`` (paths under
# newsfuse_eval.paths.data_root()); it is skipped, with one reason, when any is
# absent, and the run ends with a banner counting those skips.

BASELINES = Path(__file__).resolve().parent / "baselines.json"
_DATA_GATES = pytest.StashKey[list]()


@pytest.hookimpl(trylast=True)  # after -m/-k deselection: count only what runs
def pytest_collection_modifyitems(config, items) -> None:
    from newsfuse_eval.paths import MISSING_REASON, data_path

    gated = []
    for item in items:
        marker = item.get_closest_marker("shared_data")
        if marker is None:
            continue
        gated.append(item.nodeid)
        if not all(data_path(part).exists() for part in marker.args):
            item.add_marker(pytest.mark.skip(reason=MISSING_REASON))
    config.stash[_DATA_GATES] = gated


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """One loud line: how many data-dependent gates ran, or were skipped and why."""
    from newsfuse_eval.paths import ENV_VAR, data_root

    gated = config.stash.get(_DATA_GATES, [])
    if not gated or config.option.collectonly:
        return
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "shared_data" in r.keywords]
    if skipped:
        root = data_root()
        why = f"their files are missing under {root}" if root.is_dir() else f"no shared data at {root}"
        terminalreporter.write_sep(
            "!", f"{len(skipped)} of {len(gated)} data-dependent gates SKIPPED: {why} (set {ENV_VAR})",
            yellow=True, bold=True)
    else:
        terminalreporter.write_line(f"shared data: all {len(gated)} data-dependent gates selected ran ({data_root()})")


def load_eval_script(name: str):
    """``eval/NAME.py`` as a module (the scripts are files, not a package)."""
    path = Path(__file__).resolve().parents[1] / "eval" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"newsfuse_eval_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


def check_floors(name: str, result: dict) -> None:
    """Assert the floors ``tests/baselines.json`` holds under ``name`` on ``result``.

    Keys are dotted paths into ``result`` (``"systems.tfidf.f1"``). Every miss is
    reported at once with the measured baseline, so a regression reads as
    "dropped from X to Y"; lowering a floor is an edit to that one file.
    """
    import json

    entry = json.loads(BASELINES.read_text(encoding="utf-8"))[name]
    misses = []
    for key, bound in entry["metrics"].items():
        value = result
        for part in key.split("."):
            value = value[part]
        if value < bound["floor"]:
            misses.append(f"{key} = {value:.4f} < floor {bound['floor']} (measured {bound['measured']})")
    assert not misses, f"{name} below its floors ({entry['command']}):\n" + "\n".join(misses)
