"""Readers: a file's bytes → text blocks and tables (`ReadDocument`), by content, not by extension.

`read_document` sniffs the format from the bytes (PDF, ZIP packages DOCX/XLSX, OLE
containers, HTML, CSV, plain text) and calls the reader for it. What cannot be read is
said, never guessed: legacy binary Office files are `needs_conversion` (naming the
format), encrypted ones `encrypted`, broken ones `corrupt_file`, zip bombs `zip_bomb`.
"""

from __future__ import annotations

import io
import zipfile

from etl.read.model import Block, ReadDocument, Rejection, Table, join_wrapped

__all__ = ["Block", "ReadDocument", "Rejection", "Table", "join_wrapped", "read_document", "sniff_format"]

# ZIP packages: refuse before opening when the expanded size or the ratio is absurd.
MAX_UNCOMPRESSED = 256 << 20  # all members together
MAX_MEMBER_RATIO = 200  # expanded / compressed, per member larger than 1 MB expanded
MAX_MEMBERS = 10_000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LEGACY_EXT = {".doc": "doc (Word 97-2003)", ".wps": "wps (WPS Writer)", ".xls": "xls (Excel 97-2003)",
               ".et": "et (WPS Spreadsheets)", ".dps": "dps (WPS Presentation)", ".ppt": "ppt (PowerPoint 97-2003)"}
_OTHER_MAGIC = ((b"\x89PNG", "png image"), (b"\xff\xd8\xff", "jpeg image"), (b"GIF8", "gif image"),
                (b"\x1f\x8b", "gzip archive"), (b"Rar!", "rar archive"), (b"7z\xbc\xaf", "7z archive"),
                (b"\x7fELF", "elf executable"), (b"{\\rtf", "rtf (save as .docx or .txt)"))


def sniff_format(raw: bytes, name: str = "") -> str:
    """pdf | zip | ole | text, from the first bytes (the extension is only a hint for CSV)."""
    head = raw[:1024]
    if head.lstrip().startswith(b"%PDF-") or (b"%PDF-" in head and b"endobj" in raw[: 1 << 20]):
        return "pdf"  # viewers accept the header anywhere in the first 1024 bytes
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        return "zip"
    if raw.startswith(_OLE):
        return "ole"
    return "text"


def _ext(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def _ole_kind(raw: bytes, name: str) -> Rejection:
    """An OLE compound file: an encrypted OOXML package, or a legacy binary format to convert."""
    if "EncryptedPackage".encode("utf-16-le") in raw or "EncryptionInfo".encode("utf-16-le") in raw:
        return Rejection("encrypted", "password-protected Office file (EncryptedPackage)")
    ext = _ext(name)
    if ext in _LEGACY_EXT:
        kind = _LEGACY_EXT[ext]
    elif "WordDocument".encode("utf-16-le") in raw:
        kind = "doc (Word 97-2003)"
    elif "Workbook".encode("utf-16-le") in raw or "Book".encode("utf-16-le") in raw:
        kind = "xls (Excel 97-2003)"
    else:
        kind = "ole (legacy Office/WPS)"
    return Rejection("needs_conversion", f"{kind}: save it as .docx/.xlsx/.pdf first")


def _zip_kind(raw: bytes) -> tuple[str | None, Rejection | None]:
    """docx | xlsx for an Office package; a rejection for a bomb, a broken or a foreign archive."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        return None, Rejection("corrupt_file", f"broken ZIP package: {err}"[:300])
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            return None, Rejection("zip_bomb", f"{len(infos)} members > {MAX_MEMBERS}")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                return None, Rejection("encrypted", f"encrypted ZIP member {info.filename}")
            total += info.file_size
            if info.file_size > (1 << 20) and info.file_size > MAX_MEMBER_RATIO * max(1, info.compress_size):
                return None, Rejection("zip_bomb", f"member {info.filename!r} expands {info.compress_size} → "
                                                   f"{info.file_size} bytes")
        if total > MAX_UNCOMPRESSED:
            return None, Rejection("zip_bomb", f"members expand to {total} bytes > {MAX_UNCOMPRESSED}")
        names = {i.filename for i in infos}
        if "word/document.xml" in names:
            return "docx", None
        if "xl/workbook.xml" in names:
            return "xlsx", None
        if "content.xml" in names and "mimetype" in names:
            return None, Rejection("needs_conversion", "OpenDocument (odt/ods): save it as .docx/.xlsx first")
        if "ppt/presentation.xml" in names:
            return None, Rejection("unsupported_format", "pptx presentation")
    return None, Rejection("unsupported_format", "a ZIP archive that is not a DOCX or XLSX")


def read_document(raw: bytes, name: str = "") -> ReadDocument:
    """Read one file's bytes into blocks and tables; never raises (a rejection says why not)."""
    from etl.ingest import decode_bytes

    kind = sniff_format(raw, name)
    if kind == "pdf":
        from etl.read.pdf import read_pdf

        return read_pdf(raw)
    if kind == "zip":
        fmt, rejection = _zip_kind(raw)
        if rejection is not None:
            return ReadDocument("zip", rejection=rejection)
        if fmt == "docx":
            from etl.read.docx import read_docx

            return read_docx(raw)
        from etl.read.sheet import read_xlsx

        return read_xlsx(raw)
    if kind == "ole":
        return ReadDocument("ole", rejection=_ole_kind(raw, name))
    for magic, what in _OTHER_MAGIC:
        if raw.startswith(magic):
            return ReadDocument("binary", rejection=Rejection(
                "needs_conversion" if what.startswith("rtf") else "binary", f"{what} signature"))
    decoded = decode_bytes(raw)
    if decoded.rejection is not None:
        return ReadDocument("txt", encoding=decoded.encoding, flags=list(decoded.flags),
                            rejection=Rejection(decoded.rejection.reason, decoded.rejection.detail))
    from etl.read.html import looks_like_html

    if looks_like_html(decoded.text):
        from etl.read.html import read_html

        doc = read_html(decoded.text, decoded.encoding)
    elif _ext(name) in (".csv", ".tsv"):
        from etl.read.sheet import read_csv

        doc = read_csv(decoded.text, decoded.encoding)
    else:
        doc = ReadDocument("txt", parts=[Block(decoded.text)], encoding=decoded.encoding)
    doc.flags = [*decoded.flags, *doc.flags]
    return doc
