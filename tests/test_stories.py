"""Story clustering on real text: neighbouring events stay apart, rewrites join.

The spaCy model and the MiniLM encoder are loaded once per module and
passed in (the clusterer owns nothing global).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newsfuse.clean import Cleaner
from newsfuse.model import Article, Format, RawDoc
from newsfuse.stories import FeatureExtractor, StoryClusterer, StoryConfig, bcubed, load_ner

ROOT = Path(__file__).resolve().parents[1]


# -- hand-written neighbouring events -------------------------------------------
# Two earthquakes in the same week (different place, magnitude, toll), and the
# same chancellor visiting two different cities in the same week. Each event
# has three differently worded reports.

QUAKE_VAN = [
    ("Earthquake kills 14 in eastern Turkey",
     "A magnitude 6.1 earthquake struck near the city of Van in eastern Turkey on Tuesday, killing at least "
     "14 people and collapsing dozens of buildings, the disaster agency AFAD said. Rescue teams searched the "
     "rubble through the night in the districts of Ercis and Tusba. Governor Ozan Balci said 87 people were "
     "injured and that tents were being set up for families whose homes were damaged."),
    ("Van quake: death toll rises to 14",
     "Rescuers in Van pulled survivors from collapsed apartment blocks after Tuesday's 6.1 magnitude quake, "
     "which killed 14 people, according to Turkey's AFAD. The tremor was felt across the province and as far "
     "as Ercis. Van governor Ozan Balci told reporters that 87 people had been treated in hospital and that "
     "schools would stay closed for the rest of the week."),
    ("Turkey: strong tremor hits Van province",
     "Fourteen people died when a strong earthquake measuring 6.1 hit Van province in eastern Turkey on "
     "Tuesday, officials said. AFAD sent hundreds of rescue workers to Tusba and Ercis, where several "
     "buildings came down. Governor Ozan Balci said the number of injured had reached 87."),
]
QUAKE_LOMBOK = [
    ("Quake on Lombok kills three",
     "A magnitude 5.4 earthquake shook the Indonesian island of Lombok on Thursday, killing three people in "
     "the village of Sembalun and damaging a mosque, the national disaster agency BNPB said. Spokesman "
     "Abdul Muhari said 21 people were hurt and that tourists on Mount Rinjani were being evacuated."),
    ("Indonesia: three dead after Lombok tremor",
     "Three people were killed in Sembalun when a 5.4 magnitude quake struck Lombok on Thursday, Indonesia's "
     "BNPB reported. Abdul Muhari, the agency's spokesman, said 21 residents were injured and climbers on "
     "Mount Rinjani were guided down the slopes."),
    ("Lombok earthquake damages mosque, three killed",
     "The Thursday earthquake on Lombok, measured at magnitude 5.4, left three people dead and 21 injured "
     "in Sembalun, according to BNPB spokesman Abdul Muhari. A mosque was badly damaged and hikers on Mount "
     "Rinjani were evacuated as aftershocks continued."),
]
VISIT_LYON = [
    ("Scholz visits Lyon for talks on hydrogen",
     "German Chancellor Olaf Scholz travelled to Lyon on Monday, where he and French President Emmanuel "
     "Macron toured a hydrogen electrolyser plant run by the company Elogen. The two leaders announced a "
     "joint fund of 800 million euros for hydrogen research and spoke to students at the University of Lyon."),
    ("Macron and Scholz in Lyon pledge 800 million euros",
     "In Lyon on Monday, Olaf Scholz and Emmanuel Macron visited the Elogen electrolyser factory and pledged "
     "800 million euros for hydrogen research. Scholz told students at the University of Lyon that Europe "
     "needed its own clean industry."),
    ("Franco-German hydrogen fund unveiled in Lyon",
     "France and Germany unveiled an 800 million euro hydrogen research fund during a visit by Chancellor "
     "Olaf Scholz to Lyon on Monday. Scholz and President Emmanuel Macron were shown around the Elogen "
     "electrolyser plant before meeting students at the University of Lyon."),
]
VISIT_WARSAW = [
    ("Scholz in Warsaw for border talks",
     "Chancellor Olaf Scholz visited Warsaw on Thursday for talks with Polish Prime Minister Donald Tusk on "
     "border controls and the Oder river clean-up. The two leaders agreed to set up a joint police unit in "
     "Slubice and Frankfurt an der Oder, Tusk said at a news conference at the Chancellery."),
    ("Tusk and Scholz agree joint police unit",
     "Poland and Germany will create a joint police unit for Slubice and Frankfurt an der Oder, Donald Tusk "
     "announced after meeting Olaf Scholz in Warsaw on Thursday. The talks also covered the pollution of the "
     "Oder river."),
    ("German chancellor meets Tusk in Warsaw",
     "Olaf Scholz met Donald Tusk in Warsaw on Thursday. Their meeting focused on border controls, the state "
     "of the Oder river and a new joint police unit based in Slubice and Frankfurt an der Oder."),
]
EVENTS = {"van": QUAKE_VAN, "lombok": QUAKE_LOMBOK, "lyon": VISIT_LYON, "warsaw": VISIT_WARSAW}
DATES = {"van": "2024-03-05", "lombok": "2024-03-07", "lyon": "2024-03-04", "warsaw": "2024-03-07"}


def _clean(raws: list[RawDoc]) -> list[Article]:
    out = list(Cleaner().clean_batch(raws))
    assert all(isinstance(a, Article) for a in out), out
    return out


def _event_articles(dated: bool = False) -> tuple[list[Article], dict[str, str]]:
    raws, gold = [], {}
    for event, reports in EVENTS.items():
        for n, (title, body) in enumerate(reports):
            aid = f"{event}-{n}"
            text = f"{title}\n\n{body}\n"
            raws.append(RawDoc(id=aid, origin=f"{aid}.txt", data=text.encode(), format=Format.TEXT, text=text,
                               date=DATES[event] if dated else None))
            gold[aid] = event
    return _clean(raws), gold


def _partition(clusterer: StoryClusterer) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in clusterer.stories()}


@pytest.fixture(scope="module")
def extractor() -> FeatureExtractor:
    return FeatureExtractor(StoryConfig().features, nlp=load_ner())  # the shipped encoder (int8)


@pytest.fixture(scope="module")
def events(extractor):
    articles, gold = _event_articles()
    return articles, gold, {f.id: f for f in extractor.extract_many(articles)}


def _cluster(features, order, config: StoryConfig = StoryConfig()) -> StoryClusterer:
    c = StoryClusterer(config, extractor=FeatureExtractor(config.features, nlp=False, encoder=False))
    for aid in order:
        c.add_features(features[aid])
    return c


def test_neighbouring_events_stay_apart_and_rewrites_join(events):
    articles, gold, features = events
    c = _cluster(features, [a.id for a in articles])
    expected = {frozenset(a for a in gold if gold[a] == e) for e in EVENTS}
    assert _partition(c) == expected
    labels = {s.label for s in c.stories()}
    assert any("Lombok" in label for label in labels) and any("Warsaw" in label for label in labels)


def test_order_independence(events):
    articles, gold, features = events
    ids = [a.id for a in articles]
    partitions = set()
    rng = random.Random(0)
    for _ in range(6):
        rng.shuffle(ids)
        partitions.add(frozenset(_partition(_cluster(features, ids))))
    assert len(partitions) == 1
    assert bcubed({a: s for s in next(iter(partitions)) for a in s}, gold)["f1"] == 1.0


def test_add_returns_story_ids_and_story_dates(extractor):
    articles, gold = _event_articles(dated=True)
    c = StoryClusterer(extractor=extractor)
    ids = c.add_many(articles)
    assert len(ids) == len(articles)
    by_story = {}
    for article, sid in zip(articles, ids):
        by_story.setdefault(sid, set()).add(gold[article.id])
    assert all(len(events) == 1 for events in by_story.values())
    stories = {s.id: s for s in c.stories()}
    assert set(stories) == set(ids)
    van = stories[ids[0]]
    assert (van.first_date, van.last_date) == ("2024-03-05", "2024-03-05")
    assert van.id == f"s-{articles[0].id}"  # a story is named after its first article
    assert c.add(articles[0]) == van.id  # re-adding is a no-op


def test_state_round_trip_continues_identically(events):
    articles, _, features = events
    ids = [a.id for a in articles]
    first, rest = ids[:7], ids[7:]
    straight = _cluster(features, ids)
    partial = _cluster(features, first)
    state = json.loads(json.dumps(partial.to_state()))
    resumed = StoryClusterer.from_state(state, extractor=FeatureExtractor(StoryConfig().features, nlp=False,
                                                                          encoder=False))
    assert _partition(resumed) == _partition(partial)
    for aid in rest:
        resumed.add_features(features[aid])
    assert _partition(resumed) == _partition(straight)
    assert resumed.assignments() == straight.assignments()
    assert [s.label for s in resumed.stories()] == [s.label for s in straight.stories()]
    assert json.dumps(resumed.to_state(), sort_keys=True) == json.dumps(straight.to_state(), sort_keys=True)


def test_same_story_hint_and_merge_keep_older_id(events):
    articles, _, features = events
    van, lombok = features["van-0"], features["lombok-0"]
    c = _cluster(features, [])
    # lombok-0 claims (by provenance) to reprint van-1, which has not arrived yet:
    # it starts its own story, and is pulled into van-1's story when that arrives.
    hint = {"lombok-0": "van-1"}
    s_lombok = c.add_features(lombok, hint)
    s_van = c.add_features(van, hint)
    s_van1 = c.add_features(features["van-1"], hint)
    assert s_van1 == c.story_of("van-0") == c.story_of("lombok-0") == s_lombok  # the older id survives
    assert c.merges[-1]["into"] == s_lombok and c.merges[-1]["merged"] == s_van
    assert c.resolve(s_van) == s_lombok
    # a hinted reprint of an already placed article joins its story directly
    assert c.add_features(features["warsaw-0"], {"warsaw-0": "van-0"}) == s_lombok


def test_modi_examples_form_one_story(extractor):
    paths = sorted((ROOT / "examples" / "articles").glob("*.txt"))
    assert len(paths) == 5
    raws = [RawDoc(id=p.stem, origin=p.name, data=p.read_bytes(), format=Format.TEXT) for p in paths]
    articles = _clean(raws)
    c = StoryClusterer(extractor=extractor)
    c.add_many(articles)
    stories = c.stories()
    assert len(stories) == 1, [(s.label, s.articles) for s in stories]
    assert "Modi" in stories[0].label


def test_bcubed_known_values():
    s = bcubed({"a": 1, "b": 1, "c": 2, "d": 2}, {"a": "x", "b": "x", "c": "x", "d": "y"})
    assert s["precision"] == pytest.approx(0.75)
    assert s["recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert bcubed({"a": 1}, {"a": "x"})["f1"] == 1.0


@pytest.mark.slow
@pytest.mark.shared_data("ecbplus/dev-topics-1-35.jsonl")
def test_ecbplus_subset_f1_floor(extractor):
    """Topics 1-8 of ECB+ dev (16 confusable events, ~190 articles), two arrival orders."""
    from conftest import check_floors
    from newsfuse_eval.paths import data_path
    from newsfuse_eval.stories import cluster_orders, read_labelled

    data = read_labelled(data_path("ecbplus", "dev-topics-1-35.jsonl"))
    keep = [a for a in data.articles if int(data.groups[a.id]) <= 8]
    gold = {a.id: data.gold[a.id] for a in keep}
    features = extractor.extract_many(keep)
    res = cluster_orders(features, gold, StoryConfig(), orders=2, seed=0)
    check_floors("stories.ecbplus_topics_1_8", res)


# -- candidate index: time buckets, IDF cache ------------------------------------

def _feat(aid: str, words: list[str], names: list[str], day: int | None, vec: list[float]):
    import numpy as np

    from newsfuse.stories.features import ArticleFeatures, _l2

    emb = np.asarray(vec, dtype=np.float32)
    return ArticleFeatures(id=aid, terms=_l2({w: 1.0 for w in words}), entities=_l2({f"e:{n}": 1.0 for n in names}),
                           day=day, embedding=emb / np.linalg.norm(emb), headline=aid)


def test_index_looks_only_within_the_time_window():
    from newsfuse.stories.index import CandidateIndex, StoryProfile

    index = CandidateIndex(window_days=14)
    stories = {}
    for k, day in enumerate((1000, 1005, 1400)):  # two stories near day 1000, one a year later
        s = StoryProfile(id=f"s{k}", created=k)
        s.add(_feat(f"a{k}", ["summit"], ["vienna"], day, [1.0, 0.1 * k, 0.0]), 100)
        index.arrive(day)
        index.index(s, ["e:vienna", "t:summit"])
        stories[s.id] = s
    near = index.candidates({"e:vienna": 1.0}, stories["s0"].centroid(), 1002, stories)
    assert set(near) == {"s0", "s1"}
    index.scanned = 0
    assert set(index.candidates({"e:vienna": 1.0}, stories["s2"].centroid(), 1401, stories)) == {"s2"}
    assert index.scanned == 1  # only the centroids of the buckets around day 1401 were compared
    # an undated article is placed in time by the latest date seen (1400)
    assert set(index.candidates({"e:vienna": 1.0}, None, None, stories)) == {"s2"}
    # a story whose dates grow into a new bucket is found there too, and removal clears it
    stories["s0"].add(_feat("a3", ["summit"], ["vienna"], 1398, [1.0, 0.0, 0.0]), 100)
    index.index(stories["s0"], ["e:vienna"])
    assert set(index.candidates({"e:vienna": 1.0}, None, 1401, stories)) == {"s0", "s2"}
    index.remove("s0", stories["s0"].keys)
    assert "s0" not in index.candidates({"e:vienna": 1.0}, stories["s2"].centroid(), 1401, stories)
    assert not any("s0" in p for p in index.postings.values())
    # a story without a date of its own is indexed at the stream's clock, not in a global bucket
    s3 = StoryProfile(id="s3", created=3)
    s3.add(_feat("a4", ["summit"], ["vienna"], None, [0.0, 1.0, 0.0]), 100)
    index.arrive(None)
    index.index(s3, ["e:vienna"])
    stories["s3"] = s3
    assert ("e:vienna", None) not in index.postings
    assert "s3" in index.candidates({"e:vienna": 1.0}, None, 1405, stories)
    assert "s3" not in index.candidates({"e:vienna": 1.0}, None, 1000, stories)


def test_stats_idf_cache_is_exact():
    import math

    from newsfuse.stories.index import Stats

    stats = Stats()
    feats = [_feat(f"a{i}", ["quake"] + (["van"] if i % 2 else []), ["turkey"], None, [1.0, 0.0]) for i in range(5)]
    for f in feats:
        stats.add(f)
        for key, df in (("quake", stats.terms["quake"]), ("van", stats.terms["van"])):
            assert stats.idf_term(key) == pytest.approx(math.log((stats.n + 1) / (df + 1)) + 1.0)
    assert stats.idf_entity("e:turkey") == pytest.approx(math.log(6 / 6) + 1.0)
    assert Stats.from_dict(stats.to_dict()).idf_term("van") == pytest.approx(stats.idf_term("van"))



# -- cheaper clustering: same results (packed members, state v1, chunked features) --------

class _CountingEncoder:
    """A stand-in encoder: a vector from the text's hash; counts what it was asked to encode."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts):
        import zlib

        import numpy as np

        self.seen.extend(texts)
        out = np.zeros((len(texts), 8), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i] = np.random.default_rng(zlib.crc32(t.encode())).standard_normal(8)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_iter_extract_in_chunks_matches_one_batch_and_encodes_each_text_once():
    import numpy as np

    articles, _ = _event_articles(dated=True)
    articles = articles + [articles[0]]  # a copy: its title+lead is encoded once
    cfg = StoryConfig().features
    enc = _CountingEncoder()
    one = FeatureExtractor(cfg, nlp=False, encoder=enc).extract_many(articles)
    assert len(enc.seen) == len(set(enc.seen)) == len(articles) - 1
    two = _CountingEncoder()
    two.threads = 1  # -> two helper threads encode chunks at once
    chunked = list(FeatureExtractor(cfg, nlp=False, encoder=two).iter_extract(articles, chunk=3))
    assert sorted(two.seen) == sorted(enc.seen)
    assert [f.id for f in chunked] == [a.id for a in articles]
    for a, b in zip(one, chunked):
        assert list(a.terms.items()) == list(b.terms.items())
        assert list(a.entities.items()) == list(b.entities.items())
        assert np.array_equal(a.embedding, b.embedding)
        assert (a.day, a.headline, a.date) == (b.day, b.headline, b.date)


