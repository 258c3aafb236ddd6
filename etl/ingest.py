"""Ingest: paths -> raw bytes, sha256, detected encoding, or a reason for rejection.

The one I/O end of the text road (normalize and extract are pure). A bad input
never raises: it becomes an `InputFile` with a `Rejection`, so the pipeline can
record it as a rejected document instead of dropping it.

Rejection reasons: not_found, unreadable, not_a_file, symlink_outside_root, too_large,
empty, whitespace_only, binary, undecodable. Files that are not text (PDF, DOCX/XLSX, legacy
Office) are only read and hashed here: `etl.read` reads them by their content and
gives its own reasons (no_text_layer, needs_conversion, encrypted, corrupt_file, zip_bomb).

Identity: an input's `doc` is its path relative to the root it was given with, '/'-separated
(`a/plan.txt` for ROOT/a/plan.txt); a file given by itself is its own name (its root is its
folder). Symlinks are followed only when they resolve inside that root.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from etl.records import QualityFlag

__all__ = ["Decoded", "InputFile", "InputNotFound", "Rejection", "decode_bytes", "doc_name", "doc_path",
           "display_path", "iter_inputs", "missing_inputs", "read_input", "root_of"]

_CHUNK = 1 << 20


@dataclass(slots=True, frozen=True)
class Rejection:
    """Why an input is not a document: a reason code and a human-readable detail."""

    reason: str
    detail: str


@dataclass(slots=True)
class Decoded:
    """Text decoded from bytes, the encoding used, damage seen while decoding."""

    text: str
    encoding: str
    flags: list[QualityFlag] = field(default_factory=list)
    rejection: Rejection | None = None


@dataclass(slots=True)
class InputFile:
    """One input: its bytes and sha256 (None when unreadable) or why it was rejected."""

    path: Path  # absolute (not resolved: a symlinked root keeps its name)
    doc: str
    raw: bytes | None
    sha256: str | None
    size: int
    rejection: Rejection | None = None
    decoded: Decoded | None = None  # set when the file was decoded to classify it
    root: str = ""  # resolved root the input must stay inside (symlinks are checked against it)


class InputNotFound(ValueError):
    """A path given on the command line does not exist: a usage error, not a rejected input."""


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

# Formats that are certainly not text, by their first bytes.
_MAGIC = (
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "zip (docx/xlsx/…)"),
    (b"\xd0\xcf\x11\xe0", "ole (doc/xls)"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "elf"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf", "7z"),
)
_SAMPLE = 1 << 16
_TEXT_CONTROL = re.compile("[\x01-\x08\x0e-\x1a\x1c-\x1f]")
# Control characters that do not occur in text (not \t \n \r \f \v, not ESC-free).
_BINARY_CONTROL = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
_BINARY_CONTROL_SHARE = 0.05
_NUL_SHARE_BINARY = 0.01  # more NULs than this (and not UTF-16): binary
_REPLACEMENT_SHARE_UNDECODABLE = 0.2
_UTF8_DAMAGE_SHARE = 0.01  # a few bad bytes in UTF-8 text: keep UTF-8, flag the damage


def _flags(**counts: int) -> list[QualityFlag]:
    return [QualityFlag(flag=k, count=v) for k, v in sorted(counts.items()) if v]


def _utf16_order(raw: bytes) -> str | None:
    """'le' or 'be' when NUL bytes sit on one parity only, as ASCII does in UTF-16."""
    sample = raw[: _SAMPLE - (_SAMPLE % 2)]
    if len(sample) < 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    total = even + odd
    if total < max(2, len(sample) // 200):
        return None
    if odd >= 0.9 * total:
        return "le"
    if even >= 0.9 * total:
        return "be"
    return None


def _textual(text: str) -> bool:
    """Whether decoded text looks like text: few control characters (C0 besides spaces)."""
    sample = text[:_SAMPLE]
    if not sample:
        return True
    bad = len(_TEXT_CONTROL.findall(sample))
    return bad <= 0.02 * len(sample)


def decode_bytes(raw: bytes) -> Decoded:
    """Decode a document's bytes, detecting the encoding; never raises.

    Order: BOMs (UTF-8, UTF-16 LE/BE, UTF-32); UTF-16 without BOM by its NUL
    pattern; strict UTF-8; UTF-8 cut off mid-character at the end or with a few bad
    bytes (decoded with U+FFFD, flagged); GB18030 (covers GBK and GB2312); then
    charset-normalizer (Big5 and friends). NUL bytes in a non-UTF-16 file are
    stripped when few (flag nul_bytes) and make it binary when many.
    """
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return Decoded("", "binary", rejection=Rejection("binary", f"{kind} signature"))
    if raw.startswith(codecs.BOM_UTF32_LE) or raw.startswith(codecs.BOM_UTF32_BE):
        text = raw.decode("utf-32", "replace")
        return _finish(text, "utf-32", {})
    if raw.startswith(codecs.BOM_UTF8):
        return _decode_utf8(raw[3:], "utf-8-sig")
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        enc = "utf-16-le" if raw.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        body = raw[2:]
        flags = {"truncated_utf16": 1} if len(body) % 2 else {}
        return _finish(body.decode(enc, "replace"), enc.replace("-le", "").replace("-be", "") + "-" + enc[-2:], flags)
    order = _utf16_order(raw)
    if order is not None:
        enc = f"utf-16-{order}"
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            text = None
        if text is not None and _textual(text):
            return _finish(text, enc, {})
    nuls = raw.count(0)
    flags: dict[str, int] = {}
    if nuls:
        if nuls > _NUL_SHARE_BINARY * len(raw):
            return Decoded("", "binary", rejection=Rejection("binary", f"{nuls} NUL bytes in {len(raw)}"))
        raw = raw.replace(b"\x00", b"")
        flags["nul_bytes"] = nuls
    sample = raw[:_SAMPLE]
    controls = len(_BINARY_CONTROL.findall(sample))
    if sample and controls > _BINARY_CONTROL_SHARE * len(sample):
        return Decoded("", "binary", rejection=Rejection("binary", f"{controls} control bytes in the first {len(sample)}"))
    return _decode_utf8(raw, "utf-8", flags)


def _decode_utf8(raw: bytes, name: str, flags: dict[str, int] | None = None) -> Decoded:
    flags = dict(flags or {})
    try:
        return _finish(raw.decode("utf-8"), name, flags)
    except UnicodeDecodeError as err:
        if err.end >= len(raw) and err.reason == "unexpected end of data":
            # A file cut off inside its last character.
            flags["truncated_utf8"] = 1
            return _finish(raw.decode("utf-8", "replace"), name, flags)
    loose = raw.decode("utf-8", "replace")
    damage = loose.count("\ufffd")
    non_ascii = sum(1 for b in raw[:_SAMPLE] if b >= 0x80) or 1
    if damage <= _UTF8_DAMAGE_SHARE * min(len(raw), _SAMPLE) and damage * 3 <= non_ascii * _UTF8_DAMAGE_SHARE * 3 + 3:
        flags["invalid_utf8"] = damage
        return _finish(loose, name, flags)
    try:
        return _finish(raw.decode("gb18030"), "gb18030", flags)
    except UnicodeDecodeError:
        pass
    gb = raw.decode("gb18030", "replace")
    gb_damage = gb.count("\ufffd")
    best_text, best_name, best_damage = gb, "gb18030", gb_damage
    if gb_damage:
        try:
            from charset_normalizer import from_bytes

            match = from_bytes(raw[: 4 * _SAMPLE]).best()
        except Exception:  # the detector is a heuristic; never let it fail a document
            match = None
        if match is not None and match.encoding:
            try:
                text = raw.decode(match.encoding, "replace")
            except LookupError:
                text = None
            if text is not None and text.count("\ufffd") < best_damage:
                best_text, best_name, best_damage = text, match.encoding, text.count("\ufffd")
        if loose.count("\ufffd") < best_damage:
            best_text, best_name, best_damage = loose, name, loose.count("\ufffd")
        flags["invalid_bytes"] = best_damage
    decoded = _finish(best_text, best_name, flags)
    if best_damage > _REPLACEMENT_SHARE_UNDECODABLE * max(1, len(best_text)):
        decoded.rejection = Rejection("undecodable", f"{best_damage} of {len(best_text)} characters undecodable as {best_name}")
    return decoded


def _finish(text: str, encoding: str, flags: dict[str, int]) -> Decoded:
    flags = dict(flags)
    if "\x00" in text:
        flags["nul_bytes"] = flags.get("nul_bytes", 0) + text.count("\x00")
        text = text.replace("\x00", "")
    decoded = Decoded(text=text, encoding=encoding, flags=_flags(**flags))
    if not _textual(text):
        decoded.rejection = Rejection("binary", f"control characters in text decoded as {encoding}")
    return decoded


# ---------------------------------------------------------------------------
# Walking paths
# ---------------------------------------------------------------------------


def _printable(name: str) -> str:
    """A str that encodes: undecodable bytes of odd names shown as \\xNN."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def display_path(path: Path | str) -> str:
    """A path as a valid str (for the database and logs): undecodable bytes shown as \\xNN."""
    return _printable(str(path))


