"""Scoring the quote extractor against gold attributions (PolNeAR layout).

:func:`evaluate_quotes` runs the real pipeline (``Cleaner`` -> Article -> spaCy ->
:class:`~newsfuse.facts.quotes.extractor.QuoteExtractor`) over a folder of
``text/`` + ``attributions/`` and returns the metrics defined in :data:`METRICS`;
``eval/quotes.py`` is its command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Sequence

from newsfuse.facts.paragraph_parse import paragraph_docs
from newsfuse.facts.quotes.cues import CUE_LEXICON, FORCED_CUE_FORMS
from newsfuse.facts.quotes.extractor import QuoteExtractor
from newsfuse.facts.quotes.model import Quote, QuoteConfig
from newsfuse.facts.quotes.person_words import PERSONAL_PRON, RELATIVE
from newsfuse.facts.quotes.phrases import SPACE_RE
from newsfuse.model import Article

from .brat import GoldAttribution, find_brat_pairs, map_gold, offset_map, raw_article, read_brat_attributions
from .quote_styles import STYLES, as_single_quotes, shift_gold
from .quote_styles import quote_style as style_of

if TYPE_CHECKING:
    from pathlib import Path

    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["METRICS", "speaker_agrees", "score_article", "evaluate_quotes"]

METRICS = """Scoring of predicted quotes against gold attributions.

Gold: every ``E`` line of type ``Attribution`` or ``Attribution-no-source``
(its ``Content`` fragments, ``Source`` fragments, ``Cue``). Offsets are mapped
from the raw text to ``Article.text``; a gold span the cleaner dropped entirely
(e.g. the headline) stays in the gold set and counts as missed.

A predicted quote *matches* a gold attribution when its ``[start, end)``
overlaps one of the gold Content fragments by at least one character. When
several gold attributions overlap a prediction (nested attributions), the
prediction is paired with the one whose source it gets right, else with the
largest overlap.

* content overlap P/R/F1: P = predictions matching some gold attribution /
  predictions; R = gold attributions matched by some prediction / gold.
* content exact P/R/F1: as above, but the prediction's text must equal a gold
  Content fragment, or the whole gold Content, after stripping whitespace,
  quote marks and outer punctuation (.,;:!?) from both ends.
* speaker P/R/F1 (the headline ``precision``/``recall``/``speaker_f1``):
  a prediction is correct when it matches a gold attribution that has a
  Source and the speaker agrees: the gold Source span overlaps the predicted
  local mention (``mention_start:mention_end``) or the resolved speaker
  mention (``speaker_start:speaker_end``), or the gold Source's head word
  (last word before any comma, possessive stripped; never a pronoun)
  equals the last word of ``Quote.speaker``. P = correct predictions / all
  predictions; R = gold attributions with a Source that have a correct
  prediction / gold attributions with a Source.
* speaker accuracy: correct predictions / predictions matching a gold
  attribution with a Source (how often the speaker is right when the content
  was found).
* direct recall / speech recall (diagnostics): speaker recall over gold
  attributions (with a Source) whose Content opens with a quote mark / whose
  Cue holds a reporting verb of ``CUE_LEXICON`` (speech or written) or
  "according to". PolNeAR also annotates stances and actions ("supports",
  "cited", "attacked", "plans"), which a quote extractor does not target;
  these two numbers show recall on what it does target.
* by style (``by_style``): speaker P/R/F1 per quote style (``double``,
  ``single``, ``none``; :func:`newsfuse_eval.quote_styles.quote_style`). A
  prediction's style is that of the mark opening it, a gold attribution's that
  of the mark opening its first Content fragment; partial quotes inside a
  reported clause count as ``none``. P and R are as in the headline, within
  one style.
