"""FastLemmatizer (newsfuse.facts.fast_lemmatizer) leaves exactly spaCy's
EnglishLemmatizer lemmas: the packaged model's tables on the examples and
tricky strings, tokens the attribute ruler already lemmatized, the same word
and POS with other morphology in either order, tokens without POS, spaCy's
cache (even stale), errors, memory zones, serialization and pickling."""

from __future__ import annotations

import pickle
import warnings

import pytest

pytest.importorskip("spacy")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ATTRS = ["LEMMA", "ORTH", "TAG", "POS", "MORPH", "DEP", "HEAD", "NORM", "ENT_IOB", "ENT_TYPE", "SENT_START"]

TRICKY = [
    "I ain't gonna do it. They AIN'T GONNA stop, ain’t they? We wanna go, gotta run. Let's go, y'all!",
    "Don't, can't, won't, shan't, couldn't, n't, it's, he'd, I'd, we'll, you're, I'm, they've.",
    "ALL CAPS HEADLINE: PRESIDENT SAYS \"NO\" TO 'DEAL' -- THE END. MEANS, DOGS, RAN, BETTER.",
    "In 2023, 1,250 people paid $3.5m (about 40%) on 12/05/2024; 3rd and 21st, 1990s, 7pm, No. 10.",
    "The means of the means. He means it. Reading the readings, she read what was read; better, best, worse.",
    "", " ", "   ", "\n", "\n\n \t\n", "Two  spaces,   three\tspaces.\r\nNew line\n\nand paragraph.",
    "a", "'s", "Is", "AM", "were", "Geese, mice, children, oxen, feet, teeth, criteria and data.",
]


def _parsed(nlp, text):
    """``text`` through the pipeline up to the lemmatizer: the doc the lemmatizer sees."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == "lemmatizer":
            return doc
        doc = component(doc)
    raise AssertionError("no lemmatizer")


def _pair(vocab, lookups, **config):
    """A fresh FastLemmatizer and spaCy's EnglishLemmatizer on the same tables, each with its own cache."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    from newsfuse.facts.fast_lemmatizer import FastLemmatizer

    fast = FastLemmatizer(vocab, None, mode="rule", **config)
    theirs = EnglishLemmatizer(vocab, None, mode="rule", **config)
    fast.lookups = theirs.lookups = lookups
    return fast, theirs


def _differences(fast, theirs, docs):
    """Tokens (text, ours, spaCy's) whose annotations differ after each lemmatizer on copies of ``docs``."""
    bad = []
    for doc in docs:
        ours, spacys = fast(doc.copy()), theirs(doc.copy())
        a, b = ours.to_array(ATTRS), spacys.to_array(ATTRS)
        bad += [(ours[i].text, ours[i].lemma_, spacys[i].lemma_) for i in range(len(doc)) if (a[i] != b[i]).any()]
    return bad


@pytest.fixture(scope="module")
def lookups(nlp):
    return nlp.get_pipe("lemmatizer").lookups


def test_load_nlp_swaps_the_lemmatizer_in_place(nlp):
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    from newsfuse.facts.fast_lemmatizer import FACTORY, FastLemmatizer
    from newsfuse.facts.nlp import load_nlp

    fast = nlp.get_pipe("lemmatizer")
    assert type(fast) is FastLemmatizer
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert nlp.get_pipe_meta("lemmatizer").factory == FACTORY
    assert (fast.mode, fast.overwrite) == ("rule", False)
    assert sorted(fast.lookups.tables) == ["lemma_exc", "lemma_index", "lemma_rules"]
    plain = load_nlp(exclude=["tok2vec", "tagger", "parser", "ner"], fast_lemmatizer=False)
    assert type(plain.get_pipe("lemmatizer")) is EnglishLemmatizer


def test_examples_identical(nlp, lookups, example_articles):
    docs = [_parsed(nlp, a.text) for a in example_articles]
    assert sum(len(d) for d in docs) > 2000
    fast, theirs = _pair(nlp.vocab, lookups)
    assert _differences(fast, theirs, docs) == []
    assert _differences(fast, theirs, docs) == []  # again, from the memo
    assert len(fast._memo) > 500
    # and the pipeline's own (whose cache and memo other tests share)
    assert _differences(nlp.get_pipe("lemmatizer"), theirs, docs[:2]) == []


