"""A benchmark set made only of real news text, with the topical overlap of a news day.

``build_real_set(n, seed)`` returns ``(raws, gold, families, kinds)`` like
``bench/provenance.py``'s ``build_set``, but every sentence is real:

* originals: the PolNeAR train articles (840, the 2016 US election: one big
  topic whose articles name the same people), the ECB+ dev articles (772, in
  33 topics of two similar events each), the five bundled examples (one
  summit), and articles made of MRPC sentences (the first sentence of each
  paraphrase pair, eight pairs an article);
* copies, drawn from the originals with Zipf weights over topics (a few
  stories get most of the copies, as on a real news day; at most
  ``MAX_COPIES`` of one article): duplicates (the same
  text, a later date), reprints (the same paragraphs under another headline,
  the last one cut, a credit line added), rewrites (an MRPC article with every
  sentence replaced by its paraphrase, the pair's second sentence), partial
  copies (two or three paragraphs of a source pasted into another article of
  its topic) and composites (the first half of one article of a topic and the
  second half of another).

With ``n`` below the number of originals, originals are sampled (no copies
beyond the shares). Needs ``/work/shared/data`` (or ``NEWSFUSE_DATA``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from pathlib import Path

__all__ = ["DATA", "REAL_SET_VERSION", "build_real_set", "real_originals"]

#: bump when the set changes (cached cleaned sets are keyed by it)
REAL_SET_VERSION = 2

DATA = Path(os.environ.get("NEWSFUSE_DATA", "/work/shared/data"))
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
#: share of the set that is copies when the originals allow it
COPY_SHARES = {"duplicate": 0.15, "reprint": 0.30, "rewrite": 0.05, "partial": 0.15, "composite": 0.10}
_CREDITS = ("This article first appeared in {outlet}.", "Reporting by {outlet}.", "({outlet})")
_MRPC_PAIRS_PER_ARTICLE = 8
#: at most this many copies of one article (a wire story is reprinted dozens of times a day, not
#: thousands): more would make the set's related pairs grow with the square of its size
MAX_COPIES = 20


def _polnear() -> list[dict]:
    out = []
    for path in sorted((DATA / "polnear" / "train" / "text").glob("*.txt")):
        outlet, date = path.stem.split("_")[:2]
        out.append({"id": f"pn-{path.stem[:60]}", "topic": "polnear", "outlet": outlet, "date": date,
                    "text": path.read_text(encoding="utf-8")})
    return out


def _ecbplus() -> list[dict]:
    out = []
    with (DATA / "ecbplus" / "dev-topics-1-35.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            day = dt.date(2016, 1, 1) + dt.timedelta(days=int(row["topic"]) * 7 + ("plus" in row["story"]))
            out.append({"id": f"ecb-{row['id']}", "topic": f"ecb{row['story']}", "outlet": "ecb",
                        "date": day.isoformat(), "text": row["text"]})
    return out


def _examples() -> list[dict]:
    return [{"id": f"ex-{p.stem}", "topic": "summit", "outlet": "examples", "date": "2024-07-08",
             "text": p.read_text(encoding="utf-8")} for p in sorted(EXAMPLES.glob("*.txt"))]


def _mrpc_pairs() -> list[tuple[str, str]]:
    pairs = []
    with (DATA / "mrpc" / "msr_paraphrase_train.txt").open(encoding="utf-8-sig") as fh:
        next(fh)
        for line in fh:
            quality, _, _, first, second = line.rstrip("\n").split("\t")
            if quality == "1":
                pairs.append((first, second))
    return pairs


def _paragraphs(sentences: list[str]) -> str:
    return "\n\n".join(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))


def real_originals() -> tuple[list[dict], dict[str, str]]:
    """Every real original (dicts with id, topic, outlet, date, text) and, for the
    MRPC articles, the text of their rewrite (id -> text)."""
    originals = _polnear() + _ecbplus() + _examples()
    rewrites: dict[str, str] = {}
    pairs = _mrpc_pairs()
    for k in range(0, len(pairs) - _MRPC_PAIRS_PER_ARTICLE + 1, _MRPC_PAIRS_PER_ARTICLE):
        group = pairs[k : k + _MRPC_PAIRS_PER_ARTICLE]
        id_ = f"mrpc-{k // _MRPC_PAIRS_PER_ARTICLE:04d}"
        title = group[0][0][:60]
        originals.append({"id": id_, "topic": id_, "outlet": "mrpc", "date": "2004-01-01",
                          "text": f"{title}\n\n" + _paragraphs([a for a, _ in group])})
        rewrites[id_] = f"{group[0][1][:60]}\n\n" + _paragraphs([b for _, b in group])
    return originals, rewrites


def _later(date: str, rng: random.Random) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=rng.randint(0, 2))).isoformat()


def build_real_set(n: int, seed: int = 0):
    """``n`` RawDocs of real text and the gold ``(raws, gold, families, kinds)`` (see ``build_set``)."""
    from newsfuse.model import Format, RawDoc

    rng = random.Random(f"real-bench:{n}:{seed}")
    originals, rewrite_texts = real_originals()
    n_orig = min(len(originals), n - round(n * sum(COPY_SHARES.values())))
    chosen = [dict(d, kind="original", family=frozenset([d["id"]])) for d in rng.sample(originals, n_orig)]
    by_topic: dict[str, list[dict]] = {}
    for doc in chosen:
        by_topic.setdefault(doc["topic"], []).append(doc)
    topics = sorted(by_topic, key=lambda t: (-len(by_topic[t]), t))
    rng.shuffle(topics)
    weights = [1.0 / (rank + 1) for rank in range(len(topics))]  # a few stories get most copies

    docs = list(chosen)
    gold: list[tuple[str, str, str, str]] = []
    counts = {kind: round((n - n_orig) * share / sum(COPY_SHARES.values())) for kind, share in COPY_SHARES.items()}
    counts["reprint"] += (n - n_orig) - sum(counts.values())
    serial = 0

    copies: dict[str, int] = {}

    def pick() -> dict:
        while True:
            topic = rng.choices(topics, weights)[0]
            doc = rng.choice(by_topic[topic])
            if copies.get(doc["id"], 0) < MAX_COPIES:
                copies[doc["id"]] = copies.get(doc["id"], 0) + 1
                return doc

    def other_than(doc: dict) -> dict:
        """Another original of ``doc``'s topic, else of any topic."""
        mates = [d for d in by_topic[doc["topic"]] if d is not doc]
        return rng.choice(mates) if mates else rng.choice([d for d in chosen if d is not doc])

    def add(kind: str, text: str, sources: list[dict], label: str, date: str, outlet: str) -> None:
        nonlocal serial
        serial += 1
        id_ = f"{kind}-{serial:06d}"
        family = frozenset().union(*(s["family"] for s in sources))
        docs.append({"id": id_, "topic": sources[0]["topic"], "outlet": outlet, "date": date, "text": text,
                     "kind": kind, "family": family if kind not in ("partial",) else family | {id_}})
        for source in sources:
            gold.append((source["id"], id_, label, kind))

    mrpc = [d for d in chosen if d["id"] in rewrite_texts]
    for kind, count in counts.items():
        for _ in range(count):
            if kind == "rewrite" and mrpc:
                src = rng.choice(mrpc)
                add("rewrite", rewrite_texts[src["id"]], [src], "rewrite", _later(src["date"], rng), "rewriter")
                continue
            src = pick()
            paragraphs = [p for p in src["text"].split("\n\n") if p.strip()] or [src["text"]]
            if kind == "duplicate" or (kind == "rewrite"):
                add("duplicate", src["text"], [src], "duplicate", _later(src["date"], rng), src["outlet"])
            elif kind == "reprint":
                body = paragraphs[1:-1] if len(paragraphs) > 3 else paragraphs[1:] or paragraphs
                credit = rng.choice(_CREDITS).format(outlet=src["outlet"])
                title = rng.choice(("Report: ", "UPDATE: ", "")) + paragraphs[0][:80]
                add("reprint", "\n\n".join([title, *body, credit]), [src], "reprint", _later(src["date"], rng),
                    f"reprinter-{rng.randrange(20)}")
            elif kind == "partial":
                host = other_than(src)
                own = [p for p in host["text"].split("\n\n") if p.strip()]
                m = rng.choice((2, 3))
                at = rng.randrange(max(1, len(paragraphs) - m + 1))
                where = rng.randrange(1, len(own) + 1) if own else 0
                text = "\n\n".join(own[:where] + paragraphs[at : at + m] + own[where:])
                add("partial", text, [src], "partial", _later(max(src["date"], host["date"]), rng), host["outlet"])
            else:  # composite
                mate = other_than(src)
                other = [p for p in mate["text"].split("\n\n") if p.strip()] or [mate["text"]]
                text = "\n\n".join(paragraphs[: max(2, len(paragraphs) // 2)] + other[len(other) // 2 :])
                add("composite", text, [src, mate], "partial", _later(max(src["date"], mate["date"]), rng), "aggregator")
    raws = [RawDoc(id=d["id"], origin=f"{d['id']}.txt", data=d["text"].encode("utf-8"), format=Format.TEXT,
                   text=d["text"], date=d["date"], outlet=d["outlet"]) for d in docs]
    families = {d["id"]: d["family"] for d in docs}
    kinds = {d["id"]: d["kind"] for d in docs}
    raws.sort(key=lambda r: r.id)
    return raws, gold, families, kinds
