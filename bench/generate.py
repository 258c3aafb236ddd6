"""Build a corpus of N planning documents from the sample corpus, with the records it expects.

Each generated document is one of the seeds (etl/data/corpus/*.txt, taken in turn) with

* its region replaced, consistently, by another real division of the same level drawn
  from etl/data/regions.csv: the full name (长春市朝阳区), the name (朝阳区), the short
  name (朝阳), the parent's and the province's names and short names, so that metadata
  has to resolve the new region from the text (same-name divisions included);
* its numbers perturbed (deterministic seed): every value that the hand-checked
  expectations of the seed mention (tests/expectations/{targets,projects}/) is mapped
  to a new value at every occurrence in the text, by one monotone, decreasing,
  collision-free mapping per document (ranges stay ordered, shares stay <= 100).

Numbers in non-value contexts (years, dates, times, list numbering, 第N, N号) are left
alone, and so are values the generator cannot follow safely (integers up to 10, which
Chinese numerals and 翻一番 also produce; values also written in Chinese numerals);
those keep their original value in the expectations.

The expectations of every document (region, targets, actuals, projects, with the
same substitutions and the perturbed values) go to ``expected.jsonl.gz`` next to the
``docs/`` folder, one JSON object per document, sorted by document name. A missing
expectation file of a seed just leaves that part unscored.

    python -m bench.generate --docs 1000 --out bench/out/corpus-1000
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from etl.config import PROJECT_ROOT, SAMPLE_CORPUS_DIR
from etl.ingest import decode_bytes
from etl.regions import Region, RegionTable, load_regions

GENERATOR_VERSION = 4
EXPECTATIONS_DIR = PROJECT_ROOT / "tests" / "expectations"
DOCS_PER_FOLDER = 1000

# The seeds' regions, read off the documents (SPEC.md §3); other seeds fall back to metadata.
SEED_REGIONS = {
    "000_89700a7a8f41e7e7": "220104",  # 长春市朝阳区
    "001_bfccae62de0f4535": "220105",  # 长春市二道区
    "002_843c821296af14f2": "220106",  # 长春市绿园区
    "003_77d732719debbe6f": "220102",  # 长春市南关区
    "004_71b7d6b5b3d205c1": "220200",  # 吉林市
}

# A number as written: ASCII digits, an optional decimal part; not glued to Latin letters
# (5G, PM2.5, G1) or to other digits.
_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z.])(\d+(?:\.\d+)?)(?![0-9A-Za-z])")
# Spans whose digits are never values: dates and times.
_DATE_RE = re.compile(
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日|\b\d{1,2}:\d{2}(?::\d{2})?"
)
_NOT_VALUE_AFTER = frozenset("年月日号时届")
_NUMBERING_AFTER = frozenset("、.．")
# A bare magnitude read as a number: 超千亿元 (1000), 百亿级 (100), 万人 after no numeral (10000).
_BARE_MAGNITUDE_RE = re.compile(r"(?<![0-9〇零一二三四五六七八九十两几数多])([百千万])(?=[亿万元个户人家项所座条公米吨台辆])")
_MAGNITUDES = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10000)}


@dataclass(slots=True)
class Template:
    """One seed, ready to be varied."""

    stem: str
    text: str
    region: Region
    doc_kind: str | None
    plan_period: list[int] | None
    vision_year: int | None
    targets: list[list[Any]] | None  # rows as in tests/expectations/targets/*.yaml
    actuals: list[list[Any]] | None
    projects: dict[str, Any] | None  # {"list": [...], "prose": [...]}
    values: set[Decimal] = field(default_factory=set)  # expected values that may be perturbed
    anchors: set[Decimal] = field(default_factory=set)  # every expected value (the mapping keeps their order)
    token_decimals: dict[Decimal, int] = field(default_factory=dict)  # fewest decimals written
    token_values: set[Decimal] = field(default_factory=set)  # every number written in the text

    @property
    def level(self) -> str:
        return self.region.level


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

def _date_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _DATE_RE.finditer(text)]


def _is_value_context(text: str, start: int, end: int, token: str) -> bool:
    """Whether the number text[start:end] may be a quantity (not a year, date, list number…)."""
    after = text[end:end + 1]
    before = text[start - 1:start] if start else ""
    if after in _NOT_VALUE_AFTER or before == "第":
        return False
    if after in _NUMBERING_AFTER and (end + 1 >= len(text) or not text[end + 1].isdigit()):
        return False  # "1." "2、" list numbering
    if before in "(（" and after in ")）":
        return False  # "(1)"
    if len(token) > 1 and token[0] == "0" and token[1] != ".":
        return False  # "09": part of a date or a code
    return True


def _iter_value_tokens(text: str) -> Iterator[re.Match[str]]:
    spans = _date_spans(text)
    i = 0
    for m in _NUMBER_RE.finditer(text):
        while i < len(spans) and spans[i][1] <= m.start():
            i += 1
        if i < len(spans) and spans[i][0] <= m.start() < spans[i][1]:
            continue
        if _is_value_context(text, m.start(), m.end(), m.group(1)):
            yield m


def _decimals(token: str) -> int:
    return len(token.split(".", 1)[1]) if "." in token else 0


def _chinese_forms(value: Decimal) -> tuple[str, ...]:
    """How an integer may also be written in Chinese numerals (二十, 三百, 一千二百)."""
    if value != value.to_integral_value() or value > 99999:
        return ()
    try:
        import cn2an

        return (cn2an.an2cn(str(int(value)), "low"),)
    except Exception:  # cn2an is a heuristic tool; without it, be conservative elsewhere
        return ()


def perturbation(template: Template, rng: random.Random) -> dict[Decimal, Decimal]:
    """A monotone, decreasing, collision-free value mapping for one document."""
    mapping: dict[Decimal, Decimal] = {}
    previous = Decimal(-1)
    used: set[Decimal] = set()
    for value in sorted(template.values | template.anchors):
        chosen = value
        places = template.token_decimals.get(value) if value in template.values else None
        if places is not None:
            quantum = Decimal(1).scaleb(-places)
            for _ in range(12):
                factor = Decimal(str(round(rng.uniform(0.70, 0.95), 4)))
                candidate = (value * factor).quantize(quantum)
                if (previous < candidate < value and candidate > 0 and candidate not in used
                        and candidate not in template.token_values
                        and not (candidate == candidate.to_integral_value() and (
                            candidate <= 10 or 1900 <= candidate <= 2100))):
                    chosen = candidate
                    break
        if chosen != value:
            mapping[value] = chosen
            used.add(chosen)
        previous = chosen
    return mapping


def apply_numbers(text: str, mapping: dict[Decimal, Decimal]) -> str:
    """Rewrite every value-context occurrence of a mapped number (each keeps its decimals)."""
    if not mapping:
        return text
    pieces: list[str] = []
    pos = 0
    for m in _iter_value_tokens(text):
        token = m.group(1)
        new = mapping.get(Decimal(token))
        if new is None:
            continue
        pieces.append(text[pos:m.start()])
        pieces.append(format(new, f".{_decimals(token)}f"))
        pos = m.end()
    pieces.append(text[pos:])
    return "".join(pieces)


# ---------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------

def _names(region: Region) -> list[str]:
    return [n for n in (region.name, region.short_name) if n]


def region_substitutions(table: RegionTable, old: Region, new: Region) -> dict[str, str]:
    """Old name → new name for the region, its parent and its province (longest names first)."""
    subs: dict[str, str] = {}
    old_chain = table.chain(old)
    new_chain = table.chain(new)
    if old.level == "county":
        subs[table.display_name(old)] = table.display_name(new)
    # The region itself first: when the short names of two levels coincide (吉林市 and
    # 吉林省 are both "吉林"), the bare short name is taken to mean the document's region.
    for o, n in zip(reversed(old_chain), reversed(new_chain)):
        for old_name, new_name in ((o.name, n.name), (o.short_name, n.short_name)):
            if old_name and new_name and old_name not in subs:
                subs[old_name] = new_name
    return subs


def _substitute(text: str, pattern: re.Pattern[str] | None, subs: dict[str, str]) -> str:
    return pattern.sub(lambda m: subs[m.group()], text) if pattern is not None else text


def _compile_subs(subs: dict[str, str]) -> re.Pattern[str] | None:
    keys = [k for k, v in subs.items() if k != v]
    if not keys:
        return None
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


def candidate_regions(table: RegionTable, template: Template) -> list[Region]:
    """Real divisions that can stand in for the template's region without ambiguity in its text."""
    out = []
    for region in table:
        if not region.is_current or region.level != template.level or table.is_generic(region.name):
            continue
        if not region.short_name or len(region.short_name) < 2:
            continue
        chain = table.chain(region)
        levels = [r.level for r in chain]
        if template.level == "county" and levels != ["province", "prefecture", "county"]:
            continue  # districts of 北京市 and the like have no prefecture to substitute
        if template.level == "prefecture" and (levels != ["province", "prefecture"] or not region.name.endswith("市")):
            continue
        names = [n for r in chain for n in _names(r)]
        if any(not n or len(n) < 2 for n in names):
            continue
        shorts = [r.short_name for r in chain]
        if len(set(shorts)) != len(shorts) and template.level == "county":
            continue
        # Anything of the new chain already in the text would blur the substitution.
        if region.code != template.region.code and any(n in template.text for n in _names(region)):
            continue
        out.append(region)
    return out


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------

