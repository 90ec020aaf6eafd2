"""Hostile input and resource faults (issue 21): every input path bounded and total.

Each case GENERATES its input (nothing hostile is checked in) and checks what a
user sees: the exit code, one ``error:`` line per bad input naming it, no
``Traceback``, the good inputs of the same command stored, and for the bombs a
bounded time and peak memory (measured on a child process). The cases carry the
finding they cover (``../shared/reliability-findings.md``: H3-H7, M1-M4, L1-L13).

Fast cases run in-process; the ones that need a real process (memory, kill -9,
two writers, a full disk, a closed stdout) start ``newsfuse``. Those that load
the models are marked ``slow`` (they still run in CI).
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from newsfuse.errors import NewsfuseError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
GIB_2 = 2 * 1024 * 1024  # peak RSS budget, KiB

STORM = "A powerful storm hit the coast on Monday, officials said. Thousands of homes lost power as winds reached 120 km/h."
BANK = ("The central bank raised its main interest rate by half a point on Thursday, citing stubborn inflation. "
        "Markets fell sharply after the decision.")
TEAM = ("The home team won the national championship on Sunday after a dramatic overtime goal. "
        "Fans poured into the streets of the capital to celebrate.")


def _article(title: str, body: str) -> str:
    return f"{title}\n\n{body}\n\n{body.replace('.', ' again.', 1)}\n"


# -- running newsfuse ---------------------------------------------------------


@dataclass
class Outcome:
    rc: int
    stdout: str
    stderr: str
    seconds: float = 0.0
    max_rss_kib: int = 0

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("error:")]


def nf(db: Path, *args: object, input: str | bytes | None = None) -> Outcome:
    """``newsfuse --db DB ARGS`` in-process. Anything but a clean exit or an error
    ``main()`` turns into one line (NewsfuseError, click's usage errors) fails."""
    from newsfuse.cli import cli

    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["--db", str(db), *(str(a) for a in args)], input=input)
    exc = result.exception
    if exc is not None and not isinstance(exc, (SystemExit, NewsfuseError)):
        raise AssertionError(f"newsfuse {' '.join(map(str, args))} raised {type(exc).__name__}: {exc}") from exc
    rc = result.exit_code if not isinstance(exc, NewsfuseError) else 1
    return Outcome(rc, result.stdout, result.stderr, time.perf_counter() - start)


_LAUNCHER = (
    "import resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(p.returncode)\n"
)


def program(tmp: Path, *args: object, timeout: float = 120, stdout=None, limits: dict | None = None,
            env: dict | None = None, close_stdout: bool = False) -> Outcome:
    """The real ``newsfuse`` program, with its wall time and peak RSS (via a launcher
    process whose RUSAGE_CHILDREN is this run alone). ``limits``: setrlimit values."""
    exe = Path(sys.executable).parent / "newsfuse"
    rss_file = tmp / f".rss-{time.monotonic_ns()}"

    def preexec() -> None:
        os.setsid()
        for name, value in (limits or {}).items():
            resource.setrlimit(name, (value, value))
        if close_stdout:
            os.close(1)

    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(rss_file), str(exe), *map(str, args)],
                            stdout=stdout if stdout is not None else subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=tmp, env={**_env(), **(env or {})}, preexec_fn=preexec)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError(f"newsfuse {' '.join(map(str, args))} ran over {timeout} s (a hang)") from None
    seconds = time.perf_counter() - start
    rss = int(rss_file.read_text()) if rss_file.exists() else 0
    return Outcome(proc.returncode, (out or b"").decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                   seconds, rss)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NEWSFUSE_DB", None)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def assert_clean(out: Outcome, rc: int, errors: list[tuple[str, str]] = ()) -> None:
    """Exit code ``rc``, exactly one ``error:`` line per expected (where, what), no traceback."""
    assert "Traceback" not in out.stderr, out.stderr[-3000:]
    assert out.rc == rc, (out.rc, out.stderr[-2000:])
    lines = out.errors
    assert len(lines) == len(errors), lines
    for where, what in errors:
        assert any(where in line and what in line for line in lines), (where, what, lines)


def stored(db: Path) -> dict[str, str]:
    """id -> current text of every stored article."""
    if not db.exists():
        return {}
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT id, text FROM current_articles"))


