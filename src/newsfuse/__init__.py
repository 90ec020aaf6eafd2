"""newsfuse: turn a stream of news articles into one trustworthy, cited picture of each story.

Stages, one package or module each, with typed records in between:
``ingest`` (readers -> RawDoc) -> ``clean`` (RawDoc -> Article, ``model``) ->
``store`` (SQLite) -> ``provenance`` (who copied or rewrote whom) -> ``stories``
(incremental clustering) -> ``facts`` (entities, quotes, claims, dates, events) ->
``reconcile`` (claims across sources) -> ``brief`` (cited story brief); ``pipeline``
and ``analyse`` drive them, ``views`` reads results back for ``cli`` and ``web``.

For notebooks: ``newsfuse.open("newsfuse.db")`` (:mod:`newsfuse.api`) returns
stories, articles, claims, quotes, entities, events and search hits as records
or DataFrames.
"""

from .api import open

__all__ = ["open"]