def doc_name(path: Path) -> str:
    """The file name as a valid str: undecodable bytes of odd names shown as \\xNN."""
    return _printable(path.name)


def doc_path(path: Path, root: Path) -> str:
    """The document's identity: its path relative to `root`, '/'-separated (its name when root is itself)."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = ()
    return "/".join(_printable(part) for part in parts) if parts else doc_name(path)


def root_of(given: Path) -> tuple[Path, bool]:
    """The root an argument names (absolute, not resolved) and whether it is a folder.

    A folder is its own root; a file (or anything else) is rooted in its parent folder."""
    path = Path(os.path.abspath(given))
    try:
        is_dir = path.is_dir()
    except OSError:
        is_dir = False
    return (path, True) if is_dir else (path.parent, False)


def missing_inputs(paths: Sequence[Path]) -> list[Path]:
    """The given paths that do not exist at all (a mistyped argument), as given."""
    missing = []
    for given in paths:
        try:
            os.lstat(given)
        except (FileNotFoundError, NotADirectoryError):
            missing.append(Path(given))
        except OSError:
            pass  # exists but cannot be examined: a rejection with its reason, later
    return missing


def _within(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def _opened_path(fd: int) -> str | None:
    """The path the kernel opened for fd (Linux /proc), to check what was actually read."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None


