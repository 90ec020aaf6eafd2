"""Facts extracted from articles. Every record holds character offsets into
``Article.text``; nothing here copies or rewrites the article.

Layout, by stage:

==========================  ==================================================
``extract``                 :class:`~.extract.FactExtractor`: one parse per article,
                            then every step below; :func:`~.extract.facts_to_json`
``nlp``                     the spaCy loader the steps share
``paragraph_parse``         parse with paragraph breaks as sentence breaks
``parse_pool``              that parse in worker processes, as cacheable bytes
``fast_attribute_ruler``    spaCy's attribute_ruler, same annotations, less CPU
``fast_lemmatizer``         spaCy's English lemmatizer, same lemmas, less CPU
``records``                 the typed records (Claim, Entity, Event, ...)
``dates``                   date mentions and article/story anchors
``entities``                named entities resolved across a story
``quotes/``                 quotes with their speakers: quote marks, cues,
                            frames, indirect speech, stances, speakers
                            (scoring against brat/PolNeAR: ``newsfuse_eval``)
``claims/``                 numeric claims: ``numbers`` (reading amounts),
                            candidates, the thing counted, its time, keys
``events/``                 who did what to whom: arguments, names, dates,
                            modality, merging repeats
==========================  ==================================================

Each package's ``__init__`` is its public entry point (``newsfuse.facts.quotes``,
``newsfuse.facts.claims``, ``newsfuse.facts.events``).
"""
