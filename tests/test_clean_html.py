"""HTML cleaning trusts the extractor's structure; appeals and restated headlines go in both paths.

Pages are built by hand for each case: a table in an article, a numbered list
of deals, a donation appeal, a headline repeated at the top of the body, a
comment-rules line.
"""

from __future__ import annotations

from newsfuse.clean import Cleaner
from newsfuse.errors import InputError
from newsfuse.model import Article, Format, RawDoc

PROSE = [
    "The city council approved the new budget on Tuesday after a long debate about school funding.",
    "Council members said the plan would raise spending on roads and parks by about four percent.",
    "The mayor is expected to sign the budget into law before the end of the month.",
]


def _page(title: str, body: str, headline: str | None = None) -> RawDoc:
    head = f"<h1>{headline}</h1>" if headline else ""
    html = (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article>{head}{body}</article><footer>Privacy</footer></body></html>")
    return RawDoc(id="p", origin="p.html", data=html.encode(), format=Format.HTML, text=html)


def _text(text: str) -> RawDoc:
    return RawDoc(id="t", origin="t.txt", data=text.encode(), format=Format.TEXT, text=text)


def _clean(raw: RawDoc) -> Article:
    [result] = Cleaner().clean_batch([raw])
    assert isinstance(result, Article), result
    return result


def _paras(items: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


def test_clean_html_table_rows_stay_as_readable_text():
    table = ("<table><tr><th>Team</th><th>Played</th><th>Points</th></tr>"
             "<tr><td>Arsenal</td><td>38</td><td>89</td></tr>"
             "<tr><td>Chelsea</td><td>38</td><td>74</td></tr></table>")
    article = _clean(_page("Budget passes", _paras(PROSE[:2]) + table + _paras(PROSE[2:])))
    assert "Arsenal | 38 | 89" in article.text
    assert "Chelsea | 38 | 74" in article.text
    assert PROSE[2] in article.text
    assert not [r for r in article.removed if "Arsenal" in r.text]


def test_clean_html_numbered_list_of_deals_is_content_not_a_menu():
    deals = ["Laptop Pro 14, now $999", "Noise-cancelling headphones, $199", "Smart speaker, $49",
             "Robot vacuum, $229"]
    body = _paras(PROSE[:2]) + "<ol>" + "".join(f"<li>{d}</li>" for d in deals) + "</ol>" + _paras(PROSE[2:])
    article = _clean(_page("Budget passes", body))
    for deal in deals:
        assert deal in article.text
    assert not [r for r in article.removed if "$" in r.text]


def test_clean_html_extracted_headings_inside_the_article_are_kept():
    body = _paras(PROSE[:1]) + "<h2>What happens next</h2>" + "<h2>Key dates</h2>" + _paras(PROSE[1:])
    article = _clean(_page("Budget passes", body))
    assert "What happens next" in article.text and "Key dates" in article.text


def test_clean_html_donation_appeal_removed_with_its_reason():
    appeal = ("We report the facts without fear or favour. If you value our journalism, "
              "please support us with a donation today.")
    article = _clean(_page("Budget passes", _paras(PROSE) + f"<p>{appeal}</p>"))
    assert "donation" not in article.text
    assert (appeal, "appeal to the reader") in {(r.text, r.reason) for r in article.removed}
    assert PROSE[-1] in article.text


def test_clean_html_comment_rules_line_removed():
    rules = "Comments are moderated. Please keep your comments civil and on topic."
    article = _clean(_page("Budget passes", _paras(PROSE) + f"<p>{rules}</p>"))
    assert "moderated" not in article.text
    assert any(r.reason == "appeal to the reader" for r in article.removed)


def test_clean_html_headline_repeated_at_top_of_body_removed():
    headline = "Council approves new city budget"
    article = _clean(_page(headline, _paras(PROSE), headline=headline))
    assert article.title == headline
    assert article.text.startswith(PROSE[0])
    assert (headline, "headline repeated in the text") in {(r.text, r.reason) for r in article.removed}


def test_clean_html_quoted_appeal_in_the_article_is_kept():
    quote = '"Please support us and donate to the food bank," the mayor said on Tuesday.'
    article = _clean(_page("Budget passes", _paras(PROSE[:2]) + f"<p>{quote}</p>" + _paras(PROSE[2:])))
    assert "the mayor said" in article.text


def test_clean_html_page_without_prose_is_stored_not_rejected():
    # Short lines an extractor still returns as the page's text (a notice, a
    # list of opening times): kept, since the extractor found them.
    body = ("<p>Library opening hours this week</p><ul><li>Monday closed for repairs</li>"
            "<li>Tuesday to Friday nine to five</li><li>Saturday ten to two</li></ul>")
    article = _clean(_page("Opening hours", body))
    assert "Tuesday to Friday nine to five" in article.text


def test_clean_html_menu_only_page_is_rejected():
    html = "<html><body><ul><li>Home</li><li>World</li><li>Sport</li></ul><p>Log in</p></body></html>"
    [result] = Cleaner().clean_batch([RawDoc(id="m", origin="m.html", data=html.encode(), format=Format.HTML,
                                             text=html)])
    assert isinstance(result, InputError)
    assert "no article text" in str(result)


def test_clean_text_donation_appeal_and_repeated_headline_removed():
    headline = "Council approves new city budget"
    appeal = ("We report the facts without fear or favour. If you value our journalism, "
              "please support us with a donation today.")
    text = "\n\n".join([headline, headline + ".", *PROSE[:2], appeal, PROSE[2], "Post a Comment"])
    article = _clean(_text(text))
    assert article.title == headline
    assert article.text.startswith(PROSE[0])
    reasons = {(r.text, r.reason) for r in article.removed}
    assert (headline + ".", "headline repeated in the text") in reasons
    assert (appeal, "appeal to the reader") in reasons


def test_clean_text_short_headline_above_the_text_is_the_title():
    article = _clean(_text("Budget passes\n\n" + "\n\n".join(PROSE)))
    assert article.title == "Budget passes"
    assert not article.removed


def test_clean_html_without_title_takes_the_heading_above_the_text():
    html = ("<html><body><article><h1>Council approves new city budget</h1>"
            + _paras(PROSE) + "</article></body></html>")
    article = _clean(RawDoc(id="n", origin="n.html", data=html.encode(), format=Format.HTML, text=html))
    assert article.title == "Council approves new city budget"
    assert article.text.startswith(PROSE[0])