def _walk(root: Path, root_real: str) -> Iterator[tuple[Path, Rejection | None]]:
    """Entries under a folder, depth first, sorted by name; symlinked folders not followed.

    Not following directory symlinks makes a symlink loop harmless; such links are
    reported as not_a_file instead of silently skipped.
    """
    stack: list[Path] = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: os.fsencode(e.name))
        except OSError as err:
            yield folder, Rejection("unreadable", f"cannot list folder: {err.strerror or err}")
            continue
        subfolders: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(path)
                    continue
                if entry.is_symlink() and entry.is_dir():
                    if not _within(os.path.realpath(path), root_real):
                        yield path, _OUTSIDE
                    else:
                        yield path, Rejection("not_a_file", "symlink to a folder (not followed)")
                    continue
            except OSError as err:
                yield path, Rejection("unreadable", err.strerror or str(err))
                continue
            yield path, None
        stack.extend(reversed(subfolders))


_OUTSIDE = Rejection("symlink_outside_root", "symlink resolves outside the folder given (not read)")


def _read(path: Path, doc: str, root_real: str, max_bytes: int, classify: bool = True) -> InputFile:
    """Read one file (never following a symlink out of root_real); never raises."""
    item = _read_file(path, doc, root_real, max_bytes, classify)
    item.root = root_real
    return item


def read_input(path: Path, doc: str, root_real: str, max_bytes: int) -> InputFile:
    """Read one input again (the extraction workers): the same checks as the scan, bytes kept."""
    return _read(path, doc, root_real, max_bytes, classify=False)


