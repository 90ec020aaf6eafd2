"""Bytes to text: refuse binaries, honour declared encodings, then detect.

Order of trust: a byte-order mark, then the encoding the document declares
(an HTML ``<meta charset>`` / XML prolog, or the container's header), then
strict UTF-8, then charset-normalizer's detection. Two exceptions keep
mislabelled pages from becoming mojibake: bytes that are valid UTF-8 and not
pure ASCII are read as UTF-8 whatever the declaration says (legacy text is
practically never valid UTF-8 by accident), and an ISO-8859-1 label is read as
windows-1252, as browsers do. A file that mixes UTF-8 and a legacy
encoding is decoded run by run (:func:`_mixed_lines`). Text that still looks like mojibake or control
noise is refused rather than stored.
"""

from __future__ import annotations

import codecs
import re

from .errors import InputError

__all__ = ["sniff_binary", "decode_bytes", "declared_encoding", "printable_name", "remove_invisible",
           "strip_controls", "terminal_safe"]

_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_DECLARED = re.compile(
    rb"""(?:<meta[^>]+charset\s*=\s*["']?\s*|<\?xml[^>]+encoding\s*=\s*["'])([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, or None if it may be text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:4096]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    return None


def declared_encoding(data: bytes) -> str | None:
    """The charset a document declares in its first 4 KB, if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# C0 controls, C1 controls (bytes 0x80-0x9F read as ISO-8859-1) and U+FFFD.
_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    return len(_JUNK.findall(text)) / len(text) < 0.01


def _web_name(canonical: str | None) -> str | None:
    """ISO-8859-1 labels mean windows-1252 on the web (WHATWG Encoding)."""
    return "cp1252" if canonical == "iso8859-1" else canonical


def decode_bytes(data: bytes, where: str, hint: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text, returning ``(text, encoding)``.

    Raises:
        InputError: the bytes are a binary format or no encoding decodes them
            into plausible text.
    """
    binary = sniff_binary(data)
    if binary:
        raise InputError(where, f"is {binary}, not a text, HTML, feed, JSONL or WARC article")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data, name, where), name
    declared = [_lookup(hint), _lookup(declared_encoding(data))]
    mixed = _mixed_lines(data, next((_web_name(n) for n in declared if n and _single_byte(n)), "cp1252"))
    if mixed is not None and _looks_like_text(mixed[0]):
        return mixed
    candidates = ["utf-8"] if not data.isascii() else []
    candidates += [_web_name(name) for name in declared] + ["utf-8"]
    if "iso8859-1" in declared:
        candidates.append("iso8859-1")  # for the 5 bytes windows-1252 leaves undefined
    for name in dict.fromkeys(candidates):
        if not name:
            continue
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return text, codecs.lookup(name).name
    if "utf-8" in declared:
        mostly = _mostly_utf8(data)
        if mostly is not None:
            return mostly, "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding:
        encoding = _prefer_cp1252(data[:100_000], best.encoding)
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and _looks_like_text(text):
            return text, encoding
    raise InputError(where, "cannot be decoded as text in any declared or detected encoding")


def _mostly_utf8(data: bytes) -> str | None:
    """A page that says UTF-8 and is UTF-8 but for a few stray bytes, read as a browser reads it.

    A single pasted Latin-1 byte would otherwise send the whole page to
    detection, which then reads all its UTF-8 as mojibake ("schön" as
    "schÃ¶n"); browsers replace the stray byte and keep the declared encoding.
    """
    text = data.decode("utf-8", "replace")
    stray = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 127)
    return text if stray * 10 <= wide and _looks_like_text(text) else None


def _single_byte(name: str) -> bool:
    try:
        return len("\u00e9".encode(name)) == 1 or codecs.lookup(name).name.startswith(("cp", "iso8859", "latin"))
    except (LookupError, UnicodeEncodeError):
        return False


_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")


def _mixed_lines(data: bytes, legacy: str) -> tuple[str, str] | None:
    """Text pasted together from UTF-8 and a legacy encoding, decoded run by run.

    A UTF-8 character never contains an ASCII byte, so each run of non-ASCII
    bytes is decoded on its own: as UTF-8 when it is valid UTF-8 (legacy text
    practically never is by accident), else in ``legacy``. One decoding for
    the whole file would turn one of the halves into mojibake. None unless
    both kinds of run occur.
    """
    if data.isascii():
        return None
    out, last, utf8, other = [], 0, 0, 0
    for match in _NON_ASCII_RUN.finditer(data):
        out.append(data[last:match.start()].decode("ascii"))
        run = match.group(0)
        try:
            out.append(run.decode("utf-8"))
            utf8 += 1
        except UnicodeDecodeError:
            try:
                out.append(run.decode(legacy))
            except (UnicodeDecodeError, LookupError):
                return None
            other += 1
        last = match.end()
    if not (utf8 and other):
        return None
    out.append(data[last:].decode("ascii"))
    return "".join(out), f"utf-8+{codecs.lookup(legacy).name}"


def _strict(data: bytes, encoding: str, where: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(where, f"has a {encoding} byte-order mark but invalid bytes at offset {exc.start}") from None


def _lookup(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _prefer_cp1252(sample: bytes, detected: str) -> str:
    """windows-1252 over another single-byte guess that reads no better.

    For short Western text charset-normalizer often ties windows-1252 with
    windows-1250 or -1257 and may pick either, turning "crème" into "crčme"
    and "español" into "espańol". When windows-1252 reads the bytes at least
    as cleanly as the guess, it is the likelier encoding.
    """
    from charset_normalizer.md import mess_ratio
    from charset_normalizer.utils import is_multi_byte_encoding

    if _lookup(detected) == "cp1252" or is_multi_byte_encoding(detected):
        return detected
    try:
        western = sample.decode("cp1252")
        guessed = sample.decode(detected)
    except (UnicodeDecodeError, LookupError):
        return detected
    return "cp1252" if mess_ratio(western, 1.0) <= mess_ratio(guessed, 1.0) else detected


def printable_name(name: str) -> str:
    """A file name as text that can be stored and printed.

    Python keeps the bytes of a file name that are not valid UTF-8 as lone
    surrogates, which SQLite (and any UTF-8 output) refuses; they become
    ``\\xNN`` escapes, so ``caf\\xe9.txt`` stays distinct from ``café.txt``.
    """
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


# Default-ignorable format characters that change nothing a reader sees but split
# words for every matcher (U+200B inside "Sto\u200brm"): soft hyphen, Arabic letter
# mark, Mongolian vowel separator, zero-width space, LRM/RLM, bidi embeddings,
# overrides and isolates, word joiner and invisible operators, BOM/ZWNBSP,
# interlinear annotation marks, musical formatting controls and language tags.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# ZWNJ/ZWJ shape Arabic, Persian and Indic words and emoji sequences; between
# Latin letters (or next to ASCII) they are only noise.
_JOINER = re.compile("[\u200c\u200d]")


def remove_invisible(text: str) -> str:
    """``text`` without invisible format characters (zero-width space, bidi controls...).

    newsfuse removes them when it reads an article (the raw bytes stay in the
    store), so a copy sprinkled with zero-width spaces matches its source and
    no word is split. ZWJ/ZWNJ stay only between two characters of a script
    that uses them (anything past U+02FF: Arabic, Indic, emoji).

    Example:
        >>> remove_invisible("Sto\u200brm \u202ehits")
        'Storm hits'
    """
    text = _INVISIBLE.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _JOINER.sub(_keep_joiner, text)
    return text


def _keep_joiner(match: re.Match) -> str:
    s, i = match.string, match.start()
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    return match.group(0) if ord(before) > 0x2FF and ord(after) > 0x2FF else ""


# Terminal escape sequences (CSI ``ESC[...m``, OSC ``ESC]...BEL`` or ``ESC]...ESC\\``,
# other two-byte escapes), then any C0/C1 control left, except tab and newlines.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]|\x1b.?")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
# Controls that separate lines or records (VT, FF, FS/GS/RS, NEL): a line break, so words stay apart.
_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1e\x85]")


def strip_controls(text: str, keep_newlines: bool = True) -> str:
    """``text`` without terminal escape sequences and control characters.

    A title carrying ``ESC]0;...`` would retitle the terminal, ``ESC[2J`` clear
    it; they are never article content. Tab and line breaks stay unless
    ``keep_newlines`` is False (single-line fields: they become spaces).

    Example:
        >>> strip_controls("Storm \x1b]0;PWNED\x07hits \x1b[2Jcoast")
        'Storm hits coast'
    """
    text = _SEPARATORS.sub("\n", _CONTROLS.sub("", _ESCAPES.sub("", text)))
    if not keep_newlines:
        text = re.sub(r"[\t\r\n]+", " ", text)
    return text


def terminal_safe(text: str) -> str:
    """Article-derived text as it may reach a terminal: no escapes, no invisible tricks."""
    return strip_controls(remove_invisible(text))
