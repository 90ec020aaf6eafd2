"""Synthetic reprint benchmark: how well does newsfuse label provenance relations?

    .venv/bin/python eval/provenance.py [--polnear DIR] [--mrpc FILE] [--seed N]
                                        [--articles N] [--json] [--set KEY=VALUE ...]

A labelled set is built from REAL text, then ``build_provenance`` runs over the
whole set at once (it must find the related pairs itself among all articles):

* originals: PolNeAR articles (2016 US election coverage from 7 outlets, so
  many share names; a good false-positive test). Articles that share a
  passage with another picked article (PolNeAR holds a few same-story
  versions) are skipped, so the originals are independent of each other;
* ``duplicate``: an original with the same text (whitespace/line ends changed);
* ``reprint``: near-verbatim, edited: new headline, a few words changed per
  paragraph, one or two paragraphs dropped, a credit line and page chrome
  ("Post a Comment", "Related Posts", "Share this article") added;
* ``partial``: another (unpicked) PolNeAR article with 2-3 consecutive
  paragraphs of the original pasted in verbatim;
* composite: first half of original A + second half of original B; gold is a
  ``partial`` relation to each of A and B plus the composite flag;
* ``rewrite``: MRPC (Dolan & Brockett 2005) positive pairs: a "source" article
  of 8-15 ``#1`` sentences and a "rewrite" of the matching ``#2`` sentences in
  the same order, in paragraphs of 2-3 sentences;
* independent controls: MRPC articles built from NEGATIVE pairs (related
  sentences that are not paraphrases; gold: no relation) and pairs of MRPC
  articles that share nothing.

Gold direction: the original is the source. All originals carry their
PolNeAR publication date; about half of the derived articles carry a later
date, the rest none (their direction must come from the text). MRPC #1/#2 have
no real order, so undated rewrite pairs are left out of the direction score.

Scores: per-label precision/recall/F1 over article pairs (a relation predicted
for a gold-unrelated pair is a false positive of its label), a micro average,
label-agnostic detection, direction accuracy, composite detection, pairwise
independent-group precision/recall, a gold-vs-predicted confusion table and
example failures with the pipeline stage where each was lost.

``--set relation.reprint_coverage=0.5`` (repeatable) overrides a field of the
``ProvenanceConfig`` passed to ``build_provenance`` (for experiments).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

try:
    import newsfuse  # noqa: F401
except ModuleNotFoundError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsfuse.clean import Cleaner
from newsfuse.errors import InputError
from newsfuse.model import Article, Format, RawDoc
from newsfuse.provenance.report import ProvenanceConfig, ProvenanceReport, build_provenance, independent_groups
from newsfuse.provenance.shingle import shingles

__all__ = [
    "LABELS",
    "Benchmark",
    "GoldPair",
    "Plan",
    "apply_overrides",
    "build_benchmark",
    "default_paths",
    "evaluate",
    "format_report",
    "plan_for",
    "run_benchmark",
    "score",
]

LABELS = ("duplicate", "reprint", "partial", "rewrite")
#: Rows of the confusion table: how each gold pair was made.
KINDS = ("duplicate", "reprint", "partial", "composite", "rewrite", "mrpc-negative", "mrpc-control", "unrelated")
KIND_LABEL = {
    "duplicate": "duplicate",
    "reprint": "reprint",
    "partial": "partial",
    "composite": "partial",
    "rewrite": "rewrite",
    "mrpc-negative": None,
    "mrpc-control": None,
    "unrelated": None,
}
CHROME = ("Post a Comment", "Related Posts", "Share this article")
CREDITS = (
    "This article originally appeared on {outlet}.",
    "Reprinted with permission from {outlet}.",
    "Source: {outlet}",
)
OUTLETS = {
    "breitbart": "Breitbart News",
    "huff-post": "HuffPost",
    "nyt": "The New York Times",
    "politico": "Politico",
    "usa-today": "USA Today",
    "wash-post": "The Washington Post",
    "west-journal": "Western Journal",
}
#: Copy-editing substitutions used for reprints (both directions are plausible edits).
SYNONYMS = {
    "said": "says",
    "says": "said",
    "big": "major",
    "large": "big",
    "because": "since",
    "think": "believe",
    "thinks": "believes",
    "people": "individuals",
    "about": "around",
    "around": "about",
    "after": "following",
    "before": "prior to",
    "during": "throughout",
    "while": "whereas",
    "however": "but",
    "many": "numerous",
    "help": "assist",
    "start": "begin",
    "began": "started",
    "show": "indicate",
    "shows": "indicates",
    "major": "key",
    "important": "significant",
    "other": "different",
    "just": "only",
}
DROPPABLE = {"very", "also", "just", "really", "still", "even", "now", "actually", "only"}
_DATE_IN_NAME = re.compile(r"_(\d{4}-\d{2}-\d{2})_")
_WORD_TOKEN = re.compile(r"\S+")
_SENTENCE_GUESS = re.compile(r"[.!?][\"”’)]?(?:\s|$)")


# ---------------------------------------------------------------- data model


@dataclass(frozen=True)
class GoldPair:
    """A pair of benchmark articles and how they relate (``label`` None = unrelated)."""

    source: str
    derived: str
    label: str | None
    kind: str
    dated: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return pair_key(self.source, self.derived)


@dataclass
class Benchmark:
    raws: list[RawDoc]
    pairs: dict[tuple[str, str], GoldPair]
    composites: set[str]
    counts: dict[str, int]
    seed: int
    #: article id -> what it is ("original", "duplicate", "mrpc-source", ...)
    roles: dict[str, str] = field(default_factory=dict)

    def gold(self, a: str, b: str) -> GoldPair | None:
        return self.pairs.get(pair_key(a, b))


@dataclass(frozen=True)
class Plan:
    """How many articles of each kind to build."""

    originals: int
    duplicates: int
    reprints: int
    partials: int
    composites: int
    rewrites: int
    negatives: int
    controls: int

    @property
    def total(self) -> int:
        return (
            self.originals
            + self.duplicates
            + self.reprints
            + self.partials
            + self.composites
            + 2 * (self.rewrites + self.negatives + self.controls)
        )


def plan_for(articles: int) -> Plan:
    """A plan of about ``articles`` articles (at least ~40) in fixed proportions."""
    originals = max(14, round(articles / 2.73))

    def share(f: float, low: int) -> int:
        return max(low, round(f * originals))

    plan = Plan(
        originals=originals,
        duplicates=share(0.12, 2),
        reprints=share(0.25, 3),
        partials=share(0.17, 2),
        composites=share(0.07, 1),
        rewrites=share(0.33, 4),
        negatives=share(0.13, 2),
        controls=share(0.10, 2),
    )
    if plan.duplicates + plan.reprints + plan.partials + 2 * plan.composites > originals - 2:
        raise ValueError(f"--articles {articles} is too small")
    return plan


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def default_paths() -> tuple[Path, Path]:
    from newsfuse_eval.paths import data_path

    return data_path("polnear", "train", "text"), data_path("mrpc", "msr_paraphrase_train.txt")


# ---------------------------------------------------------------- building


@dataclass
class _Doc:
    name: str
    outlet: str
    date: str | None
    paragraphs: list[str]  # paragraph 0 is the headline line

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"


def _read_polnear(folder: Path) -> list[_Doc]:
    docs = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
        m = _DATE_IN_NAME.search(path.name)
        docs.append(_Doc(path.stem, path.name.split("_", 1)[0], m.group(1) if m else None, paragraphs))
    return docs


def _guess_sentences(text: str) -> int:
    return len(_SENTENCE_GUESS.findall(text))


def _pick_polnear(docs: list[_Doc], n: int, rng: random.Random) -> list[_Doc]:
    """``n`` documents of 8-40 sentences and 5+ paragraphs sharing no passage with each other."""
    eligible = [
        d
        for d in docs
        if len(d.paragraphs) >= 6
        and 8 <= _guess_sentences(" ".join(d.paragraphs[1:])) <= 40
        and len(d.paragraphs[0].split()) <= 25
    ]
    rng.shuffle(eligible)
    picked: list[_Doc] = []
    seen: Counter[bytes] = Counter()
    for doc in eligible:
        sh = shingles(doc.text, 5)
        if sum(1 for s in sh if s in seen) >= 12:  # shares a passage (a same-story version, a long quote)
            continue
        picked.append(doc)
        seen.update(sh)
        if len(picked) == n:
            return picked
    raise ValueError(f"only {len(picked)} usable PolNeAR articles, {n} needed")


def _read_mrpc(path: Path) -> list[tuple[int, str, str, str, str]]:
    rows = []
    with open(path, encoding="utf-8-sig") as fh:
        header = fh.readline()
        if not header.lower().startswith("quality"):
            raise ValueError(f"{path}: not an MRPC file")
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 5 and cols[0] in ("0", "1"):
                rows.append((int(cols[0]), cols[1], cols[2], cols[3].strip(), cols[4].strip()))
    if not rows:
        raise ValueError(f"{path}: no sentence pairs")
    return rows


class _MrpcPool:
    """Hands out MRPC pairs, never reusing a sentence or a near-copy of one."""

    def __init__(self, rows, rng: random.Random) -> None:
        self.rows = list(rows)
        rng.shuffle(self.rows)
        self.used_ids: set[str] = set()
        self.used_shingles: set[bytes] = set()

    def take(self, quality: int, n: int) -> list[tuple[str, str]]:
        out = []
        for k, row in enumerate(self.rows):
            if row is None or row[0] != quality:
                continue
            _, id1, id2, s1, s2 = row
            if id1 in self.used_ids or id2 in self.used_ids or len(s1) < 30 or len(s2) < 30:
                continue
            sh = shingles(s1, 4) | shingles(s2, 4)
            if len(sh & self.used_shingles) >= 2:
                continue
            self.rows[k] = None
            self.used_ids |= {id1, id2}
            self.used_shingles |= sh
            out.append((s1, s2))
            if len(out) == n:
                return out
        raise ValueError(f"MRPC ran out of quality-{quality} pairs")


def _group(sentences: Sequence[str], rng: random.Random) -> list[str]:
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.choice((2, 3))
        if len(sentences) - i - size == 1:
            size += 1
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    return paragraphs


def _edit_paragraph(text: str, rng: random.Random) -> str:
    """A copy editor's touch: 1-3 word substitutions or deletions."""
    tokens = _WORD_TOKEN.findall(text)
    if len(tokens) < 8:
        return text
    for _ in range(min(3, 1 + len(tokens) // 40)):
        core = [(i, re.sub(r"\W+$", "", t).lower()) for i, t in enumerate(tokens) if i > 0]
        swap = [(i, w) for i, w in core if w in SYNONYMS]
        drop = [(i, w) for i, w in core if w in DROPPABLE and re.fullmatch(r"\w+", tokens[i])]
        if swap and (not drop or rng.random() < 0.7):
            i, w = rng.choice(swap)
            tail = tokens[i][len(w) :]
            repl = SYNONYMS[w]
            tokens[i] = (repl.capitalize() if tokens[i][0].isupper() else repl) + tail
        elif drop:
            i, _ = rng.choice(drop)
            del tokens[i]
        else:
            i = rng.randrange(1, len(tokens) - 1)
            if re.fullmatch(r"[a-z]+", tokens[i]):  # a plain mid-sentence word
                del tokens[i]
    return " ".join(tokens)


def _later(date: str | None, rng: random.Random) -> str | None:
    if date is None:
        return None
    return (dt.date.fromisoformat(date) + dt.timedelta(days=rng.randint(1, 3))).isoformat()


def _headline(doc: _Doc, rng: random.Random) -> str:
    lead = re.sub(r"[^\w\s'’-]", "", doc.paragraphs[1]).split()[:9]
    prefix = rng.choice(("", "Report: ", "WATCH: ", "UPDATE: ", "Analysis: "))
    return prefix + " ".join(w.capitalize() if len(w) > 3 else w for w in lead)


def _reprint(doc: _Doc, rng: random.Random) -> list[str]:
    body = [_edit_paragraph(p, rng) for p in doc.paragraphs[1:]]
    # trim: drop the last paragraph, and sometimes one from the middle too
    body = body[:-1]
    if rng.random() < 0.5 and len(body) > 4:
        del body[rng.randrange(2, len(body) - 1)]
    outlet = OUTLETS.get(doc.outlet, doc.outlet)
    credit = rng.choice(CREDITS).format(outlet=outlet)
    chrome = rng.sample(CHROME, rng.choice((1, 2)))
    paragraphs = [_headline(doc, rng)]
    paragraphs += ([credit] + body) if rng.random() < 0.5 else (body + [credit])
    return paragraphs + chrome


def _whitespace_variant(text: str, rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return text.replace("\n", "\r\n")
    if style == 1:
        return "\n" + text.replace("\n\n", "\n\n\n").replace(". ", ".  ")
    return "\n".join(line + "  " for line in text.split("\n"))


def build_benchmark(
    polnear: Path | str, mrpc: Path | str, seed: int = 0, articles: int = 180
) -> Benchmark:
    """The labelled article set: RawDocs plus gold pairs and composites."""
    rng = random.Random(seed)
    plan = plan_for(articles)
    docs = _read_polnear(Path(polnear))
    picked = _pick_polnear(docs, plan.originals + plan.partials, rng)
    originals, hosts = picked[: plan.originals], picked[plan.originals :]
    raws: list[RawDoc] = []
    pairs: dict[tuple[str, str], GoldPair] = {}
    roles: dict[str, str] = {}
    composites: set[str] = set()

    def add(id_: str, text: str, role: str, date: str | None = None) -> None:
        raws.append(RawDoc(id=id_, origin=f"{id_}.txt", data=text.encode(), format=Format.TEXT, text=text, date=date))
        roles[id_] = role

    def relate(source: str, derived: str, label: str | None, kind: str, dated: bool) -> None:
        gp = GoldPair(source, derived, label, kind, dated)
        pairs[gp.key] = gp

    ids = {}
    for k, doc in enumerate(originals):
        ids[doc.name] = f"o{k:03d}"
        add(ids[doc.name], doc.text, "original", doc.date)

    cursor = 0

    def take(n: int) -> list[_Doc]:
        nonlocal cursor
        out = originals[cursor : cursor + n]
        cursor += n
        return out

    for doc in take(plan.duplicates):
        src = ids[doc.name]
        date = _later(doc.date, rng) if rng.random() < 0.5 else None
        add(f"{src}.dup", _whitespace_variant(doc.text, rng), "duplicate", date)
        relate(src, f"{src}.dup", "duplicate", "duplicate", date is not None)
    for doc in take(plan.reprints):
        src = ids[doc.name]
        date = _later(doc.date, rng) if rng.random() < 0.5 else None
        add(f"{src}.rep", "\n\n".join(_reprint(doc, rng)) + "\n", "reprint", date)
        relate(src, f"{src}.rep", "reprint", "reprint", date is not None)
    for doc, host in zip(take(plan.partials), hosts):
        src = ids[doc.name]
        body = doc.paragraphs[1:]
        # 2-3 consecutive paragraphs holding at least 3 sentences
        starts = list(range(len(body) - 1))
        rng.shuffle(starts)
        chunk = body[starts[0] : starts[0] + 2]
        for s in starts:
            n = rng.choice((2, 3))
            cand = body[s : s + n]
            if len(cand) >= 2 and _guess_sentences(" ".join(cand)) >= 3:
                chunk = cand
                break
        at = rng.randrange(2, len(host.paragraphs))
        text = "\n\n".join(host.paragraphs[:at] + chunk + host.paragraphs[at:]) + "\n"
        date = _later(doc.date, rng) if rng.random() < 0.5 else None
        add(f"{src}.part", text, "partial", date)
        relate(src, f"{src}.part", "partial", "partial", date is not None)
    for k in range(plan.composites):
        a, b = take(2)
        ia, ib = ids[a.name], ids[b.name]
        half_a = a.paragraphs[: (len(a.paragraphs) + 1) // 2]
        half_b = b.paragraphs[len(b.paragraphs) // 2 :]
        cid = f"{ia}+{ib}.comp"
        dated = rng.random() < 0.5
        date = _later(max(a.date or "", b.date or "") or None, rng) if dated else None
        add(cid, "\n\n".join(half_a + half_b) + "\n", "composite", date)
        relate(ia, cid, "partial", "composite", date is not None)
        relate(ib, cid, "partial", "composite", date is not None)
        composites.add(cid)

    pool = _MrpcPool(_read_mrpc(Path(mrpc)), rng)
    base = dt.date(2005, 3, 1)
    for k in range(plan.rewrites):
        pairs_k = pool.take(1, rng.randint(8, 15))
        dated = rng.random() < 0.5
        d_src = (base + dt.timedelta(days=k)).isoformat() if dated else None
        d_rw = (base + dt.timedelta(days=k + 1)).isoformat() if dated else None
        add(f"m{k:02d}.src", "\n\n".join(_group([p[0] for p in pairs_k], rng)) + "\n", "mrpc-source", d_src)
        add(f"m{k:02d}.rw", "\n\n".join(_group([p[1] for p in pairs_k], rng)) + "\n", "mrpc-rewrite", d_rw)
        relate(f"m{k:02d}.src", f"m{k:02d}.rw", "rewrite", "rewrite", dated)
    for k in range(plan.negatives):
        pairs_k = pool.take(0, rng.randint(8, 15))
        add(f"n{k:02d}.a", "\n\n".join(_group([p[0] for p in pairs_k], rng)) + "\n", "mrpc-negative")
        add(f"n{k:02d}.b", "\n\n".join(_group([p[1] for p in pairs_k], rng)) + "\n", "mrpc-negative")
        relate(f"n{k:02d}.a", f"n{k:02d}.b", None, "mrpc-negative", False)
    for k in range(plan.controls):
        first = pool.take(rng.randint(0, 1), rng.randint(8, 15))
        second = pool.take(rng.randint(0, 1), rng.randint(8, 15))
        add(f"k{k:02d}.a", "\n\n".join(_group([p[0] for p in first], rng)) + "\n", "mrpc-control")
        add(f"k{k:02d}.b", "\n\n".join(_group([p[1] for p in second], rng)) + "\n", "mrpc-control")
        relate(f"k{k:02d}.a", f"k{k:02d}.b", None, "mrpc-control", False)

    order = list(range(len(raws)))
    rng.shuffle(order)  # the system must not lean on input order
    raws = [raws[i] for i in order]
    counts = dataclasses.asdict(plan) | {"articles": len(raws)}
    return Benchmark(raws=raws, pairs=pairs, composites=composites, counts=counts, seed=seed, roles=roles)


# ---------------------------------------------------------------- running


def apply_overrides(config: ProvenanceConfig, overrides: Iterable[str]) -> ProvenanceConfig:
    """``["relation.reprint_coverage=0.5", "screen_min_run=3"]`` -> a new config."""
    for item in overrides:
        key, sep, raw = item.partition("=")
        if not sep:
            raise ValueError(f"--set {item!r}: expected KEY=VALUE")
        path = key.strip().split(".")
        config = _replace_path(config, path, raw.strip(), item)
    return config


def _replace_path(obj: Any, path: list[str], raw: str, item: str) -> Any:
    names = {f.name for f in dataclasses.fields(obj)}
    if path[0] not in names:
        raise ValueError(f"--set {item!r}: {type(obj).__name__} has no field {path[0]!r}")
    current = getattr(obj, path[0])
    if len(path) > 1:
        value = _replace_path(current, path[1:], raw, item)
    elif isinstance(current, bool):
        value = raw.lower() in ("1", "true", "yes")
    elif isinstance(current, int):
        value = int(raw)
    elif isinstance(current, float):
        value = float(raw)
    else:
        raise ValueError(f"--set {item!r}: cannot set a {type(current).__name__}")
    return dataclasses.replace(obj, **{path[0]: value})


def heldout_scorer(bench: Benchmark, mrpc: Path | str, encoder):
    """A paraphrase scorer trained only on MRPC pairs the benchmark does not use.

    The shipped scorer was trained on all of MRPC train, which includes the
    pairs this benchmark builds its rewrites and negatives from; scoring with
    it would grade the scorer on its own training data.
    """
    from newsfuse.provenance.paraphrase import ParaphraseScorer, encode_texts, featurize
    from newsfuse_eval.paraphrase import best_f1_threshold, fit_logistic
    import numpy as np

    used = set()
    for raw in bench.raws:
        if bench.roles.get(raw.id, "").startswith("mrpc"):
            used.update(" ".join(p.split()) for p in (raw.text or "").split("\n") if p.strip())
    used_text = "\n".join(used)
    rows = [r for r in _read_mrpc(Path(mrpc)) if r[3] not in used_text and r[4] not in used_text]
    pairs = [(r[3], r[4]) for r in rows]
    y = np.array([r[0] for r in rows])
    X = featurize(pairs, encode_texts(encoder, (t for p in pairs for t in p)))
    model = fit_logistic(X, y)
    model.threshold, _ = best_f1_threshold(model.predict_proba(X), y)
    return ParaphraseScorer(encoder=encoder, model=model), len(pairs)


def run_benchmark(
    bench: Benchmark, similarity=None, config: ProvenanceConfig = ProvenanceConfig(), paraphrase=None
) -> tuple[list[Article], ProvenanceReport, dict[str, float]]:
    """Clean the RawDocs and run ``build_provenance`` over all of them at once."""
    from newsfuse.provenance.similarity import EmbeddingSimilarity

    t0 = time.perf_counter()
    cleaned = list(Cleaner().clean_batch(bench.raws))
    errors = [c for c in cleaned if isinstance(c, InputError)]
    if errors:
        raise RuntimeError(f"{len(errors)} benchmark articles failed to clean: {errors[0]}")
    articles: list[Article] = cleaned  # type: ignore[assignment]
    t1 = time.perf_counter()
    if similarity is None:
        similarity = EmbeddingSimilarity()
    report = build_provenance(articles, similarity, config, paraphrase=paraphrase)
    t2 = time.perf_counter()
    return articles, report, {"clean_s": t1 - t0, "provenance_s": t2 - t1}


# ---------------------------------------------------------------- scoring


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def _groups_from_pairs(ids: Sequence[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Article id -> a representative of its group (newsfuse's own grouping rule)."""
    return {i: group[0] for group in independent_groups(ids, links) for i in group}


def _same_group_pairs(assign: dict[str, str]) -> int:
    sizes = Counter(assign.values())
    return sum(n * (n - 1) // 2 for n in sizes.values())


def score(
    bench: Benchmark,
    articles: Sequence[Article],
    report: ProvenanceReport,
    config: ProvenanceConfig = ProvenanceConfig(),
    similarity=None,
    max_failures: int = 5,
) -> dict[str, Any]:
    """All metrics of one run (JSON-ready)."""
    ids = [a.id for a in articles]
    predicted = {pair_key(r.source, r.derived): r for r in report.relations}

    def gold_label(key) -> str | None:
        gp = bench.pairs.get(key)
        return gp.label if gp else None

    def kind(key) -> str:
        gp = bench.pairs.get(key)
        return gp.kind if gp else "unrelated"

    per_label = {}
    for label in LABELS:
        tp = sum(1 for k, r in predicted.items() if r.relation == label and gold_label(k) == label)
        fp = sum(1 for k, r in predicted.items() if r.relation == label and gold_label(k) != label)
        fn = sum(
            1 for k, g in bench.pairs.items() if g.label == label and (k not in predicted or predicted[k].relation != label)
        )
        per_label[label] = _prf(tp, fp, fn)
    micro = _prf(*(sum(m[x] for m in per_label.values()) for x in ("tp", "fp", "fn")))
    macro_f1 = round(sum(m["f1"] for m in per_label.values()) / len(LABELS), 4)
    related = {k for k, g in bench.pairs.items() if g.label}
    detection = _prf(len(related & predicted.keys()), len(predicted.keys() - related), len(related - predicted.keys()))

    # confusion: gold kind x predicted label
    columns = LABELS + ("none",)
    confusion = {k: dict.fromkeys(columns, 0) for k in KINDS}
    for key, gp in bench.pairs.items():
        confusion[gp.kind][predicted[key].relation if key in predicted else "none"] += 1
    for key, rel in predicted.items():
        if key not in bench.pairs:
            confusion["unrelated"][rel.relation] += 1
    n = len(ids)
    confusion["unrelated"]["none"] = n * (n - 1) // 2 - len(bench.pairs) - sum(
        1 for k in predicted if k not in bench.pairs
    )
    # where false positives on unrelated pairs come from
    fp_sources: Counter[str] = Counter()
    for key, rel in predicted.items():
        if gold_label(key) is None:
            fp_sources[" x ".join(sorted(_family(bench.roles[x]) for x in key))] += 1

    # direction on correctly labelled pairs whose direction is known
    direction: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, gp in bench.pairs.items():
        rel = predicted.get(key)
        if not gp.label or rel is None or rel.relation != gp.label:
            continue
        if not gp.dated and gp.kind in ("duplicate", "rewrite"):
            continue  # identical texts / MRPC #1-#2 have no true order without dates
        ok = rel.source == gp.source
        for bucket in ("all", "dated" if gp.dated else "undated", f"{gp.kind}"):
            direction[bucket][0] += ok
            direction[bucket][1] += 1
    order = ["all", "dated", "undated"] + [k for k in KINDS if k in direction]
    direction_out = {
        b: {"accuracy": round(direction[b][0] / direction[b][1], 4), "correct": direction[b][0], "total": direction[b][1]}
        for b in order
        if direction.get(b, [0, 0])[1]
    }
    modes = Counter(r.direction for r in report.relations)

    found_composites = {c.article for c in report.composites}
    composite = _prf(
        len(found_composites & bench.composites),
        len(found_composites - bench.composites),
        len(bench.composites - found_composites),
    )
    composite["false_positives"] = sorted(found_composites - bench.composites)
    # a partial's host with pasted paragraphs is stitched from two texts too: arguably right
    composite["false_positives_by_role"] = dict(Counter(bench.roles[i] for i in composite["false_positives"]))
    composite["evidence"] = {
        c.article: list(c.evidence) for c in report.composites if c.article not in bench.composites
    }

    gold_assign = _groups_from_pairs(ids, (k for k, g in bench.pairs.items() if g.label))
    pred_assign = {i: str(k) for k, g in enumerate(report.groups) for i in g}
    joint = _same_group_pairs({i: (gold_assign[i], pred_assign[i]) for i in ids})
    g_same, p_same = _same_group_pairs(gold_assign), _same_group_pairs(pred_assign)
    groups = _prf(joint, p_same - joint, g_same - joint)
    groups["gold_groups"] = len(set(gold_assign.values()))
    groups["predicted_groups"] = len(report.groups)

    failures = _failures(bench, articles, report, predicted, config, similarity, max_failures)
    return {
        "labels": per_label,
        "micro": micro,
        "macro_f1": macro_f1,
        "detection": detection,
        "confusion": confusion,
        "unrelated_fp_by_family": dict(fp_sources.most_common()),
        "direction": direction_out,
        "direction_modes": dict(modes),
        "composite": composite,
        "groups": groups,
        "counts": {
            **bench.counts,
            "sentences": sum(len(a.sentences) for a in articles),
            "gold_related_pairs": len(related),
            "gold_by_label": dict(Counter(g.label for g in bench.pairs.values() if g.label)),
            "candidate_pairs": report.candidates,
            "aligned_pairs": report.screened,
            "predicted_relations": len(report.relations),
            "predicted_by_label": dict(Counter(r.relation for r in report.relations)),
        },
        "failures": failures,
        "seed": bench.seed,
    }


def _family(role: str) -> str:
    return "mrpc" if role.startswith("mrpc") else "polnear"


def _metrics_of(rel_or_alignment) -> str:
    from newsfuse.provenance.shingle import jaccard

    al = getattr(rel_or_alignment, "alignment", rel_or_alignment)
    jac = jaccard(shingles(al.a.text, 5), shingles(al.b.text, 5))
    return (
        f"jaccard {jac:.2f}, coverage {al.a_coverage:.2f}/{al.b_coverage:.2f}, "
        f"lexical {al.mean_lexical:.2f}, run {al.longest_run}, links {len(al.links)}"
    )


def _failures(bench, articles, report, predicted, config, similarity, limit) -> list[dict[str, str]]:
    """Example failures, one per (gold kind, predicted) cell in turn, with where each was lost."""
    from newsfuse.provenance.align import align
    from newsfuse.provenance.candidates import candidate_pairs
    from newsfuse.provenance.similarity import LexicalSimilarity

    by_id = {a.id: a for a in articles}
    cells: dict[tuple[str, str], list[tuple[tuple[str, str], GoldPair | None]]] = defaultdict(list)
    for key, gp in sorted(bench.pairs.items()):
        got = predicted[key].relation if key in predicted else "none"
        if got != (gp.label or "none"):
            cells[(gp.kind, got)].append((key, gp))
    for key, rel in sorted(predicted.items()):
        if key not in bench.pairs:
            cells[("unrelated", rel.relation)].append((key, None))
    if not cells:
        return []
    candidates = candidate_pairs(articles, config.candidates)
    lexical = LexicalSimilarity()
    out = []
    queues = sorted(cells.items(), key=lambda kv: -len(kv[1]))
    depth = 0
    while len(out) < limit and any(depth < len(q) for _, q in queues):
        for (kind, got), queue in queues:
            if depth >= len(queue) or len(out) >= limit:
                continue
            key, gp = queue[depth]
            a, b = by_id[key[0]], by_id[key[1]]
            if key in predicted:
                reason = f"labelled {got} ({_metrics_of(predicted[key])})"
            elif key not in candidates:
                reason = "never a candidate pair (no MinHash/anchor block fired)"
            else:
                screen = align(a, b, lexical, config.screen)
                if not (
                    screen.longest_run >= config.screen_min_run
                    or max(screen.a_coverage, screen.b_coverage) >= config.screen_min_coverage
                ):
                    reason = (
                        f"candidate ({'+'.join(sorted(candidates[key]))}) but dropped by the lexical screen "
                        f"(run {screen.longest_run}, coverage {screen.a_coverage:.2f}/{screen.b_coverage:.2f})"
                    )
                elif similarity is not None:
                    al = align(a, b, similarity, config.align)
                    reason = f"aligned but classified independent ({_metrics_of(al)})"
                else:
                    reason = "aligned but classified independent"
            out.append(
                {
                    "pair": f"{key[0]} / {key[1]}",
                    "gold": (gp.label or gp.kind) if gp else "unrelated",
                    "kind": kind,
                    "predicted": got,
                    "reason": reason,
                }
            )
        depth += 1
    return out


def evaluate(
    polnear: Path | str,
    mrpc: Path | str,
    seed: int = 0,
    articles: int = 180,
    config: ProvenanceConfig = ProvenanceConfig(),
    similarity=None,
    scorer: str = "heldout",
) -> dict[str, Any]:
    """Build the set, run provenance over it, score: the whole benchmark in one call.

    ``scorer``: "heldout" trains the paraphrase scorer on MRPC pairs the set
    does not use (honest, slower), "shipped" uses the packaged weights
    (trained on all of MRPC train, so optimistic here), "none" skips it.
    """
    from newsfuse.provenance.similarity import EmbeddingSimilarity

    t0 = time.perf_counter()
    bench = build_benchmark(polnear, mrpc, seed=seed, articles=articles)
    t1 = time.perf_counter()
    similarity = similarity or EmbeddingSimilarity()
    paraphrase, trained_on = None, 0
    if scorer == "heldout":
        paraphrase, trained_on = heldout_scorer(bench, mrpc, similarity.encoder)
    elif scorer == "shipped":
        from newsfuse.provenance.paraphrase import ParaphraseScorer

        paraphrase = ParaphraseScorer(encoder=similarity.encoder)
    t_scorer = time.perf_counter()
    arts, report, times = run_benchmark(bench, similarity, config, paraphrase)
    metrics = score(bench, arts, report, config, similarity)
    t2 = time.perf_counter()
    metrics["scorer"] = {"kind": scorer, "trained_on_pairs": trained_on}
    metrics["time"] = {
        "build_s": round(t1 - t0, 2),
        "scorer_s": round(t_scorer - t1, 2),
        "clean_s": round(times["clean_s"], 2),
        "provenance_s": round(times["provenance_s"], 2),
        "total_s": round(t2 - t0, 2),
    }
    return metrics


# ---------------------------------------------------------------- output


def format_report(m: dict[str, Any]) -> str:
    lines = []
    head = f"{'label':12s} {'gold':>5s} {'pred':>5s} {'TP':>4s} {'FP':>4s} {'FN':>4s} {'prec':>6s} {'rec':>6s} {'F1':>6s}"
    lines += [head, "-" * len(head)]
    for label, s in list(m["labels"].items()) + [("micro", m["micro"]), ("any (found)", m["detection"])]:
        lines.append(
            f"{label:12s} {s['tp'] + s['fn']:5d} {s['tp'] + s['fp']:5d} {s['tp']:4d} {s['fp']:4d} {s['fn']:4d} "
            f"{s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}"
        )
    lines.append("-" * len(head))
    lines.append(f"macro F1 over labels {m['macro_f1']:.3f}")
    d = m["direction"]
    parts = [f"{k} {v['accuracy']:.3f} ({v['correct']}/{v['total']})" for k, v in d.items() if v["total"]]
    lines.append("direction accuracy (correctly labelled pairs): " + ("; ".join(parts) or "n/a"))
    lines.append("direction modes used: " + ", ".join(f"{k} {v}" for k, v in sorted(m["direction_modes"].items())))
    c = m["composite"]
    lines.append(
        f"composites: P {c['precision']:.3f} R {c['recall']:.3f} F1 {c['f1']:.3f} "
        f"(TP {c['tp']}, FP {c['fp']}, FN {c['fn']})"
    )
    g = m["groups"]
    lines.append(
        f"independent groups (pairwise same-group): P {g['precision']:.3f} R {g['recall']:.3f} F1 {g['f1']:.3f} "
        f"({g['predicted_groups']} predicted groups, {g['gold_groups']} gold)"
    )
    lines.append("")
    cols = LABELS + ("none",)
    lines.append("confusion (rows: how the gold pair was made; columns: predicted label)")
    lines.append(f"{'gold':14s}" + "".join(f"{c:>10s}" for c in cols))
    for kind, row in m["confusion"].items():
        lines.append(f"{kind:14s}" + "".join(f"{row[c]:10d}" for c in cols))
    if m["unrelated_fp_by_family"]:
        lines.append(
            "relations on gold-unrelated pairs, by source: "
            + ", ".join(f"{k} {v}" for k, v in m["unrelated_fp_by_family"].items())
        )
    lines.append("")
    k = m["counts"]
    lines.append(
        f"{k['articles']} articles ({k['originals']} PolNeAR originals, {k['duplicates']} duplicates, {k['reprints']} "
        f"reprints, {k['partials']} partials, {k['composites']} composites, {k['rewrites']} MRPC rewrite pairs, "
        f"{k['negatives']} MRPC negative pairs, {k['controls']} MRPC control pairs), {k['sentences']} sentences"
    )
    lines.append(
        f"{k['gold_related_pairs']} gold related pairs; {k['candidate_pairs']} candidate pairs, "
        f"{k['aligned_pairs']} aligned, {k['predicted_relations']} relations predicted"
    )
    t = m.get("time")
    if t:
        lines.append(
            f"wall time {t['total_s']:.1f}s (build set {t['build_s']:.1f}s, clean {t['clean_s']:.1f}s, "
            f"provenance {t['provenance_s']:.1f}s); seed {m['seed']}"
        )
    if m["failures"]:
        lines.append("")
        lines.append("example failures:")
        for f in m["failures"]:
            lines.append(f"  [{f['kind']} -> {f['predicted']}] {f['pair']}: {f['reason']}")
    if c["false_positives"]:
        roles = ", ".join(f"{n} {r}" for r, n in c["false_positives_by_role"].items())
        lines.append(f"composite false positives ({roles}): {', '.join(c['false_positives'][:8])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    polnear_default, mrpc_default = default_paths()
    ap = argparse.ArgumentParser(description="Synthetic reprint benchmark for newsfuse provenance labels.")
    ap.add_argument("--polnear", type=Path, default=polnear_default, help="PolNeAR text folder")
    ap.add_argument("--mrpc", type=Path, default=mrpc_default, help="MRPC train TSV")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--articles", type=int, default=180, help="about how many articles to build (>= 40)")
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON")
    ap.add_argument(
        "--scorer",
        choices=("heldout", "shipped", "none"),
        default="heldout",
        help="paraphrase scorer: trained on MRPC pairs the set does not use (default), the shipped one, or none",
    )
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a ProvenanceConfig field, e.g. relation.reprint_coverage=0.5 (repeatable)",
    )
    args = ap.parse_args(argv)
    if not args.polnear.is_dir() or not any(args.polnear.glob("*.txt")):
        print(f"error: PolNeAR text folder not found (no .txt files): {args.polnear}", file=sys.stderr)
        return 2
    if not args.mrpc.is_file():
        print(f"error: MRPC file not found: {args.mrpc}", file=sys.stderr)
        return 2
    try:
        config = apply_overrides(ProvenanceConfig(), args.set)
        metrics = evaluate(
            args.polnear, args.mrpc, seed=args.seed, articles=args.articles, config=config, scorer=args.scorer
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    metrics["overrides"] = args.set
    print(json.dumps(metrics, indent=2) if args.json else format_report(metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
