"""The per-story analysis driver: saved per story, redone only when a story's
articles change, and each article version parsed once (parses kept in the store)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import EXAMPLES_DIR

from newsfuse.analyse import StoryAnalyser


@dataclass
class CountingAnalyser(StoryAnalyser):
    """A StoryAnalyser that records how many articles each parse call was given."""

    parsed: list[int] = field(default_factory=list)

    def parse_bytes(self, articles):
        self.parsed.append(len(articles))
        return super().parse_bytes(articles)


@pytest.fixture
def four_then_five(tmp_path: Path) -> tuple[Path, Path]:
    first = tmp_path / "first"
    first.mkdir()
    files = sorted((EXAMPLES_DIR / "articles").glob("*.txt"))
    for f in files[:4]:
        shutil.copy(f, first)
    return first, files[4]


@pytest.mark.slow
def test_story_gaining_an_article_reparses_only_that_article(nlp, four_then_five, tmp_path):
    from newsfuse.pipeline import analyse_store, ingest
    from newsfuse.store import Store
    from newsfuse.views import story_state_name

    first, fifth = four_then_five
    analyser = CountingAnalyser(nlp=nlp, n_process=1)
    with Store(tmp_path / "a.db") as store:
        ingest([str(first)], store)
        run1 = analyse_store(store, analyser=analyser)
        assert len(run1.stories) == 1 and run1.analysed == [run1.stories[0].id]
        assert analyser.parsed == [4]
        again = analyse_store(store, analyser=analyser)
        assert again.analysed == [] and analyser.parsed == [4]  # nothing changed: nothing redone
        ingest([str(fifth)], store)
        run2 = analyse_store(store, analyser=analyser)
        story = run2.stories[0]
        assert len(story.articles) == 5 and run2.analysed == [story.id]
        assert analyser.parsed == [4, 1]
        incremental = store.load_state(story_state_name(story.id))

    # the same five articles analysed from scratch give the same facts and brief
    fresh_analyser = CountingAnalyser(nlp=nlp, n_process=1)
    with Store(tmp_path / "b.db") as store:
        ingest([str(first), str(fifth)], store)
        run = analyse_store(store, analyser=fresh_analyser)
        assert fresh_analyser.parsed == [5]
        scratch = store.load_state(story_state_name(run.stories[0].id))
    assert incremental["facts"] == scratch["facts"]
    assert incremental["claims"] == scratch["claims"]
    assert incremental["brief"]["points"] == scratch["brief"]["points"]


@dataclass
class BrokenAnalyser(StoryAnalyser):
    """Fails on every story, as a bug in one extractor would."""

    def analyse(self, story, articles, provenance, docs=None):
        raise ValueError("extractor bug")


@pytest.mark.slow
def test_a_failing_story_is_reported_and_the_run_goes_on(nlp, tmp_path):
    from newsfuse.pipeline import analyse_store, ingest
    from newsfuse.store import Store
    from newsfuse.views import story_state_name

    with Store(tmp_path / "c.db") as store:
        ingest([str(EXAMPLES_DIR / "articles")], store)
        run = analyse_store(store, analyser=BrokenAnalyser(nlp=nlp, n_process=1))
        assert run.analysed == []
        assert run.failed == [(run.stories[0].id, "ValueError: extractor bug")]
        assert store.load_state(story_state_name(run.stories[0].id)) is None
        assert store.count() == 5  # what was ingested stays


@pytest.mark.slow
def test_a_reprint_under_a_new_headline_reuses_the_parse(nlp, tmp_path):
    """The parse depends on the text alone: the same wire copy under another
    headline and outlet is parsed once, in this run and in later ones."""
    import json

    from newsfuse.pipeline import analyse_store, ingest
    from newsfuse.store import Store

    text = (EXAMPLES_DIR / "articles" / "002_5224782e82acb287.txt").read_text(encoding="utf-8")
    wire = {"id": "wire", "title": "Modi heads to Moscow", "outlet": "Wire", "date": "2024-07-08", "text": text}
    reprint = dict(wire, id="reprint", title="UPDATE: India's Modi in Russia", outlet="Reprinter")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(wire) + "\n" + json.dumps(reprint) + "\n", encoding="utf-8")
    analyser = CountingAnalyser(nlp=nlp, n_process=1)
    with Store(tmp_path / "r.db") as store:
        ingest([str(feed)], store)
        first, second = store.get("wire"), store.get("reprint")
        assert first.text == second.text and first.content_hash != second.content_hash
        run = analyse_store(store, analyser=analyser)
        assert sorted(a for s in run.stories for a in s.articles) == ["reprint", "wire"]
        assert analyser.parsed == [1]
        later = dict(wire, id="late", title="Modi arrives", outlet="Late Desk")
        (tmp_path / "late.jsonl").write_text(json.dumps(later) + "\n", encoding="utf-8")
        ingest([str(tmp_path / "late.jsonl")], store)
        analyse_store(store, analyser=analyser)
        assert analyser.parsed == [1]  # the stored parse of the same text is reused


@pytest.mark.slow
def test_parsing_ahead_in_workers_gives_the_same_analysis(nlp, tmp_path):
    """With worker processes the parse starts before provenance and stories
    (``parse_ahead``) and each story is analysed when its last parse arrives:
    the saved analyses equal the one-process run's, and every parse is cached."""
    from newsfuse.analyse import parse_key, parse_model_key
    from newsfuse.pipeline import analyse_store, ingest
    from newsfuse.store import Store
    from newsfuse.views import story_state_name

    states = {}
    for n_process in (1, 2):
        analyser = CountingAnalyser(nlp=nlp, n_process=n_process)
        with Store(tmp_path / f"p{n_process}.db") as store:
            ingest([str(EXAMPLES_DIR / "articles")], store)
            run = analyse_store(store, analyser=analyser)
            assert run.analysed == [s.id for s in run.stories] and not run.failed
            # workers: everything was parsed ahead, nothing left for the analysis to parse
            assert analyser.parsed == ([5] if n_process == 1 else [])
            keys = {parse_key(a) for a in store.iter_articles()}
            assert store.parsed_keys(keys, parse_model_key(analyser)) == keys
            states[n_process] = [store.load_state(story_state_name(s.id)) for s in run.stories]
            assert analyser._ahead is None  # workers stopped
    assert states[1] == states[2]