def test_terms_counts_each_form_once_with_the_same_result():
    from newsfuse.stories.features import _terms, _terms_slow

    title = "Van's quake: VAN van’s Kelvin re-hired co-workers"
    lead = "The Van quake, the van quake; it's Van's worst quake said officials"
    rest = "Quake quake QUAKE officials in Van counted 14 dead. " * 3
    memo: dict = {}
    for boost in (2.0, 1.0, 3.0, 0.3, 2.0):
        slow = _terms_slow(title, lead, rest, boost)
        assert list(_terms(title, lead, rest, boost).items()) == list(slow.items())
        assert list(_terms(title, lead, rest, boost, memo).items()) == list(slow.items())  # memo kept across calls


def test_guarded_patterns_match_as_the_plain_ones():
    """The month-day lookahead and normalise_text's substring guards change no match."""
    import re

    from newsfuse.stories import features as F

    plain_md = re.compile(F._MONTH_DAY.pattern.replace("(?=[jfmasondJFMASOND\\d])", "", 1), re.IGNORECASE)
    assert plain_md.pattern != F._MONTH_DAY.pattern

    def plain_norm(text: str) -> str:
        text = F._SPACED_HYPHEN.sub("-", text)
        text = F._SPACED_DECIMAL.sub(r"\1.\2", text)
        return F._SPACED_APOS.sub(r"\1s", text)

    texts = [
        "On 5 March, Jan. 3rd and 12 Sept. the Mar 4 MAY 30 31st december 1st of may 40 June, 7th ſept 2",
        "re - hired Lohan ' s the 5. 9 magnitude x’ s co - workers, 1. 5. 2 and 3 . 4 - 5",
        "4 jun  5 JUNE 7 1999 2020 12 octobers no dates here; Sep 9th; aug. 31, 2019 ",
        "", "-", "'", ". ", "1. 2", "Kelvin's",
    ]
    rng = random.Random(7)
    alphabet = list("aAjJmMsSoOnNdDeEfFtTyYhH 0123456789.-'’,sthrdndf\n")
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(60))) for _ in range(3000)]
    for text in texts:
        assert [m.groups() for m in F._MONTH_DAY.finditer(text)] == [m.groups() for m in plain_md.finditer(text)]
        assert F.normalise_text(text) == plain_norm(text)


