"""Title+lead embeddings computed ahead, by helper threads, while the caller clusters.

MiniLM is most of the cost of story features (~12 ms of CPU per article,
against ~5 ms for everything else, clustering included). onnxruntime
releases the GIL while it runs, so helper threads, each running the
single-threaded encoder on its own chunk of texts, keep both cores busy
while the caller computes the model-free features and clusters: cheaper
than onnxruntime's own intra-op threads, which spin while they wait (two of
them cost 25-45% more CPU than one for the same vectors, two helper threads
~3%, on this project's two shared cores). The vectors
depend neither on the thread count nor on which texts share a batch
(checked bit for bit), so nothing moves.

Identical texts (reprints, copies) are encoded once per run.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Sequence

import numpy as np

__all__ = ["EmbedAhead"]

#: distinct texts remembered for de-duplication (~0.5 kB each)
MAX_REMEMBERED = 200_000


class EmbedAhead:
    """Chunks of texts encoded by ``workers`` helper threads; results taken in order.

    Args:
        encode: ``texts -> float32 matrix``, one row per text (e.g.
            :meth:`newsfuse.embed.SentenceEncoder.encode`); called from
            ``workers`` threads at once (an onnxruntime session allows it).
        workers: helper threads.

    Use as a context manager; :meth:`submit` chunks in order, then
    :meth:`next` returns the vectors of the oldest chunk not yet taken.

    Example:
        >>> with EmbedAhead(lambda ts: np.ones((len(ts), 2), np.float32)) as ahead:
        ...     ahead.submit(["a", "b", "a"])
        ...     [v.tolist() for v in ahead.next()]
        [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]
    """

    def __init__(self, encode: Callable[[list[str]], np.ndarray], workers: int = 1) -> None:
        self._encode = encode
        self.workers = workers
        self._where: dict[str, tuple[Future, int]] = {}  # text -> (its chunk's future, row)
        self._pending: deque[list[tuple[Future, int]]] = deque()
        self._pool: ThreadPoolExecutor | None = None

    def __enter__(self) -> "EmbedAhead":
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="newsfuse-embed")
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()
        self._where.clear()

    def submit(self, texts: Sequence[str]) -> None:
        """Queue one chunk; only its texts not seen before are encoded."""
        if self._pool is None:
            raise RuntimeError("EmbedAhead is used outside its `with` block")
        if len(self._where) > MAX_REMEMBERED:
            self._where.clear()
        todo = [t for t in dict.fromkeys(texts) if t not in self._where]
        if todo:
            future = self._pool.submit(self._encode, todo)
            for row, text in enumerate(todo):
                self._where[text] = (future, row)
        self._pending.append([self._where[t] for t in texts])

    def next(self) -> list[np.ndarray]:
        """The vectors of the oldest queued chunk, one per text (waits for them)."""
        return [future.result()[row] for future, row in self._pending.popleft()]
