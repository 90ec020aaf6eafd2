"""Per-story analysis: facts -> reconciled claims and quote ledger -> cited brief.

``newsfuse run`` calls :func:`analyse_stories` after provenance and story
clustering; each story's result is saved in the store as one JSON state
(:func:`newsfuse.views.story_state_name`), keyed by the content hashes of its
articles, so a story whose articles did not change is not analysed again and
the CLI and web app read results without loading a model.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from .facts.parse_pool import doc_from_bytes
from .model import Article, Story
from .store.db import Store
from .store.tables import save_story_analysis
from .views import ANALYSIS_VERSION, analysis_key, story_state_name

if TYPE_CHECKING:
    from .facts.records import StoryFacts
    from .provenance.report import ProvenanceReport

__all__ = ["ANALYSIS_VERSION", "StoryAnalyser", "analyse_stories", "analysis_key", "parse_key", "parse_model_key",
           "story_provenance_report"]

PARALLEL_PARSE_MIN = 128
#: While ingesting, keep this many chunks (of ``batch_size`` texts) per worker queued, no more.
INGEST_BACKLOG_CHUNKS = 2
# How article text is turned into a parse (paragraph starts are sentence starts); part of the cache key.
PARSE_SCHEME = "paragraph-v1"
# How much lower the priority of workers parsing ahead is: they take the CPU the stages before
# the analysis leave idle, not theirs.
AHEAD_NICENESS = 5


def story_provenance_report(report: "ProvenanceReport | None", ids: set[str]) -> "ProvenanceReport | None":
    """The part of a store-wide provenance report that concerns one story's articles."""
    if report is None:
        return None
    return replace(
        report,
        articles=[a for a in report.articles if a.id in ids],
        relations=[r for r in report.relations if r.source in ids and r.derived in ids],
        composites=[c for c in report.composites if c.article in ids],
        filler=[f for f in report.filler if f.article in ids],
        groups=[g for g in ([i for i in g if i in ids] for g in report.groups) if g],
    )


def parse_key(article: Article) -> str:
    """What a parse depends on: the text and its paragraph starts (not the title,
    date or outlet), so a reprint under a new headline reuses its source's parse."""
    digest = hashlib.sha256(PARSE_SCHEME.encode() + b"\x1f" + article.text.encode())
    digest.update(",".join(str(p.start) for p in article.paragraphs).encode())
    return digest.hexdigest()


