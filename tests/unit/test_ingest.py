"""Unit tests of etl.ingest: decoding and walking inputs without ever raising."""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path

import pytest

from etl.ingest import decode_bytes, iter_inputs
from etl.normalize import normalize_bytes, normalize_text

CORPUS = Path(__file__).resolve().parents[2] / "etl" / "data" / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))


def flags(decoded) -> dict[str, int]:
    return {f.flag: f.count for f in decoded.flags}


# --- decoding -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["000", "002", "004"])
@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("gbk", "strict"), "gb18030"),
        (lambda t: t.encode("gb18030"), "gb18030"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: t.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_encodings_give_the_same_text(name: str, encode, encoding: str) -> None:
    text = next(p for p in SEEDS if p.name.startswith(name)).read_text(encoding="utf-8")
    try:
        raw = encode(text)
    except UnicodeEncodeError:
        pytest.skip("text not encodable in this codec")
    decoded = decode_bytes(raw)
    assert decoded.rejection is None
    assert decoded.encoding == encoding
    assert decoded.text == text
    assert normalize_bytes(raw).text == normalize_text(text).text


def test_utf8_plain() -> None:
    decoded = decode_bytes("发展".encode())
    assert (decoded.text, decoded.encoding, decoded.flags) == ("发展", "utf-8", [])


def test_truncated_utf8_flagged() -> None:
    raw = "发展目标".encode()[:-1]
    decoded = decode_bytes(raw)
    assert decoded.rejection is None and decoded.encoding == "utf-8"
    assert decoded.text == "发展目\ufffd"
    assert flags(decoded) == {"truncated_utf8": 1}


def test_few_nul_bytes_stripped() -> None:
    raw = ("发展目标" * 200).encode() + b"\x00" + "到2025年".encode() + b"\x00"
    decoded = decode_bytes(raw)
    assert decoded.rejection is None
    assert "\x00" not in decoded.text and "到2025年" in decoded.text
    assert flags(decoded)["nul_bytes"] == 2


@pytest.mark.parametrize(
    "raw",
    [bytes(range(256)) * 20, b"%PDF-1.7\n" + os.urandom(200), b"PK\x03\x04" + bytes(100), b"\x00\x01\x02\x03" * 500],
)
def test_binary_rejected(raw: bytes) -> None:
    decoded = decode_bytes(raw)
    assert decoded.rejection is not None and decoded.rejection.reason == "binary"


def test_utf8_with_a_bad_byte_stays_utf8() -> None:
    raw = ("经济社会发展" * 300).encode() + b"\xff" + "目标".encode()
    decoded = decode_bytes(raw)
    assert decoded.encoding == "utf-8" and flags(decoded) == {"invalid_utf8": 1}


def test_decode_never_raises_on_random_bytes() -> None:
    for n in (1, 2, 3, 7, 64, 1000):
        for seed in range(5):
            raw = hashlib.sha256(n.to_bytes(2, "big") + bytes([seed])).digest() * (n // 32 + 1)
            assert isinstance(decode_bytes(raw[:n]).text, str)


# --- walking ------------------------------------------------------------------


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def by_doc(items) -> dict[str, object]:
    return {i.doc: i for i in items}


def test_folder_with_everything(tmp_path: Path) -> None:
    good = "长春市发展规划".encode()
    write(tmp_path / "a.txt", good)
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.txt", " \n\t\r\n\u3000".encode())
    write(tmp_path / "bin.dat", bytes(range(256)) * 2)
    write(tmp_path / "big.txt", good * 100)
    write(tmp_path / "odd 'name\" with\nnewline 规划.txt", good)
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    write(tmp_path / "sub" / "deeper" / "z.txt", good)
    os.symlink(tmp_path, tmp_path / "sub" / "loop")  # a folder symlink loop
    os.symlink(tmp_path / "x1", tmp_path / "x2")
    os.symlink(tmp_path / "x2", tmp_path / "x1")  # a file symlink loop
    os.symlink(tmp_path / "missing", tmp_path / "dangling")
    items = list(iter_inputs([tmp_path], max_bytes=1000))
    docs = by_doc(items)
    assert docs["a.txt"].rejection is None and docs["a.txt"].raw == good
    assert docs["a.txt"].sha256 == hashlib.sha256(good).hexdigest()
    assert docs["empty.txt"].rejection.reason == "empty"
    assert docs["blank.txt"].rejection.reason == "whitespace_only"
    assert docs["bin.dat"].rejection.reason == "binary"
    big = docs["big.txt"]
    assert big.rejection.reason == "too_large" and big.raw is None
    assert big.sha256 == hashlib.sha256(good * 100).hexdigest() and big.size == len(good) * 100
    assert docs["odd 'name\" with\nnewline 规划.txt"].rejection is None
    assert docs["fifo"].rejection.reason == "not_a_file"
    assert docs["sub/deeper/z.txt"].rejection is None  # its path inside the folder given
    assert docs["sub/loop"].rejection.reason == "not_a_file"
    assert docs["x1"].rejection.reason == "unreadable" and docs["x2"].rejection.reason == "unreadable"
    assert docs["dangling"].rejection.reason == "unreadable"
    # sorted, deterministic
    assert [i.doc for i in items] == [i.doc for i in iter_inputs([tmp_path], max_bytes=1000)]


def test_non_utf8_file_name(tmp_path: Path) -> None:
    name = os.fsdecode(b"\xb9\xe6\xbb\xae.txt")  # 规划 in GBK: \xb9 is no UTF-8
    write(tmp_path / name, "规划".encode())
    [item] = list(iter_inputs([tmp_path], max_bytes=100))
    assert item.rejection is None
    item.doc.encode("utf-8")  # a valid str for JSON and the database
    assert item.doc.startswith("\\xb9")


def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "规划".encode())
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        [item] = list(iter_inputs([tmp_path], max_bytes=100))
        assert item.rejection.reason == "unreadable"
    finally:
        path.chmod(0o644)


def test_unreadable_folder_does_not_crash(tmp_path: Path) -> None:
    # Root reads everything; simulate with a path that cannot be listed: a file
    # posing as a folder inside the walk is reported, never raised.
    write(tmp_path / "ok.txt", "规划".encode())
    items = list(iter_inputs([tmp_path / "ok.txt" / "child", tmp_path / "nope"], max_bytes=100))
    assert [i.rejection.reason for i in items] == ["unreadable", "not_found"]


def test_missing_and_explicit_files(tmp_path: Path) -> None:
    items = list(iter_inputs([*SEEDS[:2], tmp_path / "missing.txt"], max_bytes=10_000_000))
    assert [i.rejection is None for i in items] == [True, True, False]
    assert items[2].rejection.reason == "not_found"
    assert items[0].decoded is not None and items[0].decoded.encoding == "utf-8"


def test_doc_is_the_path_inside_the_folder_given(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        write(tmp_path / folder / "plan.txt", f"{folder}规划".encode())
    items = list(iter_inputs([tmp_path], max_bytes=100))
    assert [(i.doc, i.raw) for i in items] == [("a/plan.txt", "a规划".encode()), ("b/plan.txt", "b规划".encode())]
    assert all(i.path.is_absolute() for i in items)
    [alone] = list(iter_inputs([tmp_path / "b" / "plan.txt"], max_bytes=100))  # a file given alone: its name
    assert alone.doc == "plan.txt" and alone.raw == "b规划".encode()


def test_symlinks_are_followed_only_inside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(tmp_path / "outside" / "secret.txt", "机密规划".encode())
    write(root / "plan.txt", "规划".encode())
    os.symlink(tmp_path / "outside" / "secret.txt", root / "escape.txt")
    os.symlink(tmp_path / "outside", root / "escape dir")
    os.symlink(root / "plan.txt", root / "inside.txt")
    os.symlink("../root/plan.txt", root / "relative inside.txt")
    docs = by_doc(iter_inputs([root], max_bytes=100))
    assert docs["escape.txt"].rejection.reason == "symlink_outside_root" and docs["escape.txt"].raw is None
    assert docs["escape dir"].rejection.reason == "symlink_outside_root"
    assert docs["inside.txt"].raw == "规划".encode() and docs["relative inside.txt"].raw == "规划".encode()
    [alone] = list(iter_inputs([root / "escape.txt"], max_bytes=100))  # rooted in its own folder
    assert alone.rejection.reason == "symlink_outside_root" and alone.raw is None


def test_missing_inputs_names_whole_paths(tmp_path: Path) -> None:
    from etl.ingest import missing_inputs

    write(tmp_path / "there.txt", b"x")
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling")  # exists (a broken link): rejected later
    assert missing_inputs([tmp_path / "there.txt", tmp_path / "does" / "not" / "exist", tmp_path / "dangling"]) == [
        tmp_path / "does" / "not" / "exist"]


def test_a_worker_does_not_read_a_symlink_swapped_out_of_the_root_after_the_scan(tmp_path: Path) -> None:
    from etl.pipeline import _extract_job, _Job

    root = tmp_path / "root"
    plan = write(root / "plan.txt", SEEDS[0].read_bytes())
    secret = write(tmp_path / "outside" / "secret.txt", SEEDS[0].read_bytes())
    job = _Job(str(plan), "plan.txt", hashlib.sha256(plan.read_bytes()).hexdigest(), plan.stat().st_size,
               os.path.realpath(root), 10_000_000, str(plan))
    plan.unlink()
    os.symlink(secret, plan)  # swapped between the scan and the worker's read
    rejected = _extract_job(job)
    assert getattr(rejected, "reason", None) == "symlink_outside_root"
