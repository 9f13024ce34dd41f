"""The ``hubflow`` script's entry point: its last resort against running out of memory."""

from __future__ import annotations

import pytest

import hubflow.cli as cli


def test_running_out_of_memory_is_a_message_and_exit_3_not_a_traceback(monkeypatch, capsys):
    def exhausted() -> None:
        raise MemoryError

    monkeypatch.setattr(cli, "app", exhausted)
    with pytest.raises(SystemExit) as ended:
        cli.main()
    assert ended.value.code == 3
    assert "Out of memory" in capsys.readouterr().err
