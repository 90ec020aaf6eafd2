"""Expand paths and dispatch each file to the reader for its format."""

from __future__ import annotations

import glob
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from ..decode import printable_name
from ..errors import InputError
from ..model import RawDoc
from . import feed, html, jsonl, text, warc
from .normalise import normalise_doc

__all__ = ["IngestConfig", "Found", "detect_format", "expand_paths", "read_path", "read_inputs"]

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


@dataclass(frozen=True)
class Found:
    """A file to read and the article id a single-article file gets.

    The id is the file's path relative to the argument that named it, without
    its suffix: ``in/siteA/index.html`` found under ``in`` is ``siteA/index``,
    so saved pages that share a file name stay separate articles. A file named
    directly (or directly inside the folder named) keeps its bare stem.
    """

    path: Path
    id: str


def _relative_id(path: Path, base: Path) -> str:
    try:
        rel = path.relative_to(base)
    except ValueError:
        rel = Path(path.name)
    return printable_name((rel.parent / rel.stem).as_posix())


def _glob_base(pattern: str) -> Path:
    """The folder part of a glob before its first wildcard: ids are relative to it."""
    parts = Path(pattern).parts
    fixed = [p for p in parts[: next((i for i, p in enumerate(parts) if glob.has_magic(p)), len(parts))]]
    return Path(*fixed) if fixed else Path(".")


def expand_paths(paths: Iterable[str]) -> Iterator[Found | InputError]:
    """Files named, files under folders (recursively, sorted), glob matches.

    Inside folders only files of a known article format are taken (hidden
    files and unknown suffixes are passed over); a file named explicitly is
    always read, its format sniffed if the suffix says nothing. A sub-folder
    that cannot be listed is reported, never skipped in silence.
    """
    for raw in paths:
        if raw == "-":
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, raw)
        elif path.exists():
            yield Found(path, printable_name(path.stem))
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield InputError(printable_name(raw), "no file matches this pattern")
            base = _glob_base(raw)
            for match in matches:
                if Path(match).is_file():
                    yield Found(Path(match), _relative_id(Path(match), base))
        else:
            yield InputError(printable_name(raw), "no such file or folder")


def _walk(path: Path, raw: str) -> Iterator[Found | InputError]:
    unreadable: list[OSError] = []
    found = False
    for root, dirs, files in os.walk(path, onerror=unreadable.append):
        yield from (_unreadable(exc) for exc in unreadable)
        unreadable.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for fname in sorted(files):
            child = Path(root) / fname
            if fname.startswith(".") or detect_format(child) is None:
                continue
            found = True
            yield Found(child, _relative_id(child, path))
    if unreadable:
        yield from (_unreadable(exc) for exc in unreadable)
    elif not found:
        yield InputError(printable_name(raw), "folder holds no article files (.txt .html .jsonl .xml/.rss/.atom .warc)")


def _unreadable(exc: OSError) -> InputError:
    return InputError(printable_name(str(exc.filename)), f"folder cannot be read ({exc.strerror or exc})")


def read_path(path: Path, config: IngestConfig = IngestConfig(), ident: str | None = None
              ) -> Iterator[RawDoc | InputError]:
    """Read one file of any supported format (``ident``: the id of a single-article file)."""
    where = printable_name(str(path))
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # open() on a named pipe blocks until a writer comes; a device may never end
            yield InputError(where, "is not a regular file (a pipe, device or socket); pipe JSONL to `-` instead")
            return
        size = info.st_size
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
    ident = ident or printable_name(path.stem)
    try:
        if kind == "text":
            yield text.read_text_file(path, ident)
        elif kind == "html":
            yield html.read_html_file(path, ident)
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
    claimed: dict[str, Path] = {}  # id of each single-article file -> the file that has it
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        if detect_format(item.path) in ("text", "html", None):
            owner = claimed.setdefault(item.id, item.path)
            if owner != item.path:
                if not _same_file(owner, item.path):
                    yield InputError(printable_name(str(item.path)),
                                     f"would get the article id {item.id!r} that {printable_name(str(owner))} "
                                     "already has in this run; rename one of them (it was not read)")
                continue  # a file named twice is read once
        for doc in read_path(item.path, config, item.id):
            yield normalise_doc(doc) if isinstance(doc, RawDoc) else doc
    if "-" in paths:
        stream = stdin if stdin is not None else sys.stdin.buffer
        for doc in jsonl.read_jsonl(stream, "<stdin>", config.max_article_bytes):
            yield normalise_doc(doc) if isinstance(doc, RawDoc) else doc


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