def versions(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


# -- bad files: one generated input per case, plus good ones around it -------------


@dataclass
class Case:
    """One hostile input: ``build(folder)`` writes it and returns the paths to ingest
    (the good files ``before.txt`` and ``after.txt`` are added around them)."""

    name: str
    finding: str
    build: Callable[[Path], list[Path]]
    errors: list[tuple[str, str]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)  # must be stored besides before/after
    check: Callable[[Path, Outcome], None] | None = None


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(data, bytes) else lambda d: path.write_text(d, encoding="utf-8"))(data)
    return path


def _jsonl(path: Path, *lines: str) -> Path:
    return _write(path, "\n".join(lines) + "\n")


def _rec(ident: str, text: str = STORM, **extra) -> str:
    return json.dumps({"id": ident, "text": text, **extra})


def _gz_header_bomb(path: Path, mib: int, http: bool) -> Path:
    """A .warc.gz whose one header line (WARC or HTTP) is ``mib`` MiB without a CRLF."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/\r\n"
            b"Content-Type: application/http; msgtype=response\r\n")
    if http:
        head += f"Content-Length: {mib * (1 << 20) + 100}\r\n\r\nHTTP/1.1 200 OK\r\nX-Long: ".encode()
    else:
        head += b"X-Long: "
    parts = [c.compress(head)] + [c.compress(b"A" * (1 << 20)) for _ in range(mib)]
    parts += [c.compress(b"\r\n\r\n"), c.flush()]
    return _write(path, b"".join(parts))


def _deep_html(depth: int, closed: bool) -> str:
    s = "The minister said on Tuesday that the government would spend $4.2 billion on new roads. " * 5
    inner = "<div>" * depth + f"<p>{s}</p>" + ("</div>" * depth if closed else "")
    return (f"<html><head><title>Deep page</title></head><body>{inner}<p>{s}</p>"
            f"<p>{s.replace('roads', 'bridges')}</p></body></html>")


def _mixed_encoding(path: Path) -> Path:
    s = "Café crème in Zürich costs more this year, the council said on Monday. "
    return _write(path, ("Prices rise in Zürich\n\n" + s * 8 + "\n\n").encode() + (s * 8 + "\n").encode("cp1252"))


def _check_mixed(db: Path, out: Outcome) -> None:
    text = stored(db)["mixed"]
    assert text.count("Café crème") == 16 and "Ã" not in text and "č" not in text


def _check_deep(db: Path, out: Outcome) -> None:
    texts = [t for i, t in stored(db).items() if i.startswith("deep")]
    assert texts and all("$4.2 billion on new roads" in t for t in texts)


def _check_nan(db: Path, out: Outcome) -> None:
    shown = nf(db, "show", "nan1", "--json")
    doc = json.loads(shown.stdout, parse_constant=lambda c: pytest.fail(f"{c} in show --json"))
    assert doc["id"] == "nan1"


def _check_dates(db: Path, out: Outcome) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT date FROM current_articles WHERE id = 'y1'").fetchone()[0] == "0001-01-01"


def _check_invisible(db: Path, out: Outcome) -> None:
    texts = stored(db)
    assert texts["zw"] == texts["plain"], "zero-width characters must not reach the stored text"
    assert "\u202e" not in texts["bidi"] and "\u200b" not in texts["bidi"]


def _check_controls(db: Path, out: Outcome) -> None:
    listing = nf(db, "articles")
    assert "\x1b" not in listing.stdout and "PWNED" not in listing.stdout
    assert "Storm" in listing.stdout and "[/]" in listing.stdout and "[red]rich2" in listing.stdout


def _random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _three_sites(folder: Path) -> Path:
    """Saved pages as wget lays them out: siteA/index.html, siteB/index.html, ..."""
    for site, title, text in (("siteA", "Storm hits coast", STORM), ("siteB", "Bank raises rates", BANK),
                              ("siteC", "Team wins title", TEAM)):
        _write(folder / site / "index.html", f"<html><head><title>{title}</title></head><body><article><h1>{title}"
                                             f"</h1><p>{text}</p><p>{text}</p></article></body></html>")
    return folder


def _sparse(path: Path, size: int) -> Path:
    _write(path, b"x")
    os.truncate(path, size)
    return path


def _symlink_loop(folder: Path) -> list[Path]:
    loop = folder / "loop"
    loop.mkdir(parents=True)
    _write(loop / "inner.txt", _article("Bridge closes for repairs", BANK))
    (loop / "again").symlink_to(loop, target_is_directory=True)
    (loop / "dangling.txt").symlink_to(folder / "nowhere.txt")
    return [loop]


CASES = [
    Case("empty file", "-", lambda d: [_write(d / "empty.txt", b"")], [("empty.txt", "is empty")]),
    Case("whitespace only", "-", lambda d: [_write(d / "blank.txt", " \n\t\n" * 50)], [("blank.txt", "")]),
    Case("PNG named .txt", "-", lambda d: [_write(d / "img.txt", b"\x89PNG\r\n\x1a\n" + bytes(200))],
         [("img.txt", "PNG image")]),
    Case("executable named .txt", "-", lambda d: [_write(d / "ls.txt", b"\x7fELF\x02\x01\x01" + bytes(500))],
         [("ls.txt", "executable")]),
    Case("random bytes .txt", "-", lambda d: [_write(d / "noise.txt", _random_bytes(65536, 1))],
         [("noise.txt", "")]),
    Case("random bytes .html", "-", lambda d: [_write(d / "noise.html", _random_bytes(65536, 2))],
         [("noise.html", "")]),
    Case("UTF-16 without BOM", "-", lambda d: [_write(d / "u16.txt", _article("Storm", STORM).encode("utf-16-le"))],
         [("u16.txt", "")]),
    Case("file over the 20 MB limit", "-", lambda d: [_sparse(d / "huge.txt", 21 * 1024 * 1024)],
         [("huge.txt", "over the 20 MB limit")]),
    Case("mixed UTF-8 and cp1252 in one file", "L1", lambda d: [_mixed_encoding(d / "mixed.txt")],
         ids={"mixed"}, check=_check_mixed),
    Case("HTML nested 300 levels, closed", "L2", lambda d: [_write(d / "deep.html", _deep_html(300, True))],
         ids={"deep"}, check=_check_deep),
    Case("HTML with 100,000 unclosed divs", "L2", lambda d: [_write(d / "deep2.html", _deep_html(100_000, False))],
         ids={"deep2"}, check=_check_deep),
    Case("HTML with only scripts", "-",
         lambda d: [_write(d / "script.html", "<html><body><script>var a=1;</script><style>p{}</style></body></html>")],
         [("script.html", "no article text")]),
    Case("HTML zero-width entities", "M4",
         lambda d: [_write(d / "zwref.html", "<html><head><title>Storm</title></head><body><article><h1>Storm</h1>"
                           + f"<p>{STORM.replace('storm', 'st&#8203;or&#x200B;m')}</p><p>{BANK}</p></article></body></html>")],
         ids={"zwref"}, check=lambda db, out: None if "\u200b" not in stored(db)["zwref"] else pytest.fail("kept")),
    Case("RSS billion laughs", "-",
         lambda d: [_write(d / "lol.rss", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                           + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
                           + ']><rss version="2.0"><channel><title>LOL</title><item><title>&i;</title>'
                           + f"<link>http://lol.example/1</link><description>{STORM}</description></item></channel></rss>")],
         [("lol.rss", "feed XML is broken")], ids={"http://lol.example/1"}),  # read leniently, entities left alone
    Case("RSS cut off", "-", lambda d: [_write(d / "cut.rss", '<?xml version="1.0"?><rss version="2.0"><channel><ti')],
         [("cut.rss", "")]),
    Case("JSONL broken lines", "-",
         lambda d: [_jsonl(d / "broken.jsonl", _rec("j1"), "{not json", '{"id": "j2"', "[1, 2]", '"text"', "null",
                           _rec("j3", BANK))],
         [("broken.jsonl:2", "not valid JSON"), ("broken.jsonl:3", "not valid JSON"),
          ("broken.jsonl:4", "JSON object"), ("broken.jsonl:5", "JSON object"), ("broken.jsonl:6", "JSON object")],
         ids={"j1", "j3"}),
    Case("JSONL 5,000-digit integer", "H5",
         lambda d: [_jsonl(d / "bigint.jsonl", _rec("b1"), '{"id":"bad","text":"x","n":1' + "0" * 5000 + "}",
                           _rec("b2", BANK))],
         [("bigint.jsonl:2", "integer too large")], ids={"b1", "b2"}),
    Case("JSONL nested 100,000 deep", "H5",
         lambda d: [_jsonl(d / "deep.jsonl", _rec("d1"), '{"id":"deep","text":"abc def.","x":' + "[" * 100_000 + "1"
                           + "]" * 100_000 + "}", _rec("d2", BANK))],
         [("deep.jsonl:2", "nested too deeply")], ids={"d1", "d2"}),
    Case("JSONL NaN and Infinity", "L13",
         lambda d: [_jsonl(d / "nan.jsonl", '{"id":"nan1","text":"' + STORM + '","score":NaN,"hi":Infinity}')],
         ids={"nan1"}, check=_check_nan),
    Case("JSONL year 1 and odd dates", "L13",
         lambda d: [_jsonl(d / "dates.jsonl", _rec("y1", date="0001-01-01"), _rec("y2", BANK, date="2024-02-30"),
                           _rec("y3", TEAM, date=1700000000))],
         ids={"y1", "y2", "y3"}, check=_check_dates),
    Case("JSONL lone surrogate", "-", lambda d: [_jsonl(d / "sur.jsonl", '{"id":"s1","text":"bad \\ud800 text here."}')],
         [("sur.jsonl:1", "lone surrogate")]),
    Case("JSONL random bytes", "-", lambda d: [_write(d / "noise.jsonl", b"{" + _random_bytes(4096, 3).replace(b"\n", b""))],
         [("noise.jsonl:1", "")]),
    Case("WARC header line of 64 MiB in 64 KB of gzip", "H6", lambda d: [_gz_header_bomb(d / "bomb.warc.gz", 64, False)],
         [("bomb.warc.gz", "header line is over")]),
    Case("WARC HTTP header line of 64 MiB", "H6", lambda d: [_gz_header_bomb(d / "hbomb.warc.gz", 64, True)],
         [("hbomb.warc.gz", "header line is over")]),
    Case("WARC cut in its headers", "-",
         lambda d: [_write(d / "cut.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Len")], [("cut.warc", "")]),
    Case("not a WARC", "-", lambda d: [_write(d / "fake.warc", b"hello there, this is not an archive\n")],
         [("fake.warc", "not a WARC")]),
    Case("zero-width and bidi characters", "M4",
         lambda d: [_write(d / "plain.txt", _article("Storm hits coast", STORM)),
                    _write(d / "zw.txt", "".join(c + ("\u200b" if c.isalpha() and i % 3 == 0 else "")
                                                 for i, c in enumerate(_article("Storm hits coast", STORM)))),
                    _write(d / "bidi.txt", _article("Storm \u202ehits\u202c coast", STORM.replace("coast", "co\ufeffast")))],
         ids={"plain", "zw", "bidi"}, check=_check_invisible),
    Case("terminal escapes and markup in titles", "L9/H4",
         lambda d: [_jsonl(d / "esc.jsonl", _rec("esc1", title="Storm \x1b]0;PWNED\x1b\\ hits \x1b[2J\x1b[H coast"),
                           _rec("rich1", BANK, title="Rates [/] rise [link=https://evil.example/]now[/link]"),
                           _rec("[red]rich2", TEAM, outlet="[bold red]Reuters[/bold red]"))],
         ids={"esc1", "rich1", "[red]rich2"}, check=_check_controls),
    Case("file names with newline, ESC and markup", "L9",
         lambda d: [_write(d / "new\nline.txt", _article("Storm", STORM)), _write(d / "\x1b[31mred.txt", _article("Bank", BANK)),
                    _write(d / "[bold]b.txt", _article("Team", TEAM))],
         ids={"new line", "red", "[bold]b"}),
    Case("same file stem in three folders", "H7", lambda d: [_three_sites(d / "site")],
         ids={"siteA/index", "siteB/index", "siteC/index"}),
    Case("two inputs of one run with the same id", "H7",
         lambda d: [_write(d / "a" / "story.txt", _article("Storm", STORM)), _write(d / "b" / "story.txt", _article("Bank", BANK))],
         [("b/story.txt", "already has")], ids={"story"}),
    Case("symlink loop and dangling link", "-", _symlink_loop, [("dangling.txt", "")], ids={"inner"}),
    Case("a device named directly", "M1", lambda d: [Path("/dev/zero")], [("/dev/zero", "not a regular file")]),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.finding}:{c.name}" for c in CASES])
def test_hostile_input_is_one_line_and_the_rest_is_stored(case: Case, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    before = _write(inputs / "before.txt", _article("Council approves school budget", TEAM.replace("team", "council")))
    paths = case.build(inputs)
    after = _write(inputs / "zz_after.txt", _article("Ferry service resumes", BANK.replace("bank", "ferry operator")))
    db = tmp_path / "h.db"
    out = nf(db, "ingest", before, *paths, after)
    assert out.seconds < 60, f"{case.name}: {out.seconds:.0f} s"
    assert_clean(out, 1 if case.errors else 0, case.errors)
    kept = set(stored(db))
    assert {"before", "zz_after", *case.ids} <= kept, kept
    if case.check is not None:
        case.check(db, out)


# -- bombs in a real process: time and peak memory -------------------------------


@pytest.mark.parametrize("http", [False, True], ids=["warc-header", "http-header"])
def test_warc_header_bomb_needs_no_memory(tmp_path: Path, http: bool) -> None:
    """H6: a 256 MiB header line (256 KB of gzip) costs neither time nor memory."""
    bomb = _gz_header_bomb(tmp_path / "bomb.warc.gz", 256, http)
    good = _write(tmp_path / "storm.txt", _article("Storm hits coast", STORM))
    out = program(tmp_path, "--db", tmp_path / "w.db", "ingest", bomb, good, timeout=120)
    assert_clean(out, 1, [("bomb.warc.gz", "header line is over")])
    assert out.max_rss_kib < 600 * 1024, out.max_rss_kib  # the line alone would be 256 MiB, x3 in warcio
    assert set(stored(tmp_path / "w.db")) == {"storm"}


def test_jsonl_bombs_from_stdin_keep_the_files_named_before(tmp_path: Path) -> None:
    """H5 through ``-``: the file named before the bad stream is stored, each bad line is one line."""
    good = _write(tmp_path / "storm.txt", _article("Storm hits coast", STORM))
    lines = [_rec("s1", BANK), '{"id":"x","text":"t","x":' + "[" * 200_000 + "]" * 200_000 + "}", '{"id":"n","text":"t","n":' + "9" * 10_000 + "}", _rec("s2", TEAM)]
    out = nf(tmp_path / "s.db", "ingest", good, "-", input="\n".join(lines) + "\n")
    assert_clean(out, 1, [("<stdin>:2", "nested too deeply"), ("<stdin>:3", "integer too large")])
    assert set(stored(tmp_path / "s.db")) == {"storm", "s1", "s2"}


# -- special files, unreadable folders ---------------------------------------------


def test_named_pipe_in_a_folder_is_refused_not_waited_for(tmp_path: Path) -> None:
    """M1: a FIFO with an article suffix blocks open() forever; it is refused, the rest stored."""
    folder = tmp_path / "in"
    _write(folder / "a.txt", _article("Storm hits coast", STORM))
    os.mkfifo(folder / "pipe.txt")
    out = program(tmp_path, "--db", tmp_path / "f.db", "ingest", folder, timeout=60)
    assert_clean(out, 1, [("pipe.txt", "not a regular file")])
    assert set(stored(tmp_path / "f.db")) == {"a"}


def _deny_listing(monkeypatch, denied: Path) -> None:
    """Make listing ``denied`` fail as chmod 000 would for a user without DAC override
    (root ignores permissions, so the test does not depend on who runs it)."""
    real = os.scandir

    def scandir(path="."):
        if Path(os.fsdecode(path)).resolve() == denied.resolve():
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_sub_folder_is_reported_with_exit_1(tmp_path: Path, monkeypatch) -> None:
    """M2: an unreadable sub-folder is one error line, exit 1; the readable files are stored."""
    folder = tmp_path / "in"
    _write(folder / "top.txt", _article("Storm hits coast", STORM))
    _write(folder / "locked" / "inner.txt", _article("Bank raises rates", BANK))
    _deny_listing(monkeypatch, folder / "locked")
    out = nf(tmp_path / "u.db", "ingest", folder)
    assert_clean(out, 1, [("locked", "cannot be read (Permission denied)")])
    assert set(stored(tmp_path / "u.db")) == {"top"}


def test_unreadable_top_folder_says_so(tmp_path: Path, monkeypatch) -> None:
    """M2: the folder named cannot be listed: that reason, not "holds no article files"."""
    folder = tmp_path / "in"
    _write(folder / "top.txt", _article("Storm hits coast", STORM))
    _deny_listing(monkeypatch, folder)
    out = nf(tmp_path / "u.db", "ingest", folder)
    assert_clean(out, 1, [("in", "cannot be read (Permission denied)")])
    assert "no article files" not in out.stderr


# -- ids and idempotence ----------------------------------------------------------


def test_example_ids_are_unchanged_named_directly_or_by_folder(tmp_path: Path) -> None:
    """H7 keeps the old ids where they were unique: a file directly in the folder named, or named itself."""
    first = sorted(EXAMPLES.glob("*.txt"))[0]
    out = nf(tmp_path / "a.db", "ingest", first)
    assert_clean(out, 0)
    assert set(stored(tmp_path / "a.db")) == {first.stem} == {"000_84cc0352b6f1ec13"}
    out = nf(tmp_path / "b.db", "ingest", EXAMPLES)
    assert_clean(out, 0)
    assert set(stored(tmp_path / "b.db")) == {p.stem for p in EXAMPLES.glob("*.txt")}


def test_reingesting_identical_input_changes_nothing(tmp_path: Path) -> None:
    """M3: a folder with a reprint (cross-article chrome evidence grows) ingested three times:
    the second and third say 0 new, 0 updated, and no version is added."""
    folder = tmp_path / "in"
    for path in EXAMPLES.glob("*.txt"):
        _write(folder / path.name, path.read_bytes())
    _write(folder / "reprint_001.txt", (EXAMPLES / "001_c3cc268cb8b335a2.txt").read_bytes())
    db = tmp_path / "m.db"
    assert_clean(nf(db, "ingest", folder), 0)
    texts, count = stored(db), versions(db)
    for _ in range(2):
        out = nf(db, "ingest", folder)
        assert_clean(out, 0)
        assert f"0 new, 0 updated, {len(texts)} unchanged" in out.stderr
    assert stored(db) == texts and versions(db) == count


# -- stores and resources ---------------------------------------------------------


def test_store_from_a_newer_newsfuse_is_refused_in_one_line(tmp_path: Path) -> None:
    """L5: an unknown migration means a newer program wrote the store: reads and writes refuse it."""
    db = tmp_path / "n.db"
    good = _write(tmp_path / "storm.txt", _article("Storm hits coast", STORM))
    assert_clean(nf(db, "ingest", good), 0)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES ('0099_future', '2030-01-01')")
        conn.execute("ALTER TABLE articles RENAME COLUMN text TO body")
    for args in (("articles",), ("ingest", good), ("show", "storm")):
        out = nf(db, *args)
        assert out.rc == 1 and "newer newsfuse" in out.stderr and "0099_future" in out.stderr, out.stderr
        assert "no such column" not in out.stderr


def test_full_disk_during_ingest_is_one_line_and_the_store_stays_intact(tmp_path: Path) -> None:
    """A full file system (RLIMIT_FSIZE: writes past 1.5 MB fail with EFBIG, as on a full disk)."""
    folder = tmp_path / "in"
    for n in range(400):
        _write(folder / f"a{n:03d}.txt", _article(f"Storm {n} hits coast", STORM + f" Case {n}. " + BANK * 3))
    db = tmp_path / "full.db"
    out = program(tmp_path, "--db", db, "ingest", folder, limits={resource.RLIMIT_FSIZE: 1_500_000}, timeout=120)
    assert "Traceback" not in out.stderr and out.rc == 1, out.stderr[-2000:]
    assert len(out.errors) == 1 and str(db) in out.errors[0], out.errors
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rerun = program(tmp_path, "--db", db, "-q", "ingest", folder, timeout=120)
    assert_clean(rerun, 0)
    assert len(stored(db)) == 400 and versions(db) == 400


def test_full_or_closed_stdout_is_one_line(tmp_path: Path) -> None:
    """L11: stdout on a full device, or closed, ends in one line, not a traceback."""
    db = tmp_path / "o.db"
    assert_clean(nf(db, "ingest", _write(tmp_path / "storm.txt", _article("Storm hits coast", STORM))), 0)
    with open("/dev/full", "wb") as full:
        out = program(tmp_path, "--db", db, "articles", "--json", stdout=full)
    assert_clean(out, 1, [("standard output", "No space left on device")])
    out = program(tmp_path, "--db", db, "articles", close_stdout=True)
    assert_clean(out, 1, [("standard output", "closed")])
    out = program(tmp_path, "--db", db, "-q", "ingest", tmp_path / "storm.txt", close_stdout=True)
    assert_clean(out, 0)  # a command that prints nothing runs with stdout closed


def test_bad_port_is_a_usage_line(tmp_path: Path) -> None:
    """L12: ``serve --port 99999`` is click's usage error (rc 2), not three tracebacks."""
    db = tmp_path / "p.db"
    assert_clean(nf(db, "ingest", _write(tmp_path / "storm.txt", _article("Storm hits coast", STORM))), 0)
    out = nf(db, "serve", "--port", "99999")
    assert out.rc == 2 and "99999" in out.stderr and "Traceback" not in out.stderr


