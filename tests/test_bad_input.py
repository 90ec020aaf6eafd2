"""Bad input: one line per problem, the run goes on, nothing stored is lost.

For every kind of bad input the contract is the same:

* the exit code is not 0;
* stderr holds exactly one line per bad input, naming the file and the
  problem, and never a traceback;
* good inputs given in the same command are stored;
* articles stored by earlier runs into the same database are still there.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import random
import sqlite3
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

MB = 1024 * 1024


@pytest.fixture
def earlier(run_cli, make_article, open_store, tmp_path):
    """An article stored by an earlier run into the same database."""
    path = make_article("earlier/before.txt", n=5)
    result = run_cli("-q", "ingest", path)
    assert result.exit_code == 0, result.output
    return "before"


@pytest.fixture
def good(make_article):
    """A good input to give in the same command as the bad one."""
    return make_article("good.txt", n=0)


def assert_failed_with_lines(result, expected: list[tuple[str, str]]) -> list[str]:
    """Exit code != 0; stderr has one line per (where, problem) pair, in order, no traceback."""
    stderr = result.stderr
    assert result.exit_code != 0, result.output
    assert "Traceback" not in stderr and "Traceback" not in result.output
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == len(expected), stderr
    for line, (where, problem) in zip(lines, expected):
        # The problem is looked for after the name: tmp paths contain test names.
        at = line.rfind(f"{where}:")
        assert at >= 0, f"{where!r} not named in {line!r}"
        said = line[at + len(where) + 1 :]
        assert problem.lower() in said.lower(), f"{problem!r} not in {said!r}"
    return lines


def assert_kept(open_store, *ids: str) -> None:
    store = open_store()
    stored = {a.id for a in store.iter_articles()}
    assert set(ids) <= stored, f"missing {set(ids) - stored}"


# -- one bad file next to a good one -----------------------------------------


@dataclass
class Case:
    name: str
    build: Callable[[Path], Path]
    problem: str


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


NAV_ONLY = b"""<!DOCTYPE html><html><head><title>Sign in | Example News</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<form action="/login" method="post"><label>Email <input name="email"></label>
<label>Password <input type="password" name="password"></label><button>Log in</button></form>
<footer><a href="/privacy">Privacy</a></footer></body></html>"""

def _declared_latin1_noise() -> bytes:
    """Random high bytes cut into words and sentences, in a page that says iso-8859-1.

    Read as ISO-8859-1 every byte is "a character", so only the C1 controls
    (0x80-0x9F) give the noise away; it must be refused, not stored.
    """
    rnd = random.Random(7)
    noise = bytes(rnd.randrange(128, 256) for _ in range(3000))
    words = b" ".join(noise[i : i + 6] for i in range(0, len(noise), 6))
    return (b'<html><head><meta charset="iso-8859-1"><title>Noise</title></head><body><article><p>' + words
            + b".</p><p>" + words[::-1] + b".</p></article></body></html>")


CASES = [
    Case("missing", lambda folder: folder / "missing.txt", "no such file"),
    Case("empty", _write("empty.txt", b""), "is empty"),
    Case("blank", _write("blank.txt", b"  \n\n\t\n"), "no text"),
    Case("pdf", _write("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
         "PDF document"),
    Case("pdf-named-txt", _write("report.txt", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"), "PDF document"),
    Case("png", _write("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)), "PNG image"),
    Case("png-named-html", _write("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)), "PNG image"),
    Case("undecodable", _write("noise.txt", bytes(range(128, 256)) * 50), "cannot be decoded"),
    Case("declared-latin1-noise", _write("noise.html", _declared_latin1_noise()), "cannot be decoded"),
    Case("nul-bytes", _write("nul.txt", b"Some words\x00\x01\x02 and then binary\x00" * 20), "NUL bytes"),
    Case("html-no-article", _write("login.html", NAV_ONLY), "no article text"),
    Case("not-a-feed", _write("settings.xml", b'<?xml version="1.0"?><config><item>x</item><item>y</item></config>'),
         "not a valid RSS/Atom feed"),
    Case("broken-xml", _write("broken.xml", b'<?xml version="1.0"?>\n<<<>>> this is &&& not xml'),
         "not a valid RSS/Atom feed"),
    Case("feed-no-entries", _write("quiet.rss", b'<?xml version="1.0"?><rss version="2.0"><channel>'
                                                b"<title>Quiet</title></channel></rss>"), "has no entries"),
    Case("jsonl-all-bad", _write("one.jsonl", b'{"id": "x", "title": "no text here"}\n'), "has no 'text'"),
    Case("warc-garbage", _write("crawl.warc", b"this is not a web archive\n" * 10), "not a WARC file"),
    Case("warc-gz-garbage", _write("crawl.warc.gz", gzip.compress(b"this is not a web archive\n" * 10)),
         "corrupt"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_file_is_one_line_and_the_rest_is_stored(run_cli, open_store, tmp_path, earlier, good, case):
    bad = case.build(tmp_path)
    result = run_cli("-q", "ingest", bad, good)
    assert_failed_with_lines(result, [(bad.name, case.problem)])
    assert result.stderr.splitlines()[0].startswith("error: ")
    assert_kept(open_store, "good", earlier)
    assert open_store().count() == 2


def test_summary_line_counts_the_failures(run_cli, tmp_path, earlier, good):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("ingest", tmp_path / "empty.txt", tmp_path / "missing.html", good)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3  # two errors and the summary
    assert lines[-1] == f"1 new, 0 updated, 0 unchanged, 2 failed; 2 articles in {tmp_path / 'news.db'}"


@pytest.mark.slow
def test_run_command_also_fails_on_bad_input_but_prints_what_it_stored(run_cli, tmp_path, earlier, good):
    result = run_cli("run", tmp_path / "missing.txt", good)
    assert result.exit_code == 1
    assert "error: " in result.stderr and "missing.txt: no such file or folder" in result.stderr
    assert "1 new, 0 updated, 0 unchanged, 1 failed; 2 articles" in result.stdout


# -- bad records inside a good file ------------------------------------------


def test_jsonl_bad_lines_reported_by_line_number_other_lines_stored(run_cli, open_store, tmp_path, earlier,
                                                                    article_text):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        "\n".join([
            json.dumps({"id": "j1", "text": article_text(1)}),
            "this line is not JSON",
            json.dumps({"id": "j2", "title": "A record without text"}),
            "",
            json.dumps(["a", "list"]),
            json.dumps({"id": "j3", "text": article_text(2)}),
        ]) + "\n",
        encoding="utf-8",
    )
    result = run_cli("-q", "ingest", path)
    assert_failed_with_lines(result, [
        ("feed.jsonl:2", "not valid JSON"),
        ("feed.jsonl:3", "has no 'text'"),
        ("feed.jsonl:5", "expected a JSON object"),
    ])
    assert_kept(open_store, "j1", "j3", earlier)
    assert open_store().count() == 3


def test_jsonl_lone_surrogate_escape_is_one_line_error_not_a_crash(run_cli, open_store, tmp_path, earlier,
                                                                    article_text):
    path = tmp_path / "escapes.jsonl"
    good_line = json.dumps({"id": "fine", "text": article_text(1) + " Emoji pairs are fine: \U0001F600."})
    bad_text = json.dumps({"id": "broken", "text": article_text(2) + " \ud800"})  # json.dumps escapes it
    bad_extra = json.dumps({"id": "broken-extra", "text": article_text(3), "note": "\udce9"})
    path.write_text("\n".join([good_line, bad_text, bad_extra]) + "\n", encoding="utf-8")
    assert "\\ud800" in path.read_text(encoding="utf-8")
    result = run_cli("-q", "ingest", path)
    assert_failed_with_lines(result, [("escapes.jsonl:2", "not valid Unicode"), ("escapes.jsonl:3", "not valid Unicode")])
    assert_kept(open_store, "fine", earlier)
    assert "\U0001F600" in open_store().get("fine").text


def test_file_name_that_is_not_utf8_is_read_and_named_with_escapes(run_cli, open_store, tmp_path, earlier,
                                                                   article_text):
    folder = tmp_path / "legacy"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
            handle.write(article_text(1).encode("utf-8"))
        with open(os.path.join(os.fsencode(folder), b"scan\xff.pdf"), "wb") as handle:
            handle.write(b"%PDF-1.4\n")
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take file names that are not UTF-8")
    result = run_cli("-q", "ingest", folder, folder / os.fsdecode(b"scan\xff.pdf"))
    assert_failed_with_lines(result, [("scan\\xff.pdf", "PDF document")])
    store = open_store()
    assert {a.id for a in store.iter_articles()} == {earlier, "caf\\xe9"}
    assert store.get("caf\\xe9").origin.endswith("legacy/caf\\xe9.txt")


def test_jsonl_bad_line_on_stdin(run_cli, open_store, earlier, article_text):
    data = json.dumps({"id": "s1", "text": article_text(1)}) + "\n{broken\n"
    result = run_cli("-q", "ingest", "-", input=data)
    assert_failed_with_lines(result, [("<stdin>:2", "not valid JSON")])
    assert_kept(open_store, "s1", earlier)


def test_empty_stdin(run_cli, earlier, good, open_store):
    result = run_cli("-q", "ingest", good, "-", input="")
    assert_failed_with_lines(result, [("<stdin>", "is empty")])
    assert_kept(open_store, "good", earlier)


def test_truncated_feed_keeps_complete_entries_and_says_so(run_cli, open_store, data_dir, tmp_path, earlier):
    full = (data_dir / "courier.rss").read_bytes()
    cut = full.index(b"Buses will run")  # in the middle of the second item's content
    path = tmp_path / "cut.rss"
    path.write_bytes(full[:cut])
    result = run_cli("-q", "ingest", path)
    assert_failed_with_lines(result, [("cut.rss", "broken or truncated")])
    assert_kept(open_store, "https://courier.example.org/2024/07/library-hours", earlier)
    assert open_store().count() == 2  # the cut entry is not stored half


def test_feed_with_html_entities_is_not_broken(run_cli, open_store, tmp_path):
    path = tmp_path / "entities.rss"
    path.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Entities&nbsp;Daily</title><item>'
        b"<title>Bridge&nbsp;opens</title><link>https://e.example.com/1</link><description>"
        b"The new bridge opened to traffic on Monday after three years of work, the city said.&lt;br&gt;"
        b"</description></item></channel></rss>")
    result = run_cli("-q", "ingest", path)
    assert result.exit_code == 0, result.output
    assert open_store().count() == 1


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("where", ["payload", "headers"])
def test_truncated_warc_keeps_earlier_records_and_reports(run_cli, open_store, tmp_path, earlier, good,
                                                          warc_bytes, article_page, compress, where):
    uris = [f"https://news.example.com/story-{n}" for n in range(4)]
    data, offsets = warc_bytes([("response", uri, "text/html; charset=utf-8", article_page(n))
                                for n, uri in enumerate(uris)], gzip=compress)
    last = offsets[-1]
    cut = last + (len(data) - last) // 2 if where == "payload" else last + 40
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(data[:cut])

    result = run_cli("-q", "ingest", path, good)
    assert_failed_with_lines(result, [(path.name, "truncated")])
    assert "after 3 responses" in result.stderr
    assert_kept(open_store, *uris[:3], "good", earlier)
    assert uris[3] not in {a.id for a in open_store().iter_articles()}  # never half an article


def test_warc_with_wrong_content_length_is_reported_in_one_line(run_cli, open_store, tmp_path, warc_bytes,
                                                                article_page, earlier):
    data, _ = warc_bytes([("response", f"https://news.example.com/s{n}", "text/html", article_page(n))
                          for n in range(2)], gzip=False)
    first_length = data.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = data.index(b"\r\n", first_length)
    wrong = str(int(data[first_length:end]) - 7).encode()
    path = tmp_path / "lying.warc"
    path.write_bytes(data[:first_length] + wrong + data[end:])
    result = run_cli("-q", "ingest", path)
    assert_failed_with_lines(result, [("lying.warc", "corrupt")])  # warcio's multi-line warning is not shown
    assert_kept(open_store, earlier)


# -- folders and patterns -----------------------------------------------------


def test_folder_with_bad_files_reports_each_and_stores_the_rest(run_cli, open_store, tmp_path, earlier,
                                                                make_article):
    folder = tmp_path / "mixed"
    make_article("a.txt", n=1, folder=folder)
    make_article("sub/b.txt", n=2, folder=folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "sub" / "scan.html").write_bytes(b"%PDF-1.4\n")
    result = run_cli("-q", "ingest", folder)
    assert_failed_with_lines(result, [("empty.txt", "is empty"), ("scan.html", "PDF document")])
    assert_kept(open_store, "a", "sub/b", earlier)  # ids are relative to the folder named (issue 21, H7)


def test_pattern_matching_nothing_and_folder_without_articles(run_cli, open_store, tmp_path, earlier, good):
    (tmp_path / "nothing-here").mkdir()
    (tmp_path / "nothing-here" / "data.csv").write_text("a,b\n", encoding="utf-8")
    result = run_cli("-q", "ingest", tmp_path / "*.nomatch", tmp_path / "nothing-here", good)
    assert_failed_with_lines(result, [("*.nomatch", "no file matches"), ("nothing-here", "no article files")])
    assert_kept(open_store, "good", earlier)


# -- size limits: refused without reading the file ----------------------------


def _sparse(path: Path, head: bytes, size: int = 100 * MB) -> Path:
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


@pytest.mark.parametrize(
    ("name", "head", "problem"),
    [
        ("huge.txt", b"Some text at the start of a huge file.\n", "over the 20 MB limit"),
        ("huge.html", b"<html><body><p>Some text.</p>", "over the 20 MB limit"),
        ("huge.xml", b'<?xml version="1.0"?><rss version="2.0">', "over the 50 MB limit"),
        ("huge.jsonl", b'{"id": "x", "text": "Some text."', "over the 20971520 byte limit"),
        ("huge.warc", b"<html><body><p>not a warc", "not a WARC file"),
    ],
)
def test_100_mb_file_is_refused_without_reading_it_whole(run_cli, open_store, tmp_path, earlier, good,
                                                         name, head, problem):
    path = _sparse(tmp_path / name, head)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = run_cli("-q", "ingest", path, good)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    lines = assert_failed_with_lines(result, [(name, problem)])
    assert len(lines[0]) < 300  # the message never quotes the file
    # JSONL may hold one line up to the 20 MB record limit; nothing holds the 100 MB.
    assert peak < 60 * MB, f"peak Python memory {peak / MB:.0f} MB for a 100 MB input"
    assert elapsed < 10
    assert_kept(open_store, "good", earlier)


# -- the database itself ------------------------------------------------------


def test_locked_database_is_one_line_and_nothing_is_lost(run_cli, open_store, db_path, earlier, good,
                                                         ):
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.perf_counter()
        result = run_cli("--lock-timeout", "0.2", "-q", "ingest", good)
        elapsed = time.perf_counter() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_failed_with_lines(result, [(db_path.name, "locked")])
    assert elapsed < 5
    assert_kept(open_store, earlier)
    assert open_store().count() == 1
    # Once the lock is gone the same command works.
    assert run_cli("-q", "ingest", good).exit_code == 0
    assert open_store().count() == 2


def test_store_write_to_a_locked_database_raises_store_error_after_its_timeout(db_path, earlier, open_store):
    from newsfuse.errors import StoreError

    store = open_store(timeout=0.1)
    changed = dataclasses.replace(store.get(earlier), text="Changed text.")
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.perf_counter()
        with pytest.raises(StoreError, match="locked") as info:
            store.add_articles([(changed, b"raw")])
        assert time.perf_counter() - started < 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "\n" not in str(info.value)
    assert store.version_count() == 1


def test_corrupt_database_is_one_line_and_left_untouched(run_cli, tmp_path, good):
    db = tmp_path / "x.db"
    garbage = bytes((i * 97 + 13) % 256 for i in range(64 * 1024))
    db.write_bytes(garbage)
    for args in (("-q", "ingest", good), ("articles", "--json"), ("show", "good", "--json")):
        result = run_cli(*args, db=db)
        assert_failed_with_lines(result, [("x.db", "corrupt")])
    assert db.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("x.db")) == ["x.db"]


def test_damaged_database_pages_are_one_line_errors(run_cli, db_path, earlier, good):
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db_path.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[page:] = bytes((i * 31 + 7) % 256 for i in range(len(data) - page))  # keep only the header page
    db_path.write_bytes(bytes(data))
    for args in (("-q", "ingest", good), ("articles", "--json"), ("show", earlier, "--json")):
        result = run_cli(*args)
        assert_failed_with_lines(result, [(db_path.name, "corrupt")])


def test_disk_full_during_a_batch_reports_the_real_error_and_keeps_committed(db_path, earlier, open_store,
                                                                              article_text):
    from newsfuse.errors import StoreError

    store = open_store()
    big = dataclasses.replace(store.get(earlier), id="big", text=article_text(2), raw_sha256="f" * 64)
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # a disk with room for two more pages
    with pytest.raises(StoreError) as info:
        store.add_articles([(big, b"x" * 500_000)])
    assert "full" in info.value.problem  # not "cannot rollback - no transaction is active"
    assert not store._conn.in_transaction
    assert [a.id for a in open_store().iter_articles()] == [earlier]


def test_database_in_missing_folder(run_cli, tmp_path, good):
    result = run_cli("-q", "ingest", good, db=tmp_path / "no" / "such" / "dir" / "n.db")
    assert_failed_with_lines(result, [("n.db", "cannot be opened")])


# -- the real program ---------------------------------------------------------


@pytest.mark.slow
def test_real_program_one_stderr_line_per_bad_input_and_exit_code(run_newsfuse, run_cli, open_store, tmp_path,
                                                                  make_article, article_text):
    assert run_cli("-q", "ingest", make_article("earlier.txt", n=5)).exit_code == 0

    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (tmp_path / "noise.txt").write_bytes(bytes(range(128, 256)) * 50)
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "ok-line", "text": article_text(3)}) + "\nnot json\n", encoding="utf-8")
    _sparse(tmp_path / "huge.txt", b"Huge.\n")
    good = make_article("good.txt", n=0)
    bad = ["missing.txt", "empty.txt", "scan.pdf", "noise.txt", "lines.jsonl:2", "huge.txt"]

    proc = run_newsfuse("ingest", "missing.txt", "empty.txt", "scan.pdf", "noise.txt", "lines.jsonl", "huge.txt",
                        good.name)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == len(bad) + 1, proc.stderr  # one per bad input, then the summary
    for line, where in zip(lines, bad):
        assert line.startswith(f"error: {where}: "), line
    assert lines[-1].startswith("2 new, 0 updated, 0 unchanged, 6 failed; 3 articles in ")

    assert {a.id for a in open_store().iter_articles()} == {"earlier", "good", "ok-line"}


def test_real_program_corrupt_database(run_newsfuse, tmp_path, make_article):
    db = tmp_path / "x.db"
    db.write_bytes(b"this is not a database, just garbage bytes " * 200)
    proc = run_newsfuse("-q", "ingest", make_article("good.txt", n=0), db=db)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    [line] = proc.stderr.splitlines()
    assert "x.db" in line and "corrupt" in line
