"""Scale-out benchmark: ``newsfuse run`` on the local driver vs on Spark, same input.

    nice .venv/bin/python bench/scale.py                          # 300 articles, Spark local[2]
    nice .venv/bin/python bench/scale.py --articles 100
    .venv/bin/python bench/scale.py --master spark://HOST:7077    # a real cluster (workers need newsfuse)

Needs the extra: ``pip install "newsfuse[spark]"`` (and Java 17). The input is
``bench/run.py``'s ``write_set(n, seed, folder)``: the five examples plus
generated articles in many small stories. Each engine runs in a fresh child
process into a fresh store, so model loading and Spark's start-up are counted:
``local`` is :func:`newsfuse.pipeline.ingest` + ``analyse_store`` (spaCy picks
its own parse workers, as ``newsfuse run`` does); ``spark`` is the same through
:mod:`newsfuse.distributed` (cleaning and per-story analysis in Spark tasks).

Printed: wall seconds per stage, CPU seconds of the driver and of everything
it started (spaCy's parse workers; Spark's JVM and Python workers, read from
/proc before the session stops), articles per wall second, and whether the two
stores hold the same articles and the same story analyses.

Read the result for what it is: ``local[2]`` on one 2-core machine shows
Spark's overhead (JVM start, task serialisation, one spaCy load per task, the
driver's stages unchanged), not a speed-up; the local engine already uses both
cores for the parse. The point is that the same code runs unchanged on a
cluster with ``--master spark://...``, where the analysis stage spreads over
its executors. Provenance and story clustering stay on the driver either way.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

STAGES = ("spark start", "ingest", "provenance", "stories", "analysis")


def tree_cpu_s(root: int) -> float:
    """CPU seconds of ``root``'s live descendants (not ``root``) and of the children
    they reaped, from /proc (Linux): the JVM, its Python daemon and the workers."""
    tick = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited meanwhile
        pid = int(entry.name)
        parent[pid] = int(fields[1])
        cpu[pid] = sum(int(v) for v in fields[11:15]) / tick  # utime stime cutime cstime
    total, todo = 0.0, [pid for pid, ppid in parent.items() if ppid == root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo.extend(child for child, ppid in parent.items() if ppid == pid)
    return total


def run_local(paths: list[str], db: Path) -> dict:
    from measure import children_cpu_s

    from newsfuse.pipeline import analyse_store, ingest
    from newsfuse.store import Store

    with Store(db) as store:
        wall = time.perf_counter()
        ingest(paths, store)
        stages = {"ingest": time.perf_counter() - wall}
        run = analyse_store(store)
        stages.update({name: w for name, (w, _) in run.seconds.items()})
        return {"stages": stages, "articles": store.count(), "stories": len(run.stories),
                "failed": len(run.failed), "driver_cpu": time.process_time(), "others_cpu": children_cpu_s()}


def run_spark(paths: list[str], db: Path, master: str) -> dict:
    from newsfuse.distributed import SparkConfig, analyse_store_on_spark, ingest_on_spark, spark_session
    from newsfuse.store import Store

    config = SparkConfig(master=master)
    wall = time.perf_counter()
    with spark_session(config) as spark, Store(db) as store:
        stages = {"spark start": time.perf_counter() - wall}
        wall = time.perf_counter()
        ingest_on_spark(spark, paths, store, config=config)
        stages["ingest"] = time.perf_counter() - wall
        run = analyse_store_on_spark(spark, store, config=config)
        stages.update({name: w for name, (w, _) in run.seconds.items()})
        others = tree_cpu_s(os.getpid())  # before the session stops and the workers go
        return {"stages": stages, "articles": store.count(), "stories": len(run.stories),
                "failed": len(run.failed), "driver_cpu": time.process_time(), "others_cpu": others}


def child(engine: str, paths: list[str], db: Path, master: str) -> dict:
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    wall = time.perf_counter()
    result = run_local(paths, db) if engine == "local" else run_spark(paths, db, master)
    result["wall"] = time.perf_counter() - wall
    return result


def same_output(a: Path, b: Path) -> tuple[bool, str]:
    """Whether two stores hold the same articles and story analyses, and a one-line account."""
    from newsfuse.pipeline import load_stories
    from newsfuse.store import Store
    from newsfuse.views import story_state_name

    with Store(a, readonly=True) as sa, Store(b, readonly=True) as sb:
        articles_a, articles_b = list(sa.iter_articles()), list(sb.iter_articles())
        same_articles = sum(x == y for x, y in zip(articles_a, articles_b))
        ids = [s.id for s in load_stories(sa)]
        same_stories = ids == [s.id for s in load_stories(sb)]
        same_analyses = sum(sa.load_state(story_state_name(i)) == sb.load_state(story_state_name(i)) for i in ids)
    ok = same_articles == len(articles_a) == len(articles_b) and same_stories and same_analyses == len(ids)
    return ok, (f"same articles {same_articles}/{len(articles_a)}, same stories {'yes' if same_stories else 'NO'}, "
                f"same story analyses {same_analyses}/{len(ids)}")


def format_table(results: dict[str, dict], master: str) -> str:
    head = (f"| {'engine':<16} | " + " | ".join(f"{s:>11}" for s in STAGES)
            + f" | {'wall s':>7} | {'driver CPU s':>12} | {'other CPU s':>11} | {'articles/s':>10} |")
    lines = [head, "|" + "|".join("-" * len(cell) for cell in head.split("|")[1:-1]) + "|"]
    for engine, r in results.items():
        name = f"spark {master}" if engine == "spark" else "local driver"
        stages = " | ".join(f"{r['stages'][s]:11.1f}" if s in r["stages"] else f"{'-':>11}" for s in STAGES)
        lines.append(f"| {name:<16} | {stages} | {r['wall']:7.1f} | {r['driver_cpu']:12.1f} | "
                     f"{r['others_cpu']:11.1f} | {r['articles'] / r['wall']:10.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--master", default="local[2]", help="Spark master URL (default local[2])")
    parser.add_argument("--only", choices=["local", "spark"], help="run one engine")
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON too")
    parser.add_argument("--child", choices=["local", "spark"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.paths, Path(args.db), args.master)))
        return 0

    from run import write_set

    engines = [args.only] if args.only else ["local", "spark"]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="newsfuse-bench-scale-") as tmp:
        folder = Path(tmp)
        paths = write_set(args.articles, args.seed, folder)
        for engine in engines:
            db = folder / f"{engine}.db"
            out = subprocess.run(
                [sys.executable, __file__, "--child", engine, "--db", str(db), "--master", args.master,
                 "--paths", *paths], capture_output=True, text=True)
            if out.returncode != 0:
                print(f"{engine} run failed:\n{out.stderr[-2000:]}", file=sys.stderr)
                return 1
            results[engine] = json.loads(out.stdout.strip().splitlines()[-1])
        verdict = same_output(folder / "local.db", folder / "spark.db") if len(engines) == 2 else None
    first = next(iter(results.values()))
    print(f"{first['articles']} articles, {first['stories']} stories; CPU: 'driver' is the Python process, "
          f"'other' is what it started (spaCy parse workers / Spark JVM + Python workers); {os.cpu_count()} CPUs")
    print()
    print(format_table(results, args.master))
    if verdict is not None:
        print()
        print(("identical output: " if verdict[0] else "OUTPUT DIFFERS: ") + verdict[1])
    if args.json:
        print(json.dumps(results, indent=2))
    return 0 if verdict is None or verdict[0] else 1


if __name__ == "__main__":
    raise SystemExit(main())
