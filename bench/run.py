"""End-to-end benchmark: ``newsfuse run`` on N articles, stage by stage.

    nice .venv/bin/python bench/run.py                      # 10,000 articles
    nice .venv/bin/python bench/run.py --articles 1000 --n-process 2
    nice .venv/bin/python bench/run.py --real --articles 1000 --spacy-reference   # real news text

The set is the five bundled examples plus ``N - 5`` generated articles from
``bench/provenance.py``'s ``build_set`` (originals in many small stories, each
with its own invented names and date, plus duplicates, reprints, partial copies
and composites of them), written as one JSONL file. The run is exactly what
the CLI's ``run`` does (:func:`newsfuse.pipeline.ingest` then
:func:`newsfuse.pipeline.analyse_store`) into a fresh store, in this process.

Printed: wall and CPU seconds per stage (ingest, parse ahead = starting the
parse workers, provenance, stories, analysis = facts + reconcile + brief per
story), articles/s overall, the peak RSS, and the Python version (spaCy's
wheels for Python 3.11 are built with Cython's profiling hooks, which double
the parse's CPU: README, Performance). The parse workers start on the
first batches ingest stores and run beside ingest, provenance and stories at
a lower priority; all their CPU is counted in the analysis row (the ingest
row is the calling process only). On a machine shared with other jobs
the CPU column is the one to trust; the target for the whole pipeline is 25
articles/s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from measure import children_cpu_s, children_peak_mb, peak_mb  # noqa: E402

EXAMPLES = HERE.parent / "examples" / "articles"


def write_set(n: int, seed: int, folder: Path, real: bool = False) -> list[str]:
    """The examples plus ``n - 5`` generated articles as JSONL (``real``: ``n`` articles
    of real news text, ``bench/realtext.py``); returns the paths to ingest."""
    if real:
        from realtext import build_real_set

        raws, _, _, _ = build_real_set(n, seed)
        path = folder / "real.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for raw in raws:
                fh.write(json.dumps({"id": raw.id, "text": raw.text, "date": raw.date, "outlet": raw.outlet},
                                    ensure_ascii=False) + "\n")
        return [str(path)]
    from provenance import build_set

    raws, _, _, _ = build_set(max(n - 5, 2), seed)
    path = folder / "generated.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for raw in raws:
            fh.write(json.dumps({"id": raw.id, "text": raw.text, "date": raw.date}, ensure_ascii=False) + "\n")
    return [str(EXAMPLES), str(path)]


def spacy_reference(texts: list[str], n_process: int = 2) -> dict:
    """spaCy's own full parse of ``texts`` with the packaged model, ``nlp.pipe(n_process=2)``:
    the reference the whole pipeline is compared with (target: no slower than it)."""
    import spacy

    from newsfuse.facts.nlp import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    children = children_cpu_s()
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, n_process=n_process, batch_size=32):
        pass
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu + children_cpu_s() - children,
            "texts": len(texts), "n_process": n_process}


def run(n: int, seed: int, n_process: int, real: bool = False, reference: bool = False) -> dict:
    from newsfuse.analyse import StoryAnalyser
    from newsfuse.pipeline import analyse_store, ingest
    from newsfuse.store import Store

    with tempfile.TemporaryDirectory(prefix="newsfuse-bench-run-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        paths = write_set(n, seed, folder, real)
        generate_s = time.perf_counter() - t0
        with Store(folder / "bench.db") as store:
            analyser = StoryAnalyser(n_process=n_process)
            children = children_cpu_s()
            wall, cpu = time.perf_counter(), time.process_time()
            # as `newsfuse run`: the parse workers start on what each ingest batch stores
            report = ingest(paths, store, on_stored=lambda articles: analyser.parse_while_ingesting(store, articles))
            stages = {"ingest": (time.perf_counter() - wall, time.process_time() - cpu)}
            analysis = analyse_store(store, analyser=analyser)
            stages.update(analysis.seconds)
            # the parse workers' CPU belongs to the analysis stage
            wall_a, cpu_a = stages["analysis"]
            stages["analysis"] = (wall_a, cpu_a + children_cpu_s() - children)
            articles = store.count()
            texts = [a.text for a in store.iter_articles()] if reference else []
    return {
        "spacy": spacy_reference(texts) if reference else None,
        "set": "real" if real else "generated",
        "articles": articles,
        "input_errors": len(report.errors),
        "stories": len(analysis.stories),
        "analysed": len(analysis.analysed),
        "failed": analysis.failed,
        "generate_s": generate_s,
        "stages": stages,
        "peak_mb": peak_mb(),
        "children_peak_mb": children_peak_mb(),
        "n_process": n_process,
        "python": platform.python_version(),
    }


def format_result(r: dict) -> str:
    total_wall = sum(w for w, _ in r["stages"].values())
    total_cpu = sum(c for _, c in r["stages"].values())
    lines = [
        f"{r['articles']} articles, {r['stories']} stories ({r['analysed']} analysed, {len(r['failed'])} failed), "
        f"parse n_process={r['n_process'] or 'auto'}, peak RSS {r['peak_mb']:.0f} MB "
        f"(largest parse worker {r['children_peak_mb']:.0f} MB); CPU includes the parse workers; "
        f"Python {r.get('python', '?')}",
        "",
        f"| {'stage':<16} | {'wall s':>8} | {'CPU s':>8} | {'articles/s (wall)':>17} | {'share of wall':>13} |",
        f"|{'-' * 18}|{'-' * 10}|{'-' * 10}|{'-' * 19}|{'-' * 15}|",
    ]
    for name, (wall, cpu) in r["stages"].items():
        rate = r["articles"] / wall if wall > 0 else float("inf")
        lines.append(f"| {name:<16} | {wall:8.1f} | {cpu:8.1f} | {rate:17.1f} | {wall / total_wall:13.0%} |")
    lines.append(f"| {'total':<16} | {total_wall:8.1f} | {total_cpu:8.1f} | "
                 f"{r['articles'] / total_wall:17.1f} | {'':>13} |")
    ref = r.get("spacy")
    if ref:
        lines.append(f"| {'spaCy reference':<16} | {ref['wall']:8.1f} | {ref['cpu']:8.1f} | "
                     f"{ref['texts'] / ref['wall']:17.1f} | {'':>13} |")
        lines.append(f"(spaCy reference: nlp.pipe(n_process={ref['n_process']}) over the same clean texts, full "
                     f"pipeline, same run; pipeline/spaCy wall = {total_wall / ref['wall']:.2f}x)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n-process", type=int, default=None,
                        help="spaCy worker processes for the facts parse (default: as `newsfuse run` picks)")
    parser.add_argument("--json", action="store_true", help="print the raw result as JSON too")
    parser.add_argument("--real", action="store_true", help="real news text grown to --articles (bench/realtext.py)")
    parser.add_argument("--spacy-reference", action="store_true",
                        help="also time spaCy's own nlp.pipe(n_process=2) over the same texts")
    args = parser.parse_args(argv)
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    result = run(args.articles, args.seed, args.n_process, args.real, args.spacy_reference)
    print(format_result(result))
    if args.json:
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
