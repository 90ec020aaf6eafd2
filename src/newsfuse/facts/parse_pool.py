"""Parse articles in worker processes that hand back the bytes the parse cache keeps.

spaCy's ``nlp.pipe(n_process=N)`` tokenises in the calling process and ships
each Doc both ways with ``Doc.to_bytes``: the parsed one comes back with its
tok2vec tensor (~400 kB for a 600-word article), and newsfuse then serialised
every doc a second time, as a ``DocBin``, for the store. Here a worker gets the
text and its paragraph starts, tokenises, parses and serialises the doc as the
``DocBin`` bytes the store keeps (~15 kB); the caller stores those bytes as they
are and rebuilds the Doc once with :func:`doc_from_bytes`. That took about 8 CPU
ms per article out of the calling process (bench/run.py).

Every parse, fresh or cached, reaches the extractors through the same bytes,
so an analysis never depends on whether its parses came from the cache.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from .nlp import single_threaded_blas
from .windows import pipe_presegmented

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from ..model import Article

__all__ = ["ParseStream", "doc_from_bytes", "doc_to_bytes", "parse_to_bytes"]

# A text to parse as the workers receive it: the text and its paragraph starts.
_Item = tuple[str, tuple[int, ...]]

# The pipeline of this worker process, set once by _start_worker (one per process;
# the parent never sets it).
_worker_nlp: "Language | None" = None
# Texts this pool's workers have parsed so far (shared with the parent; set by _start_worker).
_worker_done: Any = None


def doc_to_bytes(doc: "Doc") -> bytes:
    """A parse as the store keeps it: a one-doc ``DocBin`` (no tensor, compressed)."""
    from spacy.tokens import DocBin

    return DocBin(docs=[doc]).to_bytes()


def doc_from_bytes(data: bytes, vocab: "Vocab") -> "Doc":
    """The Doc of :func:`doc_to_bytes`' bytes, its strings added to ``vocab``."""
    from spacy.tokens import DocBin

    return next(iter(DocBin().from_bytes(data).get_docs(vocab)))


def _parse_chunk(nlp: "Language", items: Sequence[_Item], batch_size: int) -> list[bytes]:
    with single_threaded_blas():
        docs = pipe_presegmented(nlp, items, batch_size=batch_size)  # long texts in windows
        return [doc_to_bytes(doc) for doc in docs]


def _start_worker(nlp: "Language", niceness: int, done: Any = None) -> None:
    import os

    from threadpoolctl import threadpool_limits

    global _worker_nlp, _worker_done
    _worker_nlp = nlp
    _worker_done = done
    threadpool_limits(limits=1, user_api="blas")  # one BLAS thread per worker, for its lifetime
    if niceness:
        os.nice(niceness)


def _worker_parse(task: tuple[Sequence[_Item], int]) -> list[bytes]:
    items, batch_size = task
    assert _worker_nlp is not None, "parse worker used before _start_worker"
    blobs = _parse_chunk(_worker_nlp, items, batch_size)
    if _worker_done is not None:
        with _worker_done.get_lock():
            _worker_done.value += len(blobs)
    return blobs


def _item(article: "Article") -> _Item:
    return article.text, tuple(p.start for p in article.paragraphs)


def _chunks(items: Sequence[_Item], batch_size: int) -> Iterator[tuple[Sequence[_Item], int]]:
    for start in range(0, len(items), batch_size):
        yield items[start : start + batch_size], batch_size


def _fed_chunks(feed: "queue.SimpleQueue[list[_Item] | None]", batch_size: int
                ) -> Iterator[tuple[Sequence[_Item], int]]:
    """Chunks of what :meth:`ParseStream.extend` queues, until :meth:`ParseStream.finish`
    (read by the pool's task thread, which waits here for more)."""
    while (items := feed.get()) is not None:
        yield from _chunks(items, batch_size)


class ParseStream:
    """Parses of a list of articles as :func:`doc_to_bytes` bytes, in order.

    With ``n_process > 1`` the work starts when the stream is made, in that
    many worker processes forked from this one (they share the loaded
    pipeline; spawned where the platform cannot fork), each taking
    ``batch_size`` articles at a time, at ``niceness`` above this process so
    that parsing ahead only takes CPU the caller leaves idle. Iterate it, or
    :meth:`close` it to stop the workers early; it closes itself when done.

    An ``open_ended`` stream (workers only) takes more articles with
    :meth:`extend` while it runs, until :meth:`finish`: a caller can start the
    parse on what it has (e.g. each batch ingest commits) and add the rest later.
    """

    def __init__(self, nlp: "Language", articles: Iterable["Article"], *, n_process: int = 1,
                 batch_size: int = 32, niceness: int = 0, open_ended: bool = False) -> None:
        items = [_item(a) for a in articles]
        self.n_process = max(1, n_process)
        self._queued = len(items)
        self._done = None
        self._pool = None
        self._feed: "queue.SimpleQueue[list[_Item] | None] | None" = None
        if open_ended and n_process <= 1:
            raise ValueError("an open-ended stream needs worker processes (n_process > 1)")
        if n_process <= 1 or not (items or open_ended):
            self._results: Iterator[list[bytes]] = (_parse_chunk(nlp, chunk, size)
                                                    for chunk, size in _chunks(items, batch_size))
        else:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._done = context.Value("q", 0)
            self._pool = context.Pool(n_process, initializer=_start_worker, initargs=(nlp, niceness, self._done))
            tasks = _chunks(items, batch_size)
            if open_ended:
                self._feed = queue.SimpleQueue()
                tasks = itertools.chain(tasks, _fed_chunks(self._feed, batch_size))
            self._results = self._pool.imap(_worker_parse, tasks)
        self._chunk: Iterator[bytes] = iter(())

    def extend(self, articles: Iterable["Article"]) -> None:
        """Queue more articles (an ``open_ended`` stream only); their parses follow, in order."""
        if self._feed is None:
            raise ValueError("extend() needs an open-ended stream that is not finished")
        items = [_item(a) for a in articles]
        if items:
            self._queued += len(items)
            self._feed.put(items)

    def backlog(self) -> int:
        """Texts queued to the workers that they have not parsed yet (0 without workers)."""
        return self._queued - self._done.value if self._done is not None else 0

    def finish(self) -> None:
        """No more articles (an ``open_ended`` stream): the stream ends after the last one queued."""
        if self._feed is not None:
            self._feed.put(None)
            self._feed = None

    def __iter__(self) -> "ParseStream":
        return self

    def __next__(self) -> bytes:
        while True:
            try:
                return next(self._chunk)
            except StopIteration:
                pass
            try:
                self._chunk = iter(next(self._results))
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        """Stop the worker processes (if any); the stream yields nothing more."""
        self.finish()  # the pool's task thread may be waiting for more: release it before stopping
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        self._results = iter(())
        self._chunk = iter(())

    def __enter__(self) -> "ParseStream":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parse_to_bytes(nlp: "Language", articles: Iterable["Article"], *, n_process: int = 1,
                   batch_size: int = 32) -> ParseStream:
    """Each article's parse (paragraph starts are sentence starts) as
    :func:`doc_to_bytes` bytes, in the order of ``articles`` (a :class:`ParseStream`)."""
    return ParseStream(nlp, articles, n_process=n_process, batch_size=batch_size)
