"""docs/brief-schema.md is generated from the contract's records and must be current."""

from __future__ import annotations

from pathlib import Path

from newsfuse.brief.schema import BRIEF_RECORDS, CLAIM_RECORDS, record_attributes, schema_markdown
from newsfuse.serialize import field_types

DOC = Path(__file__).resolve().parents[1] / "docs" / "brief-schema.md"


def test_committed_brief_schema_is_the_generated_one() -> None:
    assert DOC.read_text(encoding="utf-8") == schema_markdown(), (
        "docs/brief-schema.md is stale: python -m newsfuse.brief.schema > docs/brief-schema.md")


def test_every_documented_key_is_a_field_and_every_field_is_documented() -> None:
    for cls in (*BRIEF_RECORDS, *CLAIM_RECORDS):
        fields = {name for name, _ in field_types(cls)}
        meanings = record_attributes(cls)
        assert set(meanings) == fields, cls.__name__
        assert all(meanings.values()), cls.__name__


def test_attributes_block_is_parsed_with_continuations() -> None:
    class Demo:
        """Summary.

        Attributes:
            a, b: first line
                continued.
            c: third.
        """

    assert record_attributes(Demo) == {"a": "first line continued.", "b": "first line continued.", "c": "third."}