def _read_file(path: Path, doc: str, root_real: str, max_bytes: int, classify: bool) -> InputFile:
    try:
        if os.path.islink(path) and not _within(os.path.realpath(path), root_real):
            return InputFile(path, doc, None, None, 0, _OUTSIDE)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        try:
            os.lstat(path)
            reason = Rejection("unreadable", "broken symlink")
        except OSError:
            reason = Rejection("not_found", "no such file")
        return InputFile(path, doc, None, None, 0, reason)
    except OSError as err:
        return InputFile(path, doc, None, None, 0, Rejection("unreadable", err.strerror or str(err)))
    try:
        opened = _opened_path(fd)  # what was opened, whatever a link or folder was swapped for
        if opened is not None and opened.startswith("/") and not _within(opened, root_real):
            return InputFile(path, doc, None, None, 0, _OUTSIDE)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return InputFile(path, doc, None, None, 0, Rejection("not_a_file", "not a regular file"))
        size = info.st_size
        digest = hashlib.sha256()
        with os.fdopen(fd, "rb", closefd=False) as fh:
            if size > max_bytes:
                # Do not hold it in memory: stream the digest for the record.
                while chunk := fh.read(_CHUNK):
                    digest.update(chunk)
                return InputFile(path, doc, None, digest.hexdigest(), size,
                                 Rejection("too_large", f"{size} bytes > limit {max_bytes}"))
            # Read the size fstat gave (+1 to see growth), not max_bytes: a 50 MB read buffer per
            # file costs more than reading the file (a no-change re-run reads every input).
            raw = fh.read(size + 1)
            if len(raw) > size:  # grew since fstat: read on, up to the limit
                raw += fh.read(max_bytes + 1 - len(raw))
        if len(raw) > max_bytes:  # grew since fstat
            return InputFile(path, doc, None, None, len(raw),
                             Rejection("too_large", f"more than {max_bytes} bytes"))
    except OSError as err:
        return InputFile(path, doc, None, None, 0, Rejection("unreadable", err.strerror or str(err)))
    finally:
        os.close(fd)
    sha = hashlib.sha256(raw).hexdigest()
    item = InputFile(path, doc, raw, sha, len(raw))
    if not raw:
        item.rejection = Rejection("empty", "0 bytes")
        return item
    if not classify:
        return item
    from etl.read import sniff_format  # etl.read imports this module: import at call time

    if sniff_format(raw, doc) != "text":
        return item  # PDF, DOCX/XLSX packages, OLE files: their reader decides (etl.read)
    decoded = decode_bytes(raw)
    item.decoded = decoded
    if decoded.rejection is not None:
        item.rejection = decoded.rejection
    elif not decoded.text.strip():
        item.rejection = Rejection("whitespace_only", "only whitespace after decoding")
    return item


def iter_inputs(paths: Sequence[Path], *, max_bytes: int, classify: bool = True) -> Iterator[InputFile]:
    """Expand files and folders (recursively, sorted) into InputFiles; never raises.

    Each yields its bytes and sha256, or a `Rejection` (not_found, unreadable, not_a_file,
    symlink_outside_root, too_large, empty, whitespace_only, binary, undecodable). Its `doc` is
    its path relative to the folder given (a file given by itself: its name), its `path` absolute.
    With classify=False the bytes are only hashed, not decoded: the pipeline skips
    unchanged documents by hash first and leaves decoding to its extraction workers.
    """
    for given in paths:
        root, is_dir = root_of(Path(given))
        root_real = os.path.realpath(root)
        if not is_dir:
            path = Path(os.path.abspath(given))
            yield _read(path, doc_name(path), root_real, max_bytes, classify)
            continue
        for entry, rejection in _walk(root, root_real):
            if rejection is not None:
                yield InputFile(entry, doc_path(entry, root), None, None, 0, rejection, root=root_real)
            else:
                yield _read(entry, doc_path(entry, root), root_real, max_bytes, classify)
