"""B-cubed precision, recall and F1 of a clustering (Bagga & Baldwin 1998).

For each item: precision is the share of its predicted cluster that shares
its gold label, recall the share of its gold cluster that is in its predicted
cluster (the item itself included). Both are averaged over items; F1 is their
harmonic mean. Items missing from either side are ignored.
"""

from __future__ import annotations

from collections import Counter
from typing import Hashable, Mapping

__all__ = ["bcubed"]


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """B-cubed scores of ``predicted`` (item -> cluster) against ``gold`` (item -> label).

    Example:
        >>> s = bcubed({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "y", "c": "y"})
        >>> round(s["precision"], 3), round(s["recall"], 3), round(s["f1"], 3)
        (0.667, 0.667, 0.667)
    """
    items = [i for i in predicted if i in gold]
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "items": 0}
    pred_size = Counter(predicted[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    both = Counter((predicted[i], gold[i]) for i in items)
    precision = sum(both[(predicted[i], gold[i])] / pred_size[predicted[i]] for i in items) / len(items)
    recall = sum(both[(predicted[i], gold[i])] / gold_size[gold[i]] for i in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "items": len(items)}
