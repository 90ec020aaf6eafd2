"""Web app (issue 7) end to end: uvicorn on a free localhost port, Playwright driving Debian's chromium.

Playwright cannot download its own browser here; ``.ci/run`` installs
Debian's ``chromium`` (``/usr/bin/chromium``) and sets
``NEWSFUSE_REQUIRE_BROWSER=1``, so in CI a missing browser fails instead of
skipping. Set ``NEWSFUSE_UPDATE_SCREENSHOTS=1`` to rewrite ``docs/*.png``.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import pytest

from newsfuse import views
from newsfuse.serialize import to_json
from newsfuse.store import Store
from newsfuse.web import create_app
from test_web import EXAMPLES, HOSTILE, built_store, hostile_jsonl

pytestmark = pytest.mark.slow  # a real browser on the example store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DOCS = Path(__file__).resolve().parent.parent / "docs"


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("NEWSFUSE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (NEWSFUSE_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


class LiveServer:
    """The app under uvicorn in a thread, on a port the OS picked."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(create_app(str(db)), log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        _skip_or_fail(f"Debian's chromium is not installed at {CHROMIUM}; `.ci/run` installs it with apt-get "
                      "(apt-get install -y chromium), and Playwright cannot download a browser here")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory) -> Path:
    return built_store(tmp_path_factory, "examples", [EXAMPLES])


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    return built_store(tmp_path_factory, "hostile", [hostile_jsonl(tmp_path_factory.mktemp("web-hostile-input"))])


@pytest.fixture(scope="module")
def site(examples_db) -> Iterator[LiveServer]:
    with LiveServer(examples_db) as server:
        yield server


@pytest.fixture(scope="module")
def hostile_site(hostile_db) -> Iterator[LiveServer]:
    with LiveServer(hostile_db) as server:
        yield server


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="module")
def story(examples_db) -> dict:
    with Store(examples_db, readonly=True) as store:
        (row,) = to_json(views.story_list(store))
        return to_json(views.story_page(store, row["id"]))


def _open_story(page, site: LiveServer, story: dict) -> None:
    page.goto(site.url + "/")
    page.locator("table.stories a", has_text="Modi").click()
    page.wait_for_url(f"**/stories/{story['story']['id']}")


def test_browser_story_list_leads_to_story(page, site, story):
    _open_story(page, site, story)
    assert "Modi" in page.locator("h1").inner_text()
    assert page.locator("table.sources tbody tr").count() == 5
    assert page.locator("table.sources tr[data-article='000_84cc0352b6f1ec13'] .badge-rewrite").is_visible()
    assert page.locator("p.meta .n-sources").inner_text() == "4 independent sources"


def test_browser_citation_click_shows_passage(page, site, story, examples_db):
    brief = story["brief"]
    assert brief and any(p.get("citations") for p in brief.get("points") or []), "`newsfuse run` saved no cited brief"
    first = next(c for p in brief["points"] for c in p["citations"])
    with Store(examples_db, readonly=True) as store:
        expected = store.get(first["article"]).text[first["start"]:first["end"]]
    _open_story(page, site, story)
    cite = page.locator("details.cite").first
    passage = cite.locator(".passage-text")
    assert not passage.is_visible()
    cite.locator("summary").click()
    passage.wait_for(state="visible")
    assert passage.inner_text() == expected
    page.mouse.move(0, 0)  # a clicked citation stays open when the pointer leaves
    assert passage.is_visible()
    cite.locator(".passage-source").click()
    page.wait_for_url(f"**/articles/{quote(first['article'], safe='')}?start={first['start']}&end={first['end']}#cited")
    marked = "".join(page.locator(".article-text .cited").all_inner_texts())  # split at paragraphs and highlights
    assert re.sub(r"\s+", "", marked) == re.sub(r"\s+", "", expected)
    assert page.locator("#cited").is_visible()


def test_browser_citation_hover_shows_passage(page, site, story):
    brief = story["brief"]
    assert brief and any(p.get("citations") for p in brief.get("points") or []), "`newsfuse run` saved no cited brief"
    _open_story(page, site, story)
    cite = page.locator("details.cite").first
    cite.locator("summary").hover()
    cite.locator(".passage-text").wait_for(state="visible")
    page.mouse.move(0, 0)
    cite.locator(".passage-text").wait_for(state="hidden")


