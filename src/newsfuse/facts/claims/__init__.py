"""Numeric claims: a number, what it counts or measures, when, and how sure.

:func:`extract_claims` reads an article's spaCy ``Doc`` and returns
:class:`~newsfuse.facts.records.Claim` records, stand-off over
``Article.text``. :func:`thing_key` gives the content words a reconciler can
group claims on.

How it works (rules over the parse; the model is only asked for entities):

1. **Candidates** (:mod:`~newsfuse.facts.claims.candidates`). spaCy
   ``MONEY``/``CARDINAL``/``PERCENT``/``QUANTITY`` entities, plus a scan of
   the text for what the small model misses ("$65bn", "dozens", "billions of
   dollars"); a currency mark or hedge just outside the entity is taken in.
   Counts the writer leaves open are claims too, with no value ("an unknown
   number of Chinese troops"). Durations are claims only in the "first ... in
   five years" / "first ... since 2019" construction
   (:mod:`~newsfuse.facts.claims.durations`).
2. **Not claims** (:mod:`~newsfuse.facts.claims.candidates`). Years as dates,
   ordinals, times of day, list numbering, numbers inside names, anaphoric
   counts ("the two leaders"), a bare "one", numbers that modify a singular
   noun ("a 911 caller"), counts of nothing nameable ("a dozen more"), and
   numbers in short lines without a verb (page chrome). Numbers inside
   quotation marks are claims like any other.
3. **Reading.** :func:`newsfuse.facts.claims.numbers.parse_amount` gives value,
   interval, currency and hedge.
4. **The thing** (:mod:`~newsfuse.facts.claims.things`). For counts, the noun
   the number modifies with its modifiers and the clause it is in ("Indian
   soldiers killed"); for money and percentages, the clause ("India's imports
   from Russia", "rise in India's bilateral trade with Russia").
5. **Time** (:mod:`~newsfuse.facts.claims.timing`). The date expression in the
   claim's clause, resolved against ``anchor``.

:func:`thing_key` (:mod:`~newsfuse.facts.claims.keys`) stems the thing's
content words so "killed"/"killing" and "imports"/"import" group together.

Example:
    >>> from newsfuse.facts.nlp import load_nlp                        # doctest: +SKIP
    >>> nlp = load_nlp()                                                # doctest: +SKIP
    >>> c = extract_claims(article, nlp(article.text), anchor="2024-07-08")[0]  # doctest: +SKIP
    >>> (c.text, c.value, c.hedge, c.unit, c.thing)                     # doctest: +SKIP
    ('about $60 billion', 60000000000.0, 'about', 'USD', "India's imports from Russia")
"""

from __future__ import annotations

from .extract import ALGORITHM, extract_claims
from .keys import content_key, thing_key

__all__ = ["extract_claims", "thing_key", "content_key", "ALGORITHM"]
