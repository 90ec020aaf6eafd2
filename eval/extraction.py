"""HTML main-text extraction: newsfuse's ingest path against trafilatura alone, per page.

    .venv/bin/python eval/extraction.py [--traf-eval DIR] [--html-dev DIR]
                                        [--split dev|held-out|all] [--worst N] [--json]

Two labelled sets, both run through the same code ``newsfuse ingest`` runs on
an HTML file (bytes -> ``read_html_bytes`` -> ``Cleaner.clean_batch`` ->
``Article.text``, pages cleaned in batches of 256 with line counts carried
across batches as the store carries them), and through trafilatura's
``extract()`` with its defaults on the same bytes, in the same run:

* ``trafilatura-eval`` (``DIR/evaldata.json`` + ``DIR/pages/<file>.gz``):
  trafilatura's own evaluation set. Scored as trafilatura's evaluation does:
  each ``with`` snippet found is a true positive (missing: false negative),
  each ``without`` snippet found is a false positive (missing: true negative),
  summed over pages; precision, recall, F1 and accuracy. Per page, the number
  of snippets judged right is compared.
  trafilatura without comments (newsfuse leaves reader comments out by
  design; the defaults keep them) is printed as a third row, and a losing
  page that does no worse than it is marked "(reader comments)".
* ``html-dev`` (``DIR/html/<name>.html.gz`` + ``DIR/text/<name>.txt``): 4-token
  shingle precision/recall/F1 of the extracted text against the expected text,
  per page, macro-averaged (tokens: lower-cased words; CJK characters one each).

Split: the trafilatura-eval pages sorted by file name, every 5th one (index 4,
9, ...) is held out. ``--split dev`` (the default, for development) scores the
other 4/5; ``--split held-out`` only the held-out pages, printing totals only;
``--split all`` both. html-dev is small (23 pages) and always scored whole.
Any set of the same format can be given with ``--traf-eval`` / ``--html-dev``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from newsfuse.clean import Cleaner
from newsfuse.errors import InputError
from newsfuse.ingest.html import read_html_bytes
from newsfuse.model import Article, RawDoc

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
BATCH = 256


@dataclass(frozen=True)
class Extracted:
    """One page's text from both systems (None: nothing extracted) and newsfuse's error."""

    name: str
    newsfuse: str | None
    trafilatura: str | None
    error: str | None
    trafilatura_no_comments: str | None = None


def run_pages(pages: list[tuple[str, bytes]]) -> list[Extracted]:
    """Run newsfuse's ingest path and trafilatura alone over ``(name, html bytes)`` pages."""
    import trafilatura

    cleaner = Cleaner()
    seen: Counter[str] = Counter()
    out: list[Extracted] = []
    for start in range(0, len(pages), BATCH):
        chunk = pages[start : start + BATCH]
        raws: list[RawDoc | InputError] = []
        for name, data in chunk:
            try:
                raws.append(read_html_bytes(data, name, name))
            except InputError as exc:
                raws.append(exc)
        good = [r for r in raws if isinstance(r, RawDoc)]
        cleaned = iter(cleaner.clean_batch(good, lambda keys: {k: seen[k] for k in keys}))
        for (name, data), raw in zip(chunk, raws):
            result = raw if isinstance(raw, InputError) else next(cleaned)
            base = trafilatura.extract(data)
            # newsfuse leaves reader comments out by design; this shows what that costs.
            no_comments = trafilatura.extract(data, include_comments=False)
            if isinstance(result, Article):
                seen.update(cleaner.line_keys(result))
                out.append(Extracted(name, result.text, base, None, no_comments))
            else:
                out.append(Extracted(name, None, base, result.problem, no_comments))
    return out


# ---------------------------------------------------------------- snippets


@dataclass(frozen=True)
class Snippets:
    tp: int
    fn: int
    fp: int
    tn: int

    @property
    def right(self) -> int:
        return self.tp + self.tn


