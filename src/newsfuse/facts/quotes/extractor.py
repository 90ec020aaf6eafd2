"""The quote extractor: runs the attribution stages over one parsed article and
turns the attributions into :class:`~newsfuse.facts.quotes.model.Quote` records.

``Quote.confidence`` is a product of how the attribution was found and how the
speaker was resolved (see ``_VIA_CONFIDENCE`` and ``_SPEAKER_CONFIDENCE``); it is
a ranking score, not a calibrated probability.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Sequence

from ...model import Article
from ..paragraph_parse import paragraph_doc, paragraph_docs
from .context import ArticleContext, Attribution
from .model import QuoteAct, QuoteKind, Via
from .polarity import no_words
from .continuation import attribute_leftovers
from .frames import attribute_in_frame
from .indirect import find_indirect
from .model import Quote, QuoteConfig
from .phrases import SPACE_RE
from .report_nouns import find_report_nouns
from .sources import find_source_phrases
from .stances import find_stances
from .transcripts import find_transcript_lines

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span as SpacySpan

    from ..token_scan import TokenScan

__all__ = ["QuoteExtractor", "extract_quotes"]


_VIA_CONFIDENCE = {
    ("frame", "direct"): 0.95,
    ("frame", "partial"): 0.8,
    ("colon", "direct"): 0.85,
    ("colon-block", "direct"): 0.75,
    ("next-paragraph", "direct"): 0.75,
    ("same-paragraph", "direct"): 0.85,
    ("open-quote", "direct"): 0.8,
    ("transcript", "direct"): 0.9,
    ("dash", "direct"): 0.9,
    ("colon", "partial"): 0.7,
    ("dash", "partial"): 0.7,
    ("previous-paragraph", "direct"): 0.65,
    ("according", "indirect"): 0.8,
    ("source-phrase", "indirect"): 0.7,
    ("indirect", "indirect"): 0.8,
    ("stance", "indirect"): 0.7,
    ("report-noun", "indirect"): 0.65,
}
_CATEGORY_FACTOR = {"speech": 1.0, "written": 1.0, "naming": 0.9, "directive": 0.9, "evidential": 0.8,
                    "cognitive": 0.7, "stance": 0.85}
_SPEAKER_CONFIDENCE = {"name": 1.0, "phrase": 0.9, "pronoun": 0.9, "description": 0.85,
                       "relative": 0.95, "unresolved": 0.5}


class QuoteExtractor:
    """Extract quotes from Articles; holds the caller's ``nlp`` and a config.

    Example:
        >>> from newsfuse.facts.nlp import load_nlp          # doctest: +SKIP
        >>> extractor = QuoteExtractor(load_nlp())           # doctest: +SKIP
        >>> quotes = extractor.extract(article)              # doctest: +SKIP
    """

    def __init__(self, nlp: "Language | None" = None, config: QuoteConfig = QuoteConfig()) -> None:
        self.nlp = nlp
        self.config = config

    def extract(self, article: Article, doc: "Doc | None" = None, *, checked: bool = False,
                ents: "tuple[SpacySpan, ...] | None" = None, scan: "TokenScan | None" = None) -> list[Quote]:
        """Quotes of one article; parses it (paragraph breaks as sentence breaks, see
        :mod:`~newsfuse.facts.paragraph_parse`) unless given the ``doc`` of ``article.text``.

        ``checked``: the caller has made sure that ``doc.text == article.text``
        (``Doc.text`` rebuilds the text from every token, so check once per doc).
        ``ents``: ``doc.ents`` when the caller has them (``Doc.ents`` makes new
        spans on every call); ``scan``: a :class:`~newsfuse.facts.token_scan.TokenScan`
        of ``doc`` to share.
        """
        if doc is None:
            if self.nlp is None:
                raise ValueError("pass a spaCy Doc of article.text or give the extractor an nlp")
            doc = paragraph_doc(self.nlp, article)
        if not checked and doc.text != article.text:
            raise ValueError("the Doc was not made from article.text")
        return _run(article, doc, self.config, ents, scan)

    def extract_many(self, articles: Sequence[Article], batch_size: int = 16) -> Iterator[list[Quote]]:
        """Quotes per article, in order; parses with ``nlp.pipe`` (paragraph breaks as
        sentence breaks)."""
        if self.nlp is None:
            raise ValueError("extract_many needs an nlp")
        docs = paragraph_docs(self.nlp, articles, batch_size=batch_size)
        for article, doc in zip(articles, docs):
            yield _run(article, doc, self.config)


def extract_quotes(
    article: Article,
    doc: "Doc | None" = None,
    *,
    nlp: "Language | None" = None,
    config: QuoteConfig = QuoteConfig(),
) -> list[Quote]:
    """Quotes of one article, sorted by position.

    Pass the ``Doc`` of ``article.text`` if you have one, else the ``nlp`` to
    make it (see :func:`newsfuse.facts.nlp.load_nlp`).
    """
    return QuoteExtractor(nlp, config).extract(article, doc)


def _run(article: Article, doc: "Doc", config: QuoteConfig, ents: "tuple[SpacySpan, ...] | None" = None,
         scan: "TokenScan | None" = None) -> list[Quote]:
    """The stages in order: marks and people (in the context), transcripts, frames,
    indirect speech, neighbouring paragraphs, stances, speaker resolution."""
    ctx = ArticleContext(article, doc, config, ents, scan)
    find_transcript_lines(ctx)
    for q in ctx.quotes:
        if q.attr is None and not q.nested:
            attribute_in_frame(ctx, q)
    if config.indirect:
        find_indirect(ctx)
        find_source_phrases(ctx)
    attribute_leftovers(ctx)
    if config.stances:
        find_stances(ctx)
        find_report_nouns(ctx)
    _resolve_speakers(ctx)
    return _records(ctx)


def _resolve_speakers(ctx: "ArticleContext") -> None:
    """Resolve each attribution's mention; continuations copy their parent's speaker."""
    ctx.attrs.sort(key=lambda a: (a.cue_pos, a.start))
    for attr in ctx.attrs:
        if attr.parent is None:
            ctx.people.resolve(attr, ctx.attrs)
    for attr in ctx.attrs:
        root = attr
        hops = 0
        while root.parent is not None and hops < 50:
            root = root.parent
            hops += 1
        if root is not attr:
            attr.speaker, attr.speaker_span = root.speaker, root.speaker_span
            attr.mention_span, attr.speaker_how = root.mention_span, root.speaker_how
            attr.cue, attr.category = root.cue, root.category
    for attr in ctx.attrs:
        _first_person(ctx, attr)


_FIRST_PERSON = frozenset({"i", "me", "we", "us", "my", "our"})


def _first_person(ctx: "ArticleContext", attr: Attribution) -> None:
    """A first-person speaker ("I", "we") is never a speaker's name: inside a quote it is
    the quote's own speaker ("‘I said no,’ she said" -> she); outside any quote it is
    the writer addressing the reader ("We report the facts ..."), marked ``writer``."""
    if attr.speaker_how != "unresolved" or attr.speaker.lower() not in _FIRST_PERSON or attr.mention is None:
        return
    outer = ctx.in_quote(attr.mention.idx)
    frame = outer.attr if outer is not None else None
    if frame is not None and frame is not attr and frame.speaker and frame.speaker_how != "unresolved":
        attr.speaker, attr.speaker_span = frame.speaker, frame.speaker_span
        attr.speaker_how, attr.is_person, attr.gender = frame.speaker_how, frame.is_person, frame.gender
        return
    if outer is None:
        attr.writer = True  # the writer's own voice
    else:
        attr.speaker = ""  # a first person inside a quote we cannot place


def _records(ctx: "ArticleContext") -> list[Quote]:
    """Attributions with a speaker and a cue as :class:`Quote` records, one per span."""
    out: dict[tuple[int, int], Quote] = {}
    for attr in ctx.attrs:
        if not attr.speaker or not attr.cue:
            continue
        if attr.speaker_how == "unresolved" and (
            not ctx.config.keep_unresolved_pronouns or attr.speaker.lower() == "it"
        ):
            continue
        base = _VIA_CONFIDENCE.get((attr.via, attr.kind), 0.7)
        conf = base * _CATEGORY_FACTOR.get(attr.category, 0.8) * _SPEAKER_CONFIDENCE.get(attr.speaker_how, 0.8)
        cue_start = attr.cue[0].idx
        cue_end = attr.cue[-1].idx + len(attr.cue[-1].text)
        quote = Quote(
            article=ctx.article.id,
            speaker=attr.speaker,
            speaker_start=attr.speaker_span[0],
            speaker_end=attr.speaker_span[1],
            cue=SPACE_RE.sub(" ", ctx.text[cue_start:cue_end]),
            cue_start=cue_start,
            cue_end=cue_end,
            text=ctx.text[attr.start:attr.end],
            start=attr.start,
            end=attr.end,
            kind=QuoteKind(attr.kind),
            confidence=round(conf, 3),
            mention_start=attr.mention_span[0],
            mention_end=attr.mention_span[1],
            via=Via(attr.via),
            act=QuoteAct.WRITER if attr.writer else QuoteAct.NEGATED if no_words(attr.cue[0]) else QuoteAct.SAID,
        )
        key = (attr.start, attr.end)
        if key not in out or out[key].confidence < quote.confidence:
            out[key] = quote
    return sorted(out.values(), key=lambda q: (q.start, q.end))