def test_example_docs_are_spacys(nlp, lookups, example_docs):
    """The production parse (``paragraph_docs``, fast components) has the lemmas of spaCy's ruler and
    lemmatizer run again on it from no lemmas."""
    import numpy
    from spacy.pipeline import AttributeRuler

    spacy_ruler = AttributeRuler(nlp.vocab)
    spacy_ruler.add_patterns(nlp.get_pipe("attribute_ruler").patterns)
    _, theirs = _pair(nlp.vocab, lookups)
    for doc in example_docs:
        again = doc.copy()
        again.from_array(["LEMMA"], numpy.zeros(len(doc), dtype=numpy.uint64))
        again = theirs(spacy_ruler(again))
        assert (again.to_array(ATTRS) == doc.to_array(ATTRS)).all()


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_strings_identical(nlp, lookups, text):
    fast, theirs = _pair(nlp.vocab, lookups)
    assert _differences(fast, theirs, [_parsed(nlp, text)]) == []


def test_keeps_the_attribute_rulers_lemmas_unless_overwrite(nlp, lookups):
    doc = _parsed(nlp, "I ain't gonna go. Let's see what they're doing.")
    ruled = {t.text: t.lemma_ for t in doc if t.lemma}
    assert (ruled["ai"], ruled["gon"], ruled["na"], ruled["'s"]) == ("be", "go", "to", "us")
    fast, theirs = _pair(nlp.vocab, lookups)
    assert _differences(fast, theirs, [doc]) == []
    assert {t.text: t.lemma_ for t in fast(doc.copy()) if t.text in ruled} == ruled
    fast, theirs = _pair(nlp.vocab, lookups, overwrite=True)
    assert _differences(fast, theirs, [doc]) == []
    assert fast(doc.copy())[1].lemma_ != "be"  # overwritten


def _doc(vocab, rows, lemmas=None):
    from spacy.tokens import Doc

    words, pos, morphs = zip(*rows)
    return Doc(vocab, words=list(words), pos=list(pos), morphs=list(morphs), lemmas=lemmas)


MEANS = [("means", "NOUN", "Number=Sing"), ("means", "NOUN", "Number=Plur"), ("means", "VERB", ""),
         ("means", "VERB", "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"), ("Reading", "VERB", "VerbForm=Inf"),
         ("Reading", "VERB", "Aspect=Prog|Tense=Pres|VerbForm=Part"), ("better", "ADJ", "Degree=Cmp"),
         ("better", "ADJ", "Degree=Pos"), ("better", "ADV", "Degree=Cmp"), ("Smiths", "PROPN", "Number=Plur")]


@pytest.mark.parametrize("order", [1, -1])
def test_same_word_and_pos_with_other_morphology(nlp, lookups, order):
    """spaCy's cache key has the morphology, and is_base_form reads it: either order, spaCy's lemmas."""
    rows = MEANS[::order] * 2
    fast, theirs = _pair(nlp.vocab, lookups)
    doc = _doc(nlp.vocab, rows)
    assert _differences(fast, theirs, [doc]) == []
    lemmas = [t.lemma_ for t in fast(doc.copy())]
    assert lemmas[:len(MEANS)][::order][:4] == ["means", "mean", "mean", "mean"]


def test_uses_spacys_cache(nlp, lookups):
    """What spaCy's cache says wins, stale or not, as in spaCy."""
    fast, theirs = _pair(nlp.vocab, lookups)
    doc = _doc(nlp.vocab, MEANS)
    key = (doc[1].orth, doc[1].pos, doc[1].morph.key)
    fast.cache[key] = theirs.cache[key] = ["meanie"]
    assert _differences(fast, theirs, [doc]) == []
    assert fast(doc.copy())[1].lemma_ == "meanie"


