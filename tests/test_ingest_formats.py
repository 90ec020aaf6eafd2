"""Every input format really works end to end: file -> CLI ingest -> store.

Each test ingests through the CLI (click's CliRunner on ``newsfuse.cli.cli``)
and then reads the store back, so readers, cleaner, store and CLI are all
exercised together.
"""

from __future__ import annotations

import json
import shutil

import pytest

from newsfuse.model import ParagraphKind

# -- HTML ---------------------------------------------------------------------


def test_html_page_gives_one_article_with_metadata_heading_and_no_chrome(run_cli, data_dir, open_store, tmp_path):
    page = shutil.copy(data_dir / "bridge.html", tmp_path / "bridge.html")
    result = run_cli("ingest", page)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "1 new, 0 updated, 0 unchanged; 1 articles in " + str(tmp_path / "news.db")

    store = open_store()
    assert store.count() == 1
    article = store.get("bridge")  # id = file stem
    assert article.title == "Council approves new river bridge"
    assert article.date == "2024-07-08"  # <meta property="article:published_time">, via htmldate
    assert article.date_source == "html metadata"
    assert article.outlet == "Riverside Gazette"  # og:site_name
    assert article.url == "https://gazette.example.com/news/river-bridge"

    paragraphs = [(article.paragraph_text(p), p.kind) for p in article.paragraphs]
    assert ("Funding and costs", ParagraphKind.HEADING) in paragraphs
    bodies = [text for text, kind in paragraphs if kind is ParagraphKind.BODY]
    assert bodies[0].startswith("The city council voted on Monday to fund a new pedestrian bridge")
    assert bodies[-1].startswith("Opposition members said the money would be better spent")
    assert len(bodies) == 4

    for chrome in ("Post a Comment", "Gianni wrote", "waste of money", "Politics", "Weather", "Copyright",
                   "Privacy", "Submit"):
        assert chrome not in article.text
    # The headline is metadata, not a paragraph; sentences are only in body paragraphs.
    assert not article.text.startswith("Council approves")
    assert all(s.slice(article.text) for s in article.sentences)
    assert "Funding and costs" not in article.sentence_texts()


# -- JSONL --------------------------------------------------------------------


def test_jsonl_fields_ids_dates_and_extra(run_cli, data_dir, open_store):
    result = run_cli("ingest", data_dir / "wire.jsonl")
    assert result.exit_code == 0, result.output

    store = open_store()
    assert store.count() == 2
    first = store.get("wire-001")  # id from "id"
    assert first.url == "https://wire.example.com/a/001"
    assert first.title == "Drought cuts olive harvest"
    assert first.date == "2024-07-08"  # "2024-07-08T10:00:00Z" normalised
    assert first.date_source == "container"
    assert first.outlet == "Example Wire"
    assert first.extra["section"] == "agriculture"  # unknown field kept
    assert first.text.startswith("Olive growers in the south expect the smallest harvest")
    assert "traders warned of further increases" in first.text
    assert len(first.paragraphs) == 2

    second = store.get("https://wire.example.com/a/002")  # no "id": the url is the id
    assert second.title == "Museum returns looted statue"
    assert second.date == "2024-07-09"
    assert "section" not in second.extra


@pytest.mark.parametrize(
    ("raw_date", "expected"),
    [
        ("2024-07-08T10:00:00Z", "2024-07-08"),
        ("2024-07-08T23:30:00-05:00", "2024-07-08"),
        ("2024-07-08", "2024-07-08"),
        ("Mon, 08 Jul 2024 10:00:00 GMT", "2024-07-08"),
        ("8 July 2024", "2024-07-08"),
    ],
)
def test_jsonl_date_forms_normalise(run_cli, open_store, tmp_path, article_text, raw_date, expected):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "d1", "date": raw_date, "text": article_text(1)}) + "\n", encoding="utf-8")
    assert run_cli("-q", "ingest", path).exit_code == 0
    assert open_store().get("d1").date == expected


