"""Attribution constructions the quote extractor handles beyond "X said (that) ...",
each on a sentence of real news text (PolNeAR-style political news, 2015-2016):
"as"-clauses, "point to", relative "who" and quantifier subjects, documents speaking
for their authors, subjects the parse lost, infinitives after adjectives and
purposes, misplaced "that"-clauses, "call for X to ...", source phrases ("In the
latest poll, ..."), headline labels ("Poll: ..."), sloppy quote marks, "Said X:"."""

from __future__ import annotations

import pytest

from conftest import text_article


def _quotes(nlp, text: str):
    from newsfuse.facts.quotes import extract_quotes

    article = text_article("Politics\n\n" + text + "\n")
    quotes = extract_quotes(article, nlp=nlp)
    for q in quotes:
        assert article.text[q.start:q.end] == q.text
    return quotes


def _one(quotes, content: str):
    found = [q for q in quotes if q.text.startswith(content)]
    assert found, [(q.speaker, q.cue, q.text) for q in quotes]
    return found[0]


@pytest.mark.parametrize("text, speaker, cue, content", [
    # "As X reported, CLAUSE" / "CLAUSE, as X point out": the clause the "as" clause modifies
    ("And, as The Huffington Post previously reported, Clinton is the top recipient among the presidential "
     "candidates of contributions from the largest banking institutions.",
     "Huffington Post", "reported", "Clinton is the top recipient"),
    ("But ignoring or denying the progress of the Obama era also carries risks, as Clinton supporters point out.",
     "Clinton supporters", "point out", "But ignoring or denying the progress"),
    # "point to" reports what is pointed to (no longer read as an audience, "spoke to reporters")
    ("As proof, she pointed to attacks on her campaign funded by two hedge fund billionaires.",
     "she", "pointed to", "attacks on her campaign"),
    # relative "who" stands for people; quantifier subjects ("most", "others") hold views
    ("And a lot of Republican partisans who prefer other candidates still care more about turning the page.",
     "partisans", "prefer", "other candidates"),
    ("Most believe that both the economy and their own lives have improved since he was elected.",
     "Most", "believe", "that both the economy"),
    # of several clauses the parse hung on "said", the one next to it is what was said
    ("Around that time, 47 percent said they would vote for former Secretary of State Hillary Clinton, however "
     "this time around that number has dropped slightly to 35 percent.",
     "47 percent", "said", "they would vote for"),
    # a document speaks for whoever issued it
    ("Earlier this month, lawyers for both Donald and Ivana Trump filed legal papers opposing the unsealing.",
     "lawyers", "opposing", "the unsealing"),
    # a speaker the parse lost behind an apposition
    ("In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: \u201cHillary Clinton "
     "believes that transatlantic cooperation is essential.\u201d",
     "Jake Sullivan", "said", "Hillary Clinton believes"),
    # the subject of an infinitive after an adjective ("quick to"), or of a purpose ("went on Twitter to")
    ("Sexton was quick to point out that not all Trump supporters espoused such views.",
     "Sexton", "point out", "that not all Trump supporters"),
    ("When Trump launched his campaign, his critics hysterically denounced him, rushing to TV to say he did "
     "not represent the Republican Party.",
     "critics", "say", "he did not represent"),
    # a "that" clause the parse attached to a noun after the verb
    ("Adelson said earlier on Friday during a news conference that he may wait until February\u2019s primaries "
     "to decide who to back.",
     "Adelson", "said", "that he may wait until February"),
    # "call for X to ...": a for-to clause
    ("Hillary Clinton is calling for the United States to step up military efforts in the fight against the "
     "Islamic State.",
     "Hillary Clinton", "calling for", "the United States to step up"),
    # thanking and congratulating: the object is what is reported, not an addressee
    ("Marco Rubio spoke over boos from the audience as he congratulated Florida primary winner Donald Trump.",
     "Marco Rubio", "congratulated", "Florida primary winner Donald Trump"),
    # a reporting noun whose "that" clause the parse split
    ("John Kasich avoided direct criticism of front-runner Trump until recent days, when he expressed concern that the "
     "billionaire businessman was encouraging violence at his rallies.",
     "Kasich", "expressed concern", "that the billionaire businessman"),
    # "CLAUSE, X stated": a verb with other senses reports a clause set off before it
    ("There is serious concern about voter fraud in the upcoming presidential election, Donald Trump\u2019s "
     "longtime confidant Roger Stone stated.",
     "Roger Stone", "stated", "There is serious concern"),
])
def test_constructions_attribute_content_to_speaker(nlp, text, speaker, cue, content):
    q = _one(_quotes(nlp, text), content)
    assert speaker.lower() in q.speaker.lower()
    assert cue in q.cue


def test_source_phrases_credit_polls_not_interviews(nlp):
    quotes = _quotes(nlp, "In the latest CNN/ORC poll, Trump leads Cruz by roughly nine percentage points among "
                          "likely Republican voters.")
    q = _one(quotes, "Trump leads Cruz")
    assert q.via == "source-phrase" and q.speaker.endswith("poll") and q.cue == "In"
    # an interview is where someone spoke, not a source of its own; a poll one rises in is no source either
    quotes = _quotes(nlp, "In an interview with CNN on Sunday, Sanders laughed off the attack ad. "
                          "Carson quickly slid in the polls behind some of his rivals.")
    assert not [q for q in quotes if q.via == "source-phrase"]


def test_source_labels_before_a_colon(nlp):
    from newsfuse.facts.quotes import extract_quotes

    article = text_article("Politics\n\nThe race is close in the state.\n\n"
                           "Poll: Trump and Clinton hold narrow leads in Pennsylvania.\n\n"
                           "Both candidates are campaigning there this week.\n")
    quotes = extract_quotes(article, nlp=nlp)
    q = _one(quotes, "Trump and Clinton hold narrow leads")
    assert q.speaker == "Poll" and q.via == "transcript"


@pytest.mark.parametrize("text, speaker, content", [
    # a straight opening mark closed by a curly one
    ("In The New Yorker\u2019s long profile, fellow doctors seemed eager to dish about him. \"Oz has a huge bully "
     "pulpit, with the entire Oprah empire behind him,\u201d said David Gorski, an associate professor of surgery.",
     "David Gorski", "Oz has a huge bully pulpit"),
    # "Said X:" opening the sentence
    ("If anything, experts say her plans would make the code more complicated. Said Ellis: \u201cI don\u2019t get "
     "the sense she\u2019s the least bit interested in tax reform.\u201d",
     "Ellis", "I don\u2019t get the sense"),
    # "said, 'and to say ...'" is no hearsay "said to have been"
    ("\"What we owe the remaining people who are making a living mining coal is to be honest with them,\" "
     "Mr. Obama said, \"and to say that, look, the economy is shifting.\"",
     "Obama", "What we owe the remaining people"),
])
def test_direct_quotes_with_unusual_marks_and_order(nlp, text, speaker, content):
    q = _one(_quotes(nlp, text), content)
    assert q.kind == "direct" and speaker in q.speaker