def _read_targets(stem: str) -> dict[str, Any] | None:
    path = EXPECTATIONS_DIR / "targets" / f"{stem}.yaml"
    if not path.exists():
        return None
    try:
        import yaml

        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except Exception as exc:  # expectations are edited by hand: a broken file is skipped, not fatal
        print(f"warning: {path.name}: {exc}", file=sys.stderr)
        return None


def _read_projects(stem: str) -> dict[str, Any] | None:
    path = EXPECTATIONS_DIR / "projects" / f"{stem}.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except Exception as exc:
        print(f"warning: {path.name}: {exc}", file=sys.stderr)
        return None


def _seed_region(stem: str, text: str, table: RegionTable) -> Region | None:
    code = SEED_REGIONS.get(stem)
    if code is None:
        from etl.extract.metadata import extract_metadata
        from etl.normalize import normalize_text

        code = extract_metadata(normalize_text(text).text, f"{stem}.txt").region_code
    return table.get(code) if code else None


def _expected_values(targets: dict[str, Any] | None, projects: dict[str, Any] | None) -> set[Decimal]:
    values: set[Decimal] = set()
    for key in ("targets", "actuals"):
        for row in (targets or {}).get(key) or []:
            if len(row) > 5 and row[5] == "multiple":
                continue  # 翻一番: the value is not written as a number
            values.add(Decimal(str(row[1])))
            extras = row[6] if len(row) > 6 and isinstance(row[6], dict) else {}
            if extras.get("value_max") is not None:
                values.add(Decimal(str(extras["value_max"])))
    for item in (projects or {}).get("list") or []:
        for m in _NUMBER_RE.finditer(item.get("investment_text") or ""):
            values.add(Decimal(m.group(1)))
    return values


