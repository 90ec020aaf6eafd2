"""The spaCy parse for facts, component by component: BLIS ops vs numpy's BLAS.

    .venv/bin/python bench/parse.py                 # 150 generated articles, 3 repeats
    .venv/bin/python bench/parse.py --articles 300 --repeat 5

The parse is most of ``newsfuse run``'s CPU (bench/run.py). spaCy builds its
layers on thinc's default ops, whose matrix products use BLIS; newsfuse loads
the pipeline on numpy's BLAS instead (``newsfuse.facts.nlp.load_nlp``). This
script loads the packaged model both ways in one process, runs each component
over the same paragraph-segmented docs (one BLAS thread, as the parse workers
run), prints the median CPU seconds per component and the ratio, and checks
that both ways give the same annotations token by token.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

ATTRS = ["TAG", "POS", "DEP", "HEAD", "LEMMA", "MORPH", "ENT_IOB", "ENT_TYPE", "SENT_START"]


def load_articles(n: int, seed: int) -> list:
    """The examples plus generated articles (bench/run.py's set), cleaned."""
    from run import write_set

    from newsfuse.pipeline import ingest
    from newsfuse.store import Store

    with tempfile.TemporaryDirectory(prefix="newsfuse-bench-parse-") as tmp:
        with Store(Path(tmp) / "parse.db") as store:
            ingest(write_set(n, seed, Path(tmp)), store)
            return list(store.iter_articles())


def time_components(nlp, articles, batch_size: int) -> tuple[dict[str, float], list]:
    """CPU seconds per component over the articles, and the finished docs."""
    from newsfuse.facts.nlp import single_threaded_blas
    from newsfuse.facts.paragraph_parse import _presegmented

    seconds: dict[str, float] = {}
    with single_threaded_blas():
        start = time.process_time()
        docs = [_presegmented(nlp, a) for a in articles]
        seconds["tokenizer"] = time.process_time() - start
        for name, component in nlp.pipeline:
            start = time.process_time()
            docs = list(component.pipe(docs, batch_size=batch_size))
            seconds[name] = time.process_time() - start
    return seconds, docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)

    from newsfuse.facts.nlp import load_nlp

    articles = load_articles(args.articles, args.seed)
    words = sum(a.word_count for a in articles)
    ways = {"BLIS (spaCy default)": load_nlp(use_blis=True), "numpy BLAS (newsfuse)": load_nlp(use_blis=False)}
    runs: dict[str, list[dict[str, float]]] = {way: [] for way in ways}
    finished: dict[str, list] = {}
    for _ in range(args.repeat):  # interleaved, so load changes on a shared machine hit both ways alike
        for way, nlp in ways.items():
            seconds, finished[way] = time_components(nlp, articles, args.batch_size)
            runs[way].append(seconds)

    names = list(runs[next(iter(ways))][0])
    medians = {way: {name: statistics.median(r[name] for r in runs[way]) for name in names} for way in ways}
    blis, numpy_ = (medians[way] for way in ways)
    print(f"{len(articles)} articles, {words} words; median CPU s of {args.repeat} repeats, one BLAS thread")
    print()
    print(f"| {'component':<16} | {'BLIS':>8} | {'numpy BLAS':>10} | {'ratio':>6} |")
    print(f"|{'-' * 18}|{'-' * 10}|{'-' * 12}|{'-' * 8}|")
    for name in names + ["total"]:
        a = sum(blis.values()) if name == "total" else blis[name]
        b = sum(numpy_.values()) if name == "total" else numpy_[name]
        print(f"| {name:<16} | {a:8.2f} | {b:10.2f} | {b / a if a else 0:6.2f} |")
    total = sum(numpy_.values())
    print()
    print(f"numpy BLAS: {words / total:,.0f} words and {len(articles) / total:.1f} articles per CPU-second "
          f"({1000 * total / len(articles):.1f} CPU ms per article)")

    first, second = (finished[way] for way in ways)
    differing = sum(int((x.to_array(ATTRS) != y.to_array(ATTRS)).any(axis=1).sum()) for x, y in zip(first, second))
    tokens = sum(len(d) for d in first)
    print(f"annotations: {differing} of {tokens} tokens differ between the two ways")
    return 0 if differing == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
