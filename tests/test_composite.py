"""Composite pages (``provenance.composite``) on small hand-written articles.

Regression for issue 3's follow-up: an unmodified original whose parts two
other pages copied shares different regions with different articles, as a
stitched page does; only text an article took may count as stitching.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsfuse.clean import Cleaner
from newsfuse.model import Article, Format, RawDoc
from newsfuse.provenance.composite import CompositeConfig
from newsfuse.provenance.report import ProvenanceConfig, ProvenanceReport, build_provenance
from newsfuse.provenance.similarity import LexicalSimilarity

# A flood report in curly quotes and apostrophes (one house style) ...
FLOOD = [
    "Floodwater swept through the lower harbour district of Maravel on Sunday night, forcing about 1,200 "
    "residents from their homes as the river rose faster than forecasters had expected.",
    "Mayor Ilse Corwin said emergency crews had reached every street by dawn. “We moved families to the "
    "sports hall and the two schools on the hill,” she told reporters at the town hall.",
    "The river gauge at Pell Bridge peaked at 6.4 metres shortly after midnight, the highest reading since "
    "records began in 1961, according to the regional water authority’s engineers.",
    "Shop owners along Quay Street spent Monday morning pumping brown water out of cellars. “It came in "
    "through the floor drains before we could move anything,” said baker Tomas Reyl.",
    "The regional government has promised an emergency fund of 3 million euros for repairs, though "
    "opposition councillors said the money would cover only a fraction of the town’s losses.",
    "Engineers will inspect the old flood wall on Tuesday. Residents have complained for years that the "
    "wall, built in 1978, was too low for the storms the town now sees.",
    "Train services between Maravel and the coast remain suspended because a landslide blocked the line "
    "near Orsa, and the operator’s staff said buses would replace trains until Thursday.",
    "Forecasters expect more rain on Wednesday. The water authority urged people not to return to the "
    "harbour district until the river falls below 4 metres.",
]
# ... and two pages in straight quotes that each paste a different part of it.
SCHOOLS = [
    "Schools in Maravel will stay closed for the rest of the week after two buildings were turned into "
    "shelters for families forced out by the flood.",
    "Head teacher Marta Kellin said classes would move online from Wednesday. \"We have laptops for the "
    "older pupils, but the little ones will get printed work packs,\" she said.",
    "The town's parents' groups asked the council to open the library as a study room, and volunteers "
    "offered to run it in shifts until the shelters close.",
    "The education office said exams planned for next month would go ahead as scheduled. \"Nobody's "
    "results will suffer because of the flood,\" a spokeswoman said.",
]
TRAINS = [
    "Rail operator Nordline said on Monday that crews were working around the clock to clear the line "
    "between Maravel and the coast after the weekend storms.",
    "\"The slope is still moving, so we can't send heavy machinery in yet,\" a spokesman for the company "
    "said, adding that geologists would assess the site on Tuesday.",
    "Commuters crowded onto replacement buses at the station, where queues stretched past the ticket "
    "hall for most of the morning rush, and the company's staff handed out water.",
    "Road traffic was also diverted after a section of the coastal highway was closed as a precaution. "
    "\"We'd rather lose a day than a car,\" a police officer said.",
]
# Two reports of a dock strike; the composite page is the first half of one and the second half of the other.
STRIKE_A = [
    "Dock workers at the port of Harwen walked out at 6 a.m. on Tuesday, halting the loading of container "
    "ships in a dispute over night-shift pay.",
    "Union leader Petra Soll said the strike would last 48 hours. “Our members have waited two years for "
    "an offer that matches prices in the shops,” she said outside the main gate.",
    "Port managers said 14 vessels were waiting at anchor by midday and warned that fresh produce bound "
    "for inland markets could spoil within days.",
    "The employers’ association offered a 4 percent rise last month, which the union rejected as far "
    "below inflation in the region.",
    "Truck drivers queued for several kilometres on the approach road, and some turned back towards the "
    "border after waiting more than five hours.",
    "Talks are due to resume on Thursday under a government mediator, the labour ministry said in a "
    "short statement on its website.",
]
STRIKE_B = [
    "A strike by dock workers shut the cargo terminals at Harwen on Tuesday, the second stoppage at the "
    "port this year and the longest since 2016.",
    "Shipping agents said at least a dozen ships had been diverted to the smaller port of Callis, about "
    "90 kilometres to the north, where berths are already scarce.",
    "The dispute centres on night-shift allowances, which the union says have not been raised since 2019 "
    "despite rising living costs in the port towns.",
    "Local businesses near the terminal said trade had collapsed. \"Nobody comes for lunch when the "
    "cranes stop,\" said cafe owner Ruben Alt.",
    "Economists estimate that each day of the strike costs the regional economy around 20 million euros "
    "in delayed exports and lost wages.",
    "Labour minister Anika Draue urged both sides to return to the table and said she would chair the "
    "talks herself if they had not agreed by Friday.",
]


def _articles(pages: dict[str, tuple[str, list[str], str | None]]) -> list[Article]:
    raws = []
    for id_, (title, paragraphs, date) in pages.items():
        text = "\n\n".join([title, *paragraphs]) + "\n"
        raws.append(RawDoc(id=id_, origin=f"{id_}.txt", data=text.encode(), format=Format.TEXT, text=text, date=date))
    return list(Cleaner().clean_batch(raws))


def _report(pages: dict[str, tuple[str, list[str], str | None]]) -> ProvenanceReport:
    articles = _articles(pages)
    return build_provenance(articles, LexicalSimilarity(), ProvenanceConfig(filler_max_articles=0))


def _copied_in_parts(dated: bool) -> dict[str, tuple[str, list[str], str | None]]:
    return {
        "flood": ("Flood forces 1,200 from harbour homes", FLOOD, "2024-03-10"),
        "schools": ("Maravel schools stay shut", SCHOOLS[:2] + FLOOD[2:4] + SCHOOLS[2:], "2024-03-11" if dated else None),
        "trains": ("Trains halted after landslide", TRAINS[:3] + FLOOD[5:7] + TRAINS[3:], "2024-03-12" if dated else None),
    }


@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated-copies"])
def test_composite_original_copied_in_parts_is_not_composite(dated):
    report = _report(_copied_in_parts(dated))
    relations = {(r.source, r.derived): r.relation for r in report.relations}
    # Both pages copied the original (direction from the dates, or from the
    # pasted paragraphs breaking the copying page's quote style).
    assert relations == {("flood", "schools"): "partial", ("flood", "trains"): "partial"}
    assert "flood" not in {c.article for c in report.composites}


def _curly(paragraphs: list[str]) -> list[str]:
    """The same paragraphs in curly quotes and apostrophes (the original's house style)."""
    out = []
    for text in paragraphs:
        parts = text.split('"')
        text = "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]
        out.append(text.replace("'", "’"))
    return out


def test_composite_undirected_copies_must_make_up_most_of_the_page():
    """Undated copies in the original's own house style: no direction evidence at all."""
    pages = _copied_in_parts(dated=False)
    for id_ in ("schools", "trains"):
        title, paragraphs, date = pages[id_]
        pages[id_] = (title, _curly(paragraphs), date)
    articles = _articles(pages)
    report = build_provenance(articles, LexicalSimilarity(), ProvenanceConfig(filler_max_articles=0))
    assert {r.direction for r in report.relations} == {"undetermined"}
    # The two copied regions are 4 of the original's 8 paragraphs: not most of it.
    assert report.composites == []
    lax = ProvenanceConfig(filler_max_articles=0, composite=CompositeConfig(min_undirected_share=0.5))
    assert [c.article for c in build_provenance(articles, LexicalSimilarity(), lax).composites] == ["flood"]


def test_composite_reprint_of_copied_original_is_not_composite():
    """A later reprint shares the copied parts with both copying pages; its source explains them."""
    pages = _copied_in_parts(dated=True)
    edited = [p.replace("shortly after midnight", "just after midnight") for p in FLOOD[:-1]]
    pages["flood-reprint"] = ("Maravel flood: 1,200 evacuated", edited, "2024-03-14")
    report = _report(pages)
    assert report.composites == []
    relations = {(r.source, r.derived): r.relation for r in report.relations}
    assert relations[("flood", "flood-reprint")] in ("reprint", "duplicate")
    assert {("flood", "schools"), ("flood", "trains")} <= set(relations)


@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_composite_stitched_page_is_found_with_its_parts(dated):
    half_a, half_b = STRIKE_A[:3], STRIKE_B[3:]
    report = _report(
        {
            "strike-a": ("Harwen dockers walk out", STRIKE_A, "2024-05-07"),
            "strike-b": ("Port of Harwen shut by strike", STRIKE_B, "2024-05-07"),
            "stitched": ("Harwen port strike: what we know", half_a + half_b, "2024-05-08" if dated else None),
        }
    )
    [composite] = report.composites
    assert composite.article == "stitched"
    assert "passages align with different articles in different regions" in composite.evidence
    by_partner = {part.shared_with: part for part in composite.parts if part.shared_with}
    assert set(by_partner) == {("strike-a",), ("strike-b",)}
    assert len(by_partner[("strike-a",)].paragraphs) == 3 and len(by_partner[("strike-b",)].paragraphs) == 3
    assert {(r.source, r.derived, r.relation) for r in report.relations} == {
        ("strike-a", "stitched", "partial"),
        ("strike-b", "stitched", "partial"),
    }


class _CountingSimilarity(LexicalSimilarity):
    """Stands in for the embedding model: records which pairs it is asked to align."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []

    def matrix(self, a: Article, b: Article) -> np.ndarray:
        self.pairs.append((a.id, b.id))
        return super().matrix(a, b)


def test_build_provenance_copied_pairs_skip_the_embedding_model():
    articles = _articles(_copied_in_parts(dated=True))
    model = _CountingSimilarity()
    report = build_provenance(articles, model, ProvenanceConfig(filler_max_articles=0))
    assert len(report.relations) == 2
    assert model.pairs == []
    assert all(r.evidence["aligned_without_embedding"] == 1.0 for r in report.relations)
    embedded = build_provenance(articles, model, ProvenanceConfig(filler_max_articles=0, lexical_verbatim=False))
    assert sorted(model.pairs) == [("flood", "schools"), ("flood", "trains")]
    # Same labels, directions and passages either way.
    def summary(rep: ProvenanceReport) -> list[tuple]:
        return sorted((r.source, r.derived, r.relation, r.direction, len(r.alignment.passages)) for r in rep.relations)

    assert summary(report) == summary(embedded)
