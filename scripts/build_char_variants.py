"""Build etl/data/char_variants.csv: glyph variants of the characters of region names.

Source: the Unicode Character Database's Unihan_Variants.txt, field ``kZVariant`` (two code points
for one abstract character that differ only in glyph, e.g. 陜 U+965C and 陝 U+965D). A variant is
kept when OpenCC and GB 2312 know nothing of it (OpenCC's t2s leaves 陜 as it is) and its partner is
known to them; it is mapped to the partner's simplified form (陜 → 陕), and only when that form is a
character of some region name (the fold exists for region lookup: 寧陜縣 is 宁陕县).

    python3 scripts/build_char_variants.py PATH/TO/Unihan_Variants.txt > etl/data/char_variants.csv
"""

from __future__ import annotations

import sys

import opencc

from etl.regions import load_regions

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")


def _known(ch: str) -> bool:
    """In GB 2312, or converted by OpenCC in either direction."""
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return _T2S.convert(ch) != ch or _S2T.convert(ch) != ch


def main(path: str) -> None:
    region_chars = {ch for name in load_regions().all_names() for ch in name}
    header = ""
    folds: dict[str, set[str]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("# Unicode version") or line.startswith("# Date"):
                header += line.strip("# \n") + "; "
            if line.startswith("#") or not line.strip():
                continue
            code, field, values = line.rstrip("\n").split("\t")
            if field != "kZVariant":
                continue
            variant = chr(int(code[2:], 16))
            for value in values.split():
                partner = chr(int(value.split("<")[0][2:], 16))
                if _known(variant) or not _known(partner):
                    continue
                target = _T2S.convert(partner)
                if target in region_chars:
                    folds.setdefault(variant, set()).add(target)
    print(f"# glyph variants of region-name characters, from Unihan_Variants.txt kZVariant ({header.strip('; ')})")
    print("# built by scripts/build_char_variants.py; do not edit by hand")
    print("variant,standard,variant_code,standard_code")
    for variant in sorted(folds):
        targets = folds[variant]
        if len(targets) != 1:  # one variant, two readings: never guess
            continue
        target = targets.pop()
        print(f"{variant},{target},U+{ord(variant):04X},U+{ord(target):04X}")


if __name__ == "__main__":
    main(sys.argv[1])
