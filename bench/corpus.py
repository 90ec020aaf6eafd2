"""Deterministic synthetic news corpus for benchmarks.

Article bodies are built from real sentences (the shipped examples in
``examples/articles`` and, when present, the PolNeAR training texts under
``polnear/train/text`` under the shared data, ``$NEWSFUSE_DATA`` or ``../shared/data``), recombined and perturbed so no two
articles are alike. Each article can be written in several forms:

* ``write_text``  - one ``.txt`` per article in the style of the examples: a
  headline line, paragraphs separated by blank lines, a dateline, section
  headings, and page chrome (menus, captions, "Post a Comment",
  "Related Posts", "Source link", ...);
* ``write_html``  - one realistic ``.html`` page per article: ``<head>`` with
  title / meta date / ``og:site_name``, nav menu, ``<article>`` with h1/h2/p,
  a figure caption, sidebar, footer and a comments block;
* ``write_warc``  - the same HTML pages as HTTP responses in one gzipped WARC
  (warcio's ``WARCWriter``);
* ``write_jsonl`` - one JSON object per line (``id url title date outlet text``).

Everything depends only on ``(n, seed)`` and the sentence sources, so the same
arguments give byte-identical files (WARC record ids and dates included).

Example:
    >>> arts = make_articles(3, seed=1)
    >>> sorted(arts[0])[:5]
    ['author', 'caption', 'date', 'dateline', 'headings']
"""

from __future__ import annotations

import datetime as _dt
import gzip
import hashlib
import html as _html
import io
import json
import random
import re
import uuid
from pathlib import Path
from typing import Iterable, Iterator, Sequence

try:
    from newsfuse_eval.paths import data_path
except ModuleNotFoundError:  # run from a checkout without `pip install -e .`
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from newsfuse_eval.paths import data_path

__all__ = [
    "OUTLETS",
    "load_sentences",
    "make_articles",
    "iter_articles",
    "render_text",
    "render_html",
    "write_text",
    "write_html",
    "write_warc",
    "write_jsonl",
    "write_corpus",
]

REPO = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = REPO / "examples" / "articles"
POLNEAR_DIR = data_path("polnear", "train", "text")

# Fictional outlets, each with its own site chrome so that menus and widgets
# recur across that outlet's pages (as they do on real sites).
OUTLETS: list[dict] = [
    {"name": "The Daily Ledger", "domain": "dailyledger.example", "wire": "Ledger",
     "menu": ["Home", "World", "Politics", "Business", "Opinion", "Sport"]},
    {"name": "Northern Courier", "domain": "northerncourier.example", "wire": "Courier",
     "menu": ["News", "Region", "Nation", "World", "Markets", "Culture", "Weather"]},
    {"name": "Metro Wire", "domain": "metrowire.example", "wire": "Metro Wire",
     "menu": ["Latest", "US", "World", "Tech", "Health", "Video"]},
    {"name": "Global Dispatch", "domain": "globaldispatch.example", "wire": "GD",
     "menu": ["Top Stories", "Asia", "Europe", "Americas", "Middle East", "Africa"]},
    {"name": "Capital Times", "domain": "capitaltimes.example", "wire": "Capital Times",
     "menu": ["Politics", "Congress", "White House", "Courts", "Elections"]},
    {"name": "The Evening Post", "domain": "eveningpost.example", "wire": "Post",
     "menu": ["Home", "News", "Sport", "Business", "Lifestyle", "Travel", "Puzzles"]},
    {"name": "Harbor Herald", "domain": "harborherald.example", "wire": "Herald",
     "menu": ["Local", "State", "National", "Obituaries", "Classifieds"]},
    {"name": "Pacific Review", "domain": "pacificreview.example", "wire": "PR",
     "menu": ["Analysis", "Economy", "Security", "Diplomacy", "Podcasts"]},
    {"name": "Continental News", "domain": "continentalnews.example", "wire": "CN",
     "menu": ["Europe", "EU Affairs", "Energy", "Climate", "Science"]},
    {"name": "Frontier Journal", "domain": "frontierjournal.example", "wire": "Frontier",
     "menu": ["News", "Investigations", "Data", "Opinion", "Newsletters"]},
    {"name": "Union Tribune Online", "domain": "uniontribune.example", "wire": "UTO",
     "menu": ["Breaking", "Politics", "Money", "Entertainment", "Sports"]},
    {"name": "Liberty Observer", "domain": "libertyobserver.example", "wire": "Observer",
     "menu": ["Front Page", "Nation", "World", "Columns", "Media"]},
]

