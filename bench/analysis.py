"""Post-parse analysis benchmark: CPU seconds of each step of ``StoryAnalyser.analyse``.

    .venv/bin/python bench/analysis.py                                  # 300 generated articles, 3 repeats
    .venv/bin/python bench/analysis.py --store /tmp/prof/set1000/bench.db --keep /tmp/nf-analysis
    .venv/bin/python bench/analysis.py --input examples/articles --save-outputs /tmp/golden-examples
    .venv/bin/python bench/analysis.py --store DB --compare /tmp/golden   # outputs must match byte for byte

Run by hand, not by tests. What it does:

1. Gets a store (not timed): a copy of ``--store`` (the original is never
   written), or a fresh one with ``--input`` paths ingested, or by default the
   examples plus ``--articles - 5`` generated articles (``bench/run.py``'s
   ``write_set``). With ``--keep DIR`` the working copy is kept in DIR (with
   the sentence embeddings in it) and the parses beside it, so a rerun
   skips both.
2. Runs provenance and story clustering, then parses every story's articles
   once (``StoryAnalyser.parse``; each Doc goes through a ``DocBin``, as the
   store's cached parses do) and keeps the docs in memory (not timed).
3. Calls ``StoryAnalyser.analyse`` on every story ``--repeat`` times and
   prints the median CPU seconds (``time.process_time``) of each step, summed
   over stories: the facts sub-steps (from ``FactRun.cpu_seconds``),
   ``reconcile_story``, ``quote_ledger`` (every call, also the one inside
   ``build_brief``), ``build_brief`` (without its ledger calls), the three
   renderers and ``facts_to_json``; ``other`` is what analyse spends outside
   them. A step's time excludes the timed steps it calls. Repeats after the
   first find the word caches (stems, terms) warm, as a long run does; the
   first repeat's total is printed too.

``--reuse-ledger`` runs as if ``analyse`` passed the ledger it computed to
``build_brief(..., ledger=ledger)`` (so it is computed once per story).

``--save-outputs DIR`` writes each story's analysis (``json.dumps`` with
``sort_keys``) as ``DIR/<story id>.json``; ``--compare DIR`` checks the
first repeat's outputs against such a directory and exits 1 on a difference.
Every repeat's outputs must be identical (the docs are reused), else the run
says so.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if str(HERE.parent / "src") not in sys.path:
    sys.path.insert(1, str(HERE.parent / "src"))

FACT_STEPS = ("quotes", "dates", "claims", "entities", "events")
# (module, attribute, step): the functions analyse calls, timed where analyse and build_brief look them up.
TIMED = (
    ("newsfuse.reconcile", "reconcile_story", "reconcile"),
    ("newsfuse.reconcile", "quote_ledger", "ledger"),
    ("newsfuse.brief.build", "quote_ledger", "ledger"),
    ("newsfuse.brief", "build_brief", "brief"),
    ("newsfuse.brief", "brief_to_json", "render.json"),
    ("newsfuse.brief", "brief_to_markdown", "render.markdown"),
    ("newsfuse.brief", "brief_to_html", "render.html"),
    ("newsfuse.facts.extract", "facts_to_json", "facts_to_json"),
)
STEP_ORDER = (*(f"facts.{s}" for s in FACT_STEPS), "facts.rest", "reconcile", "ledger", "brief",
              "render.json", "render.markdown", "render.html", "facts_to_json", "other")


class StepClock:
    """CPU seconds per step, exclusive: a timed call inside another is taken out of the outer one."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._stack: list[float] = []  # CPU seconds of nested timed calls, per open call

    def add(self, step: str, seconds: float) -> None:
        self.seconds[step] = self.seconds.get(step, 0.0) + seconds

    def wrap(self, step: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            self._stack.append(0.0)
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent = time.process_time() - start
                nested = self._stack.pop()
                self.add(step, spent - nested)
                if self._stack:
                    self._stack[-1] += spent
        return timed


def _reuse_ledger(quote_ledger: Callable, build_brief: Callable) -> tuple[Callable, Callable]:
    """``quote_ledger`` and ``build_brief`` as if analyse passed its ledger on
    (``build_brief(..., ledger=ledger)``): the brief gets the ledger last
    computed from the same ``facts.quotes`` and provenance."""
    last: list = [None, None, None]

    def ledger(quotes, provenance=None, *args, **kwargs):
        result = quote_ledger(quotes, provenance, *args, **kwargs)
        last[:] = [quotes, provenance, result] if not args and not kwargs else [None, None, None]
        return result

    def brief(story, articles, facts, provenance=None, *args, **kwargs):
        if "ledger" not in kwargs and not args and last[0] is facts.quotes and last[1] is provenance:
            kwargs["ledger"] = last[2]
        return build_brief(story, articles, facts, provenance, *args, **kwargs)

    return ledger, brief


@contextlib.contextmanager
def timing(clock: StepClock, reuse_ledger: bool = False) -> Iterator[None]:
    """Wrap the functions of :data:`TIMED` and ``FactExtractor.run`` for the duration."""
    import importlib

    from newsfuse.facts.extract import FactExtractor

    saved = []
    for module_name, attr, _ in TIMED:
        module = importlib.import_module(module_name)
        if hasattr(module, attr):
            saved.append((module, attr, getattr(module, attr)))
    if reuse_ledger:
        import newsfuse.brief
        import newsfuse.reconcile

        newsfuse.reconcile.quote_ledger, newsfuse.brief.build_brief = _reuse_ledger(
            newsfuse.reconcile.quote_ledger, newsfuse.brief.build_brief)
    for module_name, attr, step in TIMED:
        module = importlib.import_module(module_name)
        if hasattr(module, attr):
            setattr(module, attr, clock.wrap(step, getattr(module, attr)))
    run = FactExtractor.run

    def timed_run(self, *args, **kwargs):
        result = run(self, *args, **kwargs)
        for step in FACT_STEPS:
            clock.add(f"facts.{step}", result.cpu_seconds.get(step, 0.0))
        clock.add("facts.rest", -sum(result.cpu_seconds.get(step, 0.0) for step in FACT_STEPS))
        return result

    FactExtractor.run = clock.wrap("facts.rest", timed_run)
    try:
        yield
    finally:
        FactExtractor.run = run
        for module, attr, fn in saved:
            setattr(module, attr, fn)


def prepare_store(args: argparse.Namespace, folder: Path) -> Path:
    """The working store: a copy of ``--store``, or a fresh one ingested from inputs."""
    from newsfuse.pipeline import ingest
    from newsfuse.store import Store

    db = folder / "bench.db"
    if db.exists():
        return db
    if args.store:
        for suffix in ("", "-wal"):  # the WAL holds committed pages not yet in the main file
            if Path(args.store + suffix).exists():
                shutil.copyfile(args.store + suffix, str(db) + suffix)
        return db
    if args.input:
        paths = args.input
    else:
        from run import write_set

        paths = write_set(args.articles, args.seed, folder)
    with Store(db) as store:
        report = ingest(paths, store)
        if report.fatal is not None:
            raise SystemExit(f"ingest failed: {report.fatal}")
    return db


def _text_key(article) -> str:
    """What a parse depends on: the text and its paragraph starts (they are sentence starts)."""
    starts = ",".join(str(p.start) for p in article.paragraphs)
    return hashlib.sha256(article.text.encode() + b"\x1f" + starts.encode()).hexdigest()


def parsed_docs(articles: list, analyser, n_process: int, folder: Path | None) -> dict[str, object]:
    """Each article's Doc by id, parsed with ``StoryAnalyser.parse``. Every Doc goes
    through a ``DocBin`` (as the store's cached parses do); with a ``folder`` the
    DocBin is kept there and only texts not in it are parsed on a rerun."""
    from spacy.tokens import DocBin

    list(analyser.parse([]))  # loads the model
    keys = {a.id: _text_key(a) for a in articles}
    names: list[str] = []
    data = DocBin()
    if folder is not None and (folder / "parses.json").exists():
        names = json.loads((folder / "parses.json").read_text())
        data = DocBin().from_disk(folder / "parses.spacy")
    todo = {}
    for a in articles:
        if keys[a.id] not in names and keys[a.id] not in todo:
            todo[keys[a.id]] = a
    if todo:
        analyser.n_process = n_process
        for key, doc in zip(todo, analyser.parse(list(todo.values()))):
            data.add(doc)
            names.append(key)
        if folder is not None:
            data.to_disk(folder / "parses.spacy")
            (folder / "parses.json").write_text(json.dumps(names))
    docs = dict(zip(names, DocBin().from_bytes(data.to_bytes()).get_docs(analyser.nlp.vocab)))
    return {a.id: docs[keys[a.id]] for a in articles}


def load_work(db: Path, analyser, n_process: int, folder: Path | None = None) -> list[tuple]:
    """``(story, articles, provenance, docs)`` per story, as ``analyse_stories`` passes them."""
    from newsfuse.analyse import story_provenance_report
    from newsfuse.pipeline import run_provenance, run_stories
    from newsfuse.store import Store

    with Store(db) as store:
        traced = run_provenance(store) if store.count() > 1 else None
        stories = run_stories(store, traced).stories()
        articles = {a.id: a for s in stories for a in (store.get(i) for i in s.articles)}
    docs = parsed_docs(list(articles.values()), analyser, n_process, folder)
    return [(s, [articles[i] for i in s.articles], story_provenance_report(traced, set(s.articles)),
             [docs[i] for i in s.articles]) for s in stories]


def run_once(analyser, work: list[tuple], reuse_ledger: bool = False) -> tuple[dict[str, float], float, dict[str, str]]:
    """Step seconds, total CPU seconds and each story's output JSON for one pass over the stories."""
    clock = StepClock()
    outputs: dict[str, str] = {}
    total = 0.0
    with timing(clock, reuse_ledger):
        for story, articles, provenance, docs in work:
            start = time.process_time()
            result = analyser.analyse(story, articles, provenance, docs)
            total += time.process_time() - start
            outputs[story.id] = json.dumps(result, sort_keys=True, ensure_ascii=False)
    clock.add("other", total - sum(clock.seconds.values()))
    return clock.seconds, total, outputs


def compare(outputs: dict[str, str], folder: Path) -> list[str]:
    """Story ids whose output differs from ``folder``'s (or is missing on either side)."""
    expected = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.json")}
    return sorted(k for k in set(expected) | set(outputs) if expected.get(k) != outputs.get(k))


def format_table(steps: dict[str, float], total: float, n_articles: int, n_stories: int, repeat: int) -> str:
    lines = [f"{n_articles} articles, {n_stories} stories; median of {repeat} repeats, CPU seconds (process_time)",
             "",
             f"| {'step':<16} | {'CPU s':>8} | {'ms/article':>10} | {'share':>6} |",
             f"|{'-' * 18}|{'-' * 10}|{'-' * 12}|{'-' * 8}|"]
    for step in STEP_ORDER:
        s = steps.get(step, 0.0)
        lines.append(f"| {step:<16} | {s:8.2f} | {1000 * s / n_articles:10.2f} | {s / total:6.1%} |")
    lines.append(f"| {'total':<16} | {total:8.2f} | {1000 * total / n_articles:10.2f} | {'':>6} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--store", help="a store to copy (never written); its articles are the set")
    source.add_argument("--input", nargs="+", help="paths to ingest into a fresh store instead")
    parser.add_argument("--articles", type=int, default=300, help="generated set size when no store or input")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--n-process", type=int, default=1, help="parse worker processes (parse is not timed)")
    parser.add_argument("--keep", help="folder for the working store (kept, with parses, for reruns)")
    parser.add_argument("--save-outputs", help="write each story's analysis JSON here")
    parser.add_argument("--compare", help="compare each story's analysis JSON with this folder's")
    parser.add_argument("--json", help="write the medians and every repeat here")
    parser.add_argument("--reuse-ledger", action="store_true",
                        help="run as if analyse passed its quote ledger to build_brief (ledger=ledger)")
    args = parser.parse_args(argv)
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

    from newsfuse.analyse import StoryAnalyser

    with contextlib.ExitStack() as stack:
        folder = Path(args.keep) if args.keep else Path(stack.enter_context(
            tempfile.TemporaryDirectory(prefix="newsfuse-bench-analysis-")))
        folder.mkdir(parents=True, exist_ok=True)
        analyser = StoryAnalyser()
        t0 = time.perf_counter()
        work = load_work(prepare_store(args, folder), analyser, args.n_process, folder if args.keep else None)
        n_articles = sum(len(w[1]) for w in work)
        print(f"prepared {len(work)} stories, {n_articles} articles in {time.perf_counter() - t0:.0f} s",
              file=sys.stderr)

    runs, totals, digests, first = [], [], set(), {}
    for k in range(args.repeat):
        steps, total, outputs = run_once(analyser, work, args.reuse_ledger)
        runs.append(steps)
        totals.append(total)
        digests.add(hashlib.sha256("\n".join(f"{i}\t{o}" for i, o in sorted(outputs.items())).encode()).hexdigest())
        first = first or outputs
        print(f"repeat {k + 1}: {total:.2f} CPU s", file=sys.stderr)
    medians = {step: statistics.median(r.get(step, 0.0) for r in runs) for step in STEP_ORDER}
    print(format_table(medians, statistics.median(totals), n_articles, len(work), args.repeat))
    status = 0
    if len(digests) > 1:
        print("WARNING: the outputs differ between repeats (an extractor changes the docs?)")
        status = 1
    if args.save_outputs:
        out = Path(args.save_outputs)
        out.mkdir(parents=True, exist_ok=True)
        for story_id, text in first.items():
            (out / f"{story_id}.json").write_text(text, encoding="utf-8")
    if args.compare:
        differ = compare(first, Path(args.compare))
        print(f"compare with {args.compare}: {len(first) - len(differ)} of {len(first)} stories identical"
              + (f"; differ: {', '.join(differ[:10])}{' ...' if len(differ) > 10 else ''}" if differ else ""))
        status = status or (1 if differ else 0)
    if args.json:
        Path(args.json).write_text(json.dumps({"medians": medians, "total": statistics.median(totals),
                                               "runs": runs, "totals": totals, "articles": n_articles,
                                               "stories": len(work)}, indent=2))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
