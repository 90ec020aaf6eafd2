"""Evaluation and training code for newsfuse, kept out of the runtime package.

The runtime (``newsfuse``) never imports this package: ``newsfuse eval ...``
commands import it inside the command, and ``eval/*.py``, ``bench/*.py`` and
the tests import it directly. Modules:

* :mod:`.paths` -- where the shared labelled data is (``NEWSFUSE_DATA``);
* :mod:`.stories`, :mod:`.story_tune` -- story clustering: B-cubed evaluation,
  cross-validation, fitting the shipped weights and thresholds;
* :mod:`.quotes`, :mod:`.brat` -- quote extraction scored against brat/PolNeAR
  attributions;
* :mod:`.paraphrase` -- fitting and evaluating the paraphrase scorer on MRPC.
"""
