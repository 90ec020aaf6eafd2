"""Where the shared labelled data lives, for tests and scripts alike.

One resolver so that every test and script looks in the same place, and a
machine that keeps the data elsewhere sets one variable:

>>> data_path("polnear", "dev") == data_root() / "polnear" / "dev"
True
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENV_VAR", "MISSING_REASON", "data_root", "data_path"]

#: the environment variable naming the data folder
ENV_VAR = "NEWSFUSE_DATA"

#: the one skip reason of every test that needs the data and does not find it
MISSING_REASON = f"shared data absent (set {ENV_VAR} or put it at ../shared/data beside the checkout)"


def data_root() -> Path:
    """``$NEWSFUSE_DATA`` if set, else ``shared/data`` in the checkout's parent folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[3] / "shared" / "data"


def data_path(*parts: str) -> Path:
    """A file or folder under :func:`data_root` (it may not exist)."""
    return data_root().joinpath(*parts)