@pytest.mark.parametrize("raw_date", ["sometime soon", "yesterday", "2 hours ago"])
def test_jsonl_unparseable_or_relative_date_is_kept_aside_not_guessed(run_cli, open_store, tmp_path, article_text,
                                                                      raw_date):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "d1", "date": raw_date, "text": article_text(1)}) + "\n", encoding="utf-8")
    assert run_cli("-q", "ingest", path).exit_code == 0
    article = open_store().get("d1")
    # A relative date would resolve against the day of ingest: a different date
    # (and a new version) every time the same file is read.
    assert article.date is None
    assert article.extra["date_unparsed"] == raw_date


# -- Feeds --------------------------------------------------------------------


def test_rss_feed_with_content_encoded_gives_one_article_per_item(run_cli, data_dir, open_store):
    result = run_cli("ingest", data_dir / "courier.rss")
    assert result.exit_code == 0, result.output

    store = open_store()
    assert store.count() == 2
    library = store.get("https://courier.example.org/2024/07/library-hours")  # id = entry link
    assert library.title == "Library extends opening hours"
    assert library.date == "2024-07-08"
    assert library.outlet == "Valley Courier"  # feed title
    assert library.text.startswith("The town library will stay open until nine in the evening")
    assert "Short teaser." not in library.text  # content:encoded wins over the description
    assert library.extra["feed_entry_id"] == "https://courier.example.org/?p=101"
    bus = store.get("https://courier.example.org/2024/07/bus-line")
    assert (bus.title, bus.date, bus.outlet) == ("New bus line to the hospital", "2024-07-09", "Valley Courier")
    assert "every twenty minutes" in bus.text


def test_atom_feed_with_html_content(run_cli, data_dir, open_store):
    result = run_cli("ingest", data_dir / "harbour.atom")
    assert result.exit_code == 0, result.output

    store = open_store()
    assert store.count() == 1
    ferry = store.get("https://harbour.example.net/ferry-resumes")
    assert ferry.title == "Ferry service resumes after strike"
    assert ferry.date == "2024-07-10"
    assert ferry.outlet == "Harbour Times"
    assert ferry.text.startswith("Ferries between the island and the mainland resumed on Wednesday")
    assert "<p>" not in ferry.text and "&lt;" not in ferry.text
    assert len(ferry.paragraphs) == 2


@pytest.mark.parametrize("suffix", [".xml", ".rss", ".atom"])
def test_feed_suffixes_all_read_as_feeds(run_cli, data_dir, open_store, tmp_path, suffix):
    path = shutil.copy(data_dir / "courier.rss", tmp_path / f"courier{suffix}")
    assert run_cli("-q", "ingest", path).exit_code == 0
    assert open_store().count() == 2


# -- WARC ---------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.mark.parametrize("name, gzip", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_html_responses_become_articles_others_skipped(run_cli, open_store, tmp_path, warc_bytes,
                                                             article_page, name, gzip):
    data, _ = warc_bytes(
        [
            ("request", "https://news.example.com/school"),
            ("response", "https://news.example.com/school", "text/html; charset=utf-8", article_page(0)),
            ("response", "https://news.example.com/logo.png", "image/png", PNG),
            ("request", "https://news.example.com/rail"),
            ("response", "https://news.example.com/rail", "text/html", article_page(1)),
        ],
        gzip=gzip,
    )
    path = tmp_path / name
    path.write_bytes(data)
    result = run_cli("ingest", path)
    assert result.exit_code == 0, result.output
    assert "2 new" in result.stderr

    store = open_store()
    assert store.count() == 2
    school = store.get("https://news.example.com/school")  # id = WARC-Target-URI
    assert school.url == "https://news.example.com/school"
    assert school.title == "Council approves budget for new school"
    assert school.text.startswith("The town council approved on Monday the budget")
    assert store.raw_bytes(school.raw_sha256) == article_page(0)  # the response body, not the record
    rail = store.get("https://news.example.com/rail")
    assert "landslide buried the tracks" in rail.text


# -- Folders, globs, stdin ----------------------------------------------------


