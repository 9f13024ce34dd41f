import os

from hubflow.dispatch.executor import LocalExecutor


def _print_on_stdout() -> int:
    os.write(1, b"a solver banner\n")
    return 7


def test_local_workers_keep_the_callers_stdout_clean(capfd):
    """A worker's output on stdout (a solver's banner) must not reach the caller's, which may be
    carrying ``--json``; results still come back."""
    with LocalExecutor(1) as pool:
        assert pool.submit(_print_on_stdout).result() == 7
    assert "banner" not in capfd.readouterr().out
