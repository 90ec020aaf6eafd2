"""Facts benchmark: words/s and articles/s of the facts step, and what each step costs.

    .venv/bin/python bench/facts.py                         # examples + 20 generated + 20 PolNeAR, 3 repeats
    .venv/bin/python bench/facts.py --generated 100 --polnear 84 --repeat 1
    .venv/bin/python bench/facts.py --json /tmp/facts-bench.json

Run by hand, not by tests. What it does:

1. Builds the articles (not timed): the five shipped examples, ``--generated``
   articles from ``bench/corpus.py`` (real sentences recombined, rendered as
   pages with chrome, then cleaned by ``Cleaner``) and ``--polnear`` real news
   texts from ``polnear/dev/text`` under the shared data (``$NEWSFUSE_DATA`` or ``../shared/data``; skipped when absent).
2. Parses all of them with ``nlp.pipe`` at ``n_process=1`` and ``n_process=2``,
   ``--repeat`` times each, and reports the median wall time, words/s,
   articles/s and CPU seconds (this process plus the pipe's worker processes).
   The faster setting is printed as the recommendation.
3. Runs :class:`newsfuse.facts.extract.FactExtractor` on the parsed Docs, one
   story of ``--story-size`` articles at a time (the examples are one story),
   ``--repeat`` times, and prints the median seconds of each step (quotes,
   dates, claims, entities, events; a step whose module is missing is listed
   as skipped), next to the parse time of the recommended setting.

Wall times on a shared machine swing with the load (printed at the top); the
CPU column is the steadier number.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Sequence

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if str(HERE.parent / "src") not in sys.path:
    sys.path.insert(1, str(HERE.parent / "src"))

from newsfuse_eval.paths import data_path  # noqa: E402

EXAMPLES = HERE.parent / "examples" / "articles"
POLNEAR = data_path("polnear", "dev", "text")
STEP_ORDER = ("quotes", "dates", "claims", "entities", "events")


def _clean(raws: list) -> list:
    from newsfuse.clean import Cleaner

    return list(Cleaner().clean_batch(raws))


def load_corpora(generated: int, polnear: int, seed: int) -> dict[str, list]:
    """``{name: [Article, ...]}``: examples, generated, polnear (when present)."""
    from newsfuse.model import Format, RawDoc

    corpora: dict[str, list] = {}
    files = sorted(EXAMPLES.glob("*.txt"))
    corpora["examples"] = _clean([RawDoc(id=f.stem, origin=str(f), data=f.read_bytes(), format=Format.TEXT) for f in files])
    if generated:
        import corpus

        raws = []
        for art in corpus.make_articles(generated, seed=seed):
            text = corpus.render_text(art)
            raws.append(RawDoc(id=f"gen-{art['id']}", origin=f"gen-{art['id']}.txt", data=text.encode("utf-8"),
                               format=Format.TEXT))
        corpora["generated"] = _clean(raws)
    if polnear and POLNEAR.is_dir():
        files = sorted(POLNEAR.glob("*.txt"))[:polnear]
        corpora["polnear"] = _clean([RawDoc(id=f.stem, origin=str(f), data=f.read_bytes(), format=Format.TEXT)
                                     for f in files])
    elif polnear:
        print(f"(PolNeAR texts not found at {POLNEAR}: skipped)")
    return corpora


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def time_parse(nlp, texts: Sequence[str], n_process: int, batch_size: int, repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``list(nlp.pipe(texts))``, one pair per repeat."""
    walls, cpus = [], []
    for _ in range(repeat):
        c0, t0 = _cpu(), time.perf_counter()
        docs = list(nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
        walls.append(time.perf_counter() - t0)
        cpus.append(_cpu() - c0)
        assert len(docs) == len(texts)
    return walls, cpus


def time_steps(nlp, corpora: dict[str, list], docs: dict[str, list], story_size: int, repeat: int) -> dict:
    """Median seconds per step (summed over stories), counts, skipped steps and errors."""
    from newsfuse.facts.extract import FactConfig, FactExtractor

    extractor = FactExtractor(nlp, FactConfig())
    runs: list[dict[str, float]] = []
    cpu_runs: list[dict[str, float]] = []
    counts: dict[str, int] = {}
    skipped: dict[str, str] = {}
    errors: list[str] = []
    for r in range(repeat):
        seconds: dict[str, float] = {}
        cpu: dict[str, float] = {}
        for name, articles in corpora.items():
            size = len(articles) if name == "examples" else story_size
            for i in range(0, len(articles), size):
                run = extractor.run(articles[i : i + size], docs[name][i : i + size])
                for step, s in run.seconds.items():
                    seconds[step] = seconds.get(step, 0.0) + s
                for step, s in run.cpu_seconds.items():
                    cpu[step] = cpu.get(step, 0.0) + s
                if r == 0:
                    for step, n in run.counts.items():
                        counts[step] = counts.get(step, 0) + n
                    skipped.update(run.skipped)
                    errors.extend(run.errors)
        runs.append(seconds)
        cpu_runs.append(cpu)
    medians = {step: statistics.median(run.get(step, 0.0) for run in runs) for step in STEP_ORDER if step in runs[0]}
    cpu_medians = {step: statistics.median(run.get(step, 0.0) for run in cpu_runs) for step in medians}
    return {"seconds": medians, "cpu_seconds": cpu_medians, "counts": counts, "skipped": skipped, "errors": errors}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--generated", type=int, default=20, help="generated articles (bench/corpus.py); default 20")
    ap.add_argument("--polnear", type=int, default=20, help="PolNeAR dev texts (0 to skip); default 20")
    ap.add_argument("--repeat", type=int, default=3, help="repeats per measurement; medians are printed")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--story-size", type=int, default=5, help="articles per story for entity resolution")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", help="write all numbers to this file")
    args = ap.parse_args(argv)

    started = time.perf_counter()
    print(f"facts benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start, "
          f"Python {sys.version.split()[0]}")
    corpora = load_corpora(args.generated, args.polnear, args.seed)
    from newsfuse.facts.nlp import DEFAULT_MODEL, load_nlp

    t0 = time.perf_counter()
    nlp = load_nlp()
    load_s = time.perf_counter() - t0
    names = list(corpora)
    texts = [a.text for name in names for a in corpora[name]]
    n_articles = len(texts)
    n_words = sum(len(t.split()) for t in texts)
    print(f"model {DEFAULT_MODEL} loaded in {load_s:.2f} s; "
          + ", ".join(f"{name} {len(corpora[name])} articles / {sum(a.word_count for a in corpora[name]):,} words" for name in names))

    # Warm-up (first-call costs: vocab growth, dateparser's locale tables) before any clock.
    from newsfuse.facts.extract import FactExtractor

    FactExtractor(nlp).run(corpora["examples"][:2])

    parse: dict[int, dict] = {}
    for n_process in (1, 2):
        walls, cpus = time_parse(nlp, texts, n_process, args.batch_size, args.repeat)
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        parse[n_process] = {"walls": walls, "cpus": cpus, "wall": wall, "cpu": cpu}
    best = min(parse, key=lambda k: parse[k]["wall"])

    print()
    print(f"1. parse (nlp.pipe, batch_size={args.batch_size}), {n_articles} articles / {n_words:,} words, "
          f"median of {args.repeat}")
    print(f"{'n_process':>9}  {'wall s':>7}  {'words/s':>8}  {'articles/s':>10}  {'CPU s':>6}  {'words/CPU s':>11}  runs (wall s)")
    for n_process, p in parse.items():
        print(f"{n_process:>9}  {p['wall']:>7.2f}  {n_words / p['wall']:>8,.0f}  {n_articles / p['wall']:>10.2f}  "
              f"{p['cpu']:>6.2f}  {n_words / p['cpu']:>11,.0f}  " + " ".join(f"{w:.2f}" for w in p["walls"]))
    other = 2 if best == 1 else 1
    gain = parse[other]["wall"] / parse[best]["wall"] - 1
    print(f"recommendation: n_process={best} (wall {gain:+.0%} faster than n_process={other} on this run)")

    docs: dict[str, list] = {}
    for name in names:
        docs[name] = list(nlp.pipe((a.text for a in corpora[name]), batch_size=args.batch_size))
    steps = time_steps(nlp, corpora, docs, args.story_size, args.repeat)
    rows = [("parse", parse[best]["wall"], parse[best]["cpu"], n_articles)] + [
        (step, steps["seconds"][step], steps["cpu_seconds"][step], steps["counts"].get(step, 0))
        for step in STEP_ORDER if step in steps["seconds"]]
    total = sum(s for _, s, _, _ in rows)
    total_cpu = sum(c for _, _, c, _ in rows)
    print()
    print(f"2. facts step by step (stories of {args.story_size}; parse at n_process={best}), median of {args.repeat}")
    print(f"{'step':<9}  {'wall s':>7}  {'ms/article':>10}  {'words/s':>9}  {'share':>6}  {'CPU s':>6}  {'CPU share':>9}  {'records':>7}")
    for step, s, c, n in rows:
        rate = f"{n_words / s:>9,.0f}" if s > 0 else f"{'-':>9}"
        print(f"{step:<9}  {s:>7.3f}  {1000 * s / n_articles:>10.1f}  {rate}  {s / total:>6.1%}  {c:>6.2f}  {c / total_cpu:>9.1%}  {n:>7}")
    print(f"{'total':<9}  {total:>7.3f}  {1000 * total / n_articles:>10.1f}  {n_words / total:>9,.0f}  {1:>6.0%}  {total_cpu:>6.2f}")
    for step, why in steps["skipped"].items():
        print(f"{step:<9}  skipped: {why}")
    if steps["errors"]:
        print(f"errors ({len(steps['errors'])}): " + "; ".join(steps["errors"][:5]))
    print(f"end to end: {n_articles / total:.2f} articles/s, {n_words / total:,.0f} words/s wall; "
          f"{n_articles / total_cpu:.2f} articles/CPU s, {n_words / total_cpu:,.0f} words/CPU s "
          f"(benchmark took {time.perf_counter() - started:.0f} s; load average now {os.getloadavg()[0]:.1f})")

    if args.json:
        Path(args.json).write_text(json.dumps({
            "articles": n_articles, "words": n_words, "corpora": {n: len(corpora[n]) for n in names},
            "model_load_s": load_s, "parse": parse, "recommended_n_process": best, "steps": steps,
            "total_s": total, "repeat": args.repeat, "batch_size": args.batch_size,
        }, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