def load_templates(corpus: Path = SAMPLE_CORPUS_DIR, table: RegionTable | None = None) -> list[Template]:
    table = table or load_regions()
    templates = []
    for path in sorted(corpus.glob("*.txt")):
        decoded = decode_bytes(path.read_bytes())
        if decoded.rejection is not None:
            continue
        text = decoded.text
        region = _seed_region(path.stem, text, table)
        if region is None or region.level not in ("county", "prefecture"):
            print(f"warning: {path.name}: no county/prefecture region; not used as a template", file=sys.stderr)
            continue
        targets = _read_targets(path.stem)
        projects = _read_projects(path.stem)
        template = Template(
            stem=path.stem, text=text, region=region,
            doc_kind=(targets or {}).get("doc_kind"), plan_period=(targets or {}).get("plan_period"),
            vision_year=(targets or {}).get("vision_year"),
            targets=None if targets is None else list(targets.get("targets") or []),
            actuals=None if targets is None else list(targets.get("actuals") or []),
            projects=None if projects is None else {"list": projects.get("list") or [],
                                                     "prose": projects.get("prose") or []},
        )
        for m in _NUMBER_RE.finditer(text):
            template.token_values.add(Decimal(m.group(1)))
        for m in _iter_value_tokens(text):
            value = Decimal(m.group(1))
            places = _decimals(m.group(1))
            template.token_decimals[value] = min(places, template.token_decimals.get(value, places))
        expected = _expected_values(targets, projects)
        bare = {_MAGNITUDES[m.group(1)] for m in _BARE_MAGNITUDE_RE.finditer(text)}
        unsafe = bare | {v for v in expected
                  if (v == v.to_integral_value() and v <= 10) or 1900 <= v <= 2100
                  or any(form in text for form in _chinese_forms(v))}
        template.anchors = expected
        template.values = {v for v in expected - unsafe if v in template.token_decimals}
        templates.append(template)
    return templates


