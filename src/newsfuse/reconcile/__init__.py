"""Reconcile a story's facts across its articles: numeric claims grouped by
what they count with a verdict per group (``groups``), and a ledger of the
same quote across outlets (``ledger``). ``reconcile_story`` runs the whole
thing for one story (numeric claims plus dated past events, ``facts``)."""

from .facts import reconcile_story, story_claims
from .groups import VERDICTS, ClaimGroup, GroupValue, ReconcileConfig, Side, reconcile_claims
from .ledger import LedgerEntry, LedgerOccurrence, quote_ledger

__all__ = [
    "VERDICTS",
    "ClaimGroup",
    "GroupValue",
    "ReconcileConfig",
    "Side",
    "reconcile_claims",
    "reconcile_story",
    "story_claims",
    "LedgerEntry",
    "LedgerOccurrence",
    "quote_ledger",
]
