"""ParaphraseScorer and the MRPC evaluation helpers, on real sentences."""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsfuse.errors import InputError
from conftest import check_floors
from newsfuse.provenance.paraphrase import FEATURE_NAMES, LogisticModel, ParaphraseScorer, default_model_path
from newsfuse_eval.paraphrase import (
    best_f1_threshold,
    binary_metrics,
    evaluate_paraphrase,
    fit_logistic,
    read_mrpc,
    tfidf_cosine,
)
from newsfuse_eval.paths import data_path

# One story, three outlets.
ECB = ("The European Central Bank left interest rates unchanged on Thursday, "
       "keeping its deposit rate at 4 percent.")
ECB_REWRITE = "On Thursday the ECB held its deposit rate steady at 4%, leaving borrowing costs unchanged."
ECB_WRONG_NUMBER = "On Thursday the ECB held its deposit rate steady at 3.5%, leaving borrowing costs unchanged."
ECB_OTHER = "Economists expect the bank to begin cutting rates next spring as inflation slows."

FIRE = "Police arrested three men after a fire destroyed a warehouse in the port of Hamburg on Sunday night."
FIRE_REWRITE = "Three men were arrested by police after a blaze gutted a warehouse in Hamburg's port late on Sunday."
FIRE_WRONG_COUNT = "Five men were arrested by police after a blaze gutted a warehouse in Hamburg's port late on Sunday."
FIRE_MORE = "The fire brigade said the blaze started in a storage room and spread quickly to the roof."


@pytest.fixture(scope="module")
def scorer() -> ParaphraseScorer:
    return ParaphraseScorer()


def test_rewrite_beats_unrelated_sentence_of_same_story(scorer):
    p = scorer.score([(ECB, ECB_REWRITE), (ECB, ECB_OTHER), (FIRE, FIRE_REWRITE), (FIRE, FIRE_MORE)])
    assert p.shape == (4,) and ((p >= 0) & (p <= 1)).all()
    assert p[0] > p[1] + 0.4
    assert p[2] > p[3] + 0.4
    assert scorer.is_paraphrase([(ECB, ECB_REWRITE), (FIRE, FIRE_REWRITE)]).all()
    assert not scorer.is_paraphrase([(ECB, ECB_OTHER), (FIRE, FIRE_MORE)]).any()


def test_conflicting_numbers_lower_the_score(scorer):
    p = scorer.score([(ECB, ECB_REWRITE), (ECB, ECB_WRONG_NUMBER), (FIRE, FIRE_REWRITE), (FIRE, FIRE_WRONG_COUNT)])
    assert p[1] < p[0] - 0.1
    assert p[3] < p[2] - 0.05


def test_score_is_symmetric_enough_and_identity_is_paraphrase(scorer):
    p = scorer.score([(ECB, ECB_REWRITE), (ECB_REWRITE, ECB), (FIRE, FIRE)])
    assert abs(p[0] - p[1]) < 0.05
    assert p[2] > 0.95


def test_empty_and_bad_input(scorer):
    assert scorer.score([]).shape == (0,)
    with pytest.raises(TypeError):
        scorer.score([(ECB,)])  # type: ignore[list-item]


def test_explain_names_every_feature(scorer):
    rows = scorer.explain(ECB, ECB_WRONG_NUMBER)
    assert {r[0] for r in rows} == set(FEATURE_NAMES)
    assert dict((n, v) for n, v, _ in rows)["num_conflict"] == 1.0


def test_threshold_override(scorer):
    pairs = [(ECB, ECB_OTHER)]
    assert not scorer.is_paraphrase(pairs)
    assert scorer.is_paraphrase(pairs, threshold=0.0).all()
    loose = ParaphraseScorer(encoder=scorer.encoder, threshold=0.0)
    assert loose.is_paraphrase(pairs).all()


def test_shipped_model_file(tmp_path):
    raw = json.loads(default_model_path().read_text(encoding="utf-8"))
    assert raw["feature_names"] == list(FEATURE_NAMES)
    assert 0.05 < raw["threshold"] < 0.95
    assert raw["meta"]["trained_on"]
    model = LogisticModel.load(default_model_path())
    model.save(tmp_path / "m.json")
    again = LogisticModel.load(tmp_path / "m.json")
    assert np.allclose(again.coef, model.coef) and again.threshold == model.threshold
    raw["feature_names"] = raw["feature_names"][::-1]
    with pytest.raises(ValueError, match="retrain"):
        LogisticModel.from_json(raw)


def test_read_mrpc_keeps_quotes_and_checks_format(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text(
        "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n"
        '1\t1\t2\tHe called him "the witness".\t"The witness", he called him.\n'
        "0\t3\t4\tShares rose 5%.\tShares fell 5%.\n",
        encoding="utf-8",
    )
    data = read_mrpc(path)
    assert data.pairs[0] == ('He called him "the witness".', '"The witness", he called him.')
    assert data.labels.tolist() == [1, 0]
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_mrpc(bad)
    with pytest.raises(InputError):
        read_mrpc(tmp_path / "missing.tsv")


def test_metrics_and_threshold():
    m = binary_metrics([1, 1, 0, 0, 1], [1, 0, 0, 1, 1])
    assert m == {"accuracy": 0.6, "precision": 2 / 3, "recall": 2 / 3, "f1": pytest.approx(2 / 3), "pairs": 5}
    scores = np.array([0.9, 0.8, 0.7, 0.2, 0.1])
    y = np.array([1, 1, 0, 1, 0])
    thr, f1 = best_f1_threshold(scores, y)
    assert binary_metrics(y, scores >= thr)["f1"] == pytest.approx(f1)
    assert f1 == pytest.approx(max(binary_metrics(y, scores >= t)["f1"] for t in scores))


def test_fit_logistic_matches_sklearn():
    sklearn = pytest.importorskip("sklearn.linear_model")
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 5)) * [1, 3, 0.5, 2, 1] + [0, 1, 2, 3, 4]
    y = (X[:, 0] - 0.5 * X[:, 1] + rng.normal(size=400) > 0).astype(int)
    ours = fit_logistic(X, y, C=0.7)
    ref = sklearn.LogisticRegression(C=0.7, max_iter=5000, tol=1e-10).fit(StandardScaler().fit_transform(X), y)
    assert np.allclose(ours.coef, ref.coef_[0], atol=1e-4)
    assert ours.intercept == pytest.approx(ref.intercept_[0], abs=1e-4)


def test_tfidf_cosine_matches_sklearn():
    pytest.importorskip("sklearn")
    from sklearn.feature_extraction.text import TfidfVectorizer

    pairs = [(ECB, ECB_REWRITE), (FIRE, FIRE_REWRITE), (ECB, FIRE_MORE)]
    vec = TfidfVectorizer().fit([t for p in pairs for t in p])
    ref = np.asarray(vec.transform([a for a, _ in pairs]).multiply(vec.transform([b for _, b in pairs])).sum(1)).ravel()
    assert np.allclose(tfidf_cosine(pairs), ref, atol=1e-9)


@pytest.mark.slow
@pytest.mark.shared_data("mrpc/msr_paraphrase_train.txt")
def test_mrpc_sample_f1_floor(scorer):
    # 600 random pairs, 10-fold CV on them (MiniLM cosine alone: F1 0.81).
    res = evaluate_paraphrase(data_path("mrpc", "msr_paraphrase_train.txt"), encoder=scorer.encoder, limit=600)
    assert res["pairs"] == 600
    check_floors("paraphrase.mrpc_600", res)
    assert res["f1"] > res["systems"]["tfidf"]["f1"] - 0.01
