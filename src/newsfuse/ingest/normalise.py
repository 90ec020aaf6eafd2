"""What every reader's output goes through before cleaning: one place, every format.

- Text loses invisible format characters (zero-width spaces, bidi controls;
  :func:`newsfuse.decode.remove_invisible`), terminal escapes and control
  characters, so provenance, dedup and story features match what a reader
  sees. The raw bytes, stored unchanged, keep the original.
- Ids, titles and outlets are single-line: no escapes, controls or line breaks.
- HTML nested deeper than libxml2 builds a tree (255 levels) is flattened, so
  its text is not lost (:func:`newsfuse.ingest.html.flatten_deep`).
"""

from __future__ import annotations

import dataclasses
import re

from ..decode import remove_invisible, strip_controls
from ..model import Format, RawDoc
from .html import flatten_deep

__all__ = ["normalise_doc", "normalise_field"]

# Numeric and named character references of the invisible characters, in HTML.
_INVISIBLE_REFS = re.compile(
    r"&(?:#(?:x0*(?:ad|61c|180e|200[be-f]|202[a-e]|206[0-9a-f]|feff)|0*(?:173|1564|6158|8203|820[67]|"
    r"823[4-8]|828[89]|829\d|830[0-3]|65279));?|(?:shy|lrm|rlm|ZeroWidthSpace|NoBreak);)",
    re.IGNORECASE,
)


def normalise_field(value: str | None) -> str | None:
    """A one-line metadata field (id, title, outlet) with nothing a terminal would act on."""
    if value is None:
        return None
    cleaned = " ".join(strip_controls(remove_invisible(value), keep_newlines=False).split())
    return cleaned or None


def normalise_doc(doc: RawDoc) -> RawDoc:
    """``doc`` with its text and fields normalised (``data``, the raw bytes, unchanged)."""
    text = doc.text
    if text is not None:
        if doc.format is Format.HTML:
            text = flatten_deep(_INVISIBLE_REFS.sub("", text))
        text = strip_controls(remove_invisible(text))
    return dataclasses.replace(
        doc,
        id=normalise_field(doc.id) or doc.origin,
        text=text,
        title=normalise_field(doc.title),
        outlet=normalise_field(doc.outlet),
    )
