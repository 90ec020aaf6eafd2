"""Ingest benchmark: speed and peak memory of newsfuse's ingest, per input form.

Generates a deterministic corpus (``bench/corpus.py``: plain text files, HTML
pages, and the same pages in a gzipped WARC), then measures, each run in a
fresh child process pinned to one CPU core:

* ``pipeline.ingest`` of each form into a fresh SQLite store file;
* trafilatura alone (``bare_extraction`` on every HTML page, no store), the
  peer for the HTML path;
* newsfuse's text path stage by stage (read+decode, clean, store write), by
  calling ``read_inputs``, ``Cleaner().clean_batch`` and ``Store.add_articles``
  directly, as ``pipeline.ingest`` does.

Every measurement is repeated (``--repeat``, default 3) and the median is
quoted; peak memory is the child's RSS high-water mark (``VmHWM``, i.e. what
``ru_maxrss`` reports for a fresh process).

Usage:
    .venv/bin/python bench/ingest.py                   # 10,000 articles
    .venv/bin/python bench/ingest.py --articles 1000   # quick run
    .venv/bin/python bench/ingest.py --out /tmp/nf-corpus --keep   # reuse the corpus next time
    .venv/bin/python bench/ingest.py --profile text    # cProfile one run, top functions
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

MB = 1024 * 1024
TEXT_TARGET = 500.0  # articles/s on one core
HTML_TARGET = 1.5  # newsfuse HTML time / trafilatura-alone time

# name -> (form of input, description)
TASKS = {
    "text": ("text", "newsfuse ingest: text (.txt files)"),
    "html": ("html", "newsfuse ingest: HTML (.html files)"),
    "warc": ("warc", "newsfuse ingest: WARC (.warc.gz)"),
    "peer": ("html", "trafilatura alone: HTML (no store)"),
    "stages": ("text", "newsfuse text path, stage by stage"),
}
STAGES = [
    ("read", "  read+decode (read_inputs)"),
    ("clean", "  clean (Cleaner.clean_batch)"),
    ("clean.prepare", "    prepare: header, lines -> blocks"),
    ("clean.classify", "    classify blocks"),
    ("clean.split", "    sentence split (Punkt)"),
    ("clean.other", "    other (dateline, assemble, Article)"),
    ("lookup", "  line-count lookup (Store.line_counts)"),
    ("keys", "  line keys (Cleaner.line_keys)"),
    ("store", "  store write (Store.add_articles)"),
]


# -- child side -------------------------------------------------------------------


def _pin(cpu: int | None) -> int | None:
    if cpu is None or not hasattr(os, "sched_setaffinity"):
        return None
    try:
        os.sched_setaffinity(0, {cpu})
        return cpu
    except OSError:
        return None


def _maxrss_mb() -> float:
    """This process's RSS high-water mark in MB.

    On Linux this is ``VmHWM`` from /proc: ``ru_maxrss`` survives ``exec``, so
    a child would report at least its parent's RSS at fork time.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux, bytes on macOS
    return rss / MB if sys.platform == "darwin" else rss / 1024


def _child_ingest(path: Path, db: Path) -> dict:
    from newsfuse.pipeline import ingest
    from newsfuse.store import Store

    base = _maxrss_mb()
    cpu0, start = time.process_time(), time.perf_counter()
    with Store(db) as store:
        report = ingest([str(path)], store)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu0
    fatal = getattr(report, "fatal", None)
    if fatal is not None:  # the store failed: the timing would be meaningless
        raise SystemExit(f"ingest stopped: {fatal}")
    return {"seconds": seconds, "cpu_seconds": cpu, "stored": report.result.added, "errors": len(report.errors),
            "error_sample": [str(e) for e in report.errors[:3]], "base_rss_mb": base}


