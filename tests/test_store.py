"""Store: round trip, versions, transactions, WAL."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.model import Article, Paragraph, ParagraphKind, RemovedLine, RemovedReason, Span
from newsfuse.store import Store


def _article(ident: str = "a1", text: str = "Mr. Modi met Mr. Putin. They talked.", **kw) -> Article:
    fields = dict(
        id=ident,
        text=text,
        title="Modi meets Putin",
        date="2024-07-08",
        outlet="Example",
        url=None,
        origin=f"{ident}.txt",
        raw_sha256="0" * 64,
        paragraphs=(Paragraph(0, len(text), ParagraphKind.BODY),),
        sentences=(Span(0, min(23, len(text))),),
        removed=(RemovedLine("Post a Comment", "page furniture after the article", 9),),
    )
    fields.update(kw)
    return Article(**fields)


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200)


@pytest.mark.slow
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, title=st.none() | texts, removed=st.lists(texts, max_size=3), extra=st.dictionaries(st.text(max_size=5), texts, max_size=3))
def test_store_round_trip_any_text(text, title, removed, extra):
    article = _article(
        text=text,
        title=title,
        paragraphs=(Paragraph(0, len(text), ParagraphKind.HEADING),),
        sentences=(Span(0, len(text)),),
        removed=tuple(RemovedLine(r, RemovedReason.CALL_TO_ACTION, i) for i, r in enumerate(removed)),
        extra=extra,
    )
    with Store(":memory:") as store:
        store.add_articles([(article, b"raw bytes")])
        assert store.get(article.id) == article


def test_store_same_article_twice_stored_once_and_change_makes_version(tmp_path):
    with Store(tmp_path / "s.db") as store:
        first = _article()
        assert store.add_articles([(first, b"v1")]).added == 1
        assert store.add_articles([(first, b"v1")]).unchanged == 1
        changed = _article(text="Mr. Modi met Mr. Putin again. They talked longer.")
        assert store.add_articles([(changed, b"v2")]).updated == 1
        assert store.count() == 1 and store.version_count() == 2
        versions = store.versions("a1")
        assert [v for v, _, _ in versions] == [1, 2]
        assert versions[0][2] != versions[1][2] and versions[0][1] <= versions[1][1]
        assert store.get("a1").text.startswith("Mr. Modi met Mr. Putin again")
        assert store.get("a1", version=1).text == first.text


def test_store_failed_batch_rolls_back_and_keeps_committed(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.add_articles([(_article("kept"), b"k")])

        def exploding():
            yield _article("lost-1"), b"x"
            raise RuntimeError("crash mid-batch")

        with pytest.raises(RuntimeError):
            store.add_articles(exploding())
    with Store(path) as store:
        assert [s.id for s in store.summaries()] == ["kept"]


def test_store_is_wal_and_migrated(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations")]
    assert names[0] == "0001_articles" and len(names) == len(set(names))
    conn.close()
    Store(path).close()  # reopening applies nothing twice


def test_store_readonly_refuses_writes(tmp_path):
    from newsfuse.errors import StoreError

    path = tmp_path / "s.db"
    Store(path).close()
    with Store(path, readonly=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.add_articles([(_article(), b"x")])


def test_store_line_counts_count_new_articles_once(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_articles([(_article("a"), b"a")], {"a": {"related posts"}})
        store.add_articles([(_article("a"), b"a")], {"a": {"related posts"}})
        store.add_articles([(_article("b"), b"b")], {"b": {"related posts", "what next"}})
        assert store.line_counts(["related posts", "what next", "absent"]) == {"related posts": 2, "what next": 1}
