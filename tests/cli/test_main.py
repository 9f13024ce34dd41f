"""The ``hubflow`` script's entry point: its last resort against running out of memory."""

from __future__ import annotations

import pytest

import hubflow.cli as cli
from hubflow.cli import common


def test_running_out_of_memory_is_a_message_and_exit_3_not_a_traceback(monkeypatch, capsys):
    def exhausted() -> None:
        raise MemoryError

    monkeypatch.setattr(cli, "app", exhausted)
    # main() starts the command's clock at import; later in-process commands must not inherit it
    monkeypatch.setattr(common, "COMMAND_START", None)
    with pytest.raises(SystemExit) as ended:
        cli.main()
    assert ended.value.code == 3
    assert "Out of memory" in capsys.readouterr().err
