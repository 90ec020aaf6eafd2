"""Expand paths and dispatch each file to the reader for its format."""

from __future__ import annotations

import glob
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..decode import printable_name
from ..errors import InputError
from ..model import RawDoc
from . import feed, html, jsonl, text, warc

__all__ = ["IngestConfig", "detect_format", "expand_paths", "read_path", "read_inputs"]

MB = 1024 * 1024

_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
    ".arc": "warc",
}


@dataclass(frozen=True)
class IngestConfig:
    """Limits that keep one bad input from exhausting memory.

    Single-article files (text, HTML) and feeds are read whole, so they are
    capped; JSONL and WARC are streamed and only each record is capped.
    """

    max_article_bytes: int = 20 * MB
    max_feed_bytes: int = 50 * MB


def detect_format(path: Path, head: bytes = b"") -> str | None:
    """The reader for ``path``: by suffix, else by sniffing its first bytes."""
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    by_suffix = _BY_SUFFIX.get(path.suffix.lower())
    if by_suffix:
        return by_suffix
    sniff = head.lstrip()[:512].lower()
    if sniff.startswith(b"warc/"):
        return "warc"
    if sniff.startswith(b"<?xml") and (b"<rss" in sniff or b"<feed" in sniff or b"<rdf" in sniff):
        return "feed"
    if sniff.startswith((b"<rss", b"<feed")):
        return "feed"
    if sniff.startswith((b"<!doctype html", b"<html")):
        return "html"
    if sniff.startswith(b"{"):
        return "jsonl"
    return None


def expand_paths(paths: Iterable[str]) -> Iterator[Path | InputError]:
    """Files named, files under folders (recursively, sorted), glob matches.

    Inside folders only files of a known article format are taken (hidden
    files and unknown suffixes are passed over); a file named explicitly is
    always read, its format sniffed if the suffix says nothing.
    """
    for raw in paths:
        if raw == "-":
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for fname in sorted(files):
                    child = Path(root) / fname
                    if fname.startswith(".") or detect_format(child) is None:
                        continue
                    found = True
                    yield child
            if not found:
                yield InputError(printable_name(raw), "folder holds no article files (.txt .html .jsonl .xml/.rss/.atom .warc)")
        elif path.exists():
            yield path
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield InputError(printable_name(raw), "no file matches this pattern")
            for match in matches:
                if Path(match).is_file():
                    yield Path(match)
        else:
            yield InputError(printable_name(raw), "no such file or folder")


def read_path(path: Path, config: IngestConfig = IngestConfig()) -> Iterator[RawDoc | InputError]:
    """Read one file of any supported format."""
    where = printable_name(str(path))
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        yield InputError(where, f"cannot be read ({exc.strerror or exc})")
        return
    if size == 0:
        yield InputError(where, "is empty")
        return
    kind = detect_format(path, head) or "text"
    if kind in ("text", "html") and size > config.max_article_bytes:
        yield InputError(where, f"is {size / MB:.1f} MB, over the {config.max_article_bytes / MB:.0f} MB limit for one article")
        return
    if kind == "feed" and size > config.max_feed_bytes:
        yield InputError(where, f"is {size / MB:.1f} MB, over the {config.max_feed_bytes / MB:.0f} MB limit for a feed")
        return
    try:
        if kind == "text":
            yield text.read_text_file(path)
        elif kind == "html":
            yield html.read_html_file(path)
        elif kind == "feed":
            yield from feed.read_feed(path.read_bytes(), where)
        elif kind == "warc":
            with path.open("rb") as handle:
                yield from warc.read_warc(handle, where, config.max_article_bytes)
        else:
            with path.open("rb") as handle:
                yield from jsonl.read_jsonl(handle, where, config.max_article_bytes)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(where, f"cannot be read ({exc.strerror or exc})")


def read_inputs(
    paths: Iterable[str],
    config: IngestConfig = IngestConfig(),
    stdin: BinaryIO | None = None,
) -> Iterator[RawDoc | InputError]:
    """Read every input; ``-`` reads JSONL from ``stdin`` (default: sys.stdin)."""
    paths = list(paths)
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_path(item, config)
    if "-" in paths:
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from jsonl.read_jsonl(stream, "<stdin>", config.max_article_bytes)
