"""List word lists written as Python literals under src/newsfuse (issue 14: words belong in lexicons/).

    python tools/find_wordlists.py [SRC_DIR] [--min N] [--verbose]

A word list is a set/list/tuple/frozenset/dict-keys literal of at least N (default 5) string
constants, a ``"word word ...".split()``,
or a regex string built from an alternation of at least N plain words ("said|told|...").
Prints one line per list (file:line name count) and the totals; exit status 0 always.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

_WORD = re.compile(r"[A-Za-z][A-Za-z'.\- ]*")


def _strings(node: ast.AST) -> list[str] | None:
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
        vals = node.func.value.value.split()
        return vals if vals and sum(bool(_WORD.fullmatch(v)) for v in vals) * 2 > len(vals) else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"frozenset", "set", "tuple", "list"} and node.args:
        return _strings(node.args[0])
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        vals = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        if len(vals) == len(node.elts) and vals and all(_WORD.fullmatch(v) for v in vals):
            return vals
    if isinstance(node, ast.Dict) and node.keys:
        keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        if len(keys) == len(node.keys) and all(_WORD.fullmatch(k) for k in keys):
            return keys
    return None


def _alternation(text: str) -> list[str]:
    best: list[str] = []
    for group in re.findall(r"[A-Za-z'\\ ?|]{10,}", text):
        words = [w for w in group.split("|") if re.fullmatch(r"[A-Za-z][a-z']+", w)]
        if len(words) > len(best):
            best = words
    return best


def find(src: Path, minimum: int) -> list[tuple[str, int, str, int]]:
    found = []
    for path in sorted(src.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        taken: set[int] = set()
        for node in ast.walk(tree):
            if id(node) in taken:
                continue
            vals = _strings(node)
            if vals and len(vals) >= minimum:
                for sub in ast.walk(node):
                    taken.add(id(sub))
                found.append((str(path.relative_to(src)), node.lineno, "list", len(vals)))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                alt = _alternation(node.value)
                if len(alt) >= minimum:
                    found.append((str(path.relative_to(src)), node.lineno, "regex", len(alt)))
            elif isinstance(node, ast.JoinedStr):
                for sub in ast.walk(node):
                    taken.add(id(sub))
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                alt = _alternation(text)
                if len(alt) >= minimum:
                    found.append((str(path.relative_to(src)), node.lineno, "regex", len(alt)))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", nargs="?", default=str(Path(__file__).resolve().parents[1] / "src" / "newsfuse"))
    parser.add_argument("--min", type=int, default=5)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    found = find(Path(args.src), args.min)
    if args.verbose:
        for path, line, kind, n in found:
            print(f"{path}:{line} {kind} {n}")
    print(f"{len(found)} word lists, {sum(n for *_, n in found)} words in .py files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
