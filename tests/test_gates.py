"""The quality gates themselves: the runtime stays free of evaluation code, the
data resolver, the baseline file the accuracy floors live in, the CLI import
cycle that was broken."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASELINES

SRC = Path(__file__).resolve().parents[1] / "src"


def test_runtime_never_loads_the_evaluation_package():
    code = ("import sys, newsfuse.cli, newsfuse.pipeline, newsfuse.provenance.paraphrase, newsfuse.stories, "
            "newsfuse.facts.quotes; print(sorted(m for m in sys.modules if m.startswith('newsfuse_eval')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_runtime_source_has_no_import_of_the_evaluation_package():
    offenders = []
    for path in sorted((SRC / "newsfuse").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] == "newsfuse_eval" for n in names):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    # the `newsfuse eval ...` commands import it inside the command, and only they
    assert offenders and all(o.startswith("newsfuse/cli.py:") for o in offenders), offenders


def _imported_modules(path: Path, package: str) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            out.add(module)
            out.update(f"{module}.{a.name}" for a in node.names)
    return out


def test_distributed_cli_hook_does_not_import_the_cli():
    imported = _imported_modules(SRC / "newsfuse" / "distributed" / "cli_hook.py", "newsfuse.distributed")
    assert "newsfuse.cli_common" in imported
    assert "newsfuse.cli" not in imported


def test_data_resolver_prefers_the_environment(monkeypatch, tmp_path):
    from newsfuse_eval.paths import ENV_VAR, data_path, data_root

    monkeypatch.delenv(ENV_VAR, raising=False)
    assert data_root() == SRC.parents[1] / "shared" / "data"  # ../shared/data beside the checkout
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert data_path("polnear", "dev") == tmp_path / "polnear" / "dev"


def test_baselines_hold_a_command_and_floors_below_what_was_measured():
    entries = {k: v for k, v in json.loads(BASELINES.read_text(encoding="utf-8")).items() if not k.startswith("_")}
    assert entries
    for name, entry in entries.items():
        assert entry["command"] and entry["test"].startswith("tests/"), name
        assert Path(BASELINES.parent.parent / entry["test"].split("::")[0]).is_file(), name
        for key, bound in entry["metrics"].items():
            assert 0 <= bound["floor"] <= bound["measured"] <= 1, (name, key)


def test_check_floors_reports_every_miss(monkeypatch, tmp_path):
    import conftest

    baselines = tmp_path / "baselines.json"
    baselines.write_text(json.dumps({"x": {"command": "cmd", "metrics": {
        "f1": {"measured": 0.9, "floor": 0.8}, "sub.p": {"measured": 0.7, "floor": 0.6}}}}))
    monkeypatch.setattr(conftest, "BASELINES", baselines)
    conftest.check_floors("x", {"f1": 0.85, "sub": {"p": 0.6}})
    with pytest.raises(AssertionError) as err:
        conftest.check_floors("x", {"f1": 0.5, "sub": {"p": 0.1}})
    assert "f1 = 0.5000 < floor 0.8 (measured 0.9)" in str(err.value) and "sub.p" in str(err.value)
