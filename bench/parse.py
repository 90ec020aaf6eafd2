"""The spaCy parse for facts, component by component: BLIS ops vs numpy's BLAS, spaCy's vs the fast
attribute_ruler and lemmatizer.

    .venv/bin/python bench/parse.py                 # 150 generated articles, 3 repeats, corpus check
    .venv/bin/python bench/parse.py --articles 300 --repeat 5 --no-corpus

The parse is most of ``newsfuse run``'s CPU (bench/run.py). spaCy builds its
layers on thinc's default ops, whose matrix products use BLIS; newsfuse loads
the pipeline on numpy's BLAS instead, and swaps spaCy's ``attribute_ruler`` and
``lemmatizer`` for ``FastAttributeRuler`` and ``FastLemmatizer``
(``newsfuse.facts.nlp.load_nlp``). This script loads the packaged model three
ways in one process (BLIS + spaCy's components, numpy BLAS + spaCy's
components, numpy BLAS + the fast ones = newsfuse), runs each component
over the same paragraph-segmented docs (one BLAS thread, as the parse workers
run), prints the median CPU seconds per component, and checks that all ways
give the same annotations token by token.

The corpus check then runs both rulers on the same tagged and parsed docs
(copies), spaCy's lemmatizer after spaCy's ruler and the fast one after the
fast ruler, and NER after each; it also runs both lemmatizers on copies of the
same spaCy-ruled docs. Over the bench articles, ``examples/articles``, tricky
strings and the real text in ``../shared/data`` (ECB+ articles, PolNeAR
articles, MRPC sentences) it counts the tokens whose annotations differ, for
the whole chain and for the lemmatizer alone (both must be 0).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if str(HERE.parent / "src") not in sys.path:
    sys.path.insert(1, str(HERE.parent / "src"))

from newsfuse_eval.paths import data_root  # noqa: E402

ATTRS = ["TAG", "POS", "DEP", "HEAD", "LEMMA", "MORPH", "ENT_IOB", "ENT_TYPE", "ENT_ID", "ENT_KB_ID", "SENT_START"]
SHARED = data_root()
TRICKY = [
    "I ain't gonna do it, y'all. We wanna go!  He isn't here, ain’t he?\n\nThey AIN'T GOIN' NOWHERE.",
    "Let's go. Gotta run, c'mon y' all. Nothin' doin'. Ol' man 'nuff said, gimme 'em, y'know.",
    "   ", "\n", " \n\t ", "", "Can't won't shan't don't doesn't didn't I'd you'd we'll they're it's",
    "\"QUOTED\" 'single' “curly” ‘ones’ -- NOT SHOUTING?! THE END.  Double  spaces\tand\ttabs.\r\n",
    "There is a cat. There's one. Here are two, there were three, there 's four.",
    "i think so. I do. Did you? Has he? Does she have it? He had had it.",
]


def load_articles(n: int, seed: int) -> list:
    """The examples plus generated articles (bench/run.py's set), cleaned."""
    from run import write_set

    from newsfuse.pipeline import ingest
    from newsfuse.store import Store

    with tempfile.TemporaryDirectory(prefix="newsfuse-bench-parse-") as tmp:
        with Store(Path(tmp) / "parse.db") as store:
            ingest(write_set(n, seed, Path(tmp)), store)
            return list(store.iter_articles())


def time_components(nlp, articles, batch_size: int) -> tuple[dict[str, float], list]:
    """CPU seconds per component over the articles, and the finished docs."""
    from newsfuse.facts.nlp import single_threaded_blas
    from newsfuse.facts.paragraph_parse import _presegmented

    seconds: dict[str, float] = {}
    with single_threaded_blas():
        start = time.process_time()
        docs = [_presegmented(nlp, a) for a in articles]
        seconds["tokenizer"] = time.process_time() - start
        for name, component in nlp.pipeline:
            start = time.process_time()
            docs = list(component.pipe(docs, batch_size=batch_size))
            seconds[name] = time.process_time() - start
    return seconds, docs


def shared_texts() -> dict[str, list[str]]:
    """Real text from ../shared/data: ECB+ and PolNeAR articles, MRPC sentences (empty if absent)."""
    import csv
    import json

    texts: dict[str, list[str]] = {}
    ecb = SHARED / "ecbplus" / "dev-topics-1-35.jsonl"
    if ecb.exists():
        texts["ECB+"] = [json.loads(line)["text"] for line in ecb.open(encoding="utf-8") if line.strip()]
    polnear = sorted((SHARED / "polnear").glob("*/text/*.txt"))
    if polnear:
        texts["PolNeAR"] = [p.read_text(encoding="utf-8") for p in polnear]
    mrpc = SHARED / "mrpc" / "msr_paraphrase_train.txt"
    if mrpc.exists():
        with mrpc.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
        texts["MRPC"] = list(dict.fromkeys(s for row in rows for s in row[3:5]))
    return texts


def _differing(theirs, ours, shown: list[str], label: str = "") -> int:
    """Tokens whose ATTRS differ between two lists of docs; the first few go to ``shown``."""
    differing = 0
    for x, y in zip(theirs, ours):
        bad = (x.to_array(ATTRS) != y.to_array(ATTRS)).any(axis=1) if len(x) else []
        differing += int(sum(bad))
        for i in [i for i, b in enumerate(bad) if b][:max(0, 5 - len(shown))]:
            shown.append(f"{label}{x[i].text!r}: spaCy {x[i].tag_}/{x[i].pos_}/{x[i].lemma_}/{x[i].morph} "
                         f"fast {y[i].tag_}/{y[i].pos_}/{y[i].lemma_}/{y[i].morph}")
    return differing


def compare_rulers(nlp, docs_or_texts, batch_size: int) -> tuple[int, int, int, list[str]]:
    """spaCy's ruler and lemmatizer vs the fast ones on copies of the same tagged+parsed docs, then NER
    on each, and both lemmatizers on copies of the same spaCy-ruled docs:
    (tokens, differing tokens after the chains, differing after the lemmatizers alone, the first few)."""
    from newsfuse.facts.fast_attribute_ruler import FastAttributeRuler
    from newsfuse.facts.fast_lemmatizer import FastLemmatizer
    from newsfuse.facts.nlp import single_threaded_blas

    names = nlp.pipe_names
    at = names.index("attribute_ruler")
    assert names[at + 1] == "lemmatizer"
    spacy_ruler, spacy_lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    fast = FastAttributeRuler(nlp.vocab)
    fast.add_patterns(spacy_ruler.patterns)
    # its own cache and memo: every lemma is worked out again from the tables
    fast_lemmatizer = FastLemmatizer(nlp.vocab, None, mode=spacy_lemmatizer.mode,
                                     overwrite=spacy_lemmatizer.overwrite)
    fast_lemmatizer.lookups = spacy_lemmatizer.lookups
    tokens = differing = lemma_differing = 0
    shown: list[str] = []
    items = list(docs_or_texts)
    with single_threaded_blas():
        for first in range(0, len(items), batch_size):
            docs = [nlp.make_doc(x) if isinstance(x, str) else x for x in items[first:first + batch_size]]
            for _, component in nlp.pipeline[:at]:
                docs = list(component.pipe(docs, batch_size=batch_size))
            ours = [fast_lemmatizer(fast(d.copy())) for d in docs]
            theirs = [spacy_ruler(d) for d in docs]
            lemmatized = [fast_lemmatizer(d.copy()) for d in theirs]
            theirs = [spacy_lemmatizer(d) for d in theirs]
            lemma_differing += _differing(theirs, lemmatized, shown, "lemmatizer alone: ")
            for _, component in nlp.pipeline[at + 2:]:
                ours = list(component.pipe(ours, batch_size=batch_size))
                theirs = list(component.pipe(theirs, batch_size=batch_size))
            tokens += sum(len(x) for x in theirs)
            differing += _differing(theirs, ours, shown)
    return tokens, differing, lemma_differing, shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--no-corpus", action="store_true", help="skip the ruler check on ../shared/data")
    args = parser.parse_args(argv)

    from newsfuse.facts.nlp import load_nlp
    from newsfuse.facts.paragraph_parse import _presegmented

    articles = load_articles(args.articles, args.seed)
    words = sum(a.word_count for a in articles)
    ways = {"BLIS": load_nlp(use_blis=True, fast_attribute_ruler=False, fast_lemmatizer=False),
            "numpy BLAS": load_nlp(use_blis=False, fast_attribute_ruler=False, fast_lemmatizer=False),
            "+fast pipes": load_nlp(use_blis=False)}  # newsfuse's load_nlp(): fast ruler and lemmatizer
    runs: dict[str, list[dict[str, float]]] = {way: [] for way in ways}
    finished: dict[str, list] = {}
    for _ in range(args.repeat):  # interleaved, so load changes on a shared machine hit both ways alike
        for way, nlp in ways.items():
            seconds, finished[way] = time_components(nlp, articles, args.batch_size)
            runs[way].append(seconds)

    names = list(runs[next(iter(ways))][0])
    medians = {way: {name: statistics.median(r[name] for r in runs[way]) for name in names} for way in ways}
    print(f"{len(articles)} articles, {words} words; median CPU s of {args.repeat} repeats, one BLAS thread")
    print()
    print(f"| {'component':<16} | " + " | ".join(f"{way:>11}" for way in ways) + " |")
    print(f"|{'-' * 18}|" + "|".join("-" * 13 for _ in ways) + "|")
    for name in names + ["total"]:
        cells = [sum(medians[way].values()) if name == "total" else medians[way][name] for way in ways]
        print(f"| {name:<16} | " + " | ".join(f"{c:11.3f}" for c in cells) + " |")
    print()
    for way in ways:
        total = sum(medians[way].values())
        print(f"{way}: {words / total:,.0f} words and {len(articles) / total:.1f} articles per CPU-second "
              f"({1000 * total / len(articles):.1f} CPU ms per article); per repeat attribute_ruler "
              + ", ".join(f"{r['attribute_ruler']:.3f}" for r in runs[way])
              + ", lemmatizer " + ", ".join(f"{r['lemmatizer']:.3f}" for r in runs[way]))

    reference = finished["BLIS"]
    tokens = sum(len(d) for d in reference)
    failed = False
    for way in list(ways)[1:]:
        differing = sum(int((x.to_array(ATTRS) != y.to_array(ATTRS)).any(axis=1).sum())
                        for x, y in zip(reference, finished[way]))
        failed |= differing > 0
        print(f"annotations: {differing} of {tokens} tokens differ between BLIS and {way}")

    if not args.no_corpus:
        nlp = ways["numpy BLAS"]
        print()
        print("attribute_ruler+lemmatizer: spaCy's vs FastAttributeRuler+FastLemmatizer on the same parsed docs, "
              "then NER; and the lemmatizers alone after spaCy's ruler")
        sets = {"bench articles": [_presegmented(nlp, a) for a in articles], "tricky strings": TRICKY,
                **shared_texts()}
        all_texts = all_tokens = all_differing = all_lemma_differing = 0
        for label, texts in sets.items():
            start = time.process_time()
            tokens, differing, lemma_differing, shown = compare_rulers(nlp, texts, args.batch_size)
            all_texts, all_tokens = all_texts + len(texts), all_tokens + tokens
            all_differing, all_lemma_differing = all_differing + differing, all_lemma_differing + lemma_differing
            print(f"  {label}: {len(texts)} texts, {tokens} tokens, {differing} differ, "
                  f"{lemma_differing} after the lemmatizers alone ({time.process_time() - start:.0f} CPU s)")
            for line in shown:
                print(f"    {line}")
        print(f"  all: {all_texts} texts, {all_tokens} tokens, {all_differing} differ, "
              f"{all_lemma_differing} after the lemmatizers alone")
        failed |= all_differing + all_lemma_differing > 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