def test_packed_features_unpack_exactly(events):
    from newsfuse.stories.features import ArticleFeatures
    from newsfuse.stories.packed import PackedFeatures

    _, _, features = events
    for f in features.values():
        packed = PackedFeatures.pack(f)
        for back in (packed.unpack(), PackedFeatures.from_dict(json.loads(json.dumps(packed.to_dict()))).unpack(),
                     PackedFeatures.from_dict(json.loads(json.dumps(f.to_dict()))).unpack()):  # state v1 form
            assert isinstance(back, ArticleFeatures)
            assert list(back.terms.items()) == list(f.terms.items())
            assert list(back.entities.items()) == list(f.entities.items())
            assert (back.id, back.day, back.headline, back.date) == (f.id, f.day, f.headline, f.date)
            assert back.embedding.tolist() == f.embedding.tolist()


def test_state_version_1_loads_and_continues_identically(events):
    from newsfuse.stories.packed import PackedFeatures

    articles, _, features = events
    ids = [a.id for a in articles]
    straight = _cluster(features, ids)
    partial = _cluster(features, ids[:7])
    state = json.loads(json.dumps(partial.to_state()))
    assert state["version"] == 2
    v1 = dict(state, version=1, members={
        aid: {"story": m["story"], "order": m["order"],
              "features": PackedFeatures.from_dict(m["features"]).unpack().to_dict()}
        for aid, m in state["members"].items()
    })
    resumed = StoryClusterer.from_state(json.loads(json.dumps(v1)),
                                        extractor=FeatureExtractor(StoryConfig().features, nlp=False, encoder=False))
    for aid in ids[7:]:
        resumed.add_features(features[aid])
    assert json.dumps(resumed.to_state(), sort_keys=True) == json.dumps(straight.to_state(), sort_keys=True)
    with pytest.raises(ValueError):
        StoryClusterer.from_state(dict(state, version=99))


