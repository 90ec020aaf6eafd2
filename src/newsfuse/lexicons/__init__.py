"""Domain words as data: the English lexicons under ``lexicons/en/`` and one loader.

Word lists live in small text files so they can be read, reviewed and replaced
without reading code, and so one concept (stop words, months, reporting verbs)
has one file instead of drifting copies. Three formats, each with ``#`` header
comments saying what the list is, its source and its licence:

* ``NAME.txt``: one entry a line (an entry may hold spaces: "according to").
  A stage whose set differs from a shared list derives it in its own file:
  ``@OTHER`` includes the entries of ``OTHER.txt`` (``@OTHER.tsv``: its keys)
  and ``-word`` removes a word, so the shared list is written once.
* ``NAME.tsv``: ``key<TAB>value`` a line, for words that carry a value
  (month numbers, number words, honorific genders).
* ``NAME.json``: ``{"about": ..., "source": ..., "licence": ...,
  "categories": {category: [entries]}}`` where entries carry categories; an
  entry may sit in several categories.

Nothing is cached here: a module that needs a list loads it once into a frozen
module-level constant (``_STOP = words("stop_words")``) or is passed it.

>>> "january" in mapping("months")
True
>>> mapping("months")["sept"]
'9'
"""

from __future__ import annotations

import json
from importlib import resources
from types import MappingProxyType
from typing import Mapping

__all__ = ["LexiconError", "entries", "words", "mapping", "categories", "category_words", "reporting_verbs",
           "month_names", "REPORTING_CATEGORIES"]

LANGUAGE = "en"
REPORTING_CATEGORIES = ("speech", "written", "naming", "directive", "evidential", "cognitive", "stance")
"""The categories of ``reporting_verbs.json`` (see its header)."""


class LexiconError(ValueError):
    """A lexicon file is missing or malformed (names the file and the problem)."""


def _text(filename: str) -> str:
    path = resources.files(__package__).joinpath(LANGUAGE, filename)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"lexicons/{LANGUAGE}/{filename}: no such lexicon file") from None


def _lines(filename: str) -> list[str]:
    """The file's entries: lines without ``#`` comments, blank lines and outer spaces."""
    out = []
    for line in _text(filename).splitlines():
        if line.startswith("#"):
            continue
        line = line.split(" #", 1)[0].strip()
        if line:
            out.append(line)
    return out


def entries(name: str) -> tuple[str, ...]:
    """The entries of ``NAME.txt`` in file order (for lists whose order matters),
    after its ``@OTHER`` includes and ``-word`` removals."""
    return _entries(name, ())


def _entries(name: str, seen: tuple[str, ...]) -> tuple[str, ...]:
    if name in seen:
        raise LexiconError(f"lexicons/{LANGUAGE}/{name}.txt: includes itself ({' -> '.join(seen + (name,))})")
    out: dict[str, None] = {}
    removed = set()
    for line in _lines(f"{name}.txt"):
        if line.startswith("@"):
            other = line[1:]
            included = tuple(mapping(other[:-4])) if other.endswith(".tsv") else _entries(other, seen + (name,))
            out.update(dict.fromkeys(included))
        elif line.startswith("-") and len(line) > 1:
            removed.add(line[1:])
        else:
            out[line] = None
    return tuple(w for w in out if w not in removed)


def words(name: str) -> frozenset[str]:
    """The entries of ``NAME.txt`` as a set."""
    return frozenset(entries(name))


def mapping(name: str) -> Mapping[str, str]:
    """``NAME.tsv`` as a read-only key -> value mapping, in file order."""
    out: dict[str, str] = {}
    for n, line in enumerate(_lines(f"{name}.tsv"), 1):
        key, tab, value = line.partition("\t")
        if not tab or key.strip() != key or key in out:
            raise LexiconError(f"lexicons/{LANGUAGE}/{name}.tsv: entry {n} ({line!r}) is not a new 'key<TAB>value'")
        out[key] = value.strip()
    return MappingProxyType(out)


def categories(name: str) -> Mapping[str, tuple[str, ...]]:
    """``NAME.json``'s categories: category -> entries in file order."""
    filename = f"{name}.json"
    try:
        data = json.loads(_text(filename))
        cats = data["categories"]
        return MappingProxyType({str(c): tuple(str(w) for w in ws) for c, ws in cats.items()})
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise LexiconError(f"lexicons/{LANGUAGE}/{filename}: not a categories lexicon ({e})") from None


def category_words(name: str, *wanted: str) -> frozenset[str]:
    """The entries of ``NAME.json`` in any of the ``wanted`` categories (all when none)."""
    cats = categories(name)
    unknown = [c for c in wanted if c not in cats]
    if unknown:
        raise LexiconError(f"lexicons/{LANGUAGE}/{name}.json: no category {', '.join(unknown)}")
    return frozenset(w for c, ws in cats.items() if not wanted or c in wanted for w in ws)


def reporting_verbs(*wanted: str) -> frozenset[str]:
    """Lemmas of ``reporting_verbs.json`` in any of the ``wanted`` categories (all when none)."""
    return category_words("reporting_verbs", *wanted)


def month_names() -> tuple[str, ...]:
    """The twelve full month names in order: the first name of each month in ``months.tsv``
    (its abbreviations follow it there)."""
    first: dict[str, str] = {}
    for name, number in mapping("months").items():
        first.setdefault(number, name)
    return tuple(first.values())
