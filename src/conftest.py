"""Doctest collection over ``src`` (``--doctest-modules``).

The examples of ``newsfuse.api``, ``newsfuse.search`` and ``newsfuse.export``
read a store made by ``newsfuse run examples/articles``; they run against one in
``tests/test_export.py::test_api_doctests_run_on_the_examples``, not here.
"""

collect_ignore = ["newsfuse/api.py", "newsfuse/search.py", "newsfuse/export.py"]