# ---------------------------------------------------------------------------
# Expectations of one generated document
# ---------------------------------------------------------------------------

def _map_value(value: Any, mapping: dict[Decimal, Decimal]) -> str:
    number = Decimal(str(value))
    return str(mapping.get(number, number))


def _map_row(row: list[Any], text_map: Any, mapping: dict[Decimal, Decimal]) -> list[Any]:
    indicator, value, unit, comparator, year, kind = row[:6]
    extras = dict(row[6]) if len(row) > 6 and isinstance(row[6], dict) else {}
    extras.pop("note", None)
    if kind != "multiple":
        value = _map_value(value, mapping)
        if extras.get("value_max") is not None:
            extras["value_max"] = _map_value(extras["value_max"], mapping)
    else:
        value = str(Decimal(str(value)))
    return [text_map(str(indicator)), value, str(unit), str(comparator), int(year), str(kind), extras]


def _map_project(item: dict[str, Any], text_map: Any, mapping: dict[Decimal, Decimal]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("box", "name", "location", "sponsor", "area", "investment_text"):
        if key in item:
            out[key] = None if item[key] is None else text_map(str(item[key]))
    for key in ("ordinal", "optional"):
        if key in item:
            out[key] = item[key]
    if "investment_yi" in item:
        yi = item["investment_yi"]
        if yi is not None:
            yi = Decimal(str(yi))
            numbers = [Decimal(m.group(1)) for m in _NUMBER_RE.finditer(item.get("investment_text") or "")]
            if len(numbers) == 1 and numbers[0] in mapping and numbers[0] != 0:
                yi = yi / numbers[0] * mapping[numbers[0]]  # the unit factor (1 or 1e-4) is kept
            yi = format(yi.normalize(), "f")
        out["investment_yi"] = yi
    return out


@lru_cache(maxsize=16)
def _region_order(stem: str, n: int, seed: int) -> tuple[int, ...]:
    order = list(range(n))
    random.Random(f"{seed}:{stem}:regions").shuffle(order)
    return tuple(order)


@dataclass(slots=True)
class Generated:
    doc: str
    text: str
    expected: dict[str, Any]


def generate_one(index: int, template: Template, table: RegionTable, candidates: list[Region],
                 seed: int, attempt: int = 0, use: int = 0) -> Generated:
    """Document `index`: its template's k-th use takes the k-th region of a seeded shuffle of the
    candidates (no region repeats within a template until all are used); a retry draws at random."""
    rng = random.Random(f"{seed}:{index}:{attempt}")
    if attempt:
        region = rng.choice(candidates)
    else:
        order = _region_order(template.stem, len(candidates), seed)
        region = candidates[order[use % len(order)]]
    subs = region_substitutions(table, template.region, region)
    pattern = _compile_subs(subs)
    mapping = perturbation(template, rng)

    def text_map(s: str) -> str:
        return _substitute(apply_numbers(s, mapping), pattern, subs)

    text = text_map(template.text)
    doc = f"g{index:06d}_{template.stem[:3]}_{region.code}.txt"
    expected: dict[str, Any] = {
        "doc": doc,
        "template": template.stem,
        "region_code": region.code,
        "region_name": table.display_name(region),
        "region_level": region.level,
        "doc_kind": template.doc_kind,
        "plan_period": template.plan_period,
        "vision_year": template.vision_year,
        "substitutions": {k: v for k, v in subs.items() if k != v},
        "perturbed_values": len(mapping),
        "perturbable_values": len(template.values),
        "targets": None if template.targets is None else [_map_row(r, text_map, mapping) for r in template.targets],
        "actuals": None if template.actuals is None else [_map_row(r, text_map, mapping) for r in template.actuals],
        "projects": None if template.projects is None else {
            "list": [_map_project(i, text_map, mapping) for i in template.projects["list"]],
            "prose": [_map_project(i, text_map, mapping) for i in template.projects["prose"]],
        },
    }
    return Generated(doc, text, expected)


def seed_expectations(template: Template, table: RegionTable) -> dict[str, Any]:
    """The seed's own expectations in the generated documents' format (the accuracy baseline)."""
    return {
        "doc": f"{template.stem}.txt", "template": template.stem, "region_code": template.region.code,
        "region_name": table.display_name(template.region), "region_level": template.region.level,
        "doc_kind": template.doc_kind, "plan_period": template.plan_period, "vision_year": template.vision_year,
        "substitutions": {}, "perturbed_values": 0, "perturbable_values": len(template.values),
        "targets": None if template.targets is None else [_map_row(r, str, {}) for r in template.targets],
        "actuals": None if template.actuals is None else [_map_row(r, str, {}) for r in template.actuals],
        "projects": None if template.projects is None else {
            "list": [_map_project(i, str, {}) for i in template.projects["list"]],
            "prose": [_map_project(i, str, {}) for i in template.projects["prose"]],
        },
    }


# ---------------------------------------------------------------------------
# The corpus on disk
# ---------------------------------------------------------------------------

def _fingerprint(templates: list[Template]) -> str:
    digest = hashlib.sha256(str(GENERATOR_VERSION).encode())
    for t in templates:
        digest.update(t.stem.encode())
        digest.update(t.text.encode())
        digest.update(json.dumps([t.targets, t.actuals, t.projects], sort_keys=True, default=str,
                                 ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def doc_path(out: Path, index: int, doc: str) -> Path:
    return out / "docs" / f"part-{index // DOCS_PER_FOLDER:03d}" / doc


def generate(n: int, out: Path, *, seed: int = 2021, force: bool = False,
             progress: Any = None) -> dict[str, Any]:
    """Write N documents under out/docs/ and their expectations to out/expected.jsonl.gz.

    Reuses an existing corpus made with the same N, seed, templates and generator version.
    Returns the manifest.
    """
    table = load_regions()
    templates = load_templates(table=table)
    if not templates:
        raise RuntimeError("no usable seed documents in etl/data/corpus")
    fingerprint = _fingerprint(templates)
    manifest_path = out / "manifest.json"
    if manifest_path.exists() and not force:
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("docs") == n and manifest.get("seed") == seed and manifest.get("fingerprint") == fingerprint:
            return manifest
    started = time.monotonic()
    if (out / "docs").exists():
        import shutil

        shutil.rmtree(out / "docs")
    out.mkdir(parents=True, exist_ok=True)
    candidates = {t.stem: candidate_regions(table, t) for t in templates}
    hashes: set[bytes] = set()
    total_bytes = 0
    by_template: dict[str, int] = {}
    tmp = out / "expected.jsonl.gz.tmp"
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=5) as expected_file:
        for index in range(n):
            template = templates[index % len(templates)]
            for attempt in range(20):
                gen = generate_one(index, template, table, candidates[template.stem], seed, attempt,
                                   use=index // len(templates))
                raw = gen.text.encode("utf-8")
                digest = hashlib.sha256(raw).digest()
                if digest not in hashes:
                    break
            else:
                raise RuntimeError(
                    f"could not make document {index} unique: template {template.stem} has "
                    f"{len(template.values)} perturbable values and {len(candidates[template.stem])} candidate "
                    f"regions; use fewer documents or another seed")
            hashes.add(digest)
            path = doc_path(out, index, gen.doc)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)
            total_bytes += len(raw)
            by_template[template.stem] = by_template.get(template.stem, 0) + 1
            gen.expected["bytes"] = len(raw)
            expected_file.write(json.dumps(gen.expected, ensure_ascii=False, separators=(",", ":")))
            expected_file.write("\n")
            if progress:
                progress(index + 1, n)
    tmp.replace(out / "expected.jsonl.gz")
    manifest = {
        "docs": n, "seed": seed, "fingerprint": fingerprint, "generator_version": GENERATOR_VERSION,
        "bytes": total_bytes, "templates": by_template, "seconds": round(time.monotonic() - started, 1),
        "docs_dir": str(out / "docs"), "expected": str(out / "expected.jsonl.gz"),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def read_expected(out: Path) -> Iterator[dict[str, Any]]:
    """The expectations, one document at a time, in document-name order (as written)."""
    with gzip.open(out / "expected.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", "-n", type=int, default=100, help="number of documents (100, 1000, 10000 …)")
    parser.add_argument("--out", type=Path, default=None, help="folder (default bench/out/corpus-N)")
    parser.add_argument("--seed", type=int, default=2021, help="random seed (deterministic output)")
    parser.add_argument("--force", action="store_true", help="regenerate even if an identical corpus exists")
    args = parser.parse_args(argv)
    out = args.out or PROJECT_ROOT / "bench" / "out" / f"corpus-{args.docs}"
    manifest = generate(args.docs, out, seed=args.seed, force=args.force)
    print(json.dumps(manifest, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
