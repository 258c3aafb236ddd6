"""Records → JSON lines (the `guihua extract` contract) and plain rows for tables."""

from __future__ import annotations

from typing import Any

import simplejson

from etl.records import to_dict


def record_json(record: Any, doc: str | None = None) -> str:
    """One record as a JSON object; Decimals are written from their exact text (no float rounding).

    `doc` names the record's document on every line (SPEC §1: a line of the stream stands on its
    own, e.g. after `jq 'select(.type=="target")'`); records that carry their own `doc` keep it.
    """
    data = to_dict(record)
    if doc is not None and "doc" not in data:
        data = {"type": data.pop("type", None), "doc": doc, **data}
    return simplejson.dumps(data, ensure_ascii=False, use_decimal=True, separators=(",", ":"))
