"""Story clustering benchmark: time and peak memory of incremental clustering at scale.

    nice .venv/bin/python bench/stories.py                          # 10k and 100k + feature sample
    nice .venv/bin/python bench/stories.py --sizes 2000 --sample 100  # quick run
    nice .venv/bin/python bench/stories.py --sample 0 --sizes "" --stage 1000,10000 --compare HEAD~1 --repeat 3
                                                # the whole stage, this checkout vs a git revision

What is measured, in separate fresh child processes (so each peak RSS is its own):

1. **Feature rate** (``sample``): the real :class:`FeatureExtractor` on the first
   ``--sample`` articles of the 10k set, timed step by step so each part's cost shows: the
   model-free part (terms, numbers, dates, capitalised-name anchors), + spaCy NER (``nlp.pipe``
   with one process and with ``n_process=2``; not shipped), and the shipped configuration
   (anchors + MiniLM title+lead) with the encoder in float32 and in int8 (shipped). The real
   features of 100k articles would take long here, so they are measured on a sample.
2. **Scale features** (``features``): for 10k and 100k articles, the features the clustering
   runs on: terms, numbers, dates and anchor names by the real code
   (``FeatureConfig(entity_source="anchors", embed=False)``), and a stand-in embedding: a
   384-d unit vector summing seeded Gaussian vectors of the title+lead words (the text MiniLM
   would embed). It has MiniLM's size, so the index and the scoring do the same work per
   vector; it is *not* MiniLM, so the B-cubed column is a sanity check, not an accuracy claim
   (accuracy is ``eval/stories.py`` on ECB+). Computed once, pickled under ``--cache``.
3. **Clustering** (``cluster``): :meth:`StoryClusterer.add_features` over the precomputed
   features of the whole set, one article at a time in date order (a daily crawl; an undated
   copy arrives with its story's first dated article, but its features carry no date), with the
   shipped :class:`StoryConfig` (join / merge / split, time-bucketed candidate index).
   Wall and CPU time, articles/s, peak RSS (``ru_maxrss``: the features plus the clusterer's
   state), stories, and the parts: candidate lookup (posting lists + centroid search),
   split checks, merge links; "rows/article" is how many story centroids one lookup compares
   (sublinear per article = flat as the set grows).

4. **Stage** (``--stage``, off by default): what :func:`newsfuse.pipeline.run_stories` does
   for a fresh store, minus SQLite: ``StoryClusterer().add_many(articles, hint)`` with the
   shipped configuration and real models (MiniLM title+lead, anchor names), then
   ``json.dumps(to_state())``. The articles are the first ``N`` of the set in id order (as
   ``Store.iter_articles`` gives them); the hint (reprint -> source, what provenance feeds
   ``run_stories``) is the generator's truth. CPU s counts every thread of the child; peak RSS
   is the child's (the loaded set included: "RSS loaded" is before the stage starts).
   With ``--compare REV`` the same child also runs on ``git archive REV src`` (extracted to a
   temporary folder, put first on ``PYTHONPATH``), alternating with this checkout, ``--repeat``
   times each; the table shows medians and whether both placed the articles identically.
   With ``NEWSFUSE_BENCH_STORIES_DUMP=FILE`` set, each stage child also writes its placements
   (article -> story, stories with labels and members) and the sha1 of the state JSON to
   ``FILE`` (the last child wins), to diff two code versions exactly.

The article set is ``bench/provenance.py``'s (``build_set``, cached cleaned sets in
``/tmp/newsfuse-bench-provenance``, made by its ``_prepare`` when missing): originals in
many small stories (1-30 articles, mean ~3, each with its own invented names and a date over
2015-2024) plus duplicates, reprints, partial copies and composites of them. The gold story
of an article is its original's story (recomputed from the generator's seed: the story
draws come first in ``build_set``, before any text).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import os
import pickle
import random
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
try:
    import newsfuse  # noqa: F401
except ModuleNotFoundError:  # a checkout without `pip install -e .`
    sys.path.insert(0, str(HERE.parent / "src"))

import numpy as np

import provenance as P
from measure import cpu_s, peak_mb, rss_mb

CACHE = P.DEFAULT_CACHE
DIM = 384
_WORDS = re.compile(r"[a-z0-9]+")


# -- the set and its gold stories ------------------------------------------------------


def set_path(n: int, seed: int, cache: Path) -> Path:
    return cache / f"set-{n}-seed{seed}-v{P.GENERATOR_VERSION}.pkl"  # provenance.py's cache, shared


def gold_stories(n: int, seed: int, families: dict[str, frozenset[str]], kinds: dict[str, str]) -> dict[str, str]:
    """Article id -> story number, replaying the story draws of ``provenance.build_set``.

    Checked against the set: the replayed original ids must be exactly the
    set's originals (fails loudly if ``build_set`` changes its draws).
    """
    rng = random.Random(f"provenance-bench:{n}:{seed}")
    derived = {kind: max(1, round(n * share)) for kind, share in P.SHARES.items()}
    n_orig = n - sum(derived.values())
    ids = [f"a{k:06d}" for k in rng.sample(range(n), n)]
    start = dt.date(2015, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - start
    story_of: list[int] = []
    stories = 0
    while len(story_of) < n_orig:
        size = min(30, max(1, int(rng.expovariate(1 / 3.0)) + 1), n_orig - len(story_of))
        [P._name(rng) for _ in range(rng.randint(4, 8))]
        rng.randrange(span + 1)
        story_of.extend([stories] * size)
        stories += 1
    original = {ids[k]: f"s{story_of[k]}" for k in range(n_orig)}
    if set(original) != {a for a, kind in kinds.items() if kind == "original"}:
        raise SystemExit("bench/provenance.py's build_set changed its story draws: update gold_stories()")
    gold = {}
    for aid, fam in families.items():
        sources = sorted(original[a] for a in fam if a in original)
        gold[aid] = sources[0]
    return gold


def ensure_set(n: int, seed: int, cache: Path, workers: int) -> Path:
    """The cached set of ``n`` articles; an older generator version's set is used when it is there.

    (Stories only need the story draws, which :func:`gold_stories` checks.)
    """
    path = set_path(n, seed, cache)
    older = sorted(cache.glob(f"set-{n}-seed{seed}-v*.pkl"), key=lambda p: int(p.stem.rsplit("-v", 1)[1]))
    if not path.exists() and older:
        return older[-1]
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        P._prepare(n, seed, path, workers)
    return path


# -- helpers ------------------------------------------------------------------------------


def stand_in_embeddings(texts: list[str], seed: int = 0, buckets: int = 1 << 14) -> np.ndarray:
    """Unit vectors summing seeded Gaussian vectors of the words (MiniLM's size, not MiniLM)."""
    table = np.random.default_rng(seed).standard_normal((buckets, DIM)).astype(np.float32)
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        rows = [zlib.crc32(w.encode()) % buckets for w in _WORDS.findall(text.lower())]
        if rows:
            v = table[rows].sum(axis=0)
            out[i] = v / (np.linalg.norm(v) or 1.0)
    return out


# -- children -------------------------------------------------------------------------------


def child_sample(args) -> dict:
    """Real feature rate on a sample, part by part."""
    from newsfuse.embed import SentenceEncoder
    from newsfuse.stories import FeatureConfig, FeatureExtractor, load_ner

    with ensure_set(10_000, args.seed, args.cache, 1).open("rb") as fh:
        articles = pickle.load(fh)["articles"][: args.sample]
    nlp = load_ner()
    encoders = {False: SentenceEncoder(threads=1, batch_size=2), True: SentenceEncoder(threads=1, batch_size=1, int8=True)}
    for encoder in encoders.values():
        encoder.encode(["warm up"])
    FeatureExtractor(FeatureConfig(), nlp=nlp, encoder=encoders[True]).extract_many(articles[:8])  # warm up
    rows = []
    for name, cfg, n_process in (
        ("model-free (terms, numbers, dates, anchors)", FeatureConfig(entity_source="anchors", embed=False), 1),
        ("+ spaCy NER, 1 process", FeatureConfig(entity_source="both", embed=False), 1),
        ("+ spaCy NER, n_process=2", FeatureConfig(entity_source="both", embed=False), 2),
        ("anchors + MiniLM title+lead, float32", FeatureConfig(embed_int8=False), 1),
        ("anchors + MiniLM title+lead, int8 = shipped", FeatureConfig(), 1),
    ):
        fx = FeatureExtractor(cfg, nlp=nlp, encoder=encoders[cfg.embed_int8], n_process=n_process)
        w0, c0 = time.perf_counter(), cpu_s(children=True)
        fx.extract_many(articles)
        wall, cpu = time.perf_counter() - w0, cpu_s(children=True) - c0
        rows.append({"step": name, "articles": len(articles), "wall_s": wall, "cpu_s": cpu,
                     "per_s": len(articles) / wall, "per_cpu_s": len(articles) / cpu})
    chars = sum(len(a.text) for a in articles) / len(articles)
    return {"rows": rows, "mean_chars": chars, "loadavg": os.getloadavg()[0]}


def _features_chunk(articles) -> list:
    from newsfuse.stories import FeatureConfig, FeatureExtractor
    from newsfuse.stories.features import _lead

    cfg = FeatureConfig(entity_source="anchors", embed=False)
    feats = FeatureExtractor(cfg, nlp=False, encoder=False).extract_many(articles)
    texts = []
    for title, lead, _ in (_lead(a, cfg) for a in articles):
        texts.append(" ".join((title + ". " + lead if title else lead).split()[: cfg.lead_max_words]))
    for f, v in zip(feats, stand_in_embeddings(texts)):
        f.embedding = v
    return feats


def child_features(args) -> dict:
    """Scale features for the whole set (model-free part + stand-in embedding), pickled."""
    n = args.n
    with ensure_set(n, args.seed, args.cache, args.workers).open("rb") as fh:
        data = pickle.load(fh)
    articles, families = data["articles"], data["families"]
    gold = gold_stories(n, args.seed, families, data["kinds"])
    w0, c0 = time.perf_counter(), cpu_s(children=True)
    chunks = [articles[i : i + 2000] for i in range(0, len(articles), 2000)]
    if args.workers > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(args.workers) as pool:
            parts = pool.map(_features_chunk, chunks, chunksize=1)
    else:
        parts = [_features_chunk(c) for c in chunks]
    feats = [f for part in parts for f in part]
    wall, cpu = time.perf_counter() - w0, cpu_s(children=True) - c0
    out = args.cache / f"story-features-{n}-seed{args.seed}.pkl"
    with out.open("wb") as fh:
        pickle.dump({"features": feats, "gold": {f.id: gold[f.id] for f in feats}}, fh,
                    protocol=pickle.HIGHEST_PROTOCOL)
    return {"n": len(feats), "wall_s": wall, "cpu_s": cpu, "workers": args.workers}


def child_cluster(args) -> dict:
    """Cluster the precomputed features of one set, timed part by part."""
    from newsfuse.stories import FeatureExtractor, StoryClusterer, StoryConfig, bcubed
    from newsfuse.stories.features import FeatureConfig

    with (args.cache / f"story-features-{args.n}-seed{args.seed}.pkl").open("rb") as fh:
        data = pickle.load(fh)
    feats, gold = data["features"], data["gold"]
    # arrival order = publication order; an undated copy (~8%) arrives with its story's first
    # dated article (gold is used for the arrival time only, never given to the clusterer)
    first_day: dict[str, int] = {}
    for f in feats:
        if f.day is not None:
            first_day[gold[f.id]] = min(f.day, first_day.get(gold[f.id], f.day))
    feats.sort(key=lambda f: (f.day if f.day is not None else first_day.get(gold[f.id], 0), f.id))
    rss_loaded = rss_mb()
    cfg = StoryConfig(features=FeatureConfig(entity_source="anchors", embed=False))
    c = StoryClusterer(cfg, extractor=FeatureExtractor(cfg.features, nlp=False, encoder=False))
    seconds = {"candidates": 0.0, "split": 0.0, "merge link": 0.0}
    counts = {"candidates": 0}

    def clocked(obj, name, part, count=None):
        fn = getattr(obj, name)

        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                res = fn(*a, **kw)
            finally:
                seconds[part] += time.perf_counter() - t
            if count:
                counts[count] += len(res)
            return res

        setattr(obj, name, wrapper)

    clocked(c.index, "candidates", "candidates", "candidates")
    clocked(c, "_maybe_split", "split")
    clocked(c, "_link", "merge link")
    marks = []
    w0, c0 = time.perf_counter(), cpu_s(children=True)
    step = max(1, len(feats) // 10)
    for i in range(1, len(feats) + 1):
        f, feats[i - 1] = feats[i - 1], None  # peak RSS = what the clusterer keeps, not our list too
        c.add_features(f)
        if i % step == 0:
            marks.append((i, time.perf_counter() - w0))
    wall, cpu = time.perf_counter() - w0, cpu_s(children=True) - c0
    assignment = c.assignments()
    score = bcubed(assignment, gold)
    # per-article cost over the last tenth vs the first tenth: flat = linear growth
    first = marks[0][1] / marks[0][0]
    last = (marks[-1][1] - marks[-2][1]) / (marks[-1][0] - marks[-2][0]) if len(marks) > 1 else first
    return {
        "n": len(feats), "wall_s": wall, "cpu_s": cpu, "per_s": len(feats) / wall,
        "peak_mb": peak_mb(), "rss_loaded_mb": rss_loaded, "stories": len(c),
        "gold_stories": len(set(gold.values())), "merges": len(c.merges), "splits": len(c.splits),
        "parts": seconds, "candidates_per_article": counts["candidates"] / len(feats),
        "rows_per_article": c.index.scanned / len(feats),
        "ms_first_tenth": 1000 * first, "ms_last_tenth": 1000 * last,
        "bcubed": {k: score[k] for k in ("precision", "recall", "f1")},
        "loadavg": os.getloadavg()[0],
    }


def child_stage(args) -> dict:
    """The stories stage of a fresh store: features with the real models, clustering, state JSON."""
    import newsfuse
    from newsfuse.stories import StoryClusterer

    with ensure_set(args.n, args.seed, args.cache, args.workers).open("rb") as fh:
        data = pickle.load(fh)
    articles = sorted(data["articles"], key=lambda a: a.id)[: args.n]
    hint = {derived: source for source, derived, _, _ in data["gold"]}
    del data
    gc.collect()
    rss_loaded = rss_mb()
    w0, c0 = time.perf_counter(), cpu_s(children=True)
    c = StoryClusterer()
    c.add_many(articles, same_story_hint=hint)
    state = json.dumps(c.to_state())
    wall, cpu = time.perf_counter() - w0, cpu_s(children=True) - c0
    groups = sorted(sorted(s.articles) for s in c.stories())
    dump = os.environ.get("NEWSFUSE_BENCH_STORIES_DUMP")
    if dump:  # the placements and the saved state's digest, to diff two code versions exactly
        Path(dump).write_text(json.dumps({"assignments": c.assignments(), "stories": [
            [s.id, s.label, list(s.articles)] for s in c.stories()],
            "state_sha1": hashlib.sha1(state.encode()).hexdigest()}, indent=0, sort_keys=True))
    return {
        "n": len(articles), "wall_s": wall, "cpu_s": cpu, "ms_per_article": 1000 * cpu / len(articles),
        "peak_mb": peak_mb(), "rss_loaded_mb": rss_loaded, "stories": len(c), "state_mb": len(state) / 1e6,
        "assignments_sha1": hashlib.sha1(json.dumps(groups).encode()).hexdigest()[:12],
        "source": str(Path(newsfuse.__file__).parent), "loadavg": os.getloadavg()[0],
    }


def _checkout(rev: str, into: Path) -> Path:
    """``src/`` of a git revision of this repository, extracted under ``into``."""
    archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", "--format=tar", rev, "src"],
                             stdout=subprocess.PIPE, check=True).stdout
    tar = into / "src.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as fh:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4+
            fh.extractall(into, filter="data")
        else:  # pragma: no cover
            fh.extractall(into)
    return into / "src"


def _stage_runs(sizes: list[int], compare: str | None, repeat: int, common: list[str]) -> list[dict]:
    """Stage children per size: ``compare`` (if given) and this checkout, alternating, ``repeat`` times."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsfuse-bench-stories-") as tmp:
        variants: list[tuple[str, Path | None]] = [("this checkout", None)]
        if compare:
            variants.insert(0, (compare, _checkout(compare, Path(tmp))))
        for n in sizes:
            runs: dict[str, list[dict]] = {name: [] for name, _ in variants}
            for _ in range(repeat):
                for name, src in variants:
                    env = None
                    if src is not None:
                        path = [str(src)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
                        env = dict(os.environ, PYTHONPATH=os.pathsep.join(path))
                    r = _child(["--_child", "stage", "--_n", str(n), *common], env=env)
                    runs[name].append(r)
                    print(f"  stage {n:,} [{name}]: {r['cpu_s']:.1f} CPU s, {r['wall_s']:.1f} s wall, "
                          f"peak {r['peak_mb']:,.0f} MB, load {r['loadavg']:.1f} ({r['source']})",
                          file=sys.stderr, flush=True)
            for name, _ in variants:
                rs = runs[name]
                row = {k: statistics.median(r[k] for r in rs)
                       for k in ("wall_s", "cpu_s", "ms_per_article", "peak_mb", "rss_loaded_mb", "state_mb",
                                 "loadavg")}
                row.update(code=name, n=n, runs=len(rs), stories=rs[0]["stories"],
                           cpu_all=[r["cpu_s"] for r in rs], assignments_sha1=rs[0]["assignments_sha1"],
                           consistent=len({r["assignments_sha1"] for r in rs}) == 1)
                rows.append(row)
    return rows


def stage_report(rows: list[dict]) -> str:
    lines = [f"Stories stage (fresh store, real models: features + clustering + state JSON), "
             f"median of {rows[0]['runs']}:",
             f"  {'code':14s} {'articles':>8s} {'CPU s':>7s} {'ms/art':>7s} {'wall s':>7s} {'peak RSS':>9s} "
             f"{'RSS loaded':>10s} {'stories':>8s} {'state MB':>8s} {'load':>5s}  assignments"]
    for r in rows:
        lines.append(f"  {r['code'][:14]:14s} {r['n']:8,d} {r['cpu_s']:7.1f} {r['ms_per_article']:7.1f} "
                     f"{r['wall_s']:7.1f} {r['peak_mb']:7,.0f}MB {r['rss_loaded_mb']:8,.0f}MB {r['stories']:8,d} "
                     f"{r['state_mb']:8.1f} {r['loadavg']:5.1f}  {r['assignments_sha1']}"
                     + ("" if r["consistent"] else " (differs between repeats!)"))
    if len({r["code"] for r in rows}) > 1:
        by_n: dict[int, set[str]] = {}
        for r in rows:
            by_n.setdefault(r["n"], set()).add(r["assignments_sha1"])
        for n, shas in by_n.items():
            lines.append(f"  {n:,}: assignments {'identical' if len(shas) == 1 else 'DIFFER'} across code versions")
    return "\n".join(lines)


def _child(argv: list[str], env: dict | None = None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), *argv]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"child failed ({proc.returncode}): {' '.join(cmd)}")
    return json.loads(lines[-1][len("RESULT ") :])


# -- report -----------------------------------------------------------------------------------


def report(sample: dict | None, runs: list[dict], feats: dict[int, dict]) -> str:
    lines = []
    if sample:
        lines.append(f"Feature extraction, real models, {sample['rows'][0]['articles']} articles "
                     f"(mean {sample['mean_chars']:.0f} chars), load average {sample['loadavg']:.1f}:")
        lines.append(f"  {'step':48s} {'wall s':>7s} {'CPU s':>7s} {'art/s':>7s} {'art/CPU-s':>9s}")
        for r in sample["rows"]:
            lines.append(f"  {r['step']:48s} {r['wall_s']:7.1f} {r['cpu_s']:7.1f} {r['per_s']:7.1f} "
                         f"{r['per_cpu_s']:9.1f}")
    if runs:
        lines.append("")
        lines.append("Clustering over precomputed features (model-free features + stand-in embedding), date order:")
        head = (f"  {'articles':>8s} {'wall s':>7s} {'CPU s':>7s} {'art/s':>6s} {'peak RSS':>9s} {'stories':>8s} "
                f"{'gold':>7s} {'B3 F1':>6s} {'cand/art':>8s} {'rows/art':>8s} {'ms/art 1st,last 10%':>20s}")
        lines.append(head)
        for r in runs:
            lines.append(f"  {r['n']:8,d} {r['wall_s']:7.1f} {r['cpu_s']:7.1f} {r['per_s']:6.0f} "
                         f"{r['peak_mb']:7,.0f}MB {r['stories']:8,d} {r['gold_stories']:7,d} "
                         f"{r['bcubed']['f1']:6.3f} {r['candidates_per_article']:8.1f} "
                         f"{r['rows_per_article']:8.0f} {r['ms_first_tenth']:9.2f},{r['ms_last_tenth']:6.2f}")
        for r in runs:
            p = r["parts"]
            f = feats.get(r["n"])
            lines.append(f"  {r['n']:,}: candidates {p['candidates']:.1f}s, split checks {p['split']:.1f}s, "
                         f"merge links {p['merge link']:.1f}s, rest (scoring, profiles) "
                         f"{r['wall_s'] - sum(p.values()):.1f}s; merges {r['merges']}, splits {r['splits']}; "
                         f"RSS after loading features {r['rss_loaded_mb']:,.0f} MB; load avg {r['loadavg']:.1f}"
                         + (f"; scale features {f['cpu_s']:.0f} CPU-s ({f['n'] / f['cpu_s']:.0f}/CPU-s)" if f else ""))
        if len(runs) >= 2:
            a, b = runs[0], runs[-1]
            lines.append(f"  growth {b['n']:,}/{a['n']:,} articles ({b['n'] / a['n']:.0f}x): "
                         f"wall {b['wall_s'] / a['wall_s']:.1f}x, CPU {b['cpu_s'] / a['cpu_s']:.1f}x "
                         f"(linear = {b['n'] / a['n']:.0f}x)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--sample", type=int, default=300, help="articles for the real feature rate (0: skip)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2, help="processes for cleaning and scale features")
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--stage", default="", help="sizes for the whole-stage run, e.g. 1000,10000 (default: skip)")
    ap.add_argument("--compare", default=None, help="git revision to run the stage on too (e.g. HEAD~1)")
    ap.add_argument("--repeat", type=int, default=1, help="stage runs per size and code version (median)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--_child", choices=["sample", "features", "cluster", "stage"], help=argparse.SUPPRESS)
    ap.add_argument("--_n", dest="n", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._child:
        fn = {"sample": child_sample, "features": child_features, "cluster": child_cluster,
              "stage": child_stage}[args._child]
        print("RESULT " + json.dumps(fn(args)), flush=True)
        return 0
    common = ["--seed", str(args.seed), "--workers", str(args.workers), "--cache", str(args.cache)]
    sample = _child(["--_child", "sample", "--sample", str(args.sample), *common]) if args.sample else None
    if sample:
        print(report(sample, [], {}), flush=True)
    runs, feats = [], {}
    for n in [int(s) for s in args.sizes.split(",") if s]:
        if not (args.cache / f"story-features-{n}-seed{args.seed}.pkl").exists():
            feats[n] = _child(["--_child", "features", "--_n", str(n), *common])
        runs.append(_child(["--_child", "cluster", "--_n", str(n), *common]))
        print(f"{n:,}: {runs[-1]['wall_s']:.1f}s wall, {runs[-1]['per_s']:.0f} articles/s; "
              + json.dumps({k: v for k, v in runs[-1].items() if k != "loadavg"}), flush=True)
    stage = []
    if args.stage:
        stage = _stage_runs([int(s) for s in args.stage.split(",") if s], args.compare, args.repeat, common)
    if args.json:
        print(json.dumps({"sample": sample, "runs": runs, "features": feats, "stage": stage}, indent=2))
    else:
        if runs:
            print(report(None, runs, feats))
        if stage:
            print(stage_report(stage))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
