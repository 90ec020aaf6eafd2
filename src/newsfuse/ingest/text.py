"""Plain-text article files (one article per file, id = file stem)."""

from __future__ import annotations

from pathlib import Path

from ..decode import decode_bytes, printable_name
from ..model import Format, RawDoc

__all__ = ["read_text_file"]


def read_text_file(path: Path, ident: str | None = None) -> RawDoc:
    """``ident``: the article id (default: the file stem; see :class:`newsfuse.ingest.sources.Found`)."""
    data = path.read_bytes()
    where = printable_name(str(path))
    text, encoding = decode_bytes(data, where)
    return RawDoc(id=ident or printable_name(path.stem), origin=where, data=data, format=Format.TEXT, text=text,
                  encoding=encoding)
