"""Provenance: which articles share text, who rewrote or reprinted whom.

Stages: ``candidates`` (MinHash LSH + anchor blocking) -> ``align`` (ordered
sentence alignment) -> ``relation`` (label and direction) -> ``composite`` and
``filler`` (per-article findings) -> ``report`` (independent source groups).
"""