def _child_peer(path: Path) -> dict:
    import trafilatura

    files = sorted(path.glob("*.html"))
    base = _maxrss_mb()
    found = 0
    cpu0, start = time.process_time(), time.perf_counter()
    for file in files:
        page = file.read_bytes().decode("utf-8")
        doc = trafilatura.bare_extraction(page, include_comments=False, with_metadata=True)
        if doc is not None and (doc.text or "").strip():
            found += 1
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu0
    return {"seconds": seconds, "cpu_seconds": cpu, "stored": found, "errors": len(files) - found, "base_rss_mb": base}


class _Timer:
    def __init__(self) -> None:
        self.total: dict[str, float] = {}

    def wrap(self, name: str, fn):
        clock = time.perf_counter
        total = self.total
        total.setdefault(name, 0.0)

        def timed(*args, **kwargs):
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                total[name] += clock() - start

        return timed


def _child_stages(path: Path, db: Path, batch_size: int = 256) -> dict:
    """The text path of ``pipeline.ingest``, each stage timed on its own."""
    import newsfuse.clean as clean_mod
    from newsfuse.clean import Cleaner
    from newsfuse.errors import InputError
    from newsfuse.ingest import read_inputs
    from newsfuse.store import Store

    timer = _Timer()
    cleaner = Cleaner()
    # Sub-stage timers inside clean_batch (instrumentation of this process only).
    cleaner._prepare = timer.wrap("clean.prepare", cleaner._prepare)
    clean_mod.classify_blocks = timer.wrap("clean.classify", clean_mod.classify_blocks)
    cleaner.splitter.spans = timer.wrap("clean.split", cleaner.splitter.spans)

    base = _maxrss_mb()
    cpu0, start = time.process_time(), time.perf_counter()
    t0 = time.perf_counter()
    raws = [r for r in read_inputs([str(path)]) if not isinstance(r, InputError)]
    read = time.perf_counter() - t0
    clean = keys_t = store_t = 0.0
    stored = errors = 0
    with Store(db) as store:
        lookup = timer.wrap("lookup", store.line_counts)
        for i in range(0, len(raws), batch_size):
            batch = raws[i : i + batch_size]
            t0 = time.perf_counter()
            cleaned = list(cleaner.clean_batch(batch, lookup))
            clean += time.perf_counter() - t0
            t0 = time.perf_counter()
            to_store, keys = [], {}
            for article, raw in zip(cleaned, batch):
                if isinstance(article, InputError):
                    errors += 1
                    continue
                to_store.append((article, raw.data))
                keys[article.id] = cleaner.line_keys(article)
            keys_t += time.perf_counter() - t0
            t0 = time.perf_counter()
            stored += store.add_articles(to_store, keys).added
            store_t += time.perf_counter() - t0
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu0
    t = timer.total
    lookup_t = t["lookup"]
    clean_net = clean - lookup_t
    stages = {
        "read": read,
        "clean": clean_net,
        "clean.prepare": t["clean.prepare"],
        "clean.classify": t["clean.classify"],
        "clean.split": t["clean.split"],
        "clean.other": clean_net - t["clean.prepare"] - t["clean.classify"] - t["clean.split"],
        "lookup": lookup_t,
        "keys": keys_t,
        "store": store_t,
    }
    return {"seconds": seconds, "cpu_seconds": cpu, "stored": stored, "errors": errors, "stages": stages,
            "base_rss_mb": base}


# Modules each task loads, imported before the clock starts: the tables show
# steady-state throughput, not interpreter start-up. newsfuse imports most of
# these lazily; nltk alone takes ~1.3 s and ~125 MB (it pulls numpy, scipy
# and scikit-learn in), which is included in peak RSS but not in the time.
_IMPORTS = {
    "newsfuse": ["newsfuse.pipeline", "newsfuse.clean", "nltk.tokenize.punkt", "dateparser", "trafilatura",
                 "charset_normalizer", "warcio.archiveiterator"],
    "peer": ["trafilatura"],
}


def _preimport(task: str) -> float:
    import importlib

    start = time.perf_counter()
    for name in _IMPORTS["peer" if task == "peer" else "newsfuse"]:
        importlib.import_module(name)
    return time.perf_counter() - start