def test_two_concurrent_writers_store_each_article_once(tmp_path: Path) -> None:
    """Two ``ingest`` processes on one new store at once, with overlapping inputs."""
    a, b = tmp_path / "a", tmp_path / "b"
    for n in range(120):
        text = _article(f"Storm {n} hits coast", STORM + f" Case {n}.")
        _write(a / f"x{n:03d}.txt", text)
        if n % 2 == 0:
            _write(b / f"x{n:03d}.txt", text)
        _write(b / f"y{n:03d}.txt", _article(f"Bank {n} raises rates", BANK + f" Case {n}."))
    db = tmp_path / "c.db"
    exe = Path(sys.executable).parent / "newsfuse"
    procs = [subprocess.Popen([str(exe), "--db", str(db), "--lock-timeout", "120", "-q", "ingest", str(folder)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env()) for folder in (a, b)]
    results = [p.communicate(timeout=240) for p in procs]
    for proc, (_, err) in zip(procs, results):
        assert proc.returncode == 0 and b"Traceback" not in err, err[-2000:]
    assert len(stored(db)) == 240 and versions(db) == 240
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_ingest_killed_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    """kill -9 in the middle of an ingest, then the same command again."""
    folder = tmp_path / "in"
    for n in range(1500):
        _write(folder / f"a{n:04d}.txt", _article(f"Storm {n} hits coast", STORM + f" Case {n}."))
    db = tmp_path / "k.db"
    exe = Path(sys.executable).parent / "newsfuse"
    proc = subprocess.Popen([str(exe), "--db", str(db), "-q", "ingest", str(folder)], env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists() and _count_quietly(db) >= 256:
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    killed_at = _count_quietly(db)
    out = program(tmp_path, "--db", db, "ingest", folder, timeout=180)
    assert_clean(out, 0)
    assert f"{1500 - killed_at} new, 0 updated, {killed_at} unchanged" in out.stderr
    assert len(stored(db)) == 1500 and versions(db) == 1500


def _count_quietly(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


# -- web ----------------------------------------------------------------------------


def test_web_ingest_with_too_many_fields_is_400_not_500(tmp_path: Path) -> None:
    """L7: more than 20 form fields (before the token check) is the form with 400."""
    from fastapi.testclient import TestClient

    from newsfuse.web import create_app

    db = tmp_path / "w.db"
    assert_clean(nf(db, "ingest", _write(tmp_path / "storm.txt", _article("Storm hits coast", STORM))), 0)
    with TestClient(create_app(str(db), allow_ingest=True), base_url="http://127.0.0.1:8000") as client:
        body = "&".join(f"f{i}=1" for i in range(21))
        response = client.post("/ingest", content=body,
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400 and "too many fields" in response.text


# -- output: markup, escapes, HTML in Markdown ----------------------------------------


def test_rich_markup_and_hedges_print_as_written(capsys) -> None:
    """H4, L10: ``[about]`` and ``[/]`` from the data reach the terminal as text."""
    from types import SimpleNamespace as N

    from newsfuse.cli_story import _print_facts

    # _print_facts takes a FactsDoc (records): the fields it prints, as attributes
    facts = N(entities=[N(label="ORG", name="[/]Acme", titles=[], mentions=[1])], quotes=[],
              claims=[N(text="about $5 billion", hedge="about", thing="[bold]cost", article="[red]a1")],
              dates=[], events=[])
    _print_facts(facts)  # type: ignore[arg-type]
    out = capsys.readouterr().out
    assert "[about]" in out and "[/]Acme" in out and "[bold]cost" in out and "[red]a1" in out


def test_markdown_brief_has_no_raw_html() -> None:
    """L8: a ``<script>`` from a title or quote is inert in any Markdown renderer."""
    from newsfuse.brief.render import _no_raw_html

    md = _no_raw_html("# Storm <script>alert(1)</script>\n- <img src=x onerror=y> <javascript:alert(1)>\n- 3 < 5\n")
    assert "<script" not in md and "<img" not in md and "<javascript" not in md and "3 < 5" in md


# -- models: long articles, invisible-character copies, kill -9 during run (slow) -------------


@pytest.mark.slow
def test_text_over_the_parser_limit_is_parsed_in_windows(nlp) -> None:
    """H3: over ``nlp.max_length`` the parse still covers the whole text, in windows."""
    from newsfuse.facts.windows import pipe_presegmented

    text = (EXAMPLES / "000_84cc0352b6f1ec13.txt").read_text(encoding="utf-8")
    starts = [0] + [i + 2 for i in range(len(text)) if text[i:i + 2] == "\n\n"]
    whole = next(pipe_presegmented(nlp, [(text, starts)]))
    saved = nlp.max_length
    nlp.max_length = 1500  # the E088 limit, small: the text is several times over it
    try:
        windowed = next(pipe_presegmented(nlp, [(text, starts)], size=1000))
    finally:
        nlp.max_length = saved
    assert windowed.text == text
    assert [t.text for t in windowed] == [t.text for t in whole]
    assert len(list(windowed.sents)) == len(list(whole.sents))
    assert len(windowed.ents) >= 0.9 * len(whole.ents)


@pytest.mark.slow
def test_zero_width_copy_is_found_as_a_duplicate(tmp_path: Path) -> None:
    """M4: a verbatim copy with U+200B sprinkled in is a duplicate of its source, not a second source."""
    from newsfuse.pipeline import run_provenance
    from newsfuse.store import Store

    src = (EXAMPLES / "003_9ccd3c76824c756c.txt").read_text(encoding="utf-8")
    r = random.Random(2)
    folder = tmp_path / "in"
    _write(folder / "orig.txt", src)
    _write(folder / "copy_zw.txt", "".join(c + ("\u200b" if c.isalpha() and r.random() < 0.35 else "") for c in src))
    db = tmp_path / "z.db"
    assert_clean(nf(db, "ingest", folder), 0)
    with Store(db) as store:
        report = run_provenance(store).to_json()
        assert store.get("copy_zw").title == store.get("orig").title
    assert any({r["source"], r["derived"]} == {"orig", "copy_zw"} and r["relation"] == "duplicate"
               for r in report["relations"]), report["relations"]
    assert len(report["independent_groups"]) == 1


def _poll(db: Path, sql: str) -> bool:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return bool(conn.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return False


def _stories(db: Path) -> list[tuple[str, tuple[str, ...]]]:
    out = nf(db, "stories", "--json")
    assert_clean(out, 0)
    return sorted((s["id"], tuple(sorted(s["articles"]))) for s in json.loads(out.stdout))


@pytest.mark.slow
def test_run_killed_at_three_stages_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    """kill -9 of ``run`` after ingest, after provenance and after the stories are saved;
    the rerun gives the uninterrupted run's stories, each article once, no new version
    (after the first kill, ``newsfuse stories`` runs before the rerun: L4)."""
    folder = tmp_path / "in"
    for path in sorted(EXAMPLES.glob("*.txt"))[:2]:  # two articles of one story and a reprint: small but complete
        _write(folder / path.name, path.read_bytes())
    _write(folder / "reprint_001.txt", (EXAMPLES / "001_c3cc268cb8b335a2.txt").read_bytes())
    reference = tmp_path / "ref.db"
    assert_clean(program(tmp_path, "--db", reference, "-q", "run", folder, timeout=900), 0)
    expected = _stories(reference)
    exe = Path(sys.executable).parent / "newsfuse"
    stages = {
        "ingest": "SELECT COUNT(*) >= 1 FROM articles",
        "provenance": "SELECT COUNT(*) FROM story_state WHERE name = 'provenance'",
        "stories": "SELECT COUNT(*) FROM story_state WHERE name = 'stories'",
    }
    for stage, sql in stages.items():
        db = tmp_path / f"kill-{stage}.db"
        proc = subprocess.Popen([str(exe), "--db", str(db), "-q", "run", str(folder)], env=_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 900
        while proc.poll() is None and time.monotonic() < deadline and not _poll(db, sql):
            time.sleep(0.02)
        proc.kill()
        proc.wait()
        if stage == "ingest":
            _stories(db)  # L4: `stories` between the killed run and the rerun must not change the outcome
        out = program(tmp_path, "--db", db, "-q", "run", folder, timeout=900)
        assert_clean(out, 0)
        assert _stories(db) == expected, stage
        assert versions(db) == len(stored(db)) == len(list(folder.iterdir())), stage
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.slow
def test_full_disk_during_run_is_one_line(tmp_path: Path) -> None:
    """L6: the quantised encoder's temporary file cannot be written: one line, no onnxruntime traceback."""
    db = tmp_path / "f.db"
    assert_clean(nf(db, "ingest", EXAMPLES), 0)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = program(tmp_path, "--db", db, "run", EXAMPLES, limits={resource.RLIMIT_FSIZE: 400 * 1024},
                  env={"TMPDIR": str(tmp)}, timeout=600)
    assert "Traceback" not in out.stderr and out.rc == 1, out.stderr[-3000:]
    assert out.errors and all(len(line) < 400 for line in out.errors), out.errors
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