@dataclass
class StoryAnalyser:
    """Runs the fact extractors, the reconciler and the brief writer on stories.

    The spaCy pipeline is loaded on first use and kept by this object (not by
    the module), so a long-running caller pays for it once. ``n_process``
    parses with that many worker processes; ``None`` picks two for chunks of
    at least :data:`PARALLEL_PARSE_MIN` articles on a machine with two cores
    or more (starting workers costs seconds: bench/facts.py).
    """

    nlp: object | None = None
    n_process: int | None = None
    batch_size: int = 32
    _ahead: tuple | None = field(default=None, init=False, repr=False, compare=False)
    _early: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def _extractor(self):
        from .facts.extract import FactConfig, FactExtractor
        from .facts.nlp import load_nlp

        if self.nlp is None:
            self.nlp = load_nlp()
        return FactExtractor(self.nlp, FactConfig(batch_size=self.batch_size))

    def _n_process(self, count: int) -> int:
        if self.n_process is not None:
            return self.n_process
        return 2 if count >= PARALLEL_PARSE_MIN and (os.cpu_count() or 1) >= 2 else 1

    def parse(self, articles: Sequence[Article]) -> Iterator:
        """Docs of the articles' texts, in order, from one ``nlp.pipe`` stream
        (paragraph starts are sentence starts, as the quote extractor expects)."""
        from .facts.paragraph_parse import paragraph_docs

        extractor = self._extractor()
        return paragraph_docs(extractor.nlp, articles, batch_size=self.batch_size,
                              n_process=self._n_process(len(articles)))

    def parse_bytes(self, articles: Sequence[Article]) -> Iterator[bytes]:
        """Each article's parse as the bytes the store caches, in order, made
        in worker processes for many articles (:mod:`newsfuse.facts.parse_pool`)."""
        from .facts.parse_pool import parse_to_bytes

        return parse_to_bytes(self._extractor().nlp, articles, batch_size=self.batch_size,
                              n_process=self._n_process(len(articles)))

    def parse_while_ingesting(self, store: Store, articles: Sequence[Article]) -> None:
        """Start parsing texts as ingest commits them (``pipeline.ingest(on_stored=...)``):
        the worker processes use the core that ingest, one process, leaves idle.

        Texts already parsed in the store are skipped. Nothing starts until
        there are enough texts for worker processes to pay (see
        :meth:`_n_process`), and the workers are only kept busy
        (:data:`INGEST_BACKLOG_CHUNKS` chunks each), not given everything:
        texts held back, and everything stored later, are left to
        :meth:`parse_ahead`, which adds them to the same workers in its order.
        """
        from .facts.parse_pool import ParseStream

        order, fed, held = self._early or ([], set(), [])  # keys queued, keys seen, (key, article) held back
        self._early = (order, fed, held)
        fresh = {}
        for article in articles:
            key = parse_key(article)
            if key not in fed:
                fed.add(key)
                fresh[key] = article
        if fresh:
            known = store.parsed_keys(set(fresh), parse_model_key(self))
            held.extend((key, article) for key, article in fresh.items() if key not in known)
        stream = self._ahead[1] if self._ahead is not None else None
        if stream is None:
            n_process = self._n_process(len(held))
            if n_process <= 1:  # too few texts to parse yet: wait for more
                return
        else:
            n_process = stream.n_process
        # only what the workers can take now: the rest waits for parse_ahead's order (undated,
        # then by date), or stories would complete in ingest order, many only at the very end
        room = INGEST_BACKLOG_CHUNKS * self.batch_size * n_process
        if stream is None:
            take = held[:room]
            stream = ParseStream(self._extractor().nlp, [a for _, a in take], n_process=n_process,
                                 batch_size=self.batch_size, niceness=AHEAD_NICENESS, open_ended=True)
            self._ahead = (order, stream)
        else:
            take = held[: max(0, room - stream.backlog())]
            stream.extend(a for _, a in take)
        order.extend(key for key, _ in take)
        del held[: len(take)]

    def parse_ahead(self, store: Store) -> int:
        """Start parsing every stored text that has no cached parse, in worker
        processes (at a lower priority), while the caller goes on with the
        stages before the analysis; :meth:`parses` hands the results over.
        Texts already being parsed since :meth:`parse_while_ingesting` keep
        their place; the rest are added behind them.

        Only worth it with worker processes: with one (few texts, one core, or
        ``n_process=1``) nothing starts here and the texts are parsed when
        needed. Returns how many texts are being parsed ahead.
        """
        from .facts.parse_pool import ParseStream

        # the stream parse_while_ingesting started, if it did
        early = self._ahead if self._early is not None else None
        self._early = None
        if early is None:
            self.close()
        self._ahead = None
        model = parse_model_key(self)
        latest = {parse_key(a): a for a in store.iter_articles()}
        started = set(early[0]) if early is not None else set()
        known = store.parsed_keys(set(latest) - started, model)
        pending = {k: a for k, a in latest.items() if k not in known and k not in started}
        if early is None and self._n_process(len(pending)) <= 1:
            return 0
        # undated texts first, then date order: stories are analysed from their first articles on,
        # and an undated copy (a reprint without a date line) never holds its story back to the
        # end, where the stories it completes would all land on the calling process at once
        # (10k bench: a ~15 s one-core tail with undated texts last)
        order = sorted(pending, key=lambda k: (bool(pending[k].date), pending[k].date or "", pending[k].id))
        if early is not None:
            started_order, stream = early
            stream.extend(pending[k] for k in order)
            stream.finish()
            self._ahead = (started_order + order, stream)
            return len(started_order) + len(order)
        stream = ParseStream(self._extractor().nlp, [pending[k] for k in order],
                             n_process=self._n_process(len(pending)), batch_size=self.batch_size,
                             niceness=AHEAD_NICENESS)
        self._ahead = (order, stream)
        return len(order)

    def parses(self, to_parse: dict[str, Article]) -> Iterator[tuple[str, bytes]]:
        """``(text key, parse bytes)`` for every text of ``to_parse`` (keyed by
        :func:`parse_key`), in no set order: first what :meth:`parse_ahead`
        started (which may hold other texts too), then the rest."""
        ahead, self._ahead = self._ahead, None
        rest = dict(to_parse)
        if ahead is not None:
            order, stream = ahead
            with stream:
                for text_key, data in zip(order, stream):
                    rest.pop(text_key, None)
                    yield text_key, data
        if rest:
            with self.parse_bytes(list(rest.values())) as stream:
                yield from zip(rest, stream)

    def close(self) -> None:
        """Stop parsing ahead (worker processes started by :meth:`parse_while_ingesting`
        or :meth:`parse_ahead`)."""
        self._early = None
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            ahead[1].close()

    def facts(self, articles: Sequence[Article], docs: Sequence | None = None) -> "StoryFacts":
        return self._extractor().extract(list(articles), docs)

    def analyse(self, story: Story, articles: Sequence[Article], provenance: "ProvenanceReport | None",
                docs: Sequence | None = None) -> dict:
        """The JSON document saved for a story: ``facts, claims, ledger, brief`` and
        the brief rendered as ``markdown`` and standalone ``html`` (rendered once
        here so showing a brief needs neither a model nor the articles)."""
        from .brief import brief_to_html, brief_to_json, brief_to_markdown, build_brief
        from .facts.extract import facts_to_json
        from .reconcile import quote_ledger, reconcile_story

        facts = self.facts(articles, docs)
        groups = reconcile_story(articles, facts, provenance)
        ledger = quote_ledger(facts.quotes, provenance)
        brief = build_brief(story, articles, facts, provenance, groups=groups, ledger=ledger)
        return {
            "facts": facts_to_json(facts),
            "claims": [group.to_json() for group in groups],
            "ledger": [entry.to_json() for entry in ledger],
            "brief": brief_to_json(brief),
            "markdown": brief_to_markdown(brief),
            "html": brief_to_html(brief, articles),
        }


