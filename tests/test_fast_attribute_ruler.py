"""FastAttributeRuler (newsfuse.facts.fast_attribute_ruler) leaves exactly spaCy's
AttributeRuler annotations: the packaged model's rules on the examples, tricky
strings and generated word salad, and rulers with pattern forms only spaCy's
Matcher runs (the fallback) or attrs only spaCy's code sets."""

from __future__ import annotations

import pickle

import pytest

pytest.importorskip("spacy")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ATTRS = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "NORM", "ENT_IOB", "ENT_TYPE", "ENT_ID", "ENT_KB_ID",
         "SENT_START"]

TRICKY = [
    "I ain't gonna do it. They AIN'T GONNA stop, ain’t they? We wanna go, gotta run.",
    "Let's go, y'all! Y' all know. C'mon, it's nothin' doin'. Ol' man, 'nuff said; gimme 'em.",
    "Don't, can't, won't, shan't, couldn't, n't, nt, it's, he'd, I'd, we'll, you're, I'm, they've.",
    "   ", "\n", "\n\n \t\n", "Two  spaces,   three   spaces.\nNew line\n\nand paragraph.\r\n",
    "ALL CAPS HEADLINE: PRESIDENT SAYS \"NO\" TO 'DEAL' -- THE END.",
    "“Curly quotes,” he said. ‘Single curly,’ she said. \"Straight\" and 'single'.",
    "There is a dog. There's a cat, there are two, there were three. Here it is.",
    "i did it. I do. Did you? Has he? Does she have it? He had had enough; being there was fun.",
    "That is the one that I said that about. Those who know, these do. Something, anyone, nobody.",
    "", "a", "'s", "n't", "ai n't", "gon na", "got ta",
]


def _split(nlp):
    at = nlp.pipe_names.index("attribute_ruler")
    return nlp.pipeline[:at], nlp.pipeline[at + 1:]


def _parsed(nlp, text):
    """``text`` tagged and parsed: the doc the ruler sees in the pipeline."""
    before, _ = _split(nlp)
    doc = nlp.make_doc(text)
    for _, component in before:
        doc = component(doc)
    return doc


def _finish(nlp, doc):
    """The lemmatizer after the ruler (NER reads neither the ruler's nor the lemmatizer's output;
    bench/parse.py compares the entities too)."""
    _, after = _split(nlp)
    for name, component in after:
        if name != "ner":
            doc = component(doc)
    return doc


def _differences(nlp, fast, spacy_ruler, docs, finish=True):
    """Tokens (text, ours, spaCy's) whose annotations differ between the two rulers on copies of ``docs``."""
    bad = []
    for doc in docs:
        ours, theirs = fast(doc.copy()), spacy_ruler(doc.copy())
        if finish:
            ours, theirs = _finish(nlp, ours), _finish(nlp, theirs)
        a, b = ours.to_array(ATTRS), theirs.to_array(ATTRS)
        for i in range(len(doc)):
            if (a[i] != b[i]).any():
                t, u = ours[i], theirs[i]
                bad.append((t.text, (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_),
                            (u.tag_, u.pos_, str(u.morph), u.lemma_, u.dep_)))
    return bad


@pytest.fixture(scope="module")
def rulers(nlp):
    """The pipeline's FastAttributeRuler and spaCy's AttributeRuler with the same patterns, same vocab."""
    from spacy.pipeline import AttributeRuler

    from newsfuse.facts.fast_attribute_ruler import FastAttributeRuler

    fast = nlp.get_pipe("attribute_ruler")
    assert isinstance(fast, FastAttributeRuler)
    spacy_ruler = AttributeRuler(nlp.vocab)
    spacy_ruler.add_patterns(fast.patterns)
    return fast, spacy_ruler


def test_load_nlp_swaps_the_ruler_in_place(nlp, rulers):
    fast, _ = rulers
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert len(fast.patterns) == 179
    # every packaged rule runs on the fast path: one-token specs and plain sequences (gon na, ai n't...)
    assert fast.fallback_patterns == [] and not fast.uses_spacy