def test_index_posting_of_one_story_and_of_several():
    from newsfuse.stories.index import CandidateIndex, StoryProfile

    index = CandidateIndex(window_days=14, max_key_stories=1)
    stories = {}
    for k in range(2):
        s = StoryProfile(id=f"s{k}", created=k)
        s.add(_feat(f"a{k}", ["summit"], ["vienna"], 1000, [1.0, 0.0, 0.0]), 100)
        index.arrive(1000)
        index.index(s, ["e:vienna", f"e:only{k}"])
        stories[s.id] = s
    assert index.postings[("e:vienna", 1000 // 14)] == {"s0", "s1"}
    # a key in more stories than max_key_stories is not read; a key of one story is
    assert index.candidates({"e:vienna": 1.0, "e:only1": 0.5}, None, 1000, stories)[0] == "s1"
    index.remove("s1", stories["s1"].keys)
    assert index.postings[("e:vienna", 1000 // 14)] == {"s0"}
    assert index.candidates({"e:vienna": 1.0}, None, 1000, stories) == ["s0"]
    assert not any(key == "e:only1" for key, _ in index.postings)


@pytest.mark.slow
def test_new_states_embed_in_int8_and_older_states_keep_float32():
    assert StoryConfig().features.embed_int8
    saved = json.loads(json.dumps(StoryConfig().to_dict()))
    assert StoryConfig.from_dict(saved).features.embed_int8
    del saved["features"]["embed_int8"]  # a state written before int8 embeddings
    older = StoryConfig.from_dict(saved)
    assert older.features.embed_int8 is False
    assert FeatureExtractor(older.features, nlp=False).encoder.int8 is False
    assert FeatureExtractor(StoryConfig().features, nlp=False).encoder.int8 is True
