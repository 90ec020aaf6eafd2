"""Web app (issue 7) through FastAPI's TestClient: routes, escaping, read-only, no traversal.

The stores are real: ``newsfuse run`` over examples/articles, and over a JSONL
file of hostile articles (HTML and script in titles, outlets and text).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsfuse import views
from newsfuse.serialize import to_json
from newsfuse.store import Store
from newsfuse.web import create_app
from newsfuse.web.render import Mark, highlight, provenance_svg

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
BASE = "http://127.0.0.1"
HOSTILE = '<script>window.__xss = 1; alert(1)</script> "><img src=x onerror="window.__xss = 2; alert(2)">'
URL_ID = 'https://evil.example/news/1?q="><script>alert(4)</script>'
ISSUE_ROUTES = ["/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}",
                "/api/stories/{story_id}/claims", "/api/stories/{story_id}/provenance"]


def built_store(tmp_path_factory, name: str, inputs: list[Path]) -> Path:
    """``newsfuse run INPUTS`` into a store built once per test session (shared by test_web_browser)."""
    from newsfuse.cli import cli

    folder = tmp_path_factory.getbasetemp() / f"web-{name}"
    db = folder / "news.db"
    if (folder / "done").exists():
        return db
    folder.mkdir(exist_ok=True)
    result = CliRunner().invoke(cli, ["--db", str(db), "-q", "run", *map(str, inputs)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (folder / "done").touch()
    return db


def hostile_jsonl(folder: Path) -> Path:
    """Two hostile articles, the second a near copy of the first (so they share passages)."""
    body = ("The council voted on the town budget on Thursday after a long debate about schools and roads. "
            f"{HOSTILE} The mayor said the vote was close and that the budget would be published next week.\n\n"
            "The budget is 40 million dollars, the finance officer said at the meeting in the town hall, "
            "and most of it will go to the new primary school and to repairs of the northern bridge.")
    records = [
        {"id": "evil-1", "title": f"Council vote {HOSTILE}", "outlet": "Evil <b>Times</b>", "date": "2024-05-02",
         "text": body},
        {"id": "evil-2", "title": f"Vote copy {HOSTILE}", "outlet": 'Copy "><svg onload=alert(3)>', "date": "2024-05-03",
         "text": body + "\n\nA reporter contributed to this copy of the article."},
        {"url": URL_ID, "title": "Named by its URL", "date": "2024-05-04",
         "text": "An article read without an id is named by its URL. " + HOSTILE + " It has one paragraph."},
    ]
    path = folder / "hostile.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory) -> Path:
    return built_store(tmp_path_factory, "examples", [EXAMPLES])


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory) -> Path:
    return built_store(tmp_path_factory, "hostile", [hostile_jsonl(tmp_path_factory.mktemp("web-hostile-input"))])


@pytest.fixture(scope="session")
def client(examples_db) -> TestClient:
    return TestClient(create_app(str(examples_db)), base_url=BASE)


@pytest.fixture(scope="session")
def hostile_client(hostile_db) -> TestClient:
    return TestClient(create_app(str(hostile_db)), base_url=BASE)


@pytest.fixture(scope="session")
def story_id(examples_db) -> str:
    with Store(examples_db, readonly=True) as store:
        stories = to_json(views.story_list(store))
    assert len(stories) == 1
    return stories[0]["id"]


def _text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# -- pages -------------------------------------------------------------------


def test_web_story_list_shows_counts(client, examples_db, story_id):
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    with Store(examples_db, readonly=True) as store:
        story = to_json(views.story_list(store))[0]
    row = re.search(r'<tr data-story="[^"]+">.*?</tr>', page, re.S).group(0)
    assert f'href="/stories/{story_id}"' in row
    assert re.search(rf'class="num n-articles">{story["n_articles"]}<', row)
    assert re.search(rf'class="num n-sources">{story["n_sources"]}<', row)
    assert story["n_articles"] == 5 and story["n_sources"] == 4


@pytest.mark.parametrize(("query", "shown"), [
    ("", 1), ("q=modi+putin", 1), ("q=nothing-like-this", 0), ("since=2024-07-08", 1), ("since=2024-07-09", 0),
    ("until=2024-07-07", 0), ("until=2024-07", 1), ("since=2024&until=2024-12-31", 1),
])
def test_web_story_list_search_and_date_filter(client, query, shown):
    page = client.get(f"/?{query}").text
    assert page.count("<tr data-story=") == shown
    assert f"{shown} of 1 story" in page


def test_web_story_list_rejects_bad_dates(client):
    assert client.get("/?since=yesterday").status_code == 422
    assert client.get("/?until=2024-07-08T00:00").status_code == 422


def test_web_story_page_sources_badges_and_graph(client, examples_db, story_id):
    response = client.get(f"/stories/{story_id}")
    assert response.status_code == 200
    page = response.text
    rows = dict(re.findall(r'<tr data-article="([^"]+)">(.*?)</tr>', page, re.S))
    assert sorted(rows) == sorted(p.stem for p in EXAMPLES.glob("*.txt"))
    assert 'badge-rewrite">rewrite<' in rows["000_84cc0352b6f1ec13"]
    assert 'badge-composite">composite<' in rows["001_c3cc268cb8b335a2"]
    assert 'badge-filler">filler<' in rows["004_7cd62a0fa2f72d54"]
    svg = re.search(r"<svg class=\"provenance-graph\".*?</svg>", page, re.S).group(0)
    assert svg.count('<a href="/articles/') == 5
    edge = re.search(r'<g class="edge rel-rewrite" data-source="([^"]+)" data-derived="([^"]+)">', svg)
    assert edge.groups() == ("001_c3cc268cb8b335a2", "000_84cc0352b6f1ec13")
    assert ">rewrite 0." in svg
    assert 'class="node group-0 composite" data-id="001_c3cc268cb8b335a2"' in svg


def test_web_story_page_citations_carry_their_passages(client, examples_db, story_id):
    with Store(examples_db, readonly=True) as store:
        brief = to_json(views.story_page(store, story_id))["brief"]
        texts = {a.id: a.text for a in store.iter_articles()}
    assert brief and brief.get("points"), "`newsfuse run` saved no brief"
    page = client.get(f"/stories/{story_id}").text
    cites = re.findall(r'<details class="cite" id="cite-(\d+)">(.*?)</details>', page, re.S)
    expected = [c for p in brief["points"] for c in p["citations"]]
    assert len(cites) == len(expected) > 0
    for (number, body), citation in zip(cites, expected):
        passage = re.search(r'<q class="passage-text">(.*?)</q>', body, re.S)
        assert passage, f"citation {number} has no passage"
        assert html.unescape(passage.group(1)) == texts[citation["article"]][citation["start"]:citation["end"]]
        assert f'href="/articles/{citation["article"]}?start={citation["start"]}&amp;end={citation["end"]}#cited"' in body


def test_web_story_page_highlights_conflicting_claims(client, examples_db, story_id):
    with Store(examples_db, readonly=True) as store:
        claims = to_json(views.story_claims(store, story_id))
    conflicts = [c for c in claims if c.get("verdict") == "conflict"]
    assert conflicts, "`newsfuse run` saved no conflicting claim"
    page = client.get(f"/stories/{story_id}").text
    rows = re.findall(r'<tr class="claim conflict" data-verdict="conflict">(.*?)</tr>', page, re.S)
    assert len(rows) == len(conflicts)
    assert any("import" in _text_of(r).lower() for r in rows), "the imports conflict is not highlighted"
    assert page.count('<tr class="claim') == len(claims)


def test_web_article_page_text_and_shared_passages(client, examples_db):
    response = client.get("/articles/000_84cc0352b6f1ec13")
    assert response.status_code == 200
    page = response.text
    with Store(examples_db, readonly=True) as store:
        data = to_json(views.article_page(store, "000_84cc0352b6f1ec13"))
    article = data["article"]
    body = re.search(r'<div class="article-text">(.*?)</div>', page, re.S).group(1)
    blocks = re.findall(r"<(?:p|h3) class=\"[^\"]+\">(.*?)</(?:p|h3)>", body, re.S)
    text = article["text"]
    assert [_text_of(b) for b in blocks] == [text[p["start"]:p["end"]] for p in article["paragraphs"]]
    links = re.findall(r'<a href="(/articles/001_c3cc268cb8b335a2\?start=\d+&amp;end=\d+#cited)" id="s-(\d+)"', body)
    ranges = {(s["start"], s["end"]) for s in data["shared"]}  # one derived paragraph may join two source ones
    assert len(data["shared"]) == 12 and len(links) == len(ranges) == 11
    assert {int(start) for _, start in links} == {s["start"] for s in data["shared"]}
    removed = re.search(r'<details class="removed">(.*?)</details>', page, re.S).group(1)
    for line in article["removed_detail"]:
        assert html.escape(line["text"], quote=False) in removed


def test_web_article_page_marks_cited_range(client, examples_db):
    with Store(examples_db, readonly=True) as store:
        text = store.get("002_5224782e82acb287").text
    page = client.get("/articles/002_5224782e82acb287?start=10&end=60").text
    cited = re.search(r'<mark id="cited" class="cited"[^>]*>(.*?)</mark>', page, re.S)
    assert cited and html.unescape(cited.group(1)) == text[10:60]
    for bad in ("start=60&end=10", "start=-1&end=5", "start=0&end=99999999", "start=a&end=b"):
        page = client.get(f"/articles/002_5224782e82acb287?{bad}")
        assert page.status_code == 200 and 'id="cited"' not in page.text


def test_web_unknown_ids_are_404(client):
    for path in ("/stories/s-none", "/articles/none"):
        response = client.get(path)
        assert response.status_code == 404 and "text/html" in response.headers["content-type"]
        assert "Not found" in response.text
    for path in ("/api/stories/s-none", "/api/articles/none", "/api/stories/s-none/claims",
                 "/api/stories/s-none/provenance", "/api/stories/s-none/quotes"):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["detail"]


def test_web_missing_store_is_503(tmp_path):
    client = TestClient(create_app(str(tmp_path / "absent.db")), base_url=BASE)
    for path in ("/", "/api/stories"):
        response = client.get(path)
        assert response.status_code == 503 and "does not exist" in response.text
    assert not (tmp_path / "absent.db").exists()


# -- API ---------------------------------------------------------------------


def test_web_api_matches_views(client, examples_db, story_id):
    with Store(examples_db, readonly=True) as store:
        assert client.get("/api/stories").json() == to_json(views.story_list(store))
        page = to_json(views.story_page(store, story_id))
        assert client.get(f"/api/stories/{story_id}").json() == json.loads(json.dumps(page))
        assert client.get(f"/api/stories/{story_id}/claims").json() == to_json(views.story_claims(store, story_id))
        assert client.get(f"/api/stories/{story_id}/quotes").json() == to_json(views.story_quotes(store, story_id))
        provenance = client.get(f"/api/stories/{story_id}/provenance").json()
        assert provenance == json.loads(json.dumps(to_json(views.story_provenance(store, story_id))))
        article = client.get("/api/articles/001_c3cc268cb8b335a2").json()
        assert article["article"]["text"] == store.get("001_c3cc268cb8b335a2").text
        assert article["story"] == story_id
    assert [(e["source"], e["derived"], e["relation"]) for e in provenance["edges"]] == [
        ("001_c3cc268cb8b335a2", "000_84cc0352b6f1ec13", "rewrite")]


def test_web_openapi_documents_every_api_route(client):
    schema = client.get("/openapi.json").json()
    for route in ISSUE_ROUTES + ["/api/stories/{story_id}/quotes"]:
        operation = schema["paths"][route]["get"]
        assert operation["summary"] and operation["description"]
        assert "200" in operation["responses"]
    assert "StoryPage" in schema["components"]["schemas"]
    assert all(path.startswith("/api/") for path in schema["paths"])
    index = client.get("/api").text
    for route in ISSUE_ROUTES:
        assert html.escape(route) in index


# -- hostile input -----------------------------------------------------------


def test_web_hostile_article_is_escaped_everywhere(hostile_client, hostile_db):
    with Store(hostile_db, readonly=True) as store:
        stories = to_json(views.story_list(store))
    paths = ["/", "/articles/evil-1", "/articles/evil-2", "/articles/evil-1?start=0&end=200",
             "/articles/" + quote(URL_ID, safe="")]
    paths += [f"/stories/{s['id']}" for s in stories]
    for path in paths:
        page = hostile_client.get(path).text
        assert "<script>window" not in page and "<img" not in page and "<svg onload" not in page, path
        assert "<b>Times" not in page
        assert re.findall(r"<script\b[^>]*>", page) == ['<script src="/static/newsfuse.js" defer>'], path
    article = hostile_client.get("/articles/evil-1").text
    assert "Council vote &lt;script&gt;window.__xss = 1; alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=" in article
    assert "Evil &lt;b&gt;Times&lt;/b&gt;" in article


def test_web_hostile_ids_in_urls_are_quoted(hostile_client):
    response = hostile_client.get("/articles/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert response.status_code == 404
    assert "<img" not in response.text and "&lt;img src=x onerror=alert(1)&gt;" in response.text
    for prefix in ("/articles/", "/api/articles/"):
        response = hostile_client.get(prefix + quote(URL_ID, safe=""))
        assert response.status_code == 200, prefix
    page = hostile_client.get("/articles/" + quote(URL_ID, safe="")).text
    assert "<script>alert(4)" not in page and "&lt;script&gt;alert(4)&lt;/script&gt;" in page
    story = hostile_client.get("/api/articles/" + quote(URL_ID, safe="")).json()["story"]
    assert story and hostile_client.get("/stories/" + quote(story, safe="")).status_code == 200
    assert hostile_client.get("/api/stories/" + quote(story, safe="") + "/claims").status_code == 200


def test_render_highlight_escapes_and_splits_overlaps():
    text = 'a <b>x</b> & "q"'
    out = str(highlight(text, 0, len(text), [Mark(2, 10, "shared", title='t"<', href="/articles/x?a=1&b=2"),
                                               Mark(5, 13, "cited", anchor="cited")]))
    assert "<b>" not in out and "&lt;b&gt;" in out and "&amp;" in out
    assert 'href="/articles/x?a=1&amp;b=2"' in out and 'title="t&#34;&lt;"' in out
    assert 'class="shared cited"' in out and out.count('id="cited"') == 1
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_render_provenance_svg_escapes_labels_and_survives_cycles():
    graph = {"nodes": [{"id": 'a"><script>', "label": "<script>alert(1)</script>", "outlet": "<b>"},
                       {"id": "b", "label": "B", "outlet": None}],
             "edges": [{"source": 'a"><script>', "derived": "b", "relation": "<rewrite>", "score": 0.5},
                       {"source": "b", "derived": 'a"><script>', "relation": "reprint", "score": 0.9}],
             "groups": [["b"]], "composites": [], "filler": []}
    svg = str(provenance_svg(graph))
    assert "<script" not in svg and "<b>" not in svg and "<rewrite>" not in svg
    assert "&lt;script&gt;alert(1)" in svg and 'href="/articles/a%22%3E%3Cscript%3E"' in svg
    assert svg.count("<a href=") == 2


# -- read-only, files, hosts --------------------------------------------------


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_web_read_only_without_allow_ingest(examples_db, story_id):
    app = create_app(str(examples_db))
    for route in app.routes:
        assert set(getattr(route, "methods", None) or {"GET"}) <= {"GET", "HEAD"}, route.path
    before = {p.name: _sha(p) for p in examples_db.parent.glob("news.db*")}
    client = TestClient(app, base_url=BASE)
    for path in ("/", f"/stories/{story_id}", "/articles/000_84cc0352b6f1ec13", "/api/stories",
                 f"/api/stories/{story_id}", "/api/articles/000_84cc0352b6f1ec13"):
        assert client.get(path).status_code == 200
    for method in ("post", "put", "delete", "patch"):
        for path in ("/ingest", "/api/stories", f"/api/stories/{story_id}"):
            assert getattr(client, method)(path).status_code in (404, 405), (method, path)
    assert {p.name: _sha(p) for p in examples_db.parent.glob("news.db*")} == before


@pytest.mark.parametrize("path", [
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e/%2e%2e/store/db.py",
    "/static//etc/passwd", "/static/%2Fetc%2Fpasswd", "/articles/..%2F..%2Fetc%2Fpasswd",
    "/stories/..%2F..%2F..%2Fetc%2Fpasswd", "/api/articles/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/../../etc/passwd", "/static/templates/base.html",
])
def test_web_never_serves_files_outside_static(client, path):
    response = client.get(path)
    assert response.status_code == 404, path
    assert "root:" not in response.text and "def create_app" not in response.text and "{% block" not in response.text


def test_web_static_assets_served(client):
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    assert "details.cite" in client.get("/static/newsfuse.js").text


def test_web_refuses_foreign_host_header(examples_db):
    client = TestClient(create_app(str(examples_db)), base_url="http://attacker.example")
    assert client.get("/api/stories").status_code == 400
    assert TestClient(create_app(str(examples_db)), base_url="http://localhost:8000").get("/").status_code == 200


def test_web_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


# -- ingest through the UI (only with allow_ingest) -----------------------------


def test_web_ingest_form_stores_an_escaped_article(examples_db, tmp_path):
    db = tmp_path / "copy.db"
    with Store(examples_db, readonly=True) as source, Store(db) as target:
        source._conn.backup(target._conn)
    with TestClient(create_app(str(db), allow_ingest=True), base_url=BASE) as client:
        form = client.get("/ingest").text
        token = re.search(r'name="token" value="([^"]+)"', form).group(1)
        fields = {"title": f"Pasted {HOSTILE}", "outlet": "Web", "date": "2024-07-09", "id": "pasted-1",
                  "text": f"Pasted article text with {HOSTILE} inside it, long enough to be kept as a paragraph."}
        assert client.post("/ingest", data={**fields, "token": "wrong"}).status_code == 403
        assert client.post("/ingest", data={**fields, "text": " ", "token": token}).status_code == 422
        response = client.post("/ingest", data={**fields, "token": token})
        assert response.status_code == 200 and 'href="/articles/pasted-1"' in response.text
        page = client.get("/articles/pasted-1").text
        assert "&lt;script&gt;window.__xss" in page and "<script>window" not in page and "<img" not in page
    with Store(db, readonly=True) as store:
        assert HOSTILE in store.get("pasted-1").text