def test_examples_identical(nlp, rulers, example_articles):
    fast, spacy_ruler = rulers
    docs = [_parsed(nlp, a.text) for a in example_articles]
    assert sum(len(d) for d in docs) > 2000
    assert _differences(nlp, fast, spacy_ruler, docs) == []


def test_example_docs_are_spacys(nlp, rulers, example_docs):
    """The production parse (``paragraph_docs``, fast ruler) equals re-running spaCy's ruler on it."""
    _, spacy_ruler = rulers
    for doc in example_docs:
        again = spacy_ruler(doc.copy())
        assert (again.to_array(ATTRS) == doc.to_array(ATTRS)).all()


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_strings_identical(nlp, rulers, text):
    fast, spacy_ruler = rulers
    assert _differences(nlp, fast, spacy_ruler, [_parsed(nlp, text)]) == []


def test_multi_token_rules_fire(nlp):
    doc = nlp("I ain't gonna go. Let's see.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert (lemmas["ai"], lemmas["gon"], lemmas["na"], lemmas["'s"]) == ("be", "go", "to", "us")


WORDS = ["I", "i", "ai", "n't", "gon", "na", "got", "ta", "let", "'s", "y'", "all", "There", "is", "was", "'re",
         "the", "that", "THAT", "her", "HIS", "it", "you", "do", "did", "had", "been", "being", "'d", "will",
         "nothin'", "ol'", "'em", "c'm", "on", "but", "well", "not", "said", ",", ".", "\"", "'", "“", "-", "\n",
         "  ", "\t", "\n\n", "Obama", "McCain", "$", "5", "%", "can", "ca", "wo", "sha", "'ll", "gets", "home"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25),
       st.lists(st.sampled_from(["", " ", "  "]), min_size=25, max_size=25))
@pytest.mark.slow
def test_word_salad_identical(nlp, rulers, words, gaps):
    fast, spacy_ruler = rulers
    text = "".join(w + g for w, g in zip(words, gaps))
    assert _differences(nlp, fast, spacy_ruler, [_parsed(nlp, text)], finish=False) == []


