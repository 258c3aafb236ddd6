"""Per-format throughput: one seed written as TXT, HTML, DOCX, PDF, and its projects as XLSX and CSV.

    python -m bench.formats [--seed 002] [--repeat 3] [--json OUT]

Each format is extracted `repeat` times in this process (`etl.extract.document.extract_bytes`,
the pure middle of the road: read, normalize, structure, extract) and the fastest pass kept;
the figures are per core (CPU time). The same text in every format, so the differences are
the readers' cost. A sample of mixed formats for `guihua run` is written with --write DIR.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from etl.config import SAMPLE_CORPUS_DIR

__all__ = ["measure", "write_sample", "writers"]


def _paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _project_rows(text: str, name: str) -> list[list[str]]:
    from etl.extract.document import ExtractionResult, extract_bytes

    result = extract_bytes(text.encode("utf-8"), name)
    header = ["序号", "项目名称", "建设地点", "总投资(亿元)", "所属专栏"]
    rows = [header]
    if isinstance(result, ExtractionResult):
        for i, p in enumerate(result.projects, start=1):
            rows.append([str(i), p.name, p.location or "", str(p.investment_yi or ""), p.box or ""])
    return rows


def writers(text: str, name: str) -> dict[str, Callable[[], bytes]]:
    """Functions that write the seed `text` in each format (xlsx and csv: its projects as a table)."""
    paragraphs = _paragraphs(text)

    def as_html() -> bytes:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(paragraphs[0])}</title>"
                f"</head><body><div class='nav'><a>首页</a><a>政务公开</a></div><div class='article'>{body}</div>"
                "<div class='footer'>版权所有</div></body></html>").encode("utf-8")

    def as_docx() -> bytes:
        import docx

        document = docx.Document()
        for p in paragraphs:
            document.add_paragraph(p)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    def as_pdf() -> bytes:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.platypus import Paragraph, SimpleDocTemplate

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK",
                               firstLineIndent=22)
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=A4).build([Paragraph(html.escape(p), style) for p in paragraphs])
        return out.getvalue()

    rows = _project_rows(text, name)

    def as_xlsx() -> bytes:
        import openpyxl

        wb = openpyxl.Workbook()
        for row in rows:
            wb.active.append(row)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    def as_csv() -> bytes:
        import csv

        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue().encode("utf-8-sig")

    return {"txt": lambda: text.encode("utf-8"), "html": as_html, "docx": as_docx, "pdf": as_pdf,
            "xlsx": as_xlsx, "csv": as_csv}


def _seed(seed: str) -> Path:
    found = sorted(SAMPLE_CORPUS_DIR.glob(f"{seed}*.txt"))
    if not found:
        raise SystemExit(f"no seed {seed!r} in {SAMPLE_CORPUS_DIR}")
    return found[0]


def measure(seed: str = "002", repeat: int = 3) -> dict[str, dict[str, Any]]:
    """Per format: bytes, records, best CPU seconds per document, MB/s and docs/s per core."""
    from etl.extract.document import ExtractionResult, extract_bytes

    path = _seed(seed)
    text = path.read_text(encoding="utf-8")
    out: dict[str, dict[str, Any]] = {}
    for fmt, write in writers(text, path.name).items():
        raw = write()
        name = f"{path.stem}.{fmt}"
        best = float("inf")
        result: Any = None
        for _ in range(max(1, repeat)):
            started = time.process_time()
            result = extract_bytes(raw, name)
            best = min(best, time.process_time() - started)
        loaded = isinstance(result, ExtractionResult)
        out[fmt] = {
            "bytes": len(raw),
            "loaded": loaded,
            "reason": None if loaded else result.reason,
            "targets": len(result.targets) if loaded else 0,
            "projects": len(result.projects) if loaded else 0,
            "seconds_per_doc": round(best, 4),
            "mb_per_s_per_core": round(len(raw) / 1e6 / best, 3) if best > 0 else None,
            "docs_per_s_per_core": round(1 / best, 2) if best > 0 else None,
        }
    return out


def write_sample(folder: Path, seeds: tuple[str, ...] = ("000", "002", "003")) -> list[Path]:
    """A mixed-format sample for `guihua run`: each seed in every format."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for seed in seeds:
        path = _seed(seed)
        for fmt, write in writers(path.read_text(encoding="utf-8"), path.name).items():
            target = folder / f"{path.stem}.{fmt}"
            target.write_bytes(write())
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.formats", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", default="002", help="seed file prefix (default 002)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--write", type=Path, help="write a mixed-format sample here and exit")
    args = parser.parse_args(argv)
    if args.write:
        for path in write_sample(args.write):
            print(path)
        return 0
    figures = measure(args.seed, args.repeat)
    print(f"{'format':6} {'bytes':>9} {'loaded':>6} {'targets':>7} {'projects':>8} {'ms/doc':>8} {'MB/s/core':>9}")
    for fmt, f in figures.items():
        print(f"{fmt:6} {f['bytes']:9d} {str(f['loaded']):>6} {f['targets']:7d} {f['projects']:8d} "
              f"{f['seconds_per_doc'] * 1000:8.1f} {f['mb_per_s_per_core'] or 0:9.3f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
