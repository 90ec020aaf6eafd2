"""Sentence selection of the brief against simple extractive peers: gold-fact coverage.

    .venv/bin/python eval/brief.py [ARTICLES_DIR] [GOLD_JSON] [--points N] [--json]

Defaults: examples/articles and examples/gold.json. Any folder of articles
with a gold file of the same format works (``facts``: a list of
``{"fact", "values": {article: value | [values]}}``; optional ``quotes``
with ``starts``; optional ``padding``: {article: text naming the padded
sections in single quotes}).

Every method picks the same number of sentences from the same articles
(all articles read as one story):

  newsfuse       the brief's headline + key points (``newsfuse.brief.build_brief``,
                 with the real fact extractor and provenance)
  lexrank        sumy LexRank over every body sentence
  lsa            sumy LSA over every body sentence
  centroid       TF-IDF centroid: the sentences closest to the mean vector
  lead           the first sentence of each article in turn, then the second, ...

Sentences come from newsfuse's own segmentation (sumy gets a document built
from those spans and a regex word tokenizer: no NLTK data download).

Scores:
  facts      gold facts covered: a selected sentence of an article the fact
             lists contains one of that article's gold values (or, for a
             paraphrased gold value, its numbers and capitalised words)
  quotes     gold quotes whose opening words appear in a selected sentence
  filler     selected sentences inside the gold padding
  repeats    selected sentences that nearly repeat another selected one
             (TF-IDF cosine >= 0.6: a rewrite saying the same thing twice)

The brief's quote section (not counted above: peers have none) is reported
below the table: gold quotes whose opening words it carries.

Result on the examples (2026-11-23; `eval/brief.py` then `--points 15`):

  method     facts@9  filler@9  repeats@9   facts@15  filler@15  repeats@15
  newsfuse     6/12        0         0         8/12        0          0
  lexrank      1/12        0         0         2/12        2          0
  lsa          1/12        0         0         1/12        0          0
  centroid     3/12        0         2         3/12        1          2
  lead         2/12        0         0         3/12        0          0
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsfuse.model import Article, ParagraphKind, Story  # noqa: E402
from newsfuse.reconcile.terms import terms  # noqa: E402

Selected = list[tuple[str, int, int, str]]  # (article, start, end, text)


def load(articles_dir: Path) -> list[Article]:
    from newsfuse.clean import Cleaner
    from newsfuse.ingest import read_inputs

    return [a for a in Cleaner().clean_batch(list(read_inputs([str(articles_dir)]))) if isinstance(a, Article)]


def body_sentences(articles: Sequence[Article]) -> Selected:
    out: Selected = []
    for a in articles:
        bodies = [p for p in a.paragraphs if p.kind is ParagraphKind.BODY]
        for s in a.sentences:
            text = a.text[s.start : s.end].strip()
            if text and any(p.start <= s.start < p.end for p in bodies):
                start = a.text.index(text, s.start)
                out.append((a.id, start, start + len(text), text))
    return out


class _Tokenizer:
    """What sumy needs from a tokenizer, without NLTK data."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph]

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"[\w'’-]+", sentence)


def sumy_select(pool: Selected, n: int, method: str) -> Selected:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.utils import get_stop_words

    tokenizer = _Tokenizer()
    sentences = [Sentence(text, tokenizer) for _, _, _, text in pool]
    doc = ObjectDocumentModel([Paragraph(sentences)])
    summarizer = (LexRankSummarizer if method == "lexrank" else LsaSummarizer)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    picked = {str(s) for s in summarizer(doc, n)}
    out, seen = [], set()
    for item in pool:
        if item[3] in picked and item[3] not in seen:
            out.append(item)
            seen.add(item[3])
    return out[:n]


def centroid_select(pool: Selected, n: int) -> Selected:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(analyzer=lambda d: terms(d) or ["_"]).fit_transform([t for *_, t in pool])
    centre = np.asarray(matrix.mean(axis=0))
    scores = (matrix @ centre.T).ravel()
    return [pool[i] for i in sorted(np.argsort(-scores)[:n])]


def lead_select(pool: Selected, n: int) -> Selected:
    by_article: dict[str, list] = {}
    for item in pool:
        if len(item[3].split()) >= 8:
            by_article.setdefault(item[0], []).append(item)
    out: Selected = []
    rank = 0
    while len(out) < n and any(rank < len(v) for v in by_article.values()):
        for items in by_article.values():
            if rank < len(items) and len(out) < n:
                out.append(items[rank])
        rank += 1
    return out


def newsfuse_select(articles: Sequence[Article], points: int | None) -> tuple[Selected, object]:
    from newsfuse.brief import BriefConfig, build_brief
    from newsfuse.brief.select import SelectConfig
    from newsfuse.facts.extract import FactExtractor
    from newsfuse.facts.nlp import load_nlp
    from newsfuse.provenance.report import build_provenance

    facts = FactExtractor(load_nlp()).extract(articles)
    from newsfuse.provenance.paraphrase import ParaphraseScorer
    from newsfuse.provenance.similarity import EmbeddingSimilarity

    similarity = EmbeddingSimilarity()
    provenance = build_provenance(articles, similarity, paraphrase=ParaphraseScorer(encoder=similarity.encoder))
    config = BriefConfig(select=SelectConfig(points=(points - 1) if points else SelectConfig().points))
    story = Story("eval", "eval", tuple(a.id for a in articles))
    brief = build_brief(story, articles, facts, provenance, config)
    out: Selected = []
    for p in (brief.headline, *brief.points):
        if p is not None:
            c = p.citations[0]
            out.append((c.article, c.start, c.end, p.text))
    return out, brief


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'").replace("“", '"').replace("”", '"')).strip()


