"""Evaluate sentence-pair paraphrase detection on an MRPC-format file.

    .venv/bin/python eval/paraphrase.py /work/shared/data/mrpc/msr_paraphrase_train.txt [--json]

Systems:
  tfidf     TF-IDF cosine; threshold tuned on the file itself (optimistic)
  minilm    all-MiniLM-L6-v2 cosine; threshold tuned on the file itself (optimistic)
  newsfuse  the ParaphraseScorer, k-fold cross-validated: weights and threshold
            learned on k-1 folds, the held-out fold scored (the headline number)
  shipped   the shipped weights as they are. On the file they were trained on
            (MRPC train) this is a training-set number, not a generalisation one.

pairs/s is end to end on this machine (tokenise + encode + features + model),
with the encoder's thread count (default 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

try:
    import newsfuse  # noqa: F401
except ModuleNotFoundError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsfuse.errors import InputError
from newsfuse_eval.paraphrase import evaluate_paraphrase


def _table(res: dict) -> str:
    sys_ = res["systems"]
    rows = [
        ("TF-IDF cosine (thr tuned on file)", sys_["tfidf"]),
        ("MiniLM cosine (thr tuned on file)", sys_["minilm"]),
        (f"newsfuse, {sys_['newsfuse_cv']['folds']}-fold CV  [headline]", sys_["newsfuse_cv"]),
        ("newsfuse, shipped weights", sys_["newsfuse_shipped"]),
    ]
    head = f"{'system':44s} {'acc':>6s} {'prec':>6s} {'rec':>6s} {'F1':>6s} {'pairs/s':>9s}"
    lines = [head, "-" * len(head)]
    for name, m in rows:
        lines.append(f"{name:44s} {m['accuracy']:6.3f} {m['precision']:6.3f} {m['recall']:6.3f} "
                     f"{m['f1']:6.3f} {m['pairs_per_s']:9.0f}")
    lines.append("-" * len(head))
    lines.append(f"{res['pairs']} pairs, {res['positives']} paraphrases; majority-class F1 {res['majority_f1']:.3f}")
    shipped = sys_["newsfuse_shipped"]
    if shipped.get("trained_on") and Path(res["path"]).name == shipped["trained_on"]:
        lines.append(f"note: the shipped weights were trained on {shipped['trained_on']}: "
                     "their row above is a training-set number; the CV row is the honest one.")
    lines.append(f"TF-IDF threshold {sys_['tfidf']['threshold']:.3f}, MiniLM threshold "
                 f"{sys_['minilm']['threshold']:.3f}, shipped threshold {shipped['threshold']:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Paraphrase detection on an MRPC-format TSV.")
    ap.add_argument("path")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="evaluate on a random sample of N pairs (seed 0)")
    args = ap.parse_args(argv)
    try:
        res = evaluate_paraphrase(args.path, folds=args.folds, threads=args.threads, limit=args.limit)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(res, indent=2) if args.json else _table(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
