"""Filler paragraphs: the closing padding of 004, and support judged on
sentences with one coordinated item left out (``conjunct_drops``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsfuse.clean import Cleaner
from newsfuse.ingest import read_inputs
from newsfuse.provenance.filler import FillerConfig, conjunct_drops, find_filler

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
PADDED = "004_7cd62a0fa2f72d54"
# Lines of 004's closing run: the paragraph before the two sections (83),
# "Energy and Economic Cooperation" (87, 89) and "Geopolitical
# Ramifications" (93-101), the padding the hand annotation names.
PADDED_LINES = {83, 87, 89, 93, 95, 97, 99, 101}

# 003, line 13: two reported points in one sentence.
TWO_POINTS = (
    "During the visit, Modi is expected to address issues such as Indian citizens unintentionally conscripted "
    "into the Russian army to fight in Ukraine and Moscow’s increasing reliance on Chinese supplies for its arms "
    "industry."
)
# 002, line 29: the first of them, reported on its own.
ONE_POINT = (
    "Mr. Modi could also take up the contentious issue of Russia’s recruitment of Indian nationals to fight its "
    "war on Ukraine, according to Mr. Kwatra, the Indian foreign secretary."
)


# ---------------------------------------------------------------- conjunct_drops


def test_conjunct_drops_leaves_out_each_listed_item():
    assert conjunct_drops(TWO_POINTS) == [
        "During the visit, Modi is expected to address issues such as Indian citizens unintentionally conscripted "
        "into the Russian army to fight in Ukraine.",
        "During the visit, Modi is expected to address issues such as Moscow’s increasing reliance on Chinese "
        "supplies for its arms industry.",
    ]


def test_conjunct_drops_splits_clauses_at_a_semicolon():
    sentence = (
        "Mr. Modi’s visit to Moscow is not just about bilateral relations; it has significant geopolitical implications."
    )
    # "Mr." is an abbreviation, not a boundary; the opening clause is kept.
    assert conjunct_drops(sentence) == ["Mr. Modi’s visit to Moscow is not just about bilateral relations."]


def test_conjunct_drops_keeps_most_of_the_sentence():
    # Without " and the West ..." to the end only the subject would be left.
    sentence = (
        "How India navigates its relationships with Russia and the West will have a lasting impact on its global "
        "standing."
    )
    assert conjunct_drops(sentence) == []
    assert conjunct_drops(sentence, min_share=0.3) == ["How India navigates its relationships with Russia."]


def test_conjunct_drops_without_a_coordinator_is_empty():
    sentence = (
        "As Mr. Modi engages in talks with President Putin, the world will be watching closely to see how "
        "India navigates this challenging diplomatic terrain."
    )
    assert conjunct_drops(sentence) == []


def test_conjunct_drops_list_items():
    sentence = (
        "India is keen on encouraging more Russian investments in various sectors, including technology, "
        "pharmaceuticals, and infrastructure."
    )
    drops = conjunct_drops(sentence)
    assert drops[0].endswith("including technology, pharmaceuticals.")
    assert drops[1].endswith("including technology, infrastructure.")


# ---------------------------------------------------------------- on the examples


@pytest.fixture(scope="module")
def similarity():
    from newsfuse.provenance.similarity import EmbeddingSimilarity

    return EmbeddingSimilarity()


@pytest.fixture(scope="module")
def articles():
    return list(Cleaner().clean_batch(list(read_inputs([str(EXAMPLES)]))))


def _lines(articles, found):
    by_id = {a.id: a for a in articles}
    lines: dict[str, set[int]] = {}
    for f in found:
        lines.setdefault(f.article, set()).add(by_id[f.article].paragraphs[f.paragraph].line)
    return lines


def test_leaving_out_one_point_finds_its_support(similarity):
    whole, one = similarity.encoder.encode([TWO_POINTS, ONE_POINT])
    drops = similarity.encoder.encode(conjunct_drops(TWO_POINTS))
    threshold = FillerConfig().support_threshold
    assert float(whole @ one) < threshold  # the two-point sentence matches neither
    assert float((drops @ one).max()) >= threshold


@pytest.mark.slow
def test_examples_filler_only_in_004(articles, similarity):
    lines = _lines(articles, find_filler(articles, similarity))
    assert set(lines) == {PADDED}
    assert lines[PADDED] == PADDED_LINES


def test_examples_003_flagged_on_whole_sentences_only(articles, similarity):
    # The failure the variants fix: 003's supported line 13 and the generic
    # line 15 after it looked like a closing run of padding.
    lines = _lines(articles, find_filler(articles, similarity, FillerConfig(conjunct_support=False)))
    assert lines["003_9ccd3c76824c756c"] == {13, 15}
    assert lines[PADDED] == PADDED_LINES


def test_examples_without_an_encoder_judge_whole_sentences(articles, similarity):
    class VectorsOnly:  # a similarity with sentence vectors but no encoder
        def embeddings(self, article):
            return similarity.embeddings(article)

    lines = _lines(articles, find_filler(articles, VectorsOnly()))
    assert lines["003_9ccd3c76824c756c"] == {13, 15}


class _Keywords:
    """Toy sentence vectors, one axis per keyword, and the encoder for variants."""

    words = ("alpha", "beta", "gamma", "delta")

    def __init__(self) -> None:
        self.encoder = self

    def encode(self, texts):
        rows = np.array([[t.count(w) + 0.01 for w in self.words] for t in texts])
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def embeddings(self, article):
        return self.encode(article.sentence_texts())


def _article(id_: str, text: str):
    from newsfuse.model import Format, RawDoc

    raw = RawDoc(id=id_, origin=f"{id_}.txt", data=text.encode(), format=Format.TEXT, text=text)
    [article] = Cleaner().clean_batch([raw])
    return article


def test_supported_variant_ends_the_closing_run():
    generic = "the outlook remains uncertain for everyone involved in the wider region for now"
    padded = _article(
        "padded",
        "A headline about the talks\n\n"
        "The talks began with 40 delegates from both sides at the old palace in the capital.\n\n"
        "Officials were expected to discuss the alpha question in some detail and the gamma question at great "
        "length.\n\n"
        f"Observers said that {generic}, beta or not.\n\n"
        f"Commentators added that {generic}, delta or not.\n",
    )
    other = _article(
        "other",
        "Another headline\n\nThe alpha question came up when officials of both sides met at the old palace for talks.\n",
    )
    toy = _Keywords()

    def lines(config):
        return [padded.paragraphs[f.paragraph].line for f in find_filler([padded, other], toy, config)]

    # Whole sentences: alpha-and-gamma matches the alpha report at cosine ~0.71.
    assert lines(FillerConfig(conjunct_support=False)) == [5, 7, 9]
    # Without "and the gamma question ..." it is supported: the run closing
    # the article starts after it.
    assert lines(FillerConfig()) == [7, 9]


# ---------------------------------------------------------------- judged per story, whatever else is stored

POLNEAR_TRAIN = Path("/work/shared/data/polnear/train/text")


def _unrelated_small() -> list:
    """Five short unrelated articles (real-looking text about other stories), for the CI version."""
    texts = {
        "u-port": "Port strike ends\n\nDock workers in Rotterdam returned to work on Friday after the union and "
                  "the port authority agreed a new contract.\n\nThe strike had stopped container traffic for "
                  "nine days, according to the Port of Rotterdam.\n",
        "u-rain": "Floods in Valencia\n\nHeavy rain flooded streets in Valencia on Tuesday, and the regional "
                  "government closed schools in twelve towns.\n\nForecasters at AEMET expect more rain.\n",
        "u-chip": "Chip plant delayed\n\nIntel said its plant near Magdeburg would open two years late, citing "
                  "weaker demand and the cost of subsidies Germany had promised.\n",
        "u-vote": "Senate vote\n\nThe Senate passed the farm bill on Wednesday by 68 votes to 31, sending it to "
                  "the House, where Speaker Johnson has not said when it will be taken up.\n",
        "u-cup": "Cup final\n\nReal Madrid beat Borussia Dortmund 2-0 at Wembley on Saturday to win the "
                 "Champions League for the 15th time.\n",
    }
    from newsfuse.model import Format, RawDoc

    raws = [RawDoc(id=k, origin=f"{k}.txt", data=v.encode(), format=Format.TEXT, text=v) for k, v in texts.items()]
    return list(Cleaner().clean_batch(raws))


def _polnear(limit: int) -> list:
    from newsfuse.model import RawDoc

    paths = sorted(POLNEAR_TRAIN.glob("*.txt"))[:limit]
    raws = [r for r in read_inputs([str(p) for p in paths]) if isinstance(r, RawDoc)]
    return list(Cleaner().clean_batch(raws))


def _findings(found) -> list[tuple]:
    return [(f.article, f.paragraph, f.start, f.end, f.best_support) for f in found]


def test_store_wide_filler_matches_the_story_alone(articles, similarity):
    from newsfuse.provenance.filler import find_filler_by_story

    alone = _findings(find_filler(articles, similarity))
    assert alone and {f[0] for f in alone} == {PADDED}
    assert _findings(find_filler_by_story(articles, similarity)) == alone
    mixed = _findings(find_filler_by_story([*_unrelated_small(), *articles], similarity))
    assert [f for f in mixed if f[0].startswith("0")] == alone


@pytest.mark.skipif(not POLNEAR_TRAIN.is_dir(), reason="needs /work/shared/data (PolNeAR train texts)")
def test_filler_does_not_depend_on_300_unrelated_real_articles(articles, similarity):
    from newsfuse.provenance.filler import find_filler_by_story

    unrelated = _polnear(300)
    assert len(unrelated) == 300
    alone = _findings(find_filler_by_story(articles, similarity))
    ours = {a.id for a in articles}
    mixed = _findings(find_filler_by_story([*unrelated, *articles], similarity))
    assert [f for f in mixed if f[0] in ours] == alone
    assert {f[0] for f in alone} == {PADDED}


def test_story_neighbours_score_each_pair_on_the_pair_alone():
    from newsfuse.provenance.candidates import NeighbourConfig, story_neighbours

    examples = list(Cleaner().clean_batch(list(read_inputs([str(EXAMPLES)]))))
    ids = [a.id for a in examples]
    alone = story_neighbours(examples, ids)
    assert all(sorted(alone[i]) == sorted(set(ids) - {i}) for i in ids)  # one summit: one story
    mixed = story_neighbours([*_unrelated_small(), *examples], ids)
    assert mixed == alone
    assert story_neighbours(examples, ids, NeighbourConfig(max_neighbours=1))[PADDED] == alone[PADDED][:1]