def _value_found(value: str, sentence: str) -> bool:
    """The gold value as written, or each of its comma-separated parts by numbers and names."""
    s = _norm(sentence)
    if _norm(value) in s:
        return True
    for part in re.split(r"[,;]| and ", value):
        part = part.strip()
        if not part:
            continue
        if _norm(part) in s:
            return True
        numbers = re.findall(r"\d[\d,.]*\d|\d", part)
        names = [w for w in re.findall(r"\b[A-Z][a-z]+\b", part)]
        if numbers and all(re.search(r"(?<![\d.])" + re.escape(x) + r"(?![\d])", sentence) for x in numbers) and all(
            w.lower() in s for w in names
        ):
            return True
    return False


def fact_coverage(selected: Selected, gold: dict) -> list[str]:
    covered = []
    for fact in gold.get("facts", []):
        hit = False
        for article, values in fact["values"].items():
            for value in values if isinstance(values, list) else [values]:
                if any(a == article and _value_found(value, t) for a, _, _, t in selected):
                    hit = True
        if hit:
            covered.append(fact["fact"])
    return covered


def quote_coverage(selected: Selected, gold: dict) -> int:
    texts = [_norm(t) for *_, t in selected]
    return sum(any(_norm(q["starts"])[:40] in t for t in texts) for q in gold.get("quotes", []))


def padding_spans(articles: Sequence[Article], gold: dict) -> dict[str, int]:
    """Article -> offset where its gold padding starts (first section named in quotes)."""
    out = {}
    by_id = {a.id: a for a in articles}
    for article, note in (gold.get("padding") or {}).items():
        names = re.findall(r"'([^']+)'", note) if isinstance(note, str) else []
        if article in by_id and names:
            at = by_id[article].text.find(names[0])
            if at >= 0:
                out[article] = at
    return out


def repeats(selected: Selected, threshold: float = 0.6) -> int:
    from newsfuse.brief.sentences import similarity_matrix

    if len(selected) < 2:
        return 0
    sim = similarity_matrix([terms(t) for *_, t in selected])
    return sum(1 for i in range(len(selected)) if any(sim[i, j] >= threshold for j in range(len(selected)) if j != i))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", nargs="?", default=str(ROOT / "examples" / "articles"))
    parser.add_argument("gold", nargs="?", default=str(ROOT / "examples" / "gold.json"))
    parser.add_argument("--points", type=int, default=None, help="sentences per method (default: the brief's)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    articles = load(Path(args.articles))
    pool = body_sentences(articles)
    t0 = time.perf_counter()
    ours, brief = newsfuse_select(articles, args.points)
    seconds = time.perf_counter() - t0
    n = len(ours)
    methods = {
        "newsfuse": ours,
        "lexrank": sumy_select(pool, n, "lexrank"),
        "lsa": sumy_select(pool, n, "lsa"),
        "centroid": centroid_select(pool, n),
        "lead": lead_select(pool, n),
    }
    padding = padding_spans(articles, gold)
    rows = []
    for name, selected in methods.items():
        covered = fact_coverage(selected, gold)
        rows.append(
            {
                "method": name,
                "sentences": len(selected),
                "facts": len(covered),
                "facts_total": len(gold.get("facts", [])),
                "quotes": quote_coverage(selected, gold),
                "quotes_total": len(gold.get("quotes", [])),
                "filler": sum(1 for a, s, _, _ in selected if a in padding and s >= padding[a]),
                "repeats": repeats(selected),
                "covered": covered,
            }
        )
    brief_quotes = [_norm(q.text) for q in brief.quotes]
    quotes_section = sum(any(_norm(q["starts"])[:40] in t for t in brief_quotes) for q in gold.get("quotes", []))
    conflicts = [c.thing for c in brief.conflicts]
    if args.json:
        print(json.dumps({"articles": len(articles), "pool": len(pool), "newsfuse_seconds": round(seconds, 1), "rows": rows,
                          "brief_quotes": quotes_section, "brief_conflicts": conflicts}, indent=2))
        return 0
    print(f"{len(articles)} articles, {len(pool)} body sentences, {n} sentences per method "
          f"(newsfuse brief built in {seconds:.1f} s incl. facts + provenance)\n")
    print(f"{'method':<10} {'facts':>7} {'quotes':>7} {'filler':>7} {'repeats':>8}")
    for r in rows:
        print(f"{r['method']:<10} {r['facts']:>3}/{r['facts_total']:<3} {r['quotes']:>3}/{r['quotes_total']:<3} "
              f"{r['filler']:>7} {r['repeats']:>8}")
    print(f"\nnewsfuse brief also lists {len(brief.quotes)} quotes ({quotes_section}/{len(gold.get('quotes', []))} gold quotes) "
          f"and {len(conflicts)} conflicts: {'; '.join(conflicts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