WIRES = ["Reuters", "AP", "AFP", "Bloomberg"]
PLACES = ["WASHINGTON", "MOSCOW", "NEW DELHI", "LONDON", "BEIJING", "PARIS", "BERLIN", "KYIV",
          "TOKYO", "BRUSSELS", "NEW YORK", "GENEVA", "Nairobi, Kenya", "Austin, Texas",
          "Sydney, Australia", "Moscow, Russia", "Ottawa, Ontario"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTHS_AP = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
             "Oct.", "Nov.", "Dec."]
FIRST = ["Anna", "David", "Maria", "James", "Priya", "Chen", "Olga", "Samuel", "Fatima",
         "Lucas", "Emma", "Rahul", "Sofia", "Daniel", "Aisha", "Peter"]
LAST = ["Miller", "Sharma", "Ivanova", "Okafor", "Schmidt", "Garcia", "Nakamura", "Brown",
        "Dubois", "Kowalski", "Haddad", "Larsen", "Rossi", "Ahmed", "Walsh", "Costa"]
HEADING_WORDS = ["Trade", "Security", "Energy", "Diplomacy", "Reaction", "Background",
                 "Economy", "Elections", "Markets", "Strategy", "Alliances", "Talks",
                 "Sanctions", "Oil", "Defense", "Voters", "Policy", "Outlook"]
HEADING_TEMPLATES = ["{a} and {b}", "What comes next", "On the agenda", "The {a} question",
                     "{a} concerns", "A look at {b}", "Historical ties", "{a}, {b} and beyond",
                     "Reaction at home", "Why it matters"]

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z])")
_ABBREV_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Rev|Sr|Jr|St|Gen|Lt|Col|Maj|Capt|Gov|Sen|Rep|Pres|Sgt|Jan|Feb|Aug|Sept?|Oct|Nov|Dec"
    r"|Inc|Corp|Co|Ltd|No|vs|etc)|\b[A-Z]|\b(?:[A-Z]\.)+[A-Z])\.$"
)
_FUNCTION_TAIL = {"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with",
                  "from", "as", "that", "which", "who", "is", "are", "was", "were", "be", "has", "have",
                  "had", "his", "her", "their", "its", "this", "after", "before", "about", "said", "-", "—"}
_DIGITS = re.compile(r"\d+")
_CAPWORD = re.compile(r"(?<=\s)[A-Z][a-z]{3,}(?=[\s,.;:])")

_FALLBACK_SENTENCES = [
    "The minister said the talks would continue next week in the capital.",
    "Officials declined to comment on the details of the agreement on Monday.",
    "Analysts said the decision could reshape trade flows across the region.",
]


