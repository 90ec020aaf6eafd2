"""Readers: files, folders, globs and stdin to ``RawDoc`` records.

Each reader yields ``RawDoc`` for every article it finds and ``InputError``
for every record it cannot read, so one bad line or file never stops a run.
"""

from __future__ import annotations

from .sources import IngestConfig, detect_format, expand_paths, read_inputs, read_path

__all__ = ["IngestConfig", "detect_format", "expand_paths", "read_inputs", "read_path"]