def test_tokens_without_pos_go_to_spacy(nlp, lookups):
    from spacy.tokens import Doc

    fast, theirs = _pair(nlp.vocab, lookups)
    doc = Doc(nlp.vocab, words=["The", "Dogs", "RAN", "The", "Dogs"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _differences(fast, theirs, [doc]) == []
        assert [t.lemma_ for t in fast(doc.copy())] == ["the", "dogs", "ran", "the", "dogs"]
    assert len(fast._memo) == 0


# mostly inflected words and the POS whose base-form test reads the morphology, so that the same word
# and POS with another morphology (another lemma) comes up often
UPOS = ["NOUN", "NOUN", "NOUN", "VERB", "VERB", "VERB", "ADJ", "ADJ", "ADV", "PROPN", "AUX", "NUM", "SPACE", "X"]
MORPHS = ["", "Number=Sing", "Number=Plur", "VerbForm=Inf", "Tense=Past|VerbForm=Fin", "Tense=Pres|VerbForm=Fin",
          "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "Degree=Pos", "Degree=Cmp", "Degree=Sup",
          "Aspect=Perf|Tense=Past|VerbForm=Part", "VerbForm=Ger", "NumType=Card"]
WORDS = ["dogs", "Dogs", "ran", "RUNNING", "better", "geese", "leaves", "means", "saw", "axes", "happier",
         "was", "'s", "data", "Smiths", "1990s", ",", " ", "\n"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(UPOS), st.sampled_from(MORPHS),
                          st.sampled_from([None, None, None, "preset"])), min_size=1, max_size=30),
       st.booleans())
@pytest.mark.slow
def test_random_tokens_identical(nlp, lookups, tokens, overwrite):
    # each word and POS again with the next token's morphology (and preset lemma), then all backwards
    rows = [t[:3] for t in tokens] + [(w, p, tokens[(i + 1) % len(tokens)][2]) for i, (w, p, _, _) in enumerate(tokens)]
    lemmas = [lemma or "" for _, _, _, lemma in tokens + tokens[1:] + tokens[:1]]
    doc = _doc(nlp.vocab, rows, lemmas=lemmas)
    backwards = _doc(nlp.vocab, rows[::-1], lemmas=lemmas[::-1])
    fast, theirs = _pair(nlp.vocab, lookups, overwrite=overwrite)
    assert _differences(fast, theirs, [doc, backwards, doc]) == []


def test_an_error_leaves_what_spacy_leaves(nlp, lookups):
    """A failing token: the handler decides, the tokens before it keep their lemmas, as in spaCy."""
    doc = _doc(nlp.vocab, MEANS)
    results = []
    for lemmatizer in _pair(nlp.vocab, lookups):
        lemmatizer.cache[(doc[5].orth, doc[5].pos, doc[5].morph.key)] = []  # -> IndexError
        with pytest.raises(IndexError):
            lemmatizer(doc.copy())
        lemmatizer.set_error_handler(lambda *args: None)
        copy = doc.copy()
        results.append((lemmatizer(copy), [t.lemma_ for t in copy]))
    assert results[0] == results[1]
    assert results[0][0] is None and results[0][1][:5] == ["means", "mean", "mean", "mean", "reading"]
    assert results[0][1][5:] == [""] * 5


def _tables(lookups, **changes):
    from spacy.lookups import Lookups

    copy = Lookups().from_bytes(lookups.to_bytes())
    for name, entries in changes.items():
        copy.get_table(name).update(entries)
    return copy


def test_serialization_and_loading_new_tables(nlp, lookups):
    """``from_bytes`` drops the memo: lemmas follow the new tables where spaCy's do (its cache stays)."""
    fast, theirs = _pair(nlp.vocab, _tables(lookups))
    theirs.lookups = _tables(lookups)  # from_bytes loads into the tables object: one each, not the pipeline's
    doc = _doc(nlp.vocab, MEANS)
    assert _differences(fast, theirs, [doc]) == []
    assert fast(doc.copy())[-1].lemma_ == "Smiths"  # no rules for PROPN
    assert fast.to_bytes(exclude=["vocab"]) == theirs.to_bytes(exclude=["vocab"])
    _, changed = _pair(nlp.vocab, _tables(lookups, lemma_rules={"propn": [["s", ""]]}))
    for lemmatizer in (fast, theirs):
        lemmatizer.from_bytes(changed.to_bytes(exclude=["vocab"]), exclude=["vocab"])
    assert _differences(fast, theirs, [doc]) == []
    assert fast(doc.copy())[-1].lemma_ == "smith"
    assert "propn" not in lookups.get_table("lemma_rules")  # the pipeline's tables are untouched