def _split_sentences(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if not para:
            continue
        pieces: list[str] = []
        for piece in _SENTENCE_END.split(para):
            # Re-join splits after abbreviations ("Mr. Modi", "the U.S. envoy").
            if pieces and _ABBREV_END.search(pieces[-1]):
                pieces[-1] += " " + piece
            else:
                pieces.append(piece)
        for sent in pieces:
            words = sent.split()
            # Full sentences only: long enough, closing punctuation, no URLs.
            if 6 <= len(words) <= 60 and sent[-1] in ".!?\"”’" and "http" not in sent:
                out.append(sent)
    return out


def load_sentences(use_polnear: bool = True) -> list[str]:
    """Distinct real sentences from the examples (and PolNeAR if present), sorted."""
    files = sorted(EXAMPLES_DIR.glob("*.txt"))
    if use_polnear and POLNEAR_DIR.is_dir():
        files += sorted(POLNEAR_DIR.glob("*.txt"))
    # Source order is kept (neighbouring sentences come from one article),
    # duplicates dropped.
    seen: dict[str, None] = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        seen.update(dict.fromkeys(_split_sentences(text)))
    return list(seen) or list(_FALLBACK_SENTENCES)


def _proper_nouns(sentences: Sequence[str]) -> list[str]:
    found: set[str] = set()
    for s in sentences:
        found.update(_CAPWORD.findall(" " + s))
    return sorted(found)


def _perturb(sentence: str, rng: random.Random, nouns: Sequence[str]) -> str:
    """Change numbers and some mid-sentence names so recombined text differs."""
    if rng.random() < 0.5:
        sentence = _DIGITS.sub(lambda m: str(rng.randrange(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 0,
                                                            10 ** len(m.group()))), sentence)
    if nouns and rng.random() < 0.4:
        sentence = _CAPWORD.sub(lambda m: rng.choice(nouns) if rng.random() < 0.3 else m.group(), sentence)
    return sentence


def _headline(rng: random.Random, sentences: Sequence[str]) -> str:
    sentence = rng.choice(sentences)
    for _ in range(20):  # prefer a sentence without quotes or brackets
        if not any(ch in sentence for ch in "\"“”‘’()[]"):
            break
        sentence = rng.choice(sentences)
    words = sentence.strip("\"“”‘’").rstrip(".!?\"”’").replace("\"", "").split()
    words = words[: rng.randint(6, min(14, max(6, len(words))))]
    while len(words) > 4 and words[-1].lower().strip(",;:") in _FUNCTION_TAIL:
        words.pop()
    head = " ".join(words).rstrip(",;:—–-")
    return head[0].upper() + head[1:]


def _heading(rng: random.Random) -> str:
    a, b = rng.sample(HEADING_WORDS, 2)
    return rng.choice(HEADING_TEMPLATES).format(a=a, b=b.lower() if rng.random() < 0.5 else b)


def iter_articles(n: int, seed: int = 0, sentences: Sequence[str] | None = None,
                  min_words: int = 300, max_words: int = 1200) -> Iterator[dict]:
    """Yield ``n`` article dicts; same ``(n, seed, sentences)`` -> same articles.

    Keys: ``id title date outlet paragraphs`` (list of str, body only, the
    dateline not included), plus ``url domain author dateline`` (str or None,
    e.g. ``"MOSCOW, July 8 (Reuters) —"``), ``dateline_style``, ``headings``
    (``{paragraph index: heading}``, the heading goes before that paragraph),
    ``caption``, ``related`` (three other headlines) and ``words``.
    """
    sentences = list(sentences) if sentences is not None else load_sentences()
    nouns = _proper_nouns(sentences)
    rng = random.Random(seed)
    start = _dt.date(2015, 1, 1).toordinal()
    span = _dt.date(2024, 12, 31).toordinal() - start
    for i in range(n):
        outlet = OUTLETS[rng.randrange(len(OUTLETS))]
        day = _dt.date.fromordinal(start + rng.randrange(span + 1))
        target = rng.randint(min_words, max_words)
        # A contiguous run of sentences reads like one source; jump around
        # between paragraphs so articles mix sources.
        paragraphs: list[str] = []
        words = 0
        while words < target:
            k = rng.choice((1, 2, 2, 3, 3, 4, 5))
            at = rng.randrange(len(sentences))
            para = " ".join(_perturb(sentences[(at + j) % len(sentences)], rng, nouns) for j in range(k))
            paragraphs.append(para)
            words += len(para.split())
        headings: dict[int, str] = {}
        if len(paragraphs) >= 6:
            for _ in range(rng.randint(0, len(paragraphs) // 6)):
                headings[rng.randrange(2, len(paragraphs))] = _heading(rng)
        style = rng.choices(["none", "wire", "wire_date", "outlet_only", "iso_prefix"], [35, 25, 10, 15, 15])[0]
        wire = rng.choice(WIRES + [outlet["wire"]])
        place = rng.choice(PLACES)
        if style == "wire":
            dateline = f"{place} ({wire}) —"
        elif style == "wire_date":
            dateline = f"{place}, {MONTHS_AP[day.month - 1]} {day.day} ({wire}) —"
        elif style == "outlet_only":
            dateline = f"({wire}) —"
        elif style == "iso_prefix":
            dateline = f"({wire}) —"  # text form: "date YYYY-MM-DD (Wire) — ..."
        else:
            dateline = None
        title = _headline(rng, sentences)
        digest = hashlib.sha1(f"{seed}:{i}:{title}".encode()).hexdigest()[:16]
        slug = "-".join(re.sub(r"[^a-z0-9 ]", "", title.lower()).split()[:8])
        yield {
            "id": f"{i:06d}_{digest}",
            "title": title,
            "date": day.isoformat(),
            "outlet": outlet["name"],
            "domain": outlet["domain"],
            "url": f"https://www.{outlet['domain']}/{day:%Y/%m/%d}/{slug}-{i}",
            "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "paragraphs": paragraphs,
            "headings": headings,
            "dateline": dateline,
            "dateline_style": style,
            "caption": f"{rng.choice(FIRST)} {rng.choice(LAST)} speaks to reporters in {rng.choice(PLACES).title()}."
            if rng.random() < 0.6 else None,
            "related": [_headline(rng, sentences) for _ in range(3)],
            "words": words,
            "_chrome_seed": rng.randrange(1 << 30),
        }


def make_articles(n: int, seed: int = 0, sentences: Sequence[str] | None = None) -> list[dict]:
    """``list(iter_articles(n, seed))``; see :func:`iter_articles` for the keys."""
    return list(iter_articles(n, seed, sentences))


def _outlet(article: dict) -> dict:
    return next(o for o in OUTLETS if o["name"] == article["outlet"])


# -- plain text ---------------------------------------------------------------


def render_text(article: dict) -> str:
    """The article as a flattened web page, in the style of examples/articles."""
    rng = random.Random(article["_chrome_seed"])
    outlet = _outlet(article)
    lines: list[str] = []
    style = article["dateline_style"]
    if rng.random() < 0.35:
        lines.append(rng.choice(["Offer", "Advertisement", "Menu", "Subscribe"]))
    if rng.random() < 0.4:
        indent = " " * rng.choice((0, 0, 20, 40))
        lines.extend(indent + item for item in outlet["menu"][: rng.randint(2, len(outlet["menu"]))])
    if style != "iso_prefix":
        if rng.random() < 0.15:
            lines.append(f"Published: {MONTHS[int(article['date'][5:7]) - 1]} {int(article['date'][8:])}, "
                         f"{article['date'][:4]}")
        lines.append(article["title"])
        if article["caption"] and rng.random() < 0.5:
            lines.append(article["caption"].rstrip("."))  # caption-ish label under the headline
    body = list(article["paragraphs"])
    if article["dateline"]:
        body[0] = f"{article['dateline']} {body[0]}"
    if style == "iso_prefix":
        body[0] = f"date {article['date']} {body[0]}"
    for i, para in enumerate(body):
        if i in article["headings"]:
            lines.append(article["headings"][i])
        if i and i % 7 == 0 and rng.random() < 0.3:
            lines.append("Advertisement")
        lines.append(para)
    tail = rng.random()
    if tail < 0.25:
        lines[-1] = lines[-1] + " See More"
    elif tail < 0.5:
        lines.append("Source link")
    if rng.random() < 0.5:
        lines += ["Post a Comment", "0 Comments"]
    if rng.random() < 0.3:
        lines.append(f"© {article['date'][:4]} {outlet['name']}. All rights reserved.")
    if rng.random() < 0.4:
        lines.append("Related Posts")
        lines.extend(article["related"])
    return "\n\n".join(lines) + ("\n" if rng.random() < 0.5 else "")


def write_text(articles: Iterable[dict], folder: str | Path) -> list[Path]:
    """One ``<id>.txt`` per article under ``folder``; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in articles:
        path = folder / f"{article['id']}.txt"
        path.write_text(render_text(article), encoding="utf-8")
        paths.append(path)
    return paths


# -- HTML -----------------------------------------------------------------------

_STYLE = """body{font-family:Georgia,serif;margin:0;color:#111}header,footer{background:#222;color:#eee}
nav ul{list-style:none;display:flex;gap:1em;margin:0;padding:0}nav li{position:relative}
.mega{display:none;position:absolute}.main-menu li:hover .mega{display:block}
article{max-width:42em;margin:auto}article p{line-height:1.6}figure{margin:0}figcaption{font-size:.8em}
.sidebar{float:right;width:18em}.sidebar ol{padding-left:1.2em}.comments{border-top:1px solid #ccc}
.byline{color:#666}.share a{margin-right:.5em}.trending{font-size:.85em;overflow:hidden;white-space:nowrap}
.ad-slot,.inline-ad{min-height:90px;background:#f4f4f4;text-align:center}.footer-cols{display:grid}
@media (max-width:700px){.sidebar{float:none;width:auto}nav ul{flex-wrap:wrap}}"""

_SCRIPT_HEAD = """window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}
gtag('js',new Date());gtag('config','G-%s',{anonymize_ip:true});
(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});
var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;
j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})
(window,document,'script','dataLayer','GTM-%s');"""

_SCRIPT_TAIL = """var adSlots=[%s];function renderAds(){for(var i=0;i<adSlots.length;i++){var el=document.getElementById(adSlots[i]);
if(!el)continue;el.setAttribute('data-loaded','1');}}document.addEventListener('DOMContentLoaded',renderAds);
window.__CONFIG__={site:'%s',section:'%s',paywall:{enabled:%s,freeArticles:%d},consent:{region:'%s'},
ab:{variant:'%s',experiments:[%s]}};"""


def _slug(text: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9 ]", "", text.lower()).split()[:8])


def render_html(article: dict) -> str:
    """A realistic article page for ``article`` (UTF-8, declared in a meta tag).

    About 25-40 KB: head metadata and JSON-LD, inline CSS and scripts, a
    mega menu, trending bar, the article (h1, byline, figure, h2/p), share
    links, a sidebar, a comments block and a link-heavy footer.
    """
    rng = random.Random(article["_chrome_seed"] ^ 0x5EED)
    outlet = _outlet(article)
    e = _html.escape
    title, date = article["title"], article["date"]
    pretty = f"{MONTHS[int(date[5:7]) - 1]} {int(date[8:])}, {date[:4]}"
    published = f"{date}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z"
    description = " ".join(article["paragraphs"][0].split()[:30])
    section = outlet["menu"][1]
    menu_items = []
    for m in outlet["menu"]:
        base = "/" + _slug(m)
        sub = "".join(f'<li><a href="{base}/{_slug(w)}">{e(w)}</a></li>' for w in rng.sample(HEADING_WORDS, 8))
        menu_items.append(f'<li><a href="{base}">{e(m)}</a><ul class="mega">{sub}</ul></li>')
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
        "datePublished": published, "dateModified": published, "description": description,
        "author": [{"@type": "Person", "name": article["author"]}],
        "publisher": {"@type": "Organization", "name": outlet["name"],
                      "logo": {"@type": "ImageObject", "url": f"https://www.{outlet['domain']}/logo.png"}},
        "mainEntityOfPage": article["url"], "articleSection": section,
    }
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)} | {e(outlet['name'])}</title>",
        f'<meta name="description" content="{e(description)}">',
        f'<meta name="author" content="{e(article["author"])}">',
        f'<meta name="date" content="{date}">',
        f'<meta property="og:title" content="{e(title)}">',
        f'<meta property="og:description" content="{e(description)}">',
        f'<meta property="og:site_name" content="{e(outlet["name"])}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{e(article["url"])}">',
        f'<meta property="og:image" content="https://www.{outlet["domain"]}/img/{article["id"]}.jpg">',
        f'<meta property="article:published_time" content="{published}">',
        f'<meta property="article:section" content="{e(section)}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<link rel="canonical" href="{e(article["url"])}">',
        f'<link rel="preconnect" href="https://cdn.{outlet["domain"]}">',
        f'<link rel="stylesheet" href="https://cdn.{outlet["domain"]}/css/main.{rng.getrandbits(32):08x}.css">',
        '<link rel="icon" href="/favicon.ico">',
        f"<style>{_STYLE}</style>",
        f"<script>{_SCRIPT_HEAD % (rng.getrandbits(40), rng.getrandbits(28))}</script>",
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>',
        "</head>",
        '<body class="article-page">',
        '<a class="skip" href="#main">Skip to content</a>',
        f'<header class="site-header"><a class="logo" href="/">{e(outlet["name"])}</a>',
        f'<nav class="main-menu" aria-label="Main"><ul>{"".join(menu_items)}</ul></nav>',
        '<form class="search" action="/search"><input name="q" placeholder="Search"><button>Go</button></form>',
        '<div class="account"><a href="/login">Log in</a> <a class="cta" href="/subscribe">Subscribe</a></div></header>',
        '<div class="trending"><strong>Trending:</strong> '
        + " ".join(f'<a href="/topic/{_slug(w)}">{e(w)}</a>' for w in rng.sample(HEADING_WORDS, 6)) + "</div>",
        '<div class="ad-slot" id="ad-top">Advertisement</div>',
        '<main class="content" id="main">',
        f'<nav class="breadcrumbs"><a href="/">Home</a> › <a href="/{_slug(section)}">{e(section)}</a></nav>',
        '<article class="story">',
        f"<h1>{e(title)}</h1>",
        f'<div class="byline">By <a rel="author" href="/authors/{_slug(article["author"])}">'
        f'{e(article["author"])}</a> · <time datetime="{published}">{pretty}</time> · '
        f"{rng.randint(3, 12)} min read</div>",
    ]
    if article["caption"]:
        parts.append(f'<figure class="lead"><img src="https://cdn.{outlet["domain"]}/img/{article["id"]}.jpg" '
                     f'alt="" width="1200" height="675" loading="eager">'
                     f"<figcaption>{e(article['caption'])} (Photo: {e(outlet['wire'])})</figcaption></figure>")
    ads = []
    for i, para in enumerate(article["paragraphs"]):
        if i in article["headings"]:
            parts.append(f"<h2>{e(article['headings'][i])}</h2>")
        if i == 0 and article["dateline"]:
            para = f"{article['dateline']} {para}"
        parts.append(f"<p>{e(para)}</p>")
        if i and i % 5 == 0 and rng.random() < 0.5:
            ads.append(f"ad-inline-{i}")
            parts.append(f'<div class="inline-ad" id="ad-inline-{i}"><span>Advertisement</span></div>')
        if i == 3 and rng.random() < 0.4:
            rel = article["related"][0]
            parts.append(f'<div class="read-more"><strong>Read more:</strong> <a href="/{_slug(rel)}">{e(rel)}</a></div>')
    parts.append('<div class="tags">' + " ".join(
        f'<a rel="tag" href="/tag/{_slug(w)}">{e(w)}</a>' for w in rng.sample(HEADING_WORDS, 4)) + "</div>")
    parts.append('<div class="share"><a href="#">Share on X</a> <a href="#">Facebook</a> '
                 '<a href="#">LinkedIn</a> <a href="#">Email</a> <a href="#">Copy link</a></div>')
    parts.append("</article>")
    related = "".join(f'<li><a href="/{_slug(t)}">{e(t)}</a></li>' for t in article["related"])
    latest = "".join(f'<li><a href="/latest/{k}">{e(_headline(rng, [article["paragraphs"][k % len(article["paragraphs"])]]))}</a>'
                     f'<time>{rng.randint(1, 59)} min ago</time></li>' for k in range(6))
    parts.append(f'<aside class="sidebar"><section><h3>Most Read</h3><ol>{related}</ol></section>'
                 f'<section><h3>Latest</h3><ul>{latest}</ul></section>'
                 '<div class="ad-slot" id="ad-side">Advertisement</div>'
                 '<section class="newsletter"><h3>Newsletter</h3><p>Sign up for our daily briefing.</p>'
                 '<form><input type="email" placeholder="Your email"><button>Sign up</button></form></section></aside>')
    parts.append("</main>")
    comments = []
    for _ in range(rng.randint(0, 5)):
        who = f"{rng.choice(FIRST)}{rng.randrange(100)}"
        comments.append(f'<div class="comment"><span class="user">{who}</span> '
                        f'<time>{rng.randint(1, 23)} hours ago</time><p>{e(_comment(rng))}</p>'
                        '<a class="reply" href="#">Reply</a></div>')
    parts.append(f'<section id="comments" class="comments"><h3>{len(comments)} Comments</h3>{"".join(comments)}'
                 '<a href="#respond">Post a Comment</a></section>')
    cols = []
    for heading in ("Sections", "Company", "Help", "Follow us"):
        links = "".join(f'<li><a href="/{_slug(heading)}/{_slug(w)}">{e(w)}</a></li>' for w in rng.sample(HEADING_WORDS, 7))
        cols.append(f'<div class="col"><h4>{heading}</h4><ul>{links}</ul></div>')
    parts.append(f'<footer><div class="footer-cols">{"".join(cols)}</div>'
                 f'<p>© {date[:4]} {e(outlet["name"])}. All rights reserved.</p>'
                 '<ul class="legal"><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy</a></li>'
                 '<li><a href="/terms">Terms</a></li><li><a href="/contact">Contact</a></li>'
                 '<li><a href="/cookies">Cookie settings</a></li></ul></footer>')
    experiments = ",".join(f"'exp{rng.randrange(1000)}'" for _ in range(rng.randint(1, 4)))
    parts.append("<script>" + _SCRIPT_TAIL % (
        ",".join(f"'{a}'" for a in ["ad-top", "ad-side", *ads]), outlet["domain"], _slug(section),
        "true" if rng.random() < 0.5 else "false", rng.randint(3, 10), rng.choice(["eu", "us", "row"]),
        rng.choice("ABC"), experiments) + "</script>")
    parts.append(f'<script async src="https://cdn.{outlet["domain"]}/js/app.{rng.getrandbits(32):08x}.js"></script>')
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


_COMMENTS = ["Great article, thanks for sharing.", "This is exactly what I expected to happen.",
             "Does anyone actually believe this?", "Well written and balanced reporting.",
             "I disagree with the premise of this piece entirely.", "Follow the money, as always."]


def _comment(rng: random.Random) -> str:
    return " ".join(rng.sample(_COMMENTS, rng.randint(1, 3)))


def write_html(articles: Iterable[dict], folder: str | Path) -> list[Path]:
    """One ``<id>.html`` page per article under ``folder``; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in articles:
        path = folder / f"{article['id']}.html"
        path.write_bytes(render_html(article).encode("utf-8"))
        paths.append(path)
    return paths


# -- WARC -----------------------------------------------------------------------


def write_warc(articles: Iterable[dict], path: str | Path, seed: int = 0) -> Path:
    """All pages as gzipped WARC ``response`` records (plus a ``warcinfo``)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ids = random.Random(seed ^ 0xA5C)

    def record_id() -> str:
        return f"<urn:uuid:{uuid.UUID(int=ids.getrandbits(128), version=4)}>"

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        info = writer.create_warcinfo_record(path.name, {"software": "newsfuse bench/corpus.py", "format": "WARC 1.0"})
        info.rec_headers.replace_header("WARC-Record-ID", record_id())
        info.rec_headers.replace_header("WARC-Date", "2025-01-01T00:00:00Z")
        writer.write_record(info)
        for article in articles:
            body = render_html(article).encode("utf-8")
            http = StatusAndHeaders("200 OK", [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Server", "nginx"),
            ], protocol="HTTP/1.1")
            crawl = f"{article['date']}T12:00:00Z"
            record = writer.create_warc_record(
                article["url"], "response", payload=io.BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Record-ID": record_id(), "WARC-Date": crawl},
            )
            writer.write_record(record)
    return path


# -- JSONL ----------------------------------------------------------------------


def article_text(article: dict) -> str:
    """Clean body text (headings and dateline included), paragraphs blank-line separated."""
    lines = []
    for i, para in enumerate(article["paragraphs"]):
        if i in article["headings"]:
            lines.append(article["headings"][i])
        lines.append(f"{article['dateline']} {para}" if i == 0 and article["dateline"] else para)
    return "\n\n".join(lines)


def write_jsonl(articles: Iterable[dict], path: str | Path, gz: bool = False) -> Path:
    """One ``{"id","url","title","date","outlet","text"}`` object per line."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if gz else open
    with opener(path, "wt", encoding="utf-8") as handle:
        for a in articles:
            record = {"id": a["id"], "url": a["url"], "title": a["title"], "date": a["date"],
                      "outlet": a["outlet"], "text": article_text(a)}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def write_corpus(out: str | Path, n: int, seed: int = 0, forms: Sequence[str] = ("text", "html", "warc"),
                 reuse: bool = True) -> dict[str, Path]:
    """Write the corpus forms under ``out`` (text/, html/, corpus.warc.gz, corpus.jsonl).

    With ``reuse``, a folder whose ``manifest.json`` records the same
    ``n``/``seed``/forms is left as it is. Returns ``{form: path}``.
    """
    out = Path(out)
    targets = {"text": out / "text", "html": out / "html", "warc": out / "corpus.warc.gz", "jsonl": out / "corpus.jsonl"}
    manifest_path = out / "manifest.json"
    manifest = {"n": n, "seed": seed, "forms": sorted(forms), "generator": 1}
    if reuse and manifest_path.exists():
        try:
            if json.loads(manifest_path.read_text()) == manifest and all(targets[f].exists() for f in forms):
                return {f: targets[f] for f in forms}
        except (OSError, ValueError):
            pass
    out.mkdir(parents=True, exist_ok=True)
    manifest_path.unlink(missing_ok=True)
    articles = make_articles(n, seed)
    for form in forms:
        target = targets[form]
        if target.is_dir():
            for old in target.iterdir():
                old.unlink()
        if form == "text":
            write_text(articles, target)
        elif form == "html":
            write_html(articles, target)
        elif form == "warc":
            write_warc(articles, target, seed)
        elif form == "jsonl":
            write_jsonl(articles, target)
        else:
            raise ValueError(f"unknown corpus form {form!r}")
    manifest_path.write_text(json.dumps(manifest))
    return {f: targets[f] for f in forms}
