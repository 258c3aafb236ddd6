"""etl.logs: one line per event; text escapes what a file name could use to forge a line."""

from __future__ import annotations

import json
import logging

from etl.logs import JsonFormatter, TextFormatter, printable

NAME = "ok.txt\nERROR guihua: FORGED\r\x1b[31mred\u2028end"


def _record(level: int, message: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("guihua.pipeline", level, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    return record


def test_printable_escapes_control_characters_only() -> None:
    assert printable("长春市朝阳区 plan (2021–2025).txt") == "长春市朝阳区 plan (2021–2025).txt"
    assert printable(NAME) == "ok.txt\\nERROR guihua: FORGED\\r\\x1b[31mred\\u2028end"
    assert printable("tab\there") == "tab\\there"


def test_text_log_line_cannot_be_forged() -> None:
    line = TextFormatter().format(_record(logging.WARNING, "rejected %s: %s", NAME, "empty"))
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\u2028" not in line
    assert line == "warning: rejected ok.txt\\nERROR guihua: FORGED\\r\\x1b[31mred\\u2028end: empty"
    assert TextFormatter().format(_record(logging.INFO, "run 1 succeeded")) == "run 1 succeeded"


def test_json_log_line_keeps_the_name_and_stays_one_line() -> None:
    line = JsonFormatter().format(_record(logging.WARNING, "rejected %s", NAME, doc=NAME))
    assert line.splitlines() == [line]  # not even U+2028 breaks it
    record = json.loads(line)
    assert record["doc"] == NAME and record["message"] == f"rejected {NAME}" and record["level"] == "warning"