def test_folder_is_read_recursively_and_unknown_files_skipped(run_cli, open_store, tmp_path, make_article,
                                                              article_page, article_text):
    root = tmp_path / "inbox"
    make_article("a.txt", n=0, folder=root)
    (root / "web").mkdir(parents=True)
    (root / "web" / "b.html").write_bytes(article_page(1))
    (root / "web" / "deep" / "feeds").mkdir(parents=True)
    (root / "web" / "deep" / "feeds" / "c.jsonl").write_text(
        json.dumps({"id": "c", "text": article_text(2)}) + "\n", encoding="utf-8")
    (root / "web" / "logo.png").write_bytes(PNG)  # unknown suffix in a folder: passed over
    (root / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / ".hidden.txt").write_text(article_text(3), encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "d.txt").write_text(article_text(4), encoding="utf-8")

    result = run_cli("ingest", root)
    assert result.exit_code == 0, result.output
    assert open_store().count() == 3
    ids = {a.id for a in open_store().iter_articles()}
    assert ids == {"a", "web/b", "c"}  # a page's id is its path under the folder named (issue 21, H7)


def test_glob_patterns_are_expanded_by_newsfuse(run_cli, open_store, tmp_path, make_article):
    make_article("x1.txt", n=0)
    make_article("x2.txt", n=1)
    make_article("y.md", n=2)
    make_article("sub/x3.txt", n=3)
    result = run_cli("-q", "ingest", tmp_path / "x*.txt")  # unexpanded: no shell in between
    assert result.exit_code == 0, result.output
    assert {a.id for a in open_store().iter_articles()} == {"x1", "x2"}

    result = run_cli("-q", "ingest", tmp_path / "**" / "*.txt")
    assert result.exit_code == 0, result.output
    assert {a.id for a in open_store().iter_articles()} == {"x1", "x2", "sub/x3"}  # relative to the glob's folder