def score_snippets(text: str | None, keep: list[str], drop: list[str]) -> Snippets:
    """trafilatura's evaluation: a snippet counts as found when it is a substring."""
    if text is None:
        return Snippets(0, len(keep), 0, len(drop))
    tp = sum(1 for s in keep if s in text)
    fp = sum(1 for s in drop if s in text)
    return Snippets(tp, len(keep) - tp, fp, len(drop) - fp)


def snippet_totals(scores: list[Snippets]) -> dict[str, float]:
    tp, fn, fp, tn = (sum(getattr(s, k) for s in scores) for k in ("tp", "fn", "fp", "tn"))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    acc = (tp + tn) / (tp + fn + fp + tn) if scores else 0.0
    return {"precision": p, "recall": r, "f1": f, "accuracy": acc, "pages": len(scores)}


def load_traf_eval(folder: Path, split: str) -> tuple[list[tuple[str, bytes]], dict[str, tuple[list[str], list[str]]]]:
    """Pages of a trafilatura-style set, restricted to ``split`` (dev / held-out / all)."""
    spec = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    items = {}
    for entry in spec.values():
        page = folder / "pages" / f"{entry['file']}.gz"
        if page.exists():
            items[entry["file"]] = (entry.get("with", []), entry.get("without", []))
    names = sorted(items)
    chosen = [n for i, n in enumerate(names) if split == "all" or (split == "held-out") == (i % 5 == 4)]
    pages = [(n, gzip.decompress((folder / "pages" / f"{n}.gz").read_bytes())) for n in chosen]
    return pages, {n: items[n] for n in chosen}


