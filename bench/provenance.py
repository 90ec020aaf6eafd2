"""Provenance benchmark: speed and peak memory of ``build_provenance`` at scale.

    .venv/bin/python bench/provenance.py                                  # 10k and 100k, lexical
    .venv/bin/python bench/provenance.py --sizes 1000,10000               # quick run
    .venv/bin/python bench/provenance.py --sizes 10000 --similarity embedding   # the real thing
    .venv/bin/python bench/provenance.py --sizes 10000 --profile          # cProfile, top functions

The article set (deterministic in ``--seed`` and the size) is built from real
sentences (``bench/corpus.py``'s ``load_sentences``: the shipped examples and
the PolNeAR training texts when present) and rendered as web pages with
chrome by ``corpus.render_text``:

* originals (about 84%): independent articles grouped into many small
  stories (1-30 articles, mean about 3). Articles of one story share the
  story's names (invented, so names behave like a real name distribution:
  most rare, a few common) and nothing else; the pool's own names recur
  across the whole set like the common names of the day. The pool holds only
  ~23k usable sentences, which 100k articles would reuse ~120 times each, so
  every sentence is spliced from the head of one pool sentence and the tail
  of another and perturbed (numbers, names, ~30% of the longer lowercase
  words swapped for words of the same shape), and paragraphs draw their
  sentences independently: unrelated articles then share no passages however
  large the set, as in a real corpus (``corpus.iter_articles`` reuses pool
  sentences, and runs of them, verbatim: unrelated articles there share
  whole passages, and more of them the larger the set);
* ``duplicate`` (3%): an original's page again, whitespace changed;
* ``reprint`` (10%): an original, copy-edited (1-3 words per paragraph),
  last paragraph (and sometimes one more) dropped, new headline, credit
  line, another outlet's chrome;
* ``partial`` (3%): a fresh article of the same story with 2-3 consecutive
  paragraphs of an original pasted in;
* composites (0.3%): first half of original A + second half of original B
  (same story), dated after both; gold: ``partial`` to A and to B, and the
  composite flag.

Half of the copies carry no date; their pages then show no date either.

Sources are drawn with replacement, so popular originals get several copies
(copies of one original are related to each other too: such "family" pairs
are not scored as false positives, and not as hits either).

Each size runs in two fresh child processes: one generates and cleans the set
(``Cleaner().clean_batch``, timed on its own) and pickles it under
``--cache``; a second one loads it and times ``build_provenance`` over the
whole set, so its peak RSS (``ru_maxrss``) is the articles plus the stage.
Parts are timed by wrapping the functions ``build_provenance`` calls (the
stage itself runs unmodified):

* candidates   - ``candidate_pairs`` (MinHash LSH x2 + anchor index);
* screen       - the lexical ``align`` of every candidate pair;
* embed        - ``similarity.prefetch`` (0 with ``--similarity lexical``);
* align+class. - ``align`` + ``classify``, per pair that survived the
                 screen: with the real similarity, or on the stage's own
                 lexical similarity for pairs the screen found copied
                 (``ProvenanceConfig.lexical_verbatim``: nothing embedded);
* comp/fill/grp - the rest: ``find_composite`` per article, settling
                 verbatim labels, filler (skipped: ``filler_max_articles=0``,
                 filler is judged per story, not over a whole corpus),
                 ``independent_groups``.

``--similarity lexical`` (the default) passes ``LexicalSimilarity()`` as the
stage's similarity: nothing is embedded, everything else is measured. The
embedding cost is then measured on a sample of the sentences the 10k set
would embed (``--embed-sample``, sentences/s of ``SentenceEncoder``) and
extrapolated to the articles each size would embed (counted, not guessed:
the articles in pairs that survive the screen). ``--similarity embedding``
runs ``EmbeddingSimilarity`` for real.

The measuring child caps its address space (``--max-memory-gb``, default 70%
of MemAvailable), so a size that does not fit fails with a MemoryError (the
table says where, after how long) instead of waking the OOM killer on a
shared machine; a failed size gets a projection from the two largest sizes
that ran (each part's CPU time fitted as ``n^a``), labelled as such. Wall
times on a loaded machine are noisy: the table also gives CPU time and the
load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import pickle
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from measure import cpu_s, peak_mb, rss_mb  # noqa: E402
try:
    import newsfuse  # noqa: F401
except ModuleNotFoundError:  # a checkout without `pip install -e .`
    sys.path.insert(0, str(HERE.parent / "src"))

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "newsfuse-bench-provenance"
GENERATOR_VERSION = 6
SHARES = {"duplicate": 0.03, "reprint": 0.10, "partial": 0.03, "composite": 0.003}
PARTS = [
    ("candidates", "candidates (s)"),
    ("screen", "lexical screen (s)"),
    ("embed", "embed (s)"),
    ("align", "align+classify (s)"),
    ("rest", "comp/filler/groups (s)"),
]

# -- article set ------------------------------------------------------------------

_TOKEN_CAP = re.compile(r"^([\"“‘(]?)([A-Z][a-z]{2,})([’'s]*[.,;:!?\"”’)]*)$")
_TOKEN_LOWER = re.compile(r"^([a-z]{4,})([.,;:!?\"”’)]*)$")
_DIGITS = re.compile(r"\d+")
_SYLLABLES = ("ka ro vin dal me sor tu bre lan ni go fel ma ter os qui zan pe ru hal "
              "do mir sa ve lo cor in ba tes gri").split()
_SYNONYMS = {"said": "says", "says": "said", "big": "major", "large": "big", "because": "since",
             "think": "believe", "also": "too", "about": "around", "many": "numerous", "help": "assist",
             "start": "begin", "show": "indicate", "but": "yet", "people": "individuals", "told": "informed"}
_CREDITS = ("This article originally appeared on {outlet}.", "Reprinted with permission from {outlet}.",
            "Source: {outlet}")


class _Pool:
    """Real sentences, tokenised once, and the means to perturb them cheaply."""

    def __init__(self, sentences: list[str]) -> None:
        # Sentences a perturbation cannot change much (headlines in capitals,
        # few plain words) would recur verbatim across unrelated articles.
        eligible = [s for s in sentences if sum(bool(_TOKEN_LOWER.match(t)) for t in s.split()) >= 4]
        self.sentences = eligible or sentences
        self.tokens = [s.split() for s in self.sentences]
        counts = Counter(t for toks in self.tokens for t in toks)
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word, c in sorted(counts.items()):
            if c >= 2 and re.fullmatch(r"[a-z]{4,}", word):
                buckets[self._shape(word)].append(word)
        self.buckets = dict(buckets)
        # per sentence: (index, prefix, core, suffix) of names; (index, suffix, bucket) of lowercase words
        self.caps: list[list[tuple[int, str, str]]] = []
        self.lower: list[list[tuple[int, str, list[str]]]] = []
        self.digits: list[list[int]] = []
        for toks in self.tokens:
            caps, lower, digits = [], [], []
            for i, tok in enumerate(toks):
                if i and (m := _TOKEN_CAP.match(tok)):
                    caps.append((i, m.group(1), m.group(3)))
                elif m := _TOKEN_LOWER.match(tok):
                    bucket = self.buckets.get(self._shape(m.group(1)))
                    if bucket and len(bucket) > 1:
                        lower.append((i, m.group(2), bucket))
                if any(ch.isdigit() for ch in tok):
                    digits.append(i)
            self.caps.append(caps)
            self.lower.append(lower)
            self.digits.append(digits)

    @staticmethod
    def _shape(word: str) -> tuple[str, int]:
        for suffix in ("tion", "ing", "ed", "ly", "s"):
            if word.endswith(suffix):
                break
        else:
            suffix = ""
        return suffix, min(len(word), 9) // 3

    def perturbed(self, rng: random.Random, names: list[str], swap: float = 0.3) -> str:
        """A new sentence: the head of one pool sentence, the tail of another, perturbed.

        Splicing makes the sentence space ~(pool size)^2, so sentences do not
        recur between unrelated articles however large the set (a whole pool
        sentence would recur ~120 times in 100k articles).
        """
        k, q = rng.randrange(len(self.tokens)), rng.randrange(len(self.tokens))
        head, tail = self.tokens[k], self.tokens[q]
        cut_k = rng.randint(len(head) // 3, max(len(head) // 3, 2 * len(head) // 3))
        cut_q = rng.randint(len(tail) // 3, max(len(tail) // 3, 2 * len(tail) // 3))
        toks = head[:cut_k] + tail[cut_q:]
        shift = cut_k - cut_q

        def spots(entries, index_of=lambda e: e[0]):
            for e in entries[k]:
                if index_of(e) < cut_k:
                    yield index_of(e), e
            for e in entries[q]:
                if index_of(e) >= cut_q:
                    yield index_of(e) + shift, e

        for i, (_, prefix, suffix) in spots(self.caps):
            if rng.random() < 0.6:
                toks[i] = prefix + rng.choice(names) + suffix
        for i, (_, suffix, bucket) in spots(self.lower):
            if rng.random() < swap:
                toks[i] = bucket[int(rng.random() * len(bucket))] + suffix
        for i, _ in spots(self.digits, lambda e: e):
            toks[i] = _DIGITS.sub(lambda m: str(rng.randrange(1, 10 ** len(m.group()))), toks[i])
        return " ".join(toks)


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 3, 3)))).capitalize()


def _headline(paragraph: str, rng: random.Random) -> str:
    words = re.sub(r"[\"“”‘’()]", "", paragraph).split()[: rng.randint(6, 12)]
    while len(words) > 4 and words[-1].lower().strip(",;:.") in {"the", "a", "an", "of", "to", "and", "in", "said"}:
        words.pop()
    head = " ".join(words).rstrip(",;:.—-")
    return head[:1].upper() + head[1:]


def _edit_paragraph(text: str, rng: random.Random) -> str:
    """A copy editor's touch: 1-3 word substitutions or deletions."""
    tokens = text.split()
    if len(tokens) < 8:
        return text
    for _ in range(min(3, 1 + len(tokens) // 40)):
        swap = [i for i, t in enumerate(tokens) if i and t in _SYNONYMS]
        if swap and rng.random() < 0.7:
            i = rng.choice(swap)
            tokens[i] = _SYNONYMS[tokens[i]]
        else:
            plain = [i for i, t in enumerate(tokens) if 0 < i < len(tokens) - 1 and t.isalpha() and t.islower()]
            if plain:
                del tokens[rng.choice(plain)]
    return " ".join(tokens)


def _house_style(text: str, curly: bool) -> str:
    """Quotes and apostrophes in one outlet's style (styles differ between outlets)."""
    if curly:
        text = re.sub(r'"(?=[\w\'‘(])', "“", text).replace('"', "”")
        return re.sub(r"(?<=\w)'(?=\w)", "’", text)
    return text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")


def _whitespace_variant(text: str, style: int) -> str:
    if style == 0:
        return text.replace("\n", "\r\n")
    if style == 1:
        return "\n" + text.replace("\n\n", "\n\n\n").replace(". ", ".  ")
    return "\n".join(line + "  " for line in text.split("\n"))


def build_set(n: int, seed: int = 0, sentences: list[str] | None = None):
    """``n`` RawDocs and the gold: ``(raws, gold, families, kinds)``.

    ``gold``: ``(source, derived, label, kind)`` for every planted copy;
    ``families``: id -> the originals whose text it carries (copies of one
    original are related to each other); ``kinds``: id -> how it was made.
    """
    import corpus
    from newsfuse.model import Format, RawDoc

    pool = _Pool(sentences if sentences is not None else corpus.load_sentences())
    rng = random.Random(f"provenance-bench:{n}:{seed}")
    derived_counts = {kind: max(1, round(n * share)) for kind, share in SHARES.items()}
    n_orig = n - sum(derived_counts.values())
    ids = [f"a{k:06d}" for k in rng.sample(range(n), n)]
    start = dt.date(2015, 1, 1).toordinal()
    span = dt.date(2024, 12, 31).toordinal() - start

    stories: list[dict] = []
    story_of: list[int] = []  # original index -> story
    while len(story_of) < n_orig:
        size = min(30, max(1, int(rng.expovariate(1 / 3.0)) + 1), n_orig - len(story_of))
        stories.append({"names": [_name(rng) for _ in range(rng.randint(4, 8))],
                        "day": start + rng.randrange(span + 1)})
        story_of.extend([len(stories) - 1] * size)

    def body(story: dict, words_target: int, outlet: dict) -> list[str]:
        curly = corpus.OUTLETS.index(outlet) % 2 == 0
        paragraphs, words = [], 0
        while words < words_target:
            # independent draws: a run of pool sentences shared by two unrelated
            # articles would be a (perturbed) shared passage
            k = rng.choice((1, 2, 2, 3, 3, 4))
            para = " ".join(pool.perturbed(rng, story["names"]) for _ in range(k))
            paragraphs.append(_house_style(para, curly))
            words += para.count(" ") + 1
        return paragraphs

    def page(id_: str, paragraphs: list[str], title: str, outlet: dict, date: str | None) -> dict:
        style = rng.choices(["none", "wire", "outlet_only"], [50, 35, 15])[0]
        wire = rng.choice(corpus.WIRES + [outlet["wire"]])
        return {
            "id": id_, "title": title, "date": date or "2020-01-01", "outlet": outlet["name"],
            "paragraphs": paragraphs, "headings": {}, "related": [],
            "dateline": None if style == "none" else (
                f"{rng.choice(corpus.PLACES)} ({wire}) —" if style == "wire" else f"({wire}) —"),
            "dateline_style": style, "caption": None, "_chrome_seed": rng.randrange(1 << 30),
            "_date": date,
        }

    def later(date: str | None) -> str | None:
        if date is None or rng.random() < 0.5:
            return None
        return (dt.date.fromisoformat(date) + dt.timedelta(days=rng.randint(1, 3))).isoformat()

    pages: list[dict] = []
    kinds: dict[str, str] = {}
    families: dict[str, frozenset[str]] = {}
    gold: list[tuple[str, str, str, str]] = []
    for k in range(n_orig):
        story = stories[story_of[k]]
        date = dt.date.fromordinal(story["day"] + rng.randint(0, 2)).isoformat()
        outlet = corpus.OUTLETS[rng.randrange(len(corpus.OUTLETS))]
        paragraphs = body(story, rng.randint(200, 1000), outlet)
        pages.append(page(ids[k], paragraphs, _headline(paragraphs[0], rng), outlet, date))
        kinds[ids[k]] = "original"
        families[ids[k]] = frozenset([ids[k]])
    originals = pages[:n_orig]
    by_story: dict[int, list[int]] = defaultdict(list)
    for k, s in enumerate(story_of):
        by_story[s].append(k)
    next_id = n_orig

    def new_id(kind: str, fam: frozenset[str]) -> str:
        nonlocal next_id
        id_ = ids[next_id]
        next_id += 1
        kinds[id_] = kind
        families[id_] = fam
        return id_

    for _ in range(derived_counts["duplicate"]):
        src = rng.choice(originals)
        dup = dict(src, id=new_id("duplicate", families[src["id"]]), _date=later(src["_date"]),
                   _whitespace=rng.randrange(3))
        pages.append(dup)
        gold.append((src["id"], dup["id"], "duplicate", "duplicate"))
    for _ in range(derived_counts["reprint"]):
        src = rng.choice(originals)
        paragraphs = [_edit_paragraph(p, rng) for p in src["paragraphs"]][:-1]
        if len(paragraphs) > 4 and rng.random() < 0.5:
            del paragraphs[rng.randrange(2, len(paragraphs) - 1)]
        credit = rng.choice(_CREDITS).format(outlet=src["outlet"])
        paragraphs = [credit] + paragraphs if rng.random() < 0.5 else paragraphs + [credit]
        outlet = rng.choice([o for o in corpus.OUTLETS if o["name"] != src["outlet"]])
        title = rng.choice(("", "Report: ", "UPDATE: ", "Analysis: ")) + _headline(src["paragraphs"][-1], rng)
        pages.append(page(new_id("reprint", families[src["id"]]), paragraphs, title, outlet, later(src["_date"])))
        gold.append((src["id"], pages[-1]["id"], "reprint", "reprint"))
    for _ in range(derived_counts["partial"]):
        k = rng.randrange(n_orig)
        src, story = originals[k], stories[story_of[k]]
        outlet = rng.choice([o for o in corpus.OUTLETS if o["name"] != src["outlet"]])
        own = body(story, rng.randint(200, 800), outlet)
        m = rng.choice((2, 3))
        at = rng.randrange(max(1, len(src["paragraphs"]) - m + 1))
        pasted = src["paragraphs"][at : at + m]
        where = rng.randrange(1, len(own) + 1)
        paragraphs = own[:where] + pasted + own[where:]
        fam = families[src["id"]] | {f"own:{next_id}"}
        pages.append(page(new_id("partial", fam), paragraphs, _headline(own[0], rng), outlet, later(src["_date"])))
        gold.append((src["id"], pages[-1]["id"], "partial", "partial"))
    for _ in range(derived_counts["composite"]):
        k = rng.randrange(n_orig)
        first = originals[k]
        mates = [j for j in by_story[story_of[k]] if j != k] or [j for j in (rng.randrange(n_orig),) if j != k]
        second = originals[rng.choice(mates)] if mates else originals[(k + 1) % n_orig]
        a, b = first["paragraphs"], second["paragraphs"]
        paragraphs = a[: max(2, len(a) // 2)] + b[len(b) // 2 :]
        outlet = corpus.OUTLETS[rng.randrange(len(corpus.OUTLETS))]
        fam = families[first["id"]] | families[second["id"]]
        id_ = new_id("composite", fam)
        # a page can only copy what was published before it: date it after both sources
        pages.append(page(id_, paragraphs, _headline(paragraphs[0], rng), outlet,
                          later(max(first["_date"], second["_date"]))))
        gold.append((first["id"], id_, "partial", "composite"))
        gold.append((second["id"], id_, "partial", "composite"))

    raws = []
    for p in pages:
        text = corpus.render_text(p)
        if p["_date"] is None and "_whitespace" not in p:
            # an undated page must not show render_text's placeholder date ("Published: January 1, 2020")
            text = "\n".join(line for line in text.split("\n") if not line.startswith("Published: "))
        if "_whitespace" in p:
            text = _whitespace_variant(text, p["_whitespace"])
        raws.append(RawDoc(id=p["id"], origin=f"{p['id']}.txt", data=text.encode("utf-8"), format=Format.TEXT,
                           text=text, date=p["_date"]))
    order = sorted(range(len(raws)), key=lambda i: raws[i].id)
    return [raws[i] for i in order], gold, families, kinds


# -- child: generate and clean ------------------------------------------------------


def _clean_chunk(raws):
    from newsfuse.clean import Cleaner
    from newsfuse.errors import InputError

    return [a for a in Cleaner().clean_batch(raws) if not isinstance(a, InputError)]


CLEAN_BATCH = 10_000


def _prepare(n: int, seed: int, path: Path, workers: int, real: bool = False) -> dict:
    """Generate the set, clean it (in batches of ``CLEAN_BATCH``), pickle it to ``path``.

    ``real``: the set of real news text (``bench/realtext.py``) instead of the generated one.
    """
    t0 = time.perf_counter()
    if real:
        from realtext import build_real_set

        raws, gold, families, kinds = build_real_set(n, seed)
    else:
        raws, gold, families, kinds = build_set(n, seed)
    t1 = time.perf_counter()
    chunks = [raws[i : i + CLEAN_BATCH] for i in range(0, len(raws), CLEAN_BATCH)]
    if workers > 1 and len(chunks) > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_clean_chunk, chunks, chunksize=1)
    else:
        parts = [_clean_chunk(c) for c in chunks]
    articles = [a for part in parts for a in part]
    t2 = time.perf_counter()
    meta = {"n": n, "seed": seed, "generator": GENERATOR_VERSION, "generate_s": t1 - t0, "clean_s": t2 - t1,
            "clean_workers": min(workers, len(chunks)), "dropped": len(raws) - len(articles)}
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump({"meta": meta, "articles": articles, "gold": gold, "families": families, "kinds": kinds},
                    fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return meta


# -- child: measure -------------------------------------------------------------------


class _State:
    """What the measured run has done so far (kept when it fails part-way)."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.blocks: Counter[str] = Counter()
        self.involved: set[str] = set()
        self.part = "setup"
        self.started = time.perf_counter()


def _timed_run(articles, similarity, config, state: _State):
    """``build_provenance`` with its parts timed (the functions it calls are wrapped)."""
    from newsfuse.provenance import report as R

    seconds, calls = state.seconds, state.calls
    originals = {name: getattr(R, name) for name in ("candidate_pairs", "align", "classify", "find_composite",
                                                     "find_filler_by_story")
                 if hasattr(R, name)}

    def clocked(name, key):
        fn = originals[name]

        def wrapper(*args, **kwargs):
            state.part = key
            t, c = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[key] += time.perf_counter() - t
                seconds[key + ":cpu"] += time.process_time() - c
                calls[key] += 1
                state.part = "rest" if key in ("composite", "filler") else state.part
        return wrapper

    def candidates(*args, **kwargs):
        found = clocked("candidate_pairs", "candidates")(*args, **kwargs)
        for blocks in found.values():
            state.blocks.update(blocks)
            if len(blocks) == 1:
                state.blocks["only " + next(iter(blocks))] += 1
        state.part = "screen"
        return found

    align_fn = originals.get("align")

    def align(*args, **kwargs):
        cfg = args[3] if len(args) > 3 else kwargs.get("config")
        key = "screen" if cfg is config.screen else "align"
        state.part = key
        t, c = time.perf_counter(), time.process_time()
        try:
            return align_fn(*args, **kwargs)
        finally:
            seconds[key] += time.perf_counter() - t
            seconds[key + ":cpu"] += time.process_time() - c
            calls[key] += 1
            # articles the stage's own similarity aligns (embedded in a real run); pairs of copied
            # text are aligned on the stage's internal lexical similarity and embed nothing
            if key == "align" and (args[2] if len(args) > 2 else kwargs.get("similarity")) is similarity:
                state.involved.update((args[0].id, args[1].id))

    prefetch = getattr(similarity, "prefetch", None)
    if prefetch is not None and hasattr(similarity, "cache"):  # embeddings (LexicalSimilarity embeds nothing)
        def timed_prefetch(scope):
            state.part = "embed"
            from newsfuse.provenance.similarity import sentence_key

            known = getattr(similarity, "sentences", {})
            todo = [a for a in scope if a.content_hash not in similarity.cache]
            calls["embedded_articles"] += len(todo)
            calls["embedded_sentences"] += len({k for a in todo for k in map(sentence_key, a.sentence_texts())
                                                if k not in known})
            t, c = time.perf_counter(), time.process_time()
            try:
                return prefetch(scope)
            finally:
                seconds["embed"] += time.perf_counter() - t
                seconds["embed:cpu"] += time.process_time() - c
        similarity.prefetch = timed_prefetch
    from newsfuse.provenance.similarity import LexicalSimilarity

    lexical_prefetch = getattr(LexicalSimilarity, "prefetch", None)

    def timed_lexical_prefetch(self, scope):
        # vectorising for the screen (before it) counts as screen time, later calls as align time
        key = "screen" if state.part == "screen" else "align"
        t, c = time.perf_counter(), time.process_time()
        try:
            return lexical_prefetch(self, scope)
        finally:
            seconds[key] += time.perf_counter() - t
            seconds[key + ":cpu"] += time.process_time() - c

    if lexical_prefetch is not None:
        LexicalSimilarity.prefetch = timed_lexical_prefetch
    patched = {"candidate_pairs": candidates, "classify": clocked("classify", "align"),
               "find_composite": clocked("find_composite", "composite"), "align": align}
    if "find_filler_by_story" in originals:
        patched["find_filler_by_story"] = clocked("find_filler_by_story", "filler")
    for name, fn in patched.items():
        if name in originals:
            setattr(R, name, fn)
    try:
        cpu0, t0 = cpu_s(), time.perf_counter()
        state.started = t0
        report = R.build_provenance(articles, similarity, config)
        total, cpu = time.perf_counter() - t0, cpu_s() - cpu0
    finally:
        for name, fn in originals.items():
            setattr(R, name, fn)
        if lexical_prefetch is not None:
            LexicalSimilarity.prefetch = lexical_prefetch
    seconds["total"] = total
    seconds["cpu"] = cpu
    seconds["rest"] = total - sum(seconds[k] for k in ("candidates", "screen", "embed", "align"))
    seconds["rest:cpu"] = cpu - sum(seconds[k + ":cpu"] for k in ("candidates", "screen", "embed", "align"))
    return report


def _score(report, gold, families, kinds) -> dict:
    """Planted copies found with the right label; relations between unrelated articles."""
    def key(a, b):
        return (a, b) if a < b else (b, a)

    predicted = {key(r.source, r.derived): r for r in report.relations}
    planted = {}
    for source, derived, label, kind in gold:
        planted[key(source, derived)] = (source, label, kind)
    recall: dict[str, Counter] = defaultdict(Counter)
    for k, (source, label, kind) in planted.items():
        rel = predicted.get(k)
        if rel is None:
            recall[kind]["missed"] += 1
        elif rel.relation == label:
            recall[kind]["right"] += 1
            recall[kind]["direction " + ("undetermined" if rel.direction == "undetermined"
                                         else "right" if rel.source == source else "wrong")] += 1
        else:
            recall[kind][f"as {rel.relation}"] += 1
        recall[kind]["planted"] += 1
    precision: dict[str, Counter] = defaultdict(Counter)
    for k, rel in predicted.items():
        if k in planted:
            precision[rel.relation]["right" if planted[k][1] == rel.relation else "wrong label"] += 1
        elif families[k[0]] & families[k[1]]:
            precision[rel.relation]["family"] += 1  # two copies of one original: related, not scored
        else:
            precision[rel.relation]["unrelated"] += 1
    flagged = Counter(kinds[c.article] for c in report.composites)
    return {
        "recall": {k: dict(v) for k, v in recall.items()},
        "precision": {k: dict(v) for k, v in precision.items()},
        "composites": {"planted": sum(1 for v in kinds.values() if v == "composite"), "flagged": dict(flagged)},
    }


def _embed_sample(articles, involved: set[str], sentences: int) -> dict:
    """Sentences/s of the real encoder on the sentences the stage would embed."""
    from newsfuse.embed import SentenceEncoder

    t = time.perf_counter()
    encoder = SentenceEncoder()
    encoder.encode(["warm up the session."] * 8)
    load = time.perf_counter() - t
    texts: list[str] = []
    for article in articles:
        if article.id in involved:
            texts.extend(article.sentence_texts())
            if len(texts) >= sentences:
                break
    texts = texts[:sentences]
    t = time.perf_counter()
    encoder.encode(texts)
    seconds = time.perf_counter() - t
    return {"sentences": len(texts), "seconds": seconds, "rate": len(texts) / seconds if seconds else 0.0,
            "load_s": load, "threads": encoder.threads}


def _limit_memory(gigabytes: float) -> None:
    """Cap the address space, so running out of memory is a MemoryError here, not the OOM killer elsewhere."""
    if gigabytes > 0:
        limit = int(gigabytes * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _measure(path: Path, similarity_name: str, embed_sample: int, profile: int, max_memory_gb: float,
             filler: bool = False) -> dict:
    from newsfuse.provenance.report import ProvenanceConfig
    from newsfuse.provenance.similarity import EmbeddingSimilarity, LexicalSimilarity

    rss0 = rss_mb()
    t = time.perf_counter()
    with path.open("rb") as fh:
        data = pickle.load(fh)
    load_s = time.perf_counter() - t
    articles = data["articles"]
    rss_loaded = rss_mb()
    config = ProvenanceConfig() if filler else ProvenanceConfig(filler_max_articles=0)
    similarity = LexicalSimilarity() if similarity_name == "lexical" else EmbeddingSimilarity()
    result = {
        "n": len(articles),
        "similarity": similarity_name,
        "prepare": data["meta"],
        "load_s": load_s,
        "sentences": sum(len(a.sentences) for a in articles),
        "rss_start_mb": rss0,
        "rss_loaded_mb": rss_loaded,
        "profiled": bool(profile),
        "max_memory_gb": max_memory_gb,
        "load_before": os.getloadavg()[0],
        "filler": filler,
    }
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    state = _State()
    _limit_memory(max_memory_gb)
    try:
        report = _timed_run(articles, similarity, config, state)
    except MemoryError:
        report = None
        elapsed = time.perf_counter() - state.started
    if profiler is not None:
        import io
        import pstats

        profiler.disable()
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(profile)
            text = out.getvalue()
            text = text[text.find("   ncalls"):] if "   ncalls" in text else text
            print(f"\n--- profile, {len(articles):,} articles, top {profile} by {order} ---\n{text}", file=sys.stderr)
    result.update(
        seconds=dict(state.seconds),
        calls=dict(state.calls),
        blocks=dict(state.blocks),
        peak_mb=peak_mb(),
        rss_after_mb=rss_mb(),
        load_after=os.getloadavg()[0],
        involved_articles=len(state.involved),
    )
    if report is None:
        result["failed"] = (f"MemoryError in {state.part} after {elapsed:.0f} s "
                            f"(address space capped at {max_memory_gb:g} GB, --max-memory-gb)")
        return result
    by_id = {a.id: a for a in articles}
    result.update(
        candidates=report.candidates,
        aligned=report.screened,
        relations=dict(Counter(r.relation for r in report.relations)),
        composites=len(report.composites),
        groups=len(report.groups),
        notes=report.notes,
        involved_sentences=sum(len(by_id[i].sentences) for i in state.involved),
        score=_score(report, data["gold"], data["families"], data["kinds"]),
    )
    if embed_sample and similarity_name == "lexical" and state.involved:
        del report
        result["embed_sample"] = _embed_sample(articles, state.involved, embed_sample)
    return result


# -- parent ----------------------------------------------------------------------------


def _child(args: list[str]) -> dict:
    """Run this script as a fresh child; its last stdout line is ``RESULT <json>``."""
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    lines = proc.stdout.splitlines()
    for line in lines:
        if not line.startswith("RESULT "):
            print(line)
    results = [line for line in lines if line.startswith("RESULT ")]
    if proc.returncode != 0 or not results:
        raise SystemExit(f"child failed ({proc.returncode}): {' '.join(cmd)}")
    return json.loads(results[-1][len("RESULT ") :])


def _fmt(x, digits: int = 1) -> str:
    if x is None:
        return "-"
    if isinstance(x, int):
        return f"{x:,}"
    return f"{x:,.{digits}f}"


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    def line(r):
        return "  ".join(str(c).ljust(widths[0]) if i == 0 else str(c).rjust(widths[i]) for i, c in enumerate(r))
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


LABELS = ("duplicate", "reprint", "partial", "rewrite")


def _get(r: dict, get):
    try:
        return get(r)
    except (KeyError, TypeError, ZeroDivisionError):
        return None


def format_results(results: list[dict], embed_rate: dict | None) -> str:
    out: list[str] = []
    sizes = [r["n"] for r in results]
    sims = {r["similarity"] for r in results}
    done = [r for r in results if "failed" not in r]
    first, last = results[0], results[-1]
    with_ratio = len(results) >= 2

    def ratio(get):
        if "failed" in first or "failed" in last:
            return "-"
        a, b = _get(first, get), _get(last, get)
        return f"{b / a:.1f}x" if a and b is not None else "-"

    sim_note = ("LexicalSimilarity: nothing embedded, the embedding step is NOT in these times (see the "
                "extrapolation below)" if sims == {"lexical"} else
                "EmbeddingSimilarity (MiniLM): the real stage" if sims == {"embedding"} else "mixed")
    out.append(f"build_provenance over the whole set; similarity = {sim_note}.")
    out.append("filler judged per article against its own story (--real)" if any(r.get("filler") for r in results)
               else "filler skipped (ProvenanceConfig(filler_max_articles=0)); --real judges it.")
    header = ["", *(f"{n:,} articles" for n in sizes)] + ([f"ratio ({sizes[-1] / sizes[0]:g}x articles)"]
                                                         if with_ratio else [])
    rows: list[list[str]] = []

    def row(label, get, digits=1, show_ratio=True):
        rows.append([label, *(_fmt(_get(r, get), digits) for r in results)]
                    + ([ratio(get) if show_ratio else ""] if with_ratio else []))

    rows.append(["similarity", *(r["similarity"] for r in results)] + ([""] if with_ratio else []))
    rows.append(["src commit", *(r.get("src", "?") for r in results)] + ([""] if with_ratio else []))
    rows.append(["status", *("FAILED (see below)" if "failed" in r else "ok" for r in results)]
                + ([""] if with_ratio else []))
    row("total (s, wall)", lambda r: r["seconds"]["total"])
    row("articles/s", lambda r: r["n"] / r["seconds"]["total"], 0, show_ratio=False)
    for key, label in PARTS:
        row("  " + label, lambda r, k=key: r["seconds"].get(k, 0.0) if "failed" not in r else r["seconds"][k],
            2 if key == "embed" else 1)
    row("    of which find_composite (s)", lambda r: r["seconds"]["composite"])
    row("  filler (s, embeds its own sentences)", lambda r: r["seconds"].get("filler", 0.0))
    row("total CPU time (s, user+sys)", lambda r: r["seconds"]["cpu"])
    row("load average (start/end)", lambda r: None, show_ratio=False)
    rows[-1][1 : 1 + len(results)] = [f"{r['load_before']:.1f}/{r['load_after']:.1f}" for r in results]
    row("candidate pairs", lambda r: r["candidates"])
    for block in ("minhash-article", "minhash-passage", "anchors"):
        row(f"  found by {block} (only by it)", lambda r, b=block: None, show_ratio=False)
        rows[-1][1 : 1 + len(results)] = [
            f"{r['blocks'].get(block, 0):,} ({r['blocks'].get('only ' + block, 0):,})" if r.get("blocks") else "-"
            for r in results]
    row("aligned pairs (survived screen)", lambda r: r["aligned"])
    for label in LABELS:
        row(f"relations: {label}", lambda r, l=label: r["relations"].get(l, 0))
    row("composites flagged", lambda r: r["composites"])
    row("independent groups", lambda r: r["groups"])
    row("articles in aligned pairs", lambda r: r["involved_articles"] if "failed" not in r else None)
    row("  their sentences (would be embedded)", lambda r: r["involved_sentences"])
    row("RSS after loading articles (MB)", lambda r: r["rss_loaded_mb"], 0)
    row("peak RSS (MB)", lambda r: r["peak_mb"], 0)
    row("  peak - loaded (MB)", lambda r: r["peak_mb"] - r["rss_loaded_mb"], 0)
    if any(r["profiled"] for r in results):
        out.append("(profiled run: cProfile slows Python code ~1.5-2x; do not quote these times)")
    out.append(_table(rows, header))
    for r in results:
        if "failed" in r:
            out.append(f"  {r['n']:,} articles FAILED: {r['failed']}; parts timed before that: "
                       + ", ".join(f"{k} {v:.0f} s" for k, v in r["seconds"].items() if ":" not in k))
    ok = sorted(done, key=lambda r: r["n"])
    if len(ok) >= 2:
        lo, hi = ok[0], ok[-1]
        growth = hi["seconds"]["total"] / lo["seconds"]["total"]
        cpu = hi["seconds"]["cpu"] / lo["seconds"]["cpu"]
        linear = hi["n"] / lo["n"]
        out.append("")
        out.append(f"growth ratio time({hi['n']:,}) / time({lo['n']:,}) = {growth:.1f} wall, {cpu:.1f} CPU   "
                   f"(linear would be {linear:.1f}; wall is {growth / linear:.2f}x linear)"
                   + ("  [without embedding]" if sims == {"lexical"} else ""))
        parts = ", ".join(f"{label.split(' (')[0]} {hi['seconds'][k + ':cpu'] / lo['seconds'][k + ':cpu']:.1f}"
                          for k, label in [*PARTS, ("composite", "find_composite")]
                          if lo["seconds"].get(k + ":cpu", 0) > 0.05 and k + ":cpu" in hi["seconds"])
        out.append(f"  per part (CPU time, less disturbed by other load): {parts}")
    for r in results:
        if "failed" not in r or not ok:
            continue
        below = [x for x in ok if x["n"] < r["n"]]
        if len(below) == 1:
            b = below[0]
            scale = r["n"] / b["n"]
            out.append(f"PROJECTED for {r['n']:,} articles (it failed) IF every part grew linearly from {b['n']:,}: "
                       f"about {b['seconds']['cpu'] * scale:,.0f} CPU s, peak RSS about "
                       f"{r['rss_loaded_mb'] + (b['peak_mb'] - b['rss_loaded_mb']) * scale:,.0f} MB; run a middle "
                       f"size too (e.g. --sizes {b['n']},{int(b['n'] * 4)},{r['n']}) to measure the growth")
        if len(below) < 2:
            continue
        r1, r2 = below[-2], below[-1]
        projected, notes = 0.0, []
        for k, label in PARTS:
            t1, t2 = r1["seconds"].get(k + ":cpu", 0.0), r2["seconds"].get(k + ":cpu", 0.0)
            if t1 <= 0.05 or t2 <= 0.05:
                continue
            alpha = math.log(t2 / t1) / math.log(r2["n"] / r1["n"])
            t = t2 * (r["n"] / r2["n"]) ** alpha
            projected += t
            notes.append(f"{label.split(' (')[0]} {t:,.0f} s (n^{alpha:.2f})")
        peak = r2["peak_mb"] - r2["rss_loaded_mb"]
        out.append(f"PROJECTED for {r['n']:,} articles (it failed; each part's CPU time fitted as n^a between "
                   f"{r1['n']:,} and {r2['n']:,}): about {projected:,.0f} CPU s "
                   f"= {projected / lo['seconds']['cpu']:.1f}x CPU time({lo['n']:,}) (linear {r['n'] / lo['n']:.1f}); "
                   f"peak RSS about {r['rss_loaded_mb'] + peak * r['n'] / r2['n']:,.0f} MB (stage memory is linear)")
        out.append("  " + ", ".join(notes))
    out.append("")
    out.append("Embedding (the step --similarity lexical leaves out):")
    erows = []
    for r in done:
        if r["similarity"] == "embedding":
            c = r["calls"]
            erows.append([f"{r['n']:,}", "measured (prefetch)", _fmt(c.get("embedded_articles", 0)),
                          _fmt(c.get("embedded_sentences", 0)), _fmt(r["seconds"].get("embed", 0.0)),
                          _fmt(c.get("embedded_sentences", 0) / max(r["seconds"].get("embed", 0.0), 1e-9), 0)])
    if embed_rate:
        erows.append([f"{embed_rate['n']:,}", f"measured on a sample ({embed_rate['threads']} threads)", "-",
                      _fmt(embed_rate["sentences"]), _fmt(embed_rate["seconds"]), _fmt(embed_rate["rate"], 0)])
        for r in done:
            if r["similarity"] == "lexical":
                erows.append([f"{r['n']:,}", "EXTRAPOLATED: counted sentences / rate", _fmt(r["involved_articles"]),
                              _fmt(r["involved_sentences"]), _fmt(r["involved_sentences"] / embed_rate["rate"]),
                              _fmt(embed_rate["rate"], 0)])
        base = next((r for r in done if r["n"] == embed_rate["n"] and r["similarity"] == "lexical"), None)
        for r in results:
            if base is not None and r["n"] > base["n"]:
                lin = base["involved_sentences"] / embed_rate["rate"] * r["n"] / base["n"]
                erows.append([f"{r['n']:,}", f"EXTRAPOLATED linearly from {base['n']:,}",
                              _fmt(round(base["involved_articles"] * r["n"] / base["n"])),
                              _fmt(round(base["involved_sentences"] * r["n"] / base["n"])), _fmt(lin), "-"])
    if erows:
        out.append(_table(erows, ["size", "how", "articles embedded", "sentences", "seconds", "sentences/s"]))
        if embed_rate:
            for r in done:
                if r["similarity"] == "lexical":
                    full = r["seconds"]["total"] + r["involved_sentences"] / embed_rate["rate"]
                    cache = r["involved_sentences"] * 384 * 4 / 2**20
                    out.append(f"  {r['n']:,} articles with embedding, EXTRAPOLATED: about {full:,.0f} s in all "
                               f"({r['n'] / full:,.1f} articles/s); the embedding cache adds about {cache:,.0f} MB")
    else:
        out.append("  (not measured: pass --embed-sample N or --similarity embedding)")

    out.append("")
    out.append("Correctness (planted copies; a pair counts when found with the planted label):")
    for r in done:
        sc = r["score"]
        crows = []
        for kind in ("duplicate", "reprint", "partial", "composite"):
            v = sc["recall"].get(kind)
            if not v:
                continue
            other = ", ".join(f"{k[3:]} {n}" for k, n in sorted(v.items()) if k.startswith("as "))
            d = (v.get("direction right", 0), v.get("direction wrong", 0), v.get("direction undetermined", 0))
            crows.append([kind, _fmt(v["planted"]), _fmt(v.get("right", 0)),
                          f"{v.get('right', 0) / v['planted']:.3f}", other or "-", _fmt(v.get("missed", 0)),
                          f"{d[0]}/{d[1]}/{d[2]}"])
        out.append(f"[{r['n']:,} articles, {r['similarity']}] recall (composite: its partial pairs to both sources)")
        out.append(_table(crows, ["planted as", "pairs", "right label", "recall", "found as", "missed",
                                  "direction ok/wrong/undetermined"]))
        prows = []
        for label in LABELS:
            v = sc["precision"].get(label)
            if not v:
                continue
            right, wrong, unrel = v.get("right", 0), v.get("wrong label", 0), v.get("unrelated", 0)
            scored = right + wrong + unrel
            prows.append([label, _fmt(sum(v.values())), _fmt(right), _fmt(wrong), _fmt(unrel),
                          _fmt(v.get("family", 0)), f"{right / scored:.3f}" if scored else "-"])
        out.append(f"[{r['n']:,} articles, {r['similarity']}] precision (family: two copies of one original, "
                   "related but not planted, not scored)")
        out.append(_table(prows, ["predicted", "relations", "right", "wrong label", "unrelated pair", "family",
                                  "precision"]))
        comp = sc["composites"]
        flagged = comp["flagged"]
        out.append(f"composites: {flagged.get('composite', 0)}/{comp['planted']} planted flagged; also flagged: "
                   + (", ".join(f"{v} {k}" for k, v in sorted(flagged.items()) if k != "composite") or "none"))
        out.append("")
    prep = "; ".join(f"{r['n']:,}: generate {r['prepare']['generate_s']:.0f} s, clean {r['prepare']['clean_s']:.0f} s "
                     f"({r['prepare']['clean_workers']} process(es))" for r in results)
    out.append(f"Not timed above - set preparation (cached under --cache): {prep}")
    return "\n".join(out)


PEAK_KB_PER_ARTICLE = 300


def _src_version() -> str:
    """The checkout's commit, "+dirty" when src/ has uncommitted changes (runs can span edits)."""
    repo = HERE.parent
    try:
        head = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--", "src"], capture_output=True,
                               text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (head or "unknown") + ("+dirty" if dirty else "")


def _mem_available_gb() -> float:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated article counts (default 10000,100000)")
    ap.add_argument("--similarity", choices=("lexical", "embedding"), default="lexical",
                    help="lexical (default): LexicalSimilarity, nothing embedded; embedding: the real MiniLM stage")
    ap.add_argument("--embed-sample", type=int, default=2000,
                    help="with lexical: sentences to embed for the rate, in the smallest size's child (0: skip)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"cleaned sets are kept here ({DEFAULT_CACHE})")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="processes for cleaning (untimed)")
    ap.add_argument("--profile", type=int, nargs="?", const=40, default=0,
                    help="cProfile each measured run and print the top N functions (default 40)")
    ap.add_argument("--max-memory-gb", type=float, default=None,
                    help="address-space cap of the measuring child (default: 70%% of MemAvailable; 0: none)")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    ap.add_argument("--real", action="store_true",
                    help="real news text grown to each size (bench/realtext.py; needs /work/shared/data), "
                         "filler judged as in `newsfuse run`")
    ap.add_argument("--_child", choices=("prepare", "measure"), help=argparse.SUPPRESS)
    ap.add_argument("--_n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--_path", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._child == "prepare":
        print("RESULT " + json.dumps(_prepare(args._n, args.seed, args._path, args.workers, args.real)), flush=True)
        return 0
    if args._child == "measure":
        print("RESULT " + json.dumps(_measure(args._path, args.similarity, args.embed_sample, args.profile,
                                                  args.max_memory_gb or 0.0, args.real)), flush=True)
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.max_memory_gb is None:
        args.max_memory_gb = round(0.7 * _mem_available_gb(), 1)
    print(f"measuring children are capped at {args.max_memory_gb:g} GB of address space "
          f"(peak RSS ~{PEAK_KB_PER_ARTICLE / 1024:.2f} MB per article was measured at 10k)", file=sys.stderr)
    args.cache.mkdir(parents=True, exist_ok=True)
    results = []
    embed_rate = None
    for index, n in enumerate(sizes):
        if args.real:
            from realtext import REAL_SET_VERSION

            path = args.cache / f"real-set-{n}-seed{args.seed}-r{REAL_SET_VERSION}.pkl"
        else:
            path = args.cache / f"set-{n}-seed{args.seed}-v{GENERATOR_VERSION}.pkl"
        if not path.exists():
            print(f"[{n:,}] generating and cleaning the set (not timed) ...", file=sys.stderr, flush=True)
            _child(["--_child", "prepare", "--_n", str(n), "--_path", str(path), "--seed", str(args.seed),
                    "--workers", str(args.workers), *(["--real"] if args.real else [])])
        src = _src_version()
        print(f"[{n:,}] build_provenance ({args.similarity}) in a fresh process, src {src} ...", file=sys.stderr,
              flush=True)
        result = _child(["--_child", "measure", "--_path", str(path), "--similarity", args.similarity,
                         "--embed-sample", str(args.embed_sample if index == 0 else 0),
                         "--profile", str(args.profile), "--max-memory-gb", str(args.max_memory_gb),
                         *(["--real"] if args.real else [])])
        result["src"] = src
        if "embed_sample" in result:
            embed_rate = dict(result["embed_sample"], n=n)
        results.append(result)
        print(f"[{n:,}] " + (result["failed"] if "failed" in result else f"{result['seconds']['total']:.1f} s")
              + f", peak {result['peak_mb']:.0f} MB", file=sys.stderr, flush=True)
    print(format_results(results, embed_rate))
    if args.json:
        args.json.write_text(json.dumps({"results": results, "embed_rate": embed_rate}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