def test_dash_reads_jsonl_from_stdin_alongside_files(run_cli, open_store, make_article, article_text):
    path = make_article("file.txt", n=0)
    lines = [json.dumps({"id": f"in{n}", "title": f"Stdin story {n}", "text": article_text(n)}) for n in (1, 2)]
    result = run_cli("ingest", path, "-", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    store = open_store()
    assert {a.id for a in store.iter_articles()} == {"file", "in1", "in2"}
    assert store.get("in2").title == "Stdin story 2"
    assert store.get("in1").origin == "<stdin>:1"


# -- Encodings ----------------------------------------------------------------

WESTERN = (
    "Café owners say the “new rules” won’t help anyone\n\n"
    "The owners of the café on the corner said on Monday that the “new rules” on terraces won’t help "
    "anyone, and that the mayor’s office had not replied to their letter.\n\n"
    "Their crème brûlée, sold since 1962, is “the best in town”, one regular customer said.\n"
)


def test_cp1252_text_file_with_accents_and_curly_quotes(run_cli, open_store, tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes(WESTERN.encode("cp1252"))
    assert run_cli("-q", "ingest", path).exit_code == 0
    article = open_store().get("cafe")
    assert article.title == "Café owners say the “new rules” won’t help anyone"
    assert "the “new rules” on terraces won’t help anyone" in article.text
    assert "Their crème brûlée, sold since 1962" in article.text  # not "crčme brűlée" (cp1250)
    assert article.extra["encoding"] == "cp1252"


def test_latin1_text_file_with_accents(run_cli, open_store, tmp_path):
    text = WESTERN.replace("“", '"').replace("”", '"').replace("’", "'")
    path = tmp_path / "cafe.txt"
    path.write_bytes(text.encode("latin-1"))
    assert run_cli("-q", "ingest", path).exit_code == 0
    article = open_store().get("cafe")
    assert "The owners of the café on the corner" in article.text
    assert "Their crème brûlée" in article.text


def test_short_spanish_cp1252_text_is_not_read_as_central_european(run_cli, open_store, tmp_path):
    text = ("El alcalde dijo que el puente se abrirá esta semana\n\n"
            "El alcalde dijo el lunes que el puente se abrirá esta semana, según el diario español.\n")
    path = tmp_path / "puente.txt"
    path.write_bytes(text.encode("cp1252"))
    assert run_cli("-q", "ingest", path).exit_code == 0
    assert "según el diario español." in open_store().get("puente").text


def test_html_declaring_windows_1251_with_cyrillic(run_cli, open_store, tmp_path, make_html):
    title = "Городской совет одобрил строительство моста"
    paragraphs = [
        "Городской совет в понедельник одобрил строительство нового моста через реку, сообщили власти.",
        "Работы начнутся весной и продлятся около двух лет, сказал представитель мэрии журналистам.",
    ]
    path = tmp_path / "most.html"
    path.write_bytes(make_html(title, paragraphs, charset="windows-1251").encode("cp1251"))
    assert run_cli("-q", "ingest", path).exit_code == 0
    article = open_store().get("most")
    assert article.title == title
    assert paragraphs[0] in article.text and paragraphs[1] in article.text
    assert article.extra["encoding"] == "cp1251"


def test_html_labelled_iso_8859_1_but_using_windows_1252_quotes(run_cli, open_store, tmp_path, make_html):
    paragraphs = ["The mayor said the “new rules” won’t change before the summer, and that the café "
                  "owners would be consulted again."]
    path = tmp_path / "label.html"
    path.write_bytes(make_html("Mayor defends terrace rules", paragraphs, charset="iso-8859-1").encode("cp1252"))
    assert run_cli("-q", "ingest", path).exit_code == 0
    article = open_store().get("label")
    assert "the “new rules” won’t change" in article.text
    assert not any(0x80 <= ord(ch) <= 0x9F for ch in article.text)  # no C1 control mojibake


def test_html_labelled_iso_8859_1_but_actually_utf8(run_cli, open_store, tmp_path, make_html):
    paragraphs = ["The owners of the café on the corner said the crème brûlée would stay on the menu "
                  "whatever the council decides."]
    path = tmp_path / "mislabelled.html"
    path.write_bytes(make_html("Café keeps its menu", paragraphs, charset="iso-8859-1").encode("utf-8"))
    assert run_cli("-q", "ingest", path).exit_code == 0
    article = open_store().get("mislabelled")
    assert "the café on the corner said the crème brûlée" in article.text  # not "cafÃ©"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_text_file_with_byte_order_mark(run_cli, open_store, tmp_path, encoding):
    text = WESTERN
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:3] == b"\xef\xbb\xbf"
    path = tmp_path / "bom.txt"
    path.write_bytes(data)
    result = run_cli("-q", "ingest", path)
    assert result.exit_code == 0, result.output
    article = open_store().get("bom")
    assert article.title == "Café owners say the “new rules” won’t help anyone"
    assert "Their crème brûlée" in article.text
    assert "\ufeff" not in article.text and "\x00" not in article.text


# -- Idempotency, versions, raw bytes -----------------------------------------


def test_same_file_twice_is_stored_once(run_cli, open_store, make_article):
    path = make_article("story.txt", n=0)
    first = run_cli("ingest", path)
    second = run_cli("ingest", path)
    assert first.exit_code == second.exit_code == 0
    assert "1 new, 0 updated, 0 unchanged" in first.stderr
    assert "0 new, 0 updated, 1 unchanged" in second.stderr
    store = open_store()
    assert store.count() == 1
    assert store.version_count() == 1
    assert len(store.versions("story")) == 1


def test_changed_file_keeps_both_versions_and_show_gives_the_new_text(run_cli, open_store, make_article,
                                                                       article_text):
    path = make_article("story.txt", n=0)
    assert run_cli("-q", "ingest", path).exit_code == 0
    old_text = open_store().get("story").text
    path.write_text(article_text(0) + "\nThe mayor added on Tuesday that the plans would be published online.\n",
                    encoding="utf-8")
    result = run_cli("ingest", path)
    assert result.exit_code == 0, result.output
    assert "0 new, 1 updated, 0 unchanged" in result.stderr

    store = open_store()
    assert store.count() == 1
    assert store.version_count() == 2
    (v1, t1, h1), (v2, t2, h2) = store.versions("story")
    assert (v1, v2) == (1, 2)
    assert t1 < t2 and h1 != h2

    doc = json.loads(run_cli("show", "story", "--json").stdout)
    assert doc["text"].endswith("The mayor added on Tuesday that the plans would be published online.")
    assert doc["version"] == 2
    assert [v["version"] for v in doc["versions"]] == [1, 2]
    old = json.loads(run_cli("show", "story", "--version", "1", "--json").stdout)
    assert old["text"] == old_text


@pytest.mark.parametrize("name", ["plain.txt", "page.html"])
def test_raw_bytes_of_the_file_are_kept(run_cli, open_store, tmp_path, article_text, article_page, name):
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_bytes(article_text(2).encode("cp1252"))
    else:
        path.write_bytes(article_page(2))
    assert run_cli("-q", "ingest", path).exit_code == 0
    store = open_store()
    article = store.get(path.stem)
    assert store.raw_bytes(article.raw_sha256) == path.read_bytes()


def test_raw_bytes_of_a_jsonl_record_are_its_line(run_cli, open_store, data_dir):
    assert run_cli("-q", "ingest", data_dir / "wire.jsonl").exit_code == 0
    store = open_store()
    lines = (data_dir / "wire.jsonl").read_bytes().splitlines()
    assert store.raw_bytes(store.get("wire-001").raw_sha256) == lines[0]


# -- The real program ---------------------------------------------------------


@pytest.mark.slow
def test_real_program_run_on_mixed_inputs(run_newsfuse, open_store, data_dir, tmp_path):
    for name in ("bridge.html", "wire.jsonl", "courier.rss", "harbour.atom", "harbour.txt"):
        shutil.copy(data_dir / name, tmp_path / name)
    proc = run_newsfuse("run", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "7 new, 0 updated, 0 unchanged; 7 articles" in proc.stdout
    assert "7 articles read" in proc.stdout
    assert {a.id for a in open_store().iter_articles()} == {
        "bridge", "wire-001", "https://wire.example.com/a/002", "harbour",
        "https://courier.example.org/2024/07/library-hours", "https://courier.example.org/2024/07/bus-line",
        "https://harbour.example.net/ferry-resumes",
    }


# -- Feed and JSONL content that is a fragment, not a page --------------------


def test_rss_plain_text_and_single_paragraph_descriptions(run_cli, open_store, tmp_path):
    path = tmp_path / "plain.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Plain Daily</title>'
        "<item><title>Bridge opens to traffic</title><link>https://plain.example.com/1</link>"
        "<description>The new bridge opened to traffic on Monday after three years of work, the city said. "
        "Drivers welcomed the shorter journey into town.</description></item>"
        "<item><title>Market moves to the square</title><link>https://plain.example.com/2</link>"
        "<description>The weekly market will move to the main square from next month, the council said."
        "&lt;br /&gt;&lt;br /&gt;Stallholders said they expected more customers there.</description></item>"
        "<item><title>Pool closes for repairs</title><link>https://plain.example.com/3</link>"
        "<description>&lt;p&gt;The municipal swimming pool will close for repairs in August, its operator "
        "announced on Thursday.&lt;/p&gt;</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    result = run_cli("-q", "ingest", path)
    assert result.exit_code == 0, result.output
    store = open_store()
    assert store.count() == 3
    bridge = store.get("https://plain.example.com/1")
    assert bridge.text == ("The new bridge opened to traffic on Monday after three years of work, the city said. "
                           "Drivers welcomed the shorter journey into town.")
    assert bridge.outlet == "Plain Daily"
    market = store.get("https://plain.example.com/2")
    assert [market.paragraph_text(p) for p in market.paragraphs] == [
        "The weekly market will move to the main square from next month, the council said.",
        "Stallholders said they expected more customers there.",
    ]
    pool = store.get("https://plain.example.com/3")
    assert pool.text.startswith("The municipal swimming pool will close for repairs in August")
    # The raw bytes kept are the entry's content as the feed gave it, not the wrapper page.
    assert b"<html>" not in store.raw_bytes(pool.raw_sha256)


def test_jsonl_html_field_fragment(run_cli, open_store, tmp_path):
    path = tmp_path / "h.jsonl"
    path.write_text(json.dumps({
        "id": "h1", "title": "Night trains return",
        "html": "<p>Night trains between the two capitals will return in December, the rail operator said.</p>",
    }) + "\n", encoding="utf-8")
    result = run_cli("-q", "ingest", path)
    assert result.exit_code == 0, result.output
    article = open_store().get("h1")
    assert article.text == "Night trains between the two capitals will return in December, the rail operator said."
    assert article.title == "Night trains return"
