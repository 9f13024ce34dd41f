"""``manifest.json``: what a plan folder held when it was written, so a checker can prove it whole.

The manifest is written last, into the temporary folder, and lists every other file with its
size and SHA-256::

    {"format": "hubflow-plan-folder", "version": 1, "plan_uuid": "...", "scenario": "...",
     "created_at": "2026-11-29T20:30:00+00:00",
     "files": [{"path": "departures.csv", "bytes": 1234, "sha256": "..."}, ...]}
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from hubflow.errors import HubflowError
from hubflow.jsonsafe import json_safe

MANIFEST = "manifest.json"
FORMAT = "hubflow-plan-folder"
VERSION = 1

PLAN_FILES = (
    "plan.json",
    "itineraries.csv",
    "departures.csv",
    "trucks.csv",
    "truck_routes.csv",
    "carrier_loads.csv",
    "unserved.csv",
    "yard.csv",
    "kpis.csv",
    "scenario/scenario.toml",
)
"""Files every plan folder has; the manifest lists these and any the caller added."""


class ManifestError(HubflowError):
    """A folder has no readable manifest: not a plan folder, or one written before manifests."""


def write_json(path: Path, document: Any) -> None:
    """Write ``document`` as standard JSON (nan/inf as null), UTF-8, one space indent."""
    text = json.dumps(json_safe(document), indent=1, ensure_ascii=False, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")


def write_manifest(folder: Path, scenario: str) -> dict[str, Any]:
    """Hash every file under ``folder`` (synced to disk first) into ``folder/manifest.json``.

    Returns the manifest document; its ``plan_uuid`` is new for every folder written.
    """
    files = [_entry(folder, rel, sync=True) for rel in _files_under(folder) if rel != MANIFEST]
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "plan_uuid": str(uuid.uuid4()),
        "scenario": scenario,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": files,
    }
    write_json(folder / MANIFEST, doc)
    _fsync(folder / MANIFEST)
    return doc


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of ``folder``; raises ManifestError when it is missing or malformed."""
    path = folder / MANIFEST
    if not folder.is_dir():
        raise ManifestError(
            f"{folder} is not a folder (give a folder written by `hubflow plan --out`)"
        )
    if not path.is_file():
        raise ManifestError(
            f"{folder} has no {MANIFEST}: not a complete plan folder (give a folder written "
            "by `hubflow plan --out`; folders written before manifests must be planned again)"
        )
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{path} is not readable JSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ManifestError(f"{path} is not a hubflow plan-folder manifest")
    if doc.get("version") != VERSION:
        raise ManifestError(f"{path} has version {doc.get('version')!r}; this hubflow reads 1")
    files = doc.get("files")
    if not isinstance(files, list) or not all(_is_entry(f) for f in files):
        raise ManifestError(f"{path}: 'files' must list objects with path, bytes and sha256")
    return doc


def verify_plan_folder(folder: Path) -> list[str]:
    """Every way ``folder`` differs from its manifest, one line per file ([] when whole).

    A listed file that is missing, of another size or hash, or a plan file the manifest does
    not list. Files the manifest does not list are not problems (a user's notes; see
    :func:`unlisted_files`). Raises ManifestError when there is no usable manifest.
    """
    doc = read_manifest(folder)
    listed = {f["path"]: f for f in doc["files"]}
    problems = [
        f"{rel}: a plan file, not listed in {MANIFEST}" for rel in PLAN_FILES if rel not in listed
    ]
    present = set(_files_under(folder))
    for rel, want in sorted(listed.items()):
        if not _is_inside(rel):
            problems.append(f"{rel}: not a path inside the folder")
        elif rel not in present:
            problems.append(f"{rel}: listed in {MANIFEST} but missing")
        else:
            got = _entry(folder, rel, sync=False)
            if (got["bytes"], got["sha256"]) != (want["bytes"], want["sha256"]):
                problems.append(
                    f"{rel}: modified after the plan was written ({got['bytes']} bytes, sha256 "
                    f"{got['sha256'][:12]}…; {MANIFEST} says {want['bytes']} bytes, "
                    f"{want['sha256'][:12]}…)"
                )
    return problems


def unlisted_files(folder: Path) -> list[str]:
    """Files in ``folder`` that its manifest does not cover (added after it was written)."""
    listed = {f["path"] for f in read_manifest(folder)["files"]}
    return [rel for rel in _files_under(folder) if rel not in listed and rel != MANIFEST]


def _files_under(folder: Path) -> list[str]:
    """Relative POSIX paths of every file under ``folder`` (symlinked folders not followed)."""
    found = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            found.append((Path(root) / name).relative_to(folder).as_posix())
    return sorted(found)


def _entry(folder: Path, rel: str, *, sync: bool) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    with (folder / rel).open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
        if sync:
            os.fsync(f.fileno())
    return {"path": rel, "bytes": size, "sha256": digest.hexdigest()}


def _is_entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("path"), str)
        and isinstance(entry.get("bytes"), int)
        and isinstance(entry.get("sha256"), str)
    )


def _is_inside(rel: str) -> bool:
    path = PurePosixPath(rel)
    return not path.is_absolute() and ".." not in path.parts and rel != ""


def _fsync(path: Path) -> None:
    with path.open("rb") as f:
        os.fsync(f.fileno())
