"""HTML page files (one article per file, id = file stem).

Only decoding happens here; extraction of the main text is the cleaner's job
(:mod:`newsfuse.clean.html`), so WARC and feed HTML share one path.
"""

from __future__ import annotations

from pathlib import Path

from ..decode import decode_bytes
from ..model import Format, RawDoc

__all__ = ["read_html_file"]


def read_html_file(path: Path) -> RawDoc:
    data = path.read_bytes()
    text, encoding = decode_bytes(data, str(path))
    return RawDoc(id=path.stem, origin=str(path), data=data, format=Format.HTML, text=text, encoding=encoding)
