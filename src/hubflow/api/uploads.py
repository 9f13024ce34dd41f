"""Scenario uploads: an .xlsx workbook or a zip of the CSV folder, checked before reading.

Both are zip archives, so both are checked the same way before anything is unpacked: the
upload's size, the number of members, each member's name (no absolute paths, no ``..``, no
drive letters or backslashes, no links) and the declared uncompressed sizes (a zip bomb
declares a huge size or an extreme compression ratio). Only then is the archive read, into a
temporary folder, and the scenario loaded with the CLI's readers and messages.
"""

from __future__ import annotations

import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from hubflow.errors import Problem, ScenarioError
from hubflow.io import load_scenario
from hubflow.model import Scenario

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 200
MAX_RATIO = 200  # uncompressed / compressed size of one member


class UploadRefused(Exception):
    """An upload that is not read at all: ``status`` 413 (too large) or 400 (not an archive
    or a hostile one), with the reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def read_upload(filename: str, data: bytes) -> Scenario:
    """The scenario in an uploaded .xlsx or zip; ``UploadRefused`` or ``ScenarioError``."""
    name = PurePosixPath((filename or "upload").replace("\\", "/")).name or "upload"
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(413, f"{name} is {len(data)} bytes; at most {MAX_UPLOAD_BYTES}")
    with tempfile.TemporaryDirectory(prefix="hubflow-upload-") as tmp:
        archive = Path(tmp) / "upload.zip"
        archive.write_bytes(data)
        members = _checked_members(archive, name)
        workbook = any(m.filename == "xl/workbook.xml" for m in members)
        try:
            if workbook or name.lower().endswith(".xlsx"):
                path = Path(tmp) / (Path(name).stem + ".xlsx")
                archive.rename(path)
                return load_scenario(path)
            folder = _extract(archive, members, Path(tmp) / "unpacked")
            return load_scenario(folder)
        except ScenarioError as exc:
            raise _relocated(exc, tmp) from None


def _checked_members(archive: Path, name: str) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        reason = f"{name} is not an .xlsx workbook or a zip archive ({exc})"
        raise UploadRefused(400, reason) from None
    if len(members) > MAX_MEMBERS:
        raise UploadRefused(400, f"{name} has {len(members)} files; at most {MAX_MEMBERS}")
    total = 0
    for m in members:
        _check_name(m, name)
        total += m.file_size
        if m.file_size > MAX_RATIO * max(m.compress_size, 1) and m.file_size > 1024 * 1024:
            raise UploadRefused(
                400,
                f"{name}: {m.filename} unpacks {m.file_size} bytes from "
                f"{m.compress_size} (a zip bomb?)",
            )
    if total > MAX_UNPACKED_BYTES:
        raise UploadRefused(400, f"{name} unpacks to {total} bytes; at most {MAX_UNPACKED_BYTES}")
    return members


def _check_name(m: zipfile.ZipInfo, name: str) -> None:
    path = PurePosixPath(m.filename)
    mode = m.external_attr >> 16
    hostile = (
        "\\" in m.filename
        or "\x00" in m.filename
        or m.filename.startswith("/")
        or ".." in path.parts
        or (path.parts and ":" in path.parts[0])
        or stat.S_ISLNK(mode)
    )
    if hostile:
        raise UploadRefused(400, f"{name}: member name {m.filename!r} is not allowed")


def _extract(archive: Path, members: list[zipfile.ZipInfo], into: Path) -> Path:
    """Unpack the regular files, counting real bytes (a member may lie about its size);
    return the folder holding scenario.toml."""
    into.mkdir()
    written = 0
    with zipfile.ZipFile(archive) as zf:
        for m in members:
            if m.is_dir():
                continue
            target = into / m.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(m) as src, target.open("wb") as dst:
                while chunk := src.read(1 << 16):
                    written += len(chunk)
                    if written > MAX_UNPACKED_BYTES:
                        raise UploadRefused(400, "the archive unpacks to more than allowed")
                    dst.write(chunk)
    tomls = sorted(into.rglob("scenario.toml"), key=lambda p: len(p.parts))
    if not tomls:
        raise ScenarioError(
            Problem(
                "upload",
                None,
                None,
                "has no scenario.toml (expected a zip of a scenario folder or an .xlsx workbook)",
            )
        )
    return tomls[0].parent


def _relocated(exc: ScenarioError, tmp: str) -> ScenarioError:
    """The same problems with the temporary folder taken out of the file names."""

    def where(file: str) -> str:
        if not file.startswith(tmp):
            return file
        rel = file[len(tmp) :].lstrip("/")
        return rel.removeprefix("unpacked/")

    return ScenarioError([Problem(where(p.file), p.row, p.field, p.message) for p in exc.problems])