def test_parse_ahead_takes_undated_texts_first_then_date_order(nlp, tmp_path):
    """An undated copy parsed last would hold its story's analysis back to the
    end of the run; undated texts go first, the dated ones follow oldest first."""
    from newsfuse.analyse import parse_key
    from newsfuse.pipeline import ingest
    from newsfuse.store import Store

    rows = [
        {"id": "later", "date": "2024-07-09", "title": "Talks end",
         "text": "The talks ended on Tuesday with a joint statement on trade, officials said."},
        {"id": "undated", "title": "Leaders meet",
         "text": "The two leaders met for talks on trade and energy, officials said.\n\n"
                 "No agreement was announced after the meeting."},
        {"id": "first", "date": "2024-07-08", "title": "Talks begin",
         "text": "The leaders began two days of talks in Moscow on Monday, the foreign ministry said."},
        {"id": "last", "date": "2024-07-10", "title": "Reactions",
         "text": "Western governments reacted cautiously to the visit on Wednesday, diplomats said."},
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    analyser = CountingAnalyser(nlp=nlp, n_process=2)
    with Store(tmp_path / "order.db") as store:
        ingest([str(path)], store)
        articles = {parse_key(a): a for a in store.iter_articles()}
        try:
            assert analyser.parse_ahead(store) == 4
            order = [articles[k].id for k in analyser._ahead[0]]
        finally:
            analyser.close()
    assert order == ["undated", "first", "later", "last"]


@pytest.mark.slow
def test_parsing_while_ingesting_gives_the_same_analysis(nlp, tmp_path):
    """``newsfuse run`` starts the parse workers on what each ingest batch stores;
    ``parse_ahead`` adds the rest to the same workers. The saved analyses equal a
    one-process run's, every parse is cached, and texts already parsed are not
    parsed again."""
    from newsfuse.analyse import parse_key, parse_model_key
    from newsfuse.pipeline import analyse_store, ingest
    from newsfuse.store import Store
    from newsfuse.views import story_state_name

    files = sorted((EXAMPLES_DIR / "articles").glob("*.txt"))
    early, late = tmp_path / "early", tmp_path / "late"
    early.mkdir()
    late.mkdir()
    for f in files[:3]:
        shutil.copy(f, early)
    for f in files[3:]:
        shutil.copy(f, late)
    states = {}
    for mode in ("one process", "while ingesting"):
        analyser = CountingAnalyser(nlp=nlp, n_process=1 if mode == "one process" else 2)
        with Store(tmp_path / f"{mode}.db") as store:
            feed = None if mode == "one process" else (lambda arts: analyser.parse_while_ingesting(store, arts))
            ingest([str(early)], store, on_stored=feed)
            if feed is not None:
                assert analyser._ahead is not None and len(analyser._ahead[0]) == 3  # workers started
            ingest([str(early)], store, on_stored=feed)  # the same texts again: queued once
            if feed is not None:
                assert len(analyser._ahead[0]) == 3
            ingest([str(late)], store)  # stored without feeding: parse_ahead adds these
            run = analyse_store(store, analyser=analyser)
            assert not run.failed and len(run.analysed) == len(run.stories)
            assert analyser.parsed == ([5] if mode == "one process" else [])
            keys = {parse_key(a) for a in store.iter_articles()}
            assert store.parsed_keys(keys, parse_model_key(analyser)) == keys
            states[mode] = [store.load_state(story_state_name(s.id)) for s in run.stories]
            assert analyser._ahead is None and analyser._early is None
    assert states["one process"] == states["while ingesting"]


@pytest.mark.slow
@pytest.mark.skipif((__import__("os").cpu_count() or 1) < 2, reason="worker processes start on 2 cores or more")
def test_parse_while_ingesting_waits_until_enough_texts_are_left_to_parse(nlp, tmp_path, monkeypatch):
    """Texts already parsed do not count: with too few left, nothing starts yet."""
    import newsfuse.analyse as analyse
    from newsfuse.pipeline import analyse_store, ingest
    from newsfuse.store import Store

    monkeypatch.setattr(analyse, "PARALLEL_PARSE_MIN", 3)
    rows = [{"id": f"new{k}", "date": f"2024-07-1{k}", "title": f"Follow-up {k}",
             "text": f"Officials met again on day {k} of the talks, the ministry said in statement number {k}."}
            for k in range(4)]
    with Store(tmp_path / "s.db") as store:
        ingest([str(EXAMPLES_DIR / "articles")], store)
        analyse_store(store, analyser=CountingAnalyser(nlp=nlp, n_process=1))  # the examples' parses are cached
        analyser = CountingAnalyser(nlp=nlp)  # n_process picked by count, as `newsfuse run` does
        feed = lambda arts: analyser.parse_while_ingesting(store, arts)  # noqa: E731
        first = tmp_path / "first.jsonl"
        first.write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
        ingest([str(EXAMPLES_DIR / "articles"), str(first)], store, on_stored=feed)
        assert analyser._ahead is None  # 6 stored, 1 left to parse: below the minimum
        rest = tmp_path / "rest.jsonl"
        rest.write_text("".join(json.dumps(r) + "\n" for r in rows[1:]), encoding="utf-8")
        try:
            ingest([str(rest)], store, on_stored=feed)
            assert analyser._ahead is not None and len(analyser._ahead[0]) == 4
        finally:
            analyser.close()


def test_parse_while_ingesting_only_keeps_the_workers_busy(nlp, tmp_path):
    """Queuing every stored text in ingest order would decide the whole parse order;
    only a few chunks per worker are queued, the rest waits for parse_ahead."""
    from newsfuse.analyse import INGEST_BACKLOG_CHUNKS
    from newsfuse.pipeline import ingest
    from newsfuse.store import Store

    analyser = CountingAnalyser(nlp=nlp, n_process=2, batch_size=1)
    room = INGEST_BACKLOG_CHUNKS * 1 * 2
    with Store(tmp_path / "b.db") as store:
        try:
            ingest([str(EXAMPLES_DIR / "articles")], store,
                   on_stored=lambda arts: analyser.parse_while_ingesting(store, arts))
            assert room < 5 and len(analyser._ahead[0]) == room
            queued = set(analyser._ahead[0])
            assert analyser.parse_ahead(store) == 5  # the held-back text joins the same workers
            assert set(analyser._ahead[0][:room]) == queued  # they keep their place
            assert len(list(analyser.parses({}))) == 5
        finally:
            analyser.close()