def parse_model_key(analyser: StoryAnalyser) -> str:
    """The cache key of a parse: the model package, its version and how text is segmented
    (read from the package's metadata when the analyser has not loaded its model)."""
    from .facts.nlp import DEFAULT_MODEL, model_meta

    meta = analyser.nlp.meta if analyser.nlp is not None else model_meta(DEFAULT_MODEL)
    return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}/{PARSE_SCHEME}"


def analyse_stories(
    store: Store,
    stories: Sequence[Story],
    provenance: "ProvenanceReport | None",
    analyser: StoryAnalyser,
    *,
    force: bool = False,
    on_story: Callable[[Story, bool], None] | None = None,
    on_error: Callable[[Story, Exception], None] | None = None,
) -> list[str]:
    """Analyse every story whose articles changed since its saved analysis.

    A story whose analysis raises is passed to ``on_error`` and skipped (its
    old analysis, if any, stays) when ``on_error`` is given; else it raises.

    Each text is parsed once (:func:`parse_key`): parses are kept in the store,
    so a story that gains an article re-parses only that one, and a reprint
    under a new headline reuses its source's parse. The texts still to
    parse come from one stream (:meth:`StoryAnalyser.parses`: what
    :meth:`StoryAnalyser.parse_ahead` started, then the rest; many small
    stories would otherwise each pay for starting worker processes); stories
    whose parses are all cached go first, then each story is analysed as soon
    as its last parse arrives, its fresh parses saved before it, and its result
    saved in its own transaction, so an interrupted run keeps the stories done.
    Returns the ids of the stories analysed now, in the order of ``stories``.
    """
    stale: list[tuple[Story, list[Article], str]] = []
    for story in stories:
        articles = [store.get(article_id) for article_id in story.articles]
        key = analysis_key(articles)
        if force or store.state_field(story_state_name(story.id), "key") != key:
            stale.append((story, articles, key))
        elif on_story is not None:
            on_story(story, False)
    if not stale:
        return []
    model = parse_model_key(analyser)
    vocab = analyser._extractor().nlp.vocab
    keys = {a.id: parse_key(a) for _, articles, _ in stale for a in articles}
    known = store.parsed_keys(set(keys.values()), model)
    story_keys = [{keys[a.id] for a in articles} for _, articles, _ in stale]
    missing = [len(wanted - known) for wanted in story_keys]  # parses each stale story still waits for
    waiting: dict[str, list[int]] = {}  # text key -> the stale stories waiting for its parse
    to_parse: dict[str, Article] = {}
    for index, (_, articles, _) in enumerate(stale):
        for article in articles:
            text_key = keys[article.id]
            if text_key not in known:
                to_parse.setdefault(text_key, article)
                if index not in waiting.setdefault(text_key, []):
                    waiting[text_key].append(index)
    fresh: dict[str, bytes] = {}  # parses made in this run that a waiting story still needs
    unsaved: set[str] = set()
    done: dict[int, str] = {}

    def analyse_one(index: int) -> None:
        story, articles, key = stale[index]
        wanted = story_keys[index]
        if wanted & unsaved:  # kept even if the analysis below fails: the parse is good
            store.save_parses({k: fresh[k] for k in wanted & unsaved}, model)
            unsaved.difference_update(wanted)
        cached = store.load_parses(wanted - fresh.keys(), model)
        blobs = {k: fresh[k] if k in fresh else cached[k] for k in wanted}
        docs = {k: doc_from_bytes(data, vocab) for k, data in blobs.items()}
        for k in wanted & fresh.keys():
            if all(i in done or i == index for i in waiting[k]):
                del fresh[k]
        story_links = story_provenance_report(provenance, set(story.articles))
        try:
            result = analyser.analyse(story, articles, story_links, [docs[keys[a.id]] for a in articles])
        except Exception as exc:  # one bad story must not cost the others (the caller reports it)
            done[index] = ""
            if on_error is None:
                raise
            on_error(story, exc)
            return
        # the story's rows in the flat SQL tables are written in the same transaction
        save_story_analysis(store, story, story_state_name(story.id), {"key": key, "version": ANALYSIS_VERSION, **result},
                            story_links)
        done[index] = story.id
        if on_story is not None:
            on_story(story, True)

    for index in range(len(stale)):
        if not missing[index]:
            analyse_one(index)
    # each story is analysed as soon as its last parse arrives, whatever order the parses come in
    for text_key, data in analyser.parses(to_parse):
        if text_key not in waiting:  # parsed ahead for an article no stale story holds: cache it
            store.save_parses({text_key: data}, model)
            continue
        fresh[text_key] = data
        unsaved.add(text_key)
        for index in waiting[text_key]:
            missing[index] -= 1
            if not missing[index]:
                analyse_one(index)
    return [done[index] for index in sorted(done) if done[index]]
