"""Reading results back: the flat tables (``newsfuse.open``) against the JSON views, on one store.

    .venv/bin/python bench/tables.py STORE.db                 # e.g. after newsfuse run on ECB+ dev
    .venv/bin/python bench/tables.py STORE.db --views 5       # time the views on 5 stories, extrapolate

Run by hand, not by tests. Times, in one process:

1. ``newsfuse.open(STORE, readonly=True)`` then every story, claim, quote,
   entity and article record (one SQL query per table);
2. the refresh check a writable ``open`` does when nothing changed;
3. ``views.story_list`` once and ``views.story_claims`` + ``views.story_quotes``
   on ``--views`` stories (each call rebuilds the clusterer from its state),
   extrapolated to every story: the route the issue measured at 440 s for 250 stories.

Wall times swing with the machine's load (printed first).
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--views", type=int, default=3, help="Stories to time the views on.")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")

    import newsfuse
    from newsfuse import views
    from newsfuse.store import Store
    from newsfuse.store.tables import refresh_tables

    start = time.perf_counter()
    with newsfuse.open(args.store, readonly=True) as nf:
        counts = {name: len(getattr(nf, name)()) for name in ("stories", "claims", "quotes", "entities", "articles")}
    tables_s = time.perf_counter() - start
    print(f"tables: {counts} in {tables_s:.2f} s")

    with Store(args.store, readonly=True) as store:
        start = time.perf_counter()
        listed = views.story_list(store)
        list_s = time.perf_counter() - start
        sample = listed[: args.views]
        start = time.perf_counter()
        for story in sample:
            views.story_claims(store, story["id"])
            views.story_quotes(store, story["id"])
        per_story = (time.perf_counter() - start) / max(len(sample), 1)
    print(f"views: story_list {list_s:.2f} s; claims+quotes {per_story:.2f} s per story "
          f"-> {list_s + per_story * len(listed):.0f} s for all {len(listed)} stories")

    with Store(args.store) as store:
        start = time.perf_counter()
        changed = refresh_tables(store)
        print(f"refresh check: {'refreshed' if changed else 'nothing to do'} in {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
