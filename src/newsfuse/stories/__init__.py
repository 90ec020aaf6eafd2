"""Incremental story clustering that keeps neighbouring events apart.

    >>> from newsfuse.stories import StoryClusterer          # doctest: +SKIP
    >>> clusterer = StoryClusterer()                         # doctest: +SKIP
    >>> clusterer.add_many(articles)                         # doctest: +SKIP
    >>> [(s.id, s.label, len(s.articles)) for s in clusterer.stories()]   # doctest: +SKIP
    >>> state = clusterer.to_state()   # JSON-serialisable   # doctest: +SKIP
    >>> clusterer = StoryClusterer.from_state(state)         # doctest: +SKIP

Modules:

* :mod:`.features` -- per-article signals (terms, entities, numbers, dates,
  title+lead embedding, headline);
* :mod:`.ahead` -- the embeddings computed ahead by helper threads;
* :mod:`.packed` -- a placed article's features, packed (what the clusterer keeps);
* :mod:`.index` -- running IDF, story profiles, candidate index;
* :mod:`.score` -- the signals comparing an article (or story) to a story and
  the logistic model over them;
* :mod:`.cluster` -- :class:`StoryClusterer` (join / new / merge / split);
* :mod:`.bcubed` -- B-cubed precision/recall/F1.

Fitting weights and thresholds on labelled data and the evaluation
(``evaluate_stories``: B-cubed, CV, baseline) live outside the runtime, in
:mod:`newsfuse_eval.story_tune` and :mod:`newsfuse_eval.stories`.

The spaCy pipeline and the sentence encoder are owned by the instance that
uses them (or passed in); this package keeps no module-level state.
"""

from .bcubed import bcubed
from .cluster import DEFAULT_PAIR_WEIGHTS, DEFAULT_WEIGHTS, StoryClusterer, StoryConfig
from .features import ArticleFeatures, FeatureConfig, FeatureExtractor, headline_of, load_ner

__all__ = [
    "ArticleFeatures",
    "DEFAULT_PAIR_WEIGHTS",
    "DEFAULT_WEIGHTS",
    "FeatureConfig",
    "FeatureExtractor",
    "StoryClusterer",
    "StoryConfig",
    "bcubed",
    "headline_of",
    "load_ner",
]
