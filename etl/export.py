"""Records → JSON lines (the `guihua extract` contract) and plain rows for tables."""

from __future__ import annotations

from typing import Any

import simplejson

from etl.records import to_dict


def record_json(record: Any) -> str:
    """One record as a JSON object; Decimals are written from their exact text (no float rounding)."""
    return simplejson.dumps(to_dict(record), ensure_ascii=False, use_decimal=True, separators=(",", ":"))
