"""Plain-text article files (one article per file, id = file stem)."""

from __future__ import annotations

from pathlib import Path

from ..decode import decode_bytes
from ..model import Format, RawDoc

__all__ = ["read_text_file"]


def read_text_file(path: Path) -> RawDoc:
    data = path.read_bytes()
    text, encoding = decode_bytes(data, str(path))
    return RawDoc(id=path.stem, origin=str(path), data=data, format=Format.TEXT, text=text, encoding=encoding)
