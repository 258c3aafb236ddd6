"""The shared options (--log-format, --verbose, --debug) are defined once and accepted by every command,
before or after its name (issue 16 point 1)."""

from __future__ import annotations

import logging

import pytest
from typer.testing import CliRunner

from etl import cli
from etl.logs import JsonFormatter, TextFormatter, log_format


def _commands(group, prefix=()):  # noqa: ANN001, ANN202 - click objects
    for name, command in group.commands.items():
        if isinstance(getattr(command, "commands", None), dict):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def test_every_command_carries_the_shared_options_once() -> None:
    import typer

    root = typer.main.get_command(cli.app)
    found = list(_commands(root))
    assert len(found) >= 14
    found.append(((), root))  # `guihua --log-format json run` too
    for path, command in found:
        opts = [opt for param in command.params for opt in param.opts]
        for shared in ("--log-format", "--verbose", "--debug"):
            assert opts.count(shared) == 1, (path, opts)
        assert "--install-completion" not in opts, path


@pytest.mark.parametrize("args", [
    ["--log-format", "json", "extract", "{seed}"],
    ["extract", "{seed}", "--log-format", "json"],
])
def test_log_format_before_or_after_the_command(args: list[str], seeds: list) -> None:  # noqa: ANN001
    try:
        result = CliRunner().invoke(cli.app, [a.format(seed=seeds[2]) for a in args])
        assert result.exit_code == 0, result.output
        assert log_format() == "json"
        assert isinstance(logging.getLogger().handlers[0].formatter, JsonFormatter)
    finally:
        cli._state.update(debug=False, verbose=False, log_format="text")
        cli._configure()
    assert isinstance(logging.getLogger().handlers[0].formatter, TextFormatter)
