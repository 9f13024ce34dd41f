"""Replace a folder as a whole: fill a temporary folder beside it, then rename it into place.

A reader (or ``hubflow check``) sees the complete old folder, the complete new one, or, only
where the kernel cannot swap two folders atomically and only for the instant between two
renames, no folder at all; never a mix. A run killed while filling leaves its temporary
folder ``.{name}.tmp-{pid}-XXXXXXXX`` beside the target and the target untouched; the next
write to the same target removes such folders of processes no longer running on this host.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV}


def replace_folder(target: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill(tmp)`` on a new empty folder beside ``target``, then make it ``target``.

    An existing ``target`` folder is swapped out atomically where the kernel can
    (Linux ``renameat2(RENAME_EXCHANGE)``), else renamed to ``.{name}.old-{pid}-XXXXXXXX`` just before
    the new folder is renamed into place (the one window where ``target`` is missing; a kill
    there leaves the old plan in that folder); then the old folder is removed. If ``fill``
    raises, the temporary folder is removed and ``target`` is left as it was.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(target)
    tmp = _fresh_sibling(target, "tmp")
    try:
        fill(tmp)
        _fsync_dir(tmp)
        old = _swap_in(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync_dir(target.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _fresh_sibling(target: Path, kind: str) -> Path:
    """Create and return a new empty folder ``.{name}.{kind}-{pid}-XXXXXXXX`` beside ``target``.

    ``os.mkdir`` (unlike ``tempfile.mkdtemp``) applies the umask, so the final folder gets the
    same permissions as one made with ``mkdir``.
    """
    while True:
        path = target.parent / f".{target.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue


def _remove_abandoned(target: Path) -> None:
    """Remove temporary folders beside ``target`` left by killed runs (their pid is gone).

    An ``.old-`` folder is kept while ``target`` is missing: a run killed between its two
    renames left the previous plan there, the only copy.
    """
    kinds = ("tmp", "old") if os.path.lexists(target) else ("tmp",)
    for kind in kinds:
        for path in target.parent.glob(f".{glob.escape(target.name)}.{kind}-*-*"):
            pid = path.name[len(f".{target.name}.{kind}-") :].partition("-")[0]
            if pid.isdigit() and not _running(int(pid)):
                shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists on this host (one we may not signal counts)."""
    if os.name == "nt":  # os.kill would terminate it there; never clean up
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap_in(new: Path, target: Path) -> Path | None:
    """Put ``new`` at ``target``; return where the old folder went (to delete), if any."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return None
    if _exchange(new, target):
        return new  # now holds the old folder
    old = target.parent / f".{target.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
    os.rename(target, old)
    os.rename(new, target)
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux >= 3.15, glibc >= 2.28); False where unsupported."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(b))


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - platforms without a C library handle
        return None


def _fsync_dir(folder: Path) -> None:
    """Make a folder's entries durable before it is renamed (no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