"""


_EDGE_STRIP = " \t\n\"'“”‘’„«».,;:!?"


def _norm_content(text: str) -> str:
    return SPACE_RE.sub(" ", text.strip(_EDGE_STRIP)).lower()


def _head_word(text: str) -> str:
    text = text.split(",")[0]
    words = re.findall(r"[A-Za-z][A-Za-z.\-']*", text.replace("’", "'"))
    if not words:
        return ""
    word = words[-1].lower()
    if word.endswith("'s"):
        word = word[:-2]
    return word.strip(".'")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def speaker_agrees(quote: Quote, gold: GoldAttribution, text: str) -> bool:
    """Does the predicted speaker agree with the gold Source? (see the metric definitions)."""
    if not gold.source:
        return False
    for frag in gold.source:
        if quote.mention_start >= 0 and _overlap(frag, (quote.mention_start, quote.mention_end)) > 0:
            return True
        if quote.speaker_start >= 0 and _overlap(frag, (quote.speaker_start, quote.speaker_end)) > 0:
            return True
    gold_head = _head_word(" ".join(text[s:e] for s, e in gold.source))
    if not gold_head or gold_head in PERSONAL_PRON | RELATIVE | {"his", "her", "their", "its"}:
        return False  # a pronoun only agrees where it stands (span overlap above)
    return gold_head == _head_word(quote.speaker)


@dataclass
class _Counts:
    """Running totals over articles for :func:`evaluate_quotes`."""

    predicted: int = 0
    gold: int = 0
    gold_with_source: int = 0
    content_tp_pred: int = 0
    content_tp_gold: int = 0
    exact_tp_pred: int = 0
    exact_tp_gold: int = 0
    speaker_tp_pred: int = 0
    speaker_tp_gold: int = 0
    matched_with_source: int = 0
    lost_in_cleaning: int = 0
    by_kind: dict = field(default_factory=dict)
    by_via: dict = field(default_factory=dict)
    gold_direct: int = 0
    gold_direct_found: int = 0
    gold_speech: int = 0
    gold_speech_found: int = 0
    by_style: dict = field(default_factory=lambda: {
        st: {"predicted": 0, "speaker_pred": 0, "gold": 0, "speaker_gold": 0} for st in STYLES})


def _speech_cue(gold: GoldAttribution, doc: "Doc | None") -> bool:
    """Is the gold cue a reporting verb of :data:`CUE_LEXICON` (speech/written) or "according to"?"""
    if doc is None or not gold.cue:
        return False
    for s, e in gold.cue:
        span = doc.char_span(s, e, alignment_mode="expand")
        for tok in span or ():
            if tok.lower_ == "according" or CUE_LEXICON.get(tok.lemma_.lower()) in ("speech", "written") \
                    or CUE_LEXICON.get(FORCED_CUE_FORMS.get(tok.lower_, "")) in ("speech", "written"):
                return True
    return False


def score_article(quotes: Sequence[Quote], golds: Sequence[GoldAttribution], text: str,
                  counts: _Counts, examples: list | None = None, article_id: str = "",
                  doc: "Doc | None" = None) -> None:
    """Add one article's predictions and (mapped) gold attributions to ``counts``.

    ``doc`` (the parse of ``text``) is only used to tell gold attributions with
    a reporting-verb cue apart, for the ``speech_recall`` diagnostic."""
    counts.predicted += len(quotes)
    counts.gold += len(golds)
    counts.gold_with_source += sum(1 for g in golds if g.source)
    counts.lost_in_cleaning += sum(1 for g in golds if not g.content)
    content_hit = [False] * len(golds)
    exact_hit = [False] * len(golds)
    speaker_hit = [False] * len(golds)
    gold_norms = []
    for g in golds:
        norms = {_norm_content(text[s:e]) for s, e in g.content}
        if g.content:
            norms.add(_norm_content(text[min(s for s, _ in g.content):max(e for _, e in g.content)]))
        gold_norms.append(norms)
    for q in quotes:
        kind = counts.by_kind.setdefault(q.kind, {"predicted": 0, "content": 0, "speaker": 0})
        via = counts.by_via.setdefault(q.via, {"predicted": 0, "content": 0, "speaker": 0})
        kind["predicted"] += 1
        via["predicted"] += 1
        style = counts.by_style[style_of(text, q.start)]
        style["predicted"] += 1
        best = None
        exact = False
        qnorm = _norm_content(q.text)
        for gi, g in enumerate(golds):
            ov = sum(_overlap((q.start, q.end), frag) for frag in g.content)
            if ov <= 0:
                continue
            content_hit[gi] = True
            if qnorm in gold_norms[gi]:
                exact = True
                exact_hit[gi] = True
            agrees = speaker_agrees(q, g, text)
            if agrees:
                speaker_hit[gi] = True
            key = (agrees, ov)
            if best is None or key > best[0]:
                best = (key, gi)
        if best is None:
            if examples is not None:
                examples.append({"article": article_id, "error": "no gold content", "kind": q.kind, "via": q.via,
                                 "text": q.text[:120], "speaker": q.speaker, "cue": q.cue})
            continue
        counts.content_tp_pred += 1
        kind["content"] += 1
        via["content"] += 1
        counts.exact_tp_pred += exact
        (agrees, _), gi = best
        if golds[gi].source:
            counts.matched_with_source += 1
        if agrees:
            counts.speaker_tp_pred += 1
            style["speaker_pred"] += 1
            kind["speaker"] += 1
            via["speaker"] += 1
        elif examples is not None and golds[gi].source:
            examples.append({"article": article_id, "error": "wrong speaker", "kind": q.kind, "via": q.via,
                             "text": q.text[:120], "speaker": q.speaker,
                             "mention": text[q.mention_start:q.mention_end],
                             "gold_source": golds[gi].source_text})
    counts.content_tp_gold += sum(content_hit)
    counts.exact_tp_gold += sum(exact_hit)
    counts.speaker_tp_gold += sum(1 for g, hit in zip(golds, speaker_hit) if hit and g.source)
    for g, hit in zip(golds, speaker_hit):
        if g.source and g.content:
            style = counts.by_style[style_of(text, min(s for s, _ in g.content))]
            style["gold"] += 1
            style["speaker_gold"] += hit
        if g.source and _speech_cue(g, doc):
            counts.gold_speech += 1
            counts.gold_speech_found += hit
        direct = g.content and (g.content_text.lstrip()[:1] in "\"“" or g.content_text.lstrip().startswith("''"))
        if direct and g.source:
            counts.gold_direct += 1
            counts.gold_direct_found += hit
        if examples is not None and not hit and g.content and g.source:
            examples.append({"article": article_id, "error": "missed", "direct": bool(direct),
                             "text": g.content_text[:120], "gold_source": g.source_text, "gold_cue": g.cue_text})


def _prf(tp_pred: int, pred: int, tp_gold: int, gold: int) -> tuple[float, float, float]:
    p = tp_pred / pred if pred else 0.0
    r = tp_gold / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


def _style_scores(c: dict) -> dict:
    p, r, f = _prf(c["speaker_pred"], c["predicted"], c["speaker_gold"], c["gold"])
    return {**c, "precision": p, "recall": r, "speaker_f1": f}


def evaluate_quotes(
    folder: "str | Path",
    limit: int | None = None,
    *,
    nlp: "Language | None" = None,
    config: QuoteConfig = QuoteConfig(),
    clean: bool = True,
    examples: list | None = None,
    every: int = 1,
    quote_style: str = "as-is",
) -> dict:
    """Score :func:`extract_quotes` on a folder laid out like PolNeAR (``text/`` + ``attributions/``).

    Args:
        folder: the folder (e.g. ``polnear/dev``).
        limit: use only the first ``limit`` articles (sorted by file name).
        nlp: a loaded spaCy pipeline (default: :func:`newsfuse.facts.nlp.load_nlp`).
        config: extractor switches.
        clean: run the texts through :class:`newsfuse.clean.Cleaner` (the real
            pipeline) and map gold offsets onto the cleaned text; ``False``
            extracts from the raw text as-is.
        examples: if a list is given, error examples are appended to it.
        every: use every ``every``-th article only (a fixed held-out sample of a
            large split, e.g. ``every=8`` on PolNeAR train), before ``limit``.
        quote_style: ``"as-is"``, or ``"single"`` to rewrite every text's double
            quotes as single ones first (:func:`~newsfuse_eval.quote_styles.as_single_quotes`,
            gold offsets moved along): the same articles in British style.

    Returns a dict with ``speaker_f1``, ``precision``, ``recall`` (speaker
    attribution; see the metric definitions in ``METRICS``), ``content_f1``,
    ``content_precision``, ``content_recall``, ``exact_f1``,
    ``exact_precision``, ``exact_recall``, ``speaker_accuracy``,
    ``direct_recall`` (speaker recall over gold contents that open with a
    quote mark), ``speech_recall`` (over gold cues that are reporting verbs),
    ``articles``, ``words``, ``gold``, ``predicted``,
    ``seconds``, ``articles_per_s``, ``words_per_s``, ``by_kind``, ``by_via`` (predicted / content / speaker counts per
    ``Quote.kind`` and ``Quote.via``) and
    ``lost_in_cleaning``.
    """
    import time

    from newsfuse.clean import Cleaner
    from newsfuse.model import Format, RawDoc

    pairs = find_brat_pairs(folder)[::every]
    if limit is not None:
        pairs = pairs[:limit]
    if not pairs:
        raise FileNotFoundError(f"no text/*.txt with attributions/*.ann under {folder}")
    if nlp is None:
        from newsfuse.facts.nlp import load_nlp

        nlp = load_nlp()
    extractor = QuoteExtractor(nlp, config)
    raws = [p[0].read_text(encoding="utf-8") for p in pairs]
    shifts: list[list[int] | None] = [None] * len(raws)
    if quote_style == "single":
        rewritten = [as_single_quotes(raw) for raw in raws]
        raws = [r[0] for r in rewritten]
        shifts = [r[1] for r in rewritten]
    elif quote_style != "as-is":
        raise ValueError(f"quote_style must be 'as-is' or 'single', not {quote_style!r}")
    two_annotators = sum(1 for p in pairs if len(p[2]) > 1)
    started = time.perf_counter()
    if clean:
        raw_docs = [RawDoc(id=p[0].stem, origin=str(p[0]), data=raw.encode("utf-8"), format=Format.TEXT, text=raw)
                for p, raw in zip(pairs, raws)]
        articles = list(Cleaner().clean_batch(raw_docs))
    else:
        articles = [raw_article(p[0].stem, raw) for p, raw in zip(pairs, raws)]
    counts = _Counts()
    words = 0
    failed = 0
    good = [a for a in articles if isinstance(a, Article)]
    docs = paragraph_docs(nlp, good, batch_size=16)
    for (txt, ann, _), raw, article, shift in zip(pairs, raws, articles, shifts):
        golds = read_brat_attributions(ann.read_text(encoding="utf-8"))
        if shift is not None:
            golds = [shift_gold(g, shift) for g in golds]
        if not isinstance(article, Article):
            failed += 1
            score_article([], [replace(g, content=(), source=(), cue=()) for g in golds], "", counts)
            continue
        doc = next(docs)
        quotes = extractor.extract(article, doc)
        words += article.word_count
        if clean:
            mapping = offset_map(raw, article)
            golds = [map_gold(g, mapping) for g in golds]
        score_article(quotes, golds, article.text, counts, examples, txt.stem, doc)
    seconds = time.perf_counter() - started
    sp = _prf(counts.speaker_tp_pred, counts.predicted, counts.speaker_tp_gold, counts.gold_with_source)
    cp = _prf(counts.content_tp_pred, counts.predicted, counts.content_tp_gold, counts.gold)
    ep = _prf(counts.exact_tp_pred, counts.predicted, counts.exact_tp_gold, counts.gold)
    return {
        "speaker_f1": sp[2], "precision": sp[0], "recall": sp[1],
        "content_f1": cp[2], "content_precision": cp[0], "content_recall": cp[1],
        "exact_f1": ep[2], "exact_precision": ep[0], "exact_recall": ep[1],
        "speaker_accuracy": round(counts.speaker_tp_pred / counts.matched_with_source, 4)
        if counts.matched_with_source else 0.0,
        "direct_recall": round(counts.gold_direct_found / counts.gold_direct, 4) if counts.gold_direct else 0.0,
        "gold_direct": counts.gold_direct,
        "speech_recall": round(counts.gold_speech_found / counts.gold_speech, 4) if counts.gold_speech else 0.0,
        "gold_speech": counts.gold_speech,
        "articles": len(pairs), "articles_two_annotators": two_annotators, "failed_articles": failed,
        "words": words, "gold": counts.gold, "gold_with_source": counts.gold_with_source,
        "predicted": counts.predicted, "lost_in_cleaning": counts.lost_in_cleaning,
        "by_kind": counts.by_kind,
        "by_via": counts.by_via,
        "by_style": {st: _style_scores(c) for st, c in counts.by_style.items()},
        "quote_style": quote_style,
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(pairs) / seconds, 2) if seconds else 0.0,
        "words_per_s": round(words / seconds, 1) if seconds else 0.0,
        "cleaned": clean,
    }
