"""Gold attributions from brat stand-off files (PolNeAR layout), and mapping their
offsets from the raw text onto a cleaned ``Article.text``. Used by the evaluation
(:mod:`newsfuse_eval.quotes`) and its tests; no scoring here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newsfuse.model import Article, Paragraph

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["GoldAttribution", "read_brat_attributions", "find_brat_pairs", "offset_map", "map_gold",
           "raw_article"]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution, with offsets into the text it was read against."""

    content: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    content_text: str
    source_text: str
    cue_text: str


def read_brat_attributions(ann_text: str) -> list[GoldAttribution]:
    """Parse a brat ``.ann`` file's attributions (``T`` + ``E`` lines)."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...], str]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in ann_text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            kind, _, offsets = parts[1].partition(" ")
            frags = tuple(tuple(int(x) for x in frag.split()) for frag in offsets.split(";"))
            spans[parts[0]] = (kind, frags, parts[2] if len(parts) > 2 else "")  # type: ignore[assignment]
        elif parts[0].startswith("E"):
            args = [tuple(a.split(":", 1)) for a in parts[1].split()]
            events.append((args[0][0], args[1:]))  # type: ignore[arg-type]
    out = []
    for etype, refs in events:
        if not etype.startswith("Attribution"):
            continue
        roles: dict[str, list[str]] = {"Content": [], "Source": [], "Cue": []}
        for role, ref in refs:
            base = role.rstrip("0123456789")
            if base in roles and ref in spans:
                roles[base].append(ref)
        content = tuple(f for ref in roles["Content"] for f in spans[ref][1])
        if not content:
            continue
        source = tuple(f for ref in roles["Source"] for f in spans[ref][1])
        cue = tuple(f for ref in roles["Cue"] for f in spans[ref][1])
        out.append(GoldAttribution(
            content, source, cue,
            " ".join(spans[r][2] for r in roles["Content"]),
            " ".join(spans[r][2] for r in roles["Source"]),
            " ".join(spans[r][2] for r in roles["Cue"]),
        ))
    return out


def find_brat_pairs(folder: "str | Path") -> list[tuple["Path", "Path", list[str]]]:
    """``(text file, chosen .ann file, all annotators)`` for each text with attributions.

    When an article has several annotators' files, the first in alphabetical
    order is used (consistently, for every article)."""
    from pathlib import Path

    folder = Path(folder)
    anns: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem, _, _annotator = ann.stem.rpartition("_")
        anns.setdefault(stem, []).append(ann)
    out = []
    for txt in sorted((folder / "text").glob("*.txt")):
        files = anns.get(txt.stem)
        if files:
            out.append((txt, files[0], [f.stem.rpartition("_")[2] for f in files]))
    return out


def offset_map(raw: str, article: Article) -> list[int]:
    """For each character of ``raw``, its offset in ``article.text`` (-1 if dropped).

    Paragraphs of a text article remember their source line; each is aligned
    to that line with difflib (the cleaner collapses spaces and may cut a
    header prefix or a dateline), so the alignment is local and exact.
    """
    from difflib import SequenceMatcher

    mapping = [-1] * (len(raw) + 1)
    line_starts = []
    pos = 0
    for line in raw.splitlines(keepends=True):
        line_starts.append(pos)
        pos += len(line)
    lines = raw.splitlines()
    for p in article.paragraphs:
        if not 1 <= p.line <= len(lines):
            continue
        src = lines[p.line - 1]
        base = line_starts[p.line - 1]
        para = article.text[p.start:p.end]
        matcher = SequenceMatcher(None, src, para, autojunk=False)
        for a, b, size in matcher.get_matching_blocks():
            for k in range(size):
                mapping[base + a + k] = p.start + b + k
    mapping[len(raw)] = len(article.text)
    return mapping


def _map_span(mapping: list[int], start: int, end: int) -> tuple[int, int] | None:
    s = start
    while s < end and mapping[s] < 0:
        s += 1
    e = end - 1
    while e >= s and mapping[e] < 0:
        e -= 1
    if s > e:
        return None
    return mapping[s], mapping[e] + 1


def map_gold(gold: GoldAttribution, mapping: list[int]) -> GoldAttribution:
    """The attribution with offsets mapped through :func:`offset_map` (dropped fragments removed)."""

    def conv(frags: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
        return tuple(m for m in (_map_span(mapping, s, e) for s, e in frags) if m is not None)

    return replace(gold, content=conv(gold.content), source=conv(gold.source), cue=conv(gold.cue))


_EDGE_STRIP = " \t\n\"'“”‘’„«».,;:!?"


def raw_article(article_id: str, text: str) -> Article:
    """An Article over ``text`` as-is (no cleaning): one paragraph per non-blank line."""
    from newsfuse.segment import SentenceSplitter

    paragraphs: list[Paragraph] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            paragraphs.append(Paragraph(pos + lead, pos + lead + len(stripped), line=len(paragraphs) + 1))
        pos += len(line)
    splitter = SentenceSplitter()
    sentences = [s for p in paragraphs for s in splitter.spans(text, p.start, p.end)]
    return Article(id=article_id, text=text, title=None, date=None, outlet=None, url=None,
                   origin=article_id, raw_sha256="", paragraphs=tuple(paragraphs), sentences=tuple(sentences))
