"""Quotes with speakers (newsfuse.facts.quotes): the example articles, hand-written
cases, and a PolNeAR slice (skipped when the shared data is absent)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import EXAMPLES_DIR as EXAMPLES, check_floors, text_article
from newsfuse_eval.paths import data_path


def _quotes(nlp, text: str):
    from newsfuse.facts.quotes import extract_quotes

    article = text_article(text)
    return article, extract_quotes(article, nlp=nlp)


@pytest.fixture(scope="module")
def example_quotes(nlp, example_articles, example_docs):
    from newsfuse.facts.quotes import QuoteExtractor

    extractor = QuoteExtractor(nlp)
    return {a.id: (a, extractor.extract(a, doc)) for a, doc in zip(example_articles, example_docs)}


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).lower()


def _speaker_ok(gold: str, found: str) -> bool:
    words = [w for w in re.sub(r"\(.*?\)", "", gold).split() if w[:1].isupper()]
    if "(unnamed)" in gold:  # "Lowy Institute analyst (unnamed)"
        return any(w in found for w in words)
    return words[-1] in found


def _find(quotes, starts: str):
    key = _norm(starts)
    return [q for q in quotes if _norm(q.text).startswith(key) or key in _norm(q.text)]


# -- the example articles ------------------------------------------------------


def test_example_gold_quotes_found_with_speakers(example_quotes):
    gold = json.loads((EXAMPLES / "gold.json").read_text(encoding="utf-8"))["quotes"]
    assert len(gold) == 14
    found, missing = 0, []
    for item in gold:
        ok = True
        for art_id in item["in"]:
            article, quotes = example_quotes[art_id]
            candidates = [q for q in _find(quotes, item["starts"]) if q.kind in ("direct", "partial")]
            if not any(_speaker_ok(item["speaker"], q.speaker) for q in candidates):
                ok = False
                missing.append((art_id, item["starts"], item["speaker"], [q.speaker for q in candidates]))
        found += ok
    assert found >= 13, missing


def test_example_offsets_are_consistent(example_quotes):
    for article, quotes in example_quotes.values():
        assert quotes
        for q in quotes:
            assert q.article == article.id
            assert article.text[q.start:q.end] == q.text
            assert q.text.strip() == q.text and q.text
            assert article.text[q.cue_start:q.cue_end].split() == q.cue.split()
            assert 0 <= q.speaker_start < q.speaker_end <= len(article.text)
            assert 0 <= q.mention_start < q.mention_end <= len(article.text)
            assert q.kind in ("direct", "partial", "indirect")
            assert 0 < q.confidence <= 1
            assert q.speaker
        assert quotes == sorted(quotes, key=lambda q: (q.start, q.end))


def test_he_said_after_topychkanov(example_quotes):
    article, quotes = example_quotes["001_c3cc268cb8b335a2"]
    (q,) = [q for q in _find(quotes, "Nevertheless, behind closed doors") if q.kind == "direct"]
    assert q.speaker == "Petr Topychkanov"
    assert article.text[q.mention_start:q.mention_end] == "he"
    assert article.text[q.speaker_start:q.speaker_end].endswith("Topychkanov")
    assert q.cue == "said"


def test_putin_partial_quote_in_reported_speech(example_quotes):
    article, quotes = example_quotes["002_5224782e82acb287"]
    partial = [q for q in _find(quotes, "scared, intimidated or forced") if q.kind == "partial"]
    assert partial and "Putin" in partial[0].speaker
    assert partial[0].text.startswith("scared, intimidated")
    # the reported clause around it is attributed too
    clause = [q for q in quotes if q.kind == "indirect" and q.start <= partial[0].start < q.end]
    assert clause and "Putin" in clause[0].speaker


def test_lowy_analyst_and_lowy_report(example_quotes):
    article, quotes = example_quotes["001_c3cc268cb8b335a2"]
    (q,) = _find(quotes, "This trip will rankle")
    assert "Lowy" in q.speaker and q.cue == "pointed out"
    report = _find(quotes, "profiting from troubles")
    assert report and report[0].speaker == q.speaker  # "the Lowy report said"


def test_speakers_across_paragraphs_and_surnames(example_quotes):
    article, quotes = example_quotes["004_7cd62a0fa2f72d54"]
    (pillars,) = _find(quotes, "The main pillars of the relationship")
    assert pillars.speaker == "Pankaj Saran" and pillars.via == "previous-paragraph"
    (option,) = _find(quotes, "One option currently being exercised")
    assert option.speaker == "Pankaj Saran"
    assert article.text[option.mention_start:option.mention_end] == "Mr. Saran"
    (policy,) = _find(quotes, "India follows a policy of strategic autonomy")
    assert policy.speaker == "Anil Trigunayat" and policy.cue == "says"
    (zelensky,) = _find(quotes, "It is a huge disappointment")
    assert zelensky.speaker == "Volodymyr Zelensky" and zelensky.cue == "posted"


def test_descriptions_resolve_to_earlier_speakers(example_quotes):
    article, quotes = example_quotes["001_c3cc268cb8b335a2"]
    (sibal,) = _find(quotes, "Neither India nor the global south")
    assert sibal.speaker == "Kanwal Sibal"
    assert article.text[sibal.mention_start:sibal.mention_end].startswith("the former ambassador")
    diplomat = [q for q in _find(quotes, "China's actions in the Indo-Pacific") if q.kind == "indirect"]
    assert diplomat and diplomat[0].speaker == "Vinay Kwatra"  # "India's top diplomat said"


# -- hand-written cases --------------------------------------------------------


def test_split_quote_around_she_said(nlp):
    text = ("Budget talks collapse\n\n"
            "Maria Lopez, the mayor of Springfield, spoke to reporters on Monday after the vote.\n\n"
            "“We will not back down,” she said. “The people of this city have spoken, and we listened.”\n")
    article, quotes = _quotes(nlp, text)
    first = _find(quotes, "We will not back down")
    second = _find(quotes, "The people of this city have spoken")
    assert first and second
    assert first[0].speaker == second[0].speaker == "Maria Lopez"
    assert first[0].kind == second[0].kind == "direct"
    assert article.text[first[0].mention_start:first[0].mention_end] == "she"
    assert second[0].via == "same-paragraph"


def test_pronoun_picks_the_compatible_person(nlp):
    text = ("Trade talks\n\n"
            "Mr. David Brown met Ms. Susan Green in Geneva on Tuesday to discuss tariffs.\n\n"
            "“It was a productive meeting and we agreed on the next steps,” she said.\n\n"
            "“There is still a lot of work ahead of us,” he told reporters.\n")
    article, quotes = _quotes(nlp, text)
    assert _find(quotes, "It was a productive meeting")[0].speaker == "Susan Green"
    assert _find(quotes, "There is still a lot of work")[0].speaker == "David Brown"


def test_indirect_speech_according_to_and_told_reporters(nlp):
    text = ("Ministry update\n\n"
            "The talks will resume in March, according to Ahmed Khan, a spokesman for the ministry.\n\n"
            "Separately, Finance Minister Laura Chen told reporters that the budget would be balanced by 2026.\n")
    article, quotes = _quotes(nlp, text)
    (khan,) = _find(quotes, "The talks will resume in March")
    assert khan.kind == "indirect" and khan.speaker == "Ahmed Khan" and khan.cue == "according to"
    assert khan.text == "The talks will resume in March"
    (chen,) = _find(quotes, "the budget would be balanced")
    assert chen.kind == "indirect" and chen.speaker == "Laura Chen" and chen.cue == "told"
    assert chen.text.startswith("that the budget")


def test_straight_quotes_across_paragraphs_and_inverted_cue(nlp):
    text = ("Council vote\n\n"
            "The council approved the plan on Friday after a long debate about its cost.\n\n"
            "\"This is the first step toward a cleaner harbour. We waited ten years for it.\n\n"
            "\"Now the real work begins,\" said Jane Doe, who chairs the harbour committee.\n")
    article, quotes = _quotes(nlp, text)
    first = _find(quotes, "This is the first step")
    second = _find(quotes, "Now the real work begins")
    assert second and second[0].speaker == "Jane Doe" and second[0].kind == "direct"
    assert first and first[0].speaker == "Jane Doe" and first[0].via == "open-quote"
    assert "We waited ten years" in first[0].text  # multi-sentence quote kept whole


def test_dash_and_transcript_attributions(nlp):
    text = ("Readers respond to the first debate\n\n"
            "We asked readers what they thought of the first debate between the two candidates.\n\n"
            "“The debate changed my mind about the whole election.” ― Carla Sanchez\n\n"
            "Partial transcript of the interview:\n\n"
            "WALLACE: Will you attend the debate tomorrow night?\n\n"
            "PENCE: I will be there, and so will the whole campaign team.\n\n"
            "WALLACE: Thank you for joining us this morning.\n")
    article, quotes = _quotes(nlp, text)
    assert _find(quotes, "The debate changed my mind")[0].speaker == "Carla Sanchez"
    pence = _find(quotes, "I will be there")
    assert pence and pence[0].speaker.lower() == "pence" and pence[0].via == "transcript"
    assert pence[0].text.startswith("I will be there")


def test_british_single_quotes(nlp):
    text = ("Harbour plan approved\n\n"
            "The council approved the harbour plan on Friday after a long debate.\n\n"
            "‘We waited ten years for this,’ said Jane Doe, who chairs the committee. "
            "‘The dogs’ owners will be pleased too.’\n")
    article, quotes = _quotes(nlp, text)
    (first,) = _find(quotes, "We waited ten years")
    (second,) = _find(quotes, "The dogs’ owners will be pleased")  # the apostrophe does not close it
    assert first.speaker == second.speaker == "Jane Doe"
    assert second.text.endswith("too.")


def test_scare_quotes_and_titles_are_not_quotes(nlp):
    text = ("Review\n\n"
            "The so-called \"deal\" collapsed within a week, and the show \"Morning Joe\" moved on.\n\n"
            "She told \"Morning Joe\" that the plan was \"dead on arrival.\"\n")
    article, quotes = _quotes(nlp, text)
    assert not _find(quotes, "deal")
    assert not [q for q in quotes if q.text == "Morning Joe"]
    assert [q for q in quotes if q.text.startswith("dead on arrival") and q.kind == "partial"]


def test_doc_must_match_article(nlp):
    from newsfuse.facts.quotes import extract_quotes

    article = text_article("Headline here\n\nShe said the plan would work and everyone agreed with it.\n")
    with pytest.raises(ValueError):
        extract_quotes(article, nlp("something else entirely"))
    with pytest.raises(ValueError):
        extract_quotes(article)


def test_quote_marks_pair_without_a_parse():
    from newsfuse.facts.quotes.marks import find_quote_spans

    text = "“We will win,” she said. He called it \"a disaster\" and left.\n\n“An open quote runs on"
    spans = find_quote_spans(text, [(0, text.index("\n")), (text.rindex("\n") + 1, len(text))])
    assert [text[q.start:q.end] for q in spans] == ["We will win", "a disaster", "An open quote runs on"]
    assert [q.closed for q in spans] == [True, True, False]
    assert [q.para for q in spans] == [0, 0, 1]


def test_paragraph_breaks_bound_the_parse(nlp):
    from newsfuse.facts.paragraph_parse import paragraph_doc

    text = ("Coal plan\n\n"
            "\"He showed again and again an ability to put together deals that other people couldn't.\"\n\n"
            "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt in 1999.\n")
    article, quotes = _quotes(nlp, text)
    doc = paragraph_doc(nlp, article)
    assert doc.text == article.text
    for p in article.paragraphs:
        for tok in doc.char_span(p.start, p.end, alignment_mode="expand"):
            assert p.start <= tok.head.idx < p.end, tok  # no dependency crosses a paragraph break
    (q,) = [q for q in quotes if q.text.startswith("Lenox was a juggernaut")]
    assert q.speaker == "Clarke" and q.cue == "said"


# -- stances: attributions of attitude, intention and evaluation ------------------


@pytest.mark.parametrize("text, speaker, cue, content", [
    ("The NAACP called for a moratorium on charter schools at its convention in Cincinnati.",
     "NAACP", "called for", "a moratorium on charter schools"),
    ("Critics questioned the health of Donald Trump after the rally in Ohio.",
     "Critics", "questioned", "the health of Donald Trump"),
    ("Donald Trump wants to build a wall on the southern border.",
     "Donald Trump", "wants", "to build a wall on the southern border"),
    ("The registration issue was first reported by The Washington Post on Sunday.",
     "Washington Post", "reported by", "The registration issue"),
    # a verb learnt from PolNeAR train (eval/cue_lexicon.py), a document presenting, "commented on" a topic
    ("The campaign offered a new platform on child care on Monday.",
     "campaign", "offered", "a new platform on child care"),
    ("The ad references the FBI's criticism of Clinton's email server.",
     "ad", "references", "the FBI's criticism of Clinton's email server"),
    ("Donald Trump commented on the death of Terence Crutcher.",
     "Donald Trump", "commented on", "the death of Terence Crutcher"),
])
def test_stance_verbs_attribute_their_object(nlp, text, speaker, cue, content):
    article, quotes = _quotes(nlp, "Politics\n\n" + text + "\n")
    (q,) = [q for q in quotes if q.via == "stance"]
    assert q.kind == "indirect" and q.text == content and q.cue == cue
    assert q.speaker.lower() == speaker.lower()
    assert article.text[q.start:q.end] == q.text


def test_report_nouns_take_possessor_or_light_verb_subject(nlp):
    text = ("Fact check\n\n"
            "Donald Trump's claim that there have been thousands of shootings in Chicago was checked.\n\n"
            "Voting rights advocates have expressed deep concern about the new policy in Ohio.\n")
    article, quotes = _quotes(nlp, text)
    claim, concern = [q for q in quotes if q.via == "report-noun"]
    assert claim.speaker == "Donald Trump" and claim.cue == "claim"
    assert claim.text.startswith("that there have been thousands of shootings")
    assert concern.speaker == "Voting rights advocates" and concern.text == "the new policy in Ohio"


def test_stances_nested_in_reported_speech_and_switch(nlp):
    from newsfuse.facts.quotes import QuoteConfig, extract_quotes

    text = "Debate night\n\nHillary Clinton said Trump attacked the judge because of his heritage.\n"
    article, quotes = _quotes(nlp, text)
    assert [(q.speaker, q.via) for q in quotes] == [("Hillary Clinton", "indirect")]  # no "Trump attacked"
    text = "Schools\n\nThe NAACP called for a moratorium on charter schools.\n"
    article = text_article(text)
    assert not [q for q in extract_quotes(article, nlp=nlp, config=QuoteConfig(stances=False)) if q.via == "stance"]


# -- scoring helpers and PolNeAR -------------------------------------------------


def test_brat_reader_and_offset_map():
    from newsfuse_eval.brat import map_gold, offset_map, read_brat_attributions

    raw = "Title line\n\nHe said   \"it works\" today.\n"
    ann = ("T1\tSource 12 14\tHe\nT2\tCue 15 19\tsaid\nT3\tContent 22 32\t\"it works\"\n"
           "T4\tAttribution 15 19\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n")
    (gold,) = read_brat_attributions(ann)
    assert gold.source_text == "He" and gold.content == ((22, 32),)
    article = text_article(raw)
    mapped = map_gold(gold, offset_map(raw, article))
    (s, e), = mapped.content
    assert article.text[s:e] == '"it works"'  # the run of spaces before it was collapsed


@pytest.mark.slow
@pytest.mark.shared_data("polnear/dev")
def test_polnear_dev_slice(nlp):
    from newsfuse_eval.quotes import evaluate_quotes

    result = evaluate_quotes(data_path("polnear", "dev"), limit=20, nlp=nlp)
    assert result["articles"] == 20
    check_floors("quotes.polnear_dev_20", result)
    assert result["by_via"]["stance"]["predicted"] > 0
    for key in ("speaker_f1", "content_f1", "precision", "recall", "articles"):
        assert key in result


def test_quote_scans_look_at_every_token_a_rule_can_take(example_docs):
    """The cue and stance scans visit only some tokens; every token the rules accept is among them."""
    from newsfuse.facts.quotes.cues import CUE_CATEGORIES, cue_and_speaker, cue_category, possible_cues
    from newsfuse.facts.quotes.stances import _is_stance_verb, _possible_stance_verbs
    from newsfuse.facts.token_scan import TokenScan

    found = 0
    for doc in example_docs:
        scan = TokenScan(doc)
        cues, stances = possible_cues(scan), _possible_stance_verbs(scan)
        for tok in doc:
            if cue_category(tok) is not None or cue_and_speaker(tok, set(CUE_CATEGORIES)) is not None:
                assert cues[tok.i], tok.text
                found += 1
            if _is_stance_verb(tok):
                assert stances[tok.i], tok.text
        assert cues.sum() < len(doc) / 4
    assert found > 50


def test_stance_scan_takes_learned_verbs_and_lemma_slips(nlp):
    """Verbs of the learnt lexicon and forms the lemmatizer gets wrong ("retweeted") are scanned."""
    from newsfuse.facts.quotes.stances import LEARNED_STANCE_VERBS
    from newsfuse.facts.quotes.stances import STANCE_VERBS, _is_stance_verb, _possible_stance_verbs
    from newsfuse.facts.token_scan import TokenScan

    assert LEARNED_STANCE_VERBS <= STANCE_VERBS and "express" in LEARNED_STANCE_VERBS
    doc = nlp("Senator Warren retweeted a photo and voiced concern, and the party expressed regret.")
    scan = TokenScan(doc)
    mask = _possible_stance_verbs(scan)
    accepted = [t.text for t in doc if _is_stance_verb(t)]
    assert {"retweeted", "voiced", "expressed"} <= set(accepted)
    assert all(mask[t.i] for t in doc if _is_stance_verb(t))