def test_pipeline_round_trip(nlp, lookups, tmp_path):
    """A pipeline saved with the fast lemmatizer loads it back (its factory, config and tables)."""
    import spacy

    from newsfuse.facts.fast_lemmatizer import FACTORY, FastLemmatizer

    blank = spacy.blank("en")
    blank.add_pipe(FACTORY, name="lemmatizer", config={"overwrite": True})
    blank.get_pipe("lemmatizer").lookups = _tables(lookups)
    blank.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    again = loaded.get_pipe("lemmatizer")
    assert type(again) is FastLemmatizer and again.overwrite and again.mode == "rule"
    fast, theirs = _pair(loaded.vocab, again.lookups, overwrite=True)
    assert again.to_bytes(exclude=["vocab"]) == theirs.to_bytes(exclude=["vocab"])
    doc = _doc(loaded.vocab, MEANS, lemmas=["x"] * len(MEANS))
    assert _differences(again, theirs, [doc]) == []


def test_memory_zone_strings_are_not_remembered():
    import spacy
    from spacy.lookups import Lookups

    from newsfuse.facts.fast_lemmatizer import FastLemmatizer

    blank = spacy.blank("en")
    fast = FastLemmatizer(blank.vocab, None, mode="rule")
    fast.lookups = Lookups()
    fast.lookups.add_table("lemma_rules", {"noun": [["s", ""]]})
    fast.lookups.add_table("lemma_index", {"noun": ["zebra"]})
    rows = [("zebras", "NOUN", "Number=Plur"), ("quokkas", "NOUN", "Number=Plur")]
    with blank.vocab.memory_zone():
        assert [t.lemma_ for t in fast(_doc(blank.vocab, rows))] == ["zebra", "quokka"]
    assert "quokka" not in blank.vocab.strings  # the zone took it
    assert [t.lemma_ for t in fast(_doc(blank.vocab, rows))] == ["zebra", "quokka"]
    assert len(fast._memo) == 2


def test_pickles_without_its_memo():
    import spacy
    from spacy.lookups import Lookups

    from newsfuse.facts.fast_lemmatizer import FastLemmatizer

    blank = spacy.blank("en")
    fast = FastLemmatizer(blank.vocab, None, mode="rule")
    fast.lookups = Lookups()
    fast.lookups.add_table("lemma_rules", {"noun": [["s", ""]]})
    rows = [("cats", "NOUN", "Number=Plur")]
    assert fast(_doc(blank.vocab, rows))[0].lemma_ == "cat" and fast._memo
    again = pickle.loads(pickle.dumps(fast))
    assert isinstance(again, FastLemmatizer) and not again._memo and again.lookups.tables == ["lemma_rules"]
    assert again(_doc(again.vocab, rows))[0].lemma_ == "cat"


def test_only_replaces_spacys_english_lemmatizer():
    import spacy

    from newsfuse.facts.fast_lemmatizer import from_lemmatizer

    blank = spacy.blank("en")
    blank.add_pipe("lemmatizer", config={"mode": "lookup"})
    blank.add_pipe("sentencizer")
    with pytest.raises(TypeError):
        from_lemmatizer(blank, "sentencizer")
    fast = from_lemmatizer(blank)
    assert blank.pipe_names == ["lemmatizer", "sentencizer"] and fast.mode == "lookup"
    fast.lookups.add_table("lemma_lookup", {"went": "go"})
    assert [t.lemma_ for t in blank("He went")] == ["He", "go"]  # lookup mode: spaCy's own loop