# Pattern forms the fast path does not express: each must go to the fallback Matcher, not be dropped.
UNSUPPORTED = [
    {"patterns": [[{"LOWER": "the", "OP": "+"}, {"TAG": "NN"}]], "attrs": {"LEMMA": "THE-NN"}, "index": 0},
    {"patterns": [[{"LENGTH": {">=": 6}}]], "attrs": {"POS": "X", "MORPH": "Long=Yes"}},
    {"patterns": [[{"LOWER": {"FUZZY": "presidnt"}}]], "attrs": {"LEMMA": "fuzzy"}},
    {"patterns": [[{"MORPH": {"IS_SUPERSET": ["Number=Sing"]}}]], "attrs": {"DEP": "sing"}},
    {"patterns": [[{"TAG": "DT"}, {}, {"TAG": "NN"}]], "attrs": {"TAG": "XX"}, "index": -1},
    {"patterns": [[{"LOWER": {"REGEX": {"IN": ["^pres"]}}}]], "attrs": {"POS": "PROPN"}},
]
SUPPORTED = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"lower": "president", "IS_TITLE": False}], [{"TEXT": "Senate"}]], "attrs": {"LEMMA": "chief"}},
    {"patterns": [[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": {"IN": ["DT"]}}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"TAG": "DT"}, {"TAG": {"REGEX": "^NN"}}]], "attrs": {"DEP": "det2"}, "index": 1},
]


def _custom(nlp, patterns):
    from spacy.pipeline import AttributeRuler

    from newsfuse.facts.fast_attribute_ruler import FastAttributeRuler

    fast, spacy_ruler = FastAttributeRuler(nlp.vocab), AttributeRuler(nlp.vocab)
    fast.add_patterns(patterns)
    spacy_ruler.add_patterns(patterns)
    return fast, spacy_ruler


SENTENCES = ["The president met the Senate president in the long hallway.",
             "The the the cat sat. That presidnt is a president, and this one said that.",
             "A big dog barked at the mailman while the presidents slept."]


def test_unsupported_patterns_go_to_the_fallback_matcher(nlp):
    # interleaved with supported ones, so the merge must follow pattern order across both paths
    patterns = [p for pair in zip(SUPPORTED, UNSUPPORTED) for p in pair] + UNSUPPORTED[len(SUPPORTED):]
    fast, spacy_ruler = _custom(nlp, patterns)
    unsupported = {i for i, p in enumerate(patterns) if p in UNSUPPORTED}
    assert set(fast.fallback_patterns) == unsupported
    assert not fast.uses_spacy
    docs = [_parsed(nlp, s) for s in SENTENCES]
    assert _differences(nlp, fast, spacy_ruler, docs, finish=False) == []
    # and the fallback patterns did change something, so they were not dropped
    fired = fast(docs[0].copy())
    assert str(fired[1].morph) == "Long=Yes" and fired[1].lemma_ == "fuzzy" and fired[0].lemma_ == "THE-NN"


def test_other_attrs_run_spacys_code(nlp):
    fast, spacy_ruler = _custom(nlp, SUPPORTED + [{"patterns": [[{"LOWER": "the"}]], "attrs": {"NORM": "da"}}])
    assert fast.uses_spacy
    docs = [_parsed(nlp, s) for s in SENTENCES]
    assert _differences(nlp, fast, spacy_ruler, docs, finish=False) == []
    assert fast(docs[0].copy())[0].norm_ == "da"


def test_index_outside_the_match_raises_like_spacy(nlp):
    bad = [{"patterns": [[{"TAG": "DT"}, {"TAG": "NN"}]], "attrs": {"LEMMA": "x"}, "index": 2}]
    fast, spacy_ruler = _custom(nlp, bad)
    doc = _parsed(nlp, "The dog barked.")
    with pytest.raises(ValueError) as ours:
        fast(doc.copy())
    with pytest.raises(ValueError) as theirs:
        spacy_ruler(doc.copy())
    assert str(ours.value) == str(theirs.value)


def test_patterns_added_later_and_serialization(nlp):
    from newsfuse.facts.fast_attribute_ruler import FastAttributeRuler

    fast, spacy_ruler = _custom(nlp, SUPPORTED)
    doc = _parsed(nlp, "The dog barked at the president.")
    assert fast(doc.copy())[1].pos_ == "NOUN"
    extra = {"patterns": [[{"LOWER": "dog"}]], "attrs": {"POS": "PROPN"}}
    fast.add(**extra)
    spacy_ruler.add(**extra)
    assert fast(doc.copy())[1].pos_ == "PROPN"
    again = FastAttributeRuler(nlp.vocab).from_bytes(fast.to_bytes())
    assert again.patterns == spacy_ruler.patterns
    assert _differences(nlp, again, spacy_ruler, [doc], finish=False) == []


def test_pickles_without_its_fast_form():
    """``nlp.pipe`` workers started by spawn get the component pickled: no memo, no Struct."""
    import spacy

    from newsfuse.facts.fast_attribute_ruler import FastAttributeRuler

    blank = spacy.blank("en")
    fast = FastAttributeRuler(blank.vocab, "attribute_ruler")
    fast.add([[{"LOWER": "x"}, {"LOWER": "y"}]], {"POS": "NOUN", "LEMMA": "xy"}, index=-1)
    assert fast(blank("a x y"))[2].lemma_ == "xy"
    again = pickle.loads(pickle.dumps(fast))
    assert isinstance(again, FastAttributeRuler) and again.name == "attribute_ruler"
    assert again.patterns == fast.patterns
    assert [(t.pos_, t.lemma_) for t in again(blank("x y x"))] == [("", ""), ("NOUN", "xy"), ("", "")]
