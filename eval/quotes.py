"""Evaluate quote and speaker extraction on brat-annotated attributions (PolNeAR layout).

    .venv/bin/python eval/quotes.py [DIR] [--json] [--limit N] [--every N] [--raw] [--examples N]
                                    [--set FIELD=VALUE ...] [--quote-style single]

DIR defaults to polnear/dev under $NEWSFUSE_DATA, else ../shared/data next to the project folder (PolNeAR v1.0,
Newell, Margolin & Ruths, LREC 2018; research use). Any folder with ``text/*.txt`` and
``attributions/<text stem>_<annotator>.ann`` works. When an article has several
annotators' files, the first in alphabetical order is used for every article.

Each text goes through the real pipeline: ``Cleaner`` turns it into an Article (the
cleaner may drop the headline and page chrome and collapses spaces), gold offsets are
mapped from the raw text onto ``Article.text`` line by line with difflib, and
``newsfuse.facts.quotes`` extracts quotes from the Article. Gold attributions whose text
the cleaner dropped stay in the gold set and count as misses. ``--raw`` skips cleaning
and extracts from the raw text instead (an upper bound for what cleaning costs).

Metrics (see ``newsfuse.facts.quotes.METRICS``):
  speaker P/R/F1   a predicted quote is correct when it overlaps a gold Content and its
                   speaker agrees with that attribution's Source (the Source span overlaps
                   the predicted speaker mention, before or after pronoun resolution, or
                   they share the head word / surname, pronouns excepted). P over all
                   predicted quotes, R over gold attributions that have a Source. This is
                   the headline number.
  content overlap  P = predicted quotes overlapping some gold Content / predicted;
                   R = gold attributions overlapped by some prediction / gold.
  content exact    the same, but the texts must be equal after stripping whitespace, quote
                   marks and outer punctuation (a gold Content or one of its fragments).
  speaker accuracy correct speakers among predictions that matched a gold attribution
                   with a Source.
  direct recall    speaker recall over gold Contents that start with a quote mark.
  by style         speaker P/R/F1 per quote style: double ("..." “...” ''...''), single ('...' ‘...’)
                   and none (no opening mark: indirect speech, partial quotes in a clause).
                   --quote-style single rewrites every text's double quotes as single ones
                   (apostrophes left alone) before scoring: the same articles in British style.
  speech recall    speaker recall over gold attributions whose Cue is a reporting verb of the
                   lexicon (said, told, wrote, ...) or "according to". PolNeAR also annotates
                   stances and actions ("supports", "cited", "attacked", "plans"), which a quote
                   extractor does not target; this shows recall on what it does target.

Published anchors: PolNeAR inter-annotator agreement on attributions 92.3%; Citron (BBC)
on PARC 3.0: source exact F1 0.82, content exact F1 0.57, content overlap F1 0.83.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

try:
    import newsfuse  # noqa: F401
except ModuleNotFoundError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsfuse.facts.quotes import QuoteConfig  # noqa: E402
from newsfuse_eval.paths import data_path  # noqa: E402
from newsfuse_eval.quotes import evaluate_quotes  # noqa: E402

DEFAULT_DIR = data_path("polnear", "dev")


def _config(overrides: list[str]) -> QuoteConfig:
    fields = {f.name: f for f in dataclasses.fields(QuoteConfig)}
    values = {}
    for item in overrides:
        key, _, value = item.partition("=")
        if key not in fields:
            raise SystemExit(f"unknown QuoteConfig field {key!r}; fields: {', '.join(fields)}")
        default = getattr(QuoteConfig(), key)
        if isinstance(default, bool):
            values[key] = value.lower() in ("1", "true", "yes", "on")
        else:
            values[key] = type(default)(value)
    return QuoteConfig(**values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", default=str(DEFAULT_DIR), help="folder with text/ and attributions/")
    parser.add_argument("--json", action="store_true", help="print the result dict as JSON")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--every", type=int, default=1, metavar="N",
                        help="every N-th article only (e.g. --every 8 on polnear/train: the held-out sample)")
    parser.add_argument("--raw", action="store_true", help="extract from the raw text, no cleaning")
    parser.add_argument("--examples", type=int, default=0, help="print up to N error examples per type")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="override a QuoteConfig field (repeatable)")
    parser.add_argument("--quote-style", choices=("as-is", "single"), default="as-is",
                        help="'single': rewrite the texts' double quotes as single quotes first")
    args = parser.parse_args(argv)
    folder = Path(args.dir)
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        print(f"error: {folder} has no text/ and attributions/ folders", file=sys.stderr)
        return 2
    examples: list = []
    result = evaluate_quotes(folder, args.limit, config=_config(args.set), clean=not args.raw,
                             examples=examples if args.examples else None, every=args.every,
                             quote_style=args.quote_style)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{folder}: {result['articles']} articles ({result['articles_two_annotators']} with two annotators: "
              f"first file alphabetically used), {result['words']:,} words, "
              f"{'raw text' if args.raw else 'cleaned Articles'}"
              f"{', double quotes rewritten as single' if args.quote_style == 'single' else ''}")
        print(f"gold attributions {result['gold']} ({result['gold_with_source']} with a Source, "
              f"{result['gold_direct']} direct quotes with a Source, {result['lost_in_cleaning']} lost in cleaning); "
              f"predicted quotes {result['predicted']}")
        print()
        print(f"{'metric':22} {'prec':>6} {'rec':>6} {'F1':>6}")
        print(f"{'speaker (headline)':22} {result['precision']:6.3f} {result['recall']:6.3f} {result['speaker_f1']:6.3f}")
        print(f"{'content overlap':22} {result['content_precision']:6.3f} {result['content_recall']:6.3f} "
              f"{result['content_f1']:6.3f}")
        print(f"{'content exact':22} {result['exact_precision']:6.3f} {result['exact_recall']:6.3f} "
              f"{result['exact_f1']:6.3f}")
        print(f"speaker accuracy on matched quotes: {result['speaker_accuracy']:.3f}; speaker recall on "
              f"direct quotes: {result['direct_recall']:.3f} (of {result['gold_direct']}), on reporting-verb cues: "
              f"{result['speech_recall']:.3f} (of {result['gold_speech']})")
        print("by style: " + ", ".join(
            f"{st} P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['speaker_f1']:.3f} "
            f"(pred {v['predicted']}, gold {v['gold']})" for st, v in result["by_style"].items()))
        print("by kind: " + ", ".join(
            f"{k} {v['predicted']} (content {v['content'] / v['predicted']:.2f}, speaker {v['speaker'] / v['predicted']:.2f})"
            for k, v in sorted(result["by_kind"].items()) if v["predicted"]))
        print("by via: " + ", ".join(
            f"{k} {v['predicted']} (content {v['content'] / v['predicted']:.2f}, speaker {v['speaker'] / v['predicted']:.2f})"
            for k, v in sorted(result["by_via"].items(), key=lambda kv: -kv[1]["predicted"]) if v["predicted"]))
        print(f"speed: {result['seconds']:.1f} s, {result['articles_per_s']:.2f} articles/s, "
              f"{result['words_per_s']:,.0f} words/s (cleaning + parsing + extraction)")
    if args.examples:
        by_error: dict[str, list] = {}
        for ex in examples:
            by_error.setdefault(ex["error"], []).append(ex)
        for error, items in by_error.items():
            print(f"\n-- {error}: {len(items)}", file=sys.stderr if args.json else sys.stdout)
            if error == "missed":
                cues = Counter(i["gold_cue"].lower() for i in items)
                print("   most missed cues: " + ", ".join(f"{c} {n}" for c, n in cues.most_common(15)),
                      file=sys.stderr if args.json else sys.stdout)
            for ex in items[: args.examples]:
                print("   " + json.dumps(ex, ensure_ascii=False), file=sys.stderr if args.json else sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