def child_main(args: argparse.Namespace) -> None:
    cpu = _pin(args.cpu)
    import_s = _preimport(args.child)

    path, db = Path(args.input), Path(args.db) if args.db else None
    if args.child == "peer":
        result = _child_peer(path)
    elif args.child == "stages":
        result = _child_stages(path, db)
    else:
        result = _child_ingest(path, db)
    result["peak_rss_mb"] = _maxrss_mb()
    result["import_s"] = import_s
    result["cpu"] = cpu
    print("RESULT " + json.dumps(result), flush=True)


def child_profile(args: argparse.Namespace) -> None:
    import cProfile
    import pstats

    _pin(args.cpu)
    _preimport(args.child)

    profiler = cProfile.Profile()
    profiler.enable()
    if args.child == "peer":
        _child_peer(Path(args.input))
    else:
        _child_ingest(Path(args.input), Path(args.db))
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(25)


# -- parent side ------------------------------------------------------------------


def _cpus() -> list[int]:
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    return [None]  # type: ignore[list-item]


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.iterdir() if p.is_file())


def _spawn(task: str, inputs: dict[str, Path], work: Path, cpu: int | None, run: int,
           profile: bool = False) -> subprocess.Popen:
    form = TASKS[task][0]
    db = work / f"{task}-{run}.sqlite"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", task, "--input", str(inputs[form]),
           "--db", str(db)]
    if cpu is not None:
        cmd += ["--cpu", str(cpu)]
    if profile:
        cmd.append("--profile-child")
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _collect(proc: subprocess.Popen, task: str) -> dict:
    out, err = proc.communicate()
    line = next((l for l in reversed(out.splitlines()) if l.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"benchmark child {task!r} failed (exit {proc.returncode}):\n{err[-3000:]}")
    return json.loads(line[len("RESULT "):])


def run_all(tasks: list[str], inputs: dict[str, Path], work: Path, repeat: int, cpus: list[int],
            log) -> dict[str, list[dict]]:
    """Run ``repeat`` rounds of ``tasks``; up to ``len(cpus)`` children at once, one per core."""
    queue = [(run, task) for run in range(repeat) for task in tasks]
    results: dict[str, list[dict]] = {t: [] for t in tasks}
    running: dict[int | None, tuple[subprocess.Popen, str, int, float]] = {}
    free = list(cpus)
    while queue or running:
        while queue and free:
            run, task = queue.pop(0)
            cpu = free.pop(0)
            running[cpu] = (_spawn(task, inputs, work, cpu, run), task, run, time.time())
        time.sleep(0.05)
        for cpu, (proc, task, run, began) in list(running.items()):
            if proc.poll() is None:
                continue
            del running[cpu]
            free.append(cpu)
            result = _collect(proc, task)
            results[task].append(result)
            for suffix in ("", "-wal", "-shm"):
                Path(str(work / f"{task}-{run}.sqlite") + suffix).unlink(missing_ok=True)
            log(f"  run {run + 1}/{repeat} {task:<6} {result['seconds']:7.2f} s (CPU {result['cpu_seconds']:.2f} s)  "
                f"peak {result['peak_rss_mb']:.0f} MB  (cpu {result['cpu']}, wall {time.time() - began:.1f} s)")
    return results


def build_rows(results: dict[str, list[dict]], n: int, sizes: dict[str, int]) -> tuple[list[list[str]], dict]:
    """Table rows (see HEADER) and a summary dict of medians."""
    rows: list[list[str]] = []
    summary: dict = {}
    med = statistics.median

    def row(label: str, nbytes: int | None, secs: float, cpu: float | None, rss: float | None,
            note: str = "") -> list[str]:
        mb = nbytes / MB if nbytes is not None else None
        return [label, f"{n:,}", f"{mb:.1f}" if mb is not None else "", f"{secs:.2f}",
                f"{n / secs:,.0f}" if secs else "-", f"{mb / secs:.2f}" if secs and mb is not None else "",
                f"{cpu:.2f}" if cpu is not None else "", f"{n / cpu:,.0f}" if cpu else "",
                f"{rss:.0f}" if rss is not None else "", note]

    for task in ("text", "html", "warc", "peer"):
        if task not in results:
            continue
        runs = results[task]
        secs, cpu = med(r["seconds"] for r in runs), med(r["cpu_seconds"] for r in runs)
        rss = max(r["peak_rss_mb"] for r in runs)
        summary[task] = {"median_s": secs, "median_cpu_s": cpu, "articles_per_s": n / secs,
                         "articles_per_cpu_s": n / cpu, "peak_rss_mb": rss,
                         "base_rss_mb": max(r["base_rss_mb"] for r in runs), "stored": runs[0]["stored"],
                         "errors": runs[0]["errors"], "runs_s": [r["seconds"] for r in runs]}
        rows.append(row(TASKS[task][1], sizes[TASKS[task][0]], secs, cpu, rss))
    if "stages" in results:
        runs = results["stages"]
        total, cpu = med(r["seconds"] for r in runs), med(r["cpu_seconds"] for r in runs)
        rss = max(r["peak_rss_mb"] for r in runs)
        rows.append(row(TASKS["stages"][1], sizes["text"], total, cpu, rss, "share of wall"))
        summary["stages"] = {"median_s": total, "median_cpu_s": cpu, "peak_rss_mb": rss,
                             "base_rss_mb": max(r["base_rss_mb"] for r in runs), "stages": {}}
        for key, label in STAGES:
            secs = med(r["stages"][key] for r in runs)
            summary["stages"]["stages"][key] = secs
            rows.append(row(label, None, secs, None, None, f"{100 * secs / total:.0f}%"))

    def ratio_row(label: str, a: str, b: str, target: float | None) -> None:
        wall = summary[a]["median_s"] / summary[b]["median_s"]
        cpu = summary[a]["median_cpu_s"] / summary[b]["median_cpu_s"]
        summary[f"{a}_over_{b}"] = {"wall": wall, "cpu": cpu}
        note = ""
        if target is not None:
            note = "MET" if max(wall, cpu) <= target else ("NOT MET" if min(wall, cpu) > target else "borderline")
        rows.append([label, "", "", f"{wall:.2f}x", "", "", f"{cpu:.2f}x", "", "", note])

    if "html" in summary and "peer" in summary:
        ratio_row(f"ratio newsfuse HTML / trafilatura alone (target <= {HTML_TARGET}x)", "html", "peer", HTML_TARGET)
    if "warc" in summary and "peer" in summary:
        ratio_row("ratio newsfuse WARC / trafilatura alone", "warc", "peer", None)
    if "text" in summary:
        wall, cpu = summary["text"]["articles_per_s"], summary["text"]["articles_per_cpu_s"]
        note = "MET" if min(wall, cpu) >= TEXT_TARGET else ("NOT MET" if max(wall, cpu) < TEXT_TARGET else "borderline")
        rows.append([f"text target >= {TEXT_TARGET:.0f} articles/s on one core", "", "", "",
                     f"{wall:,.0f}", "", "", f"{cpu:,.0f}", "", note])
    return rows, summary


HEADER = ["input", "articles", "MB", "median s", "articles/s", "MB/s", "CPU s", "art/CPU s", "peak RSS MB", "note"]
_LEFT = (0, len(HEADER) - 1)


def print_table(rows: list[list[str]], title: str) -> None:
    rows = [r + [""] * (len(HEADER) - len(r)) for r in rows]
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        Console = None
    if Console is not None and sys.stdout.isatty():
        table = Table(title=title)
        for i, h in enumerate(HEADER):
            table.add_column(h, justify="left" if i in _LEFT else "right")
        for r in rows:
            table.add_row(*r)
        Console().print(table)
        return
    # Plain text (also what goes into README): fixed-width columns.
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADER)]
    fmt = lambda r: "  ".join(c.ljust(w) if i in _LEFT else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    print(title)
    print(fmt(HEADER).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(fmt(r).rstrip())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="corpus size (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--out", type=Path, help="corpus folder (reused if it holds the same corpus); default: a temp folder")
    parser.add_argument("--keep", action="store_true", help="keep the temp corpus folder")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is quoted (default 3)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="children run at once, each pinned to its own core (default: number of usable cores, max 2)")
    parser.add_argument("--only", default="text,html,warc,peer,stages",
                        help="comma list of measurements: text,html,warc,peer,stages")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--profile", choices=["text", "html", "warc", "peer"],
                        help="instead of the table: cProfile one run of this measurement and print the top functions")
    parser.add_argument("--child", choices=sorted(TASKS), help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--cpu", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--profile-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        (child_profile if args.profile_child else child_main)(args)
        return

    from corpus import write_corpus

    log = lambda msg: print(msg, file=sys.stderr, flush=True)
    temp = args.out is None
    out = Path(tempfile.mkdtemp(prefix="newsfuse-bench-")) if temp else args.out
    work = Path(tempfile.mkdtemp(prefix="newsfuse-bench-db-"))
    try:
        t0 = time.perf_counter()
        log(f"corpus: {args.articles:,} articles, seed {args.seed}, in {out}")
        inputs = write_corpus(out, args.articles, args.seed, forms=("text", "html", "warc"))
        log(f"corpus ready in {time.perf_counter() - t0:.1f} s")
        sizes = {form: _size(path) for form, path in inputs.items()}
        cpus = _cpus()
        jobs = args.jobs or min(2, len(cpus))
        cpus = cpus[:jobs] if cpus != [None] else [None]

        if args.profile:
            proc = _spawn(args.profile, inputs, work, cpus[0], 0, profile=True)
            out_text, err = proc.communicate()
            print(out_text)
            if proc.returncode:
                print(err, file=sys.stderr)
            return

        tasks = [t for t in ("html", "peer", "warc", "text", "stages") if t in args.only.split(",")]
        log(f"measuring {', '.join(tasks)} x{args.repeat}; {len(cpus)} child(ren) at a time, "
            f"each pinned to one core ({', '.join(map(str, cpus))})")
        t0 = time.perf_counter()
        results = run_all(tasks, inputs, work, args.repeat, cpus, log)
        rows, summary = build_rows(results, args.articles, sizes)
        import platform

        title = (f"newsfuse ingest, {args.articles:,} articles, median of {args.repeat}, each run in a fresh process "
                 f"pinned to one core ({len(cpus)} at a time); {time.strftime('%Y-%m-%d')}, "
                 f"{os.cpu_count()} CPUs, Python {platform.python_version()}")
        print_table(rows, title)
        bases = {t: summary[t]["base_rss_mb"] for t in ("text", "peer") if t in summary}
        print("median s, articles/s, MB/s: wall clock; CPU s, art/CPU s: the child's process time (equal to wall "
              "when nothing else ran on its core; ratios in the CPU column). WARC MB is the gzipped file (its HTML payload is the HTML row's MB). "
              "Imports happen before the clock starts; peak RSS includes them"
              + (f" (newsfuse+deps {bases['text']:.0f} MB" if "text" in bases else " (")
              + (f", trafilatura alone {bases['peer']:.0f} MB)." if "peer" in bases else ").")
              + f" Measuring took {time.perf_counter() - t0:.0f} s.")
        for task in ("text", "html", "warc"):
            if task in summary and (summary[task]["errors"] or summary[task]["stored"] != args.articles):
                print(f"note: {task}: stored {summary[task]['stored']:,} of {args.articles:,}, "
                      f"{summary[task]['errors']} input errors, e.g. {results[task][0].get('error_sample')}")
        if args.json:
            args.json.write_text(json.dumps({"articles": args.articles, "seed": args.seed, "repeat": args.repeat,
                                             "sizes": sizes, "summary": summary, "runs": results}, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if temp and not args.keep:
            shutil.rmtree(out, ignore_errors=True)
        elif temp:
            log(f"corpus kept in {out}")


if __name__ == "__main__":
    main()