# ---------------------------------------------------------------- shingles

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W_]+", re.UNICODE)


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def shingle_prf(text: str | None, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``text``'s 4-token shingles (multiset) against ``gold``'s."""
    got, want = shingles(text or ""), shingles(gold)
    common = sum((got & want).values())
    p = common / sum(got.values()) if got else 0.0
    r = common / sum(want.values()) if want else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_html_dev(folder: Path) -> tuple[list[tuple[str, bytes]], dict[str, str]]:
    gold: dict[str, str] = {}
    pages: list[tuple[str, bytes]] = []
    for text in sorted((folder / "text").glob("*.txt")):
        page = folder / "html" / f"{text.stem}.html.gz"
        if page.exists():
            gold[text.stem] = text.read_text(encoding="utf-8")
            pages.append((text.stem, gzip.decompress(page.read_bytes())))
    return pages, gold


# ---------------------------------------------------------------- report


def eval_traf(folder: Path, split: str, worst: int, quiet: bool) -> dict:
    pages, spec = load_traf_eval(folder, split)
    results = run_pages(pages)
    ours = [score_snippets(r.newsfuse, *spec[r.name]) for r in results]
    theirs = [score_snippets(r.trafilatura, *spec[r.name]) for r in results]
    bare = [score_snippets(r.trafilatura_no_comments, *spec[r.name]) for r in results]
    deltas = sorted(
        ((o.right - t.right, r.name, r.error, o.right >= b.right) for r, o, t, b in zip(results, ours, theirs, bare)),
        key=lambda d: (d[0], d[1]),
    )
    report = {
        "set": str(folder),
        "split": split,
        "newsfuse": snippet_totals(ours),
        "trafilatura": snippet_totals(theirs),
        "trafilatura_no_comments": snippet_totals(bare),
        "pages_worse": sum(1 for d in deltas if d[0] < 0),
        "pages_worse_only_by_comments": sum(1 for d in deltas if d[0] < 0 and d[3]),
        "pages_better": sum(1 for d in deltas if d[0] > 0),
        "rejected": sum(1 for r in results if r.newsfuse is None),
        "rejected_by_trafilatura": sum(1 for r in results if r.trafilatura is None),
    }
    if not quiet:
        report["worst"] = [
            {"page": name, "snippets_right_delta": d, "error": err, "only_comments": only_comments}
            for d, name, err, only_comments in deltas[:worst]
            if d < 0
        ]
    return report


def eval_html_dev(folder: Path, worst: int) -> dict:
    pages, gold = load_html_dev(folder)
    results = run_pages(pages)
    rows = []
    for r in results:
        ours = shingle_prf(r.newsfuse, gold[r.name])
        theirs = shingle_prf(r.trafilatura, gold[r.name])
        rows.append({"page": r.name, "newsfuse": ours, "trafilatura": theirs, "delta": ours[2] - theirs[2],
                     "error": r.error})

    def macro(key: str) -> dict[str, float]:
        n = len(rows) or 1
        return {m: sum(row[key][i] for row in rows) / n for i, m in enumerate(("precision", "recall", "f1"))}

    rows.sort(key=lambda row: row["delta"])
    return {
        "set": str(folder),
        "pages": len(rows),
        "newsfuse": macro("newsfuse"),
        "trafilatura": macro("trafilatura"),
        "pages_worse_by_0.05": sum(1 for row in rows if row["delta"] < -0.05),
        "worst": [row for row in rows[:worst] if row["delta"] < 0],
        "per_page": rows,
    }


def _print_traf(rep: dict) -> None:
    print(f"trafilatura-eval ({rep['split']}, {rep['newsfuse']['pages']} pages), snippets summed over pages")
    print(f"  {'system':12} {'prec':>6} {'rec':>6} {'F1':>6} {'acc':>6}")
    for system in ("newsfuse", "trafilatura", "trafilatura_no_comments"):
        s = rep[system]
        print(f"  {system:12} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['accuracy']:6.3f}")
    print(f"  pages where newsfuse judges fewer snippets right: {rep['pages_worse']} "
          f"({rep['pages_worse_only_by_comments']} only by leaving reader comments out), more: {rep['pages_better']}; "
          f"rejected by newsfuse: {rep['rejected']}, empty from trafilatura: {rep['rejected_by_trafilatura']}")
    for row in rep.get("worst", []):
        note = " (reader comments)" if row["only_comments"] else ""
        print(f"    {row['snippets_right_delta']:+d}  {row['page']}{note}" + (f"  ({row['error']})" if row["error"] else ""))


def _print_dev(rep: dict) -> None:
    print(f"html-dev ({rep['pages']} pages), 4-token shingle P/R/F1, macro over pages")
    print(f"  {'system':12} {'prec':>6} {'rec':>6} {'F1':>6}")
    for system in ("newsfuse", "trafilatura"):
        s = rep[system]
        print(f"  {system:12} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}")
    print(f"  pages where newsfuse is below trafilatura by more than 0.05 F1: {rep['pages_worse_by_0.05']}")
    print("  per page (F1 newsfuse / trafilatura / delta):")
    for row in sorted(rep["per_page"], key=lambda r: r["page"]):
        print(f"    {row['newsfuse'][2]:.3f} {row['trafilatura'][2]:.3f} {row['delta']:+.3f}  {row['page']}"
              + (f"  ({row['error']})" if row["error"] else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--traf-eval", type=Path, default=DATA / "trafilatura-eval")
    ap.add_argument("--html-dev", type=Path, default=DATA / "html-dev")
    ap.add_argument("--split", choices=("dev", "held-out", "all"), default="dev")
    ap.add_argument("--worst", type=int, default=25, help="how many losing pages to list")
    ap.add_argument("--skip", choices=("traf-eval", "html-dev"), action="append", default=[])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    for name, folder, probe in (("traf-eval", args.traf_eval, "evaldata.json"), ("html-dev", args.html_dev, "text")):
        if name not in args.skip and not (folder / probe).exists():
            print(f"{folder}: no {probe} here (give --{name} DIR or --skip {name})", file=sys.stderr)
            return 2
    started = time.perf_counter()
    out: dict = {}
    if "traf-eval" not in args.skip:
        splits = ("dev", "held-out") if args.split == "all" else (args.split,)
        out["trafilatura_eval"] = [eval_traf(args.traf_eval, s, args.worst, s == "held-out") for s in splits]
    if "html-dev" not in args.skip:
        out["html_dev"] = eval_html_dev(args.html_dev, args.worst)
    out["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(out, indent=1, default=lambda o: asdict(o)))
        return 0
    for rep in out.get("trafilatura_eval", []):
        _print_traf(rep)
        print()
    if "html_dev" in out:
        _print_dev(out["html_dev"])
    print(f"\n{out['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