def test_browser_imports_conflict_highlighted(page, site, story):
    conflicts = [c for c in story["claims"] if c.get("verdict") == "conflict"]
    assert conflicts, "`newsfuse run` saved no conflicting claim"
    _open_story(page, site, story)
    page.locator("nav.sections a[href='#claims']").click()
    row = page.locator("table.claims tr.conflict", has_text="import").first
    row.wait_for(state="visible")
    assert row.locator(".verdict").inner_text() == "conflict"
    background = row.locator("td").first.evaluate("td => getComputedStyle(td).backgroundColor")
    assert background == "rgb(253, 226, 225)"
    non_conflict = page.locator("table.claims tr.claim:not(.conflict) td").first
    if non_conflict.count():
        assert non_conflict.evaluate("td => getComputedStyle(td).backgroundColor") != background


def test_browser_provenance_graph(page, site, story):
    _open_story(page, site, story)
    page.locator("#open-provenance").click()
    graph = page.locator("svg.provenance-graph")
    graph.wait_for(state="visible")
    assert page.evaluate("() => location.hash") == "#provenance"
    box = graph.bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    assert graph.locator("a.node").count() == 5
    edge = graph.locator("g.edge.rel-rewrite")
    assert edge.get_attribute("data-source") == "001_c3cc268cb8b335a2"
    assert edge.get_attribute("data-derived") == "000_84cc0352b6f1ec13"
    assert edge.locator("text").text_content().startswith("rewrite ")
    graph.locator("a.node[data-id='000_84cc0352b6f1ec13']").click()
    page.wait_for_url("**/articles/000_84cc0352b6f1ec13")
    shared = page.locator(".article-text a.shared")
    assert shared.count() == 11 and shared.first.is_visible()
    shared.first.click()
    page.wait_for_url("**/articles/001_c3cc268cb8b335a2?start=778&end=950#cited")
    assert page.locator("#cited").inner_text().startswith("Indian Prime Minister Narendra Modi will visit Russia")


def test_browser_hostile_article_renders_as_text(browser, hostile_site, hostile_db):
    # bypass_csp: the page's Content-Security-Policy would stop inline scripts on its own;
    # with it off, only escaping stands between the article text and the page.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with Store(hostile_db, readonly=True) as store:
        stories = [s["id"] for s in to_json(views.story_list(store))]
        title = store.get("evil-1").title
    paths = ["/", "/articles/evil-1", "/articles/evil-2", *(f"/stories/{quote(s, safe='')}" for s in stories)]
    for path in paths:
        page.goto(hostile_site.url + path)
        page.wait_for_load_state("load")
        state = page.evaluate("""() => ({
            xss: typeof window.__xss,
            images: document.querySelectorAll('img').length,
            scripts: [...document.scripts].map(s => s.getAttribute('src')),
            svgs: [...document.querySelectorAll('svg')].filter(s => !s.classList.contains('provenance-graph')).length,
            bold: document.querySelectorAll('main b').length,
        })""")
        assert state == {"xss": "undefined", "images": 0, "scripts": ["/static/newsfuse.js"], "svgs": 0, "bold": 0}, path
    page.goto(hostile_site.url + "/articles/evil-1")
    assert page.locator("h1.article-title").inner_text() == title
    assert page.get_by_text(HOSTILE).first.is_visible()
    assert page.locator("p.meta .outlet").inner_text() == "Evil <b>Times</b>"
    assert dialogs == []
    context.close()


def test_browser_screenshots(page, site, story, tmp_path):
    """Full-page shots of the story and article pages; NEWSFUSE_UPDATE_SCREENSHOTS=1 writes docs/."""
    out = DOCS if os.environ.get("NEWSFUSE_UPDATE_SCREENSHOTS") == "1" else tmp_path
    _open_story(page, site, story)
    if page.locator("details.cite").count():
        page.locator("details.cite summary").first.click()
    # The top of the page: brief with an open citation, sources, provenance graph, first claims (conflicts first).
    height = min(page.evaluate("document.body.scrollHeight"), 3200)
    page.screenshot(path=str(out / "story-page.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": 1280, "height": height})
    page.goto(site.url + "/articles/000_84cc0352b6f1ec13")
    page.locator("details.removed summary").click()
    page.locator("details.removed table").wait_for(state="visible")
    page.screenshot(path=str(out / "article-page.png"), full_page=True)
    for name in ("story-page.png", "article-page.png"):
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
